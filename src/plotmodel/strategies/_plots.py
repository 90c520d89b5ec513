"""A strategy for whole, valid plots, built by telling a story one event at a time.

`plots` draws a small world (places, groups, characters, things, facts) and
then writes events in story order while it keeps the story state up to date:
who is alive, who is held and where they may go, who holds which thing, what
is destroyed, who has heard or believes which fact. Each event only does what
that state allows, so the finished plot passes every rule by construction.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from functools import lru_cache
from typing import Any, Final, TypeVar

import attrs
from hypothesis import strategies as st
from hypothesis.strategies import SearchStrategy

from plotmodel.model import (
    AUDIENCE,
    Account,
    Alive,
    Appearance,
    Arrested,
    At,
    Belief,
    Believes,
    Born,
    Certainty,
    Character,
    Damaged,
    Dead,
    Destroyed,
    Dies,
    Discrepancy,
    Effect,
    Escapes,
    Event,
    Expectation,
    Fact,
    Forgets,
    Found,
    Free,
    Group,
    HandsOver,
    Held,
    Holds,
    How,
    Injured,
    Joins,
    Journey,
    Knows,
    Leaves,
    Lost,
    Made,
    Member,
    Motive,
    Moves,
    Participant,
    Place,
    Plot,
    PutIn,
    Recovers,
    Relationship,
    Released,
    Repaired,
    Returns,
    Reveal,
    Setup,
    Span,
    TakenOut,
    Takes,
    Thing,
    Thread,
    reference_fields,
)
from plotmodel.order import Order
from plotmodel.strategies._elements import ids, story_date, texts

__all__ = ["plots"]

T = TypeVar("T")

_TOLD: Final = "told"
_BELIEVES: Final = "believes"
# A knower reached only through a subgroup: never told again, never counted as believing.
_BLOCKED: Final = "blocked"

_HERE: Final = Appearance.PRESENT
_NOT_BODILY: Final = (
    Appearance.MEMORY,
    Appearance.VISION,
    Appearance.GHOST,
    Appearance.RECORDING,
    Appearance.PHOTOGRAPH,
    Appearance.LETTER,
    Appearance.MEDIUM,
)


@attrs.define
class _Standing:
    """How the story stands at one moment of an event, as the drawing keeps it."""

    alive: frozenset[str]
    dead: frozenset[str]
    held: frozenset[str]
    places: dict[str, str]
    holders: dict[str, str]
    believes: frozenset[tuple[str, str]]
    members: frozenset[tuple[str, str]]
    present: frozenset[str]
    # where the event happens: its place, or where the vehicle it is in is
    scene: str | None


@attrs.define
class _Draft:
    """An event being written: mutable until the whole plot is known."""

    id: str
    name: str
    agents: list[str] = attrs.Factory(list)
    participants: list[Participant] = attrs.Factory(list)
    mentions: list[str] = attrs.Factory(list)
    place: str | None = None
    time: str | None = None
    span: Span = Span.MOMENT
    causes: list[str] = attrs.Factory(list)
    after: list[str] = attrs.Factory(list)
    before: list[str] = attrs.Factory(list)
    simultaneous_with: list[str] = attrs.Factory(list)
    shown_after: str | None = None
    shown_before: str | None = None
    shown: bool = True
    motivated_by: list[str | Motive] = attrs.Factory(list)
    relationships: list[str] = attrs.Factory(list)
    effects: list[Effect] = attrs.Factory(list)
    description: str | None = None
    note: str | None = None
    certainty: Certainty = Certainty.STATED
    # Everything the event names, so simultaneous events can keep apart.
    involved: set[str] = attrs.Factory(set)
    # Whether moving it on screen could change what the audience learns when.
    tells_audience: bool = False
    # Who is arrested in this event, so that a later effect of it may let them go again.
    seized: list[str] = attrs.Factory(list)
    # The things handed over in this event, which may be handed on in it.
    passed: list[str] = attrs.Factory(list)
    # Agents in another form than bodily: a ghost who warns, a recorded voice that orders.
    forms: list[Participant] = attrs.Factory(list)
    group_start: int = 0
    date: str | None = None
    duration: str | None = None
    expect: list[Expectation] = attrs.Factory(list)
    # How the story stands as the event begins and once it is over, for its expectations.
    begins: _Standing | None = None
    ends: _Standing | None = None

    def referenced(self) -> set[str]:
        """Every id the event refers to, for the unused-element bookkeeping."""
        found = {*self.agents, *self.mentions, *(p.who for p in self.participants)}
        found.update(form.who for form in self.forms)
        if self.place:
            found.add(self.place)
        for effect in self.effects:
            for one in reference_fields(type(effect)):
                value = getattr(effect, one.name)
                if isinstance(value, str):
                    found.add(value)
                elif value:
                    found.update(value)
        return found

    def motive_facts(self) -> list[str]:
        """The facts the event's agents act on."""
        return [m if isinstance(m, str) else m.fact for m in self.motivated_by]

    def build(self) -> Event:
        """The finished, frozen event."""
        return Event(
            id=self.id,
            name=self.name,
            description=self.description,
            note=self.note,
            certainty=self.certainty,
            agents=(*self.agents, *self.forms),
            participants=tuple(self.participants),
            mentions=tuple(self.mentions),
            place=self.place,
            time=self.time,
            span=self.span,
            causes=tuple(self.causes),
            after=tuple(self.after),
            before=tuple(self.before),
            simultaneous_with=tuple(self.simultaneous_with),
            shown_after=self.shown_after,
            shown_before=self.shown_before,
            shown=self.shown,
            motivated_by=tuple(self.motivated_by),
            relationships=tuple(self.relationships),
            effects=tuple(self.effects),
            date=self.date,
            duration=self.duration,
            expect=tuple(self.expect),
        )


@lru_cache(maxsize=256)
def _numbers(least: int, most: int) -> SearchStrategy[int]:
    """Built once per range: building strategies in every draw is what makes drawing slow."""
    return st.integers(least, most)


@lru_cache(maxsize=256)
def _choices(count: int, least: int, most: int) -> SearchStrategy[list[int]]:
    """Distinct positions in a list of ``count`` options."""
    return st.lists(st.integers(0, count - 1), min_size=least, max_size=most, unique=True)


