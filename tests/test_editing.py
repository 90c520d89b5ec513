"""What an editor asks of a plot file: where ids are written, what the cursor is on, renames.

The language server answers through `plotmodel.editing.PlotText`; these
tests hold the library to account directly, on every way the format lets a
file write an id (flow and block, short forms, quoted, JSON), on files with
errors, and on generated plots.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from plotmodel.dumping import dumps
from plotmodel.editing import Edit, PlotText, TextRange
from plotmodel.loading import loads
from plotmodel.model import Kind, Plot
from plotmodel.references import references, references_in
from plotmodel.strategies import unchecked_plots

ROOT = Path(__file__).resolve().parent.parent
LOST_BULLET = (ROOT / "examples" / "lost_bullet" / "lost_bullet.yaml").read_text(encoding="utf-8")

FORMS = """\
plotmodel: 1
title: Forms
characters:
  - {id: lino, name: Lino}
  - id: "charas"
    name: Charas
things:
  - {id: car, name: the car}
places:
  - {id: 'hq', name: headquarters}
events:
  - id: drive
    name: Lino drives
    agent: lino
    place: hq
    participants:
      - car
      - {who: charas, role: passenger}
    effects:
      - moves: {who: car, to: hq}
      - dies: charas
  - {id: crash, name: A crash, agents: [lino], after: [drive]}
