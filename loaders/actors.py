"""Actor recognition: find the organisations a plan names, their kinds and canonical forms.

Three sources of evidence, combined per clause (text between ，。；： and brackets):

1. enumerations ``以A、B、C等企业为主体`` / ``联合D、E和F等高校院所`` / ``A、B等骨干企业与C、D等高端
   创新资源``: items are split carefully (names.split_names), leading verbs stripped, and each
   item takes its kind from its suffix or, failing that, from the category after 等 (企业 →
   enterprise, 高校 → university ...);
2. organisation suffixes (…大学, …研究院, …学会, …基地 ...) anywhere, bounded on the left by
   list separators and leading verbs; type names made of plan-speak (科技资源共享平台) are
   dropped; a name inside a name (重师涉外商贸学院 in 重师涉外商贸学院腾讯云实验实训室) is kept too;
3. the gazetteer: every curated name or alias anywhere, resolved to its canonical form;
4. government bodies named in prose and a leading group's roster (loaders/departments.py).

Every candidate a rule finds in prose must be a bounded name (loaders/name_checks.py).

Generic collectives (高校, 各有关单位 ...) are reported as groups, never as actors.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from innograph.graph.model import normalize_name
from innograph.graph.schema import ActorKind

from .departments import BEFORE_LEVEL_NAME, government_spans, roster_unit
from .gazetteer import Gazetteer
from .name_checks import (DIRECTIONS, FACILITY_SUFFIXES, FACILITY_TYPE, QUALIFIER_END_RE, QUALIFIER_RE, SUFFIX_WORDS, bounded_name,
                          built_by_named_bodies)
from .lexicon import has_word, names_a_body, proper_part, tagged, word_ends_at
from .names import (STRONG_SUFFIX_RE, classify_name, collective_opening, cut_at_inner_verbs, firm_by_weak_suffix, is_collective, is_generic_name,
                    organisation_before_verb, split_names, strip_lead_words)

__all__ = ["Mention", "Clause", "classify_name", "find_mentions", "resolve_name", "PROGRAM_SUFFIXES"]

E, U, I = ActorKind.ENTERPRISE, ActorKind.UNIVERSITY, ActorKind.INSTITUTE
_CATEGORY_KIND = {
    "企业": E, "公司": E, "龙头企业": E, "高校": U, "院校": U, "高等院校": U, "大学": U, "科研院所": I, "院所": I,
    "研究机构": I, "科研机构": I, "银行": ActorKind.FINANCE, "金融机构": ActorKind.FINANCE, "学会": ActorKind.ASSOCIATION,
    "协会": ActorKind.ASSOCIATION, "商会": ActorKind.ASSOCIATION, "医院": ActorKind.USER,
}
# 等 closing an enumeration (not 高等/同等), its category, and what may follow the category:
# "等企业为主体" and "等骨干企业与" enumerate firms; "等高新技术企业创新孵化平台" does not, nor does
# "边缘计算等技术在企业" (what stands between 等 and the category qualifies organisations only).
_ANCHOR_RE = re.compile(
    r"(?<![高中初同平对均相])等(?![级同于])(?:(?!在|的|技术|领域|行业|产品|方面|项目|产业)[\u4e00-\u9fff]){0,4}?(?P<cat>高校院所|高等院校|科研院所|研究机构|科研机构|高校|院校|院所|企业|公司|金融机构|机构|单位|"
    r"高端创新资源|创新资源|项目|部门|平台|基地|园区|学会|协会|商会|组织|医院|银行)"
    r"(?=$|为主体|与|和|合作|进行|开展|共建|建设|建立|组建|成立|打造|共同|参与|联合|的|在|通过|签订|实施|组成|牵头|加强|加大|提供|给予|积极|要|应|支持|开放|入驻|落户)"
    r"|(?<![高中初同平对均相])等(?=建设|为主体|合作|共建|参与|联合|单位)")
_CLAUSE_DELIM_RE = re.compile(r"[，,。；;：:！？!?“”\"《》「」『』\n（）()【】\[\]—－~～]")
# "中科院(X)科技产品开发推广中心": a short bracket between name characters belongs to the name.
_INNER_PAREN_RE = re.compile(r"(?<=[\u4e00-\u9fffA-Za-z0-9])[（(][^（()）,，。；;\s]{1,6}[）)](?=[\u4e00-\u9fffA-Za-z0-9])")
_PREPOSITIONS = frozenset("对向为在给把将从")
_BUSINESS_WORDS = frozenset(("担保", "证券", "保险", "信托", "创投", "基金"))
_CAMPAIGN_WORDS = ("活动", "行动", "专项行动", "系列活动", "主题活动", "工程")
_SENTENCE_RE = re.compile(r"[^。！？!?；;\n]+[。！？!?；;]?")
# Funds are named by more than 基金: 风险补偿资金池, 科技创新风险补偿资金 are funds a plan sets up.
FUND_SUFFIXES = ("基金", "资金池", "风险补偿资金", "风险补偿金")
PROGRAM_SUFFIXES = (*FUND_SUFFIXES, "计划")
_QUOTED_PROGRAM_RE = re.compile(r"“([^“”]{2,16}?(?:计划|工程|行动|条|政策|专项|基金))”")
# 实施“东岭英才”计划 / “育苗”行动: the quotes hold the programme's name, the genre word follows.
_QUOTED_BEFORE_PROGRAM_RE = re.compile(r"“([^“”]{2,16})”(?=计划|工程|专项|行动)")
_BOOK_RE = re.compile(r"《([^《》]{4,60})》")
_NOT_A_BRAND_RE = re.compile(r"[+＋、，,\d一二三四五六七八九十两百千]")
_QUOTED_PLATFORM_RE = re.compile(r"“([^“”，,。；;\s]{2,12})”([\u4e00-\u9fff]{0,10}?(?:平台|APP|App|app|小程序|客户端|系统))(?![\u4e00-\u9fff]{0,2}(?:建设|服务))")
_MAX_NAME = 32
_WORKING_BODIES = frozenset(("领导小组", "工作专班", "专班", "工作组", "专项小组", "联席会议", "执行小组", "推进小组", "协调小组", "工作小组"))
# A level's own people's organisation: 省工商联, 市科协, 区妇联 (the level names which one).
_LEVEL_ORGANISATION_RE = re.compile(r"^[省市区县州](?:工商联|科协|贸促会|侨联|妇联|总工会|残联|文联|社科联|供销社|供销合作社|团委)$")
_canonical = lru_cache(maxsize=65536)(normalize_name)
_SUBJECT_RE = re.compile(r"(?P<name>[省市区县州镇][\u4e00-\u9fff]{1,14}?(?:局|委|办|室|厅|管委会|中心|组织部|宣传部))"
                         r"(?=要|应|负责|牵头|会同|将|按照|做好|定期|每)")
_DETERMINER_END_RE = re.compile(r"(?:各有关|各相关|各类|各级|各|相关|有关|其他)$")
_BASED_ON_RE = re.compile(r"依托(?P<name>[^、，,。；;的等和与及]{2,16}?)(?:打造|建设|创建|组建|建立|成立|共建|筹建|设立)")
# What an item without a known right edge must contain to be worth reading closely.
_SIGNAL_PATTERN = (STRONG_SUFFIX_RE.pattern[3:-1] + r"|计划|资金池|补偿资金|补偿金|局|委|办|组织部|企业|高校|院所|单位|部门|机构|区县|镇街|乡镇|街道|"
                   r"政府|主体|资本")
_SIGNAL_RE = re.compile(_SIGNAL_PATTERN)
_CLAUSE_SIGNAL_RE = re.compile(_SIGNAL_PATTERN + r"|等|依托|投资|组织|厅")
# Gazetteer forms shorter than this (上大, 重大) are ordinary words too often to scan for.
_MIN_SCANNED = 3


@dataclass
class Mention:
    """One occurrence of an actor (or a program) in the text, resolved to its canonical form."""

    surface: str
    start: int
    end: int
    name: str
    kind: ActorKind | None  # None for programs
    how: str  # gazetteer | list | suffix | nested | program
    category: str | None = None
    aliases: tuple[str, ...] = ()
    industries: tuple[str, ...] = ()
    program_type: str | None = None


@dataclass
class Clause:
    """Mentions and groups of one sentence: pairing rules look at a sentence at a time."""

    start: int
    end: int
    mentions: list[Mention] = field(default_factory=list)
    groups: list[tuple[str, int, int]] = field(default_factory=list)
    # Candidates that looked like names but failed a name check: (candidate, start, end, reason).
    refused: list[tuple[str, int, int, str]] = field(default_factory=list)
    text: str = ""  # the document's text (the clause is text[start:end])


def resolve_name(surface: str, kind: ActorKind | None, gazetteer: Gazetteer, how: str, start: int,
                 category: str | None = None) -> Mention | None:
    """A mention with canonical name and kind: the gazetteer wins, then the rule's kind."""
    entry = gazetteer.lookup(surface)
    if entry is not None:
        aliases = tuple(a for a in (*entry.aliases, _canonical(surface)) if a != entry.name)
        return Mention(surface, start, start + len(surface), entry.name, entry.kind, how, category,
                       tuple(dict.fromkeys(aliases)), tuple(entry.industries))
    if surface.endswith(PROGRAM_SUFFIXES):
        # Fund types (种子基金, 天使基金) are programmes in their own right; plan-speak
        # programme names (行动计划) are not.
        if len(surface) < 4 or (surface.endswith("计划") and is_generic_name(surface[:-2] + "平台")):
            return None
        if surface.endswith(FUND_SUFFIXES):
            # A fund a plan sets up (种子基金, 产业引导基金) is a finance-side body: it counts for 金.
            return Mention(surface, start, start + len(surface), _canonical(surface), ActorKind.FINANCE, "fund")
        return Mention(surface, start, start + len(surface), _canonical(surface), None, "program", program_type="programme")
    if kind is None:
        return None
    return Mention(surface, start, start + len(surface), _canonical(surface), kind, how, category)


