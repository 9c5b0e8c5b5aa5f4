"""The write side of the embedded store: upsert and remove_source inside one transaction.

Readers see one *merged* row per node and edge. Each source's records (base.py) are packed in
one row per table: ``held.keys``, the item keys it holds (int64 array), and ``records.body``, its
records in that order (zlib-compressed JSON). A load writes its merged rows plus two packed
rows, and the common cases of a big load stay cheap:

- an item no source had: insert its merged row;
- a reload of unchanged content (same hash, same packed records, same items): write nothing;
- an item this source already holds, unchanged, in an unchanged merge order: write nothing;
- an item other sources hold, named by the newest source: fold the record into the merged row;
- otherwise refold the item from every source holding it, in merge order.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from operator import itemgetter
from typing import Any

import numpy as np

from innograph.core.errors import StoreError

from ..model import GraphDelta
from .base import EDGE, NODE, Record, decode, encode, merge_records, normalized, records_of
from .sqlite_packed import KEY_DTYPE, delete_packed, holders, pack, read_keys, read_packed, store_packed

__all__ = ["write_delta", "delete_source", "NodeRows"]

_CHUNK = 500  # values per IN (...) clause; SQLite's default variable limit is 32766
_NODE_UPDATE = "UPDATE nodes SET label=?, kind=?, name=?, aliases=?, properties=? WHERE key=?"
_EDGE_UPDATE = "UPDATE edges SET properties=? WHERE key=?"
_TABLES = {NODE: "nodes", EDGE: "edges"}


class NodeRows(dict[str, tuple[Any, ...]]):
    """id -> (key, label, kind, name, aliases JSON, properties JSON): merged node rows a connection
    read or wrote, kept between its loads (sqlite.py empties it when they may be stale), since loads
    of many files name the same nodes again (measured in docs/benchmarks.md). ``complete``: it
    holds every stored node (kept from an empty table on), so an id it lacks needs no look-up."""

    complete = False

    def clear(self) -> None:
        super().clear()
        self.complete = False


def _text(value: Any, empty: str) -> str:
    return encode(value).decode() if value else empty


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


def write_delta(cur: sqlite3.Cursor, delta: GraphDelta, replace_source: bool, known: NodeRows) -> dict[str, int]:
    """Write one source's delta; returns counts of nodes and edges added, updated, unchanged,
    removed. ``known`` holds current merged node rows and is kept current."""
    load, unchanged_place = _register_source(cur, delta.source.model_dump(), replace_source)
    nodes = records_of(NODE, delta.nodes)
    edges = records_of(EDGE, delta.edges)
    stats = dict.fromkeys((f"{t}_{k}" for t in ("nodes", "edges") for k in ("added", "updated", "unchanged", "removed")),
                          0)
    node_body, edge_body = pack(list(nodes.values())), pack(list(edges.values()))
    if (unchanged_place and _same_packed(cur, load.key, node_body, edge_body)
            and _same_items(cur, load.key, nodes, edges)):
        stats["nodes_unchanged"], stats["edges_unchanged"] = len(nodes), len(edges)
        return stats
    node_keys, dangling = _write_nodes(load, nodes, node_body, stats, known)
    _write_edges(load, edges, edge_body, node_keys, stats)
    stats["edges_removed"] += dangling
    return stats


def delete_source(cur: sqlite3.Cursor, source_id: str) -> dict[str, int]:
    row = cur.execute("SELECT key FROM sources WHERE id=?", (source_id,)).fetchone()
    if row is None:
        return {"nodes_removed": 0, "edges_removed": 0}
    source_key = row[0]
    seq_of = dict(cur.execute("SELECT key, seq FROM sources"))
    load = _Load(cur, source_key, seq_of[source_key], new=False, moved=False, latest=False, replace=True,
                 seq_of=seq_of)
    node_keys = read_keys(cur, source_key, NODE).tolist()
    edge_keys = read_keys(cur, source_key, EDGE).tolist()
    delete_packed(cur, source_key)
    cur.execute("DELETE FROM sources WHERE key=?", (source_key,))
    gone_nodes, dangling = _refold(load, NODE, node_keys, None)
    gone_edges, _ = _refold(load, EDGE, [k for k in edge_keys if k not in dangling], None)
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
    return stored.get(NODE, pack([])) == node_body and stored.get(EDGE, pack([])) == edge_body


def _same_items(cur: sqlite3.Cursor, source: int, nodes: dict[str, Record], edges: dict[tuple[str, str, str], Record]) -> bool:
    """Whether ``source`` holds exactly these node ids and edge ends, in this order: records hold
    neither, so equal bodies alone do not make a reload unchanged (edges reversed pack the same)."""
    keys = _node_keys(cur, {*nodes, *map(itemgetter(0), edges), *map(itemgetter(2), edges)})
    if not np.array_equal(read_keys(cur, source, NODE), np.array([keys.get(i, 0) for i in nodes], dtype=KEY_DTYPE)):
        return False
    stored = read_keys(cur, source, EDGE).tolist()
    ends = dict(_select_in(cur, "SELECT key, src, type, dst FROM edges WHERE key IN", stored,
                           lambda r: (r[0], tuple(r[1:]))))
    return [ends.get(k) for k in stored] == [(keys.get(s), t, keys.get(d)) for s, t, d in edges]


def _select_in(cur: sqlite3.Cursor, query: str, values: list[Any], row: Callable[[Any], Any]) -> list[Any]:
    """``query (?, ...)`` for ``values`` in chunks; each result row mapped by ``row``."""
    out = []
    for start in range(0, len(values), _CHUNK):
        part = values[start:start + _CHUNK]
        out += map(row, cur.execute(f"{query} ({','.join('?' * len(part))})", part))
    return out


def _node_rows(cur: sqlite3.Cursor, ids: list[str], known: NodeRows) -> NodeRows:
    """``known`` with the stored ones of ``ids`` added."""
    if not known.complete:
        known.update(_select_in(cur, "SELECT id, key, label, kind, name, aliases, properties FROM nodes WHERE id IN",
                                [i for i in ids if i not in known], lambda r: (r[0], r[1:])))
    return known


def _node_keys(cur: sqlite3.Cursor, ids: Any) -> dict[str, int]:
    return dict(_select_in(cur, "SELECT id, key FROM nodes WHERE id IN", list(ids), tuple))


@dataclass
class _Plan:
    """What one table's write decided: rows to write and items to refold."""

    keys: np.ndarray  # this source's item keys after the load, in record order
    records: list[Record]
    refold: list[int]
    counts: dict[str, int]


