"""Every reference between elements, and the check that each one resolves.

A plot refers to elements by id. `REFERENCE_FIELDS` is the one table of every
field in the model that holds ids and the kinds of element each accepts;
`references` walks a plot through that table, and `check_references` reports
ids defined twice (PM101), ids that name nothing (PM102) and ids that name the
wrong kind of element (PM103).
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator, Sequence
from typing import Final

from attrs import frozen

from plotmodel._per_plot import PerPlot
from plotmodel._text import quote
from plotmodel.diagnostics import Diagnostic, DocPath, Related
from plotmodel.index import Kind, PlotIndex
from plotmodel.model import (
    AUDIENCE,
    EFFECT_TYPES,
    Arrested,
    Character,
    Damaged,
    Destroyed,
    Dies,
    Discrepancy,
    Escapes,
    Event,
    Fact,
    Group,
    HandsOver,
    Injured,
    Joins,
    Leaves,
    Moves,
    Participant,
    Place,
    Plot,
    Relationship,
    Released,
    Repaired,
    Returns,
    Reveal,
    Setup,
    Takes,
    Thing,
    Thread,
)

__all__ = [
    "DUPLICATE_ID",
    "REFERENCE_FIELDS",
    "UNKNOWN_REFERENCE",
    "WRONG_KIND_REFERENCE",
    "Reference",
    "ReferenceField",
    "check_references",
    "references",
]

#: The code and slug of each reference finding, for the rule registry.
DUPLICATE_ID: Final = ("PM101", "duplicate-id")
UNKNOWN_REFERENCE: Final = ("PM102", "unknown-reference")
WRONG_KIND_REFERENCE: Final = ("PM103", "wrong-kind-reference")

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


@frozen
class ReferenceField:
    """One model field that holds ids, and what those ids may name.

    Attributes:
        owner: The model class the field belongs to.
        name: The attribute's name in the model (``from_``, not ``from``).
        kinds: The kinds of element the ids may name.
        audience: Whether the reserved id ``audience`` is also accepted.
    """

    owner: type
    name: str
    kinds: frozenset[Kind]
    audience: bool = False

    @property
    def label(self) -> str:
        """The field as a message names it: ``agents`` or ``dies.who``."""
        key = self.name.rstrip("_")
        effect_key: str | None = getattr(self.owner, "key", None)
        if effect_key is not None:
            return f"{effect_key}.{key}"
        if self.owner is Participant:
            return f"participants.{key}"
        return key

    def accepted(self, *, many: bool = True) -> str:
        """The accepted kinds in words: ``characters or groups``, or ``a place`` for one id."""
        if self.kinds == _ANY:
            return "any elements" if many else "any element"
        nouns = [_plural(kind) if many else _article(kind) for kind in Kind if kind in self.kinds]
        if self.audience:
            nouns.append("'audience'")
        if len(nouns) == 1:
            return nouns[0]
        return ", ".join(nouns[:-1]) + " or " + nouns[-1]


def _article(kind: Kind) -> str:
    return f"an {kind.noun}" if kind.noun[0] in "aeiou" else f"a {kind.noun}"


def _plural(kind: Kind) -> str:
    return "discrepancies" if kind is Kind.DISCREPANCY else kind.noun + "s"


def _fields(owner: type, kinds: frozenset[Kind], *names: str) -> list[ReferenceField]:
    return [ReferenceField(owner, name, kinds) for name in names]


#: Every field of the model that holds ids, with the kinds each accepts.
REFERENCE_FIELDS: Final[tuple[ReferenceField, ...]] = (
    *_fields(Character, _GROUP, "groups"),
    *_fields(Character, _PLACE, "at"),
    *_fields(Thing, _PLACE, "at"),
    *_fields(Thing, _ACTOR, "held_by"),
    *_fields(Place, _PLACE, "inside"),
    *_fields(Group, _GROUP, "part_of"),
    *_fields(Relationship, _CHARACTER, "between"),
    *_fields(Relationship, _EVENT, "since", "until"),
    *_fields(Fact, _EVENT, "established_by"),
    *_fields(Fact, _ACTOR, "known_by"),
    *_fields(Fact, _FACT, "contradicts"),
    *_fields(Event, _ACTOR, "agents"),
    *_fields(Event, _ANY, "mentions"),
    *_fields(Event, _PLACE, "place"),
    *_fields(
        Event,
        _EVENT,
        "causes",
        "after",
        "before",
        "simultaneous_with",
        "shown_after",
        "shown_before",
    ),
    *_fields(Event, _FACT, "motivated_by"),
    *_fields(Event, _RELATIONSHIP, "relationships"),
    *_fields(Participant, _MOVABLE, "who"),
    *_fields(Dies, _CHARACTER, "who"),
    *_fields(Dies, _ACTOR, "by"),
    *_fields(Returns, _CHARACTER, "who"),
    *_fields(Injured, _CHARACTER, "who"),
    *_fields(Injured, _ACTOR, "by"),
    *_fields(Arrested, _ACTOR, "who", "by"),
    *_fields(Arrested, _PLACE, "at", "allowed"),
    *_fields(Released, _ACTOR, "who", "by"),
    *_fields(Escapes, _ACTOR, "who"),
    *_fields(Destroyed, _THING, "thing"),
    *_fields(Destroyed, _ACTOR, "by"),
    *_fields(Damaged, _THING, "thing"),
    *_fields(Damaged, _ACTOR, "by"),
    *_fields(Repaired, _THING, "thing"),
    *_fields(Repaired, _ACTOR, "by"),
    *_fields(Moves, _MOVABLE, "who"),
    *_fields(Moves, _PLACE, "to"),
    *_fields(Takes, _ACTOR, "who", "from_"),
    *_fields(Takes, _THING, "thing"),
    *_fields(HandsOver, _THING, "thing"),
    *_fields(HandsOver, _ACTOR, "from_", "to"),
    *_fields(Joins, _CHARACTER, "who"),
    *_fields(Joins, _GROUP, "group"),
    *_fields(Leaves, _CHARACTER, "who"),
    *_fields(Leaves, _GROUP, "group"),
    *_fields(Reveal, _FACT, "fact"),
    ReferenceField(Reveal, "to", _ACTOR, audience=True),
    *_fields(Reveal, _ACTOR, "by"),
    *_fields(Thread, _EVENT, "opened", "resolved"),
    *_fields(Setup, _ANY, "about"),
    *_fields(Setup, _EVENT, "planted", "payoff"),
    *_fields(Discrepancy, _ANY, "about"),
)

_BY_OWNER: Final[dict[type, tuple[ReferenceField, ...]]] = {
    owner: tuple(f for f in REFERENCE_FIELDS if f.owner is owner)
    for owner in dict.fromkeys(f.owner for f in REFERENCE_FIELDS)
}

_PARTICIPANT_WHO: Final = _BY_OWNER[Participant][0]

# Every effect class must appear in the table, so a new effect cannot slip past the check.
assert all(effect in _BY_OWNER for effect in EFFECT_TYPES)


@frozen
class Reference:
    """One id used somewhere in a plot.

    Attributes:
        id: The id referred to.
        path: Where it is in the plot document, in model terms.
        field: The field it is written in, with the kinds it accepts.
    """

    id: str
    path: DocPath
    field: ReferenceField


def _in(obj: object, path: DocPath) -> Iterator[Reference]:
    for ref_field in _BY_OWNER.get(type(obj), ()):
        value: str | tuple[str, ...] | None = getattr(obj, ref_field.name)
        if value is None:
            continue
        if isinstance(value, str):
            yield Reference(value, (*path, ref_field.name), ref_field)
        else:
            for position, id_ in enumerate(value):
                yield Reference(id_, (*path, ref_field.name, position), ref_field)


def references(plot: Plot) -> Iterator[Reference]:
    """Every id the plot refers to, in document order."""
    for key, elements in _lists(plot):
        for position, element in enumerate(elements):
            path: DocPath = (key, position)
            yield from _in(element, path)
            if isinstance(element, Event):
                for number, participant in enumerate(element.participants):
                    yield from _in(participant, (*path, "participants", number))
                for number, effect in enumerate(element.effects):
                    yield from _in(effect, (*path, "effects", number))


def _suspects(plot: Plot, kinds: dict[str, Kind]) -> list[Reference]:
    """The references that name nothing or the wrong kind, found without building a path each."""
    found: list[Reference] = []
    by_owner = _BY_OWNER
    for key, elements in _lists(plot):
        for position, element in enumerate(elements):
            fields = by_owner.get(type(element))
            if fields:
                _check_fields(element, fields, kinds, (key, position), found)
            if type(element) is Event:
                for number, participant in enumerate(element.participants):
                    if kinds.get(participant.who) not in _MOVABLE:
                        where = (key, position, "participants", number, "who")
                        found.append(Reference(participant.who, where, _PARTICIPANT_WHO))
                for number, effect in enumerate(element.effects):
                    path = (key, position, "effects", number)
                    _check_fields(effect, by_owner[type(effect)], kinds, path, found)
    return found


def _check_fields(
    owner: object,
    fields: tuple[ReferenceField, ...],
    kinds: dict[str, Kind],
    path: DocPath,
    found: list[Reference],
) -> None:
    """Add to ``found`` each id of ``owner`` that names nothing or the wrong kind."""
    for ref_field in fields:
        value: str | tuple[str, ...] | None = getattr(owner, ref_field.name)
        if not value:
            continue
        accepted = ref_field.kinds
        if type(value) is str:
            if kinds.get(value) not in accepted and not (ref_field.audience and value == AUDIENCE):
                found.append(Reference(value, (*path, ref_field.name), ref_field))
            continue
        for number, id_ in enumerate(value):
            if kinds.get(id_) not in accepted and not (ref_field.audience and id_ == AUDIENCE):
                found.append(Reference(id_, (*path, ref_field.name, number), ref_field))


def _lists(plot: Plot) -> tuple[tuple[str, Sequence[object]], ...]:
    return (
        ("characters", plot.characters),
        ("things", plot.things),
        ("places", plot.places),
        ("groups", plot.groups),
        ("relationships", plot.relationships),
        ("facts", plot.facts),
        ("events", plot.events),
        ("threads", plot.threads),
        ("setups", plot.setups),
        ("discrepancies", plot.discrepancies),
    )


# Ids longer than this get no suggestion: their one-letter variants would cost too much.
_SUGGEST_UP_TO: Final = 64
# Candidates weighed for one unknown id at most, so a crowd of look-alike ids stays cheap.
_WEIGH_AT_MOST: Final = 64


def _variants(id_: str) -> set[str]:
    """The id and each copy of it with one character left out."""
    return {id_, *(id_[:i] + id_[i + 1 :] for i in range(len(id_)))}


class _Suggestions:
    """Close ids for "did you mean", found through an index of one-letter deletions.

    Two ids within a typo of each other (a letter missing, added, changed or two
    swapped) share a variant, so a look-up weighs only those few candidates:
    the work grows with the plot, not with the plot times its typos.
    """

    def __init__(self, kinds: dict[str, Kind]) -> None:
        self._kinds = kinds
        self._by_variant: dict[str, list[str]] = {}
        for id_ in (*kinds, AUDIENCE):
            if len(id_) <= _SUGGEST_UP_TO:
                for variant in _variants(id_):
                    self._by_variant.setdefault(variant, []).append(id_)

    def hint(self, id_: str, field: ReferenceField) -> str:
        """`` (did you mean 'x'?)`` for the closest id, preferring the kinds ``field`` takes."""
        if len(id_) > _SUGGEST_UP_TO:
            return ""
        near: set[str] = set()
        for variant in _variants(id_):
            near.update(self._by_variant.get(variant, ())[:_WEIGH_AT_MOST])
            if len(near) >= _WEIGH_AT_MOST:
                break
        if not field.audience:
            near.discard(AUDIENCE)

        def closeness(candidate: str) -> tuple[bool, float, str]:
            fits = candidate == AUDIENCE or self._kinds[candidate] in field.kinds
            ratio = difflib.SequenceMatcher(None, id_, candidate).ratio()
            return (fits, ratio, candidate)

        best = max(sorted(near), key=closeness, default=None)
        return f" (did you mean {quote(best)}?)" if best else ""


def check_references(plot: Plot, index: PlotIndex | None = None) -> list[Diagnostic]:
    """Report duplicate ids, ids that name nothing and ids of the wrong kind.

    Args:
        plot: The plot to check.
        index: The plot's index, when the caller has one already.

    Returns:
        Unlocated diagnostics with document paths, in document order. They are
        computed once per plot object: loading and checking the same plot share them.
    """
    return list(_FOUND.get(plot, lambda: tuple(_check(plot, index or PlotIndex.of(plot)))))


# Reference findings by plot object, shared by `load` and `check`.
_FOUND: PerPlot[tuple[Diagnostic, ...]] = PerPlot()


def _check(plot: Plot, index: PlotIndex) -> list[Diagnostic]:
    found: list[Diagnostic] = []
    code, slug = DUPLICATE_ID
    for id_, entry in index.duplicates:
        if id_ == AUDIENCE:
            message = f"{quote(AUDIENCE)} is reserved for the viewers and cannot be an id"
            related: tuple[Related, ...] = ()
        else:
            first = index.entries[id_]
            message = f"{quote(id_)} is already the id of a {first.kind.noun}"
            related = (
                Related(message=f"{quote(id_)} first defined here", path=(*first.path, "id")),
            )
        found.append(
            Diagnostic(
                code=code, rule=slug, message=message, path=(*entry.path, "id"), related=related
            )
        )
    kinds = {id_: entry.kind for id_, entry in index.entries.items()}
    suggestions: _Suggestions | None = None  # built at the first unknown id
    for ref in _suspects(plot, kinds):
        kind = kinds.get(ref.id)
        if kind is None:
            suggestions = suggestions or _Suggestions(kinds)
            hint = suggestions.hint(ref.id, ref.field)
            code, slug = UNKNOWN_REFERENCE
            message = f"{quote(ref.id)} in {ref.field.label} is not defined{hint}"
            found.append(Diagnostic(code=code, rule=slug, message=message, path=ref.path))
        else:
            code, slug = WRONG_KIND_REFERENCE
            wanted = ref.field.accepted(many=isinstance(ref.path[-1], int))
            message = f"{quote(ref.id)} is {_article(kind)}; {ref.field.label} must be {wanted}"
            found.append(
                Diagnostic(
                    code=code,
                    rule=slug,
                    message=message,
                    path=ref.path,
                    related=(
                        Related(message=f"{quote(ref.id)} defined here", path=index.path(ref.id)),
                    ),
                )
            )
    return found
