"""The Neo4j commands through the real CLI: cypher, push, pull, and errors users see."""

from __future__ import annotations

import csv
import io
import json

import pytest
from click.testing import CliRunner

from innograph.cli import cli
from innograph.graph import GraphDelta, Node, Source
from innograph.graph.stores import SQLiteStore

from ..graph.helpers import plan_delta
from .conftest import state
from .test_neo4j_store import free_port

pytest.importorskip("neo4j", reason="the neo4j driver is the optional extra innograph[neo4j]")
from innograph.graph.stores.neo4j import Neo4jStore  # noqa: E402

NO_NEO4J = {"NEO4J_URI": None}


def run(*args, env=None):
    return CliRunner().invoke(cli, [str(a) for a in args], env=env)


@pytest.fixture
def loaded_server(neo4j_env):
    with Neo4jStore(neo4j_env["uri"]) as store:
        store.upsert(plan_delta(extra_partner=True))
    return neo4j_env


def test_cypher_on_the_embedded_store_says_how_to_get_neo4j(db_path):
    result = run("--db", db_path, "cypher", "MATCH (n) RETURN n", env=NO_NEO4J)
    assert result.exit_code == 1
    assert result.stderr == ("Error: Cypher needs Neo4j; point innograph at a server with --neo4j bolt://HOST:7687 "
                             "or NEO4J_URI (see README)\n")


def test_server_down_is_one_line_with_exit_1(monkeypatch, db_path):
    monkeypatch.setenv("NEO4J_PASSWORD", "never-printed-pw")
    uri = f"bolt://127.0.0.1:{free_port()}"
    for command in (["stats"], ["cypher", "RETURN 1"], ["pull"]):
        result = run("--db", db_path, "--neo4j", uri, *command)
        assert result.exit_code == 1, command
        assert result.stderr == f"Error: cannot reach Neo4j at {uri}: connection refused; start it or check NEO4J_URI\n"
        assert "never-printed-pw" not in result.output


@pytest.mark.neo4j
def test_wrong_password_is_one_line_naming_the_uri_not_the_password(neo4j_env, db_path):
    # One attempt only: the server locks a user out for a while after three failed logins.
    result = run("--neo4j", neo4j_env["uri"], "stats", env={"NEO4J_PASSWORD": "Wrong-Pass-42"})
    assert result.exit_code == 1
    assert result.stderr == (f"Error: Neo4j at {neo4j_env['uri']} refused user 'neo4j': wrong user name or password; "
                             "check NEO4J_USERNAME and NEO4J_PASSWORD\n")
    assert "Wrong-Pass-42" not in result.output


@pytest.mark.neo4j
def test_no_password_set_says_so(neo4j_env):
    result = run("--neo4j", neo4j_env["uri"], "stats", env={"NEO4J_PASSWORD": None})
    assert result.exit_code == 1
    assert result.stderr == f"Error: Neo4j at {neo4j_env['uri']} asks user 'neo4j' for a password: set NEO4J_PASSWORD\n"


@pytest.mark.neo4j
def test_cypher_table_json_and_csv(loaded_server):
    query = ("MATCH (a:Actor)-[:PARTNERS_WITH]->(b:Actor) RETURN a.name AS actor, b.name AS partner, b.kind AS kind "
             "ORDER BY partner")
    table = run("cypher", query)
    assert table.exit_code == 0, table.output
    assert table.stdout.splitlines()[0].split() == ["actor", "partner", "kind"]
    assert "希尔安药业  中国农业科学院  institute" in table.stdout
    data = json.loads(run("cypher", query, "--format", "json").stdout)
    assert data == [{"actor": "希尔安药业", "partner": "中国农业科学院", "kind": "institute"},
                    {"actor": "希尔安药业", "partner": "西南大学", "kind": "university"}]
    rows = list(csv.reader(io.StringIO(run("cypher", query, "--format", "csv").stdout)))
    assert rows == [["actor", "partner", "kind"], ["希尔安药业", "中国农业科学院", "institute"],
                    ["希尔安药业", "西南大学", "university"]]
    nested = run("cypher", "MATCH (t:Task) RETURN t AS task, {n: 1, 名: '任务'} AS m, ['a', 'b'] AS l", "--format", "csv")
    (header, row) = list(csv.reader(io.StringIO(nested.stdout)))
    assert header == ["task", "m", "l"]
    assert json.loads(row[0])["name"] == "建设医药健康产业协同创新基地" and json.loads(row[1]) == {"n": 1, "名": "任务"}
    assert row[2] == "a|b"


@pytest.mark.neo4j
def test_cypher_params_nodes_and_empty_results(loaded_server):
    result = run("cypher", "MATCH (a:Actor {name: $name}) RETURN a, $n * 2 AS twice, $ids AS ids",
                 "--param", "name=区科技局", "--param", "n=21", "--param", 'ids=["x", 1]', "--format", "json")
    assert result.exit_code == 0, result.output
    (row,) = json.loads(result.stdout)
    assert row["a"]["labels"] == ["Actor", "Government", "Node"] and row["a"]["aliases"] == ["科技局"]
    assert (row["twice"], row["ids"]) == (42, ["x", 1])
    assert "_contributions" not in row["a"]
    none = run("cypher", "MATCH (a:Actor {name: $name}) RETURN a", "--param", "name=不存在", "--format", "json")
    assert json.loads(none.stdout) == []
    bad = run("cypher", "RETURN 1", "--param", "novalue")
    assert bad.exit_code == 1 and bad.stderr == "Error: --param 'novalue' is not NAME=VALUE, e.g. --param name=区科技局\n"


