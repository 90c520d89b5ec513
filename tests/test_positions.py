"""Positions are the ones editors show: lines end at \\n, \\r\\n or \\r and nowhere else.

YAML 1.1 (and so libyaml) also ends lines at U+0085, U+2028 and U+2029, and
json counts only line feeds; each case here puts such characters before a
finding and checks its line and column against a count made apart from the
loader.
"""

import json
import re
from unittest import mock

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from plotmodel import _yaml
from plotmodel._positions import JsonPositions
from plotmodel._yaml import read_yaml
from plotmodel.checking import check
from plotmodel.loading import loads

_LINE_END = re.compile(r"\r\n|\r|\n")


def reference_position(text: str, offset: int) -> tuple[int, int]:
    """Line and column of ``offset``, counting only the line ends editors count."""
    starts = [0] + [found.end() for found in _LINE_END.finditer(text)]
    line = max(number for number, start in enumerate(starts) if start <= offset)
    return line + 1, offset - starts[line] + 1


SEPARATORS = {"nel": "\x85", "line-separator": "\u2028", "paragraph-separator": "\u2029"}
ENDINGS = {"lf": "\n", "crlf": "\r\n", "cr": "\r"}

# (name, format, text with {sep} and {end}, the text the finding must point at)
CASES = [
    ("quoted", "yaml", "plotmodel: 1{end}title: 'a{sep}b'{end}unknown: 1{end}", "unknown"),
    ("double", "yaml", 'plotmodel: 1{end}title: "a{sep}b"{end}bad: !x 1{end}', "!x"),
    (
        "nested",
        "yaml",
        "plotmodel: 1{end}title: x{end}characters:{end}  - id: lino{end}"
        "    name: 'Li{sep}no'{end}    rank: 1{end}",
        "rank",
    ),
    ("tag-after", "yaml", "plotmodel: 1{end}title: 'x{sep}y' {end}things: [!x {{}}]{end}", "!x"),
    ("syntax", "yaml", "plotmodel: 1{end}title: 'a{sep}b'{end}x: [1, 2{end}", None),
    ("json", "json", '{{"plotmodel": 1,{end}"title": "a{sep}b",{end}"unknown": 1}}', '"unknown"'),
    ("json-syntax", "json", '{{"plotmodel": 1,{end}"title": "a{sep}",{end}"unknown": }}', "}"),
]


@pytest.mark.parametrize("end", sorted(ENDINGS))
@pytest.mark.parametrize("sep", sorted(SEPARATORS))
@pytest.mark.parametrize("case", CASES, ids=[case[0] for case in CASES])
def test_positions_match_the_lines_editors_count(
    case: tuple[str, str, str, str | None], sep: str, end: str
) -> None:
    _, fmt, template, target = case
    text = template.format(sep=SEPARATORS[sep], end=ENDINGS[end])
    (found,) = loads(text, file="plot", format=fmt).diagnostics  # type: ignore[arg-type]
    assert found.location is not None
    where = (found.location.line, found.location.column)
    if target is None:
        # The sequence is never closed: the error is at the end of the text.
        assert where == reference_position(text, len(text))
    else:
        assert where == reference_position(text, text.rindex(target))


@pytest.mark.parametrize("end", sorted(ENDINGS))
def test_a_bad_byte_is_located_as_editors_count(end: str) -> None:
    brk = ENDINGS[end]
    data = f"plotmodel: 1{brk}title: x{brk}name: ".encode() + b"caf\xe9"
    (found,) = loads(data, file="plot").diagnostics
    assert found.code == "PM008"
    assert found.location is not None
    assert (found.location.line, found.location.column) == (3, 10)


def _paths(value: object, path: tuple[str | int, ...] = ()) -> list[tuple[str | int, ...]]:
    """Every path into ``value``, and beside each a step that leads nowhere."""
    found = [path, (*path, "absent"), (*path, 99)]
    if isinstance(value, dict):
        for key, item in value.items():
            found += _paths(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += _paths(item, (*path, index))
    return found


_JSON = st.recursive(
    # beyond the first plane JSON writes surrogate pairs, which YAML refuses
    st.none()
    | st.booleans()
    | st.integers()
    | st.text(st.characters(max_codepoint=0xFFFF, exclude_categories=("Cs",)), max_size=5),
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(st.sampled_from(["a", "b", "agent", "agents", "from", "x y"]), inner)
    ),
    max_leaves=20,
)


