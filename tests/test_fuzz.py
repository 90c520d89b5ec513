"""Fuzzing the loader and the command line: every input ends in a result, never an exception.

Inputs range from random bytes and random YAML/JSON documents to valid plots
broken by a few random edits. `load`/`loads` must return, every diagnostic
must name its file, parse and structure errors must carry a line and a
column, and ``plotmodel validate`` must exit 0, 1 or 2 without a traceback.
"""

import difflib
import json
import os
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from plotmodel.checking import check
from plotmodel.cli import main
from plotmodel.diagnostics import Diagnostic
from plotmodel.dumping import dumps
from plotmodel.loading import Loaded, load, loads
from plotmodel.model import Plot
from plotmodel.strategies import json_values, mutated_documents, plot_files, plots, to_text

FORMATS = ("yaml", "json")

# Parse and structure errors: the loader always knows where in the file they are.
LOCATED_CODES = frozenset(
    {
        "PM003",
        "PM005",
        "PM006",
        "PM008",
        "PM009",
        "PM010",
        "PM011",
        "PM012",
        "PM015",
        "PM016",
    }
)

# Characters that make YAML and JSON parsers take their rarer paths.
SYNTAX = st.sampled_from(
    [*":-[]{},#&*!|>'\"%@`?\n\t \\", "plotmodel: 1\n", "title: ", "events:\n  - ", "\x00", "é"]
)


def assert_reported_cleanly(loaded: Loaded, file: str) -> None:
    """Every problem is a diagnostic naming the file; structure errors say where."""
    assert loaded.plot is not None or loaded.diagnostics
    for found in loaded.diagnostics:
        assert isinstance(found, Diagnostic)
        assert found.location is not None, found
        assert found.location.file == file, found
        assert "\n" not in found.message, found
        if found.code in LOCATED_CODES:
            assert found.location.line >= 1, found
            assert found.location.column >= 1, found


@pytest.mark.parametrize("fmt", FORMATS)
@given(data=st.binary(max_size=400))
@example(data=b"\xff\xfe")
@example(data=b"plotmodel: " + b"9" * 5000)
def test_random_bytes_never_escape_loads(fmt: str, data: bytes) -> None:
    assert_reported_cleanly(loads(data, file="random", format=fmt), "random")  # type: ignore[arg-type]


@pytest.mark.parametrize("fmt", FORMATS)
@given(text=st.lists(SYNTAX, max_size=40).map("".join))
def test_random_syntax_never_escapes_loads(fmt: str, text: str) -> None:
    assert_reported_cleanly(loads(text, file="syntax", format=fmt), "syntax")  # type: ignore[arg-type]


@pytest.mark.parametrize("fmt", FORMATS)
@given(document=json_values())
def test_random_documents_never_escape_loads(fmt: str, document: Any) -> None:
    text = to_text(document, fmt)  # type: ignore[arg-type]
    assert_reported_cleanly(loads(text, file="doc", format=fmt), "doc")  # type: ignore[arg-type]


@pytest.mark.parametrize("fmt", FORMATS)
@settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(document=mutated_documents())
def test_mutated_plots_never_escape_loading_or_checking(fmt: str, document: Any) -> None:
    text = to_text(document, fmt)  # type: ignore[arg-type]
    loaded = loads(text, file="mutated", format=fmt)  # type: ignore[arg-type]
    assert_reported_cleanly(loaded, "mutated")
    if loaded.plot is not None and loaded.ok:
        for found in check(loaded.plot, source=loaded.source):
            assert found.location is not None
            assert found.location.file == "mutated"


@given(text=plot_files())
def test_valid_plot_files_load_without_a_finding(text: str) -> None:
    loaded = loads(text, file="valid.yaml")
    assert loaded.diagnostics == ()
    assert loaded.plot is not None
    assert check(loaded.plot, source=loaded.source) == []


