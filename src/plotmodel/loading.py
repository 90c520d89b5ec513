"""Load plot files: bytes -> text -> plain data -> `Plot`, every problem a located diagnostic.

`load` and `loads` never raise for bad input. They return a `Loaded` record
with the plot (when one could be built), every problem the file itself has,
found in one run, and the `SourceMap` that locates later findings in the file.
Loading runs no rule: references and the story are checked by
`plotmodel.check`, which takes the `Loaded` record as it is.

The pipeline is built for large files: YAML is read from libyaml's parse
events without building PyYAML's objects (see `plotmodel._yaml`), JSON by
`json.loads`, and positions are composed only when something must be located.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable, Iterator, Sequence
from typing import Any, Final, Literal

from attrs import evolve, field, frozen

from plotmodel._convert import describe, structure_plot
from plotmodel._salvage import salvage
from plotmodel._text import paused_gc, quote
from plotmodel._yaml import YamlRead, YamlSource, offset_position, read_yaml
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

#: The largest file `load` reads unless told otherwise: 128 MiB.
DEFAULT_MAX_BYTES: Final = 128 * 1024 * 1024

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
    "PM008": ("not-utf8", "the file is not valid UTF-8"),
    "PM009": ("syntax-error", "the text is not valid YAML or JSON"),
    "PM010": ("too-deep", "nesting deeper than any plot needs"),
    "PM011": ("unsupported-tag", "an explicit YAML tag other than the plain data tags"),
    "PM012": ("alias", "a YAML anchor alias; plot files write every value out"),
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
        with open(file, "rb") as stream:
            size = os.fstat(stream.fileno()).st_size
            if size > max_bytes:
                message = f"the file is {size} bytes, over the limit of {max_bytes} bytes"
                return Loaded(None, (_problem("PM002", message, file),), None)
            data = stream.read(max_bytes + 1)
    except OSError as error:
        reason = (error.strerror or str(error)).lower()
        return Loaded(None, (_problem("PM001", f"cannot read the file: {reason}", file),), None)
    if len(data) > max_bytes:
        message = f"the file is over the limit of {max_bytes} bytes"
        return Loaded(None, (_problem("PM002", message, file),), None)
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
    source = YamlSource(file, text, json=format == "json")
    # One pause for the whole load: what is built here has no cycles to collect.
    with paused_gc():
        read = _read_json(text, file) if format == "json" else read_yaml(text, file)
        found = list(read.diagnostics)
        plot = None
        partial = None
        if read.parsed:
            plot, partial, more = _build(read, source)
            found.extend(more)
        return Loaded(plot, tuple(_locate(found, source)), source, partial=partial)


def _bad_byte(data: bytes, error: UnicodeDecodeError, file: str) -> Diagnostic:
    start = error.start
    line_start = data.rfind(b"\n", 0, start) + 1
    line = data.count(b"\n", 0, start) + 1
    column = len(data[line_start:start].decode("utf-8", errors="replace")) + 1
    message = f"the file is not UTF-8: byte 0x{data[start]:02x} cannot be decoded"
    return _problem("PM008", message, file, line, column)


def _build(
    read: YamlRead, source: YamlSource
) -> tuple[Plot | None, Partial | None, list[Diagnostic]]:
    data = read.data
    file = source.file
    if data is None:
        message = "the file is empty; a plot file is a mapping that starts with 'plotmodel: 1'"
        return None, None, [_problem("PM013", message, file, 1, 1)]
    if not isinstance(data, dict):
        kind = "a list" if isinstance(data, list) else "a single value"
        message = f"a plot file is a mapping that starts with 'plotmodel: 1', found {kind}"
        return None, None, [Diagnostic(code="PM013", rule="not-a-plot", message=message, path=())]
    found: list[Diagnostic] = []
    version = data.get("plotmodel")
    if "plotmodel" not in data:
        message = f"missing the format version: add 'plotmodel: {FORMAT_VERSION}' at the top"
        found.append(Diagnostic(code="PM014", rule="format-version", message=message, path=()))
    elif type(version) is not int or version != FORMAT_VERSION:
        message = (
            f"unsupported format version: found {describe(version)}; "
            f"this plotmodel reads version {FORMAT_VERSION}"
        )
        path: DocPath = ("plotmodel",)
        diagnostic = Diagnostic(code="PM014", rule="format-version", message=message, path=path)
        return None, None, [diagnostic]
    plot, problems = structure_plot(data)
    partial = None
    if plot is None:
        # what is left once the faults are cut out, so that one run can report everything
        salvaged = salvage(dict(data), problems, structure_plot)
        if salvaged is not None:
            partial = Partial(salvaged[0], original=salvaged[1].original)
    found.extend(d for d in problems if not _under(d.path, read.dropped))
    return plot, partial, found


def _under(path: DocPath, dropped: Sequence[DocPath]) -> bool:
    return any(path[: len(prefix)] == prefix for prefix in dropped)


def _locate(found: list[Diagnostic], source: YamlSource) -> list[Diagnostic]:
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


def _at(source: YamlSource, position: tuple[int, int] | None) -> Location:
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


def _read_json(text: str, file: str) -> YamlRead:
    duplicates = _Duplicates()
    try:
        data = json.loads(text, object_pairs_hook=duplicates)
    except json.JSONDecodeError as error:
        message = f"invalid JSON: {error.msg}".lower()
        problem = _problem("PM009", message, file, error.lineno, error.colno)
        return YamlRead(None, (problem,), (), parsed=False)
    except ValueError as error:
        # json refuses integers of thousands of digits without saying where they are.
        problem = _problem("PM009", f"invalid JSON: {error}".lower(), file)
        return YamlRead(None, (problem,), (), parsed=False)
    except RecursionError:
        line, column = offset_position(text, _too_deep(text))
        problem = _problem("PM010", "nesting is too deep for a plot file", file, line, column)
        return YamlRead(None, (problem,), (), parsed=False)
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


_JSON_NESTING: Final = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}]')


def _too_deep(text: str, limit: int = 1000) -> int:
    """The offset of the first bracket nested deeper than ``limit`` in JSON text."""
    depth = 0
    for token in _JSON_NESTING.finditer(text):
        mark = token.group()
        if mark in "[{":
            depth += 1
            if depth > limit:
                return token.start()
        elif mark in "]}":
            depth -= 1
    return 0


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
