"""The readable queries, each checked against a slow answer built from a replay."""

from __future__ import annotations

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from plotmodel.index import Kind, PlotIndex
from plotmodel.loading import loads
from plotmodel.model import (
    AUDIENCE,
    Appearance,
    Born,
    Character,
    Dies,
    Event,
    Fact,
    Group,
    HandsOver,
    Joins,
    Participant,
    Plot,
    Relationship,
    Returns,
    Reveal,
    Thing,
)
from plotmodel.queries import Irony, changes, taking_part
from plotmodel.state import Belief, StoryState, story_state
from plotmodel.strategies import plots
from test_state import CHARACTERS, FACTS, GROUPS, THINGS, World, replay, story_plots, where

# each example replays the story once per moment: half the profile's examples
FEWER = settings(max_examples=max(5, settings.default.max_examples // 2))


@st.composite
def shown_plots(draw: st.DrawFn) -> Plot:
    """Random plots whose events the film may show out of story order."""
    plot = draw(story_plots(max_events=8))
    ids = [e.id for e in plot.events]
    if not ids:
        return plot
    events = []
    for event in plot.events:
        anchor = draw(st.sampled_from(("none", "none", "after", "before")))
        other = draw(st.sampled_from(ids))
        events.append(
            attrs.evolve(
                event,
                shown_after=other if anchor == "after" else None,
                shown_before=other if anchor == "before" else None,
                causes=tuple(draw(st.lists(st.sampled_from(ids), max_size=2))),
            )
        )
    return attrs.evolve(plot, events=tuple(events))


def audience_on_screen(plot: Plot, state: StoryState, shown: int) -> dict[str, Belief]:
    """Replay only the reveals to the audience, in screen order, over the first ``shown`` events."""
    contradicting: dict[str, set[str]] = {}
    for fact in plot.facts:
        for other in fact.contradicts:
            contradicting.setdefault(fact.id, set()).add(other)
            contradicting.setdefault(other, set()).add(fact.id)
    beliefs = {
        f.id: Belief.BELIEVES for f in plot.facts if AUDIENCE in f.known_by
    }  # the audience may be said to know a fact from the start
    for position in state.order.screen_order()[:shown]:
        for effect in plot.events[position].effects:
            if isinstance(effect, Reveal) and AUDIENCE in effect.to:
                # being told again changes no stand; doubting, suspecting or
                # believing is the stand from then on, even if it was firmer
                belief = effect.belief
                if belief is Belief.TOLD:
                    beliefs.setdefault(effect.fact, Belief.TOLD)
                    continue
                beliefs[effect.fact] = belief
                if belief is Belief.BELIEVES:
                    # believing one of two contradicting facts leaves the other only heard
                    for other in contradicting.get(effect.fact, ()):
                        if beliefs.get(other, Belief.UNAWARE) > Belief.DOUBTS:
                            beliefs[other] = Belief.TOLD
    return beliefs


@given(shown_plots())
def test_the_audience_learns_in_screen_order(plot: Plot) -> None:
    state = StoryState(plot)
    for shown in range(len(state.order.screen_order()) + 1):
        expected = audience_on_screen(plot, state, shown)
        moment = state.screen_start(shown)
        for fact in FACTS:
            assert state.audience_belief(fact, moment) is expected.get(fact, Belief.UNAWARE)


@FEWER
@given(shown_plots())
def test_dramatic_irony_matches_a_slow_scan_of_every_scene(plot: Plot) -> None:
    assert_irony_matches_a_slow_scan(plot)


@FEWER
@given(plots(max_events=8, unicode=False))
def test_dramatic_irony_on_valid_generated_plots(plot: Plot) -> None:
    assert_irony_matches_a_slow_scan(plot)


def assert_irony_matches_a_slow_scan(plot: Plot) -> None:
    """Replay the story before every scene on screen and compare what each side knows."""
    state = StoryState(plot)
    positions = {e.id: i for i, e in reversed(list(enumerate(plot.events)))}
    index = PlotIndex.of(plot)
    truth = {f.id: f.holds for f in plot.facts}
    end_world = replay(plot, len(plot.events))
    audience_end = audience_on_screen(plot, state, len(plot.events))
    expected = []
    for shown, position in enumerate(state.order.screen_order()):
        event = plot.events[position]
        world = replay(plot, position)
        audience = audience_on_screen(plot, state, shown)
        # those in the scene itself: in person, at its place, not on a telephone from elsewhere
        present = dict.fromkeys(
            one if isinstance(one, str) else one.who
            for one in (*event.agents, *event.participants)
            if isinstance(one, str) or (one.appears is Appearance.PRESENT and one.at is None)
        )
        for fact in plot.facts:
            if not fact.holds or fact.id in world.ended:
                continue  # false, or no longer true: neither side knows it
            if fact.backstory:
                happened = True
            else:
                established = positions.get(fact.established_by or "")
                happened = established is None or established < position
            audience_knows = audience.get(fact.id) is Belief.BELIEVES
            for who in present:
                if index.kind(who) is not Kind.CHARACTER:
                    continue
                knows = world.beliefs.get((who, fact.id)) is Belief.BELIEVES and truth[fact.id]
                knows_at_end = end_world.beliefs.get((who, fact.id)) is Belief.BELIEVES
                if audience_knows and not knows and happened and knows_at_end:
                    expected.append(
                        Irony(event=event.id, fact=fact.id, character=who, audience_ahead=True)
                    )
                elif knows and not audience_knows and audience_end.get(fact.id) is Belief.BELIEVES:
                    expected.append(
                        Irony(event=event.id, fact=fact.id, character=who, audience_ahead=False)
                    )
    found = tuple(state.dramatic_irony())
    assert found == tuple(expected)
    for who in {c.id for c in plot.characters}:
        mine = tuple(i for i in found if i.character == who)
        assert tuple(state.dramatic_irony(character=who)) == mine
        for fact in {f.id for f in plot.facts}:
            both = tuple(state.dramatic_irony(character=who, fact=fact))
            assert both == tuple(i for i in mine if i.fact == fact)
    for fact in {f.id for f in plot.facts}:
        assert tuple(state.dramatic_irony(fact=fact)) == tuple(i for i in found if i.fact == fact)
    # found scene by scene, as asked for
    assert next(state.dramatic_irony(), None) == (found[0] if found else None)


@FEWER
@given(story_plots())
def test_a_snapshot_holds_what_a_replay_holds(plot: Plot) -> None:
    state = StoryState(plot)
    for position, event in enumerate(plot.events):
        for after in (False, True):
            moment = state.start(position + after)
            snapshot = state.at(event.id, after=after)
            world = replay(plot, position + after)
            assert (snapshot.event, snapshot.after, snapshot.moment) == (event.id, after, moment)
            assert snapshot.dead == {c for c in CHARACTERS if world.dead.get(c) is not None}
            assert snapshot.alive == set(CHARACTERS) - snapshot.dead
            assert snapshot.injured == {c for c in world.injured if c in snapshot.alive}
            assert set(snapshot.held) == set(world.custody)
            located = {w: where(world, w) for w in CHARACTERS + GROUPS + THINGS}
            assert dict(snapshot.places) == {w: p for w, p in located.items() if p is not None}
            assert dict(snapshot.holders) == {
                t: h for t in THINGS if (h := world.holders.get(t)) is not None
            }
            assert snapshot.facts == {f for f in FACTS if state.holds(f, moment)}
            # asked one by one, each field answers as its full listing does
            for who in (*CHARACTERS, *GROUPS, *THINGS, "no-such-id"):
                assert (who in snapshot.alive) == (who in set(snapshot.alive))
                assert (who in snapshot.dead) == (who in set(snapshot.dead))
                assert snapshot.places.get(who) == dict(snapshot.places).get(who)
                assert snapshot.held.get(who) == dict(snapshot.held).get(who)
                assert snapshot.conditions.get(who) == dict(snapshot.conditions).get(who)
            for knower, believed in snapshot.beliefs.items():
                assert believed == {
                    f for f in FACTS if world.beliefs.get((knower, f)) is Belief.BELIEVES
                }


@FEWER
@given(story_plots(), st.data())
def test_changes_are_the_difference_of_two_replays(plot: Plot, data: st.DataObject) -> None:
    if not plot.events:
        return
    state = StoryState(plot)
    ids = [e.id for e in plot.events]
    since = data.draw(st.sampled_from(ids))
    until = data.draw(st.sampled_from(ids[ids.index(since) :]))
    start, end = state.after(since), state.after(until)
    before, after = replay(plot, ids.index(since) + 1), replay(plot, ids.index(until) + 1)
    diff = state.changes(since, until)
    assert (diff.start, diff.end) == (start, end)
    assert {d.who for d in diff.deaths} == {
        c
        for c in CHARACTERS
        if after.dead.get(c) is not None and state.death(c, end) != state.death(c, start)
    }
    assert set(diff.returns) == {
        c for c in CHARACTERS if before.dead.get(c) is not None and after.dead.get(c) is None
    }
    assert set(diff.releases) == {w for w in before.custody if w not in after.custody}
    moves = {(m.who, m.from_, m.to) for m in diff.moves}
    assert moves == {
        (w, where(before, w), where(after, w))
        for w in CHARACTERS + GROUPS + THINGS
        if where(before, w) != where(after, w)
    }
    transfers = {(t.thing, t.from_, t.to) for t in diff.transfers}
    assert transfers == {
        (t, before.holders.get(t), after.holders.get(t))
        for t in THINGS
        if before.holders.get(t) != after.holders.get(t)
    }
    assert set(diff.joined) == {
        (w, g)
        for w in CHARACTERS
        for g in GROUPS
        if g in _groups_of(plot, after, w) and g not in _groups_of(plot, before, w)
    }
    assert {(learning.knower, learning.fact) for learning in diff.learned} <= {
        (k, f) for (k, f), b in after.beliefs.items() if b is not Belief.UNAWARE
    } | {(learning.knower, learning.fact) for learning in state.learnings()}
    assert all(
        ids.index(since) < learning.position <= ids.index(until) for learning in diff.learned
    )
    assert set(diff.stopped_believing) == {
        (k, f)
        for (k, f), b in before.beliefs.items()
        if b is Belief.BELIEVES and after.beliefs.get((k, f)) is not Belief.BELIEVES
    }


@FEWER
@given(story_plots(), st.data())
def test_changes_between_any_two_moments_compare_every_record(
    plot: Plot, data: st.DataObject
) -> None:
    # Only what changed is compared: the answer must be what comparing every
    # character, group, thing, knower and fact at both moments gives.
    state = StoryState(plot)
    start = data.draw(st.integers(0, state.end))
    end = data.draw(st.integers(start, state.end))
    diff = changes(state, start, end)
    everyone = (*CHARACTERS, *GROUPS, *THINGS)
    assert [d.who for d in diff.deaths] == [
        c
        for c in CHARACTERS
        if state.death(c, end) is not None and state.death(c, end) != state.death(c, start)
    ]
    assert list(diff.returns) == [
        c for c in CHARACTERS if state.death(c, start) is not None and state.death(c, end) is None
    ]
    assert [i.who for i in diff.injuries] == [
        c
        for c in CHARACTERS
        if state.injury(c, end) is not None and state.injury(c, end) != state.injury(c, start)
    ]
    assert [(m.who, m.from_, m.to) for m in diff.moves] == [
        (w, state.place(w, start), state.place(w, end))
        for w in everyone
        if state.place(w, start) != state.place(w, end)
    ]
    assert [(t.thing, t.from_, t.to) for t in diff.transfers] == [
        (t, state.holder(t, start), state.holder(t, end))
        for t in THINGS
        if state.holder(t, start) != state.holder(t, end)
    ]
    assert [c.thing for c in diff.conditions] == [
        t for t in THINGS if state.condition(t, start) is not state.condition(t, end)
    ]
    assert list(diff.joined) == [
        (w, g) for g in GROUPS for w in sorted(state.members(g, end) - state.members(g, start))
    ]
    assert list(diff.established) == [
        f for f in FACTS if state.holds(f, end) and not state.holds(f, start)
    ]
    assert diff.learned == tuple(
        one for one in state.learnings() if start < state.learning_moment(one) <= end
    )
    assert list(diff.stopped_believing) == [
        (k, f)
        for k in sorted(state.knowers())
        for f in sorted(state.beliefs(k, start) - state.beliefs(k, end))
    ]


def test_joining_a_part_of_a_group_joins_the_whole_in_changes() -> None:
    plot = Plot(
        title="a story",
        characters=(Character(id="lino", name="Lino"),),
        groups=(
            Group(id="brigade", name="the brigade"),
            Group(id="squad", name="the squad", part_of="brigade"),
        ),
        events=(
            Event(id="opening", name="Lino at home"),
            Event(
                id="enlists",
                name="Lino joins the squad",
                effects=(Joins(who="lino", group="squad"),),
            ),
        ),
    )
    diff = StoryState(plot).changes("opening", "enlists")
    assert diff.joined == (("lino", "brigade"), ("lino", "squad"))


def _groups_of(plot: Plot, world: World, who: str) -> set[str]:
    """The groups ``who`` belongs to in a replayed world, and the groups those are part of."""
    direct = {g for w, g in world.membership if w == who}
    part_of = {g.id: g.part_of for g in plot.groups}
    found = set(direct)
    for group in direct:
        current = part_of.get(group)
        while current is not None and current not in found:
            found.add(current)
            current = part_of.get(current)
    return found


@FEWER
@given(shown_plots())
def test_causes_are_every_event_reached_through_causes(plot: Plot) -> None:
    state = StoryState(plot)
    by_id = {e.id: e for e in plot.events}
    for event in plot.events:
        reached: set[str] = set()
        frontier = set(event.causes)
        while frontier:
            reached |= frontier
            frontier = {c for r in frontier for c in by_id[r].causes} - reached
        reached.discard(event.id)
        expected = tuple(e.id for e in plot.events if e.id in reached)
        assert state.causes(event.id) == expected


@FEWER
@given(story_plots())
def test_an_event_involves_every_id_it_names(plot: Plot) -> None:
    state = StoryState(plot)
    for who in (*CHARACTERS, *GROUPS, *THINGS, *FACTS):
        involving = state.involving(who)
        assert list(involving) == [e.id for e in plot.events if e.id in involving]
        for event in plot.events:
            named = (
                who in event.agent_ids
                or who in event.mentions
                or who in event.motivated_by
                or any(who in (p.who, p.at) for p in event.participants)
                or event.place == who
                or who in repr(event.effects).split("'")
                or any(f.id == who and f.established_by == event.id for f in plot.facts)
            )
            assert (event.id in involving) is named
    for place in plot.places:
        involving = state.involving(place.id)
        held_inside = {
            e.id for e in plot.events if e.place is not None and state.is_within(e.place, place.id)
        }
        assert held_inside <= set(involving)


def test_timelines_on_a_flashback() -> None:
    plot = Plot(
        title="a flashback",
        characters=(Character(id="lino", name="Lino"), Character(id="charas", name="Charas")),
        facts=(Fact(id="shot", name="Areski shot Charas", established_by="shooting"),),
        relationships=(
            Relationship(
                id="employs", kind="employer", between=("charas", "lino"), until="shooting"
            ),
        ),
        events=(
            Event(id="hiring", name="Charas hires Lino", agents=("charas",)),
            Event(
                id="shooting",
                name="Charas is shot",
                participants=(Participant(who="charas"), Participant(who="lino")),
                effects=(Dies(who="charas"),),
                shown_after="inquiry",
            ),
            Event(
                id="inquiry",
                name="The inquiry",
                agents=("lino",),
                causes=("shooting",),
                participants=(Participant(who="charas", appears=Appearance.PHOTOGRAPH),),
            ),
        ),
    )
    state = story_state(plot)
    assert state.story_order() == ("hiring", "shooting", "inquiry")
    assert state.screen_order() == ("hiring", "inquiry", "shooting")
    assert state.present(2) == ("lino",)  # a photograph is not presence
    assert state.causes("inquiry") == ("shooting",)
    assert state.relationship_span("employs") == (None, 1)
    assert state.relationship_active("employs", 1)
    assert not state.relationship_active("employs", 2)
    (life,) = state.lives("charas")
    assert (life.start, life.end) == (None, "shooting")
    with pytest.raises(KeyError, match="no event has the id 'nothing'"):
        state.before("nothing")


def test_a_return_opens_a_new_life() -> None:
    plot = Plot(
        title="two lives",
        characters=(Character(id="lino", name="Lino"),),
        events=(
            Event(id="drowns", name="drowns", effects=(Dies(who="lino"),)),
            Event(id="revived", name="revived", effects=(Returns(who="lino"),)),
            Event(id="falls", name="falls", effects=(Dies(who="lino"),)),
        ),
    )
    state = story_state(plot)
    lives = [(life.start, life.end) for life in state.lives("lino")]
    assert lives == [(None, "drowns"), ("revived", "falls")]
    assert [d.event for d in state.deaths("lino")] == ["drowns", "falls"]
    with pytest.raises(ValueError, match="comes after"):
        changes(state, 3, 1)


def test_a_life_begins_at_the_birth() -> None:
    plot = Plot(
        title="a birth",
        characters=(Character(id="ana", name="Ana"), Character(id="kid", name="the child")),
        events=(
            Event(id="wed", name="Ana marries", agents=("ana",)),
            Event(id="birth", name="the child is born", effects=(Born(who="kid"),)),
            Event(id="fall", name="the child falls", effects=(Dies(who="kid"),)),
        ),
    )
    state = story_state(plot)
    assert [(life.start, life.end) for life in state.lives("kid")] == [("birth", "fall")]
    assert [(life.start, life.end) for life in state.lives("ana")] == [(None, None)]


def test_taking_part_names_agents_participants_and_what_effects_name_but_not_mentions() -> None:
    plot = Plot(
        title="Hand-over",
        characters=(
            Character(id="lino", name="Lino"),
            Character(id="charas", name="Charas"),
            Character(id="moss", name="Moss"),
        ),
        things=(Thing(id="car", name="the car", held_by="lino"),),
        events=(
            Event(
                id="give",
                name="Lino hands the car to Charas in memory of Moss",
                agents=("lino",),
                participants=(Participant(who="moss", appears=Appearance.MEMORY),),
                mentions=("charas",),
                effects=(HandsOver(thing="car", from_="lino", to="charas"), Dies(who="ghost")),
            ),
        ),
    )
    assert taking_part(story_state(plot), "give") == ("lino", "moss", "car", "charas")


CROWN = """\
plotmodel: 1
title: The crown
characters:
  - {id: duncan, name: Duncan}
  - {id: macbeth, name: Macbeth}
  - {id: ross, name: Ross}
facts:
  - id: duncan-king
    name: Duncan is king
    backstory: true
    known_by: [ross]
    ended_by: murder
    contradicts: [macbeth-king]
  - {id: macbeth-king, name: Macbeth is king, established_by: crowning}
events:
  - {id: feast, name: Duncan dines at Inverness, agents: [duncan, macbeth, ross]}
  - {id: murder, name: Macbeth kills Duncan, agents: [macbeth], effects: [{dies: duncan}]}
  - {id: crowning, name: Macbeth is crowned, agents: [macbeth], participants: [ross]}
"""


def test_a_fact_that_ends_holds_up_to_its_ending_event_and_is_then_out_of_date() -> None:
    state = story_state(loads(CROWN).require())
    assert state.holds("duncan-king", state.after("feast"))
    assert not state.holds("duncan-king", state.after("murder"))
    assert state.holds_until("duncan-king") == state.after("murder")
    assert state.holds_until("macbeth-king") is None
    # Ross still believes it after the murder: no longer knowledge, a belief out of date
    assert state.knows("ross", "duncan-king", state.after("feast"))
    assert not state.knows("ross", "duncan-king", state.after("murder"))
    assert state.wrongly_believes("ross", "duncan-king", state.after("murder"))
    assert "duncan-king" in state.knowledge("ross", state.before("murder"))
    assert "duncan-king" in state.false_beliefs("ross", state.end)
    assert "duncan-king" in state.at("murder").facts
    assert "duncan-king" not in state.at("crowning").facts
    assert state.changes("feast", "murder").ended == ("duncan-king",)
    assert state.changes("murder", "crowning").established == ("macbeth-king",)
    assert state.changes("murder", "crowning").ended == ()
