"""PM0xx file and schema: what the file itself gets wrong, as the loader reports it.

The loader (`plotmodel.load`) finds these while it reads the text and builds
the plot; no rule function runs for them. They are rules all the same, so
they can be selected, ignored, silenced, listed and documented like any other.

When the plot cannot be built at all, the file's problems are always
reported, whatever the selection: nothing else could say what is wrong. When
a plot can be built once the faulty values are cut out, the reference rules
run on what is left; with every error of the file ignored, every rule does.
"""

from __future__ import annotations

from collections.abc import Iterator

from plotmodel.diagnostics import Severity
from plotmodel.rules import Context, Finding, rule

__all__ = [
    "alias",
    "check_crashed",
    "conflicting_keys",
    "duplicate_key",
    "file_too_large",
    "format_version",
    "invalid_config",
    "invalid_value",
    "missing_key",
    "non_string_key",
    "not_a_plot",
    "not_utf8",
    "syntax_error",
    "too_deep",
    "unknown_key",
    "unreadable_file",
    "unsupported_tag",
    "wrong_type",
]


def _by_the_loader(_context: Context) -> Iterator[Finding]:
    return iter(())


@rule("PM001", "unreadable-file", Severity.ERROR)
def unreadable_file(context: Context) -> Iterator[Finding]:
    """The file is missing, cannot be read, or is not a regular file.

    Nothing can be checked in a file that cannot be read; the message gives
    the system's reason. A folder, a pipe or a device is refused before it is
    read, so a run never hangs on one.
    """
    return _by_the_loader(context)


@rule("PM002", "file-too-large", Severity.ERROR)
def file_too_large(context: Context) -> Iterator[Finding]:
    """The file is larger than the byte limit.

    A plot file is text a person writes; a file of hundreds of megabytes is a
    mistake or an attack. It is refused before it is read (the limit is
    ``--max-bytes``, 128 MiB unless told otherwise).
    """
    return _by_the_loader(context)


@rule("PM003", "wrong-type", Severity.ERROR)
def wrong_type(context: Context) -> Iterator[Finding]:
    """A value has the wrong type: the message says what was expected and what was found.

    Nothing is converted silently: ``"5"`` is not a number and ``lino`` is not
    a list. A number or a boolean where text belongs gets a hint to quote it.

    Fails:
        plotmodel: 1
        title: 1917  # PM003

    Passes:
        plotmodel: 1
        title: '1917'
    """
    return _by_the_loader(context)


@rule("PM004", "missing-key", Severity.ERROR)
def missing_key(context: Context) -> Iterator[Finding]:
    """A required key is missing; the finding is located at the mapping that lacks it.

    Every element needs an ``id`` and a ``name``; every effect the keys that
    say what it changes.

    Fails:
        plotmodel: 1
        title: Nameless
        events:
          - id: drive  # PM004

    Passes:
        plotmodel: 1
        title: Nameless
        events:
          - id: drive
            name: A drive at night
    """
    return _by_the_loader(context)


@rule("PM005", "unknown-key", Severity.ERROR)
def unknown_key(context: Context) -> Iterator[Finding]:
    """A key the format does not know, or an unknown effect; a close known key is suggested.

    A misspelt key would otherwise be dropped without a word, and what it
    meant to say would be lost. Ignoring this rule checks the plot without
    the unknown keys.

    Fails:
        plotmodel: 1
        title: Ranks
        characters:
          - id: lino
            name: Lino
            rank: captain  # PM005
        events:
          - {id: drive, name: Lino drives, agents: [lino]}

    Passes:
        plotmodel: 1
        title: Ranks
        characters:
          - id: lino
            name: Lino
            description: a captain
        events:
          - {id: drive, name: Lino drives, agents: [lino]}
    """
    return _by_the_loader(context)


@rule("PM006", "duplicate-key", Severity.ERROR)
def duplicate_key(context: Context) -> Iterator[Finding]:
    """A key is given twice in one mapping; the first one is shown as related.

    YAML readers usually keep one of the two values quietly, so the other is
    lost; plotmodel refuses to guess which one was meant.

    Fails:
        plotmodel: 1
        title: Twice
        title: Again  # PM006

    Passes:
        plotmodel: 1
        title: Twice
    """
    return _by_the_loader(context)


@rule("PM007", "invalid-value", Severity.ERROR)
def invalid_value(context: Context) -> Iterator[Finding]:
    """A value of the right type that the format does not allow.

    An enum value outside its list (the allowed values are given, with the
    closest one), an empty name, an id with spaces.

    Fails:
        plotmodel: 1
        title: Forever
        events:
          - id: wait
            name: A long wait
            span: forever  # PM007

    Passes:
        plotmodel: 1
        title: Forever
        events:
          - id: wait
            name: A long wait
            span: period
    """
    return _by_the_loader(context)


@rule("PM008", "not-utf8", Severity.ERROR)
def not_utf8(context: Context) -> Iterator[Finding]:
    """The file is not valid UTF-8; the first byte that cannot be decoded is located.

    Plot files are UTF-8 text (a leading byte order mark is accepted). A file
    saved in another encoding would show its names garbled.
    """
    return _by_the_loader(context)


