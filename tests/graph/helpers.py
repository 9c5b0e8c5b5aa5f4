"""Small deltas for store tests."""

from __future__ import annotations

from innograph.graph import Edge, Evidence, GraphDelta, Node, Source


def evidence(source_id: str, start: int = 0, quote: str = "句子") -> Evidence:
    return Evidence(source_id=source_id, source_hash=f"hash-{source_id}", start=start, end=start + len(quote), quote=quote)


def plan_delta(source_id: str = "plan.txt", sha: str = "v1", extra_partner: bool = False) -> GraphDelta:
    ev = evidence(source_id)
    dept = Node.actor("区科技局", "government", aliases=["科技局"], evidence=[ev])
    uni = Node.actor("西南大学", "university", evidence=[ev], properties={"city": "重庆"})
    ent = Node.actor("希尔安药业", "enterprise", evidence=[ev])
    task = Node(id="task:plan/医药", label="Task", name="建设医药健康产业协同创新基地", evidence=[ev],
                properties={"path": ["三、主要任务", "2. 建设医药健康产业协同创新基地"], "order": 2})
    edges = [
        Edge(source=dept.id, target=task.id, type="LEADS", evidence=[ev]),
        Edge(source=ent.id, target=uni.id, type="PARTNERS_WITH", evidence=[ev]),
        Edge(source=ent.id, target=task.id, type="PARTICIPATES_IN", evidence=[ev]),
    ]
    nodes = [dept, uni, ent, task]
    if extra_partner:
        inst = Node.actor("中国农业科学院", "institute", aliases=["中国农科院"], evidence=[ev])
        nodes.append(inst)
        edges.append(Edge(source=ent.id, target=inst.id, type="PARTNERS_WITH", evidence=[ev]))
    return GraphDelta(source=Source(id=source_id, path=source_id, sha256=sha, title="方案"), nodes=nodes, edges=edges)
