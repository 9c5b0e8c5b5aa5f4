"""Government bodies named in prose, and the units of a leading group's roster.

Departments are found in markers by their suffixes (局, 委, 厅 ...), but those suffixes end
common words too (布局, 格局, 总部), so prose is read with words: a level word (省, 市, 区, 县, a
place with its level) followed by department words up to a department suffix (省科技厅,
市政府, 广州市工业和信息化局, 中共龙岩市委精神文明建设办公室), or an organisation the lexicon
knows (国务院, 党中央, 中央宣传部). A roster line ("张三 省科技厅厅长") names the unit its member heads.
"""

from __future__ import annotations

import re

from innograph.graph.schema import ActorKind

from .lexicon import NOT_PLACE_WORDS, tagged
from .names import COMMON_WORDS_WITH_DEPARTMENT_TAIL, classify_name, is_collective

__all__ = ["government_spans", "roster_unit", "BEFORE_LEVEL_NAME", "GOVERNMENT_HINT_RE"]

GOVERNMENT_HINT_RE = re.compile(r"[省市区县州][\u4e00-\u9fff]{0,12}?(?:委|局|厅|办|政府|部|署|司|院|政协|人大)|中央|国务院|兵团")
_LEVEL_WORD_RE = re.compile(r"^(?:[省市区县州]|自治区|自治州|(?![全我本该各外跨同邻])[\u4e00-\u9fff]{1,6}(?:省|市|区|县|自治区|自治州))$")
# "各省、自治区、直辖市人民政府": a body in a list a collective opens is part of the collective.
_IN_COLLECTIVE_LIST_RE = re.compile(r"各[\u4e00-\u9fff]{1,6}(?:、[\u4e00-\u9fff]{1,6})*、?$")
_DEPARTMENT_TAIL_RE = re.compile(r"(?:委员会|管委会|人民政府|政府|办公厅|办公室|人大常委会|政协|法院|检察院|纪委监委|监委|纪委|委|局|厅|办|部|署|司)$")
_NAME_PART_TAGS = frozenset("n nt nz j vn nr ns l i".split())
_PLACE_TAGS = frozenset("ns nr nrt nz j".split())
# Characters that may stand right before a level-prefixed name (由市科技局, 与区财政局, 、县水利局).
BEFORE_LEVEL_NAME = frozenset("由经对向和与及等在为请会同将把跟从按据报送交称即至于内")
_LEVEL_OPENED_RE = re.compile(r"^[省市区县州](?:委|政府|人民政府|政协|人大|纪委|监委|法院|检察院|中级法院|直机关工委)")
# What may stand right before a name: verbs, prepositions, conjunctions, adverbs, particles ...
_BEFORE_NAME_TAGS = frozenset("v vn vd p c d ad a i l r u uj ul uz ug ud y e m q f zg t".split())
_TWO_BODIES_RE = re.compile(r"^[省市区县州]委[省市区县州](?:人民)?政府$")
_LEVEL_GOVERNMENT_RE = re.compile(r"^[\u4e00-\u9fff]{1,6}(?:省|市|区|县|自治区|州)(?:人民政府|政府|委员会|人大常委会|政协)$")
_OFFICES = frozenset(("办公厅", "办公室"))
_CENTRAL_ORG_RE = re.compile(r"党中央|国务院|兵团|中央")
_GOVERNMENT_ORG_RE = re.compile(r"(?:党中央|国务院|中央[\u4e00-\u9fff]{1,8}(?:部|办|委)|[\u4e00-\u9fff]{2,8}(?:部|总局|总署|兵团))$")


