"""Small helpers the rule families share: severity by order, ids in messages."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from plotmodel.diagnostics import DocPath, Severity
from plotmodel.model import (
    Appearance,
    Arrested,
    Damaged,
    Destroyed,
    Dies,
    Event,
    HandsOver,
    Injured,
    Moves,
    Released,
    Repaired,
    Reveal,
    Takes,
)

if TYPE_CHECKING:
    from plotmodel._order import Order

__all__ = ["before", "bodily", "quote"]


def before(order: Order, first: int, then: int) -> Severity | None:
    """How sure it is that event ``first`` comes before event ``then``.

    Returns:
        `Severity.ERROR` when it does in every order the plot allows,
        `Severity.WARNING` when only in some, ``None`` when in none.
    """
    if order.definitely_before(first, then):
        return Severity.ERROR
    if order.possibly_before(first, then):
        return Severity.WARNING
    return None


def quote(ids: list[str] | tuple[str, ...]) -> str:
    """Ids in a message: ``'a'``, ``'a' and 'b'``, ``'a', 'b' and 'c'``."""
    quoted = [f"'{one}'" for one in ids]
    if len(quoted) <= 1:
        return "".join(quoted)
    return ", ".join(quoted[:-1]) + " and " + quoted[-1]


def bodily(event: Event) -> Iterator[tuple[str, DocPath, str]]:
    """Who is bodily in an event and how: each id with its path and a verb for messages.

    Agents act, present participants take part, movers move, tellers speak,
    and the ``by`` of an effect acts. Anyone who appears in the event only as
    a memory, a recording, remains or the like is neither present nor acting.
    """
    absent = {p.who for p in event.participants if p.appears is not Appearance.PRESENT}
    for k, who in enumerate(event.agents):
        yield who, ("agents", k), "acts in"
    for k, participant in enumerate(event.participants):
        if participant.appears is Appearance.PRESENT:
            yield participant.who, ("participants", k, "who"), "takes part in"
    for k, effect in enumerate(event.effects):
        for name, verb in _EFFECT_ACTORS.get(type(effect), ()):
            who = getattr(effect, name)
            if who is not None and who not in absent:
                yield who, ("effects", k, name), verb


_EFFECT_ACTORS: dict[type, tuple[tuple[str, str], ...]] = {
    Moves: (("who", "moves in"),),
    Takes: (("who", "acts in"),),
    HandsOver: (("from_", "acts in"), ("to", "takes part in")),
    Reveal: (("by", "speaks in"),),
    Dies: (("by", "acts in"),),
    Injured: (("by", "acts in"),),
    Arrested: (("by", "acts in"),),
    Released: (("by", "acts in"),),
    Destroyed: (("by", "acts in"),),
    Damaged: (("by", "acts in"),),
    Repaired: (("by", "acts in"),),
}
