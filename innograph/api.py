"""Library twins of the CLI's store-wide commands: everything the CLI does can be done here."""

from __future__ import annotations

from pathlib import Path

import networkx as nx

from .graph.export import export_graph
from .graph.model import ProjectionFilter, StoreCounts
from .graph.stores import GraphStore

__all__ = ["stats", "export"]


def stats(store: GraphStore) -> StoreCounts:
    """Counts of nodes and edges by label, kind and type."""
    return store.counts()


def export(store: GraphStore, fmt: str, out: str | Path) -> tuple[Path, nx.MultiDiGraph]:
    """Export the whole graph (with evidence) as json, graphml or gexf."""
    G = store.projection(ProjectionFilter(with_evidence=True))
    return export_graph(G, fmt, out), G
