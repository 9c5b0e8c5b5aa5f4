"""What every command shares: the settings object, store opening and option bundles."""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click

from innograph.core.errors import StoreError
from innograph.core.i18n import DEFAULT_LANG, LANGS
from innograph.graph.stores import DEFAULT_DB, GraphStore, open_store
from innograph.output import FORMATS, format_object, format_rows

__all__ = ["Settings", "store_session", "output_options", "emit_rows", "emit_object", "progress", "neo4j_progress",
           "WORKERS_OPTION", "CORRECTIONS_OPTION", "LANG_OPTION", "echo_warnings"]


@dataclass
class Settings:
    """The root group's options, passed to every command on the click context."""

    db: str
    neo4j_uri: str | None
    debug: bool


@contextmanager
def store_session(ctx: click.Context, *, reads_only: bool = False, must_exist: bool = False) -> Iterator[GraphStore]:
    """Open the store the user chose (``--neo4j`` / ``NEO4J_URI`` or ``--db``) for one command.

    A command that only reads (``reads_only``), or changes only what is there (``must_exist``),
    does not create a missing database file: a mistyped ``--db`` would otherwise leave an empty
    database behind and report on nothing. One that only reads opens the file read-only, so a
    database on a drive the user cannot write is readable."""
    settings: Settings = ctx.find_object(Settings)  # type: ignore[assignment]
    if (reads_only or must_exist) and not settings.neo4j_uri and not Path(settings.db or DEFAULT_DB).exists():
        db = settings.db or DEFAULT_DB
        raise StoreError(f'no database at {db}; load plans into it first: innograph --db "{db}" load PLAN.txt '
                         "(or give --db the file you loaded into)")
    options = {"progress": neo4j_progress("writing to Neo4j")} if settings.neo4j_uri else {}
    store = open_store(settings.db, settings.neo4j_uri, read_only=reads_only, **options)
    try:
        yield store
    finally:
        store.close()


def output_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """``--format table|json|csv``: one formatter for every command's results."""

    @click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True,
                  help="table for people (Chinese aligned), json (UTF-8) or csv for other tools.")
    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        return func(*args, **kwargs)

    return wrapper


def emit_rows(rows: Any, fmt: str, columns: list[str] | None = None) -> None:
    click.echo(format_rows(rows, fmt, columns))


def emit_object(obj: Any, fmt: str, sections: dict[str, Any] | None = None) -> None:
    click.echo(format_object(obj, fmt, sections))


def progress(items: Any, label: str, length: int | None = None) -> Any:
    """A progress bar on stderr for long work; silent when stderr is not a terminal."""
    return click.progressbar(items, label=label, length=length, file=sys.stderr,
                             show_pos=True) if sys.stderr.isatty() else _Quiet(items)


class _Quiet:
    """A progress bar that shows nothing (stderr is a pipe or a file)."""

    def __init__(self, items: Any) -> None:
        self._items = items

    def __enter__(self) -> _Quiet:
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    def __iter__(self) -> Any:
        return iter(self._items)

    def update(self, steps: int) -> None:
        return None


def neo4j_progress(label: str, min_rows: int = 20_000) -> Callable[[int, int], None]:
    """A (rows written, rows to write) callback for the Neo4j store: a progress bar on stderr
    for loads of at least ``min_rows`` rows when stderr is a terminal, silent otherwise."""
    state: dict[str, Any] = {"bar": None, "done": 0}

    def report(done: int, total: int) -> None:
        if total < min_rows or not sys.stderr.isatty():
            return
        if state["bar"] is None or done < state["done"]:  # a new load, or a retried one
            if state["bar"] is not None:
                state["bar"].render_finish()
            state["bar"] = click.progressbar(length=total, label=label, file=sys.stderr, show_pos=True)
            state["done"] = 0
        state["bar"].update(done - state["done"])
        state["done"] = done
        if done >= total:
            state["bar"].render_finish()
            state["bar"] = None

    return report


# Loading many files extracts them on worker processes, one per core other jobs leave idle.
WORKERS_OPTION = click.option(
    "--workers", type=click.IntRange(min=1), default=None, envvar="INNOGRAPH_WORKERS", metavar="N",
    help="Processes that extract files at once (env INNOGRAPH_WORKERS). Default: one per idle core; "
         "1 keeps everything in this process. The result is the same either way.")

# An analyst's corrections table, applied on every extraction (the env var saves retyping it).
CORRECTIONS_OPTION = click.option(
    "--corrections", type=click.Path(dir_okay=False), envvar="INNOGRAPH_CORRECTIONS", default=None,
    metavar="TABLE",
    help="A corrections table (CSV/XLSX: name, action, new_name, new_kind) applied to what is extracted: "
         "rename, merge, kind, not-an-actor (env INNOGRAPH_CORRECTIONS). A marked `extract --review` file is one.")


# One language for every word innograph writes (headings, legends, reasons, statuses), the same
# default for every command, report and map; INNOGRAPH_LANG sets it once for a session.
LANG_OPTION = click.option(
    "--lang", type=click.Choice(LANGS), default=DEFAULT_LANG, show_default=True, envvar="INNOGRAPH_LANG",
    help="Language of what innograph writes (headings, legends, tooltips, reasons, statuses): zh (Chinese) or "
         "en (English), env INNOGRAPH_LANG; names and quotes stay as the plan wrote them.")


def echo_warnings(messages: list[str]) -> None:
    for message in messages:
        click.echo(f"warning: {message}", err=True)
