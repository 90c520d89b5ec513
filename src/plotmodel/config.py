"""Project settings: the ``[tool.plotmodel]`` table of the nearest pyproject.toml.

A project chooses its rules once for every plot it checks::

    [tool.plotmodel]
    select = ["PM2", "PM3", "acts-on-unknown-fact"]
    ignore = ["PM801"]

A pyproject.toml comes with the plots, from whoever wrote the pull request, so
it is read as carefully as they are: a regular file of at most 1 MiB, UTF-8,
nested no deeper than 100 levels. Anything wrong with it (unreadable, not
TOML, an unknown key, a value of the wrong type, a selector that names no
rule) is a `ConfigError` whose `Diagnostic` (PM017) names the file, line and
column, so a typo never quietly turns a rule off.
"""

from __future__ import annotations

import os
import re
import tomllib
from pathlib import Path
from typing import Final

from plotmodel._files import Refused, read_regular
from plotmodel._positions import offset_position
from plotmodel._text import quote
from plotmodel.diagnostics import Diagnostic, Location
from plotmodel.model import CheckSettings

__all__ = [
    "CONFIG_CODE",
    "CONFIG_MAX_BYTES",
    "CONFIG_MAX_DEPTH",
    "ConfigError",
    "find_pyproject",
    "project_settings",
    "settings_from_table",
]

#: The code of every finding about the project's settings, and its slug.
CONFIG_CODE: Final = "PM017"
_CONFIG_RULE: Final = "invalid-config"

#: The largest pyproject.toml read; larger ones are refused unread.
CONFIG_MAX_BYTES: Final = 1024 * 1024

#: The deepest nesting of arrays and inline tables a pyproject.toml may have.
CONFIG_MAX_DEPTH: Final = 100

_KEYS: Final = ("select", "ignore")


class ConfigError(ValueError):
    """The project's ``[tool.plotmodel]`` table cannot be read or is not valid.

    Attributes:
        diagnostic: The finding, located in the pyproject.toml (PM017).
    """

    def __init__(self, message: str, diagnostic: Diagnostic | None = None) -> None:
        """Report ``message``; ``diagnostic`` places it in the file, when known."""
        super().__init__(message)
        self.diagnostic = diagnostic or Diagnostic(
            code=CONFIG_CODE, rule=_CONFIG_RULE, message=message
        )


def find_pyproject(path: str | os.PathLike[str]) -> Path | None:
    """The nearest pyproject.toml in ``path`` (a file's folder, or a folder) or above it.

    A pyproject.toml that is there but is no regular file (a pipe, a folder) is
    found all the same, and refused when read, rather than passed over for one
    further up.
    """
    start = Path(path).resolve()
    folder = start if start.is_dir() else start.parent
    for candidate in (folder, *folder.parents):
        found = candidate / "pyproject.toml"
        if found.exists() or found.is_symlink():
            return found
    return None


def settings_from_table(table: object, *, origin: str = "[tool.plotmodel]") -> CheckSettings:
    """Validate a ``[tool.plotmodel]`` table strictly and build its settings.

    Args:
        table: The parsed table.
        origin: Where the table comes from, for error messages.

    Raises:
        ConfigError: If the table is not a table, has an unknown key, or a
            value that is not a list of strings.
    """
    if not isinstance(table, dict):
        raise ConfigError(f"{origin}: expected a table, got {type(table).__name__}")
    unknown = sorted(set(table) - set(_KEYS))
    if unknown:
        allowed = ", ".join(_KEYS)
        raise ConfigError(f"{origin}: unknown key {quote(unknown[0])} (allowed: {allowed})")
    values: dict[str, tuple[str, ...]] = {}
    for key in _KEYS:
        value = table.get(key, [])
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            raise ConfigError(f"{origin}: '{key}' must be a list of rule codes, prefixes or slugs")
        values[key] = tuple(value)
    return CheckSettings(select=values["select"], ignore=values["ignore"])


def project_settings(path: str | os.PathLike[str]) -> CheckSettings | None:
    """The settings of the project ``path`` belongs to, or ``None`` if it has none.

    Reads the ``[tool.plotmodel]`` table of the nearest pyproject.toml at or
    above ``path``; a pyproject.toml without that table means no settings.

    Raises:
        ConfigError: If that pyproject.toml cannot be read, is not valid TOML, or
            its table is not valid or names a rule that does not exist.
    """
    found = find_pyproject(path)
    if found is None:
        return None
    key = _identity(found)
    cached = _CACHE.get(found)
    if cached is not None and cached[0] == key:
        if isinstance(cached[1], ConfigError):
            raise cached[1]
        return cached[1]
    try:
        settings: CheckSettings | ConfigError | None = _read(found)
    except ConfigError as error:
        settings = error
    if key is not None:
        _CACHE[found] = (key, settings)
    if isinstance(settings, ConfigError):
        raise settings
    return settings


# Each pyproject.toml read in this process, by what its file was when read: many plots
# share one, and each would otherwise read it again.
_CACHE: dict[Path, tuple[tuple[int, ...], CheckSettings | ConfigError | None]] = {}


def _identity(found: Path) -> tuple[int, ...] | None:
    try:
        status = found.stat()
    except OSError:
        return None
    return (status.st_dev, status.st_ino, status.st_size, status.st_mtime_ns, status.st_mode)


def _shown(found: Path) -> str:
    """The file's name as findings give it: from the working folder when it is below it."""
    try:
        return str(found.relative_to(Path.cwd()))
    except ValueError:
        return str(found)


