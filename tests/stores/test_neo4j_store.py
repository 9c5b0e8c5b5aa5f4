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
def test_relationships_whose_ends_are_not_found_by_element_id_fail_the_load(request, monkeypatch):
    """In one transaction relationships find their ends by the element ids the load read or
    wrote. An element id that names no node must fail the load as a whole, not leave the
    relationship out."""
    from innograph.graph.stores.neo4j_writes import WritePlan

    with open_neo4j(request) as store:
        store.upsert(plan_delta("a.txt"))
        before = state(store)
        written = WritePlan.remember_element_ids
        monkeypatch.setattr(WritePlan, "remember_element_ids", lambda plan, records: written(
            plan, [(node_id, "4:00000000-0000-0000-0000-000000000000:999999") for node_id, _ in records]))
        with pytest.raises(StoreError, match=r"found the ends of 0 of \d+ relationships in a batch by element id"):
            store.upsert(plan_delta("a.txt", sha="v2", extra_partner=True), replace_source=True)
        monkeypatch.undo()
        assert state(store) == before


@pytest.mark.neo4j
@pytest.mark.parametrize("transaction_rows", [1000, 3], ids=["one transaction", "batch by batch"])
def test_nodes_are_written_while_the_edges_are_split_only_in_one_transaction(request, monkeypatch, transaction_rows):
    """A load that fits one transaction sends its node steps before it splits its edges, so the
    server writes while Python works; one that does not is planned whole first (its early
    writes would only be rolled back). Both give the same progress and result."""
    import innograph.graph.stores.neo4j as neo4j_store
    from innograph.graph.stores.neo4j_runner import StepRunner

    started: list[int] = []
    sent_when_split: list[int] = []
    start, split_edges = StepRunner.start, neo4j_store.split_edges
    monkeypatch.setattr(StepRunner, "start", lambda runner, plan: (started.append(len(plan.steps)), start(runner, plan)))
    monkeypatch.setattr(neo4j_store, "split_edges", lambda delta: (sent_when_split.append(sum(started)),
                                                                   split_edges(delta))[1])
    progress: list[tuple[int, int]] = []
    with open_neo4j(request, batch_size=2, transaction_rows=transaction_rows,
                    progress=lambda done, total: progress.append((done, total))) as store:
        stats = store.upsert(plan_delta("a.txt", extra_partner=True))
        assert stats["nodes_added"] == 5 and stats["edges_added"] == 4
        first, progress[:] = progress[:], []
        # Another source naming the same nodes and relationships reads the relationships after
        # its node steps were sent: they must have run first, and their progress waits until
        # the total is known.
        stats = store.upsert(plan_delta("b.txt"))
        assert stats["nodes_updated"] == 4 and stats["edges_updated"] == 3
    one_transaction = transaction_rows == 1000
    # Five node batches (one per label and kind), or nothing; each load planned once.
    assert sent_when_split[0] == (5 if one_transaction else 0) and len(sent_when_split) == 2
    for load in (first, progress):
        total = load[-1][1]
        assert [done for done, _ in load] == sorted({done for done, _ in load}) and load[-1][0] == total
        assert {t for _, t in load} == {total}  # the total never changes


