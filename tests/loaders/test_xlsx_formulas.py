"""An XLSX whose formula cells were saved without calculated values says so, not "empty"."""

from __future__ import annotations

from pathlib import Path

import pytest

from innograph.core.errors import TableError
from innograph.loaders.gazetteer import Gazetteer
from innograph.loaders.tables import read_table


def workbook(tmp_path: Path, rows: list[list]) -> Path:
    import openpyxl  # saves formulas as written, with no cached values (it does not calculate)

    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    path = tmp_path / "partners.xlsx"
    book.save(path)
    return path


def test_a_formula_without_a_cached_value_is_named(tmp_path: Path) -> None:
    path = workbook(tmp_path, [["单位名称", "类型"], ["滇南理工大学", "高校"], ['=CONCAT("云岭", "光电")', "enterprise"]])
    with pytest.raises(TableError, match=r"^partners\.xlsx:3: cell A3 holds the formula =CONCAT\(.*\) but no "
                                         r"calculated value .* open it in Excel or LibreOffice and save it"):
        read_table(path, gazetteer=Gazetteer())
    # Not even skipping bad rows hides it: the value is unknown, not bad.
    with pytest.raises(TableError, match="cell A3 holds the formula"):
        read_table(path, skip_bad_rows=True, gazetteer=Gazetteer())


def test_a_workbook_without_formulas_reads_as_before(tmp_path: Path) -> None:
    path = workbook(tmp_path, [["单位名称", "类型"], ["滇南理工大学", "高校"], ["云岭光电", "enterprise"]])
    assert read_table(path, gazetteer=Gazetteer()).rows == 2


def test_a_formula_with_its_cached_value_reads_the_value(tmp_path: Path) -> None:
    # What Excel saves: the formula and, beside it, the value it calculated.
    import zipfile

    path = workbook(tmp_path, [["单位名称", "类型"], ["滇南理工大学", "高校"], ['=CONCAT("云岭", "光电")', "enterprise"]])
    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    sheet = "xl/worksheets/sheet1.xml"
    body = parts[sheet].decode()
    start = body.index('<c r="A3"')
    end = body.index("</c>", start) + len("</c>")
    parts[sheet] = (body[:start] + '<c r="A3" t="str"><f>CONCAT("云岭", "光电")</f><v>云岭光电</v></c>'
                    + body[end:]).encode()
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    result = read_table(path, gazetteer=Gazetteer())
    assert result.rows == 2 and any(n.name == "云岭光电" for n in result.delta.nodes)
