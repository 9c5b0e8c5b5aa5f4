"""The accuracy bar on the commissioning plan, measured against tests/fixtures/seed_gold.yaml."""

from __future__ import annotations

import pytest

from innograph.graph.schema import Label
from innograph.loaders import Gazetteer, extract, extract_document
from innograph.loaders.documents import read_document
from innograph.loaders.names import is_collective

from .accuracy import measure


@pytest.fixture(scope="module")
def seed_extraction(request):
    from tests.conftest import SEED_PLAN

    return extract(SEED_PLAN)


def test_seed_actor_recall_and_kinds(seed_extraction):
    acc = measure(seed_extraction, "seed_gold.yaml")
    assert acc.missing == [] and acc.recall == 1.0
    assert acc.wrong_kind == [] and acc.kind_accuracy == 1.0


def test_seed_programmes(seed_extraction):
    assert measure(seed_extraction, "seed_gold.yaml").programmes_missing == []


def test_seed_tasks_have_exact_lead_and_responsible(seed_extraction):
    acc = measure(seed_extraction, "seed_gold.yaml")
    assert acc.wrong_tasks == []


def test_seed_pairings(seed_extraction):
    acc = measure(seed_extraction, "seed_gold.yaml")
    assert acc.pairing_recall >= 0.90, acc.missing_pairs


def test_no_generic_collective_is_an_actor(seed_extraction):
    acc = measure(seed_extraction, "seed_gold.yaml")
    assert acc.collectives_as_actors == []
    actors = [n.name for n in seed_extraction.delta.nodes if n.label is Label.ACTOR]
    assert [a for a in actors if is_collective(a)] == []


def test_rules_alone_find_the_seed_actors(seed_plan):
    """With an empty gazetteer the suffix and enumeration rules still reach 85% recall."""
    extraction = extract_document(read_document(seed_plan), Gazetteer())
    acc = measure(extraction, "seed_gold.yaml")
    assert acc.recall >= 0.85, acc.missing
    assert measure(extraction, "seed_gold.yaml").wrong_tasks == []


def test_seed_targets_of_the_automotive_base(seed_extraction):
    task = next(t for t in seed_extraction.tasks if t.title == "建设汽车产业协同创新基地")
    got = {(t["metric"], t["value"], t["comparator"], t["unit"]) for t in task.targets}
    assert got == {("协同创新团队", 30.0, ">=", "个"), ("协同创新项目", 30.0, ">=", "个"),
                   ("国家级研发平台", 3.0, ">=", "个"), ("市级研发平台", 30.0, ">=", "个")}


def test_seed_goals_section_targets(seed_extraction):
    goals = next(t for t in seed_extraction.tasks if t.title == "工作目标")
    got = {(t["metric"], t["value"], t["comparator"]) for t in goals.targets}
    assert ("国家级创新平台", 10.0, "=") in got
    assert ("市级创新平台", 90.0, ">=") in got
    assert ("产学研用合作团队", 100.0, ">=") in got
    assert not any("R&D" in t["text"] for t in goals.targets)


def test_seed_evidence_points_at_the_names(seed_plan, seed_extraction):
    text = read_document(seed_plan).text
    forms = {n.id: {n.name, *n.aliases} for n in seed_extraction.delta.nodes if n.label is Label.ACTOR}
    for node in seed_extraction.delta.nodes:
        if node.label is Label.ACTOR:
            assert all(any(f in text[ev.start:ev.end] for f in forms[node.id]) for ev in node.evidence), node.name
    for edge in seed_extraction.delta.edges:
        if edge.source in forms:
            for ev in edge.evidence:
                assert any(f in text[ev.start:ev.end] for f in forms[edge.source]), edge.id
                assert text[ev.start:ev.end] in ev.quote
