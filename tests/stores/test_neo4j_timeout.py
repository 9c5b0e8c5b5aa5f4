"""A port that accepts connections and never answers Bolt fails within the connection timeout
(10 s by default, NEO4J_CONNECTION_TIMEOUT or ``connection_timeout=`` to change it), not 60 s."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator

import pytest
from click.testing import CliRunner

from innograph.cli import cli
from innograph.core.errors import StoreConnectionError

pytest.importorskip("neo4j", reason="the neo4j driver is the optional extra innograph[neo4j]")
from innograph.graph.stores.neo4j import DEFAULT_CONNECTION_TIMEOUT, Neo4jStore  # noqa: E402


@pytest.fixture
def silent_port() -> Iterator[int]:
    """A local port that accepts every connection and never sends a byte (a hung server)."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(16)
    held: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        server.settimeout(0.2)
        while not stop.is_set():
            try:
                held.append(server.accept()[0])
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield server.getsockname()[1]
    stop.set()
    thread.join()
    for connection in held:
        connection.close()
    server.close()


def test_the_default_timeout_is_at_most_ten_seconds(silent_port, monkeypatch):
    monkeypatch.delenv("NEO4J_CONNECTION_TIMEOUT", raising=False)
    assert DEFAULT_CONNECTION_TIMEOUT <= 10
    started = time.monotonic()
    with pytest.raises(StoreConnectionError, match="no Bolt answer .* within 10 s"):
        Neo4jStore(f"bolt://127.0.0.1:{silent_port}", password="x")
    assert time.monotonic() - started < DEFAULT_CONNECTION_TIMEOUT + 3


def test_the_timeout_is_set_by_argument_or_environment(silent_port, monkeypatch):
    started = time.monotonic()
    with pytest.raises(StoreConnectionError, match="within 1 s"):
        Neo4jStore(f"bolt://127.0.0.1:{silent_port}", password="y", connection_timeout=1)
    assert time.monotonic() - started < 3

    monkeypatch.setenv("NEO4J_CONNECTION_TIMEOUT", "1.5")
    monkeypatch.setenv("NEO4J_PASSWORD", "z")
    started = time.monotonic()
    result = CliRunner().invoke(cli, ["--neo4j", f"bolt://127.0.0.1:{silent_port}", "stats"])
    assert time.monotonic() - started < 4
    assert result.exit_code == 1 and result.output.count("\n") == 1
    assert result.output.startswith(f"Error: cannot reach Neo4j at bolt://127.0.0.1:{silent_port}: no Bolt answer")
    assert "within 1.5 s (NEO4J_CONNECTION_TIMEOUT" in result.output


@pytest.mark.parametrize("value", ["0", "-2", "soon", "inf"])
def test_a_timeout_that_is_no_number_of_seconds_is_refused(value, monkeypatch):
    monkeypatch.setenv("NEO4J_CONNECTION_TIMEOUT", value)
    with pytest.raises(StoreConnectionError, match="check NEO4J_CONNECTION_TIMEOUT"):
        Neo4jStore("bolt://127.0.0.1:1", verify=False)
