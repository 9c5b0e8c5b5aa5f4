"""Every Cypher statement innograph sends to Neo4j, in one place.

Labels and relationship types cannot be query parameters, so statements that need them are built
here from the enums in graph/schema.py only; every value travels as a parameter. innograph's graph
in Neo4j (the README documents it for analysts): each node has the label ``Node`` (unique ``id``)
plus its own (``Actor``, ``Task``, ...) and, for an actor, its kind (``Enterprise``, ...); nodes and
relationships carry ``sources``, their properties flat and as JSON (``_properties``, absent when
none) and each source's record (``_contributions``, base.py); a ``Source`` node per loaded
document (``seq`` = load order); one ``InnographLock`` node that every load writes first.
"""

from __future__ import annotations

from functools import cache

from ..schema import ActorKind, Label, RelationType

NODE_LABEL, SOURCE_LABEL, LOCK_LABEL = "Node", "Source", "InnographLock"
KIND_LABELS: dict[ActorKind, str] = {kind: kind.value.capitalize() for kind in ActorKind}  # enterprise -> Enterprise
_GRAPH_LABELS = frozenset(label.value for label in Label)
_ALL_LABELS = _GRAPH_LABELS | frozenset(KIND_LABELS.values())
if len(_ALL_LABELS) != len(Label) + len(ActorKind) or {NODE_LABEL, SOURCE_LABEL, LOCK_LABEL} & _ALL_LABELS:
    raise RuntimeError("graph/schema.py: a kind label collides with a node label; rename one")
# innograph's own properties; a node's own properties are written flat next to them, never over them
INTERNAL_PROPERTIES = frozenset({"id", "name", "kind", "aliases", "sources", "_properties", "_contributions"})


def node_labels(label: Label | str, kind: ActorKind | str | None) -> str:
    """``:Actor:Enterprise`` for an enterprise, ``:Task`` for a task; only schema words pass."""
    return ":" + Label(label).value + (":" + KIND_LABELS[ActorKind(kind)] if kind else "")


def graph_label_of(labels: list[str]) -> str | None:
    """The innograph label among a node's Neo4j labels."""
    return next((label for label in labels if label in _GRAPH_LABELS), None)


SCHEMA_STATEMENTS = (
    *(f"CREATE CONSTRAINT innograph_{name}_id IF NOT EXISTS FOR (n:{label}) REQUIRE n.id IS UNIQUE"
      for name, label in (("node", NODE_LABEL), ("lock", LOCK_LABEL), ("source", SOURCE_LABEL),
                          *((label.value.lower(), label.value) for label in Label))),
    *(f"CREATE INDEX innograph_{label.value.lower()}_name IF NOT EXISTS FOR (n:{label.value}) ON (n.name)"
      for label in Label),
)
PING = "RETURN 1"
AWAIT_INDEXES = "CALL db.awaitIndexes(300)"  # name indexes fill in the background after CREATE

READ_SOURCES = (f"MATCH (s:{SOURCE_LABEL}) RETURN s.id AS id, s.path AS path, s.sha256 AS sha256, s.title AS title, "
                "s.kind AS kind, s.seq AS seq ORDER BY s.seq")
WRITE_SOURCE = (f"MERGE (s:{SOURCE_LABEL} {{id: $id}}) "
                "SET s.path = $path, s.sha256 = $sha256, s.title = $title, s.kind = $kind, s.seq = $seq")
DELETE_SOURCE = f"MATCH (s:{SOURCE_LABEL} {{id: $id}}) DELETE s"
# Writing the lock node holds its write lock until the transaction ends: loads run one at a time.
TAKE_LOAD_LOCK = f"MERGE (l:{LOCK_LABEL} {{id: 'load'}}) SET l.taken = timestamp()"

