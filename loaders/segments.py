"""Split paragraphs that hold several numbered items, so structure does not depend on line breaks.

Plans arrive flattened: a spreadsheet cell or a CSV field with every line break removed, a web
page whose headings sit inside one ``<p>``, a copy where ``（二）`` follows ``。`` on the same
line. ``split_run_on`` cuts a paragraph before each item number that continues a numbering
sequence (``（一）`` … ``（二）``, ``1.`` … ``2.``, ``第一条`` … ``第二条``) and stands where an
item can start: after a sentence end, a closing bracket or a colon, or, for the bracketed and
circled forms that prose hardly uses, anywhere. The sequence check is what keeps ``1.5万家``,
``统一、`` and a cited ``（一）`` in place: a number is a cut only when it is 1 or follows the
number last seen in the same style.
"""

from __future__ import annotations

import re

from .lexicon import word_ends_at
from .markers import BRACKETED_MARKER_RE, MARKER_LABEL

__all__ = ["split_run_on", "split_after_closing_markers", "split_enumerated_duties", "chinese_number"]

_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CN = "一二三四五六七八九十"
_ITEM_RE = re.compile(
    rf"第(?P<article>[{_CN}百零〇]{{1,4}})条"
    rf"|(?P<cn>[{_CN}]{{1,3}})[、．.](?![\d{_CN}])"
    rf"|[（(](?P<paren_cn>[{_CN}]{{1,3}})[）)]"
    r"|(?<![\d.．])(?P<arabic>\d{1,2})(?:[.．﹒、\ue000-\uf8ff](?![\d%％])|\s(?=[\u4e00-\u9fff]))"
    r"|[（(](?P<paren_arabic>\d{1,2})[）)]"
    r"|(?P<circled>[①-⑳])"
)
_MARKER_TAIL_RE = re.compile(rf"{MARKER_LABEL}[:：][^。；;：:]{{2,80}}$")
# Where an item number may stand inside a paragraph: after these (spaces between are ignored).
_BOUNDARY = set("。；;！？!?：:）)】]”\"'")
# Forms prose hardly uses, accepted after any character when they continue their sequence.
_DISTINCT = ("paren_cn", "paren_arabic", "circled", "article")
_MIN_PIECE = 4  # characters an item needs after its number to be one
_TITLE_MAX = 30  # a heading's title without punctuation is no longer than this
_PUNCTUATION_RE = re.compile(r"[，,。；;：:！？!?、]")


def chinese_number(text: str) -> int | None:
    """The value of a Chinese numeral up to 999, or None.

    >>> [chinese_number(t) for t in ("三", "十", "十二", "二十", "二十三", "一百零五")]
    [3, 10, 12, 20, 23, 105]
    """
    total, current = 0, 0
    for ch in text:
        if ch in _CN_DIGITS:
            current = _CN_DIGITS[ch]
        elif ch == "十":
            total += (current or 1) * 10
            current = 0
        elif ch == "百":
            total += (current or 1) * 100
            current = 0
        else:
            return None
    return total + current


def _value(match: re.Match[str]) -> tuple[str, int | None]:
    style = match.lastgroup or ""
    raw = match.group(style)
    if style == "circled":
        return style, ord(raw) - ord("①") + 1
    if style in ("arabic", "paren_arabic"):
        return style, int(raw)
    return style, chinese_number(raw)


def split_run_on(paragraphs: list[str]) -> list[str]:
    """Paragraphs with every run-on numbered item moved to a paragraph of its own.

    >>> split_run_on(["一、总体要求（一）指导思想。坚持创新。（二）基本原则。二、主要任务1.建设平台。2.培育企业。"])
    ['一、总体要求', '（一）指导思想。坚持创新。', '（二）基本原则。', '二、主要任务', '1.建设平台。', '2.培育企业。']
    >>> split_run_on(["东岭市行动方案一、总体要求坚持创新。二、主要任务。"])
    ['东岭市行动方案', '一、总体要求坚持创新。', '二、主要任务。']
    >>> split_run_on(["到2025年，培育企业1.5万家，建成平台3个。"])
    ['到2025年，培育企业1.5万家，建成平台3个。']
    """
    last: dict[str, int] = {}
    out: list[str] = []
    for paragraph in paragraphs:
        cuts = [0]
        title_from = None  # where the title of the last item number begins
        for match in _ITEM_RE.finditer(paragraph):
            style, number = _value(match)
            if number is None or number == 0:
                continue
            at = match.start()
            follows = number == 1 or last.get(style) == number - 1
            if at == 0:
                last[style] = number  # a paragraph's own number sets the sequence
                title_from = match.end()
                continue
            if not follows or len(paragraph) - match.end() < _MIN_PIECE:
                continue
            # The last character before the number that is not a space ("。 二、" runs on too).
            before = paragraph[:at].rstrip()[-1:] or "。"
            # "二、主要任务1.建设平台": a heading's title runs straight into its first item.
            after_heading = (title_from is not None and at - title_from <= _TITLE_MAX
                             and not _PUNCTUATION_RE.search(paragraph, title_from, at))
            # "责任单位：市大数据局二、培育数字产业": an item's closing marker ends it.
            if after_heading or _MARKER_TAIL_RE.search(paragraph, cuts[-1], at):
                before = "。"
            if style not in _DISTINCT and number == 1 and before not in "。；;：:）)】]":
                # A first item only after a clear stop ("1、" in "第1、2季度" is prose), or where
                # a title runs into it ("…行动方案一、总体要求…二、") and its sequence goes on.
                if not _opens_a_sequence(paragraph, match, style):
                    continue
            elif not (before in _BOUNDARY or style in _DISTINCT):
                continue
            cuts.append(at)
            last[style] = number
            title_from = match.end()
        if len(cuts) == 1:
            out.append(paragraph)
            continue
        cuts.append(len(paragraph))
        out.extend(piece for a, b in zip(cuts, cuts[1:]) if (piece := paragraph[a:b].strip()))
    return out