# capsys is read and emptied in every example, so sharing it across examples is safe.
CLI_SETTINGS = settings(
    max_examples=15, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@CLI_SETTINGS
@given(
    document=mutated_documents(),
    fmt=st.sampled_from(FORMATS),
    output=st.sampled_from(("text", "json", "github")),
)
def test_cli_exits_0_1_or_2_on_any_file(
    tmp_path_factory: pytest.TempPathFactory,
    capsys: pytest.CaptureFixture[str],
    document: Any,
    fmt: str,
    output: str,
) -> None:
    path = tmp_path_factory.mktemp("cli") / f"plot.{fmt}"
    path.write_text(to_text(document, fmt), encoding="utf-8")  # type: ignore[arg-type]
    status = main(["validate", "--jobs", "1", "--format", output, str(path)])
    captured = capsys.readouterr()
    assert status in (0, 1, 2)
    assert "Traceback" not in captured.err
    assert "internal error" not in captured.err


@CLI_SETTINGS
@given(data=st.binary(max_size=300))
@example(data=b"plotmodel: " + b"9" * 5000)
def test_cli_exits_0_1_or_2_on_any_bytes(
    tmp_path_factory: pytest.TempPathFactory, capsys: pytest.CaptureFixture[str], data: bytes
) -> None:
    path = tmp_path_factory.mktemp("bytes") / "plot.yaml"
    path.write_bytes(data)
    status = main(["validate", "--jobs", "1", str(path)])
    captured = capsys.readouterr()
    assert status in (0, 1, 2)
    assert "internal error" not in captured.err


# Inputs the coverage-guided fuzzer (fuzz/) found, kept so they stay fixed.
REGRESSIONS = {
    "an integer longer than Python converts by default": b"plotmodel: " + b"9" * 5000 + b"\n",
    "a control character in YAML text": b"plotmodel: 1\ntitle: a\xc2\x97b\n",
    "a NUL byte in YAML text": b"plotmodel: 1\ntitle: a\x00b\n",
    "a control character in JSON text, then an unknown key": (
        b'{"plotmodel": 1, "title": "a\xc2\x97b", "unknown": 1}'
    ),
    "deep nesting in JSON": b'{"plotmodel": 1, "title": ' + b"[" * 5000 + b"]" * 5000 + b"}",
    "a next-line character as a JSON key": b'{"plotmodel": 1, "title": "x", "\xc2\x85": 1}',
    "a line separator as a JSON key": b'{"plotmodel": 1, "title": "x", "\xe2\x80\xa8": 1}',
    "a JSON surrogate pair escape, then an unknown key": (
        b'{"plotmodel": 1, "title": "\\ud8ea\\udeec", "unknown": 1}'
    ),
}


FINDINGS = sorted(REGRESSIONS)


@pytest.mark.parametrize("name", FINDINGS)
def test_fuzzer_findings_stay_fixed(name: str) -> None:
    data = REGRESSIONS[name]
    fmt = "json" if data.startswith(b"{") else "yaml"
    assert_reported_cleanly(loads(data, file="found", format=fmt), "found")  # type: ignore[arg-type]


@pytest.mark.parametrize("name", FINDINGS)
def test_fuzzer_findings_load_from_files(tmp_path: Path, name: str) -> None:
    data = REGRESSIONS[name]
    path = tmp_path / ("found.json" if data.startswith(b"{") else "found.yaml")
    path.write_bytes(data)
    assert_reported_cleanly(load(path), os.fspath(path))


@pytest.mark.parametrize("separator", ["\x85", "\u2028", "\u2029"])
def test_json_positions_count_only_json_line_breaks(separator: str) -> None:
    # YAML breaks lines at these characters, JSON does not: a one-line file stays one line.
    text = f'{{"plotmodel": 1, "title": "a{separator}b", "unknown": 1}}'
    (found,) = loads(text, file="one-line.json", format="json").diagnostics
    assert found.code == "PM005"
    assert found.location is not None
    assert (found.location.line, found.location.column) == (1, text.index('"unknown"') + 1)


def test_suggestions_for_unknown_ids_take_linear_work(monkeypatch: pytest.MonkeyPatch) -> None:
    # Found by the coverage-guided fuzzer as a time-out: every unknown id was compared with
    # every id of the plot, so a file full of typos took time growing with its size squared.
    compared = 0
    real = difflib.SequenceMatcher.real_quick_ratio

    def counted(matcher: difflib.SequenceMatcher[str]) -> float:
        nonlocal compared
        compared += 1
        return real(matcher)

    monkeypatch.setattr(difflib.SequenceMatcher, "real_quick_ratio", counted)
    typos = 400
    characters = "".join(f"  - {{id: person-{i}, name: P}}\n" for i in range(typos))
    events = "".join(f"  - {{id: e{i}, name: E, agents: [persn-{i}]}}\n" for i in range(typos))
    text = f"plotmodel: 1\ntitle: typos\ncharacters:\n{characters}events:\n{events}"
    found = check(loads(text, file="typos.yaml"), select=["PM1"])
    assert len(found) == typos
    assert compared <= 50 * typos


# Options and arguments a hurried user might type, in any order and combination.
ARGUMENTS = st.sampled_from(
    [
        "validate",
        "show",
        "--format",
        "json",
        "github",
        "text",
        "--select",
        "PM3",
        "--ignore",
        "acts-after-death,PM999",
        "--show-silenced",
        "--max-bytes",
        "0",
        "-1",
        "10",
        "--order",
        "screen",
        "--bogus",
        "-",
        "",
        "missing.yaml",
        "examples/lost_bullet/lost_bullet.yaml",
    ]
)


@CLI_SETTINGS
@given(argv=st.lists(ARGUMENTS, max_size=6))
def test_cli_exits_0_1_or_2_on_any_arguments(
    capsys: pytest.CaptureFixture[str], argv: list[str]
) -> None:
    status = main([*argv, "--jobs", "1"] if "validate" in argv else argv)
    captured = capsys.readouterr()
    assert status in (0, 1, 2)
    assert "Traceback" not in captured.err
    assert "internal error" not in captured.err


@given(plot=plots(max_events=3))
def test_ascii_escaped_json_is_located_like_any_json(plot: Plot) -> None:
    # json.dumps escapes every character beyond ASCII by default, emoji as surrogate pairs.
    document = json.loads(dumps(plot, format="json"))
    document["unknown"] = "🎬"
    text = json.dumps(document, ensure_ascii=True)
    (found,) = loads(text, file="escaped.json", format="json").diagnostics
    assert found.code == "PM005"
    assert found.location is not None
    assert found.location.line >= 1
