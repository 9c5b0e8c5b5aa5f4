"""Precomputed positions for big maps, with and without the optional igraph."""

from __future__ import annotations

import builtins
import math

import networkx as nx
import pytest

from innograph.viz.layout import precomputed_positions


def _two_parts() -> nx.Graph:
    G = nx.disjoint_union(nx.cycle_graph(40), nx.star_graph(20))
    return nx.relabel_nodes(G, {n: f"n{n}" for n in G})


def _check(pos: dict, G: nx.Graph) -> None:
    assert set(pos) == set(G)
    assert all(math.isfinite(x) and math.isfinite(y) for x, y in pos.values())
    # No two nodes on the same spot: the map must be readable without physics.
    assert len({(round(x), round(y)) for x, y in pos.values()}) > 0.9 * len(pos)


@pytest.fixture
def without_igraph(monkeypatch):
    real_import = builtins.__import__

    def no_igraph(name, *args, **kwargs):
        if name == "igraph":
            raise ImportError("igraph is not installed")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_igraph)


def test_positions_without_igraph(without_igraph):
    G = _two_parts()
    _check(precomputed_positions(G), G)


def test_nodes_with_the_same_neighbours_do_not_pile_up_without_igraph(without_igraph):
    """30 firms named in the same two tasks, and 40 tasks of five firms each: a spectral layout
    puts the nodes of each such group on one spot; they must end apart."""
    G = nx.disjoint_union_all([nx.complete_bipartite_graph(2, 30), *(nx.star_graph(5) for _ in range(40))])
    G = nx.relabel_nodes(G, {n: f"n{n}" for n in G})
    pos = precomputed_positions(G)
    _check(pos, G)
    points = list(pos.values())
    closest = min(math.dist(a, b) for i, a in enumerate(points) for b in points[i + 1:])
    assert closest >= 12.0  # the centres of two 8-pixel nodes


def test_positions_with_igraph():
    pytest.importorskip("igraph", reason="igraph is the optional layout extra")
    G = _two_parts()
    _check(precomputed_positions(G), G)


def test_empty_graph_has_no_positions():
    assert precomputed_positions(nx.Graph()) == {}
