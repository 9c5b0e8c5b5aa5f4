"""The write side of the embedded store: upsert and remove_source inside one transaction.

Each node and edge has one *contribution* row per source that names it and one *merged* row,
whose ``sources`` column lists, in merge order, exactly the sources holding a contribution.
That list is what lets a write find "who else holds this item" without an index on the
contributions' items (an index that took a random insert for every contribution written), and
it makes the common cases of a big load cheap:

- an item no source had: insert its merged row;
- an item this source already holds, unchanged, in an unchanged merge order: write nothing;
- an item other sources hold, named by the newest source for the first time and adding
  nothing new (same name, no new alias or property): append the source to ``sources``;
- otherwise fold the contribution into the merged row, or refold the item from all its
  contributions when this source's place in the merge order changed.

Keys are small integers assigned here, inside the write transaction whose lock makes that safe.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from innograph.errors import StoreError

from ..model import GraphDelta
from .base import chunks, dedupe_delta, merge_contributions
from .jsontext import dumps, loads

__all__ = ["write_delta", "delete_source"]

_CHUNK = 500  # keys per IN (...) clause; SQLite's default variable limit is 32766



@dataclass(frozen=True)
class Table:
    name: str  # merged rows
    contrib: str  # per-source contributions
    marks: str  # placeholders of one merged row
    refold: str  # UPDATE of a merged row's merged columns by key
    body: Callable[[dict[str, Any]], dict[str, Any]]  # a contribution's stored fields, in stored order


NODES = Table("nodes", "node_contrib", "?,?,?,?,?,?,?,?",
              "UPDATE nodes SET label=?, kind=?, name=?, aliases=?, properties=?, sources=? WHERE key=?",
              lambda c: {"label": c["label"], "kind": c["kind"], "name": c["name"], "aliases": c["aliases"],
                         "properties": c["properties"]})
# An edge's ends and type never change for its key (its id is made of them).
EDGES = Table("edges", "edge_contrib", "?,?,?,?,?,?", "UPDATE edges SET properties=?, sources=? WHERE key=?",
              lambda c: {"src": c["src"], "dst": c["dst"], "type": c["type"], "properties": c["properties"]})


def merged_values(table: Table, merged: dict[str, Any], sources_json: str) -> tuple[Any, ...]:
    """The merged columns of a row, after its key (and, for nodes, id; for edges, ends and type)."""
    props = merged.get("properties")
    props_json = dumps(props) if props else "{}"
    if table is NODES:
        aliases = merged.get("aliases")
        return (merged["label"], merged.get("kind"), merged["name"], dumps(aliases) if aliases else "[]",
                props_json, sources_json)
    return (props_json, sources_json)


def _marks(items: list[Any]) -> str:
    return ",".join("?" * len(items))


@dataclass
class _Sources:
    """The sources table of this transaction: id -> key, key -> (id, seq)."""

    key_of: dict[str, int]
    by_key: dict[int, tuple[str, int]]

    @classmethod
    def read(cls, cur: sqlite3.Cursor) -> _Sources:
        rows = cur.execute("SELECT key, id, seq FROM sources").fetchall()
        return cls({i: k for k, i, _ in rows}, {k: (i, seq) for k, i, seq in rows})


@dataclass
class _Load:
    """One source being written, and where it stands in the merge order."""

    cur: sqlite3.Cursor
    source_id: str
    key: int
    new: bool  # registered by this transaction: it holds nothing yet
    moved: bool  # its place in the merge order changed (new content), so shared items refold
    latest: bool  # last in the merge order
    replace: bool
    sources: _Sources

    @property
    def only_this(self) -> str:
        """The ``sources`` text of an item that only this source holds."""
        return dumps([self.source_id])


def write_delta(cur: sqlite3.Cursor, delta: GraphDelta, replace_source: bool) -> dict[str, int]:
    nodes, edges = dedupe_delta(delta)
    load = _register_source(cur, delta.source.model_dump(), replace_source)
    stats = dict.fromkeys(("nodes_added", "nodes_updated", "nodes_unchanged", "nodes_removed",
                           "edges_added", "edges_updated", "edges_unchanged", "edges_removed"), 0)
    stored_nodes = _stored_nodes(cur, list(nodes))
    node_keys = {item_id: row[1] for item_id, row in stored_nodes.items()}
    counts = _write_items(load, NODES, nodes, stored_nodes, node_keys)
    # Edges are looked up after the nodes are written: a reload may have removed some.
    _check_endpoints(cur, edges, node_keys)
    stored_edges = _stored_edges(cur, edges, node_keys)
    edge_counts = _write_items(load, EDGES, edges, stored_edges, node_keys)
    for table, table_counts in (("nodes", counts), ("edges", edge_counts)):
        for key, value in table_counts.items():
            stats["edges_removed" if key == "dangling" else f"{table}_{key}"] += value
    return stats


def delete_source(cur: sqlite3.Cursor, source_id: str) -> dict[str, int]:
    row = cur.execute("SELECT key FROM sources WHERE id=?", (source_id,)).fetchone()
    if row is None:
        return {"nodes_removed": 0, "edges_removed": 0}
    source_key = row[0]
    sources = _Sources.read(cur)
    node_items = [r[0] for r in cur.execute("SELECT item FROM node_contrib WHERE source=?", (source_key,))]
    edge_items = [r[0] for r in cur.execute("SELECT item FROM edge_contrib WHERE source=?", (source_key,))]
    cur.execute("DELETE FROM node_contrib WHERE source=?", (source_key,))
    cur.execute("DELETE FROM edge_contrib WHERE source=?", (source_key,))
    cur.execute("DELETE FROM sources WHERE key=?", (source_key,))
    gone_nodes, dangling = _refresh(cur, sources, NODES, node_items)
    gone_edges, _ = _refresh(cur, sources, EDGES, edge_items)
    return {"nodes_removed": len(gone_nodes), "edges_removed": len(gone_edges | dangling)}


def _register_source(cur: sqlite3.Cursor, source: dict[str, Any], replace: bool) -> _Load:
    """Record the source and find its place in the merge order (seq)."""
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
    sources = _Sources.read(cur)
    latest = seq == max(s for _, s in sources.by_key.values())
    return _Load(cur, source["id"], sources.key_of[source["id"]], new=row is None,
                 moved=not keeps_place, latest=latest, replace=replace, sources=sources)


def _stored_nodes(cur: sqlite3.Cursor, ids: list[str]) -> dict[str, tuple[Any, ...]]:
    """Merged rows of those of ``ids`` that are stored: id -> (id, key, label, kind, name,
    aliases, properties, sources)."""
    found: dict[str, tuple[Any, ...]] = {}
    for part in chunks(ids, _CHUNK):
        found.update((row[0], row) for row in cur.execute(
            f"SELECT id, key, label, kind, name, aliases, properties, sources FROM nodes WHERE id IN ({_marks(part)})",
            part))
    return found


def _check_endpoints(cur: sqlite3.Cursor, edges: dict[str, dict[str, Any]], node_keys: dict[str, int]) -> None:
    """Add the stored endpoints of ``edges`` to ``node_keys``; fail on an unknown one."""
    ends = {e["src"] for e in edges.values()}
    ends.update(e["dst"] for e in edges.values())
    wanted = sorted(ends.difference(node_keys))
    for part in chunks(wanted, _CHUNK):
        node_keys.update(cur.execute(f"SELECT id, key FROM nodes WHERE id IN ({_marks(part)})", part))
    missing = [i for i in wanted if i not in node_keys]
    if missing:
        raise StoreError(f"an edge refers to node {missing[0]!r}, which is neither in this load nor in the store")


def _stored_edges(cur: sqlite3.Cursor, edges: dict[str, dict[str, Any]],
                  node_keys: dict[str, int]) -> dict[str, tuple[Any, ...]]:
    """Merged rows of the stored ones of ``edges``: id -> (id, key, properties, sources), found
    by their ends through a temporary table joined with the edges' (src, type, dst) index."""
    ends = {(node_keys[e["src"]], e["type"], node_keys[e["dst"]]): edge_id for edge_id, e in edges.items()}
    cur.execute("CREATE TEMP TABLE IF NOT EXISTS wanted_edges(src INTEGER, type TEXT, dst INTEGER)")
    cur.execute("DELETE FROM wanted_edges")
    cur.executemany("INSERT INTO wanted_edges VALUES(?,?,?)", ends)
    found = {(edge_id := ends[(src, type_, dst)]): (edge_id, key, props, sources)
             for src, type_, dst, key, props, sources in cur.execute(
        "SELECT w.src, w.type, w.dst, e.key, e.properties, e.sources FROM wanted_edges w JOIN edges e "
        "ON e.src=w.src AND e.type=w.type AND e.dst=w.dst")}
    cur.execute("DELETE FROM wanted_edges")
    return found


