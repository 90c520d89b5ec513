"""Small helpers the rule families share: severity by order, ids in messages."""

from __future__ import annotations

from typing import TYPE_CHECKING

from plotmodel._text import quote
from plotmodel.diagnostics import Severity

if TYPE_CHECKING:
    from plotmodel.order import Order

__all__ = ["before", "quote", "quote_all"]


def before(order: Order, first: int, then: int) -> Severity | None:
    """How sure it is that event ``first`` comes before event ``then``.

    Returns:
        `Severity.ERROR` when it does in every order the plot allows,
        `Severity.WARNING` when only in some, ``None`` when in none.
    """
    if not order.is_loose(first) and not order.is_loose(then):
        # both keep their listed places: the listing decides
        return Severity.ERROR if first < then else None
    if order.definitely_before(first, then):
        return Severity.ERROR
    if order.possibly_before(first, then):
        return Severity.WARNING
    return None


def quote_all(ids: list[str] | tuple[str, ...]) -> str:
    """Ids in a message: ``'a'``, ``'a' and 'b'``, ``'a', 'b' and 'c'``."""
    quoted = [quote(one) for one in ids]
    if len(quoted) <= 1:
        return "".join(quoted)
    return ", ".join(quoted[:-1]) + " and " + quoted[-1]
