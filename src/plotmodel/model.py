"""The plot model: characters, things, places, facts and the events that change them.

Every class is a frozen, slotted attrs class built with keyword arguments, so a
plot written in Python reads like the plot file it mirrors. Validators check
only what is local to one field; anything that relates two objects (an agent
that died earlier, a reference to a missing id) is a rule in `plotmodel.rules`.

Ids are plain strings. References between elements are ids, never objects, so
a plot stays a tree that loads, dumps and compares by value.
"""

from __future__ import annotations

import enum
import re
from typing import TYPE_CHECKING, ClassVar, TypeAlias

import attrs
from attrs import field, frozen

if TYPE_CHECKING:
    from plotmodel.queries import Snapshot

__all__ = [
    "AUDIENCE",
    "EFFECT_TYPES",
    "Appearance",
    "Arrested",
    "Certainty",
    "Character",
    "CheckSettings",
    "Damaged",
    "Destroyed",
    "Dies",
    "Discrepancy",
    "Effect",
    "Element",
    "Escapes",
    "Event",
    "Fact",
    "Group",
    "HandsOver",
    "How",
    "Injured",
    "Joins",
    "Leaves",
    "Moves",
    "Participant",
    "Place",
    "Plot",
    "Relationship",
    "Released",
    "Repaired",
    "Returns",
    "Reveal",
    "Setup",
    "Silence",
    "Span",
    "Takes",
    "Thing",
    "Thread",
]

#: The reserved id that stands for the audience in `Reveal.to`.
AUDIENCE = "audience"

_ID = re.compile(r"\S+")
_CODE = re.compile(r"PM\d{3}|[A-Z]{1,5}\d{1,4}|[a-z][a-z0-9-]*")


def _is_id(_instance: object, attribute: attrs.Attribute[str], value: str) -> None:
    """Ids are non-empty and hold no white space, so they read well in messages."""
    if not _ID.fullmatch(value):
        raise ValueError(f"{attribute.name} must be a non-empty id without spaces, got {value!r}")


def _is_optional_id(
    _instance: object, attribute: attrs.Attribute[str | None], value: str | None
) -> None:
    if value is not None and not _ID.fullmatch(value):
        raise ValueError(f"{attribute.name} must be a non-empty id without spaces, got {value!r}")


def _are_ids(
    _instance: object, attribute: attrs.Attribute[tuple[str, ...]], value: tuple[str, ...]
) -> None:
    for item in value:
        if not _ID.fullmatch(item):
            raise ValueError(f"{attribute.name} must hold ids without spaces, got {item!r}")


def _not_blank(_instance: object, attribute: attrs.Attribute[str], value: str) -> None:
    if not value.strip():
        raise ValueError(f"{attribute.name} must not be empty")


class Certainty(enum.Enum):
    """How sure the source is of a claim; the model never hides a guess as a fact."""

    STATED = "stated"
    """The source says so plainly."""
    INFERRED = "inferred"
    """Not said, but follows from what the source says."""
    UNCERTAIN = "uncertain"
    """The source hedges or is unclear; the claim is the writer's best reading."""


class Span(enum.Enum):
    """How much time an event covers."""

    MOMENT = "moment"
    """A single moment: a shot, a crash, an arrest."""
    PERIOD = "period"
    """A stretch of time: a week of work, a chase."""
    HABIT = "habit"
    """Something that happens again and again: routine heists, weekends in prison."""


class How(enum.Enum):
    """How a fact reaches someone in a `Reveal`."""

    SEEN = "seen"
    TOLD = "told"
    OVERHEARD = "overheard"
    CONFESSION = "confession"
    EVIDENCE = "evidence"
    DEDUCED = "deduced"
    SHOWN = "shown"
    """Shown on screen: how the audience usually learns."""


class Appearance(enum.Enum):
    """In what form a participant is in an event.

    Only `PRESENT` is bodily presence that can act or be somewhere. The others
    let the dead and the destroyed appear without breaking life or thing rules.
    """

    PRESENT = "present"
    """Physically there and taking part."""
    REMAINS = "remains"
    """A body or a wreck: the object of the event, not a participant in it."""
    MEMORY = "memory"
    VISION = "vision"
    GHOST = "ghost"
    RECORDING = "recording"
    PHOTOGRAPH = "photograph"
    LETTER = "letter"


