"""The story corpus: small plots that must validate clean, each with a broken twin.

Every story in ``examples/stories`` is a consistent plot: it must give no error
and no warning. Each has a twin in ``examples/stories/broken`` with one
realistic mistake, which exactly one rule of error severity must report, at
the places ``expected.txt`` lists. Together the stories must show every
device the format can say (ghosts who act, facts kept from their agents,
groups held and released, screen orders given whole...); each device is
detected here from the loaded plots, so the corpus cannot lose one silently.
"""

from __future__ import annotations

import difflib
import functools
import itertools
import subprocess
import sys
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

import pytest

import plotmodel
from plotmodel import (
    AUDIENCE,
    Appearance,
    Arrested,
    Belief,
    Diagnostic,
    Dies,
    Escapes,
    Event,
    Found,
    HandsOver,
    Kind,
    Leaves,
    Lost,
    Made,
    Moves,
    Participant,
    Plot,
    Released,
    Returns,
    Reveal,
    Severity,
    StoryState,
    TakenOut,
    Takes,
    story_state,
)
from plotmodel._dates import seconds, when, widened
from plotmodel.model import Motive, Precision

STORIES = Path("examples/stories")
BROKEN = STORIES / "broken"
STORY_FILES = sorted(STORIES.glob("*.yaml"))
TWIN_FILES = sorted(BROKEN.glob("*.yaml"))
HEADER = "# Broken on purpose: "


def reported(path: Path) -> list[Diagnostic]:
    """The errors and warnings ``plotmodel validate`` reports for a file, unsilenced."""
    return [
        d
        for d in plotmodel.check(plotmodel.load(path))
        if d.silenced is None and d.severity is not Severity.INFO
    ]


@functools.cache
def corpus() -> dict[str, Plot]:
    """Every story's plot, by file stem."""
    return {path.stem: plotmodel.load(path).require() for path in STORY_FILES}


def expected() -> dict[str, list[str]]:
    """The ``file:line:col: CODE`` lines of ``expected.txt``, by file."""
    by_file: dict[str, list[str]] = defaultdict(list)
    for line in (BROKEN / "expected.txt").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            by_file[line.split(":", 1)[0]].append(line)
    return dict(by_file)


# -- the stories and their twins -------------------------------------------------


def test_the_corpus_has_at_least_fourteen_stories() -> None:
    assert len(STORY_FILES) >= 14


@pytest.mark.parametrize("path", STORY_FILES, ids=lambda p: p.stem)
def test_a_story_validates_with_no_error_and_no_warning(path: Path) -> None:
    assert [str(d) for d in reported(path)] == []


@pytest.mark.parametrize("path", STORY_FILES, ids=lambda p: p.stem)
def test_a_story_says_what_it_is_and_where_it_comes_from(path: Path) -> None:
    plot = corpus()[path.stem]
    assert plot.description
    assert plot.source
    assert 8 <= len(plot.events) <= 30


def test_every_story_has_a_twin_and_every_twin_a_story() -> None:
    assert [p.name for p in TWIN_FILES] == [p.name for p in STORY_FILES]


@pytest.mark.parametrize("path", TWIN_FILES, ids=lambda p: p.stem)
def test_a_twin_names_its_mistake_on_its_first_line(path: Path) -> None:
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith(HEADER)
    assert len(first) > len(HEADER) + 20


@pytest.mark.parametrize("path", TWIN_FILES, ids=lambda p: p.stem)
def test_a_twin_is_its_story_with_a_few_lines_changed(path: Path) -> None:
    twin = path.read_text(encoding="utf-8").splitlines()
    story = (STORIES / path.name).read_text(encoding="utf-8").splitlines()
    assert twin[1].startswith("# ")  # the second header line points to expected.txt
    changed = [
        line
        for line in difflib.unified_diff(story, twin[2:], lineterm="", n=0)
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]
    assert 1 <= len(changed) <= 12


