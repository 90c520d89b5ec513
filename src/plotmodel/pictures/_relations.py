"""Relationships: characters, groups and the ties between them, as a graph.

Characters are boxes, groups dashed boxes, relationships lines labelled with
their kind; two ties between the same pair share one line. A dashed line
joins a member to a group, or a group to the group it is part of. The dead
(at the end of the story) are drawn dark, with a cross. A relationship that
starts or ends at an event is labelled with the event's number, and listed
beside the graph with the event's name; so is a membership that an effect
starts or ends, found by replaying each effect against a recording world
(`plotmodel.model.Effect.apply`), so a new kind of effect that changes
membership is drawn with no change here.

Groups nobody ever belongs to are left out. Beyond `Limits.nodes`
characters, the most connected are kept.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Final, cast

from plotmodel.model import EFFECT_TYPES, Kind, World
from plotmodel.pictures._canvas import BASE_STYLE, Canvas, Legend, number, text_width
from plotmodel.pictures._layout import Box, layout
from plotmodel.pictures._mermaid import Flowchart
from plotmodel.pictures._story import Story, cut

_NAME_AT_MOST: Final = 160.0
_LABEL_AT_MOST: Final = 150.0
_LIST_WIDTH: Final = 360.0
_LIST_AT_MOST: Final = 30

_STYLE: Final = BASE_STYLE + (
    ".tie{stroke:#2e86c1;stroke-width:1.6}"
    ".member{stroke:#aaa;stroke-width:1.2;stroke-dasharray:4 3}"
    ".character rect{fill:#fff;stroke:#1f4e79;stroke-width:1.4}"
    ".character.dead rect{fill:#555;stroke:#222}"
    ".character.dead text{fill:#fff}"
    ".group rect{fill:#fdf2e9;stroke:#d35400;stroke-width:1.2;stroke-dasharray:5 3}"
    ".tie-label rect,.member-label rect{fill:#fff;opacity:.9}"
    ".tie-label text{fill:#1b4f72}"
    ".member-label text{fill:#777}"
    ".list{font-size:11px}"
    ".hit{fill:transparent}"
)


class _Membership:
    """A recording story world: it keeps only who joins or leaves which group, and where."""

    def __init__(self) -> None:
        self.changes: list[tuple[str, str, bool]] = []

    def belongs(self, who: str, group: str, *, member: bool) -> None:
        self.changes.append((who, group, member))

    def __getattr__(self, name: str) -> Callable[..., None]:
        # any other change to the world is no concern of a relationship map
        return _nothing


def _nothing(*_: Any, **__: Any) -> None:
    """Change nothing."""


class RelationsPicture:
    """What the relations picture shows: nodes, ties, memberships and their bounding events."""

    def __init__(self, story: Story) -> None:
        self.story = story
        state = story.state
        plot = story.plot
        kinds = story.kinds
        #: (id a, id b, kinds, relationship ids) per pair of characters, in document order.
        ties: dict[tuple[str, str], list[str]] = {}
        for tie in plot.relationships:
            a, b = tie.between
            if kinds.get(a) is Kind.CHARACTER and kinds.get(b) is Kind.CHARACTER and a != b:
                ties.setdefault((a, b) if (b, a) not in ties else (b, a), []).append(tie.id)
        self.ties = ties
        self.relationships = {r.id: r for r in reversed(plot.relationships)}
        # who belongs to which group: at the start, and as effects change it
        self.joined: dict[tuple[str, str], list[tuple[int, bool]]] = {}
        members = {
            (c.id, g) for c in plot.characters for g in c.groups if kinds.get(g) is Kind.GROUP
        }
        for cls in EFFECT_TYPES:
            for step in state.effects_of(cls):
                world = _Membership()
                step.effect.apply(cast(World, world))
                for who, group, member in world.changes:
                    if kinds.get(who) is Kind.CHARACTER and kinds.get(group) is Kind.GROUP:
                        members.add((who, group))
                        self.joined.setdefault((who, group), []).append((step.position, member))
        degree = dict.fromkeys(state.characters, 0)
        for a, b in ties:
            degree[a] += 1
            degree[b] += 1
        for who, _ in members:
            degree[who] = degree.get(who, 0) + 1
        characters = list(state.characters)
        self.total = len(characters)
        if len(characters) > story.limits.nodes:
            kept = set(
                sorted(characters, key=lambda c: (-degree[c], characters.index(c)))[
                    : story.limits.nodes
                ]
            )
            characters = [c for c in characters if c in kept]
        self.characters = characters
        drawn = set(characters)
        self.members = sorted(
            ((w, g) for w, g in members if w in drawn),
            key=lambda m: (characters.index(m[0]), state.groups.index(m[1])),
        )
        self.ties = {pair: ids for pair, ids in ties.items() if drawn.issuperset(pair)}
        # groups with a member here, and the groups they are part of
        parents = {
            g.id: g.part_of
            for g in reversed(plot.groups)
            if g.part_of and kinds.get(g.part_of) is Kind.GROUP
        }
        groups = {g for _, g in self.members}
        for start in list(groups):
            seen = {start}
            current = start
            while (parent := parents.get(current)) is not None and parent not in seen:
                groups.add(parent)
                seen.add(parent)
                current = parent
        self.groups = [g for g in state.groups if g in groups]
        self.left_out = [g for g in state.groups if g not in groups]
        self.parts = [(g, parents[g]) for g in self.groups if g in parents]
        self.dead = {c for c in characters if not state.is_alive(c, state.end)}

    def tie_label(self, pair: tuple[str, str]) -> str:
        """The words on a tie: its kinds, and the events that start or end it."""
        words = []
        for tie_id in self.ties[pair]:
            tie = self.relationships[tie_id]
            since, until = self.story.state.relationship_span(tie_id)
            bounds = []
            if since is not None:
                bounds.append(f"from {self.story.number(since)}")
            if until is not None:
                bounds.append(f"to {self.story.number(until)}")
            words.append(tie.kind + (f" ({' '.join(bounds)})" if bounds else ""))
        return ", ".join(dict.fromkeys(words))

    def member_label(self, who: str, group: str) -> str | None:
        """The words on a membership an effect starts or ends: ``joins #7, leaves #23``."""
        changes = self.joined.get((who, group))
        if not changes:
            return None
        story = self.story
        return ", ".join(
            f"{'joins' if member else 'leaves'} {story.number(p)}" for p, member in changes
        )

    def bounded(self) -> list[str]:
        """The ties and memberships events bound, each as a line naming the events."""
        story = self.story
        lines = []
        for pair, ids in self.ties.items():
            for tie_id in ids:
                since, until = story.state.relationship_span(tie_id)
                if since is None and until is None:
                    continue
                tie = self.relationships[tie_id]
                head = f"{tie.kind}, {story.name(pair[0])} and {story.name(pair[1])}"
                if since is not None:
                    head += f": from {story.number(since)} {story.events[since].name}"
                if until is not None:
                    head += f"; to {story.number(until)} {story.events[until].name}"
                lines.append(head)
        for who, group in self.members:
            for position, member in self.joined.get((who, group), ()):
                verb = "joins" if member else "leaves"
                lines.append(
                    f"{story.name(who)} {verb} {story.name(group)}:"
                    f" {story.number(position)} {story.events[position].name}"
                )
        return lines