@pytest.mark.neo4j
@pytest.mark.parametrize("code, fail_once, runners", [
    ("Neo.TransientError.General.MemoryPoolOutOfMemoryError", False, [True, True, False]),
    ("Neo.TransientError.Transaction.DeadlockDetected", True, [True, True]),
], ids=["over the memory limit", "a deadlock"])
def test_an_error_in_a_node_step_sent_during_planning_is_handled_as_in_a_later_step(
        request, monkeypatch, tmp_path, code, fail_once, runners):
    """The node steps sent while the edges are planned may fail; the planning read that waits
    for them then sees the error. Over the server's transaction memory limit the load is planned
    again and done batch by batch (not retried in vain); after a deadlock the driver retries the
    whole load, planned afresh, in one transaction."""
    import time

    from neo4j.exceptions import Neo4jError

    import innograph.graph.stores.neo4j as neo4j_store

    failed: list[str] = []
    one_transaction_of_runners: list[bool] = []

    class FailingInOneTransaction(neo4j_store.StepRunner):
        def __init__(self, execute, *, one_transaction, **options):
            def failing(query, params):
                if query.startswith("UNWIND $rows AS row MERGE (n:") and not (fail_once and failed):  # a node write
                    failed.append(query)
                    raise Neo4jError._hydrate_neo4j(code=code, message="refused in this test")
                return execute(query, params)

            one_transaction_of_runners.append(one_transaction)
            super().__init__(failing if one_transaction else execute, one_transaction=one_transaction, **options)

    with SQLiteStore(tmp_path / "clean.db") as clean:
        clean.upsert(plan_delta("a.txt"))
        clean.upsert(plan_delta("b.txt"))
        expected = state(clean)
    with open_neo4j(request, batch_size=2) as store:
        store.upsert(plan_delta("a.txt"))
        monkeypatch.setattr(neo4j_store, "StepRunner", FailingInOneTransaction)
        began = time.monotonic()
        # b.txt names a.txt's relationships: reading them waits for the node steps sent before.
        store.upsert(plan_delta("b.txt"))
        assert failed and time.monotonic() - began < 5
        monkeypatch.undo()
        assert one_transaction_of_runners == runners
        assert state(store) == expected


@pytest.mark.neo4j
def test_a_load_shortens_the_thread_switch_interval_only_while_it_runs(request):
    """The writer thread gets the GIL back sooner while a load runs; afterwards, also after a
    failed load, the process has the interval it had."""
    import sys

    seen: list[float] = []
    before = sys.getswitchinterval()
    with open_neo4j(request, batch_size=2, progress=lambda done, total: seen.append(sys.getswitchinterval())) as store:
        store.upsert(plan_delta("a.txt"))
        assert seen and max(seen) <= 0.0005 < before
        assert sys.getswitchinterval() == before
        bad = plan_delta("a.txt", sha="v2")
        bad.edges.append(Edge(source="enterprise:希尔安药业", target="university:不存在大学", type="PARTNERS_WITH"))
        with pytest.raises(StoreError):
            store.upsert(bad)
        assert sys.getswitchinterval() == before


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


def test_rows_emptied_after_a_step_are_built_again_when_the_plan_runs_again():
    """A load too big for one transaction runs its plan a second time, batch by batch, after
    the first run emptied every batch it built (``Step.release``): the second run must send
    the same rows, and ``repr`` of a batch stays short."""
    from innograph.graph.stores.base import dedupe_delta
    from innograph.graph.stores.neo4j_writes import Rows, plan_write

    delta = plan_delta()
    nodes, edges = dedupe_delta(delta)
    plan = plan_write(lambda query, params: [], source=delta.source, source_id=delta.source.id,
                      nodes=nodes, edges=edges, replace=False, batch_size=2)
    first = []
    for step in plan.steps:
        params = step.params()
        first.append(json.loads(json.dumps(params)))
        step.release(params)
        built = [v for v in params.values() if isinstance(v, Rows)]
        if callable(step._params):
            assert built and all(v == [] for v in built)  # emptied once the server has them
    assert any(callable(step._params) for step in plan.steps)  # relationship rows are built lazily
    assert [json.loads(json.dumps(step.params())) for step in plan.steps] == first
    rows = next(v for step in plan.steps for v in step.params().values() if isinstance(v, Rows))
    assert repr(rows) == f"<{len(rows)} rows>"


