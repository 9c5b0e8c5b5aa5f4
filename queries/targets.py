"""Targets: the plan's quantitative targets per task next to the achievements reported so far.

Targets hang off tasks (or the plan) by ``HAS_TARGET``. Achievements come from an analyst's
progress table and carry the task (or target) and metric as the table wrote them — loaders never
see the store, so they cannot point at a target — and are matched here:

- the metric must fit: equal or contained after normalisation, or a character-bigram Dice
  similarity of at least 0.6 (``产学研合作项目`` fits ``产学研用合作项目``); units, when both
  sides give one, must agree;
- with a task text, the target whose task title and target phrase share the most character
  bigrams with it wins (``组建医药健康协同创新团队`` goes to the 医药健康 base's team target, not
  the automotive one); at least two shared bigrams are needed and a tie matches nothing;
- without a task text, the target whose metric fits best wins, again only when unique.

When several achievements match one target the latest (by ISO date) counts: progress tables
report cumulative values. Achievements that match nothing are listed, never guessed.
"""

from __future__ import annotations

import re

import networkx as nx

from innograph.core.i18n import DEFAULT_LANG, text
from innograph.graph.model import normalize_name
from innograph.graph.schema import Label, RelationType

from .network import Reads, Result

__all__ = ["TargetRow", "UnmatchedAchievement", "TargetsResult", "targets", "target_gap", "similarity"]

# Targets hang off tasks (and the plan); achievements name the task they report on.
READS = Reads(frozenset({Label.TASK, Label.PLAN, Label.TARGET, Label.ACHIEVEMENT}), frozenset({RelationType.HAS_TARGET}))

_NUMBERING = re.compile(r"^\s*(?:[（(][一二三四五六七八九十\d]+[)）]|[一二三四五六七八九十]+、|\d+[.、．])\s*")


class TargetRow(Result):
    id: str
    name: str
    kind: str
    task_id: str
    metric: str
    comparator: str
    target: float
    unit: str
    achieved: float | None
    date: str | None
    gap: float | None
    progress: float | None
    status: str
    text: str


class UnmatchedAchievement(Result):
    id: str
    task: str
    metric: str
    value: float | None
    date: str
    status: str


class TargetsResult(Result):
    rows: list[TargetRow]
    unmatched: list[UnmatchedAchievement]


def _norm(title: str) -> str:
    return _NUMBERING.sub("", normalize_name(title or ""))


def _bigrams(value: str) -> set[str]:
    text_ = _norm(value)
    return {text_[i:i + 2] for i in range(len(text_) - 1)} or ({text_} if text_ else set())


def similarity(a: str, b: str) -> float:
    """Dice similarity of character bigrams (1.0 when one contains the other).

    >>> round(similarity("产学研合作项目", "产学研用合作项目"), 4), similarity("团队", "协同创新团队")
    (0.7692, 1.0)
    """
    x, y = _norm(a), _norm(b)
    if not x or not y:
        return 0.0
    if x in y or y in x:
        return 1.0
    bx, by = _bigrams(x), _bigrams(y)
    return 2 * len(bx & by) / (len(bx) + len(by))


def _unique_best(scored: list[tuple[float, str]], minimum: float) -> str | None:
    scored = sorted(scored, reverse=True)
    if not scored or scored[0][0] < minimum or (len(scored) > 1 and scored[1][0] == scored[0][0]):
        return None
    return scored[0][1]


def _match(G: nx.Graph, owners: list[tuple[str, str]], achievement: dict) -> str | None:
    fits = [(owner, tg) for owner, tg in owners if _metric_fits(G.nodes[tg], achievement)]
    task = achievement.get("task") or ""
    if not task:
        return _unique_best([(similarity(G.nodes[tg].get("metric", ""), achievement.get("metric", "")), tg)
                             for _, tg in fits], 0.6)
    words = _bigrams(task)
    scored = []
    for owner, tg in fits:
        if _norm(task) and (_norm(task) in _norm(G.nodes[owner].get("name", "")) or
                            _norm(G.nodes[owner].get("name", "")) in _norm(task)):
            scored.append((float("inf"), tg))
            continue
        context = _bigrams(G.nodes[owner].get("name", "")) | _bigrams(G.nodes[tg].get("text", ""))
        scored.append((float(len(words & context)), tg))
    return _unique_best(scored, 2.0)


