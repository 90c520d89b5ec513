"""Readable answers about a story: snapshots, differences, dramatic irony, disagreements.

Each answer is read from the histories of one `StoryState`, so asking costs
a bisect per character, thing or fact, never a replay. A snapshot reads them
only as it is asked: one character's place is one bisect, however large the
plot. Reach them through the state: ``story_state(plot).at("barn-fight")``,
``.changes(...)``, ``.dramatic_irony()`` and ``.disagreements(fact)``.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable, Iterator, Mapping, Set
from types import MappingProxyType
from typing import TYPE_CHECKING, Final, TypeVar

from attrs import frozen

from plotmodel.model import Belief, Kind, reference_fields

if TYPE_CHECKING:
    from plotmodel.state import (
        Condition,
        ConditionChange,
        Custody,
        Death,
        Injury,
        Learning,
        StoryState,
    )

__all__ = [
    "Changes",
    "Disagreements",
    "Irony",
    "Move",
    "Snapshot",
    "Stance",
    "Transfer",
    "changes",
    "disagreements",
    "dramatic_irony",
    "snapshot",
    "taking_part",
]


_S = TypeVar("_S")
_V = TypeVar("_V")


class _Those(Set[str]):
    """The ids among some candidates for which a test holds, at one moment.

    Membership is one test; only listing the set (iterating, its length,
    comparing it) runs the test on every candidate.
    """

    __slots__ = ("_candidates", "_is_candidate", "_test")

    def __init__(
        self,
        candidates: Callable[[], Iterable[str]],
        is_candidate: Callable[[str], bool],
        test: Callable[[str], bool],
    ) -> None:
        self._candidates = candidates
        self._is_candidate = is_candidate
        self._test = test

    def __contains__(self, who: object) -> bool:
        return isinstance(who, str) and self._is_candidate(who) and self._test(who)

    def __iter__(self) -> Iterator[str]:
        test = self._test
        return (who for who in self._candidates() if test(who))

    def __len__(self) -> int:
        return sum(1 for _ in self)

    def __repr__(self) -> str:
        return f"{{{', '.join(map(repr, self))}}}"

    @classmethod
    def _from_iterable(cls, items: Iterable[_S]) -> Set[_S]:
        # what set operations (`|`, `-`, `&`) give: a plain frozen set
        return frozenset(items)


class _Each(Mapping[str, _V]):
    """What each of some candidates has at one moment, left out where it has nothing.

    Looking one id up is one question to the state; only listing the mapping
    asks about every candidate.
    """

    __slots__ = ("_candidates", "_is_candidate", "_value")

    def __init__(
        self,
        candidates: Callable[[], Iterable[str]],
        is_candidate: Callable[[str], bool],
        value: Callable[[str], _V | None],
    ) -> None:
        self._candidates = candidates
        self._is_candidate = is_candidate
        self._value = value

    def __getitem__(self, who: str) -> _V:
        found = self._value(who) if isinstance(who, str) and self._is_candidate(who) else None
        if found is None:
            raise KeyError(who)
        return found

    def __iter__(self) -> Iterator[str]:
        value = self._value
        return (who for who in self._candidates() if value(who) is not None)

    def __len__(self) -> int:
        return sum(1 for _ in self)

    def __repr__(self) -> str:
        return repr(dict(self.items()))


@frozen(kw_only=True)
class Snapshot:
    """How the story stands at one moment: who lives, who is held where, where everything is.

    Each field is read from the story state as it is asked: whether one
    character is alive, or where one thing is, costs a bisect whatever the
    plot's size; listing a field in full asks about each of its candidates.

    Attributes:
        moment: The moment described (see `plotmodel.state` for how moments count).
        event: The event it is taken at, if it was asked by event.
        after: Whether it is taken just after that event rather than just before.
        alive: The characters alive.
        dead: The characters dead.
        injured: The living characters who have been hurt.
        held: The characters and groups in custody, with the terms that hold them.
        places: Where each character, group and thing is, when the plot says.
        holders: Who holds each thing that someone holds.
        conditions: Whether each thing is intact, damaged or destroyed.
        members: The members of each group.
        facts: The facts that hold in the story world.
        beliefs: The facts each knower (the audience included) takes as true.
    """

    moment: int
    event: str | None = None
    after: bool = False
    alive: Set[str]
    dead: Set[str]
    injured: Set[str]
    held: Mapping[str, Custody]
    places: Mapping[str, str]
    holders: Mapping[str, str]
    conditions: Mapping[str, Condition]
    members: Mapping[str, frozenset[str]]
    facts: Set[str]
    beliefs: Mapping[str, frozenset[str]]


@frozen(kw_only=True)
class Move:
    """A character, group or thing that is somewhere else than before.

    Attributes:
        who: What moved.
        from_: Where it was (``None``: unknown).
        to: Where it is now (``None``: unknown).
    """

    who: str
    from_: str | None
    to: str | None


@frozen(kw_only=True)
class Transfer:
    """A thing that changed hands.

    Attributes:
        thing: The thing.
        from_: Who held it before (``None``: nobody).
        to: Who holds it now (``None``: nobody).
    """

    thing: str
    from_: str | None
    to: str | None


@frozen(kw_only=True)
class Changes:
    """What changed in the story between two moments.

    Attributes:
        start: The earlier moment.
        end: The later moment.
        deaths: The deaths in force at the end of characters alive at the start.
        returns: The characters dead at the start and alive at the end.
        injuries: New injuries.
        arrests: New custody (or new terms of custody).
        releases: The characters and groups held at the start and free at the end.
        moves: Who and what is somewhere else.
        transfers: Things that changed hands.
        conditions: Things whose condition changed, with the change in force at the end.
        joined: (character, group) pairs that began.
        left: (character, group) pairs that ended.
        established: Facts that came to hold.
        ended: Facts that held at the start and no longer do (``ended_by``).
        learned: Every time a knower came to hear or believe a fact in between.
        stopped_believing: (knower, fact) pairs believed at the start and no longer at the end.
    """

    start: int
    end: int
    deaths: tuple[Death, ...] = ()
    returns: tuple[str, ...] = ()
    injuries: tuple[Injury, ...] = ()
    arrests: tuple[Custody, ...] = ()
    releases: tuple[str, ...] = ()
    moves: tuple[Move, ...] = ()
    transfers: tuple[Transfer, ...] = ()
    conditions: tuple[ConditionChange, ...] = ()
    joined: tuple[tuple[str, str], ...] = ()
    left: tuple[tuple[str, str], ...] = ()
    established: tuple[str, ...] = ()
    ended: tuple[str, ...] = ()
    learned: tuple[Learning, ...] = ()
    stopped_believing: tuple[tuple[str, str], ...] = ()


@frozen(kw_only=True)
class Irony:
    """A moment when the audience and a character on screen do not know the same thing.

    Attributes:
        event: The event on screen.
        fact: The fact one side knows.
        character: The character bodily present.
        audience_ahead: True when the audience knows what the character does
            not; False when the character knows what the audience does not yet.
    """

    event: str
    fact: str
    character: str
    audience_ahead: bool


class Stance(enum.Enum):
    """Where a narrator's account stands on a fact."""

    CLAIMS = "claims"
    """The account says it holds: it claims it, or one of its own events makes it true."""
    DENIES = "denies"
    """The account says it does not hold."""
    SILENT = "silent"
    """The account says nothing about it."""


