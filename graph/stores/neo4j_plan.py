"""How a load or a removal becomes a plan of Neo4j writes: read what it touches, merge in Python,
then write each touched node and relationship whole.

Each node and relationship keeps every source's record (base.py) as ``_contributions`` JSON
text. Planning reads the records of what the load touches, applies the load's records with the
same merge rule as the embedded store, and lists ``UNWIND $rows`` batches that set every property
at once (``SET x = row[...]``). As each batch writes complete, precomputed values, running one
twice (a retried transaction, a rerun after the server went away) gives the same result as once.
``plan_load`` only reads; neo4j.py decides the transactions the batches run in.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from innograph.core.errors import StoreError

from ..model import Source
from ..schema import ActorKind, Label, RelationType
from . import cypher
from .base import EDGE, NODE, Record, decode, encode, merge_records, normalized

__all__ = ["Read", "Rows", "Batch", "Plan", "plan_load", "decode_records", "merged_in_load_order"]

Read = Callable[[str, dict[str, Any]], list[dict[str, Any]]]  # (query, params) -> records as dicts


class Rows(list):  # type: ignore[type-arg]
    """A batch's rows with a short ``repr``: the driver formats every statement's parameters for
    a debug log line whether or not anything logs (longer than packing a 5,000-row batch)."""

    __slots__ = ()

    def __repr__(self) -> str:
        return f"<{len(self)} rows>"


class Batch(NamedTuple):
    query: str
    params: dict[str, Any]

    @property
    def rows(self) -> int:  # rows it writes, for progress (0 for the source statement)
        return len(self.params.get("rows", ()))


@dataclass
class Plan:
    batches: list[Batch] = field(default_factory=list)
    stats: dict[str, int] = field(default_factory=dict)

    @property
    def rows(self) -> int:
        return sum(batch.rows for batch in self.batches)

    def add(self, query: str, rows: list[Any], size: int) -> None:
        self.batches += (Batch(query, {"rows": part}) for part in _chunks(rows, size))


@dataclass
class _Item:
    """One node or relationship a load touches: each source's record, and how it is stored."""

    records: dict[str, Record]  # source id -> record
    stored: str | None = None  # _contributions as read; None when not in the store
    labels: list[str] = field(default_factory=list)


def decode_records(text: str | None) -> dict[str, Record]:
    return {source_id: normalized(record) for source_id, record in decode(text).items()} if text else {}


def merged_in_load_order(records: dict[str, Record], kind: int, seqs: dict[str, int]) -> tuple[Record, list[str]]:
    """The merge of one item's records in load order, and the sources in that order."""
    order = sorted(records, key=lambda source_id: (seqs.get(source_id, 0), source_id)) if len(records) > 1 else list(records)
    return merge_records(kind, [records[s] for s in order]), order


def _chunks(items: list[Any], size: int) -> Iterator[list[Any]]:
    return (Rows(items[i:i + size]) for i in range(0, len(items), size))


def _read_state(read: Read, query: str, params: dict[str, Any], state: dict[Any, _Item], edge: bool) -> None:
    for row in read(query, params):
        key = (row["src"], row["type"], row["dst"]) if edge else row["id"]
        state.setdefault(key, _Item(decode_records(row["contributions"]), row["contributions"] or "{}",
                                    row.get("labels") or []))


def _apply(state: dict[Any, _Item], source_id: str, records: dict[Any, Record], kind: int,
           replace: bool) -> tuple[dict[str, int], list[Any]]:
    """Put one source's records into ``state``; returns the counts the embedded store reports
    and the items left without any record."""
    counts = dict.fromkeys(("added", "updated", "unchanged", "removed"), 0)
    gone = []
    if replace:
        for key, item in state.items():
            if source_id in item.records and key not in records:
                del item.records[source_id]
                if not item.records:
                    gone.append(key)
        counts["removed"] = len(gone)
    for key, record in records.items():
        item = state.setdefault(key, _Item({}))
        old = item.records.get(source_id)
        if old is not None and not replace:  # a source loaded again without replace adds to what it said
            record = merge_records(kind, [old, record])
        item.records[source_id] = record
        counts["added" if item.stored is None else "unchanged" if old == record else "updated"] += 1
    return counts, gone


def _storable(properties: dict[str, Any]) -> dict[str, Any]:
    """Own properties Neo4j can hold flat: no nulls (dropped), no empty or NUL-bearing keys, nothing
    over an internal property. ``_properties`` keeps all of them."""
    return {k: v for k, v in properties.items()
            if v is not None and k and "\x00" not in k and k not in cypher.INTERNAL_PROPERTIES}


def _props(text: str, merged: Record, sources: list[str]) -> dict[str, Any]:
    properties = merged[-2]
    props = _storable(properties) | {"sources": sources, "_contributions": text}
    if properties:
        props["_properties"] = encode(properties).decode()
    return props


