"""Each measure against answers computed by hand on tiny graphs."""

from __future__ import annotations

import math

import networkx as nx
import pytest

from innograph import queries
from innograph.core.errors import QueryError
from innograph.queries.gaps import gini, hhi
from innograph.queries.helix import co_information
from innograph.queries.kernels import betweenness_sampled, to_csr

from .helpers import actor_graph

STAR = {"中心": "university", "甲": "enterprise", "乙": "enterprise", "丙": "enterprise"}
STAR_TIES = [("中心", "甲"), ("中心", "乙"), ("中心", "丙")]


def scores(result):
    return {r.name: r.score for r in result.rows}


def test_star_betweenness_degree_closeness():
    G = actor_graph(STAR, STAR_TIES)
    bc = queries.centrality(G, measure="betweenness")
    assert scores(bc) == {"中心": 1.0, "甲": 0.0, "乙": 0.0, "丙": 0.0}
    assert bc.method == "exact" and not bc.sampled
    assert scores(queries.centrality(G, measure="degree"))["中心"] == 1.0
    assert scores(queries.centrality(G, measure="degree"))["甲"] == pytest.approx(1 / 3)
    # a leaf is 1 hop from the centre and 2 from each other leaf: 3 / (1 + 2 + 2)
    assert scores(queries.centrality(G, measure="closeness"))["甲"] == pytest.approx(0.6)


def test_pagerank_three_node_star_solved_by_hand():
    # c = 0.15/3 + 0.85 * 2l ; l = 0.15/3 + 0.85 * c/2  =>  c = 0.135 / 0.2775
    G = actor_graph({"中心": "government", "甲": "enterprise", "乙": "enterprise"}, [("中心", "甲"), ("中心", "乙")])
    s = scores(queries.centrality(G, measure="pagerank"))
    assert s["中心"] == pytest.approx(0.135 / 0.2775, abs=1e-5)
    assert s["甲"] == pytest.approx((1 - 0.135 / 0.2775) / 2, abs=1e-5)


def test_eigenvector_path_of_three():
    G = actor_graph({"a": "enterprise", "b": "university", "c": "enterprise"}, [("a", "b"), ("b", "c")])
    s = scores(queries.centrality(G, measure="eigenvector"))
    assert s["b"] == pytest.approx(1 / math.sqrt(2)) and s["a"] == pytest.approx(0.5)


def test_rank_within_kind_and_filters():
    G = actor_graph(STAR, STAR_TIES)
    result = queries.centrality(G, measure="degree", kinds=["enterprise"])
    assert [r.kind for r in result.rows] == ["enterprise"] * 3
    assert [r.rank_in_kind for r in result.rows] == [1, 2, 3]
    assert [r.rank for r in result.rows] == [2, 3, 4]
    assert len(queries.centrality(G, top=2).rows) == 2


def test_betweenness_switches_to_seeded_sampling_above_threshold():
    G = nx.convert_node_labels_to_integers(nx.karate_club_graph())
    P = actor_graph({f"n{v}": "enterprise" for v in G}, [(f"n{u}", f"n{v}") for u, v in G.edges()])
    one = queries.centrality(P, measure="betweenness", exact_threshold=10, sample_size=12, seed=7)
    two = queries.centrality(P, measure="betweenness", exact_threshold=10, sample_size=12, seed=7)
    other = queries.centrality(P, measure="betweenness", exact_threshold=10, sample_size=12, seed=8)
    assert one.sampled and "12 of 34 sources, seed 7" in one.method
    assert scores(one) == scores(two)
    assert scores(one) != scores(other)
    # every node a source: the estimate is the exact value networkx computes
    _, A = to_csr(G, weight=None)
    exact = nx.betweenness_centrality(G)
    assert betweenness_sampled(A, k=34).tolist() == pytest.approx([exact[v] for v in G])


