"""PM4xx custody: the held stay where they are held until released or escaped.

An arrest holds a character (or every member of a group) at the arrest's
``at`` place, else the event's place; places inside it and the arrest's
``allowed`` places are still within custody. The event of an escape or a
release is itself allowed anywhere.
"""

from __future__ import annotations

from collections.abc import Iterator

from plotmodel.diagnostics import Related, Severity
from plotmodel.model import Arrested, Escapes, Event, Kind, Moves, Released
from plotmodel.rules import Context, Finding, rule
from plotmodel.rules._common import before, in_event, quote
from plotmodel.state import Custody, Step, StoryState

__all__ = ["acts_outside_custody", "freed_without_custody"]


@rule("PM401", "freed-without-custody", Severity.ERROR)
def freed_without_custody(context: Context) -> Iterator[Finding]:
    """A character or group is released, or escapes, without being held.

    A release or an escape ends a custody; without an arrest before it, the
    arrest is missing or the id is wrong. Custody also lapses when everyone
    who holds the prisoner (its ``by``) has died, the hostage whose taker is
    shot, or every named member of a group that holds them; a release or
    escape after that is no finding (Gretel opens the
    stable once the witch is dead). Nor is releasing the body of a prisoner
    who died held (the rope untied from the dead man); a dead man's escape is.

    Fails:
        plotmodel: 1
        title: Free already
        characters:
          - {id: lino, name: Lino}
        events:
          - id: breakout
            name: Lino breaks out
            agents: [lino]
            effects: [{escapes: lino}]  # PM401

    Passes:
        plotmodel: 1
        title: Free already
        characters:
          - {id: lino, name: Lino}
        events:
          - {id: caught, name: Lino is caught, effects: [{arrested: lino}]}
          - id: breakout
            name: Lino breaks out
            agents: [lino]
            effects: [{escapes: lino}]
    """
    state = context.state
    order = context.order
    events = context.plot.events
    freed: list[Step[Released | Escapes]] = [
        *state.effects_of(Released),
        *state.effects_of(Escapes),
    ]
    for i, k, effect in freed:
        who = effect.who
        held = state.custody(who, state.step(i, k))
        spans = state.custody_spans(who)
        severity = Severity.ERROR
        note: Related
        if held is not None:
            # held as listed: a loose arrest may still come after the release
            if held.position == i or not order.possibly_before(i, held.position):
                continue
            severity = Severity.WARNING
            note = Related(message=f"{quote(who)} is arrested here", path=held.path)
        else:
            arrests = [
                s.custody
                for s in spans
                if s.custody.position > i and order.possibly_before(s.custody.position, i)
            ]
            ended = [
                s
                for s in spans
                if s.ended is not None and (s.ended.position, s.ended.effect or 0) <= (i, k)
            ]
            if arrests:
                severity = Severity.WARNING  # a loose arrest may come first
                note = Related(message=f"{quote(who)} is arrested here", path=arrests[0].path)
            elif ended and ended[-1].unkept:
                continue  # nobody living holds them, but the cage still has to be opened
            elif (
                ended
                and ended[-1].died
                and isinstance(effect, Released)
                and not state.is_alive(who, state.step(i, k))
            ):
                continue  # custody ends at death, but the body is still to be untied
            elif ended:
                last = ended[-1]
                assert last.ended is not None
                if last.ended.position != i and order.possibly_before(i, last.ended.position):
                    severity = Severity.WARNING  # the end of custody may come after this
                how = "dies" if last.died else "escapes" if last.escaped else "is freed"
                note = Related(message=f"{quote(who)} {how} here", path=last.ended.path)
            elif spans:
                note = Related(message=f"{quote(who)} is arrested here", path=spans[0].custody.path)
            else:
                note = Related(message=f"{quote(who)} is never held", path=context.index.path(who))
        verb = "escapes" if isinstance(effect, Escapes) else "is released"
        related = (note,)
        yield Finding(
            message=f"{quote(effect.who)} {verb} in {quote(events[i].id)} without being held",
            path=("events", i, "effects", k),
            related=related,
            about=(effect.who, events[i].id),
            severity=severity,
        )


def _freed_here(event: Event, who: str, custody: Custody) -> bool:
    """Whether the event itself ends or changes this custody: a release, an escape, a new arrest."""
    names = {who, custody.through} if custody.through else {who}
    return any(
        isinstance(effect, Released | Escapes | Arrested) and effect.who in names
        for effect in event.effects
    )


