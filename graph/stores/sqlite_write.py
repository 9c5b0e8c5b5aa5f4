"""The write side of the embedded store: upsert and remove_source inside one transaction.

Readers see one *merged* row per node and edge. Each source's own contributions are packed in
one row per table (sqlite_contrib.py), so a load writes its merged rows plus two packed rows,
and the common cases of a big load stay cheap:

- an item no source had: insert its merged row;
- a reload of unchanged content (same hash, same packed records, same items): write nothing;
- an item this source already holds, unchanged, in an unchanged merge order: write nothing;
- an item other sources hold, named by the newest source: fold the record into the merged row
  (usually nothing changes: same name, no new alias or property);
- otherwise refold the item from every source holding it, in merge order.

Keys are small integers assigned here, inside the write transaction whose lock makes that safe.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from operator import itemgetter
from typing import Any

import numpy as np

from innograph.errors import StoreError

from ..model import GraphDelta
from .base import chunks
from .jsontext import dumps, loads
from .sqlite_edge_index import add_run, edge_hashes, find_edges
from .sqlite_contrib import (EDGE_TABLE, KEY_DTYPE, NODE_TABLE, delete_packed, holders, merge_records, normalized,
                             pack, read_keys, read_packed, records_of, store_packed)

__all__ = ["write_delta", "delete_source", "NodeRows"]

_CHUNK = 500  # keys per IN (...) clause; SQLite's default variable limit is 32766


class NodeRows(dict[str, tuple[Any, ...]]):
    """id -> (key, label, kind, name, aliases JSON, properties JSON) of merged node rows.

    ``complete``: it holds every stored node, so an id it lacks is a new node and needs no
    look-up. That holds from an empty table on, for as long as every write passes through it
    (a load into a new database: most of its look-ups were of nodes that did not exist yet);
    emptying it ends it."""

    complete = False

    def clear(self) -> None:
        super().clear()
        self.complete = False


_NODE_UPDATE = "UPDATE nodes SET label=?, kind=?, name=?, aliases=?, properties=? WHERE key=?"
_EDGE_UPDATE = "UPDATE edges SET properties=? WHERE key=?"


def _json(value: Any, empty: str) -> str:
    return dumps(value) if value else empty


@dataclass
class _Load:
    """One source being written, and where it stands in the merge order."""

    cur: sqlite3.Cursor
    key: int
    seq: int
    new: bool  # registered by this transaction: it holds nothing yet
    moved: bool  # its place in the merge order changed (new content), so shared items refold
    latest: bool  # last in the merge order
    replace: bool
    seq_of: dict[int, int]  # every source's key -> seq


def write_delta(cur: sqlite3.Cursor, delta: GraphDelta, replace_source: bool, cache: NodeRows) -> dict[str, int]:
    """Write one source's delta. ``cache`` holds merged node rows this connection knows to be
    current (the caller empties it when another connection has written); it is kept current."""
    load, unchanged_place = _register_source(cur, delta.source.model_dump(), replace_source)
    nodes = records_of(NODE_TABLE, delta.nodes)
    edges = records_of(EDGE_TABLE, delta.edges)
    stats = dict.fromkeys(("nodes_added", "nodes_updated", "nodes_unchanged", "nodes_removed",
                           "edges_added", "edges_updated", "edges_unchanged", "edges_removed"), 0)
    node_body, edge_body = pack(list(nodes.values())), pack(list(edges.values()))
    if (unchanged_place and _same_packed(cur, load.key, node_body, edge_body)
            and _same_items(cur, load.key, nodes, edges, cache)):
        stats["nodes_unchanged"], stats["edges_unchanged"] = len(nodes), len(edges)
        return stats
    node_keys, removed, dangling = _write_nodes(load, nodes, node_body, cache)
    edge_removed = _write_edges(load, edges, edge_body, node_keys, cache, stats)
    stats.update({f"nodes_{k}": v for k, v in removed.items()})
    stats["edges_removed"] += dangling + edge_removed
    return stats


def delete_source(cur: sqlite3.Cursor, source_id: str) -> dict[str, int]:
    row = cur.execute("SELECT key FROM sources WHERE id=?", (source_id,)).fetchone()
    if row is None:
        return {"nodes_removed": 0, "edges_removed": 0}
    source_key = row[0]
    seq_of = dict(cur.execute("SELECT key, seq FROM sources"))
    load = _Load(cur, source_key, seq_of[source_key], new=False, moved=False, latest=False, replace=True,
                 seq_of=seq_of)
    node_keys = read_keys(cur, source_key, NODE_TABLE).tolist()
    edge_keys = read_keys(cur, source_key, EDGE_TABLE).tolist()
    delete_packed(cur, source_key)
    cur.execute("DELETE FROM sources WHERE key=?", (source_key,))
    gone_nodes, dangling = _refold(load, NODE_TABLE, node_keys, None)
    gone_edges, _ = _refold(load, EDGE_TABLE, [k for k in edge_keys if k not in dangling], None)
    return {"nodes_removed": len(gone_nodes), "edges_removed": len(gone_edges) + len(dangling)}


def _register_source(cur: sqlite3.Cursor, source: dict[str, Any], replace: bool) -> tuple[_Load, bool]:
    """Record the source and find its place in the merge order (seq). Returns the load and
    whether the source was stored before with the same content hash."""
    # A reload of unchanged content keeps its place in the merge order, so loading the same
    # file twice changes nothing even when other sources share its nodes.
    row = cur.execute("SELECT sha256, seq FROM sources WHERE id=?", (source["id"],)).fetchone()
    keeps_place = row is not None and row[0] == source["sha256"]
    seq = row[1] if keeps_place else cur.execute("SELECT COALESCE(MAX(seq), 0) + 1 FROM sources").fetchone()[0]
    cur.execute(
        "INSERT INTO sources(id, path, sha256, title, kind, seq) VALUES(?,?,?,?,?,?) "
        "ON CONFLICT(id) DO UPDATE SET path=excluded.path, sha256=excluded.sha256, "
        "title=excluded.title, kind=excluded.kind, seq=excluded.seq",
        (source["id"], source["path"], source["sha256"], source["title"], source["kind"], seq),
    )
    key = cur.execute("SELECT key FROM sources WHERE id=?", (source["id"],)).fetchone()[0]
    seq_of = dict(cur.execute("SELECT key, seq FROM sources"))
    load = _Load(cur, key, seq, new=row is None, moved=not keeps_place, latest=seq == max(seq_of.values()),
                 replace=replace, seq_of=seq_of)
    return load, keeps_place


def _same_packed(cur: sqlite3.Cursor, source: int, node_body: bytes, edge_body: bytes) -> bool:
    stored = dict(cur.execute("SELECT tbl, body FROM records WHERE source=?", (source,)))
    return stored.get(NODE_TABLE, pack([])) == node_body and stored.get(EDGE_TABLE, pack([])) == edge_body


def _same_items(cur: sqlite3.Cursor, source: int, nodes: dict[str, list[Any]],
                edges: dict[tuple[str, str, str], list[Any]], cache: NodeRows) -> bool:
    """Whether ``source`` holds exactly these node ids and edge ends, in this order. Packed
    records hold neither ids nor edge ends, so equal bodies alone do not make a reload unchanged
    (the same file read with its edges reversed packs to the same bytes)."""
    named = set(nodes)
    named.update(src for src, _, _ in edges)
    named.update(dst for _, _, dst in edges)
    _cache_node_rows(cur, list(named), cache)
    if not named.issubset(cache):
        return False
    node_keys = np.array([cache[i][0] for i in nodes], dtype=KEY_DTYPE)
    if not np.array_equal(read_keys(cur, source, NODE_TABLE), node_keys):
        return False
    stored = read_keys(cur, source, EDGE_TABLE).tolist()
    if len(stored) != len(edges):
        return False
    ends: dict[int, tuple[int, str, int]] = {}
    for part in chunks(stored, _CHUNK):
        ends.update((key, (src, type_, dst)) for key, src, type_, dst in cur.execute(
            f"SELECT key, src, type, dst FROM edges WHERE key IN ({_marks(part)})", part))
    return [ends.get(k) for k in stored] == [(cache[s][0], t, cache[d][0]) for s, t, d in edges]


@dataclass
class _Plan:
    """What one table's write decided: rows to write and items to refold."""

    keys: np.ndarray  # this source's item keys after the load, in record order
    records: list[list[Any]]
    refold: list[int]
    counts: dict[str, int]


