"""Quantitative targets: ``力争组建协同创新团队30个以上`` -> metric 协同创新团队, value 30, >=, 个.

``创建国家级、市级研发平台3个、30个以上`` gives two targets (国家级研发平台 3, 市级研发平台 30);
``（其中：国家级创新平台10个，市级90个以上）`` gives 市级创新平台 90 by borrowing the noun of the
target before it. Phrases without a number (``R&D投入超过全市平均水平``) are not targets.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["TargetPhrase", "find_targets"]

# Longer units before the ones they start with (家次 before 家): the alternations try them in order.
_UNITS = ("亿元", "万元", "千元", "元", "万人次", "人次", "万家次", "家次", "台次", "批次", "万人", "万家", "万个", "万项", "万名", "万件", "万户", "万台", "万亩", "个", "项", "家", "名", "人", "支", "座", "所", "件", "次",
          "场", "台", "套", "户", "亩", "公顷", "平方米", "万平方米", "类", "批", "%", "％", "倍")
_LEVELS = ("国家级", "省级", "市级", "区级", "县级", "省部级")
_NUMBER = r"(?P<value>\d+(?:\.\d+)?)"
_UNIT = "(?P<unit>" + "|".join(sorted(map(re.escape, _UNITS), key=len, reverse=True)) + ")"
_TARGET_RE = re.compile(
    r"(?P<metric>(?:(?:国家级|省部级|省级|市级|区级|县级)[、和及])*[^\d，,。；;：:（）()、]{2,30}?)"
    r"(?P<values>\d+(?:\.\d+)?" + r"(?:" + "|".join(map(re.escape, _UNITS)) + r")"
    r"(?:[、和及]\d+(?:\.\d+)?(?:" + "|".join(map(re.escape, _UNITS)) + r"))*)"
    r"(?P<cmp>以上|以下|以内|左右|及以上)?")
_VALUE_RE = re.compile(_NUMBER + _UNIT)
# "建成5个以上产业创新中心": the count comes before the thing counted.
_COUNT_FIRST_RE = re.compile(
    r"(?:建成|建设|培育|新增|组建|引进|打造|创建|实施|认定|新建|布局|设立|引育|孵化|举办)" + _NUMBER +
    r"(?P<unit>个|家|项|支|所|座|名|人|批|场|次)(?P<cmp>以上|左右|及以上)?"
    r"(?P<metric>[^\d，,。；;：:（）()、]{2,20}?)(?=[，,。；;、）)]|$)")
_YEAR_TAIL_RE = re.compile(r"^\s*年底?(?:前)?[，,]?")
_YEAR_END_RE = re.compile(r"\d{4}年$")
_LEAD_PREPOSITION_RE = re.compile(r"^[在于将把为有对]")
_LEVEL_LIST_RE = re.compile(r"^((?:" + "|".join(_LEVELS) + r")(?:[、和及](?:" + "|".join(_LEVELS) + r"))+)(.+)$")
_LEVEL_SEP_RE = re.compile(r"[、和及]")
_INCENTIVE_RE = re.compile(r"给予|奖励|补助|资助|补贴|奖补|一次性|最高|不超过.{0,4}的")
_HAS_QUANTITY = re.compile(r"\d" + _UNIT)
_MORE = re.compile(r"(?:超过|不少于|不低于|至少|突破|达|达到)$")
_LESS = re.compile(r"(?:不超过|不高于|控制在|低于)$")
_LEAD_WORD_RE = re.compile(r"^(?:力争|争取|确保|累计|到\d{4}年(?:底)?|其中|共|全年|每年|年均)")
_BARE_MEASURES = frozenset("面积 数量 规模 总量 收入 产值 金额 比例 比重 人数 次数 总额 营收 增速 率".split())
_LEAD_VERB_RE = re.compile(
    r"^(?:力争|争取|确保|累计|新增|到\d{4}年(?:底)?|其中|共|全年|每年|年均|实现|达到|)"
    r"(?:组建|实施|创建|建成|建设|培育|引进|新建|打造|认定|孵化|培养|举办|开展|完成|形成|吸引|集聚|新增|突破|达到|"
    r"申报|获批|争创|建立|设立|组织|推动|促成|转化|落地|签约|引育|招引|发展|支持|)")


@dataclass
class TargetPhrase:
    metric: str
    value: float
    comparator: str  # ">=" | "=" | "<="
    unit: str
    text: str
    start: int
    end: int


def find_targets(text: str, start: int, end: int) -> list[TargetPhrase]:
    """Numeric targets in ``text[start:end]`` with their spans."""
    found: list[TargetPhrase] = []
    if not _HAS_QUANTITY.search(text, start, end):  # most paragraphs have no number at all
        return found
    for match in _TARGET_RE.finditer(text, start, end):
        metric_raw = match.group("metric")
        year_tail = _YEAR_TAIL_RE.match(metric_raw)  # "到2026年科技型企业…": the year is not the metric
        skip = year_tail.end() if year_tail else 0
        metric_raw = metric_raw[skip:]
        if _YEAR_END_RE.search(metric_raw) or "年" == metric_raw[-1:]:
            continue
        if _INCENTIVE_RE.search(metric_raw) and "元" in match.group("values"):
            continue  # "给予最高100万元奖励": an incentive in money, not a target
        metric = _LEAD_VERB_RE.sub("", metric_raw.strip()).strip()
        metric = _LEAD_PREPOSITION_RE.sub("", metric)
        cmp_word = match.group("cmp") or ""
        comparator = ">=" if cmp_word in ("以上", "及以上") or _MORE.search(metric) else (
            "<=" if cmp_word in ("以下", "以内") or _LESS.search(metric) else "=")
        metric = _MORE.sub("", _LESS.sub("", metric))
        if metric in _BARE_MEASURES:  # "孵化面积达到50万平方米": the verb is part of the metric
            metric = _MORE.sub("", _LESS.sub("", _LEAD_WORD_RE.sub("", metric_raw.strip()).strip()))
        values = list(_VALUE_RE.finditer(match.group("values")))
        metrics = _split_levels(metric, len(values), found)
        if not metrics:
            continue
        for name, value in zip(metrics, values):
            found.append(TargetPhrase(name, float(value.group("value")), comparator, value.group("unit").replace("％", "%"),
                                      match.group()[skip:].strip(), match.start("metric") + skip,
                                      match.end()))
    for match in _COUNT_FIRST_RE.finditer(text, start, end):
        if any(t.start < match.end() and match.start() < t.end for t in found):
            continue
        comparator = ">=" if match.group("cmp") in ("以上", "及以上") else "="
        found.append(TargetPhrase(match.group("metric"), float(match.group("value")), comparator, match.group("unit"),
                                  match.group(), match.start(), match.end()))
    return found


def _split_levels(metric: str, count: int, previous: list[TargetPhrase]) -> list[str]:
    """One metric name per value: 国家级、市级研发平台 + two values -> two metrics."""
    if len(metric) < 2 or metric in ("其中",):
        return []
    levels = _LEVEL_LIST_RE.match(metric)
    if levels and count > 1:
        names = _LEVEL_SEP_RE.split(levels.group(1))
        return [n + levels.group(2) for n in names][:count]
    if metric in _LEVELS and previous:
        # "市级90个以上" after "国家级创新平台10个": borrow the noun.
        noun = previous[-1].metric
        for level in _LEVELS:
            if noun.startswith(level):
                noun = noun[len(level):].removeprefix("以上")
                break
        return [metric + noun]
    return [metric] * count
