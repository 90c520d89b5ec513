"""PM5xx presence: nobody is bodily in two places at the same moment.

Events happen at the same moment when they share a ``time`` label or are
linked by ``simultaneous_with`` (transitively). Being in a place inside
another counts as being in both. Memories, visions, recordings and the other
non-present appearances, and mentions, are not presence.
"""

from __future__ import annotations

from collections.abc import Iterator

from plotmodel.diagnostics import Related, Severity
from plotmodel.model import Kind
from plotmodel.rules import Context, Finding, rule
from plotmodel.rules._common import quote

__all__ = ["two_places_at_once"]


@rule("PM501", "two-places-at-once", Severity.ERROR)
def two_places_at_once(context: Context) -> Iterator[Finding]:
    """A character is bodily present in two different places at the same moment.

    Simultaneous events in different places need different people; a
    character in both is a cut that cannot be filmed, or a missing move.

    Fails:
        plotmodel: 1
        title: Split
        characters:
          - {id: lino, name: Lino}
        places:
          - {id: garage, name: the garage}
          - {id: station, name: the station}
        events:
          - {id: repair, name: Lino repairs a car, agents: [lino], place: garage, time: night}
          - id: report
            name: Lino reports at the station
            agents: [lino]  # PM501
            place: station
            time: night

    Passes:
        plotmodel: 1
        title: Split
        characters:
          - {id: lino, name: Lino}
        places:
          - {id: garage, name: the garage}
          - {id: station, name: the station}
        events:
          - {id: repair, name: Lino repairs a car, agents: [lino], place: garage, time: night}
          - id: report
            name: Lino's voice on the station radio
            participants: [{who: lino, appears: recording}]
            place: station
            time: night
    """
    state = context.state
    events = context.plot.events
    index = context.index
    for moment in context.order.moments():
        seen: dict[str, tuple[str, int]] = {}
        for i in moment:
            event = events[i]
            for who, path in state.presence(i):
                if index.kind(who) is not Kind.CHARACTER:
                    continue
                place = state.where(who, i)
                if place is None:
                    continue
                first = seen.get(who)
                if first is None:
                    seen[who] = (place, i)
                    continue
                other, j = first
                if state.is_within(place, other) or state.is_within(other, place):
                    continue
                if _aboard_both(context, (place, i), (other, j)):
                    continue
                yield Finding(
                    message=(
                        f"{quote(who)} is at {quote(place)} in {quote(event.id)} and at"
                        f" {quote(other)} in {quote(events[j].id)} at the same moment"
                    ),
                    path=("events", i, *path),
                    related=(
                        Related(
                            message=f"{quote(who)} is at {quote(other)} here", path=("events", j)
                        ),
                    ),
                    about=(who, event.id),
                )


def _aboard_both(context: Context, one: tuple[str, int], other: tuple[str, int]) -> bool:
    """Whether one is in person in two scenes set in the same vehicle, so with it in both.

    Each of ``one`` and ``other`` is where they are in a scene, and that scene's position.

    A scene on a train that runs north and one in its compartment at the same
    moment: wherever the train is said to be in each, it is one place.
    """
    state = context.state
    events = context.plot.events
    vehicle = events[one[1]].place
    if (
        vehicle is None
        or vehicle != events[other[1]].place
        or context.index.kind(vehicle) is not Kind.THING
    ):
        return False
    return all(place == state.event_place(k) for place, k in (one, other))
