"""What only the Neo4j store has: connections and their errors, the schema, labels as stored,
transactions and batches, progress, Cypher results."""

from __future__ import annotations

import json
import socket

import pytest

from innograph.core.errors import QueryError, StoreConnectionError, StoreError
from innograph.graph import Edge, GraphDelta, Node, Source
from innograph.graph.stores import SQLiteStore, open_store

from ..graph.helpers import evidence, plan_delta
from .conftest import open_neo4j, state

pytest.importorskip("neo4j", reason="the neo4j driver is the optional extra innograph[neo4j]")
from innograph.graph.stores.neo4j import Neo4jStore  # noqa: E402


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_uri_schemes_tls_included_are_accepted_without_connecting():
    for uri in ("neo4j+s://abcd1234.databases.neo4j.io", "bolt+s://db.example.org:7687", "bolt+ssc://10.0.0.2:7687"):
        store = Neo4jStore(uri, password="secret-pw", verify=False)
        assert store.encrypted, uri
    assert not Neo4jStore("bolt://127.0.0.1:1", password="x", verify=False).encrypted


def test_a_uri_that_is_not_neo4j_is_refused():
    with pytest.raises(StoreConnectionError, match=r"^'http://localhost:7474' is not a Neo4j URI; use bolt://"):
        Neo4jStore("http://localhost:7474")


def test_a_password_in_the_uri_is_refused_without_showing_it():
    with pytest.raises(StoreConnectionError) as error:
        Neo4jStore("bolt://neo4j:hunter2-secret@127.0.0.1:1", verify=False)
    assert str(error.value) == ("bolt://127.0.0.1:1 must not carry a user name or password; "
                                "set NEO4J_USERNAME and NEO4J_PASSWORD instead")
    assert Neo4jStore("bolt://127.0.0.1:1", verify=False).describe() == "Neo4j at bolt://127.0.0.1:1 (database neo4j)"


def test_server_down_is_one_line_naming_the_uri(monkeypatch):
    monkeypatch.setenv("NEO4J_PASSWORD", "pw-that-must-not-show")
    port = free_port()
    with pytest.raises(StoreConnectionError) as error:
        Neo4jStore(f"bolt://127.0.0.1:{port}")
    assert str(error.value) == (f"cannot reach Neo4j at bolt://127.0.0.1:{port}: connection refused; "
                                "start it or check NEO4J_URI")


def test_a_port_that_does_not_answer_bolt_is_one_readable_line():
    # The driver's text after 60 s against a stopped (SIGSTOP) server or a port that is not Bolt.
    from neo4j.exceptions import ServiceUnavailable

    from innograph.graph.stores.neo4j import _unreachable_reason

    error = ServiceUnavailable("Couldn't connect to 127.0.0.1:7 (resolved to ('127.0.0.1:7',)):\nFailed to read four "
                               "byte Bolt handshake response from server ResolvedIPv4Address(('127.0.0.1', 7)) "
                               "(deadline Deadline(timeout=60.0))")
    assert _unreachable_reason(error) == "no Bolt answer (a stopped server, or not a Neo4j Bolt port)"


@pytest.mark.neo4j
def test_credentials_come_from_the_environment_and_one_driver_serves_a_process(neo4j_env):
    first, second = Neo4jStore(neo4j_env["uri"]), Neo4jStore(neo4j_env["uri"])
    assert first._driver is second._driver
    assert (first.username, first.database) == (neo4j_env["username"], neo4j_env["database"])


@pytest.mark.neo4j
def test_an_unknown_database_is_named(neo4j_env, monkeypatch):
    monkeypatch.setenv("NEO4J_DATABASE", "nosuchdb")
    with pytest.raises(StoreConnectionError, match=f"^Neo4j at {neo4j_env['uri']} has no database 'nosuchdb'; "
                                                   "check NEO4J_DATABASE$"):
        Neo4jStore(neo4j_env["uri"]).counts()


