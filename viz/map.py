"""Interactive network maps as one self-contained, offline HTML file.

pyvis builds the nodes, edges and options; the page itself comes from our own template
(templates/map.html.j2) with vis-network inlined, so it opens from an e-mail attachment on a
machine with no internet. Text from documents reaches the page only as JSON data and is put on
screen with ``textContent`` (tooltips are DOM elements, never HTML strings), so a name such as
``<img src=x onerror=alert(1)>`` shows as text.
"""

from __future__ import annotations

import math
import os
from pathlib import Path
from typing import Any

import networkx as nx
from pyvis.edge import Edge
from pyvis.node import Node

from innograph.core import i18n
from innograph.core.i18n import DEFAULT_LANG
from innograph.core.errors import VizError
from innograph.core.files import atomic_write_text
from innograph.graph.schema import ActorKind, Label, RelationType
from innograph.queries import EVERYTHING, Reads, actor_network, centrality_scores, communities

from .layout import fixed_positions, precomputed_positions
from .page import render_page
from .style import (
    CATEGORY_ORDER,
    COMMUNITY_COLORS,
    EDGE_STYLES,
    FONT_STACK,
    OTHER_COMMUNITY_COLOR,
    RECOMMENDED_STYLE,
    category_color,
    category_of,
    category_shape,
)
from .views import DEFAULT_LABELS, ego_nodes, industry_nodes, nodes_with_labels, top_nodes

__all__ = ["MAP_MEASURES", "COLOR_BY", "PHYSICS_LIMIT", "DEFAULT_CAP", "READS", "render_map", "render_map_data",
           "write_map", "map_data",
           "select_nodes", "map_graph", "score_nodes", "map_nodes", "map_edges", "map_legend"]

MAP_MEASURES = ("pagerank", "betweenness", "degree")
COLOR_BY = ("kind", "community")
PHYSICS_LIMIT = 1500  # above this the browser's physics takes too long to settle: precompute
DEFAULT_CAP = 3000  # above this a page is slow to draw and unreadable: keep the top nodes
_MIN_SIZE, _MAX_SIZE = 8.0, 40.0
# A map draws any node of the graph and quotes the plan in its tooltips.
READS = Reads(EVERYTHING.labels, EVERYTHING.types, evidence=True)
_QUOTE_CHARS = 160
_NEUTRAL = "#BBBBBB"
_ACTOR_CATEGORIES = frozenset(k.value for k in ActorKind)
_RECOMMENDED = "RECOMMENDED"  # the relation of the dashed, recommended links


def _short(name: str, limit: int) -> str:
    return name if len(name) <= limit else name[: limit - 1] + "…"


def _fmt(value: float) -> str:
    return f"{value:.4g}" if math.isfinite(value) else "-"


def _first_quote(attrs: dict[str, Any]) -> str:
    for ev in attrs.get("evidence") or ():
        quote = (ev.get("quote") or "").strip() if isinstance(ev, dict) else ""
        if quote:
            return _short(quote, _QUOTE_CHARS)
    return ""


def _industries(G: nx.Graph, nodes: set[str]) -> dict[str, list[str]]:
    """Node id -> names of the industries it is IN_INDUSTRY of (one pass over the edges)."""
    out: dict[str, list[str]] = {}
    for u, v, t in G.edges(data="type"):
        if t == RelationType.IN_INDUSTRY.value and u in nodes:
            out.setdefault(u, []).append(G.nodes[v].get("name", v))
    return out


def select_nodes(G: nx.Graph, *, focus: str | None = None, depth: int = 1, industry: str | None = None,
                 labels: Any = DEFAULT_LABELS) -> set[str]:
    """The nodes a map shows, before the cap: ``labels``, then one industry, then an ego network."""
    keep = nodes_with_labels(G, labels)
    if industry:
        keep = industry_nodes(G, industry, keep)
    if focus is not None:  # an empty --focus is an error (no name), not the whole graph
        keep = ego_nodes(G, focus, depth, keep)
    return keep


def map_graph(G: nx.Graph, keep: set[str]) -> nx.Graph:
    """The graph a map measures: the nodes in ``keep``, direction and parallel edges ignored."""
    # A subgraph view of every node is slow to copy: the whole graph is copied directly.
    return nx.Graph(G if len(keep) == G.number_of_nodes() else G.subgraph(keep))


def score_nodes(simple: nx.Graph, size_by: str) -> dict[str, float]:
    """``size_by`` of every node of ``map_graph``'s graph: the measure that sizes the map's nodes."""
    return centrality_scores(simple, size_by)[0] if simple else {}


