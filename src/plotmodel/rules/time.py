"""PM2xx time and order: the story's order holds together.

Events are listed in story order; ``after``/``before`` make an event loose
(its listed place is a guess), ``causes`` and relationships' ``since`` and
``until`` relate events, and ``shown_after``/``shown_before`` give the
screen order. These rules find orders no telling of the story can follow.
"""

from __future__ import annotations

from collections.abc import Iterator

from plotmodel.diagnostics import DocPath, Related, Severity
from plotmodel.model import Kind
from plotmodel.rules import Context, Finding, rule
from plotmodel.rules._common import before, quote, quote_all

__all__ = [
    "anchored_off_screen",
    "cause_after_effect",
    "listed_against_order",
    "order_contradiction",
    "order_cycle",
    "relationship_out_of_span",
    "screen_list_mismatch",
    "screen_order_cycle",
    "screen_position_shared",
]


@rule("PM201", "order-cycle", Severity.ERROR)
def order_cycle(context: Context) -> Iterator[Finding]:
    """Events' ``after`` and ``before`` form a cycle, so each must come before the other.

    No order of the story satisfies a cycle; every rule that reads the order
    would then be guessing.

    Fails:
        plotmodel: 1
        title: Loop
        characters:
          - {id: lino, name: Lino}
        events:
          - id: chase
            name: Lino chases the car
            agents: [lino]
            after: [crash]  # PM201
          - id: crash
            name: The car crashes
            agents: [lino]
            after: [chase]

    Passes:
        plotmodel: 1
        title: Loop
        characters:
          - {id: lino, name: Lino}
        events:
          - id: chase
            name: Lino chases the car
            agents: [lino]
          - id: crash
            name: The car crashes
            agents: [lino]
            after: [chase]
    """
    order = context.order
    events = context.plot.events
    for cycle in order.cycles:
        members = set(cycle)
        inside = [c for c in order.constraints() if c.earlier in members and c.later in members]
        path = inside[0].path if inside else ("events", cycle[0])
        ids = [events[i].id for i in cycle]
        if len(ids) == 1:
            message = f"{quote(ids[0])} must come after itself: its order is a cycle"
        else:
            message = f"{quote_all(ids)} must each come before the other: their order is a cycle"
        yield Finding(
            message=message,
            path=path,
            related=tuple(
                Related(message=f"{quote(events[i].id)} is in the cycle", path=("events", i))
                for i in cycle[1:]
            ),
            about=tuple(ids),
        )


@rule("PM202", "order-contradiction", Severity.ERROR)
def order_contradiction(context: Context) -> Iterator[Finding]:
    """A loose event must follow an event that comes after one it must precede.

    The constraints of a loose event leave it no place at all between the
    events whose order is fixed by the listing.

    Fails:
        plotmodel: 1
        title: Squeezed
        characters:
          - {id: lino, name: Lino}
        events:
          - {id: heist, name: The heist, agents: [lino]}
          - {id: arrest, name: Lino is arrested, agents: [lino]}
          - id: call
            name: Lino makes a call
            agents: [lino]
            after: [arrest]  # PM202
            before: [heist]

    Passes:
        plotmodel: 1
        title: Squeezed
        characters:
          - {id: lino, name: Lino}
        events:
          - {id: heist, name: The heist, agents: [lino]}
          - id: call
            name: Lino makes a call
            agents: [lino]
            after: [heist]
            before: [arrest]
          - {id: arrest, name: Lino is arrested, agents: [lino]}
    """
    order = context.order
    events = context.plot.events
    for i in order.impossible:
        follows, precedes = order.bounds(i)
        key = "after" if events[i].after else "before"
        if follows is None or precedes is None:
            continue
        event, first, second = events[i].id, events[precedes].id, events[follows].id
        yield Finding(
            message=(
                f"{quote(event)} must come after {quote(second)} and before {quote(first)},"
                f" but {quote(first)} comes first"
            ),
            path=("events", i, key),
            related=(
                Related(message=f"{quote(second)} is listed here", path=("events", follows)),
                Related(message=f"{quote(first)} is listed here", path=("events", precedes)),
            ),
            about=(event,),
        )


