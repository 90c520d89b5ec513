"""Mermaid text, with every label from the plot file escaped for the diagram it goes in.

Flowchart labels are quoted and every character outside a small safe set is
written as a Mermaid entity code (``#60;``), so no name can close a label,
start a directive or smuggle markup in. Gantt charts print task names as
plain text but read ``:``, ``;``, ``#`` and ``%`` as syntax, so those are
replaced by look-alikes there. Ids in the diagram are generated, never the
plot's own.
"""

from __future__ import annotations

import unicodedata
from typing import Final

from plotmodel._text import escape

# Characters that may stand as they are inside a quoted flowchart label.
_SAFE: Final = frozenset(
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 ,.()'-_/?!+=*"
)
# What gantt task names cannot hold, and what stands in for each.
_GANTT: Final = str.maketrans(
    {
        ":": "\u2236",
        ";": ",",
        "#": "\u266f",
        "%": "\u2052",
        "<": "\u2039",
        ">": "\u203a",
        "`": "'",
        '"': "'",
        "\n": " ",
        "\r": " ",
        "\t": " ",
    }
)
_LETTER: Final = ("L", "N")


def label(text: str) -> str:
    """Text as a quoted Mermaid flowchart label: ``"Lino #38; Julia"``."""
    shown = " ".join(escape(text).split())
    out = []
    for ch in shown:
        if ch in _SAFE or (ord(ch) > 127 and unicodedata.category(ch)[0] in _LETTER):
            out.append(ch)
        else:
            out.append(f"#{ord(ch)};")
    return '"' + "".join(out) + '"'


def plain(text: str) -> str:
    """Text for a gantt chart's title, section or task name: one line, no syntax."""
    shown = " ".join(escape(text).translate(_GANTT).split())
    return shown or "-"


class Gantt:
    """A Mermaid Gantt chart whose time axis counts events: event ``#n`` is at ``n``."""

    def __init__(self, title: str) -> None:
        self.lines = [
            "---",
            "displayMode: compact",
            "---",
            "gantt",
            f"    title {plain(title)}",
            # milliseconds: the one timestamp unit every Mermaid release reads alike
            "    dateFormat x",
            "    axisFormat %Q",
        ]

    def section(self, name: str) -> None:
        """Start the next lane."""
        self.lines.append(f"    section {plain(name)}")

    def bar(self, words: str, start: int, end: int, tag: str | None = None) -> None:
        """A bar from event number ``start`` to ``end``."""
        tags = f"{tag}, " if tag else ""
        self.lines.append(f"    {plain(words)} :{tags}{start}, {end}")

    def milestone(self, words: str, at: int) -> None:
        """A milestone at event number ``at``."""
        self.lines.append(f"    {plain(words)} :milestone, {at}, {at}")

    def text(self) -> str:
        """The chart's text."""
        return "\n".join(self.lines) + "\n"


class Flowchart:
    """A Mermaid flowchart with generated node ids."""

    def __init__(self, title: str, direction: str = "LR") -> None:
        self.lines = ["---", f"title: {plain(title)}", "---", f"flowchart {direction}"]
        self.ids: dict[str, str] = {}

    def node(self, key: str, text: str, *, shape: str = "box", style: str | None = None) -> str:
        """Declare a node for ``key`` (once); returns its generated id."""
        found = self.ids.get(key)
        if found is not None:
            return found
        found = self.ids[key] = f"n{len(self.ids)}"
        opening, closing = {"box": ("[", "]"), "round": ("(", ")"), "hexagon": ("{{", "}}")}[shape]
        suffix = f":::{style}" if style else ""
        self.lines.append(f"    {found}{opening}{label(text)}{closing}{suffix}")
        return found

    def edge(self, a: str, b: str, text: str | None = None, *, dotted: bool = False) -> None:
        """A line between two declared nodes, with an optional label."""
        link = "-.-" if dotted else "---"
        middle = f"{link}|{label(text)}|" if text else link
        self.lines.append(f"    {self.ids[a]} {middle} {self.ids[b]}")

    def style(self, name: str, css: str) -> None:
        """A class of nodes (``dead``) and how it looks."""
        self.lines.append(f"    classDef {name} {css}")

    def text(self) -> str:
        """The chart's text."""
        return "\n".join(self.lines) + "\n"