def _community_colors(G: nx.Graph, lang: str) -> tuple[dict[str, str], list[dict[str, Any]]]:
    """Actor id -> colour, and the legend rows, for ``color_by="community"`` (largest first)."""
    result = communities(G, lang=lang)
    colors: dict[str, str] = {}
    legend: list[dict[str, Any]] = []
    for i, community in enumerate(result.communities):
        color = COMMUNITY_COLORS[i] if i < len(COMMUNITY_COLORS) else OTHER_COMMUNITY_COLOR
        colors.update(dict.fromkeys(community.member_ids, color))
        if i < len(COMMUNITY_COLORS):
            legend.append({"name": community.name, "color": color, "count": community.size})
    rest = sum(c.size for c in result.communities[len(COMMUNITY_COLORS):])
    if rest:
        legend.append({"name": i18n.text(lang, "community") + " …", "color": OTHER_COMMUNITY_COLOR, "count": rest})
    return colors, legend


def map_nodes(G: nx.Graph, keep: set[str], scores: dict[str, float], *, size_by: str, lang: str,
              colors: dict[str, str], positions: dict[str, tuple[float, float]],
              degree: dict[str, int]) -> tuple[list[dict[str, Any]], dict[str, dict[str, Any]], dict[str, int]]:
    """vis-network's node objects (biggest first), each node's tooltip details, and the number
    of nodes per category (for the legend). ``colors`` overrides the kind's colour (communities);
    nodes in ``positions`` are placed there (no physics); ``degree`` is shown in the tooltip."""
    names = {n: str(G.nodes[n].get("name", n)) for n in keep}
    top_score = max((scores.get(n, 0.0) for n in keep), default=0.0) or 1.0
    industries = _industries(G, keep)
    nodes: list[dict[str, Any]] = []
    details: dict[str, dict[str, Any]] = {}
    counts: dict[str, int] = {}
    for n in sorted(keep, key=lambda n: (-scores.get(n, 0.0), names[n], n)):
        attrs = G.nodes[n]
        category = category_of(attrs)
        counts[category] = counts.get(category, 0) + 1
        size = _MIN_SIZE + (_MAX_SIZE - _MIN_SIZE) * math.sqrt(max(scores.get(n, 0.0), 0.0) / top_score)
        extra: dict[str, Any] = {"cat": category, "size": round(size, 1), "physics": not positions}
        if n in positions:
            extra["x"], extra["y"] = positions[n]
        label = _short(names[n], 20 if attrs.get("label") == Label.ACTOR.value else 14) or n  # as pyvis's add_node
        nodes.append(Node(n, category_shape(category), label, color=colors.get(n, category_color(category)),
                          **extra).options)
        details[n] = {
            "n": names[n],
            "k": i18n.category_name(lang, category),
            "a": [str(a) for a in attrs.get("aliases") or ()],
            "i": sorted(set(industries.get(n, ()))),
            # One count of connections everywhere (report, CLI, map): for an actor, the other actors
            # it shares a task or a partnership with; other nodes show their links on the map.
            "m": ([] if size_by == "degree" else [[i18n.text(lang, size_by), _fmt(scores.get(n, 0.0))]])
                 + [[i18n.text(lang, "connections" if attrs.get("label") == Label.ACTOR.value else "map_links"),
                     str(degree.get(n, 0))]],
            "q": _first_quote(attrs),
        }
    return nodes, details, counts


def map_edges(G: nx.Graph, keep: set[str], gaps: Any, lang: str) -> tuple[list[dict[str, Any]], list[dict[str, str]], dict[str, int]]:
    """vis-network's edge objects among ``keep`` and the recommended links (``gaps``, dashed),
    each edge's tooltip details, and the number of edges per relation type ("RECOMMENDED" for
    the dashed ones)."""
    # The endpoints are known to be on the map: pyvis's add_edge would scan its node list for
    # every edge (quadratic), so its Edge objects are built directly.
    edges: list[dict[str, Any]] = []
    details: list[dict[str, str]] = []
    counts: dict[str, int] = {}
    for u, v, data in G.subgraph(keep).edges(data=True):
        relation = data.get("type") or ""
        style = EDGE_STYLES.get(RelationType(relation), EDGE_STYLES[RelationType.PART_OF]) if relation else EDGE_STYLES[RelationType.PART_OF]
        edges.append(Edge(u, v, directed=False, id=f"e{len(details)}", relation=relation, **style).options)
        details.append({"r": i18n.relation_name(lang, relation) if relation else "", "q": _first_quote(data)})
        counts[relation] = counts.get(relation, 0) + 1
    for pair in gaps or ():
        a, b, reason = (tuple(pair) + ("",))[:3]
        if a in keep and b in keep and a != b:
            edges.append(Edge(a, b, directed=False, id=f"e{len(details)}", relation=_RECOMMENDED, physics=False,
                              **RECOMMENDED_STYLE).options)
            details.append({"r": i18n.text(lang, "recommended"), "q": str(reason)})
            counts[_RECOMMENDED] = counts.get(_RECOMMENDED, 0) + 1
    return edges, details, counts


