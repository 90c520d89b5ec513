"""Strategies for single model objects: ids, text, elements, effects and events.

These build well-formed objects (every field has the right type and passes
the model's validators) whose references are drawn from the id strategies
the caller passes. They make no promise that the references resolve: that
is what `plotmodel.strategies.plots` is for.
"""

from __future__ import annotations

import datetime as dt
import enum
import re
from functools import lru_cache
from typing import Any, TypeVar

import attrs
from hypothesis import strategies as st
from hypothesis.strategies import SearchStrategy

from plotmodel.model import (
    AUDIENCE,
    EFFECT_TYPES,
    EXPECTATION_TYPES,
    Account,
    Appearance,
    Belief,
    Certainty,
    Character,
    CheckSettings,
    Discrepancy,
    Effect,
    Event,
    Expectation,
    Fact,
    Group,
    Journey,
    Motive,
    Participant,
    Place,
    Plot,
    ReferenceField,
    Relationship,
    Setup,
    Silence,
    Span,
    Thing,
    Thread,
    reference_fields,
)

__all__ = [
    "accounts",
    "characters",
    "check_settings",
    "dates",
    "discrepancies",
    "durations",
    "effects",
    "events",
    "expectations",
    "facts",
    "groups",
    "ids",
    "journeys",
    "participants",
    "places",
    "relationships",
    "setups",
    "silences",
    "texts",
    "things",
    "threads",
    "unchecked_plots",
]

T = TypeVar("T")

# The model's own rule for ids: non-empty, no white space.
_ID = re.compile(r"\S+")

_SLUG = "abcdefghijklmnopqrstuvwxyz0123456789-"
# Surrogates cannot be written as UTF-8, so no plot file could hold them.
_ANY_CHARACTER = st.characters(exclude_categories=["Cs"])
# Control characters and separators would make ids unreadable in messages.
_ID_CHARACTER = st.characters(exclude_categories=("Cs", "Cc", "Zs", "Zl", "Zp"))


def _is_id(text: str) -> bool:
    return bool(_ID.fullmatch(text)) and text != AUDIENCE


@lru_cache(maxsize=64)
def ids(*, unicode: bool = True, max_size: int = 16) -> SearchStrategy[str]:
    """Element ids: non-empty, without white space, never the reserved ``audience``.

    Mostly lowercase slugs (``lino``, ``squad-car``), and with ``unicode`` also
    any printable non-space text (``café-2``, ``no``, ``1:30``) so that writers
    and readers meet ids a YAML parser would misread. Shrinks towards ``"0"``.

    Args:
        unicode: Also draw ids from all of Unicode, not only from ``a-z0-9-``.
        max_size: The longest id drawn.
    """
    slug = st.text(alphabet=_SLUG, min_size=1, max_size=max_size)
    if unicode:
        wild = st.text(alphabet=_ID_CHARACTER, min_size=1, max_size=max_size)
        return st.one_of(slug, wild).filter(_is_id)
    return slug.filter(_is_id)


@lru_cache(maxsize=64)
def texts(*, unicode: bool = True, max_size: int = 40) -> SearchStrategy[str]:
    """Names and descriptions: text with at least one visible character.

    With ``unicode`` the text may hold any character a UTF-8 file can carry,
    including control characters, quotes, ``#`` and line breaks, which a dumper
    must escape. Shrinks towards ``"0"``.

    Args:
        unicode: Draw from all of Unicode, not only printable ASCII.
        max_size: The longest text drawn.
    """
    alphabet = _ANY_CHARACTER if unicode else st.characters(min_codepoint=32, max_codepoint=126)
    return st.text(alphabet=alphabet, min_size=1, max_size=max_size).filter(str.strip)


def _maybe(strategy: SearchStrategy[T]) -> SearchStrategy[T | None]:
    """``None`` or a value: optional fields are sometimes set, sometimes not."""
    return st.none() | strategy


def _some(strategy: SearchStrategy[T], max_size: int = 3) -> SearchStrategy[tuple[T, ...]]:
    return st.lists(strategy, max_size=max_size).map(tuple)


