"""The ``plotmodel`` command: validate plot files like a linter, show and query a plot.

All the work is in the library; this module reads arguments, calls it, and
turns the outcome into output and an exit status: 0 when no error is found
(warnings and info do not fail, unless ``--fail-on`` says so), 1 when any
error is, 2 for usage errors, unreadable files and internal errors. It never
prints a traceback. It follows the conventions of the linters its users know:
``-`` reads standard input, folders are searched for plot files, results
stream file by file, ``--output-file``, ``--exit-zero`` and ``--color`` do
what they do elsewhere.
"""

from __future__ import annotations

import argparse
import contextlib
import fnmatch
import io
import os
import re
import sys

from plotmodel._text import escape, paused_gc, quote

# Not `typing.TYPE_CHECKING`: `typing` is left to type checkers (which treat any name
# TYPE_CHECKING as true), as importing it is a good part of what `--version` would cost.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator, Sequence
    from typing import Any, Final, TextIO

    from plotmodel.diagnostics import Diagnostic
    from plotmodel.loading import Loaded
    from plotmodel.model import Plot
    from plotmodel.reporting import FileReport
    from plotmodel.state import StoryState

# The library loads only once a command runs: `plotmodel --version` and `--help` import
# none of it (a test keeps it so).

__all__ = [
    "DEFAULT_INCLUDE",
    "DEFAULT_MAX_BYTES",
    "EXIT_CLEAN",
    "EXIT_ERRORS",
    "EXIT_INTERRUPTED",
    "EXIT_USAGE",
    "FORMATS",
    "STDIN",
    "build_parser",
    "find_plot_files",
    "main",
    "validate_file",
]

EXIT_CLEAN: Final = 0
EXIT_ERRORS: Final = 1
EXIT_USAGE: Final = 2
EXIT_INTERRUPTED: Final = 130

#: The name that stands for standard input among the files.
STDIN: Final = "-"

#: The file names searched for in folders unless ``--include`` says otherwise.
DEFAULT_INCLUDE: Final = ("*.yaml", "*.yml", "*.json")

#: The names ``--format`` takes: `plotmodel.reporting.REPORTERS`' (a test keeps them equal).
FORMATS: Final = ("text", "json", "sarif", "github")

#: The byte limit unless ``--max-bytes`` says otherwise: `plotmodel.loading.DEFAULT_MAX_BYTES`.
DEFAULT_MAX_BYTES: Final = 128 * 1024 * 1024

_UNREADABLE: Final = "PM001"
_CONFIG: Final = "PM017"  # plotmodel.config.CONFIG_CODE, without importing the settings reader
_CRASHED: Final = "PM018"
# Findings that leave a file unchecked: the command could not do what it was asked.
_CANNOT_CHECK: Final = frozenset({_UNREADABLE, _CONFIG, _CRASHED})
_SEVERITY_RANK: Final = {"error": 0, "warning": 1, "info": 2}

# A plot file says so at its top level: `plotmodel: 1` in YAML, "plotmodel": 1 in JSON.
_PLOT_KEY: Final = re.compile(rb"""^(?:plotmodel|"plotmodel"|'plotmodel')[ \t]*:""", re.MULTILINE)
# ... holding a version, not a mapping: a JSON Schema of plot files has a "plotmodel" property
_JSON_PLOT_KEY: Final = re.compile(rb'"plotmodel"\s*:\s*[^\s{\[]')
_SNIFF_BYTES: Final = 64 * 1024


class _Usage(Exception):  # noqa: N818 - a private signal, not an error users see by name
    """A usage problem found after parsing arguments: print it and exit 2."""


class _Options:
    """What ``validate`` needs for each file, small enough to send to a worker process."""

    __slots__ = ("ignore", "max_bytes", "select", "stdin_name")

    def __init__(
        self,
        *,
        select: tuple[str, ...],
        ignore: tuple[str, ...],
        max_bytes: int,
        stdin_name: str | None = None,
    ) -> None:
        self.select = select
        self.ignore = ignore
        self.max_bytes = max_bytes
        self.stdin_name = stdin_name


def _codes(values: Sequence[str] | None) -> tuple[str, ...]:
    """Split ``--select PM3,PM701 --select PM8`` into single selectors."""
    return tuple(
        code.strip() for value in values or () for code in value.split(",") if code.strip()
    )


