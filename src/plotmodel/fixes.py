"""Fixes for findings, as edits to the plot file's text that keep the rest as written.

Each fix answers one finding, as an editor's quick fix does:

- an id that names nothing (PM102) is replaced by the id the rule suggests
  ("did you mean"), the same suggestion the message gives;
- any rule's finding can be silenced where it is, on its element (or on the
  plot), with an empty reason the writer fills in (until then the silence is
  reported as giving none, PM901);
- someone who acts after dying (PM301) as an agent or a participant is turned
  into a participant who appears as a memory.

The edits write in the file's own style: flow or block, YAML or JSON.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Final

from attrs import frozen

from plotmodel import _layout
from plotmodel._layout import Change, Node
from plotmodel._text import quote
from plotmodel.diagnostics import Diagnostic, DocPath
from plotmodel.editing import Edit, PlotText
from plotmodel.index import PlotIndex
from plotmodel.model import Appearance, Kind
from plotmodel.rules import Context
from plotmodel.rules.identity import meant

__all__ = ["Fix", "fixes"]

_UNKNOWN_REFERENCE: Final = "PM102"
_ACTS_AFTER_DEATH: Final = "PM301"
# The file's own findings and the silences' findings are not silenced in place.
_NOT_SILENCED: Final = ("PM0", "PM9")
_KINDS: Final = frozenset(kind.value for kind in Kind)


@frozen
class Fix:
    """One way to answer a finding.

    Attributes:
        title: What the fix does, in a few words.
        code: The code of the finding it answers.
        edits: The changes to the text.
        preferred: Whether it is the fix to apply when only one is.
    """

    title: str
    code: str
    edits: tuple[Edit, ...]
    preferred: bool = False


def fixes(text: PlotText, diagnostic: Diagnostic) -> tuple[Fix, ...]:
    """Every fix for ``diagnostic``, a finding of ``plotmodel.check(text.loaded)``."""
    if diagnostic.silenced is not None:
        return ()
    found = [*_did_you_mean(text, diagnostic), *_memory(text, diagnostic)]
    found.extend(_silence(text, diagnostic))
    return tuple(found)


def _did_you_mean(text: PlotText, diagnostic: Diagnostic) -> Iterator[Fix]:
    plot = text.plot
    if diagnostic.code != _UNKNOWN_REFERENCE or plot is None:
        return
    for ref, close in meant(Context(plot, PlotIndex.of(plot))):
        if close is None:
            continue
        path = _in_file(text, ref.path)
        node = text._node(path)
        if path != diagnostic.path or node is None or node.items is not None:
            continue
        written = _layout.write_id(close, as_json=text.is_json)
        yield Fix(
            title=f"replace {quote(ref.id)} with {quote(close)}",
            code=diagnostic.code,
            edits=text._edits([_layout.replace(node, written)]),
            preferred=True,
        )
        return


def _in_file(text: PlotText, path: DocPath) -> DocPath:
    partial = text.loaded.partial
    if text.loaded.plot is None and partial is not None:
        return partial.original(path)
    return path


def _id_of(text: PlotText, element: DocPath) -> str | None:
    """The id of the element at a file path, as the file writes it."""
    node = text._node((*element, "id"))
    if node is None:
        return None
    found = text.at(*text._lines.position(node.start))
    return found.id if found is not None else None


def _silence(text: PlotText, diagnostic: Diagnostic) -> Iterator[Fix]:
    if diagnostic.code.startswith(_NOT_SILENCED):
        return
    path = diagnostic.path
    entry = {"code": diagnostic.code, "reason": ""}
    as_json = text.is_json
    owner: Node | None = None
    where = "the plot"
    if len(path) >= 2 and path[0] in _KINDS and isinstance(path[1], int):
        owner = text._node(path[:2])
        named = _id_of(text, path[:2])
        if named is not None:
            where = quote(named)
    if owner is None or not owner.is_mapping:
        owner = text._node(())
        where = "the plot"
    if owner is None or not owner.is_mapping:
        return
    lines = text._lines
    existing = owner.get("silence")
    change: Change | None
    if existing is not None and existing[1].is_sequence and existing[1].items:
        change = _layout.append_item(lines, existing[1], _layout.write_flow(entry, as_json=as_json))
    elif existing is None:
        written = _layout.write_flow([entry], as_json=as_json)
        change = _layout.add_key(lines, owner, "silence", written, as_json=as_json)
    else:
        change = None
    if change is None:
        return
    yield Fix(
        title=f"silence {diagnostic.code} on {where} (then say why)",
        code=diagnostic.code,
        edits=text._edits([change]),
    )


def _memory(text: PlotText, diagnostic: Diagnostic) -> Iterator[Fix]:
    path = diagnostic.path
    if diagnostic.code != _ACTS_AFTER_DEATH or len(path) < 4 or path[0] != "events":
        return
    event = text._node(path[:2])
    if event is None or not event.is_mapping or diagnostic.location is None:
        return
    who = text.at(diagnostic.location.line, diagnostic.location.column)
    if who is None:
        return
    if path[2] == "agents" and isinstance(path[3], int):
        changes = _agent_to_memory(text, event, path[3], who.id)
    elif path[2] == "participants" and isinstance(path[3], int):
        changes = _participant_to_memory(text, event, path[3], who.id)
    else:
        return
    if changes:
        named = _id_of(text, path[:2])
        place = quote(named) if named is not None else "the event"
        yield Fix(
            title=f"show {quote(who.id)} as a memory in {place}",
            code=diagnostic.code,
            edits=text._edits(changes),
            preferred=True,
        )


def _agent_to_memory(text: PlotText, event: Node, index: int, who: str) -> list[Change]:
    lines, as_json = text._lines, text.is_json
    agents = event.get("agents")
    if agents is None:
        return []
    key, value = agents
    items = _layout.sequence_items(value)
    if 0 <= index < len(items) and items[index].is_mapping:
        return _as_memory(text, items[index], who)  # already a form of appearance: change it
    memory = {"who": who, "appears": Appearance.MEMORY.value}
    participants = event.get("participants")
    alone = not value.is_sequence or len(items) == 1
    if participants is not None and not participants[1].is_sequence:
        return []
    if alone and participants is None:
        # the agents' key becomes the participants' key, in one edit
        written = _layout.write_id("participants", as_json=as_json)
        memories = _layout.write_flow([memory], as_json=as_json)
        return [(key.start, value.end, f"{written}: {memories}")]
    cut = _layout.remove_key(lines, event, "agents") if alone else None
    if not alone:
        cut = _layout.remove_item(lines, value, index)
    written = _layout.write_flow(memory, as_json=as_json)
    if participants is not None:
        added = _layout.append_item(lines, participants[1], written)
    else:
        added = _layout.add_key_before(
            lines, event, "agents", "participants", f"[{written}]", as_json=as_json
        )
    return [cut, added] if cut is not None and added is not None else []


def _participant_to_memory(text: PlotText, event: Node, index: int, who: str) -> list[Change]:
    participants = event.get("participants")
    items = _layout.sequence_items(participants[1]) if participants is not None else ()
    if not 0 <= index < len(items):
        return []
    return _as_memory(text, items[index], who)


def _as_memory(text: PlotText, item: Node, who: str) -> list[Change]:
    """A participant (or an agent in a form of appearance) made to appear as a memory."""
    as_json = text.is_json
    memory = Appearance.MEMORY.value
    if item.items is None:
        written = _layout.write_flow({"who": who, "appears": memory}, as_json=as_json)
        return [_layout.replace(item, written)]
    if not item.is_mapping:
        return []
    appears = item.get("appears")
    if appears is not None:
        return [_layout.replace(appears[1], _layout.write_id(memory, as_json=as_json))]
    written = _layout.write_id(memory, as_json=as_json)
    return [_layout.add_key(text._lines, item, "appears", written, as_json=as_json)]
