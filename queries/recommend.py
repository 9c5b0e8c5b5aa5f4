"""Partner recommendations: whom one actor should be introduced to, and why.

Candidates are scored on the actor network by Adamic–Adar plus shared tasks (weighted by
their size) and a bonus per shared industry base (see ``linkpred``); explicit partners and an
actor's own facilities (``pairing``) are never recommended. By default only the cross-sector
pairs of the 政金产学研用 frame are proposed (``schema.CROSS_SECTOR_KINDS``: enterprise with
university, institute, finance ...), the complementary ones first; ``any_kind=True`` widens to
every kind. An enterprise in a base with no university or institute is also offered those of
other bases whose topics fit its base (``topics``), and the reason says so. Equal scores share
a rank.
"""

from __future__ import annotations

from collections.abc import Iterable

import networkx as nx

from innograph.core.i18n import DEFAULT_LANG
from innograph.graph.schema import ActorKind, RelationType

from .linkpred import PairEvidence, PairScorer
from .network import NETWORK_READS, Reads, Result, actor_network, keep_actor, parse_kinds, resolve_actor
from .pairing import SCORE_DIGITS, complementary, own_facility_pairs, tie_ranks
from .reasons import topic_reason
from .topics import TopicFit, topic_partners

__all__ = ["Recommendation", "RecommendResult", "recommend", "recommend_all", "with_topic_partners", "PAIR_READS"]

# What partner finding reads from a store: the actor network, PART_OF between actors (own
# facilities) and the plan's sentences (依托 clauses, what a base and a partner are about).
PAIR_READS = NETWORK_READS | Reads(NETWORK_READS.labels, frozenset({RelationType.PART_OF}), evidence=True)
READS = PAIR_READS


def sort_key(e: PairEvidence) -> tuple[bool, float, float, int]:
    """Complementary pairs first, then by score (equal to SCORE_DIGITS decimals: a tie)."""
    return (not e.complementary, -round(e.score, SCORE_DIGITS), -e.resource_allocation, -e.common_neighbours)


def with_topic_partners(H: nx.Graph, source: str, ranked: list[tuple[str, PairEvidence]],
                        fits: dict[str, list[TopicFit]], excluded: set[frozenset[str]], *, base_weight: float = 1.0,
                        lang: str = DEFAULT_LANG) -> list[tuple[str, PairEvidence]]:
    """``ranked`` with the topic-fitting universities and institutes of ``source``'s bases that
    have none (``fits``, from ``topics.topic_partners``) added or raised, best first again."""
    attrs = H.nodes[source]
    if attrs.get("kind") != ActorKind.ENTERPRISE.value:
        return ranked
    found = dict(ranked)
    for base in attrs.get("industries", ()):
        for fit in fits.get(base, ()):
            p = fit.partner
            if p == source or frozenset((source, p)) in excluded or (H.has_edge(source, p) and H[source][p].get("partners")):
                continue
            earlier = found.get(p)
            if earlier is not None and earlier.topic_fit >= fit.fit:
                continue
            reason = topic_reason(base=base, partner=H.nodes[p]["name"], partner_words=list(fit.partner_words),
                                  base_words=list(fit.base_words), lang=lang)
            if earlier is None:
                found[p] = PairEvidence(score=round(base_weight * fit.fit, SCORE_DIGITS), adamic_adar=0.0,
                                        resource_allocation=0.0, common_neighbours=0, common_contacts=[],
                                        shared_industries=[], shared_tasks=[], shared_task_weight=0.0,
                                        complementary=complementary(attrs.get("kind"), H.nodes[p].get("kind")),
                                        topic_fit=fit.fit, topic_words=list(fit.partner_words), reason=reason)
            else:
                found[p] = earlier.model_copy(update={
                    "score": round(earlier.score + base_weight * fit.fit, SCORE_DIGITS), "topic_fit": fit.fit,
                    "topic_words": list(fit.partner_words), "reason": reason})
    return sorted(found.items(), key=lambda item: (sort_key(item[1]), H.nodes[item[0]].get("name", item[0])))


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
    kept = [(t, e) for t, e in ranked if keep_actor(H.nodes[t], kinds, industry)]
    ranks = tie_ranks([sort_key(e)[:2] for _, e in kept])
    rows = []
    for (target, evidence), rank in zip(kept, ranks):
        # A tie across the cut stays whole: the last rank shown is never split.
        if top is not None and len(rows) >= top and rank != rows[-1].rank:
            break
        attrs = H.nodes[target]
        rows.append(Recommendation(id=target, name=attrs["name"], kind=attrs.get("kind") or "other",
                                   role=attrs["role"], rank=rank, **evidence.__dict__))
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
    An enterprise named in a task with two departments and a university, but not partnered with
    it: the departments are no shared contacts (they coordinate every task); the task is the evidence.

    >>> G = nx.MultiDiGraph()
    >>> for n, k in [("药企", "enterprise"), ("大学", "university"), ("科技局", "government"), ("科协", "government")]:
    ...     G.add_node(n, label="Actor", kind=k, name=n)
    >>> G.add_node("t", label="Task", name="建设医药健康产业协同创新基地")
    >>> for n in ["药企", "大学", "科技局", "科协"]:
    ...     _ = G.add_edge(n, "t", key="PARTICIPATES_IN", type="PARTICIPATES_IN")
    >>> row = recommend(G, "药企").rows[0]
    >>> row.name, round(row.adamic_adar, 4), row.reason
    ('大学', 0.0, '同在任务“建设医药健康产业协同创新基地”中（该任务共列4个主体）')
    """
    H = actor_network(G)
    source = resolve_actor(H, name)
    excluded = own_facility_pairs(G)
    scorer = PairScorer(H, any_kind=any_kind, base_weight=base_weight, lang=lang, excluded=excluded)
    ranked = with_topic_partners(H, source, scorer.best(source, top=None), topic_partners(G, H), excluded,
                                 base_weight=base_weight, lang=lang)
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
    >>> for n, k in [("企", "enterprise"), ("学", "university"), ("台", "platform")]:
    ...     G.add_node(n, label="Actor", kind=k, name=n)
    >>> for u, v in [("企", "台"), ("学", "台")]:
    ...     _ = G.add_edge(u, v, key="PARTNERS_WITH", type="PARTNERS_WITH")
    >>> [(r.name, r.common_contacts) for r in recommend_all(G)["企"]]
    [('学', ['台'])]
    """
    H = actor_network(G) if H is None else H
    wanted = parse_kinds(kinds)
    sources = [v for v, k in H.nodes(data="kind") if k in wanted]
    excluded = own_facility_pairs(G)
    fits = topic_partners(G, H)
    scorer = PairScorer(H, any_kind=any_kind, base_weight=base_weight, lang=lang, excluded=excluded)
    return {s: _rows(H, with_topic_partners(H, s, ranked, fits, excluded, base_weight=base_weight, lang=lang),
                     frozenset(), None, top)
            # Each source's best ``top`` before the topic partners join: a fitting partner beyond
            # them scores by its fit alone, which keeps the sparse work bounded on big networks.
            for s, ranked in scorer.ranked(sources, top=top)}
