"""The visible numbers of Word's automatic numbering (一、 （一） 1. ①), which a .docx does not
store in the paragraph text.

Plans written in Word often number their headings automatically; without the numbers the
heading structure (一、 / （一） / 1.) that the plan parser relies on would be lost. Word keeps a
list definition per ``numId`` (numbering.xml: level formats such as ``chineseCounting`` and
texts such as ``（%1）``); a paragraph refers to it directly or through its style. This module
replays the counters in body order and renders each paragraph's number. Bullets render as
nothing: they carry no structure.
"""

from __future__ import annotations

from docx.oxml.ns import qn

__all__ = ["NumberingRenderer", "format_number"]

_CN_DIGITS = "零一二三四五六七八九"
_HEAVENLY_STEMS = "甲乙丙丁戊己庚辛壬癸"


def _chinese(n: int) -> str:
    """1 -> 一, 10 -> 十, 12 -> 十二, 20 -> 二十, 105 -> 一百零五 (enough for list numbers)."""
    if n < 10:
        return _CN_DIGITS[n]
    if n < 100:
        tens, ones = divmod(n, 10)
        return ("" if tens == 1 else _CN_DIGITS[tens]) + "十" + (_CN_DIGITS[ones] if ones else "")
    hundreds, rest = divmod(n, 100)
    tail = "" if rest == 0 else ("零" + _chinese(rest) if rest < 10 else ("一" if rest < 20 else "") + _chinese(rest))
    return _CN_DIGITS[hundreds] + "百" + tail


def _roman(n: int) -> str:
    out = ""
    for value, letters in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
                           (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        count, n = divmod(n, value)
        out += letters * count
    return out


def _letters(n: int) -> str:
    return chr(ord("A") + (n - 1) % 26) * ((n - 1) // 26 + 1)


def format_number(n: int, fmt: str) -> str:
    """One counter value in a Word number format.

    >>> [format_number(12, f) for f in ("decimal", "chineseCounting", "decimalEnclosedCircle", "lowerLetter")]
    ['12', '十二', '⑫', 'l']
    """
    if fmt in ("chineseCounting", "chineseCountingThousand", "chineseLegalSimplified", "taiwaneseCounting"):
        return _chinese(n)
    if fmt in ("decimalEnclosedCircle", "decimalEnclosedCircleChinese") and 1 <= n <= 20:
        return chr(0x2460 + n - 1)
    if fmt == "ideographTraditional" and 1 <= n <= 10:
        return _HEAVENLY_STEMS[n - 1]
    if fmt == "decimalFullWidth":
        return "".join(chr(ord(c) + 0xFEE0) for c in str(n))
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt in ("upperLetter", "lowerLetter"):
        return _letters(n) if fmt == "upperLetter" else _letters(n).lower()
    if fmt in ("upperRoman", "lowerRoman"):
        return _roman(n) if fmt == "upperRoman" else _roman(n).lower()
    return str(n)


def _val(element, tag: str, default: str | None = None) -> str | None:
    child = element.find(qn(tag)) if element is not None else None
    return child.get(qn("w:val"), default) if child is not None else default


class NumberingRenderer:
    """Renders the number prefix of each numbered paragraph, called in body order."""

    def __init__(self, document) -> None:  # a python-docx Document
        self._levels: dict[str, dict[int, tuple[str, str, int]]] = {}  # numId -> ilvl -> (fmt, text, start)
        self._style_numbering: dict[str, tuple[str, int]] = {}
        self._counters: dict[str, list[int]] = {}
        try:
            numbering = document.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            return  # a document without any lists
        abstract: dict[str, dict[int, tuple[str, str, int]]] = {}
        for node in numbering.findall(qn("w:abstractNum")):
            levels = {}
            for lvl in node.findall(qn("w:lvl")):
                levels[int(lvl.get(qn("w:ilvl"), "0"))] = (
                    _val(lvl, "w:numFmt", "decimal") or "decimal",
                    _val(lvl, "w:lvlText", "") or "",
                    int(_val(lvl, "w:start", "1") or 1),
                )
            abstract[node.get(qn("w:abstractNumId"))] = levels
        for num in numbering.findall(qn("w:num")):
            levels = dict(abstract.get(_val(num, "w:abstractNumId") or "", {}))
            for override in num.findall(qn("w:lvlOverride")):
                ilvl = int(override.get(qn("w:ilvl"), "0"))
                start = _val(override, "w:startOverride")
                if start is not None and ilvl in levels:
                    fmt, text, _ = levels[ilvl]
                    levels[ilvl] = (fmt, text, int(start))
            self._levels[num.get(qn("w:numId"))] = levels
        for style in document.styles.element.findall(qn("w:style")):
            num_pr = style.find(f"{qn('w:pPr')}/{qn('w:numPr')}")
            if num_pr is not None:
                self._style_numbering[style.get(qn("w:styleId"))] = (_val(num_pr, "w:numId") or "0", int(_val(num_pr, "w:ilvl", "0") or 0))

    def prefix(self, paragraph) -> str:
        """The rendered number of a ``w:p`` element ("" when it is not numbered)."""
        if not self._levels:
            return ""
        p_pr = paragraph.find(qn("w:pPr"))
        num_pr = p_pr.find(qn("w:numPr")) if p_pr is not None else None
        if num_pr is not None:
            num_id, ilvl = _val(num_pr, "w:numId") or "0", int(_val(num_pr, "w:ilvl", "0") or 0)
        else:
            style = _val(p_pr, "w:pStyle") if p_pr is not None else None
            if style not in self._style_numbering:
                return ""
            num_id, ilvl = self._style_numbering[style]
        levels = self._levels.get(num_id)
        if not levels or ilvl not in levels:
            return ""  # numId 0 switches numbering off
        counters = self._counters.setdefault(num_id, [0] * 9)
        counters[ilvl] = counters[ilvl] + 1 if counters[ilvl] else levels[ilvl][2]
        for deeper in range(ilvl + 1, 9):
            counters[deeper] = 0  # a new item restarts the levels below it
        fmt, text, _ = levels[ilvl]
        if fmt in ("bullet", "none"):
            return ""
        for level in range(ilvl, -1, -1):
            if f"%{level + 1}" in text and level in levels:
                value = counters[level] or levels[level][2]
                text = text.replace(f"%{level + 1}", format_number(value, levels[level][0] if level != ilvl else fmt))
        return text