@frozen(kw_only=True)
class Silence:
    """A finding silenced in place: which rule, and why the writer accepts it.

    Attributes:
        code: The rule's code (``PM301``) or slug (``acts-after-death``).
        reason: Why this finding is not a mistake. A silence without one is
            itself reported, so silences stay honest.
    """

    code: str = field(validator=_not_blank)
    reason: str | None = None


@frozen(kw_only=True)
class Element:
    """What every named element shares: a stable id, a name and source honesty.

    Attributes:
        id: Stable id used by every reference to this element.
        name: How people call it.
        description: A sentence or two in the writer's words.
        note: A remark about the source: a doubt, a choice made, a page.
        certainty: How sure the source is that this element is as modelled.
        silence: Findings about this element the writer accepts, with reasons.
    """

    id: str = field(validator=_is_id)
    name: str = field(validator=_not_blank)
    description: str | None = None
    note: str | None = None
    certainty: Certainty = Certainty.STATED
    silence: tuple[Silence, ...] = ()


@frozen(kw_only=True)
class Character(Element):
    """A person in the story.

    Attributes:
        aliases: Other names the story uses for them.
        groups: Ids of the groups they belong to when the story starts.
        at: Id of the place where they are when the story starts, if known.
    """

    aliases: tuple[str, ...] = ()
    groups: tuple[str, ...] = field(default=(), validator=_are_ids)
    at: str | None = field(default=None, validator=_is_optional_id)


@frozen(kw_only=True)
class Thing(Element):
    """An object that matters: a vehicle, a weapon, a device, a piece of evidence.

    Attributes:
        kind: What sort of thing it is, in a word (``vehicle``, ``weapon``).
        at: Id of the place where it is when the story starts, if known.
        held_by: Id of the character who has it when the story starts.
    """

    kind: str | None = None
    at: str | None = field(default=None, validator=_is_optional_id)
    held_by: str | None = field(default=None, validator=_is_optional_id)


@frozen(kw_only=True)
class Place(Element):
    """A place where events happen.

    Attributes:
        inside: Id of the place that contains this one (the garage inside
            police headquarters). Being inside counts as being in the outer place.
    """

    inside: str | None = field(default=None, validator=_is_optional_id)


@frozen(kw_only=True)
class Group(Element):
    """A group that can act or be acted upon as a whole: a brigade, a gang.

    Attributes:
        part_of: Id of a larger group this one belongs to.
    """

    part_of: str | None = field(default=None, validator=_is_optional_id)


def _two_ids(
    _instance: object, attribute: attrs.Attribute[tuple[str, ...]], value: tuple[str, ...]
) -> None:
    _are_ids(_instance, attribute, value)
    if len(value) != 2:
        raise ValueError(f"{attribute.name} must name exactly two characters, got {len(value)}")


@frozen(kw_only=True)
class Relationship:
    """A tie between two characters, optionally bounded by events.

    Attributes:
        id: Stable id, so events can say they draw on this relationship.
        kind: What the tie is: ``foster-brother``, ``colleague``, ``superior``, ``affair``.
        between: The two characters' ids. For directed kinds (``superior``)
            the first is the one who holds the role.
        name: An optional readable name.
        description: A sentence in the writer's words.
        since: Id of the event that starts it; ``None`` means before the story.
        until: Id of the event that ends it; ``None`` means it lasts.
        note: A remark about the source.
        certainty: How sure the source is.
        silence: Findings about this relationship the writer accepts.
    """

    id: str = field(validator=_is_id)
    kind: str = field(validator=_not_blank)
    between: tuple[str, ...] = field(validator=_two_ids)
    name: str | None = None
    description: str | None = None
    since: str | None = field(default=None, validator=_is_optional_id)
    until: str | None = field(default=None, validator=_is_optional_id)
    note: str | None = None
    certainty: Certainty = Certainty.STATED
    silence: tuple[Silence, ...] = ()


