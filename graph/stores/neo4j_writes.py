"""How a load or a removal becomes Cypher writes for Neo4j: read, merge in Python, write whole.

A node or relationship in Neo4j keeps each source's contribution as JSON text
(``_contributions``). A load reads the contributions of what it touches, applies the same merge
rules as the embedded store (graph/stores/base.py), and plans ``UNWIND $rows`` batches that set
every property of each touched node and relationship at once (``SET n = row.props``). Because
every batch writes complete, precomputed values, running a batch twice (a retried transaction, a
rerun after the server went away) leaves the same result as running it once.

``plan_write`` only reads (through ``run``); the caller decides the transactions the planned
steps run in.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from operator import attrgetter
from typing import Any

from innograph.errors import StoreError

from ..model import Edge, Source, make_edge_id
from ..schema import ActorKind, Label, RelationType
from . import cypher
from .base import chunks, edge_contribution, merge_contributions
from .jsontext import dumps

__all__ = ["Run", "Step", "WritePlan", "Rows", "plan_write", "dumps", "merged_in_load_order", "storable_properties",
           "encode_contributions", "decode_contributions"]

# run(query, params) -> list of records as dicts
Run = Callable[[str, dict[str, Any]], list[dict[str, Any]]]


class Rows(list):  # type: ignore[type-arg]
    """A batch's rows, as a list with a short ``repr``. The driver formats every statement's
    parameters for a debug log line before it asks whether anyone logs at debug level: for a
    5,000-row batch that ``repr`` took longer than packing the rows."""

    __slots__ = ()

    def __repr__(self) -> str:
        return f"<{len(self)} rows>"


@dataclass
class _Item:
    """What a load knows about one node or relationship: its stored state and its new one."""

    contributions: dict[str, dict[str, Any]]  # source id -> contribution body
    stored: str | None = None  # _contributions as read, None when not in the store
    labels: list[str] = field(default_factory=list)
    ends: tuple[str, str, str] | None = None  # a relationship's (src, type, dst)


# A lazy step's parameters are built with a function that gives what a row names a node by:
# its element id inside the load's one transaction, its id otherwise (see cypher.write_edges).
EndOf = Callable[[str], str]


def _node_id(node_id: str) -> str:
    return node_id


@dataclass
class Step:
    """One statement of a plan. Its parameters may be built only when it is about to run (a
    function), so that building one batch's rows overlaps the server writing the previous one."""

    query: str  # as run inside the load's one transaction
    rows: int  # rows it writes, for progress (0 for a single statement)
    _params: dict[str, Any] | Callable[[EndOf], dict[str, Any]]
    outside: str | None = None  # the statement to run instead outside that transaction (batch by batch)
    returns_element_ids: bool = False  # its records are (node id, element id)
    checks_written: bool = False  # in one transaction, it returns how many rows it wrote: all of them
    waits: bool = False  # its rows need element ids that earlier steps return: built once they have run

    def params(self, end: EndOf = _node_id) -> dict[str, Any]:
        return self._params(end) if callable(self._params) else self._params

    def release(self, params: dict[str, Any]) -> None:
        """Empty the rows ``params()`` built, once the server has them. The driver keeps every
        statement's parameters in its result summary, and its results sit in reference cycles:
        a big load's rows would otherwise live until the next cycle collection, which then
        walks all of them (0.2-0.4 s after a 100,000-relationship load). Rows given at planning
        time belong to the plan and are kept; lazily built ones are built again if it runs again."""
        if callable(self._params):
            for value in params.values():
                if isinstance(value, Rows):
                    value.clear()


@dataclass
class WritePlan:
    steps: list[Step] = field(default_factory=list)  # in order
    stats: dict[str, int] = field(default_factory=dict)
    rows: int = 0  # rows the steps write, for progress
    # node id -> element id, as the load's transaction read or wrote the node
    element_ids: dict[str, str] = field(default_factory=dict)

    def statement(self, step: Step, one_transaction: bool) -> tuple[str, dict[str, Any]]:
        """What ``step`` sends: inside the load's one transaction, or outside it (batch by batch)."""
        if not one_transaction:
            return step.outside or step.query, step.params()
        try:
            return step.query, step.params(self.element_ids.__getitem__)
        except KeyError as e:  # every end was read or written before: a bug, not bad input
            raise StoreError(f"no element id for node {e.args[0]!r} in this load's transaction") from e

    def remember_element_ids(self, records: list[list[str]]) -> None:
        self.element_ids.update(records)

    def add(self, query: str, items: list[Any], key: str, batch_size: int,
            make_row: Callable[[Any, EndOf], Any] | None = None, shared: dict[str, Any] | None = None,
            **step: Any) -> None:
        """``UNWIND`` batches of ``items``, or of ``make_row(item, end)`` built when the batch
        runs; ``shared``: parameters every batch gets as well; ``step``: more ``Step`` fields."""
        shared = shared or {}
        for part in chunks(items, batch_size):
            if make_row is None:
                self.steps.append(Step(query, len(part), {key: Rows(part), **shared}, **step))
            else:
                self.steps.append(Step(query, len(part), lambda end, part=part: {
                    key: Rows([make_row(item, end) for item in part]), **shared}, **step))
            self.rows += len(part)

    def add_statement(self, query: str, params: dict[str, Any]) -> None:
        self.steps.append(Step(query, 0, params))