#: The precisions a story date may have, and the zones a time may give.
_PRECISIONS = ("year", "month", "day", "minute", "second")
_ZONES = (None, "Z", "+02:00", "-05:00", "+05:30", "-12:00", "+14:00")


def story_date(instant: dt.datetime, precision: str, zone: str | None = None) -> str:
    """``instant`` written as a story date at ``precision``, with ``zone`` after a time.

    A zoned date names the same instant: ``instant`` is read as UTC and
    written as the clock in that zone shows it.
    """
    if precision == "year":
        return f"{instant.year:04d}"
    if precision == "month":
        return f"{instant.year:04d}-{instant.month:02d}"
    if precision == "day":
        return f"{instant.year:04d}-{instant.month:02d}-{instant.day:02d}"
    suffix = ""
    if zone is not None:
        offset = dt.timedelta(0)
        if zone != "Z":
            offset = dt.timedelta(hours=int(zone[1:3]), minutes=int(zone[4:6]))
            offset = offset if zone[0] == "+" else -offset
        instant += offset
        suffix = zone
    clock = "%m-%dT%H:%M:%S" if precision == "second" else "%m-%dT%H:%M"
    return f"{instant.year:04d}-" + instant.strftime(clock) + suffix


def dates(
    *,
    min_year: int = 1,
    max_year: int = 9998,
) -> SearchStrategy[str]:
    """Story dates at every precision, from a year (``1952``) to a second with a zone.

    Shrinks towards ``0001``, the year 1 at year precision.

    Args:
        min_year: The earliest year drawn.
        max_year: The latest year drawn (a zone may move the clock into the next).
    """
    instants = st.datetimes(
        # a day from either end of the calendar, so that any zone's clock stays in it
        min_value=dt.datetime(min_year, 1, 2),
        max_value=dt.datetime(max_year, 12, 30, 23, 59, 59),
    )
    return st.builds(
        story_date,
        instants,
        st.sampled_from(_PRECISIONS),
        st.sampled_from(_ZONES),
    )


def durations() -> SearchStrategy[str]:
    """ISO 8601 durations in weeks, days, hours, minutes and seconds. Shrinks towards ``P0W``."""
    amount = st.integers(0, 999)
    parts = st.tuples(*(st.none() | amount for _ in range(5)))

    def written(found: tuple[int | None, ...]) -> str:
        weeks, days, hours, minutes, seconds = found
        text = "P" + (f"{weeks}W" if weeks is not None else "")
        text += f"{days}D" if days is not None else ""
        clock = "".join(
            f"{n}{unit}"
            for n, unit in zip((hours, minutes, seconds), "HMS", strict=True)
            if n is not None
        )
        text += f"T{clock}" if clock else ""
        return text if text != "P" else "P0W"

    return parts.map(written)


def journeys(
    *, refs: SearchStrategy[str] | None = None, unicode: bool = True
) -> SearchStrategy[Journey]:
    """A `Journey` to a place, one way or both, sometimes with a note.

    Args:
        refs: Strategy for the place it leads to.
        unicode: Draw the note from all of Unicode.
    """
    return st.builds(
        Journey,
        to=ids(unicode=unicode) if refs is None else refs,
        takes=durations(),
        one_way=st.booleans(),
        note=_maybe(texts(unicode=unicode)),
    )


def silences() -> SearchStrategy[Silence]:
    """A silence naming a rule code or slug, with or without a reason. Shrinks to ``PM000``."""
    code = st.from_regex(r"PM\d{3}", fullmatch=True) | st.sampled_from(
        ("acts-after-death", "PM3", "unused-character")
    )
    return st.builds(Silence, code=code, reason=_maybe(texts()))


def _element_fields(
    id_: SearchStrategy[str], unicode: bool, with_silence: bool
) -> dict[str, SearchStrategy[object]]:
    """Strategies for the fields every element shares."""
    return {
        "id": id_,
        "name": texts(unicode=unicode),
        "description": _maybe(texts(unicode=unicode)),
        "note": _maybe(texts(unicode=unicode)),
        "certainty": st.sampled_from(Certainty),
        "silence": _some(silences(), 2) if with_silence else st.just(()),
    }


