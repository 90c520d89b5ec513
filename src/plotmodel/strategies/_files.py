"""Strategies for plot files as text and as plain data, whole or broken by careless edits.

`plot_files` gives the text of valid plots, as a user would write it.
`plot_documents` gives the same plots as plain data (what a YAML or JSON
parser returns), and `mutated_documents` edits such data the way a hurried
writer or a hostile sender would: keys dropped or added, values of the wrong
type, ids changed, lists reordered, strings replaced by any Unicode.
"""

from __future__ import annotations

import copy
import json
from functools import lru_cache
from typing import Any, Literal

import yaml
from hypothesis import strategies as st
from hypothesis.strategies import SearchStrategy

from plotmodel.model import Plot
from plotmodel.strategies._plots import plots

__all__ = ["json_values", "mutated_documents", "plot_documents", "plot_files", "to_text"]

FileFormat = Literal["yaml", "json"]

# Where a step into the document lands: a key of a mapping or a position in a list.
_Step = str | int


def plot_files(
    *, format: FileFormat = "yaml", base: SearchStrategy[Plot] | None = None
) -> SearchStrategy[str]:
    """The text of valid plot files, written by `plotmodel.dumping.dumps`.

    Shrinks as the plots of ``base`` do, towards a file with a title only.

    Args:
        format: ``"yaml"`` or ``"json"``.
        base: The plots to write (default: `plots`).
    """
    from plotmodel.dumping import dumps  # noqa: PLC0415 - dumping is needed only when drawn

    return (plots() if base is None else base).map(lambda plot: dumps(plot, format=format))


def plot_documents(*, base: SearchStrategy[Plot] | None = None) -> SearchStrategy[dict[str, Any]]:
    """Valid plots as plain data: the dicts, lists and scalars a parser returns.

    Args:
        base: The plots to convert (default: `plots`).
    """
    from plotmodel.dumping import dumps  # noqa: PLC0415 - dumping is needed only when drawn

    # Through JSON text, so the data holds only what a parser could give back.
    return (plots() if base is None else base).map(
        lambda plot: json.loads(dumps(plot, format="json"))
    )


@lru_cache(maxsize=8)
def json_values(*, max_leaves: int = 20) -> SearchStrategy[Any]:
    """Any JSON value: null, booleans, numbers, Unicode strings, lists and mappings, nested.

    Shrinks towards ``None``.

    Args:
        max_leaves: The most scalars in one value.
    """
    scalars = (
        st.none()
        | st.booleans()
        | st.integers()
        | st.floats(allow_nan=False, allow_infinity=False)
        | st.text(st.characters(exclude_categories=["Cs"]), max_size=20)
    )
    return st.recursive(
        scalars,
        lambda inner: (
            st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4)
        ),
        max_leaves=max_leaves,
    )


def _places(document: Any, path: tuple[_Step, ...] = ()) -> list[tuple[_Step, ...]]:
    """Every path in the document, the root included, in document order."""
    found = [path]
    stack: list[tuple[Any, tuple[_Step, ...]]] = [(document, path)]
    while stack:
        node, where = stack.pop()
        children: list[tuple[_Step, Any]] = []
        if isinstance(node, dict):
            children = list(node.items())
        elif isinstance(node, list):
            children = list(enumerate(node))
        for step, child in children:
            found.append((*where, step))
            stack.append((child, (*where, step)))
    return found


def _get(document: Any, path: tuple[_Step, ...]) -> Any:
    for step in path:
        document = document[step]
    return document


_MUTATIONS = (
    "drop",
    "retype",
    "rename",
    "reorder",
    "unicode",
    "repeat",
    "add-key",
    "change-id",
)


@st.composite
def _mutated(draw: st.DrawFn, documents: SearchStrategy[Any], max_mutations: int) -> Any:
    document = copy.deepcopy(draw(documents))
    for _ in range(draw(st.integers(1, max_mutations))):
        paths = _places(document)
        path = draw(st.sampled_from(paths))
        how = draw(st.sampled_from(_MUTATIONS))
        if not path:
            if how == "retype":
                document = draw(json_values())
            continue
        parent, step = _get(document, path[:-1]), path[-1]
        value = parent[step]
        if how == "drop":
            del parent[step]
        elif how == "retype":
            replacement = draw(json_values(max_leaves=3))
            if type(replacement) is type(value):
                # Wrapping changes the type without a filter that could reject most draws.
                replacement = [replacement] if isinstance(value, dict) else {"value": replacement}
            parent[step] = replacement
        elif how == "rename" and isinstance(step, str):
            new_key = draw(st.text(max_size=12))
            del parent[step]
            parent[new_key] = value
        elif how == "reorder" and isinstance(value, list):
            parent[step] = draw(st.permutations(value))
        elif how == "unicode":
            parent[step] = draw(st.text(st.characters(exclude_categories=["Cs"]), max_size=30))
        elif how == "repeat" and isinstance(value, list) and value:
            value.append(copy.deepcopy(draw(st.sampled_from(value))))
        elif how == "add-key" and isinstance(value, dict):
            value[draw(st.text(max_size=12))] = draw(json_values(max_leaves=3))
        elif how == "change-id" and isinstance(value, str):
            # An id changed in one place only: the references to it now dangle.
            parent[step] = value + draw(st.sampled_from(("x", "-2", " ", "", "é")))
    return document


def mutated_documents(
    *, base: SearchStrategy[Any] | None = None, max_mutations: int = 3
) -> SearchStrategy[Any]:
    """Documents broken by a few random edits, for fuzzing loaders and checkers.

    Each edit picks a place in the document and drops it, gives it a value of
    another type, renames its key, reorders or repeats a list, adds an unknown
    key, replaces it with any Unicode string, or changes an id in that one place
    so its references dangle. The result may be anything JSON can hold.
    Shrinks towards one edit of the base document.

    Args:
        base: Documents to break (default: `plot_documents`).
        max_mutations: The most edits made to one document.
    """
    return _mutated(plot_documents() if base is None else base, max_mutations)


def to_text(document: Any, format: FileFormat) -> str:
    """Write plain data as YAML or JSON text, to turn mutated documents into files."""
    if format == "json":
        return json.dumps(document, ensure_ascii=False)
    text: str = yaml.safe_dump(document, allow_unicode=True, sort_keys=False)
    return text
