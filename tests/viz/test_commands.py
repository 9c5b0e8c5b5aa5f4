"""The analyze, map and report commands through the real CLI."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

from click.testing import CliRunner

from innograph.cli import cli
from innograph.graph.stores import SQLiteStore


def run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def map_json(path: Path) -> dict:
    html = path.read_text(encoding="utf-8")
    return json.loads(re.search(r'id="map-data">(.*?)</script>', html, re.S).group(1))


def test_map_command_views(plan_db: Path, tmp_path: Path):
    out = tmp_path / "map.html"
    result = run("--db", str(plan_db), "map", "--out", str(out), "--focus", "西大", "--depth", "1", "--lang", "en")
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == str(out)
    data = map_json(out)
    assert sorted(n["label"] for n in data["nodes"]) == ["建设医药健康产业协同创新基地", "西南大学", "重庆医药集团"]
    assert data["notes"][0] == "Centred on “西大”, within 1 steps"
    result = run("--db", str(plan_db), "map", "--out", str(out), "--industry", "汽车", "--size", "degree", "--cap", "2")
    assert result.exit_code == 0
    assert len(map_json(out)["nodes"]) == 2


def test_map_command_errors_are_one_line(plan_db: Path, tmp_path: Path):
    result = run("--db", str(plan_db), "map", "--out", str(tmp_path / "m.html"), "--industry", "钢铁")
    assert result.exit_code == 1
    assert result.stderr.strip() == "Error: no industry named '钢铁'; industries in the graph: 医药健康、汽车"
    assert not (tmp_path / "m.html").exists()
    for empty in ("", "  "):  # an empty name must not draw the whole graph
        result = run("--db", str(plan_db), "map", "--out", str(tmp_path / "m.html"), "--focus", empty)
        assert result.exit_code == 1
        assert result.stderr.strip() == "Error: give an actor name"
        assert not (tmp_path / "m.html").exists()


def test_report_command_writes_index_csvs_and_maps(plan_db: Path, tmp_path: Path):
    out = tmp_path / "report"
    result = run("--db", str(plan_db), "report", "--out", str(out))
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == str(out / "index.html")
    html = (out / "index.html").read_text(encoding="utf-8")
    for heading in ("协同创新分析报告", "核心行动主体（按类型）", "桥梁型主体", "协同缺口", "推荐合作伙伴",
                    "政金产学研用协同矩阵", "任务覆盖", "部门任务负荷"):
        assert heading in html
    assert "<img" not in html and "&lt;img src=x onerror=alert(1)&gt;" in html
    assert {p.name for p in out.glob("map*.html")} == {"map.html", "map-communities.html", "map-医药健康.html",
                                                       "map-汽车.html"}
    raw = (out / "department_load.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # BOM: Excel on Windows reads Chinese
    rows = list(csv.reader(raw.decode("utf-8-sig").splitlines()))
    assert rows[0] == ["名称", "牵头任务数", "负责任务数", "合计", "牵头占比"]
    # 区科技局 leads both tasks; 区财政局 shares one.
    assert rows[1][:4] == ["区科技局", "2", "0", "2"] and rows[2][:4] == ["区财政局", "0", "1", "1"]


def test_report_rerun_removes_its_own_stale_files_only(plan_graph, tmp_path: Path):
    """A report written again into the same folder for a graph without the 汽车 industry drops
    that industry's map, and leaves the analyst's own files alone."""
    from innograph.queries import findings
    from innograph.viz.report import write_report

    out = tmp_path / "report"
    write_report(plan_graph, findings(plan_graph), out)
    (out / "notes.html").write_text("我的笔记", encoding="utf-8")
    assert (out / "map-汽车.html").exists()
    smaller = plan_graph.copy()
    smaller.remove_nodes_from([n for n, a in plan_graph.nodes(data=True)
                               if a.get("label") == "Industry" and a.get("name") == "汽车"])
    write_report(smaller, findings(smaller), out)
    assert {p.name for p in out.glob("map*.html")} == {"map.html", "map-communities.html", "map-医药健康.html"}
    assert (out / "notes.html").read_text(encoding="utf-8") == "我的笔记"
    assert (out / "index.html").exists() and (out / "department_load.csv").exists()


def test_report_rerun_deletes_nothing_outside_its_folder_whatever_the_manifest_says(plan_graph, tmp_path: Path):
    """A hand-edited manifest naming paths outside the folder, hidden or other files, or
    non-strings deletes none of them; a stale map it names is deleted; one that cannot be
    deleted stays listed for the next run, and the report is still written."""
    from innograph.queries import findings
    from innograph.viz.report import write_report

    out = tmp_path / "report"
    out.mkdir()
    outside = tmp_path / "outside.html"
    sub = out / "sub"
    sub.mkdir()
    targets = [outside, sub / "x.html", out / ".hidden.html", out / "notes.txt"]
    for path in targets:
        path.write_text("keep", encoding="utf-8")
    (out / "map-old.html").write_text("stale", encoding="utf-8")
    (out / "locked.csv").mkdir()  # unlink fails on it, as on a file open in Excel on Windows
    manifest = out / ".innograph-report.json"
    manifest.write_text(json.dumps(["../outside.html", str(outside), "sub/x.html", ".hidden.html", "notes.txt", 7,
                                    None, "", "..", "bad\u0000.html", "map-old.html", "locked.csv"]), encoding="utf-8")
    write_report(plan_graph, findings(plan_graph), out)
    assert all(path.read_text(encoding="utf-8") == "keep" for path in targets)
    assert not (out / "map-old.html").exists() and (out / "locked.csv").is_dir()
    listed = json.loads(manifest.read_text(encoding="utf-8"))
    assert "locked.csv" in listed and "map-old.html" not in listed and "index.html" in listed


def test_map_and_report_of_an_empty_store_are_one_line_errors(tmp_path: Path):
    db = tmp_path / "empty.db"
    SQLiteStore(db).close()  # exists, holds nothing
    for args in (["map", "--out", str(tmp_path / "m.html")], ["report", "--out", str(tmp_path / "r")]):
        result = CliRunner().invoke(cli, ["--db", str(db), *args])
        assert result.exit_code == 1
        assert result.stderr.splitlines() == [f"Error: the store {db} is empty; load plans first: "
                                              f"innograph --db {db} load PLAN.txt"]
    assert not (tmp_path / "m.html").exists() and not (tmp_path / "r").exists()


def test_report_in_english(plan_db: Path, tmp_path: Path):
    result = run("--db", str(plan_db), "report", "--out", str(tmp_path / "r"), "--lang", "en")
    assert result.exit_code == 0
    html = (tmp_path / "r" / "index.html").read_text(encoding="utf-8")
    assert '<html lang="en">' in html and "Department load" in html and "部门任务负荷" not in html
    header = (tmp_path / "r" / "department_load.csv").read_text(encoding="utf-8-sig").splitlines()[0]
    assert header == "Name,Tasks led,Tasks responsible for,Total,Share of leads"


def test_analyze_loads_the_seed_plan_and_writes_the_report(seed_plan: Path, tmp_path: Path):
    db, out = tmp_path / "seed.db", tmp_path / "report"
    result = run("--db", str(db), "analyze", str(seed_plan), "--out", str(out))
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == f"协同创新分析报告: {out / 'index.html'}"
    assert lines[2].startswith("行动主体: 政府部门 ")
    assert "区科技局" in lines[3]
    assert "loading 1 file(s)" in result.stderr
    html = (out / "index.html").read_text(encoding="utf-8")
    assert "区科技局" in html and (out / "map.html").is_file() and (out / "map-医药健康.html").is_file()
    # Loading the same file again changes nothing.
    again = run("--db", str(db), "analyze", str(seed_plan), "--out", str(out))
    assert again.stdout.splitlines()[1] == lines[1]


def test_analyze_needs_existing_files(tmp_path: Path):
    result = run("--db", str(tmp_path / "x.db"), "analyze", str(tmp_path / "missing.txt"), "--out", str(tmp_path / "r"))
    assert result.exit_code == 2 and "does not exist" in result.stderr
