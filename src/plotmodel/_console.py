"""The ``plotmodel`` console command: Ctrl-C answered from its first line to its last.

The command's modules take a moment to import; an interrupt then, or while
the command is already exiting, must end in the same one line as any other
interrupt, never in a traceback. So this module imports nothing of plotmodel
before the interrupt is in hand, and takes only the first Ctrl-C: one
interrupt, one line.
"""

from __future__ import annotations

import contextlib
import signal
import sys
from types import FrameType

__all__ = ["run"]

_INTERRUPTED = 130  # plotmodel.cli.EXIT_INTERRUPTED, known before the command is imported


def _interrupt_once(_signal: int, _frame: FrameType | None) -> None:
    # The first Ctrl-C stops the command; any later one would only interrupt its answer.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    raise KeyboardInterrupt


def run() -> None:
    """Run the command line and exit with its status."""
    signal.signal(signal.SIGINT, _interrupt_once)
    try:
        from plotmodel.cli import main  # noqa: PLC0415 - imported once the interrupt is in hand

        status = main()
    except KeyboardInterrupt:
        if sys.stderr is not None:
            with contextlib.suppress(OSError, ValueError):
                print("plotmodel: interrupted", file=sys.stderr, flush=True)
        status = _INTERRUPTED
    # Exiting waits for workers and flushes output: nothing may interrupt it into a traceback.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    sys.exit(status)
