"""Layout-free segmentation, marker wording and name-boundary checks (issue 13), each on a small
text written here. The real-plan corpus measures the same rules (tests/loaders/test_real_corpus.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from innograph.graph.schema import ActorKind, Label
from innograph.loaders import extract
from innograph.loaders.actors import find_mentions
from innograph.loaders.name_checks import bounded_name
from innograph.loaders.gazetteer import default_gazetteer
from innograph.loaders.markers import find_assignments
from innograph.loaders.segments import split_run_on

SEED = Path(__file__).resolve().parents[2] / "seeds" / "collaborative-innovation-plan.txt"


def _plan(tmp_path, text: str, name: str = "plan.txt", encoding: str = "utf-8") -> dict:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return extract(path).view()


def _links(view: dict) -> dict[str, tuple[list[str], list[str]]]:
    names = {a["id"]: a["name"] for a in view["actors"]}
    return {t["title"]: ([names[i] for i in t["lead"]], [names[i] for i in t["responsible"]])
            for t in view["tasks"] if t["lead"] or t["responsible"]}


def _mentions(text: str) -> set[tuple[str, ActorKind | None]]:
    return {(m.name, m.kind) for c in find_mentions(text, 0, len(text), default_gazetteer()) for m in c.mentions}


def _roles(text: str) -> list[tuple[str, str]]:
    return [(a.role, a.name) for a in find_assignments(text, [(0, len(text))], frozenset()) if not a.group]


# --- segmentation without line breaks ----------------------------------------------------------

def test_a_plan_on_one_line_yields_the_same_tasks_and_links(tmp_path):
    text = SEED.read_text(encoding="utf-8")
    lines = _links(_plan(tmp_path, text, "lines.txt"))
    flat = _links(_plan(tmp_path, text.replace("\n", ""), "flat.txt"))
    assert len(lines) == 12
    assert flat == lines


def test_run_on_items_are_cut_only_where_a_numbering_continues():
    assert split_run_on(["一、总体要求（一）指导思想。坚持创新。（二）基本原则。二、主要任务1.建设平台。2.培育企业。"]) == [
        "一、总体要求", "（一）指导思想。坚持创新。", "（二）基本原则。", "二、主要任务", "1.建设平台。", "2.培育企业。"]
    for prose in ("到2025年，培育企业1.5万家，建成平台3个。", "完成第1、2季度目标。", "实现统一、高效管理。",
                  "达到 1 亿元以上的，给予奖励。"):
        assert split_run_on([prose]) == [prose]
    # A closing marker ends its item: the next number starts the next one.
    assert split_run_on(["一、建设设施（一）建设中心。责任单位：市大数据局二、培育产业"]) == [
        "一、建设设施", "（一）建设中心。责任单位：市大数据局", "二、培育产业"]


def test_a_title_running_into_the_first_heading_starts_the_numbering(tmp_path):
    text = ("东岭市推进产业协同发展行动方案一、总体要求推动产业协同发展。二、重点任务1.推进工业节能降耗。实施改造。"
            "(市工业和信息化局牵头，市发展改革委等部门配合)2.优化能源结构。控制煤炭消费。(市能源局牵头，市国资委配合)")
    assert _links(_plan(tmp_path, text, "flat.txt")) == {
        "推进工业节能降耗": (["市工业和信息化局"], ["市发展改革委"]), "优化能源结构": (["市能源局"], ["市国资委"])}
    # 一 at the end of a word (统一、) opens nothing, even when a 二、 follows.
    prose = "实现统一、高效管理。二、主要任务"
    assert split_run_on([prose]) == [prose]


def test_articles_bracketed_titles_and_numbers_without_a_dot(tmp_path):
    view = _plan(tmp_path, "东岭市若干措施\n一、支持创新\n第一条 【强化用地保障】保障重点项目用地。（责任单位：市自然资源局）\n"
                           "第二条 【鼓励投资】支持重大项目建设。（责任单位：市发展改革委）\n二、人才\n"
                           "10.引进人才。给予奖励。（牵头单位：市人社局）\n11.121人才梯队建设。培养人才121名。（牵头单位：市委组织部）\n"
                           "12\ue010青年人才。支持青年人才。（牵头单位：团市委）\n")
    links = _links(view)
    assert links["强化用地保障"] == ([], ["市自然资源局"])
    assert links["鼓励投资"] == ([], ["市发展改革委"])
    assert links["121人才梯队建设"] == (["市委组织部"], [])
    assert links["青年人才"] == (["团市委"], [])


def test_unnumbered_items_with_a_heading_sentence_and_form_fields(tmp_path):
    view = _plan(tmp_path, "东岭市若干政策\n一、支持平台建设\n培育工业互联网平台。对平台给予奖补。（责任单位：市经信局、市财政局）\n"
                           "推动企业上云。对服务商给予奖补。（责任单位：市经信局）\n"
                           "二、城市交通技术研究\n（一）试点单位。\n东岭大学。\n（二）试点指导单位。\n市交通局运输服务处牵头，市科技局配合。\n"
                           "三、城市物流技术研究\n（一）试点单位。\n东岭大学。\n（二）试点指导单位。\n市交通局物流处牵头。\n")
    links = _links(view)
    assert links["培育工业互联网平台"] == ([], ["市经信局", "市财政局"])
    assert links["推动企业上云"] == ([], ["市经信局"])
    assert links["城市交通技术研究"] == (["市交通局运输服务处"], ["市科技局"])
    assert "试点指导单位" not in {t["title"] for t in view["tasks"]}


def test_task_table_with_any_role_column(tmp_path):
    page = ("<html><body><p>东岭县河长制考核细则</p><table><tr><td>序号</td><td>考核内容</td><td>分值</td><td>负责考核部门</td></tr>"
            "<tr><td>1</td><td>落实河长巡河制度</td><td>10</td><td>县水利局</td></tr>"
            "<tr><td>2</td><td>完成年度清淤任务</td><td>15</td><td>县水利局、县住建局</td></tr></table></body></html>")
    links = _links(_plan(tmp_path, page, "rules.jsp"))
    assert links["落实河长巡河制度"] == ([], ["县水利局"])
    assert links["完成年度清淤任务"] == ([], ["县水利局", "县住建局"])


# --- markers, whatever their wording --------------------------------------------------------------

def test_labels_with_deadlines_several_clauses_and_generic_tails():
    assert _roles("（6月底完成，牵头考核单位：市科技局、市财政局）") == [("lead", "市科技局"), ("lead", "市财政局")]
    assert _roles("（牵头单位：省卫生健康委，参加单位：省大数据局）") == [("lead", "省卫生健康委"), ("responsible", "省大数据局")]
    assert _roles("（市科技局牵头，市财政局配合）推进。（市教育局负责）") == [
        ("lead", "市科技局"), ("responsible", "市财政局"), ("responsible", "市教育局")]
    assert _roles("（责任单位：省发展改革委，各市人民政府）") == [("responsible", "省发展改革委")]
    assert ("responsible", "省国资委") in _roles("（省能源局牵头，省发展改革委、省国资委按职责分工配合）")


def test_roles_follow_the_conventions():
    assert _roles("（省市场监管局负责）") == [("responsible", "省市场监管局")]  # a bare 负责
    assert _roles("（市卫生健康委负责，市科技局配合）")[0] == ("responsible", "市卫生健康委")  # helpers make no lead
    assert _roles("由市科技局牵头，市财政局、市教育局配合。") == [
        ("lead", "市科技局"), ("responsible", "市财政局"), ("responsible", "市教育局")]
    assert _roles("市科技局会同市财政局制定实施细则。") == [("lead", "市科技局"), ("responsible", "市财政局")]
    # 牵头部门 is a noun here: a category of departments, no lead.
    assert _roles("（省发展改革委、省科技厅、省协调推进机制牵头部门负责）") == [
        ("responsible", "省发展改革委"), ("responsible", "省科技厅")]


def test_first_listed_leads_in_its_wordings(tmp_path):
    view = _plan(tmp_path, "东岭市实施意见\n一、主要任务\n（一）完善创新体系。加强攻关。（市经信局、市发展改革委等负责。列第一位者为牵头单位，下同）\n"
                           "（二）优化产业布局。推动集聚。（市商务局、市国资委等负责）\n")
    links = _links(view)
    assert links["完善创新体系"] == (["市经信局"], ["市发展改革委"])
    assert links["优化产业布局"] == (["市商务局"], ["市国资委"])


def test_self_reference_is_the_issuing_body(tmp_path):
    view = _plan(tmp_path, "东岭市科学技术局关于印发《东岭市成果转化方案》的通知\n各县科技局：\n现印发给你们。\n"
                           "东岭市成果转化方案\n一、主要任务\n（一）建设转移机构。建设技术转移中心（我局牵头，市财政局配合）。\n"
                           "（二）培育经纪人。由我局会同市人社局组织培训。\n")
    links = _links(view)
    assert links["建设转移机构"] == (["东岭市科学技术局"], ["市财政局"])
    assert links["培育经纪人"] == (["东岭市科学技术局"], ["市人社局"])
    assert "我局" not in {a["name"] for a in view["actors"]}


def test_shared_suffix_is_written_out_and_a_body_keeps_its_group_tail():
    assert _roles("（责任单位：济南、青岛、烟台市政府）") == [
        ("responsible", "济南市政府"), ("responsible", "青岛市政府"), ("responsible", "烟台市政府")]
    assert _roles("（责任单位：黄埔区、天河区人民政府）") == [("responsible", "黄埔区人民政府"), ("responsible", "天河区人民政府")]
    assert _roles("（省住房城乡建设厅等有关部门负责）") == [("responsible", "省住房城乡建设厅")]
    assert _roles("（各市、州、县人民政府负责）") == []


# --- name boundaries --------------------------------------------------------------------------------

@pytest.mark.parametrize("candidate, name", [
    ("出台全省政务云平台", None),                       # a type of platform once the verb goes
    ("5家以上专业科技企业孵化器", None),                # a quantity and a type
    ("企业利用好中国国际进口博览会", "中国国际进口博览会"),
    ("借助华南（广州）技术转移中心", "华南（广州）技术转移中心"),
    ("公共服务机构加强与国家行业协会", "国家行业协会"),
    ("智慧交通大数据应用平台", None),
    ("青岛市人工智能产业园", "青岛市人工智能产业园"),
    ("创业投资", None),
    ("新获批国家重点实验室（筹", None),
])
def test_bounded_names(candidate, name):
    rest, _cut, refusal = bounded_name(candidate, frozenset())
    assert (rest if refusal is None else None) == name


def test_suffixes_inside_words_and_industries_are_not_names():
    assert _mentions("培养大学生创新能力，面向细分行业提供服务。") == set()
    assert not {n for n, _ in _mentions("支持汽车、建材、家电、纺织等企业“走出去”。")}
    assert ("北汽银翔", ActorKind.ENTERPRISE) in _mentions("以北汽银翔、比速汽车等企业为主体。")


def test_kinds_follow_the_conventions():
    found = _mentions("设立东岭市种子基金。支持东岭市科协、东岭市工商联开展活动。人民银行东岭中心支行负责信贷。")
    assert ("东岭市种子基金", ActorKind.FINANCE) in found
    assert ("东岭市科协", ActorKind.ASSOCIATION) in found and ("东岭市工商联", ActorKind.ASSOCIATION) in found
    assert ("人民银行东岭中心支行", ActorKind.GOVERNMENT) in found


def test_government_bodies_in_prose_rosters_and_facilities_built_by_partners():
    assert {("省委", ActorKind.GOVERNMENT), ("省政府", ActorKind.GOVERNMENT)} <= _mentions("经省委、省政府同意，积极争取省科技厅支持。")
    assert ("省科技厅", ActorKind.GOVERNMENT) in _mentions("积极争取省科技厅支持。")
    assert _mentions("加快产业布局，优化景区布局。") == set()
    assert _mentions("钱　力 东岭移动公司总经理") == {("东岭移动公司", ActorKind.ENTERPRISE)}
    found = _mentions("支持东岭药业集团联合东岭医学院建设中药创新中试平台。")
    assert ("中药创新中试平台", ActorKind.PLATFORM) in found


def test_refused_candidates_and_confidence_reach_the_extraction(tmp_path):
    path = tmp_path / "plan.txt"
    path.write_text("东岭市行动方案\n一、任务\n（一）建设平台。建设智慧交通大数据应用平台，依托东岭大学建设东岭市人工智能产业园。"
                    "（牵头单位：市科技局）\n", encoding="utf-8")
    extraction = extract(path)
    assert "智慧交通大数据应用平台" in {r.name for r in extraction.refused}
    actors = {n.name: n for n in extraction.delta.nodes if n.label is Label.ACTOR}
    assert actors["市科技局"].properties["rule"] in ("marker", "gazetteer")
    assert actors["东岭市人工智能产业园"].properties["confidence"] < actors["市科技局"].properties["confidence"]


def test_a_place_in_brackets_after_a_facility_is_part_of_its_name():
    assert ("国家健康医疗大数据中心(北方)", ActorKind.PLATFORM) in _mentions("支持建设国家健康医疗大数据中心（北方）；加快建设。")
    assert ("国家虚拟现实制造业创新中心(青岛)", ActorKind.PLATFORM) in _mentions("提高国家虚拟现实制造业创新中心（青岛）建设水平。")
    assert not {n for n, _ in _mentions("完善工作机制（试行）。")}


def test_sections_of_duties_headed_by_their_unit(tmp_path):
    links = _links(_plan(tmp_path, "东岭市三线整治工作方案\n一、工作职责\n（一）市工信局：负责统筹协调，牵头制定整治标准。\n"
                                   "（二）市城管局：负责配合做好城区杆路清理。\n"))
    assert links["市工信局"] == (["市工信局"], [])
    assert links["市城管局"] == ([], ["市城管局"])


def test_a_plan_without_headings_holds_one_task_per_marker(tmp_path):
    measures = ["支持企业加大研发投入，对研发投入增长的企业给予奖励，最高给予100万元支持，鼓励企业建设研发中心和技术中心。(市科技局牵头，市财政局配合)",
                "加快培育高新技术企业，对首次认定的企业给予奖励，支持企业申报各类科技计划项目，提升企业核心竞争力。(市科技局牵头，市税务局配合)",
                "推动制造业数字化转型，支持企业实施智能化改造，对改造投资较大的项目给予补助，培育一批智能工厂和数字化车间。(市工业和信息化局牵头)",
                "强化金融支持，引导银行机构加大信贷投放，发挥政府性融资担保作用，降低企业融资成本，支持企业上市融资。(市地方金融监管局牵头)"]
    links = _links(_plan(tmp_path, "东岭市促进产业发展若干措施\n" + "".join(measures) + "\n"))
    assert links["加快培育高新技术企业，对首次认定的企业给予奖励，支持企业申报"] == (["市科技局"], ["市税务局"])
    assert links["强化金融支持，引导银行机构加大信贷投放，发挥政府性融资担保作"] == (["市地方金融监管局"], [])


def test_enumerated_duties_with_markers_of_their_own_are_tasks(tmp_path):
    view = _plan(tmp_path, "东岭市方案\n一、主要任务\n（一）推进产业升级。一是加快技术改造，推动企业上云（市经信局牵头）；"
                           "二是培育龙头企业，壮大规模（市发展改革委牵头，市财政局配合）。\n"
                           "（二）加强保障。一是加大投入；二是强化考核。（市财政局负责）\n")
    links = _links(view)
    assert [lead for title, (lead, _) in links.items() if title.startswith("加快技术改造")] == [["市经信局"]]
    assert [resp for title, (_, resp) in links.items() if title.startswith("培育龙头企业")] == [["市财政局"]]
    assert links["加强保障"] == ([], ["市财政局"])  # one closing marker: the item stays whole


def test_a_table_whose_unit_column_has_no_known_header_is_read_by_its_content(tmp_path):
    page = ("<html><body><p>东岭县考核细则</p><table><tr><td>项目</td><td>评分办法</td><td>分值</td><td>单位</td></tr>"
            "<tr><td>组织领导</td><td>成立河长制工作领导小组，明确分工</td><td>10</td><td>县河长办</td></tr>"
            "<tr><td>污染防治</td><td>完成重点企业排查整治</td><td>20</td><td>县生态环境局、县工信局</td></tr></table></body></html>")
    links = _links(_plan(tmp_path, page, "rules.html"))
    assert links["完成重点企业排查整治"] == ([], ["县生态环境局", "县工信局"])
    # A table of figures is not a table of tasks.
    figures = "<html><body><p>东岭县近年主要经济指标统计表，以下数据来自统计部门年度公报，供各有关单位参考使用。</p><table><tr><td>年份</td><td>产值</td></tr><tr><td>2020</td><td>100</td></tr><tr><td>2021</td><td>120</td></tr></table></body></html>"
    assert not _links(_plan(tmp_path, figures, "figures.html"))


def test_a_type_refused_a_moment_ago_can_open_the_next_name():
    assert _mentions("鼓励支持国家实验室济南基地申报建设。") == {("国家实验室济南基地", ActorKind.PLATFORM)}
    assert _mentions("用足用好海洋产业基金，市设立工业互联网基金。") == {
        ("海洋产业基金", ActorKind.FINANCE), ("工业互联网基金", ActorKind.FINANCE)}


def test_units_named_in_a_page_header_are_actors(tmp_path):
    view = _plan(tmp_path, "政策文号：东府规〔2025〕1号\n牵头单位：文化广电旅游局\n东岭区若干措施\n一、支持项目\n"
                           "第一条 【鼓励投资】支持重大项目建设。（责任单位：区发展改革局）\n")
    assert {"文化广电旅游局", "区发展改革局"} <= {a["name"] for a in view["actors"]}
    assert _links(view) == {"鼓励投资": ([], ["区发展改革局"])}


def test_a_quoted_brand_opens_a_platform_name():
    assert _mentions("推广“爱山东”APP，优化“科创中国”科技经济融通平台。") == {
        ("爱山东APP", ActorKind.PLATFORM), ("科创中国科技经济融通平台", ActorKind.PLATFORM)}
    assert _mentions("建设“互联网+监管”系统和“一站式”综合服务平台。") == set()


def test_offices_of_governments_and_a_levels_own_organisations():
    assert ("山东省人民政府办公厅", ActorKind.GOVERNMENT) in _mentions("山东省人民政府办公厅2019年3月15日印发")
    assert ("安徽省人民政府办公厅", ActorKind.GOVERNMENT) in _mentions("安徽省人民政府办公厅关于印发行动计划的通知")
    assert ("省工商联", ActorKind.ASSOCIATION) in _mentions("抄送：省法院，省检察院，省工商联。")


def test_a_dash_joining_two_places_is_inside_a_name():
    assert _mentions("支持建设济南—青岛人工智能创新应用先导区。") == {("济南—青岛人工智能创新应用先导区", ActorKind.PLATFORM)}
    assert _mentions("2021—2023年，完成任务。") == set()


def test_working_bodies_keep_the_verbs_of_their_names():
    assert _mentions("成立数字山东建设专项小组，统筹推进。") == {("数字山东建设专项小组", ActorKind.GOVERNMENT)}
    assert _mentions("建立工作专班。") == set()


def test_types_of_schools_and_societies_are_not_names():
    assert _mentions("鼓励亲友、村委会、老年协会、志愿者等提供帮助，支持研究型大学开展研究。") == set()
    found = _mentions("支持东岭大学、东岭市电商协会和新材料产业技术创新联盟开展合作。")
    assert {"东岭大学", "东岭市电商协会", "新材料产业技术创新联盟"} <= {n for n, _ in found}


def test_a_clause_before_a_name_is_not_part_of_it():
    assert {n for n, _ in _mentions("搭建现代产业学院、东岭实训基地等平台。")} == {"东岭实训基地"}
    assert {n for n, _ in _mentions("鼓励直辖市人民政府作为综合保税区的申报主体。")} == {"直辖市人民政府"}
    (group, _kind), = _mentions("成立由主要领导任组长的推进工业互联网创新发展专项工作组。")
    assert group.endswith("工业互联网创新发展专项工作组") and "的" not in group
    assert _mentions("远程医疗覆盖全省所有医疗联合体。") == set()


def test_counted_types_and_activities_are_not_names():
    assert _mentions("建设40个示范性职教集团、150个产教融合型企业。") == set()
    assert _mentions("坚持公益普惠的基本办园方向，规范办园行为，推进生态文明思想进校园。") == set()
    assert _mentions("抓好重点马克思主义学院建设，布局建设一批高水平公共卫生学院。") == set()
    assert {n for n, _ in _mentions("充实调整省政府教育督导委员会，统筹领导。")} == {"省政府教育督导委员会"}


def test_trade_words_and_concepts_are_not_names():
    # 物联网 is one word of the trade (the dictionary alone reads 物 + a "proper" 联网).
    assert _mentions("加快建设具有全国影响力的物联网公共服务平台。") == set()
    assert _mentions("加快建设包头市数字政府，推进法治政府建设。各级老年大学发挥作用。") == set()


def test_a_duty_in_the_closing_paragraph_is_a_task_of_its_own(tmp_path):
    text = ("东岭市推进体育产业发展的意见\n一、重点任务\n（一）培育赛事品牌。打造精品赛事。（市体育局、市文旅局负责）\n"
            "（二）完善投入机制。引导社会资本投入。（市财政局负责）\n"
            "各地区、各有关部门要加强组织领导。市体育局要会同有关方面做好指导、督查和总结工作，共同抓好落实。\n")
    links = _links(_plan(tmp_path, text, "plan.txt"))
    assert links["完善投入机制"] == ([], ["市财政局"])
    assert links["市体育局要会同有关方面做好指导、督查和总结工作"][0] == ["市体育局"]


def test_a_task_merged_over_rows_of_measures_is_one_task(tmp_path):
    page = ("<html><body><p>重点任务分工表</p><table>"
            "<tr><td>序号</td><td>重点任务</td><td>具体措施</td><td>牵头单位</td><td>配合单位</td></tr>"
            "<tr><td rowspan='2'>1</td><td rowspan='2'>建设协同创新平台</td><td>建设中试基地。</td>"
            "<td rowspan='2'>市科技局</td><td>市财政局</td></tr>"
            "<tr><td>建设检测中心。</td><td>市市场监管局</td></tr>"
            "<tr><td>2</td><td>设立种子基金</td><td>设立基金。</td><td>市财政局</td><td>市科技局</td></tr>"
            "</table></body></html>")
    path = tmp_path / "plan.html"
    path.write_text(page, encoding="utf-8")
    assert _links(extract(path).view()) == {"建设协同创新平台": (["市科技局"], ["市财政局", "市市场监管局"]),
                                            "设立种子基金": (["市财政局"], ["市科技局"])}


def test_a_campus_named_by_its_place_is_a_body_of_its_own():
    found = {n for n, _ in _mentions("支持山东大学、哈尔滨工业大学（威海）等高校强化特色。")}
    assert {"山东大学", "哈尔滨工业大学(威海)"} <= found and "哈尔滨工业大学" not in found


def test_a_preposition_inside_a_candidate_starts_the_name():
    assert {n for n, _ in _mentions("借款申请人向青岛银行提出申请。")} == {"青岛银行"}
    assert _mentions("借款申请人向合作银行提出申请。") == set()
    assert {n for n, _ in _mentions("申请材料提交至市工业和信息化局，园区内崂山区政府负责审核。")} == {"市工业和信息化局", "崂山区政府"}


def test_two_bodies_joined_and_fragments_in_brackets():
    assert {n for n, _ in _mentions("成立领导小组和东岭市专家委员会。")} == {"东岭市专家委员会"}
    assert _mentions("落实各县（市）人民政府责任，支持东岭医院、社区医院开展合作。") == {("东岭医院", ActorKind.USER)}


def test_the_plan_node_says_who_issued_it_and_when(tmp_path):
    text = ("东岭市人民政府办公室关于印发东岭市协同创新行动方案的通知\n各区人民政府：\n现印发给你们，请认真贯彻执行。\n"
            "东岭市人民政府办公室\n2024年3月5日\n东岭市协同创新行动方案\n一、重点任务\n（一）建设平台。（市科技局负责）\n")
    path = tmp_path / "notice.txt"
    path.write_text(text, encoding="utf-8")
    plan = next(n for n in extract(path).delta.nodes if n.label.value == "Plan")
    assert plan.properties.get("date") == "2024-03-05"
    assert plan.properties.get("issuer") == "东岭市人民政府办公室"


def test_working_groups_named_for_their_work_are_bodies():
    assert _mentions("由北京市大数据工作推进小组统筹，建立工作小组。") == {("北京市大数据工作推进小组", ActorKind.GOVERNMENT)}
