"""Partner recommendations: whom one actor should be introduced to, and why.

Candidates are scored on the actor network by Adamic–Adar plus a bonus per shared industry base
(see ``linkpred``); explicit partners are never recommended. By default only the cross-sector
pairs of the 政金产学研用 frame are proposed (``schema.CROSS_SECTOR_KINDS``: enterprise with
university, institute, finance ...); ``any_kind=True`` widens to every kind.
"""

from __future__ import annotations

from collections.abc import Iterable

import networkx as nx

from innograph.core.i18n import DEFAULT_LANG

from .linkpred import PairEvidence, PairScorer
from .network import NETWORK_READS, Result, actor_network, keep_actor, parse_kinds, resolve_actor

__all__ = ["Recommendation", "RecommendResult", "recommend", "recommend_all"]

# What these analyses read from a store: the actor network (see network.py).
READS = NETWORK_READS


class _Partner(Result):
    id: str
    name: str
    kind: str
    role: str
    rank: int


class Recommendation(PairEvidence, _Partner):
    """A proposed partner (fields of ``_Partner`` first in output), with the evidence."""


class RecommendResult(Result):
    actor: str
    actor_id: str
    kind: str
    industries: list[str]
    any_kind: bool
    rows: list[Recommendation]


def _rows(H: nx.Graph, ranked: list[tuple[str, PairEvidence]], kinds: frozenset[str], industry: str | None,
          top: int | None) -> list[Recommendation]:
    rows = []
    for target, evidence in ranked:
        attrs = H.nodes[target]
        if not keep_actor(attrs, kinds, industry):
            continue
        rows.append(Recommendation(id=target, name=attrs["name"], kind=attrs.get("kind") or "other",
                                   role=attrs["role"], rank=len(rows) + 1, **evidence.__dict__))
        if top is not None and len(rows) >= top:
            break
    return rows


def recommend(G: nx.Graph, name: str, *, top: int | None = 10, any_kind: bool = False,
              kinds: Iterable[str] | None = None, industry: str | None = None, base_weight: float = 1.0,
              lang: str = DEFAULT_LANG) -> RecommendResult:
    """The best partners for one actor, scored and explained.

    Parameters
    ----------
    G : networkx graph
        The store's projection.
    name : str
        The actor: its name, an alias or a unique part of its name (``QueryError`` otherwise,
        naming close matches).
    top : int
        How many partners to return.
    any_kind : bool
        Propose every kind, not only the cross-sector pairs of 政金产学研用.
    kinds, industry : keep only partners of these kinds / in this industry base.
    base_weight : float
        What one shared industry base adds to the Adamic–Adar score.
    lang : {"en", "zh"}
        Language of the reasons.

    Examples
    --------
    An enterprise named in a task with two departments and a university, but not partnered with it:

    >>> G = nx.MultiDiGraph()
    >>> for n, k in [("药企", "enterprise"), ("大学", "university"), ("科技局", "government"), ("科协", "government")]:
    ...     G.add_node(n, label="Actor", kind=k, name=n)
    >>> G.add_node("t", label="Task", name="建设医药健康产业协同创新基地")
    >>> for n in ["药企", "大学", "科技局", "科协"]:
    ...     _ = G.add_edge(n, "t", key="PARTICIPATES_IN", type="PARTICIPATES_IN")
    >>> row = recommend(G, "药企").rows[0]
    >>> row.name, round(row.adamic_adar, 4), row.reason
    ('大学', 1.8205, '有2个共同联系方：科协、科技局；同在任务“建设医药健康产业协同创新基地”中')
    """
    H = actor_network(G)
    source = resolve_actor(H, name)
    scorer = PairScorer(H, any_kind=any_kind, base_weight=base_weight, lang=lang)
    ranked = scorer.best(source, top=None)
    attrs = H.nodes[source]
    return RecommendResult(actor=attrs["name"], actor_id=source, kind=attrs.get("kind") or "other",
                           industries=list(attrs.get("industries", ())), any_kind=any_kind,
                           rows=_rows(H, ranked, parse_kinds(kinds), industry, top))


def recommend_all(G: nx.Graph, *, kinds: Iterable[str] = ("enterprise",), top: int = 5, any_kind: bool = False,
                  base_weight: float = 1.0, lang: str = DEFAULT_LANG, H: nx.Graph | None = None) -> dict[str, list[Recommendation]]:
    """The best ``top`` partners of every actor of the given kinds (actor id -> recommendations).

    Pass ``H`` (an ``actor_network`` already built from ``G``) to skip rebuilding it.

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> for n, k in [("企", "enterprise"), ("学", "university"), ("政", "government")]:
    ...     G.add_node(n, label="Actor", kind=k, name=n)
    >>> for u, v in [("企", "政"), ("学", "政")]:
    ...     _ = G.add_edge(u, v, key="PARTNERS_WITH", type="PARTNERS_WITH")
    >>> [(r.name, r.common_contacts) for r in recommend_all(G)["企"]]
    [('学', ['政'])]
    """
    H = actor_network(G) if H is None else H
    wanted = parse_kinds(kinds)
    sources = [v for v, k in H.nodes(data="kind") if k in wanted]
    scorer = PairScorer(H, any_kind=any_kind, base_weight=base_weight, lang=lang)
    return {s: _rows(H, ranked, frozenset(), None, top) for s, ranked in scorer.ranked(sources, top=top)}
