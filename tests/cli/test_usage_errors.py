"""Usage errors are one ``Error:`` line, like every other error, and keep exit code 2."""

from __future__ import annotations

import os

import pytest
from click.testing import CliRunner

from innograph.cli import cli

from ..conftest import SEED_PLAN


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args], prog_name="innograph")


def assert_one_usage_line(result, *words):
    assert result.exit_code == 2, result.output
    assert result.output.count("\n") == 1, result.output
    assert result.output.startswith("Error: ") and "Usage:" not in result.output
    for word in words:
        assert word in result.output


def test_a_folder_given_as_the_file_to_load(tmp_path):
    assert_one_usage_line(run("--db", tmp_path / "x.db", "load", tmp_path), "is a directory", "innograph load -h")


def test_no_workers(tmp_path):
    assert_one_usage_line(run("--db", tmp_path / "x.db", "load", "--workers", "0", SEED_PLAN), "--workers")


def test_out_naming_a_file_where_a_folder_belongs(tmp_path):
    note = tmp_path / "note.txt"
    note.write_text("mine")
    assert_one_usage_line(run("--db", tmp_path / "x.db", "report", "--out", note), "--out", "is a file")
    assert_one_usage_line(run("--db", tmp_path / "x.db", "analyze", SEED_PLAN, "--out", note), "--out")
    assert note.read_text() == "mine"


def test_the_roots_own_option_and_unknown_commands(tmp_path):
    assert_one_usage_line(run("--db", tmp_path, "stats"), "--db", "is a directory", "innograph -h")
    assert_one_usage_line(run("no-such-command"), "No such command")
    assert_one_usage_line(run("load"), "Missing argument")


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root reads any file")
def test_an_unreadable_file(tmp_path):
    secret = tmp_path / "plan.txt"
    secret.write_text("一、总体要求")
    secret.chmod(0)
    assert_one_usage_line(run("--db", tmp_path / "x.db", "load", secret), "not readable")


def test_other_errors_keep_exit_code_1(tmp_path):
    result = run("--db", tmp_path / "none.db", "stats")
    assert result.exit_code == 1 and result.output.startswith("Error: no database at")


def test_a_bare_command_still_shows_the_help():
    result = run()
    assert "Usage:" in result.output and "Commands:" in result.output
