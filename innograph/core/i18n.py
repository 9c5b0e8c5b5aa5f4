"""Every word innograph shows to a reader, in Chinese (the default) and English, in one place.

The maps, the report, and the reasons, statuses and readings of the queries all take their words
from here, so that a page or a table never mixes languages and a translator edits one file.
Names of actors, tasks and quotes come from documents and are never translated.
"""

from __future__ import annotations

from typing import Literal

from innograph.graph.schema import KIND_NAMES_ZH, ActorKind, HelixRole, Label, RelationType

from .errors import LanguageError
from .findings_words import FINDINGS_TEXT

__all__ = ["Lang", "LANGS", "DEFAULT_LANG", "check_lang", "text", "strings", "join_names", "kind_name", "label_name",
           "relation_name", "role_name", "category_name"]

Lang = Literal["zh", "en"]
LANGS = ("zh", "en")
DEFAULT_LANG: Lang = "zh"

_TEXT: dict[str, dict[str, str]] = {
    "zh": {
        "map_title": "协同创新网络图",
        "report_title": "协同创新分析报告",
        "search_placeholder": "搜索名称或简称…",
        "search_none": "未找到",
        "search_found": "找到 {n} 个",
        "legend": "图例",
        "legend_nodes": "节点类型（勾选以显示）",
        "legend_edges": "关系类型",
        "legend_communities": "社群",
        "community": "社群",
        "size_by": "节点大小：{measure}",
        "left_out": "节点过多：只显示按{measure}排名前 {kept} 个节点，另有 {dropped} 个节点和 {dropped_edges} 条关系未显示。",
        "precomputed": "节点较多，位置已预先计算，物理模拟已关闭。",
        "stabilizing": "正在布局…",
        "view_focus": "以“{name}”为中心，{depth} 步以内",
        "view_industry": "产业：{name}",
        "view_gaps": "虚线为推荐合作",
        "empty_map": "图中没有可显示的节点。",
        "kind": "类型",
        "industry": "产业",
        "evidence": "原文",
        "aliases": "简称",
        "score": "得分",
        "reason": "理由",
        "pagerank": "PageRank",
        "betweenness": "中介中心性",
        "degree": "连接数",
        "recommended": "推荐合作",
        "generated_from": "数据来源",
        "summary": "概况",
        "nodes": "节点",
        "edges": "关系",
        "actors": "行动主体",
        "tasks": "任务",
        "industries": "产业",
        "sources": "来源文件",
        "central_actors": "核心行动主体（按类型）",
        "brokers": "桥梁型主体",
        "gaps": "协同缺口",
        "recommendations": "推荐合作伙伴",
        "helix": "政金产学研用协同矩阵",
        "task_coverage": "任务覆盖",
        "department_load": "部门任务负荷",
        "targets": "目标与完成情况",
        "maps": "网络图",
        "open_map": "在新窗口打开网络图",
        "download_csv": "下载 CSV",
        "none": "（无）",
        "rank": "排名",
        "name": "名称",
        "value": "数值",
        "actor": "主体",
        "partner": "建议伙伴",
        "shared": "共同任务/产业",
        "leads": "牵头任务数",
        "responsible": "负责任务数",
        "total": "合计",
        "task": "任务",
        "lead_depts": "牵头单位",
        "resp_depts": "责任单位",
        "participants": "参与主体",
        "metric": "指标",
        "target": "目标值",
        "achieved": "完成值",
        "progress": "完成率",
        "status": "状态",
        "unit": "单位",
        "role": "角色",
        "count": "数量",
        "brokerage": "中介次数",
        "constraint": "结构约束",
        "effective_size": "有效规模",
        "articulation_point": "关键节点",
        "missing": "缺少",
        "enterprises": "企业",
        "research": "高校/院所",
        "lead_share": "牵头占比",
        "reading": "解读",
        "cross_sector_ratio": "跨部门联系占比",
        "role_government": "政",
        "role_finance": "金",
        "role_industry": "产",
        "role_university": "学",
        "role_research": "研",
        "role_application": "用",
        "role_intermediary": "中介",
        "map_communities": "网络图（按社群着色）",
        "task_coverage_note": "{tasks} 个任务中有 {gaps} 个缺少牵头/责任部门、企业或高校院所。",
        "path": "所属章节",
        "date": "日期",
        "print_note": "本报告可离线打开并打印；表格另存为 CSV（UTF-8 带 BOM，可用 Excel 直接打开）。",
        # reasons, statuses and readings the queries write
        "common": "有{n}个共同联系方：{names}",
        "common_one": "有1个共同联系方：{names}",
        "base": "同属{names}基地",
        "same_task": "同在任务“{names}”中",
        "nothing": "无共同联系方、基地或任务",
        "sep": "；",
        "and_more": "等{n}个",
        "no_collaboration": "无任何协作",
        "tasks_only": "无合作伙伴，仅同列于任务",
        "missing_department": "责任部门",
        "missing_enterprise": "企业",
        "missing_research": "高校或科研院所",
        "role_missing": "缺失",
        "role_thin": "薄弱",
        "synergy_negative": "T < 0：存在协同，各方合起来降低了不确定性（形成体系）",
        "synergy_positive": "T > 0：未见协同，各方重叠或各行其是，尚未形成体系",
        "synergy_zero": "T = 0：各方彼此独立",
        "synergy_absent": "T = 0：{roles}缺失，无从形成协同（并非各方彼此独立）",
        "met": "已完成",
        "not_met": "未完成",
        "no_data": "未报送进展",
        "unmatched": "进展无对应目标",
        "partner_tie": "合作伙伴",
        "task_tie": "任务“{names}”",
    },
    "en": {
        "map_title": "Collaborative innovation network",
        "report_title": "Collaborative innovation report",
        "search_placeholder": "Search a name or alias…",
        "search_none": "not found",
        "search_found": "{n} found",
        "legend": "Legend",
        "legend_nodes": "Node types (tick to show)",
        "legend_edges": "Relation types",
        "legend_communities": "Communities",
        "community": "Community",
        "size_by": "Node size: {measure}",
        "left_out": "Too many nodes: showing the top {kept} by {measure}; {dropped} nodes and {dropped_edges} relations are not shown.",
        "precomputed": "Large graph: positions precomputed, physics off.",
        "stabilizing": "Laying out…",
        "view_focus": "Centred on “{name}”, within {depth} steps",
        "view_industry": "Industry: {name}",
        "view_gaps": "Dashed lines are recommended partnerships",
        "empty_map": "There are no nodes to show.",
        "kind": "Kind",
        "industry": "Industry",
        "evidence": "Source text",
        "aliases": "Aliases",
        "score": "Score",
        "reason": "Reason",
        "pagerank": "PageRank",
        "betweenness": "Betweenness",
        "degree": "Degree",
        "recommended": "Recommended partnership",
        "generated_from": "Sources",
        "summary": "Summary",
        "nodes": "Nodes",
        "edges": "Relations",
        "actors": "Actors",
        "tasks": "Tasks",
        "industries": "Industries",
        "sources": "Source files",
        "central_actors": "Most central actors by kind",
        "brokers": "Brokers",
        "gaps": "Collaboration gaps",
        "recommendations": "Recommended partners",
        "helix": "Helix matrix (government, finance, industry, university, research, application)",
        "task_coverage": "Task coverage",
        "department_load": "Department load",
        "targets": "Targets and achievements",
        "maps": "Network maps",
        "open_map": "Open the map in a new window",
        "download_csv": "Download CSV",
        "none": "(none)",
        "rank": "Rank",
        "name": "Name",
        "value": "Value",
        "actor": "Actor",
        "partner": "Suggested partner",
        "shared": "Shared tasks / industries",
        "leads": "Tasks led",
        "responsible": "Tasks responsible for",
        "total": "Total",
        "task": "Task",
        "lead_depts": "Lead departments",
        "resp_depts": "Responsible departments",
        "participants": "Participants",
        "metric": "Metric",
        "target": "Target",
        "achieved": "Achieved",
        "progress": "Progress",
        "status": "Status",
        "unit": "Unit",
        "role": "Role",
        "count": "Count",
        "brokerage": "Brokerage",
        "constraint": "Constraint",
        "effective_size": "Effective size",
        "articulation_point": "Cut point",
        "missing": "Missing",
        "enterprises": "Enterprises",
        "research": "Universities / institutes",
        "lead_share": "Share of leads",
        "reading": "Reading",
        "cross_sector_ratio": "Cross-sector ties",
        "role_government": "Gov.",
        "role_finance": "Fin.",
        "role_industry": "Ind.",
        "role_university": "Univ.",
        "role_research": "Res.",
        "role_application": "Appl.",
        "role_intermediary": "Interm.",
        "map_communities": "Network map (coloured by community)",
        "task_coverage_note": "{gaps} of {tasks} tasks lack a lead or responsible department, an enterprise or a university/institute.",
        "path": "Section",
        "date": "Date",
        "print_note": "This report opens offline and prints; every table is also saved as CSV (UTF-8 with BOM, opens in Excel).",
        # reasons, statuses and readings the queries write
        "common": "shares {n} contacts: {names}",
        "common_one": "shares 1 contact: {names}",
        "base": "both in the {names} base",
        "same_task": "both named in task {names}",
        "nothing": "no shared contact, base or task",
        "sep": "; ",
        "and_more": " and {n} more",
        "no_collaboration": "no collaboration",
        "tasks_only": "no partner; only named in tasks",
        "missing_department": "responsible department",
        "missing_enterprise": "enterprise",
        "missing_research": "university or institute",
        "role_missing": "missing",
        "role_thin": "thin",
        "synergy_negative": "T < 0: synergy; the roles together reduce uncertainty (they work as a system)",
        "synergy_positive": "T > 0: no synergy; the roles overlap or pull apart rather than work as a system",
        "synergy_zero": "T = 0: the roles are independent",
        "synergy_absent": "T = 0: {roles} absent, so there is nothing to work together with (not independence)",
        "met": "met",
        "not_met": "not met",
        "no_data": "no achievement reported",
        "unmatched": "achievement matches no target",
        "partner_tie": "partners",
        "task_tie": "task {names}",
    },
}

