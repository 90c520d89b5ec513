"""Every reference between elements, read from the model's own declarations.

A plot refers to elements by id. Each model field that holds ids declares it
(`plotmodel.model.refers`); `REFERENCE_FIELDS` gathers those declarations for
every class, `references` walks a plot through them, and `accepts` says
whether an id may stand in a field. The story state resolves every reference
once, with `accepts`, while it replays the plot; the PM1xx rules report what
did not resolve.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Final

from attrs import frozen

from plotmodel.diagnostics import DocPath
from plotmodel.model import (
    AUDIENCE,
    EFFECT_TYPES,
    Account,
    Character,
    Discrepancy,
    Event,
    Fact,
    Group,
    Kind,
    Motive,
    Participant,
    Place,
    Plot,
    ReferenceField,
    Relationship,
    Setup,
    Thing,
    Thread,
    reference_fields,
)

__all__ = [
    "MODEL_CLASSES",
    "REFERENCE_FIELDS",
    "Reference",
    "accepts",
    "identity",
    "references",
    "references_in",
]

#: Every model class that can hold ids, in document order.
MODEL_CLASSES: Final[tuple[type, ...]] = (
    Character,
    Thing,
    Place,
    Group,
    Relationship,
    Fact,
    Event,
    Participant,
    Motive,
    *EFFECT_TYPES,
    Account,
    Thread,
    Setup,
    Discrepancy,
)

#: Every field of the model that holds ids, with the kinds each accepts.
REFERENCE_FIELDS: Final[tuple[ReferenceField, ...]] = tuple(
    one for cls in MODEL_CLASSES for one in reference_fields(cls)
)


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


def accepts(field: ReferenceField, id_: str, kinds: Mapping[str, Kind]) -> bool:
    """Whether ``id_`` names an element of a kind ``field`` accepts (or is an accepted audience)."""
    return kinds.get(id_) in field.kinds or (field.audience and id_ == AUDIENCE)


def identity(form: object) -> tuple[str, ReferenceField]:
    """The id a record in place of an id stands for: an agent's ``who``, a motive's ``fact``."""
    first = reference_fields(type(form))[0]
    value: str = getattr(form, first.name)
    return value, first


def _in(obj: object, path: DocPath) -> Iterator[Reference]:
    for ref_field in reference_fields(type(obj)):
        value: str | tuple[object, ...] | None = getattr(obj, ref_field.name)
        if value is None:
            continue
        if isinstance(value, str):
            yield Reference(value, (*path, ref_field.name), ref_field)
            continue
        for position, item in enumerate(value):
            if isinstance(item, str):
                yield Reference(item, (*path, ref_field.name, position), ref_field)
                continue
            # a record in place of an id: its id is read as this field's, the rest as its own
            where = (*path, ref_field.name, position)
            id_, first = identity(item)
            yield Reference(id_, (*where, first.name), ref_field)
            yield from (ref for ref in _in(item, where) if ref.field is not first)


def references(plot: Plot) -> Iterator[Reference]:
    """Every id the plot refers to, in document order.

    An account's own fields (its narrator, where it is told, what it claims)
    are the plot's references; the ids inside its events name the account's
    own events and are read with the account, as a plot of its own.
    """
    for kind, elements in plot.elements():
        for position, element in enumerate(elements):
            yield from references_in(element, (kind.value, position))


def references_in(element: object, path: DocPath) -> Iterator[Reference]:
    """Every id one element refers to (an event's participants and effects too), in order.

    Args:
        element: A character, event or any other element of a plot.
        path: The element's own path in the plot document, such as ``("events", 3)``.
    """
    yield from _in(element, path)
    if isinstance(element, Event):
        for number, participant in enumerate(element.participants):
            yield from _in(participant, (*path, "participants", number))
        for number, effect in enumerate(element.effects):
            yield from _in(effect, (*path, "effects", number))
