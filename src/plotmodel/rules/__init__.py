"""The rule registry: every check plotmodel runs, by code and by slug.

A rule is a small unit: a stable code (``PM301``), a readable slug
(``acts-after-death``), a default severity, and a function from the computed
story to findings. The function's docstring is the rule's documentation: a
one-line summary, why it matters, a failing plot and a fixed one. A rule is
registered by being defined with `rule`; defining a code or slug twice fails
at import. The rules page (docs/rules.md) is generated from the registry by
`render_docs`, so no rule goes undocumented.

The loading codes (PM0xx) are rules too: the loader reports them, and the
registry lets them be selected, ignored, listed and documented like any other.

Third-party rules plug in through the ``plotmodel.rules`` entry point group:
each entry point names a `Rule` (or an iterable of them) built with `rule`.
"""

from __future__ import annotations

import functools
import importlib
import inspect
import os
import pkgutil
import re
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping
from importlib.machinery import PathFinder
from types import MappingProxyType
from typing import Final, TypeVar, cast

from attrs import field, frozen

from plotmodel.diagnostics import Diagnostic, DocPath, Related, Severity
from plotmodel.index import PlotIndex
from plotmodel.model import Plot
from plotmodel.order import Order
from plotmodel.state import StoryState, story_state

__all__ = [
    "ENTRY_POINT_GROUP",
    "FAMILIES",
    "Context",
    "Finding",
    "Rule",
    "RuleCheck",
    "all_rules",
    "builtin_rules",
    "render_docs",
    "rule",
]

T = TypeVar("T")

#: The entry point group third-party packages use to add rules.
ENTRY_POINT_GROUP: Final = "plotmodel.rules"

#: Each family prefix with its name, in code order.
FAMILIES: Final = MappingProxyType(
    {
        "PM0": "File and schema",
        "PM1": "Identity and references",
        "PM2": "Time and order",
        "PM3": "Life",
        "PM4": "Custody",
        "PM5": "Presence",
        "PM6": "Things",
        "PM7": "Knowledge",
        "PM8": "Narrative hygiene",
        "PM9": "Silences and settings",
    }
)

#: The words a finding carries when it holds in some of the orders the plot allows only.
SOME_ORDERS: Final = " in some of the orders the plot allows"


@frozen(kw_only=True)
class Finding:
    """What a rule reports; the engine adds the rule's code, slug and severity.

    Attributes:
        message: One short lowercase line that quotes the ids involved.
        path: Where the finding is in the plot document.
        related: Other places worth looking at (where the character died).
        about: Ids the finding names, so a silence on any of them covers it.
        severity: Overrides the rule's default, e.g. a warning when a
            contradiction holds only in some of the orders the plot allows.
        doubt: When the severity is lowered for another reason than the
            order, the words that say it, added to the message (``, a death
            the plot marks uncertain``).
    """

    message: str
    path: DocPath = ()
    related: tuple[Related, ...] = ()
    about: tuple[str, ...] = ()
    severity: Severity | None = None
    doubt: str | None = None


class Context:
    """What a rule sees: the plot, its id index, and the story state computed once.

    The story state (and the orders it holds) is built on first use and
    shared by every rule of one check.

    Attributes:
        plot: The plot being checked.
        index: Its id index: each id's kind and place in the document.
    """

    def __init__(self, plot: Plot, index: PlotIndex | None = None) -> None:
        self.plot = plot
        self.index = index if index is not None else PlotIndex.of(plot)
        self._memo: dict[Callable[[Context], object], object] = {}

    def memo(self, compute: Callable[[Context], T]) -> T:
        """What ``compute`` gives for this check, computed once for every rule that asks."""
        if compute not in self._memo:
            self._memo[compute] = compute(self)
        return cast(T, self._memo[compute])

    @functools.cached_property
    def state(self) -> StoryState:
        """The one story-state pass every rule reads."""
        return story_state(self.plot, self.index)

    @property
    def order(self) -> Order:
        """Story, screen and partial order of the events, from the story state."""
        return self.state.order

    @functools.cached_property
    def accounts(self) -> tuple[Context, ...]:
        """What a rule sees of each narrator's account, in document order.

        Each account is a plot of its own (the plot's world, the account's
        events), checked apart: the engine runs every rule on it and reports
        what it finds inside the account's events. A rule of the whole plot
        that counts uses, as the unused-element rule does, reads these too.
        """
        state = self.state
        found = []
        for position in range(len(self.plot.accounts)):
            told = state.account_at(position)
            found.append(Context(told.plot, told.index))
        return tuple(found)


#: A rule's check: the story in, findings out.
RuleCheck = Callable[[Context], Iterable[Finding]]

_SECTION = re.compile(r"^(Fails|Passes):\s*$", re.MULTILINE)


