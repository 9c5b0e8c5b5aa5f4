"""The Neo4j store: the same protocol and the same merge rules as the embedded store, on a server.

Chosen by ``--neo4j URI`` / ``NEO4J_URI``; credentials from arguments or ``NEO4J_USERNAME``,
``NEO4J_PASSWORD``, ``NEO4J_DATABASE``. All Cypher text is in ``cypher.py``; how a load becomes
batched ``UNWIND $rows ... MERGE`` writes is in ``neo4j_writes.py``.

Transactions: a load (or removal) whose planned writes fit in ``transaction_rows`` rows runs as
ONE managed write transaction (``execute_write``): a failure, or the server going away, leaves
the graph exactly as it was, and a transient error retries the whole load. A bigger load commits
batch by batch (nodes before relationships, the source record last); if it stops part-way, the
graph holds part of the load, and running the same load again completes it, with a result equal
to a clean load (every batch writes complete, precomputed values). So does a load the server
refuses to hold in one transaction (its transaction memory limit). Loads take a lock node first,
so two loads at once run one after the other instead of missing each other's contributions; a
load done batch by batch holds it only while planning (the lock lives in a transaction).
"""

from __future__ import annotations

import atexit
import hashlib
import json
import logging
import os
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import networkx as nx

from innograph.cycles import cycle_collector_paused
from innograph.errors import MissingDependencyError, QueryError, StoreConnectionError, StoreError

from ..model import GraphDelta, ProjectionFilter, StoreCounts, make_edge_id
from ..schema import Label
from . import cypher
from .base import edge_attributes, merge_evidence, node_attributes, node_contributions, split_edges
from .neo4j_runner import Progress, StepRunner
from .neo4j_writes import Run, WritePlan, decode_contributions, merged_in_load_order, plan_write

try:
    import neo4j
    from neo4j import exceptions as neo4j_errors
except ImportError as e:  # the driver is the optional extra innograph[neo4j]
    raise MissingDependencyError("neo4j", "neo4j") from e

__all__ = ["Neo4jStore", "NEO4J_SCHEMES", "DEFAULT_BATCH_SIZE", "DEFAULT_TRANSACTION_ROWS", "plain_value"]

NEO4J_SCHEMES = ("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc")
DEFAULT_BATCH_SIZE = 5000
DEFAULT_TRANSACTION_ROWS = 120_000  # 110,000 rows fit a server with a 512 MiB heap
DEFAULT_DATABASE = "neo4j"

# The driver logs retries and dropped connections as warnings; innograph reports failures as one
# line itself. A NullHandler keeps Python's last-resort printer quiet, while an application that
# configures logging still receives the records.
logging.getLogger("neo4j").addHandler(logging.NullHandler())

# One driver (one connection pool) per server and user for the whole process.
_DRIVERS: dict[tuple[str, str, str], Any] = {}
_VERIFIED: set[tuple[tuple[str, str, str], str]] = set()
_SCHEMA_READY: set[tuple[tuple[str, str, str], str]] = set()


def _close_drivers() -> None:
    for driver in _DRIVERS.values():
        driver.close()
    _DRIVERS.clear()
    _VERIFIED.clear()
    _SCHEMA_READY.clear()


atexit.register(_close_drivers)


def _display_uri(uri: str) -> str:
    """The URI without any user:password part, for messages."""
    parts = urlsplit(uri)
    if "@" not in parts.netloc:
        return uri
    return urlunsplit(parts._replace(netloc=parts.netloc.rsplit("@", 1)[1]))


def _unreachable_reason(error: Exception) -> str:
    text = str(getattr(error, "message", None) or error)
    found = re.search(r"reason (?:\[Errno -?\d+\] )?([^)\n]+)", text)
    if found:
        reason = found.group(1).strip()
    elif "defunct connection" in text or "No data" in text:
        reason = "the connection was lost"
    elif "Bolt handshake" in text:  # something listens there but does not answer as Neo4j
        reason = "no Bolt answer (a stopped server, or not a Neo4j Bolt port)"
    elif "timed out" in text.lower():
        reason = "the connection timed out"
    else:
        reason = text.splitlines()[0] if text else type(error).__name__
    return reason[:1].lower() + reason[1:]


