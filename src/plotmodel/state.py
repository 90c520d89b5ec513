"""The story state: one pass over the events that answers "how do things stand at this moment?".

`story_state` replays a plot's events once, in story (listed) order, and keeps
for every character, group, thing, fact and knower a sorted log of its changes.
Any question about a moment is then a bisect into one log, never a replay, so
the rules and the queries share one linear-time computation per plot. The
same pass resolves every reference, gathers who is bodily in each event and
files each effect by kind: it is the one thing the rules read.

Effects happen in the order they are written, so moments count the steps
inside events too. Each event has a moment just before it (`StoryState.before`),
a moment once the people present are there, one after each of its effects,
and the moment just after it (`StoryState.after`), which is also the moment
just before the next event. ``before(event, effect=k)`` is the moment just
before effect ``k``, once the effects before it hold. Moment ``0`` is the
start of the story and `StoryState.end` its end.

How the replay reads a plot, where the model leaves a choice:

- Presence is bodily presence: an agent, a participant that ``appears:
  present``, or a character or group that an effect's bodily field names
  (``hands_over.from``, ``reveal.by``, ``takes.who``...) when the event does
  not list them in another form. Mentions and other appearances (memory,
  vision, ghost, recording, photograph, letter, remains) are neither
  presence nor agency.
- Whoever is present at an event with a place is there from the event's
  start, and so are the living members of a group present
  (`StoryState.along`); `Moves` sets a place; an arrest takes the held to
  the custody place unless they are already inside it. A thing someone holds is wherever its
  holder is; a thing moved on its own is put down there and no longer held.
- A group's members include the members of the groups that are ``part_of``
  it. Arresting, releasing or revealing to a group reaches its living members
  at that moment, and a fact ``known_by`` a group is known by its members at
  the start; the agents of an event believe what it establishes once
  the event is over.
- Contradiction goes both ways: believing either of two contradicting facts
  drops belief in the other, which stays heard (`Belief.TOLD`).
- A reference that names nothing, or an element of the wrong kind, is left
  out: an optional one as if it were not given, a required one with the
  effect that holds it. The PM1xx rules report it; every other rule reads
  what resolves.
- The audience learns only through reveals to ``audience`` (or ``known_by``).
  It counts in story order like anyone else, except in
  `StoryState.audience_belief` and dramatic irony, which follow screen order.
"""

from __future__ import annotations

import gc
import math
import weakref
from bisect import bisect_left, bisect_right
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from operator import attrgetter
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Final, Generic, NamedTuple, TypeVar, cast

import attrs
from attrs import frozen

from plotmodel._accounts import as_told
from plotmodel._per_plot import PerPlot
from plotmodel.diagnostics import DocPath
from plotmodel.index import PlotIndex
from plotmodel.model import (
    AUDIENCE,
    Account,
    Appearance,
    Belief,
    Certainty,
    Condition,
    Effect,
    Event,
    Fact,
    Kind,
    Participant,
    Plot,
    ReferenceField,
    reference_fields,
)
from plotmodel.order import Constraint, Order
from plotmodel.references import Reference, identity

if TYPE_CHECKING:
    from plotmodel.queries import Changes, Disagreements, Irony, Snapshot

__all__ = [
    "Belief",
    "Bodily",
    "Change",
    "Condition",
    "ConditionChange",
    "Constraint",
    "Custody",
    "CustodySpan",
    "Death",
    "History",
    "Injury",
    "Learning",
    "Order",
    "Period",
    "Step",
    "StoryState",
    "story_state",
]

T = TypeVar("T")
E = TypeVar("E", bound=Effect)
E_co = TypeVar("E_co", bound=Effect, covariant=True)

_PRESENT: Final = Appearance.PRESENT
_REMOTE: Final = Appearance.REMOTE
_UNAWARE: Final = Belief.UNAWARE
_TOLD: Final = Belief.TOLD
_BELIEVES: Final = Belief.BELIEVES
_THING: Final = Kind.THING
_GROUP: Final = Kind.GROUP


class History(Generic[T]):
    """The values one thing takes over the story: a sorted log of (moment, value).

    Reading a moment is a bisect. Two changes at the same moment keep the last.
    """

    __slots__ = ("initial", "moments", "values")

    def __init__(self, initial: T) -> None:
        self.initial = initial
        self.moments: list[int] = []
        self.values: list[T] = []

    def at(self, moment: int) -> T:
        """The value in force at ``moment``."""
        i = bisect_right(self.moments, moment)
        return self.values[i - 1] if i else self.initial

    def changed_at(self, moment: int) -> int | None:
        """The moment of the change in force at ``moment``; ``None`` for the initial value."""
        i = bisect_right(self.moments, moment)
        return self.moments[i - 1] if i else None

    @property
    def last(self) -> T:
        """The latest value: the one in force at the end of the story."""
        return self.values[-1] if self.values else self.initial

    def set(self, moment: int, value: T) -> None:
        """Record that the value becomes ``value`` at ``moment`` (moments never go back)."""
        if self.moments and self.moments[-1] == moment:
            self.values[-1] = value
        else:
            self.moments.append(moment)
            self.values.append(value)

    def changes(self) -> Iterator[tuple[int, T]]:
        """Every recorded change, in story order."""
        return zip(self.moments, self.values, strict=True)

    def __repr__(self) -> str:
        return f"History({self.initial!r}, {list(self.changes())!r})"


@frozen(kw_only=True)
class Change:
    """Where in the plot a change was made: the event and, when an effect made it, which one."""

    event: str
    position: int
    effect: int | None = None

    @property
    def path(self) -> DocPath:
        """The document path of the effect (or of the event) that made the change."""
        if self.effect is None:
            return ("events", self.position)
        return ("events", self.position, "effects", self.effect)


@frozen(kw_only=True)
class Death(Change):
    """A character's death: who, by whom, and the effect that kills them.

    Attributes:
        who: The character who dies.
        by: Who killed them, if the plot says.
        uncertain: Whether the plot marks the death ``certainty: uncertain``:
            the source leaves it in doubt.
    """

    who: str
    by: tuple[str, ...] = ()
    uncertain: bool = False


@frozen(kw_only=True)
class Injury(Change):
    """A character's injury, and the effect that causes it.

    Attributes:
        who: The character hurt.
        by: Who hurt them, if the plot says.
    """

    who: str
    by: tuple[str, ...] = ()


@frozen(kw_only=True)
class Custody(Change):
    """A character or group held, where, by whom, and the arrest that holds them.

    Attributes:
        who: The character or group held.
        by: Who holds them.
        at: Where they are held: the arrest's ``at``, else the event's place.
        allowed: Places they may still go to while held.
        through: The group whose arrest holds them, when the arrest named a group.
    """

    who: str
    by: tuple[str, ...] = ()
    at: str | None = None
    allowed: tuple[str, ...] = ()
    through: str | None = None


@frozen(kw_only=True)
class CustodySpan:
    """A stretch of custody from an arrest to the release or escape that ends it.

    Attributes:
        custody: The arrest and its terms.
        ended: The release, escape or death that ends it; ``None`` if it lasts to the end.
        escaped: Whether it ended by an escape rather than a release.
        died: Whether it ended because the one held died: custody ends at death.
        unkept: Whether it ended because everyone holding them died (the
            hostage whose taker is shot), at the last one's death.
    """

    custody: Custody
    ended: Change | None = None
    escaped: bool = False
    died: bool = False
    unkept: bool = False


@frozen(kw_only=True)
class ConditionChange(Change):
    """A thing damaged, destroyed or repaired, and the effect that does it.

    Attributes:
        thing: The thing.
        condition: Its condition from then on.
        by: Who did it, if the plot says.
    """

    thing: str
    condition: Condition
    by: tuple[str, ...] = ()


@frozen(kw_only=True)
class Learning(Change):
    """A knower coming to hear or believe a fact at an event.

    Attributes:
        knower: The character (or ``audience``) who learns.
        fact: The fact learned.
        belief: Where they stand on it afterwards.
    """

    knower: str
    fact: str
    belief: Belief


@frozen(kw_only=True)
class Period:
    """A stretch of story between two events (ids); ``None`` means the story's start or end.

    Attributes:
        start: The event that opens it, or ``None`` from the start.
        end: The event that closes it, or ``None`` to the end.
    """

    start: str | None
    end: str | None


class Bodily(NamedTuple):
    """One bodily appearance of someone or something in an event.

    Attributes:
        position: The event's listed position.
        effect: The index of the effect that puts them there, or ``None``
            for an agent or a present participant of the event itself.
        path: Where in the event: ``("agents", 0)``, ``("effects", 2, "by")``.
        verb: What they do there, in a message's words (``acts in``).
    """

    position: int
    effect: int | None
    path: DocPath
    verb: str


class Step(NamedTuple, Generic[E_co]):
    """One effect that resolves, where it is, as the story state applied it.

    Attributes:
        position: The event's listed position.
        number: The effect's index in the event.
        effect: The effect; an optional reference that did not resolve is left out.
    """

    position: int
    number: int
    effect: E_co


def _raise_belief(
    facts: dict[str, History[Belief]],
    fact: str,
    moment: int,
    belief: Belief,
    contradicts: Mapping[str, Iterable[str]],
) -> bool:
    """Set one knower's stand on ``fact`` to ``belief``; believing drops what it contradicts.

    Hearing without believing (`Belief.TOLD`) never lowers a stronger stand;
    any other level is where the knower stands from now on, so a reveal that
    leaves them doubting shakes a belief. Believing a fact leaves any fact it
    contradicts merely heard, unless it is only doubted.

    Returns:
        Whether the knower's stand changed; hearing again what one believes does not.
    """
    history = facts.get(fact)
    if history is None:
        # a first hearing, the common case: no earlier stand to compare with
        history = facts[fact] = History(_UNAWARE)
        history.moments.append(moment)
        history.values.append(belief)
    else:
        stand = history.last
        if stand is belief or (belief is _TOLD and stand > belief):
            return False
        history.set(moment, belief)
    if belief is _BELIEVES and fact in contradicts:
        for other in contradicts.get(fact, ()):
            dropped = facts.get(other)
            if dropped is not None and dropped.last > Belief.DOUBTS:
                dropped.set(moment, _TOLD)
    return True


def _within(inside: Mapping[str, str], place: str, outer: str) -> bool:
    """Whether ``place`` is ``outer`` or lies inside it by ``inside``; a loop ends the walk."""
    seen: set[str] = set()
    current: str | None = place
    while current is not None and current not in seen:
        if current == outer:
            return True
        seen.add(current)
        current = inside.get(current)
    return False


def _stretches(history: History[T]) -> Iterator[tuple[float, float, T]]:
    """Each value of a history with the moments it holds from and until (not included)."""
    starts: list[float] = [-math.inf, *history.moments]
    ends: list[float] = [*history.moments, math.inf]
    return zip(starts, ends, (history.initial, *history.values), strict=True)


def _first_at(items: Sequence[int | Bodily], position: int | None) -> int:
    """Where in a list of appearances in story order the first at or after ``position`` is."""
    if position is None:
        return len(items)
    return bisect_left(items, position, key=_position_of)


def _position_of(item: int | Bodily) -> int:
    return item if type(item) is int else cast(Bodily, item).position


def _appears(who: str, form: Participant, present: list[str], away: list[str]) -> bool:
    """Sort ``who``, named in a form of its own, among those bodily in an event; True when not.

    One present in person is at the event's place (``present``); one present
    elsewhere (``at``) or remote is bodily somewhere but not here (``away``).
    """
    appears = form.appears
    if appears is _PRESENT:
        (present if form.at is None else away).append(who)
    elif appears is _REMOTE:
        away.append(who)
    else:
        return True
    return False


