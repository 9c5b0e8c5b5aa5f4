"""A small hand-built plan (the shape the loaders produce) and tiny graphs for query tests."""

from __future__ import annotations

import networkx as nx

from innograph.graph import Edge, GraphDelta, Node, Source
from innograph.graph.model import make_node_id

MED, AGR, AUTO = "医药健康", "农业", "汽车"


def industry(name: str) -> Node:
    return Node(id=make_node_id("Industry", name), label="Industry", name=name)


def task(key: str, name: str, order: int, path: list[str], groups: list[str] | None = None) -> Node:
    return Node(id=f"task:{key}", label="Task", name=name,
                properties={"path": path, "order": order, "groups": groups or []})


def mini_plan_delta() -> GraphDelta:
    """Three industry bases in the seed plan's shape.

    - 医药健康: led by 工业园区管委会, 区科技局 and 区科协 responsible; enterprises 希尔安药业 (partnered
      with 西南大学 and 陆军军医大学) and 尚荣医疗 (no partner); universities 西南大学, 陆军军医大学.
    - 农业: led by 区农业农村委, 区科技局 responsible; 江渝油橄榄 partnered with 西南大学.
    - 汽车: led by 区汽车产业发展中心 and 区科协, 区科技局 responsible; enterprise 北汽银翔 only.
    - 营造创新生态: no actor at all. No finance actor anywhere.
    """
    actors = {
        "区科技局": "government", "区科协": "government", "工业园区管委会": "government",
        "区农业农村委": "government", "区汽车产业发展中心": "government",
        "希尔安药业": "enterprise", "尚荣医疗": "enterprise", "江渝油橄榄": "enterprise", "北汽银翔": "enterprise",
        "西南大学": "university", "陆军军医大学": "university",
    }
    nodes = [Node.actor(n, k, aliases=["西大"] if n == "西南大学" else []) for n, k in actors.items()]
    ids = {n.name: n.id for n in nodes}
    plan = Node(id="plan:方案", label="Plan", name="加快政金产学研用协同创新推动高质量发展的实施方案")
    section = task("s2", "（二）建设协同创新基地", 1, ["三、主要任务", "（二）建设协同创新基地"])
    med = task("med", "2. 建设医药健康产业协同创新基地", 3, [*section.properties["path"], "2. 建设医药健康产业协同创新基地"])
    agr = task("agr", "4. 建设农业优势特色产业协同创新基地", 4, [*section.properties["path"], "4. 建设农业优势特色产业协同创新基地"])
    auto = task("auto", "1. 建设汽车产业协同创新基地", 2, [*section.properties["path"], "1. 建设汽车产业协同创新基地"])
    eco = task("eco", "（三）营造创新生态", 5, ["四、保障措施", "（三）营造创新生态"], groups=["企业", "高校", "科研院所"])
    target = Node(id="target:auto/团队", label="Target", name="协同创新团队30个以上",
                  properties={"metric": "协同创新团队", "value": 30.0, "comparator": ">=", "unit": "个",
                              "text": "力争组建协同创新团队30个以上"})
    med_target = Node(id="target:med/团队", label="Target", name="协同创新团队30个以上",
                      properties={"metric": "协同创新团队", "value": 30.0, "comparator": ">=", "unit": "个",
                                  "text": "力争组建协同创新团队30个以上"})
    achievement = Node(id="achievement:1", label="Achievement", name="组建医药健康协同创新团队",
                       properties={"task": "组建医药健康协同创新团队", "metric": "协同创新团队", "value": 12.0,
                                   "unit": "个", "date": "2024-12-31"})
    inds = {name: industry(name) for name in (MED, AGR, AUTO)}
    nodes += [plan, section, med, agr, auto, eco, target, med_target, achievement, *inds.values()]
    E = lambda s, t, ty: Edge(source=s, target=t, type=ty)  # noqa: E731
    edges = [E(section.id, plan.id, "PART_OF"), E(eco.id, plan.id, "PART_OF")]
    edges += [E(t.id, section.id, "PART_OF") for t in (med, agr, auto)]
    edges += [E(med.id, inds[MED].id, "IN_INDUSTRY"), E(agr.id, inds[AGR].id, "IN_INDUSTRY"),
              E(auto.id, inds[AUTO].id, "IN_INDUSTRY")]
    attach = [
        (med, {"LEADS": ["工业园区管委会"], "RESPONSIBLE_FOR": ["区科技局", "区科协"],
              "PARTICIPATES_IN": ["希尔安药业", "尚荣医疗", "西南大学", "陆军军医大学"]}),
        (agr, {"LEADS": ["区农业农村委"], "RESPONSIBLE_FOR": ["区科技局"], "PARTICIPATES_IN": ["江渝油橄榄", "西南大学"]}),
        (auto, {"LEADS": ["区汽车产业发展中心", "区科协"], "RESPONSIBLE_FOR": ["区科技局"], "PARTICIPATES_IN": ["北汽银翔"]}),
    ]
    for t, by_type in attach:
        for ty, names in by_type.items():
            edges += [E(ids[n], t.id, ty) for n in names]
    for name, base in [("希尔安药业", MED), ("尚荣医疗", MED), ("江渝油橄榄", AGR), ("北汽银翔", AUTO),
                       ("陆军军医大学", MED), ("西南大学", MED), ("西南大学", AGR)]:
        edges.append(E(ids[name], inds[base].id, "IN_INDUSTRY"))
    edges += [E(ids["希尔安药业"], ids["西南大学"], "PARTNERS_WITH"), E(ids["希尔安药业"], ids["陆军军医大学"], "PARTNERS_WITH"),
              E(ids["江渝油橄榄"], ids["西南大学"], "PARTNERS_WITH")]
    edges += [E(auto.id, target.id, "HAS_TARGET"), E(med.id, med_target.id, "HAS_TARGET")]
    return GraphDelta(source=Source(id="mini-plan.txt", sha256="mini"), nodes=nodes, edges=edges)


def mini_plan_graph() -> nx.MultiDiGraph:
    """The mini plan as the projection a store returns (built without a store)."""
    G = nx.MultiDiGraph()
    delta = mini_plan_delta()
    for n in delta.nodes:
        G.add_node(n.id, label=n.label.value, kind=n.kind.value if n.kind else None, name=n.name,
                   aliases=list(n.aliases), sources=[delta.source.id], **n.properties)
    for e in delta.edges:
        G.add_edge(e.source, e.target, key=e.type.value, type=e.type.value, sources=[delta.source.id])
    return G


def actor_graph(kinds: dict[str, str], partners: list[tuple[str, str]]) -> nx.MultiDiGraph:
    """A projection with the given actors (name -> kind) and PARTNERS_WITH pairs; ids are names."""
    G = nx.MultiDiGraph()
    for name, kind in kinds.items():
        G.add_node(name, label="Actor", kind=kind, name=name)
    for u, v in partners:
        G.add_edge(u, v, key="PARTNERS_WITH", type="PARTNERS_WITH")
    return G
