"""PM210, PM211 and PM502: story dates agree with the story's order, its moments and its journeys.

An event's ``date`` stands for the whole stretch it names (a day, a minute);
the event starts within it and, with a ``duration``, lasts that long. Every
rule here fires only when the dates make the contradiction certain: a date
at day precision and one at minute precision on that day may be the same
moment, and never disagree.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterator
from typing import NamedTuple

from plotmodel import _dates
from plotmodel.diagnostics import DocPath, Related, Severity
from plotmodel.model import Kind, Moves, Span
from plotmodel.rules import Context, Finding, rule
from plotmodel.rules._common import before, quote

__all__ = ["dated_out_of_order", "journey_too_fast", "same_moment_dated_apart"]


class _Timing(NamedTuple):
    """When a dated event can start, and how long it lasts at the least."""

    when: _dates.When
    lasts: int


def _timings(context: Context) -> dict[int, _Timing]:
    """Each dated event's timing, by listed position."""
    found: dict[int, _Timing] = {}
    for i, event in enumerate(context.plot.events):
        if event.date is None:
            continue
        try:
            when = _dates.when(event.date)
            lasts = _dates.seconds(event.duration) if event.duration else 0
        except ValueError:  # pragma: no cover - the model refuses such text
            continue
        found[i] = _Timing(when, lasts)
    return found


def _starts_before(later: _Timing, earlier: _Timing) -> bool:
    """Whether ``later`` certainly starts before ``earlier`` does: its whole date comes first."""
    _, end = _dates.widened(later.when, earlier.when)
    start, _ = _dates.widened(earlier.when, later.when)
    return end <= start


def _date(context: Context, position: int) -> str:
    return quote(context.plot.events[position].date or "")


@rule("PM210", "dated-out-of-order", Severity.ERROR)
def dated_out_of_order(context: Context) -> Iterator[Finding]:
    """A dated event comes later in story order than an event dated wholly after it.

    Events are listed in story order, so their dates must not go back: a date
    that lies wholly before the date of an event the story tells earlier is
    a typo in one of them, or an event listed in the wrong place. A
    flashback is not one: it is shown out of order (``shown_after``), but
    listed where it happens, so dates compare story order only. A date at day
    precision and one at minute precision on the same day overlap and never
    disagree, nor do events at the same moment (PM211 compares those). A
    loose event (``after``, ``before``) is placed by its date: it is reported
    only when every order the plot allows puts it out of date order.

    Fails:
        plotmodel: 1
        title: The letter
        characters:
          - {id: ines, name: Ines}
        events:
          - {id: sent, name: Ines sends the letter, agents: [ines], date: 1952-03-10}
          - id: written
            name: Ines writes the letter
            agents: [ines]
            date: 1952-03-02  # PM210

    Passes:
        plotmodel: 1
        title: The letter
        characters:
          - {id: ines, name: Ines}
        events:
          - {id: written, name: Ines writes the letter, agents: [ines], date: 1952-03}
          - {id: sent, name: Ines sends the letter, agents: [ines], date: 1952-03-10}
          - id: remembered
            name: Years later, Ines remembers writing it
            agents: [ines]
            date: 1970
            shown_before: written
    """
    timings = context.memo(_timings)
    if len(timings) < 2:
        return
    order = context.order
    events = context.plot.events
    dated = sorted(timings)
    loose = [i for i in dated if order.is_loose(i)]
    # the latest start of an earlier fixed event: below it, a later event may be out of order
    latest: int | None = None
    earlier: list[int] = []
    for j in dated:
        mine = timings[j]
        if order.is_loose(j):
            candidates = [i for i in dated if i != j]
        else:
            candidates = [i for i in loose if i != j]
            if latest is not None and mine.when.end <= latest:
                candidates += earlier  # only then can an earlier date lie wholly after this one
            earlier.append(j)
            start = mine.when.start
            latest = start if latest is None else max(latest, start)
        moment = set(order.simultaneous(j))
        found: int | None = None
        for i in candidates:
            if i in moment or not _starts_before(mine, timings[i]):
                continue
            # an order the dates agree with is the one the story takes
            if before(order, i, j) is not Severity.ERROR:
                continue
            rank = (-timings[i].when.start, abs(j - i))
            if found is None or rank < (-timings[found].when.start, abs(j - found)):
                found = i
        if found is None:
            continue
        i = found
        yield Finding(
            message=(
                f"{quote(events[j].id)} is dated {_date(context, j)}, wholly before"
                f" {quote(events[i].id)} ({_date(context, i)}), which comes earlier in story order"
            ),
            path=("events", j, "date"),
            related=(
                Related(
                    message=f"{quote(events[i].id)} is dated {_date(context, i)} here",
                    path=("events", i, "date"),
                ),
            ),
            about=(events[j].id, events[i].id),
        )