def find_mentions(text: str, start: int, end: int, gazetteer: Gazetteer) -> list[Clause]:
    """Actor and program mentions in ``text[start:end]``, sentence by sentence."""
    known = gazetteer.names
    sentences: list[Clause] = []
    # Delimiters inside "中科院(X)" brackets do not end a clause.
    protected: set[int] = set()
    # Most paragraphs have no bracket at all: a find is cheaper than the regex scan.
    if text.find("（", start, end) >= 0 or text.find("(", start, end) >= 0:
        for m in _INNER_PAREN_RE.finditer(text, start, end):
            protected.update(range(m.start(), m.end()))
    for m in _PLACE_DASH_RE.finditer(text, start, end):
        # "济南—青岛人工智能创新应用先导区", "中国-东盟博览会": a dash joining two places is in a name.
        if _ends_with_place(m.group(1)) and _starts_with_place(m.group(2)):
            protected.add(m.start(2) - 1)
    for sent in _SENTENCE_RE.finditer(text, start, end):
        s_start, s_end = sent.span()
        clause = Clause(s_start, s_end, text=text)
        roster = roster_unit(text, s_start, s_end)
        if roster:
            # "牛弩韬 省经济和信息化厅厅长": a member of a leading group and the unit he heads.
            unit, unit_start = roster
            kind = gazetteer.lookup(unit).kind if gazetteer.lookup(unit) else classify_name(unit, department=True)
            mention = resolve_name(unit, kind or ActorKind.GOVERNMENT, gazetteer, "roster", unit_start)
            if mention is not None:
                clause.mentions.append(mention)
                sentences.append(clause)
            continue
        pos = s_start
        for delim in _CLAUSE_DELIM_RE.finditer(text, s_start, s_end):
            if protected and delim.start() in protected:
                continue
            # “科技服务进园区”活动: a quoted campaign's slogan names no organisation.
            if delim.group() != "”" or not text.startswith(_CAMPAIGN_WORDS, delim.end()):
                _scan_clause(text, pos, delim.start(), gazetteer, known, clause)
            pos = delim.end()
        _scan_clause(text, pos, s_end, gazetteer, known, clause)
        _add_gazetteer_hits(text, s_start, s_end, gazetteer, clause)
        for g_start, g_end in government_spans(text, s_start, s_end):
            mention = resolve_name(text[g_start:g_end], ActorKind.GOVERNMENT, gazetteer, "department", g_start)
            if mention is not None:
                clause.mentions.append(mention)
        if text.find("“", s_start, s_end) >= 0 or text.find("《", s_start, s_end) >= 0:
            _add_quoted_programs(text, s_start, s_end, clause)
        clause.mentions = _dedupe(clause.mentions)
        if clause.mentions or clause.groups:
            sentences.append(clause)
    return sentences


