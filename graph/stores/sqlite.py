"""The embedded default store: one SQLite file in WAL mode, no server.

Tables hold one row per (node or edge, source) contribution plus the merged row readers see,
so that a projection is a plain scan and a reload touches only its own source's rows. Every
write runs in one ``BEGIN IMMEDIATE`` transaction: a failure rolls the file back to what it
was, and a second process waits for the lock (``busy_timeout``) instead of failing.
"""

from __future__ import annotations

import json
import os
import sqlite3
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import networkx as nx

from innograph.errors import StoreError

from ..model import GraphDelta, ProjectionFilter, StoreCounts
from ..schema import Label
from .base import chunks, dedupe_delta, gc_paused, edge_attributes, merge_contributions, node_attributes

__all__ = ["SQLiteStore", "DEFAULT_DB"]

DEFAULT_DB = "innograph.db"
SCHEMA_VERSION = 1
_CHUNK = 500  # ids per IN (...) clause; SQLite's default variable limit is 32766

_DDL = """
CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS sources(
    id TEXT PRIMARY KEY, path TEXT, sha256 TEXT, title TEXT, kind TEXT, seq INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS nodes(
    id TEXT PRIMARY KEY, label TEXT NOT NULL, kind TEXT, name TEXT NOT NULL,
    aliases TEXT NOT NULL, properties TEXT NOT NULL, sources TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS nodes_label_kind ON nodes(label, kind);
CREATE INDEX IF NOT EXISTS nodes_name ON nodes(name);
CREATE TABLE IF NOT EXISTS node_contrib(
    node_id TEXT NOT NULL, source_id TEXT NOT NULL, body TEXT NOT NULL, evidence TEXT NOT NULL,
    PRIMARY KEY(node_id, source_id)) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS node_contrib_source ON node_contrib(source_id);
CREATE TABLE IF NOT EXISTS edges(
    id TEXT PRIMARY KEY, src TEXT NOT NULL, dst TEXT NOT NULL, type TEXT NOT NULL,
    properties TEXT NOT NULL, sources TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS edges_type ON edges(type);
CREATE INDEX IF NOT EXISTS edges_src ON edges(src);
CREATE INDEX IF NOT EXISTS edges_dst ON edges(dst);
CREATE TABLE IF NOT EXISTS edge_contrib(
    edge_id TEXT NOT NULL, source_id TEXT NOT NULL, body TEXT NOT NULL, evidence TEXT NOT NULL,
    PRIMARY KEY(edge_id, source_id)) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS edge_contrib_source ON edge_contrib(source_id);
"""


@dataclass(frozen=True)
class _Table:
    name: str  # merged rows
    contrib: str  # per-source contributions
    id_col: str
    marks: str  # placeholders of one merged row


_NODES = _Table("nodes", "node_contrib", "node_id", "?,?,?,?,?,?,?")
_EDGES = _Table("edges", "edge_contrib", "edge_id", "?,?,?,?,?,?")


