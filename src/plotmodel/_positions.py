"""Where each value of a plot file is written, for any document path a finding carries.

A position is a character offset in the text. A YAML file's positions come
from its one parse: `plotmodel._yaml.read_yaml` records, beside the data, a
*place* for every value. A scalar's place is its offset; a list's is a Python
list of its offset and its items' places; a mapping's is a `Keys` list of its
offset and, for each key as written (repeats and refused keys included), the
key, the key's offset and the value's place.

JSON's parser (`json.loads`) records no positions, and a valid file never
needs one. When a finding must be located, `JsonPositions` reads only the
containers on the finding's path, once each: it steps from value to value
and skips each one it does not enter with json's own scanner, in C.

Both answer through one walk, so a path means the same in either format,
however deep it goes (into effects, records given in place of ids, lists
nested in list items) and whatever the keys are named. Offsets become lines
and columns as editors count them, only for the positions asked.
"""

from __future__ import annotations

import bisect
import json
import re
from typing import Any, Final

from plotmodel._nesting import room_for_nesting
from plotmodel.diagnostics import DocPath

__all__ = [
    "KEY_ALIASES",
    "JsonPositions",
    "Keys",
    "Lines",
    "Place",
    "YamlPositions",
    "offset_position",
]

#: Other spellings a key may have in a file: model names and short forms.
KEY_ALIASES: Final[dict[str, tuple[str, ...]]] = {
    "agents": ("agent",),
    "from_": ("from",),
    "format": ("plotmodel",),
}

#: Keys whose value is one item written in place of a one-item list (``agent: x``).
_ONE_ITEM: Final = frozenset({"agent"})

#: A value's place: its offset (a scalar), or a list or `Keys` starting with it.
Place = Any

#: The fewest characters between two marks `Lines` keeps.
_SPACING: Final = 4096


class Lines:
    """Lines and columns of character offsets in one text, as editors count them.

    Lines end at a line feed, a carriage return or both; nothing else breaks a
    line (YAML 1.1, and so libyaml, also ends lines at U+0085, U+2028 and
    U+2029). Each offset is counted on from the nearest mark before it, and an
    offset counted far from its mark becomes a mark: locating many findings
    counts each stretch of the text about once, and the marks stay sparse
    (one per `_SPACING` characters at most), so keeping them in order costs
    little however many offsets are asked.
    """

    def __init__(self, text: str) -> None:
        """Count lines in ``text``, only as far as offsets are asked."""
        self._text = text
        # most texts end their lines with line feeds alone: then only those need counting
        self._returns = "\r" in text
        # offsets asked so far: (offset, 0-based line, offset where that line starts)
        self._marks: list[tuple[int, int, int]] = [(0, 0, 0)]

    def at(self, offset: int) -> tuple[int, int]:
        """The 1-based line and column of ``offset`` (kept within the text)."""
        text = self._text
        offset = max(0, min(offset, len(text)))
        marks = self._marks
        at = bisect.bisect_right(marks, (offset, len(text) + 1, 0)) - 1
        start, line, line_start = marks[at]
        if self._returns:
            line += (
                text.count("\n", start, offset)
                + text.count("\r", start, offset)
                - text.count("\r\n", start, offset)
            )
            after_break = max(text.rfind("\n", start, offset), text.rfind("\r", start, offset))
        else:
            line += text.count("\n", start, offset)
            after_break = text.rfind("\n", start, offset)
        if after_break >= 0:
            line_start = after_break + 1
        if offset - start > _SPACING:
            marks.insert(at + 1, (offset, line, line_start))
        return line + 1, offset - line_start + 1


def offset_position(text: str, offset: int) -> tuple[int, int]:
    """The 1-based line and column of one character offset in ``text``, as editors count them."""
    return Lines(text).at(offset)


class Keys(list[Any]):
    """A mapping's place: its position, then the key, key position and value place of each key."""

    __slots__ = ()


