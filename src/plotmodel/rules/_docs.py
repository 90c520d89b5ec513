"""The text of docs/rules.md, generated from the rule registry."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from plotmodel.rules import Rule

_INTRO = """\
# Rules

<!-- Generated from the rule registry by plotmodel.rules.render_docs(); do not edit by hand. -->

`plotmodel validate` and `plotmodel.checking.check` run these rules over one
pass of the story state. Each rule has a stable code (`PM301`), a readable
slug (`acts-after-death`) and a default severity; only errors fail a check.
Codes are grouped in families by their first three characters (`PM3` is
life). When a contradiction depends on the order of loosely placed events
(events with `after` or `before`), it is an error when it holds in every
order the plot allows and a warning when it holds only in some.

Every rule runs on every part of the plot that resolves: a reference that
names nothing (PM102) or the wrong kind of element (PM103) is left out of the
story, and the rest is checked as usual, so a typo in one id and a plot hole
elsewhere come out in the same run. The file's own problems (PM0xx) are rules
too: `check(load(path))` reports them alongside, and they can be selected and
ignored like any other. When the plot cannot be built, they are always
reported, since nothing else can say what is wrong.

Each narrator's account (see the file format) is checked as a timeline of
its own: every rule runs on it, and what it finds inside the account's events
is reported there, its message starting `in account 'ID':`. No rule compares
an account with the main story or with another account.

```python
from plotmodel.checking import check
from plotmodel.loading import loads

loaded = loads(
    \"\"\"
plotmodel: 1
title: A death too early
characters:
  - {id: charas, name: Charas}
events:
  - {id: crash, name: Charas dies in a crash, effects: [{dies: charas}]}
  - {id: phone, name: Charas makes a call, agents: [charas]}
\"\"\",
    file="early.yaml",
)
[found] = check(loaded)
assert (found.code, found.rule) == ("PM301", "acts-after-death")
assert str(found) == "early.yaml:8:53: PM301 'charas' acts in 'phone' after dying in 'crash'"
```

## Choosing rules

A selector is a code (`PM301`), a family prefix (`PM3`) or a slug
(`acts-after-death`). Settings come in three layers, each overriding the one
before: the plot file's `check:` table, the project's `[tool.plotmodel]`
table in the nearest `pyproject.toml`, and the caller's options (the command
line's `--select` and `--ignore`). In each layer a non-empty `select`
replaces the rules chosen so far, then `ignore` removes rules. A selector
that names no rule is reported (PM903), never ignored.

```yaml
check:
  select: [PM2, PM3, acts-on-unknown-fact]
  ignore: [PM302]
```

```toml
[tool.plotmodel]
select = ["PM2", "PM3", "PM7"]
ignore = ["unused-element"]
```

```python
from plotmodel.config import settings_from_table

project = settings_from_table({"ignore": ["unused-element"]})
assert check(loaded.plot, project=project, ignore=["PM3"]) == []
```

## Silencing a finding

A finding the writer accepts is silenced where it occurs, with the reason:

```yaml
events:
  - id: phone
    name: Charas calls from beyond
    agents: [charas]
    silence:
      - {code: acts-after-death, reason: the call was recorded before the crash}
```

A silence on an element or an event covers the findings of that rule inside
the element and those that name it; a silence on the whole plot (top-level
`silence:`) covers every finding of that rule. The code may be a rule's code
or its slug. Silenced findings are still returned, with the reason in
`Diagnostic.silenced`, and never count as errors. A silence without a reason
(PM901) and one that matches no finding of a rule that ran (PM902) are
reported themselves; these two cannot be silenced.

```python
import attrs
from plotmodel import Silence

plot = loaded.plot
phone = attrs.evolve(
    plot.events[1],
    silence=(Silence(code="acts-after-death", reason="the call was recorded before the crash"),),
)
[found] = check(attrs.evolve(plot, events=(plot.events[0], phone)))
assert found.silenced == "the call was recorded before the crash"
```

## Writing your own rule

A rule is a function from the story (a `plotmodel.rules.Context`: the plot,
its id index and the story state) to findings, made a `Rule` by the `rule`
decorator. Its docstring is its documentation. Other packages add rules
through the `plotmodel.rules` entry point group, naming a rule or a list of
rules; choose codes outside the `PM` range:

```toml
[project.entry-points."plotmodel.rules"]
heists = "heist_rules:RULES"
```

```python
from plotmodel.diagnostics import Severity
from plotmodel.rules import Context, Finding, rule


@rule("HX201", "id-for-a-name", Severity.WARNING)
def nameless_event(context: Context):
    \"\"\"An event whose name is only its id tells a reader nothing.\"\"\"
    for position, event in enumerate(context.plot.events):
        if event.name == event.id:
            yield Finding(
                message=f"event '{event.id}' is named by its id",
                path=("events", position, "name"),
                about=(event.id,),
            )


RULES = [nameless_event]
```

A finding's `path` points into the plot document (the engine turns it into a
file, line and column), `related` points to other places, and `about` lists
the ids it names so a silence on any of them covers it.

## Testing the rules

Every built-in rule has a deliberate break in `plotmodel.strategies`:
`broken_plots(code)` weaves one plot hole into a generated valid plot, and
exactly that rule must find it, at the element the break names.

```python
from hypothesis import given, settings

from plotmodel.index import PlotIndex
from plotmodel.strategies import broken_plots, plots


@settings(max_examples=5, deadline=None)
@given(broken_plots("PM301", base=plots(max_events=6)))
def test_the_dead_do_not_act(broken):
    found = [d for d in check(broken.plot) if d.silenced is None]
    assert {d.code for d in found} == {"PM301"}
    where = PlotIndex.of(broken.plot).path(broken.culprit)
    assert any(d.path[: len(where)] == where for d in found)


test_the_dead_do_not_act()
```
"""


def _example(rule: Rule, kind: str, title: str) -> list[str]:
    text = rule.example(kind)
    if text is None:
        return []
    return [f"{title}:", "", "```yaml", text.rstrip("\n"), "```", ""]


def render(rules: Sequence[Rule], families: Mapping[str, str]) -> str:
    """The whole rules page: the introduction, a table of rules, then each rule's documentation."""
    lines = [_INTRO, "## All rules", "", "| code | slug | severity | finds |", "|---|---|---|---|"]
    for one in rules:
        link = f"[{one.code}](#{one.code.lower()})"
        lines.append(f"| {link} | `{one.slug}` | {one.severity.value} | {one.summary} |")
    lines.append("")
    family = None
    for one in rules:
        if one.family != family:
            family = one.family
            lines += [f"## {family}xx {families.get(family, 'Other rules')}", ""]
        lines += [f"### {one.code}", "", f"`{one.slug}`, {one.severity.value}.", ""]
        lines += [one.summary, ""]
        if one.rationale:
            lines += [one.rationale, ""]
        lines += _example(one, "Fails", "Fails")
        lines += _example(one, "Passes", "Passes")
    return "\n".join(lines).rstrip("\n") + "\n"
