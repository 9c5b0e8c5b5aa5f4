"""The Neo4j store: the same protocol and merge rule as the embedded store, on a server.

Chosen by ``--neo4j URI`` / ``NEO4J_URI``; credentials from arguments or ``NEO4J_USERNAME``,
``NEO4J_PASSWORD``, ``NEO4J_DATABASE``. A write is planned (neo4j_plan.py), then executed in one
of two modes. A plan of at most ``transaction_rows`` rows runs in the managed write transaction it
was planned in: a failure, or the server going away, leaves the graph as it was, and a transient
error replans and reruns the whole load. A bigger plan runs batch by batch, each batch its own
transaction (nodes before relationships, the source record last): stopped part-way, the graph
holds part of the load, and running the same load again completes it.
"""

from __future__ import annotations

import atexit
import hashlib
from collections import Counter
import logging
import os
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import networkx as nx

from innograph.core.cycles import cycle_collector_paused
from innograph.core.errors import MissingDependencyError, QueryError, StoreConnectionError, StoreError

from ..model import GraphDelta, ProjectionFilter, StoreCounts, make_edge_id
from ..schema import Label
from . import cypher
from .neo4j_plan import Plan, Read, decode_records, merged_in_load_order, plan_load
from .base import EDGE, NODE, as_dict, decode, edge_attributes, merged_evidence, node_attributes, records_of

try:
    import neo4j
    from neo4j import exceptions as neo4j_errors
except ImportError as e:  # the driver is the optional extra innograph[neo4j]
    raise MissingDependencyError("neo4j", "neo4j") from e

__all__ = ["Neo4jStore", "NEO4J_SCHEMES", "DEFAULT_BATCH_SIZE", "DEFAULT_TRANSACTION_ROWS", "DEFAULT_CONNECTION_TIMEOUT",
           "connection_timeout_from", "plain_value"]

Progress = Callable[[int, int], None]  # (rows written, rows to write)

NEO4J_SCHEMES = ("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc")
DEFAULT_BATCH_SIZE = 10_000  # rows per UNWIND: 10,000 loaded 100,000 relations 10% faster than 5,000 (docs/benchmarks.md)
DEFAULT_TRANSACTION_ROWS = 120_000  # 110,000 rows fit a server with a 512 MiB heap
DEFAULT_DATABASE = "neo4j"
# How long a connection may take to open and answer Bolt's handshake. The driver's own limit on
# waiting for a pooled connection (60 s) is what a port that accepts and never answers costs, so
# both are capped by this; NEO4J_CONNECTION_TIMEOUT (seconds) changes it for a slow link.
DEFAULT_CONNECTION_TIMEOUT = 10.0
_SOURCE_FIELDS = ("id", "path", "sha256", "title", "kind")

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


def connection_timeout_from(value: float | str | None) -> float:
    """The connection timeout in seconds: ``value``, else NEO4J_CONNECTION_TIMEOUT, else 10."""
    chosen = value if value is not None else os.environ.get("NEO4J_CONNECTION_TIMEOUT") or DEFAULT_CONNECTION_TIMEOUT
    try:
        seconds = float(chosen)
    except ValueError:
        seconds = -1.0
    if not seconds > 0 or seconds == float("inf"):
        raise StoreConnectionError(f"Neo4j connection timeout {chosen!r} is not a number of seconds above 0; "
                                   "check NEO4J_CONNECTION_TIMEOUT")
    return seconds


