"""Every sentence a query writes for people, in English and Chinese, in one place.

Reasons and readings default to English with the plan's Chinese names inside; ``lang="zh"``
gives Chinese throughout (the report's default).
"""

from __future__ import annotations

from typing import Literal

from innograph.core.errors import QueryError

__all__ = ["Lang", "LANGS", "text", "join_names"]

Lang = Literal["en", "zh"]
LANGS = ("en", "zh")

_TEXT: dict[str, dict[str, str]] = {
    "common": {"en": "shares {n} contacts: {names}", "zh": "有{n}个共同联系方：{names}"},
    "common_one": {"en": "shares 1 contact: {names}", "zh": "有1个共同联系方：{names}"},
    "base": {"en": "both in the {names} base", "zh": "同属{names}基地"},
    "task": {"en": "both named in task {names}", "zh": "同在任务“{names}”中"},
    "nothing": {"en": "no shared contact, base or task", "zh": "无共同联系方、基地或任务"},
    "sep": {"en": "; ", "zh": "；"},
    "more": {"en": " and {n} more", "zh": "等{n}个"},
    "no_collaboration": {"en": "no collaboration", "zh": "无任何协作"},
    "tasks_only": {"en": "no partner; only named in tasks", "zh": "无合作伙伴，仅同列于任务"},
    "missing_department": {"en": "responsible department", "zh": "责任部门"},
    "missing_enterprise": {"en": "enterprise", "zh": "企业"},
    "missing_research": {"en": "university or institute", "zh": "高校或科研院所"},
    "role_missing": {"en": "missing", "zh": "缺失"},
    "role_thin": {"en": "thin", "zh": "薄弱"},
    "synergy_negative": {
        "en": "T < 0: synergy; the roles together reduce uncertainty (they work as a system)",
        "zh": "T < 0：存在协同，各方合起来降低了不确定性（形成体系）",
    },
    "synergy_positive": {
        "en": "T > 0: no synergy; the roles overlap or pull apart rather than work as a system",
        "zh": "T > 0：未见协同，各方重叠或各行其是，尚未形成体系",
    },
    "synergy_zero": {"en": "T = 0: the roles are independent", "zh": "T = 0：各方彼此独立"},
    "met": {"en": "met", "zh": "已完成"},
    "not_met": {"en": "not met", "zh": "未完成"},
    "no_data": {"en": "no achievement reported", "zh": "未报送进展"},
    "unmatched": {"en": "achievement matches no target", "zh": "进展无对应目标"},
    "partner_tie": {"en": "partners", "zh": "合作伙伴"},
    "task_tie": {"en": "task {names}", "zh": "任务“{names}”"},
}


def text(key: str, lang: str = "en", **values: object) -> str:
    """One sentence in ``lang`` with ``values`` filled in.

    >>> text("base", "zh", names="医药健康")
    '同属医药健康基地'
    >>> text("base", "en", names="医药健康")
    'both in the 医药健康 base'
    """
    if lang not in LANGS:
        raise QueryError(f"unknown language {lang!r}; use en or zh")
    return _TEXT[key][lang].format(**values)


def join_names(names: list[str], lang: str = "en", limit: int = 3, total: int | None = None) -> str:
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
    return shown + text("more", lang, n=total - limit if lang == "en" else total)
