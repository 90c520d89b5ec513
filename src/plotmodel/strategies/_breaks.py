"""Broken plots: a valid plot with one deliberate plot hole, and the rule that must find it.

Each break adds a few new elements and events, with ids of their own, woven
in at drawn places of a valid plot's timeline; so the break cannot disturb
the rest of the plot, and exactly one rule has something to say.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Final

import attrs
from attrs import frozen
from hypothesis import strategies as st
from hypothesis.strategies import SearchStrategy

from plotmodel.index import PlotIndex
from plotmodel.model import (
    AUDIENCE,
    Alive,
    Arrested,
    Born,
    Character,
    CheckSettings,
    Destroyed,
    Dies,
    Escapes,
    Event,
    Fact,
    HandsOver,
    How,
    Injured,
    Journey,
    Lost,
    Made,
    Participant,
    Place,
    Plot,
    PutIn,
    Recovers,
    Relationship,
    Returns,
    Reveal,
    Setup,
    Silence,
    Thing,
    Thread,
)
from plotmodel.order import Order

__all__ = ["BREAKABLE", "BrokenPlot", "broken_plots"]


@frozen(kw_only=True)
class BrokenPlot:
    """A plot with one deliberate plot hole.

    Attributes:
        plot: The broken plot.
        code: The code of the rule that must fire, and the only one.
        culprit: The id of the element or event where the finding is reported
            (``None`` for findings about the plot's own settings or silences).
    """

    plot: Plot
    code: str
    culprit: str | None


class _Weaver:
    """Adds new elements and events to a plot, under ids the plot does not use."""

    def __init__(self, draw: st.DrawFn, plot: Plot) -> None:
        self.draw = draw
        self.plot = plot
        self.taken = set(PlotIndex.of(plot).entries)
        self.labels = {event.time for event in plot.events if event.time is not None}

    def fresh(self, stem: str) -> str:
        """A new id starting with ``stem``."""
        number = len(self.taken)
        while f"{stem}-{number}" in self.taken:
            number += 1
        found = f"{stem}-{number}"
        self.taken.add(found)
        return found

    def time(self) -> str:
        """A story-time label no event of the plot uses."""
        label = self.fresh("moment")
        while label in self.labels:
            label = self.fresh("moment")
        return label

    def character(self, *, silence: tuple[Silence, ...] = ()) -> str:
        """Declare a new character."""
        who = self.fresh("stranger")
        self.add("characters", Character(id=who, name=f"Stranger {who}", silence=silence))
        return who

    def add(self, key: str, element: object) -> None:
        """Append an element to one of the plot's lists."""
        grown: dict[str, Any] = {key: (*getattr(self.plot, key), element)}
        self.plot = attrs.evolve(self.plot, **grown)

    def weave(self, *events: Event) -> None:
        """Insert ``events`` at drawn places of the timeline, keeping their own order."""
        count = len(self.plot.events)
        spots = sorted(
            self.draw(
                st.lists(st.integers(0, count), min_size=len(events), max_size=len(events)),
                label="where the break goes",
            )
        )
        timeline = list(self.plot.events)
        for offset, (spot, event) in enumerate(zip(spots, events, strict=True)):
            timeline.insert(spot + offset, event)
        screen = self.plot.screen
        if any(event.shown_after or event.shown_before for event in events):
            screen = ()  # the new events' own anchors, not a list, give the screen order
        elif screen:
            # a plot that gives its whole screen order shows the new events last, in their order
            screen = (*screen, *(event.id for event in events if event.shown))
        self.plot = attrs.evolve(self.plot, events=tuple(timeline), screen=screen)

    def event(self, name: str, **fields: Any) -> Event:
        """A new event (not yet woven in)."""
        return Event(id=self.fresh("scene"), name=name, **fields)

    def append(self, *events: Event) -> None:
        """Add ``events`` at the end of the story, after every date the plot gives.

        The plots' own dates all lie before the year 9000, so dates from then
        on disturb none of them, as long as no event of the plot may come
        after them: the first follows the last fixed event and every loose
        one that may close the story, each of the others the one before it.
        """
        timeline = self.plot.events
        fixed = [event.id for event in timeline if not event.is_loose]
        trailing = [event.id for event in timeline if event.is_loose and not event.before]
        anchors = tuple(dict.fromkeys([*fixed[-1:], *trailing]))
        chained = []
        for n, event in enumerate(events):
            after = anchors if n == 0 else (events[n - 1].id,)
            chained.append(attrs.evolve(event, after=after) if after else event)
        screen = self.plot.screen
        if screen:
            screen = (*screen, *(event.id for event in events if event.shown))
        self.plot = attrs.evolve(self.plot, events=(*timeline, *chained), screen=screen)


Break = Callable[[_Weaver], str | None]


def _duplicate_id(w: _Weaver) -> str | None:
    who = w.character()
    w.weave(w.event("A stranger waits", agents=(who,)))
    w.add("characters", Character(id=who, name="Another with the same id"))
    return None  # the finding is on the second definition, which the id alone cannot name


def _unknown_reference(w: _Weaver) -> str | None:
    scene = w.event("Nobody acts", agents=(w.fresh("nobody"),))
    w.weave(scene)
    return scene.id


def _wrong_kind_reference(w: _Weaver) -> str | None:
    place = w.fresh("square")
    w.add("places", Place(id=place, name="a square"))
    scene = w.event("A square acts", agents=(place,))
    w.weave(scene)
    return scene.id


def _order_cycle(w: _Weaver) -> str | None:
    who = w.character()
    first_id, second_id = w.fresh("scene"), w.fresh("scene")
    first = Event(id=first_id, name="One", agents=(who,), after=(second_id,))
    second = Event(id=second_id, name="Two", agents=(who,), after=(first_id,))
    w.weave(first, second)
    return first_id


def _order_contradiction(w: _Weaver) -> str | None:
    who = w.character()
    early, late = w.event("Early", agents=(who,)), w.event("Late", agents=(who,))
    squeezed = w.event("Squeezed", agents=(who,), after=(late.id,), before=(early.id,))
    w.weave(early, late, squeezed)
    return squeezed.id


def _listed_against_order(w: _Weaver) -> str | None:
    who = w.character()
    anchor = w.event("Anchor", agents=(who,))
    misplaced = w.event("Misplaced", agents=(who,), after=(anchor.id,))
    w.weave(misplaced, anchor)
    return misplaced.id


def _cause_after_effect(w: _Weaver) -> str | None:
    who = w.character()
    cause = w.event("The cause", agents=(who,))
    effect = w.event("The effect", agents=(who,), causes=(cause.id,))
    w.weave(effect, cause)
    return effect.id


def _relationship_out_of_span(w: _Weaver) -> str | None:
    one, other = w.character(), w.character()
    meeting = w.event("They meet", agents=(one, other))
    tie = w.fresh("tie")
    w.add(
        "relationships",
        Relationship(id=tie, kind="partner", between=(one, other), since=meeting.id),
    )
    early = w.event("They work together", agents=(one, other), relationships=(tie,))
    w.weave(early, meeting)
    return early.id


def _screen_order_cycle(w: _Weaver) -> str | None:
    who = w.character()
    first_id, second_id = w.fresh("scene"), w.fresh("scene")
    w.weave(
        Event(id=first_id, name="One", agents=(who,), shown_after=second_id),
        Event(id=second_id, name="Two", agents=(who,), shown_after=first_id),
    )
    return first_id


def _screen_position_shared(w: _Weaver) -> str | None:
    who = w.character()
    anchor = w.event("A scene", agents=(who,))
    first = w.event("One memory", agents=(who,), shown_after=anchor.id)
    second = w.event("Another memory", agents=(who,), shown_after=anchor.id)
    w.weave(anchor, first, second)
    return second.id


def _screen_list_mismatch(w: _Weaver) -> str | None:
    who = w.character()
    left_out = w.event("A scene the list forgets", agents=(who,))
    w.weave(left_out, w.event("A scene the list keeps", agents=(who,)))
    events = w.plot.events
    positions = {event.id: i for i, event in reversed(list(enumerate(events)))}
    shown = Order.of(events, positions, w.plot.screen).screen_order()
    screen = tuple(events[i].id for i in shown if events[i].id != left_out.id)
    w.plot = attrs.evolve(w.plot, screen=screen)
    return left_out.id


def _anchored_off_screen(w: _Weaver) -> str | None:
    who = w.character()
    unseen = w.event("Off screen", agents=(who,), shown=False)
    anchored = w.event("Shown next to it", agents=(who,), shown_after=unseen.id)
    w.weave(unseen, anchored)
    return anchored.id


def _acts_after_death(w: _Weaver) -> str | None:
    who = w.character()
    acting = w.event("The dead acts", agents=(who,))
    w.weave(w.event("Death", effects=(Dies(who=who),)), acting)
    return acting.id


def _dies_twice(w: _Weaver) -> str | None:
    who = w.character()
    again = w.event("Second death", effects=(Dies(who=who),))
    w.weave(w.event("Death", effects=(Dies(who=who),)), again)
    return again.id


def _harmed_after_death(w: _Weaver) -> str | None:
    who = w.character()
    hurt = w.event("The dead is hurt", effects=(Injured(who=who),))
    w.weave(w.event("Death", effects=(Dies(who=who),)), hurt)
    return hurt.id


def _recovers_while_dead(w: _Weaver) -> str | None:
    who = w.character()
    mends = w.event("The dead mends", effects=(Recovers(who=who),))
    w.weave(w.event("Death", effects=(Dies(who=who),)), mends)
    return mends.id


def _returns_while_alive(w: _Weaver) -> str | None:
    who = w.character()
    back = w.event("Back from nothing", effects=(Returns(who=who),))
    w.weave(back)
    return back.id


def _freed_without_custody(w: _Weaver) -> str | None:
    who = w.character()
    out = w.event("Escape from nowhere", agents=(who,), effects=(Escapes(who=who),))
    w.weave(out)
    return out.id


def _acts_outside_custody(w: _Weaver) -> str | None:
    who = w.character()
    cell, street = w.fresh("cell"), w.fresh("street")
    w.add("places", Place(id=cell, name="a cell"))
    w.add("places", Place(id=street, name="a street"))
    outside = w.event("The prisoner walks the street", agents=(who,), place=street)
    w.weave(w.event("Arrest", effects=(Arrested(who=who, at=cell),)), outside)
    return outside.id


def _dated_out_of_order(w: _Weaver) -> str | None:
    who = w.character()
    later = w.event("Dated later", agents=(who,), date="9001-05-14")
    earlier = w.event("Dated earlier, listed after", agents=(who,), date="9001-05-13T23:59")
    w.append(later, earlier)
    return earlier.id


def _same_moment_dated_apart(w: _Weaver) -> str | None:
    one, other = w.character(), w.character()
    moment = w.time()
    first = w.event("One side", agents=(one,), time=moment, date="9001-05-14", duration="PT12H")
    second = w.event("The other side", agents=(other,), time=moment, date="9001-05-15T12:00")
    w.append(first, second)
    return second.id


def _journey_too_fast(w: _Weaver) -> str | None:
    who = w.character()
    here, there = w.fresh("here"), w.fresh("there")
    w.add("places", Place(id=here, name="here", journeys=(Journey(to=there, takes="PT8H"),)))
    w.add("places", Place(id=there, name="there"))
    leaving = w.event("Here", agents=(who,), place=here, date="9001-05-14T20:00", duration="PT1H")
    arriving = w.event("There too soon", agents=(who,), place=there, date="9001-05-15T04:59")
    w.append(leaving, arriving)
    return arriving.id


def _two_places_at_once(w: _Weaver) -> str | None:
    who = w.character()
    here, there = w.fresh("here"), w.fresh("there")
    w.add("places", Place(id=here, name="here"))
    w.add("places", Place(id=there, name="there"))
    moment = w.time()
    second = w.event("There", agents=(who,), place=there, time=moment)
    w.weave(w.event("Here", agents=(who,), place=here, time=moment), second)
    return second.id


def _acts_before_born(w: _Weaver) -> str | None:
    who = w.character()
    early = w.event("The unborn acts", agents=(who,))
    w.weave(
        early, w.event("A birth", participants=(Participant(who=who),), effects=(Born(who=who),))
    )
    return early.id


def _gadget(w: _Weaver, **fields: Any) -> str:
    """Declare a new thing."""
    thing = w.fresh("gadget")
    w.add("things", Thing(id=thing, name="a gadget", **fields))
    return thing


def _lost_thing_used(w: _Weaver) -> str | None:
    who = w.character()
    thing = _gadget(w, held_by=who)
    used = w.event("The gadget is used", agents=(who,), participants=(Participant(who=thing),))
    w.weave(w.event("The gadget is lost", agents=(who,), effects=(Lost(thing=thing),)), used)
    return used.id


def _used_before_made(w: _Weaver) -> str | None:
    who = w.character()
    thing = _gadget(w)
    used = w.event("The gadget is used", agents=(who,), participants=(Participant(who=thing),))
    w.weave(
        used, w.event("The gadget is made", agents=(who,), effects=(Made(thing=thing, by=who),))
    )
    return used.id


def _inside_itself(w: _Weaver) -> str | None:
    box = _gadget(w)
    tape = _gadget(w, inside=box)
    packed = w.event("The box goes into what it holds", effects=(PutIn(thing=box, into=tape),))
    w.weave(packed)
    return packed.id


def _held_thing_placed_apart(w: _Weaver) -> str | None:
    here, there = w.fresh("here"), w.fresh("there")
    w.add("places", Place(id=here, name="here"))
    w.add("places", Place(id=there, name="there"))
    who = w.fresh("owner")
    w.add("characters", Character(id=who, name=f"Owner {who}", at=here))
    thing = _gadget(w, at=there, held_by=who)
    w.weave(w.event("The gadget is used", agents=(who,), participants=(Participant(who=thing),)))
    return thing


def _destroyed_thing_used(w: _Weaver) -> str | None:
    who = w.character()
    thing = w.fresh("gadget")
    w.add("things", Thing(id=thing, name="a gadget"))
    used = w.event("The gadget is used", agents=(who,), participants=(Participant(who=thing),))
    w.weave(w.event("The gadget breaks", agents=(who,), effects=(Destroyed(thing=thing),)), used)
    return used.id


def _destroyed_thing_harmed(w: _Weaver) -> str | None:
    who = w.character()
    thing = w.fresh("gadget")
    w.add("things", Thing(id=thing, name="a gadget"))
    again = w.event("The gadget breaks again", agents=(who,), effects=(Destroyed(thing=thing),))
    w.weave(w.event("The gadget breaks", agents=(who,), effects=(Destroyed(thing=thing),)), again)
    return again.id


def _handed_over_unheld(w: _Weaver) -> str | None:
    owner = w.character()
    other = w.character()
    thing = w.fresh("gadget")
    w.add("things", Thing(id=thing, name="a gadget", held_by=owner))
    given = w.event(
        "The wrong hand gives",
        agents=(other, owner),
        effects=(HandsOver(thing=thing, from_=other, to=owner),),
    )
    w.weave(given)
    return given.id


def _thing_elsewhere(w: _Weaver) -> str | None:
    who = w.character()
    here, there = w.fresh("here"), w.fresh("there")
    w.add("places", Place(id=here, name="here"))
    w.add("places", Place(id=there, name="there"))
    thing = w.fresh("gadget")
    w.add("things", Thing(id=thing, name="a gadget", at=here))
    used = w.event(
        "The gadget is used elsewhere",
        agents=(who,),
        participants=(Participant(who=thing),),
        place=there,
    )
    w.weave(used)
    return used.id


def _backstory(w: _Weaver) -> str:
    fact = w.fresh("secret")
    w.add("facts", Fact(id=fact, name="an old secret", backstory=True))
    return fact


def _acts_on_unknown_fact(w: _Weaver) -> str | None:
    fact = _backstory(w)
    who = w.character()
    hunch = w.event("Acting on a hunch", agents=(who,), motivated_by=(fact,))
    w.weave(hunch)
    return hunch.id


def _revealed_before_established(w: _Weaver) -> str | None:
    teller, hearer = w.character(), w.character()
    making = w.event("It happens", agents=(teller,))
    fact = w.fresh("news")
    w.add("facts", Fact(id=fact, name="news", established_by=making.id))
    early = w.event(
        "Told too soon", agents=(teller,), effects=(Reveal(fact=fact, to=(hearer,), by=teller),)
    )
    w.weave(early, making)
    return early.id


def _revealed_to_audience_twice(w: _Weaver) -> str | None:
    fact = _backstory(w)
    who = w.character()
    shown = Reveal(fact=fact, to=(AUDIENCE,), how=How.SHOWN)
    again = w.event("Shown again", agents=(who,), effects=(shown,))
    w.weave(w.event("Shown", agents=(who,), effects=(shown,)), again)
    return again.id


def _fact_never_established(w: _Weaver) -> str | None:
    fact = w.fresh("rumour")
    w.add("facts", Fact(id=fact, name="a rumour that is true"))
    teller, hearer = w.character(), w.character()
    w.weave(w.event("Told", agents=(teller,), effects=(Reveal(fact=fact, to=(hearer,)),)))
    return fact


def _ended_before_established(w: _Weaver) -> str | None:
    who = w.character()
    making = w.event("It comes true", agents=(who,))
    ending = w.event("It stops being true", agents=(who,))
    fact = w.fresh("reign")
    w.add(
        "facts",
        Fact(id=fact, name="a truth that ends first", established_by=making.id, ended_by=ending.id),
    )
    w.weave(ending, making)
    return fact


def _reveal_to_dead(w: _Weaver) -> str | None:
    fact = _backstory(w)
    teller, dead = w.character(), w.character()
    told = w.event("Told to the dead", agents=(teller,), effects=(Reveal(fact=fact, to=(dead,)),))
    w.weave(w.event("Death", effects=(Dies(who=dead),)), told)
    return told.id


def _contradiction_holds(w: _Weaver) -> str | None:
    first, second = w.fresh("truth"), w.fresh("truth")
    w.add("facts", Fact(id=first, name="one truth", backstory=True, contradicts=(second,)))
    w.add("facts", Fact(id=second, name="its contrary, true too", backstory=True))
    return second


def _unseen_reveal(w: _Weaver) -> str | None:
    fact = _backstory(w)
    who = w.character()
    shown = Reveal(fact=fact, to=(AUDIENCE,), how=How.SHOWN)
    unseen = w.event("Shown off screen", agents=(who,), shown=False, effects=(shown,))
    w.weave(unseen)
    return unseen.id


def _unused_element(w: _Weaver) -> str | None:
    return w.character()


def _thread(w: _Weaver, *, answered_first: bool | None) -> str:
    who = w.character()
    raised = w.event("A question", agents=(who,))
    thread = w.fresh("question")
    if answered_first is None:
        w.weave(raised)
        w.add("threads", Thread(id=thread, name="Who?", opened=raised.id))
        return thread
    answered = w.event("An answer", agents=(who,))
    w.weave(*((answered, raised) if answered_first else (raised, answered)))
    w.add("threads", Thread(id=thread, name="Who?", opened=raised.id, resolved=answered.id))
    return thread


def _setup(w: _Weaver, *, paid_first: bool | None) -> str:
    who = w.character()
    planted = w.event("A gun on the wall", agents=(who,))
    setup = w.fresh("setup")
    if paid_first is None:
        w.weave(planted)
        w.add("setups", Setup(id=setup, name="the gun", planted=planted.id))
        return setup
    paid = w.event("The gun goes off", agents=(who,))
    w.weave(*((paid, planted) if paid_first else (planted, paid)))
    w.add("setups", Setup(id=setup, name="the gun", planted=planted.id, payoff=paid.id))
    return setup


def _expectation_unmet(w: _Weaver) -> str | None:
    who = w.character()
    expecting = w.event("The dead are expected alive", expect=(Alive(who=who),))
    w.weave(w.event("Death", effects=(Dies(who=who),)), expecting)
    return expecting.id


def _silence_without_reason(w: _Weaver) -> str | None:
    return w.character(silence=(Silence(code="unused-element"),))


def _unused_silence(w: _Weaver) -> str | None:
    w.plot = attrs.evolve(
        w.plot, silence=(*w.plot.silence, Silence(code="PM301", reason="nobody dies here"))
    )
    return None


def _unknown_rule(w: _Weaver) -> str | None:
    settings = w.plot.check
    w.plot = attrs.evolve(
        w.plot,
        check=CheckSettings(select=settings.select, ignore=(*settings.ignore, "no-such-rule")),
    )
    return None


#: Every rule a break exists for, by code.
BREAKABLE: Final[dict[str, Break]] = {
    "PM101": _duplicate_id,
    "PM102": _unknown_reference,
    "PM103": _wrong_kind_reference,
    "PM201": _order_cycle,
    "PM202": _order_contradiction,
    "PM203": _listed_against_order,
    "PM204": _cause_after_effect,
    "PM205": _relationship_out_of_span,
    "PM206": _screen_order_cycle,
    "PM207": _screen_position_shared,
    "PM208": _screen_list_mismatch,
    "PM209": _anchored_off_screen,
    "PM210": _dated_out_of_order,
    "PM211": _same_moment_dated_apart,
    "PM301": _acts_after_death,
    "PM302": _dies_twice,
    "PM303": _harmed_after_death,
    "PM304": _returns_while_alive,
    "PM305": _acts_before_born,
    "PM306": _recovers_while_dead,
    "PM401": _freed_without_custody,
    "PM402": _acts_outside_custody,
    "PM501": _two_places_at_once,
    "PM502": _journey_too_fast,
    "PM601": _destroyed_thing_used,
    "PM602": _destroyed_thing_harmed,
    "PM603": _handed_over_unheld,
    "PM604": _thing_elsewhere,
    "PM605": _lost_thing_used,
    "PM606": _used_before_made,
    "PM607": _inside_itself,
    "PM608": _held_thing_placed_apart,
    "PM701": _acts_on_unknown_fact,
    "PM702": _revealed_before_established,
    "PM703": _revealed_to_audience_twice,
    "PM704": _fact_never_established,
    "PM705": _reveal_to_dead,
    "PM706": _contradiction_holds,
    "PM707": _ended_before_established,
    "PM801": _unused_element,
    "PM802": lambda w: _thread(w, answered_first=None),
    "PM803": lambda w: _setup(w, paid_first=None),
    "PM804": lambda w: _setup(w, paid_first=True),
    "PM805": lambda w: _thread(w, answered_first=True),
    "PM806": _unseen_reveal,
    "PM901": _silence_without_reason,
    "PM902": _unused_silence,
    "PM903": _unknown_rule,
    "PM904": _expectation_unmet,
}


@st.composite
def _broken(draw: st.DrawFn, code: str, base: SearchStrategy[Plot]) -> BrokenPlot:
    weaver = _Weaver(draw, draw(base))
    culprit = BREAKABLE[code](weaver)
    return BrokenPlot(plot=weaver.plot, code=code, culprit=culprit)


def broken_plots(
    code: str | Sequence[str] | None = None, *, base: SearchStrategy[Plot] | None = None
) -> SearchStrategy[BrokenPlot]:
    """Valid plots with one plot hole that exactly one rule finds.

    Shrinks towards the smallest base plot with the break's few events at
    the start of the timeline.

    Args:
        code: The rule (``PM301``) to break, several to choose among, or
            ``None`` for any rule in `BREAKABLE`.
        base: The valid plots to break; `plotmodel.strategies.plots` by default.

    Raises:
        ValueError: If a code has no break.
    """
    codes = [code] if isinstance(code, str) else list(code or BREAKABLE)
    unknown = [one for one in codes if one not in BREAKABLE]
    if unknown:
        raise ValueError(f"no break for {', '.join(unknown)}; breakable: {', '.join(BREAKABLE)}")
    if base is None:
        from plotmodel.strategies._plots import plots  # noqa: PLC0415 - avoids an import cycle

        base = plots()
    chosen = base
    return st.sampled_from(codes).flatmap(lambda one: _broken(one, chosen))