def characters(
    *,
    id: SearchStrategy[str] | None = None,
    refs: SearchStrategy[str] | None = None,
    unicode: bool = True,
    with_silence: bool = True,
) -> SearchStrategy[Character]:
    """A `Character` with every optional field sometimes set.

    Args:
        id: Strategy for the character's own id (default `ids`).
        refs: Strategy for the ids it refers to: its groups, start place and vehicle.
        unicode: Draw names and ids from all of Unicode.
        with_silence: Sometimes give it ``silence`` entries.
    """
    refs = ids(unicode=unicode) if refs is None else refs
    return st.builds(
        Character,
        **_element_fields(ids(unicode=unicode) if id is None else id, unicode, with_silence),
        aliases=_some(texts(unicode=unicode), 2),
        groups=_some(refs, 2),
        at=_maybe(refs),
        inside=_maybe(refs),
    )


def things(
    *,
    id: SearchStrategy[str] | None = None,
    refs: SearchStrategy[str] | None = None,
    unicode: bool = True,
    with_silence: bool = True,
) -> SearchStrategy[Thing]:
    """A `Thing` with every optional field sometimes set; see `characters` for the options."""
    refs = ids(unicode=unicode) if refs is None else refs
    return st.builds(
        Thing,
        **_element_fields(ids(unicode=unicode) if id is None else id, unicode, with_silence),
        kind=_maybe(texts(unicode=unicode, max_size=12)),
        at=_maybe(refs),
        held_by=_maybe(refs),
        inside=_maybe(refs),
    )


def places(
    *,
    id: SearchStrategy[str] | None = None,
    refs: SearchStrategy[str] | None = None,
    unicode: bool = True,
    with_silence: bool = True,
) -> SearchStrategy[Place]:
    """A `Place`, sometimes inside another; see `characters` for the options."""
    refs = ids(unicode=unicode) if refs is None else refs
    return st.builds(
        Place,
        **_element_fields(ids(unicode=unicode) if id is None else id, unicode, with_silence),
        inside=_maybe(refs),
        journeys=_some(journeys(refs=refs, unicode=unicode), 2),
    )


def groups(
    *,
    id: SearchStrategy[str] | None = None,
    refs: SearchStrategy[str] | None = None,
    unicode: bool = True,
    with_silence: bool = True,
) -> SearchStrategy[Group]:
    """A `Group`, sometimes part of another; see `characters` for the options."""
    refs = ids(unicode=unicode) if refs is None else refs
    return st.builds(
        Group,
        **_element_fields(ids(unicode=unicode) if id is None else id, unicode, with_silence),
        part_of=_maybe(refs),
    )


def relationships(
    *,
    id: SearchStrategy[str] | None = None,
    refs: SearchStrategy[str] | None = None,
    unicode: bool = True,
    with_silence: bool = True,
) -> SearchStrategy[Relationship]:
    """A `Relationship` between two ids, sometimes bounded by events; see `characters`."""
    refs = ids(unicode=unicode) if refs is None else refs
    return st.builds(
        Relationship,
        id=ids(unicode=unicode) if id is None else id,
        kind=texts(unicode=unicode, max_size=16),
        between=st.tuples(refs, refs),
        name=_maybe(texts(unicode=unicode)),
        description=_maybe(texts(unicode=unicode)),
        since=_maybe(refs),
        until=_maybe(refs),
        note=_maybe(texts(unicode=unicode)),
        certainty=st.sampled_from(Certainty),
        silence=_some(silences(), 2) if with_silence else st.just(()),
    )


