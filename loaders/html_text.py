"""Plain lines from an HTML page, with the standard library's parser.

Block elements become line breaks, script/style and friends are dropped, entities are decoded,
and tables are handed to ``task_table.table_lines`` so that an HTML table of tasks reads like
a docx one. Whitespace from the page source is layout: a run that contains a newline between
two Chinese characters vanishes (the source wrapped a sentence), other runs become one space.
"""

from __future__ import annotations

import re
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


class _PageText(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.title = ""
        self._skip = 0
        self._in_title = False
        self._pre = 0
        # Outermost table only: rows of cells; nested tables are text inside a cell.
        self._table_depth = 0
        self._rows: list[list[str]] = []
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag == "title":
            self._in_title = True
        elif tag in _SKIP:
            self._skip += 1
        elif tag == "table":
            self._table_depth += 1
            if self._table_depth == 1:
                self._rows = []
        elif self._table_depth == 1 and tag == "tr":
            self._rows.append([])
        elif self._table_depth == 1 and tag in ("td", "th"):
            if not self._rows:
                self._rows.append([])
            self._cell = []
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
        elif tag == "table" and self._table_depth:
            self._table_depth -= 1
            if self._table_depth == 0:
                self._end_cell()
                self._break()
                self.parts.extend(line + _BREAK for line in table_lines(self._rows))
                self._rows = []
        elif self._table_depth == 1 and tag in ("td", "th"):
            self._end_cell()
        elif tag == "pre":
            self._pre = max(0, self._pre - 1)
            self._break()
        elif tag in _BLOCK:
            self._break()

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data
        elif self._skip:
            return
        elif self._cell is not None:
            self._cell.append(data.replace("\n", _BREAK) if self._pre else data)
        elif self._table_depth:
            return  # text between cells is markup layout
        else:
            self.parts.append(data.replace("\n", _BREAK) if self._pre else data)

    def _break(self) -> None:
        (self._cell if self._cell is not None else self.parts).append(_BREAK)

    def _end_cell(self) -> None:
        if self._cell is not None and self._rows:
            # Real line breaks (<br>, <p>) inside a cell separate list items; keep them.
            self._rows[-1].append("\n".join(line for line in _lines("".join(self._cell)) if line))
        self._cell = None


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
