"""Analysis commands: centrality, communities, brokers, gaps, recommend, helix, targets, path.

Each command is a twin of the ``innograph.api`` function of the same name: it parses options,
calls it with the store and formats its rows. Notes for people (method used, modularity,
unmatched achievements) go to stderr; rows go to stdout.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

import click

from innograph import api
from innograph.core.i18n import text
from innograph.graph.schema import ActorKind

from .common import LANG_OPTION, emit_rows, output_options, store_session

__all__ = ["COMMANDS"]


def filter_options(default_top: int | None) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """``--top``, ``--kind`` (repeatable) and ``--industry`` shared by the analysis commands."""

    def decorate(func: Callable[..., Any]) -> Callable[..., Any]:
        @click.option("--top", type=click.IntRange(min=1), default=default_top, show_default=True,
                      help="Show only the first N rows.")
        @click.option("--kind", "kinds", multiple=True, type=click.Choice([k.value for k in ActorKind]),
                      help="Only actors of this kind (repeat for several).")
        @click.option("--industry", default=None, help="Only actors in this industry base, e.g. 医药健康.")
        @functools.wraps(func)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            return func(*args, **kwargs)

        return wrapper

    return decorate


_ties_option = click.option("--ties", type=click.Choice(api.TIES), default="all", show_default=True,
                            help="Which ties make the network: partnerships and shared tasks, or one of them.")


def _emit(rows: list[Any], fmt: str, table_columns: list[str]) -> None:
    """Tables show the chosen columns; JSON and CSV carry every field of each row."""
    emit_rows(rows, fmt, table_columns if fmt == "table" else None)


@click.command("centrality")
@click.option("--measure", type=click.Choice(api.MEASURES), default="degree", show_default=True)
@click.option("--network", type=click.Choice(["actors", "actor-task"]), default="actors", show_default=True,
              help="Actors tied by partnerships and shared tasks, or the bipartite actor–task graph.")
@click.option("--seed", type=int, default=0, show_default=True, help="Seed for sampled betweenness.")
@_ties_option
@LANG_OPTION
@filter_options(20)
@output_options
@click.pass_context
def centrality_command(ctx: click.Context, measure: str, network: str, seed: int, ties: str, lang: str, top: int | None,
                       kinds: tuple[str, ...], industry: str | None, fmt: str) -> None:
    """Rank actors by centrality, overall and within each kind.

    Scores come from the whole network; --kind and --industry choose the rows shown.
    Betweenness is exact up to 10,000 nodes and sampled (seeded) above.

    \b
    Example:
      innograph centrality --measure betweenness --top 10
      innograph centrality --measure pagerank --kind enterprise --industry 医药健康 --format json
    """
    with store_session(ctx, reads_only=True) as store:
        result = api.centrality(store, measure=measure, network=network, ties=ties, kinds=kinds, industry=industry,
                                top=top, seed=seed)
    click.echo(text(lang, "centrality_note", measure=text(lang, measure) if measure in ("pagerank", "betweenness", "degree")
                    else measure, nodes=result.nodes, edges=result.edges, method=result.method), err=True)
    _emit(result.rows, fmt, ["rank", "name", "kind", "score", "rank_in_kind", "ties"])


@click.command("communities")
@click.option("--resolution", type=float, default=1.0, show_default=True, help="Above 1: smaller communities.")
@click.option("--seed", type=int, default=0, show_default=True)
@_ties_option
@LANG_OPTION
@filter_options(None)
@output_options
@click.pass_context
def communities_command(ctx: click.Context, resolution: float, seed: int, ties: str, lang: str, top: int | None,
                        kinds: tuple[str, ...], industry: str | None, fmt: str) -> None:
    """Groups of actors that work together (Louvain, seeded), named by industry and kinds.

    \b
    Example:
      innograph communities
      innograph communities --resolution 1.5 --format json
    """
    with store_session(ctx, reads_only=True) as store:
        result = api.communities(store, resolution=resolution, seed=seed, ties=ties, kinds=kinds, industry=industry,
                                 top=top, lang=lang)
    click.echo(text(lang, "communities_note", n=len(result.membership), q=f"{result.modularity:.4f}"), err=True)
    _emit(result.communities, fmt, ["id", "name", "size", "industry", "members"])


@click.command("brokers")
@_ties_option
@LANG_OPTION
@filter_options(20)
@output_options
@click.pass_context
def brokers_command(ctx: click.Context, ties: str, lang: str, top: int | None, kinds: tuple[str, ...],
                    industry: str | None, fmt: str) -> None:
    """Brokers: Burt's constraint and effective size, Gould–Fernandez roles, cut points.

    Groups for brokerage roles are the helix roles 政金产学研用. Gatekeeper and
    representative are counted together: the ties have no direction. "bridges" says in plain
    words which industry bases only this actor links (try --ties partners).

    \b
    Example:
      innograph brokers --top 10
      innograph brokers --ties partners --kind university --format csv
    """
    with store_session(ctx, reads_only=True) as store:
        result = api.brokers(store, ties=ties, kinds=kinds, industry=industry, top=top, lang=lang)
    _emit(result.rows, fmt, ["name", "kind", "brokerage", "coordinator", "itinerant", "gatekeeper_representative",
                             "liaison", "constraint", "effective_size", "articulation_point", "bridges"])


_GAP_COLUMNS = {
    "pairs": ["rank", "base", "name", "kind", "partner", "partner_kind", "score", "reason"],
    "isolated": ["name", "kind", "industries", "contacts", "status"],
    "tasks": ["name", "missing", "departments", "enterprises", "research"],
    "load": ["name", "led", "shared", "total", "lead_share"],
    "helix": ["name", "counts", "missing", "thin", "status"],
}


@click.command("gaps")
@click.option("--what", type=click.Choice(api.GAP_VIEWS), default="pairs", show_default=True,
              help="pairs: unlinked cross-sector pairs; isolated: actors without partners; tasks: tasks "
                   "missing a department, enterprise or university/institute; load: department load; "
                   "helix: missing or thin 政金产学研用 roles per industry base.")
@click.option("--thin", type=click.IntRange(min=0), default=1, show_default=True,
              help="--what helix: a role with at most this many actors is thin.")
@LANG_OPTION
@filter_options(30)
@output_options
@click.pass_context
def gaps_command(ctx: click.Context, what: str, thin: int, lang: str, top: int | None, kinds: tuple[str, ...],
                 industry: str | None, fmt: str) -> None:
    """Collaboration gaps, each row with a reason a person can check.

    --kind applies to pairs (either actor) and isolated (default: all but government);
    --industry to pairs, isolated, tasks and helix.

    \b
    Example:
      innograph gaps --industry 医药健康
      innograph gaps --what tasks
      innograph gaps --what helix --lang en
    """
    with store_session(ctx, reads_only=True) as store:
        result = api.gaps(store, what=what, thin=thin, lang=lang, top=top, kinds=kinds, industry=industry)
    if isinstance(result, api.LoadResult):
        click.echo(f"leadership concentration: Gini {result.gini:.3f}, HHI {result.hhi:.3f}", err=True)
        result = result.rows
    _emit(result, fmt, _GAP_COLUMNS[what])


@click.command("recommend")
@click.argument("name")
@click.option("--any-kind", is_flag=True, help="Propose partners of every kind, not only cross-sector pairs.")
@LANG_OPTION
@filter_options(10)
@output_options
@click.pass_context
def recommend_command(ctx: click.Context, name: str, any_kind: bool, lang: str, top: int | None,
                      kinds: tuple[str, ...], industry: str | None, fmt: str) -> None:
    """The best partners for one actor (name, alias or unique part of it), with reasons.

    \b
    Example:
      innograph recommend 尚荣医疗
      innograph recommend 西南大学 --any-kind --top 5 --format json
    """
    with store_session(ctx, reads_only=True) as store:
        result = api.recommend(store, name, top=top, any_kind=any_kind, kinds=kinds, industry=industry, lang=lang)
    click.echo(f"partners for {result.actor} ({result.kind})", err=True)
    _emit(result.rows, fmt, ["rank", "name", "kind", "score", "adamic_adar", "common_neighbours", "reason"])


@click.command("helix")
@LANG_OPTION
@click.option("--industry", default=None, help="Only this industry base (the 全部 row stays).")
@output_options
@click.pass_context
def helix_command(ctx: click.Context, lang: str, industry: str | None, fmt: str) -> None:
    """Industries × 政金产学研用 roles, cross-sector tie ratio and Leydesdorff's synergy T.

    T is computed over relations (which roles each tie between two actors joins);
    negative T means synergy.

    \b
    Example:
      innograph helix
      innograph helix --lang en --format json
    """
    with store_session(ctx, reads_only=True) as store:
        result = api.helix(store, industry=industry, lang=lang)
    click.echo(f"T(政产学) = {result.t_gui:.4f}, T({result.t_all_roles or '-'}) = {result.t_all:.4f} over {result.units} "
               f"relations; {result.reading}", err=True)
    _emit(result.rows, fmt, ["name", "government", "finance", "industry", "university", "research", "application",
                             "intermediary", "cross_sector_ratio", "units", "t_gui", "t_all", "t_all_roles"])


@click.command("targets")
@LANG_OPTION
@click.option("--top", type=click.IntRange(min=1), default=None, help="Show only the first N rows.")
@output_options
@click.pass_context
def targets_command(ctx: click.Context, lang: str, top: int | None, fmt: str) -> None:
    """The plan's quantitative targets next to reported achievements, with the remaining gap.

    \b
    Example:
      innograph load progress.csv && innograph targets
      innograph targets --format csv > targets.csv
    """
    with store_session(ctx, reads_only=True) as store:
        result = api.targets(store, lang=lang, top=top)
    for a in result.unmatched:
        click.echo(f"warning: achievement {a.task!r} / {a.metric!r} ({a.date}) matches no target", err=True)
    _emit(result.rows, fmt,
          ["name", "metric", "comparator", "target", "unit", "achieved", "date", "gap", "status"])


@click.command("path")
@click.argument("source")
@click.argument("target")
@click.option("--max-paths", type=click.IntRange(min=1), default=5, show_default=True)
@LANG_OPTION
@output_options
@click.pass_context
def path_command(ctx: click.Context, source: str, target: str, max_paths: int, lang: str, fmt: str) -> None:
    """Shortest collaboration paths between two actors and the intermediaries on them.

    \b
    Example:
      innograph path 尚荣医疗 西南大学
      innograph path 北汽银翔 X邮电大学 --format json
    """
    with store_session(ctx, reads_only=True) as store:
        result = api.path(store, source, target, max_paths=max_paths, lang=lang)
    if result.hops is None:
        click.echo(f"no collaboration path between {result.source} and {result.target}", err=True)
    else:
        click.echo(f"{result.hops} hop{'' if result.hops == 1 else 's'}; intermediaries: {'、'.join(result.intermediaries) or '-'}", err=True)
    _emit(result.rows, fmt, ["path", "step", "name", "kind", "tie"])


COMMANDS = [centrality_command, communities_command, brokers_command, gaps_command, recommend_command,
            helix_command, targets_command, path_command]
