"""What makes a proposed pair sensible, apart from its score: which pairs are one body and its
own facility, which kinds complement each other, how much a shared task says, and how a long
ranked list is cut into a short, diverse one with ties shown as ties.

- ``own_facility_pairs``: an actor and its own park, centre or branch is no partnership to
  propose. Three signs, all from the plan: one name starts with the other's name, alias or core
  (恒芯天际 → 恒芯天际生产基地, 360科技 → 360网络安全协同创新产业园), a ``PART_OF`` relation between
  the two, or a sentence of the plan that builds one on the other (依托尚荣医疗打造……医疗健康产业园).
- ``task_weight``: what one shared task says about a pair. Everyone named in a 30-body list
  "shares" that task with 29 others, so a task counts ``1 / (members - 1)``: 1 for a task of two.
- ``complementary``: the pairs the 政金产学研用 frame is about (enterprise with university, institute
  or finance) are proposed before pairs with associations or platforms.
- ``diversify`` and ``tie_ranks``: at most a few rows per actor and per base, equal scores one rank.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from typing import Any, TypeVar

import networkx as nx

from innograph.graph.schema import COMPLEMENTARY_KINDS, Label, RelationType

__all__ = ["own_facility_pairs", "task_weight", "complementary", "diversify", "tie_ranks", "SCORE_DIGITS"]

# Scores equal to this many decimals are a tie: differences beyond it come from rounding noise
# in sums over many contacts, not from evidence a person could point at.
SCORE_DIGITS = 4
# Words that end a firm's name without naming it (360科技 is "360"); stripped to find its core.
_GENERIC_TAILS = ("股份有限公司", "有限责任公司", "有限公司", "集团公司", "公司", "集团", "股份", "控股", "科技")
_CLAUSE_END = re.compile(r"[，。；,;！？!?\n]")
_MIN_CORE = 2

T = TypeVar("T")


def _cores(name: str, aliases: Iterable[str]) -> set[str]:
    """The name, its aliases and the name without a generic tail: what a facility's name may start with."""
    cores = {name, *aliases}
    for tail in _GENERIC_TAILS:
        if name.endswith(tail) and len(name) - len(tail) >= _MIN_CORE:
            cores.add(name[: -len(tail)])
    return {c for c in cores if len(c) >= _MIN_CORE}


def _quotes(attrs: dict[str, Any]) -> list[str]:
    return [e.get("quote", "") for e in attrs.get("evidence") or () if isinstance(e, dict)]


def own_facility_pairs(G: nx.Graph) -> set[frozenset[str]]:
    """Pairs of actor ids that are one body and its own facility or part (see the module text).

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> for n, k in [("恒芯天际", "enterprise"), ("恒芯天际生产基地", "platform"), ("尚荣医疗", "enterprise"),
    ...              ("医疗健康产业园", "platform"), ("西南大学", "university")]:
    ...     G.add_node(n, label="Actor", kind=k, name=n)
    >>> quote = [{"quote": "依托尚荣医疗打造产学研一体化的医疗健康产业园，联合西南大学。"}]
    >>> G.nodes["医疗健康产业园"]["evidence"] = G.nodes["尚荣医疗"]["evidence"] = quote
    >>> sorted(sorted(p) for p in own_facility_pairs(G))
    [['医疗健康产业园', '尚荣医疗'], ['恒芯天际', '恒芯天际生产基地']]
    """
    actors = {n: a for n, a in G.nodes(data=True) if a.get("label") == Label.ACTOR.value}
    by_core: dict[str, set[str]] = defaultdict(set)
    for n, attrs in actors.items():
        for core in _cores(str(attrs.get("name", n)), attrs.get("aliases") or ()):
            by_core[core].add(n)
    pairs: set[frozenset[str]] = set()
    for n, attrs in actors.items():
        name = str(attrs.get("name", n))
        for length in range(_MIN_CORE, len(name)):
            pairs.update(frozenset((n, m)) for m in by_core.get(name[:length], ()) if m != n)
    for u, v, t in G.edges(data="type"):
        if t == RelationType.PART_OF.value and u in actors and v in actors and u != v:
            pairs.add(frozenset((u, v)))
    pairs |= _built_on(actors)
    return pairs


