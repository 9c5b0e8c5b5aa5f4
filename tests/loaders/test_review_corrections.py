"""The review sheet (``extract --review``) and corrections tables (``--corrections``), through
the Python API and the real CLI, on the seed plan and small plans written here."""

from __future__ import annotations

import csv
import json

import pytest
from click.testing import CliRunner

from innograph.api import load
from innograph.cli import cli
from innograph.core.errors import TableError
from innograph.graph.schema import Label, RelationType
from innograph.graph.stores import SQLiteStore
from innograph.loaders import extract, read_corrections
from innograph.loaders import parallel
from innograph.loaders.confidence import REVIEW_BELOW
from innograph.loaders.corrections import apply_corrections
from innograph.loaders.review import REVIEW_COLUMNS

PLAN = """某区产学研协同创新实施方案
一、主要任务
（一）建设新材料协同创新中心
以云岭光电、滇中新材等企业为主体，联合滇南理工大学、滇西科技学院共建新材料协同创新中心，力争组建协同创新团队5个以上。（牵头单位：区科技局；责任单位：区财政局、创新推进组）
（二）推进产业共性技术平台建设
支持滇中新材料公司与滇南理工大学合作建设产业共性技术创新平台。（牵头单位：区经信委）
"""
# A second plan naming one of the first plan's firms by another name.
OTHER_PLAN = """某区新材料产业发展行动计划
一、重点任务
（一）培育龙头企业
支持滇中新材料公司、云岭光电科技有限公司与滇西科技学院合作开展关键材料攻关。（牵头单位：区经信委）
"""
HEADER = "name,action,new_name,new_kind\n"
TASK_ONE = "task:某区产学研协同创新实施方案#一、主要任务/(一)建设新材料协同创新中心"


@pytest.fixture
def plan(tmp_path):
    path = tmp_path / "plan.txt"
    path.write_text(PLAN, encoding="utf-8")
    return path


def _table(tmp_path, text, name="corrections.csv"):
    path = tmp_path / name
    path.write_text(HEADER + text, encoding="utf-8")
    return path


def _actors(extraction):
    return {n.id: n for n in extraction.delta.nodes if n.label is Label.ACTOR}


def _ends(extraction):
    return {e.source for e in extraction.delta.edges} | {e.target for e in extraction.delta.edges}


def _read_review(path):
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")  # Excel on Windows needs the BOM to read UTF-8
    return list(csv.DictReader(data.decode("utf-8-sig").splitlines()))


# -- the review sheet ---------------------------------------------------------------------------

def test_review_lists_the_doubtful_actors_and_refused_names_of_the_seed(tmp_path, seed_plan):
    review = tmp_path / "review.csv"
    result = CliRunner().invoke(cli, ["extract", str(seed_plan), "--format", "json", "--review", str(review)])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["actors"]  # the normal output still comes
    rows = _read_review(review)
    assert tuple(rows[0]) == REVIEW_COLUMNS
    extraction = extract(seed_plan)
    doubtful = {n.name for n in _actors(extraction).values() if n.properties["confidence"] < REVIEW_BELOW}
    assert doubtful and {r["name"] for r in rows if r["status"] == "kept"} == doubtful
    assert [r["name"] for r in rows if r["status"] == "refused"] == sorted(
        (r.name for r in extraction.refused), key=lambda name: next(r.start for r in extraction.refused if r.name == name))
    statuses = [r["status"] for r in rows]
    assert statuses == sorted(statuses)  # kept (in the graph) first, then refused
    confidences = [float(r["confidence"]) for r in rows if r["status"] == "kept"]
    assert confidences == sorted(confidences) and max(confidences) < REVIEW_BELOW
    nested = next(r for r in rows if r["name"] == "X人文科技学院")
    assert nested["kind"] == "university" and nested["rule"] == "nested" and "longer name" in nested["reason"]
    assert "X人文科技学院" in nested["quote"]
    assert all(r["action"] == r["new_name"] == r["new_kind"] == "" for r in rows)
    assert "row(s) to review" in result.stderr


