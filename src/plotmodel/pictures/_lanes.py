"""Character lanes: one lane per character along the story, with their state and their events.

Each lane is a band that reads alive, injured, held, dead or absent (before
the character first takes part, and after they last do), with the places
they are at below it. Each event a character takes part in is a mark on
their lane, filled when they are there bodily and hollow when they appear
otherwise (a memory, a ghost, a recording). What an effect does to someone
(dies, arrested, released, learns...) is a mark of its own, chosen by the
effect's key; a kind of effect with no mark of its own gets the generic
one, so a new kind is drawn as soon as it is declared. Findings of the
checker are marked where they point. Loose events show the range the plot
allows them.

Large plots are summarised: the busiest lanes are kept, and events are
collapsed into periods of equal length, so the picture's size is bounded
whatever the plot's.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Final, NamedTuple

from attrs import frozen

from plotmodel.diagnostics import Severity
from plotmodel.model import EFFECT_TYPES, Kind, reference_fields
from plotmodel.pictures._canvas import BASE_STYLE, Canvas, Legend, fit, text_width, title
from plotmodel.pictures._mermaid import Gantt
from plotmodel.pictures._story import Story, appearances, cut, finding_line

# The mark each effect key is drawn with; any other kind of effect is a generic change.
_EFFECT_GLYPH: Final = {
    "dies": "death",
    "returns": "return",
    "injured": "injury",
    "arrested": "arrest",
    "released": "release",
    "escapes": "release",
    "reveal": "reveal",
}
_SEVERITY_GLYPH: Final = {
    Severity.ERROR: "error",
    Severity.WARNING: "warning",
    Severity.INFO: "info",
}
# The marks in the order they sit in a cell, with their legend words.
GLYPHS: Final = {
    "bodily": "takes part bodily",
    "apart": "appears, not bodily (memory, ghost, recording...)",
    "error": "error found here",
    "warning": "warning found here",
    "info": "note found here",
    "death": "dies",
    "return": "comes back to life",
    "injury": "is injured",
    "arrest": "is arrested",
    "release": "is released or escapes",
    "reveal": "learns a fact",
    "change": "another change (hover to read it)",
}
_RANK: Final = {glyph: n for n, glyph in enumerate(GLYPHS)}
# When a cell has more kinds of mark than room, these win: findings, then what changes lives.
_WEIGHTIEST: Final = (
    *("error", "warning", "death", "return", "arrest", "release", "injury", "info"),
    *("reveal", "change", "bodily", "apart"),
)
_PRIORITY: Final = {glyph: n for n, glyph in enumerate(_WEIGHTIEST)}
#: The states a lane's band shows, with their legend words.
STATES: Final = {
    "alive": "alive",
    "injured": "injured",
    "held": "held",
    "dead": "dead",
    "absent": "absent (not yet in the story, or no longer)",
}

_SLOT: Final = 10.0
_MOST_SLOTS: Final = 3
# A collapsed period's cell holds fewer, so that 200 periods stay a few screens wide.
_MOST_SLOTS_COLLAPSED: Final = 2
_LANE: Final = 34.0
_TOP: Final = 96.0
_NAME_AT_MOST: Final = 170.0
_TIPS_PER_CELL: Final = 6
_LOOSE_ROWS: Final = 3
_LOOSE_ROWS_AT_MOST: Final = 12
_ROW: Final = 4.0
# Heights of the header: the findings, the event numbers, the first loose range.
_FINDINGS_Y: Final = 50.0
_NUMBERS_Y: Final = 70.0
_LOOSE_Y: Final = 77.0

_STYLE: Final = BASE_STYLE + (
    ".lane-bg{fill:#f7f7f7}"
    ".band{stroke:none}"
    ".band.alive{fill:#cfe3f6}"
    ".band.dead{fill:#555}"
    ".band.absent{fill:#eee}"
    ".held{fill:url(#bars)}"
    ".hurt{stroke:#c0392b;stroke-width:3}"
    ".place{font-size:9px;fill:#444}"
    ".place-tick{stroke:#999;stroke-width:1}"
    ".hit{fill:transparent}"
    ".hit:hover{fill:rgba(30,90,160,.08)}"
    ".range{stroke:#8e44ad;stroke-width:1.5;stroke-dasharray:3 2}"
    ".range-end{stroke:#8e44ad;stroke-width:1.5}"
    ".loose-dot{fill:#8e44ad}"
    ".tick{font-size:9px;fill:#555}"
    # what only paints lets the pointer through to the event's column beneath
    ".lane-bg,.band,.hurt,.range,.place-tick,.tick,.loose-dot{pointer-events:none}"
    ".band.held,.loose-range .range{pointer-events:auto}"
)

# Each mark, drawn in a 10 by 10 box around its centre.
_SYMBOLS: Final = (
    '<pattern id="bars" width="4" height="4" patternUnits="userSpaceOnUse">'
    '<rect width="4" height="4" fill="#f5c27a"/><rect width="1.5" height="4" fill="#b9770e"/>'
    "</pattern>"
    '<g id="g-bodily"><circle r="3.8" fill="#1f4e79" stroke="#fff"'
    ' stroke-width=".7"/></g>'
    '<g id="g-apart"><circle r="3.2" fill="#fff" stroke="#1f4e79"'
    ' stroke-width="1.4" stroke-dasharray="2 1.2"/></g>'
    '<g id="g-death"><circle r="4.9" fill="#fff" stroke="#111"'
    ' stroke-width=".8"/><path d="M-.8,-3.8h1.6v2h2v1.6h-2v3.9h-1.6v-3.9h-2v-1.6h2z"'
    ' fill="#111"/></g>'
    '<g id="g-return"><path d="M0,-4.5L4,0.5H1.5V4.5H-1.5V0.5H-4Z"'
    ' fill="#27ae60"/></g>'
    '<g id="g-injury"><path d="M-1.3,-4.3h2.6v3h3v2.6h-3v3h-2.6v-3'
    'h-3v-2.6h3z" fill="#c0392b"/></g>'
    '<g id="g-arrest"><rect x="-4" y="-4" width="8" height="8"'
    ' fill="#d35400"/><path d="M-1.5,-4v8M1.5,-4v8" stroke="#fff" stroke-width="1"/></g>'
    '<g id="g-release"><rect x="-3.6" y="-3.6" width="7.2"'
    ' height="7.2" fill="#fff" stroke="#d35400" stroke-width="1.5"/></g>'
    '<g id="g-reveal"><path d="M0,-4.6L4.6,0L0,4.6L-4.6,0Z"'
    ' fill="#2e86c1"/></g>'
    '<g id="g-change"><circle r="3" fill="#fff" stroke="#777"'
    ' stroke-width="1.6"/></g>'
    '<g id="g-more"><path d="M-3.5,0h7M0,-3.5v7" stroke="#555"'
    ' stroke-width="1.6"/></g>'
    '<g id="g-error"><path d="M0,-4.8L4.8,4.2H-4.8Z" fill="#e74c3c"/>'
    '<path d="M0,-1.8v3M0,2.2v1" stroke="#fff" stroke-width="1.2"/></g>'
    '<g id="g-warning"><path d="M0,-4.8L4.8,4.2H-4.8Z"'
    ' fill="#f39c12"/><path d="M0,-1.8v3M0,2.2v1" stroke="#fff" stroke-width="1.2"/></g>'
    '<g id="g-info"><path d="M0,-4.8L4.8,4.2H-4.8Z" fill="#3498db"/>'
    '<path d="M0,-1.8v3M0,2.2v1" stroke="#fff" stroke-width="1.2"/></g>'
)


class _Raw(NamedTuple):
    """One mark before lanes are chosen: the event, the mark, and what its hover says."""

    position: int
    glyph: str
    tip: str


@frozen
class Column:
    """One column of the lanes: an event, or a period of consecutive events when collapsed.

    Attributes:
        first: Listed position of the first event in it.
        last: Listed position of the last event in it.
    """

    first: int
    last: int


class Cell:
    """The marks of one lane in one column: each kind of mark once, with its hover lines."""

    __slots__ = ("counts", "tips")

    def __init__(self) -> None:
        self.counts: dict[str, int] = {}
        self.tips: dict[str, list[str]] = {}

    def add(self, glyph: str, tip: str) -> None:
        """Count one more mark of this kind; keep its hover line while there is room."""
        self.counts[glyph] = self.counts.get(glyph, 0) + 1
        tips = self.tips.setdefault(glyph, [])
        if len(tips) < _TIPS_PER_CELL:
            tips.append(tip)

    def glyphs(self) -> list[str]:
        """The kinds of mark present, in drawing order."""
        return sorted(self.counts, key=_RANK.__getitem__)

    def shown(self, room: int) -> list[str]:
        """The marks to draw in ``room`` slots: the weightiest, ``more`` for the rest, in order."""
        glyphs = self.glyphs()
        if len(glyphs) <= room:
            return glyphs
        kept = set(sorted(glyphs, key=_PRIORITY.__getitem__)[: room - 1])
        return [g for g in glyphs if g in kept] + ["more"]

    def tip(self, glyphs: list[str], *, head: str, collapsed: bool) -> str:
        """The hover text of some of this cell's marks: each mark, or counts when collapsed."""
        if collapsed:
            counts = ", ".join(
                GLYPHS[g] + (f" \u00d7{self.counts[g]:,}" if self.counts[g] > 1 else "")
                for g in glyphs
            )
            return cut(f"{head}: {counts}", 200)
        lines = []
        for glyph in glyphs:
            lines.extend(self.tips[glyph])
            extra = self.counts[glyph] - len(self.tips[glyph])
            if extra > 0:
                lines.append(f"... and {extra:,} more")
        return cut("\n".join(lines))


