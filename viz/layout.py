"""Node positions computed in Python for maps too big for the browser's physics to settle.

Measured on the project machine for a 3,000-node, 9,000-edge graph: igraph's grid
Fruchterman–Reingold 0.4–0.8 s; networkx ``spring_layout`` 15 s for 15 iterations (its sparse
variant loops in Python) and ForceAtlas2 29 s; networkx's scipy spectral layout 0.2 s but it
piles disconnected parts on top of each other; rustworkx's spring layout is exact O(n²) per
iteration (3 s for 50 iterations). So igraph when it is installed (the optional ``layout`` extra:
it is GPL-licensed), else spectral per connected component, components side by side on a grid.
A spectral layout gives nodes with the same neighbours (the firms named only in one task) the
same spot, so nodes that land on one spot are then fanned out around it.
"""

from __future__ import annotations

import math
from collections import defaultdict

import networkx as nx
import numpy as np

__all__ = ["precomputed_positions", "fixed_positions"]

_SPACING = 30.0  # vis-network pixels per unit of sqrt(node count): keeps density readable
_GAP = 16.0  # pixels between the centres of two nodes that would otherwise share a spot
_GOLDEN_ANGLE = math.pi * (3 - math.sqrt(5))


def precomputed_positions(G: nx.Graph, *, seed: int = 7) -> dict[str, tuple[float, float]]:
    """Positions (x, y) in vis-network pixels for every node of ``G`` (undirected view used)."""
    if G.number_of_nodes() == 0:
        return {}
    try:
        raw = _igraph_layout(G, seed)
    except ImportError:
        raw = _spectral_components_layout(nx.Graph(G))  # simple undirected
    return _fan_out(_scale(raw, G.number_of_nodes()))


def fixed_positions(G: nx.Graph, *, seed: int = 7) -> dict[str, tuple[float, float]]:
    """Positions for a map that must look the same on screen and on paper (the report): a
    seeded force layout for maps the browser would lay out itself, ``precomputed_positions``
    above that. Same graph, same seed, same picture."""
    n = G.number_of_nodes()
    if n == 0:
        return {}
    if n > 1500:
        return precomputed_positions(G, seed=seed)
    H = nx.Graph(G)
    raw = nx.spring_layout(H, seed=seed, k=1.6 / math.sqrt(n), iterations=100)
    # Twice the density of the precomputed layouts: labels are drawn on every node here.
    scaled = _scale({v: (float(x), float(y)) for v, (x, y) in raw.items()}, n)
    return {v: (round(x, 1), round(y, 1)) for v, (x, y) in _push_apart({v: (2 * x, 2 * y) for v, (x, y) in scaled.items()}).items()}


def _igraph_layout(H: nx.Graph, seed: int) -> dict[str, tuple[float, float]]:
    import igraph as ig  # optional: fast grid-based force layout

    nodes = list(H.nodes)
    index = {n: i for i, n in enumerate(nodes)}
    g = ig.Graph(n=len(nodes), edges=[(index[u], index[v]) for u, v in H.edges if u != v])
    # The start must be spread over about sqrt(n) units: igraph's grid has unit cells, and a
    # start squeezed into one cell makes every pair repel (19 s instead of 1 s for 3,000 nodes).
    half = math.sqrt(len(nodes)) / 2
    start = np.random.default_rng(seed).uniform(-half, half, size=(len(nodes), 2)).tolist()
    coords = g.layout_fruchterman_reingold(seed=start, niter=300, grid="auto")
    return {n: (float(x), float(y)) for n, (x, y) in zip(nodes, coords.coords)}


def _spectral_components_layout(H: nx.Graph) -> dict[str, tuple[float, float]]:
    components = sorted(nx.connected_components(H), key=len, reverse=True)
    columns = max(1, math.ceil(math.sqrt(len(components))))
    pos: dict[str, tuple[float, float]] = {}
    for i, nodes in enumerate(components):
        row, col = divmod(i, columns)
        sub = H.subgraph(nodes)
        # A component's box grows with its size so that big parts are not squeezed.
        radius = math.sqrt(len(nodes))
        local = nx.spectral_layout(sub) if len(nodes) > 2 else nx.circular_layout(sub)
        cx, cy = col * 3.0 * math.sqrt(len(components[0])), row * 3.0 * math.sqrt(len(components[0]))
        for n, (x, y) in local.items():
            pos[n] = (cx + float(x) * radius, cy + float(y) * radius)
    return pos


