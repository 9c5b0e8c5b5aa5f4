"""Node positions computed in Python for maps too big for the browser's physics to settle.

Measured on the project machine for a 3,000-node, 9,000-edge graph: igraph's grid
Fruchterman–Reingold 0.4–0.8 s; networkx ``spring_layout`` 15 s for 15 iterations (its sparse
variant loops in Python) and ForceAtlas2 29 s; networkx's scipy spectral layout 0.2 s but it
piles disconnected parts on top of each other; rustworkx's spring layout is exact O(n²) per
iteration (3 s for 50 iterations). So igraph when it is installed (the optional ``layout`` extra:
it is GPL-licensed), else spectral per connected component, components side by side on a grid.
"""

from __future__ import annotations

import math

import networkx as nx
import numpy as np

__all__ = ["precomputed_positions"]

_SPACING = 30.0  # vis-network pixels per unit of sqrt(node count): keeps density readable


def precomputed_positions(G: nx.Graph, *, seed: int = 7) -> dict[str, tuple[float, float]]:
    """Positions (x, y) in vis-network pixels for every node of ``G`` (undirected view used)."""
    if G.number_of_nodes() == 0:
        return {}
    try:
        raw = _igraph_layout(G, seed)
    except ImportError:
        raw = _spectral_components_layout(nx.Graph(G))  # simple undirected
    return _scale(raw, G.number_of_nodes())


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