def _own_state(load: _Load, tbl: int) -> dict[int, Record]:
    """key -> record of what this source held in ``tbl`` before this load."""
    if load.new:
        return {}
    keys, records = read_packed(load.cur, load.key, tbl)
    return dict(zip(keys.tolist(), map(normalized, records)))


Fold = Callable[[list[tuple[Any, Record, int]]], None]


def _classify(load: _Load, tbl: int, keys: list[int], records: list[Record], is_new: list[bool],
              merged_rows: list[Any], old: dict[int, Record], fold: Fold) -> _Plan:
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
    if not load.replace:
        # A load that does not replace keeps what the source said before and does not repeat;
        # new content moves the source to the end of the merge order, for those items too.
        named = set(keys)
        kept = [k for k in old if k not in named]
        keys = keys + kept
        records = records + [old[k] for k in kept]
        if load.moved:
            refold += kept
    return _Plan(np.array(keys, dtype=KEY_DTYPE), records, refold, counts)


def _finish(load: _Load, tbl: int, plan: _Plan, old: dict[int, Record], body: bytes,
            stats: dict[str, int]) -> tuple[set[int], set[int]]:
    """Store the source's packed records and refold what the plan says (and, for a replacing
    reload, the items it no longer names); returns ``_refold``'s (deleted, dangling edges)."""
    # A replacing load holds exactly its delta's records, already packed.
    store_packed(load.cur, load.key, tbl, plan.keys, body if load.replace else pack(plan.records))
    stale = [k for k in old if k not in set(plan.keys.tolist())] if load.replace else []
    gone, dangling = _refold(load, tbl, plan.refold + stale, plan)
    name = "nodes" if tbl == NODE else "edges"
    stats.update({f"{name}_{k}": v for k, v in plan.counts.items()})
    stats[f"{name}_removed"] += len(gone)
    return gone, dangling


