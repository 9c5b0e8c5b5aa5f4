"""The store contract: the same behaviour from the embedded store and from Neo4j."""

from __future__ import annotations

import pytest

from innograph.core.errors import StoreError
from innograph.graph import ActorKind, Edge, GraphDelta, Label, Node, ProjectionFilter, RelationType, Source

from ..graph.helpers import evidence, plan_delta
from .conftest import state

NO_CHANGE = {"nodes_added": 0, "nodes_updated": 0, "nodes_removed": 0, "edges_added": 0, "edges_updated": 0,
             "edges_removed": 0}


def table_delta(source_id: str = "b.csv", sha: str = "t1", **uni_fields) -> GraphDelta:
    uni = Node.actor("西南大学", "university", evidence=[evidence(source_id, 5)], **uni_fields)
    return GraphDelta(source=Source(id=source_id, sha256=sha, kind="table"), nodes=[uni])


def test_loading_the_same_delta_twice_changes_nothing(store):
    first = store.upsert(plan_delta(extra_partner=True))
    before = state(store)
    second = store.upsert(plan_delta(extra_partner=True))
    third = store.upsert(plan_delta(extra_partner=True), replace_source=True)
    assert first == {**NO_CHANGE, "nodes_added": 5, "edges_added": 4, "nodes_unchanged": 0, "edges_unchanged": 0}
    assert second == third == {**NO_CHANGE, "nodes_unchanged": 5, "edges_unchanged": 4}
    assert state(store) == before


def test_merge_unions_aliases_and_evidence_and_later_sources_win(store):
    store.upsert(plan_delta("a.txt"))
    stats = store.upsert(table_delta(aliases=["西大"], properties={"city": "Chongqing", "rank": 3}))
    G = store.projection(ProjectionFilter(with_evidence=True))
    uni = G.nodes["university:西南大学"]
    assert stats["nodes_updated"] == 1 and stats["nodes_added"] == 0
    assert uni["aliases"] == ["西大"]
    assert (uni["city"], uni["rank"]) == ("Chongqing", 3)
    assert uni["sources"] == ["a.txt", "b.csv"]
    assert [(e["source_id"], e["start"]) for e in uni["evidence"]] == [("a.txt", 0), ("b.csv", 5)]
    dept = G.nodes["government:区科技局"]
    assert dept["aliases"] == ["科技局"] and dept["kind"] == "government" and dept["sources"] == ["a.txt"]
    assert "kind" not in G.nodes["task:plan/医药"]


def test_a_source_loaded_again_without_replace_adds_to_what_it_said(store):
    store.upsert(table_delta(aliases=["西大"], properties={"city": "重庆"}))
    store.upsert(table_delta(aliases=["SWU"], properties={"rank": 1}))
    uni = store.projection().nodes["university:西南大学"]
    assert uni["aliases"] == ["西大", "SWU"]
    assert (uni["city"], uni["rank"]) == ("重庆", 1)


def test_a_changed_source_moves_to_the_end_of_the_load_order(store):
    store.upsert(table_delta("a.csv", "1", properties={"city": "A"}))
    store.upsert(table_delta("b.csv", "1", properties={"city": "B"}))
    assert store.projection().nodes["university:西南大学"]["city"] == "B"
    # Same content again: a.csv keeps its place, b.csv still wins.
    store.upsert(table_delta("a.csv", "1", properties={"city": "A"}), replace_source=True)
    assert store.projection().nodes["university:西南大学"]["city"] == "B"
    # New content (same contribution for this node): a.csv is now the latest and wins.
    store.upsert(table_delta("a.csv", "2", properties={"city": "A"}), replace_source=True)
    uni = store.projection().nodes["university:西南大学"]
    assert (uni["city"], uni["sources"]) == ("A", ["b.csv", "a.csv"])
    assert [s["id"] for s in store.sources()] == ["b.csv", "a.csv"]


