"""Plans in traditional script (Big5, or 繁體 in UTF-8) are read like the same plan in simplified script."""

from __future__ import annotations

from pathlib import Path

import opencc

from innograph.loaders import extract

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def _links(view):
    return sorted((t["title"], tuple(t["lead"]), tuple(t["responsible"])) for t in view["tasks"])


def test_a_traditional_copy_of_a_plan_yields_the_same_graph(tmp_path):
    plan = FIXTURES / "holdout_city_action.txt"
    traditional = opencc.OpenCC("s2t").convert(plan.read_text(encoding="utf-8"))
    assert "牽頭" in traditional
    copy = tmp_path / "plan.txt"
    copy.write_text(traditional, encoding="utf-8")
    simplified, converted = extract(plan).view(), extract(copy).view()
    assert sorted((a["name"], a["kind"]) for a in converted["actors"]) == sorted((a["name"], a["kind"]) for a in simplified["actors"])
    assert _links(converted) == _links(simplified) and any(lead for _, lead, _ in _links(converted))


def test_a_big5_plan_has_its_markers_read(tmp_path):
    text = ("東嶺市加快協同創新實施方案\n一、總體要求\n推動政產學研用協同創新。\n二、重點任務\n"
            "（一）建設協同創新平臺。支持東嶺大學與東嶺電子有限公司共建聯合實驗室。"
            "（牽頭單位：市科技局；責任單位：市財政局、市教育局）\n"
            "（二）設立種子基金。（市財政局牽頭，市科技局配合）\n")
    path = tmp_path / "plan.txt"
    path.write_bytes(text.encode("big5"))
    view = extract(path).view()
    names = {a["name"] for a in view["actors"]}
    assert {"市科技局", "市财政局", "市教育局", "东岭大学", "东岭电子有限公司"} <= names
    links = {t["title"]: (t["lead"], t["responsible"]) for t in view["tasks"]}
    platform = next(v for k, v in links.items() if "协同创新平台" in k)
    assert platform == (["government:市科技局"], ["government:市财政局", "government:市教育局"])
