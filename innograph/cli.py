"""The command line: a thin skin over the library.

Each command parses options, opens the store, calls one library function of the same name and
formats the result. Errors innograph raises on purpose print as one ``Error: ...`` line and exit 1;
``--debug`` shows the traceback instead.
"""

from __future__ import annotations

import sys
from typing import Any

import click

from . import __version__
from .commands import all_commands
from .commands.common import Settings
from .core.errors import InnographError

__all__ = ["cli", "main"]


class InnographGroup(click.Group):
    """Lists commands in the order they were added (workflow order) and turns
    ``InnographError`` into one line on stderr."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(self.commands)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except InnographError as e:
            settings = ctx.find_object(Settings)
            if settings is not None and settings.debug:
                raise
            click.echo(f"Error: {e}", err=True)
            ctx.exit(1)


@click.group(cls=InnographGroup, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, "--version", prog_name="innograph")
@click.option("--db", envvar="INNOGRAPH_DB", default="innograph.db", show_default=True,
              type=click.Path(dir_okay=False), help="Embedded database file (env INNOGRAPH_DB).")
@click.option("--neo4j", "neo4j_uri", envvar="NEO4J_URI", default=None, metavar="URI",
              help="Use Neo4j instead, e.g. bolt://localhost:7687 (env NEO4J_URI; credentials from "
                   "NEO4J_USERNAME, NEO4J_PASSWORD, NEO4J_DATABASE).")
@click.option("--debug", is_flag=True, help="Show tracebacks instead of one-line errors.")
@click.pass_context
def cli(ctx: click.Context, db: str, neo4j_uri: str | None, debug: bool) -> None:
    """innograph: a knowledge graph of innovation actors (政金产学研用) from policy plans and tables.

    \b
    Example:
      innograph analyze seeds/collaborative-innovation-plan.txt --out report
      innograph centrality --measure pagerank --top 10
    """
    ctx.obj = Settings(db=db, neo4j_uri=neo4j_uri or None, debug=debug)


for _command in all_commands():
    cli.add_command(_command)


def main() -> None:
    # A pipe on Windows would otherwise get the locale's code page and mangle Chinese text.
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure") and (stream.encoding or "").lower().replace("-", "") != "utf8":
            stream.reconfigure(encoding="utf-8")
    cli(prog_name="innograph")
