"""Narrators' accounts: each one a timeline apart, checked alone, asked about alone."""

from __future__ import annotations

import textwrap

import attrs
import pytest
from hypothesis import given, settings

from plotmodel.checking import check
from plotmodel.diagnostics import Diagnostic
from plotmodel.dumping import dumps
from plotmodel.index import PlotIndex
from plotmodel.loading import loads
from plotmodel.model import Account, Character, Event, Plot
from plotmodel.queries import Stance
from plotmodel.rules._common import quote
from plotmodel.state import story_state
from plotmodel.strategies import BrokenPlot, broken_plots, plots
from plotmodel.telling import tell

GROVE = """\
plotmodel: 1
title: The grove
characters:
  - {id: bandit, name: the bandit}
  - {id: samurai, name: the samurai}
  - {id: wife, name: the wife}
  - {id: medium, name: the medium}
  - {id: woodcutter, name: the woodcutter}
things:
  - {id: dagger, name: the dagger, held_by: wife}
facts:
  - {id: fair-fight, name: The bandit beat the samurai in a fair fight}
  - {id: wife-killed-him, name: The wife killed her husband, holds: false}
  - {id: samurai-dead, name: The samurai is dead, established_by: found}
events:
  - id: found
    name: The woodcutter finds the body
    agents: [woodcutter]
    participants: [{who: samurai, appears: remains}]
    effects: [{dies: samurai}]
  - id: trial
    name: The hearing at the court
    agents: [bandit, wife, woodcutter]
    participants: [medium]
accounts:
  - id: bandit-account
    name: The bandit's story
    narrator: bandit
    told_at: trial
    claims: [fair-fight]
    events:
      - {id: duel, name: The bandit kills the samurai, agents: [bandit, samurai],
         effects: [{dies: {who: samurai, by: bandit}}]}
      - {id: flight, name: The wife runs off, agents: [wife]}
  - id: wife-account
    name: The wife's story
    narrator: wife
    told_at: trial
    claims: [wife-killed-him]
    denies: [fair-fight]
    events:
      - {id: duel, name: The wife stabs her husband, agents: [wife], participants: [dagger],
         effects: [{dies: {who: samurai, by: wife}}]}
  - id: samurai-account
    name: The dead man's story
    narrator: samurai
    told_at: trial
    denies: [fair-fight, wife-killed-him]
    events:
      - {id: duel, name: The samurai takes his own life, agents: [samurai],
         effects: [{dies: samurai}]}
"""


def _check(text: str) -> list[Diagnostic]:
    return [d for d in check(loads(text, file="grove.yaml")) if d.silenced is None]


def _grove(**replace: str) -> str:
    text = GROVE
    for old, new in replace.items():
        assert old in text, old
        text = text.replace(old, new)
    return text


def test_incompatible_deaths_in_three_accounts_are_no_finding() -> None:
    assert _check(GROVE) == []


DEAD_MAN_ACTS = _grove(
    **{
        "{id: flight, name: The wife runs off, agents: [wife]}": (
            "{id: flight, name: The samurai runs off, agents: [samurai]}"
        )
    }
)


def test_a_dead_man_acting_in_one_account_is_reported_in_that_account() -> None:
    [found] = _check(DEAD_MAN_ACTS)
    assert found.code == "PM301"
    assert found.path == ("accounts", 0, "events", 1, "agents", 0)
    assert found.message == (
        "in account 'bandit-account': 'samurai' acts in 'flight' after dying in 'duel'"
    )
    [note] = found.related
    assert note.path == ("accounts", 0, "events", 0, "effects", 0)
    assert found.location is not None
    assert note.location is not None
    lines = DEAD_MAN_ACTS.splitlines()
    assert "samurai" in lines[found.location.line - 1]
    assert "dies" in lines[note.location.line - 1]


def test_an_account_id_in_a_message_is_escaped() -> None:
    text = DEAD_MAN_ACTS.replace("id: bandit-account", 'id: "bandit\\e[2J"')
    [found] = check(loads(text))
    assert "\x1b" not in found.message
    assert found.message.startswith("in account 'bandit\\x1b[2J': ")


def test_the_main_story_is_not_changed_by_what_an_account_tells() -> None:
    plot = loads(GROVE).plot
    assert plot is not None
    story = story_state(plot)
    assert story.is_alive("samurai", story.before("found"))
    assert story.deaths("samurai")[0].event == "found"
    assert len(story.deaths("samurai")) == 1
    assert story.at("trial").facts == {"samurai-dead"}


