"""Benchmark loading into Neo4j: innograph's batched writer against a naive loop.

The same relations (default 100,000 between 10,000 actors, each with evidence) are loaded
  - batched: ``Neo4jStore.upsert`` with default settings (planned in Python, ``UNWIND $rows``
    batches of 5,000 in one managed transaction, each batch's rows built while the server writes
    the previous one), timed over the whole load including its 10,000 nodes and the commit,
    median of ``--repeat`` loads after a warm-up;
  - naive: the same MERGE statement with one relation per transaction (``execute_write`` per
    relation), as a straightforward loop would. It is timed on the first ``--naive`` relations
    (default 2,000) and its rate extrapolated to the whole load; the output says so.

Usage: python bench/neo4j_load.py [--uri bolt://...] [--relations N] [--naive M] [--batch-size B] [--repeat R] [--clear]
Without --uri (or NEO4J_URI) the local server from scripts/neo4j-server is started. THE
DATABASE IS EMPTIED before each run: a database that holds data the benchmark (or a test run)
did not put there is refused unless --clear is given. The last line printed is one JSON object.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

from innograph.graph import ActorKind, Edge, Evidence, GraphDelta, Node, RelationType, Source
from innograph.graph.model import sha256_text
from innograph.graph.stores.base import dedupe_delta
from innograph.graph.stores.neo4j import DEFAULT_BATCH_SIZE, Neo4jStore
from innograph.graph.stores.neo4j_writes import plan_write

REPO = Path(__file__).resolve().parent.parent
KINDS = [ActorKind.ENTERPRISE] * 6 + [ActorKind.UNIVERSITY, ActorKind.INSTITUTE, ActorKind.GOVERNMENT, ActorKind.FINANCE]
TYPES = [RelationType.PARTNERS_WITH, RelationType.MEMBER_OF, RelationType.FUNDS]


def synthetic_delta(actors: int, relations: int, seed: int = 11) -> GraphDelta:
    rng = random.Random(seed)
    source = Source(id=f"bench-{seed}.txt", sha256=sha256_text(f"bench-{seed}"), title="基准")  # a real-length hash
    nodes = [Node.actor(f"单位{i:06d}", KINDS[i % len(KINDS)]) for i in range(actors)]
    seen: set[tuple[int, int, RelationType]] = set()
    edges = []
    while len(edges) < relations:
        a, b, t = rng.randrange(actors), rng.randrange(actors), rng.choice(TYPES)
        if a == b or (a, b, t) in seen:
            continue
        seen.add((a, b, t))
        i = len(edges)
        edges.append(Edge(source=nodes[a].id, target=nodes[b].id, type=t, evidence=[Evidence(
            source_id=source.id, source_hash=source.sha256, start=i * 40, end=i * 40 + 20, quote=f"双方开展合作第{i}句")]))
    return GraphDelta(source=source, nodes=nodes, edges=edges)


def server_uri() -> str:
    if os.environ.get("NEO4J_URI"):
        return os.environ["NEO4J_URI"]
    started = subprocess.run([str(REPO / "scripts" / "neo4j-server"), "start"], capture_output=True, text=True, check=True)
    return started.stdout.strip().splitlines()[-1]


# An index (not a node: the benchmark counts nodes) marks a database as one the benchmark may
# empty; a database the tests marked (tests/conftest.py) may be emptied too.
BENCH_DATABASE_MARK = "innograph_bench_database"
TEST_DATABASE_MARK = "innograph_test_database"


def claim(store: Neo4jStore, *, clear: bool) -> None:
    """Refuse a database holding data that neither the benchmark nor the tests put there (a
    NEO4J_URI left pointing at real work), unless ``clear``; then mark it as the benchmark's."""
    with store._session() as session:
        marked = session.run("SHOW INDEXES YIELD name WHERE name IN $marks RETURN count(*) AS c",
                             marks=[BENCH_DATABASE_MARK, TEST_DATABASE_MARK]).single()["c"]
        holds_data = session.run("MATCH (n) RETURN 1 LIMIT 1").single() is not None
        if holds_data and not marked and not clear:
            sys.exit(f"Error: {store.describe()} holds data that this benchmark did not put there, and the "
                     "benchmark empties its database: point --uri / NEO4J_URI at a server for benchmarks, "
                     "or add --clear to delete everything in it")
        session.run(f"CREATE INDEX {BENCH_DATABASE_MARK} IF NOT EXISTS FOR (n:InnographBenchMark) ON (n.mark)").consume()