def _scale(raw: dict[str, tuple[float, float]], n: int) -> dict[str, tuple[float, float]]:
    xy = np.array(list(raw.values()), dtype=float)
    xy -= xy.mean(axis=0)
    extent = float(np.abs(xy).max()) or 1.0
    xy *= _SPACING * math.sqrt(n) / extent
    return {node: (round(float(x), 1), round(float(y), 1)) for node, (x, y) in zip(raw, xy)}


def _fan_out(pos: dict[str, tuple[float, float]]) -> dict[str, tuple[float, float]]:
    """Nodes within ``_GAP`` of one another (chained) spread on a sunflower around their centre
    (the i-th at radius ~sqrt(i), turned by the golden angle), then pairs still too close are
    pushed apart: a spread group can land on its neighbours."""
    pos = dict(pos)
    for members in _close_groups(pos):
        if len(members) < 2:
            continue
        cx = sum(pos[n][0] for n in members) / len(members)
        cy = sum(pos[n][1] for n in members) / len(members)
        for i, node in enumerate(sorted(members)):
            radius, angle = 0.6 * _GAP * math.sqrt(i + 0.5), i * _GOLDEN_ANGLE
            pos[node] = (cx + radius * math.cos(angle), cy + radius * math.sin(angle))
    return {node: (round(x, 1), round(y, 1)) for node, (x, y) in _push_apart(pos).items()}


def _push_apart(pos: dict[str, tuple[float, float]], rounds: int = 60) -> dict[str, tuple[float, float]]:
    """Each pair closer than ``_GAP`` moves apart along the line between them, half the shortfall
    each, until no pair is (or ``rounds`` are done); only near pairs are compared (a grid)."""
    xy = {node: list(p) for node, p in pos.items()}
    for _ in range(rounds):
        moved = False
        for a, b in _near_pairs(xy):
            dx, dy = xy[b][0] - xy[a][0], xy[b][1] - xy[a][1]
            d = math.hypot(dx, dy)
            if d >= _GAP:
                continue
            if d < 1e-9:  # on one spot: any direction, the same on every run
                ux, uy = math.cos(len(a + b) * _GOLDEN_ANGLE), math.sin(len(a + b) * _GOLDEN_ANGLE)
            else:
                ux, uy = dx / d, dy / d
            half = (_GAP - d) / 2
            xy[a][0] -= ux * half
            xy[a][1] -= uy * half
            xy[b][0] += ux * half
            xy[b][1] += uy * half
            moved = True
        if not moved:
            break
    return {node: (p[0], p[1]) for node, p in xy.items()}


def _near_pairs(xy: dict[str, list[float]]) -> list[tuple[str, str]]:
    """Pairs of nodes in the same or neighbouring ``_GAP`` cells, each pair once, in name order."""
    cells: dict[tuple[int, int], list[str]] = defaultdict(list)
    for node, (x, y) in xy.items():
        cells[(math.floor(x / _GAP), math.floor(y / _GAP))].append(node)
    pairs = []
    for (cx, cy), members in cells.items():
        near = [m for dx in (-1, 0, 1) for dy in (-1, 0, 1) for m in cells.get((cx + dx, cy + dy), ())]
        pairs.extend((a, b) for a in members for b in near if a < b)
    return sorted(pairs)


def _close_groups(pos: dict[str, tuple[float, float]]) -> list[list[str]]:
    """Nodes linked by being closer than ``_GAP`` to each other, found through a grid of
    ``_GAP`` cells (each node compared with the nodes of its own and the eight cells around)."""
    cells: dict[tuple[int, int], list[str]] = defaultdict(list)
    for node, (x, y) in pos.items():
        cells[(math.floor(x / _GAP), math.floor(y / _GAP))].append(node)
    parent = {node: node for node in pos}

    def root(node: str) -> str:
        while parent[node] != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    for (cx, cy), members in cells.items():
        near = [m for dx in (-1, 0, 1) for dy in (-1, 0, 1) for m in cells.get((cx + dx, cy + dy), ())]
        for a in members:
            for b in near:
                if a < b and math.dist(pos[a], pos[b]) < _GAP:
                    parent[root(a)] = root(b)
    groups: dict[str, list[str]] = defaultdict(list)
    for node in pos:
        groups[root(node)].append(node)
    return list(groups.values())
