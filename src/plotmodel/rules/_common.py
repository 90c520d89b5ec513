"""Small helpers the rule families share: severity by order, ids in messages."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Final, NamedTuple

from plotmodel._text import quote
from plotmodel.diagnostics import DocPath, Severity
from plotmodel.model import Kind, Returns, reference_fields

if TYPE_CHECKING:
    from plotmodel.order import Order
    from plotmodel.rules import Context
    from plotmodel.state import Change, Death, StoryState

__all__ = [
    "Dead",
    "before",
    "before_beginning",
    "between",
    "dead_at",
    "in_event",
    "ordered",
    "quote",
    "quote_all",
]


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


def in_event(state: StoryState, position: int) -> set[str]:
    """Who is bodily with the event at ``position``: at its place, elsewhere, or with a group.

    Whoever is there brings what they hold and whom they keep: the sniper's
    rifle, the prisoner the officers lead in.
    """
    found = {one for one, _ in state.presence(position)}
    found.update(state.along(position))
    return found


def quote_all(ids: list[str] | tuple[str, ...]) -> str:
    """Ids in a message: ``'a'``, ``'a' and 'b'``, ``'a', 'b' and 'c'``."""
    quoted = [quote(one) for one in ids]
    if len(quoted) <= 1:
        return "".join(quoted)
    return ", ".join(quoted[:-1]) + " and " + quoted[-1]


class Dead(NamedTuple):
    """A death someone is under, how sure that is, and why not surer when it is not the order."""

    death: Death
    severity: Severity
    doubt: str | None = None


#: Who can die: a character, or a group as a whole.
_MORTAL: Final = frozenset({Kind.CHARACTER, Kind.GROUP})

#: What a finding adds when the death it rests on is one the plot marks uncertain.
UNCERTAIN_DEATH: Final = ", a death the plot marks uncertain"


def dead_at(context: Context, who: str, position: int, moment: int) -> Dead | None:
    """The death ``who`` is under at ``moment`` of the event at ``position``, and how sure that is.

    Read against the partial order: an error when every allowed order puts
    the death first with no return in between, a warning when only some do.
    A death whose effect says ``certainty: uncertain`` (the source leaves
    it in doubt) makes no more than a warning.
    """
    state = context.state
    deaths = state.deaths(who)
    if not deaths or context.index.kind(who) not in _MORTAL:
        return None  # one who never dies, as most never do, is alive throughout
    order = context.order
    death = state.death(who, moment)
    if death is None:
        # alive as listed: a loose death listed later may still come first
        later = [
            d
            for d in deaths
            if d.position > position and order.possibly_before(d.position, position)
        ]
        return Dead(later[0], Severity.WARNING) if later else None
    severity = ordered(order, death.position, position)
    if severity is Severity.ERROR and any(
        between(order, death.position, r.position, position)
        for r in state.effects_of(Returns)
        if r.effect.who == who and r.position != position
    ):
        severity = Severity.WARNING  # a return may fall between the death and this event
    if severity is None:
        return None
    if severity is Severity.ERROR and death.uncertain:
        return Dead(death, Severity.WARNING, UNCERTAIN_DEATH)
    return Dead(death, severity)


def before_beginning(
    context: Context, who: str
) -> Iterator[tuple[int, DocPath, str, Change, Severity]]:
    """Each earlier event where ``who`` has a part, though the story brings them in later.

    ``who`` is born or made at an event (`plotmodel.state.StoryState.beginning`);
    a bodily part in an event before that one, or an effect naming them there,
    is out of order. The event of the beginning itself is not, but for an
    effect written before the one that begins them: a child takes part in its
    own birth, and a mask is handed over once it is forged. Yields the
    position, the path inside the event, what they do there, the beginning
    and how sure the order is.
    """
    state = context.state
    begins = state.beginning(who)
    if begins is None:
        return
    order = context.order
    last = -1
    parts = sorted(
        [(i, path, verb) for i, _, path, verb in state.bodily(who)]
        + context.memo(_named_by_effects).get(who, [])
    )
    for i, path, verb in parts:
        if i == last:
            continue
        if i == begins.position:
            # in the event that begins them, only an effect written before that one
            written = path[1] if len(path) > 1 and path[0] == "effects" else None
            if begins.effect is None or not isinstance(written, int) or written >= begins.effect:
                continue
            severity: Severity | None = Severity.ERROR
        else:
            severity = before(order, i, begins.position)
        if severity is None:
            continue
        last = i
        yield i, path, verb, begins, severity


def _named_by_effects(context: Context) -> dict[str, list[tuple[int, DocPath, str]]]:
    """Where effects name the born and the made, by a field that is not bodily: once per check."""
    state = context.state
    wanted = state.beginnings
    found: dict[str, list[tuple[int, DocPath, str]]] = {}
    if not wanted:
        return found
    for i, event in enumerate(state.events):
        for k, effect in enumerate(event.effects):
            for one in reference_fields(type(effect)):
                if one.refers.bodily is not None:
                    continue
                value = getattr(effect, one.name)
                for n, id_ in enumerate((value,) if isinstance(value, str) else value or ()):
                    if id_ in wanted:
                        path: DocPath = ("effects", k, one.name)
                        if not isinstance(value, str):
                            path = (*path, n)
                        found.setdefault(id_, []).append((i, path, f"is named by {one.label} in"))
    return found