def test_actor_task_graph_ranks_tasks_too():
    G = actor_graph({"a": "enterprise", "b": "university"}, [])
    G.add_node("t", label="Task", name="任务")
    for n in "ab":
        G.add_edge(n, "t", key="PARTICIPATES_IN", type="PARTICIPATES_IN")
    result = queries.centrality(G, measure="degree", network="actor-task")
    assert result.rows[0].name == "任务" and result.rows[0].kind == "task" and result.rows[0].score == 1.0


def test_louvain_two_triangles_modularity_by_hand():
    names = {n: "enterprise" for n in "abcdef"}
    G = actor_graph(names, [("a", "b"), ("b", "c"), ("c", "a"), ("d", "e"), ("e", "f"), ("f", "d"), ("c", "d")])
    result = queries.communities(G, seed=1)
    # m = 7; each side: 3 internal ties, degree sum 7  =>  Q = 2 * (3/7 - (7/14)^2) = 5/14
    assert result.modularity == pytest.approx(5 / 14)
    assert sorted(sorted(c.member_ids) for c in result.communities) == [["a", "b", "c"], ["d", "e", "f"]]
    assert result.membership["a"] == result.membership["b"] != result.membership["e"]


def test_community_named_by_industry_and_kinds():
    G = actor_graph({"企1": "enterprise", "企2": "enterprise", "学": "university"}, [("企1", "学"), ("企2", "学")])
    G.add_node("industry:汽车", label="Industry", name="汽车")
    for n in ("企1", "企2"):
        G.add_edge(n, "industry:汽车", key="IN_INDUSTRY", type="IN_INDUSTRY")
    (community,) = queries.communities(G).communities
    assert community.name == "汽车 · 企业+高校" and community.kind == "enterprise" and community.industry == "汽车"


def test_constraint_and_effective_size_on_a_path_by_hand():
    # ends: one contact, p = 1, c = 1; middle: two contacts of 1/2 not tied, c = 2 * (1/2)^2 = 0.5
    G = actor_graph({"甲": "enterprise", "乙": "university", "丙": "enterprise"}, [("甲", "乙"), ("乙", "丙")])
    rows = {r.name: r for r in queries.brokers(G).rows}
    assert rows["乙"].constraint == pytest.approx(0.5) and rows["甲"].constraint == pytest.approx(1.0)
    assert rows["乙"].effective_size == pytest.approx(2.0) and rows["甲"].effective_size == pytest.approx(1.0)
    assert rows["乙"].articulation_point and not rows["甲"].articulation_point
    assert rows["乙"].itinerant == 1 and rows["乙"].brokerage == 1


def test_gould_fernandez_roles_and_tied_contacts_not_brokered():
    kinds = {"局": "government", "局2": "government", "企": "enterprise", "学": "university", "研": "institute",
             "金": "finance"}
    # 局's contacts: 局2 (same group), 企, 学, 研, 金; 企–学 are tied to each other.
    G = actor_graph(kinds, [("局", "局2"), ("局", "企"), ("局", "学"), ("局", "研"), ("局", "金"), ("企", "学")])
    roles = {r.name: r for r in queries.brokers(G).rows}["局"]
    # pairs: 局2 with each of 4 outsiders -> 4 gatekeeper/representative;
    # outsiders in 4 distinct groups -> C(4,2) = 6 liaison pairs, minus the tied 企–学 -> 5
    assert (roles.coordinator, roles.itinerant, roles.gatekeeper_representative, roles.liaison) == (0, 0, 4, 5)
    assert queries.brokers(G).articulation_points == ["局"]


def test_link_prediction_scores_on_four_nodes():
    # a and b share c and d, each of degree 2: AA = 2 / ln 2, RA = 1/2 + 1/2, CN = 2
    G = actor_graph({"a": "enterprise", "b": "university", "c": "platform", "d": "association"},
                    [("a", "c"), ("a", "d"), ("b", "c"), ("b", "d")])
    (row,) = queries.recommend(G, "a", lang="en").rows
    assert row.name == "b"
    assert row.adamic_adar == pytest.approx(2 / math.log(2))
    assert row.resource_allocation == pytest.approx(1.0)
    assert row.common_neighbours == 2 and row.common_contacts == ["c", "d"]
    assert row.reason == "share 2 partners or contacts: c、d"


