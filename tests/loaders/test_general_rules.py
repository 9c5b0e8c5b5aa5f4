"""General extraction rules found on held-out plans, each checked on a small hand-written text."""

from __future__ import annotations

from innograph.graph.schema import ActorKind, Label
from innograph.loaders import extract
from innograph.loaders.actors import find_mentions
from innograph.loaders.documents import _clean_meta_title, guess_title
from innograph.loaders.gazetteer import default_gazetteer
from innograph.loaders.html_text import html_lines
from innograph.loaders.markers import find_assignments
from innograph.loaders.names import classify_name, is_collective, split_names
from innograph.loaders.targets import find_targets
from innograph.loaders.task_table import expand_tab_tables


def _whole(text):
    return text, 0, len(text)


def _marker(text):
    return text, [(0, len(text))], frozenset()


def _table_lines(*rows):
    """Non-empty lines of a page holding one table; each row is given as its inner markup."""
    page = "<table>" + "".join(f"<tr>{row}</tr>" for row in rows) + "</table>"
    return [line for line in html_lines(page)[0] if line]


def test_rowspan_cell_is_repeated_so_the_next_row_keeps_its_columns():
    lines = _table_lines(
        "<th>类别</th><th>序号</th><th>任务名称</th><th>牵头单位</th><th>配合单位</th>",
        '<td rowspan="2">平台建设</td><td>1</td><td>建设科创园</td><td>区科技局</td><td>区财政局</td>',
        "<td>2</td><td>共建研发中心</td><td>区教育局</td><td>区人社局</td>",
    )
    assert "2. 共建研发中心（牵头单位：区教育局；配合单位：区人社局）" in lines
    assert lines.count("类别：平台建设。") == 2


def test_colspan_cell_covers_its_columns():
    lines = _table_lines(
        "<th>序号</th><th>重点任务</th><th>牵头单位</th><th>责任单位</th>",
        '<td>1</td><td>建设平台</td><td colspan="2">区科技局</td>',
        "<td>2</td><td>培育企业</td><td>区经信局</td><td>区财政局</td>",
    )
    assert lines == ["1. 建设平台（牵头单位：区科技局；责任单位：区科技局）", "2. 培育企业（牵头单位：区经信局；责任单位：区财政局）"]


def test_meta_title_keeps_a_year_range_and_drops_the_site_name():
    assert _clean_meta_title("X区协同创新三年行动计划（2024—2026年）-X区人民政府") == "X区协同创新三年行动计划（2024—2026年）"
    assert _clean_meta_title("X区推进产学研合作行动计划_政策文件_X区人民政府") == "X区推进产学研合作行动计划"
    assert _clean_meta_title("2024-2026年X区产学研行动计划 - 百度文库") == "2024-2026年X区产学研行动计划"


def test_title_line_may_end_with_a_bracketed_note():
    assert guess_title(["X区协同创新三年行动计划（2024—2026年）", "一、总体要求"]) == "X区协同创新三年行动计划（2024—2026年）"
    assert guess_title(["X市科技成果转化实施方案（试行）", "为加快……"]) == "X市科技成果转化实施方案（试行）"


def test_pairing_verbs_split_after_a_complete_name():
    assert [n for n, _, _ in split_names("X大学携手A软件股份有限公司")] == ["X大学", "A软件股份有限公司"]
    assert [n for n, _, _ in split_names("Y研究院牵手B科技有限公司")] == ["Y研究院", "B科技有限公司"]
    assert [n for n, _, _ in split_names("X大学协同A科技有限公司")] == ["X大学", "A科技有限公司"]
    assert [n for n, _, _ in split_names("X大学会同A科技有限公司")] == ["X大学", "A科技有限公司"]
    # 协同 opening a word is part of the name.
    assert [n for n, _, _ in split_names("X大学协同创新中心")] == ["X大学协同创新中心"]


def test_pairing_verb_in_prose_yields_both_partners():
    clauses = find_mentions(*_whole("推动X大学携手A软件股份有限公司、B物联网科技有限公司打造智能终端产业集群。"), default_gazetteer())
    names = {(m.name, m.kind) for c in clauses for m in c.mentions}
    assert ("X大学", ActorKind.UNIVERSITY) in names
    assert ("A软件股份有限公司", ActorKind.ENTERPRISE) in names
    assert ("B物联网科技有限公司", ActorKind.ENTERPRISE) in names


