"""Who knows what: facts against knowers, when each first learns each fact, and how.

A row per fact, a column per knower, with the audience first as a knower of
its own. A cell gives the event where the knower first hears or believes the
fact (``start`` when they know it from the beginning) and is coloured by
their stand then: knows (believes a true fact), deceived (believes a false
one), believes, or only told. When the stand changes later, the cell's right
edge shows where it ends. The audience learns in screen order, everyone else
in story order, as the story state counts them. Cells where the audience and
a character on screen know different things (dramatic irony) are outlined.

The stand's words come from `plotmodel.model.Belief`, so a level added
there is drawn under its own name. Beyond `Limits.facts` and
`Limits.knowers`, the most widely known facts and the best informed
knowers are kept.
"""

from __future__ import annotations

from typing import Final

from attrs import frozen

from plotmodel.model import AUDIENCE, Belief
from plotmodel.pictures._canvas import BASE_STYLE, Canvas, Legend, number, text_width
from plotmodel.pictures._story import Story, cut

#: Each stand's colour; a stand not listed gets the last one.
LEVELS: Final = {
    "knows": ("#27ae60", "knows (believes it, and it is true)"),
    "believes": ("#76c7a8", "believes it"),
    "deceived": ("#e74c3c", "deceived (believes it, and it is false)"),
    "told": ("#f4d03f", "told, but not believing"),
    "other": ("#aab7b8", "another stand"),
}

# How a hover text says each stand: the first time, and at the end.
_PHRASES: Final = {
    "knows": "learns it",
    "believes": "comes to believe it",
    "deceived": "is deceived",
    "told": "is told it but does not believe it",
}
_PHRASES_AFTER: Final = {
    "knows": "knows it",
    "believes": "believes it",
    "deceived": "deceived",
    "told": "told it, not believing",
    "unaware": "no longer holds it",
}

_CELL_W: Final = 40.0
_CELL_H: Final = 20.0
_LABEL_AT_MOST: Final = 330.0
_HEADER_AT_MOST: Final = 150.0
_DIAGONAL: Final = 0.7071

_STYLE: Final = BASE_STYLE + (
    ".cell-bg{fill:#f6f6f6;stroke:#fff;stroke-width:1}"
    ".cell-text{font-size:10px;fill:#111}"
    ".irony{fill:none;stroke:#6c3483;stroke-width:2.5}"
    ".false-fact{font-style:italic}"
    ".audience-bg{fill:#eaf2f8}"
    ".hit{fill:transparent}"
    + "".join(f".l-{name}{{fill:{colour}}}" for name, (colour, _) in LEVELS.items())
)


@frozen
class Cell:
    """One knower's history with one fact.

    Attributes:
        position: Listed position of the event where they first learn it;
            ``None`` when they know it from the start.
        first: Their stand then (``knows``, ``deceived``...).
        last: Their stand at the end of the story (of the film, for the audience).
    """

    position: int | None
    first: str
    last: str


