"""Extraction throughput on a synthetic corpus of plan text (not a test).

    .venv/bin/python bench/extract.py [--mb 10] [--workdir /tmp/innograph-bench]

Writes a corpus of plan files (the seed plan and the fixture plans with their invented names
varied per copy), extracts them one by one with ``innograph.loaders.extract`` and prints, as its
last line, one JSON object: {"mb", "seconds", "mb_per_s", "cpu_seconds", "mb_per_cpu_s", "peak_rss_mb",
"files", "load_before", "load_after"} (wall-clock and CPU time: on a shared machine the CPU figure is the
steadier one; the one-minute load average before and after the run says how shared it was).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import time
from pathlib import Path

from innograph.loaders import extract

REPO = Path(__file__).resolve().parent.parent
SOURCES = [REPO / "seeds" / "collaborative-innovation-plan.txt", REPO / "tests" / "fixtures" / "plan_peizhe.txt"]
# Invented name parts substituted into copies so that every file names different actors.
_SYLLABLES = "安博晨德恒华佳金康蓝明宁青瑞森泰天翔鑫远卓"
_NAMES = ["希尔安药业", "华邦胜凯制药", "恒芯天际", "博琨翰威", "江渝油橄榄", "蓝湾新材料有限公司", "江北化工集团", "X医科大学", "Y理工大学"]


def build_corpus(workdir: Path, megabytes: float) -> list[Path]:
    workdir.mkdir(parents=True, exist_ok=True)
    texts = [p.read_text(encoding="utf-8") for p in SOURCES]
    rng = random.Random(7)
    files: list[Path] = []
    total = 0
    while total < megabytes * 1_000_000:
        text = texts[len(files) % len(texts)]
        for name in _NAMES:
            text = text.replace(name, rng.choice(_SYLLABLES) + rng.choice(_SYLLABLES) + name[2:])
        path = workdir / f"plan_{len(files):05d}.txt"
        path.write_text(text, encoding="utf-8")
        total += path.stat().st_size
        files.append(path)
    return files


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=10.0, help="corpus size in MB of UTF-8 text")
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/innograph-bench-extract"))
    args = parser.parse_args()
    files = build_corpus(args.workdir, args.mb)
    size = sum(p.stat().st_size for p in files)
    load_before = os.getloadavg()[0]
    started, cpu_started = time.perf_counter(), time.process_time()
    nodes = edges = 0
    for path in files:  # one by one: memory stays flat in corpus size
        delta = extract(path).delta
        nodes += len(delta.nodes)
        edges += len(delta.edges)
    seconds = time.perf_counter() - started
    cpu_seconds = time.process_time() - cpu_started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{len(files)} files, {size / 1e6:.1f} MB, {nodes} nodes, {edges} edges in {seconds:.1f} s")
    print(json.dumps({"mb": round(size / 1e6, 2), "seconds": round(seconds, 2), "mb_per_s": round(size / 1e6 / seconds, 3),
                      "cpu_seconds": round(cpu_seconds, 2), "mb_per_cpu_s": round(size / 1e6 / cpu_seconds, 3),
                      "peak_rss_mb": round(peak, 1), "files": len(files), "load_before": round(load_before, 2),
                      "load_after": round(os.getloadavg()[0], 2)}))


if __name__ == "__main__":
    main()
