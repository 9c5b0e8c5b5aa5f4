"""read_document: encodings, boilerplate, broken lines, docx and html, errors, offsets."""

from __future__ import annotations

import hashlib
import zipfile
from pathlib import Path

import pytest

from innograph.core.errors import DocumentError
from innograph.loaders.documents import Document, read_document

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"

PLAN_ZH = (
    "X区推进产学研合作行动计划\n"
    "一、总体要求\n"
    "支持企业与高校、科研院所开展合作，建设一批联合实验室。\n"
    "二、重点任务\n"
    "（一）建设创新平台。\n"
    "1. 建设联合实验室。\n"
    "支持云岭光电科技有限公司与滇南理工大学共建联合实验室。\n"
    "（牵头单位：区科技局；责任单位：区财政局、区教委）\n"
)
# The same plan in traditional characters (Big5 has no simplified forms).
PLAN_TRADITIONAL = (
    "X區推進產學研合作行動計劃\n"
    "一、總體要求\n"
    "支持企業與高校、科研院所開展合作，建設一批聯合實驗室。\n"
    "（牽頭單位：區科技局；責任單位：區財政局、區教委）\n"
)


def assert_offsets(doc: Document) -> None:
    assert doc.paragraphs, "no paragraphs"
    for p in doc.paragraphs:
        assert doc.text[p.start : p.end] == p.text
    assert doc.text == "\n".join(p.text for p in doc.paragraphs)


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def paragraph_texts(tmp_path: Path, text: str, name: str = "plan.txt") -> list[str]:
    """Write ``text`` as UTF-8, read it back as a document, return its paragraphs (offsets checked)."""
    doc = read_document(write(tmp_path, name, text.encode("utf-8")))
    assert_offsets(doc)
    return [p.text for p in doc.paragraphs]


# --- encodings ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "encoding",
    ["utf-8", "utf-8-sig", "gb18030", "gbk", "utf-16", "utf-16-le", "utf-16-be"],  # UTF-16 with and without a mark
)
def test_txt_encodings_decode_to_the_same_text(tmp_path: Path, encoding: str) -> None:
    path = write(tmp_path, "plan.txt", PLAN_ZH.encode(encoding))
    doc = read_document(path)
    assert doc.paragraphs[0].text == "X区推进产学研合作行动计划"
    assert "支持云岭光电科技有限公司与滇南理工大学共建联合实验室。" in doc.text
    assert doc.title == "X区推进产学研合作行动计划"
    assert_offsets(doc)


def test_big5_plan_is_detected(tmp_path: Path) -> None:
    # Decoded as Big5, then read in simplified script like every plan (loaders/script.py).
    doc = read_document(write(tmp_path, "plan.txt", PLAN_TRADITIONAL.encode("big5")))
    assert doc.paragraphs[0].text == "X区推进产学研合作行动计划"
    assert doc.paragraphs[-1].text == "（牵头单位：区科技局；责任单位：区财政局、区教委）"


@pytest.mark.parametrize(
    "short",
    [
        "区科技局牵头",
        "中国",
        "协同创新",
        "一、指导思想",
        "（牵头单位：区科技局）",
        "研究院",
    ],
)
def test_short_gbk_texts_are_not_mistaken_for_big5(short: str) -> None:
    from innograph.loaders.encoding import decode_text

    assert decode_text(short.encode("gbk")) == (short, "gb18030")


@pytest.mark.parametrize("short", ["區科技局牽頭", "中國", "協同創新", "一、指導思想", "臺灣", "研究院"])
def test_short_big5_texts_are_not_mistaken_for_gbk(short: str) -> None:
    from innograph.loaders.encoding import decode_text

    assert decode_text(short.encode("big5")) == (short, "big5")


def test_source_identifies_the_file_by_name_and_byte_hash(tmp_path: Path) -> None:
    data = PLAN_ZH.encode("gbk")
    path = write(tmp_path, "行动计划.txt", data)
    doc = read_document(str(path))
    assert doc.source.id == "行动计划.txt"
    assert doc.source.path == str(path)
    assert doc.source.sha256 == hashlib.sha256(data).hexdigest()
    assert doc.source.kind == "document"
    assert doc.source.title == doc.title


