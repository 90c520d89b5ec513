"""PM8xx narrative hygiene: what the plot declares, raises and plants, it uses.

These are warnings and notes, never errors, except when the audience would
get an answer before its question or a payoff before its setup. The order
that counts there is the screen order when the plot gives one (the order the
audience lives through), and story order otherwise.
"""

from __future__ import annotations

from collections.abc import Iterator

from plotmodel._text import escape
from plotmodel.diagnostics import Related, Severity
from plotmodel.model import AUDIENCE, Kind, Reveal
from plotmodel.rules import Context, Finding, rule
from plotmodel.rules._common import before, quote
from plotmodel.rules.identity import meant

__all__ = [
    "answered_before_raised",
    "payoff_before_setup",
    "unpaid_setup",
    "unresolved_thread",
    "unseen_reveal",
    "unused_element",
]

_CHECKED_KINDS = (Kind.CHARACTER, Kind.THING, Kind.PLACE, Kind.GROUP)


@rule("PM801", "unused-element", Severity.WARNING)
def unused_element(context: Context) -> Iterator[Finding]:
    """A declared character, thing, place or group is never referred to.

    An element nothing refers to is dead weight in the model, and often the
    sign of an id misspelt where it was meant to be used. Not counted: a
    character who takes part only as a member of a group that does, an
    element used only inside a narrator's account, and an element a misspelt
    id was meant to name (the typo is reported instead).

    Fails:
        plotmodel: 1
        title: Extra
        characters:
          - {id: lino, name: Lino}
          - {id: moss, name: Moss}  # PM801
        events:
          - {id: drive, name: Lino drives, agents: [lino]}

    Passes:
        plotmodel: 1
        title: Extra
        characters:
          - {id: lino, name: Lino}
          - {id: moss, name: Moss}
          - {id: kad, name: Kad, groups: [gang]}
          - {id: julia, name: Julia}
        groups:
          - {id: gang, name: the gang}
        events:
          - {id: drive, name: Lino drives Moss home, agents: [lino], participants: [moss]}
          - {id: raid, name: The gang raids the garage, agents: [gang]}
        accounts:
          - id: moss-version
            name: What Moss tells Lino on the drive
            narrator: moss
            told_at: drive
            events:
              - {id: tip-off, name: Julia tips the gang off, agents: [julia], participants: [gang]}
    """
    # an element a typo was meant to name is used: the typo is the one finding
    state = context.state
    named = state.named() | {close for _, close in context.memo(meant) if close}
    # so is one used, or meant, inside an account: the account is told with the plot's world
    for told in context.accounts:
        named |= told.state.named() | {close for _, close in told.memo(meant) if close}
    # so is whoever belongs, at some moment, to a group that is used
    named |= {who for group in state.groups if group in named for who in state.ever_members(group)}
    for kind in _CHECKED_KINDS:
        for position, element in enumerate(getattr(context.plot, kind.value)):
            if element.id not in named:
                yield Finding(
                    message=f"{kind.noun} {quote(element.id)} is declared but never used",
                    path=(kind.value, position, "id"),
                    about=(element.id,),
                )


@rule("PM802", "unresolved-thread", Severity.INFO)
def unresolved_thread(context: Context) -> Iterator[Finding]:
    """A thread is never resolved: an open question the plot leaves.

    Open questions may be deliberate; listing them lets the writer check
    that each one is.

    Fails:
        plotmodel: 1
        title: Loose end
        characters:
          - {id: lino, name: Lino}
        events:
          - {id: theft, name: The car disappears, agents: [lino]}
        threads:
          - {id: where-car, name: Where is the car?, opened: theft}  # PM802

    Passes:
        plotmodel: 1
        title: Loose end
        characters:
          - {id: lino, name: Lino}
        events:
          - {id: theft, name: The car disappears, agents: [lino]}
          - {id: found, name: Lino finds the car, agents: [lino]}
        threads:
          - {id: where-car, name: Where is the car?, opened: theft, resolved: found}
    """
    for position, thread in enumerate(context.plot.threads):
        if thread.resolved is None:
            yield Finding(
                message=f"open thread {quote(thread.id)} is never resolved: {escape(thread.name)}",
                path=("threads", position, "id"),
                about=(thread.id,),
            )


