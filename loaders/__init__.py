"""Loaders: turn plans (txt, docx, html) and analysts' tables (CSV, XLSX) into graph deltas.

``extract(path)`` reads one file; ``extract_files(paths)`` reads every file of a load (on worker
processes when there are many) and returns their deltas, or raises before anything could be
written. Loaders never touch a store: ``innograph.api.load`` writes the deltas. Both take
``corrections=`` (a corrections table's path, or ``read_corrections``'s result): an analyst's
renames, merges, kinds and drops, applied to each file's delta (loaders/corrections.py).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from innograph.core.cycles import cycle_collector_paused
from innograph.graph.model import GraphDelta
from innograph.graph.schema import ActorKind, Label

from .builder import Refusal, TaskSummary, build_delta
from .corrections import Corrections, as_corrections, correct_extractions, read_corrections
from .gazetteer import Gazetteer, default_gazetteer, load_gazetteer, plan_gazetteer
from .script import restore_written_forms

__all__ = ["Extraction", "ExtractedFiles", "extract", "extract_document", "extract_many", "extract_files", "load_gazetteer",
           "Gazetteer", "Corrections", "read_corrections"]


@dataclass
class Extraction:
    """What one file contributes, and a summary of it for people."""

    delta: GraphDelta
    tasks: list[TaskSummary] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    refused: list[Refusal] = field(default_factory=list)  # near-miss names, for review
    warnings: list[str] = field(default_factory=list)  # corrections rows that changed nothing

    def view(self) -> dict[str, Any]:
        """The ``innograph extract --format json`` object."""
        source = self.delta.source
        actors = [{"id": n.id, "name": n.name, "kind": n.kind.value if n.kind else None, "aliases": n.aliases,
                   "confidence": n.properties.get("confidence"), "rule": n.properties.get("rule")}
                  for n in self.delta.nodes if n.label is Label.ACTOR]
        relations = [{"source": e.source, "target": e.target, "type": e.type.value,
                      "evidence": [{"start": ev.start, "end": ev.end, "quote": ev.quote} for ev in e.evidence]}
                     for e in self.delta.edges]
        return {
            "source": {"path": source.path, "sha256": source.sha256, "title": source.title},
            "actors": actors,
            "tasks": [{"id": t.id, "title": t.title, "path": t.path, "lead": t.lead, "responsible": t.responsible,
                       "groups": t.groups, "targets": t.targets} for t in self.tasks],
            "relations": relations,
        }


@dataclass
class ExtractedFiles:
    """Every file of one load, extracted and corrected: what a store is to be given, in order."""

    paths: list[Path]
    extractions: list[Extraction]
    warnings: list[str] = field(default_factory=list)  # corrections rows that changed nothing in any file


def extract_document(doc: Any, gazetteer: Gazetteer | None = None) -> Extraction:
    """Extract a ``Document`` (from ``loaders.documents.read_document``) into a delta."""
    paragraphs = [(p.start, p.end, p.text) for p in doc.paragraphs]
    with cycle_collector_paused():
        delta, tasks, outline, refused = build_delta(doc.source, doc.text, paragraphs, doc.title,
                                                     gazetteer or default_gazetteer())
    if outline.title and delta.source.title != outline.title:
        delta.source.title = outline.title  # the plan's own title (not a cover notice's)
    if doc.written:
        restore_written_forms(delta.nodes, doc.text, doc.written)
        titles = {node.id: node.name for node in delta.nodes if node.label in (Label.TASK, Label.PLAN)}
        for task in tasks:
            task.title = titles.get(task.id, task.title)
        plan = next((node for node in delta.nodes if node.label is Label.PLAN), None)
        if plan is not None and delta.source.title == doc.text[plan.evidence[0].start:plan.evidence[0].end]:
            delta.source.title = plan.name  # the title as written too
    return Extraction(delta=delta, tasks=tasks, refused=refused)


def extract(path: str | Path, *, gazetteer: Gazetteer | None = None, skip_bad_rows: bool = False,
            corrections: Corrections | str | Path | None = None) -> Extraction:
    """Extract one file: a plan document or an analyst's table (recognised by extension).

    ``corrections`` (a table's path or ``read_corrections``'s result) are applied to what the
    file yields; rows that changed nothing are in ``Extraction.warnings``."""
    from .tables import is_table_file, read_table

    fixes = as_corrections(corrections)  # a bad table stops before the file is read
    gazetteer = plan_gazetteer(path, gazetteer or default_gazetteer())
    if is_table_file(path):
        result = read_table(path, skip_bad_rows=skip_bad_rows, gazetteer=gazetteer)
        extraction = Extraction(delta=result.delta, skipped=list(result.skipped))
    else:
        from .documents import read_document

        with cycle_collector_paused():  # reading allocates as freely as extracting
            extraction = extract_document(read_document(path), gazetteer)
    if fixes is None:
        return extraction
    (extraction,), warnings = _correct([extraction], fixes, gazetteer)
    extraction.warnings = warnings
    return extraction


def _correct(extractions: list[Extraction], corrections: Corrections,
             gazetteer: Gazetteer | None) -> tuple[list[Extraction], list[str]]:
    """Corrections applied to every extraction of one extract or load; merge targets are found
    among all of their actors, then in the gazetteer."""
    curated = gazetteer or default_gazetteer()

    def resolve(name: str) -> tuple[str, ActorKind] | None:
        entry = curated.lookup(name)
        return (entry.name, entry.kind) if entry is not None else None

    return correct_extractions(extractions, corrections, resolve=resolve)


def extract_files(paths: Iterable[str | Path], *, skip_bad_rows: bool = False, gazetteer: Gazetteer | None = None,
                  workers: int | None = None, corrections: Corrections | str | Path | None = None) -> ExtractedFiles:
    """Extract every file of a load, then correct them together; raises before returning if any
    file is bad, so a caller that writes only afterwards writes nothing for a bad load.

    Many files are extracted on worker processes (one per core; ``workers`` overrides that,
    1 keeps everything in this process); the result is the same either way: ``corrections``
    are applied here, after extraction, to every file's delta (merge targets are found in any
    file of the load)."""
    files = [Path(p) for p in paths]
    fixes = as_corrections(corrections)  # a bad corrections table stops before any work
    extractions = list(extract_many(files, gazetteer=gazetteer, skip_bad_rows=skip_bad_rows, workers=workers))
    if fixes is None:
        return ExtractedFiles(files, extractions)
    extractions, warnings = _correct(extractions, fixes, gazetteer)
    return ExtractedFiles(files, extractions, warnings)


def extract_many(paths: Iterable[str | Path], *, gazetteer: Gazetteer | None = None, skip_bad_rows: bool = False,
                 workers: int | None = None) -> Iterator[Extraction]:
    """``extract`` of every file, in order; on worker processes when there are many (see loaders/parallel.py)."""
    from .parallel import extract_many as _extract_many

    return _extract_many(paths, gazetteer=gazetteer, skip_bad_rows=skip_bad_rows, workers=workers)