# --- whitespace and broken lines ---------------------------------------------------------


def test_layout_whitespace_and_crlf_are_removed(tmp_path: Path) -> None:
    text = "\u3000\u3000X区推进产学研合作行动计划\u00a0\r\n\r\n一、总体要求\u200b\r\n  支持企业与高校开展合作，建设一批联合实验室和研发中心。\t\r\n"
    assert paragraph_texts(tmp_path, text) == [
        "X区推进产学研合作行动计划",
        "一、总体要求",
        "支持企业与高校开展合作，建设一批联合实验室和研发中心。",
    ]


def test_marker_broken_across_lines_is_rejoined(tmp_path: Path) -> None:
    text = (
        "X区推进产学研合作行动计划\n\n"
        "1. 建设联合实验室。\n\n"
        "组建产学研合作团队100个以上（其中：\n\n国家级创新平台10个，市级90个以上），实施合作项目20个。\n\n"
        "(牵头单位:\n\n区发展改革委、区农业农村委;责任单位:\n\n区科技局、区经济信息委)\n\n"
        "2. 建立合作机制。\n"
    )
    assert paragraph_texts(tmp_path, text) == [
        "X区推进产学研合作行动计划",
        "1. 建设联合实验室。",
        "组建产学研合作团队100个以上（其中：国家级创新平台10个，市级90个以上），实施合作项目20个。",
        "(牵头单位:区发展改革委、区农业农村委;责任单位:区科技局、区经济信息委)",
        "2. 建立合作机制。",
    ]


def test_headings_are_never_joined_to_the_line_before(tmp_path: Path) -> None:
    text = (
        "X区推进产学研合作行动计划\n"
        "围绕重点产业，支持以下方向：\n"
        "（1）新能源汽车\n"
        "(2)智能网联汽车\n"
        "①汽车电子\n"
        "二、保障措施（由区科技局、\n"
        "区财政局负责）\n"
        "第三条 本计划自印发之日起施行。\n"
    )
    assert paragraph_texts(tmp_path, text) == [
        "X区推进产学研合作行动计划",
        "围绕重点产业，支持以下方向：",
        "（1）新能源汽车",
        "(2)智能网联汽车",
        "①汽车电子",
        "二、保障措施（由区科技局、区财政局负责）",
        "第三条 本计划自印发之日起施行。",
    ]


def test_hard_wrapped_text_is_rejoined(tmp_path: Path) -> None:
    # A PDF conversion wraps every line at the same width regardless of sentences.
    sentence = "支持企业与高校、科研院所共建联合实验室和研发中心，推动科技成果就地转化，形成协同创新的良好局面。"
    wrapped = [sentence[i : i + 20] for i in range(0, len(sentence), 20)]
    body = "\n".join(["X区推进产学研合作行动计划", "一、总体要求"] + wrapped * 4)
    assert paragraph_texts(tmp_path, body) == ["X区推进产学研合作行动计划", "一、总体要求"] + [sentence] * 4


def test_a_title_line_is_not_joined_to_the_prose_after_it(tmp_path: Path) -> None:
    doc = read_document(write(tmp_path, "plan.txt", PLAN_ZH.encode("utf-8")))
    assert doc.paragraphs[1].text == "一、总体要求"
    assert len(doc.paragraphs) == 8


# --- page boilerplate --------------------------------------------------------------------


def test_seed_plan_comes_out_without_page_furniture(seed_plan: Path) -> None:
    doc = read_document(seed_plan)
    texts = [p.text for p in doc.paragraphs]
    assert texts[0] == "加快政金产学研用协同创新推动高质量发展的实施方案"
    assert texts[-1] == "附件:X区政金产学研用协同创新重点项目表"
    assert doc.title == "加快政金产学研用协同创新推动高质量发展的实施方案"
    for furniture in ("上传人", "第1页", ".docx", "下载", "冰豆网", "展开阅读全文", "猜你喜欢", "copyright", "ICP备", "当前位置"):
        assert furniture not in doc.text, furniture
    # the responsibility markers that the page broke across lines are whole again
    assert "(牵头单位:区委组织部;责任单位:区科协、区科技局、区经济信息委、区人力社保局、区招商投资局)" in texts
    assert texts.count("三、主要任务") == 1
    assert_offsets(doc)


