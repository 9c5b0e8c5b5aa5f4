"""The analysis report: one offline ``index.html`` that opens with the plan and its key
findings, then charts, one section per industry base, the maps and the tables; every table is
also saved whole as CSV beside it (the page shows its first ``TOP_ROWS``).

Every figure comes from ``innograph.queries.findings`` (each analysis run once, by the use-case
layer); this module only chooses, orders and labels them in the reader's language. CSVs are
UTF-8 with a byte-order mark so that Excel on Windows opens Chinese correctly. The page prints:
each map is drawn twice from one layout, interactive on screen and as a static SVG on paper.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import networkx as nx

from innograph.core import i18n
from innograph.core.errors import VizError
from innograph.core.files import atomic_write_bytes, atomic_write_text, excel_csv, safe_file_name
from innograph.graph.schema import Label
from innograph.queries import Findings

from .figure import map_svg
from .map import map_data, map_graph, render_map_data, score_nodes, select_nodes
from .page import render_page
from .sections import base_sections, charts
from .style import CATEGORY_ORDER, category_color

__all__ = ["Table", "TOP_ROWS", "report_tables", "table_csv", "write_report"]

TOP_ROWS = 10  # rows a table shows in the page; the CSV beside it has them all
_TOP_PER_KIND = 5
_MAX_INDUSTRY_MAPS = 12


@dataclass
class Table:
    """One table of the report: its first ``TOP_ROWS`` shown in the page, all of it written as
    ``<key>.csv``. ``tips``: a definition per column, shown as the header's tooltip and legend."""

    key: str
    title: str
    columns: list[str]
    rows: list[list[Any]]
    note: str = ""
    tips: dict[str, str] = field(default_factory=dict)
    csv_name: str = field(default="")

    def __post_init__(self) -> None:
        self.csv_name = f"{self.key}.csv"

    @property
    def shown(self) -> list[list[Any]]:
        return self.rows[:TOP_ROWS]


def _cell(value: Any, lang: str) -> Any:
    if isinstance(value, (list, tuple)):
        return ("、" if lang == "zh" else "; ").join(str(v) for v in value)
    if isinstance(value, float):
        return round(value, 4)
    if isinstance(value, bool):
        return "✓" if value else ""
    return "" if value is None else value


def _table(lang: str, key: str, title_key: str, columns: list[str], rows: list[list[Any]], note: str = "",
           tips: dict[str, str] | None = None) -> Table:
    names = [i18n.text(lang, c) for c in columns]
    return Table(key=key, title=i18n.text(lang, title_key), columns=names,
                 rows=[[_cell(v, lang) for v in row] for row in rows], note=note,
                 tips={i18n.text(lang, c): i18n.text(lang, t) for c, t in (tips or {}).items()})


def _summary(found: Findings, lang: str) -> tuple[list[dict[str, Any]], Table]:
    counts = found.counts
    figures = [
        {"name": i18n.text(lang, "actors"), "value": counts.actors, "color": "#0072B2"},
        {"name": i18n.text(lang, "tasks"), "value": counts.tasks, "color": category_color(Label.TASK.value)},
        {"name": i18n.text(lang, "industries"), "value": counts.industries, "color": category_color(Label.INDUSTRY.value)},
        {"name": i18n.text(lang, "edges"), "value": counts.edges, "color": "#0072B2"},
        {"name": i18n.text(lang, "sources"), "value": counts.sources, "color": "#0072B2"},
    ]
    kinds = counts.actors_by_kind
    by_kind = [[i18n.kind_name(lang, k), kinds[k]] for k in CATEGORY_ORDER if kinds.get(k)]
    return figures, _table(lang, "summary", "summary", ["kind", "count"], by_kind)


def _central(found: Findings, lang: str) -> Table:
    rows = [[i18n.kind_name(lang, r.kind), r.rank_in_kind, r.name, r.score, r.ties]
            for r in sorted(found.central.rows, key=lambda r: (CATEGORY_ORDER.index(r.kind) if r.kind in CATEGORY_ORDER else 99,
                                                               r.rank_in_kind))
            if r.rank_in_kind <= _TOP_PER_KIND]
    return _table(lang, "central_actors", "central_actors", ["kind", "rank", "name", "pagerank", "connections"], rows,
                  tips={"connections": "connections_def"})


