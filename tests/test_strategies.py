"""The public strategies: generated plots pass every rule and use every feature of the format."""

import importlib
import itertools
import sys
from collections.abc import Callable
from functools import partial

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from plotmodel._dates import when, widened
from plotmodel.checking import check
from plotmodel.index import PlotIndex
from plotmodel.model import (
    AUDIENCE,
    EFFECT_TYPES,
    EXPECTATION_TYPES,
    Account,
    Appearance,
    Arrested,
    Belief,
    Born,
    Character,
    Discrepancy,
    Effect,
    Escapes,
    Event,
    Fact,
    Group,
    HandsOver,
    Interval,
    Journey,
    Moves,
    Participant,
    Place,
    Plot,
    Relationship,
    Released,
    Returns,
    Reveal,
    Setup,
    Silence,
    Thing,
    Thread,
)
from plotmodel.state import story_state
from plotmodel.strategies import (
    accounts,
    characters,
    dates,
    discrepancies,
    durations,
    effects,
    events,
    expectations,
    facts,
    groups,
    ids,
    journeys,
    participants,
    places,
    plots,
    relationships,
    setups,
    silences,
    texts,
    things,
    threads,
    unchecked_plots,
)

# A fixed sweep: enough plots to meet every feature, the same plots on every run.
SWEEP = settings(
    max_examples=1000, derandomize=True, database=None, suppress_health_check=list(HealthCheck)
)


@given(plot=plots())
def test_generated_plots_pass_every_rule(plot: Plot) -> None:
    assert check(plot) == []


@settings(max_examples=10)
@given(plot=plots(min_events=25, max_events=40, max_characters=8))
def test_long_plots_pass_every_rule(plot: Plot) -> None:
    assert len(plot.events) >= 25
    assert check(plot) == []


@given(plot=plots(unicode=False))
def test_ascii_plots_hold_only_ascii(plot: Plot) -> None:
    assert all(ord(ch) < 128 for ch in repr(plot))
    assert check(plot) == []


@given(
    bounds=st.tuples(st.integers(0, 6), st.integers(0, 6)).map(sorted),
    most=st.integers(1, 4),
    data=st.data(),
)
def test_plots_keep_to_their_bounds(bounds: list[int], most: int, data: st.DataObject) -> None:
    least, top = bounds
    plot = data.draw(plots(min_events=least, max_events=top, max_characters=most))
    assert least <= len(plot.events) <= top
    assert len(plot.characters) <= most


