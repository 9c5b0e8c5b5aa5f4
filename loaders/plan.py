"""The structure of a plan: its title, headings at every level, and tasks with heading paths.

Chinese plans number their headings 一、 / （一） / 1. / （1） / ① (full- or half-width, with or
without a space) and sometimes put the first sentence of a task on the heading line
("1.建设高新区协同创新平台。依托……"). Levels are assigned by the order in which numbering styles
first appear, so a plan that starts at "1." works as well as one that starts at "一、".
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .markers import BRACKETED_MARKER_RE, MARKER_LABEL, ROLE_WORDS
from .names import classify_name
from .segments import chinese_number

__all__ = ["Heading", "Section", "Outline", "parse_outline", "heading_of", "issuer_span", "Span"]

# (style, pattern): the pattern matches the numbering at the start of a paragraph.
_STYLES: list[tuple[str, re.Pattern[str]]] = [
    ("chapter", re.compile(r"^第[一二三四五六七八九十百零〇\d]{1,4}[章部节篇](?:分)?[\s　]*")),
    ("article", re.compile(r"^第([一二三四五六七八九十百零〇\d]{1,4})条[\s　]*")),
    ("cn", re.compile(r"^([一二三四五六七八九十]{1,3})[\s　]*[、.．，,][\s　]*")),
    ("paren_cn", re.compile(r"^[（(][\s　]*([一二三四五六七八九十]{1,3})[\s　]*[）)][\s　]*")),
    # 1. 1． 1﹒ 1、 "1 "; a private-use character after the number is a dot lost in conversion.
    ("arabic", re.compile(r"^(\d{1,2})[\s　]*(?:[.．﹒、\ue000-\uf8ff](?!\d)|\s)[\s　]*")),
    ("paren_arabic", re.compile(r"^[（(][\s　]*(\d{1,2})[\s　]*[）)][\s　]*")),
    ("circled", re.compile(r"^([①-⑳])[\s　]*")),
    ("shi", re.compile(r"^([一二三四五六七八九十]{1,2})是(?=[\u4e00-\u9fff])")),  # 一是…二是… (segments.py splits them)
]
_CANONICAL = {"cn": "{n}、", "paren_cn": "（{n}）", "arabic": "{n}. ", "paren_arabic": "（{n}）", "circled": "{n}", "chapter": "",
              "shi": "{n}是",
              "article": "第{n}条 "}
# "第一条 【强化项目用地保障】将……": a bracketed title opens the item.
_BRACKET_TITLE = re.compile(r"^[\s　]*[【\[]([^【】\[\]]{2,50})[】\]][\s　]*")
_SENTENCE_END = re.compile(r"[。！？!?]")
_TITLE_MAX = 50
_UNIT_COLON = re.compile(r"[\s　]*([^，,。；;：:（）()\s]{3,20})[：:]")
_TRAILING_MARKER = re.compile(rf"[（(【\[][\s　]*(?:{ROLE_WORDS}|主办)|[（(【\[][^（()）【】\[\]]{{2,80}}?(?:牵头|负责)[^（()）【】\[\]]*[）)】\]]")
Span = tuple[int, int]


@dataclass
class Heading:
    style: str
    number: str
    title: str  # without numbering or final 。
    label: str  # canonical path entry, e.g. "（二）建设协同创新基地"
    start: int  # span of the heading line's title in Document.text
    end: int


@dataclass
class Section:
    """A heading and the text under it. Leaf sections are the plan's tasks."""

    heading: Heading
    level: int
    order: int
    parent: Section | None = None
    children: list[Section] = field(default_factory=list)
    body: list[Span] = field(default_factory=list)  # spans of text under the heading (own text only)

    @property
    def path(self) -> list[str]:
        labels = []
        node: Section | None = self
        while node is not None:
            labels.append(node.heading.label)
            node = node.parent
        return labels[::-1]

    @property
    def is_leaf(self) -> bool:
        return not self.children

    @property
    def title(self) -> str:
        return self.heading.title


@dataclass
class Outline:
    title: str
    title_span: Span | None
    sections: list[Section]  # document order
    preamble: list[Span]  # text before the first heading (after the title)