def _node_tip(picture: RelationsPicture, id_: str) -> str:
    story, state = picture.story, picture.story.state
    lines = [f"{story.name(id_)}  ({id_})"]
    lines.extend(
        f"dies at {story.number(death.position)} {story.events[death.position].name}"
        for death in state.deaths(id_)
    )
    described = story.description(id_)
    if described:
        lines.append(described)
    return cut("\n".join(lines))


def svg(picture: RelationsPicture) -> str:
    """The relations graph as a standalone SVG."""
    story = picture.story
    canvas = Canvas(kind="relations", title=f"{story.title}: relationships")
    nodes = [*picture.characters, *picture.groups]
    index = {id_: n for n, id_ in enumerate(nodes)}
    names = {id_: _node_name(picture, id_) for id_ in nodes}
    sizes = [(min(_NAME_AT_MOST, text_width(names[i], 12)) + 20, 24.0) for i in nodes]
    edges: list[tuple[int, int]] = []
    words: list[str | None] = []
    kinds: list[str] = []
    for pair in picture.ties:
        edges.append((index[pair[0]], index[pair[1]]))
        words.append(picture.tie_label(pair))
        kinds.append("tie")
    for who, group in picture.members:
        edges.append((index[who], index[group]))
        words.append(picture.member_label(who, group))
        kinds.append("member")
    for part, whole in picture.parts:
        edges.append((index[part], index[whole]))
        words.append("part of")
        kinds.append("member")
    label_sizes = [(min(_LABEL_AT_MOST, text_width(w, 10)) + 6, 14.0) if w else None for w in words]
    boxes, label_boxes = layout(sizes, edges, label_sizes)
    lines = picture.bounded()
    graph_width = max((b.x + b.width / 2 for b in boxes), default=0.0)
    for box in label_boxes:
        if box is not None:
            graph_width = max(graph_width, box.x + box.width / 2)
    graph_height = max(
        (b.y + b.height / 2 for b in [*boxes, *filter(None, label_boxes)]), default=0
    )
    left, top = 24.0, 70.0
    list_x = left + graph_width + 36
    width = max(list_x + (_LIST_WIDTH + 16 if lines else 0), 560.0)
    canvas.width = width

    canvas.text(16, 24, canvas.title, size=16, width=width - 32, class_="heading")
    canvas.text(16, 42, _summary(picture), size=11, width=width - 32, class_="muted")
    canvas.open("g", class_="graph", transform=f"translate({number(left)},{number(top)})")
    canvas.open("g", class_="edges")
    edge_ids = [*picture.ties, *picture.members, *picture.parts]
    for n, ((a, b), kind) in enumerate(zip(edges, kinds, strict=True)):
        one, two = boxes[a], boxes[b]
        pair = edge_ids[n]
        data = (
            {"data_relationships": " ".join(picture.ties[pair])}
            if kind == "tie"
            else {"data_member": pair[0], "data_group": pair[1]}
        )
        canvas.open("g", class_=f"edge {kind}-edge", data_between=f"{pair[0]} {pair[1]}", **data)
        canvas.element(
            "line",
            class_="tie" if kind == "tie" else "member",
            x1=one.x,
            y1=one.y,
            x2=two.x,
            y2=two.y,
        )
        canvas.close()
    canvas.close()
    canvas.open("g", class_="nodes")
    for id_, box in zip(nodes, boxes, strict=True):
        _node(canvas, picture, id_, names[id_], box)
    canvas.close()
    canvas.open("g", class_="labels")
    for n, box in enumerate(label_boxes):
        text = words[n]
        if box is None or not text:
            continue
        kind = kinds[n]
        canvas.open("g", class_=f"{kind}-label")
        canvas.element(
            "rect",
            x=box.x - box.width / 2,
            y=box.y - box.height / 2,
            width=box.width,
            height=box.height,
            rx=3.0,
        )
        canvas.text(box.x, box.y + 3.5, text, size=10, anchor="middle", width=box.width - 6)
        canvas.close()
    canvas.close()
    canvas.close()
    bottom = top + graph_height + 16
    if lines:
        bottom = max(bottom, _list(canvas, lines, list_x, top) + 8)
    legend = _legend()
    legend.draw(canvas, 16, bottom, width - 32)
    canvas.height = bottom + legend.height(width - 32) + 8
    return canvas.svg(style=_STYLE)


