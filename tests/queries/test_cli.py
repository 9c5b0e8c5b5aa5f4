"""The analysis commands through the real CLI on a small embedded store."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest
from click.testing import CliRunner
from wcwidth import wcswidth as display_width  # not innograph.output.display_width: the code under test

from innograph.cli import cli
from innograph.graph.stores import SQLiteStore

from .helpers import mini_plan_delta


@pytest.fixture
def db(db_path):
    with SQLiteStore(db_path) as store:
        store.upsert(mini_plan_delta())
    return db_path


def run(db, *args):
    return CliRunner().invoke(cli, ["--db", str(db), *map(str, args)])


def as_json(result):
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert isinstance(rows, list)
    assert all("name" in r and "kind" in r for r in rows)
    return rows


def test_centrality_json_rows_and_method_note(db):
    result = run(db, "centrality", "--measure", "betweenness", "--format", "json")
    rows = as_json(result)
    assert rows[0]["name"] == "区科技局" and {"score", "rank", "rank_in_kind"} <= set(rows[0])
    assert "（exact）" in result.stderr  # the note is in the default language, Chinese


def test_centrality_filters_and_top(db):
    rows = as_json(run(db, "centrality", "--kind", "enterprise", "--kind", "university", "--industry", "医药健康",
                       "--top", "3", "--format", "json"))
    assert len(rows) == 3 and {r["kind"] for r in rows} <= {"enterprise", "university"}


def test_centrality_table_aligns_chinese(db):
    result = run(db, "centrality", "--top", "2")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["rank", "name", "kind", "score", "rank_in_kind", "ties"]
    assert "区科技局" in lines[2]
    # Chinese characters take two terminal columns: the kind column starts at one column on
    # every line (counting characters instead would shift the rows with Chinese names).
    rule = lines[1].split("  ")
    kind_column = len(rule[0]) + len(rule[1]) + 4
    for line in (lines[0], lines[2], lines[3]):
        rest = line.split(None, 2)[2]  # after rank and name
        assert display_width(line[:len(line) - len(rest)]) == kind_column, line
    assert len({display_width(line) for line in lines}) == 1  # the last column is right-aligned


def test_communities_json_with_modularity(db):
    result = run(db, "communities", "--format", "json")
    rows = as_json(result)
    assert sum(r["size"] for r in rows) == 11
    assert "模块度" in result.stderr and all("modularity" in r for r in rows)


def test_brokers_csv(db):
    result = run(db, "brokers", "--format", "csv")
    assert result.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert {"name", "kind", "constraint", "liaison", "articulation_point"} <= set(rows[0])


@pytest.mark.parametrize("what, first", [("pairs", "尚荣医疗"), ("isolated", "北汽银翔"),
                                         ("tasks", "1. 建设汽车产业协同创新基地"), ("load", "区科协"),
                                         ("helix", "农业")])
def test_gaps_each_view(db, what, first):
    rows = as_json(run(db, "gaps", "--what", what, "--format", "json"))
    assert rows[0]["name"] == first


def test_gaps_reasons_in_chinese(db):
    rows = as_json(run(db, "gaps", "--lang", "zh", "--format", "json"))
    assert rows[0]["partner"] == "西南大学" and "同属医药健康基地" in rows[0]["reason"]


def test_recommend(db):
    result = run(db, "recommend", "尚荣医疗", "--format", "json")
    assert [r["name"] for r in as_json(result)] == ["西南大学", "陆军军医大学"]
    assert "partners for 尚荣医疗" in result.stderr


def test_recommend_unknown_actor_is_one_line_error(db):
    result = run(db, "recommend", "尚荣医药")
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines() == ["Error: no actor named '尚荣医药'; did you mean 尚荣医疗?"]


def test_helix_rows_and_reading(db):
    result = run(db, "helix", "--format", "json")
    rows = as_json(result)
    assert rows[-1]["name"] == "全部" and rows[-1]["finance"] == 0
    assert "T(政产学)" in result.stderr


def test_targets(db):
    rows = as_json(run(db, "targets", "--format", "json"))
    med = next(r for r in rows if r["name"] == "2. 建设医药健康产业协同创新基地")
    assert (med["target"], med["achieved"], med["gap"]) == (30.0, 12.0, 18.0)


def test_path(db):
    result = run(db, "path", "尚荣医疗", "江渝油橄榄", "--format", "json")
    rows = as_json(result)
    assert rows[0]["name"] == "尚荣医疗" and rows[-1]["name"] == "江渝油橄榄"
    assert "2 hops" in result.stderr


def test_unknown_kind_rejected_by_click(db):
    result = run(db, "centrality", "--kind", "bank")
    assert result.exit_code == 2 and "bank" in result.output


def test_brokers_on_partnerships_only(db):
    rows = {r["name"]: r for r in as_json(run(db, "brokers", "--ties", "partners", "--format", "json"))}
    # partnerships form the path 陆军军医大学 – 希尔安药业 – 西南大学 – 江渝油橄榄: the two in the
    # middle are cut points, each brokering two actors of one other group (itinerant)
    assert {n for n, r in rows.items() if r["articulation_point"]} == {"希尔安药业", "西南大学"}
    assert rows["西南大学"]["itinerant"] == 1 and rows["西南大学"]["constraint"] == 0.5
    assert rows["江渝油橄榄"]["brokerage"] == 0


@pytest.mark.parametrize("command", [["centrality"], ["gaps"], ["helix"], ["targets"], ["recommend", "西南大学"],
                                     ["path", "甲", "乙"]])
def test_empty_store_is_a_one_line_error(tmp_path, command):
    db = tmp_path / "空 库.db"
    SQLiteStore(db).close()  # exists, holds nothing
    result = run(db, *command)
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [f'Error: the store {db} is empty; load plans first: innograph --db "{db}" '
                                          "load PLAN.txt"]


@pytest.mark.parametrize("command", [["centrality"], ["brokers"], ["gaps"], ["gaps", "--what", "tasks"], ["helix"],
                                     ["recommend", "尚荣医疗"]])
def test_unknown_industry_is_a_one_line_error_not_no_rows(db, command):
    result = run(db, *command, "--industry", "钢铁")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == ["Error: no industry named '钢铁'; industries in the graph: 农业、医药健康、汽车"]


def test_findings_in_three_formats(db):
    table = run(db, "findings")
    assert table.exit_code == 0, table.output
    assert table.stdout.startswith("方案名称: 加快政金产学研用协同创新推动高质量发展的实施方案")
    assert "汽车基地没有高校和科研院所：北汽银翔均未与高校或科研院所合作" in table.stdout
    data = json.loads(run(db, "findings", "--format", "json").stdout)
    assert data["identity"]["sources"] == [{"id": "mini-plan.txt", "sha256": "mini", "title": ""}]
    assert [f["rank"] for f in data["key_findings"]] == list(range(1, len(data["key_findings"]) + 1))
    assert all(f["link"].startswith(("#", "map")) and f["evidence"] for f in data["key_findings"])
    rows = list(csv.DictReader(io.StringIO(run(db, "findings", "--format", "csv").stdout)))
    assert [r["text"] for r in rows] == [f["text"] for f in data["key_findings"]]


def _timeless(text: str) -> str:
    return re.sub(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d", "<time>", text)


@pytest.mark.parametrize("command", [["brokers", "--ties", "partners"], ["centrality"], ["communities"], ["findings"],
                                     ["gaps"], ["recommend", "尚荣医疗"], ["helix"]])
def test_every_command_speaks_english_when_asked_or_set(db, command):
    chinese = run(db, *command)
    english = run(db, *command, "--lang", "en")
    assert chinese.exit_code == english.exit_code == 0, english.output
    set_once = CliRunner(env={"INNOGRAPH_LANG": "en"}).invoke(cli, ["--db", str(db), *command])
    # findings prints when it analysed: two runs may fall either side of a second.
    assert _timeless(set_once.stdout) == _timeless(english.stdout) and set_once.stderr == english.stderr
    assert (chinese.stdout, chinese.stderr) != (english.stdout, english.stderr)


def test_brokers_say_in_plain_words_whom_they_alone_link(db):
    rows = {r["name"]: r for r in as_json(run(db, "brokers", "--ties", "partners", "--format", "json"))}
    assert rows["西南大学"]["articulation_point"] and rows["西南大学"]["bridges"] == "唯一连接农业与医药健康的主体"
