"""Tell a plot as a timeline a reader can follow in a terminal.

`tell` writes every event with its number in story order, where and when it
happens (its date and how long it lasts, in words) and who acts, then each
effect in plain words (who dies, who is arrested and where, what the audience
learns) and what the writer expects to hold there. Loose events and
flashbacks are marked, each narrator's account is told under the event where
it is told, and the questions left open and the setups never paid off are
listed at the end.
"""

from __future__ import annotations

import copy
import textwrap
from collections.abc import Mapping, Sequence
from typing import Final, Literal

from plotmodel import _dates
from plotmodel._text import escape
from plotmodel.diagnostics import Diagnostic, Severity
from plotmodel.model import (
    AUDIENCE,
    Account,
    Appearance,
    Certainty,
    Effect,
    Event,
    Expectation,
    Participant,
    Plot,
    Precision,
)
from plotmodel.order import Order

__all__ = ["tell"]

_BOLD: Final = "\033[1m"
_DIM: Final = "\033[2m"
_YELLOW: Final = "\033[33m"
_RESET: Final = "\033[0m"


class _Words:
    """Names for ids, and optional colour, shared by every line of one telling.

    It is the `plotmodel.model.Say` each effect's sentence is written with;
    every name from the file comes out escaped, so none can forge a line.
    """

    def __init__(self, plot: Plot, *, colour: bool) -> None:
        self.colour = colour
        self._names: dict[str, str] = {}
        for elements in (
            plot.characters,
            plot.things,
            plot.places,
            plot.groups,
            plot.facts,
            plot.events,
        ):
            for element in elements:
                self._names.setdefault(element.id, escape(element.name))
        self._names.setdefault(AUDIENCE, "the audience")
        self.false = {f.id for f in plot.facts if f.holds is False}
        self.unsettled = {f.id for f in plot.facts if f.holds is None}
        self.things = frozenset(t.id for t in plot.things)
        self.groups = frozenset(g.id for g in plot.groups)

    def within(self, account: Account) -> _Words:
        """The words inside an account: its own events named, its claims true, its denials not."""
        inside = copy.copy(self)
        inside._names = dict(self._names)
        for event in account.events:
            inside._names[event.id] = escape(event.name)
        inside.false = (self.false - set(account.claims)) | set(account.denies)
        # what the account claims or denies, it settles, whatever the story does
        inside.unsettled = self.unsettled - set(account.claims) - set(account.denies)
        return inside

    def name(self, id_: str | None) -> str:
        """The element's name, or its id when it has none."""
        if id_ is None:
            return "someone"
        return self._names.get(id_) or escape(id_)

    def names(self, ids: Sequence[str]) -> str:
        """Several names in a sentence: ``Lino, Charas and Quentin``."""
        found = [self.name(i) for i in ids]
        return found[0] if len(found) == 1 else ", ".join(found[:-1]) + " and " + found[-1]

    def many(self, who: str | None) -> bool:
        """Whether ``who`` takes a verb for many: a group does."""
        return who in self.groups

    def by(self, who: str | Sequence[str] | None) -> str:
        """`` by Lino`` (`` by Lino and Moss``), or nothing when nobody is named."""
        if not who:
            return ""
        return f" by {self.name(who) if isinstance(who, str) else self.names(who)}"

    def fact(self, id_: str) -> str:
        """A fact's name, marked as a falsehood when it does not hold."""
        if id_ in self.false:
            return self.name(id_) + " (a falsehood)"
        return self.name(id_) + (" (never settled)" if id_ in self.unsettled else "")

    def style(self, code: str, text: str) -> str:
        """``text`` in the given terminal style, when colour is on."""
        return f"{code}{text}{_RESET}" if self.colour else text


def _say(effect: Effect, words: _Words) -> str:
    text = effect.sentence(words)
    if effect.certainty is not Certainty.STATED:
        text += f" ({effect.certainty.value})"
    return text


def _expects(expected: Expectation, words: _Words) -> str:
    when = " once it is over" if expected.after else ""
    return f"expects{when}: {expected.sentence(words)}"


def _when(event: Event) -> list[str]:
    """The event's date and length: ``on 14 May 2019``, ``in May 2019``, ``for 2 hours``."""
    found = []
    interval = event.interval
    if event.date is not None and interval is not None:
        coarse = interval.precision in (Precision.YEAR, Precision.MONTH)
        found.append(f"{'in' if coarse else 'on'} {escape(_dates.readable_date(event.date))}")
    if event.duration is not None:
        found.append(f"for {_dates.readable_length(_dates.seconds(event.duration))}")
    return found


