"""Turn the raw lines of a plan into clean paragraphs.

Three steps, each general rather than fitted to one site:

* ``clean_line``: strip layout whitespace (NBSP, ideographic space, zero-width characters).
* ``strip_boilerplate``: drop what document-sharing sites (冰豆网, 百度文库, 道客巴巴, 原创力文档,
  人人文库 ...) and government portals wrap around a plan: upload metadata, page lists
  (``xxx.docx_第1页``, ``第1页 / 共12页``), action bars (下载 相关 举报), "由会员分享" notices,
  repeated file names, and the footer (展开阅读全文, 相关资源, 猜你喜欢, 当前位置, copyright, ICP备).
* ``join_lines``: rejoin sentences that a web page or a PDF conversion broke across lines
  (the seed breaks "（牵头单位：" from its list). Headings always start a paragraph.
"""

from __future__ import annotations

import re
from collections import Counter

__all__ = ["clean_line", "clean_lines", "strip_boilerplate", "join_lines", "is_heading", "HEADING"]

# Zero-width characters and BOMs carry nothing; NBSP and the ideographic space are layout.
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_LAYOUT_SPACE = re.compile("[\u00a0\u3000\u2002\u2003\u2009\t\f\v]")


def clean_line(line: str) -> str:
    return _LAYOUT_SPACE.sub(" ", _INVISIBLE.sub("", line)).strip()


def clean_lines(text: str) -> list[str]:
    """``clean_line`` of every line of ``text`` (split at "\n"), in one pass over the text.

    The two substitutions map characters one for one and never touch "\n", so cleaning the
    whole text and then splitting equals splitting and cleaning each line, at two regex calls
    per document instead of two per line.
    """
    return [line.strip() for line in _LAYOUT_SPACE.sub(" ", _INVISIBLE.sub("", text)).split("\n")]


_CN_NUM = "一二三四五六七八九十百零〇"
HEADING = re.compile(
    rf"^(?:[{_CN_NUM}]+\s*[、．.]"  # 一、
    rf"|[（(]\s*[{_CN_NUM}]+\s*[）)]"  # （一） (一)
    r"|\d{1,2}\s*[.．、](?!\d)"  # 1. 1、 1． (not 1.5亿)
    r"|[（(]\s*\d{1,2}\s*[）)]"  # （1） (1)
    r"|[\u2460-\u2473\u2776-\u277f]"  # ① ... ⑳ ❶
    rf"|第[{_CN_NUM}\d]+[章节条部分])"
)


def is_heading(line: str) -> bool:
    return bool(HEADING.match(line))


# --- boilerplate -------------------------------------------------------------------------

# Document-sharing sites; a line that starts with one or ends with " - <site>" is a page title.
_SITES = "原创力文档|百度文库|道客巴巴|人人文库|豆丁网|冰豆网|文库网|金锄头文库|淘豆网|360文库|爱问共享资料|book118|docin|doc88"
_FILE_EXT = r"\.(?:docx?|pdf|txt|wps|pptx?|xlsx?|rtf|html?)"
_LINE_RULES = [
    re.compile(p)
    for p in (
        # page lists: "xxx.docx_第1页", "第1页 / 共12页", "第 3 页 共 9 页", "- 3 -", "3/12"
        rf"^.{{0,120}}{_FILE_EXT}\s*[_\-—]\s*第\s*\d+\s*页$",
        r"^第\s*\d+\s*页(?:\s*[/／,，]?\s*共\s*\d+\s*页)?$",
        r"^[-—－]\s*\d+\s*[-—－]$",
        r"^\d+\s*/\s*\d+$",
        # a bare file name (the sharing site repeats it)
        rf"^[^。！？；;]{{1,120}}{_FILE_EXT}$",
        # "《xxx.docx》由会员分享，可在线阅读…", "本文档由 xxx 提供", "请在冰豆网上搜索"
        r"》由(?:会员|用户|网友|作者)?(?:分享|上传|提供)",
        r"^.{0,60}由(?:会员|用户|网友)(?:分享|上传)",
        r"^本(?:文档?|资料|文件)由.{0,40}(?:提供|上传|分享)",
        r"请在.{1,12}(?:网|文库|平台)上?搜索",
        r"(?:可|仅|免费)在线(?:阅读|预览)",
        r"还剩\s*\d+\s*页未读|继续阅读|免费获取全文|打开\s*APP|APP内打开|扫码下载|预览与源文档一致|下载.{0,6}无水印",
        # Alternations are split into separate rules (any rule matching is the same as the
        # alternation matching): a rule that opens with a literal lets the regex engine skip
        # ahead, which a case-insensitive or anchored alternative mixed in prevents.
        r"为本站(?:会员|用户).{0,30}上传|仅提供信息存储空间",
        r"^(?i:vip)",
        r"(?i:vip(?:专享|免费|会员|文档))",
        r"^(?:扫一扫|分享到\s*[:：]|手机(?:扫码|浏览|打开))",
        # footers of sites and portals
        r"^当前位置\s*[:：]",
        r"^(?:责任编辑|编辑|审核|校对|信息来源|来源|发布日期|发布时间|浏览次数|点击数)\s*[:：].{0,30}$",
        r"^(?:首页|主页|网站首页)\s*[>＞»/|]",
        r"(?i:copyright)",
        r"©|\(c\)\s*\d{4}",
        r"版权所有|许可证(?:编)?号\s*[:：]|ICP\s*[备证]|公网安备",
        rf"^(?:{_SITES})",
        rf"[\s_\-—|｜]+(?:{_SITES})\S{{0,6}}$",
    )
]