class _Positions:
    """The walk and the line count every source shares; subclasses say how to read a place."""

    def __init__(self, file: str, text: str) -> None:
        self._file = file
        self._text = text
        self._lines = Lines(text)
        # each path asked, once: findings often point to the same place (the death a
        # dozen findings relate to)
        self._asked: dict[DocPath, tuple[int, int] | None] = {}

    @property
    def file(self) -> str:
        """The file's name as the user gave it."""
        return self._file

    # -- what a subclass provides -------------------------------------------

    def _root(self) -> Place | None:
        raise NotImplementedError

    def _start(self, place: Place) -> int:
        """The offset where the value at ``place`` starts."""
        raise NotImplementedError

    def _item(self, place: Place, index: int) -> Place | None:
        """Item ``index`` of the list at ``place``; ``None`` if it is no list or too short."""
        raise NotImplementedError

    def _entries(self, place: Place, name: str, *, every: bool) -> list[tuple[int, Place]]:
        """The (key position, value place) of key ``name`` at ``place``, in file order.

        Only the first unless ``every``; none if ``place`` is no mapping.
        """
        raise NotImplementedError

    def _only(self, place: Place) -> Place | None:
        """The value of the mapping at ``place`` when it has exactly one key."""
        raise NotImplementedError

    # -- the walk -------------------------------------------------------------

    def _entry(self, place: Place, step: str | int, last: bool) -> tuple[int, Place, str] | None:
        names = (step, *KEY_ALIASES.get(step, ())) if isinstance(step, str) else (str(step),)
        for name in names:
            found = self._entries(place, name, every=last)
            if found:
                return (*(found[-1] if last else found[0]), name)
        return None

    def _walk(self, path: DocPath, *, last: bool = False) -> tuple[int | None, int | None]:
        """The deepest value's position on ``path`` and, if the last step was a key, the key's."""
        place = self._root()
        if place is None:
            return None, None
        key_position: int | None = None
        one_item = False  # the value is one item written in place of a list
        for depth, step in enumerate(path, 1):
            key_position = None
            if isinstance(step, int):
                item = self._item(place, step)
                if item is not None:
                    place = item
                    continue
                if one_item and step == 0 and depth < len(path):
                    continue  # a step into the record itself
            found = self._entry(place, step, last)
            if found is None:
                # An effect's one key names its kind: the model's fields are inside.
                inner = self._only(place)
                if inner is None:
                    break
                found = self._entry(inner, step, last)
                if found is None:
                    place = inner
                    continue
            key_position, place, name = found
            one_item = name in _ONE_ITEM
        return self._start(place), key_position

    def position(self, path: DocPath) -> tuple[int, int] | None:
        """The 1-based line and column of the deepest value found on ``path``."""
        if path in self._asked:
            return self._asked[path]
        found, _ = self._walk(path)
        position = self._asked[path] = None if found is None else self._lines.at(found)
        return position

    def key_position(self, path: DocPath, *, last: bool = False) -> tuple[int, int] | None:
        """Where the key ending ``path`` is written, or the nearest value if it is not a key.

        Args:
            path: The document path.
            last: Take the last of repeated keys rather than the first.
        """
        found, key = self._walk(path, last=last)
        found = key if key is not None else found
        return None if found is None else self._lines.at(found)


class YamlPositions(_Positions):
    """Positions in a YAML text, recorded by its one parse. Implements `SourceMap`."""

    def __init__(self, file: str, text: str, root: Place | None) -> None:
        """Answer from the places ``read_yaml`` recorded.

        Args:
            file: The file's name as the user gave it.
            text: The text that was read.
            root: The document's place, or ``None`` if the text held none.
        """
        super().__init__(file, text)
        self._places = root

    def _root(self) -> Place | None:
        return self._places

    def _start(self, place: Place) -> int:
        return place if type(place) is int else int(place[0])

    def _item(self, place: Place, index: int) -> Place | None:
        if type(place) is list and 0 <= index < len(place) - 1:
            return place[index + 1]
        return None

    def _entries(self, place: Place, name: str, *, every: bool) -> list[tuple[int, Place]]:
        if type(place) is not Keys:
            return []
        found = []
        for at in range(1, len(place), 3):
            if place[at] == name:
                found.append((place[at + 1], place[at + 2]))
                if not every:
                    break
        return found

    def _only(self, place: Place) -> Place | None:
        return place[3] if type(place) is Keys and len(place) == 4 else None


