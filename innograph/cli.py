"""The command line: a thin skin over the library.

Each command parses options, opens the store, calls one library function of the same name and
formats the result. Errors innograph raises on purpose print as one ``Error: ...`` line and exit 1;
``--debug`` shows the traceback instead. Usage errors (a bad option value, a folder where a file
belongs) are one ``Error: ...`` line too, and exit 2, as click's do.
"""

from __future__ import annotations

import sys
from typing import Any, NoReturn

import click

from . import __version__
from .commands import all_commands
from .commands.common import Settings
from .core.errors import InnographError

__all__ = ["cli", "main"]


# Asking for nothing (a bare ``innograph``) shows the help; that is help, not an error line.
_HELP_ERRORS: tuple[type[Exception], ...] = tuple(
    e for e in (getattr(click.exceptions, "NoArgsIsHelpError", None),) if e is not None)


def _raise_one_line(error: click.UsageError) -> NoReturn:
    if isinstance(error, (OneLineUsageError, *_HELP_ERRORS)):
        raise error
    raise OneLineUsageError(error) from error


class OneLineUsageError(click.UsageError):
    """A usage error shown as one line, like every other error, instead of click's usage text;
    the exit code stays 2 so that scripts can tell a mistyped command from a failed one."""

    def __init__(self, error: click.UsageError) -> None:
        super().__init__(error.format_message(), error.ctx)

    def show(self, file: Any = None) -> None:
        where = self.ctx.command_path if self.ctx is not None else "innograph"
        click.echo(f"Error: {self.format_message()} (see {where} -h)", err=True)


class InnographGroup(click.Group):
    """Lists commands in the order they were added (workflow order) and turns
    ``InnographError`` and usage errors into one line on stderr."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(self.commands)

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        try:
            return super().parse_args(ctx, args)
        except click.UsageError as e:  # the root's own options, e.g. --db naming a folder
            _raise_one_line(e)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except click.UsageError as e:  # a command's options and arguments, or an unknown command
            _raise_one_line(e)
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
