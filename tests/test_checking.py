"""The rule engine: selection, reference errors first, silences, plug-ins and ordering."""

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from plotmodel import Character, Event, Plot, Silence, check
from plotmodel.checking import select_rules
from plotmodel.diagnostics import Diagnostic, Severity
from plotmodel.loading import loads
from plotmodel.model import Appearance, CheckSettings, Dies, Participant, Place
from plotmodel.rules import Context, Finding, all_rules, builtin_rules, rule

# One plot with one finding of each of several families, in document order.
TROUBLED = """\
plotmodel: 1
title: Troubled
characters:
  - {id: charas, name: Charas}
  - {id: lino, name: Lino}
  - {id: moss, name: Moss}
things:
  - {id: car, name: the car}
events:
  - id: crash
    name: Charas dies
    agents: [lino]
    participants: [car]
    effects: [{dies: charas}, {destroyed: car}]
  - {id: phone, name: Charas calls, agents: [charas]}
  - {id: drive, name: Lino drives, agents: [lino], participants: [car]}
  - {id: out, name: Lino walks out, agents: [lino], effects: [{released: lino}]}
"""
TROUBLED_CODES = ["PM801", "PM301", "PM601", "PM401"]


def troubled() -> Plot:
    loaded = loads(TROUBLED, file="troubled.yaml")
    assert loaded.plot is not None
    return loaded.plot


def codes(found: list[Diagnostic]) -> list[str]:
    return [d.code for d in found if d.silenced is None]


def test_each_family_reports_and_unlocated_findings_come_in_document_order() -> None:
    assert codes(check(troubled())) == TROUBLED_CODES


def test_located_findings_are_sorted_by_line() -> None:
    loaded = loads(TROUBLED, file="troubled.yaml")
    assert loaded.plot is not None
    found = check(loaded.plot, source=loaded.source)
    assert [(d.code, d.location.line if d.location else 0) for d in found] == [
        ("PM801", 6),
        ("PM301", 15),
        ("PM601", 16),
        ("PM401", 17),
    ]
    assert str(found[1]).startswith("troubled.yaml:15:")


@pytest.mark.parametrize(
    ("select", "ignore", "expected"),
    [
        (["PM301"], [], ["PM301"]),
        (["PM3", "PM6"], [], ["PM301", "PM601"]),
        (["acts-after-death"], [], ["PM301"]),
        (["pm3"], [], ["PM301"]),
        ([], ["PM8", "freed-without-custody"], ["PM301", "PM601"]),
        (["PM3", "PM4"], ["PM401"], ["PM301"]),
    ],
)
def test_selectors_are_codes_prefixes_or_slugs(
    select: list[str], ignore: list[str], expected: list[str]
) -> None:
    assert codes(check(troubled(), select=select, ignore=ignore)) == expected


def test_the_call_overrides_the_project_which_overrides_the_plot() -> None:
    plot = attrs.evolve(troubled(), check=CheckSettings(select=("PM3",)))
    assert codes(check(plot)) == ["PM301"]
    project = CheckSettings(select=("PM6",))
    assert codes(check(plot, project=project)) == ["PM601"]
    assert codes(check(plot, project=project, select=["PM4"])) == ["PM401"]
    assert codes(check(plot, project=CheckSettings(ignore=("PM3",)))) == []


def test_an_unknown_selector_in_the_plot_is_reported_where_it_is_written() -> None:
    plot = attrs.evolve(troubled(), check=CheckSettings(ignore=("PM8", "acts-after-deth")))
    found = check(plot)
    [unknown] = [d for d in found if d.code == "PM903"]
    assert unknown.path == ("check", "ignore", 1)
    assert unknown.message == "'acts-after-deth' in the plot settings names no rule"
    assert "PM301" in codes(found)


def test_an_unknown_selector_from_the_caller_is_reported_too() -> None:
    found = check(troubled(), select=["PM999"])
    assert [(d.code, d.path) for d in found] == [("PM903", ())]
    assert found[0].severity is Severity.ERROR


def _with_stranger(plot: Plot) -> Plot:
    stranger = Event(id="ghost", name="A stranger", agents=("nobody",))
    return attrs.evolve(plot, events=(*plot.events, stranger))


def test_a_reference_error_switches_no_other_rule_off() -> None:
    found = check(_with_stranger(troubled()))
    assert codes(found) == [*TROUBLED_CODES, "PM102"]
    assert found[-1].path == ("events", 4, "agents", 0)


def test_reference_errors_are_selectable_like_any_rule() -> None:
    assert codes(check(_with_stranger(troubled()), ignore=["PM1"])) == TROUBLED_CODES


def test_a_silenced_reference_error_switches_nothing_off() -> None:
    plot = _with_stranger(troubled())
    plot = attrs.evolve(plot, silence=(Silence(code="PM102", reason="a stranger from the sequel"),))
    found = check(plot)
    assert codes(found) == TROUBLED_CODES
    assert [d.code for d in found if d.silenced] == ["PM102"]


