"""How much a picture draws before it summarises."""

from __future__ import annotations

from attrs import frozen


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
    columns: int = 200
    points: int = 1500
    facts: int = 60
    knowers: int = 30
    nodes: int = 50
    irony: int = 20_000

    def __attrs_post_init__(self) -> None:
        for name in ("lanes", "columns", "points", "facts", "knowers", "nodes", "irony"):
            if getattr(self, name) < 1:
                raise ValueError(f"limit {name} must be at least 1, got {getattr(self, name)}")
