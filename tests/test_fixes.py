"""Quick fixes: each answers its finding, and changes nothing else the writer wrote.

Every case applies a fix to a small plot written in one style (block or
flow YAML, JSON) and compares the whole new text, so a fix that moves a
comment or reflows a list fails here.
"""

from __future__ import annotations

import json

import pytest
import yaml

from plotmodel.checking import check
from plotmodel.diagnostics import Diagnostic
from plotmodel.editing import PlotText
from plotmodel.fixes import Fix, fixes
from plotmodel.loading import loads

HEAD = """\
plotmodel: 1
title: Fixes
characters:
  - {id: lino, name: Lino}
  - {id: quentin, name: Quentin}
events:
  - id: shot
    name: Quentin is shot
    effects: [{dies: quentin}]
"""


def _fix(text: str, code: str, title: str, *, fmt: str = "yaml") -> str:
    """``text`` with the fix titled ``title`` of its finding ``code`` applied."""
    plot_text = PlotText(text, format=fmt)  # type: ignore[arg-type]
    [found] = [d for d in check(plot_text.loaded) if d.code == code]
    [chosen] = [f for f in fixes(plot_text, found) if f.title.startswith(title)]
    return _apply(plot_text, chosen)


def _apply(plot_text: PlotText, fix: Fix) -> str:
    text = plot_text.text
    for edit in sorted(fix.edits, key=lambda e: (e.range.line, e.range.column), reverse=True):
        start = plot_text.offset(edit.range.line, edit.range.column)
        end = plot_text.offset(edit.range.end_line, edit.range.end_column)
        text = text[:start] + edit.text + text[end:]
    return text


def _findings(text: str, fmt: str = "yaml") -> list[str]:
    found = check(loads(text, format=fmt))  # type: ignore[arg-type]
    return [d.code for d in found if d.silenced is None]


MEMORY_CASES = [
    # one agent, no participants: the agents' key becomes the participants'
    (
        "  - id: grave\n    name: At the grave\n    agent: quentin\n",
        "  - id: grave\n    name: At the grave\n"
        "    participants: [{who: quentin, appears: memory}]\n",
    ),
    (
        "  - id: grave\n    name: At the grave\n    agents: [quentin]  # he is long gone\n",
        "  - id: grave\n    name: At the grave\n"
        "    participants: [{who: quentin, appears: memory}]  # he is long gone\n",
    ),
    # several agents: the dead one moves to the participants
    (
        "  - id: grave\n    name: At the grave\n    agents: [lino, quentin]\n",
        "  - id: grave\n    name: At the grave\n"
        "    participants: [{who: quentin, appears: memory}]\n    agents: [lino]\n",
    ),
    (
        "  - id: grave\n    name: At the grave\n    agents:\n      - quentin\n      - lino\n"
        "    participants:\n      - {who: lino, role: mourner}\n",
        "  - id: grave\n    name: At the grave\n    agents:\n      - lino\n"
        "    participants:\n      - {who: lino, role: mourner}\n"
        "      - {who: quentin, appears: memory}\n",
    ),
    (
        "  - {id: grave, name: At the grave, agents: [lino, quentin], participants: [lino]}\n",
        "  - {id: grave, name: At the grave, agents: [lino], participants: [lino, "
        "{who: quentin, appears: memory}]}\n",
    ),
    (
        "  - id: grave\n    name: At the grave\n    agent: quentin\n    participants: [lino]\n",
        "  - id: grave\n    name: At the grave\n"
        "    participants: [lino, {who: quentin, appears: memory}]\n",
    ),
    # an agent already written in a form of appearance: only the form changes
    (
        "  - id: grave\n    name: At the grave\n    agents: [lino, {who: quentin, role: guide}]\n",
        "  - id: grave\n    name: At the grave\n"
        "    agents: [lino, {who: quentin, role: guide, appears: memory}]\n",
    ),
    # a participant: only the form it appears in changes
    (
        "  - id: grave\n    name: At the grave\n    participants: [lino, quentin]\n",
        "  - id: grave\n    name: At the grave\n"
        "    participants: [lino, {who: quentin, appears: memory}]\n",
    ),
    (
        "  - id: grave\n    name: At the grave\n    participants:\n"
        "      - who: quentin\n        role: guide\n",
        "  - id: grave\n    name: At the grave\n    participants:\n"
        "      - who: quentin\n        role: guide\n        appears: memory\n",
    ),
    (
        "  - id: grave\n    name: At the grave\n    participants:\n"
        "      - {who: quentin, appears: present}\n",
        "  - id: grave\n    name: At the grave\n    participants:\n"
        "      - {who: quentin, appears: memory}\n",
    ),
]