@given(plot=plots())
def test_every_id_is_unique_and_every_reference_resolves(plot: Plot) -> None:
    index = PlotIndex.of(plot)
    assert index.duplicates == ()
    assert AUDIENCE not in index.entries


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"min_events": 3, "max_events": 2}, "min_events"),
        ({"min_events": -1}, "min_events"),
        ({"max_characters": 0}, "max_characters"),
    ],
)
def test_impossible_bounds_are_refused(options: dict[str, int], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        plots(**options)


def _effects(plot: Plot) -> list[Effect]:
    return [effect for event in plot.events for effect in event.effects]


def _appearances(plot: Plot) -> set[Appearance]:
    return {p.appears for event in plot.events for p in event.participants}


def _reveals(plot: Plot) -> list[Reveal]:
    return [e for e in _effects(plot) if isinstance(e, Reveal)]


FEATURES: dict[str, Callable[[Plot], bool]] = {
    "nested places": lambda p: any(place.inside for place in p.places),
    "groups within groups": lambda p: any(g.part_of for g in p.groups),
    "a group acting as one": lambda p: any(
        a in {g.id for g in p.groups} for e in p.events for a in e.agents
    ),
    "backstory known at the start": lambda p: any(f.backstory and f.known_by for f in p.facts),
    "a group knowing from the start": lambda p: any(
        set(f.known_by) & {g.id for g in p.groups} for f in p.facts
    ),
    "a lie that contradicts the truth": lambda p: any(
        not f.holds and f.contradicts for f in p.facts
    ),
    "a secret established by an event": lambda p: any(
        f.secret and f.established_by for f in p.facts
    ),
    "a reveal to the audience": lambda p: any(AUDIENCE in r.to for r in _reveals(p)),
    "a reveal not yet believed": lambda p: any(not r.believed for r in _reveals(p)),
    "a reveal to a group": lambda p: any(set(r.to) & {g.id for g in p.groups} for r in _reveals(p)),
    "a reveal with a teller": lambda p: any(r.by for r in _reveals(p)),
    "an act motivated by a fact": lambda p: any(e.motivated_by for e in p.events),
    "a loosely placed event": lambda p: any(e.after and e.before for e in p.events),
    "a flashback": lambda p: any(e.shown_after for e in p.events),
    "an early glimpse": lambda p: any(e.shown_before for e in p.events),
    "events at one moment by label": lambda p: (
        len({e.time for e in p.events if e.time}) < len([e for e in p.events if e.time])
    ),
    "simultaneous events": lambda p: any(e.simultaneous_with for e in p.events),
    "a cause": lambda p: any(e.causes for e in p.events),
    "a resolved thread": lambda p: any(t.opened and t.resolved for t in p.threads),
    "a paid-off setup": lambda p: any(s.payoff for s in p.setups),
    "a bounded relationship drawn on": lambda p: (
        any(r.since and r.until for r in p.relationships) and any(e.relationships for e in p.events)
    ),
    "custody with allowed places": lambda p: any(getattr(e, "allowed", ()) for e in _effects(p)),
    "a thing handed over after being taken": lambda p: (
        {"takes", "hands_over"} <= {e.key for e in _effects(p)}
    ),
    "a discrepancy": lambda p: bool(p.discrepancies),
    "an account that tells the story again": lambda p: any(a.events for a in p.accounts),
    "an account that claims and denies": lambda p: any(a.claims and a.denies for a in p.accounts),
    # effects happen in order: scenes that only an in-order reading allows
    "someone seized and let go in one scene": lambda p: any(
        _in_one_event(e, Arrested, (Released, Escapes)) for e in p.events
    ),
    "a thing passed along two hands in one scene": lambda p: any(
        any(
            isinstance(a, HandsOver) and isinstance(b, HandsOver) and a.to == b.from_
            for a, b in itertools.combinations(e.effects, 2)
        )
        for e in p.events
    ),
    "someone back from death acting in the same scene": lambda p: any(
        any(isinstance(x, Returns) and x.who in e.agents for x in e.effects) for e in p.events
    ),
    "text beyond ASCII": lambda p: any(ord(ch) > 0x7F for ch in repr(p)),
    # the vocabulary: vehicles, containers, calls from elsewhere, doubt, open questions
    "a scene in a vehicle": lambda p: any(e.place in {t.id for t in p.things} for e in p.events),
    "someone getting into a vehicle": lambda p: any(
        isinstance(x, Moves) and x.to in {t.id for t in p.things} for x in _effects(p)
    ),
    "a thing inside another from the start": lambda p: any(t.inside for t in p.things),
    "a call from a named place": lambda p: any(
        q.appears is Appearance.REMOTE and q.at for e in p.events for q in e.participants
    ),
    "a fact the story never settles": lambda p: any(f.holds is None for f in p.facts),
    "a reveal that leaves doubt or suspicion": lambda p: any(
        isinstance(x, Reveal) and x.believed in (Belief.DOUBTS, Belief.SUSPECTS)
        for x in _effects(p)
    ),
    "two doers of one deed": lambda p: any(
        isinstance(by := getattr(x, "by", None), tuple) and len(by) > 1 for x in _effects(p)
    ),
    "a child present at its own birth": lambda p: any(
        isinstance(x, Born) and x.who in {q.who for q in e.participants}
        for e in p.events
        for x in e.effects
    ),
}


def _precisions(plot: Plot) -> set[str]:
    return {Interval.of(e.date).precision.value for e in plot.events if e.date is not None}


FEATURES |= {
    "a dated flashback": lambda p: any(
        e.date and (e.shown_after or e.shown_before) for e in p.events
    ),
    "dates at every precision": lambda p: (
        _precisions(p)
        == {
            "year",
            "month",
            "day",
            "minute",
            "second",
        }
    ),
    "a time with a zone": lambda p: any(
        e.date is not None and Interval.of(e.date).zoned for e in p.events
    ),
    "a dated event lasting a while": lambda p: any(e.date and e.duration for e in p.events),
    "a one-way journey": lambda p: any(j.one_way for place in p.places for j in place.journeys),
    "a journey both ways": lambda p: any(
        not j.one_way for place in p.places for j in place.journeys
    ),
    "an expectation once the event is over": lambda p: any(
        x.after for e in p.events for x in e.expect
    ),
}


def _flashback_dated_before_what_precedes_it(plot: Plot) -> bool:
    """Whether a scene shown after another is dated wholly before it: dates follow the story."""
    events = {e.id: e for e in plot.events}
    shown = [events[id_] for id_ in story_state(plot).screen_order() if events[id_].date]
    return any(
        widened(when(later.date or ""), when(earlier.date or ""))[1]
        <= widened(when(earlier.date or ""), when(later.date or ""))[0]
        for earlier, later in itertools.combinations(shown, 2)
    )


def _undated_between_dated(plot: Plot) -> bool:
    dated = [i for i, e in enumerate(plot.events) if e.date]
    return bool(dated) and any(not e.date for e in plot.events[dated[0] : dated[-1]])


def _journey_travelled(plot: Plot) -> bool:
    """Whether someone is at two dated scenes in turn at places a declared journey links."""
    state = story_state(plot)
    ways = [(place.id, j.to, j.one_way) for place in plot.places for j in place.journeys]

    def linked(one: str, other: str) -> bool:
        return any(
            (state.is_within(one, start) and state.is_within(other, to))
            or (not one_way and state.is_within(one, to) and state.is_within(other, start))
            for start, to, one_way in ways
        )

    for who in state.characters:
        legs = []
        for position, *_ in state.bodily(who):
            place = state.where(who, position)
            if plot.events[position].date and place is not None:
                legs.append(place)
        if any(linked(a, b) for a, b in itertools.pairwise(legs)):
            return True
    return False


FEATURES |= {
    "a flashback dated before a scene shown ahead of it": (
        _flashback_dated_before_what_precedes_it
    ),
    "an undated scene between dated ones": _undated_between_dated,
    "a journey someone makes between dated scenes": _journey_travelled,
}
FEATURES |= {
    f"a '{kind.key}' expectation": (
        lambda p, kind=kind: any(isinstance(x, kind) for e in p.events for x in e.expect)
    )
    for kind in EXPECTATION_TYPES
}


def _in_one_event(event: Event, first: type, then: tuple[type, ...]) -> bool:
    """Whether one effect of ``first`` is followed, in the same event, by one of ``then``."""
    return any(
        isinstance(a, first)
        and isinstance(b, then)
        and getattr(a, "who", 0) == getattr(b, "who", 1)
        for a, b in itertools.combinations(event.effects, 2)
    )


def _has_effect(kind: type, plot: Plot) -> bool:
    return any(isinstance(e, kind) for e in _effects(plot))


def _has_appearance(form: Appearance, plot: Plot) -> bool:
    return form in _appearances(plot)


FEATURES |= {f"a '{kind.key}' effect": partial(_has_effect, kind) for kind in EFFECT_TYPES}
FEATURES |= {
    f"an appearance as {form.value}": partial(_has_appearance, form) for form in Appearance
}


def test_plots_reach_every_feature_of_the_format() -> None:
    seen: set[str] = set()

    # some features (a thing passed along two hands in one scene) turn up once in a few
    # hundred plots: enough draws that a change elsewhere in the draws cannot hide one
    @settings(SWEEP, max_examples=1000)
    @given(plot=plots(min_events=2))
    def sweep(plot: Plot) -> None:
        seen.update(name for name, has in FEATURES.items() if has(plot))

    sweep()
    assert sorted(set(FEATURES) - seen) == []


ELEMENT_STRATEGIES = [
    (characters, Character),
    (things, Thing),
    (places, Place),
    (groups, Group),
    (relationships, Relationship),
    (facts, Fact),
    (events, Event),
    (threads, Thread),
    (setups, Setup),
    (discrepancies, Discrepancy),
    (accounts, Account),
]


@pytest.mark.parametrize(("strategy", "kind"), ELEMENT_STRATEGIES)
def test_element_strategies_draw_their_type(
    strategy: Callable[..., st.SearchStrategy[object]], kind: type
) -> None:
    @given(strategy(refs=st.sampled_from(("lino", "hq"))))
    def draws(element: object) -> None:
        assert isinstance(element, kind)
        # Model objects compare by value, so a copy is equal: what round trips rely on.
        assert attrs.evolve(element) == element  # type: ignore[misc]

    draws()


@pytest.mark.parametrize(("strategy", "kind"), ELEMENT_STRATEGIES)
def test_element_strategies_set_every_optional_field(
    strategy: Callable[..., st.SearchStrategy[object]], kind: type
) -> None:
    optional = {f.name: f.default for f in attrs.fields(kind) if f.default is not attrs.NOTHING}
    changed: set[str] = set()

    @settings(SWEEP, max_examples=100)
    @given(strategy())
    def sweep(element: object) -> None:
        changed.update(
            name for name, default in optional.items() if getattr(element, name) != default
        )

    sweep()
    assert sorted(set(optional) - changed) == []


@given(effect=effects(refs=st.just("charas")))
def test_effects_name_only_the_ids_given(effect: Effect) -> None:
    named = {
        value
        for field in attrs.fields(type(effect))
        if field.name not in ("note", "certainty", "how", "believed")
        for value in (
            getattr(effect, field.name)
            if isinstance(getattr(effect, field.name), tuple)
            else (getattr(effect, field.name),)
        )
        if value is not None
    }
    assert named <= {"charas", AUDIENCE}


@given(participant=participants(refs=st.just("quentin")))
def test_participants_take_the_given_ids(participant: Participant) -> None:
    assert participant.who == "quentin"


@given(silence=silences())
def test_silences_name_a_rule(silence: Silence) -> None:
    assert silence.code.strip()


@given(id_=ids())
def test_ids_are_ids(id_: str) -> None:
    assert id_ != AUDIENCE
    assert id_.split() == [id_]


@given(text=texts())
def test_texts_have_something_to_read(text: str) -> None:
    assert text.strip()


@given(event=events())
def test_events_have_at_most_one_screen_anchor(event: Event) -> None:
    assert event.shown_after is None or event.shown_before is None


@given(plot=unchecked_plots())
def test_unchecked_plots_are_well_formed(plot: Plot) -> None:
    assert attrs.evolve(plot) == plot


def test_without_hypothesis_the_import_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    # None in sys.modules makes the next import of that name fail, as if it were not installed.
    monkeypatch.setitem(sys.modules, "hypothesis", None)
    monkeypatch.delitem(sys.modules, "plotmodel.strategies")
    with pytest.raises(ImportError, match=r"plotmodel\[hypothesis\]"):
        importlib.import_module("plotmodel.strategies")


def _owner(kind: type, field: str) -> str:
    # Every effect shares its note and certainty, every expectation its note and `after`:
    # one of each setting them is enough.
    if kind in EFFECT_TYPES and field in ("note", "certainty"):
        return "effect"
    if kind in EXPECTATION_TYPES and field in ("note", "after"):
        return "expectation"
    return kind.__name__


def _optional_fields_set(node: object, found: set[tuple[str, str]]) -> None:
    if attrs.has(type(node)):
        for field in attrs.fields(type(node)):
            value = getattr(node, field.name)
            if field.default is not attrs.NOTHING and value != field.default:
                found.add((_owner(type(node), field.name), field.name))
            _optional_fields_set(value, found)
    elif isinstance(node, tuple):
        for item in node:
            _optional_fields_set(item, found)


def test_plots_set_every_optional_field_but_silences_and_settings() -> None:
    classes = [
        Plot,
        Character,
        Thing,
        Place,
        Group,
        Relationship,
        Fact,
        Event,
        Participant,
        Journey,
        Thread,
        Setup,
        Discrepancy,
        Account,
        *EFFECT_TYPES,
        *EXPECTATION_TYPES,
    ]
    optional = {
        (_owner(kind, field.name), field.name)
        for kind in classes
        for field in attrs.fields(kind)
        if field.default is not attrs.NOTHING and field.name not in ("silence", "check", "format")
    }
    found: set[tuple[str, str]] = set()

    # Hypothesis draws hints from the constants of every module of the project loaded so far,
    # so what a derandomized sweep draws changes with code far from here; the rarest fields
    # (a repair by someone, a finder) need many plots to be met whatever those constants are.
    @SWEEP
    @given(plot=plots(min_events=2))
    def sweep(plot: Plot) -> None:
        _optional_fields_set(plot, found)

    sweep()
    assert sorted(optional - found) == []


@given(date=dates(), duration=durations())
def test_dates_and_durations_are_what_the_model_reads(date: str, duration: str) -> None:
    interval = Interval.of(date)
    assert interval.start < interval.end
    assert Event(id="e", name="e", date=date, duration=duration).length is not None


@given(journey=journeys(refs=st.just("marseille")), expected=expectations(refs=st.just("lino")))
def test_journeys_and_expectations_name_only_the_ids_given(
    journey: Journey, expected: object
) -> None:
    assert journey.to == "marseille"
    named = {getattr(expected, one.name) for one in attrs.fields(type(expected))}
    assert named - {"lino", None, True, False} <= {expected.note}  # type: ignore[attr-defined]