def _marks(event: Event, words: _Words) -> list[str]:
    marks = [] if event.shown else ["not shown"]
    if event.is_loose:
        bounds = [f"after {words.names(event.after)}"] if event.after else []
        bounds += [f"before {words.names(event.before)}"] if event.before else []
        marks.append("loose: " + ", ".join(bounds))
    if event.shown_after:
        marks.append(f"shown after '{words.name(event.shown_after)}'")
    if event.shown_before:
        marks.append(f"shown before '{words.name(event.shown_before)}'")
    if event.span.value != "moment":
        marks.append(event.span.value)
    return marks


def tell(
    plot: Plot,
    *,
    order: Literal["story", "screen"] = "story",
    colour: bool = False,
    width: int = 0,
    findings: Sequence[Diagnostic] = (),
) -> str:
    """The plot as a numbered timeline in plain text.

    Args:
        plot: The plot to tell.
        order: ``story`` (chronological) or ``screen`` (as the film shows it).
            Events keep their story numbers in either order.
        colour: Whether to add terminal colours.
        width: Wrap lines longer than this many columns, continuing them
            indented below; 0 leaves lines whole.
        findings: Diagnostics to show with what they concern: each under the
            event its path points into, the rest after the timeline.

    Returns:
        The timeline, ending with the open threads, unpaid setups,
        discrepancies and the findings about no one event.
    """
    words = _Words(plot, colour=colour)
    by_event: dict[int, list[Diagnostic]] = {}
    in_accounts: dict[int, dict[int, list[Diagnostic]]] = {}
    elsewhere: list[Diagnostic] = []
    for found in findings:
        path = found.path
        if len(path) >= 2 and path[0] == "events" and isinstance(path[1], int):
            by_event.setdefault(path[1], []).append(found)
        elif (
            len(path) >= 4
            and path[0] == "accounts"
            and path[2] == "events"
            and isinstance(path[1], int)
            and isinstance(path[3], int)
        ):
            in_accounts.setdefault(path[1], {}).setdefault(path[3], []).append(found)
        elif found.code not in _LISTED_AT_THE_END:
            elsewhere.append(found)
    events = plot.events
    sequence: Sequence[int] = range(len(events))
    if order == "screen":
        positions = {e.id: i for i, e in reversed(list(enumerate(events)))}
        shown = Order.of(events, positions, plot.screen).screen_order()
        # what the film does not show comes last, marked
        sequence = [*shown, *(i for i, e in enumerate(events) if not e.shown)]
    digits = len(str(len(events)))
    lines = [
        words.style(_BOLD, escape(plot.title)),
        f"{len(events)} event{'' if len(events) == 1 else 's'} in {order} order",
        "",
    ]
    ids = {event.id for event in events}
    told_at: dict[str, list[tuple[int, Account]]] = {}
    for number, account in enumerate(plot.accounts):
        where = account.told_at if account.told_at in ids else ""
        told_at.setdefault(where, []).append((number, account))
    for position in sequence:
        event = events[position]
        lines.extend(
            _event(event, position + 1, digits, words, "", findings=by_event.get(position, ()))
        )
        for number, account in told_at.pop(event.id, ()):
            lines.extend(_account(account, words, " " * (digits + 2), in_accounts.get(number, {})))
    untold = told_at.pop("", ())
    if untold:
        lines += ["", words.style(_BOLD, "Accounts told at no event of the story")]
        for number, account in untold:
            lines.extend(_account(account, words, "", in_accounts.get(number, {})))
    lines.extend(_loose_ends(plot, words))
    lines.extend(_discrepancies(plot, words))
    if elsewhere:
        lines += ["", words.style(_BOLD, "Other findings")]
        lines += [_finding(found, words) for found in elsewhere]
    if width > 0:
        lines = [part for line in lines for part in _wrapped(line, width)]
    return "\n".join(lines) + "\n"


