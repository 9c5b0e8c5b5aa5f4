"""Each source's contributions in the embedded store, packed: one row per source and table.

A source's contributions to nodes (or edges) are two values: ``held.keys``, the item keys it
holds as one array of little-endian int64, and ``records.body``, the matching records as one
zlib-compressed JSON list, in the same order. A load of 50,000 relations so writes two rows
instead of 130,000, and no merged row needs a list of its sources: who holds an item is read
from the key arrays (numpy, a few milliseconds for millions of keys).

Records are lists, not dicts, so they cost little to build and to compare:

- node: ``[label, kind, name, aliases, properties, evidence]``
- edge: ``[properties, evidence]`` (ends and type are the edge row's; they never change for a key)
- evidence: ``[source_id, source_hash, start, end, quote]`` (a tuple in memory)

``as_contribution`` and ``record_of`` convert to and from the dict form of graph/stores/base.py,
whose ``merge_contributions`` stays the one definition of how contributions merge.
"""

from __future__ import annotations

import sqlite3
import zlib
from operator import attrgetter
from collections.abc import Iterable, Iterator
from typing import Any

import numpy as np
import orjson

from ..model import Edge, Node
from .base import merge_contributions
from .jsontext import dumps, loads

__all__ = ["NODE_TABLE", "EDGE_TABLE", "records_of", "normalized", "merge_records", "as_contribution",
           "record_of", "evidence_dicts", "pack", "store_packed", "read_packed", "read_keys", "delete_packed",
           "holders", "KEY_DTYPE", "unpack", "each_source"]

NODE_TABLE, EDGE_TABLE = 0, 1  # the ``tbl`` column of ``held`` and ``records``
KEY_DTYPE = np.dtype("<i8")  # fixed byte order: the file is read on any machine

# Records are built with C-level attribute getters: a big load builds a hundred thousand. The
# vocabulary's members are StrEnums, which orjson and sqlite3 write as their plain values and
# which compare equal to them, so records keep them as they are.
_NODE_FIELDS = attrgetter("label", "kind", "name", "aliases", "properties")
_EVIDENCE_FIELDS = attrgetter("source_id", "source_hash", "start", "end", "quote")


def records_of(tbl: int, items: Iterable[Node] | Iterable[Edge]) -> dict[Any, list[Any]]:
    """One record per node id (or per edge's (source, type, target)); an item named twice in
    one delta merges its records."""
    items = items if isinstance(items, list) else list(items)
    # Built straight into a dict (no list of pairs to allocate and free); an item named twice
    # makes it shorter than the delta, and then the records are built again and merged.
    if tbl == NODE_TABLE:
        out = {n.id: [*_NODE_FIELDS(n), list(map(_EVIDENCE_FIELDS, n.evidence))] for n in items}
    else:
        out = {(e.source, e.type, e.target): [e.properties, list(map(_EVIDENCE_FIELDS, e.evidence))] for e in items}
    if len(out) < len(items):
        out = {}
        for item in items:  # one at a time, through the comprehension above
            ((ident, record),) = records_of(tbl, [item]).items()
            out[ident] = merge_records(tbl, [out[ident], record]) if ident in out else record
    return out


def normalized(record: list[Any]) -> list[Any]:
    """A decoded record in the shape a new one has (evidence items as tuples), so the two compare."""
    return [*record[:-1], [tuple(e) for e in record[-1]]]


def evidence_dicts(items: Iterable[list[Any]]) -> list[dict[str, Any]]:
    return [{"source_id": s, "source_hash": h, "start": a, "end": b, "quote": q} for s, h, a, b, q in items]


def as_contribution(tbl: int, record: list[Any], source_id: str) -> dict[str, Any]:
    """The dict form ``merge_contributions`` takes (an edge's without its ends and type)."""
    if tbl == NODE_TABLE:
        label, kind, name, aliases, props, evidence = record
        return {"source_id": source_id, "label": label, "kind": kind, "name": name, "aliases": aliases,
                "properties": props, "evidence": evidence_dicts(evidence)}
    props, evidence = record
    return {"source_id": source_id, "properties": props, "evidence": evidence_dicts(evidence)}


