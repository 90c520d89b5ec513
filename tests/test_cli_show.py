"""The timeline `plotmodel show` prints: every effect in plain words."""

from __future__ import annotations

import pytest
from hypothesis import given, settings

from plotmodel._text import escape
from plotmodel.model import (
    Arrested,
    Certainty,
    Character,
    Damaged,
    Destroyed,
    Dies,
    Escapes,
    Event,
    Fact,
    Forgets,
    Group,
    HandsOver,
    How,
    Injured,
    Joins,
    Leaves,
    Moves,
    Place,
    Plot,
    Released,
    Repaired,
    Returns,
    Reveal,
    Setup,
    Takes,
    Thing,
    Thread,
    _many_verb,
)
from plotmodel.strategies import plots
from plotmodel.telling import tell

CAST = {
    "characters": (
        Character(id="lino", name="Lino"),
        Character(id="charas", name="Charas"),
        Character(id="areski", name="Areski"),
    ),
    "things": (Thing(id="car", name="the squad car"),),
    "places": (Place(id="hq", name="headquarters"), Place(id="garage", name="the garage")),
    "groups": (Group(id="brigade", name="the brigade"),),
    "facts": (
        Fact(id="shot", name="Areski shot Charas"),
        Fact(id="lie", name="Lino shot Charas", holds=False),
    ),
}


def told(*effects: object, **event: object) -> list[str]:
    plot = Plot(
        title="Lost Bullet",
        events=(Event(id="e1", name="It happens", place="hq", effects=effects, **event),),  # type: ignore[arg-type]
        **CAST,  # type: ignore[arg-type]
    )
    lines = tell(plot).splitlines()
    return [line.strip()[2:] for line in lines if line.strip().startswith("- ")]


def test_every_effect_reads_as_a_sentence() -> None:
    assert told(
        Dies(who="charas", by="areski"),
        Dies(who="areski", by="areski"),
        Dies(who="lino"),
        Returns(who="lino"),
        Injured(who="lino", by="areski"),
        Arrested(who="lino", by="charas", allowed=("garage",)),
        Arrested(who="charas", at="garage"),
        Released(who="lino"),
        Escapes(who="lino"),
        Destroyed(thing="car"),
        Damaged(thing="car", by="lino"),
        Repaired(thing="car"),
        Moves(who="car", to="garage"),
        Takes(who="lino", thing="car", from_="charas"),
        HandsOver(thing="car", from_="lino", to="charas"),
        Joins(who="lino", group="brigade"),
        Leaves(who="lino", group="brigade", certainty=Certainty.INFERRED),
    ) == [
        "Charas is killed by Areski",
        "Areski dies by suicide",
        "Lino dies",
        "Lino comes back to life",
        "Lino is injured by Areski",
        "Lino is arrested by Charas (may go to the garage)",
        "Charas is arrested, held at the garage",
        "Lino is released",
        "Lino escapes custody",
        "the squad car is destroyed",
        "the squad car is damaged by Lino",
        "the squad car is repaired",
        "the squad car goes to the garage",
        "Lino takes the squad car from Charas",
        "Lino hands the squad car to Charas",
        "Lino joins the brigade",
        "Lino leaves the brigade (inferred)",
    ]


def test_a_group_takes_the_plural_verb() -> None:
    assert told(
        Dies(who="brigade"),
        Arrested(who="brigade", by="lino"),
        Escapes(who="brigade"),
        Moves(who="brigade", to="garage"),
        Takes(who="brigade", thing="car"),
        HandsOver(thing="car", from_="brigade", to="lino"),
        Forgets(who=("brigade",), fact="shot"),
        Reveal(fact="shot", to=("brigade",)),
    ) == [
        "the brigade die",
        "the brigade are arrested by Lino",
        "the brigade escape custody",
        "the brigade go to the garage",
        "the brigade take the squad car",
        "the brigade hand the squad car to Lino",
        "the brigade forget: Areski shot Charas",
        "the brigade learn: Areski shot Charas (told)",
    ]


@pytest.mark.parametrize(
    ("one", "many"),
    [
        ("is", "are"),
        ("has", "have"),
        ("hands", "hand"),
        ("goes", "go"),
        ("dies", "die"),
        ("carries", "carry"),
        ("catches", "catch"),
        ("pushes", "push"),
        ("misses", "miss"),
        ("fixes", "fix"),
        ("escapes", "escape"),
        ("leaves", "leave"),
    ],
)
def test_plural_verbs(one: str, many: str) -> None:
    assert _many_verb(one) == many


def test_reveals_say_who_learns_and_what_the_audience_learns() -> None:
    assert told(
        Reveal(fact="shot", to=("lino", "audience"), how=How.SEEN),
        Reveal(fact="lie", to=("charas",), by="areski", believed=False),
    ) == [
        "Lino learns: Areski shot Charas (seen); the audience learns: Areski shot Charas",
        "Charas is told but does not believe: Lino shot Charas (a falsehood) (told, by Areski)",
    ]


def test_loose_events_and_loose_ends_are_marked() -> None:
    plot = Plot(
        title="Lost Bullet",
        events=(
            Event(id="e1", name="The car is hidden"),
            Event(id="e2", name="Lino remembers", after=("e1",), shown_after="e1"),
        ),
        threads=(Thread(id="where", name="Where is the car?", opened="e1"),),
        setups=(Setup(id="bullet", name="The bullet in the dashboard", planted="e1"),),
    )
    text = tell(plot)
    assert "[loose: after The car is hidden; shown after 'The car is hidden']" in text
    assert "Open threads\n- Where is the car? (raised at 'The car is hidden')" in text
    assert "Setups never paid off\n- The bullet in the dashboard" in text


def test_colour_only_when_asked() -> None:
    plot = Plot(title="Lost Bullet")
    assert "\033[" not in tell(plot)
    assert tell(plot, colour=True).startswith("\033[1mLost Bullet\033[0m")


@settings(max_examples=15, deadline=None)
@given(plots(max_events=6))
def test_every_event_is_told_once_in_either_order(plot: Plot) -> None:
    for order in ("story", "screen"):
        text = tell(plot, order=order)  # type: ignore[arg-type]
        for number, event in enumerate(plot.events, start=1):
            assert text.count(f"{number}. {escape(event.name)}  {escape(event.id)}\n") >= 1


def test_dates_read_in_words_at_the_precision_given() -> None:
    dated = [
        Event(id="a", name="A", date="1872"),
        Event(id="b", name="B", date="1872-10"),
        Event(id="c", name="C", date="1872-10-02", duration="PT2H"),
        Event(id="d", name="D", date="1872-12-21T20:44:57+00:00"),
    ]
    lines = tell(Plot(title="Dated", events=tuple(dated))).splitlines()
    details = [line.strip() for line in lines if line.startswith("   ") and "1872" in line]
    assert details == [
        "in 1872",
        "in October 1872",
        "on 2 October 1872; for 2 hours",
        "on 21 December 1872, 20:44:57 UTC",
    ]


def test_an_early_year_is_not_read_as_a_day() -> None:
    dated = [
        Event(id="a", name="A", date="0017"),
        Event(id="b", name="B", date="0017-06"),
        Event(id="c", name="C", date="0001-04-20"),
        Event(id="d", name="D", date="1000-01"),
    ]
    lines = tell(Plot(title="Dated", events=tuple(dated))).splitlines()
    details = [line.strip() for line in lines if line.strip().startswith(("in ", "on "))]
    assert details == [
        "in the year 17",
        "in June of the year 17",
        "on 20 April of the year 1",
        "in January 1000",
    ]
