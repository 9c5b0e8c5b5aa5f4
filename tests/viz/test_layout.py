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


def test_positions_without_igraph(monkeypatch):
    real_import = builtins.__import__

    def no_igraph(name, *args, **kwargs):
        if name == "igraph":
            raise ImportError("igraph is not installed")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_igraph)
    G = _two_parts()
    _check(precomputed_positions(G), G)


def test_positions_with_igraph():
    pytest.importorskip("igraph", reason="igraph is the optional layout extra")
    G = _two_parts()
    _check(precomputed_positions(G), G)


def test_empty_graph_has_no_positions():
    assert precomputed_positions(nx.Graph()) == {}