def test_account_events_are_not_in_the_plot_index() -> None:
    plot = loads(GROVE).plot
    assert plot is not None
    index = PlotIndex.of(plot)
    assert "duel" not in index.entries
    assert index.ids(index.kind("bandit-account")) == [  # type: ignore[arg-type]
        "bandit-account",
        "wife-account",
        "samurai-account",
    ]


def test_a_main_event_naming_an_account_event_names_nothing() -> None:
    [found] = _check(
        _grove(**{"participants: [medium]": "participants: [medium]\n    causes: [duel]"})
    )
    assert (found.code, found.path) == ("PM102", ("events", 1, "causes", 0))


def test_an_account_event_naming_a_main_event_names_nothing_in_the_account() -> None:
    text = _grove(
        **{
            "{id: flight, name: The wife runs off, agents: [wife]}": (
                "{id: flight, name: The wife runs off, agents: [wife], causes: [found]}"
            )
        }
    )
    [found] = _check(text)
    assert (found.code, found.path) == ("PM102", ("accounts", 0, "events", 1, "causes", 0))
    assert found.message.startswith("in account 'bandit-account': 'found' in causes")


def test_one_account_may_use_an_id_twice_only_once() -> None:
    text = _grove(**{"{id: flight,": "{id: duel,"})
    [found] = _check(text)
    assert (found.code, found.path) == ("PM101", ("accounts", 0, "events", 1, "id"))
    assert found.related[0].path == ("accounts", 0, "events", 0, "id")


def test_the_account_s_own_fields_are_references_of_the_plot() -> None:
    text = _grove(
        **{
            "narrator: bandit": "narrator: bandt",
            "told_at: trial\n    claims: [fair-fight]": "told_at: duel\n    claims: [dagger]",
        }
    )
    found = [(d.code, d.path) for d in _check(text)]
    assert found == [
        ("PM102", ("accounts", 0, "narrator")),
        ("PM102", ("accounts", 0, "told_at")),
        ("PM103", ("accounts", 0, "claims", 0)),
    ]
    [typo] = [d for d in _check(text) if d.path == ("accounts", 0, "narrator")]
    assert "did you mean 'bandit'?" in typo.message


def test_a_fact_claimed_and_denied_by_one_account_is_refused_on_loading() -> None:
    loaded = loads(
        _grove(**{"claims: [fair-fight]": "claims: [fair-fight]\n    denies: [fair-fight]"})
    )
    [found] = loaded.diagnostics
    assert found.code == "PM007"
    assert found.path == ("accounts", 0, "denies")
    assert "fair-fight" in found.message


def test_the_narrator_is_not_put_in_the_telling_event() -> None:
    # the samurai is dead at the hearing and tells his story through the medium
    plot = loads(GROVE).plot
    assert plot is not None
    story = story_state(plot)
    assert not story.is_alive("samurai", story.before("trial"))
    assert [b.position for b in story.bodily("samurai")] == []


def test_an_element_used_only_inside_an_account_is_used() -> None:
    # the dagger is in the wife's story only
    found = _check(GROVE.replace(", participants: [dagger]", ""))
    assert [(d.code, d.path) for d in found] == [("PM801", ("things", 0, "id"))]


def test_a_group_used_inside_an_account_counts_its_members() -> None:
    text = GROVE.replace(
        "  - {id: woodcutter, name: the woodcutter}\n",
        "  - {id: woodcutter, name: the woodcutter}\n"
        "  - {id: priest, name: a priest, groups: [temple]}\n",
    ).replace("things:\n", "groups:\n  - {id: temple, name: the temple}\nthings:\n")
    text = text.replace("agents: [wife]}", "agents: [wife], participants: [temple]}")
    assert _check(text) == []


SILENCED = "silence: [{code: PM301, reason: the bandit lies and the wife knows it}]"


def test_a_silence_on_an_account_event_covers_its_finding_and_is_used() -> None:
    text = DEAD_MAN_ACTS.replace("agents: [samurai]}", f"agents: [samurai], {SILENCED}}}")
    [found] = check(loads(text))
    assert found.code == "PM301"
    assert found.silenced == "the bandit lies and the wife knows it"


