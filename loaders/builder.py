"""Assemble one document's facts into a ``GraphDelta``: plan, tasks, actors, relations, targets.

Every node and edge gets Evidence pointing into ``Document.text`` (source id and hash, span,
quoted sentence). Repeated mentions add evidence to one node or edge, never new ones.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from innograph.graph.model import Edge, Evidence, GraphDelta, Node, Source, make_node_id
from innograph.graph.schema import ActorKind, Label, RelationType

from .actors import Mention, find_mentions
from .confidence import confidence_of
from .trusted import construct_model
from .gazetteer import Gazetteer
from .markers import LEAD, MARKER_LABEL, RESPONSIBLE, SELF_REFERENCES, Assignment, find_assignments, first_listed_leads
from .names import classify_name
from .plan import Outline, Section, issue_date, issuer_span, parse_outline
from .relations import industry_of_title, partner_pairs
from .targets import find_targets

__all__ = ["DeltaBuilder", "Refusal", "TaskSummary", "build_delta"]

_SENTENCE_STOP = re.compile(r"[。！？!?\n]")
# Ids are derived from names many times per document; the derivation (NFKC, spaces) is pure.
_node_id = lru_cache(maxsize=65536)(make_node_id)
_QUOTE_MAX = 240
# "主办：X  运行维护：Y", "网站标识码…": a portal's footer that page cleaning let through.
_PAGE_FOOTER_RE = re.compile(r"\s*(?:主办(?:单位)?|承办(?:单位)?|运行维护|技术支持|网站标识码|版权所有|ICP备|联系电话)[:：\s]")
_COMPANY_TAILS = ("有限公司", "股份有限公司", "有限责任公司", "集团有限公司", "集团股份有限公司")
_NOTICE_RE = re.compile(r"^.{0,40}?关于印发《?(?P<plan>[^《》]{4,80}?)》?的通知$")
# "（牵头单位：…；责任单位：…）" or "[A牵头，会同B负责]" alone in its paragraph.
_MARKER_PARAGRAPH_RE = re.compile(
    rf"[（(【\[]?\s*{MARKER_LABEL}[】\]]?\s*[:：]?[^。]*$"
    r"|[（(【\[][^（()）【】\[\]。]{2,200}(?:牵头|负责)[^（()）【】\[\]。]*[）)】\]]\s*$")


class _Spans:
    """Spans already explained by responsibility markers, for quick overlap tests."""

    def __init__(self, spans: Any) -> None:
        merged: list[list[int]] = []
        for a, b in sorted(spans):
            if merged and a <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], b)
            else:
                merged.append([a, b])
        self.starts = [a for a, _ in merged]
        self.ends = [b for _, b in merged]

    def __bool__(self) -> bool:
        return bool(self.starts)

    def overlaps(self, start: int, end: int) -> bool:
        i = bisect_left(self.starts, end) - 1  # the last span starting before ``end``
        return i >= 0 and self.ends[i] > start


@dataclass
class TaskSummary:
    id: str
    title: str
    path: list[str]
    lead: list[str] = field(default_factory=list)
    responsible: list[str] = field(default_factory=list)
    groups: list[str] = field(default_factory=list)
    targets: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class Refusal:
    """A candidate that looked like a name but failed a name check, for a person to review."""

    name: str
    reason: str
    start: int
    end: int
    quote: str


class DeltaBuilder:
    """Collects nodes and edges for one source, merging repeats as they come."""

    def __init__(self, source: Source, text: str) -> None:
        self.source = source
        self.text = text
        self.nodes: dict[str, dict[str, Any]] = {}
        self.edges: dict[tuple[str, RelationType, str], dict[str, Any]] = {}
        # Sentence ends, found once: quoting a span is then two binary searches.
        self._stops = [m.start() for m in _SENTENCE_STOP.finditer(text)]
        self._evidence: dict[tuple[int, int], Evidence] = {}
        self.refused: dict[str, Refusal] = {}  # by candidate: the first place it was refused

    def evidence(self, start: int, end: int) -> Evidence:
        """Evidence for a span, quoting the sentence (or line) around it."""
        cached = self._evidence.get((start, end))
        if cached is not None:
            return cached
        text, stops = self.text, self._stops
        i = bisect_left(stops, start)  # stops[i-1] < start <= stops[i]
        left = max(stops[i - 1] + 1 if i else 0, start - _QUOTE_MAX)
        j = bisect_left(stops, end)
        if j < len(stops):
            stop = stops[j]
            right = stop if text[stop] == "\n" else stop + 1
        else:
            right = len(text)
        right = min(right, end + _QUOTE_MAX)
        # Built without re-validation: the values come from this builder, not from input.
        evidence = construct_model(Evidence, {"source_id": self.source.id, "source_hash": self.source.sha256, "start": start,
                                         "end": end, "quote": text[left:right].strip()})
        self._evidence[(start, end)] = evidence
        return evidence

    def refuse(self, refused: list[tuple[str, int, int, str]]) -> None:
        for name, start, end, reason in refused:
            if name not in self.refused:
                self.refused[name] = Refusal(name, reason, start, end, self.evidence(start, end).quote)

    def node(self, node_id: str, label: Label, name: str, start: int, end: int, *, kind: ActorKind | None = None,
             aliases: tuple[str, ...] = (), **properties: Any) -> str:
        entry = self.nodes.get(node_id)
        if entry is None:
            entry = self.nodes[node_id] = {"id": node_id, "label": label, "name": name, "kind": kind,
                                           "aliases": [], "properties": {}, "evidence": []}
        if aliases:
            entry["aliases"].extend(a for a in aliases if a not in entry["aliases"] and a != name)
        if properties:
            entry["properties"].update(properties)
        # Most spans are quoted more than once (a node and its edges): look in the cache first.
        entry["evidence"].append(self._evidence.get((start, end)) or self.evidence(start, end))
        return node_id

    def actor(self, mention: Mention) -> str:
        assert mention.kind is not None
        node_id = _node_id(Label.ACTOR, mention.name, mention.kind)
        entry = self.nodes.get(node_id)
        if (entry is not None and not mention.aliases and mention.surface == mention.name
                and entry["properties"]["confidence"] >= confidence_of(mention.how)):
            # The common repeat (an actor named again by its own name): only evidence to add.
            entry["evidence"].append(self._evidence.get((mention.start, mention.end)) or self.evidence(mention.start, mention.end))
            return node_id
        aliases = tuple(mention.aliases) + ((mention.surface,) if mention.surface != mention.name else ())
        self.node(node_id, Label.ACTOR, mention.name, mention.start, mention.end, kind=mention.kind, aliases=aliases)
        properties = self.nodes[node_id]["properties"]
        score = confidence_of(mention.how)
        if score > properties.get("confidence", 0.0):  # the surest rule that found it speaks for it
            properties["confidence"], properties["rule"] = score, mention.how
        return node_id

    def edge(self, source: str, type_: RelationType, target: str, start: int, end: int, **properties: Any) -> None:
        key = (source, type_, target)
        entry = self.edges.get(key)
        if entry is None:
            # Shaped like Edge (field order as Edge is serialised from it): delta() hands it over.
            entry = self.edges[key] = {"source": source, "type": type_, "target": target, "properties": {}, "evidence": []}
        if properties:
            entry["properties"].update(properties)
        entry["evidence"].append(self._evidence.get((start, end)) or self.evidence(start, end))

    def merge_short_forms(self) -> dict[str, str]:
        """Fold a firm's short form into its full registered name when a plan uses both
        (X集团 and X集团有限公司): one actor, the short form an alias. Returns old id -> new id."""
        firms = {n["name"]: node_id for node_id, n in self.nodes.items()
                 if n["kind"] in (ActorKind.ENTERPRISE, ActorKind.FINANCE)}
        redirect = {}
        for name, node_id in firms.items():
            full = next((firms[name + tail] for tail in _COMPANY_TAILS if name + tail in firms), None)
            if full is not None:
                redirect[node_id] = full
        for old, new in redirect.items():
            short, target = self.nodes.pop(old), self.nodes[new]
            for alias in (short["name"], *short["aliases"]):
                if alias not in target["aliases"] and alias != target["name"]:
                    target["aliases"].append(alias)
            target["evidence"].extend(short["evidence"])
        if redirect:
            edges: dict[tuple[str, RelationType, str], dict[str, Any]] = {}
            for (src, type_, dst), entry in self.edges.items():
                key = (redirect.get(src, src), type_, redirect.get(dst, dst))
                if key[0] == key[2]:
                    continue
                merged = edges.setdefault(key, {"source": key[0], "type": type_, "target": key[2], "properties": {},
                                                "evidence": []})
                merged["properties"].update(entry["properties"])
                merged["evidence"].extend(ev for ev in entry["evidence"] if ev not in merged["evidence"])
            self.edges = edges
        return redirect

    def delta(self) -> GraphDelta:
        # Built without re-validation: ids come from make_node_id, labels, kinds and types from
        # the schema enums, and property names are this module's own (checked by the tests).
        # The builder's node and edge dicts already have exactly the models' fields: they become
        # the nodes and edges.
        nodes = [construct_model(Node, n) for n in self.nodes.values()]
        edges = [construct_model(Edge, e) for e in self.edges.values()]
        return GraphDelta.model_construct(source=self.source, nodes=nodes, edges=edges)


def build_delta(source: Source, text: str, paragraphs: list[tuple[int, int, str]], title: str,
                gazetteer: Gazetteer) -> tuple[GraphDelta, list[TaskSummary], Outline, list[Refusal]]:
    """The graph one plan contributes, with a per-task summary for people and the candidates
    that were refused as names."""
    notice = _NOTICE_RE.match(title)
    if notice:  # "…关于印发《X》的通知": the plan is X; its own title line comes later
        title = notice.group("plan")
    outline = parse_outline(text, paragraphs, title)
    builder = DeltaBuilder(source, text)
    plan_title = outline.title or source.id
    span = outline.title_span or (0, min(len(text), len(plan_title)))
    plan_id = builder.node(_node_id(Label.PLAN, plan_title), Label.PLAN, plan_title, *span)
    first_leads = first_listed_leads(text)
    issuer = _issuer_name(text, paragraphs, gazetteer)
    issued = issue_date(paragraphs)
    if issuer or issued:  # who issued the plan and when, as the plan states them (the findings' header)
        builder.node(plan_id, Label.PLAN, plan_title, *span,
                     **{key: value for key, value in (("issuer", issuer), ("date", issued)) if value})
    task_ids: dict[int, str] = {}
    summaries: list[TaskSummary] = []
    for section in outline.sections:
        task_id = _node_id(Label.TASK, f"{plan_title}#{'/'.join(section.path)}")
        task_ids[id(section)] = task_id
        parent = task_ids[id(section.parent)] if section.parent else plan_id
        summary = TaskSummary(task_id, section.title, section.path)
        _task(builder, gazetteer, section, task_id, summary, first_leads, issuer)
        builder.node(task_id, Label.TASK, section.title, section.heading.start, section.heading.end,
                     path=section.path, groups=summary.groups, order=section.order)
        builder.edge(task_id, RelationType.PART_OF, parent, section.heading.start, section.heading.end)
        summaries.append(summary)
    for start, end in outline.preamble:
        for clause in find_mentions(text, start, end, gazetteer):
            builder.refuse(clause.refused)
            for mention in clause.mentions:
                if mention.kind is not None:
                    builder.actor(mention)
    # "牵头单位：组织部" in a page's header: the units it names are actors, of no task.
    for item in find_assignments(text, outline.preamble, gazetteer.names, government=gazetteer.government_names):
        if not item.group and item.name not in SELF_REFERENCES:
            builder.actor(_assignment_mention(item, gazetteer))
    redirect = builder.merge_short_forms()
    for summary in summaries:
        summary.lead = list(dict.fromkeys(redirect.get(i, i) for i in summary.lead))
        summary.responsible = list(dict.fromkeys(redirect.get(i, i) for i in summary.responsible))
    actor_names = {n["name"] for n in builder.nodes.values()} | {a for n in builder.nodes.values() for a in n["aliases"]}
    refused = [r for r in builder.refused.values() if r.name not in actor_names]
    return builder.delta(), summaries, outline, refused


def _issuer_name(text: str, paragraphs: list[tuple[int, int, str]], gazetteer: Gazetteer) -> str | None:
    """The government body that issued the plan, named where the plan names its issuer."""
    span = issuer_span(paragraphs)
    if span is None:
        return None
    for clause in find_mentions(text, *span, gazetteer):
        for mention in clause.mentions:
            if mention.kind is ActorKind.GOVERNMENT:
                return mention.surface
    return None


def _assignment_mention(item: Assignment, gazetteer: Gazetteer) -> Mention:
    """The actor a responsibility marker names: curated, or with the kind its name says."""
    entry = gazetteer.lookup(item.name)
    kind = entry.kind if entry else classify_name(item.name, department=True)
    rule = "gazetteer" if entry else ("marker" if kind else "marker-guess")
    aliases = (tuple(entry.aliases) if entry else ()) + ((item.alias,) if item.alias else ())
    return Mention(item.name, item.start, item.end, entry.name if entry else item.name,
                   kind or ActorKind.GOVERNMENT, rule, aliases=aliases)


def _unit_section(text: str, section: Section, gazetteer: Gazetteer) -> list[Assignment]:
    """"（一）市工信局：负责……；牵头……": a section of duties headed by the unit that has them. The
    unit leads when its duties say 牵头, else it is responsible."""
    title = section.title
    if len(title) > 20 or not section.body or not _DUTY_RE.search(text, section.body[0][0], section.body[-1][1]):
        return []
    entry = gazetteer.lookup(title)
    if (entry.kind if entry else classify_name(title, department=True)) not in (ActorKind.GOVERNMENT, ActorKind.ENTERPRISE):
        return []
    lead = "牵头" in text[section.body[0][0]:section.body[-1][1]]
    return [Assignment(LEAD if lead else RESPONSIBLE, title, section.heading.start, section.heading.end)]


_DUTY_RE = re.compile(r"负责|牵头|做好|落实|配合")


def _task(builder: DeltaBuilder, gazetteer: Gazetteer, section: Section, task_id: str, summary: TaskSummary,
          first_leads: bool, issuer: str | None = None) -> None:
    text = builder.text
    # An item that is one sentence ("（3）公安部负责维护……。") carries its duty in its heading.
    heading = [(section.heading.start, section.heading.end)] if section.heading.end > section.heading.start else []
    spans = sorted(heading + section.body) if section.is_leaf else section.body
    assignments = find_assignments(text, spans, gazetteer.names, first_leads=first_leads,
                                   government=gazetteer.government_names)
    if all(a.group for a in assignments):  # none, or only a category (工业和信息化部门) in the heading
        assignments = assignments + _unit_section(text, section, gazetteer)
    taken = _Spans((a.start, a.end) for a in assignments)
    for item in assignments:
        if item.group:
            _add_group(summary, item.name)
            continue
        if item.name in SELF_REFERENCES:
            if issuer is None:
                continue  # "我局" with no issuer named anywhere: nobody to link
            item.name = issuer
        actor_id = builder.actor(_assignment_mention(item, gazetteer))
        role = RelationType.LEADS if item.role == LEAD else RelationType.RESPONSIBLE_FOR
        builder.edge(actor_id, role, task_id, item.start, item.end)
        bucket = summary.lead if item.role == LEAD else summary.responsible
        if actor_id not in bucket:
            bucket.append(actor_id)
    industry = industry_of_title(section.title, gazetteer.industry_in(section.title))
    industry_id = None
    if industry:
        industry_id = builder.node(_node_id(Label.INDUSTRY, industry), Label.INDUSTRY, industry,
                                   section.heading.start, section.heading.end)
        builder.edge(task_id, RelationType.IN_INDUSTRY, industry_id, section.heading.start, section.heading.end)
    for start, end in section.body:
        if _MARKER_PARAGRAPH_RE.match(text, start, end) or _PAGE_FOOTER_RE.match(text, start, end):
            continue  # responsibilities only (read by find_assignments), or a web page's footer
        for clause in find_mentions(text, start, end, gazetteer):
            builder.refuse(clause.refused)
            for name, _s, _e in clause.groups:
                _add_group(summary, name)
            free = [m for m in clause.mentions if not taken.overlaps(m.start, m.end)] if taken else clause.mentions
            for mention in free:
                _mention(builder, mention, task_id, industry_id)
            clause.mentions = free
            for left, right, s, e in partner_pairs(text, clause):
                builder.edge(builder.actor(left), RelationType.PARTNERS_WITH, builder.actor(right), s, e)
        for target in find_targets(text, start, end):
            if taken.overlaps(target.start, target.end):
                continue
            target_id = _node_id(Label.TARGET, f"{task_id}#{target.metric}#{target.value:g}")
            builder.node(target_id, Label.TARGET, f"{target.metric} {target.value:g}{target.unit}", target.start, target.end,
                         metric=target.metric, value=target.value, comparator=target.comparator, unit=target.unit,
                         text=target.text, task=section.title)
            builder.edge(task_id, RelationType.HAS_TARGET, target_id, target.start, target.end)
            row = {"metric": target.metric, "value": target.value, "comparator": target.comparator, "unit": target.unit,
                   "text": target.text}
            if row not in summary.targets:
                summary.targets.append(row)


def _mention(builder: DeltaBuilder, mention: Mention, task_id: str, industry_id: str | None) -> None:
    if mention.kind is None:  # a fund, programme or policy
        program_id = builder.node(_node_id(Label.PROGRAM, mention.name), Label.PROGRAM, mention.name,
                                  mention.start, mention.end, program_type=mention.program_type or "programme")
        builder.edge(task_id, RelationType.HAS_PROGRAM, program_id, mention.start, mention.end)
        return
    actor_id = builder.actor(mention)
    builder.edge(actor_id, RelationType.PARTICIPATES_IN, task_id, mention.start, mention.end)
    if industry_id and mention.kind is not ActorKind.GOVERNMENT:
        builder.edge(actor_id, RelationType.IN_INDUSTRY, industry_id, mention.start, mention.end)
    for industry in mention.industries:
        other = builder.node(_node_id(Label.INDUSTRY, industry), Label.INDUSTRY, industry, mention.start, mention.end)
        builder.edge(actor_id, RelationType.IN_INDUSTRY, other, mention.start, mention.end)


def _add_group(summary: TaskSummary, name: str) -> None:
    if name not in summary.groups:
        summary.groups.append(name)
