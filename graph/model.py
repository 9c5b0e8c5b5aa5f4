"""Pydantic models at the boundary between loaders and stores: nodes, edges, evidence, deltas.

A node's id is derived from its canonical name and kind (``make_node_id``), so the same actor
named in two documents becomes one node. Every node and edge carries the evidence it came from.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, FiniteFloat, StringConstraints, field_validator, model_validator

from .schema import ActorKind, Label, RelationType

__all__ = [
    "Evidence",
    "Source",
    "Node",
    "Edge",
    "GraphDelta",
    "ProjectionFilter",
    "StoreCounts",
    "PropertyValue",
    "RESERVED_PROPERTIES",
    "normalize_name",
    "make_node_id",
    "make_edge_id",
    "sha256_text",
]

# Property values stay flat so that SQLite JSON, Neo4j properties and GraphML can all hold them.
# Floats are finite: JSON has no NaN or infinity (a store would keep null instead).
Scalar = str | int | FiniteFloat | bool | None
PropertyValue = Scalar | list[str] | list[int] | list[FiniteFloat]
NonEmptyStr = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]

_SPACE = re.compile(r"\s+")


def normalize_name(name: str) -> str:
    """Canonical text form of a name: NFKC (full-width ASCII to half-width), no inner spaces
    between CJK characters, single spaces elsewhere.

    >>> normalize_name("  Ｘ医科大学 ")
    'X医科大学'
    >>> normalize_name("360 科技")
    '360科技'
    """
    text = unicodedata.normalize("NFKC", name).strip()
    text = _SPACE.sub(" ", text)
    # A space next to a CJK character is layout, not part of the name.
    return re.sub(r"(?<=[^\x00-\x7f]) | (?=[^\x00-\x7f])", "", text)


def make_node_id(label: Label | str, name: str, kind: ActorKind | str | None = None) -> str:
    """Stable id from label, kind and canonical name.

    >>> make_node_id(Label.ACTOR, "区科技局", ActorKind.GOVERNMENT)
    'government:区科技局'
    >>> make_node_id(Label.INDUSTRY, "医药健康")
    'industry:医药健康'
    """
    prefix = str(ActorKind(kind).value) if Label(label) is Label.ACTOR and kind else Label(label).value.lower()
    return f"{prefix}:{normalize_name(name)}"


def make_edge_id(source: str, type_: RelationType | str, target: str) -> str:
    """One edge per (source, type, target): repeated mentions add evidence, not edges."""
    value = _RELATION_VALUES.get(type_) or RelationType(type_).value  # a dict look-up: big loads call this a lot
    return f"{source}|{value}|{target}"


_RELATION_VALUES: dict[str, str] = {t: t.value for t in RelationType}


def sha256_text(text: str | bytes) -> str:
    data = text.encode("utf-8") if isinstance(text, str) else text
    return hashlib.sha256(data).hexdigest()


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=False, validate_assignment=True)


class Evidence(_Strict):
    """Where a fact came from: which source, which characters, which sentence."""

    source_id: NonEmptyStr
    source_hash: NonEmptyStr
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    quote: str = ""

    @model_validator(mode="after")
    def _span_in_order(self) -> Evidence:
        if self.end < self.start:
            raise ValueError(f"evidence span end {self.end} is before start {self.start}")
        return self

    def key(self) -> tuple[str, str, int, int]:
        return (self.source_id, self.source_hash, self.start, self.end)


class Source(_Strict):
    """A loaded document or table. ``id`` is stable across reloads of the same file (its name),
    ``sha256`` changes with its content."""

    id: NonEmptyStr
    path: str = ""
    sha256: NonEmptyStr
    title: str = ""
    kind: str = "document"


# Names the projection uses for its own attributes; a property may not take them.
RESERVED_PROPERTIES = frozenset({"id", "label", "kind", "name", "aliases", "evidence", "sources", "type", "source", "target"})


def _check_property_names(value: dict[str, PropertyValue]) -> dict[str, PropertyValue]:
    clash = sorted(RESERVED_PROPERTIES.intersection(value))
    if clash:
        raise ValueError(f"property name {clash[0]!r} is reserved; rename it")
    return value


class Node(_Strict):
    id: NonEmptyStr
    label: Label
    name: NonEmptyStr
    kind: ActorKind | None = None
    aliases: list[str] = Field(default_factory=list)
    properties: dict[str, PropertyValue] = Field(default_factory=dict)
    evidence: list[Evidence] = Field(default_factory=list)

    @model_validator(mode="after")
    def _kind_only_on_actors(self) -> Node:
        if self.label is Label.ACTOR and self.kind is None:
            raise ValueError(f"actor {self.name!r} needs a kind (one of {', '.join(k.value for k in ActorKind)})")
        if self.label is not Label.ACTOR and self.kind is not None:
            raise ValueError(f"only actors have a kind, not {self.label.value} {self.name!r}")
        return self

    _properties = field_validator("properties")(_check_property_names)

    @field_validator("aliases")
    @classmethod
    def _unique_aliases(cls, value: list[str]) -> list[str]:
        return list(dict.fromkeys(a.strip() for a in value if a and a.strip()))

    @classmethod
    def actor(cls, name: str, kind: ActorKind | str, **fields: Any) -> Node:
        """An actor node with its id derived from name and kind."""
        canonical = normalize_name(name)
        return cls(id=make_node_id(Label.ACTOR, canonical, kind), label=Label.ACTOR, name=canonical, kind=ActorKind(kind), **fields)


class Edge(_Strict):
    source: NonEmptyStr
    target: NonEmptyStr
    type: RelationType
    properties: dict[str, PropertyValue] = Field(default_factory=dict)
    evidence: list[Evidence] = Field(default_factory=list)

    _properties = field_validator("properties")(_check_property_names)

    @property
    def id(self) -> str:
        return make_edge_id(self.source, self.type, self.target)


class GraphDelta(_Strict):
    """What one loader run contributes: the nodes and edges of one source."""

    source: Source
    nodes: list[Node] = Field(default_factory=list)
    edges: list[Edge] = Field(default_factory=list)

    @model_validator(mode="after")
    def _edges_have_endpoints(self) -> GraphDelta:
        # An edge may point at a node another source contributed, so only ids present in this
        # delta are checked for label sanity; dangling ids are checked by the store.
        return self


class ProjectionFilter(_Strict):
    """What to read from a store. Empty sets mean "everything"; the store pushes the filter
    into its query so that excluded nodes and edges are never loaded."""

    kinds: set[ActorKind] = Field(default_factory=set)
    labels: set[Label] = Field(default_factory=set)
    relation_types: set[RelationType] = Field(default_factory=set)
    with_evidence: bool = False

    def keeps_node(self, label: str, kind: str | None) -> bool:
        if self.labels and Label(label) not in self.labels:
            return False
        if self.kinds and label == Label.ACTOR.value and (kind is None or ActorKind(kind) not in self.kinds):
            return False
        return True


class StoreCounts(_Strict):
    nodes: int
    edges: int
    by_label: dict[str, int]
    by_type: dict[str, int]
    by_kind: dict[str, int]
    sources: int
