"""The embedded store: merge semantics, transactions, concurrent writers, projection filters."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from innograph.core.errors import StoreError
from innograph.graph import ActorKind, Edge, GraphDelta, Label, Node, ProjectionFilter, RelationType, Source
from innograph.graph.stores import SQLiteStore

from .helpers import evidence, plan_delta

DATA = Path(__file__).parent / "data"


def snapshot(path) -> list:
    conn = sqlite3.connect(path)
    try:
        return [conn.execute(f"SELECT * FROM {t} ORDER BY 1, 2").fetchall()
                for t in ("sources", "nodes", "held", "edges", "records")]
    finally:
        conn.close()


def test_upsert_twice_changes_nothing(db_path):
    with SQLiteStore(db_path) as store:
        first = store.upsert(plan_delta())
        before = snapshot(db_path)
        second = store.upsert(plan_delta())
    assert first["nodes_added"] == 4 and first["edges_added"] == 3
    assert second["nodes_unchanged"] == 4 and second["edges_unchanged"] == 3
    assert second["nodes_added"] == second["nodes_updated"] == 0
    assert snapshot(db_path) == before


@pytest.mark.parametrize("replace", [True, False])
def test_reload_with_same_hash_but_other_edge_ends_is_written(db_path, replace):
    # Packed records hold no ids or edge ends: a file read again with its edges reversed (e.g.
    # another column mapping) packs to the same bytes, and must still be written.
    a, b = Node.actor("甲公司", "enterprise"), Node.actor("乙大学", "university")
    source = Source(id="t.csv", sha256="same")
    with SQLiteStore(db_path) as store:
        store.upsert(GraphDelta(source=source, nodes=[a, b], edges=[Edge(source=a.id, target=b.id, type="FUNDS")]),
                     replace_source=True)
        store.upsert(GraphDelta(source=source, nodes=[a, b], edges=[Edge(source=b.id, target=a.id, type="FUNDS")]),
                     replace_source=replace)
        edges = set(store.projection().edges)
    expected = {(b.id, a.id, "FUNDS")} if replace else {(a.id, b.id, "FUNDS"), (b.id, a.id, "FUNDS")}
    assert edges == expected


def test_merge_unions_aliases_and_evidence_and_later_properties_win(db_path):
    with SQLiteStore(db_path) as store:
        store.upsert(plan_delta("a.txt"))
        other = GraphDelta(
            source=Source(id="b.csv", sha256="t1", kind="table"),
            nodes=[Node.actor("西南大学", "university", aliases=["西大"], properties={"city": "Chongqing"},
                              evidence=[evidence("b.csv", 5)])],
        )
        store.upsert(other)
        G = store.projection(ProjectionFilter(with_evidence=True))
    uni = G.nodes["university:西南大学"]
    assert uni["aliases"] == ["西大"]
    assert uni["city"] == "Chongqing"
    assert uni["sources"] == ["a.txt", "b.csv"]
    assert [e["source_id"] for e in uni["evidence"]] == ["a.txt", "b.csv"]


def test_reloading_a_changed_source_replaces_only_its_own_contributions(db_path):
    with SQLiteStore(db_path) as store:
        store.upsert(plan_delta("a.txt", extra_partner=True), replace_source=True)
        store.upsert(GraphDelta(source=Source(id="b.csv", sha256="t1"),
                                nodes=[Node.actor("西南大学", "university", evidence=[evidence("b.csv")])]))
        stats = store.upsert(plan_delta("a.txt", sha="v2"), replace_source=True)
        G = store.projection()
    assert stats["nodes_removed"] == 1 and stats["edges_removed"] == 1
    assert "institute:中国农业科学院" not in G
    assert G.nodes["university:西南大学"]["sources"] == ["b.csv", "a.txt"]


def test_remove_source_keeps_what_other_sources_said(db_path):
    with SQLiteStore(db_path) as store:
        store.upsert(plan_delta("a.txt"))
        store.upsert(GraphDelta(source=Source(id="b.csv", sha256="t1"),
                                nodes=[Node.actor("西南大学", "university", evidence=[evidence("b.csv")])]))
        removed = store.remove_source("a.txt")
        counts = store.counts()
    assert removed == {"nodes_removed": 3, "edges_removed": 3}
    assert counts.nodes == 1 and counts.edges == 0 and counts.sources == 1


def test_failed_load_leaves_the_store_exactly_as_it_was(db_path):
    with SQLiteStore(db_path) as store:
        store.upsert(plan_delta("a.txt"))
        before = snapshot(db_path)
        bad = plan_delta("a.txt", sha="v2", extra_partner=True)
        bad.edges.append(Edge(source="enterprise:希尔安药业", target="university:不存在大学", type="PARTNERS_WITH"))
        with pytest.raises(StoreError, match="不存在大学"):
            store.upsert(bad, replace_source=True)
    assert snapshot(db_path) == before


_WRITER = """
import sys
from innograph.graph import Edge, GraphDelta, Node, Source
from innograph.graph.stores import SQLiteStore
path, prefix, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
with SQLiteStore(path) as store:
    for i in range(n):
        nodes = [Node.actor(f"{prefix}企业{i}", "enterprise"), Node.actor("共享大学", "university")]
        edges = [Edge(source=nodes[0].id, target=nodes[1].id, type="PARTNERS_WITH")]
        store.upsert(GraphDelta(source=Source(id=f"{prefix}-{i}.csv", sha256=f"{prefix}{i}"), nodes=nodes, edges=edges))