# The rules anchored at the line start are tried together in one match at position 0 (the
# same as searching each: "^" only matches there); the file-name rules need a "." and
# backtrack over the whole line to look for one, so lines without a dot skip them.
_ANCHORED = [rule.pattern[1:] for rule in _LINE_RULES if rule.pattern.startswith("^")]
_START_RULE = re.compile("|".join(f"(?:{p})" for p in _ANCHORED))
_START_RULE_WITHOUT_DOT = re.compile("|".join(f"(?:{p})" for p in _ANCHORED if _FILE_EXT not in p))
_SEARCH_RULES = [rule for rule in _LINE_RULES if not rule.pattern.startswith("^")]
# Every unanchored rule above needs one of a few words (由 for 》由…分享, 在线 for 可在线阅读 ...;
# the case-blind ones a v or a c, which nothing else folds to): a line with none cannot match,
# and one scan for the words costs a tenth of ten scans for the rules. A new unanchored rule
# needs its word here too.
_SEARCH_GATE = re.compile(
    "|".join(map(re.escape, ("由", "请在", "在线", "还剩", "继续阅读", "免费获取全文", "打开", "下载", "预览与源文档一致", "为本站",
                             "仅提供信息存储空间", "©", "(c)", "版权所有", "许可证", "ICP", "公网安备", *_SITES.split("|"))))
    + "|[vVcC]")

# Upload metadata: a short line made of several "key:value" fields.
_META_KEYS = re.compile(
    r"(?:上传人|上传者|贡献者|文档编号|上传时间|发布时间|格式|文档格式|页数|大小|文件大小|下载次数|浏览次数|"
    r"阅读次数|下载积分|所需积分|价格|上传于|来源|作者|字号|字体|点击数|浏览量|访问量|发布日期|发布机构|索引号|主题分类|"
    r"发文机关|成文日期|发文字号|文号|责任编辑|编辑|信息来源|文档页数)\s*[:：]"
)

# Action bars and section labels of sharing sites. A line made only of these words is dropped.
_UI_WORDS = (
    "下载 相关 举报 收藏 分享 打印 关闭 纠错 评论 阅读 全文 点赞 转发 复制 返回 顶部 "
    "下载资源 资源描述 立即下载 文档下载 免费下载 下载文档 下载本文档 VIP 会员 开通VIP 开通会员 "
    "点击查看更多 查看更多 展开阅读全文 阅读全文 展开全文 收起 相关资源 猜你喜欢 相关搜索 "
    "相关文档 相关推荐 热门搜索 热门文档 最新文档 精品文档 推荐文档 本文关键词 关键词 "
    "上一篇 下一篇 上一页 下一页 返回顶部 加入收藏 设为首页 网站地图 联系我们 免责声明 "
    "字号 字体 大 中 小 打印本页 关闭窗口 【打印】 【关闭】 【大】 【中】 【小】 预览 举报 版权申诉"
).split()
_UI_WORD_SET = frozenset(w.lower() for w in _UI_WORDS)
_WORD_CHAR = re.compile(r"\w")
_UI_SPLIT = re.compile(r"[\s|｜/·•>»＞<«＜\[\]【】:：,，]+")
_UI_TOKEN = re.compile(r"[^\s|｜/·•>»＞<«＜\[\]【】:：,，]+")  # what _UI_SPLIT leaves between separators

# Where a sharing site's footer begins; what follows is dropped if no plan text follows.
_TAIL_MARKERS = re.compile(r"^(?:展开阅读全文|阅读全文|相关资源|猜你喜欢|相关搜索|相关文档|相关推荐|热门文档|最新文档|当前位置)")


def _is_ui_line(line: str) -> bool:
    lowered = line.lower()
    first = _UI_TOKEN.search(lowered)
    if first is not None and not _is_ui_word(first.group()):
        return False  # a plan sentence fails on its first token: no need to split it all
    tokens = [t for t in _UI_SPLIT.split(lowered) if t]
    if not tokens:
        return bool(line) and not _WORD_CHAR.search(line)
    return all(_is_ui_word(t) for t in tokens)