@pytest.mark.neo4j
def test_schema_constraints_and_name_indexes_exist_after_the_first_write(request):
    with open_neo4j(request) as store:
        store.upsert(plan_delta())
        # Equivalent ones created by someone else under other names count too (IF NOT EXISTS).
        rows = store.cypher("SHOW CONSTRAINTS YIELD labelsOrTypes, properties, type RETURN *")[1]
        indexes = store.cypher("SHOW INDEXES YIELD labelsOrTypes, properties WHERE properties = ['name'] "
                               "RETURN labelsOrTypes[0] AS label")[1]
        with pytest.raises(StoreError, match="already exists"):  # the uniqueness constraint holds
            store.cypher("CREATE (:Node {id: 'government:区科技局'})", write=True)
    constrained = {r["labelsOrTypes"][0] for r in rows if r["properties"] == ["id"] and r["type"] == "UNIQUENESS"}
    assert constrained == {"Node", "Source", "InnographLock", "Actor", "Task", "Target", "Achievement", "Industry", "Plan", "Place", "Program"}
    assert {r["label"] for r in indexes} == {"Actor", "Task", "Target", "Achievement", "Industry", "Plan", "Place", "Program"}


@pytest.mark.neo4j
def test_labels_types_and_properties_as_analysts_see_them(request):
    with open_neo4j(request) as store:
        store.upsert(plan_delta(extra_partner=True))
        _, rows = store.cypher("MATCH (n:Node) RETURN n.id AS id, labels(n) AS labels ORDER BY id")
        _, task = store.cypher("MATCH (t:Task) RETURN t.path AS path, t.order AS order, t.name AS name, t.sources AS sources")
        _, partners = store.cypher(
            "MATCH (e:Enterprise)-[:PARTNERS_WITH]->(u:University) RETURN e.name AS e, u.name AS u, u.city AS city")
    assert {r["id"]: sorted(r["labels"]) for r in rows} == {
        "enterprise:希尔安药业": ["Actor", "Enterprise", "Node"], "government:区科技局": ["Actor", "Government", "Node"],
        "institute:中国农业科学院": ["Actor", "Institute", "Node"], "university:西南大学": ["Actor", "Node", "University"],
        "task:plan/医药": ["Node", "Task"]}
    assert task == [{"path": ["三、主要任务", "2. 建设医药健康产业协同创新基地"], "order": 2,
                     "name": "建设医药健康产业协同创新基地", "sources": ["plan.txt"]}]
    assert partners == [{"e": "希尔安药业", "u": "西南大学", "city": "重庆"}]


@pytest.mark.neo4j
def test_cypher_values_become_plain_data(request):
    with open_neo4j(request) as store:
        store.upsert(plan_delta())
        keys, rows = store.cypher(
            "MATCH p = (g:Government)-[r:LEADS]->(t:Task) RETURN g, r, p, date('2024-05-27') AS day, $n + 1 AS n",
            {"n": 41})
    assert keys == ["g", "r", "p", "day", "n"]
    (row,) = rows
    government = {"labels": ["Actor", "Government", "Node"], "id": "government:区科技局", "name": "区科技局",
                  "aliases": ["科技局"], "kind": "government", "sources": ["plan.txt"]}
    leads = {"type": "LEADS", "start": "government:区科技局", "end": "task:plan/医药", "sources": ["plan.txt"]}
    assert row["g"] == government and row["r"] == leads
    assert row["p"][0] == government and row["p"][1] == leads and row["p"][2]["id"] == "task:plan/医药"
    assert (row["day"], row["n"]) == ("2024-05-27", 42)
    json.dumps(rows, ensure_ascii=False)  # JSON-able throughout


@pytest.mark.neo4j
def test_read_only_unless_write_and_syntax_errors_are_one_line(request):
    with open_neo4j(request) as store:
        with pytest.raises(QueryError, match="^the query writes to the graph; add --write"):
            store.cypher("CREATE (:Scratch {x: 1})")
        assert store.cypher("CREATE (s:Scratch {x: 1}) RETURN s.x AS x", write=True)[1] == [{"x": 1}]
        with pytest.raises(QueryError) as error:
            store.cypher("MATC (n) RETURN n")
    assert str(error.value).startswith("Cypher syntax error: Invalid input 'MATC'") and "\n" not in str(error.value)


