"""Hypothesis properties: each deliberate plot hole makes exactly its rule fire."""

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from plotmodel.checking import check
from plotmodel.diagnostics import Diagnostic
from plotmodel.index import PlotIndex
from plotmodel.model import Character, Dies, Event, Plot, Returns, Setup, Silence
from plotmodel.rules import builtin_rules
from plotmodel.strategies import BREAKABLE, BrokenPlot, broken_plots, plots

BASE = plots(max_events=8, max_characters=4)
# The tests that add events by hand keep the screen order to the events' own anchors.
UNLISTED = BASE.map(lambda plot: attrs.evolve(plot, screen=()))


def findings(plot: Plot) -> list[Diagnostic]:
    return [d for d in check(plot) if d.silenced is None]


def test_every_rule_of_the_story_has_a_break() -> None:
    # the file's own codes (PM0xx) come from text, not from a plot: the hostile-input tests
    story = {code for code in builtin_rules() if not code.startswith("PM0")}
    assert set(BREAKABLE) == story


def test_an_unknown_code_is_refused() -> None:
    with pytest.raises(ValueError, match="no break for PM999"):
        broken_plots("PM999")


@given(plot=BASE)
@settings(max_examples=15)
def test_valid_plots_pass_every_rule(plot: Plot) -> None:
    assert check(plot) == []


@pytest.mark.parametrize("code", sorted(BREAKABLE))
@given(data=st.data())
@settings(max_examples=6)
def test_a_break_fires_exactly_its_rule_where_it_is(code: str, data: st.DataObject) -> None:
    broken: BrokenPlot = data.draw(broken_plots(code, base=BASE))
    found = findings(broken.plot)
    assert {d.code for d in found} == {code}, [str(d) for d in found]
    if broken.culprit is not None:
        where = PlotIndex.of(broken.plot).path(broken.culprit)
        assert any(d.path[: len(where)] == where for d in found), [str(d) for d in found]


def _position(plot: Plot, event_id: str) -> int:
    return PlotIndex.of(plot).position(event_id)


@given(broken=broken_plots("PM301", base=UNLISTED), data=st.data())
@settings(max_examples=15)
def test_a_return_between_death_and_action_removes_exactly_that_finding(
    broken: BrokenPlot, data: st.DataObject
) -> None:
    plot = broken.plot
    assert broken.culprit is not None
    acting = _position(plot, broken.culprit)
    who = plot.events[acting].agents[0]
    dying = next(
        i
        for i, event in enumerate(plot.events)
        if any(isinstance(effect, Dies) and effect.who == who for effect in event.effects)
    )
    spot = data.draw(st.integers(dying + 1, acting), label="where the return goes")
    revived = Event(id="revived-by-the-medics", name="Medics revive", effects=(Returns(who=who),))
    events = (*plot.events[:spot], revived, *plot.events[spot:])
    assert findings(attrs.evolve(plot, events=events)) == []


@given(plot=UNLISTED, data=st.data())
@settings(max_examples=15)
def test_moving_a_payoff_before_its_setup_adds_exactly_one_finding(
    plot: Plot, data: st.DataObject
) -> None:
    who = Character(id="gunsmith-of-the-setup", name="The gunsmith")
    planted = Event(id="gun-on-the-wall", name="A gun on the wall", agents=(who.id,))
    paid = Event(id="gun-goes-off", name="The gun goes off", agents=(who.id,))
    setup = Setup(id="the-gun", name="the gun", planted=planted.id, payoff=paid.id)
    count = len(plot.events)
    first = data.draw(st.integers(0, count), label="where the setup is planted")
    second = data.draw(st.integers(first, count), label="where it pays off")
    events = list(plot.events)
    events.insert(second, paid)
    events.insert(first, planted)
    fair = attrs.evolve(
        plot,
        characters=(*plot.characters, who),
        setups=(*plot.setups, setup),
        events=tuple(events),
    )
    assert findings(fair) == []
    events.remove(paid)
    events.insert(data.draw(st.integers(0, first), label="where the payoff goes"), paid)
    found = findings(attrs.evolve(fair, events=tuple(events)))
    assert [(d.code, d.path) for d in found] == [("PM804", ("setups", len(plot.setups), "payoff"))]


SILENCEABLE = sorted(code for code in BREAKABLE if not code.startswith(("PM1", "PM9")))


@given(broken=broken_plots(SILENCEABLE, base=BASE))
@settings(max_examples=30)
def test_a_plot_wide_silence_accepts_every_finding_of_its_rule(broken: BrokenPlot) -> None:
    reason = "the writer accepts it"
    silence = Silence(code=builtin_rules()[broken.code].slug, reason=reason)
    plot = attrs.evolve(broken.plot, silence=(*broken.plot.silence, silence))
    found = check(plot)
    assert found
    assert {(d.code, d.silenced) for d in found} == {(broken.code, reason)}
