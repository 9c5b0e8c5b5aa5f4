"""Link prediction on the actor network: whom an actor is likely to (and should) work with.

Ties are weighted by what they say about a pair (see ``pairing``): an explicit partnership
counts 1, a shared task ``1 / (members - 1)``, so a task listing 30 bodies says little about
any two of them. For a pair ``(a, b)`` with common contacts ``Z`` on the actor network,
government departments and the other bodies the plan makes 牵头/责任单位 of tasks left out of
``Z`` (they sit on every task; a coordinator is no shared contact for a partnership):

- common neighbours ``|Z|``;
- Adamic–Adar ``sum over z in Z of w(a, z) w(z, b) / ln(deg z)`` (a contact shared with
  everyone says little, and so does a tie from a long list);
- resource allocation, the same with ``1 / deg z``.

The ranking score is Adamic–Adar, plus the pair's own shared tasks (each ``1 / (members - 1)``),
plus ``base_weight`` (default 1) per industry base the two share; pairs scoring below
``MIN_SCORE`` are not proposed. Complementary pairs
(enterprise with university, institute or finance) are ranked before the other cross-sector
pairs; an actor and its own facility are never proposed. Ties in the score are broken by
resource allocation, then common neighbours, then id, and reported as ties by the callers.

Scores are computed for many source actors at once with sparse matrix products
(``W[sources] @ diag(c) @ W``), which keeps "recommendations for every enterprise" of a
province-scale network (70,000 enterprises, 862,000 ties) under a minute of CPU (see
docs/benchmarks.md). Candidates for a source are its contacts of contacts (through
non-department contacts), its own contacts that are not yet explicit partners (e.g. named in one
task), and the members of its industry bases when a base has at most ``max_base`` members (in a
larger base a pair with no common contact and no shared task is not proposed: its only evidence
would be the base itself).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import networkx as nx
import numpy as np
import scipy.sparse as sp

from innograph.core.i18n import DEFAULT_LANG
from innograph.graph.schema import COMPLEMENTARY_KINDS, CROSS_SECTOR_KINDS, ActorKind

from .kernels import to_csr_many
from .network import Result
from .pairing import SCORE_DIGITS, task_weight
from .reasons import pair_reason

__all__ = ["PairEvidence", "PairScorer", "allowed_partner_kinds", "MAX_CONTACTS"]

MAX_CONTACTS = 20
# Less than one shared task among 100 bodies: no evidence a person would act on.
MIN_SCORE = 0.01


class PairEvidence(Result):
    """Why two actors belong together: scores and the facts behind them."""

    score: float
    adamic_adar: float
    resource_allocation: float
    common_neighbours: int
    common_contacts: list[str]  # the most specific MAX_CONTACTS of them, departments left out
    shared_industries: list[str]
    shared_tasks: list[str]
    shared_task_weight: float  # sum over shared tasks of 1 / (members - 1)
    complementary: bool  # enterprise with university, institute or finance
    topic_fit: float = 0.0  # for a base without 学/研: how well the partner's topics fit it (topics.py)
    topic_words: list[str] = []
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


@dataclass
class _Scores:
    """Scored candidate pairs of one batch of sources as parallel arrays, sorted by source and,
    within a source, best first (complementary first, then score, resource allocation, common
    contacts, target index)."""

    sources: np.ndarray
    targets: np.ndarray
    adamic_adar: np.ndarray
    resource_allocation: np.ndarray
    common: np.ndarray
    score: np.ndarray
    tasks: np.ndarray
    secondary: np.ndarray  # 0 for a complementary pair, 1 for another cross-sector pair

    def order(self) -> np.ndarray:
        """Best first within each source."""
        return np.lexsort((self.targets, -self.common, -self.resource_allocation, -np.round(self.score, SCORE_DIGITS),
                           self.secondary, self.sources))

    def take(self, keep: np.ndarray) -> _Scores:
        return _Scores(*(getattr(self, f)[keep] for f in self.__dataclass_fields__))

    def rank_within_source(self) -> np.ndarray:
        """0 for each source's best candidate, 1 for the next, ..."""
        n = len(self.sources)
        if n == 0:
            return np.zeros(0, dtype=np.int64)
        starts = np.flatnonzero(np.r_[True, self.sources[1:] != self.sources[:-1]])
        first = np.repeat(starts, np.diff(np.r_[starts, n]))
        return np.arange(len(self.sources)) - first