@frozen(kw_only=True)
class Disagreements:
    """Where the narrators' accounts and the main story stand on one fact.

    Accounts disagree when one claims what another denies, or when one says
    otherwise than the main story. Such disagreements are what a story told
    by several narrators is made of: the rules never report them.

    Attributes:
        fact: The fact asked about.
        holds: Whether it holds in the main story (the fact's ``holds``);
            ``None`` when the story never settles it.
        stances: Each account's stance on it, by account id, in document order.
    """

    fact: str
    holds: bool | None
    stances: Mapping[str, Stance]

    @property
    def claiming(self) -> tuple[str, ...]:
        """The accounts that say the fact holds."""
        return self._with(Stance.CLAIMS)

    @property
    def denying(self) -> tuple[str, ...]:
        """The accounts that say the fact does not hold."""
        return self._with(Stance.DENIES)

    @property
    def against_the_story(self) -> tuple[str, ...]:
        """The accounts that say otherwise than the main story: a lie claimed, a truth denied.

        None, for a fact the story never settles: no account can be against it.
        """
        if self.holds is None:
            return ()
        return self.denying if self.holds else self.claiming

    @property
    def disputed(self) -> bool:
        """Whether the accounts disagree: among themselves, or with the main story."""
        return bool(self.claiming and self.denying) or bool(self.against_the_story)

    def _with(self, stance: Stance) -> tuple[str, ...]:
        return tuple(account for account, one in self.stances.items() if one is stance)


