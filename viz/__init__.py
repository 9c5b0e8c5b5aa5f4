"""Maps and the report: self-contained, offline HTML for people who look rather than read."""

from __future__ import annotations

from .map import COLOR_BY, DEFAULT_CAP, MAP_MEASURES, render_map, write_map

__all__ = ["render_map", "write_map", "MAP_MEASURES", "COLOR_BY", "DEFAULT_CAP"]
