"""Tables inside a plan (docx or HTML) turned into lines the plan parser already reads.

Many plans list their tasks in a table: 序号 | 重点任务 | 牵头单位 | 责任单位. Each row of such a
table becomes one numbered task line with the usual responsibility marker, using the table's
own label words::

    3. 建设联合实验室（牵头单位：区科技局、区教委；责任单位：区财政局）

Other columns (时间节点, 工作目标 ...) follow on a line of their own, ``标签：值；标签：值。``, so
that targets and deadlines stay in the text under their task while the task line keeps exactly
the shape above. Any other table becomes one line per row, cells joined with "；".
"""

from __future__ import annotations

import re

from innograph.graph.schema import ActorKind

from .names import classify_name

__all__ = ["table_lines", "find_task_header", "expand_tab_tables"]

_TASK_HEADER = re.compile(
    r"^(?:重点|主要|工作|具体|年度|考核|目标|评价|建设|改革)?(?P<word>任务|工作|内容|事项|指标|项目|措施|举措)"
    r"(?:(?:及|和|与)?(?:内容|名称|措施|举措|事项|要求|标准)|(?:及|和|与)[\u4e00-\u9fff]{2,6})?$"
)
# Which column holds the task when several could: 考核内容 over 考核项目 (a category of rows).
_TASK_WORD_RANK = {"任务": 0, "内容": 1, "事项": 2, "措施": 3, "举措": 3, "工作": 4, "项目": 5, "指标": 6}
# A role word, up to three more characters and a unit word: 牵头单位, 负责考核部门, 配合单位 ...
_UNIT_HEADER = re.compile(r"^(牵头|责任|配合|协办|参与|主责|协同|主办|承办|实施|落实|负责|考核)[\u4e00-\u9fff]{0,3}?"
                          r"(单位|部门|处室|科室|主体)$")
# Label words the plan parser knows; rarer ones are written as the nearest of them.
_UNIT_LABEL_ROLE = {"主办": "牵头", "承办": "牵头", "主责": "责任", "实施": "责任", "落实": "责任", "协同": "配合",
                    "负责": "责任", "考核": "责任"}
_NUMBER_HEADER = re.compile(r"^(?:序号|编号|序|no\.?|#)$", re.IGNORECASE)
_SPACE = re.compile(r"\s+")
# "牵头单位（部门）", "责任单位(配合)": the bracket qualifies the label; it is not part of it.
_HEADER_NOTE = re.compile(r"[（(][^（()）]*[）)]$")
_NUMBER = re.compile(r"^\d{1,3}[.．、]?$")
_OWN_NUMBER = re.compile(r"^(\d{1,3})[.．、](?!\d)\s*")
# Within a unit cell, units may be listed one per line or separated by spaces or commas.
_UNIT_SEPARATOR = re.compile(r"\s*(?:\n|[,，;；]|\s{2,}|(?<=[\u4e00-\u9fff])\s(?=[\u4e00-\u9fff]))\s*")


def _header_key(cell: str) -> str:
    return _HEADER_NOTE.sub("", _SPACE.sub("", cell)) or _SPACE.sub("", cell)


def _unit_label(key: str) -> str:
    """The marker label for a unit column: the table's own word when the plan parser knows it
    (牵头单位, 责任部门, 配合单位 ...), else the nearest known one (主办单位 -> 牵头单位)."""
    match = _UNIT_HEADER.match(key)
    if match is None:
        return key
    role, noun = match.groups()
    return _UNIT_LABEL_ROLE.get(role, role) + (noun if noun in ("单位", "部门") else "单位")


# Title rows (the table's name, a total, a 盖章 line) may come before the header.
_HEADER_ROWS_MAX = 6


