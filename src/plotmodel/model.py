"""The plot model: characters, things, places, facts and the events that change them.

Every class is a frozen, slotted attrs class built with keyword arguments, so a
plot written in Python reads like the plot file it mirrors. Validators check
only what is local to one field; anything that relates two objects (an agent
that died earlier, a reference to a missing id) is a rule in `plotmodel.rules`.

Ids are plain strings. References between elements are ids, never objects, so
a plot stays a tree that loads, dumps and compares by value. Every field that
holds ids says so in its metadata (`Refers`): which kinds of element it may
name, and whether it puts someone bodily in the event. Loading, the story
state, the rules, ``show`` and the strategies all read that one declaration.

Each kind of effect is declared once, as a class decorated with `effect`: its
file key and short form, its fields and their references, how it changes the
story world (`Effect.apply`, against the `World` protocol the story state
carries out) and the sentence ``show`` prints for it (`Effect.sentence`).
"""

from __future__ import annotations

import datetime as dt
import difflib
import enum
import re
import weakref
from collections.abc import Callable, Mapping, Sequence
from types import MappingProxyType
from typing import Any, ClassVar, Final, Protocol, TypeAlias, TypeVar, overload

import attrs
from attrs import field, frozen

__all__ = [
    "AUDIENCE",
    "EFFECT_KINDS",
    "EFFECT_TYPES",
    "EXPECTATION_KINDS",
    "EXPECTATION_TYPES",
    "Account",
    "Agent",
    "Alive",
    "Appearance",
    "Arrested",
    "At",
    "Belief",
    "Believes",
    "Born",
    "Certainty",
    "Character",
    "CheckSettings",
    "Condition",
    "Damaged",
    "Dead",
    "Destroyed",
    "Dies",
    "Discrepancy",
    "Dying",
    "Effect",
    "Element",
    "Escapes",
    "Event",
    "Expectation",
    "Fact",
    "Forgets",
    "Found",
    "Free",
    "Group",
    "HandsOver",
    "Held",
    "Holds",
    "How",
    "Injured",
    "Interval",
    "Joins",
    "Journey",
    "Kind",
    "Knows",
    "Leaves",
    "Located",
    "Lost",
    "Made",
    "Member",
    "Motive",
    "Moves",
    "Participant",
    "Place",
    "Plot",
    "Precision",
    "PutIn",
    "Recovers",
    "ReferenceField",
    "Refers",
    "Relationship",
    "Released",
    "Repaired",
    "Returns",
    "Reveal",
    "Say",
    "Setup",
    "Silence",
    "Span",
    "Story",
    "TakenOut",
    "Takes",
    "Thing",
    "Thread",
    "Verdict",
    "World",
    "effect",
    "expectation",
    "field_check",
    "file_key",
    "length_of",
    "reference_fields",
    "refers",
]

AUDIENCE = "audience"
"""The reserved id that stands for the audience in `Reveal.to`."""

_ID = re.compile(r"\S+")


class Kind(enum.Enum):
    """The kind of element an id names; the value is its list's key in a plot file."""

    CHARACTER = "characters"
    THING = "things"
    PLACE = "places"
    GROUP = "groups"
    RELATIONSHIP = "relationships"
    FACT = "facts"
    EVENT = "events"
    ACCOUNT = "accounts"
    THREAD = "threads"
    SETUP = "setups"
    DISCREPANCY = "discrepancies"

    # members are singletons: hash them by identity, in C, not by name as enums do
    __hash__ = object.__hash__

    @property
    def noun(self) -> str:
        """The kind in a message: ``character``, ``thing``, ``relationship``."""
        return _NOUNS[self]

    @property
    def one(self) -> str:
        """One of the kind in a message, with its article: ``a character``, ``an event``."""
        return _a(_NOUNS[self])


_NOUNS: Final = {
    Kind.CHARACTER: "character",
    Kind.THING: "thing",
    Kind.PLACE: "place",
    Kind.GROUP: "group",
    Kind.RELATIONSHIP: "relationship",
    Kind.FACT: "fact",
    Kind.EVENT: "event",
    Kind.ACCOUNT: "account",
    Kind.THREAD: "thread",
    Kind.SETUP: "setup",
    Kind.DISCREPANCY: "discrepancy",
}

_ANY: Final = frozenset(Kind)
_ACTOR: Final = frozenset({Kind.CHARACTER, Kind.GROUP})
_CHARACTER: Final = frozenset({Kind.CHARACTER})
_GROUP: Final = frozenset({Kind.GROUP})
_PLACE: Final = frozenset({Kind.PLACE})
_THING: Final = frozenset({Kind.THING})
_EVENT: Final = frozenset({Kind.EVENT})
_FACT: Final = frozenset({Kind.FACT})
_RELATIONSHIP: Final = frozenset({Kind.RELATIONSHIP})
_MOVABLE: Final = frozenset({Kind.CHARACTER, Kind.GROUP, Kind.THING})
# Where someone can be: a place, or a thing they are in (a car, a van, a box).
_WHERE: Final = frozenset({Kind.PLACE, Kind.THING})

# The metadata keys the model's fields carry.
_REFERS: Final = "plotmodel.refers"
_FILE_KEY: Final = "plotmodel.key"


@frozen
class Refers:
    """What the ids in one field may name, declared once on the field.

    Attributes:
        kinds: The kinds of element the ids may name.
        audience: Whether the reserved id ``audience`` is accepted too.
        bodily: The verb messages use when the field puts someone (or
            something) bodily in the event (``acts in``); ``None`` when the
            field only refers to them.
        one: Whether a list of ids may be written as one id (``by: areski``
            for ``by: [areski]``).
        cause: Whether the field names who brings the change about (the
            killer, the bomber) rather than whom it happens to; a cause may
            act from elsewhere, or from before.
    """

    kinds: frozenset[Kind]
    audience: bool = False
    bodily: str | None = None
    one: bool = False
    cause: bool = False


def refers(
    kinds: frozenset[Kind],
    *,
    audience: bool = False,
    bodily: str | None = None,
    key: str | None = None,
    one: bool = False,
    cause: bool = False,
) -> dict[str, object]:
    """Field metadata declaring that the field holds ids of ``kinds``.

    Args:
        kinds: The kinds of element the ids may name.
        audience: Whether ``audience`` is accepted too.
        bodily: The verb for a field that puts someone bodily in the event.
        key: The field's name in files, when it differs from the attribute's.
        one: Whether a list of ids may be written as one id.
        cause: Whether the field names who brings the change about.
    """
    found: dict[str, object] = {
        _REFERS: Refers(kinds, audience=audience, bodily=bodily, one=one, cause=cause)
    }
    if key is not None:
        found[_FILE_KEY] = key
    return found


def file_key(attribute: attrs.Attribute[Any]) -> str:
    """The name a model field has in plot files (``from`` for ``from_``)."""
    key: str = attribute.metadata.get(_FILE_KEY, attribute.name)
    return key


@frozen
class ReferenceField:
    """One model field that holds ids, as its declaration describes it.

    Attributes:
        owner: The model class the field belongs to.
        name: The attribute's name in the model (``from_``, not ``from``).
        key: The field's name in files (``from``).
        refers: What the ids may name, and whether the field is bodily.
        many: Whether the field holds a list of ids rather than one.
        required: Whether the field must be given (it has no default).
    """

    owner: type
    name: str
    key: str
    refers: Refers
    many: bool
    required: bool

    @property
    def kinds(self) -> frozenset[Kind]:
        """The kinds of element the ids may name."""
        return self.refers.kinds

    @property
    def audience(self) -> bool:
        """Whether the reserved id ``audience`` is accepted too."""
        return self.refers.audience

    @property
    def label(self) -> str:
        """The field as a message names it: ``agents``, ``participants.who`` or ``dies.who``."""
        effect_key: str | None = getattr(self.owner, "key", None)
        if effect_key:
            return f"{effect_key}.{self.key}"
        if self.owner is Participant:
            return f"participants.{self.key}"
        if self.owner is Journey:
            return f"journeys.{self.key}"
        return self.key

    def accepted(self, *, many: bool = True) -> str:
        """The accepted kinds in words: ``characters or groups``, or ``a place`` for one id."""
        if self.kinds == _ANY:
            return "any elements" if many else "any element"
        nouns = [_plural(kind) if many else kind.one for kind in Kind if kind in self.kinds]
        if self.audience:
            nouns.append("'audience'")
        if len(nouns) == 1:
            return nouns[0]
        return ", ".join(nouns[:-1]) + " or " + nouns[-1]


def _a(noun: str) -> str:
    return f"an {noun}" if noun[0].lower() in "aeiou" else f"a {noun}"


def _plural(kind: Kind) -> str:
    return "discrepancies" if kind is Kind.DISCREPANCY else kind.noun + "s"


_REFERENCE_FIELDS: dict[type, tuple[ReferenceField, ...]] = {}


def reference_fields(cls: type) -> tuple[ReferenceField, ...]:
    """Every field of a model class that holds ids, in field order (cached per class)."""
    found = _REFERENCE_FIELDS.get(cls)
    if found is None:
        found = _REFERENCE_FIELDS[cls] = tuple(
            ReferenceField(
                owner=cls,
                name=a.name,
                key=file_key(a),
                refers=a.metadata[_REFERS],
                many=str(a.type).startswith("tuple"),
                required=a.default is attrs.NOTHING,
            )
            for a in attrs.fields(cls)
            if _REFERS in a.metadata
        )
    return found


def _is_id(_instance: object, attribute: attrs.Attribute[str], value: str) -> None:
    """Ids are non-empty and hold no white space, so they read well in messages."""
    if type(value) is not str or not _ID.fullmatch(value):
        raise ValueError(f"{attribute.name} must be a non-empty id without spaces, got {value!r}")


def _is_optional_id(
    _instance: object, attribute: attrs.Attribute[str | None], value: str | None
) -> None:
    if value is not None and (type(value) is not str or not _ID.fullmatch(value)):
        raise ValueError(f"{attribute.name} must be a non-empty id without spaces, got {value!r}")


def _what(value: object) -> str:
    """A value in an error message: its type, and its text when it is short."""
    text = repr(value)
    return f"a {type(value).__name__}" + (f" {text}" if len(text) <= 40 else "")


def _not_a_tuple(attribute: attrs.Attribute[Any], value: object, items: str) -> TypeError:
    """The error for a value that is not a tuple, with a hint for a forgotten comma."""
    if isinstance(value, str):
        # a forgotten comma, ("bob"), is a string: read letter by letter it would name 'b', 'o'...
        return TypeError(
            f"{attribute.name} must be a tuple of {items}, got the text {value!r}: "
            f"write ({value!r},) for one"
        )
    return TypeError(f"{attribute.name} must be a tuple of {items}, got {_what(value)}")


def _are_ids(
    _instance: object, attribute: attrs.Attribute[tuple[str, ...]], value: tuple[str, ...]
) -> None:
    if type(value) is not tuple:
        raise _not_a_tuple(attribute, value, "ids")
    for item in value:
        if type(item) is not str or not _ID.fullmatch(item):
            raise ValueError(f"{attribute.name} must hold ids without spaces, got {item!r}")


def _are_texts(
    _instance: object, attribute: attrs.Attribute[tuple[str, ...]], value: tuple[str, ...]
) -> None:
    if type(value) is not tuple:
        raise _not_a_tuple(attribute, value, "texts")
    for item in value:
        if type(item) is not str:
            raise TypeError(f"{attribute.name} must hold texts, got {_what(item)}")