def snapshot(state: StoryState, moment: int, *, event: str | None = None) -> Snapshot:
    """How the story stands at ``moment``, read from ``state`` as each field is asked.

    Args:
        state: The story state to read.
        moment: The moment to describe.
        event: The event the moment was asked by, kept in the snapshot for reading.
    """
    kinds = state.index.kinds

    def of(*wanted: Kind) -> Callable[[str], bool]:
        return lambda who: kinds.get(who) in wanted

    def characters() -> Iterable[str]:
        return state.characters

    def held() -> Iterable[str]:
        return (*state.characters, *state.groups)

    def located() -> Iterable[str]:
        return (*state.characters, *state.groups, *state.things)

    def things() -> Iterable[str]:
        return state.things

    character = of(Kind.CHARACTER)
    thing = of(Kind.THING)
    group = of(Kind.GROUP)

    def alive(who: str) -> bool:
        return state.is_alive(who, moment)

    def believed(knower: str) -> frozenset[str] | None:
        return state.beliefs(knower, moment) if state.ever_heard(knower) else None

    return Snapshot(
        moment=moment,
        event=event,
        after=event is not None and moment == state.after(event),
        alive=_Those(characters, character, alive),
        dead=_Those(characters, character, lambda who: not alive(who)),
        injured=_Those(
            characters,
            character,
            lambda who: alive(who) and state.injury(who, moment) is not None,
        ),
        held=_Each(held, of(Kind.CHARACTER, Kind.GROUP), lambda who: state.custody(who, moment)),
        places=_Each(
            located,
            of(Kind.CHARACTER, Kind.GROUP, Kind.THING),
            lambda who: state.place(who, moment),
        ),
        holders=_Each(things, thing, lambda it: state.holder(it, moment)),
        conditions=_Each(things, thing, lambda it: state.condition(it, moment)),
        members=_Each(lambda: state.groups, group, lambda it: state.members(it, moment)),
        facts=_Those(
            lambda: state.facts, state.facts.__contains__, lambda f: state.holds(f, moment)
        ),
        beliefs=_Each(lambda: sorted(state.knowers()), lambda _: True, believed),
    )


