"""The plotmodel command: output, formats and exit status, never a traceback."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from plotmodel import cli
from plotmodel._text import is_shown
from plotmodel.dumping import dump
from plotmodel.loading import load
from plotmodel.model import Character, Event, Plot, Setup, Thread

DATA = Path("tests/data/loading")
SIX = str(DATA / "six_mistakes.yaml")
CLEAN = str(DATA / "clean.yaml")
SILENCED = str(DATA / "silenced.yaml")
LOST_BULLET = "examples/lost_bullet/lost_bullet.yaml"
EVENT_LINE = re.compile(r"\s*\d+\. ")


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = cli.main(list(argv))
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return status, out, err


def test_six_mistakes_fail_with_every_finding_located(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "validate", SIX)
    assert status == 1
    lines = out.splitlines()
    firsts = [line.split(": ")[0] + ": " + line.split(": ")[1].split()[0] for line in lines[:-1]]
    assert [line for line in firsts if not line.startswith("  ")] == [
        f"{SIX}:8:5: PM005",
        f"{SIX}:9:9: PM101",
        f"{SIX}:15:5: PM006",
        f"{SIX}:19:12: PM103",
        f"{SIX}:20:20: PM102",
        f"{SIX}:21:11: PM003",
    ]
    assert f"  {SIX}:4:9: note: 'lino' first defined here" in lines
    assert lines[-1] == "6 errors, 0 warnings, 0 info, 0 silenced in 1 file"


def test_clean_file_passes(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "validate", CLEAN)
    assert (status, out) == (0, "0 errors, 0 warnings, 0 info, 0 silenced in 1 file\n")


def test_info_findings_do_not_fail(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "validate", LOST_BULLET)
    assert status == 0
    assert " PM802 " in out
    assert out.splitlines()[-1].startswith("0 errors, 0 warnings, ")


def test_ignore_and_select(capsys: pytest.CaptureFixture[str]) -> None:
    _, ignored, _ = run(capsys, "validate", LOST_BULLET, "--ignore", "PM802")
    assert ignored == "0 errors, 0 warnings, 0 info, 0 silenced in 1 file\n"
    _, selected, _ = run(capsys, "validate", LOST_BULLET, "--select", "PM3,PM4", "--select", "PM5")
    assert " PM802 " not in selected


def test_silenced_findings_are_hidden_unless_asked(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "validate", SILENCED)
    assert (status, out) == (0, "0 errors, 0 warnings, 0 info, 1 silenced in 1 file\n")
    status, out, _ = run(capsys, "validate", SILENCED, "--show-silenced")
    assert status == 0
    heading, shown, _summary = out.splitlines()
    assert heading == f"open threads in {SILENCED}:"
    assert shown.endswith("[info] (silenced: the film leaves it open)")


def test_open_threads_are_listed_together_after_the_mistakes(
    capsys: pytest.CaptureFixture[str],
) -> None:
    status, out, _ = run(capsys, "validate", "examples/lost_bullet/broken/dead-quentin-acts.yaml")
    assert status == 1
    lines = out.splitlines()
    heading = lines.index("open threads in examples/lost_bullet/broken/dead-quentin-acts.yaml:")
    assert all("PM802" not in line for line in lines[:heading])
    assert [line.split()[1] for line in lines[heading + 1 : -1]] == ["PM802"] * 18


def test_json_report(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "validate", SIX, CLEAN, "--format", "json")
    assert status == 1
    report = json.loads(out)
    assert report["version"] == 1
    assert report["summary"] == {"files": 2, "errors": 6, "warnings": 0, "info": 0, "silenced": 0}
    first = report["diagnostics"][0]
    assert first == {
        "code": "PM005",
        "rule": "unknown-key",
        "severity": "error",
        "message": "unknown key 'colour' in a character",
        "file": SIX,
        "line": 8,
        "column": 5,
        "path": "$.characters[1].colour",
        "related": [],
        "silenced": None,
    }
    assert report["diagnostics"][1]["related"][0]["line"] == 4


def test_github_annotations(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "validate", SIX, "--format", "github")
    assert status == 1
    lines = out.splitlines()
    assert lines[0] == (
        f"::error file={SIX},line=8,col=5,title=PM005 unknown-key::"
        "unknown key 'colour' in a character"
    )
    assert "%0A" in lines[1]  # the related place follows on the annotation's next line


def test_files_keep_their_order_with_several_jobs(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, "validate", CLEAN, SIX, SILENCED, "--jobs", "2", "--show-silenced")
    files = [line.split(":")[0] for line in out.splitlines()[:-1] if not line.startswith(" ")]
    assert files == [SIX] * 6 + [f"open threads in {SILENCED}", SILENCED]
    _, one_job, _ = run(capsys, "validate", CLEAN, SIX, SILENCED, "--jobs", "1", "--show-silenced")
    assert one_job == out


def test_missing_file_is_exit_2(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    status, out, _ = run(capsys, "validate", str(tmp_path / "nowhere.yaml"), CLEAN)
    assert status == 2
    assert "PM001 cannot read the file: no such file or directory" in out


@pytest.mark.parametrize(
    "argv",
    [
        [],
        ["validate"],
        ["validate", CLEAN, "--format", "xml"],
        ["validate", CLEAN, "--jobs", "0"],
        ["show"],
        ["frobnicate"],
    ],
)
def test_usage_errors_are_exit_2(capsys: pytest.CaptureFixture[str], argv: list[str]) -> None:
    status, _, err = run(capsys, *argv)
    assert status == 2
    assert "usage: plotmodel" in err


def test_help_is_exit_0(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "validate", "--help")
    assert status == 0
    assert "--show-silenced" in out


def test_internal_errors_are_one_line(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("the story state exploded\nsecond line")

    monkeypatch.setattr("plotmodel.loading.load", broken)
    status, out, err = run(capsys, "validate", CLEAN)
    assert status == 2
    assert out == ""
    assert err == "plotmodel: internal error: RuntimeError: the story state exploded\n"


def test_validation_never_writes(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    plot_file = tmp_path / "plot.yaml"
    plot_file.write_bytes(Path(SIX).read_bytes())
    before = plot_file.stat().st_mtime_ns
    run(capsys, "validate", str(plot_file))
    assert plot_file.read_bytes() == Path(SIX).read_bytes()
    assert plot_file.stat().st_mtime_ns == before
    assert [p.name for p in tmp_path.iterdir()] == ["plot.yaml"]


def test_show_tells_the_story(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "show", LOST_BULLET)
    assert status == 0
    lines = out.splitlines()
    assert lines[0] == "Lost Bullet"
    assert any(line.startswith(" 1. ") for line in lines)
    assert any("dies" in line or "is killed by" in line for line in lines)
    assert "Open threads" in lines
    assert "\033[" not in out  # no colour when the output is not a terminal


def test_show_in_screen_order_keeps_story_numbers(capsys: pytest.CaptureFixture[str]) -> None:
    _, story, _ = run(capsys, "show", LOST_BULLET)
    _, screen, _ = run(capsys, "show", LOST_BULLET, "--order", "screen")
    numbered = [line for line in story.splitlines() if EVENT_LINE.match(line)]
    numbered_screen = [line for line in screen.splitlines() if EVENT_LINE.match(line)]
    assert sorted(numbered) == sorted(numbered_screen)
    assert numbered != numbered_screen  # the film shows some events out of story order
    events = len(load(LOST_BULLET).require().events)
    assert f"{events} events in screen order" in screen.splitlines()


def test_show_on_a_broken_plot_reports_and_fails(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "show", SIX)
    assert status == 1
    assert out.splitlines()[-1] == "6 errors, 0 warnings, 0 info, 0 silenced in 1 file"


def test_python_dash_m() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "plotmodel", "validate", SIX, "--format", "json"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 1
    assert json.loads(done.stdout)["summary"]["errors"] == 6


def test_project_settings_apply_and_bad_ones_are_usage_errors(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    plot_file = tmp_path / "plot.yaml"
    plot_file.write_bytes(Path(SILENCED).read_bytes())
    (tmp_path / "pyproject.toml").write_text('[tool.plotmodel]\nignore = ["PM802"]\n')
    status, out, _ = run(capsys, "validate", str(plot_file))
    assert (status, out) == (0, "0 errors, 0 warnings, 0 info, 0 silenced in 1 file\n")
    (tmp_path / "pyproject.toml").write_text('[tool.plotmodel]\nignore = "PM802"\n')
    status, out, err = run(capsys, "validate", str(plot_file))
    assert (status, err) == (2, "")
    assert out.splitlines() == [
        f"{tmp_path / 'pyproject.toml'}:2:1: PM017 [tool.plotmodel]: "
        "'ignore' must be a list of rule codes, prefixes or slugs",
        "1 error, 0 warnings, 0 info, 0 silenced in 1 file",
    ]


def test_the_config_code_is_the_one_config_reports() -> None:
    from plotmodel.config import CONFIG_CODE

    assert CONFIG_CODE == cli._CONFIG


@pytest.mark.parametrize("plot", [SILENCED, SIX])
@pytest.mark.parametrize("command", ["validate", "show"])
def test_a_broken_pyproject_is_reported_whether_or_not_the_plot_loads(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, plot: str, command: str
) -> None:
    plot_file = tmp_path / "plot.yaml"
    plot_file.write_bytes(Path(plot).read_bytes())
    (tmp_path / "pyproject.toml").write_bytes(b'[tool.plotmodel]\nignore = ["caf\xe9"]\n')
    status, out, err = run(capsys, command, str(plot_file))
    assert (status, err) == (2, "")
    first = out.splitlines()[0]
    assert first == (
        f"{tmp_path / 'pyproject.toml'}:2:15: PM017 the file is not UTF-8: "
        "byte 0xe9 cannot be decoded"
    )
    # The plot's own loading findings come with it; no rule runs on unknown settings.
    assert (" PM005 " in out) == (plot == SIX)
    assert " PM802 " not in out


def test_a_broken_pyproject_is_reported_once_for_all_its_plots(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    files = []
    for name in ("a", "b", "c"):
        path = tmp_path / f"{name}.yaml"
        path.write_bytes(Path(SILENCED).read_bytes())
        files.append(str(path))
    (tmp_path / "pyproject.toml").write_text('[tool.plotmodel]\nselect = ["PM999"]\n')
    for jobs in ("1", "2"):
        status, out, _ = run(capsys, "validate", "--jobs", jobs, *files)
        assert status == 2
        assert out.count(" PM017 ") == 1
        assert out.splitlines()[-1] == "1 error, 0 warnings, 0 info, 0 silenced in 3 files"


EVIL = "x\n99. forged event\r\x1b[31m\u202e\u2028\x85"


def test_show_escapes_every_text_it_prints(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    def plot(text: str) -> Plot:
        return Plot(
            title=f"Lost Bullet {text}",
            characters=(Character(id=f"lino{text[0]}\x1b", name=f"Lino {text}"),),
            events=(Event(id="e1", name=f"It {text}", agents=(f"lino{text[0]}\x1b",), time=text),),
            threads=(Thread(id="t", name=f"Where {text}?", opened="e1"),),
            setups=(Setup(id="s", name=f"The gun {text}", planted="e1"),),
        )

    lengths = []
    for text in (EVIL, "x"):
        path = tmp_path / "plot.yaml"
        dump(plot(text), path)
        status, out, _ = run(capsys, "show", str(path))
        assert status == 0
        assert all(is_shown(c) for line in out.split("\n") for c in line), out
        lengths.append(len(out.split("\n")))
    assert lengths[0] == lengths[1]


UNKNOWN_KEY_AND_A_GHOST = """\
plotmodel: 1
title: Ranks
characters:
  - {id: charas, name: Charas, rank: captain}
events:
  - {id: crash, name: Charas dies, effects: [{dies: charas}]}
  - {id: call, name: Charas calls, agents: [charas]}
"""


def test_the_files_own_codes_are_selected_like_rules(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "ranks.yaml"
    path.write_text(UNKNOWN_KEY_AND_A_GHOST, encoding="utf-8")
    status, out, _ = run(capsys, "validate", str(path))
    # while the file's own error stands, only the references are read from the rest
    assert (status, [line.split(": ")[1].split()[0] for line in out.splitlines()[:-1]]) == (
        1,
        ["PM005"],
    )
    # ignored, the plot is checked without the unknown key: the ghost is found
    status, out, _ = run(capsys, "validate", "--ignore", "PM005", str(path))
    assert status == 1
    assert " PM005 " not in out
    assert f"{path}:7:45: PM301 'charas' acts in 'call' after dying in 'crash'" in out


def test_a_file_that_cannot_be_read_is_reported_whatever_is_ignored(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text("plotmodel: 1\ntitle: [open\n", encoding="utf-8")
    status, out, _ = run(capsys, "validate", "--ignore", "PM0", str(path))
    assert status == 1
    assert " PM009 " in out
