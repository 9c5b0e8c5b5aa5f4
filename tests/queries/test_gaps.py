"""Gaps, recommendations, helix balance and targets on the hand-built mini plan (helpers.py)."""

from __future__ import annotations

import math

import pytest

from innograph import queries
from innograph.core.errors import QueryError
from innograph.queries.helix import co_information

from .helpers import actor_graph, mini_plan_graph


@pytest.fixture
def G():
    return mini_plan_graph()


def test_actor_network_weights_partnerships_and_shared_tasks(G):
    H = queries.actor_network(G)
    tie = H["university:西南大学"]["enterprise:希尔安药业"]
    assert tie["partners"] == 1 and tie["weight"] == 2 and tie["tasks"] == ["task:med"]
    assert H["government:区科技局"]["university:西南大学"]["weight"] == 2  # 医药健康 and 农业 tasks
    assert H.nodes["university:西南大学"]["industries"] == ["农业", "医药健康"]
    assert H.nodes["government:区科技局"]["industries"] == ["农业", "医药健康", "汽车"]  # via its tasks
    partners_only = queries.actor_network(G, include=["partners"])
    assert {frozenset(e) for e in partners_only.edges()} == {
        frozenset({"enterprise:希尔安药业", "university:西南大学"}),
        frozenset({"enterprise:希尔安药业", "university:陆军军医大学"}),
        frozenset({"enterprise:江渝油橄榄", "university:西南大学"})}


def test_department_in_every_base_is_most_central(G):
    rows = queries.centrality(G, measure="degree", kinds=["government"]).rows
    assert rows[0].name == "区科技局" and rows[0].score == 1.0  # tied to all 10 other actors


def test_gap_pairs_are_unpartnered_cross_sector_with_reasons(G):
    pairs = queries.gap_pairs(G, lang="en")
    assert [(p.name, p.partner) for p in pairs] == [("尚荣医疗", "西南大学"), ("尚荣医疗", "陆军军医大学")]
    top = pairs[0]
    # Common contacts leave the departments out: 希尔安药业 (degree 6, tied to 尚荣医疗 by the
    # 7-body task, 1/6, and to 西南大学 by partnership and task, 1 + 1/6) and 陆军军医大学 (degree 6,
    # task ties of 1/6 to both).
    assert top.common_contacts == ["希尔安药业", "陆军军医大学"]
    assert top.adamic_adar == pytest.approx((1 / 6) * (1 + 1 / 6) / math.log(6) + (1 / 6) * (1 / 6) / math.log(6))
    assert top.shared_task_weight == pytest.approx(1 / 6)
    assert top.score == pytest.approx(top.adamic_adar + 1 / 6 + 1, abs=1e-4)  # plus one shared base
    assert top.shared_industries == ["医药健康"] and top.complementary and top.rank == 1
    # the decisive evidence is the shared base: the reason says that, in one sentence
    assert top.reason == "both in the 医药健康 base, not yet partners"
    assert queries.gap_pairs(G, industry="农业") == []
    zh = queries.gap_pairs(G)[0].reason  # Chinese by default
    assert zh == "同属医药健康基地，尚未合作"


def test_recommend_unlinked_enterprise_gets_its_base_universities(G):
    result = queries.recommend(G, "尚荣医疗")
    assert result.actor == "尚荣医疗" and result.industries == ["医药健康"]
    assert [r.name for r in result.rows] == ["西南大学", "陆军军医大学"]
    assert [r.rank for r in result.rows] == [1, 2]
    # cross-sector only by default: enterprises and departments are not proposed
    wide = [r.name for r in queries.recommend(G, "尚荣医疗", any_kind=True, top=20).rows]
    assert "希尔安药业" in wide and "区科技局" in wide


def test_recommend_never_proposes_existing_partners(G):
    names = [r.name for r in queries.recommend(G, "希尔安药业").rows]
    assert "西南大学" not in names and "陆军军医大学" not in names


def test_resolve_by_alias_substring_and_errors(G):
    assert queries.recommend(G, "西大").actor == "西南大学"
    assert queries.recommend(G, "尚荣").actor == "尚荣医疗"
    with pytest.raises(QueryError, match="no actor named '尚荣医药'; did you mean 尚荣医疗"):
        queries.recommend(G, "尚荣医药")
    with pytest.raises(QueryError, match="matches several actors: 区科协、区科技局; give the full name"):
        queries.recommend(G, "区科")


def test_unlinked_actors(G):
    rows = queries.unlinked_actors(G, lang="en")
    assert [r.name for r in rows] == ["北汽银翔", "尚荣医疗"]
    assert all(r.status == "no partner; only named in tasks" for r in rows)
    lone = actor_graph({"孤": "enterprise"}, [])
    assert queries.unlinked_actors(lone)[0].status == "无任何协作"