_PLACE_DASH_RE = re.compile(r"([\u4e00-\u9fff]{2,4})[—\-－]([\u4e00-\u9fff]{2,4})")


def _ends_with_place(text: str) -> bool:
    words = tagged(text)
    return bool(words) and words[-1][1] == "ns" and len(words[-1][0]) >= 2


def _starts_with_place(text: str) -> bool:
    words = tagged(text)
    return bool(words) and words[0][1] == "ns" and len(words[0][0]) >= 2


def _scan_clause(text: str, a: int, b: int, gazetteer: Gazetteer, known: frozenset[str], out: Clause) -> None:
    if b - a < 2 or not _CLAUSE_SIGNAL_RE.search(text, a, b):
        return  # nothing here could name an organisation, a group or a programme
    piece = text[a:b]
    pos = 0
    segments: list[tuple[int, int, str | None]] = []
    framed: set[int] = set()  # segments of "以A、B等企业为主体": a frame that names bodies only
    for anchor in _ANCHOR_RE.finditer(piece) if "等" in piece else ():
        if piece.startswith("为主体", anchor.end()) or piece.startswith("以", pos):
            framed.add(len(segments))
        segments.append((pos, anchor.start(), anchor.group("cat")))
        if anchor.group("cat") and is_collective(anchor.group("cat")):  # "等金融机构" names a group too
            out.groups.append((anchor.group("cat"), a + anchor.start("cat"), a + anchor.end("cat")))
        pos = anchor.end()
    segments.append((pos, len(piece), None))
    subject = _SUBJECT_RE.match(piece) if piece[0] in "省市区县州镇" else None
    if subject and subject.group("name") not in known and classify_name(subject.group("name")) is ActorKind.GOVERNMENT:
        # "区政府督查室要将……": a government body as the subject of a duty.
        mention = resolve_name(subject.group("name"), ActorKind.GOVERNMENT, gazetteer, "list", a)
        if mention is not None:
            out.mentions.append(mention)
    for trigger in _BASED_ON_RE.finditer(piece) if "依托" in piece else ():
        # "依托尚荣医疗打造……": what a platform is built on is an organisation when its name says so.
        name = trigger.group("name")
        kind = classify_name(name)
        if kind is not None and name not in known and not is_generic_name(name):
            mention = resolve_name(name, kind, gazetteer, "list", a + trigger.start("name"))
            if mention is not None:
                out.mentions.append(mention)
    for index, (s, e, category) in enumerate(segments):
        anchored = index < len(segments) - 1
        items = split_names(piece[s:e], a + s, known)
        for number, (item, i_start, i_end) in enumerate(items):
            clean_right = anchored or number < len(items) - 1
            # Split off before 与/和/联合 by names.split_names: a firm may carry a weak suffix.
            joined = clean_right and text.startswith(("与", "和", "及", "同", "联合", "分别", "携手", "牵手", "会同", "协同"), i_end)
            _resolve_item(item, i_start, category if anchored else None, clean_right, gazetteer, known, out, joined,
                          first=number == 0, framed=index in framed)


