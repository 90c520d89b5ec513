"""Coverage-guided fuzzing of plot files: loading, checking, reporting, ``show`` and dumping.

Run with atheris installed in the environment (it is in no dependency list)::

    python fuzz/fuzz_plot_files.py CORPUS -max_total_time=600

Each input is tried as YAML and as JSON. A failure is any exception escaping
the library or the command, or a broken promise: a diagnostic without a file
or (for parse and structure errors) a line, a message over two lines, a report
line holding a character a terminal must not see raw or a finding split over
lines, ``show`` failing or printing such a character, or a plot that does not
come back equal from `plotmodel.dumps`. atheris saves the input that caused it
as ``crash-*`` in the working directory and stops.

With ``PLOTMODEL_FUZZ_FINDINGS=DIR`` set, the target instead writes each new
kind of failure to ``DIR`` (the input, and the error beside it) and goes on
fuzzing, so one long run collects every distinct crash.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import os
import re
import sys
import tempfile
import traceback
from pathlib import Path

import atheris

with atheris.instrument_imports():
    from plotmodel import cli
    from plotmodel._text import is_shown
    from plotmodel.checking import check
    from plotmodel.dumping import dumps
    from plotmodel.loading import loads
    from plotmodel.reporting import REPORTERS, FileReport

# Error codes whose place in the file is always known: parse and structure errors.
_LOCATED = frozenset(
    {"PM003", "PM005", "PM006", "PM008", "PM009", "PM010", "PM011", "PM012", "PM015", "PM016"}
)

_FINDINGS = os.environ.get("PLOTMODEL_FUZZ_FINDINGS")
_seen: set[str] = set()
_FOLDER = Path(tempfile.mkdtemp(prefix="plotmodel-fuzz-"))


def _shown(output: str, what: str) -> None:
    for line in output.split("\n"):
        if not all(is_shown(c) for c in line):
            raise AssertionError(f"{what} wrote a raw control character")


def _reported(found: list, file: str) -> None:  # type: ignore[type-arg]
    """Every reporter: nothing raw, one line per finding and its notes."""
    reports = [FileReport(file, tuple(found))]
    notes = sum(len(d.related) for d in found)
    for name, reporter in REPORTERS.items():
        output = reporter(reports, show_silenced=True)
        _shown(output, f"the {name} report")
        lines = output.split("\n")
        if name == "github" and len(lines) - 2 != len(found):
            raise AssertionError("a GitHub annotation over more than one line")
        if name == "json" and len(json.loads(output)["diagnostics"]) != len(found):
            raise AssertionError("the JSON report lost a finding")
        if name == "text":
            heads = [line for line in lines[:-2] if not line.startswith("open threads in ")]
            if len(heads) != len(found) + notes:
                raise AssertionError("a text report line split or lost")


def _show(data: bytes, fmt: str) -> None:
    """``plotmodel show`` on the input as a file: a status, never an internal error."""
    path = _FOLDER / f"plot.{fmt}"
    path.write_bytes(data)
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = cli.main(["show", str(path)])
    if status not in (0, 1, 2) or err.getvalue():
        raise AssertionError(f"show ended with {status}: {err.getvalue()[:200]}")
    _shown(out.getvalue(), "show")


def check_one_input(data: bytes) -> None:
    """Load ``data`` as YAML and as JSON, then check, report, show and dump what loads."""
    for fmt in ("yaml", "json"):
        loaded = loads(data, file="fuzzed", format=fmt)  # type: ignore[arg-type]
        for found in loaded.diagnostics:
            if found.location is None or found.location.file != "fuzzed":
                raise AssertionError(f"diagnostic without a file: {found}")
            if found.code in _LOCATED and not found.location.line:
                raise AssertionError(f"diagnostic without a line: {found}")
            if "\n" in found.message:
                raise AssertionError(f"message of more than one line: {found.code}")
        _reported(list(loaded.diagnostics), "fuzzed")
        _show(data, fmt)
        plot = loaded.plot
        if plot is None:
            continue
        _reported(check(plot, source=loaded.source), "fuzzed")
        for written in ("yaml", "json"):
            again = loads(dumps(plot, format=written), format=written)  # type: ignore[arg-type]
            if again.plot != plot:
                raise AssertionError(f"a plot dumped as {written} did not load back equal")


def test_one_input(data: bytes) -> None:
    """The fuzz target: check one input, and record failures when asked to keep going."""
    if _FINDINGS is None:
        check_one_input(data)
        return
    try:
        check_one_input(data)
    except Exception as error:  # every failure is a finding to keep, not a reason to stop
        last = traceback.extract_tb(error.__traceback__)[-1]
        # A missing place is told apart by the code of the diagnostic that lacks it.
        code = re.search(r"PM\d{3}", str(error)) if isinstance(error, AssertionError) else None
        detail = code.group() if code else ""
        kind = f"{type(error).__name__} at {last.filename}:{last.lineno} {detail}".strip()
        if kind in _seen:
            return
        _seen.add(kind)
        name = hashlib.sha1(data).hexdigest()[:12]
        folder = Path(_FINDINGS)
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"crash-{name}").write_bytes(data)
        (folder / f"crash-{name}.txt").write_text(f"{kind}\n{error}\n", encoding="utf-8")


def main() -> None:
    """Hand the target to atheris with the command line's options."""
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
