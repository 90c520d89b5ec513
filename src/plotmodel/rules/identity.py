"""PM1xx identity and references: every id is defined once and names the right kind.

The findings come from `plotmodel.references.check_references`, computed once
per check; these rules give them a place in the registry, so they can be
selected, ignored and silenced like any other.
"""

from __future__ import annotations

from collections.abc import Iterator

from plotmodel.diagnostics import Severity
from plotmodel.references import DUPLICATE_ID, UNKNOWN_REFERENCE, WRONG_KIND_REFERENCE
from plotmodel.rules import Context, Finding, Rule, rule

__all__ = ["RULES", "duplicate_id", "unknown_reference", "wrong_kind_reference"]


def _of(context: Context, code: str) -> Iterator[Finding]:
    for found in context.references:
        if found.code == code:
            yield Finding(message=found.message, path=found.path, related=found.related)


@rule(*DUPLICATE_ID, Severity.ERROR, needs_sound_plot=False)
def duplicate_id(context: Context) -> Iterator[Finding]:
    """Two elements share one id, or an element takes the reserved id 'audience'.

    Every reference names an element by its id; with two candidates, the
    plot no longer says which one is meant.

    Fails:
        plotmodel: 1
        title: Twins
        characters:
          - {id: lino, name: Lino}
          - {id: lino, name: Lino's brother}  # PM101

    Passes:
        plotmodel: 1
        title: Twins
        characters:
          - {id: lino, name: Lino}
          - {id: quentin, name: Quentin}
        events:
          - {id: meet, name: The brothers meet, agents: [lino, quentin]}
    """
    return _of(context, DUPLICATE_ID[0])


@rule(*UNKNOWN_REFERENCE, Severity.ERROR, needs_sound_plot=False)
def unknown_reference(context: Context) -> Iterator[Finding]:
    """An id names no element of the plot: a typo or a forgotten declaration.

    Every later check reads references; one that names nothing would make
    them guess, so the checks that need a sound plot wait until it is fixed.

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
    return _of(context, UNKNOWN_REFERENCE[0])


@rule(*WRONG_KIND_REFERENCE, Severity.ERROR, needs_sound_plot=False)
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
    return _of(context, WRONG_KIND_REFERENCE[0])


RULES: tuple[Rule, ...] = (duplicate_id, unknown_reference, wrong_kind_reference)
