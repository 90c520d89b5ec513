"""PM3xx life: the dead stay dead until the plot brings them back.

A character who dies may still be the object of events (their remains are
found, burnt, buried), appear as a memory, a vision, a ghost, a recording, a
photograph or a letter, and be mentioned: none of that is acting. A
``returns`` effect ends the dead span.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from plotmodel.diagnostics import Related, Severity
from plotmodel.model import Arrested, Dies, Injured, Kind, Returns
from plotmodel.rules import Context, Finding, rule
from plotmodel.rules._common import before, quote
from plotmodel.state import Death, Step

__all__ = ["acts_after_death", "dies_twice", "harmed_after_death", "returns_while_alive"]


def _severity(context: Context, death: Death, position: int, who: str) -> Severity | None:
    """How sure it is that ``who`` is still dead at the event at ``position``."""
    if death.position == position:
        return Severity.ERROR  # dead earlier in the same event: its effects happen in order
    severity = before(context.order, death.position, position)
    if severity is Severity.ERROR and context.order.is_loose(position):
        # a loose event may float past a later return: then it is dead only in some orders
        latest = context.order.latest(position)
        if context.state.death(who, context.state.start(latest)) is None:
            return Severity.WARNING
    return severity


def _dead(context: Context, who: str, position: int, moment: int) -> tuple[Death, Severity] | None:
    """The death ``who`` is under at ``moment`` of the event at ``position``, and how sure that is.

    A loose event alive at its listed place may still float past a death
    listed after it: then the death holds in some allowed orders, a warning.
    """
    if context.index.kind(who) is not Kind.CHARACTER:
        return None
    state = context.state
    death = state.death(who, moment)
    if death is not None:
        severity = _severity(context, death, position, who)
        return (death, severity) if severity is not None else None
    order = context.order
    if not order.is_loose(position):
        return None
    latest = order.latest(position)
    if latest <= position:
        return None
    # placed at ``latest``, every event listed up to it comes first
    death = state.death(who, state.start(latest + 1))
    if death is None or not order.possibly_before(death.position, position):
        return None
    return death, Severity.WARNING


def _returning(context: Context) -> set[tuple[int, str]]:
    """``(position, who)`` for everyone who comes back to life in an event."""
    return {(step.position, step.effect.who) for step in context.state.effects_of(Returns)}


@rule("PM301", "acts-after-death", Severity.ERROR)
def acts_after_death(context: Context) -> Iterator[Finding]:
    """A character acts, speaks, moves or takes part in an event after dying.

    The most common continuity slip: a character killed off in one scene
    turns up in a later one. Appearing as remains, a memory, a recording and
    the like, or being mentioned, is not acting; a ``returns`` effect ends
    the dead span. A dead teller (``reveal.by``) speaks only through the form
    they appear in: give it (``appears: letter``) and the reveal is no finding.

    Fails:
        plotmodel: 1
        title: Too dead
        characters:
          - {id: charas, name: Charas}
        events:
          - {id: crash, name: Charas dies in a crash, effects: [{dies: charas}]}
          - id: phone
            name: Charas makes a call
            agents: [charas]  # PM301

    Passes:
        plotmodel: 1
        title: Too dead
        characters:
          - {id: charas, name: Charas}
        events:
          - {id: phone, name: Charas makes a call, agents: [charas]}
          - {id: crash, name: Charas dies in a crash, effects: [{dies: charas}]}
          - id: burial
            name: Charas is buried
            participants: [{who: charas, appears: remains}]
    """
    state = context.state
    events = context.plot.events
    returning = _returning(context)
    for who in dict.fromkeys(step.effect.who for step in state.effects_of(Dies)):
        last = -1
        for i, effect, path, verb in state.bodily(who):
            if i == last:
                continue  # one finding per character and event
            if effect is None and (i, who) in returning:
                continue  # back from death in this event: alive for all of it
            moment = state.start(i) if effect is None else state.step(i, effect)
            dead = _dead(context, who, i, moment)
            if dead is None:
                continue
            death, severity = dead
            last = i
            event = events[i].id
            yield Finding(
                message=f"{quote(who)} {verb} {quote(event)} after dying in {quote(death.event)}",
                path=("events", i, *path),
                related=(Related(message=f"{quote(who)} dies here", path=death.path),),
                about=(who, event),
                severity=severity,
            )


@rule("PM302", "dies-twice", Severity.ERROR)
def dies_twice(context: Context) -> Iterator[Finding]:
    """A character dies again without having come back to life in between.

    A second death is either a wrong id or a missing ``returns``
    (resuscitation, a faked death revealed).

    Fails:
        plotmodel: 1
        title: Twice
        characters:
          - {id: charas, name: Charas}
        events:
          - {id: crash, name: Charas dies in a crash, effects: [{dies: charas}]}
          - {id: shot, name: Charas is shot, effects: [{dies: charas}]}  # PM302

    Passes:
        plotmodel: 1
        title: Twice
        characters:
          - {id: charas, name: Charas}
        events:
          - {id: crash, name: Charas dies in a crash, effects: [{dies: charas}]}
          - {id: revived, name: Medics revive Charas, effects: [{returns: charas}]}
          - {id: shot, name: Charas is shot, effects: [{dies: charas}]}
    """
    yield from _harmed(context, context.state.effects_of(Dies))


@rule("PM303", "harmed-after-death", Severity.ERROR)
def harmed_after_death(context: Context) -> Iterator[Finding]:
    """A character is injured or arrested after dying.

    Only the living can be hurt or taken into custody; what happens to a
    body is an event with the character as ``remains``, without these effects.

    Fails:
        plotmodel: 1
        title: Cuffs
        characters:
          - {id: charas, name: Charas}
        events:
          - {id: crash, name: Charas dies in a crash, effects: [{dies: charas}]}
          - {id: cuffed, name: Charas is arrested, effects: [{arrested: charas}]}  # PM303

    Passes:
        plotmodel: 1
        title: Cuffs
        characters:
          - {id: charas, name: Charas}
        events:
          - {id: cuffed, name: Charas is arrested, effects: [{arrested: charas}]}
          - {id: crash, name: Charas dies in a crash, effects: [{dies: charas}]}
    """
    state = context.state
    yield from _harmed(context, [*state.effects_of(Injured), *state.effects_of(Arrested)])


def _harmed(
    context: Context, steps: Iterable[Step[Dies | Injured | Arrested]]
) -> Iterator[Finding]:
    events = context.plot.events
    state = context.state
    for i, k, effect in steps:
        who = effect.who
        dead = _dead(context, who, i, state.step(i, k))
        if dead is None:
            continue
        death, severity = dead
        what = {Dies: "dies again in", Injured: "is injured in"}.get(type(effect), "is arrested in")
        event = events[i].id
        yield Finding(
            message=f"{quote(who)} {what} {quote(event)} after dying in {quote(death.event)}",
            path=("events", i, "effects", k),
            related=(Related(message=f"{quote(who)} dies here", path=death.path),),
            about=(who, event),
            severity=severity,
        )


@rule("PM304", "returns-while-alive", Severity.ERROR)
def returns_while_alive(context: Context) -> Iterator[Finding]:
    """A character comes back to life without being dead.

    A ``returns`` effect ends a death; one without a death before it usually
    means the death was left out or names someone else.

    Fails:
        plotmodel: 1
        title: Lazarus
        characters:
          - {id: charas, name: Charas}
        events:
          - {id: revived, name: Charas wakes up, effects: [{returns: charas}]}  # PM304

    Passes:
        plotmodel: 1
        title: Lazarus
        characters:
          - {id: charas, name: Charas}
        events:
          - {id: drowned, name: Charas drowns, effects: [{dies: charas}]}
          - {id: revived, name: Charas wakes up, effects: [{returns: charas}]}
    """
    events = context.plot.events
    state = context.state
    for i, k, effect in state.effects_of(Returns):
        if state.death(effect.who, state.step(i, k)) is not None:
            continue
        deaths = state.deaths(effect.who)
        if any(context.order.possibly_before(d.position, i) for d in deaths):
            continue  # a loose death may come first in some allowed order
        yield Finding(
            message=f"{quote(effect.who)} returns in {quote(events[i].id)} without having died",
            path=("events", i, "effects", k),
            related=tuple(
                Related(message=f"{quote(effect.who)} dies here, later", path=d.path)
                for d in deaths[:1]
            ),
            about=(effect.who, events[i].id),
        )
