"""What goes into and out of a store: ``extract`` (no store), ``load`` (the loaders' deltas into a
store), ``stats``, ``export``, an analyst's ``cypher`` and ``copy`` between stores (push / pull).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import networkx as nx

from innograph.core.errors import QueryError
from innograph.graph.export import export_graph
from innograph.graph.model import ProjectionFilter, StoreCounts
from innograph.graph.stores import CypherStore, GraphStore
from innograph.graph.stores.copying import copy_graph
from innograph.loaders import Corrections, Extraction, Gazetteer, extract_files, load_gazetteer
from innograph.loaders import extract as extract_file
from innograph.loaders.review import write_review

__all__ = ["Extracted", "LoadReport", "Removal", "extract", "load", "remove", "NEEDS_NEO4J", "stats", "export", "cypher",
           "copy"]

PathLike = str | os.PathLike[str]
NEEDS_NEO4J = ("Cypher needs Neo4j; point innograph at a server with --neo4j bolt://HOST:7687 or NEO4J_URI "
               "(see README)")


@dataclass
class Extracted:
    """What one file yields, and the review sheet's rows when one was asked for."""

    extraction: Extraction
    review_rows: list[dict[str, str]] | None = None


@dataclass
class LoadReport:
    """Per-file and total counts of what a load added, updated, left unchanged and removed."""

    files: list[dict[str, Any]] = field(default_factory=list)
    totals: dict[str, int] = field(default_factory=dict)
    skipped: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)  # corrections rows that changed nothing


def _gazetteer(gazetteer: Gazetteer | PathLike | None) -> Gazetteer | None:
    """An analyst's gazetteer given as a file is read here; ``None`` is the shipped one."""
    return load_gazetteer(gazetteer) if isinstance(gazetteer, (str, os.PathLike)) else gazetteer


def extract(path: PathLike, *, gazetteer: Gazetteer | PathLike | None = None, skip_bad_rows: bool = False,
            corrections: Corrections | PathLike | None = None, review: PathLike | None = None) -> Extracted:
    """What a plan or table yields, without touching any store (``innograph extract``).

    ``review``: also write the doubtful actors and refused near-miss names to this CSV, for a
    person to mark and give back as ``corrections``.
    """
    extraction = extract_file(path, skip_bad_rows=skip_bad_rows, gazetteer=_gazetteer(gazetteer),
                              corrections=corrections)
    return Extracted(extraction, write_review(extraction, review) if review else None)


def load(store: GraphStore, paths: Iterable[PathLike], *, skip_bad_rows: bool = False,
         gazetteer: Gazetteer | PathLike | None = None, workers: int | None = None,
         corrections: Corrections | PathLike | None = None,
         on_file: Callable[[Path], None] | None = None) -> LoadReport:
    """Extract every file, then upsert each into ``store`` (``innograph load``).

    Every file is read first, so a bad file raises before anything is written; then each file
    is one transaction that replaces that file's earlier contributions. ``workers``: processes
    extracting at once (default one per idle core); ``corrections`` are applied to every file
    (rows that changed nothing in any file are in ``LoadReport.warnings``); ``on_file`` is
    called after each file is written.
    """
    extracted = extract_files(paths, skip_bad_rows=skip_bad_rows, gazetteer=_gazetteer(gazetteer), workers=workers,
                              corrections=corrections)
    report = LoadReport(warnings=extracted.warnings)
    for path, extraction in zip(extracted.paths, extracted.extractions):
        counts = store.upsert(extraction.delta, replace_source=True)
        report.files.append({"file": path.name, **counts})
        for key, value in counts.items():
            report.totals[key] = report.totals.get(key, 0) + value
        report.skipped.extend(extraction.skipped)
        if on_file is not None:
            on_file(path)
    return report


