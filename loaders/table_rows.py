"""One table row -> nodes and edges, for each table type; the header vocabulary lives here.

A ``RowError`` carries the problem without the file and row; ``tables.read_table`` adds them.
Repeated actors and edges across rows are merged (evidence accumulates), so a delta holds
each node and edge once.
"""

from __future__ import annotations

import math
import re
from datetime import date

from pydantic import ValidationError

from innograph.graph.model import Edge, Evidence, GraphDelta, Node, PropertyValue, Source, make_node_id, normalize_name
from innograph.graph.schema import ActorKind, Label, RelationType, parse_kind, parse_relation_type

from .actors import classify_name
from .gazetteer import Gazetteer

__all__ = ["COLUMNS", "REQUIRED", "RowError", "RowBuilder", "parse_actor_kind", "parse_table_relation", "guess_kind"]


def _synonyms(table: dict[str, str]) -> dict[str, str]:
    """{"name": "名称|单位名称"} -> {"name": "name", "名称": "name", "单位名称": "name"} (keys compared lower-case, no spaces)."""
    out: dict[str, str] = {}
    for field, words in table.items():
        for word in [field.replace("_", ""), *words.split("|")]:
            out[word.lower().replace("_", "")] = field
    return out


# Header words per table type; checked in this order (relations first: their "target" is not
# the progress table's target metric).
COLUMNS: dict[str, dict[str, str]] = {
    "relations": _synonyms({
        "source": "from|来源|来源方|源", "target": "to|目标|目标方|对象", "type": "relation|relationtype|关系|关系类型",
        "source_kind": "来源类型|来源种类", "target_kind": "目标类型|目标种类", "status": "状态", "since": "开始时间|起始时间|始于|起始年份",
    }),
    "actors": _synonyms({
        "name": "名称|单位名称|机构名称|主体名称", "kind": "type|类型|类别|主体类型|机构类型",
        "aliases": "alias|别名|简称|又名", "industry": "industries|产业|行业|所属产业|所属行业",
    }),
    "projects": _synonyms({
        "title": "project|projectname|项目|项目名称", "lead": "leads|牵头单位|牵头方|承担单位",
        "partners": "partner|合作单位|参与单位|合作方|参与方", "industry": "industries|产业|行业|所属产业", "status": "状态|进展状态",
    }),
    "progress": _synonyms({
        "task": "任务|任务名称|项目|项目名称", "metric": "target|指标|指标名称", "value": "数值|完成值|实际值",
        "date": "日期|时间|统计时间|统计日期", "unit": "单位|计量单位",
    }),
}
# Each inner tuple is "one of these"; all tuples are needed.
REQUIRED: dict[str, list[tuple[str, ...]]] = {
    "relations": [("source",), ("target",), ("type",)],
    "actors": [("name",), ("kind",)],
    "projects": [("title",), ("lead", "partners")],
    "progress": [("task", "metric"), ("value",), ("date",)],
}

_KIND_WORDS: dict[str, ActorKind] = {
    **{w: ActorKind.GOVERNMENT for w in "政府 政府部门 政府机构 部门 党政机关".split()},
    **{w: ActorKind.FINANCE for w in "金融 金融机构 银行 投资机构 基金".split()},
    **{w: ActorKind.ENTERPRISE for w in "企业 公司".split()},
    **{w: ActorKind.UNIVERSITY for w in "高校 大学 高等院校 学校".split()},
    **{w: ActorKind.INSTITUTE for w in "科研院所 研究院 研究所 科研机构 院所".split()},
    **{w: ActorKind.ASSOCIATION for w in "协会 联盟 学会 商会 协会联盟 社会组织".split()},
    **{w: ActorKind.PLATFORM for w in "平台 园区 平台园区 载体 基地".split()},
    **{w: ActorKind.USER for w in "用户 应用 应用方 用户单位".split()},
    **{w: ActorKind.OTHER for w in "其他 其它".split()},
}
_RELATION_WORDS: dict[str, RelationType] = {
    **{w: RelationType.PARTNERS_WITH for w in "合作 合作关系 伙伴 合作伙伴 共建".split()},
    **{w: RelationType.LEADS for w in "牵头 牵头单位".split()},
    **{w: RelationType.RESPONSIBLE_FOR for w in "负责 责任 责任单位 配合".split()},
    **{w: RelationType.PARTICIPATES_IN for w in "参与 参与单位".split()},
    **{w: RelationType.MEMBER_OF for w in "成员 会员 成员单位".split()},
    **{w: RelationType.FUNDS for w in "资助 投资 出资 支持资金".split()},
}
_LIST_SEPARATORS = re.compile(r"\s*[|;；、，,/\n]\s*")


