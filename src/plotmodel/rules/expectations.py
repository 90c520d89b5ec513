"""PM904: what the writer states must hold at an event, holds in the story.

An event's ``expect`` entries are the writer's own statements about the
story ("by now Lino has the car"). Like silences, they are the writer
talking to the checker, so they sit in the PM9 family; each kind is declared
once in `plotmodel.model` (`plotmodel.model.expectation`), which says how it
is read against the story state and how it is said.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from plotmodel.diagnostics import Related, Severity
from plotmodel.model import Expectation, reference_fields
from plotmodel.references import accepts
from plotmodel.rules import Context, Finding, rule
from plotmodel.rules._common import before, ordered, quote, quote_all

__all__ = ["expectation_unmet"]


class _Ids:
    """The `plotmodel.model.Say` of rule messages: every element by its quoted id."""

    def name(self, id_: str | None) -> str:
        """The quoted id; ``someone`` for ``None``."""
        return "someone" if id_ is None else quote(id_)

    def names(self, ids: Sequence[str]) -> str:
        """The quoted ids in a sentence."""
        return quote_all(tuple(ids))

    def many(self, who: str | None) -> bool:
        """Never: a quoted id is one name, whatever it stands for."""
        return False

    def by(self, who: str | Sequence[str] | None) -> str:
        """`` by 'lino'`` (`` by 'lino' and 'moss'``), or nothing."""
        if not who:
            return ""
        return f" by {quote(who) if isinstance(who, str) else quote_all(tuple(who))}"

    def fact(self, id_: str) -> str:
        """The fact's quoted id."""
        return quote(id_)


def _resolves(context: Context, expected: Expectation) -> bool:
    """Whether every id the expectation names is an element of a kind it accepts."""
    kinds = context.index.kinds
    for one in reference_fields(type(expected)):
        value = getattr(expected, one.name)
        for id_ in (value,) if isinstance(value, str) else value or ():
            if not accepts(one, id_, kinds):
                return False
    return True


def _may_be_overtaken(context: Context, position: int) -> bool:
    """Whether an event listed after ``position`` that changes the story may come before it."""
    order = context.order
    events = context.plot.events
    return any(
        events[j].effects and before(order, j, position) is not None
        for j in range(position + 1, len(events))
    )


@rule("PM904", "expectation-unmet", Severity.ERROR)
def expectation_unmet(context: Context) -> Iterator[Finding]:
    """What an event's ``expect`` says must hold there does not hold in the story.

    A writer states what they know of a point in the story ("by now Lino has
    the car"); the story's own state must agree. The expectation is checked
    as the event begins, once those present are there and before any of its
    effects, or once it is over with ``after: true``. The note names where
    the story made it otherwise: the death, the arrest, where the holder got
    the thing. An expectation the story can neither confirm nor deny, such
    as a place the plot never gives, is not reported. When the order is
    loose and the change that settles it may come on either side, the
    finding is a warning.

    Fails:
        plotmodel: 1
        title: The keys
        characters:
          - {id: lino, name: Lino}
          - {id: moss, name: Moss}
        things:
          - {id: keys, name: the keys, held_by: lino}
        events:
          - id: handover
            name: Lino gives Moss the keys
            agents: [lino, moss]
            effects: [{hands_over: {thing: keys, from: lino, to: moss}}]
          - id: garage
            name: Lino opens the garage
            agents: [lino]
            expect: [{holds: {who: lino, thing: keys}}]  # PM904

    Passes:
        plotmodel: 1
        title: The keys
        characters:
          - {id: lino, name: Lino}
          - {id: moss, name: Moss}
        things:
          - {id: keys, name: the keys, held_by: lino}
        events:
          - id: handover
            name: Lino gives Moss the keys
            agents: [lino, moss]
            effects: [{hands_over: {thing: keys, from: lino, to: moss}}]
            expect: [{holds: {who: moss, thing: keys, after: true}}]
          - id: garage
            name: Moss opens the garage
            agents: [moss]
            expect: [{holds: {who: moss, thing: keys}}, {alive: lino}]
    """
    state = context.state
    index = context.index
    events = context.plot.events
    ids = _Ids()
    for i, event in enumerate(events):
        for k, expected in enumerate(event.expect):
            if not _resolves(context, expected):
                continue  # the reference rules report it
            moment = state.start(i + 1) if expected.after else state.step(i, 0)
            verdict = expected.judge(state, i, moment, ids)
            if verdict.met is not False:
                continue
            severity: Severity | None = Severity.ERROR
            if verdict.since is not None:
                note = Related(message=verdict.says, path=verdict.since)
                made = verdict.since[1]
                if isinstance(made, int):
                    severity = ordered(context.order, made, i)
            else:
                declared = verdict.declared or ""
                note = Related(
                    message=f"{quote(declared)} is declared here", path=index.path(declared)
                )
            if severity is None:
                continue
            if severity is Severity.ERROR and _may_be_overtaken(context, i):
                severity = Severity.WARNING  # a change listed later may come first and settle it
            when = " once it is over" if expected.after else ""
            yield Finding(
                message=(
                    f"{quote(event.id)} expects that {expected.sentence(ids)}{when},"
                    f" but {verdict.story}"
                ),
                path=("events", i, "expect", k),
                related=(note,),
                about=(event.id,),
                severity=severity,
            )
