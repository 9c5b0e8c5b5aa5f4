"""The main job in one call: load plans and tables into a store, then write the report and maps."""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from pathlib import Path

from pydantic import BaseModel, ConfigDict

from innograph.core import i18n
from innograph.graph.model import ProjectionFilter
from innograph.graph.schema import ActorKind, Label
from innograph.graph.stores import GraphStore
from innograph.queries import centrality, gap_pairs

from .report import write_report

__all__ = ["AnalysisSummary", "analyze"]


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

    def lines(self, lang: str = "zh") -> list[str]:
        kinds = "、".join(f"{i18n.kind_name(lang, k)} {n}" for k, n in self.actors.items())
        return [
            f"{i18n.text(lang, 'report_title')}: {self.report}",
            f"{i18n.text(lang, 'nodes')} {self.nodes}, {i18n.text(lang, 'edges')} {self.edges}; "
            f"{i18n.text(lang, 'tasks')} {self.tasks}, {i18n.text(lang, 'industries')} {self.industries}",
            f"{i18n.text(lang, 'actors')}: {kinds or i18n.text(lang, 'none')}",
            f"{i18n.text(lang, 'central_actors')}: {'、'.join(self.top_actors) or i18n.text(lang, 'none')}",
            f"{i18n.text(lang, 'gaps')}: {self.gaps}",
        ]


def analyze(store: GraphStore, paths: Sequence[str | os.PathLike[str]], out_dir: str | os.PathLike[str], *,
            lang: str = "zh", progress: Callable[[str], None] | None = None,
            workers: int | None = None, corrections: str | os.PathLike[str] | None = None) -> AnalysisSummary:
    """Load ``paths`` (plans and tables) into ``store`` and write the report into ``out_dir``.

    Loading is the loaders' ``load`` (reloading a file replaces its earlier facts); the report is
    ``write_report`` over the whole store, so earlier loads are part of it too. ``workers``:
    processes extracting files at once (default: one per idle core; see ``loaders.load``);
    ``corrections``: an analyst's corrections table applied to every file (rows that change
    nothing are reported through ``progress`` as warnings).
    """
    from innograph.loaders import load  # imported here: the loaders pull in document readers

    i18n.check_lang(lang)
    say = progress or (lambda message: None)
    say(f"loading {len(paths)} file(s) into {getattr(store, 'path', 'the store')}")
    loaded = load(store, [Path(p) for p in paths], workers=workers, corrections=corrections)
    for message in loaded.warnings:
        say(f"warning: {message}")
    G = store.projection(ProjectionFilter(with_evidence=True))
    say(f"writing the report ({G.number_of_nodes()} nodes, {G.number_of_edges()} edges) to {out_dir}")
    index = write_report(G, out_dir, lang=lang)
    actors: dict[str, int] = {}
    labels = {Label.TASK.value: 0, Label.INDUSTRY.value: 0}
    for _, attrs in G.nodes(data=True):
        if attrs.get("label") == Label.ACTOR.value:
            kind = attrs.get("kind") or ActorKind.OTHER.value
            actors[kind] = actors.get(kind, 0) + 1
        elif attrs.get("label") in labels:
            labels[attrs["label"]] += 1
    order = [k.value for k in ActorKind]
    top = centrality(G, measure="pagerank", top=5).rows
    return AnalysisSummary(
        report=str(index), files=[str(p) for p in paths], nodes=G.number_of_nodes(), edges=G.number_of_edges(),
        actors={k: actors[k] for k in sorted(actors, key=order.index)}, tasks=labels[Label.TASK.value],
        industries=labels[Label.INDUSTRY.value], top_actors=[r.name for r in top],
        gaps=len(gap_pairs(G, top=None, lang=lang)))