def government_spans(text: str, a: int, b: int) -> list[tuple[int, int]]:
    """Spans of government bodies named in ``text[a:b]`` (a sentence).

    >>> t = "经省委、省政府同意，积极争取省科技厅支持。"
    >>> [t[s:e] for s, e in government_spans(t, 0, len(t))]
    ['省委', '省政府', '省科技厅']
    """
    if not GOVERNMENT_HINT_RE.search(text, a, b):
        return []
    tokens = tagged(text[a:b])
    position = a
    spans = []
    for index, (word, tag) in enumerate(tokens):
        start = position
        position += len(word)
        if tag == "nt" and len(word) >= 3 and _GOVERNMENT_ORG_RE.search(word) and (
                classify_name(word) is ActorKind.GOVERNMENT or _CENTRAL_ORG_RE.search(word)):
            spans.append((start, position))
            continue
        if tag == "nt" and _LEVEL_GOVERNMENT_RE.match(word):
            # "山东省人民政府" as one word, and its office after it ("……办公厅").
            following = tokens[index + 1][0] if index + 1 < len(tokens) else ""
            spans.append((start, position + (len(following) if following in _OFFICES else 0)))
            continue
        if len(word) == 2 and word[0] in BEFORE_LEVEL_NAME and word[1] in "省市区县州":
            start += 1  # "经市/人民政府": the lexicon glued 经 to the level
        elif _TWO_BODIES_RE.match(word):
            spans.extend([(start, start + 2), (start + 2, position)])  # "省委省政府"
            continue
        # A level word (省, 岚州市) or a word a level opens (省委, 市政府, 市政协).
        elif not ((_LEVEL_WORD_RE.match(word) and word not in NOT_PLACE_WORDS)
                  or (word[0] in "省市区县州" and len(word) <= 5 and _LEVEL_OPENED_RE.match(word))):
            continue
        if (index and tokens[index - 1][1] not in _BEFORE_NAME_TAGS and tokens[index - 1][0] not in BEFORE_LEVEL_NAME
                and "\u4e00" <= tokens[index - 1][0][-1] <= "\u9fff"):
            # "东岭/市/科学技术局", "岚/州市/人民政府": a place name the lexicon split from its level
            # opens the name when what stands before it could stand before a name.
            place, place_tag = tokens[index - 1]
            before = tokens[index - 2] if index >= 2 else None
            if place_tag not in _PLACE_TAGS or len(place) > 3 or not (
                    before is None or before[1] in _BEFORE_NAME_TAGS or before[1] == "x" or before[0] == "中共"
                    or _DEPARTMENT_TAIL_RE.search(before[0])):
                continue
            start -= len(place)
            if before is not None and before[0] == "中共":
                start -= 2
        elif index and tokens[index - 1][0] == "中共":
            start -= 2  # "中共龙岩市委……": the Party committee's own name
        if _IN_COLLECTIVE_LIST_RE.search(text, max(a, start - 20), start):
            continue
        end, best = position, None
        if _DEPARTMENT_TAIL_RE.search(word) and classify_name(word, department=True) is ActorKind.GOVERNMENT:
            best = end
        for at in range(index + 1, min(index + 6, len(tokens))):
            following, following_tag = tokens[at]
            if following_tag not in _NAME_PART_TAGS and following not in ("和", "与"):
                break
            if best is not None and following[0] in "省市区县州":
                break  # "省委省政府": two bodies
            if following in COMMON_WORDS_WITH_DEPARTMENT_TAIL:
                break  # "景区布局", "产业格局"
            end += len(following)
            if _DEPARTMENT_TAIL_RE.search(following) and classify_name(text[start:end], department=True) is ActorKind.GOVERNMENT:
                best = end
                after = tokens[at + 1][0] if at + 1 < len(tokens) else ""
                if after in _OFFICES or (after == "监委" and following.endswith("纪委")):
                    best += len(after)  # "安徽省人民政府办公厅": the office; "市纪委监委": one body
                break
        if best is not None:
            spans.append((start, best))
    return [(s, e) for s, e in spans if not is_collective(text[s:e])]


# A roster line of a leading group: "[成员：]张三 省科技厅（副）厅长".
_ROSTER_TITLES = (r"(?:常务)?副?(?:厅长|局长|主任|总经理|董事长|行长|书记|部长|司长|处长|院长|校长|会长|理事长|总裁|"
                  r"秘书长|省长|市长|区长|县长|主席|巡视员|调研员|总工程师|总监|负责人)")
_ROSTER_RE = re.compile(r"[\s\u3000]*(?:(?:组\s*长|副组长|成\s*员|召集人)[:：][\s\u3000]*)?"
                        r"[\u4e00-\u9fff](?:[\s\u3000]?[\u4e00-\u9fff]){1,2}[\s\u3000]+"
                        r"(?P<unit>[\u4e00-\u9fff（）()]{2,30}?)" + _ROSTER_TITLES + r"[\s\u3000]*$")

def roster_unit(text: str, a: int, b: int) -> tuple[str, int] | None:
    """The unit of a leading group's roster line, and where it starts.

    >>> roster_unit("钱　力 东岭移动公司总经理", 0, 13)
    ('东岭移动公司', 4)
    """
    match = _ROSTER_RE.match(text, a, b)
    return (match.group("unit"), match.start("unit")) if match else None