# The words of the key findings, the partner reasons and the report's new sections live beside
# this table (findings_words.py) to keep each file readable; one lookup serves both.
for _lang, _words in FINDINGS_TEXT.items():
    _TEXT[_lang].update(_words)

_KIND_EN = {
    ActorKind.GOVERNMENT: "Government",
    ActorKind.FINANCE: "Finance",
    ActorKind.ENTERPRISE: "Enterprise",
    ActorKind.UNIVERSITY: "University",
    ActorKind.INSTITUTE: "Research institute",
    ActorKind.ASSOCIATION: "Association / alliance",
    ActorKind.PLATFORM: "Platform / park",
    ActorKind.USER: "User / application",
    ActorKind.OTHER: "Other",
}

_LABEL_NAMES = {
    "zh": {Label.ACTOR: "行动主体", Label.TASK: "任务", Label.TARGET: "目标", Label.ACHIEVEMENT: "完成情况",
           Label.INDUSTRY: "产业", Label.PLAN: "方案", Label.PLACE: "地点", Label.PROGRAM: "项目/资金/政策"},
    "en": {Label.ACTOR: "Actor", Label.TASK: "Task", Label.TARGET: "Target", Label.ACHIEVEMENT: "Achievement",
           Label.INDUSTRY: "Industry", Label.PLAN: "Plan", Label.PLACE: "Place", Label.PROGRAM: "Programme / fund / policy"},
}

