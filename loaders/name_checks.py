"""Whether a candidate is a bounded name: the checks every actor candidate found in prose passes.

A candidate's right edge comes from an organisation suffix; these checks decide where it
starts and whether it is a name at all (issue 13, "name-boundary checks"): the words that open
its clause go, and it is refused when it holds a quantity or an unbalanced bracket, when it is
a type of facility, firm, bank or school with no proper part (a place, an organisation, a brand,
a word no dictionary has), or a kind of finance rather than a body. A facility that named
partners build, or one with a place in brackets after it (…中心（北方）), is named.
"""

from __future__ import annotations

import re

from innograph.graph.schema import ActorKind

from .lexicon import QUANTITY_RE, has_word, proper_part, strip_leading_clause, sub_words, tagged
from .names import STRONG_SUFFIX_RE, classify_name, is_plan_speak

__all__ = ["bounded_name", "built_by_named_bodies", "FACILITY_TYPE", "QUALIFIER_RE", "QUALIFIER_END_RE", "DIRECTIONS",
           "SUFFIX_WORDS", "FACILITY_SUFFIXES"]

FACILITY_TYPE = "a type of facility, not a named one"
# What a plan does with a fund, said before its name: 设立, 申报, 争取, 用好 ...
_FUND_SETUP_RE = re.compile(r".*(?:设立|申报|争取|用好|利用|发挥|成立|组建|吸引|引入|撬动)")
QUALIFIER_RE = re.compile(r"[（(]([\u4e00-\u9fff]{2,4})[）)]")
QUALIFIER_END_RE = re.compile(r"[（(][\u4e00-\u9fff]{2,4}[）)]$")
DIRECTIONS = frozenset("北方 南方 华南 华北 华东 华中 西北 西南 东北 西部 东部 中部 南部 北部".split())
_TYPE_OF_BODY_SUFFIXES = ("银行", "学校", "幼儿园", "医院")
SUFFIX_WORDS = frozenset(STRONG_SUFFIX_RE.pattern[3:-1].replace("\\", "").split("|"))
# Words that name a finance business as well as a firm in it (平安保险 is a firm, 养老保险 is not).
_FINANCE_ACTIVITIES = ("投资", "资本", "保险", "证券", "担保", "信托", "创投", "融资")
_BUILT_BY_PARTNERS_RE = re.compile(r"(?:共建|合建|联建|组建|共同建设|联合建设|合作建设)$")
_BUILD_VERB_RE = re.compile(r"(?:建设|打造|建立|成立|设立|筹建)$")
# "A联合B、C建设D", "依托A打造D": a build verb after named bodies that work together or carry it.
_BUILT_ON_RE = re.compile(r"(?:联合|携手|与|和|依托|由)[^，,。；;]{2,60}?(?:建设|打造|建立|成立|设立|筹建)(?:[^，,。；;的]{0,12}的)?$")
# Institutes named as facilities (…中心, …实验室) need a proper part like platforms; a 研究院,
# 研究所 or 科学院 is an organisation of its own (市建筑科学研究院).
FACILITY_SUFFIXES = ("中心", "实验室")
# Words ending like a facility (…园) that name an activity.
_ACTIVITY_WORDS = ("办园", "建园", "入园", "进园", "校园")
# A count right before a candidate (not a year: "2025年建成……").
_COUNTED_RE = re.compile(r"(?<!\d)(?!\d{4}年)[\d０-９]+(?:个|家|所|项|批|座|名|支|类|种)(?:以上|左右)?$|[一二三四五六七八九十两几数百千]+(?:个|家|所|项|批|座|名|支|类|种)(?:以上|左右)?$")
_SCHOOL_OR_SOCIETY_RE = re.compile(r"(?:大学|学院|协会|商会|学会|促进会|研究会|联合会|委员会|共同体)$")