def test_co_information_on_crafted_tables():
    xor = [(0, 0, 0), (0, 1, 1), (1, 0, 1), (1, 1, 0)]
    assert co_information(xor) == pytest.approx(-1.0)  # 3 - 6 + 2
    assert co_information([(0, 0, 0), (1, 1, 1)]) == pytest.approx(1.0)  # 3 - 3 + 1
    # two variables: mutual information; independent halves give 0, copies give 1 bit
    assert co_information([(0, 0), (0, 1), (1, 0), (1, 1)]) == pytest.approx(0.0)
    assert co_information([(0, 0), (1, 1)]) == pytest.approx(1.0)
    # four variables, the fourth constant: adds nothing
    assert co_information([p + (1,) for p in xor]) == pytest.approx(0.0)


def test_helix_synergy_over_tasks_by_hand():
    G = actor_graph({"政": "government", "企": "enterprise", "学": "university"}, [])
    for t, members in [("t1", "政企"), ("t2", "政学"), ("t3", "企学")]:
        G.add_node(t, label="Task", name=t)
        for m in members:
            G.add_edge(m, t, key="PARTICIPATES_IN", type="PARTICIPATES_IN")
    result = queries.helix(G)
    # each role in 2 of 3 tasks: H = h(1/3); every pair and the triple: 3 distinct patterns, log2 3
    h = -(1 / 3) * math.log2(1 / 3) - (2 / 3) * math.log2(2 / 3)
    assert result.t_gui == pytest.approx(3 * h - 3 * math.log2(3) + math.log2(3))
    assert result.t_gui < 0 and result.reading.startswith("T < 0")
    assert result.units == 3 and result.cross_sector_ratio == 1.0


def test_gini_and_hhi_by_hand():
    assert gini([0, 0, 0, 4]) == pytest.approx(0.75)
    assert gini([1, 1, 1]) == 0.0
    assert hhi([1, 1, 2]) == pytest.approx(0.375) and hhi([5]) == 1.0


def test_paths_and_intermediaries():
    G = actor_graph({"企": "enterprise", "局": "government", "协": "association", "学": "university"},
                    [("企", "局"), ("局", "学"), ("企", "协"), ("协", "学")])
    result = queries.path(G, "企", "学")
    assert result.hops == 2 and sorted(result.intermediaries) == ["协", "局"]
    assert len(result.paths) == 2 and all(p[0] == "企" and p[-1] == "学" for p in result.paths)
    G.add_node("孤", label="Actor", kind="enterprise", name="孤")
    assert queries.path(G, "企", "孤").hops is None


def test_bad_options_raise_query_errors():
    G = actor_graph(STAR, STAR_TIES)
    with pytest.raises(QueryError, match="unknown measure 'fame'"):
        queries.centrality(G, measure="fame")  # type: ignore[arg-type]
    with pytest.raises(QueryError, match="unknown ties 'friends'"):
        queries.brokers(G, ties="friends")
    with pytest.raises(QueryError, match="unknown kind 'bank'"):
        queries.centrality(G, kinds=["bank"])


def test_partner_only_network_ignores_shared_tasks():
    G = actor_graph({"a": "enterprise", "b": "university", "c": "enterprise"}, [("a", "b")])
    G.add_node("t", label="Task", name="任务")
    for n in "bc":
        G.add_edge(n, "t", key="PARTICIPATES_IN", type="PARTICIPATES_IN")
    assert scores(queries.centrality(G, ties="partners"))["c"] == 0.0
    assert scores(queries.centrality(G, ties="tasks"))["a"] == 0.0
    assert scores(queries.centrality(G))["b"] == 1.0
