"""Export the projection to files other tools open: JSON (node-link), GraphML and GEXF (Gephi).

GraphML and GEXF hold only scalar attributes, so lists (aliases, sources) and evidence are
written as JSON text; ``read_graph`` turns them back, so an export reads back to the same graph.
"""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import networkx as nx

from innograph.core.errors import InnographError
from innograph.core.files import atomic_write_bytes, atomic_write_text

__all__ = ["EXPORT_FORMATS", "export_graph", "read_graph"]

EXPORT_FORMATS = ("json", "graphml", "gexf")
_JSON_PREFIX = "json:"  # marks an attribute that was a list or dict before export


def _flatten(attrs: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in attrs.items():
        if value is None:
            continue
        if isinstance(value, (list, dict, tuple)):
            out[key] = _JSON_PREFIX + json.dumps(value, ensure_ascii=False)
        else:
            out[key] = value
    return out


def _unflatten(attrs: dict[str, Any]) -> dict[str, Any]:
    return {k: json.loads(v[len(_JSON_PREFIX):]) if isinstance(v, str) and v.startswith(_JSON_PREFIX) else v
            for k, v in attrs.items()}


def _scalar_copy(G: nx.MultiDiGraph) -> nx.MultiDiGraph:
    H = nx.MultiDiGraph()
    H.add_nodes_from((n, _flatten(d)) for n, d in G.nodes(data=True))
    H.add_edges_from((u, v, k, _flatten(d)) for u, v, k, d in G.edges(keys=True, data=True))
    return H


def export_graph(G: nx.MultiDiGraph, fmt: str, out: str | Path) -> Path:
    """Write ``G`` to ``out`` as ``json``, ``graphml`` or ``gexf``, UTF-8, atomically."""
    if fmt == "json":
        data = nx.node_link_data(G, edges="edges")
        return atomic_write_text(out, json.dumps(data, ensure_ascii=False, indent=1))
    if fmt == "graphml":
        buf = io.BytesIO()
        nx.write_graphml(_scalar_copy(G), buf, encoding="utf-8")
        return atomic_write_bytes(out, buf.getvalue())
    if fmt == "gexf":
        buf = io.BytesIO()
        H = _scalar_copy(G)
        # Gephi shows the "label" attribute as the node caption: use the actor's name.
        for _, d in H.nodes(data=True):
            d["node_label"] = d.pop("label", "")
            if "name" in d:
                d["label"] = d["name"]
        # GEXF reserves an edge's "type" for directed/undirected.
        for _, _, d in H.edges(data=True):
            d["relation_type"] = d.pop("type")
        nx.write_gexf(H, buf, encoding="utf-8")
        return atomic_write_bytes(out, buf.getvalue())
    raise InnographError(f"unknown export format {fmt!r}; choose one of {', '.join(EXPORT_FORMATS)}")


def read_graph(path: str | Path, fmt: str | None = None) -> nx.MultiDiGraph:
    """Read an exported file back into the projection's shape."""
    p = Path(path)
    fmt = fmt or p.suffix.lstrip(".").lower()
    if fmt == "json":
        data = json.loads(p.read_text(encoding="utf-8"))
        return nx.node_link_graph(data, directed=True, multigraph=True, edges="edges")
    if fmt == "graphml":
        H = nx.read_graphml(p, force_multigraph=True)
    elif fmt == "gexf":
        H = nx.read_gexf(p)
        for _, d in H.nodes(data=True):
            d.pop("label", None)  # GEXF's own caption, a copy of the name
            d["label"] = d.pop("node_label", "")
    else:
        raise InnographError(f"cannot read {p}: unknown format {fmt!r}")
    G = nx.MultiDiGraph()
    G.add_nodes_from((n, _unflatten(d)) for n, d in H.nodes(data=True))
    edges = H.edges(keys=True, data=True) if H.is_multigraph() else ((u, v, None, d) for u, v, d in H.edges(data=True))
    for u, v, k, d in edges:
        attrs = _unflatten(d)
        attrs.pop("id", None)
        if fmt == "gexf":
            attrs.pop("type", None)
            attrs["type"] = attrs.pop("relation_type")
        G.add_edge(u, v, key=attrs.get("type", k), **attrs)
    return G
