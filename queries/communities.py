"""Communities: groups of actors that work more with each other than with the rest.

Louvain (``networkx.community.louvain_communities``) on the weighted actor network, seeded so the
same graph always gives the same answer. Each community is named by its dominant industry base
and its dominant actor kinds, e.g. ``医药健康 · 企业+高校``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

import networkx as nx

from innograph.core.i18n import DEFAULT_LANG, kind_name
from innograph.graph.schema import ActorKind

from .network import NETWORK_READS, Result, actor_network, keep_actor, parse_kinds, tie_kinds

__all__ = ["Community", "CommunitiesResult", "communities", "community_name"]

# What these analyses read from a store: the actor network (see network.py).
READS = NETWORK_READS


class Community(Result):
    id: int
    name: str
    kind: str
    industry: str | None
    size: int
    kinds: dict[str, int]
    members: list[str]
    member_ids: list[str]
    internal_weight: float
    modularity: float


class CommunitiesResult(Result):
    modularity: float
    resolution: float
    seed: int
    communities: list[Community]
    membership: dict[str, int]


def _kind_word(kind: str, lang: str) -> str:
    try:
        return kind_name(lang, ActorKind(kind))
    except ValueError:
        return kind


def community_name(H: nx.Graph, members: Iterable[str], lang: str = DEFAULT_LANG) -> tuple[str, str | None, str]:
    """(name, dominant industry, dominant kind) of a set of actor-network nodes.

    The industry is the base most non-government members belong to (ties broken by name;
    departments coordinate many bases, so they count only when alone); the kinds are the one
    or two most common kinds (the second only when it covers at least a quarter of members).

    Examples
    --------
    >>> H = nx.Graph()
    >>> H.add_node("a", kind="enterprise", industries=["汽车"])
    >>> H.add_node("b", kind="enterprise", industries=["汽车"])
    >>> H.add_node("c", kind="university", industries=[])
    >>> community_name(H, ["a", "b", "c"])
    ('汽车 · 企业+高校', '汽车', 'enterprise')
    """
    members = list(members)
    # Departments belong to every base they coordinate; the others say what the group works on.
    specific = [v for v in members if H.nodes[v].get("kind") != ActorKind.GOVERNMENT.value] or members
    industries = Counter(ind for v in specific for ind in H.nodes[v].get("industries", ()))
    kinds = Counter(H.nodes[v].get("kind") or "other" for v in members)
    ranked_kinds = sorted(kinds.items(), key=lambda kv: (-kv[1], kv[0]))
    shown = [ranked_kinds[0][0]] + [k for k, c in ranked_kinds[1:2] if c * 4 >= len(members)]
    industry = min(industries.items(), key=lambda kv: (-kv[1], kv[0]))[0] if industries else None
    label = "+".join(_kind_word(k, lang) for k in shown)
    return (f"{industry} · {label}" if industry else label), industry, ranked_kinds[0][0]


def communities(G: nx.Graph, *, resolution: float = 1.0, seed: int = 0, ties: str = "all",
                kinds: Iterable[str] | None = None, industry: str | None = None, top: int | None = None,
                lang: str = DEFAULT_LANG) -> CommunitiesResult:
    """Louvain communities of the actor network, largest first, with modularity.

    Parameters
    ----------
    G : networkx graph
        The store's projection.
    resolution : float
        Louvain resolution (above 1 favours smaller communities).
    seed : int
        Random seed: the same graph and seed give the same communities.
    ties : {"all", "partners", "tasks"}
        Which ties make the network (explicit partnerships, shared tasks or both).
    kinds, industry : keep only communities with at least one member of these kinds / base.
    top : keep the ``top`` largest communities.

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> for n in "abcdef":
    ...     G.add_node(n, label="Actor", kind="enterprise", name=n)
    >>> for u, v in ["ab", "bc", "ca", "de", "ef", "fd", "cd"]:
    ...     _ = G.add_edge(u, v, key="PARTNERS_WITH", type="PARTNERS_WITH")
    >>> result = communities(G)
    >>> sorted(sorted(c.members) for c in result.communities), round(result.modularity, 4)
    ([['a', 'b', 'c'], ['d', 'e', 'f']], 0.3571)
    """
    H = actor_network(G, include=tie_kinds(ties))
    groups = nx.community.louvain_communities(H, weight="weight", resolution=resolution, seed=seed) if H else []
    groups = sorted((sorted(g) for g in groups), key=lambda g: (-len(g), g[0]))
    modularity = nx.community.modularity(H, groups, weight="weight", resolution=resolution) if H.number_of_edges() else 0.0
    wanted = parse_kinds(kinds)
    membership: dict[str, int] = {}
    result: list[Community] = []
    for i, members in enumerate(groups, start=1):
        for v in members:
            membership[v] = i
        if (wanted or industry) and not any(keep_actor(H.nodes[v], wanted, industry) for v in members):
            continue
        name, dominant_industry, dominant_kind = community_name(H, members, lang)
        ordered = sorted(members, key=lambda v: (-H.degree(v, weight="weight"), H.nodes[v]["name"]))
        result.append(Community(
            id=i, name=name, kind=dominant_kind, industry=dominant_industry, size=len(members),
            kinds=dict(Counter(H.nodes[v].get("kind") or "other" for v in members).most_common()),
            members=[H.nodes[v]["name"] for v in ordered], member_ids=ordered,
            internal_weight=float(H.subgraph(members).size(weight="weight")), modularity=modularity))
    if top is not None:
        result = result[:top]
    return CommunitiesResult(modularity=modularity, resolution=resolution, seed=seed, communities=result,
                             membership=membership)
