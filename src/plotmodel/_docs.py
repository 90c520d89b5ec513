"""Documentation generated from the declarations: the table of effects in docs/format.md."""

from __future__ import annotations

import inspect
from typing import Any

import attrs

from plotmodel.model import EFFECT_KINDS, Effect, file_key, reference_fields

__all__ = ["EFFECTS_BEGIN", "EFFECTS_END", "effects_table"]

#: The comments that fence the generated table in docs/format.md.
EFFECTS_BEGIN = "<!-- effects: generated from the declarations; do not edit by hand -->"
EFFECTS_END = "<!-- end of effects -->"


def _keys(cls: type[Effect]) -> str:
    """An effect's keys, the short form's first, each with what its ids may name."""
    refs = {one.name: one for one in reference_fields(cls)}
    fields: Any = attrs.fields(cls)
    own = [a for a in fields if a.name not in ("note", "certainty")]
    own.sort(key=lambda a: a.name != cls.short)
    words = []
    for a in own:
        text = f"`{file_key(a)}`"
        ref = refs.get(a.name)
        if ref is not None:
            accepted = ref.accepted(many=ref.many)
            text += f" (one or more {accepted})" if ref.refers.one else f" ({accepted})"
            if ref.refers.bodily:
                text += " *"
        words.append(text)
    return ", ".join(words)


def effects_table() -> str:
    """The Markdown table of every declared effect: key, keys, and what it does."""
    lines = [
        EFFECTS_BEGIN,
        "",
        "| effect | keys (the short form's first) | what it does |",
        "|---|---|---|",
    ]
    for key, cls in EFFECT_KINDS.items():
        summary = inspect.cleandoc(cls.__doc__ or "").split("\n", 1)[0].replace("`", "")
        short = " (short form)" if cls.short else ""
        lines.append(f"| `{key}`{short} | {_keys(cls)} | {summary} |")
    lines += ["", EFFECTS_END]
    return "\n".join(lines)


def _rewrite(page: str = "docs/format.md") -> None:
    """Put the generated table in place of the one on the page."""
    from pathlib import Path  # noqa: PLC0415 - only this command writes files

    path = Path(page)
    text = path.read_text(encoding="utf-8")
    start, end = text.index(EFFECTS_BEGIN), text.index(EFFECTS_END) + len(EFFECTS_END)
    path.write_text(text[:start] + effects_table() + text[end:], encoding="utf-8")


if __name__ == "__main__":
    _rewrite()
