"""Loading plot files: every problem located, reported in one run, never raised."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from plotmodel.checking import check
from plotmodel.diagnostics import Diagnostic, Severity
from plotmodel.dumping import dumps
from plotmodel.loading import LOADING_CODES, Loaded, PlotFileError, load, loads
from plotmodel.model import Dies, Participant, Plot

DATA = Path(__file__).parent / "data" / "loading"

MINIMAL = "plotmodel: 1\ntitle: Lost Bullet\n"


def found(loaded: Loaded) -> list[tuple[str, int, int]]:
    """Each finding of loading, then checking, as (code, line, column)."""
    result = []
    for d in check(loaded):
        assert d.location is not None
        result.append((d.code, d.location.line, d.location.column))
    return result


def only(loaded: Loaded) -> Diagnostic:
    assert loaded.plot is None or not loaded.ok
    [diagnostic] = loaded.diagnostics
    return diagnostic


def test_six_mistakes_are_all_reported_with_their_places() -> None:
    loaded = load(DATA / "six_mistakes.yaml")
    assert not loaded.ok
    assert found(loaded) == [
        ("PM005", 8, 5),  # unknown key 'colour'
        ("PM101", 9, 9),  # 'lino' defined twice
        ("PM006", 15, 5),  # 'kind' given twice
        ("PM103", 19, 12),  # a thing as an agent
        ("PM102", 20, 20),  # 'chras' names nothing
        ("PM003", 21, 11),  # a number where text belongs
    ]
    everything = check(loaded)
    duplicate = everything[2]
    assert duplicate.related[0].location is not None
    assert (duplicate.related[0].location.line, duplicate.related[0].location.column) == (14, 5)
    assert "did you mean 'charas'" in everything[4].message
    # loading reports only what the file itself gets wrong
    assert [d.code for d in loaded.diagnostics] == ["PM005", "PM006", "PM003"]


def test_a_clean_file_loads_into_a_plot() -> None:
    loaded = loads(MINIMAL)
    assert loaded.ok
    assert loaded.diagnostics == ()
    assert loaded.require() == Plot(title="Lost Bullet")


def test_require_lists_every_problem() -> None:
    loaded = load(DATA / "six_mistakes.yaml")
    with pytest.raises(PlotFileError) as raised:
        loaded.require()
    lines = str(raised.value).splitlines()
    assert len(lines) == 3  # the file's own problems; `check` adds the references
    assert lines[0].endswith("six_mistakes.yaml:8:5: PM005 unknown key 'colour' in a character")


def test_empty_file() -> None:
    problem = only(loads("", file="empty.yaml"))
    assert (problem.code, str(problem.location)) == ("PM013", "empty.yaml:1:1")


def test_comment_only_file_is_empty_too() -> None:
    assert only(loads("# nothing yet\n")).code == "PM013"


def test_a_second_document_is_refused() -> None:
    problem = only(loads(MINIMAL + "---\ntitle: another film\n", file="two.yaml"))
    assert (problem.code, str(problem.location)) == ("PM013", "two.yaml:3:1")


def test_a_list_is_not_a_plot() -> None:
    problem = only(loads("- lino\n- charas\n", file="list.yaml"))
    assert (problem.code, str(problem.location)) == ("PM013", "list.yaml:1:1")
    assert "found a list" in problem.message


def test_bytes_that_are_not_utf8_are_located() -> None:
    problem = only(loads(b"plotmodel: 1\ntitle: Balle perdue \xe9t\xe9\n", file="latin.yaml"))
    assert (problem.code, str(problem.location)) == ("PM008", "latin.yaml:2:21")
    assert "0xe9" in problem.message


def test_a_byte_order_mark_is_accepted() -> None:
    assert loads(b"\xef\xbb\xbf" + MINIMAL.encode()).ok


def test_syntax_error_is_located() -> None:
    problem = only(loads("plotmodel: 1\ntitle: [Lost Bullet\n", file="broken.yaml"))
    assert problem.code == "PM009"
    assert problem.location is not None
    assert problem.location.line == 3


def test_a_key_missing_its_colon_is_noted_on_its_own_line() -> None:
    # libyaml notices the missing ':' only where the next item starts
    text = "plotmodel: 1\ntitle: x\ncharacters:\n  - id: a\n    name the shop\n  - id: b\n"
    problem = only(loads(text, file="colon.yaml"))
    assert (problem.code, str(problem.location)) == ("PM009", "colon.yaml:6:3")
    assert [(note.message, str(note.location)) for note in problem.related] == [
        ("the simple key starts here", "colon.yaml:5:5")
    ]


def test_a_syntax_error_on_the_line_it_starts_has_no_note() -> None:
    problem = only(loads("plotmodel: 1\ntitle: {a: b: c}\n", file="flow.yaml"))
    assert problem.code == "PM009"
    assert problem.related == ()


def test_alias_bomb_is_refused_quickly() -> None:
    lines = ["plotmodel: 1", "title: bomb", 'a: &a ["lol", "lol", "lol", "lol", "lol", "lol"]']
    for level in range(1, 12):
        previous = chr(ord("a") + level - 1)
        name = chr(ord("a") + level)
        lines.append(f"{name}: &{name} [{', '.join(['*' + previous] * 9)}]")
    loaded = loads("\n".join(lines) + "\n", file="bomb.yaml")
    aliases = [d for d in loaded.diagnostics if "alias" in d.message]
    assert aliases[0].location is not None
    assert (aliases[0].location.line, aliases[0].location.column) == (4, 8)
    # Ten located reports, then one that counts the rest.
    assert len(aliases) == 11
    assert aliases[-1].message == f"{11 * 9 - 10} more aliases not reported"
    assert loaded.plot is None


def test_deep_nesting_is_a_located_diagnostic() -> None:
    problem = only(loads("plotmodel: 1\ntitle: deep\nx: " + "[" * 2000 + "]" * 2000 + "\n"))
    assert problem.code == "PM010"
    assert problem.location is not None
    assert problem.location.line == 3


def test_object_tags_are_refused() -> None:
    text = MINIMAL + "description: !!python/object/apply:os.system ['true']\n"
    loaded = loads(text, file="tag.yaml")
    problem = only(loaded)
    assert (problem.code, str(problem.location)) == ("PM011", "tag.yaml:3:14")
    assert "!!python/object/apply:os.system" in problem.message


def test_too_large_is_refused_before_reading(tmp_path: Path) -> None:
    plot_file = tmp_path / "big.yaml"
    plot_file.write_text(MINIMAL + "description: " + "x" * 500 + "\n")
    problem = only(load(plot_file, max_bytes=100))
    assert problem.code == "PM002"
    assert "limit of 100 bytes" in problem.message


def test_missing_file_is_reported(tmp_path: Path) -> None:
    problem = only(load(tmp_path / "nowhere.yaml"))
    assert problem.code == "PM001"
    assert "no such file" in problem.message


def test_missing_version_is_reported_and_the_rest_still_checked() -> None:
    loaded = loads("title: Lost Bullet\ncolour: red\n", file="old.yaml")
    assert found(loaded) == [("PM014", 1, 1), ("PM005", 2, 1)]


def test_unknown_version_stops_the_load() -> None:
    problem = only(loads("plotmodel: 2\ntitle: Lost Bullet\n", file="new.yaml"))
    assert (problem.code, str(problem.location)) == ("PM014", "new.yaml:1:12")
    assert problem.message.startswith("unsupported format version")


def test_json_loads_like_yaml() -> None:
    document = {
        "plotmodel": 1,
        "title": "Lost Bullet",
        "characters": [{"id": "lino", "name": "Lino"}],
    }
    loaded = loads(json.dumps(document), format="json")
    assert loaded.ok
    assert loaded.require().characters[0].id == "lino"


def test_json_syntax_error_is_located() -> None:
    problem = only(loads('{"plotmodel": 1,\n "title": }', file="bad.json", format="json"))
    assert (problem.code, str(problem.location)) == ("PM009", "bad.json:2:11")


def test_json_duplicate_keys_are_located() -> None:
    text = '{"plotmodel": 1,\n "title": "a",\n "title": "b"}'
    loaded = loads(text, file="dup.json", format="json")
    problem = only(loaded)
    assert (problem.code, str(problem.location)) == ("PM006", "dup.json:3:2")
    assert str(problem.related[0].location) == "dup.json:2:2"


def test_json_wrong_type_is_located_lazily() -> None:
    text = '{"plotmodel": 1,\n "title": "a",\n "characters": [{"id": "lino", "name": 5}]}'
    problem = only(loads(text, file="type.json", format="json"))
    assert (problem.code, str(problem.location)) == ("PM003", "type.json:3:40")


def test_json_list_is_not_a_plot() -> None:
    assert only(loads("[1, 2]", format="json")).code == "PM013"


def test_json_deep_nesting() -> None:
    problem = only(loads("[" * 100_000 + "]" * 100_000, format="json"))
    assert problem.code in {"PM009", "PM010"}


def test_load_picks_json_by_extension(tmp_path: Path) -> None:
    plot_file = tmp_path / "plot.json"
    plot_file.write_text('{"plotmodel": 1, "title": "x", "title": "y"}')
    assert [d.code for d in load(plot_file).diagnostics] == ["PM006"]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ('"1"', "found the text '1'"),
        ("1.0", "found the number 1.0"),
        ("true", "found the boolean true"),
        ("2", "found the number 2; this plotmodel reads version 1"),
    ],
)
def test_version_is_a_whole_number(value: str, expected: str) -> None:
    problem = only(loads(f"plotmodel: {value}\ntitle: x\n"))
    assert problem.code == "PM014"
    assert expected in problem.message


@pytest.mark.parametrize(
    ("line", "code", "message"),
    [
        (
            "    name: 12",
            "PM003",
            "expected text, found the number 12: quote it to keep it as text",
        ),
        ("    name: null", "PM003", "expected text, found nothing (null)"),
        ("    name: true", "PM003", "expected text, found the boolean true: quote it"),
        ("    aliases: Lino", "PM003", "expected a list, found the text 'Lino'"),
        ("    certainty: sure", "PM007", "'sure' is not one of stated, inferred, uncertain"),
        ("    certainty: stat", "PM007", "(did you mean 'stated'?)"),
        ("    nmae: Lino", "PM005", "unknown key 'nmae' in a character (did you mean 'name'?)"),
    ],
)
def test_no_silent_coercion(line: str, code: str, message: str) -> None:
    text = MINIMAL + "characters:\n  - id: lino\n" + line + "\n"
    if "name" not in line.split(":", maxsplit=1)[0] or "nmae" in line:
        text += "    name: Lino\n"
    problem = only(loads(text))
    assert problem.code == code
    assert message in problem.message
    assert problem.location is not None
    assert problem.location.line == 5


def test_a_boolean_where_a_number_goes_is_refused() -> None:
    text = MINIMAL + "facts:\n  - id: f\n    name: the car is hidden\n    secret: 1\n"
    problem = only(loads(text))
    assert problem.message == "expected true or false, found the number 1"


def test_yaml_11_words_stay_text() -> None:
    text = (
        MINIMAL
        + "characters:\n  - id: no\n    name: on\n    aliases: [yes, off, 1:30, 2020-10-01]\n"
    )
    character = loads(text).require().characters[0]
    assert (character.id, character.name) == ("no", "on")
    assert character.aliases == ("yes", "off", "1:30", "2020-10-01")


def test_yaml_11_reading_explains_a_type_error() -> None:
    text = MINIMAL + "facts:\n  - id: f\n    name: the car is hidden\n    secret: yes\n"
    problem = only(loads(text))
    assert problem.message == (
        "expected true or false, found 'yes' (YAML 1.1 reads it as a boolean; "
        "this format keeps it as text)"
    )


def test_non_text_keys_are_refused() -> None:
    problem = only(loads(MINIMAL + "1: one\n", file="k.yaml"))
    assert (problem.code, str(problem.location)) == ("PM015", "k.yaml:3:1")


def test_missing_required_key_points_at_the_mapping() -> None:
    problem = only(loads(MINIMAL + "characters:\n  - id: lino\n", file="m.yaml"))
    assert (problem.code, str(problem.location)) == ("PM004", "m.yaml:4:5")
    assert problem.message == "missing required key 'name' in a character"


def test_validator_errors_are_located_at_their_field() -> None:
    problem = only(loads(MINIMAL + "characters:\n  - id: lino\n    name: '  '\n", file="v.yaml"))
    assert (problem.code, str(problem.location)) == ("PM007", "v.yaml:5:11")
    assert problem.message == "name must not be empty"


EVENT = """\
characters:
  - {id: lino, name: Lino}
  - {id: charas, name: Charas}
