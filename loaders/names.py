"""Lexical rules for organisation names in Chinese plans: kinds from suffixes, generic
collectives, generic type names, leading verbs and careful list splitting.

These rules work on names no gazetteer has seen (``X医科大学``, ``恒芯天际生产基地``); the
gazetteer (loaders/gazetteer.py) only adds canonical forms, aliases and industries on top.
"""

from __future__ import annotations

import re
from functools import lru_cache

from innograph.graph.schema import ActorKind

__all__ = [
    "COMMON_WORDS_WITH_DEPARTMENT_TAIL",
    "classify_name",
    "firm_by_weak_suffix",
    "is_collective",
    "collective_opening",
    "is_generic_name",
    "is_plan_speak",
    "strip_lead_words",
    "cut_at_inner_verbs",
    "organisation_before_verb",
    "split_names",
    "STRONG_SUFFIX_RE",
    "WEAK_ENTERPRISE_SUFFIXES",
]

G, F, E, U, I, A, P, USER = (ActorKind.GOVERNMENT, ActorKind.FINANCE, ActorKind.ENTERPRISE, ActorKind.UNIVERSITY,
                             ActorKind.INSTITUTE, ActorKind.ASSOCIATION, ActorKind.PLATFORM, ActorKind.USER)

# Suffixes that name an organisation wherever they appear (longest first when scanning).
# Institutes come before universities because 科学院 ends with 学院.
_STRONG_SUFFIXES: dict[str, ActorKind] = {
    "科学院": I, "研究院": I, "研究所": I, "农科院": I, "林科院": I, "科院": I, "设计院": I, "工程院": I,
    "实验室": I, "研究中心": I, "技术研究院": I, "分院": I,
    # Centres the plans themselves call platforms (研发平台), whatever their names say.
    "工程研究中心": P, "工程技术研究中心": P, "技术创新中心": P, "工程中心": P, "企业技术中心": P,
    "大学": U, "学院": U, "学校": U,
    "医院": USER,
    "股份有限公司": E, "有限公司": E, "有限责任公司": E, "公司": E, "集团": E, "药业": E, "制药": E,
    "集团有限公司": E, "集团股份有限公司": E, "集团有限责任公司": E,  # one match, not 集团 + 有限公司
    "学会": A, "协会": A, "商会": A, "联盟": A, "联合体": A, "促进会": A, "研究会": A, "联合会": A,
    "委员会": A, "共同体": A,
    "基金": F, "基金管理有限公司": F, "基金管理公司": F, "分行": F, "支行": F, "银行": F, "农商行": F,
    "信用社": F, "担保": F, "创投": F, "证券": F, "保险": F, "信托": F,
    "营业部": F,  # 证券营业部 / 银行营业部: a finance branch office
    # 生物医药港, 科创港: parks named as ports (港 alone is a place word: 香港, 港口).
    "医药港": P, "科创港": P, "数字港": P, "智慧港": P, "创新港": P, "科技港": P, "人才港": P, "数据港": P, "信息港": P,
    "产业园区": P, "产业园": P, "园区": P, "园": P, "基地": P, "科学城": P, "科技城": P, "平台": P,
    "走廊": P, "开发区": P, "高新区": P, "新区": P, "交易市场": P, "交易所": P, "联合社": F, "信用联社": F,
    # 科技大市场/技术大市场: technology-trading platforms; 大学科技园 ends a park's name, not a university's.
    "大市场": P, "技术市场": P, "大学科技园": P, "科技园": P,
    "孵化器": P, "加速器": P, "众创空间": P, "服务站": P, "工作站": P, "实训室": P, "中心": P, "小镇": P,
    # Zones, ports and events a plan names as bodies (they need a proper part like any platform).
    "试验区": P, "先导区": P, "示范区": P, "自贸区": P, "保税区": P, "片区": P, "试验场": P, "机场": P, "空港": P,
    "航天港": P, "科创城": P, "创新城": P, "智算谷": P, "游戏谷": P, "蓝谷": P, "光谷": P, "药谷": P,
    "博览会": P, "交易会": P, "展览会": P, "大会": P, "年会": P, "论坛": P, "峰会": P, "大赛": P,
    "港": P,  # 宁波舟山港, 青岛港 (a name of three characters at least: 香港 is a place)
    "电视台": ActorKind.OTHER, "广播电视台": ActorKind.OTHER,  # media: 中央电视台
    # Working bodies a government sets up.
    "领导小组": G, "工作专班": G, "专班": G, "工作组": G, "专项小组": G, "联席会议": G, "执行小组": G,
    "推进小组": G, "协调小组": G, "工作小组": G,
    "管委会": G,  # 稀土高新区管委会: a zone's management committee, whatever word names the zone
    # People's organisations and foundations are associations.
    "基金会": A, "科协": A, "工商联": A, "贸促会": A, "侨联": A, "供销合作社": A, "供销社": A, "妇联": A, "总工会": A,
    "团委": A, "团省委": A, "团市委": A, "团区委": A, "团县委": A, "团中央": A, "供销合作总社": A, "残联": A, "文联": A,
    "社科联": A,
}
_PEOPLES_ORGANISATIONS = frozenset(("团中央", "团省委", "团市委", "团区委", "团县委", "供销合作总社"))
# Suffixes too common in ordinary prose (科技企业, 汽车产业) to scan for; they classify a name
# only where its boundaries are already known: a list item, a marker, a trigger pattern.
WEAK_ENTERPRISE_SUFFIXES: tuple[str, ...] = (
    "医疗器械", "器械", "医疗", "医药", "食品", "科技", "汽车", "股份", "实业", "控股", "电子", "电气", "生物", "软件",
    "光电", "机械", "材料", "能源", "化工", "通信", "传媒", "物流", "牧业", "乳业", "酒业", "茶业", "纺织",
    "重工", "建工", "钢铁", "环保", "芯片", "半导体", "新材", "机电", "动力", "农牧", "种业", "饮品",
)
# In a list of responsible departments these mean a government body.
_DEPARTMENT_SUFFIXES: dict[str, ActorKind] = {
    "管委会": G, "管理委员会": G, "委员会": G, "组织部": G, "宣传部": G, "统战部": G, "政法委": G, "办公室": G,
    "人民政府": G, "政府": G, "中心": G, "局": G, "委": G, "办": G, "厅": G, "署": G,
    "部": G, "处": G, "所": G, "站": G, "队": G, "院": G, "司": G,  # 司: a ministry's department (…部科技司)
}
# Common words that end like a department (…局, …部, …办) but name none: 布局, 格局, 总部, 举办.
COMMON_WORDS_WITH_DEPARTMENT_TAIL = frozenset("""
布局 格局 大局 全局 结局 当局 开局 时局 变局 定局 终局 新格局 总体布局 上司 公司 分公司 子公司 部署 内部 外部 全部 局部
餐厅 大厅 展厅 客厅 门厅 歌厅 舞厅 中西部 东中西部
东部 西部 南部 北部 中部 干部 总部 本部 头部 腹部 顶部 底部 俱乐部 主办 承办 举办 创办 开办 督办 兴办 代办 合办 包办 协办
数字政府 法治政府 服务型政府 智慧政府 整体政府 廉洁政府 责任政府 有为政府 透明政府
""".split())
# Kinds a list of departments does not decide: people's organisations, research bodies, firms.
_NOT_DEPARTMENT_RE = re.compile(r"(?:科协|工商联|贸促会|侨联|供销合作社|供销合作总社|供销社|妇联|总工会|团[省市区县]?委|团中央|残联|文联|社科联|研究所|研究院|科学院|实验室|"
                                r"大学|学院|公司|集团|银行)$")