def _are(name: str) -> Callable[[object, attrs.Attribute[Any], object], None]:
    """A validator for a tuple of model objects of the class ``name`` (looked up when used)."""

    def validate(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
        cls = globals()[name]
        if type(value) is not tuple:
            raise _not_a_tuple(attribute, value, f"{name} objects")
        for item in value:
            if not isinstance(item, cls):
                raise TypeError(f"{attribute.name} must hold {name} objects, got {_what(item)}")

    return validate


_TUPLE = re.compile(r"tuple\[(\w+), \.\.\.\]")


def _are_optional_ids(
    instance: object, attribute: attrs.Attribute[tuple[str, ...] | None], value: object
) -> None:
    if value is not None:
        _are_ids(instance, attribute, value)  # type: ignore[arg-type]


_ID_VALIDATORS: Final[dict[str, Callable[..., None]]] = {
    "str": _is_id,
    "str | None": _is_optional_id,
    "tuple[str, ...]": _are_ids,
    "tuple[str, ...] | None": _are_optional_ids,
}


#: The metadata key of a field's validator, which `_Checked` runs for values given.
_CHECK: Final = "plotmodel.check"


def field_check(a: attrs.Attribute[Any]) -> Callable[[Any, attrs.Attribute[Any], Any], None] | None:
    """The validator of a model field: what refuses a wrong value given for it."""
    found: Callable[[Any, attrs.Attribute[Any], Any], None] | None = a.metadata.get(
        _CHECK, a.validator
    )
    return found


def _declared(cls: type, fields: list[attrs.Attribute[Any]]) -> list[attrs.Attribute[Any]]:
    """Give every reference field and every tuple the validator its annotation calls for.

    A tuple field holds ids (a reference), texts, or model objects; each gets
    a validator that refuses anything else with a clear message, such as a bare
    string where a tuple of ids belongs. Every validator, these and those
    written with a field, is kept for `_Checked` to run.
    """
    checked = []
    for a in fields:
        validator: Callable[..., None] | None = a.metadata.get(_CHECK, a.validator)
        if validator is None:
            if _REFERS in a.metadata:
                validator = _ID_VALIDATORS.get(str(a.type))
                if validator is None:
                    raise TypeError(f"{cls.__name__}.{a.name}: ids are text, got {a.type}")
            else:
                items = _TUPLE.fullmatch(str(a.type))
                validator = None
                if items is not None:
                    validator = _are_texts if items[1] == "str" else _are(items[1])
        if validator is not None:
            # the validated field replaces it
            a = a.evolve(validator=None, metadata={**a.metadata, _CHECK: validator})  # noqa: PLW2901
        checked.append(a)
    return checked


class _Checked:
    """A model class whose validators run for the values given, once each object is built.

    A field left at its default is valid by construction (no id, no items,
    the usual form), so only the fields given are checked: a plot file's
    events give a handful of their two dozen fields. Each class's check is
    written out as one function the first time an object of it is built.
    """

    __slots__ = ()

    def __attrs_post_init__(self) -> None:
        cls = type(self)
        check = _CHECKERS.get(cls)
        if check is None:
            check = _CHECKERS[cls] = _checker(cls)
        check(self)


_CHECKERS: Final[dict[type, Callable[[object], None]]] = {}


def _checker(cls: type) -> Callable[[object], None]:
    """One function running each validator of ``cls`` on its field's value, unless the default."""
    namespace: dict[str, Any] = {}
    lines = ["def check(self):"]
    for n, a in enumerate(attrs.fields(cls)):
        validator = a.metadata.get(_CHECK)
        if validator is None:
            continue
        namespace[f"check_{n}"], namespace[f"field_{n}"] = validator, a
        if a.default is attrs.NOTHING:
            lines.append(f"    check_{n}(self, field_{n}, self.{a.name})")
        else:
            namespace[f"default_{n}"] = a.default
            lines.append(f"    value = self.{a.name}")
            lines.append(f"    if value is not default_{n}:")
            lines.append(f"        check_{n}(self, field_{n}, value)")
    lines.append("    return None")
    exec("\n".join(lines), namespace)  # the code names only the class's own fields
    check: Callable[[object], None] = namespace["check"]
    return check


def _one_or_many(value: str | tuple[str, ...] | None) -> tuple[str, ...]:
    """One id where a list of ids is expected stands for a list of one; ``None`` for none."""
    if value is None:
        return ()
    # anything but an id or a tuple is left for the validator to report
    return (value,) if type(value) is str else value  # type: ignore[return-value]


# The ``by`` of an effect: who does it, one id or several, each bodily there.
_BY: Final = refers(_ACTOR, bodily="acts in", one=True)
# Who causes a death, a wound or a wreck: the sniper, the poisoner, the bomber need not be
# there, nor still alive when the victim dies of the wound or the trap goes off.
_CAUSE: Final = refers(_ACTOR, one=True, cause=True)


def _not_blank(_instance: object, attribute: attrs.Attribute[str], value: str) -> None:
    if not value.strip():
        raise ValueError(f"{attribute.name} must not be empty")


# -- story dates and durations: ISO 8601, read with the standard library's calendar --

_DATE: Final = re.compile(
    r"(?P<year>[0-9]{4})"
    r"(?:-(?P<month>[0-9]{2})"
    r"(?:-(?P<day>[0-9]{2})"
    r"(?:T(?P<hour>[0-9]{2}):(?P<minute>[0-9]{2})(?::(?P<second>[0-9]{2}))?"
    r"(?P<zone>Z|[+-][0-9]{2}:[0-9]{2})?)?)?)?"
)
_DURATION: Final = re.compile(
    r"P(?:(?P<weeks>[0-9]{1,6})W)?(?:(?P<days>[0-9]{1,6})D)?"
    r"(?:T(?:(?P<hours>[0-9]{1,6})H)?(?:(?P<minutes>[0-9]{1,6})M)?(?:(?P<seconds>[0-9]{1,6})S)?)?"
)
# The same forms for JSON Schema (editors): groups unnamed, months, days and times in range;
# what a pattern cannot say (30 February, a zone past +14:00) is left to the loader.
_DATE_SHAPE: Final = (
    r"^(?!0000)[0-9]{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01])"
    r"(T([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9])?(Z|[+-][0-9]{2}:[0-5][0-9])?)?)?)?$"
)
_DURATION_SHAPE: Final = (
    "^(?=.*[0-9])(?!.*T$)" + re.sub(r"\(\?P<\w+>", "(", _DURATION.pattern) + "$"
)
_DATE_FORMS: Final = "2019, 2019-05, 2019-05-14, 2019-05-14T21:30 or 2019-05-14T21:30:15+02:00"
_DURATION_FORMS: Final = "PT2H (two hours), P3D (three days), PT1H30M or P1DT6H"
# zones run from UTC-12 to UTC+14
_EAST_MOST: Final = dt.timedelta(hours=14)
_WEST_MOST: Final = dt.timedelta(hours=12)


def _said(text: str) -> str:
    """Text from a file in a message, as a Python literal: nothing in it reaches a terminal raw."""
    return repr(text) if len(text) <= 60 else repr(text[:40]) + f"... ({len(text):,} characters)"


def _date_problem(text: str) -> str | None:
    """What is wrong with ``text`` as a story date, or ``None`` when it is one."""
    match = _DATE.fullmatch(text)
    if match is None:
        hint = ""
        if re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}[ t][0-9].*", text):
            hint = " (write 'T' between the day and the time)"
        elif re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}", text):
            hint = " (give the minutes too: T21:00)"
        elif re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}(Z|[+-][0-9:]+)", text):
            hint = " (a zone needs a time: 2019-05-14T00:00+02:00)"
        elif re.fullmatch(r"[+-]?[0-9]{5,}.*|-[0-9]{4}.*", text):
            hint = " (years run from 0001 to 9999)"
        return f"{_said(text)} is not a story date: write it as {_DATE_FORMS} (ISO 8601){hint}"
    parts = match.groupdict()
    if parts["year"] == "0000":
        return f"{_said(text)} is not a story date: years run from 0001 to 9999"
    month = int(parts["month"] or 1)
    if not 1 <= month <= 12:
        return f"{_said(text)} is not a month of the calendar: months run 01-12"
    year, day = int(parts["year"]), int(parts["day"] or 1)
    # the month's length, without the calendar module (it imports locale, slow to start)
    days = 31 if month == 12 else (dt.date(year, month + 1, 1) - dt.date(year, month, 1)).days
    if not 1 <= day <= days:
        return f"{_said(text)} is not a day of the calendar: {year:04}-{month:02} has {days} days"
    if parts["hour"] is not None and (
        int(parts["hour"]) > 23 or int(parts["minute"]) > 59 or int(parts["second"] or 0) > 59
    ):
        return f"{_said(text)} is not a time of day: hours run 00-23, minutes and seconds 00-59"
    zone = parts["zone"]
    if zone not in (None, "Z"):
        offset = dt.timedelta(hours=int(zone[1:3]), minutes=int(zone[4:6]))
        if int(zone[4:6]) > 59 or offset > (_EAST_MOST if zone[0] == "+" else _WEST_MOST):
            return f"{_said(text)} has no such zone: offsets run from -12:00 to +14:00"
    return None


def _duration_problem(text: str) -> str | None:
    """What is wrong with ``text`` as a duration, or ``None`` when it is one."""
    match = _DURATION.fullmatch(text)
    if match is not None and any(match.groupdict().values()) and not text.endswith("T"):
        return None
    if re.fullmatch(r"P.*[0-9]Y.*|P[^T]*[0-9]M.*", text):
        # ISO 8601 allows years and months, but a check needs a length in seconds
        return (
            f"{_said(text)} has no fixed length: a year or a month varies, so give weeks or"
            " days (P52W, P30D)"
        )
    hint = ""
    if re.fullmatch(r"P.*[0-9][.,][0-9].*", text):
        hint = " (whole numbers only: PT1H30M, not PT1.5H)"
    elif re.fullmatch(r"P[0-9]+[HS]", text):
        hint = " (hours, minutes and seconds come after 'T': PT2H)"
    elif re.fullmatch(r"P.*[0-9]", text):
        hint = " (each number needs its unit: PT1H)"
    elif re.fullmatch(r"[0-9]+ *[a-zA-Z]+", text):
        hint = " (ISO 8601 durations begin with 'P': PT2H, P3D)"
    return f"{_said(text)} is not a duration: write it in ISO 8601, as {_DURATION_FORMS}{hint}"


def length_of(duration: str) -> dt.timedelta:
    """How long an ISO 8601 duration lasts: ``PT2H``, ``P3D``, ``P1DT6H30M``, ``P2W``.

    Weeks, days, hours, minutes and seconds only, in whole numbers: a month
    or a year has no fixed length.

    Raises:
        ValueError: If ``duration`` is not such a duration; the message says how to write it.
    """
    problem = _duration_problem(duration)
    if problem is not None:
        raise ValueError(problem)
    match = _DURATION.fullmatch(duration)
    assert match is not None
    amounts = {unit: int(value) for unit, value in match.groupdict().items() if value}
    return dt.timedelta(**amounts)


