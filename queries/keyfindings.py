"""Key findings: the few sentences a planner sends to a director, each computed from the graph.

Each rule below looks for one kind of truth in the analyses already run (``Findings``) and, when
the plan shows it, writes one plain sentence with its evidence (the names and counts it rests
on) and a link to the table or map that shows it. Rules carry a weight (how much a planner must
act on it); findings are ranked by weight, then by the order of the rules, and at most
``MAX_FINDINGS`` are kept. Nothing is written for a truth the graph does not show.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

import networkx as nx

from innograph.core.i18n import join_names, text
from innograph.graph.schema import ActorKind, HelixRole, Label

from .network import Result

if TYPE_CHECKING:
    from .findings import Findings

__all__ = ["KeyFinding", "key_findings", "is_fund", "MAX_FINDINGS"]

MAX_FINDINGS = 10
_FUND_TAILS = ("基金", "资金")
_RESEARCH = (HelixRole.UNIVERSITY.value, HelixRole.RESEARCH.value)


class KeyFinding(Result):
    rank: int
    key: str  # which rule found it: base_without_research, no_finance, load, bridge, ...
    text: str
    evidence: list[str]
    link: str  # the report's section or map that shows it


def is_fund(name: str) -> bool:
    """A fund (种子基金) is money the plan sets up, not a finance body it names (a bank, a VC firm).

    >>> is_fund("天使基金"), is_fund("X农村商业银行")
    (True, False)
    """
    return name.endswith(_FUND_TAILS)


Rule = Callable[["Findings", nx.Graph, nx.Graph, str], Iterator[tuple[int, str, str, list[str], str]]]


def _bases_without_research(found: Findings, G: nx.Graph, H: nx.Graph, lang: str):
    for row in found.helix.rows:
        if row.kind != "industry" or row.university or row.research or not row.industry:
            continue
        firms = sorted(H.nodes[v]["name"] for v in H if row.name in H.nodes[v]["industries"]
                       and H.nodes[v].get("kind") == ActorKind.ENTERPRISE.value)
        alone = [f for f in firms if not any(H.nodes[u].get("role") in _RESEARCH and d.get("partners")
                                             for v in H if H.nodes[v]["name"] == f for u, d in H[v].items())]
        if alone:
            yield (3, "base_without_research", text(lang, "kf_no_research", base=row.name,
                                                    names=join_names(alone, lang, limit=5)), alone,
                   f"#base-{row.name}")


def _finance(found: Findings, G: nx.Graph, H: nx.Graph, lang: str):
    finance = sorted(H.nodes[v]["name"] for v in H if H.nodes[v].get("kind") == ActorKind.FINANCE.value)
    bodies = [n for n in finance if not is_fund(n)]
    funds = [n for n in finance if is_fund(n)]
    if bodies:
        return
    key = "kf_no_finance_funds" if funds else "kf_no_finance"
    shown = "、".join(funds[:2]) + (text(lang, "kf_etc") if len(funds) > 2 else "")
    per_base = [f"{r.name} 金={r.finance}" for r in found.helix.rows]
    yield 3, "no_finance", text(lang, key, n=len(funds), names=shown), funds + per_base, "#helix"


def _load(found: Findings, G: nx.Graph, H: nx.Graph, lang: str):
    rows = found.department_load.rows
    if not rows or not rows[0].total:
        return
    top = max(rows, key=lambda r: (r.total, r.led))
    yield (2, "load", text(lang, "kf_load", name=top.name, led=top.led, shared=top.shared,
                           n=len([r for r in rows if r.total])), [top.name], "#department_load")


def _bridges(found: Findings, G: nx.Graph, H: nx.Graph, lang: str):
    for actor, pairs in found.base_bridges.items():
        name = H.nodes[actor]["name"] if actor in H else actor
        for a, b in pairs:
            yield 3, "bridge", text(lang, "kf_bridge", name=name, a=a, b=b), [name, a, b], "#brokers"


def _unpartnered(found: Findings, G: nx.Graph, H: nx.Graph, lang: str):
    firms = sorted(H.nodes[v]["name"] for v in H if H.nodes[v].get("kind") == ActorKind.ENTERPRISE.value
                   and not any(d.get("partners") for d in H[v].values()))
    if firms:
        yield 2, "unpartnered", text(lang, "kf_unpartnered", n=len(firms), names=join_names(firms, lang)), firms, "#gaps"


def _task_coverage(found: Findings, G: nx.Graph, H: nx.Graph, lang: str):
    missing = [t for t in found.task_gaps if any(m in t.missing for m in (text(lang, "missing_enterprise"),
                                                                        text(lang, "missing_research")))]
    if missing:
        yield (1, "task_coverage", text(lang, "kf_tasks", n=len(missing), total=found.counts.leaf_tasks),
               [t.name for t in missing], "#task_coverage")


def _targets(found: Findings, G: nx.Graph, H: nx.Graph, lang: str):
    if found.targets is None or not found.targets.rows:
        return
    rows = found.targets.rows
    open_ = [r for r in rows if r.achieved is None]
    if open_:
        yield (1, "targets", text(lang, "kf_targets", n=len(open_), total=len(rows)),
               list(dict.fromkeys(r.metric for r in open_)), "#targets")


def _first_gap(found: Findings, G: nx.Graph, H: nx.Graph, lang: str):
    if found.gaps_shown:
        g = found.gaps_shown[0]
        yield 1, "gap", text(lang, "kf_gap", a=g.name, b=g.partner, reason=g.reason), [g.name, g.partner], "#gaps"


_RULES: tuple[Rule, ...] = (_bases_without_research, _finance, _bridges, _load, _unpartnered, _task_coverage,
                            _targets, _first_gap)


def key_findings(found: Findings, G: nx.Graph, H: nx.Graph) -> list[KeyFinding]:
    """The ranked key findings of ``found`` (computed from ``G``, actor network ``H``), in
    ``found.lang``; at most ``MAX_FINDINGS``."""
    lang = found.lang
    raw = [(weight, order, key, sentence, evidence, link) for order, rule in enumerate(_RULES)
           for weight, key, sentence, evidence, link in rule(found, G, H, lang)]
    raw.sort(key=lambda r: (-r[0], r[1]))
    return [KeyFinding(rank=i, key=key, text=sentence, evidence=evidence, link=link)
            for i, (_, _, key, sentence, evidence, link) in enumerate(raw[:MAX_FINDINGS], start=1)]


def plan_title(G: nx.Graph) -> str:
    """The plan's title as the graph names it (the first plan when several are loaded)."""
    return next((str(d.get("name")) for _, d in sorted(G.nodes(data=True), key=lambda x: x[0])
                 if d.get("label") == Label.PLAN.value), "")
