"""Plans in traditional script (Big5, or 繁體 in UTF-8) are read like the same plan in simplified
script, and their names and quotes keep the form they were written in."""

from __future__ import annotations

from pathlib import Path

import opencc

from innograph.loaders import extract

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
S2T = opencc.OpenCC("s2t")


def _links(view):
    return sorted((tuple(t["lead"]), tuple(t["responsible"])) for t in view["tasks"])


def test_a_traditional_copy_of_a_plan_yields_the_same_graph_in_its_own_script(tmp_path):
    plan = FIXTURES / "holdout_city_action.txt"
    traditional = S2T.convert(plan.read_text(encoding="utf-8"))
    assert "牽頭" in traditional
    copy = tmp_path / "plan.txt"
    copy.write_text(traditional, encoding="utf-8")
    simplified, converted = extract(plan).view(), extract(copy).view()
    # One node per body whatever the script (ids come from the simplified name) ...
    assert sorted(a["id"] for a in converted["actors"]) == sorted(a["id"] for a in simplified["actors"])
    assert _links(converted) == _links(simplified) and any(lead for lead, _ in _links(converted))
    # ... named as written, with the simplified name as an alias.
    by_id = {a["id"]: a for a in converted["actors"]}
    for actor in simplified["actors"]:
        written = by_id[actor["id"]]
        assert written["name"] == S2T.convert(actor["name"])
        assert written["name"] == actor["name"] or actor["name"] in written["aliases"]
    assert [t["title"] for t in converted["tasks"]] == [S2T.convert(t["title"]) for t in simplified["tasks"]]


def test_a_big5_plan_has_its_markers_read_and_its_quotes_as_written(tmp_path):
    text = ("東嶺市加快協同創新實施方案\n一、總體要求\n推動政產學研用協同創新。\n二、重點任務\n"
            "（一）建設協同創新平臺。支持東嶺大學與東嶺電子有限公司共建聯合實驗室。"
            "（牽頭單位：市科技局；責任單位：市財政局、市教育局）\n"
            "（二）設立種子基金。（市財政局牽頭，市科技局配合）\n")
    path = tmp_path / "plan.txt"
    path.write_bytes(text.encode("big5"))
    extraction = extract(path)
    view = extraction.view()
    assert {"市科技局", "市財政局", "市教育局", "東嶺大學", "東嶺電子有限公司"} <= {a["name"] for a in view["actors"]}
    links = {t["title"]: (t["lead"], t["responsible"]) for t in view["tasks"]}
    assert links["建設協同創新平臺"] == (["government:市科技局"], ["government:市财政局", "government:市教育局"])
    quotes = {e.quote for n in extraction.delta.nodes for e in n.evidence}
    assert any("牽頭單位" in q for q in quotes) and not any("牵头" in q for q in quotes)


def test_the_plans_title_is_kept_as_written(tmp_path):
    plan = FIXTURES / "holdout_city_action.txt"
    copy = tmp_path / "plan.txt"
    copy.write_text(S2T.convert(plan.read_text(encoding="utf-8")), encoding="utf-8")
    assert extract(copy).delta.source.title == S2T.convert(extract(plan).delta.source.title)
