"""An analyst's corrections to what extraction found, applied to a ``GraphDelta``.

A corrections table (CSV or XLSX, read like any analyst's table) has the columns ``name``,
``action``, ``new_name`` and ``new_kind`` (a ``kind`` column, as in the review CSV that
``innograph extract --review`` writes, narrows ``name`` to the actor of that kind). Actions:

==============  ======================  ====================================================
action          also accepted           effect
==============  ======================  ====================================================
rename          改名, 重命名             the actor is called ``new_name``; the old name stays as an alias
merge           合并                     the actor becomes an alias of the actor ``new_name``; its edges move there
kind            改类型, 类型             the actor's kind is ``new_kind``
not-an-actor    不是主体, 非主体, 删除    the actor and its edges are dropped
keep            保留, 确认, 正确          the actor is right as found (confidence 1, off the next review)
==============  ======================  ====================================================

Rows with an empty action (a review row nobody marked) are ignored. Node ids derive from name
and kind, so a renamed or re-kinded actor gets a new id: its edges are re-pointed, edges that
now coincide are merged (evidence of both kept), an edge from an actor to itself is dropped.
A bad row raises ``TableError("corrections.csv:4: ...")``; a row that finds nothing to change
(no such actor, merge target unknown) is a warning, not an error.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from innograph.core.errors import TableError
from innograph.graph.model import Edge, Evidence, GraphDelta, Node, make_node_id, normalize_name
from innograph.graph.schema import ActorKind, Label

from .confidence import confidence_of
from .encoding import read_input
from .table_files import TABLE_EXTENSIONS, read_sheets
from .table_rows import RowError, parse_actor_kind
from .tables import header_key

__all__ = ["ACTIONS", "Correction", "Corrections", "read_corrections", "as_corrections", "apply_corrections",
           "correct_extractions", "is_corrections_header"]

ACTIONS = ("rename", "merge", "kind", "not-an-actor", "keep")
_ACTION_WORDS = {
    **{w: "rename" for w in ("rename", "改名", "重命名", "更名")},
    **{w: "merge" for w in ("merge", "合并", "并入")},
    **{w: "kind" for w in ("kind", "type", "改类型", "类型", "改类别")},
    **{w: "not-an-actor" for w in ("notanactor", "notactor", "drop", "delete", "不是主体", "非主体", "删除")},
    **{w: "keep" for w in ("keep", "ok", "保留", "确认", "正确")},
}
# Header words (compared as tables.header_key does: no case, spaces, "_" or "-").
_COLUMNS = {
    **{w: "name" for w in ("name", "名称", "主体名称", "单位名称", "机构名称")},
    **{w: "kind" for w in ("kind", "类型", "主体类型")},
    **{w: "action" for w in ("action", "操作", "处理", "处理方式", "更正")},
    **{w: "new_name" for w in ("newname", "新名称", "正确名称", "改为")},
    **{w: "new_kind" for w in ("newkind", "新类型", "正确类型")},
}


@dataclass(frozen=True)
class Correction:
    """One marked row: ``where`` is ``file.csv:4`` for messages."""

    where: str
    name: str
    action: str
    kind: ActorKind | None = None
    new_name: str | None = None
    new_kind: ActorKind | None = None


@dataclass(frozen=True)
class Corrections:
    """The marked rows of one corrections table, in order."""

    origin: str
    rows: tuple[Correction, ...] = ()


def is_corrections_header(cells: list[str]) -> bool:
    """True for a header with a name and an action column (a corrections or review table)."""
    fields = {_COLUMNS.get(header_key(cell)) for cell in cells}
    return {"name", "action"} <= fields


def read_corrections(path: str | os.PathLike[str]) -> Corrections:
    """Read a corrections table; the first bad row raises ``TableError`` naming file and row."""
    file = Path(path)
    if file.suffix.lower() not in TABLE_EXTENSIONS:
        raise TableError(f"{file.name}: a corrections table is a {', '.join(TABLE_EXTENSIONS)} file, not {file.suffix or 'a file without extension'!r}")
    data = read_input(file, TableError)
    for where, sheet in read_sheets(file, data):
        header = next(((number, cells) for number, cells in sheet if any(cells)), None)
        if header is None or not is_corrections_header(header[1]):
            continue
        columns: dict[str, int] = {}
        for index, cell in enumerate(header[1]):
            columns.setdefault(_COLUMNS.get(header_key(cell), ""), index)
        rows: list[Correction] = []
        seen: dict[tuple[str, ActorKind | None], str] = {}
        for number, cells in sheet:
            row = _parse_row(f"{where}:{number}", {f: cells[i] if i < len(cells) else "" for f, i in columns.items()})
            if row is None:
                continue
            earlier = seen.setdefault((row.name, row.kind), row.where)
            if earlier != row.where:
                raise TableError(f"{row.where}: {row.name!r} is corrected already in row {earlier.rsplit(':', 1)[1]}; keep one row per actor")
            rows.append(row)
        return Corrections(origin=file.name, rows=tuple(rows))
    raise TableError(f"{file.name}: no corrections table found: the header needs the columns name and action "
                     "(名称, 操作), with new_name and new_kind as the actions need")


def _parse_row(where: str, cells: dict[str, str]) -> Correction | None:
    word = cells.get("action", "").strip()
    if not word:
        return None  # not reviewed (or a blank row)
    action = _ACTION_WORDS.get(header_key(word))
    if action is None:
        raise TableError(f"{where}: unknown action {word!r}; use one of {', '.join(ACTIONS)} (or 改名, 合并, 改类型, 不是主体, 保留)")
    name = normalize_name(cells.get("name", ""))
    if not name:
        raise TableError(f"{where}: the row has the action {word!r} but no name; give the actor's name as extracted")
    try:
        kind = parse_actor_kind(cells["kind"], "kind") if cells.get("kind", "").strip() else None
        new_kind = parse_actor_kind(cells["new_kind"], "new_kind") if cells.get("new_kind", "").strip() else None
    except RowError as e:
        raise TableError(f"{where}: {e}") from None
    new_name = normalize_name(cells.get("new_name", "")) or None
    if action in ("rename", "merge") and new_name is None:
        raise TableError(f"{where}: {action} {name!r} needs new_name (the {'new' if action == 'rename' else 'other actor'}'s name)")
    if action == "kind" and new_kind is None:
        raise TableError(f"{where}: kind {name!r} needs new_kind, one of {', '.join(k.value for k in ActorKind)}")
    return Correction(where, name, action, kind, new_name, new_kind)


def as_corrections(value: Corrections | str | os.PathLike[str] | None) -> Corrections | None:
    """A ``Corrections`` from itself or from a table's path (None stays None)."""
    if value is None or isinstance(value, Corrections):
        return value
    return read_corrections(value)