@settings(max_examples=200, deadline=None)
@given(
    st.dictionaries(st.sampled_from(["plotmodel", "events", "accounts"]), _JSON),
    st.sampled_from([None, 0, 2]),
)
def test_json_positions_are_those_libyaml_gives_the_same_text(
    document: dict[str, object], indent: int | None
) -> None:
    # JSON is YAML: libyaml's marks, recorded while reading, are an account made apart
    text = json.dumps(document, indent=indent)
    from_json = JsonPositions("plot.json", text)
    from_yaml = read_yaml(text, "plot.json").positions
    assert from_yaml is not None
    for path in _paths(document):
        assert from_json.position(path) == from_yaml.position(path), path
        for last in (False, True):
            assert from_json.key_position(path, last=last) == from_yaml.key_position(
                path, last=last
            ), path


def _composed(node: yaml.Node, path: tuple[str | int, ...]) -> tuple[yaml.Node | None, yaml.Node]:
    """The key node and value node PyYAML composes for ``path`` (which exists)."""
    key: yaml.Node | None = None
    for step in path:
        if isinstance(node, yaml.SequenceNode):
            key, node = None, node.value[step]
        else:
            key, node = next((k, v) for k, v in node.value if k.value == step)
    return key, node


@settings(max_examples=200, deadline=None)
@given(
    st.dictionaries(st.sampled_from(["plotmodel", "events", "accounts"]), _JSON),
    st.sampled_from([None, False, True]),
)
def test_yaml_positions_are_those_of_the_node_tree(
    document: dict[str, object], flow: bool | None
) -> None:
    # PyYAML's own composer makes the node tree apart from the reader that records positions
    text = yaml.safe_dump(document, default_flow_style=flow, allow_unicode=False)
    positions = read_yaml(text, "plot.yaml").positions
    assert positions is not None
    root = yaml.compose(text, Loader=yaml.SafeLoader)
    for path in _paths(document):
        if path[-1:] in (("absent",), (99,)):
            continue
        key, node = _composed(root, path)
        where = (node.start_mark.line + 1, node.start_mark.column + 1)
        assert positions.position(path) == where, path
        if key is not None:
            assert positions.key_position(path) == (
                key.start_mark.line + 1,
                key.start_mark.column + 1,
            )


def test_findings_are_located_without_reading_the_text_again() -> None:
    text = (
        "plotmodel: 1\ntitle: t\ncharacters:\n  - {id: lino, name: Lino}\n"
        "drafts:\n  - events:\n      - {id: e1, name: one, agent: nobody}\n"
        "events:\n  - id: e1\n    name: one\n    agent: {who: nobody}\n"
        "    effects:\n      - dies: {who: ghost}\n"
    )
    with mock.patch.object(_yaml, "_events", wraps=_yaml._events) as parses:
        loaded = loads(text, file="plot.yaml")
        found = check(loaded)
        assert loaded.source is not None
        # an unknown list of drafts, each with events of its own: any path is answered
        assert loaded.source.position(("drafts", 0, "events", 0, "agents", 0)) == (7, 36)
    assert parses.call_count == 1
    assert [(d.code, str(d.location)) for d in found] == [
        ("PM005", "plot.yaml:5:1"),
        ("PM102", "plot.yaml:11:18"),  # the id inside a record given in its place
        ("PM102", "plot.yaml:13:21"),  # inside an effect
    ]


_ONE_AGENT = {
    "yaml": "plotmodel: 1\ntitle: x\ncharacters: [{id: a, name: A}]\nevents:\n"
    "  - id: e\n    name: E\n    agent:\n      who: a\n      stray: 1\n",
    "json": '{"plotmodel": 1, "title": "x", "characters": [{"id": "a", "name": "A"}],\n'
    ' "events": [{"id": "e", "name": "E", "agent": {"who": "a",\n  "stray": 1}}]}',
}


@pytest.mark.parametrize("fmt", sorted(_ONE_AGENT))
def test_a_finding_inside_the_one_agent_form_is_located_at_its_key(fmt: str) -> None:
    # `agent: {...}` stands for `agents: [{...}]`: the path's index 0 is the record itself
    text = _ONE_AGENT[fmt]
    (found,) = loads(text, file="plot", format=fmt).diagnostics  # type: ignore[arg-type]
    assert found.code == "PM005"
    assert found.location is not None
    stray = text.index("stray") - (fmt == "json")
    assert (found.location.line, found.location.column) == reference_position(text, stray)
