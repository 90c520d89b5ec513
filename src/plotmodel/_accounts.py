"""An account as a plot of its own: the world of the plot, the events of the account.

Each narrator's account is checked and asked about as a timeline apart. The
plot it is read as keeps the plot's characters, things, places, groups,
relationships and facts, in the same order (so their document paths are the
same), and takes the account's events for its own. What the account claims
holds from its start, unless one of its own events establishes it; what it
denies does not hold. An event of the main story means nothing inside an
account: a fact's ``established_by`` and ``ended_by`` and a relationship's
``since`` and ``until`` count only when they name one of the account's events. The screen
order, threads, setups, discrepancies and accounts belong to the main story
and are left out.
"""

from __future__ import annotations

from collections.abc import Set
from typing import Final

import attrs

from plotmodel.diagnostics import DocPath
from plotmodel.model import Account, Fact, Plot, Relationship

__all__ = ["EVENTS", "as_told", "in_account"]

#: Where a plot keeps its events: the one part of an account's plot that is the account's own.
EVENTS: Final = "events"


def as_told(plot: Plot, account: Account) -> Plot:
    """The plot ``account`` tells: the plot's world, the account's events and its claims."""
    own = frozenset(event.id for event in account.events)
    claimed, denied = frozenset(account.claims), frozenset(account.denies)
    return Plot(
        title=plot.title,
        format=plot.format,
        characters=plot.characters,
        things=plot.things,
        places=plot.places,
        groups=plot.groups,
        relationships=tuple(_bounded(tie, own) for tie in plot.relationships),
        facts=tuple(_fact(fact, own, claimed, denied) for fact in plot.facts),
        events=account.events,
        check=plot.check,
    )


def _fact(fact: Fact, own: Set[str], claimed: Set[str], denied: Set[str]) -> Fact:
    made = fact.established_by if fact.established_by in own else None
    ended = fact.ended_by if fact.ended_by in own else None
    if fact.id in denied:
        return attrs.evolve(fact, holds=False, backstory=False, established_by=None, ended_by=None)
    if fact.id in claimed:
        return attrs.evolve(
            fact, holds=True, backstory=made is None, established_by=made, ended_by=ended
        )
    if (made, ended) != (fact.established_by, fact.ended_by):
        return attrs.evolve(fact, established_by=made, ended_by=ended)
    return fact


def _bounded(tie: Relationship, own: Set[str]) -> Relationship:
    since = tie.since if tie.since in own else None
    until = tie.until if tie.until in own else None
    if (since, until) == (tie.since, tie.until):
        return tie
    return attrs.evolve(tie, since=since, until=until)


def in_account(position: int, path: DocPath) -> DocPath:
    """A path in an account's plot as a path in the plot: inside its events, or as it is.

    Everything but the events is the plot's own, at the same path.
    """
    if path[:1] == (EVENTS,):
        return ("accounts", position, *path)
    return path
