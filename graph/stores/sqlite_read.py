"""The read side of the embedded store: projection, counts, sources and raw contributions.

Rows are keyed by small integers (see ``sqlite.py``); readers see only the text ids. Each
function takes a cursor already inside a read transaction, so nodes and edges come from the
same snapshot.
"""

from __future__ import annotations

import sqlite3
from operator import itemgetter
from typing import Any

import networkx as nx

from ..model import ProjectionFilter, StoreCounts
from ..schema import Label
from .base import edge_attributes, merge_evidence, node_attributes
from .jsontext import loads

__all__ = ["read_projection", "read_counts", "read_sources", "read_contributions"]

_SOURCE_COLUMNS = ("id", "path", "sha256", "title", "kind")


def _node_where(f: ProjectionFilter) -> tuple[str, list[Any]]:
    clauses: list[str] = []
    params: list[Any] = []
    if f.labels:
        clauses.append(f"label IN ({','.join('?' * len(f.labels))})")
        params += sorted(label.value for label in f.labels)
    if f.kinds:
        clauses.append(f"(label <> 'Actor' OR kind IN ({','.join('?' * len(f.kinds))}))")
        params += sorted(k.value for k in f.kinds)
    return (" WHERE " + " AND ".join(clauses) if clauses else ""), params


def read_projection(cur: sqlite3.Cursor, f: ProjectionFilter) -> nx.MultiDiGraph:
    G = nx.MultiDiGraph()
    node_where, node_params = _node_where(f)
    evidence = _evidence(cur, "node_contrib", "nodes", node_where, node_params) if f.with_evidence else {}
    cached_loads = _cached_loads()
    ids: dict[int, str] = {}  # node key -> public id, to name edge endpoints without a join
    node_rows = []
    for key, nid, label, kind, name, aliases, props, sources in cur.execute(
            "SELECT key, id, label, kind, name, aliases, properties, sources FROM nodes" + node_where, node_params):
        ids[key] = nid
        node_rows.append((nid, label, kind, name, aliases, props, sources, key))
    node_rows.sort(key=itemgetter(0))  # id order, as readers and the Neo4j parity tests expect
    G.add_nodes_from(
        (nid, node_attributes({"label": label, "kind": kind, "name": name, "aliases": cached_loads(aliases),
                               "properties": cached_loads(props), "sources": cached_loads(sources),
                               "evidence": evidence.get(key, [])}, f.with_evidence))
        for nid, label, kind, name, aliases, props, sources, key in node_rows)
    edge_clauses: list[str] = []
    edge_params: list[Any] = []
    if f.relation_types:
        edge_clauses.append(f"type IN ({','.join('?' * len(f.relation_types))})")
        edge_params += sorted(t.value for t in f.relation_types)
    if node_where:
        # The unary plus keeps SQLite from probing the (src, type, dst) index once per pair of
        # kept nodes (quadratic); each edge of the type is tested against the kept keys instead.
        edge_clauses.append(f"+src IN (SELECT key FROM nodes{node_where}) AND +dst IN (SELECT key FROM nodes{node_where})")
        edge_params += node_params + node_params
    edge_where = " WHERE " + " AND ".join(edge_clauses) if edge_clauses else ""
    edge_evidence = _evidence(cur, "edge_contrib", "edges", edge_where, edge_params) if f.with_evidence else {}
    del node_rows
    # Edges are added in order of their public id ``src|TYPE|dst``, as before integer keys.
    edge_rows = [(f"{ids[src]}|{type_}|{ids[dst]}", ids[src], ids[dst], type_, props, sources, key)
                 for key, src, dst, type_, props, sources in cur.execute(
                     "SELECT key, src, dst, type, properties, sources FROM edges" + edge_where, edge_params)]
    edge_rows.sort(key=itemgetter(0))
    G.add_edges_from(
        (src, dst, type_, edge_attributes({"type": type_, "properties": cached_loads(props), "sources": cached_loads(sources),
                                           "evidence": edge_evidence.get(key, [])}, f.with_evidence))
        for _, src, dst, type_, props, sources, key in edge_rows)
    return G


def _evidence(cur: sqlite3.Cursor, contrib: str, table: str, where: str, params: list[Any]) -> dict[int, list[Any]]:
    """Evidence of the nodes or edges ``where`` keeps (by key), each source's in load order."""
    out: dict[int, list[Any]] = {}
    query = (f"SELECT c.item, c.evidence FROM {contrib} c JOIN sources s ON s.key=c.source "
             f"WHERE c.item IN (SELECT key FROM {table}{where}) ORDER BY s.seq")
    for key, body in cur.execute(query, params):
        out.setdefault(key, []).extend(loads(body))
    return {k: merge_evidence(v) for k, v in out.items()}


def read_counts(cur: sqlite3.Cursor) -> StoreCounts:
    by_label = dict(cur.execute("SELECT label, COUNT(*) FROM nodes GROUP BY label ORDER BY label").fetchall())
    by_type = dict(cur.execute("SELECT type, COUNT(*) FROM edges GROUP BY type ORDER BY type").fetchall())
    by_kind = dict(cur.execute(
        "SELECT kind, COUNT(*) FROM nodes WHERE label=? GROUP BY kind ORDER BY kind", (Label.ACTOR.value,)).fetchall())
    sources = cur.execute("SELECT COUNT(*) FROM sources").fetchone()[0]
    return StoreCounts(nodes=sum(by_label.values()), edges=sum(by_type.values()), by_label=by_label,
                       by_type=by_type, by_kind=by_kind, sources=sources)


def read_sources(cur: sqlite3.Cursor) -> list[dict[str, Any]]:
    return [dict(zip(_SOURCE_COLUMNS, row)) for row in cur.execute(
        "SELECT id, path, sha256, title, kind FROM sources ORDER BY seq")]


def read_contributions(cur: sqlite3.Cursor) -> tuple[list[dict[str, Any]], list[tuple[str, str, dict[str, Any]]],
                                                     list[tuple[str, str, dict[str, Any]]]]:
    """The sources in load order, then (id, source id, contribution) for every node and every
    edge, ordered by (id, source id) as the text-keyed tables were."""
    nodes = ("SELECT n.id, s.id, c.body, c.evidence FROM node_contrib c JOIN nodes n ON n.key=c.item "
             "JOIN sources s ON s.key=c.source ORDER BY n.id, s.id")
    edges = ("SELECT a.id || '|' || e.type || '|' || b.id AS eid, s.id, c.body, c.evidence FROM edge_contrib c "
             "JOIN edges e ON e.key=c.item JOIN nodes a ON a.key=e.src JOIN nodes b ON b.key=e.dst "
             "JOIN sources s ON s.key=c.source ORDER BY eid, s.id")
    parts = [[(item_id, source_id, loads(body) | {"evidence": loads(evidence)})
              for item_id, source_id, body, evidence in cur.execute(query)] for query in (nodes, edges)]
    return read_sources(cur), parts[0], parts[1]


def _cached_loads() -> Any:
    """json.loads that decodes each distinct text once: most rows share '{}', '[]' and a few
    source lists, and decoding dominates the projection's time otherwise."""
    cache: dict[str, Any] = {}

    def cached_loads(text: str) -> Any:
        value = cache.get(text)
        if value is None:
            value = loads(text)
            if len(cache) < 100_000:
                cache[text] = value
        # Containers are shared between rows: hand out copies so a caller's change stays local.
        return value.copy() if isinstance(value, (list, dict)) else value

    return cached_loads
