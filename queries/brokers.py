"""Brokers: actors who connect others that are not connected themselves.

Three views, all on the actor network:

- Burt's structural holes: constraint (low = many non-redundant contacts) and effective size
  (networkx ``constraint`` / ``effective_size``, using tie weights as Burt's proportional ties);
- Gould–Fernandez brokerage roles with the helix role (政金产学研用, intermediaries) as the group;
- articulation points: actors whose removal cuts the network into more pieces.

Gould–Fernandez on an undirected network
----------------------------------------
For a broker ``v`` every unordered pair of its contacts ``{u, w}`` that are not tied to each other
is one brokered two-path ``u – v – w``. It is classified by the groups of ``u``, ``v``, ``w``:

- coordinator: all three in one group;
- itinerant (consultant): ``u`` and ``w`` share a group, ``v`` is from another;
- gatekeeper / representative: ``v`` shares its group with exactly one of ``u`` and ``w``;
- liaison: three different groups.

Gould and Fernandez tell gatekeepers (``outsider -> v -> insider``) from representatives
(``insider -> v -> outsider``) by the direction of the ties. Partnerships and shared tasks have
no direction, so the two are reported together as ``gatekeeper_representative``; splitting them
would invent a direction the plan does not state.

Counting is combinatorial: with ``c_g`` contacts of ``v`` in group ``g`` the pairs of each role
follow from the counts, and the pairs of contacts that are tied (triangles through ``v``) are
subtracted, so the cost is that of triangle listing rather than of all pairs of contacts.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from math import comb, isnan

import networkx as nx

from innograph.core.i18n import DEFAULT_LANG, text

from .network import NETWORK_READS, Result, actor_network, keep_actor, parse_kinds, tie_kinds

__all__ = ["BrokerRow", "BrokersResult", "brokers", "brokerage_roles", "base_bridges", "ROLES"]

ROLES = ("coordinator", "itinerant", "gatekeeper_representative", "liaison")

# What these analyses read from a store: the actor network (see network.py).
READS = NETWORK_READS


class BrokerRow(Result):
    id: str
    name: str
    kind: str
    role: str
    constraint: float | None
    effective_size: float | None
    coordinator: int
    itinerant: int
    gatekeeper_representative: int
    liaison: int
    brokerage: int
    articulation_point: bool
    bridges: str  # in plain words: the pairs of bases only this actor links ("" for none)


class BrokersResult(Result):
    articulation_points: list[str]
    rows: list[BrokerRow]


def _role_of_pair(gv: str, gu: str, gw: str) -> str:
    if gu == gw:
        return "coordinator" if gu == gv else "itinerant"
    if gv in (gu, gw):
        return "gatekeeper_representative"
    return "liaison"


def brokerage_roles(H: nx.Graph, group: str = "role") -> dict[str, dict[str, int]]:
    """Gould–Fernandez role counts of every node of an undirected graph.

    ``group`` names the node attribute holding each node's group.

    Examples
    --------
    A university tied to two enterprises that are not tied to each other is their itinerant
    broker; between an enterprise and a bank it is a liaison:

    >>> H = nx.Graph()
    >>> H.add_nodes_from([("u", {"role": "university"}), ("e1", {"role": "industry"}),
    ...                   ("e2", {"role": "industry"}), ("b", {"role": "finance"})])
    >>> H.add_edges_from([("u", "e1"), ("u", "e2"), ("u", "b")])
    >>> brokerage_roles(H)["u"]
    {'coordinator': 0, 'itinerant': 1, 'gatekeeper_representative': 0, 'liaison': 2}
    """
    groups = {v: H.nodes[v].get(group) for v in H}
    out: dict[str, dict[str, int]] = {}
    for v in H:
        gv = groups[v]
        contacts = H[v]
        counts = Counter(groups[u] for u in contacts)
        inside = counts.get(gv, 0)
        outside = len(contacts) - inside
        roles = {
            "coordinator": comb(inside, 2),
            "itinerant": sum(comb(c, 2) for g, c in counts.items() if g != gv),
            "gatekeeper_representative": inside * outside,
            "liaison": (outside * outside - sum(c * c for g, c in counts.items() if g != gv)) // 2,
        }
        # Tied contacts are not brokered: remove each triangle through v from its role.
        for u in contacts:
            for w in contacts.keys() & H[u].keys():
                if u < w:
                    roles[_role_of_pair(gv, groups[u], groups[w])] -= 1
        out[v] = roles
    return out


def _clean(x: float) -> float | None:
    return None if x is None or isnan(x) else float(x)


def brokers(G: nx.Graph, *, ties: str = "all", kinds: Iterable[str] | None = None, industry: str | None = None,
            top: int | None = None, lang: str = DEFAULT_LANG) -> BrokersResult:
    """Structural holes, brokerage roles and articulation points of the actor network.

    ``ties="partners"`` looks at explicit partnerships only (who bridges partner groups),
    ``"tasks"`` at shared tasks only, ``"all"`` (default) at both.

    Rows are sorted by total brokerage (all brokered pairs), then by constraint (low first).
    ``bridges`` says in plain words (in ``lang``) which industry bases only this actor links.
    Isolated actors have no constraint or effective size (``None``).

    Examples
    --------
    A path 甲 – 乙 – 丙: the middle actor spans the hole (constraint 0.5 against 1.0 at the ends,
    effective size 2) and is an articulation point.

    >>> G = nx.MultiDiGraph()
    >>> for n, k in [("甲", "enterprise"), ("乙", "university"), ("丙", "enterprise")]:
    ...     G.add_node(n, label="Actor", kind=k, name=n)
    >>> for u, v in [("甲", "乙"), ("乙", "丙")]:
    ...     _ = G.add_edge(u, v, key="PARTNERS_WITH", type="PARTNERS_WITH")
    >>> top = brokers(G).rows[0]
    >>> top.name, top.constraint, top.effective_size, top.itinerant, top.articulation_point
    ('乙', 0.5, 2.0, 1, True)
    """
    H = actor_network(G, include=tie_kinds(ties))
    constraint = nx.constraint(H, weight="weight") if H else {}
    effective = nx.effective_size(H, weight="weight") if H else {}
    roles = brokerage_roles(H)
    cut = set(nx.articulation_points(H))
    bridged = base_bridges(H)
    wanted = parse_kinds(kinds)
    rows = []
    for v, attrs in H.nodes(data=True):
        if not keep_actor(attrs, wanted, industry):
            continue
        r = roles[v]
        rows.append(BrokerRow(id=v, name=attrs["name"], kind=attrs.get("kind") or "other", role=attrs["role"],
                              constraint=_clean(constraint.get(v)), effective_size=_clean(effective.get(v)),
                              **r, brokerage=sum(r.values()), articulation_point=v in cut,
                              bridges=text(lang, "sep").join(text(lang, "bridge_plain", a=a, b=b)
                                                             for a, b in bridged.get(v, ()))))
    rows.sort(key=lambda r: (-r.brokerage, r.constraint if r.constraint is not None else 2.0, r.name))
    if top is not None:
        rows = rows[:top]
    return BrokersResult(articulation_points=sorted(H.nodes[v]["name"] for v in cut), rows=rows)


def base_bridges(H: nx.Graph) -> dict[str, list[tuple[str, str]]]:
    """Actors that are the only link between two industry bases on ``H`` (best the partnership
    network): actor id -> the pairs of bases whose actors no longer reach each other without it.

    Examples
    --------
    >>> H = nx.Graph()
    >>> H.add_nodes_from([("药企", {"industries": ["医药"]}), ("大学", {"industries": ["医药", "农业"]}),
    ...                   ("农企", {"industries": ["农业"]})])
    >>> H.add_edges_from([("药企", "大学"), ("大学", "农企")])
    >>> base_bridges(H)
    {'大学': [('农业', '医药')]}
    """
    out: dict[str, list[tuple[str, str]]] = {}
    for v in sorted(nx.articulation_points(H)):
        whole = nx.node_connected_component(H, v) - {v}
        bases = sorted({b for u in whole for b in H.nodes[u].get("industries", ())})
        rest = H.subgraph(whole)
        together = [{b for u in part for b in H.nodes[u].get("industries", ())} for part in nx.connected_components(rest)]
        pairs = [(a, b) for i, a in enumerate(bases) for b in bases[i + 1:]
                 if not any(a in part and b in part for part in together)]
        if pairs:
            out[v] = pairs
    return out
