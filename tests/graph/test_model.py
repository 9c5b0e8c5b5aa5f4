"""The graph model rejects what a store could not hold and derives stable ids."""

from __future__ import annotations

import doctest

import pytest
from pydantic import ValidationError

import innograph.core.files
import innograph.graph.model
import innograph.graph.schema
from innograph.graph import ActorKind, Edge, Evidence, GraphDelta, Label, Node, Source, make_node_id
from innograph.graph.schema import KIND_ROLE, HelixRole, helix_role, parse_kind, parse_relation_type


def test_actor_id_is_stable_across_width_and_spacing():
    a = Node.actor("Ｘ医科大学", "university")
    b = Node.actor(" X医科大学 ", ActorKind.UNIVERSITY)
    assert a.id == b.id == "university:X医科大学"


def test_same_name_different_kind_is_a_different_node():
    assert make_node_id(Label.ACTOR, "中心", "government") != make_node_id(Label.ACTOR, "中心", "platform")


def test_bad_kind_is_rejected_with_the_allowed_values():
    with pytest.raises(ValidationError) as info:
        Node(id="x", label="Actor", name="某单位", kind="univ")
    assert "university" in str(info.value)


def test_actor_without_kind_and_task_with_kind_are_rejected():
    with pytest.raises(ValidationError, match="needs a kind"):
        Node(id="x", label="Actor", name="某单位")
    with pytest.raises(ValidationError, match="only actors have a kind"):
        Node(id="t", label="Task", name="任务", kind="government")


def test_missing_name_and_unknown_field_are_rejected():
    with pytest.raises(ValidationError):
        Node(id="x", label="Task", name="   ")
    with pytest.raises(ValidationError, match="Extra inputs are not permitted"):
        Node(id="x", label="Task", name="任务", colour="red")


def test_reserved_property_names_are_rejected():
    with pytest.raises(ValidationError, match="reserved"):
        Node(id="t", label="Task", name="任务", properties={"name": "x"})


def test_evidence_span_must_be_in_order():
    with pytest.raises(ValidationError, match="before start"):
        Evidence(source_id="a.txt", source_hash="h", start=10, end=3)


def test_unknown_relation_type_is_rejected():
    with pytest.raises(ValidationError):
        Edge(source="a", target="b", type="LIKES")


def test_delta_requires_a_source():
    with pytest.raises(ValidationError):
        GraphDelta(nodes=[])
    assert GraphDelta(source=Source(id="a.txt", sha256="h")).nodes == []


def test_helix_roles_cover_every_kind():
    assert set(KIND_ROLE) == set(ActorKind)
    assert helix_role("enterprise") is HelixRole.INDUSTRY
    assert helix_role("institute") is HelixRole.RESEARCH


def test_parse_kind_and_type_accept_what_people_write():
    assert parse_kind(" University ") is ActorKind.UNIVERSITY
    assert parse_relation_type("partners-with").value == "PARTNERS_WITH"
    with pytest.raises(ValueError, match="is not one of government"):
        parse_kind("univ")


@pytest.mark.parametrize("module", [innograph.graph.model, innograph.graph.schema, innograph.core.files])
def test_doctests(module):
    result = doctest.testmod(module)
    assert result.attempted > 0 and result.failed == 0


@pytest.mark.parametrize("value", [float("nan"), float("inf"), [1.0, float("-inf")]])
def test_property_floats_must_be_finite(value):
    """JSON, which the embedded store writes, has no NaN or infinity: it would keep null."""
    with pytest.raises(ValidationError, match="finite number"):
        Node.actor("甲公司", "enterprise", properties={"v": value})