def _write_nodes(load: _Load, nodes: dict[str, Record], body: bytes, stats: dict[str, int],
                 known: NodeRows) -> tuple[dict[str, int], int]:
    """Write the nodes; returns their keys by id and how many edges went with deleted nodes."""
    cur = load.cur
    ids = list(nodes)
    records = list(nodes.values())
    stored = _node_rows(cur, ids, known)
    merged_rows = list(map(stored.get, ids))  # None for the nodes this load adds
    next_key = cur.execute("SELECT COALESCE(MAX(key), 0) + 1 FROM nodes").fetchone()[0]
    keys, inserts = [], []
    for node_id, row, (label, kind, name, aliases, props, _) in zip(ids, merged_rows, records):
        if row is None:
            inserts.append((next_key, node_id, label, kind, name, _text(aliases, "[]"), _text(props, "{}")))
            known[node_id] = inserts[-1][:1] + inserts[-1][2:]
            keys.append(next_key)
            next_key += 1
        else:
            keys.append(row[0])
    cur.executemany("INSERT INTO nodes(key, id, label, kind, name, aliases, properties) VALUES(?,?,?,?,?,?,?)",
                    inserts)
    folded: list[tuple[Any, ...]] = []

    def fold(items: list[tuple[Any, Record, int]]) -> None:
        # Most records add nothing: the same label, kind and name, no alias, no property.
        for row, r, key in items:
            if r[3] or r[4] or tuple(r[:3]) != row[1:4]:
                merged = merge_records(NODE, [[*row[1:4], decode(row[4]), decode(row[5]), []], r])
                values = (*merged[:3], _text(merged[3], "[]"), _text(merged[4], "{}"))
                if values != row[1:6]:
                    folded.append((*values, key))

    old = _own_state(load, NODE)
    plan = _classify(load, NODE, keys, records, [row is None for row in merged_rows], merged_rows, old, fold)
    cur.executemany(_NODE_UPDATE, folded)
    node_keys = dict(zip(ids, keys))
    id_of = {key: node_id for node_id, key in node_keys.items()} if folded else {}
    known.update((id_of[values[-1]], (values[-1], *values[:-1])) for values in folded)
    if plan.refold or (load.replace and old):
        known.clear()  # refolded rows change without passing through it
    _, dangling = _finish(load, NODE, plan, old, body, stats)
    return node_keys, len(dangling)


def _write_edges(load: _Load, edges: dict[tuple[str, str, str], Record], body: bytes, node_keys: dict[str, int],
                 stats: dict[str, int]) -> None:
    cur = load.cur
    wanted = {end for src, _, dst in edges for end in (src, dst)}.difference(node_keys)
    if wanted:  # edges at nodes this load does not name: they must be stored
        node_keys = node_keys | _node_keys(cur, wanted)
        missing = sorted(wanted.difference(node_keys))
        if missing:
            raise StoreError(f"an edge refers to node {missing[0]!r}, which is neither in this load nor in the store")
    ends = [(node_keys[src], type_, node_keys[dst]) for src, type_, dst in edges]
    records = list(edges.values())
    existing = _find_edges(cur, ends)  # position -> (key, properties JSON)
    next_key = cur.execute("SELECT COALESCE(MAX(key), 0) + 1 FROM edges").fetchone()[0]
    keys, merged_rows, inserts = [], [], []
    for i, (end, record) in enumerate(zip(ends, records)):
        row = existing.get(i)
        merged_rows.append(row)
        if row is None:
            inserts.append((next_key, *end, _text(record[0], "{}")))
            keys.append(next_key)
            next_key += 1
        else:
            keys.append(row[0])
    cur.executemany("INSERT INTO edges(key, src, type, dst, properties) VALUES(?,?,?,?,?)", inserts)
    folded: list[tuple[Any, ...]] = []

    def fold(items: list[tuple[Any, Record, int]]) -> None:
        for row, record, key in items:
            if record[0]:  # without properties, folding changes nothing
                value = _text(merge_records(EDGE, [[decode(row[1]), []], record])[0], "{}")
                if value != row[1]:
                    folded.append((value, key))

    old = _own_state(load, EDGE)
    plan = _classify(load, EDGE, keys, records, [row is None for row in merged_rows], merged_rows, old, fold)
    cur.executemany(_EDGE_UPDATE, folded)
    _finish(load, EDGE, plan, old, body, stats)


