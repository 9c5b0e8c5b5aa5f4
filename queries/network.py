"""The actor network every query works on, and the helpers queries share.

The store's projection is a ``MultiDiGraph`` of actors, tasks, industries, targets ... . Most
measures want something simpler: who works with whom. ``actor_network`` folds the projection
into an undirected, weighted ``nx.Graph`` of actors: two actors are tied when one
``PARTNERS_WITH`` the other, or when both are attached to the same task (``LEADS``,
``RESPONSIBLE_FOR`` or ``PARTICIPATES_IN``). The weight counts the ties they share (one for an
explicit partnership plus one per shared task), so a pair named together in three tasks weighs 3.

Each actor node of the network carries ``name``, ``kind``, ``role`` (its 政金产学研用 helix role)
and ``industries`` (the industry bases it belongs to: its own ``IN_INDUSTRY`` edges plus those of
the tasks it is attached to), and ``coordinates`` (how many tasks it leads or is responsible
for: the plan's 牵头/责任单位). Each tie carries ``weight``, ``partners`` (1 when an explicit
partnership exists, else 0) and ``tasks`` (the ids of the shared tasks).
"""

from __future__ import annotations

import difflib
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import combinations
from typing import Any

import networkx as nx
from pydantic import BaseModel, ConfigDict

from innograph.core.errors import QueryError
from innograph.graph.model import ProjectionFilter, normalize_name
from innograph.graph.schema import ActorKind, HelixRole, Label, RelationType, helix_role, parse_kind

__all__ = [
    "Reads",
    "NETWORK_READS",
    "EVERYTHING",
    "Result",
    "TASK_TIES",
    "NETWORK_LABELS",
    "NETWORK_TYPES",
    "actor_network",
    "actor_task_graph",
    "actor_ids",
    "task_actors",
    "industries_of",
    "industry_names",
    "role_of",
    "resolve_actor",
    "parse_kinds",
    "keep_actor",
    "check_industry",
    "TIES",
    "tie_kinds",
]

# Attachments of an actor to a task; two actors attached to one task share that task.
TASK_TIES: frozenset[str] = frozenset(
    {RelationType.LEADS.value, RelationType.RESPONSIBLE_FOR.value, RelationType.PARTICIPATES_IN.value}
)
# What a projection must read for the actor network (pushed into the store's query).
NETWORK_LABELS: frozenset[Label] = frozenset({Label.ACTOR, Label.TASK, Label.INDUSTRY})
NETWORK_TYPES: frozenset[RelationType] = frozenset(
    {RelationType.PARTNERS_WITH, RelationType.IN_INDUSTRY} | {RelationType(t) for t in TASK_TIES}
)



@dataclass(frozen=True)
class Reads:
    """What a query reads from a store, declared as data by each query module (``READS``): node
    labels and relation types (empty: all of them) and whether it quotes evidence. The
    use-case layer turns it into the store's ``ProjectionFilter``, so that the store reads
    nothing else.

    >>> both = Reads(frozenset({Label.TASK}), frozenset({RelationType.LEADS})) | NETWORK_READS
    >>> sorted(label.value for label in both.labels)
    ['Actor', 'Industry', 'Task']
    >>> (both | EVERYTHING).projection_filter().labels
    set()
    """

    labels: frozenset[Label] = frozenset()
    types: frozenset[RelationType] = frozenset()
    evidence: bool = False

    def __or__(self, other: Reads) -> Reads:
        """What two queries read together (an empty set already reads everything)."""
        return Reads(self.labels | other.labels if self.labels and other.labels else frozenset(),
                     self.types | other.types if self.types and other.types else frozenset(),
                     self.evidence or other.evidence)

    def projection_filter(self) -> ProjectionFilter:
        return ProjectionFilter(labels=set(self.labels), relation_types=set(self.types), with_evidence=self.evidence)


NETWORK_READS = Reads(NETWORK_LABELS, NETWORK_TYPES)
EVERYTHING = Reads()

# Which ties make the network: everything, explicit partnerships only, or shared tasks only.
TIES = ("all", "partners", "tasks")


def tie_kinds(ties: str) -> tuple[str, ...]:
    """The ``include`` argument of ``actor_network`` for a ``ties`` option value."""
    if ties not in TIES:
        raise QueryError(f"unknown ties {ties!r}; use one of {', '.join(TIES)}")
    return ("partners", "tasks") if ties == "all" else (ties,)


class Result(BaseModel):
    """Base of every query result: strict (unknown fields are an error), JSON-able."""

    model_config = ConfigDict(extra="forbid")


def actor_ids(G: nx.Graph) -> list[str]:
    """Ids of the actor nodes of a projection, in id order."""
    return sorted(n for n, label in G.nodes(data="label") if label == Label.ACTOR.value)


