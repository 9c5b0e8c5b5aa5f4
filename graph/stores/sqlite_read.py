"""The read side of the embedded store: projection, counts, sources and raw contributions.

Rows are keyed by small integers (see ``sqlite.py``); readers see only the text ids. Each
function takes a cursor already inside a read transaction, so nodes and edges come from the
same snapshot.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from operator import itemgetter
from typing import Any

import networkx as nx
import numpy as np

from ..model import ProjectionFilter, StoreCounts
from ..schema import Label, RelationType
from .base import EDGE, NODE, as_dict, decode, edge_attributes, merged_evidence, node_attributes
from .sqlite_packed import KEY_DTYPE, each_source

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
    node_where, node_params = _node_where(f)
    cached_loads = _cached_loads()
    ids: dict[int, str] = {}  # node key -> public id, to name edge endpoints without a join
    node_rows = cur.execute("SELECT id, label, kind, name, aliases, properties, key FROM nodes"
                            + node_where, node_params).fetchall()
    node_rows.sort(key=itemgetter(0))  # id order, as readers and the Neo4j parity tests expect
    keys_in_id_order = [row[-1] for row in node_rows]
    node_sources = _Holders(cur, NODE).lists(np.array(keys_in_id_order, dtype=np.int64))
    node_evidence = _evidence(cur, NODE, set(keys_in_id_order)) if f.with_evidence else {}
    nodes = []
    for (nid, label, kind, name, aliases, props, key), sources in zip(node_rows, node_sources):
        ids[key] = nid
        nodes.append((nid, node_attributes(label, kind, name, cached_loads(aliases), cached_loads(props), sources,
                                           node_evidence.get(key, []) if f.with_evidence else None)))
    del node_rows, node_sources
    edge_clauses: list[str] = []
    edge_params: list[Any] = []
    if f.relation_types:
        edge_clauses.append(f"type IN ({','.join('?' * len(f.relation_types))})")
        edge_params += sorted(t.value for t in f.relation_types)
    if node_where:
        # Each edge is tested against the kept node keys (the unary plus keeps SQLite from
        # driving the scan from the node side should an index on edge ends come back).
        edge_clauses.append(f"+src IN (SELECT key FROM nodes{node_where}) AND +dst IN (SELECT key FROM nodes{node_where})")
        edge_params += node_params + node_params
    edge_where = " WHERE " + " AND ".join(edge_clauses) if edge_clauses else ""
    edge_rows = cur.execute("SELECT src, type, dst, properties, key FROM edges" + edge_where, edge_params).fetchall()
    edge_rows = _in_edge_id_order(edge_rows, ids, keys_in_id_order)
    edge_keys = np.fromiter(map(itemgetter(-1), edge_rows), dtype=np.int64, count=len(edge_rows))
    edge_sources = _Holders(cur, EDGE).lists(edge_keys)
    edge_evidence = _evidence(cur, EDGE, set(edge_keys.tolist())) if f.with_evidence else None
    G = nx.MultiDiGraph()
    G.add_nodes_from(nodes)
    G.add_edges_from(_edges(edge_rows, edge_sources, ids, edge_evidence))
    return G


class _Holders:
    """Who holds each item of one table, in merge order, read from the sources' key arrays:
    all keys sorted once by numpy (stably, so each item's sources stay in merge order), then
    each item's run of sources found by its key, which indexes the runs directly."""

    def __init__(self, cur: sqlite3.Cursor, tbl: int) -> None:
        rows = cur.execute("SELECT s.id, h.keys FROM held h JOIN sources s ON s.key=h.source WHERE h.tbl=? "
                           "ORDER BY s.seq", (tbl,)).fetchall()
        arrays = [np.frombuffer(blob, dtype=KEY_DTYPE) for _, blob in rows]
        keys = np.concatenate(arrays) if arrays else np.empty(0, dtype=KEY_DTYPE)
        owners = np.repeat(np.arange(len(rows)), [len(a) for a in arrays])
        order = np.argsort(keys, kind="stable")
        keys = keys[order]
        source_ids = [source_id for source_id, _ in rows]
        self._names = [source_ids[i] for i in owners[order].tolist()]
        # Run bounds by item key: keys are small positive integers, so arrays indexed by key
        # replace a binary search per item.
        size = int(keys[-1]) + 2 if len(keys) else 1
        self._first = np.zeros(size, dtype=np.int64)
        self._last = np.zeros(size, dtype=np.int64)
        starts = np.flatnonzero(np.r_[True, keys[1:] != keys[:-1]]) if len(keys) else np.empty(0, dtype=np.int64)
        self._first[keys[starts]] = starts
        self._last[keys[starts]] = np.r_[starts[1:], len(keys)]

    def lists(self, item_keys: np.ndarray) -> list[list[str]]:
        """The source ids holding each of ``item_keys``, each a new list."""
        wanted = item_keys.copy()
        inside = wanted < len(self._first)
        wanted[~inside] = 0  # key 0 is never used: an empty run
        names = self._names
        return [names[a:b] for a, b in zip(self._first[wanted].tolist(), self._last[wanted].tolist())]


def _edges(rows: list[tuple[Any, ...]], sources: list[list[str]], ids: dict[int, str],
           evidence: dict[int, list[Any]] | None) -> Iterator[tuple[str, str, str, dict[str, Any]]]:
    """(src, dst, type, attributes) of edge rows; most have no properties to decode."""
    for (src, type_, dst, props, key), held in zip(rows, sources):
        yield ids[src], ids[dst], type_, edge_attributes(type_, decode(props) if props != "{}" else {}, held,
                                                         None if evidence is None else evidence.get(key, []))


def _in_edge_id_order(rows: list[tuple[Any, ...]], ids: dict[int, str], keys_in_id_order: list[int]) -> list[tuple[Any, ...]]:
    """Edge rows (src key, type, dst key, ...) in the order of their public ids ``src|TYPE|dst``
    (the order readers and the Neo4j store's projection give), sorted as one integer per edge
    by numpy instead of comparing a million long strings.

    Ids without "|" make that order the order of (src + "|", TYPE + "|", dst): ``src + "|"``
    is then never a prefix of another endpoint's, so comparing whole ids never looks past it
    unless the sources are equal, and likewise for the type. Ids with "|" sort the strings."""
    if any("|" in i for i in ids.values()):
        return sorted(rows, key=lambda r: f"{ids[r[0]]}|{r[1]}|{ids[r[2]]}")
    if not rows:
        return rows
    # Ranks indexed by node key, so numpy computes every edge's sort key at once (map and
    # itemgetter run in C: no Python code per edge).
    n = len(keys_in_id_order)
    dst_rank = np.zeros(max(ids) + 1, dtype=np.int64)
    dst_rank[keys_in_id_order] = np.arange(n)
    src_rank = np.zeros_like(dst_rank)
    src_rank[sorted(keys_in_id_order, key=lambda k: ids[k] + "|")] = np.arange(n)
    types = sorted(RelationType, key=lambda t: t.value + "|")
    type_rank = {t.value: rank for rank, t in enumerate(types)}
    count = len(rows)
    src = np.fromiter(map(itemgetter(0), rows), dtype=np.int64, count=count)
    type_ = np.fromiter(map(type_rank.__getitem__, map(itemgetter(1), rows)), dtype=np.int64, count=count)
    dst = np.fromiter(map(itemgetter(2), rows), dtype=np.int64, count=count)
    # src rank * types * nodes stays far below 2**63 for any graph that fits in memory.
    keys = (src_rank[src] * len(types) + type_) * n + dst_rank[dst]
    return list(map(rows.__getitem__, np.argsort(keys, kind="stable").tolist()))


def _evidence(cur: sqlite3.Cursor, tbl: int, wanted: set[int]) -> dict[int, list[Any]]:
    """Evidence of the ``wanted`` items of a table by key, each source's in merge order."""
    out: dict[int, list[Any]] = {}
    for _, keys, records in each_source(cur, tbl):
        for key, record in zip(keys.tolist(), records):
            if key in wanted:
                out.setdefault(key, []).extend(record[-1])
    return {k: merged_evidence(v) for k, v in out.items()}


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
    edge, ordered by (id, source id)."""
    node_ids = dict(cur.execute("SELECT key, id FROM nodes"))
    ends = {key: (node_ids[src], type_, node_ids[dst]) for key, src, type_, dst in
            cur.execute("SELECT key, src, type, dst FROM edges")}
    nodes = [(node_ids[key], source_id, as_dict(NODE, record))
             for source_id, keys, records in each_source(cur, NODE) for key, record in zip(keys.tolist(), records)]
    edges = []
    for source_id, keys, records in each_source(cur, EDGE):
        for key, record in zip(keys.tolist(), records):
            src, type_, dst = ends[key]
            body = as_dict(EDGE, record, (src, type_, dst))
            edges.append((f"{src}|{type_}|{dst}", source_id, body))
    nodes.sort(key=itemgetter(0, 1))
    edges.sort(key=itemgetter(0, 1))
    return read_sources(cur), nodes, edges


def _cached_loads() -> Any:
    """json.loads that decodes each distinct text once: most rows share '{}', '[]' and a few
    source lists, and decoding dominates the projection's time otherwise."""
    cache: dict[str, Any] = {}

    def cached_loads(text: str) -> Any:
        value = cache.get(text)
        if value is None:
            value = decode(text)
            if len(cache) < 100_000:
                cache[text] = value
        # Containers are shared between rows: hand out copies so a caller's change stays local.
        return value.copy() if isinstance(value, (list, dict)) else value

    return cached_loads