"""


def _lines(text: str) -> list[str]:
    """The lines of a text as editors count them: only LF, CR and CRLF end a line."""
    return re.split(r"\r\n|\r|\n", text)


def _written(text: str, where: TextRange, fmt: str = "yaml") -> str:
    """The text a range covers, read back as the YAML (or JSON) scalar it is."""
    lines = _lines(text)
    assert where.line == where.end_line
    raw = lines[where.line - 1][where.column - 1 : where.end_column - 1]
    return str(json.loads(raw)) if fmt == "json" else str(yaml.safe_load(raw))


def _apply(text: str, edits: tuple[Edit, ...], at: PlotText) -> str:
    for edit in sorted(edits, key=lambda e: (e.range.line, e.range.column), reverse=True):
        start = at.offset(edit.range.line, edit.range.column)
        end = at.offset(edit.range.end_line, edit.range.end_column)
        text = text[:start] + edit.text + text[end:]
    return text


def _position(text: str, needle: str, offset: int = 0) -> tuple[int, int]:
    at = text.index(needle) + offset
    return text.count("\n", 0, at) + 1, at - (text.rfind("\n", 0, at) + 1) + 1


# -- where ids are written -------------------------------------------------------


def test_every_form_of_an_id_is_found_where_it_is_written() -> None:
    text = PlotText(FORMS)
    found = [(o.id, _written(FORMS, o.range), o.is_definition) for o in text.occurrences]
    assert all(id_ == written for id_, written, _ in found)
    assert [(id_, d) for id_, _, d in found] == [
        ("lino", True),
        ("charas", True),
        ("car", True),
        ("hq", True),
        ("drive", True),
        ("lino", False),
        ("hq", False),
        ("car", False),
        ("charas", False),
        ("car", False),
        ("hq", False),
        ("charas", False),
        ("crash", True),
        ("lino", False),
        ("drive", False),
    ]
    quoted = text.definition("charas")
    assert quoted is not None
    assert FORMS.splitlines()[quoted.range.line - 1][quoted.range.column - 1] == '"'


def test_the_id_at_the_cursor_and_all_its_uses() -> None:
    text = PlotText(FORMS)
    line, column = _position(FORMS, "dies: charas", 7)
    found = text.at(line, column)
    assert found is not None
    assert found.id == "charas"
    assert found.field is not None
    assert found.field.label == "dies.who"
    assert [o.is_definition for o in text.uses("charas")] == [True, False, False]
    assert text.at(*_position(FORMS, "Lino drives", 2)) is None
    # either end of an id is on it, as an editor's cursor is
    assert text.at(line, column - 1) == found
    assert text.at(line, column + len("charas") - 1) == found


def test_every_reference_of_the_film_is_located_on_the_id() -> None:
    text = PlotText(LOST_BULLET)
    plot = text.plot
    assert plot is not None
    located = [o for o in text.occurrences if not o.is_definition]
    assert len(located) == len(list(references(plot)))
    assert all(_written(LOST_BULLET, o.range) == o.id for o in text.occurrences)


def test_the_id_at_a_cursor_is_read_from_its_element_alone_and_agrees_with_the_whole() -> None:
    whole = PlotText(LOST_BULLET).occurrences
    fresh = PlotText(LOST_BULLET)  # asking `at` reads only the element around the cursor
    for one in whole:
        assert fresh.at(one.range.line, one.range.column) == one
        if one.is_definition:
            assert fresh.definition(one.id) == one
    assert "occurrences" not in vars(fresh)
    assert fresh.at(1, 1) is None


def test_a_file_with_errors_still_knows_where_what_loaded_is_written() -> None:
    broken = FORMS.replace(
        "  - {id: car, name: the car}\n", "  - {id: car, name: 12, colour: red}\n"
    )
    text = PlotText(broken)
    assert text.loaded.plot is None
    assert text.plot is not None  # what could be built once the faulty thing is cut out
    assert all(_written(broken, o.range) == o.id for o in text.occurrences)
    assert {o.id for o in text.occurrences} == {"lino", "charas", "hq", "drive", "crash", "car"}


def test_json_positions_count_characters_as_the_text_has_them() -> None:
    data = yaml.safe_load(FORMS)
    data["characters"][0]["name"] = "L\u00efno \U0001f697"
    written = json.dumps(data, ensure_ascii=False)
    text = PlotText(written, format="json")
    assert {o.id for o in text.occurrences} == {"lino", "charas", "car", "hq", "drive", "crash"}
    for one in text.occurrences:
        assert _written(written, one.range, "json") == one.id


@pytest.mark.parametrize("fmt", ["yaml", "json"])
@given(plot=unchecked_plots(), data=st.data())
def test_every_id_of_any_plot_is_located_and_renamed_everywhere(
    fmt: str, plot: Plot, data: st.DataObject
) -> None:
    written = dumps(plot, format=fmt)  # type: ignore[arg-type]
    text = PlotText(written, format=fmt)  # type: ignore[arg-type]
    assert text.loaded.plot == plot
    refs = [*references_in(plot, ()), *references(plot)]
    ids = [element.id for _, elements in plot.elements() for element in elements]
    assert len(text.occurrences) == len(refs) + len(ids)
    for one in text.occurrences:
        assert _written(written, one.range, fmt) == one.id
    if not ids:
        return
    old = data.draw(st.sampled_from(ids))
    new = "renamed-" + str(len(written))
    renamed = loads(_apply(written, text.rename(old, new), text), format=fmt).plot  # type: ignore[arg-type]
    assert renamed is not None
    swap = {old: new}
    assert [(r.id, r.path) for r in (*references_in(renamed, ()), *references(renamed))] == [
        (swap.get(r.id, r.id), r.path) for r in refs
    ]
    assert [e.id for _, es in renamed.elements() for e in es] == [swap.get(i, i) for i in ids]


# -- renaming ----------------------------------------------------------------------


def test_rename_quotes_an_id_plain_yaml_would_read_otherwise() -> None:
    text = PlotText(FORMS)
    for new, written in [("yes", '"yes"'), ("12", '"12"'), ("a: b", None), ("new-hq", "new-hq")]:
        if written is None:
            with pytest.raises(ValueError, match="not an id"):
                text.rename("hq", new)
            continue
        edits = text.rename("hq", new)
        assert {e.text for e in edits} == {written}
        after = loads(_apply(FORMS, edits, text)).plot
        assert after is not None
        assert after.places[0].id == new
        assert after.events[0].place == new


def test_rename_refuses_a_taken_or_reserved_id() -> None:
    text = PlotText(FORMS)
    with pytest.raises(ValueError, match="'car' is already the id of a thing"):
        text.rename("lino", "car")
    with pytest.raises(ValueError, match="reserved"):
        text.rename("lino", "audience")
    assert len(text.rename("lino", "lino")) == 3


# -- the outline -------------------------------------------------------------------


def test_the_outline_lists_each_kind_in_document_order() -> None:
    text = PlotText(FORMS)
    sections = text.outline()
    assert [s.kind for s in sections] == [Kind.CHARACTER, Kind.THING, Kind.PLACE, Kind.EVENT]
    events = sections[-1]
    assert [(s.id, s.name) for s in events.symbols] == [
        ("drive", "Lino drives"),
        ("crash", "A crash"),
    ]
    drive = events.symbols[0]
    lines = FORMS.splitlines()
    assert lines[drive.range.line - 1].endswith("- id: drive")
    assert lines[drive.range.end_line - 1].endswith("- dies: charas")
    assert _written(FORMS, drive.selection) == "drive"


# -- what the cursor is on ---------------------------------------------------------


@pytest.mark.parametrize(
    ("edit", "cursor", "field", "kinds"),
    [
        (("agent: lino", "agent: "), "agent: ", "agents", {Kind.CHARACTER, Kind.GROUP}),
        (("place: hq", "place: h"), "place: h", "place", {Kind.PLACE, Kind.THING}),
        (
            ("      - car\n", "      - \n"),
            "      - ",
            "participants.who",
            {Kind.CHARACTER, Kind.GROUP, Kind.THING},
        ),
        (
            ("{who: charas, role", "{who: , role"),
            "{who: ",
            "participants.who",
            {Kind.CHARACTER, Kind.GROUP, Kind.THING},
        ),
        (("dies: charas", "dies: "), "dies: ", "dies.who", {Kind.CHARACTER, Kind.GROUP}),
        (("to: hq}", "to: }"), "to: ", "moves.to", {Kind.PLACE, Kind.THING}),
        (("after: [drive]", "after: [dr]"), "after: [dr", "after", {Kind.EVENT}),
    ],
)
def test_the_slot_under_the_cursor_knows_the_kinds_its_field_accepts(
    edit: tuple[str, str], cursor: str, field: str, kinds: set[Kind]
) -> None:
    edited = FORMS.replace(*edit)
    text = PlotText(edited)
    slot = text.slot_at(*_position(edited, cursor, len(cursor)))
    assert slot is not None
    assert slot.field is not None
    assert slot.field.label == field
    assert slot.field.kinds == kinds
    index_kinds = {
        "lino": Kind.CHARACTER,
        "charas": Kind.CHARACTER,
        "car": Kind.THING,
        "hq": Kind.PLACE,
    }
    index_kinds |= {"drive": Kind.EVENT, "crash": Kind.EVENT}
    assert set(slot.ids) == {i for i, k in index_kinds.items() if k in kinds}


def test_an_agent_written_as_a_form_of_appearance_takes_what_agents_take() -> None:
    edited = FORMS.replace("agent: lino", "agents: [{who: , appears: ghost}]")
    text = PlotText(edited)
    slot = text.slot_at(*_position(edited, "{who: ", len("{who: ")))
    assert slot is not None
    assert slot.field is not None
    assert slot.field.label == "agents"
    assert set(slot.ids) == {"lino", "charas"}
    keys = edited.replace("{who: , appears: ghost}", "{who: lino, }")
    slot = PlotText(keys).slot_at(*_position(keys, "{who: lino, ", len("{who: lino, ")))
    assert slot is not None
    assert slot.keys == ("role", "appears", "at", "note")


def test_ids_in_the_plot_s_own_fields_are_found_and_renamed() -> None:
    edited = FORMS.replace("title: Forms\n", "title: Forms\nscreen: [crash, drive]\n")
    text = PlotText(edited)
    assert text.loaded.plot is not None
    assert [o.path for o in text.uses("drive")] == [
        ("events", 0, "id"),
        ("screen", 1),
        ("events", 1, "after", 0),
    ]
    renamed = loads(_apply(edited, text.rename("drive", "ride"), text)).plot
    assert renamed is not None
    assert renamed.screen == ("crash", "ride")


def test_key_slots_offer_the_keys_the_mapping_can_still_take() -> None:
    edited = FORMS.replace("    place: hq\n", "    place: hq\n    pa\n")
    text = PlotText(edited)
    slot = text.slot_at(*_position(edited, "    pa\n", 6))
    assert slot is not None
    assert "mentions" in slot.keys
    assert "shown_after" in slot.keys
    assert not {"agent", "agents", "participants", "effects", "id"} & set(slot.keys)
    assert (slot.range.column, slot.range.end_column) == (5, 7)
    flow = FORMS.replace("{who: charas, role: passenger}", "{who: charas, ro}")
    slot = PlotText(flow).slot_at(*_position(flow, "{who: charas, ro}", 16))
    assert slot is not None
    assert slot.keys == ("role", "appears", "at", "note")
    effect = FORMS.replace("      - dies: charas\n", "      - dies: {who: charas, }\n")
    slot = PlotText(effect).slot_at(*_position(effect, "{who: charas, }", 14))
    assert slot is not None
    assert slot.keys == ("note", "certainty", "by")


def test_nothing_is_offered_in_prose_or_after_a_broken_line() -> None:
    text = PlotText(FORMS)
    assert text.slot_at(*_position(FORMS, "Lino drives", 5)) is None
    broken = FORMS.replace("    place: hq\n", "    place: [hq\n")
    assert PlotText(broken).slot_at(*_position(broken, "agent: lino", 8)) is not None
    assert PlotText(broken).slot_at(*_position(broken, "- car", 3)) is None


# -- ranges for findings -----------------------------------------------------------


def test_a_finding_covers_what_is_written_where_it_is() -> None:
    text = PlotText(FORMS)
    for needle, offset, covered in [
        ("agent: lino", 7, "lino"),
        ("agent: lino", 0, "agent"),
        ('"charas"', 0, '"charas"'),
        ("{who: charas, role: passenger}", 0, "{who: charas, role: passenger}"),
        ("'hq'", 0, "'hq'"),
    ]:
        line, column = _position(FORMS, needle, offset)
        where = text.range_at(line, column)
        source = FORMS.splitlines()[line - 1]
        assert source[where.column - 1 : where.end_column - 1] == covered


@pytest.mark.parametrize(
    ("text", "is_plot"),
    [
        ("plotmodel: 1\ntitle: T\n", True),
        ("# a comment first\nplotmodel: 1\n", True),
        ('{"plotmodel": 1, "title": "T"}', True),
        ('{\n  "title": "T",\n  "plotmodel": 1\n}', True),
        ("services:\n  web: {image: nginx}\n", False),
        ("title: a plotmodel: plot\n", False),
    ],
)
def test_a_text_says_it_is_a_plot_file_by_its_format_key(text: str, is_plot: bool) -> None:
    assert PlotText(text).names_the_format is is_plot


def test_reading_ahead_stops_when_asked_and_is_left_for_later() -> None:
    text = PlotText(LOST_BULLET)
    assert text.prepare(lambda: True) is False
    assert "_layout" not in vars(text)
    assert text.prepare(lambda: False) is True
    assert "_layout" in vars(text)
    assert text.definition("lino") is not None


def test_one_agent_written_as_its_record_is_found_where_it_is_written() -> None:
    edited = FORMS.replace("agent: lino", "agent:\n      who: lino\n      appears: ghost")
    text = PlotText(edited)
    assert text.loaded.plot is not None
    [agent] = [o for o in text.uses("lino") if o.path[:3] == ("events", 0, "agents")]
    assert agent.path == ("events", 0, "agents", 0, "who")
    assert _written(edited, agent.range) == "lino"
    assert edited.splitlines()[agent.range.line - 1] == "      who: lino"