def facts(
    *,
    id: SearchStrategy[str] | None = None,
    refs: SearchStrategy[str] | None = None,
    unicode: bool = True,
    with_silence: bool = True,
) -> SearchStrategy[Fact]:
    """A `Fact`, true or false, secret or public, backstory or established; see `characters`."""
    refs = ids(unicode=unicode) if refs is None else refs
    return st.builds(
        Fact,
        **_element_fields(ids(unicode=unicode) if id is None else id, unicode, with_silence),
        holds=st.none() | st.booleans(),
        established_by=_maybe(refs),
        ended_by=_maybe(refs),
        backstory=st.booleans(),
        secret=st.booleans(),
        known_by=_some(refs),
        contradicts=_some(refs, 2),
        learned_by=_maybe(_some(refs, 2)),
        kept_from=_some(refs, 2),
    )


def participants(
    *, refs: SearchStrategy[str] | None = None, unicode: bool = True
) -> SearchStrategy[Participant]:
    """A `Participant` in any form of appearance, with or without a role, a note or an ``at``.

    Args:
        refs: Strategy for who takes part, and where from.
        unicode: Draw the role and the note from all of Unicode.
    """
    refs = ids(unicode=unicode) if refs is None else refs
    return _forms(refs, unicode, list(Appearance))


def _forms(
    refs: SearchStrategy[str], unicode: bool, forms: list[Appearance]
) -> SearchStrategy[Participant]:
    """Participants in one of ``forms``; the bodily ones sometimes ``at`` somewhere else."""
    return st.sampled_from(forms).flatmap(
        lambda appears: st.builds(
            Participant,
            who=refs,
            role=_maybe(texts(unicode=unicode, max_size=12)),
            appears=st.just(appears),
            at=_maybe(refs) if appears.bodily else st.none(),
            note=_maybe(texts(unicode=unicode, max_size=12)),
        )
    )


def _effect_field(
    one: attrs.Attribute[Any],
    refers: ReferenceField | None,
    refs: SearchStrategy[str],
    unicode: bool,
) -> SearchStrategy[object]:
    """A strategy for one field of an effect, read from its declaration and its type."""
    if refers is not None:
        some_id = refs | st.just(AUDIENCE) if refers.audience else refs
        if refers.many:
            least = 1 if refers.required else 0
            return st.lists(some_id, min_size=least, max_size=3).map(tuple)
        return some_id if refers.required else _maybe(some_id)
    kind = one.type
    if kind is bool:
        return st.booleans()
    if kind == bool | Belief:
        return st.booleans() | st.sampled_from([b for b in Belief if b is not Belief.UNAWARE])
    if kind == str | None:
        return _maybe(texts(unicode=unicode))
    if isinstance(kind, type) and issubclass(kind, enum.Enum):
        return st.sampled_from(kind)
    raise TypeError(f"no strategy for an effect field of type {kind}")  # pragma: no cover


def effects(
    *, refs: SearchStrategy[str] | None = None, unicode: bool = True
) -> SearchStrategy[Effect]:
    """Any declared effect, with every optional field sometimes set.

    The fields come from each effect's declaration: ids where it holds ids
    (``audience`` too where a reveal may go), lists of one or more where one
    is required. Shrinks towards a `Dies` effect with no ``by``, the first
    kind the model declares.

    Args:
        refs: Strategy for the ids the effect names.
        unicode: Draw notes from all of Unicode.
    """
    refs = ids(unicode=unicode) if refs is None else refs
    kinds = []
    for cls in EFFECT_TYPES:
        declared = {one.name: one for one in reference_fields(cls)}
        fields: Any = attrs.fields(attrs.resolve_types(cls))
        parts = {
            one.name: _effect_field(one, declared.get(one.name), refs, unicode) for one in fields
        }
        kinds.append(st.builds(cls, **parts))
    return st.one_of(kinds)


def expectations(
    *, refs: SearchStrategy[str] | None = None, unicode: bool = True
) -> SearchStrategy[Expectation]:
    """Any declared expectation, read from its declaration, sometimes checked ``after`` the event.

    Shrinks towards an `Alive` expectation, the first kind the model declares.

    Args:
        refs: Strategy for the ids the expectation names.
        unicode: Draw notes from all of Unicode.
    """
    refs = ids(unicode=unicode) if refs is None else refs
    kinds = []
    for cls in EXPECTATION_TYPES:
        declared = {one.name: one for one in reference_fields(cls)}
        fields: Any = attrs.fields(attrs.resolve_types(cls))
        parts = {
            one.name: _effect_field(one, declared.get(one.name), refs, unicode) for one in fields
        }
        kinds.append(st.builds(cls, **parts))
    return st.one_of(kinds)