@rule("PM211", "same-moment-dated-apart", Severity.ERROR)
def same_moment_dated_apart(context: Context) -> Iterator[Finding]:
    """Events said to happen at the same moment have dates that cannot meet.

    A shared ``time`` label or ``simultaneous_with`` says two events happen
    together; their dates (with their durations) must then leave them a
    moment in common. When they cannot, either the dates or the link is wrong.

    Fails:
        plotmodel: 1
        title: Two fronts
        characters:
          - {id: ines, name: Ines}
          - {id: oskar, name: Oskar}
        events:
          - {id: storm, name: Ines storms the bridge, agents: [ines], time: dawn, date: 1944-06-06}
          - id: radio
            name: Oskar hears it on the radio
            agents: [oskar]
            time: dawn
            date: 1944-06-08  # PM211

    Passes:
        plotmodel: 1
        title: Two fronts
        characters:
          - {id: ines, name: Ines}
          - {id: oskar, name: Oskar}
        events:
          - {id: storm, name: Ines storms the bridge, agents: [ines], time: dawn, date: 1944-06-06}
          - id: radio
            name: Oskar hears it on the radio
            agents: [oskar]
            time: dawn
            date: 1944-06-06T05:40
    """
    timings = context.memo(_timings)
    events = context.plot.events
    for moment in context.order.moments():
        dated = [i for i in moment if i in timings]
        for n, j in enumerate(dated):
            apart = next((i for i in dated[:n] if _apart(timings[i], timings[j])), None)
            if apart is None:
                continue
            yield Finding(
                message=(
                    f"{quote(events[j].id)} and {quote(events[apart].id)} happen at the same"
                    f" moment, but {quote(events[j].id)} is dated {_date(context, j)} and"
                    f" {quote(events[apart].id)} {_date(context, apart)}"
                ),
                path=("events", j, "date"),
                related=(
                    Related(
                        message=f"{quote(events[apart].id)} is dated {_date(context, apart)} here",
                        path=("events", apart, "date"),
                    ),
                ),
                about=(events[j].id, events[apart].id),
            )


def _apart(one: _Timing, other: _Timing) -> bool:
    """Whether two dated events, each from its start to its end, can have no moment in common."""
    start, end = _dates.widened(one.when, other.when)
    other_start, other_end = _dates.widened(other.when, one.when)
    # an event starts within its date and, with a duration, ends that long after
    return end + one.lasts <= other_start or other_end + other.lasts <= start


class _Journey(NamedTuple):
    """A declared journey whose places both exist."""

    start: str
    to: str
    seconds: int
    one_way: bool
    path: DocPath


def _journeys(context: Context) -> list[_Journey]:
    """Every journey of the plot whose places exist, in document order."""
    kinds = context.index.kinds
    found = []
    for p, place in enumerate(context.plot.places):
        if kinds.get(place.id) is not Kind.PLACE or context.index.path(place.id) != ("places", p):
            continue  # a place defined twice travels as its first definition
        for k, journey in enumerate(place.journeys):
            if kinds.get(journey.to) is not Kind.PLACE:
                continue
            seconds = _dates.seconds(journey.takes)
            path = ("places", p, "journeys", k, "takes")
            found.append(_Journey(place.id, journey.to, seconds, journey.one_way, path))
    return found


