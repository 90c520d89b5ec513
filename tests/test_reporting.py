"""Reporters: whatever text a finding holds, the output keeps its lines and shows nothing raw."""

import json

import pytest

from plotmodel._text import is_shown
from plotmodel.diagnostics import Diagnostic, Location, Related, Severity
from plotmodel.reporting import REPORTERS, FileReport

HOSTILE = "Lino\n::error file=x::forged\r\x1b[2J\u202etxt.exe\u2028\x85\ud800"
FILE = "plots/evil\nname\x1b.yaml"


def hostile_report() -> FileReport:
    where = Location(file=FILE, line=3, column=5)
    return FileReport(
        FILE,
        (
            Diagnostic(
                code="PM301",
                rule="acts-after-death",
                message=f"'{HOSTILE}' acts after dying",
                location=where,
                path=("characters", 0, HOSTILE),
                related=(Related(message=f"{HOSTILE} dies here", location=where),),
            ),
            Diagnostic(
                code="PM802",
                rule="unresolved-thread",
                message=f"open thread is never resolved: {HOSTILE}",
                severity=Severity.INFO,
                path=("threads", 0),
                silenced=f"because {HOSTILE}",
            ),
        ),
    )


def assert_shown(output: str) -> None:
    assert all(is_shown(c) for line in output.split("\n") for c in line), output


@pytest.mark.parametrize("name", sorted(REPORTERS))
def test_no_text_of_a_finding_reaches_the_output_raw(name: str) -> None:
    output = REPORTERS[name]([hostile_report()], show_silenced=True)
    assert_shown(output)
    lines = output.splitlines()
    if name == "text":
        # two findings, one note, the open threads heading and the summary
        assert len(lines) == 5
    elif name == "github":
        assert len(lines) == 3
        assert all(line.startswith(("::error ", "::notice ")) for line in lines[:2])
    elif name == "sarif":
        results = json.loads(output)["runs"][0]["results"]
        first_result = results[0]
        assert "\n" not in first_result["message"]["text"]
        location = first_result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        assert "\n" not in location
        assert "%5Cn" in location  # the escaped line break, as a URI writes a backslash
        assert all(is_shown(c) for c in results[1]["suppressions"][0]["justification"])
    else:
        document = json.loads(output)
        first = document["diagnostics"][0]
        assert "\n" not in first["message"]
        assert first["file"] == "plots/evil\\nname\\x1b.yaml"
        assert first["path"].startswith("$.characters[0].Lino\\n::error")
        assert all(is_shown(c) for c in first["path"])
        assert all(is_shown(c) for c in document["diagnostics"][1]["silenced"])


@pytest.mark.parametrize("name", sorted(REPORTERS))
def test_escaped_text_is_written_as_it_is(name: str) -> None:
    # A message already escaped by its rule keeps its backslashes: nothing is escaped twice.
    found = Diagnostic(code="PM102", rule="unknown-reference", message="'a\\nb' is not defined")
    output = REPORTERS[name]([FileReport("plot.yaml", (found,))])
    if name == "json":
        shown = json.loads(output)["diagnostics"][0]["message"]
    elif name == "sarif":
        shown = json.loads(output)["runs"][0]["results"][0]["message"]["text"]
    else:
        shown = output
    assert "'a\\nb' is not defined" in shown
