"""The store protocol, and the one contribution model both stores keep, its merge rule and codec.

A store keeps, for each node and edge, one *record* per source (document or table): what that
source said about it. The node or edge a reader sees is the merge of its records in load order:
later label, kind, name and property values win, aliases and evidence are unioned. Keeping the
records apart is what lets a reloaded document replace exactly its own facts.

Records are lists, cheap to build from the loaders' objects and to compare:

- node: ``[label, kind, name, aliases, properties, evidence]``
- edge: ``[properties, evidence]`` (its ends and type are the edge's own; they never change)
- evidence item: ``(source_id, source_hash, start, end, quote)``

The embedded store packs each source's records in one row per table; Neo4j keeps each item's
records as ``{source id: record}`` JSON text. Both encode with ``encode`` and read with ``decode``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from operator import attrgetter
from typing import Any, Protocol, runtime_checkable

import networkx as nx
import orjson

from ..model import Edge, GraphDelta, Node, ProjectionFilter, StoreCounts

__all__ = ["GraphStore", "CypherStore", "NODE", "EDGE", "Record", "records_of", "merge_records", "normalized", "encode", "decode",
           "evidence_dicts", "merged_evidence", "as_dict", "node_attributes", "edge_attributes"]


@runtime_checkable
class GraphStore(Protocol):
    """What every store offers. Use as a context manager. Every write is one transaction (a Neo4j
    load too big for one runs batch by batch, see neo4j.py)."""

    def upsert(self, delta: GraphDelta, *, replace_source: bool = False) -> dict[str, int]:
        """Merge a delta by id. With ``replace_source`` the source's earlier contributions are
        removed first, in the same transaction. Returns counts of nodes/edges added, updated and
        unchanged."""
        ...

    def remove_source(self, source_id: str) -> dict[str, int]:
        """Remove one source's contributions; nodes and edges left with none are deleted."""
        ...

    def projection(self, filters: ProjectionFilter | None = None) -> nx.MultiDiGraph:
        """The graph as networkx, reading only what ``filters`` keeps."""
        ...

    def counts(self) -> StoreCounts: ...

    def sources(self) -> list[dict[str, Any]]: ...

    def contributions(self) -> tuple[list[dict[str, Any]], list[tuple[str, str, dict[str, Any]]],
                                     list[tuple[str, str, dict[str, Any]]]]:
        """The sources in load order, then (id, source id, record as ``as_dict``) of every node
        and every edge: what copying between stores replays."""
        ...

    def describe(self) -> str: ...

    def close(self) -> None: ...

    def __enter__(self) -> GraphStore: ...

    def __exit__(self, *exc: object) -> None: ...


@runtime_checkable
class CypherStore(GraphStore, Protocol):
    """A store that also runs an analyst's own Cypher (Neo4j)."""

    def cypher(self, query: str, params: dict[str, Any] | None = None, *,
               write: bool = False) -> tuple[list[str], list[dict[str, Any]]]:
        """Column names and records (values made plain) of ``query``; read-only unless ``write``."""
        ...


NODE, EDGE = 0, 1  # which kind of item a record is of
Record = list[Any]

# C-level attribute getters: a big load builds a hundred thousand records. The vocabulary's
# members are StrEnums, which encode as their plain values and compare equal to them.
_NODE_FIELDS = attrgetter("label", "kind", "name", "aliases", "properties")
_EVIDENCE_FIELDS = attrgetter("source_id", "source_hash", "start", "end", "quote")
_EVIDENCE_KEYS = ("source_id", "source_hash", "start", "end", "quote")