things:
  - {id: car, name: the car}
events:
  - id: shot
    name: Charas is shot
"""


def test_short_forms_read_as_their_long_forms() -> None:
    text = MINIMAL + EVENT + "    agent: lino\n    participants: [charas]\n"
    text += "    effects:\n      - dies: charas\n      - destroyed: {thing: car, by: lino}\n"
    event = loads(text).require().events[0]
    assert event.agents == ("lino",)
    assert event.participants == (Participant(who="charas"),)
    assert event.effects[0] == Dies(who="charas")
    assert event.effects[1].key == "destroyed"


def test_agent_and_agents_together_conflict() -> None:
    text = MINIMAL + EVENT + "    agent: lino\n    agents: [charas]\n"
    problem = only(loads(text, file="c.yaml"))
    assert (problem.code, str(problem.location)) == ("PM016", "c.yaml:11:5")


def test_positions_follow_short_forms() -> None:
    text = MINIMAL + EVENT + "    agent: car\n    effects:\n      - dies: car\n"
    found = check(loads(text, file="s.yaml"), select=["PM1"])
    assert [(d.code, str(d.location)) for d in found] == [
        ("PM103", "s.yaml:11:12"),
        ("PM103", "s.yaml:13:15"),
    ]
    assert found[1].path == ("events", 0, "effects", 0, "who")


def test_unknown_effect_suggests_the_kind() -> None:
    text = MINIMAL + EVENT + "    effects:\n      - dyes: charas\n"
    problem = only(loads(text, file="e.yaml"))
    assert (problem.code, str(problem.location)) == ("PM005", "e.yaml:12:9")
    assert problem.message == "unknown effect 'dyes' (did you mean 'dies'?)"


def test_effect_with_two_keys_is_explained() -> None:
    text = MINIMAL + EVENT + "    effects:\n      - {dies: charas, note: at once}\n"
    problem = only(loads(text))
    assert problem.message == "an effect has one key, its kind; found 2 keys: 'dies', 'note'"


def test_from_is_the_file_name_of_from_() -> None:
    text = MINIMAL + EVENT + "    effects:\n      - takes: {who: lino, thing: car, from: charas}\n"
    effect = loads(text).require().events[0].effects[0]
    assert effect.key == "takes"
    assert effect.from_ == "charas"  # type: ignore[union-attr]


def test_every_code_has_a_slug_and_meaning() -> None:
    assert sorted(LOADING_CODES) == [f"PM{n:03d}" for n in range(1, 17)]


@settings(max_examples=60, deadline=None)
@given(st.binary(max_size=200))
def test_any_bytes_load_without_raising(data: bytes) -> None:
    loaded = loads(data)
    assert loaded.ok == (loaded.plot is not None and not loaded.diagnostics)


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("plotmde:1 -[]{}\n\"'&*!#,?|>ab")), max_size=80))
def test_yaml_like_text_loads_without_raising(text: str) -> None:
    loaded = loads("plotmodel: 1\n" + text)
    for diagnostic in loaded.diagnostics:
        assert diagnostic.location is not None


SOURCE = """\
events:
  - agent: lino
    participants: [lino, {who: charas}]
    effects:
      - dies: charas
      - moves: {who: car, to: hq}
      - takes: {who: lino, thing: car, from: charas}
