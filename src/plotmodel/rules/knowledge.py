"""PM7xx knowledge: people act on what they believe, and facts exist before they are told.

A character believes a fact from a believed reveal, from acting in the event
that establishes it, or from the start (``known_by``). Being told without
believing (``believed: false``) is not believing.
"""

from __future__ import annotations

from collections.abc import Iterator

from plotmodel.diagnostics import Related, Severity
from plotmodel.index import Kind
from plotmodel.model import AUDIENCE, Reveal
from plotmodel.rules import Context, Finding, Rule, rule
from plotmodel.rules._common import before

__all__ = [
    "RULES",
    "acts_on_unknown_fact",
    "fact_never_established",
    "reveal_to_dead",
    "revealed_before_established",
    "revealed_to_audience_twice",
]


@rule("PM701", "acts-on-unknown-fact", Severity.ERROR)
def acts_on_unknown_fact(context: Context) -> Iterator[Finding]:
    """A character acts on a fact (``motivated_by``) before believing it.

    A character cannot act on what they do not yet believe; either the
    reveal comes too late or the motive is wrong.

    Fails:
        plotmodel: 1
        title: Hunch
        characters:
          - {id: lino, name: Lino}
          - {id: julia, name: Julia}
        facts:
          - {id: car-in-barn, name: The car is in the barn, backstory: true}
        events:
          - id: drive
            name: Lino drives to the barn
            agents: [lino]
            motivated_by: [car-in-barn]  # PM701
          - id: tip
            name: Julia tells Lino where the car is
            agents: [julia]
            effects: [{reveal: {fact: car-in-barn, to: [lino, audience], by: julia}}]

    Passes:
        plotmodel: 1
        title: Hunch
        characters:
          - {id: lino, name: Lino}
          - {id: julia, name: Julia}
        facts:
          - {id: car-in-barn, name: The car is in the barn, backstory: true}
        events:
          - id: tip
            name: Julia tells Lino where the car is
            agents: [julia]
            effects: [{reveal: {fact: car-in-barn, to: [lino, audience], by: julia}}]
          - id: drive
            name: Lino drives to the barn
            agents: [lino]
            motivated_by: [car-in-barn]
    """
    state = context.state
    index = context.index
    events = context.plot.events
    for i in context.scan.motivated:
        event = events[i]
        for k, fact in enumerate(event.motivated_by):
            for agent in event.agents:
                if index.kind(agent) is not Kind.CHARACTER or state.believes(agent, fact, i):
                    continue
                first = state.first_belief(agent, fact)
                severity: Severity | None = Severity.ERROR
                related: tuple[Related, ...] = ()
                if first is not None and first > i:
                    learned = first - 1
                    severity = before(context.order, i, learned)
                    related = (
                        Related(
                            message=f"'{agent}' comes to believe it here",
                            path=("events", learned),
                        ),
                    )
                if severity is None:
                    continue
                yield Finding(
                    message=f"'{agent}' acts on '{fact}' in '{event.id}' before believing it",
                    path=("events", i, "motivated_by", k),
                    related=related,
                    about=(agent, fact, event.id),
                    severity=severity,
                )


def _reveals(context: Context) -> list[tuple[int, int, Reveal]]:
    return context.scan.of(Reveal)


@rule("PM702", "revealed-before-established", Severity.ERROR)
def revealed_before_established(context: Context) -> Iterator[Finding]:
    """A fact is revealed before the event that makes it true.

    Nobody can be told who fired the shot before the shot is fired; the
    reveal is misplaced or the fact names the wrong event.

    Fails:
        plotmodel: 1
        title: Prophecy
        characters:
          - {id: lino, name: Lino}
          - {id: areski, name: Areski}
        facts:
          - {id: areski-shot, name: Areski fired the shot, established_by: shot}
        events:
          - id: told
            name: Lino learns who fired
            agents: [lino]
            effects: [{reveal: {fact: areski-shot, to: [lino, audience]}}]  # PM702
          - {id: shot, name: Areski fires, agents: [areski]}

    Passes:
        plotmodel: 1
        title: Prophecy
        characters:
          - {id: lino, name: Lino}
          - {id: areski, name: Areski}
        facts:
          - {id: areski-shot, name: Areski fired the shot, established_by: shot}
        events:
          - {id: shot, name: Areski fires, agents: [areski]}
          - id: told
            name: Lino learns who fired
            agents: [lino]
            effects: [{reveal: {fact: areski-shot, to: [lino, audience]}}]
    """
    facts = context.state.facts
    positions = context.state.positions
    for i, k, reveal in _reveals(context):
        fact = facts.get(reveal.fact)
        if fact is None or fact.established_by is None or fact.backstory:
            continue
        made = positions.get(fact.established_by)
        if made is None or made == i:
            continue
        severity = before(context.order, i, made)
        if severity is None:
            continue
        yield Finding(
            message=(
                f"'{reveal.fact}' is revealed in '{context.plot.events[i].id}'"
                f" before it is established in '{fact.established_by}'"
            ),
            path=("events", i, "effects", k),
            related=(
                Related(message=f"'{reveal.fact}' is established here", path=("events", made)),
            ),
            about=(reveal.fact, context.plot.events[i].id),
            severity=severity,
        )


