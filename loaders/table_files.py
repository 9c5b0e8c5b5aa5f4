"""Rows of an analyst's table (CSV or XLSX) as text cells with the row numbers people see.

Row numbers are what Excel shows, or the record number of a CSV counted the same way (the
header is row 1, blank lines count), so an error message ``file.csv:17`` points at the row a
person opens. CSV bytes are decoded like plan text (UTF-8, UTF-8 with BOM, GBK/GB18030, Big5);
XLSX is read with openpyxl in read-only mode (first worksheet, cached formula values).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from collections.abc import Iterator
from pathlib import Path

from innograph.errors import TableError

from .encoding import TextDecodingError, decode_text

__all__ = ["TABLE_EXTENSIONS", "TableRow", "read_rows", "cell_text"]

TABLE_EXTENSIONS = (".csv", ".xlsx", ".xlsm")

TableRow = tuple[int, list[str]]  # (row number as a person sees it, cell texts)


def read_rows(path: Path, data: bytes) -> Iterator[TableRow]:
    """Yield ``(row_number, cells)`` for every row of the file, blank rows included."""
    if path.suffix.lower() == ".csv":
        return _csv_rows(path.name, data)
    return _xlsx_rows(path.name, data)


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


def _xlsx_rows(name: str, data: bytes) -> Iterator[TableRow]:
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise TableError(f"{name}: is not a valid Excel workbook (not a ZIP archive; an old .xls? save it as .xlsx)")
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as e:  # openpyxl raises many types for a damaged workbook
        raise TableError(f"{name}: is a damaged Excel workbook that cannot be read ({type(e).__name__}: {e})") from e
    try:
        sheet = workbook.worksheets[0]
        start = sheet.min_row or 1
        for number, values in enumerate(sheet.iter_rows(values_only=True), start=start):
            yield number, [cell_text(value) for value in values]
    finally:
        workbook.close()


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