def validate_file(
    file: str,
    *,
    select: Sequence[str] = (),
    ignore: Sequence[str] = (),
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> FileReport:
    """Load one plot file and, when it loads soundly, run every enabled rule on it.

    Args:
        file: The plot file.
        select: Only these rules (codes, family prefixes or slugs).
        ignore: Never these rules.
        max_bytes: Refuse files larger than this.

    Returns:
        Every finding for the file, silenced ones included, sorted by position.
    """
    return _file_report(file, select, ignore, max_bytes)


def _file_report(
    file: str,
    select: Sequence[str],
    ignore: Sequence[str],
    max_bytes: int,
    stdin_name: str | None = None,
) -> FileReport:
    """Every finding for one file; the plot is let go before the collector runs again.

    Resumed with a large plot still alive, the collector's first pass would
    walk all of its millions of objects once more, only for them to be freed.
    """
    with paused_gc():
        return _check_file(file, select, ignore, max_bytes, stdin_name)[1]


def load(path: str, *, max_bytes: int) -> Loaded:
    """Load a plot file (`plotmodel.loading.load`), importing the loader when first needed."""
    from plotmodel.loading import load as load_file  # noqa: PLC0415 - start-up stays cheap

    return load_file(path, max_bytes=max_bytes)


def _read_stdin(name: str, max_bytes: int) -> Loaded:
    from plotmodel.diagnostics import Diagnostic, Location  # noqa: PLC0415 - start-up stays cheap
    from plotmodel.loading import Loaded, loads  # noqa: PLC0415 - as above

    try:
        data = sys.stdin.buffer.read(max_bytes + 1)
    except (OSError, AttributeError, ValueError) as error:
        # no standard input at all, a closed one, or one that is not bytes
        message = f"cannot read standard input: {error}".lower().splitlines()[0]
        unreadable = Diagnostic(
            code=_UNREADABLE, rule="unreadable-file", message=message, location=Location(file=name)
        )
        return Loaded(None, (unreadable,), None)
    if len(data) > max_bytes:
        message = f"standard input is over the limit of {max_bytes} bytes"
        too_large = Diagnostic(
            code="PM002", rule="file-too-large", message=message, location=Location(file=name)
        )
        return Loaded(None, (too_large,), None)
    return loads(data, file=name, format="json" if name.lower().endswith(".json") else "yaml")


def _check_file(
    file: str,
    select: Sequence[str],
    ignore: Sequence[str],
    max_bytes: int,
    stdin_name: str | None = None,
) -> tuple[Plot | None, FileReport]:
    """Load and check one file: the plot (if it was built) and every finding."""
    # Collector passes over a large plot's millions of objects cost more than the check itself.
    with paused_gc():
        refused = _settings_problem(_settings_path(file, stdin_name))
        if refused is not None:
            return None, _without_rules(file, max_bytes, stdin_name, refused)
        return _check_paused(file, select, ignore, max_bytes, stdin_name)


def _settings_path(file: str, stdin_name: str | None) -> str:
    """The file whose folder's settings apply: standard input counts as its name, or as here."""
    if file != STDIN:
        return file
    return stdin_name or os.path.join(os.getcwd(), "-")


def _settings_problem(file: str) -> Diagnostic | None:
    """What is wrong with the project settings that apply to ``file``, if anything."""
    from plotmodel.config import ConfigError, project_settings  # noqa: PLC0415 - as below

    try:
        project_settings(os.path.dirname(os.path.abspath(file)))
    except ConfigError as error:
        return error.diagnostic
    return None


def _load(file: str, max_bytes: int, stdin_name: str | None) -> tuple[Loaded, str]:
    """What loading ``file`` (or standard input, for ``-``) gives, and its name in reports."""
    if file == STDIN:
        name = stdin_name or "<stdin>"
        return _read_stdin(name, max_bytes), name
    return load(file, max_bytes=max_bytes), file


def _without_rules(
    file: str, max_bytes: int, stdin_name: str | None, refused: Diagnostic
) -> FileReport:
    """The file's loading findings after the settings' own: no rule runs on unknown settings."""
    from plotmodel.reporting import FileReport  # noqa: PLC0415 - start-up stays cheap

    loaded, name = _load(file, max_bytes, stdin_name)
    return FileReport(name, (refused, *loaded.diagnostics))


def _check_paused(
    file: str,
    select: Sequence[str],
    ignore: Sequence[str],
    max_bytes: int,
    stdin_name: str | None,
) -> tuple[Plot | None, FileReport]:
    loaded, shown = _load(file, max_bytes, stdin_name)
    folder = os.path.dirname(os.path.abspath(_settings_path(file, stdin_name)))
    from plotmodel.checking import check  # noqa: PLC0415 - the rule set loads only when needed
    from plotmodel.config import project_settings  # noqa: PLC0415 - as above
    from plotmodel.reporting import FileReport  # noqa: PLC0415 - as above

    project = None
    if loaded.plot is not None or loaded.partial is not None:
        project = project_settings(folder)
    found = check(loaded, select=select, ignore=ignore, project=project)
    return loaded.plot, FileReport(shown, tuple(found))


def _validate_one(file: str, options: _Options) -> FileReport:
    return _file_report(file, options.select, options.ignore, options.max_bytes, options.stdin_name)


def _validate_chunk(chunk: Sequence[tuple[str, _Options]]) -> list[FileReport]:
    return [_validate_one(file, options) for file, options in chunk]


def _crashed(item: tuple[str, _Options]) -> FileReport:
    from plotmodel.diagnostics import Diagnostic, Location  # noqa: PLC0415 - start-up stays cheap
    from plotmodel.reporting import FileReport  # noqa: PLC0415 - as above

    file, _ = item
    message = (
        "the process checking this file stopped abruptly, twice (out of memory, or a crash): "
        "the file was not checked"
    )
    return FileReport(
        file,
        (
            Diagnostic(
                code=_CRASHED, rule="check-crashed", message=message, location=Location(file=file)
            ),
        ),
    )


def _validate_all(files: Sequence[str], options: _Options, jobs: int) -> Iterator[FileReport]:
    """Each file's report, in the order given, as soon as it and those before it are done."""
    # No more processes than files: each would cost a start-up and check nothing.
    if min(jobs, len(files)) <= 1:
        yield from (_validate_one(file, options) for file in files)
        return
    from plotmodel._parallel import in_order  # noqa: PLC0415 - only --jobs needs it

    yield from in_order(_validate_chunk, [(file, options) for file in files], jobs, _crashed)


def _is_plot_file(path: str) -> bool:
    """Whether a file declares itself a plot file: a top-level ``plotmodel`` key near its start."""
    try:
        with open(path, "rb") as stream:
            head = stream.read(_SNIFF_BYTES)
    except OSError:
        return True  # let loading say why it cannot be read
    if path.lower().endswith(".json"):
        return _JSON_PLOT_KEY.search(head) is not None
    return _PLOT_KEY.search(head) is not None


def find_plot_files(
    paths: Iterable[str], *, include: Sequence[str] = DEFAULT_INCLUDE, only_plots: bool = False
) -> list[str]:
    """The files to check for the paths given: files as named, folders searched.

    In a folder (and its subfolders, hidden ones left out), a file is checked
    when its name matches one of ``include`` and it declares itself a plot file
    with a top-level ``plotmodel`` key. A file named directly is always
    checked, unless ``only_plots`` asks for the same test (for hooks that pass
    every YAML file). ``-`` stands for standard input.

    Args:
        paths: Files, folders, or ``-``.
        include: Shell patterns for the file names searched for in folders.
        only_plots: Apply the folder test to the files named too.
    """
    found: list[str] = []
    for path in paths:
        if path != STDIN and os.path.isdir(path):
            for folder, subfolders, names in os.walk(path):
                subfolders[:] = sorted(d for d in subfolders if not d.startswith("."))
                for name in sorted(names):
                    full = os.path.join(folder, name)
                    # only regular files are opened: a pipe or a device in a folder would hang
                    if (
                        any(fnmatch.fnmatch(name, p) for p in include)
                        and os.path.isfile(full)
                        and _is_plot_file(full)
                    ):
                        found.append(full)
        elif not only_plots or path == STDIN or not os.path.isfile(path) or _is_plot_file(path):
            found.append(path)
    return list(dict.fromkeys(found))


def _colour(choice: str, stream: TextIO | None) -> bool:
    """Whether to colour ``stream``: ``always``, ``never``, or for a terminal (``auto``).

    ``NO_COLOR`` (any value) turns colour off and ``FORCE_COLOR`` on, in ``auto`` only.
    """
    if choice != "auto":
        return choice == "always"
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR", "0") not in ("", "0"):
        return True
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


def _check_selectors(option: str, selectors: Sequence[str]) -> None:
    """A selector on the command line that names no rule is a usage error, named by its option."""
    if not selectors:
        return
    import difflib  # noqa: PLC0415 - only for a usage error

    from plotmodel.checking import select_rules  # noqa: PLC0415 - only when codes are given
    from plotmodel.model import CheckSettings  # noqa: PLC0415 - as above
    from plotmodel.rules import all_rules  # noqa: PLC0415 - as above

    rules = all_rules()
    selection = select_rules(rules, [("options", CheckSettings(select=tuple(selectors)), None)])
    for selector, _, _ in selection.unknown:
        names = [*rules, *(one.slug for one in rules.values())]
        close = difflib.get_close_matches(selector, names, n=1)
        hint = f" (did you mean {quote(close[0])}?)" if close else ""
        raise _Usage(f"{option}: {quote(selector)} names no rule{hint}")


def _failed(diagnostics: Iterable[Diagnostic], fail_on: str) -> bool:
    worst = _SEVERITY_RANK[fail_on]
    return any(d.silenced is None and d.severity.rank <= worst for d in diagnostics)


def _open_output(args: argparse.Namespace, out: TextIO | None) -> TextIO | None:
    if args.output_file is None:
        return out
    try:
        return open(args.output_file, "w", encoding="utf-8")
    except OSError as error:
        reason = (error.strerror or str(error)).lower()
        raise _Usage(f"--output-file: cannot write {quote(args.output_file)}: {reason}") from error


def _run_validate(args: argparse.Namespace, out: TextIO | None) -> int:
    select, ignore = _codes(args.select), _codes(args.ignore)
    _check_selectors("--select", select)
    _check_selectors("--ignore", ignore)
    if args.files.count(STDIN) > 1:
        raise _Usage("standard input ('-') can be read only once")
    files = find_plot_files(
        args.files, include=args.include or DEFAULT_INCLUDE, only_plots=args.only_plot_files
    )
    if not files:
        _say("plotmodel: warning: no plot files found")
    options = _Options(
        select=select, ignore=ignore, max_bytes=args.max_bytes, stdin_name=args.stdin_filename
    )
    jobs = args.jobs if args.jobs is not None else (os.cpu_count() or 1)
    target = _open_output(args, out)
    try:
        colour = args.output_file is None and _colour(args.color, target)
        reports = _report(files, options, jobs, args, target, colour=colour)
    finally:
        if target is not out and target is not None:
            target.close()
    return _status(reports, fail_on=args.fail_on, exit_zero=args.exit_zero)


def _status(
    reports: Sequence[FileReport], *, fail_on: str = "error", exit_zero: bool = False
) -> int:
    """The exit status the findings deserve."""
    diagnostics = [d for r in reports for d in r.diagnostics]
    if any(d.code in _CANNOT_CHECK for d in diagnostics):
        return EXIT_USAGE
    if not exit_zero and _failed(diagnostics, fail_on):
        return EXIT_ERRORS
    return EXIT_CLEAN


def _once_each(report: FileReport, seen: set[tuple[str, str]]) -> FileReport:
    """Report a broken pyproject.toml once, with the first plot it applies to."""
    from plotmodel.reporting import FileReport  # noqa: PLC0415 - start-up stays cheap

    diagnostics = []
    for found in report.diagnostics:
        if found.code == _CONFIG:
            key = (str(found.location), found.message)
            if key in seen:
                continue
            seen.add(key)
        diagnostics.append(found)
    return FileReport(report.file, tuple(diagnostics))


def _report(
    files: Sequence[str],
    options: _Options,
    jobs: int,
    args: argparse.Namespace,
    target: TextIO | None,
    *,
    colour: bool,
) -> list[FileReport]:
    """Write the report, file by file for the line formats; return every file's findings."""
    from plotmodel.reporting import (  # noqa: PLC0415 - start-up stays cheap
        REPORTERS,
        STREAMED,
        summarize,
    )

    reports: list[FileReport] = []
    streamed = STREAMED.get(args.format)
    seen: set[tuple[str, str]] = set()
    for checked in _validate_all(files, options, jobs):
        report = _once_each(checked, seen)
        reports.append(report)
        if streamed is not None:
            extra: dict[str, Any] = {"colour": colour} if args.format == "text" else {}
            _write(target, streamed(report, show_silenced=args.show_silenced, **extra))
    if streamed is not None:
        _write(target, str(summarize(reports)) + "\n")
    else:
        _write(target, REPORTERS[args.format](reports, show_silenced=args.show_silenced))
    return reports


def _width(args: argparse.Namespace, out: TextIO | None) -> int:
    """The width to wrap ``show`` to: ``--width``, else the terminal's, else no wrapping."""
    if args.width is not None:
        return int(args.width)
    isatty = getattr(out, "isatty", None)
    if isatty and isatty():
        import shutil  # noqa: PLC0415 - only a terminal needs its size

        return shutil.get_terminal_size().columns
    columns = os.environ.get("COLUMNS", "")
    return int(columns) if columns.isdigit() else 0


def _run_show(args: argparse.Namespace, out: TextIO | None) -> int:
    from plotmodel.reporting import report_text  # noqa: PLC0415 - only on failure
    from plotmodel.telling import tell  # noqa: PLC0415 - only show needs it

    plot, report = _check_file(args.file, (), (), args.max_bytes)
    if plot is None:
        _write(out, report_text([report]))
        return max(_status([report]), EXIT_ERRORS)
    findings = [d for d in report.diagnostics if d.silenced is None]
    colour = _colour(args.color, out)
    width = _width(args, out)
    _write(
        out, tell(_escaped(plot), order=args.order, colour=colour, width=width, findings=findings)
    )
    return EXIT_CLEAN


def _escaped(value: Any) -> Any:
    """A copy of ``value`` (a plot, or any part of one) with every text in it escaped.

    The timeline prints ids, names and questions; escaped first, none of them can
    forge a line or send a control character to the terminal. Parts without such
    characters are kept as they are, so a clean plot is returned unchanged.
    """
    import attrs  # noqa: PLC0415 - start-up stays cheap

    if isinstance(value, str):
        return escape(value)
    if isinstance(value, tuple):
        items = tuple(_escaped(item) for item in value)
        return value if all(a is b for a, b in zip(items, value, strict=True)) else items
    if attrs.has(type(value)):
        changes = {}
        for field in attrs.fields(type(value)):
            old = getattr(value, field.name)
            new = _escaped(old)
            if new is not old:
                changes[field.name] = new
        return attrs.evolve(value, **changes) if changes else value
    return value


def _run_schema(_args: argparse.Namespace, out: TextIO | None) -> int:
    from plotmodel.schema import schema_text  # noqa: PLC0415 - only this command needs it

    _write(out, schema_text())
    return EXIT_CLEAN


def _run_new(args: argparse.Namespace, out: TextIO | None) -> int:
    from plotmodel.starter import starter  # noqa: PLC0415 - only this command needs it

    if not args.title.strip():
        raise _Usage("the title must not be empty")
    text = starter(args.title)
    if args.output is None:
        _write(out, text)
        return EXIT_CLEAN
    try:
        # "x": never overwrite a plot someone has already started
        with open(args.output, "x", encoding="utf-8", newline="\n") as stream:
            stream.write(text)
    except FileExistsError:
        raise _Usage(f"{quote(args.output)} already exists; choose another name") from None
    except OSError as error:
        reason = (error.strerror or str(error)).lower()
        raise _Usage(f"cannot write {quote(args.output)}: {reason}") from error
    _say(f"wrote {escape(args.output)}")
    return EXIT_CLEAN


def _run_rules(args: argparse.Namespace, out: TextIO | None) -> int:
    import json  # noqa: PLC0415 - only for --format json

    from plotmodel.rules import all_rules  # noqa: PLC0415 - only these commands need the rules

    rules = sorted(all_rules().values(), key=lambda one: one.code)
    if args.format == "json":
        listed = [
            {
                "code": r.code,
                "rule": r.slug,
                "severity": r.severity.value,
                "summary": r.summary.replace("``", ""),
            }
            for r in rules
        ]
        _write(out, json.dumps(listed, indent=2, ensure_ascii=False) + "\n")
        return EXIT_CLEAN
    slug = max(len(r.slug) for r in rules)
    for one in rules:
        summary = one.summary.replace("``", "")
        _write(out, f"{one.code}  {one.slug:<{slug}}  {one.severity.value:<7}  {summary}\n")
    return EXIT_CLEAN


def _run_explain(args: argparse.Namespace, out: TextIO | None) -> int:
    import difflib  # noqa: PLC0415 - only for a usage error

    from plotmodel.rules import all_rules  # noqa: PLC0415 - only these commands need the rules

    rules = all_rules()
    wanted = args.rule.strip()
    found = rules.get(wanted.upper()) or next(
        (one for one in rules.values() if one.slug == wanted), None
    )
    if found is None:
        names = [*rules, *(one.slug for one in rules.values())]
        close = difflib.get_close_matches(wanted, names, n=1)
        hint = f" (did you mean {quote(close[0])}?)" if close else ""
        raise _Usage(f"{quote(wanted)} names no rule{hint}; 'plotmodel rules' lists them")
    _write(out, f"{found.code} {found.slug} ({found.severity.value})\n\n{found.doc}\n")
    return EXIT_CLEAN


# -- query ---------------------------------------------------------------------


def _id_of(state: StoryState, id_: str, kinds: Sequence[str], what: str) -> str:
    """``id_`` if it names an element of one of ``kinds``, else a usage error that suggests one."""
    kind = state.index.kind(id_)
    if kind is not None and kind.value in kinds:
        return id_
    if what == "a knower" and id_ == "audience":
        return id_
    import difflib  # noqa: PLC0415 - only for a usage error

    ids = [i for i, k in state.index.kinds.items() if k.value in kinds]
    close = difflib.get_close_matches(id_, ids, n=1)
    hint = f" (did you mean {quote(close[0])}?)" if close else ""
    raise _Usage(f"{quote(id_)} is not {what} of the plot{hint}")


def _ask(args: argparse.Namespace, state: StoryState) -> tuple[str, object]:
    """The question in words, and the story state's answer."""
    question = args.question
    if question == "state":
        event = _id_of(state, args.event, ("events",), "an event")
        when = "after" if args.after else "before"
        return f"the story {when} {event}", state.at(event, after=args.after)
    if question == "knows":
        from plotmodel.model import Belief  # noqa: PLC0415 - start-up stays cheap

        who = _id_of(state, args.who, ("characters", "groups"), "a knower")
        event = _id_of(state, args.event, ("events",), "an event")
        moment = state.after(event) if args.after else state.before(event)
        when = "after" if args.after else "before"
        stands = {fact: state.belief(who, fact, moment) for fact in state.heard(who, moment)}
        known = {
            "knows": state.knowledge(who, moment),
            "believes": state.beliefs(who, moment),
            "wrongly_believes": state.false_beliefs(who, moment),
            "suspects": frozenset(f for f, s in stands.items() if s is Belief.SUSPECTS),
            "doubts": frozenset(f for f, s in stands.items() if s is Belief.DOUBTS),
            "told_but_does_not_believe": frozenset(
                f for f, s in stands.items() if s is Belief.TOLD
            ),
        }
        return f"what {who} knows and believes {when} {event}", known
    if question == "fact":
        fact = _id_of(state, args.fact, ("facts",), "a fact")
        learned = [one for one in state.learnings() if one.fact == fact]
        start = state.holds_from(fact)
        holds = state.change_at(start) if start else None
        return f"who learns {fact}, and when", {
            # a fact true from the story's start holds from no event
            "holds_from": "the start" if start == 0 else holds.event if holds else None,
            "learned": learned,
            "believed_at_the_end_by": state.believers(fact, state.end),
        }
    if question == "life":
        who = _id_of(state, args.who, ("characters",), "a character")
        return f"the life of {who}", {"alive": state.lives(who), "deaths": state.deaths(who)}
    if question == "custody":
        who = _id_of(state, args.who, ("characters", "groups"), "a character or group")
        return f"the custody of {who}", state.custody_spans(who)
    character = args.character and _id_of(state, args.character, ("characters",), "a character")
    fact = args.fact and _id_of(state, args.fact, ("facts",), "a fact")
    moments = tuple(state.dramatic_irony(character=character, fact=fact))
    if args.at is not None:
        at = _id_of(state, args.at, ("events",), "an event")
        moments = tuple(m for m in moments if m.event == at)
    return "dramatic irony, in screen order", moments


def _run_query(args: argparse.Namespace, out: TextIO | None) -> int:
    from plotmodel.answers import answer_json, answer_text  # noqa: PLC0415 - only query
    from plotmodel.reporting import report_text  # noqa: PLC0415 - only when it cannot load
    from plotmodel.state import story_state  # noqa: PLC0415 - only query

    plot, report = _check_file(args.file, (), (), args.max_bytes)
    if plot is None:
        _write(out, report_text([report]))
        return max(_status([report]), EXIT_ERRORS)
    question, answer = _ask(args, story_state(plot))
    write = answer_json if args.format == "json" else answer_text
    _write(out, write(question, answer))
    return EXIT_CLEAN


# -- arguments -----------------------------------------------------------------


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a number of at least 1, got {value}")
    return value


class _Version(argparse.Action):
    """Print the installed version on standard output."""

    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        values: object,
        option_string: str | None = None,
    ) -> None:
        from plotmodel import __version__  # noqa: PLC0415 - the package, not its metadata

        _write(sys.stdout, f"plotmodel {__version__}\n")
        parser.exit()


