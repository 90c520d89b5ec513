"""The table of effects in docs/format.md is generated from the effects' declarations."""

from pathlib import Path

from plotmodel._docs import EFFECTS_BEGIN, EFFECTS_END, effects_table
from plotmodel.model import EFFECT_KINDS

PAGE = Path("docs/format.md")


def test_the_committed_table_is_the_generated_one() -> None:
    text = PAGE.read_text(encoding="utf-8")
    start, end = text.index(EFFECTS_BEGIN), text.index(EFFECTS_END) + len(EFFECTS_END)
    assert text[start:end] == effects_table(), "regenerate: python -m plotmodel._docs"


def test_every_declared_effect_has_a_row() -> None:
    rows = [line for line in effects_table().splitlines() if line.startswith("| `")]
    assert [row.split("`")[1] for row in rows] == list(EFFECT_KINDS)
