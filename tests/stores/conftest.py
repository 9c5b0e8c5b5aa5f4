"""The store contract runs against both stores: ``store`` is the embedded SQLite store and a
Neo4jStore on a real server (emptied before each test)."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from innograph.graph import GraphDelta, ProjectionFilter
from innograph.graph.stores import GraphStore, SQLiteStore


def open_neo4j(request: pytest.FixtureRequest, **options: Any) -> GraphStore:
    pytest.importorskip("neo4j", reason="the neo4j driver is the optional extra innograph[neo4j]")
    from innograph.graph.stores.neo4j import Neo4jStore

    server = request.getfixturevalue("neo4j_env")
    return Neo4jStore(server["uri"], **options)


@pytest.fixture(params=["sqlite", pytest.param("neo4j", marks=pytest.mark.neo4j)])
def store_factory(request: pytest.FixtureRequest, tmp_path) -> Callable[[], GraphStore]:
    """Opens another store object on the same database (another connection or session)."""
    if request.param == "sqlite":
        return lambda: SQLiteStore(tmp_path / "contract.db")
    open_neo4j(request)  # empties the database once
    return lambda: open_neo4j(request)


@pytest.fixture
def store(store_factory) -> Iterator[GraphStore]:
    with store_factory() as opened:
        yield opened


def state(store: GraphStore) -> dict[str, Any]:
    """Everything a reader can see, plus each source's own contributions: two stores (or one
    store at two moments) with equal states are indistinguishable."""
    G = store.projection(ProjectionFilter(with_evidence=True))
    sources, nodes, edges = store.contributions()  # type: ignore[attr-defined]
    return {
        "nodes": list(G.nodes(data=True)),
        "edges": list(G.edges(keys=True, data=True)),
        "counts": store.counts(),
        "sources": sources,
        "node_contributions": sorted((i, s, json.dumps(b, sort_keys=True, ensure_ascii=False)) for i, s, b in nodes),
        "edge_contributions": sorted((i, s, json.dumps(b, sort_keys=True, ensure_ascii=False)) for i, s, b in edges),
    }


def load_all(store: GraphStore, deltas: list[tuple[GraphDelta, bool]]) -> list[dict[str, int]]:
    return [store.upsert(delta, replace_source=replace) for delta, replace in deltas]
