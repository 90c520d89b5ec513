"""Story against screen: one point per event, where it happens against where the film shows it.

Screen order runs left to right and story order top to bottom, so a film
told in order is a diagonal. A flashback jumps up from the line, a strand
told backwards runs up it, an event shown twice has two points on one row,
and events the film never shows sit in a column of their own. A loose
event's point carries the range of story positions the plot allows it.

Everything is read from the order (`plotmodel.order.Order.screen_order`),
taken as a sequence of listed positions: one that repeats an event or leaves
one out is drawn as it is. Beyond `Limits.points` events, points are counted
in the cells of a grid instead, which bounds the picture's size.
"""

from __future__ import annotations

from collections import Counter
from typing import Final

from plotmodel.pictures._canvas import BASE_STYLE, Canvas, Legend, number, points, text_width
from plotmodel.pictures._story import Story, cut

_STYLE: Final = BASE_STYLE + (
    ".path{fill:none;stroke:#bbb;stroke-width:1}"
    ".point circle,.point path{stroke:#fff;stroke-width:.8}"
    ".in-order{fill:#1f4e79}"
    ".back{fill:#e67e22}"
    ".twice{fill:#8e44ad}"
    ".unshown{fill:#fff;stroke:#777!important;stroke-width:1.4!important}"
    ".again{stroke:#8e44ad;stroke-width:1;stroke-dasharray:3 2}"
    ".range{stroke:#8e44ad;stroke-width:1.5}"
    ".diagonal{stroke:#ddd;stroke-width:1;stroke-dasharray:4 3}"
    ".cell{fill:#1f4e79}"
    ".c1{opacity:.3}.c2{opacity:.55}.c3{opacity:.8}.c4{opacity:1}"
    ".list{font-size:11px}"
    ".hit{fill:transparent}"
)

_LIST_AT_MOST: Final = 24
_LIST_WIDTH: Final = 330.0
_GRID: Final = 150


class ScreenPicture:
    """What the screen picture shows: each showing of each event, and the events never shown."""

    def __init__(self, story: Story) -> None:
        self.story = story
        order = story.order
        self.shown: list[int] = list(order.screen_order())
        self.size = len(story.events)
        seen = Counter(self.shown)
        self.twice = {position for position, n in seen.items() if n > 1}
        self.unshown = [p for p in range(self.size) if p not in seen]
        #: Each showing as (slot, position, how): ``in-order``, ``back`` or ``twice``.
        self.points: list[tuple[int, int, str]] = []
        previous = -1
        for slot, position in enumerate(self.shown):
            how = "back" if position < previous else "in-order"
            if position in self.twice:
                how = "twice"
            self.points.append((slot, position, how))
            previous = position
        self.summarised = self.size > story.limits.points
        #: The showings that go back in the story, for the list beside the picture.
        self.back = [(s, p) for s, p, how in self.points if how != "in-order"]


class _Frame:
    """Where story and screen positions lie on the canvas."""

    def __init__(self, left: float, top: float, step: float, slots: int, rows: int) -> None:
        self.left, self.top, self.step = left, top, step
        self.slots, self.rows = slots, rows
        self.right = left + slots * step
        self.bottom = top + rows * step

    def x(self, slot: float) -> float:
        """The middle of a screen slot."""
        return self.left + (slot + 0.5) * self.step

    def y(self, position: float) -> float:
        """The middle of a story position."""
        return self.top + (position + 0.5) * self.step


def svg(picture: ScreenPicture) -> str:
    """The screen picture as a standalone SVG."""
    story = picture.story
    canvas = Canvas(kind="screen", title=f"{story.title}: story against screen")
    slots = max(len(picture.shown), 1)
    rows = max(picture.size, 1)
    step = min(13.0, 760 / max(slots, rows))
    frame = _Frame(64.0, 92.0, step, slots, rows)
    unshown_x = frame.right + 34 if picture.unshown else None
    list_x = frame.right + (80 if picture.unshown else 30)
    width = max(list_x + _LIST_WIDTH + 16, 560.0)
    canvas.width = width

    canvas.text(16, 24, canvas.title, size=16, width=width - 32, class_="heading")
    canvas.text(16, 42, _summary(picture), size=11, width=width - 32, class_="muted")
    _axes(canvas, frame, unshown_x)
    corner = min(slots, rows) * step
    canvas.element(
        "line",
        class_="diagonal",
        x1=frame.left,
        y1=frame.top,
        x2=frame.left + corner,
        y2=frame.top + corner,
    )
    if picture.summarised:
        _grid(canvas, picture, frame, unshown_x)
    else:
        _points(canvas, picture, frame, unshown_x)
    legend_top = max(frame.bottom + 30, _list(canvas, picture, list_x, frame.top))
    legend = _legend(picture)
    legend.draw(canvas, 16, legend_top, width - 32)
    canvas.height = legend_top + legend.height(width - 32) + 8
    return canvas.svg(style=_STYLE)