def test_reloading_a_changed_source_replaces_only_its_own_contributions(store):
    store.upsert(plan_delta("a.txt", extra_partner=True), replace_source=True)
    store.upsert(table_delta())
    stats = store.upsert(plan_delta("a.txt", sha="v2"), replace_source=True)
    G = store.projection()
    assert stats == {**NO_CHANGE, "nodes_unchanged": 4, "edges_unchanged": 3, "nodes_removed": 1, "edges_removed": 1}
    assert "institute:中国农业科学院" not in G
    assert G.nodes["university:西南大学"]["sources"] == ["b.csv", "a.txt"]
    assert store.counts().sources == 2


def test_replacing_keeps_other_sources_edges_at_nodes_it_still_has(store):
    store.upsert(plan_delta("a.txt"))
    other = GraphDelta(source=Source(id="b.csv", sha256="t1"),
                       nodes=[Node.actor("重庆大学", "university")],
                       edges=[Edge(source="university:重庆大学", target="enterprise:希尔安药业", type="PARTNERS_WITH")])
    store.upsert(other)
    store.upsert(plan_delta("a.txt", sha="v2"), replace_source=True)
    G = store.projection()
    assert G.has_edge("university:重庆大学", "enterprise:希尔安药业", "PARTNERS_WITH")


def test_remove_source_keeps_what_other_sources_said_and_drops_dangling_edges(store):
    store.upsert(plan_delta("a.txt"))
    store.upsert(table_delta())
    store.upsert(GraphDelta(source=Source(id="c.csv", sha256="t2"),
                            edges=[Edge(source="enterprise:希尔安药业", target="university:西南大学", type="FUNDS")]))
    removed = store.remove_source("a.txt")
    counts = store.counts()
    # 3 of a.txt's nodes go; its 3 edges go, and c.csv's FUNDS edge goes with its enterprise.
    assert removed == {"nodes_removed": 3, "edges_removed": 4}
    assert (counts.nodes, counts.edges, counts.sources) == (1, 0, 2)
    assert store.remove_source("never-loaded.txt") == {"nodes_removed": 0, "edges_removed": 0}
    assert [s["id"] for s in store.sources()] == ["b.csv", "c.csv"]


def test_counts_by_label_kind_and_type(store):
    store.upsert(plan_delta(extra_partner=True))
    counts = store.counts()
    assert (counts.nodes, counts.edges, counts.sources) == (5, 4, 1)
    assert counts.by_label == {"Actor": 4, "Task": 1}
    assert counts.by_kind == {"enterprise": 1, "government": 1, "institute": 1, "university": 1}
    assert counts.by_type == {"LEADS": 1, "PARTICIPATES_IN": 1, "PARTNERS_WITH": 2}
    assert store.sources() == [{"id": "plan.txt", "path": "plan.txt", "sha256": "v1", "title": "方案",
                                "kind": "document"}]


def test_projection_filters_read_only_what_they_keep(store):
    store.upsert(plan_delta(extra_partner=True))
    actors = store.projection(ProjectionFilter(labels={Label.ACTOR}))
    ent_uni = store.projection(ProjectionFilter(kinds={ActorKind.ENTERPRISE, ActorKind.UNIVERSITY}))
    partners = store.projection(ProjectionFilter(relation_types={RelationType.PARTNERS_WITH}))
    tasks_and_gov = store.projection(ProjectionFilter(labels={Label.TASK, Label.ACTOR}, kinds={ActorKind.GOVERNMENT},
                                                      relation_types={RelationType.LEADS, RelationType.PARTNERS_WITH}))
    plain = store.projection()
    assert set(actors) == {"government:区科技局", "university:西南大学", "enterprise:希尔安药业", "institute:中国农业科学院"}
    assert actors.number_of_edges() == 2
    # kinds keep non-actors: the task stays with the enterprise and the university
    assert set(ent_uni) == {"university:西南大学", "enterprise:希尔安药业", "task:plan/医药"}
    assert sorted(ent_uni.edges(keys=True)) == [("enterprise:希尔安药业", "task:plan/医药", "PARTICIPATES_IN"),
                                                ("enterprise:希尔安药业", "university:西南大学", "PARTNERS_WITH")]
    assert {k for _, _, k in partners.edges(keys=True)} == {"PARTNERS_WITH"} and partners.number_of_edges() == 2
    assert partners.number_of_nodes() == 5
    assert list(tasks_and_gov.edges(keys=True)) == [("government:区科技局", "task:plan/医药", "LEADS")]
    assert "evidence" not in plain.nodes["government:区科技局"]
    assert "evidence" not in plain.edges["government:区科技局", "task:plan/医药", "LEADS"]
    assert plain.nodes["task:plan/医药"] == {
        "label": "Task", "name": "建设医药健康产业协同创新基地", "aliases": [], "sources": ["plan.txt"],
        "path": ["三、主要任务", "2. 建设医药健康产业协同创新基地"], "order": 2}
    assert plain.edges["government:区科技局", "task:plan/医药", "LEADS"] == {"type": "LEADS", "sources": ["plan.txt"]}


