"""Text helpers every layer shares: user text quoted safely for a one-line message.

Ids, names and questions come from files written by strangers. Whatever a
message, a report or a timeline prints of them goes through `quote` or
`escape`, so a control character, a bidirectional override or a line break in
a name can never forge an output line or reorder what a terminal shows.
"""

from __future__ import annotations

import gc
from contextlib import contextmanager

# `typing` is left to type checkers (which treat any name TYPE_CHECKING as true):
# the command line imports this module before it needs typing for anything else.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator
    from typing import Final

__all__ = ["QUOTE_AT_MOST", "escape", "is_shown", "paused_gc", "quote"]

#: Longer quoted text is cut, so a hostile value cannot flood a one-line message.
QUOTE_AT_MOST: Final = 80

# Spaces and the joiners that scripts and emoji sequences need: `str.isprintable` refuses
# them, but none breaks a line, moves the cursor or reorders the text around it.
_HARMLESS: Final = frozenset(
    "\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a"
    "\u202f\u205f\u3000\u200c\u200d"
)


def is_shown(character: str) -> bool:
    """Whether ``character`` may reach a terminal as it is.

    Control characters, line and paragraph separators, bidirectional marks,
    overrides and isolates, other format characters, lone surrogates, private
    use and unassigned code points may not; they are written as escapes.
    """
    return character.isprintable() or character in _HARMLESS


def escape(text: str) -> str:
    """``text`` with every character a terminal must not see raw written as a Python escape.

    Backslashes are left alone, so escaping text twice changes nothing more.
    """
    if text.isprintable():
        return text
    return "".join(ch if is_shown(ch) else repr(ch)[1:-1] for ch in text)


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