def events(
    *,
    id: SearchStrategy[str] | None = None,
    refs: SearchStrategy[str] | None = None,
    unicode: bool = True,
    with_silence: bool = True,
) -> SearchStrategy[Event]:
    """An `Event` with every optional field sometimes set, effects included.

    At most one of ``shown_after`` and ``shown_before`` is set, as the model
    requires. Shrinks towards an event with no agents, no place and no effects.

    Args:
        id: Strategy for the event's own id.
        refs: Strategy for every id the event refers to.
        unicode: Draw names and ids from all of Unicode.
        with_silence: Sometimes give it ``silence`` entries.
    """
    refs = ids(unicode=unicode) if refs is None else refs
    # The model allows one screen anchor at most, so each event draws on one side only.
    return st.one_of(
        *(
            st.builds(
                Event,
                **_element_fields(
                    ids(unicode=unicode) if id is None else id, unicode, with_silence
                ),
                agents=_some(refs | _agent_forms(refs, unicode)),
                participants=_some(participants(refs=refs, unicode=unicode)),
                mentions=_some(refs, 2),
                place=_maybe(refs),
                time=_maybe(texts(unicode=unicode, max_size=12)),
                span=st.sampled_from(Span),
                date=_maybe(dates()),
                duration=_maybe(durations()),
                causes=_some(refs, 2),
                after=_some(refs, 2),
                before=_some(refs, 2),
                simultaneous_with=_some(refs, 2),
                motivated_by=_some(refs | st.builds(Motive, fact=refs, agents=_some(refs, 2)), 2),
                relationships=_some(refs, 2),
                effects=_some(effects(refs=refs, unicode=unicode)),
                expect=_some(expectations(refs=refs, unicode=unicode), 2),
                shown=st.booleans(),
                **{anchor: _maybe(refs)},
            )
            for anchor in ("shown_after", "shown_before")
        )
    )


def _agent_forms(refs: SearchStrategy[str], unicode: bool) -> SearchStrategy[Participant]:
    """An agent in a form of appearance, as a participant may be; a bare id is the usual form.

    An agent written as ``{who: id}`` alone reads as the id, so the form always says more.
    """
    return _forms(refs, unicode, [a for a in Appearance if a is not Appearance.PRESENT])


def threads(
    *,
    id: SearchStrategy[str] | None = None,
    refs: SearchStrategy[str] | None = None,
    unicode: bool = True,
    with_silence: bool = True,
) -> SearchStrategy[Thread]:
    """A `Thread` (a question the story raises), sometimes opened, sometimes resolved."""
    refs = ids(unicode=unicode) if refs is None else refs
    return st.builds(
        Thread,
        **_element_fields(ids(unicode=unicode) if id is None else id, unicode, with_silence),
        opened=_maybe(refs),
        resolved=_maybe(refs),
    )


def setups(
    *,
    id: SearchStrategy[str] | None = None,
    refs: SearchStrategy[str] | None = None,
    unicode: bool = True,
    with_silence: bool = True,
) -> SearchStrategy[Setup]:
    """A `Setup` planted at one event, sometimes paid off at another."""
    refs = ids(unicode=unicode) if refs is None else refs
    return st.builds(
        Setup,
        **_element_fields(ids(unicode=unicode) if id is None else id, unicode, with_silence),
        about=_some(refs, 2),
        planted=refs,
        payoff=_maybe(refs),
    )