def _colour_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--color",
        "--colour",
        choices=("auto", "always", "never"),
        default="auto",
        help="colour the output: auto (a terminal, unless NO_COLOR is set; FORCE_COLOR "
        "forces it), always or never (default: auto)",
    )


def _max_bytes_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--max-bytes",
        type=_positive,
        default=DEFAULT_MAX_BYTES,
        metavar="N",
        help=f"refuse files larger than N bytes (default: {DEFAULT_MAX_BYTES})",
    )


def _validate_parser(commands: Any) -> None:
    validate = commands.add_parser(
        "validate",
        help="load plot files and report every problem",
        description="Load plot files, check them for plot holes, report every finding.",
    )
    validate.add_argument(
        "files",
        nargs="+",
        metavar="PATH",
        help="plot files (YAML or JSON), folders to search for them, or - for standard input",
    )
    validate.add_argument(
        "--format", choices=FORMATS, default="text", help="output format (default: text)"
    )
    validate.add_argument(
        "--select",
        action="append",
        metavar="CODES",
        help="only these rules: codes, family prefixes or slugs, comma-separated",
    )
    validate.add_argument(
        "--ignore", action="append", metavar="CODES", help="never these rules, comma-separated"
    )
    validate.add_argument(
        "--show-silenced",
        action="store_true",
        help="also show findings the plot silences, with their reasons",
    )
    validate.add_argument(
        "--include",
        action="append",
        metavar="PATTERN",
        help="file names to look for in folders, as a shell pattern; may be repeated "
        f"(default: {' '.join(DEFAULT_INCLUDE)})",
    )
    validate.add_argument(
        "--only-plot-files",
        action="store_true",
        help="skip named files that do not declare themselves plot files, as in folders "
        "(for hooks that pass every YAML and JSON file)",
    )
    validate.add_argument(
        "--stdin-filename",
        metavar="NAME",
        help="the name to give standard input in reports; a .json name reads it as JSON",
    )
    validate.add_argument(
        "--output-file", "-o", metavar="FILE", help="write the report to FILE, not to the screen"
    )
    validate.add_argument(
        "--exit-zero",
        action="store_true",
        help="exit 0 even when findings fail the run (unreadable files still exit 2)",
    )
    validate.add_argument(
        "--fail-on",
        choices=tuple(_SEVERITY_RANK),
        default="error",
        help="the least severity that fails the run: error (default), warning or info",
    )
    _colour_option(validate)
    _max_bytes_option(validate)
    validate.add_argument(
        "--jobs",
        type=_positive,
        metavar="N",
        help="check files in N processes (default: the number of cores)",
    )