def heading_of(paragraph: str) -> tuple[str, str, int] | None:
    """``(style, number, length of the numbering)`` if a paragraph opens with a heading number.

    >>> heading_of("（二）建设协同创新基地。")
    ('paren_cn', '二', 3)
    >>> heading_of("1. 建设汽车产业协同创新基地。")
    ('arabic', '1', 3)
    >>> heading_of("2022年，基本形成……") is None
    True
    >>> heading_of("2.1.3 成员单位职责"), heading_of("1.5万家企业") is None
    (('decimal2', '2.1.3', 6), True)
    """
    decimal = _DECIMAL.match(paragraph)
    if decimal:  # "2.1.3 成员单位职责": a level for each depth of the outline number
        number = decimal.group(1).replace("．", ".")
        return f"decimal{number.count('.')}", number, decimal.end()
    for style, pattern in _STYLES:
        match = pattern.match(paragraph)
        if match:
            number = match.group(1) if match.groups() else match.group(0).strip()
            return style, number, match.end()
    return None


# Outline numbers of emergency plans and standards: 1.1, 2.1.3 (not 1.5万, 2.5亿元).
_DECIMAL = re.compile(r"^(\d{1,2}(?:[.．]\d{1,2}){1,3})(?![.．\d%％])[\s　]*(?=[\u4e00-\u9fff（(【])(?![万亿个家元年月日倍项])")


# "11.121人才梯队" (item 11 about 121 people), "5突破关键技术" (its dot lost): a number with no
# separator, or followed by a digit, is an item only when it continues the numbering.
_BARE_ARABIC = re.compile(r"^(\d{1,2})[.．﹒、]?(?=[\u4e00-\u9fff]|\d+[\u4e00-\u9fff])(?![年月日个家万亿元项名次届期条号批类种])")


def _next_arabic_item(paragraph: str, last: int) -> tuple[str, str, int] | None:
    """``heading_of`` for an arabic item number without a clear separator, when it is ``last`` + 1.

    >>> _next_arabic_item("11.121人才梯队建设。", 10)
    ('arabic', '11', 3)
    >>> _next_arabic_item("3年内建成平台。", 2) is None
    True
    """
    match = _BARE_ARABIC.match(paragraph)
    if match and int(match.group(1)) == last + 1:
        return "arabic", match.group(1), match.end()
    return None


def _split_heading(paragraph: str, numbering: int) -> tuple[str, int]:
    """The heading title inside a paragraph and where the body text starts (relative)."""
    rest = paragraph[numbering:]
    bracketed = _BRACKET_TITLE.match(rest)
    if bracketed and not _is_marker_paragraph(rest.lstrip()):
        return bracketed.group(1).strip(), numbering + bracketed.end()
    unit = _UNIT_COLON.match(rest)
    if unit and classify_name(unit.group(1), department=True) is not None:
        # "（一）市工信局：负责……": a section of duties headed by the unit that has them.
        return unit.group(1), numbering + unit.end()
    marker = _TRAILING_MARKER.search(rest)
    end = _SENTENCE_END.search(rest)
    if marker and marker.start() <= _TITLE_MAX and (end is None or marker.start() < end.start()):
        # "1. 建设新型显示联合实验室（牵头单位：区科技局；…）": the marker is the task's body.
        return rest[: marker.start()].strip().rstrip("。；;，,"), numbering + marker.start()
    if end and end.start() <= _TITLE_MAX:
        return rest[: end.start()].strip(), numbering + end.end()
    if end is None and len(rest) <= _TITLE_MAX + 10:
        return rest.strip().rstrip("：:；;，,"), len(paragraph)
    colon = re.search(r"[：:]", rest)
    if colon and colon.start() <= _TITLE_MAX:
        return rest[: colon.start()].strip(), numbering + colon.end()
    # A long numbered paragraph without a short first sentence: the item is its own text.
    comma = re.search(r"[，,；;]", rest)
    cut = comma.start() if comma and comma.start() <= _TITLE_MAX else min(len(rest), _TITLE_MAX)
    return rest[:cut].strip(), numbering


