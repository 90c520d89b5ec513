"""The benchmark runs end to end at a tiny size and reports every target."""

import importlib.util
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent

TARGETS = (
    "validate YAML / yaml.load",
    "validate YAML, 1% broken / clean",
    "validate YAML, findings on a third / clean",
    "validate JSON / json.loads",
    "validate JSON, 1% broken / json.loads",
    "check / json.loads",
    "check plot, 200 / 100 events",
    "check chain, 200 / 100 events",
    "check chains, 200 / 100 events",
    "check heavy, 200 / 100 events",
    "validate YAML peak / yaml.load peak",
    "validate JSON peak / json.loads peak",
    "check / hand-written four-rule pass",
    "plotmodel --version / python -c pass",
    "plotmodel validate Lost Bullet / python -c pass",
    "in-process re-check of Lost Bullet / yaml.load",
    "3 files: --jobs 2 speed-up over --jobs 1",
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
    # the side-by-side needs the peers' generator, which lives outside the repository:
    # where it is missing (a clean checkout), the report says so instead of a verdict
    if "The peers' plot: not measured" in report:
        peers = "| check / hand-written four-rule pass (peers' plot) | not measured |"
        assert any(line.startswith(peers) for line in table.splitlines())
        verdicts.append(peers)
    assert len(verdicts) >= len(TARGETS)
    # The generated plot is valid and its broken twin is not: the exit statuses show it.
    assert "| validate plot YAML (exit 0) |" in report
    assert "| validate broken YAML (exit 1) |" in report
    assert "| validate heavy YAML (exit 1) |" in report


def test_comparison_with_another_checkout_reports_each_step(tmp_path: Path) -> None:
    # compared with itself at a tiny size: each step of plotmodel 0.1's benchmark gets a row
    data = tmp_path / "data"
    generate = [sys.executable, str(ROOT / "benchmarks" / "generate.py")]
    subprocess.run(
        [*generate, "--events", "50", "--out", str(data)], cwd=ROOT, check=True, capture_output=True
    )
    result = subprocess.run(
        [
            sys.executable,
            str(ROOT / "benchmarks" / "against.py"),
            str(ROOT),
            *("--data", str(data), "--sizes", "50", "--runs", "1"),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    rows = [line.split(" | ") for line in result.stdout.splitlines() if line.startswith("| 50 |")]
    steps = ["load", "check", "validate YAML", "validate broken YAML", "validate JSON"]
    assert [row[1] for row in rows] == steps
    for row in rows:
        other, this = float(row[2]), float(row[3])
        assert other > 0
        assert this > 0


def _against() -> Any:
    """The comparison script, imported as a module."""
    spec = importlib.util.spec_from_file_location("against", ROOT / "benchmarks" / "against.py")
    assert spec is not None
    assert spec.loader is not None
    against = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(against)
    return against


def test_every_count_runs_with_one_hash_seed(monkeypatch: pytest.MonkeyPatch) -> None:
    against = _against()
    seen: list[dict[str, str]] = []

    def run(argv: list[str], **options: Any) -> subprocess.CompletedProcess[str]:
        seen.append(options["env"])
        return subprocess.CompletedProcess(argv, 0, "", "==1== I   refs:      1,234,000,000\n")

    monkeypatch.setattr(against.subprocess, "run", run)
    assert against.counted(ROOT, "check", Path("plot.yaml")) == 1234.0
    assert [env.get("PYTHONHASHSEED") for env in seen] == ["0"]


def test_an_in_process_step_counts_only_its_own_instructions(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # each whole process, in millions: starting and importing, then loading, then checking
    against = _against()
    whole = {"import": 100.0, "load": 130.0, "check": 150.0, "validate YAML": 170.0}
    monkeypatch.setattr(against, "counted", lambda checkout, name, path: whole[name])
    measured = {name: against.instructions(ROOT, name, Path("plot.yaml")) for name in whole}
    assert measured["load"] == 30.0
    assert measured["check"] == 20.0
    assert measured["validate YAML"] == 170.0


def test_the_bytecode_is_brought_up_to_date_before_measuring(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    against = _against()
    (tmp_path / "src" / "pkg").mkdir(parents=True)
    (tmp_path / "src" / "pkg" / "mod.py").write_text("x = 1\n", encoding="utf-8")
    monkeypatch.setenv("PYTHONDONTWRITEBYTECODE", "1")
    against.compile_sources(tmp_path)
    assert list((tmp_path / "src" / "pkg" / "__pycache__").glob("mod.*.pyc"))
