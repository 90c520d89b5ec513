"""Any text in any field of a plot: every report keeps one line per finding, shows nothing raw,
and places each finding where an editor shows it.

Plots from `plotmodel.strategies.plots` (valid, or with one plot hole woven in
by `broken_plots`, and a silence or two) get control characters, line and
paragraph separators, next-line, bidirectional marks and lone surrogates in
every text field and every id (ids keep to non-space characters). Checked in
Python, every reporter must give each finding its own line (notes below it),
and no character a terminal must not see raw. Dumped as YAML or JSON, with any
line ends, and with unknown keys slipped in at lines of the test's choosing,
each unknown key must be reported at the line and column a count of ``\\n``,
``\\r\\n`` and ``\\r`` alone gives.
"""

from __future__ import annotations

import json
import re
from typing import Any

import attrs
from hypothesis import event, given, settings
from hypothesis import strategies as st

from plotmodel._text import is_shown
from plotmodel.checking import check
from plotmodel.diagnostics import Diagnostic
from plotmodel.dumping import dumps, to_data
from plotmodel.loading import loads
from plotmodel.model import (
    AUDIENCE,
    EFFECT_KINDS,
    EXPECTATION_KINDS,
    CheckSettings,
    Event,
    Journey,
    Plot,
    Silence,
    field_check,
    reference_fields,
)
from plotmodel.reporting import REPORTERS, FileReport
from plotmodel.strategies import broken_plots, plots

# The characters each class of hostile text is made of, with any other character beside them.
HOSTILE = (
    "\n\r\t\x0b\x0c\x1b\x7f\x1c\x85\u2028\u2029"
    "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"
    "\ufeff\u200b\ud800\udbff\udc00\udfff\x00"
)
CHARACTERS = st.sampled_from(HOSTILE) | st.characters()
TEXT = st.text(CHARACTERS, min_size=1, max_size=6)
ID_PART = st.text(CHARACTERS.filter(lambda c: not c.isspace() and c != "\x00"), max_size=4)
LINE_ENDS = st.sampled_from(["\n", "\r\n", "\r"])
_ISO_8601 = {(Event, "date"), (Event, "duration"), (Journey, "takes")}
_LINE_END = re.compile(r"\r\n|\r|\n")
_SURROGATE = re.compile("[\ud800-\udfff]")


class _Hostile:
    """Rewrites a plot: each id and each text gets hostile characters, the same ones each time."""

    def __init__(self, data: st.DataObject) -> None:
        self.data = data
        self.ids: dict[str, str] = {AUDIENCE: AUDIENCE}
        self.texts: dict[str, str] = {}

    def id(self, value: str) -> str:
        if value not in self.ids:
            # The original id after a separator no drawn part holds: no two ids meet.
            self.ids[value] = self.data.draw(ID_PART) + "\x00" + value
        return self.ids[value]

    def text(self, value: str) -> str:
        if value not in self.texts:
            self.texts[value] = value + self.data.draw(TEXT)
        return self.texts[value]

    def walk(self, value: Any) -> Any:
        if isinstance(value, CheckSettings) or not attrs.has(type(value)):
            return value
        changes = {}
        for field in attrs.fields(type(value)):
            old = getattr(value, field.name)
            if field.name == "code" and isinstance(value, Silence):
                continue  # names a rule
            if (type(value), field.name) in _ISO_8601:
                continue  # a date or a duration: the model reads them, and refuses other text
            rewrite = self.id if _holds_ids(value, field) else self.text
            if isinstance(old, str):
                changes[field.name] = rewrite(old)
            elif isinstance(old, tuple):
                changes[field.name] = tuple(
                    rewrite(item) if isinstance(item, str) else self.walk(item) for item in old
                )
            else:
                changes[field.name] = self.walk(old)
        return attrs.evolve(value, **changes)


def _holds_ids(instance: object, field: attrs.Attribute[Any]) -> bool:
    """Whether a field holds ids: the model declares it a reference, or it is an element's id."""
    if field.name in {declared.name for declared in reference_fields(type(instance))}:
        return True
    validator = field_check(field)
    if field.name != "id" or validator is None:
        return False
    try:
        validator(instance, field, "a b")
    except ValueError:
        return True
    return False


@st.composite
def hostile_plots(draw: st.DrawFn) -> Plot:
    # Plot holes too, whose findings point to other places as notes.
    small = plots(max_events=4)
    plot = draw(small | broken_plots(base=small).map(lambda broken: broken.plot))
    # Silences: one that matches nothing (a finding naming its owner), and maybe its reason.
    elements = [kind for kind in ("characters", "events", "things") if getattr(plot, kind)]
    if elements and draw(st.booleans()):
        kind = draw(st.sampled_from(elements))
        first, *rest = getattr(plot, kind)
        reason = draw(st.none() | st.just("the writer says so"))
        silenced = attrs.evolve(first, silence=(Silence(code="PM301", reason=reason),))
        plot = attrs.evolve(plot, **{kind: (silenced, *rest)})
    plot = attrs.evolve(plot, silence=(Silence(code="PM302", reason="whatever"),))
    return _Hostile(draw(st.data())).walk(plot)  # type: ignore[no-any-return]


