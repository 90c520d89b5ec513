"""Values derived once per plot object: shared while the plot lives, dropped with it."""

from __future__ import annotations

import gc

from hypothesis import given
from hypothesis import strategies as st

from plotmodel import Character, Plot, PlotIndex, check, story_state
from plotmodel._per_plot import PerPlot

titles = st.text(min_size=1, max_size=20).filter(str.strip)


@given(titles)
def test_a_value_is_computed_once_per_plot_object(title: str) -> None:
    cache: PerPlot[list[str]] = PerPlot()
    plot = Plot(title=title)
    calls: list[str] = []

    def compute() -> list[str]:
        calls.append(title)
        return [title]

    first = cache.get(plot, compute)
    assert cache.get(plot, compute) is first
    assert calls == [title]


@given(titles)
def test_equal_plots_are_still_two_objects(title: str) -> None:
    cache: PerPlot[object] = PerPlot()
    one, other = Plot(title=title), Plot(title=title)
    assert one == other
    assert cache.get(one, object) is not cache.get(other, object)
    assert len(cache) == 2


def test_a_value_dies_with_its_plot() -> None:
    cache: PerPlot[str] = PerPlot()
    plot = Plot(title="Lost Bullet")
    cache.get(plot, lambda: "remembered")
    assert len(cache) == 1
    del plot
    gc.collect()
    assert len(cache) == 0


def test_loading_and_checking_share_one_index_and_one_story_state() -> None:
    plot = Plot(title="Garage", characters=(Character(id="lino", name="Lino"),))
    index = PlotIndex.of(plot)
    assert PlotIndex.of(plot) is index
    assert story_state(plot) is story_state(plot)
    # a second check of the same plot object reports the same findings
    assert check(plot) == check(plot)