@pytest.mark.neo4j
def test_cypher_is_read_only_unless_write(loaded_server):
    refused = run("cypher", "MATCH (a:Actor {name: '区科技局'}) SET a.note = 'x'")
    assert refused.exit_code == 1
    assert refused.stderr == "Error: the query writes to the graph; add --write to run it in a write transaction\n"
    written = run("cypher", "MATCH (a:Actor {name: '区科技局'}) SET a.note = $v RETURN a.note AS note", "--write",
                  "--param", "v=已核对", "--format", "json")
    assert json.loads(written.stdout) == [{"note": "已核对"}]


@pytest.mark.neo4j
def test_cypher_syntax_error_is_one_line_from_the_server(loaded_server):
    result = run("cypher", "MATCH (n RETURN n")
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: Cypher syntax error: ") and result.stderr.count("\n") == 1


@pytest.mark.neo4j
def test_stats_and_export_read_the_same_from_both_stores(loaded_server, db_path, tmp_path):
    with SQLiteStore(db_path) as store:
        store.upsert(plan_delta(extra_partner=True))
    for fmt in ("json", "graphml"):
        a, b = tmp_path / f"embedded.{fmt}", tmp_path / f"neo4j.{fmt}"
        assert run("--db", db_path, "export", "--format", fmt, "--out", a, env=NO_NEO4J).exit_code == 0
        assert run("export", "--format", fmt, "--out", b).exit_code == 0
        assert a.read_bytes() == b.read_bytes()
    assert run("stats").stdout == run("--db", db_path, "stats", env=NO_NEO4J).stdout


@pytest.mark.neo4j
def test_push_then_pull_copies_contributions_and_checks_counts(neo4j_env, db_path, tmp_path):
    with SQLiteStore(db_path) as store:
        store.upsert(plan_delta("a.txt", extra_partner=True))
        store.upsert(GraphDelta(source=Source(id="b.csv", sha256="t1"),
                                nodes=[Node.actor("西南大学", "university", properties={"city": "Chongqing"})]))
        store.upsert(plan_delta("a.txt", sha="v2", extra_partner=True), replace_source=True)  # a.txt now loads last
        original = state(store)
    pushed = run("--db", db_path, "push", "--neo4j", neo4j_env["uri"], "--format", "json", env=NO_NEO4J)
    assert pushed.exit_code == 0, pushed.output
    rows = {r["count"]: (r["embedded"], r["neo4j"]) for r in json.loads(pushed.stdout)}
    assert rows["nodes"] == (5, 5) and rows["edges"] == (4, 4) and rows["sources"] == (2, 2)
    assert rows["kind university"] == (1, 1) and rows["type PARTNERS_WITH"] == (2, 2)
    assert "counts match" in pushed.stderr
    with Neo4jStore(neo4j_env["uri"]) as server:
        assert state(server) == original

    copy = tmp_path / "copy.db"
    pulled = run("--db", copy, "--neo4j", neo4j_env["uri"], "pull")  # --neo4j as the root option works too
    assert pulled.exit_code == 0, pulled.output
    with SQLiteStore(copy) as store:
        assert state(store) == original
        # The copy still knows who said what: removing a.txt leaves b.csv's university.
        assert store.remove_source("a.txt") == {"nodes_removed": 4, "edges_removed": 4}
        assert store.projection().nodes["university:西南大学"]["city"] == "Chongqing"


@pytest.mark.neo4j
def test_push_refuses_to_drop_sources_the_embedded_database_lacks(neo4j_env, db_path):
    with Neo4jStore(neo4j_env["uri"]) as server:
        server.upsert(plan_delta("only-on-server.txt"))
    with SQLiteStore(db_path) as store:
        store.upsert(plan_delta("a.txt"))
    refused = run("--db", db_path, "push", "--neo4j", neo4j_env["uri"], env=NO_NEO4J)
    assert refused.exit_code == 1
    assert refused.stderr == (f"Error: Neo4j at {neo4j_env['uri']} (database neo4j) (target) holds sources that "
                              f"embedded database {db_path} does not have (only-on-server.txt); add --clear to "
                              "replace the target's whole graph\n")
    cleared = run("--db", db_path, "push", "--neo4j", neo4j_env["uri"], "--clear", env=NO_NEO4J)
    assert cleared.exit_code == 0, cleared.output
    with Neo4jStore(neo4j_env["uri"]) as server:
        assert [s["id"] for s in server.sources()] == ["a.txt"]


def test_push_needs_a_server_and_an_embedded_database(db_path, tmp_path):
    no_server = run("--db", db_path, "push", env=NO_NEO4J)
    assert no_server.exit_code == 1
    assert no_server.stderr == "Error: push needs a Neo4j server: give --neo4j bolt://HOST:7687 or set NEO4J_URI\n"
    missing = tmp_path / "missing.db"
    no_db = run("--db", missing, "push", "--neo4j", "bolt://127.0.0.1:1", env=NO_NEO4J)
    assert no_db.stderr == f"Error: no embedded database at {missing}; load a plan first or choose one with --db\n"