def target_gap(target: float, comparator: str, achieved: float) -> tuple[float, bool]:
    """Remaining gap and whether the target is met.

    >>> target_gap(100, ">=", 64), target_gap(5, "<=", 7), target_gap(3, "=", 3)
    ((36, False), (2, False), (0, True))
    """
    if comparator == "<=":
        gap = max(0, achieved - target)
    elif comparator == "=":
        gap = abs(target - achieved)
    else:
        gap = max(0, target - achieved)
    return gap, gap == 0


def targets(G: nx.Graph, *, lang: str = DEFAULT_LANG) -> TargetsResult:
    """Each target of the plan with the latest matching achievement and the remaining gap.

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("task", label="Task", name="1. 建设汽车产业协同创新基地")
    >>> G.add_node("tg", label="Target", name="协同创新团队30个以上", metric="协同创新团队", value=30.0,
    ...            comparator=">=", unit="个", text="组建协同创新团队30个以上")
    >>> _ = G.add_edge("task", "tg", key="HAS_TARGET", type="HAS_TARGET")
    >>> for i, (v, d) in enumerate([(12.0, "2022-06-30"), (18.0, "2022-12-31")]):
    ...     G.add_node(f"a{i}", label="Achievement", name=f"a{i}", value=v, date=d,
    ...                task="建设汽车产业协同创新基地", metric="协同创新团队", unit="个")
    >>> row = targets(G).rows[0]
    >>> row.name, row.target, row.achieved, row.gap, row.status
    ('1. 建设汽车产业协同创新基地', 30.0, 18.0, 12.0, '未完成')
    """
    achievements = sorted((n for n, label in G.nodes(data="label") if label == Label.ACHIEVEMENT.value),
                          key=lambda n: (str(G.nodes[n].get("date") or ""), n))
    owners = [(u, v) for u, v, t in G.edges(data="type") if t == RelationType.HAS_TARGET.value
              and G.nodes[v].get("label") == Label.TARGET.value]
    matched: dict[str, str] = {}  # target id -> latest achievement id
    used: set[str] = set()
    for a in achievements:
        tg = _match(G, owners, G.nodes[a])
        if tg is not None:
            matched[tg] = a  # achievements are in date order: the latest wins
            used.add(a)
    rows = []
    for owner, tg in sorted(owners, key=lambda p: (G.nodes[p[0]].get("order", 0), p[0], p[1])):
        t = G.nodes[tg]
        a = matched.get(tg)
        achieved = float(G.nodes[a]["value"]) if a and G.nodes[a].get("value") is not None else None
        gap, met = target_gap(float(t.get("value", 0)), t.get("comparator", ">="), achieved) if achieved is not None else (None, False)
        value = float(t.get("value", 0))
        rows.append(TargetRow(id=tg, name=G.nodes[owner].get("name", owner), kind="target", task_id=owner,
                              metric=t.get("metric", ""), comparator=t.get("comparator", ">="), target=value,
                              unit=t.get("unit", ""), achieved=achieved, date=G.nodes[a].get("date") if a else None,
                              gap=gap, progress=(achieved / value if achieved is not None and value else None),
                              status=text(lang, "no_data" if achieved is None else ("met" if met else "not_met")),
                              text=t.get("text", t.get("name", ""))))
    unmatched = [UnmatchedAchievement(id=a, task=G.nodes[a].get("task", ""), metric=G.nodes[a].get("metric", ""),
                                      value=G.nodes[a].get("value"), date=str(G.nodes[a].get("date") or ""),
                                      status=text(lang, "unmatched"))
                 for a in achievements if a not in used]
    return TargetsResult(rows=rows, unmatched=unmatched)


def _metric_fits(target: dict, achievement: dict) -> bool:
    if similarity(target.get("metric", ""), achievement.get("metric", "")) < 0.6:
        return False
    unit_t, unit_a = target.get("unit") or "", achievement.get("unit") or ""
    return not (unit_t and unit_a and normalize_name(unit_t) != normalize_name(unit_a))