def test_departments_of_a_government_level_are_a_collective():
    for name in ("市直有关部门", "省直各单位", "区直相关部门", "县直部门", "省有关部门", "市各部门", "县相关单位"):
        assert is_collective(name), name
    for name in ("市直机关工委", "区政府", "市政府"):
        assert not is_collective(name), name
    roles = [(a.role, a.name, a.group) for a in find_assignments(*_marker("（市科技局、市财政局牵头，市直有关部门、各区县政府配合）"))]
    assert ("responsible", "市直有关部门", True) in roles
    assert [name for role, name, group in roles if not group] == ["市科技局", "市财政局"]


def _mentions(text):
    return {(m.name, m.kind, m.program_type) for c in find_mentions(*_whole(text), default_gazetteer()) for m in c.mentions}


def test_technology_market_and_university_science_park_are_platforms():
    found = _mentions("依托X科技大市场，集聚技术转移机构；建设Y大学国家大学科技园。")
    assert ("X科技大市场", ActorKind.PLATFORM, None) in found
    assert ("Y大学国家大学科技园", ActorKind.PLATFORM, None) in found
    assert not any(name == "Y大学国家大学" for name, _, _ in found)
    # The national market is a phrase, not a platform.
    assert not any("大市场" in name for name, _, _ in _mentions("主动融入全国统一大市场，服务国内大市场。"))


def test_risk_compensation_pools_are_funds():
    # Funds are finance-side actors (they count for the 金 role).
    assert ("X市科技创新风险补偿资金池", ActorKind.FINANCE, None) in _mentions("用好X市科技创新风险补偿资金池，推动银行开展投贷联动。")
    assert ("Y区科技型企业风险补偿资金", ActorKind.FINANCE, None) in _mentions("设立Y区科技型企业风险补偿资金，分担贷款风险。")


def test_service_counts_in_jiaci_and_renci_are_targets():
    text = "推动仪器设备向企业开放共享，年服务企业1000家次。每年培训科技人员2000人次以上。"
    found = [(t.metric, t.value, t.comparator, t.unit) for t in find_targets(text, 0, len(text))]
    assert ("服务企业", 1000.0, "=", "家次") in found
    assert ("培训科技人员", 2000.0, ">=", "人次") in found


def test_guarantee_centre_is_finance_not_a_platform():
    assert classify_name("X区中小企业融资担保中心") is ActorKind.FINANCE
    assert classify_name("X市信用再担保中心") is ActorKind.FINANCE
    assert classify_name("X技术转移中心") is ActorKind.PLATFORM


def test_preamble_verbs_before_the_party_committee_name_no_actor():
    # The bodies are named (the real-plan gold counts 省委 and 省政府), the verbs before them are not.
    for text in ("根据省委、省政府关于加快建设创新型省份的决策部署，制定本方案。", "为贯彻落实省委、省政府关于建设科技强省的部署要求，特制定本方案。"):
        assert _mentions(text) == {("省委", ActorKind.GOVERNMENT, None), ("省政府", ActorKind.GOVERNMENT, None)}, text


def test_box_title_label_is_not_part_of_a_name():
    assert _mentions("专栏1　重大创新平台建设清单") == set()
    assert ("X大学科技园", ActorKind.PLATFORM, None) in _mentions("专栏2 X大学科技园")


def test_enterprise_led_alliance_is_pairings_not_a_responsibility(tmp_path):
    plan = tmp_path / "plan.txt"
    plan.write_text(
        "X区协同创新行动计划\n一、重点任务\n"
        "1. 组建产业技术创新联盟（牵头单位：区工业和信息化局；配合单位：区科技局）\n"
        "由X电机集团牵头，联合Y大学、省电工研究所和上下游企业组建X电机产业技术创新联盟。\n",
        encoding="utf-8",
    )
    extraction = extract(plan)
    task = next(t for t in extraction.tasks if t.title == "组建产业技术创新联盟")
    assert task.lead == ["government:区工业和信息化局"]
    assert task.responsible == ["government:区科技局"]
    pairs = {frozenset((e.source, e.target)) for e in extraction.delta.edges if e.type.value == "PARTNERS_WITH"}
    assert frozenset(("enterprise:X电机集团", "university:Y大学")) in pairs
    assert frozenset(("enterprise:X电机集团", "institute:省电工研究所")) in pairs
    names = {n.name for n in extraction.delta.nodes if n.label is Label.ACTOR}
    assert "X电机产业技术创新联盟" in names


