"""The analyses over a store: each reads what its query module declares (``READS``), once, and
runs one query of ``innograph.queries`` on it. The CLI's analysis commands are twins of these.
"""

from __future__ import annotations

from collections.abc import Iterable

import networkx as nx

from innograph import queries
from innograph.core.errors import QueryError
from innograph.core import i18n
from innograph.core.i18n import DEFAULT_LANG
from innograph.graph.stores import GraphStore, SQLiteStore
from innograph.queries import (
    GAP_VIEWS,
    BrokersResult,
    CentralityResult,
    CommunitiesResult,
    GapPair,
    HelixGap,
    HelixResult,
    LoadResult,
    PathResult,
    Reads,
    RecommendResult,
    TargetsResult,
    TaskGap,
    UnlinkedActor,
)

__all__ = ["GAP_VIEWS", "project", "centrality", "communities", "brokers", "gaps", "recommend", "helix", "targets",
           "path"]

GapRows = list[GapPair] | list[UnlinkedActor] | list[TaskGap] | LoadResult | list[HelixGap]


def project(store: GraphStore, reads: Reads, *, industry: str | None = None) -> nx.MultiDiGraph:
    """The projection ``reads`` asks for; an empty store (a wrong ``--db`` or folder, most often)
    is an error, and so is an ``industry`` the graph does not have."""
    G = store.projection(reads.projection_filter())
    if not G and store.counts().nodes == 0:
        where = store.path if isinstance(store, SQLiteStore) else None
        db = f'"{where}"' if " " in str(where) else where  # as typed in cmd, PowerShell or sh
        raise QueryError(f"the store {where or 'in Neo4j'} is empty; load plans first: "
                         f"innograph{f' --db {db}' if where else ''} load PLAN.txt")
    if industry:
        queries.check_industry(G, industry)
    return G


def centrality(store: GraphStore, *, measure: str = "degree", network: str = "actors", ties: str = "all",
               kinds: Iterable[str] = (), industry: str | None = None, top: int | None = None,
               seed: int = 0) -> CentralityResult:
    """Actors ranked by a centrality measure (see ``queries.centrality``)."""
    G = project(store, queries.reads("centrality"), industry=industry)
    return queries.centrality(G, measure=measure, network=network, ties=ties, kinds=kinds,  # type: ignore[arg-type]
                              industry=industry, top=top, seed=seed)


def communities(store: GraphStore, *, resolution: float = 1.0, seed: int = 0, ties: str = "all",
                kinds: Iterable[str] = (), industry: str | None = None, top: int | None = None,
                lang: str = DEFAULT_LANG) -> CommunitiesResult:
    """Groups of actors that work together (see ``queries.communities``); names in ``lang``."""
    G = project(store, queries.reads("communities"), industry=industry)
    return queries.communities(G, resolution=resolution, seed=seed, ties=ties, kinds=kinds, industry=industry, top=top,
                               lang=i18n.check_lang(lang))


def brokers(store: GraphStore, *, ties: str = "all", kinds: Iterable[str] = (), industry: str | None = None,
            top: int | None = None, lang: str = DEFAULT_LANG) -> BrokersResult:
    """Brokers by constraint, effective size and brokerage roles (see ``queries.brokers``);
    ``bridges`` in ``lang``."""
    G = project(store, queries.reads("brokers"), industry=industry)
    return queries.brokers(G, ties=ties, kinds=kinds, industry=industry, top=top, lang=i18n.check_lang(lang))


def gaps(store: GraphStore, *, what: str = "pairs", thin: int = 1, lang: str = DEFAULT_LANG, top: int | None = 30,
         kinds: Iterable[str] = (), industry: str | None = None) -> GapRows:
    """Collaboration gaps, one view of them by ``what``:

    ``pairs`` unpartnered cross-sector pairs (``kinds``: either actor); ``isolated`` actors
    without partners (``kinds`` default: all but government); ``tasks`` tasks missing a
    department, an enterprise or a university/institute; ``load`` department load (a
    ``LoadResult`` with Gini and HHI; ``industry`` does not apply); ``helix`` missing or thin
    政金产学研用 roles per industry base (``thin``: at most this many actors).
    """
    if what not in GAP_VIEWS:
        raise QueryError(f"unknown gaps view {what!r}; use one of {', '.join(GAP_VIEWS)}")
    if what == "load":
        return queries.department_load(project(store, queries.reads("gaps", what)), top=top)
    G = project(store, queries.reads("gaps", what), industry=industry)
    if what == "pairs":
        return queries.gap_pairs(G, kinds=kinds, industry=industry, top=top, lang=lang)
    if what == "isolated":
        return queries.unlinked_actors(G, kinds=kinds, industry=industry, lang=lang)[:top]
    if what == "tasks":
        return queries.task_gaps(G, industry=industry, lang=lang)[:top]
    return queries.helix_gaps(G, thin=thin, industry=industry, lang=lang)[:top]


def recommend(store: GraphStore, name: str, *, any_kind: bool = False, lang: str = DEFAULT_LANG,
              top: int | None = 10, kinds: Iterable[str] = (), industry: str | None = None) -> RecommendResult:
    """The best partners for one actor (name, alias or unique part of it), with reasons."""
    G = project(store, queries.reads("recommend"), industry=industry)
    return queries.recommend(G, name, top=top, any_kind=any_kind, kinds=kinds, industry=industry, lang=lang)


def helix(store: GraphStore, *, industry: str | None = None, lang: str = DEFAULT_LANG) -> HelixResult:
    """The 政金产学研用 helix: roles per industry, cross-sector ties, Leydesdorff's synergy T."""
    G = project(store, queries.reads("helix"), industry=industry)
    return queries.helix(G, industry=industry, lang=lang)


def targets(store: GraphStore, *, lang: str = DEFAULT_LANG, top: int | None = None) -> TargetsResult:
    """The plan's quantitative targets next to reported achievements, with the remaining gap
    (the first ``top`` rows; every unmatched achievement either way)."""
    result = queries.targets(project(store, queries.reads("targets")), lang=lang)
    return result.model_copy(update={"rows": result.rows[:top]}) if top else result


def path(store: GraphStore, source: str, target: str, *, max_paths: int = 5, lang: str = DEFAULT_LANG) -> PathResult:
    """Shortest collaboration paths between two actors and the intermediaries on them."""
    return queries.path(project(store, queries.reads("paths")), source, target, max_paths=max_paths, lang=lang)
