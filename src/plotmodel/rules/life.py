"""PM3xx life: the dead stay dead until the plot brings them back.

A character who dies may still be the object of events (their remains are
found, burnt, buried), appear as a memory, a vision, a ghost, a recording, a
photograph or a letter, and be mentioned: none of that is acting. A
``returns`` effect ends the dead span.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Final

from plotmodel.diagnostics import Related, Severity
from plotmodel.model import Arrested, Dies, Injured, Kind, Recovers, Returns
from plotmodel.rules import Context, Finding, rule
from plotmodel.rules._common import before_beginning, dead_at, quote
from plotmodel.state import Death, Step

__all__ = [
    "acts_after_death",
    "acts_before_born",
    "dies_twice",
    "harmed_after_death",
    "recovers_while_dead",
    "returns_while_alive",
]


def _returning(context: Context) -> set[tuple[int, str]]:
    """``(position, who)`` for everyone who comes back to life in an event."""
    return {(step.position, step.effect.who) for step in context.state.effects_of(Returns)}


@rule("PM301", "acts-after-death", Severity.ERROR)
def acts_after_death(context: Context) -> Iterator[Finding]:
    """A character acts, speaks, moves or takes part in an event after dying.

    The most common continuity slip: a character killed off in one scene turns
    up in a later one. Not counted: appearing as remains, a memory, a
    recording and the like, or being mentioned; acting in such a form (an
    agent ``{who: charas, appears: ghost}`` warns, ``appears: medium`` speaks
    through a living one); a group going on with its living members; taking
    part in the event one dies in, even after one's death is written (two who
    kill each other, a body carried off). A ``returns`` effect ends the dead
    span, for the whole of the event it happens in. After a death marked
    ``certainty: uncertain`` a part in a later event is a warning. A dead
    teller (``reveal.by``) speaks only through the form they appear in: give
    it (``appears: letter``) and the reveal is no finding.

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
          - id: haunting
            name: Charas's ghost watches over the garage
            agents: [{who: charas, appears: ghost}]
    """
    state = context.state
    events = context.plot.events
    returning = _returning(context)
    listed = context.order.is_listed
    # whoever dies, alone or with a whole group
    for who in (one for one in (*state.characters, *state.groups) if state.deaths(one)):
        last = -1
        # in the one order the plot allows, nothing before the first death comes after it
        deaths = state.deaths(who) if listed else ()
        for i, effect, path, verb in state.bodily(who, start=deaths[0].position if deaths else 0):
            if i == last:
                continue  # one finding per character and event
            if effect is None and (i, who) in returning:
                continue  # back from death in this event: alive for all of it
            moment = state.start(i) if effect is None else state.step(i, effect)
            dead = dead_at(context, who, i, moment)
            if dead is None:
                continue
            death, severity, doubt = dead
            if death.position == i:
                continue  # one's own death scene: killing each other, being carried off
            last = i
            event = events[i].id
            yield Finding(
                message=f"{quote(who)} {verb} {quote(event)} after dying in {quote(death.event)}",
                path=("events", i, *path),
                related=(Related(message=f"{quote(who)} dies here", path=death.path),),
                about=(who, event),
                severity=severity,
                doubt=doubt,
            )


@rule("PM302", "dies-twice", Severity.ERROR)
def dies_twice(context: Context) -> Iterator[Finding]:
    """A character dies again without having come back to life in between.

    A second death is either a wrong id or a missing ``returns``
    (resuscitation, a faked death revealed). Naming a death twice in the
    scene it happens in (the captain dies with his crew, and then the
    captain dies) only repeats it.

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


# What each effect on the dead is said to do; any other is an arrest.
_WHAT: Final = {Dies: "dies again in", Injured: "is injured in", Recovers: "recovers in"}


