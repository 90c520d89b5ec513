"""Check a plot for plot holes: run every enabled rule over one story-state pass.

`check` is the linter. It resolves which rules run (the plot file's ``check:``
settings, then the project's, then the caller's), runs every enabled rule on
everything that resolves, applies the plot's ``silence`` entries and returns
located, sorted diagnostics. Given what `plotmodel.load` returned, it reports
the file's own problems too, so ``check(load(path))`` is what ``plotmodel
validate`` prints.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import Final, NamedTuple

import attrs
from attrs import frozen

from plotmodel._accounts import EVENTS, in_account
from plotmodel._text import paused_gc, quote
from plotmodel.diagnostics import (
    CheckResult,
    Diagnostic,
    DocPath,
    Related,
    Severity,
    SourceMap,
    locate,
)
from plotmodel.index import PlotIndex
from plotmodel.loading import Loaded
from plotmodel.model import Account, CheckSettings, Kind, Plot, Silence
from plotmodel.rules import Context, Finding, Rule, all_rules

__all__ = ["Selection", "check", "select_rules"]

_UNKNOWN_RULE: Final = "PM903"
_REFERENCE_FAMILY: Final = "PM1"
_NO_REASON: Final = "PM901"
_UNUSED_SILENCE: Final = "PM902"
_NO_REASON_GIVEN: Final = "no reason given"
# The kinds whose ids mean the same inside an account as in the whole plot.
_SHARED_KINDS: Final = frozenset(
    {Kind.CHARACTER, Kind.THING, Kind.PLACE, Kind.GROUP, Kind.RELATIONSHIP, Kind.FACT}
)

# Top-level keys in the order a plot file lists them, so unlocated findings sort by document order.
_DOCUMENT_ORDER: Final = {
    key: rank
    for rank, key in enumerate(
        ("check", "silence", *(kind.value for kind in Kind)),
    )
}


@frozen(kw_only=True)
class Selection:
    """The rules a check runs, and the selectors that named no rule.

    Attributes:
        enabled: Codes of the rules that run.
        unknown: Each selector that matched nothing, with its document path
            (empty for the project's or the caller's settings) and where it came from.
    """

    enabled: frozenset[str]
    unknown: tuple[tuple[str, DocPath, str], ...] = ()


def _matches(selector: str, rules: Mapping[str, Rule]) -> set[str]:
    """The codes a selector names: one code, a family or code prefix, or a slug."""
    wanted = selector.strip()
    by_slug = {one.code for one in rules.values() if one.slug == wanted}
    if by_slug:
        return by_slug
    if not wanted:
        return set()
    return {code for code in rules if code.startswith(wanted.upper())}


def select_rules(
    rules: Mapping[str, Rule],
    layers: Iterable[tuple[str, CheckSettings, DocPath | None]],
) -> Selection:
    """Resolve the enabled rules from settings layered from the least to the most specific.

    Each layer's ``select`` (when not empty) replaces the enabled set, then its
    ``ignore`` removes rules, so the caller's options override the project's,
    which override the plot file's.

    Args:
        rules: Every known rule by code.
        layers: ``(origin, settings, path)``: where the settings come from (for
            messages), the settings, and their document path in the plot (or
            ``None`` when they are not in the plot).

    Returns:
        The enabled codes and the selectors that named no rule.
    """
    enabled = set(rules)
    unknown: list[tuple[str, DocPath, str]] = []
    for origin, settings, path in layers:
        for key in ("select", "ignore"):
            chosen: set[str] = set()
            for position, selector in enumerate(getattr(settings, key)):
                codes = _matches(selector, rules)
                if not codes:
                    where: DocPath = (*path, key, position) if path is not None else ()
                    unknown.append((selector, where, origin))
                chosen |= codes
            if key == "select" and settings.select:
                enabled = chosen
            elif key == "ignore":
                enabled -= chosen
    return Selection(enabled=frozenset(enabled), unknown=tuple(unknown))


@frozen
class _Silencer:
    """One ``silence`` entry, where it is, and what it covers.

    An entry on an account's event (``account`` is the account's position)
    covers only findings of that account: its id is the account's own.
    """

    silence: Silence
    path: DocPath
    scope: DocPath
    owner: str | None
    account: int | None = None


class _Found(NamedTuple):
    """One finding before silences, with the ids a silence on an element may cover it by.

    Attributes:
        diagnostic: The finding.
        about: The ids it is about that mean the same in the whole plot.
        account: The position of the account it was found in, if any.
        local: The ids of that account's own events it is about.
    """

    diagnostic: Diagnostic
    about: tuple[str, ...] = ()
    account: int | None = None
    local: tuple[str, ...] = ()


def _silencers(plot: Plot) -> list[_Silencer]:
    """Every silence of the plot: the plot's own, then each element's, in document order."""
    found = [
        _Silencer(entry, ("silence", number), (), None) for number, entry in enumerate(plot.silence)
    ]
    for kind in Kind:
        for position, element in enumerate(getattr(plot, kind.value)):
            # most elements silence nothing: skip them before building anything
            if element.silence:
                scope: DocPath = (kind.value, position)
                for number, entry in enumerate(element.silence):
                    found.append(_Silencer(entry, (*scope, "silence", number), scope, element.id))
            if kind is Kind.ACCOUNT:
                found.extend(_account_silencers(position, element))
    return found


def _account_silencers(position: int, account: Account) -> Iterator[_Silencer]:
    """The silences on an account's own events, which cover that account's findings only."""
    for i, event in enumerate(account.events):
        scope: DocPath = ("accounts", position, "events", i)
        for number, entry in enumerate(event.silence):
            yield _Silencer(entry, (*scope, "silence", number), scope, event.id, position)


def _covers(silencer: _Silencer, rule: Rule, found: _Found) -> bool:
    if silencer.silence.code.strip() not in (rule.code, rule.slug):
        return False
    if silencer.owner is None:
        return True
    scope = silencer.scope
    if found.diagnostic.path[: len(scope)] == scope:
        return True
    if silencer.account is None:
        return silencer.owner in found.about
    return silencer.account == found.account and silencer.owner in found.local


def _finding(
    rule: Rule, message: str, path: DocPath, related: tuple[Related, ...] = ()
) -> Diagnostic:
    return rule.diagnostic(Finding(message=message, path=path, related=related))


def _document_order(found: Diagnostic) -> tuple[object, ...]:
    head = found.path[0] if found.path else ""
    rest = tuple((0, step) if isinstance(step, int) else (1, step) for step in found.path[1:])
    return (_DOCUMENT_ORDER.get(str(head), len(_DOCUMENT_ORDER)), rest, found.code, found.message)


def check(
    plot: Plot | Loaded,
    *,
    source: SourceMap | None = None,
    select: Sequence[str] = (),
    ignore: Sequence[str] = (),
    project: CheckSettings | None = None,
) -> CheckResult:
    """Find the plot holes of ``plot``: every enabled rule over one story-state pass.

    Args:
        plot: The plot to check, or what `plotmodel.load` returned: then the
            file's own problems are reported too, selected like any rule's,
            and the file's source locates every finding.
        source: Where the plot was loaded from, to give each finding a file,
            line and column.
        select: Only these rules (codes, family prefixes such as ``PM3``, or
            slugs); overrides the plot's and the project's settings.
        ignore: Never these rules.
        project: The project's settings (``[tool.plotmodel]``), see
            `plotmodel.config.project_settings`.

    Returns:
        Located diagnostics sorted by position (by document order when there
        is no source), including silenced ones, whose ``silenced`` holds the
        reason the plot gives. The result is a list that also splits them:
        ``.errors``, ``.warnings``, ``.info`` and ``.silenced``.
    """
    loaded = plot if isinstance(plot, Loaded) else None
    if loaded is not None:
        source = source if source is not None else loaded.source
        return CheckResult(_check_loaded(loaded, source, select, ignore, project))
    if not isinstance(plot, Plot):
        raise TypeError(f"check() takes a Plot or what load() returned, got {plot!r}")
    return CheckResult(
        _check_plot(plot, source=source, select=select, ignore=ignore, project=project, loading=())
    )


def _selection(
    settings: CheckSettings | None,
    select: Sequence[str],
    ignore: Sequence[str],
    project: CheckSettings | None,
) -> Selection:
    layers: list[tuple[str, CheckSettings, DocPath | None]] = []
    if settings is not None:
        layers.append(("plot", settings, ("check",)))
    if project is not None:
        layers.append(("project", project, None))
    layers.append(("options", CheckSettings(select=tuple(select), ignore=tuple(ignore)), None))
    return select_rules(all_rules(), layers)


def _check_plot(
    plot: Plot,
    *,
    source: SourceMap | None,
    select: Sequence[str],
    ignore: Sequence[str],
    project: CheckSettings | None,
    loading: Sequence[Diagnostic],
    families: tuple[str, ...] | None = None,
    original: Callable[[DocPath], DocPath] | None = None,
) -> list[Diagnostic]:
    """Run the selected rules on a plot, with the file's own findings alongside."""
    rules = all_rules()
    selection = _selection(plot.check, select, ignore, project)
    # the check builds many small records and no cycles; a collector pass would walk the whole plot
    with paused_gc():
        found, ran = _run(plot, rules, selection, families)
        found.extend(_Found(d) for d in loading if d.code in selection.enabled)
        diagnostics = _apply_silences(plot, rules, selection, ran, found)
        if original is not None:
            diagnostics = [_translate(d, original) for d in diagnostics]
        if source is None:
            return sorted(diagnostics, key=_document_order)
        return locate(diagnostics, source)