"""


def test_two_processes_loading_at_once_both_succeed(db_path):
    SQLiteStore(db_path).close()
    procs = [subprocess.Popen([sys.executable, "-c", _WRITER, str(db_path), p, "40"], stderr=subprocess.PIPE)
             for p in ("甲", "乙")]
    errors = [p.communicate(timeout=120)[1].decode() for p in procs]
    assert [p.returncode for p in procs] == [0, 0], errors
    with SQLiteStore(db_path) as store:
        counts = store.counts()
        G = store.projection()
    assert counts.nodes == 81 and counts.edges == 80 and counts.sources == 80
    assert len(G.nodes["university:共享大学"]["sources"]) == 80


def test_projection_filters_read_only_what_they_keep(db_path):
    with SQLiteStore(db_path) as store:
        store.upsert(plan_delta(extra_partner=True))
        actors = store.projection(ProjectionFilter(labels={Label.ACTOR}))
        ent_uni = store.projection(ProjectionFilter(kinds={ActorKind.ENTERPRISE, ActorKind.UNIVERSITY},
                                                    labels={Label.ACTOR}))
        partners = store.projection(ProjectionFilter(relation_types={RelationType.PARTNERS_WITH}))
        plain = store.projection()
    assert set(actors) == {"government:区科技局", "university:西南大学", "enterprise:希尔安药业", "institute:中国农业科学院"}
    assert actors.number_of_edges() == 2  # only actor-actor edges survive without the task
    assert set(ent_uni) == {"university:西南大学", "enterprise:希尔安药业"}
    assert list(ent_uni.edges(keys=True)) == [("enterprise:希尔安药业", "university:西南大学", "PARTNERS_WITH")]
    assert {k for _, _, k in partners.edges(keys=True)} == {"PARTNERS_WITH"}
    assert partners.number_of_nodes() == 5
    assert "evidence" not in plain.nodes["government:区科技局"]
    assert plain.nodes["task:plan/医药"]["path"] == ["三、主要任务", "2. 建设医药健康产业协同创新基地"]


def test_not_a_database_is_a_clear_error(tmp_path):
    bogus = tmp_path / "notes.db"
    bogus.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StoreError, match="is not an innograph database"):
        SQLiteStore(bogus)
    with pytest.raises(StoreError, match="does not exist"):
        SQLiteStore(tmp_path / "missing" / "x.db")


@pytest.mark.parametrize("content", [b"x", "会议纪要\n".encode(), b"SQLite format 2\x00" + b"\x00" * 200])
def test_a_small_file_that_is_not_a_database_is_left_alone(tmp_path, content):
    """SQLite alone would make a new database of a file under 100 bytes."""
    notes = tmp_path / "notes.txt"
    notes.write_bytes(content)
    with pytest.raises(StoreError, match=r"notes.txt is not an innograph database \(not an SQLite file\); "):
        SQLiteStore(notes)
    assert notes.read_bytes() == content
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]


def _actor_delta(source_id: str, sha: str, actors: dict[str, dict]) -> GraphDelta:
    nodes = [Node.actor(name, ActorKind.ENTERPRISE, properties=props, evidence=[evidence(source_id)])
             for name, props in actors.items()]
    return GraphDelta(source=Source(id=source_id, sha256=sha), nodes=nodes)


def test_new_content_moves_a_source_last_for_items_the_load_does_not_name_again(db_path):
    """Later sources win: a source reloaded with new content (without replacing) merges last,
    also for what it said before and does not repeat."""
    with SQLiteStore(db_path) as store:
        store.upsert(_actor_delta("a.txt", "v1", {"甲公司": {"staff": 10}, "乙公司": {}}))
        store.upsert(_actor_delta("b.txt", "v1", {"甲公司": {"staff": 20}}))
        assert store.projection().nodes["enterprise:甲公司"]["staff"] == 20
        store.upsert(_actor_delta("a.txt", "v2", {"乙公司": {"city": "重庆"}}))
        node = store.projection().nodes["enterprise:甲公司"]
    assert node["staff"] == 10
    assert node["sources"] == ["b.txt", "a.txt"]


@pytest.mark.parametrize("fixture, version", [("schema3.db", 3), ("schema4.db", 4)])
def test_a_file_of_an_unreleased_schema_is_refused_untouched(db_path, fixture, version):
    """Files written by development versions (commits 7012d86 and 0047e7b) are not upgraded."""
    shutil.copy(DATA / fixture, db_path)
    before = _dump(db_path)
    with pytest.raises(StoreError, match=f"has schema version {version}, this innograph needs 6; load its files "
                                         "again into a new --db$"):
        SQLiteStore(db_path)
    assert _dump(db_path) == before


def _dump(path) -> list[str]:
    conn = sqlite3.connect(path)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


def test_projection_graph_is_the_graph_networkx_builds(db_path):
    """The projection fills networkx's adjacency directly; it must equal add_nodes_from /
    add_edges_from's graph, edge order included (ids with "|" take the string-order path)."""
    import networkx as nx

    for extra in ("", "|管"):
        db = db_path.with_name(f"graph{len(extra)}.db")
        ev = evidence("x.txt")
        names = [f"甲{extra}", "甲乙", "甲 ", f"abc{extra}", "abcd", "乙"]
        nodes = [Node.actor(n, ActorKind.ENTERPRISE, evidence=[ev]) for n in names]
        edges = [Edge(source=a.id, target=b.id, type=t, evidence=[ev], properties={"w": i} if i % 3 else {})
                 for i, (a, b, t) in enumerate((a, b, t) for a in nodes for b in nodes
                                               for t in (RelationType.PARTNERS_WITH, RelationType.PART_OF))]
        with SQLiteStore(db) as store:
            store.upsert(GraphDelta(source=Source(id=f"x{extra}.txt", sha256="1"), nodes=nodes, edges=edges))
            G = store.projection()
        H = nx.MultiDiGraph()
        H.add_nodes_from(G.nodes(data=True))
        H.add_edges_from(sorted(G.edges(keys=True, data=True), key=lambda e: f"{e[0]}|{e[2]}|{e[1]}"))
        assert list(G.nodes(data=True)) == list(H.nodes(data=True))
        assert list(G.edges(keys=True, data=True)) == list(H.edges(keys=True, data=True))
        assert dict(G.pred) == dict(H.pred) and dict(G.succ) == dict(H.succ)
        assert G.number_of_edges() == len({(e.source, e.type, e.target) for e in edges})
        G.edges[nodes[0].id, nodes[1].id, "PARTNERS_WITH"]["sources"].append("changed")
        assert G.edges[nodes[0].id, nodes[2].id, "PARTNERS_WITH"]["sources"] == [f"x{extra}.txt"]