def plan_load(read: Read, source: Source | None, source_id: str, nodes: dict[str, Record],
              edges: dict[tuple[str, str, str], Record], replace: bool, batch_size: int) -> Plan:
    """Plan loading one source's ``nodes`` and ``edges`` (``records_of``), or with ``source=None``
    removing the source ``source_id``. Raises ``StoreError`` for an edge whose end is neither in
    the load nor in the store."""
    read(cypher.TAKE_LOAD_LOCK, {})  # held until the transaction ends: each load plans from what it reads
    stored_sources = read(cypher.READ_SOURCES, {})
    seqs = {row["id"]: row["seq"] for row in stored_sources}
    old_seq = seqs.pop(source_id, None)
    if source is not None:
        same = any(row["id"] == source_id and row["sha256"] == source.sha256 for row in stored_sources)
        # Unchanged content keeps its place in the load order (as in the embedded store).
        seqs[source_id] = old_seq if same else max(seqs.values(), default=0) + 1
    # A moved source (new content) changes the merge of every item it holds, named now or not.
    moved = old_seq is not None and old_seq != seqs.get(source_id)
    every_item = replace or moved or source is None

    node_state: dict[str, _Item] = {}
    for part in _chunks(list(nodes), batch_size):
        _read_state(read, cypher.READ_NODES, {"ids": part}, node_state, False)
    if every_item:
        _read_state(read, cypher.READ_NODES_OF_SOURCE, {"source": source_id}, node_state, False)
    node_counts, gone_nodes = _apply(node_state, source_id, nodes, NODE, replace)
    # Deleting a node deletes every relationship at it, whoever contributed them.
    dangling = {(r["src"], r["type"], r["dst"]) for part in _chunks(gone_nodes, batch_size)
                for r in read(cypher.EDGES_AT_NODES, {"ids": part})}
    _check_ends(read, edges, node_state, set(gone_nodes), batch_size)

    edge_state: dict[tuple[str, str, str], _Item] = {}
    new_nodes = {key for key, item in node_state.items() if item.stored is None}
    by_type: dict[str, list[list[str]]] = {}
    for src, type_, dst in edges:  # a relationship can exist only between nodes that did
        if src not in new_nodes and dst not in new_nodes:
            by_type.setdefault(type_, []).append([src, dst])
    for type_, ends in by_type.items():
        for part in _chunks(ends, batch_size):
            _read_state(read, cypher.read_edges(RelationType(type_)), {"rows": part}, edge_state, True)
    if every_item:
        _read_state(read, cypher.READ_EDGES_OF_SOURCE, {"source": source_id}, edge_state, True)
    for key in dangling:  # deleted with their nodes
        edge_state.pop(key, None)
    edge_counts, gone_edges = _apply(edge_state, source_id, edges, EDGE, replace)

    plan = Plan()
    plan.add(cypher.DELETE_NODES, gone_nodes, batch_size)
    for type_ in sorted({t for _, t, _ in gone_edges}):
        plan.add(cypher.delete_edges(RelationType(type_)), [[s, d] for s, t, d in gone_edges if t == type_], batch_size)
    _plan_writes(plan, node_state, set(gone_nodes), NODE, source_id, seqs, moved, batch_size)
    _plan_writes(plan, edge_state, set(gone_edges), EDGE, source_id, seqs, moved, batch_size)
    # The source record last: batch by batch, a load stopped part-way leaves the old one, and
    # running it again finds the source moved and rewrites what it shares with others.
    if source is None:
        plan.batches.append(Batch(cypher.DELETE_SOURCE, {"id": source_id}))
        plan.stats = {"nodes_removed": len(gone_nodes), "edges_removed": len(gone_edges) + len(dangling)}
    else:
        plan.batches.append(Batch(cypher.WRITE_SOURCE, source.model_dump() | {"seq": seqs[source_id]}))
        edge_counts["removed"] += len(dangling)
        plan.stats = {f"{name}_{k}": v for name, counts in (("nodes", node_counts), ("edges", edge_counts))
                      for k, v in counts.items()}
    return plan


def _check_ends(read: Read, edges: dict[tuple[str, str, str], Record], node_state: dict[str, _Item], gone: set[str],
                batch_size: int) -> None:
    ends = {end for src, _, dst in edges for end in (src, dst)}
    unknown = sorted(ends.difference(node_state))
    found = {row["id"] for part in _chunks(unknown, batch_size) for row in read(cypher.EXISTING_NODES, {"ids": part})}
    missing = sorted(ends.difference(found).difference(set(node_state).difference(gone)))
    if missing:
        raise StoreError(f"an edge refers to node {missing[0]!r}, which is neither in this load nor in the store")


def _plan_writes(plan: Plan, state: dict[Any, _Item], gone: set[Any], kind: int, source_id: str,
                 seqs: dict[str, int], moved: bool, batch_size: int) -> None:
    """Batches writing every item of ``state`` whose stored text or merge order changed."""
    groups: dict[Any, list[list[Any]]] = {}
    relabel = []
    for key, item in state.items():
        if key in gone:
            continue
        records = item.records if len(item.records) == 1 else dict(sorted(item.records.items()))
        text = encode(records).decode()
        # A source whose content changed moves to the end of the load order, which can change
        # whose values win on items it shares with others.
        if text == item.stored and not (moved and source_id in records and len(records) > 1):
            continue
        merged, sources = merged_in_load_order(records, kind, seqs)
        props = _props(text, merged, sources)
        if kind == EDGE:
            groups.setdefault(key[1], []).append([key[0], key[2], props])
            continue
        label, kind_ = Label(merged[0]), ActorKind(merged[1]) if merged[1] else None
        if item.labels and set(item.labels) != {cypher.NODE_LABEL, *cypher.node_labels(label, kind_).split(":")[1:]}:
            relabel.append(key)
        props |= {"id": key, "name": merged[2], "aliases": merged[3]} | ({"kind": kind_.value} if kind_ else {})
        groups.setdefault((label, kind_), []).append([key, props])
    plan.add(cypher.CLEAR_LABELS, relabel, batch_size)
    for group, rows in sorted(groups.items(), key=lambda g: str(g[0])):
        query = cypher.write_edges(RelationType(group)) if kind == EDGE else cypher.write_nodes(*group)
        plan.add(query, rows, batch_size)
