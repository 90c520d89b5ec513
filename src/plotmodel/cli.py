"""The ``plotmodel`` command: validate plot files like a linter, show a plot's timeline.

All the work is in the library; this module reads arguments, calls it, and
turns the outcome into output and an exit status: 0 when no error is found
(warnings and info do not fail), 1 when any error is, 2 for usage errors,
unreadable files and internal errors. It never prints a traceback.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import sys

from plotmodel import __version__
from plotmodel._files import DEFAULT_MAX_BYTES
from plotmodel._text import escape, paused_gc

# The library, and even `typing`, are imported when a command first needs
# them, so that `--version` and `--help` cost little more than the
# interpreter's own start. Type checkers treat any name TYPE_CHECKING as true.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable, Iterator, Mapping, Sequence
    from typing import Any, Final, TextIO

    from plotmodel.diagnostics import Diagnostic
    from plotmodel.model import Plot
    from plotmodel.reporting import FileReport

__all__ = [
    "EXIT_CLEAN",
    "EXIT_ERRORS",
    "EXIT_INTERRUPTED",
    "EXIT_USAGE",
    "main",
    "validate_file",
]

EXIT_CLEAN: Final = 0
EXIT_ERRORS: Final = 1
EXIT_USAGE: Final = 2
EXIT_INTERRUPTED: Final = 130

_UNREADABLE: Final = "PM001"
_CONFIG: Final = "PM017"  # plotmodel.config.CONFIG_CODE, without importing the settings reader
_CRASHED: Final = "PM018"
# Findings that leave a file unchecked: the command could not do what it was asked.
_CANNOT_CHECK: Final = frozenset({_UNREADABLE, _CONFIG, _CRASHED})


class _Options:
    """What ``validate`` needs for each file, small enough to send to a worker process."""

    __slots__ = ("ignore", "max_bytes", "select")

    def __init__(self, *, select: tuple[str, ...], ignore: tuple[str, ...], max_bytes: int) -> None:
        self.select = select
        self.ignore = ignore
        self.max_bytes = max_bytes


def _codes(values: Sequence[str] | None) -> tuple[str, ...]:
    """Split ``--select PM3,PM701 --select PM8`` into single selectors."""
    return tuple(
        code.strip() for value in values or () for code in value.split(",") if code.strip()
    )


def validate_file(
    file: str,
    *,
    select: Sequence[str] = (),
    ignore: Sequence[str] = (),
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> FileReport:
    """Load one plot file and, when it loads soundly, run every enabled rule on it.

    Args:
        file: The plot file.
        select: Only these rules (codes, family prefixes or slugs).
        ignore: Never these rules.
        max_bytes: Refuse files larger than this.

    Returns:
        Every finding for the file, silenced ones included, sorted by position.
    """
    return _check_file(file, select, ignore, max_bytes)[1]


def _check_file(
    file: str, select: Sequence[str], ignore: Sequence[str], max_bytes: int
) -> tuple[Plot | None, FileReport]:
    """Load and check one file: the plot (if it was built) and every finding."""
    # Collector passes over a large plot's millions of objects cost more than the check itself.
    with paused_gc():
        refused = _settings_problem(file)
        if refused is not None:
            return None, _without_rules(file, max_bytes, refused)
        return _check_paused(file, select, ignore, max_bytes)


def _settings_problem(file: str) -> Diagnostic | None:
    """What is wrong with the project settings that apply to ``file``, if anything."""
    from plotmodel.config import ConfigError, project_settings  # noqa: PLC0415 - as below

    try:
        project_settings(os.path.dirname(os.path.abspath(file)))
    except ConfigError as error:
        return error.diagnostic
    return None


def _without_rules(file: str, max_bytes: int, refused: Diagnostic) -> FileReport:
    """The file's loading findings after the settings' own: no rule runs on unknown settings."""
    from plotmodel.loading import load  # noqa: PLC0415 - see the module's imports
    from plotmodel.reporting import FileReport  # noqa: PLC0415 - as above

    loaded = load(file, max_bytes=max_bytes)
    return FileReport(file, (refused, *loaded.diagnostics))


def _check_paused(
    file: str, select: Sequence[str], ignore: Sequence[str], max_bytes: int
) -> tuple[Plot | None, FileReport]:
    from plotmodel.loading import load  # noqa: PLC0415 - see the module's imports
    from plotmodel.reporting import FileReport  # noqa: PLC0415 - as above

    loaded = load(file, max_bytes=max_bytes)
    from plotmodel.checking import check  # noqa: PLC0415 - the rule set loads only when needed
    from plotmodel.config import project_settings  # noqa: PLC0415 - as above

    project = None
    if loaded.plot is not None or loaded.partial is not None:
        project = project_settings(os.path.dirname(os.path.abspath(file)))
    found = check(loaded, select=select, ignore=ignore, project=project)
    return loaded.plot, FileReport(file, tuple(found))


def _validate_one(file: str, options: _Options) -> FileReport:
    return validate_file(
        file, select=options.select, ignore=options.ignore, max_bytes=options.max_bytes
    )


def _validate_chunk(chunk: Sequence[tuple[str, _Options]]) -> list[FileReport]:
    return [_validate_one(file, options) for file, options in chunk]


def _crashed(item: tuple[str, _Options]) -> FileReport:
    from plotmodel.diagnostics import Diagnostic, Location  # noqa: PLC0415 - as above
    from plotmodel.reporting import FileReport  # noqa: PLC0415 - as above

    file, _ = item
    message = (
        "the process checking this file stopped abruptly, twice (out of memory, or a crash): "
        "the file was not checked"
    )
    return FileReport(
        file,
        (
            Diagnostic(
                code=_CRASHED, rule="check-crashed", message=message, location=Location(file=file)
            ),
        ),
    )


def _validate_all(files: Sequence[str], options: _Options, jobs: int) -> list[FileReport]:
    # No more processes than files: each would cost a start-up and check nothing.
    if min(jobs, len(files)) <= 1:
        return [_validate_one(file, options) for file in files]
    from plotmodel._parallel import in_processes  # noqa: PLC0415 - only --jobs needs it

    return in_processes(_validate_chunk, [(file, options) for file in files], jobs, _crashed)


def _run_validate(args: argparse.Namespace, out: TextIO | None) -> tuple[int, str]:
    options = _Options(
        select=_codes(args.select), ignore=_codes(args.ignore), max_bytes=args.max_bytes
    )
    jobs = args.jobs if args.jobs is not None else (os.cpu_count() or 1)
    reports = _once_each(_validate_all(args.files, options, jobs))
    return _status(reports), _reporters()[args.format](reports, show_silenced=args.show_silenced)


def _reporters() -> Mapping[str, Callable[..., str]]:
    from plotmodel.reporting import REPORTERS  # noqa: PLC0415 - see the module's imports

    return REPORTERS


class _Formats:
    """The output formats ``--format`` accepts: the reporters' names, read when first asked."""

    def __contains__(self, name: object) -> bool:
        return name in _reporters()

    def __iter__(self) -> Iterator[str]:
        return iter(sorted(_reporters()))


