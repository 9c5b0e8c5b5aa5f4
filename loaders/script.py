"""Plans written in traditional script (Big5 pages, 繁體 in UTF-8) are read in simplified script.

Every rule, the gazetteer and the lexicon speak simplified Chinese: 牽頭單位 must read as 牵头单位
and 市財政局 as 市财政局, or a traditional plan yields a handful of actors and no task links.
OpenCC's own t2s tables do the conversion (phrase-aware, offline, in its wheel); a plan already
in simplified script is left exactly as it is. Names and quotes then come out in simplified
script, which is what the rest of the graph uses.
"""

from __future__ import annotations

import re
from functools import lru_cache
from operator import ne

__all__ = ["in_simplified_script"]

# Share of Chinese characters that t2s changes above which a text is in traditional script (a
# simplified plan changes none or a stray one: 乾 in a name, a quoted title).
_TRADITIONAL_SHARE = 0.02
_SAMPLE = 5_000  # characters: enough to tell the script, little to count
_CJK_RE = re.compile(r"[\u4e00-\u9fff]")


@lru_cache(maxsize=1)
def _t2s():
    import opencc  # the C++ converter: ~50 million characters a second

    return opencc.OpenCC("t2s")


def in_simplified_script(lines: list[str]) -> tuple[list[str], bool]:
    """The lines in simplified script, and whether they were converted.

    >>> in_simplified_script(["（牽頭單位：市財政局）"])
    (['（牵头单位：市财政局）'], True)
    >>> in_simplified_script(["（牵头单位：市财政局）"])
    (['（牵头单位：市财政局）'], False)
    """
    sample = "\n".join(lines)[:_SAMPLE]
    cjk = len(_CJK_RE.findall(sample))
    converter = _t2s()
    changed = sum(map(ne, sample, converter.convert(sample)))
    if not cjk or changed / cjk < _TRADITIONAL_SHARE:
        return lines, False
    return [converter.convert(line) for line in lines], True
