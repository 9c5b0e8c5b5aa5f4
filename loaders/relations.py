"""Relations between what a plan names: partnerships, participation and industries.

Pairing rules work one sentence at a time and only on explicit wording:

- ``以A、B等企业为主体，联合C、D等高校院所`` / ``A、B等骨干企业与C、D等高端创新资源合作``: every
  enterprise × every university or institute of the sentence, when a cooperation word (联合, 与,
  合作, 共建, 携手, 对接) stands between the two groups;
- ``支持A与B建设C`` / ``A与B合作``: the two names joined by 与/和/同 before a cooperation verb;
- ``A分别与B、C共建…``: A with each of B and C.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from innograph.graph.schema import ActorKind

from .actors import Clause, Mention
from .names import is_plan_speak

__all__ = ["partner_pairs", "industry_of_title", "PairEvidence"]

E, U, I = ActorKind.ENTERPRISE, ActorKind.UNIVERSITY, ActorKind.INSTITUTE
_COOPERATION_CUE = re.compile(r"联合|合作|共建|携手|对接|与")
_JOIN = re.compile(r"^\s*(?:与|和|同|跟)\s*$")
_DISTRIBUTIVE = re.compile(r"^\s*分别(?:与|和|同)\s*$")
_COOPERATION_VERB = re.compile(r"\s*(?:建设|共建|合作|联合|签订|开展|共同|组建|成立|建立|打造|携手|合建|共创|共享|实施)")
_INDUSTRY_TITLE_RE = re.compile(r"(?:建设|打造|发展|培育|壮大|推动|做强)?(?P<name>[\u4e00-\u9fff]{2,10}?)产业(?:协同创新|创新|发展|集群|基地|园|链|联盟)")
_COUNTED = re.compile(r"^[一二三四五六七八九十几\d]+[大个项类]")
_INDUSTRY_MODIFIERS = re.compile(r"(?:优势特色|特色优势|战略性新兴|主导|新兴|战略性|特色|优势|现代|高端|未来)$")

PairEvidence = tuple[Mention, Mention, int, int]  # two actors and the span that pairs them


def partner_pairs(text: str, clause: Clause) -> list[PairEvidence]:
    """Explicit pairings in one sentence, each with a span covering both names."""
    actors = [m for m in clause.mentions if m.kind is not None and m.how != "nested"]
    pairs: list[PairEvidence] = []
    seen: set[tuple[str, str]] = set()

    def add(a: Mention, b: Mention) -> None:
        key = tuple(sorted((f"{a.kind}:{a.name}", f"{b.kind}:{b.name}")))
        if a.name != b.name and key not in seen:
            seen.add(key)  # type: ignore[arg-type]
            pairs.append((a, b, min(a.start, b.start), max(a.end, b.end)))

    # Runs of firms and runs of universities/institutes, paired two runs at a time when a
    # cooperation word stands between them: "A与X大学合作，B、C等企业与Y研究院合作" pairs A–X
    # and B, C–Y (not X–B); "X大学、Y学院分别与A、B共建" pairs both ways round.
    runs: list[list[Mention]] = []
    for mention in actors:
        side = "firm" if mention.kind is E else ("academia" if mention.kind in (U, I) else None)
        if side is None:
            continue
        if runs and _side(runs[-1][0]) == side:
            runs[-1].append(mention)
        else:
            runs.append([mention])
    index = 0
    while index < len(runs) - 1:
        first, second = runs[index], runs[index + 1]
        if _COOPERATION_CUE.search(text, first[-1].end, second[0].start):
            for a in first:
                for b in second:
                    add(a, b)
            index += 2
        else:
            index += 1
    for index, left in enumerate(actors[:-1]):
        right = actors[index + 1]
        between = text[left.end:right.start]
        if _DISTRIBUTIVE.match(between):
            for one in _list_before(text, actors[: index + 1]):
                for other in _list_after(text, actors[index + 1:]):
                    add(one, other)
        elif _JOIN.match(between):
            # "A、B与C、D共建…": everyone before 与 with everyone after it.
            run = list(_list_after(text, actors[index + 1:]))
            if _COOPERATION_VERB.match(text, run[-1].end, clause.end):
                for one in _list_before(text, actors[: index + 1]):
                    for other in run:
                        add(one, other)
    return pairs


def _side(mention: Mention) -> str:
    return "firm" if mention.kind is E else "academia"


def _list_before(text: str, mentions: list[Mention]) -> list[Mention]:
    """The run of names joined by 、/和 that ends with ``mentions[-1]``."""
    run = [mentions[-1]]
    for prev, cur in zip(reversed(mentions[:-1]), reversed(mentions)):
        if not re.fullmatch(r"\s*[、，,和及与]\s*", text[prev.end:cur.start]):
            break
        run.append(prev)
    return run[::-1]


def _list_after(text: str, mentions: list[Mention]) -> Iterable[Mention]:
    """The run of names joined by 、/和 that starts with ``mentions[0]``."""
    yield mentions[0]
    for prev, cur in zip(mentions, mentions[1:]):
        if re.fullmatch(r"\s*[、，,和及与]\s*", text[prev.end:cur.start]):
            yield cur
        else:
            return


def industry_of_title(title: str, vocabulary_match: str | None) -> str | None:
    """The industry a task is about: a gazetteer keyword in its title, else ``建设X产业…``.

    >>> industry_of_title("建设农业优势特色产业协同创新基地", None)
    '农业'
    >>> industry_of_title("建立政府引领的协同创新机制", None) is None
    True
    """
    if vocabulary_match:
        return vocabulary_match
    match = _INDUSTRY_TITLE_RE.search(title)
    if not match:
        return None
    name = match.group("name")
    for _ in range(2):
        name = _INDUSTRY_MODIFIERS.sub("", name)
    # Not an industry: plan-speak (建设产业创新中心) or a count (三大主导产业).
    if len(name) < 2 or is_plan_speak(name) or _COUNTED.match(name):
        return None
    return name