def test_furniture_of_other_sharing_sites_is_removed(tmp_path: Path) -> None:
    text = "\n".join(
        [
            "X市推动校地合作实施意见 - 百度文库",
            "贡献者：张** 文档格式：PDF 页数：6 下载积分：2",
            "开通VIP | 立即下载 | 收藏",
            "本文档由 某某文化传媒有限公司 提供",
            "X市推动校地合作实施意见",
            "一、总体要求",
            "支持高校与企业共建研发中心，每年实施校地合作项目50项以上。",
            "第 1 页 共 6 页",
            "- 2 -",
            "二、主要任务",
            "（一）共建研发平台。推动滇南理工大学与云岭光电科技有限公司共建联合实验室。",
            "阅读全文",
            "相关推荐",
            "X市推动校企合作实施意见",
            "关于加快科技成果转化的若干措施",
            "网站地图 | 联系我们 | 免责声明",
            "© 2024 某某文库 沪ICP备12345678号-1",
        ]
    )
    assert paragraph_texts(tmp_path, text, "page.txt") == [
        "X市推动校地合作实施意见",
        "一、总体要求",
        "支持高校与企业共建研发中心，每年实施校地合作项目50项以上。",
        "二、主要任务",
        "（一）共建研发平台。推动滇南理工大学与云岭光电科技有限公司共建联合实验室。",
    ]
    assert read_document(tmp_path / "page.txt").title == "X市推动校地合作实施意见"


def test_plan_sentences_that_mention_licences_or_sharing_are_kept(tmp_path: Path) -> None:
    text = (
        "X区优化营商环境工作方案\n"
        "推行食品经营许可证“一网通办”，企业申请材料由平台提供模板，办理时限压缩至3个工作日。\n"
        "支持企业通过平台分享检验检测设备，降低中小企业研发成本。\n"
    )
    doc = read_document(write(tmp_path, "plan.txt", text.encode("utf-8")))
    assert len(doc.paragraphs) == 3


# --- errors ------------------------------------------------------------------------------


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(DocumentError, match=r"nothing\.txt: file not found$"):
        read_document(tmp_path / "nothing.txt")


@pytest.mark.parametrize("content", [b"", b"  \r\n\n \t"])
def test_empty_file(tmp_path: Path, content: bytes) -> None:
    with pytest.raises(DocumentError, match=r"^empty\.txt: the file is empty$"):
        read_document(write(tmp_path, "empty.txt", content))


def test_binary_file(tmp_path: Path) -> None:
    with pytest.raises(DocumentError, match=r"^data\.txt: is a binary file \(it contains NUL bytes\), not text$"):
        read_document(write(tmp_path, "data.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"))


def test_undecodable_bytes(tmp_path: Path) -> None:
    with pytest.raises(DocumentError, match=r"^noise\.txt: cannot be decoded as UTF-8, GB18030/GBK or Big5"):
        read_document(write(tmp_path, "noise.txt", bytes([0x80, 0xFF, 0x81, 0x30, 0xFF, 0xFE]) * 10))


@pytest.mark.parametrize("name", ["plan.doc", "plan.pdf", "plan"])
def test_unsupported_extension_lists_the_supported_ones(tmp_path: Path, name: str) -> None:
    path = write(tmp_path, name, PLAN_ZH.encode("utf-8"))
    with pytest.raises(DocumentError, match=r"supported: \.txt, \.docx, \.html, \.htm") as info:
        read_document(path)
    assert str(info.value).startswith(f"{name}: unsupported file type")
    assert "\n" not in str(info.value)


def test_a_file_that_is_not_a_plan(tmp_path: Path) -> None:
    text = "Minutes of the meeting\nAll present agreed.\n区科技局\n"
    with pytest.raises(DocumentError, match=r"^notes\.txt: does not look like a plan: 4 Chinese characters"):
        read_document(write(tmp_path, "notes.txt", text.encode("utf-8")))