def _placing(
    who: str,
    holders: Mapping[str, History[str | None]],
    places: Mapping[str, History[str | None]],
    kinds: Mapping[str, Kind],
    moment: int | None,
) -> History[str | None] | None:
    """The history that says where ``who`` is: its own, its holder's, or its container's.

    A thing someone holds is wherever its holder is; whoever or whatever is in
    a thing is wherever that thing is; a loop of either places nothing. At
    ``moment``, or now (the latest values) while the pass is under way.
    """
    seen: set[str] = set()
    while who not in seen:
        seen.add(who)
        held = holders.get(who)
        if held is not None:
            holder = held.last if moment is None else held.at(moment)
            if holder is not None:
                who = holder
                continue
        history = places.get(who)
        if history is None:
            return None
        where = history.last if moment is None else history.at(moment)
        if where is None or kinds.get(where) is not _THING:
            return history
        who = where
    return None


# Paths inside an event, made once: most events have few agents, participants and effects.
_SHARED: Final = 16
_AGENT_PATHS: Final = [("agents", k) for k in range(_SHARED)]
_PARTICIPANT_PATHS: Final = [("participants", k, "who") for k in range(_SHARED)]


# One reference field of an effect class, as the pass reads it: its name, the kinds it
# accepts, its declaration, its verb when bodily, and its paths inside an event.
_Field = tuple[str, frozenset[Kind], ReferenceField, str | None, tuple[DocPath, ...]]


def _plan(cls: type) -> tuple[_Field, ...]:
    """An effect class's reference fields, each with its paths inside an event, made once."""
    return tuple(
        (
            one.name,
            one.kinds,
            one,
            one.refers.bodily,
            tuple(("effects", k, one.name) for k in range(_SHARED)),
        )
        for one in reference_fields(cls)
    )


