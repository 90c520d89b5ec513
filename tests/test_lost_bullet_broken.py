"""The broken variants of Lost Bullet: each realistic mistake gives exactly its expected findings.

Each file in ``examples/lost_bullet/broken`` is the whole plot with one mistake a
writer could make; ``expected.txt`` lists the errors and warnings the checker
must report for it, by file, line, column and code.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

import pytest

from plotmodel import Diagnostic, Severity
from plotmodel.checking import check
from plotmodel.cli import main
from plotmodel.loading import load

BROKEN = Path("examples/lost_bullet/broken")


def validate(path: Path) -> list[Diagnostic]:
    """Load and check a plot file the way ``plotmodel validate`` does."""
    return [d for d in check(load(path)) if d.silenced is None]


def test_the_copies_and_their_expected_findings_are_generated_from_the_plot_file() -> None:
    command = [sys.executable, str(BROKEN / "make.py"), "--check"]
    made = subprocess.run(command, check=False, capture_output=True, text=True)
    assert made.returncode == 0, made.stdout


def expected() -> dict[str, list[str]]:
    """Expected ``file:line:col: CODE`` lines, grouped by file."""
    by_file: dict[str, list[str]] = defaultdict(list)
    for line in (BROKEN / "expected.txt").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            by_file[line.split(":", 1)[0]].append(line)
    return dict(by_file)


VARIANTS = sorted(BROKEN.glob("*.yaml"))


def test_every_variant_has_expected_findings_and_every_expectation_a_variant() -> None:
    assert {Path(name) for name in expected()} == set(VARIANTS)
    assert len(VARIANTS) >= 12


@pytest.mark.parametrize("path", VARIANTS, ids=lambda p: p.stem)
def test_a_broken_variant_gives_exactly_its_expected_findings(path: Path) -> None:
    found = validate(path)
    reported = [f"{d.location}: {d.code}" for d in found if d.severity is not Severity.INFO]
    assert reported == expected()[str(path)]
    assert any(d.severity is Severity.ERROR for d in found)


@pytest.mark.parametrize("path", VARIANTS, ids=lambda p: p.stem)
def test_a_broken_variant_says_what_is_wrong_on_its_first_line(path: Path) -> None:
    assert path.read_text(encoding="utf-8").startswith("# Broken on purpose: ")


@pytest.mark.parametrize("path", VARIANTS, ids=lambda p: p.stem)
def test_the_only_info_findings_are_the_films_open_threads(path: Path) -> None:
    info = [d for d in validate(path) if d.severity is Severity.INFO]
    assert {d.code for d in info} <= {"PM802"}
    clean = {d.message for d in validate(Path("examples/lost_bullet/lost_bullet.yaml"))}
    assert {d.message for d in info} <= clean


def test_the_findings_cite_the_other_place() -> None:
    (death,) = [d for d in validate(BROKEN / "dead-quentin-acts.yaml") if d.code == "PM301"]
    assert death.message == "'quentin' acts in 'car-armoured' after dying in 'quentin-dies'"
    (where,) = death.related
    assert where.location is not None
    assert where.location.line < (death.location.line if death.location else 0)


def test_the_command_line_reports_the_same_findings(capsys: pytest.CaptureFixture[str]) -> None:
    status = main(["validate", "--format", "json", *map(str, VARIANTS)])
    report = json.loads(capsys.readouterr().out)
    reported = [
        f"{d['file']}:{d['line']}:{d['column']}: {d['code']}"
        for d in report["diagnostics"]
        if d["severity"] != "info"
    ]
    assert status == 1
    assert sorted(reported) == sorted(line for lines in expected().values() for line in lines)


def test_the_command_line_passes_the_worked_example(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", "examples/lost_bullet/lost_bullet.yaml"]) == 0
    assert "0 errors, 0 warnings, 18 info, 0 silenced" in capsys.readouterr().out