def _aligned(M: sp.csr_array, U: sp.csr_array) -> np.ndarray:
    """Values of ``M`` at the stored positions of ``U`` (data all ones, pattern containing M's)."""
    S = (M + U).tocsr()
    S.sort_indices()
    return S.data - 1.0


def _popcount(words: np.ndarray) -> np.ndarray:
    """Set bits per row of a 2-D uint64 array."""
    if hasattr(np, "bitwise_count"):  # numpy >= 2.0
        return np.bitwise_count(words).sum(axis=1, dtype=np.int64)
    return np.unpackbits(words.view(np.uint8), axis=1).sum(axis=1, dtype=np.int64)


class PairScorer:
    """Scores pairs of one actor network; build once, then ask for many sources.

    Examples
    --------
    >>> H = nx.Graph()
    >>> H.add_nodes_from((n, {"name": n, "kind": k, "industries": []})
    ...                  for n, k in [("a", "enterprise"), ("b", "university"), ("c", "platform"), ("d", "platform")])
    >>> H.add_edges_from([("a", "c"), ("b", "c"), ("a", "d"), ("b", "d")], partners=1, tasks=[])
    >>> [(t, round(e.adamic_adar, 4), e.common_neighbours) for t, e in PairScorer(H).best("a", top=1)]
    [('b', 2.8854, 2)]

    ``excluded``: pairs of actor ids never proposed (an actor and its own facility).
    """

    def __init__(self, H: nx.Graph, *, any_kind: bool = False, base_weight: float = 1.0, max_base: int = 2000,
                 lang: str = DEFAULT_LANG, excluded: Iterable[frozenset[str]] = ()) -> None:
        self.H, self.base_weight, self.lang = H, base_weight, lang
        members: dict[str, set[str]] = defaultdict(set)
        for u, v, tasks in H.edges(data="tasks"):
            for t in tasks or ():
                members[t].update((u, v))
        self.task_size = {t: len(m) for t, m in members.items()}
        task_part = lambda d: sum(task_weight(self.task_size[t]) for t in d.get("tasks") or ())  # noqa: E731
        # Adjacency, explicit partnerships, shared-task weights and tie strength: one walk, one layout.
        self.nodes, (A, self.P, self.T, W) = to_csr_many(H, [
            None, lambda d: 1.0 if d.get("partners") else 0.0, task_part,
            lambda d: (1.0 if d.get("partners") else 0.0) + task_part(d)])
        self.index = {v: i for i, v in enumerate(self.nodes)}
        n = len(self.nodes)
        self.A, self.W = A, W
        deg = np.asarray(A.sum(axis=1)).ravel()
        self.deg = deg
        self.names = [H.nodes[v].get("name", v) for v in self.nodes]
        self.name_rank = np.empty(n, dtype=np.int64)
        self.name_rank[np.argsort(np.array(self.names, dtype=object), kind="stable")] = np.arange(n)
        # Departments, and any body the plan makes 牵头/责任单位 of tasks, coordinate the work: they
        # are nobody's shared contact for a partnership.
        self.contact = np.array([H.nodes[v].get("kind") != ActorKind.GOVERNMENT.value
                                 and not H.nodes[v].get("coordinates") for v in self.nodes], dtype=float)
        inv_log = np.where(deg > 1, 1.0 / np.log(np.maximum(deg, 2)), 0.0) * self.contact
        inv_deg = np.where(deg > 0, 1.0 / np.maximum(deg, 1), 0.0) * self.contact
        self.W_aa = sp.diags_array(inv_log) @ W  # row z scaled by z's weight
        self.W_ra = sp.diags_array(inv_deg) @ W
        self.A_cn = sp.diags_array(self.contact) @ A
        self.P.eliminate_zeros()  # only real partnerships and shared tasks stay stored
        self.T.eliminate_zeros()
        kinds = sorted({H.nodes[v].get("kind") or "other" for v in self.nodes} | {k.value for k in ActorKind})
        self.kind_code = {k: i for i, k in enumerate(kinds)}
        self.kinds = np.array([self.kind_code[H.nodes[v].get("kind") or "other"] for v in self.nodes], dtype=np.int64)
        self.allowed = np.zeros((len(kinds), len(kinds)), dtype=bool)
        for k, others in allowed_partner_kinds(any_kind).items():
            for o in others:
                self.allowed[self.kind_code[k], self.kind_code[o]] = True
        self.primary = np.zeros_like(self.allowed)
        for pair in COMPLEMENTARY_KINDS:
            a, b = (sorted(pair) * 2)[:2]
            self.primary[self.kind_code[a], self.kind_code[b]] = self.primary[self.kind_code[b], self.kind_code[a]] = True
        pairs = [(self.index[a], self.index[b]) for a, b in (tuple(p) for p in excluded if len(p) == 2)
                 if a in self.index and b in self.index]
        r = np.array([i for i, j in pairs] + [j for i, j in pairs], dtype=np.int64)
        c = np.array([j for i, j in pairs] + [i for i, j in pairs], dtype=np.int64)
        self.X = sp.coo_array((np.ones(len(r)), (r, c)), shape=(n, n)).tocsr()
        # Industry bases as bit masks, so that shared bases of many pairs are a vector operation.
        self.industries = [frozenset(H.nodes[v].get("industries", ())) for v in self.nodes]
        names = sorted(set().union(*self.industries)) if self.industries else []
        self.bit = {name: i for i, name in enumerate(names)}
        self.masks = np.zeros((n, max(1, (len(names) + 63) // 64)), dtype=np.uint64)
        members: dict[str, list[int]] = defaultdict(list)
        for i, inds in enumerate(self.industries):
            for ind in inds:
                b = self.bit[ind]
                self.masks[i, b // 64] |= np.uint64(1 << (b % 64))
                members[ind].append(i)
        self.base_members = {ind: np.array(m, dtype=np.int64) for ind, m in members.items() if len(m) <= max_base}

    def _base_mask(self, industry: str | None) -> np.ndarray | None:
        if industry is None:
            return None
        mask = np.zeros(self.masks.shape[1], dtype=np.uint64)
        if industry in self.bit:
            b = self.bit[industry]
            mask[b // 64] = np.uint64(1 << (b % 64))
        return mask

    def _batch(self, rows: np.ndarray, cols: np.ndarray, right: list[sp.csr_array], *, once: bool,
               need_base_or_task: bool, require: np.ndarray | None) -> _Scores:
        """Scores of ``rows`` (sources of one kind) against ``cols`` (the kinds they may pair with).

        ``right`` holds the weighted adjacency restricted to ``cols``, so one sparse product per
        score gives every source's two-hop candidates at once. Candidates are the union of
        two-hop contacts, direct contacts and members of small bases; every filter is a vector
        operation over all candidate pairs of the batch.
        """
        AA, RA = (self.W[rows] @ R for R in right[:2])
        CN = self.A[rows] @ right[2]
        direct = self.A[rows][:, cols]
        pattern = (CN + direct + self._base_candidates(rows, cols)).tocsr()
        pattern.data[:] = 1.0
        pattern.sort_indices()
        src = rows[np.repeat(np.arange(len(rows)), np.diff(pattern.indptr))]
        tgt = cols[pattern.indices]
        aa, ra, cn = (_aligned(M, pattern) for M in (AA, RA, CN))
        partnered = _aligned(self.P[rows][:, cols], pattern)
        tasks = _aligned(self.T[rows][:, cols], pattern)
        own = _aligned(self.X[rows][:, cols].multiply(pattern).tocsr(), pattern)  # X's pattern may lie outside
        keep = (tgt != src) & (partnered == 0) & (own == 0)
        if once:  # each unordered pair from one side only
            keep &= (self.kinds[tgt] != self.kinds[src]) | (tgt > src)
        common_bits = self.masks[tgt] & self.masks[src]
        bases = _popcount(common_bits)
        if need_base_or_task:
            keep &= (bases > 0) | (tasks > 0)
        if require is not None:
            keep &= (common_bits & require).any(axis=1)
        score = aa + tasks + self.base_weight * bases
        keep &= score >= MIN_SCORE
        secondary = (~self.primary[self.kinds[src], self.kinds[tgt]]).astype(np.int64)
        scores = _Scores(src, tgt, aa, ra, cn, score, tasks, secondary).take(keep)
        return scores.take(scores.order())

    def _base_candidates(self, rows: np.ndarray, cols: np.ndarray) -> sp.csr_array:
        """Members of each source's small bases (at most ``max_base`` members) among ``cols``."""
        colpos = np.full(len(self.nodes), -1, dtype=np.int64)
        colpos[cols] = np.arange(len(cols))
        r, c = [], []
        for j, s in enumerate(rows):
            for ind in self.industries[s]:
                members = self.base_members.get(ind)
                if members is not None:
                    pos = colpos[members]
                    pos = pos[pos >= 0]
                    r.append(np.full(len(pos), j, dtype=np.int64))
                    c.append(pos)
        if not r:
            return sp.csr_array((len(rows), len(cols)))
        return sp.coo_array((np.ones(sum(map(len, r))), (np.concatenate(r), np.concatenate(c))),
                            shape=(len(rows), len(cols))).tocsr()

    def _scored(self, sources: Iterable[str], batch: int, need_base_or_task: bool, industry: str | None,
                once: bool = False) -> Iterator[_Scores]:
        """Scores for every source, in batches grouped by the source's kind (each kind pairs with
        its own set of kinds; with ``once`` only with kinds of a higher code, so each pair is seen
        once)."""
        rows = np.array([self.index[s] for s in sources], dtype=np.int64)
        require = self._base_mask(industry)
        codes = self.kinds[rows]
        for code in sorted(set(codes.tolist())):
            group = rows[codes == code]
            allowed = self.allowed[code].copy()
            if once:
                allowed &= np.arange(len(allowed)) >= code
            cols = np.flatnonzero(allowed[self.kinds])
            right = [M[:, cols].tocsr() for M in (self.W_aa, self.W_ra, self.A_cn)]
            for start in range(0, len(group), batch):
                yield self._batch(group[start:start + batch], cols, right, once=once,
                                  need_base_or_task=need_base_or_task, require=require)

    def ranked(self, sources: Iterable[str], *, top: int | None = 10, batch: int = 512,
               need_base_or_task: bool = False) -> Iterator[tuple[str, list[tuple[str, PairEvidence]]]]:
        """For each source id, its best candidates as ``(target id, evidence)``, best first.

        Only candidates with a positive score (a common contact or a shared base) are returned.
        Sources come back grouped by kind. ``need_base_or_task`` keeps only pairs sharing an
        industry base or a task (gap finding).
        """
        wanted = list(sources)
        seen: set[int] = set()
        for scores in self._scored(wanted, batch, need_base_or_task, None):
            if top is not None:
                scores = scores.take(scores.rank_within_source() < top)
            by_source: dict[int, list[tuple[str, PairEvidence]]] = {}
            for i in range(len(scores.sources)):
                s = int(scores.sources[i])
                by_source.setdefault(s, []).append((self.nodes[scores.targets[i]], self._evidence(scores, i)))
            for s in dict.fromkeys(int(x) for x in scores.sources):
                seen.add(s)
                yield self.nodes[s], by_source[s]
        for source in wanted:  # sources without any candidate
            if self.index[source] not in seen:
                seen.add(self.index[source])
                yield source, []

    def best(self, source: str, *, top: int | None = 10) -> list[tuple[str, PairEvidence]]:
        return next(self.ranked([source], top=top))[1]

    def top_pairs(self, sources: Iterable[str], *, top: int, batch: int = 512, need_base_or_task: bool = True,
                  industry: str | None = None, once: bool = False) -> list[tuple[str, str, PairEvidence]]:
        """The ``top`` best unordered pairs over all sources, best first, each pair once.

        ``industry`` keeps pairs that share that base. ``once=True`` halves the work when the
        sources include every kind that can pair (each pair is then scored from one side only).
        Evidence is built only for the winners.
        """
        pool: _Scores | None = None
        for scores in self._scored(sources, batch, need_base_or_task, industry, once=once):
            # A pair among the best ``top`` overall is among its source's best ``top``.
            scores = scores.take(scores.rank_within_source() < top)
            pool = scores if pool is None else _Scores(*(np.concatenate([getattr(pool, f), getattr(scores, f)])
                                                          for f in _Scores.__dataclass_fields__))
            lo, hi = np.minimum(pool.sources, pool.targets), np.maximum(pool.sources, pool.targets)
            order = np.lexsort((hi, lo, -pool.common, -pool.resource_allocation, -np.round(pool.score, SCORE_DIGITS),
                                pool.secondary))
            pool = pool.take(order)
            lo, hi = lo[order], hi[order]
            # Without ``once`` a pair can come from both sides: keep its first (equal) copy.
            _, first = np.unique(lo * len(self.nodes) + hi, return_index=True)
            pool = pool.take(np.sort(first)[:top])
        if pool is None:
            return []
        return [(self.nodes[pool.sources[i]], self.nodes[pool.targets[i]], self._evidence(pool, i))
                for i in range(len(pool.sources))]

    def _evidence(self, scores: _Scores, i: int) -> PairEvidence:
        s, t = int(scores.sources[i]), int(scores.targets[i])
        A = self.A
        both = np.intersect1d(A.indices[A.indptr[s]:A.indptr[s + 1]], A.indices[A.indptr[t]:A.indptr[t + 1]],
                              assume_unique=True)
        both = both[self.contact[both] > 0]
        # Most specific contacts first: a contact few others share says most about the pair.
        # At most MAX_CONTACTS are named (common_neighbours keeps the full count).
        common = [self.names[z] for z in both[np.lexsort((self.name_rank[both], self.deg[both]))][:MAX_CONTACTS]]
        bases = sorted(self.industries[s] & self.industries[t])
        edge = self.H.get_edge_data(self.nodes[s], self.nodes[t]) or {}
        task_names = self.H.graph.get("task_names", {})
        # The smallest shared task first: a task of few bodies says most about them.
        tasks = sorted(edge.get("tasks", ()), key=lambda x: (self.task_size.get(x, 0), task_names.get(x, x)))
        reason = pair_reason(common=common, common_count=len(both), contacts_score=float(scores.adamic_adar[i]),
                             tasks=[(task_names.get(x, x), self.task_size.get(x, 0)) for x in tasks],
                             task_score=float(scores.tasks[i]), bases=bases,
                             base_score=self.base_weight * len(bases), lang=self.lang)
        return PairEvidence(score=round(float(scores.score[i]), SCORE_DIGITS), adamic_adar=float(scores.adamic_adar[i]),
                            resource_allocation=float(scores.resource_allocation[i]),
                            common_neighbours=int(scores.common[i]), common_contacts=common,
                            shared_industries=bases, shared_tasks=[task_names.get(x, x) for x in tasks],
                            shared_task_weight=float(scores.tasks[i]), complementary=not scores.secondary[i],
                            reason=reason)