def _once_each(reports: list[FileReport]) -> list[FileReport]:
    """Report a broken pyproject.toml once, with the first plot it applies to."""
    from plotmodel.reporting import FileReport  # noqa: PLC0415 - see the module's imports

    seen: set[tuple[str, str]] = set()
    kept = []
    for report in reports:
        diagnostics = []
        for found in report.diagnostics:
            if found.code == _CONFIG:
                key = (str(found.location), found.message)
                if key in seen:
                    continue
                seen.add(key)
            diagnostics.append(found)
        kept.append(FileReport(report.file, tuple(diagnostics)))
    return kept


def _status(reports: Sequence[FileReport]) -> int:
    """The exit status the findings deserve."""
    from plotmodel.diagnostics import Severity  # noqa: PLC0415 - see the module's imports

    diagnostics = [d for r in reports for d in r.diagnostics]
    if any(d.code in _CANNOT_CHECK for d in diagnostics):
        return EXIT_USAGE
    if any(d.severity is Severity.ERROR and d.silenced is None for d in diagnostics):
        return EXIT_ERRORS
    return EXIT_CLEAN


def _run_show(args: argparse.Namespace, out: TextIO | None) -> tuple[int, str]:
    from plotmodel.diagnostics import Severity  # noqa: PLC0415 - see the module's imports
    from plotmodel.reporting import report_text  # noqa: PLC0415 - only on failure
    from plotmodel.telling import tell  # noqa: PLC0415 - only show needs it

    plot, report = _check_file(args.file, (), (), args.max_bytes)
    failed = any(d.severity is Severity.ERROR and d.silenced is None for d in report.diagnostics)
    if plot is None or failed:
        return max(_status([report]), EXIT_ERRORS), report_text([report])
    colour = out is not None and out.isatty() and "NO_COLOR" not in os.environ
    return EXIT_CLEAN, tell(_escaped(plot), order=args.order, colour=colour)


def _escaped(value: Any) -> Any:
    """A copy of ``value`` (a plot, or any part of one) with every text in it escaped.

    The timeline prints ids, names and questions; escaped first, none of them can
    forge a line or send a control character to the terminal. Parts without such
    characters are kept as they are, so a clean plot is returned unchanged.
    """
    import attrs  # noqa: PLC0415 - see the module's imports

    if isinstance(value, str):
        return escape(value)
    if isinstance(value, tuple):
        items = tuple(_escaped(item) for item in value)
        return value if all(a is b for a, b in zip(items, value, strict=True)) else items
    if attrs.has(type(value)):
        changes = {}
        for field in attrs.fields(type(value)):
            old = getattr(value, field.name)
            new = _escaped(old)
            if new is not old:
                changes[field.name] = new
        return attrs.evolve(value, **changes) if changes else value
    return value


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a number of at least 1, got {value}")
    return value


