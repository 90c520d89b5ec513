"""Findings as data: what is wrong, where, and what else to look at.

Loading and checking both produce `Diagnostic` records. A diagnostic first
points into the plot by a document path (``("events", 3, "agents", 0)``);
`locate` then turns paths into file, line and column using the source the
plot was loaded from. Plots built in Python have no source, and their
diagnostics name the path instead.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from typing import Protocol, TypeAlias

import attrs
from attrs import frozen

__all__ = [
    "CheckResult",
    "Diagnostic",
    "DocPath",
    "Location",
    "Related",
    "Severity",
    "SourceMap",
    "format_path",
    "locate",
]

#: A path into the plot document: keys and list indexes from the top.
DocPath: TypeAlias = tuple[str | int, ...]


class Severity(enum.Enum):
    """How bad a finding is. Only errors make ``plotmodel validate`` fail."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        """0 for errors, 1 for warnings, 2 for info: the order reports use."""
        return _RANK[self]


_RANK = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}


def format_path(path: DocPath) -> str:
    """Write a document path the way JSONPath does: ``$.events[3].agents[0]``."""
    steps = (f"[{step}]" if isinstance(step, int) else f".{step}" for step in path)
    return "$" + "".join(steps)


@frozen(kw_only=True, order=True)
class Location:
    """A place in a plot file. Line and column are 1-based.

    Attributes:
        file: The file's name as the user gave it, or ``None`` for a plot built in code.
        line: The line, when known.
        column: The column, when known.
    """

    file: str | None = None
    line: int = 0
    column: int = 0

    def __str__(self) -> str:
        if self.line:
            return f"{self.file or '<plot>'}:{self.line}:{self.column}"
        return self.file or "<plot>"


@frozen(kw_only=True)
class Related:
    """Another place a finding points to, such as where a character died.

    Attributes:
        message: What happened there, in a few words (``died here``).
        path: Where it is in the plot document.
        location: Where it is in the file, once located.
    """

    message: str
    path: DocPath = ()
    location: Location | None = None


@frozen(kw_only=True)
class Diagnostic:
    """One finding: a stable code, a one-line message, and where it is.

    Attributes:
        code: Stable code such as ``PM301``.
        rule: Readable name such as ``acts-after-death``.
        message: One short lowercase line that quotes the ids involved.
        severity: Error, warning or info.
        path: Where the finding is in the plot document.
        location: Where it is in the file, once located.
        related: Other places worth looking at.
        silenced: The reason given where a silence in the plot accepts this finding.
    """

    code: str
    rule: str
    message: str
    severity: Severity = Severity.ERROR
    path: DocPath = ()
    location: Location | None = None
    related: tuple[Related, ...] = ()
    silenced: str | None = None

    @property
    def sort_key(self) -> tuple[str, int, int, str, str]:
        """Order by file, line, column, then code: the order a compiler reports in."""
        loc = self.location or Location()
        return (loc.file or "", loc.line, loc.column, self.code, self.message)

    def __str__(self) -> str:
        where = str(self.location) if self.location else format_path(self.path)
        return f"{where}: {self.code} {self.message}"


class CheckResult(list[Diagnostic]):
    """Every finding of a check, in report order, with the same findings split by what they mean.

    It is a list of `Diagnostic`: iterate, index and compare it as one
    (``check(plot) == []``). The properties split it: ``errors``,
    ``warnings`` and ``info`` hold the findings not silenced, by severity;
    ``silenced`` holds those the plot accepts, whatever their severity.
    """

    __slots__ = ()

    def _live(self, severity: Severity) -> list[Diagnostic]:
        return [d for d in self if d.severity is severity and d.silenced is None]

    @property
    def errors(self) -> list[Diagnostic]:
        """The errors not silenced: what makes ``plotmodel validate`` fail."""
        return self._live(Severity.ERROR)

    @property
    def warnings(self) -> list[Diagnostic]:
        """The warnings not silenced."""
        return self._live(Severity.WARNING)

    @property
    def info(self) -> list[Diagnostic]:
        """The information not silenced, such as threads the plot leaves open."""
        return self._live(Severity.INFO)

    @property
    def silenced(self) -> list[Diagnostic]:
        """The findings a ``silence`` in the plot accepts, each with its reason."""
        return [d for d in self if d.silenced is not None]

    @property
    def ok(self) -> bool:
        """Whether no error stands (warnings, info and silenced findings do not count)."""
        return not self.errors


class SourceMap(Protocol):
    """Turns document paths into positions in the file a plot was loaded from."""

    @property
    def file(self) -> str:
        """The file's name as the user gave it."""
        ...

    def position(self, path: DocPath) -> tuple[int, int] | None:
        """The 1-based line and column of the nearest node on ``path``, if any."""
        ...


def _location(source: SourceMap | None, path: DocPath) -> Location | None:
    if source is None:
        return None
    found = source.position(path)
    if found is None:
        return Location(file=source.file)
    line, column = found
    return Location(file=source.file, line=line, column=column)


def locate(diagnostics: Iterable[Diagnostic], source: SourceMap | None) -> list[Diagnostic]:
    """Give each diagnostic and its related places a file location, sorted by position."""
    located = []
    for found in diagnostics:
        if source is not None and found.location is None:
            found = attrs.evolve(  # noqa: PLW2901 - the located copy replaces the original
                found,
                location=_location(source, found.path),
                related=tuple(
                    attrs.evolve(r, location=_location(source, r.path)) if r.location is None else r
                    for r in found.related
                ),
            )
        located.append(found)
    located.sort(key=lambda d: d.sort_key)
    return located
