"""Look elements up by id: what kind each id is, where it is in the plot document.

One `PlotIndex` per plot serves the story state (which resolves every
reference through it) and the rules, so no one scans the element lists twice.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
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


class _Entries(Mapping[str, Entry]):
    """Each id's entry, made when asked from two plain maps.

    A plot has an id per element; a dict of ``str`` to ``int`` holds their
    positions without an object per id for the garbage collector to walk.
    """

    __slots__ = ("_kinds", "_positions")

    def __init__(self, kinds: Mapping[str, Kind], positions: Mapping[str, int]) -> None:
        self._kinds = kinds
        self._positions = positions

    def __getitem__(self, id_: str) -> Entry:
        return Entry(self._kinds[id_], self._positions[id_])

    def __iter__(self) -> Iterator[str]:
        return iter(self._kinds)

    def __len__(self) -> int:
        return len(self._kinds)

    def __repr__(self) -> str:
        return repr(dict(self))


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
        positions: dict[str, int] = {}
        kinds: dict[str, Kind] = {}
        duplicates: list[tuple[str, Entry]] = []
        for kind, elements in plot.elements():
            for position, element in enumerate(elements):
                id_ = element.id
                if id_ in kinds or id_ == AUDIENCE:
                    duplicates.append((id_, Entry(kind, position)))
                else:
                    positions[id_] = position
                    kinds[id_] = kind
        return cls(_Entries(kinds, positions), tuple(duplicates), kinds)

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
        return [id_ for id_, its in self.kinds.items() if its is kind]


_INDEXES: PerPlot[PlotIndex] = PerPlot()