def records_of(kind: int, items: Iterable[Node] | Iterable[Edge]) -> dict[Any, Record]:
    """One record per node id (or per edge's (source, type, target)), in the delta's order; an
    item named twice in one delta merges its records."""
    items = items if isinstance(items, list) else list(items)
    # Comprehensions straight into a dict: no function call per item (a big load builds 130,000).
    if kind == NODE:
        out = {n.id: [*_NODE_FIELDS(n), list(map(_EVIDENCE_FIELDS, n.evidence))] for n in items}
    else:
        out = {(e.source, e.type, e.target): [e.properties, list(map(_EVIDENCE_FIELDS, e.evidence))] for e in items}
    if len(out) < len(items):  # an item named twice (rare): merge its records in order
        out = {}
        for item in items:
            ((ident, record),) = records_of(kind, [item]).items()
            out[ident] = merge_records(kind, [out[ident], record]) if ident in out else record
    return out


def merge_records(kind: int, records: list[Record]) -> Record:
    """The merge of one item's records, oldest first: what readers see."""
    if len(records) == 1:
        return records[0]
    properties: dict[str, Any] = {}
    evidence: dict[tuple[Any, ...], Any] = {}  # (source, hash, start, end) -> item, first kept
    for record in records:
        properties.update(record[-2])
        for ev in record[-1]:
            evidence.setdefault(tuple(ev[:4]), ev)
    if kind == EDGE:
        return [properties, list(evidence.values())]
    aliases = list(dict.fromkeys(a for record in records for a in record[3]))
    label, kind_, name = records[-1][:3]
    return [label, kind_, name, aliases, properties, list(evidence.values())]


def normalized(record: Record) -> Record:
    """A decoded record in the shape a new one has (evidence items as tuples), so the two compare."""
    return [*record[:-1], [tuple(e) for e in record[-1]]]


def encode(value: Any) -> bytes:
    """Compact JSON (``json.dumps(..., ensure_ascii=False, separators=(",", ":"))``), by orjson:
    many times faster than the standard library for the small lists a load writes."""
    try:
        return orjson.dumps(value)
    except TypeError:  # orjson.JSONEncodeError: e.g. an integer wider than 64 bits
        return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode()


def decode(text: str | bytes) -> Any:
    # The standard library: orjson reads integers wider than 64 bits back as floats.
    return json.loads(text)


def evidence_dicts(items: Iterable[Any]) -> list[dict[str, Any]]:
    return [dict(zip(_EVIDENCE_KEYS, ev)) for ev in items]


def merged_evidence(items: Iterable[Any]) -> list[dict[str, Any]]:
    """Evidence items as readers get them: dicts, each span (source, hash, start, end) once."""
    seen: dict[tuple[Any, ...], Any] = {}
    for ev in items:
        seen.setdefault(tuple(ev[:4]), ev)
    return evidence_dicts(seen.values())


def as_dict(kind: int, record: Record, ends: tuple[str, str, str] | None = None) -> dict[str, Any]:
    """A record as named fields (an edge's with its ``ends``), for copying between stores."""
    if kind == NODE:
        label, kind_, name, aliases, properties, evidence = record
        return {"label": label, "kind": kind_, "name": name, "aliases": aliases, "properties": properties,
                "evidence": evidence_dicts(evidence)}
    assert ends is not None
    return {"src": ends[0], "dst": ends[2], "type": ends[1], "properties": record[0],
            "evidence": evidence_dicts(record[1])}


def node_attributes(label: str, kind: str | None, name: str, aliases: list[str], properties: dict[str, Any],
                    sources: list[str], evidence: list[dict[str, Any]] | None) -> dict[str, Any]:
    """A node's networkx attributes: model fields, then its properties flat, then its evidence
    when asked for (``evidence`` not None)."""
    attrs: dict[str, Any] = {"label": label}
    if kind:  # only actors have a kind
        attrs["kind"] = kind
    attrs |= {"name": name, "aliases": aliases, "sources": sources}
    attrs.update(properties)
    if evidence is not None:
        attrs["evidence"] = evidence
    return attrs


def edge_attributes(type_: str, properties: dict[str, Any], sources: list[str],
                    evidence: list[dict[str, Any]] | None) -> dict[str, Any]:
    attrs: dict[str, Any] = {"type": type_, "sources": sources}
    attrs.update(properties)
    if evidence is not None:
        attrs["evidence"] = evidence
    return attrs
