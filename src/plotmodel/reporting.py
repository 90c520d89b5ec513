"""Write findings for people and machines: text, JSON and GitHub Actions annotations.

A reporter is a small function from the findings of a run to text, chosen by
name from `REPORTERS`. Each receives the files in the order given and their
diagnostics, sorted by position, and decides alone how to show them.

Every text a reporter writes that can come from a plot file (messages, notes,
silence reasons, file names, document paths) goes through `escape` first,
whatever its producer already did: a line break or a control character in a
name can never forge an output line or reach the terminal raw.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from typing import Final

from attrs import frozen

from plotmodel._text import escape
from plotmodel.diagnostics import Diagnostic, Location, Related, Severity, format_path

__all__ = [
    "JSON_REPORT_VERSION",
    "REPORTERS",
    "FileReport",
    "Summary",
    "report_github",
    "report_json",
    "report_text",
    "summarize",
]

#: The version of the ``--format json`` object; it changes only when a key changes meaning.
JSON_REPORT_VERSION: Final = 1


@frozen
class FileReport:
    """The findings for one file, in the order a reader should see them.

    Attributes:
        file: The file as the user named it.
        diagnostics: Every finding, silenced ones included, sorted by position.
    """

    file: str
    diagnostics: tuple[Diagnostic, ...]


@frozen
class Summary:
    """Counts of a run's findings; silenced findings count only as silenced."""

    files: int
    errors: int
    warnings: int
    info: int
    silenced: int

    def __str__(self) -> str:
        def count(n: int, word: str) -> str:
            return f"{n} {word}{'' if n == 1 or word == 'info' else 's'}"

        return (
            f"{count(self.errors, 'error')}, {count(self.warnings, 'warning')}, "
            f"{self.info} info, {self.silenced} silenced in {count(self.files, 'file')}"
        )


def summarize(reports: Sequence[FileReport]) -> Summary:
    """Count the findings of a run by severity, keeping silenced ones apart."""
    live = [d for r in reports for d in r.diagnostics if d.silenced is None]
    return Summary(
        files=len(reports),
        errors=sum(d.severity is Severity.ERROR for d in live),
        warnings=sum(d.severity is Severity.WARNING for d in live),
        info=sum(d.severity is Severity.INFO for d in live),
        silenced=sum(d.silenced is not None for r in reports for d in r.diagnostics),
    )


def _shown(report: FileReport, show_silenced: bool) -> list[Diagnostic]:
    return [d for d in report.diagnostics if show_silenced or d.silenced is None]


def _where(location: Location | None, fallback: str) -> str:
    return str(location) if location is not None else fallback


# Unanswered questions and unpaid setups: reported apart, as the plot's open threads.
_OPEN_THREADS: Final = frozenset({"PM802", "PM803"})


def _text_lines(found: Diagnostic, file: str) -> list[str]:
    where = _where(found.location, f"{file}: {format_path(found.path)}")
    tag = "" if found.severity is Severity.ERROR else f" [{found.severity.value}]"
    silenced = f" (silenced: {found.silenced})" if found.silenced is not None else ""
    lines = [escape(f"{where}: {found.code} {found.message}{tag}{silenced}")]
    for related in found.related:
        at = _where(related.location, f"{file}: {format_path(related.path)}")
        lines.append(escape(f"  {at}: note: {related.message}"))
    return lines


def report_text(reports: Sequence[FileReport], *, show_silenced: bool = False) -> str:
    """Compiler-style lines, related places indented below, and a summary line.

    Each file's unresolved threads and unpaid setups come last, together, under
    an ``open threads`` heading: they are what the plot leaves open, not mistakes.
    """
    lines: list[str] = []
    for report in reports:
        shown = _shown(report, show_silenced)
        open_threads = [d for d in shown if d.code in _OPEN_THREADS]
        for found in shown:
            if found.code not in _OPEN_THREADS:
                lines.extend(_text_lines(found, report.file))
        if open_threads:
            lines.append(escape(f"open threads in {report.file}:"))
            for found in open_threads:
                lines.extend(_text_lines(found, report.file))
    lines.append(str(summarize(reports)))
    return "\n".join(lines) + "\n"


def _place(location: Location | None, file: str) -> dict[str, object]:
    if location is None:
        return {"file": escape(file), "line": None, "column": None}
    return {
        "file": escape(location.file or file),
        "line": location.line or None,
        "column": location.column or None,
    }


def _related_json(related: Related, file: str) -> dict[str, object]:
    return {
        "message": escape(related.message),
        **_place(related.location, file),
        "path": escape(format_path(related.path)),
    }


def report_json(reports: Sequence[FileReport], *, show_silenced: bool = False) -> str:
    """One JSON object: every shown finding with its place, and the run's summary."""
    diagnostics = [
        {
            "code": found.code,
            "rule": found.rule,
            "severity": found.severity.value,
            "message": escape(found.message),
            **_place(found.location, report.file),
            "path": escape(format_path(found.path)),
            "related": [_related_json(r, report.file) for r in found.related],
            "silenced": None if found.silenced is None else escape(found.silenced),
        }
        for report in reports
        for found in _shown(report, show_silenced)
    ]
    summary = summarize(reports)
    document = {
        "version": JSON_REPORT_VERSION,
        "diagnostics": diagnostics,
        "summary": {
            "files": summary.files,
            "errors": summary.errors,
            "warnings": summary.warnings,
            "info": summary.info,
            "silenced": summary.silenced,
        },
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


_GITHUB_LEVEL: Final = {
    Severity.ERROR: "error",
    Severity.WARNING: "warning",
    Severity.INFO: "notice",
}


def _escape(text: str, *, property_value: bool = False) -> str:
    """Encode text for a workflow command, whose lines and fields these characters end."""
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if property_value:
        text = text.replace(":", "%3A").replace(",", "%2C")
    return text


def report_github(reports: Sequence[FileReport], *, show_silenced: bool = False) -> str:
    """GitHub Actions workflow commands, one annotation per finding."""
    lines: list[str] = []
    for report in reports:
        for found in _shown(report, show_silenced):
            where = found.location or Location(file=report.file)
            props = [f"file={_escape(escape(where.file or report.file), property_value=True)}"]
            if where.line:
                props += [f"line={where.line}", f"col={where.column}"]
            props.append(f"title={_escape(f'{found.code} {found.rule}', property_value=True)}")
            message = escape(found.message)
            if found.silenced is not None:
                message += escape(f" (silenced: {found.silenced})")
            for related in found.related:
                note = f"{_where(related.location, format_path(related.path))}: {related.message}"
                message += "\n" + escape(note)
            lines.append(f"::{_GITHUB_LEVEL[found.severity]} {','.join(props)}::{_escape(message)}")
    lines.append(str(summarize(reports)))
    return "\n".join(lines) + "\n"


#: Every reporter by the name ``--format`` takes.
REPORTERS: Final[dict[str, Callable[..., str]]] = {
    "text": report_text,
    "json": report_json,
    "github": report_github,
}
