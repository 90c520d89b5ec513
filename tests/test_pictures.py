"""Pictures of a plot: each kind drawn whole, escaped, readable, and bounded in size.

The SVG is read back as XML and its marks are checked against the story
state: every character has a lane and every death, arrest and release a
mark on it, every event a point against the screen, every fact a row, every
character a node. No two labels overlap (by the same width estimate the
layout uses), hostile names stay text, and a plot far beyond the limits is
summarised within the documented size.
"""

from __future__ import annotations

import importlib.util
import json
import math
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from types import ModuleType

import pytest
from hypothesis import HealthCheck, given, settings

from plotmodel import (
    Character,
    Dies,
    Event,
    Fact,
    Participant,
    Plot,
    Relationship,
    Reveal,
    load,
    loads,
    story_state,
)
from plotmodel.checking import check
from plotmodel.model import Appearance, Arrested, Group, Joins, Place, Released
from plotmodel.pictures import FORMATS, KINDS, MERMAID_KINDS, Limits, format_for, render
from plotmodel.pictures._canvas import text_width
from plotmodel.strategies import plots, unchecked_plots

ROOT = Path(__file__).resolve().parent.parent
LOST_BULLET = ROOT / "examples" / "lost_bullet" / "lost_bullet.yaml"
BROKEN = ROOT / "examples" / "lost_bullet" / "broken" / "dead-quentin-acts.yaml"
SVG = "{http://www.w3.org/2000/svg}"

#: The size no picture of any plot may exceed (docs/pictures.md gives the same).
BOUND = 4_000_000


@cache
def lost_bullet() -> Plot:
    plot = load(LOST_BULLET).plot
    assert plot is not None
    return plot


