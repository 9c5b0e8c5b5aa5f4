"""Topic fit: which universities and institutes suit an industry base that has none of its own.

A base without 学 or 研 (the plan names no university or institute in it) gets no research
partner from the network alone: nobody there shares a contact with one. What the plan does say
is what the base is about ("新能源汽车、智能网联汽车、自动驾驶 ...") and, by their names and the
sentences that name them, what universities and institutes work on. Both are read as counts of
the words of a few broad fields (``TOPIC_FIELDS``, vocabulary kept as data); a partner fits a
base as far as their fields overlap (the dot product of the two shares, 0 to 1). A partner's own
name counts ``NAME_WEIGHT`` times a sentence that mentions it: 上海交通大学 is about 交通 whatever
task it was listed in.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import networkx as nx

from innograph.graph.schema import ActorKind, HelixRole, Label

from .network import industry_names

__all__ = ["TOPIC_FIELDS", "TopicFit", "bases_without_research", "topic_partners"]

# Broad fields of an industrial plan, each with words that name it in Chinese plans. Single
# characters are used only where they do not occur in common function words.
TOPIC_FIELDS: dict[str, tuple[str, ...]] = {
    "信息与通信": ("信息", "网络", "网联", "通信", "邮电", "电子", "数据", "软件", "芯片", "计算", "互联网", "物联网",
                   "云", "数字", "密码", "智能"),
    "交通与汽车": ("汽车", "交通", "车辆", "整车", "驾驶", "零部件", "汽配", "机械", "新能源", "动力", "装备", "制造"),
    "医药与健康": ("医", "药", "健康", "生物", "卫生", "器械", "耗材"),
    "农业与食品": ("农", "林", "牧", "畜", "禽", "食品", "渔", "兽", "柑橘", "橄榄"),
    "材料与化工": ("材料", "化工", "化学", "冶金", "钢铁"),
    "能源与环境": ("能源", "电力", "环保", "环境", "节能"),
}
NAME_WEIGHT = 3
MIN_FIT = 0.05  # below this the overlap is a stray word, not a topic
_RESEARCH_KINDS = (ActorKind.UNIVERSITY.value, ActorKind.INSTITUTE.value)


@dataclass(frozen=True)
class TopicFit:
    """One partner's fit to a base: the score and the words on each side that made it."""

    partner: str
    fit: float
    partner_words: tuple[str, ...]
    base_words: tuple[str, ...]


def _hits(text: str) -> dict[str, Counter[str]]:
    """Field -> word -> occurrences in ``text``."""
    return {field: Counter({w: text.count(w) for w in words if w in text}) for field, words in TOPIC_FIELDS.items()}


def _shares(counts: dict[str, float]) -> dict[str, float]:
    total = sum(counts.values())
    return {f: c / total for f, c in counts.items() if c} if total else {}


def _quotes(attrs: dict[str, Any]) -> list[str]:
    return [e.get("quote", "") for e in attrs.get("evidence") or () if isinstance(e, dict)]


def _without(text: str, names: Iterable[str]) -> str:
    for name in sorted(set(names), key=len, reverse=True):
        text = text.replace(name, "、")
    return text


def bases_without_research(H: nx.Graph) -> set[str]:
    """Industry bases of the actor network with actors but no university and no institute.

    >>> H = nx.Graph()
    >>> H.add_node("e", role="industry", industries=["汽车"])
    >>> H.add_node("u", role="university", industries=["医药健康"])
    >>> sorted(bases_without_research(H))
    ['汽车']
    """
    bases: set[str] = set()
    research: set[str] = set()
    for _, attrs in H.nodes(data=True):
        for ind in attrs.get("industries", ()):
            bases.add(ind)
            if attrs.get("role") in (HelixRole.UNIVERSITY.value, HelixRole.RESEARCH.value):
                research.add(ind)
    return bases - research


