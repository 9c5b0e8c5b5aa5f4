"""The embedded default store: one SQLite file in WAL mode, no server.

Tables hold one row per (node or edge, source) contribution plus the merged row readers see,
so that a projection is a plain scan and a reload touches only its own source's rows. Every
write runs in one ``BEGIN IMMEDIATE`` transaction: a failure rolls the file back to what it
was, and a second process waits for the lock (``busy_timeout``) instead of failing.

Rows are keyed by small integers, not by the long text ids (``enterprise:…|PARTNERS_WITH|…``):
new nodes, edges and a new source's contributions get the next keys, so a load appends to the
big tables instead of inserting at random places into them (which dirtied most pages of every
B-tree on each load). Only the compact indexes on the text id and on edge ends take random
inserts. Keys are assigned in Python inside the write transaction, whose lock makes that safe.
The read side is in ``sqlite_read.py``.
"""

from __future__ import annotations

import json
import os
import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import networkx as nx

from innograph.errors import StoreError

from ..model import GraphDelta, ProjectionFilter, StoreCounts
from .base import chunks, dedupe_delta, gc_paused, merge_contributions
from .sqlite_read import read_contributions, read_counts, read_projection, read_sources

__all__ = ["SQLiteStore", "DEFAULT_DB"]

DEFAULT_DB = "innograph.db"
SCHEMA_VERSION = 2  # 1: rows keyed by text ids
_CHUNK = 500  # keys per IN (...) clause; SQLite's default variable limit is 32766

# Contributions are keyed (source, item) so that a new source's rows go at the end of the table;
# the (item, source) index serves merging and "who else holds this item".
_DDL = """
CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS sources(
    key INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, path TEXT, sha256 TEXT, title TEXT, kind TEXT,
    seq INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS nodes(
    key INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, label TEXT NOT NULL, kind TEXT, name TEXT NOT NULL,
    aliases TEXT NOT NULL, properties TEXT NOT NULL, sources TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS nodes_label_kind ON nodes(label, kind);
CREATE INDEX IF NOT EXISTS nodes_name ON nodes(name);
CREATE TABLE IF NOT EXISTS node_contrib(
    source INTEGER NOT NULL, item INTEGER NOT NULL, body TEXT NOT NULL, evidence TEXT NOT NULL,
    PRIMARY KEY(source, item)) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS node_contrib_item ON node_contrib(item, source);
CREATE TABLE IF NOT EXISTS edges(
    key INTEGER PRIMARY KEY, src INTEGER NOT NULL, dst INTEGER NOT NULL, type TEXT NOT NULL,
    properties TEXT NOT NULL, sources TEXT NOT NULL);
CREATE UNIQUE INDEX IF NOT EXISTS edges_ends ON edges(src, type, dst);
CREATE INDEX IF NOT EXISTS edges_dst ON edges(dst);
CREATE INDEX IF NOT EXISTS edges_type ON edges(type);
CREATE TABLE IF NOT EXISTS edge_contrib(
    source INTEGER NOT NULL, item INTEGER NOT NULL, body TEXT NOT NULL, evidence TEXT NOT NULL,
    PRIMARY KEY(source, item)) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS edge_contrib_item ON edge_contrib(item, source);
"""


@dataclass(frozen=True)
class _Table:
    name: str  # merged rows
    contrib: str  # per-source contributions
    marks: str  # placeholders of one merged row
    refold: str  # UPDATE of a merged row's merged columns by key


_NODES = _Table("nodes", "node_contrib", "?,?,?,?,?,?,?,?",
                "UPDATE nodes SET label=?, kind=?, name=?, aliases=?, properties=?, sources=? WHERE key=?")
# An edge's ends and type never change for its key (its id is made of them).
_EDGES = _Table("edges", "edge_contrib", "?,?,?,?,?,?", "UPDATE edges SET properties=?, sources=? WHERE key=?")


