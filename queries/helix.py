"""Helix balance: how the plan's 政金产学研用 roles are spread over industries and tied together.

Three views:

- a matrix of industry bases × helix roles with actor counts;
- the cross-sector tie ratio: the share of ties on the actor network whose two actors have
  different helix roles;
- Leydesdorff's mutual-information synergy ``T`` and its generalisation to all six roles.

How the synergy is computed
---------------------------
Leydesdorff (2003, "The mutual information of university-industry-government relations",
*Scientometrics* 58(2), 445-467) measures Triple-Helix synergy on co-authored papers: each paper
is a unit and records, for each of government (G), university (U) and industry (I), whether an
author from that sector took part. Here the unit is a **relation** between two actors of the
plan: an explicit partnership, or two actors named in the same task (one relation per shared
task, so a tie of weight 3 on the actor network is three units). Each unit records a
presence/absence bit per role: 1 when one of its two actors has that role. Units where none of
the roles considered appears (e.g. a platform with an association) are left out, as papers with
no address in the three sectors are. The joint distribution of the bits is the frequency of each
bit vector over the units, and each marginal is the frequency of its sub-vector. With Shannon
entropies in bits,

    T_GUI = H_G + H_U + H_I - H_GU - H_GI - H_UI + H_GUI

and, for ``n`` roles (Leydesdorff & Ivanova 2014, "Mutual redundancies in interhuman
communication systems", *JASIST* 65(2), 386-397), the co-information with alternating signs

    T = sum over non-empty role sets S of (-1)^(|S|+1) H_S

which reduces to the formula above for three roles (and to mutual information for two).
**Negative T means synergy**: the roles together reduce uncertainty more than the pairwise
relations explain. Positive T means the roles overlap (redundant, no system). A role that is
absent (or present in every unit) carries no information and makes any co-information including
it exactly 0: read ``units`` and the role counts with T_GUI. The generalisation ``t_all`` is
therefore taken over the roles of 政金产学研用 that vary across the units (``t_all_roles``
names them), so that one missing role (finance, say) does not zero it. Per industry base, the units are the relations between actors of that
base; with fewer than two units T is not reported.

Why relations and not tasks: the plan's departments take part in every task, so per task the
government bit would be constant and T always 0; between two actors the roles do vary.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from itertools import combinations
from math import log2

import networkx as nx

from innograph.core.i18n import DEFAULT_LANG, text
from innograph.graph.schema import ROLE_CHAR, ROLE_ORDER, HelixRole

from .network import NETWORK_READS, Result, actor_network

__all__ = ["HelixRow", "HelixResult", "helix", "co_information", "role_counts_by_industry", "synergy_reading",
           "GUI_ROLES"]

GUI_ROLES = (HelixRole.GOVERNMENT.value, HelixRole.UNIVERSITY.value, HelixRole.INDUSTRY.value)
ALL = "全部"

# What these analyses read from a store: the actor network (see network.py).
READS = NETWORK_READS


class HelixRow(Result):
    name: str
    kind: str
    government: int
    finance: int
    industry: int
    university: int
    research: int
    application: int
    intermediary: int
    actors: int
    ties: int
    cross_sector_ratio: float | None
    units: int
    t_gui: float | None
    t_all: float | None
    t_all_roles: str
    reading: str


class HelixResult(Result):
    rows: list[HelixRow]
    t_gui: float
    t_all: float  # over ``t_all_roles``; 0.0 when fewer than two roles vary (as T over constants is)
    t_all_roles: str
    cross_sector_ratio: float | None
    units: int
    reading: str


def _entropy(counts: Iterable[int]) -> float:
    counts = [c for c in counts if c]
    total = sum(counts)
    return -sum(c / total * log2(c / total) for c in counts) if total else 0.0


def co_information(patterns: Sequence[Sequence[int | bool]]) -> float:
    """``T = sum over non-empty variable sets S of (-1)^(|S|+1) H_S`` in bits, over observations.

    Each pattern is one unit (a task); position ``i`` is variable ``i`` (a role present or not).

    Examples
    --------
    XOR (the third role present exactly when one of the others is): every variable carries a
    bit, every pair two bits, the triple two bits, so T = 3 - 6 + 2 = -1 (synergy).

    >>> co_information([(0, 0, 0), (0, 1, 1), (1, 0, 1), (1, 1, 0)])
    -1.0

    Three copies of one coin: T = 3 - 3 + 1 = 1 (redundancy).

    >>> co_information([(0, 0, 0), (1, 1, 1)])
    1.0
    """
    if not patterns:
        return 0.0
    n = len(patterns[0])
    total = 0.0
    for size in range(1, n + 1):
        sign = 1.0 if size % 2 else -1.0
        for subset in combinations(range(n), size):
            total += sign * _entropy(Counter(tuple(p[i] for i in subset) for p in patterns).values())
    return round(total, 12) + 0.0


def synergy_reading(t: float, lang: str = DEFAULT_LANG) -> str:
    """One line reading the sign of T.

    >>> synergy_reading(-0.2)
    'T < 0：存在协同，各方合起来降低了不确定性（形成体系）'
    """
    if abs(t) < 1e-12:
        return text(lang, "synergy_zero")
    return text(lang, "synergy_negative" if t < 0 else "synergy_positive")


def role_counts_by_industry(H: nx.Graph) -> dict[str, Counter[str]]:
    """Industry base -> helix role -> number of actors of the actor network in that base."""
    out: dict[str, Counter[str]] = {}
    for _, attrs in H.nodes(data=True):
        for ind in attrs.get("industries", ()):
            out.setdefault(ind, Counter())[attrs["role"]] += 1
    return dict(sorted(out.items()))


def _relation_patterns(H: nx.Graph, roles: Sequence[str], members: set[str] | None) -> list[tuple[int, ...]]:
    """One presence/absence vector per relation (a tie of weight w is w relations) among
    ``members`` (all actors when ``None``), leaving out relations with none of ``roles``."""
    patterns = []
    ties = H.subgraph(members).edges(data="weight", default=1) if members is not None else H.edges(data="weight", default=1)
    for u, v, w in ties:
        present = {H.nodes[u]["role"], H.nodes[v]["role"]}
        bits = tuple(int(r in present) for r in roles)
        if any(bits):
            patterns.extend([bits] * int(w))
    return patterns


def _varying(patterns: list[tuple[int, ...]], roles: Sequence[HelixRole]) -> tuple[float | None, str]:
    """Co-information over the roles whose bit varies across the units, and those roles."""
    keep = [i for i in range(len(roles)) if len({p[i] for p in patterns}) > 1]
    if len(keep) < 2:
        return None, "".join(ROLE_CHAR[roles[i]] for i in keep)
    return co_information([tuple(p[i] for i in keep) for p in patterns]), "".join(ROLE_CHAR[roles[i]] for i in keep)


def _row(H: nx.Graph, name: str, kind: str, members: set[str], counts: Counter[str], whole: bool,
         lang: str) -> HelixRow:
    sub = H.subgraph(members)
    ties = sub.number_of_edges()
    cross = sum(1 for u, v in sub.edges() if H.nodes[u]["role"] != H.nodes[v]["role"])
    scope = None if whole else members
    gui = _relation_patterns(H, GUI_ROLES, scope)
    enough = len(gui) >= 2
    t_gui = co_information(gui) if enough else None
    t_all, t_roles = _varying(_relation_patterns(H, [r.value for r in ROLE_ORDER], scope), ROLE_ORDER)
    return HelixRow(
        name=name, kind=kind, **{r.value: counts.get(r.value, 0) for r in ROLE_ORDER},
        intermediary=counts.get(HelixRole.INTERMEDIARY.value, 0), actors=len(members), ties=ties,
        cross_sector_ratio=cross / ties if ties else None, units=len(gui), t_gui=t_gui,
        t_all=t_all if enough else None, t_all_roles=t_roles if enough else "",
        reading=_reading(t_gui, counts, lang))


def _reading(t: float | None, counts: Counter[str], lang: str) -> str:
    """The sign of T, unless T is 0 because a role of 政产学 is absent: then say which is missing
    (T = 0 there does not mean the roles are independent, it means one is not there)."""
    absent = [ROLE_CHAR[r] for r in (HelixRole.UNIVERSITY, HelixRole.RESEARCH, HelixRole.GOVERNMENT, HelixRole.INDUSTRY)
              if not counts.get(r.value)]
    if (t is None or abs(t) < 1e-12) and absent:
        return text(lang, "synergy_absent", roles="、".join(absent))
    return synergy_reading(t, lang) if t is not None else ""


def helix(G: nx.Graph, *, industry: str | None = None, lang: str = DEFAULT_LANG) -> HelixResult:
    """Industries × roles, cross-sector tie ratio and Leydesdorff's synergy T (see module text).

    Returns one row per industry base plus a row ``全部`` (kind ``all``) for the whole plan.

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> for n, k in [("政", "government"), ("企", "enterprise"), ("学", "university")]:
    ...     G.add_node(n, label="Actor", kind=k, name=n)
    >>> for t, members in [("t1", "政企"), ("t2", "政学"), ("t3", "企学"), ("t4", "")]:
    ...     G.add_node(t, label="Task", name=t)
    ...     for m in members:
    ...         _ = G.add_edge(m, t, key="PARTICIPATES_IN", type="PARTICIPATES_IN")
    >>> result = helix(G)
    >>> result.units, round(result.t_gui, 4), result.cross_sector_ratio
    (3, -0.415, 1.0)
    """
    H = actor_network(G)
    counts = role_counts_by_industry(H)
    rows = []
    for ind, c in counts.items():
        if industry and ind != industry:
            continue
        members = {v for v, inds in H.nodes(data="industries") if ind in inds}
        rows.append(_row(H, ind, "industry", members, c, False, lang))
    overall = _row(H, ALL, "all", set(H), Counter(r for _, r in H.nodes(data="role")), True, lang)
    rows.append(overall)
    return HelixResult(rows=rows, t_gui=overall.t_gui or 0.0, t_all=overall.t_all or 0.0, t_all_roles=overall.t_all_roles,
                       cross_sector_ratio=overall.cross_sector_ratio, units=overall.units,
                       reading=synergy_reading(overall.t_gui or 0.0, lang))
