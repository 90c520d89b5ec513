"""The Python API: short forms as in files, clear errors, look-up by id, split results."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import attrs
import pytest

import plotmodel
from plotmodel import (
    Character,
    CheckResult,
    Dies,
    Event,
    Fact,
    Participant,
    Plot,
    Reveal,
    Severity,
    Silence,
    Thread,
    check,
    loads,
)
from plotmodel.model import EFFECT_TYPES, Effect, effect

MODEL_CLASSES = sorted(
    {
        value
        for value in vars(plotmodel.model).values()
        if isinstance(value, type) and attrs.has(value) and value.__module__ == "plotmodel.model"
    }
    - {plotmodel.model.ReferenceField, plotmodel.model.Refers},
    key=lambda cls: cls.__name__,
)


def _tuple_fields(*, one: bool = False) -> list[tuple[type, attrs.Attribute[object]]]:
    """The list fields of the model: those that take one id for a list of one, or the others."""
    return [
        (cls, a)
        for cls in MODEL_CLASSES
        for a in attrs.fields(cls)
        if str(a.type).startswith("tuple[") and not a.inherited
        if _takes_one(cls, a.name) is one
    ]


def _takes_one(cls: type, name: str) -> bool:
    return any(f.name == name and f.refers.one for f in plotmodel.model.reference_fields(cls))


def _minimal(cls: type) -> dict[str, object]:
    """Keyword arguments that build a valid ``cls`` (only its required fields)."""
    values: dict[str, object] = {}
    for a in attrs.fields(cls):
        if a.default is not attrs.NOTHING:
            continue
        values[a.name] = ("lino", "julia") if str(a.type).startswith("tuple[") else "lino"
    return values


@pytest.mark.parametrize(("cls", "field"), _tuple_fields(), ids=lambda x: getattr(x, "name", ""))
def test_a_bare_string_where_a_tuple_belongs_is_a_clear_error(
    cls: type, field: attrs.Attribute[object]
) -> None:
    arguments = {**_minimal(cls), field.name: "bob"}
    with pytest.raises(TypeError, match=rf"^{field.name} must be a tuple of .*'bob'.*\('bob',\)"):
        cls(**arguments)


@pytest.mark.parametrize(
    ("cls", "field"), _tuple_fields(one=True), ids=lambda x: getattr(x, "name", "")
)
def test_one_id_stands_for_a_list_of_one_where_the_file_allows_it(
    cls: type, field: attrs.Attribute[object]
) -> None:
    built = cls(**{**_minimal(cls), field.name: "bob"})
    assert getattr(built, field.name) == ("bob",)


@pytest.mark.parametrize(
    ("cls", "field"),
    [*_tuple_fields(), *_tuple_fields(one=True)],
    ids=lambda x: getattr(x, "name", ""),
)
def test_an_item_of_the_wrong_type_is_a_clear_error(
    cls: type, field: attrs.Attribute[object]
) -> None:
    arguments = {**_minimal(cls), field.name: (3.5,)}
    with pytest.raises((TypeError, ValueError), match=rf"^{field.name} must hold .*3\.5"):
        cls(**arguments)


def test_a_list_is_refused_with_what_was_given() -> None:
    with pytest.raises(TypeError, match=r"agents must be a tuple of ids, got a list \['bob'\]"):
        Event("shot", "Charas is shot", agents=["bob"])  # type: ignore[arg-type]


def test_the_forgotten_comma_of_the_issue_no_longer_hides_the_dead_mans_acts() -> None:
    with pytest.raises(TypeError, match="write \\('bob',\\) for one"):
        Event("shot", "Bob shoots", agents=("bob"))  # type: ignore[arg-type]


def test_elements_take_their_id_and_name_without_keywords() -> None:
    assert Character("lino", "Lino") == Character(id="lino", name="Lino")
    assert Thread("where", "Where is the car?", opened="e") == Thread(
        id="where", name="Where is the car?", opened="e"
    )
    assert Silence("PM301", "a ghost") == Silence(code="PM301", reason="a ghost")
    assert Plot("Lost Bullet") == Plot(title="Lost Bullet")


def test_the_effect_short_form_is_its_one_positional_field() -> None:
    assert Dies("charas", by="areski") == Dies(who="charas", by="areski")
    for cls in EFFECT_TYPES:
        positional = [a.name for a in attrs.fields(cls) if not a.kw_only]
        assert positional == ([cls.short] if cls.short else []), cls


def test_a_participant_given_as_a_bare_id_is_its_short_form() -> None:
    event = Event("fight", "The fight", participants=("lino", Participant("marco", role="cop")))
    assert event.participants == (Participant(who="lino"), Participant(who="marco", role="cop"))


def test_an_effect_whose_short_field_takes_a_name_fails_at_its_declaration() -> None:
    with pytest.raises(TypeError, match="declare 'who' with field\\(kw_only=False\\)"):

        @effect("faints", short="who")
        @attrs.frozen(kw_only=True)
        class Faints(Effect):  # pragma: no cover - never registered
            """Someone faints."""

            who: str

            def apply(self, world: object) -> None: ...

            def sentence(self, say: object) -> str: ...


PLOT = Plot(
    "The ward",
    characters=(
        Character("charas", "Charas"),
        Character("julia", "Julia"),
        Character("moss", "Moss"),
    ),
    facts=(Fact("truth", "Areski shot Charas", established_by="shot"),),
    events=(
        Event("shot", "Charas is shot", effects=(Dies("charas"),)),
        Event(
            "told",
            "Julia is told",
            agents=("moss",),
            participants=("julia",),
            effects=(Reveal(fact="truth", to=("julia",)),),
        ),
    ),
)


def test_elements_are_looked_up_by_id() -> None:
    assert PLOT.element("julia") == Character("julia", "Julia")
    julia: Character = PLOT.element("julia", Character)
    assert julia.name == "Julia"
    assert PLOT.element("shot", Event).effects == (Dies("charas"),)


def test_an_unknown_id_names_a_close_one_and_a_wrong_kind_says_what_it_is() -> None:
    with pytest.raises(KeyError, match=r"no element has the id 'juila' \(did you mean 'julia'\?\)"):
        PLOT.element("juila")
    with pytest.raises(TypeError, match="'julia' is a Character, not an Event"):
        PLOT.element("julia", Event)


def test_the_first_definition_of_an_id_defined_twice_is_found() -> None:
    twice = Plot("Twice", characters=(Character("lino", "Lino"), Character("lino", "Other")))
    assert twice.element("lino").name == "Lino"


def test_check_returns_a_list_split_by_severity_and_silence() -> None:
    text = """\