def _query_parser(commands: Any) -> None:
    query = commands.add_parser(
        "query",
        help="ask the story questions: the state, knowledge, lives, custody, irony",
        description="Answer a story question about one plot, in text or JSON.",
    )
    query.add_argument("file", metavar="FILE", help="the plot file")
    _max_bytes_option(query)
    questions = query.add_subparsers(dest="question", required=True, metavar="QUESTION")
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--format", choices=("text", "json"), default="text", help="text (default) or json"
    )
    at = argparse.ArgumentParser(add_help=False)
    at.add_argument("--after", action="store_true", help="just after the event, not before it")
    state = questions.add_parser(
        "state", parents=[common, at], help="how the story stands at an event"
    )
    state.add_argument("event", metavar="EVENT")
    knows = questions.add_parser(
        "knows", parents=[common, at], help="what a character knows and believes at an event"
    )
    knows.add_argument("who", metavar="CHARACTER")
    knows.add_argument("event", metavar="EVENT")
    fact = questions.add_parser("fact", parents=[common], help="who learns a fact, and when")
    fact.add_argument("fact", metavar="FACT")
    life = questions.add_parser("life", parents=[common], help="when a character is alive")
    life.add_argument("who", metavar="CHARACTER")
    custody = questions.add_parser(
        "custody", parents=[common], help="when a character or group is held"
    )
    custody.add_argument("who", metavar="WHO")
    irony = questions.add_parser(
        "irony", parents=[common], help="where the audience and a character know different things"
    )
    irony.add_argument("--character", metavar="ID", help="only moments about this character")
    irony.add_argument("--fact", metavar="ID", help="only moments about this fact")
    irony.add_argument("--at", metavar="EVENT", help="only at this event on screen")


