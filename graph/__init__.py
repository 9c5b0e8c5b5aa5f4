"""The graph model, its vocabulary, stores and the networkx projection."""

from .model import Edge, Evidence, GraphDelta, Node, ProjectionFilter, Source, StoreCounts, make_node_id, normalize_name
from .schema import ActorKind, HelixRole, Label, RelationType

__all__ = [
    "ActorKind",
    "HelixRole",
    "Label",
    "RelationType",
    "Edge",
    "Evidence",
    "GraphDelta",
    "Node",
    "ProjectionFilter",
    "Source",
    "StoreCounts",
    "make_node_id",
    "normalize_name",
]