def _source_bodies(load: _Load, table: Table, keys: list[int] | None) -> dict[int, tuple[str, str]]:
    """This source's stored contributions (all of them, or those of ``keys``) as key -> (body,
    evidence) JSON texts."""
    if load.new:
        return {}
    query = f"SELECT item, body, evidence FROM {table.contrib} WHERE source=?"
    if keys is None:
        return {r[0]: (r[1], r[2]) for r in load.cur.execute(query, (load.key,))}
    out: dict[int, tuple[str, str]] = {}
    for part in chunks(keys, _CHUNK):
        out.update((r[0], (r[1], r[2])) for r in load.cur.execute(
            f"{query} AND item IN ({_marks(part)})", [load.key, *part]))
    return out


def _write_items(load: _Load, table: Table, items: dict[str, dict[str, Any]], stored: dict[str, tuple[Any, ...]],
                 node_keys: dict[str, int]) -> dict[str, int]:
    """Write one source's contributions for nodes or edges and bring the merged rows up to date."""
    cur = load.cur
    old = _source_bodies(load, table, None if load.replace else [row[1] for row in stored.values()])
    counts = {"added": 0, "updated": 0, "unchanged": 0, "removed": 0, "dangling": 0}
    # Taken before a reload removes anything, so no key of this transaction is used twice.
    next_key = cur.execute(f"SELECT COALESCE(MAX(key), 0) + 1 FROM {table.name}").fetchone()[0]
    if load.replace and old:
        current = {stored[i][1] for i in items if i in stored}
        stale = [k for k in old if k not in current]
        for part in chunks(stale, _CHUNK):
            cur.execute(f"DELETE FROM {table.contrib} WHERE source=? AND item IN ({_marks(part)})", [load.key, *part])
        gone, dangling = _refresh(cur, load.sources, table, stale)
        counts["removed"] = len(gone)
        counts["dangling"] = len(dangling)  # other sources' edges that pointed at removed nodes
    only_this = load.only_this
    appended = "," + dumps(load.source_id) + "]"
    contrib_rows, new_rows, full_rows, sources_rows, refold = [], [], [], [], []
    for item_id, contrib in items.items():
        row = stored.get(item_id)
        key = next_key if row is None else row[1]
        prev = old.get(key)
        if prev is not None and not load.replace:
            body, evidence = prev
            stored_contrib = loads(body) | {"evidence": loads(evidence), "source_id": load.source_id}
            merged = merge_contributions([stored_contrib, contrib])
            assert merged is not None
            merged.pop("sources", None)
            contrib = items[item_id] = merged | {"source_id": load.source_id}
        # Evidence is kept in its own column: merging rows never needs to decode it.
        pair = (dumps(table.body(contrib)), dumps(contrib.get("evidence") or []))
        if row is None:
            next_key += 1
            counts["added"] += 1
            if table is NODES:
                node_keys[item_id] = key  # edges of this load may end at it
            contrib_rows.append((load.key, key, *pair))
            new_rows.append(_new_row(table, key, item_id, contrib, only_this, node_keys))
            continue
        sources_json = row[-1]
        if prev == pair:
            counts["unchanged"] += 1
            if load.moved and sources_json != only_this:
                refold.append(key)  # same facts, but this source now merges last
            continue
        counts["updated"] += 1
        contrib_rows.append((load.key, key, *pair))
        if sources_json == only_this:
            full_rows.append((*merged_values(table, contrib, only_this), key))
        elif prev is None and load.latest:
            new_values = _folded(table, row, contrib)
            if new_values is None:
                sources_rows.append((sources_json[:-1] + appended, key))
            else:
                full_rows.append((*new_values, sources_json[:-1] + appended, key))
        else:
            refold.append(key)
    cur.executemany(f"INSERT OR REPLACE INTO {table.contrib}(source, item, body, evidence) VALUES(?,?,?,?)",
                    contrib_rows)
    cur.executemany(f"INSERT INTO {table.name} VALUES({table.marks})", new_rows)
    cur.executemany(table.refold, full_rows)
    cur.executemany(f"UPDATE {table.name} SET sources=? WHERE key=?", sources_rows)
    if load.moved and not load.replace and not load.new:
        # New content moves the source to the end of the merge order, also for the items it
        # holds that this load does not name again.
        named = {row[1] for row in stored.values()}
        refold += (k for (k,) in cur.execute(f"SELECT item FROM {table.contrib} WHERE source=?", (load.key,))
                   if k not in named)
    _refresh(cur, load.sources, table, refold, load.key)
    return counts


