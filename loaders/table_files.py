"""Rows of an analyst's table (CSV or XLSX) as text cells with the row numbers people see.

Row numbers are what Excel shows, or the record number of a CSV counted the same way (the
header is row 1, blank lines count), so an error message ``file.csv:17`` points at the row a
person opens. CSV bytes are decoded like plan text (UTF-8, UTF-8 with BOM, GBK/GB18030, Big5);
XLSX is read with openpyxl in read-only mode (cached formula values); ``tables.read_table``
uses the first worksheet whose header it recognises, so a cover or notes sheet can come first.
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
    try:
        for index, sheet in enumerate(workbook.worksheets):
            yield (name if index == 0 else f"{name}[{sheet.title}]"), _sheet_rows(sheet)
    finally:
        workbook.close()


def _sheet_rows(sheet) -> Iterator[TableRow]:  # type: ignore[no-untyped-def]
    start = sheet.min_row or 1
    for number, values in enumerate(sheet.iter_rows(values_only=True), start=start):
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
