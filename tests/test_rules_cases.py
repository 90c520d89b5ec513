"""Rule cases as data: each plot in tests/rules/*.yaml with the findings it must give."""

from pathlib import Path
from typing import Any

import pytest
import yaml

from plotmodel.checking import check
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
        }
        for d, expected in zip(found, [*case["expect"], *([{}] * len(found))], strict=False)
    ]
    assert actual == case["expect"]