# -- how contributions are stored --------------------------------------------------------------
# ``_contributions`` is written for every node and relationship of every load, so it is kept
# short: what the relationship itself says (its ends and type) is left out, and so are empty
# fields, an evidence item's source id when it is the contributing source, and then its source
# hash when it is that source's current one (the ``sha256`` of its Source node). Writing fewer
# bytes makes a load markedly faster. Decoding restores the full contribution, keys in order,
# given each source's hash; whoever changes a source's hash rewrites its items (``plan_write``).
# Text written before hashes were left out decodes the same.

Hashes = dict[str, str]  # source id -> sha256 of its Source node

_NODE_KEYS = ("label", "kind", "name", "aliases", "properties", "evidence")
_EDGE_KEYS = ("properties", "evidence")
_EVIDENCE_KEYS = ("source_id", "source_hash", "start", "end", "quote")


def _compact(source_id: str, body: dict[str, Any], keys: tuple[str, ...], source_hash: str | None) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key in keys:
        value = body.get(key)
        if value:
            out[key] = _without_own_source(source_id, source_hash, value) if key == "evidence" else value
        elif key == "name" and value is not None:
            out[key] = value
    return out


def _without_own_source(source_id: str, source_hash: str | None, evidence: list[dict[str, Any]]) -> list[dict[str, Any]]:
    out = []
    for ev in evidence:
        if ev.get("source_id") == source_id:
            ev = ev.copy()  # a C-level copy and deletions: a comprehension per item was slower
            del ev["source_id"]
            if ev.get("source_hash") == source_hash:
                del ev["source_hash"]
        out.append(ev)
    return out


def encode_contributions(contributions: dict[str, dict[str, Any]], edge: bool, hashes: Hashes) -> str:
    keys = _EDGE_KEYS if edge else _NODE_KEYS
    ordered = contributions if len(contributions) == 1 else dict(sorted(contributions.items()))
    return dumps({source_id: _compact(source_id, body, keys, hashes.get(source_id))
                  for source_id, body in ordered.items()})


def decode_contributions(text: str | None, hashes: Hashes,
                         ends: tuple[str, str, str] | None = None) -> dict[str, dict[str, Any]]:
    """Contributions as stored (``encode_contributions``) back to full bodies, given the hashes
    they were written with; a relationship's needs its (src, type, dst)."""
    out: dict[str, dict[str, Any]] = {}
    for source_id, stored in (json.loads(text) if text else {}).items():
        own = {"source_id": source_id, "source_hash": hashes.get(source_id)}
        evidence = [{k: ev.get(k, own[k]) if k in own else ev[k] for k in _EVIDENCE_KEYS}
                    for ev in stored.get("evidence") or []]
        if ends is not None:
            out[source_id] = {"src": ends[0], "dst": ends[2], "type": ends[1],
                              "properties": stored.get("properties") or {}, "evidence": evidence}
        else:
            out[source_id] = {"label": stored["label"], "kind": stored.get("kind"), "name": stored["name"],
                              "aliases": stored.get("aliases") or [], "properties": stored.get("properties") or {},
                              "evidence": evidence}
    return out


def merged_in_load_order(contributions: dict[str, dict[str, Any]], seqs: dict[str, int]) -> dict[str, Any] | None:
    """The merge of contributions in load order (``seq``): what readers see (do not modify it)."""
    if len(contributions) == 1:  # most items: nothing to merge
        ((source_id, body),) = contributions.items()
        return body | {"sources": [source_id]}
    ordered = sorted(contributions.items(), key=lambda item: (seqs.get(item[0], 0), item[0]))
    return merge_contributions(body | {"source_id": source_id} for source_id, body in ordered)


