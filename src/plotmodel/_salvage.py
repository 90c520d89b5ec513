"""Build a partial plot from data with errors, so later checks still run in the same pass.

A writer wants every problem in one run. When structuring fails, the values at
fault are cut out of the data (a bad key, then if need be the element holding
it) and structuring is tried again; the checks then run on what is left. Cut
list items shift later indexes, so every cut is recorded and paths found on the
partial plot are translated back to the file's own indexes.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Final

from plotmodel.diagnostics import Diagnostic, DocPath
from plotmodel.model import Plot

__all__ = ["Cuts", "salvage"]

#: Rounds of cutting before giving up: each round removes at least one value.
_ROUNDS: Final = 6

_NEEDED_TEXT: Final = frozenset({"title", "name", "kind"})
_PLACEHOLDER: Final = "unnamed"
_FILE_NAMES: Final = {"agents": "agent", "from_": "from", "format": "plotmodel"}


class Cuts:
    """The list items cut so far, to translate indexes back to the file's."""

    def __init__(self) -> None:
        self.kept: dict[DocPath, list[int]] = {}

    def original(self, path: DocPath) -> DocPath:
        """Translate a path in the cut data to the same place in the original data."""
        steps: list[str | int] = []
        for step in path:
            if isinstance(step, int):
                kept = self.kept.get(tuple(steps))
                if kept is not None and 0 <= step < len(kept):
                    step = kept[step]  # noqa: PLW2901 - the translated index replaces it
            steps.append(step)
        return tuple(steps)

    def cut(self, holder: list[Any], index: int, path: DocPath) -> None:
        """Remove ``holder[index]``; ``path`` is the list's own path in the cut data."""
        at = self.original(path)
        kept = self.kept.setdefault(at, list(range(len(holder))))
        del kept[index]
        del holder[index]


def _step(node: Any, step: str | int) -> tuple[bool, str | int]:
    """Whether ``step`` exists in ``node``, and under which spelling."""
    if isinstance(node, dict):
        if step in node:
            return True, step
        alias = _FILE_NAMES.get(step) if isinstance(step, str) else None
        if alias is not None and alias in node:
            return True, alias
        return False, step
    if isinstance(node, list) and isinstance(step, int):
        return 0 <= step < len(node), step
    return False, step


def _prune(data: dict[str, Any], path: DocPath, cuts: Cuts) -> bool:
    """Cut the value at ``path`` (or the element holding it) out of ``data``."""
    trail: list[tuple[Any, str | int]] = []
    node: Any = data
    complete = True
    for step in path:
        present, key = _step(node, step)
        if not present:
            # An effect's fields sit under its one key.
            if isinstance(node, dict) and len(node) == 1:
                [inner] = node.values()
                if isinstance(inner, dict) and step in inner:
                    trail.append((node, next(iter(node))))
                    node = inner
                    trail.append((node, step))
                    node = node[step]
                    continue
            complete = False
            break
        trail.append((node, key))
        node = node[key]
    if not trail:
        if not isinstance(data.get("title"), str):
            data["title"] = _PLACEHOLDER
            return True
        return False
    holder, key = trail[-1]
    if complete and isinstance(holder, dict):
        if key in _NEEDED_TEXT:
            # A required text keeps its element alive, and its id with it.
            if holder[key] == _PLACEHOLDER:
                return False
            holder[key] = _PLACEHOLDER
        else:
            del holder[key]
        return True
    # Cut the nearest list item on the trail: the element, effect or participant at fault.
    for depth in range(len(trail) - 1, -1, -1):
        holder, key = trail[depth]
        if isinstance(holder, list) and isinstance(key, int):
            cuts.cut(holder, key, tuple(k for _, k in trail[:depth]))
            return True
    return False


def _order(path: DocPath) -> tuple[tuple[int, str | int], ...]:
    return tuple((0, step) if isinstance(step, int) else (1, step) for step in path)


def salvage(
    data: dict[str, Any],
    problems: Sequence[Diagnostic],
    structure: Callable[[dict[str, Any]], tuple[Plot | None, list[Diagnostic]]],
) -> tuple[Plot, Cuts] | None:
    """Cut the faulty values out of ``data`` and build a plot of what is left.

    Args:
        data: The plain data; it is changed in place.
        problems: What structuring reported, with paths.
        structure: Builds a plot from data, reporting problems.

    Returns:
        The partial plot and the cuts that translate its paths back to the
        file's, or ``None`` when nothing could be built.
    """
    cuts = Cuts()
    for _ in range(_ROUNDS):
        # Deepest and latest first, so cutting one item leaves the other paths valid.
        paths = sorted({d.path for d in problems}, key=_order, reverse=True)
        cut = [_prune(data, path, cuts) for path in paths]
        if not any(cut):
            return None
        plot, problems = structure(data)
        if plot is not None:
            return plot, cuts
    return None
