"""Load plot files: bytes -> text -> plain data -> `Plot`, every problem a located diagnostic.

`load` and `loads` never raise for bad input. They return a `Loaded` record
with the plot (when one could be built), every problem the file itself has,
found in one run, and the `SourceMap` that locates later findings in the file.
Loading runs no rule: references and the story are checked by
`plotmodel.check`, which takes the `Loaded` record as it is.

The pipeline is built for large files: YAML is read from libyaml's parse
events without building PyYAML's objects, recording every value's position
on the way (see `plotmodel._yaml`); JSON is read by `json.loads`, and its
positions only when something must be located (see `plotmodel._positions`).
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable, Collection, Iterator, Sequence
from typing import Any, Final, Literal

from attrs import evolve, field, frozen

from plotmodel._convert import describe, structure_plot
from plotmodel._files import DEFAULT_MAX_BYTES, Refused, read_regular
from plotmodel._nesting import deeper_than, first_too_deep, room_for_nesting
from plotmodel._positions import JsonPositions, YamlPositions, offset_position
from plotmodel._salvage import salvage
from plotmodel._text import paused_gc, quote
from plotmodel._yaml import (
    FLOOD_REPORTS,
    MAX_DIGITS,
    LongNumber,
    Number,
    YamlRead,
    read_yaml,
)
from plotmodel.diagnostics import (
    Diagnostic,
    DocPath,
    Location,
    Related,
    Severity,
    SourceMap,
    locate,
)
from plotmodel.model import Plot

__all__ = [
    "DEFAULT_MAX_BYTES",
    "FORMAT_VERSION",
    "LOADING_CODES",
    "Loaded",
    "Partial",
    "PlotFileError",
    "load",
    "loads",
]

#: The version of the plot file format this library reads and writes.
FORMAT_VERSION: Final = 1

#: Every loading code with its slug and meaning, as documented in docs/format.md.
LOADING_CODES: Final[dict[str, tuple[str, str]]] = {
    "PM001": ("unreadable-file", "the file is missing or cannot be read"),
    "PM002": ("file-too-large", "the file is larger than the byte limit"),
    "PM003": ("wrong-type", "a value has the wrong type"),
    "PM004": ("missing-key", "a required key is missing"),
    "PM005": ("unknown-key", "a key the format does not know (or an unknown effect)"),
    "PM006": ("duplicate-key", "a key given twice in one mapping"),
    "PM007": ("invalid-value", "a value of the right type that the format does not allow"),
    "PM008": ("not-utf8", "the file is not valid UTF-8, or holds a lone surrogate"),
    "PM009": ("syntax-error", "the text is not valid YAML or JSON"),
    "PM010": ("too-deep", "nesting deeper than any plot needs"),
    "PM011": ("unsupported-tag", "an explicit YAML tag other than the plain data tags"),
    "PM012": ("alias", "a YAML anchor or alias; plot files write every value out"),
    "PM013": ("not-a-plot", "the file is empty or is not a mapping"),
    "PM014": ("format-version", "`plotmodel: 1` is missing or names an unknown version"),
    "PM015": ("non-string-key", "a mapping key that is not text"),
    "PM016": ("conflicting-keys", "a short form given together with its long form"),
}

# Findings whose natural place is the key, not the value under it.
_AT_KEY: Final = frozenset({"PM005", "PM006", "PM016"})

Format = Literal["yaml", "json"]


class PlotFileError(Exception):
    """A plot file that could not be loaded; its str lists every located problem."""

    def __init__(self, diagnostics: Sequence[Diagnostic]) -> None:
        """Keep the ``diagnostics`` that stopped the load."""
        self.diagnostics = tuple(diagnostics)
        lines = [str(d) for d in self.diagnostics if d.severity is Severity.ERROR]
        super().__init__("\n".join(lines) or "the plot file could not be loaded")


@frozen
class Partial:
    """The plot that could be built from a file with errors, once the faulty values are cut out.

    `plotmodel.check` reads it so that one run reports everything: the
    reference rules always, and every rule once the file's errors are ignored.

    Attributes:
        plot: The plot built from what is left.
        original: Translates a path in the partial plot to the same place in
            the file (cutting a list item shifts the indexes after it).
    """

    plot: Plot
    original: Callable[[DocPath], DocPath] = field(repr=False, eq=False)


@frozen
class Loaded:
    """What loading a plot file gave.

    Attributes:
        plot: The plot, or ``None`` if the file could not be read into one.
        diagnostics: Every problem the file itself has, located and sorted by position.
        source: Positions in the file, for locating later findings.
        partial: When the plot could not be built, what could be built of it.
    """

    plot: Plot | None
    diagnostics: tuple[Diagnostic, ...]
    source: SourceMap | None
    partial: Partial | None = field(default=None, repr=False, eq=False)

    @property
    def ok(self) -> bool:
        """Whether a plot was built and no finding is an error."""
        return self.plot is not None and not any(
            d.severity is Severity.ERROR for d in self.diagnostics
        )

    def require(self) -> Plot:
        """The plot, or a `PlotFileError` listing every problem if there is any error."""
        if self.plot is None or not self.ok:
            raise PlotFileError(self.diagnostics)
        return self.plot


def _problem(code: str, message: str, file: str, line: int = 0, column: int = 0) -> Diagnostic:
    return Diagnostic(
        code=code,
        rule=LOADING_CODES[code][0],
        message=message,
        location=Location(file=file, line=line, column=column),
    )


def load(path: str | os.PathLike[str], *, max_bytes: int = DEFAULT_MAX_BYTES) -> Loaded:
    """Load a plot file; the format follows the extension (.json, else YAML).

    Args:
        path: The file to read.
        max_bytes: Files larger than this are refused before being read.

    Returns:
        The plot (if one could be built) with every problem found.
    """
    file = os.fspath(path)
    try:
        data = read_regular(file, max_bytes)
    except Refused as refused:
        return Loaded(None, (_problem(refused.code, refused.message, file),), None)
    fmt: Format = "json" if file.lower().endswith(".json") else "yaml"
    return loads(data, file=file, format=fmt)


def loads(text: str | bytes, *, file: str = "<string>", format: Format | None = None) -> Loaded:
    """Load a plot from text or bytes (UTF-8); YAML unless ``format`` says JSON.

    Args:
        text: The plot file's content.
        file: The name to give in locations.
        format: ``"yaml"`` or ``"json"``; YAML when ``None`` (JSON is YAML too).

    Returns:
        The plot (if one could be built) with every problem found.
    """
    if isinstance(text, bytes):
        raw = text.removeprefix(b"\xef\xbb\xbf")
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as error:
            return Loaded(None, (_bad_byte(raw, error, file),), None)
        lone: list[Diagnostic] = []
    else:
        # Only text given as a string can hold one: UTF-8 never decodes to a surrogate.
        text, lone = _lone_surrogates(text, file, _RAW_SURROGATE)
    if format == "json":
        text, escaped = _lone_surrogates(text, file, _SURROGATE_ESCAPE)
        lone = [*lone, *escaped] if lone else escaped
    # One pause for the whole load: what is built here has no cycles to collect.
    with paused_gc():
        source: JsonPositions | YamlPositions
        if format == "json":
            read = _read_json(text, file)
            source = JsonPositions(file, text)
        else:
            read = read_yaml(text, file)
            source = read.positions or YamlPositions(file, text, None)
        found = [*lone, *read.diagnostics] if lone else list(read.diagnostics)
        plot = None
        partial = None
        if read.parsed:
            plot, partial, more = _build(read, source)
            found.extend(more)
        return Loaded(plot, tuple(_locate(found, source)), source, partial=partial)


_RAW_SURROGATE: Final = re.compile("[\ud800-\udfff]")
# An escaped backslash, a JSON surrogate pair, or half a pair alone: only the last is refused.
_SURROGATE_ESCAPE: Final = re.compile(
    r"\\\\|\\u[dD][89abAB][0-9a-fA-F]{2}\\u[dD][c-fC-F][0-9a-fA-F]{2}"
    r"|(\\u[dD][89a-fA-F][0-9a-fA-F]{2})"
)
_MAYBE_SURROGATE_ESCAPE: Final = re.compile(r"\\u[dD][89a-fA-F]")


def _lone_surrogates(
    text: str, file: str, pattern: re.Pattern[str]
) -> tuple[str, list[Diagnostic]]:
    """Refuse each lone surrogate, raw or as a JSON escape, and put U+FFFD in its place.

    A lone surrogate is half of a pair: no character, and no UTF-8 file can hold it.
    The replacement keeps every offset, so the rest of the file loads and is located.
    """
    if pattern is _RAW_SURROGATE:
        if not _RAW_SURROGATE.search(text):
            return text, []
        spans = [(found.start(), found.end()) for found in _RAW_SURROGATE.finditer(text)]
    else:
        if not _MAYBE_SURROGATE_ESCAPE.search(text):
            return text, []
        spans = [found.span(1) for found in pattern.finditer(text) if found.group(1)]
        if not spans:
            return text, []
    found: list[Diagnostic] = []
    for start, end in spans[:FLOOD_REPORTS]:
        half = text[start:end]
        if len(half) == 1:
            message = (
                f"character #x{ord(half):04x} is a lone surrogate, half of a pair, not a character"
            )
        else:
            message = (
                f"lone surrogate {quote(half)}: half of a pair, not a character; "
                "write the character itself or both halves of its pair"
            )
        found.append(_problem("PM008", message, file, *offset_position(text, start)))
    if len(spans) > FLOOD_REPORTS:
        more = f"{len(spans) - FLOOD_REPORTS} more lone surrogates not reported"
        found.append(_problem("PM008", more, file, *offset_position(text, spans[-1][0])))
    pieces = []
    last = 0
    for start, end in spans:
        pieces += [text[last:start], "\ufffd" if end - start == 1 else "\\ufffd"]
        last = end
    pieces.append(text[last:])
    return "".join(pieces), found


def _bad_byte(data: bytes, error: UnicodeDecodeError, file: str) -> Diagnostic:
    start = error.start
    # Lines end at \n, \r\n or \r, as editors count them.
    line_start = max(data.rfind(b"\n", 0, start), data.rfind(b"\r", 0, start)) + 1
    breaks = data.count(b"\n", 0, start) + data.count(b"\r", 0, start)
    line = breaks - data.count(b"\r\n", 0, start) + 1
    column = len(data[line_start:start].decode("utf-8", errors="replace")) + 1
    message = f"the file is not UTF-8: byte 0x{data[start]:02x} cannot be decoded"
    return _problem("PM008", message, file, line, column)


def _build(
    read: YamlRead, source: JsonPositions | YamlPositions
) -> tuple[Plot | None, Partial | None, list[Diagnostic]]:
    data = read.data
    file = source.file
    if data is None and read.empty:
        message = "the file is empty; a plot file is a mapping that starts with 'plotmodel: 1'"
        return None, None, [_problem("PM013", message, file, 1, 1)]
    if not isinstance(data, dict):
        message = f"a plot file is a mapping that starts with 'plotmodel: 1', found {_kind(data)}"
        return None, None, [Diagnostic(code="PM013", rule="not-a-plot", message=message, path=())]
    found: list[Diagnostic] = []
    version = data.get("plotmodel")
    if "plotmodel" not in data:
        message = f"missing the format version: add 'plotmodel: {FORMAT_VERSION}' at the top"
        found.append(Diagnostic(code="PM014", rule="format-version", message=message, path=()))
    elif type(version) not in (int, Number) or version != FORMAT_VERSION:
        message = (
            f"unsupported format version: found {describe(version)}; "
            f"this plotmodel reads version {FORMAT_VERSION}"
        )
        path: DocPath = ("plotmodel",)
        diagnostic = Diagnostic(code="PM014", rule="format-version", message=message, path=path)
        return None, None, [diagnostic]
    elif isinstance(version, Number):
        found.append(_version_spelling(version))
    plot, problems = structure_plot(data)
    partial = None
    if plot is None:
        # what is left once the faults are cut out, so that one run can report everything
        salvaged = salvage(dict(data), problems, structure_plot)
        if salvaged is not None:
            partial = Partial(salvaged[0], original=salvaged[1].original)
    found.extend(d for d in problems if not _under(d.path, read.dropped))
    return plot, partial, found


def _kind(data: object) -> str:
    """What a document that is no mapping holds, in words."""
    if data is None:
        return "null"
    return "a list" if isinstance(data, list) else describe(data)


def _version_spelling(version: Number) -> Diagnostic:
    """The version read as YAML 1.2 reads it, with a word on how it is written."""
    other = version.yaml11
    also = f", YAML 1.1 as {other}" if other else ""
    message = (
        f"the format version is written {quote(version.written)}, which YAML 1.2 reads "
        f"as {int(version)}{also}: write 'plotmodel: {FORMAT_VERSION}'"
    )
    return Diagnostic(
        code="PM014",
        rule="format-version",
        message=message,
        severity=Severity.WARNING,
        path=("plotmodel",),
    )


def _under(path: DocPath, dropped: Collection[DocPath]) -> bool:
    # One look-up per step of the path, however many values were dropped.
    return bool(dropped) and any(path[:end] in dropped for end in range(len(path) + 1))


def _locate(found: list[Diagnostic], source: JsonPositions | YamlPositions) -> list[Diagnostic]:
    """Locate findings at keys where that reads better, then everything else by path."""
    placed = []
    for item in found:
        if item.location is None and item.code in _AT_KEY:
            # A duplicate found by json has not been placed yet: it is the last of its name.
            at = source.key_position(item.path, last=item.code == "PM006")
            item = evolve(item, location=_at(source, at))  # noqa: PLW2901 - the located copy replaces it
        if item.code in _AT_KEY and item.related:
            related = tuple(
                evolve(r, location=_at(source, source.key_position(r.path)))
                if r.location is None
                else r
                for r in item.related
            )
            item = evolve(item, related=related)  # noqa: PLW2901 - as above
        placed.append(item)
    return locate(placed, source)


def _at(source: JsonPositions | YamlPositions, position: tuple[int, int] | None) -> Location:
    if position is None:
        return Location(file=source.file)
    return Location(file=source.file, line=position[0], column=position[1])


class _Duplicates:
    """Collects mappings with a repeated key while `json.loads` builds them."""

    def __init__(self) -> None:
        self.found: list[tuple[dict[str, Any], str]] = []

    def __call__(self, pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        mapping = dict(pairs)
        if len(mapping) != len(pairs):
            seen: set[str] = set()
            for key, _ in pairs:
                if key in seen:
                    self.found.append((mapping, key))
                seen.add(key)
        return mapping


_JSON_BLANK: Final = re.compile(r"[ \t\n\r]*")


def _read_json(text: str, file: str) -> YamlRead:
    if _JSON_BLANK.fullmatch(text):
        return YamlRead(None, (), (), parsed=True, empty=True)
    duplicates = _Duplicates()
    try:
        with room_for_nesting():
            data = json.loads(text, object_pairs_hook=duplicates, parse_int=_json_int)
    except json.JSONDecodeError as error:
        # Nesting beyond the limit comes first, as it does in YAML, which stops there.
        if deeper_than(text[: error.pos]):
            return _too_deep(text, file)
        message = f"invalid JSON: {error.msg}".lower()
        # json counts only line feeds as line ends; editors count carriage returns too.
        problem = _problem("PM009", message, file, *offset_position(text, error.pos))
        return YamlRead(None, (problem,), (), parsed=False)
    except RecursionError:
        return _too_deep(text, file)
    if deeper_than(text):
        return _too_deep(text, file)
    found = [
        Diagnostic(
            code="PM006",
            rule="duplicate-key",
            message=f"duplicate key {quote(key)}",
            path=(*path, key),
            related=(Related(message=f"{quote(key)} first given here", path=(*path, key)),),
        )
        for path, key in _paths_of(data, duplicates.found)
    ]
    return YamlRead(data, tuple(found), (), parsed=True)


def _json_int(written: str) -> int | LongNumber:
    # Python refuses to convert integers of thousands of digits; YAML keeps them unread too.
    return int(written) if len(written) <= MAX_DIGITS else LongNumber(written)


def _too_deep(text: str, file: str) -> YamlRead:
    """Nesting beyond the limit, found at the first bracket past it."""
    offset = first_too_deep(text)
    line, column = offset_position(text, offset or 0)
    problem = _problem("PM010", "nesting is too deep for a plot file", file, line, column)
    return YamlRead(None, (problem,), (), parsed=False)


def _paths_of(
    data: object, wanted: list[tuple[dict[str, Any], str]]
) -> Iterator[tuple[DocPath, str]]:
    """Find the document path of each mapping in ``wanted``, by identity."""
    if not wanted:
        return
    by_id: dict[int, list[str]] = {}
    for mapping, key in wanted:
        by_id.setdefault(id(mapping), []).append(key)
    stack: list[tuple[DocPath, object]] = [((), data)]
    while stack:
        path, node = stack.pop()
        if isinstance(node, dict):
            for key in by_id.get(id(node), ()):
                yield path, key
            stack.extend(((*path, k), v) for k, v in node.items())
        elif isinstance(node, list):
            stack.extend(((*path, i), v) for i, v in enumerate(node))
