"""Finding stored edges by their ends without a B-tree index on them.

A unique index on (src, type, dst) took a random insert for every new edge, about a third of a
big load's SQLite time, and dirtied most of its pages on every commit. Instead each load that
adds edges appends one *run*: the new edges' 64-bit hashes of (src, type, dst), sorted, with
their keys. A look-up hashes the wanted ends with numpy, finds candidates in every run by
binary search, and checks each candidate's real ends in the edges table (by key), so hash
collisions and entries of deleted edges never match. Past ``MAX_RUNS`` runs the smaller half
is merged into one; when most entries are of deleted edges, the live edges are indexed afresh.
"""

from __future__ import annotations

import sqlite3
import zlib
from collections.abc import Iterable
from typing import Any

import numpy as np

from .base import chunks

__all__ = ["edge_hashes", "find_edges", "add_run", "rebuild"]

MAX_RUNS = 8
_HASH_DTYPE = np.dtype("<u8")
_KEY_DTYPE = np.dtype("<i8")
_CHUNK = 500


def edge_hashes(src: list[int] | np.ndarray, types: Iterable[str], dst: list[int] | np.ndarray) -> np.ndarray:
    """64-bit hashes of edge ends: a fixed mix of the node keys and a CRC of the type's name, the
    same on every machine and every Python."""
    codes: dict[str, int] = {}
    type_codes = np.fromiter((codes[t] if t in codes else codes.setdefault(t, zlib.crc32(str(t).encode()))
                              for t in types), dtype=np.uint64, count=len(src))
    with np.errstate(over="ignore"):
        h = (np.asarray(src, dtype=np.int64).astype(np.uint64) * np.uint64(0x9E3779B97F4A7C15))
        h ^= np.asarray(dst, dtype=np.int64).astype(np.uint64) * np.uint64(0xC2B2AE3D27D4EB4F)
        h ^= type_codes * np.uint64(0x165667B19E3779F9)
        h ^= h >> np.uint64(29)
        h *= np.uint64(0xBF58476D1CE4E5B9)
        h ^= h >> np.uint64(32)
    return h


def find_edges(cur: sqlite3.Cursor, ends: list[tuple[int, str, int]], hashes: np.ndarray) -> dict[int, tuple[int, str]]:
    """Stored edges among ``ends`` (src key, type, dst key), whose ``edge_hashes`` are
    ``hashes``: position in ``ends`` -> (key, properties JSON)."""
    if not ends:
        return {}
    order = np.argsort(hashes)  # sorted needles: each run is searched front to back
    wanted = hashes[order]
    candidates: list[tuple[int, int]] = []  # (position, key)
    for hashes_blob, keys_blob in cur.execute("SELECT hashes, keys FROM edge_runs"):
        run = np.frombuffer(hashes_blob, dtype=_HASH_DTYPE)
        keys = np.frombuffer(keys_blob, dtype=_KEY_DTYPE)
        first = np.searchsorted(run, wanted, side="left")
        last = np.searchsorted(run, wanted, side="right")
        for i in np.flatnonzero(last > first).tolist():
            position = int(order[i])
            candidates += ((position, k) for k in keys[first[i]:last[i]].tolist())
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


def add_run(cur: sqlite3.Cursor, hashes: np.ndarray, keys: np.ndarray) -> None:
    """Index new edges by their ``edge_hashes``; merge runs when there are too many."""
    if len(hashes) == 0:
        return
    _insert_run(cur, hashes, keys)
    runs = cur.execute("SELECT run, length(keys) / 8 FROM edge_runs ORDER BY 2, 1").fetchall()
    if len(runs) <= MAX_RUNS:
        return
    entries = sum(size for _, size in runs)
    if entries > 2 * cur.execute("SELECT COUNT(*) FROM edges").fetchone()[0]:
        rebuild(cur)  # mostly entries of deleted edges: index the live ones afresh
        return
    # Merge the smallest half: the big runs, which cost the most to rewrite, are rewritten rarely.
    _merge(cur, [run for run, _ in runs[: len(runs) // 2 + 1]])


def _insert_run(cur: sqlite3.Cursor, hashes: np.ndarray, keys: np.ndarray) -> None:
    order = np.argsort(hashes, kind="stable")
    cur.execute("INSERT INTO edge_runs(hashes, keys) VALUES(?, ?)",
                (hashes[order].astype(_HASH_DTYPE).tobytes(), keys[order].astype(_KEY_DTYPE).tobytes()))


def _merge(cur: sqlite3.Cursor, runs: list[int]) -> None:
    marks = ",".join("?" * len(runs))
    blobs = cur.execute(f"SELECT hashes, keys FROM edge_runs WHERE run IN ({marks})", runs).fetchall()
    cur.execute(f"DELETE FROM edge_runs WHERE run IN ({marks})", runs)
    _insert_run(cur, np.concatenate([np.frombuffer(h, dtype=_HASH_DTYPE) for h, _ in blobs]),
                np.concatenate([np.frombuffer(k, dtype=_KEY_DTYPE) for _, k in blobs]))


def _write_single_run(cur: sqlite3.Cursor, hashes: np.ndarray, keys: np.ndarray) -> None:
    cur.execute("DELETE FROM edge_runs")
    if len(hashes):
        _insert_run(cur, hashes, keys)


def rebuild(cur: sqlite3.Cursor) -> None:
    """Index every stored edge in one run (upgrading a file of an older schema)."""
    rows = cur.execute("SELECT key, src, type, dst FROM edges").fetchall()
    keys = np.array([r[0] for r in rows], dtype=np.int64)
    hashes = edge_hashes([r[1] for r in rows], [r[2] for r in rows], [r[3] for r in rows])
    _write_single_run(cur, hashes, keys)
