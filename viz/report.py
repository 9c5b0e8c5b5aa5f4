"""The analysis report: one offline ``index.html`` with every table also saved as CSV, and the maps.

Every figure comes from a query in ``innograph.queries``; this module only chooses, orders and
labels them in the reader's language. CSVs are UTF-8 with a byte-order mark so that Excel on
Windows opens Chinese correctly.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import networkx as nx

from innograph.core import i18n
from innograph.core.errors import VizError
from innograph.core.files import atomic_write_bytes, atomic_write_text, excel_csv, safe_file_name
from innograph.graph.schema import ActorKind, Label
from innograph.queries import (
    brokers,
    centrality,
    department_load,
    gap_pairs,
    helix,
    recommend_all,
    targets,
    task_gaps,
)

from .map import write_map
from .page import render_page
from .style import CATEGORY_ORDER, category_color

__all__ = ["Table", "report_tables", "write_report"]

_TOP_PER_KIND = 5
_MAX_INDUSTRY_MAPS = 12


@dataclass
class Table:
    """One table of the report: shown in the page and written as ``<key>.csv``."""

    key: str
    title: str
    columns: list[str]
    rows: list[list[Any]]
    note: str = ""
    csv_name: str = field(default="")

    def __post_init__(self) -> None:
        self.csv_name = f"{self.key}.csv"


def _cell(value: Any, lang: str) -> Any:
    if isinstance(value, (list, tuple)):
        return ("、" if lang == "zh" else "; ").join(str(v) for v in value)
    if isinstance(value, float):
        return round(value, 4)
    if isinstance(value, bool):
        return "✓" if value else ""
    return "" if value is None else value


def _table(lang: str, key: str, title_key: str, columns: list[str], rows: list[list[Any]], note: str = "") -> Table:
    return Table(key=key, title=i18n.text(lang, title_key), columns=[i18n.text(lang, c) for c in columns],
                 rows=[[_cell(v, lang) for v in row] for row in rows], note=note)


def _summary(G: nx.Graph, lang: str) -> tuple[list[dict[str, Any]], Table]:
    labels = Counter(label for _, label in G.nodes(data="label"))
    kinds = Counter(kind for _, attrs in G.nodes(data=True) if attrs.get("label") == Label.ACTOR.value
                    for kind in [attrs.get("kind") or "other"])
    sources = {s for _, attrs in G.nodes(data=True) for s in attrs.get("sources") or ()}
    figures = [
        {"name": i18n.text(lang, "actors"), "value": labels[Label.ACTOR.value]},
        {"name": i18n.text(lang, "tasks"), "value": labels[Label.TASK.value]},
        {"name": i18n.text(lang, "industries"), "value": labels[Label.INDUSTRY.value]},
        {"name": i18n.text(lang, "edges"), "value": G.number_of_edges()},
        {"name": i18n.text(lang, "sources"), "value": len(sources)},
    ]
    by_kind = [[i18n.kind_name(lang, k), kinds[k]] for k in CATEGORY_ORDER if kinds.get(k)]
    table = _table(lang, "summary", "summary", ["kind", "count"], by_kind)
    for f, k in zip(figures, (Label.ACTOR, Label.TASK, Label.INDUSTRY, None, None)):
        f["color"] = category_color(k.value) if k and k is not Label.ACTOR else "#0072B2"
    return figures, table


def _central(G: nx.Graph, lang: str) -> Table:
    result = centrality(G, measure="pagerank")
    rows = [[i18n.kind_name(lang, r.kind), r.rank_in_kind, r.name, r.score, r.ties]
            for r in sorted(result.rows, key=lambda r: (CATEGORY_ORDER.index(r.kind) if r.kind in CATEGORY_ORDER else 99,
                                                        r.rank_in_kind))
            if r.rank_in_kind <= _TOP_PER_KIND]
    return _table(lang, "central_actors", "central_actors", ["kind", "rank", "name", "pagerank", "degree"], rows)


def _brokers(G: nx.Graph, lang: str) -> Table:
    result = brokers(G, top=15)
    rows = [[r.name, i18n.kind_name(lang, r.kind), r.brokerage, r.constraint, r.effective_size, r.articulation_point]
            for r in result.rows if r.brokerage > 0 or r.articulation_point]
    return _table(lang, "brokers", "brokers", ["name", "kind", "brokerage", "constraint", "effective_size",
                                               "articulation_point"], rows)


def _gaps(G: nx.Graph, lang: str, pairs: list[Any]) -> Table:
    rows = [[r.name, i18n.kind_name(lang, r.kind), r.partner, i18n.kind_name(lang, r.partner_kind), r.score, r.reason]
            for r in pairs]
    return _table(lang, "gaps", "gaps", ["actor", "kind", "partner", "kind", "score", "reason"], rows)


def _recommendations(G: nx.Graph, lang: str) -> Table:
    kinds = (ActorKind.ENTERPRISE.value, ActorKind.UNIVERSITY.value, ActorKind.INSTITUTE.value)
    found = recommend_all(G, kinds=kinds, top=3, lang=lang)
    names = {n: G.nodes[n].get("name", n) for n in found}
    rows = [[names[a], r.rank, r.name, i18n.kind_name(lang, r.kind), r.score, r.reason]
            for a in sorted(found, key=lambda a: names[a]) for r in found[a]]
    return _table(lang, "recommendations", "recommendations", ["actor", "rank", "partner", "kind", "score", "reason"], rows)


def _helix(G: nx.Graph, lang: str) -> Table:
    result = helix(G, lang=lang)
    roles = ["government", "finance", "industry", "university", "research", "application", "intermediary"]
    rows = [[r.name, *(getattr(r, role) for role in roles), r.actors, r.cross_sector_ratio, r.reading] for r in result.rows]
    table = _table(lang, "helix", "helix", ["industry", *(f"role_{role}" for role in roles), "actors",
                                            "cross_sector_ratio", "reading"], rows)
    # T over more roles covers only the roles that vary across the relations (t_all_roles).
    wider = f"; T({result.t_all_roles}) = {result.t_all:.4f} bits" if result.t_all_roles else ""
    table.note = f"T(政产学) = {result.t_gui:.4f} bits{wider}. {result.reading}"
    return table


def _task_coverage(G: nx.Graph, lang: str) -> Table:
    rows = [[r.name, r.path, r.missing, r.departments, r.enterprises, r.research] for r in task_gaps(G, lang=lang)]
    parents = {v for u, v, t in G.edges(data="type") if t == "PART_OF" and G.nodes[u].get("label") == Label.TASK.value}
    leaves = sum(1 for n, label in G.nodes(data="label") if label == Label.TASK.value and n not in parents)
    return _table(lang, "task_coverage", "task_coverage", ["task", "path", "missing", "resp_depts", "enterprises",
                                                           "research"], rows,
                  note=i18n.text(lang, "task_coverage_note", gaps=len(rows), tasks=leaves))


def _department_load(G: nx.Graph, lang: str) -> Table:
    result = department_load(G)
    rows = [[r.name, r.led, r.shared, r.total, r.lead_share] for r in result.rows]
    return _table(lang, "department_load", "department_load", ["name", "leads", "responsible", "total", "lead_share"],
                  rows, note=f"Gini = {result.gini:.3f}; HHI = {result.hhi:.3f}")


def _targets(G: nx.Graph, lang: str) -> Table | None:
    if not any(label == Label.TARGET.value for _, label in G.nodes(data="label")):
        return None
    result = targets(G, lang=lang)
    rows = [[r.name, r.metric, f"{r.comparator} {r.target:g}", r.achieved, r.progress, r.unit, r.date, r.status]
            for r in result.rows]
    return _table(lang, "targets", "targets", ["task", "metric", "target", "achieved", "progress", "unit", "date",
                                               "status"], rows)


def report_tables(G: nx.Graph, *, lang: str = "zh", gap_rows: list[Any] | None = None) -> tuple[list[dict[str, Any]], list[Table]]:
    """The report's summary figures and tables, in ``lang``, computed by the queries."""
    i18n.check_lang(lang)
    figures, summary = _summary(G, lang)
    pairs = gap_rows if gap_rows is not None else gap_pairs(G, top=30, lang=lang)
    tables = [summary, _central(G, lang), _brokers(G, lang), _gaps(G, lang, pairs), _recommendations(G, lang),
              _helix(G, lang), _task_coverage(G, lang), _department_load(G, lang)]
    target_table = _targets(G, lang)
    if target_table is not None:
        tables.append(target_table)
    return figures, tables


