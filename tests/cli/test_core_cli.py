"""The CLI skeleton: stats, export, output formats and one-line errors."""

from __future__ import annotations

import json

import networkx as nx
import pytest
from click.testing import CliRunner

from innograph import __version__
from innograph.cli import cli
from innograph.graph.export import read_graph
from innograph.graph.stores import SQLiteStore
from innograph.output import format_rows

from ..graph.helpers import plan_delta


@pytest.fixture
def loaded_db(db_path):
    with SQLiteStore(db_path) as store:
        store.upsert(plan_delta(extra_partner=True))
    return db_path


def run(*args, env=None):
    return CliRunner().invoke(cli, [str(a) for a in args], env=env)


def test_version_and_help():
    assert run("--version").output.strip() == f"innograph, version {__version__}"
    result = run("-h")
    assert result.exit_code == 0
    assert "stats" in result.output and "export" in result.output


def test_stats_json_counts(loaded_db):
    result = run("--db", loaded_db, "stats", "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["nodes"] == 5 and data["edges"] == 4
    assert data["by_label"] == {"Actor": 4, "Task": 1}
    assert data["by_type"] == {"LEADS": 1, "PARTICIPATES_IN": 1, "PARTNERS_WITH": 2}


def test_db_from_environment(loaded_db):
    result = run("stats", "--format", "json", env={"INNOGRAPH_DB": str(loaded_db)})
    assert json.loads(result.output)["nodes"] == 5


def test_stats_table_and_csv(loaded_db):
    table = run("--db", loaded_db, "stats").output
    assert "PARTNERS_WITH" in table and "# edges by type" in table
    csv_out = run("--db", loaded_db, "stats", "--format", "csv").output
    assert "type,count\nLEADS,1\nPARTICIPATES_IN,1\nPARTNERS_WITH,2" in csv_out


def test_table_aligns_wide_characters():
    text = format_rows([{"name": "区科技局", "n": 3}, {"name": "X医科大学", "n": 12}], "table")
    lines = text.splitlines()
    # Each CJK character takes two terminal cells: every line ends at the same cell.
    from innograph.output import display_width

    assert len({display_width(line) for line in lines}) == 1
    assert lines[2] == "区科技局    3"


def test_json_keeps_chinese_unescaped():
    assert format_rows([{"name": "西南大学"}], "json") == '[\n  {\n    "name": "西南大学"\n  }\n]'


@pytest.mark.parametrize("fmt", ["json", "graphml", "gexf"])
def test_export_reads_back_to_the_same_graph(loaded_db, tmp_path, fmt):
    out = tmp_path / f"graph.{fmt}"
    result = run("--db", loaded_db, "export", "--format", fmt, "--out", out)
    assert result.exit_code == 0, result.output
    with SQLiteStore(loaded_db) as store:
        from innograph.graph import ProjectionFilter

        expected = store.projection(ProjectionFilter(with_evidence=True))
    back = read_graph(out)
    assert set(back.nodes) == set(expected.nodes)
    assert {(u, v, k) for u, v, k in back.edges(keys=True)} == {(u, v, k) for u, v, k in expected.edges(keys=True)}
    for n, attrs in expected.nodes(data=True):
        assert back.nodes[n] == attrs, n
    for u, v, k, attrs in expected.edges(keys=True, data=True):
        assert back.edges[u, v, k] == attrs


def test_graphml_opens_in_plain_networkx(loaded_db, tmp_path):
    out = tmp_path / "g.graphml"
    run("--db", loaded_db, "export", "--format", "graphml", "--out", out)
    G = nx.read_graphml(out)
    assert G.nodes["university:西南大学"]["name"] == "西南大学"


def test_bad_database_is_one_line_error(tmp_path):
    bogus = tmp_path / "x.db"
    bogus.write_bytes(b"\x00garbage" * 200)
    result = run("--db", bogus, "stats")
    assert result.exit_code == 1
    assert result.output == f"Error: {bogus} is not an innograph database (not an SQLite file); choose another --db path\n"


@pytest.mark.parametrize("command", [["stats"], ["export", "--out", "g.graphml"], ["centrality"], ["report", "--out", "r"]])
def test_reading_a_database_that_does_not_exist_creates_nothing(tmp_path, monkeypatch, command):
    monkeypatch.chdir(tmp_path)
    missing = tmp_path / "typo.db"
    result = run("--db", missing, *command)
    assert result.exit_code == 1
    assert result.output == (f'Error: no database at {missing}; load plans into it first: innograph --db "{missing}" '
                             "load PLAN.txt (or give --db the file you loaded into)\n")
    assert list(tmp_path.iterdir()) == []


def test_debug_shows_the_traceback(tmp_path):
    bogus = tmp_path / "x.db"
    bogus.write_bytes(b"\x00garbage" * 200)
    result = run("--debug", "--db", bogus, "stats")
    assert result.exit_code == 1
    assert result.exception is not None and "Error:" not in result.output


def test_export_to_a_folder_is_refused(loaded_db, tmp_path):
    result = run("--db", loaded_db, "export", "--format", "json", "--out", tmp_path)
    assert result.exit_code == 2  # click refuses a directory for a file option


def test_csv_cells_hold_lists_and_objects_readably():
    text = format_rows([{"name": "区科技局", "aliases": ["科技局", "区科委"], "extra": {"a": 1}, "none": None}], "csv")
    assert text.splitlines()[1] == '区科技局,科技局|区科委,"{""a"": 1}",'
