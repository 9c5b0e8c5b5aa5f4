"""Every Cypher statement innograph sends to Neo4j, in one place.

Labels and relationship types cannot be query parameters in Neo4j 5, so statements that need
them are built here, and only from the enums in graph/schema.py: ``node_labels`` and
``relation_type`` refuse anything else. Every value (ids, names, properties, evidence) travels as
a parameter, so a name such as ``'}) DETACH DELETE n //`` is stored as text.

How innograph's graph looks in Neo4j (the README documents it for analysts):

- every innograph node has the label ``Node`` (unique ``id``) plus its own label (``Actor``,
  ``Task``, ...); an actor also has its kind as a label (``Enterprise``, ``University``, ...);
- properties: ``id``, ``name``, ``kind`` (actors), ``aliases``, ``sources`` and the node's own
  properties (``path``, ``order``, ``value`` ...) flat; ``_properties`` holds the same properties
  as JSON text (it keeps ``null`` values and types exactly; absent when there are none) and
  ``_contributions`` each source's contribution as compact JSON text (what a reload or removal
  of one source recomputes from; see ``neo4j_writes.encode_contributions``);
- relationships carry ``sources``, their properties flat, ``_properties`` and ``_contributions``;
- each loaded document or table is a ``Source`` node (``id``, ``path``, ``sha256``, ``title``,
  ``kind``, ``seq`` = load order, which decides whose properties win);
- one ``InnographLock`` node, written first by every load so that loads run one at a time.
"""

from __future__ import annotations

from functools import cache

from ..schema import ActorKind, Label, RelationType

__all__ = [
    "NODE_LABEL",
    "SOURCE_LABEL",
    "KIND_LABELS",
    "INTERNAL_PROPERTIES",
    "node_labels",
    "relation_type",
    "graph_label_of",
    "SCHEMA_STATEMENTS",
    "PING",
    "AWAIT_INDEXES",
    "READ_SOURCES",
    "WRITE_SOURCE",
    "DELETE_SOURCE",
    "READ_NODES",
    "READ_NODES_OF_SOURCE",
    "READ_EDGES_OF_SOURCE",
    "EXISTING_NODE_IDS",
    "EDGES_AT_NODES",
    "DELETE_NODES",
    "CLEAR_LABELS",
    "write_nodes",
    "read_edges",
    "write_edges",
    "create_edges",
    "EDGE_ROWS",
    "TAKE_LOAD_LOCK",
    "LOCK_LABEL",
    "delete_edges",
    "projection_nodes",
    "projection_edges",
    "COUNT_NODES",
    "COUNT_EDGES",
    "COUNT_SOURCES",
    "ALL_NODE_CONTRIBUTIONS",
    "ALL_EDGE_CONTRIBUTIONS",
]

NODE_LABEL = "Node"
SOURCE_LABEL = "Source"
LOCK_LABEL = "InnographLock"  # one node; writing it serialises loads

# An actor's kind as a second label: "enterprise" -> "Enterprise".
KIND_LABELS: dict[ActorKind, str] = {kind: kind.value.capitalize() for kind in ActorKind}

_GRAPH_LABELS = frozenset(label.value for label in Label)
_ALL_LABELS = _GRAPH_LABELS | frozenset(KIND_LABELS.values())
if len(_ALL_LABELS) != len(Label) + len(ActorKind) or {NODE_LABEL, SOURCE_LABEL, LOCK_LABEL} & _ALL_LABELS:
    raise RuntimeError("graph/schema.py: a kind label collides with a node label; rename one")

# Properties innograph itself keeps on nodes and relationships; a node's own properties are
# written flat next to them but never over them.
INTERNAL_PROPERTIES = frozenset({"id", "name", "kind", "aliases", "sources", "_properties", "_contributions"})


def node_labels(label: Label | str, kind: ActorKind | str | None) -> str:
    """``:Actor:Enterprise`` for an enterprise, ``:Task`` for a task; only schema words pass."""
    text = ":" + Label(label).value
    if kind is not None:
        text += ":" + KIND_LABELS[ActorKind(kind)]
    return text


