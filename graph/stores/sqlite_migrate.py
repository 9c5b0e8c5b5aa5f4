"""Upgrading an embedded database written by an older innograph, in place, in one transaction.

Versions 2 and 3 kept one contribution row per (source, item) and a list of sources on every
merged row; version 4 packs each source's contributions into one row per table
(sqlite_contrib.py) and reads who holds an item from those, and finds edges by their ends
through sqlite_edge_index.py instead of a unique index. Version 2 also had four indexes that
version 3 dropped, and versions 2 to 4 an index on node names, which nothing read and which
version 5 dropped.
"""

from __future__ import annotations

import sqlite3

import numpy as np

from .jsontext import loads
from .sqlite_contrib import EDGE_TABLE, KEY_DTYPE, NODE_TABLE, pack, record_of, store_packed
from .sqlite_edge_index import rebuild

__all__ = ["UPGRADABLE", "upgrade"]

UPGRADABLE = (2, 3, 4)
_INDEXES_DROPPED = ("node_contrib_item", "edge_contrib_item", "edges_dst", "edges_type", "nodes_name")


def upgrade(cur: sqlite3.Cursor, version: int) -> None:
    """Rewrite a version 2, 3 or 4 database as the current version's (whose tables exist already)."""
    for index in _INDEXES_DROPPED:
        cur.execute(f"DROP INDEX IF EXISTS {index}")
    if version >= 4:
        return
    for (source,) in cur.execute("SELECT key FROM sources").fetchall():
        for tbl, table in ((NODE_TABLE, "node_contrib"), (EDGE_TABLE, "edge_contrib")):
            rows = cur.execute(f"SELECT item, body, evidence FROM {table} WHERE source=? ORDER BY item",
                               (source,)).fetchall()
            keys = np.array([item for item, _, _ in rows], dtype=KEY_DTYPE)
            records = [record_of(tbl, loads(body) | {"evidence": loads(evidence)}) for _, body, evidence in rows]
            store_packed(cur, source, tbl, keys, pack(records))
    for statement in ("DROP TABLE node_contrib", "DROP TABLE edge_contrib", "DROP INDEX edges_ends",
                      "ALTER TABLE nodes DROP COLUMN sources", "ALTER TABLE edges DROP COLUMN sources"):
        cur.execute(statement)
    rebuild(cur)

