"""The key findings of a graph, each analysis run once: what the report shows and ``analyze`` sums up.

``findings(G)`` runs every analysis the report needs over one projection and keeps the results,
so that a report never computes PageRank or the collaboration gaps twice: the report's tables,
its maps' dashed links, the terminal summary and ``innograph findings`` all read the same
``Findings``. It opens with the plan's identity and the ranked key findings (``keyfindings``).

Brokers here are read on the partnership network: on the whole network the departments, named
on every task, broker everything, and no actor is a cut point; between partners the bridges a
planner can act on show (西南大学 between 医药健康 and 农业).
"""

from __future__ import annotations

from collections import Counter

import networkx as nx

from innograph.core import i18n
from innograph.core.i18n import DEFAULT_LANG
from innograph.graph.schema import ActorKind, Label, RelationType

from .brokers import BrokersResult, base_bridges, brokers
from .centrality import CentralityResult, centrality
from .gaps import GapPair, LoadResult, TaskGap, department_load, gap_pairs, task_gaps
from .helix import HelixResult, helix
from .keyfindings import KeyFinding, is_fund, key_findings, plan_title
from .network import EVERYTHING, Reads, Result, actor_network
from .pairing import diversify
from .recommend import Recommendation, recommend_all
from .targets import TargetsResult, targets

__all__ = ["READS", "GraphCounts", "Recommended", "SourceFile", "PlanIdentity", "Findings", "findings", "graph_counts"]

# The counts cover every node and relation, and partner finding quotes the plan: the whole graph
# with evidence.
READS = Reads(EVERYTHING.labels, EVERYTHING.types, evidence=True)
GAPS_SHOWN = 30  # the short, diverse list of gaps the report and the findings show

_BROKERS_SHOWN = 15  # the report lists the first brokers only; the CLI's `brokers` ranks them all
_RECOMMENDED_PER_ACTOR = 3
# Whose partners the report recommends: the firms and the research side the plan wants paired.
_RECOMMENDED_KINDS = (ActorKind.ENTERPRISE.value, ActorKind.UNIVERSITY.value, ActorKind.INSTITUTE.value)


class GraphCounts(Result):
    """How big the graph is: nodes, relations and sources, actors by kind, tasks and industries."""

    nodes: int
    edges: int
    sources: int
    actors: int
    actors_by_kind: dict[str, int]  # in the vocabulary's order of kinds, kinds with none left out
    tasks: int
    leaf_tasks: int  # tasks no other task is part of: the items coverage is counted over
    industries: int


class SourceFile(Result):
    id: str
    sha256: str
    title: str = ""


class PlanIdentity(Result):
    """Which plan this is: title, issuer and date when the document states them, the files
    read (with their hashes, so a reader can tell two versions apart) and when it was analysed."""

    title: str
    issuer: str | None
    date: str | None
    sources: list[SourceFile]
    analysed_at: str | None


class Recommended(Result):
    """The best partners of one actor."""

    actor_id: str
    actor: str
    partners: list[Recommendation]


class Findings(Result):
    """Every analysis the report shows, computed once from one projection."""

    lang: str
    identity: PlanIdentity
    key_findings: list[KeyFinding]
    finance_note: str  # why 金 is 0 where it is ("" when finance bodies are named)
    counts: GraphCounts
    central: CentralityResult  # PageRank on the actor network, every actor ranked
    brokers: BrokersResult
    gaps: list[GapPair]  # every collaboration gap, best first
    gaps_shown: list[GapPair]  # the first GAPS_SHOWN, at most 3 per actor, spread over the bases
    base_bridges: dict[str, list[tuple[str, str]]]  # actor id -> pairs of bases only it links
    recommended: list[Recommended]  # by actor name
    helix: HelixResult
    task_gaps: list[TaskGap]
    department_load: LoadResult
    targets: TargetsResult | None  # None when the plan sets no targets

    def identity_lines(self) -> list[str]:
        """The plan's identity as lines for a terminal, in the findings' language."""
        t = lambda key: i18n.text(self.lang, key)  # noqa: E731
        who = self.identity
        lines = [f"{t('plan_title')}: {who.title or t('not_stated')}",
                 f"{t('issuer')}: {who.issuer or t('not_stated')}; {t('issued')}: {who.date or t('not_stated')}"]
        lines += [f"{t('sources')}: {s.id}" + (f" (sha256 {s.sha256[:16]}…)" if s.sha256 else "") for s in who.sources]
        if who.analysed_at:
            lines.append(f"{t('analysed')}: {who.analysed_at}")
        return lines

    def top_actors(self, n: int = 5) -> list[str]:
        """Names of the ``n`` most central actors."""
        return [row.name for row in self.central.rows[:n]]


