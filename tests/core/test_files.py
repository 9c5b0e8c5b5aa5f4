"""Writing output files: atomically, UTF-8, and clear errors for impossible paths."""

from __future__ import annotations

import pytest

from innograph.core.errors import InnographError
from innograph.core.files import atomic_write_text, safe_file_name


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
