"""Recommendations that make sense: hub departments and long lists do not decide, an actor's own
facility is never its partner, complementary kinds come first, ties are ties."""

from __future__ import annotations

import networkx as nx

from innograph import queries
from innograph.queries.pairing import diversify, own_facility_pairs


def _graph(actors: dict[str, str], tasks: dict[str, list[str]], partners: list[tuple[str, str]] = ()) -> nx.MultiDiGraph:
    G = nx.MultiDiGraph()
    for name, kind in actors.items():
        G.add_node(name, label="Actor", kind=kind, name=name)
    for task, members in tasks.items():
        G.add_node(task, label="Task", name=task)
        for m in members:
            rel = "RESPONSIBLE_FOR" if actors[m] == "government" else "PARTICIPATES_IN"
            G.add_edge(m, task, key=rel, type=rel)
    for u, v in partners:
        G.add_edge(u, v, key="PARTNERS_WITH", type="PARTNERS_WITH")
    return G


def test_a_hub_department_does_not_decide_the_partner():
    # Three departments sit on every task. 企 shares them all with 甲大学 (on other tasks), which
    # under plain Adamic–Adar is 3 / ln 4 = 2.16 and beats 乙大学's one shared platform (1 / ln 2 = 1.44).
    # The departments coordinate; they are no shared contact. The platform is.
    actors = {"企": "enterprise", "甲大学": "university", "乙大学": "university", "台": "platform",
              "局1": "government", "局2": "government", "局3": "government"}
    G = _graph(actors, {"t1": ["企", "局1", "局2", "局3"], "t2": ["甲大学", "局1", "局2", "局3"]},
               partners=[("企", "台"), ("乙大学", "台")])
    rows = queries.recommend(G, "企", lang="en").rows
    assert [r.name for r in rows] == ["乙大学"]
    assert rows[0].common_contacts == ["台"] and "局" not in rows[0].reason
    assert rows[0].reason == "share 1 partners or contacts: 台"


def test_a_long_list_weighs_less_than_a_small_task():
    # 企 is named with 甲大学 in a 12-body list and with 乙院 in a task of two: the small task decides.
    actors = {"企": "enterprise", "甲大学": "university", "乙院": "institute",
              **{f"台{i}": "platform" for i in range(9)}}
    G = _graph(actors, {"long": ["企", "甲大学", "乙院", *(f"台{i}" for i in range(9))], "small": ["企", "乙院"]})
    rows = queries.recommend(G, "企").rows
    assert [r.name for r in rows][:2] == ["乙院", "甲大学"]
    assert rows[0].reason == "同在任务“small”中（该任务共列2个主体）"


def test_own_facility_is_never_proposed_and_complementary_kinds_come_first():
    actors = {"恒芯天际": "enterprise", "恒芯天际生产基地": "platform", "某大学": "university", "某联盟": "association"}
    G = _graph(actors, {"t": list(actors)})
    assert own_facility_pairs(G) == {frozenset({"恒芯天际", "恒芯天际生产基地"})}
    rows = queries.recommend(G, "恒芯天际").rows
    assert [r.name for r in rows] == ["某大学", "某联盟"]  # university before association, no own base
    assert rows[0].complementary and not rows[1].complementary
    assert all(r.partner != "恒芯天际生产基地" for r in queries.gap_pairs(G, top=None))


def test_equal_scores_share_a_rank():
    actors = {"企": "enterprise", "甲大学": "university", "乙大学": "university"}
    G = _graph(actors, {"t": list(actors)})
    assert [(r.name, r.rank) for r in queries.recommend(G, "企").rows] == [("乙大学", 1), ("甲大学", 1)]


def test_diversify_caps_actors_and_spreads_bases():
    rows = [("甲", f"P{i}", "A") for i in range(6)] + [("乙", "Q", "B"), ("丙", "R", "C")]
    picked = diversify(rows, 4, actors=lambda r: r[:2], base=lambda r: r[2], per_actor=3)
    assert sum(r[0] == "甲" for r in picked) == 2  # an even share of 4 over 3 bases is 2
    assert {r[2] for r in picked} == {"A", "B", "C"}
    # when the other bases run out, base A fills the list again, up to the actor cap
    assert sum(r[0] == "甲" for r in diversify(rows, 8, actors=lambda r: r[:2], base=lambda r: r[2])) == 3