@rule("PM803", "unpaid-setup", Severity.WARNING)
def unpaid_setup(context: Context) -> Iterator[Finding]:
    """A setup is planted but never paid off.

    What a film plants with emphasis, the audience expects to matter later;
    an unpaid setup is an open thread of the plot.

    Fails:
        plotmodel: 1
        title: Chekhov
        characters:
          - {id: lino, name: Lino}
        events:
          - {id: gun-shown, name: Lino shows the gun, agents: [lino]}
        setups:
          - {id: gun, name: the gun in the drawer, planted: gun-shown}  # PM803

    Passes:
        plotmodel: 1
        title: Chekhov
        characters:
          - {id: lino, name: Lino}
        events:
          - {id: gun-shown, name: Lino shows the gun, agents: [lino]}
          - {id: gun-fired, name: Lino fires the gun, agents: [lino]}
        setups:
          - {id: gun, name: the gun in the drawer, planted: gun-shown, payoff: gun-fired}
    """
    for position, setup in enumerate(context.plot.setups):
        if setup.payoff is None:
            yield Finding(
                message=(
                    f"open setup {quote(setup.id)} planted in {quote(setup.planted)}"
                    " is never paid off"
                ),
                path=("setups", position, "id"),
                about=(setup.id,),
            )


def _comes_first(context: Context, first: int, then: int) -> tuple[Severity | None, str]:
    """Whether the audience meets event ``first`` before event ``then``, and in which order."""
    order = context.order
    plot = context.plot
    on_screen = plot.screen or any(
        e.shown_after is not None or e.shown_before is not None for e in plot.events
    )
    first_at, then_at = order.screen_position(first), order.screen_position(then)
    if on_screen and first_at is not None and then_at is not None:
        return (Severity.ERROR if first_at < then_at else None), "on screen"
    return before(order, first, then), "in story order"


def _ordered_pairs(
    context: Context, key: str, late: str, early: str
) -> Iterator[tuple[int, int, int, Severity, str]]:
    index = context.index
    positions = context.state.positions
    for position, element in enumerate(getattr(context.plot, key)):
        late_id, early_id = getattr(element, late), getattr(element, early)
        if late_id is None or early_id is None:
            continue
        if index.kind(late_id) is not Kind.EVENT or index.kind(early_id) is not Kind.EVENT:
            continue
        late_at, early_at = positions[late_id], positions[early_id]
        severity, where = _comes_first(context, late_at, early_at)
        if severity is not None:
            yield position, late_at, early_at, severity, where


@rule("PM804", "payoff-before-setup", Severity.ERROR)
def payoff_before_setup(context: Context) -> Iterator[Finding]:
    """A setup pays off before it is planted.

    A payoff works only on an audience that has seen the setup. The order
    that counts is the screen order when the plot gives one, story order
    otherwise; the message says which.

    Fails:
        plotmodel: 1
        title: Early shot
        characters:
          - {id: lino, name: Lino}
        events:
          - {id: gun-fired, name: Lino fires the gun, agents: [lino]}
          - {id: gun-shown, name: Lino shows the gun, agents: [lino]}
        setups:
          - {id: gun, name: the gun, planted: gun-shown, payoff: gun-fired}  # PM804

    Passes:
        plotmodel: 1
        title: Early shot
        characters:
          - {id: lino, name: Lino}
        events:
          - {id: gun-shown, name: Lino shows the gun, agents: [lino]}
          - {id: gun-fired, name: Lino fires the gun, agents: [lino]}
        setups:
          - {id: gun, name: the gun, planted: gun-shown, payoff: gun-fired}
    """
    setups = context.plot.setups
    events = context.plot.events
    for position, paid, planted, severity, where in _ordered_pairs(
        context, "setups", "payoff", "planted"
    ):
        setup = setups[position]
        yield Finding(
            message=(
                f"setup {quote(setup.id)} pays off in {quote(events[paid].id)}"
                f" before it is planted in {quote(events[planted].id)} ({where})"
            ),
            path=("setups", position, "payoff"),
            related=(
                Related(message=f"{quote(setup.id)} is planted here", path=("events", planted)),
            ),
            about=(setup.id,),
            severity=severity,
        )