def relation_type(type_: RelationType | str) -> str:
    return RelationType(type_).value


def graph_label_of(labels: list[str]) -> str | None:
    """The innograph label among a node's Neo4j labels."""
    for label in labels:
        if label in _GRAPH_LABELS:
            return label
    return None


SCHEMA_STATEMENTS: tuple[str, ...] = (
    f"CREATE CONSTRAINT innograph_node_id IF NOT EXISTS FOR (n:{NODE_LABEL}) REQUIRE n.id IS UNIQUE",
    f"CREATE CONSTRAINT innograph_lock_id IF NOT EXISTS FOR (l:{LOCK_LABEL}) REQUIRE l.id IS UNIQUE",
    f"CREATE CONSTRAINT innograph_source_id IF NOT EXISTS FOR (s:{SOURCE_LABEL}) REQUIRE s.id IS UNIQUE",
    *(f"CREATE CONSTRAINT innograph_{label.value.lower()}_id IF NOT EXISTS FOR (n:{label.value}) REQUIRE n.id IS UNIQUE"
      for label in Label),
    *(f"CREATE INDEX innograph_{label.value.lower()}_name IF NOT EXISTS FOR (n:{label.value}) ON (n.name)"
      for label in Label),
)

PING = "RETURN 1"
AWAIT_INDEXES = "CALL db.awaitIndexes(300)"  # name indexes fill in the background after CREATE

# -- sources ----------------------------------------------------------------------------------

READ_SOURCES = (
    f"MATCH (s:{SOURCE_LABEL}) "
    "RETURN s.id AS id, s.path AS path, s.sha256 AS sha256, s.title AS title, s.kind AS kind, s.seq AS seq "
    "ORDER BY s.seq"
)
WRITE_SOURCE = (
    f"MERGE (s:{SOURCE_LABEL} {{id: $id}}) "
    "SET s.path = $path, s.sha256 = $sha256, s.title = $title, s.kind = $kind, s.seq = $seq"
)
DELETE_SOURCE = f"MATCH (s:{SOURCE_LABEL} {{id: $id}}) DELETE s"

# Writing the lock node takes its write lock until the transaction ends; MERGE on the unique id
# makes the one node even when two loads start at once.
TAKE_LOAD_LOCK = f"MERGE (l:{LOCK_LABEL} {{id: 'load'}}) SET l.taken = timestamp()"

# -- reading what a load changes -----------------------------------------------------------------

# Reads that find nodes a load may write relationships at also return their element ids (see
# ``write_edges``).
READ_NODES = (
    f"UNWIND $ids AS id MATCH (n:{NODE_LABEL} {{id: id}}) "
    "RETURN n.id AS id, labels(n) AS labels, n._contributions AS contributions, elementId(n) AS element_id"
)
# A scan: lists cannot be indexed, and a reload or removal of one source is rare next to reads.
READ_NODES_OF_SOURCE = (
    f"MATCH (n:{NODE_LABEL}) WHERE $source IN n.sources "
    "RETURN n.id AS id, labels(n) AS labels, n._contributions AS contributions, elementId(n) AS element_id"
)
READ_EDGES_OF_SOURCE = (
    f"MATCH (a:{NODE_LABEL})-[r]->(b:{NODE_LABEL}) WHERE $source IN r.sources "
    "RETURN a.id AS src, type(r) AS type, b.id AS dst, r._contributions AS contributions, "
    "elementId(a) AS src_element_id, elementId(b) AS dst_element_id"
)
EXISTING_NODE_IDS = f"UNWIND $ids AS id MATCH (n:{NODE_LABEL} {{id: id}}) RETURN n.id AS id, elementId(n) AS element_id"
EDGES_AT_NODES = (
    f"UNWIND $ids AS id MATCH (n:{NODE_LABEL} {{id: id}})-[r]-(:{NODE_LABEL}) "
    "RETURN DISTINCT startNode(r).id AS src, type(r) AS type, endNode(r).id AS dst"
)

