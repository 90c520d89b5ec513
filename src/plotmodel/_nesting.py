"""Nesting, measured the same way whatever the stack: plot files nest at most 1000 deep.

`json.loads` recurses once per level and fails when the interpreter's stack
runs out, which depends on how deep the caller already is (a worker process,
a test runner) and on the Python version. `room_for_nesting` gives it room for
more than `MAX_DEPTH` levels wherever it is called from, `deeper_than` then
tells exactly whether a parsed text went beyond the limit, and
`first_too_deep` says where: the same answer from the command line, from
``--jobs`` workers and from the library, as libyaml gives for YAML.
"""

from __future__ import annotations

import itertools
import re
import sys
from typing import Final

__all__ = ["MAX_DEPTH", "deeper_than", "first_too_deep", "room_for_nesting"]

#: The deepest nesting of lists and mappings a plot file may have: libyaml's own limit.
MAX_DEPTH: Final = 1000

# Passes that take the innermost brackets off before the depth is measured one by one.
_PASSES: Final = 16

# Frames json and the caller may need beyond one per level of nesting.
_SPARE_FRAMES: Final = 100

_ESCAPE: Final = re.compile(rb"\\.", re.DOTALL)
_STRING: Final = re.compile(rb'"[^"]*"')
_KEEP: Final = b'"[]{}'
_OTHER_BYTES: Final = bytes(byte for byte in range(256) if byte not in _KEEP)
_STEP: Final = tuple(1 if byte in b"[{" else -1 if byte in b"]}" else 0 for byte in range(256))
_NESTING: Final = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"|[\[\]{}]')


def _stack_depth() -> int:
    frame = sys._getframe()  # the one way to know how deep the caller already is
    depth = 0
    while frame is not None:
        depth += 1
        frame = frame.f_back  # type: ignore[assignment]
    return depth


class room_for_nesting:  # noqa: N801 - used as a function, in a with statement
    """Let `json.loads` go beyond `MAX_DEPTH` levels, however deep the caller is.

    A plain class rather than a generator: locating every finding in a JSON
    file enters it once per finding.
    """

    __slots__ = ("_old",)

    def __enter__(self) -> None:
        self._old = old = sys.getrecursionlimit()
        sys.setrecursionlimit(max(old, _stack_depth() + MAX_DEPTH + _SPARE_FRAMES))

    def __exit__(self, *exc: object) -> None:
        sys.setrecursionlimit(self._old)


def deeper_than(text: str, limit: int = MAX_DEPTH) -> bool:
    """Whether JSON ``text`` (valid, or cut short) nests lists and mappings deeper than ``limit``.

    Works on bytes at C speed: escapes are dropped, then everything but quotes
    and brackets, then the strings (pairs of quotes and the brackets inside them).
    """
    data = text.encode("utf-8", "surrogatepass")
    if b"\\" in data:
        data = _ESCAPE.sub(b"", data)
    marks = data.translate(None, _OTHER_BYTES)
    if len(marks) <= limit:
        return False  # too few brackets to open that many levels
    # Most strings hold no bracket: each is then two quotes side by side.
    marks = marks.replace(b'""', b"")
    if b'"' in marks:
        marks = _STRING.sub(b"", marks)
        # A string left open by a syntax error runs to the end.
        marks = marks.partition(b'"')[0]
    # Innermost pairs are side by side: each pass takes one or two levels off. Plots are
    # shallow, so a few passes empty them; anything deeper is measured one bracket at a time.
    left = marks
    for passes in range(1, _PASSES + 1):
        left = left.replace(b"[]", b"").replace(b"{}", b"")
        if not left:
            if 2 * passes <= limit:
                return False
            break
    return max(itertools.accumulate(map(_STEP.__getitem__, marks)), default=0) > limit


def first_too_deep(text: str, limit: int = MAX_DEPTH) -> int | None:
    """The offset of the first bracket nested deeper than ``limit`` in JSON text, if any."""
    depth = 0
    for token in _NESTING.finditer(text):
        mark = token.group()
        if mark in "[{":
            depth += 1
            if depth > limit:
                return token.start()
        elif mark in "]}":
            depth -= 1
    return None
