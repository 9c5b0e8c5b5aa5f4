"""Rows of an analyst's table (CSV or XLSX) as text cells with the row numbers people see.

Row numbers are what Excel shows, or the record number of a CSV counted the same way (the
header is row 1, blank lines count), so an error message ``file.csv:17`` points at the row a
person opens. CSV bytes are decoded like plan text (UTF-8, UTF-8 with BOM, GBK/GB18030, Big5);
XLSX is read with openpyxl in read-only mode (cached formula values); ``tables.read_table``
uses the first worksheet whose header it recognises, so a cover or notes sheet can come first.
A formula cell whose workbook holds no cached value (written by a program that does not
calculate, such as openpyxl or a script) is an error that says so: read as empty it would be
reported as an empty column, or its row silently dropped.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from collections.abc import Iterator
from pathlib import Path

from innograph.core.errors import TableError

from .encoding import TextDecodingError, decode_text

__all__ = ["TABLE_EXTENSIONS", "TableRow", "read_sheets", "cell_text"]

TABLE_EXTENSIONS = (".csv", ".xlsx", ".xlsm")

TableRow = tuple[int, list[str]]  # (row number as a person sees it, cell texts)


def read_sheets(path: Path, data: bytes) -> Iterator[tuple[str, Iterator[TableRow]]]:
    """Yield ``(where, rows)`` per sheet: ``where`` names the place in messages (the file name,
    or ``file.xlsx[sheet]`` for a workbook's second and later sheets); ``rows`` yields
    ``(row_number, cells)`` for every row, blank rows included. A CSV is one sheet."""
    if path.suffix.lower() == ".csv":
        yield path.name, _csv_rows(path.name, data)
    else:
        yield from _xlsx_sheets(path.name, data)


def _csv_rows(name: str, data: bytes) -> Iterator[TableRow]:
    try:
        text, _ = decode_text(data)
    except TextDecodingError as e:
        raise TableError(f"{name}: {e}") from e
    first_line = text.lstrip("\ufeff").split("\n", 1)[0]
    # Excel in some locales saves ";"-separated CSV, and some tools export tabs.
    delimiter = max([",", ";", "\t"], key=first_line.count) if first_line else ","
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff"), newline=""), delimiter=delimiter)
    try:
        for number, row in enumerate(reader, start=1):
            yield number, [cell.strip() for cell in row]
    except csv.Error as e:
        raise TableError(f"{name}:{reader.line_num}: not valid CSV: {e}") from e


def _xlsx_sheets(name: str, data: bytes) -> Iterator[tuple[str, Iterator[TableRow]]]:
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise TableError(f"{name}: is not a valid Excel workbook (not a ZIP archive; an old .xls? save it as .xlsx)")
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as e:  # openpyxl raises many types for a damaged workbook
        raise TableError(f"{name}: is a damaged Excel workbook that cannot be read ({type(e).__name__}: {e})") from e
    # The formulas themselves are read only when the workbook has any: a second parse of a big
    # table that has none would double its reading time for nothing.
    formulas = openpyxl.load_workbook(io.BytesIO(data), read_only=True) if _has_formulas(data) else None
    try:
        for index, sheet in enumerate(workbook.worksheets):
            where = name if index == 0 else f"{name}[{sheet.title}]"
            written = formulas.worksheets[index] if formulas is not None else None
            yield where, _sheet_rows(sheet, written, where)
    finally:
        workbook.close()
        if formulas is not None:
            formulas.close()


def _has_formulas(data: bytes) -> bool:
    """Whether any worksheet's XML holds a formula element (``<f>`` or ``<f t=...>``)."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return any(b"<f>" in body or b"<f " in body for body in
                   (archive.read(n) for n in archive.namelist() if n.startswith("xl/worksheets/")))


def _sheet_rows(sheet, written, where: str) -> Iterator[TableRow]:  # type: ignore[no-untyped-def]
    """Cell texts per row; ``written`` is the same sheet read with its formulas, or None."""
    from openpyxl.utils import get_column_letter

    start, first_column = sheet.min_row or 1, sheet.min_column or 1
    written_rows = written.iter_rows(values_only=True) if written is not None else None
    for number, values in enumerate(sheet.iter_rows(values_only=True), start=start):
        if written_rows is not None:
            for column, (value, formula) in enumerate(zip(values, next(written_rows, ())), start=first_column):
                if value is None and isinstance(formula, str) and formula.startswith("="):
                    raise TableError(
                        f"{where}:{number}: cell {get_column_letter(column)}{number} holds the formula {formula} "
                        "but no calculated value (the workbook was saved by a program that does not calculate "
                        "formulas); open it in Excel or LibreOffice and save it, or paste the values")
        yield number, [cell_text(value) for value in values]


def cell_text(value: object) -> str:
    """The text a person reads in a cell: 3.0 shows as 3, a date as 2024-03-01."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).strip()
