"""The README's sample session prints exactly what plotmodel prints."""

import re
from pathlib import Path

import pytest

from plotmodel.cli import main

ROOT = Path(__file__).resolve().parent.parent
SESSION = re.compile(r"```console\n\$ plotmodel (?P<args>[^\n]*)\n(?P<out>.*?)```", re.DOTALL)


def test_readme_session_is_real_output(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)
    found = SESSION.search((ROOT / "README.md").read_text(encoding="utf-8"))
    assert found is not None
    status = main(found["args"].split())
    assert status == 1
    assert capsys.readouterr().out == found["out"]
