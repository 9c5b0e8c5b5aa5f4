"""Neo4j commands: ``cypher`` for an analyst's own queries, ``push`` and ``pull`` to copy the
graph between the embedded database and a Neo4j server."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from innograph import api
from innograph.core.errors import QueryError, StoreError
from innograph.graph.model import StoreCounts
from innograph.graph.stores import SQLiteStore, open_store

from .common import Settings, emit_rows, neo4j_progress, output_options, store_session

__all__ = ["COMMANDS", "parse_params"]


def parse_params(pairs: tuple[str, ...]) -> dict[str, Any]:
    """``name=value`` pairs; a value that parses as JSON (numbers, lists, true) is taken as such,
    anything else as text: ``n=5`` is 5, ``name=区科技局`` is '区科技局', ``id="5"`` is '5'."""
    params: dict[str, Any] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip():
            raise QueryError(f"--param {pair!r} is not NAME=VALUE, e.g. --param name=区科技局")
        try:
            params[name.strip()] = json.loads(value)
        except ValueError:
            params[name.strip()] = value
    return params


@click.command("cypher")
@click.argument("query")
@click.option("--param", "params", multiple=True, metavar="NAME=VALUE",
              help="A query parameter ($NAME); the value is JSON when it parses (5, [1,2], true), else text.")
@click.option("--write", is_flag=True, help="Run in a write transaction (read-only by default).")
@output_options
@click.pass_context
def cypher_command(ctx: click.Context, query: str, params: tuple[str, ...], write: bool, fmt: str) -> None:
    """Run a Cypher query on the Neo4j store and print its records.

    Nodes print as their labels and properties, relationships as their type, ends and
    properties, paths as lists. Read-only unless --write is given.

    \b
    Example:
      innograph --neo4j bolt://localhost:7687 cypher \\
        "MATCH (g:Government)-[:LEADS]->(t:Task) RETURN g.name AS department, count(t) AS tasks ORDER BY tasks DESC"
      innograph cypher "MATCH (a:Actor {name: \\$name}) RETURN a" --param name=区科技局 --format json
    """
    settings: Settings = ctx.find_object(Settings)  # type: ignore[assignment]
    if not settings.neo4j_uri:  # before opening: the embedded database is not to be created for nothing
        raise QueryError(api.NEEDS_NEO4J)
    values = parse_params(params)
    with store_session(ctx) as store:
        columns, rows = api.cypher(store, query, values, write=write)
    emit_rows(rows, fmt, columns)  # CSV cells hold nodes, maps and nested lists as JSON


def _neo4j_uri(ctx: click.Context, given: str | None, command: str) -> str:
    settings: Settings = ctx.find_object(Settings)  # type: ignore[assignment]
    uri = given or settings.neo4j_uri
    if not uri:
        raise StoreError(f"{command} needs a Neo4j server: give --neo4j bolt://HOST:7687 or set NEO4J_URI")
    return uri


def _count_rows(counts: dict[str, StoreCounts]) -> list[dict[str, Any]]:
    """One row per count, one column per store, for the copy's report."""
    first = next(iter(counts.values()))
    keys = [("nodes", lambda c: c.nodes), ("edges", lambda c: c.edges), ("sources", lambda c: c.sources)]
    keys += [(f"label {k}", lambda c, k=k: c.by_label.get(k, 0)) for k in first.by_label]
    keys += [(f"kind {k}", lambda c, k=k: c.by_kind.get(k, 0)) for k in first.by_kind]
    keys += [(f"type {k}", lambda c, k=k: c.by_type.get(k, 0)) for k in first.by_type]
    return [{"count": name} | {store: get(c) for store, c in counts.items()} for name, get in keys]


def _copy(ctx: click.Context, uri: str, clear: bool, to_neo4j: bool, fmt: str) -> None:
    settings: Settings = ctx.find_object(Settings)  # type: ignore[assignment]
    db = Path(settings.db)
    if to_neo4j and not db.is_file():
        raise StoreError(f"no embedded database at {db}; load a plan first or choose one with --db")
    with SQLiteStore(db) as embedded, open_store(None, uri, progress=neo4j_progress("copying")) as server:
        origin, target = (embedded, server) if to_neo4j else (server, embedded)
        expected, got = api.copy(origin, target, clear=clear)
    names = ("embedded", "neo4j") if to_neo4j else ("neo4j", "embedded")
    emit_rows(_count_rows({names[0]: expected, names[1]: got}), fmt, ["count", *names])
    click.echo(f"copied {got.nodes} nodes, {got.edges} edges and {got.sources} sources from "
               f"{origin.describe()} to {target.describe()}; counts match", err=True)


def _copy_command(name: str, to_neo4j: bool, clear_help: str, doc: str) -> click.Command:
    """``push`` and ``pull``: the same options, opposite directions."""

    @click.command(name, help=doc)
    @click.option("--neo4j", "neo4j_uri", metavar="URI", default=None,
                  help="The server (or the root option --neo4j / NEO4J_URI).")
    @click.option("--clear", is_flag=True, help=clear_help)
    @output_options
    @click.pass_context
    def command(ctx: click.Context, neo4j_uri: str | None, clear: bool, fmt: str) -> None:
        _copy(ctx, _neo4j_uri(ctx, neo4j_uri, name), clear, to_neo4j, fmt)

    return command


push_command = _copy_command("push", True, "Also remove sources the embedded database does not have.", """\
Copy the embedded graph (--db) into Neo4j, each source's contributions intact, and check
that the counts match.

\b
Example:
  innograph push --neo4j bolt://localhost:7687
  innograph --db district.db push --neo4j neo4j+s://abcd1234.databases.neo4j.io --clear
""")

pull_command = _copy_command("pull", False, "Also remove sources Neo4j does not have from the embedded database.", """\
Copy the graph from Neo4j into the embedded database (--db), each source's contributions
intact, and check that the counts match.

\b
Example:
  innograph pull --neo4j bolt://localhost:7687
  innograph --db copy.db pull --neo4j bolt://localhost:7687 --format json
""")


COMMANDS = [cypher_command, push_command, pull_command]
