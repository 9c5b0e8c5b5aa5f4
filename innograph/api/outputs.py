"""The main job and its outputs: ``findings``, ``report``, ``map_`` and ``analyze`` (load + report).

The report's projection is read once and every analysis in it runs once
(``queries.findings``); the views get the graph and the findings, never the store.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from datetime import datetime, timezone
from pathlib import Path

import networkx as nx
from pydantic import BaseModel, ConfigDict

from innograph import queries
from innograph.core import i18n
from innograph.core.i18n import DEFAULT_LANG
from innograph.graph.stores import GraphStore, SQLiteStore
from innograph.loaders import Corrections
from innograph.queries import Findings
from innograph.viz import DEFAULT_CAP, MAP_READS, write_map
from innograph.viz.pdf import print_pdf
from innograph.viz.report import write_report

from .analyses import project
from .storage import load

__all__ = ["AnalysisSummary", "findings", "report", "map_", "analyze"]

PathLike = str | os.PathLike[str]
Progress = Callable[[str], None]

# The report quotes the plan in its maps' tooltips: the findings' graph, with evidence.
_REPORT_READS = queries.reads("findings") | MAP_READS


class AnalysisSummary(BaseModel):
    """What ``analyze`` did, short enough for a terminal."""

    model_config = ConfigDict(extra="forbid")

    report: str
    files: list[str]
    nodes: int
    edges: int
    actors: dict[str, int]
    tasks: int
    industries: int
    top_actors: list[str]
    gaps: int

    def lines(self, lang: str = DEFAULT_LANG) -> list[str]:
        kinds = "、".join(f"{i18n.kind_name(lang, k)} {n}" for k, n in self.actors.items())
        return [
            f"{i18n.text(lang, 'report_title')}: {self.report}",
            f"{i18n.text(lang, 'nodes')} {self.nodes}, {i18n.text(lang, 'edges')} {self.edges}; "
            f"{i18n.text(lang, 'tasks')} {self.tasks}, {i18n.text(lang, 'industries')} {self.industries}",
            f"{i18n.text(lang, 'actors')}: {kinds or i18n.text(lang, 'none')}",
            f"{i18n.text(lang, 'central_actors')}: {'、'.join(self.top_actors) or i18n.text(lang, 'none')}",
            f"{i18n.text(lang, 'gaps')}: {self.gaps}",
        ]


def _quiet(message: str) -> None:
    return None


def _analysed(store: GraphStore, G: nx.MultiDiGraph, lang: str) -> Findings:
    # The query reads no clock and no store: the files loaded and the time come from here.
    now = datetime.now(timezone.utc).astimezone().isoformat(timespec="seconds")
    return queries.findings(G, lang=lang, sources=store.sources(), analysed_at=now)


def findings(store: GraphStore, *, lang: str = DEFAULT_LANG) -> Findings:
    """Every analysis the report shows, computed once over the store's graph; ``key_findings``
    and ``identity`` are what ``innograph findings`` prints.

    Example::

        found = api.findings(store)
        for f in found.key_findings:
            print(f.rank, f.text, f.link)
    """
    return _analysed(store, project(store, queries.reads("findings")), i18n.check_lang(lang))


def _write_report(store: GraphStore, out_dir: PathLike, lang: str, say: Progress, pdf: bool = False) -> tuple[Path, Findings]:
    G = project(store, _REPORT_READS)
    say(f"writing the report ({G.number_of_nodes()} nodes, {G.number_of_edges()} edges) to {Path(out_dir)}")
    found = _analysed(store, G, lang)
    index = write_report(G, found, out_dir)
    if pdf:
        say(f"printing {index} to PDF with Chromium")
        print_pdf(index, Path(out_dir) / "report.pdf")
    return index, found


def report(store: GraphStore, out_dir: PathLike, *, lang: str = DEFAULT_LANG, progress: Progress | None = None,
           pdf: bool = False) -> Path:
    """Write the report of everything in ``store`` into ``out_dir`` (index.html, a CSV per
    table, the maps); returns index.html's path. ``pdf``: also print it to ``report.pdf``
    with a local Chromium (``VizError`` naming the fix when there is none)."""
    return _write_report(store, out_dir, i18n.check_lang(lang), progress or _quiet, pdf)[0]


def map_(store: GraphStore, out: PathLike, *, size_by: str = "pagerank", color_by: str = "kind",
         focus: str | None = None, depth: int = 1, industry: str | None = None, with_gaps: bool = False,
         cap: int = DEFAULT_CAP, title: str | None = None, lang: str = DEFAULT_LANG) -> Path:
    """Write one interactive map of the store's graph as a self-contained HTML file (see
    ``viz.render_map`` for the options); ``with_gaps`` dashes every collaboration gap."""
    G = project(store, MAP_READS)
    gaps = [(r.id, r.partner_id, r.reason) for r in queries.gap_pairs(G, top=None, lang=lang)] if with_gaps else None
    return write_map(G, out, size_by=size_by, color_by=color_by, focus=focus, depth=depth, industry=industry,
                     gaps=gaps, lang=lang, cap=cap, title=title)


def analyze(store: GraphStore, paths: Sequence[PathLike], out_dir: PathLike, *, lang: str = DEFAULT_LANG,
            progress: Progress | None = None, workers: int | None = None,
            corrections: Corrections | PathLike | None = None) -> AnalysisSummary:
    """Load ``paths`` (plans and tables) into ``store`` and write the report into ``out_dir``:
    the main job.

    Loading is ``load`` (reloading a file replaces its earlier facts); the report covers the
    whole store, so earlier loads are part of it too. ``workers``: processes extracting files
    at once; ``corrections``: an analyst's corrections table applied to every file (rows that
    change nothing are reported through ``progress`` as warnings).
    """
    i18n.check_lang(lang)
    say = progress or _quiet
    say(f"loading {len(paths)} file(s) into {store.path if isinstance(store, SQLiteStore) else 'the store'}")
    loaded = load(store, [Path(p) for p in paths], workers=workers, corrections=corrections)
    for message in loaded.warnings:
        say(f"warning: {message}")
    index, found = _write_report(store, out_dir, lang, say)
    counts = found.counts
    return AnalysisSummary(report=str(index), files=[str(p) for p in paths], nodes=counts.nodes, edges=counts.edges,
                           actors=counts.actors_by_kind, tasks=counts.tasks, industries=counts.industries,
                           top_actors=found.top_actors(5), gaps=len(found.gaps))