def test_company_name_ends_before_a_business_word_in_prose():
    assert {n for n, _, _ in _mentions("鼓励X区融资担保有限公司降低担保费率。")} == {"X区融资担保有限公司"}


def test_quoted_campaign_slogan_is_not_an_organisation():
    assert _mentions("开展“科技服务进园区”活动，组织专家走访企业。") == set()
    assert ("X大学科技园", ActorKind.PLATFORM, None) in _mentions("建设“X大学科技园”。")


def test_unit_cell_that_says_who_leads_is_read_as_a_prose_note(tmp_path):
    lines = _table_lines(
        "<th>序号</th><th>重点工作</th><th>责任单位</th>",
        "<td>1</td><td>建设共同体</td><td>省教育厅、省人社厅牵头，省工信厅配合</td>",
        "<td>2</td><td>培育研发机构</td><td>省科技厅、省发展改革委、省工信厅按职责分工负责</td>",
        "<td>3</td><td>完善金融服务</td><td>省财政厅（牵头）、江陵银行</td>",
    )
    assert lines == [
        "1. 建设共同体", "（省教育厅、省人社厅牵头，省工信厅配合）",
        "2. 培育研发机构", "（省科技厅、省发展改革委、省工信厅按职责分工负责）",
        "3. 完善金融服务（责任单位：省财政厅（牵头）、江陵银行）",
    ]
    plan = tmp_path / "plan.html"
    plan.write_text(
        "<html><body><h1>江陵省产学研实施方案</h1><p>一、重点任务</p><table><tr><th>序号</th><th>重点工作</th><th>责任单位</th></tr>"
        "<tr><td>1</td><td>建设共同体</td><td>省教育厅、省人社厅牵头，省工信厅配合</td></tr>"
        "<tr><td>2</td><td>完善金融服务</td><td>省金融局牵头，省财政厅参与，各市（州）人民政府落实</td></tr></table></body></html>",
        encoding="utf-8",
    )
    tasks = {t.title: t for t in extract(plan).tasks}
    assert sorted(tasks["建设共同体"].lead) == ["government:省人社厅", "government:省教育厅"]
    assert tasks["建设共同体"].responsible == ["government:省工信厅"]
    assert tasks["完善金融服务"].lead == ["government:省金融局"]


def test_fund_set_up_by_a_named_firm_names_both():
    found = _mentions("鼓励东岭创业投资集团设立东岭市种子基金。")
    assert ("东岭创业投资集团", ActorKind.FINANCE, None) in found
    assert ("东岭市种子基金", ActorKind.FINANCE, None) in found
    assert {n for n, _, _ in _mentions("实施X区培育支持计划。")} == {"X区培育支持计划"}


def test_quoted_name_before_the_genre_word_is_a_programme():
    assert ("东岭英才", None, "programme") in _mentions("实施“东岭英才”计划，对高层次人才给予支持。")
    assert _mentions("开展“科技服务进园区”活动。") == set()


def test_group_then_preposition_is_not_part_of_a_name():
    assert _mentions("金融机构对联合体成员企业给予贷款贴息支持。") == set()
    assert ("X科技园", ActorKind.PLATFORM, None) in _mentions("鼓励高校院所向X科技园开放科研资源。")


def test_responsibility_subject_label():
    roles = [(a.role, a.name) for a in find_assignments(*_marker("（牵头主体：市科技局；责任主体：市财政局、各区县政府）"))]
    assert roles[:2] == [("lead", "市科技局"), ("responsible", "市财政局")]


def test_verb_stays_in_a_metric_that_would_be_a_bare_measure():
    text = "到2025年，孵化面积达到50万平方米，转化收入突破10亿元，建设科创园3个。"
    found = [(t.metric, t.value, t.comparator, t.unit) for t in find_targets(text, 0, len(text))]
    assert found == [("孵化面积", 50.0, ">=", "万平方米"), ("转化收入", 10.0, ">=", "亿元"), ("科创园", 3.0, "=", "个")]


