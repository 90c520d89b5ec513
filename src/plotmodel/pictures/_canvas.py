"""SVG written as text: escaped user text, measured labels, and the shapes pictures share.

Every picture is a `Canvas`: a list of SVG fragments with a size. Text from
the plot file is escaped twice over: control characters become visible
escapes (they are not even allowed in XML), then the XML specials become
entities, so a name like ``</svg><script>`` is only ever text.

There are no font metrics at hand, so label widths are estimated from the
advance widths of Helvetica (Arial and Liberation Sans share them), with a
margin for wider fallback fonts. Labels are cut to the room they have, with
the whole text kept in a ``<title>`` for hovering.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from typing import Final

from plotmodel._text import escape

#: The fonts the pictures ask for: Helvetica's metrics, which the estimate uses.
FONT: Final = "'Liberation Sans', Arial, Helvetica, sans-serif"

# Advance widths of Helvetica for the characters from space to '~', in 1/1000 em.
_WIDTH_TABLE: Final = (
    "278 278 355 556 556 889 667 191 333 333 389 584 278 333 278 278 556 556 556 556 556 "
    "556 556 556 556 556 278 278 584 584 584 556 1015 667 667 722 722 667 611 778 722 278 "
    "500 667 556 833 722 778 667 778 722 667 611 722 667 944 667 667 611 278 278 278 469 "
    "556 333 556 556 500 556 556 278 556 556 222 222 500 222 833 556 556 556 556 333 500 "
    "278 556 500 722 500 500 500 334 260 334 584"
)
_WIDTHS: Final = tuple(int(w) for w in _WIDTH_TABLE.split())
# Wider fallback fonts (DejaVu Sans) run up to a tenth wider than Helvetica.
_MARGIN: Final = 1.1
ELLIPSIS: Final = "\u2026"


def xml(text: str) -> str:
    """Text from a plot file, safe inside an SVG or HTML element or a quoted attribute."""
    return (
        escape(text)
        .replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace('"', "&quot;")
        .replace("'", "&#39;")
    )


# Characters XML 1.0 cannot hold at all, even as character references.
_NOT_XML: Final = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_value(text: str) -> str:
    """An id or other value kept as it is, for an attribute: only what XML forbids is escaped.

    Ids go into ``data-`` attributes for tools and tests to read back, so they
    are changed only where XML leaves no choice.
    """
    kept = _NOT_XML.sub(lambda m: repr(m.group())[1:-1], text)
    return (
        kept.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace('"', "&quot;")
        .replace("'", "&#39;")
    )


def _advance(ch: str) -> int:
    code = ord(ch)
    if 32 <= code < 127:
        return _WIDTHS[code - 32]
    if unicodedata.combining(ch):
        return 0
    if unicodedata.east_asian_width(ch) in "WF":
        return 1000
    return 650


def text_width(text: str, size: float) -> float:
    """The estimated width of ``text`` (as it will be shown, escapes included) at ``size``."""
    return sum(_advance(ch) for ch in escape(text)) * size * _MARGIN / 1000


def fit(text: str, width: float, size: float) -> str:
    """``text`` cut with an ellipsis so that it fits in ``width`` at ``size`` (maybe empty)."""
    shown = escape(text)
    if text_width(shown, size) <= width:
        return shown
    room = width - text_width(ELLIPSIS, size)
    used = 0.0
    for n, ch in enumerate(shown):
        used += _advance(ch) * size * _MARGIN / 1000
        if used > room:
            return shown[:n].rstrip() + ELLIPSIS if n else ""
    return shown  # pragma: no cover - the whole text fits, handled above


def wrap(text: str, width: float, size: float, *, lines: int = 3) -> list[str]:
    """``text`` broken into at most ``lines`` lines that fit ``width``; the last one cut."""
    words = escape(text).split()
    found: list[str] = []
    current = ""
    for n, word in enumerate(words):
        trial = f"{current} {word}" if current else word
        if text_width(trial, size) <= width or not current:
            current = trial
            continue
        found.append(current)
        current = word
        if len(found) == lines - 1:
            current = " ".join(words[n:])
            break
    if current:
        found.append(current)
    return [fit(line, width, size) for line in found[:lines]]


def number(value: float) -> str:
    """A coordinate as short text: at most one decimal, no trailing zero."""
    rounded = round(value, 1)
    if rounded == int(rounded):
        return str(int(rounded))
    return f"{rounded:.1f}"


def attributes(values: Mapping[str, object]) -> str:
    """SVG attributes from keyword-style names: ``class_`` is ``class``, ``data_id`` ``data-id``."""
    parts = []
    for key, value in values.items():
        if value is None:
            continue
        name = key.rstrip("_").replace("_", "-")
        if isinstance(value, float):
            shown = number(value)
        elif isinstance(value, int) and not isinstance(value, bool):
            shown = str(value)
        else:
            shown = xml_value(str(value))
        parts.append(f' {name}="{shown}"')
    return "".join(parts)


def points(pairs: Iterable[tuple[float, float]]) -> str:
    """A ``points`` attribute value."""
    return " ".join(f"{number(x)},{number(y)}" for x, y in pairs)


class Canvas:
    """An SVG picture being drawn: fragments in order, then `Canvas.svg` wraps them."""

    def __init__(self, *, kind: str, title: str) -> None:
        self.kind = kind
        self.title = title
        self.parts: list[str] = []
        self.width = 0.0
        self.height = 0.0

    def add(self, fragment: str) -> None:
        """Append raw SVG that the caller has built from escaped parts."""
        self.parts.append(fragment)

    def open(self, tag: str, **values: object) -> None:
        """Open a container element (``g``), closed by `close`."""
        self.parts.append(f"<{tag}{attributes(values)}>")

    def close(self, tag: str = "g") -> None:
        """Close the element `open` opened."""
        self.parts.append(f"</{tag}>")

    def element(self, tag: str, *, tip: str | None = None, **values: object) -> None:
        """An empty element, with a hover text when ``tip`` is given."""
        if tip is None:
            self.parts.append(f"<{tag}{attributes(values)}/>")
        else:
            self.parts.append(f"<{tag}{attributes(values)}>{title(tip)}</{tag}>")

    def text(
        self,
        x: float,
        y: float,
        content: str,
        *,
        size: float = 12,
        width: float | None = None,
        anchor: str = "start",
        tip: str | None = None,
        **values: object,
    ) -> None:
        """A label at (x, y) (baseline), cut to ``width`` when given; the whole text on hover."""
        shown = fit(content, width, size) if width is not None else escape(content)
        if not shown:
            return
        if tip is None and shown != escape(content):
            tip = content
        anchor_value = None if anchor == "start" else anchor
        head = attributes(
            {"x": float(x), "y": float(y), "font-size": size, "text-anchor": anchor_value, **values}
        )
        hover = title(tip) if tip is not None else ""
        self.parts.append(f"<text{head}>{hover}{xml(shown)}</text>")

    def paragraph(
        self, x: float, y: float, content: str, *, width: float, size: float = 11, lines: int = 3
    ) -> float:
        """Text wrapped to ``width`` in at most ``lines`` lines from baseline ``y``; its height."""
        found = wrap(content, width, size, lines=lines)
        tip = content if " ".join(found) != " ".join(escape(content).split()) else None
        for n, line in enumerate(found):
            self.text(x, y + n * size * 1.3, line, size=size, tip=tip)
        return len(found) * size * 1.3

    def svg(self, *, style: str, defs: str = "") -> str:
        """The whole standalone SVG document."""
        width, height = number(self.width), number(self.height)
        head = (
            '<svg xmlns="http://www.w3.org/2000/svg"'
            f' class="plotmodel {self.kind}" width="{width}" height="{height}"'
            f' viewBox="0 0 {width} {height}" font-family="{FONT}">'
        )
        return "".join(
            [
                head,
                f"<title>{xml(self.title)}</title>",
                f"<style>{style}</style>",
                f"<defs>{defs}</defs>" if defs else "",
                f'<rect class="paper" width="{width}" height="{height}"/>',
                *self.parts,
                "</svg>\n",
            ]
        )


def title(text: str) -> str:
    """A ``<title>`` child: the text a viewer shows on hover, its lines kept."""
    return "<title>" + "\n".join(xml(line) for line in text.split("\n")) + "</title>"


#: Style rules every picture shares.
BASE_STYLE: Final = (
    ".paper{fill:#fff}"
    "text{fill:#222}"
    ".heading{font-weight:bold}"
    ".muted{fill:#666}"
    ".axis{stroke:#999;stroke-width:1}"
    ".grid{stroke:#eee;stroke-width:1}"
    ".legend-box{fill:#fafafa;stroke:#ddd}"
)


class Legend:
    """The key of a picture: swatches with words, laid out in rows that fit a width."""

    SIZE: Final = 11.0
    ROW: Final = 18.0

    def __init__(self) -> None:
        self.items: list[tuple[str, str]] = []

    def add(self, swatch: str, words: str) -> None:
        """One entry: SVG drawn in a 12 by 12 box at the origin, and what it means."""
        self.items.append((swatch, words))

    def height(self, width: float) -> float:
        """How tall the legend is when it must fit in ``width``."""
        return self.ROW * len(self._rows(width)) + 14

    def _rows(self, width: float) -> list[list[tuple[float, str, str]]]:
        rows: list[list[tuple[float, str, str]]] = [[]]
        x = 8.0
        for swatch, words in self.items:
            item = 18 + text_width(words, self.SIZE) + 16
            if x + item > width and rows[-1]:
                rows.append([])
                x = 8.0
            rows[-1].append((x, swatch, words))
            x += item
        return rows

    def draw(self, canvas: Canvas, x: float, y: float, width: float) -> None:
        """Draw the legend with its top left corner at (x, y)."""
        canvas.open("g", class_="legend", transform=f"translate({number(x)},{number(y)})")
        canvas.element(
            "rect", class_="legend-box", x=0.0, y=0.0, width=width, height=self.height(width) - 4
        )
        for n, row in enumerate(self._rows(width)):
            top = 6 + n * self.ROW
            for left, swatch, words in row:
                canvas.add(f'<g transform="translate({number(left)},{number(top)})">{swatch}</g>')
                canvas.text(left + 18, top + 10, words, size=self.SIZE)
        canvas.close()