def test_a_silence_on_a_main_event_with_the_same_id_covers_nothing_in_an_account() -> None:
    text = DEAD_MAN_ACTS.replace(
        "  - id: trial\n",
        f"  - {{id: flight, name: A main event of the same id, {SILENCED}}}\n  - id: trial\n",
    )
    found = [(d.code, d.silenced, d.message) for d in check(loads(text))]
    assert [code for code, _, _ in found] == ["PM902", "PM301"]
    assert found[1][1] is None
    assert found[0][2] == "silence of 'PM301' on 'flight' matches no finding"


def test_a_silence_in_one_account_covers_nothing_in_another_with_the_same_ids() -> None:
    # the wife's story has a 'flight' of its own, silenced; the bandit's 'flight' is not
    text = DEAD_MAN_ACTS.replace(
        "participants: [dagger],\n         effects: [{dies: {who: samurai, by: wife}}]}",
        "participants: [dagger],\n         effects: [{dies: {who: samurai, by: wife}}]}\n"
        f"      - {{id: flight, name: The wife runs off, agents: [wife], {SILENCED}}}",
    )
    found = [(d.code, d.path[:2], d.silenced) for d in check(loads(text))]
    assert found == [
        ("PM301", ("accounts", 0), None),
        ("PM902", ("accounts", 1), None),
    ]


def test_an_unused_silence_in_an_account_names_the_account() -> None:
    text = GROVE.replace("agents: [wife]}", f"agents: [wife], {SILENCED}}}")
    [found] = check(loads(text))
    assert found.code == "PM902"
    assert found.path == ("accounts", 0, "events", 1, "silence", 0, "code")
    assert found.message == (
        "silence of 'PM301' on 'flight' in account 'bandit-account' matches no finding"
    )


@pytest.mark.parametrize(
    ("where", "old"),
    [
        ("the character", "  - {id: samurai, name: the samurai}\n"),
        ("the account", "    narrator: bandit\n"),
        ("the plot", "title: The grove\n"),
    ],
)
def test_silences_of_the_plot_and_its_elements_cover_account_findings(where: str, old: str) -> None:
    entry = {
        "the character": f"  - {{id: samurai, name: the samurai, {SILENCED}}}\n",
        "the account": f"    narrator: bandit\n    {SILENCED}\n",
        "the plot": f"title: The grove\n{SILENCED}\n",
    }[where]
    [found] = check(loads(DEAD_MAN_ACTS.replace(old, entry)))
    assert (found.code, found.silenced) == ("PM301", "the bandit lies and the wife knows it")


def test_a_file_error_in_an_account_leaves_the_rest_of_it_checked_and_placed() -> None:
    text = GROVE.replace(
        "effects: [{dies: {who: samurai, by: bandit}}]}",
        "effects: [{stabs: samurai}, {dies: {who: samurai, by: bandt}}]}",
    )
    found = [(d.code, d.path, d.location.line if d.location else 0) for d in check(loads(text))]
    line = next(n for n, one in enumerate(text.splitlines(), start=1) if "stabs" in one)
    assert found == [
        ("PM005", ("accounts", 0, "events", 0, "effects", 0, "stabs"), line),
        ("PM102", ("accounts", 0, "events", 0, "effects", 1, "by", 0), line),
    ]
    [typo] = [d for d in check(loads(text)) if d.code == "PM102"]
    assert typo.message.endswith("(did you mean 'bandit'?)")
    assert (typo.location.line, typo.location.column) == (
        line,
        text.splitlines()[line - 1].index("bandt") + 1,
    )  # type: ignore[union-attr]


def test_accounts_survive_a_round_trip() -> None:
    plot = loads(GROVE).plot
    assert plot is not None
    for fmt in ("yaml", "json"):
        again = loads(dumps(plot, format=fmt), format=fmt)  # type: ignore[arg-type]
        assert again.diagnostics == ()
        assert again.plot == plot
    assert "accounts:" in dumps(plot)
    assert dumps(plot).index("\nevents:") < dumps(plot).index("\naccounts:")


# -- the story each account tells ------------------------------------------------