"""


@pytest.mark.parametrize(
    ("path", "position"),
    [
        (("events", 0, "agents", 0), (2, 12)),  # the short form 'agent'
        (("events", 0, "participants", 0, "who"), (3, 20)),  # a bare id
        (("events", 0, "participants", 1, "who"), (3, 32)),
        (("events", 0, "effects", 0, "who"), (5, 15)),  # a scalar effect
        (("events", 0, "effects", 1, "to"), (6, 31)),  # inside the effect's one key
        (("events", 0, "effects", 2, "from_"), (7, 46)),  # the model's name for 'from'
        (("events", 0, "name"), (2, 5)),  # missing: the deepest value found
        (("events", 7), (2, 3)),
        ((), (1, 1)),
    ],
)
def test_positions_degrade_gracefully(
    path: tuple[str | int, ...], position: tuple[int, int]
) -> None:
    source = loads(SOURCE).source
    assert source is not None
    assert source.position(path) == position


def test_key_positions_take_the_first_or_the_last_repeat() -> None:
    source = loads("plotmodel: 1\ntitle: a\ntitle: b\n").source
    assert source is not None
    assert source.key_position(("title",)) == (2, 1)
    assert source.key_position(("title",), last=True) == (3, 1)
    assert source.position(("title",)) == (2, 8)


def test_references_are_checked_past_broken_elements_with_file_indexes() -> None:
    text = MINIMAL + (
        "characters:\n"
        "  - id: lino\n"  # line 4: no name, so this character is cut before checking
        "  - id: charas\n"
        "    name: Charas\n"
        "events:\n"
        "  - id: broken\n"  # line 8: no name, cut as well
        "    agent: nobody\n"
        "  - id: shot\n"
        "    name: Charas is shot\n"
        "    agent: chras\n"  # line 12
    )
    found = check(loads(text, file="cut.yaml"))
    assert [(d.code, d.path, str(d.location)) for d in found] == [
        ("PM004", ("characters", 0), "cut.yaml:4:5"),
        ("PM004", ("events", 0), "cut.yaml:8:5"),
        ("PM102", ("events", 1, "agents", 0), "cut.yaml:12:12"),
    ]
    assert "did you mean 'charas'" in found[2].message


def test_messages_stay_on_one_line() -> None:
    loaded = loads('plotmodel: 1\ntitle: x\n"a\\nb": 1\n')
    [problem] = loaded.diagnostics
    assert problem.message == "unknown key 'a\\nb' in the plot"


def test_control_characters_are_located() -> None:
    problem = only(loads("plotmodel: 1\ntitle: a\x00b\n", file="nul.yaml"))
    assert (problem.code, str(problem.location)) == ("PM009", "nul.yaml:2:9")
    assert problem.message == "character #x0000 is not allowed in YAML text"


def test_json_positions_survive_characters_yaml_refuses() -> None:
    text = '{"plotmodel": 1,\n "title": "a\x80",\n "unknown": 1}'
    problem = only(loads(text, file="ff.json", format="json"))
    assert (problem.code, str(problem.location)) == ("PM005", "ff.json:3:2")


def test_json_deep_nesting_is_located() -> None:
    problem = only(loads('{"plotmodel": 1, "x": ' + "[" * 5000 + "]" * 5000 + "}", format="json"))
    assert problem.code == "PM010"
    assert problem.location is not None
    assert problem.location.column == 1022


def test_huge_and_special_numbers() -> None:
    text = MINIMAL + "characters:\n  - id: lino\n    name: " + "9" * 5000 + "\n"
    # Too long to convert, but a number all the same: no more text than `name: 12` is.
    assert only(loads(text)).message == (
        "expected text, found a number of 5,000 digits: quote it to keep it as text"
    )
    places = loads(MINIMAL + "places:\n  - {id: a, name: .inf}\n")
    assert places.diagnostics[0].message.startswith("expected text, found the number inf: quote it")


def test_a_bad_key_in_an_effect_keeps_the_rest_of_the_event_checked() -> None:
    text = MINIMAL + EVENT + "    effects:\n      - dies: {who: lino, colour: red}\n"
    text += "      - destroyed: {thing: cra}\n"
    assert [(d.code, str(d.location)) for d in check(loads(text, file="fx.yaml"))] == [
        ("PM005", "fx.yaml:12:27"),
        ("PM102", "fx.yaml:13:28"),
    ]


@pytest.mark.parametrize(
    ("written", "read"),
    [
        ("0", 0),
        ("-7", -7),
        ("01", 1),
        ("+1", 1),
        ("010", 10),
        ("-010", -10),
        ("0o17", 15),
        ("0x1F", 31),
        ("0x1f", 31),
    ],
)
def test_whole_numbers_are_read_as_yaml_1_2_reads_them(written: str, read: int) -> None:
    value = only(loads(MINIMAL + f"description: {written}\n"))
    assert f"found the number {read}" in value.message
    if written.lstrip("-") != str(abs(read)):
        assert f"(YAML 1.2 reads '{written}' as {read}" in value.message


@pytest.mark.parametrize(
    ("written", "yaml11"),
    [("010", "the number 8"), ("09", "text"), ("0o17", "text"), ("01", None), ("0x1F", None)],
)
def test_messages_say_how_yaml_1_1_reads_a_number_when_it_differs(
    written: str, yaml11: str | None
) -> None:
    problem = only(loads(MINIMAL + f"description: {written}\n"))
    if yaml11 is None:
        assert "YAML 1.1" not in problem.message
    else:
        assert f"YAML 1.1 reads it as {yaml11})" in problem.message


@pytest.mark.parametrize("written", ["1_000", "0b101", "1:30", "0o8", "0x", "1e3x"])
def test_what_yaml_1_2_reads_as_text_stays_text(written: str) -> None:
    loaded = loads(MINIMAL + f"description: {written}\n")
    assert loaded.require().description == written


@pytest.mark.parametrize("title", ["01", "+1", "0o17", "0x1F", "010", "9" * 2000, "-0"])
def test_text_that_reads_as_a_number_is_quoted_when_dumped(title: str) -> None:
    plot = Plot(title=title)
    assert loads(dumps(plot)).require() == plot


def test_the_format_version_written_otherwise_is_read_with_a_warning() -> None:
    loaded = loads("plotmodel: 0x1\ntitle: x\n", file="v.yaml")
    assert loaded.ok
    (warning,) = loaded.diagnostics
    assert (warning.code, warning.severity, str(warning.location)) == (
        "PM014",
        Severity.WARNING,
        "v.yaml:1:12",
    )
    assert warning.message == (
        "the format version is written '0x1', which YAML 1.2 reads as 1: write 'plotmodel: 1'"
    )


def test_a_null_document_is_not_a_plot_and_no_document_is_empty() -> None:
    for text, fmt in (("null", "json"), ("~\n", "yaml"), ("null\n", "yaml")):
        (problem,) = loads(text, format=fmt).diagnostics  # type: ignore[arg-type]
        assert problem.message.endswith("found null")
    for text, fmt in (("", "json"), (" \r\n\t", "json"), ("", "yaml"), ("# only\n", "yaml")):
        (problem,) = loads(text, format=fmt).diagnostics  # type: ignore[arg-type]
        assert problem.message.startswith("the file is empty")


FLOODS = {
    "tags": ("PM011", "!x{i} {{}}", "tag '"),
    "anchors": ("PM012", "&a{i} x", "anchor '"),
    "aliases": ("PM012", "*a", "alias '"),
}


@pytest.mark.parametrize("kind", sorted(FLOODS))
def test_each_hostile_kind_is_reported_ten_times_then_counted(kind: str) -> None:
    code, item, start = FLOODS[kind]
    count = 2000
    things = "".join(f"  - {item.format(i=i)}\n" for i in range(count))
    text = MINIMAL + "description: &a x\nthings:\n" + things
    found = [d for d in loads(text).diagnostics if d.code == code]
    own = [d for d in found if d.message.startswith(start)]
    if kind == "anchors":
        count += 1  # the anchor the aliases would name
    assert len(own) == 10
    (counted,) = [d for d in found if d.message.endswith(f"more {kind} not reported")]
    assert counted.message == f"{count - 10} more {kind} not reported"
    assert counted.location is not None
    assert counted.location.line == MINIMAL.count("\n") + 2 + 2000


class CountingSet(frozenset[tuple[str | int, ...]]):
    asked = 0

    def __contains__(self, item: object) -> bool:
        CountingSet.asked += 1
        return super().__contains__(item)


def test_finding_what_lies_under_dropped_values_takes_one_look_up_per_step() -> None:
    from plotmodel.loading import _under

    dropped = CountingSet(("things", i) for i in range(100_000))
    assert _under(("things", 99_999, "name"), dropped)
    assert not _under(("events", 5, "agents", 0), dropped)
    assert CountingSet.asked <= 3 + 5


def test_an_unknown_key_in_one_agent_written_as_its_record_is_found_where_it_is_written() -> None:
    text = (
        "plotmodel: 1\ntitle: T\ncharacters:\n  - {id: lino, name: Lino}\nevents:\n"
        "  - id: e\n    name: E\n    agent:\n      who: lino\n      rank: 1\n      appears: ghost\n"
    )
    for fmt, written in (("yaml", text), ("json", json.dumps(yaml.safe_load(text), indent=2))):
        [found] = loads(written, file=f"plot.{fmt}", format=fmt).diagnostics  # type: ignore[arg-type]
        assert found.code == "PM005"
        assert found.location is not None
        assert '"rank"' in written.splitlines()[found.location.line - 1] or (
            written.splitlines()[found.location.line - 1] == "      rank: 1"
        )


@pytest.mark.parametrize(
    ("date", "says"),
    [
        ("1905-13", "'1905-13' is not a month of the calendar: months run 01-12"),
        ("1905-00-01", "'1905-00-01' is not a month of the calendar: months run 01-12"),
        ("1905-02-29", "'1905-02-29' is not a day of the calendar: 1905-02 has 28 days"),
        ("1904-02-30", "'1904-02-30' is not a day of the calendar: 1904-02 has 29 days"),
        ("2019-04-00", "'2019-04-00' is not a day of the calendar: 2019-04 has 30 days"),
        ("9999-12-32", "'9999-12-32' is not a day of the calendar: 9999-12 has 31 days"),
        ("2019-05-14T24:00", "'2019-05-14T24:00' is not a time of day"),
        ("0000-05", "'0000-05' is not a story date: years run from 0001 to 9999"),
    ],
)
def test_a_date_off_the_calendar_is_told_which_part_is_wrong(date: str, says: str) -> None:
    text = f"plotmodel: 1\ntitle: T\nevents:\n  - {{id: a, name: A, date: '{date}'}}\n"
    [found] = loads(text, file="dates.yaml").diagnostics
    assert (found.code, str(found.location)) == ("PM007", "dates.yaml:4:28")
    assert found.message.startswith(f"date {says}"), found.message


@pytest.mark.parametrize("date", ["1904-02-29", "2000-02-29", "9999-12-31", "0001-01-01"])
def test_the_first_last_and_leap_days_are_days_of_the_calendar(date: str) -> None:
    text = f"plotmodel: 1\ntitle: T\nevents:\n  - {{id: a, name: A, date: '{date}'}}\n"
    assert loads(text, file="dates.yaml").diagnostics == ()
