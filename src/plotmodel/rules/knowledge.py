"""PM7xx knowledge: people act on what they believe, and facts exist before they are told.

A character believes a fact from a believed reveal, from acting in the event
that establishes it, or from the start (``known_by``). Being told without
believing (``believed: false``) is not believing.
"""

from __future__ import annotations

from collections.abc import Iterator
from math import inf
from typing import Final

from plotmodel.diagnostics import Related, Severity
from plotmodel.model import AUDIENCE, Appearance, Belief, Event, Kind, Reveal
from plotmodel.rules import Context, Finding, rule
from plotmodel.rules._common import before, dead_at, in_event, quote
from plotmodel.state import Change, Step

__all__ = [
    "acts_on_unknown_fact",
    "contradiction_holds",
    "ended_before_established",
    "fact_never_established",
    "reveal_to_dead",
    "revealed_before_established",
    "revealed_to_audience_twice",
]


# The least stand on a fact one may act on: a doubt will do, to check it.
_ACTS_ON: Final = Belief.DOUBTS


@rule("PM701", "acts-on-unknown-fact", Severity.ERROR)
def acts_on_unknown_fact(context: Context) -> Iterator[Finding]:
    """A character acts on a fact (``motivated_by``) they do not believe, suspect or doubt.

    A character cannot act on what they have never heard; either the reveal
    comes too late or the motive is wrong. A doubt is enough: one may act on
    a rumour one doubts, to check it (``believed: doubts``). Hearing it
    without believing it (``believed: false``), seeing it end, or giving it
    up for a fact that contradicts it is not: the message says which, with
    a note where. A motive given as a fact's
    id belongs to every agent of the event; ``{fact: F, agents: [X]}`` says
    which agents act on it, and a co-agent who does not know it is no
    finding. A group acts on a fact when any of its members believes it,
    and what a group knows from the start (``known_by``) its members at the
    start know; what it knew as itself, before it had a named member (a
    crowd), it still knows when one joins.
    Agents who appear in another form (a ghost, a recording) act on what
    they know as well. When the fact is made true at an event the character
    was at without being one of its agents, the note says so: only the
    agents learn it there, unless its ``learned_by`` names others.

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
    order = context.order
    events = context.plot.events
    for i, k, fact, named in state.motivations:
        event = events[i]
        start = state.start(i)
        for agent in dict.fromkeys(named or event.agent_ids):
            kind = index.kind(agent)
            if kind is Kind.CHARACTER:
                knowers: list[str] = [agent]
            elif kind is Kind.GROUP:
                knowers = sorted(state.members(agent, start))
                if not knowers:
                    continue  # a group of nobody at this moment says nothing about belief
                if state.belief(agent, fact, start) >= _ACTS_ON:
                    continue  # what it knew as itself, before it had members, it still knows
            else:
                continue
            # acting on a doubt or a suspicion is acting on the fact too (checking a rumour)
            believing = [who for who in knowers if state.belief(who, fact, start) >= _ACTS_ON]
            if believing:
                # believed in the order listed: a loose learning may still come after the act
                sources = [state.belief_since(who, fact, start) for who in believing]
                late = [
                    s
                    for s in sources
                    if s is not None and s.position != i and order.possibly_before(i, s.position)
                ]
                if len(late) < len(sources):
                    continue
                severity: Severity | None = Severity.WARNING
                learned: Change | None = late[0]
            else:
                firsts = [
                    m
                    for who in knowers
                    if (m := state.first_belief(who, fact, at_least=_ACTS_ON)) is not None
                    and m > start
                ]
                learned = state.change_at(min(firsts)) if firsts else None
                severity = Severity.ERROR if learned is None else before(order, i, learned.position)
            if severity is None:
                continue
            related, message = _unknown(context, fact, knowers, start, learned)
            acts = f"{quote(agent)} acts on {quote(fact)} in {quote(event.id)}"
            if kind is Kind.GROUP:
                message = f"{acts}, but none of its members believes it"
            else:
                message = acts + message
            yield Finding(
                message=message,
                path=("events", i, "motivated_by", k),
                related=related,
                about=(agent, fact, event.id),
                severity=severity,
            )


def _unknown(
    context: Context, fact: str, knowers: list[str], moment: int, learned: Change | None
) -> tuple[tuple[Related, ...], str]:
    """Why ``knowers`` cannot act on ``fact`` at ``moment``, as a note and the end of a message.

    They come to believe it later (``learned``), believed it once and no
    longer do (forgotten, seen to end, given up for what contradicts it),
    heard it without believing it, or never heard it at all.
    """
    state = context.state
    if learned is not None:
        return (Related(message=f"{quote(fact)} comes to be believed here", path=learned.path),), (
            " before believing it"
        )
    stands = [(who, state.first_belief(who, fact, at_least=_ACTS_ON)) for who in knowers]
    stopped = [
        change
        for who, first in stands
        if first is not None and first <= moment
        if (change := state.belief_since(who, fact, moment)) is not None
    ]
    if stopped:
        # the last of them to stop; an event's own change (its end) comes after its effects
        last = max(
            stopped, key=lambda one: (one.position, inf if one.effect is None else one.effect)
        )
        return (Related(message=f"{quote(fact)} stops being believed here", path=last.path),), (
            ", but no longer believes it"
        )
    heard = [
        change
        for who in knowers
        if state.belief(who, fact, moment) > Belief.UNAWARE
        if (change := state.belief_since(who, fact, moment)) is not None
    ]
    if heard:
        return (
            Related(message=f"{quote(fact)} is heard but not believed here", path=heard[0].path),
        ), " without believing it"
    witnessed = _witnessed(context, fact, knowers)
    if witnessed is not None:
        note = (
            f"{quote(fact)} is made true here, where only the agents learn it"
            " unless its learned_by names others"
        )
        return (Related(message=note, path=("events", witnessed)),), " before hearing of it"
    note = f"{quote(fact)} is declared here"
    return (Related(message=note, path=context.index.path(fact)),), " before hearing of it"


def _witnessed(context: Context, fact: str, knowers: list[str]) -> int | None:
    """The event that makes ``fact`` true, if one of ``knowers`` was at it but not its agent."""
    index, state = context.index, context.state
    if index.kind(fact) is not Kind.FACT:
        return None
    made = context.plot.facts[index.position(fact)]
    if made.learned_by is not None or index.kind(made.established_by or "") is not Kind.EVENT:
        return None
    position = state.position(made.established_by or "")
    there = in_event(state, position) - set(state.events[position].agent_ids)
    return position if not there.isdisjoint(knowers) else None


# The forms that are someone bodily: dead in the event, they take in nothing more.
_IN_PERSON: Final = frozenset({Appearance.PRESENT, Appearance.REMOTE})


def _perceiving(event: Event, *, bodily: bool = True) -> set[str]:
    """Who takes part in an event in a form that takes in what happens.

    With ``bodily``, those there in person count as well as ghosts and voices.
    """
    forms = [one for one in event.agents if not isinstance(one, str)] + list(event.participants)
    found = {one for one in event.agents if isinstance(one, str)} if bodily else set()
    found |= {
        one.who
        for one in forms
        if one.appears.perceives and (bodily or one.appears not in _IN_PERSON)
    }
    return found


def _reveals(context: Context) -> list[Step[Reveal]]:
    return context.state.effects_of(Reveal)


@rule("PM702", "revealed-before-established", Severity.ERROR)
def revealed_before_established(context: Context) -> Iterator[Finding]:
    """A fact is revealed before the event that makes it true.

    Nobody can be told who fired the shot before the shot is fired; the
    reveal is misplaced or the fact names the wrong event. What is said
    before it comes true is a fact of its own: a prophecy (the sisters
    foretell that Macbeth shall be king, true once they say it), or a report
    that is false when it is made and comes true later (Juliet taken for
    dead while she sleeps, a fact that ``holds: false`` beside the one her
    death makes true).

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
        if fact is None or fact.established_by is None or fact.backstory or fact.holds is None:
            continue
        made = positions.get(fact.established_by)
        if made is None or made == i or context.index.kind(fact.established_by) is not Kind.EVENT:
            continue
        severity = before(context.order, i, made)
        if severity is None:
            continue
        yield Finding(
            message=(
                f"{quote(reveal.fact)} is revealed in {quote(context.plot.events[i].id)}"
                f" before it is established in {quote(fact.established_by)}"
            ),
            path=("events", i, "effects", k),
            related=(
                Related(message=f"{quote(reveal.fact)} is established here", path=("events", made)),
            ),
            about=(reveal.fact, context.plot.events[i].id),
            severity=severity,
        )