class _Leg(NamedTuple):
    """Where someone is in one dated event: as it begins, and once it is over."""

    position: int
    place: str
    end: str
    timing: _Timing
    path: DocPath


@rule("PM502", "journey-too-fast", Severity.ERROR)
def journey_too_fast(context: Context) -> Iterator[Finding]:
    """A character is at two places at dates too close together for the journey between them.

    A place may declare the shortest time it takes to travel to another
    (``journeys: [{to: marseille, takes: PT8H}]``), both ways unless
    ``one_way``, and for every place inside each. A character bodily at one
    event and then at the next dated event they are at, somewhere else,
    needs that long from the end of the first (its date, plus its
    ``duration``) to the start of the second, in story order (either way
    round only where the order is loose). The finding is certain: even the
    largest gap the two dates allow is too short. Undated events in
    between take nothing away and give no time either. A scene of travel (a
    drive in a car that moves, a ``moves`` effect) ends where it takes them;
    one that lasts leaves at its start, so its far end needs the whole
    journey from there, and a scene in the vehicle while it is under way is
    somewhere on the way. An event that covers a stretch (``span: period``
    or ``habit``, with a ``duration``) leaves room for trips out during it.
    Someone who takes part from elsewhere
    (``appears: remote``) is where they are. Someone inside a thing that is
    moved in a dated event travels with it then, even unseen: the count
    asleep in his coffin in the hold.

    Fails:
        plotmodel: 1
        title: The night train
        characters:
          - {id: ines, name: Ines}
        places:
          - id: paris
            name: Paris
            journeys: [{to: marseille, takes: PT8H}]
          - {id: marseille, name: Marseille}
        events:
          - id: dinner
            name: Ines dines in Paris
            agents: [ines]
            place: paris
            date: 1952-03-10T20:00
            duration: PT2H
          - id: dawn
            name: Ines watches the dawn over the harbour
            agents: [ines]  # PM502
            place: marseille
            date: 1952-03-11T05:30

    Passes:
        plotmodel: 1
        title: The night train
        characters:
          - {id: ines, name: Ines}
        places:
          - id: paris
            name: Paris
            journeys: [{to: marseille, takes: PT8H}]
          - {id: marseille, name: Marseille}
        events:
          - id: dinner
            name: Ines dines in Paris
            agents: [ines]
            place: paris
            date: 1952-03-10T20:00
            duration: PT2H
          - id: dawn
            name: Ines watches the dawn over the harbour
            agents: [ines]
            place: marseille
            date: 1952-03-11T06:30
    """
    journeys = context.memo(_journeys)
    timings = context.memo(_timings)
    if not journeys or len(timings) < 2:
        return
    state = context.state
    ways = _Ways(context, journeys)
    vehicles = _vehicle_moves(context, timings)
    aboard = _aboard_under_way(context, timings, vehicles)
    riders = _carried(context, vehicles)
    for who in state.characters:
        if context.index.kind(who) is not Kind.CHARACTER:
            continue
        last: _Leg | None = None
        there = ((position, path, True) for position, _, path, _ in state.bodily(who))
        carried = riders.get(who, ())
        for position, path, bodily in heapq.merge(there, carried, key=lambda leg: leg[0]):
            timing = timings.get(position)
            if timing is None or position in aboard:
                continue
            if last is not None and last.position == position:
                continue
            place = (
                state.where(who, position) if bodily else state.place(who, state.start(position))
            )
            if place is None:
                continue
            # a scene of travel (a drive, a flight) ends where it takes them
            end = state.place(who, state.start(position + 1)) or place
            leg = _Leg(position, place, end, timing, ("events", position, *path))
            if last is not None:
                finding = _too_fast(context, who, last, leg, ways) or _left_too_late(
                    context, who, last, leg, ways
                )
                if finding is not None:
                    yield finding
            last = leg