@rule("PM009", "syntax-error", Severity.ERROR)
def syntax_error(context: Context) -> Iterator[Finding]:
    """The text is not valid YAML or JSON.

    The parser's complaint is given at the place it stopped; nothing after it
    can be read. When what it was reading began on an earlier line, a note
    points there: a key missing its colon is noticed only on the next line,
    and the note names the key's own line.

    Fails:
        plotmodel: 1
        title: Lost
          description: a key too far in  # PM009

    Passes:
        plotmodel: 1
        title: Lost
        description: a key too far in
    """
    return _by_the_loader(context)


@rule("PM010", "too-deep", Severity.ERROR)
def too_deep(context: Context) -> Iterator[Finding]:
    """Nesting deeper than any plot needs (1000 levels).

    No plot comes near it; a file that does is built to exhaust the reader.
    """
    return _by_the_loader(context)


@rule("PM011", "unsupported-tag", Severity.ERROR)
def unsupported_tag(context: Context) -> Iterator[Finding]:
    """An explicit YAML tag other than the plain data tags.

    ``!!python/object`` and friends would build objects or run code in other
    readers; in a plot file they never build anything.

    Fails:
        plotmodel: 1
        title: !!python/name:os.system Tagged  # PM011

    Passes:
        plotmodel: 1
        title: !!str Tagged
    """
    return _by_the_loader(context)


@rule("PM012", "alias", Severity.ERROR)
def alias(context: Context) -> Iterator[Finding]:
    """A YAML anchor or alias; plot files write every value out.

    A few nested aliases can expand into billions of values. The first ten
    are reported one by one and the rest counted; nothing is ever expanded.
    An anchor is refused too, though its value is kept.

    Fails:
        plotmodel: 1
        title: &name Echo  # PM012
        description: *name  # PM012

    Passes:
        plotmodel: 1
        title: Echo
        description: Echo
    """
    return _by_the_loader(context)


@rule("PM013", "not-a-plot", Severity.ERROR)
def not_a_plot(context: Context) -> Iterator[Finding]:
    """The file is empty, or holds a list or a single value instead of a mapping.

    A plot file is a mapping that starts with ``plotmodel: 1``.

    Fails:
        - plotmodel: 1  # PM013

    Passes:
        plotmodel: 1
        title: A list no more
    """
    return _by_the_loader(context)


@rule("PM014", "format-version", Severity.ERROR)
def format_version(context: Context) -> Iterator[Finding]:
    """``plotmodel: 1`` is missing, or names a version this library does not read.

    The version line says which format the file follows, so that a later
    format never misreads an older file.

    Fails:
        plotmodel: 2  # PM014
        title: From the future

    Passes:
        plotmodel: 1
        title: From the future
    """
    return _by_the_loader(context)


@rule("PM015", "non-string-key", Severity.ERROR)
def non_string_key(context: Context) -> Iterator[Finding]:
    """A mapping key that is not text, such as ``1:`` or ``[a, b]:``.

    Every key of the format is a word; a number or a list as a key is a slip
    of the pen.

    Fails:
        plotmodel: 1
        title: Keys
        1: one  # PM015

    Passes:
        plotmodel: 1
        title: Keys
    """
    return _by_the_loader(context)


@rule("PM016", "conflicting-keys", Severity.ERROR)
def conflicting_keys(context: Context) -> Iterator[Finding]:
    """A short form given together with its long form (``agent`` and ``agents``).

    The two say the same thing in different words; with both, the file no
    longer says which one it means.

    Fails:
        plotmodel: 1
        title: Both
        characters:
          - {id: lino, name: Lino}
        events:
          - id: drive
            name: Lino drives
            agent: lino  # PM016
            agents: [lino]

    Passes:
        plotmodel: 1
        title: Both
        characters:
          - {id: lino, name: Lino}
        events:
          - id: drive
            name: Lino drives
            agent: lino
    """
    return _by_the_loader(context)


@rule("PM017", "invalid-config", Severity.ERROR)
def invalid_config(context: Context) -> Iterator[Finding]:
    """The project's settings (``[tool.plotmodel]`` in ``pyproject.toml``) cannot be used.

    The file is not UTF-8 or not TOML, is too large or nested too deep, or
    its table holds an unknown key, a value of the wrong type, or a selector
    that names no rule. The finding is located in that file; no rule runs on
    settings it cannot read, so the command exits with status 2.
    """
    return _by_the_loader(context)


@rule("PM018", "check-crashed", Severity.ERROR)
def check_crashed(context: Context) -> Iterator[Finding]:
    """Checking the file stopped the worker process it ran in, twice.

    With ``--jobs``, files are checked in worker processes. A worker that
    dies costs only the files it held, which are checked again one at a time;
    a file that stops its worker a second time is reported alone, so every
    other file's findings still come out. The command exits with status 2.
    """
    return _by_the_loader(context)
