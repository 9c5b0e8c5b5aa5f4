"""Graph stores: the embedded SQLite default and Neo4j, behind one protocol."""

from __future__ import annotations

from .base import CypherStore, GraphStore
from .sqlite import DEFAULT_DB, SQLiteStore

__all__ = ["GraphStore", "CypherStore", "SQLiteStore", "DEFAULT_DB", "open_store"]


def open_store(db: str | None = None, neo4j_uri: str | None = None, *, read_only: bool = False,
               **neo4j_options: object) -> GraphStore:
    """Open Neo4j when a URI is given, otherwise the embedded SQLite file ``db``.

    ``read_only``: the SQLite file is opened without writing to it or its folder (see
    ``SQLiteStore``); a missing file is an error. Neo4j's own access rights govern a server.

    Neo4j credentials come from ``neo4j_options`` or the usual ``NEO4J_USERNAME``,
    ``NEO4J_PASSWORD`` and ``NEO4J_DATABASE`` environment variables.
    """
    if neo4j_uri:
        from .neo4j import Neo4jStore  # the driver is an optional extra

        return Neo4jStore(neo4j_uri, **neo4j_options)  # type: ignore[arg-type]
    return SQLiteStore(db or DEFAULT_DB, read_only=read_only)
