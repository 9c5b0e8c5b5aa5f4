"""The store protocol and the merge rules every store follows.

A store keeps, for each node and edge, one *contribution* per source (document or table). The
node or edge a reader sees is the merge of its contributions in load order: later properties
win, aliases and evidence are unioned. Keeping contributions apart is what lets a reloaded
document replace exactly its own facts and leave everything else alone.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from operator import attrgetter
from typing import Any, Protocol, runtime_checkable

import networkx as nx

from ..model import Edge, Evidence, GraphDelta, Node, ProjectionFilter, StoreCounts
from ..schema import ActorKind, Label, RelationType

__all__ = [
    "GraphStore",
    "CypherStore",
    "merge_contributions",
    "merge_evidence",
    "merge_aliases",
    "dedupe_delta",
    "split_delta",
    "node_contributions",
    "split_edges",
    "edge_contribution",
    "chunks",
    "node_attributes",
    "edge_attributes",
    "build_multidigraph",
]


@runtime_checkable
class GraphStore(Protocol):
    """What every store offers. Use as a context manager; every write is one transaction."""

    def upsert(self, delta: GraphDelta, *, replace_source: bool = False) -> dict[str, int]:
        """Merge a delta by id. With ``replace_source`` the source's earlier contributions are
        removed first, in the same transaction. Returns counts of nodes/edges added, updated and
        unchanged."""
        ...

    def remove_source(self, source_id: str) -> dict[str, int]:
        """Remove one source's contributions; nodes and edges left with none are deleted."""
        ...

    def projection(self, filters: ProjectionFilter | None = None) -> nx.MultiDiGraph:
        """The graph as networkx, reading only what ``filters`` keeps."""
        ...

    def counts(self) -> StoreCounts: ...

    def sources(self) -> list[dict[str, Any]]: ...

    def contributions(self) -> tuple[list[dict[str, Any]], list[tuple[str, str, dict[str, Any]]],
                                     list[tuple[str, str, dict[str, Any]]]]:
        """Everything as stored, for copying to another store: the sources in load order, then
        (id, source id, contribution) for every node and every edge."""
        ...

    def describe(self) -> str:
        """Which store this is, for people (a file path, or a server and database)."""
        ...

    def close(self) -> None: ...

    def __enter__(self) -> GraphStore: ...

    def __exit__(self, *exc: object) -> None: ...


@runtime_checkable
class CypherStore(GraphStore, Protocol):
    """A store that also runs an analyst's own Cypher (Neo4j)."""

    def cypher(self, query: str, params: dict[str, Any] | None = None, *,
               write: bool = False) -> tuple[list[str], list[dict[str, Any]]]:
        """Column names and records (values made plain) of ``query``; read-only unless ``write``."""
        ...


