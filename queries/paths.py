"""Paths: the shortest chains of collaboration between two actors, and who is in between."""

from __future__ import annotations

from itertools import islice

import networkx as nx

from innograph.core.i18n import DEFAULT_LANG, join_names, text

from .network import NETWORK_READS, Result, actor_network, resolve_actor

__all__ = ["PathStep", "PathResult", "path", "describe_tie"]

# What these analyses read from a store: the actor network (see network.py).
READS = NETWORK_READS


class PathStep(Result):
    path: int
    step: int
    id: str
    name: str
    kind: str
    tie: str


class PathResult(Result):
    source: str
    target: str
    hops: int | None
    paths: list[list[str]]
    intermediaries: list[str]
    rows: list[PathStep]


def describe_tie(H: nx.Graph, u: str, v: str, lang: str = DEFAULT_LANG) -> str:
    """How two tied actors are tied: an explicit partnership and/or the tasks they share."""
    data = H[u][v]
    parts = [text(lang, "partner_tie")] if data.get("partners") else []
    tasks = [H.graph.get("task_names", {}).get(t, t) for t in data.get("tasks", ())]
    if tasks:
        parts.append(text(lang, "task_tie", names=join_names(tasks, lang, limit=2)))
    return text(lang, "sep").join(parts)


def path(G: nx.Graph, source: str, target: str, *, max_paths: int = 5, lang: str = DEFAULT_LANG) -> PathResult:
    """Shortest paths (fewest ties) between two actors on the actor network.

    Rows list each actor on each path with the tie to the next one; ``intermediaries`` are the
    actors between the two ends, most frequent first. No path gives ``hops=None`` and no rows.

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> for n, k in [("企", "enterprise"), ("局", "government"), ("学", "university")]:
    ...     G.add_node(n, label="Actor", kind=k, name=n)
    >>> for u, v in [("企", "局"), ("局", "学")]:
    ...     _ = G.add_edge(u, v, key="PARTNERS_WITH", type="PARTNERS_WITH")
    >>> result = path(G, "企", "学")
    >>> result.hops, result.intermediaries, [r.tie for r in result.rows]
    (2, ['局'], ['合作伙伴', '合作伙伴', ''])
    """
    H = actor_network(G)
    a, b = resolve_actor(H, source), resolve_actor(H, target)
    name = lambda v: H.nodes[v]["name"]  # noqa: E731
    try:
        found = list(islice(nx.all_shortest_paths(H, a, b), max_paths))
    except nx.NetworkXNoPath:
        found = []
    rows: list[PathStep] = []
    middle: dict[str, int] = {}
    for i, p in enumerate(found, start=1):
        for j, v in enumerate(p):
            tie = describe_tie(H, v, p[j + 1], lang) if j + 1 < len(p) else ""
            rows.append(PathStep(path=i, step=j, id=v, name=name(v), kind=H.nodes[v].get("kind") or "other", tie=tie))
        for v in p[1:-1]:
            middle[v] = middle.get(v, 0) + 1
    return PathResult(source=name(a), target=name(b), hops=len(found[0]) - 1 if found else None,
                      paths=[[name(v) for v in p] for p in found],
                      intermediaries=[name(v) for v in sorted(middle, key=lambda v: (-middle[v], name(v)))],
                      rows=rows)