def _resolve_item(item: str, start: int, category: str | None, clean_right: bool, gazetteer: Gazetteer,
                  known: frozenset[str], out: Clause, joined: bool = False, *, first: bool = False,
                  framed: bool = False) -> None:
    """``first``: the item opens its clause, so its left edge is where the clause starts, not
    where a name does (later items of a list start after 、). ``framed``: the list is the
    subject of "以…为主体", which names bodies only."""
    if not clean_right and not _SIGNAL_RE.search(item):
        return  # a stretch of prose with no organisation suffix, group or programme in it
    core, cut = strip_lead_words(item, known)
    opening, opening_at = core, cut  # before inner verbs are cut: "金融机构开展合作" opens with a group
    if "的" in core and core not in known:  # "以大数据智能化为引领的创新驱动……计划": the name follows 的
        at = core.rindex("的") + 1
        core, cut = core[at:], cut + at
    if category is None and not core.endswith(PROGRAM_SUFFIXES):  # 培育支持计划: verbs name programmes
        core, inner = cut_at_inner_verbs(core, known)
        cut += inner
    elif category is None and core not in known:
        owner = organisation_before_verb(core)  # "X集团设立Y基金": the body and its fund
        if owner is not None:
            _resolve_item(owner[0], start + cut, None, True, gazetteer, known, out)
            core, cut = core[owner[1]:], cut + owner[1]
    if is_collective(core):
        # Keep the determiner a group was named with: 各区县, 各有关部门, 相关单位.
        determiner = _DETERMINER_END_RE.search(item, 0, cut)
        if determiner and determiner.end() == cut:
            core, cut = item[determiner.start():cut] + core, determiner.start()
        start += cut
        out.groups.append((core, start, start + len(core)))
        return
    start += cut
    # A type word alone ("基地", "平台") names nothing.
    if (clean_right or core.endswith(PROGRAM_SUFFIXES)) and 2 <= len(core) <= _MAX_NAME and core not in SUFFIX_WORDS:
        if core in known:
            if len(core) < _MIN_SCANNED:  # short aliases (上大) count only as list items
                mention = resolve_name(core, None, gazetteer, "gazetteer", start, category)
                if mention is not None:
                    out.mentions.append(mention)
            return  # longer names: the gazetteer pass adds them
        # The weak suffixes (…科技, …医疗) are ordinary words too; only an enumeration of firms
        # makes them a name.
        kind = classify_name(core, weak=category in ("企业", "公司", "龙头企业") or (joined and firm_by_weak_suffix(core)))
        how = "list"
        if (kind is E and category is not None and not framed and classify_name(core, weak=False) is None
                and not firm_by_weak_suffix(core)):
            # "支持新材料、节能环保等企业": a weak firm suffix (…材料, …环保) ending an industry's name.
            out.refused.append((core, start, start + len(core), "an industry or technology word, not a name"))
            return
        if kind is None and category is not None:
            kind, how = _CATEGORY_KIND.get(category), "category"
            if not framed and not names_a_body(core) and not core[:1].isdigit():
                # "支持汽车、建材、家电等企业走出去": industries, not firms; a firm's name has a
                # proper part (北汽银翔, 中微汽博) or is a word no dictionary has.
                out.refused.append((core, start, start + len(core), "an industry or technology word, not a name"))
                return
        if (kind is not None or core.endswith(PROGRAM_SUFFIXES)) and how == "list":
            # A later list item's left edge is known: only a quantity or a time before it goes.
            # Names with an organisation's own suffix (…公司, …大学) keep their words: unknown
            # names (鼎新电子) are often tagged as verbs.
            fund = core.endswith(FUND_SUFFIXES)
            facility = kind in (ActorKind.PLATFORM, ActorKind.FINANCE) or core.endswith(FACILITY_SUFFIXES)
            bounded, clause_cut, refusal = bounded_name(core, known, words=kind is not E and (first or fund or not facility))
            if not facility and clause_cut and (bounded in SUFFIX_WORDS or not all(has_word(w) for w, _ in tagged(core[:clause_cut]))):
                # An item may open with its clause's verb (搭建现代产业学院, 、调整省教育督导委员会);
                # an unknown name the tagger reads as a verb or pronoun (戊己大学) keeps its words.
                bounded, clause_cut, refusal = bounded_name(core, known, words=False)
            if fund and refusal == FACILITY_TYPE:
                refusal = None
            if refusal:
                out.refused.append((bounded, start + clause_cut, start + clause_cut + len(bounded), refusal))
                return
            if clause_cut:
                core, start = bounded, start + clause_cut
                kind = classify_name(core, weak=category in ("企业", "公司", "龙头企业")) or kind
        if kind is not None or core.endswith(PROGRAM_SUFFIXES):
            if kind is None or kind is E or core.endswith(FUND_SUFFIXES) or not is_generic_name(core):
                mention = resolve_name(core, kind, gazetteer, how, start, category)
                if mention is not None:
                    out.mentions.append(mention)
                    _add_nested(mention, gazetteer, out)
                    return
    _scan_suffixes(item, start - cut, gazetteer, known, out)
    group = collective_opening(opening)  # "在合高校充分发挥……": a group opening a clause
    if group:
        base = start - cut + opening_at
        determiner = _DETERMINER_END_RE.search(item, 0, opening_at) if opening_at else None
        if determiner:  # 各设区市人民政府, not 设区市人民政府
            group, base = determiner.group() + group, base - len(determiner.group())
        out.groups.append((group, base, base + len(group)))