# -- silences ---------------------------------------------------------------


def with_silence(plot: Plot, where: str, silence: Silence) -> Plot:
    if where == "plot":
        return attrs.evolve(plot, silence=(silence,))
    kind, position = where.split(":")
    elements = list(getattr(plot, kind))
    elements[int(position)] = attrs.evolve(elements[int(position)], silence=(silence,))
    return attrs.evolve(plot, **{kind: tuple(elements)})


@pytest.mark.parametrize(
    "where",
    ["plot", "events:1", "characters:0"],
    ids=["whole-plot", "on-the-event", "on-the-character-it-names"],
)
def test_a_silence_covers_findings_inside_or_naming_its_element(where: str) -> None:
    reason = "the call was recorded before the crash"
    plot = with_silence(troubled(), where, Silence(code="acts-after-death", reason=reason))
    found = check(plot)
    assert codes(found) == ["PM801", "PM601", "PM401"]
    [silenced] = [d for d in found if d.silenced is not None]
    assert (silenced.code, silenced.silenced) == ("PM301", reason)


def test_a_silence_elsewhere_covers_nothing_and_is_reported_unused() -> None:
    plot = with_silence(troubled(), "events:2", Silence(code="PM301", reason="not here"))
    found = check(plot)
    assert codes(found) == ["PM801", "PM301", "PM601", "PM902", "PM401"]
    [unused] = [d for d in found if d.code == "PM902"]
    assert unused.path == ("events", 2, "silence", 0, "code")
    assert unused.message == "silence of 'PM301' on 'drive' matches no finding"


def test_a_silence_without_reason_still_silences_but_is_reported() -> None:
    plot = with_silence(troubled(), "events:1", Silence(code="PM301"))
    found = check(plot)
    assert codes(found) == ["PM801", "PM901", "PM601", "PM401"]
    [silenced] = [d for d in found if d.silenced is not None]
    assert silenced.silenced == "no reason given"


def test_a_silence_naming_no_rule_is_reported() -> None:
    plot = with_silence(troubled(), "plot", Silence(code="PM399", reason="typo"))
    found = check(plot)
    assert codes(found) == ["PM903", *TROUBLED_CODES]
    assert found[0].path == ("silence", 0, "code")


def test_a_silence_of_a_rule_that_did_not_run_is_not_called_unused() -> None:
    plot = with_silence(troubled(), "events:2", Silence(code="PM301", reason="not here"))
    assert "PM902" not in codes(check(plot, ignore=["PM3"]))


def test_silenced_errors_do_not_count_as_errors() -> None:
    plot = with_silence(troubled(), "plot", Silence(code="PM3", reason="a family is no code"))
    found = check(plot, select=["PM3", "PM9"])
    assert [(d.code, d.severity) for d in found] == [
        ("PM903", Severity.ERROR),
        ("PM301", Severity.ERROR),
    ]
    plot = with_silence(troubled(), "plot", Silence(code="PM301", reason="a ghost story"))
    found = check(plot, select=["PM3", "PM9"])
    assert [(d.code, d.silenced) for d in found] == [("PM301", "a ghost story")]


# -- plug-ins ---------------------------------------------------------------


@rule("HX101", "nameless-event", Severity.WARNING)
def nameless_event(context: Context) -> Iterator[Finding]:
    """An event whose name is only its id tells a reader nothing."""
    for position, event in enumerate(context.plot.events):
        if event.name == event.id:
            yield Finding(
                message=f"event '{event.id}' is named by its id",
                path=("events", position, "name"),
                about=(event.id,),
            )


@attrs.frozen
class FakeEntryPoint:
    name: str
    value: Any

    def load(self) -> Any:
        return self.value


@pytest.fixture(autouse=True)
def fresh_registry() -> Iterator[None]:
    """Plug-ins are looked up once per process: look again around each test."""
    all_rules.cache_clear()
    yield
    all_rules.cache_clear()


def plug_in(monkeypatch: pytest.MonkeyPatch, folder: Path, *values: Any) -> None:
    # a distribution on the path that declares the group, as an installed plug-in does
    declared = folder / "plotmodel_extra-1.0.dist-info"
    declared.mkdir()
    (declared / "entry_points.txt").write_text("[plotmodel.rules]\nextra = plotmodel_extra:RULES\n")
    monkeypatch.syspath_prepend(str(folder))
    points = [FakeEntryPoint(f"plugin{n}", value) for n, value in enumerate(values)]

    def entry_points(*, group: str) -> list[FakeEntryPoint]:
        assert group == "plotmodel.rules"
        return points

    monkeypatch.setattr("importlib.metadata.entry_points", entry_points)