@pytest.mark.parametrize("path", TWIN_FILES, ids=lambda p: p.stem)
def test_a_twin_gives_exactly_its_expected_findings(path: Path) -> None:
    found = [f"{d.location}: {d.code}" for d in reported(path)]
    assert found == expected()[str(path)]


@pytest.mark.parametrize("path", TWIN_FILES, ids=lambda p: p.stem)
def test_a_twin_is_reported_by_one_rule_of_error_severity(path: Path) -> None:
    found = reported(path)
    assert len({d.code for d in found}) == 1
    assert {d.severity for d in found} == {Severity.ERROR}


def test_expected_lists_every_twin_and_nothing_else() -> None:
    assert sorted(expected()) == [str(p) for p in TWIN_FILES]


def test_the_twins_break_at_least_eight_different_rules() -> None:
    codes = {line.rsplit(" ", 1)[1] for lines in expected().values() for line in lines}
    assert len(codes) >= 8


def test_the_twins_and_expected_findings_are_generated_from_the_stories() -> None:
    command = [sys.executable, str(BROKEN / "make.py"), "--check"]
    made = subprocess.run(command, check=False, capture_output=True, text=True)
    assert made.returncode == 0, made.stdout + made.stderr


def test_the_readme_lists_every_story_with_its_twins_rule() -> None:
    readme = (STORIES / "README.md").read_text(encoding="utf-8")
    rows = {
        line.split("|")[1].strip(): line for line in readme.splitlines() if line.startswith("| `")
    }
    for path in STORY_FILES:
        row = rows.get(f"`{path.name}`")
        assert row is not None, path.name
        (code,) = {line.rsplit(" ", 1)[1] for line in expected()[str(BROKEN / path.name)]}
        assert code in row, path.name


# -- the devices the corpus must show --------------------------------------------

Device = Callable[[Plot, StoryState], bool]
DEVICES: dict[str, Device] = {}


def device(name: str) -> Callable[[Device], Device]:
    """Register a detector: whether a plot shows the device, read from its structure."""

    def register(found: Device) -> Device:
        DEVICES[name] = found
        return found

    return register


def forms(event: Event, appears: Appearance) -> list[str]:
    """Who takes part in an event (as an agent or a participant) in the given form."""
    return [
        one.who
        for one in (*event.agents, *event.participants)
        if isinstance(one, Participant) and one.appears is appears
    ]


def knows(state: StoryState, who: str, fact: str, moment: int) -> bool:
    """Whether a character believes a fact, or a group has a member who does."""
    if state.index.kind(who) is Kind.GROUP:
        return any(state.believes(m, fact, moment) for m in state.members(who, moment))
    return state.believes(who, fact, moment)


def speaks(event: Event, who: str) -> bool:
    """Whether ``who`` tells something in the event."""
    return any(isinstance(e, Reveal) and e.by == who for e in event.effects)


@device("a prisoner dies in custody and the body is taken out of the custody place")
def dead_prisoner_moved(plot: Plot, state: StoryState) -> bool:
    for position, number, moves in state.effects_of(Moves):
        death = state.death(moves.who, state.step(position, number))
        if death is None:
            continue
        for span in state.custody_spans(moves.who):
            held, ended = span.custody.at, span.ended
            if not span.died or ended is None or ended.position != death.position:
                continue
            if held is not None and not state.is_within(moves.to, held):
                return True
    return False


@device("a group loses a member to death and goes on acting with the survivors")
def group_goes_on(plot: Plot, state: StoryState) -> bool:
    for position, number, dies in state.effects_of(Dies):
        moment = state.step(position, number)
        for group in state.groups:
            if not state.is_member(dies.who, group, moment):
                continue
            for later in range(position + 1, state.size):
                acting = group in plot.events[later].agent_ids
                if acting and state.members(group, state.start(later)):
                    return True
    return False


@device("a held group's member leaves it while held and is freed by the group's release")
def member_freed_with_group(plot: Plot, state: StoryState) -> bool:
    for position, number, leaves in state.effects_of(Leaves):
        held = state.custody(leaves.who, state.step(position, number))
        if held is None or held.through != leaves.group:
            continue
        for later, _, released in state.effects_of(Released):
            if released.who == leaves.group and later > position:
                event = plot.events[later].id
                before, after = state.start(later), state.after(event)
                if state.custody(leaves.who, before) and not state.custody(leaves.who, after):
                    return True
    return False