def _edges_of_type(G: nx.Graph, types: Iterable[str]) -> Iterator[tuple[str, str]]:
    wanted = frozenset(types)
    if G.is_multigraph():
        for u, v, data in G.edges(data=True):
            if data.get("type") in wanted:
                yield u, v
    else:
        for u, v, t in G.edges(data="type"):
            if t in wanted:
                yield u, v


def _label(G: nx.Graph, n: str) -> str | None:
    return G.nodes[n].get("label")


def task_actors(G: nx.Graph) -> dict[str, dict[str, set[str]]]:
    """Task id -> relation type -> ids of the actors attached to it by that relation."""
    out: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for u, v, data in G.edges(data=True):
        t = data.get("type")
        if t in TASK_TIES and _label(G, u) == Label.ACTOR.value and _label(G, v) == Label.TASK.value:
            out[v][t].add(u)
    return out


def industry_names(G: nx.Graph) -> dict[str, set[str]]:
    """Node id -> names of the industries it is IN_INDUSTRY of (actors and tasks alike)."""
    out: dict[str, set[str]] = defaultdict(set)
    for u, v in _edges_of_type(G, [RelationType.IN_INDUSTRY.value]):
        if _label(G, v) == Label.INDUSTRY.value:
            out[u].add(G.nodes[v].get("name", v))
    return out


def industries_of(G: nx.Graph, actor: str) -> list[str]:
    """Industry bases of one actor of a projection: its own IN_INDUSTRY edges plus those of the
    tasks it is attached to. (Nodes of ``actor_network`` carry this as ``industries``.)"""
    own = industry_names(G)
    found = set(own.get(actor, ()))
    for task, by_type in task_actors(G).items():
        if any(actor in members for members in by_type.values()):
            found |= own.get(task, set())
    return sorted(found)


def role_of(kind: ActorKind | str | None) -> str:
    """The helix role (``HelixRole`` value) of an actor kind; ``other`` when unknown."""
    try:
        return helix_role(kind).value
    except ValueError:
        return HelixRole.OTHER.value


def actor_network(G: nx.Graph, *, include: Iterable[str] = ("partners", "tasks")) -> nx.Graph:
    """Fold a projection into the undirected, weighted network of actors.

    Parameters
    ----------
    G : networkx graph
        The store's projection (a ``MultiDiGraph``), or any graph with the same node and edge
        attributes.
    include : iterable of {"partners", "tasks"}
        Which ties to count: explicit ``PARTNERS_WITH`` pairings, shared tasks, or both.

    Returns
    -------
    networkx.Graph
        One node per actor (attributes ``name``, ``kind``, ``role``, ``industries``); one edge
        per tied pair (``weight``, ``partners``, ``tasks``).

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> for n, kind in [("a", "enterprise"), ("b", "university"), ("c", "government")]:
    ...     G.add_node(n, label="Actor", kind=kind, name=n.upper())
    >>> G.add_node("t", label="Task", name="task")
    >>> G.add_edge("a", "b", key="PARTNERS_WITH", type="PARTNERS_WITH")
    'PARTNERS_WITH'
    >>> for n, rel in [("a", "PARTICIPATES_IN"), ("b", "PARTICIPATES_IN"), ("c", "LEADS")]:
    ...     _ = G.add_edge(n, "t", key=rel, type=rel)
    >>> H = actor_network(G)
    >>> H["a"]["b"]["weight"], H["a"]["c"]["weight"], H["a"]["b"]["partners"]
    (2, 1, 1)
    >>> H.nodes["b"]["role"]
    'university'
    """
    parts = set(include)
    unknown = parts - {"partners", "tasks"}
    if unknown:
        raise QueryError(f"unknown tie kind {sorted(unknown)[0]!r}; use partners and/or tasks")
    H = nx.Graph()
    industries = industry_names(G)
    attached = task_actors(G)
    # Reasons and paths name shared tasks; keep their titles with the network.
    H.graph["task_names"] = {t: G.nodes[t].get("name", t) for t in attached}
    actor_tasks: dict[str, set[str]] = defaultdict(set)
    coordinated: dict[str, int] = defaultdict(int)
    for task, by_type in attached.items():
        for t, members in by_type.items():
            for a in members:
                actor_tasks[a].add(task)
                if t != RelationType.PARTICIPATES_IN.value:
                    coordinated[a] += 1
    for n in actor_ids(G):
        attrs = G.nodes[n]
        found = set(industries.get(n, ()))
        for task in actor_tasks.get(n, ()):
            found |= industries.get(task, set())
        H.add_node(n, name=attrs.get("name", n), kind=attrs.get("kind"), role=role_of(attrs.get("kind")),
                   industries=sorted(found), aliases=list(attrs.get("aliases") or ()), coordinates=coordinated[n])
    if "partners" in parts:
        for u, v in _edges_of_type(G, [RelationType.PARTNERS_WITH.value]):
            if u != v and u in H and v in H and not H.has_edge(u, v):
                H.add_edge(u, v, weight=1, partners=1, tasks=[])
    if "tasks" in parts:
        for task in sorted(attached):
            members = sorted(set().union(*attached[task].values()))
            for u, v in combinations(members, 2):
                if H.has_edge(u, v):
                    data = H[u][v]
                    data["weight"] += 1
                    data["tasks"].append(task)
                else:
                    H.add_edge(u, v, weight=1, partners=0, tasks=[task])
    return H


