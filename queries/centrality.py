"""Centrality: who holds the collaboration network together.

Scores are computed on the whole network (the actor network, or the actor–task graph) and
normalised as networkx normalises them; ``kinds`` and ``industry`` only choose which rows are
returned, so an enterprise's score does not change when you look at enterprises alone.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import Literal

import networkx as nx
import numpy as np

from innograph.core.errors import QueryError

from .kernels import (
    betweenness_exact,
    betweenness_sampled,
    closeness_scores,
    eigenvector_scores,
    pagerank_scores,
    to_csr,
)
from .network import NETWORK_READS, Result, actor_network, actor_task_graph, keep_actor, parse_kinds, tie_kinds

__all__ = ["MEASURES", "CentralityRow", "CentralityResult", "centrality", "centrality_scores"]

MEASURES = ("degree", "pagerank", "betweenness", "eigenvector", "closeness")

# What these analyses read from a store: the actor network (see network.py).
READS = NETWORK_READS
Measure = Literal["degree", "pagerank", "betweenness", "eigenvector", "closeness"]


class CentralityRow(Result):
    id: str
    name: str
    kind: str
    role: str
    score: float
    rank: int
    rank_in_kind: int
    ties: int


class CentralityResult(Result):
    measure: Measure
    network: Literal["actors", "actor-task"]
    method: str
    sampled: bool
    nodes: int
    edges: int
    rows: list[CentralityRow]


def centrality_scores(H: nx.Graph, measure: Measure = "degree", *, exact_threshold: int = 10_000,
                      sample_size: int = 512, seed: int = 0) -> tuple[dict[str, float], str]:
    """Normalised scores of every node of ``H`` and a description of the method used.

    Degree is the share of other nodes tied to a node (``ties / (n - 1)``); PageRank and
    eigenvector use the tie weights; betweenness and closeness count hops. Betweenness is exact
    up to ``exact_threshold`` nodes and estimated from ``sample_size`` seeded sources above it.

    Examples
    --------
    >>> scores, method = centrality_scores(nx.star_graph(3), "betweenness")
    >>> scores[0], scores[1], method
    (1.0, 0.0, 'exact')
    """
    n = H.number_of_nodes()
    if measure == "degree":
        return {v: (d / (n - 1) if n > 1 else 0.0) for v, d in H.degree()}, "exact"
    if measure not in MEASURES:
        raise QueryError(f"unknown measure {measure!r}; use one of {', '.join(MEASURES)}")
    nodes, A = to_csr(H, weight="weight" if measure in ("pagerank", "eigenvector") else None)
    method = "exact"
    if measure == "pagerank":
        values = pagerank_scores(A)
    elif measure == "eigenvector":
        values = eigenvector_scores(A)
    elif measure == "closeness":
        values = closeness_scores(A)
    elif n <= exact_threshold:
        values = betweenness_exact(A)
    else:
        values = betweenness_sampled(A, k=sample_size, seed=seed)
        method = f"sampled: {min(sample_size, n)} of {n} sources, seed {seed}"
    return {v: float(x) for v, x in zip(nodes, np.asarray(values))}, method


def centrality(G: nx.Graph, *, measure: Measure = "degree", network: Literal["actors", "actor-task"] = "actors",
               ties: str = "all", kinds: Iterable[str] | None = None, industry: str | None = None, top: int | None = None,
               exact_threshold: int = 10_000, sample_size: int = 512, seed: int = 0) -> CentralityResult:
    """Rank actors by a centrality measure, overall and within each kind.

    Parameters
    ----------
    G : networkx graph
        The store's projection.
    measure : {"degree", "pagerank", "betweenness", "eigenvector", "closeness"}
    network : {"actors", "actor-task"}
        The actor network (actors tied by partnerships and shared tasks, weighted) or the
        bipartite actor–task graph (then tasks are ranked too, with kind ``task``).
    ties : {"all", "partners", "tasks"}
        On the actor network: which ties count (explicit partnerships, shared tasks or both).
    kinds, industry : row filters (scores always come from the whole network).
    top : keep the first ``top`` rows overall.
    exact_threshold, sample_size, seed : betweenness is exact up to ``exact_threshold`` nodes,
        otherwise estimated from ``sample_size`` sources drawn with ``seed``.

    Returns
    -------
    CentralityResult
        ``rows`` sorted by score (ties by name); ``method`` says whether betweenness was exact or
        sampled.

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> for n in "abcd":
    ...     G.add_node(n, label="Actor", kind="enterprise", name=n.upper())
    >>> for leaf in "bcd":
    ...     _ = G.add_edge("a", leaf, key="PARTNERS_WITH", type="PARTNERS_WITH")
    >>> result = centrality(G, measure="betweenness")
    >>> [(r.name, r.score) for r in result.rows][:2], result.method
    ([('A', 1.0), ('B', 0.0)], 'exact')
    """
    H = actor_network(G, include=tie_kinds(ties)) if network == "actors" else actor_task_graph(G)
    scores, method = centrality_scores(H, measure, exact_threshold=exact_threshold,
                                       sample_size=sample_size, seed=seed)
    order = sorted(H, key=lambda v: (-scores[v], H.nodes[v].get("name", v), v))
    wanted = parse_kinds(kinds)
    per_kind: Counter[str] = Counter()
    rows: list[CentralityRow] = []
    for rank, v in enumerate(order, start=1):
        attrs = H.nodes[v]
        kind = attrs.get("kind") or "other"
        per_kind[kind] += 1
        if attrs.get("kind") == "task" and (wanted or industry):
            continue
        if not keep_actor(attrs, wanted, industry):
            continue
        rows.append(CentralityRow(id=v, name=attrs.get("name", v), kind=kind, role=attrs.get("role", "other"),
                                  score=scores[v], rank=rank, rank_in_kind=per_kind[kind], ties=H.degree(v)))
    if top is not None:
        rows = rows[:top]
    return CentralityResult(measure=measure, network=network, method=method, sampled=method != "exact",
                            nodes=H.number_of_nodes(), edges=H.number_of_edges(), rows=rows)
