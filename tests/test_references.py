"""Reference checks: duplicate ids, unknown ids, ids of the wrong kind."""

from __future__ import annotations

import attrs
from hypothesis import given, settings
from hypothesis import strategies as st

from plotmodel.checking import check
from plotmodel.diagnostics import Diagnostic
from plotmodel.model import (
    EFFECT_TYPES,
    Character,
    Dies,
    Event,
    Fact,
    Kind,
    Place,
    Plot,
    Reveal,
    Thing,
)
from plotmodel.references import REFERENCE_FIELDS, references
from plotmodel.strategies import plots

LINO = Character(id="lino", name="Lino")
CHARAS = Character(id="charas", name="Charas")
CAR = Thing(id="squad-car", name="the squad car")
HQ = Place(id="hq", name="police headquarters")


def check_references(plot: Plot) -> list[Diagnostic]:
    """The reference rules' findings: the PM1xx family alone."""
    return check(plot, select=["PM1"])


def codes(plot: Plot) -> list[tuple[str, tuple[str | int, ...]]]:
    return [(d.code, d.path) for d in check_references(plot)]


def test_clean_plot_has_no_findings() -> None:
    plot = Plot(
        title="Lost Bullet",
        characters=(LINO, CHARAS),
        things=(CAR,),
        places=(HQ,),
        facts=(Fact(id="hidden", name="the car is hidden"),),
        events=(
            Event(
                id="shot",
                name="Charas is shot",
                agents=("lino",),
                place="hq",
                effects=(Dies(who="charas"), Reveal(fact="hidden", to=("audience", "lino"))),
            ),
        ),
    )
    assert check_references(plot) == []


def test_duplicate_id_points_to_the_first_definition() -> None:
    plot = Plot(title="t", characters=(LINO,), things=(Thing(id="lino", name="a car"),))
    [found] = check_references(plot)
    assert found.code == "PM101"
    assert found.path == ("things", 0, "id")
    assert found.message == "'lino' is already the id of a character"
    assert found.related[0].path == ("characters", 0, "id")


def test_a_kind_in_a_message_takes_its_article() -> None:
    assert [kind.one for kind in (Kind.EVENT, Kind.PLACE)] == ["an event", "a place"]
    plot = Plot(
        title="t",
        characters=(LINO,),
        events=(Event(id="tor", name="On the tor", agents=("lino",)),),
        places=(Place(id="tor", name="the tor"),),
    )
    [found] = check_references(plot)
    assert found.message == "'tor' is already the id of a place"


def test_audience_is_reserved() -> None:
    plot = Plot(title="t", characters=(Character(id="audience", name="Them"),))
    [found] = check_references(plot)
    assert (found.code, found.path) == ("PM101", ("characters", 0, "id"))
    assert "reserved" in found.message


def test_unknown_reference_suggests_a_close_id() -> None:
    plot = Plot(
        title="t",
        characters=(LINO,),
        events=(Event(id="e1", name="e", agents=("lnio",)),),
    )
    [found] = check_references(plot)
    assert found.code == "PM102"
    assert found.path == ("events", 0, "agents", 0)
    assert found.message == "'lnio' in agents is not defined (did you mean 'lino'?)"


def test_wrong_kind_names_what_the_field_accepts() -> None:
    plot = Plot(
        title="t",
        characters=(LINO,),
        things=(CAR,),
        events=(Event(id="e1", name="e", agents=("squad-car",), effects=(Dies(who="squad-car"),)),),
    )
    messages = [(d.code, d.path, d.message) for d in check_references(plot)]
    assert messages == [
        (
            "PM103",
            ("events", 0, "agents", 0),
            "'squad-car' is a thing; agents must be characters or groups",
        ),
        (
            "PM103",
            ("events", 0, "effects", 0, "who"),
            "'squad-car' is a thing; dies.who must be a character or a group",
        ),
    ]


def test_audience_is_accepted_only_where_a_reveal_goes() -> None:
    plot = Plot(
        title="t",
        facts=(Fact(id="hidden", name="the car is hidden"),),
        events=(
            Event(
                id="e1",
                name="e",
                agents=("audience",),
                effects=(Reveal(fact="hidden", to=("audience",)),),
            ),
        ),
    )
    assert codes(plot) == [("PM102", ("events", 0, "agents", 0))]


def test_every_effect_with_ids_is_in_the_table() -> None:
    owners = {f.owner for f in REFERENCE_FIELDS}
    assert set(EFFECT_TYPES) <= owners
    for ref_field in REFERENCE_FIELDS:
        assert ref_field.name in attrs.fields_dict(ref_field.owner)


@given(st.sets(st.from_regex(r"[a-z]{1,6}", fullmatch=True), min_size=1, max_size=6))
def test_every_unknown_agent_is_reported_once(names: set[str]) -> None:
    agents = tuple(sorted(names))
    plot = Plot(title="t", events=(Event(id="e-1", name="e", agents=agents),))
    found = check_references(plot)
    assert [d.path for d in found] == [("events", 0, "agents", i) for i in range(len(agents))]
    assert {d.code for d in found} == {"PM102"}
    assert [r.id for r in references(plot)] == list(agents)


def test_kind_words_for_any_element() -> None:
    field = next(f for f in REFERENCE_FIELDS if f.name == "mentions")
    assert field.kinds == frozenset(Kind)
    assert field.accepted() == "any elements"


@settings(max_examples=25, deadline=None)
@given(plots(min_events=1, max_events=6), st.data())
def test_valid_plots_have_sound_references_and_one_break_gives_one_finding(
    plot: Plot, data: st.DataObject
) -> None:
    assert check_references(plot) == []
    found = list(references(plot))
    if not found:
        return
    target = data.draw(st.sampled_from(found))
    broken = _replace_reference(plot, target.path, "no-such-id")
    [finding] = check_references(broken)
    assert (finding.code, finding.path) == ("PM102", target.path)


def _replace_reference(plot: Plot, path: tuple[str | int, ...], new_id: str) -> Plot:
    """A copy of ``plot`` with the id at ``path`` replaced."""

    def replace(node: object, steps: tuple[str | int, ...]) -> object:
        if not steps:
            return new_id
        step, rest = steps[0], steps[1:]
        if isinstance(step, int):
            assert isinstance(node, tuple)
            return (*node[:step], replace(node[step], rest), *node[step + 1 :])
        return attrs.evolve(node, **{step: replace(getattr(node, step), rest)})

    result = replace(plot, path)
    assert isinstance(result, Plot)
    return result