def _summary(picture: ScreenPicture) -> str:
    words = [
        f"{picture.size:,} events, {len(picture.shown):,} showings",
        f"{len(picture.back):,} out of story order",
    ]
    if picture.twice:
        words.append(f"{len(picture.twice):,} shown more than once")
    if picture.unshown:
        words.append(f"{len(picture.unshown):,} never shown")
    if picture.summarised:
        words.append("counted in a grid")
    return "; ".join(words) + "; hover for details"


def _ticks(count: int, step: float) -> list[int]:
    """Event numbers to label along an axis, far enough apart to read."""
    room = text_width(str(count), 9) + 10
    every = 1
    while every * step < room and every < count:
        # 1, 2, 5, 10, 20, 50...
        every = every * 5 // 2 if str(every)[0] == "2" else every * 2
    return [1, *range(every, count + 1, every)] if every > 1 else list(range(1, count + 1))


def _axes(canvas: Canvas, frame: _Frame, unshown_x: float | None) -> None:
    canvas.open("g", class_="axes")
    top, left = frame.top, frame.left
    canvas.text(left, top - 30, "screen order \u2192 (the nth event the film shows)", size=11)
    canvas.text(16, top - 30, "story", size=11)
    canvas.text(16, top - 17, "order \u2193", size=11)
    for n in _ticks(frame.slots, frame.step):
        at = frame.x(n - 1)
        canvas.element("line", class_="grid", x1=at, y1=top, x2=at, y2=frame.bottom)
        canvas.text(at, top - 8, str(n), size=9, anchor="middle", class_="muted")
    for n in _ticks(frame.rows, frame.step):
        at = frame.y(n - 1)
        canvas.element("line", class_="grid", x1=left, y1=at, x2=frame.right, y2=at)
        canvas.text(left - 6, at + 3, str(n), size=9, anchor="end", class_="muted")
    canvas.element(
        "rect",
        class_="axis",
        x=left,
        y=top,
        width=frame.right - left,
        height=frame.bottom - top,
        fill="none",
    )
    if unshown_x is not None:
        canvas.text(unshown_x, top - 20, "never", size=9, anchor="middle", class_="muted")
        canvas.text(unshown_x, top - 8, "shown", size=9, anchor="middle", class_="muted")
        canvas.element("line", class_="axis", x1=unshown_x, y1=top, x2=unshown_x, y2=frame.bottom)
    canvas.close()


def _tip(story: Story, slot: int | None, position: int) -> str:
    where = f"shown {_nth(slot + 1)}" if slot is not None else "never shown"
    return cut(f"{where}\n{story.event_tip(position)}")


def _nth(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n:,}{suffix}"


def _points(canvas: Canvas, picture: ScreenPicture, frame: _Frame, unshown_x: float | None) -> None:
    story = picture.story
    x, y = frame.x, frame.y
    path = points((x(s), y(p)) for s, p, _ in picture.points)
    canvas.element("polyline", class_="path", points=path)
    slots_of: dict[int, list[int]] = {}
    for slot, position, _ in picture.points:
        slots_of.setdefault(position, []).append(slot)
    for position in sorted(picture.twice):
        found = slots_of[position]
        canvas.element(
            "line",
            class_="again",
            x1=x(found[0]),
            y1=y(position),
            x2=x(found[-1]),
            y2=y(position),
        )
    canvas.open("g", class_="points")
    for slot, position, how in picture.points:
        _point(canvas, story, frame, position, how=how, cx=x(slot), slot=slot)
    if unshown_x is not None:
        for position in picture.unshown:
            _point(canvas, story, frame, position, how="unshown", cx=unshown_x, slot=None)
    canvas.close()


