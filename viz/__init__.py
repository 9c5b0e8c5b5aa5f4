"""Maps and the report: self-contained, offline HTML for people who look rather than read.

Views receive a graph (the store's projection) and query results, never a store or a loader:
``innograph.api`` reads the store and runs the analyses.
"""

from __future__ import annotations

from .map import COLOR_BY, DEFAULT_CAP, MAP_MEASURES, render_map, write_map
from .map import READS as MAP_READS

__all__ = ["render_map", "write_map", "MAP_MEASURES", "COLOR_BY", "DEFAULT_CAP", "MAP_READS"]