def parse_outline(text: str, paragraphs: list[tuple[int, int, str]], title: str = "") -> Outline:
    """Headings, sections and the preamble of a plan given its paragraphs ``(start, end, text)``."""
    levels: dict[str, int] = {}  # numbering style -> level, in order of first appearance
    stack: list[Section] = []
    sections: list[Section] = []
    preamble: list[Span] = []
    title_span = _find_title(text, paragraphs, title)
    last_arabic = 0
    for start, end, para in paragraphs:
        if title_span and start <= title_span[0] < end and not sections:
            continue
        found = heading_of(para) or _next_arabic_item(para, last_arabic)
        if found and not _is_marker_paragraph(para):
            style, number, numbering = found
            heading_title, body_from = _split_heading(para, numbering)
            if heading_title:
                if style == "arabic":
                    last_arabic = int(number)
                level = levels.setdefault(style, len(levels))
                while stack and stack[-1].level >= level:
                    stack.pop()
                label = (_CANONICAL.get(style, "{n} ").format(n=number) + heading_title if style != "chapter"
                         else para[:numbering].strip() + heading_title)
                tstart = start + para.index(heading_title, min(numbering, len(para) - len(heading_title)))
                heading = Heading(style, number, heading_title, label, tstart, tstart + len(heading_title))
                section = Section(heading, level, len(sections), stack[-1] if stack else None)
                if section.parent:
                    section.parent.children.append(section)
                sections.append(section)
                stack.append(section)
                if body_from < len(para):
                    section.body.append((start + body_from, end))
                continue
        if stack:
            stack[-1].body.append((start, end))
        else:
            preamble.append((start, end))
    sections = _split_closing_duties(text, _split_sentence_items(text, _fold_field_headings(_drop_contents(sections))))
    title = title or (text[title_span[0]:title_span[1]] if title_span else "")
    if not sections and preamble and title:
        # A plan without numbered headings (若干措施, a short notice) is one task: its own text.
        span = title_span or (preamble[0][0], preamble[0][0])
        whole = Section(Heading("none", "", title, title, span[0], span[1]), 0, 0, body=preamble)
        # Paragraphs that open with a heading sentence and carry markers are its items (their
        # numbering lost); otherwise each marker closes a task of its own.
        marked = [(a, b) for a, b in preamble if _carries_marker(text, a, b)]
        headed = sum(1 for a, b in marked if _HEADING_SENTENCE.match(text, a, b))
        items = _split_sentence_items(text, [whole]) if marked and headed * 2 >= len(marked) else [whole]
        sections = items if len(items) > 1 else _split_marker_chunks(text, [whole])
        return Outline(title=title, title_span=title_span, sections=sections, preamble=[])
    return Outline(title=title, title_span=title_span, sections=sections, preamble=preamble)


def _drop_contents(sections: list[Section]) -> list[Section]:
    """A table of contents (目录: the headings alone, repeated later with their text) holds no
    tasks: headings without any text under them whose label comes again later are dropped."""
    later: dict[str, int] = {}
    for index, section in enumerate(sections):
        later[section.heading.label] = index
    empty: set[int] = set()
    for section in reversed(sections):  # children before parents
        if not section.body and all(id(child) in empty for child in section.children):
            empty.add(id(section))
    dropped = {id(s) for i, s in enumerate(sections) if id(s) in empty and later[s.heading.label] > i}
    if not dropped:
        return sections
    for section in sections:  # document order: a parent is decided before its children
        if section.parent is not None and id(section.parent) in dropped:
            dropped.add(id(section))
    kept = [s for s in sections if id(s) not in dropped]
    for section in kept:
        section.children = [c for c in section.children if id(c) not in dropped]
    return kept


_FIELD_MAX = 10


def _fold_field_headings(sections: list[Section]) -> list[Section]:
    """Sub-headings that are the fields of a form (（一）试点单位 （二）试点指导单位 （三）试点内容, repeated
    under every item) are part of their item, not tasks: a short leaf title found under two or
    more parents is folded into its parent."""
    parents_of: dict[str, set[int]] = {}
    for section in sections:
        if section.is_leaf and section.parent is not None and len(section.title) <= _FIELD_MAX:
            parents_of.setdefault(section.title, set()).add(id(section.parent))
    fields = {t for t, parents in parents_of.items() if len(parents) >= 2}
    if not fields:
        return sections
    kept = []
    for section in sections:
        if section.is_leaf and section.parent is not None and section.title in fields:
            parent = section.parent
            parent.children.remove(section)
            parent.body.extend([(section.heading.start, section.heading.end), *section.body])
        else:
            kept.append(section)
    return kept


# "推动企业上云上平台。建立……（责任单位：…）": an unnumbered item opens with a short heading sentence.
_HEADING_SENTENCE = re.compile(r"[\s　]*([^，,；;：:。！？（）()\s]{4,25})。")
_MARKER_OPENING = re.compile(rf"[（(【\[]\s*(?:{ROLE_WORDS}|主办)")