def storable_properties(properties: dict[str, Any]) -> dict[str, Any]:
    """A node's own properties as Neo4j can hold them next to innograph's: no nulls (Neo4j drops
    them), no empty or NUL-bearing keys, nothing over an internal property. ``_properties``
    keeps all of them anyway."""
    return {k: v for k, v in properties.items()
            if v is not None and k and "\x00" not in k and k not in cypher.INTERNAL_PROPERTIES}


def _read_state(run: Run, query: str, params: dict[str, Any], key: Callable[[dict[str, Any]], str],
                into: dict[str, _Item], element_ids: dict[str, str], hashes: Hashes) -> None:
    for record in run(query, params):
        raw = record["contributions"]
        ends = (record["src"], record["type"], record["dst"]) if "src" in record else None
        into.setdefault(key(record), _Item(decode_contributions(raw, hashes, ends), raw or "{}",
                                           record.get("labels") or [], ends))
        _remember_element_ids(record, element_ids)


def _remember_element_ids(record: dict[str, Any], element_ids: dict[str, str]) -> None:
    if record.get("element_id"):
        element_ids[record["id"]] = record["element_id"]
    if record.get("src_element_id"):
        element_ids[record["src"]] = record["src_element_id"]
        element_ids[record["dst"]] = record["dst_element_id"]


def _edge_key(record: dict[str, Any]) -> str:
    return make_edge_id(record["src"], record["type"], record["dst"])


def _apply_source(state: dict[str, _Item], source_id: str, items: dict[str, dict[str, Any]],
                  replace: bool) -> tuple[dict[str, int], list[str]]:
    """Put one source's contributions into ``state``; return counts (as the embedded store
    reports them) and the ids left without any contribution."""
    counts = {"added": 0, "updated": 0, "unchanged": 0, "removed": 0}
    gone: list[str] = []
    if replace:
        for item_id, item in state.items():
            if source_id in item.contributions and item_id not in items:
                del item.contributions[source_id]
                if not item.contributions:
                    gone.append(item_id)
        counts["removed"] = len(gone)
    for item_id, contribution in items.items():
        item = state.get(item_id)
        if item is None:
            item = state[item_id] = _Item({})
        if "src" in contribution:
            item.ends = (contribution["src"], contribution["type"], contribution["dst"])
        old = item.contributions.get(source_id)
        if old is not None and not replace:
            # A source loaded again without replace adds to what it said before.
            merged = merge_contributions([old | {"source_id": source_id}, contribution])
            assert merged is not None
            merged.pop("sources", None)
            contribution = merged
        body = contribution.copy()  # a C-level copy: faster than a comprehension, per item of a big load
        body.pop("source_id", None)
        item.contributions[source_id] = body
        if item.stored is None:
            counts["added"] += 1
        elif old is not None and dumps(old) == dumps(body):
            counts["unchanged"] += 1
        else:
            counts["updated"] += 1
    return counts, gone


def _props(merged: dict[str, Any], item: _Item, hashes: Hashes) -> dict[str, Any]:
    props = storable_properties(merged.get("properties") or {})
    props["sources"] = merged["sources"]
    if merged.get("properties"):  # absent means {}
        props["_properties"] = dumps(merged["properties"])
    props["_contributions"] = encode_contributions(item.contributions, item.ends is not None, hashes)
    return props


def _needs_write(item: _Item, source_id: str, seq_changed: bool, hashes: Hashes) -> bool:
    if item.stored is None:
        return True
    new = encode_contributions(item.contributions, item.ends is not None, hashes)
    # A source whose content changed moves to the end of the load order, which can change
    # whose properties win on nodes it shares with others.
    return new != item.stored or (seq_changed and source_id in item.contributions and len(item.contributions) > 1)