@device("a character takes part only as a member of a group that takes part")
def member_only_through_group(plot: Plot, state: StoryState) -> bool:
    named = state.named()
    used = [group for group in state.groups if group in named]
    return any(
        character.id not in named and any(character.id in state.ever_members(g) for g in used)
        for character in plot.characters
    )


@device("a dead character acts as a ghost and warns")
def ghost_warns(plot: Plot, state: StoryState) -> bool:
    return any(
        isinstance(agent, Participant)
        and agent.appears is Appearance.GHOST
        and not state.is_alive(agent.who, state.start(i))
        and speaks(event, agent.who)
        for i, event in enumerate(plot.events)
        for agent in event.agents
    )


@device("a dead man speaks through a living medium who is there")
def speaks_through_medium(plot: Plot, state: StoryState) -> bool:
    for i, event in enumerate(plot.events):
        start = state.start(i)
        for agent in event.agents:
            if not isinstance(agent, Participant) or agent.appears is not Appearance.MEDIUM:
                continue
            living = [
                who
                for who in state.present(i)
                if state.index.kind(who) is Kind.CHARACTER and state.is_alive(who, start)
            ]
            if not state.is_alive(agent.who, start) and living and speaks(event, agent.who):
                return True
    return False


@device("a dead man's recorded voice gives orders")
def recording_gives_orders(plot: Plot, state: StoryState) -> bool:
    return any(
        isinstance(agent, Participant)
        and agent.appears is Appearance.RECORDING
        and not state.is_alive(agent.who, state.start(i))
        and speaks(event, agent.who)
        for i, event in enumerate(plot.events)
        for agent in event.agents
    )


@device("a dead character there as a ghost is told something and learns it")
def ghost_learns(plot: Plot, state: StoryState) -> bool:
    for position, number, reveal in state.effects_of(Reveal):
        event = plot.events[position]
        moment = state.step(position, number)
        for who in set(reveal.to) & set(forms(event, Appearance.GHOST)):
            dead = not state.is_alive(who, moment)
            if dead and state.believes(who, reveal.fact, state.after(event.id)):
                return True
    return False


@device("a fact is learned by someone who is not an agent of its event (learned_by)")
def learned_by_witness(plot: Plot, state: StoryState) -> bool:
    for fact in plot.facts:
        if fact.learned_by is None or fact.established_by is None:
            continue
        agents = set(plot.events[state.position(fact.established_by)].agent_ids)
        after = state.after(fact.established_by)
        if any(state.believes(w, fact.id, after) for w in set(fact.learned_by) - agents):
            return True
    return False


@device("an agent does not learn what his act makes true (kept_from) until a later reveal")
def kept_from_then_told(plot: Plot, state: StoryState) -> bool:
    for fact in plot.facts:
        if fact.established_by is None:
            continue
        agents = plot.events[state.position(fact.established_by)].agent_ids
        for who in set(fact.kept_from) & set(agents):
            learned = state.learned(who, fact.id)
            unaware = not state.believes(who, fact.id, state.after(fact.established_by))
            if unaware and learned is not None and learned.effect is not None:
                return True
    return False


@device("a motive names its agent, and a co-agent does not know the fact")
def motive_of_one_agent(plot: Plot, state: StoryState) -> bool:
    for i, event in enumerate(plot.events):
        for motive in event.motivated_by:
            if not isinstance(motive, Motive) or not motive.agents:
                continue
            others = [a for a in event.agent_ids if a not in motive.agents]
            if any(not knows(state, o, motive.fact, state.start(i)) for o in others):
                return True
    return False


