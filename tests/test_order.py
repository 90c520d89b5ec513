"""The orders of events, checked against every order the constraints allow, enumerated."""

from __future__ import annotations

import itertools
from unittest import mock

from hypothesis import given, settings
from hypothesis import strategies as st

from plotmodel import order as _order
from plotmodel.model import Event
from plotmodel.order import Order

# six events at most: examples are cheap, and the enumeration wants many
MORE = settings(max_examples=3 * settings.default.max_examples)


@st.composite
def timelines(draw: st.DrawFn, *, max_events: int = 6) -> tuple[Event, ...]:
    """Up to six events with random ``after``/``before``, screen anchors and shared times."""
    count = draw(st.integers(1, max_events))
    ids = [f"e{i}" for i in range(count)]
    some = st.sampled_from(ids)
    events = []
    for event_id in ids:
        loose = draw(st.integers(0, 3)) == 0
        anchor = draw(st.sampled_from(("none", "after", "before")))
        events.append(
            Event(
                id=event_id,
                name=event_id,
                after=tuple(draw(st.lists(some, max_size=2, unique=True))) if loose else (),
                before=tuple(draw(st.lists(some, max_size=2, unique=True))) if loose else (),
                time=draw(st.none() | st.sampled_from(("dawn", "dusk"))),
                simultaneous_with=tuple(draw(st.lists(some, max_size=1))),
                shown_after=draw(some) if anchor == "after" else None,
                shown_before=draw(some) if anchor == "before" else None,
            )
        )
    return tuple(events)


def order_of(events: tuple[Event, ...]) -> Order:
    return Order.of(events, {e.id: i for i, e in enumerate(events)})


def allowed_orders(events: tuple[Event, ...]) -> list[dict[int, int]]:
    """Every order the constraints allow, as a rank per listed position, by brute force."""
    position = {e.id: i for i, e in enumerate(events)}
    fixed = [i for i, e in enumerate(events) if not e.is_loose]
    rules = [(position[o], i) for i, e in enumerate(events) for o in e.after]
    rules += [(i, position[o]) for i, e in enumerate(events) for o in e.before]
    found = []
    for permutation in itertools.permutations(range(len(events))):
        rank = {event: place for place, event in enumerate(permutation)}
        if all(rank[a] < rank[b] for a, b in itertools.pairwise(fixed)) and all(
            rank[a] < rank[b] for a, b in rules
        ):
            found.append(rank)
    return found


@MORE
@given(timelines())
def test_before_in_every_or_some_order_matches_the_enumeration(events: tuple[Event, ...]) -> None:
    orders = allowed_orders(events)
    # with every reach kept whole, and with none kept, so that every question searches
    for limit in (_order._MAX_INTERVALS, 0):
        with mock.patch.object(_order, "_MAX_INTERVALS", limit):
            order = order_of(events)
            assert bool(orders) is not bool(order.cycles or order.impossible)
            if not orders:
                return
            for a, b in itertools.permutations(range(len(events)), 2):
                assert order.definitely_before(a, b) is all(r[a] < r[b] for r in orders)
                assert order.possibly_before(a, b) is any(r[a] < r[b] for r in orders)


@st.composite
def tangles(draw: st.DrawFn) -> tuple[Event, ...]:
    """Up to sixty events, most loose: chains, interleaved chains, joins and a few back links."""
    count = draw(st.integers(2, 60))
    strands = draw(st.integers(1, 4))
    events = []
    for i in range(count):
        after: set[int] = set()
        before: set[int] = set()
        if i and draw(st.integers(0, 4)):
            # the previous event of its own strand, as interleaved chains of ``after`` do
            after.add(max(0, i - strands))
            after.update(draw(st.lists(st.integers(0, i - 1), max_size=2)))
        if i + 1 < count and draw(st.integers(0, 5)) == 0:
            before.add(draw(st.integers(i + 1, count - 1)))
        if draw(st.integers(0, 15)) == 0:
            after.add(draw(st.integers(0, count - 1)))  # maybe against the listing, or a cycle
        events.append(
            Event(
                id=f"e{i}",
                name=f"e{i}",
                after=tuple(f"e{j}" for j in sorted(after)),
                before=tuple(f"e{j}" for j in sorted(before)),
            )
        )
    return tuple(events)


def reachable(events: tuple[Event, ...]) -> set[tuple[int, int]]:
    """Every pair joined by a path of the listing of fixed events and the constraints."""
    position = {e.id: i for i, e in enumerate(events)}
    fixed = [i for i, e in enumerate(events) if not (e.after or e.before)]
    succs: dict[int, set[int]] = {i: set() for i in range(len(events))}
    for a, b in itertools.pairwise(fixed):
        succs[a].add(b)
    for i, event in enumerate(events):
        for other in event.after:
            succs[position[other]].add(i)
        succs[i].update(position[other] for other in event.before)
    pairs = set()
    for start in succs:
        seen, frontier = set(), [start]
        while frontier:
            for succ in succs[frontier.pop()]:
                if succ not in seen:
                    seen.add(succ)
                    frontier.append(succ)
        pairs |= {(start, end) for end in seen}
    return pairs


