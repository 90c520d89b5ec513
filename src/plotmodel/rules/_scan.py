"""One pass over the events that indexes what the rules look up: effects by kind, bodily presence.

Rules then visit only the few events that matter to them (those of the
characters who ever die, the things ever destroyed...) instead of each
rescanning the whole timeline.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final, TypeVar, cast

from plotmodel.diagnostics import DocPath
from plotmodel.index import Kind
from plotmodel.model import (
    EFFECT_TYPES,
    Appearance,
    Arrested,
    Damaged,
    Destroyed,
    Dies,
    Effect,
    Event,
    HandsOver,
    Injured,
    Moves,
    Participant,
    Released,
    Repaired,
    Reveal,
    Takes,
)
from plotmodel.references import REFERENCE_FIELDS

__all__ = ["Bodily", "Scan"]

E = TypeVar("E", bound=Effect)

#: One bodily appearance: the event's position, the path inside the event, and a verb.
Bodily = tuple[int, DocPath, str]

_PRESENT: Final = Appearance.PRESENT

# Which fields of an effect put someone or something bodily in the event, and the verb to say so.
_ACTORS: Final[dict[type, tuple[tuple[str, str], ...]]] = {
    Moves: (("who", "moves in"),),
    Takes: (("who", "acts in"), ("thing", "is taken in")),
    HandsOver: (("from_", "acts in"), ("to", "takes part in"), ("thing", "is handed over in")),
    Reveal: (("by", "speaks in"),),
    Dies: (("by", "acts in"),),
    Injured: (("by", "acts in"),),
    Arrested: (("by", "acts in"),),
    Released: (("by", "acts in"),),
    Destroyed: (("by", "acts in"),),
    Damaged: (("by", "acts in"),),
    Repaired: (("by", "acts in"),),
}


# The kinds of element whose use the scan records (for the unused-element rule).
_TRACKED: Final = frozenset({Kind.CHARACTER, Kind.THING, Kind.PLACE, Kind.GROUP})


def _id_fields(owner: type) -> tuple[str, ...]:
    """The fields of ``owner`` that may name a tracked kind, from the one table of references."""
    return tuple(f.name for f in REFERENCE_FIELDS if f.owner is owner and f.kinds & _TRACKED)


_EVENT_IDS: Final = _id_fields(Event)
_PARTICIPANT_IDS: Final = _id_fields(Participant)
_EFFECT_IDS: Final[dict[type, tuple[str, ...]]] = {kind: _id_fields(kind) for kind in EFFECT_TYPES}


class Scan:
    """What the rules look up about events, gathered in one pass.

    Attributes:
        effects: Every effect by its class, as ``(event position, effect index, effect)``.
        referenced: Every id an event refers to in a field that may name a
            character, thing, place or group.
        motivated: Positions of the events with ``motivated_by``.
        caused: Positions of the events with ``causes``.
        drawing: Positions of the events that draw on ``relationships``.
        bodily: For each id, every event where it is bodily there, in story
            order: agents, present participants, and the effect fields that
            make someone act or something be handled (``moves.who``,
            ``takes.thing``, ``reveal.by``, ``dies.by``...). Anyone who
            appears in the event only as remains, a memory or the like is left out.
    """

    __slots__ = ("bodily", "caused", "drawing", "effects", "motivated", "referenced")

    def __init__(self, events: Sequence[Event]) -> None:
        """Index ``events`` in one pass."""
        effects: dict[type, list[tuple[int, int, Effect]]] = {}
        bodily: dict[str, list[Bodily]] = {}
        referenced: set[str] = set()
        motivated: list[int] = []
        caused: list[int] = []
        drawing: list[int] = []
        actors = _ACTORS
        effect_ids = _EFFECT_IDS
        for i, event in enumerate(events):
            for name in _EVENT_IDS:
                value = getattr(event, name)
                if value:
                    if isinstance(value, str):
                        referenced.add(value)
                    else:
                        referenced.update(value)
            if event.motivated_by:
                motivated.append(i)
            if event.causes:
                caused.append(i)
            if event.relationships:
                drawing.append(i)
            for k, who in enumerate(event.agents):
                found = bodily.get(who)
                if found is None:
                    found = bodily[who] = []
                found.append((i, ("agents", k), "acts in"))
            absent: set[str] = set()
            for k, participant in enumerate(event.participants):
                referenced.add(participant.who)
                if participant.appears is _PRESENT:
                    found = bodily.get(participant.who)
                    if found is None:
                        found = bodily[participant.who] = []
                    found.append((i, ("participants", k, "who"), "takes part in"))
                else:
                    absent.add(participant.who)
            for k, effect in enumerate(event.effects):
                kind = type(effect)
                listed = effects.get(kind)
                if listed is None:
                    listed = effects[kind] = []
                listed.append((i, k, effect))
                for name in effect_ids.get(kind, ()):
                    value = getattr(effect, name)
                    if value:
                        if isinstance(value, str):
                            referenced.add(value)
                        else:
                            referenced.update(value)
                for name, verb in actors.get(kind, ()):
                    who = getattr(effect, name)
                    if who is None or who in absent:
                        continue
                    found = bodily.get(who)
                    if found is None:
                        found = bodily[who] = []
                    found.append((i, ("effects", k, name), verb))
        self.effects = effects
        self.bodily = bodily
        self.referenced = referenced
        self.motivated = motivated
        self.caused = caused
        self.drawing = drawing

    def of(self, kind: type[E]) -> list[tuple[int, int, E]]:
        """Every effect of one class, in story order."""
        return cast(list[tuple[int, int, E]], self.effects.get(kind, []))
