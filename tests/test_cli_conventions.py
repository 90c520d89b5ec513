"""The command follows the conventions of ruff, mypy and yamllint: input, output, exit status."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from plotmodel import cli

DATA = Path("tests/data/loading")
SIX = str(DATA / "six_mistakes.yaml")
CLEAN = str(DATA / "clean.yaml")
SILENCED = str(DATA / "silenced.yaml")
LOST_BULLET = "examples/lost_bullet/lost_bullet.yaml"
DEAD_QUENTIN = "examples/lost_bullet/broken/dead-quentin-acts.yaml"

WARNING_ONLY = """\
plotmodel: 1
title: Unused
characters:
  - {id: lino, name: Lino}
  - {id: marco, name: Marco}
events:
  - {id: e, name: Lino drives, agent: lino}
"""


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = cli.main(list(argv))
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return status, out, err


def _stdin(monkeypatch: pytest.MonkeyPatch, data: bytes) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))


def test_a_dash_reads_standard_input(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    _stdin(monkeypatch, Path(SIX).read_bytes())
    status, out, _ = run(capsys, "validate", "-")
    assert status == 1
    assert out.splitlines()[0] == "<stdin>:8:5: PM005 unknown key 'colour' in a character"


def test_standard_input_takes_the_name_and_format_given(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    _stdin(monkeypatch, b'{"plotmodel": 1, "title": "T", "villains": []}')
    status, out, _ = run(capsys, "validate", "--stdin-filename", "plots/t.json", "-")
    assert status == 1
    assert out.startswith("plots/t.json:1:32: PM005 unknown key 'villains' in the plot")


def test_standard_input_is_read_only_once(capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = run(capsys, "validate", "-", "-")
    assert status == 2
    assert "standard input ('-') can be read only once" in err


def _tree(root: Path) -> None:
    (root / "acts").mkdir()
    (root / "acts" / "one.yaml").write_text(Path(CLEAN).read_text(encoding="utf-8"))
    (root / "acts" / "two.json").write_text('{"plotmodel": 1, "title": "Two"}')
    (root / "acts" / "notes.txt").write_text("plotmodel: 1\n")
    (root / "ci.yaml").write_text("jobs: {test: {runs-on: linux}}\n")  # YAML, not a plot
    (root / ".hidden").mkdir()
    (root / ".hidden" / "plot.yaml").write_text(Path(SIX).read_text(encoding="utf-8"))
    (root / "draft.plot").write_text("plotmodel: 1\ntitle: Draft\n")


def test_folders_are_searched_for_plot_files(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    _tree(tmp_path)
    assert cli.find_plot_files([str(tmp_path)]) == [
        str(tmp_path / "acts" / "one.yaml"),
        str(tmp_path / "acts" / "two.json"),
    ]
    status, out, _ = run(capsys, "validate", str(tmp_path))
    assert status == 0
    assert out.splitlines()[-1] == "0 errors, 0 warnings, 0 info, 0 silenced in 2 files"


def test_the_pattern_is_configurable(tmp_path: Path) -> None:
    _tree(tmp_path)
    assert cli.find_plot_files([str(tmp_path)], include=["*.plot"]) == [
        str(tmp_path / "draft.plot")
    ]


def test_a_named_file_is_always_checked_unless_only_plot_files_are_asked_for(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    _tree(tmp_path)
    ci = str(tmp_path / "ci.yaml")
    status, out, _ = run(capsys, "validate", ci)
    assert (status, " PM014 " in out) == (1, True)
    status, out, err = run(capsys, "validate", "--only-plot-files", ci)
    assert (status, out) == (0, "0 errors, 0 warnings, 0 info, 0 silenced in 0 files\n")
    assert "no plot files found" in err


def test_the_report_goes_to_the_output_file(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    report = tmp_path / "report.json"
    status, out, _ = run(capsys, "validate", "--format", "json", "-o", str(report), SIX)
    assert (status, out) == (1, "")
    assert json.loads(report.read_text(encoding="utf-8"))["summary"]["errors"] == 6


def test_an_output_file_that_cannot_be_written_is_a_usage_error(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    status, _, err = run(capsys, "validate", "--output-file", str(tmp_path / "no" / "r"), CLEAN)
    assert status == 2
    assert err.startswith("plotmodel: error: --output-file: cannot write")


def test_exit_zero_and_fail_on(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    warned = tmp_path / "warned.yaml"
    warned.write_text(WARNING_ONLY, encoding="utf-8")
    assert run(capsys, "validate", str(warned))[0] == 0
    assert run(capsys, "validate", "--fail-on", "warning", str(warned))[0] == 1
    assert run(capsys, "validate", "--fail-on", "info", LOST_BULLET)[0] == 1
    assert run(capsys, "validate", "--fail-on", "warning", LOST_BULLET)[0] == 0
    assert run(capsys, "validate", "--exit-zero", SIX)[0] == 0
    # silenced findings never fail the run
    assert run(capsys, "validate", "--fail-on", "info", SILENCED)[0] == 0
    # an unreadable file is not a finding: --exit-zero does not hide it
    assert run(capsys, "validate", "--exit-zero", str(tmp_path / "missing.yaml"))[0] == 2


@pytest.mark.parametrize(
    ("argv", "environment", "coloured"),
    [
        (["--color", "always"], {}, True),
        (["--color", "never"], {"FORCE_COLOR": "1"}, False),
        ([], {}, False),  # not a terminal
        ([], {"FORCE_COLOR": "1"}, True),
        ([], {"FORCE_COLOR": "1", "NO_COLOR": "1"}, False),
        (["--color", "always"], {"NO_COLOR": "1"}, True),
    ],
)
def test_colour_follows_the_option_then_no_color_and_force_color(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    argv: list[str],
    environment: dict[str, str],
    coloured: bool,
) -> None:
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    _, out, _ = run(capsys, "validate", *argv, DEAD_QUENTIN)
    assert ("\033[" in out) is coloured
    _, shown, _ = run(capsys, "show", *argv, LOST_BULLET)
    assert ("\033[" in shown) is coloured


def test_the_version_goes_to_standard_output() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "plotmodel", "--version"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout.startswith("plotmodel ")


@pytest.mark.parametrize("option", ["--select", "--ignore"])
def test_an_unknown_code_on_the_command_line_is_a_usage_error_naming_the_option(
    capsys: pytest.CaptureFixture[str], option: str
) -> None:
    status, out, err = run(capsys, "validate", option, "PM3,acts-after-deth", CLEAN)
    assert (status, out) == (2, "")
    assert err == (
        f"plotmodel: error: {option}: 'acts-after-deth' names no rule "
        "(did you mean 'acts-after-death'?)\n"
    )


def test_results_stream_file_by_file(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[str] = []
    check_one = cli._validate_one

    def watched(file: str, options: object) -> object:
        seen.append(capsys.readouterr().out)
        return check_one(file, options)  # type: ignore[arg-type]

    monkeypatch.setattr(cli, "_validate_one", watched)
    status = cli.main(["validate", "--jobs", "1", DEAD_QUENTIN, SIX])
    assert status == 1
    # when the second file is checked, the first one's findings are already out
    assert seen[0] == ""
    assert " PM301 " in seen[1]
    assert " PM005 " not in seen[1]


def test_the_json_and_sarif_reports_are_single_documents(
    capsys: pytest.CaptureFixture[str],
) -> None:
    for fmt in ("json", "sarif"):
        _, out, _ = run(capsys, "validate", "--format", fmt, DEAD_QUENTIN, SIX)
        json.loads(out)


def test_the_version_and_help_load_none_of_the_library() -> None:
    code = (
        "import sys\n"
        "from plotmodel.cli import main\n"
        "for argv in (['--version'], ['--help'], ['validate', '--help']):\n"
        "    try:\n"
        "        main(argv)\n"
        "    except SystemExit:\n"
        "        pass\n"
        "print('MODULES', *(m for m in sys.modules if m.split('.')[0] in\n"
        "    ('plotmodel', 'attr', 'attrs', 'cattrs', 'yaml', 'json', 'importlib.metadata')))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    modules = done.stdout.rsplit("MODULES", 1)[1].split()
    assert sorted(modules) == ["plotmodel", "plotmodel._text", "plotmodel.cli"]


def test_the_commands_constants_are_the_librarys() -> None:
    from plotmodel.loading import DEFAULT_MAX_BYTES
    from plotmodel.reporting import REPORTERS

    assert tuple(REPORTERS) == cli.FORMATS
    assert cli.DEFAULT_MAX_BYTES == DEFAULT_MAX_BYTES