def _node_name(picture: RelationsPicture, id_: str) -> str:
    name = picture.story.name(id_)
    return f"\u271d {name}" if id_ in picture.dead else name


def _node(canvas: Canvas, picture: RelationsPicture, id_: str, name: str, box: Box) -> None:
    is_group = picture.story.kinds.get(id_) is Kind.GROUP
    classes = "node group" if is_group else "node character"
    if id_ in picture.dead:
        classes += " dead"
    canvas.open("g", class_=classes, data_id=id_, data_dead="yes" if id_ in picture.dead else None)
    canvas.element(
        "rect",
        x=box.x - box.width / 2,
        y=box.y - box.height / 2,
        width=box.width,
        height=box.height,
        rx=10.0 if is_group else 3.0,
        tip=_node_tip(picture, id_),
    )
    canvas.text(
        box.x,
        box.y + 4,
        name,
        size=12,
        anchor="middle",
        width=box.width - 12,
        tip=_node_tip(picture, id_),
    )
    canvas.close()


def _list(canvas: Canvas, lines: list[str], x: float, top: float) -> float:
    """The ties and memberships events bound, with the events' names; returns the bottom."""
    canvas.open("g", class_="list")
    canvas.text(x, top + 4, "bounded by events", size=12, class_="heading")
    y = top + 24
    for line in lines[:_LIST_AT_MOST]:
        y += canvas.paragraph(x, y, line, width=_LIST_WIDTH) + 4
    if len(lines) > _LIST_AT_MOST:
        canvas.text(x, y, f"... and {len(lines) - _LIST_AT_MOST:,} more", size=11, class_="muted")
        y += 16
    canvas.close()
    return y


