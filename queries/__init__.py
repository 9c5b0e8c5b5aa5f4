"""Queries: pure functions over the store's networkx projection, each returning a pydantic result.

Every function takes the projection ``G`` (``store.projection(...)``) and keyword options; none
touches a store or a file. The viz layer and the CLI call these names.
"""

from __future__ import annotations

from .brokers import BrokerRow, BrokersResult, brokerage_roles, brokers
from .centrality import MEASURES, CentralityResult, CentralityRow, centrality, centrality_scores
from .communities import CommunitiesResult, Community, communities, community_name
from .network import actor_network, actor_task_graph, industries_of, resolve_actor, role_of

__all__ = [
    "actor_network",
    "actor_task_graph",
    "industries_of",
    "resolve_actor",
    "role_of",
    "MEASURES",
    "CentralityRow",
    "CentralityResult",
    "centrality",
    "centrality_scores",
    "Community",
    "CommunitiesResult",
    "communities",
    "community_name",
    "BrokerRow",
    "BrokersResult",
    "brokers",
    "brokerage_roles",
]
