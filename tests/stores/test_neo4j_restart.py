"""The server stops in the middle of a load: a rerun completes it, equal to a clean load.

These tests stop and start a Neo4j of their own (its own home and port, via scripts/neo4j-server),
so that the server the other tests share is left alone.
"""

from __future__ import annotations

import os
import subprocess
from types import SimpleNamespace

import pytest

from innograph.core.errors import StoreConnectionError
from innograph.graph.stores import SQLiteStore

from ..components import SKIP_GROUPS, missing_component
from ..conftest import NEO4J_TEST_PASSWORD, REPO, _java_available
from ..graph.helpers import plan_delta
from .conftest import state
from .test_neo4j_store import free_port

pytest.importorskip("neo4j", reason="the neo4j driver is the optional extra innograph[neo4j]")
from innograph.graph.stores.neo4j import Neo4jStore  # noqa: E402

pytestmark = [pytest.mark.neo4j, pytest.mark.slow]


@pytest.fixture(scope="module")
def private_server(tmp_path_factory):
    if "neo4j" in SKIP_GROUPS:
        pytest.skip("the neo4j tests (INNOGRAPH_TEST_SKIP=neo4j)")
    if not _java_available():
        missing_component("neo4j", "stopping a server mid-load needs Java (17+) to run a private Neo4j")
    port = free_port()
    env = {**os.environ, "NEO4J_RUN_DIR": str(tmp_path_factory.mktemp("neo4j-private")),
           "NEO4J_BOLT_PORT": str(port), "NEO4J_PASSWORD": NEO4J_TEST_PASSWORD}

    def server(command: str) -> None:
        done = subprocess.run([str(REPO / "scripts" / "neo4j-server"), command], env=env, capture_output=True,
                              text=True, timeout=900)
        assert done.returncode == 0, done.stderr[-3000:]

    server("start")
    yield SimpleNamespace(uri=f"bolt://127.0.0.1:{port}", server=server)
    server("stop")


def stopping_after(calls: int, private_server):
    seen = []

    def progress(done: int, total: int) -> None:
        seen.append(done)
        if len(seen) == calls:
            private_server.server("stop")

    return progress


def test_stopped_during_a_batched_load_then_rerun_equals_a_clean_load(private_server, tmp_path):
    delta = plan_delta("a.txt", extra_partner=True)
    with SQLiteStore(tmp_path / "clean.db") as clean:
        clean.upsert(delta)
        expected = state(clean)
    store = Neo4jStore(private_server.uri, password=NEO4J_TEST_PASSWORD, batch_size=2, transaction_rows=3,
                       max_retry_time=2.0, progress=stopping_after(3, private_server))
    with pytest.raises(StoreConnectionError, match=f"^cannot reach Neo4j at {private_server.uri}: .*; start it"):
        store.upsert(delta)
    private_server.server("start")
    store.progress = None
    partial = store.counts()
    assert 0 < partial.nodes < 5  # the stop really came in the middle
    store.upsert(delta)
    assert state(store) == expected


def test_stopped_during_a_one_transaction_load_leaves_the_graph_as_it_was(private_server):
    store = Neo4jStore(private_server.uri, password=NEO4J_TEST_PASSWORD, batch_size=1, max_retry_time=2.0)
    store.upsert(plan_delta("a.txt"))
    before = state(store)
    store.progress = stopping_after(4, private_server)
    with pytest.raises(StoreConnectionError, match=f"^cannot reach Neo4j at {private_server.uri}"):
        store.upsert(plan_delta("b.txt", extra_partner=True))  # 9 rows to write: 5 nodes, 4 edges
    private_server.server("start")
    store.progress = None
    assert state(store) == before