def test_opening_a_file_another_process_keeps_locked_says_so(db_path):
    """E.g. another process holding a long write transaction: not "not an innograph database"."""
    with SQLiteStore(db_path) as store:
        store.upsert(plan_delta())
    other = sqlite3.connect(db_path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        with pytest.raises(StoreError, match=r"is locked by another process \(database is locked\); try again$"):
            SQLiteStore(db_path, timeout=0.2)
    finally:
        other.execute("ROLLBACK")
        other.close()


def _stored_with_schema_version(db_path, version: str) -> list:
    """A loaded database whose meta table then says ``version``; returns its snapshot."""
    with SQLiteStore(db_path) as store:
        store.upsert(plan_delta())
    conn = sqlite3.connect(db_path)
    conn.execute("UPDATE meta SET value=? WHERE key='schema_version'", (version,))
    conn.commit()
    conn.close()
    return snapshot(db_path)


@pytest.mark.parametrize(("version", "remedy"), [("5", "load its files again into a new --db"),
                                                 ("7", "use the newer innograph that wrote it")])
def test_a_file_of_another_schema_version_is_refused_untouched(db_path, version, remedy):
    before = _stored_with_schema_version(db_path, version)
    with pytest.raises(StoreError, match=f"has schema version {version}, this innograph needs 6; {remedy}$"):
        SQLiteStore(db_path)
    assert snapshot(db_path) == before


def test_property_values_round_trip_exactly(db_path):
    """Row JSON is written by orjson, with the standard library for what orjson cannot encode."""
    props = {"big": 2**70, "ratio": 1e-7, "flag": True, "none": None, "text": "第一\n\"引号\"\u2028", "list": [1, 2.5]}
    node = Node.actor("甲公司", ActorKind.ENTERPRISE, properties=props, evidence=[evidence("p.txt")])
    with SQLiteStore(db_path) as store:
        store.upsert(GraphDelta(source=Source(id="p.txt", sha256="1"), nodes=[node]))
        attrs = store.projection().nodes[node.id]
        again = store.upsert(GraphDelta(source=Source(id="p.txt", sha256="1"), nodes=[node]))
    assert {k: attrs[k] for k in props} == props
    assert type(attrs["ratio"]) is float and type(attrs["big"]) is int
    assert again["nodes_unchanged"] == 1


def test_a_schema_version_that_is_not_a_number_is_one_line(db_path):
    before = _stored_with_schema_version(db_path, "x1")
    with pytest.raises(StoreError, match=r"has schema version 'x1', which is not a number; .*choose another --db path$"):
        SQLiteStore(db_path)
    assert snapshot(db_path) == before


def test_an_unreadable_file_is_one_line(tmp_path, monkeypatch):
    """(Tests run as root here, which reads any file; the failure is simulated.)"""
    locked = tmp_path / "locked.db"
    locked.write_bytes(b"SQLite format 3\x00")
    real_open = type(locked).open

    def refuse(self, *args, **kwargs):
        if self == locked:
            raise PermissionError(13, "Permission denied", str(self))
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(type(locked), "open", refuse)
    with pytest.raises(StoreError, match=r"^cannot read .*locked\.db: Permission denied$"):
        SQLiteStore(locked)


def test_a_store_that_saw_every_node_still_sees_another_connections_nodes(db_path):
    """From an empty database on, a store knows every node it wrote and looks none up. A node
    of a load that failed must be forgotten, and a node another connection added meanwhile must
    still be found, not added a second time."""
    first = _actor_delta("a.txt", "1", {"甲公司": {"staff": 1}})
    with SQLiteStore(db_path) as store, SQLiteStore(db_path) as other:
        store.upsert(first)
        failed = _actor_delta("d.txt", "1", {"丁公司": {}})
        failed.edges.append(Edge(source="enterprise:丁公司", target="enterprise:无此公司", type=RelationType.PARTNERS_WITH,
                                 evidence=[evidence("d.txt")]))
        with pytest.raises(StoreError, match="neither in this load nor in the store"):
            store.upsert(failed)  # rolled back while the store knew every node
        again = store.upsert(_actor_delta("e.txt", "1", {"丁公司": {}}))
        other.upsert(_actor_delta("b.txt", "1", {"乙公司": {"city": "重庆"}}))
        result = store.upsert(_actor_delta("c.txt", "1", {"乙公司": {"staff": 2}, "丙公司": {}}))
        G = store.projection()
    assert again["nodes_added"] == 1
    assert result["nodes_added"] == 1 and result["nodes_updated"] == 1
    assert G.nodes["enterprise:乙公司"]["city"] == "重庆" and G.nodes["enterprise:乙公司"]["staff"] == 2
    assert G.nodes["enterprise:丁公司"]["sources"] == ["e.txt"]
    assert G.number_of_nodes() == 4


def test_an_item_named_twice_in_one_load_merges_both_records(db_path):
    """records_of builds a dict; a node or edge named twice must merge its two records (aliases
    and evidence of both, the later property values), not keep only one of them."""
    first, second = evidence("t.csv", 0, "甲公司"), evidence("t.csv", 9, "甲公司二")
    a = [Node.actor("甲公司", ActorKind.ENTERPRISE, aliases=["甲司"], properties={"staff": 1, "city": "重庆"},
                    evidence=[first]),
         Node.actor("甲公司", ActorKind.ENTERPRISE, aliases=["甲企"], properties={"staff": 2}, evidence=[second])]
    b = Node.actor("乙大学", ActorKind.UNIVERSITY, evidence=[first])
    edges = [Edge(source=a[0].id, target=b.id, type=RelationType.PARTNERS_WITH, properties={"year": 2020, "w": 1},
                  evidence=[first]),
             Edge(source=a[0].id, target=b.id, type=RelationType.PARTNERS_WITH, properties={"year": 2021},
                  evidence=[second])]
    with SQLiteStore(db_path) as store:
        result = store.upsert(GraphDelta(source=Source(id="t.csv", sha256="1"), nodes=[*a, b], edges=edges))
        G = store.projection(ProjectionFilter(with_evidence=True))
    assert result["nodes_added"] == 2 and result["edges_added"] == 1
    node = G.nodes[a[0].id]
    assert sorted(node["aliases"]) == ["甲企", "甲司"]
    assert (node["staff"], node["city"]) == (2, "重庆")
    assert [e["start"] for e in node["evidence"]] == [0, 9]
    edge = G.edges[a[0].id, b.id, "PARTNERS_WITH"]
    assert (edge["year"], edge["w"]) == (2021, 1)
    assert [e["start"] for e in edge["evidence"]] == [0, 9]