def _merged_values(table: _Table, merged: dict[str, Any], sources_json: str) -> tuple[Any, ...]:
    """The merged columns of a row, after its key (and, for nodes, id; for edges, ends and type)."""
    props = merged.get("properties") or {}
    props_json = _dumps(props) if props else "{}"
    if table is _NODES:
        aliases = merged.get("aliases") or []
        return (merged["label"], merged.get("kind"), merged["name"], _dumps(aliases) if aliases else "[]",
                props_json, sources_json)
    return (props_json, sources_json)


def _merged_row(table: _Table, key: int, item_id: str, merged: dict[str, Any], sources_json: str,
                node_keys: dict[str, int]) -> tuple[Any, ...]:
    if table is _NODES:
        return (key, item_id, *_merged_values(table, merged, sources_json))
    return (key, node_keys[merged["src"]], node_keys[merged["dst"]], merged["type"],
            *_merged_values(table, merged, sources_json))


def _marks(items: list[Any]) -> str:
    return ",".join("?" * len(items))


# One encoder made once: json.dumps with options builds a new encoder per call, which was a
# fifth of a big load's time; the text is the same.
_dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


class SQLiteStore:
    """Embedded graph store in a SQLite file (default ``./innograph.db``)."""

    def __init__(self, path: str | os.PathLike[str] = DEFAULT_DB, *, timeout: float = 60.0) -> None:
        self.path = Path(path)
        if self.path.is_dir():
            raise StoreError(f"{self.path} is a folder; give --db a file path such as {self.path / DEFAULT_DB}")
        if self.path.parent and not self.path.parent.exists():
            raise StoreError(f"folder {self.path.parent} for database {self.path} does not exist; create it first")
        try:
            self._conn = sqlite3.connect(self.path, timeout=timeout, isolation_level=None, check_same_thread=False)
            self._conn.execute(f"PRAGMA busy_timeout={int(timeout * 1000)}")
            self._enable_wal(timeout)
            self._conn.execute("PRAGMA synchronous=NORMAL")
            self._conn.execute("PRAGMA foreign_keys=OFF")
            self._conn.execute("PRAGMA cache_size=-524288")  # up to 512 MiB, used only as a load grows: big loads touch many index pages
            self._conn.execute("PRAGMA temp_store=MEMORY")
            self._ensure_schema()
        except sqlite3.DatabaseError as e:
            raise StoreError(f"{self.path} is not an innograph database ({e}); choose another --db path") from e

    def _enable_wal(self, timeout: float) -> None:
        # Switching a new file to WAL takes an exclusive lock without waiting on busy_timeout, so
        # a second process opening the same new database at that moment gets "database is
        # locked"; it waits and tries again instead.
        deadline = time.monotonic() + timeout
        while True:
            try:
                self._conn.execute("PRAGMA journal_mode=WAL")
                return
            except sqlite3.OperationalError as e:
                if "locked" not in str(e) or time.monotonic() > deadline:
                    raise
                time.sleep(0.02)

    # -- lifecycle -------------------------------------------------------------------------

    def __enter__(self) -> SQLiteStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        conn = getattr(self, "_conn", None)
        if conn is not None:
            conn.close()
            self._conn = None  # type: ignore[assignment]

    def describe(self) -> str:
        return f"embedded database {self.path}"

    def _ensure_schema(self) -> None:
        cur = self._conn.cursor()
        cur.execute("BEGIN IMMEDIATE")
        try:
            # The version is checked before the tables are created: an older file's tables lack
            # the columns the new indexes name.
            has_meta = cur.execute("SELECT 1 FROM sqlite_master WHERE type='table' AND name='meta'").fetchone()
            row = cur.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone() if has_meta else None
            if row is None or int(row[0]) == SCHEMA_VERSION:
                for statement in filter(None, (s.strip() for s in _DDL.split(";"))):
                    cur.execute(statement)
            if row is None:
                cur.execute("INSERT INTO meta VALUES('schema_version', ?)", (str(SCHEMA_VERSION),))
            elif int(row[0]) != SCHEMA_VERSION:
                raise StoreError(f"{self.path} has schema version {row[0]}, this innograph needs {SCHEMA_VERSION}")
            cur.execute("COMMIT")
        except BaseException:
            cur.execute("ROLLBACK")
            raise

    def _transaction(self) -> _Transaction:
        if self._conn is None:
            raise StoreError(f"{self.describe()} is closed")
        return _Transaction(self._conn, self.path)

    # -- writes ----------------------------------------------------------------------------

    def upsert(self, delta: GraphDelta, *, replace_source: bool = False) -> dict[str, int]:
        with gc_paused():
            return self._upsert(delta, replace_source)

    def _upsert(self, delta: GraphDelta, replace_source: bool) -> dict[str, int]:
        nodes, edges = dedupe_delta(delta)
        source = delta.source
        stats = dict.fromkeys(("nodes_added", "nodes_updated", "nodes_unchanged", "nodes_removed",
                               "edges_added", "edges_updated", "edges_unchanged", "edges_removed"), 0)
        with self._transaction() as cur:
            source_key, latest = self._register_source(cur, source.model_dump())
            node_keys = self._node_keys(cur, list(nodes))
            for table, items in ((_NODES, nodes), (_EDGES, edges)):
                if table is _NODES:
                    keys = node_keys
                else:
                    # Looked up after the nodes are written: a reload may have removed some.
                    self._check_endpoints(cur, edges, node_keys)
                    keys = self._edge_keys(cur, edges, node_keys)
                counts = self._write_items(cur, table, source_key, source.id, items, keys, node_keys,
                                           replace_source, latest)
                for key, value in counts.items():
                    stats["edges_removed" if key == "dangling" else f"{table.name}_{key}"] += value
        return stats

    def remove_source(self, source_id: str) -> dict[str, int]:
        with self._transaction() as cur:
            row = cur.execute("SELECT key FROM sources WHERE id=?", (source_id,)).fetchone()
            if row is None:
                return {"nodes_removed": 0, "edges_removed": 0}
            source_key = row[0]
            node_keys = [r[0] for r in cur.execute("SELECT item FROM node_contrib WHERE source=?", (source_key,))]
            edge_keys = [r[0] for r in cur.execute("SELECT item FROM edge_contrib WHERE source=?", (source_key,))]
            cur.execute("DELETE FROM node_contrib WHERE source=?", (source_key,))
            cur.execute("DELETE FROM edge_contrib WHERE source=?", (source_key,))
            cur.execute("DELETE FROM sources WHERE key=?", (source_key,))
            gone_nodes, dangling = self._refresh(cur, _NODES, node_keys)
            gone_edges, _ = self._refresh(cur, _EDGES, edge_keys)
        return {"nodes_removed": len(gone_nodes), "edges_removed": len(gone_edges | dangling)}

    @staticmethod
    def _register_source(cur: sqlite3.Cursor, source: dict[str, Any]) -> tuple[int, bool]:
        """Record the source; return its key and whether it is the latest in merge order."""
        # A reload of unchanged content keeps its place in the merge order (seq), so loading the
        # same file twice changes nothing even when other sources share its nodes.
        row = cur.execute("SELECT sha256, seq FROM sources WHERE id=?", (source["id"],)).fetchone()
        seq = row[1] if row and row[0] == source["sha256"] else (
            cur.execute("SELECT COALESCE(MAX(seq), 0) + 1 FROM sources").fetchone()[0])
        cur.execute(
            "INSERT INTO sources(id, path, sha256, title, kind, seq) VALUES(?,?,?,?,?,?) "
            "ON CONFLICT(id) DO UPDATE SET path=excluded.path, sha256=excluded.sha256, "
            "title=excluded.title, kind=excluded.kind, seq=excluded.seq",
            (source["id"], source["path"], source["sha256"], source["title"], source["kind"], seq),
        )
        key = cur.execute("SELECT key FROM sources WHERE id=?", (source["id"],)).fetchone()[0]
        return key, seq == cur.execute("SELECT MAX(seq) FROM sources").fetchone()[0]

    @staticmethod
    def _node_keys(cur: sqlite3.Cursor, ids: list[str]) -> dict[str, int]:
        """Keys of those of ``ids`` that are stored."""
        found: dict[str, int] = {}
        for part in chunks(ids, _CHUNK):
            found.update(cur.execute(f"SELECT id, key FROM nodes WHERE id IN ({_marks(part)})", part))
        return found

    def _check_endpoints(self, cur: sqlite3.Cursor, edges: dict[str, dict[str, Any]], node_keys: dict[str, int]) -> None:
        """Add the stored endpoints of ``edges`` to ``node_keys``; fail on an unknown one."""
        wanted = sorted({e[k] for e in edges.values() for k in ("src", "dst")}.difference(node_keys))
        known = self._node_keys(cur, wanted)
        missing = [i for i in wanted if i not in known]
        if missing:
            raise StoreError(f"an edge refers to node {missing[0]!r}, which is neither in this load nor in the store")
        node_keys.update(known)

    @staticmethod
    def _edge_keys(cur: sqlite3.Cursor, edges: dict[str, dict[str, Any]], node_keys: dict[str, int]) -> dict[str, int]:
        """Keys of the stored ones of ``edges``, found by their ends through a temporary table
        joined with the edges' (src, type, dst) index."""
        ends = {(node_keys[e["src"]], e["type"], node_keys[e["dst"]]): edge_id for edge_id, e in edges.items()}
        cur.execute("CREATE TEMP TABLE IF NOT EXISTS wanted_edges(src INTEGER, type TEXT, dst INTEGER)")
        cur.execute("DELETE FROM wanted_edges")
        cur.executemany("INSERT INTO wanted_edges VALUES(?,?,?)", ends)
        found = {ends[(src, type_, dst)]: key for src, type_, dst, key in cur.execute(
            "SELECT w.src, w.type, w.dst, e.key FROM wanted_edges w JOIN edges e "
            "ON e.src=w.src AND e.type=w.type AND e.dst=w.dst")}
        cur.execute("DELETE FROM wanted_edges")
        return found

    def _write_items(self, cur: sqlite3.Cursor, table: _Table, source_key: int, source_id: str,
                     items: dict[str, dict[str, Any]], keys: dict[str, int], node_keys: dict[str, int],
                     replace_source: bool, latest: bool) -> dict[str, int]:
        """Write one source's contributions for nodes or edges and refresh the merged rows.
        ``keys`` holds the keys of the stored ones of ``items``; new items get theirs here."""
        existed = set(keys)
        stored_keys = [keys[i] for i in items if i in keys]
        old = self._source_bodies(cur, table, source_key, None if replace_source else stored_keys)
        shared = self._shared(cur, table, source_key, stored_keys)
        # Taken before a reload removes anything, so no key of this transaction is used twice.
        next_key = cur.execute(f"SELECT COALESCE(MAX(key), 0) + 1 FROM {table.name}").fetchone()[0]
        counts = {"added": 0, "updated": 0, "unchanged": 0, "removed": 0, "dangling": 0}
        if replace_source:
            current = set(stored_keys)
            stale = [k for k in old if k not in current]
            for part in chunks(stale, _CHUNK):
                cur.execute(f"DELETE FROM {table.contrib} WHERE source=? AND item IN ({_marks(part)})",
                            [source_key, *part])
            gone, dangling = self._refresh(cur, table, stale)
            counts["removed"] = len(gone)
            counts["dangling"] = len(dangling)  # other sources' edges that pointed at removed nodes
        rows = []
        for item_id, contrib in items.items():
            key = keys.get(item_id)
            if key is None:
                key = keys[item_id] = next_key
                next_key += 1
            prev = old.get(key)
            if not replace_source and prev is not None:
                body, evidence = prev
                stored = json.loads(body) | {"evidence": json.loads(evidence), "source_id": source_id}
                merged = merge_contributions([stored, contrib])
                assert merged is not None
                merged.pop("sources", None)
                contrib = merged | {"source_id": source_id}
                items[item_id] = contrib
            # Evidence is kept in its own column: merging rows never needs to decode it.
            pair = (_dumps({k: v for k, v in contrib.items() if k not in ("source_id", "evidence")}),
                    _dumps(contrib.get("evidence") or []))
            rows.append((source_key, key, *pair))
            if item_id not in existed:
                counts["added"] += 1
            elif prev == pair:
                counts["unchanged"] += 1
            else:
                counts["updated"] += 1
        cur.executemany(f"INSERT OR REPLACE INTO {table.contrib}(source, item, body, evidence) VALUES(?,?,?,?)", rows)
        self._refresh_written(cur, table, source_id, items, keys, node_keys, shared, set(old) if latest else None)
        return counts

    @staticmethod
    def _shared(cur: sqlite3.Cursor, table: _Table, source_key: int, keys: list[int]) -> set[int]:
        """Which of ``keys`` other sources hold too."""
        shared: set[int] = set()
        for part in chunks(keys, _CHUNK):
            shared.update(r[0] for r in cur.execute(
                f"SELECT DISTINCT item FROM {table.contrib} WHERE item IN ({_marks(part)}) AND source<>?",
                [*part, source_key]))
        return shared

    @staticmethod
    def _source_bodies(cur: sqlite3.Cursor, table: _Table, source_key: int,
                       keys: list[int] | None) -> dict[int, tuple[str, str]]:
        """This source's stored contributions (all of them, or those of ``keys``) as
        key -> (body, evidence) JSON texts."""
        query = f"SELECT item, body, evidence FROM {table.contrib} WHERE source=?"
        if keys is None:
            return {r[0]: (r[1], r[2]) for r in cur.execute(query, (source_key,))}
        out: dict[int, tuple[str, str]] = {}
        for part in chunks(keys, _CHUNK):
            out.update((r[0], (r[1], r[2])) for r in cur.execute(
                f"{query} AND item IN ({_marks(part)})", [source_key, *part]))
        return out

    def _refresh_written(self, cur: sqlite3.Cursor, table: _Table, source_id: str, items: dict[str, dict[str, Any]],
                         keys: dict[str, int], node_keys: dict[str, int], shared: set[int],
                         had_before: set[int] | None) -> None:
        """Merged rows for items just written, read back as little as possible:

        - an item no other source has: the merged row is the contribution itself;
        - an item other sources have, written by the latest source (``had_before`` is not None)
          for the first time: fold the contribution into the stored merged row;
        - otherwise (the source had the item before, or is not the latest): refold everything.
        """
        sources = _dumps([source_id])
        rows = [_merged_row(table, keys[item_id], item_id, c, sources, node_keys)
                for item_id, c in items.items() if keys[item_id] not in shared]
        incremental = [] if had_before is None else [k for k in shared if k not in had_before]
        refold = list(shared.difference(incremental))
        if incremental:
            stored = self._stored_merged(cur, table, incremental)
            by_key = {keys[item_id]: item_id for item_id in items}
            for key in incremental:
                item_id = by_key[key]
                merged = merge_contributions([stored[key], items[item_id]])
                assert merged is not None
                merged["sources"] = [*stored[key]["sources"], source_id]
                rows.append(_merged_row(table, key, item_id, merged, _dumps(merged["sources"]), node_keys))
        cur.executemany(f"INSERT OR REPLACE INTO {table.name} VALUES({table.marks})", rows)
        self._refresh(cur, table, refold)

    @staticmethod
    def _stored_merged(cur: sqlite3.Cursor, table: _Table, keys: list[int]) -> dict[int, dict[str, Any]]:
        """Merged rows as contribution-shaped dicts, for folding one more contribution in."""
        out: dict[int, dict[str, Any]] = {}
        columns = ("label", "kind", "name", "aliases") if table is _NODES else ("type",)
        for part in chunks(keys, _CHUNK):
            for row in cur.execute(
                f"SELECT key, {', '.join(columns)}, properties, sources FROM {table.name} "
                f"WHERE key IN ({_marks(part)})", part):
                item = dict(zip(columns, row[1:]))
                if "aliases" in item:
                    item["aliases"] = json.loads(item["aliases"])
                sources = json.loads(row[-1])
                out[row[0]] = item | {"properties": json.loads(row[-2]), "sources": sources,
                                      "source_id": sources[-1], "evidence": []}
        return out

    def _refresh(self, cur: sqlite3.Cursor, table: _Table, keys: list[int]) -> tuple[set[int], set[int]]:
        """Recompute merged rows of ``keys`` from all their contributions, in load order; delete
        the ones left without any. Returns (keys deleted, keys of edges deleted with their nodes)."""
        grouped: dict[int, list[dict[str, Any]]] = {}
        unique = list(dict.fromkeys(keys))
        for part in chunks(unique, _CHUNK):
            for key, source_id, body in cur.execute(
                f"SELECT c.item, s.id, c.body FROM {table.contrib} c JOIN sources s ON s.key = c.source "
                f"WHERE c.item IN ({_marks(part)}) ORDER BY s.seq", part):
                grouped.setdefault(key, []).append(json.loads(body) | {"source_id": source_id})
        rows = []
        for key, contribs in grouped.items():
            merged = merge_contributions(contribs)
            assert merged is not None
            rows.append((*_merged_values(table, merged, _dumps(merged["sources"])), key))
        cur.executemany(table.refold, rows)
        orphans = [k for k in unique if k not in grouped]
        dangling: list[int] = []
        for part in chunks(orphans, _CHUNK):
            marks = _marks(part)
            cur.execute(f"DELETE FROM {table.name} WHERE key IN ({marks})", part)
            if table is _NODES:
                # An edge another source contributed cannot outlive its endpoint.
                dangling += [r[0] for r in cur.execute(
                    f"SELECT key FROM edges WHERE src IN ({marks}) OR dst IN ({marks})", part + part)]
        for part in chunks(dangling, _CHUNK):
            marks = _marks(part)
            cur.execute(f"DELETE FROM edges WHERE key IN ({marks})", part)
            cur.execute(f"DELETE FROM edge_contrib WHERE item IN ({marks})", part)
        return set(orphans), set(dangling)

    # -- reads -----------------------------------------------------------------------------

    def _read(self, reader: Any, *args: Any) -> Any:
        """Run ``reader`` in one read transaction, so all it reads comes from one snapshot."""
        if self._conn is None:
            raise StoreError(f"{self.describe()} is closed")
        cur = self._conn.cursor()
        cur.execute("BEGIN")
        try:
            return reader(cur, *args)
        finally:
            cur.execute("COMMIT")

    def projection(self, filters: ProjectionFilter | None = None) -> nx.MultiDiGraph:
        with gc_paused():
            return self._read(read_projection, filters or ProjectionFilter())

    def counts(self) -> StoreCounts:
        return self._read(read_counts)

    def sources(self) -> list[dict[str, Any]]:
        return self._read(read_sources)

    def contributions(self) -> tuple[list[dict[str, Any]], list[tuple[str, str, dict[str, Any]]],
                                     list[tuple[str, str, dict[str, Any]]]]:
        """Everything as stored, for copying to another store (``push`` / ``pull``): the sources
        in load order, then (id, source id, contribution) for every node and every edge."""
        return self._read(read_contributions)

class _Transaction:
    """``BEGIN IMMEDIATE`` ... ``COMMIT``, or ``ROLLBACK`` on any exception; SQLite errors
    become ``StoreError`` naming the file."""

    def __init__(self, conn: sqlite3.Connection, path: Path) -> None:
        self._conn = conn
        self._path = path

    def __enter__(self) -> sqlite3.Cursor:
        self._cur = self._conn.cursor()
        try:
            self._cur.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as e:
            raise StoreError(f"{self._path} is locked by another process ({e}); try again") from e
        return self._cur

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: object) -> None:
        if exc_type is None:
            try:
                self._cur.execute("COMMIT")
            except sqlite3.Error as e:
                self._conn.execute("ROLLBACK")
                raise StoreError(f"could not write {self._path}: {e}") from e
            return
        self._cur.execute("ROLLBACK")
        if isinstance(exc, sqlite3.Error):
            raise StoreError(f"could not write {self._path}: {exc}") from exc