@frozen(kw_only=True)
class Rule:
    """One check: stable code, readable slug, default severity and its function.

    Attributes:
        code: Stable code such as ``PM301``; the first three characters name the family.
        slug: Readable name such as ``acts-after-death``.
        severity: The severity of its findings unless a finding says otherwise.
        check: The function from the story to findings; its docstring documents the rule.
            The loader's codes and the engine's own (silences, settings) have
            a check that finds nothing: the loader or the engine reports them.
    """

    code: str
    slug: str
    severity: Severity
    check: RuleCheck = field(eq=False)

    @property
    def family(self) -> str:
        """The family prefix (``PM3``) that selects this rule with its kin."""
        return self.code[:3]

    @property
    def doc(self) -> str:
        """The rule's documentation: its check function's docstring, dedented."""
        return inspect.cleandoc(self.check.__doc__ or "")

    @property
    def summary(self) -> str:
        """The one-line summary of what the rule finds."""
        return self.doc.split("\n", 1)[0].strip()

    @property
    def rationale(self) -> str:
        """Why the rule matters: the documentation between the summary and the examples."""
        body = self.doc.split("\n", 1)[1] if "\n" in self.doc else ""
        return _SECTION.split(body, maxsplit=1)[0].strip()

    def example(self, kind: str) -> str | None:
        """The ``Fails`` or ``Passes`` example plot of the documentation, if any."""
        parts = _SECTION.split(self.doc)
        for name, text in zip(parts[1::2], parts[2::2], strict=True):
            if name == kind:
                return inspect.cleandoc(text) + "\n"
        return None

    def diagnostic(self, finding: Finding) -> Diagnostic:
        """Turn one finding of this rule into a diagnostic."""
        severity = finding.severity or self.severity
        message = finding.message
        if severity.rank > self.severity.rank:
            # a rule lowers its severity where the partial order leaves it open, or says why
            message += SOME_ORDERS if finding.doubt is None else finding.doubt
        return Diagnostic(
            code=self.code,
            rule=self.slug,
            message=message,
            severity=severity,
            path=finding.path,
            related=finding.related,
        )


_DEFINED: dict[str, Rule] = {}
_SLUGS: dict[str, str] = {}


def rule(code: str, slug: str, severity: Severity) -> Callable[[RuleCheck], Rule]:
    """Make a check function a `Rule` and register it; its docstring is the rule's documentation.

    Raises:
        ValueError: If a rule with the same code or slug is already defined.
    """

    def make(check: RuleCheck) -> Rule:
        if code in _DEFINED or slug in _SLUGS:
            taken = code if code in _DEFINED else slug
            raise ValueError(f"rule {code} {slug}: {taken!r} is already defined")
        made = Rule(code=code, slug=slug, severity=severity, check=check)
        _DEFINED[code] = made
        _SLUGS[slug] = code
        return made

    return make


def _family_modules() -> Iterator[str]:
    """The modules of this package that define rules: every public one."""
    for module in pkgutil.iter_modules(__path__):
        if not module.name.startswith("_"):
            yield f"{__name__}.{module.name}"


@functools.cache
def builtin_rules() -> Mapping[str, Rule]:
    """The rules that ship with plotmodel, by code, in code order."""
    # the family modules import this one, so they load only when first asked for
    for module in _family_modules():
        importlib.import_module(module)
    found = {
        code: one
        for code, one in _DEFINED.items()
        if getattr(one.check, "__module__", "").startswith(f"{__name__}.")
    }
    return MappingProxyType(dict(sorted(found.items())))


def _may_plug_in() -> bool:
    """Whether a distribution on the path may declare rules in ``plotmodel.rules``.

    Importing `importlib.metadata` costs more than a small plot's whole check, and
    most environments plug in nothing. So each path folder is looked at first:
    a distribution declares entry points in the ``entry_points.txt`` of its
    ``.dist-info`` (or ``.egg-info``) folder there. Only when one names the
    group, or when the path holds something this look cannot see into (a zip
    file, a finder of its own), is the metadata read in full.
    """
    finders = [f for f in sys.meta_path if hasattr(f, "find_distributions")]
    if any(finder is not PathFinder for finder in finders):
        return True
    for entry in sys.path:
        try:
            items = list(os.scandir(entry or "."))
        except NotADirectoryError:
            return True  # a zip file or such on the path
        except OSError:
            continue  # a path entry that is not there
        for item in items:
            if not item.name.endswith((".dist-info", ".egg-info")):
                continue
            try:
                with open(os.path.join(item.path, "entry_points.txt"), encoding="utf-8") as text:
                    if any(line.strip() == f"[{ENTRY_POINT_GROUP}]" for line in text):
                        return True
            except (OSError, UnicodeDecodeError):
                continue
    return False


def _plugged_in() -> Iterator[Rule]:
    """Rules other packages declare in the ``plotmodel.rules`` entry point group."""
    if not _may_plug_in():
        return
    from importlib.metadata import entry_points  # noqa: PLC0415 - see `_may_plug_in`

    for point in entry_points(group=ENTRY_POINT_GROUP):
        loaded = point.load()
        if isinstance(loaded, Rule):
            yield loaded
        else:
            for one in loaded:
                if not isinstance(one, Rule):
                    raise TypeError(
                        f"entry point {point.name!r} must give plotmodel rules, got {one!r}"
                    )
                yield one


@functools.cache
def all_rules() -> Mapping[str, Rule]:
    """Every rule: the built-in ones, then those plugged in, by code in code order.

    Looked up once per process (entry points take milliseconds to read);
    ``all_rules.cache_clear()`` looks again.

    Raises:
        ValueError: If a plugged-in rule reuses a code or slug already taken.
    """
    found = dict(builtin_rules())
    slugs = {one.slug for one in found.values()}
    for one in _plugged_in():
        if one.code in found or one.slug in slugs:
            raise ValueError(f"rule {one.code} {one.slug} reuses a code or slug already taken")
        found[one.code] = one
        slugs.add(one.slug)
    return MappingProxyType(dict(sorted(found.items())))


def render_docs(rules: Iterable[Rule] | None = None) -> str:
    """The Markdown of docs/rules.md, generated from the registry."""
    from plotmodel.rules._docs import render  # noqa: PLC0415 - the page text is only needed here

    return render(list(builtin_rules().values()) if rules is None else list(rules), FAMILIES)
