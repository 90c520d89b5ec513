"""Effects happen in the order written, and every rule runs on whatever resolves.

Ordinary scenes that pack several changes into one event check clean; the
same scenes written in an impossible order are reported. A reference error
in one place never hides a plot hole in another.
"""

from __future__ import annotations

import itertools
from pathlib import Path

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from plotmodel import check, load, loads
from plotmodel.cli import main
from plotmodel.diagnostics import Diagnostic, DocPath
from plotmodel.model import Effect, Event, Joins, Leaves, Plot
from plotmodel.references import references
from plotmodel.strategies import plots
from test_state import story_plots

WORLD = """\
plotmodel: 1
title: One scene
characters:
  - {id: lino, name: Lino}
  - {id: moss, name: Moss}
  - {id: julia, name: Julia}
  - {id: charas, name: Charas}
things:
  - {id: keys, name: the keys, held_by: moss}
places:
  - {id: checkpoint, name: the checkpoint}
facts:
  - {id: lie, name: Lino shot Charas, holds: false, contradicts: [truth]}
  - {id: truth, name: Areski shot Charas, backstory: true}
events:
  - {id: crash, name: Charas is pulled dead from the wreck, effects: [{dies: charas}]}
"""

SCENES = {
    "seized and let go": """\
  - id: checkpoint-stop
    name: Moss stops Lino at the checkpoint, then waves him on
    agents: [moss]
    participants: [lino, julia, keys]
    place: checkpoint
    mentions: [charas]
    effects:
      - arrested: {who: lino, by: moss}
      - released: {who: lino, by: moss}
""",
    "a thing along several hands": """\
  - id: relay
    name: The keys go from Moss to Lino to Julia
    agents: [moss, lino, julia]
    mentions: [charas]
    place: checkpoint
    effects:
      - hands_over: {thing: keys, from: moss, to: lino}
      - hands_over: {thing: keys, from: lino, to: julia}
""",
    "back from death, then speaking": """\
  - id: ward
    name: The medics bring Charas back and he tells Julia who shot him
    agents: [charas, moss]
    participants: [julia, lino, keys]
    place: checkpoint
    effects:
      - returns: charas
      - reveal: {fact: truth, to: [julia], by: charas}
""",
    "lied to, then told the truth": """\
  - id: interview
    name: Moss lies to Julia, then Lino tells her the truth
    agents: [moss, lino]
    participants: [julia, keys]
    place: checkpoint
    mentions: [charas]
    effects:
      - reveal: {fact: lie, to: [julia], by: moss}
      - reveal: {fact: truth, to: [julia], by: lino}
""",
}

# The same scenes in an order no story can follow, each with the one finding it must give.
TWINS = {
    "released before the seizure": (
        SCENES["seized and let go"].replace(
            "      - arrested: {who: lino, by: moss}\n      - released: {who: lino, by: moss}\n",
            "      - released: {who: lino, by: moss}\n      - arrested: {who: lino, by: moss}\n",
        ),
        ("PM401", ("events", 1, "effects", 0)),
    ),
    "handed on before it arrives": (
        SCENES["a thing along several hands"].replace(
            "      - hands_over: {thing: keys, from: moss, to: lino}\n"
            "      - hands_over: {thing: keys, from: lino, to: julia}\n",
            "      - hands_over: {thing: keys, from: lino, to: julia}\n"
            "      - hands_over: {thing: keys, from: moss, to: lino}\n",
        ),
        ("PM603", ("events", 1, "effects", 0)),  # and the next hand-over, from the wrong hands
    ),
    "speaking before the return": (
        SCENES["back from death, then speaking"].replace(
            "      - returns: charas\n      - reveal: {fact: truth, to: [julia], by: charas}\n",
            "      - reveal: {fact: truth, to: [julia], by: charas}\n      - returns: charas\n",
        ),
        ("PM301", ("events", 1, "effects", 0, "by")),
    ),
}


def findings(found: list[Diagnostic]) -> list[tuple[str, DocPath]]:
    return [(d.code, d.path) for d in found if d.silenced is None]


@pytest.mark.parametrize("scene", sorted(SCENES))
def test_an_ordinary_scene_in_one_event_gives_no_finding(scene: str) -> None:
    loaded = loads(WORLD + SCENES[scene], file="scene.yaml")
    assert [str(d) for d in check(loaded)] == []


@pytest.mark.parametrize("twin", sorted(TWINS))
def test_the_same_scene_in_an_impossible_order_gives_its_finding(twin: str) -> None:
    text, expected = TWINS[twin]
    found = findings(check(loads(WORLD + text, file="twin.yaml")))
    assert {code for code, _ in found} == {expected[0]}
    assert found[0] == expected


def test_a_lie_and_the_truth_in_one_scene_both_count() -> None:
    plot = loads(WORLD + SCENES["lied to, then told the truth"]).require()
    from plotmodel import story_state

    story = story_state(plot)
    assert story.believes("julia", "lie", story.before("interview", effect=1))
    assert story.believes("julia", "truth", story.after("interview"))
    assert not story.believes("julia", "lie", story.after("interview"))
    learned = [(one.fact, one.effect) for one in story.learnings() if one.knower == "julia"]
    assert learned == [("lie", 0), ("truth", 1)]
    assert story.first_belief("julia", "lie") == story.before("interview", effect=1)