class KnowledgePicture:
    """What the knowledge picture shows: the facts, the knowers and their cells."""

    def __init__(self, story: Story) -> None:
        self.story = story
        state = story.state
        limits = story.limits
        facts = list(state.facts)
        self.total_facts = len(facts)
        knowers = [AUDIENCE] if AUDIENCE in state.knowers() else []
        listed = (*state.characters, *state.groups)
        knowers += [k for k in dict.fromkeys(listed) if state.ever_heard(k)]
        self.total_knowers = len(knowers)
        self.cells: dict[tuple[str, str], Cell] = {}
        firsts: dict[tuple[str, str], int] = {}
        for learning in state.learnings():
            if learning.knower != AUDIENCE:
                firsts.setdefault((learning.knower, learning.fact), learning.position)
        for knower in knowers:
            if knower == AUDIENCE:
                self._audience(facts)
                continue
            for fact in state.ever_heard(knower):
                if fact not in state.facts:
                    continue
                position = firsts.get((knower, fact))
                moment = 0 if position is None else state.start(position + 1)
                self.cells[fact, knower] = Cell(
                    position=position,
                    first=self._stand(knower, fact, moment),
                    last=self._stand(knower, fact, state.end),
                )
        self.irony: dict[tuple[str, str], list[str]] = {}
        self.irony_checked = state.size <= limits.irony
        for irony in state.dramatic_irony() if self.irony_checked else ():
            position = state.position(irony.event)
            words = (
                f"{story.number(position)} {story.events[position].name}: the audience knows"
                f" what {story.name(irony.character)} does not"
                if irony.audience_ahead
                else f"{story.number(position)} {story.events[position].name}:"
                f" {story.name(irony.character)} knows what the audience does not yet"
            )
            self.irony.setdefault((irony.fact, irony.character), []).append(words)
            self.irony.setdefault((irony.fact, AUDIENCE), []).append(words)
        if len(facts) > limits.facts:
            known = dict.fromkeys(facts, 0)
            for fact, _ in self.cells:
                known[fact] += 1
            ironic = {fact for fact, _ in self.irony}
            kept = sorted(facts, key=lambda f: (f not in ironic, -known[f]))[: limits.facts]
            facts = [f for f in facts if f in set(kept)]
        if len(knowers) > limits.knowers:
            knows = dict.fromkeys(knowers, 0)
            for _, knower in self.cells:
                knows[knower] += 1
            kept = sorted(knowers, key=lambda k: (k != AUDIENCE, -knows[k]))[: limits.knowers]
            knowers = [k for k in knowers if k in set(kept)]
        self.facts = facts
        self.knowers = knowers

    def _stand(self, knower: str, fact: str, moment: int) -> str:
        """A knower's stand on a fact at a moment, in the picture's words."""
        state = self.story.state
        if state.knows(knower, fact, moment):
            return "knows"
        if state.wrongly_believes(knower, fact, moment):
            return "deceived"
        return _word(state.belief(knower, fact, moment))

    def _audience(self, facts: list[str]) -> None:
        """The audience's cells, in screen order: the first showing that tells each fact."""
        story, state = self.story, self.story.state
        order = story.order
        first: dict[str, tuple[int, int]] = {}
        for learning in state.learnings():
            if learning.knower != AUDIENCE:
                continue
            slot = order.screen_position(learning.position)
            if slot is None:
                continue  # the audience learns nothing from what the film does not show
            known = first.get(learning.fact)
            if known is None or slot < known[0]:
                first[learning.fact] = (slot, learning.position)
        end = state.screen_end
        for fact in facts:
            at_start = state.audience_belief(fact, 0)
            shown = first.get(fact)
            position: int | None = None
            if at_start is not Belief.UNAWARE:
                moment = 0
            elif shown is not None:
                slot, position = shown
                moment = state.screen_start(slot + 1)
            else:
                continue
            self.cells[fact, AUDIENCE] = Cell(
                position=position,
                first=self._audience_stand(fact, moment),
                last=self._audience_stand(fact, end),
            )

    def _audience_stand(self, fact: str, screen_moment: int) -> str:
        state = self.story.state
        belief = state.audience_belief(fact, screen_moment)
        known = state.facts.get(fact)
        if belief is Belief.BELIEVES and known is not None:
            return "knows" if known.holds else "deceived"
        return _word(belief)


def _word(belief: Belief) -> str:
    """A stand below believing, by its name in the model (``told``)."""
    return "believes" if belief is Belief.BELIEVES else belief.name.lower()


def _colour_class(level: str) -> str:
    return f"l-{level}" if level in LEVELS else "l-other"


def svg(picture: KnowledgePicture) -> str:
    """The knowledge picture as a standalone SVG."""
    story = picture.story
    canvas = Canvas(kind="knowledge", title=f"{story.title}: who knows what")
    labels = {f: _fact_label(story, f) for f in picture.facts}
    label_width = min(
        _LABEL_AT_MOST, max((text_width(t, 11) for t in labels.values()), default=60) + 4
    )
    headers = {k: story.name(k) if k != AUDIENCE else "the audience" for k in picture.knowers}
    header_width = min(
        _HEADER_AT_MOST, max((text_width(t, 11) for t in headers.values()), default=40)
    )
    left = 16 + label_width + 8
    top = 60 + header_width * _DIAGONAL + 16
    grid_right = left + _CELL_W * len(picture.knowers)
    width = max(grid_right + header_width * _DIAGONAL + 24, 560.0)
    bottom = top + _CELL_H * len(picture.facts)
    legend = _legend(picture)
    canvas.width = width
    canvas.height = bottom + 18 + legend.height(width - 32) + 8

    canvas.text(16, 24, canvas.title, size=16, width=width - 32, class_="heading")
    canvas.text(16, 42, _summary(picture), size=11, width=width - 32, class_="muted")
    canvas.open("g", class_="knowers")
    for n, knower in enumerate(picture.knowers):
        x = left + (n + 0.5) * _CELL_W + 4
        y = top - 6
        canvas.open("g", class_="knower", data_id=knower)
        canvas.text(
            x,
            y,
            headers[knower],
            size=11,
            width=header_width,
            transform=f"rotate(-45 {number(x)} {number(y)})",
            class_="heading" if knower == AUDIENCE else None,
        )
        canvas.close()
    canvas.close()
    if AUDIENCE in picture.knowers:
        canvas.element(
            "rect",
            class_="audience-bg",
            x=left,
            y=top,
            width=_CELL_W,
            height=bottom - top,
        )
    for row, fact in enumerate(picture.facts):
        y = top + row * _CELL_H
        known = story.state.facts[fact]
        canvas.open("g", class_="row", data_fact=fact)
        canvas.text(
            16,
            y + 14,
            labels[fact],
            size=11,
            width=label_width,
            tip=_fact_tip(story, fact),
            class_=None if known.holds else "false-fact",
        )
        for n, knower in enumerate(picture.knowers):
            _cell(canvas, picture, fact, knower, x=left + n * _CELL_W, y=y)
        canvas.close()
    legend.draw(canvas, 16, bottom + 18, width - 32)
    return canvas.svg(style=_STYLE)