def _event(
    event: Event,
    number: int,
    width: int,
    words: _Words,
    margin: str,
    *,
    findings: Sequence[Diagnostic] = (),
) -> list[str]:
    """An event: its number, name and id, where and by whom, its marks, effects and findings."""
    title = words.style(_BOLD, escape(event.name))
    lines = [f"{margin}{number:>{width}}. {title}  {words.style(_DIM, escape(event.id))}"]
    indent = margin + " " * (width + 2)
    details = []
    if event.place:
        # a scene in a car is in it
        preposition = "in" if event.place in words.things else "at"
        details.append(f"{preposition} {words.name(event.place)}")
    details += _when(event)
    if event.time:
        details.append(f"time {escape(event.time)}")
    if event.agents:
        details.append(f"by {_listed([_taking_part(one, words) for one in event.agents])}")
    others = [_taking_part(one, words) for one in event.participants]
    if others:
        details.append(f"with {', '.join(others)}")
    if event.mentions:
        details.append(f"mentions {words.names(event.mentions)}")
    if details:
        lines.append(indent + "; ".join(details))
    marks = _marks(event, words)
    if marks:
        lines.append(indent + words.style(_YELLOW, "[" + "; ".join(marks) + "]"))
    beginning = [one for one in event.expect if not one.after]
    lines.extend(f"{indent}? {_expects(one, words)}" for one in beginning)
    lines.extend(f"{indent}- {_say(effect, words)}" for effect in event.effects)
    over = [one for one in event.expect if one.after]
    lines.extend(f"{indent}? {_expects(one, words)}" for one in over)
    lines.extend(f"{indent}{_finding(found, words)}" for found in findings)
    return lines


def _account(
    account: Account, words: _Words, margin: str, findings: Mapping[int, Sequence[Diagnostic]]
) -> list[str]:
    """A narrator's account: who tells it, what it claims and denies, then its own events."""
    inside = words.within(account)
    title = words.style(_BOLD, "Account: " + escape(account.name))
    lines = [f"{margin}{title}  {words.style(_DIM, escape(account.id))}"]
    indent = margin + "  "
    lines.append(f"{indent}told by {words.name(account.narrator)}")
    # facts are sentences: one after another, not run together with "and"
    if account.claims:
        lines.append(f"{indent}claims: {'; '.join(words.name(f) for f in account.claims)}")
    if account.denies:
        lines.append(f"{indent}denies: {'; '.join(words.name(f) for f in account.denies)}")
    width = len(str(len(account.events)))
    for number, event in enumerate(account.events, start=1):
        lines.extend(
            _event(event, number, width, inside, indent, findings=findings.get(number - 1, ()))
        )
    return lines


# Listed in their own sections already: the open threads and the unpaid setups.
_LISTED_AT_THE_END: Final = frozenset({"PM802", "PM803"})


def _finding(found: Diagnostic, words: _Words) -> str:
    """``! PM301 message``, with the severity when it is not an error."""
    tag = "" if found.severity is Severity.ERROR else f" [{found.severity.value}]"
    where = f" (line {found.location.line})" if found.location and found.location.line else ""
    return words.style(_YELLOW, f"! {found.code}") + f" {escape(found.message)}{tag}{where}"


def _wrapped(line: str, width: int) -> list[str]:
    """A long line as several, each continuation indented under the line's own text."""
    if len(line) <= width:
        return [line]
    indent = line[: len(line) - len(line.lstrip(" "))]
    text = line[len(indent) :]
    follow = indent + ("  " if text.startswith(("- ", "! ")) else "    ")
    return textwrap.wrap(
        line,
        width,
        subsequent_indent=follow,
        break_long_words=False,
        break_on_hyphens=False,
    ) or [line]


def _discrepancies(plot: Plot, words: _Words) -> list[str]:
    if not plot.discrepancies:
        return []
    lines = ["", words.style(_BOLD, "Discrepancies in the source")]
    for one in plot.discrepancies:
        lines.append(f"- {escape(one.name)}")
        lines.extend(f"  - {escape(reading)}" for reading in one.readings)
    return lines


def _listed(names: Sequence[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _taking_part(one: str | Participant, words: _Words) -> str:
    """``Lino``, or ``Lino (witness, from the garage)``: a name with its part and form."""
    if isinstance(one, str):
        return words.name(one)
    said = [escape(one.role)] if one.role else []
    if one.appears is Appearance.REMOTE:
        said.append(f"from {words.name(one.at)}" if one.at else "from elsewhere")
    elif one.appears is not Appearance.PRESENT:
        said.append(f"as {one.appears.value}")
    elif one.at:
        said.append(f"at {words.name(one.at)}")
    return words.name(one.who) + (f" ({', '.join(said)})" if said else "")


def _loose_ends(plot: Plot, words: _Words) -> list[str]:
    lines: list[str] = []
    open_threads = [t for t in plot.threads if t.resolved is None]
    if open_threads:
        lines += ["", words.style(_BOLD, "Open threads")]
        lines += [
            f"- {escape(t.name)}" + (f" (raised at '{words.name(t.opened)}')" if t.opened else "")
            for t in open_threads
        ]
    unpaid = [s for s in plot.setups if s.payoff is None]
    if unpaid:
        lines += ["", words.style(_BOLD, "Setups never paid off")]
        lines += [f"- {escape(s.name)} (planted at '{words.name(s.planted)}')" for s in unpaid]
    return lines