class RowError(ValueError):
    """A bad cell; the message names the column and the value."""


def _parse_word(value: str, column: str, words: dict, parse, vocabulary: type, chinese: str):  # type: ignore[no-untyped-def]
    text = value.strip()
    if text in words:
        return words[text]
    try:
        return parse(text)
    except ValueError:
        allowed = ", ".join(member.value for member in vocabulary)
        raise RowError(f"column {column!r}: {value!r} is not one of {allowed} (or {chinese})") from None


def parse_actor_kind(value: str, column: str) -> ActorKind:
    return _parse_word(value, column, _KIND_WORDS, parse_kind, ActorKind, "政府, 金融, 企业, 高校, 科研院所, 协会, 平台, 用户, 其他")


def parse_table_relation(value: str, column: str) -> RelationType:
    return _parse_word(value, column, _RELATION_WORDS, parse_relation_type, RelationType, "合作, 牵头, 负责, 参与, 成员, 资助")


def guess_kind(name: str, *, lead: bool = False) -> ActorKind:
    """An actor's kind from its name when the table does not say it (``other`` when the name
    does not tell), by the same suffix rules the plan reader uses.

    A 牵头单位 column reads like a plan's list of responsible departments, so there a name such
    as ``区信息安全产业发展中心`` is a government body rather than a platform.

    >>> guess_kind("昆明机电研究所"), guess_kind("区科协"), guess_kind("星火工作室")
    (<ActorKind.INSTITUTE: 'institute'>, <ActorKind.GOVERNMENT: 'government'>, <ActorKind.OTHER: 'other'>)
    >>> guess_kind("区信息安全产业发展中心", lead=True)
    <ActorKind.GOVERNMENT: 'government'>
    """
    kind = classify_name(name)
    if kind is None or (lead and kind is ActorKind.PLATFORM):
        kind = classify_name(name, department=True) or kind
    return kind or ActorKind.OTHER


def split_list(text: str) -> list[str]:
    return [part for part in _LIST_SEPARATORS.split(text.strip()) if part]


def typed_value(text: str) -> PropertyValue:
    """Whole numbers and decimals become numbers (not codes with leading zeros); the rest stays text."""
    if re.fullmatch(r"-?(?:0|[1-9]\d*)", text):
        return int(text)
    if re.fullmatch(r"-?(?:0|[1-9]\d*)\.\d+", text):
        return float(text)
    return text


def parse_number(text: str, column: str) -> tuple[float, str]:
    """A measured value: "1,234", "85%", "12.5" -> (value, unit implied by the cell)."""
    cleaned = text.replace(",", "").replace("，", "").strip()
    unit = ""
    if cleaned.endswith(("%", "％")):
        cleaned, unit = cleaned[:-1], "%"
    try:
        value = float(cleaned)
    except ValueError:
        value = math.nan
    if not math.isfinite(value):  # float() also reads "nan" and "inf", which no store can keep
        raise RowError(f"column {column!r}: {text!r} is not a number")
    return value, unit


_DATE = re.compile(r"^(\d{4})(?:\s*[-/.年]\s*(\d{1,2})(?:\s*[-/.月]\s*(\d{1,2})\s*日?|\s*月)?)?\s*年?$")


def parse_iso_date(text: str, column: str) -> str:
    """yyyy-mm-dd, yyyy-mm or yyyy (also written with / . or 年月日) as ISO text."""
    match = _DATE.match(text.strip())
    if match:
        year, month, day = (int(g) if g else None for g in match.groups())
        try:
            if day is not None:
                return date(year, month, day).isoformat()  # type: ignore[arg-type]
            if month is not None and 1 <= month <= 12:
                return f"{year:04d}-{month:02d}"
            if month is None:
                return f"{year:04d}"
        except ValueError:
            pass
    raise RowError(f"column {column!r}: {text!r} is not a date (yyyy-mm-dd, yyyy-mm or yyyy)")


