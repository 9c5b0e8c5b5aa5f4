"""The embedded default store: one SQLite file in WAL mode, no server.

Tables hold the merged row readers see for each node and edge, plus each source's own records
packed in one row per table (sqlite_write.py), so that a projection is a plain scan and a load
writes its merged rows and two packed rows. Every write runs in one
``BEGIN IMMEDIATE`` transaction: a failure rolls the file back to what it was, and a second
process waits for the lock (``busy_timeout``) instead of failing.

Rows are keyed by small integers, not by the long text ids (``enterprise:…|PARTNERS_WITH|…``):
new nodes and edges get the next keys, so a load appends to the big tables instead of
inserting at random places into them; only the unique indexes on node ids and on edge ends take
random inserts (names are not indexed: nothing looks a node up by name). Keys are assigned in
Python inside the write transaction, whose lock makes that safe. The write side is in
``sqlite_write.py``, the read side in ``sqlite_read.py``.
"""

from __future__ import annotations

import os
import sqlite3
import time
from pathlib import Path
from typing import Any

import networkx as nx

from innograph.core.cycles import cycle_collector_paused
from innograph.core.errors import StoreError

from ..model import GraphDelta, ProjectionFilter, StoreCounts
from .sqlite_read import read_contributions, read_counts, read_projection, read_sources
from .sqlite_write import NodeRows, delete_source, write_delta

__all__ = ["SQLiteStore", "DEFAULT_DB"]

DEFAULT_DB = "innograph.db"
# Versions 1-5 were never released; a file of any other version is refused, never rewritten.
SCHEMA_VERSION = 6
_NODE_ROWS_KEPT = 2_000_000  # merged node rows remembered between loads, ~200 bytes each

# ``held`` and ``records`` are kept apart so that reading who holds what never reads records.
_DDL = """
CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS sources(
    key INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, path TEXT, sha256 TEXT, title TEXT, kind TEXT,
    seq INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS nodes(
    key INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, label TEXT NOT NULL, kind TEXT, name TEXT NOT NULL,
    aliases TEXT NOT NULL, properties TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS nodes_label_kind ON nodes(label, kind);
CREATE TABLE IF NOT EXISTS edges(
    key INTEGER PRIMARY KEY, src INTEGER NOT NULL, dst INTEGER NOT NULL, type TEXT NOT NULL,
    properties TEXT NOT NULL);
CREATE UNIQUE INDEX IF NOT EXISTS edges_ends ON edges(src, type, dst);
CREATE TABLE IF NOT EXISTS held(
    source INTEGER NOT NULL, tbl INTEGER NOT NULL, keys BLOB NOT NULL, PRIMARY KEY(source, tbl));
CREATE TABLE IF NOT EXISTS records(
    source INTEGER NOT NULL, tbl INTEGER NOT NULL, body BLOB NOT NULL, PRIMARY KEY(source, tbl));
"""


class SQLiteStore:
    """Embedded graph store in a SQLite file (default ``./innograph.db``)."""

    def __init__(self, path: str | os.PathLike[str] = DEFAULT_DB, *, timeout: float = 60.0,
                 read_only: bool = False) -> None:
        """``read_only``: open without ever writing to the file or its folder (SQLite's
        ``mode=ro``, or ``immutable=1`` when the folder cannot hold SQLite's shared-memory
        file), so a database on a read-only drive can be read; a missing file is an error."""
        self.path = Path(path)
        self.read_only = read_only
        self._known = NodeRows()
        self._data_version: int | None = None
        self._conn: sqlite3.Connection | None = None
        if self.path.is_dir():
            raise StoreError(f"{self.path} is a folder; give --db a file path such as {self.path / DEFAULT_DB}")
        if self.path.parent and not self.path.parent.exists():
            raise StoreError(f"folder {self.path.parent} for database {self.path} does not exist; create it first")
        if not _empty_or_sqlite(self.path):
            # SQLite itself would turn a file of under 100 bytes (a note, a typo'd --db) into a
            # new database, losing what it held.
            raise StoreError(f"{self.path} is not an innograph database (not an SQLite file); choose another --db path")
        if read_only and not self.path.exists():
            raise StoreError(f"no database at {self.path}; load plans into it first")
        try:
            # An existing file is inspected read-only before anything writes to it: another
            # program's database must stay byte for byte as it was (no tables, no WAL switch).
            if read_only or (self.path.exists() and self.path.stat().st_size > 0):
                self._conn = _inspect(self.path, timeout, read_only)
            if not read_only:
                if self._conn is not None:
                    self._conn.close()
                self._conn = sqlite3.connect(self.path, timeout=timeout, isolation_level=None, check_same_thread=False)
                self._conn.execute(f"PRAGMA busy_timeout={int(timeout * 1000)}")
                self._enable_wal(timeout)
                self._conn.execute("PRAGMA synchronous=NORMAL")
            self._conn.execute("PRAGMA foreign_keys=OFF")
            self._conn.execute("PRAGMA cache_size=-524288")  # up to 512 MiB, used only as a load grows: big loads touch many index pages
            self._conn.execute("PRAGMA temp_store=MEMORY")
            if not read_only:
                self._ensure_schema()
        except sqlite3.DatabaseError as e:
            self.close()
            if isinstance(e, sqlite3.OperationalError) and "locked" in str(e):
                # e.g. another process holding a write transaction for longer than timeout
                raise StoreError(f"{self.path} is locked by another process ({e}); try again") from e
            raise StoreError(f"{self.path} is not an innograph database ({e}); choose another --db path") from e
        except BaseException:
            self.close()  # not left open: Windows could not delete or replace the file
            raise

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
            # The version is checked before the tables are created: another version's tables
            # may lack the columns the indexes name.
            has_meta = cur.execute("SELECT 1 FROM sqlite_master WHERE type='table' AND name='meta'").fetchone()
            row = cur.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone() if has_meta else None
            if row is None:
                for statement in filter(None, (s.strip() for s in _DDL.split(";"))):
                    cur.execute(statement)
                cur.execute("INSERT INTO meta VALUES('schema_version', ?)", (str(SCHEMA_VERSION),))
            else:
                _check_version(_version(row[0], self.path), self.path)
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
        try:
            with cycle_collector_paused(), self._transaction() as cur:
                return write_delta(cur, delta, replace_source, self._known_nodes(cur))
        except BaseException:
            self._known.clear()  # the rows it learnt were rolled back
            raise

    def remove_source(self, source_id: str) -> dict[str, int]:
        self._known.clear()
        with self._transaction() as cur:
            return delete_source(cur, source_id)

    def _known_nodes(self, cur: sqlite3.Cursor) -> NodeRows:
        """The node rows this connection knows, emptied when another connection has written
        since (SQLite's data_version moves only for other connections' commits)."""
        version = cur.execute("PRAGMA data_version").fetchone()[0]
        if version != self._data_version or len(self._known) > _NODE_ROWS_KEPT:
            self._known.clear()
            self._data_version = version
        if not self._known and cur.execute("SELECT 1 FROM nodes LIMIT 1").fetchone() is None:
            self._known.complete = True
        return self._known

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
        with cycle_collector_paused():
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