def _scan_suffixes(item: str, offset: int, gazetteer: Gazetteer, known: frozenset[str], out: Clause) -> None:
    """Names ending in a strong organisation suffix inside a stretch of text without separators."""
    cursor = 0
    previous: Mention | None = None
    type_before: tuple[int, int] | None = None  # the span of a facility type just refused
    for match in STRONG_SUFFIX_RE.finditer(item):
        window = max(0, match.start() - 6)
        if not word_ends_at(item[window:match.end() + 3], match.end() - window):
            continue  # 大学生, 细分行业: the suffix is inside a longer word
        candidate = item[cursor:match.end()]
        # A working body's name holds its own verbs (数字山东建设专项小组, 工业强市建设领导小组):
        # the words before it decide where it starts (bounded_name), not its inner verbs.
        # Only 的 ends a clause before one ("成立由主要领导任组长的推进……专项工作组").
        inner, inner_cut = (_after_last_de(candidate) if match.group() in _WORKING_BODIES
                            else cut_at_inner_verbs(candidate, known))
        core, cut = strip_lead_words(inner, known)
        cut += inner_cut
        group = collective_opening(core)
        if group and core[len(group):len(group) + 1] in _PREPOSITIONS:
            # "金融机构对联合体成员企业……": a group, a preposition, then what it acts on.
            rest, rest_cut = strip_lead_words(core[len(group):], known)
            core, cut = rest, cut + len(group) + rest_cut
        begin = offset + cursor + cut
        cursor = match.end()
        # "融资担保有限公司降低担保费率": a registered company name is complete; a business word
        # after it (担保, 保险 ...) starts the prose, not a longer name.
        if previous is not None and previous.end == begin and previous.surface.endswith("公司") and match.group() in _BUSINESS_WORDS:
            previous = None
            continue
        if (previous is not None and cut == 0 and previous.end == begin and previous.kind is ActorKind.PLATFORM
                and item[previous.end - offset:match.end()] in ("平台", "基地", "中心")):
            continue  # "中国（安徽）自由贸易试验区平台": a type word after a name is that body's, no new name
        if type_before is not None and cut == 0 and type_before[1] == begin:
            # "国家实验室" + "济南基地": a type refused a moment ago opens this name.
            outer = item[type_before[0] - offset:match.end()]
            kind = classify_name(outer)
            if kind is not None and len(outer) <= _MAX_NAME and bounded_name(outer, known, words=False)[2] is None:
                previous = resolve_name(outer, kind, gazetteer, "suffix", type_before[0])
                if previous is not None:
                    out.mentions.append(previous)
                type_before = None
                continue
        type_before = None
        if previous is not None and cut == 0 and previous.end == begin:
            # The earlier name opens a longer one: 重师涉外商贸学院 + 腾讯云实验实训室.
            outer = item[previous.start - offset:match.end()]
            kind = classify_name(outer)
            if kind is not None and not is_generic_name(outer) and len(outer) <= _MAX_NAME:
                if previous.kind not in (U, I, ActorKind.ASSOCIATION) and previous.how != "gazetteer" and previous in out.mentions:
                    out.mentions.remove(previous)
                mention = resolve_name(outer, kind, gazetteer, "suffix", previous.start)
                if mention is not None:
                    out.mentions.append(mention)
                    previous = mention
                    continue
        if core in known:
            previous = resolve_name(core, None, gazetteer, "gazetteer", begin)
            continue
        qualifier = (QUALIFIER_RE.match(item, match.end()) if match.end() < len(item)
                     else QUALIFIER_RE.match(out.text, offset + match.end()) if out.text else None)
        if qualifier and (qualifier.group(1) in DIRECTIONS or proper_part(qualifier.group(1))):
            core += qualifier.group()  # "国家健康医疗大数据中心（北方）": the place in brackets is part of the name
            cursor = max(cursor, match.end() + len(qualifier.group()))
        before = item[:begin - offset]
        if built_by_named_bodies(before, len(out.mentions)) and (out.mentions or any(gazetteer.scan(before, 0, len(before)))):
            refusal = None  # "A与B共建储能材料联合实验室": the facility these partners build is one
        else:
            core, clause_cut, refusal = bounded_name(core, known)
            begin += clause_cut
            if core in SUFFIX_WORDS:
                refusal = "a type word alone"
        if refusal:
            out.refused.append((core, begin, begin + len(core), refusal))
            previous = None
            type_before = (begin, begin + len(core)) if refusal == FACILITY_TYPE else None
            continue
        if core in known:
            previous = resolve_name(core, None, gazetteer, "gazetteer", begin)
            continue
        if len(core) < 3 or len(core) > _MAX_NAME or (is_generic_name(core) and not core.endswith("基金")
                                                      and not _LEVEL_ORGANISATION_RE.match(core)):
            if 3 <= len(core) <= _MAX_NAME and not is_collective(core):
                out.refused.append((core, begin, begin + len(core), "a type of organisation, not a named one"))
            previous = None
            continue
        mention = resolve_name(core, classify_name(QUALIFIER_END_RE.sub("", core), weak=False), gazetteer, "suffix", begin)
        if mention is not None:
            out.mentions.append(mention)
        previous = mention