_DIVISION_RE = re.compile(r"(?:部|局|厅|委|办)[\u4e00-\u9fff]{1,8}(?:司|处|科|室)$")
# The central bank and its branches are government (a regulator), whatever their suffix says.
_CENTRAL_BANK_RE = re.compile(r"人民银行|^人行|央行|[证银保]监会$|银保监|证监局$|外汇局$|外汇管理局")
# 区政府督查室, 市委组织部办公室, 县政府办: offices of a government or Party committee.
_GOVERNMENT_OFFICE_RE = re.compile(r"^[\u4e00-\u9fff]{0,6}?(?:政府|[省市区县]委)[\u4e00-\u9fff]{0,8}(?:室|办|处|科|组)$")
# Stems that describe a technology or an industry rather than name a firm (新能源汽车, 智能网联汽车).
_INDUSTRY_STEM_RE = re.compile(r"新能源|智能|网联|新一代|高端|先进|核心|关键|数字|绿色|生物|现代|新型|医疗|健康|电子|信息|装备|材料|"
                               r"节能|低碳|环保|新材|制造")
_FINANCE_FIRM_RE = re.compile(r"担保|金控|金融控股|小额贷款|小贷|融资租赁|证券|保险|基金管理|创业投资|风险投资|创投|资产管理|信托|期货|银行"
                              r"|投资集团|投资控股|投资有限|投资管理|产业投资|股权投资|资本管理|资本投资")  # investment companies are finance
