"""The story state: one pass over the events that answers "how do things stand at event i?".

`story_state` replays a plot's events once, in story (listed) order, and keeps
for every character, group, thing, fact and knower a sorted log of its changes.
Any question about a moment is then a bisect into one log, never a replay, so
the rules and the queries share one linear-time computation per plot.

Moments count the gaps between events: moment ``i`` is just before event
``i`` (listed position), moment ``i + 1`` just after it, ``0`` the start of
the story and ``len(plot.events)`` its end. `StoryState.before` and
`StoryState.after` turn event ids into moments.

How the replay reads a plot, where the model leaves a choice:

- Presence is bodily presence: an agent, or a participant that ``appears:
  present``. Mentions and other appearances (memory, vision, ghost,
  recording, photograph, letter, remains) are neither presence nor agency.
- Whoever is present at an event with a place is there from then on; `Moves`
  sets a place; an arrest takes the held to the custody place unless they
  are already inside it. A thing someone holds is wherever its holder is; a
  thing moved on its own is put down there and no longer held.
- A group's members include the members of the groups that are ``part_of``
  it. Arresting, releasing or revealing to a group reaches its living members
  at that moment; the agents of a group believe what their event establishes.
- Contradiction goes both ways: believing either of two contradicting facts
  drops belief in the other, which stays heard (`Belief.TOLD`).
- The audience learns only through reveals to ``audience`` (or ``known_by``).
  It counts in story order like anyone else, except in
  `StoryState.audience_belief` and dramatic irony, which follow screen order.
"""

from __future__ import annotations

import enum
import gc
import weakref
from bisect import bisect_right
from collections.abc import Iterable, Iterator, Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING, Final, Generic, TypeVar

from attrs import frozen

from plotmodel._order import Constraint, Order
from plotmodel._per_plot import PerPlot
from plotmodel.diagnostics import DocPath
from plotmodel.index import PlotIndex
from plotmodel.model import (
    AUDIENCE,
    Appearance,
    Arrested,
    Damaged,
    Destroyed,
    Dies,
    Effect,
    Escapes,
    Event,
    Fact,
    HandsOver,
    Injured,
    Joins,
    Leaves,
    Moves,
    Plot,
    Released,
    Repaired,
    Returns,
    Reveal,
    Takes,
)

if TYPE_CHECKING:
    from plotmodel.queries import Changes, Irony, Snapshot

__all__ = [
    "Belief",
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
    "StoryState",
    "story_state",
]

T = TypeVar("T")

_PRESENT: Final = Appearance.PRESENT


class History(Generic[T]):
    """The values one thing takes over the story: a sorted log of (moment, value).

    Reading a moment is a bisect. Two changes at the same moment (two effects
    of one event) keep the last.
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


class Belief(enum.IntEnum):
    """Where a knower stands on a fact; higher is stronger."""

    UNAWARE = 0
    """Never told, or never came across it."""
    TOLD = 1
    """Has heard it but does not believe it (``believed: false``), or stopped believing it."""
    BELIEVES = 2
    """Takes it as true."""


_UNAWARE: Final = Belief.UNAWARE
_BELIEVES: Final = Belief.BELIEVES


class Condition(enum.Enum):
    """The state a thing is in."""

    INTACT = "intact"
    DAMAGED = "damaged"
    DESTROYED = "destroyed"


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
    """

    who: str
    by: str | None = None


@frozen(kw_only=True)
class Injury(Change):
    """A character's injury, and the effect that causes it.

    Attributes:
        who: The character hurt.
        by: Who hurt them, if the plot says.
    """

    who: str
    by: str | None = None


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
    by: str | None = None
    at: str | None = None
    allowed: tuple[str, ...] = ()
    through: str | None = None


@frozen(kw_only=True)
class CustodySpan:
    """A stretch of custody from an arrest to the release or escape that ends it.

    Attributes:
        custody: The arrest and its terms.
        ended: The release or escape that ends it; ``None`` if it lasts to the end.
        escaped: Whether it ended by an escape rather than a release.
    """

    custody: Custody
    ended: Change | None = None
    escaped: bool = False


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
    by: str | None = None


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


