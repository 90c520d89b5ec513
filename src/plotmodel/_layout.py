"""Where each value of a YAML (or JSON) text is written, and edits that keep the rest as written.

Editors ask questions the loader never does: where does this value end,
which key is the cursor on, where can a new key go without disturbing the
writer's layout. `Layout` answers from libyaml's parse events, in character
offsets, built once per text; `cursor` reads the place under the cursor from
a copy of the text with a marker written there. The edits are offset triples
``(start, end, new text)`` that change only what they must: a value replaced,
an item or key cut with its line, a key or item added in the style
(block or flow, YAML or JSON) around it.
"""

from __future__ import annotations

import bisect
import json
import re
from collections.abc import Callable, Iterator, Sequence
from typing import Any, Final

import yaml
from attrs import frozen

from plotmodel._positions import KEY_ALIASES
from plotmodel._text import paused_gc
from plotmodel._yaml import plain_scalar
from plotmodel.diagnostics import DocPath

__all__ = ["Cursor", "Layout", "Lines", "Node", "Stopped", "cursor", "write_flow", "write_id"]

_Loader: Final[Any] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

_LINE_BREAK: Final = re.compile(r"\r\n|\r|\n")

# Characters libyaml refuses; positions survive replacing them with spaces of the same length.
_NOT_YAML: Final = re.compile(
    "[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]"
)

# JSON reads these as characters inside strings; YAML ends lines at the first three.
_JSON_ONLY: Final = re.compile(f"[\x85\u2028\u2029]|{_NOT_YAML.pattern}")

# JSON writes characters beyond the first plane as surrogate-pair escapes, which YAML
# refuses; an escaped backslash is matched first so that `\\ud800` stays as it is.
_SURROGATE_ESCAPE: Final = re.compile(r"\\\\|\\u[dD][89a-fA-F][0-9a-fA-F]{2}")


def _json_as_yaml(text: str) -> str:
    """JSON text that YAML reads with every offset kept: refused characters become spaces."""
    text = _SURROGATE_ESCAPE.sub(lambda m: m[0] if m[0] == "\\\\" else "\\u0020", text)
    return _JSON_ONLY.sub(" ", text)


class Lines:
    """Line starts of a text as editors count lines: a line ends at LF, CR or CRLF."""

    def __init__(self, text: str) -> None:
        """Find where each line of ``text`` starts."""
        self.text = text
        self.starts = [0, *(found.end() for found in _LINE_BREAK.finditer(text))]

    def offset(self, line: int, column: int) -> int:
        """The offset of a 1-based line and column; past a line's end is its end."""
        if line < 1:
            return 0
        if line > len(self.starts):
            return len(self.text)
        start = self.starts[line - 1]
        return min(start + max(column - 1, 0), self.end_of_line(start))

    def end_of_line(self, offset: int) -> int:
        """Where the line holding ``offset`` ends, before its line break."""
        ends = [
            at for at in (self.text.find("\n", offset), self.text.find("\r", offset)) if at >= 0
        ]
        return min(ends, default=len(self.text))

    def start_of_line(self, offset: int) -> int:
        """Where the line holding ``offset`` starts."""
        return max(self.text.rfind("\n", 0, offset), self.text.rfind("\r", 0, offset)) + 1

    def next_line(self, offset: int) -> int:
        """Where the line after the one holding ``offset`` starts (the text's end on the last)."""
        end = self.end_of_line(offset)
        return end + (2 if self.text.startswith("\r\n", end) else 1 if end < len(self.text) else 0)

    def position(self, offset: int) -> tuple[int, int]:
        """The 1-based line and column of ``offset``."""
        line = bisect.bisect_right(self.starts, offset) - 1
        return line + 1, offset - self.starts[line] + 1