def test_tab_separated_task_table_in_plain_text(tmp_path):
    rows = [
        "序号\t工作任务\t主要内容\t牵头单位\t配合单位\t完成时间",
        "1\t建设创新平台\t支持X大学与Y装备有限公司共建研究院。\t区科技局\t区经发局、Z新区管委会\t2025年12月",
        "2\t加强人才培育\t年培养技能人才500人。\t区人社局\t区教育局、各街道办事处\t每年",
    ]
    assert expand_tab_tables(["重点任务分工如下：", *rows, "", "三、工作要求"]) == [
        "重点任务分工如下：",
        "1. 建设创新平台（牵头单位：区科技局；配合单位：区经发局、Z新区管委会）",
        "主要内容：支持X大学与Y装备有限公司共建研究院；完成时间：2025年12月。",
        "2. 加强人才培育（牵头单位：区人社局；配合单位：区教育局、各街道办事处）",
        "主要内容：年培养技能人才500人；完成时间：每年。",
        "",
        "三、工作要求",
    ]
    # Tabs outside a task table are layout and stay for the line cleaner.
    assert expand_tab_tables(["姓名\t电话\t地址", "一、总体要求"]) == ["姓名\t电话\t地址", "一、总体要求"]
    plan = tmp_path / "plan.txt"
    plan.write_text("X区校地合作实施方案\n一、重点任务\n" + "\n".join(rows) + "\n", encoding="utf-16")
    tasks = {t.title: t for t in extract(plan).tasks}
    assert tasks["建设创新平台"].lead == ["government:区科技局"]
    assert sorted(tasks["建设创新平台"].responsible) == ["government:Z新区管委会", "government:区经发局"]
    assert tasks["加强人才培育"].groups == ["各街道办事处"]


def test_sub_district_offices_as_a_whole_are_a_collective():
    for name in ("各街道办事处", "各乡镇人民政府", "相关乡镇政府"):
        assert is_collective(name), name
    assert not is_collective("东湖街道办事处")
    assert not is_collective("工业园区管委会")  # a named body, though 工业 may open a group


def test_finance_branch_office_is_named_whole():
    assert {n for n, _, _ in _mentions("鼓励X农商银行、Y证券Z营业部为企业提供融资服务。")} == {"X农商银行", "Y证券Z营业部"}


def test_layout_table_cell_keeps_its_lines():
    lines = _table_lines(
        "<td>网站首页 | 信息公开</td>",
        "<td>X市文化科技行动计划<br>一、行动目标<br>到2025年，企业达到300家。<br>二、重点任务<br>"
        "1.实施企业培育工程【责任单位：市委宣传部（牵头），市科技局】</td>",
        "<td>姓名</td><td>电话</td>",
    )
    assert lines == ["网站首页 | 信息公开", "X市文化科技行动计划", "一、行动目标", "到2025年，企业达到300家。", "二、重点任务",
                     "1.实施企业培育工程【责任单位：市委宣传部（牵头），市科技局】", "姓名；电话"]


def test_generic_culture_and_technology_categories_are_not_names():
    assert _mentions("建设文化科技众创空间，新增文化科技类孵化器5家，建成省级以上文化和科技融合示范基地3个。") == set()
    assert ("X数字文化产业园", ActorKind.PLATFORM, None) in _mentions("依托X数字文化产业园，建设众创空间。")


def test_cooperating_verbs_of_a_note_share_the_task():
    roles = [(a.role, a.name) for a in find_assignments(*_marker("（市科技局牵头负责，市教育局、市工信局协同推进）"))]
    assert roles == [("lead", "市科技局"), ("responsible", "市教育局"), ("responsible", "市工信局")]
    roles = [(a.role, a.name) for a in find_assignments(*_marker("（市科技局牵头，市财政局协助）"))]
    assert roles == [("lead", "市科技局"), ("responsible", "市财政局")]


def test_parks_named_as_ports_and_generic_clinical_centres():
    assert ("X生物医药港", ActorKind.PLATFORM, None) in _mentions("加快X生物医药港、Y海洋生物产业园建设。")
    assert _mentions("建设临床研究中心10家以上，共建研究生联合培养基地。") == set()
