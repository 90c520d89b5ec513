"""Text helpers every layer shares: user text quoted safely for a one-line message.

Ids, names and questions come from files written by strangers. Whatever a
message, a report or a timeline prints of them goes through `quote` or
`escape`, so a control character, a bidirectional override or a line break in
a name can never forge an output line or reorder what a terminal shows.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Final

__all__ = ["QUOTE_AT_MOST", "escape", "paused_gc", "quote"]

#: Longer quoted text is cut, so a hostile value cannot flood a one-line message.
QUOTE_AT_MOST: Final = 80


def escape(text: str) -> str:
    """``text`` with every character that is not printable written as a Python escape."""
    if text.isprintable():
        return text
    return "".join(ch if ch.isprintable() else repr(ch)[1:-1] for ch in text)


def quote(text: str) -> str:
    """Text in quotes for a one-line message; control characters come out escaped."""
    if len(text) > QUOTE_AT_MOST:
        return quote(text[: QUOTE_AT_MOST - 20]) + f"... ({len(text):,} characters)"
    if text.isprintable() and "'" not in text:
        return f"'{text}'"
    return repr(str(text))


@contextmanager
def paused_gc() -> Iterator[None]:
    """Pause the garbage collector: freshly built plot data has no cycles to collect."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
