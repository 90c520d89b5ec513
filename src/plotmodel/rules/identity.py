"""PM1xx identity and references: every id is defined once and names the right kind.

The story state resolves every reference once, while it replays the plot,
and keeps those that name nothing or an element of the wrong kind; these
rules report them. Every other rule reads only what resolves, so a typo in
one id never hides the plot holes elsewhere.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator, Mapping
from typing import Final

from plotmodel.diagnostics import Related, Severity
from plotmodel.model import AUDIENCE, Kind, ReferenceField
from plotmodel.references import Reference
from plotmodel.rules import Context, Finding, rule
from plotmodel.rules._common import quote

__all__ = ["duplicate_id", "meant", "unknown_reference", "wrong_kind_reference"]


@rule("PM101", "duplicate-id", Severity.ERROR)
def duplicate_id(context: Context) -> Iterator[Finding]:
    """Two elements share one id, or an element takes the reserved id 'audience'.

    Every reference names an element by its id; with two candidates, the
    plot no longer says which one is meant. References to the id resolve to
    its first definition.

    Fails:
        plotmodel: 1
        title: Twins
        characters:
          - {id: lino, name: Lino}
          - {id: lino, name: Lino's brother}  # PM101
        events:
          - {id: meet, name: The brothers meet, agents: [lino]}

    Passes:
        plotmodel: 1
        title: Twins
        characters:
          - {id: lino, name: Lino}
          - {id: quentin, name: Quentin}
        events:
          - {id: meet, name: The brothers meet, agents: [lino, quentin]}
    """
    index = context.index
    for id_, entry in index.duplicates:
        if id_ == AUDIENCE:
            yield Finding(
                message=f"{quote(AUDIENCE)} is reserved for the viewers and cannot be an id",
                path=(*entry.path, "id"),
                about=(id_,),
            )
            continue
        first = index.entries[id_]
        yield Finding(
            message=f"{quote(id_)} is already the id of {first.kind.one}",
            path=(*entry.path, "id"),
            related=(
                Related(message=f"{quote(id_)} first defined here", path=(*first.path, "id")),
            ),
            about=(id_,),
        )


@rule("PM102", "unknown-reference", Severity.ERROR)
def unknown_reference(context: Context) -> Iterator[Finding]:
    """An id names no element of the plot: a typo or a forgotten declaration.

    A reference that names nothing is left out of the story: an effect that
    needs it does not happen, an optional one reads as not given. Every other
    rule still runs on the rest of the plot, so the typo and the plot holes
    elsewhere come out together.

    Fails:
        plotmodel: 1
        title: Typo
        characters:
          - {id: lino, name: Lino}
        events:
          - {id: drive, name: Lino drives, agents: [linno]}  # PM102

    Passes:
        plotmodel: 1
        title: Typo
        characters:
          - {id: lino, name: Lino}
        events:
          - {id: drive, name: Lino drives, agents: [lino]}
    """
    for ref, close in context.memo(meant):
        hint = f" (did you mean {quote(close)}?)" if close else ""
        yield Finding(
            message=f"{quote(ref.id)} in {ref.field.label} is not defined{hint}",
            path=ref.path,
            about=(ref.id,),
        )


def meant(context: Context) -> list[tuple[Reference, str | None]]:
    """Each reference that names nothing, with the id it was most likely meant to name."""
    kinds = context.index.kinds
    found: list[tuple[Reference, str | None]] = []
    suggestions: _Suggestions | None = None  # built at the first unknown id
    for ref in context.state.unresolved:
        if ref.id in kinds:
            continue
        suggestions = suggestions or _Suggestions(kinds)
        found.append((ref, suggestions.closest(ref.id, ref.field)))
    return found


@rule("PM103", "wrong-kind-reference", Severity.ERROR)
def wrong_kind_reference(context: Context) -> Iterator[Finding]:
    """An id names an element of the wrong kind, such as a thing given as an agent.

    A car cannot act and a place cannot die: the plot says something that
    the model cannot follow.

    Fails:
        plotmodel: 1
        title: Driverless
        characters:
          - {id: lino, name: Lino}
        things:
          - {id: car, name: the car}
        events:
          - {id: drive, name: The car drives, agents: [car], participants: [lino]}  # PM103

    Passes:
        plotmodel: 1
        title: Driverless
        characters:
          - {id: lino, name: Lino}
        things:
          - {id: car, name: the car}
        events:
          - {id: drive, name: Lino drives the car, agents: [lino], participants: [car]}
    """
    index = context.index
    for ref in context.state.unresolved:
        kind = index.kinds.get(ref.id)
        if kind is None:
            continue
        wanted = ref.field.accepted(many=isinstance(ref.path[-1], int))
        yield Finding(
            message=f"{quote(ref.id)} is {kind.one}; {ref.field.label} must be {wanted}",
            path=ref.path,
            related=(Related(message=f"{quote(ref.id)} defined here", path=index.path(ref.id)),),
            about=(ref.id,),
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

    def __init__(self, kinds: Mapping[str, Kind]) -> None:
        self._kinds = kinds
        self._by_variant: dict[str, list[str]] = {}
        for id_ in (*kinds, AUDIENCE):
            if len(id_) <= _SUGGEST_UP_TO:
                for variant in _variants(id_):
                    self._by_variant.setdefault(variant, []).append(id_)

    def closest(self, id_: str, field: ReferenceField) -> str | None:
        """The closest id within a typo of ``id_``, preferring the kinds ``field`` takes."""
        if len(id_) > _SUGGEST_UP_TO:
            return None
        near: set[str] = set()
        for variant in _variants(id_):
            near.update(self._by_variant.get(variant, ())[:_WEIGH_AT_MOST])
            if len(near) >= _WEIGH_AT_MOST:
                break
        # only an id the field could hold: a place is no suggestion for an agent
        fitting = [
            one
            for one in sorted(near)
            if (one == AUDIENCE and field.audience)
            or (one != AUDIENCE and self._kinds[one] in field.kinds)
        ]

        def closeness(candidate: str) -> tuple[float, str]:
            return (difflib.SequenceMatcher(None, id_, candidate).ratio(), candidate)

        return max(fitting, key=closeness, default=None)