def test_a_page_of_site_furniture_only_is_not_a_plan(tmp_path: Path) -> None:
    text = "上传人:abc 文档编号:1 上传时间:2022-12-25 格式:DOCX 页数:12 大小:19.56KB\n下载 相关 举报\n展开阅读全文\n相关资源\n猜你喜欢\n"
    with pytest.raises(DocumentError, match=r"does not look like a plan: 0 Chinese characters"):
        read_document(write(tmp_path, "page.txt", text.encode("utf-8")))


# --- docx --------------------------------------------------------------------------------


def make_docx(path: Path, blocks: list, title: str = "") -> Path:
    """blocks: strings (paragraphs) and lists of rows (tables), in body order."""
    import docx

    document = docx.Document()
    document.core_properties.title = title
    for block in blocks:
        if isinstance(block, str):
            document.add_paragraph(block)
            continue
        table = document.add_table(rows=len(block), cols=len(block[0]))
        for row, values in zip(table.rows, block):
            for cell, value in zip(row.cells, values):
                cell.text = value
    document.save(path)
    return path


def test_docx_task_table_becomes_marker_paragraphs_in_body_order(tmp_path: Path) -> None:
    path = make_docx(
        tmp_path / "plan.docx",
        [
            "Y市校企协同创新工作方案",
            "一、重点任务",
            [
                ["序号", "重点任务", "牵头单位", "责任单位"],
                ["1", "建设光电材料联合实验室", "市科技局", "市财政局、市教育局"],
                ["2", "组建生物医药创新联合体", "市卫健委\n市科技局", "市人社局 市发改委"],
                ["", "", "", ""],
                ["3", "设立校企合作引导基金。", "市财政局", ""],
            ],
            "二、保障措施",
            "市科技局会同市财政局每季度调度一次进展情况。",
        ],
    )
    doc = read_document(path)
    assert [p.text for p in doc.paragraphs] == [
        "Y市校企协同创新工作方案",
        "一、重点任务",
        "1. 建设光电材料联合实验室（牵头单位：市科技局；责任单位：市财政局、市教育局）",
        "2. 组建生物医药创新联合体（牵头单位：市卫健委、市科技局；责任单位：市人社局、市发改委）",
        "3. 设立校企合作引导基金。（牵头单位：市财政局）",
        "二、保障措施",
        "市科技局会同市财政局每季度调度一次进展情况。",
    ]
    assert doc.title == "Y市校企协同创新工作方案"
    assert_offsets(doc)


def test_docx_task_table_keeps_its_own_label_words_and_extra_columns(tmp_path: Path) -> None:
    path = make_docx(
        tmp_path / "plan.docx",
        [
            "Y市校企协同创新工作方案",
            [
                ["重点工作任务汇总表", "重点工作任务汇总表", "重点工作任务汇总表", "重点工作任务汇总表"],
                ["工作任务", "牵头部门", "配合单位", "时间节点"],
                ["推动高校科技成果转化", "市科技局", "市教育局", "2025年底前"],
            ],
        ],
    )
    doc = read_document(path)
    assert [p.text for p in doc.paragraphs] == [
        "Y市校企协同创新工作方案",
        "重点工作任务汇总表",
        "1. 推动高校科技成果转化（牵头部门：市科技局；配合单位：市教育局）",
        "时间节点：2025年底前。",
    ]


def test_docx_other_tables_join_cells_per_row(tmp_path: Path) -> None:
    path = make_docx(
        tmp_path / "plan.docx",
        [
            "Y市校企协同创新工作方案。支持高校与企业共建研发中心和联合实验室。",
            [["指标", "2023年", "2025年"], ["产学研合作项目（个）", "30", "50"]],
        ],
    )
    doc = read_document(path)
    assert [p.text for p in doc.paragraphs][1:] == ["指标；2023年；2025年", "产学研合作项目（个）；30；50"]


