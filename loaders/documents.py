"""Read a plan from a .txt, .docx or .html file into clean paragraphs with stable offsets.

``read_document(path)`` is the first step of extraction: it decodes the file (any of the
encodings Chinese plans arrive in), strips web-page boilerplate, rejoins sentences broken
across lines and returns a ``Document`` whose ``text`` is the paragraphs joined with "\\n".
Every ``Paragraph`` knows its span, so evidence offsets point into ``Document.text``::

    doc.text[p.start:p.end] == p.text
"""

from __future__ import annotations

import hashlib
import re
import zipfile
from io import BytesIO
from pathlib import Path

from pydantic import BaseModel, ConfigDict

from innograph.core.errors import DocumentError
from innograph.graph.model import Source

from .boilerplate import clean_line, clean_lines, is_heading, join_lines, strip_boilerplate
from .encoding import TextDecodingError, decode_text, read_input
from .html_text import html_declared_charset, html_lines, looks_like_html
from .segments import split_after_closing_markers, split_enumerated_duties, split_run_on
from .script import in_simplified_script, written_text
from .task_table import expand_tab_tables, table_lines
from .trusted import construct_model

__all__ = ["Paragraph", "Document", "read_document", "SUPPORTED_EXTENSIONS", "MIN_CJK_CHARS"]

# Web pages are saved under their server's extension too (.shtml, .jsp, .asp, .aspx, .php).
WEB_PAGE_EXTENSIONS = (".html", ".htm", ".shtml", ".jsp", ".asp", ".aspx", ".php")
SUPPORTED_EXTENSIONS = (".txt", ".docx", *WEB_PAGE_EXTENSIONS)
# Fewer Chinese characters than this after cleaning is not a plan (an empty template, a page
# of site furniture, an English file). The shortest real plan paragraph is longer than this.
MIN_CJK_CHARS = 30

_CJK_CHAR = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_LINE_BREAKS = re.compile("\r\n|[\r\u2028\u2029\x85]")


class Paragraph(BaseModel):
    model_config = ConfigDict(extra="forbid")

    start: int
    end: int
    text: str


class Document(BaseModel):
    model_config = ConfigDict(extra="forbid")

    source: Source
    text: str
    paragraphs: list[Paragraph]
    title: str
    written: str = ""  # a plan read in simplified script: its text as written, character for character


def read_document(path: str | Path) -> Document:
    """Read a plan (.txt in UTF-8/GB18030/Big5, .docx, .html/.htm) into clean paragraphs.

    Raises ``DocumentError`` with a one-line message naming the file for a missing, empty,
    binary, corrupt or unsupported file, or one with no plan text in it.
    """
    file = Path(path)
    name = file.name
    suffix = file.suffix.lower()
    if suffix not in SUPPORTED_EXTENSIONS:
        hint = " (save .doc/.wps/.pdf files as .docx or .txt first)" if suffix in {".doc", ".wps", ".pdf", ".rtf"} else ""
        raise DocumentError(f"{name}: unsupported file type {suffix or '(no extension)'!r}; supported: {', '.join(SUPPORTED_EXTENSIONS)}{hint}")
    data = read_input(file, DocumentError)

    meta_title = ""
    plain_text = False
    try:
        if suffix == ".docx":
            raw_lines, meta_title = _docx_lines(data, name)
            lines = [line for line in map(clean_line, raw_lines) if line]
        else:
            declared = html_declared_charset(data) if suffix in WEB_PAGE_EXTENSIONS else None
            text, _ = decode_text(data, declared)
            text = _LINE_BREAKS.sub("\n", text)
            if suffix in WEB_PAGE_EXTENSIONS or looks_like_html(text):
                raw_lines, meta_title = _parse_html(text, name)
                lines = [line for line in map(clean_line, raw_lines) if line]
            else:
                if "\t" in text:  # a task table pasted from a spreadsheet keeps its columns
                    text = "\n".join(expand_tab_tables(text.split("\n")))
                lines, plain_text = [line for line in clean_lines(text) if line], True
    except TextDecodingError as e:
        raise DocumentError(f"{name}: {e}") from e
    written_lines = lines
    lines, converted = in_simplified_script(lines)  # 繁體 plans read like simplified ones

    paragraphs = split_enumerated_duties(split_after_closing_markers(
        split_run_on(join_lines(strip_boilerplate(lines), plain_text=plain_text))))
    cjk = _count_cjk(paragraphs, MIN_CJK_CHARS)
    if cjk < MIN_CJK_CHARS:
        raise DocumentError(
            f"{name}: does not look like a plan: {cjk} Chinese characters after removing page furniture "
            f"(at least {MIN_CJK_CHARS} needed)"
        )
    title = guess_title(paragraphs) or _clean_meta_title(meta_title)
    spans: list[Paragraph] = []
    offset = 0
    for paragraph in paragraphs:
        # Offsets and text computed just above cannot fail validation: skip it per paragraph.
        spans.append(construct_model(Paragraph, {"start": offset, "end": offset + len(paragraph), "text": paragraph}))
        offset += len(paragraph) + 1
    source = Source(id=name, path=str(file), sha256=hashlib.sha256(data).hexdigest(), title=title, kind="document")
    text = "\n".join(paragraphs)
    written = written_text(text, lines, written_lines) if converted else ""
    return Document(source=source, text=text, paragraphs=spans, title=title, written=written)


# --- title -------------------------------------------------------------------------------