@pytest.mark.neo4j
def test_a_load_fails_as_a_whole_when_it_fits_one_transaction(request):
    calls = []

    def fail_after_first_batch(done, total):
        calls.append((done, total))
        if len(calls) == 2:
            raise RuntimeError("stopped mid-load")

    with open_neo4j(request, batch_size=1) as store:
        store.upsert(plan_delta("a.txt"))
        before = state(store)
        store.progress = fail_after_first_batch
        with pytest.raises(RuntimeError, match="stopped mid-load"):
            store.upsert(plan_delta("a.txt", sha="v2", extra_partner=True), replace_source=True)
        store.progress = None
        assert state(store) == before
    assert calls[0][0] == 1 and calls[1][0] == 2


@pytest.mark.neo4j
def test_a_load_over_the_servers_transaction_memory_is_one_clear_error_not_retried(request, monkeypatch):
    """The server's transaction memory limit is a transient error the driver would retry in vain
    for max_retry_time; the load fails at once instead, naming the setting, and nothing is kept."""
    import time

    from neo4j.exceptions import Neo4jError

    from innograph.graph.stores.neo4j import Neo4jStore as Store

    def over_limit(store, plan, run):
        raise Neo4jError._hydrate_neo4j(code="Neo.TransientError.General.MemoryPoolOutOfMemoryError",
                                        message="refused in this test")

    with open_neo4j(request) as store:
        store.upsert(plan_delta("a.txt"))
        before = state(store)
        monkeypatch.setattr(Store, "_execute", over_limit)
        began = time.monotonic()
        with pytest.raises(StoreError, match=r"cannot hold this load in one transaction; raise its "
                                             r"dbms\.memory\.transaction\.total\.max"):
            store.upsert(plan_delta("b.txt", extra_partner=True))
        assert time.monotonic() - began < 5
        monkeypatch.undo()
        assert state(store) == before


@pytest.mark.neo4j
@pytest.mark.parametrize("replace", [False, True], ids=["adding", "replacing"])
def test_a_changed_source_stopped_mid_load_batch_by_batch_and_rerun_equals_a_clean_load(request, tmp_path, replace):
    """Stored evidence leaves out its source's current hash, so the Source node's hash must not
    change before the items written with the old one are rewritten: a load of new content
    stopped part-way (batch by batch) and run again gives what a clean run gives, also for
    what the source said before and this load leaves alone (without replace)."""
    from innograph.graph import Evidence

    def delta(sha, start, names, pairs):
        ev = [Evidence(source_id="a.txt", source_hash=sha, start=start, end=start + 2, quote="一句")]
        nodes = [Node.actor(n, "enterprise", evidence=ev) for n in names]
        ids = {n.name: n.id for n in nodes} | {n: Node.actor(n, "enterprise").id for _, n in pairs}
        return GraphDelta(source=Source(id="a.txt", sha256=sha), nodes=nodes,
                          edges=[Edge(source=ids[a], target=ids[b], type="PARTNERS_WITH", evidence=ev) for a, b in pairs])

    first = delta("h1", 1, ["甲", "乙", "丙"], [("甲", "乙"), ("乙", "丙")])
    second = delta("h2", 5, ["甲", "丁"], [("甲", "丁")])
    with SQLiteStore(tmp_path / "clean.db") as clean:
        clean.upsert(first)
        clean.upsert(second, replace_source=replace)
        expected = state(clean)
    calls = []

    def stop_at_first(done, total):
        calls.append(done)
        if len(calls) == 1:
            raise RuntimeError("stopped mid-load")

    with open_neo4j(request) as store:
        store.upsert(first)  # in one transaction: its evidence is stored without the hash
    with open_neo4j(request, batch_size=1, transaction_rows=1) as store:
        store.progress = stop_at_first
        with pytest.raises(RuntimeError):
            store.upsert(second, replace_source=replace)
        store.progress = None
        store.upsert(second, replace_source=replace)
        assert state(store) == expected


