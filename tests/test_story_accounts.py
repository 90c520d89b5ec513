"""The corpus story told by four narrators: incompatible deaths validate, a slip in one is found."""

from __future__ import annotations

from pathlib import Path

import plotmodel
from plotmodel import Diagnostic, Severity, Stance, story_state

STORY = Path("examples/stories/lighthouse-inquest.yaml")
TWIN = Path("examples/stories/broken/lighthouse-inquest.yaml")


def reported(path: Path) -> list[Diagnostic]:
    """The errors and warnings ``plotmodel validate`` reports for a file, unsilenced."""
    return [
        d
        for d in plotmodel.check(plotmodel.load(path))
        if d.silenced is None and d.severity is not Severity.INFO
    ]


def test_four_accounts_of_one_death_validate_clean() -> None:
    assert [str(d) for d in reported(STORY)] == []
    plot = plotmodel.load(STORY).require()
    assert len(plot.accounts) >= 3
    story = story_state(plot)
    # each account kills the keeper its own way, and the story itself once, unseen
    killers = {a.id: story.account(a.id).deaths("keeper") for a in plot.accounts}
    assert all(len(deaths) == 1 for deaths in killers.values())
    assert len({(d[0].event, d[0].by) for d in killers.values()}) >= 2
    assert [d.event for d in story.deaths("keeper")] == ["keeper-dies"]
    # the dead keeper tells his account through the spiritualist
    seance = story.position("seance")
    assert not story.is_alive("keeper", story.start(seance))


def test_the_accounts_disagree_with_each_other_and_with_the_story() -> None:
    story = story_state(plotmodel.load(STORY).require())
    slipped = story.disagreements("keeper-slipped")
    assert slipped.holds
    assert slipped.claiming == ("fisherman-account",)
    assert slipped.against_the_story == ("wife-account",)
    pushed = story.disagreements("assistant-pushed-him")
    assert pushed.stances["wife-account"] is Stance.CLAIMS
    assert pushed.disputed


def test_the_twin_is_reported_inside_the_widow_s_account_only() -> None:
    assert TWIN.read_text(encoding="utf-8").startswith("# Broken on purpose: ")
    [found] = reported(TWIN)
    assert f"{found.location}: {found.code}" == f"{TWIN}:199:29: PM301"
    assert found.path[:2] == ("accounts", 1)
    assert found.message.startswith("in account 'wife-account': 'keeper' acts in 'dark'")
