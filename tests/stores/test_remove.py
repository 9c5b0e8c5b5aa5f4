"""``api.remove`` / ``innograph remove``: one loaded file's facts go, exactly, on both stores."""

from __future__ import annotations

import shutil

import pytest
from click.testing import CliRunner

from innograph import api
from innograph.cli import cli
from innograph.core.errors import QueryError
from innograph.graph.stores import SQLiteStore

from ..conftest import SEED_PLAN
from .conftest import state

OTHER_PLAN = SEED_PLAN.parents[1] / "tests" / "fixtures" / "holdout_city_action.txt"


def test_remove_restores_the_state_before_the_file_was_loaded(store):
    api.load(store, [SEED_PLAN], workers=1)
    before = state(store)
    api.load(store, [OTHER_PLAN], workers=1)
    loaded = state(store)

    preview = api.remove(store, OTHER_PLAN.name, dry_run=True)
    assert state(store) == loaded  # a dry run changes nothing
    assert preview.dry_run and preview.nodes_removed > 0 and preview.edges_removed > 0

    done = api.remove(store, OTHER_PLAN)  # named by its path this time
    assert state(store) == before
    assert (done.nodes_removed, done.edges_removed, done.nodes_kept, done.edges_kept) == (
        preview.nodes_removed, preview.edges_removed, preview.nodes_kept, preview.edges_kept)


def test_a_file_whose_facts_another_file_also_holds_leaves_them(store, tmp_path):
    copy = tmp_path / "copy-of-plan.txt"
    shutil.copyfile(SEED_PLAN, copy)
    api.load(store, [SEED_PLAN], workers=1)
    before = state(store)
    api.load(store, [copy], workers=1)
    removal = api.remove(store, "copy-of-plan.txt")
    # Only the copy's own plan node (named after its file) was its alone; every actor stays.
    assert removal.nodes_kept >= before["counts"].by_label["Actor"] > removal.nodes_removed
    assert state(store) == before


def test_an_unknown_file_is_an_error_naming_the_loaded_ones(store):
    api.load(store, [SEED_PLAN], workers=1)
    with pytest.raises(QueryError, match="no loaded file nothing.txt .*loaded files: collaborative-innovation-plan.txt$"):
        api.remove(store, "nothing.txt")


def test_cli_remove_dry_run_then_remove(db_path):
    with SQLiteStore(db_path) as store:
        api.load(store, [SEED_PLAN, OTHER_PLAN], workers=1)
    runner = CliRunner()
    dry = runner.invoke(cli, ["--db", str(db_path), "remove", str(OTHER_PLAN), "--dry-run"])
    assert dry.exit_code == 0, dry.output
    assert dry.output.startswith(f"{OTHER_PLAN.name}: would remove ")
    with SQLiteStore(db_path) as store:
        assert store.counts().sources == 2
    done = runner.invoke(cli, ["--db", str(db_path), "remove", OTHER_PLAN.name])
    assert done.exit_code == 0 and f"{OTHER_PLAN.name}: removed " in done.output
    with SQLiteStore(db_path) as store:
        assert [s["id"] for s in store.sources()] == [SEED_PLAN.name]
    again = runner.invoke(cli, ["--db", str(db_path), "remove", OTHER_PLAN.name])
    assert again.exit_code == 1
    assert again.output.count("\n") == 1 and again.output.startswith(f"Error: no loaded file {OTHER_PLAN.name}")