plotmodel: 1
title: The ward
characters:
  - {id: charas, name: Charas}
  - {id: julia, name: Julia, silence: [{code: PM801, reason: she is in the credits}]}
  - {id: marco, name: Marco}
threads:
  - {id: open, name: Who did it?}
events:
  - {id: shot, name: Charas is shot, effects: [{dies: charas}]}
  - {id: late, name: Charas speaks, agent: charas}
"""
    found = check(loads(text))
    assert isinstance(found, CheckResult)
    assert isinstance(found, list)
    assert [d.code for d in found.errors] == ["PM301"]
    assert [d.code for d in found.warnings] == ["PM801"]  # marco; julia's is silenced
    assert [d.code for d in found.info] == ["PM802"]
    assert [d.silenced for d in found.silenced] == ["she is in the credits"]
    assert all(d.severity is Severity.ERROR for d in found.errors)
    assert not found.ok
    assert sorted(found.errors + found.warnings + found.info + found.silenced, key=id) == sorted(
        found, key=id
    )
    assert check(PLOT) == []
    assert check(PLOT).ok


def test_the_message_names_the_field_as_the_python_code_does() -> None:
    with pytest.raises(TypeError) as raised:
        Plot("T", events=Event("e", "E"))  # type: ignore[arg-type]
    assert re.match(r"events must be a tuple of Event objects, got an? Event", str(raised.value))


def test_the_python_example_writes_the_short_forms() -> None:
    """build.py reads like the plot file: no keyword where the file needs none."""
    source = Path("examples/lost_bullet/build.py").read_text(encoding="utf-8")
    positional = {
        cls.__name__: {a.name for a in attrs.fields(cls) if not a.kw_only} for cls in MODEL_CLASSES
    }
    long_forms = [
        f"line {node.lineno}: {ast.unparse(node)[:60]}"
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
        if any(k.arg in positional.get(node.func.id, ()) for k in node.keywords)
        or (node.func.id == "Participant" and not node.keywords)
    ]
    assert long_forms == []
    yaml_lines = Path("examples/lost_bullet/lost_bullet.yaml").read_text(encoding="utf-8")
    assert len(source) < 1.4 * len(yaml_lines)