def test_evidence_in_the_projection(store):
    store.upsert(plan_delta("a.txt"))
    G = store.projection(ProjectionFilter(with_evidence=True, relation_types={RelationType.LEADS}))
    expected = [{"source_id": "a.txt", "source_hash": "hash-a.txt", "start": 0, "end": 2, "quote": "句子"}]
    assert G.nodes["government:区科技局"]["evidence"] == expected
    assert G.edges["government:区科技局", "task:plan/医药", "LEADS"]["evidence"] == expected


def test_a_failed_load_leaves_the_store_exactly_as_it_was(store):
    store.upsert(plan_delta("a.txt"))
    store.upsert(table_delta())
    before = state(store)
    bad = plan_delta("a.txt", sha="v2", extra_partner=True)
    bad.edges.append(Edge(source="enterprise:希尔安药业", target="university:不存在大学", type="PARTNERS_WITH"))
    with pytest.raises(StoreError, match="an edge refers to node 'university:不存在大学', which is neither in this "
                                         "load nor in the store"):
        store.upsert(bad, replace_source=True)
    assert state(store) == before


def test_an_edge_to_a_node_the_reload_drops_is_refused(store):
    store.upsert(plan_delta("a.txt", extra_partner=True))
    before = state(store)
    smaller = plan_delta("a.txt", sha="v2")
    smaller.edges.append(Edge(source="enterprise:希尔安药业", target="institute:中国农业科学院", type="FUNDS"))
    with pytest.raises(StoreError, match="中国农业科学院"):
        store.upsert(smaller, replace_source=True)
    assert state(store) == before


def test_label_and_kind_follow_the_latest_source(store):
    ev = [evidence("x")]
    store.upsert(GraphDelta(source=Source(id="a", sha256="1"), nodes=[Node(id="n1", label="Industry", name="汽车", evidence=ev),
                                                                     Node(id="n2", label="Actor", kind="enterprise",
                                                                          name="某集团", evidence=ev)]))
    store.upsert(GraphDelta(source=Source(id="b", sha256="1"), nodes=[Node(id="n1", label="Place", name="汽车城"),
                                                                     Node(id="n2", label="Actor", kind="platform",
                                                                          name="某集团")]))
    G = store.projection()
    assert (G.nodes["n1"]["label"], G.nodes["n1"]["name"]) == ("Place", "汽车城")
    assert G.nodes["n2"]["kind"] == "platform"
    assert store.counts().by_label == {"Actor": 1, "Place": 1}
    assert store.counts().by_kind == {"platform": 1}
    assert set(store.projection(ProjectionFilter(kinds={ActorKind.ENTERPRISE}, labels={Label.ACTOR}))) == set()
    store.remove_source("b")
    G = store.projection()
    assert (G.nodes["n1"]["label"], G.nodes["n2"]["kind"]) == ("Industry", "enterprise")
    assert store.counts().by_label == {"Actor": 1, "Industry": 1}


INJECTION_NAMES = [
    "'}) DETACH DELETE n //",
    '"}) MATCH (m) DETACH DELETE m RETURN 1 //',
    "`Actor` {x: 1}",
    "MATCH (n) RETURN n; DROP CONSTRAINT innograph_node_id",
    "{$id}",
    "区科技局\n（牵头）\t\\ 'quoted' \"double\"",
    "$rows",
]