def map_legend(node_counts: dict[str, int], edge_counts: dict[str, int], *, lang: str,
               by_community: bool) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The legend's node categories and relation types, in the palette's order, with counts."""
    # Coloured by community, an actor's kind is no longer its colour: its legend swatch is grey.
    categories = [{"key": c, "name": i18n.category_name(lang, c),
                   "color": _NEUTRAL if by_community and c in _ACTOR_CATEGORIES else category_color(c),
                   "shape": category_shape(c), "count": node_counts[c]} for c in CATEGORY_ORDER if c in node_counts]
    relations = [{"name": i18n.relation_name(lang, r), "color": EDGE_STYLES[RelationType(r)]["color"], "dashed": False,
                  "count": edge_counts[r.value]} for r in RelationType if r.value in edge_counts]
    if edge_counts.get(_RECOMMENDED):
        relations.append({"name": i18n.text(lang, "recommended"), "color": RECOMMENDED_STYLE["color"], "dashed": True,
                          "count": edge_counts[_RECOMMENDED]})
    return categories, relations


def map_data(G: nx.Graph, *, size_by: str = "pagerank", color_by: str = "kind", focus: str | None = None,
             depth: int = 1, industry: str | None = None, gaps: Any = None, lang: str = DEFAULT_LANG,
             cap: int = DEFAULT_CAP, title: str | None = None, labels: Any = DEFAULT_LABELS,
             scores: dict[str, float] | None = None, fixed_layout: bool = False) -> dict[str, Any]:
    """Everything the map page shows, as plain JSON-able data (see ``render_map``): the nodes
    selected, scored, capped, then drawn with their edges and legend.

    ``scores``: ``score_nodes`` of the same selection and ``size_by``, when the caller computed
    them already (the report draws the whole graph twice, by kind and by community).
    ``fixed_layout``: place every node in Python (``layout.fixed_positions``), physics off, so
    that a static image drawn from the same data (``figure.map_svg``) shows the same layout.
    """
    i18n.check_lang(lang)
    if size_by not in MAP_MEASURES:
        raise VizError(f"unknown size measure {size_by!r}; use one of {', '.join(MAP_MEASURES)}")
    if color_by not in COLOR_BY:
        raise VizError(f"unknown colouring {color_by!r}; use one of {', '.join(COLOR_BY)}")
    if cap < 1:
        raise VizError(f"the node cap must be 1 or more, not {cap}")
    keep = select_nodes(G, focus=focus, depth=depth, industry=industry, labels=labels)
    simple = map_graph(G, keep) if scores is None or len(keep) > cap else None
    scores = score_nodes(simple, size_by) if scores is None else scores
    notes: list[str] = []
    if len(keep) > cap:
        kept = top_nodes({n: scores.get(n, 0.0) for n in keep}, cap, {n: str(G.nodes[n].get("name", n)) for n in keep})
        dropped_edges = simple.number_of_edges() - simple.subgraph(kept).number_of_edges()
        notes.append(i18n.text(lang, "left_out", measure=i18n.text(lang, size_by), kept=len(kept),
                               dropped=len(keep) - len(kept), dropped_edges=dropped_edges))
        keep = kept
    shown = simple.subgraph(keep) if simple is not None else map_graph(G, keep)
    physics = len(keep) <= PHYSICS_LIMIT and not fixed_layout
    positions = {} if physics else fixed_positions(shown) if fixed_layout else precomputed_positions(shown)
    if len(keep) > PHYSICS_LIMIT:
        notes.append(i18n.text(lang, "precomputed"))
    colors, community_legend = _community_colors(G.subgraph(keep), lang) if color_by == "community" else ({}, [])
    if focus is not None:
        notes.insert(0, i18n.text(lang, "view_focus", name=focus, depth=depth))
    if industry:
        notes.insert(0, i18n.text(lang, "view_industry", name=industry))
    connections = dict(shown.degree()) | {n: d for n, d in actor_network(G).degree() if n in keep}
    nodes, details, node_counts = map_nodes(G, keep, scores, size_by=size_by, lang=lang, colors=colors,
                                            positions=positions, degree=connections)
    edges, edge_details, edge_counts = map_edges(G, keep, gaps, lang)
    if edge_counts.get(_RECOMMENDED):
        notes.append(i18n.text(lang, "view_gaps"))
    categories, relations = map_legend(node_counts, edge_counts, lang=lang, by_community=bool(colors))
    return {
        "lang": lang,
        "title": title or i18n.text(lang, "map_title"),
        "nodes": nodes,
        "edges": edges,
        "details": details,
        "edgeDetails": edge_details,
        "options": _options(physics, len(keep)),
        "physics": physics,
        "notes": notes,
        "sizeBy": i18n.text(lang, "size_by", measure=i18n.text(lang, size_by)),
        "categories": categories,
        "relations": relations,
        "communities": community_legend,
        "strings": {k: i18n.text(lang, k) for k in ("search_placeholder", "search_none", "search_found", "kind",
                                                     "industry", "aliases", "evidence", "stabilizing", "empty_map")},
    }


def _options(physics: bool, n: int) -> dict[str, Any]:
    return {
        "nodes": {"font": {"face": FONT_STACK, "size": 14, "strokeWidth": 3, "strokeColor": "#ffffff"},
                  "borderWidth": 1},
        "edges": {"smooth": False, "color": {"inherit": False}, "arrows": {"to": {"scaleFactor": 0.5}},
                  "selectionWidth": 2},
        "interaction": {"hover": True, "tooltipDelay": 150, "hideEdgesOnDrag": n > 500, "hideEdgesOnZoom": n > 1000},
        "layout": {"improvedLayout": n <= 150, "randomSeed": 7},
        "physics": {
            "enabled": physics,
            "solver": "forceAtlas2Based",
            "forceAtlas2Based": {"gravitationalConstant": -60, "springLength": 90, "avoidOverlap": 0.4},
            "minVelocity": 1.0,
            # Settle before the first draw, then the page switches physics off (see map.js).
            "stabilization": {"enabled": physics, "iterations": 200, "updateInterval": 50, "fit": True},
        },
    }


def render_map(G: nx.Graph, *, size_by: str = "pagerank", color_by: str = "kind", focus: str | None = None,
               depth: int = 1, industry: str | None = None, gaps: Any = None, lang: str = DEFAULT_LANG,
               cap: int = DEFAULT_CAP, title: str | None = None, labels: Any = DEFAULT_LABELS,
               scores: dict[str, float] | None = None, fixed_layout: bool = False) -> str:
    """The map of ``G`` as one self-contained HTML page (no external URL, all text escaped).

    Parameters
    ----------
    G : networkx graph
        The store's projection (read ``with_evidence=True`` for evidence sentences in tooltips).
    size_by : {"pagerank", "betweenness", "degree"}
        Node size, computed on the graph the map shows (direction ignored).
    color_by : {"kind", "community"}
        Colour actors by kind (the 政金产学研用 palette) or by Louvain community.
    focus, depth : show only nodes within ``depth`` steps of the node named ``focus``.
    industry : show one industry, its tasks and actors and the actors attached to those tasks.
    gaps : iterable of ``(actor_id, actor_id, reason)``
        Recommended links to overlay as dashed edges (pairs not on the map are skipped).
    lang : {"zh", "en"}
        Language of the legend, notes and tooltips' field names.
    cap : keep at most this many nodes, the top ones by ``size_by``; the page says what it left out.
    title : page title (default: the localised "collaborative innovation network").
    labels : node labels to draw (default: actors, tasks, industries, programmes, plans, places).
    scores : ``size_by`` of the selected nodes when already computed (see ``map_data``).
    fixed_layout : positions computed in Python, physics off (see ``map_data``).
    """
    return render_map_data(map_data(G, size_by=size_by, color_by=color_by, focus=focus, depth=depth,
                                    industry=industry, gaps=gaps, lang=lang, cap=cap, title=title, labels=labels,
                                    scores=scores, fixed_layout=fixed_layout))


def render_map_data(data: dict[str, Any]) -> str:
    """The map page of ``map_data``'s result (the report keeps the data to draw a static image too)."""
    return render_page("map.html.j2", data=data, title=data["title"], lang=data["lang"])


def write_map(G: nx.Graph, out: str | os.PathLike[str], **options: Any) -> Path:
    """Write ``render_map(G, **options)`` to ``out`` as UTF-8, atomically; returns the path."""
    return atomic_write_text(out, render_map(G, **options))
