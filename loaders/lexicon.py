"""Word-level checks on name candidates, with a general Chinese lexicon (jieba's, via rjieba).

Suffix rules find where a name ends (…平台, …中心, …研究所); where it starts, and whether it
names one body or a type of facility, takes words:

- ``strip_leading_clause`` drops what opens a clause before a name: verbs, adverbs,
  prepositions, pronouns, numbers and measure words, time words (``出台全省政务云平台`` →
  ``全省政务云平台``, ``5家以上专业科技企业孵化器`` → ``专业科技企业孵化器``);
- ``proper_part`` finds the word that makes a candidate a name rather than a type: a place
  (青岛, 黄河流域), an organisation or an abbreviation (中科院, 北汽), another proper noun, or a
  word no dictionary has (科融信, 恒芯) — ``智慧交通大数据应用平台`` has none, so it is a kind of
  platform, while ``青岛市人工智能产业园`` names one.

The lexicon is jieba's general dictionary with part-of-speech tags, shipped inside the rjieba
wheel (nothing is downloaded). Results are cached: candidates repeat within and across plans.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

import rjieba

__all__ = ["tagged", "has_word", "sub_words", "NOT_PLACE_WORDS", "strip_leading_clause", "proper_part", "names_a_body", "word_ends_at", "QUANTITY_RE"]

# Tags of words that open a clause, never a name: verbs, adverbs, prepositions, pronouns,
# numerals and measure words, time and direction words, particles, conjunctions.
# (Time and direction words are not among them: jieba tags 明月湖's 明月 and 西部 so.)
# Numbers are not among them either (360科技 is a name); quantities are QUANTITY_RE's.
_CLAUSE_OPENERS = frozenset("v vd d ad p r zg u uj ul uz ug uv ud y e c".split())
# Tags of words that are proper names: places, organisations, other proper nouns, abbreviations,
# personal and transliterated names (brands such as 仁和, 齐鲁 are tagged as those), Latin words.
# (Abbreviations, tagged j, are left out: the dictionary's are common words such as 中小企业, 家电.)
_PROPER_TAGS = frozenset("ns nt nz nr nrt eng".split())
# A jurisdiction opening a name: 省/市/区 (the body of that level: 省地质科学研究院), or a place
# name with its level (岚州市, 枫林区, X区) that the dictionary may not know.
_LEVEL_ALONE_RE = re.compile(r"^(?:自治区|自治州|[省市区县])(?![级属直内外场民域])")
_LEVEL_END_RE = re.compile(r"(?:省|市|自治区|自治州|区|县|州|镇|乡)$")
# Words that end like a place with its level (…区, …市) but name none.
NOT_PLACE_WORDS = frozenset("城市 园区 社区 片区 景区 校区 城区 地区 新区 开发区 示范区 试验区 自贸区 保税区 全省 全市 全区 全县 我省 我市 我区 "
                            "本市 本省 小区 辖区 山区 库区 灾区 矿区 牧区 林区 市区 郊区 老区 街区 厂区 港区 保护区 功能区 集聚区 "
                            "风景区 城市".split())
# A time opening a clause: "当年承担……", "到2025年建成……".
_TIME_RE = re.compile(r"^(?:当年|今年|明年|每年|近年|年内|年底前|年度|同年|到\d{4}年底?|\d{4}年(?:底|前)*)")
# Common words the dictionary tags as places or proper names; they name no particular body
# (海洋 "ocean", 新旧 "old and new", 智慧 "smart" ...).
_NOT_PROPER = frozenset("城市 海洋 新旧 智慧 国际 数字 中央 东西部 西部 东部 中部 沿海 内陆 海外 全省 全市 全区 全县 全国 "
                        # common words the dictionary tags as personal or place names
                        "高水平 青少年 师德 养老 幼儿园 普通高中 中华民族 中华文化 城镇 城乡 农村 乡村 边境".split())
# Descriptive words (普惠性, 国际化, 综合型) name a quality, whatever their tag.
_DESCRIPTOR_ENDS = ("性", "化", "型")
_JOINERS = frozenset("与 和 及 或 并 同 跟 暨 以及".split())
_WORLD_EVENT_RE = re.compile(r"^(?:世界|全球|国际|中国|全国|亚洲|亚太|东亚)[\u4e00-\u9fff·\-—]{2,20}(?:博览会|交易会|展览会|大会|年会|论坛|峰会|大赛)$")
_NATIONAL_WORDS = frozenset(("中国", "国家", "全国", "中华"))
# A quantity or a time in a candidate: "60家以上", "1个", "3年内", "0400年底前".
QUANTITY_RE = re.compile(
    r"[\d０-９]+(?:[.．][\d０-９]+)?\s*(?:个|家|所|项|批|座|条|名|支|类|种|年|月|日|万|亿|元|%|％|以上|左右|余|多|次|部|套|台)(?:以上|左右|以内|内|底前|底|初|末|前|中)?"
    r"|[一二三四五六七八九十两几数百千]+(?:个|家|所|项|批|座|名|支|类|种)(?!业|\w?公司)(?:以上|左右)?"
    r"|^[一二三四五六七八九十两几]+(?:大|库)")  # 三大平台, 两大中心, 三库一平台


@lru_cache(maxsize=65536)
def tagged(text: str) -> tuple[tuple[str, str], ...]:
    """``(word, tag)`` pairs of a short text.

    >>> tagged("青岛市人工智能产业园")
    (('青岛市', 'ns'), ('人工智能', 'n'), ('产业园', 'n'))
    """
    return tuple(_lexicon().tag(text))


def sub_words(word: str) -> list[str]:
    """The dictionary words of two characters or more inside ``word`` (not ``word`` itself).

    >>> sub_words("曲阜师范大学")
    ['曲阜', '师范', '大学']
    """
    return [part for part in _lexicon().cut_for_search(word) if part != word and len(part) >= 2]


def has_word(word: str) -> bool:
    """Whether the lexicon (jieba's dictionary and the trade's words) has ``word``."""
    return _lexicon().has_word(word)


# Words of the trade newer than the dictionary: without them 物联网 reads as 物 + 联网 (a
# "proper" word) and 算力 as a word no dictionary has; they name no particular body.
_TRADE_WORDS = ("物联网 车联网 工业互联网 区块链 数字孪生 算力 智算 超算 数智 算网 智造 文旅 双创 中试 网联 智联 大模型 "
                "元宇宙 数实 智改 数转 上云 用数 赋智 康养 医养 信创 双碳 专精特新 小巨人 低空经济 具身智能").split()


@lru_cache(maxsize=1)
def _lexicon() -> Any:
    """jieba's dictionary (the one rjieba loads on import) with the trade's words added. A
    dictionary of our own would cost another 0.1 s in every process that reads a plan; the words
    added are common nouns, so other users of rjieba in the process see no other change."""
    for word in _TRADE_WORDS:
        rjieba.add_word(word, None, "n")
    return rjieba


@lru_cache(maxsize=65536)
def strip_leading_clause(text: str, min_rest: int = 2, *, words: bool = True) -> tuple[str, int]:
    """Drop the words that open a clause before a name; returns the rest and how many
    characters went. Stops before the rest would be shorter than ``min_rest`` characters.
    ``words=False`` drops only a quantity or a time.

    A name starts at its proper word or before it, so when the text has one, everything up to
    the last clause word before it goes (``本措施适用于在广州开发区`` → ``广州开发区``); otherwise
    the clause words at the start go.

    >>> strip_leading_clause("出台全省政务云平台")
    ('全省政务云平台', 2)
    >>> strip_leading_clause("5家以上专业科技企业孵化器")
    ('专业科技企业孵化器', 4)
    >>> strip_leading_clause("统筹承接好中科院")
    ('中科院', 5)
    >>> strip_leading_clause("青岛市人工智能产业园")
    ('青岛市人工智能产业园', 0)
    """
    prefix = QUANTITY_RE.match(text) or _TIME_RE.match(text)
    cut = prefix.end() if prefix and len(text) - prefix.end() >= min_rest else 0
    if not words:
        return text[cut:], cut
    tokens = tagged(text[cut:])
    proper_at = next((i for i, (word, tag) in enumerate(_before_suffix(tokens)) if _proper_word(word, tag) or word in _NATIONAL_WORDS), None)
    position, after_opener = cut, False
    for index, (word, tag) in enumerate(tokens):
        if proper_at is not None and index >= proper_at or len(text) - position - len(word) < min_rest:
            break
        # "用好", "承接好": a one-character adjective or adverb right after a verb goes with it.
        # 与/和/及 inside a name join its parts (新一代网络与信息安全联合实验室); at the start or
        # after another clause word they open the clause. Idioms (积极争取) and a one-character
        # complement (用好, 组织好) before the proper word do too.
        opener = ((tag in _CLAUSE_OPENERS and (index == 0 or after_opener or word not in _JOINERS))
                  or (tag == "vn" and (index == 0 or after_opener or proper_at is not None))
                  or (proper_at is not None and tag in ("l", "i"))
                  or (len(word) == 1 and tag in ("a", "d") and (after_opener or index + 1 == proper_at)))
        position += len(word)
        if opener:
            cut = position
        elif proper_at is None:
            break
        after_opener = opener
    return text[cut:], cut


@lru_cache(maxsize=65536)
def proper_part(name: str, known: frozenset[str] = frozenset()) -> str | None:
    """The word that makes ``name`` the name of one body, or None when it is a type of thing.

    >>> proper_part("青岛市人工智能产业园"), proper_part("智慧交通大数据应用平台")
    ('青岛市', None)
    >>> proper_part("科融信综合服务平台")
    '科融信'
    """
    if _WORLD_EVENT_RE.match(name):
        return name[:2]  # 世界制造业大会, 全球数字贸易博览会: an event of that scope is one event
    jurisdiction = _jurisdiction(name)
    if jurisdiction:
        return jurisdiction
    inside = next((k for k in known if len(k) >= 3 and k in name and k != name), None)
    if inside:  # "中软国际渝西数字化协同创新中心": a curated body names the facility
        return inside
    inner = name.find("国家", 2)  # "轨道交通国家工程研究中心": a national designation of one thing
    if inner > 0 and len(name) - inner > 5 and not name.startswith("级", inner + 2):
        return name[inner:inner + 2]
    brand = _NUMBER_BRAND_RE.match(name)
    if brand and not QUANTITY_RE.match(name):
        return brand.group()  # 360网络安全协同创新产业园, 58同城: a number that is a brand
    return next((word for word, tag in _before_suffix(tagged(name)) if _proper_word(word, tag)), None)


_NUMBER_BRAND_RE = re.compile(r"^\d{2,4}(?=[\u4e00-\u9fff])")


@lru_cache(maxsize=65536)
def names_a_body(text: str) -> bool:
    """Whether a word without an organisation suffix can name a firm or body: it is no
    dictionary word and has a place, organisation or personal name in it, or a word no
    dictionary has (北汽银翔, 中微汽博) — 家电, 新材料, 新能源汽车 are industries.

    >>> names_a_body("北汽银翔"), names_a_body("家电"), names_a_body("新能源汽车和智能网联汽车")
    (True, False, False)
    """
    if has_word(text):
        return False
    for word, tag in tagged(text):
        if len(word) < 2 or word in _NOT_PROPER or not _is_cjk_or_latin(word):
            continue
        if tag in ("ns", "nt", "nr", "nrt", "nz", "eng") or (tag not in _CLAUSE_OPENERS and not has_word(word)):
            return True
    return False


@lru_cache(maxsize=65536)
def word_ends_at(text: str, end: int) -> bool:
    """Whether a word of ``text`` ends at ``end``: an organisation suffix inside a longer word
    (大学 in 大学生, 分行 in 细分行业) ends none.

    >>> word_ends_at("培养大学生", 4), word_ends_at("面向细分行业", 5), word_ends_at("重庆大学", 4)
    (False, False, True)
    """
    if end >= len(text):
        return True
    position = 0
    for word, _tag in tagged(text):
        position += len(word)
        if position >= end:
            return position == end
    return True


def _before_suffix(tokens: tuple[tuple[str, str], ...]) -> tuple[tuple[str, str], ...]:
    """The words before a name's last one when that is a short dictionary word: the dictionary
    tags type words such as 联盟 as organisations, but a type word makes nothing a name (a long
    last word, 广州白云国际机场, is a name of its own)."""
    if len(tokens) > 1 and len(tokens[-1][0]) <= _TYPE_WORD_MAX and has_word(tokens[-1][0]):
        return tokens[:-1]
    return tokens


_TYPE_WORD_MAX = 4


def _jurisdiction(name: str) -> str | None:
    """The jurisdiction a name opens with: 省/市/区 alone (the body of that level), or a place
    with its level (青岛市, 东岭市, 岚州市, X区) even one the dictionary does not know.

    >>> _jurisdiction("省地质科学研究院"), _jurisdiction("东岭市科技园"), _jurisdiction("境外园区")
    ('省', '东岭市', None)
    >>> _jurisdiction("自治区大数据中心")
    '自治区'

    """
    tokens = tagged(name)
    level = _LEVEL_ALONE_RE.match(name)
    if level:
        # 省/市/区 names its own body only before a noun ("市实现与省级统一平台" is a clause).
        rest = tagged(name[level.end():])
        return level.group() if rest and rest[0][1] not in _CLAUSE_OPENERS else None
    if len(tokens) < 2:
        return None
    (first, tag), second = tokens[0], tokens[1][0]
    if first in NOT_PLACE_WORDS or second in NOT_PLACE_WORDS:
        return None
    if tag == "ns" and _LEVEL_END_RE.search(first) and len(first) >= 3:
        return first  # 青岛市
    if (tag in ("ns", "nr", "nz", "eng") or not has_word(first)) and len(first) <= 3 and (
            second in ("省", "市", "区", "县", "州") or (len(second) == 2 and _LEVEL_END_RE.search(second) and second[1] != second[0])):
        return first + second  # 东岭/市, 岚/州市, X/区
    return None


def _proper_word(word: str, tag: str) -> bool:
    """A place, organisation, brand or other proper noun, or a word no dictionary has."""
    if (len(word) < 2 and tag != "eng") or word in _NOT_PROPER or word.endswith(_DESCRIPTOR_ENDS) or not _is_cjk_or_latin(word):
        return False
    if tag in _PROPER_TAGS:
        return not _common_compound(word)
    return tag not in _CLAUSE_OPENERS and tag != "vn" and not has_word(word)


@lru_cache(maxsize=65536)
def _common_compound(word: str) -> bool:
    """Whether a word the dictionary tags as a proper name is two common words (国际+航空,
    公共+信息): the tag comes from one firm or title, the words name no particular body.

    >>> _common_compound("公共信息"), _common_compound("建设银行"), _common_compound("青岛市")
    (True, False, False)
    """
    return len(word) >= 4 and not word.endswith(_INSTITUTION_WORDS) and any(
        _common_word(word[:i]) and _common_word(word[i:]) for i in range(2, len(word) - 1))


# 建设银行, 人民银行, 人民大学: the dictionary's institutions are named by their common words.
_INSTITUTION_WORDS = ("银行", "大学", "学院", "医院", "集团", "公司", "研究院", "科学院")


def _common_word(part: str) -> bool:
    words = tagged(part)
    return len(words) == 1 and has_word(part) and (words[0][1] not in _PROPER_TAGS or part in _NOT_PROPER)


def _is_cjk_or_latin(word: str) -> bool:
    return all("\u4e00" <= ch <= "\u9fff" or ch.isascii() and ch.isalpha() for ch in word)
