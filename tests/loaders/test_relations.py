"""Pairing rules, targets and industries on small hand-made sentences."""

from __future__ import annotations

from innograph.loaders.actors import find_mentions
from innograph.loaders.gazetteer import Gazetteer
from innograph.loaders.relations import industry_of_title, partner_pairs
from innograph.loaders.targets import find_targets


def _pairs(text: str) -> set[tuple[str, str]]:
    out = set()
    for clause in find_mentions(text, 0, len(text), Gazetteer()):
        for a, b, start, end in partner_pairs(text, clause):
            assert a.name in text[start:end] and b.name in text[start:end]
            out.add(tuple(sorted((a.name, b.name))))
    return out


def test_enterprises_times_universities_of_one_enumeration():
    text = "以甲乙药业、丙丁制药等企业为主体，联合戊己大学和庚辛研究院等高校院所，构建平台。"
    assert _pairs(text) == {("戊己大学", "甲乙药业"), ("庚辛研究院", "甲乙药业"), ("丙丁制药", "戊己大学"), ("丙丁制药", "庚辛研究院")}


def test_support_a_with_b_to_build_c():
    text = "支持X信息安全产业研究院与南京信息技术研究院建设新一代网络与信息安全联合实验室。"
    assert _pairs(text) == {("X信息安全产业研究院", "南京信息技术研究院")}


def test_distributive_and_no_pairs_without_a_cooperation_word():
    assert _pairs("支持青禾农业科技有限公司分别与Z农业大学、华西林业科学研究院共建研发中心。") == {
        ("Z农业大学", "青禾农业科技有限公司"), ("华西林业科学研究院", "青禾农业科技有限公司")}
    assert _pairs("甲乙药业，戊己大学。") == set()


def test_two_targets_from_one_phrase_and_no_target_without_a_number():
    text = "力争组建协同创新团队30个以上，创建国家级、市级研发平台3个、30个以上，R&D投入超过全市平均水平。"
    got = [(t.metric, t.value, t.comparator, t.unit) for t in find_targets(text, 0, len(text))]
    assert got == [("协同创新团队", 30.0, ">=", "个"), ("国家级研发平台", 3.0, ">=", "个"), ("市级研发平台", 30.0, ">=", "个")]


def test_industry_from_task_titles():
    assert industry_of_title("建设汽车产业协同创新基地", None) == "汽车"
    assert industry_of_title("建设医药健康产业协同创新基地", None) == "医药健康"
    assert industry_of_title("建设农业优势特色产业协同创新基地", None) == "农业"
    assert industry_of_title("建立企业主体的协同创新机制", None) is None


def test_targets_with_quotes_borrowed_nouns_and_count_first():
    text = "新增国家级专精特新“小巨人”企业20家，培育省级以上创新平台100个，其中国家级10个，建成5个以上产业创新中心。"
    got = [(t.metric, t.value, t.comparator) for t in find_targets(text, 0, len(text))]
    assert got == [("国家级专精特新“小巨人”企业", 20.0, "="), ("省级以上创新平台", 100.0, "="),
                   ("国家级创新平台", 10.0, "="), ("产业创新中心", 5.0, ">=")]


def test_incentives_are_not_targets():
    text = "对新认定的国家级研发平台给予100万元奖励，省财政给予最高1000万元支持。"
    assert find_targets(text, 0, len(text)) == []


def test_firm_with_weak_suffix_before_a_partner():
    assert _pairs("支持赛力斯汽车与重庆理工大学共建研究院。") == {("赛力斯汽车", "重庆理工大学")}
    text = "支持新能源汽车与智能网联汽车协同发展。"
    assert [m for c in find_mentions(text, 0, len(text), Gazetteer()) for m in c.mentions] == []


def test_short_and_registered_firm_names_are_one_actor(tmp_path):
    from innograph.loaders import extract

    plan = tmp_path / "plan.txt"
    plan.write_text("测试行动方案\n一、主要任务\n1.培育企业。支持甲乙电子集团等企业建设研发机构。"
                    "推动丙丁大学与甲乙电子集团有限公司共建实验室。\n", encoding="utf-8")
    extraction = extract(plan)
    firms = [n for n in extraction.delta.nodes if n.kind is not None and n.kind.value == "enterprise"]
    assert [(n.name, n.aliases) for n in firms] == [("甲乙电子集团有限公司", ["甲乙电子集团"])]
    assert {e.source for e in extraction.delta.edges if e.type.value == "PARTICIPATES_IN"} >= {"enterprise:甲乙电子集团有限公司"}
    assert all("enterprise:甲乙电子集团" not in (e.source, e.target) for e in extraction.delta.edges)
