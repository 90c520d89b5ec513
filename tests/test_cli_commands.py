"""The commands beyond validate: new, rules, explain, query, schema, and show on any plot."""

from __future__ import annotations

import json
from pathlib import Path

import attrs
import jsonschema
import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from plotmodel import cli, load, loads, story_state
from plotmodel.queries import Snapshot
from plotmodel.rules import all_rules
from plotmodel.schema import plot_schema, schema_text
from plotmodel.starter import starter

LOST_BULLET = "examples/lost_bullet/lost_bullet.yaml"
DEAD_QUENTIN = "examples/lost_bullet/broken/dead-quentin-acts.yaml"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = cli.main(list(argv))
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return status, out, err


# -- new -------------------------------------------------------------------------


def test_the_starter_plot_validates_cleanly_and_passes_the_schema(
    capsys: pytest.CaptureFixture[str],
) -> None:
    status, out, _ = run(capsys, "new", "Lost Bullet")
    assert status == 0
    assert out.startswith("# yaml-language-server: $schema=")
    loaded = loads(out, file="new.yaml")
    from plotmodel import check

    assert check(loaded) == []
    assert loaded.require().title == "Lost Bullet"
    jsonschema.Draft7Validator(plot_schema()).validate(yaml.safe_load(out))
    assert sum(line.lstrip().startswith("#") or " # " in line for line in out.splitlines()) >= 10


@given(title=st.text(min_size=1).filter(str.strip))
def test_any_title_is_written_so_it_reads_back_exactly(title: str) -> None:
    assert loads(starter(title)).require().title == title


def test_new_writes_a_file_and_never_overwrites_one(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "film.yaml"
    assert run(capsys, "new", "Film", "-o", str(path))[0] == 0
    assert load(path).ok
    before = path.read_text(encoding="utf-8")
    status, _, err = run(capsys, "new", "Other", "--output", str(path))
    assert status == 2
    assert "already exists" in err
    assert path.read_text(encoding="utf-8") == before
    # the starter goes through the whole cycle the docs show
    assert run(capsys, "validate", str(path))[0] == 0
    assert run(capsys, "show", str(path))[0] == 0
    assert run(capsys, "query", str(path), "knows", "hero", "the-discovery", "--after")[0] == 0


def test_a_blank_title_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "new", "  ")[0] == 2


# -- rules and explain -----------------------------------------------------------------


def test_rules_lists_every_code_slug_severity_and_summary(
    capsys: pytest.CaptureFixture[str],
) -> None:
    status, out, _ = run(capsys, "rules")
    assert status == 0
    rules = all_rules()
    lines = out.splitlines()
    assert [line.split()[0] for line in lines] == sorted(rules)
    for line in lines:
        code, slug, severity, *_ = line.split()
        assert (slug, severity) == (rules[code].slug, rules[code].severity.value)
    _, listed, _ = run(capsys, "rules", "--format", "json")
    assert {r["code"]: r["rule"] for r in json.loads(listed)} == {
        code: one.slug for code, one in rules.items()
    }


@pytest.mark.parametrize("name", ["PM301", "pm301", "acts-after-death"])
def test_explain_prints_the_rules_documentation(
    capsys: pytest.CaptureFixture[str], name: str
) -> None:
    status, out, _ = run(capsys, "explain", name)
    assert status == 0
    assert out.startswith("PM301 acts-after-death (error)\n")
    assert all_rules()["PM301"].doc in out
    assert "Fails:" in out
    assert "Passes:" in out