def actor_task_graph(G: nx.Graph) -> nx.Graph:
    """The undirected bipartite graph of actors and the tasks they are attached to.

    Actor nodes carry ``name``, ``kind``, ``role``, ``industries`` as in ``actor_network``;
    task nodes carry ``name`` and ``kind="task"``. Edges carry ``weight=1`` and ``type``.

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("a", label="Actor", kind="enterprise", name="A")
    >>> G.add_node("t", label="Task", name="T")
    >>> _ = G.add_edge("a", "t", key="PARTICIPATES_IN", type="PARTICIPATES_IN")
    >>> B = actor_task_graph(G)
    >>> sorted(B.nodes(data="kind"))
    [('a', 'enterprise'), ('t', 'task')]
    """
    B = nx.Graph()
    B.add_nodes_from(actor_network(G, include=()).nodes(data=True))
    for task, by_type in task_actors(G).items():
        B.add_node(task, name=G.nodes[task].get("name", task), kind="task", role=HelixRole.OTHER.value,
                   industries=[])
        for t, members in by_type.items():
            for a in members:
                B.add_edge(a, task, weight=1, type=t)
    return B


def parse_kinds(kinds: Iterable[ActorKind | str] | None) -> frozenset[str]:
    """Actor kinds given by a person (``enterprise``, ``ENTERPRISE`` ...) as kind values."""
    out = set()
    for k in kinds or ():
        try:
            out.add(parse_kind(str(k)).value)
        except ValueError as e:
            raise QueryError(f"unknown kind {k!r}; use one of {', '.join(m.value for m in ActorKind)}") from e
    return frozenset(out)


def keep_actor(attrs: dict[str, Any], kinds: frozenset[str], industry: str | None) -> bool:
    """Whether an actor-network node passes the ``--kind`` / ``--industry`` row filters."""
    if kinds and attrs.get("kind") not in kinds:
        return False
    if industry and normalize_name(industry) not in attrs.get("industries", ()):
        return False
    return True


def check_industry(G: nx.Graph, industry: str) -> str:
    """``industry`` as the graph names it (normalised), or a ``QueryError`` listing the
    industries there are: a mistyped ``--industry`` must not read as "no rows".

    >>> G = nx.MultiDiGraph()
    >>> G.add_node("industry:汽车", label="Industry", name="汽车")
    >>> check_industry(G, "汽车")
    '汽车'
    >>> check_industry(G, "钢铁")
    Traceback (most recent call last):
    ...
    innograph.core.errors.QueryError: no industry named '钢铁'; industries in the graph: 汽车
    """
    wanted = normalize_name(industry)
    known = sorted({str(d.get("name", n)) for n, d in G.nodes(data=True) if d.get("label") == Label.INDUSTRY.value})
    if wanted not in known:
        raise QueryError(f"no industry named {industry!r}; industries in the graph: {'、'.join(known) or 'none loaded'}")
    return wanted


def resolve_actor(H: nx.Graph, text: str) -> str:
    """The node id of the actor a person means: by id, name, alias or unique substring.

    Raises ``QueryError`` naming close matches when nothing (or more than one actor) matches.

    Examples
    --------
    >>> H = nx.Graph()
    >>> H.add_node("university:西南大学", name="西南大学", aliases=["西大"])
    >>> H.add_node("university:四川农业大学", name="四川农业大学")
    >>> resolve_actor(H, "西大"), resolve_actor(H, "四川农业")
    ('university:西南大学', 'university:四川农业大学')
    """
    wanted = normalize_name(text)
    if not wanted:
        raise QueryError("give an actor name")
    if wanted in H:
        return wanted
    names = {n: H.nodes[n].get("name", n) for n in H}
    exact = [n for n, name in names.items() if name == wanted or wanted in (H.nodes[n].get("aliases") or ())]
    if len(exact) == 1:
        return exact[0]
    partial = exact or [n for n, name in names.items() if wanted in name]
    if len(partial) == 1:
        return partial[0]
    if partial:
        listed = "、".join(sorted(names[n] for n in partial)[:8])
        raise QueryError(f"{text!r} matches several actors: {listed}; give the full name")
    close = difflib.get_close_matches(wanted, list(names.values()), n=5, cutoff=0.4)
    hint = f"; did you mean {'、'.join(close)}?" if close else "; list actors with: innograph centrality --top 50"
    raise QueryError(f"no actor named {text!r}{hint}")