def test_each_account_has_a_story_state_of_its_own() -> None:
    plot = loads(GROVE).plot
    assert plot is not None
    story = story_state(plot)
    bandit = story.account("bandit-account")
    assert bandit is story.account("bandit-account")  # built once
    assert bandit is story.account_at(0)
    assert bandit.story_order() == ("duel", "flight")
    assert bandit.at("duel").alive >= {"samurai", "wife"}
    assert bandit.at("flight").dead == {"samurai"}
    assert bandit.death("samurai", bandit.end).by == ("bandit",)  # type: ignore[union-attr]
    assert story.account("wife-account").death("samurai", 2).by == ("wife",)  # type: ignore[union-attr]
    assert story.account("samurai-account").death("samurai", 2).by == ()  # type: ignore[union-attr]


def test_what_an_account_claims_holds_from_its_start_and_what_it_denies_never() -> None:
    plot = loads(GROVE).plot
    assert plot is not None
    story = story_state(plot)
    bandit, wife = story.account("bandit-account"), story.account("wife-account")
    assert bandit.at("duel").facts == {"fair-fight"}
    assert wife.at("duel").facts == {"wife-killed-him"}
    assert story.account("samurai-account").at("duel", after=True).facts == set()
    # the body is found in the main story: no event of the account establishes it
    assert bandit.holds_from("samurai-dead") is None


def test_a_claim_or_a_denial_overrides_the_story_s_own_truth() -> None:
    text = GROVE.replace(
        "  - {id: fair-fight, name: The bandit beat the samurai in a fair fight}\n",
        "  - {id: fair-fight, name: The bandit beat the samurai in a fair fight,"
        " backstory: true}\n",
    ).replace("    denies: [fair-fight, wife-killed-him]\n", "    claims: [samurai-dead]\n")
    plot = loads(text).plot
    assert plot is not None
    story = story_state(plot)
    # the wife denies a backstory truth; the dead man claims what a main event establishes
    assert "fair-fight" not in story.account("wife-account").at("duel").facts
    assert story.account("samurai-account").at("duel").facts == {"fair-fight", "samurai-dead"}
    assert story.at("trial").facts == {"fair-fight", "samurai-dead"}
    # backstory holds in every account, but an account that does not name it is silent on it
    assert story.disagreements("fair-fight").stances["samurai-account"] is Stance.SILENT


def test_a_fact_an_account_event_establishes_holds_from_that_event() -> None:
    text = GROVE.replace(
        "{id: flight, name: The wife runs off",
        "{id: found, name: The woodcutter finds the body, agents: [woodcutter]}\n"
        "      - {id: flight, name: The wife runs off",
    )
    plot = loads(text).plot
    assert plot is not None
    bandit = story_state(plot).account("bandit-account")
    assert "samurai-dead" not in bandit.at("found").facts
    assert "samurai-dead" in bandit.at("found", after=True).facts
    assert bandit.knows("woodcutter", "samurai-dead", bandit.end)


def test_asking_for_an_account_that_is_not_there_is_a_key_error() -> None:
    plot = loads(GROVE).plot
    assert plot is not None
    with pytest.raises(KeyError, match="no account has the id 'bandit'"):
        story_state(plot).account("bandit")
    with pytest.raises(KeyError, match="no account has the id 'trial'"):
        story_state(plot).account("trial")


def test_which_accounts_disagree_about_a_fact() -> None:
    plot = loads(GROVE).plot
    assert plot is not None
    story = story_state(plot)
    fight = story.disagreements("fair-fight")
    assert fight.holds  # the main story leaves it true
    assert dict(fight.stances) == {
        "bandit-account": Stance.CLAIMS,
        "wife-account": Stance.DENIES,
        "samurai-account": Stance.DENIES,
    }
    assert fight.claiming == ("bandit-account",)
    assert fight.denying == ("wife-account", "samurai-account")
    assert fight.against_the_story == ("wife-account", "samurai-account")
    assert fight.disputed

    stab = story.disagreements("wife-killed-him")
    assert not stab.holds
    assert stab.against_the_story == ("wife-account",)
    assert stab.disputed

    dead = story.disagreements("samurai-dead")
    assert set(dead.stances.values()) == {Stance.SILENT}
    assert not dead.disputed


def test_no_account_is_against_a_story_that_never_settles_the_fact() -> None:
    text = GROVE.replace(
        "name: The bandit beat the samurai in a fair fight}",
        "name: The bandit beat the samurai in a fair fight, holds: null}",
    )
    plot = loads(text).plot
    assert plot is not None
    fight = story_state(plot).disagreements("fair-fight")
    assert fight.holds is None
    assert fight.claiming == ("bandit-account",)
    assert fight.against_the_story == ()
    assert fight.disputed  # the accounts still disagree among themselves


