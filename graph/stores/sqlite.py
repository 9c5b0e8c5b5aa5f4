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
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import networkx as nx

from innograph.errors import StoreError

from ..model import GraphDelta, ProjectionFilter, StoreCounts
from ..schema import Label
from .base import chunks, dedupe_delta, edge_attributes, merge_contributions, node_attributes

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
    node_id TEXT NOT NULL, source_id TEXT NOT NULL, body TEXT NOT NULL,
    PRIMARY KEY(node_id, source_id)) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS node_contrib_source ON node_contrib(source_id);
CREATE TABLE IF NOT EXISTS edges(
    id TEXT PRIMARY KEY, src TEXT NOT NULL, dst TEXT NOT NULL, type TEXT NOT NULL,
    properties TEXT NOT NULL, sources TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS edges_type ON edges(type);
CREATE INDEX IF NOT EXISTS edges_src ON edges(src);
CREATE INDEX IF NOT EXISTS edges_dst ON edges(dst);
CREATE TABLE IF NOT EXISTS edge_contrib(
    edge_id TEXT NOT NULL, source_id TEXT NOT NULL, body TEXT NOT NULL,
    PRIMARY KEY(edge_id, source_id)) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS edge_contrib_source ON edge_contrib(source_id);
"""


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
            self._conn.execute("PRAGMA journal_mode=WAL")
            self._conn.execute("PRAGMA synchronous=NORMAL")
            self._conn.execute("PRAGMA foreign_keys=OFF")
            self._ensure_schema()
        except sqlite3.DatabaseError as e:
            raise StoreError(f"{self.path} is not an innograph database ({e}); choose another --db path") from e

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
        nodes, edges = dedupe_delta(delta)
        source = delta.source
        with self._transaction() as cur:
            stats = {"nodes_added": 0, "nodes_updated": 0, "nodes_unchanged": 0,
                     "edges_added": 0, "edges_updated": 0, "edges_unchanged": 0,
                     "nodes_removed": 0, "edges_removed": 0}
            before_nodes = self._merged_rows(cur, "nodes", list(nodes))
            before_edges = self._merged_rows(cur, "edges", list(edges))
            if replace_source:
                # Keep the source row's place (seq) across the removal when its content is unchanged.
                kept = cur.execute("SELECT sha256, seq FROM sources WHERE id=?", (source.id,)).fetchone()
                gone_nodes, gone_edges = self._remove_source_ids(cur, source.id)
                stats["nodes_removed"] = len(gone_nodes - set(nodes))
                stats["edges_removed"] = len(gone_edges - set(edges))
                if kept:
                    cur.execute("INSERT INTO sources(id, sha256, seq) VALUES(?,?,?)", (source.id, kept[0], kept[1]))
            # A reload of unchanged content keeps its place in the merge order, so loading the
            # same file twice changes nothing even when other sources share its nodes.
            row = cur.execute("SELECT sha256, seq FROM sources WHERE id=?", (source.id,)).fetchone()
            seq = row[1] if row and row[0] == source.sha256 else (
                cur.execute("SELECT COALESCE(MAX(seq), 0) + 1 FROM sources").fetchone()[0])
            cur.execute(
                "INSERT INTO sources(id, path, sha256, title, kind, seq) VALUES(?,?,?,?,?,?) "
                "ON CONFLICT(id) DO UPDATE SET path=excluded.path, sha256=excluded.sha256, "
                "title=excluded.title, kind=excluded.kind, seq=excluded.seq",
                (source.id, source.path, source.sha256, source.title, source.kind, seq),
            )
            self._write_contributions(cur, "node_contrib", "node_id", source.id, nodes)
            self._check_endpoints(cur, edges, set(nodes))
            self._write_contributions(cur, "edge_contrib", "edge_id", source.id, edges)
            after_nodes = self._refresh(cur, "nodes", list(nodes))
            after_edges = self._refresh(cur, "edges", list(edges))
            for kind, before, after in (("nodes", before_nodes, after_nodes), ("edges", before_edges, after_edges)):
                for item_id, row in after.items():
                    old = before.get(item_id)
                    key = "added" if old is None else ("unchanged" if old == row else "updated")
                    stats[f"{kind}_{key}"] += 1
        return stats

    def remove_source(self, source_id: str) -> dict[str, int]:
        with self._transaction() as cur:
            return self._remove_source(cur, source_id)

    def _remove_source(self, cur: sqlite3.Cursor, source_id: str) -> dict[str, int]:
        gone_nodes, gone_edges = self._remove_source_ids(cur, source_id)
        return {"nodes_removed": len(gone_nodes), "edges_removed": len(gone_edges)}

    def _remove_source_ids(self, cur: sqlite3.Cursor, source_id: str) -> tuple[set[str], set[str]]:
        """Delete a source's contributions; return the ids of nodes and edges now gone."""
        node_ids = [r[0] for r in cur.execute("SELECT node_id FROM node_contrib WHERE source_id=?", (source_id,))]
        edge_ids = [r[0] for r in cur.execute("SELECT edge_id FROM edge_contrib WHERE source_id=?", (source_id,))]
        cur.execute("DELETE FROM node_contrib WHERE source_id=?", (source_id,))
        cur.execute("DELETE FROM edge_contrib WHERE source_id=?", (source_id,))
        cur.execute("DELETE FROM sources WHERE id=?", (source_id,))
        remaining_nodes = self._refresh(cur, "nodes", node_ids)
        self._refresh(cur, "edges", edge_ids)
        gone_nodes = [i for i in node_ids if i not in remaining_nodes]
        # An edge another source contributed cannot outlive its endpoint.
        dangling: list[str] = []
        for part in chunks(gone_nodes, _CHUNK):
            marks = ",".join("?" * len(part))
            dangling += [r[0] for r in cur.execute(
                f"SELECT id FROM edges WHERE src IN ({marks}) OR dst IN ({marks})", part + part)]
        for part in chunks(dangling, _CHUNK):
            marks = ",".join("?" * len(part))
            cur.execute(f"DELETE FROM edges WHERE id IN ({marks})", part)
            cur.execute(f"DELETE FROM edge_contrib WHERE edge_id IN ({marks})", part)
        remaining_edges: set[str] = set()
        for part in chunks(list(dict.fromkeys(edge_ids)), _CHUNK):
            marks = ",".join("?" * len(part))
            remaining_edges.update(r[0] for r in cur.execute(f"SELECT id FROM edges WHERE id IN ({marks})", part))
        return set(gone_nodes), (set(edge_ids) - remaining_edges) | set(dangling)

    @staticmethod
    def _write_contributions(cur: sqlite3.Cursor, table: str, id_col: str, source_id: str,
                             items: dict[str, dict[str, Any]]) -> None:
        ids = list(items)
        existing: dict[str, dict[str, Any]] = {}
        for part in chunks(ids, _CHUNK):
            marks = ",".join("?" * len(part))
            for item_id, body in cur.execute(
                f"SELECT {id_col}, body FROM {table} WHERE source_id=? AND {id_col} IN ({marks})",
                [source_id, *part],
            ):
                existing[item_id] = json.loads(body)
        rows = []
        for item_id, contrib in items.items():
            if item_id in existing:
                merged = merge_contributions([existing[item_id] | {"source_id": source_id}, contrib]) or contrib
                merged.pop("sources", None)
                contrib = merged
            body = {k: v for k, v in contrib.items() if k != "source_id"}
            rows.append((item_id, source_id, _dumps(body)))
        cur.executemany(f"INSERT OR REPLACE INTO {table}({id_col}, source_id, body) VALUES(?,?,?)", rows)

    @staticmethod
    def _check_endpoints(cur: sqlite3.Cursor, edges: dict[str, dict[str, Any]], delta_nodes: set[str]) -> None:
        wanted = sorted({e[k] for e in edges.values() for k in ("src", "dst")} - delta_nodes)
        known: set[str] = set()
        for part in chunks(wanted, _CHUNK):
            marks = ",".join("?" * len(part))
            known.update(r[0] for r in cur.execute(f"SELECT id FROM nodes WHERE id IN ({marks})", part))
        missing = [i for i in wanted if i not in known]
        if missing:
            raise StoreError(f"an edge refers to node {missing[0]!r}, which is neither in this load nor in the store")

    def _merged_rows(self, cur: sqlite3.Cursor, table: str, ids: list[str]) -> dict[str, tuple[Any, ...]]:
        out: dict[str, tuple[Any, ...]] = {}
        for part in chunks(ids, _CHUNK):
            marks = ",".join("?" * len(part))
            for row in cur.execute(f"SELECT * FROM {table} WHERE id IN ({marks})", part):
                out[row[0]] = tuple(row)
        # Evidence lives in contributions; include it so an evidence-only change counts as updated.
        contrib = "node_contrib" if table == "nodes" else "edge_contrib"
        id_col = "node_id" if table == "nodes" else "edge_id"
        for part in chunks(list(out), _CHUNK):
            marks = ",".join("?" * len(part))
            bodies: dict[str, list[str]] = {}
            for item_id, source_id, body in cur.execute(
                f"SELECT {id_col}, source_id, body FROM {contrib} WHERE {id_col} IN ({marks}) ORDER BY {id_col}, source_id", part
            ):
                bodies.setdefault(item_id, []).append(source_id + body)
            for item_id, parts in bodies.items():
                out[item_id] = out[item_id] + tuple(parts)
        return out

    def _refresh(self, cur: sqlite3.Cursor, table: str, ids: list[str]) -> dict[str, tuple[Any, ...]]:
        """Recompute the merged rows of ``ids`` from their contributions; delete orphans."""
        contrib = "node_contrib" if table == "nodes" else "edge_contrib"
        id_col = "node_id" if table == "nodes" else "edge_id"
        grouped: dict[str, list[dict[str, Any]]] = {}
        for part in chunks(list(dict.fromkeys(ids)), _CHUNK):
            marks = ",".join("?" * len(part))
            for item_id, source_id, body in cur.execute(
                f"SELECT c.{id_col}, c.source_id, c.body FROM {contrib} c JOIN sources s ON s.id = c.source_id "
                f"WHERE c.{id_col} IN ({marks}) ORDER BY s.seq",
                part,
            ):
                grouped.setdefault(item_id, []).append(json.loads(body) | {"source_id": source_id})
        rows = []
        for item_id, contribs in grouped.items():
            m = merge_contributions(contribs)
            assert m is not None
            if table == "nodes":
                rows.append((item_id, m["label"], m["kind"], m["name"], _dumps(m["aliases"]),
                             _dumps(m["properties"]), _dumps(m["sources"])))
            else:
                rows.append((item_id, m["src"], m["dst"], m["type"], _dumps(m["properties"]), _dumps(m["sources"])))
        marks = ",".join("?" * (7 if table == "nodes" else 6))
        cur.executemany(f"INSERT OR REPLACE INTO {table} VALUES({marks})", rows)
        orphans = [i for i in dict.fromkeys(ids) if i not in grouped]
        for part in chunks(orphans, _CHUNK):
            cur.execute(f"DELETE FROM {table} WHERE id IN ({','.join('?' * len(part))})", part)
        return self._merged_rows(cur, table, list(grouped)) if grouped else {}

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
        f = filters or ProjectionFilter()
        if self._conn is None:
            raise StoreError(f"{self.describe()} is closed")
        cur = self._conn.cursor()
        G = nx.MultiDiGraph()
        # One read transaction so that nodes and edges are read from the same snapshot.
        cur.execute("BEGIN")
        try:
            node_where, node_params = self._node_where(f)
            evidence = self._evidence(cur, "node_contrib", "node_id", node_where, node_params) if f.with_evidence else {}
            loads = json.loads
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
            edge_evidence = self._edge_evidence(cur, edge_where, edge_params) if f.with_evidence else {}
            G.add_edges_from(
                (src, dst, type_, edge_attributes({"type": type_, "properties": loads(props), "sources": loads(sources),
                                                   "evidence": edge_evidence.get(eid, [])}, f.with_evidence))
                for eid, src, dst, type_, props, sources in cur.execute(
                    "SELECT id, src, dst, type, properties, sources FROM edges" + edge_where + " ORDER BY id", edge_params)
            )
        finally:
            cur.execute("COMMIT")
        return G

    def _evidence(self, cur: sqlite3.Cursor, table: str, id_col: str, where: str, params: list[Any]) -> dict[str, list[Any]]:
        out: dict[str, list[Any]] = {}
        query = (f"SELECT c.{id_col}, c.body FROM {table} c JOIN sources s ON s.id=c.source_id "
                 f"WHERE c.{id_col} IN (SELECT id FROM nodes{where}) ORDER BY s.seq")
        for item_id, body in cur.execute(query, params):
            out.setdefault(item_id, []).extend(json.loads(body).get("evidence", []))
        return {k: _unique_evidence(v) for k, v in out.items()}

    def _edge_evidence(self, cur: sqlite3.Cursor, where: str, params: list[Any]) -> dict[str, list[Any]]:
        out: dict[str, list[Any]] = {}
        query = (f"SELECT c.edge_id, c.body FROM edge_contrib c JOIN sources s ON s.id=c.source_id "
                 f"WHERE c.edge_id IN (SELECT id FROM edges{where}) ORDER BY s.seq")
        for item_id, body in cur.execute(query, params):
            out.setdefault(item_id, []).extend(json.loads(body).get("evidence", []))
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
