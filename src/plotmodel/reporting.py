"""Write findings for people and machines: text, JSON, SARIF and GitHub Actions annotations.

A reporter is a small function from the findings of a run to text, chosen by
name from `REPORTERS`. Each receives the files in the order given and their
diagnostics, sorted by position, and decides alone how to show them. The line
formats (text and GitHub) also write one file at a time (`STREAMED`), so the
command line prints each file's findings as soon as they are known; JSON and
SARIF are one document for the whole run.

Every text a reporter writes that can come from a plot file (messages, notes,
silence reasons, file names, document paths) goes through `escape` first,
whatever its producer already did: a line break or a control character in a
name can never forge an output line or reach the terminal raw.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Sequence
from typing import Final

from attrs import frozen

from plotmodel._text import escape
from plotmodel.diagnostics import Diagnostic, Location, Related, Severity, format_path

__all__ = [
    "JSON_REPORT_VERSION",
    "REPORTERS",
    "SARIF_SCHEMA",
    "STREAMED",
    "FileReport",
    "Summary",
    "github_file",
    "report_github",
    "report_json",
    "report_sarif",
    "report_text",
    "summarize",
    "text_file",
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


_BOLD: Final = "\033[1m"
_RESET: Final = "\033[0m"
_SEVERITY_COLOUR: Final = {
    Severity.ERROR: "\033[1;31m",
    Severity.WARNING: "\033[1;33m",
    Severity.INFO: "\033[1;36m",
}


def _text_lines(found: Diagnostic, file: str, colour: bool = False) -> list[str]:
    where = _where(found.location, f"{file}: {format_path(found.path)}")
    tag = "" if found.severity is Severity.ERROR else f" [{found.severity.value}]"
    silenced = f" (silenced: {found.silenced})" if found.silenced is not None else ""
    where = escape(where)
    code = found.code
    if colour:
        where = f"{_BOLD}{where}{_RESET}"
        code = f"{_SEVERITY_COLOUR[found.severity]}{code}{_RESET}"
    lines = [f"{where}: {code} " + escape(f"{found.message}{tag}{silenced}")]
    for related in found.related:
        at = _where(related.location, f"{file}: {format_path(related.path)}")
        lines.append(escape(f"  {at}: note: {related.message}"))
    return lines


def text_file(report: FileReport, *, show_silenced: bool = False, colour: bool = False) -> str:
    """One file's part of the text report: its findings, then its open threads."""
    lines: list[str] = []
    shown = _shown(report, show_silenced)
    open_threads = [d for d in shown if d.code in _OPEN_THREADS]
    for found in shown:
        if found.code not in _OPEN_THREADS:
            lines.extend(_text_lines(found, report.file, colour))
    if open_threads:
        lines.append(escape(f"open threads in {report.file}:"))
        for found in open_threads:
            lines.extend(_text_lines(found, report.file, colour))
    return "".join(line + "\n" for line in lines)


def report_text(
    reports: Sequence[FileReport], *, show_silenced: bool = False, colour: bool = False
) -> str:
    """Compiler-style lines, related places indented below, and a summary line.

    Each file's unresolved threads and unpaid setups come last, together, under
    an ``open threads`` heading: they are what the plot leaves open, not mistakes.

    Args:
        reports: The files of the run, in the order given.
        show_silenced: Also show the findings the plot silences.
        colour: Mark places and codes with terminal colours.
    """
    parts = [text_file(r, show_silenced=show_silenced, colour=colour) for r in reports]
    return "".join(parts) + str(summarize(reports)) + "\n"


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


def github_file(report: FileReport, *, show_silenced: bool = False) -> str:
    """One file's GitHub Actions workflow commands, one annotation per finding."""
    lines: list[str] = []
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
    return "".join(line + "\n" for line in lines)


def report_github(reports: Sequence[FileReport], *, show_silenced: bool = False) -> str:
    """GitHub Actions workflow commands, one annotation per finding, and a summary line."""
    parts = [github_file(r, show_silenced=show_silenced) for r in reports]
    return "".join(parts) + str(summarize(reports)) + "\n"


#: The schema the SARIF report names; tests check the report against it.
SARIF_SCHEMA: Final = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)

_SARIF_LEVEL: Final = {
    Severity.ERROR: "error",
    Severity.WARNING: "warning",
    Severity.INFO: "note",
}


def _artifact(file: str) -> dict[str, object]:
    # a relative URI reference, as SARIF wants: forward slashes, the rest percent-encoded
    from urllib.parse import quote  # noqa: PLC0415 - only SARIF needs it; start-up stays short

    return {"uri": quote(escape(file).replace(os.sep, "/"))}


def _sarif_location(location: Location | None, file: str) -> dict[str, object]:
    physical: dict[str, object] = {"artifactLocation": _artifact(file)}
    if location is not None and location.line:
        physical["region"] = {"startLine": location.line, "startColumn": location.column or 1}
    return {"physicalLocation": physical}


def report_sarif(reports: Sequence[FileReport], *, show_silenced: bool = False) -> str:
    """One SARIF 2.1.0 log: the rules that fired, and every finding as a result.

    Code scanning services and SARIF viewers read it. A finding the plot
    silences is a result with an in-source suppression whose justification is
    the reason the plot gives; with ``show_silenced`` false, such results are
    left out as in the other reports.
    """
    from plotmodel import __version__  # noqa: PLC0415 - the package's own version
    from plotmodel.rules import all_rules  # noqa: PLC0415 - only SARIF describes the rules

    rules = all_rules()
    shown = [(r, d) for r in reports for d in _shown(r, show_silenced)]
    codes = sorted({d.code for _, d in shown})
    index = {code: n for n, code in enumerate(codes)}
    descriptors = [
        {
            "id": code,
            "name": rules[code].slug,
            "shortDescription": {"text": rules[code].summary or rules[code].slug},
            "defaultConfiguration": {"level": _SARIF_LEVEL[rules[code].severity]},
        }
        for code in codes
    ]
    results = []
    for report, found in shown:
        file = (found.location.file if found.location else None) or report.file
        result: dict[str, object] = {
            "ruleId": found.code,
            "ruleIndex": index[found.code],
            "level": _SARIF_LEVEL[found.severity],
            "message": {"text": escape(found.message)},
            "locations": [_sarif_location(found.location, file)],
        }
        if found.related:
            result["relatedLocations"] = [
                {
                    "id": number,
                    "message": {"text": escape(related.message)},
                    **_sarif_location(related.location, file),
                }
                for number, related in enumerate(found.related)
            ]
        if found.silenced is not None:
            result["suppressions"] = [{"kind": "inSource", "justification": escape(found.silenced)}]
        results.append(result)
    log = {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "plotmodel",
                        "version": __version__,
                        "rules": descriptors,
                    }
                },
                "columnKind": "unicodeCodePoints",
                "results": results,
            }
        ],
    }
    return json.dumps(log, indent=2, ensure_ascii=False) + "\n"


#: Every reporter by the name ``--format`` takes.
REPORTERS: Final[dict[str, Callable[..., str]]] = {
    "text": report_text,
    "json": report_json,
    "sarif": report_sarif,
    "github": report_github,
}

#: The reporters that also write one file at a time, by the same names.
STREAMED: Final[dict[str, Callable[..., str]]] = {
    "text": text_file,
    "github": github_file,
}