def _raise_belief(
    facts: dict[str, History[Belief]],
    fact: str,
    moment: int,
    belief: Belief,
    contradicts: Mapping[str, Iterable[str]],
) -> bool:
    """Raise one knower's stand on ``fact`` to ``belief``; believing drops what it contradicts.

    Returns:
        Whether the knower's stand changed; hearing again what one believes does not.
    """
    history = facts.get(fact)
    if history is None:
        # a first hearing, the common case: no earlier stand to compare with
        history = facts[fact] = History(_UNAWARE)
        history.moments.append(moment)
        history.values.append(belief)
    elif history.last >= belief:
        return False
    else:
        history.set(moment, belief)
    if belief is _BELIEVES and fact in contradicts:
        for other in contradicts.get(fact, ()):
            dropped = facts.get(other)
            if dropped is not None and dropped.last is Belief.BELIEVES:
                dropped.set(moment, Belief.TOLD)
    return True


class StoryState:
    """The state of a story at every moment, from one pass over its events.

    Build it with `story_state`, which caches it per plot. The methods that
    take a ``moment`` are the fast, low-level questions the rules ask; `at`,
    `changes` and the other methods taking event ids are the readable queries
    documented in ``docs/queries.md``.
    """

    def __init__(self, plot: Plot, index: PlotIndex | None = None) -> None:
        """Replay ``plot`` once; prefer `story_state`, which caches the result."""
        self._index = index
        self._title = plot.title
        self.events: tuple[Event, ...] = plot.events
        facts: dict[str, Fact] = {}
        for fact in plot.facts:
            facts.setdefault(fact.id, fact)
        #: Each fact by id, in document order (the first definition of an id).
        self.facts: Mapping[str, Fact] = MappingProxyType(facts)
        self._plot = weakref.ref(plot)
        ids = [event.id for event in plot.events]
        # written last to first, so an id defined twice keeps its first position
        positions = dict(zip(reversed(ids), range(len(ids) - 1, -1, -1), strict=True))
        self.positions: Mapping[str, int] = MappingProxyType(positions)
        self._size = len(plot.events)
        self._order: Order | None = None
        self._inside: dict[str, str] = {
            p.id: p.inside for p in reversed(plot.places) if p.inside is not None
        }
        self._relationships = {r.id: r for r in reversed(plot.relationships)}
        self._start_places: dict[str, str] = {}
        for character in plot.characters:
            if character.at is not None:
                self._start_places.setdefault(character.id, character.at)
        for thing in plot.things:
            if thing.at is not None:
                self._start_places.setdefault(thing.id, thing.at)
        #: Ids of the characters, things and groups, in document order.
        self.characters: tuple[str, ...] = tuple(dict.fromkeys(c.id for c in plot.characters))
        self.things: tuple[str, ...] = tuple(dict.fromkeys(t.id for t in plot.things))
        self.groups: tuple[str, ...] = tuple(dict.fromkeys(g.id for g in plot.groups))
        self._first_learned: dict[tuple[str, str], Learning] | None = None
        self._knowers_of: dict[str, list[str]] | None = None
        self._audience_on_screen: dict[str, History[Belief]] | None = None
        self._involving: dict[str, list[int]] | None = None
        # the pass builds many small objects and no cycles: collector passes would only cost
        collecting = gc.isenabled()
        gc.disable()
        try:
            self._replay(plot)
        finally:
            if collecting:
                gc.enable()

    def __repr__(self) -> str:
        return f"<StoryState of {self._title!r}: {self._size} events>"

    @property
    def index(self) -> PlotIndex:
        """The plot's id index: the one given, or one built on first use."""
        if self._index is None:
            self._index = PlotIndex.of(self.plot)
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
        """How many events the story has; also its last moment."""
        return self._size

    # -- the pass ------------------------------------------------------------

    def _replay(self, plot: Plot) -> None:
        """Replay every event once, recording each change in its history."""
        positions = self.positions
        # an id is a group when its first definition is; the index lists these kinds first
        group_ids = {g.id for g in plot.groups} - {
            *(c.id for c in plot.characters),
            *(t.id for t in plot.things),
            *(p.id for p in plot.places),
        }
        life: dict[str, History[Death | None]] = {}
        injuries: dict[str, History[Injury | None]] = {}
        custody: dict[str, History[Custody | None]] = {}
        custody_spans: dict[str, list[CustodySpan]] = {}
        holders: dict[str, History[str | None]] = {}
        conditions: dict[str, History[ConditionChange | None]] = {}
        membership: dict[tuple[str, str], History[bool]] = {}
        members: dict[str, set[str]] = {}
        knowledge: dict[str, dict[str, History[Belief]]] = {}
        learnings: list[tuple[str, str, int, int | None, Belief]] = []
        arrests: list[tuple[int, int, str | None, tuple[str, ...]]] = []
        audience_reveals: list[tuple[int, int, Reveal]] = []

        for character in plot.characters:
            for group in character.groups:
                membership.setdefault((character.id, group), History(True))
                members.setdefault(group, set()).add(character.id)
        for thing in plot.things:
            if thing.held_by is not None:
                holders.setdefault(thing.id, History(thing.held_by))

        parts: dict[str, list[str]] = {}
        part_of = {g.id: g.part_of for g in reversed(plot.groups)}
        for group_id in part_of:
            seen: set[str] = set()
            current: str | None = group_id
            while current is not None and current not in seen:
                seen.add(current)
                parts.setdefault(current, []).append(group_id)
                current = part_of.get(current)

        contradicts: dict[str, set[str]] = {}
        established: dict[str, list[str]] = {}
        for fact in plot.facts:
            for other in fact.contradicts:
                contradicts.setdefault(fact.id, set()).add(other)
                contradicts.setdefault(other, set()).add(fact.id)
            if fact.established_by is not None:
                established.setdefault(fact.established_by, []).append(fact.id)

        def living_members(group: str) -> list[str]:
            """The group's living members now, its parts' members included, sorted."""
            found: set[str] = set()
            for part in parts.get(group, (group,)):
                found.update(members.get(part, ()))
            return sorted(
                who for who in found if (dead := life.get(who)) is None or dead.last is None
            )

        facts_known: dict[str, History[Belief]] | None
        established_at = {
            positions[event]: facts for event, facts in established.items() if event in positions
        }
        for fact in plot.facts:
            for knower in fact.known_by:
                facts_known = knowledge.setdefault(knower, {})
                _raise_belief(facts_known, fact.id, 0, Belief.BELIEVES, contradicts)

        for i, event in enumerate(plot.events):
            moment = i + 1
            for k, effect in enumerate(event.effects):
                kind = type(effect)
                if kind is Reveal:
                    assert isinstance(effect, Reveal)
                    belief = Belief.BELIEVES if effect.believed else Belief.TOLD
                    for to in effect.to:
                        if to == AUDIENCE:
                            audience_reveals.append((i, k, effect))
                        hearers: Iterable[str] = living_members(to) if to in group_ids else (to,)
                        for hearer in hearers:
                            facts_known = knowledge.get(hearer)
                            if facts_known is None:
                                facts_known = knowledge[hearer] = {}
                            if _raise_belief(facts_known, effect.fact, moment, belief, contradicts):
                                learnings.append((hearer, effect.fact, i, k, belief))
                elif kind is Moves:
                    assert isinstance(effect, Moves)
                    held = holders.get(effect.who)
                    if held is not None and held.last is not None:
                        held.set(moment, None)  # a thing moved on its own is put down there
                elif kind is Dies:
                    assert isinstance(effect, Dies)
                    history_life = life.get(effect.who)
                    if history_life is None:
                        history_life = life[effect.who] = History(None)
                    history_life.set(
                        moment,
                        Death(event=event.id, position=i, effect=k, who=effect.who, by=effect.by),
                    )
                elif kind is Returns:
                    assert isinstance(effect, Returns)
                    history_life = life.get(effect.who)
                    if history_life is None:
                        history_life = life[effect.who] = History(None)
                    history_life.set(moment, None)
                elif kind is Injured:
                    assert isinstance(effect, Injured)
                    hurt = injuries.get(effect.who)
                    if hurt is None:
                        hurt = injuries[effect.who] = History(None)
                    hurt.set(
                        moment,
                        Injury(event=event.id, position=i, effect=k, who=effect.who, by=effect.by),
                    )
                elif kind is Arrested:
                    assert isinstance(effect, Arrested)
                    held_at = effect.at if effect.at is not None else event.place
                    arrested_group = effect.who if effect.who in group_ids else None
                    taken = [effect.who]
                    if arrested_group is not None:
                        taken.extend(living_members(arrested_group))
                    for who in taken:
                        terms = Custody(
                            event=event.id,
                            position=i,
                            effect=k,
                            who=who,
                            by=effect.by,
                            at=held_at,
                            allowed=effect.allowed,
                            through=arrested_group if who != arrested_group else None,
                        )
                        history_custody = custody.get(who)
                        if history_custody is None:
                            history_custody = custody[who] = History(None)
                        spans = custody_spans.setdefault(who, [])
                        if history_custody.last is not None and spans and spans[-1].ended is None:
                            # a new arrest of someone held replaces the old terms
                            spans[-1] = CustodySpan(
                                custody=spans[-1].custody,
                                ended=Change(event=event.id, position=i, effect=k),
                            )
                        history_custody.set(moment, terms)
                        spans.append(CustodySpan(custody=terms))
                    arrests.append((i, k, held_at, tuple(taken)))
                elif kind is Released or kind is Escapes:
                    assert isinstance(effect, Released | Escapes)
                    freed = [effect.who]
                    if effect.who in group_ids:
                        freed.extend(living_members(effect.who))
                    for who in freed:
                        history_custody = custody.get(who)
                        if history_custody is None or history_custody.last is None:
                            continue
                        history_custody.set(moment, None)
                        spans = custody_spans[who]
                        spans[-1] = CustodySpan(
                            custody=spans[-1].custody,
                            ended=Change(event=event.id, position=i, effect=k),
                            escaped=kind is Escapes,
                        )
                elif kind is Takes:
                    assert isinstance(effect, Takes)
                    holder = holders.get(effect.thing)
                    if holder is None:
                        holder = holders[effect.thing] = History(None)
                    holder.set(moment, effect.who)
                elif kind is HandsOver:
                    assert isinstance(effect, HandsOver)
                    holder = holders.get(effect.thing)
                    if holder is None:
                        holder = holders[effect.thing] = History(None)
                    holder.set(moment, effect.to)
                elif kind is Destroyed or kind is Damaged or kind is Repaired:
                    assert isinstance(effect, Destroyed | Damaged | Repaired)
                    condition = (
                        Condition.DESTROYED
                        if kind is Destroyed
                        else Condition.DAMAGED
                        if kind is Damaged
                        else Condition.INTACT
                    )
                    history_condition = conditions.get(effect.thing)
                    if history_condition is None:
                        history_condition = conditions[effect.thing] = History(None)
                    history_condition.set(
                        moment,
                        ConditionChange(
                            event=event.id,
                            position=i,
                            effect=k,
                            thing=effect.thing,
                            condition=condition,
                            by=effect.by,
                        ),
                    )
                elif kind is Joins:
                    assert isinstance(effect, Joins)
                    joined = membership.get((effect.who, effect.group))
                    if joined is None:
                        joined = membership[effect.who, effect.group] = History(False)
                    joined.set(moment, True)
                    members.setdefault(effect.group, set()).add(effect.who)
                elif kind is Leaves:
                    assert isinstance(effect, Leaves)
                    joined = membership.get((effect.who, effect.group))
                    if joined is None:
                        joined = membership[effect.who, effect.group] = History(False)
                    joined.set(moment, False)
                    members.get(effect.group, set()).discard(effect.who)
            facts_made = established_at.get(i)
            if facts_made is not None:
                for agent in event.agents:
                    knowers = living_members(agent) if agent in group_ids else (agent,)
                    for knower in knowers:
                        for fact_id in facts_made:
                            facts_known = knowledge.get(knower)
                            if facts_known is None:
                                facts_known = knowledge[knower] = {}
                            if _raise_belief(
                                facts_known, fact_id, moment, Belief.BELIEVES, contradicts
                            ):
                                learnings.append((knower, fact_id, i, None, Belief.BELIEVES))

        self._life = life
        self._injuries = injuries
        self._custody = custody
        self._custody_spans = {who: tuple(spans) for who, spans in custody_spans.items()}
        self._places: dict[str, History[str | None]] | None = None
        self._arrests = arrests
        self._holders = holders
        self._conditions = conditions
        self._membership = membership
        self._knowledge = knowledge
        self._raw_learnings = learnings
        self._learnings: tuple[Learning, ...] | None = None
        self._audience_reveals = tuple(audience_reveals)
        self._contradicts = contradicts
        self._holds_from: dict[str, int | None] = {}
        for fact in reversed(plot.facts):
            start: int | None = None
            if fact.holds:
                if fact.backstory:
                    start = 0
                elif fact.established_by is not None and fact.established_by in positions:
                    start = positions[fact.established_by] + 1
            self._holds_from[fact.id] = start
        group_members: dict[str, list[str]] = {}
        for who, group in membership:
            group_members.setdefault(group, []).append(who)
        self._candidates = group_members
        self._parts = parts

    # -- moments and orders --------------------------------------------------

    def position(self, event: str) -> int:
        """The listed (story) position of the event with id ``event``."""
        try:
            return self.positions[event]
        except KeyError:
            raise KeyError(f"no event has the id {event!r}") from None

    def before(self, event: str) -> int:
        """The moment just before the event ``event``."""
        return self.position(event)

    def after(self, event: str) -> int:
        """The moment just after the event ``event``, once its effects hold."""
        return self.position(event) + 1

    @property
    def order(self) -> Order:
        """Story, screen and partial orders of the events, computed on first use."""
        if self._order is None:
            self._order = Order.of(self.events, self.positions)
        return self._order

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
        history = self._life.get(who)
        if history is None:
            return ()
        return tuple(value for _, value in history.changes() if value is not None)

    def injury(self, who: str, moment: int) -> Injury | None:
        """The latest injury of ``who`` at ``moment``, if they have been hurt."""
        history = self._injuries.get(who)
        return history.at(moment) if history is not None else None

    def lives(self, who: str) -> tuple[Period, ...]:
        """The stretches of story during which ``who`` is alive, bounded by deaths and returns."""
        history = self._life.get(who)
        periods: list[Period] = []
        start: str | None = None
        alive = True
        for moment, value in history.changes() if history is not None else ():
            if value is not None and alive:
                periods.append(Period(start=start, end=value.event))
                alive = False
            elif value is None and not alive:
                start = self.events[moment - 1].id
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

        A thing someone holds is wherever its holder is.
        """
        holders = self._holders.get(who)
        if holders is not None:
            holder = holders.at(moment)
            if holder is not None and holder != who:
                seen = {who}
                # follow the chain of holders; a broken plot may make it loop
                while holder is not None and holder not in seen:
                    seen.add(holder)
                    who = holder
                    holders = self._holders.get(who)
                    holder = holders.at(moment) if holders is not None else None
        if self._places is None:
            self._places = self._replay_places()
        history = self._places.get(who)
        return history.at(moment) if history is not None else None

    def _replay_places(self) -> dict[str, History[str | None]]:
        """Replay where everyone and everything goes, built once when first asked."""
        places: dict[str, History[str | None]] = {
            who: History(place) for who, place in self._start_places.items()
        }
        arrests = {(i, k): (held_at, taken) for i, k, held_at, taken in self._arrests}
        within = self.is_within
        for i, event in enumerate(self.events):
            moment = i + 1
            place = event.place
            if place is not None:
                present = (
                    *event.agents,
                    *(p.who for p in event.participants if p.appears is _PRESENT),
                )
                for who in present:
                    history = places.get(who)
                    if history is None:
                        places[who] = history = History(None)
                    if history.last != place:
                        history.set(moment, place)
            for k, effect in enumerate(event.effects):
                if isinstance(effect, Moves):
                    history = places.get(effect.who)
                    if history is None:
                        places[effect.who] = history = History(None)
                    history.set(moment, effect.to)
                elif isinstance(effect, Arrested):
                    held_at, taken = arrests[i, k]
                    if held_at is None:
                        continue
                    for who in taken:
                        history = places.get(who)
                        if history is None:
                            places[who] = history = History(None)
                        here = history.last
                        # the held are taken to the custody place, unless already inside it
                        if here is None or not within(here, held_at):
                            history.set(moment, held_at)
        return places

    def is_within(self, place: str, outer: str) -> bool:
        """Whether ``place`` is ``outer`` or lies inside it, however deeply."""
        seen: set[str] = set()
        current: str | None = place
        while current is not None and current not in seen:
            if current == outer:
                return True
            seen.add(current)
            current = self._inside.get(current)
        return False

    # -- things --------------------------------------------------------------

    def holder(self, thing: str, moment: int) -> str | None:
        """Who holds ``thing`` at ``moment``, if anyone."""
        history = self._holders.get(thing)
        return history.at(moment) if history is not None else None

    def condition_change(self, thing: str, moment: int) -> ConditionChange | None:
        """The damage, destruction or repair in force at ``moment`` (``None``: never touched)."""
        history = self._conditions.get(thing)
        return history.at(moment) if history is not None else None

    def condition(self, thing: str, moment: int) -> Condition:
        """Whether ``thing`` is intact, damaged or destroyed at ``moment``."""
        change = self.condition_change(thing, moment)
        return change.condition if change is not None else Condition.INTACT

    # -- groups --------------------------------------------------------------

    def is_member(self, who: str, group: str, moment: int) -> bool:
        """Whether ``who`` belongs to ``group`` at ``moment``."""
        history = self._membership.get((who, group))
        return history.at(moment) if history is not None else False

    def members(self, group: str, moment: int) -> frozenset[str]:
        """The characters who belong to ``group`` at ``moment``, members of its parts included.

        A group that is ``part_of`` a larger one lends it its members: the
        garage crew's mechanic is one of the brigade.
        """
        return frozenset(
            who
            for part in self._parts.get(group, (group,))
            for who in self._candidates.get(part, ())
            if self.is_member(who, part, moment)
        )

    # -- facts and knowledge -------------------------------------------------

    def holds_from(self, fact: str) -> int | None:
        """The moment from which ``fact`` holds; ``None`` if it never does (or is never made so).

        A backstory fact holds from moment 0; an established one from just
        after its establishing event; a false fact never.
        """
        return self._holds_from.get(fact)

    def holds(self, fact: str, moment: int) -> bool:
        """Whether ``fact`` is true in the story world at ``moment``."""
        start = self._holds_from.get(fact)
        return start is not None and start <= moment

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
        fact_ = self.facts.get(fact)
        return fact_ is not None and fact_.holds and self.believes(knower, fact, moment)

    def first_belief(self, knower: str, fact: str) -> int | None:
        """The first moment ``knower`` believes ``fact`` (0: from the start), or ``None``."""
        history = self._knowledge.get(knower, {}).get(fact)
        if history is None:
            return None
        for moment, value in history.changes():
            if value is Belief.BELIEVES:
                return moment
        return None

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
        return frozenset(self._knowledge)

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
        fact_ = self.facts.get(fact)
        return fact_ is not None and not fact_.holds and self.believes(knower, fact, moment)

    def heard(self, knower: str, moment: int) -> frozenset[str]:
        """The facts ``knower`` has been told by ``moment``, believing them or not."""
        return self.facts_of(knower, moment, Belief.TOLD) | self.beliefs(knower, moment)

    def beliefs(self, knower: str, moment: int) -> frozenset[str]:
        """The facts ``knower`` takes as true at ``moment``, true or false."""
        return self.facts_of(knower, moment, Belief.BELIEVES)

    def knowledge(self, knower: str, moment: int) -> frozenset[str]:
        """The facts ``knower`` believes at ``moment`` that are true: what they know."""
        return frozenset(f for f in self.beliefs(knower, moment) if self._is_true(f))

    def false_beliefs(self, knower: str, moment: int) -> frozenset[str]:
        """The false facts ``knower`` takes as true at ``moment``: how they are deceived."""
        return frozenset(f for f in self.beliefs(knower, moment) if not self._is_true(f))

    def _is_true(self, fact: str) -> bool:
        found = self.facts.get(fact)
        return found is not None and found.holds

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

    def believers(self, fact: str, moment: int) -> frozenset[str]:
        """Everyone (the audience included) who takes ``fact`` as true at ``moment``."""
        if self._knowers_of is None:
            knowers_of: dict[str, list[str]] = {}
            for knower, facts in self._knowledge.items():
                for known in facts:
                    knowers_of.setdefault(known, []).append(knower)
            self._knowers_of = knowers_of
        return frozenset(
            knower
            for knower in self._knowers_of.get(fact, ())
            if self.believes(knower, fact, moment)
        )

    def knowers_of(self, fact: str, moment: int) -> frozenset[str]:
        """Everyone who knows ``fact`` at ``moment``: believes it, and it is true."""
        return self.believers(fact, moment) if self._is_true(fact) else frozenset()

    # -- the audience, in screen order ---------------------------------------

    def screen_moment(self, event: str, *, after: bool = False) -> int:
        """The moment on screen just before (or after) the film shows ``event``."""
        return self.order.screen_position(self.position(event)) + after

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
        shown = sorted(self._audience_reveals, key=lambda r: (order.screen_position(r[0]), r[1]))
        for position, _, reveal in shown:
            belief = Belief.BELIEVES if reveal.believed else Belief.TOLD
            moment = order.screen_position(position) + 1
            _raise_belief(facts, reveal.fact, moment, belief, self._contradicts)
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
            ids: set[str] = {*event.agents, *event.mentions, *event.motivated_by}
            ids.update(p.who for p in event.participants)
            ids.update(established.get(event.id, ()))
            if event.place is not None:
                ids.add(event.place)
            for effect in event.effects:
                ids.update(_named_by(effect))
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
    ) -> tuple[Irony, ...]:
        """The moments the audience and a character on screen know different things."""
        from plotmodel.queries import dramatic_irony  # noqa: PLC0415 - queries builds on this module

        return dramatic_irony(self, character=character, fact=fact)

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

    def present(self, position: int) -> tuple[str, ...]:
        """Who and what is bodily present at an event: agents and present participants."""
        event = self.events[position]
        return (
            *event.agents,
            *(p.who for p in event.participants if p.appears is _PRESENT),
        )


def _named_by(effect: Effect) -> Iterator[str]:
    """The ids an effect names: who, which thing or group, where, whom, by whom, which fact."""
    for name in ("who", "thing", "group", "to", "at", "from_", "by", "fact"):
        value = getattr(effect, name, None)
        if isinstance(value, str):
            yield value
        elif isinstance(value, tuple):
            yield from value
    if isinstance(effect, Arrested):
        yield from effect.allowed


_STATES: PerPlot[StoryState] = PerPlot()


def story_state(plot: Plot, index: PlotIndex | None = None) -> StoryState:
    """The story state of ``plot``, computed once per plot object and cached while it lives.

    Args:
        plot: The plot to replay.
        index: Its id index, when the caller already has one.
    """
    return _STATES.get(plot, lambda: StoryState(plot, index))