def plan_write(run: Run, *, source: Source | None, source_id: str, nodes: dict[str, dict[str, Any]],
               edges: dict[str, dict[str, Any]], replace: bool, batch_size: int,
               plain_edges: Sequence[Edge] = (), nodes_planned: Callable[[WritePlan], None] | None = None,
               edges_later: Callable[[], tuple[dict[str, dict[str, Any]], Sequence[Edge]]] | None = None,
               leave_out_hashes: bool = True) -> WritePlan:
    """Plan loading one source's ``nodes`` and ``edges`` (contributions from ``dedupe_delta``),
    or with ``source=None`` removing the source ``source_id``. Raises ``StoreError`` for an edge
    whose end is neither in the load nor in the store, before any step has run (unless
    ``nodes_planned`` started the node steps).

    ``plain_edges``: more edges of the load, each named once and without properties
    (``split_delta``). Those at a node the load creates are new for certain: their rows are
    encoded straight from the delta's objects as each batch is sent. The others join ``edges``.

    The node steps come first. ``nodes_planned(plan)`` is called once they are planned, before
    any edge is looked at: a caller inside one transaction may start running them while the
    edges are planned (the reads that follow through ``run`` must then wait for them, and an
    error still rolls the whole transaction back). ``edges_later()`` then gives ``(edges,
    plain_edges)`` in place of those arguments, so that splitting the edges overlaps that too.

    ``leave_out_hashes``: store evidence without its source's current hash (see above, for a
    plan run in one transaction); a plan run batch by batch must say False."""
    plan = WritePlan()
    # Loads run one at a time: each plans from what it reads, so two at once could each miss
    # the other's contributions. The lock is held until the load's transaction ends.
    run(cypher.TAKE_LOAD_LOCK, {})
    sources = run(cypher.READ_SOURCES, {})
    seqs = {row["id"]: row["seq"] for row in sources}
    stored_hashes: Hashes = {row["id"]: row["sha256"] for row in sources}  # what stored text was written with
    hashes = dict(stored_hashes)  # as the Source records will be once this load is done
    old_seq = seqs.get(source_id)
    if source is not None:
        old = next((row for row in sources if row["id"] == source.id), None)
        # Unchanged content keeps its place in the load order (as in the embedded store).
        seqs[source.id] = old["seq"] if old and old["sha256"] == source.sha256 else max(seqs.values(), default=0) + 1
        hashes[source.id] = source.sha256
        source_step = (cypher.WRITE_SOURCE, source.model_dump() | {"seq": seqs[source.id]})
    else:
        seqs.pop(source_id, None)
        hashes.pop(source_id, None)
        source_step = (cypher.DELETE_SOURCE, {"id": source_id})
    seq_changed = old_seq != seqs.get(source_id)
    # Stored text leaves out the source's hash where it was the current one: when the hash
    # changes, every item of the source is read and rewritten, also those this load leaves as
    # they were (a load without replace keeps them).
    every_item = replace or stored_hashes.get(source_id, hashes.get(source_id)) != hashes.get(source_id)
    # Without ``leave_out_hashes`` (batch by batch) every hash is written out: text must then
    # decode right whichever Source record a reader sees, as the load commits bit by bit.
    written_with: Hashes = hashes if leave_out_hashes else {}

    node_state: dict[str, _Item] = {}
    for part in chunks(list(nodes), batch_size):
        _read_state(run, cypher.READ_NODES, {"ids": Rows(part)}, lambda r: r["id"], node_state, plan.element_ids,
                    stored_hashes)
    if every_item:
        _read_state(run, cypher.READ_NODES_OF_SOURCE, {"source": source_id}, lambda r: r["id"], node_state,
                    plan.element_ids, stored_hashes)
    node_counts, gone_nodes = _apply_source(node_state, source_id, nodes, replace)
    # Deleting a node deletes every relationship at it, whoever contributed them.
    dangling = {_edge_key(r) for part in chunks(gone_nodes, batch_size)
                for r in run(cypher.EDGES_AT_NODES, {"ids": Rows(part)})}
    plan.add(cypher.DELETE_NODES, gone_nodes, "ids", batch_size)
    _plan_node_writes(plan, node_state, set(gone_nodes), source_id, seqs, seq_changed, written_with, batch_size)
    if nodes_planned is not None:
        nodes_planned(plan)
    if edges_later is not None:
        edges, plain_edges = edges_later()

    ends = {c[k] for c in edges.values() for k in ("src", "dst")}
    ends.update(map(_SOURCE_OF, plain_edges))
    ends.update(map(_TARGET_OF, plain_edges))
    _check_endpoints(run, ends, node_state, set(gone_nodes), batch_size, plan.element_ids)

    edge_state: dict[str, _Item] = {}
    # A relationship can exist only between two nodes that did: most of a first load skips the read.
    new_nodes = {node_id for node_id, item in node_state.items() if item.stored is None}
    created: list[Edge] = []
    if plain_edges:
        edges = dict(edges)
        for e in plain_edges:
            if e.source in new_nodes or e.target in new_nodes:
                created.append(e)
            else:
                edges[e.id] = edge_contribution(e, source_id)
    by_type: dict[str, list[dict[str, str]]] = {}
    for c in edges.values():
        if c["src"] not in new_nodes and c["dst"] not in new_nodes:
            by_type.setdefault(c["type"], []).append({"src": c["src"], "dst": c["dst"]})
    for type_, rows in by_type.items():
        for part in chunks(rows, batch_size):
            _read_state(run, cypher.read_edges(RelationType(type_)), {"rows": Rows(part)}, _edge_key, edge_state,
                        plan.element_ids, stored_hashes)
    if every_item:
        _read_state(run, cypher.READ_EDGES_OF_SOURCE, {"source": source_id}, _edge_key, edge_state, plan.element_ids,
                    stored_hashes)
    # Deleted with their nodes: the reads above miss them if the node steps ran first, and
    # must not write them back if not.
    for edge_id in dangling:
        edge_state.pop(edge_id, None)
    edge_counts, gone_edges = _apply_source(edge_state, source_id, edges, replace)
    edge_counts["added"] += len(created)

    first_edge_step = len(plan.steps)
    _plan_edge_deletes(plan, [edge_state[i] for i in gone_edges], batch_size)
    _plan_edge_writes(plan, edge_state, set(gone_edges), source_id, seqs, seq_changed, written_with, batch_size)
    _plan_created_edges(plan, created, source_id, written_with.get(source_id), batch_size)
    if len(plan.steps) > first_edge_step:  # rows may name the nodes just written by element id
        plan.steps[first_edge_step].waits = True
    # The source record last: items written with its new hash decode right only once it is
    # there, and those written with the old one only until then. Batch by batch, a load stopped
    # part-way leaves the old record, so that running it again reads and rewrites them all.
    plan.add_statement(*source_step)

    if source is None:
        plan.stats = {"nodes_removed": len(gone_nodes), "edges_removed": len(gone_edges) + len(dangling)}
    else:
        plan.stats = {"nodes_added": node_counts["added"], "nodes_updated": node_counts["updated"],
                      "nodes_unchanged": node_counts["unchanged"], "nodes_removed": node_counts["removed"],
                      "edges_added": edge_counts["added"], "edges_updated": edge_counts["updated"],
                      "edges_unchanged": edge_counts["unchanged"],
                      "edges_removed": edge_counts["removed"] + len(dangling)}
    return plan