@rule("PM703", "revealed-to-audience-twice", Severity.WARNING)
def revealed_to_audience_twice(context: Context) -> Iterator[Finding]:
    """The audience is shown the same fact twice.

    A reveal is a moment of the film; a second one is either a reminder that
    needs no modelling or a different fact under the same id. One that moves
    where the audience stands is no repeat: a hunch the audience is given,
    then the confession that proves it (``believed: suspects``, then
    believed), or a doubt cast on what it was shown. The note names the
    reveal that last moved it.

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
    state = context.state
    first: dict[str, tuple[int, int]] = {}
    events = context.plot.events
    for i, k, reveal in _reveals(context):
        if AUDIENCE not in reveal.to:
            continue
        earlier = first.get(reveal.fact)
        # a first reveal, or one that moves where the audience stands
        step = state.step(i, k)
        moved = state.belief(AUDIENCE, reveal.fact, step) != state.belief(
            AUDIENCE, reveal.fact, step + 1
        )
        if earlier is None or moved:
            first[reveal.fact] = (i, k)
            continue
        j, m = earlier
        yield Finding(
            message=(
                f"{quote(reveal.fact)} is revealed to the audience in {quote(events[i].id)}"
                f" and already in {quote(events[j].id)}"
            ),
            path=("events", i, "effects", k),
            related=(
                Related(
                    message=f"{quote(reveal.fact)} is revealed here",
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
            message=(
                f"{quote(fact.id)} holds and is revealed, but is neither backstory nor established"
            ),
            path=("facts", position, "id"),
            related=(
                Related(
                    message=f"{quote(fact.id)} is revealed here", path=("events", i, "effects", k)
                ),
            ),
            about=(fact.id,),
        )


@rule("PM705", "reveal-to-dead", Severity.ERROR)
def reveal_to_dead(context: Context) -> Iterator[Finding]:
    """A fact is revealed to a character who is dead at the time.

    The dead learn nothing; the reveal names the wrong character, or comes
    after the death by mistake, in an earlier event or earlier in the same
    one. Not counted: a dead character who is there in a form that takes in
    what is said, as a ghost, a vision or speaking through a medium, as an
    agent or a participant of the event.

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
          - id: grave
            name: At the grave, Lino tells Charas's ghost the car is found
            agents: [lino]
            participants: [{who: charas, appears: ghost}]
            effects: [{reveal: {fact: car-in-barn, to: [charas], by: lino}}]
    """
    state = context.state
    index = context.index
    events = context.plot.events
    for i, k, reveal in _reveals(context):
        moment = state.step(i, k)
        written = events[i].effects[k]
        assert isinstance(written, Reveal)
        # the ids as written: the resolved effect may have left some out
        perceiving: set[str] | None = None  # who is there to take it in, found when needed
        for n, who in enumerate(written.to):
            if index.kind(who) is not Kind.CHARACTER:
                continue
            dead = dead_at(context, who, i, moment)
            if dead is None:
                continue
            death, severity, doubt = dead
            if death.position == i:
                # dead earlier in this very event: only a ghost or a voice still takes it in
                if who in _perceiving(events[i], bodily=False):
                    continue
            else:
                if perceiving is None:
                    perceiving = _perceiving(events[i])
                if who in perceiving:
                    continue  # there, bodily or as a ghost or a voice that takes in what is said
            yield Finding(
                message=(
                    f"{quote(reveal.fact)} is revealed to {quote(who)} in {quote(events[i].id)}"
                    f" after {quote(who)} dies in {quote(death.event)}"
                ),
                path=("events", i, "effects", k, "to", n),
                related=(Related(message=f"{quote(who)} dies here", path=death.path),),
                about=(who, events[i].id),
                severity=severity,
                doubt=doubt,
            )


@rule("PM706", "contradiction-holds", Severity.ERROR)
def contradiction_holds(context: Context) -> Iterator[Finding]:
    """Two facts marked as contradicting each other both hold at the same moment.

    A fact's ``contradicts`` says the two cannot both be true; when the
    story makes both true, one of them is wrong, or the source contradicts
    itself. Record a contradiction of the source as a discrepancy about both
    facts, and it is no finding. A lie that contradicts the truth never
    holds, so it is no finding either; nor does a fact that has ended
    (``ended_by``): "Duncan is king" ends with his murder, and then
    "Macbeth is king" may hold.

    Fails:
        plotmodel: 1
        title: Two cars
        characters:
          - {id: lino, name: Lino}
        facts:
          - {id: car-burnt, name: Charas's car burnt, backstory: true, contradicts: [car-hidden]}
          - {id: car-hidden, name: Charas's car is hidden in a barn, backstory: true}  # PM706
        events:
          - id: search
            name: Lino looks for the car
            agents: [lino]
            effects: [{reveal: {fact: car-hidden, to: [audience], how: shown}}]

    Passes:
        plotmodel: 1
        title: Two cars
        characters:
          - {id: lino, name: Lino}
        facts:
          - {id: car-burnt, name: Charas's car burnt, backstory: true, contradicts: [car-hidden]}
          - {id: car-hidden, name: Charas's car is hidden in a barn, backstory: true}
        events:
          - id: search
            name: Lino looks for the car
            agents: [lino]
            effects: [{reveal: {fact: car-hidden, to: [audience], how: shown}}]
        discrepancies:
          - id: which-car
            name: The source says the car burnt, then that it was hidden
            about: [car-burnt, car-hidden]
    """
    state = context.state
    index = context.index
    recorded = {frozenset(d.about) for d in context.plot.discrepancies}
    seen: set[frozenset[str]] = set()
    for fact in state.facts.values():
        for other in fact.contradicts:
            pair = frozenset((fact.id, other))
            if pair in seen or index.kind(other) is not Kind.FACT:
                continue
            seen.add(pair)
            if any(pair <= about for about in recorded):
                continue  # the plot records the source's contradiction
            first, then = state.holds_from(fact.id), state.holds_from(other)
            if first is None or then is None:
                continue
            ends = [until for one in pair if (until := state.holds_until(one)) is not None]
            if ends and min(ends) <= max(first, then):
                continue  # one has stopped holding before the other holds
            # reported at the fact that comes to hold last, with the other as its note
            late, early = (other, fact.id) if then >= first else (fact.id, other)
            moment = max(first, then)
            position = state.event_at(moment - 1) if moment else None
            when = f" from {quote(state.events[position].id)}" if position is not None else ""
            yield Finding(
                message=(
                    f"{quote(late)} and {quote(early)} contradict each other but both hold{when}"
                ),
                path=(*index.path(late), "id"),
                related=(
                    Related(message=f"{quote(early)} holds too", path=(*index.path(early), "id")),
                ),
                about=(late, early),
            )


@rule("PM707", "ended-before-established", Severity.ERROR)
def ended_before_established(context: Context) -> Iterator[Finding]:
    """A fact ends at an event that comes before the one that makes it true.

    ``ended_by`` names the event after which a truth no longer holds. Ended
    before it is established, or by the very event that establishes it, the
    fact never holds at all, and whoever learns it learns nothing true: one
    of the two events is the wrong one, or they are swapped.

    Fails:
        plotmodel: 1
        title: A short reign
        characters:
          - {id: macbeth, name: Macbeth}
        facts:
          - id: macbeth-king
            name: Macbeth is king
            established_by: crowning
            ended_by: battle  # PM707
        events:
          - {id: battle, name: Macbeth is overthrown at Dunsinane}
          - {id: crowning, name: Macbeth is crowned at Scone, agents: [macbeth]}

    Passes:
        plotmodel: 1
        title: A short reign
        characters:
          - {id: macbeth, name: Macbeth}
        facts:
          - id: macbeth-king
            name: Macbeth is king
            established_by: crowning
            ended_by: battle
        events:
          - {id: crowning, name: Macbeth is crowned at Scone, agents: [macbeth]}
          - {id: battle, name: Macbeth is overthrown at Dunsinane}
    """
    index = context.index
    events = context.plot.events
    for n, fact in enumerate(context.plot.facts):
        if not fact.holds or fact.backstory or fact.established_by is None:
            continue
        if fact.ended_by is None or index.kind(fact.id) is not Kind.FACT:
            continue
        if index.position(fact.id) != n:
            continue  # an id given twice: its first definition counts
        if index.kind(fact.established_by) is not Kind.EVENT:
            continue
        if index.kind(fact.ended_by) is not Kind.EVENT:
            continue
        made, ended = index.position(fact.established_by), index.position(fact.ended_by)
        severity = Severity.ERROR if ended == made else before(context.order, ended, made)
        if severity is None:
            continue
        when = "does not come" if severity is Severity.ERROR else "may not come"
        yield Finding(
            message=(
                f"{quote(fact.id)} ends in {quote(events[ended].id)}, which {when} after"
                f" {quote(events[made].id)} that establishes it, so it never holds"
            ),
            path=("facts", n, "ended_by"),
            related=(
                Related(message=f"{quote(fact.id)} ends here", path=("events", ended)),
                Related(message=f"{quote(fact.id)} is established here", path=("events", made)),
            ),
            about=(fact.id, events[ended].id),
            severity=severity,
        )
