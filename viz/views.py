"""Which part of the graph a map shows: the whole graph, an ego network, one industry, a cap.

Each function takes the projection and returns a set of node ids; the map draws the subgraph
they induce. Names given by a person are resolved as the queries resolve them (id, name, alias,
unique substring), so ``--focus 西大`` finds 西南大学 wherever it is named.
"""

from __future__ import annotations

from collections.abc import Iterable

import networkx as nx

from innograph.core.errors import VizError
from innograph.graph.model import normalize_name
from innograph.graph.schema import Label, RelationType
from innograph.queries import resolve_actor

__all__ = ["DEFAULT_LABELS", "nodes_with_labels", "ego_nodes", "industry_nodes", "top_nodes"]

# Targets and achievements are tables in the report; on the map they would only add clutter.
DEFAULT_LABELS: frozenset[str] = frozenset(
    label.value for label in (Label.ACTOR, Label.TASK, Label.INDUSTRY, Label.PROGRAM, Label.PLAN, Label.PLACE)
)


def nodes_with_labels(G: nx.Graph, labels: Iterable[str]) -> set[str]:
    wanted = {Label(label).value for label in labels}
    return {n for n, label in G.nodes(data="label") if label in wanted}


def ego_nodes(G: nx.Graph, focus: str, depth: int, keep: set[str]) -> set[str]:
    """Nodes within ``depth`` steps of the node named ``focus`` (direction ignored), walking
    only through nodes in ``keep``."""
    if depth < 1:
        raise VizError(f"--depth must be 1 or more, not {depth}")
    sub = G.subgraph(keep)
    centre = resolve_actor(sub, focus)  # any node with a name: actors, tasks, industries
    undirected = sub.to_undirected(as_view=True)
    return set(nx.single_source_shortest_path_length(undirected, centre, cutoff=depth))


def industry_nodes(G: nx.Graph, industry: str, keep: set[str]) -> set[str]:
    """An industry, the tasks and actors in it, and the actors attached to those tasks."""
    wanted = normalize_name(industry)
    industries = {n: G.nodes[n].get("name", n) for n in keep if G.nodes[n].get("label") == Label.INDUSTRY.value}
    matches = [n for n, name in industries.items() if name == wanted] or \
              [n for n, name in industries.items() if wanted and wanted in name]
    if not matches:
        known = "、".join(sorted(industries.values())) or "none loaded"
        raise VizError(f"no industry named {industry!r}; industries in the graph: {known}")
    if len(matches) > 1:
        raise VizError(f"{industry!r} matches several industries: {'、'.join(sorted(industries[n] for n in matches))}")
    hub = matches[0]
    members = {u for u, _, t in G.in_edges(hub, data="type") if t == RelationType.IN_INDUSTRY.value and u in keep}
    tasks = {n for n in members if G.nodes[n].get("label") == Label.TASK.value}
    attached = {u for task in tasks for u in G.predecessors(task)
                if u in keep and G.nodes[u].get("label") == Label.ACTOR.value}
    return {hub} | members | attached


def top_nodes(scores: dict[str, float], cap: int, names: dict[str, str]) -> set[str]:
    """The ``cap`` highest-scoring nodes (ties broken by name, then id, so the cut is stable)."""
    ranked = sorted(scores, key=lambda n: (-scores[n], names.get(n, n), n))
    return set(ranked[:cap])
