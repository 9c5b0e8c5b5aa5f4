"""Responsibility markers: who leads a task and who shares it.

Forms recognised, anywhere in a task's text (on their own line, split across lines, after the
task's paragraphs):

- labelled: ``（牵头单位：A、B；责任单位：C、D）``, ``牵头部门：…``, ``配合单位：…``, ``协办单位：…``,
  ``参与单位：…``; an item ``A（牵头）`` inside a 责任单位 list leads;
- unlabelled in brackets: ``[A牵头，会同B、C负责]``, ``（A负责）``;
- prose: ``由A牵头，B、C配合``, ``A、B牵头，相关部门……`` — names must look like bodies (a known
  name or an organisation suffix) so that ``企业牵头`` is read as a group, not an actor.

配合 / 协办 / 参与 / 会同 / 责任 all mean "responsible" (RESPONSIBLE_FOR); 牵头 / 主办 mean "lead".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from innograph.graph.schema import ActorKind

from .name_checks import bounded_name
from .names import classify_name, is_collective, split_names, strip_lead_words

__all__ = ["Assignment", "SELF_REFERENCES", "find_assignments", "ROLE_WORDS", "MARKER_LABEL", "BRACKETED_MARKER_RE"]

LEAD, RESPONSIBLE = "lead", "responsible"

# The marker vocabulary, shared with the plan parser (plan.py), the builder and segments.py:
# words that only ever name a role, and the labels a role word makes with a unit word
# (牵头单位, 参加单位, 责任部门, 主责单位, 牵头考核单位, 承办单位 ...).
ROLE_WORDS = "牵头|主责|责任|配合|协办|参与|参加|协助|承办"
MARKER_LABEL = rf"(?:{ROLE_WORDS}|协同|实施|落实)[\u4e00-\u9fff]{{0,3}}?(?:单位|部门|处室|科室|主体)"
# A bracket that says who does a task: "（A牵头，B配合）", "（责任单位：C）", "（D负责）".
BRACKETED_MARKER_RE = re.compile(r"[（(【\[][^（()）【】\[\]]{0,200}?(?:牵头|责任|负责|配合)[^（()）【】\[\]]*[）)】\]]")
_LABELS = MARKER_LABEL + r"|牵头|责任|配合"
# "牵头单位：…" or "【牵头单位】…".
_LABEL_RE = re.compile(r"(?:(?P<label>" + _LABELS + r")[\s　]*[:：]|【(?P<blabel>" + _LABELS + r")】[:：]?)[\s　]*")
# "完成时限：…", "联系人：…": another field starts; it ends a list of units. (主办单位 / 承办 are
# page-footer and event words, not task responsibilities, and are not labels.)
_FIELD_RE = re.compile(r"[\u4e00-\u9fff]{2,8}[:：]")
_CLOSE = "）)】]"
_OPEN = "（(【["
# One level of short brackets may sit inside: "（省市场监管局（省知识产权局）负责）".
_BRACKET_RE = re.compile(r"[（(【\[](?P<body>(?:[^（()）【】\[\]]|[（(][^（()）]{1,12}[）)]){2,300})[）)】\]]")
_ROLE_WORD_RE = re.compile(r"牵头|负责|配合|协办|参与|会同")
# 牵头 as a verb, not in the noun 牵头部门 ("X机制牵头部门负责": the lead departments of X, a group).
_PROSE_LEAD_RE = re.compile(r"(?:^|[，,；;。：:\s])(?:由|请|要由)?(?P<list>[^，,；;。：:！？\s]{2,120}?)(?:共同)?牵头(?!部门|单位|处室)(?:负责|落实|推进|组织)?")
_PROSE_SHARE_RE = re.compile(
    r"^(?:会同|协同|联合|组织|由)?(?P<list>[^，,；;。！？]{2,120}?)(?:等部门|等单位)?(?:具体|共同|分别|切实|认真)?"
    r"(?:按照?(?:各自)?(?:职责|职能)分工|按职责|分工)?"
    r"(?:协同推进|共同推进|配合推进|协助|配合|协办|参与|参加|落实|共同负责|负责(?!解释|人|同志)|按照?各自(?:职责|职能)分工$)")
_ITEM_LEAD_MARK = re.compile(r"[（(]牵头[）)]$")
_ITEM_ROLE_VERB = re.compile(r"(?:牵头|配合|协办|参与|负责)$")
_NOTE_RE = re.compile(r"排在|排名|第一位|为牵头|下同|同上|按职责|分工负责|[:：]|\d+\s*[年月日]|时限|完成时间")
_INNER_BRACKET_RE = re.compile(r"[（(【\[][^（()）【】\[\]:：]{1,12}[）)】\]](?=[\u4e00-\u9fff、，,；;\s）)】\]]|$)")
_TRAILING_NOTE_RE = re.compile(r"[（(][^（()）]*(?:\d|前|完成|负责|配合)[^（()）]*[）)]$")
_SECOND_NAME_RE = re.compile(r"^(?P<name>[^（()）]{2,30}?)[（(](?P<alias>[^（()）]{2,14})[）)]$")
_DETERMINER_RE = re.compile(r"(?:各有关|各相关|各类|各级|各|相关|有关|其他)$")
_LIST_STOP_RE = re.compile(r"[）)】\]。\n；;，,\s（(【\[]")
_NON_SPACE_RE = re.compile(r"[^\s\u3000]+")
# "排在第一位的为牵头单位", "列第一位者为牵头单位", "排在第一位的部门为牵头部门".
_FIRST_LEADS_RE = re.compile(r"(?:排(?:在|名|列)?|列)?第一(?:位|个|家)?(?:的|者)?(?:单位|部门)?为牵头(?:单位|部门)")
_LEAD_LABEL_NEAR = re.compile(r"牵头(?:单位|部门)")
_LEAD_LABEL_WORD = re.compile(r"牵头|主责")
_SENTENCE_RE = re.compile(r"[^。！？!?\n]+")
_CLAUSE_RE = re.compile(r"[^，,；;：:]+")
_PROSE_HUITONG_RE = re.compile(
    r"(?:^|[，,；;。：:\s])(?:由|请|经)?(?P<lead>[^，,；;。：:！？\s]{2,60}?)(?:要|应|应当|将|须|需要)?会同(?P<share>[^，,；;。！？]{2,120}?)"
    r"(?:等部门|等单位)?(?=共同|按职责|负责|制定|制订|编制|拟定|起草|建立|推进|组织|开展|研究|做好|实施|落实|出台|完善|加强|统筹|"
    r"指导|监督|协调|督促|审核|及时|抓紧|尽快|认真|切实|进一步|[，,（(]|$)")


# How an issuing body names itself in its own plan; the builder writes the issuer's name instead.
SELF_REFERENCES = frozenset("我委 我局 我厅 我办 我部 我院 我署 本部门 本单位 本局 本委 本厅 本办".split())


@dataclass
class Assignment:
    """One department named for a task: its role and where the name is in the text."""

    role: str  # "lead" | "responsible"
    name: str
    start: int
    end: int
    group: bool = False  # a generic collective (相关部门) rather than a body
    alias: str = ""  # "省市场监管局（省知识产权局）": the second name of the same body


def first_listed_leads(text: str) -> bool:
    """Whether a plan says the first unit of each 责任单位 list leads ("排在第一位的为牵头单位").

    >>> first_listed_leads("（责任单位：市科技局、市财政局，排在第一位的为牵头单位，下同）")
    True
    >>> first_listed_leads("（工业和信息化部、发展改革委等负责。列第一位者为牵头单位，下同）")
    True
    """
    return "为牵头" in text and bool(_FIRST_LEADS_RE.search(text))


def find_assignments(text: str, spans: list[tuple[int, int]], known: frozenset[str], *,
                     first_leads: bool = False, government: frozenset[str] = frozenset()) -> list[Assignment]:
    """Responsibility assignments in a task's text (``spans`` index into ``text``).

    ``known``: the gazetteer's names; ``government``: those of them that are government bodies
    (in prose only government bodies lead). ``first_leads``: the plan declared that the first
    unit of a 责任单位 list is the lead.
    """
    if not spans:
        return []
    start, end = spans[0][0], spans[-1][1]
    region = text[start:end]
    out: list[Assignment] = []
    used: list[tuple[int, int]] = []
    for match in _LABEL_RE.finditer(region):
        if any(a <= match.start() < b for a, b in used):
            continue
        label = match.group("label") or match.group("blabel")
        if label.startswith("承办") and "主办" in region[max(0, match.start() - 40):match.start()]:
            continue  # "主办单位：X  承办单位：Y": a web page's footer, not a task's units
        role = LEAD if _LEAD_LABEL_WORD.match(label) else RESPONSIBLE
        list_end = _list_end(region, match.end())
        items = _items(region, match.end(), list_end, role, start, known, department=True)
        if first_leads and role == RESPONSIBLE and not _LEAD_LABEL_NEAR.search(region, max(0, match.start() - 40), match.start()):
            _first_leads(items)
        out.extend(items)
        used.append((match.start(), list_end))
    for match in _BRACKET_RE.finditer(region):
        body = match.group("body")
        if any(a <= match.start() < b or a < match.end() <= b for a, b in used) or _LABEL_RE.search(body):
            continue
        if _ROLE_WORD_RE.search(body):
            found = _prose(region, match.start("body"), match.end("body"), start, known, government, strict=False)
            if found:
                if first_leads:
                    _first_leads(found)
                out.extend(found)
                used.append((match.start(), match.end()))
    for sentence in _SENTENCE_RE.finditer(region):
        if not _ROLE_WORD_RE.search(sentence.group()) or any(a < sentence.end() and sentence.start() < b for a, b in used):
            continue
        found = _prose(region, sentence.start(), sentence.end(), start, known, government, strict=True)
        if first_leads:
            _first_leads(found)
        out.extend(found)
    return out


def _first_leads(items: list[Assignment]) -> None:
    """The plan said the first unit listed leads: make it so where nobody else leads."""
    first = next((i for i in items if not i.group), None)
    if first is not None and not any(i.role == LEAD for i in items):
        first.role = LEAD


def _list_end(region: str, pos: int) -> int:
    """Where a labelled list ends: the next label or field, a closing bracket, a sentence end, or
    a line break that does not follow a separator (lists broken after 、 continue on the next
    line). Only the characters that can end a list are looked at."""
    at = pos
    while True:
        stop = _LIST_STOP_RE.search(region, at)
        if stop is None:
            return len(region)
        i, ch = stop.start(), stop.group()[0]
        if ch in _CLOSE or ch == "。":
            return i
        if ch == "\n":
            before = region[pos:i].rstrip(" \t\u3000")
            if before and before[-1] not in "、，,；;：:":
                return i
        if (ch in "；;，," or ch.isspace()) and _FIELD_RE.match(region, _skip_space(region, i + 1)):
            return i  # "牵头单位：A  配合单位：B  完成时限：…": the next field ends the list
        if ch == "【" and _LABEL_RE.match(region, i):
            return i  # "【牵头单位】A【责任单位】B"
        if ch in _OPEN:
            # "A（牵头）" or "各县（市、区）人民政府" inside a list: the bracket belongs to the item.
            inner = _INNER_BRACKET_RE.match(region, i)
            if inner:
                at = inner.end()
                continue
        at = i + 1


def _skip_space(text: str, i: int) -> int:
    while i < len(text) and text[i] in " \t\n\u3000":
        i += 1
    return i


def _items(region: str, a: int, b: int, role: str, offset: int, known: frozenset[str],
           government: frozenset[str] = frozenset(), *, department: bool, strict: bool = False) -> list[Assignment]:
    out = []
    # Table cells and some plans separate units with spaces ("区经济信息委 区招商投资局").
    pieces = _join_collectives(share_suffix([(n, s, e) for chunk in _NON_SPACE_RE.finditer(region, a, b)
                                             for n, s, e in split_names(chunk.group(), chunk.start(), known)]))
    for name, s, e in pieces:
        item_role = role
        mark = _ITEM_LEAD_MARK.search(name) or _ITEM_ROLE_VERB.search(name)
        if mark:
            # "区科技局（牵头）", "区科技局牵头，区财政局配合" inside a labelled list
            item_role = LEAD if "牵头" in mark.group() else (RESPONSIBLE if mark.group().strip("（）()") != "负责" else role)
            name, e = name[: mark.start()].rstrip(), e - len(name) + mark.start()
        else:
            note = _TRAILING_NOTE_RE.search(name)
            if note and note.start() >= 2:  # "区科技局（2024年底前完成）": the bracket is a note
                name, e = name[: note.start()], e - len(name) + note.start()
        core, cut = strip_lead_words(name, known) if strict else (name, 0)
        core = core.rstrip("等")
        alias = ""
        second = _SECOND_NAME_RE.match(core)
        if second and classify_name(second.group("alias"), department=True) is not None:
            core, alias = second.group("name"), second.group("alias")
        if len(core) < 2 or _NOTE_RE.search(core):  # "排在第一位的为牵头单位", "下同", dates: not units
            continue
        base, s = s, s + cut
        named = _NAME_THEN_GROUP_RE.match(core)
        if (named and not is_collective(named.group("name"))
                and (named.group("name") in known or classify_name(named.group("name"), department=True) is ActorKind.GOVERNMENT)):
            # "省住房城乡建设厅等有关部门": a body, then the group it stands for.
            out.append(Assignment(item_role, named.group("name"), offset + s, offset + s + named.end("name")))
            core, s = core[named.start("group") + 1:], s + named.start("group") + 1  # the group, without 等
        # "…机制牵头部门", "有关成员单位": departments or units as a category, not a body.
        if is_collective(core) or core.endswith(("部门", "单位")) or core.startswith(("各", "相关", "有关", "其他", "等")):
            determiner = _DETERMINER_RE.search(name, 0, cut) if cut else None
            if determiner:  # keep the 各 of 各设区市人民政府
                core, s = determiner.group() + core, base + determiner.start()
            out.append(Assignment(item_role, core, offset + s, offset + s + len(core), group=True))
            continue
        if strict and "由" in core[1:]:
            at = core.rindex("由") + 1  # "本方案由市工业和信息化局": the body follows 由
            core, s = core[at:], s + at
        if strict and core not in SELF_REFERENCES and not (
                _is_department(core, known, government) if item_role == LEAD else
                core in known or _is_department(core, known, government)
                or (classify_name(core, department=True, weak=False) is not None and bounded_name(core, known)[2] is None)):
            continue  # in prose only government bodies lead ("龙头企业牵头组建" is not an assignment)
        if len(core) > 30:
            continue
        out.append(Assignment(item_role, core, offset + s, offset + s + len(core), alias=alias))
    return out


_NAME_THEN_GROUP_RE = re.compile(r"^(?P<name>[^等]{3,30}?)(?P<group>等(?:各|有关|相关|其他)?[\u4e00-\u9fff、]{1,10})$")
# "济南、青岛、烟台市政府", "黄埔区、天河区人民政府": the last unit's suffix is shared.
_SHARED_TAIL_RE = re.compile(r"^(?P<place>[\u4e00-\u9fff]{2,8}?)(?P<tail>[省市区县州]?(?:人民政府|政府|管委会|党委|委员会))$")
_PLACE_RE = re.compile(r"^[\u4e00-\u9fff]{2,6}$")


# What follows 各 in a collective written with 、: 各市、州、县人民政府, 各区、县级市, 各省、自治区、直辖市.
_COLLECTIVE_PART_RE = re.compile(r"^(?:[省市州县区旗盟镇乡]|自治区|自治州|自治县|直辖市|计划单列市|县级市|县（市、区）|县\(市、区\))"
                                 r"(?:级市)?(?:人民政府|政府|党委|党委和政府)?(?:有关部门)?$")


def _join_collectives(pieces: list[tuple[str, int, int]]) -> list[tuple[str, int, int]]:
    """A collective opened by 各 is never split on 、: its parts join it again.

    >>> [n for n, _, _ in _join_collectives([("各市", 0, 2), ("州", 3, 4), ("县人民政府", 5, 10), ("省科技厅", 11, 15)])]
    ['各市、州、县人民政府', '省科技厅']
    """
    out: list[tuple[str, int, int]] = []
    for name, s, e in pieces:
        if out and out[-1][0].startswith("各") and _COLLECTIVE_PART_RE.match(name):
            previous, ps, _pe = out.pop()
            out.append((previous + "、" + name, ps, e))
        else:
            out.append((name, s, e))
    return out


def share_suffix(pieces: list[tuple[str, int, int]]) -> list[tuple[str, int, int]]:
    """Write out the government suffix a list shares: bare place names before the last unit
    get its suffix (spans stay those of the written words).

    >>> [n for n, _, _ in share_suffix([("济南", 0, 2), ("青岛", 3, 5), ("烟台市政府", 6, 11)])]
    ['济南市政府', '青岛市政府', '烟台市政府']
    >>> [n for n, _, _ in share_suffix([("黄埔区", 0, 3), ("天河区人民政府", 4, 11)])]
    ['黄埔区人民政府', '天河区人民政府']
    """
    out = []
    for index, (name, s, e) in enumerate(pieces):
        if _bare_place(name):
            # The suffix of the first unit after this run of bare places, if it is a government's.
            owner = next((p for p, _, _ in pieces[index + 1:] if not _bare_place(p)), "")
            shared = _SHARED_TAIL_RE.match(owner) if not is_collective(owner) else None
            if shared:  # (各省级人民政府 after "A等和" is a group of its own, sharing nothing)
                tail = shared.group("tail")
                name = name + (tail[1:] if tail[0] in "省市区县州" and name.endswith(tail[0]) else tail)
        out.append((name, s, e))
    return out


def _bare_place(name: str) -> bool:
    return (bool(_PLACE_RE.match(name)) and not name.endswith("等") and classify_name(name, department=True) is None
            and not is_collective(name))


def _is_department(name: str, known: frozenset[str], government: frozenset[str]) -> bool:
    if name in known:
        return name in government
    return classify_name(name) is ActorKind.GOVERNMENT


def _prose(region: str, a: int, b: int, offset: int, known: frozenset[str], government: frozenset[str], *,
           strict: bool) -> list[Assignment]:
    """``由A牵头，B、C配合`` / ``A牵头，会同B负责`` / ``（A负责）`` inside region[a:b]."""
    part = region[a:b]
    lead = _PROSE_LEAD_RE.search(part)
    found: list[Assignment] = []
    tail_from = 0
    if lead:
        found += _items(region, a + lead.start("list"), a + lead.end("list"), LEAD, offset, known,
                        government, department=True, strict=strict)
        tail_from = lead.end()
        if not found:
            return []
    else:
        # "省科技厅会同省财政厅制定……": the first leads, those it works with share the task.
        together = _PROSE_HUITONG_RE.search(part)
        if together:
            # Read as a body of any kind (中国农业发展银行会同……), then given the lead: 会同 says who leads.
            leads = _items(region, a + together.start("lead"), a + together.end("lead"), RESPONSIBLE, offset, known,
                           government, department=True, strict=True)
            for item in leads:
                item.role = LEAD
            if leads and all(not i.group for i in leads):
                shares = _items(region, a + together.start("share"), a + together.end("share"), RESPONSIBLE, offset,
                                known, government, department=True, strict=True)
                return leads + shares
    clauses = list(_CLAUSE_RE.finditer(part[tail_from:]))
    pending: tuple[int, int] | None = None  # a clause of names without a verb: "（A、B，各省级人民政府按职责分工负责）"
    for clause in clauses:
        c_start = tail_from + clause.start()
        text = clause.group().lstrip()
        c_start += len(clause.group()) - len(text)
        share = _PROSE_SHARE_RE.match(text)
        if not share:
            pending = (a + c_start, a + c_start + len(text)) if not _ROLE_WORD_RE.search(text) else None
            continue
        # 配合/协办/参与/负责 share a task; only 牵头 (or the plan's "first listed leads") leads: a bare
        # 负责 is responsible even when helpers are named (the annotation conventions).
        items = _items(region, a + c_start + share.start("list"), a + c_start + share.end("list"), RESPONSIBLE, offset,
                       known, government, department=True, strict=strict)
        if pending and items and all(i.group for i in items):
            # The verb after a generic tail is the named units' before it too.
            items = _items(region, *pending, RESPONSIBLE, offset, known, government, department=True, strict=strict) + items
        pending = None
        if items and (lead or not strict or all(not i.group for i in items)):
            found += items
    return found
