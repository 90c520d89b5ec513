"""What an editor asks of a plot file: where each id is written, what the cursor is on, edits.

A `PlotText` is the text of a plot file with what loading it gave. It knows
where every id is written, as its element's ``id`` (the definition) or as a
reference in a field that declares the kinds it accepts; which id, key or
value the cursor is on, and what that place accepts; the outline of the
plot's elements; and how to rename an id everywhere. Positions are 1-based
lines and columns as editors count them (a line ends at LF, CR or CRLF), in
characters. A file with errors still answers for everything that loaded:
the parts cut out of it are the only ones it does not know.

The language server (``plotmodel lsp``) is a thin layer over this module,
the loader, `plotmodel.check` and the story state.
"""

from __future__ import annotations

import enum
import functools
import re
import types
import typing
from collections.abc import Callable, Iterable, Sequence
from typing import Any, Final

import attrs
from attrs import frozen

from plotmodel import _layout
from plotmodel._layout import Change, Layout, Lines, Node, Stopped, _json_as_yaml
from plotmodel.diagnostics import DocPath
from plotmodel.index import PlotIndex
from plotmodel.loading import Format, Loaded, loads
from plotmodel.model import (
    AUDIENCE,
    EFFECT_KINDS,
    Effect,
    Event,
    Kind,
    Participant,
    Plot,
    ReferenceField,
    file_key,
    reference_fields,
)
from plotmodel.references import references, references_in

__all__ = ["Edit", "Occurrence", "PlotText", "Section", "Slot", "Symbol", "TextRange"]

_ID: Final = re.compile(r"\S+")
_KINDS: Final = {kind.value: kind for kind in Kind}
# The format's version key at the start of a line: how a plot file says it is one.
_FORMAT_KEY: Final = re.compile(r"""^[ \t{]*["']?plotmodel["']?[ \t]*:""", re.MULTILINE)


@frozen(order=True)
class TextRange:
    """A stretch of a file, from a 1-based line and column up to (not including) another.

    Attributes:
        line: The first line.
        column: The first character's column.
        end_line: The last line.
        end_column: The column just after the last character.
    """

    line: int
    column: int
    end_line: int
    end_column: int

    def holds(self, line: int, column: int) -> bool:
        """Whether a cursor at ``line`` and ``column`` touches the range (either end counts)."""
        return (self.line, self.column) <= (line, column) <= (self.end_line, self.end_column)


@frozen
class Occurrence:
    """One place an id is written: its element's ``id``, or a reference to it.

    Attributes:
        id: The id.
        path: Where it is in the plot document (as the file writes it).
        field: The field of a reference, with the kinds it accepts; ``None``
            for the definition.
        range: Where it is written, quotes included.
    """

    id: str
    path: DocPath
    field: ReferenceField | None
    range: TextRange

    @property
    def is_definition(self) -> bool:
        """Whether this is the element's own ``id``."""
        return self.field is None


@frozen
class Edit:
    """One change to the text: the range replaced and what replaces it.

    Attributes:
        range: The text replaced (empty for an insertion).
        text: The new text.
    """

    range: TextRange
    text: str


@frozen
class Slot:
    """What the place under the cursor accepts.

    Attributes:
        range: The word under the cursor, which a completion replaces.
        field: For a reference, its field and the kinds it accepts.
        ids: For a reference, the ids of the plot it accepts, in document order.
        keys: For a key, the keys the mapping can still take.
        values: For a value with a fixed set of words (``appears``), those words.
    """

    range: TextRange
    field: ReferenceField | None = None
    ids: tuple[str, ...] = ()
    keys: tuple[str, ...] = ()
    values: tuple[str, ...] = ()


@frozen
class Symbol:
    """One element in the outline of a plot.

    Attributes:
        kind: Its kind.
        id: Its id.
        name: Its name (the relationship's kind for a relationship).
        range: The whole element as written.
        selection: Where its id is written.
    """

    kind: Kind
    id: str
    name: str
    range: TextRange
    selection: TextRange


@frozen
class Section:
    """One list of elements in the outline, such as the characters.

    Attributes:
        kind: The kind of its elements.
        range: The whole list as written.
        symbols: Its elements in document order.
    """

    kind: Kind
    range: TextRange
    symbols: tuple[Symbol, ...]