_FINANCE_EXTRA = {"资本": F, "投资": F, "创业投资": F}

STRONG_SUFFIX_RE = re.compile("(?:" + "|".join(sorted(map(re.escape, _STRONG_SUFFIXES), key=len, reverse=True)) + ")")

_COLLECTIVE_PREFIX = (
    r"(?:各|全|其他|其它|所有|相关|有关|区内外|国内外|市内外|海内外|驻区|驻地|辖区|当地|本地|我区|我市|我县|全区|全市|全县|"
    r"重点|骨干|龙头|知名|优秀|各类|各级|广大|市级|区级|县级|省级|国家级|中央|在[\u4e00-\u9fff]{1,2}|"
    r"高水平|一流|科技型|高新技术|中小|大型|民营|国有|外资|规上|规模以上|领军|创新型|农业科技型|行业|专业|社会|金融|民间|"
    r"科研|研发|投资|中介|服务|创投|医疗|市场|担保|工业|制造业|"
    r"大中小|中小微|小微|国内|国外|省内外|区属|市属|设区市|"
    # 市直有关部门, 省直各单位, 省有关部门, 市各部门: the departments of one level of government as a whole
    # (a bare 省/市 only before 有关/相关/各, so 区政府 stays a body).
    r"[省市区县]直|[省市区县州](?=有关|相关|各))*"
)
_COLLECTIVE_NOUNS = sorted("""单位 部门 区县 区县（自治县） 镇街 乡镇 街道 企业 企事业单位 事业单位 高校 高等院校 高等学校 院校 高校院所 科研院所
院所 机构 政府 人民政府 协会 学会 社会组织 组织 园区 医院 大学 创新主体 市场主体 银行 商会 联盟 资本
街道办事处 办事处 乡镇人民政府 乡镇政府""".split(), key=len, reverse=True)
_COLLECTIVE_RE = re.compile("^" + _COLLECTIVE_PREFIX + "(?:" + "|".join(map(re.escape, _COLLECTIVE_NOUNS)) + ")$"
                            r"|^[\u4e00-\u9fff]{2,8}各(?:部委|部门|直属机构|有关部门|成员单位|单位|地区)$"  # 国务院各部委
                            r"|^(?:各|有关|相关)[省市区县州镇乡]$")  # 各区, 有关区
# The same, at the start of a longer stretch ("在合高校充分发挥……"); longest noun first.
_COLLECTIVE_OPENING_RE = re.compile(_COLLECTIVE_PREFIX + "(?:" + "|".join(map(re.escape, _COLLECTIVE_NOUNS)) + ")")
_GENERIC_PREFIX_RE = re.compile(r"^(?:各|一批|一个|一些|各类|各种|相关|有关|这些|该|其|多个|若干|更多|一流|(?:全[国省市区县])?(?:所有|全部|其他|其它))")