@device("a group acts on a fact that only some of its members know")
def group_acts_on_members_fact(plot: Plot, state: StoryState) -> bool:
    for position, _, fact, named in state.motivations:
        start = state.start(position)
        for group in named or plot.events[position].agent_ids:
            if state.index.kind(group) is not Kind.GROUP:
                continue
            members = state.members(group, start)
            believing = [m for m in members if state.believes(m, fact, start)]
            if believing and len(believing) < len(members):
                return True
    return False


@device("loose events whose order the source leaves open, consistent in every order")
def events_placed_loosely(plot: Plot, state: StoryState) -> bool:
    order = state.order
    loose = [i for i in range(state.size) if order.is_loose(i)]
    return any(
        order.possibly_before(a, b) and order.possibly_before(b, a)
        for a in loose
        for b in loose
        if a < b
    )


@device("two facts contradict each other, both hold, and a discrepancy records it")
def contradiction_recorded(plot: Plot, state: StoryState) -> bool:
    for discrepancy in plot.discrepancies:
        about = set(discrepancy.about)
        for fact in state.facts.values():
            for other in fact.contradicts:
                hold = state.holds_from(fact.id) is not None and state.holds_from(other) is not None
                if hold and {fact.id, other} <= about:
                    return True
    return False


@device("a truth that stops holding, and a fact it contradicts holding after it")
def truth_ends_and_successor_holds(plot: Plot, state: StoryState) -> bool:
    for fact in plot.facts:
        until = state.holds_until(fact.id)
        if until is None or state.holds_from(fact.id) is None:
            continue
        for other in fact.contradicts:
            start = state.holds_from(other)
            if start is not None and start >= until and state.holds(other, start):
                return True
    return False


@device("a thing has a place at the start (at)")
def thing_has_a_place(plot: Plot, state: StoryState) -> bool:
    return any(thing.at is not None for thing in plot.things)


@device("a thing is used elsewhere because whoever holds it brings it")
def thing_carried(plot: Plot, state: StoryState) -> bool:
    for thing in state.things:
        for position, effect, _, _ in state.bodily(thing):
            here = plot.events[position].place
            start = state.start(position)
            there = state.place(thing, start)
            if effect is not None or here is None or there is None:
                continue
            apart = not state.is_within(there, here) and not state.is_within(here, there)
            carrier = state.carrier(thing, start)
            if apart and carrier != thing and carrier in state.present(position):
                return True
    return False


@device("a thing is moved by the event that brings it, and put down")
def thing_moved(plot: Plot, state: StoryState) -> bool:
    return any(state.index.kind(m.effect.who) is Kind.THING for m in state.effects_of(Moves))


@device("a thing is taken, and a thing is handed over")
def thing_changes_hands(plot: Plot, state: StoryState) -> bool:
    return bool(state.effects_of(Takes)) and bool(state.effects_of(HandsOver))


@device("the whole screen order is given, out of story order")
def screen_given_whole(plot: Plot, state: StoryState) -> bool:
    return bool(plot.screen) and state.screen_order() != tuple(
        event.id for event in plot.events if event.shown
    )


@device("an event not shown, which the audience learns of through a reveal in a shown event")
def unshown_event_told(plot: Plot, state: StoryState) -> bool:
    unshown = {event.id for event in plot.events if not event.shown}
    made = {fact.id for fact in plot.facts if fact.established_by in unshown}
    return any(
        reveal.fact in made and AUDIENCE in reveal.to and plot.events[position].shown
        for position, _, reveal in state.effects_of(Reveal)
    )


@device("a flashback placed on screen by shown_after or shown_before")
def flashback_anchored(plot: Plot, state: StoryState) -> bool:
    anchored = any(e.shown_after is not None or e.shown_before is not None for e in plot.events)
    shown = tuple(event.id for event in plot.events if event.shown)
    return anchored and state.screen_order() != shown


@device("a flashback dated before the scene shown ahead of it")
def flashback_dated_earlier(plot: Plot, state: StoryState) -> bool:
    events = {event.id: event for event in plot.events}
    shown = [events[id_] for id_ in state.screen_order() if events[id_].date]
    return any(
        widened(when(later.date or ""), when(earlier.date or ""))[1]
        <= widened(when(earlier.date or ""), when(later.date or ""))[0]
        for n, earlier in enumerate(shown)
        for later in shown[n + 1 :]
    )


