"""The one plain sentence behind a proposed partnership, naming the evidence that decided it.

A score adds up common contacts, shared tasks, shared bases and, for a base without 学/研, topic
fit; the reason names the largest of these first (a person checks the reason, not the sum) and
adds the shared base when that was not the decisive part.
"""

from __future__ import annotations

from innograph.core.i18n import DEFAULT_LANG, join_names, text

__all__ = ["pair_reason", "topic_reason"]


def pair_reason(*, common: list[str], common_count: int, contacts_score: float, tasks: list[tuple[str, int]],
                task_score: float, bases: list[str], base_score: float, lang: str = DEFAULT_LANG) -> str:
    """One sentence: the decisive evidence (common contacts, a shared task or a shared base).

    ``tasks`` are ``(name, members)`` with the smallest task first.

    >>> pair_reason(common=[], common_count=0, contacts_score=0.0, tasks=[("建设医药健康基地", 25)],
    ...             task_score=0.04, bases=["医药健康"], base_score=1.0)
    '同属医药健康基地，尚未合作'
    >>> pair_reason(common=["西南大学", "陆军军医大学"], common_count=2, contacts_score=2.9, tasks=[],
    ...             task_score=0.0, bases=["医药健康"], base_score=1.0, lang="en")
    'share 2 partners or contacts: 西南大学、陆军军医大学; both in the 医药健康 base'
    """
    parts = {"contacts": contacts_score if common_count else 0.0, "task": task_score if tasks else 0.0,
             "base": base_score if bases else 0.0}
    decisive = max(parts, key=lambda k: (parts[k], k == "base"))
    if parts[decisive] <= 0:
        return text(lang, "reason_nothing")
    base_names = "、".join(bases)
    if decisive == "base":
        return text(lang, "reason_base", names=base_names)
    if decisive == "task":
        name, members = tasks[0]
        main = text(lang, "reason_task", task=name, n=members)
    else:
        main = text(lang, "reason_contacts", n=common_count, names=join_names(common, lang, total=common_count))
    return main + (text(lang, "reason_also_base", names=base_names) if bases else "")


def topic_reason(*, base: str, partner: str, partner_words: list[str], base_words: list[str],
                 lang: str = DEFAULT_LANG) -> str:
    """Why a university or institute of another base is proposed to a base without 学/研.

    >>> topic_reason(base="汽车", partner="上海交通大学", partner_words=["交通"], base_words=["汽车", "零部件"])
    '汽车基地没有高校和科研院所；上海交通大学的方向（交通）与该基地的“汽车、零部件”相符'
    """
    return text(lang, "reason_topic", base=base, partner=partner, words="、".join(partner_words),
                base_words="、".join(base_words))