def _brokers(found: Findings, lang: str) -> Table:
    # Bridges first: an actor that alone links two bases is what a planner acts on.
    ordered = sorted(found.brokers.rows, key=lambda r: (not r.bridges, not r.articulation_point))
    rows = [[r.name, i18n.kind_name(lang, r.kind), r.bridges, r.articulation_point, r.brokerage, r.constraint,
             r.effective_size] for r in ordered if r.brokerage > 0 or r.articulation_point]
    return _table(lang, "brokers", "brokers", ["name", "kind", "bridges_col", "articulation_point", "brokerage",
                                               "constraint", "effective_size"], rows,
                  note=i18n.text(lang, "brokers_note"))


def _gaps(found: Findings, lang: str) -> Table:
    rows = [[r.rank, r.base, r.name, i18n.kind_name(lang, r.kind), r.partner, i18n.kind_name(lang, r.partner_kind),
             r.score, r.reason] for r in found.gaps_shown]
    return _table(lang, "gaps", "gaps", ["rank", "industry", "actor", "kind", "partner", "kind", "score", "reason"], rows,
                  note=i18n.text(lang, "gaps_note", n=len(found.gaps)))


def _recommendations(found: Findings, lang: str) -> Table:
    rows = [[actor.actor, r.rank, r.name, i18n.kind_name(lang, r.kind), r.score, r.reason]
            for actor in found.recommended for r in actor.partners]
    return _table(lang, "recommendations", "recommendations", ["actor", "rank", "partner", "kind", "score", "reason"], rows)


def _helix(found: Findings, lang: str) -> Table:
    result = found.helix
    roles = ["government", "finance", "industry", "university", "research", "application", "intermediary"]
    rows = [[r.name, *(getattr(r, role) for role in roles), r.actors, r.cross_sector_ratio, r.reading] for r in result.rows]
    table = _table(lang, "helix", "helix", ["industry", *(f"role_{role}" for role in roles), "actors",
                                            "cross_sector_ratio", "reading"], rows)
    # T over more roles covers only the roles that vary across the relations (t_all_roles).
    wider = f"; T({result.t_all_roles}) = {result.t_all:.4f} bits" if result.t_all_roles else ""
    table.note = " ".join(filter(None, [f"T(政产学) = {result.t_gui:.4f} bits{wider}. {result.reading}",
                                        found.finance_note]))
    return table


def _task_coverage(found: Findings, lang: str) -> Table:
    rows = [[r.name, r.path, r.missing, r.departments, r.enterprises, r.research] for r in found.task_gaps]
    return _table(lang, "task_coverage", "task_coverage", ["task", "path", "missing", "resp_depts", "enterprises",
                                                           "research"], rows,
                  note=i18n.text(lang, "task_coverage_note", gaps=len(rows), tasks=found.counts.leaf_tasks))


def _department_load(found: Findings, lang: str) -> Table:
    result = found.department_load
    rows = [[r.name, r.led, r.shared, r.total, r.lead_share] for r in result.rows]
    return _table(lang, "department_load", "department_load", ["name", "leads", "responsible", "total", "lead_share"],
                  rows, note=f"Gini = {result.gini:.3f}; HHI = {result.hhi:.3f}",
                  tips={"leads": "leads_def", "responsible": "shared_def"})


def _targets(found: Findings, lang: str) -> Table | None:
    if found.targets is None:
        return None
    rows = [[r.name, r.metric, f"{r.comparator} {r.target:g}", r.achieved, r.progress, r.unit, r.date, r.status]
            for r in found.targets.rows]
    return _table(lang, "targets", "targets", ["task", "metric", "target", "achieved", "progress", "unit", "date",
                                               "status"], rows)


def report_tables(found: Findings) -> tuple[list[dict[str, Any]], list[Table]]:
    """The report's summary figures and tables, in the findings' language."""
    lang = found.lang
    figures, summary = _summary(found, lang)
    tables = [summary, _central(found, lang), _brokers(found, lang), _gaps(found, lang), _recommendations(found, lang),
              _helix(found, lang), _task_coverage(found, lang), _department_load(found, lang)]
    target_table = _targets(found, lang)
    if target_table is not None:
        tables.append(target_table)
    return figures, tables


def table_csv(table: Table) -> bytes:
    """A table as CSV, UTF-8 with a BOM (Excel on Windows needs it to read Chinese)."""
    return excel_csv(table.columns, table.rows)


