"""PM9xx silences and settings: accepted findings stay explained, settings stay true.

The engine itself finds these, while it applies the plot's ``silence``
entries and resolves the selected rules (see `plotmodel.checking`); the rules
here give them codes, documentation and a place in the selection.
"""

from __future__ import annotations

from collections.abc import Iterator

from plotmodel.diagnostics import Severity
from plotmodel.rules import Context, Finding, rule

__all__ = ["silence_without_reason", "unknown_rule", "unused_silence"]


def _by_the_engine(_context: Context) -> Iterator[Finding]:
    return iter(())


@rule("PM901", "silence-without-reason", Severity.WARNING)
def silence_without_reason(context: Context) -> Iterator[Finding]:
    """A silence gives no reason for accepting the finding it hides.

    A silence is a claim that the plot is right and the rule is wrong here;
    without the reason, the next reader cannot tell a deliberate choice from
    a hidden mistake. The finding is still silenced.

    Fails:
        plotmodel: 1
        title: Quiet
        characters:
          - id: lino
            name: Lino
          - id: driver
            name: a driver seen once
            silence:
              - code: unused-element  # PM901
        events:
          - id: drive
            name: Lino drives
            agents: [lino]

    Passes:
        plotmodel: 1
        title: Quiet
        characters:
          - id: lino
            name: Lino
          - id: driver
            name: a driver seen once
            silence:
              - code: unused-element
                reason: an extra the summary names without a part to play
        events:
          - id: drive
            name: Lino drives
            agents: [lino]
    """
    return _by_the_engine(context)


@rule("PM902", "unused-silence", Severity.WARNING)
def unused_silence(context: Context) -> Iterator[Finding]:
    """A silence matches no finding: the mistake it excused is gone, or it names the wrong rule.

    A stale silence would hide the next, real finding of its rule on the
    same element. Silences of rules that did not run are not reported.

    Fails:
        plotmodel: 1
        title: Stale
        characters:
          - id: lino
            name: Lino
            silence:
              - code: PM301  # PM902
                reason: he survives the crash in the first cut
        events:
          - id: drive
            name: Lino drives
            agents: [lino]

    Passes:
        plotmodel: 1
        title: Stale
        characters:
          - id: lino
            name: Lino
        events:
          - id: drive
            name: Lino drives
            agents: [lino]
    """
    return _by_the_engine(context)


@rule("PM903", "unknown-rule", Severity.ERROR)
def unknown_rule(context: Context) -> Iterator[Finding]:
    """A selector or a silence names no rule: no code, family prefix or slug matches.

    A misspelt selector would silently run the wrong rules, and a misspelt
    silence would excuse nothing.

    Fails:
        plotmodel: 1
        title: Misspelt
        check:
          ignore: [acts-after-deth]  # PM903
        characters:
          - id: lino
            name: Lino
        events:
          - id: drive
            name: Lino drives
            agents: [lino]

    Passes:
        plotmodel: 1
        title: Misspelt
        check:
          ignore: [acts-after-death]
        characters:
          - id: lino
            name: Lino
        events:
          - id: drive
            name: Lino drives
            agents: [lino]
    """
    return _by_the_engine(context)
