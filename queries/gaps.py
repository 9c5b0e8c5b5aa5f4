"""Collaboration gaps: where the plan asks for collaboration the network does not show.

- ``gap_pairs``: cross-sector pairs (``schema.CROSS_SECTOR_KINDS``) in the same industry base or
  task with no explicit partnership, ranked by link prediction (see ``linkpred``), complementary
  pairs first, plus the topic-fitting research partners of bases without 学/研 (``topics``); a
  short list keeps at most 3 rows per actor and an even share per base (``pairing.diversify``);
- ``unlinked_actors``: actors with no partner at all (and those with no tie of any kind);
- ``task_gaps``: tasks with no responsible department, no enterprise or no university/institute;
- ``department_load``: tasks each department leads or shares, and how concentrated leading is;
- ``helix_gaps``: per industry base, which of 政金产学研用 are missing or thin.
"""

from __future__ import annotations

import sys
from collections import defaultdict
from collections.abc import Iterable

import networkx as nx

from innograph.core.i18n import DEFAULT_LANG, text
from innograph.graph.schema import ROLE_CHAR, ROLE_ORDER, ActorKind, Label, RelationType, is_framing_section

from .helix import role_counts_by_industry
from .linkpred import PairEvidence, PairScorer, allowed_partner_kinds
from .network import NETWORK_READS, Reads, Result, actor_network, industry_names, keep_actor, parse_kinds, task_actors
from .pairing import diversify, own_facility_pairs, tie_ranks
from .recommend import PAIR_READS, sort_key, with_topic_partners
from .topics import topic_partners

__all__ = [
    "READS", "GAP_VIEWS", "GapPair", "gap_pairs", "UnlinkedActor", "unlinked_actors", "TaskGap", "task_gaps",
    "DepartmentLoad", "LoadResult", "department_load", "HelixGap", "helix_gaps", "gini", "hhi",
]

_KIND_ORDER = {k.value: i for i, k in enumerate(ActorKind)}
_RESEARCH = {ActorKind.UNIVERSITY.value, ActorKind.INSTITUTE.value}

# What each view of the gaps reads from a store (``what`` of ``innograph gaps``): all of them the
# actor network; task coverage also the plan and the task outline, to name a task's sections.
GAP_VIEWS = ("pairs", "isolated", "tasks", "load", "helix")
READS: dict[str, Reads] = dict.fromkeys(GAP_VIEWS, NETWORK_READS) | {
    "pairs": PAIR_READS, "tasks": NETWORK_READS | Reads(frozenset({Label.PLAN}), frozenset({RelationType.PART_OF}))}
PER_ACTOR = 3  # rows one actor may take in a short list of gaps
_POOL = 50  # a short list of N is chosen from the best N * _POOL pairs


class _Pair(Result):
    rank: int  # equal scores share a rank
    base: str  # the industry base the gap is in ("" when the pair shares only a task)
    id: str
    name: str
    kind: str
    partner_id: str
    partner: str
    partner_kind: str


class GapPair(PairEvidence, _Pair):
    """An unpartnered pair (the pair's fields first in output), with the evidence."""


