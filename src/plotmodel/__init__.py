"""plotmodel: film plots as typed, checkable data.

The public names load on first use (PEP 562), so ``import plotmodel`` stays
cheap for a command line that needs only part of the library.
"""

from __future__ import annotations

import importlib

#: The installed version; the package's metadata is built from it.
__version__ = "0.1.0"

# Not `typing.TYPE_CHECKING`: importing typing would double the cost of `import plotmodel`.
# Type checkers treat any name TYPE_CHECKING as true.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Final

    from plotmodel.checking import check
    from plotmodel.diagnostics import CheckResult, Diagnostic, Location, Related, Severity
    from plotmodel.dumping import dump, dumps
    from plotmodel.index import PlotIndex
    from plotmodel.loading import Loaded, PlotFileError, load, loads
    from plotmodel.model import (
        AUDIENCE,
        Account,
        Appearance,
        Arrested,
        Belief,
        Born,
        Certainty,
        Character,
        CheckSettings,
        Condition,
        Damaged,
        Destroyed,
        Dies,
        Discrepancy,
        Effect,
        Escapes,
        Event,
        Fact,
        Forgets,
        Found,
        Group,
        HandsOver,
        How,
        Injured,
        Joins,
        Kind,
        Leaves,
        Lost,
        Made,
        Moves,
        Participant,
        Place,
        Plot,
        PutIn,
        Recovers,
        Relationship,
        Released,
        Repaired,
        Returns,
        Reveal,
        Setup,
        Silence,
        Span,
        TakenOut,
        Takes,
        Thing,
        Thread,
    )
    from plotmodel.queries import Disagreements, Stance
    from plotmodel.state import StoryState, story_state

__all__ = [
    "AUDIENCE",
    "Account",
    "Appearance",
    "Arrested",
    "Belief",
    "Born",
    "Certainty",
    "Character",
    "CheckResult",
    "CheckSettings",
    "Condition",
    "Damaged",
    "Destroyed",
    "Diagnostic",
    "Dies",
    "Disagreements",
    "Discrepancy",
    "Effect",
    "Escapes",
    "Event",
    "Fact",
    "Forgets",
    "Found",
    "Group",
    "HandsOver",
    "How",
    "Injured",
    "Joins",
    "Kind",
    "Leaves",
    "Loaded",
    "Location",
    "Lost",
    "Made",
    "Moves",
    "Participant",
    "Place",
    "Plot",
    "PlotFileError",
    "PlotIndex",
    "PutIn",
    "Recovers",
    "Related",
    "Relationship",
    "Released",
    "Repaired",
    "Returns",
    "Reveal",
    "Setup",
    "Severity",
    "Silence",
    "Span",
    "Stance",
    "StoryState",
    "TakenOut",
    "Takes",
    "Thing",
    "Thread",
    "check",
    "dump",
    "dumps",
    "load",
    "loads",
    "story_state",
]

# Which module defines each public name; a test keeps it equal to the imports above.
_EXPORTS: Final = {
    "plotmodel.checking": ("check",),
    "plotmodel.diagnostics": ("CheckResult", "Diagnostic", "Location", "Related", "Severity"),
    "plotmodel.dumping": ("dump", "dumps"),
    "plotmodel.index": ("PlotIndex",),
    "plotmodel.loading": ("Loaded", "PlotFileError", "load", "loads"),
    "plotmodel.model": (
        "AUDIENCE",
        "Account",
        "Appearance",
        "Arrested",
        "Belief",
        "Born",
        "Certainty",
        "Character",
        "CheckSettings",
        "Condition",
        "Damaged",
        "Destroyed",
        "Dies",
        "Discrepancy",
        "Effect",
        "Escapes",
        "Event",
        "Fact",
        "Forgets",
        "Found",
        "Group",
        "HandsOver",
        "How",
        "Injured",
        "Joins",
        "Kind",
        "Leaves",
        "Lost",
        "Made",
        "Moves",
        "Participant",
        "Place",
        "Plot",
        "PutIn",
        "Recovers",
        "Relationship",
        "Released",
        "Repaired",
        "Returns",
        "Reveal",
        "Setup",
        "Silence",
        "Span",
        "TakenOut",
        "Takes",
        "Thing",
        "Thread",
    ),
    "plotmodel.queries": ("Disagreements", "Stance"),
    "plotmodel.state": ("StoryState", "story_state"),
}

_MODULE_OF: Final = {name: module for module, names in _EXPORTS.items() for name in names}


def __getattr__(name: str) -> object:
    """Import the module that defines a public name the first time it is asked for."""
    module = _MODULE_OF.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    # later lookups find the name directly and never come back here
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    """The module's own names and every public name, loaded or not."""
    return sorted({*globals(), *__all__})