class RowBuilder:
    """Accumulates the nodes and edges of a table, one row at a time.

    ``columns`` maps field names to column indexes, plus ``"extra"``: ``[(index, property)]``.
    A row is validated completely before anything of it is kept, so a skipped bad row leaves
    no half of itself behind.
    """

    def __init__(self, table_type: str, columns: dict, header: list[str], source: Source, gazetteer: Gazetteer | None = None) -> None:
        self._gazetteer = gazetteer
        self.table_type = table_type
        self._columns = {field: index for field, index in columns.items() if field != "extra"}
        self._extra: list[tuple[int, str]] = columns.get("extra", [])
        self._header = header
        self._source = source
        self._nodes: dict[str, Node] = {}
        self._edges: dict[str, Edge] = {}

    def delta(self) -> GraphDelta:
        return GraphDelta(source=self._source, nodes=list(self._nodes.values()), edges=list(self._edges.values()))

    def add(self, number: int, cells: list[str]) -> None:
        self._cells = cells
        evidence = Evidence(
            source_id=self._source.id,
            source_hash=self._source.sha256,
            start=number,
            end=number,
            quote=", ".join(cell for cell in cells if cell),
        )
        try:
            nodes, edges = getattr(self, f"_{self.table_type}_row")(evidence)
        except ValidationError as e:  # e.g. a name that is only punctuation
            first = e.errors()[0]
            raise RowError(f"{first['msg']} (input {first.get('input')!r})") from None
        for node in nodes:
            self._merge_node(node)
        for edge in edges:
            self._merge_edge(edge)

    # --- cells ---

    def _column(self, field: str) -> str:
        return self._header[self._columns[field]].strip()

    def _get(self, field: str) -> str:
        index = self._columns.get(field)
        return self._cells[index].strip() if index is not None and index < len(self._cells) else ""

    def _need(self, field: str) -> str:
        value = self._get(field)
        if not value:
            raise RowError(f"column {self._column(field)!r} is empty")
        return value

    def _extras(self) -> dict[str, PropertyValue]:
        return {prop: typed_value(self._cells[i].strip()) for i, prop in self._extra if i < len(self._cells) and self._cells[i].strip()}

    def _written_kind(self, field: str) -> ActorKind | None:
        written = self._get(field)
        return parse_actor_kind(written, self._column(field)) if written else None

    def _actor(self, name: str, kind: ActorKind | None, evidence: Evidence, *, lead: bool = False, aliases: list[str] = (),  # type: ignore[assignment]
               properties: dict[str, PropertyValue] | None = None) -> Node:
        """An actor node under the gazetteer's canonical name (so a table's 中国农科院 meets a
        plan's 中国农业科学院); the kind the table gives wins, then the gazetteer's, then the
        name's suffix."""
        entry = self._gazetteer.lookup(name) if self._gazetteer is not None else None
        if entry is not None:
            aliases = [*aliases, name] if normalize_name(name) != entry.name else list(aliases)
            name, kind = entry.name, kind or entry.kind
        return Node.actor(name, kind or guess_kind(name, lead=lead), aliases=aliases, properties=properties or {}, evidence=[evidence])

    # --- one builder per table type ---

    def _actors_row(self, evidence: Evidence) -> tuple[list[Node], list[Edge]]:
        name = self._need("name")
        kind = parse_actor_kind(self._need("kind"), self._column("kind"))
        actor = self._actor(name, kind, evidence, aliases=split_list(self._get("aliases")), properties=self._extras())
        return self._with_industries([actor], [actor], evidence)

    def _relations_row(self, evidence: Evidence) -> tuple[list[Node], list[Edge]]:
        source_name, target_name = self._need("source"), self._need("target")
        relation = parse_table_relation(self._need("type"), self._column("type"))
        source = self._actor(source_name, self._written_kind("source_kind"), evidence)
        target = self._actor(target_name, self._written_kind("target_kind"), evidence)
        if source.id == target.id:
            raise RowError(f"columns {self._column('source')!r} and {self._column('target')!r} name the same actor {source.name!r}")
        properties = self._extras()
        for field in ("status", "since"):
            if self._get(field):
                properties[field] = typed_value(self._get(field))
        edge = Edge(source=source.id, target=target.id, type=relation, properties=properties, evidence=[evidence])
        return [source, target], [edge]

    def _projects_row(self, evidence: Evidence) -> tuple[list[Node], list[Edge]]:
        title = self._need("title")
        properties: dict[str, PropertyValue] = {**self._extras(), "path": [title]}
        if self._get("status"):
            properties["status"] = self._get("status")
        task = Node(id=make_node_id(Label.TASK, title), label=Label.TASK, name=title, properties=properties, evidence=[evidence])
        leads = [self._actor(n, None, evidence, lead=True) for n in split_list(self._get("lead"))]
        partners = [self._actor(n, None, evidence) for n in split_list(self._get("partners"))]
        partners = [p for p in partners if p.id not in {lead.id for lead in leads}]
        edges = [Edge(source=a.id, target=task.id, type=RelationType.LEADS, evidence=[evidence]) for a in leads]
        edges += [Edge(source=p.id, target=task.id, type=RelationType.PARTICIPATES_IN, evidence=[evidence]) for p in partners]
        edges += [
            Edge(source=a.id, target=p.id, type=RelationType.PARTNERS_WITH, evidence=[evidence]) for a in leads for p in partners
        ]
        nodes, more = self._with_industries([task, *leads, *partners], [task, *leads, *partners], evidence)
        return nodes, edges + more

    def _progress_row(self, evidence: Evidence) -> tuple[list[Node], list[Edge]]:
        task, metric = self._get("task"), self._get("metric")
        if not task and not metric:
            named = [repr(self._column(f)) for f in ("task", "metric") if f in self._columns]
            raise RowError(f"column {named[0]} is empty" if len(named) == 1 else f"columns {named[0]} and {named[1]} are both empty")
        value, implied_unit = parse_number(self._need("value"), self._column("value"))
        when = parse_iso_date(self._need("date"), self._column("date"))
        name = " ".join(part for part in (task, metric, when) if part)
        properties: dict[str, PropertyValue] = {
            **self._extras(), "task": task, "metric": metric, "value": value, "date": when, "unit": self._get("unit") or implied_unit,
        }
        node = Node(id=make_node_id(Label.ACHIEVEMENT, name), label=Label.ACHIEVEMENT, name=name, properties=properties, evidence=[evidence])
        return [node], []

    def _industry(self, name: str) -> str:
        return self._gazetteer.canonical_industry(name) if self._gazetteer is not None else name

    def _with_industries(self, nodes: list[Node], members: list[Node], evidence: Evidence) -> tuple[list[Node], list[Edge]]:
        industries = [
            Node(id=make_node_id(Label.INDUSTRY, n), label=Label.INDUSTRY, name=n, evidence=[evidence])
            for n in dict.fromkeys(self._industry(i) for i in split_list(self._get("industry")))
        ]
        edges = [
            Edge(source=m.id, target=i.id, type=RelationType.IN_INDUSTRY, evidence=[evidence]) for m in members for i in industries
        ]
        return nodes + industries, edges

    # --- merging repeated nodes and edges ---

    def _merge_node(self, node: Node) -> None:
        old = self._nodes.get(node.id)
        if old is None:
            self._nodes[node.id] = node
            return
        # Assign only when there is something new: each assignment is re-validated.
        if node.aliases:
            old.aliases = [*old.aliases, *node.aliases]
        if node.properties:
            old.properties = {**old.properties, **node.properties}
        _add_evidence(old.evidence, node.evidence)

    def _merge_edge(self, edge: Edge) -> None:
        old = self._edges.get(edge.id)
        if old is None:
            self._edges[edge.id] = edge
            return
        if edge.properties:
            old.properties = {**old.properties, **edge.properties}
        _add_evidence(old.evidence, edge.evidence)


def _add_evidence(into: list[Evidence], new: list[Evidence]) -> None:
    # Rows arrive in order and each row has one Evidence, so a repeat (the same actor twice
    # in one row) can only be the last one.
    for evidence in new:
        if not into or into[-1].key() != evidence.key():
            into.append(evidence)