def gap_pairs(G: nx.Graph, *, kinds: Iterable[str] | None = None, industry: str | None = None,
              top: int | None = 50, lang: str = DEFAULT_LANG, H: nx.Graph | None = None,
              per_actor: int | None = PER_ACTOR, per_base: int | None = None) -> list[GapPair]:
    """Unpartnered cross-sector pairs sharing an industry base or a task, complementary pairs
    first, then best scored; an enterprise of a base without 学/研 is paired with the
    universities and institutes whose topics fit its base.

    ``kinds`` keeps pairs with at least one actor of these kinds; ``industry`` pairs sharing it.
    ``top``: a short list, at most ``per_actor`` rows per actor and, while other bases have
    rows, ``per_base`` per base (default an even share); ``None``: every pair, best first.
    Pass ``H`` (an ``actor_network`` already built from ``G``) to skip rebuilding it.

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> for n, k in [("企", "enterprise"), ("学", "university"), ("局", "government")]:
    ...     G.add_node(n, label="Actor", kind=k, name=n)
    >>> G.add_node("t", label="Task", name="建设基地")
    >>> for n in "企学局":
    ...     _ = G.add_edge(n, "t", key="PARTICIPATES_IN", type="PARTICIPATES_IN")
    >>> [(p.name, p.partner, p.common_neighbours, p.shared_tasks) for p in gap_pairs(G)]
    [('企', '学', 0, ['建设基地'])]

    The department on the task is no common contact: it coordinates, it does not partner.
    """
    H = actor_network(G) if H is None else H
    wanted = parse_kinds(kinds)
    crossing = {k for k, others in allowed_partner_kinds().items() if others}
    # A pair with one actor of a wanted kind is found from that actor, so only those are sources.
    sources = [v for v, k in H.nodes(data="kind") if k in crossing and (not wanted or k in wanted)]
    limit = top * _POOL if top is not None else sys.maxsize
    excluded = own_facility_pairs(G)
    scorer = PairScorer(H, lang=lang, excluded=excluded)
    found = {frozenset((s, t)): (s, t, ev) for s, t, ev in scorer.top_pairs(sources, top=limit, industry=industry,
                                                                            once=not wanted)}
    fits = {b: f for b, f in topic_partners(G, H).items() if not industry or b == industry}
    for s in (v for v in sources if fits and any(b in fits for b in H.nodes[v]["industries"])):
        for t, ev in with_topic_partners(H, s, [], fits, excluded, lang=lang):
            if ev.topic_fit and frozenset((s, t)) not in found and (not wanted or H.nodes[t]["kind"] in wanted
                                                                      or H.nodes[s]["kind"] in wanted):
                found[frozenset((s, t))] = (s, t, ev)
    rows = []
    for s, t, ev in found.values():
        a, b = sorted((s, t), key=lambda v: (_KIND_ORDER.get(H.nodes[v]["kind"], 99), v))
        base = ev.shared_industries[0] if ev.shared_industries else next(
            (ind for ind in H.nodes[s]["industries"] if ind in fits), "") if ev.topic_fit else ""
        rows.append(GapPair(rank=0, base=base, id=a, name=H.nodes[a]["name"], kind=H.nodes[a]["kind"], partner_id=b,
                            partner=H.nodes[b]["name"], partner_kind=H.nodes[b]["kind"], **ev.__dict__))
    rows.sort(key=lambda r: (sort_key(r), r.name, r.partner))
    if top is not None:
        rows = diversify(rows, top, actors=lambda r: (r.id, r.partner_id), base=lambda r: r.base,
                         per_actor=per_actor, per_base=per_base)
    return [r.model_copy(update={"rank": k}) for r, k in zip(rows, tie_ranks([sort_key(r)[:2] for r in rows]))]


class UnlinkedActor(Result):
    id: str
    name: str
    kind: str
    role: str
    industries: list[str]
    contacts: int
    shared_tasks: int
    status: str


def unlinked_actors(G: nx.Graph, *, kinds: Iterable[str] | None = None, industry: str | None = None,
                    lang: str = DEFAULT_LANG) -> list[UnlinkedActor]:
    """Actors with no explicit partner; those with no tie at all come first.

    Government departments are left out unless asked for with ``kinds``: they coordinate through
    the tasks they lead (see ``department_load``) rather than through partnerships.

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> for n, k in [("甲", "enterprise"), ("乙", "university"), ("丙", "enterprise")]:
    ...     G.add_node(n, label="Actor", kind=k, name=n)
    >>> _ = G.add_edge("甲", "乙", key="PARTNERS_WITH", type="PARTNERS_WITH")
    >>> [(r.name, r.status) for r in unlinked_actors(G)]
    [('丙', '无任何协作')]
    """
    H = actor_network(G)
    wanted = parse_kinds(kinds) or frozenset(k.value for k in ActorKind if k is not ActorKind.GOVERNMENT)
    rows = []
    for v, attrs in H.nodes(data=True):
        if not keep_actor(attrs, wanted, industry):
            continue
        if any(d.get("partners") for d in H[v].values()):
            continue
        tasks = {t for d in H[v].values() for t in d.get("tasks", ())}
        rows.append(UnlinkedActor(id=v, name=attrs["name"], kind=attrs.get("kind") or "other", role=attrs["role"],
                                  industries=list(attrs["industries"]), contacts=H.degree(v), shared_tasks=len(tasks),
                                  status=text(lang, "tasks_only" if H.degree(v) else "no_collaboration")))
    rows.sort(key=lambda r: (r.contacts > 0, _KIND_ORDER.get(r.kind, 99), r.name))
    return rows


