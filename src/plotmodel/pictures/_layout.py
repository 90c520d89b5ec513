"""Lay out a small labelled graph so that no two labels overlap.

A force-directed layout (Fruchterman and Reingold) places the nodes: every
pair pushes apart, every edge pulls its ends together, and the moves cool
down over a fixed number of rounds. It starts from a grid in breadth-first
order and uses only arithmetic and square roots, so the same graph gives
the same picture on every machine. Then the nodes' boxes are pushed apart
until none overlap, and each edge's label is put at the first free place
along its edge; when one finds none, the layout is spread out and the
labels are placed again.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

from attrs import define

_ROUNDS: Final = 300
_GAP: Final = 14.0
_SPREADS: Final = 8
_ALONG: Final = (0.5, 0.4, 0.6, 0.3, 0.7, 0.22, 0.78)
_ACROSS: Final = (0.0, -12.0, 12.0)


@define
class Box:
    """A node or a label: its centre and size."""

    x: float
    y: float
    width: float
    height: float

    def overlaps(self, other: Box, gap: float = 0.0) -> bool:
        """Whether the two boxes, each grown by ``gap / 2``, overlap."""
        return (
            abs(self.x - other.x) * 2 < self.width + other.width + gap
            and abs(self.y - other.y) * 2 < self.height + other.height + gap
        )


def layout(
    sizes: Sequence[tuple[float, float]],
    edges: Sequence[tuple[int, int]],
    labels: Sequence[tuple[float, float] | None],
    *,
    width: float = 1000.0,
) -> tuple[list[Box], list[Box | None]]:
    """Place nodes of the given sizes and the labels of their edges, without overlaps.

    Each connected part of the graph is laid out on its own; the parts are
    then packed in rows no wider than ``width`` (unless one part is wider),
    largest first, so unconnected nodes neither drift away nor crowd in.

    Args:
        sizes: Each node's width and height.
        edges: Pairs of node indexes.
        labels: Each edge's label size, or ``None`` for an edge without one.
        width: How wide a row of parts may grow.

    Returns:
        The nodes' boxes and the labels' boxes (``None`` where an edge has
        no label), with the top left of everything at (0, 0).
    """
    nodes: list[Box] = [Box(0.0, 0.0, w, h) for w, h in sizes]
    placed: list[Box | None] = [None for _ in labels]
    parts = _parts(len(sizes), edges)
    laid = []
    for members in parts:
        local = {node: n for n, node in enumerate(members)}
        mine = [k for k, (a, _) in enumerate(edges) if a in local]
        boxes, label_boxes = _layout_part(
            [sizes[m] for m in members],
            [(local[edges[k][0]], local[edges[k][1]]) for k in mine],
            [labels[k] for k in mine],
        )
        for node, box in zip(members, boxes, strict=True):
            nodes[node] = box
        for k, label_box in zip(mine, label_boxes, strict=True):
            placed[k] = label_box
        every = [*boxes, *(b for b in label_boxes if b is not None)]
        laid.append(
            (
                every,
                max(b.x + b.width / 2 for b in every),
                max(b.y + b.height / 2 for b in every),
            )
        )
    x = y = row = 0.0
    for every, part_width, part_height in laid:
        if x > 0 and x + part_width > width:
            x, y, row = 0.0, y + row + _GAP * 2, 0.0
        for box in every:
            box.x += x
            box.y += y
        x += part_width + _GAP * 3
        row = max(row, part_height)
    return nodes, placed


def _parts(count: int, edges: Sequence[tuple[int, int]]) -> list[list[int]]:
    """The connected parts of the graph, largest first (ties: by first node)."""
    parent = list(range(count))

    def root(n: int) -> int:
        while parent[n] != n:
            parent[n] = parent[parent[n]]
            n = parent[n]
        return n

    for a, b in edges:
        ra, rb = root(a), root(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    found: dict[int, list[int]] = {}
    for n in range(count):
        found.setdefault(root(n), []).append(n)
    return sorted(found.values(), key=lambda m: (-len(m), m[0]))


def _layout_part(
    sizes: Sequence[tuple[float, float]],
    edges: Sequence[tuple[int, int]],
    labels: Sequence[tuple[float, float] | None],
) -> tuple[list[Box], list[Box | None]]:
    """Lay out one connected part, its top left at (0, 0)."""
    count = len(sizes)
    spacing = 30 + max(w for w, _ in sizes) * 0.35
    x, y = _start(count, edges, spacing)
    if count > 1:
        _forces(x, y, edges, spacing)
    nodes = [Box(x[n], y[n], w, h) for n, (w, h) in enumerate(sizes)]
    _separate(nodes)
    placed: list[Box | None] = []
    for _ in range(_SPREADS):
        placed = _place_labels(nodes, edges, labels)
        if all(box is not None or size is None for box, size in zip(placed, labels, strict=True)):
            break
        _spread(nodes, 1.2)
    placed = [
        box if box is not None or size is None else _midpoint(nodes, edges[n], size)
        for n, (box, size) in enumerate(zip(placed, labels, strict=True))
    ]
    _to_origin(nodes, placed)
    return nodes, placed


def _start(
    count: int, edges: Sequence[tuple[int, int]], spacing: float
) -> tuple[list[float], list[float]]:
    """A grid in breadth-first order from the best connected node, so neighbours start close."""
    neighbours: list[list[int]] = [[] for _ in range(count)]
    for a, b in edges:
        if a != b:
            neighbours[a].append(b)
            neighbours[b].append(a)
    order: list[int] = []
    seen = [False] * count
    for root in sorted(range(count), key=lambda n: (-len(neighbours[n]), n)):
        if seen[root]:
            continue
        seen[root] = True
        queue = [root]
        while queue:
            node = queue.pop(0)
            order.append(node)
            for other in sorted(neighbours[node], key=lambda n: (-len(neighbours[n]), n)):
                if not seen[other]:
                    seen[other] = True
                    queue.append(other)
    side = 1
    while side * side < count:
        side += 1
    x = [0.0] * count
    y = [0.0] * count
    for rank, node in enumerate(order):
        row, column = divmod(rank, side)
        x[node] = column * spacing * 1.6
        y[node] = row * spacing
    return x, y


def _forces(
    x: list[float], y: list[float], edges: Sequence[tuple[int, int]], spacing: float
) -> None:
    count = len(x)
    k = spacing
    pairs = [(a, b) for a, b in edges if a != b]
    temperature = spacing * 2
    cooling = temperature / (_ROUNDS + 1)
    for _ in range(_ROUNDS):
        dx = [0.0] * count
        dy = [0.0] * count
        for a in range(count):
            xa, ya = x[a], y[a]
            for b in range(a + 1, count):
                ex, ey = xa - x[b], ya - y[b]
                # labels are wider than tall: distance counts across twice as much as down
                d2 = ex * ex * 0.25 + ey * ey
                if d2 < 1e-6:
                    ex, ey, d2 = 1.0, 0.5, 0.5
                push = k * k / d2
                dx[a] += ex * push
                dy[a] += ey * push
                dx[b] -= ex * push
                dy[b] -= ey * push
        for a, b in pairs:
            ex, ey = x[a] - x[b], y[a] - y[b]
            d = (ex * ex * 0.25 + ey * ey) ** 0.5
            pull = d / k
            dx[a] -= ex * pull
            dy[a] -= ey * pull
            dx[b] += ex * pull
            dy[b] += ey * pull
        cx = sum(x) / count
        cy = sum(y) / count
        for n in range(count):
            # a weak pull to the centre keeps unconnected parts from drifting away
            mx = dx[n] - (x[n] - cx) * 0.02
            my = dy[n] - (y[n] - cy) * 0.04
            length = (mx * mx + my * my) ** 0.5
            if length > temperature:
                mx, my = mx * temperature / length, my * temperature / length
            x[n] += mx
            y[n] += my
        temperature -= cooling


def _separate(nodes: list[Box]) -> None:
    """Push overlapping boxes apart, along the way that takes the least move, until none overlap."""
    for _ in range(1000):
        moved = False
        for a in range(len(nodes)):
            for b in range(a + 1, len(nodes)):
                one, two = nodes[a], nodes[b]
                if not one.overlaps(two, _GAP):
                    continue
                moved = True
                across = (one.width + two.width + _GAP) / 2 - abs(one.x - two.x)
                down = (one.height + two.height + _GAP) / 2 - abs(one.y - two.y)
                if down <= across:
                    shift = down / 2 + 0.5
                    sign = 1.0 if one.y > two.y or (one.y == two.y and a < b) else -1.0
                    one.y += sign * shift
                    two.y -= sign * shift
                else:
                    shift = across / 2 + 0.5
                    sign = 1.0 if one.x > two.x or (one.x == two.x and a < b) else -1.0
                    one.x += sign * shift
                    two.x -= sign * shift
        if not moved:
            return
    _spread(nodes, 2.0)  # pragma: no cover - a last resort that always separates


def _spread(nodes: list[Box], factor: float) -> None:
    for node in nodes:
        node.x *= factor
        node.y *= factor


def _place_labels(
    nodes: Sequence[Box],
    edges: Sequence[tuple[int, int]],
    labels: Sequence[tuple[float, float] | None],
) -> list[Box | None]:
    taken: list[Box] = list(nodes)
    placed: list[Box | None] = []
    for (a, b), size in zip(edges, labels, strict=True):
        if size is None:
            placed.append(None)
            continue
        one, two = nodes[a], nodes[b]
        found = None
        ex, ey = two.x - one.x, two.y - one.y
        length = (ex * ex + ey * ey) ** 0.5 or 1.0
        nx, ny = -ey / length, ex / length
        for t in _ALONG:
            for offset in _ACROSS:
                box = Box(
                    one.x + ex * t + nx * offset, one.y + ey * t + ny * offset, size[0], size[1]
                )
                if not any(box.overlaps(other, 4.0) for other in taken):
                    found = box
                    break
            if found is not None:
                break
        if found is not None:
            taken.append(found)
        placed.append(found)
    return placed


def _midpoint(nodes: Sequence[Box], edge: tuple[int, int], size: tuple[float, float]) -> Box:
    one, two = nodes[edge[0]], nodes[edge[1]]
    return Box((one.x + two.x) / 2, (one.y + two.y) / 2, size[0], size[1])


def _to_origin(nodes: list[Box], labels: list[Box | None]) -> None:
    boxes = [*nodes, *(b for b in labels if b is not None)]
    left = min(b.x - b.width / 2 for b in boxes)
    top = min(b.y - b.height / 2 for b in boxes)
    for box in boxes:
        box.x -= left
        box.y -= top