@dataclass
class Removal:
    """What ``remove`` took out (or, with ``dry_run``, would take out) for one loaded file.

    ``nodes_removed`` / ``edges_removed``: facts only this file held; ``nodes_kept`` /
    ``edges_kept``: facts this file shared with other files, which stay (with the others' words)."""

    source: dict[str, Any]
    dry_run: bool
    nodes_removed: int
    edges_removed: int
    nodes_kept: int
    edges_kept: int


def _find_source(store: GraphStore, file_or_id: PathLike) -> dict[str, Any]:
    """The loaded source a user names by its id (the file's name) or by a path to the file."""
    sources = store.sources()
    wanted = str(file_or_id)
    for match in (lambda s: s["id"] == wanted,
                  lambda s: bool(s["path"]) and _same_file(s["path"], wanted),
                  lambda s: s["id"] == Path(wanted).name):
        found = [s for s in sources if match(s)]
        if found:
            return found[0]
    known = ", ".join(s["id"] for s in sources[:10]) or "none"
    more = f" and {len(sources) - 10} more" if len(sources) > 10 else ""
    raise QueryError(f"no loaded file {wanted} in {store.describe()}; give the path or name of one of the "
                     f"loaded files: {known}{more}")


def _same_file(stored: str, wanted: str) -> bool:
    # Paths are stored as given at load time; a relative one compares from the current folder.
    return os.path.abspath(stored) == os.path.abspath(wanted)


def remove(store: GraphStore, file_or_id: PathLike, *, dry_run: bool = False) -> Removal:
    """Remove exactly one loaded file's facts (``innograph remove``): what only it said goes,
    what other files also said stays as they said it. ``file_or_id``: the source id (the file's
    name, as ``stats`` and the report show it) or the path it was loaded from. ``dry_run``:
    count what would go and change nothing. An unknown file raises ``QueryError``."""
    source = _find_source(store, file_or_id)
    # Only the sources attribute is needed, so the projection is read without evidence.
    G = store.projection(ProjectionFilter())
    held = source["id"]
    nodes = [n for n, data in G.nodes(data=True) if held in data["sources"]]
    gone = {n for n in nodes if G.nodes[n]["sources"] == [held]}
    # An edge goes when only this file held it, or when one of its ends goes.
    edges = [(u, v, data) for u, v, data in G.edges(data=True) if held in data["sources"] or u in gone or v in gone]
    edges_gone = sum(data["sources"] == [held] or u in gone or v in gone for u, v, data in edges)
    if not dry_run:
        counts = store.remove_source(held)
        gone_count, edges_gone = counts["nodes_removed"], counts["edges_removed"]
    else:
        gone_count = len(gone)
    return Removal(source, dry_run, gone_count, edges_gone, len(nodes) - gone_count, len(edges) - edges_gone)


def stats(store: GraphStore) -> StoreCounts:
    """Counts of nodes and edges by label, kind and type."""
    return store.counts()


def export(store: GraphStore, fmt: str, out: str | os.PathLike[str]) -> tuple[Path, nx.MultiDiGraph]:
    """Export the whole graph (with evidence) as json, graphml or gexf; returns the file and the graph."""
    G = store.projection(ProjectionFilter(with_evidence=True))
    return export_graph(G, fmt, out), G


def cypher(store: GraphStore, query: str, params: dict[str, Any] | None = None, *,
           write: bool = False) -> tuple[list[str], list[dict[str, Any]]]:
    """Run an analyst's Cypher on a Neo4j store: column names and records (read-only unless ``write``)."""
    if not isinstance(store, CypherStore):
        raise QueryError(NEEDS_NEO4J)
    return store.cypher(query, params, write=write)


def copy(origin: GraphStore, target: GraphStore, *, clear: bool = False) -> tuple[StoreCounts, StoreCounts]:
    """Make ``target`` hold ``origin``'s graph, each source's contributions intact (``push`` /
    ``pull``); returns both stores' counts, checked to be equal. ``clear``: also remove the
    sources ``origin`` does not have (otherwise their presence is an error)."""
    return copy_graph(origin, target, clear=clear)