@rule("PM203", "listed-against-order", Severity.WARNING)
def listed_against_order(context: Context) -> Iterator[Finding]:
    """A loose event is listed on the wrong side of an event its ``after`` or ``before`` names.

    The listed place of a loose event is the best guess the other rules read
    story order from; a guess its own constraints rule out misleads them.

    Fails:
        plotmodel: 1
        title: Misplaced
        characters:
          - {id: lino, name: Lino}
        events:
          - id: call
            name: Lino makes a call
            agents: [lino]
            after: [heist]  # PM203
          - {id: heist, name: The heist, agents: [lino]}

    Passes:
        plotmodel: 1
        title: Misplaced
        characters:
          - {id: lino, name: Lino}
        events:
          - {id: heist, name: The heist, agents: [lino]}
          - id: call
            name: Lino makes a call
            agents: [lino]
            after: [heist]
    """
    order = context.order
    events = context.plot.events
    stuck = {i for cycle in order.cycles for i in cycle} | set(order.impossible)
    for constraint in order.against_listing():
        if constraint.earlier in stuck or constraint.later in stuck:
            continue
        first, then = events[constraint.earlier].id, events[constraint.later].id
        yield Finding(
            message=f"{quote(then)} is listed before {quote(first)} but must come after it",
            path=constraint.path,
            related=(
                Related(
                    message=f"{quote(first)} is listed here", path=("events", constraint.earlier)
                ),
            ),
            about=(events[constraint.declared_in].id,),
        )


@rule("PM204", "cause-after-effect", Severity.ERROR)
def cause_after_effect(context: Context) -> Iterator[Finding]:
    """An event names as its cause an event that comes after it.

    A cause must come first; a late cause usually means a wrong id or a
    flashback written in screen order instead of story order.

    Fails:
        plotmodel: 1
        title: Backwards
        characters:
          - {id: lino, name: Lino}
        events:
          - id: arrest
            name: Lino is arrested
            agents: [lino]
            causes: [heist]  # PM204
          - {id: heist, name: The heist, agents: [lino]}

    Passes:
        plotmodel: 1
        title: Backwards
        characters:
          - {id: lino, name: Lino}
        events:
          - {id: heist, name: The heist, agents: [lino]}
          - id: arrest
            name: Lino is arrested
            agents: [lino]
            causes: [heist]
    """
    order = context.order
    state = context.state
    events = context.plot.events
    for i in state.caused:
        event = events[i]
        for k, cause in enumerate(event.causes):
            j = state.positions.get(cause)
            if j is None or context.index.kind(cause) is not Kind.EVENT:
                continue
            if j == i:
                severity: Severity | None = Severity.ERROR
                message = f"{quote(event.id)} names itself as its cause"
            else:
                severity = before(order, i, j)
                message = f"{quote(event.id)} is caused by {quote(cause)}, which comes after it"
            if severity is None:
                continue
            yield Finding(
                message=message,
                path=("events", i, "causes", k),
                related=(Related(message=f"{quote(cause)} happens here", path=("events", j)),),
                about=(event.id,),
                severity=severity,
            )


@rule("PM205", "relationship-out-of-span", Severity.ERROR)
def relationship_out_of_span(context: Context) -> Iterator[Finding]:
    """An event draws on a relationship before it starts or after it ends.

    Two people cannot act as partners before they meet or as a couple after
    the break-up; the event or the relationship's ``since``/``until`` is wrong.
    A relationship that ends with the death of one of the two may still be
    drawn on after it: the widow inherits, the partner avenges, the son
    mourns.

    Fails:
        plotmodel: 1
        title: Too soon
        characters:
          - {id: lino, name: Lino}
          - {id: julia, name: Julia}
        relationships:
          - {id: partners, kind: colleague, between: [lino, julia], since: hired}
        events:
          - id: stakeout
            name: Lino and Julia on a stakeout
            agents: [lino, julia]
            relationships: [partners]  # PM205
          - {id: hired, name: Julia hires Lino, agents: [julia, lino]}

    Passes:
        plotmodel: 1
        title: Too soon
        characters:
          - {id: lino, name: Lino}
          - {id: julia, name: Julia}
        relationships:
          - {id: partners, kind: colleague, between: [lino, julia], since: hired}
        events:
          - {id: hired, name: Julia hires Lino, agents: [julia, lino]}
          - id: stakeout
            name: Lino and Julia on a stakeout
            agents: [lino, julia]
            relationships: [partners]
    """
    order = context.order
    index = context.index
    state = context.state
    relationships = context.plot.relationships
    events = context.plot.events
    for i in state.drawing:
        event = events[i]
        for k, tie_id in enumerate(event.relationships):
            entry = index.entries.get(tie_id)
            if entry is None or entry.kind is not Kind.RELATIONSHIP:
                continue
            tie = relationships[entry.position]
            checks = (
                (tie.since, "before it starts in", True),
                (tie.until, "after it ends in", False),
            )
            for bound, words, starts in checks:
                j = state.positions.get(bound) if bound is not None else None
                if j is None or j == i or index.kind(bound or "") is not Kind.EVENT:
                    continue
                if not starts and _ended_by_death(context, tie.between, j):
                    continue  # the widow inherits, the partner avenges: a death ends no claim
                severity = before(order, i, j) if starts else before(order, j, i)
                if severity is None:
                    continue
                yield Finding(
                    message=(
                        f"{quote(event.id)} draws on {quote(tie_id)} {words} {quote(bound or '')}"
                    ),
                    path=("events", i, "relationships", k),
                    related=(
                        Related(
                            message=f"{quote(tie_id)} {'starts' if starts else 'ends'} here",
                            path=("events", j),
                        ),
                    ),
                    about=(event.id, tie_id),
                    severity=severity,
                )


