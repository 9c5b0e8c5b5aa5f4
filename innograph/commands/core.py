"""Commands over the store as a whole: ``stats``, ``export`` and ``remove``."""

from __future__ import annotations

import click

from innograph import api

from .common import emit_object, output_options, store_session

__all__ = ["COMMANDS"]


@click.command("stats")
@output_options
@click.pass_context
def stats_command(ctx: click.Context, fmt: str) -> None:
    """Node and edge counts by label, kind and relation type.

    \b
    Example:
      innograph stats
      innograph --db district.db stats --format json
    """
    with store_session(ctx, reads_only=True) as store:
        counts = api.stats(store)
    emit_object(counts, fmt, {
        "totals": [{"what": "nodes", "count": counts.nodes}, {"what": "edges", "count": counts.edges},
                   {"what": "sources", "count": counts.sources}],
        "nodes by label": [{"label": k, "count": v} for k, v in counts.by_label.items()],
        "actors by kind": [{"kind": k, "count": v} for k, v in counts.by_kind.items()],
        "edges by type": [{"type": k, "count": v} for k, v in counts.by_type.items()],
    })


@click.command("export")
@click.option("--format", "fmt", type=click.Choice(api.EXPORT_FORMATS), default="graphml", show_default=True,
              help="json (node-link), graphml or gexf; GraphML and GEXF open in Gephi.")
@click.option("--out", "out", required=True, type=click.Path(dir_okay=False), help="File to write.")
@click.pass_context
def export_command(ctx: click.Context, fmt: str, out: str) -> None:
    """Write the whole graph to a file for Gephi, Cytoscape or other tools.

    \b
    Example:
      innograph export --format gexf --out graph.gexf
    """
    with store_session(ctx, reads_only=True) as store:
        path, G = api.export(store, fmt, out)
    click.echo(f"wrote {G.number_of_nodes()} nodes and {G.number_of_edges()} edges to {path}", err=True)


@click.command("remove")
@click.argument("file_or_id", metavar="FILE|SOURCE-ID")
@click.option("--dry-run", is_flag=True, help="Only say what would be removed; change nothing.")
@click.pass_context
def remove_command(ctx: click.Context, file_or_id: str, dry_run: bool) -> None:
    """Remove one loaded file's facts from the store; what other files also said stays.

    FILE|SOURCE-ID is the path the file was loaded from or its name as the store knows it.

    \b
    Example:
      innograph remove plans/old-plan.docx --dry-run
      innograph remove old-plan.docx
    """
    with store_session(ctx, must_exist=True) as store:
        removal = api.remove(store, file_or_id, dry_run=dry_run)
    verb = "would remove" if dry_run else "removed"
    click.echo(f"{removal.source['id']}: {verb} {removal.nodes_removed} node(s) and {removal.edges_removed} edge(s) "
               f"only it held; {removal.nodes_kept} node(s) and {removal.edges_kept} edge(s) other files also "
               f"hold stay")


COMMANDS = [stats_command, export_command, remove_command]
