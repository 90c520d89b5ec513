"""Every example plot shipped in ``examples/`` passes validation; every broken one fails it.

A new example joins these checks by being added to the folder: a plot file
outside a ``broken`` folder must validate with exit status 0, one inside must
fail with exit status 1.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from plotmodel.cli import main

EXAMPLES = Path("examples")
PLOT_FILES = sorted(p for p in EXAMPLES.rglob("*") if p.suffix in {".yaml", ".yml", ".json"})
GOOD = [p for p in PLOT_FILES if "broken" not in p.parts]
BROKEN = [p for p in PLOT_FILES if "broken" in p.parts]


def test_there_are_examples_of_both_kinds() -> None:
    assert GOOD
    assert BROKEN


@pytest.mark.parametrize("path", GOOD, ids=str)
def test_an_example_validates(path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(path)]) == 0
    summary = capsys.readouterr().out.splitlines()[-1]
    assert summary.startswith("0 errors, 0 warnings,")


@pytest.mark.parametrize("path", BROKEN, ids=str)
def test_a_broken_example_fails(path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(path)]) == 1
    summary = capsys.readouterr().out.splitlines()[-1]
    assert not summary.startswith("0 errors")