class _Story:
    """The story state while events are written, and the drawing of each next step."""

    def __init__(self, draw: st.DrawFn, *, unicode: bool) -> None:
        self.draw = draw
        self.unicode = unicode
        self.used_ids: set[str] = {AUDIENCE}
        self.used_times: set[str] = set()
        self.places: list[str] = []
        self.inside: dict[str, str | None] = {}
        self.groups: list[str] = []
        self.part_of: dict[str, str | None] = {}
        self.characters: list[str] = []
        self.things: list[str] = []
        self.members: dict[str, set[str]] = {}
        self.alive: set[str] = set()
        self.held: dict[str, frozenset[str]] = {}
        # who holds each one held (custody's ``by``): when all of them are dead, nobody does
        self.keepers: dict[str, tuple[str, ...]] = {}
        self.holder: dict[str, str | None] = {}
        self.destroyed: set[str] = set()
        self.damaged: set[str] = set()
        # things not yet made, and things lost
        self.unmade: set[str] = set()
        self.lost: set[str] = set()
        # characters not yet born, and the injured
        self.unborn: set[str] = set()
        self.hurt: set[str] = set()
        self.facts: list[Fact] = []
        self.established_at: dict[str, int] = {}
        self.entangled: set[str] = set()
        self.knowing: dict[tuple[str, str], str] = {}
        self.drafts: list[_Draft] = []
        # where each character, group and thing last was, when the story says: a place, or
        # a thing it is inside (a tape in a box, a man in a car), as the story state keeps it
        self.where: dict[str, str | None] = {}

    # Drawing helpers -----------------------------------------------------------------

    def chance(self, tenths: int) -> bool:
        """True about ``tenths`` times in ten; shrinks to False."""
        return self.draw(_numbers(0, 9)) >= 10 - tenths

    def number(self, least: int, most: int) -> int:
        """A whole number in a range; shrinks to ``least``."""
        return self.draw(_numbers(least, most))

    def pick(self, options: Sequence[T]) -> T:
        """One of ``options``; shrinks to the first."""
        return options[self.draw(_numbers(0, len(options) - 1))]

    def some(self, options: Sequence[T], most: int, *, least: int = 0) -> list[T]:
        """A few distinct ``options`` in a drawn order; shrinks to the fewest."""
        if not options:
            return []
        chosen = self.draw(
            _choices(len(options), min(least, len(options)), min(most, len(options)))
        )
        return [options[i] for i in chosen]

    def fresh_id(self) -> str:
        """An id no element of the plot has yet."""
        new = self.draw(ids(unicode=self.unicode))
        # A suffix keeps ids unique without a filter, which would make drawing slow.
        unique, n = new, 1
        while unique in self.used_ids:
            n += 1
            unique = f"{new}-{n}"
        self.used_ids.add(unique)
        return unique

    def text(self, max_size: int = 30) -> str:
        """A name or a description."""
        return self.draw(texts(unicode=self.unicode, max_size=max_size))

    def maybe_text(self) -> str | None:
        """An optional description or note."""
        return self.text() if self.chance(3) else None

    def extras(self) -> dict[str, Any]:
        """The description, note and certainty every element may carry, each sometimes set."""
        return {
            "description": self.maybe_text(),
            "note": self.maybe_text(),
            "certainty": self.certainty(),
        }

    def certainty(self) -> Certainty:
        """Mostly stated; sometimes inferred or uncertain, as honest sources are."""
        return self.pick(list(Certainty)) if self.chance(4) else Certainty.STATED

    def fresh_time(self) -> str:
        """A story-time label no other moment uses."""
        label = self.draw(texts(unicode=self.unicode, max_size=10))
        unique, n = label, 1
        while unique in self.used_times:
            n += 1
            unique = f"{label} {n}"
        self.used_times.add(unique)
        return unique

    # The state -----------------------------------------------------------------------

    def subgroups(self, group: str) -> set[str]:
        """The group and every group part of it, at any depth."""
        found = {group}
        grew = True
        while grew:
            grew = False
            for other, parent in self.part_of.items():
                if parent in found and other not in found:
                    found.add(other)
                    grew = True
        return found

    def all_members(self, group: str) -> set[str]:
        """Every character in the group or in a group part of it."""
        return {c for g in self.subgroups(group) for c in self.members[g]}

    def carries_prisoner(self, thing: str) -> bool:
        """Whether someone held is in ``thing``: driving it off would take them out of custody."""
        return any(
            self.where.get(c) == thing and self.custody(c) is not None for c in self.characters
        )

    def custody(self, character: str) -> frozenset[str] | None:
        """The places a held character may be, or None when they are free."""
        if character in self.held:
            return self.held[character]
        for group, area in self.held.items():
            if group in self.members and character in self.all_members(group):
                return area
        return None

    def within(self, place: str, outer: str) -> bool:
        """Whether ``place`` is ``outer`` or inside it, however deeply."""
        seen: set[str] = set()
        current: str | None = place
        while current is not None and current not in seen:
            if current == outer:
                return True
            seen.add(current)
            current = self.inside.get(current)
        return False

    def located(self, who: str) -> str | None:
        """Where someone or something is: with its holder, in its container or its vehicle."""
        seen: set[str] = set()
        while who not in seen:
            seen.add(who)
            holder = self.holder.get(who)
            if holder is not None:
                who = holder
                continue
            there = self.where.get(who)
            if there is None or there not in self.holder:
                return there
            who = there  # inside a box, riding in a car
        return None

    def arrive(self, who: str, place: str) -> None:
        """``who`` is at a scene's ``place``: out of any thing, unless the thing is there.

        A thing inside another stays in it; someone inside a thing stays in it
        at a scene set where the thing is; someone in a place inside the scene's
        place stays where they are.
        """
        container = self.container(who)
        if container is not None:
            if who in self.holder:
                return
            there = self.located(container)
            if there is not None and (self.within(there, place) or self.within(place, there)):
                return
        elif (now := self.where.get(who)) is not None and self.within(now, place):
            return  # somewhere inside the scene's place already: the cellar of the inn
        self.where[who] = place

    def container(self, who: str) -> str | None:
        """The thing ``who`` is inside, if any."""
        there = self.where.get(who)
        return there if there in self.holder else None

    def resolve(self, place: str | None) -> str | None:
        """The place an event's place names: itself, or where the vehicle it names is."""
        return self.located(place) if place is not None and place in self.holder else place

    def usable(self, thing: str) -> bool:
        """Whether a thing can take part bodily: made, not destroyed, not lost."""
        return thing not in self.destroyed and thing not in self.unmade and thing not in self.lost

    def nested_in(self, thing: str, outer: str) -> bool:
        """Whether ``thing`` is ``outer`` or in it (put away, or riding), however deeply."""
        seen: set[str] = set()
        current: str | None = thing
        while current is not None and current not in seen:
            if current == outer:
                return True
            seen.add(current)
            current = self.container(current)
        return False

    def fits(self, thing: str, place: str | None, here: Sequence[str]) -> bool:
        """Whether ``thing`` may be used at ``place``: it is there, or someone ``here`` has it.

        Things do not jump: one that is elsewhere needs its holder in the event.
        """
        if place is None:
            return True
        holder = self.holder.get(thing)
        if holder is not None and holder in here:
            return True
        there = self.located(thing)
        return there is None or self.within(there, place) or self.within(place, there)

    def brought(self, groups: Sequence[str], named: set[str]) -> list[str]:
        """The members groups present at an event bring along: those it does not name.

        As the story state has it: a member held other than through that
        group's arrest stays where custody keeps them.
        """
        found: dict[str, None] = {}
        for group in groups:
            for member in sorted(self.all_members(group) - named):
                if member not in self.held and not any(
                    other != group and member in self.all_members(other)
                    for other in self.held
                    if other in self.members
                ):
                    found[member] = None
        return list(found)

    def can_be_at(self, character: str, place: str | None) -> bool:
        """Whether the character could take part, bodily, in an event at ``place``."""
        if character not in self.alive:
            return False
        area = self.custody(character)
        return area is None or (place is not None and place in area)

    def group_custody(self, group: str) -> frozenset[str] | None:
        """The places a group may be: held itself, or as a part of a group that is held."""
        seen: set[str] = set()
        current: str | None = group
        while current is not None and current not in seen:
            if current in self.held:
                return self.held[current]
            seen.add(current)
            current = self.part_of.get(current)
        return None

    def group_can_be_at(self, group: str, place: str | None) -> bool:
        """Whether the whole group could take part in an event at ``place``."""
        area = self.group_custody(group)
        if area is not None and (place is None or place not in area):
            return False
        return all(self.can_be_at(c, place) for c in self.all_members(group))

    def group_is_free(self, group: str) -> bool:
        """A group nobody holds, as a whole or in a part, whose members are all alive and free."""
        return (
            self.group_custody(group) is None
            and not (self.subgroups(group) & self.held.keys())
            and all(c in self.alive and self.custody(c) is None for c in self.all_members(group))
        )

    def may_hear(self, knower: str, fact: str, believed: bool) -> bool:
        """Whether a reveal to ``knower`` adds something they did not have."""
        if self.knowing.get((knower, fact)) not in (None, _TOLD if believed else None):
            return False
        if fact in self.entangled:
            linked = self.linked_facts(fact)
            return all((knower, other) not in self.knowing for other in linked)
        return True

    def linked_facts(self, fact: str) -> set[str]:
        """The facts a fact contradicts, or that contradict it, and itself."""
        linked = {fact}
        for one in self.facts:
            if one.id == fact:
                linked.update(one.contradicts)
            elif fact in one.contradicts:
                linked.add(one.id)
        return linked

    def believes(self, knower: str, fact: str) -> bool:
        """Whether ``knower`` believes the fact now, by any account of the rules."""
        return self.knowing.get((knower, fact)) == _BELIEVES

    # The world -----------------------------------------------------------------------

    def world(self, max_characters: int) -> tuple[list[Place], list[Group], list[Character]]:
        """Draw the places, groups and characters the story starts with."""
        places = []
        for _ in range(self.number(1, 4)):
            place = self.fresh_id()
            inside = self.pick(self.places) if self.places and self.chance(3) else None
            places.append(
                Place(
                    id=place,
                    name=self.text(),
                    **self.extras(),
                    inside=inside,
                )
            )
            self.places.append(place)
            self.inside[place] = inside
        groups = []
        for _ in range(self.number(0, 2)):
            group = self.fresh_id()
            part_of = self.pick(self.groups) if self.groups and self.chance(5) else None
            groups.append(
                Group(
                    id=group,
                    name=self.text(),
                    **self.extras(),
                    part_of=part_of,
                )
            )
            self.groups.append(group)
            self.part_of[group] = part_of
            self.members[group] = set()
        characters = []
        for n in range(self.number(1, max_characters)):
            character = self.fresh_id()
            # one born during the story belongs to nothing and is nowhere before
            unborn = n > 0 and self.chance(1)
            belongs = [] if unborn else self.some(self.groups, 2)
            characters.append(
                Character(
                    id=character,
                    name=self.text(),
                    **self.extras(),
                    aliases=tuple(self.text(12) for _ in range(self.number(0, 2))),
                    groups=tuple(belongs),
                    at=self.pick(self.places) if self.chance(4) and not unborn else None,
                )
            )
            self.characters.append(character)
            if unborn:
                self.unborn.add(character)
            else:
                self.alive.add(character)
            self.where[character] = characters[-1].at
            for group in belongs:
                self.members[group].add(character)
        return places, groups, characters

    def belongings(self) -> list[Thing]:
        """Draw the things that matter: lying somewhere, held, inside another, or made later."""
        things = []
        born = [c for c in self.characters if c not in self.unborn]
        for _ in range(self.number(0, 3)):
            thing = self.fresh_id()
            where = self.number(0, 4)
            holder = self.pick(born) if where == 1 else None
            container = self.pick(self.things) if where == 3 and self.things else None
            things.append(
                Thing(
                    id=thing,
                    name=self.text(),
                    **self.extras(),
                    kind=self.text(12) if self.chance(5) else None,
                    at=self.pick(self.places) if where == 2 else None,
                    held_by=holder,
                    inside=container,
                )
            )
            self.things.append(thing)
            self.holder[thing] = holder
            self.where[thing] = container or things[-1].at
            if where == 4:
                self.unmade.add(thing)  # made at some event, or never
        return things

    def aboard(self, characters: list[Character], things: list[Thing]) -> list[Character]:
        """Sometimes start a character inside a thing that lies somewhere: aboard a train."""
        lying = [t.id for t in things if t.at is not None and t.id not in self.unmade]
        free = [c for c in characters if c.id in self.alive and c.at is None]
        if not lying or not free or not self.chance(3):
            return characters
        rider, vehicle = self.pick(free), self.pick(lying)
        self.where[rider.id] = vehicle
        return [attrs.evolve(c, inside=vehicle) if c is rider else c for c in characters]

    def backstory(self) -> None:
        """Draw the facts true before the story starts, and the lies that contradict them."""
        for _ in range(self.number(0, 2)):
            known_by = tuple(self.some(self.characters, 2))
            # a group that knows it from the start: its members then know it
            knowing_groups = self.some(self.groups, 1) if self.chance(3) else []
            known_by += tuple(knowing_groups)
            fact = Fact(
                id=self.fresh_id(),
                name=self.text(),
                **self.extras(),
                backstory=True,
                secret=self.chance(5),
                known_by=known_by,
            )
            self.facts.append(fact)
            for group in knowing_groups:
                for knower in self.all_members(group) - self.members[group]:
                    self.knowing[knower, fact.id] = _BLOCKED
                for knower in self.members[group]:
                    self.knowing[knower, fact.id] = _BELIEVES
            for knower in self.characters:
                if knower in known_by:
                    self.knowing[knower, fact.id] = _BELIEVES
        truths = [f.id for f in self.facts]
        for _ in range(self.number(0, 2)):
            contradicts = tuple(self.some(truths, 1)) if truths else ()
            lie = Fact(
                id=self.fresh_id(),
                name=self.text(),
                **self.extras(),
                holds=False,
                secret=self.chance(5),
                contradicts=contradicts,
            )
            self.facts.append(lie)
            if contradicts:
                self.entangled.update({lie.id, *contradicts})
        if self.chance(3):
            # a question the story never settles, which may still be told and believed
            self.facts.append(
                Fact(id=self.fresh_id(), name=self.text(), **self.extras(), holds=None)
            )

    # Events --------------------------------------------------------------------------

    def event(self, index: int) -> _Draft:
        """Write the next event in story order, doing only what the state allows."""
        draft = _Draft(id=self.fresh_id(), name=self.text())
        previous = self.drafts[-1] if self.drafts else None
        busy: set[str] = set()
        draft.group_start = index
        if previous is not None and self.chance(1):
            draft.group_start = previous.group_start
            for earlier in self.drafts[draft.group_start :]:
                busy |= earlier.involved
            if self.chance(5):
                if previous.time is None:
                    previous.time = self.fresh_time()
                draft.time = previous.time
            else:
                draft.simultaneous_with = [previous.id]
        elif self.chance(3):
            draft.time = self.fresh_time()
        draft.description = self.maybe_text()
        draft.note = self.maybe_text()
        draft.certainty = self.certainty()
        draft.span = self.pick(list(Span)) if self.chance(2) else Span.MOMENT
        place = self.pick(self.places) if self.chance(8) else None
        vehicles = [t for t in self.things if self.usable(t) and t not in busy]
        if vehicles and self.chance(1):
            # a scene in a car: it happens wherever the car is, and whoever is in it rides along
            place = self.pick(vehicles)
        if self.held and self.chance(4):
            # Go where someone is held, so that releases and escapes can happen.
            place = self.pick(sorted(self.held[self.pick(sorted(self.held))]))
        draft.place = place
        # the place the scene is at: the vehicle's, for a scene in one
        here = self.resolve(place)

        # Who is there, bodily or otherwise.
        able = [c for c in self.characters if c not in busy and self.can_be_at(c, here)]
        whole_groups = [
            g
            for g in self.groups
            if g not in busy and not (self.all_members(g) & busy) and self.group_can_be_at(g, here)
        ]
        intact = [
            t
            for t in self.things
            if self.usable(t) and t not in busy and not (place and self.nested_in(place, t))
        ]
        agents = self.some(able, 3)
        holders = sorted(
            {h for t, h in self.holder.items() if h in able and h not in agents and t in intact}
        )
        if holders and self.chance(5):
            # Bring someone who holds a thing, so that things change hands.
            agents.append(self.pick(holders))
        group_agents = self.some(whole_groups, 1) if self.chance(2) else []
        draft.agents = agents + group_agents
        present = self.some([c for c in able if c not in agents], 2)
        present_groups = self.some([g for g in whole_groups if g not in group_agents], 1)
        # a group there brings its other members, and what they carry
        brought = self.brought([*group_agents, *present_groups], {*agents, *present})
        present_things = self.some(
            [t for t in intact if self.fits(t, here, [*agents, *present, *brought])], 2
        )
        for who in present + present_groups + present_things:
            draft.participants.append(
                Participant(
                    who=who,
                    role=self.text(12) if self.chance(4) else None,
                    note=self.text(12) if self.chance(1) else None,
                )
            )
        callers = [
            c
            for c in self.characters
            if c not in busy
            and c in self.alive
            and self.custody(c) is None
            and c not in agents
            and c not in present
            and c not in brought
        ]
        if callers and self.chance(2):
            # someone on the phone or the radio, from where they are if the plot says
            caller = self.pick(callers)
            at = self.pick(self.places) if self.chance(5) else None
            draft.participants.append(
                Participant(who=caller, appears=Appearance.REMOTE, at=at, role=self.maybe_text())
            )
            if at is not None:
                self.where[caller] = at
        remains = [
            x
            for x in self.characters + self.things
            if x not in busy
            and (
                x in self.destroyed
                or (x in self.characters and x not in self.alive and x not in self.unborn)
            )
        ]
        for who in self.some(remains, 1):
            draft.participants.append(Participant(who=who, appears=Appearance.REMAINS))
        cast = set(draft.agents) | {p.who for p in draft.participants}
        elsewhere = [
            x
            for x in self.characters + self.things + self.groups
            if x not in cast and x not in busy and x not in brought
        ]
        for who in self.some(elsewhere, 1):
            draft.participants.append(
                Participant(who=who, appears=self.pick(_NOT_BODILY), role=self.text(12))
            )
            cast.add(who)
        unseen = [
            c for c in self.characters if c not in cast and c not in busy and c not in brought
        ]
        if unseen and self.chance(2):
            # an agent not bodily there: a ghost who warns, a voice that gives orders
            form = Participant(who=self.pick(unseen), appears=self.pick(_NOT_BODILY))
            draft.forms.append(form)
            cast.add(form.who)
        bodily = agents + present
        bodily_groups = group_agents + present_groups
        if place is not None:
            # whoever is there is at the event's place from its start, and what they carry;
            # a thing inside another stays in it, and so does someone inside a thing that
            # is where the scene is (the thief who speaks from his jar in the yard)
            for who in [*bodily, *bodily_groups, *present_things, *brought]:
                self.arrive(who, place)
        draft.begins = self.standing(
            {*bodily, *bodily_groups, *present_things}, scene=self.resolve(place)
        )

        # Why it happens.
        before_group = self.drafts[: draft.group_start]
        draft.causes = [e.id for e in self.some(before_group, 2)] if self.chance(3) else []
        if agents and not group_agents:
            acting = [*agents, *(form.who for form in draft.forms)]
            motives: list[str | Motive] = []
            for fact in self.some(
                [f for f in self.facts if f.holds and f.id not in self.entangled], 2
            ):
                knowing = [a for a in acting if self.believes(a, fact.id)]
                if len(knowing) == len(acting):
                    motives.append(fact.id)  # every agent acts on it
                elif knowing and self.chance(5):
                    # the motive belongs to those who know it: a co-agent may not
                    motives.append(
                        Motive(fact=fact.id, agents=tuple(self.some(knowing, 2, least=1)))
                    )
            draft.motivated_by = motives

        # What changes.
        spent: set[str] = set()
        for _ in range(self.number(0, 3)):
            # A few tries, so that effects the state rarely allows still turn up.
            for _attempt in range(4):
                effect = self.effect(draft, bodily, bodily_groups, busy, spent)
                if effect is not None:
                    draft.effects.append(effect)
                    break
        if agents and self.chance(3):
            self.establish(draft, index, agents, present)

        draft.involved = draft.referenced() | set(draft.motive_facts())
        for group in {*group_agents, *present_groups} & set(self.groups):
            draft.involved |= self.all_members(group) | self.subgroups(group)
        draft.ends = self.standing(draft.begins.present, scene=draft.begins.scene)
        return draft

    def standing(self, present: set[str] | frozenset[str], *, scene: str | None) -> _Standing:
        """How the story stands now: no draws, so what the strategy draws elsewhere is kept."""
        places = {}
        for who in [*self.characters, *self.groups, *self.things]:
            there = self.located(who)
            if there is not None:
                places[who] = there
        return _Standing(
            alive=frozenset(self.alive),
            dead=frozenset(set(self.characters) - self.alive - self.unborn),
            held=frozenset(c for c in self.alive if self.custody(c) is not None),
            places=places,
            holders={t: h for t, h in self.holder.items() if h is not None},
            believes=frozenset(
                (knower, fact)
                for (knower, fact), stand in self.knowing.items()
                if stand == _BELIEVES and knower in self.characters
            ),
            members=frozenset(
                (c, g) for g in self.groups for c in self.all_members(g) if c in self.alive
            ),
            present=frozenset(present),
            scene=scene,
        )

    def establish(self, draft: _Draft, index: int, agents: list[str], present: list[str]) -> None:
        """Make a new fact true at this event; who learns it knows it from then on.

        Its agents by default, in whatever form they appear; sometimes an
        agent it is kept from (who does not know what they did), sometimes a
        witness who is no agent.
        """
        learners = [*agents, *(form.who for form in draft.forms)]
        kept: tuple[str, ...] = ()
        named: tuple[str, ...] | None = None
        way = self.number(0, 9)
        if way == 0 and len(agents) > 1:
            kept = (self.pick(agents),)
        elif way == 1 and present:
            named = (*agents, self.pick(present))
        fact = Fact(
            id=self.fresh_id(),
            name=self.text(),
            **self.extras(),
            established_by=draft.id,
            secret=self.chance(5),
            learned_by=named,
            kept_from=kept,
        )
        self.facts.append(fact)
        self.established_at[fact.id] = index
        for learner in named if named is not None else learners:
            if learner not in kept:
                self.knowing[learner, fact.id] = _BELIEVES

    def effect(
        self,
        draft: _Draft,
        bodily: list[str],
        bodily_groups: list[str],
        busy: set[str],
        spent: set[str],
    ) -> Effect | None:
        """Draw one effect the current state allows, or None when the drawn kind cannot be."""
        note = self.maybe_text()
        certainty = self.certainty()
        # where the scene is as this effect is carried out: a scene in a car is wherever the
        # car is, and an earlier effect of the scene may have driven it on
        place = self.resolve(draft.place)
        in_vehicle = draft.place is not None and draft.place != place
        actors = [c for c in bodily if c not in spent and c in self.alive]
        groups_here = [g for g in bodily_groups if g not in spent]
        agents_here = [c for c in draft.agents if c in actors]

        def by(exclude: str = "") -> tuple[str, ...]:
            options = [c for c in agents_here if c != exclude]
            if not options or not self.chance(6):
                return ()
            doer = self.pick(options)
            # now and then two do it together: another agent, or someone else in the scene
            helpers = [c for c in (*agents_here, *actors) if c not in (exclude, doer)]
            if helpers and self.chance(3):
                return (doer, self.pick(helpers))
            return (doer,)

        # a thing just handed over is often handed on at once, as scenes do
        if draft.passed and self.chance(8):
            kind = 11
        elif self.lost and self.chance(2):
            kind = 18  # what is lost turns up, more often than not
        elif self.chance(1) and any(self.container(t) for t in self.things):
            kind = 16  # what was put away is taken out again
        elif self.chance(4):
            kind = self.number(0, 22)  # the rarer words too: made, lost, found, put away...
        else:
            kind = self.number(0, 14)
        if kind == 7 and self.damaged and self.chance(5):
            kind = 8  # a damaged thing is mended more often than a new one breaks
        if kind == 0 and actors:
            who = self.pick(actors)
            spent.add(who)
            self.alive.discard(who)
            # custody ends at death, and the dead belong to no group
            self.held.pop(who, None)
            for members in self.members.values():
                members.discard(who)
            # whoever only the dead held is free
            for prisoner, keepers in list(self.keepers.items()):
                if who in keepers and prisoner in self.held and not self.alive & set(keepers):
                    del self.held[prisoner]
            return Dies(who=who, by=by(who), note=note, certainty=certainty)
        if kind == 1:
            dead = [
                c
                for c in self.characters
                if c not in self.alive
                and c not in self.unborn
                and c not in busy | spent | draft.referenced()
            ]
            if dead:
                who = self.pick(dead)
                spent.add(who)
                self.alive.add(who)
                # a motive for every agent would be one for the returned too
                motives = all(
                    self.believes(who, fact) for fact in draft.motivated_by if isinstance(fact, str)
                )
                if motives and self.can_be_at(who, place) and self.chance(5):
                    # back from death in this very scene, and acting in the rest of it
                    draft.agents.append(who)
                    bodily.append(who)
                    spent.discard(who)
                    if place is not None:
                        self.where[who] = place  # there from the event's start, as the state has it
                return Returns(who=who, note=note, certainty=certainty)
        if kind == 2 and actors:
            who = self.pick(actors)
            spent.add(who)
            self.hurt.add(who)
            return Injured(who=who, by=by(who), note=note, certainty=certainty)
        if kind == 3 and place is not None:
            free = [c for c in actors if self.custody(c) is None]
            free += [g for g in groups_here if self.group_is_free(g)]
            if free:
                who = self.pick(free)
                spent.add(who)
                spent.update(self.all_members(who) if who in self.members else ())
                at = self.pick([None, place, *self.places]) if self.chance(4) else None
                # a group takes its smaller groups and its members into custody with it
                taken = (
                    self.subgroups(who) | self.all_members(who) if who in self.members else {who}
                )
                if at is None and (
                    in_vehicle or any(self.where.get(t) in self.things for t in taken)
                ):
                    at = place  # held somewhere, not in the car
                allowed = tuple(self.some([p for p in self.places if p != (at or place)], 2))
                self.held[who] = frozenset({at or place, *allowed})
                self.keepers[who] = holding = by(who)
                for one in taken:
                    self.where[one] = at or place
                draft.seized.append(who)
                return Arrested(
                    who=who, by=holding, at=at, allowed=allowed, note=note, certainty=certainty
                )
        if kind in (4, 5):
            held = [x for x in actors + groups_here if x in self.held]
            # seized earlier in this scene and let go again (or slipping away) in it
            held += [x for x in draft.seized if x in self.held and x not in held]
            if held:
                who = self.pick(held)
                spent.add(who)
                spent.update(self.all_members(who) if who in self.members else ())
                del self.held[who]
                if self.chance(5):
                    return Released(who=who, by=by(who), note=note, certainty=certainty)
                return Escapes(who=who, note=note, certainty=certainty)
        if kind in (6, 7, 8):
            made = [t for t in self.things if t not in self.unmade]
            if kind == 8:
                usable = [t for t in self.damaged if t not in self.destroyed]
            elif kind == 7:
                usable = [t for t in made if t not in self.destroyed | self.damaged]
            else:
                usable = [t for t in made if t not in self.destroyed]
            usable = [t for t in sorted(usable, key=self.things.index) if t not in busy | spent]
            if usable:
                thing = self.pick(usable)
                spent.add(thing)
                if kind == 6:
                    self.destroyed.add(thing)
                    return Destroyed(thing=thing, by=by(), note=note, certainty=certainty)
                if kind == 7:
                    self.damaged.add(thing)
                    return Damaged(thing=thing, by=by(), note=note, certainty=certainty)
                self.damaged.discard(thing)
                return Repaired(thing=thing, by=by(), note=note, certainty=certainty)
        if kind == 9:
            movers = [c for c in actors if self.custody(c) is None]
            movers += [g for g in groups_here if self.group_is_free(g)]
            movers += [
                t
                for t in self.things
                if self.usable(t)
                and self.holder[t] is None
                and t not in busy
                and t not in spent
                and self.fits(t, place, actors)
                and not self.carries_prisoner(t)
            ]
            if movers:
                who = self.pick(movers)
                spent.add(who)
                to = self.pick(self.places)
                rides = [t for t in self.things if self.usable(t) and t not in busy | spent]
                if who in self.characters and rides and self.chance(3):
                    to = self.pick(rides)  # gets into a car
                self.where[who] = to
                if who in self.members:
                    # a group takes along its members, but for those the event names apart
                    apart = {
                        p.who
                        for p in draft.participants
                        if p.appears is not Appearance.PRESENT or p.at is not None
                    }
                    for member in (self.subgroups(who) | self.all_members(who)) - apart:
                        self.where[member] = to  # its smaller groups go too
                return Moves(who=who, to=to, note=note, certainty=certainty)
        if kind == 10 and actors:
            who = self.pick(actors)
            options = [
                t
                for t in self.things
                if self.usable(t)
                and t not in busy
                and t not in spent
                and self.holder[t] != who
                and (self.holder[t] is None or self.holder[t] in actors)
                and self.fits(t, place, actors)
            ]
            if options:
                thing = self.pick(options)
                giver = self.holder[thing]
                spent.update({who, thing, *([giver] if giver else [])})
                self.holder[thing] = who
                if self.container(thing) is not None:
                    self.where[thing] = None  # out of whatever it was in
                return Takes(who=who, thing=thing, from_=giver, note=note, certainty=certainty)
        if kind == 11:
            handed = [
                t
                for t in self.things
                if self.usable(t)
                and t not in spent
                and self.holder[t] in actors
                and len(actors) > 1
            ]
            if handed:
                again = [t for t in handed if t in draft.passed]
                thing = self.pick(again if again else handed)
                giver = self.holder[thing]
                assert giver is not None
                to = self.pick([c for c in actors if c != giver])
                # the receiver may pass it on, or back, in the same scene:
                # effects happen in the order written
                self.holder[thing] = to
                draft.passed.append(thing)
                return HandsOver(thing=thing, from_=giver, to=to, note=note, certainty=certainty)
            named = draft.referenced()
            givers = [
                c
                for c in self.characters
                if c not in named and c not in busy | spent and self.can_be_at(c, place)
            ]
            unlisted = [
                t
                for t in self.things
                if self.usable(t) and t not in spent and t not in busy and self.holder[t] in givers
            ]
            if unlisted and actors and self.chance(5):
                # a giver the event names only in the hand-over: there all the same
                thing = self.pick(unlisted)
                giver = self.holder[thing]
                assert giver is not None
                spent.add(giver)
                if draft.place is not None:
                    self.where[giver] = draft.place
                to = self.pick(actors)
                self.holder[thing] = to
                draft.passed.append(thing)
                return HandsOver(thing=thing, from_=giver, to=to, note=note, certainty=certainty)
        if kind in (12, 13) and not self.held:
            free = [c for c in actors if self.custody(c) is None]
            pairs = [
                (c, g)
                for c in free
                for g in self.groups
                if g not in busy and (c in self.members[g]) == (kind == 13)
            ]
            if pairs:
                who, group = self.pick(pairs)
                spent.update({who, group})
                if kind == 12:
                    self.members[group].add(who)
                    return Joins(who=who, group=group, note=note, certainty=certainty)
                for part in self.subgroups(group):
                    self.members[part].discard(who)  # leaving it is leaving its parts too
                return Leaves(who=who, group=group, note=note, certainty=certainty)
        if kind == 14:
            return self.reveal(draft, actors, busy, spent, note=note, certainty=certainty)
        if kind >= 15:
            return self.vocabulary(kind, draft, actors, busy, spent, by, note, certainty)
        return None

    def vocabulary(  # noqa: PLR0917 - the drawing state effect() holds, passed on
        self,
        kind: int,
        draft: _Draft,
        actors: list[str],
        busy: set[str],
        spent: set[str],
        by: Callable[[], tuple[str, ...]],
        note: str | None,
        certainty: Certainty,
    ) -> Effect | None:
        """Draw one of the effects of things made, lost, found and put away, births and healing."""
        place = self.resolve(draft.place)  # as effect() reads it: where the scene is by now
        loose = [
            t for t in self.things if self.usable(t) and t not in busy | spent and t != draft.place
        ]
        if kind == 15:
            # put a thing that is here into another thing that is here
            pairs = [
                (t, c)
                for t in loose
                if (self.holder[t] is None or self.holder[t] in actors)
                and self.fits(t, place, actors)
                for c in loose
                if c != t and not self.nested_in(c, t) and self.fits(c, place, actors)
            ]
            if pairs:
                thing, into = self.pick(pairs)
                holder = self.holder[thing]
                spent.update({thing, into})
                self.holder[thing] = None
                self.where[thing] = into
                putters = [holder] if holder is not None else actors
                putter = (self.pick(putters),) if putters and self.chance(6) else ()
                return PutIn(thing=thing, into=into, by=putter, note=note, certainty=certainty)
        if kind == 16:
            inside = [t for t in loose if self.container(t) and self.fits(t, place, actors)]
            if inside:
                thing = self.pick(inside)
                spent.add(thing)
                taker = self.pick(actors) if actors and self.chance(5) else None
                self.where[thing] = self.located(thing)  # it lies where its container is
                if taker is not None:
                    self.holder[thing] = taker
                return TakenOut(thing=thing, by=taker, note=note, certainty=certainty)
        if kind == 17 and loose:
            thing = self.pick(loose)
            loser = self.holder[thing]
            spent.add(thing)
            self.lost.add(thing)
            self.holder[thing] = None
            self.where[thing] = None
            return Lost(
                thing=thing,
                by=(loser,) if loser is not None and self.chance(5) else (),
                note=note,
                certainty=certainty,
            )
        if kind == 18:
            missing = [t for t in self.things if t in self.lost and t not in busy | spent]
            if missing:
                thing = self.pick(missing)
                spent.add(thing)
                self.lost.discard(thing)
                finder = self.pick(actors) if actors and self.chance(5) else None
                if finder is not None:
                    self.holder[thing] = finder
                    return Found(thing=thing, by=finder, note=note, certainty=certainty)
                at = self.pick(self.places) if self.chance(5) else None
                # found lying there, or in the car the scene is in, wherever the car goes
                self.where[thing] = at or draft.place
                return Found(thing=thing, at=at, note=note, certainty=certainty)
        if kind == 19:
            unmade = [t for t in self.things if t in self.unmade and t not in busy | spent]
            if unmade:
                thing = self.pick(unmade)
                spent.add(thing)
                self.unmade.discard(thing)
                return Made(thing=thing, by=by(), note=note, certainty=certainty)
        if kind == 20:
            unborn = [c for c in self.characters if c in self.unborn and c not in busy | spent]
            if unborn:
                who = self.pick(unborn)
                spent.add(who)
                self.unborn.discard(who)
                self.alive.add(who)
                if self.can_be_at(who, place) and self.chance(5):
                    # a part in their own birth: present at it
                    draft.participants.append(Participant(who=who, role="newborn"))
                    if draft.place is not None:
                        self.where[who] = draft.place
                return Born(who=who, note=note, certainty=certainty)
        if kind == 21:
            healing = [c for c in self.hurt if c in self.alive and c not in busy | spent]
            if healing:
                who = self.pick(sorted(healing, key=self.characters.index))
                spent.add(who)
                self.hurt.discard(who)
                return Recovers(who=who, note=note, certainty=certainty)
        if kind == 22:
            known = [
                (knower, fact)
                for (knower, fact), stand in self.knowing.items()
                if knower in self.alive
                and stand != _BLOCKED
                and knower not in busy | spent
                and fact not in spent
                and fact not in self.entangled
            ]
            if known:
                knower, fact = self.pick(sorted(known))
                spent.update({knower, fact})
                del self.knowing[knower, fact]
                return Forgets(who=(knower,), fact=fact, note=note, certainty=certainty)
        return None

    def reveal(
        self,
        draft: _Draft,
        actors: list[str],
        busy: set[str],
        spent: set[str],
        *,
        note: str | None,
        certainty: Certainty,
    ) -> Reveal | None:
        """Tell a fact to those who have not heard it, after the event that makes it true."""
        known = [
            f
            for f in self.facts
            if self.established_at.get(f.id, -1) < draft.group_start and f.id not in spent
        ]
        if not known:
            return None
        shared = [f for f in known if any(self.believes(c, f.id) for c in actors)]
        fact = self.pick(shared if shared and self.chance(5) else known)
        believed = not self.chance(3)
        # heard and not believed, or only doubted or suspected: a first hearing either way
        stand: bool | Belief = believed
        if not believed and self.chance(5):
            stand = self.pick([Belief.DOUBTS, Belief.SUSPECTS])
        # the dead hear only when they are there to take it in: a ghost, a voice through a medium
        perceiving = {p.who for p in [*draft.participants, *draft.forms] if p.appears.perceives}
        hearers = [
            c
            for c in self.characters
            if (c in self.alive or (c in perceiving and c not in self.unborn))
            and c not in busy
            and c not in spent
            and self.may_hear(c, fact.id, believed)
        ]
        hearing_groups = [
            g
            for g in self.groups
            if g not in busy
            and all(
                c in self.alive and c not in spent and self.may_hear(c, fact.id, believed)
                for c in self.all_members(g)
            )
            and not (self.all_members(g) & busy)
        ]
        to_groups = self.some(hearing_groups, 1, least=1) if self.chance(5) else []
        reached = {c for g in to_groups for c in self.all_members(g)}
        to = self.some([c for c in hearers if c not in reached], 2)
        audience_learns = (
            believed
            and (AUDIENCE, fact.id) not in self.knowing
            and (self.chance(5) or not (to or to_groups))
        )
        if not (to or to_groups or audience_learns):
            return None
        tellers = [
            c
            for c in actors
            if fact.holds
            and fact.id not in self.entangled
            and self.believes(c, fact.id)
            and c not in to
        ]
        teller = self.pick(tellers) if tellers and self.chance(8) else None
        state = _BELIEVES if believed else _TOLD
        for knower in to:
            self.knowing[knower, fact.id] = state
        for group in to_groups:
            for knower in self.members[group]:
                self.knowing[knower, fact.id] = state
            for knower in self.all_members(group) - self.members[group]:
                self.knowing[knower, fact.id] = _BLOCKED
        if audience_learns:
            self.knowing[AUDIENCE, fact.id] = _BELIEVES
            draft.tells_audience = True
        spent.add(fact.id)
        return Reveal(
            fact=fact.id,
            to=(*to, *to_groups, *([AUDIENCE] if audience_learns else [])),
            how=self.pick(list(How)) if self.chance(5) else How.TOLD,
            by=teller,
            believed=stand,
            note=note,
            certainty=certainty,
        )

    # Finishing -----------------------------------------------------------------------

    def loosen(self) -> None:
        """Mark a few events as only loosely placed, bounded tightly by their fixed neighbours."""
        drafts = self.drafts
        last = len(drafts) - 1
        alone = {
            i
            for i, d in enumerate(drafts)
            if d.group_start == i and (i == last or drafts[i + 1].group_start != i)
        }
        loose: set[int] = set()
        for i in self.some(sorted(alone), 2):
            if last == 0 or {i - 1, i + 1} & loose:
                continue
            loose.add(i)
            if i > 0:
                drafts[i].after = [drafts[i - 1].id]
                if i > 1 and self.chance(3):
                    drafts[i].after.append(drafts[self.number(0, i - 2)].id)
            if i < last:
                drafts[i].before = [drafts[i + 1].id]

    def stories(self) -> tuple[list[Thread], list[Setup]]:
        """Questions raised and answered, setups planted and paid off, in story order."""
        steady = [i for i, d in enumerate(self.drafts) if not d.after and not d.before]
        threads: list[Thread] = []
        setups: list[Setup] = []
        if len(steady) < 2:
            return threads, setups
        for _ in range(self.number(0, 2)):
            first, second = sorted(self.some(steady, 2, least=2))
            threads.append(
                Thread(
                    id=self.fresh_id(),
                    name=self.text(),
                    **self.extras(),
                    opened=self.drafts[first].id if self.chance(7) else None,
                    resolved=self.drafts[second].id,
                )
            )
        declared = [*self.characters, *self.things, *self.places]
        for _ in range(self.number(0, 2)):
            first, second = sorted(self.some(steady, 2, least=2))
            setups.append(
                Setup(
                    id=self.fresh_id(),
                    name=self.text(),
                    **self.extras(),
                    about=tuple(self.some(declared, 2)),
                    planted=self.drafts[first].id,
                    payoff=self.drafts[second].id,
                )
            )
        return threads, setups

    def reorder_screen(self, anchored: set[str]) -> None:
        """Show a few events out of story order: flashbacks and early glimpses."""
        established = {f.established_by for f in self.facts}
        movable = [
            d
            for d in self.drafts
            if d.id not in anchored | established
            and not d.tells_audience
            and not d.after
            and not d.before
        ]
        targets: set[str] = set()
        moved: set[str] = set()
        for draft in self.some(movable, 2):
            # one event at most just after (or before) another: never the same spot twice
            options = [d.id for d in self.drafts if d.id not in moved | targets | {draft.id}]
            if draft.id in targets or not options:
                continue
            target = self.pick(options)
            if self.chance(5):
                draft.shown_after = target
            else:
                draft.shown_before = target
            targets.add(target)
            moved.add(draft.id)

    def hide(self, anchored: set[str]) -> None:
        """Keep a few events off screen: the audience learns nothing in them."""
        targets = {d.shown_after for d in self.drafts} | {d.shown_before for d in self.drafts}
        candidates = [
            d
            for d in self.drafts
            if d.id not in anchored | targets
            and not d.tells_audience
            and d.shown_after is None
            and d.shown_before is None
        ]
        for draft in self.some(candidates, 1) if self.chance(3) else ():
            draft.shown = False

    def relationships(self) -> list[Relationship]:
        """Ties between characters, drawn on only while they last, by events they are in."""
        ties = []
        last = len(self.drafts)
        for _ in range(self.number(0, 2)):
            if len(self.characters) < 2:
                break
            pair = self.some(self.characters, 2, least=2)
            since = self.number(-1, last - 1) if self.chance(7) else -1
            until = self.number(since + 1, last) if self.chance(7) else last
            tie = Relationship(
                id=self.fresh_id(),
                kind=self.text(12),
                between=(pair[0], pair[1]),
                name=self.text() if self.chance(3) else None,
                since=self.drafts[since].id if since >= 0 else None,
                until=self.drafts[until].id if until < last else None,
                **self.extras(),
            )
            ties.append(tie)
            for draft in self.drafts[since + 1 : until]:
                if self.chance(5):
                    draft.relationships.append(tie.id)
                    # Those it ties are at least talked about where it is drawn on.
                    draft.mentions += [c for c in pair if c not in draft.referenced()]
        return ties

    def dates(self) -> None:
        """Date some events, in story order: the events of one moment share an instant.

        Instants at least four days apart, durations and journeys of a day at
        most: every journey fits between two dated scenes, however coarse
        their dates or whatever zones they give.
        """
        instant = dt.datetime(1, 1, 2) + dt.timedelta(days=self.number(0, 2_900_000))
        last = -1
        for draft in self.drafts:
            if draft.group_start != last:
                last = draft.group_start
                instant += dt.timedelta(days=self.number(4, 400), minutes=self.number(0, 1439))
                dated = self.chance(6)
            if dated:
                precision = self.pick(("year", "month", "day", "minute", "second"))
                zoned = precision in ("minute", "second") and self.chance(3)
                zone = self.pick(("Z", "+02:00", "-05:00", "+05:30")) if zoned else None
                draft.date = story_date(instant, precision, zone)
            if self.chance(3):
                draft.duration = self.pick(("PT30M", "PT2H", "PT1H15M", "P1D", "PT12H", "PT45S"))

    def journeys(self, places: list[Place]) -> list[Place]:
        """Give some places the shortest journeys to others: a day at most."""
        found = []
        for place in places:
            others = [p for p in self.places if p != place.id]
            ways: tuple[Journey, ...] = ()
            if others and self.chance(4):
                ways = tuple(
                    Journey(
                        to=to,
                        takes=self.pick(("PT8H", "PT40M", "P1D", "PT2H30M")),
                        one_way=self.chance(3),
                        note=self.maybe_text(),
                    )
                    for to in self.some(others, 2, least=1)
                )
            found.append(attrs.evolve(place, journeys=ways) if ways else place)
        return found

    def expectations(self) -> None:
        """State a few things the story bears out, as the event begins or once it is over."""
        for draft in self.drafts:
            if not self.chance(3):
                continue
            for _ in range(self.number(1, 2)):
                after = self.chance(4)
                standing = draft.ends if after else draft.begins
                assert standing is not None
                found = self.expected(draft, standing, after=after)
                if found is not None:
                    draft.expect.append(found)

    def expected(self, draft: _Draft, standing: _Standing, *, after: bool) -> Expectation | None:
        """One expectation the standing bears out, of a drawn kind, or None when it has none."""
        kind = self.number(0, 8)
        note = self.text() if self.chance(1) else None
        if kind == 0 and standing.alive:
            return Alive(who=self.pick(sorted(standing.alive)), after=after, note=note)
        dead = sorted(standing.dead)
        if kind == 1 and dead:
            return Dead(who=self.pick(dead), after=after, note=note)
        if kind == 2 and standing.held:
            return Held(who=self.pick(sorted(standing.held)), after=after, note=note)
        free = sorted(standing.alive - standing.held)
        if kind == 3 and free:
            return Free(who=self.pick(free), after=after, note=note)
        if kind == 4:
            # someone who comes back and acts in this very scene is where the event has them,
            # from its start; as it begins, the drawing has them where they lay
            late = set() if after else set(draft.agents) - standing.present
            # and so is what they hold, which comes with them
            late |= {thing for thing, holder in standing.holders.items() if holder in late}
            bodily = {*draft.agents, *(p.who for p in draft.participants if p.appears is _HERE)}
            places = {
                who: there
                for who, there in standing.places.items()
                if who not in late and (after or who not in bodily)
            }
            if not after and standing.scene is not None:
                places |= {who: standing.scene for who in standing.present if who not in late}
            if places:
                who = self.pick(sorted(places))
                outer = [places[who]]
                while self.inside.get(outer[-1]) is not None and outer[-1] not in outer[:-1]:
                    outer.append(self.inside[outer[-1]] or "")
                return At(who=who, place=self.pick(outer), after=after, note=note)
        if kind == 5 and standing.holders:
            thing = self.pick(sorted(standing.holders))
            return Holds(who=standing.holders[thing], thing=thing, after=after, note=note)
        believed = sorted(standing.believes)
        if kind == 6 and believed:
            who, fact = self.pick(believed)
            return Believes(who=who, fact=fact, after=after, note=note)
        true = {f.id for f in self.facts if f.holds}
        known = [(who, fact) for who, fact in believed if fact in true]
        if kind == 7 and known:
            who, fact = self.pick(known)
            return Knows(who=who, fact=fact, after=after, note=note)
        if kind == 8 and standing.members:
            who, group = self.pick(sorted(standing.members))
            return Member(who=who, group=group, after=after, note=note)
        return None

    def end_a_truth(self, events: Sequence[Event]) -> None:
        """Let one true fact stop holding at an event after it comes true (``ended_by``).

        Only a fact nothing else leans on: none that contradicts another or
        is contradicted, and none an expectation says someone knows or
        believes or that anyone acts on (those who do what ends it believe it
        no more).
        """
        if not events or not self.chance(3):
            return
        positions = {event.id: i for i, event in enumerate(events)}
        needed = {
            one.fact
            for event in events
            for one in event.expect
            if isinstance(one, Knows | Believes)
        }
        needed.update(
            motive if isinstance(motive, str) else motive.fact
            for event in events
            for motive in event.motivated_by
        )
        for n, fact in enumerate(self.facts):
            if fact.holds is not True or fact.id in self.entangled or fact.id in needed:
                continue
            made = positions.get(fact.established_by or "")
            if not fact.backstory and made is None:
                continue
            later = events[0 if fact.backstory else (made or 0) + 1 :]
            if later:
                self.facts[n] = attrs.evolve(fact, ended_by=self.pick(later).id)
                return

    def accounts(self, events: Sequence[Event]) -> list[Account]:
        """Narrators' versions told at events of the story, which the checker finds sound.

        Each account tells the whole story again as it happened, under the
        same event ids (its own), or tells no events; it claims facts that
        hold in its telling and denies facts that are false.
        """
        found: list[Account] = []
        if not events or not self.chance(3):
            return found
        for _ in range(self.number(1, 2)):
            retold = tuple(events) if self.chance(7) else ()
            own = {event.id for event in retold}
            true = [
                f.id for f in self.facts if f.holds and (f.backstory or f.established_by in own)
            ]
            false = [f.id for f in self.facts if not f.holds]
            found.append(
                Account(
                    id=self.fresh_id(),
                    name=self.text(),
                    **self.extras(),
                    narrator=self.pick([*self.characters, *self.groups]),
                    told_at=self.pick(events).id,
                    claims=tuple(self.some(true, 2)),
                    denies=tuple(self.some(false, 2)),
                    events=retold,
                )
            )
        return found

    def mention_the_unused(self, declared: Iterable[str]) -> None:
        """Have some event talk about every element no event has named yet."""
        named: set[str] = set()
        for draft in self.drafts:
            named |= draft.referenced() | set(draft.motive_facts())
        for one in declared:
            if one in named or one in self.established_at:
                continue
            self.pick(self.drafts).mentions.append(one)