class PlotText:
    """The text of a plot file and what loading it gave, read as an editor asks.

    Loading happens at once (`loaded`); where values are written is read on
    the first question and kept, so an editor pays for it only when it asks.

    Attributes:
        text: The file's text.
        file: Its name, for locations.
        loaded: What `plotmodel.loads` gave for it.
    """

    def __init__(self, text: str, *, file: str = "<string>", format: Format | None = None) -> None:
        """Load ``text``; YAML unless ``format`` says JSON."""
        self.text = text
        self.file = file
        self._json = format == "json"
        self.loaded: Loaded = loads(text, file=file, format=format)
        self._lines = Lines(text)

    # -- what loaded -----------------------------------------------------------

    @property
    def names_the_format(self) -> bool:
        """Whether the text says it is a plot file: a ``plotmodel`` key starts one of its lines.

        An editor that hands every YAML or JSON file to the server can leave
        the others alone with it.
        """
        return _FORMAT_KEY.search(self.text) is not None

    @property
    def plot(self) -> Plot | None:
        """The plot, or what could be built of it when the file has errors."""
        if self.loaded.plot is not None:
            return self.loaded.plot
        return self.loaded.partial.plot if self.loaded.partial is not None else None

    def _in_file(self, path: DocPath) -> DocPath:
        """A path in `plot` as a path in the file (cutting out a value shifts the rest)."""
        partial = self.loaded.partial
        if self.loaded.plot is None and partial is not None:
            return partial.original(path)
        return path

    def prepare(self, stop: Callable[[], bool] | None = None) -> bool:
        """Read where every value is written now, so that the next question is answered at once.

        A server calls it in the background after a check, before the editor asks.

        Args:
            stop: Asked now and then while reading; when it says so (the text
                has changed again), reading stops and is left for later.

        Returns:
            Whether the reading is done.
        """
        if "_layout" not in self.__dict__:
            try:
                self.__dict__["_layout"] = self._read_layout(stop)
            except Stopped:
                return False
        return True

    @functools.cached_property
    def _layout(self) -> Layout:
        return self._read_layout(None)

    def _read_layout(self, stop: Callable[[], bool] | None) -> Layout:
        return Layout(_json_as_yaml(self.text) if self._json else self.text, stop=stop)

    def _range(self, start: int, end: int) -> TextRange:
        line, column = self._lines.position(start)
        end_line, end_column = self._lines.position(end)
        return TextRange(line, column, end_line, end_column)

    def _node(self, path: DocPath) -> Node | None:
        """Where the value at a file path is written (see `plotmodel._layout.Layout.find`)."""
        return self._layout.find(path)

    def _edits(self, changes: Iterable[Change]) -> tuple[Edit, ...]:
        """Offset changes as edits, in text order."""
        return tuple(Edit(self._range(start, end), text) for start, end, text in sorted(changes))

    def offset(self, line: int, column: int) -> int:
        """The character offset of a 1-based line and column (a line's end, past it)."""
        return self._lines.offset(line, column)

    def line_text(self, line: int) -> str:
        """The text of a 1-based line, without its line break (empty past the last line)."""
        if not 1 <= line <= len(self._lines.starts):
            return ""
        start = self._lines.starts[line - 1]
        return self.text[start : self._lines.end_of_line(start)]

    @property
    def is_json(self) -> bool:
        """Whether the text is JSON, whose values edits must write as JSON."""
        return self._json

    def write_id(self, value: str) -> str:
        """An id (or key) as this file writes it: plain YAML when that reads back the same."""
        return _layout.write_id(value, as_json=self._json)

    # -- where ids are written -------------------------------------------------

    @functools.cached_property
    def occurrences(self) -> tuple[Occurrence, ...]:
        """Every place an id is written, definitions and references, in text order."""
        plot = self.plot
        if plot is None:
            return ()
        found: list[Occurrence] = []
        for kind, elements in plot.elements():
            for position, element in enumerate(elements):
                self._add(found, element.id, (kind.value, position, "id"), None)
        for ref in (*references_in(plot, ()), *references(plot)):
            self._add(found, ref.id, ref.path, ref.field)
        found.sort(key=lambda one: (one.range.line, one.range.column))
        return tuple(found)

    def _add(
        self, found: list[Occurrence], id_: str, path: DocPath, field: ReferenceField | None
    ) -> None:
        in_file = self._in_file(path)
        node = self._layout.find(in_file)
        if node is None or node.items is not None:
            return  # not where the file writes it: a value cut out of a faulty file
        found.append(Occurrence(id_, in_file, field, self._range(node.start, node.end)))

    @functools.cached_property
    def _by_line(self) -> dict[int, list[Occurrence]]:
        lines: dict[int, list[Occurrence]] = {}
        for one in self.occurrences:
            lines.setdefault(one.range.line, []).append(one)
        return lines

    @functools.cached_property
    def _by_id(self) -> dict[str, list[Occurrence]]:
        ids: dict[str, list[Occurrence]] = {}
        for one in self.occurrences:
            ids.setdefault(one.id, []).append(one)
        return ids

    def at(self, line: int, column: int) -> Occurrence | None:
        """The id written under the cursor, if any."""
        if "occurrences" not in self.__dict__ and self.loaded.plot is not None:
            # only the element around the cursor is read: a large file answers at once
            around = self._layout.element_at(self._lines.offset(line, column))
            found = self._element_occurrences(*around) if around is not None else []
        else:
            found = self._by_line.get(line, [])
        return next((one for one in found if one.range.holds(line, column)), None)

    def _element_occurrences(self, key: str, position: int) -> list[Occurrence]:
        """Where the ids of one element of a plot that loaded whole are written."""
        plot = self.loaded.plot
        kind = _KINDS.get(key)
        if plot is None or kind is None:
            return []
        elements = dict(plot.elements())[kind]
        if position >= len(elements):
            return []
        element = elements[position]
        found: list[Occurrence] = []
        self._add(found, element.id, (key, position, "id"), None)
        for ref in references_in(element, (key, position)):
            self._add(found, ref.id, ref.path, ref.field)
        return found

    def uses(self, id_: str) -> tuple[Occurrence, ...]:
        """Every place ``id_`` is written: its definitions first, then its references."""
        found = self._by_id.get(id_, [])
        return (*[o for o in found if o.is_definition], *[o for o in found if not o.is_definition])

    def definition(self, id_: str) -> Occurrence | None:
        """Where the element ``id_`` names is defined (its first definition)."""
        plot = self.loaded.plot
        if "occurrences" not in self.__dict__ and plot is not None:
            entry = PlotIndex.of(plot).entries.get(id_)
            found: list[Occurrence] = []
            if entry is not None:
                self._add(found, id_, (*entry.path, "id"), None)
            return found[0] if found else None
        return next((one for one in self._by_id.get(id_, ()) if one.is_definition), None)

    def range_at(self, line: int, column: int) -> TextRange:
        """What is written at a position: the word, quoted text or bracketed value there."""
        start = self._lines.offset(line, column)
        return self._range(start, _layout.token_end(self.text, start))

    # -- renaming --------------------------------------------------------------

    def rename(self, id_: str, new: str) -> tuple[Edit, ...]:
        """The edits that rename ``id_`` to ``new`` everywhere the file writes it.

        Raises:
            ValueError: ``new`` is not an id, is reserved, or names another element.
        """
        if not _ID.fullmatch(new):
            raise ValueError(f"{new!r} is not an id: ids are one word without spaces")
        if new == AUDIENCE:
            raise ValueError(f"{AUDIENCE!r} is reserved for the viewers")
        plot = self.plot
        kind = PlotIndex.of(plot).kind(new) if plot is not None else None
        if kind is not None and new != id_:
            raise ValueError(f"{new!r} is already the id of {kind.one}")
        written = _layout.write_id(new, as_json=self._json)
        return tuple(Edit(one.range, written) for one in self.uses(id_))

    # -- the outline -----------------------------------------------------------

    def outline(self) -> tuple[Section, ...]:
        """The plot's elements by kind, in document order, with where each is written."""
        plot = self.plot
        if plot is None:
            return ()
        sections = []
        for kind, elements in plot.elements():
            listed = self._layout.find(self._in_file((kind.value,)))
            if listed is None or not elements:
                continue
            symbols = []
            for position, element in enumerate(elements):
                node = self._layout.find(self._in_file((kind.value, position)))
                selection = self._layout.find(self._in_file((kind.value, position, "id")))
                if node is None or selection is None:
                    continue
                name = getattr(element, "name", None) or getattr(element, "kind", element.id)
                symbols.append(
                    Symbol(
                        kind=kind,
                        id=element.id,
                        name=str(name),
                        range=self._range(node.start, node.end),
                        selection=self._range(selection.start, selection.end),
                    )
                )
            sections.append(Section(kind, self._range(listed.start, listed.end), tuple(symbols)))
        return tuple(sections)

    # -- what the cursor is on -------------------------------------------------

    def slot_at(self, line: int, column: int) -> Slot | None:
        """What the place under the cursor accepts: an id of some kinds, a key, a word.

        The text may be half-written: only the part up to the cursor's mapping
        has to parse.
        """
        offset = self._lines.offset(line, column)
        text = _json_as_yaml(self.text) if self._json else self.text
        found = _layout.cursor(text, offset)
        if found is None:
            return None
        where = self._range(found.start, found.end)
        if found.is_key:
            keys = _keys(_expected(found.path, scalar=False), found.keys)
            return Slot(where, keys=keys) if keys else None
        expected = _expected(found.path, scalar=True)
        if isinstance(expected, _Value):
            if expected.field is not None:
                return Slot(where, field=expected.field, ids=self._accepted(expected.field))
            if expected.words:
                return Slot(where, values=expected.words)
            return None
        # a mapping about to be written where a value starts: `- ` in a list of events
        keys = _keys(expected, ())
        return Slot(where, keys=keys) if keys else None

    def _accepted(self, field: ReferenceField) -> tuple[str, ...]:
        plot = self.plot
        index = PlotIndex.of(plot) if plot is not None else None
        ids = [] if index is None else [i for i, k in index.kinds.items() if k in field.kinds]
        return (*ids, AUDIENCE) if field.audience else tuple(ids)