@device("dates from a year down to a second, and an undated scene between dated ones")
def dated_at_every_precision(plot: Plot, state: StoryState) -> bool:
    found = {e.interval.precision for e in plot.events if e.interval is not None}
    dated = [i for i, event in enumerate(plot.events) if event.date]
    undated = bool(dated) and any(not e.date for e in plot.events[dated[0] : dated[-1]])
    return undated and {Precision.YEAR, Precision.MONTH, Precision.SECOND} <= found


@device("someone makes a declared journey between two dated scenes, with time enough")
def journey_made(plot: Plot, state: StoryState) -> bool:
    ways = [(place.id, way.to, way.one_way) for place in plot.places for way in place.journeys]

    def linked(one: str, other: str) -> bool:
        return any(
            (state.is_within(one, start) and state.is_within(other, to))
            or (not one_way and state.is_within(one, to) and state.is_within(other, start))
            for start, to, one_way in ways
        )

    for who in state.characters:
        legs = [
            place
            for position, *_ in state.bodily(who)
            if plot.events[position].date and (place := state.where(who, position)) is not None
        ]
        if any(linked(a, b) for a, b in itertools.pairwise(legs)):
            return True
    return False


@device("an event states what must hold there, and the story bears it out")
def expectation_stated(plot: Plot, state: StoryState) -> bool:
    return any(event.expect for event in plot.events)


@device("one scene seizes someone and lets them go, in that order")
def seized_and_let_go(plot: Plot, state: StoryState) -> bool:
    for event in plot.events:
        seized: set[str] = set()
        for effect in event.effects:
            if isinstance(effect, Arrested):
                seized.add(effect.who)
            elif isinstance(effect, Released | Escapes) and effect.who in seized:
                return True
    return False


@device("one scene passes a thing along several hands")
def thing_along_hands(plot: Plot, state: StoryState) -> bool:
    for event in plot.events:
        hands: dict[str, list[str]] = defaultdict(list)
        for effect in event.effects:
            if isinstance(effect, HandsOver):
                hands[effect.thing].append(effect.to)
            elif isinstance(effect, Takes):
                hands[effect.thing].append(effect.who)
        if any(len(set(receivers)) >= 2 for receivers in hands.values()):
            return True
    return False


def declared_members(plot: Plot) -> dict[str, set[str]]:
    """Each group's members as the characters' own ``groups`` declare them."""
    members: dict[str, set[str]] = defaultdict(set)
    for character in plot.characters:
        for group in character.groups:
            members[group].add(character.id)
    return members


@device("a group hands over what one of its members carries")
def group_gives_members_thing(plot: Plot, state: StoryState) -> bool:
    members = declared_members(plot)
    for step in state.effects_of(HandsOver):
        giver = step.effect.from_
        moment = state.step(step.position, step.number)
        if giver in members and state.holder(step.effect.thing, moment) in members[giver]:
            return True
    return False


@device("a member alone brings to a scene elsewhere what the group holds")
def member_brings_groups_thing(plot: Plot, state: StoryState) -> bool:
    members = declared_members(plot)
    things = {thing.id for thing in plot.things}
    for position, event in enumerate(plot.events):
        named = set(event.agent_ids) | {one.who for one in event.participants}
        for thing in named & things:
            holder = state.holder(thing, state.start(position))
            group_place = state.place(holder, state.start(position)) if holder else None
            if (
                holder in members
                and holder not in named
                and members[holder] & named
                and event.place is not None
                and group_place not in (None, event.place)
            ):
                return True
    return False


@device("someone inside a thing takes part in a scene where it stands, and stays inside")
def speaks_from_inside(plot: Plot, state: StoryState) -> bool:
    things = {thing.id for thing in plot.things}
    for position, event in enumerate(plot.events[:-1]):
        if event.place is None or event.place in things:
            continue
        for who in state.present(position):
            inside = state.container(who, state.start(position))
            after = state.container(who, state.start(position + 1))
            if who not in things and inside is not None and after == inside:
                return True
    return False