def _after_last_de(text: str) -> tuple[str, int]:
    at = text.rfind("的") + 1
    return text[at:], at


def _add_nested(mention: Mention, gazetteer: Gazetteer, out: Clause) -> None:
    """A university, institute or association that opens a platform's name is named too."""
    if mention.kind not in (ActorKind.PLATFORM, ActorKind.INSTITUTE, ActorKind.ENTERPRISE):
        return
    for match in STRONG_SUFFIX_RE.finditer(mention.surface, 0, len(mention.surface) - 1):
        prefix = mention.surface[: match.end()]
        kind = classify_name(prefix, weak=False)
        if kind in (U, I, ActorKind.ASSOCIATION) and len(prefix) >= 3 and not is_generic_name(prefix) and prefix not in gazetteer.names:
            nested = resolve_name(prefix, kind, gazetteer, "nested", mention.start)
            if nested is not None:
                out.mentions.append(nested)
            return


def _dedupe(mentions: list[Mention]) -> list[Mention]:
    """One mention per span (a curated reading beats a rule's), and no curated name inside a
    longer name of the same kind (国家开发银行 in 国家开发银行四川省分行 is the branch, not the bank)."""
    if len(mentions) < 2:
        return mentions  # most sentences name one actor or none: nothing to compare
    best: dict[tuple[int, int], Mention] = {}
    for m in mentions:
        key = (m.start, m.end)
        if key not in best or (m.how == "gazetteer" and best[key].how != "gazetteer"):
            best[key] = m
    ordered = sorted(best.values(), key=lambda m: (m.start, -m.end))
    return [m for m in ordered if not (m.how == "gazetteer" and any(
        o is not m and o.start <= m.start and m.end <= o.end and o.kind is m.kind for o in ordered))]