def _write_map(G: nx.Graph, path: Path, **options: Any) -> dict[str, Any]:
    """One interactive map file and the data it shows (fixed layout), for its static twin."""
    data = map_data(G, fixed_layout=True, **options)
    atomic_write_text(path, render_map_data(data))
    return data


def write_report(G: nx.Graph, found: Findings, out_dir: str | os.PathLike[str], *, title: str | None = None,
                 industry_maps: bool = True) -> Path:
    """Write ``index.html``, one CSV per table and the maps into ``out_dir``; returns index.html's path.

    ``G`` is the projection ``found`` was computed from, best read with evidence (the maps'
    tooltips quote the plan); the report is in ``found.lang``. The whole-graph map
    (``map.html``) overlays the short list of collaboration gaps as dashed edges;
    ``map-communities.html`` colours by community; with ``industry_maps`` each industry gets
    its own map (file names made safe from the industry's name) and its section. Every map is
    laid out in Python once and drawn from that layout both as the interactive page and as the
    static SVG the printed report shows.
    """
    lang = i18n.check_lang(found.lang)
    out = Path(out_dir)
    if out.exists() and not out.is_dir():
        raise VizError(f"{out} is a file; give --out a folder for the report")
    figures, tables = report_tables(found)
    for table in tables:
        atomic_write_bytes(out / table.csv_name, table_csv(table))
    # The two maps of the whole graph share one PageRank.
    scores = score_nodes(map_graph(G, select_nodes(G)), "pagerank")
    gaps = [(r.id, r.partner_id, r.reason) for r in found.gaps_shown]
    maps = []
    for file, key, options in [("map.html", "map_title", {"gaps": gaps}),
                               ("map-communities.html", "map_communities", {"color_by": "community"})]:
        data = _write_map(G, out / file, lang=lang, scores=scores, **options)
        maps.append({"file": file, "name": i18n.text(lang, key), "svg": map_svg(data, title=i18n.text(lang, key))})
    base_maps: dict[str, dict[str, Any]] = {}
    if industry_maps:
        industries = sorted(attrs.get("name", n) for n, attrs in G.nodes(data=True)
                            if attrs.get("label") == Label.INDUSTRY.value)
        for name in industries[:_MAX_INDUSTRY_MAPS]:
            file = f"map-{safe_file_name(name, default='industry')}.html"
            view = i18n.text(lang, "view_industry", name=name)
            data = _write_map(G, out / file, lang=lang, industry=name, title=view,
                              gaps=[g for g in gaps if any(r.base == name and (r.id, r.partner_id) == g[:2]
                                                           for r in found.gaps_shown)])
            base_maps[name] = {"file": file, "name": view, "svg": map_svg(data, title=view)}
    html = render_page("report.html.j2", lang=lang, title=title or i18n.text(lang, "report_title"),
                       found=found, figures=figures, tables=tables, maps=maps, charts=charts(found),
                       bases=base_sections(found, base_maps), top_rows=TOP_ROWS)
    index = atomic_write_text(out / "index.html", html)
    _forget_stale_files(out, [t.csv_name for t in tables] + [m["file"] for m in maps]
                        + [m["file"] for m in base_maps.values()] + ["index.html"])
    return index


_MANIFEST = ".innograph-report.json"


def _forget_stale_files(out: Path, written: list[str]) -> None:
    """Delete the files an earlier report wrote into ``out`` that this one did not (an industry
    or a table the graph no longer has), so the folder never shows stale maps; files of anyone
    else stay. The list of what innograph wrote is kept in a small manifest beside them."""
    manifest = out / _MANIFEST
    try:
        before = json.loads(manifest.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        before = []
    # Case-folded: on Windows and macOS "map-AI.html" and "map-ai.html" are one file.
    current = {name.casefold() for name in written}
    kept = []
    for name in before if isinstance(before, list) else []:
        # Only plain file names this module makes: a manifest edited by hand cannot reach
        # anything outside the report folder.
        if not (isinstance(name, str) and name == Path(name).name and "\0" not in name
                and name.endswith((".html", ".csv")) and not name.startswith(".")) or name.casefold() in current:
            continue
        try:
            (out / name).unlink(missing_ok=True)
        except OSError:  # open in Excel on Windows, say: the report stands; try again next time
            kept.append(name)
    atomic_write_text(manifest, json.dumps(sorted(written + kept), ensure_ascii=False, indent=0))