def bounded_name(core: str, known: frozenset[str], *, words: bool = True) -> tuple[str, int, str | None]:
    """The name a candidate holds once the words opening its clause are gone, how many
    characters went, and why it is not a name (None when it is one). ``words=False`` strips
    only a quantity or a time (the left edge is known: a list item).

    >>> bounded_name("出台全省政务云平台", frozenset())[2]
    'a type of facility, not a named one'
    >>> bounded_name("借助华南（广州）技术转移中心", frozenset())
    ('华南（广州）技术转移中心', 2, None)
    """
    rest, cut = strip_leading_clause(core, words=words) if core not in known else (core, 0)
    inner = _after_inner_preposition(rest)
    if inner:  # "申请人向合作银行", "可由中国储备粮管理总公司": the name follows the preposition
        rest, cut = rest[inner:], cut + inner
    setup = _FUND_SETUP_RE.match(rest) if words and rest.endswith("基金") else None
    if setup and len(rest) - setup.end() >= 4:
        rest, cut = rest[setup.end():], cut + setup.end()  # "市设立工业互联网基金": the fund is what is set up
    if rest in known:
        return rest, cut, None
    if rest in SUFFIX_WORDS:
        return rest, cut, "a type word alone"
    if rest.startswith("级"):
        return rest, cut, "a fragment (各级……, 两级……), not a name"
    if rest.endswith(_ACTIVITY_WORDS):
        return rest, cut, "an activity, not a body"  # 规范办园, 思想进校园
    if len(rest) < 3 and rest.endswith("港"):
        return rest, cut, "a place, not a named port"
    if rest[:1] in "（(":
        return rest, cut, "a fragment opening with a bracket, not a name"  # 各县(市)人民政府 cut short
    joined = _JOINED_NAMES_RE.match(rest)
    if joined and joined.group(1).endswith(tuple(SUFFIX_WORDS)) and len(rest) - joined.end() >= 3:
        rest, cut = rest[joined.end():], cut + joined.end()  # "领导小组和专家委员会": two bodies, the last is this one
    if QUANTITY_RE.search(rest) or _COUNTED_RE.search(core, 0, cut):
        return rest, cut, "a quantity, not a name"  # "40个示范性职教集团": a count of a type
    if _unbalanced(rest):
        return rest, cut, "an unbalanced bracket"
    if "为中心" in rest:
        return rest, cut, "a phrase (以……为中心), not a name"
    kind = classify_name(rest)
    if kind in (ActorKind.UNIVERSITY, ActorKind.ASSOCIATION) and _type_of_school_or_society(rest, kind, known):
        return rest, cut, "a type of organisation, not a named one"
    if ((words and kind in (ActorKind.ENTERPRISE, ActorKind.USER) or rest.endswith(_TYPE_OF_BODY_SUFFIXES))
            and not rest.endswith(("有限公司", "有限责任公司")) and proper_part(rest, known) is None):
        # Found in prose, a firm, bank, hospital or school needs a name of its own (手机银行, 农机作业
        # 公司, 区定点医院 are types); a registered company name (…有限公司) is one, and in a list
        # of firms the list says so.
        return rest, cut, "a type of organisation, not a named one"
    if kind is ActorKind.PLATFORM or rest.endswith(FACILITY_SUFFIXES):
        if proper_part(rest, known) is None and not _named_lab(rest) and "联合" not in rest:  # a joint lab: its partners
            return rest, cut, FACILITY_TYPE
    elif kind is ActorKind.FINANCE and rest.endswith(_FINANCE_ACTIVITIES) and proper_part(rest) is None:
        return rest, cut, "a kind of finance, not a named body"  # 天使投资, 融资担保, 社会资本
    return rest, cut, None


def _type_of_school_or_society(name: str, kind: ActorKind, known: frozenset[str]) -> bool:
    """研究型大学, 老年大学, 行业协会, 商协会: a kind of school or society, not one. A society
    named by one common word (老年协会) is a type; one named by its field in several words
    (新材料产业技术创新联盟) is a body. A school graded by its stem (研究型, 重点, 高水平) is a type."""
    if proper_part(name, known) is not None:
        return False
    whole = tagged(name)
    if len(whole) == 1:
        # 老年大学, 行业协会: a dictionary word for the type (曲阜师范大学 is one word too, with a place in it).
        return whole[0][1] not in ("nt", "ns", "nz") and not any(
            tag in ("ns", "nt", "nr") for part in sub_words(name) for _, tag in tagged(part))
    suffix = _SCHOOL_OR_SOCIETY_RE.search(name)
    stem = name[: suffix.start()] if suffix else name
    if kind is ActorKind.UNIVERSITY:
        # 研究型大学; 重点马克思主义学院, 高水平公共卫生学院, 职业技术师范大学: a grade of school.
        return stem.endswith(("型", "性")) or is_plan_speak(whole[0][0]) or is_plan_speak(stem)
    return len(stem) < 2 or has_word(stem)


def _after_inner_preposition(name: str) -> int:
    """Where a name starts after a preposition (or 提请/上报) inside a candidate, or 0."""
    position, after = 0, 0
    for word, _tag in tagged(name):
        start, position = position, position + len(word)
        if len(name) - position < 3:
            break
        if word in _PREPOSITIONS or word in _REFERRAL_VERBS or word in _CLAUSE_ENDS:
            after = position
        elif len(word) == 2 and word[0] in _PREPOSITIONS and word[1] in "省市区县州":
            after = start + 1  # the tagger glues a preposition to a level: 至市, 由区
        elif len(word) == 2 and word[1] in "向由经至":
            after = position  # 时向, 并由
    return after


# Prepositions that never stand inside a name (与/和/及 join a name's parts: 合作与交流中心).
_JOINED_NAMES_RE = re.compile(r"^(.{2,30}?)[和及与]")
_PREPOSITIONS = frozenset("向 由 经 至 于 从 在 对 把 被 给 将 按 据 自".split())
_REFERRAL_VERBS = frozenset("提请 上报 报经 报送 报请 申请 提交 交由 归".split())
_CLAUSE_ENDS = frozenset("者 内 时".split())  # "申请者", "园区内", "……时": what precedes is no part of a name


def built_by_named_bodies(before: str, named: int) -> bool:
    """Whether the text before a facility says named bodies build it: a joint build verb, a
    build verb after 联合/与/依托, or after a list of ``named`` (two or more) bodies."""
    return bool(_BUILT_BY_PARTNERS_RE.search(before) or _BUILT_ON_RE.search(before)
                or (named >= 2 and _BUILD_VERB_RE.search(before)))


def _named_lab(name: str) -> bool:
    """"天府实验室", "之江实验室": a laboratory named by a short word of its own."""
    stem = name[:-3] if name.endswith("实验室") else ""
    return 2 <= len(stem) <= 3 and not is_plan_speak(stem)


def _unbalanced(name: str) -> bool:
    return (name.count("（") + name.count("(")) != (name.count("）") + name.count(")"))
