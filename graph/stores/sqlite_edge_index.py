"""Finding stored edges by their ends without a B-tree index on them.

A unique index on (src, type, dst) took a random insert for every new edge, about a third of a
big load's SQLite time, and dirtied most of its pages on every commit. Instead each load that
adds edges appends one *run*: the new edges' 64-bit hashes of (src, type, dst), sorted, with
their keys. A look-up hashes the wanted ends with numpy, finds candidates in every run by
binary search, and checks each candidate's real ends in the edges table (by key), so hash
collisions and entries of deleted edges never match. Runs are merged into one when there are
more than ``MAX_RUNS``, dropping entries of deleted edges.
"""

from __future__ import annotations

import sqlite3
import zlib
from collections.abc import Iterable
from typing import Any

import numpy as np

from .base import chunks

__all__ = ["find_edges", "add_run", "rebuild"]

MAX_RUNS = 8
_HASH_DTYPE = np.dtype("<u8")
_KEY_DTYPE = np.dtype("<i8")
_CHUNK = 500


def _hashes(src: np.ndarray, types: Iterable[str], dst: np.ndarray) -> np.ndarray:
    """64-bit hashes of edge ends: a fixed mix of the node keys and a CRC of the type's name, the
    same on every machine and every Python."""
    codes: dict[str, int] = {}
    type_codes = np.fromiter((codes.get(t) or codes.setdefault(t, zlib.crc32(str(t).encode())) for t in types),
                             dtype=np.uint64, count=len(src))
    with np.errstate(over="ignore"):
        h = (src.astype(np.uint64) * np.uint64(0x9E3779B97F4A7C15)) ^ (dst.astype(np.uint64) * np.uint64(0xC2B2AE3D27D4EB4F))
        h ^= type_codes * np.uint64(0x165667B19E3779F9)
        h ^= h >> np.uint64(29)
        h *= np.uint64(0xBF58476D1CE4E5B9)
        h ^= h >> np.uint64(32)
    return h


def _columns(ends: list[tuple[int, str, int]]) -> tuple[np.ndarray, list[str], np.ndarray]:
    count = len(ends)
    src = np.fromiter((e[0] for e in ends), dtype=np.int64, count=count)
    dst = np.fromiter((e[2] for e in ends), dtype=np.int64, count=count)
    return src, [e[1] for e in ends], dst


def find_edges(cur: sqlite3.Cursor, ends: list[tuple[int, str, int]]) -> dict[int, tuple[int, str]]:
    """Stored edges among ``ends`` (src key, type, dst key): position in ``ends`` -> (key,
    properties JSON)."""
    if not ends:
        return {}
    wanted = _hashes(*_columns(ends))
    candidates: list[tuple[int, int]] = []  # (position, key)
    for hashes_blob, keys_blob in cur.execute("SELECT hashes, keys FROM edge_runs"):
        hashes = np.frombuffer(hashes_blob, dtype=_HASH_DTYPE)
        keys = np.frombuffer(keys_blob, dtype=_KEY_DTYPE)
        first = np.searchsorted(hashes, wanted, side="left")
        last = np.searchsorted(hashes, wanted, side="right")
        for position in np.flatnonzero(last > first).tolist():
            candidates += ((position, k) for k in keys[first[position]:last[position]].tolist())
    if not candidates:
        return {}
    stored: dict[int, tuple[Any, ...]] = {}
    candidate_keys = list({k for _, k in candidates})
    for part in chunks(candidate_keys, _CHUNK):
        stored.update((row[0], row[1:]) for row in cur.execute(
            f"SELECT key, src, type, dst, properties FROM edges WHERE key IN ({','.join('?' * len(part))})", part))
    found: dict[int, tuple[int, str]] = {}
    for position, key in candidates:
        row = stored.get(key)
        if row is not None and tuple(row[:3]) == tuple(ends[position]):
            found[position] = (key, row[3])
    return found


def add_run(cur: sqlite3.Cursor, ends: list[tuple[int, str, int]], keys: list[int]) -> None:
    """Index new edges (their ends and keys); merge the runs when there are too many."""
    if not ends:
        return
    hashes = _hashes(*_columns(ends))
    order = np.argsort(hashes, kind="stable")
    cur.execute("INSERT INTO edge_runs(hashes, keys) VALUES(?, ?)",
                (hashes[order].astype(_HASH_DTYPE).tobytes(), np.asarray(keys, dtype=_KEY_DTYPE)[order].tobytes()))
    if cur.execute("SELECT COUNT(*) FROM edge_runs").fetchone()[0] > MAX_RUNS:
        _merge_runs(cur)


def _merge_runs(cur: sqlite3.Cursor) -> None:
    runs = cur.execute("SELECT hashes, keys FROM edge_runs").fetchall()
    hashes = np.concatenate([np.frombuffer(h, dtype=_HASH_DTYPE) for h, _ in runs])
    keys = np.concatenate([np.frombuffer(k, dtype=_KEY_DTYPE) for _, k in runs])
    live = np.fromiter((k for (k,) in cur.execute("SELECT key FROM edges")), dtype=np.int64)
    keep = np.isin(keys, live)
    _write_single_run(cur, hashes[keep], keys[keep])


def _write_single_run(cur: sqlite3.Cursor, hashes: np.ndarray, keys: np.ndarray) -> None:
    order = np.argsort(hashes, kind="stable")
    cur.execute("DELETE FROM edge_runs")
    if len(hashes):
        cur.execute("INSERT INTO edge_runs(hashes, keys) VALUES(?, ?)",
                    (hashes[order].astype(_HASH_DTYPE).tobytes(), keys[order].astype(_KEY_DTYPE).tobytes()))


def rebuild(cur: sqlite3.Cursor) -> None:
    """Index every stored edge in one run (upgrading a file of an older schema)."""
    rows = cur.execute("SELECT key, src, type, dst FROM edges").fetchall()
    keys = np.fromiter((r[0] for r in rows), dtype=np.int64, count=len(rows))
    _write_single_run(cur, _hashes(*_columns([r[1:] for r in rows])), keys)
