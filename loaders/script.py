"""Plans written in traditional script (Big5 pages, 繁體 in UTF-8) are read in simplified script,
and their names keep the form they were written in.

Every rule, the gazetteer and the lexicon speak simplified Chinese: 牽頭單位 must read as 牵头单位
and 市財政局 as 市财政局, or a traditional plan yields a handful of actors and no task links.
OpenCC's own t2s tables do the conversion (phrase-aware, offline, in its wheel), one character
for one, so the simplified text lines up with the written one: after extraction each name and
quote is taken back from the written text (the simplified name stays as an alias, and node ids
come from it, so one body named in both scripts is one node). A plan already in simplified
script is left exactly as it is.
"""

from __future__ import annotations

import itertools
import re
from functools import lru_cache
from typing import Any

__all__ = ["in_simplified_script", "written_text", "restore_written_forms"]

# Share of Chinese characters that t2s changes above which a text is in traditional script (a
# simplified plan changes none or a stray one: 乾 in a name, a quoted title).
_TRADITIONAL_SHARE = 0.02
_SAMPLE = 2_000  # characters: enough to tell the script, little to count
_SAMPLE_LINES = 400
_CJK_RE = re.compile(r"[\u4e00-\u9fff]")
_LOOKAHEAD = 200  # characters a segmenter may have dropped between two it kept


@lru_cache(maxsize=1)
def _t2s():
    import opencc  # the C++ converter: ~50 million characters a second

    return opencc.OpenCC("t2s")


@lru_cache(maxsize=1)
def _without_traditional() -> dict[int, None]:
    """A str.translate table deleting the characters t2s changes (們, 區, 責 …), found once."""
    every = "".join(map(chr, range(0x4E00, 0xA000)))
    return {ord(a): None for a, b in zip(every, _t2s().convert(every)) if a != b}


def in_simplified_script(lines: list[str]) -> tuple[list[str], bool]:
    """The lines in simplified script, each as long as it was, and whether they were converted.

    >>> in_simplified_script(["（牽頭單位：市財政局）"])
    (['（牵头单位：市财政局）'], True)
    >>> in_simplified_script(["（牵头单位：市财政局）"])
    (['（牵头单位：市财政局）'], False)
    """
    sample = "\n".join(itertools.islice(lines, _SAMPLE_LINES))[:_SAMPLE]
    cjk = _CJK_RE.subn("", sample)[1]
    changed = len(sample) - len(sample.translate(_without_traditional()))
    if not cjk or changed / cjk < _TRADITIONAL_SHARE:
        return lines, False
    converter = _t2s()
    out = []
    for line in lines:
        simplified = converter.convert(line)
        if len(simplified) != len(line):  # a phrase rule changed the length: convert by character
            simplified = "".join(converter.convert(ch) or ch for ch in line)
        out.append(simplified if len(simplified) == len(line) else line)
    return out, True


def written_text(text: str, simplified_lines: list[str], written_lines: list[str]) -> str:
    """``text`` (built from the simplified lines: some dropped, joined or split) with each
    character taken back from the written lines. Characters the segmenter added stay as they are.

    >>> written_text("牵头单位\\n市财政局", ["牵头单位：市财政局"], ["牽頭單位：市財政局"])
    '牽頭單位\\n市財政局'
    """
    simplified, written = "\n".join(simplified_lines), "\n".join(written_lines)
    out, at = [], 0
    for ch in text:
        found = simplified.find(ch, at, at + _LOOKAHEAD) if ch != "\n" else -1
        if found < 0:
            out.append(ch)
            continue
        out.append(written[found])
        at = found + 1
    return "".join(out)


def restore_written_forms(nodes: list[Any], text: str, written: str) -> None:
    """Names and quotes of ``nodes`` (and their evidence) as written; an actor keeps its
    simplified name as an alias."""
    done: set[int] = set()
    for node in nodes:
        for evidence in node.evidence:
            if id(evidence) in done:
                continue
            done.add(id(evidence))
            at = text.find(evidence.quote, max(0, evidence.end - len(evidence.quote)))
            if 0 <= at <= evidence.start:
                evidence.quote = written[at:at + len(evidence.quote)]
        named = next((e for e in node.evidence if text[e.start:e.end] == node.name), None)
        if named is not None and written[named.start:named.end] != node.name:
            simplified = node.name
            node.name = written[named.start:named.end]
            if node.kind is not None:
                node.aliases = [*node.aliases, simplified]