def _split_sentence_items(text: str, sections: list[Section]) -> list[Section]:
    """A numbered section whose paragraphs are unnumbered items, each opening with a short
    heading sentence and ending with its own marker, holds one task per such paragraph."""
    out: list[Section] = []
    for section in sections:
        out.append(section)
        if not section.is_leaf or len(section.body) < 2:
            continue
        items = [(i, m) for i, (a, b) in enumerate(section.body) if (m := _HEADING_SENTENCE.match(text, a, b))]
        ends = [i for i, _ in items[1:]] + [len(section.body)]
        # Each item's marker ends its paragraph or stands on a line of its own after it.
        if sum(1 for (i, _), j in zip(items, ends) if any(_carries_marker(text, *span) for span in section.body[i:j])) < 2:
            continue
        own, children = section.body[: items[0][0]], []
        for n, (i, match) in enumerate(items):
            last = items[n + 1][0] if n + 1 < len(items) else len(section.body)
            title = match.group(1)
            heading = Heading("sentence", "", title, title, match.start(1), match.end(1))
            child = Section(heading, section.level + 1, section.order, section,
                            body=[(match.end(), section.body[i][1]), *section.body[i + 1:last]])
            children.append(child)
        section.body = own
        section.children.extend(children)
        out.extend(children)
    return out


# "海关总署要继续做好牵头工作", "体育总局要会同有关方面……": a duty given in prose, opening its clause.
_DUTY_CLAUSE = re.compile(r"(?:^|(?<=[。；;！？\s　]))([^，,。；;！？\s　（(]{2,60}?(?:牵头|会同)[^，,。；;！？\s　]{0,40})")


def _split_closing_duties(text: str, sections: list[Section]) -> list[Section]:
    """The text after the last item's closing marker (an implementation paragraph the plan
    ends with) is no longer that item's: each clause there that gives a duty in prose is a task
    of its own, named by the clause, as the annotation conventions name a duty outside items."""
    if not sections or not sections[-1].is_leaf or not sections[-1].body:
        return sections
    last = sections[-1]
    closing = None
    for closing in BRACKETED_MARKER_RE.finditer(text, last.body[0][0], last.body[-1][1]):
        pass
    if closing is None:
        return sections
    after = [(max(a, closing.end()), b) for a, b in last.body if b > closing.end()]
    duties = [m for a, b in after for m in _DUTY_CLAUSE.finditer(text, a, b)]
    if not duties:
        return sections
    last.body = [(a, min(b, duties[0].start(1))) for a, b in last.body if a < duties[0].start(1)]
    for duty in duties:
        end = next(b for a, b in after if a <= duty.start(1) < b)
        heading = Heading("clause", "", duty.group(1), duty.group(1), duty.start(1), duty.end(1))
        sections.append(Section(heading, last.level, len(sections), last.parent, body=[(duty.start(1), end)]))
        if last.parent is not None:
            last.parent.children.append(sections[-1])
    return sections


_LABEL_LINE = re.compile(rf"[\s　]*{MARKER_LABEL}[\s　]*[:：]")


def _carries_marker(text: str, a: int, b: int) -> bool:
    return bool(BRACKETED_MARKER_RE.search(text, a, b) or _LABEL_LINE.match(text, a, b))


_CHUNK_MIN_MARKERS = 3
_BARE_HEADING = re.compile(r"[\s　]*[^，,。；;：:！？!?\s　]{2,30}[\s　]*")
_FIRST_WORDS = re.compile(r"[\s　。；;，,]*([^。；;！？!?\n]{2,30})")  # after a marker that came before its period


def _split_marker_chunks(text: str, sections: list[Section]) -> list[Section]:
    """A plan with no headings at all (若干措施, a text whose numbering is lost) whose text carries
    three or more markers, each closing a stretch of text, holds one task per stretch: a marker
    belongs to the text it ends. Each task is named by its first words. (Numbered items keep the
    unnumbered paragraphs under them, markers and all, as the annotation conventions say.)"""
    out: list[Section] = []
    for section in sections:
        out.append(section)
        if not section.is_leaf or not section.body:
            continue
        start, end = section.body[0][0], section.body[-1][1]
        ends = [m.end() for m in BRACKETED_MARKER_RE.finditer(text, start, end)]
        if len(ends) < _CHUNK_MIN_MARKERS:
            continue
        bounds = [start, *ends]
        if end - ends[-1] > 0:
            bounds.append(end)  # text after the last marker stays the section's own
        children = []
        for a, b in zip(bounds, bounds[1:]):
            spans = [(max(a, x), min(b, y)) for x, y in section.body if x < b and y > a]
            # A heading line whose numbering is lost (实施科技创新攻关行动) opens the stretch of
            # the first item under it; the item is named by its own first words.
            named = next((span for span in spans if not _BARE_HEADING.fullmatch(text, *span)), spans[0] if spans else None)
            first = _FIRST_WORDS.match(text, *named) if named else None
            if not first or b not in ends:
                continue
            title = first.group(1)
            children.append(Section(Heading("chunk", "", title, title, first.start(1), first.end(1)),
                                    section.level + 1, section.order, section, body=spans))
        if len(children) >= _CHUNK_MIN_MARKERS:
            section.body = [(max(ends[-1], x), y) for x, y in section.body if y > ends[-1]]
            section.children.extend(children)
            out.extend(children)
    return out