# Plan-speak words that carry no proper name; a candidate made only of these and a suffix is a
# type of thing ("科技资源共享平台"), not a named organisation.
_GENERIC_WORDS = frozenset("""
科技 研发 创新 协同 技术 产业 公共 服务 国家 国家级 市级 区级 省级 县级 重点 工程 企业 专业 专业化 综合 共性 产学研
产学研用 政金产学研用 合作 示范 示范性 高水平 新型 研究 成果 转化 孵化 交易 线上 线下 双创 众创 智慧 特色 实验 实训
数字化 高校 高端 现代 大型 区域 国际 共享 资源 开放 要素 人才 中介 高技能 技能 培训 院士 博士后 科研 紧缺 专家 引智 高新技术 高新
一体化 生产 制造 中小 小微 科学 工业 社会 管理 发展 建设 联合 综合性 功能型 新 大 小 高 优 强 联合体 企业技术 工程技术
成果转化 科技成果 知识产权 检验 检测 认证 标准 信息 数据 大数据 共享型 开放型 平台型 公益性 市场化 集成 应用 推广
统一 国内 超大规模 重大 文化 数字 类 和 临床 研究生 培养 技术转移 创业 就业 产教 校企 校地 制造业 先进制造业 融合 概念验证 区属 市属 省属 国有 网络 体系 中试 熟化 以上 以下 省级以上 市级以上 实习 教育 职业 学术 交流 展示 体验 营销 运营 总部 区域性 全国性 全国 省 市 区 县 主导 优势
""".split())
_GENERIC_MAX = max(map(len, _GENERIC_WORDS))

# Words that open a clause before a name: verbs of the genre and prepositions. Stripped from the
# left of a candidate, one by one, never from the middle (names contain 与/和/联合).
_LEAD_VERBS = (
    "积极 重点 大力 进一步 加快 加速 着力 全力 主动 深入 持续 努力 力争 推动 推进 支持 鼓励 引导 依托 联合 携手 会同 协同 "
    "配合 组织 引进 引入 培育 围绕 通过 对接 发挥 促进 实施 建设 打造 做实 做强 做大 做优 成立 组建 共建 创建 建立 筹建 "
    "落实 深化 开展 依靠 面向 邀请 指导 带动 吸引 集聚 整合 参与 设立 谋划 布局 招引 加强 强化 完善 扶持 提升 申报 争创 "
    "新建 扩建 升级 推广 结合 实现 形成 构建 培养 举办 承办 利用 用好 办好 启动 加大 探索 谋求 聚焦 聚集 合作 分别 共同 "
    "充分 切实 不断 以及 或者 并 和 与 及 或 同 以 由 将 把 在 对 向 为 使 让 跟 给 及其 其 是 等 如 即 包括 例如 "
    "根据 按照 依据 遵照 贯彻 贯彻落实 认真 "
    "利用好 用好 发挥好 融入 新增 建成 采取 我区 全区 我市 全市 本区 当地 现有 各 一批 一个 各类 相关 有关 国内外 知名 骨干 龙头 优势"
).split()
# A box title (专栏1　重大创新平台建设清单) opens with its label, which is no part of a name.
_LEAD_RE = re.compile("^(?:专栏[0-9０-９一二三四五六七八九十]*[\\s\u3000]*|" + "|".join(sorted(map(re.escape, _LEAD_VERBS), key=len, reverse=True)) + ")")