@rule("PM703", "revealed-to-audience-twice", Severity.WARNING)
def revealed_to_audience_twice(context: Context) -> Iterator[Finding]:
    """The audience is shown the same fact twice.

    A reveal is a moment of the film; a second one is either a reminder that
    needs no modelling or a different fact under the same id.

    Fails:
        plotmodel: 1
        title: Twice told
        characters:
          - {id: lino, name: Lino}
        facts:
          - {id: car-in-barn, name: The car is in the barn, backstory: true}
        events:
          - id: glimpse
            name: The camera finds the car in the barn
            agents: [lino]
            effects: [{reveal: {fact: car-in-barn, to: [audience], how: shown}}]
          - id: again
            name: Lino opens the barn door
            agents: [lino]
            effects: [{reveal: {fact: car-in-barn, to: [audience], how: shown}}]  # PM703

    Passes:
        plotmodel: 1
        title: Twice told
        characters:
          - {id: lino, name: Lino}
        facts:
          - {id: car-in-barn, name: The car is in the barn, backstory: true}
        events:
          - id: glimpse
            name: The camera finds the car in the barn
            agents: [lino]
            effects: [{reveal: {fact: car-in-barn, to: [audience], how: shown}}]
          - id: again
            name: Lino opens the barn door
            agents: [lino]
            effects: [{reveal: {fact: car-in-barn, to: [lino]}}]
    """
    first: dict[str, tuple[int, int]] = {}
    events = context.plot.events
    for i, k, reveal in _reveals(context):
        if AUDIENCE not in reveal.to:
            continue
        earlier = first.get(reveal.fact)
        if earlier is None:
            first[reveal.fact] = (i, k)
            continue
        j, m = earlier
        yield Finding(
            message=(
                f"'{reveal.fact}' is revealed to the audience in '{events[i].id}'"
                f" and already in '{events[j].id}'"
            ),
            path=("events", i, "effects", k),
            related=(
                Related(
                    message=f"'{reveal.fact}' is first revealed here",
                    path=("events", j, "effects", m),
                ),
            ),
            about=(reveal.fact, events[i].id),
        )


@rule("PM704", "fact-never-established", Severity.WARNING)
def fact_never_established(context: Context) -> Iterator[Finding]:
    """A true fact is revealed but nothing makes it true: no event, no backstory.

    A true fact either held before the story (``backstory: true``) or some
    event makes it so (``established_by``); without either, the plot cannot
    say from when it can be known.

    Fails:
        plotmodel: 1
        title: From nowhere
        characters:
          - {id: lino, name: Lino}
        facts:
          - {id: car-in-barn, name: The car is in the barn}  # PM704
        events:
          - id: glimpse
            name: Lino finds the car in the barn
            agents: [lino]
            effects: [{reveal: {fact: car-in-barn, to: [lino, audience], how: seen}}]

    Passes:
        plotmodel: 1
        title: From nowhere
        characters:
          - {id: lino, name: Lino}
        facts:
          - {id: car-in-barn, name: The car is in the barn, backstory: true}
        events:
          - id: glimpse
            name: Lino finds the car in the barn
            agents: [lino]
            effects: [{reveal: {fact: car-in-barn, to: [lino, audience], how: seen}}]
    """
    revealed: dict[str, tuple[int, int]] = {}
    for i, k, reveal in _reveals(context):
        revealed.setdefault(reveal.fact, (i, k))
    for position, fact in enumerate(context.plot.facts):
        where = revealed.get(fact.id)
        if where is None or not fact.holds or fact.backstory or fact.known_by:
            continue
        if fact.established_by is not None:
            continue
        i, k = where
        yield Finding(
            message=f"'{fact.id}' holds and is revealed, but is neither backstory nor established",
            path=("facts", position, "id"),
            related=(
                Related(message=f"'{fact.id}' is revealed here", path=("events", i, "effects", k)),
            ),
            about=(fact.id,),
        )


@rule("PM705", "reveal-to-dead", Severity.ERROR)
def reveal_to_dead(context: Context) -> Iterator[Finding]:
    """A fact is revealed to a character who is dead at the time.

    The dead learn nothing; the reveal names the wrong character, or comes
    after the death by mistake.

    Fails:
        plotmodel: 1
        title: Too late
        characters:
          - {id: lino, name: Lino}
          - {id: charas, name: Charas}
        facts:
          - {id: car-in-barn, name: The car is in the barn, backstory: true}
        events:
          - {id: crash, name: Charas dies in a crash, effects: [{dies: charas}]}
          - id: tip
            name: Lino whispers where the car is
            agents: [lino]
            effects: [{reveal: {fact: car-in-barn, to: [charas], by: lino}}]  # PM705

    Passes:
        plotmodel: 1
        title: Too late
        characters:
          - {id: lino, name: Lino}
          - {id: charas, name: Charas}
        facts:
          - {id: car-in-barn, name: The car is in the barn, backstory: true}
        events:
          - id: tip
            name: Lino whispers where the car is
            agents: [lino]
            effects: [{reveal: {fact: car-in-barn, to: [charas], by: lino}}]
          - {id: crash, name: Charas dies in a crash, effects: [{dies: charas}]}
    """
    state = context.state
    index = context.index
    events = context.plot.events
    for i, k, reveal in _reveals(context):
        for n, who in enumerate(reveal.to):
            if index.kind(who) is not Kind.CHARACTER:
                continue
            death = state.death(who, i)
            if death is None:
                continue
            severity = before(context.order, death.position, i)
            if severity is None:
                continue
            yield Finding(
                message=(
                    f"'{reveal.fact}' is revealed to '{who}' in '{events[i].id}'"
                    f" after '{who}' dies in '{death.event}'"
                ),
                path=("events", i, "effects", k, "to", n),
                related=(Related(message=f"'{who}' dies here", path=death.path),),
                about=(who, events[i].id),
                severity=severity,
            )


RULES: tuple[Rule, ...] = (
    acts_on_unknown_fact,
    revealed_before_established,
    revealed_to_audience_twice,
    fact_never_established,
    reveal_to_dead,
)