@MORE
@given(tangles(), st.sampled_from([_order._MAX_INTERVALS, 2, 1, 0]))
def test_before_in_every_order_is_a_path_of_constraints(
    events: tuple[Event, ...], limit: int
) -> None:
    with mock.patch.object(_order, "_MAX_INTERVALS", limit):
        order = order_of(events)
        if order.cycles or order.impossible:
            return  # no order is allowed at all
        paths = reachable(events)
        for a, b in itertools.permutations(range(len(events)), 2):
            assert order.definitely_before(a, b) is ((a, b) in paths)
            assert order.possibly_before(a, b) is ((b, a) not in paths)


@MORE
@given(timelines())
def test_bounds_are_the_tightest_fixed_events_around_a_loose_one(
    events: tuple[Event, ...],
) -> None:
    order = order_of(events)
    orders = allowed_orders(events)
    if not orders:
        return
    fixed = order.fixed
    for event in range(len(events)):
        if not order.is_loose(event):
            assert order.bounds(event) == (event, event)
            assert order.earliest(event) == order.latest(event) == event
            continue
        always_after = [f for f in fixed if all(r[f] < r[event] for r in orders)]
        always_before = [f for f in fixed if all(r[event] < r[f] for r in orders)]
        expected = (max(always_after, default=None), min(always_before, default=None))
        assert order.bounds(event) == expected
        low, high = expected
        assert order.earliest(event) == (0 if low is None else low + 1)
        assert order.latest(event) == (len(events) - 1 if high is None else high - 1)


@MORE
@given(timelines())
def test_the_listing_breaks_exactly_the_constraints_it_puts_the_wrong_way(
    events: tuple[Event, ...],
) -> None:
    order = order_of(events)
    broken = {(c.earlier, c.later, c.path) for c in order.against_listing()}
    expected = set()
    for i, event in enumerate(events):
        for k, other in enumerate(event.after):
            j = int(other[1:])
            if j >= i:
                expected.add((j, i, ("events", i, "after", k)))
        for k, other in enumerate(event.before):
            j = int(other[1:])
            if i >= j:
                expected.add((i, j, ("events", i, "before", k)))
    assert broken == expected


@MORE
@given(timelines())
def test_screen_order_puts_each_anchored_event_beside_its_anchor(
    events: tuple[Event, ...],
) -> None:
    order = order_of(events)
    screen = order.screen_order()
    assert sorted(screen) == list(range(len(events)))
    assert all(order.screen_position(i) == screen.index(i) for i in range(len(events)))
    in_cycles = {i for cycle in order.screen_cycles for i in cycle}
    unanchored = [
        i
        for i, e in enumerate(events)
        if e.shown_after in {None, e.id} and e.shown_before in {None, e.id}
    ]
    assert [i for i in screen if i in unanchored] == unanchored
    for i, event in enumerate(events):
        if i in in_cycles:
            continue
        if event.shown_after not in {None, event.id}:
            anchor = int(event.shown_after[1:])
            if anchor not in in_cycles:
                assert order.screen_position(anchor) < order.screen_position(i)
        if event.shown_before not in {None, event.id}:
            anchor = int(event.shown_before[1:])
            if anchor not in in_cycles:
                assert order.screen_position(i) < order.screen_position(anchor)


@MORE
@given(timelines())
def test_simultaneous_events_are_the_closure_of_shared_times_and_links(
    events: tuple[Event, ...],
) -> None:
    order = order_of(events)
    size = len(events)
    linked = {(i, i) for i in range(size)}
    for i, event in enumerate(events):
        for j, other in enumerate(events):
            if event.time is not None and event.time == other.time:
                linked.add((i, j))
        for other_id in event.simultaneous_with:
            j = int(other_id[1:])
            linked |= {(i, j), (j, i)}
    changed = True
    while changed:
        closed = linked | {(a, d) for a, b in linked for c, d in linked if b == c}
        changed, linked = closed != linked, closed
    for i in range(size):
        assert order.simultaneous(i) == tuple(sorted(j for j in range(size) if (i, j) in linked))
    assert order.moments() == tuple(
        sorted({order.simultaneous(i) for i in range(size) if len(order.simultaneous(i)) > 1})
    )


def test_a_loose_event_bounded_the_wrong_way_round_is_impossible() -> None:
    events = (
        Event(id="shot", name="the shot"),
        Event(id="car-hidden", name="the car is hidden"),
        Event(id="plot", name="the plot", after=("car-hidden",), before=("shot",)),
    )
    order = order_of(events)
    assert order.impossible == (2,)
    assert order.cycles == ()


def test_loose_events_that_wait_on_each_other_form_a_cycle() -> None:
    events = (
        Event(id="a", name="a", after=("b",)),
        Event(id="b", name="b", after=("a",)),
        Event(id="c", name="c", after=("c",)),
    )
    assert order_of(events).cycles == ((0, 1), (2,))


def test_a_long_chain_of_screen_anchors_needs_no_recursion() -> None:
    size = 5000
    events = tuple(
        Event(id=f"e{i}", name="a beat", shown_before=f"e{i - 1}" if i else None)
        for i in range(size)
    )
    assert order_of(events).screen_order() == tuple(range(size - 1, -1, -1))