# Where a merge target that is not in the delta is found: name -> (canonical name, kind).
Resolver = Callable[[str], "tuple[str, ActorKind] | None"]


@dataclass
class _Outcome:
    delta: GraphDelta
    redirect: dict[str, str | None] = field(default_factory=dict)  # old actor id -> new id, None: dropped
    used: set[str] = field(default_factory=set)  # ``where`` of rows that found their actor
    notes: list[str] = field(default_factory=list)


def apply_corrections(delta: GraphDelta, corrections: Corrections, *, resolve: Resolver | None = None) -> GraphDelta:
    """``delta`` with ``corrections`` applied; ``delta`` itself is left as it was.

    ``resolve`` finds a merge target not among the delta's actors (another file's actor, a
    gazetteer entry); without it (or when it finds nothing) the row's ``new_kind`` gives the
    target's kind, and a merge with neither is skipped."""
    return _apply(delta, corrections, resolve).delta


def _apply(delta: GraphDelta, corrections: Corrections, resolve: Resolver | None) -> _Outcome:
    nodes: dict[str, Node] = {n.id: n for n in delta.nodes}
    outcome = _Outcome(delta)
    for row in corrections.rows:
        found = [n for n in nodes.values() if n.label is Label.ACTOR and (row.kind is None or n.kind is row.kind)
                 and (n.name == row.name or row.name in n.aliases)]
        if found:
            outcome.used.add(row.where)
        for node in found:
            if row.action == "not-an-actor":
                del nodes[node.id]
                _point(outcome.redirect, node.id, None)
            elif row.action == "keep":
                nodes[node.id] = _reviewed(node)
            elif row.action == "merge":
                target = _merge_target(nodes, node, row, resolve)
                if target is None:
                    outcome.notes.append(f"{row.where}: merge target {row.new_name!r} is neither an extracted actor nor "
                                         "in the gazetteer; row not applied (give the target's kind in new_kind)")
                elif target != (node.name, node.kind):
                    nodes = _move(nodes, outcome.redirect, node, *target, reviewed=False)
            else:
                name = row.new_name if row.action == "rename" else node.name
                nodes = _move(nodes, outcome.redirect, node, name or node.name, row.new_kind or node.kind, reviewed=True)
    if outcome.redirect or nodes.keys() != {n.id for n in delta.nodes} or any(nodes[n.id] is not n for n in delta.nodes):
        edges = _repoint(delta.edges, outcome.redirect)
        outcome.delta = GraphDelta.model_construct(set(delta.model_fields_set), source=delta.source,
                                                   nodes=list(nodes.values()), edges=edges)
    return outcome


def _merge_target(nodes: dict[str, Node], node: Node, row: Correction, resolve: Resolver | None) -> tuple[str, ActorKind] | None:
    name = row.new_name or ""
    candidates = [n for n in nodes.values() if n.label is Label.ACTOR and n.id != node.id
                  and (n.name == name or name in n.aliases) and (row.new_kind is None or n.kind is row.new_kind)]
    if candidates:
        return candidates[0].name, candidates[0].kind  # type: ignore[return-value]
    found = resolve(name) if resolve else None
    if found is not None and (row.new_kind is None or found[1] is row.new_kind):
        return found
    return (name, row.new_kind) if row.new_kind else None


