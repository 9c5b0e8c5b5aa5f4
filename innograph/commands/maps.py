"""The main job (``analyze``) and the HTML outputs: ``map`` and ``report``."""

from __future__ import annotations

import click

from innograph import api

from .common import CORRECTIONS_OPTION, LANG_OPTION, WORKERS_OPTION, emit_object, emit_rows, output_options, store_session

__all__ = ["COMMANDS"]



def _say(message: str) -> None:
    click.echo(message, err=True)


@click.command("analyze")
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False))
@click.option("--out", "out", required=True, type=click.Path(file_okay=False),
              help="Folder for the report (index.html, CSVs, maps); created if missing.")
@LANG_OPTION
@CORRECTIONS_OPTION
@WORKERS_OPTION
@click.pass_context
def analyze_command(ctx: click.Context, files: tuple[str, ...], out: str, lang: str, corrections: str | None,
                    workers: int | None) -> None:
    """Load plans and tables, then write the report and maps: the main job.

    FILES are plans (.txt, .docx, .html) and tables (.csv, .xlsx). They are loaded into the
    current store (reloading a file replaces its earlier facts) and the report covers the whole
    store. Open OUT/index.html in any browser; it needs no internet.

    \b
    Example:
      innograph analyze seeds/collaborative-innovation-plan.txt --out report
      innograph --db district.db analyze plan.docx progress.xlsx --out report-en --lang en
      innograph analyze plans/*.docx --out report --corrections corrections.csv
    """
    with store_session(ctx) as store:
        summary = api.analyze(store, files, out, lang=lang, progress=_say, workers=workers, corrections=corrections)
    click.echo("\n".join(summary.lines(lang)))


@click.command("map")
@click.option("--out", "out", required=True, type=click.Path(dir_okay=False), help="HTML file to write.")
@click.option("--size", "size_by", type=click.Choice(api.MAP_MEASURES), default="pagerank", show_default=True,
              help="Node size by this measure.")
@click.option("--color", "color_by", type=click.Choice(api.COLOR_BY), default="kind", show_default=True,
              help="Colour actors by kind (政金产学研用 palette) or by community.")
@click.option("--focus", default=None, metavar="NAME", help="Show only the neighbourhood of this node (name, alias or part).")
@click.option("--depth", default=1, show_default=True, type=click.IntRange(min=1), help="Steps around --focus.")
@click.option("--industry", default=None, metavar="NAME", help="Show one industry, its tasks and actors.")
@click.option("--gaps", "with_gaps", is_flag=True, help="Overlay recommended partnerships as dashed lines.")
@click.option("--cap", default=api.DEFAULT_CAP, show_default=True, type=click.IntRange(min=1),
              help="Keep at most this many nodes (the top ones by --size); the page says what it left out.")
@click.option("--title", default=None, help="Page title.")
@LANG_OPTION
@click.pass_context
def map_command(ctx: click.Context, out: str, size_by: str, color_by: str, focus: str | None, depth: int,
                industry: str | None, with_gaps: bool, cap: int, title: str | None, lang: str) -> None:
    """Write an interactive network map as one self-contained HTML file (works offline).

    Nodes are coloured by kind, sized by a centrality measure; hover for name, kind, industry,
    measures and the sentence of the plan it came from. Search by name; tick kinds in the legend.

    \b
    Example:
      innograph map --out map.html
      innograph map --out ego.html --focus 区科技局 --depth 2
      innograph map --out pharma.html --industry 医药健康 --gaps
      innograph map --out communities.html --color community --lang en
    """
    with store_session(ctx, reads_only=True) as store:
        path = api.map_(store, out, size_by=size_by, color_by=color_by, focus=focus, depth=depth, industry=industry,
                        with_gaps=with_gaps, cap=cap, title=title, lang=lang)
    click.echo(str(path))


@click.command("report")
@click.option("--out", "out", required=True, type=click.Path(file_okay=False),
              help="Folder for index.html, the CSVs and the maps; created if missing.")
@click.option("--pdf", is_flag=True, help="Also print the report to OUT/report.pdf with a local Chromium "
                                         "(found on PATH or named by INNOGRAPH_CHROMIUM).")
@LANG_OPTION
@click.pass_context
def report_command(ctx: click.Context, out: str, pdf: bool, lang: str) -> None:
    """Write the analysis report of the current store (index.html, CSV per table, maps).

    The report opens with the plan and its key findings, then one section per industry
    base; it prints on A4 with every map as a static image.

    \b
    Example:
      innograph report --out report
      innograph report --out report --pdf
      innograph report --out report-en --lang en
    """
    with store_session(ctx, reads_only=True) as store:
        index = api.report(store, out, lang=lang, progress=_say, pdf=pdf)
    click.echo(str(index))
    if pdf:
        click.echo(str(index.parent / "report.pdf"))


@click.command("findings")
@LANG_OPTION
@output_options
@click.pass_context
def findings_command(ctx: click.Context, lang: str, fmt: str) -> None:
    """The plan and its key findings: ranked plain sentences, each with its evidence and the
    report section or map that shows it.

    JSON gives the plan's identity and the findings as one object; table and CSV one row per
    finding (the table is preceded by the plan's title and sources).

    \b
    Example:
      innograph findings
      innograph findings --format json --lang en
    """
    with store_session(ctx, reads_only=True) as store:
        found = api.findings(store, lang=lang)
    if fmt == "json":
        emit_object({"identity": found.identity, "key_findings": found.key_findings,
                     "finance_note": found.finance_note}, fmt)
        return
    if fmt == "table":
        for line in found.identity_lines():
            click.echo(line)
        click.echo("")
    emit_rows(found.key_findings, fmt, ["rank", "text", "evidence", "link"] if fmt == "table" else None)


COMMANDS = [analyze_command, map_command, report_command, findings_command]