# -- the format, read from the model's declarations ----------------------------


@frozen
class _Value:
    """A place for one scalar: of a reference field, or of an enum.

    ``record`` is the class an id may also be written as (an agent as
    ``{who, appears}``), whose first reference stands for this field's id.
    """

    field: ReferenceField | None = None
    words: tuple[str, ...] = ()
    record: type | None = None


@frozen
class _List:
    """A place for a list of items of ``item`` type, the field of ``owner`` named ``name``."""

    item: Any
    owner: type
    name: str


class _EffectKey:
    """The one-key mapping of an effect, whose key names its kind."""


_EFFECT: Final = _EffectKey()
_Place = type | _List | _Value | _EffectKey | None


@functools.cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def _field_place(hint: Any, owner: type, name: str) -> _Place:
    """What the value of field ``name`` of ``owner`` (annotated ``hint``) is."""
    args = [arg for arg in typing.get_args(hint) if arg is not type(None)]
    if typing.get_origin(hint) in (typing.Union, types.UnionType) and len(args) == 1:
        hint = args[0]
    if typing.get_origin(hint) is tuple:
        return _List(typing.get_args(hint)[0], owner, name)
    return _item_place(hint, owner, name)


def _item_place(hint: Any, owner: type, name: str) -> _Place:
    if hint is Effect:
        return _EFFECT
    if isinstance(hint, type) and attrs.has(hint):
        return hint
    if isinstance(hint, type) and issubclass(hint, enum.Enum):
        return _Value(words=tuple(str(member.value) for member in hint))
    found = next((one for one in reference_fields(owner) if one.name == name), None)
    records = [arm for arm in typing.get_args(hint) if isinstance(arm, type) and attrs.has(arm)]
    return _Value(field=found, record=records[0] if records else None)