@rule("PM805", "answered-before-raised", Severity.ERROR)
def answered_before_raised(context: Context) -> Iterator[Finding]:
    """A thread is resolved before the question is raised.

    An answer means nothing to an audience that has not heard the question.
    The order that counts is the screen order when the plot gives one, story
    order otherwise; the message says which.

    Fails:
        plotmodel: 1
        title: Spoiler
        characters:
          - {id: lino, name: Lino}
        events:
          - {id: found, name: Lino finds the car, agents: [lino]}
          - {id: theft, name: The car disappears, agents: [lino]}
        threads:
          - {id: where-car, name: Where is the car?, opened: theft, resolved: found}  # PM805

    Passes:
        plotmodel: 1
        title: Spoiler
        characters:
          - {id: lino, name: Lino}
        events:
          - {id: theft, name: The car disappears, agents: [lino]}
          - {id: found, name: Lino finds the car, agents: [lino]}
        threads:
          - {id: where-car, name: Where is the car?, opened: theft, resolved: found}
    """
    threads = context.plot.threads
    events = context.plot.events
    for position, answered, raised, severity, where in _ordered_pairs(
        context, "threads", "resolved", "opened"
    ):
        thread = threads[position]
        yield Finding(
            message=(
                f"thread {quote(thread.id)} is resolved in {quote(events[answered].id)}"
                f" before it is raised in {quote(events[raised].id)} ({where})"
            ),
            path=("threads", position, "resolved"),
            related=(
                Related(message=f"{quote(thread.id)} is raised here", path=("events", raised)),
            ),
            about=(thread.id,),
            severity=severity,
        )


@rule("PM806", "unseen-reveal", Severity.ERROR)
def unseen_reveal(context: Context) -> Iterator[Finding]:
    """A fact is revealed to the audience in an event the film does not show.

    An event marked ``shown: false`` happens off screen, so the audience can
    learn nothing in it; it learns of it only through a reveal in an event
    the film shows (a confession, a newspaper, a flashback).

    Fails:
        plotmodel: 1
        title: Off screen
        characters:
          - {id: lino, name: Lino}
        facts:
          - {id: lino-did-it, name: Lino did it, established_by: murder}
        events:
          - id: murder
            name: The murder happens off screen
            agents: [lino]
            shown: false
            effects: [{reveal: {fact: lino-did-it, to: [audience], how: shown}}]  # PM806

    Passes:
        plotmodel: 1
        title: Off screen
        characters:
          - {id: lino, name: Lino}
        facts:
          - {id: lino-did-it, name: Lino did it, established_by: murder}
        events:
          - {id: murder, name: The murder happens off screen, agents: [lino], shown: false}
          - id: confession
            name: Lino confesses
            agents: [lino]
            effects: [{reveal: {fact: lino-did-it, to: [audience], how: confession, by: lino}}]
    """
    events = context.plot.events
    for i, k, reveal in context.state.effects_of(Reveal):
        if events[i].shown or AUDIENCE not in reveal.to:
            continue
        yield Finding(
            message=(
                f"{quote(reveal.fact)} is revealed to the audience in {quote(events[i].id)},"
                " which the film does not show"
            ),
            path=("events", i, "effects", k),
            related=(Related(message=f"{quote(events[i].id)} is not shown", path=("events", i)),),
            about=(reveal.fact, events[i].id),
        )