def _left_too_late(
    context: Context, who: str, ride: _Leg, then: _Leg, ways: _Ways
) -> Finding | None:
    """The finding when ``then``, while ``ride`` is under way, is where it cannot yet be.

    A ride that lasts (a train dated 07:10, for nine hours) leaves from where
    it starts at its start: on the way the traveller may be anywhere between,
    but a place a declared journey leads to from there (the far end) needs
    that journey (off the train in Galloway at 14:00). Once the ride is over
    its own length stands for the way it took. A scene at the same moment as
    the ride is in two places at once (PM501).
    """
    if not _under_way(ride, then):
        return None
    if then.position in context.order.simultaneous(ride.position):
        return None
    leaving = ride._replace(end=ride.place, timing=ride.timing._replace(lasts=0))
    return _too_fast(context, who, leaving, then, ways)


def _vehicle_moves(context: Context, timings: dict[int, _Timing]) -> list[tuple[int, int, str]]:
    """Each move of a thing in a dated event, as (position, effect, thing), in story order."""
    index = context.index
    return [
        (step.position, step.number, step.effect.who)
        for step in context.state.effects_of(Moves)
        if step.position in timings and index.kind(step.effect.who) is Kind.THING
    ]


def _carried(
    context: Context, vehicles: list[tuple[int, int, str]]
) -> dict[str, list[tuple[int, DocPath, bool]]]:
    """For each character, the dated moves of a thing that carries them: journeys made unseen.

    The count asleep in his coffin in the hold travels when the ship sails;
    the princess asleep in the palace travels when the genie carries it off.
    In story order, as ``vehicles`` is.
    """
    state = context.state
    kinds = context.index.kind
    found: dict[str, list[tuple[int, DocPath, bool]]] = {}
    for position, number, thing in vehicles:
        moment = state.start(position)
        # whoever the thing, or a thing ever inside it, ever holds: those to ask about
        reached, waiting = {thing}, [thing]
        while waiting:
            for one in state.occupants(waiting.pop()):
                if one not in reached:
                    reached.add(one)
                    waiting.append(one)
        for who in sorted(reached):
            if kinds(who) is not Kind.CHARACTER:
                continue
            inside, seen = state.container(who, moment), {who}
            while inside is not None and inside != thing and inside not in seen:
                seen.add(inside)
                inside = state.container(inside, moment)
            if inside == thing:
                path: DocPath = ("events", position, "effects", number, "who")
                found.setdefault(who, []).append((position, path, False))
    return found


class _Ways:
    """The shortest declared journey from one place to another, looked up once per pair."""

    def __init__(self, context: Context, journeys: list[_Journey]) -> None:
        self.state = context.state
        self.journeys = journeys
        self.found: dict[tuple[str, str], _Journey | None] = {}

    def shortest(self, start: str, end: str) -> _Journey | None:
        """The shortest journey that leads from ``start`` to ``end``, or ``None``."""
        key = (start, end)
        if key not in self.found:
            within = self.state.is_within
            fitting = [
                one
                for one in self.journeys
                if (within(start, one.start) and within(end, one.to))
                or (not one.one_way and within(start, one.to) and within(end, one.start))
            ]
            self.found[key] = min(fitting, key=lambda one: one.seconds, default=None)
        return self.found[key]


def _gap(first: _Leg, then: _Leg) -> int:
    """The most time there can be from the end of ``first`` to the start of ``then`` (exclusive)."""
    start, _ = _dates.widened(first.timing.when, then.timing.when)
    _, end = _dates.widened(then.timing.when, first.timing.when)
    return end - (start + first.timing.lasts)


