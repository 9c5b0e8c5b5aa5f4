"""Link prediction on the actor network: whom an actor is likely to (and should) work with.

For a pair ``(a, b)`` with common contacts ``Z`` on the actor network:

- common neighbours ``|Z|``;
- Adamic–Adar ``sum over z in Z of 1 / ln(deg z)`` (a contact shared with everyone says little);
- resource allocation ``sum over z in Z of 1 / deg z``.

The ranking score is Adamic–Adar plus ``base_weight`` (default 1) per industry base the two share,
so a shared base weighs as much as one common contact of degree ``e``.

Scores are computed for many source actors at once with sparse matrix products
(``A[sources] @ diag(w) @ A``), which keeps "recommendations for every enterprise" on a
province-scale network to seconds. Candidates for a source are its contacts of contacts, its own
contacts that are not yet explicit partners (e.g. named in one task), and the members of its
industry bases when a base has at most ``max_base`` members.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import networkx as nx
import numpy as np
import scipy.sparse as sp

from innograph.graph.schema import CROSS_SECTOR_KINDS, ActorKind

from .kernels import to_csr
from .network import Result
from .wording import join_names, text

__all__ = ["PairEvidence", "PairScorer", "allowed_partner_kinds", "pair_reason"]


class PairEvidence(Result):
    """Why two actors belong together: scores and the facts behind them."""

    score: float
    adamic_adar: float
    resource_allocation: float
    common_neighbours: int
    common_contacts: list[str]
    shared_industries: list[str]
    shared_tasks: list[str]
    reason: str


def allowed_partner_kinds(any_kind: bool = False) -> dict[str, frozenset[str]]:
    """Kind -> kinds it may be recommended (``CROSS_SECTOR_KINDS``, or all but itself-less)."""
    kinds = [k.value for k in ActorKind]
    if any_kind:
        return {k: frozenset(kinds) for k in kinds}
    out: dict[str, set[str]] = defaultdict(set)
    for pair in CROSS_SECTOR_KINDS:
        a, b = sorted(k.value for k in pair)
        out[a].add(b)
        out[b].add(a)
    return {k: frozenset(out.get(k, ())) for k in kinds}


def pair_reason(common: list[str], industries: list[str], tasks: list[str], lang: str = "en") -> str:
    """The checkable sentence behind a score.

    >>> pair_reason(["区科技局", "区科协", "区卫生健康委"], ["医药健康"], [])
    'shares 3 contacts: 区科技局、区科协、区卫生健康委; both in the 医药健康 base'
    >>> pair_reason([], ["农业"], [], lang="zh")
    '同属农业基地'
    """
    parts = []
    if common:
        key = "common_one" if len(common) == 1 else "common"
        parts.append(text(key, lang, n=len(common), names=join_names(common, lang)))
    if industries:
        parts.append(text("base", lang, names="、".join(industries)))
    if tasks:
        parts.append(text("task", lang, names=join_names(tasks, lang, limit=2)))
    return text("sep", lang).join(parts) if parts else text("nothing", lang)


@dataclass
class _Candidates:
    targets: np.ndarray
    adamic_adar: np.ndarray
    resource_allocation: np.ndarray
    common: np.ndarray
    shared_bases: np.ndarray


class PairScorer:
    """Scores pairs of one actor network; build once, then ask for many sources.

    Examples
    --------
    >>> H = nx.Graph()
    >>> H.add_nodes_from((n, {"name": n, "kind": k, "industries": []})
    ...                  for n, k in [("a", "enterprise"), ("b", "university"), ("c", "government"), ("d", "government")])
    >>> H.add_edges_from([("a", "c"), ("b", "c"), ("a", "d"), ("b", "d")], partners=0, tasks=[])
    >>> [(t, round(e.adamic_adar, 4), e.common_neighbours) for t, e in PairScorer(H).best("a", top=1)]
    [('b', 2.8854, 2)]
    """

    def __init__(self, H: nx.Graph, *, any_kind: bool = False, base_weight: float = 1.0, max_base: int = 2000,
                 lang: str = "en") -> None:
        self.H, self.base_weight, self.lang = H, base_weight, lang
        self.nodes, A = to_csr(H, weight=None)
        self.index = {v: i for i, v in enumerate(self.nodes)}
        self.A = A
        deg = np.asarray(A.sum(axis=1)).ravel()
        with np.errstate(divide="ignore"):
            self.inv_log = np.where(deg > 1, 1.0 / np.log(np.maximum(deg, 2)), 0.0)
            self.inv_deg = np.where(deg > 0, 1.0 / np.maximum(deg, 1), 0.0)
        self.A_aa = sp.diags_array(self.inv_log) @ A
        self.A_ra = sp.diags_array(self.inv_deg) @ A
        partners = [(self.index[u], self.index[v]) for u, v, p in H.edges(data="partners", default=0) if p]
        pu = np.array([p[0] for p in partners] + [p[1] for p in partners], dtype=np.int64)
        pv = np.array([p[1] for p in partners] + [p[0] for p in partners], dtype=np.int64)
        n = len(self.nodes)
        self.P = sp.coo_array((np.ones(len(pu)), (pu, pv)), shape=(n, n)).tocsr()
        kinds = sorted({H.nodes[v].get("kind") or "other" for v in self.nodes} | {k.value for k in ActorKind})
        self.kind_code = {k: i for i, k in enumerate(kinds)}
        self.kinds = np.array([self.kind_code[H.nodes[v].get("kind") or "other"] for v in self.nodes], dtype=np.int64)
        allowed = allowed_partner_kinds(any_kind)
        self.allowed = np.zeros((len(kinds), len(kinds)), dtype=bool)
        for k, others in allowed.items():
            for o in others:
                self.allowed[self.kind_code[k], self.kind_code[o]] = True
        self.industries = [frozenset(H.nodes[v].get("industries", ())) for v in self.nodes]
        members: dict[str, list[int]] = defaultdict(list)
        for i, inds in enumerate(self.industries):
            for ind in inds:
                members[ind].append(i)
        self.base_members = {ind: np.array(m) for ind, m in members.items() if len(m) <= max_base}

    def _batch(self, rows: np.ndarray) -> Iterator[tuple[int, _Candidates]]:
        AA = (self.A[rows] @ self.A_aa).tocsr()  # sum over common z of w(z)
        RA = (self.A[rows] @ self.A_ra).tocsr()
        CN = (self.A[rows] @ self.A).tocsr()
        direct = self.A[rows].tocsr()
        partners = self.P[rows].tocsr()
        for j, s in enumerate(rows):
            sl = slice(CN.indptr[j], CN.indptr[j + 1])
            parts = [CN.indices[sl], direct.indices[direct.indptr[j]:direct.indptr[j + 1]]]
            parts += [self.base_members[ind] for ind in self.industries[s] if ind in self.base_members]
            targets = np.unique(np.concatenate(parts)) if parts else np.zeros(0, dtype=np.int64)
            keep = self.allowed[self.kinds[s], self.kinds[targets]] & (targets != s)
            taken = partners.indices[partners.indptr[j]:partners.indptr[j + 1]]
            if len(taken):
                keep &= ~np.isin(targets, taken)
            targets = targets[keep]
            yield s, _Candidates(
                targets=targets,
                adamic_adar=_row_values(AA, j, targets),
                resource_allocation=_row_values(RA, j, targets),
                common=_row_values(CN, j, targets),
                shared_bases=np.array([len(self.industries[s] & self.industries[t]) for t in targets], dtype=np.float64),
            )

    def ranked(self, sources: Iterable[str], *, top: int | None = 10, batch: int = 512,
               need_base_or_task: bool = False) -> Iterator[tuple[str, list[tuple[str, PairEvidence]]]]:
        """For each source id, its best candidates as ``(target id, evidence)``, best first.

        ``need_base_or_task`` keeps only pairs sharing an industry base or a task (gap finding).
        """
        rows = np.array([self.index[s] for s in sources], dtype=np.int64)
        for start in range(0, len(rows), batch):
            for s, c in self._batch(rows[start:start + batch]):
                score = c.adamic_adar + self.base_weight * c.shared_bases
                keep = score > 0
                if need_base_or_task:
                    keep &= (c.shared_bases > 0) | np.array([self._shares_task(s, t) for t in c.targets], dtype=bool)
                idx = np.flatnonzero(keep)
                order = idx[np.lexsort((c.targets[idx], -c.common[idx], -score[idx]))]
                if top is not None:
                    order = order[:top]
                yield self.nodes[s], [(self.nodes[c.targets[i]], self._evidence(s, c, i, float(score[i])))
                                      for i in order]

    def best(self, source: str, *, top: int | None = 10) -> list[tuple[str, PairEvidence]]:
        return next(self.ranked([source], top=top))[1]

    def _shares_task(self, s: int, t: int) -> bool:
        data = self.H.get_edge_data(self.nodes[s], self.nodes[t])
        return bool(data and data.get("tasks"))

    def _evidence(self, s: int, c: _Candidates, i: int, score: float) -> PairEvidence:
        u, v = self.nodes[s], self.nodes[c.targets[i]]
        H = self.H
        # Most specific contacts first: a contact few others share says most about the pair.
        common = [H.nodes[z]["name"] for z in sorted(H[u].keys() & H[v].keys(),
                                                      key=lambda z: (H.degree(z), H.nodes[z]["name"]))]
        bases = sorted(self.industries[s] & self.industries[c.targets[i]])
        edge = H.get_edge_data(u, v) or {}
        tasks = [H.graph.get("task_names", {}).get(t, t) for t in edge.get("tasks", ())]
        return PairEvidence(score=score, adamic_adar=float(c.adamic_adar[i]),
                            resource_allocation=float(c.resource_allocation[i]), common_neighbours=int(c.common[i]),
                            common_contacts=common, shared_industries=bases, shared_tasks=tasks,
                            reason=pair_reason(common, bases, tasks, self.lang))


def _row_values(M: sp.csr_array, j: int, cols: np.ndarray) -> np.ndarray:
    """Values of row ``j`` of a CSR matrix at sorted-or-not column positions ``cols`` (0 if absent)."""
    sl = slice(M.indptr[j], M.indptr[j + 1])
    idx, vals = M.indices[sl], M.data[sl]
    order = np.argsort(idx)
    idx, vals = idx[order], vals[order]
    pos = np.searchsorted(idx, cols)
    pos = np.minimum(pos, max(len(idx) - 1, 0))
    found = (len(idx) > 0) & (idx[pos] == cols) if len(idx) else np.zeros(len(cols), dtype=bool)
    return np.where(found, vals[pos] if len(idx) else 0.0, 0.0)
