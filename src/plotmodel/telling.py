"""Tell a plot as a timeline a reader can follow in a terminal.

`tell` writes every event with its number in story order, where it happens
and who acts, then each effect in plain words (who dies, who is arrested and
where, what the audience learns). Loose events and flashbacks are marked, and
the questions left open and the setups never paid off are listed at the end.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final, Literal

from plotmodel._order import Order
from plotmodel.model import (
    AUDIENCE,
    Arrested,
    Certainty,
    Damaged,
    Destroyed,
    Dies,
    Effect,
    Escapes,
    Event,
    HandsOver,
    Injured,
    Joins,
    Leaves,
    Moves,
    Plot,
    Released,
    Repaired,
    Returns,
    Reveal,
    Takes,
)

__all__ = ["tell"]

_BOLD: Final = "\033[1m"
_DIM: Final = "\033[2m"
_YELLOW: Final = "\033[33m"
_RESET: Final = "\033[0m"


class _Words:
    """Names for ids, and optional colour, shared by every line of one telling."""

    def __init__(self, plot: Plot, *, colour: bool) -> None:
        self.colour = colour
        self.names: dict[str, str] = {}
        for elements in (
            plot.characters,
            plot.things,
            plot.places,
            plot.groups,
            plot.facts,
            plot.events,
        ):
            for element in elements:
                self.names.setdefault(element.id, element.name)
        self.names.setdefault(AUDIENCE, "the audience")

    def name(self, id_: str | None) -> str:
        """The element's name, or its id when it has none."""
        return self.names.get(id_, id_) if id_ is not None else "someone"

    def names_of(self, ids: Sequence[str]) -> str:
        """Several names in a sentence: ``Lino, Charas and Quentin``."""
        names = [self.name(i) for i in ids]
        return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]

    def style(self, code: str, text: str) -> str:
        """``text`` in the given terminal style, when colour is on."""
        return f"{code}{text}{_RESET}" if self.colour else text


def _by(words: _Words, by: str | None) -> str:
    return f" by {words.name(by)}" if by else ""


def _reveal(effect: Reveal, words: _Words, plot: Plot) -> str:
    fact = next((f for f in plot.facts if f.id == effect.fact), None)
    what = words.name(effect.fact) + ("" if fact is None or fact.holds else " (a falsehood)")
    hearers = [i for i in effect.to if i != AUDIENCE]
    parts = []
    how = effect.how.value + (f", by {words.name(effect.by)}" if effect.by else "")
    if hearers:
        verb = "learns" if len(hearers) == 1 else "learn"
        if not effect.believed:
            verb = (
                "is told but does not believe"
                if len(hearers) == 1
                else "are told but do not believe"
            )
        parts.append(f"{words.names_of(hearers)} {verb}: {what} ({how})")
    if AUDIENCE in effect.to:
        parts.append(f"the audience learns: {what}")
    return "; ".join(parts)


def _plain(effect: Effect, words: _Words) -> str:
    """The effects that read as one short sentence about one character or thing."""
    match effect:
        case Dies():
            if effect.by:
                return f"{words.name(effect.who)} is killed by {words.name(effect.by)}"
            return f"{words.name(effect.who)} dies"
        case Returns():
            return f"{words.name(effect.who)} comes back to life"
        case Injured():
            return f"{words.name(effect.who)} is injured" + _by(words, effect.by)
        case Released():
            return f"{words.name(effect.who)} is released" + _by(words, effect.by)
        case Escapes():
            return f"{words.name(effect.who)} escapes custody"
        case Destroyed():
            return f"{words.name(effect.thing)} is destroyed" + _by(words, effect.by)
        case Damaged():
            return f"{words.name(effect.thing)} is damaged" + _by(words, effect.by)
        case Repaired():
            return f"{words.name(effect.thing)} is repaired" + _by(words, effect.by)
        case Moves():
            return f"{words.name(effect.who)} goes to {words.name(effect.to)}"
        case Joins():
            return f"{words.name(effect.who)} joins {words.name(effect.group)}"
        case Leaves():
            return f"{words.name(effect.who)} leaves {words.name(effect.group)}"
    return effect.key