def test_review_of_a_small_plan(tmp_path, plan):
    review = tmp_path / "review.csv"
    assert CliRunner().invoke(cli, ["extract", str(plan), "--review", str(review)]).exit_code == 0
    rows = _read_review(review)
    assert [(r["name"], r["status"], r["rule"]) for r in rows if r["status"] == "kept"] == [
        ("创新推进组", "kept", "marker-guess")]
    assert rows[0]["confidence"] == "0.60" and "创新推进组" in rows[0]["quote"]
    refused = {r["name"]: r for r in rows if r["status"] == "refused"}
    assert set(refused) == {r.name for r in extract(plan).refused} and "产业共性技术创新平台" in refused
    assert refused["产业共性技术创新平台"]["reason"].startswith("a type of")
    assert refused["产业共性技术创新平台"]["quote"] == "支持滇中新材料公司与滇南理工大学合作建设产业共性技术创新平台。"


def test_marked_review_goes_back_as_corrections(tmp_path, seed_plan):
    review = tmp_path / "review.csv"
    runner = CliRunner()
    assert runner.invoke(cli, ["extract", str(seed_plan), "--review", str(review)]).exit_code == 0
    rows = _read_review(review)
    marks = {"德康": ("改名", "德康集团", ""), "大正": ("不是主体", "", ""), "恒芯天际": ("keep", "", "")}
    for row in rows:
        row["action"], row["new_name"], row["new_kind"] = marks.get(row["name"], ("", "", ""))
    with review.open("w", encoding="utf-8-sig", newline="") as fh:  # as Excel saves it
        writer = csv.DictWriter(fh, fieldnames=REVIEW_COLUMNS)
        writer.writeheader()
        writer.writerows(rows)
    again = tmp_path / "again.csv"
    result = runner.invoke(cli, ["extract", str(seed_plan), "--format", "json", "--corrections", str(review),
                                 "--review", str(again)])
    assert result.exit_code == 0, result.output
    ids = {a["id"]: a for a in json.loads(result.stdout)["actors"]}
    assert "enterprise:德康集团" in ids and "enterprise:德康" not in ids and "enterprise:大正" not in ids
    assert ids["enterprise:德康集团"]["aliases"] == ["德康"] and ids["enterprise:德康集团"]["rule"] == "reviewed"
    assert ids["enterprise:恒芯天际"]["confidence"] == 1.0
    left = {r["name"] for r in _read_review(again)}
    assert {"德康", "德康集团", "大正", "恒芯天际"}.isdisjoint(left)  # reviewed: off the next sheet
    assert "博琨翰威" in left and "warning" not in result.stderr


# -- corrections, action by action --------------------------------------------------------------

def test_rename_keeps_the_old_name_as_alias_and_moves_edges(tmp_path, plan):
    before = extract(plan)
    after = extract(plan, corrections=_table(tmp_path, "创新推进组,改名,区科技创新工作专班,\n"))
    actors = _actors(after)
    node = actors["government:区科技创新工作专班"]
    assert node.aliases == ["创新推进组"] and node.properties == {"confidence": 1.0, "rule": "reviewed"}
    assert node.evidence == _actors(before)["government:创新推进组"].evidence
    assert "government:创新推进组" not in actors and "government:创新推进组" not in _ends(after)
    assert ("government:区科技创新工作专班", RelationType.RESPONSIBLE_FOR, TASK_ONE) in {
        (e.source, e.type, e.target) for e in after.delta.edges}
    task = next(t for t in after.tasks if t.id == TASK_ONE)
    assert task.responsible == ["government:区财政局", "government:区科技创新工作专班"]
    assert len(after.delta.edges) == len(before.delta.edges)