def _connect_read_only(path: Path, timeout: float, *, immutable: bool) -> sqlite3.Connection:
    uri = f"{path.resolve().as_uri()}?mode=ro{'&immutable=1' if immutable else ''}"
    conn = sqlite3.connect(uri, uri=True, timeout=timeout, isolation_level=None, check_same_thread=False)
    conn.execute(f"PRAGMA busy_timeout={int(timeout * 1000)}")
    return conn


def _inspect(path: Path, timeout: float, read_only: bool) -> sqlite3.Connection:
    """A read-only connection to an existing database, after checking that innograph of this
    schema version wrote it; raises ``StoreError`` otherwise, having written nothing."""
    try:
        conn = _connect_read_only(path, timeout, immutable=False)
        tables = [row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
    except sqlite3.OperationalError as e:
        if "locked" in str(e):
            raise
        # A WAL database in a folder this user cannot write: SQLite cannot make its -shm file
        # there. Nothing can be writing to such a file either, so reading it as immutable is safe.
        conn = _connect_read_only(path, timeout, immutable=True)
        tables = [row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
    try:
        # A file with no tables is SQLite's new database (one innograph began and did not
        # finish, or an empty one): nothing in it to lose.
        if tables and "meta" not in tables:
            shown = ", ".join(sorted(tables)[:5]) + (" ..." if len(tables) > 5 else "")
            raise StoreError(f"{path} is not an innograph database (it is another program's SQLite file, with "
                             f"tables {shown}); it was left as it was: choose another --db path")
        row = conn.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone() if tables else None
        if tables and row is None:
            raise StoreError(f"{path} is not an innograph database (its meta table has no schema_version); "
                             "it was left as it was: choose another --db path")
        if row is None and read_only:
            raise StoreError(f"{path} holds no innograph data yet; load plans into it first")
        if row is not None:
            _check_version(_version(row[0], path), path)
    except BaseException:
        conn.close()
        raise
    return conn


def _check_version(version: int, path: Path) -> None:
    if version != SCHEMA_VERSION:
        remedy = ("load its files again into a new --db" if version < SCHEMA_VERSION
                  else "use the newer innograph that wrote it")
        raise StoreError(f"{path} has schema version {version}, this innograph needs {SCHEMA_VERSION}; {remedy}")


def _empty_or_sqlite(path: Path) -> bool:
    """Whether ``path`` is missing, empty (SQLite's new file) or starts with SQLite's header."""
    try:
        with path.open("rb") as f:
            head = f.read(16)
    except FileNotFoundError:
        return True
    except OSError as e:  # unreadable: say so rather than let SQLite call it no database
        raise StoreError(f"cannot read {path}: {e.strerror or e}") from e
    return head in (b"", b"SQLite format 3\x00")


def _version(value: object, path: Path) -> int:
    try:
        return int(str(value))
    except ValueError:
        raise StoreError(f"{path} has schema version {value!r}, which is not a number; "
                         "it was not written by innograph: choose another --db path") from None


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
