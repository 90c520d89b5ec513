"""docs/editors.md tells the truth: the Neovim set-up shown is the one recorded, the screens too.

The screens were captured from a real Neovim session (made again by
examples/editors/record-neovim.sh). Neovim is no test dependency, so these
tests hold every line of the screens that comes from plotmodel to what
plotmodel says now: the finding's message, the hovers, the quick fixes and
what the first one writes, and the ids offered where an agent belongs.
"""

from __future__ import annotations

import re
from pathlib import Path

from plotmodel.checking import check
from plotmodel.editing import PlotText
from plotmodel.fixes import fixes
from plotmodel.lsp import _hover_text, _Writer

ROOT = Path(__file__).resolve().parent.parent
# the language server's part of the page; the JSON Schema's part follows it
DOC = (ROOT / "docs" / "editors.md").read_text(encoding="utf-8").split("\n## The JSON Schema")[0]
RECORDED = (ROOT / "examples" / "lost_bullet" / "broken" / "dead-quentin-acts.yaml").read_text(
    encoding="utf-8"
)
FENCE = re.compile(r"^```(\w+)\n(.*?)^```$", re.MULTILINE | re.DOTALL)


def _blocks(language: str) -> list[str]:
    return [m.group(2) for m in FENCE.finditer(DOC) if m.group(1) == language]


def _flat(text: str) -> str:
    """Text without white space, so lines wrapped at the screen's edge compare equal."""
    return re.sub(r"\s+", "", text)


def _position(needle: str, offset: int) -> tuple[int, int]:
    at = RECORDED.index(needle) + offset
    return RECORDED.count("\n", 0, at) + 1, at - RECORDED.rfind("\n", 0, at)


def test_the_neovim_set_up_shown_is_the_one_recorded() -> None:
    [lua] = _blocks("lua")
    assert lua == (ROOT / "examples" / "editors" / "init.lua").read_text(encoding="utf-8")


def test_the_recorded_finding_is_what_the_checker_says() -> None:
    screens = _blocks("text")
    [death] = [d for d in check(PlotText(RECORDED).loaded) if d.code == "PM301"]
    assert f"E     agents: [lino, quentin]     ■ {death.message}\n" in screens[0]


def test_the_recorded_hovers_are_what_the_server_renders() -> None:
    text = PlotText(RECORDED)
    plain = _Writer(markdown=False)
    on_id = text.at(*_position("    agents: [lino, quentin]", len("    agents: [lino, q")))
    assert on_id is not None
    first, _, description = _hover_text(text, on_id, plain).split("\n")
    screens = _blocks("text")
    assert f"[{first}\n" in screens[1]
    assert description in screens[1]
    on_event = text.at(*_position("id: car-armoured", len("id: c")))
    assert on_event is not None
    assert _flat(_hover_text(text, on_event, plain)) in _flat(screens[2])


def test_the_recorded_quick_fixes_are_the_fixes_and_the_first_writes_what_is_shown() -> None:
    text = PlotText(RECORDED)
    [death] = [d for d in check(text.loaded) if d.code == "PM301"]
    found = fixes(text, death)
    screens = _blocks("text")
    listed = [line.split(": ", 1)[1] for line in screens[3].splitlines()[1:-1]]
    assert listed == [fix.title for fix in found]
    fixed = RECORDED
    for edit in sorted(found[0].edits, key=lambda e: (e.range.line, e.range.column), reverse=True):
        start = text.offset(edit.range.line, edit.range.column)
        end = text.offset(edit.range.end_line, edit.range.end_column)
        fixed = fixed[:start] + edit.text + fixed[end:]
    # the screen's first two columns are the margin where signs go
    assert "".join(line[2:] + "\n" for line in screens[4].splitlines()) in fixed


def test_the_recorded_completion_offers_what_an_agent_may_be() -> None:
    before = "    agents: [lino, pursuers"
    edited = RECORDED.replace(before + "]", before + ", ]", 1)
    text = PlotText(edited)
    at = edited.index(before + ", ]") + len(before + ", ")
    slot = text.slot_at(edited.count("\n", 0, at) + 1, at - edited.rfind("\n", 0, at))
    assert slot is not None
    menu = re.findall(r" (\S+) +(?:Class|Struct) +(?:character|group): ", _blocks("text")[5])
    assert len(menu) >= 15
    assert set(menu) <= set(slot.ids)
    assert menu == sorted(menu)
