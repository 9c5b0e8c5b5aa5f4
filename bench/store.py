"""Benchmark the embedded store: insert rate and projection time on a synthetic graph.

Usage: python bench/store.py [--actors N] [--relations M] [--quick] [--db PATH]
The last line printed is one JSON object with the measurements.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

from innograph.graph import ActorKind, Edge, Evidence, GraphDelta, Node, ProjectionFilter, RelationType, Source
from innograph.graph.stores import SQLiteStore

KINDS = [ActorKind.ENTERPRISE] * 6 + [ActorKind.UNIVERSITY, ActorKind.INSTITUTE, ActorKind.GOVERNMENT, ActorKind.FINANCE]
TYPES = [RelationType.PARTNERS_WITH, RelationType.MEMBER_OF, RelationType.FUNDS]


def synthetic_deltas(actors: int, relations: int, per_source: int, seed: int = 7):
    """Deltas of ``per_source`` relations each, like many documents and tables being loaded."""
    rng = random.Random(seed)
    nodes = [Node.actor(f"单位{i:07d}", KINDS[i % len(KINDS)]) for i in range(actors)]
    done = 0
    source_no = 0
    while done < relations:
        n = min(per_source, relations - done)
        sid = f"source-{source_no:05d}.txt"
        ev_for = lambda i: [Evidence(source_id=sid, source_hash="h" + sid, start=i * 40, end=i * 40 + 30,
                                     quote=f"支持单位与单位开展合作第{i}句")]
        used: dict[str, Node] = {}
        edges = []
        for i in range(n):
            a, b = rng.randrange(actors), rng.randrange(actors)
            if a == b:
                b = (b + 1) % actors
            for x in (a, b):
                used.setdefault(nodes[x].id, nodes[x].model_copy(update={"evidence": ev_for(i)}))
            edges.append(Edge(source=nodes[a].id, target=nodes[b].id, type=TYPES[i % len(TYPES)], evidence=ev_for(i)))
        yield GraphDelta(source=Source(id=sid, sha256="h" + sid), nodes=list(used.values()), edges=edges)
        done += n
        source_no += 1


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--actors", type=int, default=200_000)
    parser.add_argument("--relations", type=int, default=1_000_000)
    parser.add_argument("--per-source", type=int, default=50_000)
    parser.add_argument("--quick", action="store_true", help="10,000 actors, 50,000 relations")
    parser.add_argument("--db", help="database path (default: a temporary file)")
    args = parser.parse_args()
    if args.quick:
        args.actors, args.relations, args.per_source = 10_000, 50_000, 10_000

    tmp = tempfile.TemporaryDirectory()
    db = Path(args.db or os.path.join(tmp.name, "bench.db"))
    deltas = list(synthetic_deltas(args.actors, args.relations, args.per_source))
    with SQLiteStore(db) as store:
        t0, c0 = time.perf_counter(), time.process_time()
        for delta in deltas:
            store.upsert(delta, replace_source=True)
        insert_s, insert_cpu = time.perf_counter() - t0, time.process_time() - c0
        t0 = time.perf_counter()
        again = store.upsert(deltas[0], replace_source=True)  # a reload of an unchanged source
        reload_s = time.perf_counter() - t0
        counts = store.counts()
        t0, c0 = time.perf_counter(), time.process_time()
        G = store.projection()
        projection_s, projection_cpu = time.perf_counter() - t0, time.process_time() - c0
        t0 = time.perf_counter()
        H = store.projection(ProjectionFilter(kinds={ActorKind.ENTERPRISE, ActorKind.UNIVERSITY},
                                              relation_types={RelationType.PARTNERS_WITH}))
        filtered_s = time.perf_counter() - t0
    assert again["edges_unchanged"] == len(deltas[0].edges)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    result = {
        "actors": args.actors, "relations": args.relations, "sources": len(deltas),
        "stored_nodes": counts.nodes, "stored_edges": counts.edges,
        "insert_seconds": round(insert_s, 2), "relations_per_s": round(args.relations / insert_s),
        "insert_cpu_seconds": round(insert_cpu, 2), "relations_per_cpu_s": round(args.relations / insert_cpu),
        "reload_unchanged_seconds": round(reload_s, 2),
        "projection_seconds": round(projection_s, 2), "projection_cpu_seconds": round(projection_cpu, 2),
        "projection_edges": G.number_of_edges(),
        "filtered_projection_seconds": round(filtered_s, 2), "filtered_edges": H.number_of_edges(),
        "db_mb": round(db.stat().st_size / 2**20, 1), "peak_rss_mb": round(peak_mb),
        "load_average": [round(x, 2) for x in os.getloadavg()],
    }
    print(f"inserted {args.relations:,} relations in {insert_s:.1f}s; projection {projection_s:.1f}s", file=sys.stderr)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
