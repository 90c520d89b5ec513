"""Small helpers the rule families share: severity by order, ids in messages."""

from __future__ import annotations

from typing import TYPE_CHECKING

from plotmodel._text import quote
from plotmodel.diagnostics import Severity
from plotmodel.model import Kind, Returns

if TYPE_CHECKING:
    from plotmodel.order import Order
    from plotmodel.rules import Context
    from plotmodel.state import Death

__all__ = ["before", "between", "dead_at", "ordered", "quote", "quote_all"]


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


def ordered(order: Order, first: int, then: int) -> Severity | None:
    """`before`, where one event compared with itself means an earlier effect of it: in order."""
    return Severity.ERROR if first == then else before(order, first, then)


def between(order: Order, first: int, middle: int, then: int) -> bool:
    """Whether event ``middle`` may come after ``first`` and before ``then`` in some allowed order.

    An event compared with itself counts as coming after (its effects are in order).
    """
    after_first = middle == first or order.possibly_before(first, middle)
    return after_first and (middle != then and order.possibly_before(middle, then))


def quote_all(ids: list[str] | tuple[str, ...]) -> str:
    """Ids in a message: ``'a'``, ``'a' and 'b'``, ``'a', 'b' and 'c'``."""
    quoted = [quote(one) for one in ids]
    if len(quoted) <= 1:
        return "".join(quoted)
    return ", ".join(quoted[:-1]) + " and " + quoted[-1]


def dead_at(
    context: Context, who: str, position: int, moment: int
) -> tuple[Death, Severity] | None:
    """The death ``who`` is under at ``moment`` of the event at ``position``, and how sure that is.

    Read against the partial order: an error when every allowed order puts
    the death first with no return in between, a warning when only some do.
    """
    if context.index.kind(who) is not Kind.CHARACTER:
        return None
    state = context.state
    order = context.order
    death = state.death(who, moment)
    if death is None:
        # alive as listed: a loose death listed later may still come first
        later = [
            d
            for d in state.deaths(who)
            if d.position > position and order.possibly_before(d.position, position)
        ]
        return (later[0], Severity.WARNING) if later else None
    severity = ordered(order, death.position, position)
    if severity is Severity.ERROR and any(
        between(order, death.position, r.position, position)
        for r in state.effects_of(Returns)
        if r.effect.who == who and r.position != position
    ):
        severity = Severity.WARNING  # a return may fall between the death and this event
    return (death, severity) if severity is not None else None