def build_parser() -> argparse.ArgumentParser:
    """The argument parser for every ``plotmodel`` command."""
    parser = argparse.ArgumentParser(
        prog="plotmodel",
        description="Check film plots for plot holes, show them as timelines, ask them questions.",
    )
    parser.add_argument("--version", action=_Version, nargs=0, help="print the version and exit")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    _validate_parser(commands)

    show = commands.add_parser(
        "show",
        help="print a plot's timeline, with its findings",
        description="Print a plot's events as a timeline, each with the findings about it, "
        "then the open threads, unpaid setups and discrepancies.",
    )
    show.add_argument("file", metavar="FILE", help="the plot file, or - for standard input")
    show.add_argument(
        "--order",
        choices=("story", "screen"),
        default="story",
        help="story (chronological, default) or screen (as the film shows it)",
    )
    show.add_argument(
        "--width",
        type=_positive,
        metavar="N",
        help="wrap lines at N columns (default: the terminal's width; COLUMNS when not a "
        "terminal; else no wrapping)",
    )
    _colour_option(show)
    _max_bytes_option(show)

    _query_parser(commands)

    commands.add_parser(
        "schema",
        help="print the JSON Schema of plot files, for editors",
        description="Print the JSON Schema (draft-07) of the plot file format.",
    )
    new = commands.add_parser(
        "new",
        help="write a commented starter plot",
        description="Write a starter plot file, with a comment for each part, that validates.",
    )
    new.add_argument("title", metavar="TITLE", help="the film's title")
    new.add_argument("--output", "-o", metavar="FILE", help="write it to FILE (never overwritten)")
    rules = commands.add_parser(
        "rules",
        help="list every rule: code, slug, severity and summary",
        description="List every rule plotmodel knows.",
    )
    rules.add_argument("--format", choices=("text", "json"), default="text")
    explain = commands.add_parser(
        "explain",
        help="print a rule's documentation",
        description="Print what a rule finds, why it matters, and a failing and a passing example.",
    )
    explain.add_argument("rule", metavar="CODE", help="a rule's code (PM301) or slug")
    _add_render(commands)
    _add_lsp(commands)
    return parser


