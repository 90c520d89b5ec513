"""PM6xx things: destroyed things stay destroyed, and only a holder can hand a thing over.

A destroyed thing may still appear as ``remains`` (a burnt-out wreck) or be
mentioned. Who holds what comes from ``Thing.held_by`` at the start, then
``takes`` and ``hands_over`` effects.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Final

from plotmodel.diagnostics import Related, Severity
from plotmodel.model import (
    Appearance,
    Damaged,
    Destroyed,
    Event,
    Found,
    HandsOver,
    Kind,
    Lost,
    Moves,
    Participant,
    PutIn,
    Takes,
)
from plotmodel.rules import Context, Finding, rule
from plotmodel.rules._common import before_beginning, in_event, ordered, quote
from plotmodel.state import Condition, ConditionChange, Step, StoryState

__all__ = [
    "destroyed_thing_harmed",
    "destroyed_thing_used",
    "handed_over_unheld",
    "held_thing_placed_apart",
    "inside_itself",
    "lost_thing_used",
    "thing_elsewhere",
    "used_before_made",
]


# The verb of a found thing: finding it is learning where it is, no use of it.
_FINDING: Final = "is found in"

# What an appearance of a thing means, by the verb its bodily field declares.
_USES = {
    "takes part in": "is used in",
    "moves in": "is moved in",
    "is taken in": "is taken in",
    "is handed over in": "is handed over in",
}


def _destroyed(
    context: Context, thing: str, position: int, moment: int
) -> tuple[ConditionChange, Severity] | None:
    """The destruction in force at ``moment`` of the event at ``position``, and how sure it is.

    Intact as listed, a thing may still be destroyed first in some allowed
    order, by a loose destruction listed later: a warning.
    """
    state = context.state
    order = context.order
    change = state.condition_change(thing, moment)
    if change is None or change.condition is not Condition.DESTROYED:
        for later in state.condition_changes(thing):
            if (
                later.condition is Condition.DESTROYED
                and later.position > position
                and order.possibly_before(later.position, position)
            ):
                return later, Severity.WARNING
        return None
    severity = ordered(order, change.position, position)
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
    state = context.state
    events = context.plot.events
    for thing in dict.fromkeys(step.effect.thing for step in state.effects_of(Destroyed)):
        last = -1
        for i, effect, path, verb in state.bodily(thing):
            use = _USES.get(verb)
            if i == last or use is None:
                continue
            moment = state.start(i) if effect is None else state.step(i, effect)
            found = _destroyed(context, thing, i, moment)
            if found is None:
                continue
            change, severity = found
            last = i
            event = events[i].id
            yield Finding(
                message=(
                    f"{quote(thing)} {use} {quote(event)} after it is destroyed in"
                    f" {quote(change.event)}"
                ),
                path=("events", i, *path),
                related=(Related(message=f"{quote(thing)} is destroyed here", path=change.path),),
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
    state = context.state
    events = context.plot.events
    harms: list[Step[Damaged | Destroyed]] = [
        *state.effects_of(Damaged),
        *state.effects_of(Destroyed),
    ]
    for i, k, effect in harms:
        destroyed = _destroyed(context, effect.thing, i, state.step(i, k))
        if destroyed is None:
            continue
        change, severity = destroyed
        verb = "damaged" if isinstance(effect, Damaged) else "destroyed"
        yield Finding(
            message=(
                f"{quote(effect.thing)} is {verb} in {quote(events[i].id)}"
                f" after it is destroyed in {quote(change.event)}"
            ),
            path=("events", i, "effects", k),
            related=(
                Related(message=f"{quote(effect.thing)} is destroyed here", path=change.path),
            ),
            about=(effect.thing, events[i].id),
            severity=severity,
        )


def _passing(effect: HandsOver | Takes) -> str:
    """How a message names a hand-over: who passes what on."""
    if isinstance(effect, HandsOver):
        return f"{quote(effect.from_)} hands over {quote(effect.thing)}"
    return f"{quote(effect.who)} takes {quote(effect.thing)} from {quote(effect.from_ or '')}"


@rule("PM603", "handed-over-unheld", Severity.ERROR)
def handed_over_unheld(context: Context) -> Iterator[Finding]:
    """A thing is handed over, or taken from someone, who does not have it.

    Who holds what follows ``held_by``, ``takes`` and ``hands_over``; a hand-over
    by the wrong person loses track of the gun, the keys or the evidence.
    One who has put a thing down (moved it to a place, put it in a box that
    lies there) no longer has it, so it is not taken from them. A group has
    what its members hold and a member what the group holds, so either may
    pass it on. Not counted: a thing nobody in the plot is ever said to hold,
    a lost thing (the lost-thing rule's), and a thing in a container its
    giver holds.

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
    order = context.order
    things = context.plot.things
    events = context.plot.events
    passed: list[Step[HandsOver | Takes]] = [*state.effects_of(HandsOver), *state.effects_of(Takes)]
    for i, k, effect in sorted(passed):
        if effect.from_ is None:
            continue  # a thing taken from no one in particular
        giver = effect.from_
        moment = state.step(i, k)
        if state.loss(effect.thing, moment) is not None:
            continue  # a lost thing in anyone's hands is the lost-thing rule's to report
        # a thing inside another is in the hands of whoever has its container
        holder = state.keeper(effect.thing, moment)
        since = state.keeper_since(effect.thing, moment)
        if holder is None and since is None:
            # put down in a box that lies somewhere: out of hands since it was put in
            since = state.holder_since(effect.thing, moment)
        severity = Severity.ERROR
        if state.has(giver, effect.thing, moment):
            # a member may pass on what the group holds, and a group what a member holds;
            # a loose hand-over to them may come later
            if since is None or since.position == i or not order.possibly_before(i, since.position):
                continue
            yield Finding(
                message=f"{_passing(effect)} in {quote(events[i].id)} before it reaches "
                f"{quote(giver)}",
                path=("events", i, "effects", k),
                related=(Related(message=f"{quote(giver)} gets it here", path=since.path),),
                about=(effect.thing, events[i].id),
                severity=Severity.WARNING,
            )
            continue
        if since is not None and since.position != i and order.possibly_before(i, since.position):
            severity = Severity.WARNING  # the thing may change hands only after this
        entry = index.entries.get(effect.thing)
        declared = things[entry.position].held_by if entry is not None else None
        if holder is None:
            if declared is None and since is None:
                continue  # the plot never says anyone had it: nothing to contradict
            who_has = "nobody has it"
        else:
            who_has = f"{quote(holder)} has it"
        if since is not None:
            related = (
                Related(
                    message=f"{quote(effect.thing)} leaves every hand here"
                    if holder is None
                    else f"{quote(holder)} has {quote(effect.thing)} from here",
                    path=since.path,
                ),
            )
        else:
            related = (
                Related(
                    message=f"{quote(effect.thing)} is declared here",
                    path=index.path(effect.thing),
                ),
            )
        yield Finding(
            message=f"{_passing(effect)} in {quote(events[i].id)} but {who_has}",
            path=("events", i, "effects", k),
            related=related,
            about=(effect.thing, events[i].id),
            severity=severity,
        )


@rule("PM604", "thing-elsewhere", Severity.ERROR)
def thing_elsewhere(context: Context) -> Iterator[Finding]:
    """A thing is used at an event's place while it is somewhere else, and no one present brings it.

    Things do not jump: the gun on the table at the flat cannot be fired at
    the barn unless someone carries it there or it is moved. A thing someone
    holds goes wherever they go, so a holder present at the event brings it,
    however the event puts them there: as an agent or participant, or only
    through an effect (the giver of ``hands_over``, the ``by`` of a reveal),
    and they are there from the event's start. A holder who takes part from
    elsewhere uses it where they are: the rifle of a sniper across the street,
    the apple on the head of a boy across the field. A thing listed elsewhere
    itself (``{who: bust, appears: remote, at: window}``) is used there. A
    group there brings what it holds, and its members what they hold (see
    ``StoryState.along``); a member there brings what the group holds. A
    ghost or a vision has what they hold with them (Marley's chain). So
    does an event that moves the thing to its own place, as a scene that
    drives the car to the barn does. Where the plot never says where a thing
    is, nothing is assumed and nothing is reported; places inside one another
    count as the same place.

    Fails:
        plotmodel: 1
        title: The gun on the table
        characters:
          - {id: lino, name: Lino}
        things:
          - {id: gun, name: the gun, at: flat}
        places:
          - {id: flat, name: the flat}
          - {id: barn, name: the barn}
        events:
          - id: shot
            name: Lino fires the gun in the barn
            agents: [lino]
            participants: [gun]  # PM604
            place: barn

    Passes:
        plotmodel: 1
        title: The gun on the table
        characters:
          - {id: lino, name: Lino}
        things:
          - {id: gun, name: the gun, at: flat}
        places:
          - {id: flat, name: the flat}
          - {id: barn, name: the barn}
        events:
          - id: armed
            name: Lino takes the gun from the table
            agents: [lino]
            place: flat
            effects: [{takes: {who: lino, thing: gun}}]
          - id: shot
            name: Lino fires the gun in the barn
            agents: [lino]
            participants: [gun]
            place: barn
    """
    state = context.state
    index = context.index
    events = context.plot.events
    where, event_place = state.where, state.event_place
    for thing in state.things:
        last = -1
        for i, effect, path, verb in state.bodily(thing):
            # where it takes part: the event's place, or the ``at`` of a thing listed elsewhere
            here = where(thing, i) if effect is None else event_place(i, effect=effect)
            if i == last or here is None or verb == _FINDING:
                continue  # a thing found is where it turns up
            moment = state.start(i) if effect is None else state.step(i, effect)
            there = state.place(thing, moment)
            if there is None or state.is_within(there, here) or state.is_within(here, there):
                continue
            carrier = state.carrier(thing, moment)
            there_too = in_event(state, i)
            if carrier != thing and (
                carrier in there_too or not there_too.isdisjoint(state.members(carrier, moment))
            ):
                # whoever has it takes part, here or from where they are (the sniper's rifle,
                # the apple on the head of the boy across the field), or comes with a group;
                # a member of the group that has it brings it too (but a group there does
                # not bring what a member held elsewhere has)
                continue
            if carrier != thing and _spectral(events[i], carrier):
                continue  # a ghost has what he holds with him: Marley's chain
            if _moved_here(context, i, thing, here, carrier):
                continue  # the event itself brings it: driven there, carried in
            since = state.place_since(thing, moment)
            severity = (
                Severity.ERROR if since is None else ordered(context.order, since.position, i)
            )
            if severity is None:
                continue
            last = i
            whose = f" with {quote(carrier)}" if carrier != thing else ""
            if since is None:
                note = Related(
                    message=f"{quote(thing)} is at {quote(there)} from the start",
                    path=index.path(thing),
                )
            else:
                note = Related(
                    message=f"{quote(thing)} is at {quote(there)} from here", path=since.path
                )
            yield Finding(
                message=(
                    f"{quote(thing)} {_USES.get(verb, 'is used in')} {quote(events[i].id)}"
                    f" at {quote(here)} but is at {quote(there)}{whose}"
                ),
                path=("events", i, *path),
                related=(note,),
                about=(thing, events[i].id),
                severity=severity,
            )


# The forms in which someone takes part with what they hold, though not bodily there.
_SPECTRAL: Final = frozenset({Appearance.GHOST, Appearance.VISION})


def _spectral(event: Event, who: str) -> bool:
    """Whether ``who`` takes part in ``event`` as a ghost or in a vision."""
    return any(
        isinstance(one, Participant) and one.who == who and one.appears in _SPECTRAL
        for one in (*event.agents, *event.participants)
    )


def _moved_here(context: Context, position: int, thing: str, here: str, carrier: str) -> bool:
    """Whether an effect of the event at ``position`` moves ``thing`` here, or its carrier.

    Here, or near it: into a place inside or around the event's place, or
    aboard a vehicle that is there as the move is made (gold carried onto the
    ship at the scene aboard it; a body carried to the forum, its mantle on it).
    """
    state = context.state
    moves = context.memo(_moves)
    for mover in dict.fromkeys((thing, carrier)):
        for k, to in moves.get((position, mover), ()):
            # a vehicle is wherever it is as the move is made; a place is itself
            there = (
                state.place(to, state.step(position, k))
                if context.index.kind(to) is Kind.THING
                else to
            )
            if there is not None and (state.is_within(there, here) or state.is_within(here, there)):
                return True
    return False


def _moves(context: Context) -> dict[tuple[int, str], list[tuple[int, str]]]:
    """Where each event moves each mover to, with the effect doing it, gathered once per check."""
    found: dict[tuple[int, str], list[tuple[int, str]]] = {}
    for step in context.state.effects_of(Moves):
        found.setdefault((step.position, step.effect.who), []).append((step.number, step.effect.to))
    return found


@rule("PM605", "lost-thing-used", Severity.WARNING)
def lost_thing_used(context: Context) -> Iterator[Finding]:
    """A lost thing is used, taken or handed over before anyone finds it.

    A thing ``lost`` has no holder and no known place until a ``found``
    effect ends the loss; using it in between usually means the finding was
    left out. Finding it in the event where it is used is enough. A warning:
    a lost thing may turn up off screen.

    Fails:
        plotmodel: 1
        title: Keys
        characters:
          - {id: lino, name: Lino}
        things:
          - {id: keys, name: the keys, held_by: lino}
        events:
          - {id: drop, name: Lino drops his keys, agents: [lino], effects: [{lost: keys}]}
          - id: drive
            name: Lino starts the car with his keys
            agents: [lino]
            participants: [keys]  # PM605

    Passes:
        plotmodel: 1
        title: Keys
        characters:
          - {id: lino, name: Lino}
        things:
          - {id: keys, name: the keys, held_by: lino}
        events:
          - {id: drop, name: Lino drops his keys, agents: [lino], effects: [{lost: keys}]}
          - id: drive
            name: Lino finds his keys and starts the car
            agents: [lino]
            participants: [keys]
            effects: [{found: {thing: keys, by: lino}}]
    """
    state = context.state
    events = context.plot.events
    order = context.order
    lost = dict.fromkeys(step.effect.thing for step in state.effects_of(Lost))
    found = {(step.position, step.effect.thing) for step in state.effects_of(Found)}
    for thing in lost:
        last = -1
        for i, effect, path, _ in state.bodily(thing):
            if i == last or (i, thing) in found:
                continue  # found in this very event
            moment = state.start(i) if effect is None else state.step(i, effect)
            loss = state.loss(thing, moment)
            if loss is None or ordered(order, loss.position, i) is None:
                continue
            last = i
            event = events[i].id
            yield Finding(
                message=(
                    f"{quote(thing)} is used in {quote(event)} while lost since"
                    f" {quote(loss.event)}, and nobody finds it"
                ),
                path=("events", i, *path),
                related=(Related(message=f"{quote(thing)} is lost here", path=loss.path),),
                about=(thing, event),
            )


@rule("PM606", "used-before-made", Severity.ERROR)
def used_before_made(context: Context) -> Iterator[Finding]:
    """A thing has a part in an event before the one where it is made.

    A thing ``made`` at an event (built, written, forged) does not exist
    earlier: it cannot be used, held, moved or harmed before. It may be
    used in the event that makes it, by the effects written after the
    making, and be mentioned at any time.

    Fails:
        plotmodel: 1
        title: Bumper
        characters:
          - {id: lino, name: Lino}
        things:
          - {id: bumper, name: the armoured bumper}
        events:
          - id: ram
            name: Lino rams a truck with the bumper
            agents: [lino]
            participants: [bumper]  # PM606
          - id: weld
            name: Lino welds the bumper
            agents: [lino]
            effects: [{made: {thing: bumper, by: lino}}]

    Passes:
        plotmodel: 1
        title: Bumper
        characters:
          - {id: lino, name: Lino}
        things:
          - {id: bumper, name: the armoured bumper}
        events:
          - id: weld
            name: Lino welds the bumper
            agents: [lino]
            effects: [{made: {thing: bumper, by: lino}}]
          - id: ram
            name: Lino rams a truck with the bumper
            agents: [lino]
            participants: [bumper]
    """
    events = context.plot.events
    for thing in context.state.beginnings:
        if context.index.kind(thing) is not Kind.THING:
            continue
        for i, path, verb, made, severity in before_beginning(context, thing):
            event = events[i].id
            use = _USES.get(verb, verb)
            yield Finding(
                message=(
                    f"{quote(thing)} {use} {quote(event)} before it is made in {quote(made.event)}"
                ),
                path=("events", i, *path),
                related=(Related(message=f"{quote(thing)} is made here", path=made.path),),
                about=(thing, event),
                severity=severity,
            )


@rule("PM607", "inside-itself", Severity.ERROR)
def inside_itself(context: Context) -> Iterator[Finding]:
    """A thing ends up inside itself: put into a thing that is inside it.

    Containment runs one way: the tape is in the box, the box in the car.
    A loop means an id is wrong or a ``taken_out`` is missing.

    Fails:
        plotmodel: 1
        title: Boxes
        things:
          - {id: box, name: the box}
          - {id: tape, name: the tape, inside: box}
        events:
          - id: pack
            name: The box is packed into the tape's sleeve
            effects: [{put_in: {thing: box, into: tape}}]  # PM607

    Passes:
        plotmodel: 1
        title: Boxes
        things:
          - {id: box, name: the box}
          - {id: tape, name: the tape, inside: box}
        events:
          - id: unpack
            name: The tape is taken out and the box packed in its sleeve
            effects: [{taken_out: tape}, {put_in: {thing: box, into: tape}}]
    """
    state = context.state
    index = context.index
    plot = context.plot
    for k, thing in enumerate(plot.things):
        if thing.inside is None or index.entries.get(thing.id) is None:
            continue
        loop = _containers(state, thing.inside, 0, thing.id)
        if loop is not None:
            yield Finding(
                message=f"{quote(thing.id)} is inside itself from the start, through {loop}",
                path=("things", k, "inside"),
                about=(thing.id,),
            )
    for i, k, effect in state.effects_of(PutIn):
        loop = _containers(state, effect.into, state.step(i, k), effect.thing)
        if loop is None:
            continue
        event = plot.events[i].id
        yield Finding(
            message=(
                f"{quote(effect.thing)} is put in {quote(effect.into)} in {quote(event)},"
                f" which is inside it: {loop}"
            ),
            path=("events", i, "effects", k),
            related=(
                Related(
                    message=f"{quote(effect.thing)} is declared here", path=index.path(effect.thing)
                ),
            ),
            about=(effect.thing, event),
        )


def _containers(state: StoryState, start: str, moment: int, thing: str) -> str | None:
    """The chain of containers from ``start`` back to ``thing`` at ``moment``, if there is one."""
    chain = [start]
    current: str | None = start
    seen: set[str] = set()
    while current is not None and current not in seen:
        if current == thing:
            return " in ".join(quote(one) for one in chain)
        seen.add(current)
        current = state.container(current, moment)
        if current is not None:
            chain.append(current)
    return None


@rule("PM608", "held-thing-placed-apart", Severity.WARNING)
def held_thing_placed_apart(context: Context) -> Iterator[Finding]:
    """A thing is declared at one place and held by someone who starts at another.

    A held thing is wherever its holder is, so its ``at`` is overruled: the
    story starts it with the holder. A thing only owned (his treasure, kept in
    his house in the country) is not held: leave out ``held_by``. One carried
    (the ring in his pocket) needs no ``at``. A holder with no starting place,
    or one inside the thing's place (or around it), is no finding.

    Fails:
        plotmodel: 1
        title: The treasure
        characters:
          - {id: bluebeard, name: Bluebeard, at: town}
        places:
          - {id: town, name: his house in town}
          - {id: country, name: his house in the country}
        things:
          - {id: treasure, name: the treasure, at: country, held_by: bluebeard}  # PM608
        events:
          - id: count
            name: Bluebeard counts his gold
            agent: bluebeard
            participants: [treasure]

    Passes:
        plotmodel: 1
        title: The treasure
        characters:
          - {id: bluebeard, name: Bluebeard, at: town}
        places:
          - {id: town, name: his house in town}
          - {id: country, name: his house in the country}
        things:
          - {id: treasure, name: the treasure, at: country}
        events:
          - id: count
            name: Bluebeard counts his gold
            agent: bluebeard
            participants: [treasure]
            place: country
    """
    index, state = context.index, context.state
    plot = context.plot
    for k, thing in enumerate(plot.things):
        holder_id = thing.held_by
        if thing.at is None or holder_id is None or index.kind(thing.at) is not Kind.PLACE:
            continue
        if index.kind(holder_id) is not Kind.CHARACTER:
            continue  # a group has no starting place of its own
        holder = plot.characters[index.position(holder_id)]
        start = holder.at
        if start is None or index.kind(start) is not Kind.PLACE:
            continue
        if state.is_within(thing.at, start) or state.is_within(start, thing.at):
            continue
        yield Finding(
            message=(
                f"{quote(thing.id)} is declared at {quote(thing.at)} but held by"
                f" {quote(holder_id)}, who starts at {quote(start)}: a held thing is where its"
                " holder is"
            ),
            path=("things", k, "at"),
            related=(
                Related(
                    message=f"{quote(holder_id)} starts here", path=(*index.path(holder_id), "at")
                ),
            ),
            about=(thing.id, holder_id),
        )
