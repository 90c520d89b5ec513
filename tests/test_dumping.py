"""Dumping plots: canonical text that loads back into an equal plot."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

from plotmodel.dumping import dump, dumps
from plotmodel.loading import load, loads
from plotmodel.model import (
    Arrested,
    Character,
    Dies,
    Event,
    Fact,
    Moves,
    Participant,
    Place,
    Plot,
    Reveal,
    Takes,
    Thing,
)
from plotmodel.strategies import plots, unchecked_plots

ROUND_TRIP = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])

SHOT = Plot(
    title="Lost Bullet",
    characters=(Character(id="charas", name="Charas"), Character(id="areski", name="Areski")),
    things=(Thing(id="car", name="Charas's car"),),
    places=(Place(id="no", name="1:30"),),
    facts=(Fact(id="shot", name="Areski shot Charas", secret=True),),
    events=(
        Event(
            id="e1",
            name="Areski shoots Charas",
            agents=("areski",),
            participants=(Participant(who="charas", role="victim"), Participant(who="car")),
            place="no",
            effects=(
                Dies(who="charas", by="areski"),
                Dies(who="areski"),
                Takes(who="areski", thing="car", from_="charas"),
                Moves(who="car", to="no"),
                Arrested(who="areski"),
                Reveal(fact="shot", to=("audience",)),
            ),
        ),
    ),
)


def test_canonical_yaml_uses_short_forms_and_model_order() -> None:
    text = dumps(SHOT)
    assert text.startswith("plotmodel: 1\ntitle: Lost Bullet\n")
    assert "  agent: areski\n" in text
    assert "  - car\n" in text  # a participant given only by id
    assert "  - dies: areski\n" in text
    assert "    from: charas\n" in text
    assert "  - arrested: areski\n" in text
    assert "format" not in text
    assert "certainty" not in text  # defaults are left out


def test_strings_yaml_would_misread_are_quoted() -> None:
    text = dumps(SHOT)
    assert "id: 'no'" in text
    assert "name: '1:30'" in text
    assert loads(text).require() == SHOT


def test_unicode_is_kept() -> None:
    plot = Plot(title="Balle perdue — été")
    assert "Balle perdue — été" in dumps(plot)
    assert "été" in dumps(plot, format="json")


def test_json_has_the_same_structure() -> None:
    assert loads(dumps(SHOT, format="json"), format="json").require() == SHOT


@ROUND_TRIP
@given(unchecked_plots())
def test_yaml_round_trip(plot: Plot) -> None:
    loaded = loads(dumps(plot))
    assert loaded.plot == plot
    assert all(d.code.startswith("PM1") for d in loaded.diagnostics)


@ROUND_TRIP
@given(unchecked_plots())
def test_json_round_trip(plot: Plot) -> None:
    assert loads(dumps(plot, format="json"), format="json").plot == plot


@ROUND_TRIP
@given(plots(max_events=6))
def test_valid_plots_round_trip_without_findings(plot: Plot) -> None:
    loaded = loads(dumps(plot))
    assert loaded.diagnostics == ()
    assert loaded.require() == plot


@ROUND_TRIP
@given(unchecked_plots())
def test_dumping_is_stable(plot: Plot) -> None:
    text = dumps(plot)
    again = loads(text).plot
    assert again is not None
    assert dumps(again) == text


def test_dump_writes_by_extension(tmp_path: Path) -> None:
    dump(SHOT, tmp_path / "shot.yaml")
    dump(SHOT, tmp_path / "shot.json")
    assert load(tmp_path / "shot.yaml").require() == SHOT
    assert load(tmp_path / "shot.json").require() == SHOT
    assert (tmp_path / "shot.json").read_text().startswith("{")
    assert sorted(os.listdir(tmp_path)) == ["shot.json", "shot.yaml"]


def test_dump_keeps_the_old_file_whole_when_writing_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "plot.yaml"
    target.write_text("the old plot\n")

    def broken_replace(src: str, dst: str) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(OSError, match="disk full"):
        dump(SHOT, target)
    assert target.read_text() == "the old plot\n"
    assert os.listdir(tmp_path) == ["plot.yaml"]


def test_dump_keeps_the_file_mode(tmp_path: Path) -> None:
    target = tmp_path / "plot.yaml"
    target.write_text("old\n")
    target.chmod(0o640)
    dump(SHOT, target)
    assert target.stat().st_mode & 0o777 == 0o640
