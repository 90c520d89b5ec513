"""The worked example: Lost Bullet holds every story beat of its source, and nothing else breaks.

The lists of names and beats below are read off the source summary by hand;
each test asserts the model records them, so a careless edit to the plot file
that drops a death or a reveal fails here.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any, Literal, TypeVar

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from plotmodel import (
    AUDIENCE,
    Appearance,
    Arrested,
    Belief,
    Certainty,
    Damaged,
    Destroyed,
    Dies,
    Effect,
    Escapes,
    Event,
    Participant,
    Plot,
    Released,
    Reveal,
    Severity,
)
from plotmodel.checking import check
from plotmodel.dumping import dumps
from plotmodel.loading import load, loads
from plotmodel.state import story_state

EXAMPLE = Path("examples/lost_bullet")
PLOT_FILE = EXAMPLE / "lost_bullet.yaml"

E = TypeVar("E", bound=Effect)


def _build_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("lost_bullet_build", EXAMPLE / "build.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


BUILT: Plot = _build_module().build()


@pytest.fixture
def plot() -> Plot:
    return BUILT


def effects(plot: Plot, kind: type[E]) -> Iterator[tuple[Event, E]]:
    """Every effect of one kind, with the event that makes it."""
    for event in plot.events:
        for effect in event.effects:
            if isinstance(effect, kind):
                yield event, effect


def event(plot: Plot, event_id: str) -> Event:
    return next(e for e in plot.events if e.id == event_id)


def position(plot: Plot, event_id: str) -> int:
    return next(i for i, e in enumerate(plot.events) if e.id == event_id)


def test_the_python_build_is_the_plot_file(plot: Plot) -> None:
    loaded = load(PLOT_FILE)
    assert loaded.ok
    assert not loaded.diagnostics
    assert loaded.plot == plot


# -- the cast -----------------------------------------------------------------

NAMED = ["Lino", "Charas", "Quentin", "Areski", "Marco", "Julia", "Moss", "Kad", "Jacques"]
UNNAMED = {
    "new-mechanic": "mechanic",
    "areski-wife": "wife",
    "areski-child": "child",
}


@pytest.mark.parametrize("name", NAMED)
def test_every_named_character_is_in_the_cast(plot: Plot, name: str) -> None:
    assert name in {c.name for c in plot.characters}


@pytest.mark.parametrize(("character_id", "word"), UNNAMED.items())
def test_unnamed_people_the_story_needs_are_in_the_cast(
    plot: Plot, character_id: str, word: str
) -> None:
    character = next(c for c in plot.characters if c.id == character_id)
    assert word in character.name


@pytest.mark.parametrize(
    ("group_id", "members"),
    [
        ("brigade", {"charas", "areski", "marco", "julia"}),
        ("task-force", {"areski"}),
        ("thugs", {"kad", "jacques"}),
    ],
)
def test_groups_start_with_their_members(plot: Plot, group_id: str, members: set[str]) -> None:
    starting = {c.id for c in plot.characters if group_id in c.groups}
    assert members <= starting


def test_the_task_force_sits_inside_the_brigade(plot: Plot) -> None:
    task_force = next(g for g in plot.groups if g.id == "task-force")
    assert task_force.part_of == "brigade"


@pytest.mark.parametrize(
    ("kind", "between"),
    [
        ("foster-brother", {"lino", "quentin"}),
        ("colleague", {"charas", "areski"}),
        ("colleague", {"charas", "marco"}),
        ("colleague", {"charas", "julia"}),
        ("friend", {"charas", "julia"}),
        ("affair", {"julia", "lino"}),
        ("superior", {"moss", "julia"}),
        ("spouse", {"areski", "areski-wife"}),
    ],
)
def test_relationships_the_summary_names(plot: Plot, kind: str, between: set[str]) -> None:
    assert any(r.kind == kind and set(r.between) == between for r in plot.relationships)


def test_the_affairs_timing_is_a_partial_order_not_a_guess(plot: Plot) -> None:
    affair = event(plot, "affair")
    assert affair.is_loose
    assert affair.certainty is Certainty.UNCERTAIN
    assert not affair.shown
    assert "areski-learns-affair" in affair.before


@pytest.mark.parametrize(
    "thing_id",
    [
        "charas-car",
        "decoy-car",
        "diverter",
        "heist-car",
        "grenade",
        "bullet",
        "car-armour",
        "dashboard",
        "squad-cars",
    ],
)
def test_every_thing_that_matters_is_modelled(plot: Plot, thing_id: str) -> None:
    assert thing_id in {t.id for t in plot.things}


@pytest.mark.parametrize(
    "place_id",
    ["prison", "hq", "hq-garage", "store", "barn", "roadblock", "areski-house", "crash-site"],
)
def test_every_place_that_matters_is_modelled(plot: Plot, place_id: str) -> None:
    assert place_id in {p.id for p in plot.places}


def test_the_garage_is_inside_headquarters(plot: Plot) -> None:
    garage = next(p for p in plot.places if p.id == "hq-garage")
    assert garage.inside == "hq"


# -- what happens ---------------------------------------------------------------


def test_the_two_deaths(plot: Plot) -> None:
    deaths = {effect.who: (e.id, effect.by) for e, effect in effects(plot, Dies)}
    assert deaths == {"charas": ("charas-shot", ("areski",)), "quentin": ("quentin-dies", ())}


def test_quentin_dies_after_leading_lino_to_the_car(plot: Plot) -> None:
    assert position(plot, "quentin-leads-lino") < position(plot, "quentin-dies")


@pytest.mark.parametrize(
    ("who", "event_id", "at"),
    [
        ("lino", "lino-caught", None),
        ("gang", "gang-arrested", None),
        ("lino", "lino-arrested", "hq"),
        ("marco", "barn-fight", "barn"),
    ],
)
def test_every_arrest(plot: Plot, who: str, event_id: str, at: str | None) -> None:
    assert any(
        e.id == event_id and effect.who == who and effect.at == at
        for e, effect in effects(plot, Arrested)
    )


def test_the_work_week_arrangement_lets_lino_into_the_garage_only(plot: Plot) -> None:
    terms = [effect for e, effect in effects(plot, Arrested) if e.id == "lino-recruited"]
    assert [(t.at, t.allowed) for t in terms] == [("prison", ("hq-garage",))]


def test_the_escape_and_the_releases(plot: Plot) -> None:
    escapes = [(e.id, effect.who) for e, effect in effects(plot, Escapes)]
    releases = [(e.id, effect.who) for e, effect in effects(plot, Released)]
    assert escapes == [("lino-escapes", "lino")]
    assert ("lino-hired", "lino") in releases
    assert ("lino-cleared", "lino") in releases


def test_destruction_and_damage(plot: Plot) -> None:
    destroyed = {effect.thing for _, effect in effects(plot, Destroyed)}
    damaged = {(e.id, effect.thing) for e, effect in effects(plot, Damaged)}
    assert {"decoy-car", "grenade"} <= destroyed
    assert "charas-car" not in destroyed
    assert ("grenade-thrown", "charas-car") in damaged


def test_charas_appears_only_as_remains_or_a_mention_after_his_death(plot: Plot) -> None:
    death = position(plot, "charas-shot")
    for later in plot.events[death + 1 :]:
        assert "charas" not in later.agents
        for participant in later.participants:
            if participant.who == "charas":
                assert participant.appears is Appearance.REMAINS
    assert "charas" in event(plot, "memorial").mentions


def reveals(plot: Plot, fact: str) -> list[tuple[str, str, bool | Belief]]:
    """Who is told ``fact`` where, and whether they believe it, in story order."""
    return [
        (e.id, hearer, effect.believed)
        for e, effect in effects(plot, Reveal)
        if effect.fact == fact
        for hearer in effect.to
    ]


@pytest.mark.parametrize(
    ("fact", "event_id", "hearer", "believed"),
    [
        ("areski-killed-charas", "charas-shot", "lino", True),
        ("areski-killed-charas", "charas-shot", AUDIENCE, True),
        ("car-swapped", "wreck-inspected", "lino", True),
        ("car-in-barn", "quentin-reveals-car", "lino", True),
        ("car-in-barn", "jacques-talks", "marco", True),
        ("julia-lino-affair", "affair-exposed", "moss", True),
        ("areski-using-julia", "julia-sees-manipulation", "julia", True),
        ("car-swapped", "lino-tells-julia", "julia", False),
        ("areski-killed-charas", "lino-tells-julia", "julia", False),
        ("car-swapped", "mechanic-tells-julia", "julia", True),
        ("areski-killed-charas", "bullet-recovered", "moss", True),
        ("lino-killed-charas", "lino-suspected", "moss", Belief.SUSPECTS),
        ("lino-killed-charas", "lino-suspected", "julia", Belief.SUSPECTS),
        ("lino-killed-charas", "moss-turns", "moss", Belief.DOUBTS),
        ("areski-killed-charas", "moss-turns", "moss", Belief.SUSPECTS),
        ("areski-killed-charas", "mechanic-tells-julia", "julia", Belief.SUSPECTS),
        ("areski-killed-charas", "julia-turns", "julia", True),
        ("quentin-behind-diverter", "diverter-questioned", "charas", Belief.SUSPECTS),
        ("decoy-is-charas-car", "wreck-brought-in", "julia", True),
        ("murder-plot", "murder-planned", AUDIENCE, True),
    ],
)
def test_every_reveal_the_summary_tells(
    plot: Plot, fact: str, event_id: str, hearer: str, believed: bool | Belief
) -> None:
    assert (event_id, hearer, believed) in reveals(plot, fact)


@pytest.mark.parametrize("lie", ["lino-killed-charas", "decoy-is-charas-car"])
def test_the_lies_do_not_hold(plot: Plot, lie: str) -> None:
    fact = next(f for f in plot.facts if f.id == lie)
    assert not fact.holds
    assert fact.contradicts


def test_the_scheme_is_shown_after_the_shooting(plot: Plot) -> None:
    scheme = event(plot, "murder-planned")
    assert scheme.shown_after == "lino-flees"
    assert position(plot, "murder-planned") < position(plot, "charas-shot")


def test_the_sources_contradictions_are_recorded_discrepancies(plot: Plot) -> None:
    found = {d.id: d for d in plot.discrepancies}
    assert set(found) == {"release-year", "burnt-car"}
    assert all(len(d.readings) >= 2 for d in found.values())
    assert "decoy-burnt" in found["burnt-car"].about


# -- threads and setups -------------------------------------------------------------


OPEN_THREADS = {
    "who-builds-diverters",
    "who-blames-lino",
    "whom-the-thugs-serve",
    "thugs-and-the-gang",
    "where-the-decoy-came-from",
    "quentin-and-the-thugs",
    "when-the-affair",
    "how-areski-knew",
    "how-julia-saw-through",
    "how-jacques-knew",
    "who-killed-quentin",
    "who-warned-areski",
    "whose-men-give-chase",
    "what-turned-moss",
    "who-tipped-the-rescuers",
    "where-is-areski-going",
    "is-areski-caught",
    "marco-fate",
}


def test_the_questions_left_open(plot: Plot) -> None:
    still_open = {t.id for t in plot.threads if t.resolved is None}
    assert still_open == OPEN_THREADS
    assert len(still_open) >= 12
    assert all(t.opened for t in plot.threads)


def test_every_inferred_or_uncertain_mark_has_a_note(plot: Plot) -> None:
    marked = [
        (kind, getattr(element, "id", None))
        for kind, element in _marked(plot)
        if element.certainty is not Certainty.STATED and not element.note
    ]
    assert marked == []


def _marked(plot: Plot) -> Iterator[tuple[str, Any]]:
    """Every element, effect and participant of the plot that can carry a certainty mark."""
    for kind, elements in plot.elements():
        for element in elements:
            yield str(kind), element
            for effect in getattr(element, "effects", ()):
                yield "effect", effect


def test_the_bullet_sits_in_the_dashboard_of_the_car(plot: Plot) -> None:
    story = story_state(plot)
    assert story.container("bullet", story.after("charas-shot")) == "dashboard"
    assert story.container("dashboard", 0) == "charas-car"
    assert story.place("bullet", story.after("car-hidden")) == "barn"
    assert story.holder("bullet", story.after("bullet-recovered")) == "forensics"


def test_moss_changes_sides(plot: Plot) -> None:
    story = story_state(plot)
    before, after = story.before("moss-turns"), story.after("moss-turns")
    assert story.belief("moss", "lino-killed-charas", before) is Belief.SUSPECTS
    assert story.belief("moss", "lino-killed-charas", after) is Belief.DOUBTS
    assert story.belief("moss", "areski-killed-charas", after) is Belief.SUSPECTS
    assert story.believes("moss", "areski-killed-charas", story.end)


def test_off_screen_events_are_not_shown(plot: Plot) -> None:
    unseen = {e.id for e in plot.events if not e.shown}
    assert {"car-hidden", "jacques-learns", "areski-learns-affair", "moss-turns"} <= unseen
    assert all(event(plot, e).certainty is not Certainty.STATED for e in unseen)


@pytest.mark.parametrize(
    ("setup_id", "planted", "payoff"),
    [
        ("bumper-setup", "car-armoured", "roadblock-broken"),
        ("bullet-hole-setup", "charas-shot", "bullet-recovered"),
    ],
)
def test_setups_pay_off(plot: Plot, setup_id: str, planted: str, payoff: str) -> None:
    setup = next(s for s in plot.setups if s.id == setup_id)
    assert (setup.planted, setup.payoff) == (planted, payoff)
    assert position(plot, planted) < position(plot, payoff)


# -- what the checker says ----------------------------------------------------------


def test_the_worked_example_is_clean_but_for_its_open_threads() -> None:
    loaded = load(PLOT_FILE)
    assert loaded.plot is not None
    found = check(loaded.plot, source=loaded.source)
    assert [d for d in found if d.severity is not Severity.INFO] == []
    assert {d.code for d in found} == {"PM802"}
    threads = {d.path[1] for d in found}
    assert {loaded.plot.threads[i].id for i in threads if isinstance(i, int)} == OPEN_THREADS


def _after_a_death(plot: Plot) -> list[tuple[str, int]]:
    """(dead character, event position) for every later event, fixed in order, acting on no facts.

    A loose event (one with ``after`` or ``before``) may fall before the death,
    so the dead acting there is rightly not certain to be an error.
    """
    pairs = []
    for e, death in effects(plot, Dies):
        start = position(plot, e.id) + 1
        pairs += [
            (death.who, i)
            for i in range(start, len(plot.events))
            if not plot.events[i].motivated_by
            and not plot.events[i].is_loose
            and death.who not in plot.events[i].agents
        ]
    return pairs


@settings(max_examples=30, deadline=None)
@given(case=st.sampled_from(_after_a_death(BUILT)), as_agent=st.booleans())
def test_making_the_dead_act_or_appear_is_caught_exactly(
    case: tuple[str, int], as_agent: bool
) -> None:
    dead, i = case
    late = BUILT.events[i]
    if as_agent:
        changed = attrs.evolve(late, agents=(*late.agents, dead))
        where: tuple[str | int, ...] = ("events", i, "agents", len(late.agents))
    else:
        changed = attrs.evolve(late, participants=(*late.participants, Participant(who=dead)))
        where = ("events", i, "participants", len(late.participants), "who")
    broken = attrs.evolve(BUILT, events=(*BUILT.events[:i], changed, *BUILT.events[i + 1 :]))
    errors = [d for d in check(broken) if d.severity is Severity.ERROR]
    assert [(d.code, d.path) for d in errors] == [("PM301", where)]


def _before_its_fact(plot: Plot) -> list[tuple[str, int]]:
    """(fact, event position) for every event fixed in order before the fact is established."""
    fixed = {e.id: i for i, e in enumerate(plot.events) if not e.is_loose}
    return [
        (fact.id, i)
        for fact in plot.facts
        if fact.established_by in fixed
        for i in range(fixed[fact.established_by])
        if not plot.events[i].is_loose
    ]


@settings(max_examples=30, deadline=None)
@given(case=st.sampled_from(_before_its_fact(BUILT)))
def test_revealing_a_fact_before_it_exists_is_caught_exactly(case: tuple[str, int]) -> None:
    fact, i = case
    early = BUILT.events[i]
    changed = attrs.evolve(early, effects=(*early.effects, Reveal(fact=fact, to=(AUDIENCE,))))
    broken = attrs.evolve(BUILT, events=(*BUILT.events[:i], changed, *BUILT.events[i + 1 :]))
    errors = [d for d in check(broken) if d.severity is Severity.ERROR]
    assert [(d.code, d.path) for d in errors] == [
        ("PM702", ("events", i, "effects", len(early.effects)))
    ]


@pytest.mark.parametrize("file_format", ["yaml", "json"])
def test_the_example_survives_a_round_trip(
    plot: Plot, file_format: Literal["yaml", "json"]
) -> None:
    text = dumps(plot, format=file_format)
    again = loads(text, file=f"lost_bullet.{file_format}", format=file_format)
    assert again.ok
    assert again.plot == plot
