"""The report's charts and its one section per industry base, from the findings.

Charts are inline SVG (``figure``): department load (tasks led and shared), the helix matrix
as a heat map with the missing roles marked, and target progress. A base's section gathers
what a planner of that base reads: its 政金产学研用 counts and reading, the key findings about
it, its collaboration gaps (the short list's rows for the base) and its map.
"""

from __future__ import annotations

from typing import Any

from innograph.core import i18n
from innograph.graph.schema import ROLE_CHAR, ROLE_ORDER
from innograph.queries import Findings

from .figure import bar_chart, heat_map, progress_chart

__all__ = ["charts", "base_sections"]

_LOAD_SHOWN = 12  # departments in the load chart; the table's CSV has them all
_TARGETS_SHOWN = 25
_LED, _SHARED = "#0072B2", "#9ECAE1"


def charts(found: Findings) -> dict[str, Any]:
    """The report's three charts as inline SVG, in the findings' language."""
    lang = found.lang
    t = lambda key: i18n.text(lang, key)  # noqa: E731
    load = [(r.name, (r.led, r.shared)) for r in found.department_load.rows if r.total][:_LOAD_SHOWN]
    helix_rows = [r for r in found.helix.rows if r.kind == "industry"]
    roles = [r.value for r in ROLE_ORDER]
    heat = heat_map([r.name for r in helix_rows], [ROLE_CHAR[r] for r in ROLE_ORDER],
                    [[getattr(r, role) for role in roles] for r in helix_rows],
                    title=t("helix"), missing=t("role_missing"))
    targets = []
    if found.targets is not None:
        targets = [(f"{r.name} · {r.metric}", r.progress) for r in found.targets.rows][:_TARGETS_SHOWN]
    return {
        "load": bar_chart(load, [(t("leads"), _LED), (t("responsible"), _SHARED)], title=t("department_load")),
        "helix": heat,
        "targets": progress_chart(targets, title=t("targets"), no_data=t("no_data")) if targets else None,
    }


def base_sections(found: Findings, maps: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    """One section per industry base (the helix's rows), in the bases' order."""
    lang = found.lang
    sections = []
    for row in (r for r in found.helix.rows if r.kind == "industry"):
        counts = {ROLE_CHAR[r]: getattr(row, r.value) for r in ROLE_ORDER}
        missing = [c for c, n in counts.items() if n == 0]
        anchor = f"base-{row.name}"
        sections.append({
            "name": row.name,
            "anchor": anchor,
            "title": i18n.text(lang, "base_section", name=row.name),
            "counts": "，".join(f"{c} {n}" for c, n in counts.items()) if lang == "zh"
                      else ", ".join(f"{c} {n}" for c, n in counts.items()),
            "missing": "、".join(missing),
            "reading": row.reading,
            "findings": [f for f in found.key_findings if f.link == f"#{anchor}" or row.name in f.evidence],
            "gaps": [g for g in found.gaps_shown if g.base == row.name][:10],
            "map": maps.get(row.name),
        })
    return sections