# A bracketed note may follow the genre word: 三年行动计划（2024—2026年）, 方案（试行）.
_TITLE_ENDINGS = re.compile(
    r"(?:方案|计划|意见|办法|规划|措施|细则|决定|纲要|要点|规定|指南|政策|通知)(?:[（(][^（()）]{1,20}[）)])?$"
)
_BOOK_TITLE = re.compile(r"^《([^《》]{4,80})》$")
_INNER_BOOK_TITLE = re.compile(r"《([^《》]{4,80})》")
_NOTICE = re.compile(r"^关于印发(.{4,80}?)的通知$")
_CJK_GAP = re.compile(r"(?<=[\u3400-\u9fff]) +| +(?=[\u3400-\u9fff])")  # spaced-out title letters


def guess_title(paragraphs: list[str]) -> str:
    """The plan's own title line among the first paragraphs: ``《…》`` alone on a line, or a
    short line without sentence punctuation ending with 方案/计划/意见/办法 ... A covering notice
    (关于印发《…》的通知) yields the plan it publishes, unless the plan's own title line follows.

    >>> guess_title(["X区人民政府办公室", "关于印发X区推进产学研合作行动计划的通知", "各镇人民政府："])
    'X区推进产学研合作行动计划'
    >>> guess_title(["《X区推进产学研合作行动计划》", "为加快……"])
    'X区推进产学研合作行动计划'
    >>> guess_title(["X 区 推 进 产 学 研 合 作 行 动 计 划", "一、总体要求"])
    'X区推进产学研合作行动计划'
    """
    notice = ""
    for paragraph in paragraphs[:15]:
        candidate = _CJK_GAP.sub("", paragraph)
        match = _BOOK_TITLE.match(candidate)
        if match:
            return match.group(1)
        if len(candidate) > 80 or is_heading(candidate) or re.search(r"[。，,；;！？!?：:]", candidate):
            continue
        if not _TITLE_ENDINGS.search(candidate):
            continue
        if not candidate.endswith("通知"):
            return candidate
        if not notice:
            inner = _INNER_BOOK_TITLE.search(candidate) or _NOTICE.match(candidate)
            notice = inner.group(1) if inner else candidate
    return notice


_SITE_SEPARATOR = re.compile(r"\s*(?:_|\||｜|-|—)\s*")


def _clean_meta_title(title: str) -> str:
    # "X区推进产学研合作行动计划_政策文件_X区人民政府" / "…（2024—2026年）-X区人民政府": keep the part
    # before the site name, i.e. before the first separator outside brackets that follows some
    # Chinese text (a year range 2024—2026 / 2024-2026 is inside brackets or before any).
    title = clean_line(title)
    first = title
    for match in _SITE_SEPARATOR.finditer(title):
        before = title[: match.start()]
        depth = before.count("（") + before.count("(") - before.count("）") - before.count(")")
        if depth == 0 and len(_CJK_CHAR.findall(before)) >= 4:
            first = before
            break
    first = re.sub(r"\.(?:docx?|pdf|txt)$", "", first, flags=re.IGNORECASE)
    return first if _CJK_CHAR.search(first) else ""


def _count_cjk(paragraphs: list[str], enough: int) -> int:
    """Chinese characters in the paragraphs, counting no further than ``enough``."""
    count = 0
    for paragraph in paragraphs:
        count += len(_CJK_CHAR.findall(paragraph))
        if count >= enough:
            break
    return count


def _parse_html(markup: str, name: str) -> tuple[list[str], str]:
    try:
        return html_lines(markup)
    except Exception as e:  # html.parser is lenient, but a broken declaration can still raise
        raise DocumentError(f"{name}: is HTML that cannot be parsed ({type(e).__name__}: {e})") from e


# --- docx --------------------------------------------------------------------------------

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _docx_lines(data: bytes, name: str) -> tuple[list[str], str]:
    """Lines of a .docx in body order: paragraphs, and tables turned into lines."""
    if not zipfile.is_zipfile(BytesIO(data)):
        raise DocumentError(f"{name}: is not a valid .docx (not a ZIP archive; an old .doc saved with a new name?)")
    try:
        with zipfile.ZipFile(BytesIO(data)) as archive:
            if "word/document.xml" not in archive.namelist():
                raise DocumentError(f"{name}: is not a valid .docx (no word/document.xml inside)")
        import docx
        from docx.table import Table
        from docx.text.paragraph import Paragraph as DocxParagraph

        from .docx_numbering import NumberingRenderer

        document = docx.Document(BytesIO(data))
        numbering = NumberingRenderer(document)
        lines: list[str] = []
        for child in _body_blocks(document.element.body):
            if child.tag == f"{_W}p":
                # Word's automatic numbers (一、 （一） 1.) are not in the text; restore them.
                number = numbering.prefix(child)
                text = DocxParagraph(child, document).text
                if text.strip():
                    lines.extend((number + text).split("\n"))
            elif child.tag == f"{_W}tbl":
                lines.extend(table_lines(_docx_table_rows(Table(child, document))))
        title = document.core_properties.title or ""
    except DocumentError:
        raise
    except Exception as e:  # python-docx and lxml raise many types for a damaged file
        raise DocumentError(f"{name}: is a damaged .docx that cannot be read ({type(e).__name__}: {e})") from e
    return lines, title


def _body_blocks(parent):  # type: ignore[no-untyped-def]
    """Paragraphs and tables in body order, including those inside content controls (w:sdt),
    which some templates wrap around the whole text."""
    for child in parent.iterchildren():
        if child.tag == f"{_W}sdt":
            content = child.find(f"{_W}sdtContent")
            if content is not None:
                yield from _body_blocks(content)
        else:
            yield child


def _docx_table_rows(table) -> list[list[str]]:
    rows = []
    for row in table.rows:
        # cell.text joins the cell's paragraphs with "\n"; the table converter keeps those
        # breaks as list separators.
        rows.append([cell.text for cell in row.cells])
    return rows