@frozen(kw_only=True)
class Fact(Element):
    """A proposition about the story world, true or false, public or secret.

    The name states the proposition ("Areski shot Charas"). A false fact
    (``holds=False``) is what deceived characters come to believe.

    Attributes:
        holds: Whether the proposition is true in the story world.
        established_by: Id of the event that makes it true. Its agents know
            it from then on.
        backstory: True when it holds before the story starts.
        secret: True when those who know it keep it hidden.
        known_by: Ids of characters who know it when the story starts.
        contradicts: Ids of facts that cannot hold together with this one;
            coming to believe this fact drops belief in those.
    """

    holds: bool = True
    established_by: str | None = field(default=None, validator=_is_optional_id)
    backstory: bool = False
    secret: bool = False
    known_by: tuple[str, ...] = field(default=(), validator=_are_ids)
    contradicts: tuple[str, ...] = field(default=(), validator=_are_ids)


@frozen(kw_only=True)
class Participant:
    """Someone or something in an event besides its agents.

    Attributes:
        who: Id of a character, group or thing.
        role: What part they play, in a word (``victim``, ``witness``, ``evidence``).
        appears: In what form; anything but ``present`` is not bodily presence.
    """

    who: str = field(validator=_is_id)
    role: str | None = None
    appears: Appearance = Appearance.PRESENT


@frozen(kw_only=True)
class _Effect:
    """Fields every effect shares: a note and a certainty, as for any claim."""

    key: ClassVar[str]
    note: str | None = None
    certainty: Certainty = Certainty.STATED


@frozen(kw_only=True)
class Dies(_Effect):
    """A character dies. Only a later `Returns` lets them act again."""

    key: ClassVar[str] = "dies"
    who: str = field(validator=_is_id)
    by: str | None = field(default=None, validator=_is_optional_id)


@frozen(kw_only=True)
class Returns(_Effect):
    """A dead character comes back to life (resuscitation, resurrection)."""

    key: ClassVar[str] = "returns"
    who: str = field(validator=_is_id)


@frozen(kw_only=True)
class Injured(_Effect):
    """A character is hurt but lives."""

    key: ClassVar[str] = "injured"
    who: str = field(validator=_is_id)
    by: str | None = field(default=None, validator=_is_optional_id)


@frozen(kw_only=True)
class Arrested(_Effect):
    """A character or group is taken into custody.

    Attributes:
        who: Id of the character or group held.
        by: Id of who holds them.
        at: Id of the place where they are held; the event's place if omitted.
        allowed: Ids of places they may still go to while held (day release).
    """

    key: ClassVar[str] = "arrested"
    who: str = field(validator=_is_id)
    by: str | None = field(default=None, validator=_is_optional_id)
    at: str | None = field(default=None, validator=_is_optional_id)
    allowed: tuple[str, ...] = field(default=(), validator=_are_ids)


@frozen(kw_only=True)
class Released(_Effect):
    """A held character or group is let go."""

    key: ClassVar[str] = "released"
    who: str = field(validator=_is_id)
    by: str | None = field(default=None, validator=_is_optional_id)


@frozen(kw_only=True)
class Escapes(_Effect):
    """A held character or group gets away from custody."""

    key: ClassVar[str] = "escapes"
    who: str = field(validator=_is_id)


@frozen(kw_only=True)
class Destroyed(_Effect):
    """A thing is destroyed; it can appear later only as remains."""

    key: ClassVar[str] = "destroyed"
    thing: str = field(validator=_is_id)
    by: str | None = field(default=None, validator=_is_optional_id)


@frozen(kw_only=True)
class Damaged(_Effect):
    """A thing is damaged but still usable."""

    key: ClassVar[str] = "damaged"
    thing: str = field(validator=_is_id)
    by: str | None = field(default=None, validator=_is_optional_id)


@frozen(kw_only=True)
class Repaired(_Effect):
    """A damaged thing is made whole again."""

    key: ClassVar[str] = "repaired"
    thing: str = field(validator=_is_id)
    by: str | None = field(default=None, validator=_is_optional_id)


@frozen(kw_only=True)
class Moves(_Effect):
    """A character, group or thing goes to a place. Things held travel with their holder."""

    key: ClassVar[str] = "moves"
    who: str = field(validator=_is_id)
    to: str = field(validator=_is_id)


@frozen(kw_only=True)
class Takes(_Effect):
    """A character takes a thing, from someone or from where it lies.

    Attributes:
        who: Id of the character who takes it.
        thing: Id of the thing.
        from_: Id of the character it is taken from, if anyone (``from`` in files).
    """

    key: ClassVar[str] = "takes"
    who: str = field(validator=_is_id)
    thing: str = field(validator=_is_id)
    from_: str | None = field(default=None, validator=_is_optional_id)