class _Replay:
    """Carries an event sequence's effects out in order, recording every change in a history.

    It is the story world every effect's `Effect.apply` changes (it implements
    `plotmodel.model.World`), and it resolves every reference on the way.
    """

    def __init__(
        self, plot: Plot, events: Sequence[Event], positions: Mapping[str, int], index: PlotIndex
    ) -> None:
        self.kinds = index.kinds
        self.positions = positions
        kinds = self.kinds
        self.events = events
        self.life: dict[str, History[Death | None]] = {}
        self.injuries: dict[str, History[Injury | None]] = {}
        self.custody: dict[str, History[Custody | None]] = {}
        self.custody_spans: dict[str, list[CustodySpan]] = {}
        self.places: dict[str, History[str | None]] = {}
        self.holders: dict[str, History[str | None]] = {}
        self.conditions: dict[str, History[ConditionChange | None]] = {}
        # born characters and made things: where each comes into the story (the first time)
        self.beginnings: dict[str, Change] = {}
        self.losses: dict[str, History[Change | None]] = {}
        self.membership: dict[tuple[str, str], History[bool]] = {}
        self.members: dict[str, set[str]] = {}
        # the groups each character ever belongs to, and who is held through each group's arrest
        self.joined: dict[str, list[str]] = {}
        # per group that died whole: the members who died with it, whose bodies go with it
        self.remains: dict[str, list[str]] = {}
        self.held_through: dict[str, set[str]] = {}
        # per keeper (custody's ``by``): whom they have held; custody lapses when all are dead
        self.kept: dict[str, set[str]] = {}
        self.knowledge: dict[str, dict[str, History[Belief]]] = {}
        self.learnings: list[tuple[str, str, int, int | None, Belief]] = []
        self.audience_reveals: list[tuple[int, int, str, Belief]] = []
        self.unresolved: list[Reference] = []
        self.referenced: set[str] = set()
        self.effects: dict[type, list[Step[Effect]]] = {}
        # per id: the positions of the events it is present at, and its bodily effect fields
        self.bodily: dict[str, list[int | Bodily]] = {}
        # per event: who is there only through an effect field (``hands_over.from``...)
        self.joining: dict[int, list[tuple[str, DocPath, str]]] = {}
        # per event: the members there through a group that is there
        self.along: dict[int, tuple[str, ...]] = {}
        self.motivations: list[tuple[int, int, str, tuple[str, ...]]] = []
        self.caused: list[int] = []
        self.drawing: list[int] = []
        self.starts: list[int] = []
        # the step being carried out
        self.position = 0
        self.effect: int | None = None
        self.moment = 0
        self.event: Event | None = None

        inside: dict[str, str] = {}
        for place in reversed(plot.places):
            if place.inside is not None and kinds.get(place.inside) is Kind.PLACE:
                inside[place.id] = place.inside
        self.inside = inside
        self.parts: dict[str, list[str]] = {}
        part_of = {
            g.id: g.part_of for g in reversed(plot.groups) if kinds.get(g.part_of or "") is _GROUP
        }
        for group in plot.groups:
            seen: set[str] = set()
            current: str | None = group.id
            while current is not None and current not in seen:
                seen.add(current)
                self.parts.setdefault(current, []).append(group.id)
                current = part_of.get(current)
        for group_id, found in self.parts.items():
            self.parts[group_id] = list(dict.fromkeys(found))

        self.contradicts: dict[str, set[str]] = {}
        self.established: dict[int, list[str]] = {}
        # the facts each event ends, by its position: its agents see them end
        self.ending: dict[int, list[str]] = {}
        self.facts: dict[str, Fact] = {}
        self.dropped: frozenset[str] = frozenset()
        for kind, elements in plot.elements():
            if kind is Kind.EVENT:
                continue
            for position, element in enumerate(elements):
                self._elements_refer(element, (kind.value, position))
        for position, place in enumerate(plot.places):
            for k, journey in enumerate(place.journeys):
                self._elements_refer(journey, ("places", position, "journeys", k))
        self._world_at_start(plot)

    def _knowers(self, ids: Sequence[str]) -> list[str]:
        """The characters ``ids`` name, a group's living members in its place, each once."""
        kinds = self.kinds
        knowers: dict[str, None] = {}
        for one in ids:
            kind = kinds.get(one)
            if kind is _GROUP:
                knowers.update(dict.fromkeys(self._hearing(one)))
            elif kind is Kind.CHARACTER:
                knowers[one] = None
        return list(knowers)

    def _motives(self, i: int, event: Event) -> None:
        """Record each motive naming a fact, with the agents it names (none: every agent)."""
        kinds = self.kinds
        for k, motive in enumerate(event.motivated_by):
            who: tuple[str, ...]
            if isinstance(motive, str):
                fact, who = motive, ()
            else:
                fact, who = motive.fact, motive.agents
            if kinds.get(fact) is Kind.FACT:
                named = tuple(one for one in who if kinds.get(one) in (Kind.CHARACTER, _GROUP))
                self.motivations.append((i, k, fact, named))

    def _form_refers(self, form: object, one: ReferenceField, path: DocPath) -> None:
        """Resolve a record given in place of an id: its id as the field's, the rest as its own."""
        id_, first = identity(form)
        if self._resolves(id_, one):
            self.referenced.add(id_)
        else:
            self._miss(id_, (*path, first.name), one)
        for other in reference_fields(type(form))[1:]:
            value = getattr(form, other.name)
            for n, item in enumerate((value,) if type(value) is str else value or ()):
                if self._resolves(item, other):
                    self.referenced.add(item)
                elif type(value) is str:
                    self._miss(item, (*path, other.name), other)
                else:
                    self._miss(item, (*path, other.name, n), other)

    def _elsewhere(
        self, form: Participant, path: DocPath, elsewhere: list[tuple[str, str]]
    ) -> None:
        """Resolve where one who takes part from elsewhere is; note it if it resolves."""
        at = form.at
        assert at is not None
        if self._resolves(at, _ELSEWHERE):
            self.referenced.add(at)
            elsewhere.append((form.who, at))
        else:
            self._miss(at, (*path, "at"), _ELSEWHERE)

    # -- references ------------------------------------------------------------

    def _miss(self, id_: str, path: DocPath, field: ReferenceField) -> None:
        """Record an id that names nothing or the wrong kind; one naming anything is still a use."""
        self.unresolved.append(Reference(id_, path, field))
        if id_ in self.kinds:
            self.referenced.add(id_)

    def _elements_refer(self, element: object, path: DocPath) -> None:
        """Resolve the references of one element outside the events (a character's groups...)."""
        kinds = self.kinds
        for one in reference_fields(type(element)):
            value: str | tuple[str, ...] | None = getattr(element, one.name)
            if not value:
                continue
            for k, id_ in enumerate((value,) if type(value) is str else value):
                if kinds.get(id_) in one.kinds or (one.audience and id_ == AUDIENCE):
                    self.referenced.add(id_)
                else:
                    where = (*path, one.name) if type(value) is str else (*path, one.name, k)
                    self._miss(id_, where, one)

    def _resolves(self, id_: str, one: ReferenceField) -> bool:
        return self.kinds.get(id_) in one.kinds or (one.audience and id_ == AUDIENCE)

    # -- the world at the start ------------------------------------------------

    def _world_at_start(self, plot: Plot) -> None:
        kinds = self.kinds
        for character in plot.characters:
            for group in character.groups:
                if kinds.get(group) is _GROUP and (character.id, group) not in self.membership:
                    self.membership[character.id, group] = History(True)
                    self.members.setdefault(group, set()).add(character.id)
                    self.joined.setdefault(character.id, []).append(group)
            if character.inside is not None and kinds.get(character.inside) is _THING:
                # aboard a vehicle, they are wherever it is
                self.places.setdefault(character.id, History(character.inside))
            elif character.at is not None and kinds.get(character.at) is Kind.PLACE:
                self.places.setdefault(character.id, History(character.at))
        for thing in plot.things:
            if thing.held_by is not None and kinds.get(thing.held_by) in (Kind.CHARACTER, _GROUP):
                self.holders.setdefault(thing.id, History(thing.held_by))
            if thing.inside is not None and kinds.get(thing.inside) is _THING:
                # inside a container, it is wherever the container is
                self.places.setdefault(thing.id, History(thing.inside))
            elif thing.at is not None and kinds.get(thing.at) is Kind.PLACE:
                self.places.setdefault(thing.id, History(thing.at))
        positions = self.positions
        for fact in plot.facts:
            self.facts.setdefault(fact.id, fact)
            for other in fact.contradicts:
                if kinds.get(other) is Kind.FACT:
                    self.contradicts.setdefault(fact.id, set()).add(other)
                    self.contradicts.setdefault(other, set()).add(fact.id)
            made = positions.get(fact.established_by) if fact.established_by else None
            if made is not None:
                self.established.setdefault(made, []).append(fact.id)
            ended = positions.get(fact.ended_by) if fact.ended_by else None
            if ended is not None and fact.holds is True and self.facts[fact.id] is fact:
                self.ending.setdefault(ended, []).append(fact.id)
        for fact in plot.facts:
            # known by a group: by its members at the start, as a reveal to it reaches them
            for knower in self._knowers(fact.known_by):
                known = self.knowledge.setdefault(knower, {})
                _raise_belief(known, fact.id, 0, Belief.BELIEVES, self.contradicts)

    # -- groups ----------------------------------------------------------------

    def _hearing(self, group: str) -> list[str]:
        """Who hears what ``group`` is told: its living members; with none, the group itself.

        A crowd whose members the plot never names ("the people of Troy") knows
        what it is told as itself.
        """
        return self.living_members(group) or [group]

    def living_members(self, group: str) -> list[str]:
        """The group's living members now, its parts' members included, sorted."""
        found: set[str] = set()
        members = self.members
        for part in self.parts.get(group, (group,)):
            found.update(members.get(part, ()))
        life = self.life
        return sorted(who for who in found if (dead := life.get(who)) is None or dead.last is None)

    def _reached(self, who: str) -> list[str]:
        """``who`` and, for a group, its parts (the women among the hostages) and living members."""
        if self.kinds.get(who) is _GROUP:
            return [*self.parts.get(who, (who,)), *self.living_members(who)]
        return [who]

    # -- the world, as effects change it (plotmodel.model.World) ---------------

    def _here(self) -> tuple[str, int, int | None]:
        event = self.event
        assert event is not None
        return event.id, self.position, self.effect

    def dies(self, who: str, *, by: tuple[str, ...]) -> None:
        """``who`` dies; a group dies whole, with its parts and living members (a drowned host).

        The members who die with it stay its remains: moving the dead group
        (the thieves buried together) moves their bodies too.
        """
        reached = self._reached(who)
        if self.kinds.get(who) is _GROUP:
            self.remains[who] = [one for one in reached if self.kinds.get(one) is not _GROUP]
        for one in reached:
            self._dies(one, by)

    def _dies(self, who: str, by: tuple[str, ...]) -> None:
        event, position, effect = self._here()
        history = self.life.get(who)
        if history is None:
            history = self.life[who] = History(None)
        assert self.event is not None
        assert effect is not None
        uncertain = self.event.effects[effect].certainty is Certainty.UNCERTAIN
        death = Death(
            event=event, position=position, effect=effect, who=who, by=by, uncertain=uncertain
        )
        history.set(self.moment, death)
        # the dead are held by no one and belong to no group any more
        held = self.custody.get(who)
        if held is not None and held.last is not None:
            self._end_custody(who, died=True)
        left: set[str] = set()
        for group in self.joined.get(who, ()):
            membership = self.membership[who, group]
            if membership.last:
                membership.set(self.moment, False)
                self.members.get(group, set()).discard(who)
                left.add(group)
        # the groups, and the larger groups they are part of, this death leaves with no
        # living member: a gang shot down one by one
        emptied = (
            sorted(
                group
                for group, parts in self.parts.items()
                if not left.isdisjoint(parts) and self._gone(group)
            )
            if left
            else []
        )
        # those whom nobody living holds any more are free: the hostage whose taker is shot
        for keeper in (who, *emptied):
            for kept in sorted(self.kept.pop(keeper, ())):
                custody = self.custody[kept]
                terms = custody.last
                if terms is not None and keeper in terms.by and all(map(self._gone, terms.by)):
                    self._end_custody(kept, unkept=True)

    def _gone(self, keeper: str) -> bool:
        """Whether ``keeper`` holds nobody any more: dead, or a group whose members all died.

        A group the plot never names a member of may have unnamed ones, so it
        is gone only when it dies.
        """
        if self._dead(keeper):
            return True
        parts = self.parts.get(keeper, ())
        had = any(part in self.members for part in parts)
        return had and not self.living_members(keeper)

    def _end_custody(
        self, who: str, *, escaped: bool = False, died: bool = False, unkept: bool = False
    ) -> None:
        """``who``'s custody ends at the step being replayed, and why."""
        event, position, effect = self._here()
        self.custody[who].set(self.moment, None)
        spans = self.custody_spans[who]
        spans[-1] = CustodySpan(
            custody=spans[-1].custody,
            ended=Change(event=event, position=position, effect=effect),
            escaped=escaped,
            died=died,
            unkept=unkept,
        )

    def _dead(self, who: str) -> bool:
        """Whether ``who`` is dead now, as the pass has got."""
        history = self.life.get(who)
        return history is not None and history.last is not None

    def returns(self, who: str) -> None:
        """``who`` comes back to life."""
        history = self.life.get(who)
        if history is None:
            history = self.life[who] = History(None)
        history.set(self.moment, None)

    def born(self, who: str) -> None:
        """``who`` comes into the story here."""
        self._begins(who)

    def made(self, thing: str, *, by: tuple[str, ...]) -> None:
        """``thing`` comes into being here."""
        del by  # who makes it changes nothing in the world
        self._begins(thing)

    def _begins(self, who: str) -> None:
        if who not in self.beginnings:
            event, position, effect = self._here()
            self.beginnings[who] = Change(event=event, position=position, effect=effect)

    def recovers(self, who: str) -> None:
        """``who``'s injury heals."""
        history = self.injuries.get(who)
        if history is not None and history.last is not None:
            history.set(self.moment, None)

    def injured(self, who: str, *, by: tuple[str, ...]) -> None:
        """``who`` is hurt."""
        event, position, effect = self._here()
        history = self.injuries.get(who)
        if history is None:
            history = self.injuries[who] = History(None)
        history.set(
            self.moment, Injury(event=event, position=position, effect=effect, who=who, by=by)
        )

    def arrested(
        self, who: str, *, by: tuple[str, ...], at: str | None, allowed: tuple[str, ...]
    ) -> None:
        """``who`` (and a group's living members) are held at ``at``, else the event's place.

        One already inside a vehicle is held in it, at no known place: the
        prisoner put in the boat goes where the boat goes.
        """
        event, position, effect = self._here()
        assert self.event is not None
        # a custody place given but not found is unknown: not the event's place
        held_at = at if at is not None or "at" in self.dropped else self.event.place
        if held_at is not None and self.kinds.get(held_at) is not Kind.PLACE:
            held_at = None
        group = who if self.kinds.get(who) is _GROUP else None
        moment = self.moment
        for taken in self._reached(who):
            kept_at = held_at
            if at is None and kept_at is not None:
                now = self.places.get(taken)
                inside = now.last if now is not None else None
                if inside is not None and self.kinds.get(inside) is _THING:
                    kept_at = None  # held in the vehicle they are in, wherever it goes
            terms = Custody(
                event=event,
                position=position,
                effect=effect,
                who=taken,
                by=by,
                at=kept_at,
                allowed=allowed,
                through=group if taken != group else None,
            )
            history = self.custody.get(taken)
            if history is None:
                history = self.custody[taken] = History(None)
            spans = self.custody_spans.setdefault(taken, [])
            if history.last is not None and spans and spans[-1].ended is None:
                # a new arrest of someone held replaces the old terms
                spans[-1] = CustodySpan(
                    custody=spans[-1].custody,
                    ended=Change(event=event, position=position, effect=effect),
                )
            history.set(moment, terms)
            spans.append(CustodySpan(custody=terms))
            for keeper in by:
                self.kept.setdefault(keeper, set()).add(taken)
            if group is not None and taken != group:
                self.held_through.setdefault(group, set()).add(taken)
            if kept_at is not None:
                # the held are taken to the custody place, unless already inside it
                place = self.places.get(taken)
                if place is None:
                    place = self.places[taken] = History(None)
                here = place.last
                if here is None or not self.is_within(here, kept_at):
                    place.set(moment, kept_at)

    def freed(self, who: str, *, by: tuple[str, ...], escaped: bool) -> None:
        """``who`` leaves custody; for a group, so does everyone held through its arrest.

        Those held through the group stay held through it even if they leave
        the group meanwhile, and its release frees them too. Freeing a part
        of a held group (the women among the hostages) frees that part's
        living members held through the whole.
        """
        del by  # who frees them changes nothing in the world
        freeing = [who, *sorted(self.held_through.get(who, ()))]
        if self.kinds.get(who) is _GROUP:
            freeing.extend(self._reached(who))
        parts = self.parts
        for free in dict.fromkeys(freeing):
            history = self.custody.get(free)
            if history is None or history.last is None:
                continue
            through = history.last.through
            if who not in (free, through) and who not in parts.get(through or "", ()):
                continue  # held again since, on other terms
            self._end_custody(free, escaped=escaped)

    def becomes(self, thing: str, condition: Condition, *, by: tuple[str, ...]) -> None:
        """``thing`` is damaged, destroyed or made whole."""
        event, position, effect = self._here()
        history = self.conditions.get(thing)
        if history is None:
            history = self.conditions[thing] = History(None)
        change = ConditionChange(
            event=event, position=position, effect=effect, thing=thing, condition=condition, by=by
        )
        history.set(self.moment, change)

    def moves(self, who: str, to: str) -> None:
        """``who`` is at ``to`` (or in it); a thing moved on its own is put down there.

        A group takes its parts (the elders of the whole people) and living
        members along, but for those the event names apart from it
        (elsewhere, as a ghost) and those held on other terms.
        """
        self._locate(who, to)
        if self.kinds.get(who) is _GROUP:
            apart = self._apart()
            parts = self.parts.get(who, ())
            for one in self._company(who, apart, [part for part in parts if part != who]):
                self._locate(one, to)
            if self._dead(who):
                # a group dead whole is moved as its remains: those who died with it go too
                for one in self.remains.get(who, ()):
                    if self._dead(one):
                        self._locate(one, to)
        held = self.holders.get(who)
        if held is not None and held.last is not None:
            held.set(self.moment, None)

    def _locate(self, who: str, where: str | None) -> None:
        history = self.places.get(who)
        if history is None:
            if where is None:
                return
            history = self.places[who] = History(None)
        history.set(self.moment, where)

    def passes(self, thing: str, to: str) -> None:
        """``to`` holds ``thing``; taken out of whatever it was inside."""
        history = self.holders.get(thing)
        if history is None:
            history = self.holders[thing] = History(None)
        history.set(self.moment, to)
        self._found_here(thing)
        where = self.places.get(thing)
        if where is not None and self.kinds.get(where.last or "") is _THING:
            where.set(self.moment, None)

    def puts(self, thing: str, into: str | None) -> None:
        """``thing`` goes inside ``into``, out of anyone's hands; or out of its container."""
        if into is None:
            where = self.places.get(thing)
            container = where.last if where is not None else None
            if container is not None and self.kinds.get(container) is _THING:
                # out of the container, it lies where the container is
                self._locate(thing, self._whereabouts(container))
            return
        self._locate(thing, into)
        self._found_here(thing)
        held = self.holders.get(thing)
        if held is not None and held.last is not None:
            held.set(self.moment, None)

    def _whereabouts(self, who: str) -> str | None:
        """Where ``who`` is now, through holders and containers: a place, or ``None``."""
        history = _placing(who, self.holders, self.places, self.kinds, None)
        return history.last if history is not None else None

    def lost(self, thing: str) -> None:
        """``thing`` has no holder and no known place until found."""
        event, position, effect = self._here()
        history = self.losses.get(thing)
        if history is None:
            history = self.losses[thing] = History(None)
        history.set(self.moment, Change(event=event, position=position, effect=effect))
        held = self.holders.get(thing)
        if held is not None and held.last is not None:
            held.set(self.moment, None)
        self._locate(thing, None)

    def found(self, thing: str, *, by: str | None, at: str | None) -> None:
        """``thing`` is found: held by its finder, or lying where it is found."""
        self._found_here(thing)
        if by is not None:
            self.passes(thing, by)
            return
        assert self.event is not None
        where = at if at is not None or "at" in self.dropped else self.event.place
        if where is not None and self.kinds.get(where) in (Kind.PLACE, _THING):
            self._locate(thing, where)

    def _found_here(self, thing: str) -> None:
        """Whatever comes to hand or into a container is no longer lost."""
        history = self.losses.get(thing)
        if history is not None and history.last is not None:
            history.set(self.moment, None)

    def belongs(self, who: str, group: str, *, member: bool) -> None:
        """``who`` joins or leaves ``group``; leaving it, they leave its parts too.

        The lackey who stays behind leaves the party, and so the lackeys who
        are part of it: otherwise he would still ride with it.
        """
        if member:
            self._belongs(who, group, member=True)
            return
        for part in self.parts.get(group, (group,)):
            history = self.membership.get((who, part))
            if part == group or (history is not None and history.last):
                self._belongs(who, part, member=False)

    def _belongs(self, who: str, group: str, *, member: bool) -> None:
        history = self.membership.get((who, group))
        if history is None:
            history = self.membership[who, group] = History(False)
            self.joined.setdefault(who, []).append(group)
        history.set(self.moment, member)
        if member:
            self.members.setdefault(group, set()).add(who)
        else:
            self.members.get(group, set()).discard(who)

    def told(self, fact: str, to: tuple[str, ...], belief: Belief, *, by: str | None) -> None:
        """``fact`` reaches each of ``to``: the audience, characters, a group's living members.

        A teller who belongs to a group they tell does not hear it from themselves:
        the liar who tells the court still knows the truth.
        """
        knowledge, kinds, contradicts = self.knowledge, self.kinds, self.contradicts
        moment, position, effect = self.moment, self.position, self.effect
        assert effect is not None
        assert self.event is not None
        for one in to:
            if one == AUDIENCE:
                if not self.event.shown:
                    continue  # off screen: the audience learns nothing here
                self.audience_reveals.append((position, effect, fact, belief))
            hearers = self._hearing(one) if kinds.get(one) is _GROUP else (one,)
            for hearer in hearers:
                if hearer == by and hearer != one:
                    continue  # a member telling their own group
                known = knowledge.get(hearer)
                if known is None:
                    known = knowledge[hearer] = {}
                if _raise_belief(known, fact, moment, belief, contradicts):
                    self.learnings.append((hearer, fact, position, effect, belief))

    def forgets(self, fact: str, who: tuple[str, ...]) -> None:
        """Each of ``who`` (a group's living members in its place) stands unaware of ``fact``."""
        for knower in self._knowers(who):
            history = self.knowledge.get(knower, {}).get(fact)
            if history is not None and history.last is not _UNAWARE:
                history.set(self.moment, _UNAWARE)

    def is_within(self, place: str, outer: str) -> bool:
        """Whether ``place`` is ``outer`` or lies inside it, however deeply."""
        return _within(self.inside, place, outer)

    # -- the pass --------------------------------------------------------------

    def run(self) -> None:
        """Replay every event once, in order."""
        kinds = self.kinds
        places = self.places
        bodily = self.bodily
        referenced = self.referenced
        effects_by_kind = self.effects
        miss = self._miss
        plans: dict[type, tuple[_Field, ...]] = {}
        others, get_others = _EVENT_FIELDS, _GET_EVENT_FIELDS
        actor_kinds, movable_kinds = _AGENTS.kinds, _PARTICIPANT_WHO.kinds
        shared = _SHARED
        where_kinds = _PLACE.kinds
        new = tuple.__new__  # builds the named tuples without a Python-level call each
        established, ending = self.established, self.ending
        inside = self.inside  # each place inside another, with the one it is in
        groups = self.parts.keys()  # every group, each among its own parts
        moment = 0
        starts = self.starts
        for i, event in enumerate(self.events):
            starts.append(moment)
            # the event's own references, but for its place, agents and participants
            values = get_others(event)
            if any(values):
                for one, value in zip(others, values, strict=True):
                    if not value:
                        continue
                    for k, id_ in enumerate((value,) if type(value) is str else value):
                        if type(id_) is not str:
                            self._form_refers(id_, one, ("events", i, one.name, k))
                        elif kinds.get(id_) in one.kinds:
                            referenced.add(id_)
                        elif type(value) is str:
                            miss(id_, ("events", i, one.name), one)
                        else:
                            miss(id_, ("events", i, one.name, k), one)
                if event.motivated_by:
                    self._motives(i, event)
                if event.causes:
                    self.caused.append(i)
                if event.relationships:
                    self.drawing.append(i)
            if event.expect:
                for k, expected in enumerate(event.expect):
                    self._elements_refer(expected, ("events", i, "expect", k))
            place = event.place
            if place is not None:
                if kinds.get(place) in where_kinds:
                    referenced.add(place)
                else:
                    miss(place, ("events", i, "place"), _PLACE)
                    place = None
            # who is there: recorded as the event's position, read in full only when asked;
            # bodily here (present), bodily elsewhere (away), or there in no body (absent)
            present: list[str] = []
            away: list[str] = []
            absent: set[str] | tuple[()] = ()
            # those who take part from elsewhere, and where they are if the plot says
            elsewhere: list[tuple[str, str]] = []
            # agents (an id, or a record with its form) and participants, taken the same way
            for k, agent in enumerate(event.agents):
                if isinstance(agent, str):
                    who, form = agent, None
                else:
                    who, form = agent.who, agent
                    if form.at is not None:
                        self._elsewhere(form, ("events", i, "agents", k), elsewhere)
                if kinds.get(who) not in actor_kinds:
                    path = ("events", i, "agents", k)
                    miss(who, path if form is None else (*path, "who"), _AGENTS)
                elif form is None:
                    present.append(who)
                elif _appears(who, form, present, away):
                    # a ghost, a voice on a recording: acting, but not bodily there
                    referenced.add(who)
                    absent = absent or set()
                    absent.add(who)
            for k, participant in enumerate(event.participants):
                who = participant.who
                if participant.at is not None:
                    self._elsewhere(participant, ("events", i, "participants", k), elsewhere)
                if kinds.get(who) not in movable_kinds:
                    miss(who, ("events", i, "participants", k, "who"), _PARTICIPANT_WHO)
                elif _appears(who, participant, present, away):
                    referenced.add(who)
                    absent = absent or set()
                    absent.add(who)
            # each one bodily in the event, here or elsewhere, records its position once
            for who in (*present, *away) if away else present:
                found = bodily.get(who)
                if found is None:
                    bodily[who] = [i]
                elif found[-1] != i:
                    found.append(i)
            # each effect's references, once: what resolves, and who it puts bodily in the event
            effects = event.effects
            ready: list[tuple[int, Effect, frozenset[str] | None]] = []
            # whom the effects put bodily in the event who are not its agents, with where
            # and how: those the event does not list are there too
            agents = event.agents
            unlisted: list[tuple[str, DocPath, str]] = []
            for k, effect in enumerate(effects):
                cls = type(effect)
                plan = plans.get(cls)
                if plan is None:
                    plan = plans[cls] = _plan(cls)
                resolved: Effect | None = effect
                dropped: dict[str, object] | None = None
                for name, accepted, one, verb, paths in plan:
                    value = getattr(effect, name)
                    if not value:
                        continue
                    if type(value) is str:
                        if kinds.get(value) in accepted:
                            if verb is None or value in absent:
                                referenced.add(value)
                            else:
                                at = paths[k] if k < shared else ("effects", k, name)
                                found = bodily.get(value) or bodily.setdefault(value, [])
                                found.append(new(Bodily, (i, k, at, verb)))
                                if value not in agents:
                                    unlisted.append((value, at, verb))
                            continue
                        miss(value, ("events", i, "effects", k, name), one)
                        if one.required:
                            resolved = None
                        else:
                            dropped = dropped or {}
                            dropped[name] = None
                        continue
                    kept = []
                    for n, id_ in enumerate(value):
                        if not self._resolves(id_, one):
                            miss(id_, ("events", i, "effects", k, name, n), one)
                            continue
                        kept.append(id_)
                        if verb is None or id_ in absent:
                            referenced.add(id_)
                        else:
                            at = ("effects", k, name, n)
                            found = bodily.get(id_) or bodily.setdefault(id_, [])
                            found.append(new(Bodily, (i, k, at, verb)))
                            if id_ not in agents:
                                unlisted.append((id_, at, verb))
                    if len(kept) < len(value):
                        if one.required and not kept:
                            resolved = None
                        else:
                            dropped = dropped or {}
                            dropped[name] = tuple(kept)
                if resolved is None:
                    continue
                if dropped is not None:
                    resolved = attrs.evolve(resolved, **cast(dict[str, Any], dropped))
                ready.append((k, resolved, None if dropped is None else frozenset(dropped)))
            if unlisted:
                joining = self._joining(event, unlisted)
                if joining:
                    self.joining[i] = joining
                    present.extend(who for who, _, _ in joining)
            # a group there brings its members, and what they hold, unless the event says otherwise
            if place is not None and not groups.isdisjoint(present):
                along = self._along(event, present, absent)
                if along:
                    self.along[i] = along
                    present.extend(along)
            # whoever takes part from elsewhere is where the plot says, first: one named
            # there as well as here is elsewhere, and what they hold is with them
            moment += 1
            away_ids: set[str] | tuple[()] = ()
            if elsewhere:
                away_ids = set()
                for who, there in elsewhere:
                    if kinds.get(who) in movable_kinds:
                        history = places.get(who)
                        if history is None:
                            places[who] = history = History(None)
                        history.set(moment, there)
                        away_ids.add(who)
            # whoever is present is at the event's place from its start (in it, for a vehicle)
            if place is not None:
                for who in present:
                    history = places.get(who)
                    if history is None:
                        if who == place:
                            continue  # a car is not inside itself
                        places[who] = history = History(None)
                    else:
                        was = history.values[-1] if history.values else history.initial
                        if place in (was, who) or who in away_ids:
                            continue
                        if was in inside and self.is_within(was, place):
                            continue  # in the cellar, at a scene set in the inn: still there
                        if kinds.get(who) is _THING and kinds.get(place) is _THING:
                            stands = self._whereabouts(place)
                            lies = was is not None and kinds.get(was) is not _THING
                            if lies and stands is not None and self.is_within(stands, was or ""):
                                continue  # a thing by the vehicle stays out of it
                        if (
                            was is not None
                            and kinds.get(was) is _THING
                            and self._still_in(who, was, place)
                        ):
                            continue
                    # a new moment for this history: nothing was set at it yet
                    history.moments.append(moment)
                    history.values.append(place)
            if effects:
                self.position = i
                self.event = event
            for k, resolved, dropped_names in ready:
                self.effect = k
                self.moment = moment + k + 1
                if dropped_names is not None:
                    self.dropped = dropped_names
                    resolved.apply(self)
                    self.dropped = frozenset()
                else:
                    resolved.apply(self)
                cls = type(resolved)
                steps = effects_by_kind.get(cls)
                if steps is None:
                    steps = effects_by_kind[cls] = []
                steps.append(new(Step, (i, k, resolved)))
            moment += len(effects) + 1
            facts_made = established.get(i)
            if facts_made is not None:
                self.position = i
                self.moment = moment
                self._establish(event, facts_made)
            facts_ended = ending.get(i)
            if facts_ended is not None:
                self.moment = moment
                self._see_end(event, facts_ended)
        starts.append(moment)

    def _still_in(self, who: str, container: str, place: str) -> bool:
        """Whether ``who``, inside ``container``, stays in it while taking part at ``place``.

        A thing inside another stays in it. Someone inside a thing stays in it
        at a scene set where the thing is, or around it (the thief who whispers
        from his jar in the yard, the fighters in the horse on the shore); a
        scene elsewhere, in a room of the place where the thing stands (the
        driver in the study of the house the car is parked at), or where the
        plot never says the thing is, has them out of it.
        """
        if self.kinds.get(who) is _THING:
            return True
        there = self._whereabouts(container)
        return there is not None and self.is_within(there, place)

    def _joining(
        self, event: Event, named: list[tuple[str, DocPath, str]]
    ) -> list[tuple[str, DocPath, str]]:
        """Whom the effects put bodily in ``event`` without the event listing them.

        The giver of a hand-over, the speaker of a reveal, the taker of a
        thing: present at the event just as its agents are, each once, with
        the path and verb of the first field naming them. Things are left
        out: where a thing is, is what the thing rules check.
        """
        kinds = self.kinds
        listed = set(event.agent_ids)
        listed.update(one.who for one in event.participants)
        joining: dict[str, tuple[str, DocPath, str]] = {}
        for who, path, verb in named:
            kind = kinds.get(who)
            if kind is not _THING and kind is not None and who not in listed and who not in joining:
                joining[who] = (who, path, verb)
        return list(joining.values())

    def _along(
        self, event: Event, present: list[str], absent: set[str] | tuple[()]
    ) -> tuple[str, ...]:
        """The members a group present at ``event`` brings with it, at the event's start.

        Each group's living members, its parts' included, but for anyone the
        event names in a form of their own (elsewhere, as a ghost, or there
        in person already) and anyone held other than through that group's
        arrest, who stays where custody keeps them.
        """
        listed = set(present)
        listed.update(absent)
        listed.update(event.agent_ids)
        listed.update(one.who for one in event.participants)
        found: dict[str, None] = {}
        for group in present:
            if self.kinds.get(group) is _GROUP:
                found.update(dict.fromkeys(self._company(group, listed)))
        return tuple(found)

    def _company(
        self, group: str, apart: Collection[str], parts: Iterable[str] = ()
    ) -> Iterator[str]:
        """Who goes where ``group`` goes: the ``parts`` given, then its living members and theirs.

        All but those in ``apart`` and anyone held other than through that
        group's arrest, who stays where custody keeps them.
        """
        custody = self.custody
        for member in (*parts, *self.living_members(group)):
            held = custody.get(member)
            terms = held.last if held is not None else None
            if member not in apart and (terms is None or terms.through == group):
                yield member

    def _apart(self) -> set[str]:
        """Who the event being replayed names other than in person at its place.

        Those taking part from elsewhere (``at``, ``appears: remote``) or in a
        form that is not bodily (a ghost, a memory, remains).
        """
        event = self.event
        assert event is not None
        forms = (*event.agents, *event.participants)
        return {
            one.who
            for one in forms
            if not isinstance(one, str) and (one.appears is not _PRESENT or one.at is not None)
        }

    def _see_end(self, event: Event, facts_ended: list[str]) -> None:
        """Those who do what ends a fact see it end: once the event is over they believe it no more.

        Its agents, in whatever form they appear, stand as having heard it,
        but for those the fact is kept from (the man singing his name, unaware
        of the listener who ends his secret); anyone else who believed it
        believes it still, out of date.
        """
        agents = self._knowers(event.agent_ids)
        for fact_id in facts_ended:
            unaware = self._kept_from(self.facts[fact_id])
            for knower in agents:
                known = self.knowledge.get(knower)
                history = known.get(fact_id) if known is not None else None
                if history is not None and history.last > Belief.DOUBTS and knower not in unaware:
                    history.set(self.moment, _TOLD)

    def _kept_from(self, fact: Fact) -> set[str]:
        """Who ``fact`` is kept from now: its ``kept_from``, a group standing for its members."""
        return set(self._knowers(fact.kept_from)) if fact.kept_from else set()

    def _establish(self, event: Event, facts_made: list[str]) -> None:
        """Those who learn what an event makes true believe it once the event is over.

        By default its agents, in whatever form they appear; a fact may name
        its own learners (``learned_by``) and keep it from some agents
        (``kept_from``).
        """
        agents = self._knowers(event.agent_ids)
        # each fact in the order the plot lists them, whoever is listed first
        for fact_id in facts_made:
            fact = self.facts[fact_id]
            knowers = agents if fact.learned_by is None else self._knowers(fact.learned_by)
            kept = self._kept_from(fact)
            if kept:
                knowers = [who for who in knowers if who not in kept]
            for knower in knowers:
                known = self.knowledge.get(knower)
                if known is None:
                    known = self.knowledge[knower] = {}
                if _raise_belief(known, fact_id, self.moment, Belief.BELIEVES, self.contradicts):
                    self.learnings.append((knower, fact_id, self.position, None, Belief.BELIEVES))


