"""Coverage-guided fuzzing of the plot loader: no input may make `loads` raise.

Run with atheris installed in the environment (it is in no dependency list)::

    python fuzz/fuzz_loading.py fuzz/corpus -max_total_time=600

Each input is tried as YAML and as JSON. A crash is any exception escaping
`plotmodel.loading.loads`, or a diagnostic without a file; atheris saves the
input that caused it as ``crash-*`` in the working directory and stops.

With ``PLOTMODEL_FUZZ_FINDINGS=DIR`` set, the target instead writes each new
kind of failure to ``DIR`` (the input, and the error beside it) and goes on
fuzzing, so one long run collects every distinct crash.
"""

from __future__ import annotations

import hashlib
import os
import re
import sys
import traceback
from pathlib import Path

import atheris

with atheris.instrument_imports():
    from plotmodel.loading import loads

# Error codes whose place in the file is always known: parse and structure errors.
_LOCATED = frozenset(
    {"PM003", "PM005", "PM006", "PM008", "PM009", "PM010", "PM011", "PM012", "PM015", "PM016"}
)


_FINDINGS = os.environ.get("PLOTMODEL_FUZZ_FINDINGS")
_seen: set[str] = set()


def check_one_input(data: bytes) -> None:
    """Load ``data`` as YAML and as JSON; every problem must come back as a diagnostic."""
    for fmt in ("yaml", "json"):
        loaded = loads(data, file="fuzzed", format=fmt)  # type: ignore[arg-type]
        for found in loaded.diagnostics:
            if found.location is None or found.location.file != "fuzzed":
                raise AssertionError(f"diagnostic without a file: {found}")
            if found.code in _LOCATED and not found.location.line:
                raise AssertionError(f"diagnostic without a line: {found}")
            if "\n" in found.message:
                raise AssertionError(f"message of more than one line: {found.code}")


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