def _add_gazetteer_hits(text: str, a: int, b: int, gazetteer: Gazetteer, out: Clause) -> None:
    for form, s, e in gazetteer.scan(text, a, b):
        if len(form) < _MIN_SCANNED or (form.endswith("部") and text.startswith("门", e)):
            continue  # "科技部门" is the science departments, not 科技部
        if form[0] in "省市区县" and s > 0 and text[s - 1] not in BEFORE_LEVEL_NAME and "\u4e00" <= text[s - 1] <= "\u9fff":
            continue  # "东岭市科学技术局" is not the 市科学技术局 of the gazetteer's city
        mention = resolve_name(form, None, gazetteer, "gazetteer", s)
        campus = QUALIFIER_RE.match(text, e) if mention is not None and mention.kind in (U, I) else None
        if campus and proper_part(campus.group(1)) and gazetteer.lookup(form + campus.group()) is None:
            # "哈尔滨工业大学（威海）": a campus or branch named by its place is a body of its own.
            mention = resolve_name(form + campus.group(), mention.kind, gazetteer, "suffix", s)
        if mention is not None:
            out.mentions.append(mention)


def _add_quoted_programs(text: str, a: int, b: int, out: Clause) -> None:
    """“鸿雁计划”, “人才30条”, 《……暂行办法》: programmes and policies named in quotes."""
    for match in _QUOTED_PROGRAM_RE.finditer(text, a, b):
        name = match.group(1)
        kind = "fund" if name.endswith("基金") else ("policy" if name.endswith(("条", "政策")) else "programme")
        out.mentions.append(Mention(name, match.start(1), match.end(1), normalize_name(name), None, "program", program_type=kind))
    for match in _QUOTED_BEFORE_PROGRAM_RE.finditer(text, a, b):
        name = match.group(1)
        out.mentions.append(Mention(name, match.start(1), match.end(1), normalize_name(name), None, "program", program_type="programme"))
    for match in _QUOTED_PLATFORM_RE.finditer(text, a, b):
        # “爱山东”APP, “科创中国”科技经济融通平台: a quoted brand opens a platform's name (a
        # slogan or a list in quotes, “互联网+监管”, “一站式”, does not).
        brand = match.group(1)
        if _NOT_A_BRAND_RE.search(brand) or not names_a_body(brand):
            continue
        name = brand + match.group(2)
        out.mentions.append(Mention(name, match.start(), match.end(), _canonical(name), ActorKind.PLATFORM, "quoted"))
    for match in _BOOK_RE.finditer(text, a, b):
        name = match.group(1)
        if name.endswith(("办法", "政策", "意见", "规定", "细则", "措施", "条例", "计划", "方案")):
            out.mentions.append(Mention(name, match.start(1), match.end(1), normalize_name(name), None, "program", program_type="policy"))
