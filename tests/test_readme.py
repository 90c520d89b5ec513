"""The README's sample session prints exactly what plotmodel prints."""

import re
from pathlib import Path

import pytest

from plotmodel.cli import main

ROOT = Path(__file__).resolve().parent.parent
SESSION = re.compile(r"```console\n\$ plotmodel (?P<args>[^\n]*)\n(?P<out>.*?)```", re.DOTALL)


def test_ci_runs_exactly_the_readme_test_command() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    start = readme.index("Run the full test suite")
    command = readme[start:].split("```console\n", 1)[1].split("\n", 1)[0]
    assert command.startswith("python3 -m venv .venv && ")
    assert command.endswith("python -m pytest")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert command in ci


def test_readme_session_is_real_output(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)
    found = SESSION.search((ROOT / "README.md").read_text(encoding="utf-8"))
    assert found is not None
    status = main(found["args"].split())
    assert status == 1
    assert capsys.readouterr().out == found["out"]