def _harmed(
    context: Context, steps: Iterable[Step[Dies | Injured | Arrested | Recovers]]
) -> Iterator[Finding]:
    events = context.plot.events
    state = context.state
    for i, k, effect in steps:
        who = effect.who
        dead = dead_at(context, who, i, state.step(i, k))
        if dead is None:
            continue
        death, severity, doubt = dead
        if isinstance(effect, Dies) and death.position == i:
            continue  # named again in the scene he dies in (with his crew, then alone): no hole
        what = _WHAT.get(type(effect), "is arrested in")
        event = events[i].id
        yield Finding(
            message=f"{quote(who)} {what} {quote(event)} after dying in {quote(death.event)}",
            path=("events", i, "effects", k),
            related=(Related(message=f"{quote(who)} dies here", path=death.path),),
            about=(who, event),
            severity=severity,
            doubt=doubt,
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
    order = context.order
    for i, k, effect in state.effects_of(Returns):
        who = effect.who
        death = state.death(who, state.step(i, k))
        deaths = state.deaths(who)
        severity = Severity.ERROR
        related: Death | None
        if death is not None:
            # dead as listed: a loose death listed earlier may still come after the return
            if death.position == i or not order.possibly_before(i, death.position):
                continue
            severity, related = Severity.WARNING, death
        else:
            later = [d for d in deaths if d.position > i and order.possibly_before(d.position, i)]
            if later:
                severity = Severity.WARNING  # a loose death may come first in some orders
            shown = later or [d for d in deaths if d.position > i] or list(deaths[-1:])
            related = shown[0] if shown else None
        if related is not None:
            note = Related(message=f"{quote(who)} dies here", path=related.path)
        else:
            note = Related(message=f"{quote(who)} never dies", path=context.index.path(who))
        yield Finding(
            message=f"{quote(who)} returns in {quote(events[i].id)} without having died",
            path=("events", i, "effects", k),
            related=(note,),
            about=(who, events[i].id),
            severity=severity,
        )


@rule("PM305", "acts-before-born", Severity.ERROR)
def acts_before_born(context: Context) -> Iterator[Finding]:
    """A character has a part in an event before the one where they are born.

    A character who comes into the story at an event (``born``) cannot act,
    be present or be acted on earlier. They may take part in the event of
    their birth (in its effects, once the one that bears them is written),
    and be mentioned or remembered at any time.

    Fails:
        plotmodel: 1
        title: Early
        characters:
          - {id: ana, name: Ana}
          - {id: leo, name: Leo}
        events:
          - id: first-steps
            name: Leo takes his first steps
            agents: [leo]  # PM305
          - id: birth
            name: Ana gives birth to Leo
            agents: [ana]
            participants: [leo]
            effects: [{born: leo}]

    Passes:
        plotmodel: 1
        title: Early
        characters:
          - {id: ana, name: Ana}
          - {id: leo, name: Leo}
        events:
          - id: birth
            name: Ana gives birth to Leo
            agents: [ana]
            participants: [leo]
            effects: [{born: leo}]
          - id: first-steps
            name: Leo takes his first steps
            agents: [leo]
    """
    events = context.plot.events
    for who in context.state.beginnings:
        if context.index.kind(who) is not Kind.CHARACTER:
            continue
        for i, path, verb, born, severity in before_beginning(context, who):
            event = events[i].id
            yield Finding(
                message=(
                    f"{quote(who)} {verb} {quote(event)} before being born in {quote(born.event)}"
                ),
                path=("events", i, *path),
                related=(Related(message=f"{quote(who)} is born here", path=born.path),),
                about=(who, event),
                severity=severity,
            )


@rule("PM306", "recovers-while-dead", Severity.ERROR)
def recovers_while_dead(context: Context) -> Iterator[Finding]:
    """A character recovers from a wound while dead.

    Only the living heal. A ``recovers`` after a death usually means the
    death was not meant, or the recovery names someone else; one brought
    back to life (``returns``) may recover after that, in the same scene too.

    Fails:
        plotmodel: 1
        title: Bedside
        characters:
          - {id: quentin, name: Quentin}
        events:
          - {id: shot, name: Quentin is shot, effects: [{injured: quentin}]}
          - {id: dead, name: Quentin dies of the wound, effects: [{dies: quentin}]}
          - {id: ward, name: Quentin mends, effects: [{recovers: quentin}]}  # PM306

    Passes:
        plotmodel: 1
        title: Bedside
        characters:
          - {id: quentin, name: Quentin}
        events:
          - {id: shot, name: Quentin is shot, effects: [{injured: quentin}]}
          - {id: ward, name: Quentin mends, effects: [{recovers: quentin}]}
          - {id: dead, name: Quentin dies years later, effects: [{dies: quentin}]}
    """
    yield from _harmed(context, context.state.effects_of(Recovers))
