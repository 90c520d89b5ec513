"""The id index: each id's first definition, by kind and position, and every later one."""

from __future__ import annotations

from hypothesis import given

from plotmodel import Character, Plot, PlotIndex, Thing
from plotmodel.index import Entry
from plotmodel.model import Kind
from plotmodel.strategies import plots


@given(plots())
def test_every_element_is_found_where_the_plot_lists_it(plot: Plot) -> None:
    index = PlotIndex.of(plot)
    listed: list[tuple[str, Kind, int]] = []
    for kind in Kind:
        listed.extend((element.id, kind, n) for n, element in enumerate(getattr(plot, kind.value)))
    first: dict[str, Entry] = {}
    for id_, kind, n in listed:
        first.setdefault(id_, Entry(kind, n))
    assert dict(index.entries) == first
    assert len(index.entries) == len(first)
    for id_, entry in first.items():
        assert index.entries[id_] == entry
        assert index.kind(id_) is entry.kind
        assert index.position(id_) == entry.position
        assert index.path(id_) == (entry.kind.value, entry.position)
    for kind in Kind:
        assert index.ids(kind) == [id_ for id_, entry in first.items() if entry.kind is kind]
    assert index.entries.get("no-such-id") is None
    assert "no-such-id" not in index.entries


def test_an_id_defined_twice_keeps_its_first_definition() -> None:
    plot = Plot(
        title="Twice",
        characters=(Character(id="lino", name="Lino"), Character(id="car", name="Car")),
        things=(Thing(id="car", name="The car"),),
    )
    index = PlotIndex.of(plot)
    assert index.entries["car"] == Entry(Kind.CHARACTER, 1)
    assert index.duplicates == (("car", Entry(Kind.THING, 0)),)
    assert list(index.entries) == ["lino", "car"]
    assert index.path("car") == ("characters", 1)
    assert repr(index.entries) == (
        "{'lino': Entry(kind=<Kind.CHARACTER: 'characters'>, position=0),"
        " 'car': Entry(kind=<Kind.CHARACTER: 'characters'>, position=1)}"
    )