def test_a_plugged_in_rule_runs_selects_and_silences_like_a_builtin(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    plug_in(monkeypatch, tmp_path, [nameless_event])
    assert "HX101" in all_rules()
    assert "HX101" not in builtin_rules()
    plot = Plot(
        title="Plain",
        characters=(Character(id="lino", name="Lino"),),
        events=(Event(id="drive", name="drive", agents=("lino",)),),
    )
    [found] = check(plot)
    assert (found.code, found.rule, found.severity) == ("HX101", "nameless-event", Severity.WARNING)
    assert check(plot, ignore=["HX"]) == []
    event = attrs.evolve(
        plot.events[0], silence=(Silence(code="nameless-event", reason="a working title"),)
    )
    [found] = check(attrs.evolve(plot, events=(event,)))
    assert found.silenced == "a working title"


def test_an_entry_point_may_name_one_rule(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    plug_in(monkeypatch, tmp_path, nameless_event)
    assert all_rules()["HX101"] is nameless_event


@pytest.mark.parametrize("clash", ["PM301", "acts-after-death"])
def test_a_plugged_in_rule_may_not_take_a_code_or_slug(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, clash: str
) -> None:
    code, slug = (clash, "new-slug") if clash.startswith("PM") else ("HX999", clash)
    taken = attrs.evolve(nameless_event, code=code, slug=slug)
    plug_in(monkeypatch, tmp_path, [taken])
    with pytest.raises(ValueError, match="reuses a code or slug"):
        all_rules()


def test_an_entry_point_that_gives_something_else_is_refused(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    plug_in(monkeypatch, tmp_path, ["not a rule"])
    with pytest.raises(TypeError, match="plugin0"):
        all_rules()


def test_no_metadata_is_read_when_no_distribution_declares_rules(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    read: list[str] = []

    def entry_points(*, group: str) -> list[FakeEntryPoint]:
        read.append(group)
        return [FakeEntryPoint("plugin0", nameless_event)]

    monkeypatch.setattr("importlib.metadata.entry_points", entry_points)
    # the same distribution, but the group it declares is another one
    declared = tmp_path / "plotmodel_extra-1.0.dist-info"
    declared.mkdir()
    (declared / "entry_points.txt").write_text("[console_scripts]\nplotmodel.rules = x:y\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    assert "HX101" not in all_rules()
    assert read == []


# -- selection as a property ---------------------------------------------------

RULES = builtin_rules()
SELECTORS = st.sampled_from(
    sorted({*RULES, *(one.slug for one in RULES.values()), *(c[:3] for c in RULES)})
)


def names(selector: str) -> set[str]:
    return {code for code, one in RULES.items() if selector in (code, one.slug, code[:3])}


@given(select=st.lists(SELECTORS, max_size=4), ignore=st.lists(SELECTORS, max_size=4))
def test_selection_is_select_then_ignore(select: list[str], ignore: list[str]) -> None:
    layers = [("options", CheckSettings(select=tuple(select), ignore=tuple(ignore)), None)]
    chosen = select_rules(RULES, layers)
    expected = set().union(*map(names, select)) if select else set(RULES)
    assert chosen.enabled == expected - set().union(set(), *map(names, ignore))
    assert chosen.unknown == ()


@given(select=st.lists(SELECTORS, min_size=1, max_size=4))
def test_check_reports_only_selected_rules(select: list[str]) -> None:
    allowed = set().union(*map(names, select))
    assert set(codes(check(troubled(), select=select))) <= allowed


def test_a_plot_built_in_code_is_checked_without_a_source() -> None:
    plot = Plot(
        title="Code",
        characters=(Character(id="charas", name="Charas"),),
        places=(Place(id="barn", name="the barn"),),
        events=(
            Event(id="crash", name="Charas dies", place="barn", effects=(Dies(who="charas"),)),
            Event(
                id="burial",
                name="Charas is buried",
                participants=(Participant(who="charas", appears=Appearance.REMAINS),),
            ),
        ),
    )
    assert check(plot) == []
    mourner = Event(id="wake", name="Charas walks at his wake", agents=("charas",))
    [found] = check(attrs.evolve(plot, events=(*plot.events, mourner)))
    assert (found.code, found.location, str(found)) == (
        "PM301",
        None,
        "$.events[2].agents[0]: PM301 'charas' acts in 'wake' after dying in 'crash'",
    )


def test_an_event_placed_after_itself_is_a_cycle_of_one() -> None:
    plot = loads(
        "plotmodel: 1\ntitle: Loop\ncharacters: [{id: lino, name: Lino}]\n"
        "events: [{id: chase, name: Lino chases the car, agents: [lino], after: [chase]}]\n"
    ).require()
    (found,) = check(plot)
    assert found.code == "PM201"
    assert found.message == "'chase' must come after itself: its order is a cycle"