def _say(effect: Effect, words: _Words, plot: Plot, event: Event) -> str:
    if isinstance(effect, Arrested):
        held = effect.at or event.place
        text = f"{words.name(effect.who)} is arrested" + _by(words, effect.by)
        text += f", held at {words.name(held)}" if held else ""
        if effect.allowed:
            text += f" (may go to {words.names_of(effect.allowed)})"
    elif isinstance(effect, Takes):
        text = f"{words.name(effect.who)} takes {words.name(effect.thing)}"
        text += f" from {words.name(effect.from_)}" if effect.from_ else ""
    elif isinstance(effect, HandsOver):
        text = (
            f"{words.name(effect.from_)} hands {words.name(effect.thing)} "
            f"to {words.name(effect.to)}"
        )
    elif isinstance(effect, Reveal):
        text = _reveal(effect, words, plot)
    else:
        text = _plain(effect, words)
    if effect.certainty is not Certainty.STATED:
        text += f" ({effect.certainty.value})"
    return text


def _marks(event: Event, words: _Words) -> list[str]:
    marks = []
    if event.is_loose:
        bounds = [f"after {words.names_of(event.after)}"] if event.after else []
        bounds += [f"before {words.names_of(event.before)}"] if event.before else []
        marks.append("loose: " + ", ".join(bounds))
    if event.shown_after:
        marks.append(f"shown after '{words.name(event.shown_after)}'")
    if event.shown_before:
        marks.append(f"shown before '{words.name(event.shown_before)}'")
    if event.span.value != "moment":
        marks.append(event.span.value)
    return marks


def tell(plot: Plot, *, order: Literal["story", "screen"] = "story", colour: bool = False) -> str:
    """The plot as a numbered timeline in plain text.

    Args:
        plot: The plot to tell.
        order: ``story`` (chronological) or ``screen`` (as the film shows it).
            Events keep their story numbers in either order.
        colour: Whether to add terminal colours.

    Returns:
        The timeline, ending with the open threads and unpaid setups.
    """
    words = _Words(plot, colour=colour)
    events = plot.events
    sequence: Sequence[int] = range(len(events))
    if order == "screen":
        sequence = Order.of(events, {e.id: i for i, e in enumerate(events)}).screen_order()
    width = len(str(len(events)))
    lines = [
        words.style(_BOLD, plot.title),
        f"{len(events)} event{'' if len(events) == 1 else 's'} in {order} order",
        "",
    ]
    for position in sequence:
        event = events[position]
        number = f"{position + 1:>{width}}."
        lines.append(f"{number} {words.style(_BOLD, event.name)}  {words.style(_DIM, event.id)}")
        indent = " " * (width + 2)
        details = []
        if event.place:
            details.append(f"at {words.name(event.place)}")
        if event.time:
            details.append(f"time {event.time}")
        if event.agents:
            details.append(f"by {words.names_of(event.agents)}")
        others = [
            words.name(p.who)
            + (f" ({', '.join(x for x in (p.role, _form(p.appears.value)) if x)})")
            * bool(p.role or p.appears.value != "present")
            for p in event.participants
        ]
        if others:
            details.append(f"with {', '.join(others)}")
        if details:
            lines.append(indent + "; ".join(details))
        marks = _marks(event, words)
        if marks:
            lines.append(indent + words.style(_YELLOW, "[" + "; ".join(marks) + "]"))
        lines.extend(f"{indent}- {_say(effect, words, plot, event)}" for effect in event.effects)
    lines.extend(_loose_ends(plot, words))
    return "\n".join(lines) + "\n"


def _form(appears: str) -> str:
    return "" if appears == "present" else f"as {appears}"


def _loose_ends(plot: Plot, words: _Words) -> list[str]:
    lines: list[str] = []
    open_threads = [t for t in plot.threads if t.resolved is None]
    if open_threads:
        lines += ["", words.style(_BOLD, "Open threads")]
        lines += [
            f"- {t.name}" + (f" (raised at '{words.name(t.opened)}')" if t.opened else "")
            for t in open_threads
        ]
    unpaid = [s for s in plot.setups if s.payoff is None]
    if unpaid:
        lines += ["", words.style(_BOLD, "Setups never paid off")]
        lines += [f"- {s.name} (planted at '{words.name(s.planted)}')" for s in unpaid]
    return lines