def test_merge_makes_an_alias_and_merges_duplicate_edges_keeping_evidence(tmp_path, plan):
    before = extract(plan)
    after = extract(plan, corrections=_table(tmp_path, "滇中新材,merge,滇中新材料公司,\n"))
    actors = _actors(after)
    assert "enterprise:滇中新材" not in actors and "enterprise:滇中新材" not in _ends(after)
    firm = actors["enterprise:滇中新材料公司"]
    assert firm.aliases == ["滇中新材"]
    assert firm.properties == _actors(before)["enterprise:滇中新材料公司"].properties  # the target speaks for itself
    old = {(e.source, e.type, e.target): e for e in before.delta.edges}
    new = {(e.source, e.type, e.target): e for e in after.delta.edges}
    pair = ("enterprise:滇中新材料公司", RelationType.PARTNERS_WITH, "university:滇南理工大学")
    short_pair = ("enterprise:滇中新材", RelationType.PARTNERS_WITH, "university:滇南理工大学")
    both = [*old[pair].evidence, *old[short_pair].evidence]
    assert sorted(ev.start for ev in new[pair].evidence) == sorted(ev.start for ev in both)  # both sentences kept
    assert ("enterprise:滇中新材料公司", RelationType.PARTICIPATES_IN, TASK_ONE) in new
    assert len(new) == len(old) - 1  # one edge folded into another, none lost
    assert len(after.delta.edges) == len(new)  # no duplicates


def test_kind_gives_a_new_id_and_not_an_actor_drops_node_and_edges(tmp_path, plan):
    before = extract(plan)
    corrections = _table(tmp_path, "创新推进组,改类型,,平台\n云岭光电,not-an-actor,,\n")
    after = extract(plan, corrections=corrections)
    actors = _actors(after)
    assert actors["platform:创新推进组"].kind.value == "platform" and actors["platform:创新推进组"].aliases == []
    assert ("platform:创新推进组", RelationType.RESPONSIBLE_FOR, TASK_ONE) in {(e.source, e.type, e.target)
                                                                             for e in after.delta.edges}
    assert "government:创新推进组" not in actors and "enterprise:云岭光电" not in actors
    assert not {"government:创新推进组", "enterprise:云岭光电"} & _ends(after)
    dropped = [e for e in before.delta.edges if "enterprise:云岭光电" in (e.source, e.target)]
    assert dropped and len(after.delta.edges) == len(before.delta.edges) - len(dropped)


def test_chinese_words_and_xlsx_tables(tmp_path, plan):
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    book.active.append(["名称", "操作", "新名称", "新类型"])
    book.active.append(["创新推进组", "改名", "区科技创新工作专班", ""])
    book.active.append(["滇中新材", "合并", "滇中新材料公司", ""])
    book.active.append(["滇南理工大学", "不是主体", "", ""])
    book.active.append(["云岭光电", "", "", ""])  # not reviewed: ignored
    book.save(tmp_path / "corrections.xlsx")
    actors = _actors(extract(plan, corrections=tmp_path / "corrections.xlsx"))
    assert "government:区科技创新工作专班" in actors and "enterprise:滇中新材" not in actors
    assert "university:滇南理工大学" not in actors and "enterprise:云岭光电" in actors
    assert [r.action for r in read_corrections(tmp_path / "corrections.xlsx").rows] == ["rename", "merge", "not-an-actor"]


def test_apply_corrections_is_pure(tmp_path, plan):
    extraction = extract(plan)
    dumped = extraction.delta.model_dump_json()
    corrections = read_corrections(_table(tmp_path, "滇中新材,merge,滇中新材料公司,\n创新推进组,keep,,\n"))
    corrected = apply_corrections(extraction.delta, corrections)
    assert extraction.delta.model_dump_json() == dumped
    assert corrected.model_dump_json() != dumped
    assert type(corrected).model_validate(corrected.model_dump()) == corrected  # still a valid delta
    assert apply_corrections(extraction.delta, read_corrections(_table(tmp_path, "无此单位,keep,,\n"))) is extraction.delta