def _under_way(journey: _Leg, other: _Leg) -> bool:
    """Whether ``other`` may begin while ``journey``, a scene of travel that lasts, is under way.

    A ride on a train from London to Dumfries dated 10:00 and lasting eight
    hours may hold a scene in its compartment at 14:00.
    """
    if journey.end == journey.place or not journey.timing.lasts:
        return False
    return _during(journey.timing, other.timing)


def _staying(context: Context, stay: _Leg, other: _Leg) -> bool:
    """Whether ``other`` may begin during ``stay``, an event that covers a stretch of time.

    Twelve days hidden in a hut on the moor (``span: period`` with a
    ``duration``) leave room for a walk into town on one of them.
    """
    event = context.plot.events[stay.position]
    return event.span is not Span.MOMENT and _during(stay.timing, other.timing)


def _during(journey: _Timing, other: _Timing) -> bool:
    """Whether an event timed ``other`` may begin while one timed ``journey`` is going on."""
    start, end = _dates.widened(journey.when, other.when)
    other_start, other_end = _dates.widened(other.when, journey.when)
    return other_end > start and other_start < end + journey.lasts


def _aboard_under_way(
    context: Context, timings: dict[int, _Timing], vehicles: list[tuple[int, int, str]]
) -> set[int]:
    """The dated scenes set in a vehicle while a dated move of it that lasts may be under way.

    Where the vehicle is then, the plot does not say: on the way, anywhere
    between (back aboard the steamer an hour after going ashore at Kazan,
    on a voyage to Perm), so such a scene gives no place to travel from or to.
    """
    voyages: dict[str, list[tuple[int, _Timing]]] = {}
    for position, _, thing in vehicles:
        if timings[position].lasts:
            voyages.setdefault(thing, []).append((position, timings[position]))
    if not voyages:
        return set()
    events = context.plot.events
    return {
        position
        for position, timing in timings.items()
        if any(
            start < position and _during(voyage, timing)
            for start, voyage in voyages.get(events[position].place or "", ())
        )
    }


def _too_fast(context: Context, who: str, first: _Leg, then: _Leg, ways: _Ways) -> Finding | None:
    """The finding when neither leg can come first in time with room for the journey."""
    state = context.state
    if _under_way(first, then) or _under_way(then, first):
        return None  # on the way, they may be anywhere between
    if _staying(context, first, then) or _staying(context, then, first):
        return None  # a stay of days, and a trip out in the middle of it
    options: list[tuple[int, _Journey | None]] = []
    # the later in story order may come first in time only where the order is loose
    turns = [(first, then)]
    if context.order.possibly_before(then.position, first.position):
        turns.append((then, first))
    for one, other in turns:
        # from where the one that comes first in time leaves off, to where the other begins
        start, end = one.end, other.place
        near = state.is_within(start, end) or state.is_within(end, start)
        options.append((_gap(one, other), None if near else ways.shortest(start, end)))
    if all(way is None for _, way in options):
        return None
    # the gaps are upper bounds never reached, so a gap no longer than the journey is too short
    if any(gap > (way.seconds if way is not None else 0) for gap, way in options):
        return None
    gap, way = max(((g, w) for g, w in options if w is not None), key=lambda option: option[0])
    events = context.plot.events
    left = f"less than {_dates.readable_length(gap)}" if gap > 0 else "no time"
    takes = _dates.readable_length(way.seconds)
    return Finding(
        message=(
            f"{quote(who)} is at {quote(first.end)} in {quote(events[first.position].id)} and"
            f" at {quote(then.place)} in {quote(events[then.position].id)}, but the dates leave"
            f" {left} for a journey of at least {takes}"
        ),
        path=then.path,
        related=(
            Related(message=f"{quote(who)} is at {quote(first.end)} here", path=first.path),
            Related(
                message=(
                    f"the journey from {quote(way.start)} to {quote(way.to)}"
                    f" takes at least {takes} here"
                ),
                path=way.path,
            ),
        ),
        about=(who, events[then.position].id),
    )