def _is_story_date(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """A story date is ISO 8601 text at year, month, day, minute or second precision."""
    if value is None:
        return
    if type(value) is not str:
        raise TypeError(f"{attribute.name} must be text such as '2019-05-14', got {value!r}")
    problem = _date_problem(value)
    if problem is not None:
        raise ValueError(f"{attribute.name} {problem}")


def _is_duration(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """A duration is ISO 8601 text in weeks, days, hours, minutes and seconds."""
    if value is None:
        return
    if type(value) is not str:
        raise TypeError(f"{attribute.name} must be text such as 'PT2H', got {value!r}")
    problem = _duration_problem(value)
    if problem is not None:
        raise ValueError(f"{attribute.name} {problem}")


class Precision(enum.Enum):
    """How finely a story date is given."""

    YEAR = "year"
    MONTH = "month"
    DAY = "day"
    MINUTE = "minute"
    SECOND = "second"


@frozen
class Interval:
    """The stretch of story time a date stands for: from ``start`` up to, not including, ``end``.

    ``2019-05-14`` covers that whole day, ``2019-05`` the whole month. The
    times are on the story's clock, naive unless the date gives a zone
    (``2019-05-14T21:30+02:00``), when they are aware and in that zone.

    Attributes:
        start: The first instant the date covers.
        end: The instant just after it (`datetime.datetime.max` after the year 9999).
        precision: How finely the date is given.
    """

    start: dt.datetime
    end: dt.datetime
    precision: Precision

    @classmethod
    def of(cls, date: str) -> Interval:
        """The interval an ISO 8601 story date stands for.

        Raises:
            ValueError: If ``date`` is not a story date; the message says how to write one.
        """
        problem = _date_problem(date)
        if problem is not None:
            raise ValueError(problem)
        match = _DATE.fullmatch(date)
        assert match is not None
        found = match.groupdict()
        parts = {key: int(value) for key, value in found.items() if value and key != "zone"}
        year = parts["year"]
        if "month" not in parts:
            start = dt.datetime(year, 1, 1)
            return cls(start, _after(start, months=12), Precision.YEAR)
        if "day" not in parts:
            start = dt.datetime(year, parts["month"], 1)
            return cls(start, _after(start, months=1), Precision.MONTH)
        if "hour" not in parts:
            start = dt.datetime(year, parts["month"], parts["day"])
            return cls(start, _after(start, days=1), Precision.DAY)
        zone = found["zone"]
        tz: dt.tzinfo | None = None
        if zone == "Z":
            tz = dt.UTC
        elif zone is not None:
            offset = dt.timedelta(hours=int(zone[1:3]), minutes=int(zone[4:6]))
            tz = dt.timezone(offset if zone[0] == "+" else -offset)
        day = dt.datetime(year, parts["month"], parts["day"], tzinfo=tz)
        start = day.replace(hour=parts["hour"], minute=parts["minute"])
        if found["second"] is None:
            return cls(start, _after(start, minutes=1), Precision.MINUTE)
        start = start.replace(second=parts.get("second", 0))
        return cls(start, _after(start, seconds=1), Precision.SECOND)

    @property
    def zoned(self) -> bool:
        """Whether the date gives a zone, so that it is one instant the world over."""
        return self.start.tzinfo is not None


def _after(start: dt.datetime, *, months: int = 0, **step: int) -> dt.datetime:
    """The instant a step after ``start``; `datetime.datetime.max` past the year 9999."""
    try:
        if months:
            total = start.year * 12 + start.month - 1 + months
            return start.replace(year=total // 12, month=total % 12 + 1)
        return start + dt.timedelta(**step)
    except (OverflowError, ValueError):
        return dt.datetime.max.replace(tzinfo=start.tzinfo)


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

    `PRESENT` and `REMOTE` are bodily: alive, acting, somewhere. The others
    let the dead and the destroyed appear without breaking life or thing rules.
    """

    PRESENT = "present"
    """Physically there and taking part."""
    REMOTE = "remote"
    """Taking part live from elsewhere: a phone call, a radio, a video link.

    Alive and bodily somewhere (its ``at``, when the plot gives it), but not at
    the event's place.
    """
    REMAINS = "remains"
    """A body or a wreck: the object of the event, not a participant in it."""
    MEMORY = "memory"
    VISION = "vision"
    GHOST = "ghost"
    RECORDING = "recording"
    PHOTOGRAPH = "photograph"
    LETTER = "letter"
    MEDIUM = "medium"
    """A dead person speaking through a living one, who is the one bodily there."""

    @property
    def perceives(self) -> bool:
        """Whether someone in this form takes in what happens: present, a ghost, a vision, a medium.

        Such a one may be told things and learn in the event, even when dead.
        """
        return self in _PERCEIVING

    @property
    def bodily(self) -> bool:
        """Whether someone in this form is bodily somewhere, so alive and able to act."""
        return self is Appearance.PRESENT or self is Appearance.REMOTE


_PERCEIVING: Final = frozenset(
    {
        Appearance.PRESENT,
        Appearance.REMOTE,
        Appearance.GHOST,
        Appearance.VISION,
        Appearance.MEDIUM,
    }
)


class Belief(enum.IntEnum):
    """Where a knower stands on a fact; higher is stronger.

    Knowing is not a level: a knower knows a fact when they believe it and it
    is true (`plotmodel.state.StoryState.knows`).
    """

    UNAWARE = 0
    """Never told, never came across it, or forgot it."""
    TOLD = 1
    """Has heard it but does not believe it (``believed: false``), or stopped believing it."""
    DOUBTS = 2
    """Has heard it and leans against it, without rejecting it."""
    SUSPECTS = 3
    """Leans towards it without being sure."""
    BELIEVES = 4
    """Takes it as true."""

    @property
    def word(self) -> str:
        """The level as files and ``show`` write it: ``told``, ``suspects``."""
        return self.name.lower()

    @classmethod
    def from_word(cls, word: str) -> Belief:
        """The level a word names (``suspects``); `ValueError` for any other word."""
        try:
            return _BELIEF_WORDS[word]
        except KeyError:
            raise ValueError(f"{word!r} is not a belief level") from None


_BELIEF_WORDS: Final = {level.word: level for level in Belief}


class Condition(enum.Enum):
    """The state a thing is in."""

    INTACT = "intact"
    DAMAGED = "damaged"
    DESTROYED = "destroyed"


@frozen(kw_only=True, field_transformer=_declared)
class Silence(_Checked):
    """A finding silenced in place: which rule, and why the writer accepts it.

    Attributes:
        code: The rule's code (``PM301``) or slug (``acts-after-death``).
        reason: Why this finding is not a mistake. A silence without one is
            itself reported, so silences stay honest.
    """

    code: str = field(kw_only=False, validator=_not_blank)
    reason: str | None = field(default=None, kw_only=False)


@frozen(kw_only=True, field_transformer=_declared)
class Element(_Checked):
    """What every named element shares: a stable id, a name and source honesty.

    Attributes:
        id: Stable id used by every reference to this element.
        name: How people call it.
        description: A sentence or two in the writer's words.
        note: A remark about the source: a doubt, a choice made, a page.
        certainty: How sure the source is that this element is as modelled.
        silence: Findings about this element the writer accepts, with reasons.
    """

    id: str = field(kw_only=False, validator=_is_id)
    name: str = field(kw_only=False, validator=_not_blank)
    description: str | None = None
    note: str | None = None
    certainty: Certainty = Certainty.STATED
    silence: tuple[Silence, ...] = ()


@frozen(kw_only=True, field_transformer=_declared)
class Character(Element):
    """A person in the story.

    Attributes:
        aliases: Other names the story uses for them.
        groups: Ids of the groups they belong to when the story starts.
        at: Id of the place where they are when the story starts, if known.
        inside: Id of the thing they are in when the story starts (aboard a
            train): they are wherever it is, until a scene elsewhere.
    """

    aliases: tuple[str, ...] = ()
    groups: tuple[str, ...] = field(default=(), metadata=refers(_GROUP))
    at: str | None = field(default=None, metadata=refers(_PLACE))
    inside: str | None = field(default=None, metadata=refers(_THING))


@frozen(kw_only=True, field_transformer=_declared)
class Thing(Element):
    """An object that matters: a vehicle, a weapon, a device, a piece of evidence.

    A thing may be inside another (a bullet in a dashboard, a tape in a box):
    it goes wherever its container goes and is held with it.

    Attributes:
        kind: What sort of thing it is, in a word (``vehicle``, ``weapon``).
        at: Id of the place where it is when the story starts, if known.
        held_by: Id of the character or group who has it when the story starts.
        inside: Id of the thing it is inside when the story starts.
    """

    kind: str | None = None
    at: str | None = field(default=None, metadata=refers(_PLACE))
    held_by: str | None = field(default=None, metadata=refers(_ACTOR))
    inside: str | None = field(default=None, metadata=refers(_THING))


@frozen(kw_only=True, field_transformer=_declared)
class Journey(_Checked):
    """The shortest time it takes to travel from one place to another.

    A journey declared on a place holds for every place inside it too, and
    both ways unless it is ``one_way``.

    Attributes:
        to: Id of the place it leads to.
        takes: How long it takes at the least: an ISO 8601 duration (``PT8H``, ``P2D``).
        one_way: Whether it holds only from this place to ``to``, not back.
        note: A remark about the source.
    """

    to: str = field(metadata=refers(_PLACE))
    takes: str = field(validator=_is_duration, metadata={"pattern": _DURATION_SHAPE})
    one_way: bool = False
    note: str | None = None

    @property
    def length(self) -> dt.timedelta:
        """How long the journey takes at the least."""
        return length_of(self.takes)


@frozen(kw_only=True, field_transformer=_declared)
class Place(Element):
    """A place where events happen.

    Attributes:
        inside: Id of the place that contains this one (the garage inside
            police headquarters). Being inside counts as being in the outer place.
        journeys: The shortest travel times from here to other places.
    """

    inside: str | None = field(default=None, metadata=refers(_PLACE))
    journeys: tuple[Journey, ...] = field(default=(), validator=_are("Journey"))


@frozen(kw_only=True, field_transformer=_declared)
class Group(Element):
    """A group that can act or be acted upon as a whole: a brigade, a gang.

    Attributes:
        part_of: Id of a larger group this one belongs to.
    """

    part_of: str | None = field(default=None, metadata=refers(_GROUP))


def _two_ids(
    _instance: object, attribute: attrs.Attribute[tuple[str, ...]], value: tuple[str, ...]
) -> None:
    _are_ids(_instance, attribute, value)
    if len(value) != 2:
        raise ValueError(f"{attribute.name} must name exactly two characters, got {len(value)}")


@frozen(kw_only=True, field_transformer=_declared)
class Relationship(_Checked):
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

    id: str = field(kw_only=False, validator=_is_id)
    kind: str = field(kw_only=False, validator=_not_blank)
    between: tuple[str, ...] = field(validator=_two_ids, metadata=refers(_CHARACTER))
    name: str | None = None
    description: str | None = None
    since: str | None = field(default=None, metadata=refers(_EVENT))
    until: str | None = field(default=None, metadata=refers(_EVENT))
    note: str | None = None
    certainty: Certainty = Certainty.STATED
    silence: tuple[Silence, ...] = ()


@frozen(kw_only=True, field_transformer=_declared)
class Fact(Element):
    """A proposition about the story world, true or false, public or secret.

    The name states the proposition ("Areski shot Charas"). A false fact
    (``holds=False``) is what deceived characters come to believe. A fact the
    story never settles (``holds=None``) is neither true nor false: no rule
    takes it as either.

    Attributes:
        holds: Whether the proposition is true in the story world; ``None``
            when the story leaves it open.
        established_by: Id of the event that makes it true. Its agents know
            it from then on.
        ended_by: Id of the event after which it no longer holds ("Duncan is
            king" ends with his murder). Believing it later is believing
            something no longer true; a fact it contradicts may hold then.
        backstory: True when it holds before the story starts.
        secret: True when those who know it keep it hidden.
        known_by: Ids of characters who know it when the story starts.
        contradicts: Ids of facts that cannot hold together with this one;
            coming to believe this fact drops belief in those.
        learned_by: Who comes to believe it when its event makes it true:
            by default (``None``) that event's agents; give the ids to say
            otherwise (a witness who is not an agent, or nobody at all).
        kept_from: Agents of its events who do not see it change: the killer
            who took his victim for another man does not know whom he killed,
            and the little man singing his name does not know that the
            listener in the trees has ended his secret.
    """

    holds: bool | None = True
    established_by: str | None = field(default=None, metadata=refers(_EVENT))
    ended_by: str | None = field(default=None, metadata=refers(_EVENT))
    backstory: bool = False
    secret: bool = False
    known_by: tuple[str, ...] = field(default=(), metadata=refers(_ACTOR))
    contradicts: tuple[str, ...] = field(default=(), metadata=refers(_FACT))
    learned_by: tuple[str, ...] | None = field(default=None, metadata=refers(_ACTOR))
    kept_from: tuple[str, ...] = field(default=(), metadata=refers(_ACTOR))


@frozen(kw_only=True, field_transformer=_declared)
class Participant(_Checked):
    """Someone or something in an event besides its agents.

    Attributes:
        who: Id of a character, group or thing.
        role: What part they play, in a word (``victim``, ``witness``, ``evidence``).
        appears: In what form; only ``present`` and ``remote`` are bodily.
        at: Where they are while they take part from elsewhere (``appears:
            remote``, or present at the far end of a call): a place, or a
            thing they are in. Only for bodily forms.
        note: A remark about this part: a doubt, a choice made, a page.
    """

    who: str = field(kw_only=False, metadata=refers(_MOVABLE, bodily="takes part in"))
    role: str | None = None
    appears: Appearance = field(default=Appearance.PRESENT)
    at: str | None = field(default=None, metadata=refers(_WHERE))
    note: str | None = None

    @appears.validator
    def _bodily_if_somewhere(self, _attribute: attrs.Attribute[Appearance], value: object) -> None:
        if self.at is not None and isinstance(value, Appearance) and not value.bodily:
            raise ValueError(
                f"appears must be present or remote to be 'at' a place, got {value.value!r}"
            )


@frozen(kw_only=True, field_transformer=_declared)
class Motive(_Checked):
    """A fact an event's agents act on, and which of them act on it.

    Attributes:
        fact: Id of the fact acted on.
        agents: Ids of the agents who act on it; empty means every agent.
    """

    fact: str = field(metadata=refers(_FACT))
    agents: tuple[str, ...] = field(default=(), metadata=refers(_ACTOR))


#: An agent of an event: an id, or a form of appearance (``{who, appears}``) like a participant's.
Agent: TypeAlias = "str | Participant"

#: A motive of an event: a fact's id (every agent acts on it), or a `Motive` naming who does.
MotiveLike: TypeAlias = "str | Motive"


def _agent_forms(value: object) -> tuple[str | Participant, ...]:
    """Agents as given; an agent given as ``{who: id}`` alone is written as the id."""
    if type(value) is not tuple:
        return value  # type: ignore[return-value]  # the validator says what is wrong
    for one in value:
        if type(one) is Participant:
            break
    else:
        return value  # ids only, as most agents are given
    return tuple(
        one.who
        if type(one) is Participant
        and one.role is None
        and one.appears is Appearance.PRESENT
        and one.at is None
        and one.note is None
        else one
        for one in value
    )


def _are_agents(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    _are_forms(attribute, value, Participant, "a {who, appears} form")


def _are_motives(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    _are_forms(attribute, value, Motive, "a Motive")


def _are_forms(attribute: attrs.Attribute[Any], value: object, form: type, words: str) -> None:
    """A tuple of ids, each of which may also be given as a record of ``form``."""
    if type(value) is not tuple:
        raise _not_a_tuple(attribute, value, "ids")
    for item in value:
        if type(item) is form:
            continue
        if type(item) is not str or not _ID.fullmatch(item):
            raise ValueError(f"{attribute.name} must hold ids or {words}, got {item!r}")


# -- effects -------------------------------------------------------------------


class World(Protocol):
    """The changes an effect can make to the story world.

    Each effect's `Effect.apply` says what it changes in these terms; the
    story state (`plotmodel.state`) carries the changes out, in the order the
    effects are written, and records who, where and when for every query.
    """

    def dies(self, who: str, *, by: tuple[str, ...]) -> None:
        """``who`` dies."""

    def returns(self, who: str) -> None:
        """``who`` comes back to life."""

    def born(self, who: str) -> None:
        """``who`` comes into the story: no bodily part in it before."""

    def injured(self, who: str, *, by: tuple[str, ...]) -> None:
        """``who`` is hurt but lives."""

    def recovers(self, who: str) -> None:
        """``who``'s injury heals."""

    def arrested(
        self, who: str, *, by: tuple[str, ...], at: str | None, allowed: tuple[str, ...]
    ) -> None:
        """``who`` (a character, or a group and its members) is taken into custody."""

    def freed(self, who: str, *, by: tuple[str, ...], escaped: bool) -> None:
        """``who`` leaves custody: released, or by an escape."""

    def becomes(self, thing: str, condition: Condition, *, by: tuple[str, ...]) -> None:
        """``thing`` is damaged, destroyed or made whole."""

    def made(self, thing: str, *, by: tuple[str, ...]) -> None:
        """``thing`` exists from here on: no part in the story before."""

    def moves(self, who: str, to: str) -> None:
        """``who`` (a character, group or thing) goes to a place, or into a thing."""

    def passes(self, thing: str, to: str) -> None:
        """``thing`` passes into the hands of ``to``."""

    def puts(self, thing: str, into: str | None) -> None:
        """``thing`` goes into the thing ``into`` (``None``: it is taken out of its container)."""

    def lost(self, thing: str) -> None:
        """``thing`` has no holder and no known place until it is found."""

    def found(self, thing: str, *, by: str | None, at: str | None) -> None:
        """``thing`` is found: the finder holds it; found lying somewhere, it is there."""

    def belongs(self, who: str, group: str, *, member: bool) -> None:
        """``who`` joins ``group`` (or leaves it, with ``member=False``)."""

    def told(self, fact: str, to: tuple[str, ...], belief: Belief, *, by: str | None) -> None:
        """``fact`` reaches ``to`` (characters, groups or the audience) at ``belief``."""

    def forgets(self, fact: str, who: tuple[str, ...]) -> None:
        """``who`` (characters or groups) lose ``fact``: they stand unaware of it again."""


def _many_verb(verb: str) -> str:
    """A verb's form for many from its form for one: ``is`` -> ``are``, ``hands`` -> ``hand``.

    For sentences about a group (``the Forty Thieves hide``): regular English
    verbs, and ``is``, ``has`` and ``was``.
    """
    irregular = {"is": "are", "has": "have", "was": "were"}
    if verb in irregular:
        return irregular[verb]
    if verb.endswith(("ches", "shes", "sses", "xes", "zzes", "oes")):
        return verb[:-2]
    if verb.endswith("ies") and len(verb) > 4:
        return verb[:-3] + "y"  # carries -> carry; but dies -> die
    return verb[:-1] if verb.endswith("s") and not verb.endswith("ss") else verb


class Say(Protocol):
    """Words for ids, for the sentences ``show`` prints about effects."""

    def name(self, id_: str | None) -> str:
        """The element's name (its id when it has none; ``someone`` for ``None``)."""

    def names(self, ids: Sequence[str]) -> str:
        """Several names in a sentence: ``Lino, Charas and Quentin``."""

    def many(self, who: str | None) -> bool:
        """Whether ``who`` takes a verb for many: a group does (``the Forty Thieves hand``)."""

    def by(self, who: str | Sequence[str] | None) -> str:
        """`` by Lino`` (`` by Lino and Moss``), or nothing when nobody is named."""

    def fact(self, id_: str) -> str:
        """A fact's name, marked ``(a falsehood)`` when it does not hold."""


def _does(say: Say, who: str | None, verb: str) -> str:
    """A name and a verb that agrees with it: ``Lino hands``, ``the Forty Thieves hand``."""
    return f"{say.name(who)} {_many_verb(verb) if say.many(who) else verb}"


@frozen(kw_only=True, field_transformer=_declared)
class Effect(_Checked):
    """A change an event makes to the story world or to what someone knows.

    Every kind of effect is a subclass declared with `effect`; the fields every
    effect shares are a note and a certainty, as for any claim.

    Attributes:
        note: A remark about the source.
        certainty: How sure the source is of this change.
    """

    #: The effect's key in files (``dies``).
    key: ClassVar[str] = ""
    #: The field its one-value short form fills (``dies: charas``), if it has one.
    short: ClassVar[str | None] = None

    note: str | None = None
    certainty: Certainty = Certainty.STATED

    def apply(self, world: World) -> None:
        """Make this effect's change to the story world."""
        raise NotImplementedError

    def sentence(self, say: Say) -> str:
        """What ``show`` prints for this effect, in a plain sentence."""
        raise NotImplementedError


E = TypeVar("E", bound=Effect)

_EFFECTS: dict[str, type[Effect]] = {}

#: Every effect class by its key in files, in the order they are declared (and documented).
EFFECT_KINDS: Final[Mapping[str, type[Effect]]] = MappingProxyType(_EFFECTS)


def effect(key: str, *, short: str | None = None) -> Callable[[type[E]], type[E]]:
    """Declare an effect class: its key in files and the field its short form fills.

    Declaring registers the kind, so the converter, the story state, ``show``
    and the strategies know it. A key declared twice, a short form naming no
    field, or a class that does not say how it changes the world and how it
    reads fails at import.

    Args:
        key: The effect's key in files (``dies``).
        short: The field a one-value short form fills (``dies: charas``).
    """

    def declare(cls: type[E]) -> type[E]:
        _check_kind("effect", _EFFECTS, key, short, cls)
        positional = [name for name, a in attrs.fields_dict(cls).items() if not a.kw_only]
        if positional != ([short] if short is not None else []):
            # Python's short form mirrors the file's: Dies("charas") as dies: charas
            raise TypeError(
                f"effect {key!r}: only its short form's field may be given without a name; "
                f"declare {short!r} with field(kw_only=False) and no other"
                if short is not None
                else f"effect {key!r}: without a short form, every field takes a name"
            )
        _register("effect", _EFFECTS, cls, key=key, short=short, methods=("apply", "sentence"))
        return cls

    return declare


def _check_kind(
    what: str, registry: Mapping[str, type], key: str, short: str | None, cls: type
) -> None:
    """Refuse a kind's key declared twice, or a short form naming none of its fields."""
    if key in registry:
        raise ValueError(f"{what} key {key!r} is declared twice")
    if short is not None and short not in attrs.fields_dict(cls):
        raise ValueError(f"{what} {key!r}: its short form names no field {short!r}")


def _register(
    what: str,
    registry: dict[str, Any],
    cls: Any,
    *,
    key: str,
    short: str | None,
    methods: tuple[str, ...],
) -> None:
    """Register a declared kind (of effect, of expectation) once it defines ``methods``."""
    for method in methods:
        if method not in cls.__dict__:
            raise TypeError(f"{what} {key!r} must define {method}()")
    cls.key = key
    cls.short = short
    registry[key] = cls


@effect("dies", short="who")
@frozen(kw_only=True, field_transformer=_declared)
class Dies(Effect):
    """A character dies, or a group with all its members; only a later `Returns` brings one back."""

    who: str = field(kw_only=False, metadata=refers(_ACTOR))
    by: tuple[str, ...] = field(default=(), converter=_one_or_many, metadata=_CAUSE)

    def apply(self, world: World) -> None:
        """The character (or the group, its parts and its living members) is dead from here on."""
        world.dies(self.who, by=self.by)

    def sentence(self, say: Say) -> str:
        """``Charas dies``, ``Charas is killed by Areski``, or ``Othello dies by suicide``."""
        if self.by == (self.who,):
            return f"{_does(say, self.who, 'dies')} by suicide"
        if self.by:
            return f"{_does(say, self.who, 'is')} killed by {say.names(self.by)}"
        return _does(say, self.who, "dies")


@effect("returns", short="who")
@frozen(kw_only=True, field_transformer=_declared)
class Returns(Effect):
    """A dead character comes back to life (resuscitation, resurrection)."""

    who: str = field(kw_only=False, metadata=refers(_CHARACTER))

    def apply(self, world: World) -> None:
        """The character is alive again."""
        world.returns(self.who)

    def sentence(self, say: Say) -> str:
        """``Charas comes back to life``."""
        return f"{_does(say, self.who, 'comes')} back to life"


@effect("born", short="who")
@frozen(kw_only=True, field_transformer=_declared)
class Born(Effect):
    """A character comes into the story: born, made, or first in the world here.

    Any bodily part they have in an earlier event is a plot hole.
    """

    who: str = field(kw_only=False, metadata=refers(_CHARACTER))

    def apply(self, world: World) -> None:
        """The character exists from here on."""
        world.born(self.who)

    def sentence(self, say: Say) -> str:
        """``Lino's son is born``."""
        return f"{_does(say, self.who, 'is')} born"


@effect("injured", short="who")
@frozen(kw_only=True, field_transformer=_declared)
class Injured(Effect):
    """A character is hurt but lives."""

    who: str = field(kw_only=False, metadata=refers(_CHARACTER))
    by: tuple[str, ...] = field(default=(), converter=_one_or_many, metadata=_CAUSE)

    def apply(self, world: World) -> None:
        """The character carries the injury from here on."""
        world.injured(self.who, by=self.by)

    def sentence(self, say: Say) -> str:
        """``Lino is injured by Areski``."""
        return f"{_does(say, self.who, 'is')} injured" + say.by(self.by)


@effect("recovers", short="who")
@frozen(kw_only=True, field_transformer=_declared)
class Recovers(Effect):
    """An injured character heals; the injury no longer counts."""

    who: str = field(kw_only=False, metadata=refers(_CHARACTER))

    def apply(self, world: World) -> None:
        """The character carries no injury from here on."""
        world.recovers(self.who)

    def sentence(self, say: Say) -> str:
        """``Lino recovers``."""
        return _does(say, self.who, "recovers")


@effect("arrested", short="who")
@frozen(kw_only=True, field_transformer=_declared)
class Arrested(Effect):
    """A character or group is taken into custody.

    Attributes:
        who: Id of the character or group held.
        by: Ids of who holds them (one id or a list).
        at: Id of the place where they are held; the event's place if omitted.
        allowed: Ids of places they may still go to while held (day release).
    """

    who: str = field(kw_only=False, metadata=refers(_ACTOR))
    by: tuple[str, ...] = field(default=(), converter=_one_or_many, metadata=_BY)
    at: str | None = field(default=None, metadata=refers(_PLACE))
    allowed: tuple[str, ...] = field(default=(), metadata=refers(_PLACE))

    def apply(self, world: World) -> None:
        """The held stay in custody until released or escaped."""
        world.arrested(self.who, by=self.by, at=self.at, allowed=self.allowed)

    def sentence(self, say: Say) -> str:
        """``Lino is arrested by Moss, held at the prison (may go to the garage)``."""
        text = f"{_does(say, self.who, 'is')} arrested" + say.by(self.by)
        # without ``at``, where they are held is the scene's place, or a vehicle they are in
        text += f", held at {say.name(self.at)}" if self.at else ""
        if self.allowed:
            text += f" (may go to {say.names(self.allowed)})"
        return text


@effect("released", short="who")
@frozen(kw_only=True, field_transformer=_declared)
class Released(Effect):
    """A held character or group is let go."""

    who: str = field(kw_only=False, metadata=refers(_ACTOR))
    by: tuple[str, ...] = field(default=(), converter=_one_or_many, metadata=_BY)

    def apply(self, world: World) -> None:
        """The custody ends."""
        world.freed(self.who, by=self.by, escaped=False)

    def sentence(self, say: Say) -> str:
        """``Lino is released by Moss``."""
        return f"{_does(say, self.who, 'is')} released" + say.by(self.by)


@effect("escapes", short="who")
@frozen(kw_only=True, field_transformer=_declared)
class Escapes(Effect):
    """A held character or group gets away from custody."""

    who: str = field(kw_only=False, metadata=refers(_ACTOR))

    def apply(self, world: World) -> None:
        """The custody ends by an escape."""
        world.freed(self.who, by=(), escaped=True)

    def sentence(self, say: Say) -> str:
        """``Lino escapes custody``."""
        return f"{_does(say, self.who, 'escapes')} custody"


@effect("destroyed", short="thing")
@frozen(kw_only=True, field_transformer=_declared)
class Destroyed(Effect):
    """A thing is destroyed; it can appear later only as remains."""

    thing: str = field(kw_only=False, metadata=refers(_THING))
    by: tuple[str, ...] = field(default=(), converter=_one_or_many, metadata=_CAUSE)

    def apply(self, world: World) -> None:
        """The thing is destroyed from here on."""
        world.becomes(self.thing, Condition.DESTROYED, by=self.by)

    def sentence(self, say: Say) -> str:
        """``the car is destroyed by the thugs``."""
        return f"{_does(say, self.thing, 'is')} destroyed" + say.by(self.by)


@effect("damaged", short="thing")
@frozen(kw_only=True, field_transformer=_declared)
class Damaged(Effect):
    """A thing is damaged but still usable."""

    thing: str = field(kw_only=False, metadata=refers(_THING))
    by: tuple[str, ...] = field(default=(), converter=_one_or_many, metadata=_CAUSE)

    def apply(self, world: World) -> None:
        """The thing is damaged from here on."""
        world.becomes(self.thing, Condition.DAMAGED, by=self.by)

    def sentence(self, say: Say) -> str:
        """``the car is damaged``."""
        return f"{_does(say, self.thing, 'is')} damaged" + say.by(self.by)


@effect("repaired", short="thing")
@frozen(kw_only=True, field_transformer=_declared)
class Repaired(Effect):
    """A damaged thing is made whole again."""

    thing: str = field(kw_only=False, metadata=refers(_THING))
    by: tuple[str, ...] = field(default=(), converter=_one_or_many, metadata=_BY)

    def apply(self, world: World) -> None:
        """The thing is whole again."""
        world.becomes(self.thing, Condition.INTACT, by=self.by)

    def sentence(self, say: Say) -> str:
        """``the car is repaired by Lino``."""
        return f"{_does(say, self.thing, 'is')} repaired" + say.by(self.by)


@effect("moves")
@frozen(kw_only=True, field_transformer=_declared)
class Moves(Effect):
    """A character, group or thing goes to a place, or gets into a vehicle.

    Things held travel with their holder; whoever is in a vehicle goes where it
    goes; a group takes its living members along, as it brings them to a scene.
    """

    who: str = field(metadata=refers(_MOVABLE, bodily="moves in"))
    to: str = field(metadata=refers(_WHERE))

    def apply(self, world: World) -> None:
        """The mover is at the new place (or in the vehicle); a thing moved alone is put there."""
        world.moves(self.who, self.to)

    def sentence(self, say: Say) -> str:
        """``Lino goes to the barn``."""
        return f"{_does(say, self.who, 'goes')} to {say.name(self.to)}"


@effect("takes")
@frozen(kw_only=True, field_transformer=_declared)
class Takes(Effect):
    """A character takes a thing, from someone or from where it lies.

    Attributes:
        who: Id of the character who takes it.
        thing: Id of the thing.
        from_: Id of the character it is taken from, if anyone (``from`` in files).
    """

    who: str = field(metadata=refers(_ACTOR, bodily="acts in"))
    thing: str = field(metadata=refers(_THING, bodily="is taken in"))
    from_: str | None = field(default=None, metadata=refers(_ACTOR, key="from"))

    def apply(self, world: World) -> None:
        """The taker holds the thing."""
        world.passes(self.thing, self.who)

    def sentence(self, say: Say) -> str:
        """``Lino takes the car from Quentin``."""
        text = f"{_does(say, self.who, 'takes')} {say.name(self.thing)}"
        return text + (f" from {say.name(self.from_)}" if self.from_ else "")


@effect("hands_over")
@frozen(kw_only=True, field_transformer=_declared)
class HandsOver(Effect):
    """A character hands a thing they have to another (``hands_over`` in files).

    Attributes:
        thing: Id of the thing.
        from_: Id of the character who gives it (``from`` in files).
        to: Id of the character who receives it.
    """

    thing: str = field(metadata=refers(_THING, bodily="is handed over in"))
    from_: str = field(metadata=refers(_ACTOR, bodily="acts in", key="from"))
    to: str = field(metadata=refers(_ACTOR, bodily="takes part in"))

    def apply(self, world: World) -> None:
        """The receiver holds the thing."""
        world.passes(self.thing, self.to)

    def sentence(self, say: Say) -> str:
        """``Quentin hands the keys to Lino``."""
        return f"{_does(say, self.from_, 'hands')} {say.name(self.thing)} to {say.name(self.to)}"


@effect("made", short="thing")
@frozen(kw_only=True, field_transformer=_declared)
class Made(Effect):
    """A thing comes into being: built, written, forged. Using it earlier is a plot hole."""

    thing: str = field(kw_only=False, metadata=refers(_THING))
    by: tuple[str, ...] = field(default=(), converter=_one_or_many, metadata=_BY)

    def apply(self, world: World) -> None:
        """The thing exists from here on."""
        world.made(self.thing, by=self.by)

    def sentence(self, say: Say) -> str:
        """``the armoured bumper is made by Lino``."""
        return f"{_does(say, self.thing, 'is')} made" + say.by(self.by)


@effect("put_in")
@frozen(kw_only=True, field_transformer=_declared)
class PutIn(Effect):
    """A thing goes inside another (``put_in`` in files): a tape into a box, a bullet into a dash.

    From then on it goes wherever its container goes and is held with it,
    until it is taken out. Destroying the container does not destroy it.

    Attributes:
        thing: Id of the thing put inside.
        into: Id of the container.
        by: Ids of who puts it there, if the plot says.
    """

    thing: str = field(metadata=refers(_THING, bodily="is put away in"))
    into: str = field(metadata=refers(_THING, bodily="is filled in"))
    by: tuple[str, ...] = field(default=(), converter=_one_or_many, metadata=_BY)

    def apply(self, world: World) -> None:
        """The thing is inside the container and in nobody's hands."""
        world.puts(self.thing, self.into)

    def sentence(self, say: Say) -> str:
        """``the tape is put in the box by Lino``."""
        return f"{_does(say, self.thing, 'is')} put in {say.name(self.into)}" + say.by(self.by)


@effect("taken_out", short="thing")
@frozen(kw_only=True, field_transformer=_declared)
class TakenOut(Effect):
    """A thing comes out of the thing it is inside (``taken_out`` in files).

    Whoever takes it out holds it; with nobody named, it lies where the container is.

    Attributes:
        thing: Id of the thing taken out.
        by: Id of who takes it out and holds it, if the plot says.
    """

    thing: str = field(kw_only=False, metadata=refers(_THING, bodily="is taken out in"))
    by: str | None = field(default=None, metadata=refers(_ACTOR, bodily="acts in"))

    def apply(self, world: World) -> None:
        """The thing is out of its container, in the hands of whoever took it out."""
        world.puts(self.thing, None)
        if self.by is not None:
            world.passes(self.thing, self.by)

    def sentence(self, say: Say) -> str:
        """``the bullet is taken out by Julia``."""
        return f"{_does(say, self.thing, 'is')} taken out" + say.by(self.by)


@effect("lost", short="thing")
@frozen(kw_only=True, field_transformer=_declared)
class Lost(Effect):
    """A thing goes missing: nobody holds it and nobody knows where it is, until it is found.

    Attributes:
        thing: Id of the thing lost.
        by: Ids of who loses it, if the plot says.
    """

    thing: str = field(kw_only=False, metadata=refers(_THING))
    by: tuple[str, ...] = field(
        default=(), converter=_one_or_many, metadata=refers(_ACTOR, one=True)
    )

    def apply(self, world: World) -> None:
        """The thing has no holder and no known place from here on."""
        world.lost(self.thing)

    def sentence(self, say: Say) -> str:
        """``the key is lost by Lino``."""
        return f"{_does(say, self.thing, 'is')} lost" + say.by(self.by)


@effect("found", short="thing")
@frozen(kw_only=True, field_transformer=_declared)
class Found(Effect):
    """A thing turns up: the finder holds it, or it is found lying somewhere.

    Finding ends a loss; a thing found that was never lost is simply picked up.

    Attributes:
        thing: Id of the thing found.
        by: Id of who finds it and takes it, if anyone.
        at: Where it is found: a place, or the thing it is inside; the
            finder's place (or the event's) if omitted.
    """

    thing: str = field(kw_only=False, metadata=refers(_THING, bodily="is found in"))
    by: str | None = field(default=None, metadata=refers(_ACTOR, bodily="acts in"))
    at: str | None = field(default=None, metadata=refers(_WHERE))

    def apply(self, world: World) -> None:
        """The loss ends; the finder holds the thing, or it lies where it is found."""
        world.found(self.thing, by=self.by, at=self.at)

    def sentence(self, say: Say) -> str:
        """``Lino finds the key at the garage``."""
        where = f" in {say.name(self.at)}" if self.at else ""
        if self.by:
            return f"{_does(say, self.by, 'finds')} {say.name(self.thing)}{where}"
        return f"{_does(say, self.thing, 'is')} found{where}"


@effect("joins")
@frozen(kw_only=True, field_transformer=_declared)
class Joins(Effect):
    """A character joins a group."""

    who: str = field(metadata=refers(_CHARACTER))
    group: str = field(metadata=refers(_GROUP))

    def apply(self, world: World) -> None:
        """The character is a member from here on."""
        world.belongs(self.who, self.group, member=True)

    def sentence(self, say: Say) -> str:
        """``Lino joins the brigade``."""
        return f"{_does(say, self.who, 'joins')} {say.name(self.group)}"


@effect("leaves")
@frozen(kw_only=True, field_transformer=_declared)
class Leaves(Effect):
    """A character leaves a group."""

    who: str = field(metadata=refers(_CHARACTER))
    group: str = field(metadata=refers(_GROUP))

    def apply(self, world: World) -> None:
        """The character is no longer a member."""
        world.belongs(self.who, self.group, member=False)

    def sentence(self, say: Say) -> str:
        """``Lino leaves the brigade``."""
        return f"{_does(say, self.who, 'leaves')} {say.name(self.group)}"


def _a_stand(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if type(value) is bool or (type(value) is Belief and value is not Belief.UNAWARE):
        return
    levels = ", ".join(level.word for level in Belief if level is not Belief.UNAWARE)
    raise ValueError(f"{attribute.name} must be true, false or one of {levels}, got {value!r}")


def _someone(
    _instance: object, attribute: attrs.Attribute[tuple[str, ...]], value: tuple[str, ...]
) -> None:
    _are_ids(_instance, attribute, value)
    if not value:
        raise ValueError(f"{attribute.name} must name at least one character, group or 'audience'")


@effect("reveal")
@frozen(kw_only=True, field_transformer=_declared)
class Reveal(Effect):
    """A fact reaches characters and/or the audience at an event.

    A reveal of a false fact (``holds=False``) is a deception. With
    ``believed=False`` the hearers have been told but do not believe yet: being
    told is not believing. A level in between says how far they are swayed:
    `Belief.DOUBTS` or `Belief.SUSPECTS` (``believed: suspects`` in files).

    Hearing without believing never lowers a stronger stand; a reveal that
    leaves its hearers doubting or suspecting sets their stand to that level,
    so new evidence can shake a belief.

    Attributes:
        fact: Id of the fact revealed.
        to: Ids of the characters or groups who learn it; ``audience`` for the viewers.
        how: How it reaches them.
        by: Id of the character who tells or shows it.
        believed: Whether the hearers accept it now: true, false (told but
            not believing), or the level they are left at.
    """

    fact: str = field(metadata=refers(_FACT))
    to: tuple[str, ...] = field(validator=_someone, metadata=refers(_ACTOR, audience=True))
    how: How = How.TOLD
    by: str | None = field(default=None, metadata=refers(_ACTOR, bodily="speaks in"))
    believed: bool | Belief = field(default=True, validator=_a_stand)

    @property
    def belief(self) -> Belief:
        """Where the hearers stand on the fact once told."""
        if self.believed is True:
            return Belief.BELIEVES
        if self.believed is False:
            return Belief.TOLD
        return self.believed

    def apply(self, world: World) -> None:
        """The hearers now stand on the fact at the reveal's level."""
        world.told(self.fact, self.to, self.belief, by=self.by)

    def sentence(self, say: Say) -> str:
        """``Julia learns: the car was swapped (told, by Moss); the audience learns: ...``."""
        what = say.fact(self.fact)
        hearers = [i for i in self.to if i != AUDIENCE]
        parts = []
        how = self.how.value + (f", by {say.name(self.by)}" if self.by else "")
        if hearers:
            one = len(hearers) == 1 and not say.many(hearers[0])
            parts.append(f"{say.names(hearers)} {self._verb(one=one)}: {what} ({how})")
        if AUDIENCE in self.to:
            parts.append(f"the audience {self._verb(one=True)}: {what}")
        return "; ".join(parts)

    def _verb(self, *, one: bool) -> str:
        """How the hearers take it in, as a verb: ``learns``, ``hears but doubts``..."""
        verb = {
            Belief.BELIEVES: ("learns", "learn"),
            Belief.SUSPECTS: ("comes to suspect", "come to suspect"),
            Belief.DOUBTS: ("hears but doubts", "hear but doubt"),
        }.get(self.belief, ("is told but does not believe", "are told but do not believe"))
        return verb[0] if one else verb[1]


@effect("forgets")
@frozen(kw_only=True, field_transformer=_declared)
class Forgets(Effect):
    """Characters lose a fact: forgetting, amnesia, a memory wiped. They stand unaware again.

    Attributes:
        who: Ids of the characters or groups who forget.
        fact: Id of the fact forgotten.
    """

    who: tuple[str, ...] = field(
        converter=_one_or_many, validator=_someone, metadata=refers(_ACTOR, one=True)
    )
    fact: str = field(metadata=refers(_FACT))

    def apply(self, world: World) -> None:
        """The fact is gone from their minds."""
        world.forgets(self.fact, self.who)

    def sentence(self, say: Say) -> str:
        """``Lino forgets: the car was swapped``."""
        if len(self.who) == 1:
            return f"{_does(say, self.who[0], 'forgets')}: {say.fact(self.fact)}"
        return f"{say.names(self.who)} forget: {say.fact(self.fact)}"


#: Every effect class, in the order they are declared (and documented).
EFFECT_TYPES: Final[tuple[type[Effect], ...]] = tuple(_EFFECTS.values())


# -- expectations --------------------------------------------------------------


class Located(Protocol):
    """Where in the plot something was made so: a change the story state records."""

    @property
    def path(self) -> tuple[str | int, ...]:
        """The document path of the event, or of the effect, that made it so."""


class Dying(Located, Protocol):
    """A death the story state records, and whether the source leaves it in doubt."""

    @property
    def uncertain(self) -> bool:
        """Whether the plot marks the death ``certainty: uncertain``."""


class Story(Protocol):
    """The questions an expectation asks of the story state.

    `plotmodel.state.StoryState` answers them; each expectation's
    `Expectation.judge` is written in these terms, as each effect's change is
    written against `World`.
    """

    @property
    def facts(self) -> Mapping[str, Fact]:
        """Each fact by id."""

    def present(self, position: int) -> tuple[str, ...]:
        """Who and what is bodily present at the event at ``position``."""

    def where(self, who: str, position: int) -> str | None:
        """Where ``who`` is bodily during the event at ``position``, if known."""

    def place(self, who: str, moment: int) -> str | None:
        """Where ``who`` is at ``moment``, if the plot says."""

    def place_since(self, who: str, moment: int) -> Located | None:
        """Where the place of ``who`` at ``moment`` was set."""

    def is_within(self, place: str, outer: str) -> bool:
        """Whether ``place`` is ``outer`` or lies inside it."""

    def death(self, who: str, moment: int) -> Dying | None:
        """The death in force at ``moment``: ``None`` while ``who`` is alive."""

    def holds(self, fact: str, moment: int) -> bool:
        """Whether a true fact holds at ``moment``: made true by then, and not ended."""

    def custody(self, who: str, moment: int) -> Located | None:
        """The custody ``who`` is in at ``moment``: ``None`` when free."""

    def holder(self, thing: str, moment: int) -> str | None:
        """Who holds ``thing`` at ``moment``."""

    def holder_since(self, thing: str, moment: int) -> Located | None:
        """Where the holder of ``thing`` at ``moment`` got it."""

    def carrier(self, who: str, moment: int) -> str:
        """Who carries ``who`` at ``moment``: its holder's holder and so on."""

    def keeper(self, thing: str, moment: int) -> str | None:
        """Who has ``thing`` at ``moment``: its holder, or whoever has what it is inside."""

    def keeper_since(self, thing: str, moment: int) -> Located | None:
        """Where the keeper of ``thing`` at ``moment`` got it or what it is inside."""

    def has(self, who: str, thing: str, moment: int) -> bool:
        """Whether ``who`` has ``thing`` at ``moment``, alone or shared within a group."""

    def members(self, group: str, moment: int) -> frozenset[str]:
        """The characters who belong to ``group`` at ``moment``."""

    def belief(self, knower: str, fact: str, moment: int) -> Belief:
        """Where ``knower`` stands on ``fact`` at ``moment``."""

    def believes(self, knower: str, fact: str, moment: int) -> bool:
        """Whether ``knower`` takes ``fact`` as true at ``moment``."""

    def knows(self, knower: str, fact: str, moment: int) -> bool:
        """Whether ``knower`` believes ``fact`` at ``moment`` and it is true."""

    def member_since(self, who: str, group: str, moment: int) -> Located | None:
        """The latest join or leave of ``group`` by ``who`` up to ``moment``, if any."""

    def belief_since(self, knower: str, fact: str, moment: int) -> Located | None:
        """How ``knower`` came to stand on ``fact`` as at ``moment``."""


def _a_path(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is None:
        return
    if type(value) is not tuple:
        raise _not_a_tuple(attribute, value, "keys and positions")
    for item in value:
        if type(item) not in (str, int):
            raise TypeError(f"{attribute.name} must hold keys and positions, got {_what(item)}")


@frozen(kw_only=True)
class Verdict:
    """How an expectation stands against the story at its moment.

    Attributes:
        met: ``True`` when the story agrees, ``False`` when it says otherwise,
            ``None`` when it does not say (a place the plot never gives).
        story: What the story says instead: ``Charas is dead``.
        since: Where the story made it so, when an event or effect did.
        says: The note for ``since``: ``Charas dies here``.
        declared: The id whose declaration makes it so when no event does.
    """

    met: bool | None
    story: str = ""
    since: tuple[str | int, ...] | None = field(default=None, validator=_a_path)
    says: str = ""
    declared: str | None = None


#: The verdict on an expectation the story bears out.
MET: Final = Verdict(met=True)
#: The verdict on an expectation the story cannot confirm or deny.
UNKNOWN: Final = Verdict(met=None)


def _against(story: str, since: Located | None, says: str, declared: str) -> Verdict:
    """An unmet verdict, naming the change that set what the story says, or the declaration."""
    if since is None:
        return Verdict(met=False, story=story, declared=declared)
    return Verdict(met=False, story=story, since=since.path, says=says)


@frozen(kw_only=True)
class Expectation:
    """What must hold at an event, as the writer knows it: "by now Lino has the car".

    Every kind is a subclass declared with `expectation`. It is checked as the
    event begins, once those present are there and before any of its
    effects; with ``after`` it is checked once the event is over.

    Attributes:
        after: Whether it must hold once the event is over rather than as it begins.
        note: A remark about the source.
    """

    #: The expectation's key in files (``alive``).
    key: ClassVar[str] = ""
    #: The field its one-value short form fills (``alive: charas``), if it has one.
    short: ClassVar[str | None] = None

    after: bool = False
    note: str | None = None

    def judge(self, story: Story, position: int, moment: int, say: Say) -> Verdict:
        """How the expectation stands at ``moment`` of the event at listed ``position``.

        Args:
            story: The story state.
            position: The event's listed position.
            moment: The moment it is checked at: as the event begins, or once it is over.
            say: Words for ids in the verdict's sentences.
        """
        raise NotImplementedError

    def sentence(self, say: Say) -> str:
        """What must hold, in a plain sentence: ``Lino holds the car``."""
        raise NotImplementedError


X = TypeVar("X", bound=Expectation)

_EXPECTATIONS: dict[str, type[Expectation]] = {}

#: Every expectation class by its key in files, in the order they are declared (and documented).
EXPECTATION_KINDS: Final[Mapping[str, type[Expectation]]] = MappingProxyType(_EXPECTATIONS)


def expectation(key: str, *, short: str | None = None) -> Callable[[type[X]], type[X]]:
    """Declare an expectation class: its key in files and the field its short form fills.

    Declaring registers the kind, so the converter, ``show``, the rules and the
    strategies know it. A key declared twice, a short form naming no field,
    or a class that does not say how it is judged and how it reads fails at
    import.

    Args:
        key: The expectation's key in files (``alive``).
        short: The field a one-value short form fills (``alive: charas``).
    """

    def declare(cls: type[X]) -> type[X]:
        _check_kind("expectation", _EXPECTATIONS, key, short, cls)
        _register(
            "expectation", _EXPECTATIONS, cls, key=key, short=short, methods=("judge", "sentence")
        )
        return cls

    return declare


@expectation("alive", short="who")
@frozen(kw_only=True, field_transformer=_declared)
class Alive(Expectation):
    """A character is alive."""

    who: str = field(metadata=refers(_CHARACTER))

    def judge(self, story: Story, position: int, moment: int, say: Say) -> Verdict:
        """Met unless a death is in force; neither while the death is in doubt."""
        death = story.death(self.who, moment)
        if death is None:
            return MET
        if death.uncertain:
            return UNKNOWN
        who = say.name(self.who)
        return _against(f"{who} is dead", death, f"{who} dies here", self.who)

    def sentence(self, say: Say) -> str:
        """``Charas is alive``."""
        return f"{_does(say, self.who, 'is')} alive"


@expectation("dead", short="who")
@frozen(kw_only=True, field_transformer=_declared)
class Dead(Expectation):
    """A character is dead."""

    who: str = field(metadata=refers(_CHARACTER))

    def judge(self, story: Story, position: int, moment: int, say: Say) -> Verdict:
        """Met while a death is in force; neither while the death is in doubt."""
        death = story.death(self.who, moment)
        if death is not None:
            return UNKNOWN if death.uncertain else MET
        return _against(f"{_does(say, self.who, 'is')} alive", None, "", self.who)

    def sentence(self, say: Say) -> str:
        """``Charas is dead``."""
        return f"{_does(say, self.who, 'is')} dead"


@expectation("held", short="who")
@frozen(kw_only=True, field_transformer=_declared)
class Held(Expectation):
    """A character or group is in custody."""

    who: str = field(metadata=refers(_ACTOR))

    def judge(self, story: Story, position: int, moment: int, say: Say) -> Verdict:
        """Met while a custody is in force."""
        if story.custody(self.who, moment) is not None:
            return MET
        return _against(f"{_does(say, self.who, 'is')} free", None, "", self.who)

    def sentence(self, say: Say) -> str:
        """``Lino is held``."""
        return f"{_does(say, self.who, 'is')} held"


@expectation("free", short="who")
@frozen(kw_only=True, field_transformer=_declared)
class Free(Expectation):
    """A character or group is not in custody."""

    who: str = field(metadata=refers(_ACTOR))

    def judge(self, story: Story, position: int, moment: int, say: Say) -> Verdict:
        """Met unless a custody is in force."""
        custody = story.custody(self.who, moment)
        if custody is None:
            return MET
        who = say.name(self.who)
        return _against(f"{who} is held", custody, f"{who} is arrested here", self.who)

    def sentence(self, say: Say) -> str:
        """``Lino is free``."""
        return f"{_does(say, self.who, 'is')} free"


@expectation("at")
@frozen(kw_only=True, field_transformer=_declared)
class At(Expectation):
    """A character, group or thing is at a place, or somewhere inside it.

    Someone bodily in the event is where the event has them, or in the
    place inside it where they already are (chained in a niche, at a scene
    in the crypt); anyone else is where the story last put them. A group is
    also where all its living members are. Where the plot never says, the
    expectation is neither met nor unmet.
    """

    who: str = field(metadata=refers(_MOVABLE))
    place: str = field(metadata=refers(_PLACE))

    def judge(self, story: Story, position: int, moment: int, say: Say) -> Verdict:
        """Met when the place found is the place expected or lies inside it."""
        who = say.name(self.who)
        if not self.after and self.who in story.present(position):
            found = story.where(self.who, position)
            inner = story.place(self.who, moment)
            if found is not None and inner is not None and story.is_within(inner, found):
                found = inner  # still in the niche, at the scene in the crypt
            since: tuple[str | int, ...] | None = ("events", position)
            says = f"{who} is at {say.name(found or '')} in this event"
        else:
            found = story.place(self.who, moment)
            changed = story.place_since(self.who, moment)
            since = changed.path if changed is not None else None
            says = f"{who} is at {say.name(found or '')} from here"
        if found is not None and story.is_within(found, self.place):
            return MET
        # a group is also wherever all that is left of it is: the party is at Calais when
        # the one member still in it rides in there
        living = [m for m in story.members(self.who, moment) if story.death(m, moment) is None]
        places = [story.place(m, moment) for m in living]
        if living and all(p is not None and story.is_within(p, self.place) for p in places):
            return MET
        if found is None:
            return UNKNOWN
        story_says = f"{who} is at {say.name(found)}"
        if since is None:
            return Verdict(met=False, story=story_says, declared=self.who)
        return Verdict(met=False, story=story_says, since=since, says=says)

    def sentence(self, say: Say) -> str:
        """``Lino is at the garage``."""
        return f"{_does(say, self.who, 'is')} at {say.name(self.place)}"


@expectation("holds")
@frozen(kw_only=True, field_transformer=_declared)
class Holds(Expectation):
    """A character or group holds a thing.

    A group holds what one of its members holds, and a member what the
    group holds. Whoever has a thing has what is inside it (the tape in the
    box), and a thing lost is held by nobody.
    """

    who: str = field(metadata=refers(_ACTOR))
    thing: str = field(metadata=refers(_THING))

    def judge(self, story: Story, position: int, moment: int, say: Say) -> Verdict:
        """Met when ``who`` has it: keeps or carries it, or shares it with a group or a member.

        Two members of one group do not share what one of them holds.
        """
        if story.has(self.who, self.thing, moment):
            return MET
        holder = story.keeper(self.thing, moment)
        thing = say.name(self.thing)
        since = story.keeper_since(self.thing, moment)
        if holder is None:
            return _against(f"nobody holds {thing}", since, f"{thing} is let go here", self.thing)
        found = say.name(holder)
        return _against(f"{found} holds it", since, f"{found} gets {thing} here", self.thing)

    def sentence(self, say: Say) -> str:
        """``Lino holds the car``."""
        return f"{_does(say, self.who, 'holds')} {say.name(self.thing)}"


def _not_believing(story: Story, who: str, fact: str, moment: int, say: Say) -> Verdict:
    """The verdict on someone who does not take ``fact`` as true: never told, or not believing."""
    knower, what = say.name(who), say.fact(fact)
    level = story.belief(who, fact, moment)
    if level is Belief.UNAWARE:
        return _against(f"{knower} has not heard {what}", None, "", fact)
    stands, becomes = _SHORT_OF_BELIEF.get(level, ("does not believe", "is left not believing"))
    since = story.belief_since(who, fact, moment)
    return _against(f"{knower} {stands} {what}", since, f"{knower} {becomes} {what} here", fact)


# where someone stands who has heard a fact but does not take it as true, and how they came to
_SHORT_OF_BELIEF: Final = {
    Belief.DOUBTS: ("doubts", "comes to doubt"),
    Belief.SUSPECTS: ("only suspects", "comes to suspect"),
}


@expectation("knows")
@frozen(kw_only=True, field_transformer=_declared)
class Knows(Expectation):
    """A character knows a fact: believes it, and it is true.

    A fact whose truth the story leaves open can be believed but not known
    or refuted: the expectation is then neither met nor unmet.
    """

    who: str = field(metadata=refers(_CHARACTER))
    fact: str = field(metadata=refers(_FACT))

    def judge(self, story: Story, position: int, moment: int, say: Say) -> Verdict:
        """Met when ``who`` believes the fact and it holds."""
        if story.knows(self.who, self.fact, moment):
            return MET
        if not story.believes(self.who, self.fact, moment):
            return _not_believing(story, self.who, self.fact, moment, say)
        fact = story.facts.get(self.fact)
        if fact is None or fact.holds is None:
            return UNKNOWN  # believed, and the story never says whether it is true
        if fact.holds and story.holds(self.fact, moment):
            return UNKNOWN  # true and believed, though not known: nothing to say against it
        what = say.fact(self.fact)
        then = "" if fact.holds is False else " then"  # not true yet, or no longer
        story_says = f"{_does(say, self.who, 'believes')} {what}, which does not hold{then}"
        return Verdict(met=False, story=story_says, declared=self.fact)

    def sentence(self, say: Say) -> str:
        """``Julia knows the car was swapped``."""
        return f"{_does(say, self.who, 'knows')} {say.fact(self.fact)}"


@expectation("believes")
@frozen(kw_only=True, field_transformer=_declared)
class Believes(Expectation):
    """A character takes a fact as true, whether or not it is."""

    who: str = field(metadata=refers(_CHARACTER))
    fact: str = field(metadata=refers(_FACT))

    def judge(self, story: Story, position: int, moment: int, say: Say) -> Verdict:
        """Met when ``who`` believes the fact."""
        if story.believes(self.who, self.fact, moment):
            return MET
        return _not_believing(story, self.who, self.fact, moment, say)

    def sentence(self, say: Say) -> str:
        """``Julia believes Lino shot Charas (a falsehood)``."""
        return f"{_does(say, self.who, 'believes')} {say.fact(self.fact)}"


@expectation("member")
@frozen(kw_only=True, field_transformer=_declared)
class Member(Expectation):
    """A character belongs to a group, or to a group that is part of it."""

    who: str = field(metadata=refers(_CHARACTER))
    group: str = field(metadata=refers(_GROUP))

    def judge(self, story: Story, position: int, moment: int, say: Say) -> Verdict:
        """Met when ``who`` is among the group's members."""
        if self.who in story.members(self.group, moment):
            return MET
        story_says = f"{_does(say, self.who, 'is')} not in {say.name(self.group)}"
        since = story.member_since(self.who, self.group, moment)
        says = f"{_does(say, self.who, 'is')} no longer in {say.name(self.group)} from here"
        return _against(story_says, since, says, self.who)

    def sentence(self, say: Say) -> str:
        """``Lino belongs to the crew``."""
        return f"{_does(say, self.who, 'belongs')} to {say.name(self.group)}"


#: Every expectation class, in the order they are declared (and documented).
EXPECTATION_TYPES: Final[tuple[type[Expectation], ...]] = tuple(_EXPECTATIONS.values())


def _expectations(
    _instance: object, attribute: attrs.Attribute[Any], value: tuple[Any, ...]
) -> None:
    if type(value) is not tuple:
        raise _not_a_tuple(attribute, value, "expectations")
    for item in value:
        if not isinstance(item, Expectation) or type(item) is Expectation:
            raise TypeError(
                f"{attribute.name} must hold expectations such as Alive(...), got {_what(item)}"
            )


def _one_screen_anchor(
    instance: Event, _attribute: attrs.Attribute[str | None], _value: str | None
) -> None:
    if instance.shown_after is not None and instance.shown_before is not None:
        raise ValueError("an event is shown either after one event or before one, not both")


def _effects(_instance: object, attribute: attrs.Attribute[Any], value: tuple[Any, ...]) -> None:
    if type(value) is not tuple:
        raise _not_a_tuple(attribute, value, "effects")
    for item in value:
        if not isinstance(item, Effect) or type(item) is Effect:
            raise TypeError(
                f"{attribute.name} must hold effects such as Dies(...), got {_what(item)}"
            )


def _participants(value: tuple[Participant | str, ...]) -> tuple[Participant, ...]:
    """A bare id among the participants is the short form of ``Participant(id)``, as in files."""
    if type(value) is tuple:
        for item in value:
            if isinstance(item, str):
                return tuple(Participant(one) if isinstance(one, str) else one for one in value)
    return value  # type: ignore[return-value]  # the validator refuses anything but participants


@frozen(kw_only=True, field_transformer=_declared)
class Event(Element):
    """Something that happens. Events are listed in story (chronological) order.

    An empty ``agents`` means the source does not say who acted; no rule
    about agents applies then. Agents and participants may be groups, which
    act or are acted upon as a whole.

    Effects happen in the order they are written: each one changes the story
    state the ones before it left. The agents and participants are judged
    against the state at the event's start, except that someone who comes back
    to life in the event is alive for it.

    Attributes:
        agents: Who acts: characters or groups, each an id (bodily there) or a
            form of appearance like a participant's, such as a ghost who
            warns or a recorded voice that gives orders.
        participants: Others involved, each with a role and a form of appearance.
        mentions: Ids only talked about or remembered: no presence, no agency.
        place: Id of where it happens, if known: a place, or a thing it
            happens in (a car, a van). In a vehicle, the event is wherever the
            vehicle is, and whoever is present rides in it from then on.
        time: A story-time label; events sharing one happen at the same moment.
        span: A moment, a period or a habit.
        date: When it happens on the story's calendar, as ISO 8601 text at the
            precision the writer knows: ``2019``, ``2019-05``, ``2019-05-14``,
            ``2019-05-14T21:30``, with seconds or a zone (``+02:00``, ``Z``) if
            need be. It stands for the whole stretch it names (`interval`): the
            event starts within it, and without a ``duration`` ends within it.
        duration: How long it lasts, as an ISO 8601 duration: ``PT2H``, ``P3D``.
        causes: Ids of earlier events that lead to this one.
        after: Ids of events this one certainly follows. Giving ``after`` or
            ``before`` marks the event's listed position as a best guess.
        before: Ids of events this one certainly precedes.
        simultaneous_with: Ids of events happening at the same moment.
        shown_after: Id of the event the film shows just before this one,
            when screen order differs from story order (flashback, late reveal).
        shown_before: Id of the event the film shows just after this one.
        motivated_by: Facts its agents act on, which they must believe: an id
            (every agent acts on it) or a `Motive` naming which agents do.
        relationships: Ids of relationships the event draws on.
        effects: What changes in the world or in anyone's knowledge, in order.
        expect: What must hold at this point of the story, as the writer
            knows it ("by now Lino has the car"), checked against the story.
        shown: Whether the film shows it. An event not shown happens off
            screen: it has no place in the screen order, and the audience
            knows of it only through reveals.
    """

    agents: tuple[Agent, ...] = field(
        default=(),
        converter=_agent_forms,
        validator=_are_agents,
        metadata=refers(_ACTOR, bodily="acts in"),
    )
    participants: tuple[Participant, ...] = field(default=(), converter=_participants)
    mentions: tuple[str, ...] = field(default=(), metadata=refers(_ANY))
    place: str | None = field(default=None, metadata=refers(_WHERE))
    time: str | None = None
    span: Span = Span.MOMENT
    date: str | None = field(
        default=None, validator=_is_story_date, metadata={"pattern": _DATE_SHAPE}
    )
    duration: str | None = field(
        default=None, validator=_is_duration, metadata={"pattern": _DURATION_SHAPE}
    )
    causes: tuple[str, ...] = field(default=(), metadata=refers(_EVENT))
    after: tuple[str, ...] = field(default=(), metadata=refers(_EVENT))
    before: tuple[str, ...] = field(default=(), metadata=refers(_EVENT))
    simultaneous_with: tuple[str, ...] = field(default=(), metadata=refers(_EVENT))
    shown_after: str | None = field(default=None, metadata=refers(_EVENT))
    shown_before: str | None = field(
        default=None,
        validator=[_is_optional_id, _one_screen_anchor],
        metadata=refers(_EVENT),
    )
    motivated_by: tuple[MotiveLike, ...] = field(
        default=(), validator=_are_motives, metadata=refers(_FACT)
    )
    relationships: tuple[str, ...] = field(default=(), metadata=refers(_RELATIONSHIP))
    effects: tuple[Effect, ...] = field(default=(), validator=_effects)
    expect: tuple[Expectation, ...] = field(default=(), validator=_expectations)
    shown: bool = True

    @property
    def is_loose(self) -> bool:
        """Whether the event's listed position is only a guess within its constraints."""
        return bool(self.after or self.before)

    @property
    def agent_ids(self) -> tuple[str, ...]:
        """The ids of every agent, whatever the form they appear in."""
        return tuple(one if isinstance(one, str) else one.who for one in self.agents)

    @property
    def motive_facts(self) -> tuple[str, ...]:
        """The ids of the facts the event's agents act on."""
        return tuple(one if isinstance(one, str) else one.fact for one in self.motivated_by)

    @property
    def interval(self) -> Interval | None:
        """The stretch of story time its ``date`` stands for; ``None`` when it has none."""
        return None if self.date is None else Interval.of(self.date)

    @property
    def length(self) -> dt.timedelta | None:
        """How long it lasts, by its ``duration``; ``None`` when the plot does not say."""
        return None if self.duration is None else length_of(self.duration)


@frozen(kw_only=True, field_transformer=_declared)
class Thread(Element):
    """A question the story raises, and the event that answers it, if any.

    The name is the question ("Where is the real car?"). A thread with no
    ``resolved`` event is an open question the plot leaves.

    Attributes:
        opened: Id of the event that raises the question.
        resolved: Id of the event that answers it, or ``None``.
    """

    opened: str | None = field(default=None, metadata=refers(_EVENT))
    resolved: str | None = field(default=None, metadata=refers(_EVENT))


@frozen(kw_only=True, field_transformer=_declared)
class Setup(Element):
    """Something introduced with emphasis so that it can pay off later.

    Attributes:
        about: Ids of the things, facts, places or characters it concerns.
        planted: Id of the event that sets it up.
        payoff: Id of the event that pays it off, or ``None``.
    """

    about: tuple[str, ...] = field(default=(), metadata=refers(_ANY))
    planted: str = field(metadata=refers(_EVENT))
    payoff: str | None = field(default=None, metadata=refers(_EVENT))


@frozen(kw_only=True, field_transformer=_declared)
class Discrepancy(Element):
    """A place where the source contradicts itself, recorded instead of resolved.

    Attributes:
        about: Ids of the elements concerned.
        readings: The competing accounts, in the writer's words.
    """

    about: tuple[str, ...] = field(default=(), metadata=refers(_ANY))
    readings: tuple[str, ...] = ()


def _not_claimed(
    instance: Account, attribute: attrs.Attribute[tuple[str, ...]], value: tuple[str, ...]
) -> None:
    _are_ids(instance, attribute, value)
    claims = getattr(instance, "claims", ())  # none when only the value is asked about
    both = [one for one in value if one in claims]
    if both:
        raise ValueError(
            f"{attribute.name} must not name a fact the account claims, got {both[0]!r}"
        )


@frozen(kw_only=True, field_transformer=_declared)
class Account(Element):
    """One narrator's version of events, told at an event of the main story.

    An account is a timeline of its own: its events are checked by every rule
    as a story apart, and nothing in it changes the main story or is compared
    with it or with another account. Incompatible versions of one killing are
    what such a story is made of, not a plot hole. The characters, things,
    places, groups, relationships and facts are the plot's own.

    Attributes:
        narrator: Id of the character or group who tells it. Telling is not
            acting: the narrator is not put bodily in the event where the
            account is told, so the dead may tell theirs through a medium.
        told_at: Id of the event of the main story where it is told.
        claims: Ids of the facts the account says hold: they hold from the
            account's start, unless one of its own events establishes them.
        denies: Ids of the facts the account says do not hold.
        events: The account's own events, in its story order. Their ids are
            the account's own: no main event can name them, and another
            account may use the same ids. A fact's ``established_by`` and a
            relationship's ``since`` and ``until`` count inside an account
            only when they name one of its events.
    """

    narrator: str = field(metadata=refers(_ACTOR))
    told_at: str = field(metadata=refers(_EVENT))
    claims: tuple[str, ...] = field(default=(), metadata=refers(_FACT))
    denies: tuple[str, ...] = field(default=(), validator=_not_claimed, metadata=refers(_FACT))
    events: tuple[Event, ...] = ()


@frozen(kw_only=True, field_transformer=_declared)
class CheckSettings(_Checked):
    """Which rules to run for this plot, by code, family prefix or slug.

    Attributes:
        select: Only these rules (all when empty).
        ignore: Never these rules.
    """

    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()


@frozen(kw_only=True, field_transformer=_declared)
class Plot(_Checked):
    """A whole film plot: its cast, world, facts, and events in story order.

    Ask how the story stands at any moment through `plotmodel.story_state`.

    Attributes:
        title: The film's title.
        format: The plot file format version (``plotmodel: 1`` in files).
        description: What the plot is, in a sentence.
        source: What the model is based on (a summary, a screenplay draft).
        note: A remark about the source or the model as a whole.
        characters: The people.
        things: The objects that matter.
        places: Where things happen.
        groups: Gangs, brigades, families acting as one.
        relationships: Ties between characters.
        facts: Propositions that are revealed, hidden or believed.
        events: What happens, in story order.
        accounts: Narrators' versions of events, each told at an event and
            checked as a timeline of its own.
        threads: Questions the story raises.
        setups: Things introduced to pay off later.
        discrepancies: Where the source contradicts itself.
        screen: The whole screen order, as the ids of the events the film
            shows, in the order it shows them; for films whose telling
            reshuffles the story. Without it, the screen order is story order
            but for each event's ``shown_after`` or ``shown_before``.
        check: Which rules apply to this plot.
        silence: Findings silenced for the whole plot, with reasons.
        schema: The JSON Schema an editor checks the file against (``$schema``
            in files, see `plotmodel.schema`); plotmodel keeps it and reads nothing from it.
    """

    title: str = field(kw_only=False, validator=_not_blank)
    format: int = field(default=1, metadata={_FILE_KEY: "plotmodel"})
    description: str | None = None
    source: str | None = None
    note: str | None = None
    characters: tuple[Character, ...] = ()
    things: tuple[Thing, ...] = ()
    places: tuple[Place, ...] = ()
    groups: tuple[Group, ...] = ()
    relationships: tuple[Relationship, ...] = ()
    facts: tuple[Fact, ...] = ()
    events: tuple[Event, ...] = ()
    accounts: tuple[Account, ...] = ()
    threads: tuple[Thread, ...] = ()
    setups: tuple[Setup, ...] = ()
    discrepancies: tuple[Discrepancy, ...] = ()
    screen: tuple[str, ...] = field(default=(), metadata=refers(_EVENT))
    check: CheckSettings = CheckSettings()
    silence: tuple[Silence, ...] = ()
    schema: str | None = field(default=None, metadata={_FILE_KEY: "$schema"})

    @overload
    def element(self, id_: str) -> Element | Relationship: ...

    @overload
    def element(self, id_: str, cls: type[_Named]) -> _Named: ...

    def element(self, id_: str, cls: type[Any] | None = None) -> Any:
        """The element whose id is ``id_``: ``plot.element("lino", Character)``.

        The look-up is a dictionary read, built once per plot object. When an
        id is defined twice, its first definition is the one found.

        Args:
            id_: The id to look up.
            cls: The class the element must be (`Character`, `Event`...), so
                the result is typed as one.

        Raises:
            KeyError: If no element has that id (a close id is suggested).
            TypeError: If the element is not a ``cls``.
        """
        found = _lookup(self).get(id_)
        if found is None:
            close = difflib.get_close_matches(id_, _lookup(self), n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            raise KeyError(f"no element has the id {id_!r}{hint}")
        if cls is not None and not isinstance(found, cls):
            raise TypeError(f"{id_!r} is {_a(type(found).__name__)}, not {_a(cls.__name__)}")
        return found

    def elements(self) -> tuple[tuple[Kind, Sequence[Element | Relationship]], ...]:
        """Each list of named elements with its kind, in document order."""
        return (
            (Kind.CHARACTER, self.characters),
            (Kind.THING, self.things),
            (Kind.PLACE, self.places),
            (Kind.GROUP, self.groups),
            (Kind.RELATIONSHIP, self.relationships),
            (Kind.FACT, self.facts),
            (Kind.EVENT, self.events),
            (Kind.ACCOUNT, self.accounts),
            (Kind.THREAD, self.threads),
            (Kind.SETUP, self.setups),
            (Kind.DISCREPANCY, self.discrepancies),
        )


_Named = TypeVar("_Named", bound="Element | Relationship")

# Each plot's elements by id, kept while the plot lives (keyed by identity: hashing
# a frozen plot walks all of it).
_LOOKUPS: dict[int, tuple[weakref.ref[Plot], dict[str, Element | Relationship]]] = {}


def _lookup(plot: Plot) -> dict[str, Element | Relationship]:
    key = id(plot)
    entry = _LOOKUPS.get(key)
    if entry is not None and entry[0]() is plot:
        return entry[1]
    table: dict[str, Element | Relationship] = {}
    for _, elements in plot.elements():
        for element in elements:
            table.setdefault(element.id, element)

    def forget(ref: weakref.ref[Plot], key: int = key) -> None:
        # a newer plot may have reused the id: only drop the entry this plot made
        found = _LOOKUPS.get(key)
        if found is not None and found[0] is ref:
            del _LOOKUPS[key]

    _LOOKUPS[key] = (weakref.ref(plot, forget), table)
    return table