# Where a plan names its issuer: "X关于印发……的通知", "X文件", or a signature line before a date.
_ISSUER_NOTICE_RE = re.compile(r"(?P<issuer>[^，,。；;：:《》“”\s]{4,60}?)关于(?:印发|转发|做好|进一步|加快|推进|开展|下达|征求|请)")
_ISSUER_HEADER_RE = re.compile(r"(?P<issuer>[^，,。；;：:《》“”\s]{4,60}?)文件$")
_DATE_LINE_RE = re.compile(r"^[\s　]*(?:\d{4}|[〇零一二三四五六七八九○]{4})年[\d一二三四五六七八九十]{1,2}月[\d一二三四五六七八九十]{1,3}日[\s　]*$")


_DATE_IN_LINE_RE = re.compile(r"(?P<y>\d{4}|[〇零一二三四五六七八九○]{4})年(?P<m>[\d一二三四五六七八九十]{1,2})月(?P<d>[\d一二三四五六七八九十]{1,3})日")
_DATE_LABEL_RE = re.compile(r"(?:印发|发布|成文|发文)日期[:：]|^[\s　]*[（(]?\d{4}年\d{1,2}月\d{1,2}日(?:印发|发布)?[）)]?[\s　]*$")


def issue_date(paragraphs: list[tuple[int, int, str]]) -> str | None:
    """The date the plan was issued, as YYYY-MM-DD: a line that is only a date (the signature's)
    or one labelled 印发日期/发布日期, the first such in the plan.

    >>> issue_date([(0, 9, "国务院办公厅"), (10, 21, "二〇〇五年六月十一日")])
    '2005-06-11'
    >>> issue_date([(0, 17, "发布日期：2021年9月2日")])
    '2021-09-02'
    """
    for _start, _end, para in paragraphs:
        if not (_DATE_LINE_RE.match(para) or _DATE_LABEL_RE.search(para)):
            continue
        found = _DATE_IN_LINE_RE.search(para)
        if found:
            year = "".join(str(chinese_number(ch.replace("○", "〇")) if not ch.isdigit() else ch)
                           for ch in found.group("y"))  # 二〇〇五: digit by digit
            month, day = _cn_number(found.group("m")), _cn_number(found.group("d"))
            if year.isdigit() and month and day and 1 <= month <= 12 and 1 <= day <= 31:
                return f"{year}-{month:02d}-{day:02d}"
    return None


def _cn_number(text: str) -> int | None:
    return int(text) if text.isdigit() else chinese_number(text)


def issuer_span(paragraphs: list[tuple[int, int, str]]) -> Span | None:
    """Where the plan names the body that issued it (for 我委/我局 in its text): a covering
    notice's subject, a "X文件" header, or a signature line just before the date.

    >>> issuer_span([(0, 24, "东岭市科学技术局关于印发《行动方案》的通知")])
    (0, 8)
    """
    for start, _end, para in paragraphs[:15]:
        match = _ISSUER_NOTICE_RE.match(para) or _ISSUER_HEADER_RE.match(para)
        if match:
            return start + match.start("issuer"), start + match.end("issuer")
    for (start, _end, para), (_s, _e, following) in zip(paragraphs, paragraphs[1:]):
        if _DATE_LINE_RE.match(following) and 4 <= len(para.strip()) <= 40 and not _SENTENCE_END.search(para):
            return start, start + len(para)
    return None


def _is_marker_paragraph(para: str) -> bool:
    # "(1)" never opens a responsibility marker, but "（牵头单位" after a number-like token might.
    return bool(_MARKER_OPENING.match(para))


def _find_title(text: str, paragraphs: list[tuple[int, int, str]], title: str) -> Span | None:
    if title:
        for start, end, para in paragraphs[:20]:  # the title's own line first
            if para.strip() == title:
                return start + para.index(title), start + para.index(title) + len(title)
        for start, end, para in paragraphs[:12]:
            at = para.find(title)
            if at >= 0:
                return start + at, start + at + len(title)
        return None
    for start, end, para in paragraphs[:5]:
        if heading_of(para):
            return None
        if len(para) <= 60 and not _SENTENCE_END.search(para):
            return start, end
    return None
