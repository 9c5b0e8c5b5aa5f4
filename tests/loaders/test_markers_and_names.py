"""Unit tests of the lexical rules, the outline and the responsibility markers."""

from __future__ import annotations

import pytest

from innograph.core.errors import LoaderError
from innograph.graph.schema import ActorKind
from innograph.loaders.actors import classify_name, find_mentions
from innograph.loaders.gazetteer import Gazetteer, default_gazetteer, load_gazetteer
from innograph.loaders.markers import find_assignments
from innograph.loaders.names import is_collective, split_names
from innograph.loaders.plan import parse_outline


def _roles(text):
    return [(a.role, a.name, a.group) for a in find_assignments(text, [(0, len(text))], frozenset())]


def test_labelled_marker_split_across_lines():
    text = "（牵头单位:\n\n区发展改革委、区农业农村委;责任单位:\n\n区科技局、区经济信息委）"
    assert _roles(text) == [("lead", "区发展改革委", False), ("lead", "区农业农村委", False),
                            ("responsible", "区科技局", False), ("responsible", "区经济信息委", False)]


def test_unlabelled_bracket_and_prose_markers():
    assert _roles("[区科技局牵头，会同区财政局、各乡镇负责]") == [
        ("lead", "区科技局", False), ("responsible", "区财政局", False), ("responsible", "各乡镇", True)]
    assert _roles("由区商务局牵头，区财政局、区税务局配合，做好工作。") == [
        ("lead", "区商务局", False), ("responsible", "区财政局", False), ("responsible", "区税务局", False)]
    assert _roles("区科技局、区财政局牵头，相关部门具体细化。")[:2] == [("lead", "区科技局", False), ("lead", "区财政局", False)]
    assert _roles("企业要加强合作，形成合力。") == []


def test_first_listed_unit_leads_when_the_plan_says_so():
    text = "（责任单位：市科技局、市财政局，排在第一位的为牵头单位，下同）"
    got = [(a.role, a.name) for a in find_assignments(text, [(0, len(text))], frozenset(), first_leads=True)]
    assert got == [("lead", "市科技局"), ("responsible", "市财政局")]
    plain = [(a.role, a.name) for a in find_assignments(text, [(0, len(text))], frozenset())]
    assert plain == [("responsible", "市科技局"), ("responsible", "市财政局")]


def test_huitong_prose_and_space_separated_lists():
    assert _roles("省教育厅会同省人力资源社会保障厅制定校企联合培养办法。") == [
        ("lead", "省教育厅", False), ("responsible", "省人力资源社会保障厅", False)]
    assert _roles("牵头单位：省科技厅  配合单位：省财政厅 省教育厅") == [
        ("lead", "省科技厅", False), ("responsible", "省财政厅", False), ("responsible", "省教育厅", False)]
    assert _roles("支持东方电气集团等龙头企业牵头组建创新联合体。") == []


def test_bracketed_labels_and_modal_huitong():
    assert _roles("【牵头单位】市科技局【责任单位】市财政局、市教育局") == [
        ("lead", "市科技局", False), ("responsible", "市财政局", False), ("responsible", "市教育局", False)]
    assert _roles("市科技局要会同市财政局加强统筹协调。") == [("lead", "市科技局", False), ("responsible", "市财政局", False)]
    assert _roles("牵头单位：区经信局 配合单位：区科技局、各街道办事处 完成时限：2024年3月底前") == [
        ("lead", "区经信局", False), ("responsible", "区科技局", False), ("responsible", "各街道办事处", True)]


def test_second_name_in_brackets_and_groups_keep_their_determiner():
    got = find_assignments("（省市场监管局（省知识产权局）负责）", [(0, 20)], frozenset())
    # A bare 负责 is responsible (the annotation conventions); 负责 next to helpers leads.
    assert [(a.role, a.name, a.alias) for a in got] == [("responsible", "省市场监管局", "省知识产权局")]
    assert _roles("（市卫生健康委负责，市科技局配合）")[0] == ("responsible", "市卫生健康委", False)  # a bare 负责
    assert _roles("（省科技厅、省发展改革委牵头，各设区市人民政府落实）") == [
        ("lead", "省科技厅", False), ("lead", "省发展改革委", False), ("responsible", "各设区市人民政府", True)]


def test_item_marked_lead_inside_responsible_list():
    assert _roles("（责任单位：区科技局牵头，区财政局、区教委配合）") == [
        ("lead", "区科技局", False), ("responsible", "区财政局", False), ("responsible", "区教委", False)]
    assert _roles("责任单位：区科技局（牵头）、区财政局") == [("lead", "区科技局", False), ("responsible", "区财政局", False)]


def test_split_names_keeps_names_with_conjunctions():
    assert [n for n, _, _ in split_names("信息安全与密码研究院、区科技局和区财政局")] == ["信息安全与密码研究院", "区科技局", "区财政局"]


@pytest.mark.parametrize("name,kind", [("X医科大学", "university"), ("中国农科院", "institute"), ("X汽车产学研联合体", "association"),
                                       ("Y银行", "finance"), ("恒芯天际生产基地", "platform"), ("华邦胜凯制药", "enterprise"),
                                       ("区招商投资局", "government")])
def test_classify_name(name, kind):
    assert classify_name(name) == ActorKind(kind)


def test_collectives_are_not_actors():
    assert all(is_collective(n) for n in ["各有关单位", "各区县", "相关部门", "高校", "科研院所", "企业", "金融机构", "在合高校"])
    text = "引导企业、高校、科研院所和金融机构开展合作。"
    clauses = find_mentions(text, 0, len(text), Gazetteer())
    assert [m for c in clauses for m in c.mentions] == []
    assert {g for c in clauses for g, _, _ in c.groups} >= {"高校", "科研院所", "金融机构"}


def test_short_and_full_forms_resolve_to_one_actor():
    text = "联合中国农科院、上大等高校院所，与中国农业科学院合作。"
    names = {m.name for c in find_mentions(text, 0, len(text), default_gazetteer()) for m in c.mentions}
    assert names == {"中国农业科学院", "上海大学"}


def test_outline_levels_and_paths():
    text = "X方案\n一、主要任务\n（一）建设基地。\n1．建设汽车产业协同创新基地。依托……\n(1)子项\n二、保障措施"
    paragraphs, pos = [], 0
    for line in text.split("\n"):
        paragraphs.append((pos, pos + len(line), line))
        pos += len(line) + 1
    outline = parse_outline(text, paragraphs, "X方案")
    assert [s.path for s in outline.sections][3] == ["一、主要任务", "（一）建设基地", "1. 建设汽车产业协同创新基地", "（1）子项"]
    assert outline.sections[-1].path == ["二、保障措施"]


def test_bad_gazetteer_entry_names_file_and_entry(tmp_path):
    bad = tmp_path / "g.yaml"
    bad.write_text("actors:\n  - {name: 某大学, kind: univ}\n", encoding="utf-8")
    with pytest.raises(LoaderError, match=r"g.yaml: actors\[0\] '某大学': field 'kind': 'univ' is not one of"):
        load_gazetteer(bad)
