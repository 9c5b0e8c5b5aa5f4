"""Writing output files: atomically, UTF-8, and clear errors for impossible paths."""

from __future__ import annotations

import os
import stat

import pytest

from innograph.core.errors import InnographError
from innograph.core.files import atomic_write_bytes, atomic_write_text, safe_file_name


def test_writes_utf8_and_creates_missing_folders(tmp_path):
    target = atomic_write_text(tmp_path / "新 文件夹" / "报告.html", "医药健康")
    assert target.read_bytes() == "医药健康".encode("utf-8")
    assert [p.name for p in target.parent.iterdir()] == ["报告.html"]  # no temporary file left


def test_a_file_where_a_folder_should_be_is_named(tmp_path):
    (tmp_path / "notes.txt").write_text("x", encoding="utf-8")
    with pytest.raises(InnographError, match=r"^cannot write .*map\.html: .*notes\.txt is a file, not a folder$"):
        atomic_write_text(tmp_path / "notes.txt" / "sub" / "map.html", "<html>")
    with pytest.raises(InnographError, match="is a folder; give a file name"):
        atomic_write_text(tmp_path, "x")


def test_file_names_from_document_text_are_safe():
    assert safe_file_name("../../etc/passwd") == "etc_passwd"
    assert safe_file_name("医药健康 基地") == "医药健康_基地"
    assert safe_file_name("CON") == "file" and safe_file_name("...", default="industry") == "industry"


@pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")
@pytest.mark.parametrize("mask, mode", [(0o022, 0o644), (0o002, 0o664), (0o077, 0o600)])
def test_written_files_follow_the_umask(tmp_path, mask, mode):
    old = os.umask(mask)
    try:
        written = atomic_write_text(tmp_path / "report" / "index.html", "<p>报告</p>")
        rewritten = atomic_write_bytes(written, b"again")  # replacing a file gets the mode afresh
    finally:
        os.umask(old)
    assert stat.S_IMODE(written.stat().st_mode) == mode
    assert stat.S_IMODE(rewritten.stat().st_mode) == mode
    assert not [p for p in written.parent.iterdir() if p.name.endswith(".tmp")]
