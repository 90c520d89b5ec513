"""Pictures of a plot: character lanes, story against screen, who knows what, relationships.

`render` draws one kind of picture of a plot in one format:

- ``lanes``: a lane per character along the story, with their state, places
  and events, the checker's findings, and the range a loose event may take;
- ``screen``: where each event is in the story against where the film shows it;
- ``knowledge``: when each knower first learns each fact, and how, with the
  audience as a knower of its own and dramatic irony highlighted;
- ``relations``: characters, groups and relationships as a graph.

The formats are a standalone SVG (``svg``), a standalone HTML page that pans,
zooms and shows each event's text on hover with no network access (``html``),
and Mermaid text for lanes and relations (``mermaid``). Every picture is
drawn from the one story state (`plotmodel.story_state`), the order and the
declarations of the model, so a new kind of effect or appearance is drawn as
soon as it is declared. Large plots are summarised within `Limits`.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING, Final

from attrs import frozen

from plotmodel.diagnostics import Diagnostic
from plotmodel.model import Plot

if TYPE_CHECKING:
    from plotmodel.pictures._story import Story

__all__ = ["FORMATS", "KINDS", "MERMAID_KINDS", "Limits", "format_for", "render"]

#: The kinds of picture, in the order the docs present them.
KINDS: Final = ("lanes", "screen", "knowledge", "relations")

#: Each output format by the file extension that picks it.
FORMATS: Final[Mapping[str, str]] = MappingProxyType(
    {".svg": "svg", ".html": "html", ".mmd": "mermaid"}
)


@frozen(kw_only=True)
class Limits:
    """How much a picture draws before it summarises, so large plots stay readable and small.

    Attributes:
        lanes: The most character lanes; beyond it, the busiest are drawn.
        columns: The most event columns in the lanes; beyond it, events are
            collapsed into periods of equal length.
        points: The most events drawn one by one against the screen; beyond
            it, they are counted in cells of a grid.
        facts: The most facts (rows) of the knowledge picture; beyond it, the
            most widely known are drawn.
        knowers: The most knowers (columns) of the knowledge picture.
        nodes: The most characters in the relations graph; beyond it, the
            most connected are drawn.
        irony: The most events for which the knowledge picture looks for
            dramatic irony, whose cost grows with events times facts heard.
    """

    lanes: int = 40
    columns: int = 120
    points: int = 1500
    facts: int = 60
    knowers: int = 30
    nodes: int = 50
    irony: int = 20_000

    def __attrs_post_init__(self) -> None:
        for name in ("lanes", "columns", "points", "facts", "knowers", "nodes", "irony"):
            if getattr(self, name) < 1:
                raise ValueError(f"limit {name} must be at least 1, got {getattr(self, name)}")


#: The kinds Mermaid text is written for.
MERMAID_KINDS: Final = ("lanes", "relations")
_TITLES: Final = {
    "lanes": "character lanes",
    "screen": "story against screen",
    "knowledge": "who knows what",
    "relations": "relationships",
}


def _writers() -> Mapping[tuple[str, str], Callable[[Story], str]]:
    """Each picture's writer by kind and format."""
    from plotmodel.pictures import _knowledge, _lanes, _relations, _screen  # noqa: PLC0415

    return {
        ("lanes", "svg"): lambda story: _lanes.svg(_lanes.LanesPicture(story)),
        ("lanes", "mermaid"): lambda story: _lanes.mermaid(_lanes.LanesPicture(story)),
        ("screen", "svg"): lambda story: _screen.svg(_screen.ScreenPicture(story)),
        ("knowledge", "svg"): lambda story: _knowledge.svg(_knowledge.KnowledgePicture(story)),
        ("relations", "svg"): lambda story: _relations.svg(_relations.RelationsPicture(story)),
        ("relations", "mermaid"): lambda story: _relations.mermaid(
            _relations.RelationsPicture(story)
        ),
    }


def format_for(path: str | os.PathLike[str]) -> str:
    """The format an output file's extension picks: ``svg``, ``html`` or ``mermaid``.

    Raises:
        ValueError: When the extension is none of ``.svg``, ``.html`` and ``.mmd``.
    """
    extension = os.path.splitext(os.fspath(path))[1].lower()
    found = FORMATS.get(extension)
    if found is None:
        known = ", ".join(FORMATS)
        raise ValueError(
            f"cannot tell the format from {extension or 'no extension'!r}: use {known}"
        )
    return found


def render(
    plot: Plot,
    kind: str,
    format: str = "svg",
    *,
    findings: Iterable[Diagnostic] | None = None,
    limits: Limits | None = None,
) -> str:
    """Draw one picture of a plot.

    Args:
        plot: The plot to draw.
        kind: ``lanes``, ``screen``, ``knowledge`` or ``relations``.
        format: ``svg``, ``html`` or ``mermaid`` (lanes and relations only).
        findings: The checker's findings to mark on the lanes; by default
            `plotmodel.check` is run on the plot. Findings that point into an
            event (``events[3]...``) are drawn there; silenced ones are not.
        limits: How much to draw before summarising; `Limits` by default.

    Returns:
        The picture as text: an SVG document, an HTML page or Mermaid text.

    Raises:
        ValueError: For an unknown kind or format, or Mermaid for a kind it
            cannot draw.
    """
    if kind not in KINDS:
        raise ValueError(f"unknown kind of picture {kind!r}: use {', '.join(KINDS)}")
    if format not in FORMATS.values():
        raise ValueError(f"unknown format {format!r}: use {', '.join(FORMATS.values())}")
    if format == "mermaid" and kind not in MERMAID_KINDS:
        raise ValueError(
            f"Mermaid text is drawn for {' and '.join(MERMAID_KINDS)} only, not {kind}"
        )
    # the drawing modules load on first use, so the command line starts fast
    from plotmodel.pictures._page import page  # noqa: PLC0415
    from plotmodel.pictures._story import Story  # noqa: PLC0415

    if findings is None:
        from plotmodel.checking import check  # noqa: PLC0415

        findings = check(plot)
    story = Story(plot, tuple(findings), limits if limits is not None else Limits())
    if format == "mermaid":
        return _writers()[kind, format](story)
    drawn = _writers()[kind, "svg"](story)
    if format == "html":
        return page(drawn, title=f"{plot.title}: {_TITLES[kind]}")
    return drawn
