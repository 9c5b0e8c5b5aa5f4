"""One formatter for every command's results: an aligned table, JSON or CSV.

Tables measure East Asian wide characters with wcwidth so that Chinese names line up in a
terminal; JSON keeps Chinese as it is (``ensure_ascii=False``).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from pydantic import BaseModel
from wcwidth import wcswidth

__all__ = ["FORMATS", "format_rows", "format_object", "to_jsonable", "display_width", "pad"]

FORMATS = ("table", "json", "csv")


def to_jsonable(value: Any) -> Any:
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json")
    if isinstance(value, Mapping):
        return {str(k): to_jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [to_jsonable(v) for v in value]
    if isinstance(value, float) and value != value:  # NaN is not JSON
        return None
    return value


def display_width(text: str) -> int:
    width = wcswidth(text)
    return width if width >= 0 else len(text)


def pad(text: str, width: int, align: str = "<") -> str:
    gap = max(0, width - display_width(text))
    return (" " * gap + text) if align == ">" else (text + " " * gap)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return f"{value:.4g}" if abs(value) < 1e-3 else f"{value:.4f}".rstrip("0").rstrip(".")
    if isinstance(value, (list, tuple, set)):
        return "、".join(_cell(v) for v in value)
    if isinstance(value, Mapping):
        return json.dumps(value, ensure_ascii=False)
    return str(value).replace("\n", " ")


def _csv_cell(value: Any) -> Any:
    """Lists join with "|" (what spreadsheet users split on); objects become JSON, not reprs."""
    if value is None:
        return ""
    if isinstance(value, list) and all(not isinstance(v, (list, dict)) for v in value):
        return "|".join("" if v is None else str(v) for v in value)
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False)
    return value


def _rows(rows: Iterable[Any]) -> list[dict[str, Any]]:
    return [to_jsonable(r) for r in rows]


def format_rows(rows: Iterable[Any], fmt: str, columns: Sequence[str] | None = None) -> str:
    """Format rows (dicts or pydantic models) as ``table``, ``json`` (an array) or ``csv``."""
    data = _rows(rows)
    cols = list(columns) if columns else list(dict.fromkeys(k for r in data for k in r))
    if fmt == "json":
        return json.dumps(data, ensure_ascii=False, indent=2)
    if fmt == "csv":
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\n")
        writer.writerow(cols)
        for r in data:
            writer.writerow([_csv_cell(r.get(c)) for c in cols])
        return buf.getvalue().rstrip("\n")
    if fmt != "table":
        raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    if not data:
        return "(no rows)"
    cells = [[_cell(r.get(c)) for c in cols] for r in data]
    numeric = [all(isinstance(r.get(c), (int, float)) and not isinstance(r.get(c), bool) for r in data if r.get(c) is not None) for c in cols]
    widths = [max([display_width(c)] + [display_width(row[i]) for row in cells]) for i, c in enumerate(cols)]
    lines = ["  ".join(pad(c, widths[i], ">" if numeric[i] else "<") for i, c in enumerate(cols)).rstrip(),
             "  ".join("-" * w for w in widths)]
    for row in cells:
        lines.append("  ".join(pad(v, widths[i], ">" if numeric[i] else "<") for i, v in enumerate(row)).rstrip())
    return "\n".join(lines)


def format_object(obj: Any, fmt: str, table_sections: Mapping[str, Iterable[Any]] | None = None) -> str:
    """Format one result object: JSON as an object; table and CSV as its sections of rows."""
    if fmt == "json":
        return json.dumps(to_jsonable(obj), ensure_ascii=False, indent=2)
    sections = table_sections or {}
    parts = []
    for title, rows in sections.items():
        body = format_rows(rows, fmt)
        parts.append(f"# {title}\n{body}" if fmt == "table" else body)
    return "\n\n".join(parts)