def find_task_header(rows: list[list[str]]) -> tuple[int, int, list[int], int | None] | None:
    """Locate a task table's header among the first rows.

    Returns ``(header_row, task_column, unit_columns, number_column)`` or None when the table
    is not a table of tasks (it needs a task column and at least one unit column)."""
    for row_index, row in enumerate(rows[:_HEADER_ROWS_MAX]):
        keys = [_header_key(cell) for cell in row]
        # A …名称 column names the task (项目名称 over 建设内容); otherwise the rank of its word.
        tasks = [(-1 if key.endswith("名称") else _TASK_WORD_RANK[m.group("word")], i)
                 for i, key in enumerate(keys) if (m := _TASK_HEADER.match(key))]
        task = min(tasks)[1] if tasks else None
        units = [i for i, key in enumerate(keys) if _UNIT_HEADER.match(key)]
        if task is None or not units:
            continue
        number = next((i for i, key in enumerate(keys) if _NUMBER_HEADER.match(key)), None)
        return row_index, task, _distinct_columns(row, units), number
    return _header_by_content(rows)


# A column whose cells are mostly lists of departments holds a table's units whatever its header
# says (考核部门, 单位, 部门); the longest text column then holds the tasks.
_UNIT_SHARE = 0.6
_TASK_MIN_CHARS = 6


def _header_by_content(rows: list[list[str]]) -> tuple[int, int, list[int], int | None] | None:
    for header_row in range(min(_HEADER_ROWS_MAX, max(0, len(rows) - 2))):
        header, data = rows[header_row], rows[header_row + 1:]
        if len(data) < 2 or any(len(_header_key(cell)) > 12 for cell in header):
            continue  # a header's cells are short words
        columns = range(len(header))
        units = [c for c in columns if _looks_like_units([row[c] for row in data if c < len(row)])
                 and not _looks_like_units([header[c]])]
        lengths = {c: sum(len(_join_task_text(row[c])) for row in data if c < len(row)) / len(data)
                   for c in columns if c not in units}
        if not units or not lengths:
            continue
        task = max(lengths, key=lengths.__getitem__)
        if lengths[task] < _TASK_MIN_CHARS:
            continue
        number = next((i for i, cell in enumerate(header) if _NUMBER_HEADER.match(_header_key(cell))), None)
        return header_row, task, _distinct_columns(header, units), number
    return None


def _looks_like_units(cells: list[str]) -> bool:
    filled = [cell for cell in cells if cell.strip()]
    if len(filled) < 1:
        return False
    units = sum(1 for cell in filled if all(classify_name(name, department=True) is ActorKind.GOVERNMENT
                                            for name in _UNIT_SEPARATOR.split(cell.strip().replace("、", "\n")) if name))
    return units / len(filled) >= _UNIT_SHARE


def _distinct_columns(header: list[str], columns: list[int]) -> list[int]:
    # A merged header cell is repeated across the columns it spans; keep its first column.
    seen: set[str] = set()
    distinct = []
    for i in columns:
        if header[i] not in seen:
            seen.add(header[i])
            distinct.append(i)
    return distinct


def _join_task_text(cell: str) -> str:
    parts = [p.strip() for p in cell.split("\n") if p.strip()]
    text = ""
    for part in parts:
        if text and text[-1] not in "。；;！？!?，,、：:":
            text += "；"
        text += part
    return text


# A unit cell that says who does what ("A、B牵头，C配合", "A、B按职责分工负责") is a prose note:
# it keeps its own punctuation and is read like "（A、B牵头，C配合）". "A（牵头）、B" is a list.
_ROLE_NOTE = re.compile(r"(?<![（(])(?:牵头|配合|参与|负责|落实|会同|协办)")


def _note_text(cell: str) -> str:
    return "，".join(part.strip(" ，,；;。") for part in cell.split("\n") if part.strip(" ，,；;。"))


def _unit_list(cell: str) -> str:
    return "、".join(p for p in _UNIT_SEPARATOR.split(cell.strip()) if p)


def _row_cells(row: list[str]) -> list[str]:
    """Cells of a row with merged (repeated) neighbours collapsed and empties dropped."""
    cells: list[str] = []
    for cell in row:
        text = _join_task_text(cell)
        if text and (not cells or cells[-1] != text):
            cells.append(text)
    return cells


# A cell with this many lines is a block of text (a page laid out with a table), not a datum.
_BLOCK_CELL_LINES = 4