def _own_state(load: _Load, tbl: int) -> dict[int, list[Any]]:
    """key -> record of what this source held in ``tbl`` before this load."""
    if load.new:
        return {}
    keys, records, _ = read_packed(load.cur, load.key, tbl)
    return dict(zip(keys.tolist(), map(normalized, records)))


def _classify(load: _Load, tbl: int, keys: list[int], records: list[list[Any]], is_new: list[bool],
              merged_rows: list[Any], old: dict[int, list[Any]], fold: Any) -> _Plan:
    """Decide, item by item, what a load of ``records`` (at ``keys``) does to the merged rows.

    ``merged_rows[i]`` is the stored merged row of an item that existed (``is_new[i]`` false);
    ``fold([(row, record, key), ...])`` folds records into them as the newest contribution."""
    counts = {"added": 0, "updated": 0, "unchanged": 0}
    refold: list[int] = []
    if not old:  # a first load of this source (the usual case): nothing of its own to compare
        existing = [i for i, new in enumerate(is_new) if not new]
        counts["added"], counts["updated"] = len(keys) - len(existing), len(existing)
        if load.latest:
            fold([(merged_rows[i], records[i], keys[i]) for i in existing])
        else:
            refold = [keys[i] for i in existing]
        return _Plan(np.array(keys, dtype=KEY_DTYPE), records, refold, counts)
    for i, key in enumerate(keys):
        if is_new[i]:
            counts["added"] += 1
            continue
        record = records[i]
        prev = old.get(key)
        if prev is not None and not load.replace:
            record = records[i] = merge_records(tbl, [prev, record])
        if prev == record:
            counts["unchanged"] += 1
            if load.moved:
                refold.append(key)  # same facts, but this source now merges last
            continue
        counts["updated"] += 1
        if prev is None and load.latest:
            fold([(merged_rows[i], record, key)])
        else:
            refold.append(key)
    if not load.replace and old:
        # A load that does not replace keeps what the source said before and does not repeat;
        # new content moves the source to the end of the merge order, for those items too.
        named = set(keys)
        kept = [k for k in old if k not in named]
        keys = keys + kept
        records = records + [old[k] for k in kept]
        if load.moved:
            refold += kept
    return _Plan(np.array(keys, dtype=KEY_DTYPE), records, refold, counts)