_SOURCE_OF = attrgetter("source")
_TARGET_OF = attrgetter("target")


def _check_endpoints(run: Run, ends: set[str], node_state: dict[str, _Item], gone: set[str],
                     batch_size: int, element_ids: dict[str, str]) -> None:
    wanted = sorted(ends)
    known = {i for i in wanted if i in node_state and i not in gone}
    unknown = [i for i in wanted if i not in node_state]
    for part in chunks(unknown, batch_size):
        for record in run(cypher.EXISTING_NODE_IDS, {"ids": Rows(part)}):
            known.add(record["id"])
            _remember_element_ids(record, element_ids)
    missing = [i for i in wanted if i not in known]
    if missing:
        raise StoreError(f"an edge refers to node {missing[0]!r}, which is neither in this load nor in the store")


def _plan_edge_deletes(plan: WritePlan, gone: list[_Item], batch_size: int) -> None:
    by_type: dict[str, list[dict[str, str]]] = {}
    for item in gone:
        assert item.ends is not None
        src, type_, dst = item.ends
        by_type.setdefault(type_, []).append({"src": src, "dst": dst})
    for type_, rows in sorted(by_type.items()):
        plan.add(cypher.delete_edges(RelationType(type_)), rows, "rows", batch_size)


def _plan_node_writes(plan: WritePlan, state: dict[str, _Item], gone: set[str], source_id: str,
                      seqs: dict[str, int], seq_changed: bool, hashes: Hashes, batch_size: int) -> None:
    groups: dict[tuple[Label, ActorKind | None], list[dict[str, Any]]] = {}
    relabel: list[str] = []
    for node_id, item in state.items():
        if node_id in gone or not _needs_write(item, source_id, seq_changed, hashes):
            continue
        merged = merged_in_load_order(item.contributions, seqs)
        assert merged is not None
        label = Label(merged["label"])
        kind = ActorKind(merged["kind"]) if merged.get("kind") else None
        if item.labels and set(item.labels) != {cypher.NODE_LABEL, *cypher.node_labels(label, kind).split(":")[1:]}:
            relabel.append(node_id)
        props = _props(merged, item, hashes) | {"id": node_id, "name": merged["name"],
                                                "aliases": merged.get("aliases") or []}
        if kind is not None:
            props["kind"] = kind.value
        groups.setdefault((label, kind), []).append({"id": node_id, "props": props})
    plan.add(cypher.CLEAR_LABELS, relabel, "ids", batch_size)
    for (label, kind), rows in sorted(groups.items(), key=lambda g: (g[0][0].value, g[0][1] or "")):
        plan.add(cypher.write_nodes(label, kind), rows, "rows", batch_size, returns_element_ids=True)


