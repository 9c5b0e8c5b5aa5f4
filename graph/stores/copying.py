"""Copy a graph between stores with each source's contributions intact (``push`` / ``pull``).

Copying the merged graph would lose who said what, and a later reload of one document into the
copy could no longer replace exactly its own facts. So the copy replays every source's own
contributions in the original load order: first all nodes (a source's edges may point at nodes
a later-loaded source contributed), then all edges.
"""

from __future__ import annotations

from collections.abc import Iterator

from innograph.core.errors import StoreError

from ..model import Edge, Evidence, GraphDelta, Node, Source, StoreCounts
from .base import GraphStore

__all__ = ["source_deltas", "copy_graph"]


def source_deltas(store: GraphStore) -> Iterator[GraphDelta]:
    """One delta per source, in load order, holding exactly that source's contributions."""
    sources, node_contribs, edge_contribs = store.contributions()
    nodes: dict[str, list[Node]] = {}
    edges: dict[str, list[Edge]] = {}
    for node_id, source_id, body in node_contribs:
        nodes.setdefault(source_id, []).append(Node(
            id=node_id, label=body["label"], name=body["name"], kind=body.get("kind"),
            aliases=body.get("aliases") or [], properties=body.get("properties") or {},
            evidence=[Evidence(**ev) for ev in body.get("evidence") or []]))
    for _, source_id, body in edge_contribs:
        edges.setdefault(source_id, []).append(Edge(
            source=body["src"], target=body["dst"], type=body["type"], properties=body.get("properties") or {},
            evidence=[Evidence(**ev) for ev in body.get("evidence") or []]))
    for row in sources:
        source = Source(**{k: v for k, v in row.items() if v is not None})
        yield GraphDelta(source=source, nodes=nodes.get(source.id, []), edges=edges.get(source.id, []))


def copy_graph(origin: GraphStore, target: GraphStore, *, clear: bool = False) -> tuple[StoreCounts, StoreCounts]:
    """Make ``target`` hold ``origin``'s graph; return (origin counts, target counts), which are
    checked to be equal. ``target``'s earlier sources are removed first; sources ``origin`` does
    not have are only removed with ``clear=True`` (otherwise ``StoreError``)."""
    known = {s["id"] for s in origin.sources()}
    existing = [s["id"] for s in target.sources()]
    foreign = [source_id for source_id in existing if source_id not in known]
    if foreign and not clear:
        shown = ", ".join(foreign[:3]) + (f" and {len(foreign) - 3} more" if len(foreign) > 3 else "")
        raise StoreError(f"{target.describe()} (target) holds sources that {origin.describe()} does not have "
                         f"({shown}); add --clear to replace the target's whole graph")
    for source_id in existing:
        target.remove_source(source_id)
    deltas = list(source_deltas(origin))
    for delta in deltas:
        target.upsert(GraphDelta(source=delta.source, nodes=delta.nodes))
    for delta in deltas:
        if delta.edges:
            target.upsert(GraphDelta(source=delta.source, edges=delta.edges))
    expected, got = origin.counts(), target.counts()
    if expected != got:
        raise StoreError(f"copy to {target.describe()} does not match: {expected.nodes} nodes, {expected.edges} edges, "
                         f"{expected.sources} sources expected, {got.nodes}, {got.edges} and {got.sources} found")
    return expected, got
