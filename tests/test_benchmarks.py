"""The benchmark runs end to end at a tiny size and reports every target."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

TARGETS = (
    "validate YAML / yaml.load",
    "validate broken YAML / clean",
    "validate JSON / json.loads",
    "check / json.loads",
    "check time 200 / 100 events",
    "validate YAML peak / yaml.load peak",
    "validate JSON peak / json.loads peak",
    "import plotmodel",
    "validate Lost Bullet, wall",
    "3 files: --jobs",
)


def test_benchmark_reports_every_target(tmp_path: Path) -> None:
    out = tmp_path / "report.md"
    result = subprocess.run(
        [
            sys.executable,
            str(ROOT / "benchmarks" / "run.py"),
            *("--sizes", "100", "200", "--runs", "1", "--files", "3"),
            *("--data", str(tmp_path / "data"), "--out", str(out)),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    report = out.read_text(encoding="utf-8")
    for target in TARGETS:
        assert target in report
    table = report.split("## Targets", 1)[1]
    verdicts = [
        line for line in table.splitlines() if line.endswith("| met |") or "| MISSED" in line
    ]
    assert len(verdicts) >= len(TARGETS)
    # The generated plot is valid and its broken twin is not: the exit statuses show it.
    assert "| validate YAML (exit 0) |" in report
    assert "| validate broken YAML (exit 1) |" in report
