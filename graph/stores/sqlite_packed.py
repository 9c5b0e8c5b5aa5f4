"""Each source's records in the embedded store, packed: one row per source and table.

``held.keys`` holds the item keys a source holds in a table (nodes or edges) as one int64 array,
``records.body`` the matching records (base.py) in the same order as one zlib-compressed JSON
list. A load of 50,000 relations so writes two rows, and who holds an item is read from the key
arrays with numpy (a few milliseconds for millions of keys).
"""

from __future__ import annotations

import sqlite3
import zlib
from collections.abc import Iterator

import numpy as np

from .base import EDGE, NODE, Record, decode, encode

__all__ = ["KEY_DTYPE", "pack", "unpack", "store_packed", "delete_packed", "read_keys", "read_packed", "holders",
           "each_source"]

KEY_DTYPE = np.dtype("<i8")  # item keys held by a source: little-endian int64 on every machine


def unpack(body: bytes) -> list[Record]:
    return decode(zlib.decompress(body))


def read_keys(cur: sqlite3.Cursor, source: int, tbl: int) -> np.ndarray:
    row = cur.execute("SELECT keys FROM held WHERE source=? AND tbl=?", (source, tbl)).fetchone()
    return np.frombuffer(row[0], dtype=KEY_DTYPE) if row else np.empty(0, dtype=KEY_DTYPE)


def read_packed(cur: sqlite3.Cursor, source: int, tbl: int) -> tuple[np.ndarray, list[Record]]:
    """(keys, records) of what ``source`` holds in table ``tbl``."""
    row = cur.execute("SELECT body FROM records WHERE source=? AND tbl=?", (source, tbl)).fetchone()
    return read_keys(cur, source, tbl), unpack(row[0]) if row else []


def holders(cur: sqlite3.Cursor, tbl: int, keys: np.ndarray, skip: int | None = None) -> dict[int, np.ndarray]:
    """source key -> which of ``keys`` it holds (a boolean mask), for every source but ``skip``
    holding any."""
    out: dict[int, np.ndarray] = {}
    if len(keys) == 0:
        return out
    for source, blob in cur.execute("SELECT source, keys FROM held WHERE tbl=?", (tbl,)):
        if source != skip:
            mask = np.isin(keys, np.frombuffer(blob, dtype=KEY_DTYPE))
            if mask.any():
                out[source] = mask
    return out


def each_source(cur: sqlite3.Cursor, tbl: int) -> Iterator[tuple[str, np.ndarray, list[Record]]]:
    """(source id, keys, records) of every source holding anything in ``tbl``, in merge order."""
    query = ("SELECT s.id, h.keys, r.body FROM held h JOIN records r ON r.source=h.source AND r.tbl=h.tbl "
             "JOIN sources s ON s.key=h.source WHERE h.tbl=? ORDER BY s.seq")
    for source_id, keys, body in cur.execute(query, (tbl,)).fetchall():
        yield source_id, np.frombuffer(keys, dtype=KEY_DTYPE), unpack(body)


def pack(records: list[Record]) -> bytes:
    """Compressed JSON of records; level 1: most of zlib's size gain for a fraction of its time."""
    return zlib.compress(encode(records), 1)


def store_packed(cur: sqlite3.Cursor, source: int, tbl: int, keys: np.ndarray, body: bytes) -> None:
    """Replace what ``source`` holds in table ``tbl``: ``keys`` and their packed records."""
    if len(keys) == 0:
        delete_packed(cur, source, (tbl,))
        return
    cur.execute("INSERT OR REPLACE INTO held(source, tbl, keys) VALUES(?,?,?)",
                (source, tbl, keys.astype(KEY_DTYPE, copy=False).tobytes()))
    cur.execute("INSERT OR REPLACE INTO records(source, tbl, body) VALUES(?,?,?)", (source, tbl, body))


def delete_packed(cur: sqlite3.Cursor, source: int, tables: tuple[int, ...] = (NODE, EDGE)) -> None:
    for table in ("held", "records"):
        cur.executemany(f"DELETE FROM {table} WHERE source=? AND tbl=?", ((source, tbl) for tbl in tables))
