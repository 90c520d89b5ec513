"""Story answers for the command line: the story state's records as JSON and as plain text.

``plotmodel query`` asks the story state (`plotmodel.state`) its questions;
this module turns the answers, whatever records they are, into plain data
and into text. It reads each record's attrs fields, so a new field of a
snapshot or a new kind of change comes out without a change here. Moments
and listed positions are the story state's own counters and are left out:
an answer names events.
"""

from __future__ import annotations

import enum
import json
from collections.abc import Mapping, Set
from typing import Any, Final

import attrs

from plotmodel._text import escape

__all__ = ["answer_json", "answer_text", "plain"]

# The story state's counters: how it finds things, not what the story says.
_COUNTERS: Final = frozenset({"moment", "position"})


def plain(value: object) -> Any:
    """``value`` as JSON data: records as mappings, sets sorted, enums by their value."""
    cls: Any = type(value)
    if attrs.has(cls):
        fields: Any = attrs.fields(cls)
        return {
            a.name.rstrip("_"): plain(getattr(value, a.name))
            for a in fields
            if a.name not in _COUNTERS
        }
    if isinstance(value, enum.IntEnum):
        return value.name.lower()
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, Mapping):
        return {str(key): plain(item) for key, item in sorted(value.items())}
    if isinstance(value, Set):
        return sorted(plain(item) for item in value)
    if isinstance(value, tuple | list):
        return [plain(item) for item in value]
    return value


def answer_json(question: str, answer: object) -> str:
    """The answer as one JSON object: ``{"question": ..., "answer": ...}``."""
    document = {"question": question, "answer": plain(answer)}
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def _scalar(value: object) -> str:
    if value is None:
        return "-"
    if isinstance(value, bool):
        return "yes" if value else "no"
    return escape(str(value))


def _inline(value: object) -> str:
    """A value on one line: a record as ``key value`` pairs, a list joined by commas."""
    if isinstance(value, dict):
        pairs = [f"{key} {_inline(item)}" for key, item in value.items() if item != []]
        return ", ".join(pairs) if pairs else "-"
    if isinstance(value, list):
        return ", ".join(_inline(item) for item in value) if value else "-"
    return _scalar(value)


def _lines(value: object, indent: str, depth: int = 0) -> list[str]:
    """Fields one a line; a mapping of the answer gets a line per key, nested one level."""
    if isinstance(value, dict):
        lines = []
        for key, item in value.items():
            name = escape(str(key))
            if depth == 0 and isinstance(item, dict) and item:
                lines.append(f"{indent}{name}:")
                lines.extend(_lines(item, indent + "  ", depth + 1))
            elif isinstance(item, list) and item and all(isinstance(v, dict) for v in item):
                lines.append(f"{indent}{name}:")
                lines.extend(f"{indent}  - {_inline(v)}" for v in item)
            else:
                lines.append(f"{indent}{name}: {_inline(item)}")
        return lines
    if isinstance(value, list):
        return [f"{indent}- {_inline(item)}" for item in value] or [f"{indent}(none)"]
    return [indent + _scalar(value)]


def answer_text(question: str, answer: object) -> str:
    """The answer as indented text: one line per field, lists of records one per line."""
    lines = [escape(question), *_lines(plain(answer), "  ")]
    return "\n".join(lines) + "\n"