def _new_row(table: Table, key: int, item_id: str, contrib: dict[str, Any], sources_json: str,
             node_keys: dict[str, int]) -> tuple[Any, ...]:
    if table is NODES:
        return (key, item_id, *merged_values(table, contrib, sources_json))
    node_keys_of = (node_keys[contrib["src"]], node_keys[contrib["dst"]])
    return (key, *node_keys_of, contrib["type"], *merged_values(table, contrib, sources_json))


def _folded(table: Table, row: tuple[Any, ...], contrib: dict[str, Any]) -> tuple[Any, ...] | None:
    """The merged columns (without ``sources``) after folding ``contrib`` into the stored merged
    ``row`` as the newest contribution, or ``None`` when that changes none of them."""
    if table is NODES:
        label, kind, name, aliases, props = row[2:7]
        if (not contrib["aliases"] and not contrib["properties"]
                and (contrib["label"], contrib["kind"], contrib["name"]) == (label, kind, name)):
            return None
        stored = {"label": label, "kind": kind, "name": name, "aliases": loads(aliases)}
    else:
        props = row[2]
        if not contrib["properties"]:
            return None
        stored = {"type": contrib["type"]}
    stored |= {"properties": loads(props), "source_id": "", "evidence": []}
    merged = merge_contributions([stored, contrib])
    assert merged is not None
    values = merged_values(table, merged, "")[:-1]
    return None if values == row[2:-1] else values