@frozen
class Node:
    """One value as written: where it starts and where its content ends.

    Attributes:
        start: The offset of its first character (a block sequence's first dash).
        end: The offset just after its last character; for a block collection,
            after the last character of its last value, whatever follows.
        items: For a mapping, each key with the key's node and the value's;
            for a sequence, its items; ``None`` for a scalar.
        flow: Whether a collection is written in flow style (``[a, b]``, ``{k: v}``).
    """

    start: int
    end: int
    items: dict[str, tuple[Node, Node]] | list[Node] | None = None
    flow: bool = False

    @property
    def is_mapping(self) -> bool:
        """Whether the value is a mapping."""
        return isinstance(self.items, dict)

    @property
    def is_sequence(self) -> bool:
        """Whether the value is a sequence."""
        return isinstance(self.items, list)

    def get(self, key: str) -> tuple[Node, Node] | None:
        """The key and value nodes of ``key`` (or one of its other spellings) in a mapping."""
        if not isinstance(self.items, dict):
            return None
        for name in (key, *KEY_ALIASES.get(key, ())):
            found = self.items.get(name)
            if found is not None:
                return found
        return None


def _events(text: str) -> Iterator[Any]:
    loader = _Loader(text)
    try:
        while True:
            event = loader.get_event()
            if event is None:
                return
            yield event
    finally:
        loader.dispose()


_KEY: Final = object()
# How many parse events a layout reads between two questions to its `stop`.
_ASK_EVERY: Final = 4096


class Stopped(Exception):  # noqa: N818 - a signal, like StopIteration
    """Reading a layout was stopped: its text is out of date."""


_BLANK: Final = frozenset(" \t\r\n")


class Layout:
    """Every value of a text with its extent, built once from libyaml's parse events.

    A text that does not parse keeps the values read before the error.
    """

    def __init__(self, text: str, *, stop: Callable[[], bool] | None = None) -> None:
        """Read the layout of ``text`` (JSON already made readable as YAML).

        Args:
            text: The text.
            stop: Asked now and then; when it says so, reading stops with `Stopped`.
        """
        self.root: Node | None = None
        # One frame per open collection: start, flow, items, pending key.
        frames: list[list[Any]] = []
        with paused_gc():
            try:
                for count, event in enumerate(_events(text)):
                    if stop is not None and not count % _ASK_EVERY and stop():
                        raise Stopped
                    kind = event.__class__
                    if kind is yaml.ScalarEvent or kind is yaml.AliasEvent:
                        end = event.end_mark.index
                        while end > event.start_mark.index and text[end - 1] in _BLANK:
                            end -= 1  # a block scalar ends after the blank lines that follow it
                        node = Node(event.start_mark.index, max(end, event.start_mark.index))
                        value = event.value if kind is yaml.ScalarEvent else None
                    elif kind is yaml.MappingStartEvent or kind is yaml.SequenceStartEvent:
                        items: Any = {} if kind is yaml.MappingStartEvent else []
                        frames.append([event.start_mark.index, bool(event.flow_style), items, _KEY])
                        continue
                    elif kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
                        start, flow, items, _ = frames.pop()
                        node = Node(start, self._end(event, flow, items, start), items, flow)
                        value = None
                    else:
                        continue
                    if not frames:
                        self.root = node
                        continue
                    frame = frames[-1]
                    holder = frame[2]
                    if isinstance(holder, list):
                        holder.append(node)
                    elif frame[3] is _KEY:
                        frame[3] = (value, node)
                    else:
                        name, key = frame[3]
                        frame[3] = _KEY
                        if isinstance(name, str) and name not in holder:
                            holder[name] = (key, node)
            except yaml.YAMLError:
                pass  # what was read before the error stays

    @staticmethod
    def _end(event: Any, flow: bool, items: Any, start: int) -> int:
        if flow:
            return int(event.end_mark.index)
        last = list(items.values())[-1][1] if isinstance(items, dict) and items else None
        if isinstance(items, list) and items:
            last = items[-1]
        return last.end if last is not None else start

    def element_at(self, offset: int) -> tuple[str, int] | None:
        """The top-level list and the position in it of the item written around ``offset``."""
        root = self.root
        if root is None or not isinstance(root.items, dict):
            return None
        for key, (_, value) in root.items.items():
            items = value.items
            if not isinstance(items, list) or not value.start <= offset <= value.end:
                continue
            at = bisect.bisect_right([item.start for item in items], offset) - 1
            if at >= 0 and offset <= items[at].end:
                return key, at
            return None
        return None

    def find(self, path: DocPath) -> Node | None:
        """The value at a document path, read as the loader reads the file's short forms.

        Keys have their other spellings (``agent`` for ``agents``), an effect's
        one key is stepped through to its fields, and a scalar written for its
        one field or item (``dies: charas``, ``- lino``) is the value of that
        field. ``None`` when the path leads nowhere.
        """
        node = self.root
        steps = list(path)
        while steps and node is not None:
            step = steps.pop(0)
            if node.items is None:
                # a short form: the scalar stands for its one field or item
                return node if not steps else None
            if isinstance(node.items, list):
                if not isinstance(step, int) or not 0 <= step < len(node.items):
                    return None
                node = node.items[step]
                continue
            if step == 0 and isinstance(step, int):
                continue  # a list of one written as its item: `agent: {who: quentin, ...}`
            found = node.get(str(step))
            if found is None and len(node.items) == 1:
                # an effect's one key names its kind: the fields are inside
                [(_, inner)] = node.items.values()
                steps.insert(0, step)
                node = inner
                continue
            node = found[1] if found is not None else None
        return node