@device("a band that died whole is moved as its remains, its members' bodies with it")
def band_buried_together(plot: Plot, state: StoryState) -> bool:
    members = declared_members(plot)
    for step in state.effects_of(Moves):
        group = step.effect.who
        after = state.step(step.position, step.number) + 1
        dead = [m for m in members.get(group, ()) if not state.is_alive(m, after)]
        moved = all(state.place(m, after) == step.effect.to for m in dead)
        if not state.is_alive(group, after) and dead and moved:
            return True
    return False


@device("one scene brings someone back from death, and then they speak")
def back_and_speaks(plot: Plot, state: StoryState) -> bool:
    for event in plot.events:
        back: set[str] = set()
        for effect in event.effects:
            if isinstance(effect, Returns):
                back.add(effect.who)
            elif isinstance(effect, Reveal) and effect.by in back:
                return True
    return False


@device("one scene lies to someone and then tells them the truth")
def lie_then_truth(plot: Plot, state: StoryState) -> bool:
    facts = state.facts
    for event in plot.events:
        lied: dict[str, set[str]] = defaultdict(set)
        for effect in event.effects:
            if not isinstance(effect, Reveal) or effect.fact not in facts:
                continue
            fact = facts[effect.fact]
            for who in effect.to:
                if not fact.holds:
                    if effect.believed:
                        lied[who].add(fact.id)
                    continue
                after = state.after(event.id)
                for lie in lied[who]:
                    opposed = lie in fact.contradicts or fact.id in facts[lie].contradicts
                    truth = state.believes(who, fact.id, after)
                    if opposed and truth and not state.believes(who, lie, after):
                        return True
    return False


@device("a thing lost and later found")
def lost_and_found(plot: Plot, state: StoryState) -> bool:
    lost = {e.thing for event in plot.events for e in event.effects if isinstance(e, Lost)}
    return any(
        isinstance(e, Found) and e.thing in lost for event in plot.events for e in event.effects
    )


@device("a thing found inside another, then taken out by someone")
def found_inside(plot: Plot, state: StoryState) -> bool:
    things = {t.id for t in plot.things}
    inside = {
        e.thing
        for event in plot.events
        for e in event.effects
        if isinstance(e, Found) and e.at in things
    }
    return any(
        isinstance(e, TakenOut) and e.thing in inside and e.by
        for event in plot.events
        for e in event.effects
    )


@device("characters inside a thing that is moved with them in it")
def carried_inside(plot: Plot, state: StoryState) -> bool:
    things = {t.id for t in plot.things}
    for event in plot.events:
        for effect in event.effects:
            if isinstance(effect, Moves) and effect.who in things:
                after = state.after(event.id)
                riders = [c.id for c in plot.characters if state.container(c.id, after)]
                if any(state.container(r, after) == effect.who for r in riders):
                    return state.place(riders[0], after) == state.place(effect.who, after)
    return False


@device("a group moved somewhere takes a member along who is not named in the scene")
def group_takes_members(plot: Plot, state: StoryState) -> bool:
    for position, _, moves in state.effects_of(Moves):
        if moves.who not in state.groups:
            continue
        event = plot.events[position]
        named = {*event.agent_ids, *(one.who for one in event.participants)}
        after = state.after(event.id)
        for member in state.members(moves.who, after) - named:
            if state.place(member, after) == moves.to:
                return True
    return False


@device("a dated scene on board while the vehicle's dated journey, with a duration, is under way")
def scene_during_journey(plot: Plot, state: StoryState) -> bool:
    for position, _, moves in state.effects_of(Moves):
        journey = plot.events[position]
        if journey.place != moves.who or not (journey.date and journey.duration):
            continue
        begins = when(journey.date).start
        ends = begins + seconds(journey.duration)
        for later in plot.events[position + 1 :]:
            aboard = later.place == moves.who and later.date is not None
            if aboard and begins < when(later.date or "").start < ends:
                return True
    return False


