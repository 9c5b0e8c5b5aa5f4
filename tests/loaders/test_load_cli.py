"""``innograph extract`` and ``innograph load`` driven through the real CLI."""

from __future__ import annotations

import json
import shutil

from click.testing import CliRunner

from innograph.cli import cli
from innograph.graph.stores import SQLiteStore
from innograph.loaders import extract


def test_extract_json_shape(seed_plan):
    result = CliRunner().invoke(cli, ["extract", str(seed_plan), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["source"]["title"] == "加快政金产学研用协同创新推动高质量发展的实施方案"
    task = next(t for t in data["tasks"] if t["title"] == "建设医药健康产业协同创新基地")
    assert task["lead"] == ["government:工业园区管委会"]
    assert task["path"] == ["三、主要任务", "（二）建设协同创新基地", "2. 建设医药健康产业协同创新基地"]
    actor = next(a for a in data["actors"] if a["name"] == "X医科大学")
    assert actor["id"] == "university:X医科大学" and actor["kind"] == "university" and actor["aliases"] == []
    assert 0 < actor["confidence"] <= 1 and actor["rule"]
    assert any(r["type"] == "PARTNERS_WITH" and r["evidence"] for r in data["relations"])


def test_extract_table_format_for_people(seed_plan):
    result = CliRunner().invoke(cli, ["extract", str(seed_plan)])
    assert result.exit_code == 0
    assert "# tasks" in result.output and "区科技局" in result.output


def test_extract_bad_file_is_one_line_error(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    result = CliRunner().invoke(cli, ["extract", str(empty)])
    assert result.exit_code == 1
    assert "Error: empty.txt" in result.output


def test_load_then_reload_changed_file(tmp_path, seed_plan):
    db = tmp_path / "g.db"
    plan = tmp_path / "plan.txt"
    shutil.copy(seed_plan, plan)
    runner = CliRunner()
    first = runner.invoke(cli, ["--db", str(db), "load", str(plan)])
    assert first.exit_code == 0, first.output
    again = runner.invoke(cli, ["--db", str(db), "load", str(plan)])
    assert "0 nodes added, 0 updated" in again.output
    text = plan.read_text(encoding="utf-8").replace("、青阳药业", "")
    plan.write_text(text, encoding="utf-8")
    changed = runner.invoke(cli, ["--db", str(db), "load", str(plan)])
    assert changed.exit_code == 0
    with SQLiteStore(db) as store:
        graph = store.projection()
    assert "enterprise:青阳药业" not in graph
    assert "enterprise:希尔安药业" in graph


def test_load_with_a_bad_file_writes_nothing(tmp_path, seed_plan):
    db = tmp_path / "g.db"
    bad = tmp_path / "bad.docx"
    bad.write_bytes(b"not a zip")
    result = CliRunner().invoke(cli, ["--db", str(db), "load", str(seed_plan), str(bad)])
    assert result.exit_code == 1
    assert "Error: bad.docx" in result.output
    with SQLiteStore(db) as store:
        assert store.counts().nodes == 0


def test_own_gazetteer_adds_aliases_and_bad_one_is_one_line(tmp_path, seed_plan):
    mine = tmp_path / "mine.yaml"
    mine.write_text("actors:\n  - {name: 北汽银翔汽车有限公司, kind: enterprise, aliases: [北汽银翔]}\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["extract", str(seed_plan), "--format", "json", "--gazetteer", str(mine)])
    assert result.exit_code == 0, result.output
    actors = {a["name"]: a for a in json.loads(result.output)["actors"]}
    assert "北汽银翔" in actors["北汽银翔汽车有限公司"]["aliases"]
    bad = tmp_path / "bad.yaml"
    bad.write_text("actors:\n  - {name: 某某, kind: bank}\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["extract", str(seed_plan), "--gazetteer", str(bad)])
    assert result.exit_code == 1
    assert "bad.yaml: actors[0] '某某': field 'kind': 'bank' is not one of" in result.output


def test_own_gazetteer_is_used_for_tables_too(tmp_path):
    mine = tmp_path / "mine.yaml"
    mine.write_text("actors:\n  - {name: 北汽银翔汽车有限公司, kind: enterprise, aliases: [北汽银翔]}\n", encoding="utf-8")
    table = tmp_path / "actors.csv"
    table.write_text("name,kind\n北汽银翔,enterprise\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["extract", str(table), "--format", "json", "--gazetteer", str(mine)])
    assert result.exit_code == 0, result.output
    assert [(a["id"], a["aliases"]) for a in json.loads(result.output)["actors"]] == [
        ("enterprise:北汽银翔汽车有限公司", ["北汽银翔"])]


def test_load_every_fixture_style_then_reload_changes_nothing(tmp_path):
    from tests.loaders.accuracy import FIXTURES

    files = [str(FIXTURES / n) for n in ("plan_peizhe.txt", "plan_brackets.html", "plan_prose_gbk.txt",
                                         "doc_table_plan.docx", "table_actors.csv")]
    db = tmp_path / "g.db"
    first = CliRunner().invoke(cli, ["--db", str(db), "load", *files])
    assert first.exit_code == 0, first.output
    assert "Loaded 5 file(s)" in first.output
    again = CliRunner().invoke(cli, ["--db", str(db), "load", *files])
    assert "0 nodes added, 0 updated" in again.output and "0 edges added, 0 updated" in again.output
    with SQLiteStore(db) as store:
        graph = store.projection()
    assert graph.nodes["government:县科技局"]["kind"] == "government"
    task = next(n for n, d in graph.nodes(data=True) if d["label"] == "Task" and d["name"] == "培育科技型企业")
    assert graph.nodes[task]["path"] == ["一、主要任务", "（一）壮大创新主体", "1. 培育科技型企业"]
    assert [(s, d["type"]) for s, _, d in graph.in_edges(task, data=True) if d["type"] == "LEADS"] == [
        ("government:县科技局", "LEADS")]


def test_load_table_with_bad_row_fails_unless_skipping(tmp_path):
    table = tmp_path / "actors.csv"
    table.write_text("name,kind\n西南大学,university\n某某,univ\n", encoding="utf-8")
    db = tmp_path / "g.db"
    failed = CliRunner().invoke(cli, ["--db", str(db), "load", str(table)])
    assert failed.exit_code == 1 and "Error: actors.csv:3: column 'kind'" in failed.output
    with SQLiteStore(db) as store:
        assert store.counts().nodes == 0
    skipped = CliRunner().invoke(cli, ["--db", str(db), "load", str(table), "--skip-bad-rows"])
    assert skipped.exit_code == 0
    assert "1 nodes added" in skipped.output and "skipped actors.csv:3" in skipped.output


def test_a_plans_own_gazetteer_beside_it_is_added(tmp_path, seed_plan):
    """The shipped gazetteer holds general names only; the seed plan's firms come from
    seeds/collaborative-innovation-plan.gazetteer.yaml, and a copy of the plan without it is
    read by the rules alone."""
    from innograph.loaders.gazetteer import default_gazetteer

    assert default_gazetteer().lookup("中微汽博") is None
    with_own = {a["name"]: a for a in extract(seed_plan).view()["actors"]}
    assert with_own["中微汽博"]["kind"] == "enterprise" and with_own["中微汽博"]["rule"] == "gazetteer"
    copy = tmp_path / seed_plan.name
    shutil.copy(seed_plan, copy)
    assert "中微汽博" not in {a["name"] for a in extract(copy).view()["actors"]}
    (tmp_path / (seed_plan.stem + ".gazetteer.yaml")).write_text(
        "actors:\n  - {name: 中微汽博, kind: enterprise, industries: [汽车]}\n", encoding="utf-8")
    assert "中微汽博" in {a["name"] for a in extract(copy).view()["actors"]}
