"""PM6xx things: destroyed things stay destroyed, and only a holder can hand a thing over.

A destroyed thing may still appear as ``remains`` (a burnt-out wreck) or be
mentioned. Who holds what comes from ``Thing.held_by`` at the start, then
``takes`` and ``hands_over`` effects.
"""

from __future__ import annotations

from collections.abc import Iterator

from plotmodel.diagnostics import DocPath, Related, Severity
from plotmodel.index import Kind
from plotmodel.model import Appearance, Damaged, Destroyed, Event, HandsOver, Moves, Takes
from plotmodel.rules import Context, Finding, Rule, rule
from plotmodel.rules._common import before
from plotmodel.state import Condition, ConditionChange

__all__ = ["RULES", "destroyed_thing_harmed", "destroyed_thing_used", "handed_over_unheld"]


def _used(event: Event) -> Iterator[tuple[str, DocPath, str]]:
    """Each thing an event uses whole, with its path and what is done with it.

    A thing that appears in the event as remains is handled as a wreck: moving
    or taking the remains is not using the thing.
    """
    wrecks = set()
    for k, participant in enumerate(event.participants):
        if participant.appears is Appearance.PRESENT:
            yield participant.who, ("participants", k, "who"), "is used in"
        else:
            wrecks.add(participant.who)
    for k, effect in enumerate(event.effects):
        if getattr(effect, "thing", getattr(effect, "who", None)) in wrecks:
            continue
        if isinstance(effect, Moves):
            yield effect.who, ("effects", k, "who"), "is moved in"
        elif isinstance(effect, Takes):
            yield effect.thing, ("effects", k, "thing"), "is taken in"
        elif isinstance(effect, HandsOver):
            yield effect.thing, ("effects", k, "thing"), "is handed over in"


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
    index = context.index
    for i, event in enumerate(context.plot.events):
        reported: set[str] = set()
        for thing, path, verb in _used(event):
            if thing in reported or index.kind(thing) is not Kind.THING:
                continue
            destroyed = _destroyed(context, thing, i)
            if destroyed is None:
                continue
            change, severity = destroyed
            reported.add(thing)
            yield Finding(
                message=f"'{thing}' {verb} '{event.id}' after it is destroyed in '{change.event}'",
                path=("events", i, *path),
                related=(Related(message=f"'{thing}' is destroyed here", path=change.path),),
                about=(thing, event.id),
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
    for i, event in enumerate(context.plot.events):
        for k, effect in enumerate(event.effects):
            if not isinstance(effect, Damaged | Destroyed):
                continue
            destroyed = _destroyed(context, effect.thing, i)
            if destroyed is None:
                continue
            change, severity = destroyed
            verb = "damaged" if isinstance(effect, Damaged) else "destroyed"
            yield Finding(
                message=(
                    f"'{effect.thing}' is {verb} in '{event.id}'"
                    f" after it is destroyed in '{change.event}'"
                ),
                path=("events", i, "effects", k),
                related=(Related(message=f"'{effect.thing}' is destroyed here", path=change.path),),
                about=(effect.thing, event.id),
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
    for i, event in enumerate(context.plot.events):
        for k, effect in enumerate(event.effects):
            if isinstance(effect, HandsOver):
                giver: str | None = effect.from_
                verb = f"'{effect.from_}' hands over '{effect.thing}'"
            elif isinstance(effect, Takes) and effect.from_ is not None:
                giver = effect.from_
                verb = f"'{effect.who}' takes '{effect.thing}' from '{effect.from_}'"
            else:
                continue
            holder = state.holder(effect.thing, i)
            if holder == giver:
                continue
            if holder is None:
                entry = index.entries.get(effect.thing)
                declared = things[entry.position].held_by if entry is not None else None
                if declared is None:
                    continue  # the plot never says who had it: nothing to contradict
                who_has = "nobody has it"
            else:
                who_has = f"'{holder}' has it"
            yield Finding(
                message=f"{verb} in '{event.id}' but {who_has}",
                path=("events", i, "effects", k),
                about=(effect.thing, event.id),
            )


RULES: tuple[Rule, ...] = (destroyed_thing_used, destroyed_thing_harmed, handed_over_unheld)