def test_task_gaps(G):
    rows = {r.name: r for r in queries.task_gaps(G, lang="en")}
    assert rows["1. 建设汽车产业协同创新基地"].missing == ["university or institute"]
    assert rows["（三）营造创新生态"].missing == ["responsible department", "enterprise", "university or institute"]
    assert rows["（三）营造创新生态"].groups == ["企业", "高校", "科研院所"]
    assert "2. 建设医药健康产业协同创新基地" not in rows  # has all three
    assert "（二）建设协同创新基地" not in rows  # not a leaf


def test_task_gaps_inherit_parent_responsibility():
    G = actor_graph({"局": "government", "企": "enterprise", "学": "university"}, [])
    G.add_node("p", label="Task", name="（一）总任务")
    G.add_node("c", label="Task", name="1. 子任务")
    G.add_edge("c", "p", key="PART_OF", type="PART_OF")
    G.add_edge("局", "p", key="LEADS", type="LEADS")
    for n in "企学":
        G.add_edge(n, "c", key="PARTICIPATES_IN", type="PARTICIPATES_IN")
    assert queries.task_gaps(G) == []


def test_department_load_and_concentration(G):
    result = queries.department_load(G)
    rows = {r.name: r for r in result.rows}
    assert (rows["区科技局"].led, rows["区科技局"].shared, rows["区科技局"].total) == (0, 3, 3)
    assert (rows["区科协"].led, rows["区科协"].shared) == (1, 1)
    # tasks led: 工业园区管委会 1, 区农业农村委 1, 区汽车产业发展中心 1, 区科协 1, 区科技局 0
    assert result.gini == pytest.approx(0.2) and result.hhi == pytest.approx(0.25)
    assert rows["区科协"].lead_share == pytest.approx(0.25)


def test_helix_gaps_finance_missing_everywhere_and_no_research_in_automotive(G):
    rows = {r.name: r for r in queries.helix_gaps(G)}
    assert set(rows) == {"医药健康", "农业", "汽车"}
    assert all("金" in r.missing for r in rows.values())
    assert rows["汽车"].counts["产"] == 1 and "学" in rows["汽车"].missing and "研" in rows["汽车"].missing
    assert rows["医药健康"].counts == {"政": 3, "金": 0, "产": 2, "学": 2, "研": 0, "用": 0}


def test_helix_matrix_and_overall_row(G):
    result = queries.helix(G)
    rows = {r.name: r for r in result.rows}
    assert rows["全部"].kind == "all" and rows["全部"].actors == 11
    assert (rows["医药健康"].government, rows["医药健康"].industry, rows["医药健康"].university) == (3, 2, 2)
    # Relations counted by hand: the 医药健康 task's 7 actors give 21 pairs, 农业's 4 give 6,
    # 汽车's 4 give 6, plus 3 partnerships: 36 units. Bits (G, U, I) of each pair's two roles:
    by_hand = ([(1, 0, 0)] * (3 + 1 + 3) + [(0, 0, 1)] * 1 + [(0, 1, 0)] * 1 + [(1, 0, 1)] * (6 + 2 + 3)
               + [(1, 1, 0)] * (6 + 2) + [(0, 1, 1)] * (4 + 1 + 3))
    assert result.units == len(by_hand) == 36
    assert result.t_gui == pytest.approx(co_information(by_hand))
    # 汽车: 区科技局–区科协 share two tasks, so 4 department–department and 3 department–enterprise
    # relations; no university bit ever set, so T is exactly 0 and only 产 varies
    auto = rows["汽车"]
    assert auto.units == 7 and auto.t_gui == 0.0 and auto.t_all is None and auto.t_all_roles == "产"


def test_targets_matched_by_task_words_with_gap(G):
    result = queries.targets(G, lang="en")
    rows = {r.task_id: r for r in result.rows}
    med, auto = rows["task:med"], rows["task:auto"]
    assert (med.target, med.achieved, med.gap, med.status) == (30.0, 12.0, 18.0, "not met")
    assert med.progress == pytest.approx(0.4)
    assert auto.achieved is None and auto.status == "no achievement reported"
    assert result.unmatched == []


def test_targets_latest_wins_and_unmatched_listed(G):
    G.add_node("achievement:2", label="Achievement", name="x", task="组建医药健康协同创新团队", metric="协同创新团队",
               value=31.0, unit="个", date="2025-06-30")
    G.add_node("achievement:3", label="Achievement", name="y", task="", metric="人才引进", value=5.0, date="2025")
    result = queries.targets(G, lang="en")
    med = next(r for r in result.rows if r.task_id == "task:med")
    assert (med.achieved, med.gap, med.status, med.date) == (31.0, 0, "met", "2025-06-30")
    assert [a.metric for a in result.unmatched] == ["人才引进"]


def test_framing_sections_are_not_task_gaps():
    import networkx as nx

    from innograph.queries import task_gaps

    G = nx.MultiDiGraph()
    G.add_node("goal", label="Task", name="工作目标", path=["二、工作目标"], order=1)
    G.add_node("work", label="Task", name="建设基地", path=["三、主要任务", "1. 建设基地"], order=2)
    assert [t.name for t in task_gaps(G)] == ["建设基地"]