class Neo4jStore:
    """A graph store on a Neo4j 5 server (Community, Enterprise, Desktop, Docker or Aura)."""

    def __init__(self, uri: str, *, username: str | None = None, password: str | None = None,
                 database: str | None = None, batch_size: int = DEFAULT_BATCH_SIZE,
                 transaction_rows: int = DEFAULT_TRANSACTION_ROWS, progress: Progress | None = None,
                 max_retry_time: float = 30.0, verify: bool = True) -> None:
        scheme = urlsplit(uri).scheme
        if scheme not in NEO4J_SCHEMES:
            raise StoreConnectionError(
                f"{_display_uri(uri)!r} is not a Neo4j URI; use bolt://HOST:7687, neo4j://HOST:7687 or "
                "neo4j+s://ID.databases.neo4j.io for Aura")
        if "@" in urlsplit(uri).netloc:
            raise StoreConnectionError(f"{_display_uri(uri)} must not carry a user name or password; "
                                       "set NEO4J_USERNAME and NEO4J_PASSWORD instead")
        if batch_size < 1 or transaction_rows < 1:
            raise StoreError("batch_size and transaction_rows must be at least 1")
        self.uri = _display_uri(uri)
        self.username = username or os.environ.get("NEO4J_USERNAME") or "neo4j"
        secret = password if password is not None else os.environ.get("NEO4J_PASSWORD")
        self._password_given = secret is not None
        self.database = database or os.environ.get("NEO4J_DATABASE") or DEFAULT_DATABASE
        self.batch_size = batch_size
        self.transaction_rows = transaction_rows
        self.progress = progress
        # The key holds a digest, not the password: two passwords for one user get two drivers.
        self._key = (uri, self.username, hashlib.sha256(f"{secret}|{max_retry_time}".encode()).hexdigest())
        driver = _DRIVERS.get(self._key)
        if driver is None:
            with self._errors("connect to"):
                driver = neo4j.GraphDatabase.driver(
                    uri, auth=(self.username, secret) if secret is not None else None,
                    connection_timeout=15.0, max_transaction_retry_time=max_retry_time,
                    notifications_min_severity="OFF", user_agent="innograph")
            _DRIVERS[self._key] = driver
        self._driver: Any = driver
        self._closed = False
        if verify and (self._key, self.database) not in _VERIFIED:
            with self._errors("connect to"):
                driver.verify_connectivity()
                self._read(lambda run: run(cypher.PING, {}))  # the database exists and answers
            _VERIFIED.add((self._key, self.database))

    # -- lifecycle -------------------------------------------------------------------------

    def __enter__(self) -> Neo4jStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        # The driver stays open for the next store in this process (closed at exit).
        self._closed = True

    def describe(self) -> str:
        return f"Neo4j at {self.uri} (database {self.database})"

    @property
    def encrypted(self) -> bool:
        return bool(self._driver.encrypted)

    # -- errors and transactions -------------------------------------------------------------

    @contextmanager
    def _errors(self, action: str) -> Iterator[None]:
        """Driver errors become one-line innograph errors naming the URI (never the password)."""
        try:
            yield
        except neo4j_errors.AuthError as e:
            if not self._password_given:
                raise StoreConnectionError(
                    f"Neo4j at {self.uri} asks user {self.username!r} for a password: set NEO4J_PASSWORD") from e
            raise StoreConnectionError(
                f"Neo4j at {self.uri} refused user {self.username!r}: wrong user name or password; "
                "check NEO4J_USERNAME and NEO4J_PASSWORD") from e
        except (neo4j_errors.ServiceUnavailable, neo4j_errors.SessionExpired) as e:
            raise StoreConnectionError(
                f"cannot reach Neo4j at {self.uri}: {_unreachable_reason(e)}; start it or check NEO4J_URI") from e
        except neo4j_errors.CypherSyntaxError as e:
            raise QueryError(f"Cypher syntax error: {_first_line(e)}") from e
        except neo4j_errors.Neo4jError as e:
            code = getattr(e, "code", "") or ""
            if code.endswith("DatabaseNotFound"):
                raise StoreConnectionError(
                    f"Neo4j at {self.uri} has no database {self.database!r}; check NEO4J_DATABASE") from e
            if code.endswith("Statement.AccessMode"):
                raise QueryError("the query writes to the graph; add --write to run it in a write transaction") from e
            if code.startswith("Neo.ClientError.Statement") or code.startswith("Neo.ClientError.Procedure"):
                raise QueryError(f"Neo4j at {self.uri} rejected the query: {_first_line(e)}") from e
            raise StoreError(f"Neo4j at {self.uri} could not {action} the graph: {_first_line(e)}") from e
        except neo4j_errors.DriverError as e:
            raise StoreError(f"Neo4j driver error with {self.uri}: {_first_line(e)}") from e

    def _session(self) -> Any:
        if self._closed:
            raise StoreError(f"{self.describe()} is closed")
        return self._driver.session(database=self.database)

    def _read(self, work: Callable[[Callable[..., list[dict[str, Any]]]], Any]) -> Any:
        with self._errors("read"), self._session() as session:
            return session.execute_read(lambda tx: work(_runner(tx)))

    def _ensure_schema(self) -> None:
        """Constraints and indexes, created once per process and database (IF NOT EXISTS)."""
        key = (self._key, self.database)
        if key in _SCHEMA_READY:
            return
        with self._errors("prepare"), self._session() as session:
            for statement in cypher.SCHEMA_STATEMENTS:
                session.run(statement).consume()
            session.run(cypher.AWAIT_INDEXES).consume()
        _SCHEMA_READY.add(key)

    def _write(self, plan_with: Callable[[Run, Callable[[WritePlan], None] | None, bool], WritePlan], *,
               fits: bool) -> dict[str, int]:
        """Plan and run a load or removal. ``plan_with(run, nodes_planned, one_transaction)``
        plans it (see ``plan_write``). ``fits``: expected to fit one transaction, so it is
        planned for one and its node steps start running while the rest is planned; otherwise
        it is planned for batch by batch straight away."""
        self._ensure_schema()
        with self._errors("write"), self._session() as session:
            planned: list[WritePlan] = []

            def whole(tx: Any, early: bool, plan_only: bool = False) -> WritePlan:
                planned.clear()
                with StepRunner(lambda q, p: tx.run(q, p).values(), one_transaction=True, progress=self.progress,
                                where=f"Neo4j at {self.uri}") as runner:
                    def run(query: str, params: dict[str, Any]) -> list[dict[str, Any]]:
                        runner.wait_for_sent()
                        return tx.run(query, params).data()

                    try:
                        # With ``early``, a step sent while planning may fail in a planning read.
                        planned.append(plan_with(run, runner.start if early else None, early))
                        if plan_only or planned[0].rows > self.transaction_rows:
                            raise _TooBigForOneTransaction()  # rolls back whatever was written
                        runner.run(planned[0])
                    except neo4j_errors.TransientError as e:
                        if _over_memory_limit(e) and not plan_only:  # the driver would retry it in vain
                            raise _TooBigForOneTransaction() from e
                        raise
                return planned[0]

            try:
                return session.execute_write(whole, fits).stats
            except _TooBigForOneTransaction:
                pass
            except neo4j_errors.TransientError as e:
                # Over the server's transaction memory limit (dbms.memory.transaction.total.max)
                # at commit; the load is done batch by batch instead.
                if not (_over_memory_limit(e) and planned):
                    raise
            if fits or not planned:
                # Planned again for batch by batch: with every hash written out, and without the
                # node steps that may have run (and hit that limit) while the edges were planned.
                with suppress(_TooBigForOneTransaction):
                    session.execute_write(whole, False, True)
            plan = planned[0]
            # Batch by batch: each step is idempotent, so a rerun after a failure completes the load.
            with StepRunner(lambda q, p: session.execute_write(lambda tx: tx.run(q, p).values()),
                            one_transaction=False, progress=self.progress, where=f"Neo4j at {self.uri}") as runner:
                runner.run(plan)
            return plan.stats

    # -- writes ----------------------------------------------------------------------------

    def upsert(self, delta: GraphDelta, *, replace_source: bool = False) -> dict[str, int]:
        # The load's own objects are freed (by reference counting) when _upsert returns, before
        # the collector is back on: otherwise its first pass walks all of them (0.2 s at 100k).
        with cycle_collector_paused():
            return self._upsert(delta, replace_source)

    def _upsert(self, delta: GraphDelta, replace_source: bool) -> dict[str, int]:
        # The edges are split while the server writes the nodes. A load that will not fit one
        # transaction is planned whole, for batch by batch: early writes would be rolled back.
        nodes = node_contributions(delta)
        return self._write(lambda run, nodes_planned, one_transaction: plan_write(
            run, source=delta.source, source_id=delta.source.id, nodes=nodes, edges={}, replace=replace_source,
            batch_size=self.batch_size, nodes_planned=nodes_planned, edges_later=lambda: split_edges(delta),
            leave_out_hashes=one_transaction), fits=len(delta.nodes) + len(delta.edges) <= self.transaction_rows)

    def remove_source(self, source_id: str) -> dict[str, int]:
        return self._write(lambda run, _, one_transaction: plan_write(
            run, source=None, source_id=source_id, nodes={}, edges={}, replace=True, batch_size=self.batch_size,
            leave_out_hashes=one_transaction), fits=True)

    # -- reads -----------------------------------------------------------------------------

    def projection(self, filters: ProjectionFilter | None = None) -> nx.MultiDiGraph:
        f = filters or ProjectionFilter()
        labels = frozenset(f.labels)
        params = {"kinds": sorted(k.value for k in f.kinds)}

        def read(run: Callable[..., list[dict[str, Any]]]) -> tuple[list[dict[str, Any]], ...]:
            # One read transaction: nodes and edges come from the same snapshot.
            return (run(cypher.projection_nodes(labels, bool(f.kinds), f.with_evidence), params),
                    run(cypher.projection_edges(frozenset(f.relation_types), labels, bool(f.kinds), f.with_evidence),
                        params),
                    run(cypher.READ_SOURCES, {}) if f.with_evidence else [])

        node_rows, edge_rows, sources = self._read(read)
        seqs = {s["id"]: s["seq"] for s in sources}
        hashes = {s["id"]: s["sha256"] for s in sources}
        loads = _cached_loads()
        G = nx.MultiDiGraph()
        node_rows.sort(key=lambda r: r["id"])
        G.add_nodes_from(
            (r["id"], node_attributes({"label": cypher.graph_label_of(r["labels"]), "kind": r["kind"], "name": r["name"],
                                       "aliases": list(r["aliases"] or []), "sources": list(r["sources"] or []),
                                       "properties": loads(r["properties"]),
                                       "evidence": _evidence(r, seqs, hashes, f.with_evidence)}, f.with_evidence))
            for r in node_rows)
        edge_rows.sort(key=lambda r: make_edge_id(r["src"], r["type"], r["dst"]))
        G.add_edges_from(
            (r["src"], r["dst"], r["type"],
             edge_attributes({"type": r["type"], "sources": list(r["sources"] or []), "properties": loads(r["properties"]),
                              "evidence": _evidence(r, seqs, hashes, f.with_evidence)}, f.with_evidence))
            for r in edge_rows)
        return G

    def counts(self) -> StoreCounts:
        node_rows, edge_rows, source_rows = self._read(
            lambda run: (run(cypher.COUNT_NODES, {}), run(cypher.COUNT_EDGES, {}), run(cypher.COUNT_SOURCES, {})))
        by_label: dict[str, int] = {}
        by_kind: dict[str, int] = {}
        for row in node_rows:
            label = cypher.graph_label_of(row["labels"])
            if label is None:
                continue
            by_label[label] = by_label.get(label, 0) + row["count"]
            if label == Label.ACTOR.value and row["kind"]:
                by_kind[row["kind"]] = by_kind.get(row["kind"], 0) + row["count"]
        by_type = {row["type"]: row["count"] for row in edge_rows}
        return StoreCounts(nodes=sum(by_label.values()), edges=sum(by_type.values()),
                           by_label=dict(sorted(by_label.items())), by_type=dict(sorted(by_type.items())),
                           by_kind=dict(sorted(by_kind.items())), sources=source_rows[0]["count"])

    def sources(self) -> list[dict[str, Any]]:
        rows = self._read(lambda run: run(cypher.READ_SOURCES, {}))
        return [{k: row[k] for k in ("id", "path", "sha256", "title", "kind")} for row in rows]

    def contributions(self) -> tuple[list[dict[str, Any]], list[tuple[str, str, dict[str, Any]]],
                                     list[tuple[str, str, dict[str, Any]]]]:
        """Everything as stored, for copying to another store (``push`` / ``pull``): the sources
        in load order, then (id, source id, contribution) for every node and every edge."""
        sources, node_rows, edge_rows = self._read(lambda run: (
            run(cypher.READ_SOURCES, {}), run(cypher.ALL_NODE_CONTRIBUTIONS, {}), run(cypher.ALL_EDGE_CONTRIBUTIONS, {})))
        hashes = {row["id"]: row["sha256"] for row in sources}
        nodes = [(r["id"], source_id, body) for r in node_rows
                 for source_id, body in decode_contributions(r["contributions"], hashes).items()]
        edges = [(make_edge_id(r["src"], r["type"], r["dst"]), source_id, body) for r in edge_rows
                 for source_id, body in decode_contributions(r["contributions"], hashes,
                                                             (r["src"], r["type"], r["dst"])).items()]
        return [{k: row[k] for k in ("id", "path", "sha256", "title", "kind")} for row in sources], nodes, edges

    def cypher(self, query: str, params: dict[str, Any] | None = None, *, write: bool = False) -> tuple[list[str], list[dict[str, Any]]]:
        """Run an analyst's Cypher in a read transaction (``write=True``: a write transaction).
        Returns the column names and the records with values made plain (see ``plain_value``)."""
        def work(tx: Any) -> tuple[list[str], list[dict[str, Any]]]:
            result = tx.run(query, params or {})
            keys = list(result.keys())
            return keys, [{k: plain_value(record[k]) for k in keys} for record in result]

        with self._errors("query"), self._session() as session:
            return session.execute_write(work) if write else session.execute_read(work)