@rule("PM402", "acts-outside-custody", Severity.ERROR)
def acts_outside_custody(context: Context) -> Iterator[Finding]:
    """A held character or group is bodily somewhere custody does not allow.

    Someone in a cell cannot join a car chase across town unless the plot lets
    them out: by a release, an escape, or an ``allowed`` place such as day
    release. Places inside the custody place count as inside it, and a scene
    set in a place the custody place is part of (the house whose stable is
    the cell) does not say the prisoner left it. Not counted:
    the dead, whom custody no longer holds (a body taken from the prison is no
    prisoner out of place); the event of the release or escape itself, and one
    whose new ``arrested`` sets new terms; an event that has one of those who
    hold the prisoner (custody's ``by``, or a member of a group that holds
    them) there too, who brought them (the officers who lead their prisoner
    before the duke, the detective who takes the convict on a job), and any
    later event at a place they were brought to (the prisoner left in the
    dock once the guard has marched him in); appearing in a form that is not
    bodily. Releasing a group frees everyone held through its arrest, even
    those who left it meanwhile. A group held as a whole is held like one person: the gang
    locked in the cellar cannot rob the bank as a gang until it is let out.

    Fails:
        plotmodel: 1
        title: Day out
        characters:
          - {id: lino, name: Lino}
        places:
          - {id: prison, name: the prison}
          - {id: garage, name: the garage}
        events:
          - id: jailed
            name: Lino is jailed
            effects: [{arrested: {who: lino, at: prison}}]
          - id: repair
            name: Lino repairs a car
            agents: [lino]  # PM402
            place: garage

    Passes:
        plotmodel: 1
        title: Day out
        characters:
          - {id: lino, name: Lino}
        places:
          - {id: prison, name: the prison}
          - {id: garage, name: the garage}
        events:
          - id: jailed
            name: Lino is jailed
            effects: [{arrested: {who: lino, at: prison, allowed: [garage]}}]
          - id: repair
            name: Lino repairs a car
            agents: [lino]
            place: garage
    """
    state = context.state
    order = context.order
    index = context.index
    events = context.plot.events
    held: dict[str, None] = {}
    for i, k, arrest in state.effects_of(Arrested):
        held[arrest.who] = None
        if index.kind(arrest.who) is Kind.GROUP:
            held.update(dict.fromkeys(sorted(state.members(arrest.who, state.step(i, k)))))
    for who in held:
        if index.kind(who) not in (Kind.CHARACTER, Kind.GROUP):
            continue
        last = -1
        for span in state.custody_spans(who):
            custody, end = span.custody, span.ended
            if custody.at is None:
                continue
            # the places those who hold them have brought them to: held there too
            brought: list[str] = []
            # held in the events listed after the arrest, up to the one that ends it
            stop = None if end is None else end.position + 1
            for i, effect, path, verb in state.bodily(who, start=custody.position + 1, stop=stop):
                if i == last:
                    continue
                event = events[i]
                if _freed_here(event, who, custody):
                    continue
                there = in_event(state, i)
                where = _outside(context, i, who, effect, custody, there=there)
                if where is None:
                    continue  # where custody allows
                if _kept_here(state, i, custody, there):
                    brought.append(where)  # brought by one who holds them
                    continue
                if any(state.is_within(where, there) for there in brought):
                    continue  # left where their keepers brought them (the dock, the hall)
                severity = before(order, custody.position, i)
                if severity is None:
                    continue
                if end is not None and end.position > i and order.possibly_before(end.position, i):
                    severity = Severity.WARNING  # the release may come first in some orders
                last = i
                verb_where = "moves to" if verb == "moves in" else "is at"
                yield Finding(
                    message=(
                        f"{quote(who)} {verb_where} {quote(where)} in {quote(event.id)} while held"
                        f" at {quote(custody.at)} since {quote(custody.event)}"
                    ),
                    path=("events", i, *path),
                    related=(Related(message=f"{quote(who)} is held here", path=custody.path),),
                    about=(who, event.id),
                    severity=severity,
                )


def _kept_here(state: StoryState, position: int, custody: Custody, there: set[str]) -> bool:
    """Whether one who holds the prisoner is with the event (``there``): a keeper, or a member.

    An officer leads in the prisoner the police hold as surely as the police do.
    """
    if not there.isdisjoint(custody.by):
        return True
    start = state.start(position)
    return any(
        not there.isdisjoint(state.members(keeper, start))
        for keeper in custody.by
        if state.index.kind(keeper) is Kind.GROUP
    )


def _outside(
    context: Context,
    position: int,
    who: str,
    effect: int | None,
    custody: Custody,
    *,
    there: set[str],
) -> str | None:
    """The place outside custody where ``who`` is in the event at ``position``, if any.

    ``there`` is who is with the event: one an effect names is at its place,
    unless the event lists them as taking part from elsewhere.
    """
    state = context.state
    held = custody.at
    assert held is not None
    event = state.events[position]
    # named by an effect, they are at its place, but for one the event lists elsewhere
    placed = effect is not None and who in there
    where = state.event_place(position, effect=effect) if placed else state.where(who, position)
    if effect is not None:
        moved = event.effects[effect]
        if isinstance(moved, Moves) and moved.who == who:
            where = moved.to
    if where is None or state.index.kind(where) is not Kind.PLACE:
        return None
    if state.is_within(where, held) or state.is_within(held, where):
        # in the cell, or in a scene set in the house the cell is part of: nothing says otherwise
        return None
    if any(state.is_within(where, allowed) for allowed in custody.allowed):
        return None
    return where
