"""PM6xx things: destroyed things stay destroyed, and only a holder can hand a thing over.

A destroyed thing may still appear as ``remains`` (a burnt-out wreck) or be
mentioned. Who holds what comes from ``Thing.held_by`` at the start, then
``takes`` and ``hands_over`` effects.
"""

from __future__ import annotations

from collections.abc import Iterator

from plotmodel.diagnostics import Related, Severity
from plotmodel.index import Kind
from plotmodel.model import Damaged, Destroyed, HandsOver, Takes
from plotmodel.rules import Context, Finding, Rule, rule
from plotmodel.rules._common import before
from plotmodel.state import Condition, ConditionChange

__all__ = ["RULES", "destroyed_thing_harmed", "destroyed_thing_used", "handed_over_unheld"]


# What an appearance of a thing means, by the verb the scan records for it.
_USES = {
    "takes part in": "is used in",
    "moves in": "is moved in",
    "is taken in": "is taken in",
    "is handed over in": "is handed over in",
}


def _destroyed(
    context: Context, thing: str, position: int
) -> tuple[ConditionChange, Severity] | None:
    change = context.state.condition_change(thing, position)
    if change is None or change.condition is not Condition.DESTROYED:
        return None
    severity = before(context.order, change.position, position)
    return (change, severity) if severity is not None else None


@rule("PM601", "destroyed-thing-used", Severity.ERROR)
def destroyed_thing_used(context: Context) -> Iterator[Finding]:
    """A destroyed thing is used, moved, taken, handed over or present afterwards.

    Once a car has burnt out it cannot drive in the next chase; it can only
    appear as ``remains``, and an event where it does may move the wreck.

    Fails:
        plotmodel: 1
        title: Phoenix
        characters:
          - {id: lino, name: Lino}
        things:
          - {id: car, name: the car}
        events:
          - {id: fire, name: The car burns out, agents: [lino], effects: [{destroyed: car}]}
          - id: chase
            name: Lino drives the car in a chase
            agents: [lino]
            participants: [car]  # PM601

    Passes:
        plotmodel: 1
        title: Phoenix
        characters:
          - {id: lino, name: Lino}
        things:
          - {id: car, name: the car}
        events:
          - {id: fire, name: The car burns out, agents: [lino], effects: [{destroyed: car}]}
          - id: search
            name: Lino searches the wreck
            agents: [lino]
            participants: [{who: car, appears: remains}]
    """
    scan = context.scan
    events = context.plot.events
    for thing in dict.fromkeys(destroyed.thing for _, _, destroyed in scan.of(Destroyed)):
        last = -1
        for i, path, verb in scan.bodily.get(thing, ()):
            use = _USES.get(verb)
            if i == last or use is None:
                continue
            found = _destroyed(context, thing, i)
            if found is None:
                continue
            change, severity = found
            last = i
            event = events[i].id
            yield Finding(
                message=f"'{thing}' {use} '{event}' after it is destroyed in '{change.event}'",
                path=("events", i, *path),
                related=(Related(message=f"'{thing}' is destroyed here", path=change.path),),
                about=(thing, event),
                severity=severity,
            )


@rule("PM602", "destroyed-thing-harmed", Severity.ERROR)
def destroyed_thing_harmed(context: Context) -> Iterator[Finding]:
    """A destroyed thing is damaged or destroyed again.

    What no longer exists cannot break again; the second effect names the
    wrong thing, or the first should be ``damaged``.

    Fails:
        plotmodel: 1
        title: Twice burnt
        characters:
          - {id: lino, name: Lino}
        things:
          - {id: car, name: the car}
        events:
          - {id: fire, name: The car burns out, agents: [lino], effects: [{destroyed: car}]}
          - id: crusher
            name: The car is crushed
            agents: [lino]
            effects: [{destroyed: car}]  # PM602

    Passes:
        plotmodel: 1
        title: Twice burnt
        characters:
          - {id: lino, name: Lino}
        things:
          - {id: car, name: the car}
        events:
          - {id: fire, name: The car catches fire, agents: [lino], effects: [{damaged: car}]}
          - id: crusher
            name: The car is crushed
            agents: [lino]
            effects: [{destroyed: car}]
    """
    scan = context.scan
    events = context.plot.events
    harms: list[tuple[int, int, Damaged | Destroyed]] = [*scan.of(Damaged), *scan.of(Destroyed)]
    for i, k, effect in harms:
        destroyed = _destroyed(context, effect.thing, i)
        if destroyed is None:
            continue
        change, severity = destroyed
        verb = "damaged" if isinstance(effect, Damaged) else "destroyed"
        yield Finding(
            message=(
                f"'{effect.thing}' is {verb} in '{events[i].id}'"
                f" after it is destroyed in '{change.event}'"
            ),
            path=("events", i, "effects", k),
            related=(Related(message=f"'{effect.thing}' is destroyed here", path=change.path),),
            about=(effect.thing, events[i].id),
            severity=severity,
        )


@rule("PM603", "handed-over-unheld", Severity.ERROR)
def handed_over_unheld(context: Context) -> Iterator[Finding]:
    """A thing is handed over, or taken from someone, who does not have it.

    Who holds what follows ``held_by``, ``takes`` and ``hands_over``; a hand-over
    by the wrong person loses track of the gun, the keys or the evidence.

    Fails:
        plotmodel: 1
        title: Empty hands
        characters:
          - {id: lino, name: Lino}
          - {id: julia, name: Julia}
        things:
          - {id: keys, name: the keys, held_by: julia}
        events:
          - id: handover
            name: Lino gives Julia the keys
            agents: [lino, julia]
            effects: [{hands_over: {thing: keys, from: lino, to: julia}}]  # PM603

    Passes:
        plotmodel: 1
        title: Empty hands
        characters:
          - {id: lino, name: Lino}
          - {id: julia, name: Julia}
        things:
          - {id: keys, name: the keys, held_by: julia}
        events:
          - id: handover
            name: Julia gives Lino the keys
            agents: [lino, julia]
            effects: [{hands_over: {thing: keys, from: julia, to: lino}}]
    """
    state = context.state
    index = context.index
    things = context.plot.things
    events = context.plot.events
    scan = context.scan
    passed: list[tuple[int, int, HandsOver | Takes]] = [*scan.of(HandsOver), *scan.of(Takes)]
    for i, k, effect in passed:
        if isinstance(effect, HandsOver):
            giver = effect.from_
            verb = f"'{effect.from_}' hands over '{effect.thing}'"
        elif effect.from_ is not None:
            giver = effect.from_
            verb = f"'{effect.who}' takes '{effect.thing}' from '{effect.from_}'"
        else:
            continue
        holder = state.holder(effect.thing, i)
        if holder == giver or (
            holder is not None
            and index.kind(holder) is Kind.GROUP
            and state.is_member(giver, holder, i)
        ):
            continue  # a member may pass on what the group holds
        if holder is None:
            entry = index.entries.get(effect.thing)
            declared = things[entry.position].held_by if entry is not None else None
            if declared is None:
                continue  # the plot never says who had it: nothing to contradict
            who_has = "nobody has it"
        else:
            who_has = f"'{holder}' has it"
        yield Finding(
            message=f"{verb} in '{events[i].id}' but {who_has}",
            path=("events", i, "effects", k),
            about=(effect.thing, events[i].id),
        )


RULES: tuple[Rule, ...] = (destroyed_thing_used, destroyed_thing_harmed, handed_over_unheld)