def test_names_that_look_like_cypher_round_trip_unchanged(store):
    source = Source(id="'); DROP TABLE sources; -- `x`", sha256="s'1", title="{title}")
    nodes = [Node(id=f"enterprise:{name}", label="Actor", kind="enterprise", name=name, aliases=[name + "`"],
                  properties={"note": name, "it's `odd` {key}": [name]}, evidence=[evidence(source.id, quote=name)])
             for name in INJECTION_NAMES]
    edges = [Edge(source=nodes[i].id, target=nodes[i + 1].id, type="PARTNERS_WITH", properties={"via": name})
             for i, name in enumerate(INJECTION_NAMES[:-1])]
    store.upsert(GraphDelta(source=source, nodes=nodes, edges=edges))
    G = store.projection(ProjectionFilter(with_evidence=True))
    assert store.counts().nodes == len(INJECTION_NAMES) and store.counts().edges == len(edges)
    for name in INJECTION_NAMES:
        node = G.nodes[f"enterprise:{name}"]
        assert (node["name"], node["aliases"], node["note"], node["it's `odd` {key}"]) == (name, [name + "`"], name, [name])
        assert node["evidence"][0]["quote"] == name
    assert [d["via"] for _, _, d in sorted(G.edges(data=True), key=lambda e: INJECTION_NAMES.index(e[0][11:]))] == \
        INJECTION_NAMES[:-1]
    assert store.sources()[0]["id"] == source.id and store.sources()[0]["title"] == "{title}"
    assert store.remove_source(source.id) == {"nodes_removed": len(INJECTION_NAMES), "edges_removed": len(edges)}


def test_null_and_typed_property_values_keep_their_types(store):
    props = {"none": None, "zero": 0, "float": 2.5, "whole_float": 3.0, "flag": False, "empty": [], "ints": [1, 2],
             "": "empty key", "text": "1"}
    store.upsert(GraphDelta(source=Source(id="t", sha256="1"), nodes=[Node(id="target:x", label="Target", name="x",
                                                                          properties=props)]))
    node = store.projection().nodes["target:x"]
    assert {k: node[k] for k in props} == props
    assert type(node["whole_float"]) is float and type(node["zero"]) is int and type(node["flag"]) is bool


def test_a_span_quoted_twice_is_read_once(store):
    ev = evidence("a.txt", 7, "同一句")
    store.upsert(GraphDelta(source=Source(id="a.txt", sha256="1"), nodes=[
        Node.actor("区科技局", "government", evidence=[ev, ev]), Node(id="task:t", label="Task", name="任务", evidence=[ev])],
        edges=[Edge(source="government:区科技局", target="task:t", type="LEADS", evidence=[ev, ev])]))
    G = store.projection(ProjectionFilter(with_evidence=True))
    assert G.nodes["government:区科技局"]["evidence"] == [ev.model_dump()]
    assert G.edges["government:区科技局", "task:t", "LEADS"]["evidence"] == [ev.model_dump()]


def test_loads_running_at_once_lose_nothing(store_factory):
    import threading

    errors: list[BaseException] = []

    def load(prefix: str) -> None:
        try:
            with store_factory() as mine:
                for i in range(15):
                    nodes = [Node.actor(f"{prefix}企业{i}", "enterprise"), Node.actor("共享大学", "university",
                                                                                  aliases=[f"{prefix}{i}"])]
                    mine.upsert(GraphDelta(source=Source(id=f"{prefix}-{i}.csv", sha256="1"), nodes=nodes, edges=[
                        Edge(source=nodes[0].id, target=nodes[1].id, type="PARTNERS_WITH")]))
        except BaseException as e:  # reported below, in the test's thread
            errors.append(e)

    threads = [threading.Thread(target=load, args=(p,)) for p in ("甲", "乙")]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=300)
    assert not errors, errors
    with store_factory() as store:
        counts = store.counts()
        shared = store.projection().nodes["university:共享大学"]
    assert (counts.nodes, counts.edges, counts.sources) == (31, 30, 30)
    assert len(shared["sources"]) == 30 and len(shared["aliases"]) == 30
