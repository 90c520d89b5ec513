"""The rules page is generated from the registry, and every example in it runs."""

import re
from pathlib import Path

import pytest

from plotmodel.checking import check
from plotmodel.loading import loads
from plotmodel.rules import Rule, builtin_rules, render_docs

RULES = list(builtin_rules().values())
# What these find is in the bytes of a file (unreadable, too large, not UTF-8, nested a
# thousand deep): no short text in the docs can show it, so their pages describe it.
ABOUT_THE_BYTES = {"PM001", "PM002", "PM008", "PM010", "PM017", "PM018"}
EXAMPLED = [one for one in RULES if one.code not in ABOUT_THE_BYTES]
PAGE = Path("docs/rules.md")
MARK = re.compile(r"#\s*(PM\d{3})\s*$")


def findings(text: str, name: str) -> list[tuple[str, int]]:
    found = check(loads(text, file=name))
    return [(d.code, d.location.line if d.location else 0) for d in found if d.silenced is None]


def test_the_committed_rules_page_is_the_generated_one() -> None:
    assert PAGE.read_text(encoding="utf-8") == render_docs()


def test_every_rule_is_documented_with_both_examples() -> None:
    for one in RULES:
        assert one.summary.endswith("."), one.code
        assert one.rationale, one.code
        shown = one.code not in ABOUT_THE_BYTES
        assert (one.example("Fails") is not None) is shown, one.code
        assert (one.example("Passes") is not None) is shown, one.code


def test_codes_and_slugs_are_unique_and_in_their_family() -> None:
    slugs = [one.slug for one in RULES]
    assert len(set(slugs)) == len(slugs)
    assert all(re.fullmatch(r"PM\d\d\d", one.code) for one in RULES)
    assert all(re.fullmatch(r"[a-z][a-z0-9]*(-[a-z0-9]+)*", one.slug) for one in RULES)


@pytest.mark.parametrize("one", EXAMPLED, ids=lambda one: f"{one.code}-{one.slug}")
def test_the_failing_example_fires_exactly_its_rule_on_the_marked_line(one: Rule) -> None:
    text = one.example("Fails")
    assert text is not None
    marked = [
        (match.group(1), number)
        for number, line in enumerate(text.splitlines(), start=1)
        if (match := MARK.search(line))
    ]
    assert marked, f"{one.code}: the failing example marks no line"
    assert findings(text, f"{one.slug}.yaml") == marked


@pytest.mark.parametrize("one", EXAMPLED, ids=lambda one: f"{one.code}-{one.slug}")
def test_the_fixed_example_passes_every_rule(one: Rule) -> None:
    text = one.example("Passes")
    assert text is not None
    loaded = loads(text, file=f"{one.slug}.yaml")
    assert loaded.diagnostics == ()
    assert loaded.plot is not None
    found = check(loaded.plot, source=loaded.source)
    assert [d for d in found if d.silenced is None] == []


@pytest.mark.parametrize("one", EXAMPLED, ids=lambda one: f"{one.code}-{one.slug}")
def test_a_finding_about_two_events_names_the_other_one(one: Rule) -> None:
    text = one.example("Fails")
    assert text is not None
    loaded = loads(text, file=f"{one.slug}.yaml")
    events = loaded.plot.events if loaded.plot is not None else ()
    found = [d for d in check(loaded) if d.code == one.code]
    assert found
    if len(events) >= 2:
        for finding in found:
            assert finding.related, f"{finding} names no other place"
            assert all(r.location is not None and r.location.line for r in finding.related)