class _TooBigForOneTransaction(Exception):
    """A load to commit batch by batch instead of as one transaction."""


def _over_memory_limit(error: Exception) -> bool:
    return "MemoryPoolOutOfMemoryError" in (getattr(error, "code", "") or "")


def _runner(tx: Any) -> Callable[[str, dict[str, Any]], list[dict[str, Any]]]:
    return lambda query, params: tx.run(query, params).data()


def _first_line(error: Exception) -> str:
    text = str(getattr(error, "message", None) or error).strip()
    return text.splitlines()[0] if text else type(error).__name__


def _cached_loads() -> Callable[[str | None], Any]:
    """json.loads for many rows that mostly share the same few texts ('{}')."""
    cache: dict[str, Any] = {}

    def loads(text: str | None) -> Any:
        if not text:
            return {}
        if text not in cache:
            cache[text] = json.loads(text)
        value = cache[text]
        return dict(value) if isinstance(value, dict) else value

    return loads


def _evidence(row: dict[str, Any], seqs: dict[str, int], hashes: dict[str, str], wanted: bool) -> list[dict[str, Any]]:
    if not wanted or not row.get("contributions"):
        return []
    ends = (row["src"], row["type"], row["dst"]) if "src" in row else None
    merged = merged_in_load_order(decode_contributions(row["contributions"], hashes, ends), seqs)
    # One contribution may quote the same span twice; readers get each span once (as from SQLite).
    return merge_evidence(merged["evidence"]) if merged else []


