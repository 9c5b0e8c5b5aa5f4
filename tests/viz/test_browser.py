"""The pages in a real browser (headless Chromium, network blocked): they load, draw the graph,
search works, nothing from a document runs."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from innograph.viz import write_map
from innograph.queries import findings
from innograph.viz.report import write_report

from .conftest import FUND, XINAN, XSS, XSS_NAME, YIYAO
from .test_map import page_data
from ..components import missing_component

pytestmark = pytest.mark.browser


def test_map_loads_offline_with_all_nodes_and_edges(plan_graph, browser_page, tmp_path: Path):
    out = write_map(plan_graph, tmp_path / "map.html", gaps=[(YIYAO, FUND, "同属汽车基地")])
    browser_page.open(out)
    page = browser_page.page
    assert page.evaluate("window.innographMap.nodes.length") == 11
    assert page.evaluate("window.innographMap.edges.length") == 13
    # Physics settled and was switched off.
    assert page.evaluate("window.innographMap.network.physics.physicsEnabled") is False
    assert page.evaluate("Object.keys(window.innographMap.network.getPositions()).length") == 11
    shot = tmp_path / "map.png"
    page.screenshot(path=str(shot))
    assert shot.stat().st_size > 10_000
    assert browser_page.console_errors == []
    assert browser_page.blocked == []


def test_search_focuses_a_node_by_alias(plan_graph, browser_page, tmp_path: Path):
    browser_page.open(write_map(plan_graph, tmp_path / "map.html"))
    page = browser_page.page
    assert page.evaluate("window.innographMap.network.getSelectedNodes()") == []
    scale_before = page.evaluate("window.innographMap.network.getScale()")
    page.fill("#map-search", "西大")
    page.press("#map-search", "Enter")
    assert page.evaluate("window.innographMap.network.getSelectedNodes()") == [XINAN]
    page.wait_for_function(f"window.innographMap.network.getScale() !== {scale_before}")
    assert "西南大学" in page.inner_text("#map-details")
    page.fill("#map-search", "不存在的单位")
    assert page.inner_text("#map-search-status") == "未找到"
    assert browser_page.console_errors == []


def test_kind_filter_hides_and_shows_nodes(plan_graph, browser_page, tmp_path: Path):
    browser_page.open(write_map(plan_graph, tmp_path / "map.html"))
    page = browser_page.page
    hidden = "window.innographMap.nodes.get({filter: n => n.hidden}).map(n => n.id).sort()"
    page.uncheck("input.kind-filter[value=enterprise]")
    assert page.evaluate(hidden) == sorted([YIYAO, XSS])
    page.check("input.kind-filter[value=enterprise]")
    assert page.evaluate(hidden) == []


def test_names_from_documents_do_not_run(plan_graph, browser_page, tmp_path: Path):
    browser_page.open(write_map(plan_graph, tmp_path / "map.html"))
    page = browser_page.page
    page.fill("#map-search", "onerror")
    page.press("#map-search", "Enter")
    assert page.evaluate("window.innographMap.network.getSelectedNodes()") == [XSS]
    details = page.inner_text("#map-details")
    assert XSS_NAME in details  # shown as text
    assert "window.__xss=1" in details
    page.mouse.move(700, 450)
    assert page.evaluate("document.querySelectorAll('img').length") == 0
    assert page.evaluate("typeof window.__xss") == "undefined"
    assert browser_page.dialogs == []
    assert browser_page.console_errors == []


def test_report_opens_offline_in_both_languages(plan_graph, browser_page, tmp_path: Path):
    for lang, heading in (("zh", "协同创新分析报告"), ("en", "Collaborative innovation report")):
        index = write_report(plan_graph, findings(plan_graph, lang=lang), tmp_path / lang)
        browser_page.open(index, wait_stable=False)
        page = browser_page.page
        assert page.inner_text("h1").splitlines()[0] == heading
        frame = page.frame_locator("iframe").locator("#map-network canvas")
        frame.wait_for(timeout=20_000)
        assert page.evaluate("document.querySelectorAll('img').length") == 0
    assert browser_page.console_errors == []
    assert browser_page.blocked == []


def test_the_harness_blocks_and_records_network_requests(browser_page, tmp_path: Path):
    # Proves the assertions above can fail: a page that fetches from the internet is caught.
    page_file = tmp_path / "external.html"
    page_file.write_text('<!DOCTYPE html><img src="https://cdn.example.com/x.png">', encoding="utf-8")
    browser_page.open(page_file, wait_stable=False)
    browser_page.page.wait_for_load_state("load")
    assert browser_page.blocked == ["https://cdn.example.com/x.png"]


def test_printed_report_shows_every_map_as_an_image_of_the_same_layout(plan_graph, browser_page, tmp_path: Path):
    index = write_report(plan_graph, findings(plan_graph), tmp_path / "report")
    browser_page.open(index, wait_stable=False)
    page = browser_page.page
    maps = sorted(p.name for p in index.parent.glob("map*.html"))
    page.emulate_media(media="print")
    figures = page.evaluate("""[...document.querySelectorAll('svg.map-figure')].map(svg => {
        const box = svg.getBoundingClientRect();
        return {w: box.width, h: box.height, nodes: svg.querySelectorAll('circle, polygon, rect').length,
                title: svg.querySelector('title').textContent};
    })""")
    # one static image per map file: the two whole-graph maps and one per industry base
    assert len(figures) == len(maps) >= 3
    assert all(f["w"] > 300 and f["h"] > 100 and f["nodes"] > 3 for f in figures), figures
    assert page.evaluate("getComputedStyle(document.querySelector('iframe')).display") == "none"
    # the static image places each node where the interactive map does (one layout, physics off)
    drawn = page.evaluate("""[...document.querySelectorAll('#maps svg.map-figure')][0].outerHTML""")
    interactive = page_data((index.parent / "map.html").read_text(encoding="utf-8"))
    assert interactive["physics"] is False
    spots = {(float(n["x"]), float(n["y"])) for n in interactive["nodes"]}
    circles = {(float(x), float(y)) for x, y in re.findall(r'<circle cx="([-\d.]+)" cy="([-\d.]+)"', drawn)}
    assert circles and circles <= spots
    pdf = tmp_path / "report.pdf"
    page.pdf(path=str(pdf), format="A4", print_background=True)
    body = pdf.read_bytes()
    assert body.startswith(b"%PDF") and body.count(b"/Type /Page") - body.count(b"/Type /Pages") >= 2
    assert browser_page.console_errors == []


def test_report_pdf_is_printed_by_a_local_chromium(plan_graph, tmp_path: Path):
    from innograph.viz.pdf import find_chromium, print_pdf

    if find_chromium() is None:
        missing_component("browser", "no Chromium on PATH for printing the report")
    index = write_report(plan_graph, findings(plan_graph), tmp_path / "report")
    pdf = print_pdf(index, index.parent / "report.pdf")
    assert pdf.read_bytes().startswith(b"%PDF") and pdf.stat().st_size > 20_000