def changes(state: StoryState, start: int, end: int) -> Changes:
    """What changed between moments ``start`` and ``end`` (``start <= end``).

    Args:
        state: The story state to read.
        start: The earlier moment.
        end: The later moment.
    """
    if start > end:
        raise ValueError(f"the start moment {start} comes after the end moment {end}")
    # only what may have changed is compared, each kind in document order
    changing = state.changing(start, end)
    index = state.index
    by_kind: dict[Kind, list[str]] = {}
    for id_ in changing:
        kind = index.kind(id_)
        if kind is not None:
            by_kind.setdefault(kind, []).append(id_)
    for ids in by_kind.values():
        ids.sort(key=index.position)
    characters = by_kind.get(Kind.CHARACTER, [])
    things = by_kind.get(Kind.THING, [])
    groups = by_kind.get(Kind.GROUP, [])
    deaths = []
    returns = []
    injuries = []
    for who in characters:
        died_before, died_after = state.death(who, start), state.death(who, end)
        if died_after is not None and died_after != died_before:
            deaths.append(died_after)
        elif died_before is not None and died_after is None:
            returns.append(who)
        hurt = state.injury(who, end)
        if hurt is not None and hurt != state.injury(who, start):
            injuries.append(hurt)
    arrests = []
    releases = []
    for who in (*characters, *groups):
        held_before, held_after = state.custody(who, start), state.custody(who, end)
        if held_after is not None and held_after != held_before:
            arrests.append(held_after)
        elif held_before is not None and held_after is None:
            releases.append(who)
    moves = []
    for who in (*characters, *groups, *things):
        was, now = state.place(who, start), state.place(who, end)
        if was != now:
            moves.append(Move(who=who, from_=was, to=now))
    transfers = []
    conditions = []
    for thing in things:
        had, has = state.holder(thing, start), state.holder(thing, end)
        if had != has:
            transfers.append(Transfer(thing=thing, from_=had, to=has))
        condition = state.condition_change(thing, end)
        if condition is not None and state.condition(thing, start) is not condition.condition:
            conditions.append(condition)
    joined: list[tuple[str, str]] = []
    left: list[tuple[str, str]] = []
    for group in groups:
        before, after = state.members(group, start), state.members(group, end)
        joined.extend((who, group) for who in sorted(after - before))
        left.extend((who, group) for who in sorted(before - after))
    stopped = [
        (knower, fact)
        for knower, fact in sorted(state.changed_beliefs(start, end))
        if state.believes(knower, fact, start) and not state.believes(knower, fact, end)
    ]
    return Changes(
        start=start,
        end=end,
        deaths=tuple(deaths),
        returns=tuple(returns),
        injuries=tuple(injuries),
        arrests=tuple(arrests),
        releases=tuple(releases),
        moves=tuple(moves),
        transfers=tuple(transfers),
        conditions=tuple(conditions),
        joined=tuple(joined),
        left=tuple(left),
        established=tuple(
            f
            for f in by_kind.get(Kind.FACT, ())
            if state.holds(f, end) and not state.holds(f, start)
        ),
        ended=tuple(
            f
            for f in by_kind.get(Kind.FACT, ())
            if state.holds(f, start) and not state.holds(f, end)
        ),
        learned=state.learnings_between(start, end),
        stopped_believing=tuple(stopped),
    )


def dramatic_irony(
    state: StoryState, *, character: str | None = None, fact: str | None = None
) -> Iterator[Irony]:
    """Every moment the audience and a character on screen know different things, in screen order.

    The audience's knowledge counts in screen order, the character's in story
    order, both just before the event. A fact counts only when the side that
    does not know it yet comes to know it by the end (the irony pays off);
    otherwise every bystander would be ignorant of every fact.

    The moments are found as they are asked for, scene by scene, so the first
    comes as soon as its scene is reached. Asked about a character (or a
    fact), only the scenes where that character (or someone who ever hears
    of the fact) is bodily are looked at.

    Args:
        state: The story state to read.
        character: Only moments about this character.
        fact: Only moments about this fact.
    """
    kinds = state.index.kinds
    if character is not None:
        candidates: frozenset[str] | None = frozenset((character,))
    elif fact is not None:
        candidates = frozenset(state.heard_by(fact))
    else:
        candidates = None
    screen = state.order.screen_order()
    if candidates is None:
        slots: Iterable[int] = range(len(screen))
    else:
        found = {
            state.order.screen_position(seen.position)
            for who in candidates
            if kinds.get(who) is Kind.CHARACTER
            for seen in state.bodily(who)
        }
        slots = sorted(slot for slot in found if slot is not None)
    for slot in slots:
        yield from _scene_irony(state, slot, screen[slot], candidates, fact)


