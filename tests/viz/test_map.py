"""The map page as HTML: offline, escaped, the right nodes and edges for each view."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from innograph import queries
from innograph.core.errors import InnographError, LanguageError, VizError
from innograph.viz import render_map, write_map
from innograph.viz.assets import vis_network_js
from innograph.viz.map import map_data
from innograph.viz.style import EDGE_STYLES, KIND_COLORS, RECOMMENDED_STYLE

from .conftest import AUTO, FUND, KEJI, PLAN, T1, T2, XINAN, XSS, XSS_NAME, YIYAO

EXTERNAL_ATTR = re.compile(r"""\b(?:src|href|action|poster|data)\s*=\s*["']?\s*(?:https?:)?//""", re.I)
EXTERNAL_CSS = re.compile(r"""url\(\s*["']?\s*(?:https?:)?//|@import""", re.I)


def page_data(html: str) -> dict:
    match = re.search(r'<script type="application/json" id="map-data">(.*?)</script>', html, re.S)
    assert match, "the page embeds its data as JSON"
    return json.loads(match.group(1))


def test_page_is_self_contained_and_offline(plan_graph):
    html = render_map(plan_graph)
    # No element loads anything: no src/href to another host, no CSS url() or @import, no <link>.
    assert not EXTERNAL_ATTR.search(html)
    assert not EXTERNAL_CSS.search(html)
    assert "<link" not in html.lower()
    assert not re.search(r"<script[^>]*\bsrc=", html, re.I)
    assert "sourceMappingURL" not in html
    # URL strings remain only inside vis-network's code (licence comments, the SVG namespace,
    # error messages); none are in what we wrote.
    ours = html.replace(vis_network_js(), "")
    assert "http://" not in ours and "https://" not in ours


def test_counts_match_the_graph(plan_graph):
    data = page_data(render_map(plan_graph))
    assert len(data["nodes"]) == 11
    assert len(data["edges"]) == 12
    counts = {c["key"]: c["count"] for c in data["categories"]}
    assert counts == {"government": 2, "finance": 1, "enterprise": 2, "university": 1, "Plan": 1, "Task": 2,
                      "Industry": 2}
    relations = {r["name"]: r["count"] for r in data["relations"]}
    assert relations == {"牵头": 2, "责任/配合": 1, "参与": 4, "合作": 1, "隶属": 2, "所属产业": 2}


def test_names_from_documents_are_escaped(plan_graph):
    html = render_map(plan_graph)
    assert "<img" not in html
    assert "</script><script>window.__xss" not in html
    # The name survives as data (JSON escapes), to be shown with textContent.
    data = page_data(html)
    assert data["details"][XSS]["n"] == XSS_NAME
    assert "window.__xss=1" in data["details"][XSS]["q"]
    assert "\\u003cimg src=x onerror=alert(1)\\u003e" in html


def test_styles_colours_and_tooltips(plan_graph):
    data = page_data(render_map(plan_graph, size_by="degree"))
    nodes = {n["id"]: n for n in data["nodes"]}
    assert nodes[KEJI]["color"] == KIND_COLORS["government"]
    assert nodes[XINAN]["shape"] == "dot" and nodes[T1]["shape"] == "diamond"
    # T1 has the most neighbours (6), so it is the biggest node; a leaf is the smallest.
    assert nodes[T1]["size"] == 40.0
    assert nodes[T1]["size"] > nodes[KEJI]["size"] > nodes[FUND]["size"]
    leads = [e for e in data["edges"] if e["relation"] == "LEADS"]
    assert {e["color"] for e in leads} == {EDGE_STYLES["LEADS"]["color"]}
    assert all("dashes" not in e for e in data["edges"])
    tip = data["details"][XINAN]
    assert tip["n"] == "西南大学" and tip["k"] == "高校" and tip["a"] == ["西大"]
    # connections as the report and the CLI count them: the other actors on the actor network
    ties = dict(queries.actor_network(plan_graph).degree())[XINAN]
    assert tip["m"] == [["连接数", str(ties)]] and ties == 3
    pagerank = page_data(render_map(plan_graph))["details"][XINAN]["m"]
    assert [m[0] for m in pagerank] == ["PageRank", "连接数"] and 0 < float(pagerank[0][1]) < 1
    assert tip["q"] == "西南大学参与协同创新。"
    assert data["details"][T1]["i"] == ["医药健康"]


