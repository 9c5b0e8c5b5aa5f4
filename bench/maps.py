"""Benchmark: map generation time and HTML size for 500, 5,000 and 50,000-node graphs, and the
time to a stable first render in headless Chromium (network blocked).

    .venv/bin/python bench/maps.py [--sizes 500,5000,50000] [--screenshot docs/seed-map.png]

The graphs are plan-shaped: actors of every kind attached to tasks (1–3 each), tasks in
industries, a few explicit partnerships. The seed plan is loaded with the real loaders. The
last line printed is one JSON object with every number.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
from pathlib import Path

import networkx as nx

from innograph.api import load
from innograph.graph.model import ProjectionFilter
from innograph.graph.schema import ActorKind
from innograph.graph.stores.sqlite import SQLiteStore
from innograph.viz import write_map

REPO = Path(__file__).resolve().parent.parent
SEED = REPO / "seeds" / "collaborative-innovation-plan.txt"
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run", "--disable-sync"]


def plan_shaped_graph(n: int, seed: int = 1) -> nx.MultiDiGraph:
    """About ``n`` nodes: 88% actors, 10% tasks, a few industries; ~2 task ties per actor."""
    rng = random.Random(seed)
    G = nx.MultiDiGraph()
    industries = [f"产业{i}" for i in range(max(2, n // 500))]
    for name in industries:
        G.add_node(f"industry:{name}", label="Industry", name=name)
    tasks = [f"task:任务{i}" for i in range(max(1, n // 10))]
    for i, t in enumerate(tasks):
        G.add_node(t, label="Task", name=f"建设协同创新任务{i}", order=i)
        G.add_edge(t, f"industry:{rng.choice(industries)}", key="IN_INDUSTRY", type="IN_INDUSTRY")
    kinds = [k.value for k in ActorKind]
    actors = []
    while G.number_of_nodes() < n:
        kind = rng.choice(kinds)
        a = f"{kind}:主体{len(actors)}"
        actors.append(a)
        G.add_node(a, label="Actor", kind=kind, name=f"主体{len(actors)}", aliases=[])
        for t in rng.sample(tasks, k=min(len(tasks), rng.randint(1, 3))):
            rel = "LEADS" if kind == "government" and rng.random() < 0.3 else "PARTICIPATES_IN"
            G.add_edge(a, t, key=rel, type=rel)
    for _ in range(len(actors) // 5):
        u, v = rng.sample(actors, 2)
        G.add_edge(u, v, key="PARTNERS_WITH", type="PARTNERS_WITH")
    return G


def time_write(G: nx.MultiDiGraph, out: Path) -> dict[str, float]:
    start = time.perf_counter()
    write_map(G, out)
    seconds = time.perf_counter() - start
    return {"nodes": G.number_of_nodes(), "edges": G.number_of_edges(), "write_s": round(seconds, 2),
            "html_mb": round(out.stat().st_size / 1e6, 2)}


def browser_times(pages: dict[str, Path], screenshot: Path | None) -> dict[str, dict[str, float]]:
    """Per page: ms from navigation start to the map's 'stable' mark, nodes drawn, requests blocked."""
    from playwright.sync_api import sync_playwright

    out: dict[str, dict[str, float]] = {}
    with tempfile.TemporaryDirectory() as profile, sync_playwright() as p:
        context = p.chromium.launch_persistent_context(profile, executable_path=CHROMIUM, headless=True, args=ARGS,
                                                       viewport={"width": 1400, "height": 900})
        blocked: list[str] = []
        context.route("**/*", lambda r: r.continue_() if r.request.url.startswith(("file:", "data:"))
                      else (blocked.append(r.request.url), r.abort()))
        for name, path in pages.items():
            page = context.new_page()
            page.goto(path.resolve().as_uri())
            page.wait_for_function("window.innographMap && window.innographMap.stable", timeout=120_000)
            out[name] = {"stable_ms": round(page.evaluate("window.innographMap.stableAt")),
                         "nodes_drawn": page.evaluate("window.innographMap.nodes.length"),
                         "blocked_requests": len(blocked)}
            if name == "seed" and screenshot is not None:
                page.wait_for_timeout(300)  # let the last frame paint
                page.screenshot(path=str(screenshot))
            page.close()
        context.close()
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="500,5000,50000")
    parser.add_argument("--screenshot", type=Path, default=None, help="save the seed map's screenshot here")
    args = parser.parse_args()
    results: dict[str, object] = {}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        with SQLiteStore(folder / "seed.db") as store:
            load(store, [SEED])
            seed = store.projection(ProjectionFilter(with_evidence=True))
        pages = {"seed": folder / "seed.html"}
        results["seed"] = time_write(seed, pages["seed"])
        print(f"seed plan: {results['seed']}", file=sys.stderr)
        for n in (int(s) for s in args.sizes.split(",")):
            G = plan_shaped_graph(n)
            pages[str(n)] = folder / f"map-{n}.html"
            results[str(n)] = time_write(G, pages[str(n)])
            print(f"{n} nodes: {results[str(n)]}", file=sys.stderr)
        for name, numbers in browser_times(pages, args.screenshot).items():
            results[name].update(numbers)  # type: ignore[union-attr]
            print(f"browser {name}: {numbers}", file=sys.stderr)
    print(json.dumps(results, ensure_ascii=False))


if __name__ == "__main__":
    main()
