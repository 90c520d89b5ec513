"""Write plots back to files: canonical YAML or JSON that loads into an equal plot.

The canonical form lists keys in the model's field order, leaves out values
equal to their defaults, uses the file format's short forms (``agent: lino``,
``dies: charas``, a participant as a bare id) and quotes every string YAML
could misread. `dump` replaces a file atomically, so the old file stays whole
if anything fails.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import tempfile
from typing import Any, Final, Literal

import yaml

from plotmodel._convert import converter
from plotmodel._yaml import plain_scalar
from plotmodel.model import Plot

__all__ = ["dump", "dumps"]

_SafeDumper: Final[Any] = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


class _Dumper(_SafeDumper):  # type: ignore[misc]
    """The safe dumper, quoting every string the loader would read as something else."""


def _represent_text(dumper: Any, value: str) -> Any:
    # Quote whatever plotmodel's reader or a YAML 1.1 reader would not read back as this text.
    quote = value == "" or type(plain_scalar(value)) is not str
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="'" if quote else None)


_Dumper.add_representer(str, _represent_text)


def to_data(plot: Plot) -> dict[str, Any]:
    """The plot as plain data in canonical form: its ``$schema`` if any, then its version."""
    data: dict[str, Any] = converter().unstructure(plot)
    data.pop("plotmodel", None)
    head: dict[str, Any] = {"$schema": data.pop("$schema")} if "$schema" in data else {}
    return {**head, "plotmodel": plot.format, **data}


def dumps(plot: Plot, *, format: Literal["yaml", "json"] = "yaml") -> str:
    """The plot as canonical YAML (block style) or JSON text.

    Args:
        plot: The plot to write.
        format: ``"yaml"`` or ``"json"``.

    Returns:
        Text that `plotmodel.loading.loads` reads back into an equal plot.
    """
    data = to_data(plot)
    if format == "json":
        text = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
        if _SURROGATE.search(text):
            raise _no_surrogates(text)
        return text
    try:
        text = yaml.dump(
            data,
            Dumper=_Dumper,
            sort_keys=False,
            allow_unicode=True,
            default_flow_style=False,
            width=1 << 16,  # one line per value: diffs stay small
        )
    except UnicodeEncodeError as error:
        raise _no_surrogates(error.object) from None
    return text


_SURROGATE: Final = re.compile("[\ud800-\udfff]")


def _no_surrogates(text: str) -> ValueError:
    found = _SURROGATE.search(text)
    shown = f" ({repr(found.group())[1:-1]})" if found else ""
    return ValueError(
        f"the plot holds a lone surrogate{shown}, half of a pair and not a character: "
        "no UTF-8 file can hold it, and loading would refuse it"
    )


def dump(plot: Plot, path: str | os.PathLike[str]) -> None:
    """Write the plot to ``path`` atomically; JSON for a ``.json`` name, else YAML.

    The text goes to a temporary file in the same folder, which then replaces
    ``path`` in one step: readers see the old file or the new one, never half.
    When ``path`` is a symbolic link, the file it points to is the one
    replaced, in its own folder, and the link stays a link.
    """
    named = os.fspath(path)
    fmt: Literal["yaml", "json"] = "json" if named.lower().endswith(".json") else "yaml"
    text = dumps(plot, format=fmt)
    # Replacing the link itself would turn it into a copy and leave its target as it was.
    target = os.path.realpath(named)
    folder = os.path.dirname(target)
    handle, temporary = tempfile.mkstemp(
        dir=folder, prefix=f".{os.path.basename(target)}.", suffix=".tmp"
    )
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
            stream.write(text)
            stream.flush()
            os.fsync(stream.fileno())
        try:
            os.chmod(temporary, os.stat(target).st_mode & 0o7777)
        except FileNotFoundError:
            os.chmod(temporary, 0o666 & ~_umask())
        os.replace(temporary, target)
    except BaseException:
        # Leave no temporary file behind; the old file was never touched.
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        raise


def _umask() -> int:
    # A new file gets the permissions any other new file would; mkstemp's 0600 would surprise.
    mask = os.umask(0)
    os.umask(mask)
    return mask