@pytest.mark.parametrize(("event", "fixed"), MEMORY_CASES)
def test_acting_after_death_becomes_a_memory_in_the_file_s_own_style(
    event: str, fixed: str
) -> None:
    after = _fix(HEAD + event, "PM301", "show 'quentin' as a memory in 'grave'")
    assert after == HEAD + fixed
    assert "PM301" not in _findings(after)


def test_acting_after_death_becomes_a_memory_in_json() -> None:
    data = yaml.safe_load(HEAD + MEMORY_CASES[2][0])
    text = json.dumps(data, indent=2)
    after = _fix(text, "PM301", "show 'quentin'", fmt="json")
    grave = json.loads(after)["events"][1]
    assert grave["agents"] == ["lino"]
    assert grave["participants"] == [{"who": "quentin", "appears": "memory"}]
    assert "PM301" not in _findings(after, "json")


def test_no_memory_fix_for_someone_who_acts_through_an_effect() -> None:
    text = (
        HEAD
        + "  - id: later\n    name: Quentin seizes Lino\n"
        + "    effects: [{arrested: {who: lino, by: quentin}}]\n"
    )
    plot_text = PlotText(text)
    [found] = [d for d in check(plot_text.loaded) if d.code == "PM301"]
    assert [f.title for f in fixes(plot_text, found)] == ["silence PM301 on 'later' (then say why)"]


SILENCE_CASES = [
    (
        "  - id: grave\n    name: At the grave\n    agents: [quentin]\n",
        "  - id: grave\n    name: At the grave\n    agents: [quentin]\n"
        '    silence: [{code: PM301, reason: ""}]\n',
    ),
    (
        "  - {id: grave, name: At the grave, agents: [quentin]}\n",
        "  - {id: grave, name: At the grave, agents: [quentin], "
        'silence: [{code: PM301, reason: ""}]}\n',
    ),
    (
        "  - id: grave\n    name: At the grave\n    agents: [quentin]\n    silence:\n"
        "      - {code: PM801, reason: kept for the sequel}\n",
        "  - id: grave\n    name: At the grave\n    agents: [quentin]\n    silence:\n"
        '      - {code: PM801, reason: kept for the sequel}\n      - {code: PM301, reason: ""}\n',
    ),
]


@pytest.mark.parametrize(("event", "fixed"), SILENCE_CASES)
def test_a_silence_goes_on_the_finding_s_element_with_a_reason_to_write(
    event: str, fixed: str
) -> None:
    after = _fix(HEAD + event, "PM301", "silence PM301 on 'grave'")
    assert after == HEAD + fixed
    found = check(loads(after))
    assert [d.silenced for d in found if d.code == "PM301"] == ["no reason given"]
    assert "PM901" in _findings(after)


def test_a_finding_about_no_element_is_silenced_for_the_plot() -> None:
    plot_text = PlotText(HEAD)
    about_the_plot = Diagnostic(code="PM801", rule="unused-element", message="m", path=())
    [fix] = fixes(plot_text, about_the_plot)
    assert fix.title == "silence PM801 on the plot (then say why)"
    assert _apply(plot_text, fix) == HEAD + 'silence: [{code: PM801, reason: ""}]\n'


def test_the_did_you_mean_fix_is_the_rule_s_own_suggestion() -> None:
    text = HEAD + "  - id: grave\n    name: At the grave\n    agents: [lnio]\n"
    plot_text = PlotText(text)
    [typo] = [d for d in check(plot_text.loaded) if d.code == "PM102"]
    assert "did you mean 'lino'?" in typo.message
    [fix] = [f for f in fixes(plot_text, typo) if f.preferred]
    assert fix.title == "replace 'lnio' with 'lino'"
    assert _apply(plot_text, fix) == text.replace("lnio", "lino")


def test_the_did_you_mean_fix_works_in_a_file_that_does_not_load() -> None:
    text = (
        HEAD + "  - id: grave\n    name: 12\n  - id: later\n    name: Later\n    agents: [lnio]\n"
    )
    plot_text = PlotText(text)
    assert plot_text.loaded.plot is None
    found: list[Diagnostic] = check(plot_text.loaded)
    [typo] = [d for d in found if d.code == "PM102"]
    [fix] = [f for f in fixes(plot_text, typo) if f.preferred]
    assert _apply(plot_text, fix) == text.replace("lnio", "lino")


def test_silenced_findings_and_the_file_s_own_findings_get_no_silence() -> None:
    text = HEAD + "  - id: grave\n    name: 12\n"
    plot_text = PlotText(text)
    [wrong_type] = [d for d in check(plot_text.loaded) if d.code == "PM003"]
    assert fixes(plot_text, wrong_type) == ()