# -- render: pictures of a plot ------------------------------------------------------

_PICTURE_KINDS: Final = ("lanes", "screen", "knowledge", "relations")
_PICTURE_FORMATS: Final = (".svg", ".html", ".mmd")


def _add_render(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    # The kinds and formats are named here, not imported: building the parser must not load
    # the pictures (--version and --help stay instant). A test holds them to the pictures'.
    render = commands.add_parser(
        "render",
        help="draw a picture of a plot",
        description=(
            "Draw a picture of a plot: character lanes, story against screen, who knows what,"
            " or relationships. The output's extension picks the format: "
            + ", ".join(_PICTURE_FORMATS)
            + " (Mermaid text, for lanes and relations). The checker's findings are marked"
            " on the lanes."
        ),
    )
    render.add_argument("file", metavar="FILE", help="the plot file")
    render.add_argument("--kind", choices=_PICTURE_KINDS, required=True, help="which picture")
    render.add_argument(
        "--output", "-o", required=True, metavar="OUT", help="the file to write: .svg, .html, .mmd"
    )
    render.add_argument(
        "--max-bytes", type=_positive, default=DEFAULT_MAX_BYTES, metavar="N", help="as validate"
    )


def _run_render(args: argparse.Namespace, out: TextIO | None) -> int:
    """Draw the picture into its file; what is printed is only the report of a failure."""
    from plotmodel.pictures import MERMAID_KINDS, format_for, render  # noqa: PLC0415 - as above
    from plotmodel.reporting import report_text  # noqa: PLC0415 - only on failure

    try:
        chosen = format_for(args.output)
    except ValueError as error:
        raise _Usage(escape(str(error))) from None
    if chosen == "mermaid" and args.kind not in MERMAID_KINDS:
        raise _Usage(
            f"Mermaid text is drawn for {' and '.join(MERMAID_KINDS)} only, not {args.kind}"
        )
    plot, report = _check_file(args.file, (), (), args.max_bytes)
    if plot is None:
        _write(out, report_text([report]))
        return max(_status([report]), EXIT_ERRORS)
    drawn = render(plot, args.kind, chosen, findings=report.diagnostics)
    try:
        with open(args.output, "w", encoding="utf-8", newline="\n") as picture:
            picture.write(drawn)
    except OSError as error:
        raise _Usage(escape(f"cannot write {args.output!r}: {error.strerror or error}")) from None
    return EXIT_CLEAN


# -- the language server: `plotmodel lsp` -------------------------------------


def _add_lsp(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    commands.add_parser(
        "lsp",
        help="run the language server (for editors) over standard input and output",
        description=(
            "Run the plotmodel language server over standard input and output, for editors: "
            "findings as you type, hovers, go to definition, completion, rename, quick fixes. "
            "Needs the lsp extra: pip install 'plotmodel[lsp]'."
        ),
    )


def _run_lsp(_args: argparse.Namespace, _out: TextIO | None) -> int:
    """Serve an editor over standard input and output until it closes them."""
    try:
        from plotmodel.lsp import serve  # noqa: PLC0415 - pygls loads only for this command
    except ImportError as error:
        missing = error.name or "pygls"
        _say(
            f"plotmodel: error: the language server needs {missing}: "
            "install it with pip install 'plotmodel[lsp]'"
        )
        return EXIT_USAGE
    return serve()


_COMMANDS: Final = {
    "validate": _run_validate,
    "show": _run_show,
    "query": _run_query,
    "schema": _run_schema,
    "new": _run_new,
    "rules": _run_rules,
    "explain": _run_explain,
    "render": _run_render,
    "lsp": _run_lsp,
}


def main(argv: list[str] | None = None) -> int:
    """Run the ``plotmodel`` command and return its exit status.

    Ctrl-C at any moment ends it with one line and the status 130. A standard
    output closed early (``plotmodel validate ... | head``) ends it quietly,
    with the status the findings deserve.

    Args:
        argv: The arguments after the program name; ``sys.argv[1:]`` when ``None``.
    """
    try:
        status = _main(argv)
    except KeyboardInterrupt:
        _say("plotmodel: interrupted")
        status = EXIT_INTERRUPTED
    # Written out now, while a closed output can still be told apart from a failure.
    _flush(sys.stdout)
    return status


def _main(argv: list[str] | None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as stop:
        # argparse exits on --help, --version and usage errors; report its status instead.
        return stop.code if isinstance(stop.code, int) else EXIT_USAGE
    try:
        return _COMMANDS[args.command](args, sys.stdout)
    except _Usage as error:
        _say(f"plotmodel: error: {error}")
        return EXIT_USAGE
    except Exception as error:  # the user sees one line, never a traceback
        message = str(error).splitlines()[0] if str(error) else ""
        _say(escape(f"plotmodel: internal error: {type(error).__name__}: {message}"))
        return EXIT_USAGE


def _write(out: TextIO | None, text: str) -> None:
    """Write output; a reader that went away is no failure, so it is not reported."""
    if out is None:
        return  # started without a standard output: the status says it all
    try:
        out.write(text)
        out.flush()
    except (OSError, ValueError):
        _discard(out)


def _flush(out: TextIO | None) -> None:
    if out is None:
        return
    try:
        out.flush()
    except (OSError, ValueError):
        _discard(out)


def _discard(out: TextIO) -> None:
    """Send what is left of a closed output nowhere, so that exiting does not fail on it."""
    with contextlib.suppress(OSError, ValueError, io.UnsupportedOperation):
        nowhere = os.open(os.devnull, os.O_WRONLY)
        try:
            os.dup2(nowhere, out.fileno())
        finally:
            os.close(nowhere)


def _say(line: str) -> None:
    """One line on standard error, if there is one to write to."""
    if sys.stderr is None:
        return
    with contextlib.suppress(OSError, ValueError):
        print(line, file=sys.stderr, flush=True)
