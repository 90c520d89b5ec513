"""What every picture reads: the plot, its one story state, its findings, and words for both.

A `Story` is built once per rendering. It holds the story state (the one
replay every question is answered from), the order, the names of the
elements, the findings by event, and the hover text of each event, written
from the effects' own sentences (`plotmodel.model.Effect.sentence`).
"""

from __future__ import annotations

import typing
from collections.abc import Iterator, Sequence
from typing import Final

import attrs

from plotmodel.diagnostics import Diagnostic, Severity
from plotmodel.model import (
    AUDIENCE,
    Appearance,
    Effect,
    Event,
    Kind,
    Plot,
    file_key,
    reference_fields,
)
from plotmodel.pictures import Limits
from plotmodel.state import StoryState, story_state
from plotmodel.telling import _Words

#: Hover texts are cut here, so one event with a novel in it cannot swell a picture.
TIP_AT_MOST: Final = 600


class Story:
    """A plot made ready for drawing: its story state, names, findings and hover texts."""

    def __init__(self, plot: Plot, findings: Sequence[Diagnostic], limits: Limits) -> None:
        self.plot = plot
        self.limits = limits
        self.state: StoryState = story_state(plot)
        self.order = self.state.order
        self.events: Sequence[Event] = self.state.events
        self.kinds = self.state.index.kinds
        self.words = _Words(plot, colour=False)
        self._names: dict[str, str] = {}
        self._descriptions: dict[str, str] = {}
        for _, elements in plot.elements():
            for element in elements:
                name = getattr(element, "name", None) or getattr(element, "kind", None)
                self._names.setdefault(element.id, name or element.id)
                if element.description:
                    self._descriptions.setdefault(element.id, element.description)
        self._names.setdefault(AUDIENCE, "the audience")
        #: The findings about each event, by its listed position, unsilenced only.
        self.findings: dict[int, list[Diagnostic]] = {}
        for found in findings:
            path = found.path
            if (
                found.silenced is None
                and len(path) >= 2
                and path[0] == "events"
                and isinstance(path[1], int)
                and 0 <= path[1] < len(self.events)
            ):
                self.findings.setdefault(path[1], []).append(found)

    @property
    def title(self) -> str:
        """The plot's title."""
        return self.plot.title

    def name(self, id_: str) -> str:
        """The element's name, or its id when it has none (raw: the canvas escapes it)."""
        return self._names.get(id_, id_)

    def description(self, id_: str) -> str | None:
        """The element's description, if the plot gives one."""
        return self._descriptions.get(id_)

    def is_character(self, id_: str) -> bool:
        """Whether ``id_`` names a character."""
        return self.kinds.get(id_) is Kind.CHARACTER

    def number(self, position: int) -> str:
        """The event's number in story order, as pictures print it: ``#12``."""
        return f"#{position + 1}"

    def sentence(self, effect: Effect) -> str:
        """What an effect does, in the words ``show`` uses."""
        return effect.sentence(self.words)

    def event_tip(self, position: int) -> str:
        """The hover text of one event: number, name, place, who, and each effect."""
        event = self.events[position]
        words = self.words
        lines = [f"{self.number(position)} {event.name}  ({event.id})"]
        details = []
        if event.place:
            details.append(f"at {words.name(event.place)}")
        acting = [
            words.name(one)
            if isinstance(one, str)
            else words.name(one.who)
            + (f" ({one.appears.value})" if one.appears is not _PRESENT else "")
            for one in event.agents
        ]
        if acting:
            details.append("by " + ", ".join(acting))
        others = [
            words.name(p.who) + (f" ({p.appears.value})" if p.appears is not _PRESENT else "")
            for p in event.participants
        ]
        if others:
            details.append("with " + ", ".join(others))
        if details:
            lines.append("; ".join(details))
        if self.order.is_loose(position):
            lines.append(
                f"loose: anywhere from {self.number(self.order.earliest(position))}"
                f" to {self.number(self.order.latest(position))}"
            )
        lines.extend(f"- {self.sentence(effect)}" for effect in event.effects)
        lines.extend(finding_line(found) for found in self.findings.get(position, ()))
        return cut("\n".join(lines))

    def finding_ids(self, found: Diagnostic) -> list[str]:
        """The characters a finding's path points at (``events[3].agents[0]``), if any."""
        node = _follow(self.plot, found.path)
        return [i for i in _ids(node) if self.is_character(i)]


_PRESENT: Final = Appearance.PRESENT

_SEVERITY_WORD: Final = {
    Severity.ERROR: "error",
    Severity.WARNING: "warning",
    Severity.INFO: "info",
}


def finding_line(found: Diagnostic) -> str:
    """A finding as one hover line: ``PM301 error: 'quentin' acts ...``."""
    return f"{found.code} {_SEVERITY_WORD[found.severity]}: {found.message}"


def cut(text: str, most: int = TIP_AT_MOST) -> str:
    """Text no longer than ``most`` characters."""
    if len(text) <= most:
        return text
    return text[: most - 20].rstrip() + f"... ({len(text):,} characters)"


def _follow(root: object, path: Sequence[str | int]) -> object:
    """The part of the plot a document path leads to; ``None`` when it leads nowhere."""
    node: object = root
    for step in path:
        if isinstance(step, int):
            if not isinstance(node, tuple) or not 0 <= step < len(node):
                return None
            node = node[step]
            continue
        cls = type(node)
        if not attrs.has(cls):
            return None
        found = next((a.name for a in attrs.fields(cls) if step in (a.name, file_key(a))), None)
        if found is None:
            return None
        node = getattr(node, found)
    return node


def _ids(node: object) -> Iterator[str]:
    """The ids a part of the plot names: an id, a list of ids, or an element's reference fields."""
    if isinstance(node, str):
        yield node
    elif isinstance(node, tuple):
        for item in node:
            if isinstance(item, str):
                yield item
    elif attrs.has(type(node)) and not isinstance(node, Event):
        for one in reference_fields(type(node)):
            yield from _ids(getattr(node, one.name))


def appearances(event: Event) -> Iterator[tuple[str, Appearance]]:
    """Whoever takes part in an event in a form that is not bodily (a ghost, a memory...).

    Read from the declarations: any part of the event that has an ``appears``
    form and reference fields that would put someone bodily in the event.
    """
    for name in _forms(type(event)):
        value = getattr(event, name)
        for item in value if isinstance(value, tuple) else (value,):
            appears = getattr(item, "appears", None)
            if not isinstance(appears, Appearance) or appears is _PRESENT:
                continue
            for one in reference_fields(type(item)):
                if one.refers.bodily is not None:
                    yield from ((who, appears) for who in _ids(getattr(item, one.name)))


_FORMS: dict[type, tuple[str, ...]] = {}


def _forms(cls: type) -> tuple[str, ...]:
    """The fields of an event class that hold parts with an ``appears`` form (cached)."""
    found = _FORMS.get(cls)
    if found is None:
        # read the annotations without resolving them in place: other readers expect the text
        hints = typing.get_type_hints(cls)
        found = _FORMS[cls] = tuple(
            a.name
            for a in attrs.fields(cls)
            if any(_has_form(t) for t in _types(hints.get(a.name)))
        )
    return found


def _types(annotation: object) -> Iterator[object]:
    """An annotation and every type inside it: ``tuple[Participant, ...]`` gives both."""
    yield annotation
    for inner in typing.get_args(annotation):
        yield from _types(inner)


def _has_form(annotation: object) -> bool:
    return (
        isinstance(annotation, type)
        and attrs.has(annotation)
        and "appears" in attrs.fields_dict(annotation)
    )