_BLANK: Final = re.compile(r"[ \t\n\r]*")
# What comes between two values of a list or a mapping (before the first, only blanks),
# and between a key and its value: in a valid text, read in one match each.
_SEPARATOR: Final = re.compile(r"[ \t\n\r]*(?:,[ \t\n\r]*)?")
_COLON: Final = re.compile(r"[ \t\n\r]*:[ \t\n\r]*")


class _Open:
    """A JSON list or mapping being read: the values found so far, and where reading resumes."""

    __slots__ = ("closed", "end", "entries", "mapping", "resume")

    def __init__(self, start: int, *, mapping: bool) -> None:
        self.mapping = mapping
        # list: item offsets; mapping: (key, key offset, value offset) triples, flat
        self.entries: list[Any] = []
        self.resume: int | None = start + 1  # None while the last value found is not passed yet
        self.closed = False
        self.end = start + 1


class JsonPositions(_Positions):
    """Positions in a JSON text, read only where a finding asks. Implements `SourceMap`.

    Each list or mapping on an asked path is read from value to value, as far
    as the question needs, and remembered; a value not entered is skipped by
    json's scanner. So every character is scanned about once, however many
    findings there are, and a clean file costs nothing.
    """

    def __init__(self, file: str, text: str) -> None:
        """Remember ``text``, valid JSON, under the name ``file``.

        Args:
            file: The file's name as the user gave it.
            text: The text `json.loads` read.
        """
        super().__init__(file, text)
        self._open: dict[int, _Open] = {}
        # values are built and dropped: numbers stay text, as no number of digits is refused
        decoder = json.JSONDecoder(parse_int=str, parse_float=str, parse_constant=str)
        self._scan = json.scanner.make_scanner(decoder)  # type: ignore[attr-defined]
        self._start_offset = _BLANK.match(text).end()  # type: ignore[union-attr]

    def _walk(self, path: DocPath, *, last: bool = False) -> tuple[int | None, int | None]:
        # json's scanner recurses once per level, as `json.loads` did on the same text
        with room_for_nesting():
            return super()._walk(path, last=last)

    def _root(self) -> Place | None:
        return self._start_offset if self._start_offset < len(self._text) else None

    def _start(self, place: Place) -> int:
        return int(place)

    def _opened(self, place: int, bracket: str) -> _Open | None:
        if self._text[place] != bracket:
            return None
        found = self._open.get(place)
        if found is None:
            found = self._open[place] = _Open(place, mapping=bracket == "{")
        return found

    def _advance(self, container: _Open) -> bool:
        """Read one more value of ``container``; whether there was one."""
        text = self._text
        if container.closed:
            return False
        if container.resume is None:
            # pass the last value found, finishing it if it was entered
            last = container.entries[-1]
            entered = self._open.get(last)
            if entered is not None:
                while self._advance(entered):
                    pass
                after = entered.end
            else:
                after = self._scan(text, last)[1]
            container.resume = after
        at = _SEPARATOR.match(text, container.resume).end()  # type: ignore[union-attr]
        if text[at] in "]}":
            container.closed = True
            container.end = at + 1
            return False
        if container.mapping:
            # a key, then a colon, then its value
            key, after_key = json.decoder.scanstring(text, at + 1)  # type: ignore[attr-defined]
            value = _COLON.match(text, after_key).end()  # type: ignore[union-attr]
            container.entries += (key, at, value)
        else:
            container.entries.append(at)
        container.resume = None
        return True

    def _item(self, place: Place, index: int) -> Place | None:
        container = self._opened(place, "[")
        if container is None or index < 0:
            return None
        while len(container.entries) <= index:
            if not self._advance(container):
                return None
        return container.entries[index]

    def _entries(self, place: Place, name: str, *, every: bool) -> list[tuple[int, Place]]:
        container = self._opened(place, "{")
        if container is None:
            return []
        found = []
        entries = container.entries
        seen = 0
        while True:
            for at in range(seen, len(entries), 3):
                if entries[at] == name:
                    found.append((entries[at + 1], entries[at + 2]))
                    if not every:
                        return found
            seen = len(entries)
            if not self._advance(container):
                return found

    def _only(self, place: Place) -> Place | None:
        container = self._opened(place, "{")
        if container is None:
            return None
        while self._advance(container):
            if len(container.entries) > 3:
                return None
        return container.entries[2] if len(container.entries) == 3 else None