@frozen
class Cursor:
    """Where the cursor is in a plot file, by the document path of what it is on.

    Attributes:
        path: The path of the value the cursor is in (a key's value, a list
            item), or of the mapping whose key it is typing.
        is_key: Whether the cursor is on a key rather than a value.
        keys: The keys the mapping holding the cursor already has.
        start: Where the word under the cursor starts (an offset).
        end: Where it ends.
    """

    path: tuple[str | int, ...]
    is_key: bool
    keys: tuple[str, ...]
    start: int
    end: int


_MARK: Final = "plotmodelcursor0x7"
_WORD_END: Final = frozenset(" \t\r\n,[]{}\"':#")


def cursor(text: str, offset: int) -> Cursor | None:
    """What the cursor at ``offset`` is on, read from the text with a marker in its place.

    The word under the cursor is replaced by a marker, first as a value, then
    as a key; the path of the marker is the path of the cursor. Errors after
    the cursor do not matter: the parse stops at the marker's mapping's end.
    """
    start = offset
    while start > 0 and text[start - 1] not in _WORD_END:
        start -= 1
    end = offset
    while end < len(text) and text[end] not in _WORD_END:
        end += 1
    if not _may_start_a_value(text, start):
        return None  # inside prose: no key, id or word starts here
    for marker in (_MARK, _MARK + ":"):
        found = _find_marker(text[:start] + marker + text[end:])
        if found is not None:
            path, is_key, keys = found
            return Cursor(path, is_key, keys, start, end)
    return None


def _may_start_a_value(text: str, start: int) -> bool:
    """Whether a key or a value can start at ``start``: after indentation, ``:``, ``-``, ``[``..."""
    before = start
    if before > 0 and text[before - 1] in "\"'":
        before -= 1
    while before > 0 and text[before - 1] in " \t":
        before -= 1
    return before == 0 or text[before - 1] in ":-[{,\r\n"


def _find_marker(text: str) -> tuple[tuple[str | int, ...], bool, tuple[str, ...]] | None:
    # One frame per open collection: is it a mapping, the item index or the key
    # being read (`_KEY` while a key is expected), and the keys read so far.
    frames: list[list[Any]] = []
    events = _events(text)
    try:
        for event in events:
            kind = event.__class__
            if kind is yaml.MappingStartEvent or kind is yaml.SequenceStartEvent:
                frames.append([kind is yaml.MappingStartEvent, 0, _KEY, []])
                continue
            if kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
                frames.pop()
                _finished(frames, None)
                continue
            if kind is not yaml.ScalarEvent and kind is not yaml.AliasEvent:
                continue
            value = event.value if kind is yaml.ScalarEvent else None
            if value != _MARK or not frames:
                _finished(frames, value)
                continue
            is_mapping, index, key, keys = frames[-1]
            path = tuple(f[2] if f[0] else f[1] for f in frames[:-1])
            if not is_mapping:
                return (*path, index), False, ()
            if key is _KEY:
                return path, True, (*keys, *_later_keys(events))
            return (*path, key), False, ()
    except yaml.YAMLError:
        pass
    return None