def _scene_irony(
    state: StoryState,
    slot: int,
    position: int,
    candidates: frozenset[str] | None,
    fact: str | None,
) -> list[Irony]:
    """The ironies of one scene on screen, by the facts' order in the plot, then by who."""
    kinds = state.index.kinds
    event = state.events[position]
    screen_moment = state.screen_start(slot)
    moment = state.start(position)
    present = [
        who
        for who in dict.fromkeys(state.present(position))
        if kinds.get(who) is Kind.CHARACTER and (candidates is None or who in candidates)
    ]
    scene: list[tuple[int, int, Irony]] = []
    for place, who in enumerate(present):
        # either side of an irony knows the fact at some moment, so the
        # character's own facts are the only candidates
        for told in state.ever_heard(who):
            known = state.facts.get(told)
            if known is None or not known.holds or (fact is not None and told != fact):
                continue
            until = state.holds_until(told)
            if until is not None and until <= moment:
                continue  # no longer true: neither side knows it now
            knows_now = state.knows(who, told, moment)
            audience_now = state.audience_belief(told, screen_moment) is Belief.BELIEVES
            if audience_now and not knows_now:
                # a flash-forward can tell the viewer what no one can know yet in story time
                start = state.holds_from(told)
                # (believing it at the end: a fact that ends by then is believed, not known)
                if (start is not None and start > moment) or not state.believes(
                    who, told, state.end
                ):
                    continue
                ahead = True
            elif knows_now and not audience_now:
                if state.audience_belief(told, state.screen_end) is not Belief.BELIEVES:
                    continue
                ahead = False
            else:
                continue
            irony = Irony(event=event.id, fact=told, character=who, audience_ahead=ahead)
            scene.append((state.fact_number(told), place, irony))
    return [irony for _, _, irony in sorted(scene)]


def disagreements(state: StoryState, fact: str) -> Disagreements:
    """Each account's stance on ``fact``, beside the main story's truth.

    An account claims a fact it lists in ``claims``, or one that an event of
    its own makes true; it denies what it lists in ``denies``; it is silent
    on the rest, backstory included.

    Args:
        state: The story state of the main story.
        fact: The id of the fact.

    Raises:
        KeyError: If no fact has that id.
    """
    found = state.facts.get(fact)
    if found is None:
        raise KeyError(f"no fact has the id {fact!r}")
    stances: dict[str, Stance] = {}
    for position, account in enumerate(state.accounts):
        stance = Stance.SILENT
        if fact in account.claims:
            stance = Stance.CLAIMS
        elif fact in account.denies:
            stance = Stance.DENIES
        else:
            start = state.account_at(position).holds_from(fact)
            if start is not None and start > 0:
                stance = Stance.CLAIMS  # one of its own events makes it true
        # an id defined twice names its first definition
        stances.setdefault(account.id, stance)
    return Disagreements(fact=fact, holds=found.holds, stances=MappingProxyType(stances))


_TAKING_PART: Final = frozenset({Kind.CHARACTER, Kind.GROUP, Kind.THING})


def taking_part(state: StoryState, event: str) -> tuple[str, ...]:
    """The characters, groups and things that take part in an event, in the order written.

    Its agents, its participants in whatever form they appear, and whoever and
    whatever its effects name (the thing handed over, the one it goes to);
    not its mentions, which are only talked about. Ids that name nothing, or
    an element of another kind, are left out.

    Args:
        state: The story state to read.
        event: The event's id.
    """
    found = state.events[state.position(event)]
    kinds = state.index.kinds
    ids: list[str] = [*found.agent_ids, *(p.who for p in found.participants)]
    for effect in found.effects:
        for one in reference_fields(type(effect)):
            value = getattr(effect, one.name)
            ids.extend((value,) if isinstance(value, str) else value or ())
    return tuple(id_ for id_ in dict.fromkeys(ids) if kinds.get(id_) in _TAKING_PART)
