"""The orders of a plot's events: story order, screen order and the partial order.

Events are listed in story order, but an event with ``after`` or ``before`` is
*loose*: its listed position is only a best guess. The events without such
constraints are *fixed* and keep their listed relative order. Every order the
constraints allow is a linear extension of one partial order; this module
answers "is ``a`` before ``b`` in every allowed order, or in some?" with a
lookup or a bisect, so rules can tell an error (in every order) from a
warning (in some).

Among fixed events the listing answers. A loose event is tied to the fixed
ones by the nearest fixed event it must follow and the nearest it must
precede. Between two loose events, the answer is whether a chain of
constraints leads from one to the other: each loose event carries the
intervals of a numbering of a spanning forest that its chains reach (see
`_Reach`), so a chain of ``after``, a tree, or several interleaved chains
answer every question with one bisect.

Positions here are listed positions: the index of an event in ``Plot.events``.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterator, Mapping, Sequence

from attrs import frozen

from plotmodel.model import Event

__all__ = ["Constraint", "Order", "ScreenListProblem", "ScreenTie"]

#: The most intervals one loose event's reach keeps. Chains, trees and
#: interleaved chains need one or a few; a tangle that needs more is searched,
#: through its tangled part only, so memory stays linear in the plot.
_MAX_INTERVALS = 32


@frozen(kw_only=True)
class Constraint:
    """One ``after``/``before`` entry of an event, read as "``earlier`` comes before ``later``".

    Attributes:
        earlier: Listed position of the event that must come first.
        later: Listed position of the event that must come second.
        declared_in: Listed position of the event whose field states it.
        key: The field that states it: ``after`` or ``before``.
        index: The entry's index in that field, for a document path.
    """

    earlier: int
    later: int
    declared_in: int
    key: str
    index: int

    @property
    def path(self) -> tuple[str | int, ...]:
        """Where the constraint is written in the plot document."""
        return ("events", self.declared_in, self.key, self.index)


@frozen(kw_only=True)
class ScreenTie:
    """Two events anchored to the same side of one event, so both claim one screen position.

    Attributes:
        first: Listed position of the event anchored there first.
        then: Listed position of the other.
        anchor: Listed position of the event they are both anchored to.
        key: ``shown_after`` or ``shown_before``.
    """

    first: int
    then: int
    anchor: int
    key: str


@frozen(kw_only=True)
class ScreenListProblem:
    """A way the plot's whole screen order fails to tell its shown events once each.

    Attributes:
        index: The entry's index in ``Plot.screen`` (``None`` for an event the list leaves out).
        event: Listed position of the event concerned.
        problem: ``missing``, ``twice``, ``not shown``, or the anchor key the list contradicts.
        anchor: For a contradicted anchor, the listed position of the event it names.
    """

    index: int | None
    event: int
    problem: str
    anchor: int | None = None


class Order:
    """Story order, screen order, simultaneity and the partial order of one plot's events.

    Build it with `Order.of`; every answer after that is a lookup or a bisect.
    """

    __slots__ = (
        "_constraints",
        "_group",
        "_groups",
        "_hi",
        "_lo",
        "_loose",
        "_loose_edges",
        "_rank",
        "_reach",
        "_screen",
        "_screen_position",
        "cycles",
        "fixed",
        "impossible",
        "list_problems",
        "off_screen",
        "screen_cycles",
        "screen_ties",
        "size",
    )

    #: Listed positions of the fixed events, in order: rank ``k`` is ``fixed[k]``.
    fixed: tuple[int, ...]
    #: Cycles among ``after``/``before`` constraints, each as listed positions.
    cycles: tuple[tuple[int, ...], ...]
    #: Loose events that must follow a fixed event that comes after one they must precede.
    impossible: tuple[int, ...]
    #: Cycles among ``shown_after``/``shown_before`` anchors, each as listed positions;
    #: an event anchored to itself is a cycle of one.
    screen_cycles: tuple[tuple[int, ...], ...]
    #: Two events anchored to the same side of the same event: the film can show only one there.
    screen_ties: tuple[ScreenTie, ...]
    #: Anchors from or to an event the film does not show: ``(event, anchor, key)``.
    off_screen: list[tuple[int, int, str]]
    #: Where the plot's whole screen order (``Plot.screen``) is not a telling of its shown events.
    list_problems: list[ScreenListProblem]
    #: How many events the plot lists.
    size: int

    def __init__(self) -> None:
        """Use `Order.of`; an empty order has no events."""
        self.size = 0
        self.fixed = ()
        self.cycles = ()
        self.impossible = ()
        self.screen_cycles = ()
        self.screen_ties = ()
        self.off_screen = []
        self.list_problems = []
        self._rank: list[int] = []
        self._lo: list[int] = []
        self._hi: list[int] = []
        self._loose: dict[int, int] = {}
        self._loose_edges: dict[int, list[int]] = {}
        self._reach: _Reach | None = None
        self._constraints: tuple[Constraint, ...] = ()
        self._screen: tuple[int, ...] = ()
        self._screen_position: list[int | None] = []
        self._group: dict[int, int] = {}
        self._groups: dict[int, tuple[int, ...]] = {}

    @classmethod
    def of(
        cls, events: Sequence[Event], position: Mapping[str, int], screen: Sequence[str] = ()
    ) -> Order:
        """Compute every order of ``events`` in linear time (plus the loose events' closure).

        Args:
            events: The plot's events in listed order.
            position: Each event id's listed position (its first definition);
                references to ids not in it are ignored here and reported by
                the reference rules.
            screen: The whole screen order as event ids, when the plot gives it;
                otherwise story order with each event's own screen anchor.
        """
        order = cls()
        order.size = len(events)
        order._partial(events, position)
        order._screen_orders(events, position, screen)
        order._simultaneity(events, position)
        return order

    # -- partial order -------------------------------------------------------

    def _partial(self, events: Sequence[Event], position: Mapping[str, int]) -> None:
        size = len(events)
        rank = [-1] * size
        fixed: list[int] = []
        constraints: list[Constraint] = []
        for i, event in enumerate(events):
            if not (event.after or event.before):
                rank[i] = len(fixed)
                fixed.append(i)
                continue
            for k, other in enumerate(event.after):
                j = position.get(other)
                if j is not None:
                    constraints.append(
                        Constraint(earlier=j, later=i, declared_in=i, key="after", index=k)
                    )
            for k, other in enumerate(event.before):
                j = position.get(other)
                if j is not None:
                    constraints.append(
                        Constraint(earlier=i, later=j, declared_in=i, key="before", index=k)
                    )
        none_before = -1
        none_after = len(fixed)
        lo = [r if r >= 0 else none_before for r in rank]
        hi = [r if r >= 0 else none_after for r in rank]
        loose_edges: dict[int, list[int]] = {}
        indegree: dict[int, int] = {i: 0 for i in range(size) if rank[i] < 0}
        self_loops: list[int] = []
        for c in constraints:
            a, b = c.earlier, c.later
            if a == b:
                self_loops.append(a)
            elif rank[a] >= 0 and rank[b] >= 0:
                continue  # two fixed events: already ordered by their listing
            elif rank[a] >= 0:
                lo[b] = max(lo[b], rank[a])
            elif rank[b] >= 0:
                hi[a] = min(hi[a], rank[b])
            else:
                loose_edges.setdefault(a, []).append(b)
                indegree[b] += 1
        topo = _kahn(indegree, loose_edges)
        for a in topo:
            for b in loose_edges.get(a, ()):
                lo[b] = max(lo[b], lo[a])
        for a in reversed(topo):
            for b in loose_edges.get(a, ()):
                hi[a] = min(hi[a], hi[b])
        cycles = _cycles(set(indegree) - set(topo), loose_edges)
        cycles.extend((i,) for i in sorted(set(self_loops)))
        self.fixed = tuple(fixed)
        self._rank = rank
        self._lo = lo
        self._hi = hi
        self._loose = {node: bit for bit, node in enumerate(topo)}
        self._loose_edges = loose_edges
        self._constraints = tuple(constraints)
        self.cycles = tuple(sorted(cycles))
        self.impossible = tuple(i for i in topo if lo[i] >= hi[i])

    @property
    def is_listed(self) -> bool:
        """Whether no event is loose: the listed order is the only order the plot allows."""
        return len(self.fixed) == self.size

    def is_loose(self, event: int) -> bool:
        """Whether the event's listed position is only a guess within its constraints."""
        return self._rank[event] < 0

    def earliest(self, event: int) -> int:
        """The first listed position after every fixed event that ``event`` must follow.

        A loose event lies somewhere from here to `latest` in every allowed
        order; the loose events it is tied to may narrow that further.
        """
        if self._rank[event] >= 0:
            return event
        lo = self._lo[event]
        return self.fixed[lo] + 1 if lo >= 0 else 0

    def latest(self, event: int) -> int:
        """The last listed position before every fixed event that ``event`` must precede."""
        if self._rank[event] >= 0:
            return event
        hi = self._hi[event]
        return self.fixed[hi] - 1 if hi < len(self.fixed) else self.size - 1

    def bounds(self, event: int) -> tuple[int | None, int | None]:
        """The fixed events (listed positions) the event must follow and precede, if any."""
        if self._rank[event] >= 0:
            return (event, event)
        lo, hi = self._lo[event], self._hi[event]
        return (
            self.fixed[lo] if lo >= 0 else None,
            self.fixed[hi] if hi < len(self.fixed) else None,
        )

    def definitely_before(self, a: int, b: int) -> bool:
        """Whether event ``a`` comes before event ``b`` in every order the constraints allow."""
        if a == b:
            return False
        rank = self._rank
        ra, rb = rank[a], rank[b]
        after_a = ra if ra >= 0 else self._hi[a]
        before_b = rb if rb >= 0 else self._lo[b]
        if after_a <= before_b:
            return True
        if ra >= 0 or rb >= 0:
            return False
        return self._reaches(a, b)

    def possibly_before(self, a: int, b: int) -> bool:
        """Whether event ``a`` comes before event ``b`` in at least one allowed order."""
        return a != b and not self.definitely_before(b, a)

    def constraints(self) -> tuple[Constraint, ...]:
        """Every ``after``/``before`` entry that names a known event, in document order."""
        return self._constraints

    def against_listing(self) -> Iterator[Constraint]:
        """The constraints that the listed order itself breaks (the best guess is wrong)."""
        return (c for c in self._constraints if c.earlier >= c.later)

    def _reaches(self, a: int, b: int) -> bool:
        """Whether a chain of constraints among loose events leads from ``a`` to ``b``."""
        if self._reach is None:
            # built on the first question: many plots never ask about two loose events
            self._reach = _Reach(self._loose, self._loose_edges)
        return self._reach.leads(a, b)

    # -- screen order --------------------------------------------------------

    def _screen_orders(
        self, events: Sequence[Event], position: Mapping[str, int], listed: Sequence[str]
    ) -> None:
        size = len(events)
        shown = [event.shown for event in events]
        # each event's screen anchor: the key, and the anchor's position when it names an event
        anchors: dict[int, tuple[str, int]] = {}
        for i, event in enumerate(events):
            if event.shown_after is None and event.shown_before is None:
                continue  # most events: on screen in story order, or where the list puts them
            key = "shown_after" if event.shown_after is not None else "shown_before"
            found = position.get(event.shown_after or event.shown_before or "")
            if found is None:
                continue
            if shown[i] and shown[found]:
                anchors[i] = (key, found)
            else:
                self.off_screen.append((i, found, key))
        if listed:
            self._screen_from_list(events, position, listed, shown)
            return
        shown_after: dict[int, list[int]] = {}
        shown_before: dict[int, list[int]] = {}
        roots: list[int] = []
        anchor_of: dict[int, list[int]] = {}
        ties: list[ScreenTie] = []
        self_anchored: list[int] = []
        for i in range(size):
            key, j = anchors.get(i, ("", None))
            # an anchor off screen is reported as such, and gives no place on screen to take
            if j == i:
                self_anchored.append(i)
            if j is None or j == i:
                if shown[i]:
                    roots.append(i)
                continue
            anchor_of[i] = [j]
            beside = shown_after if key == "shown_after" else shown_before
            others = beside.setdefault(j, [])
            if others:
                ties.append(ScreenTie(first=others[0], then=i, anchor=j, key=key))
            others.append(i)
        screen: list[int] = []
        emitted = [not one for one in shown]  # events not shown are never emitted
        for root in roots:
            if root in shown_before or root in shown_after:
                _emit(root, shown_before, shown_after, emitted, screen)
            else:
                emitted[root] = True
                screen.append(root)
        # events whose anchors form a cycle never hang from a root: show them last, in story order
        stranded = [i for i in range(size) if not emitted[i]]
        cycles: list[tuple[int, ...]] = []
        if stranded:
            cycles = _cycles(set(stranded), anchor_of)
            # a cycle's events stand in for a root, so what hangs from them still follows them
            in_cycles = sorted({i for cycle in cycles for i in cycle})
            for i in (*in_cycles, *stranded):
                if not emitted[i]:
                    _emit(i, shown_before, shown_after, emitted, screen)
        cycles.extend((i,) for i in self_anchored)
        self._set_screen(screen, size)
        self.screen_cycles = tuple(sorted(cycles))
        self.screen_ties = tuple(ties)

    def _screen_from_list(
        self,
        events: Sequence[Event],
        position: Mapping[str, int],
        listed: Sequence[str],
        shown: list[bool],
    ) -> None:
        """The screen order the plot gives whole: each shown event once, in the order listed."""
        screen: list[int] = []
        placed: dict[int, int] = {}
        for k, event_id in enumerate(listed):
            i = position.get(event_id)
            if i is None:
                continue  # names no event: the reference rules report it
            if not shown[i]:
                self.list_problems.append(ScreenListProblem(index=k, event=i, problem="not shown"))
            elif i in placed:
                self.list_problems.append(ScreenListProblem(index=k, event=i, problem="twice"))
            else:
                placed[i] = k
                screen.append(i)
        for i, one in enumerate(shown):
            if one and i not in placed:
                self.list_problems.append(ScreenListProblem(index=None, event=i, problem="missing"))
                screen.append(i)  # still shown somewhere: last, in story order
        # an event's own anchors must agree with the list
        at = {i: n for n, i in enumerate(screen)}
        for i, event in enumerate(events):
            for key, anchor, step in (
                ("shown_after", event.shown_after, -1),
                ("shown_before", event.shown_before, 1),
            ):
                j = position.get(anchor) if anchor is not None else None
                if j is None or i not in at or j not in at or not (shown[i] and shown[j]):
                    continue
                if at[i] + step != at[j]:
                    self.list_problems.append(
                        ScreenListProblem(index=None, event=i, problem=key, anchor=j)
                    )
        self._set_screen(screen, len(events))

    def _set_screen(self, screen: list[int], size: int) -> None:
        screen_position: list[int | None] = [None] * size
        for place, i in enumerate(screen):
            screen_position[i] = place
        self._screen = tuple(screen)
        self._screen_position = screen_position

    def screen_order(self) -> tuple[int, ...]:
        """Listed positions in the order the film shows the events."""
        return self._screen

    def screen_position(self, event: int) -> int | None:
        """Where the film shows the event: 0 for the first on screen, ``None`` when not shown."""
        return self._screen_position[event]

    # -- simultaneity --------------------------------------------------------

    def _simultaneity(self, events: Sequence[Event], position: Mapping[str, int]) -> None:
        # union-find over only the events that share a time or name a simultaneous one
        parent: dict[int, int] = {}

        def find(i: int) -> int:
            root = parent.setdefault(i, i)
            while root != parent[root]:
                root = parent[root]
            while parent[i] != root:
                parent[i], i = root, parent[i]
            return root

        def union(i: int, j: int) -> None:
            ri, rj = find(i), find(j)
            if ri != rj:
                parent[max(ri, rj)] = min(ri, rj)

        by_label: dict[str, int] = {}
        for i, event in enumerate(events):
            if event.time is not None:
                first = by_label.setdefault(event.time, i)
                if first != i:
                    union(first, i)
            for other in event.simultaneous_with:
                j = position.get(other)
                if j is not None:
                    union(i, j)
        members: dict[int, list[int]] = {}
        for i in sorted(parent):
            members.setdefault(find(i), []).append(i)
        self._group = {i: find(i) for i in parent}
        self._groups = {root: tuple(m) for root, m in members.items() if len(m) > 1}

    def simultaneous(self, event: int) -> tuple[int, ...]:
        """The events happening at the same moment as ``event`` (itself included), listed order."""
        return self._groups.get(self._group.get(event, event), (event,))

    def moments(self) -> tuple[tuple[int, ...], ...]:
        """Every set of two or more events that happen at the same moment, in listed order."""
        return tuple(sorted(self._groups.values()))


class _Reach:
    """Which loose events each loose event leads to, by chains of constraints.

    A spanning forest of the constraint graph is numbered in post-order, so
    that each event's subtree is one interval of numbers. An event reaches
    its own interval and whatever its successors reach: intervals merged,
    kept sorted. ``b`` is reached from ``a`` when ``b``'s number falls in one
    of ``a``'s intervals; one bisect. Each event's tree parent is its
    predecessor latest in topological order, so that a chain with extra
    links to earlier events (``after: [previous, much-earlier]``) is still
    one interval per event. An event whose reach would need more than
    `_MAX_INTERVALS` keeps only some of it, and a question it cannot settle
    searches the events below it, down to those whose reach is complete.
    """

    __slots__ = ("_complete", "_edges", "_number", "_rank", "_reach")

    def __init__(self, rank: Mapping[int, int], edges: Mapping[int, list[int]]) -> None:
        """Number the forest and gather each event's intervals, in time linear in the graph.

        Args:
            rank: Each loose event outside any cycle, by its topological rank.
            edges: The constraints among loose events, from earlier to later.
        """
        topo = sorted(rank, key=rank.__getitem__)
        parent: dict[int, int] = {}
        for node in topo:
            for succ in edges.get(node, ()):
                if succ in rank:
                    parent[succ] = node  # the last one set is the latest predecessor
        children: dict[int, list[int]] = {}
        for node in topo:
            if node in parent:
                children.setdefault(parent[node], []).append(node)
        number: dict[int, int] = {}
        low: dict[int, int] = {}
        for root in (node for node in topo if node not in parent):
            # depth first without recursion: a node's subtree takes the numbers from its
            # entry count to its own
            stack = [(root, iter(children.get(root, ())))]
            low[root] = len(number)
            while stack:
                node, kids = stack[-1]
                kid = next(kids, None)
                if kid is None:
                    stack.pop()
                    number[node] = len(number)
                else:
                    low[kid] = len(number)
                    stack.append((kid, iter(children.get(kid, ()))))
        reach: dict[int, tuple[int, ...]] = {}
        complete: dict[int, bool] = {}
        for node in reversed(topo):
            own = (low[node], number[node] + 1)
            succs = [s for s in edges.get(node, ()) if s in rank]
            merged = _merged([own, *(reach[s] for s in succs)])
            whole = all(complete[s] for s in succs)
            if len(merged) > 2 * _MAX_INTERVALS:
                merged, whole = merged[: 2 * _MAX_INTERVALS], False
            reach[node] = merged
            complete[node] = whole
        self._rank = rank
        self._edges = edges
        self._number = number
        self._reach = reach
        self._complete = complete

    def leads(self, a: int, b: int) -> bool:
        """Whether a chain of constraints leads from loose event ``a`` to loose event ``b``."""
        rank = self._rank
        rank_a, rank_b = rank.get(a), rank.get(b)
        if rank_a is None or rank_b is None or rank_a >= rank_b:
            return False  # a chain only ever goes forward in a topological order
        target = self._number[b]
        reach = self._reach
        if bisect.bisect_right(reach[a], target) & 1:
            return True
        if self._complete[a]:
            return False
        # below an incomplete reach: search, never past ``b``, trusting every complete reach
        stack, seen = [a], {a}
        while stack:
            for succ in self._edges.get(stack.pop(), ()):
                if succ == b:
                    return True
                rank_succ = rank.get(succ)
                if rank_succ is None or rank_succ >= rank_b or succ in seen:
                    continue
                if bisect.bisect_right(reach[succ], target) & 1:
                    return True
                if not self._complete[succ]:
                    seen.add(succ)
                    stack.append(succ)
        return False


def _merged(parts: list[tuple[int, ...]]) -> tuple[int, ...]:
    """The union of sets of half-open intervals, each given flat and sorted, as one such tuple."""
    spans = sorted(span for flat in parts for span in zip(flat[::2], flat[1::2], strict=True))
    merged: list[int] = []
    for start, end in spans:
        if merged and start <= merged[-1]:
            merged[-1] = max(merged[-1], end)  # overlapping or side by side: one interval
        else:
            merged += (start, end)
    return tuple(merged)


def _emit(
    root: int,
    shown_before: Mapping[int, list[int]],
    shown_after: Mapping[int, list[int]],
    emitted: list[bool],
    screen: list[int],
) -> None:
    """Append ``root`` and everything anchored to it, depth first, without recursion."""
    stack: list[tuple[int, bool]] = [(root, False)]
    while stack:
        node, expanded = stack.pop()
        if expanded:
            screen.append(node)
            continue
        if emitted[node]:
            continue
        emitted[node] = True
        # pushed in reverse: the before-anchored, the node itself, then the after-anchored
        stack.extend((kid, False) for kid in reversed(shown_after.get(node, ())))
        stack.append((node, True))
        stack.extend((kid, False) for kid in reversed(shown_before.get(node, ())))


def _kahn(indegree: Mapping[int, int], edges: Mapping[int, list[int]]) -> list[int]:
    """A topological order of the nodes; those on or behind a cycle are left out."""
    remaining = dict(indegree)
    ready = sorted(node for node, degree in remaining.items() if degree == 0)
    ready.reverse()
    topo: list[int] = []
    while ready:
        node = ready.pop()
        topo.append(node)
        for succ in edges.get(node, ()):
            remaining[succ] -= 1
            if remaining[succ] == 0:
                ready.append(succ)
    return topo


def _cycles(nodes: set[int], edges: Mapping[int, list[int]]) -> list[tuple[int, ...]]:
    """The strongly connected components of more than one node among ``nodes`` (Tarjan)."""
    index: dict[int, int] = {}
    low: dict[int, int] = {}
    on_stack: set[int] = set()
    stack: list[int] = []
    found: list[tuple[int, ...]] = []
    succs_of = {node: [s for s in edges.get(node, ()) if s in nodes] for node in nodes}
    for start in sorted(nodes):
        if start in index:
            continue
        work: list[tuple[int, int]] = [(start, 0)]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, next_edge = work[-1]
            succs = succs_of[node]
            if next_edge < len(succs):
                work[-1] = (node, next_edge + 1)
                succ = succs[next_edge]
                if succ not in index:
                    index[succ] = low[succ] = len(index)
                    stack.append(succ)
                    on_stack.add(succ)
                    work.append((succ, 0))
                elif succ in on_stack:
                    low[node] = min(low[node], index[succ])
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                component: list[int] = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(tuple(sorted(component)))
    return found