def _read(found: Path) -> CheckSettings | None:
    file = _shown(found)
    try:
        data = read_regular(file, CONFIG_MAX_BYTES)
    except Refused as refused:
        raise _error(file, refused.message) from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line, column = offset_position(*_decoded_prefix(data, error.start))
        message = f"the file is not UTF-8: byte 0x{data[error.start]:02x} cannot be decoded"
        raise _error(file, message, line, column) from None
    deep = _too_deep(text)
    if deep is not None:
        message = f"nesting is deeper than {CONFIG_MAX_DEPTH} levels"
        raise _error(file, message, *offset_position(text, deep))
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise _toml_error(file, text, error) from None
    except RecursionError:
        raise _error(file, "nesting is too deep to read", 1, 1) from None
    tool = document.get("tool", {})
    if not isinstance(tool, dict) or "plotmodel" not in tool:
        return None
    table = tool["plotmodel"]
    origin = "[tool.plotmodel]"
    try:
        settings = settings_from_table(table, origin=origin)
    except ConfigError as error:
        name = _named_key(table)
        raise _error(file, str(error), *_find(text, name)) from None
    _check_selectors(file, text, settings)
    return settings


def _decoded_prefix(data: bytes, end: int) -> tuple[str, int]:
    prefix = data[:end].decode("utf-8", errors="replace")
    return prefix, len(prefix)


def _named_key(table: object) -> str | None:
    """The key an invalid table is faulted for: the unknown one, or the first of wrong type."""
    if not isinstance(table, dict):
        return None
    unknown = sorted(set(table) - set(_KEYS))
    if unknown:
        return str(unknown[0])
    return next((key for key in _KEYS if key in table), None)


def _check_selectors(file: str, text: str, settings: CheckSettings) -> None:
    from plotmodel.checking import select_rules  # noqa: PLC0415 - the rules load only when needed
    from plotmodel.rules import all_rules  # noqa: PLC0415 - as above

    selection = select_rules(all_rules(), [("project", settings, ())])
    if selection.unknown:
        selector, where, _ = selection.unknown[0]
        key = str(where[0]) if where else None
        message = f"{quote(selector)} in [tool.plotmodel] {key} names no rule"
        raise _error(file, message, *_find(text, key, selector))


def _error(file: str, message: str, line: int = 0, column: int = 0) -> ConfigError:
    diagnostic = Diagnostic(
        code=CONFIG_CODE,
        rule=_CONFIG_RULE,
        message=message,
        location=Location(file=file, line=line, column=column),
    )
    return ConfigError(f"{diagnostic.location}: {message}", diagnostic)


_TOML_WHERE: Final = re.compile(r"\s*\(at line (\d+), column (\d+)\)$|\s*\(at end of document\)$")


def _toml_error(file: str, text: str, error: tomllib.TOMLDecodeError) -> ConfigError:
    message = str(error)
    found = _TOML_WHERE.search(message)
    if found is None:
        return _error(file, f"invalid TOML: {message}".lower(), 1, 1)
    message = message[: found.start()]
    if found.group(1):
        line, column = int(found.group(1)), int(found.group(2))
    else:
        line, column = offset_position(text, len(text))
    return _error(file, f"invalid TOML: {message}".lower(), line, column)


# Strings (multi-line first), comments and brackets: what nesting is made of in TOML.
_TOML_TOKENS: Final = re.compile(
    r'"""(?:[^\\]|\\.)*?"""|\'\'\'.*?\'\'\'|"(?:[^"\\\n]|\\.)*"|\'[^\'\n]*\'|#[^\n]*|[\[\]{}]',
    re.DOTALL,
)


def _too_deep(text: str) -> int | None:
    """The offset of the first bracket nested deeper than `CONFIG_MAX_DEPTH`, if any."""
    if text.count("[") + text.count("{") <= CONFIG_MAX_DEPTH:
        return None
    depth = 0
    for token in _TOML_TOKENS.finditer(text):
        mark = token.group()
        if mark in ("[", "{"):
            depth += 1
            if depth > CONFIG_MAX_DEPTH:
                return token.start()
        elif mark in ("]", "}"):
            depth = max(0, depth - 1)
    return None


# The table's header, or the dotted key that opens it in another form.
_TABLE: Final = re.compile(
    r"""(?m)^[ \t]*(?P<at>\[[ \t]*["']?tool["']?[ \t]*\.[ \t]*["']?plotmodel["']?[ \t]*\])"""
    r"""|(?P<dotted>(?<![\w-])plotmodel)[ \t]*[.=]"""
)


def _find(text: str, key: str | None, value: str | None = None) -> tuple[int, int]:
    """Where a key of ``[tool.plotmodel]``, and a string in its value, is written.

    Each step is looked for after the one before; when one is not found, the
    last place found is given: the key, or the table, or the file's start.
    """
    steps = [_TABLE]
    if key is not None:
        steps.append(re.compile(rf"""(?<![\w-])(?P<at>["']?{re.escape(key)}["']?)[ \t]*="""))
    if value is not None:
        steps.append(re.compile(rf"""(?P<at>["']{re.escape(value)}["'])"""))
    offset = 0
    for step in steps:
        found = step.search(text, offset)
        if found is None:
            break
        offset = found.start("at") if found.group("at") is not None else found.start("dotted")
    return offset_position(text, offset)
