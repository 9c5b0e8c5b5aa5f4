"""Fixtures shared by every test package."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from .components import SKIP_GROUPS, missing_component

REPO = Path(__file__).resolve().parent.parent
SEED_PLAN = REPO / "seeds" / "collaborative-innovation-plan.txt"


@pytest.fixture
def seed_plan() -> Path:
    return SEED_PLAN


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "test.db"


# -- Neo4j --------------------------------------------------------------------------------------
# A real server, never a mock: NEO4J_URI when set, otherwise scripts/neo4j-server starts a local
# Neo4j Community, stopped when the run ends unless it was already up. Without Java the tests
# fail, unless INNOGRAPH_TEST_SKIP names neo4j.

NEO4J_TEST_PASSWORD = "innograph-dev"
# A NEO4J_URI in the environment only says where the test server is. Left in place it would
# point every CLI test at Neo4j (the root option reads it), so it is taken out here and the
# Neo4j fixtures put it back for their own tests.
NEO4J_URI_FROM_ENV = os.environ.pop("NEO4J_URI", None)


def _java_available() -> bool:
    import shutil

    java_home = os.environ.get("JAVA_HOME")
    return bool(shutil.which("java") or (java_home and Path(java_home, "bin", "java").exists()))


@pytest.fixture(scope="session")
def neo4j_server() -> Iterator[dict[str, str]]:
    """URI and credentials of the Neo4j server the tests use (started when needed, and then
    stopped when the run ends)."""
    import subprocess

    credentials = {"username": os.environ.get("NEO4J_USERNAME", "neo4j"),
                   "password": os.environ.get("NEO4J_PASSWORD", NEO4J_TEST_PASSWORD),
                   "database": os.environ.get("NEO4J_DATABASE", "neo4j")}
    if NEO4J_URI_FROM_ENV:
        yield {"uri": NEO4J_URI_FROM_ENV, "started_here": "", **credentials}
        return
    if "neo4j" in SKIP_GROUPS:
        pytest.skip("the neo4j tests (INNOGRAPH_TEST_SKIP=neo4j)")
    if not _java_available():
        missing_component("neo4j", "no Neo4j for the neo4j tests: NEO4J_URI is not set and Java (17+) is missing to start one")
    server = str(REPO / "scripts" / "neo4j-server")
    running_before = subprocess.run([server, "status"], capture_output=True, text=True).returncode == 0
    started = subprocess.run([server, "start"], capture_output=True, text=True,
                             timeout=1200, env={**os.environ, "NEO4J_PASSWORD": credentials["password"]})
    lines = started.stdout.strip().splitlines()
    if started.returncode != 0 or not lines or not lines[-1].startswith("bolt://"):
        pytest.fail(f"scripts/neo4j-server start failed (exit {started.returncode}):\n{started.stderr[-4000:]}")
    yield {"uri": lines[-1], "started_here": "yes", **credentials}
    if not running_before:  # a server this run started stops with it (one that was up stays up)
        subprocess.run([server, "stop"], capture_output=True, text=True, timeout=300)


@pytest.fixture
def neo4j_env(neo4j_server: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """The server's settings in the environment (as a user sets them), database emptied first."""
    pytest.importorskip("neo4j", reason="the neo4j driver is the optional extra innograph[neo4j]")
    from innograph.graph.stores.neo4j import Neo4jStore

    for name in ("uri", "username", "password", "database"):
        monkeypatch.setenv(f"NEO4J_{name.upper()}", neo4j_server[name])
    empty_neo4j(Neo4jStore(neo4j_server["uri"]), started_here=bool(neo4j_server["started_here"]))
    return neo4j_server


# An index (not a node: tests count nodes and constraints) that marks a database as one the
# tests may empty.
TEST_DATABASE_MARK = "innograph_test_database"


def empty_neo4j(store, *, started_here: bool) -> None:
    """Delete every node (innograph's or not): tests share the server's one database.

    A server named by NEO4J_URI is emptied only when it is empty or an earlier test run marked
    it: a NEO4J_URI left pointing at real work when running the tests must not wipe it."""
    with store._session() as session:
        if not started_here:
            marked = session.run("SHOW INDEXES YIELD name WHERE name = $mark RETURN count(*) AS c",
                                 mark=TEST_DATABASE_MARK).single()["c"]
            holds_data = session.run("MATCH (n) RETURN 1 LIMIT 1").single() is not None
            if holds_data and not marked:
                pytest.fail(f"NEO4J_URI={store.uri} holds data that no innograph test run put there, and the "
                            "Neo4j tests empty their database: unset NEO4J_URI (the tests then start their own "
                            "server) or point it at a server for tests")
        session.run("MATCH (n) CALL { WITH n DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS").consume()
        session.run(f"CREATE INDEX {TEST_DATABASE_MARK} IF NOT EXISTS FOR (n:InnographTestMark) ON (n.mark)").consume()
