"""The embedded store's fast paths against its definition.

A load takes shortcuts (skip unchanged contributions, append a source to a shared item's
list, fold one contribution in, refold from all); whatever path it took, every node and edge a
reader sees must equal the merge of its stored contributions in load order. Random sequences of
loads, reloads, partial loads, removals and failed loads check that after every step.
"""

from __future__ import annotations

import random

import pytest

from innograph.core.errors import StoreError
from innograph.graph import Edge, Evidence, GraphDelta, Node, ProjectionFilter, Source
from innograph.graph.stores import SQLiteStore
from innograph.graph.stores.base import (EDGE, NODE, edge_attributes, merge_records, merged_evidence,
                                            node_attributes)

KINDS = ["enterprise", "university", "government", "institute"]


def _evidence(rng: random.Random, sid: str, version: int) -> list[Evidence]:
    return [Evidence(source_id=sid, source_hash=f"{sid}-{version}", start=s, end=s + 3, quote=f"第{s}句")
            for s in rng.sample(range(6), rng.randint(0, 2))]


def random_delta(rng: random.Random, sid: str, version: int, others: list[str] = ()) -> GraphDelta:
    nodes = []
    for n in rng.sample(range(12), rng.randint(0, 7)):
        for _ in range(rng.choice([1, 1, 2])):  # a node named twice in one file
            props = {rng.choice("abc"): rng.choice([1, 2.5, "x", [1, 2], None])} if rng.random() < 0.4 else {}
            aliases = [f"别名{rng.randint(0, 3)}"] if rng.random() < 0.3 else []
            nodes.append(Node.actor(f"单位{n}", KINDS[n % 4], aliases=aliases, properties=props,
                                    evidence=_evidence(rng, sid, version)))
    ids = [node.id for node in nodes]
    ends = ids + list(others)  # edges may end at nodes only other sources name
    edges = [Edge(source=rng.choice(ends), target=rng.choice(ends), type=rng.choice(["PARTNERS_WITH", "FUNDS"]),
                  properties={rng.choice("pq"): rng.choice([1, "y"])} if rng.random() < 0.3 else {},
                  evidence=_evidence(rng, sid, version))
             for _ in range(rng.randint(0, 9) if ends else 0)]
    if rng.random() < 0.08:  # a bad load: an edge to a node nobody has
        edges.append(Edge(source="enterprise:不存在", target=ends[0] if ends else "enterprise:也不存在", type="FUNDS"))
    return GraphDelta(source=Source(id=sid, sha256=f"{sid}-{version}"), nodes=nodes, edges=edges)


def expected_graph(store: SQLiteStore) -> tuple[dict, dict]:
    """Nodes and edges as the merge of the stored contributions, oldest source first."""
    sources, node_contribs, edge_contribs = store.contributions()
    order = {s["id"]: i for i, s in enumerate(sources)}
    out = []
    for contribs, kind in ((node_contribs, NODE), (edge_contribs, EDGE)):
        by_item: dict[str, list] = {}
        for item_id, source_id, body in sorted(contribs, key=lambda c: order[c[1]]):
            by_item.setdefault(item_id, []).append((source_id, body))
        out.append({item_id: _attributes(kind, held) for item_id, held in by_item.items()})
    return out[0], out[1]


def _attributes(kind: int, held: list) -> dict:
    fields = ("label", "kind", "name", "aliases", "properties") if kind == NODE else ("properties",)
    records = [[*(body[k] for k in fields), [tuple(ev.values()) for ev in body["evidence"]]] for _, body in held]
    merged = merge_records(kind, records)
    sources = [source_id for source_id, _ in held]
    if kind == NODE:
        return node_attributes(*merged[:5], sources, merged_evidence(merged[5]))
    return edge_attributes(held[0][1]["type"], merged[0], sources, merged_evidence(merged[1]))


@pytest.mark.parametrize("seed", range(12))
def test_every_item_is_the_merge_of_its_contributions_after_every_step(tmp_path, seed):
    rng = random.Random(seed)
    latest: dict[str, GraphDelta] = {}
    with SQLiteStore(tmp_path / "store.db") as store:
        for _ in range(35):
            sid = f"file{rng.randint(0, 4)}.txt"
            if rng.random() < 0.15:
                store.remove_source(sid)
            else:
                reload = sid in latest and rng.random() < 0.25
                delta = latest[sid] if reload else random_delta(rng, sid, rng.randint(0, 2))
                try:
                    store.upsert(delta, replace_source=rng.random() < 0.7)
                    latest[sid] = delta
                except StoreError as e:
                    assert "neither in this load nor in the store" in str(e)
            check(store)


def check(store: SQLiteStore) -> None:
    nodes, edges = expected_graph(store)
    G = store.projection(ProjectionFilter(with_evidence=True))
    assert dict(G.nodes(data=True)) == nodes
    assert {f"{u}|{k}|{v}": d for u, v, k, d in G.edges(keys=True, data=True)} == edges
    assert list(G.nodes) == sorted(nodes)
    counts = store.counts()
    assert (counts.nodes, counts.edges) == (len(nodes), len(edges))  # no duplicate edge rows


@pytest.mark.parametrize("seed", range(10))
def test_two_connections_writing_one_file_alternately_keep_the_invariant(tmp_path, seed):
    """Two store objects on one file (as two processes would be), many sources, edges at nodes
    only other sources name: each connection's node cache must notice the other's writes and
    its own rolled-back ones."""
    rng = random.Random(1000 + seed)
    latest: dict[str, GraphDelta] = {}
    with SQLiteStore(tmp_path / "store.db") as one, SQLiteStore(tmp_path / "store.db") as two:
        for _ in range(70):
            store = rng.choice([one, two])
            sid = f"file{rng.randint(0, 9)}.txt"
            if rng.random() < 0.12:
                store.remove_source(sid)
            else:
                reload = sid in latest and rng.random() < 0.25
                others = sorted(store.projection().nodes) if rng.random() < 0.6 else []
                delta = latest[sid] if reload else random_delta(rng, sid, rng.randint(0, 2),
                                                                rng.sample(others, min(len(others), 4)))
                if reload and rng.random() < 0.5:  # the same file read again with its edges reversed
                    delta = delta.model_copy(update={"edges": [
                        e.model_copy(update={"source": e.target, "target": e.source}) for e in delta.edges]})
                replace = rng.random() < 0.7
                try:
                    store.upsert(delta, replace_source=replace)
                    latest[sid] = delta
                except StoreError as e:
                    assert "neither in this load nor in the store" in str(e)
                else:
                    if replace:  # the source now holds exactly what the delta names
                        _, held_nodes, held_edges = store.contributions()
                        assert {i for i, s, _ in held_nodes if s == sid} == {n.id for n in delta.nodes}
                        assert {i for i, s, _ in held_edges if s == sid} == {e.id for e in delta.edges}
            check(rng.choice([one, two]))