def _refresh(cur: sqlite3.Cursor, sources: _Sources, table: Table, keys: list[int],
             writer: int | None = None) -> tuple[set[int], set[int]]:
    """Recompute the merged rows of ``keys`` from all their contributions, in merge order; delete
    the ones left without any. Returns (keys deleted, keys of edges deleted with their nodes).

    An item's contributions are found through its merged row's ``sources`` (plus ``writer``, the
    source being written, which may have just added one), by (source, item) primary key."""
    unique = list(dict.fromkeys(keys))
    if not unique:
        return set(), set()
    _holder_pairs(cur, sources, table, unique, writer)
    grouped: dict[int, list[tuple[int, dict[str, Any]]]] = {}
    for key, source_key, body in cur.execute(
            f"SELECT p.item, p.source, c.body FROM temp.pairs p JOIN {table.contrib} c "
            "ON c.source=p.source AND c.item=p.item"):
        source_id, seq = sources.by_key[source_key]
        grouped.setdefault(key, []).append((seq, loads(body) | {"source_id": source_id}))
    rows = []
    for key, contribs in grouped.items():
        contribs.sort(key=lambda c: c[0])
        merged = merge_contributions(c for _, c in contribs)
        assert merged is not None
        rows.append((*merged_values(table, merged, dumps(merged["sources"])), key))
    cur.executemany(table.refold, rows)
    orphans = [k for k in unique if k not in grouped]
    for part in chunks(orphans, _CHUNK):
        cur.execute(f"DELETE FROM {table.name} WHERE key IN ({_marks(part)})", part)
    dangling = _delete_dangling_edges(cur, sources, orphans) if table is NODES and orphans else []
    return set(orphans), set(dangling)


def _holder_pairs(cur: sqlite3.Cursor, sources: _Sources, table: Table, keys: list[int], writer: int | None) -> None:
    """Fill ``temp.pairs`` with (source, item) for every source that may hold each of ``keys``:
    those its merged row lists, and ``writer``."""
    cur.execute("CREATE TEMP TABLE IF NOT EXISTS pairs(source INTEGER, item INTEGER, PRIMARY KEY(source, item))")
    cur.execute("DELETE FROM temp.pairs")
    rows: list[tuple[int, int]] = []
    for part in chunks(keys, _CHUNK):
        for key, held in cur.execute(f"SELECT key, sources FROM {table.name} WHERE key IN ({_marks(part)})", part):
            rows += ((sources.key_of[s], key) for s in loads(held) if s in sources.key_of)
    if writer is not None:
        rows += ((writer, key) for key in keys)
    cur.executemany("INSERT OR IGNORE INTO temp.pairs VALUES(?,?)", rows)


def _delete_dangling_edges(cur: sqlite3.Cursor, sources: _Sources, gone_nodes: list[int]) -> list[int]:
    """Delete the edges (with all their contributions) that pointed at deleted nodes: an edge
    another source contributed cannot outlive its endpoint."""
    cur.execute("CREATE TEMP TABLE IF NOT EXISTS gone_nodes(key INTEGER PRIMARY KEY)")
    cur.execute("DELETE FROM temp.gone_nodes")
    cur.executemany("INSERT OR IGNORE INTO temp.gone_nodes VALUES(?)", ((k,) for k in gone_nodes))
    dangling = cur.execute("SELECT key, sources FROM edges WHERE src IN (SELECT key FROM temp.gone_nodes) "
                           "OR dst IN (SELECT key FROM temp.gone_nodes)").fetchall()
    pairs = [(sources.key_of[s], key) for key, held in dangling for s in loads(held) if s in sources.key_of]
    cur.executemany("DELETE FROM edge_contrib WHERE source=? AND item=?", pairs)
    keys = [key for key, _ in dangling]
    for part in chunks(keys, _CHUNK):
        cur.execute(f"DELETE FROM edges WHERE key IN ({_marks(part)})", part)
    return keys