@lru_cache(maxsize=65536)
def classify_name(name: str, *, department: bool = False, weak: bool = True) -> ActorKind | None:
    """The kind of an organisation from its name alone, or ``None`` when the name does not say.

    ``department=True`` reads the name as an item of a list of responsible departments, where
    ``…中心`` or ``…委`` is a government body. ``weak=False`` ignores suffixes such as ``…科技``
    that are also ordinary words (used where a name's right edge is not known).

    >>> classify_name("X医科大学")
    <ActorKind.UNIVERSITY: 'university'>
    >>> classify_name("中国农科院")
    <ActorKind.INSTITUTE: 'institute'>
    >>> classify_name("区信息安全产业发展中心", department=True)
    <ActorKind.GOVERNMENT: 'government'>
    >>> classify_name("希尔安药业")
    <ActorKind.ENTERPRISE: 'enterprise'>
    >>> classify_name("区招商投资局") is ActorKind.GOVERNMENT
    True
    """
    name = name.strip()
    if len(name) < 2 or is_collective(name) or _GENERIC_PREFIX_RE.match(name):
        return None
    if _CENTRAL_BANK_RE.search(name):
        return G
    if name in _PEOPLES_ORGANISATIONS:
        return A  # a people's organisation written as its suffix alone: 团中央, 供销合作总社
    if any(name.endswith(word) for word in COMMON_WORDS_WITH_DEPARTMENT_TAIL if len(word) < len(name) or word == name) \
            and not name.endswith("公司") and not (name.endswith("办") and len(name) > 4):
        return None  # "产业布局", "地区总部", "机构筹办" (but 市委军民融合办 is an office)
    if department and not _NOT_DEPARTMENT_RE.search(name):
        match = _longest_suffix(name, _DEPARTMENT_SUFFIXES)
        # "区信息安全产业发展中心" is a department; "青岛海洋科技中心" (no level before it) is not.
        if match and (match != "中心" or name[0] in "省市区县州镇乡"):
            return _DEPARTMENT_SUFFIXES[match]
    match = _longest_suffix(name, _STRONG_SUFFIXES)
    if match:
        kind = _STRONG_SUFFIXES[match]
        # 融资担保有限公司, 金控集团, 小额贷款公司: firms whose business is finance; so is a
        # 融资担保中心 (a guarantee agency, not a platform).
        if (kind is E or (kind is P and match == "中心")) and _FINANCE_FIRM_RE.search(name):
            return F
        return kind
    if weak and name.endswith(WEAK_ENTERPRISE_SUFFIXES) and len(name) > 2:
        return E
    match = _longest_suffix(name, _FINANCE_EXTRA)
    if match:
        return F
    if name.endswith(("局", "委", "厅", "管委会", "组织部", "办公室", "人民政府")) and len(name) >= 3:
        return G
    if name.endswith("办") and len(name) >= 3 and re.match(r"(?:[省市区县州]|中央|国务院|中共)", name):
        return G  # 中央网信办, 市大数据办 (not 来即办, 机构筹办)
    if _DIVISION_RE.search(name) and not name.endswith("公司"):
        return G  # 交通运输部运输服务司, 市交通局物流处: a division of a department
    if _GOVERNMENT_OFFICE_RE.match(name):
        return G
    return None


def _longest_suffix(name: str, table: dict[str, ActorKind]) -> str | None:
    for size in range(min(len(name) - 1, 9), 0, -1):
        tail = name[-size:]
        if tail in table:
            return tail
    return None


@lru_cache(maxsize=65536)
def is_collective(name: str) -> bool:
    """A generic collective (各有关单位, 在合高校, 科研院所 ...): not an actor, kept as a group.

    >>> [is_collective(n) for n in ("各有关单位", "在合高校", "科研院所", "西南大学")]
    [True, True, True, False]
    """
    return bool(_COLLECTIVE_RE.match(name.strip()))


def collective_opening(text: str) -> str | None:
    """The generic collective a stretch of text opens with, if any (at most ten characters).

    >>> collective_opening("在合高校充分发挥科技优势")
    '在合高校'
    """
    match = _COLLECTIVE_OPENING_RE.match(text)
    return match.group() if match and len(match.group()) <= 10 else None


@lru_cache(maxsize=65536)
def is_generic_name(name: str) -> bool:
    """True when a candidate is a type of organisation, not a named one: it starts with a
    determiner (各类, 一批) or is made only of plan-speak words and a suffix.

    >>> is_generic_name("科技资源共享平台"), is_generic_name("恒芯天际生产基地")
    (True, False)
    """
    if is_collective(name) or _GENERIC_PREFIX_RE.match(name):
        return True
    tail = _longest_suffix(name, _STRONG_SUFFIXES)
    stem = name[: -len(tail)] if tail else name
    return _only_generic_words(stem)


def is_plan_speak(text: str) -> bool:
    """Whether a text is made only of the genre's generic words (建设, 协同创新, 国家级 ...).

    >>> is_plan_speak("建设"), is_plan_speak("医药健康")
    (True, False)
    """
    return _only_generic_words(text)


