"""Hypothesis strategies for plots: valid plots, their parts, their files, their breakage.

Import this module only where hypothesis is installed (``plotmodel[hypothesis]``).
`plots` draws whole plots that pass every rule; the per-type strategies draw
well-formed model objects for tests of one part; `unchecked_plots` and
`plot_files` feed loaders and dumpers; `mutated_documents` breaks files the way
careless edits and hostile input do; `broken_plots` weaves one plot hole into a
valid plot, for testing the rule that must find it.
"""

try:
    import hypothesis  # noqa: F401 - fail here, with a clear message, when the extra is missing
except ImportError as missing:  # pragma: no cover - exercised only without the extra
    raise ImportError(
        "plotmodel.strategies needs hypothesis: install plotmodel[hypothesis]"
    ) from missing

from plotmodel.strategies._breaks import BREAKABLE, BrokenPlot, broken_plots
from plotmodel.strategies._elements import (
    accounts,
    characters,
    check_settings,
    discrepancies,
    effects,
    events,
    facts,
    groups,
    ids,
    participants,
    places,
    relationships,
    setups,
    silences,
    texts,
    things,
    threads,
    unchecked_plots,
)
from plotmodel.strategies._files import (
    json_values,
    mutated_documents,
    plot_documents,
    plot_files,
    to_text,
)
from plotmodel.strategies._plots import plots

__all__ = [
    "BREAKABLE",
    "BrokenPlot",
    "accounts",
    "broken_plots",
    "characters",
    "check_settings",
    "discrepancies",
    "effects",
    "events",
    "facts",
    "groups",
    "ids",
    "json_values",
    "mutated_documents",
    "participants",
    "places",
    "plot_documents",
    "plot_files",
    "plots",
    "relationships",
    "setups",
    "silences",
    "texts",
    "things",
    "threads",
    "to_text",
    "unchecked_plots",
]