_RELATION_NAMES = {
    "zh": {RelationType.LEADS: "牵头", RelationType.RESPONSIBLE_FOR: "责任/配合", RelationType.PARTICIPATES_IN: "参与",
           RelationType.PARTNERS_WITH: "合作", RelationType.PART_OF: "隶属", RelationType.IN_INDUSTRY: "所属产业",
           RelationType.HAS_TARGET: "目标", RelationType.HAS_PROGRAM: "项目/资金", RelationType.LOCATED_IN: "位于",
           RelationType.MEMBER_OF: "成员", RelationType.FUNDS: "资助"},
    "en": {RelationType.LEADS: "Leads", RelationType.RESPONSIBLE_FOR: "Responsible for",
           RelationType.PARTICIPATES_IN: "Participates in", RelationType.PARTNERS_WITH: "Partners with",
           RelationType.PART_OF: "Part of", RelationType.IN_INDUSTRY: "In industry", RelationType.HAS_TARGET: "Has target",
           RelationType.HAS_PROGRAM: "Uses programme", RelationType.LOCATED_IN: "Located in",
           RelationType.MEMBER_OF: "Member of", RelationType.FUNDS: "Funds"},
}

_ROLE_NAMES = {
    "zh": {HelixRole.GOVERNMENT: "政", HelixRole.FINANCE: "金", HelixRole.INDUSTRY: "产", HelixRole.UNIVERSITY: "学",
           HelixRole.RESEARCH: "研", HelixRole.APPLICATION: "用", HelixRole.INTERMEDIARY: "中介", HelixRole.OTHER: "其他"},
    "en": {HelixRole.GOVERNMENT: "Government", HelixRole.FINANCE: "Finance", HelixRole.INDUSTRY: "Industry",
           HelixRole.UNIVERSITY: "University", HelixRole.RESEARCH: "Research", HelixRole.APPLICATION: "Application",
           HelixRole.INTERMEDIARY: "Intermediary", HelixRole.OTHER: "Other"},
}