class Neo4jStore:
    """A graph store on a Neo4j 5 server (Community, Enterprise, Desktop, Docker or Aura)."""

    def __init__(self, uri: str, *, username: str | None = None, password: str | None = None,
                 database: str | None = None, batch_size: int = DEFAULT_BATCH_SIZE,
                 transaction_rows: int = DEFAULT_TRANSACTION_ROWS, progress: Progress | None = None,
                 max_retry_time: float = 30.0, verify: bool = True,
                 connection_timeout: float | None = None) -> None:
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
        self.connection_timeout = connection_timeout_from(connection_timeout)
        # The key holds a digest, not the password: two passwords for one user get two drivers.
        self._key = (uri, self.username,
                     hashlib.sha256(f"{secret}|{max_retry_time}|{self.connection_timeout}".encode()).hexdigest())
        driver = _DRIVERS.get(self._key)
        if driver is None:
            with self._errors("connect to"):
                driver = neo4j.GraphDatabase.driver(
                    uri, auth=(self.username, secret) if secret is not None else None,
                    connection_timeout=self.connection_timeout,
                    connection_acquisition_timeout=self.connection_timeout,
                    max_transaction_retry_time=max_retry_time,
                    notifications_min_severity="OFF", user_agent="innograph")
            _DRIVERS[self._key] = driver
        self._driver: Any = driver
        self._closed = False
        if verify and (self._key, self.database) not in _VERIFIED:
            with self._errors("connect to"):
                driver.verify_connectivity()
                self._read(lambda read: read(cypher.PING, {}))  # the database exists and answers
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
            reason = _unreachable_reason(e)
            if reason.startswith(("no Bolt answer", "the connection timed out")):
                reason += f" within {self.connection_timeout:g} s (NEO4J_CONNECTION_TIMEOUT sets how long to wait)"
            raise StoreConnectionError(
                f"cannot reach Neo4j at {self.uri}: {reason}; start it or check NEO4J_URI") from e
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

    def _read(self, work: Callable[[Read], Any]) -> Any:
        with self._errors("read"), self._session() as session:
            return session.execute_read(lambda tx: work(lambda query, params: tx.run(query, params).data()))

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

    def _write(self, make_plan: Callable[[Read], Plan]) -> dict[str, int]:
        """Plan a load or removal in a write transaction, then run it there or batch by batch."""
        self._ensure_schema()
        with self._errors("write"), self._session() as session:
            def one_transaction(tx: Any) -> tuple[Plan, bool]:
                plan = make_plan(lambda query, params: tx.run(query, params).data())
                if plan.rows > self.transaction_rows:
                    return plan, False  # planned under the load lock; its batches run after
                try:
                    self._execute(plan, lambda query, params: tx.run(query, params).consume())
                except neo4j_errors.TransientError as e:
                    if "MemoryPoolOutOfMemoryError" in (e.code or ""):  # retrying would fail the same way
                        raise StoreError(f"{self.describe()} cannot hold this load in one transaction; raise its "
                                         "dbms.memory.transaction.total.max, or give Neo4jStore a lower "
                                         "transaction_rows") from e
                    raise
                return plan, True

            plan, done = session.execute_write(one_transaction)
            if not done:  # batch by batch: every batch writes whole values, so a rerun completes the load
                self._execute(plan, lambda query, params: session.execute_write(
                    lambda tx: tx.run(query, params).consume()))
            return plan.stats

    def _execute(self, plan: Plan, run: Callable[[str, dict[str, Any]], Any]) -> None:
        total, done = plan.rows, 0
        for batch in plan.batches:
            run(batch.query, batch.params)
            if batch.rows:
                done += batch.rows
                if self.progress is not None:
                    self.progress(done, total)

    # -- writes ----------------------------------------------------------------------------

    def upsert(self, delta: GraphDelta, *, replace_source: bool = False) -> dict[str, int]:
        with cycle_collector_paused():  # a load builds many small objects and no cycles
            nodes, edges = records_of(NODE, delta.nodes), records_of(EDGE, delta.edges)
            return self._write(lambda read: plan_load(read, delta.source, delta.source.id, nodes, edges,
                                                      replace_source, self.batch_size))

    def remove_source(self, source_id: str) -> dict[str, int]:
        return self._write(lambda read: plan_load(read, None, source_id, {}, {}, True, self.batch_size))

    # -- reads -----------------------------------------------------------------------------

    def projection(self, filters: ProjectionFilter | None = None) -> nx.MultiDiGraph:
        f = filters or ProjectionFilter()
        labels, params = frozenset(f.labels), {"kinds": sorted(k.value for k in f.kinds)}
        node_rows, edge_rows, sources = self._read(lambda read: (  # one snapshot
            read(cypher.projection_nodes(labels, bool(f.kinds), f.with_evidence), params),
            read(cypher.projection_edges(frozenset(f.relation_types), labels, bool(f.kinds), f.with_evidence), params),
            read(cypher.READ_SOURCES, {})))
        seqs = {row["id"]: row["seq"] for row in sources}

        def evidence(row: dict[str, Any], kind: int) -> list[dict[str, Any]] | None:
            if not f.with_evidence:
                return None
            records = decode_records(row["contributions"])
            return merged_evidence(merged_in_load_order(records, kind, seqs)[0][-1]) if records else []

        G = nx.MultiDiGraph()
        G.add_nodes_from((r["id"], node_attributes(
            cypher.graph_label_of(r["labels"]) or "", r["kind"], r["name"], list(r["aliases"] or []),
            decode(r["properties"]) if r["properties"] else {}, list(r["sources"] or []), evidence(r, NODE)))
            for r in sorted(node_rows, key=lambda r: r["id"]))
        G.add_edges_from((r["src"], r["dst"], r["type"], edge_attributes(
            r["type"], decode(r["properties"]) if r["properties"] else {}, list(r["sources"] or []), evidence(r, EDGE)))
            for r in sorted(edge_rows, key=lambda r: make_edge_id(r["src"], r["type"], r["dst"])))
        return G

    def counts(self) -> StoreCounts:
        node_rows, edge_rows, source_rows = self._read(
            lambda read: (read(cypher.COUNT_NODES, {}), read(cypher.COUNT_EDGES, {}), read(cypher.COUNT_SOURCES, {})))
        by_label: Counter[str] = Counter()
        by_kind: Counter[str] = Counter()
        for row in node_rows:
            label = cypher.graph_label_of(row["labels"])
            if label:
                by_label[label] += row["count"]
                if label == Label.ACTOR.value and row["kind"]:
                    by_kind[row["kind"]] += row["count"]
        by_type = {row["type"]: row["count"] for row in edge_rows}
        return StoreCounts(nodes=by_label.total(), edges=sum(by_type.values()), by_label=_sorted(by_label),
                           by_type=_sorted(by_type), by_kind=_sorted(by_kind), sources=source_rows[0]["count"])

    def sources(self) -> list[dict[str, Any]]:
        return [{k: row[k] for k in _SOURCE_FIELDS} for row in self._read(lambda read: read(cypher.READ_SOURCES, {}))]

    def contributions(self) -> tuple[list[dict[str, Any]], list[tuple[str, str, dict[str, Any]]],
                                     list[tuple[str, str, dict[str, Any]]]]:
        """Everything as stored, for copying to another store (``push`` / ``pull``): the sources
        in load order, then (id, source id, contribution) for every node and every edge."""
        sources, node_rows, edge_rows = self._read(lambda read: (
            read(cypher.READ_SOURCES, {}), read(cypher.ALL_NODE_CONTRIBUTIONS, {}),
            read(cypher.ALL_EDGE_CONTRIBUTIONS, {})))
        nodes = sorted((r["id"], source_id, as_dict(NODE, record)) for r in node_rows
                       for source_id, record in decode_records(r["contributions"]).items())
        edges = sorted((make_edge_id(r["src"], r["type"], r["dst"]), source_id,
                        as_dict(EDGE, record, (r["src"], r["type"], r["dst"])))
                       for r in edge_rows for source_id, record in decode_records(r["contributions"]).items())
        return [{k: row[k] for k in _SOURCE_FIELDS} for row in sources], nodes, edges

    def cypher(self, query: str, params: dict[str, Any] | None = None, *, write: bool = False) -> tuple[list[str], list[dict[str, Any]]]:
        """Run an analyst's Cypher in a read transaction (``write=True``: a write transaction).
        Returns the column names and the records with values made plain (see ``plain_value``)."""
        def work(tx: Any) -> tuple[list[str], list[dict[str, Any]]]:
            result = tx.run(query, params or {})
            keys = list(result.keys())
            return keys, [{k: plain_value(record[k]) for k in keys} for record in result]

        with self._errors("query"), self._session() as session:
            return session.execute_write(work) if write else session.execute_read(work)


def _sorted(counts: dict[str, int]) -> dict[str, int]:
    return dict(sorted(counts.items()))


def _first_line(error: Exception) -> str:
    text = str(getattr(error, "message", None) or error).strip()
    return text.splitlines()[0] if text else type(error).__name__


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
