"""Values computed once per plot object and kept while the plot lives.

A plot is frozen, so what is derived from it (its id index, its story state,
its reference findings) never goes stale; loading and checking the same plot
can share that work instead of repeating it.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable
from typing import TYPE_CHECKING, Generic, TypeVar

if TYPE_CHECKING:
    from plotmodel.model import Plot

__all__ = ["PerPlot"]

T = TypeVar("T")


class _Entry(Generic[T]):
    """One remembered value, with a weak reference to its plot so it dies with the plot."""

    __slots__ = ("plot", "value")

    def __init__(self, plot: weakref.ref[Plot], value: T) -> None:
        self.plot = plot
        self.value = value


class PerPlot(Generic[T]):
    """A cache of one value per plot object, dropped when the plot is collected.

    Keyed by identity, never by equality: hashing a large frozen plot costs a
    full walk, and two equal plots are still two objects a caller may tell apart.
    """

    __slots__ = ("_entries",)

    def __init__(self) -> None:
        self._entries: dict[int, _Entry[T]] = {}

    def get(self, plot: Plot, compute: Callable[[], T]) -> T:
        """The value remembered for ``plot``, computed by ``compute`` on the first call."""
        key = id(plot)
        entry = self._entries.get(key)
        if entry is not None and entry.plot() is plot:
            return entry.value
        value = compute()
        entries = self._entries

        def forget(ref: weakref.ref[Plot], key: int = key) -> None:
            # a newer plot may have reused the id: only drop the entry this plot made
            found = entries.get(key)
            if found is not None and found.plot is ref:
                del entries[key]

        entries[key] = _Entry(weakref.ref(plot, forget), value)
        return value

    def __len__(self) -> int:
        """How many live plots have a value here."""
        return len(self._entries)