def _check_loaded(
    loaded: Loaded,
    source: SourceMap | None,
    select: Sequence[str],
    ignore: Sequence[str],
    project: CheckSettings | None,
) -> list[Diagnostic]:
    """Check what loading gave: the plot, or what could be built of it, and the file's findings."""
    if loaded.plot is not None:
        return _check_plot(
            loaded.plot,
            source=source,
            select=select,
            ignore=ignore,
            project=project,
            loading=loaded.diagnostics,
        )
    partial = loaded.partial
    if partial is None:
        # nothing could be built, so nothing else can say what is wrong: report it all
        return list(loaded.diagnostics)
    selection = _selection(partial.plot.check, select, ignore, project)
    kept = [d for d in loaded.diagnostics if d.code in selection.enabled]
    blocking = any(d.severity is Severity.ERROR for d in kept)
    # while the file's own errors stand, only the references are read from what is left
    return _check_plot(
        partial.plot,
        source=source,
        select=select,
        ignore=ignore,
        project=project,
        loading=loaded.diagnostics,
        families=(_REFERENCE_FAMILY,) if blocking else None,
        original=partial.original,
    )


def _translate(found: Diagnostic, original: Callable[[DocPath], DocPath]) -> Diagnostic:
    """A finding on a partial plot, pointing to the same places in the file."""
    if found.location is not None:
        return found  # the file's own findings are located already
    related = tuple(attrs.evolve(r, path=original(r.path)) for r in found.related)
    return attrs.evolve(found, path=original(found.path), related=related)