def _reviewed(node: Node) -> Node:
    return node.model_copy(update={"properties": {**node.properties, "confidence": confidence_of("reviewed"),
                                                  "rule": "reviewed"}})


def _move(nodes: dict[str, Node], redirect: dict[str, str | None], node: Node, name: str, kind: ActorKind,
          *, reviewed: bool) -> dict[str, Node]:
    """Give ``node`` a new name and kind (so a new id), folding it into the node already there."""
    new_id = make_node_id(Label.ACTOR, name, kind)
    if new_id == node.id:
        nodes[node.id] = _reviewed(node) if reviewed else node
        return nodes
    there = nodes.get(new_id)
    aliases = [*node.aliases, node.name]
    if there is None:
        moved = Node(id=new_id, label=Label.ACTOR, name=name, kind=kind, aliases=[a for a in aliases if a != name],
                     properties=dict(node.properties), evidence=list(node.evidence))
        moved = _reviewed(moved) if reviewed else moved
        out = {(new_id if key == node.id else key): (moved if key == node.id else value) for key, value in nodes.items()}
    else:
        merged = there.model_copy(update={
            "aliases": [a for a in dict.fromkeys([*there.aliases, *aliases]) if a != there.name],
            "evidence": _union(there.evidence, node.evidence)})
        out = {key: (merged if key == new_id else value) for key, value in nodes.items() if key != node.id}
    _point(redirect, node.id, new_id)
    return out


def _point(redirect: dict[str, str | None], old: str, new: str | None) -> None:
    for key, value in redirect.items():
        if value == old:
            redirect[key] = new
    redirect.pop(new or "", None)  # an id in use again (renamed back) is no longer redirected
    redirect[old] = new


def _union(first: list[Evidence], second: list[Evidence]) -> list[Evidence]:
    keys = {(ev.key(), ev.quote) for ev in first}
    return [*first, *(ev for ev in second if (ev.key(), ev.quote) not in keys)]


def _repoint(edges: list[Edge], redirect: dict[str, str | None]) -> list[Edge]:
    out: dict[tuple[str, str, str], Edge] = {}
    for edge in edges:
        source, target = redirect.get(edge.source, edge.source), redirect.get(edge.target, edge.target)
        if source is None or target is None:
            continue
        if (source, target) != (edge.source, edge.target):
            if source == target:
                continue  # two actors merged that were tied to each other
            edge = edge.model_copy(update={"source": source, "target": target})
        key = (source, edge.type.value, target)
        there = out.get(key)
        out[key] = edge if there is None else there.model_copy(update={
            "properties": {**edge.properties, **there.properties}, "evidence": _union(there.evidence, edge.evidence)})
    return list(out.values())


def correct_extractions(extractions: Iterable[Any], corrections: Corrections, *,
                        resolve: Resolver | None = None) -> tuple[list[Any], list[str]]:
    """Apply ``corrections`` to each ``Extraction`` (new objects; task summaries follow the
    re-pointed ids) and say which rows did nothing: ``(extractions, warnings)``.

    A merge target is looked for in the extraction itself, then among the actors of all the
    others, then with ``resolve``."""
    items = list(extractions)
    known: dict[str, tuple[str, ActorKind]] = {}
    for extraction in items:
        for node in extraction.delta.nodes:
            if node.label is Label.ACTOR and node.kind is not None:
                for form in (node.name, *node.aliases):
                    known.setdefault(form, (node.name, node.kind))

    def find(name: str) -> tuple[str, ActorKind] | None:
        return known.get(name) or (resolve(name) if resolve else None)

    out, used, notes = [], set(), []
    for extraction in items:
        outcome = _apply(extraction.delta, corrections, find)
        used |= outcome.used
        notes.extend(n for n in outcome.notes if n not in notes)
        out.append(replace(extraction, delta=outcome.delta, tasks=[_retarget(t, outcome.redirect) for t in extraction.tasks])
                   if outcome.delta is not extraction.delta else extraction)
    sources = ", ".join(e.delta.source.id for e in items) or "no file"
    unused = [f"{row.where}: no actor named {row.name!r}{f' ({row.kind.value})' if row.kind else ''} in {sources}; "
              "row not applied (a name extraction refused is added through your gazetteer)"
              for row in corrections.rows if row.where not in used]
    return out, unused + notes


def _retarget(task: Any, redirect: dict[str, str | None]) -> Any:
    if not redirect:
        return task

    def ids(values: list[str]) -> list[str]:
        return list(dict.fromkeys(new for old in values if (new := redirect.get(old, old)) is not None))

    return replace(task, lead=ids(task.lead), responsible=ids(task.responsible))
