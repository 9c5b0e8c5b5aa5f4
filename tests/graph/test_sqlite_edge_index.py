"""The embedded store finds stored edges by hashed ends (sqlite_edge_index.py): collisions,
deleted edges and merged runs must never make two edges one or one edge two."""

from __future__ import annotations

import sqlite3

import numpy as np
import pytest

from innograph.graph import ActorKind, Edge, GraphDelta, Node, ProjectionFilter, RelationType, Source
from innograph.graph.stores import SQLiteStore
from innograph.graph.stores import sqlite_edge_index, sqlite_write

from .helpers import evidence

NAMES = [f"单位{i}" for i in range(12)]


def _delta(source_id: str, pairs: list[tuple[int, int]], prop: int | None = None) -> GraphDelta:
    ev = evidence(source_id)
    nodes = [Node.actor(name, ActorKind.ENTERPRISE, evidence=[ev]) for name in NAMES]
    edges = [Edge(source=nodes[a].id, target=nodes[b].id, type=RelationType.PARTNERS_WITH, evidence=[ev],
                  properties={} if prop is None else {"n": prop}) for a, b in pairs]
    return GraphDelta(source=Source(id=source_id, sha256=f"{source_id}-{pairs}-{prop}"), nodes=nodes, edges=edges)


def _edges(store: SQLiteStore) -> dict[tuple[str, str], list[str]]:
    G = store.projection()
    return {(u, v): attrs["sources"] for u, v, attrs in G.edges(data=True)}


def _runs(path) -> int:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("SELECT COUNT(*) FROM edge_runs").fetchone()[0]
    finally:
        conn.close()


def test_colliding_hashes_still_tell_edges_apart(db_path, monkeypatch):
    """Every edge hashing alike: each look-up checks the candidates' real ends."""
    monkeypatch.setattr(sqlite_write, "edge_hashes", lambda src, types, dst: np.zeros(len(src), dtype=np.uint64))
    with SQLiteStore(db_path) as store:
        store.upsert(_delta("a.txt", [(0, 1), (1, 2)]))
        stats = store.upsert(_delta("b.txt", [(1, 2), (2, 3), (0, 1)], prop=5))
        edges = _edges(store)
        n = store.projection().edges[f"enterprise:{NAMES[0]}", f"enterprise:{NAMES[1]}", "PARTNERS_WITH"]["n"]
    assert stats["edges_added"] == 1 and stats["edges_updated"] == 2
    assert edges == {(f"enterprise:{NAMES[a]}", f"enterprise:{NAMES[b]}"): sources for (a, b), sources in
                     {(0, 1): ["a.txt", "b.txt"], (1, 2): ["a.txt", "b.txt"], (2, 3): ["b.txt"]}.items()}
    assert n == 5


def test_a_deleted_edge_added_again_is_one_edge(db_path):
    with SQLiteStore(db_path) as store:
        store.upsert(_delta("a.txt", [(0, 1), (4, 5)]))
        store.remove_source("a.txt")
        assert store.counts().edges == 0
        store.upsert(_delta("b.txt", [(0, 1)]))
        again = store.upsert(_delta("c.txt", [(0, 1)]))
        edges = _edges(store)
    assert again["edges_added"] == 0 and again["edges_updated"] == 1
    assert edges == {(f"enterprise:{NAMES[0]}", f"enterprise:{NAMES[1]}"): ["b.txt", "c.txt"]}


def test_runs_are_merged_and_keep_finding_every_edge(db_path):
    pairs = [(i, (i + 1) % len(NAMES)) for i in range(len(NAMES))]
    with SQLiteStore(db_path) as store:
        for i, pair in enumerate(pairs):
            store.upsert(_delta(f"s{i}.txt", [pair]))
        store.remove_source("s0.txt")  # its edge's entry stays in a run until runs merge
        assert _runs(db_path) <= sqlite_edge_index.MAX_RUNS
        stats = store.upsert(_delta("all.txt", pairs))
        G = store.projection(ProjectionFilter(relation_types={RelationType.PARTNERS_WITH}))
    assert stats["edges_added"] == 1 and stats["edges_updated"] == len(pairs) - 1
    assert G.number_of_edges() == len(pairs)
    assert _runs(db_path) <= sqlite_edge_index.MAX_RUNS


def test_merging_keeps_few_runs_and_reindexes_when_most_entries_are_stale(db_path):
    def runs() -> tuple[list[int], set[int]]:
        conn = sqlite3.connect(db_path)
        blobs = conn.execute("SELECT keys FROM edge_runs").fetchall()
        live = {k for (k,) in conn.execute("SELECT key FROM edges")}
        conn.close()
        return sorted(k for (blob,) in blobs for k in np.frombuffer(blob, dtype="<i8").tolist()), live

    with SQLiteStore(db_path) as store:
        for i in range(sqlite_edge_index.MAX_RUNS + 1):
            store.upsert(_delta(f"s{i}.txt", [(i % 11, i % 11 + 1)]))
        keys, live = runs()
        assert keys == sorted(live) and _runs(db_path) <= sqlite_edge_index.MAX_RUNS
        for i in range(sqlite_edge_index.MAX_RUNS + 1):  # most edges deleted, their entries stay
            store.remove_source(f"s{i}.txt")
        for i in range(sqlite_edge_index.MAX_RUNS + 1):
            store.upsert(_delta(f"t{i}.txt", [(0, 11 - i % 11)]))
        keys, live = runs()
        found = _edges(store)
    n = sqlite_edge_index.MAX_RUNS + 1
    assert found == {(f"enterprise:{NAMES[0]}", f"enterprise:{NAMES[11 - i % 11]}"): [f"t{i}.txt"] for i in range(n)}
    assert _runs(db_path) <= sqlite_edge_index.MAX_RUNS
    assert keys == sorted(live)  # the deleted edges' entries were dropped


@pytest.mark.parametrize(("type_", "expected"), [("PARTNERS_WITH", 9871156662074114342),
                                                ("FUNDS", 11106609870261092542)])
def test_hashes_are_the_same_in_every_process(type_, expected):
    """Stored hashes must not depend on Python's per-process string hashing, nor change between
    versions: files written before hold them."""
    import subprocess
    import sys

    code = ("from innograph.graph.stores.sqlite_edge_index import edge_hashes; "
            f"print(int(edge_hashes([3], [{type_!r}], [7])[0]))")
    outputs = {subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                              env={"PYTHONHASHSEED": str(seed)}).stdout for seed in (1, 2)}
    assert outputs == {f"{expected}\n"}