def _run(
    plot: Plot,
    rules: Mapping[str, Rule],
    selection: Selection,
    families: tuple[str, ...] | None,
) -> tuple[list[_Found], set[str]]:
    """Run the enabled rules over the plot, then over each of its accounts."""
    context = Context(plot, PlotIndex.of(plot))
    found: list[_Found] = []
    unknown_rule = rules[_UNKNOWN_RULE]
    # a selector that names no rule is reported whatever the selection, or it could hide itself
    for selector, path, origin in selection.unknown:
        message = f"{quote(selector)} in the {origin} settings names no rule"
        found.append(_Found(_finding(unknown_rule, message, path)))
    ran = [
        rules[code]
        for code in sorted(selection.enabled)
        if families is None or rules[code].family in families
    ]
    for one in ran:
        found.extend(_Found(one.diagnostic(f), f.about) for f in one.check(context))
    for position, told in enumerate(context.accounts):
        found.extend(_in_account(plot.accounts[position], position, told, ran))
    return found, {one.code for one in ran}


def _in_account(
    account: Account, position: int, told: Context, ran: list[Rule]
) -> Iterator[_Found]:
    """What the rules find inside one account's events, placed and named in the whole plot.

    An account is a timeline apart: what a rule finds elsewhere in its plot
    (the characters, the facts) is the plot's own business, reported once.
    """
    prefix = f"in account {quote(account.id)}: "
    kinds = told.index.kinds
    for one in ran:
        for finding in one.check(told):
            if finding.path[:1] != (EVENTS,):
                continue
            diagnostic = one.diagnostic(finding)
            related = tuple(
                attrs.evolve(r, path=in_account(position, r.path)) for r in diagnostic.related
            )
            yield _Found(
                attrs.evolve(
                    diagnostic,
                    message=prefix + diagnostic.message,
                    path=in_account(position, diagnostic.path),
                    related=related,
                ),
                about=tuple(i for i in finding.about if kinds.get(i) in _SHARED_KINDS),
                account=position,
                local=tuple(i for i in finding.about if kinds.get(i) is Kind.EVENT),
            )