def _stale(load: _Load, plan: _Plan, old: dict[int, list[Any]]) -> list[int]:
    """Items a replacing reload no longer names: the source stops holding them."""
    if not load.replace or not old:
        return []
    current = set(plan.keys.tolist())
    return [k for k in old if k not in current]


# -- nodes ------------------------------------------------------------------------------------


def _write_nodes(load: _Load, nodes: dict[str, list[Any]], body: bytes,
                 cache: NodeRows) -> tuple[dict[str, int], dict[str, int], int]:
    cur = load.cur
    ids = list(nodes)
    records = list(nodes.values())
    rows = list(map(cache.get, ids))  # mapped in C: a big load looks up ~100,000 ids
    if None in rows and not cache.complete:
        _cache_node_rows(cur, [i for i, row in zip(ids, rows) if row is None], cache)
        rows = list(map(cache.get, ids))
    merged_rows = rows.copy()  # None for the nodes this load adds
    next_key = cur.execute("SELECT COALESCE(MAX(key), 0) + 1 FROM nodes").fetchone()[0]
    inserts = []
    for i in [i for i, row in enumerate(rows) if row is None] if None in rows else []:
        label, kind, name, aliases, props, _ = records[i]
        row = rows[i] = cache[ids[i]] = (next_key, label, kind, name, _json(aliases, "[]"), _json(props, "{}"))
        inserts.append((next_key, ids[i], *row[1:]))
        next_key += 1
    keys = list(map(itemgetter(0), rows))
    is_new = [row is None for row in merged_rows]
    cur.executemany("INSERT INTO nodes(key, id, label, kind, name, aliases, properties) VALUES(?,?,?,?,?,?,?)",
                    inserts)
    old = _own_state(load, NODE_TABLE)
    folded: list[tuple[Any, ...]] = []

    def fold(items: list[tuple[tuple[Any, ...], list[Any], int]]) -> None:
        # Most records add nothing: the same label, kind and name, no alias, no property.
        for row, record, key in [(row, r, key) for row, r, key in items
                                 if r[3] or r[4] or r[0] != row[1] or r[1] != row[2] or r[2] != row[3]]:
            merged = merge_records(NODE_TABLE, [[*row[1:4], loads(row[4]), loads(row[5]), []], record])
            values = (merged[0], merged[1], merged[2], _json(merged[3], "[]"), _json(merged[4], "{}"))
            if values != row[1:6]:
                folded.append((*values, key))

    plan = _classify(load, NODE_TABLE, keys, records, is_new, merged_rows, old, fold)
    cur.executemany(_NODE_UPDATE, folded)
    node_keys = dict(zip(ids, keys))
    if folded:
        id_of = {key: node_id for node_id, key in node_keys.items()}
        cache.update((id_of[values[-1]], (values[-1], *values[:-1])) for values in folded)
    # A replacing load holds exactly its delta's records, already packed.
    store_packed(cur, load.key, NODE_TABLE, plan.keys, body if load.replace else pack(plan.records))
    refolded = plan.refold + _stale(load, plan, old)
    gone, dangling = _refold(load, NODE_TABLE, refolded, plan)
    if refolded:
        cache.clear()  # refolded rows changed without passing through the cache
    return node_keys, {"added": plan.counts["added"], "updated": plan.counts["updated"],
                       "unchanged": plan.counts["unchanged"], "removed": len(gone)}, len(dangling)


