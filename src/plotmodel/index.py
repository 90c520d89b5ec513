"""Look elements up by id: what kind each id is, where it is in the plot document.

One `PlotIndex` per plot serves the story state (which resolves every
reference through it) and the rules, so no one scans the element lists twice.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import NamedTuple

from attrs import frozen

from plotmodel._per_plot import PerPlot
from plotmodel.diagnostics import DocPath
from plotmodel.model import AUDIENCE, Kind, Plot

__all__ = ["Kind", "PlotIndex"]


class Entry(NamedTuple):
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
        kinds: Each id's kind, for the many look-ups that need nothing else.
    """

    entries: Mapping[str, Entry]
    duplicates: tuple[tuple[str, Entry], ...]
    kinds: Mapping[str, Kind]

    @classmethod
    def of(cls, plot: Plot) -> PlotIndex:
        """Index every element of ``plot`` in one pass, once per plot object.

        The story state resolves references with it and the rules read it
        again: the plot is frozen, so both share the one built first.
        """
        return _INDEXES.get(plot, lambda: cls._build(plot))

    @classmethod
    def _build(cls, plot: Plot) -> PlotIndex:
        entries: dict[str, Entry] = {}
        kinds: dict[str, Kind] = {}
        duplicates: list[tuple[str, Entry]] = []
        new = tuple.__new__  # an entry without a Python-level call each
        for kind, elements in plot.elements():
            for position, element in enumerate(elements):
                id_ = element.id
                if id_ in entries or id_ == AUDIENCE:
                    duplicates.append((id_, Entry(kind, position)))
                else:
                    entries[id_] = new(Entry, (kind, position))
                    kinds[id_] = kind
        return cls(entries, tuple(duplicates), kinds)

    def kind(self, id_: str) -> Kind | None:
        """The kind of element ``id_`` names, or ``None`` if nothing has that id."""
        return self.kinds.get(id_)

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