def _finished(frames: list[list[Any]], value: object) -> None:
    """Count a finished value (``None`` for a collection) in the collection holding it."""
    if not frames:
        return
    top = frames[-1]
    if not top[0]:
        top[1] += 1
    elif top[2] is _KEY:
        top[2] = value if isinstance(value, str) else ""
        if isinstance(value, str):
            top[3].append(value)
    else:
        top[2] = _KEY


def _later_keys(events: Iterator[Any]) -> list[str]:
    """The keys after the marker's, up to the end of its mapping (or of what parses)."""
    keys: list[str] = []
    depth = 0
    expect_key = False  # the marker's own value comes first
    try:
        for event in events:
            kind = event.__class__
            if kind is yaml.MappingStartEvent or kind is yaml.SequenceStartEvent:
                depth += 1
                continue
            if kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
                if depth == 0:
                    break
                depth -= 1
                if depth == 0:
                    expect_key = not expect_key
                continue
            if depth == 0 and (kind is yaml.ScalarEvent or kind is yaml.AliasEvent):
                if expect_key and kind is yaml.ScalarEvent:
                    keys.append(event.value)
                expect_key = not expect_key
    except yaml.YAMLError:
        pass
    return keys


# -- writing values ------------------------------------------------------------

_PLAIN_ID: Final = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.\-/]*")


def write_id(value: str, *, as_json: bool) -> str:
    """An id as a scalar that reads back as the same text: plain when that is safe."""
    if not as_json and _PLAIN_ID.fullmatch(value) and type(plain_scalar(value)) is str:
        return value
    return json.dumps(value, ensure_ascii=False)


def write_flow(value: object, *, as_json: bool) -> str:
    """A small value (text, list, mapping) in flow style: ``{who: lino, appears: memory}``."""
    if isinstance(value, str):
        return write_id(value, as_json=as_json) if value else '""'
    if isinstance(value, dict):
        pairs = (
            f"{write_id(str(k), as_json=as_json)}: {write_flow(v, as_json=as_json)}"
            for k, v in value.items()
        )
        return "{" + ", ".join(pairs) + "}"
    if isinstance(value, list | tuple):
        return "[" + ", ".join(write_flow(v, as_json=as_json) for v in value) + "]"
    raise TypeError(f"cannot write {value!r}")


# -- edits ---------------------------------------------------------------------

#: One change to a text: replace the characters from ``start`` to ``end`` by the text.
Change = tuple[int, int, str]


def replace(node: Node, text: str) -> Change:
    """Write ``text`` in place of ``node``."""
    return (node.start, node.end, text)


def _indent(lines: Lines, offset: int) -> str:
    return " " * (offset - lines.start_of_line(offset))


def _alone_on_its_lines(lines: Lines, start: int, end: int) -> bool:
    before = lines.text[lines.start_of_line(start) : start].strip()
    after = lines.text[end : lines.end_of_line(end)].strip()
    return before in ("", "-") and (not after or after.startswith("#"))


def remove_key(lines: Lines, mapping: Node, key: str) -> Change | None:
    """Cut a key and its value out of a mapping, with their lines in block style."""
    found = mapping.get(key)
    if found is None or not isinstance(mapping.items, dict):
        return None
    key_node, value = found
    pairs = list(mapping.items.values())
    at = next(i for i, pair in enumerate(pairs) if pair[0] is key_node)
    if mapping.flow:
        if at + 1 < len(pairs):
            return (key_node.start, pairs[at + 1][0].start, "")
        if at > 0:
            return (pairs[at - 1][1].end, value.end, "")
        return (key_node.start, value.end, "")
    if at == 0 or not _alone_on_its_lines(lines, key_node.start, value.end):
        return None  # the first key shares its line with the item's dash
    return (lines.start_of_line(key_node.start), lines.next_line(value.end), "")