def chunks(items: list[Any], size: int) -> Iterator[list[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def merge_evidence(*lists: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """Union of evidence dicts in order, without duplicates (same source, hash and span)."""
    seen: set[tuple[Any, ...]] = set()
    out: list[dict[str, Any]] = []
    for items in lists:
        for ev in items:
            key = (ev["source_id"], ev["source_hash"], ev["start"], ev["end"])
            if key not in seen:
                seen.add(key)
                out.append(ev)
    return out


def merge_aliases(*lists: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(a for items in lists for a in items))


def merge_contributions(contribs: Iterable[dict[str, Any]]) -> dict[str, Any] | None:
    """Fold contributions (oldest first) into what readers see; ``None`` if there are none.

    Each contribution has ``properties``, ``evidence`` and, for nodes, ``label``, ``kind``,
    ``name`` and ``aliases``; the result has the same keys plus ``sources``.
    """
    merged: dict[str, Any] | None = None
    for c in contribs:
        if merged is None:
            merged = {k: v for k, v in c.items() if k not in ("source_id",)}
            merged["properties"] = dict(c.get("properties") or {})
            merged["evidence"] = list(c.get("evidence") or [])
            merged["sources"] = [c["source_id"]]
            if "aliases" in c:
                merged["aliases"] = list(c["aliases"])
            continue
        for key in ("label", "kind", "name", "src", "dst", "type"):
            if key in c:
                merged[key] = c[key]
        merged["properties"].update(c.get("properties") or {})
        merged["evidence"] = merge_evidence(merged["evidence"], c.get("evidence") or [])
        if "aliases" in c:
            merged["aliases"] = merge_aliases(merged.get("aliases", []), c["aliases"])
        if c["source_id"] not in merged["sources"]:
            merged["sources"].append(c["source_id"])
    return merged


def _evidence_dicts(items: list[Evidence]) -> list[dict[str, Any]]:
    # Plain attribute reads: model_dump() costs several times more, and big loads do this a lot.
    return [{"source_id": ev.source_id, "source_hash": ev.source_hash, "start": ev.start, "end": ev.end,
             "quote": ev.quote} for ev in items]


def dedupe_delta(delta: GraphDelta) -> tuple[dict[str, dict[str, Any]], dict[str, dict[str, Any]]]:
    """Collapse repeated nodes and edges of one delta into one contribution per id.

    Returns ``(nodes, edges)``, each a dict id -> contribution dict (plain JSON-able values).
    """
    return node_contributions(delta), _one_per_id(
        ((e.id, edge_contribution(e, delta.source.id)) for e in delta.edges), delta.source.id)


def split_delta(delta: GraphDelta) -> tuple[dict[str, dict[str, Any]], dict[str, dict[str, Any]], list[Edge]]:
    """Like ``dedupe_delta``, but the edges that need no merging (named once, without properties
    of their own) are set aside as the delta's own objects, for a store to turn into
    contributions (``edge_contribution``) later, or only when it writes them."""
    return node_contributions(delta), *split_edges(delta)


def node_contributions(delta: GraphDelta) -> dict[str, dict[str, Any]]:
    """The nodes half of ``dedupe_delta``."""
    source_id = delta.source.id
    return _one_per_id(((n.id, _node_contribution(n, source_id)) for n in delta.nodes), source_id)


_EDGE_KEY = attrgetter("source", "type", "target")


def split_edges(delta: GraphDelta) -> tuple[dict[str, dict[str, Any]], list[Edge]]:
    """The edges half of ``split_delta``: (contributions of the edges to merge, plain edges)."""
    edges = delta.edges
    if len(set(map(_EDGE_KEY, edges))) == len(edges):  # no edge named twice, the usual case
        plain = [e for e in edges if not e.properties]
        rest = [e for e in edges if e.properties] if len(plain) < len(edges) else []
    else:
        named = Counter(map(_EDGE_KEY, edges))
        plain = [e for e in edges if not e.properties and named[_EDGE_KEY(e)] == 1]
        rest = [e for e in edges if e.properties or named[_EDGE_KEY(e)] > 1]
    return _one_per_id(((e.id, edge_contribution(e, delta.source.id)) for e in rest), delta.source.id), plain


def _one_per_id(items: Iterable[tuple[str, dict[str, Any]]], source_id: str) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    for item_id, c in items:
        if item_id in out:
            c = merge_contributions([out[item_id], c]) or c
            c.pop("sources", None)
            c["source_id"] = source_id
        out[item_id] = c
    return out


# Plain values of the vocabulary's members by dict look-up: an enum's ``.value`` is a
# descriptor call, and big loads read it for every node and edge.
_VALUES: dict[Any, str] = {m: m.value for enum in (Label, ActorKind, RelationType) for m in enum}


def _node_contribution(n: Node, source_id: str) -> dict[str, Any]:
    return {
        "source_id": source_id,
        "label": _VALUES[n.label],
        "kind": _VALUES[n.kind] if n.kind else None,
        "name": n.name,
        "aliases": list(n.aliases),
        "properties": dict(n.properties),
        "evidence": _evidence_dicts(n.evidence),
    }


def edge_contribution(e: Edge, source_id: str) -> dict[str, Any]:
    return {
        "source_id": source_id,
        "src": e.source,
        "dst": e.target,
        "type": _VALUES[e.type],
        "properties": dict(e.properties),
        "evidence": _evidence_dicts(e.evidence),
    }


def node_attributes(merged: dict[str, Any], with_evidence: bool) -> dict[str, Any]:
    """The networkx attributes of a node: model fields, then its properties, flat."""
    attrs: dict[str, Any] = {"label": merged["label"]}
    if merged.get("kind"):  # only actors have a kind
        attrs["kind"] = merged["kind"]
    attrs |= {
        "name": merged["name"],
        "aliases": merged.get("aliases", []),
        "sources": merged.get("sources", []),
    }
    attrs.update(merged.get("properties") or {})
    if with_evidence:
        attrs["evidence"] = merged.get("evidence", [])
    return attrs


def edge_attributes(merged: dict[str, Any], with_evidence: bool) -> dict[str, Any]:
    attrs: dict[str, Any] = {"type": merged["type"], "sources": merged.get("sources", [])}
    attrs.update(merged.get("properties") or {})
    if with_evidence:
        attrs["evidence"] = merged.get("evidence", [])
    return attrs


def build_multidigraph(nodes: Iterable[tuple[str, dict[str, Any]]],
                       edges: Iterable[tuple[str, str, str, dict[str, Any]]]) -> nx.MultiDiGraph:
    """A MultiDiGraph of ``(id, attrs)`` nodes and ``(src, dst, key, attrs)`` edges, in order,
    each attrs dict used as is.

    The same graph ``add_nodes_from`` / ``add_edges_from`` build, filled through networkx's
    adjacency dicts directly: for a million edges the per-edge checks and copies of
    ``add_edge`` were half of a projection's time. Every endpoint must be among ``nodes`` and
    each (src, dst, key) must come once; tests/graph compares the result with networkx's own.
    """
    G = nx.MultiDiGraph()
    node, succ, pred = G._node, G._succ, G._pred
    for node_id, attrs in nodes:
        node[node_id] = attrs
        succ[node_id] = {}
        pred[node_id] = {}
    for src, dst, key, attrs in edges:
        keys = succ[src].get(dst)
        if keys is None:
            keys = succ[src][dst] = pred[dst][src] = {}
        keys[key] = attrs
    return G
