"""Loading commands: ``extract`` (read a file, print what it yields) and ``load`` (into the store)."""

from __future__ import annotations

import click

from innograph import api
from innograph.output import FORMATS

from .common import CORRECTIONS_OPTION, WORKERS_OPTION, echo_warnings, emit_object, progress, store_session

__all__ = ["COMMANDS"]


_GAZETTEER = click.option(
    "--gazetteer", type=click.Path(dir_okay=False), envvar="INNOGRAPH_GAZETTEER", default=None,
    help="Your own gazetteer YAML instead of the shipped seeds/gazetteer.yaml (env INNOGRAPH_GAZETTEER). "
         "A plan's own PLAN.gazetteer.yaml beside it is added either way.")


def _short(actor_id: str) -> str:
    return actor_id.split(":", 1)[-1]


@click.command("extract")
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True,
              help="table for people (sections), json for other tools, csv (sections as CSV).")
@click.option("--skip-bad-rows", is_flag=True, help="For tables: leave out bad rows instead of failing.")
@_GAZETTEER
@CORRECTIONS_OPTION
@click.option("--review", type=click.Path(dir_okay=False), default=None, metavar="CSV",
              help="Also write the doubtful actors and refused near-miss names to this CSV, for a person to "
                   "mark (action, new_name, new_kind) and give back as --corrections.")
def extract_command(file: str, fmt: str, skip_bad_rows: bool, gazetteer: str | None, corrections: str | None,
                    review: str | None) -> None:
    """Show the actors, tasks and relations a plan or table yields, without touching any store.

    \b
    Example:
      innograph extract seeds/collaborative-innovation-plan.txt
      innograph extract plan.docx --format json > plan.json
      innograph extract plan.docx --gazetteer my_gazetteer.yaml
      innograph extract plan.docx --review review.csv          # mark it in Excel, then:
      innograph extract plan.docx --corrections review.csv
    """
    extracted = api.extract(file, skip_bad_rows=skip_bad_rows, gazetteer=gazetteer, corrections=corrections,
                            review=review)
    extraction = extracted.extraction
    view = extraction.view()
    names = {n.id: n.name for n in extraction.delta.nodes}  # tasks, targets and programs by name too
    sections = {
        "source": [view["source"]],
        "actors": [{"name": a["name"], "kind": a["kind"], "aliases": a["aliases"]} for a in view["actors"]],
        "tasks": [{"task": " / ".join(t["path"]), "lead": [names.get(i, _short(i)) for i in t["lead"]],
                   "responsible": [names.get(i, _short(i)) for i in t["responsible"]], "groups": t["groups"],
                   "targets": [f"{x['metric']} {x['comparator']} {x['value']:g}{x['unit']}" for x in t["targets"]]}
                  for t in view["tasks"]],
        "relations": [{"source": names.get(r["source"], _short(r["source"])), "type": r["type"],
                       "target": names.get(r["target"], _short(r["target"])),
                       "quote": r["evidence"][0]["quote"][:60] if r["evidence"] else ""} for r in view["relations"]],
    }
    emit_object(view, fmt, sections)
    for message in extraction.skipped:
        click.echo(f"skipped {message}", err=True)
    echo_warnings(extraction.warnings)
    if extracted.review_rows is not None:
        rows = extracted.review_rows
        kept = sum(row["status"] == "kept" for row in rows)
        click.echo(f"{review}: {len(rows)} row(s) to review ({kept} kept actor(s) below the review line, "
                   f"{len(rows) - kept} refused name(s))", err=True)


@click.command("load")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option("--skip-bad-rows", is_flag=True, help="For tables: load the good rows and report the bad ones.")
@_GAZETTEER
@CORRECTIONS_OPTION
@WORKERS_OPTION
@click.pass_context
def load_command(ctx: click.Context, files: tuple[str, ...], skip_bad_rows: bool, gazetteer: str | None,
                 corrections: str | None, workers: int | None) -> None:
    """Extract plans and tables and add them to the store (a reloaded file replaces its old facts).

    Every file is read first; if any file is bad nothing is written.

    \b
    Example:
      innograph load seeds/collaborative-innovation-plan.txt
      innograph --db district.db load plans/*.docx tables/actors.csv --skip-bad-rows
      innograph load plans/*.docx --corrections corrections.csv
    """
    with store_session(ctx) as store, progress(list(files), "Loading") as bar:
        report = api.load(store, files, skip_bad_rows=skip_bad_rows, gazetteer=gazetteer, workers=workers,
                          corrections=corrections, on_file=lambda _path: bar.update(1))
    for row in report.files:
        click.echo(f"{row['file']}: nodes +{row.get('nodes_added', 0)} ~{row.get('nodes_updated', 0)} "
                   f"={row.get('nodes_unchanged', 0)} -{row.get('nodes_removed', 0)}; edges +{row.get('edges_added', 0)} "
                   f"~{row.get('edges_updated', 0)} ={row.get('edges_unchanged', 0)} -{row.get('edges_removed', 0)}")
    totals = report.totals
    click.echo(f"Loaded {len(report.files)} file(s): {totals.get('nodes_added', 0)} nodes added, "
               f"{totals.get('nodes_updated', 0)} updated, {totals.get('nodes_unchanged', 0)} unchanged, "
               f"{totals.get('nodes_removed', 0)} removed; {totals.get('edges_added', 0)} edges added, "
               f"{totals.get('edges_updated', 0)} updated, {totals.get('edges_unchanged', 0)} unchanged, "
               f"{totals.get('edges_removed', 0)} removed.")
    for message in report.skipped:
        click.echo(f"skipped {message}", err=True)
    echo_warnings(report.warnings)


COMMANDS = [extract_command, load_command]