def _built_on(actors: dict[str, dict[str, Any]]) -> set[frozenset[str]]:
    """Pairs from clauses "依托 A …… B": B is built on A. Only actors quoted with the clause count."""
    by_quote: dict[str, set[str]] = defaultdict(set)
    for n, attrs in actors.items():
        for quote in _quotes(attrs):
            if "依托" in quote:
                by_quote[quote].add(n)
    pairs: set[frozenset[str]] = set()
    for quote, members in by_quote.items():
        for start in (m.start() for m in re.finditer("依托", quote)):
            end = _CLAUSE_END.search(quote, start)
            clause = quote[start: end.start() if end else len(quote)]
            named = sorted((pos, n) for n in members
                           for pos in [min((clause.find(c) for c in _cores(str(actors[n].get("name", n)),
                                                                              actors[n].get("aliases") or ())
                                            if c in clause), default=-1)] if pos >= 0)
            if len(named) >= 2 and named[0][0] <= len("依托"):
                owner = named[0][1]
                pairs.update(frozenset((owner, n)) for _, n in named[1:])
    return pairs


def task_weight(members: int) -> float:
    """What one shared task adds to a pair: ``1 / (members - 1)``.

    >>> task_weight(2), round(task_weight(30), 4)
    (1.0, 0.0345)
    """
    return 1.0 / max(1, members - 1)


def complementary(kind_a: str | None, kind_b: str | None) -> bool:
    """Whether two kinds are a pair the 政金产学研用 frame asks for first.

    >>> complementary("enterprise", "university"), complementary("enterprise", "association")
    (True, False)
    """
    return frozenset((kind_a, kind_b)) in COMPLEMENTARY_KINDS


def diversify(rows: Sequence[T], top: int, *, actors: Callable[[T], Sequence[str]], base: Callable[[T], str],
              per_actor: int | None = 3, per_base: int | None = None) -> list[T]:
    """The first ``top`` of ``rows`` (best first) with at most ``per_actor`` rows naming one actor
    and, while other bases still have rows, at most ``per_base`` rows of one base (default: an
    even share of ``top``). Rows of a base are taken again once every other base is used up;
    the per-actor cap always holds. The rows keep their order (best first).

    >>> rows = [("甲", "A", "x"), ("甲", "B", "x"), ("乙", "C", "x"), ("丙", "D", "y")]
    >>> diversify(rows, 3, actors=lambda r: r[:2], base=lambda r: r[2], per_actor=1, per_base=1)
    [('甲', 'A', 'x'), ('乙', 'C', 'x'), ('丙', 'D', 'y')]
    """
    bases = {base(r) for r in rows}
    if per_base is None:
        per_base = max(1, -(-top // max(1, len(bases))))
    chosen: list[int] = []
    used: dict[str, int] = defaultdict(int)
    in_base: dict[str, int] = defaultdict(int)
    for relax in (False, True):
        for i, row in enumerate(rows):
            if len(chosen) >= top:
                return [rows[j] for j in sorted(chosen)]
            if i in chosen or (per_actor is not None and any(used[a] >= per_actor for a in actors(row))):
                continue
            if not relax and in_base[base(row)] >= per_base:
                continue
            chosen.append(i)
            in_base[base(row)] += 1
            for a in actors(row):
                used[a] += 1
    return [rows[j] for j in sorted(chosen)]


def tie_ranks(keys: Sequence[Any]) -> list[int]:
    """Competition ranks (1, 1, 3 ...) of rows already sorted best first by ``keys``.

    >>> tie_ranks([(0, 2.0), (0, 2.0), (1, 1.5)])
    [1, 1, 3]
    """
    ranks: list[int] = []
    for i, key in enumerate(keys):
        ranks.append(ranks[-1] if i and key == keys[i - 1] else i + 1)
    return ranks
