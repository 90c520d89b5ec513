"""Project settings: the ``[tool.plotmodel]`` table of the nearest pyproject.toml.

A project chooses its rules once for every plot it checks::

    [tool.plotmodel]
    select = ["PM2", "PM3", "acts-on-unknown-fact"]
    ignore = ["PM801"]

Unknown keys and values of the wrong type are refused with a `ConfigError`
that names the file, so a typo never quietly turns a rule off.
"""

from __future__ import annotations

import os
import tomllib
from pathlib import Path
from typing import Final

from plotmodel.model import CheckSettings

__all__ = ["ConfigError", "find_pyproject", "project_settings", "settings_from_table"]

_KEYS: Final = ("select", "ignore")


class ConfigError(ValueError):
    """The project's ``[tool.plotmodel]`` table cannot be read or is not valid."""


def find_pyproject(path: str | os.PathLike[str]) -> Path | None:
    """The nearest pyproject.toml in ``path`` (a file's folder, or a folder) or above it."""
    start = Path(path).resolve()
    folder = start if start.is_dir() else start.parent
    for candidate in (folder, *folder.parents):
        found = candidate / "pyproject.toml"
        if found.is_file():
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
        raise ConfigError(f"{origin}: unknown key '{unknown[0]}' (allowed: {allowed})")
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
        ConfigError: If that pyproject.toml is not valid TOML or the table is not valid.
    """
    found = find_pyproject(path)
    if found is None:
        return None
    try:
        with found.open("rb") as file:
            document = tomllib.load(file)
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise ConfigError(f"{found}: {error}") from error
    tool = document.get("tool", {})
    if not isinstance(tool, dict) or "plotmodel" not in tool:
        return None
    return settings_from_table(tool["plotmodel"], origin=f"{found}: [tool.plotmodel]")
