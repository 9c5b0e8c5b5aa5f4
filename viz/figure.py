"""Static images for the printed report: a map drawn as inline SVG from the very data the
interactive map shows (same nodes, colours, sizes and positions), and small charts.

Nothing here runs a script: a printed page, a PDF or an e-mail client shows SVG as it is. Every
text from a document is escaped (``markupsafe.escape``); numbers are formatted here.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from markupsafe import Markup, escape

__all__ = ["map_svg", "bar_chart", "heat_map", "progress_chart"]

_PAD = 40.0
_LABEL_LIMIT = 14  # characters of a node label drawn on paper
_FONT = "font-family:'Noto Sans CJK SC','Microsoft YaHei','PingFang SC',sans-serif"


def _short(text: str, limit: int = _LABEL_LIMIT) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _shape(node: dict[str, Any], x: float, y: float, r: float, fill: str) -> str:
    shape = node.get("shape", "dot")
    if shape == "diamond":
        return f'<polygon points="{x},{y - r} {x + r},{y} {x},{y + r} {x - r},{y}" fill="{fill}"/>'
    if shape in ("square", "box"):
        return f'<rect x="{x - r}" y="{y - r}" width="{2 * r}" height="{2 * r}" fill="{fill}"/>'
    if shape == "triangle":
        return f'<polygon points="{x},{y - r} {x + r},{y + r} {x - r},{y + r}" fill="{fill}"/>'
    return f'<circle cx="{x}" cy="{y}" r="{r}" fill="{fill}"/>'


def map_svg(data: dict[str, Any], *, title: str = "") -> Markup:
    """The map of ``viz.map.map_data(..., fixed_layout=True)`` as one SVG element.

    >>> data = {"nodes": [{"id": "a", "label": "<b>甲</b>", "x": 0, "y": 0, "size": 10, "color": "#0072B2"},
    ...                   {"id": "b", "label": "乙", "x": 100, "y": 0, "size": 10, "color": "#E69F00"}],
    ...         "edges": [{"from": "a", "to": "b", "color": "#999", "width": 1}]}
    >>> svg = str(map_svg(data))
    >>> svg.count("<circle"), "&lt;b&gt;甲&lt;/b&gt;" in svg, "<line" in svg
    (2, True, True)
    """
    placed = {n["id"]: n for n in data["nodes"] if "x" in n and "y" in n}
    if not placed:
        return Markup("")
    xs = [n["x"] for n in placed.values()]
    ys = [n["y"] for n in placed.values()]
    x0, y0 = min(xs) - _PAD, min(ys) - _PAD
    width, height = max(xs) - x0 + _PAD, max(ys) - y0 + _PAD
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" class="map-figure" role="img" viewBox="{x0:.0f} {y0:.0f} '
             f'{width:.0f} {height:.0f}" preserveAspectRatio="xMidYMid meet"><title>{escape(title)}</title>']
    for e in data["edges"]:
        a, b = placed.get(e["from"]), placed.get(e["to"])
        if a is None or b is None:
            continue
        dash = ' stroke-dasharray="6 4"' if e.get("dashes") else ""
        parts.append(f'<line x1="{a["x"]}" y1="{a["y"]}" x2="{b["x"]}" y2="{b["y"]}" stroke="{escape(e.get("color", "#ccc"))}" '
                     f'stroke-width="{float(e.get("width", 1)):.1f}"{dash}/>')
    for n in sorted(placed.values(), key=lambda n: n.get("size", 8)):
        parts.append(_shape(n, n["x"], n["y"], round(float(n.get("size", 8)) / 2, 1), escape(n.get("color", "#999"))))
    for n in placed.values():
        size = float(n.get("size", 8))
        parts.append(f'<text x="{n["x"]}" y="{n["y"] + size / 2 + 11:.1f}" text-anchor="middle" font-size="10" '
                     f'style="{_FONT}" fill="#222" stroke="#fff" stroke-width="2.5" paint-order="stroke">'
                     f'{escape(_short(str(n.get("label", ""))))}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))


def bar_chart(rows: Sequence[tuple[str, Sequence[float]]], series: Sequence[tuple[str, str]], *, title: str) -> Markup:
    """Horizontal stacked bars: ``rows`` of (label, values per series); ``series`` (name, colour).

    >>> "牵头" in str(bar_chart([("区科技局", (4, 8))], [("牵头", "#0072B2"), ("参与", "#9ecae1")], title="负荷"))
    True
    """
    if not rows:
        return Markup("")
    top = max(sum(v) for _, v in rows) or 1
    label_w, bar_w, row_h = 170, 420, 22
    height = row_h * len(rows) + 36
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" viewBox="0 0 {label_w + bar_w + 60} {height}">'
             f'<title>{escape(title)}</title>']
    for i, (name, values) in enumerate(rows):
        y = i * row_h + 4
        parts.append(f'<text x="{label_w - 6}" y="{y + 14}" text-anchor="end" font-size="12" style="{_FONT}">'
                     f'{escape(_short(name, 12))}</text>')
        x = label_w
        for (series_name, color), v in zip(series, values):
            w = bar_w * v / top
            if w:
                parts.append(f'<rect x="{x:.1f}" y="{y}" width="{w:.1f}" height="{row_h - 6}" fill="{color}">'
                             f'<title>{escape(series_name)}: {v:g}</title></rect>')
            x += w
        parts.append(f'<text x="{x + 4:.1f}" y="{y + 14}" font-size="11" style="{_FONT}">'
                     f'{" + ".join(f"{v:g}" for v in values)}</text>')
    legend_y = row_h * len(rows) + 22
    x = label_w
    for name, color in series:
        parts.append(f'<rect x="{x}" y="{legend_y - 10}" width="12" height="12" fill="{color}"/>'
                     f'<text x="{x + 16}" y="{legend_y}" font-size="12" style="{_FONT}">{escape(name)}</text>')
        x += 110
    parts.append("</svg>")
    return Markup("".join(parts))


def heat_map(rows: Sequence[str], columns: Sequence[str], values: Sequence[Sequence[int]], *, title: str,
             missing: str) -> Markup:
    """A grid of counts, darker for more; a zero cell is hatched and marked ``missing``.

    >>> svg = str(heat_map(["汽车"], ["政", "学"], [[4, 0]], title="矩阵", missing="缺"))
    >>> "缺" in svg and ">4<" in svg
    True
    """
    if not rows:
        return Markup("")
    top = max((v for row in values for v in row), default=1) or 1
    label_w, cell_w, cell_h = 90, 58, 30
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" viewBox="0 0 '
             f'{label_w + cell_w * len(columns) + 4} {cell_h * (len(rows) + 1) + 4}"><title>{escape(title)}</title>',
             '<defs><pattern id="hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">'
             '<line x1="0" y1="0" x2="0" y2="6" stroke="#d55e00" stroke-width="2"/></pattern></defs>']
    for j, c in enumerate(columns):
        parts.append(f'<text x="{label_w + cell_w * j + cell_w / 2}" y="20" text-anchor="middle" font-size="13" '
                     f'font-weight="bold" style="{_FONT}">{escape(c)}</text>')
    for i, (name, row) in enumerate(zip(rows, values)):
        y = cell_h * (i + 1)
        parts.append(f'<text x="{label_w - 6}" y="{y + 19}" text-anchor="end" font-size="12" style="{_FONT}">'
                     f'{escape(_short(name, 8))}</text>')
        for j, v in enumerate(row):
            x = label_w + cell_w * j
            if v:
                shade = 0.15 + 0.85 * v / top
                parts.append(f'<rect x="{x + 1}" y="{y + 1}" width="{cell_w - 2}" height="{cell_h - 2}" '
                             f'fill="rgba(0,114,178,{shade:.2f})"/><text x="{x + cell_w / 2}" y="{y + 20}" '
                             f'text-anchor="middle" font-size="13" fill="{"#fff" if shade > 0.55 else "#222"}">{v}</text>')
            else:
                parts.append(f'<rect x="{x + 1}" y="{y + 1}" width="{cell_w - 2}" height="{cell_h - 2}" fill="url(#hatch)" '
                             f'stroke="#d55e00"/><text x="{x + cell_w / 2}" y="{y + 20}" text-anchor="middle" font-size="12" '
                             f'fill="#d55e00" font-weight="bold" style="{_FONT}">{escape(missing)}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))


def progress_chart(rows: Sequence[tuple[str, float | None]], *, title: str, no_data: str) -> Markup:
    """One bar per target, filled to its progress (0 to 1, capped); ``None`` says ``no_data``.

    >>> "未报送" in str(progress_chart([("团队", None), ("项目", 0.4)], title="进度", no_data="未报送"))
    True
    """
    if not rows:
        return Markup("")
    label_w, bar_w, row_h = 230, 300, 20
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" viewBox="0 0 {label_w + bar_w + 80} '
             f'{row_h * len(rows) + 6}"><title>{escape(title)}</title>']
    for i, (name, progress) in enumerate(rows):
        y = i * row_h + 3
        parts.append(f'<text x="{label_w - 6}" y="{y + 13}" text-anchor="end" font-size="11" style="{_FONT}">'
                     f'{escape(_short(name, 20))}</text><rect x="{label_w}" y="{y}" width="{bar_w}" height="{row_h - 6}" '
                     f'fill="#eee"/>')
        if progress is None:
            parts.append(f'<text x="{label_w + 6}" y="{y + 12}" font-size="11" fill="#888" style="{_FONT}">'
                         f'{escape(no_data)}</text>')
        else:
            share = max(0.0, min(1.0, progress))
            parts.append(f'<rect x="{label_w}" y="{y}" width="{bar_w * share:.1f}" height="{row_h - 6}" fill="#009E73"/>'
                         f'<text x="{label_w + bar_w + 6}" y="{y + 12}" font-size="11">{progress:.0%}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))