def _base_texts(G: nx.Graph, H: nx.Graph, bases: Iterable[str]) -> dict[str, str]:
    """What the plan says about each base: its name, and the names of and sentences quoted for
    the tasks and actors placed in it by the plan itself (IN_INDUSTRY). Actors that are in a base
    only through a task they share are left out: the departments on every task would otherwise
    bring every other base's wording along."""
    wanted = set(bases)
    own = industry_names(G)
    texts: dict[str, list[str]] = {b: [b] for b in wanted}
    for n, attrs in G.nodes(data=True):
        if attrs.get("label") not in (Label.TASK.value, Label.ACTOR.value):
            continue
        for b in own.get(n, set()) & wanted:
            texts[b].append(str(attrs.get("name", "")))
            texts[b].extend(_quotes(attrs))
    return {b: "\n".join(dict.fromkeys(parts)) for b, parts in texts.items()}


def topic_partners(G: nx.Graph, H: nx.Graph, *, per_base: int = 10) -> dict[str, list[TopicFit]]:
    """For each base without 学/研, the universities and institutes of other bases whose topics fit
    it, best first (at most ``per_base``; none below ``MIN_FIT``).

    Examples
    --------
    >>> from innograph.queries.network import actor_network
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("i", label="Industry", name="汽车")
    >>> G.add_node("e", label="Actor", kind="enterprise", name="某汽车公司",
    ...            evidence=[{"quote": "发展新能源汽车、智能网联汽车"}])
    >>> _ = G.add_edge("e", "i", key="IN_INDUSTRY", type="IN_INDUSTRY")
    >>> for n in ["X交通大学", "X医科大学", "X邮电大学"]:
    ...     G.add_node(n, label="Actor", kind="university", name=n)
    >>> [(f.partner, f.partner_words) for f in topic_partners(G, actor_network(G))["汽车"]]
    [('X交通大学', ('交通',)), ('X邮电大学', ('邮电',))]
    """
    bases = bases_without_research(H)
    if not bases:
        return {}
    profiles = {b: _hits(text) for b, text in _base_texts(G, H, bases).items()}
    # A sentence listing 上海交通大学、X邮电大学 says nothing about X邮电大学's topic by the word 交通:
    # the names of everyone quoted with a sentence are taken out of it before counting.
    named_in: dict[str, list[str]] = {}
    for n in H:
        for quote in _quotes(G.nodes[n]):
            named_in.setdefault(quote, []).extend([str(H.nodes[n].get("name", n)), *(H.nodes[n].get("aliases") or ())])
    candidates = []
    for n, attrs in H.nodes(data=True):
        if attrs.get("kind") not in _RESEARCH_KINDS:
            continue
        named = _hits(" ".join([str(attrs.get("name", n)), *(attrs.get("aliases") or ())]))
        quoted = _hits("\n".join(_without(q, named_in.get(q, ())) for q in dict.fromkeys(_quotes(G.nodes[n]))))
        weights = {f: NAME_WEIGHT * sum(named[f].values()) + sum(quoted[f].values()) for f in TOPIC_FIELDS}
        candidates.append((n, named, quoted, _shares(weights)))
    out: dict[str, list[TopicFit]] = {}
    for base in sorted(bases):
        hits = profiles[base]
        base_share = _shares({f: sum(c.values()) for f, c in hits.items()})
        fits = []
        for n, named, quoted, share in candidates:
            if base in H.nodes[n]["industries"]:
                continue
            by_field = {f: base_share.get(f, 0.0) * s for f, s in share.items()}
            fit = sum(by_field.values())
            if fit < MIN_FIT:
                continue
            best = max(by_field, key=lambda f: (by_field[f], f))
            own_words = tuple(w for w, _ in (named[best] or quoted[best]).most_common(3))
            base_words = tuple(w for w, _ in hits[best].most_common(3))
            fits.append(TopicFit(partner=n, fit=round(fit, 4), partner_words=own_words, base_words=base_words))
        fits.sort(key=lambda t: (-t.fit, str(H.nodes[t.partner].get("name", t.partner))))
        out[base] = fits[:per_base]
    return out