@device("someone inside a thing, not in the scene, carried unseen on a dated journey of it")
def carried_unseen(plot: Plot, state: StoryState) -> bool:
    for position, _, moves in state.effects_of(Moves):
        event = plot.events[position]
        if event.date is None or state.index.kind(moves.who) is not Kind.THING:
            continue
        named = {*event.agent_ids, *(one.who for one in event.participants)}
        start = state.start(position)
        for who in state.characters:
            inside, seen = state.container(who, start), set[str]()
            while inside is not None and inside != moves.who and inside not in seen:
                seen.add(inside)
                inside = state.container(inside, start)
            if inside == moves.who and who not in named:
                return True
    return False


@device("a death caused by one who is dead by then")
def killed_by_the_dead(plot: Plot, state: StoryState) -> bool:
    return any(
        not state.is_alive(cause, state.step(position, number))
        for position, number, dies in state.effects_of(Dies)
        for cause in dies.by
    )


@device("a dated ride that lasts takes someone along a declared journey, seen later at its end")
def ride_to_the_far_end(plot: Plot, state: StoryState) -> bool:
    ways = [(place.id, way.to) for place in plot.places for way in place.journeys]
    ways += [(to, start) for start, to in ways]
    for position, _, moves in state.effects_of(Moves):
        ride = plot.events[position]
        if not (ride.date and ride.duration and ride.place) or moves.who not in ride.agent_ids:
            continue
        ends = [
            to
            for start, to in ways
            if state.is_within(ride.place, start) and state.is_within(moves.to, to)
        ]
        for later in plot.events[position + 1 :]:
            seen = moves.who in later.agent_ids and later.date and later.place
            if seen and any(state.is_within(later.place or "", end) for end in ends):
                return True
    return False


@device("a scene set inside a thing")
def scene_in_a_thing(plot: Plot, state: StoryState) -> bool:
    things = {t.id for t in plot.things}
    return any(event.place in things for event in plot.events)


@device("a thing made during the story and used after")
def made_then_used(plot: Plot, state: StoryState) -> bool:
    made = {
        e.thing: event.id for event in plot.events for e in event.effects if isinstance(e, Made)
    }
    order = state.story_order()
    return any(
        order.index(other) > order.index(event)
        for thing, event in made.items()
        for other in state.involving(thing)
    )


@device("a suspicion acted on")
def suspicion_acted_on(plot: Plot, state: StoryState) -> bool:
    for event in plot.events:
        start = state.before(event.id)
        for motive in event.motivated_by:
            fact = motive if isinstance(motive, str) else motive.fact
            for who in event.agent_ids:
                if state.belief(who, fact, start) is Belief.SUSPECTS:
                    return True
    return False


@device("two who kill each other in one event")
def killed_by_each_other(plot: Plot, state: StoryState) -> bool:
    deaths = state.effects_of(Dies)
    return any(
        here == there and first < then and one.who in other.by and other.who in one.by
        for here, first, one in deaths
        for there, then, other in deaths
    )


@device("a group dies whole, every member with it")
def group_dies_whole(plot: Plot, state: StoryState) -> bool:
    for position, _, dies in state.effects_of(Dies):
        if state.index.kind(dies.who) is not Kind.GROUP:
            continue
        before = state.members(dies.who, state.start(position))
        after = state.after(plot.events[position].id)
        if before and all(not state.is_alive(one, after) for one in before):
            return True
    return False


@device("a smaller group goes where the whole it is part of goes")
def part_goes_along(plot: Plot, state: StoryState) -> bool:
    parts = {group.id: group.part_of for group in plot.groups if group.part_of}
    for position, _, moves in state.effects_of(Moves):
        after = state.after(plot.events[position].id)
        for part, whole in parts.items():
            if whole == moves.who and state.place(part, after) == moves.to:
                return True
    return False