@frozen(kw_only=True)
class HandsOver(_Effect):
    """A character hands a thing they have to another (``hands_over`` in files).

    Attributes:
        thing: Id of the thing.
        from_: Id of the character who gives it (``from`` in files).
        to: Id of the character who receives it.
    """

    key: ClassVar[str] = "hands_over"
    thing: str = field(validator=_is_id)
    from_: str = field(validator=_is_id)
    to: str = field(validator=_is_id)


@frozen(kw_only=True)
class Joins(_Effect):
    """A character joins a group."""

    key: ClassVar[str] = "joins"
    who: str = field(validator=_is_id)
    group: str = field(validator=_is_id)


@frozen(kw_only=True)
class Leaves(_Effect):
    """A character leaves a group."""

    key: ClassVar[str] = "leaves"
    who: str = field(validator=_is_id)
    group: str = field(validator=_is_id)


def _someone(
    _instance: object, attribute: attrs.Attribute[tuple[str, ...]], value: tuple[str, ...]
) -> None:
    _are_ids(_instance, attribute, value)
    if not value:
        raise ValueError(f"{attribute.name} must name at least one character, group or 'audience'")


@frozen(kw_only=True)
class Reveal(_Effect):
    """A fact reaches characters and/or the audience at an event.

    A reveal of a false fact (``holds=False``) is a deception. With
    ``believed=False`` the hearers have been told but do not believe yet: being
    told is not believing.

    Attributes:
        fact: Id of the fact revealed.
        to: Ids of the characters or groups who learn it; ``audience`` for the viewers.
        how: How it reaches them.
        by: Id of the character who tells or shows it.
        believed: Whether the hearers accept it now.
    """

    key: ClassVar[str] = "reveal"
    fact: str = field(validator=_is_id)
    to: tuple[str, ...] = field(validator=_someone)
    how: How = How.TOLD
    by: str | None = field(default=None, validator=_is_optional_id)
    believed: bool = True


#: Any change an event makes to the story world or to what someone knows.
Effect: TypeAlias = (
    Dies
    | Returns
    | Injured
    | Arrested
    | Released
    | Escapes
    | Destroyed
    | Damaged
    | Repaired
    | Moves
    | Takes
    | HandsOver
    | Joins
    | Leaves
    | Reveal
)

#: Every effect class, in the order they are documented.
EFFECT_TYPES: tuple[type[Effect], ...] = (
    Dies,
    Returns,
    Injured,
    Arrested,
    Released,
    Escapes,
    Destroyed,
    Damaged,
    Repaired,
    Moves,
    Takes,
    HandsOver,
    Joins,
    Leaves,
    Reveal,
)


def _one_screen_anchor(
    instance: Event, _attribute: attrs.Attribute[str | None], _value: str | None
) -> None:
    if instance.shown_after is not None and instance.shown_before is not None:
        raise ValueError("an event is shown either after one event or before one, not both")


@frozen(kw_only=True)
class Event(Element):
    """Something that happens. Events are listed in story (chronological) order.

    An empty ``agents`` means the source does not say who acted; no rule
    about agents applies then. Agents and participants may be groups, which
    act or are acted upon as a whole.

    Attributes:
        agents: Ids of who acts: characters or groups.
        participants: Others involved, each with a role and a form of appearance.
        mentions: Ids only talked about or remembered: no presence, no agency.
        place: Id of where it happens, if known.
        time: A story-time label; events sharing one happen at the same moment.
        span: A moment, a period or a habit.
        causes: Ids of earlier events that lead to this one.
        after: Ids of events this one certainly follows. Giving ``after`` or
            ``before`` marks the event's listed position as a best guess.
        before: Ids of events this one certainly precedes.
        simultaneous_with: Ids of events happening at the same moment.
        shown_after: Id of the event the film shows just before this one,
            when screen order differs from story order (flashback, late reveal).
        shown_before: Id of the event the film shows just after this one.
        motivated_by: Ids of facts its agents act on; they must know them.
        relationships: Ids of relationships the event draws on.
        effects: What changes in the world or in anyone's knowledge.
    """

    agents: tuple[str, ...] = field(default=(), validator=_are_ids)
    participants: tuple[Participant, ...] = ()
    mentions: tuple[str, ...] = field(default=(), validator=_are_ids)
    place: str | None = field(default=None, validator=_is_optional_id)
    time: str | None = None
    span: Span = Span.MOMENT
    causes: tuple[str, ...] = field(default=(), validator=_are_ids)
    after: tuple[str, ...] = field(default=(), validator=_are_ids)
    before: tuple[str, ...] = field(default=(), validator=_are_ids)
    simultaneous_with: tuple[str, ...] = field(default=(), validator=_are_ids)
    shown_after: str | None = field(default=None, validator=_is_optional_id)
    shown_before: str | None = field(default=None, validator=[_is_optional_id, _one_screen_anchor])
    motivated_by: tuple[str, ...] = field(default=(), validator=_are_ids)
    relationships: tuple[str, ...] = field(default=(), validator=_are_ids)
    effects: tuple[Effect, ...] = ()

    @property
    def is_loose(self) -> bool:
        """Whether the event's listed position is only a guess within its constraints."""
        return bool(self.after or self.before)


