"""Extraction on worker processes gives exactly what extraction in one process gives."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest

from innograph.api import load
from innograph.core.errors import LoaderError
from innograph.graph.model import GraphDelta
from innograph.graph.stores import SQLiteStore
from innograph.loaders import extract, extract_many
from innograph.loaders import parallel
from innograph.loaders.parallel import pack_extraction, unpack_extraction, worker_count

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
PLANS = sorted(p for p in FIXTURES.iterdir() if p.suffix in (".txt", ".docx", ".html", ".htm"))
TABLES = sorted(FIXTURES.glob("table_*.csv"))


def _same(a, b) -> None:
    assert a.delta.model_dump_json() == b.delta.model_dump_json()
    assert a.tasks == b.tasks and a.skipped == b.skipped and a.view() == b.view()
    # Shared evidence stays shared: a span quoted by a node and its edges is one object.
    ids_a = [id(ev) for m in (*a.delta.nodes, *a.delta.edges) for ev in m.evidence]
    ids_b = [id(ev) for m in (*b.delta.nodes, *b.delta.edges) for ev in m.evidence]
    assert len(set(ids_a)) == len(set(ids_b))


@pytest.mark.parametrize("path", [*PLANS[:6], *TABLES], ids=lambda p: p.name)
def test_pack_round_trip_is_identical(path):
    original = extract(path)
    _same(unpack_extraction(pickle.loads(pickle.dumps(pack_extraction(original)))), original)
    GraphDelta.model_validate(unpack_extraction(pickle.loads(pickle.dumps(pack_extraction(original)))).delta.model_dump())


def test_a_plans_models_travel_as_bare_rows(seed_plan):
    # A plan sets every field, so each node, edge and piece of evidence packs to a tuple (the
    # cheap form to send and rebuild); dicts are for table rows that leave fields unset.
    _source, _quotes, evidence, nodes, edges, *_ = pack_extraction(extract(seed_plan))
    assert all(type(row) is tuple for rows in (evidence, nodes, edges) for row in rows)


def test_workers_give_the_same_extractions_in_order(monkeypatch, seed_plan):
    monkeypatch.setattr(parallel, "_MIN_BYTES", 0)  # the fixtures are small: use the pool anyway
    files = [seed_plan, *PLANS, *TABLES]
    assert worker_count(files, 2) == 2
    for got, path in zip(extract_many(files, workers=2), files, strict=True):
        _same(got, extract(path))


def test_workers_started_by_spawn_give_the_same_extractions(monkeypatch, seed_plan):
    # Windows and macOS have no fork: each worker imports the loaders afresh and gets the
    # initializer's arguments (here a user's gazetteer) pickled.
    from innograph.loaders import load_gazetteer

    monkeypatch.setattr(parallel, "_MIN_BYTES", 0)
    monkeypatch.setattr(parallel.multiprocessing, "get_all_start_methods", lambda: ["spawn"])
    gazetteer = load_gazetteer(seed_plan.parent / "gazetteer.yaml")
    files = [seed_plan, *PLANS[:2], TABLES[0]]
    for got, path in zip(extract_many(files, gazetteer=gazetteer, workers=2), files, strict=True):
        _same(got, extract(path, gazetteer=gazetteer))


def test_small_loads_stay_in_process(seed_plan):
    assert worker_count([seed_plan] * 3, 8) == 1  # too few files
    assert worker_count([seed_plan] * 5, 8) == 1  # 5 × 19 KB: too little text to start workers
    assert worker_count([seed_plan] * 20, 8) == 8
    assert worker_count([seed_plan] * 20, 1) == 1


def test_by_default_only_idle_cores_get_workers(monkeypatch, seed_plan):
    monkeypatch.setattr(parallel.os, "sched_getaffinity", lambda _pid: {0, 1})
    files = [seed_plan] * 20
    # Idle cores (2 minus the load, rounded down) and this process's own core.
    for load_average, expected in ((0.2, 2), (0.9, 2), (1.5, 1), (3.5, 1)):
        monkeypatch.setattr(parallel.os, "getloadavg", lambda value=load_average: (value, value, value))
        assert worker_count(files) == expected


def test_a_bad_file_raises_its_own_error_from_a_worker(monkeypatch, tmp_path, seed_plan):
    monkeypatch.setattr(parallel, "_MIN_BYTES", 0)
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    with pytest.raises(LoaderError, match="empty.txt"):
        list(extract_many([seed_plan, seed_plan, empty, seed_plan, seed_plan], workers=2))


def test_load_on_workers_stores_what_one_process_stores(monkeypatch, tmp_path, seed_plan):
    monkeypatch.setattr(parallel, "_MIN_BYTES", 0)
    files = [seed_plan, *PLANS[:5]]
    counts = []
    for workers, name in ((1, "one.db"), (2, "two.db")):
        with SQLiteStore(tmp_path / name) as store:
            report = load(store, files, workers=workers)
            counts.append((report.totals, store.counts()))
    assert counts[0] == counts[1]
    assert counts[0][0]["nodes_added"] > 100


def test_load_and_analyze_take_a_worker_count(monkeypatch, tmp_path, seed_plan):
    from click.testing import CliRunner

    from innograph.cli import cli

    monkeypatch.setattr(parallel, "_MIN_BYTES", 0)
    asked: list[int | None] = []
    real = parallel.worker_count
    monkeypatch.setattr(parallel, "worker_count", lambda paths, workers=None: asked.append(workers) or real(paths, workers))
    files = [str(seed_plan), *map(str, PLANS[:5])]
    runner = CliRunner()
    one = runner.invoke(cli, ["--db", str(tmp_path / "one.db"), "load", "--workers", "1", *files])
    two = runner.invoke(cli, ["--db", str(tmp_path / "two.db"), "load", *files], env={"INNOGRAPH_WORKERS": "2"})
    report = runner.invoke(cli, ["--db", str(tmp_path / "three.db"), "analyze", "--workers", "2", *files,
                                 "--out", str(tmp_path / "report")])
    assert one.exit_code == two.exit_code == report.exit_code == 0, one.output + two.output + report.output
    assert asked == [1, 2, 2]
    assert one.stdout.splitlines()[-1] == two.stdout.splitlines()[-1]  # the same totals either way
    bad = runner.invoke(cli, ["load", "--workers", "0", *files])
    assert bad.exit_code == 2 and "--workers" in bad.output


def test_a_bad_row_on_a_worker_is_one_line_naming_it_and_nothing_is_stored(monkeypatch, tmp_path, seed_plan):
    from click.testing import CliRunner

    from innograph.cli import cli

    monkeypatch.setattr(parallel, "_MIN_BYTES", 0)
    table = tmp_path / "actors.csv"
    table.write_text("name,kind\n西南大学,university\n某某,univ\n", encoding="utf-8")
    db = tmp_path / "g.db"
    files = [str(seed_plan), *map(str, PLANS[:2]), str(table), *map(str, PLANS[2:4])]
    result = CliRunner().invoke(cli, ["--db", str(db), "load", "--workers", "2", *files])
    assert result.exit_code == 1
    assert result.output.startswith("Error: actors.csv:3: column 'kind'") and result.output.count("\n") == 1, result.output
    with SQLiteStore(db) as store:
        assert store.counts().nodes == 0