@st.composite
def _plot(
    draw: st.DrawFn, min_events: int, max_events: int, max_characters: int, unicode: bool
) -> Plot:
    story = _Story(draw, unicode=unicode)
    count = story.number(min_events, max_events)
    title = story.text()
    description = story.maybe_text()
    source = story.maybe_text()
    note = story.maybe_text()
    if count == 0:
        return Plot(title=title, description=description, source=source, note=note)
    places, groups, characters = story.world(max_characters)
    things = story.belongings()
    characters = story.aboard(characters, things)
    story.backstory()
    for index in range(count):
        story.drafts.append(story.event(index))
    story.loosen()
    threads, setups = story.stories()
    anchored = {t.opened for t in threads} | {t.resolved for t in threads}
    anchored |= {s.planted for s in setups} | {s.payoff for s in setups}
    story.reorder_screen({a for a in anchored if a is not None})
    story.hide({a for a in anchored if a is not None})
    ties = story.relationships()
    story.dates()
    places = story.journeys(places)
    story.expectations()
    declared = [*story.characters, *story.things, *story.places, *story.groups]
    story.mention_the_unused([*declared, *(f.id for f in story.facts)])
    discrepancies = []
    if story.chance(4):
        discrepancies.append(
            Discrepancy(
                id=story.fresh_id(),
                name=story.text(),
                about=tuple(story.some(declared, 2)),
                readings=tuple(story.text() for _ in range(story.number(0, 2))),
                **story.extras(),
            )
        )
    events = tuple(d.build() for d in story.drafts)
    screen: tuple[str, ...] = ()
    if story.chance(2):
        # the whole screen order given as a list, with the events' own anchors or instead of them
        positions = {event.id: i for i, event in enumerate(events)}
        screen = tuple(events[i].id for i in Order.of(events, positions).screen_order())
        if story.chance(5):
            events = tuple(attrs.evolve(e, shown_after=None, shown_before=None) for e in events)
    story.end_a_truth(events)
    accounts = story.accounts(events)
    return Plot(
        title=title,
        description=description,
        source=source,
        note=note,
        characters=tuple(characters),
        things=tuple(things),
        places=tuple(places),
        groups=tuple(groups),
        relationships=tuple(ties),
        facts=tuple(story.facts),
        events=events,
        accounts=tuple(accounts),
        threads=tuple(threads),
        setups=tuple(setups),
        discrepancies=tuple(discrepancies),
        screen=screen,
        # derived, not drawn, so the other draws (and the sweeps that count them) stay as they are
        schema=f"{title[:12]}.schema.json" if len(title) % 2 else None,
    )