def _expected(path: Sequence[str | int], *, scalar: bool) -> _Place:
    """What the file format expects at a path of the file: a class, a list, a value.

    With ``scalar``, a class with a short form (``dies: charas``) expects its one field.
    """
    place: _Place = Plot
    for step in path:
        place = _step(place, step)
        if place is None:
            return None
    short = "who" if place is Participant else getattr(place, "short", None)
    if scalar and isinstance(place, type) and short is not None:
        # a scalar written for the one field it stands for: `- lino`, `dies: charas`
        return _item_place(_hints(place)[short], place, short)
    return place


def _step(place: _Place, step: str | int) -> _Place:
    """What the format expects one step inside ``place``."""
    if place is _EFFECT:
        return EFFECT_KINDS.get(str(step))
    if isinstance(place, _List):
        return _item_place(place.item, place.owner, place.name) if isinstance(step, int) else None
    if isinstance(place, _Value) and place.record is not None and isinstance(step, str):
        # an id written as a record: its first reference is the id this field holds
        if step == reference_fields(place.record)[0].key:
            return _Value(field=place.field)
        place = place.record
    if isinstance(place, type) and attrs.has(place) and isinstance(step, str):
        if place is Event and step == "agent":
            return _item_place(typing.get_args(_hints(Event)["agents"])[0], Event, "agents")
        fields: Any = attrs.fields(place)
        attribute = next((a for a in fields if file_key(a) == step), None)
        if attribute is None:
            return None
        return _field_place(_hints(place)[attribute.name], place, attribute.name)
    return None


def _keys(place: _Place, present: Sequence[str]) -> tuple[str, ...]:
    """The keys a mapping at ``place`` can still take, ``present`` ones left out."""
    if place is _EFFECT:
        return () if present else tuple(EFFECT_KINDS)
    if isinstance(place, _Value) and place.record is not None:
        place = place.record
    if not (isinstance(place, type) and attrs.has(place)):
        return ()
    fields: Any = attrs.fields(place)
    keys = [file_key(a) for a in fields]
    if place is Event:
        keys.insert(keys.index("agents"), "agent")
    taken = set(present)
    if "agent" in taken or "agents" in taken:
        taken |= {"agent", "agents"}
    return tuple(key for key in keys if key not in taken)