class _Version(argparse.Action):
    """Print the version, which the package states itself: no package metadata is read."""

    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        values: object,
        option_string: str | None = None,
    ) -> None:
        parser.exit(message=f"plotmodel {__version__}\n")


def build_parser() -> argparse.ArgumentParser:
    """The argument parser for every ``plotmodel`` command."""
    parser = argparse.ArgumentParser(
        prog="plotmodel",
        description="Check film plots for plot holes and show them as timelines.",
    )
    parser.add_argument("--version", action=_Version, nargs=0, help="print the version and exit")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    validate = commands.add_parser(
        "validate",
        help="load plot files and report every problem",
        description="Load plot files, check them for plot holes, report every finding.",
    )
    validate.add_argument("files", nargs="+", metavar="FILE", help="plot files (YAML or JSON)")
    validate.add_argument(
        "--format",
        choices=_Formats(),
        default="text",
        metavar="FORMAT",
        help="output format: %(choices)s (default: %(default)s)",
    )
    validate.add_argument(
        "--select",
        action="append",
        metavar="CODES",
        help="only these rules: codes, family prefixes or slugs, comma-separated",
    )
    validate.add_argument(
        "--ignore", action="append", metavar="CODES", help="never these rules, comma-separated"
    )
    validate.add_argument(
        "--show-silenced",
        action="store_true",
        help="also show findings the plot silences, with their reasons",
    )
    validate.add_argument(
        "--max-bytes",
        type=_positive,
        default=DEFAULT_MAX_BYTES,
        metavar="N",
        help=f"refuse files larger than N bytes (default: {DEFAULT_MAX_BYTES})",
    )
    validate.add_argument(
        "--jobs",
        type=_positive,
        metavar="N",
        help="check files in N processes (default: the number of cores)",
    )

    show = commands.add_parser(
        "show",
        help="print a plot's timeline",
        description="Print a plot's events as a timeline, with open threads and setups.",
    )
    show.add_argument("file", metavar="FILE", help="the plot file")
    show.add_argument(
        "--order",
        choices=("story", "screen"),
        default="story",
        help="story (chronological, default) or screen (as the film shows it)",
    )
    show.add_argument(
        "--max-bytes", type=_positive, default=DEFAULT_MAX_BYTES, metavar="N", help="as validate"
    )
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the ``plotmodel`` command and return its exit status.

    Ctrl-C at any moment ends it with one line and the status 130. A standard
    output closed early (``plotmodel validate ... | head``) ends it quietly,
    with the status the findings deserve.

    Args:
        argv: The arguments after the program name; ``sys.argv[1:]`` when ``None``.
    """
    try:
        status = _main(argv)
    except KeyboardInterrupt:
        _say("plotmodel: interrupted")
        status = EXIT_INTERRUPTED
    # Written out now, while a closed output can still be told apart from a failure.
    _flush(sys.stdout)
    return status


def _main(argv: list[str] | None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as stop:
        # argparse exits on --help, --version and usage errors; report its status instead.
        return stop.code if isinstance(stop.code, int) else EXIT_USAGE
    out = sys.stdout
    try:
        if args.command == "validate":
            status, text = _run_validate(args, out)
        else:
            status, text = _run_show(args, out)
    except Exception as error:  # the user sees one line, never a traceback
        message = str(error).splitlines()[0] if str(error) else ""
        _say(escape(f"plotmodel: internal error: {type(error).__name__}: {message}"))
        return EXIT_USAGE
    _write(out, text)
    return status


def _write(out: TextIO | None, text: str) -> None:
    """Write the output; a reader that went away is no failure, so it is not reported."""
    if out is None:
        return  # started without a standard output: the status says it all
    try:
        out.write(text)
        out.flush()
    except (OSError, ValueError):
        _discard(out)


def _flush(out: TextIO | None) -> None:
    if out is None:
        return
    try:
        out.flush()
    except (OSError, ValueError):
        _discard(out)


def _discard(out: TextIO) -> None:
    """Send what is left of a closed output nowhere, so that exiting does not fail on it."""
    with contextlib.suppress(OSError, ValueError, io.UnsupportedOperation):
        nowhere = os.open(os.devnull, os.O_WRONLY)
        try:
            os.dup2(nowhere, out.fileno())
        finally:
            os.close(nowhere)


def _say(line: str) -> None:
    """One line on standard error, if there is one to write to."""
    if sys.stderr is None:
        return
    with contextlib.suppress(OSError, ValueError):
        print(line, file=sys.stderr, flush=True)
