"""Positions are the ones editors show: lines end at \\n, \\r\\n or \\r and nowhere else.

YAML 1.1 (and so libyaml) also ends lines at U+0085, U+2028 and U+2029, and
json counts only line feeds; each case here puts such characters before a
finding and checks its line and column against a count made apart from the
loader.
"""

import re

import pytest

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
