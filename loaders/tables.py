"""Analysts' tables (CSV, XLSX) of actors, relations, projects and progress, as a GraphDelta.

The table type is recognised by its header row (Chinese or English, case and spaces ignored):

==========  ===========================================  ======================================
type        required columns                             optional columns
==========  ===========================================  ======================================
actors      name/名称/单位名称, kind/类型                aliases/别名, industry/产业, any other
relations   source/来源, target/目标, type/关系          source_kind, target_kind, status, since
projects    title/项目名称, lead/牵头单位 or partners    industry/产业, status/状态, any other
progress    task/任务 or target/指标, value/数值, date   unit/单位
==========  ===========================================  ======================================

Other columns become properties of the row's node (actors, projects) or edge (relations).

Evidence for a table row is not a character span: ``start`` and ``end`` are both the row
number a person sees in Excel or the CSV (header = row 1), and ``quote`` is the row's non-empty
cells joined with ", ". A bad row raises ``TableError("file.csv:17: column 'kind': ...")``
unless ``skip_bad_rows=True``, which loads the good rows and lists the skipped ones.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from innograph.core.errors import TableError
from innograph.graph.model import RESERVED_PROPERTIES, GraphDelta, Source

from .encoding import read_input
from .gazetteer import Gazetteer, default_gazetteer
from .table_files import TABLE_EXTENSIONS, read_sheets
from .table_rows import COLUMNS, REQUIRED, RowBuilder, RowError

__all__ = ["TableResult", "read_table", "is_table_file", "TABLE_TYPES"]

TABLE_TYPES = tuple(COLUMNS)


class TableResult(BaseModel):
    """What a table contributes, and the rows left out with ``skip_bad_rows=True``."""

    model_config = ConfigDict(extra="forbid")

    delta: GraphDelta
    table_type: str
    rows: int = Field(description="data rows turned into nodes and edges")
    skipped: list[str] = Field(default_factory=list, description="one 'file:row: problem' message per skipped row")


def is_table_file(path: str | Path) -> bool:
    """True for .csv, .xlsx and .xlsm files (by extension; the content is checked on reading)."""
    return Path(path).suffix.lower() in TABLE_EXTENSIONS


def read_table(path: str | Path, *, skip_bad_rows: bool = False, gazetteer: Gazetteer | None = None) -> TableResult:
    """Read an analyst's table into a ``TableResult`` (delta, table type, row count, skipped rows).

    Actor names are resolved through ``gazetteer`` (default: the curated one in seeds/) so that
    a table and a plan name the same body with the same node.

    Raises ``TableError`` with a one-line message for a missing, empty, damaged or unrecognised
    file, and, unless ``skip_bad_rows``, for the first bad row (nothing is returned then).
    """
    file = Path(path)
    name = file.name
    if not is_table_file(file):
        raise TableError(f"{name}: unsupported table type {file.suffix or '(no extension)'!r}; supported: {', '.join(TABLE_EXTENSIONS)}")
    data = read_input(file, TableError)
    sha256 = hashlib.sha256(data).hexdigest()

    from .corrections import is_corrections_header  # here: corrections reads tables with this module

    first_error: TableError | None = None
    for where, rows in read_sheets(file, data):
        header = next(((number, cells) for number, cells in rows if any(cells)), None)
        if header is None:
            continue
        if is_corrections_header(header[1]):  # a review sheet has name and kind, like an actors table
            raise TableError(f"{where}:{header[0]}: is a corrections table (it has an action column); "
                             "give it with --corrections, not as a file to load")
        try:
            table_type, columns = recognise_header(where, *header)
        except TableError as e:
            first_error = first_error or e  # a cover or notes sheet; try the next one
            continue
        source = Source(id=name, path=str(file), sha256=sha256, title=file.stem, kind="table")
        builder = RowBuilder(table_type, columns, header[1], source, gazetteer or default_gazetteer())
        return _read_rows(where, rows, builder, header[0], skip_bad_rows)
    raise first_error or TableError(f"{name}: the table has no header row")


def _read_rows(where: str, rows, builder: RowBuilder, header_number: int, skip_bad_rows: bool) -> TableResult:  # type: ignore[no-untyped-def]
    skipped: list[str] = []
    count = 0
    for number, cells in rows:
        if not any(cells):
            continue
        try:
            builder.add(number, cells)
        except RowError as e:
            message = f"{where}:{number}: {e}"
            if not skip_bad_rows:
                raise TableError(message) from e
            skipped.append(message)
            continue
        count += 1
    if count == 0 and not skipped:
        raise TableError(f"{where}: no data rows under the header (row {header_number})")
    return TableResult(delta=builder.delta(), table_type=builder.table_type, rows=count, skipped=skipped)


def header_key(text: str) -> str:
    """How a header is compared: NFKC, lower case, no spaces, underscores or hyphens."""
    return re.sub(r"[\s_\-]+", "", unicodedata.normalize("NFKC", text).lower())


def property_name(header: str) -> str:
    """A safe property name from a header: ascii snake_case or the Chinese as written.

    >>> property_name("Budget (万元)")
    'budget_万元'
    >>> property_name("合作 年限")
    '合作年限'
    """
    text = unicodedata.normalize("NFKC", header).strip().lower()
    text = re.sub(r"(?<=[^\x00-\x7f])\s+|\s+(?=[^\x00-\x7f])", "", text)
    return re.sub(r"[^\w]+", "_", text).strip("_")


def recognise_header(name: str, number: int, cells: list[str]) -> tuple[str, dict[str, int | list[tuple[int, str]]]]:
    """The table type and where its columns are: ``{field: column index, "extra": [(index, property)]}``."""
    keys = [header_key(cell) for cell in cells]
    for table_type, synonyms in COLUMNS.items():
        found: dict[str, int] = {}
        for index, key in enumerate(keys):
            field = synonyms.get(key)
            if field and field not in found:
                found[field] = index
        if not all(any(field in found for field in alternatives) for alternatives in REQUIRED[table_type]):
            continue
        extra: list[tuple[int, str]] = []
        for index, cell in enumerate(cells):
            if index in found.values() or not cell.strip():
                continue
            prop = property_name(cell)
            if not prop or prop in RESERVED_PROPERTIES:
                raise TableError(
                    f"{name}:{number}: column {cell!r} cannot be a property name "
                    f"(reserved: {', '.join(sorted(RESERVED_PROPERTIES))}); rename it"
                )
            extra.append((index, prop))
        return table_type, {**found, "extra": extra}
    wanted = "; ".join(
        f"{table_type} ({', '.join(' or '.join(alt) for alt in REQUIRED[table_type])})" for table_type in COLUMNS
    )
    shown = ", ".join(cell for cell in cells if cell)
    raise TableError(f"{name}:{number}: header row ({shown}) is not a known table; recognised tables and their required columns: {wanted}")
