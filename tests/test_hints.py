"""Hints that help: each common slip in a plot file gets a message saying how to mend it."""

from __future__ import annotations

from plotmodel import check, loads

WORLD = "plotmodel: 1\ntitle: Hints\ncharacters:\n  - {id: lino, name: Lino}\n"


def messages(text: str) -> list[str]:
    return [f"{d.code} {d.message}" for d in check(loads(text, file="hint.yaml"))]


def test_did_you_mean_suggests_only_ids_the_field_accepts() -> None:
    text = WORLD + (
        "places:\n  - {id: linoa, name: a place too like him}\n"
        "events:\n  - {id: drive, name: Lino drives, agents: [linno], place: linoa}\n"
    )
    assert messages(text) == ["PM102 'linno' in agents is not defined (did you mean 'lino'?)"]
    # the only near id is a character: no suggestion for a place
    text = WORLD + "events:\n  - {id: drive, name: Lino drives, agents: [lino], place: linno}\n"
    assert messages(text) == ["PM102 'linno' in place is not defined"]


def test_a_comma_inside_a_flow_mapping_gets_a_hint_to_quote() -> None:
    text = WORLD.replace("name: Lino}", "name: Lino, the driver}")
    [message] = messages(text)
    assert message.startswith("PM005 unknown key 'the driver' in a character")
    assert "put quotes around the whole value" in message


def test_a_colon_inside_a_flow_mapping_gets_a_hint_to_quote() -> None:
    text = WORLD.replace("name: Lino}", "name: Lino: the driver}")
    [message] = messages(text)
    assert message.startswith("PM009 ")
    assert message.endswith("a value holding ':' or ',' inside {...} must be quoted")


def test_a_participant_mapping_in_the_wrong_list_says_where_it_belongs() -> None:
    text = WORLD + "events:\n  - {id: e, name: E, mentions: [{who: lino, appears: memory}]}\n"
    assert messages(text) == [
        "PM003 expected an id, found a {who: ...} mapping:"
        " that form belongs under 'agents' or 'participants'"
    ]


def test_a_top_level_note_is_accepted() -> None:
    loaded = loads(WORLD + "note: drawn from a summary that hedges\n")
    assert loaded.require().note == "drawn from a summary that hedges"


def test_a_duration_in_years_or_months_is_told_why_not_called_wrong() -> None:
    # ISO 8601 writes P20Y and P2M; they are refused only because their length varies
    for written in ("P20Y", "P2M", "P1Y2M10D"):
        text = WORLD + f"events:\n  - {{id: e, name: E, agents: [lino], duration: {written}}}\n"
        [message] = messages(text)
        assert "has no fixed length" in message, message
        assert "is not a duration" not in message, message
    # a time in minutes is not a month
    assert messages(WORLD + "events:\n  - {id: e, name: E, agents: [lino], duration: PT5M}\n") == []