def _ended_by_death(context: Context, between: tuple[str, ...], position: int) -> bool:
    """Whether one of those a relationship joins dies in the event at ``position``."""
    state = context.state
    return any(
        state.is_alive(who, state.start(position))
        and not state.is_alive(who, state.start(position + 1))
        for who in between
    )


@rule("PM206", "screen-order-cycle", Severity.ERROR)
def screen_order_cycle(context: Context) -> Iterator[Finding]:
    """Events' ``shown_after`` and ``shown_before`` anchor them to each other in a cycle.

    The film cannot show each event before the other; the screen order of
    these events is undefined. An event anchored to itself is a cycle of one.

    Fails:
        plotmodel: 1
        title: Reel loop
        characters:
          - {id: lino, name: Lino}
        events:
          - id: chase
            name: Lino chases the car
            agents: [lino]
            shown_after: crash  # PM206
          - id: crash
            name: The car crashes
            agents: [lino]
            shown_after: chase

    Passes:
        plotmodel: 1
        title: Reel loop
        characters:
          - {id: lino, name: Lino}
        events:
          - id: chase
            name: Lino chases the car
            agents: [lino]
            shown_after: crash
          - id: crash
            name: The car crashes
            agents: [lino]
    """
    events = context.plot.events
    for cycle in context.order.screen_cycles:
        ids = [events[i].id for i in cycle]
        first = events[cycle[0]]
        key = "shown_after" if first.shown_after is not None else "shown_before"
        if len(cycle) == 1:
            side = "after" if key == "shown_after" else "before"
            message = f"{quote(first.id)} is shown {side} itself"
        else:
            message = (
                f"{quote_all(ids)} are each shown before the other: their screen order is a cycle"
            )
        yield Finding(
            message=message,
            path=("events", cycle[0], key),
            related=tuple(
                Related(message=f"{quote(events[i].id)} is in the cycle", path=("events", i))
                for i in cycle[1:]
            ),
            about=tuple(ids),
        )


@rule("PM207", "screen-position-shared", Severity.ERROR)
def screen_position_shared(context: Context) -> Iterator[Finding]:
    """Two events are both shown just after (or just before) the same event.

    Only one event can follow another directly on screen; with two, nothing
    says which the film shows first. Anchor the second to the first instead,
    or give the whole screen order as a list (``screen:``).

    Fails:
        plotmodel: 1
        title: Two memories
        characters:
          - {id: lino, name: Lino}
        events:
          - {id: childhood, name: Lino as a boy, agents: [lino]}
          - {id: heist, name: Lino's first heist, agents: [lino]}
          - id: prison
            name: Lino in his cell
            agents: [lino]
          - {id: dream, name: Lino dreams, agents: [lino], shown_after: prison}
          - {id: memory, name: Lino remembers, agents: [lino], shown_after: prison}  # PM207

    Passes:
        plotmodel: 1
        title: Two memories
        characters:
          - {id: lino, name: Lino}
        events:
          - {id: childhood, name: Lino as a boy, agents: [lino]}
          - {id: heist, name: Lino's first heist, agents: [lino]}
          - id: prison
            name: Lino in his cell
            agents: [lino]
          - {id: dream, name: Lino dreams, agents: [lino], shown_after: prison}
          - {id: memory, name: Lino remembers, agents: [lino], shown_after: dream}
    """
    events = context.plot.events
    for tie in context.order.screen_ties:
        side = "after" if tie.key == "shown_after" else "before"
        first, then, anchor = events[tie.first].id, events[tie.then].id, events[tie.anchor].id
        yield Finding(
            message=(
                f"{quote(then)} and {quote(first)} are both shown just {side} {quote(anchor)}:"
                " the film can show only one there"
            ),
            path=("events", tie.then, tie.key),
            related=(
                Related(
                    message=f"{quote(first)} is shown just {side} it too",
                    path=("events", tie.first, tie.key),
                ),
            ),
            about=(then, first),
        )