def test_focus_is_the_ego_network(plan_graph):
    one = page_data(render_map(plan_graph, focus="西大", depth=1))
    assert {n["id"] for n in one["nodes"]} == {XINAN, T1, YIYAO}
    assert len(one["edges"]) == 3
    two = page_data(render_map(plan_graph, focus="西南大学", depth=2))
    assert len(two["nodes"]) == 7
    assert one["notes"][0] == "以“西大”为中心，1 步以内"


def test_industry_view(plan_graph):
    data = page_data(render_map(plan_graph, industry="汽车"))
    assert {n["id"] for n in data["nodes"]} == {AUTO, T2, KEJI, XSS, FUND}
    assert len(data["edges"]) == 4


def test_cap_keeps_top_nodes_and_says_what_it_left_out(plan_graph):
    data = page_data(render_map(plan_graph, size_by="degree", cap=3))
    # Degrees: T1 6, T2 5, then a tie at 2 broken by name: the plan's name sorts first.
    assert {n["id"] for n in data["nodes"]} == {T1, T2, PLAN}
    assert len(data["edges"]) == 2
    assert "另有 8 个节点和 10 条关系未显示" in data["notes"][0]


def test_gaps_overlay_dashed_edges(plan_graph):
    data = page_data(render_map(plan_graph, gaps=[(YIYAO, FUND, "同属汽车基地"), (YIYAO, "enterprise:不在图中", "")]))
    dashed = [e for e in data["edges"] if e.get("dashes")]
    assert len(dashed) == 1
    assert (dashed[0]["from"], dashed[0]["to"], dashed[0]["color"]) == (YIYAO, FUND, RECOMMENDED_STYLE["color"])
    assert data["edgeDetails"][int(dashed[0]["id"][1:])] == {"r": "推荐合作", "q": "同属汽车基地"}
    assert data["relations"][-1] == {"name": "推荐合作", "color": RECOMMENDED_STYLE["color"], "dashed": True, "count": 1}


def test_english_and_community_colouring(plan_graph):
    html = render_map(plan_graph, lang="en", color_by="community")
    data = page_data(html)
    assert '<html lang="en">' in html and "Node types (tick to show)" in html
    assert data["details"][XINAN]["k"] == "University"
    actor_colours = {n["color"] for n in data["nodes"] if n["id"] in {XINAN, YIYAO, KEJI}}
    assert actor_colours.isdisjoint(KIND_COLORS.values())
    assert data["communities"] and sum(c["count"] for c in data["communities"]) == 6
    assert {c["color"] for c in data["categories"] if c["key"] == "university"} == {"#BBBBBB"}


def test_large_graphs_get_precomputed_positions_without_physics():
    import networkx as nx

    G = nx.MultiDiGraph()
    for i in range(1600):
        G.add_node(f"a{i}", label="Actor", kind="enterprise", name=f"企业{i}")
    for i in range(1, 1600):
        G.add_edge(f"a{i}", f"a{i // 2}", key="PARTNERS_WITH", type="PARTNERS_WITH")
    data = map_data(G)
    assert data["physics"] is False and data["options"]["physics"]["enabled"] is False
    assert all("x" in n and "y" in n for n in data["nodes"])
    assert len({(n["x"], n["y"]) for n in data["nodes"]}) > 1500  # spread out, not piled up


def test_bad_options_raise_one_line_errors(plan_graph):
    with pytest.raises(VizError, match="unknown size measure 'closeness'"):
        render_map(plan_graph, size_by="closeness")
    with pytest.raises(LanguageError, match="unknown language 'fr'; use zh or en"):
        render_map(plan_graph, lang="fr")
    with pytest.raises(VizError, match="no industry named '钢铁'; industries in the graph: 医药健康、汽车"):
        render_map(plan_graph, industry="钢铁")
    with pytest.raises(InnographError, match="no actor named '不存在'"):
        render_map(plan_graph, focus="不存在")


def test_write_map_is_utf8(plan_graph, tmp_path: Path):
    out = write_map(plan_graph, tmp_path / "m.html", title="区级地图")
    text = out.read_bytes().decode("utf-8")
    assert "<title>区级地图</title>" in text and '<meta charset="utf-8">' in text
