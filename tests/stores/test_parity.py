"""Parity: the same loads into the embedded store and into Neo4j give the same graph, the same
load statistics, the same counts and the same ``stats`` output."""

from __future__ import annotations

import random

import pytest
from click.testing import CliRunner

from innograph.cli import cli
from innograph.graph import ActorKind, Edge, Evidence, GraphDelta, Label, Node, ProjectionFilter, RelationType, Source
from innograph.graph.stores import SQLiteStore

from .conftest import open_neo4j, state

pytestmark = pytest.mark.neo4j

KINDS = list(ActorKind)
NAMES = [f"{prefix}{i}" for i, prefix in enumerate(["区科技局", "西南大学", "希尔安药业", "中国农科院", "产业联盟", "孵化园"] * 25)]


def random_delta(rng: random.Random, source_id: str, sha: str) -> GraphDelta:
    """Overlapping actors (shared across sources, sometimes with another kind), tasks, targets
    and industries, with properties, aliases and evidence; edges among the delta's own nodes."""
    ev = lambda i: [Evidence(source_id=source_id, source_hash=sha, start=i, end=i + 4, quote=f"第{i}句")]  # noqa: E731
    nodes = []
    for name in rng.sample(NAMES, 40):
        kind = KINDS[NAMES.index(name) % len(KINDS)] if rng.random() < 0.9 else rng.choice(KINDS)
        nodes.append(Node.actor(name, kind, aliases=rng.sample(["甲", "乙", "丙", name[:2]], rng.randint(0, 2)),
                                properties={"weight": rng.choice([1, 2.5, None]), "tag": rng.choice(["x", "y"])},
                                evidence=ev(rng.randint(0, 50))))
    for i in rng.sample(range(30), 10):
        nodes.append(Node(id=f"task:{i}", label=Label.TASK, name=f"任务{i}", evidence=ev(i),
                          properties={"order": i, "path": ["三、主要任务", f"（{i}）"], "groups": rng.sample(["高校", "企业"], 1)}))
    nodes.append(Node(id="industry:医药健康", label=Label.INDUSTRY, name="医药健康", evidence=ev(1)))
    nodes.append(Node(id=f"target:{source_id}", label=Label.TARGET, name="目标",
                      properties={"metric": "企业数", "value": rng.randint(1, 9) * 10.0, "comparator": ">=", "unit": "家"}))
    edges = []
    for _ in range(90):
        a, b = rng.sample(nodes, 2)
        edges.append(Edge(source=a.id, target=b.id, type=rng.choice(list(RelationType)), evidence=ev(rng.randint(0, 9)),
                          properties=rng.choice([{}, {"role": "牵头"}, {"role": None, "share": 0.5}])))
    return GraphDelta(source=Source(id=source_id, path=f"in/{source_id}", sha256=sha, title=f"方案{source_id}"),
                      nodes=nodes, edges=edges)


def scenario() -> list[tuple[GraphDelta | str, bool]]:
    rng = random.Random(20240527)
    steps: list[tuple[GraphDelta | str, bool]] = [(random_delta(rng, f"s{i}.txt", "v1"), True) for i in range(5)]
    steps += [
        (random_delta(rng, "s1.txt", "v2"), True),  # a changed file reloaded
        (steps[3][0], True),  # an unchanged file reloaded
        ("s2.txt", False),  # a file removed
        (random_delta(rng, "s4.txt", "v1"), False),  # more from a file, without replace
        (random_delta(rng, "s5.txt", "v1"), True),
        # Changed content without replace: what s3.txt said before keeps its evidence's old hash.
        (random_delta(rng, "s3.txt", "v2"), False),
        (random_delta(rng, "s6.txt", "v1"), True),
    ]
    return steps


def play(store, steps) -> list[dict[str, int]]:
    return [store.remove_source(step) if isinstance(step, str) else store.upsert(step, replace_source=replace)
            for step, replace in steps]


FILTERS = [
    ProjectionFilter(),
    ProjectionFilter(with_evidence=True),
    ProjectionFilter(kinds={ActorKind.ENTERPRISE, ActorKind.UNIVERSITY}),
    ProjectionFilter(labels={Label.ACTOR}, relation_types={RelationType.PARTNERS_WITH, RelationType.FUNDS}),
    ProjectionFilter(labels={Label.TASK, Label.TARGET}, with_evidence=True),
]


def test_same_loads_give_the_same_graph_stats_and_counts(request, tmp_path):
    steps = scenario()
    with SQLiteStore(tmp_path / "parity.db") as embedded, open_neo4j(request, batch_size=7) as server:
        embedded_stats = play(embedded, steps)
        server_stats = play(server, steps)
        assert server_stats == embedded_stats
        assert state(server) == state(embedded)
        for f in FILTERS:
            a, b = embedded.projection(f), server.projection(f)
            assert list(b.nodes(data=True)) == list(a.nodes(data=True)), f
            assert list(b.edges(keys=True, data=True)) == list(a.edges(keys=True, data=True)), f
        assert embedded.counts().nodes > 100 and embedded.counts().edges > 300  # a real test, not two empty graphs
        uri = server.uri

    runner = CliRunner()
    from_embedded = runner.invoke(cli, ["--db", str(tmp_path / "parity.db"), "stats", "--format", "json"],
                                  env={"NEO4J_URI": None})
    from_server = runner.invoke(cli, ["--neo4j", uri, "stats", "--format", "json"])
    assert from_embedded.exit_code == from_server.exit_code == 0, from_server.output
    assert from_server.stdout == from_embedded.stdout
    assert '"nodes"' in from_server.stdout


def test_the_seed_plan_loads_and_analyses_the_same_on_both_stores(neo4j_env, seed_plan, tmp_path):
    """Every command works the same against Neo4j: load, reload, stats, export and the queries."""
    embedded = ["--db", str(tmp_path / "seed.db")]
    server = ["--neo4j", neo4j_env["uri"]]
    for options, env in ((embedded, {"NEO4J_URI": None}), (server, None)):
        for _ in range(2):  # the second load of the same file changes nothing
            loaded = CliRunner().invoke(cli, [*options, "load", str(seed_plan)], env=env)
            assert loaded.exit_code == 0, loaded.output
    commands = [["stats", "--format", "json"], ["centrality", "--format", "json"], ["gaps", "--format", "json"],
                ["helix", "--format", "json"], ["export", "--format", "json", "--out"]]
    for command in commands:
        outputs = []
        for options, env in ((embedded, {"NEO4J_URI": None}), (server, None)):
            extra = [str(tmp_path / f"export-{len(outputs)}.json")] if command[0] == "export" else []
            result = CliRunner().invoke(cli, [*options, *command, *extra], env=env)
            assert result.exit_code == 0, (command, result.output)
            outputs.append(result.stdout + (open(extra[0], encoding="utf-8").read() if extra else ""))
        assert outputs[0] == outputs[1], command
        assert len(outputs[0]) > 100, command