@lru_cache(maxsize=65536)
def _only_generic_words(text: str) -> bool:
    """Whether ``text`` splits completely into generic words (dynamic programming, O(n·L))."""
    n = len(text)
    ok = [False] * (n + 1)
    ok[0] = True
    for i in range(n):
        if not ok[i]:
            continue
        for size in range(1, min(_GENERIC_MAX, n - i) + 1):
            if text[i : i + size] in _GENERIC_WORDS:
                ok[i + size] = True
    return ok[n]


# Verbs after which a name starts even in mid-clause (尚荣医疗打造……的医疗健康产业园); 联合 and
# 合作 are not among them because names contain them (联合实验室).
_CUT_RE = re.compile(r"(?:打造|建设|设立|共建|创建|组建|建立|成立|参与|整合|集聚|推动|推进|支持|依托|采取|实施|培育|"
                     r"引进|举办|开展|加快|促进|形成|构建|做实|利用好|用好|作为|成为|[优转改]化?为|覆盖|承担|搭建|尤其是|特别是|赴|的|或|及其|(?<![存现所正实自内外好])在|(?<![高中初同平对均相])等(?![级同于]))")


@lru_cache(maxsize=65536)
def cut_at_inner_verbs(text: str, keep: frozenset[str] = frozenset()) -> tuple[str, int]:
    """The part of ``text`` after its last verb or 的 (a suffix-anchored name starts there).

    >>> cut_at_inner_verbs("尚荣医疗打造产学研一体化的医疗健康产业园")
    ('医疗健康产业园', 13)
    """
    if text in keep:
        return text, 0
    last = 0
    for match in _CUT_RE.finditer(text):
        if len(text) - match.end() >= 2:
            last = match.end()
    return text[last:], last


@lru_cache(maxsize=65536)
def organisation_before_verb(text: str) -> tuple[str, int] | None:
    """The organisation opening ``text`` before its last inner verb, and where the rest starts:
    a fund or programme set up by a named body ("X集团设立Y基金") names both.

    >>> organisation_before_verb("东岭投资集团设立东岭市天使基金")
    ('东岭投资集团', 8)
    >>> organisation_before_verb("培育支持计划") is None
    True
    """
    last = None
    for match in _CUT_RE.finditer(text):
        if len(text) - match.end() >= 2:
            last = match
    if last is None or last.start() < 2:
        return None
    left = text[: last.start()]
    if classify_name(left, weak=False) is None or is_generic_name(left):
        return None
    return left, last.end()


@lru_cache(maxsize=65536)
def strip_lead_words(text: str, keep: frozenset[str] = frozenset()) -> tuple[str, int]:
    """Remove leading verbs and prepositions; returns the rest and how many characters went.

    Stops as soon as the rest is a known name (``keep``) or would become shorter than two
    characters, so ``同济大学`` in a gazetteer is never cut to ``济大学``.

    >>> strip_lead_words("重点支持恒芯天际")
    ('恒芯天际', 4)
    """
    cut = 0
    rest = text
    while rest not in keep:
        match = _LEAD_RE.match(rest)
        if not match or len(rest) - match.end() < 2:
            break
        cut += match.end()
        rest = rest[match.end():]
    return rest, cut


_LIST_SEP_RE = re.compile(r"[、，,；;／/]|以及|(?<=等)[和及与]|[和及与](?=各)")  # "A等和各省级人民政府": a generic tail
# 联合 joins two names too ("希尔安药业联合X医科大学") but sits inside names as well
# (联合实验室, 联合体): like 和/与, it splits only after a complete name.
# 携手/牵手/协同 are verbs of the same kind ("X大学携手A公司打造……"); 协同 also opens words
# (协同创新中心), so it counts only before something that is not one of them.
_PAIRING_VERBS = r"联合|携手|牵手|会同|协同(?!创新|发展|推进|育人|攻关|合作|联动|制造|办公|研究|中心|实验室|平台|机制)"
_CONJ_RE = re.compile(r"分别[与和同]|" + _PAIRING_VERBS + r"|[和及与或]")
_ANY_SEP_RE = re.compile(r"[、，,；;／/和及与或]|" + _PAIRING_VERBS)
_BRACKET_SPAN_RE = re.compile(r"[（(][^（()）]{0,20}[）)]")


