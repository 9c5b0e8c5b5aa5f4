"""Fixtures for the map and report tests: a small hand-made plan graph in a real SQLite store,
and headless Chromium (Debian's package) driven by Playwright with the network blocked."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import networkx as nx
import pytest

from innograph.graph.model import Edge, Evidence, GraphDelta, Node, ProjectionFilter, Source, make_node_id

from ..components import SKIP_GROUPS, missing_component
from innograph.graph.schema import ActorKind, Label, RelationType
from innograph.graph.stores.sqlite import SQLiteStore

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-sync"]
XSS_NAME = "<img src=x onerror=alert(1)>"
XSS_QUOTE = "</script><script>window.__xss=1</script>参与汽车基地建设"


def actor_id(name: str, kind: ActorKind) -> str:
    return make_node_id(Label.ACTOR, name, kind)


KEJI = actor_id("区科技局", ActorKind.GOVERNMENT)
CAIZHENG = actor_id("区财政局", ActorKind.GOVERNMENT)
XINAN = actor_id("西南大学", ActorKind.UNIVERSITY)
YIYAO = actor_id("重庆医药集团", ActorKind.ENTERPRISE)
XSS = actor_id(XSS_NAME, ActorKind.ENTERPRISE)
FUND = actor_id("区科创基金", ActorKind.FINANCE)
T1 = make_node_id(Label.TASK, "建设医药健康产业协同创新基地")
T2 = make_node_id(Label.TASK, "建设汽车产业协同创新基地")
PHARMA = make_node_id(Label.INDUSTRY, "医药健康")
AUTO = make_node_id(Label.INDUSTRY, "汽车")
PLAN = make_node_id(Label.PLAN, "加快政金产学研用协同创新推动高质量发展的实施方案")


def plan_delta() -> GraphDelta:
    """11 nodes (6 actors, 2 tasks, 2 industries, 1 plan) and 12 edges, every one with evidence."""
    source = Source(id="plan.txt", sha256="0" * 64, title="测试方案")

    def ev(quote: str) -> list[Evidence]:
        return [Evidence(source_id="plan.txt", source_hash="0" * 64, start=0, end=len(quote), quote=quote)]

    actors = [("区科技局", ActorKind.GOVERNMENT, []), ("区财政局", ActorKind.GOVERNMENT, []),
              ("西南大学", ActorKind.UNIVERSITY, ["西大"]), ("重庆医药集团", ActorKind.ENTERPRISE, []),
              (XSS_NAME, ActorKind.ENTERPRISE, []), ("区科创基金", ActorKind.FINANCE, [])]
    nodes = [Node.actor(name, kind, aliases=aliases,
                        evidence=ev(XSS_QUOTE if name == XSS_NAME else f"{name}参与协同创新。"))
             for name, kind, aliases in actors]
    nodes += [
        Node(id=T1, label=Label.TASK, name="建设医药健康产业协同创新基地", properties={"order": 1}, evidence=ev("建设医药健康产业协同创新基地。")),
        Node(id=T2, label=Label.TASK, name="建设汽车产业协同创新基地", properties={"order": 2}, evidence=ev("建设汽车产业协同创新基地。")),
        Node(id=PHARMA, label=Label.INDUSTRY, name="医药健康", evidence=ev("医药健康")),
        Node(id=AUTO, label=Label.INDUSTRY, name="汽车", evidence=ev("汽车")),
        Node(id=PLAN, label=Label.PLAN, name="加快政金产学研用协同创新推动高质量发展的实施方案", evidence=ev("实施方案")),
    ]
    pairs = [(KEJI, RelationType.LEADS, T1), (CAIZHENG, RelationType.RESPONSIBLE_FOR, T1),
             (XINAN, RelationType.PARTICIPATES_IN, T1), (YIYAO, RelationType.PARTICIPATES_IN, T1),
             (KEJI, RelationType.LEADS, T2), (XSS, RelationType.PARTICIPATES_IN, T2),
             (FUND, RelationType.PARTICIPATES_IN, T2), (YIYAO, RelationType.PARTNERS_WITH, XINAN),
             (T1, RelationType.IN_INDUSTRY, PHARMA), (T2, RelationType.IN_INDUSTRY, AUTO),
             (T1, RelationType.PART_OF, PLAN), (T2, RelationType.PART_OF, PLAN)]
    edges = [Edge(source=u, target=v, type=t, evidence=ev("牵头单位：区科技局" if t is RelationType.LEADS else "证据句。"))
             for u, t, v in pairs]
    return GraphDelta(source=source, nodes=nodes, edges=edges)


@pytest.fixture
def plan_db(tmp_path: Path) -> Path:
    path = tmp_path / "plan.db"
    with SQLiteStore(path) as store:
        store.upsert(plan_delta())
    return path


@pytest.fixture
def plan_graph(plan_db: Path) -> nx.MultiDiGraph:
    with SQLiteStore(plan_db) as store:
        return store.projection(ProjectionFilter(with_evidence=True))


@dataclass
class BrowserPage:
    """One page in headless Chromium, with what it logged and what it tried to fetch."""

    page: Any
    console_errors: list[str] = field(default_factory=list)
    blocked: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    def open(self, path: Path, *, wait_stable: bool = True) -> None:
        self.page.goto(path.resolve().as_uri())
        if wait_stable:
            self.page.wait_for_function("window.innographMap && window.innographMap.stable", timeout=30_000)


def _cjk_font_installed() -> bool:
    """Whether fontconfig knows a CJK font (the maps' labels and the report are Chinese)."""
    try:
        listed = subprocess.run(["fc-list", ":lang=zh", "family"], capture_output=True, text=True, timeout=60).stdout
    except (OSError, subprocess.SubprocessError):
        return False
    return bool(listed.strip())


@pytest.fixture(scope="session")
def chromium_context() -> Iterator[Any]:
    """A fresh headless Chromium profile. In CI (CI=true) a missing browser fails the run."""
    if "browser" in SKIP_GROUPS:
        pytest.skip("the browser tests (INNOGRAPH_TEST_SKIP=browser)")
    if not CHROMIUM.exists():
        missing_component("browser", f"{CHROMIUM} is missing (apt-get install chromium fonts-noto-cjk; scripts/test does)")
    if not _cjk_font_installed():
        missing_component("browser", "no CJK font for the browser tests (apt-get install fonts-noto-cjk; scripts/test does)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        missing_component("browser", "playwright is not installed (pip install '.[test]')")
    profile = tempfile.mkdtemp(prefix="innograph-chromium-")
    with sync_playwright() as p:
        context = p.chromium.launch_persistent_context(
            profile, executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS,
            viewport={"width": 1400, "height": 900})
        yield context
        context.close()
    shutil.rmtree(profile, ignore_errors=True)


@pytest.fixture
def browser_page(chromium_context: Any) -> Iterator[BrowserPage]:
    page = chromium_context.new_page()
    watched = BrowserPage(page)

    def route(r: Any) -> None:
        if r.request.url.startswith(("file://", "data:", "blob:")):  # not network
            r.continue_()
        else:  # the network is blocked: record the attempt and refuse it
            watched.blocked.append(r.request.url)
            r.abort()

    page.route("**/*", route)
    page.on("console", lambda m: watched.console_errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: watched.console_errors.append(str(e)))

    def on_dialog(d: Any) -> None:
        watched.dialogs.append(d.message)
        d.dismiss()

    page.on("dialog", on_dialog)
    yield watched
    page.close()
