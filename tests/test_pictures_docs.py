"""The pictures page tells the truth: its pictures are what render draws now, its commands run.

docs/pictures.md shows Lost Bullet in every kind, made by ``python
tools/pictures.py``. A committed picture that differs from what
`plotmodel.pictures.render` draws now fails here; run that command to
refresh them (and ``--screenshots`` for the PNGs).
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from plotmodel.cli import main

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "pictures.md"
PICTURES = ROOT / "docs" / "pictures"
FENCE = re.compile(r"^```(\w+)\n(.*?)^```$", re.MULTILINE | re.DOTALL)
REFRESH = "out of date: run python tools/pictures.py"


def blocks(language: str) -> list[str]:
    text = DOC.read_text(encoding="utf-8")
    return [m.group(2) for m in FENCE.finditer(text) if m.group(1) == language]


def test_the_pictures_in_the_docs_are_what_render_draws_now(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "pictures.py"), "--out", str(tmp_path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    drawn = sorted(p.name for p in tmp_path.iterdir())
    assert drawn
    for name in drawn:
        committed = PICTURES / name
        assert committed.exists(), f"docs/pictures/{name} is missing: {REFRESH}"
        fresh = (tmp_path / name).read_text(encoding="utf-8")
        assert committed.read_text(encoding="utf-8") == fresh, f"docs/pictures/{name} {REFRESH}"


def test_every_picture_is_on_the_page_and_every_file_on_the_page_exists() -> None:
    text = DOC.read_text(encoding="utf-8")
    linked = set(re.findall(r"\]\(pictures/([^)#]+)\)", text))
    committed = {p.name for p in PICTURES.iterdir()}
    assert linked == committed
    assert {n for n in committed if n.endswith(".png")} >= {
        "lost_bullet-lanes.png",
        "lost_bullet-knowledge.png",
    }
    for name in committed:
        if name.endswith(".png"):
            assert (PICTURES / name).read_bytes().startswith(b"\x89PNG\r\n\x1a\n")


def test_the_mermaid_shown_is_the_mermaid_file() -> None:
    (shown,) = blocks("mermaid")
    assert shown == (PICTURES / "lost_bullet-relations.mmd").read_text(encoding="utf-8")


def test_every_render_command_shown_writes_what_render_draws(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(ROOT)
    commands = [
        line.removeprefix("$ plotmodel ").split()
        for block in blocks("console")
        for line in block.splitlines()
        if line.startswith("$ plotmodel render")
    ]
    assert len(commands) == 3
    for argv in commands:
        out = argv.index("--output") + 1
        written = tmp_path / argv[out]
        argv[out] = str(written)
        assert main(argv) == 0
        assert capsys.readouterr() == ("", "")
        kind = argv[argv.index("--kind") + 1]
        same = PICTURES / f"lost_bullet-{kind}{written.suffix}"
        assert written.read_text(encoding="utf-8") == same.read_text(encoding="utf-8")