# -- writing -----------------------------------------------------------------------------------

DELETE_NODES = f"UNWIND $ids AS id MATCH (n:{NODE_LABEL} {{id: id}}) DETACH DELETE n"
# Used only for nodes whose label or kind changed: REMOVE of a label a node lacks is a no-op.
CLEAR_LABELS = (
    f"UNWIND $ids AS id MATCH (n:{NODE_LABEL} {{id: id}}) REMOVE n" + "".join(f":{label}" for label in sorted(_ALL_LABELS))
)


@cache
def write_nodes(label: Label, kind: ActorKind | None) -> str:
    """Create or overwrite nodes of one label (and kind): ``$rows`` = [{id, props}]. ``SET n =``
    replaces every property, so a rerun of the same batch leaves the node exactly the same.
    Returns each node's element id (see ``write_edges``)."""
    return (f"UNWIND $rows AS row MERGE (n:{NODE_LABEL} {{id: row.id}}) "
            f"SET n = row.props SET n{node_labels(label, kind)} RETURN row.id AS id, elementId(n) AS element_id")


@cache
def read_edges(type_: RelationType) -> str:
    return (f"UNWIND $rows AS row MATCH (a:{NODE_LABEL} {{id: row.src}})-[r:{relation_type(type_)}]->"
            f"(b:{NODE_LABEL} {{id: row.dst}}) RETURN row.src AS src, type(r) AS type, row.dst AS dst, "
            "r._contributions AS contributions, elementId(a) AS src_element_id, elementId(b) AS dst_element_id")


# Relationship rows are lists, not maps: the server decodes no key per row. Most
# relationships have no properties of their own and only the loaded source's contribution:
# their rows are ``[src, dst, _contributions]`` with ``sources`` one parameter for the whole
# batch (``$sources``) and the properties named in the statement: server CPU 3.3-3.9 s against
# 4.3-4.5 s for map rows with ``SET r = row.props``, for a 100,000-relationship load's writes
# and commit (docs/benchmarks.md). Other relationships without properties of their own:
# ``[src, dst, sources, _contributions]``; with some: ``[src, dst, props]``.
#
# ``src`` and ``dst`` are node ids, or (``by_element_id``) the element ids the load's own
# transaction read or wrote them with. Finding a node by element id skips the unique index's
# locking lookup, which a fresh index reader made per row (a fifth of the server's time in a
# 100,000-relationship load). An element id is only sure to name the same node inside that
# transaction (Neo4j reuses the ids of deleted nodes), so a load done batch by batch uses ids.
# Statements by element id return how many rows found both ends: the store checks it.
EDGE_ROWS = ("one_source", "no_properties", "properties")
_EDGE_ENDS = {
    False: f"UNWIND $rows AS row MATCH (a:{NODE_LABEL} {{id: row[0]}}) MATCH (b:{NODE_LABEL} {{id: row[1]}}) ",
    True: (f"UNWIND $rows AS row MATCH (a:{NODE_LABEL}) WHERE elementId(a) = row[0] "
           f"MATCH (b:{NODE_LABEL}) WHERE elementId(b) = row[1] "),
}
_COUNT_WRITTEN = " RETURN count(*) AS written"
_NAMED_PROPERTIES = {"one_source": "{sources: $sources, _contributions: row[2]}",
                     "no_properties": "{sources: row[2], _contributions: row[3]}"}


@cache
def write_edges(type_: RelationType, rows: str = "properties", by_element_id: bool = False) -> str:
    """Create or overwrite relationships (one per src, type, dst), every property replaced, so a
    rerun of the same batch leaves them exactly the same. ``rows``: one of ``EDGE_ROWS``;
    ``by_element_id``: ends by element id, and the statement returns how many rows it wrote."""
    return (_EDGE_ENDS[by_element_id]
            + f"MERGE (a)-[r:{relation_type(type_)}]->(b) SET r = {_named_properties(rows) or 'row[2]'}"
            + (_COUNT_WRITTEN if by_element_id else ""))