def test_committed_docx_fixture_reads_as_a_plan(tmp_path: Path) -> None:
    doc = read_document(FIXTURES / "doc_table_plan.docx")
    texts = [p.text for p in doc.paragraphs]
    assert doc.title == "X区推进产学研合作行动计划"
    assert texts[0] == "X区推进产学研合作行动计划"
    assert "支持云岭光电科技有限公司与滇南理工大学共建联合实验室，开展新型显示材料关键技术攻关。" in texts
    task_lines = [t for t in texts if t[:2] in {"1.", "2.", "3.", "4.", "5."}]
    assert task_lines == [
        "1. 建设新型显示联合实验室（牵头单位：区科技局；责任单位：区经济信息委、区财政局）",
        "2. 组建医药健康协同创新团队（牵头单位：区卫生健康委、区科技局；责任单位：区人力社保局）",
        "3. 建设智能制造中试基地（牵头单位：工业园区管委会；责任单位：区经济信息委、区招商投资局）",
        "4. 设立产学研合作种子基金（牵头单位：区财政局；责任单位：区金融服务中心、区科技局）",
        "5. 举办校企人才对接活动（牵头单位：区人力社保局；责任单位：区教委、区科协）",
    ]
    assert texts[texts.index(task_lines[0]) + 1] == "完成时限：2024年底。"
    assert_offsets(doc)


def test_docx_core_title_is_used_when_the_text_has_no_title_line(tmp_path: Path) -> None:
    path = make_docx(
        tmp_path / "plan.docx",
        ["一、总体要求", "支持企业与高校、科研院所开展合作，建设一批联合实验室和研发中心。"],
        title="Z县产学研合作三年行动计划",
    )
    assert read_document(path).title == "Z县产学研合作三年行动计划"


def test_corrupt_docx_not_a_zip(tmp_path: Path) -> None:
    path = write(tmp_path, "old.docx", "这是一个旧版Word文件".encode("gbk") * 20)
    with pytest.raises(DocumentError, match=r"^old\.docx: is not a valid \.docx \(not a ZIP archive"):
        read_document(path)


def test_corrupt_docx_zip_without_document_xml(tmp_path: Path) -> None:
    path = tmp_path / "empty.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("readme.txt", "nothing here")
    with pytest.raises(DocumentError, match=r"^empty\.docx: is not a valid \.docx \(no word/document\.xml inside\)$"):
        read_document(path)


