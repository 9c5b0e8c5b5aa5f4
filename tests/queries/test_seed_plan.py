"""What an analyst sees on the commissioning plan, loaded by the real loaders into the real store."""

from __future__ import annotations

import pytest

from innograph import queries
from innograph.graph.model import ProjectionFilter
from innograph.graph.stores import SQLiteStore
from innograph.loaders import extract

from ..conftest import REPO, SEED_PLAN

PROGRESS = REPO / "tests" / "fixtures" / "table_progress.csv"


@pytest.fixture(scope="module")
def G(tmp_path_factory):
    with SQLiteStore(tmp_path_factory.mktemp("seed") / "seed.db") as store:
        store.upsert(extract(SEED_PLAN).delta)
        store.upsert(extract(PROGRESS).delta)
        return store.projection(ProjectionFilter(with_evidence=True))  # the plan's sentences: 依托, topics


@pytest.fixture(scope="module")
def H(G):
    return queries.actor_network(G)


@pytest.mark.parametrize("measure", ["degree", "betweenness", "pagerank"])
def test_district_science_bureau_is_the_most_central_department(G, measure):
    rows = queries.centrality(G, measure=measure, kinds=["government"]).rows
    assert rows[0].name == "区科技局"
    assert rows[0].score > rows[1].score


def test_southwest_university_bridges_medicine_and_agriculture(G, H):
    swu = next(v for v in H if H.nodes[v]["name"] == "西南大学")
    assert {"医药健康", "农业"} <= set(H.nodes[swu]["industries"])
    # its own partners come from both bases ...
    partnered = queries.actor_network(G, include=["partners"])
    partner_bases = {ind for v in partnered[swu] for ind in partnered.nodes[v]["industries"]}
    assert {"医药健康", "农业"} <= partner_bases
    # ... and on the partnership network it is the actor holding them together
    brokers = queries.brokers(G, ties="partners")
    assert "西南大学" in brokers.articulation_points
    # on the whole network it is the most between actor outside the bodies that sit on tasks
    # (departments, and 区科协, a people's organisation the conventions count as an association)
    rows = queries.centrality(G, measure="betweenness").rows
    assert next(r for r in rows if r.kind not in ("government", "association")).name == "西南大学"


def test_automotive_base_has_enterprises_but_no_university_or_institute(G, H):
    gap = next(r for r in queries.helix_gaps(G) if r.name == "汽车")
    assert gap.counts["产"] >= 2
    assert gap.counts["学"] == 0 and gap.counts["研"] == 0 and {"学", "研"} <= set(gap.missing)
    named = {H.nodes[v]["name"] for v in H if "汽车" in H.nodes[v]["industries"] and H.nodes[v]["kind"] == "enterprise"}
    assert {"北汽银翔", "比速汽车"} <= named


def test_finance_is_thin_across_the_bases(G):
    gaps = queries.helix_gaps(G)
    assert len(gaps) >= 4
    assert all(r.counts["金"] <= 1 and "金" in r.missing + r.thin for r in gaps)
    # while every base has departments and enterprises
    assert all(r.counts["政"] >= 2 and r.counts["产"] >= 1 for r in gaps)


def test_shangrong_is_unlinked_and_recommended_the_bases_universities(G, H):
    unlinked = {r.name: r for r in queries.unlinked_actors(G)}
    assert "尚荣医疗" in unlinked
    assert unlinked["尚荣医疗"].kind == "enterprise" and "医药健康" in unlinked["尚荣医疗"].industries
    base_universities = {H.nodes[v]["name"] for v in H
                         if H.nodes[v]["kind"] == "university" and "医药健康" in H.nodes[v]["industries"]}
    assert len(base_universities) >= 3
    recommended = queries.recommend(G, "尚荣医疗", top=10).rows
    assert base_universities <= {r.name for r in recommended}
    assert all("医药健康" in r.shared_industries for r in recommended if r.name in base_universities)


def test_progress_table_matched_to_the_plans_targets(G):
    result = queries.targets(G)
    achieved = {(r.name, r.metric): (r.achieved, r.gap) for r in result.rows if r.achieved is not None}
    # "组建医药健康协同创新团队" goes to the 医药健康 base's team target, not another base's;
    # "产学研合作项目" without a task goes to the plan's one 产学研用合作项目 target
    assert achieved == {("建设医药健康产业协同创新基地", "协同创新团队"): (12.0, 18.0),
                        ("工作目标", "产学研用合作项目"): (27.0, 73.0)}
    assert [a.task for a in result.unmatched] == ["建设新型显示联合实验室"]


def test_default_gaps_are_diverse_and_never_an_actor_with_its_own_facility(G):
    rows = queries.gap_pairs(G, top=30)
    assert len(rows) == 30
    assert len({r.base for r in rows if r.base}) >= 3
    from collections import Counter
    per_actor = Counter(a for r in rows for a in (r.id, r.partner_id))
    assert max(per_actor.values()) <= 3
    own = queries.own_facility_pairs(G)
    assert {"恒芯天际", "360科技", "尚荣医疗"} <= {G.nodes[a]["name"] for p in own for a in p}
    assert not any(frozenset((r.id, r.partner_id)) in own for r in queries.gap_pairs(G, top=None))
    # complementary pairs (a firm with the research side or finance) come first
    first = [r.complementary for r in rows]
    assert first == sorted(first, reverse=True) and first[0]


def test_automotive_firm_is_offered_a_fitting_university_before_a_medical_one(G):
    rows = queries.recommend(G, "北汽银翔").rows
    research = [r for r in rows if r.kind in ("university", "institute")]
    fitting = next(r for r in research if any(w in r.name for w in ("交通", "信息", "邮电", "网络")))
    medical = [r for r in research if "医" in r.name]
    assert all(fitting.rank < m.rank for m in medical)
    assert fitting.topic_fit > 0 and "汽车基地没有高校和科研院所" in fitting.reason
    assert rows[0].kind in ("university", "institute")  # complementary kinds first


def test_the_findings_state_the_four_truths_with_evidence(G):
    found = queries.findings(G)
    by_key = {}
    for f in found.key_findings:
        by_key.setdefault(f.key, []).append(f)
    assert 5 <= len(found.key_findings) <= 10
    (auto,) = by_key["base_without_research"]
    assert auto.text.startswith("汽车基地没有高校和科研院所：") and {"北汽银翔", "比速汽车", "中微汽博"} <= set(auto.evidence)
    (finance,) = by_key["no_finance"]
    assert finance.text == "全区未点名金融机构，仅设立产业引导基金、天使基金等4支基金"
    assert {"种子基金", "天使基金", "风险投资基金", "产业引导基金"} <= set(finance.evidence)
    (load,) = by_key["load"]
    assert load.text.startswith("区科技局牵头4项、参与8项任务")
    (bridge,) = by_key["bridge"]
    assert bridge.text == "西南大学是农业与医药健康之间唯一的桥梁（割点）" and bridge.link == "#brokers"
    # 金 = 0 in every base is explained, and the automotive T = 0 is not called independence
    assert "未点名任何金融机构" in found.finance_note and "4支基金" in found.finance_note
    auto_row = next(r for r in found.helix.rows if r.name == "汽车")
    assert "学、研缺失" in auto_row.reading and "彼此独立" not in auto_row.reading.split("（")[0]
