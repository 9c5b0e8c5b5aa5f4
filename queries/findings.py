"""The key findings of a graph, each analysis run once: what the report shows and ``analyze`` sums up.

``findings(G)`` runs every analysis the report needs over one projection and keeps the results,
so that a report never computes PageRank or the collaboration gaps twice: the report's tables,
its maps' dashed links and the terminal summary all read the same ``Findings``.
"""

from __future__ import annotations

from collections import Counter

import networkx as nx

from innograph.core.i18n import DEFAULT_LANG
from innograph.graph.schema import ActorKind, Label, RelationType

from .brokers import BrokersResult, brokers
from .centrality import CentralityResult, centrality
from .gaps import GapPair, LoadResult, TaskGap, department_load, gap_pairs, task_gaps
from .helix import HelixResult, helix
from .network import EVERYTHING, Result, actor_network
from .recommend import Recommendation, recommend_all
from .targets import TargetsResult, targets

__all__ = ["READS", "GraphCounts", "Recommended", "Findings", "findings", "graph_counts"]

# The counts cover every node and relation, so the findings read the whole graph.
READS = EVERYTHING

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


class Recommended(Result):
    """The best partners of one actor."""

    actor_id: str
    actor: str
    partners: list[Recommendation]


class Findings(Result):
    """Every analysis the report shows, computed once from one projection."""

    lang: str
    counts: GraphCounts
    central: CentralityResult  # PageRank on the actor network, every actor ranked
    brokers: BrokersResult
    gaps: list[GapPair]  # every collaboration gap, best first
    recommended: list[Recommended]  # by actor name
    helix: HelixResult
    task_gaps: list[TaskGap]
    department_load: LoadResult
    targets: TargetsResult | None  # None when the plan sets no targets

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


def findings(G: nx.Graph, *, lang: str = DEFAULT_LANG) -> Findings:
    """Run every analysis of the report once over ``G`` (the whole projection).

    The actor network is built once and shared by the gaps and the recommendations; PageRank
    is computed once, for the table of central actors and the summary's most central actors.
    """
    H = actor_network(G)
    found = recommend_all(G, kinds=_RECOMMENDED_KINDS, top=_RECOMMENDED_PER_ACTOR, lang=lang, H=H)
    names = {actor: G.nodes[actor].get("name", actor) for actor in found}
    has_targets = any(label == Label.TARGET.value for _, label in G.nodes(data="label"))
    return Findings(
        lang=lang, counts=graph_counts(G), central=centrality(G, measure="pagerank"),
        brokers=brokers(G, top=_BROKERS_SHOWN), gaps=gap_pairs(G, top=None, lang=lang, H=H),
        recommended=[Recommended(actor_id=a, actor=names[a], partners=found[a]) for a in sorted(found, key=names.get)],
        helix=helix(G, lang=lang), task_gaps=task_gaps(G, lang=lang), department_load=department_load(G),
        targets=targets(G, lang=lang) if has_targets else None)