@cache
def generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("generate", ROOT / "benchmarks" / "generate.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@cache
def generated(events: int) -> Plot:
    """A valid plot from the benchmark generator."""
    plot = loads(
        json.dumps(generator().generate(events)), file="generated.json", format="json"
    ).plot
    assert plot is not None
    return plot


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def elements(root: ET.Element, cls: str) -> list[ET.Element]:
    """Every element whose class list holds ``cls``."""
    return [e for e in root.iter() if cls in (e.get("class") or "").split()]


# -- structure ---------------------------------------------------------------


def columns_of(root: ET.Element) -> list[tuple[int, int]]:
    return [
        (int(r.get("data-first", -1)), int(r.get("data-last", -1)))
        for r in elements(root, "column")
    ]


def column_of(columns: list[tuple[int, int]], position: int) -> int:
    return next(n for n, (first, last) in enumerate(columns) if first <= position <= last)


def marks(lane: ET.Element) -> dict[int, set[str]]:
    found: dict[int, set[str]] = {}
    for cell in elements(lane, "cell"):
        found.setdefault(int(cell.get("data-column", -1)), set()).update(
            (cell.get("data-glyphs") or "").split()
        )
    return found


def check_lanes(plot: Plot, svg: str, *, summarised: bool = False) -> None:
    state = story_state(plot)
    root = parse(svg)
    lanes = {lane.get("data-id"): lane for lane in elements(root, "lane")}
    if summarised:
        assert set(lanes) <= set(state.characters)
        assert len(lanes) == min(len(state.characters), Limits().lanes)
    else:
        assert list(lanes) == list(state.characters)
    columns = columns_of(root)
    if plot.events:
        assert columns[0][0] == 0
        assert columns[-1][1] == len(plot.events) - 1
    for who, lane in lanes.items():
        assert who is not None
        found = marks(lane)
        for death in state.deaths(who):
            assert "death" in found.get(column_of(columns, death.position), set()), (who, death)
        for span in state.custody_spans(who):
            at = column_of(columns, span.custody.position)
            assert found.get(at, set()) & {"arrest", "more"}, (who, span)
            if span.ended is not None and span.ended.effect is not None:
                at = column_of(columns, span.ended.position)
                # custody ends with a release, an escape, a new arrest, a death, or the
                # death of all who held them, drawn as a release on the prisoner's lane
                ends = {"release", "arrest", "death", "more"}
                assert found.get(at, set()) & ends, (who, span)
        for bodily in state.bodily(who):
            assert found.get(column_of(columns, bodily.position)), (who, bodily)
        if state.deaths(who) and state.death(who, state.end) is not None:
            assert any(b.get("data-state") == "dead" for b in elements(lane, "band"))


def check_screen(plot: Plot, svg: str) -> None:
    state = story_state(plot)
    root = parse(svg)
    shown = state.order.screen_order()
    found = elements(root, "point")
    if found:
        assert {p.get("data-event") for p in found} == {e.id for e in plot.events}
        slots = sorted(int(p.get("data-slot", -1)) for p in found if p.get("data-slot") is not None)
        assert slots == list(range(len(shown)))
        for point in found:
            slot = point.get("data-slot")
            if slot is not None:
                assert int(point.get("data-position", -1)) == shown[int(slot)]
    else:
        counts = sum(int(c.get("data-count", 0)) for c in elements(root, "cell"))
        assert counts == len(plot.events)


def check_knowledge(plot: Plot, svg: str, *, summarised: bool = False) -> None:
    state = story_state(plot)
    root = parse(svg)
    rows = [row.get("data-fact") for row in elements(root, "row")]
    if summarised:
        assert len(rows) == min(len(state.facts), Limits().facts)
    else:
        assert rows == list(state.facts)
    cells = {(c.get("data-fact"), c.get("data-knower")): c for c in elements(root, "cell")}
    knowers = {k.get("data-id") for k in elements(root, "knower")}
    for learning in state.learnings():
        if learning.fact in rows and learning.knower in knowers:
            assert (learning.fact, learning.knower) in cells, learning
    for irony in () if summarised else state.dramatic_irony():
        assert cells[irony.fact, irony.character].get("data-irony") == "yes"


def check_relations(plot: Plot, svg: str, *, summarised: bool = False) -> None:
    state = story_state(plot)
    root = parse(svg)
    nodes = {n.get("data-id"): n for n in elements(root, "character")}
    if not summarised:
        assert set(nodes) == set(state.characters)
    for who, node in nodes.items():
        assert (node.get("data-dead") == "yes") == (not state.is_alive(str(who), state.end))
    drawn = {r for e in elements(root, "edge") for r in (e.get("data-relationships") or "").split()}
    for tie in plot.relationships:
        a, b = tie.between
        if a in nodes and b in nodes and a != b:
            assert tie.id in drawn


CHECKS = {
    "lanes": check_lanes,
    "screen": check_screen,
    "knowledge": check_knowledge,
    "relations": check_relations,
}


@pytest.mark.parametrize("kind", KINDS)
def test_lost_bullet_is_drawn_whole(kind: str) -> None:
    plot = lost_bullet()
    CHECKS[kind](plot, render(plot, kind))


def test_a_captive_whose_captor_dies_is_drawn_free_where_he_dies() -> None:
    plot = loads(
        "plotmodel: 1\ntitle: T\ncharacters:\n  - {id: ogre, name: the ogre}\n"
        "  - {id: boy, name: the boy}\n  - {id: hero, name: the hero}\nevents:\n"
        "  - {id: caught, name: Caught, agent: ogre, effects: [{arrested: {who: boy, by: ogre}}]}\n"
        "  - {id: slain, name: Slain, agent: hero, effects: [{dies: {who: ogre, by: hero}}]}\n"
    ).require()
    root = parse(render(plot, "lanes", findings=[]))
    columns = columns_of(root)
    lanes = {lane.get("data-id"): marks(lane) for lane in elements(root, "lane")}
    assert "release" in lanes["boy"].get(column_of(columns, 1), set())
    assert "release" not in lanes["boy"].get(column_of(columns, 0), set())


def test_a_killer_is_marked_as_one_who_acts_not_as_one_who_dies() -> None:
    plot = loads(
        "plotmodel: 1\ntitle: T\ncharacters:\n  - {id: tell, name: Tell}\n"
        "  - {id: gessler, name: Gessler}\n  - {id: guard, name: a guard}\n"
        "  - {id: bailiff, name: the bailiff}\nevents:\n"
        "  - {id: lane, name: Shot from the thicket, agent: gessler,"
        " effects: [{dies: {who: gessler, by: tell}}]}\n"
        "  - {id: hall, name: Struck down in the hall, agents: [bailiff, guard],"
        " effects: [{dies: {who: guard, by: bailiff}}]}\n"
    ).require()
    root = parse(render(plot, "lanes", findings=[]))
    lanes = {lane.get("data-id"): marks(lane) for lane in elements(root, "lane")}
    # the marksman away in the thicket has the killing as a change; the dead, a death
    assert lanes["tell"][0] == {"change"}
    assert "death" in lanes["gessler"][0]
    # the one who strikes in the hall is there, and is marked so, once
    assert lanes["bailiff"][1] == {"bodily"}
    assert "death" in lanes["guard"][1]


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(plot=plots(max_events=14, max_characters=5))
def test_generated_plots_are_drawn_whole(plot: Plot) -> None:
    for kind in KINDS:
        svg = render(plot, kind, findings=[])
        CHECKS[kind](plot, svg)
        assert_no_overlaps(svg)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(plot=unchecked_plots(max_elements=4))
def test_any_plot_is_drawn_however_little_sense_it_makes(plot: Plot) -> None:
    # dangling and repeated ids, cycles, broken orders: drawn, never a traceback
    findings = check(plot)
    for kind in KINDS:
        parse(render(plot, kind, findings=findings))
        assert render(plot, kind, "html", findings=findings).startswith("<!DOCTYPE html>")
    for kind in MERMAID_KINDS:
        assert render(plot, kind, "mermaid", findings=findings)


def test_every_broken_copy_of_lost_bullet_is_drawn() -> None:
    for path in sorted(BROKEN.parent.glob("*.yaml")):
        loaded = load(path)
        assert loaded.plot is not None, path
        for kind in KINDS:
            parse(render(loaded.plot, kind, findings=check(loaded)))


def test_a_generated_plot_of_hundreds_of_events_is_drawn_whole() -> None:
    plot = generated(400)
    for kind in KINDS:
        CHECKS[kind](plot, render(plot, kind, findings=[]))


def test_findings_are_marked_where_they_point() -> None:
    loaded = load(BROKEN)
    assert loaded.plot is not None
    found = [d for d in check(loaded) if d.code == "PM301"]
    assert found
    root = parse(render(loaded.plot, "lanes", findings=found))
    event = found[0].path[1]
    assert isinstance(event, int)
    columns = columns_of(root)
    quentin = next(lane for lane in elements(root, "lane") if lane.get("data-id") == "quentin")
    assert "error" in marks(quentin)[column_of(columns, event)]
    axis = elements(root, "finding")
    assert [int(f.get("data-column", -1)) for f in axis] == [column_of(columns, event)]
    assert "PM301" in "".join(axis[0].itertext())


def test_non_bodily_appearances_are_hollow_marks() -> None:
    plot = lost_bullet()
    root = parse(render(plot, "lanes", findings=[]))
    charas = next(lane for lane in elements(root, "lane") if lane.get("data-id") == "charas")
    burnt = story_state(plot).position("decoy-burnt")
    assert "apart" in marks(charas)[burnt]
    assert "bodily" not in marks(charas)[burnt]


def test_agents_in_a_form_that_is_not_bodily_are_hollow_marks() -> None:
    plot = Plot(
        title="The warning",
        characters=(Character(id="king", name="the old king"), Character(id="son", name="his son")),
        events=(
            Event(
                id="dies",
                name="The king dies",
                participants=(Participant(who="king"),),
                effects=(Dies(who="king"),),
            ),
            Event(
                id="warns",
                name="The king's ghost warns his son",
                agents=(Participant(who="king", appears=Appearance.GHOST), "son"),
            ),
        ),
    )
    root = parse(render(plot, "lanes", findings=[]))
    king = next(lane for lane in elements(root, "lane") if lane.get("data-id") == "king")
    son = next(lane for lane in elements(root, "lane") if lane.get("data-id") == "son")
    assert marks(king)[1] == {"apart"}
    assert marks(son)[1] == {"bodily"}
    assert "the old king (ghost)" in "".join(root.itertext())


def test_loose_events_are_drawn_over_their_range() -> None:
    plot = lost_bullet()
    order = story_state(plot).order
    root = parse(render(plot, "lanes", findings=[]))
    loose = {g.get("data-event") for g in elements(root, "loose-range")}
    expected = {
        e.id
        for i, e in enumerate(plot.events)
        if order.is_loose(i) and order.earliest(i) != order.latest(i)
    }
    assert loose == expected


def test_groups_reach_their_members_and_relationships_their_events() -> None:
    plot = lost_bullet()
    mermaid = render(plot, "relations", "mermaid")
    assert '"employer (from #35;7 to #35;15)"' in mermaid
    root = parse(render(plot, "relations"))
    joins = [e for e in elements(root, "member-edge") if e.get("data-member") == "lino"]
    assert {e.get("data-group") for e in joins} >= {"mechanics"}
    assert "joins #7" in "".join(root.itertext())


# -- formats -----------------------------------------------------------------


def test_the_extension_picks_the_format() -> None:
    assert {format_for(f"out{ext}") for ext in FORMATS} == {"svg", "html", "mermaid"}
    assert format_for("OUT.SVG") == "svg"
    with pytest.raises(ValueError, match=r"\.png"):
        format_for("out.png")


def test_mermaid_is_drawn_for_lanes_and_relations_only() -> None:
    for kind in ("screen", "knowledge"):
        with pytest.raises(ValueError, match="Mermaid"):
            render(lost_bullet(), kind, "mermaid", findings=[])
    with pytest.raises(ValueError, match="kind"):
        render(lost_bullet(), "timeline", findings=[])
    with pytest.raises(ValueError, match="format"):
        render(lost_bullet(), "lanes", "png", findings=[])


def test_the_html_page_stands_alone() -> None:
    page = render(lost_bullet(), "lanes", "html", findings=[])
    assert page.startswith("<!DOCTYPE html>")
    assert "default-src 'none'" in page
    # nothing is fetched: no address in any src or href but the page's own anchors
    assert not re.search(r"""(src|href)=["'](?!#)""", page)
    assert "http://" not in page.replace('xmlns="http://www.w3.org/2000/svg"', "")
    assert "https://" not in page
    assert page.count("<script>") == 1


# -- escaping ----------------------------------------------------------------

HOSTILE = '</svg><script>alert("x")</script> & \'q\' \x1b[31m\u202e|"] --> n0 %%{init}%% #x; `md`'


def hostile_plot() -> Plot:
    return Plot(
        title=HOSTILE,
        places=(Place(id="p<>", name=HOSTILE),),
        groups=(Group(id="g&", name=HOSTILE),),
        characters=(
            Character(id="a\"'<", name=HOSTILE, groups=("g&",)),
            Character(id="b", name=HOSTILE + "\n" + HOSTILE),
        ),
        facts=(Fact(id="f]", name=HOSTILE),),
        relationships=(Relationship(id="r", kind=HOSTILE, between=("a\"'<", "b"), since="e1"),),
        events=(
            Event(
                id="e1",
                name=HOSTILE,
                agents=("a\"'<",),
                place="p<>",
                effects=(
                    Reveal(fact="f]", to=("b", "audience"), by="a\"'<"),
                    Arrested(who="b"),
                    Joins(who="b", group="g&"),
                ),
            ),
            Event(
                id="e2",
                name=HOSTILE,
                agents=("a\"'<",),
                participants=(Participant(who="b", appears=Appearance.GHOST),),
                effects=(Released(who="b"), Dies(who="a\"'<")),
                shown_before="e1",
            ),
        ),
    )


@pytest.mark.parametrize("kind", KINDS)
def test_text_from_the_file_stays_text_in_svg_and_html(kind: str) -> None:
    plot = hostile_plot()
    svg = render(plot, kind)
    root = parse(svg)  # well-formed: nothing closed the document early
    assert not [
        e for e in root.iter() if e.tag in (f"{SVG}script", "script", f"{SVG}foreignObject")
    ]
    assert "<script" not in svg
    assert "\x1b" not in svg
    assert "\u202e" not in svg
    assert "\\x1b" in svg  # shown as a visible escape
    page = render(plot, kind, "html")
    assert page.count("<script") == 1
    assert "\x1b" not in page
    assert "\u202e" not in page
    # the only script is the page's own, at its end
    assert page.index("<script") > page.index("</main>")


@pytest.mark.parametrize("kind", ["lanes", "relations"])
def test_text_from_the_file_stays_text_in_mermaid(kind: str) -> None:
    text = render(hostile_plot(), kind, "mermaid")
    assert "\x1b" not in text
    assert "\u202e" not in text
    assert "%%" not in text
    assert "<" not in text
    assert "`" not in text
    lines = text.splitlines()
    body = lines[lines.index("---", 1) + 1 :]
    if kind == "relations":
        grammar = re.compile(
            r'flowchart LR|    n\d+(\["[^"]*"\]|\("[^"]*"\)|\{\{"[^"]*"\}\})(:::dead)?'
            r'|    n\d+ (---|-\.-)(\|"[^"]*"\|)? n\d+|    classDef dead [\w:#,]+'
        )
    else:
        grammar = re.compile(
            r"gantt|    title [^:;#%\n]+|    dateFormat x|    axisFormat %Q"
            r"|    section [^:;#%\n]+|    [^:;#%\n]+ :((crit|done|active|milestone), )?\d+, \d+"
        )
    for line in body:
        assert grammar.fullmatch(line), line


# -- readable ----------------------------------------------------------------

_TRANSLATE = re.compile(r"translate\(([-\d.]+),([-\d.]+)\)")
_ROTATE = re.compile(r"rotate\(([-\d.]+) ([-\d.]+) ([-\d.]+)\)")


def text_boxes(svg: str) -> Iterator[tuple[float, tuple[float, float, float, float], str]]:
    """Each label's box as the layout estimates it: (angle, (x0, y0, x1, y1), text).

    A rotated label's box is given in a frame turned with it, so that labels
    turned alike can be compared as if none were turned.
    """

    def walk(
        node: ET.Element, dx: float, dy: float
    ) -> Iterator[tuple[float, tuple[float, float, float, float], str]]:
        moved = _TRANSLATE.search(node.get("transform") or "")
        if moved and node.tag != f"{SVG}text":
            dx, dy = dx + float(moved[1]), dy + float(moved[2])
        if node.tag == f"{SVG}text":
            shown = (node.text or "") + "".join(child.tail or "" for child in node)
            size = float(node.get("font-size", 12))
            x, y = float(node.get("x", 0)) + dx, float(node.get("y", 0)) + dy
            width = text_width(shown, size)
            anchor = node.get("text-anchor", "start")
            left = x - width if anchor == "end" else x - width / 2 if anchor == "middle" else x
            turned = _ROTATE.search(node.get("transform") or "")
            angle = float(turned[1]) if turned else 0.0
            # the turned frame's coordinates of the anchor, less its own: the box's shift
            a = math.radians(angle)
            sx = math.cos(a) * x + math.sin(a) * y - x
            sy = -math.sin(a) * x + math.cos(a) * y - y
            box = (left + sx, y - 0.8 * size + sy, left + width + sx, y + 0.2 * size + sy)
            yield angle, box, shown
            return
        for child in node:
            yield from walk(child, dx, dy)

    yield from walk(parse(svg), 0.0, 0.0)


def assert_no_overlaps(svg: str) -> None:
    boxes = sorted(text_boxes(svg), key=lambda b: (b[0], b[1][0]))
    clashes = []
    for n, (angle, (x0, y0, x1, y1), text) in enumerate(boxes):
        for other_angle, (u0, v0, u1, v1), other in boxes[n + 1 :]:
            if other_angle != angle:
                break
            if u0 >= x1 - 0.5:
                break
            if min(x1, u1) - max(x0, u0) > 0.5 and min(y1, v1) - max(y0, v0) > 0.5:
                clashes.append((text, other))
    assert clashes == []


@pytest.mark.parametrize("kind", KINDS)
def test_no_two_labels_overlap(kind: str) -> None:
    for plot in (lost_bullet(), load(BROKEN).plot, generated(400), hostile_plot()):
        assert plot is not None
        assert_no_overlaps(render(plot, kind))


@pytest.mark.parametrize("kind", KINDS)
def test_every_picture_has_a_legend_and_a_title(kind: str) -> None:
    root = parse(render(lost_bullet(), kind, findings=[]))
    assert elements(root, "legend")
    assert root.find(f"{SVG}title") is not None
    assert 400 <= float(root.get("width", 0)) <= 3000
    assert 300 <= float(root.get("height", 0)) <= 3000


# -- large plots -------------------------------------------------------------


def test_a_plot_beyond_every_limit_is_summarised_within_the_bound() -> None:
    plot = generated(6000)
    sizes = {}
    for kind in KINDS:
        svg = render(plot, kind, findings=[])
        CHECKS[kind](plot, svg, **({"summarised": True} if kind != "screen" else {}))
        sizes[kind] = len(svg.encode("utf-8"))
        title = "".join(parse(svg).itertext())
        assert re.search(r"busiest|collapsed|grid|most widely known|most connected", title), kind
        assert_no_overlaps(svg)
    for kind in ("lanes", "relations"):
        sizes[f"{kind}.mmd"] = len(render(plot, kind, "mermaid", findings=[]).encode("utf-8"))
    assert max(sizes.values()) < BOUND, sizes


def test_limits_must_allow_something() -> None:
    with pytest.raises(ValueError, match="lanes"):
        Limits(lanes=0)


def test_a_fact_the_story_never_settles_is_not_labelled_false() -> None:
    plot = loads(
        "plotmodel: 1\ntitle: T\ncharacters:\n  - {id: teller, name: the teller}\nfacts:\n"
        "  - {id: eye, name: The eye is evil, holds: null, known_by: [teller]}\n"
        "  - {id: lie, name: The heart beats, holds: false, known_by: [teller]}\nevents:\n"
        "  - {id: look, name: He looks, agent: teller, motivated_by: [eye, lie]}\n"
    ).require()
    svg = render(plot, "knowledge", findings=[])
    assert "The eye is evil (never settled)" in svg
    assert "The eye is evil (false)" not in svg
    assert "The heart beats (false)" in svg
