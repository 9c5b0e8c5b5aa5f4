"""Plain lines from an HTML page, with the standard library's parser.

Block elements become line breaks, script/style and friends are dropped, entities are decoded,
and tables are handed to ``task_table.table_lines`` so that an HTML table of tasks reads like
a docx one. Whitespace from the page source is layout: a run that contains a newline between
two Chinese characters vanishes (the source wrapped a sentence), other runs become one space.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

from .task_table import table_lines

__all__ = ["html_lines", "html_declared_charset", "looks_like_html"]

_BLOCK = frozenset(
    "address article aside blockquote body br dd div dl dt fieldset figcaption figure footer form h1 h2 h3 "
    "h4 h5 h6 header hr li main nav ol p pre section ul".split()
)
_SKIP = frozenset("script style noscript template svg iframe object head select button".split())
_CJK = "\u3400-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef"
_WRAPPED = re.compile(rf"(?<=[{_CJK}])\s*\n\s*(?=[{_CJK}])")
_SPACES = re.compile(r"\s+")


# Marks a line break from markup (block element, <br>), as opposed to a newline in the source,
# which is only layout. NUL never survives decoding (binary files are refused), so it is free.
_BREAK = "\x00"


def _collapse(text: str) -> str:
    return _SPACES.sub(" ", _WRAPPED.sub("", text))


def _lines(raw: str) -> list[str]:
    return [_collapse(part).strip() for part in raw.split(_BREAK)]


@dataclass
class _Table:
    """A table being read: rows of (text, rowspan, colspan) and the cell now open."""

    rows: list[list[tuple[str, int, int]]] = field(default_factory=list)
    cell: list[str] | None = None
    span: tuple[int, int] = (1, 1)


class _PageText(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.title = ""
        self._skip = 0
        self._in_title = False
        self._pre = 0
        # Tables nest (a portal lays out its page in a table, the plan's task table sits in a
        # cell): each is read as a grid of its own and its lines become text of the cell around it.
        self._tables: list[_Table] = []

    def handle_starttag(self, tag: str, attrs) -> None:
        table = self._tables[-1] if self._tables else None
        if tag == "title":
            self._in_title = True
        elif tag in _SKIP:
            self._skip += 1
        elif tag == "table":
            self._tables.append(_Table())
        elif table is not None and tag == "tr":
            table.rows.append([])
        elif table is not None and tag in ("td", "th"):
            self._end_cell()
            if not table.rows:
                table.rows.append([])
            table.cell = []
            table.span = (_span(attrs, "rowspan"), _span(attrs, "colspan"))
        elif tag == "pre":
            self._pre += 1
            self._break()
        elif tag in _BLOCK:
            self._break()

    def handle_startendtag(self, tag: str, attrs) -> None:
        if tag in _BLOCK:
            self._break()

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False
        elif tag in _SKIP:
            self._skip = max(0, self._skip - 1)
        elif tag == "table" and self._tables:
            self._end_cell()
            lines = table_lines(_grid(self._tables.pop().rows))
            outer = self._tables[-1] if self._tables else None
            if outer is not None and outer.cell is not None:
                outer.cell.extend(line + _BREAK for line in lines)
            elif outer is None:
                self._break()
                self.parts.extend(line + _BREAK for line in lines)
        elif self._tables and tag in ("td", "th"):
            self._end_cell()
        elif tag == "pre":
            self._pre = max(0, self._pre - 1)
            self._break()
        elif tag in _BLOCK:
            self._break()

    def handle_data(self, data: str) -> None:
        cell = self._tables[-1].cell if self._tables else None
        if self._in_title:
            self.title += data
        elif self._skip:
            return
        elif cell is not None:
            cell.append(data.replace("\n", _BREAK) if self._pre else data)
        elif self._tables:
            return  # text between cells is markup layout
        else:
            self.parts.append(data.replace("\n", _BREAK) if self._pre else data)

    def _break(self) -> None:
        cell = self._tables[-1].cell if self._tables else None
        (cell if cell is not None else self.parts).append(_BREAK)

    def _end_cell(self) -> None:
        table = self._tables[-1] if self._tables else None
        if table is not None and table.cell is not None and table.rows:
            # Real line breaks (<br>, <p>) inside a cell separate list items; keep them.
            text = "\n".join(line for line in _lines("".join(table.cell)) if line)
            table.rows[-1].append((text, *table.span))
        if table is not None:
            table.cell = None


# Spans beyond this are markup errors (a page once wrote colspan="1000"); the grid stays small.
_MAX_SPAN = 64


def _span(attrs, name: str) -> int:
    value = next((v for k, v in attrs if k == name), None)
    try:
        return min(max(int(value or 1), 1), _MAX_SPAN)
    except ValueError:
        return 1


def _grid(rows: list[list[tuple[str, int, int]]]) -> list[list[str]]:
    """Rows of cell texts with rowspan/colspan expanded, as a docx table reads: a merged cell's text
    is repeated in every column and row it covers, so columns line up with the header. Portals
    publish 任务分工表 with the 类别 cell spanning several rows; mapped by position, the rows
    under it would shift one column left."""
    grid: list[list[str]] = []
    pending: dict[int, list] = {}  # column -> [text, rows still covered]
    for row in rows:
        out: list[str] = []
        for text, rowspan, colspan in row:
            while len(out) in pending:
                out.append(_take(pending, len(out)))
            for _ in range(colspan):
                if rowspan > 1:
                    pending[len(out)] = [text, rowspan - 1]
                out.append(text)
        while pending and len(out) <= max(pending):
            out.append(_take(pending, len(out)) if len(out) in pending else "")
        grid.append(out)
    return grid


def _take(pending: dict[int, list], column: int) -> str:
    entry = pending[column]
    entry[1] -= 1
    if entry[1] == 0:
        del pending[column]
    return entry[0]


def html_lines(markup: str) -> tuple[list[str], str]:
    """Return ``(lines, title)`` of an HTML page (lines not yet cleaned or joined)."""
    parser = _PageText()
    parser.feed(markup)
    parser.close()
    return _lines("".join(parser.parts)), _collapse(parser.title).strip()


_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.IGNORECASE)


def html_declared_charset(data: bytes) -> str | None:
    match = _META_CHARSET.search(data[:4096])
    return match.group(1).decode("ascii") if match else None


_HTML_START = re.compile(r"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html)\b", re.IGNORECASE | re.DOTALL)
_HTML_TAG = re.compile(r"</?(?:html|head|body|div|p|br|table|span|meta|title|h[1-6])\b[^>]*>", re.IGNORECASE)


def looks_like_html(text: str) -> bool:
    """A ``.txt`` that is really a saved web page: it starts like one, or is dense with tags."""
    head = text[:4096]
    return bool(_HTML_START.match(head)) or len(_HTML_TAG.findall(head)) >= 5
