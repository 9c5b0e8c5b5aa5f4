"""Queries: pure functions over the store's networkx projection, each returning a pydantic result.

Every function takes the projection ``G`` (``store.projection(...)``) and keyword options; none
touches a store or a file. The CLI's analysis commands and the viz layer (map sizes, community
colours, recommended links) call these names; they are the stable public API.

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

from .brokers import BrokerRow, BrokersResult, brokerage_roles, brokers
from .centrality import MEASURES, CentralityResult, CentralityRow, centrality, centrality_scores
from .communities import CommunitiesResult, Community, communities, community_name
from .gaps import (
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
from .helix import HelixResult, HelixRow, co_information, helix
from .linkpred import PairEvidence, PairScorer
from .network import (
    NETWORK_LABELS,
    NETWORK_TYPES,
    TIES,
    actor_network,
    actor_task_graph,
    check_industry,
    industries_of,
    resolve_actor,
    role_of,
)
from .paths import PathResult, PathStep, path
from .recommend import Recommendation, RecommendResult, recommend, recommend_all
from .targets import TargetRow, TargetsResult, UnmatchedAchievement, targets

__all__ = [
    # the network every query works on
    "NETWORK_LABELS", "NETWORK_TYPES", "TIES", "actor_network", "actor_task_graph", "industries_of", "resolve_actor",
    "role_of", "check_industry",
    # centrality
    "MEASURES", "CentralityRow", "CentralityResult", "centrality", "centrality_scores",
    # communities
    "Community", "CommunitiesResult", "communities", "community_name",
    # brokers
    "BrokerRow", "BrokersResult", "brokers", "brokerage_roles",
    # gaps
    "GapPair", "gap_pairs", "UnlinkedActor", "unlinked_actors", "TaskGap", "task_gaps", "DepartmentLoad",
    "LoadResult", "department_load", "HelixGap", "helix_gaps",
    # recommendations
    "PairEvidence", "PairScorer", "Recommendation", "RecommendResult", "recommend", "recommend_all",
    # helix
    "HelixRow", "HelixResult", "helix", "co_information",
    # targets and paths
    "TargetRow", "UnmatchedAchievement", "TargetsResult", "targets",
    "PathStep", "PathResult", "path",
]
