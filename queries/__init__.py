"""Queries: pure functions over the store's networkx projection, each returning a pydantic result.

Every function takes the projection ``G`` (``store.projection(...)``) and keyword options; none
touches a store or a file. Each module declares what it reads from a store as data (``READS``,
see ``reads``); the use-case layer (``innograph.api``) builds that projection once and calls
these names, and so do the views (map sizes, community colours). They are the stable public API.

>>> import networkx as nx
>>> from innograph import queries
>>> G = nx.MultiDiGraph()
>>> for n, k in [("企", "enterprise"), ("学", "university"), ("局", "government")]:
...     G.add_node(n, label="Actor", kind=k, name=n)
>>> for u, v in [("企", "局"), ("学", "局")]:
...     _ = G.add_edge(u, v, key="PARTNERS_WITH", type="PARTNERS_WITH")
>>> queries.centrality(G, measure="degree").rows[0].name
'局'
"""

from __future__ import annotations

import sys

from .brokers import BrokerRow, BrokersResult, brokerage_roles, brokers
from .centrality import MEASURES, CentralityResult, CentralityRow, centrality, centrality_scores
from .communities import CommunitiesResult, Community, communities, community_name
from .gaps import (
    GAP_VIEWS,
    DepartmentLoad,
    GapPair,
    HelixGap,
    LoadResult,
    TaskGap,
    UnlinkedActor,
    department_load,
    gap_pairs,
    helix_gaps,
    task_gaps,
    unlinked_actors,
)
from .findings import Findings, GraphCounts, Recommended, findings, graph_counts
from .helix import HelixResult, HelixRow, co_information, helix
from .linkpred import PairEvidence, PairScorer
from .network import (
    EVERYTHING,
    NETWORK_LABELS,
    NETWORK_READS,
    NETWORK_TYPES,
    TIES,
    Reads,
    actor_network,
    actor_task_graph,
    check_industry,
    industries_of,
    resolve_actor,
    role_of,
)
from .pairing import own_facility_pairs
from .paths import PathResult, PathStep, path
from .recommend import Recommendation, RecommendResult, recommend, recommend_all
from .targets import TargetRow, TargetsResult, UnmatchedAchievement, targets
from .topics import TopicFit, topic_partners

__all__ = [
    # the network every query works on
    "Reads", "reads", "EVERYTHING", "NETWORK_READS", "NETWORK_LABELS", "NETWORK_TYPES", "TIES", "actor_network", "actor_task_graph", "industries_of", "resolve_actor",
    "role_of", "check_industry",
    # centrality
    "MEASURES", "CentralityRow", "CentralityResult", "centrality", "centrality_scores",
    # communities
    "Community", "CommunitiesResult", "communities", "community_name",
    # brokers
    "BrokerRow", "BrokersResult", "brokers", "brokerage_roles",
    # gaps
    "GAP_VIEWS", "GapPair", "gap_pairs", "UnlinkedActor", "unlinked_actors", "TaskGap", "task_gaps", "DepartmentLoad",
    "LoadResult", "department_load", "HelixGap", "helix_gaps",
    # recommendations
    "PairEvidence", "PairScorer", "Recommendation", "RecommendResult", "recommend", "recommend_all",
    "own_facility_pairs", "TopicFit", "topic_partners",
    # helix
    "HelixRow", "HelixResult", "helix", "co_information",
    # targets and paths
    "TargetRow", "UnmatchedAchievement", "TargetsResult", "targets",
    "PathStep", "PathResult", "path",
    # everything the report shows, computed once
    "GraphCounts", "Recommended", "Findings", "findings", "graph_counts",
]


def reads(module: str, view: str = "pairs") -> Reads:
    """What the analyses of one module of this package read from a store (its ``READS``);
    ``view`` picks one view of the gaps (``pairs``, ``isolated``, ``tasks``, ``load``, ``helix``).

    >>> sorted(t.value for t in reads("targets").types)
    ['HAS_TARGET']
    >>> sorted(label.value for label in reads("gaps", "tasks").labels)
    ['Actor', 'Industry', 'Plan', 'Task']
    """
    # The package's attributes named after modules are functions (``centrality``); the modules
    # themselves are in sys.modules.
    declared = sys.modules[f"{__name__}.{module}"].READS
    return declared[view] if isinstance(declared, dict) else declared