def _apply_silences(
    plot: Plot,
    rules: Mapping[str, Rule],
    selection: Selection,
    ran: set[str],
    found: list[_Found],
) -> list[Diagnostic]:
    """Mark the findings the plot silences, and report silences that are unexplained or unused.

    The findings of the main story and of every account are silenced
    together, so a silence that covers a finding in an account is used.
    """
    silencers = _silencers(plot)
    if not silencers:
        return [one.diagnostic for one in found]
    by_name: dict[str, list[int]] = {}
    for number, silencer in enumerate(silencers):
        by_name.setdefault(silencer.silence.code.strip(), []).append(number)
    used: set[int] = set()
    result: list[Diagnostic] = []
    for one_found in found:
        diagnostic = one_found.diagnostic
        one = rules[diagnostic.code]
        candidates = sorted({*by_name.get(one.code, ()), *by_name.get(one.slug, ())})
        for number in candidates:
            silencer = silencers[number]
            if _covers(silencer, one, one_found):
                used.add(number)
                reason = silencer.silence.reason or _NO_REASON_GIVEN
                diagnostic = attrs.evolve(diagnostic, silenced=reason)
                break
        result.append(diagnostic)

    named = {name: one for one in rules.values() for name in (one.code, one.slug)}
    for number, silencer in enumerate(silencers):
        name = silencer.silence.code.strip()
        target = named.get(name)
        entry = silencer.path
        if not (silencer.silence.reason or "").strip() and _NO_REASON in selection.enabled:
            result.append(
                _finding(
                    rules[_NO_REASON],
                    f"silence of {quote(name)} gives no reason",
                    (*entry, "code"),
                )
            )
        if target is None:
            if _UNKNOWN_RULE in selection.enabled:
                message = f"{quote(name)} in a silence names no rule"
                result.append(_finding(rules[_UNKNOWN_RULE], message, (*entry, "code")))
        elif number not in used and target.code in ran and _UNUSED_SILENCE in selection.enabled:
            place = quote(silencer.owner) if silencer.owner else "the plot"
            if silencer.account is not None:
                place += f" in account {quote(plot.accounts[silencer.account].id)}"
            message = f"silence of {quote(name)} on {place} matches no finding"
            result.append(_finding(rules[_UNUSED_SILENCE], message, (*entry, "code")))
    return result