def _fact_label(story: Story, fact: str) -> str:
    holds = story.state.facts[fact].holds
    return story.name(fact) + {True: "", False: " (false)", None: " (never settled)"}[holds]


def _fact_tip(story: Story, fact: str) -> str:
    known = story.state.facts[fact]
    truth = {True: "true", False: "false: a deception", None: "never settled by the story"}
    lines = [f"{known.name}  ({fact})", truth[known.holds]]
    if known.backstory:
        lines.append("holds before the story starts")
    elif known.established_by and known.established_by in story.state.positions:
        position = story.state.position(known.established_by)
        lines.append(f"made true at {story.number(position)} {story.events[position].name}")
    if known.description:
        lines.append(known.description)
    return cut("\n".join(lines))


def _cell(
    canvas: Canvas, picture: KnowledgePicture, fact: str, knower: str, *, x: float, y: float
) -> None:
    story = picture.story
    found = picture.cells.get((fact, knower))
    canvas.element("rect", class_="cell-bg", x=x, y=y, width=_CELL_W, height=_CELL_H)
    if found is None:
        return
    who = "the audience" if knower == AUDIENCE else story.name(knower)
    when = (
        "from the start"
        if found.position is None
        else f"at {story.number(found.position)} {story.events[found.position].name}"
    )
    lines = [f"{who} {_PHRASES.get(found.first, found.first)} {when}", story.name(fact)]
    slot = story.order.screen_position(found.position) if found.position is not None else None
    if slot is not None and knower == AUDIENCE:
        lines.append(f"(on screen: showing {slot + 1} of {len(story.order.screen_order())})")
    if found.last != found.first:
        lines.append(f"by the end: {_PHRASES_AFTER.get(found.last, found.last)}")
    ironies = picture.irony.get((fact, knower), [])
    lines.extend(f"dramatic irony at {words}" for words in ironies[:5])
    if len(ironies) > 5:
        lines.append(f"... and {len(ironies) - 5:,} more moments of irony")
    canvas.open(
        "g",
        class_="cell",
        data_fact=fact,
        data_knower=knower,
        data_level=found.first,
        data_first="start" if found.position is None else found.position,
        data_irony="yes" if ironies else None,
    )
    canvas.element(
        "rect",
        class_=_colour_class(found.first),
        x=x + 1,
        y=y + 1,
        width=_CELL_W - 2,
        height=_CELL_H - 2,
    )
    if found.last != found.first:
        canvas.element(
            "rect",
            class_=_colour_class(found.last),
            x=x + _CELL_W - 9,
            y=y + 1,
            width=8.0,
            height=_CELL_H - 2,
        )
    label = "start" if found.position is None else str(found.position + 1)
    canvas.text(
        x + (_CELL_W - 8) / 2 + 1, y + 14, label, size=10, anchor="middle", class_="cell-text"
    )
    if ironies:
        canvas.element(
            "rect", class_="irony", x=x + 2, y=y + 2, width=_CELL_W - 4, height=_CELL_H - 4
        )
    canvas.element(
        "rect", class_="hit", x=x, y=y, width=_CELL_W, height=_CELL_H, tip=cut("\n".join(lines))
    )
    canvas.close()


def _summary(picture: KnowledgePicture) -> str:
    facts = len(picture.facts)
    knowers = len(picture.knowers)
    words = (
        f"the {facts:,} most widely known of {picture.total_facts:,} facts"
        if facts < picture.total_facts
        else f"{facts:,} fact{'s' * (facts != 1)}"
    )
    words += ", " + (
        f"the {knowers:,} best informed of {picture.total_knowers:,} knowers"
        if knowers < picture.total_knowers
        else f"{knowers:,} knower{'s' * (knowers != 1)}"
    )
    words += "; a cell is the event where the knower first learns the fact"
    if not picture.irony_checked:
        words += (
            f"; too many events to look for dramatic irony (over {picture.story.limits.irony:,})"
        )
    return words


def _legend(picture: KnowledgePicture) -> Legend:
    legend = Legend()
    used = {c.first for c in picture.cells.values()} | {c.last for c in picture.cells.values()}
    for level, (_, words) in LEVELS.items():
        if level in used or level in ("knows", "deceived", "told"):
            legend.add(f'<rect class="l-{level}" width="12" height="12"/>', words)
    legend.add(
        '<rect class="l-told" width="12" height="12"/><rect class="l-knows" x="8" width="4"'
        ' height="12"/>',
        "edge: the stand at the end, when it changed",
    )
    legend.add(
        '<rect class="irony" x="1" y="1" width="10" height="10"/>',
        "dramatic irony: the audience and the character know different things",
    )
    legend.add(
        '<rect class="audience-bg" width="12" height="12"/>', "the audience, in screen order"
    )
    return legend