def assert_reported_line_by_line(found: list[Diagnostic], file: str) -> None:
    """Every reporter: one line per finding, its notes below it, nothing raw."""
    report = [FileReport(file, tuple(found))]
    notes = sum(len(d.related) for d in found)
    for name, reporter in REPORTERS.items():
        output = reporter(report, show_silenced=True)
        lines = output.split("\n")
        assert lines[-1] == "", name
        assert all(is_shown(c) for line in lines for c in line), (name, output)
        if name == "text":
            headings = [line for line in lines if line.startswith("open threads in ")]
            assert len(lines) - 2 == len(found) + notes + len(headings)
        elif name == "github":
            assert len(lines) - 2 == len(found)
        elif name == "sarif":
            results = json.loads(output)["runs"][0]["results"]
            assert len(results) == len(found)
            assert sum(len(r.get("relatedLocations", ())) for r in results) == notes
        else:
            assert len(json.loads(output)["diagnostics"]) == len(found)
            assert sum('"message": ' in line for line in lines) == len(found) + notes


def reference_position(text: str, offset: int) -> tuple[int, int]:
    starts = [0, *(found.end() for found in _LINE_END.finditer(text))]
    line = max(number for number, start in enumerate(starts) if start <= offset)
    return line + 1, offset - starts[line] + 1


def written(plot: Plot, fmt: str) -> str:
    """The plot as a file; JSON writes lone surrogates as escapes, which YAML cannot hold."""
    if fmt == "yaml":
        return dumps(plot)
    text = json.dumps(to_data(plot), indent=2, ensure_ascii=False) + "\n"
    return _SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def with_unknown_keys(text: str, fmt: str, lines: list[int]) -> tuple[str, dict[str, int]]:
    """``text`` with an unknown key slipped in before or after some lines, and their offsets."""
    rows = text.split("\n")
    # Not beside the key that names an effect or an expectation: each has that one key, and
    # a second one there is a different mistake.
    kinds = tuple(f'"{key}": ' for key in (*EFFECT_KINDS, *EXPECTATION_KINDS))
    candidates = [
        number
        for number, row in enumerate(rows)
        if (fmt == "yaml" and re.match(r" *[a-z_]+:( |$)", row))
        or (
            fmt == "json"
            and row.endswith("{")
            and number + 1 < len(rows)
            and not rows[number + 1].lstrip(" ").startswith(kinds)
        )
    ]
    chosen = sorted({candidates[i % len(candidates)] for i in lines}) if candidates else []
    keys: dict[str, int] = {}
    out: list[str] = []
    for number, row in enumerate(rows):
        indent = len(row) - len(row.lstrip(" "))
        if fmt == "yaml" and number in chosen:
            key = f"zz_unknown_{number}"
            keys[key] = sum(len(r) + 1 for r in out) + indent
            out.append(" " * indent + f"{key}: 1")
        out.append(row)
        if fmt == "json" and number in chosen:
            key = f"zz_unknown_{number}"
            inner = len(rows[number + 1]) - len(rows[number + 1].lstrip(" "))
            keys[key] = sum(len(r) + 1 for r in out) + inner
            out.append(" " * inner + f'"{key}": 1,')
    return "\n".join(out), keys


@settings(max_examples=1500)
@given(
    plot=hostile_plots(),
    fmt=st.sampled_from(["yaml", "json"]),
    end=LINE_ENDS,
    lines=st.lists(st.integers(min_value=0, max_value=10_000), max_size=4),
)
def test_any_text_in_any_field_is_reported_line_by_line_and_in_place(
    plot: Plot, fmt: str, end: str, lines: list[int]
) -> None:
    found = check(plot)
    event(f"findings in Python: {min(len(found), 3)}+, notes: {any(d.related for d in found)}")
    assert_reported_line_by_line(found, "plot")

    if _SURROGATE.search(json.dumps(to_data(plot), ensure_ascii=False)):
        fmt = "json"  # no YAML text can hold a lone surrogate; JSON writes it as an escape
    text, keys = with_unknown_keys(written(plot, fmt), fmt, lines)
    # Raw line breaks never occur inside a value here: each is escaped where it is written.
    offsets = {key: offset + offset_shift(text, offset, end) for key, offset in keys.items()}
    text = text.replace("\n", end)
    loaded = loads(text, file=f"plot.{fmt}", format=fmt)  # type: ignore[arg-type]
    event(f"{fmt}: {len(keys)} unknown keys, {'' if loaded.plot else 'no '}plot")
    event(f"lone surrogates refused: {any(d.code == 'PM008' for d in loaded.diagnostics)}")
    assert_reported_line_by_line(list(loaded.diagnostics), f"plot.{fmt}")
    for found in loaded.diagnostics:
        assert found.location is not None
        place = (found.location.line, found.location.column)
        key = re.search(r"unknown key '(zz_unknown_\d+)'", found.message)
        if key is not None:
            assert place == reference_position(text, offsets[key.group(1)])
        elif found.code == "PM008" and "more" not in found.message:
            line, column = place
            row = _LINE_END.split(text)[line - 1]
            assert row[column - 1 : column + 2].lower() == "\\ud"
    reported = {
        m.group(1) for d in loaded.diagnostics if (m := re.search(r"'(zz_\w+)'", d.message))
    }
    assert reported == set(keys)
    if loaded.plot is not None:
        checked = check(loaded.plot, source=loaded.source)
        assert_reported_line_by_line(checked, f"plot.{fmt}")


def offset_shift(text: str, offset: int, end: str) -> int:
    """How far an offset moves when every line feed before it becomes ``end``."""
    return text.count("\n", 0, offset) * (len(end) - 1)