def discrepancies(
    *,
    id: SearchStrategy[str] | None = None,
    refs: SearchStrategy[str] | None = None,
    unicode: bool = True,
    with_silence: bool = True,
) -> SearchStrategy[Discrepancy]:
    """A `Discrepancy`: where the source contradicts itself, with its competing readings."""
    refs = ids(unicode=unicode) if refs is None else refs
    return st.builds(
        Discrepancy,
        **_element_fields(ids(unicode=unicode) if id is None else id, unicode, with_silence),
        about=_some(refs, 2),
        readings=_some(texts(unicode=unicode), 2),
    )


def accounts(
    *,
    id: SearchStrategy[str] | None = None,
    refs: SearchStrategy[str] | None = None,
    unicode: bool = True,
    with_silence: bool = True,
) -> SearchStrategy[Account]:
    """An `Account`: a narrator's version told at an event, with claims, denials and events.

    A fact it claims is never one it denies, as the model requires. Its
    events are drawn like `events`, with ids from the same ``id`` strategy.
    Shrinks towards an account with no claims and no events.
    """
    refs = ids(unicode=unicode) if refs is None else refs
    own_id = ids(unicode=unicode) if id is None else id
    parts = st.fixed_dictionaries(
        {
            **_element_fields(own_id, unicode, with_silence),
            "narrator": refs,
            "told_at": refs,
            "claims": _some(refs, 2),
            "denies": _some(refs, 2),
            "events": _some(
                events(id=own_id, refs=refs, unicode=unicode, with_silence=with_silence), 2
            ),
        }
    )
    return parts.map(_account)


def _account(parts: dict[str, Any]) -> Account:
    claims = parts["claims"]
    denies = tuple(one for one in parts["denies"] if one not in claims)
    return Account(**{**parts, "denies": denies})


def check_settings() -> SearchStrategy[CheckSettings]:
    """`CheckSettings` selecting and ignoring real codes, families and slugs."""
    selector = st.sampled_from(("PM301", "PM3", "PM8", "acts-after-death", "PM101"))
    return st.builds(CheckSettings, select=_some(selector, 2), ignore=_some(selector, 2))


@lru_cache(maxsize=4)
def _unchecked_parts(unicode: bool, max_elements: int) -> dict[str, SearchStrategy[object]]:
    """The field strategies of an unchecked plot, built once: building them is the slow part."""
    # Short ids collide often, so some references resolve and some ids repeat.
    refs = ids(unicode=unicode, max_size=2)

    def some(strategy: SearchStrategy[T]) -> SearchStrategy[tuple[T, ...]]:
        return _some(strategy, max_elements)

    return {
        "title": texts(unicode=unicode),
        "description": _maybe(texts(unicode=unicode)),
        "source": _maybe(texts(unicode=unicode)),
        "note": _maybe(texts(unicode=unicode)),
        "characters": some(characters(refs=refs, unicode=unicode)),
        "things": some(things(refs=refs, unicode=unicode)),
        "places": some(places(refs=refs, unicode=unicode)),
        "groups": some(groups(refs=refs, unicode=unicode)),
        "relationships": some(relationships(refs=refs, unicode=unicode)),
        "facts": some(facts(refs=refs, unicode=unicode)),
        "events": some(events(refs=refs, unicode=unicode)),
        "accounts": _some(accounts(id=refs, refs=refs, unicode=unicode), 2),
        "threads": some(threads(refs=refs, unicode=unicode)),
        "setups": some(setups(refs=refs, unicode=unicode)),
        "discrepancies": some(discrepancies(refs=refs, unicode=unicode)),
        "screen": some(refs),
        "check": check_settings(),
        "silence": _some(silences(), 2),
    }


def unchecked_plots(*, unicode: bool = True, max_elements: int = 3) -> SearchStrategy[Plot]:
    """Well-formed plots whose story need not make sense, for load and dump round trips.

    Every field of every class is sometimes set, silences and check settings
    included, and ids may dangle or repeat, so the checker will usually
    complain; a loader and a dumper must still carry them unchanged. Use
    `plots` for plots that pass the checker. Shrinks towards a plot with a
    title and nothing else.

    Args:
        unicode: Draw text and ids from all of Unicode.
        max_elements: The most elements of each kind.
    """
    return st.builds(Plot, **_unchecked_parts(unicode, max_elements))