def test_an_agent_who_returns_in_the_event_is_alive_for_all_of_it() -> None:
    plot = loads(WORLD + SCENES["back from death, then speaking"]).require()
    ward = plot.events[1]
    # the return is written after he is listed as an agent: he is alive for the event
    assert ward.agents[0] == "charas"
    assert findings(check(plot)) == []
    # without the return, the same agent is a dead man acting
    dead = attrs.evolve(ward, effects=ward.effects[1:])
    found = findings(check(attrs.evolve(plot, events=(plot.events[0], dead))))
    assert ("PM301", ("events", 1, "agents", 0)) in found


def test_someone_who_dies_in_an_event_takes_part_in_it() -> None:
    text = WORLD + (
        "  - id: last-stand\n"
        "    name: Moss shoots Lino and falls himself\n"
        "    agents: [moss, lino]\n"
        "    participants: [julia, keys]\n"
        "    place: checkpoint\n"
        "    mentions: [charas]\n"
        "    effects:\n"
        "      - injured: {who: lino, by: moss}\n"
        "      - dies: {who: moss, by: lino}\n"
    )
    assert [str(d) for d in check(loads(text))] == []


# -- all errors in one run ----------------------------------------------------

ONE_RUN = (
    WORLD
    + """\
  - id: drive
    name: Lino drives Julia and Moss off, the keys with them
    agents: [linno]
    participants: [julia, moss, keys]
    mentions: [lino]
    place: checkpoint
  - id: phone
    name: Charas calls from the morgue
    agents: [charas]
"""
)


def test_a_typo_and_a_dead_man_acting_come_out_in_one_run() -> None:
    found = findings(check(loads(ONE_RUN, file="both.yaml")))
    assert found == [("PM102", ("events", 1, "agents", 0)), ("PM301", ("events", 2, "agents", 0))]


def test_the_command_line_reports_both_too(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "both.yaml"
    path.write_text(ONE_RUN, encoding="utf-8")
    assert main(["validate", str(path)]) == 1
    out = capsys.readouterr().out
    assert " PM102 'linno' in agents is not defined (did you mean 'lino'?)" in out
    assert " PM301 'charas' acts in 'phone' after dying in 'crash'" in out
    assert out.splitlines()[-1].startswith("2 errors, 0 warnings")
    # load then check says the same, line for line
    found = check(load(path))
    assert [str(d) for d in found] == [line for line in out.splitlines() if ": PM" in line]


# -- reordering the effects of one event --------------------------------------


def _groups_ever(plot: Plot) -> dict[str, set[str]]:
    """Every group each character belongs to at some moment, and the groups those are part of."""
    found = {c.id: set(c.groups) for c in plot.characters}
    for event in plot.events:
        for effect in event.effects:
            if isinstance(effect, Joins | Leaves):
                found.setdefault(effect.who, set()).add(effect.group)
    part_of = {g.id: g.part_of for g in plot.groups}
    for groups in found.values():
        for group in list(groups):
            current = part_of.get(group)
            while current is not None and current not in groups:
                groups.add(current)
                current = part_of.get(current)
    return found


def _concerns(plot: Plot, effect: Effect) -> set[str]:
    """Every id an effect names, with the members of each group it names and their groups."""
    alone = attrs.evolve(plot, events=(Event(id="holder", name="holder", effects=(effect,)),))
    named = {ref.id for ref in references(alone)} - {e.id for e in plot.events}
    linked = set(named)
    for who, groups in _groups_ever(plot).items():
        if who in named or groups & named:
            linked |= {who, *groups}
    return linked


def _renumbered(found: list[Diagnostic], position: int, order: tuple[int, ...]) -> set[object]:
    """Findings with each effect path of the reordered event mapped back to the written order."""
    result: set[object] = set()
    for d in found:
        path = d.path
        if path[:3] == ("events", position, "effects") and len(path) > 3:
            path = (*path[:3], order[int(path[3])], *path[4:])
        related = tuple(sorted(str(r.path) for r in d.related))
        result.add((d.code, path, d.message, related, d.severity))
    return result


@settings(max_examples=60, deadline=None)
@given(plot=st.one_of(story_plots(max_events=6), plots(max_events=6)), data=st.data())
def test_reordering_one_events_effects_matters_only_when_two_concern_the_same_one(
    plot: Plot, data: st.DataObject
) -> None:
    crowded = [i for i, event in enumerate(plot.events) if len(event.effects) >= 2]
    if not crowded:
        return
    position = data.draw(st.sampled_from(crowded), label="the event")
    effects = plot.events[position].effects
    concerns = [_concerns(plot, effect) for effect in effects]
    shared = any(a & b for a, b in itertools.combinations(concerns, 2))
    order = tuple(data.draw(st.permutations(range(len(effects))), label="the new order"))
    moved = attrs.evolve(plot.events[position], effects=tuple(effects[k] for k in order))
    reordered = attrs.evolve(
        plot, events=(*plot.events[:position], moved, *plot.events[position + 1 :])
    )
    before = _renumbered(check(plot), position, tuple(range(len(effects))))
    after = _renumbered(check(reordered), position, order)
    if not shared:
        assert after == before


def test_the_reordering_property_can_see_a_change() -> None:
    # two effects about the same person: the order decides the finding
    twin, _ = TWINS["released before the seizure"]
    written = loads(WORLD + SCENES["seized and let go"]).require()
    swapped = loads(WORLD + twin).require()
    concerns = [_concerns(written, effect) for effect in written.events[1].effects]
    assert concerns[0] & concerns[1]
    assert check(written) != check(swapped)