def table_csv(table: Table) -> bytes:
    """A table as CSV, UTF-8 with a BOM (Excel on Windows needs it to read Chinese)."""
    return excel_csv(table.columns, table.rows)


def write_report(G: nx.Graph, out_dir: str | os.PathLike[str], *, lang: str = "zh", title: str | None = None,
                 industry_maps: bool = True) -> Path:
    """Write ``index.html``, one CSV per table and the maps into ``out_dir``; returns index.html's path.

    ``G`` is the store's projection, best read ``with_evidence=True`` (the maps' tooltips quote
    the plan). The whole-graph map (``map.html``) overlays the recommended links as dashed edges;
    ``map-communities.html`` colours by community; with ``industry_maps`` each industry gets
    its own map (file names made safe from the industry's name).
    """
    i18n.check_lang(lang)
    out = Path(out_dir)
    if out.exists() and not out.is_dir():
        raise VizError(f"{out} is a file; give --out a folder for the report")
    pairs = gap_pairs(G, top=30, lang=lang)
    figures, tables = report_tables(G, lang=lang, gap_rows=pairs)
    for table in tables:
        atomic_write_bytes(out / table.csv_name, table_csv(table))
    maps = [{"file": "map.html", "name": i18n.text(lang, "map_title")}]
    write_map(G, out / "map.html", lang=lang, gaps=[(r.id, r.partner_id, r.reason) for r in pairs])
    write_map(G, out / "map-communities.html", lang=lang, color_by="community")
    maps.append({"file": "map-communities.html", "name": i18n.text(lang, "map_communities")})
    if industry_maps:
        industries = sorted(attrs.get("name", n) for n, attrs in G.nodes(data=True)
                            if attrs.get("label") == Label.INDUSTRY.value)
        for name in industries[:_MAX_INDUSTRY_MAPS]:
            file = f"map-{safe_file_name(name, default='industry')}.html"
            write_map(G, out / file, lang=lang, industry=name, title=i18n.text(lang, "view_industry", name=name))
            maps.append({"file": file, "name": i18n.text(lang, "view_industry", name=name)})
    html = render_page("report.html.j2", lang=lang, title=title or i18n.text(lang, "report_title"),
                       figures=figures, tables=tables, maps=maps)
    index = atomic_write_text(out / "index.html", html)
    _forget_stale_files(out, [t.csv_name for t in tables] + [m["file"] for m in maps] + ["index.html"])
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
