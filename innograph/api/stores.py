"""The store as a whole: counts, export, an analyst's Cypher, and copying between stores."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import networkx as nx

from innograph.core.errors import QueryError
from innograph.graph.export import export_graph
from innograph.graph.model import ProjectionFilter, StoreCounts
from innograph.graph.stores import CypherStore, GraphStore
from innograph.graph.stores.copying import copy_graph

__all__ = ["NEEDS_NEO4J", "stats", "export", "cypher", "copy"]

NEEDS_NEO4J = ("Cypher needs Neo4j; point innograph at a server with --neo4j bolt://HOST:7687 or NEO4J_URI "
               "(see README)")


def stats(store: GraphStore) -> StoreCounts:
    """Counts of nodes and edges by label, kind and type."""
    return store.counts()


def export(store: GraphStore, fmt: str, out: str | os.PathLike[str]) -> tuple[Path, nx.MultiDiGraph]:
    """Export the whole graph (with evidence) as json, graphml or gexf; returns the file and the graph."""
    G = store.projection(ProjectionFilter(with_evidence=True))
    return export_graph(G, fmt, out), G


def cypher(store: GraphStore, query: str, params: dict[str, Any] | None = None, *,
           write: bool = False) -> tuple[list[str], list[dict[str, Any]]]:
    """Run an analyst's Cypher on a Neo4j store: column names and records (read-only unless ``write``)."""
    if not isinstance(store, CypherStore):
        raise QueryError(NEEDS_NEO4J)
    return store.cypher(query, params, write=write)


def copy(origin: GraphStore, target: GraphStore, *, clear: bool = False) -> tuple[StoreCounts, StoreCounts]:
    """Make ``target`` hold ``origin``'s graph, each source's contributions intact (``push`` /
    ``pull``); returns both stores' counts, checked to be equal. ``clear``: also remove the
    sources ``origin`` does not have (otherwise their presence is an error)."""
    return copy_graph(origin, target, clear=clear)