class TaskGap(Result):
    id: str
    name: str
    kind: str
    path: str
    missing: list[str]
    departments: list[str]
    enterprises: list[str]
    research: list[str]
    groups: list[str]


def _parents(G: nx.Graph) -> dict[str, list[str]]:
    parents: dict[str, list[str]] = defaultdict(list)
    for u, v, data in G.edges(data=True):
        if data.get("type") == RelationType.PART_OF.value:
            parents[u].append(v)
    return parents


def task_gaps(G: nx.Graph, *, industry: str | None = None, lang: str = DEFAULT_LANG) -> list[TaskGap]:
    """Leaf tasks (no sub-task) missing a responsible department, an enterprise or a university
    or institute; items of framing sections such as 指导思想 and 工作目标 are left out. A department leading or responsible for a parent task counts for its parts.
    ``industry`` keeps the tasks IN_INDUSTRY of that base.

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("局", label="Actor", kind="government", name="局")
    >>> G.add_node("企", label="Actor", kind="enterprise", name="企")
    >>> G.add_node("t", label="Task", name="建设基地", path=["三、主要任务", "建设基地"], order=1)
    >>> for n, rel in [("局", "LEADS"), ("企", "PARTICIPATES_IN")]:
    ...     _ = G.add_edge(n, "t", key=rel, type=rel)
    >>> [(t.name, t.missing) for t in task_gaps(G)]
    [('建设基地', ['高校或科研院所'])]
    """
    attached = task_actors(G)
    parents = _parents(G)
    has_child = {p for ps in parents.values() for p in ps}
    # Items of framing sections (指导思想, 工作目标, ...) are not work to be staffed.
    tasks = [n for n, d in G.nodes(data=True) if d.get("label") == Label.TASK.value and n not in has_child
             and not is_framing_section(d.get("path") or [])]
    task_industries = industry_names(G) if industry else {}

    def departments(task: str, seen: frozenset[str] = frozenset()) -> set[str]:
        by_type = attached.get(task, {})
        found = {a for t in (RelationType.LEADS.value, RelationType.RESPONSIBLE_FOR.value)
                 for a in by_type.get(t, ()) if G.nodes[a].get("kind") == ActorKind.GOVERNMENT.value}
        for p in parents.get(task, ()):
            if p not in seen and G.nodes[p].get("label") == Label.TASK.value:
                found |= departments(p, seen | {task})
        return found

    rows = []
    for task in sorted(tasks, key=lambda t: (G.nodes[t].get("order", 0), t)):
        members = set().union(*attached.get(task, {}).values()) if attached.get(task) else set()
        if industry and industry not in task_industries.get(task, ()):
            continue
        names = lambda kinds: sorted(G.nodes[m]["name"] for m in members if G.nodes[m].get("kind") in kinds)  # noqa: E731
        deps = sorted(G.nodes[d]["name"] for d in departments(task))
        ents, research = names({ActorKind.ENTERPRISE.value}), names(_RESEARCH)
        missing = [text(lang, key) for key, ok in (("missing_department", deps), ("missing_enterprise", ents),
                                                    ("missing_research", research)) if not ok]
        if missing:
            attrs = G.nodes[task]
            rows.append(TaskGap(id=task, name=attrs.get("name", task), kind="task",
                                path=" > ".join(attrs.get("path") or []), missing=missing, departments=deps,
                                enterprises=ents, research=research, groups=list(attrs.get("groups") or [])))
    return rows


def gini(values: list[float]) -> float:
    """Gini coefficient (0 = equal, towards 1 = one holds all).

    >>> gini([0, 0, 0, 4]), gini([2, 2])
    (0.75, 0.0)
    """
    n, total = len(values), sum(values)
    if n == 0 or total == 0:
        return 0.0
    ordered = sorted(values)
    # sum_i sum_j |x_i - x_j| = 2 * sum_i (2i - n + 1) x_(i) with 0-based ranks of sorted x
    return sum((2 * i - n + 1) * x for i, x in enumerate(ordered)) / (n * total)