def _cache_node_rows(cur: sqlite3.Cursor, ids: list[str], cache: NodeRows) -> None:
    """Add the merged rows of those of ``ids`` that are stored to ``cache``."""
    if cache.complete:
        return
    wanted = [i for i in ids if i not in cache]
    for part in chunks(wanted, _CHUNK):
        for node_id, *row in cur.execute(
                f"SELECT id, key, label, kind, name, aliases, properties FROM nodes WHERE id IN ({_marks(part)})", part):
            cache[node_id] = tuple(row)


def _marks(items: list[Any]) -> str:
    return ",".join("?" * len(items))


# -- edges ------------------------------------------------------------------------------------


def _write_edges(load: _Load, edges: dict[tuple[str, str, str], list[Any]], body: bytes,
                 node_keys: dict[str, int],
                 cache: NodeRows, stats: dict[str, int]) -> int:
    cur = load.cur
    try:
        src_keys = list(map(node_keys.__getitem__, map(itemgetter(0), edges)))
        dst_keys = list(map(node_keys.__getitem__, map(itemgetter(2), edges)))
    except KeyError:  # some edges end at nodes this load does not name
        _add_endpoints(cur, edges, node_keys, cache)
        src_keys = list(map(node_keys.__getitem__, map(itemgetter(0), edges)))
        dst_keys = list(map(node_keys.__getitem__, map(itemgetter(2), edges)))
    types = list(map(itemgetter(1), edges))
    ends = list(zip(src_keys, types, dst_keys))
    hashes = edge_hashes(src_keys, types, dst_keys)
    records = list(edges.values())
    existing = find_edges(cur, ends, hashes)  # position -> (key, properties JSON)
    next_key = cur.execute("SELECT COALESCE(MAX(key), 0) + 1 FROM edges").fetchone()[0]
    if existing:
        is_new = [i not in existing for i in range(len(ends))]
        added: list[int] | range = [i for i, new in enumerate(is_new) if new]
        keys = [0] * len(ends)
        for i, key in zip(added, range(next_key, next_key + len(added))):
            keys[i] = key
        for i, (key, _) in existing.items():
            keys[i] = key
        merged_rows = [existing.get(i) for i in range(len(ends))]
    else:  # a big load's usual case: every edge is new
        is_new, added = [True] * len(ends), range(len(ends))
        keys, merged_rows = list(range(next_key, next_key + len(ends))), [None] * len(ends)
    cur.executemany("INSERT INTO edges(key, src, type, dst, properties) VALUES(?,?,?,?,?)",
                    ((keys[i], *ends[i], dumps(records[i][0]) if records[i][0] else "{}") for i in added))
    new_positions = np.asarray(added, dtype=np.int64)
    add_run(cur, hashes[new_positions], np.asarray(keys, dtype=np.int64)[new_positions])
    old = _own_state(load, EDGE_TABLE)
    folded: list[tuple[Any, ...]] = []

    def fold(items: list[tuple[tuple[Any, ...], list[Any], int]]) -> None:
        for row, record, key in items:
            if record[0]:  # without properties, folding changes nothing
                merged = merge_records(EDGE_TABLE, [[loads(row[1]), []], record])
                value = _json(merged[0], "{}")
                if value != row[1]:
                    folded.append((value, key))

    plan = _classify(load, EDGE_TABLE, keys, records, is_new, merged_rows, old, fold)
    cur.executemany(_EDGE_UPDATE, folded)
    store_packed(cur, load.key, EDGE_TABLE, plan.keys, body if load.replace else pack(plan.records))
    gone, _ = _refold(load, EDGE_TABLE, plan.refold + _stale(load, plan, old), plan)
    stats.update({f"edges_{k}": v for k, v in plan.counts.items()})
    return len(gone)