def test_edges_set_aside_by_split_delta_are_written_as_the_merged_path_writes_them():
    """Edges named once and without properties skip the contribution step when a node of theirs
    is new (their rows are encoded as batches are sent); the statements, rows and counts must
    be exactly those the merged path plans, also for such edges between two stored nodes and
    for evidence quoting another source."""
    from innograph.graph import ActorKind, RelationType
    from innograph.graph.stores.base import dedupe_delta, split_delta
    from innograph.graph.stores.neo4j_writes import plan_write

    source = Source(id="s.txt", sha256="hash-s.txt")  # the hash its evidence quotes: left out when stored
    names = ["甲", "乙", "丙", "丁", "戊"]
    nodes = [Node.actor(n, ActorKind.ENTERPRISE, evidence=[evidence("s.txt", i)]) for i, n in enumerate(names)]
    a, b, c, d, e = (n.id for n in nodes)

    def edge(src, dst, i, other_source=False, **props):
        quoted = [evidence("s.txt", 10 + i, f"第{i}句")] + ([evidence("旧.txt", 99, "引\"文")] if other_source else [])
        return Edge(source=src, target=dst, type=RelationType.PARTNERS_WITH, properties=props, evidence=quoted)

    edges = [edge(a, b, 1), edge(b, c, 2), edge(b, c, 3), edge(a, c, 4, weight=2), edge(d, e, 5), edge(e, a, 6, True),
             Edge(source=c, target=a, type=RelationType.FUNDS)]
    delta = GraphDelta(source=source, nodes=nodes, edges=edges)
    stored = {d, e}  # 丁 and 戊 are in the store already, from another source

    def run(query, params):
        if "UNWIND $ids" in query and "_contributions" in query:
            body = {"old.txt": {"label": "Actor", "kind": "enterprise", "name": "x"}}
            return [{"id": i, "labels": ["Node", "Actor", "Enterprise"], "contributions": json.dumps(body)}
                    for i in params["ids"] if i in stored]
        return []

    def planned(plan):
        rows = sorted((step.query, json.dumps(row, ensure_ascii=False), json.dumps(step.params().get("sources")))
                      for step in plan.steps if step.rows for row in step.params().get("rows", []))
        return plan.stats, rows, sorted({(step.query, step.outside) for step in plan.steps})

    merged_nodes, merged_edges = dedupe_delta(delta)
    split_nodes, split_edges, plain = split_delta(delta)
    assert [(x.source, x.target) for x in plain] == [(a, b), (d, e), (e, a), (c, a)]
    common = dict(source=source, source_id="s.txt", replace=True, batch_size=2)
    merged = planned(plan_write(run, nodes=merged_nodes, edges=merged_edges, **common))
    split = planned(plan_write(run, nodes=split_nodes, edges=split_edges, plain_edges=plain, **common))
    assert split == merged
    assert merged[0]["edges_added"] == 6 and merged[0]["nodes_added"] == 3 and merged[0]["nodes_updated"] == 2
    contributions = '{"s.txt":{"evidence":[{"start":11,"end":14,"quote":"第1句"}]}}'
    assert json.dumps([a, b, contributions], ensure_ascii=False) in [row for _, row, _ in split[1]]


def test_stored_evidence_leaves_out_only_the_contributing_sources_current_hash():
    """``_contributions`` leaves out an evidence item's source and hash when they are the
    contributing source and its current hash; evidence of another source or of an older version
    keeps them, and text written before hashes were left out reads the same."""
    from innograph.graph.stores.neo4j_writes import decode_contributions, encode_contributions

    def ev(source_id, source_hash, start):
        return {"source_id": source_id, "source_hash": source_hash, "start": start, "end": start + 1, "quote": "句"}

    ends = ("enterprise:甲", "PARTNERS_WITH", "university:乙")
    body = {"src": ends[0], "dst": ends[2], "type": ends[1], "properties": {},
            "evidence": [ev("a.txt", "h2", 1), ev("a.txt", "h1", 5), ev("b.txt", "h2", 9)]}
    hashes = {"a.txt": "h2", "b.txt": "h9"}
    text = encode_contributions({"a.txt": body}, True, hashes)
    assert json.loads(text) == {"a.txt": {"evidence": [
        {"start": 1, "end": 2, "quote": "句"}, {"source_hash": "h1", "start": 5, "end": 6, "quote": "句"},
        {"source_id": "b.txt", "source_hash": "h2", "start": 9, "end": 10, "quote": "句"}]}}
    assert decode_contributions(text, hashes, ends) == {"a.txt": body}
    written_before = json.dumps({"a.txt": {"evidence": [{k: v for k, v in e.items() if k != "source_id" or v != "a.txt"}
                                                        for e in body["evidence"]]}})
    assert decode_contributions(written_before, hashes, ends) == {"a.txt": body}