def test_merging_two_partners_leaves_no_edge_from_an_actor_to_itself(tmp_path, plan):
    extraction = extract(plan)
    assert any(e.source == "enterprise:云岭光电" and e.target == "university:滇南理工大学" for e in extraction.delta.edges)
    merged = apply_corrections(extraction.delta, read_corrections(_table(tmp_path, "云岭光电,merge,滇南理工大学,\n")))
    assert all(e.source != e.target for e in merged.edges)
    assert "enterprise:云岭光电" not in {n.id for n in merged.nodes}


def test_merge_into_an_actor_of_another_file(tmp_path, plan):
    other = tmp_path / "other.txt"
    other.write_text(OTHER_PLAN, encoding="utf-8")
    corrections = _table(tmp_path, "云岭光电,merge,云岭光电科技有限公司,\n")
    with SQLiteStore(tmp_path / "g.db") as store:
        report = load(store, [plan, other], corrections=corrections)
        graph = store.projection()
    assert report.warnings == []
    assert "enterprise:云岭光电" not in graph
    assert "云岭光电" in graph.nodes["enterprise:云岭光电科技有限公司"]["aliases"]
    assert graph.has_edge("enterprise:云岭光电科技有限公司", "university:滇南理工大学")  # from plan.txt


# -- loading: the same graph on every reload, in one process or many ---------------------------

def _graph(db):
    with SQLiteStore(db) as store:
        graph = store.projection()
    return ({n: (a.get("name"), a.get("kind"), tuple(a.get("aliases") or ())) for n, a in graph.nodes(data=True)},
            sorted((u, v, d.get("type")) for u, v, d in graph.edges(data=True)))


def test_load_with_corrections_reloads_to_the_same_graph(tmp_path, plan, monkeypatch):
    corrections = _table(tmp_path, "滇中新材,合并,滇中新材料公司,\n创新推进组,不是主体,,\n")
    db = tmp_path / "g.db"
    runner = CliRunner()
    plain = runner.invoke(cli, ["--db", str(db), "load", str(plan)])
    assert plain.exit_code == 0, plain.output
    assert "enterprise:滇中新材" in _graph(db)[0]
    fixed = runner.invoke(cli, ["--db", str(db), "load", str(plan), "--corrections", str(corrections)])
    assert fixed.exit_code == 0, fixed.output
    nodes, edges = _graph(db)
    assert "enterprise:滇中新材" not in nodes and "government:创新推进组" not in nodes  # the reload replaced them
    monkeypatch.setenv("INNOGRAPH_CORRECTIONS", str(corrections))  # on every reload without retyping
    again = runner.invoke(cli, ["--db", str(db), "load", str(plan)])
    assert "0 nodes added, 0 updated" in again.output and "0 edges added, 0 updated" in again.output
    assert _graph(db) == (nodes, edges)


def test_workers_give_the_same_corrected_graph(tmp_path, seed_plan, monkeypatch):
    monkeypatch.setattr(parallel, "_MIN_BYTES", 0)
    files = []
    for i in range(4):
        path = tmp_path / f"plan{i}.txt"
        path.write_text(seed_plan.read_text(encoding="utf-8") if i % 2 else PLAN, encoding="utf-8")
        files.append(path)
    corrections = _table(tmp_path, "德康,rename,德康集团,\n滇中新材,merge,滇中新材料公司,\n大正,not-an-actor,,\n"
                                   "恒芯天际,kind,,institute\n")
    graphs = []
    for workers in (1, 2):
        db = tmp_path / f"w{workers}.db"
        with SQLiteStore(db) as store:
            assert load(store, files, workers=workers, corrections=corrections).warnings == []
        graphs.append(_graph(db))
    assert graphs[0] == graphs[1]
    assert "enterprise:德康集团" in graphs[0][0] and "institute:恒芯天际" in graphs[0][0]
    assert "enterprise:大正" not in graphs[0][0]