def plain_value(value: Any) -> Any:
    """A Cypher result value as plain JSON-able data: a node becomes its labels and properties,
    a relationship its type, ends and properties, a path the list of its nodes and
    relationships. innograph's JSON bookkeeping (``_properties``, ``_contributions``) is left out."""
    if isinstance(value, neo4j.graph.Node):
        return {"labels": sorted(value.labels), **_public(value)}
    if isinstance(value, neo4j.graph.Relationship):
        ends = [n.get("id", n.element_id) if n is not None else None for n in (value.start_node, value.end_node)]
        return {"type": value.type, "start": ends[0], "end": ends[1], **_public(value)}
    if isinstance(value, neo4j.graph.Path):
        items: list[Any] = [plain_value(value.start_node)]
        for rel, node in zip(value.relationships, value.nodes[1:]):
            items += [plain_value(rel), plain_value(node)]
        return items
    if isinstance(value, dict):
        return {str(k): plain_value(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain_value(v) for v in value]
    if isinstance(value, (bytes, bytearray)):
        return value.hex()
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    if hasattr(value, "iso_format"):  # neo4j.time Date, Time, DateTime, Duration
        return value.iso_format()
    return str(value)  # points and anything newer


def _public(entity: Any) -> dict[str, Any]:
    # id and name first: what a person reads a node by.
    keys = sorted(k for k in entity.keys() if k not in ("_properties", "_contributions"))
    keys.sort(key=lambda k: {"id": 0, "name": 1}.get(k, 2))
    return {k: plain_value(entity[k]) for k in keys}