def _add_endpoints(cur: sqlite3.Cursor, edges: dict[tuple[str, str, str], Any], node_keys: dict[str, int],
                   cache: NodeRows) -> None:
    """Add the stored endpoints of ``edges`` to ``node_keys``; fail on an unknown one."""
    ends = {src for src, _, _ in edges}
    ends.update(dst for _, _, dst in edges)
    wanted = sorted(ends.difference(node_keys))
    _cache_node_rows(cur, wanted, cache)
    node_keys.update((i, cache[i][0]) for i in wanted if i in cache)
    missing = [i for i in wanted if i not in node_keys]
    if missing:
        raise StoreError(f"an edge refers to node {missing[0]!r}, which is neither in this load nor in the store")


# -- refolding --------------------------------------------------------------------------------


def _refold(load: _Load, tbl: int, keys: list[int], own: _Plan | None) -> tuple[set[int], set[int]]:
    """Recompute the merged rows of ``keys`` from every source holding them, in merge order (the
    source being written from ``own``, its records in memory); delete the items no source holds.
    Returns (keys deleted, keys of edges deleted with their nodes)."""
    cur = load.cur
    unique = np.array(list(dict.fromkeys(keys)), dtype=KEY_DTYPE)
    if len(unique) == 0:
        return set(), set()
    own_records = dict(zip(own.keys.tolist(), own.records)) if own is not None else {}
    held: dict[int, list[tuple[int, list[Any]]]] = {}
    for source, mask in holders(cur, tbl, unique, skip=load.key).items():
        source_keys, records, _ = read_packed(cur, source, tbl)
        by_key = dict(zip(source_keys.tolist(), records))
        seq = load.seq_of[source]
        for key in unique[mask].tolist():
            held.setdefault(key, []).append((seq, by_key[key]))
    for key in unique.tolist():
        if key in own_records:
            held.setdefault(key, []).append((load.seq, own_records[key]))
    rows = []
    for key, contributions in held.items():
        contributions.sort(key=lambda c: c[0])
        merged = merge_records(tbl, [r for _, r in contributions])
        if tbl == NODE_TABLE:
            rows.append((merged[0], merged[1], merged[2], _json(merged[3], "[]"), _json(merged[4], "{}"), key))
        else:
            rows.append((_json(merged[0], "{}"), key))
    cur.executemany(_NODE_UPDATE if tbl == NODE_TABLE else _EDGE_UPDATE, rows)
    orphans = [k for k in unique.tolist() if k not in held]
    table = "nodes" if tbl == NODE_TABLE else "edges"
    for part in chunks(orphans, _CHUNK):
        cur.execute(f"DELETE FROM {table} WHERE key IN ({_marks(part)})", part)
    dangling = _delete_dangling_edges(cur, orphans) if tbl == NODE_TABLE and orphans else set()
    return set(orphans), dangling


def _delete_dangling_edges(cur: sqlite3.Cursor, gone_nodes: list[int]) -> set[int]:
    """Delete the edges that pointed at deleted nodes, and every source's records of them: an
    edge another source contributed cannot outlive its endpoint."""
    cur.execute("CREATE TEMP TABLE IF NOT EXISTS gone_nodes(key INTEGER PRIMARY KEY)")
    cur.execute("DELETE FROM temp.gone_nodes")
    cur.executemany("INSERT OR IGNORE INTO temp.gone_nodes VALUES(?)", ((k,) for k in gone_nodes))
    dangling = [k for (k,) in cur.execute("SELECT key FROM edges WHERE src IN (SELECT key FROM temp.gone_nodes) "
                                          "OR dst IN (SELECT key FROM temp.gone_nodes)")]
    if not dangling:
        return set()
    for part in chunks(dangling, _CHUNK):
        cur.execute(f"DELETE FROM edges WHERE key IN ({_marks(part)})", part)
    gone = np.array(dangling, dtype=KEY_DTYPE)
    for source in holders(cur, EDGE_TABLE, gone):
        keys, records, _ = read_packed(cur, source, EDGE_TABLE)
        keep = ~np.isin(keys, gone)
        store_packed(cur, source, EDGE_TABLE, keys[keep], pack(list(_compress(records, keep.tolist()))))
    return set(dangling)


def _compress(items: list[Any], keep: list[bool]) -> Iterator[Any]:
    return (item for item, kept in zip(items, keep) if kept)
