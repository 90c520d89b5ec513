"""Every console session in docs/cli.md prints what the page says it prints.

A session is a ``console`` block of ``$ plotmodel ...`` commands, each
followed by its output (standard output, then standard error). A line that is
only ``...`` stands for any number of lines. ``< FILE`` at the end of a
command feeds FILE to standard input. The sessions run one after the other in
a scratch folder that holds the repository's examples and test data, so a
file one session writes (``plotmodel new``) is there for the next, as it is
for a reader who follows the page from a fresh clone.
"""

from __future__ import annotations

import io
import re
import shlex
import shutil
import sys
from pathlib import Path

import pytest

from plotmodel.cli import main

ROOT = Path(__file__).resolve().parent.parent
PAGE = ROOT / "docs" / "cli.md"
FENCE = re.compile(r"^```(\w*)\n(.*?)^```$", re.MULTILINE | re.DOTALL)


def sessions() -> list[str]:
    return [
        text for kind, text in FENCE.findall(PAGE.read_text(encoding="utf-8")) if kind == "console"
    ]


def _commands(session: str) -> list[tuple[str, list[str]]]:
    found: list[tuple[str, list[str]]] = []
    for line in session.splitlines():
        if line.startswith("$ "):
            found.append((line[2:], []))
        else:
            assert found, f"output before any command: {line!r}"
            found[-1][1].append(line)
    return found


def _matches(expected: list[str], got: list[str]) -> bool:
    """Whether ``got`` is ``expected`` where each ``...`` line stands for any lines."""
    pattern = "".join(
        r"(?:.*\n)*?" if line == "..." else re.escape(line) + r"\n" for line in expected
    )
    return re.fullmatch(pattern, "".join(line + "\n" for line in got)) is not None


@pytest.fixture(scope="module")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("clone")
    (folder / "examples").symlink_to(ROOT / "examples")
    # copied, not linked: settings files are found by their real path, reported from here
    shutil.copytree(ROOT / "tests" / "data", folder / "tests" / "data")
    return folder


def test_the_page_has_sessions_for_every_command() -> None:
    commands = {shlex.split(c)[1] for s in sessions() for c, _ in _commands(s)}
    assert commands >= {"--version", "validate", "show", "query", "new", "rules", "explain"}


def test_every_session_prints_what_the_page_shows(
    scratch: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(scratch)
    monkeypatch.delenv("COLUMNS", raising=False)
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    ran = 0
    for session in sessions():
        for command, expected in _commands(session):
            words = shlex.split(command)
            assert words[0] == "plotmodel", command
            if "<" in words:
                at = words.index("<")
                data = (scratch / words[at + 1]).read_bytes()
                monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
                words = words[:at]
            main(words[1:])
            out, err = capsys.readouterr()
            got = (out + err).splitlines()
            assert _matches(expected, got), f"$ {command}\n" + "\n".join(got)
            ran += 1
    assert ran >= 15