@pytest.mark.neo4j
def test_a_big_load_commits_in_batches_and_a_rerun_equals_a_clean_load(request, tmp_path):
    delta = plan_delta("a.txt", extra_partner=True)
    with SQLiteStore(tmp_path / "clean.db") as clean:
        clean.upsert(delta, replace_source=True)
        expected = state(clean)
    seen = []

    def stop_at_third(done, total):
        seen.append((done, total))
        if len(seen) == 3:
            raise RuntimeError("stopped mid-load")

    with open_neo4j(request, batch_size=2, transaction_rows=3, progress=stop_at_third) as store:
        with pytest.raises(RuntimeError):
            store.upsert(delta, replace_source=True)
        partial = store.counts()
        assert 0 < partial.nodes + partial.edges < 9  # some batches were committed, not all
        store.progress = lambda done, total: seen.append((done, total))
        stats = store.upsert(delta, replace_source=True)
        assert state(store) == expected
    assert seen[-1][0] == seen[-1][1]  # progress reached the total
    assert stats["nodes_added"] + stats["nodes_unchanged"] + stats["nodes_updated"] == 5


@pytest.mark.neo4j
@pytest.mark.parametrize("transaction_rows", [1000, 1], ids=["one transaction", "batch by batch"])
def test_relationships_at_stored_nodes_new_and_changed_equal_the_embedded_store(request, tmp_path, transaction_rows):
    """Relationships are written from list rows, by CREATE in one transaction and by MERGE
    batch by batch, named properties when they have none of their own: both must reach nodes
    only the store holds and overwrite a relationship another source wrote, its own
    properties added and later dropped."""
    a, b, c = (Node.actor(name, kind, evidence=[evidence("a.csv")]) for name, kind in
               (("甲公司", "enterprise"), ("乙大学", "university"), ("丙研究所", "institute")))
    first = GraphDelta(source=Source(id="a.csv", sha256="a" * 64), nodes=[a, b, c],
                       edges=[Edge(source=a.id, target=b.id, type="PARTNERS_WITH", evidence=[evidence("a.csv")])])
    b_source = Source(id="b.csv", sha256="b" * 64)
    # No nodes: every end is only in the store.
    second = GraphDelta(source=b_source, edges=[
        Edge(source=a.id, target=b.id, type="PARTNERS_WITH", properties={"role": "牵头"}, evidence=[evidence("b.csv")]),
        Edge(source=b.id, target=c.id, type="MEMBER_OF", evidence=[evidence("b.csv", 5)])])
    second_again = GraphDelta(source=b_source.model_copy(update={"sha256": "c" * 64}), edges=[
        Edge(source=a.id, target=b.id, type="PARTNERS_WITH", evidence=[evidence("b.csv", 9)])])
    with SQLiteStore(tmp_path / "expected.db") as embedded, \
            open_neo4j(request, batch_size=1, transaction_rows=transaction_rows) as server:
        for target in (embedded, server):
            target.upsert(first)
            target.upsert(second)
        assert state(server) == state(embedded)
        assert server.cypher("MATCH ()-[r:PARTNERS_WITH]->() RETURN r.role AS role, r.sources AS sources")[1] == [
            {"role": "牵头", "sources": ["a.csv", "b.csv"]}]
        for target in (embedded, server):
            target.upsert(second_again, replace_source=True)
        assert state(server) == state(embedded)
        assert server.cypher("MATCH ()-[r]->() RETURN type(r) AS type, r.role AS role, r.sources AS sources")[1] == [
            {"type": "PARTNERS_WITH", "role": None, "sources": ["a.csv", "b.csv"]}]
        # Removing b.csv rewrites a relationship a.csv keeps, whose ends b.csv never named as
        # nodes: in one transaction they are found by the element ids read with b.csv's relationships.
        for target in (embedded, server):
            target.remove_source("b.csv")
        assert state(server) == state(embedded)
        assert server.cypher("MATCH ()-[r]->() RETURN type(r) AS type, r.sources AS sources")[1] == [
            {"type": "PARTNERS_WITH", "sources": ["a.csv"]}]