def _plan_edge_writes(plan: WritePlan, state: dict[str, _Item], gone: set[str], source_id: str,
                      seqs: dict[str, int], seq_changed: bool, hashes: Hashes, batch_size: int) -> None:
    groups: dict[tuple[str, bool, str], list[_Item]] = {}
    for edge_id, item in state.items():
        if edge_id in gone or not _needs_write(item, source_id, seq_changed, hashes):
            continue
        assert item.ends is not None
        if any(body.get("properties") for body in item.contributions.values()):
            rows = "properties"
        elif len(item.contributions) == 1 and source_id in item.contributions:
            rows = "one_source"  # sources = [source_id], one parameter for the batch
        else:
            rows = "no_properties"
        groups.setdefault((item.ends[1], item.stored is None, rows), []).append(item)

    # Most of a big load's planning; built batch by batch while the previous batch is written.
    def one_source_row(item: _Item, end: EndOf) -> list[Any]:
        assert item.ends is not None
        return [end(item.ends[0]), end(item.ends[2]), encode_contributions(item.contributions, True, hashes)]

    def no_properties_row(item: _Item, end: EndOf) -> list[Any]:
        merged = merged_in_load_order(item.contributions, seqs)
        assert merged is not None and item.ends is not None
        return [end(item.ends[0]), end(item.ends[2]), merged["sources"],
                encode_contributions(item.contributions, True, hashes)]

    def properties_row(item: _Item, end: EndOf) -> list[Any]:
        merged = merged_in_load_order(item.contributions, seqs)
        assert merged is not None and item.ends is not None
        return [end(item.ends[0]), end(item.ends[2]), _props(merged, item, hashes)]

    make_row = {"one_source": one_source_row, "no_properties": no_properties_row, "properties": properties_row}
    for (type_, new, rows), items in sorted(groups.items()):
        _add_edge_batches(plan, RelationType(type_), new, rows, items, make_row[rows], source_id, batch_size)


def _plan_created_edges(plan: WritePlan, edges: list[Edge], source_id: str, source_hash: str | None,
                        batch_size: int) -> None:
    """Relationships at nodes this load creates: new, with this source's contribution only.
    Their ``_contributions`` is what ``encode_contributions`` makes of it, encoded without the
    intermediate dicts (a test holds the two equal)."""
    by_type: dict[RelationType, list[Edge]] = {}
    for e in edges:
        by_type.setdefault(e.type, []).append(e)

    def row(e: Edge, end: EndOf) -> list[Any]:
        evidence = [({"start": ev.start, "end": ev.end, "quote": ev.quote} if ev.source_hash == source_hash else
                     {"source_hash": ev.source_hash, "start": ev.start, "end": ev.end, "quote": ev.quote})
                    if ev.source_id == source_id else
                    {"source_id": ev.source_id, "source_hash": ev.source_hash, "start": ev.start, "end": ev.end,
                     "quote": ev.quote} for ev in e.evidence]
        return [end(e.source), end(e.target), dumps({source_id: {"evidence": evidence} if evidence else {}})]

    for type_, items in sorted(by_type.items()):
        _add_edge_batches(plan, type_, True, "one_source", items, row, source_id, batch_size)


def _add_edge_batches(plan: WritePlan, type_: RelationType, new: bool, rows: str, items: list[Any],
                      make_row: Callable[[Any, EndOf], Any], source_id: str, batch_size: int) -> None:
    shared = {"sources": [source_id]} if rows == "one_source" else None
    # CREATE skips MERGE's lookup and lock (a third faster). It is right only inside the one
    # load transaction that saw these relationships missing; batch by batch, where a step may
    # run twice, MERGE is used instead. Ends are found by element id only in that transaction.
    query = cypher.create_edges(type_, rows) if new else cypher.write_edges(type_, rows, by_element_id=True)
    plan.add(query, items, "rows", batch_size, make_row, shared,
             outside=cypher.write_edges(type_, rows), checks_written=True)