@cache
def create_edges(type_: RelationType, rows: str = "properties") -> str:
    """Like ``write_edges`` by element id, for relationships known not to exist yet (see
    neo4j_writes): only inside the load's one transaction."""
    named = _named_properties(rows)
    create = (f"CREATE (a)-[r:{relation_type(type_)} {named}]->(b)" if named
              else f"CREATE (a)-[r:{relation_type(type_)}]->(b) SET r = row[2]")
    return _EDGE_ENDS[True] + create + _COUNT_WRITTEN


def _named_properties(rows: str) -> str | None:
    if rows not in EDGE_ROWS:
        raise ValueError(f"unknown relationship rows {rows!r}")
    return _NAMED_PROPERTIES.get(rows)


@cache
def delete_edges(type_: RelationType) -> str:
    return (f"UNWIND $rows AS row MATCH (:{NODE_LABEL} {{id: row.src}})-[r:{relation_type(type_)}]->"
            f"(:{NODE_LABEL} {{id: row.dst}}) DELETE r")


# -- projection --------------------------------------------------------------------------------


def _node_condition(var: str, labels: frozenset[Label], with_kinds: bool) -> str:
    parts = []
    if labels:
        parts.append("(" + " OR ".join(f"{var}:{Label(label).value}" for label in sorted(labels)) + ")")
    if with_kinds:
        parts.append(f"(NOT {var}:{Label.ACTOR.value} OR {var}.kind IN $kinds)")
    return " AND ".join(parts)


@cache
def projection_nodes(labels: frozenset[Label], with_kinds: bool, with_evidence: bool) -> str:
    """Nodes the filter keeps; kinds travel as ``$kinds``."""
    where = _node_condition("n", labels, with_kinds)
    return (f"MATCH (n:{NODE_LABEL})" + (f" WHERE {where}" if where else "")
            + " RETURN n.id AS id, labels(n) AS labels, n.kind AS kind, n.name AS name, n.aliases AS aliases,"
            " n.sources AS sources, n._properties AS properties"
            + (", n._contributions AS contributions" if with_evidence else ""))


@cache
def projection_edges(types: frozenset[RelationType], labels: frozenset[Label], with_kinds: bool,
                     with_evidence: bool) -> str:
    """Edges of the kept types whose two ends the node filter keeps."""
    rel = "r:" + "|".join(relation_type(t) for t in sorted(types)) if types else "r"
    conditions = [c for c in (_node_condition("a", labels, with_kinds), _node_condition("b", labels, with_kinds)) if c]
    return (f"MATCH (a:{NODE_LABEL})-[{rel}]->(b:{NODE_LABEL})"
            + (" WHERE " + " AND ".join(conditions) if conditions else "")
            + " RETURN a.id AS src, b.id AS dst, type(r) AS type, r.sources AS sources, r._properties AS properties"
            + (", r._contributions AS contributions" if with_evidence else ""))


# -- counts ------------------------------------------------------------------------------------

COUNT_NODES = f"MATCH (n:{NODE_LABEL}) RETURN labels(n) AS labels, n.kind AS kind, count(*) AS count"
COUNT_EDGES = f"MATCH (:{NODE_LABEL})-[r]->(:{NODE_LABEL}) RETURN type(r) AS type, count(*) AS count"
COUNT_SOURCES = f"MATCH (s:{SOURCE_LABEL}) RETURN count(s) AS count"

# -- copying (push / pull) ---------------------------------------------------------------------

ALL_NODE_CONTRIBUTIONS = f"MATCH (n:{NODE_LABEL}) RETURN n.id AS id, n._contributions AS contributions"
ALL_EDGE_CONTRIBUTIONS = (
    f"MATCH (a:{NODE_LABEL})-[r]->(b:{NODE_LABEL}) "
    "RETURN a.id AS src, type(r) AS type, b.id AS dst, r._contributions AS contributions"
)