def hhi(values: list[float]) -> float:
    """Herfindahl–Hirschman index of shares (1/n = equal, 1 = one holds all).

    >>> hhi([1, 1, 2])
    0.375
    """
    total = sum(values)
    return sum((v / total) ** 2 for v in values) if total else 0.0


class DepartmentLoad(Result):
    id: str
    name: str
    kind: str
    led: int
    shared: int
    total: int
    lead_share: float
    leadership_gini: float
    leadership_hhi: float


class LoadResult(Result):
    gini: float
    hhi: float
    rows: list[DepartmentLoad]


def department_load(G: nx.Graph, *, top: int | None = None) -> LoadResult:
    """Tasks each government department leads (LEADS) and shares (RESPONSIBLE_FOR), with the
    Gini and HHI of tasks led across the departments named.

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> for n in ["科技局", "财政局"]:
    ...     G.add_node(n, label="Actor", kind="government", name=n)
    >>> for t in ["t1", "t2"]:
    ...     G.add_node(t, label="Task", name=t)
    ...     _ = G.add_edge("科技局", t, key="LEADS", type="LEADS")
    >>> _ = G.add_edge("财政局", "t1", key="RESPONSIBLE_FOR", type="RESPONSIBLE_FOR")
    >>> result = department_load(G)
    >>> [(r.name, r.led, r.shared) for r in result.rows], result.gini, result.hhi
    ([('科技局', 2, 0), ('财政局', 0, 1)], 0.5, 1.0)
    """
    led: dict[str, set[str]] = defaultdict(set)
    shared: dict[str, set[str]] = defaultdict(set)
    for task, by_type in task_actors(G).items():
        for a in by_type.get(RelationType.LEADS.value, ()):
            led[a].add(task)
        for a in by_type.get(RelationType.RESPONSIBLE_FOR.value, ()):
            shared[a].add(task)
    departments = [n for n, attrs in G.nodes(data=True)
                   if attrs.get("label") == Label.ACTOR.value and attrs.get("kind") == ActorKind.GOVERNMENT.value]
    counts = [len(led[d]) for d in departments]
    g, h, total_led = gini(counts), hhi(counts), sum(counts)
    rows = [DepartmentLoad(id=d, name=G.nodes[d]["name"], kind=ActorKind.GOVERNMENT.value, led=len(led[d]),
                           shared=len(shared[d] - led[d]), total=len(led[d] | shared[d]),
                           lead_share=len(led[d]) / total_led if total_led else 0.0, leadership_gini=g, leadership_hhi=h)
            for d in departments]
    rows.sort(key=lambda r: (-r.led, -r.total, r.name))
    return LoadResult(gini=g, hhi=h, rows=rows[:top] if top is not None else rows)


class HelixGap(Result):
    name: str
    kind: str
    counts: dict[str, int]
    missing: list[str]
    thin: list[str]
    status: str


def helix_gaps(G: nx.Graph, *, thin: int = 1, industry: str | None = None, lang: str = DEFAULT_LANG) -> list[HelixGap]:
    """Per industry base, the roles of 政金产学研用 with no actor (missing) or at most ``thin``.

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("i", label="Industry", name="汽车")
    >>> for n, k in [("局", "government"), ("企1", "enterprise"), ("企2", "enterprise")]:
    ...     G.add_node(n, label="Actor", kind=k, name=n)
    ...     _ = G.add_edge(n, "i", key="IN_INDUSTRY", type="IN_INDUSTRY")
    >>> gap = helix_gaps(G)[0]
    >>> gap.name, gap.missing, gap.thin
    ('汽车', ['金', '学', '研', '用'], ['政'])
    """
    rows = []
    for ind, counts in role_counts_by_industry(actor_network(G, include=())).items():
        if industry and ind != industry:
            continue
        by_char = {ROLE_CHAR[r]: counts.get(r.value, 0) for r in ROLE_ORDER}
        missing = [c for c, n in by_char.items() if n == 0]
        thin_roles = [c for c, n in by_char.items() if 0 < n <= thin]
        status = "; ".join(filter(None, [
            f"{text(lang, 'role_missing')}: {''.join(missing)}" if missing else "",
            f"{text(lang, 'role_thin')}: {''.join(thin_roles)}" if thin_roles else ""]))
        rows.append(HelixGap(name=ind, kind="industry", counts=by_char, missing=missing, thin=thin_roles, status=status))
    return rows