@frozen(kw_only=True)
class Thread(Element):
    """A question the story raises, and the event that answers it, if any.

    The name is the question ("Where is the real car?"). A thread with no
    ``resolved`` event is an open question the plot leaves.

    Attributes:
        opened: Id of the event that raises the question.
        resolved: Id of the event that answers it, or ``None``.
    """

    opened: str | None = field(default=None, validator=_is_optional_id)
    resolved: str | None = field(default=None, validator=_is_optional_id)


@frozen(kw_only=True)
class Setup(Element):
    """Something introduced with emphasis so that it can pay off later.

    Attributes:
        about: Ids of the things, facts, places or characters it concerns.
        planted: Id of the event that sets it up.
        payoff: Id of the event that pays it off, or ``None``.
    """

    about: tuple[str, ...] = field(default=(), validator=_are_ids)
    planted: str = field(validator=_is_id)
    payoff: str | None = field(default=None, validator=_is_optional_id)


@frozen(kw_only=True)
class Discrepancy(Element):
    """A place where the source contradicts itself, recorded instead of resolved.

    Attributes:
        about: Ids of the elements concerned.
        readings: The competing accounts, in the writer's words.
    """

    about: tuple[str, ...] = field(default=(), validator=_are_ids)
    readings: tuple[str, ...] = ()


@frozen(kw_only=True)
class CheckSettings:
    """Which rules to run for this plot, by code, family prefix or slug.

    Attributes:
        select: Only these rules (all when empty).
        ignore: Never these rules.
    """

    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()


@frozen(kw_only=True)
class Plot:
    """A whole film plot: its cast, world, facts, and events in story order.

    Attributes:
        title: The film's title.
        format: The plot file format version (``plotmodel: 1`` in files).
        description: What the plot is, in a sentence.
        source: What the model is based on (a summary, a screenplay draft).
        characters: The people.
        things: The objects that matter.
        places: Where things happen.
        groups: Gangs, brigades, families acting as one.
        relationships: Ties between characters.
        facts: Propositions that are revealed, hidden or believed.
        events: What happens, in story order.
        threads: Questions the story raises.
        setups: Things introduced to pay off later.
        discrepancies: Where the source contradicts itself.
        check: Which rules apply to this plot.
        silence: Findings silenced for the whole plot, with reasons.
    """

    title: str = field(validator=_not_blank)
    format: int = 1
    description: str | None = None
    source: str | None = None
    characters: tuple[Character, ...] = ()
    things: tuple[Thing, ...] = ()
    places: tuple[Place, ...] = ()
    groups: tuple[Group, ...] = ()
    relationships: tuple[Relationship, ...] = ()
    facts: tuple[Fact, ...] = ()
    events: tuple[Event, ...] = ()
    threads: tuple[Thread, ...] = ()
    setups: tuple[Setup, ...] = ()
    discrepancies: tuple[Discrepancy, ...] = ()
    check: CheckSettings = CheckSettings()
    silence: tuple[Silence, ...] = ()

    def state_at(self, event: str, *, after: bool = False) -> Snapshot:
        """How the story stands just before ``event`` (just after it with ``after``).

        The story state is computed once per plot object and cached; see
        `plotmodel.state.story_state` for every other question.
        """
        from plotmodel.state import story_state  # noqa: PLC0415 - the state module imports this one

        return story_state(self).at(event, after=after)
