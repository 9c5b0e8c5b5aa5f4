"""The embedded store never changes a file it did not create, and reads one it may not write."""

from __future__ import annotations

import os
import sqlite3
import stat

import pytest
from click.testing import CliRunner

from innograph import api
from innograph.cli import cli
from innograph.core.errors import StoreError
from innograph.graph.stores import SQLiteStore, sqlite as sqlite_module

from ..conftest import SEED_PLAN


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args])


def snapshot(folder):
    return {p.name: p.read_bytes() for p in folder.iterdir()}


@pytest.fixture
def foreign_db(tmp_path):
    """Another program's SQLite file (rollback journal, as SQLite makes them by default)."""
    path = tmp_path / "notes.sqlite"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE notes(id INTEGER PRIMARY KEY, body TEXT)")
    conn.execute("INSERT INTO notes(body) VALUES('keep me')")
    conn.commit()
    conn.close()
    return path


@pytest.fixture
def seed_db(tmp_path):
    path = tmp_path / "seed.db"
    with SQLiteStore(path) as store:
        api.load(store, [SEED_PLAN], workers=1)
    return path


@pytest.mark.parametrize("command", [["stats"], ["centrality"], ["load", SEED_PLAN], ["remove", "x.txt"]])
def test_another_programs_sqlite_file_is_refused_and_left_as_it_was(foreign_db, command):
    before = snapshot(foreign_db.parent)
    result = run("--db", foreign_db, *command)
    assert result.exit_code == 1
    assert result.output.count("\n") == 1
    assert result.output.startswith(f"Error: {foreign_db} is not an innograph database (it is another program's")
    assert snapshot(foreign_db.parent) == before  # no tables added, no WAL switch, no -wal/-shm files


def test_a_meta_table_without_innograph_version_is_refused(tmp_path):
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE meta(key TEXT, value TEXT)")
    conn.commit()
    conn.close()
    before = path.read_bytes()
    with pytest.raises(StoreError, match="not an innograph database"):
        SQLiteStore(path)
    assert path.read_bytes() == before


def test_read_commands_open_read_only_and_change_nothing(seed_db):
    before = seed_db.read_bytes()
    for command in (["stats"], ["centrality", "--top", "3"], ["helix"]):
        result = run("--db", seed_db, *command)
        assert result.exit_code == 0, result.output
    # SQLite's -wal/-shm companions may stay beside it (a read-only connection cannot delete
    # them); the next load's close removes them.
    assert seed_db.read_bytes() == before


def test_a_read_only_store_reads_and_refuses_writes(seed_db):
    with SQLiteStore(seed_db) as store:
        expected = store.counts()
    with SQLiteStore(seed_db, read_only=True) as store:
        assert store.counts() == expected
        with pytest.raises(StoreError, match="could not write|locked|readonly"):
            store.remove_source(SEED_PLAN.name)
    with SQLiteStore(seed_db) as store:
        assert store.counts() == expected


def test_a_folder_without_room_for_wal_files_is_read_as_immutable(seed_db, monkeypatch):
    # What SQLite says when it cannot create the -shm file in a read-only folder; as root a
    # chmod'ed folder stays writable, so the refusal is made here.
    opened = []
    real = sqlite_module._connect_read_only

    def refuse_shared_memory(path, timeout, *, immutable):
        opened.append(immutable)
        if not immutable:
            raise sqlite3.OperationalError("unable to open database file")
        return real(path, timeout, immutable=immutable)

    monkeypatch.setattr(sqlite_module, "_connect_read_only", refuse_shared_memory)
    with SQLiteStore(seed_db, read_only=True) as store:
        assert store.counts().sources == 1
    assert opened == [False, True]


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="chmod does not stop root from writing")
def test_a_database_in_a_read_only_folder_serves_read_commands(seed_db):
    folder = seed_db.parent
    seed_db.chmod(stat.S_IRUSR | stat.S_IRGRP)
    folder.chmod(stat.S_IRUSR | stat.S_IXUSR)
    try:
        for command in (["stats"], ["centrality", "--top", "3"]):
            result = run("--db", seed_db, *command)
            assert result.exit_code == 0, result.output
    finally:
        folder.chmod(stat.S_IRWXU)
        seed_db.chmod(stat.S_IRUSR | stat.S_IWUSR)


def test_a_read_only_open_of_an_empty_file_says_there_is_nothing(tmp_path):
    path = tmp_path / "empty.db"
    path.touch()
    with pytest.raises(StoreError, match="holds no innograph data yet"):
        SQLiteStore(path, read_only=True)
    with SQLiteStore(path) as store:  # a load may still make it a database
        assert store.counts().nodes == 0