def _merged_row(table: _Table, item_id: str, merged: dict[str, Any], sources_json: str) -> tuple[Any, ...]:
    props = merged.get("properties") or {}
    props_json = _dumps(props) if props else "{}"
    if table is _NODES:
        aliases = merged.get("aliases") or []
        return (item_id, merged["label"], merged.get("kind"), merged["name"],
                _dumps(aliases) if aliases else "[]", props_json, sources_json)
    return (item_id, merged["src"], merged["dst"], merged["type"], props_json, sources_json)


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


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
            for statement in filter(None, (s.strip() for s in _DDL.split(";"))):
                cur.execute(statement)
            row = cur.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()
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
            latest = self._register_source(cur, source.model_dump())
            for table, items in ((_NODES, nodes), (_EDGES, edges)):
                if table is _EDGES:
                    self._check_endpoints(cur, edges, set(nodes))
                counts = self._write_items(cur, table, source.id, items, replace_source, latest)
                for key, value in counts.items():
                    stats["edges_removed" if key == "dangling" else f"{table.name}_{key}"] += value
        return stats

    def remove_source(self, source_id: str) -> dict[str, int]:
        with self._transaction() as cur:
            node_ids = self._ids_of_source(cur, _NODES, source_id)
            edge_ids = self._ids_of_source(cur, _EDGES, source_id)
            cur.execute("DELETE FROM node_contrib WHERE source_id=?", (source_id,))
            cur.execute("DELETE FROM edge_contrib WHERE source_id=?", (source_id,))
            cur.execute("DELETE FROM sources WHERE id=?", (source_id,))
            gone_nodes, dangling = self._refresh(cur, _NODES, node_ids)
            gone_edges, _ = self._refresh(cur, _EDGES, edge_ids)
        return {"nodes_removed": len(gone_nodes), "edges_removed": len(gone_edges | dangling)}

    @staticmethod
    def _register_source(cur: sqlite3.Cursor, source: dict[str, Any]) -> bool:
        """Record the source; True when it is the latest in merge order."""
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
        return seq == cur.execute("SELECT MAX(seq) FROM sources").fetchone()[0]

    def _write_items(self, cur: sqlite3.Cursor, table: _Table, source_id: str,
                     items: dict[str, dict[str, Any]], replace_source: bool, latest: bool) -> dict[str, int]:
        """Write one source's contributions for nodes or edges and refresh the merged rows."""
        ids = list(items)
        old = self._source_bodies(cur, table, source_id, None if replace_source else ids)
        existed, shared = self._holders(cur, table, source_id, ids)
        counts = {"added": 0, "updated": 0, "unchanged": 0, "removed": 0, "dangling": 0}
        if replace_source:
            stale = [i for i in old if i not in items]
            for part in chunks(stale, _CHUNK):
                cur.execute(f"DELETE FROM {table.contrib} WHERE source_id=? AND {table.id_col} IN "
                            f"({','.join('?' * len(part))})", [source_id, *part])
            gone, dangling = self._refresh(cur, table, stale)
            counts["removed"] = len(gone)
            counts["dangling"] = len(dangling)  # other sources' edges that pointed at removed nodes
        rows = []
        for item_id, contrib in items.items():
            if not replace_source and item_id in old:
                body, evidence = old[item_id]
                stored = json.loads(body) | {"evidence": json.loads(evidence), "source_id": source_id}
                merged = merge_contributions([stored, contrib])
                assert merged is not None
                merged.pop("sources", None)
                contrib = merged | {"source_id": source_id}
                items[item_id] = contrib
            # Evidence is kept in its own column: merging rows never needs to decode it.
            pair = (_dumps({k: v for k, v in contrib.items() if k not in ("source_id", "evidence")}),
                    _dumps(contrib.get("evidence") or []))
            rows.append((item_id, source_id, *pair))
            if item_id not in existed:
                counts["added"] += 1
            elif old.get(item_id) == pair:
                counts["unchanged"] += 1
            else:
                counts["updated"] += 1
        cur.executemany(f"INSERT OR REPLACE INTO {table.contrib}({table.id_col}, source_id, body, evidence) "
                        "VALUES(?,?,?,?)", rows)
        self._refresh_written(cur, table, source_id, items, shared, set(old) if latest else None)
        return counts

    @staticmethod
    def _holders(cur: sqlite3.Cursor, table: _Table, source_id: str, ids: list[str]) -> tuple[set[str], set[str]]:
        """Which of ``ids`` exist already (have any contribution), and which other sources hold."""
        existed: set[str] = set()
        shared: set[str] = set()
        for part in chunks(ids, _CHUNK):
            for item_id, other in cur.execute(
                f"SELECT {table.id_col}, source_id<>? FROM {table.contrib} "
                f"WHERE {table.id_col} IN ({','.join('?' * len(part))})", [source_id, *part]):
                existed.add(item_id)
                if other:
                    shared.add(item_id)
        return existed, shared

    @staticmethod
    def _ids_of_source(cur: sqlite3.Cursor, table: _Table, source_id: str) -> list[str]:
        return [r[0] for r in cur.execute(f"SELECT {table.id_col} FROM {table.contrib} WHERE source_id=?", (source_id,))]

    @staticmethod
    def _source_bodies(cur: sqlite3.Cursor, table: _Table, source_id: str,
                       ids: list[str] | None) -> dict[str, tuple[str, str]]:
        """This source's stored contributions (all of them, or those of ``ids``) as
        id -> (body, evidence) JSON texts."""
        query = f"SELECT {table.id_col}, body, evidence FROM {table.contrib} WHERE source_id=?"
        if ids is None:
            return {r[0]: (r[1], r[2]) for r in cur.execute(query, (source_id,))}
        out: dict[str, tuple[str, str]] = {}
        for part in chunks(ids, _CHUNK):
            out.update((r[0], (r[1], r[2])) for r in cur.execute(
                f"{query} AND {table.id_col} IN ({','.join('?' * len(part))})", [source_id, *part]))
        return out

    @staticmethod
    def _existing_ids(cur: sqlite3.Cursor, table: _Table, ids: list[str]) -> set[str]:
        found: set[str] = set()
        for part in chunks(ids, _CHUNK):
            found.update(r[0] for r in cur.execute(
                f"SELECT id FROM {table.name} WHERE id IN ({','.join('?' * len(part))})", part))
        return found

    @staticmethod
    def _check_endpoints(cur: sqlite3.Cursor, edges: dict[str, dict[str, Any]], delta_nodes: set[str]) -> None:
        wanted = sorted({e[k] for e in edges.values() for k in ("src", "dst")} - delta_nodes)
        known = SQLiteStore._existing_ids(cur, _NODES, wanted)
        missing = [i for i in wanted if i not in known]
        if missing:
            raise StoreError(f"an edge refers to node {missing[0]!r}, which is neither in this load nor in the store")

    def _refresh_written(self, cur: sqlite3.Cursor, table: _Table, source_id: str,
                         items: dict[str, dict[str, Any]], shared: set[str], had_before: set[str] | None) -> None:
        """Merged rows for items just written, read back as little as possible:

        - an item no other source has: the merged row is the contribution itself;
        - an item other sources have, written by the latest source (``had_before`` is not None)
          for the first time: fold the contribution into the stored merged row;
        - otherwise (the source had the item before, or is not the latest): refold everything.
        """
        sources = _dumps([source_id])
        rows = [_merged_row(table, item_id, c, sources) for item_id, c in items.items() if item_id not in shared]
        incremental = [] if had_before is None else [i for i in shared if i not in had_before]
        refold = list(shared.difference(incremental))
        stored = self._stored_merged(cur, table, incremental)
        for item_id in incremental:
            merged = merge_contributions([stored[item_id], items[item_id]])
            assert merged is not None
            merged["sources"] = [*stored[item_id]["sources"], source_id]
            rows.append(_merged_row(table, item_id, merged, _dumps(merged["sources"])))
        cur.executemany(f"INSERT OR REPLACE INTO {table.name} VALUES({table.marks})", rows)
        self._refresh(cur, table, refold)

    @staticmethod
    def _stored_merged(cur: sqlite3.Cursor, table: _Table, ids: list[str]) -> dict[str, dict[str, Any]]:
        """Merged rows as contribution-shaped dicts, for folding one more contribution in."""
        out: dict[str, dict[str, Any]] = {}
        columns = ("label", "kind", "name", "aliases") if table is _NODES else ("src", "dst", "type")
        for part in chunks(ids, _CHUNK):
            for row in cur.execute(
                f"SELECT id, {', '.join(columns)}, properties, sources FROM {table.name} "
                f"WHERE id IN ({','.join('?' * len(part))})", part):
                item = dict(zip(columns, row[1:]))
                if "aliases" in item:
                    item["aliases"] = json.loads(item["aliases"])
                sources = json.loads(row[-1])
                out[row[0]] = item | {"properties": json.loads(row[-2]), "sources": sources,
                                      "source_id": sources[-1], "evidence": []}
        return out

    def _refresh(self, cur: sqlite3.Cursor, table: _Table, ids: list[str]) -> tuple[set[str], set[str]]:
        """Recompute merged rows of ``ids`` from all their contributions, in load order; delete
        the ones left without any. Returns (ids deleted, ids of edges deleted with their nodes)."""
        grouped: dict[str, list[dict[str, Any]]] = {}
        unique = list(dict.fromkeys(ids))
        for part in chunks(unique, _CHUNK):
            for item_id, source_id, body in cur.execute(
                f"SELECT c.{table.id_col}, c.source_id, c.body FROM {table.contrib} c JOIN sources s "
                f"ON s.id = c.source_id WHERE c.{table.id_col} IN ({','.join('?' * len(part))}) ORDER BY s.seq",
                part,
            ):
                grouped.setdefault(item_id, []).append(json.loads(body) | {"source_id": source_id})
        rows = []
        for item_id, contribs in grouped.items():
            merged = merge_contributions(contribs)
            assert merged is not None
            rows.append(_merged_row(table, item_id, merged, _dumps(merged["sources"])))
        cur.executemany(f"INSERT OR REPLACE INTO {table.name} VALUES({table.marks})", rows)
        orphans = [i for i in unique if i not in grouped]
        dangling: list[str] = []
        for part in chunks(orphans, _CHUNK):
            marks = ",".join("?" * len(part))
            cur.execute(f"DELETE FROM {table.name} WHERE id IN ({marks})", part)
            if table is _NODES:
                # An edge another source contributed cannot outlive its endpoint.
                dangling += [r[0] for r in cur.execute(
                    f"SELECT id FROM edges WHERE src IN ({marks}) OR dst IN ({marks})", part + part)]
        for part in chunks(dangling, _CHUNK):
            marks = ",".join("?" * len(part))
            cur.execute(f"DELETE FROM edges WHERE id IN ({marks})", part)
            cur.execute(f"DELETE FROM edge_contrib WHERE edge_id IN ({marks})", part)
        return set(orphans), set(dangling)

    # -- reads -----------------------------------------------------------------------------

    def _node_where(self, f: ProjectionFilter) -> tuple[str, list[Any]]:
        clauses: list[str] = []
        params: list[Any] = []
        if f.labels:
            clauses.append(f"label IN ({','.join('?' * len(f.labels))})")
            params += sorted(label.value for label in f.labels)
        if f.kinds:
            clauses.append(f"(label <> 'Actor' OR kind IN ({','.join('?' * len(f.kinds))}))")
            params += sorted(k.value for k in f.kinds)
        return (" WHERE " + " AND ".join(clauses) if clauses else ""), params

    def projection(self, filters: ProjectionFilter | None = None) -> nx.MultiDiGraph:
        with gc_paused():
            return self._projection(filters or ProjectionFilter())

    def _projection(self, f: ProjectionFilter) -> nx.MultiDiGraph:
        if self._conn is None:
            raise StoreError(f"{self.describe()} is closed")
        cur = self._conn.cursor()
        G = nx.MultiDiGraph()
        # One read transaction so that nodes and edges are read from the same snapshot.
        cur.execute("BEGIN")
        try:
            node_where, node_params = self._node_where(f)
            evidence = self._evidence(cur, _NODES, node_where, node_params) if f.with_evidence else {}
            loads = _cached_loads()
            G.add_nodes_from(
                (nid, node_attributes({"label": label, "kind": kind, "name": name, "aliases": loads(aliases),
                                       "properties": loads(props), "sources": loads(sources),
                                       "evidence": evidence.get(nid, [])}, f.with_evidence))
                for nid, label, kind, name, aliases, props, sources in cur.execute(
                    "SELECT id, label, kind, name, aliases, properties, sources FROM nodes" + node_where + " ORDER BY id",
                    node_params)
            )
            edge_clauses: list[str] = []
            edge_params: list[Any] = []
            if f.relation_types:
                edge_clauses.append(f"type IN ({','.join('?' * len(f.relation_types))})")
                edge_params += sorted(t.value for t in f.relation_types)
            if node_where:
                edge_clauses.append(f"src IN (SELECT id FROM nodes{node_where}) AND dst IN (SELECT id FROM nodes{node_where})")
                edge_params += node_params + node_params
            edge_where = " WHERE " + " AND ".join(edge_clauses) if edge_clauses else ""
            edge_evidence = self._evidence(cur, _EDGES, edge_where, edge_params) if f.with_evidence else {}
            G.add_edges_from(
                (src, dst, type_, edge_attributes({"type": type_, "properties": loads(props), "sources": loads(sources),
                                                   "evidence": edge_evidence.get(eid, [])}, f.with_evidence))
                for eid, src, dst, type_, props, sources in cur.execute(
                    "SELECT id, src, dst, type, properties, sources FROM edges" + edge_where + " ORDER BY id", edge_params)
            )
        finally:
            cur.execute("COMMIT")
        return G

    @staticmethod
    def _evidence(cur: sqlite3.Cursor, table: _Table, where: str, params: list[Any]) -> dict[str, list[Any]]:
        """Evidence of the nodes or edges ``where`` keeps, each source's in load order."""
        out: dict[str, list[Any]] = {}
        query = (f"SELECT c.{table.id_col}, c.evidence FROM {table.contrib} c JOIN sources s ON s.id=c.source_id "
                 f"WHERE c.{table.id_col} IN (SELECT id FROM {table.name}{where}) ORDER BY s.seq")
        for item_id, body in cur.execute(query, params):
            out.setdefault(item_id, []).extend(json.loads(body))
        return {k: _unique_evidence(v) for k, v in out.items()}

    def counts(self) -> StoreCounts:
        if self._conn is None:
            raise StoreError(f"{self.describe()} is closed")
        cur = self._conn.cursor()
        by_label = dict(cur.execute("SELECT label, COUNT(*) FROM nodes GROUP BY label ORDER BY label").fetchall())
        by_type = dict(cur.execute("SELECT type, COUNT(*) FROM edges GROUP BY type ORDER BY type").fetchall())
        by_kind = dict(cur.execute(
            "SELECT kind, COUNT(*) FROM nodes WHERE label=? GROUP BY kind ORDER BY kind", (Label.ACTOR.value,)).fetchall())
        sources = cur.execute("SELECT COUNT(*) FROM sources").fetchone()[0]
        return StoreCounts(nodes=sum(by_label.values()), edges=sum(by_type.values()), by_label=by_label,
                           by_type=by_type, by_kind=by_kind, sources=sources)

    def sources(self) -> list[dict[str, Any]]:
        if self._conn is None:
            raise StoreError(f"{self.describe()} is closed")
        cur = self._conn.execute("SELECT id, path, sha256, title, kind FROM sources ORDER BY seq")
        return [dict(zip(("id", "path", "sha256", "title", "kind"), row)) for row in cur]

    def contributions(self) -> tuple[list[dict[str, Any]], list[tuple[str, str, dict[str, Any]]],
                                     list[tuple[str, str, dict[str, Any]]]]:
        """Everything as stored, for copying to another store (``push`` / ``pull``): the sources
        in load order, then (id, source id, contribution) for every node and every edge."""
        if self._conn is None:
            raise StoreError(f"{self.describe()} is closed")
        cur = self._conn.cursor()
        cur.execute("BEGIN")  # one snapshot
        try:
            sources = [dict(zip(("id", "path", "sha256", "title", "kind"), row)) for row in cur.execute(
                "SELECT id, path, sha256, title, kind FROM sources ORDER BY seq")]
            parts = [[(item_id, source_id, json.loads(body) | {"evidence": json.loads(evidence)})
                      for item_id, source_id, body, evidence in cur.execute(
                          f"SELECT {t.id_col}, source_id, body, evidence FROM {t.contrib}")] for t in (_NODES, _EDGES)]
        finally:
            cur.execute("COMMIT")
        return sources, parts[0], parts[1]


def _cached_loads() -> Any:
    """json.loads that decodes each distinct text once: most rows share '{}', '[]' and a few
    source lists, and decoding dominates the projection's time otherwise."""
    cache: dict[str, Any] = {}

    def loads(text: str) -> Any:
        value = cache.get(text)
        if value is None:
            value = json.loads(text)
            if len(cache) < 100_000:
                cache[text] = value
        # Containers are shared between rows: hand out copies so a caller's change stays local.
        return value.copy() if isinstance(value, (list, dict)) else value

    return loads


def _unique_evidence(items: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    from .base import merge_evidence

    return merge_evidence(items)


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