_NODE_STATE = "RETURN n.id AS id, labels(n) AS labels, n._contributions AS contributions"
READ_NODES = f"UNWIND $ids AS id MATCH (n:{NODE_LABEL} {{id: id}}) {_NODE_STATE}"
# Scans: lists cannot be indexed, and a reload or removal of one source is rare next to reads.
READ_NODES_OF_SOURCE = f"MATCH (n:{NODE_LABEL}) WHERE $source IN n.sources {_NODE_STATE}"
_EDGE_STATE = "RETURN a.id AS src, type(r) AS type, b.id AS dst, r._contributions AS contributions"
READ_EDGES_OF_SOURCE = f"MATCH (a:{NODE_LABEL})-[r]->(b:{NODE_LABEL}) WHERE $source IN r.sources {_EDGE_STATE}"
EXISTING_NODES = f"UNWIND $ids AS id MATCH (n:{NODE_LABEL} {{id: id}}) RETURN n.id AS id"
EDGES_AT_NODES = (f"UNWIND $ids AS id MATCH (n:{NODE_LABEL} {{id: id}})-[r]-(:{NODE_LABEL}) "
                  "RETURN DISTINCT startNode(r).id AS src, type(r) AS type, endNode(r).id AS dst")
DELETE_NODES = f"UNWIND $rows AS id MATCH (n:{NODE_LABEL} {{id: id}}) DETACH DELETE n"
CLEAR_LABELS = (f"UNWIND $rows AS id MATCH (n:{NODE_LABEL} {{id: id}}) REMOVE n"
                + "".join(f":{label}" for label in sorted(_ALL_LABELS)))  # removing a label it lacks is a no-op


# Rows are lists: nodes [id, properties], relationships [src id, dst id, properties]. ``SET x =``
# replaces every property, so running a batch twice leaves the same result as running it once.
@cache
def write_nodes(label: Label, kind: ActorKind | None) -> str:
    return (f"UNWIND $rows AS row MERGE (n:{NODE_LABEL} {{id: row[0]}}) SET n = row[1] "
            f"SET n{node_labels(label, kind)}")


_ENDS = f"UNWIND $rows AS row MATCH (a:{NODE_LABEL} {{id: row[0]}}) MATCH (b:{NODE_LABEL} {{id: row[1]}}) "


@cache
def read_edges(type_: RelationType) -> str:
    return _ENDS + f"MATCH (a)-[r:{RelationType(type_).value}]->(b) {_EDGE_STATE}"


@cache
def write_edges(type_: RelationType) -> str:
    return _ENDS + f"MERGE (a)-[r:{RelationType(type_).value}]->(b) SET r = row[2]"


@cache
def delete_edges(type_: RelationType) -> str:
    return _ENDS + f"MATCH (a)-[r:{RelationType(type_).value}]->(b) DELETE r"


def _node_condition(var: str, labels: frozenset[Label], with_kinds: bool) -> str:
    parts = ["(" + " OR ".join(f"{var}:{Label(label).value}" for label in sorted(labels)) + ")"] if labels else []
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
    rel = "r:" + "|".join(RelationType(t).value for t in sorted(types)) if types else "r"
    conditions = [c for c in (_node_condition("a", labels, with_kinds), _node_condition("b", labels, with_kinds)) if c]
    return (f"MATCH (a:{NODE_LABEL})-[{rel}]->(b:{NODE_LABEL})"
            + (" WHERE " + " AND ".join(conditions) if conditions else "")
            + " RETURN a.id AS src, b.id AS dst, type(r) AS type, r.sources AS sources, r._properties AS properties"
            + (", r._contributions AS contributions" if with_evidence else ""))


COUNT_NODES = f"MATCH (n:{NODE_LABEL}) RETURN labels(n) AS labels, n.kind AS kind, count(*) AS count"
COUNT_EDGES = f"MATCH (:{NODE_LABEL})-[r]->(:{NODE_LABEL}) RETURN type(r) AS type, count(*) AS count"
COUNT_SOURCES = f"MATCH (s:{SOURCE_LABEL}) RETURN count(s) AS count"
ALL_NODE_CONTRIBUTIONS = f"MATCH (n:{NODE_LABEL}) RETURN n.id AS id, n._contributions AS contributions"
ALL_EDGE_CONTRIBUTIONS = f"MATCH (a:{NODE_LABEL})-[r]->(b:{NODE_LABEL}) {_EDGE_STATE}"