def test_accounts_agreeing_with_the_story_and_each_other_are_no_dispute() -> None:
    text = GROVE.replace("    claims: [wife-killed-him]\n    denies: [fair-fight]\n", "")
    text = text.replace(
        "    denies: [fair-fight, wife-killed-him]\n", "    denies: [wife-killed-him]\n"
    )
    plot = loads(text).plot
    assert plot is not None
    story = story_state(plot)
    assert not story.disagreements("fair-fight").disputed
    assert not story.disagreements("wife-killed-him").disputed
    with pytest.raises(KeyError, match="no fact has the id 'duel'"):
        story.disagreements("duel")


def test_an_account_claims_what_its_own_event_makes_true() -> None:
    text = GROVE.replace(
        "{id: flight, name: The wife runs off",
        "{id: found, name: The woodcutter finds the body, agents: [woodcutter]}\n"
        "      - {id: flight, name: The wife runs off",
    )
    plot = loads(text).plot
    assert plot is not None
    dead = story_state(plot).disagreements("samurai-dead")
    assert dead.stances["bandit-account"] is Stance.CLAIMS
    assert dead.stances["wife-account"] is Stance.SILENT
    assert not dead.disputed


# -- show --------------------------------------------------------------------------


def test_show_tells_each_account_under_the_event_where_it_is_told() -> None:
    plot = loads(GROVE).plot
    assert plot is not None
    text = tell(plot)
    assert (
        textwrap.dedent("""\
        2. The hearing at the court  trial
           by the bandit, the wife and the woodcutter; with the medium
           Account: The bandit's story  bandit-account
             told by the bandit
             claims: The bandit beat the samurai in a fair fight
             1. The bandit kills the samurai  duel
                by the bandit and the samurai
                - the samurai is killed by the bandit
             2. The wife runs off  flight
                by the wife
           Account: The wife's story  wife-account
             told by the wife
             claims: The wife killed her husband
             denies: The bandit beat the samurai in a fair fight
             1. The wife stabs her husband  duel
                by the wife; with the dagger
                - the samurai is killed by the wife
           Account: The dead man's story  samurai-account
             told by the samurai
             denies: The bandit beat the samurai in a fair fight; The wife killed her husband
    """)
        in text
    )


def test_show_names_an_account_s_events_and_facts_as_the_account_tells_them() -> None:
    text = GROVE.replace(
        "{id: flight, name: The wife runs off, agents: [wife]}",
        "{id: flight, name: The wife runs off, agents: [wife], after: [duel],"
        " effects: [{reveal: {fact: fair-fight, to: [audience]}},"
        " {reveal: {fact: wife-killed-him, to: [audience]}}]}",
    )
    plot = loads(text).plot
    assert plot is not None
    told = tell(plot)
    assert "[loose: after The bandit kills the samurai]" in told
    assert "the audience learns: The bandit beat the samurai in a fair fight\n" in told
    assert "the audience learns: The wife killed her husband (a falsehood)\n" in told


def test_show_lists_accounts_told_at_no_event_of_the_story() -> None:
    plot = loads(GROVE).plot
    assert plot is not None
    lost = attrs.evolve(plot, accounts=(attrs.evolve(plot.accounts[0], told_at="nowhere"),))
    text = tell(lost)
    assert text.endswith(
        "Accounts told at no event of the story\n"
        "Account: The bandit's story  bandit-account\n"
        "  told by the bandit\n"
        "  claims: The bandit beat the samurai in a fair fight\n"
        "  1. The bandit kills the samurai  duel\n"
        "     by the bandit and the samurai\n"
        "     - the samurai is killed by the bandit\n"
        "  2. The wife runs off  flight\n"
        "     by the wife\n"
    )


def test_an_account_is_a_model_element() -> None:
    account = Account(id="a", name="A", narrator="bandit", told_at="trial")
    assert account.events == ()
    assert account.claims == account.denies == ()


# -- a story told as an account is checked as the story itself -----------------------

# plots of any kind, broken by any rule, without accounts of their own
STORIES = broken_plots(base=plots(max_events=6).map(lambda p: attrs.evolve(p, accounts=())))