def record_of(tbl: int, merged: dict[str, Any]) -> list[Any]:
    evidence = [(e["source_id"], e["source_hash"], e["start"], e["end"], e["quote"]) for e in merged["evidence"]]
    if tbl == NODE_TABLE:
        return [merged["label"], merged["kind"], merged["name"], merged["aliases"], merged["properties"], evidence]
    return [merged["properties"], evidence]


def merge_records(tbl: int, records: list[list[Any]]) -> list[Any]:
    """Records of one item, oldest first, merged by base.py's rules."""
    merged = merge_contributions(as_contribution(tbl, r, "") for r in records)
    assert merged is not None
    return record_of(tbl, merged)


def pack(records: list[list[Any]]) -> bytes:
    """Compressed JSON of records; level 1: most of zlib's size gain for a fraction of its time."""
    try:
        text = orjson.dumps(records)
    except TypeError:  # orjson.JSONEncodeError: e.g. an integer wider than 64 bits
        text = dumps(records).encode()
    return zlib.compress(text, 1)


def unpack(body: bytes) -> list[list[Any]]:
    # The standard library decodes: orjson reads integers wider than 64 bits back as floats.
    return loads(zlib.decompress(body))


def store_packed(cur: sqlite3.Cursor, source: int, tbl: int, keys: np.ndarray, body: bytes) -> None:
    """Replace what ``source`` holds in table ``tbl``: ``keys`` and their packed records."""
    if len(keys) == 0:
        delete_packed(cur, source, tbl)
        return
    cur.execute("INSERT OR REPLACE INTO held(source, tbl, keys) VALUES(?,?,?)",
                (source, tbl, keys.astype(KEY_DTYPE, copy=False).tobytes()))
    cur.execute("INSERT OR REPLACE INTO records(source, tbl, body) VALUES(?,?,?)", (source, tbl, body))


def delete_packed(cur: sqlite3.Cursor, source: int, tbl: int | None = None) -> None:
    for table in ("held", "records"):
        if tbl is None:
            cur.execute(f"DELETE FROM {table} WHERE source=?", (source,))
        else:
            cur.execute(f"DELETE FROM {table} WHERE source=? AND tbl=?", (source, tbl))


def read_keys(cur: sqlite3.Cursor, source: int, tbl: int) -> np.ndarray:
    row = cur.execute("SELECT keys FROM held WHERE source=? AND tbl=?", (source, tbl)).fetchone()
    return np.frombuffer(row[0], dtype=KEY_DTYPE) if row else np.empty(0, dtype=KEY_DTYPE)


def read_packed(cur: sqlite3.Cursor, source: int, tbl: int) -> tuple[np.ndarray, list[list[Any]], bytes]:
    """(keys, records, packed body) of what ``source`` holds in ``tbl``."""
    keys = read_keys(cur, source, tbl)
    row = cur.execute("SELECT body FROM records WHERE source=? AND tbl=?", (source, tbl)).fetchone()
    if row is None:
        return keys, [], b""
    return keys, unpack(row[0]), row[0]


def holders(cur: sqlite3.Cursor, tbl: int, keys: np.ndarray, skip: int | None = None) -> dict[int, np.ndarray]:
    """source key -> the ones of ``keys`` it holds (as a boolean mask over ``keys``), for every
    source but ``skip`` that holds any."""
    out: dict[int, np.ndarray] = {}
    if len(keys) == 0:
        return out
    for source, blob in cur.execute("SELECT source, keys FROM held WHERE tbl=?", (tbl,)):
        if source == skip:
            continue
        mask = np.isin(keys, np.frombuffer(blob, dtype=KEY_DTYPE))
        if mask.any():
            out[source] = mask
    return out


def each_source(cur: sqlite3.Cursor, tbl: int) -> Iterator[tuple[str, np.ndarray, list[list[Any]]]]:
    """(source id, keys, records) of every source holding anything in ``tbl``, in merge order."""
    query = ("SELECT s.id, h.keys, r.body FROM held h JOIN records r ON r.source=h.source AND r.tbl=h.tbl "
             "JOIN sources s ON s.key=h.source WHERE h.tbl=? ORDER BY s.seq")
    for source_id, keys, body in cur.execute(query, (tbl,)).fetchall():
        yield source_id, np.frombuffer(keys, dtype=KEY_DTYPE), unpack(body)