@frozen
class Run:
    """A stretch of a lane in one state, from one anchor to another.

    Anchors are column indexes: ``-1`` is the lane's start, ``k`` the middle
    of column ``k``, and the number of columns the lane's end.

    Attributes:
        start: The anchor it starts at.
        end: The anchor it ends at.
        value: The state (``alive``, ``dead``...), or the place's id.
    """

    start: int
    end: int
    value: str


class Lane:
    """One character's lane: their bands, places, held and injured stretches, and marks."""

    def __init__(self, who: str, name: str) -> None:
        self.who = who
        self.name = name
        self.cells: dict[int, Cell] = {}
        self.bands: list[Run] = []
        self.held: list[Run] = []
        self.hurt: list[Run] = []
        self.places: list[Run] = []
        self.ranges: set[tuple[int, int]] = set()
        #: The band's state and the place at each anchor, from the lane's start.
        self.states: list[str] = []
        self.placed: list[str] = []


class LanesPicture:
    """What the lanes picture shows, ready for SVG or Mermaid."""

    def __init__(self, story: Story) -> None:
        self.story = story
        state, limits = story.state, story.limits
        size = len(story.events)
        self.step = 1 if size <= limits.columns else -(-size // limits.columns)
        self.columns = [
            Column(first, min(size, first + self.step) - 1) for first in range(0, size, self.step)
        ]
        raw = self._marks()
        characters = state.characters
        self.total = len(characters)
        if len(characters) > limits.lanes:
            busy = sorted(
                range(len(characters)),
                key=lambda n: (
                    -any(m.glyph in _SEVERITY_GLYPH.values() for m in raw.get(characters[n], ())),
                    -len(raw.get(characters[n], ())),
                    n,
                ),
            )
            characters = tuple(characters[n] for n in sorted(busy[: limits.lanes]))
        self.lanes = [self._lane(who, raw.get(who, [])) for who in characters]
        self.axis: dict[int, Cell] = {}
        for position, found in story.findings.items():
            for one in found:
                cell = self.axis.setdefault(self.column(position), Cell())
                cell.add(_SEVERITY_GLYPH[one.severity], finding_line(one))
        self.loose = [
            (position, story.order.earliest(position), story.order.latest(position))
            for position in range(size)
            if story.order.is_loose(position)
        ]

    @property
    def collapsed(self) -> bool:
        """Whether events are collapsed into periods."""
        return self.step > 1

    @property
    def room(self) -> int:
        """How many marks a cell has room for."""
        return _MOST_SLOTS_COLLAPSED if self.collapsed else _MOST_SLOTS

    def column(self, position: int) -> int:
        """The column an event is drawn in."""
        return position // self.step

    def _marks(self) -> dict[str, list[_Raw]]:
        """Every mark of every character, from the story state and the effect declarations."""
        story, state = self.story, self.story.state
        found: dict[str, list[_Raw]] = {}
        events = story.events
        there: set[tuple[str, int]] = set()
        for who in state.characters:
            name = story.name(who)
            for bodily in state.bodily(who):
                event = events[bodily.position]
                tip = f"{name} {bodily.verb} {story.number(bodily.position)} {event.name}"
                found.setdefault(who, []).append(_Raw(bodily.position, "bodily", tip))
                there.add((who, bodily.position))
        for position, event in enumerate(events):
            for who, appears in _appearances(story, position):
                tip = f"{story.name(who)} appears as {appears} in {story.number(position)} "
                found.setdefault(who, []).append(_Raw(position, "apart", tip + event.name))
        for cls in EFFECT_TYPES:
            glyph = _EFFECT_GLYPH.get(cls.key, "change")
            # the fields naming whom the effect happens to, or who causes it: someone, but
            # not bodily there; a killer from afar has the killing as a change, not a death
            fields = [
                (one, "change" if one.refers.cause else glyph)
                for one in reference_fields(cls)
                if one.refers.bodily is None and one.kinds & {Kind.CHARACTER, Kind.GROUP}
            ]
            if not fields:
                continue
            for step in state.effects_of(cls):
                tip = f"{story.number(step.position)} " + story.sentence(step.effect)
                moment = state.step(step.position, step.number)
                for one, mark in fields:
                    value = getattr(step.effect, one.name)
                    for id_ in (value,) if isinstance(value, str) else value or ():
                        for who in self._reached(id_, moment):
                            if one.refers.cause and (who, step.position) in there:
                                continue  # a killer in the scene has their mark there already
                            found.setdefault(who, []).append(_Raw(step.position, mark, tip))
        # custody that ends with the death of all who held them: free, with no effect to say so
        for who in state.characters:
            for span in state.custody_spans(who):
                if span.unkept and span.ended is not None:
                    at = span.ended.position
                    tip = (
                        f"{story.number(at)} {story.name(who)} is free: all who held them are dead"
                    )
                    found.setdefault(who, []).append(_Raw(at, "release", tip))
        for position, findings in story.findings.items():
            for finding in findings:
                tip = f"{story.number(position)} {finding_line(finding)}"
                for who in dict.fromkeys(story.finding_ids(finding)):
                    found.setdefault(who, []).append(
                        _Raw(position, _SEVERITY_GLYPH[finding.severity], tip)
                    )
        return found

    def _reached(self, id_: str, moment: int) -> Iterator[str]:
        """A character, or the members of a group alive at ``moment``."""
        story, state = self.story, self.story.state
        kind = story.kinds.get(id_)
        if kind is Kind.CHARACTER:
            yield id_
        elif kind is Kind.GROUP:
            yield from sorted(
                who for who in state.members(id_, moment) if state.is_alive(who, moment)
            )

    def _lane(self, who: str, raw: list[_Raw]) -> Lane:
        story, state = self.story, self.story.state
        lane = Lane(who, story.name(who))
        for mark in raw:
            column = self.column(mark.position)
            lane.cells.setdefault(column, Cell()).add(mark.glyph, mark.tip)
            if story.order.is_loose(mark.position):
                low = self.column(story.order.earliest(mark.position))
                high = self.column(story.order.latest(mark.position))
                if low != high:
                    lane.ranges.add((low, high))
        involved = sorted(lane.cells)
        first, last = (involved[0], involved[-1]) if involved else (len(self.columns), -1)
        moments = [0, *(state.start(c.last + 1) for c in self.columns)]
        bands: list[str] = []
        held: list[str] = []
        hurt: list[str] = []
        places: list[str] = []
        for anchor, moment in enumerate(moments, start=-1):
            alive = state.is_alive(who, moment)
            # present from half a column before the first mark to half a column after the last
            absent = anchor < first - 1 or anchor > last
            bands.append("alive" if alive and not absent else "dead" if not alive else "absent")
            held.append("held" if alive and state.custody(who, moment) is not None else "")
            hurt.append("injured" if alive and state.injury(who, moment) is not None else "")
            place = state.place(who, moment) if alive and not absent else None
            places.append(place or "")
        lane.states = bands
        lane.placed = places
        lane.bands = _runs(bands)
        lane.held = [r for r in _runs(held) if r.value]
        lane.hurt = [r for r in _runs(hurt) if r.value]
        lane.places = [r for r in _runs(places) if r.value]
        return lane


def _appearances(story: Story, position: int) -> Iterator[tuple[str, str]]:
    for who, appears in appearances(story.events[position]):
        if story.is_character(who):
            yield who, appears.value


def _runs(values: list[str]) -> list[Run]:
    """Consecutive equal values as runs; value ``k`` holds from anchor ``k - 1`` to ``k``."""
    runs: list[Run] = []
    start = -1
    for n in range(1, len(values) + 1):
        if n == len(values) or values[n] != values[start + 1]:
            runs.append(Run(start, n - 1, values[start + 1]))
            start = n - 1
    return runs


# -- SVG ---------------------------------------------------------------------


class _Geometry:
    """Where each column and lane lies on the canvas."""

    def __init__(self, picture: LanesPicture, left: float) -> None:
        self.left = left
        slots = dict.fromkeys(range(len(picture.columns)), 1)
        for lane in picture.lanes:
            for column, cell in lane.cells.items():
                slots[column] = max(slots[column], min(picture.room, len(cell.counts)))
        widths = [4 + _SLOT * slots[column] for column in range(len(picture.columns))]
        self.x: list[float] = []
        x = left + 8
        for width in widths:
            self.x.append(x)
            x += width
        self.widths = widths
        self.right = x + 8
        # each loose range on the first free row; rows beyond the third push the lanes down
        ends: list[float] = []
        #: (position, from x, to x, row) for each loose range drawn above the lanes.
        self.loose: list[tuple[int, float, float, int]] = []
        for position, earliest, latest in picture.loose:
            if picture.column(earliest) == picture.column(latest) and picture.collapsed:
                continue  # within one period: nothing to draw
            low, high = self.mid(picture.column(earliest)), self.mid(picture.column(latest))
            row = next((r for r, end in enumerate(ends) if end < low - 2), len(ends))
            if row == len(ends):
                if row == _LOOSE_ROWS_AT_MOST:
                    continue
                ends.append(high)
            ends[row] = high
            self.loose.append((position, low, high, row))
        self.top = _TOP + max(0, len(ends) - _LOOSE_ROWS) * _ROW

    def mid(self, anchor: int) -> float:
        """The x of an anchor: a column's middle, or either end of the lanes."""
        if anchor < 0:
            return self.left
        if anchor >= len(self.x):
            return self.right
        return self.x[anchor] + self.widths[anchor] / 2


def svg(picture: LanesPicture) -> str:
    """The lanes as a standalone SVG."""
    story = picture.story
    canvas = Canvas(kind="lanes", title=f"{story.title}: character lanes")
    name_width = min(
        _NAME_AT_MOST, max((text_width(lane.name, 12) for lane in picture.lanes), default=40)
    )
    geometry = _Geometry(picture, 16 + name_width + 10)
    width = max(geometry.right + 16, 560.0)
    top = geometry.top
    bottom = top + _LANE * len(picture.lanes)
    legend = _legend(picture)
    canvas.width = width
    canvas.height = bottom + 16 + legend.height(width - 32) + 8

    canvas.text(16, 24, canvas.title, size=16, width=width - 32, class_="heading")
    canvas.text(16, 42, _summary(picture), size=11, width=width - 32, class_="muted")
    _columns(canvas, picture, geometry, bottom)
    _axis(canvas, picture, geometry)
    for n, lane in enumerate(picture.lanes):
        _draw_lane(canvas, picture, lane, top + n * _LANE, geometry=geometry, name_width=name_width)
    legend.draw(canvas, 16, bottom + 16, width - 32)
    return canvas.svg(style=_STYLE, defs=_SYMBOLS)


def _summary(picture: LanesPicture) -> str:
    story = picture.story
    size = len(story.events)
    lanes = len(picture.lanes)
    who = (
        f"the {lanes:,} busiest of {picture.total:,} characters"
        if lanes < picture.total
        else f"{lanes:,} character{'s' * (lanes != 1)}"
    )
    events = f"{size:,} event{'s' * (size != 1)} in story order"
    if picture.collapsed:
        events += f", collapsed into {len(picture.columns):,} periods of {picture.step:,}"
    return f"{who}; {events}; hover for details"


def _columns(canvas: Canvas, picture: LanesPicture, geometry: _Geometry, bottom: float) -> None:
    """A hover area per column, under everything, that tells its events."""
    story = picture.story
    canvas.open("g", class_="columns")
    for n, column in enumerate(picture.columns):
        canvas.element(
            "rect",
            class_="hit column",
            x=geometry.x[n],
            y=_FINDINGS_Y - 6,
            width=geometry.widths[n],
            height=bottom - _FINDINGS_Y + 6,
            data_first=column.first,
            data_last=column.last,
            tip=_column_tip(story, column),
        )
    canvas.close()


def _column_tip(story: Story, column: Column) -> str:
    if column.first == column.last:
        return story.event_tip(column.first)
    names = [
        f"{story.number(p)} {story.events[p].name}"
        for p in range(column.first, min(column.last + 1, column.first + 8))
    ]
    more = column.last + 1 - column.first - len(names)
    head = f"events {story.number(column.first)} to {story.number(column.last)}"
    return cut("\n".join([head, *names, *([f"... and {more:,} more"] if more > 0 else [])]))


def _axis(canvas: Canvas, picture: LanesPicture, geometry: _Geometry) -> None:
    """Event numbers, findings and loose ranges above the lanes."""
    story = picture.story
    canvas.open("g", class_="axis-labels")
    canvas.text(16, _NUMBERS_Y, "event", size=9, class_="tick")
    canvas.text(16, _LOOSE_Y + 5, "may happen", size=9, class_="tick")
    end = 0.0
    for n, column in enumerate(picture.columns):
        label = str(column.first + 1)
        half = text_width(label, 9) / 2
        mid = geometry.mid(n)
        if mid - half < end + 4 and n != 0:
            continue
        canvas.text(mid, _NUMBERS_Y, label, size=9, anchor="middle", class_="tick")
        end = mid + half
    canvas.close()
    canvas.open("g", class_="findings")
    for at, cell in sorted(picture.axis.items()):
        tip = cell.tip(cell.glyphs(), head="", collapsed=False)
        where = (geometry.mid(at), _FINDINGS_Y)
        _marks(canvas, cell.glyphs()[:1], where, tip, column=at, kind="finding")
    canvas.close()
    canvas.open("g", class_="loose")
    for position, low, high, row in geometry.loose:
        y = _LOOSE_Y + row * _ROW
        tip = story.event_tip(position)
        canvas.open("g", class_="loose-range", data_event=story.events[position].id)
        canvas.element("line", class_="range", x1=low, y1=y, x2=high, y2=y, tip=tip)
        for x in (low, high):
            canvas.element("line", class_="range-end", x1=x, y1=y - 2, x2=x, y2=y + 2)
        canvas.element(
            "circle", class_="loose-dot", cx=geometry.mid(picture.column(position)), cy=y, r=2.0
        )
        canvas.close()
    canvas.close()


def _marks(
    canvas: Canvas,
    glyphs: list[str],
    at: tuple[float, float],
    tip: str,
    *,
    column: int,
    kind: str,
) -> None:
    """The marks of one cell, side by side from ``at``, with one hover text."""
    x, y = at
    canvas.open("g", class_=kind, data_column=column, data_glyphs=" ".join(glyphs))
    canvas.add(title(tip))
    for k, glyph in enumerate(glyphs):
        canvas.element("use", href=f"#g-{glyph}", x=x + k * _SLOT, y=y)
    canvas.close()


def _draw_lane(
    canvas: Canvas,
    picture: LanesPicture,
    lane: Lane,
    top: float,
    *,
    geometry: _Geometry,
    name_width: float,
) -> None:
    story = picture.story
    mid = top + 13
    canvas.open("g", class_="lane", data_id=lane.who)
    canvas.element(
        "rect", class_="lane-bg", x=8.0, y=top + 1, width=geometry.right, height=_LANE - 2
    )
    canvas.text(16, mid + 4, lane.name, size=12, width=name_width, tip=f"{lane.name} ({lane.who})")
    for run in lane.bands:
        canvas.element(
            "rect",
            class_=f"band {run.value}",
            x=geometry.mid(run.start),
            y=mid - 6,
            width=geometry.mid(run.end) - geometry.mid(run.start),
            height=12.0,
            data_state=run.value,
        )
    for run in lane.held:
        canvas.element(
            "rect",
            class_="band held",
            x=geometry.mid(run.start),
            y=mid - 6,
            width=geometry.mid(run.end) - geometry.mid(run.start),
            height=12.0,
            data_state="held",
            tip=f"{lane.name} is held",
        )
    for run in lane.hurt:
        x1, x2 = geometry.mid(run.start), geometry.mid(run.end)
        canvas.element("line", class_="hurt", x1=x1, y1=mid + 5, x2=x2, y2=mid + 5)
    for low, high in sorted(lane.ranges):
        canvas.element(
            "line",
            class_="range",
            x1=geometry.mid(low),
            y1=mid - 9,
            x2=geometry.mid(high),
            y2=mid - 9,
        )
    for run in lane.places:
        x1, x2 = geometry.mid(run.start), geometry.mid(run.end)
        name = story.name(run.value)
        label = fit(name, x2 - x1 - 4, 9)
        # a collapsed period's place is only where the period ends: named when it lasts
        if len(label) >= 3 and (not picture.collapsed or run.end - run.start >= 3):
            # a place too short to name is left to the hover text, tick and all
            canvas.element("line", class_="place-tick", x1=x1, y1=mid + 8, x2=x1, y2=mid + 17)
            canvas.text(x1 + 2, mid + 16, name, size=9, width=x2 - x1 - 4, class_="place")
    for column, cell in sorted(lane.cells.items()):
        glyphs = cell.glyphs()
        shown = cell.shown(picture.room)
        head = f"{lane.name}, {_span(story, picture.columns[column])}"
        tip = cell.tip(glyphs, head=head, collapsed=picture.collapsed)
        x = geometry.x[column] + 2 + _SLOT / 2
        _marks(canvas, shown, (x, mid), tip, column=column, kind="cell")
    canvas.close()


def _span(story: Story, column: Column) -> str:
    if column.first == column.last:
        return story.number(column.first)
    return f"events {story.number(column.first)} to {story.number(column.last)}"


def _legend(picture: LanesPicture) -> Legend:
    legend = Legend()
    for state, words in STATES.items():
        if state == "held":
            swatch = '<rect y="2" width="12" height="9" fill="url(#bars)"/>'
        elif state == "injured":
            swatch = (
                '<rect y="2" width="12" height="9" fill="#cfe3f6"/>'
                '<line x1="0" y1="10" x2="12" y2="10" stroke="#c0392b" stroke-width="3"/>'
            )
        else:
            swatch = f'<rect class="band {state}" y="2" width="12" height="9"/>'
        legend.add(swatch, words)
    used = {g for lane in picture.lanes for cell in lane.cells.values() for g in cell.counts}
    used.update(g for cell in picture.axis.values() for g in cell.counts)
    for glyph, words in GLYPHS.items():
        if glyph in used or glyph in ("bodily", "apart", "death", "arrest", "release", "reveal"):
            legend.add(f'<use href="#g-{glyph}" x="6" y="6"/>', words)
    legend.add('<line x1="0" y1="6" x2="12" y2="6" class="range"/>', "where a loose event may be")
    legend.add(
        '<line x1="1" y1="1" x2="1" y2="11" class="place-tick"/>'
        '<text x="3" y="10" class="place">ab</text>',
        "place",
    )
    return legend


# -- Mermaid -----------------------------------------------------------------


def mermaid(picture: LanesPicture) -> str:
    """The lanes as a Mermaid Gantt chart: a section per character, a bar per stretch.

    Time counts events in story order (event ``#n`` at ``n``). The bars are the
    alive, absent and dead stretches, then the held and injured ones; deaths,
    returns, injuries, arrests, releases and findings are milestones with a
    short word. Reveals are left out: Mermaid would print their words over
    one another, and the SVG and HTML show them.
    """
    story = picture.story
    chart = Gantt(f"{story.title}: character lanes")
    size = len(picture.columns)
    end = picture.columns[-1].last + 2 if picture.columns else 1

    def at(anchor: int) -> int:
        # the start, the first event of a column, or the end
        if anchor < 0:
            return 0
        return picture.columns[anchor].first + 1 if anchor < size else end

    for lane in picture.lanes:
        chart.section(lane.name)
        for run in [*lane.bands, *lane.held, *lane.hurt]:
            if at(run.end) > at(run.start):
                chart.bar(run.value, at(run.start), at(run.end), _GANTT_TAG.get(run.value))
        for column, cell in sorted(lane.cells.items()):
            for glyph in cell.glyphs():
                word = _MILESTONE.get(glyph)
                if word is not None:
                    count = cell.counts[glyph]
                    chart.milestone(word + (f" x{count}" if count > 1 else ""), at(column))
    return chart.text()


_GANTT_TAG: Final = {"dead": "crit", "absent": "done", "held": "active"}
_MILESTONE: Final = {
    "error": "error",
    "warning": "warning",
    "info": "note",
    "death": "dies",
    "return": "returns",
    "injury": "injured",
    "arrest": "arrested",
    "release": "freed",
}
