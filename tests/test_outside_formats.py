"""Output other tools read, checked against those tools' own schemas and code.

SARIF against the published SARIF 2.1.0 schema (a fixture in tests/data/sarif),
GitHub annotations against the workflow-command syntax and escaping that
GitHub documents (and its actions toolkit implements), and the pre-commit hook
against pre-commit's own manifest schema and file selection.
"""

from __future__ import annotations

import json
import re
import shlex
import subprocess
from pathlib import Path

import jsonschema
import pytest
from pre_commit import clientlib
from pre_commit.commands.run import Classifier
from pre_commit.hook import Hook

from plotmodel import cli
from plotmodel.reporting import SARIF_SCHEMA

ROOT = Path(__file__).resolve().parent.parent
SARIF = json.loads((ROOT / "tests/data/sarif/sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
SARIF_VALIDATOR = jsonschema.Draft4Validator(SARIF)
DATA = Path("tests/data/loading")
CASES = {
    "six mistakes": [str(DATA / "six_mistakes.yaml")],
    "silenced": ["--show-silenced", str(DATA / "silenced.yaml")],
    "related places": ["examples/lost_bullet/broken/dead-quentin-acts.yaml"],
    "several files": [str(DATA / "clean.yaml"), "examples/lost_bullet/lost_bullet.yaml"],
    "no findings": [str(DATA / "clean.yaml")],
}


def _output(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    cli.main(["validate", *argv])
    return capsys.readouterr().out


@pytest.mark.parametrize("argv", CASES.values(), ids=CASES)
def test_sarif_reports_follow_the_sarif_2_1_0_schema(
    capsys: pytest.CaptureFixture[str], argv: list[str]
) -> None:
    log = json.loads(_output(capsys, "--format", "sarif", *argv))
    SARIF_VALIDATOR.validate(log)
    assert log["$schema"] == SARIF_SCHEMA == SARIF["id"]
    (run,) = log["runs"]
    rules = run["tool"]["driver"]["rules"]
    for result in run["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]


def test_sarif_carries_places_levels_notes_and_suppressions(
    capsys: pytest.CaptureFixture[str],
) -> None:
    log = json.loads(_output(capsys, "--format", "sarif", *CASES["related places"]))
    results = log["runs"][0]["results"]
    death = next(r for r in results if r["ruleId"] == "PM301")
    assert death["level"] == "error"
    region = death["locations"][0]["physicalLocation"]["region"]
    report = json.loads(_output(capsys, "--format", "json", *CASES["related places"]))
    (same,) = (d for d in report["diagnostics"] if d["code"] == "PM301")
    assert (region["startLine"], region["startColumn"]) == (same["line"], same["column"])
    assert death["relatedLocations"][0]["message"]["text"] == "'quentin' dies here"
    assert {r["level"] for r in results if r["ruleId"] == "PM802"} == {"note"}
    silenced = json.loads(_output(capsys, "--format", "sarif", *CASES["silenced"]))
    (result,) = silenced["runs"][0]["results"]
    assert result["suppressions"] == [
        {"kind": "inSource", "justification": "the film leaves it open"}
    ]


def test_a_broken_sarif_report_fails_the_schema() -> None:
    """The fixture can fail: a log without its version is refused."""
    assert not SARIF_VALIDATOR.is_valid({"runs": []})
    assert not SARIF_VALIDATOR.is_valid({"version": "2.1.0", "runs": [{"results": []}]})


# GitHub's workflow commands: ::level key=value,...::message, with its toolkit's escapes.
COMMAND = re.compile(r"^::(error|warning|notice) ([^:]*)::(.*)$")
PROPERTIES = {"file", "line", "endLine", "col", "endColumn", "title"}


def _unescape(text: str, *, property_value: bool = False) -> str:
    if property_value:
        text = text.replace("%3A", ":").replace("%2C", ",")
    return text.replace("%0D", "\r").replace("%0A", "\n").replace("%25", "%")


@pytest.mark.parametrize("argv", CASES.values(), ids=CASES)
def test_github_annotations_are_well_formed_workflow_commands(
    capsys: pytest.CaptureFixture[str], argv: list[str]
) -> None:
    *commands, summary = _output(capsys, "--format", "github", *argv).splitlines()
    assert re.fullmatch(r"\d+ errors?, .* in \d+ files?", summary)
    json_report = json.loads(_output(capsys, "--format", "json", *argv))
    assert len(commands) == len(json_report["diagnostics"])
    for line, finding in zip(commands, json_report["diagnostics"], strict=True):
        found = COMMAND.match(line)
        assert found is not None, line
        level, raw_properties, raw_message = found.groups()
        assert (
            level == {"error": "error", "warning": "warning", "info": "notice"}[finding["severity"]]
        )
        properties = dict(item.split("=", 1) for item in raw_properties.split(","))
        assert set(properties) <= PROPERTIES
        assert _unescape(properties["file"], property_value=True) == finding["file"]
        if finding["line"] is not None:
            assert int(properties["line"]) == finding["line"]
            assert int(properties["col"]) == finding["column"]
        title = _unescape(properties["title"], property_value=True)
        assert title == f"{finding['code']} {finding['rule']}"
        message = _unescape(raw_message)
        assert message.split("\n")[0].startswith(finding["message"])
        assert len(message.split("\n")) == 1 + len(finding["related"])


def test_a_message_with_line_breaks_and_percent_signs_stays_one_command() -> None:
    from plotmodel.diagnostics import Diagnostic, Location
    from plotmodel.reporting import FileReport, github_file

    finding = Diagnostic(
        code="PM102",
        rule="unknown-reference",
        message="100% wrong:\nsecond, line",
        location=Location(file="a,b:c.yaml", line=3, column=4),
    )
    (line,) = github_file(FileReport("a,b:c.yaml", (finding,))).splitlines()
    _, properties, message = COMMAND.match(line).groups()  # type: ignore[union-attr]
    # a line break from a file is written escaped, as every reporter writes it
    assert _unescape(message) == "100% wrong:\\nsecond, line"
    assert "file=a%2Cb%3Ac.yaml" in properties


HOOKS = ROOT / ".pre-commit-hooks.yaml"


def test_the_hook_follows_pre_commits_manifest_schema() -> None:
    (hook,) = clientlib.load_manifest(str(HOOKS))
    assert hook["id"] == "plotmodel-validate"
    assert hook["language"] == "python"
    assert shlex.split(hook["entry"])[:2] == ["plotmodel", "validate"]


def _hook() -> Hook:
    (manifest,) = clientlib.load_manifest(str(HOOKS))
    return Hook(src="local", prefix=None, **manifest)  # type: ignore[arg-type]


def test_the_hook_checks_the_plot_files_pre_commit_gives_it_and_no_others(
    capsys: pytest.CaptureFixture[str],
) -> None:
    tracked = subprocess.run(
        ["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=False
    ).stdout.split()
    files = tracked or [str(p.relative_to(ROOT)) for p in ROOT.rglob("*") if p.is_file()]
    hook = _hook()
    given = list(Classifier.from_config(files, "", "^$").filenames_for_hook(hook))
    # pre-commit passes every YAML and JSON file: workflow files and the schema among them
    assert ".pre-commit-hooks.yaml" in given
    assert "schema/plotmodel.schema.json" in given
    assert "examples/lost_bullet/lost_bullet.yaml" in given
    chosen = cli.find_plot_files(given, only_plots=True)
    assert "examples/lost_bullet/lost_bullet.yaml" in chosen
    assert ".pre-commit-hooks.yaml" not in chosen
    assert "schema/plotmodel.schema.json" not in chosen
    assert "mkdocs.yml" not in chosen
    good = [f for f in given if f.startswith("examples/") and "broken" not in f]
    status = cli.main([*shlex.split(hook.entry)[1:], *good, ".pre-commit-hooks.yaml"])
    capsys.readouterr()
    assert status == 0