def plots(
    *,
    min_events: int = 0,
    max_events: int = 12,
    max_characters: int = 5,
    unicode: bool = True,
) -> SearchStrategy[Plot]:
    """Valid plots of any size: `plotmodel.checking.check` reports nothing on them.

    Each plot is told event by event while the story state is kept: only the
    living, free (or within their custody's places) and bodily present act;
    things change hands only from their holder; destroyed things appear only as
    remains; facts are told after the event that makes them true, the audience
    learns each at most once; every declared element is used; simultaneous
    events share no one. Along the way every element, every kind of effect and
    every optional field turns up: nested places, groups acting as one, lies
    that contradict the truth, reveals not yet believed, loosely placed events
    (``after``/``before``) that agree with the listed order, events shown out of
    story order, resolved threads, paid-off setups, narrators' accounts that
    tell the story again with claims and denials of their own, Unicode text
    and ids. Only
    ``silence`` and ``check`` are never set: in a plot with nothing to report
    a silence silences nothing and is itself reported, and check settings
    would hide the rules a test means to run.

    Shrinks towards a plot with a title and no events; with ``min_events``, to
    that many events with one place, one character and no effects.

    Args:
        min_events: The fewest events.
        max_events: The most events.
        max_characters: The most characters.
        unicode: Draw names, text and ids from all of Unicode, not only ASCII.
    """
    if not 0 <= min_events <= max_events:
        raise ValueError(f"need 0 <= min_events <= max_events, got {min_events}, {max_events}")
    if max_characters < 1:
        raise ValueError(f"max_characters must be at least 1, got {max_characters}")
    return _plot(min_events, max_events, max_characters, unicode)
