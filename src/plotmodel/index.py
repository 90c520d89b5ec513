"""Look elements up by id: what kind each id is, where it is in the plot document.

One `PlotIndex` per plot serves the reference checks, the story state and the
rules, so no one scans the element lists twice.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping, Sequence
from typing import Final

from attrs import frozen

from plotmodel._per_plot import PerPlot
from plotmodel.diagnostics import DocPath
from plotmodel.model import AUDIENCE, Element, Plot, Relationship

__all__ = ["Kind", "PlotIndex"]


class Kind(enum.Enum):
    """The kind of element an id names; the value is its list's key in a plot file."""

    CHARACTER = "characters"
    THING = "things"
    PLACE = "places"
    GROUP = "groups"
    RELATIONSHIP = "relationships"
    FACT = "facts"
    EVENT = "events"
    THREAD = "threads"
    SETUP = "setups"
    DISCREPANCY = "discrepancies"

    @property
    def noun(self) -> str:
        """The kind in a message: ``character``, ``thing``, ``relationship``."""
        return _NOUNS[self]


_NOUNS: Final = {
    Kind.CHARACTER: "character",
    Kind.THING: "thing",
    Kind.PLACE: "place",
    Kind.GROUP: "group",
    Kind.RELATIONSHIP: "relationship",
    Kind.FACT: "fact",
    Kind.EVENT: "event",
    Kind.THREAD: "thread",
    Kind.SETUP: "setup",
    Kind.DISCREPANCY: "discrepancy",
}


@frozen
class Entry:
    """Where one id lives: its kind and its position in that kind's list."""

    kind: Kind
    position: int

    @property
    def path(self) -> DocPath:
        """The element's path in the plot document, such as ``("events", 3)``."""
        return (self.kind.value, self.position)


@frozen
class PlotIndex:
    """Every id of a plot with its kind and position.

    Attributes:
        entries: Each id's first definition.
        duplicates: Later definitions of an id already defined, in document order.
    """

    entries: Mapping[str, Entry]
    duplicates: tuple[tuple[str, Entry], ...]

    @classmethod
    def of(cls, plot: Plot) -> PlotIndex:
        """Index every element of ``plot`` in one pass, once per plot object.

        Loading checks references with the index and checking reads it again:
        the plot is frozen, so both share the one built first.
        """
        return _INDEXES.get(plot, lambda: cls._build(plot))

    @classmethod
    def _build(cls, plot: Plot) -> PlotIndex:
        entries: dict[str, Entry] = {}
        duplicates: list[tuple[str, Entry]] = []
        collections: tuple[tuple[Kind, Sequence[Element | Relationship]], ...] = (
            (Kind.CHARACTER, plot.characters),
            (Kind.THING, plot.things),
            (Kind.PLACE, plot.places),
            (Kind.GROUP, plot.groups),
            (Kind.RELATIONSHIP, plot.relationships),
            (Kind.FACT, plot.facts),
            (Kind.EVENT, plot.events),
            (Kind.THREAD, plot.threads),
            (Kind.SETUP, plot.setups),
            (Kind.DISCREPANCY, plot.discrepancies),
        )
        for kind, elements in collections:
            for position, element in enumerate(elements):
                entry = Entry(kind, position)
                if element.id in entries or element.id == AUDIENCE:
                    duplicates.append((element.id, entry))
                else:
                    entries[element.id] = entry
        return cls(entries, tuple(duplicates))

    def kind(self, id_: str) -> Kind | None:
        """The kind of element ``id_`` names, or ``None`` if nothing has that id."""
        entry = self.entries.get(id_)
        return entry.kind if entry else None

    def path(self, id_: str) -> DocPath:
        """The document path of the element ``id_`` names (empty if unknown)."""
        entry = self.entries.get(id_)
        return entry.path if entry else ()

    def position(self, id_: str) -> int:
        """The element's position in its list; for an event, its story position."""
        return self.entries[id_].position

    def ids(self, kind: Kind) -> list[str]:
        """Every id of one kind, in document order."""
        return [id_ for id_, entry in self.entries.items() if entry.kind is kind]


_INDEXES: PerPlot[PlotIndex] = PerPlot()