def _plain_row_lines(row: list[str]) -> list[str]:
    """Lines of a row of a table that is not a task table. Old portal pages lay out the whole
    notice in one cell with <br> lines: such a row (one cell, or a cell holding a block of text)
    keeps its lines, so headings stay headings; other rows are one line, cells joined by "；"."""
    cells = [cell for cell in dict.fromkeys(row) if cell.strip()]
    if len(cells) == 1 or any(cell.count("\n") >= _BLOCK_CELL_LINES - 1 for cell in cells):
        return [line for cell in cells for line in cell.split("\n") if line.strip()]
    joined = "；".join(_row_cells(row))
    return [joined] if joined else []


def table_lines(rows: list[list[str]]) -> list[str]:
    """Lines for a table given as rows of cell texts (in document order)."""
    header = find_task_header(rows)
    if header is None:
        return [line for row in rows for line in _plain_row_lines(row)]
    header_row, task_col, unit_cols, number_col = header
    labels = [_header_key(cell) for cell in rows[header_row]]
    used = {task_col, *unit_cols} | ({number_col} if number_col is not None else set())
    used_labels = {labels[i] for i in used}
    extra_cols = _distinct_columns(labels, [i for i, label in enumerate(labels) if label and label not in used_labels])
    lines = ["；".join(cells) for cells in map(_row_cells, rows[:header_row]) if cells]
    count = 0
    previous: tuple[str, str] | None = None  # (number, task) of the last task row
    for row in rows[header_row + 1 :]:
        cells = row + [""] * (len(labels) - len(row))  # short rows are common in hand-made tables
        task = _join_task_text(cells[task_col])
        if not task or _header_key(task) == labels[task_col]:
            continue  # an empty row, or the header repeated on a new page
        if len(set(_row_cells(cells))) == 1:
            lines.append(task)  # one cell merged across the row: a section heading
            continue
        number_text = _header_key(cells[number_col]) if number_col is not None else ""
        # A task cell merged down over several rows (one row per measure, each with its own
        # units): the rows below the first are that task's, not tasks of their own.
        sub_row = previous == (number_text, task)
        previous = (number_text, task)
        if not sub_row:
            count += 1
        own = _OWN_NUMBER.match(task)  # "2.定期召开……": the task cell numbers itself
        if own and not _NUMBER.match(number_text):
            number_text, task = own.group(1), task[own.end():]
        number = number_text.rstrip(".．、") if _NUMBER.match(number_text) else str(count)
        units: dict[str, list[str]] = {}  # two columns may map to one label (主办单位, 牵头单位)
        notes: list[str] = []
        for i in unit_cols:
            if _ROLE_NOTE.search(cells[i]):
                notes.append(_note_text(cells[i]))
            elif _unit_list(cells[i]):
                # A column found by its content, under a header no marker knows, holds 责任单位.
                label = _unit_label(labels[i]) if _UNIT_HEADER.match(labels[i]) else "责任单位"
                units.setdefault(label, []).append(_unit_list(cells[i]))
        markers = [f"{label}：{'、'.join(names)}" for label, names in units.items()]
        if sub_row:
            lines.extend([f"（{'；'.join(markers)}）"] if markers else [])
        else:
            lines.append(f"{number}. {task}" + (f"（{'；'.join(markers)}）" if markers else ""))
        lines.extend(f"（{note}）" for note in notes)  # a line of its own: a note may hold brackets
        extras = [
            f"{labels[i]}：{_join_task_text(cells[i]).rstrip('。；;')}"
            for i in extra_cols
            if _join_task_text(cells[i]) and cells[i] != cells[task_col]
        ]
        if extras:
            lines.append("；".join(extras) + "。")
    return lines


def expand_tab_tables(lines: list[str]) -> list[str]:
    """Plain-text lines with task tables pasted from a spreadsheet (cells separated by tabs, one
    row a line, under a header such as 序号	工作任务	牵头单位	配合单位) read as a docx table would be.
    Other lines are returned as they are; tabs elsewhere stay layout."""
    out: list[str] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        header = [cell.strip() for cell in line.split("\t")] if line.count("\t") >= 2 else None
        if header is None or find_task_header([header]) is None:
            out.append(line)
            i += 1
            continue
        rows = [header]
        i += 1
        while i < len(lines) and ("\t" in lines[i] or not lines[i].strip()):
            if lines[i].strip():
                rows.append([cell.strip() for cell in lines[i].split("\t")])
            i += 1
        out.extend(table_lines(rows))
        out.append("")  # the table ends a paragraph
    return out