def empty(store: Neo4jStore) -> None:
    with store._session() as session:
        session.run("MATCH (n) CALL { WITH n DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS").consume()


def naive_rows(store: Neo4jStore, delta: GraphDelta) -> list[tuple[str, dict]]:
    """The relations' write statements, one row each, with the values the batched writer sets."""
    _, edges = dedupe_delta(delta)
    with store._session() as session:
        plan = session.execute_write(lambda tx: plan_write(
            lambda q, p: tx.run(q, p).data(), source=delta.source, source_id=delta.source.id, nodes={}, edges=edges,
            replace=False, batch_size=1))
    # Outside one transaction: MERGE with ends found by id, as a loop would.
    return [plan.statement(step, one_transaction=False) for step in plan.steps if step.rows]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--uri", default=None)
    parser.add_argument("--actors", type=int, default=10_000)
    parser.add_argument("--relations", type=int, default=100_000)
    parser.add_argument("--naive", type=int, default=2_000, help="relations timed in the naive loop")
    parser.add_argument("--batch-size", type=int, default=DEFAULT_BATCH_SIZE)
    parser.add_argument("--repeat", type=int, default=3, help="timed batched loads (the median is reported)")
    parser.add_argument("--clear", action="store_true",
                        help="empty the database even if it holds data the benchmark did not put there")
    args = parser.parse_args()
    load_at_start = os.getloadavg()[0]
    uri = args.uri or server_uri()
    delta = synthetic_delta(args.actors, args.relations)
    store = Neo4jStore(uri, batch_size=args.batch_size, password=os.environ.get("NEO4J_PASSWORD", "innograph-dev"))

    # Warm-up (schema, connections, the server's JIT), then the timed runs on an empty database.
    claim(store, clear=args.clear)
    empty(store)
    store.upsert(synthetic_delta(args.actors // 10, args.relations // 10, seed=3))
    runs = []
    for _ in range(args.repeat):
        empty(store)
        started = time.perf_counter()
        stats = store.upsert(delta)
        runs.append(time.perf_counter() - started)
        assert stats["edges_added"] == args.relations, stats
    batched_s = statistics.median(runs)
    batched_rate = args.relations / batched_s
    print(f"batched: {args.relations} relations and {args.actors} nodes, median of {len(runs)} loads "
          f"({', '.join(f'{r:.2f}s' for r in runs)}) = {batched_rate:,.0f} relations/s "
          f"(batch size {args.batch_size}, whole load timed)", file=sys.stderr)

    # Naive: the nodes are already there; only the relations are written, one per transaction.
    empty(store)
    store.upsert(GraphDelta(source=delta.source, nodes=delta.nodes))
    subset = GraphDelta(source=delta.source, edges=delta.edges[:args.naive])
    statements = naive_rows(store, subset)
    with store._session() as session:
        started = time.perf_counter()
        for query, params in statements:
            session.execute_write(lambda tx, q=query, p=params: tx.run(q, p).consume())
        naive_s = time.perf_counter() - started
    naive_rate = len(statements) / naive_s
    print(f"naive: {len(statements)} relations, one MERGE per transaction, in {naive_s:.2f}s = {naive_rate:,.0f} "
          f"relations/s; extrapolated to {args.relations}: {args.relations / naive_rate:,.0f}s", file=sys.stderr)
    empty(store)
    print(json.dumps({
        "relations": args.relations, "actors": args.actors, "batch_size": args.batch_size,
        "batched_seconds": round(batched_s, 2), "batched_runs_seconds": [round(r, 2) for r in runs],
        "batched_relations_per_s": round(batched_rate),
        "naive_relations_timed": len(statements), "naive_seconds": round(naive_s, 2),
        "naive_relations_per_s": round(naive_rate, 1),
        "naive_extrapolated_seconds": round(args.relations / naive_rate),
        "ratio": round(batched_rate / naive_rate, 1),
        # The machine may be shared: 1-minute load averages at the start and the end of the run.
        "load_average": [round(load_at_start, 2), round(os.getloadavg()[0], 2)],
    }))


if __name__ == "__main__":
    main()