@device("a thing used where its holder is, who takes part from elsewhere")
def used_from_afar(plot: Plot, state: StoryState) -> bool:
    for position, event in enumerate(plot.events):
        away = {
            one.who
            for one in (*event.agents, *event.participants)
            if isinstance(one, Participant) and one.at is not None
        }
        for one in event.participants:
            if one.at is not None or state.index.kind(one.who) is not Kind.THING:
                continue
            if state.holder(one.who, state.start(position)) in away:
                return True
    return False


@device("a prisoner bound in a vehicle at a place, held wherever the vehicle goes")
def held_in_vehicle(plot: Plot, state: StoryState) -> bool:
    for position, number, arrested in state.effects_of(Arrested):
        event = plot.events[position]
        if arrested.at is not None or event.place is None:
            continue
        if state.index.kind(event.place) is not Kind.PLACE:
            continue
        boarded = any(
            isinstance(e, Moves) and e.who == arrested.who and state.index.kind(e.to) is Kind.THING
            for e in event.effects[:number]
        )
        held = state.custody(arrested.who, state.after(event.id))
        if boarded and held is not None and held.at is None:
            return True
    return False


@device("a fact the story never settles")
def never_settled(plot: Plot, state: StoryState) -> bool:
    return any(fact.holds is None for fact in plot.facts)


@device("a prisoner is free once everyone holding them is dead, with no release")
def unkept(plot: Plot, state: StoryState) -> bool:
    deaths = {step.effect.who: step.position for step in state.effects_of(Dies)}
    freed = {step.effect.who for step in (*state.effects_of(Released), *state.effects_of(Escapes))}
    for position, _, arrested in state.effects_of(Arrested):
        keepers = arrested.by
        if not keepers or arrested.who in freed:
            continue
        if all(deaths.get(one, -1) > position for one in keepers):
            return state.custody(arrested.who, state.end) is None
    return False


@device("a member of a group brings the prisoner the group holds somewhere else")
def led_by_a_member(plot: Plot, state: StoryState) -> bool:
    for position, _, arrested in state.effects_of(Arrested):
        (keeper, *_) = arrested.by or ("",)
        if state.index.kind(keeper) is not Kind.GROUP:
            continue
        held_at = arrested.at or plot.events[position].place
        for later in range(position + 1, len(plot.events)):
            event = plot.events[later]
            named = {*event.agent_ids, *(one.who for one in event.participants)}
            members = state.members(keeper, state.start(later))
            away = arrested.who in named and event.place != held_at and keeper not in named
            if away and named & members:
                return True
    return False


@device("the audience is given a hunch, then the proof")
def hunch_then_proof(plot: Plot, state: StoryState) -> bool:
    hunches: set[str] = set()
    for _, _, reveal in state.effects_of(Reveal):
        if AUDIENCE not in reveal.to:
            continue
        if reveal.belief in (Belief.SUSPECTS, Belief.DOUBTS):
            hunches.add(reveal.fact)
        elif reveal.belief is Belief.BELIEVES and reveal.fact in hunches:
            return True
    return False


@pytest.mark.parametrize("name", DEVICES)
def test_the_corpus_shows_every_device(name: str) -> None:
    found = DEVICES[name]
    assert any(found(plot, story_state(plot)) for plot in corpus().values())


PLAIN = """\
plotmodel: 1
title: Plain
characters:
  - {id: lino, name: Lino}
  - {id: julia, name: Julia}
things:
  - {id: car, name: the car, held_by: lino}
places:
  - {id: garage, name: the garage}
facts:
  - {id: car-fixed, name: The car is fixed, established_by: repair}
events:
  - {id: repair, name: Lino fixes the car, agents: [lino], participants: [car], place: garage}
  - id: told
    name: Lino tells Julia
    agents: [lino]
    participants: [julia]
    place: garage
    effects: [{reveal: {fact: car-fixed, to: [julia, audience], by: lino}}]
"""


@pytest.mark.parametrize("name", DEVICES)
def test_a_plain_plot_shows_no_device(name: str) -> None:
    plot = plotmodel.loads(PLAIN).require()
    assert plotmodel.check(plot) == []
    assert not DEVICES[name](plot, story_state(plot))