def graph_counts(G: nx.Graph) -> GraphCounts:
    """Nodes, relations, sources, actors by kind, tasks and industries of a projection.

    >>> G = nx.MultiDiGraph()
    >>> G.add_node("a", label="Actor", kind="enterprise", sources=["s1"])
    >>> G.add_node("t", label="Task", sources=["s1", "s2"])
    >>> _ = G.add_edge("a", "t", key="LEADS", type="LEADS")
    >>> c = graph_counts(G)
    >>> c.actors_by_kind, c.tasks, c.leaf_tasks, c.sources
    ({'enterprise': 1}, 1, 1, 2)
    """
    labels = Counter(label for _, label in G.nodes(data="label"))
    kinds = Counter(attrs.get("kind") or ActorKind.OTHER.value for _, attrs in G.nodes(data=True)
                    if attrs.get("label") == Label.ACTOR.value)
    sources = {s for _, attrs in G.nodes(data=True) for s in attrs.get("sources") or ()}
    parents = {v for u, v, t in G.edges(data="type")
               if t == RelationType.PART_OF.value and G.nodes[u].get("label") == Label.TASK.value}
    leaves = sum(1 for n, label in G.nodes(data="label") if label == Label.TASK.value and n not in parents)
    return GraphCounts(nodes=G.number_of_nodes(), edges=G.number_of_edges(), sources=len(sources),
                       actors=labels[Label.ACTOR.value],
                       actors_by_kind={k.value: kinds[k.value] for k in ActorKind if kinds[k.value]},
                       tasks=labels[Label.TASK.value], leaf_tasks=leaves, industries=labels[Label.INDUSTRY.value])


def _identity(G: nx.Graph, sources: list[dict[str, str]] | None, analysed_at: str | None) -> PlanIdentity:
    plan = next((d for _, d in G.nodes(data=True) if d.get("label") == Label.PLAN.value), {})
    if sources is None:  # no store to ask: the files the graph's facts came from, hashes unknown
        sources = [{"id": s, "sha256": ""} for s in sorted({s for _, d in G.nodes(data=True) for s in d.get("sources") or ()})]
    files = [SourceFile(id=str(s["id"]), sha256=str(s.get("sha256") or ""), title=str(s.get("title") or "")) for s in sources]
    title = plan_title(G) or next((f.title for f in files if f.title), "")
    return PlanIdentity(title=title, issuer=plan.get("issuer"), date=plan.get("date"), sources=files,
                        analysed_at=analysed_at)


def _finance_note(H: nx.Graph, helix_result: HelixResult, lang: str) -> str:
    names = sorted(H.nodes[v]["name"] for v in H if H.nodes[v].get("kind") == ActorKind.FINANCE.value)
    if any(not is_fund(n) for n in names) or all(r.finance for r in helix_result.rows if r.kind == "industry"):
        return ""
    funds = [n for n in names if is_fund(n)]
    why = (i18n.text(lang, "finance_funds_only", n=len(funds), names="、".join(funds)) if funds
           else i18n.text(lang, "finance_none"))
    return i18n.text(lang, "finance_note", why=why)


def findings(G: nx.Graph, *, lang: str = DEFAULT_LANG, sources: list[dict[str, str]] | None = None,
             analysed_at: str | None = None) -> Findings:
    """Run every analysis of the report once over ``G`` (the whole projection, with evidence).

    The actor network is built once and shared by the gaps and the recommendations; PageRank
    is computed once, for the table of central actors and the summary's most central actors.
    ``sources`` (the store's list of loaded files) and ``analysed_at`` (a timestamp) fill the
    plan's identity; a query reads no clock and no store, so the caller passes them.
    """
    H = actor_network(G)
    partners = actor_network(G, include=("partners",))
    found = recommend_all(G, kinds=_RECOMMENDED_KINDS, top=_RECOMMENDED_PER_ACTOR, lang=lang, H=H)
    names = {actor: G.nodes[actor].get("name", actor) for actor in found}
    has_targets = any(label == Label.TARGET.value for _, label in G.nodes(data="label"))
    gaps = gap_pairs(G, top=None, lang=lang, H=H)
    shown = diversify(gaps, GAPS_SHOWN, actors=lambda r: (r.id, r.partner_id), base=lambda r: r.base)
    helix_result = helix(G, lang=lang)
    result = Findings(
        lang=lang, identity=_identity(G, sources, analysed_at), key_findings=[],
        finance_note=_finance_note(H, helix_result, lang), counts=graph_counts(G),
        central=centrality(G, measure="pagerank"), brokers=brokers(G, ties="partners", top=_BROKERS_SHOWN, lang=lang),
        gaps=gaps, gaps_shown=shown, base_bridges=base_bridges(partners),
        recommended=[Recommended(actor_id=a, actor=names[a], partners=found[a]) for a in sorted(found, key=names.get)],
        helix=helix_result, task_gaps=task_gaps(G, lang=lang), department_load=department_load(G),
        targets=targets(G, lang=lang) if has_targets else None)
    result.key_findings = key_findings(result, G, H)
    return result
