"""The use-case layer: everything the CLI does, as plain functions over a store.

The only place that wires the layers together: loaders turn files into deltas and ``load``
writes them; each analysis reads the projection its query module declares (``READS``), once;
the views get graphs and results, never the store. It opens nothing the caller did not give
it: open a store with ``innograph.graph.stores.open_store`` (or ``SQLiteStore(path)``).

Example::

    from innograph import api
    from innograph.graph.stores import open_store

    with open_store("innograph.db") as store:
        api.load(store, ["plan.docx", "tables/actors.csv"])
        index = api.report(store, "report")
        top = api.centrality(store, measure="pagerank", top=10).rows
"""

from __future__ import annotations

from innograph.graph.export import EXPORT_FORMATS
from innograph.queries import MEASURES, TIES, Findings, LoadResult
from innograph.viz import COLOR_BY, DEFAULT_CAP, MAP_MEASURES

from .analyses import GAP_VIEWS, brokers, centrality, communities, gaps, helix, path, project, recommend, targets
from .outputs import AnalysisSummary, analyze, findings, map_, report
from .storage import NEEDS_NEO4J, Extracted, LoadReport, Removal, copy, cypher, export, extract, load, remove, stats

__all__ = [
    # loading
    "Extracted", "LoadReport", "extract", "load", "Removal", "remove",
    # the main job and its outputs
    "AnalysisSummary", "Findings", "analyze", "findings", "report", "map_",
    # analyses
    "project", "centrality", "communities", "brokers", "gaps", "recommend", "helix", "targets", "path", "LoadResult",
    # the store as a whole
    "stats", "export", "cypher", "copy", "NEEDS_NEO4J",
    # the options' choices
    "MEASURES", "TIES", "GAP_VIEWS", "MAP_MEASURES", "COLOR_BY", "DEFAULT_CAP", "EXPORT_FORMATS",
]