def remove_item(lines: Lines, sequence: Node, index: int) -> Change | None:
    """Cut one item out of a sequence that keeps at least one more."""
    items = sequence.items
    if not isinstance(items, list) or len(items) < 2 or not 0 <= index < len(items):
        return None
    item = items[index]
    if sequence.flow:
        if index + 1 < len(items):
            return (item.start, items[index + 1].start, "")
        return (items[index - 1].end, item.end, "")
    if not _alone_on_its_lines(lines, item.start, item.end):
        return None
    return (lines.start_of_line(item.start), lines.next_line(item.end), "")


def append_item(lines: Lines, sequence: Node, written: str) -> Change | None:
    """Add an item, already written, at the end of a sequence."""
    items = sequence.items
    if not isinstance(items, list):
        return None
    if sequence.flow:
        if items:
            return (items[-1].end, items[-1].end, ", " + written)
        return (sequence.start + 1, sequence.start + 1, written)
    if not items:
        return None
    dash = lines.text.rfind("-", lines.start_of_line(items[-1].start), items[-1].start)
    if dash < 0:
        return None
    end = lines.end_of_line(items[-1].end)
    return (end, end, _line_break(lines) + _indent(lines, dash) + "- " + written)


def add_key(lines: Lines, mapping: Node, key: str, written: str, *, as_json: bool) -> Change:
    """Add a key with its value, already written, at the end of a mapping."""
    pair = f"{write_id(key, as_json=as_json)}: {written}"
    items = mapping.items
    assert isinstance(items, dict)
    if mapping.flow or not items:
        if items:
            last = list(items.values())[-1][1]
            return (last.end, last.end, ", " + pair)
        return (mapping.start + 1, mapping.start + 1, pair)
    first = next(iter(items.values()))[0]
    end = lines.end_of_line(mapping.end)
    return (end, end, _line_break(lines) + _indent(lines, first.start) + pair)


def add_key_before(
    lines: Lines, mapping: Node, before: str, key: str, written: str, *, as_json: bool
) -> Change | None:
    """Add a key with its value just before the key ``before`` of a mapping."""
    found = mapping.get(before)
    if found is None:
        return None
    pair = f"{write_id(key, as_json=as_json)}: {written}"
    at = found[0].start
    if mapping.flow:
        return (at, at, pair + ", ")
    if lines.text[lines.start_of_line(at) : at].strip():
        return None  # the key shares its line with the item's dash
    start = lines.start_of_line(at)
    return (start, start, _indent(lines, at) + pair + _line_break(lines))


def _line_break(lines: Lines) -> str:
    found = _LINE_BREAK.search(lines.text)
    return found.group() if found else "\n"


def key_and_value(mapping: Node, key: str) -> tuple[Node, Node] | None:
    """The nodes of ``key`` in ``mapping`` (``None`` when it is not there)."""
    return mapping.get(key)


def sequence_items(node: Node) -> Sequence[Node]:
    """The items of a sequence node (none for anything else)."""
    return node.items if isinstance(node.items, list) else ()


_TOKEN_END: Final = frozenset(" \t\r\n,[]{}")
_CLOSING: Final = {"[": "]", "{": "}"}


def token_end(text: str, offset: int) -> int:
    """Where the value written at ``offset`` ends on its line: a word, a quoted text, a bracket.

    Used to give a finding located at one character the extent of what is
    written there. At least one character long, unless the text ends.
    """
    line_end = min(
        (at for at in (text.find("\n", offset), text.find("\r", offset)) if at >= 0),
        default=len(text),
    )
    if offset >= line_end:
        return min(offset + 1, len(text)) if offset < len(text) else offset
    first = text[offset]
    end = offset + 1
    if first in "\"'":
        while end < line_end:
            if first == '"' and text[end] == "\\":
                end += 2
                continue
            if text[end] == first:
                if first == "'" and text.startswith("''", end):
                    end += 2
                    continue
                return end + 1
            end += 1
        return line_end
    if first in _CLOSING:
        depth = 0
        for at in range(offset, line_end):
            if text[at] == first:
                depth += 1
            elif text[at] == _CLOSING[first]:
                depth -= 1
                if depth == 0:
                    return at + 1
        return line_end
    while end < line_end and text[end] not in _TOKEN_END:
        if text[end] == ":" and (end + 1 == line_end or text[end + 1] in _TOKEN_END):
            break
        end += 1
    return end
