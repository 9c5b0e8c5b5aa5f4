"""The use-case layer: each analysis reads what its query declares, once; a report computes
PageRank and the collaboration gaps once; Python gets what the CLI prints."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from innograph import api, queries
from innograph.cli import cli
from innograph.core.errors import QueryError
from innograph.graph.model import ProjectionFilter
from innograph.graph.schema import Label, RelationType
from innograph.graph.stores import SQLiteStore
from innograph.viz import map as viz_map
from innograph.viz import report as viz_report

from .queries.helpers import mini_plan_delta


class RecordingStore(SQLiteStore):
    """The embedded store, noting every projection asked of it."""

    def __init__(self, path: Path) -> None:
        super().__init__(path)
        self.asked: list[ProjectionFilter] = []

    def projection(self, filters: ProjectionFilter | None = None):  # type: ignore[no-untyped-def]
        self.asked.append(filters or ProjectionFilter())
        return super().projection(filters)


@pytest.fixture
def store(tmp_path):
    with RecordingStore(tmp_path / "plan.db") as opened:
        opened.upsert(mini_plan_delta())
        yield opened


@pytest.mark.parametrize("call, reads", [
    (lambda s: api.centrality(s), queries.reads("centrality")),
    (lambda s: api.gaps(s, what="tasks"), queries.reads("gaps", "tasks")),
    (lambda s: api.targets(s), queries.reads("targets")),
    (lambda s: api.recommend(s, "尚荣医疗"), queries.reads("recommend")),
])
def test_each_analysis_reads_its_declared_projection_once(store, call, reads):
    call(store)
    assert store.asked == [reads.projection_filter()]


def test_what_the_queries_declare():
    assert queries.reads("targets").labels == {Label.TASK, Label.PLAN, Label.TARGET, Label.ACHIEVEMENT}
    assert queries.reads("gaps", "tasks").types == queries.NETWORK_TYPES | {RelationType.PART_OF}
    # the report's counts cover everything; partner finding quotes the plan (依托, topics)
    findings = queries.reads("findings")
    assert (findings.labels, findings.types, findings.evidence) == (frozenset(), frozenset(), True)
    assert queries.reads("recommend").evidence and queries.reads("gaps", "pairs").evidence
    assert RelationType.PART_OF in queries.reads("recommend").types


def test_a_report_reads_once_and_computes_pagerank_and_gaps_once(store, tmp_path, monkeypatch):
    calls: dict[str, int] = {"centrality": 0, "gap_pairs": 0, "map_scores": 0}
    findings_module = __import__("innograph.queries.findings", fromlist=["findings"])
    for name in ("centrality", "gap_pairs"):
        real = getattr(findings_module, name)
        monkeypatch.setattr(findings_module, name,
                            lambda *a, _real=real, _name=name, **k: calls.__setitem__(_name, calls[_name] + 1) or _real(*a, **k))
    real_scores = viz_map.score_nodes

    def counted_scores(*args, **kwargs):
        calls["map_scores"] += 1
        return real_scores(*args, **kwargs)

    monkeypatch.setattr(viz_map, "score_nodes", counted_scores)
    monkeypatch.setattr(viz_report, "score_nodes", counted_scores)
    summary = api.analyze(store, [], tmp_path / "report")
    assert len(store.asked) == 1 and store.asked[0].with_evidence
    industries = sum(1 for _ in (tmp_path / "report").glob("map-*.html")) - 1  # not map-communities.html
    # One PageRank and one list of gaps for the tables, the dashed links and the summary; one
    # map PageRank for the two whole-graph maps, and one per industry map (its own subgraph).
    assert calls == {"centrality": 1, "gap_pairs": 1, "map_scores": 1 + industries}
    # The summary agrees with the analyses run on their own projections.
    assert summary.top_actors == [r.name for r in api.centrality(store, measure="pagerank", top=5).rows]
    assert summary.gaps == len(api.gaps(store, what="pairs", top=None)) > 0
    assert summary.tasks == api.stats(store).by_label["Task"]


def test_findings_are_what_the_report_and_summary_show(store):
    found = api.findings(store, lang="en")
    assert found.counts.actors_by_kind == {k: n for k, n in api.stats(store).by_kind.items() if n}
    assert found.top_actors(1) == [found.central.rows[0].name]
    assert found.gaps[0].reason.startswith(("share", "both"))  # in the language asked for
    assert found.targets is not None and found.recommended


def test_python_gets_what_the_cli_prints(store, tmp_path):
    printed = CliRunner().invoke(cli, ["--db", str(store.path), "gaps", "--what", "isolated", "--format", "json"])
    assert printed.exit_code == 0, printed.output
    rows = api.gaps(store, what="isolated")
    assert json.loads(printed.stdout) == [row.model_dump(mode="json") for row in rows]


def test_an_empty_store_and_an_unknown_view_are_errors(tmp_path):
    with SQLiteStore(tmp_path / "empty.db") as empty:
        with pytest.raises(QueryError, match="is empty; load plans first"):
            api.helix(empty)
        with pytest.raises(QueryError, match="unknown gaps view 'pair'"):
            api.gaps(empty, what="pair")


def test_cypher_needs_a_cypher_store(store):
    with pytest.raises(QueryError, match="Cypher needs Neo4j"):
        api.cypher(store, "RETURN 1")
