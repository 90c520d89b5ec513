"""`plotmodel render`: the output's extension picks the format, mistakes are usage errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from plotmodel.cli import EXIT_CLEAN, EXIT_ERRORS, EXIT_USAGE, main

ROOT = Path(__file__).resolve().parent.parent
LOST_BULLET = str(ROOT / "examples" / "lost_bullet" / "lost_bullet.yaml")
BROKEN = str(ROOT / "examples" / "lost_bullet" / "broken" / "dead-quentin-acts.yaml")


@pytest.mark.parametrize(
    ("kind", "name", "start"),
    [
        ("lanes", "out.svg", "<svg"),
        ("screen", "out.html", "<!DOCTYPE html>"),
        ("knowledge", "out.svg", "<svg"),
        ("relations", "out.mmd", "---\ntitle: "),
        ("lanes", "out.mmd", "---\ndisplayMode: compact"),
    ],
)
def test_render_writes_the_picture_in_the_format_the_extension_names(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], kind: str, name: str, start: str
) -> None:
    out = tmp_path / name
    assert main(["render", LOST_BULLET, "--kind", kind, "--output", str(out)]) == EXIT_CLEAN
    assert out.read_text(encoding="utf-8").startswith(start)
    assert capsys.readouterr() == ("", "")


def test_a_plot_with_plot_holes_is_drawn_with_its_findings(tmp_path: Path) -> None:
    out = tmp_path / "lanes.svg"
    assert main(["render", BROKEN, "--kind", "lanes", "-o", str(out)]) == EXIT_CLEAN
    assert "PM301" in out.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("kind", "name", "message"),
    [
        ("lanes", "out.png", "cannot tell the format from '.png'"),
        ("lanes", "out", "cannot tell the format from 'no extension'"),
        ("screen", "out.mmd", "Mermaid text is drawn for lanes and relations only"),
        ("knowledge", "out.mmd", "Mermaid text is drawn for lanes and relations only"),
    ],
)
def test_an_output_it_cannot_write_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], kind: str, name: str, message: str
) -> None:
    out = tmp_path / name
    assert main(["render", LOST_BULLET, "--kind", kind, "--output", str(out)]) == EXIT_USAGE
    assert message in capsys.readouterr().err
    assert not out.exists()


def test_an_unwritable_output_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "missing" / "lanes.svg"
    assert main(["render", LOST_BULLET, "--kind", "lanes", "-o", str(out)]) == EXIT_USAGE
    error = capsys.readouterr().err
    assert error.startswith("plotmodel: error: cannot write")
    assert "Traceback" not in error


def test_the_command_offers_exactly_the_pictures_kinds_and_formats() -> None:
    from plotmodel import cli
    from plotmodel.pictures import FORMATS, KINDS

    assert cli._PICTURE_KINDS == KINDS
    assert tuple(FORMATS) == cli._PICTURE_FORMATS


def test_an_unknown_kind_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "x.svg"
    assert main(["render", LOST_BULLET, "--kind", "timeline", "-o", str(out)]) == EXIT_USAGE
    assert "invalid choice: 'timeline'" in capsys.readouterr().err


def test_a_file_that_cannot_be_read_or_built_is_reported_not_drawn(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "x.svg"
    missing = str(tmp_path / "missing.yaml")
    assert main(["render", missing, "--kind", "lanes", "-o", str(out)]) == EXIT_USAGE
    assert "PM001" in capsys.readouterr().out
    bad = tmp_path / "bad.yaml"
    bad.write_text("plotmodel: 1\ntitle: [unclosed\n", encoding="utf-8")
    assert main(["render", str(bad), "--kind", "lanes", "-o", str(out)]) == EXIT_ERRORS
    assert "bad.yaml:" in capsys.readouterr().out
    assert not out.exists()


def test_the_help_names_every_kind_and_format(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["render", "--help"]) == EXIT_CLEAN
    shown = capsys.readouterr().out
    for word in ("lanes", "screen", "knowledge", "relations", ".svg", ".html", ".mmd"):
        assert word in shown