def _is_ui_word(token: str) -> bool:
    return token in _UI_WORD_SET or token.rstrip(">»＞") in _UI_WORD_SET


def _is_boilerplate(line: str) -> bool:
    if _is_ui_line(line):
        return True
    if len(line) <= 200 and len(_META_KEYS.findall(line)) >= 2:
        return True
    # Plan sentences are long; furniture is short. The length cap keeps a long sentence that
    # happens to mention, say, a 许可证 from ever matching.
    if len(line) > 160:
        return False
    start_rule = _START_RULE if "." in line else _START_RULE_WITHOUT_DOT
    if start_rule.match(line) is not None:
        return True
    return _SEARCH_GATE.search(line) is not None and any(rule.search(line) for rule in _SEARCH_RULES)


def _looks_like_plan_text(line: str) -> bool:
    return is_heading(line) or (len(line) >= 30 and line[-1] in "。；;！!？?）)")


def strip_boilerplate(lines: list[str]) -> list[str]:
    """Drop web-page furniture around and inside a plan (lines must already be cleaned)."""
    lines = [line for line in lines if line]
    # A footer marker after which no plan sentence or heading appears ends the document:
    # what follows it are lists of related documents, search terms and site links.
    last_plan_line = max((i for i, line in enumerate(lines) if _looks_like_plan_text(line)), default=-1)
    for index in range(last_plan_line + 1, len(lines)):
        if _TAIL_MARKERS.match(lines[index]):
            lines = lines[:index]
            break
    kept: list[str] = []
    for line in lines:
        # Once furniture between them is gone, a line equal to the one before it is a repeat
        # (the site shows the title above the document's own title line).
        if not _is_boilerplate(line) and (not kept or kept[-1] != line):
            kept.append(line)
    return kept


# --- joining broken lines ----------------------------------------------------------------

_FINAL = "。！？；;!?…"
# A responsibility marker closes its task: （牵头单位：区科技局；责任单位：区财政局）
_ENDS_WITH_MARKER = re.compile(r"[（(][^（()）]*(?:单位|部门|牵头|负责|配合)[^（()）]*[）)]$")
# A line ending with one of these continues on the next line.
_CONTINUES = "：:（(、，,“‘《—的和与及"
_OPEN = "（(［[【《"
_CLOSE = "）)］]】》"


_OPEN_RE = re.compile(f"[{re.escape(_OPEN)}]")
_CLOSE_RE = re.compile(f"[{re.escape(_CLOSE)}]")


def _bracket_balance(text: str) -> int:
    return len(_OPEN_RE.findall(text)) - len(_CLOSE_RE.findall(text))


def _wrap_width(lines: list[str]) -> int | None:
    """The width a hard-wrapped text was wrapped at, or None when lines are whole paragraphs.

    Wrapped text has many lines of (nearly) the same length: the wrap width."""
    lengths = [len(line) for line in lines if len(line) >= 15]
    if len(lengths) < 8:
        return None
    width, _ = Counter(lengths).most_common(1)[0]
    # Full lines vary a little around the width: half-width digits and Latin letters fit more
    # characters on a line, a break before a closing bracket fewer.
    low, high = int(width * 0.85), int(width * 1.15) + 1
    near = sum(1 for n in lengths if low <= n <= high)
    return low if near >= 0.4 * len(lengths) and width <= 120 else None


def join_lines(lines: list[str], *, plain_text: bool = True) -> list[str]:
    """Join lines into paragraphs: a line continues into the next when it does not end a
    sentence and ends with a continuation mark (：（、，…), leaves a bracket open, or is a
    full line of a hard-wrapped plain text. A heading never joins the line before it.

    ``plain_text=False`` (docx, html: paragraphs are explicit) never looks for hard wrapping."""
    wrap_width = _wrap_width(lines) if plain_text else None
    paragraphs: list[str] = []
    parts: list[str] = []  # lines of the paragraph being built
    for line in lines:
        if parts and not is_heading(line) and _runs_on(parts, wrap_width):
            parts.append(line)
            continue
        if parts:
            paragraphs.append("".join(parts))
        parts = [line]
    if parts:
        paragraphs.append("".join(parts))
    return paragraphs


def _runs_on(parts: list[str], wrap_width: int | None) -> bool:
    last_line = parts[-1]
    last = last_line[-1]
    if last in _FINAL:
        return False
    # Brackets are counted only here: most lines end a sentence and never get this far.
    if last in _CONTINUES or sum(map(_bracket_balance, parts)) > 0:
        return True
    # A hard-wrapped text (PDF conversion, fixed-width export): a full-width line that does
    # not end a sentence runs on, a heading with its text included (a bare heading is short).
    return wrap_width is not None and len(last_line) >= wrap_width and not _ENDS_WITH_MARKER.search(last_line)