def split_names(text: str, offset: int = 0, known: frozenset[str] = frozenset()) -> list[tuple[str, int, int]]:
    """Split a list of names into ``(name, start, end)``; spans are ``offset`` + index in text.

    Splits on 、，,；; always, and on 和/及/与 only when the part before it is a complete name
    (a known name, a collective or a name with an organisation suffix), so 国家和地方联合工程研究中心
    and 新一代网络与信息安全联合实验室 stay whole.

    >>> [n for n, _, _ in split_names("西南大学和成都中医药大学")]
    ['西南大学', '成都中医药大学']
    >>> [n for n, _, _ in split_names("国家和地方联合工程研究中心")]
    ['国家和地方联合工程研究中心']
    """
    if not _ANY_SEP_RE.search(text):  # the common case: one stretch of prose, no list
        stripped = text.strip(" \t\r\n\u3000")
        lead = len(text) - len(text.lstrip(" \t\r\n\u3000"))
        return [(stripped, offset + lead, offset + lead + len(stripped))] if stripped else []
    parts: list[tuple[str, int, int]] = []
    start = 0
    # "各县（市、区）人民政府": separators inside brackets belong to the name.
    inside = [(m.start(), m.end()) for m in _BRACKET_SPAN_RE.finditer(text)] if "（" in text or "(" in text else []
    for match in _LIST_SEP_RE.finditer(text):
        if inside and any(a < match.start() < b for a, b in inside):
            continue
        parts.append((text[start:match.start()], start, match.start()))
        start = match.end()
    parts.append((text[start:], start, len(text)))
    out: list[tuple[str, int, int]] = []
    for part, s, _e in parts:
        for piece, ps, pe in _split_conjunctions(part, known):
            stripped = piece.strip(" \t\r\n\u3000")
            if not stripped:
                continue
            lead = len(piece) - len(piece.lstrip(" \t\r\n\u3000"))
            out.append((stripped, offset + s + ps + lead, offset + s + ps + lead + len(stripped)))
    return out


def _split_conjunctions(part: str, known: frozenset[str]) -> list[tuple[str, int, int]]:
    pieces: list[tuple[str, int, int]] = []
    start = 0
    for match in _CONJ_RE.finditer(part):
        left = part[start:match.start()].strip()
        right = part[match.end():].strip()
        if len(left) >= 2 and len(right) >= 2 and (_is_complete_name(left, known) or _firm_before_partner(left, right, known)):
            pieces.append((part[start:match.start()], start, match.start()))
            start = match.end()
    pieces.append((part[start:], start, len(part)))
    return pieces


def _firm_before_partner(left: str, right: str, known: frozenset[str]) -> bool:
    """"赛力斯汽车与X理工大学共建": a firm named only by a weak suffix (…汽车, …动力) is a name
    when the other side of 与/和/联合 is plainly an organisation."""
    core, _ = strip_lead_words(left, known)
    if not 3 <= len(core) <= 10 or not firm_by_weak_suffix(core):
        return False
    return bool(STRONG_SUFFIX_RE.search(right)) or any(right.startswith(k) for k in known if len(k) >= 3)


def firm_by_weak_suffix(name: str) -> bool:
    """A name ending in a weak firm suffix whose stem is not plan-speak (智能网联汽车 is not a firm).

    >>> firm_by_weak_suffix("赛力斯汽车"), firm_by_weak_suffix("新能源汽车")
    (True, False)
    """
    for suffix in WEAK_ENTERPRISE_SUFFIXES:
        if name.endswith(suffix):
            stem = name[: -len(suffix)]
            return len(stem) >= 2 and not _only_generic_words(stem) and not _INDUSTRY_STEM_RE.search(stem)
    return False


def _is_complete_name(text: str, known: frozenset[str]) -> bool:
    core, _ = strip_lead_words(text, known)
    return (core in known or is_collective(core) or classify_name(core, department=True, weak=False) is not None
            or core.endswith(_COLLECTIVE_TAILS))  # "全县规上工业企业与X大学": a group, then a name


_COLLECTIVE_TAILS = ("企业", "高校", "院所", "单位", "部门", "机构")