def _point(
    canvas: Canvas,
    story: Story,
    frame: _Frame,
    position: int,
    *,
    how: str,
    cx: float,
    slot: int | None,
) -> None:
    order = story.order
    cy = frame.y(position)
    canvas.open(
        "g",
        class_="point",
        data_event=story.events[position].id,
        data_position=position,
        data_slot=slot,
        data_how=how,
    )
    if order.is_loose(position):
        low, high = frame.y(order.earliest(position)), frame.y(order.latest(position))
        canvas.element("line", class_="range", x1=cx, y1=low, x2=cx, y2=high)
    if how == "twice":
        shape = f"M{number(cx)},{number(cy - 4.5)}l4.5,4.5l-4.5,4.5l-4.5,-4.5z"
        canvas.element("path", class_=how, d=shape)
    else:
        canvas.element("circle", class_=how, cx=cx, cy=cy, r=3.6)
    canvas.element("circle", class_="hit", cx=cx, cy=cy, r=6.0, tip=_tip(story, slot, position))
    canvas.close()


def _grid(canvas: Canvas, picture: ScreenPicture, frame: _Frame, unshown_x: float | None) -> None:
    per = -(-max(frame.slots, frame.rows) // _GRID)
    cells: Counter[tuple[int, int]] = Counter((s // per, p // per) for s, p, _ in picture.points)
    side = per * frame.step
    canvas.open("g", class_="cells", data_per=per)
    for (column, row), count in sorted(cells.items()):
        shade = 1 if count < 2 else 2 if count < 10 else 3 if count < 100 else 4
        tip = (
            f"{count:,} showings: shown {_nth(column * per + 1)} to {_nth(column * per + per)},"
            f" story #{row * per + 1} to #{row * per + per}"
        )
        canvas.element(
            "rect",
            class_=f"cell c{shade}",
            x=frame.left + column * side,
            y=frame.top + row * side,
            width=side,
            height=side,
            data_count=count,
            tip=tip,
        )
    if unshown_x is not None:
        rows = Counter(p // per for p in picture.unshown)
        for row, count in sorted(rows.items()):
            canvas.element(
                "rect",
                class_="cell unshown-cell c2",
                x=unshown_x - 3,
                y=frame.top + row * side,
                width=6.0,
                height=side,
                data_count=count,
                tip=f"{count:,} events never shown, story #{row * per + 1} to #{row * per + per}",
            )
    canvas.close()


def _list(canvas: Canvas, picture: ScreenPicture, x: float, top: float) -> float:
    """The showings out of story order, named; returns the bottom."""
    story = picture.story
    canvas.open("g", class_="list")
    canvas.text(x, top - 8, "shown out of story order", size=12, class_="heading")
    y = top + 10
    for slot, position in picture.back[:_LIST_AT_MOST]:
        event = story.events[position]
        head = f"{_nth(slot + 1)} on screen, {story.number(position)} in story: "
        y += canvas.paragraph(x, y, head + event.name, width=_LIST_WIDTH, lines=2) + 3
    more = len(picture.back) - _LIST_AT_MOST
    if more > 0:
        canvas.text(x, y, f"... and {more:,} more", size=11, class_="muted")
    elif not picture.back:
        canvas.text(x, y, "none: the film tells the story in order", size=11, class_="muted")
    canvas.close()
    return y + 16


def _legend(picture: ScreenPicture) -> Legend:
    legend = Legend()
    if picture.summarised:
        legend.add(
            '<rect class="cell c3" width="12" height="12"/>', "showings in a cell (darker: more)"
        )
        legend.add('<rect x="3" width="6" height="12" class="cell c2"/>', "never shown")
        legend.add('<line class="diagonal" x1="0" y1="0" x2="12" y2="12"/>', "told in story order")
        return legend
    legend.add('<circle class="in-order" cx="6" cy="6" r="4"/>', "shown after what it follows")
    legend.add(
        '<circle class="back" cx="6" cy="6" r="4"/>',
        "shown after a later event (flashback, told backwards)",
    )
    legend.add(
        '<path class="twice" d="M6,1.5l4.5,4.5l-4.5,4.5l-4.5,-4.5z"/>', "shown more than once"
    )
    legend.add(
        '<circle cx="6" cy="6" r="3.6" fill="#fff" stroke="#777" stroke-width="1.4"/>',
        "never shown",
    )
    legend.add('<line class="range" x1="6" y1="0" x2="6" y2="12"/>', "where a loose event may be")
    legend.add('<line class="diagonal" x1="0" y1="0" x2="12" y2="12"/>', "told in story order")
    return legend
