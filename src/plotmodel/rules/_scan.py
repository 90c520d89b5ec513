"""One pass over the events that indexes what the rules look up: effects by kind, bodily presence.

Rules then visit only the few events that matter to them (those of the
characters who ever die, the things ever destroyed...) instead of each
rescanning the whole timeline.
"""

from __future__ import annotations

from collections import defaultdict
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


# The scan reads these event fields by name; the table must not grow others unseen.
assert _id_fields(Event) == ("agents", "mentions", "place")
assert _id_fields(Participant) == ("who",)


# Paths inside an event, made once: most events have few agents, participants and effects.
_SHARED = 16
_AGENT_PATHS: Final = [("agents", k) for k in range(_SHARED)]
_PARTICIPANT_PATHS: Final = [("participants", k, "who") for k in range(_SHARED)]
_EFFECT_PATHS: Final[dict[str, list[DocPath]]] = {
    name: [("effects", k, name) for k in range(_SHARED)]
    for names in _ACTORS.values()
    for name, _ in names
}


#: Per effect class, each id field with its verb (``None``: referred to, not bodily) and paths.
_PLANS: Final[dict[type, tuple[tuple[str, str | None, list[DocPath]], ...]]] = {
    kind: tuple(
        (name, dict(_ACTORS.get(kind, ())).get(name), _EFFECT_PATHS.get(name, []))
        for name in _id_fields(kind)
    )
    for kind in EFFECT_TYPES
}


class Scan:
    """What the rules look up about events, gathered in one pass.

    Attributes:
        effects: Every effect by its class, as ``(event position, effect index, effect)``.
        referenced: The ids events refer to, in fields that may name a
            character, thing, place or group, but not bodily (see `used`).
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
        effects: defaultdict[type, list[tuple[int, int, Effect]]] = defaultdict(list)
        bodily: defaultdict[str, list[Bodily]] = defaultdict(list)
        referenced: set[str] = set()
        motivated: list[int] = []
        caused: list[int] = []
        drawing: list[int] = []
        plans = _PLANS
        agent_paths, participant_paths, shared = _AGENT_PATHS, _PARTICIPANT_PATHS, _SHARED
        for i, event in enumerate(events):
            if event.mentions:
                referenced.update(event.mentions)
            if event.place is not None:
                referenced.add(event.place)
            if event.motivated_by:
                motivated.append(i)
            if event.causes:
                caused.append(i)
            if event.relationships:
                drawing.append(i)
            for k, who in enumerate(event.agents):
                bodily[who].append((i, agent_paths[k] if k < shared else ("agents", k), "acts in"))
            absent: set[str] | tuple[()] = ()
            for k, participant in enumerate(event.participants):
                who = participant.who
                if participant.appears is _PRESENT:
                    path = participant_paths[k] if k < shared else ("participants", k, "who")
                    bodily[who].append((i, path, "takes part in"))
                else:
                    referenced.add(who)
                    if not absent:
                        absent = set()
                    absent.add(who)
            for k, effect in enumerate(event.effects):
                kind = type(effect)
                effects[kind].append((i, k, effect))
                for name, verb, paths in plans[kind]:
                    value = getattr(effect, name)
                    if not value:
                        continue
                    if verb is None or value in absent:
                        if isinstance(value, str):
                            referenced.add(value)
                        else:
                            referenced.update(value)
                    else:
                        at = paths[k] if k < shared else ("effects", k, name)
                        bodily[value].append((i, at, verb))
        self.effects = dict(effects)
        self.bodily = dict(bodily)
        self.referenced = referenced
        self.motivated = motivated
        self.caused = caused
        self.drawing = drawing

    def used(self) -> set[str]:
        """Every id events refer to where a character, thing, place or group may stand."""
        return self.referenced | self.bodily.keys()

    def of(self, kind: type[E]) -> list[tuple[int, int, E]]:
        """Every effect of one class, in story order."""
        return cast(list[tuple[int, int, E]], self.effects.get(kind, []))