def _find_edges(cur: sqlite3.Cursor, ends: list[tuple[int, str, int]]) -> dict[int, tuple[int, str]]:
    """Stored edges among ``ends`` (src key, type, dst key): position -> (key, properties JSON),
    one join against the unique index on edge ends."""
    cur.execute("CREATE TEMP TABLE IF NOT EXISTS wanted_edges(pos INTEGER PRIMARY KEY, src INTEGER, type TEXT, "
                "dst INTEGER)")
    cur.execute("DELETE FROM temp.wanted_edges")
    cur.executemany("INSERT INTO temp.wanted_edges VALUES(?,?,?,?)", ((i, *e) for i, e in enumerate(ends)))
    return {pos: (key, props) for pos, key, props in cur.execute(
        "SELECT w.pos, e.key, e.properties FROM temp.wanted_edges w "
        "JOIN edges e ON e.src=w.src AND e.type=w.type AND e.dst=w.dst")}


def _refold(load: _Load, tbl: int, keys: list[int], own: _Plan | None) -> tuple[set[int], set[int]]:
    """Recompute the merged rows of ``keys`` from every source holding them, in merge order (the
    source being written from ``own``, its records in memory); delete the items no source holds.
    Returns (keys deleted, keys of edges deleted with their nodes)."""
    cur = load.cur
    unique = np.array(list(dict.fromkeys(keys)), dtype=KEY_DTYPE)
    if len(unique) == 0:
        return set(), set()
    own_records = dict(zip(own.keys.tolist(), own.records)) if own is not None else {}
    held: dict[int, list[tuple[int, Record]]] = {}
    for source, mask in holders(cur, tbl, unique, skip=load.key).items():
        source_keys, records = read_packed(cur, source, tbl)
        by_key = dict(zip(source_keys.tolist(), records))
        for key in unique[mask].tolist():
            held.setdefault(key, []).append((load.seq_of[source], by_key[key]))
    for key in unique.tolist():
        if key in own_records:
            held.setdefault(key, []).append((load.seq, own_records[key]))
    rows = []
    for key, contributions in held.items():
        contributions.sort(key=itemgetter(0))
        merged = merge_records(tbl, [r for _, r in contributions])
        if tbl == NODE:
            rows.append((*merged[:3], _text(merged[3], "[]"), _text(merged[4], "{}"), key))
        else:
            rows.append((_text(merged[0], "{}"), key))
    cur.executemany(_NODE_UPDATE if tbl == NODE else _EDGE_UPDATE, rows)
    orphans = [k for k in unique.tolist() if k not in held]
    _select_in(cur, f"DELETE FROM {_TABLES[tbl]} WHERE key IN", orphans, tuple)
    dangling = _delete_dangling_edges(cur, orphans) if tbl == NODE and orphans else set()
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
    _select_in(cur, "DELETE FROM edges WHERE key IN", dangling, tuple)
    gone = np.array(dangling, dtype=KEY_DTYPE)
    for source in holders(cur, EDGE, gone):
        keys, records = read_packed(cur, source, EDGE)
        keep = ~np.isin(keys, gone)
        store_packed(cur, source, EDGE, keys[keep], pack([r for r, kept in zip(records, keep.tolist()) if kept]))
    return set(dangling)