def test_analyze_takes_corrections(tmp_path, plan):
    corrections = _table(tmp_path, "创新推进组,not-an-actor,,\n")
    db = tmp_path / "g.db"
    result = CliRunner().invoke(cli, ["--db", str(db), "analyze", str(plan), "--out", str(tmp_path / "report"),
                                      "--corrections", str(corrections)])
    assert result.exit_code == 0, result.output
    assert "government:创新推进组" not in _graph(db)[0]
    assert "government:区科技局" in _graph(db)[0]


# -- bad input ----------------------------------------------------------------------------------

@pytest.mark.parametrize("rows, message", [
    ("创新推进组,fix,,\n", "corrections.csv:2: unknown action 'fix'"),
    ("创新推进组,kind,,robot\n", "corrections.csv:2: column 'new_kind': 'robot' is not one of"),
    ("创新推进组,kind,,\n", "corrections.csv:2: kind '创新推进组' needs new_kind"),
    ("云岭光电,,,\n,merge,滇中新材料公司,\n", "corrections.csv:3: the row has the action 'merge' but no name"),
    ("创新推进组,rename,,\n", "corrections.csv:2: rename '创新推进组' needs new_name"),
    ("创新推进组,keep,,\n创新推进组,drop,,\n", "corrections.csv:3: '创新推进组' is corrected already in row 2"),
])
def test_a_bad_row_is_one_line_naming_file_and_row_and_nothing_is_written(tmp_path, plan, rows, message):
    corrections = _table(tmp_path, rows)
    with pytest.raises(TableError, match="^" + message.replace("(", r"\(").replace(")", r"\)")):
        read_corrections(corrections)
    db = tmp_path / "g.db"
    result = CliRunner().invoke(cli, ["--db", str(db), "load", str(plan), "--corrections", str(corrections)])
    assert result.exit_code == 1
    assert result.output.startswith(f"Error: {message}") and result.output.count("\n") == 1
    assert not db.exists() or _graph(db) == ({}, [])


def test_a_table_without_the_columns_and_a_review_sheet_given_to_load(tmp_path, plan):
    runner = CliRunner()
    wrong = tmp_path / "wrong.csv"
    wrong.write_text("名称,类型\n创新推进组,政府\n", encoding="utf-8")
    result = runner.invoke(cli, ["extract", str(plan), "--corrections", str(wrong)])
    assert result.exit_code == 1 and result.output.startswith("Error: wrong.csv: no corrections table found")
    review = tmp_path / "review.csv"
    assert runner.invoke(cli, ["extract", str(plan), "--review", str(review)]).exit_code == 0
    result = runner.invoke(cli, ["--db", str(tmp_path / "g.db"), "load", str(review)])
    assert result.exit_code == 1 and "review.csv:1: is a corrections table" in result.output


def test_rows_that_change_nothing_are_warnings(tmp_path, plan):
    corrections = _table(tmp_path, "无此单位,keep,,\n滇中新材,merge,无此公司,\n创新推进组,merge,区科技创新工作专班,government\n")
    result = CliRunner().invoke(cli, ["extract", str(plan), "--format", "json", "--corrections", str(corrections)])
    assert result.exit_code == 0, result.output
    warnings = [line for line in result.stderr.splitlines() if line.startswith("warning: ")]
    assert warnings == [
        "warning: corrections.csv:2: no actor named '无此单位' in plan.txt; row not applied "
        "(a name extraction refused is added through your gazetteer)",
        "warning: corrections.csv:3: merge target '无此公司' is neither an extracted actor nor in the gazetteer; "
        "row not applied (give the target's kind in new_kind)"]
    ids = {a["id"] for a in json.loads(result.stdout)["actors"]}
    assert "enterprise:滇中新材" in ids  # left as it was
    assert "government:区科技创新工作专班" in ids  # a target named with its kind need not be extracted