@pytest.mark.neo4j
def test_open_store_chooses_neo4j_for_a_uri(neo4j_env, tmp_path):
    with open_store(str(tmp_path / "unused.db"), neo4j_env["uri"]) as store:
        assert isinstance(store, Neo4jStore)
        store.upsert(GraphDelta(source=Source(id="x", sha256="1"), nodes=[Node.actor("区财政局", "government")]))
        assert store.counts().by_kind == {"government": 1}
    assert not (tmp_path / "unused.db").exists()


def test_without_the_driver_the_error_names_the_install(monkeypatch):
    import sys

    from innograph.core.errors import MissingDependencyError

    monkeypatch.setitem(sys.modules, "neo4j", None)  # as if not installed
    monkeypatch.delitem(sys.modules, "innograph.graph.stores.neo4j")
    with pytest.raises(MissingDependencyError, match=r"^neo4j is not installed; install it with: "
                                                     r"pip install 'innograph\[neo4j\]'$"):
        open_store(None, "bolt://127.0.0.1:7687")


@pytest.mark.neo4j
def test_the_tests_never_empty_a_database_they_did_not_fill(neo4j_env):
    """A NEO4J_URI left pointing at real work while running the tests: the fixture refuses to
    empty a database with data that no test run marked, and empties a marked one."""
    from ..conftest import TEST_DATABASE_MARK, empty_neo4j

    with Neo4jStore(neo4j_env["uri"]) as store:
        store.cypher(f"DROP INDEX {TEST_DATABASE_MARK} IF EXISTS", write=True)
        store.cypher("CREATE (:Actor {id: 'enterprise:真实数据', name: '真实数据'})", write=True)
        with pytest.raises(pytest.fail.Exception, match="holds data that no innograph test run put there"):
            empty_neo4j(store, started_here=False)
        assert store.cypher("MATCH (n) RETURN count(n) AS n")[1] == [{"n": 1}]
        empty_neo4j(store, started_here=True)  # a server the tests started themselves
        assert store.cypher("MATCH (n) RETURN count(n) AS n")[1] == [{"n": 0}]
        store.cypher("CREATE (:Actor {id: 'enterprise:测试数据', name: '测试数据'})", write=True)
        empty_neo4j(store, started_here=False)  # marked now: a test database
        assert store.cypher("MATCH (n) RETURN count(n) AS n")[1] == [{"n": 0}]


def test_a_plan_writes_whole_items_in_one_row_shape_with_values_only_as_parameters():
    """A first load plans node batches ([id, properties]), then relationship batches ([src, dst,
    properties]), then the source record; no name or value of the delta appears in a query, and
    ``_contributions`` holds each source's record as the embedded store packs it."""
    from innograph.graph.stores.neo4j_plan import plan_load
    from innograph.graph.stores.base import EDGE, NODE, decode, records_of

    delta = plan_delta("a.txt", extra_partner=True)
    nodes, edges = records_of(NODE, delta.nodes), records_of(EDGE, delta.edges)
    plan = plan_load(lambda query, params: [], delta.source, "a.txt", nodes, edges, False, 2)
    writes = [b for b in plan.batches if b.rows]
    assert [b.query.split(" ")[5] for b in writes] == ["(n:Node"] * 5 + ["(a:Node"] * 3  # per label, per type
    assert plan.batches[-1].query.startswith("MERGE (s:Source") and plan.batches[-1].params["seq"] == 1
    assert plan.rows == 9 and plan.stats["nodes_added"] == 5 and plan.stats["edges_added"] == 4
    rows = [row for b in writes for row in b.params["rows"]]
    assert all(isinstance(row, list) and isinstance(row[-1], dict) and len(row) in (2, 3) for row in rows)
    assert repr(writes[0].params["rows"]) == f"<{writes[0].rows} rows>"
    names = {n.name for n in delta.nodes} | {"a.txt", "hash-a.txt"}
    assert not any(name in b.query for b in plan.batches for name in names)
    stored = {row[0]: decode(row[-1]["_contributions"]) for row in rows if len(row) == 2}
    assert stored["university:西南大学"] == {"a.txt": json.loads(json.dumps(nodes["university:西南大学"]))}