@rule("PM208", "screen-list-mismatch", Severity.ERROR)
def screen_list_mismatch(context: Context) -> Iterator[Finding]:
    """The plot's whole screen order (``screen:``) does not tell each shown event once.

    When a film reshuffles its story, the plot can give the screen order as
    one list of event ids. Every event the film shows must be in it exactly
    once, an event marked ``shown: false`` must not be, and an event's own
    ``shown_after`` or ``shown_before`` must agree with the list.

    Fails:
        plotmodel: 1
        title: Told backwards
        characters:
          - {id: lino, name: Lino}
        events:
          - {id: heist, name: The heist, agents: [lino]}
          - {id: arrest, name: Lino is arrested, agents: [lino]}
          - {id: trial, name: Lino's trial, agents: [lino]}  # PM208
        screen: [arrest, heist]

    Passes:
        plotmodel: 1
        title: Told backwards
        characters:
          - {id: lino, name: Lino}
        events:
          - {id: heist, name: The heist, agents: [lino]}
          - {id: arrest, name: Lino is arrested, agents: [lino]}
          - {id: trial, name: Lino's trial, agents: [lino]}
        screen: [trial, arrest, heist]
    """
    events = context.plot.events
    for problem in context.order.list_problems:
        event = events[problem.event].id
        listed: DocPath = ("screen", problem.index) if problem.index is not None else ()
        if problem.problem == "missing":
            message = f"{quote(event)} is shown, but the screen list leaves it out"
            path: DocPath = ("events", problem.event, "id")
            related: tuple[Related, ...] = (Related(message="the screen list", path=("screen",)),)
        elif problem.problem == "twice":
            message = f"{quote(event)} is in the screen list twice"
            path = listed
            related = (
                Related(message=f"{quote(event)} is told here", path=("events", problem.event)),
            )
        elif problem.problem == "not shown":
            message = f"{quote(event)} is in the screen list but marked as not shown"
            path = listed
            related = (
                Related(message=f"{quote(event)} is not shown", path=("events", problem.event)),
            )
        else:
            assert problem.anchor is not None
            side = "after" if problem.problem == "shown_after" else "before"
            anchor = events[problem.anchor].id
            message = (
                f"{quote(event)} is shown just {side} {quote(anchor)}, but the screen list"
                " says otherwise"
            )
            path = ("events", problem.event, problem.problem)
            related = (Related(message="the screen list", path=("screen",)),)
        yield Finding(message=message, path=path, related=related, about=(event,))


@rule("PM209", "anchored-off-screen", Severity.ERROR)
def anchored_off_screen(context: Context) -> Iterator[Finding]:
    """An event not shown is given a screen position, or one is anchored to it.

    An event marked ``shown: false`` happens off screen: it has no place in
    the screen order, so nothing can be shown just before or after it, and
    it cannot be shown next to another.

    Fails:
        plotmodel: 1
        title: Off screen
        characters:
          - {id: lino, name: Lino}
        events:
          - {id: murder, name: The murder happens off screen, agents: [lino], shown: false}
          - id: body
            name: The body is found
            agents: [lino]
            shown_after: murder  # PM209

    Passes:
        plotmodel: 1
        title: Off screen
        characters:
          - {id: lino, name: Lino}
        events:
          - {id: murder, name: The murder happens off screen, agents: [lino], shown: false}
          - id: body
            name: The body is found
            agents: [lino]
    """
    events = context.plot.events
    for i, j, key in context.order.off_screen:
        event, anchor = events[i].id, events[j].id
        side = "after" if key == "shown_after" else "before"
        unseen = anchor if events[i].shown else event
        yield Finding(
            message=(
                f"{quote(event)} is shown just {side} {quote(anchor)},"
                f" but {quote(unseen)} is not shown"
            ),
            path=("events", i, key),
            related=(
                Related(
                    message=f"{quote(unseen)} is marked as not shown",
                    path=("events", j if unseen == anchor else i),
                ),
            ),
            about=(event, anchor),
        )