def _opens_a_sequence(paragraph: str, match: re.Match[str], style: str) -> bool:
    """Whether a first item number that follows no stop starts a numbering all the same: no
    word runs through it (统一、, 唯一、 end in 一) and its second item follows after a stop."""
    at = match.start()
    window = max(0, at - 4)
    if not word_ends_at(paragraph[window:match.end()], at - window):
        return False
    second = "二" if style == "cn" else "2"
    for later in re.finditer(re.escape(second) + "[、．.]", paragraph[match.end():]):
        before = paragraph[:match.end() + later.start()].rstrip()[-1:]
        if before in _BOUNDARY:
            return True
    return False


# A marker closing a finished sentence: "……奖补。（责任单位：A、B）".
_CLOSING_MARKER_RE = re.compile(r"(?<=[。；;])[\s　]*" + BRACKETED_MARKER_RE.pattern)


def split_after_closing_markers(paragraphs: list[str]) -> list[str]:
    """Paragraphs cut after each marker that closes a finished sentence, when text follows: in a
    flattened plan the next unnumbered item ("推动企业上云上平台。……") starts there, as it
    would on a line of its own.

    >>> split_after_closing_markers(["培育平台。给予奖补。（责任单位：省经信厅）推动企业上云。给予补助。（责任单位：省财政厅）"])
    ['培育平台。给予奖补。（责任单位：省经信厅）', '推动企业上云。给予补助。（责任单位：省财政厅）']
    """
    out: list[str] = []
    for paragraph in paragraphs:
        cuts = [m.end() for m in _CLOSING_MARKER_RE.finditer(paragraph) if len(paragraph) - m.end() >= _MIN_PIECE
                and paragraph[m.end()] not in "。；;，,、：:）)"]
        if not cuts:
            out.append(paragraph)
            continue
        out.extend(piece for a, b in zip([0, *cuts], [*cuts, len(paragraph)]) if (piece := paragraph[a:b].strip()))
    return out


# "一是……（A牵头）；二是……（B负责）": duties enumerated inside one paragraph.
_SHI_RE = re.compile(rf"(?:^|(?<=[。；;：:，,]))[\s　]*([{_CN}]{{1,2}})是")


def split_enumerated_duties(paragraphs: list[str]) -> list[str]:
    """Paragraphs whose 一是/二是/三是 items carry markers of their own, split into one paragraph
    per item (two or more items must carry one; otherwise a closing marker is the whole
    paragraph's and it stays whole).

    >>> split_enumerated_duties(["（一）推进升级。一是加快改造（市经信局牵头）；二是培育企业（市发展改革委负责）。"])
    ['（一）推进升级。', '一是加快改造（市经信局牵头）；', '二是培育企业（市发展改革委负责）。']
    >>> split_enumerated_duties(["一是加快改造；二是培育企业。（市经信局牵头）"])
    ['一是加快改造；二是培育企业。（市经信局牵头）']
    """
    out: list[str] = []
    for paragraph in paragraphs:
        if "二是" not in paragraph:
            out.append(paragraph)
            continue
        cuts, expected = [], 1
        for match in _SHI_RE.finditer(paragraph):
            if chinese_number(match.group(1)) == expected:
                cuts.append(match.start(1))
                expected += 1
        pieces = [paragraph[a:b] for a, b in zip([0, *cuts], [*cuts, len(paragraph)])]
        if len(cuts) < 2 or sum(1 for piece in pieces[1:] if BRACKETED_MARKER_RE.search(piece)) < 2:
            out.append(paragraph)
            continue
        out.extend(piece.strip() for piece in pieces if piece.strip())
    return out