def check_lang(lang: str) -> str:
    if lang not in LANGS:
        raise LanguageError(f"unknown language {lang!r}; use zh or en")
    return lang


def text(lang: str, key: str, **values: object) -> str:
    """One string in ``lang``, with ``{placeholders}`` filled from ``values``.

    >>> text("zh", "base", names="医药健康")
    '同属医药健康基地'
    >>> text("en", "base", names="医药健康")
    'both in the 医药健康 base'
    """
    template = _TEXT[check_lang(lang)][key]
    return template.format(**values) if values else template


def join_names(names: list[str], lang: str = DEFAULT_LANG, limit: int = 3, total: int | None = None) -> str:
    """Names joined with the Chinese enumeration comma, the first ``limit`` of them; ``total``
    is how many there are when ``names`` is itself a shortened list.

    >>> join_names(["甲", "乙", "丙", "丁"], "en")
    '甲、乙、丙 and 1 more'
    >>> join_names(["甲", "乙", "丙", "丁"], "zh", total=40)
    '甲、乙、丙等40个'
    """
    total = len(names) if total is None else total
    shown = "、".join(names[:limit])
    if total <= limit:
        return shown
    return shown + text(lang, "and_more", n=total - limit if lang == "en" else total)


def strings(lang: str) -> dict[str, str]:
    """All UI strings of one language (templates read them as ``t.key``)."""
    return dict(_TEXT[check_lang(lang)])


def kind_name(lang: str, kind: ActorKind | str) -> str:
    kind = ActorKind(kind)
    return KIND_NAMES_ZH[kind] if check_lang(lang) == "zh" else _KIND_EN[kind]


def label_name(lang: str, label: Label | str) -> str:
    return _LABEL_NAMES[check_lang(lang)][Label(label)]


def relation_name(lang: str, relation: RelationType | str) -> str:
    return _RELATION_NAMES[check_lang(lang)][RelationType(relation)]


def role_name(lang: str, role: HelixRole | str) -> str:
    return _ROLE_NAMES[check_lang(lang)][HelixRole(role)]


def category_name(lang: str, category: str) -> str:
    """Name of a map category: an actor kind value, or a non-actor label value."""
    if category in ActorKind._value2member_map_:
        return kind_name(lang, category)
    return label_name(lang, category)