def _event_field(name: str) -> ReferenceField:
    return next(one for one in reference_fields(Event) if one.name == name)


_AGENTS: Final = _event_field("agents")
_PLACE: Final = _event_field("place")
_PARTICIPANT_WHO: Final = reference_fields(Participant)[0]
_ELSEWHERE: Final = reference_fields(Participant)[1]
# The event's other reference fields, read in one call: the pass reads agents and place itself.
_EVENT_FIELDS: Final = tuple(
    one for one in reference_fields(Event) if one.name not in ("agents", "place")
)
_GET_EVENT_FIELDS: Final = attrgetter(*(one.name for one in _EVENT_FIELDS))
# The verbs messages use for an event's agents and its present participants, as declared.
_ACTING: Final = _AGENTS.refers.bodily or ""
_TAKING_PART: Final = _PARTICIPANT_WHO.refers.bodily or ""


class StoryState:
    """The state of a story at every moment, from one pass over its events.

    Build it with `story_state`, which caches it per plot. The methods that
    take a ``moment`` are the fast, low-level questions the rules ask; `at`,
    `changes` and the other methods taking event ids are the readable queries
    documented in ``docs/queries.md``.
    """

    def __init__(
        self,
        plot: Plot,
        index: PlotIndex | None = None,
        *,
        events: Sequence[Event] | None = None,
    ) -> None:
        """Replay ``plot`` once; prefer `story_state`, which caches the result.

        Args:
            plot: The plot whose world (characters, things, facts...) the events change.
            index: Its id index, when the caller has one already.
            events: The events to replay, in order; the plot's own by default.
        """
        self._index = index if index is not None else PlotIndex.of(plot)
        self._title = plot.title
        self.events: tuple[Event, ...] = tuple(plot.events if events is None else events)
        self._main = events is None  # the plot's own timeline, whose screen order it may give
        self._plot = weakref.ref(plot)
        ids = [event.id for event in self.events]
        # written last to first, so an id defined twice keeps its first position
        positions = dict(zip(reversed(ids), range(len(ids) - 1, -1, -1), strict=True))
        self.positions: Mapping[str, int] = MappingProxyType(positions)
        self._size = len(self.events)
        self._order: Order | None = None
        self._relationships = {r.id: r for r in reversed(plot.relationships)}
        #: Ids of the characters, things and groups, in document order.
        self.characters: tuple[str, ...] = tuple(dict.fromkeys(c.id for c in plot.characters))
        self.things: tuple[str, ...] = tuple(dict.fromkeys(t.id for t in plot.things))
        self.groups: tuple[str, ...] = tuple(dict.fromkeys(g.id for g in plot.groups))
        self._first_learned: dict[tuple[str, str], Learning] | None = None
        self._knowers_of: dict[str, list[str]] | None = None
        self._fact_numbers: dict[str, int] | None = None
        self._audience_on_screen: dict[str, History[Belief]] | None = None
        self._screen_starts: list[int] | None = None
        self._involving: dict[str, list[int]] | None = None
        self._learnings: tuple[Learning, ...] | None = None
        self._learning_moments: list[int] | None = None
        # every change by moment (moments, ids), the same for beliefs, and for each id what it
        # holds or has inside it, with the moments from and until which it does
        self._log: tuple[list[int], list[str]] | None = None
        self._belief_log: tuple[list[int], list[tuple[str, str]]] | None = None
        self._carried: dict[str, list[tuple[float, float, str]]] | None = None
        self._knower_ids: frozenset[str] | None = None
        #: The plot's narrators' accounts, in document order.
        self.accounts: tuple[Account, ...] = plot.accounts
        # what the accounts are told with, kept without the plot, which this state must not keep
        self._world = _world(plot) if plot.accounts else None
        # each account's plot and story state, by position, built when first asked for
        self._accounts: dict[int, tuple[Plot, StoryState]] = {}
        # the pass builds many small objects and no cycles: collector passes would only cost
        collecting = gc.isenabled()
        gc.disable()
        try:
            replay = _Replay(plot, self.events, positions, self._index)
            replay.run()
        finally:
            if collecting:
                gc.enable()
        #: Each fact by id, in document order (the first definition of an id).
        self.facts: Mapping[str, Fact] = MappingProxyType(replay.facts)
        self._starts = replay.starts
        self._inside = replay.inside
        self._parts = replay.parts
        self._life = replay.life
        self._deaths: dict[str, tuple[Death, ...]] = {}  # each one's deaths, read once asked
        self._injuries = replay.injuries
        self._custody = replay.custody
        self._custody_spans = {who: tuple(spans) for who, spans in replay.custody_spans.items()}
        self._places = replay.places
        self._holders = replay.holders
        self._conditions = replay.conditions
        #: Where each character born and each thing made in the story comes into it.
        self.beginnings: Mapping[str, Change] = MappingProxyType(replay.beginnings)
        self._losses = replay.losses
        self._membership = replay.membership
        self._knowledge = replay.knowledge
        self._raw_learnings = replay.learnings
        self._audience_reveals = tuple(replay.audience_reveals)
        self._contradicts = replay.contradicts
        self._holds_from: dict[str, int | None] = {}
        # the moment a true fact stops holding, for those an event ends
        self._holds_until: dict[str, int] = {}
        for fact in reversed(plot.facts):
            start: int | None = None
            if fact.holds:
                made = self._event_position(fact.established_by)
                if fact.backstory:
                    start = 0
                elif made is not None:
                    start = self._starts[made + 1]
                ended = self._event_position(fact.ended_by)
                if ended is not None:
                    self._holds_until[fact.id] = self._starts[ended + 1]
                else:
                    self._holds_until.pop(fact.id, None)  # the first definition of an id counts
            self._holds_from[fact.id] = start
        group_members: dict[str, list[str]] = {}
        for who, group in replay.membership:
            group_members.setdefault(group, []).append(who)
        self._candidates = group_members
        self._effects = replay.effects
        self._bodily = replay.bodily
        self._joining = replay.joining
        self._along = replay.along
        self._remains = replay.remains
        self._bodily_read: dict[str, list[Bodily]] = {}
        self._occupants: dict[str, frozenset[str]] | None = None
        #: Every reference that names nothing or an element of the wrong kind, in pass order.
        self.unresolved: tuple[Reference, ...] = tuple(replay.unresolved)
        #: Every id some reference resolves to (or names, even with the wrong kind).
        self.referenced: frozenset[str] = frozenset(replay.referenced)
        #: ``(position, index, fact, agents)`` for each ``motivated_by`` entry naming a fact;
        #: ``agents`` are the agents it names, empty when every agent acts on it.
        self.motivations: tuple[tuple[int, int, str, tuple[str, ...]], ...] = tuple(
            replay.motivations
        )
        #: Positions of the events with ``causes``.
        self.caused: tuple[int, ...] = tuple(replay.caused)
        #: Positions of the events that draw on ``relationships``.
        self.drawing: tuple[int, ...] = tuple(replay.drawing)

    def __repr__(self) -> str:
        return f"<StoryState of {self._title!r}: {self._size} events>"

    @property
    def index(self) -> PlotIndex:
        """The plot's id index."""
        return self._index

    @property
    def plot(self) -> Plot:
        """The plot this state was computed from (while someone still holds it)."""
        plot = self._plot()
        if plot is None:
            raise ReferenceError("the plot of this story state no longer exists")
        return plot

    @property
    def size(self) -> int:
        """How many events the story has."""
        return self._size

    @property
    def end(self) -> int:
        """The last moment: the end of the story, once every event is over."""
        return self._starts[-1] if self._starts else 0

    # -- moments and orders --------------------------------------------------

    def position(self, event: str) -> int:
        """The listed (story) position of the event with id ``event``."""
        try:
            return self.positions[event]
        except KeyError:
            raise KeyError(f"no event has the id {event!r}") from None

    def before(self, event: str, *, effect: int | None = None) -> int:
        """The moment just before ``event``, or just before its effect number ``effect``.

        Just before an effect, the people present are at the event's place and
        the effects written before it hold.
        """
        position = self.position(event)
        if effect is None:
            return self.start(position)
        count = len(self.events[position].effects)
        if not 0 <= effect < count:
            raise IndexError(f"event {event!r} has {count} effects, not an effect {effect}")
        return self.step(position, effect)

    def after(self, event: str) -> int:
        """The moment just after the event ``event``, once all its effects hold."""
        return self.start(self.position(event) + 1)

    def start(self, position: int) -> int:
        """The moment just before the event at listed ``position`` (``size``: the end)."""
        return self._starts[position]

    def _listed(self, position: int) -> Event:
        """The event at listed ``position``; a clear error for a moment or an index out of range."""
        if not 0 <= position < self._size:
            raise IndexError(
                f"no event at position {position}: the plot lists {self._size} events"
                " (a position counts events; moments, as before() and after() give, count steps)"
            )
        return self.events[position]

    def step(self, position: int, effect: int) -> int:
        """The moment just before effect ``effect`` of the event at listed ``position``."""
        return self._starts[position] + 1 + effect

    def change_at(self, moment: int) -> Change | None:
        """The event (and the effect, if one) whose step made a change recorded at ``moment``."""
        position = self.event_at(moment - 1) if moment > 0 else None
        if position is None:
            return None
        effect = moment - self._starts[position] - 2
        count = len(self.events[position].effects)
        return Change(
            event=self.events[position].id,
            position=position,
            effect=effect if 0 <= effect < count else None,
        )

    def event_at(self, moment: int) -> int | None:
        """The listed position of the event a moment falls in or before; ``None`` at the end."""
        i = bisect_right(self._starts, moment) - 1
        return i if 0 <= i < self._size else None

    @property
    def order(self) -> Order:
        """Story, screen and partial orders of the events, computed on first use."""
        if self._order is None:
            main = self._plot()
            screen = main.screen if main is not None and self._main else ()
            self._order = Order.of(self.events, self.positions, screen)
        return self._order

    # -- what the pass gathered for the rules --------------------------------

    def effects_of(self, kind: type[E]) -> list[Step[E]]:
        """Every effect of one class whose references resolve, in story order."""
        return cast(list[Step[E]], self._effects.get(kind, []))

    def bodily(self, id_: str, *, start: int = 0, stop: int | None = None) -> Sequence[Bodily]:
        """Every bodily appearance of a character, group or thing, in story order.

        Agents, present participants, and the effect fields that make someone
        act or something be handled (``moves.who``, ``takes.thing``,
        ``reveal.by``, ``arrested.by``...). Anyone who appears in the event only as
        remains, a memory or the like is left out. With ``start`` and
        ``stop``, only those in the events listed at positions from ``start``
        up to, not including, ``stop``: a rule that asks about a stretch of
        the story reads only that stretch.
        """
        whole = start <= 0 and stop is None
        found = self._bodily_read.get(id_)
        if found is None and whole:
            found = self._bodily_read[id_] = list(self._appearances(id_, self._bodily.get(id_, ())))
        if found is not None:
            return found if whole else found[_first_at(found, start) : _first_at(found, stop)]
        items = self._bodily.get(id_, [])
        return list(self._appearances(id_, items[_first_at(items, start) : _first_at(items, stop)]))

    def _appearances(self, id_: str, items: Iterable[int | Bodily]) -> Iterator[Bodily]:
        for item in items:
            if type(item) is int:
                for who, path, verb, _ in self._presence(item):
                    if who == id_:
                        yield Bodily(item, None, path, verb)
            else:
                assert isinstance(item, Bodily)
                yield item

    def named(self) -> frozenset[str]:
        """Every id some part of the plot names: bodily, by reference, or with the wrong kind."""
        return self.referenced | self._bodily.keys()

    def present(self, position: int) -> tuple[str, ...]:
        """Who and what is bodily present at an event's place.

        Its agents and participants there, and whoever an effect's bodily
        field names without the event listing them (the giver of a
        hand-over, the speaker of a reveal). Those who take part from
        elsewhere (on the phone, ``at`` another place) are not.
        """
        return tuple(
            who
            for who, _, _, form in self._presence(position)
            if form is None or (form.appears is _PRESENT and form.at is None)
        )

    def along(self, position: int) -> tuple[str, ...]:
        """The members a group present at an event brings with it, and whatever they hold.

        A group there in person is there with its living members (its parts'
        included) at the event's start: each is at the event's place from its
        start, and a thing one of them holds is brought along. Not counted:
        anyone the event names in a form of their own (away at another
        place, as a ghost, or there already) and anyone held other than
        through that group's arrest. Being there through a group is not
        acting there: the life, custody and two-places rules count only
        those the event puts there itself.
        """
        return self._along.get(position, ())

    def presence(self, position: int) -> Iterator[tuple[str, DocPath]]:
        """Each one bodily in an event, here or from elsewhere, with its path.

        Its agents and participants, then whoever an effect's bodily field
        names without the event listing them. Only ids that name an element
        of a kind the field accepts count.
        """
        for who, path, _, _ in self._presence(position):
            yield who, path

    def _presence(self, position: int) -> Iterator[tuple[str, DocPath, str, Participant | None]]:
        """Each one bodily in an event, its path, the verb for it, and its form if given as one."""
        kinds = self._index.kinds
        event = self._listed(position)
        for k, agent in enumerate(event.agents):
            if isinstance(agent, str):
                if kinds.get(agent) in _AGENTS.kinds:
                    yield agent, _AGENT_PATHS[k] if k < _SHARED else ("agents", k), _ACTING, None
            elif agent.appears.bodily and kinds.get(agent.who) in _AGENTS.kinds:
                yield agent.who, ("agents", k, "who"), _ACTING, agent
        for k, participant in enumerate(event.participants):
            who = participant.who
            if participant.appears.bodily and kinds.get(who) in _PARTICIPANT_WHO.kinds:
                path = _PARTICIPANT_PATHS[k] if k < _SHARED else ("participants", k, "who")
                yield who, path, _TAKING_PART, participant
        # and whoever an effect puts there without the event listing them
        for who, where, verb in self._joining.get(position, ()):
            yield who, where, verb, None

    # -- life ----------------------------------------------------------------

    def death(self, who: str, moment: int) -> Death | None:
        """The death in force at ``moment``: ``None`` while ``who`` is alive."""
        history = self._life.get(who)
        return history.at(moment) if history is not None else None

    def is_alive(self, who: str, moment: int) -> bool:
        """Whether ``who`` is alive at ``moment`` (everyone is, until they die)."""
        return self.death(who, moment) is None

    def deaths(self, who: str) -> tuple[Death, ...]:
        """Every death of ``who``, in story order (more than one only with returns)."""
        found = self._deaths.get(who)
        if found is None:
            history = self._life.get(who)
            changes = history.changes() if history is not None else ()
            found = self._deaths[who] = tuple(value for _, value in changes if value is not None)
        return found

    def injury(self, who: str, moment: int) -> Injury | None:
        """The latest injury of ``who`` at ``moment``, if they have been hurt."""
        history = self._injuries.get(who)
        return history.at(moment) if history is not None else None

    def lives(self, who: str) -> tuple[Period, ...]:
        """The stretches of story during which ``who`` is alive, bounded by deaths and returns.

        The first starts at their birth when the story has them born (``born``).
        """
        history = self._life.get(who)
        periods: list[Period] = []
        born = self.beginnings.get(who)
        start: str | None = born.event if born is not None else None
        alive = True
        for moment, value in history.changes() if history is not None else ():
            if value is not None and alive:
                periods.append(Period(start=start, end=value.event))
                alive = False
            elif value is None and not alive:
                position = self.event_at(moment)
                start = self.events[position].id if position is not None else None
                alive = True
        if alive:
            periods.append(Period(start=start, end=None))
        return tuple(periods)

    # -- custody -------------------------------------------------------------

    def custody(self, who: str, moment: int) -> Custody | None:
        """The custody ``who`` is in at ``moment``, or ``None`` when free."""
        history = self._custody.get(who)
        return history.at(moment) if history is not None else None

    def custody_spans(self, who: str) -> tuple[CustodySpan, ...]:
        """Every stretch of custody of ``who``, in story order."""
        return self._custody_spans.get(who, ())

    # -- places --------------------------------------------------------------

    def place(self, who: str, moment: int) -> str | None:
        """Where a character, group or thing is at ``moment``, if the plot says.

        A thing someone holds is wherever its holder is; whoever or whatever is
        in a thing (a car, a box) is wherever that thing is.
        """
        history = self._located(who, moment)
        return history.at(moment) if history is not None else None

    def _located(self, who: str, moment: int) -> History[str | None] | None:
        """The history placing ``who`` at ``moment``: its own, its carrier's, its container's."""
        return _placing(who, self._holders, self._places, self._index.kinds, moment)

    def container(self, who: str, moment: int) -> str | None:
        """The thing ``who`` is in at ``moment`` (a box, a car), if any."""
        history = self._places.get(who)
        where = history.at(moment) if history is not None else None
        return where if where is not None and self._index.kinds.get(where) is _THING else None

    def occupants(self, thing: str) -> frozenset[str]:
        """Whoever and whatever the story has directly inside ``thing`` at some moment.

        Found once for every thing, from every history of places, so that a
        rule asking who rides in a vehicle need not ask everyone each time.
        """
        if self._occupants is None:
            kinds = self._index.kinds
            found: dict[str, set[str]] = {}
            for who, history in self._places.items():
                for where in (history.initial, *history.values):
                    if where is not None and kinds.get(where) is _THING:
                        found.setdefault(where, set()).add(who)
            self._occupants = {where: frozenset(inside) for where, inside in found.items()}
        return self._occupants.get(thing, frozenset())

    def keeper(self, thing: str, moment: int) -> str | None:
        """Who has ``thing`` at ``moment``: its holder, or whoever has what it is inside."""
        seen: set[str] = set()
        while thing not in seen:
            seen.add(thing)
            holder = self.holder(thing, moment)
            if holder is not None:
                return holder
            container = self.container(thing, moment)
            if container is None:
                return None
            thing = container
        return None

    def has(self, who: str, thing: str, moment: int) -> bool:
        """Whether ``who`` has ``thing`` at ``moment``: keeps it, carries it or shares it.

        A group has what one of its members keeps, and a member what the
        group keeps: the couple pays with the money the husband carries, and
        the wife comes home with the necklace the couple bought. A group that
        died whole has what those who died with it held (the bag taken from
        the gang's bodies). Whoever has a thing has what is inside it; a thing
        lost is had by nobody.
        """
        holder = self.keeper(thing, moment)
        return holder is not None and (
            holder == who
            or self.carrier(thing, moment) == who
            or who in self.members(holder, moment)
            or holder in self.members(who, moment)
            or (holder in self._remains.get(who, ()) and not self.is_alive(who, moment))
        )

    def keeper_since(self, thing: str, moment: int) -> Change | None:
        """Where the keeper at ``moment`` got ``thing`` or its container; ``None``: always had."""
        seen: set[str] = set()
        while thing not in seen:
            seen.add(thing)
            container = self.container(thing, moment)
            if self.holder(thing, moment) is not None or container is None:
                return self.holder_since(thing, moment)
            thing = container
        return None

    def loss(self, thing: str, moment: int) -> Change | None:
        """Where ``thing`` was lost, while it is lost at ``moment``; ``None`` when it is not."""
        history = self._losses.get(thing)
        return history.at(moment) if history is not None else None

    def beginning(self, who: str) -> Change | None:
        """Where a character is born or a thing made, if the story says; ``None``: always there."""
        return self.beginnings.get(who)

    def carrier(self, who: str, moment: int) -> str:
        """Who carries a thing at ``moment``: its holder, or what it is inside, and so on up.

        A bumper bolted into a car that Lino drives is carried by Lino. The
        thing itself when it is loose.
        """
        seen = {who}
        # climb through holders and containers, up to the first who is not a thing:
        # someone riding in a car still carries what they hold
        while self._index.kinds.get(who) is _THING:
            holders = self._holders.get(who)
            holder = holders.at(moment) if holders is not None else None
            up = holder if holder is not None else self.container(who, moment)
            # a broken plot may make the chain loop
            if up is None or up in seen:
                return who
            seen.add(up)
            who = up
        return who

    def place_since(self, who: str, moment: int) -> Change | None:
        """Where the place ``who`` is at at ``moment`` was last set; ``None``: from the start."""
        history = self._located(who, moment)
        changed = history.changed_at(moment) if history is not None else None
        return self.change_at(changed) if changed is not None else None

    def event_place(self, position: int, *, effect: int | None = None) -> str | None:
        """Where the event at listed ``position`` happens, if the plot says and the place exists.

        An event in a vehicle happens wherever the vehicle is: at the event's
        start, or with ``effect``, as that effect is carried out (a boat that
        sails in the scene is at the port for what is done there after).
        """
        place = self._listed(position).place
        moment = self.start(position) if effect is None else self.step(position, effect)
        return self._resolve(place, moment)

    def _resolve(self, where: str | None, moment: int) -> str | None:
        """The place ``where`` names at ``moment``: itself, or where the thing it names is."""
        if where is None:
            return None
        kind = self._index.kinds.get(where)
        if kind is Kind.PLACE:
            return where
        return self.place(where, moment) if kind is _THING else None

    def where(self, who: str, position: int) -> str | None:
        """Where ``who`` is bodily during the event at ``position``; ``None``: not there or unknown.

        The event's place for one present at it; the ``at`` of one who takes
        part from elsewhere. Every rule that asks where someone is in an event
        asks this.
        """
        for one, _, _, form in self._presence(position):
            if one != who:
                continue
            if form is None or (form.at is None and form.appears is _PRESENT):
                return self.event_place(position)
            return self._resolve(form.at, self.start(position))
        return None

    def is_within(self, place: str, outer: str) -> bool:
        """Whether ``place`` is ``outer`` or lies inside it, however deeply."""
        return _within(self._inside, place, outer)

    # -- things --------------------------------------------------------------

    def holder(self, thing: str, moment: int) -> str | None:
        """Who holds ``thing`` at ``moment``, if anyone."""
        history = self._holders.get(thing)
        return history.at(moment) if history is not None else None

    def holder_since(self, thing: str, moment: int) -> Change | None:
        """Where the holder at ``moment`` got ``thing``; ``None`` when held from the start."""
        history = self._holders.get(thing)
        changed = history.changed_at(moment) if history is not None else None
        return self.change_at(changed) if changed is not None else None

    def condition_change(self, thing: str, moment: int) -> ConditionChange | None:
        """The damage, destruction or repair in force at ``moment`` (``None``: never touched)."""
        history = self._conditions.get(thing)
        return history.at(moment) if history is not None else None

    def condition_changes(self, thing: str) -> tuple[ConditionChange, ...]:
        """Every damage, destruction and repair of ``thing``, in story order."""
        history = self._conditions.get(thing)
        return tuple(v for _, v in history.changes() if v is not None) if history else ()

    def condition(self, thing: str, moment: int) -> Condition:
        """Whether ``thing`` is intact, damaged or destroyed at ``moment``."""
        change = self.condition_change(thing, moment)
        return change.condition if change is not None else Condition.INTACT

    # -- groups --------------------------------------------------------------

    def is_member(self, who: str, group: str, moment: int) -> bool:
        """Whether ``who`` belongs to ``group`` at ``moment``, itself or through one of its parts.

        The same membership as `members`: the garage crew's mechanic is one of the brigade.
        """
        return any(self._belongs(who, part, moment) for part in self._parts.get(group, (group,)))

    def _belongs(self, who: str, group: str, moment: int) -> bool:
        """Whether ``who`` is a member of ``group`` itself at ``moment``, not through a part."""
        history = self._membership.get((who, group))
        return history.at(moment) if history is not None else False

    def member_since(self, who: str, group: str, moment: int) -> Change | None:
        """The latest join or leave of ``group`` (or a part of it) by ``who`` up to ``moment``.

        ``None`` when their standing is as the plot declares it from the start.
        """
        changed = [
            at
            for part in self._parts.get(group, (group,))
            if (history := self._membership.get((who, part))) is not None
            if (at := history.changed_at(moment)) is not None
        ]
        return self.change_at(max(changed)) if changed else None

    def ever_members(self, group: str) -> frozenset[str]:
        """Every character who belongs to ``group`` (or to a part of it) at some moment."""
        return frozenset(
            who
            for part in self._parts.get(group, (group,))
            for who in self._candidates.get(part, ())
        )

    def members(self, group: str, moment: int) -> frozenset[str]:
        """The characters who belong to ``group`` at ``moment``, members of its parts included.

        A group that is ``part_of`` a larger one lends it its members: the
        garage crew's mechanic is one of the brigade.
        """
        return frozenset(
            who
            for part in self._parts.get(group, (group,))
            for who in self._candidates.get(part, ())
            if self._belongs(who, part, moment)
        )

    # -- facts and knowledge -------------------------------------------------

    def holds_from(self, fact: str) -> int | None:
        """The moment from which ``fact`` holds; ``None`` if it never does (or is never made so).

        A backstory fact holds from moment 0; an established one from just
        after its establishing event; a false fact never.
        """
        return self._holds_from.get(fact)

    def holds_until(self, fact: str) -> int | None:
        """When ``fact`` stops holding: just after its ``ended_by``; ``None`` if it never does."""
        return self._holds_until.get(fact)

    def holds(self, fact: str, moment: int) -> bool:
        """Whether ``fact`` is true in the story world at ``moment``."""
        start = self._holds_from.get(fact)
        return start is not None and start <= moment and not self._ended(fact, moment)

    def _event_position(self, id_: str | None) -> int | None:
        """The listed position of the event ``id_`` names, if it names one."""
        if id_ is None or self._index.kinds.get(id_) is not Kind.EVENT:
            return None
        return self.positions.get(id_)

    def belief(self, knower: str, fact: str, moment: int) -> Belief:
        """Where ``knower`` (a character or ``audience``) stands on ``fact`` at ``moment``.

        The audience counts in story order here; `dramatic_irony` uses screen order.
        """
        history = self._knowledge.get(knower, {}).get(fact)
        return history.at(moment) if history is not None else Belief.UNAWARE

    def believes(self, knower: str, fact: str, moment: int) -> bool:
        """Whether ``knower`` takes ``fact`` as true at ``moment``."""
        return self.belief(knower, fact, moment) is Belief.BELIEVES

    def knows(self, knower: str, fact: str, moment: int) -> bool:
        """Whether ``knower`` believes ``fact`` at ``moment`` and it is true."""
        return self._is_true(fact, moment) and self.believes(knower, fact, moment)

    def belief_since(self, knower: str, fact: str, moment: int) -> Change | None:
        """How ``knower`` came to stand on ``fact`` as at ``moment``; ``None``: from the start."""
        history = self._knowledge.get(knower, {}).get(fact)
        changed = history.changed_at(moment) if history is not None else None
        return self.change_at(changed) if changed is not None and changed > 0 else None

    def first_belief(
        self, knower: str, fact: str, *, at_least: Belief = Belief.BELIEVES
    ) -> int | None:
        """The first moment ``knower`` believes ``fact`` (0: from the start), or ``None``.

        With ``at_least``, the first moment they stand on it at that level or higher.
        """
        history = self._knowledge.get(knower, {}).get(fact)
        if history is None:
            return None
        if history.initial >= at_least:
            return 0
        for moment, value in history.changes():
            if value >= at_least:
                return moment
        return None

    def learning_moment(self, learning: Learning) -> int:
        """The moment from which a learning holds: after its reveal, or after its event."""
        if learning.effect is None:
            return self.start(learning.position + 1)
        return self.step(learning.position, learning.effect) + 1

    def learnings_between(self, start: int, end: int) -> tuple[Learning, ...]:
        """The learnings that hold from a moment after ``start`` and up to ``end``, in order."""
        learnings = self.learnings()
        if self._learning_moments is None:
            self._learning_moments = [self.learning_moment(one) for one in learnings]
        moments = self._learning_moments
        return learnings[bisect_right(moments, start) : bisect_right(moments, end)]

    def learnings(self) -> tuple[Learning, ...]:
        """Every moment a knower came to hear or believe a fact during the story, in order."""
        if self._learnings is None:
            events = self.events
            self._learnings = tuple(
                Learning(
                    event=events[position].id,
                    position=position,
                    effect=effect,
                    knower=knower,
                    fact=fact,
                    belief=belief,
                )
                for knower, fact, position, effect, belief in self._raw_learnings
            )
        return self._learnings

    def knowers(self) -> frozenset[str]:
        """Everyone who hears or believes anything at some point, the audience included."""
        if self._knower_ids is None:
            self._knower_ids = frozenset(self._knowledge)
        return self._knower_ids

    def ever_heard(self, knower: str) -> tuple[str, ...]:
        """Every fact ``knower`` hears of or believes at some moment, in the order they first do."""
        return tuple(self._knowledge.get(knower, ()))

    def facts_of(self, knower: str, moment: int, belief: Belief) -> frozenset[str]:
        """The facts on which ``knower`` stands exactly at ``belief`` at ``moment``."""
        return frozenset(
            fact
            for fact, history in self._knowledge.get(knower, {}).items()
            if history.at(moment) is belief
        )

    def has_heard(self, knower: str, fact: str, moment: int) -> bool:
        """Whether ``knower`` has been told ``fact`` by ``moment``, believing it or not."""
        return self.belief(knower, fact, moment) >= Belief.TOLD

    def wrongly_believes(self, knower: str, fact: str, moment: int) -> bool:
        """Whether ``knower`` takes ``fact`` as true at ``moment`` although it is false."""
        return self._is_false(fact, moment) and self.believes(knower, fact, moment)

    def heard(self, knower: str, moment: int) -> frozenset[str]:
        """The facts ``knower`` has been told by ``moment``, at whatever level of belief."""
        return frozenset(
            fact
            for fact, history in self._knowledge.get(knower, {}).items()
            if history.at(moment) >= Belief.TOLD
        )

    def beliefs(self, knower: str, moment: int) -> frozenset[str]:
        """The facts ``knower`` takes as true at ``moment``, true or false."""
        return self.facts_of(knower, moment, Belief.BELIEVES)

    def knowledge(self, knower: str, moment: int) -> frozenset[str]:
        """The facts ``knower`` believes at ``moment`` that are true: what they know."""
        return frozenset(f for f in self.beliefs(knower, moment) if self._is_true(f, moment))

    def false_beliefs(self, knower: str, moment: int) -> frozenset[str]:
        """The false facts ``knower`` takes as true at ``moment``: how they are deceived."""
        return frozenset(f for f in self.beliefs(knower, moment) if self._is_false(f, moment))

    def _is_true(self, fact: str, moment: int) -> bool:
        """True, and not ended by ``moment``: foreknowledge of a fact made true later counts."""
        found = self.facts.get(fact)
        return found is not None and found.holds is True and not self._ended(fact, moment)

    def _is_false(self, fact: str, moment: int) -> bool:
        """False in the story world, or true once but ended by ``moment``."""
        found = self.facts.get(fact)
        return found is not None and (
            found.holds is False or (found.holds is True and self._ended(fact, moment))
        )

    def _ended(self, fact: str, moment: int) -> bool:
        """Whether ``fact`` has stopped holding by ``moment`` (after its ``ended_by``)."""
        until = self._holds_until.get(fact)
        return until is not None and until <= moment

    def learned(self, knower: str, fact: str) -> Learning | None:
        """The event where ``knower`` first comes to believe ``fact``; ``None`` if none does.

        Someone who knows a fact from the start has no such event.
        """
        if self._first_learned is None:
            first: dict[tuple[str, str], Learning] = {}
            for learning in self.learnings():
                if learning.belief is Belief.BELIEVES:
                    first.setdefault((learning.knower, learning.fact), learning)
            self._first_learned = first
        return self._first_learned.get((knower, fact))

    def fact_number(self, fact: str) -> int:
        """The place of ``fact`` among the plot's facts (0 first), to list facts in plot order.

        Raises:
            KeyError: If no fact has the id ``fact``.
        """
        if self._fact_numbers is None:
            self._fact_numbers = {fact_id: n for n, fact_id in enumerate(self.facts)}
        return self._fact_numbers[fact]

    def heard_by(self, fact: str) -> tuple[str, ...]:
        """Everyone (the audience included) who hears of or believes ``fact`` at some moment."""
        if self._knowers_of is None:
            knowers_of: dict[str, list[str]] = {}
            for knower, facts in self._knowledge.items():
                for known in facts:
                    knowers_of.setdefault(known, []).append(knower)
            self._knowers_of = knowers_of
        return tuple(self._knowers_of.get(fact, ()))

    def believers(self, fact: str, moment: int) -> frozenset[str]:
        """Everyone (the audience included) who takes ``fact`` as true at ``moment``."""
        return frozenset(
            knower for knower in self.heard_by(fact) if self.believes(knower, fact, moment)
        )

    def knowers_of(self, fact: str, moment: int) -> frozenset[str]:
        """Everyone who knows ``fact`` at ``moment``: believes it, and it is true."""
        return self.believers(fact, moment) if self._is_true(fact, moment) else frozenset()

    # -- the audience, in screen order ---------------------------------------

    def _screen(self) -> list[int]:
        """The moment before each screen slot, counting the steps of the events in screen order."""
        if self._screen_starts is None:
            starts = [0]
            for position in self.order.screen_order():
                starts.append(starts[-1] + len(self.events[position].effects) + 2)
            self._screen_starts = starts
        return self._screen_starts

    def screen_moment(self, event: str, *, after: bool = False) -> int:
        """The moment on screen just before (or after) the film shows ``event``.

        Raises:
            ValueError: If the film does not show the event.
        """
        slot = self.order.screen_position(self.position(event))
        if slot is None:
            raise ValueError(f"the film does not show the event {event!r}")
        return self._screen()[slot + after]

    def screen_start(self, slot: int) -> int:
        """The screen moment just before the film shows its ``slot``-th event (0 first)."""
        return self._screen()[slot]

    @property
    def screen_end(self) -> int:
        """The last screen moment: the end of the film, once every shown event is over."""
        return self._screen()[-1]

    def audience_belief(self, fact: str, screen_moment: int) -> Belief:
        """Where the audience stands on ``fact`` at a moment counted in screen order.

        The viewer learns in the order the film shows events, so a flashback's
        reveal counts where it is shown, not where it happens.
        """
        if self._audience_on_screen is None:
            self._audience_on_screen = self._audience_replay()
        history = self._audience_on_screen.get(fact)
        return history.at(screen_moment) if history is not None else Belief.UNAWARE

    def _audience_replay(self) -> dict[str, History[Belief]]:
        """Replay the reveals to the audience in screen order."""
        facts: dict[str, History[Belief]] = {}
        for fact, history in self._knowledge.get(AUDIENCE, {}).items():
            if history.at(0) is not Belief.UNAWARE:
                facts[fact] = History(history.at(0))
        order = self.order
        starts = self._screen()
        on_screen = []
        for position, effect, fact, belief in self._audience_reveals:
            slot = order.screen_position(position)
            if slot is not None:  # the audience learns nothing from what it is not shown
                on_screen.append((slot, effect, fact, belief))
        for slot, effect, fact, belief in sorted(on_screen, key=lambda r: (r[0], r[1])):
            moment = starts[slot] + 2 + effect
            _raise_belief(facts, fact, moment, belief, self._contradicts)
        return facts

    # -- timelines -----------------------------------------------------------

    def story_order(self) -> tuple[str, ...]:
        """The event ids in story order: the order the plot lists them."""
        return tuple(event.id for event in self.events)

    def screen_order(self) -> tuple[str, ...]:
        """The event ids in the order the film shows them."""
        return tuple(self.events[i].id for i in self.order.screen_order())

    def involving(self, id_: str) -> tuple[str, ...]:
        """The events, in story order, that involve a character, group, thing, place or fact.

        An event involves whoever acts, takes part (in any form), is mentioned
        or is named by one of its effects; a place, every event held in it or
        in a place inside it; a fact, the events that establish, reveal or act on it.
        """
        if self._involving is None:
            self._involving = self._index_involvement()
        positions = set(self._involving.get(id_, ()))
        for place, events in self._involving.items():
            if place != id_ and self._inside.get(place) is not None and self.is_within(place, id_):
                positions.update(events)
        return tuple(self.events[i].id for i in sorted(positions))

    def _index_involvement(self) -> dict[str, list[int]]:
        """Which events name each id, built once on first use."""
        found: dict[str, list[int]] = {}
        established: dict[str, list[str]] = {}
        for fact in self.facts.values():
            if fact.established_by is not None:
                established.setdefault(fact.established_by, []).append(fact.id)
        for i, event in enumerate(self.events):
            ids: set[str] = {*event.agent_ids, *event.mentions, *event.motive_facts}
            ids.update(p.who for p in event.participants)
            ids.update(p.at for p in event.participants if p.at is not None)
            ids.update(established.get(event.id, ()))
            if event.place is not None:
                ids.add(event.place)
            for effect in event.effects:
                for one in reference_fields(type(effect)):
                    value = getattr(effect, one.name)
                    if isinstance(value, str):
                        ids.add(value)
                    elif value:
                        ids.update(value)
            for id_ in ids:
                found.setdefault(id_, []).append(i)
        return found

    def causes(self, event: str) -> tuple[str, ...]:
        """Every event that leads to ``event`` through its causes, transitively, in story order."""
        seen: set[int] = set()
        stack = [self.position(event)]
        while stack:
            for cause in self.events[stack.pop()].causes:
                j = self.positions.get(cause)
                if j is not None and j not in seen:
                    seen.add(j)
                    stack.append(j)
        seen.discard(self.position(event))
        return tuple(self.events[i].id for i in sorted(seen))

    # -- what changes between two moments ----------------------------------

    def changing(self, start: int, end: int) -> frozenset[str]:
        """Every id whose state may differ between moments ``start`` and ``end`` (``start <= end``).

        The characters, groups and things whose life, injuries, custody,
        place, holder, condition or membership changes after ``start`` and up
        to ``end``; a group whose part gains or loses a member; the knowers
        whose beliefs change; the facts that come to hold; and whatever is
        carried by or inside one of them, however deeply, as it goes where
        they go. Read from a log of every change by moment, so the answer
        costs what changed, not the size of the plot.
        """
        moments, ids = self._change_log()
        found = set(ids[bisect_right(moments, start) : bisect_right(moments, end)])
        carried = self._carried_by()
        waiting = list(found)
        while waiting:
            for since, until, other in carried.get(waiting.pop(), ()):
                if since <= end and until > start and other not in found:
                    found.add(other)
                    waiting.append(other)
        return frozenset(found)

    def _change_log(self) -> tuple[list[int], list[str]]:
        """Every change of the story's records as (moment, id), in moment order, built once."""
        if self._log is None:
            entries: list[tuple[int, str]] = []
            records: tuple[Mapping[str, History[Any]], ...] = (
                self._life,
                self._injuries,
                self._custody,
                self._places,
                self._holders,
                self._conditions,
            )
            for histories in records:
                for id_, history in histories.items():
                    entries.extend((moment, id_) for moment in history.moments)
            # a group's members include its parts' members: a change in a part changes the whole
            wholes: dict[str, list[str]] = {}
            for group, parts in self._parts.items():
                for part in parts:
                    wholes.setdefault(part, []).append(group)
            for (who, group), belongs in self._membership.items():
                for moment in belongs.moments:
                    entries.append((moment, who))
                    entries.extend((moment, whole) for whole in wholes.get(group, (group,)))
            believed, pairs = self._beliefs_log()
            entries.extend(zip(believed, (knower for knower, _ in pairs), strict=True))
            entries.extend(
                (moment, fact) for fact, moment in self._holds_from.items() if moment is not None
            )
            entries.extend((moment, fact) for fact, moment in self._holds_until.items())
            entries.sort()
            self._log = [moment for moment, _ in entries], [id_ for _, id_ in entries]
        return self._log

    def changed_beliefs(self, start: int, end: int) -> frozenset[tuple[str, str]]:
        """Every (knower, fact) whose belief changes after moment ``start`` and up to ``end``."""
        moments, pairs = self._beliefs_log()
        return frozenset(pairs[bisect_right(moments, start) : bisect_right(moments, end)])

    def _beliefs_log(self) -> tuple[list[int], list[tuple[str, str]]]:
        """Every change of belief as (moment, (knower, fact)), in moment order, built once."""
        if self._belief_log is None:
            entries = sorted(
                (moment, (knower, fact))
                for knower, beliefs in self._knowledge.items()
                for fact, history in beliefs.items()
                for moment in history.moments
            )
            self._belief_log = [moment for moment, _ in entries], [pair for _, pair in entries]
        return self._belief_log

    def _carried_by(self) -> dict[str, list[tuple[float, float, str]]]:
        """For each id, what it holds or has inside it, and from when until when, built once."""
        if self._carried is None:
            kinds = self._index.kinds
            carried: dict[str, list[tuple[float, float, str]]] = {}
            for id_, held in self._holders.items():
                for since, until, holder in _stretches(held):
                    if holder is not None:
                        carried.setdefault(holder, []).append((since, until, id_))
            for id_, located in self._places.items():
                for since, until, where in _stretches(located):
                    if where is not None and kinds.get(where) is _THING:
                        carried.setdefault(where, []).append((since, until, id_))
            self._carried = carried
        return self._carried

    # -- readable queries ----------------------------------------------------

    def at(self, event: str, *, after: bool = False) -> Snapshot:
        """How the story stands just before ``event`` (or just after it, with ``after``)."""
        from plotmodel.queries import snapshot  # noqa: PLC0415 - queries builds on this module

        return snapshot(self, self.after(event) if after else self.before(event), event=event)

    def changes(self, since: str, until: str) -> Changes:
        """What changed from just after ``since`` to just after ``until``."""
        from plotmodel.queries import changes  # noqa: PLC0415 - queries builds on this module

        return changes(self, self.after(since), self.after(until))

    def dramatic_irony(
        self, *, character: str | None = None, fact: str | None = None
    ) -> Iterator[Irony]:
        """The moments the audience and a character on screen know different things, one by one."""
        from plotmodel.queries import dramatic_irony  # noqa: PLC0415 - queries builds on this module

        return dramatic_irony(self, character=character, fact=fact)

    # -- narrators' accounts -------------------------------------------------

    def account(self, account: str) -> StoryState:
        """The story state of the account with id ``account``: its events as a timeline apart.

        An account's events happen in a story of their own, in the plot's
        world: what it claims holds from its start (unless one of its events
        establishes it), what it denies never holds, and nothing in it changes
        the main story. ``story.account("bandit").at("duel")`` is how the
        story stands just before the bandit's duel, as he tells it.

        Raises:
            KeyError: If no account has that id.
        """
        entry = self._index.entries.get(account)
        if entry is None or entry.kind is not Kind.ACCOUNT:
            raise KeyError(f"no account has the id {account!r}")
        return self.account_at(entry.position)

    def account_at(self, position: int) -> StoryState:
        """The story state of the account at ``position`` in the plot's accounts, built once.

        Every account has one, even one whose id another element took first.
        """
        found = self._accounts.get(position)
        if found is None:
            if self._world is None:
                raise IndexError(f"the plot has no accounts, so none at {position}")
            told = as_told(self._world, self.accounts[position])
            # the account's plot lives as long as this state: its own state is cached with it
            found = self._accounts[position] = (told, story_state(told))
        return found[1]

    def disagreements(self, fact: str) -> Disagreements:
        """Which narrators' accounts claim, deny or say nothing of ``fact``, and its truth.

        ``story.disagreements("duel-was-fair").disputed`` is true when one
        account claims what another denies, or one says otherwise than the
        main story.
        """
        from plotmodel.queries import disagreements  # noqa: PLC0415 - queries builds on this module

        return disagreements(self, fact)

    # -- relationships and events --------------------------------------------

    def relationship_span(self, relationship: str) -> tuple[int | None, int | None]:
        """Listed positions of the events that start and end a relationship (``None``: unbounded).

        An id that names no event counts as unbounded; the reference rules report it.
        """
        tie = self._relationships.get(relationship)
        if tie is None:
            return (None, None)
        since = self.positions.get(tie.since) if tie.since is not None else None
        until = self.positions.get(tie.until) if tie.until is not None else None
        return (since, until)

    def relationship_active(self, relationship: str, position: int) -> bool:
        """Whether a relationship holds during the event at ``position`` (ends inclusive)."""
        since, until = self.relationship_span(relationship)
        return (since is None or since <= position) and (until is None or position <= until)


def _world(plot: Plot) -> Plot:
    """The plot without its events: the world its accounts are told in."""
    return Plot(
        title=plot.title,
        format=plot.format,
        characters=plot.characters,
        things=plot.things,
        places=plot.places,
        groups=plot.groups,
        relationships=plot.relationships,
        facts=plot.facts,
        check=plot.check,
    )


_STATES: PerPlot[StoryState] = PerPlot()


def story_state(plot: Plot, index: PlotIndex | None = None) -> StoryState:
    """The story state of ``plot``, computed once per plot object and cached while it lives.

    Args:
        plot: The plot to replay.
        index: Its id index, when the caller already has one.
    """
    return _STATES.get(plot, lambda: StoryState(plot, index))