def test_corrupt_docx_with_damaged_xml(tmp_path: Path) -> None:
    good = make_docx(tmp_path / "good.docx", ["Y市校企协同创新工作方案"])
    damaged = tmp_path / "damaged.docx"
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(damaged, "w") as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            dst.writestr(item, data[: len(data) // 2] if item.filename == "word/document.xml" else data)
    with pytest.raises(DocumentError, match=r"^damaged\.docx: is a damaged \.docx that cannot be read") as info:
        read_document(damaged)
    assert "\n" not in str(info.value)


# --- html --------------------------------------------------------------------------------

HTML_PAGE = """<!DOCTYPE html>
<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312">
<title>X区推进产学研合作行动计划_X区人民政府</title>
<style>p {{ color: red; }} .x {{}}</style>
<script>var plan = "不要读我"; if (a < b) {{ alert('区科技局'); }}</script>
</head><body>
<div class="nav">首页 &gt; 政策文件</div>
<div class="meta">发布时间：2024-03-01 来源：区科技局 字号：大 中 小</div>
<h1>X区推进产学研合作行动计划</h1>
<p>一、总体要求</p>
<p>支持企业与高校、科研院所开展合作，建设一批联合实验室&nbsp;和研发中心。支持云岭光电科技有限公司与
滇南理工大学共建联合实验室&mdash;&mdash;新型显示材料实验室。</p>
<p>（牵头单位：<br>区科技局；责任单位：<br/>区财政局、区教委）</p>
<table>
<tr><th>序号</th><th>重点任务</th><th>牵头单位</th><th>责任单位</th></tr>
<tr><td>1</td><td>建设中试基地</td><td>工业园区管委会</td><td>区经济信息委<br>区招商投资局</td></tr>
</table>
<noscript>请启用脚本</noscript>
<div class="footer">版权所有：X区人民政府办公室 &copy; 2024 滇ICP备00000000号</div>
</body></html>
"""


def expected_html_paragraphs() -> list[str]:
    return [
        "X区推进产学研合作行动计划",
        "一、总体要求",
        "支持企业与高校、科研院所开展合作，建设一批联合实验室 和研发中心。支持云岭光电科技有限公司与滇南理工大学共建联合实验室——新型显示材料实验室。",
        "（牵头单位：区科技局；责任单位：区财政局、区教委）",
        "1. 建设中试基地（牵头单位：工业园区管委会；责任单位：区经济信息委、区招商投资局）",
    ]


@pytest.mark.parametrize("name", ["plan.html", "plan.htm", "saved-page.txt"])
def test_html_markup_scripts_and_portal_furniture_are_removed(tmp_path: Path, name: str) -> None:
    path = write(tmp_path, name, HTML_PAGE.format().encode("gbk"))
    doc = read_document(path)
    texts = [p.text for p in doc.paragraphs]
    assert texts == expected_html_paragraphs()
    assert doc.title == "X区推进产学研合作行动计划"
    assert "不要读我" not in doc.text and "请启用脚本" not in doc.text and "ICP" not in doc.text
    assert_offsets(doc)


def test_html_title_element_is_the_fallback_title(tmp_path: Path) -> None:
    page = "<html><head><title>Z县科技创新三年行动计划 - Z县人民政府</title></head><body><p>一、总体要求</p><p>支持企业与高校、科研院所开展合作，建设一批联合实验室和研发中心。</p></body></html>"
    doc = read_document(write(tmp_path, "page.html", page.encode("utf-8")))
    assert doc.title == "Z县科技创新三年行动计划"


def test_government_portal_and_reader_site_furniture(tmp_path: Path) -> None:
    text = "\n".join(
        [
            "首页 > 政务公开 > 政策文件",
            "索引号：11500000-2024-00012 主题分类：科技 发文机关：X区人民政府办公室",
            "成文日期：2024-03-01 发布日期：2024-03-05 浏览次数：1234",
            "【字体：大 中 小】 打印本页 关闭窗口",
            "扫一扫在手机打开当前页",
            "X区科技成果转化三年行动计划",
            "为加快科技成果转化，支持企业与高校共建技术转移中心，特制定本计划。",
            "还剩 8 页未读，继续阅读",
            "VIP专享文档 下载高清无水印",
            "本文为本站会员上传，人人文库仅提供信息存储空间",
            "一、主要目标",
            "到2026年，全区技术合同成交额达到50亿元。",
            "责任编辑：张三",
        ]
    )
    assert paragraph_texts(tmp_path, text, "portal.txt") == [
        "X区科技成果转化三年行动计划",
        "为加快科技成果转化，支持企业与高校共建技术转移中心，特制定本计划。",
        "一、主要目标",
        "到2026年，全区技术合同成交额达到50亿元。",
    ]


def test_docx_automatic_numbering_is_restored(tmp_path: Path) -> None:
    import docx
    from docx.oxml import parse_xml

    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    document = docx.Document()
    numbering = document.part.numbering_part.element
    numbering.append(
        parse_xml(
            f'<w:abstractNum {w} w:abstractNumId="99">'
            '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl>'
            '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/></w:lvl>'
            '<w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%3."/></w:lvl>'
            "</w:abstractNum>"
        )
    )
    numbering.append(parse_xml(f'<w:num {w} w:numId="99"><w:abstractNumId w:val="99"/></w:num>'))

    def numbered(text: str, level: int) -> None:
        paragraph = document.add_paragraph(text)
        paragraph._p.get_or_add_pPr().append(
            parse_xml(f'<w:numPr {w}><w:ilvl w:val="{level}"/><w:numId w:val="99"/></w:numPr>')
        )

    document.add_paragraph("Y市校企协同创新工作方案")
    numbered("主要任务", 0)
    numbered("建设创新平台", 1)
    numbered("建设光电材料联合实验室。", 2)
    numbered("建设中试基地。", 2)
    numbered("完善合作机制", 1)
    numbered("建立校企人才双向流动机制。", 2)
    numbered("保障措施", 0)
    document.add_paragraph("市科技局会同市财政局每季度调度一次进展情况。")
    document.add_paragraph("支持", style="List Bullet")
    path = tmp_path / "numbered.docx"
    document.save(path)
    assert [p.text for p in read_document(path).paragraphs] == [
        "Y市校企协同创新工作方案",
        "一、主要任务",
        "（一）建设创新平台",
        "1.建设光电材料联合实验室。",
        "2.建设中试基地。",
        "（二）完善合作机制",
        "1.建立校企人才双向流动机制。",
        "二、保障措施",
        "市科技局会同市财政局每季度调度一次进展情况。",
        "支持",
    ]


def test_word_number_formats() -> None:
    from innograph.loaders.docx_numbering import format_number

    assert [format_number(n, "chineseCounting") for n in (1, 10, 11, 20, 23, 100, 105, 112)] == [
        "一", "十", "十一", "二十", "二十三", "一百", "一百零五", "一百一十二",
    ]  # fmt: skip
    assert [format_number(n, f) for n, f in ((3, "decimalEnclosedCircle"), (2, "ideographTraditional"), (4, "upperRoman"), (27, "lowerLetter"))] == [
        "③", "乙", "IV", "aa",
    ]  # fmt: skip


def test_html_source_newlines_are_layout_but_br_and_pre_break_lines(tmp_path: Path) -> None:
    page = (
        "<html><body><p>X区推进产学研合作行动计划</p><p>支持<span>云岭光电科技有限公司</span>\n"
        "    与<b>滇南理工大学</b>共建联合实验室，\n推动   成果转化。</p>"
        "<pre>第一行文字：\n区科技局牵头负责。</pre><div>附件：<br>项目表</div></body></html>"
    )
    assert paragraph_texts(tmp_path, page, "page.html") == [
        "X区推进产学研合作行动计划",
        "支持云岭光电科技有限公司与滇南理工大学共建联合实验室，推动 成果转化。",
        "第一行文字：区科技局牵头负责。",
        "附件：项目表",
    ]


@pytest.mark.parametrize(
    "text",
    [
        # A title repeated on every page, and page numbers: dropped.
        "X区推进产学研合作行动计划\n第 1 页\nX区推进产学研合作行动计划\n一、总体要求\n支持企业与高校、科研院所开展合作，建设一批联合实验室和研发中心。\n第2页\n",
        # Old Mac breaks and Unicode line/paragraph separators: line breaks.
        "X区推进产学研合作行动计划\r一、总体要求\u2028支持企业与高校、科研院所开展合作，建设一批联合实验室和研发中心。\u2029",
    ],
    ids=["repeated-title-and-page-numbers", "cr-and-unicode-separators"],
)
def test_page_furniture_is_dropped_and_every_line_break_counts(tmp_path: Path, text: str) -> None:
    assert paragraph_texts(tmp_path, text) == [
        "X区推进产学研合作行动计划",
        "一、总体要求",
        "支持企业与高校、科研院所开展合作，建设一批联合实验室和研发中心。",
    ]


def test_html_declared_charset_is_used_but_valid_utf8_wins(tmp_path: Path) -> None:
    page = '<html><head><meta charset="big5"></head><body><p>X區推進產學研合作行動計劃</p><p>支持企業與高校、科研院所開展合作，建設一批聯合實驗室。</p></body></html>'
    declared = read_document(write(tmp_path, "big5.html", page.encode("big5")))
    assert declared.paragraphs[0].text == "X区推进产学研合作行动计划"  # decoded, then simplified
    mislabelled = read_document(write(tmp_path, "utf8.html", page.encode("utf-8")))
    assert mislabelled.text == declared.text


def test_charset_normalizer_tie_breaker_tells_gbk_from_big5() -> None:
    # Used only when the common-character scores of the two readings are too close to call.
    from innograph.loaders.encoding import _ask_charset_normalizer

    simplified = "支持企业与高校、科研院所开展合作，建设一批联合实验室和研发中心。"
    traditional = "支持企業與高校、科研院所開展合作，建設一批聯合實驗室和研發中心。"
    assert _ask_charset_normalizer(simplified.encode("gbk")) == "gb18030"
    assert _ask_charset_normalizer(traditional.encode("big5")) == "big5"


def test_pdf_style_wrapping_with_uneven_line_lengths(tmp_path: Path) -> None:
    lines = [
        "X区推进产学研合作行动计划",
        "一、总体要求",
        "到2025年，建成产学研合作平台20个以上，实施产学研",
        "合作项目50个以上，引进高层次创新团队10个，全区研发",
        "投入强度达到3%。",
        "二、重点任务",
        "（一）建设联合实验室。支持云岭光电科技有限公司与滇南",
        "理工大学共建联合实验室，开展新型显示材料关键技术攻",
        "关，推动科技成果就地转化和产业化。",
        "（二）组建创新团队。以苍山药业、洱海生物制药等企业为",
        "主体，联合X医科大学等高校组建协同创新团队。",
        "（牵头单位：区科技局、区卫生健康委；责任单位：区教委）",
        "各牵头单位要会同责任单位细化工作方案，明确时间节点。",
        "（三）设立种子基金。区财政局会同区金融服务中心设立产学",
        "研合作种子基金，重点支持高校科技成果在本区转化落地，",
        "每年支持项目不少于20个。",
    ]
    assert paragraph_texts(tmp_path, "\n".join(lines), "pdf.txt") == [
        "X区推进产学研合作行动计划",
        "一、总体要求",
        "到2025年，建成产学研合作平台20个以上，实施产学研合作项目50个以上，引进高层次创新团队10个，全区研发投入强度达到3%。",
        "二、重点任务",
        "（一）建设联合实验室。支持云岭光电科技有限公司与滇南理工大学共建联合实验室，开展新型显示材料关键技术攻关，推动科技成果就地转化和产业化。",
        "（二）组建创新团队。以苍山药业、洱海生物制药等企业为主体，联合X医科大学等高校组建协同创新团队。",
        "（牵头单位：区科技局、区卫生健康委；责任单位：区教委）",
        "各牵头单位要会同责任单位细化工作方案，明确时间节点。",
        "（三）设立种子基金。区财政局会同区金融服务中心设立产学研合作种子基金，重点支持高校科技成果在本区转化落地，每年支持项目不少于20个。",
    ]


def test_docx_content_controls_are_read_in_place(tmp_path: Path) -> None:
    import docx
    from docx.oxml import parse_xml

    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    document = docx.Document()
    document.add_paragraph("Y市校企协同创新工作方案")
    document.element.body.insert(
        1,
        parse_xml(
            f"<w:sdt {w}><w:sdtContent><w:p><w:r><w:t>一、总体要求</w:t></w:r></w:p>"
            "<w:p><w:r><w:t>支持高校与企业共建研发中心，每年实施校企合作项目50项以上。</w:t></w:r></w:p>"
            "</w:sdtContent></w:sdt>"
        ),
    )
    document.add_paragraph("二、保障措施")
    path = tmp_path / "sdt.docx"
    document.save(path)
    assert [p.text for p in read_document(path).paragraphs] == [
        "Y市校企协同创新工作方案",
        "一、总体要求",
        "支持高校与企业共建研发中心，每年实施校企合作项目50项以上。",
        "二、保障措施",
    ]


def test_task_tables_with_other_header_words() -> None:
    from innograph.loaders.task_table import table_lines

    rows = [
        ["序号", "项目名称", "建设内容", "牵头单位（部门）", "主办单位", "实施主体"],
        ["1", "滇南理工大学中试基地", "建设中试车间2万平方米", "市科技局", "市工信局", "滇南理工大学"],
    ]
    assert table_lines(rows) == [
        "1. 滇南理工大学中试基地（牵头单位：市科技局、市工信局；责任单位：滇南理工大学）",
        "建设内容：建设中试车间2万平方米。",
    ]
    rows = [
        ["工作任务及举措", "责任处室"],
        ["一、科技创新", "一、科技创新"],  # a heading cell merged across the row
        ["推进校企合作", "高新技术处\n成果转化处"],
    ]
    assert table_lines(rows) == ["一、科技创新", "1. 推进校企合作（责任单位：高新技术处、成果转化处）"]
