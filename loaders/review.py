"""The review sheet: the candidates extraction is least sure of, for a person to mark.

Every actor below ``confidence.REVIEW_BELOW`` (status ``kept``: it is in the graph) and every
near-miss name extraction refused (status ``refused``: it is not), least sure first, with the
sentence it came from. The last three columns (action, new_name, new_kind) are left empty for
the person; they are the columns a corrections table has (loaders/corrections.py), so the marked
file goes straight back as ``--corrections``. Written as UTF-8 with a BOM, so that Excel on
Windows shows the Chinese.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from innograph.core.files import atomic_write_bytes, excel_csv
from innograph.graph.schema import Label

from .confidence import REVIEW_BELOW, RULES

if TYPE_CHECKING:  # loaders/__init__ imports this module's neighbours; only the type is needed here
    from . import Extraction

__all__ = ["REVIEW_COLUMNS", "review_rows", "write_review"]

REVIEW_COLUMNS = ("name", "kind", "status", "confidence", "rule", "reason", "quote", "action", "new_name", "new_kind")


def review_rows(extraction: Extraction) -> list[dict[str, str]]:
    """The review sheet's rows for one ``Extraction``: doubtful actors by rising confidence,
    then refused candidates in the order the text has them."""
    kept = []
    for node in extraction.delta.nodes:
        confidence = node.properties.get("confidence")
        if node.label is not Label.ACTOR or not isinstance(confidence, (int, float)) or confidence >= REVIEW_BELOW:
            continue
        rule = str(node.properties.get("rule", ""))
        kept.append((confidence, node.evidence[0].start if node.evidence else 0, {
            "name": node.name, "kind": node.kind.value if node.kind else "", "status": "kept",
            "confidence": f"{confidence:.2f}", "rule": rule, "reason": RULES.get(rule, (0, ""))[1],
            "quote": node.evidence[0].quote if node.evidence else ""}))
    rows = [row for *_, row in sorted(kept, key=lambda item: item[:2])]
    rows += [{"name": r.name, "kind": "", "status": "refused", "confidence": "", "rule": "refused", "reason": r.reason,
              "quote": r.quote} for r in sorted(extraction.refused, key=lambda r: r.start)]
    return [{column: row.get(column, "") for column in REVIEW_COLUMNS} for row in rows]


def write_review(extraction: Extraction, path: str | os.PathLike[str]) -> list[dict[str, str]]:
    """Write the review sheet of ``extraction`` to ``path`` (atomically) and return its rows."""
    rows = review_rows(extraction)
    atomic_write_bytes(Path(path), excel_csv(REVIEW_COLUMNS, ([row[c] for c in REVIEW_COLUMNS] for row in rows)))
    return rows
