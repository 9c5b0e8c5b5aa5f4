"""Benchmark loading into Neo4j: innograph's batched writer against a naive loop.

The same relations (default 100,000 between 10,000 actors, each with evidence) are loaded
  - batched: ``Neo4jStore.upsert`` with default settings (one managed transaction, ``UNWIND
    $rows`` batches of 10,000), timed over the whole load including its 10,000 nodes and the
    commit, into an empty database;
  - naive: the same MERGE statement with one relation per transaction (``execute_write`` per
    relation), as a straightforward loop would, the nodes already there. It is timed on a part
    of the relations (default 2,000 in all) and its rate extrapolated to the whole load.

The machine's speed drifts (the naive loop's rate, bound by each commit's wait for the disk,
moved between 234 and 910 relations/s in one day), so the two are measured in ``--repeat``
rounds, each a batched load and then ``--naive / --repeat`` naive relations, after a warm-up of
both. Reported: the median rate of each and their ratio, and each round's ratio.

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
from innograph.graph.stores.neo4j import DEFAULT_BATCH_SIZE, Neo4jStore
from innograph.graph.stores.neo4j_plan import plan_load
from innograph.graph.stores.base import EDGE, records_of

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
    edges = records_of(EDGE, delta.edges)
    with store._session() as session:
        plan = session.execute_write(lambda tx: plan_load(
            lambda q, p: tx.run(q, p).data(), delta.source, delta.source.id, {}, edges, False, 1))
    return [(batch.query, batch.params) for batch in plan.batches if batch.rows]


def naive_rate(store: Neo4jStore, delta: GraphDelta, count: int) -> tuple[int, float]:
    """(relations, seconds) for ``count`` of the delta's relations written one per transaction
    into a database holding only the delta's nodes."""
    empty(store)
    store.upsert(GraphDelta(source=delta.source, nodes=delta.nodes))
    statements = naive_rows(store, GraphDelta(source=delta.source, edges=delta.edges[:count]))
    with store._session() as session:
        started = time.perf_counter()
        for query, params in statements:
            session.execute_write(lambda tx, q=query, p=params: tx.run(q, p).consume())
        return len(statements), time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--uri", default=None)
    parser.add_argument("--actors", type=int, default=10_000)
    parser.add_argument("--relations", type=int, default=100_000)
    parser.add_argument("--naive", type=int, default=2_000, help="relations timed in the naive loop, in all")
    parser.add_argument("--batch-size", type=int, default=DEFAULT_BATCH_SIZE)
    parser.add_argument("--repeat", type=int, default=3, help="rounds of one batched load and a naive part")
    parser.add_argument("--clear", action="store_true",
                        help="empty the database even if it holds data the benchmark did not put there")
    args = parser.parse_args()
    load_at_start = os.getloadavg()[0]
    uri = args.uri or server_uri()
    delta = synthetic_delta(args.actors, args.relations)
    store = Neo4jStore(uri, batch_size=args.batch_size, password=os.environ.get("NEO4J_PASSWORD", "innograph-dev"))

    # Warm-up (schema, connections, the server's JIT for both ways of writing).
    claim(store, clear=args.clear)
    empty(store)
    store.upsert(synthetic_delta(args.actors // 10, args.relations // 10, seed=3))
    naive_rate(store, delta, min(200, args.naive))
    part = max(1, args.naive // args.repeat)
    batched_runs: list[float] = []
    naive_runs: list[tuple[int, float]] = []
    for _ in range(args.repeat):
        empty(store)
        started = time.perf_counter()
        stats = store.upsert(delta)
        batched_runs.append(time.perf_counter() - started)
        assert stats["edges_added"] == args.relations, stats
        naive_runs.append(naive_rate(store, delta, part))
    empty(store)

    batched_rates = [args.relations / s for s in batched_runs]
    naive_rates = [n / s for n, s in naive_runs]
    batched_rate, naive = statistics.median(batched_rates), statistics.median(naive_rates)
    round_ratios = [b / n for b, n in zip(batched_rates, naive_rates)]
    print(f"batched: {args.relations} relations and {args.actors} nodes, loads of "
          f"{', '.join(f'{r:.2f}s' for r in batched_runs)}: median {batched_rate:,.0f} relations/s "
          f"(batch size {args.batch_size}, whole load timed)", file=sys.stderr)
    print(f"naive: {part} relations a round, one MERGE per transaction: "
          f"{', '.join(f'{r:,.0f}' for r in naive_rates)} relations/s, median {naive:,.0f}; "
          f"extrapolated to {args.relations}: {args.relations / naive:,.0f}s", file=sys.stderr)
    print(f"ratio of the medians {batched_rate / naive:.1f}x; each round: "
          f"{', '.join(f'{r:.1f}x' for r in round_ratios)}", file=sys.stderr)
    print(json.dumps({
        "relations": args.relations, "actors": args.actors, "batch_size": args.batch_size,
        "batched_seconds": round(statistics.median(batched_runs), 2),
        "batched_runs_seconds": [round(r, 2) for r in batched_runs],
        "batched_relations_per_s": round(batched_rate),
        "naive_relations_timed": sum(n for n, _ in naive_runs),
        "naive_runs_relations_per_s": [round(r, 1) for r in naive_rates],
        "naive_relations_per_s": round(naive, 1),
        "naive_extrapolated_seconds": round(args.relations / naive),
        "ratio": round(batched_rate / naive, 1),
        "round_ratios": [round(r, 1) for r in round_ratios],
        # The machine may be shared: 1-minute load averages at the start and the end of the run.
        "load_average": [round(load_at_start, 2), round(os.getloadavg()[0], 2)],
    }))


if __name__ == "__main__":
    main()