def test_explain_an_unknown_rule_suggests_one(capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = run(capsys, "explain", "acts-after-deth")
    assert status == 2
    assert "did you mean 'acts-after-death'?" in err


def test_schema_prints_the_kept_schema(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "schema")
    assert (status, out) == (0, schema_text())
    assert Path("schema/plotmodel.schema.json").read_text(encoding="utf-8") == out


# -- query -------------------------------------------------------------------------------

STORY = story_state(load(LOST_BULLET).require())


def _json(capsys: pytest.CaptureFixture[str], *argv: str) -> object:
    status, out, _ = run(capsys, "query", LOST_BULLET, *argv, "--format", "json")
    assert status == 0
    return json.loads(out)["answer"]


def test_the_state_at_an_event_is_the_snapshot(capsys: pytest.CaptureFixture[str]) -> None:
    answer = _json(capsys, "state", "barn-fight", "--after")
    snapshot = STORY.at("barn-fight", after=True)
    assert isinstance(answer, dict)
    assert answer["dead"] == sorted(snapshot.dead) == ["charas"]
    assert answer["held"]["marco"]["at"] == "barn"
    assert answer["conditions"]["decoy-car"] == "destroyed"
    # every field of a snapshot is answered, but the internal moment
    fields = {a.name for a in attrs.fields(Snapshot)} - {"moment"}
    assert set(answer) == fields


def test_what_a_character_knows_and_believes(capsys: pytest.CaptureFixture[str]) -> None:
    answer = _json(capsys, "knows", "julia", "lino-tells-julia", "--after")
    assert isinstance(answer, dict)
    told = STORY.after("lino-tells-julia")
    assert answer["wrongly_believes"] == sorted(STORY.false_beliefs("julia", told))
    assert "car-swapped" in answer["told_but_does_not_believe"]
    assert answer["knows"] == sorted(STORY.knowledge("julia", told))


def test_the_audience_is_a_knower_too(capsys: pytest.CaptureFixture[str]) -> None:
    answer = _json(capsys, "knows", "audience", "quentin-found")
    assert isinstance(answer, dict)
    moment = STORY.before("quentin-found")
    assert answer["knows"] == sorted(STORY.knowledge("audience", moment))
    assert "diverter-matches-lino" in answer["knows"]


def test_who_knows_a_fact_and_since_when(capsys: pytest.CaptureFixture[str]) -> None:
    answer = _json(capsys, "fact", "areski-killed-charas")
    assert isinstance(answer, dict)
    assert answer["holds_from"] == "charas-shot"
    julia = [(one["event"], one["belief"]) for one in answer["learned"] if one["knower"] == "julia"]
    assert julia == [
        ("lino-tells-julia", "told"),
        ("mechanic-tells-julia", "suspects"),
        ("julia-turns", "believes"),
    ]
    assert {"lino", "quentin", "audience"} <= set(answer["believed_at_the_end_by"])


def test_life_and_custody_spans(capsys: pytest.CaptureFixture[str]) -> None:
    life = _json(capsys, "life", "quentin")
    assert isinstance(life, dict)
    assert life["alive"] == [{"start": None, "end": "quentin-dies"}]
    spans = _json(capsys, "custody", "lino")
    assert isinstance(spans, list)
    assert any(
        s["custody"]["event"] == "lino-arrested" and s["ended"]["event"] == "lino-escapes"
        for s in spans
    )


def test_dramatic_irony_at_a_screen_moment(capsys: pytest.CaptureFixture[str]) -> None:
    answer = _json(capsys, "irony", "--character", "julia", "--fact", "car-swapped")
    assert isinstance(answer, list)
    assert answer[0] == {
        "event": "lino-tells-julia",
        "fact": "car-swapped",
        "character": "julia",
        "audience_ahead": True,
    }
    at = _json(capsys, "irony", "--at", "lino-tells-julia")
    assert isinstance(at, list)
    assert at
    assert {one["event"] for one in at} == {"lino-tells-julia"}


def test_answers_read_as_text_too(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "query", LOST_BULLET, "state", "barn-fight", "--after")
    assert status == 0
    lines = out.splitlines()
    assert lines[0] == "the story after barn-fight"
    assert "  dead: charas" in lines
    status, out, _ = run(
        capsys, "query", LOST_BULLET, "irony", "--character", "julia", "--fact", "car-swapped"
    )
    assert out.splitlines()[1].startswith("  - event lino-tells-julia, fact car-swapped")


def test_an_unknown_id_is_a_usage_error_that_suggests_one(
    capsys: pytest.CaptureFixture[str],
) -> None:
    status, out, err = run(capsys, "query", LOST_BULLET, "state", "barn-fihgt")
    assert (status, out) == (2, "")
    assert err == (
        "plotmodel: error: 'barn-fihgt' is not an event of the plot (did you mean 'barn-fight'?)\n"
    )
    assert run(capsys, "query", LOST_BULLET, "life", "charas-car")[0] == 2


# -- show ----------------------------------------------------------------------------------


def test_show_works_on_a_plot_with_findings_and_puts_each_by_its_event(
    capsys: pytest.CaptureFixture[str],
) -> None:
    status, out, _ = run(capsys, "show", DEAD_QUENTIN)
    assert status == 0
    lines = out.splitlines()
    event = next(i for i, line in enumerate(lines) if line.endswith("  car-armoured"))
    following = lines[event + 1 : event + 6]
    assert any(
        "! PM301 'quentin' acts in 'car-armoured' after dying in 'quentin-dies'" in line
        for line in following
    )


def test_show_wraps_to_the_width(capsys: pytest.CaptureFixture[str]) -> None:
    _, whole, _ = run(capsys, "show", LOST_BULLET)
    status, out, _ = run(capsys, "show", "--width", "60", LOST_BULLET)
    assert status == 0
    assert max(len(line) for line in whole.splitlines()) > 60
    too_long = [line for line in out.splitlines() if len(line) > 60 and " " in line.strip()]
    assert too_long == []
    assert out.split() == whole.split()  # the same words, only broken into lines


def test_show_wraps_to_columns_when_not_a_terminal(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "50")
    _, out, _ = run(capsys, "show", LOST_BULLET)
    assert max(len(line) for line in out.splitlines() if " " in line.strip()) <= 50


def test_show_prints_mentions_and_discrepancies(capsys: pytest.CaptureFixture[str]) -> None:
    plot = load(LOST_BULLET).require()
    mentioning = next(e for e in plot.events if e.mentions)
    _, out, _ = run(capsys, "show", LOST_BULLET)
    assert "mentions " in out
    assert "Discrepancies in the source" in out
    for reading in plot.discrepancies[0].readings:
        assert f"  - {reading}" in out
    assert mentioning.mentions
