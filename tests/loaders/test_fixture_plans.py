"""The same accuracy metrics on invented plans in other styles (each with its own gold file)."""

from __future__ import annotations

import pytest

from innograph.graph.schema import Label
from innograph.loaders import extract

from .accuracy import FIXTURES, measure

PLANS = ["plan_peizhe.txt", "plan_brackets.html", "plan_prose_gbk.txt", "plan_province.txt", "plan_city_notice.txt",
         "doc_table_plan.docx"]


@pytest.mark.parametrize("name", PLANS)
def test_fixture_plan_accuracy(name):
    extraction = extract(FIXTURES / name)
    acc = measure(extraction, name.rsplit(".", 1)[0] + "_gold.yaml")
    assert acc.recall >= 0.95, acc.missing
    assert acc.kind_accuracy >= 0.90, acc.wrong_kind
    assert acc.wrong_tasks == []
    assert acc.pairing_recall >= 0.90, acc.missing_pairs
    assert acc.collectives_as_actors == []


def test_gbk_file_is_decoded_and_groups_kept():
    extraction = extract(FIXTURES / "plan_prose_gbk.txt")
    assert extraction.delta.source.title == "W区关于促进产学研深度融合的实施意见"
    finance = next(t for t in extraction.tasks if t.title == "强化金融支撑")
    assert "银行" in finance.groups and "金融机构" in finance.groups


def test_prose_pairing_stays_within_its_block():
    """"A与X大学合作，B、C等企业与Y科学院合作" pairs A–X and B, C–Y, not A–Y."""
    extraction = extract(FIXTURES / "plan_prose_gbk.txt")
    pairs = {(e.source, e.target) for e in extraction.delta.edges if e.type.value == "PARTNERS_WITH"}
    assert ("enterprise:鼎新电子股份有限公司", "institute:W市科学院") not in pairs
    assert ("enterprise:华晨精密机械", "university:W工业大学") not in pairs


def test_html_fixture_funds_and_targets():
    extraction = extract(FIXTURES / "plan_brackets.html")
    task = next(t for t in extraction.tasks if t.title == "培育科技型企业")
    assert {"metric": "科技型企业", "value": 150.0, "comparator": ">=", "unit": "家",
            "text": "科技型企业达到150家以上"} in task.targets
    programs = {n.name for n in extraction.delta.nodes if n.label is Label.PROGRAM}
    assert "科技型企业倍增计划" in programs


def test_evidence_spans_contain_the_actor_name():
    from innograph.loaders.documents import read_document

    for name in PLANS:
        doc = read_document(FIXTURES / name)
        extraction = extract(FIXTURES / name)
        for node in extraction.delta.nodes:
            if node.label is not Label.ACTOR:
                continue
            forms = {node.name, *node.aliases}
            for ev in node.evidence:
                assert any(f in doc.text[ev.start:ev.end] for f in forms), (name, node.name, ev)
                assert doc.text[ev.start:ev.end] in ev.quote
        actors = {n.id: {n.name, *n.aliases} for n in extraction.delta.nodes if n.label is Label.ACTOR}
        for edge in extraction.delta.edges:
            assert edge.evidence, (name, edge)
            if edge.type.value in ("LEADS", "RESPONSIBLE_FOR", "PARTICIPATES_IN", "PARTNERS_WITH"):
                for ev in edge.evidence:
                    assert ev.source_id == name and ev.source_hash == extraction.delta.source.sha256
                    assert any(f in doc.text[ev.start:ev.end] for f in actors[edge.source]), (name, edge.id, ev)


def test_branch_is_not_its_bank_and_enterprise_lead_is_not_an_assignment():
    extraction = extract(FIXTURES / "plan_province.txt")
    names = {n.name for n in extraction.delta.nodes if n.label is Label.ACTOR}
    assert "国家开发银行四川省分行" in names and "国家开发银行" not in names
    first = next(t for t in extraction.tasks if t.title == "强化企业创新主体地位")
    assert first.lead == ["government:省科技厅"]  # not 东方电气集团 of "龙头企业牵头组建创新联合体"


def test_distributive_pairing_both_sides_are_lists():
    extraction = extract(FIXTURES / "plan_province.txt")
    pairs = {frozenset((e.source, e.target)) for e in extraction.delta.edges if e.type.value == "PARTNERS_WITH"}
    for school in ("university:宜宾学院", "university:四川轻化工大学"):
        for firm in ("enterprise:五粮液集团", "enterprise:宜宾天原集团"):
            assert frozenset((school, firm)) in pairs


@pytest.mark.parametrize("name", PLANS)
def test_delta_passes_full_model_validation(name):
    """The builder skips validation for speed; a full round trip through the models must agree."""
    from innograph.graph.model import GraphDelta

    delta = extract(FIXTURES / name).delta
    again = GraphDelta.model_validate(delta.model_dump())
    assert again == delta
    assert len({n.id for n in delta.nodes}) == len(delta.nodes)


def test_cover_notice_gives_way_to_the_plan_title_and_groups_keep_determiners():
    extraction = extract(FIXTURES / "plan_city_notice.txt")
    assert extraction.delta.source.title == "重庆市推动产学研深度融合行动计划（2023—2025年）"
    plan = next(n for n in extraction.delta.nodes if n.label is Label.PLAN)
    assert plan.name == "重庆市推动产学研深度融合行动计划（2023—2025年）"
    last = extraction.tasks[-1]
    assert "各区县" in last.groups
    industry = {e.target for e in extraction.delta.edges if e.type.value == "IN_INDUSTRY"}
    assert "industry:建设" not in industry


def test_plan_without_headings_is_one_task(tmp_path):
    plan = tmp_path / "measures.txt"
    plan.write_text("关于支持校企合作的若干措施\n\n为推动校企合作，支持甲乙科技有限公司与丙丁大学共建联合实验室，"
                    "由区科技局牵头，区财政局配合，力争建成联合实验室10个以上。\n", encoding="utf-8")
    extraction = extract(plan)
    [task] = extraction.tasks
    assert task.title == "关于支持校企合作的若干措施"
    assert task.lead == ["government:区科技局"] and task.responsible == ["government:区财政局"]
    assert [t["value"] for t in task.targets] == [10.0]
    assert any(e.type.value == "PARTNERS_WITH" for e in extraction.delta.edges)