def _fresh(plot: Plot, stem: str) -> str:
    taken = set(PlotIndex.of(plot).entries)
    number = 0
    while f"{stem}-{number}" in taken:
        number += 1
    return f"{stem}-{number}"


def _placed(found: Diagnostic) -> tuple[object, ...]:
    return (
        found.code,
        found.path,
        found.message,
        found.severity,
        found.silenced,
        tuple((r.message, r.path) for r in found.related),
    )


@settings(max_examples=60, deadline=None)
@given(broken=STORIES)
def test_a_story_told_as_an_account_gives_its_findings_inside_the_account(
    broken: BrokenPlot,
) -> None:
    story = broken.plot
    if not story.characters:
        teller = Character(id=_fresh(story, "teller"), name="a teller")
        story = attrs.evolve(story, characters=(teller,))
    telling = Event(id=_fresh(story, "telling"), name="Someone tells the story")
    account = Account(
        id=_fresh(story, "version"),
        name="The story as one narrator tells it",
        narrator=story.characters[0].id,
        told_at=telling.id,
        events=story.events,
    )
    told = attrs.evolve(story, events=(telling,), accounts=(account,))
    # what the story itself gives in its events, without what belongs to the main story only
    alone = attrs.evolve(story, screen=(), threads=(), setups=(), discrepancies=())
    expected = sorted(
        (
            d.code,
            ("accounts", 0, *d.path),
            f"in account {quote(account.id)}: {d.message}",
            d.severity,
            d.silenced,
            tuple(
                (r.message, ("accounts", 0, *r.path) if r.path[:1] == ("events",) else r.path)
                for r in d.related
            ),
        )
        for d in check(alone)
        if d.path[:1] == ("events",) and not d.code.startswith("PM9")
    )
    actual = sorted(
        _placed(d)
        for d in check(told)
        if d.path[:3] == ("accounts", 0, "events") and not d.code.startswith("PM9")
    )
    assert actual == expected


def test_an_account_can_be_asked_about_when_only_the_story_state_is_kept() -> None:
    story = story_state(loads(GROVE).require())  # the plot itself is gone
    assert story.account("wife-account").at("duel", after=True).dead == {"samurai"}
    assert story.disagreements("fair-fight").claiming == ("bandit-account",)


def test_an_account_cut_for_a_file_error_leaves_the_next_one_placed_as_in_the_file() -> None:
    text = GROVE.replace("    narrator: bandit\n", "").replace(
        "{id: duel, name: The wife stabs her husband, agents: [wife]",
        "{id: duel, name: The wife stabs her husband, agents: [wfe]",
    )
    found = [(d.code, d.path) for d in check(loads(text))]
    assert found == [
        ("PM004", ("accounts", 0)),
        ("PM102", ("accounts", 1, "events", 0, "agents", 0)),
    ]
    [typo] = [d for d in check(loads(text)) if d.code == "PM102"]
    assert typo.message.startswith("in account 'wife-account': 'wfe' in agents")
    # with the file's error ignored, every rule reads what is left, accounts included
    walks = text.replace("agents: [wfe]", "agents: [wife]").replace(
        "effects: [{dies: {who: samurai, by: wife}}]}",
        "effects: [{dies: {who: samurai, by: wife}}]}\n"
        "      - {id: home, name: The samurai walks home, agents: [samurai]}",
    )
    ignored = check(loads(walks), ignore=["PM004"])
    assert [(d.code, d.path[:2]) for d in ignored] == [("PM301", ("accounts", 1))]


def test_show_takes_an_account_s_claim_as_settling_a_fact_the_story_leaves_open() -> None:
    text = """\
plotmodel: 1
title: The haunting
characters: [{id: ann, name: Ann}]
facts: [{id: ghost, name: The ghost was real, holds: null}]
events:
  - {id: inquest, name: Ann speaks, agent: ann, effects: [{reveal: {fact: ghost, to: [ann]}}]}
accounts:
  - id: told
    name: Ann's account
    narrator: ann
    told_at: inquest
    claims: [ghost]
    events:
      - {id: seen, name: It appears, agent: ann, effects: [{reveal: {fact: ghost, to: [ann]}}]}
"""
    shown = tell(loads(text).require()).splitlines()
    story, account = shown.index("1. Ann speaks  inquest"), shown.index("     told by Ann")
    assert "(never settled)" in "".join(shown[story:account])
    assert "(never settled)" not in "".join(shown[account:])
