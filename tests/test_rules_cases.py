"""Rule cases as data: each plot in tests/rules/*.yaml with the findings it must give.

An expected finding gives its code, line and column; it may add its
``severity``, its ``message`` and its ``notes`` (each ``line:column message``).
"""

from pathlib import Path
from typing import Any

import pytest
import yaml

from plotmodel.checking import check
from plotmodel.diagnostics import Related
from plotmodel.loading import loads

CASES = sorted(Path(__file__).parent.joinpath("rules").glob("*.yaml"))


def cases() -> list[Any]:
    found = []
    for path in CASES:
        for number, case in enumerate(yaml.safe_load(path.read_text(encoding="utf-8"))):
            found.append(pytest.param(case, id=f"{path.stem}-{number}-{case['case'][:40]}"))
    return found


def test_there_are_cases_for_every_family() -> None:
    assert {path.stem for path in CASES} >= {
        "life",
        "custody",
        "presence",
        "things",
        "knowledge",
        "time",
        "narrative",
        "silences",
        "accounts",
    }


def _note(related: Related) -> str:
    """A related place as a case writes it: ``line:column message``."""
    where = related.location
    return f"{where.line}:{where.column} {related.message}" if where else related.message


@pytest.mark.parametrize("case", cases())
def test_rule_case(case: dict[str, Any]) -> None:
    loaded = loads(case["plot"], file="case.yaml")
    assert loaded.plot is not None, [str(d) for d in loaded.diagnostics]
    assert [d for d in loaded.diagnostics if d.code.startswith("PM0")] == []
    found = check(loaded.plot, source=loaded.source)
    actual = [
        {
            "code": d.code,
            "line": d.location.line if d.location else 0,
            "column": d.location.column if d.location else 0,
            **({"severity": d.severity.value} if "severity" in expected else {}),
            **({"silenced": d.silenced} if d.silenced is not None else {}),
            **({"message": d.message} if "message" in expected else {}),
            **({"notes": [_note(r) for r in d.related]} if "notes" in expected else {}),
        }
        for d, expected in zip(found, [*case["expect"], *([{}] * len(found))], strict=False)
    ]
    assert actual == case["expect"]