def _summary(picture: RelationsPicture) -> str:
    shown = len(picture.characters)
    words = [
        f"the {shown:,} most connected of {picture.total:,} characters"
        if shown < picture.total
        else f"{shown:,} character{'s' * (shown != 1)}",
        f"{len(picture.groups):,} group{'s' * (len(picture.groups) != 1)}",
        f"{sum(len(ids) for ids in picture.ties.values()):,} relationships",
    ]
    if picture.left_out:
        words.append(f"{len(picture.left_out):,} groups with no members left out")
    return "; ".join(words)


def _legend() -> Legend:
    legend = Legend()
    legend.add(
        '<rect x="0" y="1" width="12" height="10" rx="2" fill="#fff" stroke="#1f4e79"/>',
        "character",
    )
    legend.add('<rect x="0" y="1" width="12" height="10" rx="2" fill="#555"/>', "dead (\u271d)")
    legend.add(
        '<rect x="0" y="1" width="12" height="10" rx="4" fill="#fdf2e9" stroke="#d35400"'
        ' stroke-dasharray="3 2"/>',
        "group",
    )
    legend.add('<line class="tie" x1="0" y1="6" x2="12" y2="6"/>', "relationship")
    legend.add('<line class="member" x1="0" y1="6" x2="12" y2="6"/>', "member of, part of")
    return legend


# -- Mermaid -----------------------------------------------------------------


def mermaid(picture: RelationsPicture) -> str:
    """The relations graph as a Mermaid flowchart."""
    story = picture.story
    chart = Flowchart(f"{story.title}: relationships")
    for id_ in picture.characters:
        chart.node(id_, _node_name(picture, id_), style="dead" if id_ in picture.dead else None)
    for id_ in picture.groups:
        chart.node(id_, story.name(id_), shape="hexagon")
    for pair in picture.ties:
        chart.edge(pair[0], pair[1], picture.tie_label(pair))
    for who, group in picture.members:
        chart.edge(who, group, picture.member_label(who, group), dotted=True)
    for part, whole in picture.parts:
        chart.edge(part, whole, "part of", dotted=True)
    chart.style("dead", "fill:#555,color:#fff,stroke:#222")
    return chart.text()
