"""read_table: actors, relations, projects and progress tables from CSV and XLSX."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

import pytest

from innograph.core.errors import TableError
from innograph.graph.model import GraphDelta
from innograph.graph.schema import ActorKind, Label
from innograph.loaders.gazetteer import Gazetteer
from innograph.loaders.tables import TableResult, is_table_file, read_table

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
# Names and industries exactly as a table writes them, whatever the curated gazetteer holds.
NO_GAZETTEER = Gazetteer()


def nodes(delta: GraphDelta) -> dict:
    return {n.id: n for n in delta.nodes}


def edges(delta: GraphDelta) -> set[tuple[str, str, str]]:
    return {(e.source, e.type.value, e.target) for e in delta.edges}


def write_csv(tmp_path: Path, text: str, name: str = "table.csv", encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def write_xlsx(tmp_path: Path, rows: list[list], name: str = "table.xlsx") -> Path:
    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    path = tmp_path / name
    workbook.save(path)
    return path


# --- actors ------------------------------------------------------------------------------


def test_actors_fixture_with_chinese_headers_and_kind_words() -> None:
    result = read_table(FIXTURES / "table_actors.csv", gazetteer=NO_GAZETTEER)
    assert isinstance(result, TableResult)
    assert (result.table_type, result.rows, result.skipped) == ("actors", 5, [])
    by_id = nodes(result.delta)
    assert sorted(i for i, n in by_id.items() if n.label is Label.ACTOR) == [
        "association:X区产学研合作联盟",
        "enterprise:云岭光电科技有限公司",
        "government:X区科技局",
        "institute:红河农业科学研究院",
        "university:滇南理工大学",
    ]
    university = by_id["university:滇南理工大学"]
    assert university.aliases == ["滇理工", "滇南理工"]
    assert university.properties == {"成立年份": 1958, "网址": "https://example.edu.cn"}
    assert edges(result.delta) == {
        ("university:滇南理工大学", "IN_INDUSTRY", "industry:新材料"),
        ("enterprise:云岭光电科技有限公司", "IN_INDUSTRY", "industry:新材料"),
        ("enterprise:云岭光电科技有限公司", "IN_INDUSTRY", "industry:光电"),
        ("institute:红河农业科学研究院", "IN_INDUSTRY", "industry:农业"),
    }
    source = result.delta.source
    assert source.id == "table_actors.csv" and source.kind == "table"
    assert source.sha256 == hashlib.sha256((FIXTURES / "table_actors.csv").read_bytes()).hexdigest()


def test_evidence_is_the_row_number_and_the_row_text(tmp_path: Path) -> None:
    path = write_csv(tmp_path, "name,kind\n\n滇南理工大学,university\n")
    (actor,) = read_table(path).delta.nodes
    (evidence,) = actor.evidence
    # the blank line is row 2, as Excel shows it
    assert (evidence.source_id, evidence.start, evidence.end, evidence.quote) == ("table.csv", 3, 3, "滇南理工大学, university")


def test_english_headers_ignore_case_and_spaces(tmp_path: Path) -> None:
    path = write_csv(tmp_path, " Name ,KIND,Aliases, Industry\n滇南理工大学,University,滇理工 ; 滇南理工,新材料\n")
    (actor, industry) = read_table(path, gazetteer=NO_GAZETTEER).delta.nodes
    assert (actor.id, actor.aliases, industry.id) == ("university:滇南理工大学", ["滇理工", "滇南理工"], "industry:新材料")


def test_repeated_actor_rows_merge_into_one_node(tmp_path: Path) -> None:
    path = write_csv(tmp_path, "name,kind,aliases\n滇南理工大学,高校,滇理工\n滇南理工大学,高校,滇南理工\n")
    (actor,) = read_table(path).delta.nodes
    assert actor.aliases == ["滇理工", "滇南理工"]
    assert [e.start for e in actor.evidence] == [2, 3]


def test_bad_kind_names_the_file_row_column_and_choices(tmp_path: Path) -> None:
    rows = "name,kind\n" + "".join(f"企业{i}有限公司,enterprise\n" for i in range(15)) + "滇南理工大学,univ\n"
    path = write_csv(tmp_path, rows, name="file.csv")
    with pytest.raises(TableError) as info:
        read_table(path)
    assert str(info.value) == (
        "file.csv:17: column 'kind': 'univ' is not one of government, finance, enterprise, university, "
        "institute, association, platform, user, other (or 政府, 金融, 企业, 高校, 科研院所, 协会, 平台, 用户, 其他)"
    )


def test_skip_bad_rows_keeps_the_good_ones_and_lists_the_bad(tmp_path: Path) -> None:
    path = write_csv(tmp_path, "名称,类型\n滇南理工大学,高校\n,企业\n云岭光电科技有限公司,startup\n红河农业科学研究院,科研院所\n")
    result = read_table(path, skip_bad_rows=True)
    assert sorted(n.id for n in result.delta.nodes) == ["institute:红河农业科学研究院", "university:滇南理工大学"]
    assert result.rows == 2
    assert result.skipped == [
        "table.csv:3: column '名称' is empty",
        "table.csv:4: column '类型': 'startup' is not one of government, finance, enterprise, university, "
        "institute, association, platform, user, other (or 政府, 金融, 企业, 高校, 科研院所, 协会, 平台, 用户, 其他)",
    ]


def test_by_default_a_bad_row_fails_the_whole_file(tmp_path: Path) -> None:
    path = write_csv(tmp_path, "名称,类型\n滇南理工大学,高校\n,企业\n")
    with pytest.raises(TableError, match=r"^table\.csv:3: column '名称' is empty$"):
        read_table(path)


def test_reserved_property_column_is_refused_at_the_header(tmp_path: Path) -> None:
    path = write_csv(tmp_path, "name,kind,label\n滇南理工大学,高校,x\n")
    with pytest.raises(TableError, match=r"^table\.csv:1: column 'label' cannot be a property name \(reserved: aliases, evidence"):
        read_table(path)


# --- encodings and xlsx ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("encoding", "text", "actor_id"),
    [
        ("utf-8", "名称,类型\n滇南理工大学,高校\n", "university:滇南理工大学"),
        ("utf-8-sig", "名称,类型\n滇南理工大学,高校\n", "university:滇南理工大学"),
        ("gbk", "名称,类型\n滇南理工大学,高校\n", "university:滇南理工大学"),
        ("big5", "name,kind\n國立臺灣大學,university\n", "university:國立臺灣大學"),
    ],
)
def test_csv_encodings(tmp_path: Path, encoding: str, text: str, actor_id: str) -> None:
    (actor,) = read_table(write_csv(tmp_path, text, encoding=encoding)).delta.nodes
    assert actor.id == actor_id


def test_xlsx_actors_with_numbers_and_dates_as_people_see_them(tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path,
        [
            ["单位名称", "类型", "产业", "成立日期", "员工数"],
            ["云岭光电科技有限公司", "enterprise", "光电", dt.datetime(2012, 5, 1), 320.0],
            [None, None, None, None, None],
            ["滇南理工大学", "高校", None, None, 2500],
        ],
    )
    result = read_table(path)
    by_id = nodes(result.delta)
    assert by_id["enterprise:云岭光电科技有限公司"].properties == {"成立日期": "2012-05-01", "员工数": 320}
    assert by_id["university:滇南理工大学"].evidence[0].start == 4
    assert result.rows == 2


def test_xlsx_bad_row_number_matches_excel(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path, [["name", "kind"], ["滇南理工大学", "高校"], [], ["云岭光电", "startup"]], name="actors.xlsx")
    with pytest.raises(TableError, match=r"^actors\.xlsx:4: column 'kind': 'startup' is not one of"):
        read_table(path)


# --- relations ---------------------------------------------------------------------------


def test_gbk_relations_fixture() -> None:
    result = read_table(FIXTURES / "table_relations_gbk.csv", gazetteer=NO_GAZETTEER)
    assert (result.table_type, result.rows) == ("relations", 3)
    assert sorted(nodes(result.delta)) == [
        "enterprise:云岭光电科技有限公司",
        "enterprise:玉溪精工集团",
        "finance:X区产学研合作种子基金",
        "institute:昆明机电研究所",
        "university:滇南理工大学",
    ]
    by_edge = {(e.source, e.type.value, e.target): e for e in result.delta.edges}
    assert set(by_edge) == {
        ("enterprise:云岭光电科技有限公司", "PARTNERS_WITH", "university:滇南理工大学"),
        ("finance:X区产学研合作种子基金", "FUNDS", "enterprise:云岭光电科技有限公司"),
        ("enterprise:玉溪精工集团", "PARTNERS_WITH", "institute:昆明机电研究所"),
    }
    first = by_edge[("enterprise:云岭光电科技有限公司", "PARTNERS_WITH", "university:滇南理工大学")]
    assert first.properties == {"status": "进行中", "since": 2021, "备注": "共建联合实验室"}
    assert first.evidence[0].start == 2


def test_relation_types_in_english_and_chinese(tmp_path: Path) -> None:
    text = (
        "source,target,type\n"
        "区科技局,云岭光电科技有限公司,牵头\n"
        "区财政局,云岭光电科技有限公司,responsible-for\n"
        "滇南理工大学,X区产学研合作联盟,成员\n"
        "云岭光电科技有限公司,X区产学研合作联盟,participates_in\n"
    )
    result = read_table(write_csv(tmp_path, text))
    assert edges(result.delta) == {
        ("government:区科技局", "LEADS", "enterprise:云岭光电科技有限公司"),
        ("government:区财政局", "RESPONSIBLE_FOR", "enterprise:云岭光电科技有限公司"),
        ("university:滇南理工大学", "MEMBER_OF", "association:X区产学研合作联盟"),
        ("enterprise:云岭光电科技有限公司", "PARTICIPATES_IN", "association:X区产学研合作联盟"),
    }


def test_unknown_relation_type_and_kind(tmp_path: Path) -> None:
    path = write_csv(tmp_path, "source,target,type,target_kind\n甲公司,乙大学,friends,\n", name="rel.csv")
    with pytest.raises(TableError, match=r"^rel\.csv:2: column 'type': 'friends' is not one of LEADS, RESPONSIBLE_FOR, "):
        read_table(path)
    path = write_csv(tmp_path, "source,target,type,target_kind\n甲公司,乙大学,合作,school\n", name="rel.csv")
    with pytest.raises(TableError, match=r"^rel\.csv:2: column 'target_kind': 'school' is not one of government"):
        read_table(path)


def test_a_name_without_a_telling_suffix_is_kind_other(tmp_path: Path) -> None:
    result = read_table(write_csv(tmp_path, "source,target,type\n星火工作室,滇南理工大学,合作\n"))
    assert edges(result.delta) == {("other:星火工作室", "PARTNERS_WITH", "university:滇南理工大学")}


# --- projects ----------------------------------------------------------------------------


def test_projects_fixture_builds_tasks_and_their_actors() -> None:
    result = read_table(FIXTURES / "table_projects.csv", gazetteer=NO_GAZETTEER)
    assert (result.table_type, result.rows) == ("projects", 2)
    by_id = nodes(result.delta)
    task = by_id["task:新型显示材料联合实验室"]
    assert task.label is Label.TASK
    assert task.properties == {"budget_wan": 800, "path": ["新型显示材料联合实验室"], "status": "在建"}
    assert by_id["institute:昆明机电研究所"].kind is ActorKind.INSTITUTE
    assert by_id["enterprise:玉溪精工集团"].kind is ActorKind.ENTERPRISE
    lab, pilot = "task:新型显示材料联合实验室", "task:中试基地共建"
    yl, dn, hh = "enterprise:云岭光电科技有限公司", "university:滇南理工大学", "institute:红河农业科学研究院"
    yx, km = "enterprise:玉溪精工集团", "institute:昆明机电研究所"
    assert edges(result.delta) == {
        (yl, "LEADS", lab), (dn, "PARTICIPATES_IN", lab), (hh, "PARTICIPATES_IN", lab),
        (yl, "PARTNERS_WITH", dn), (yl, "PARTNERS_WITH", hh),
        (lab, "IN_INDUSTRY", "industry:新材料"), (yl, "IN_INDUSTRY", "industry:新材料"),
        (dn, "IN_INDUSTRY", "industry:新材料"), (hh, "IN_INDUSTRY", "industry:新材料"),
        (yx, "LEADS", pilot), (km, "PARTICIPATES_IN", pilot), (dn, "PARTICIPATES_IN", pilot),
        (yx, "PARTNERS_WITH", km), (yx, "PARTNERS_WITH", dn),
        (pilot, "IN_INDUSTRY", "industry:智能制造"), (yx, "IN_INDUSTRY", "industry:智能制造"),
        (km, "IN_INDUSTRY", "industry:智能制造"), (dn, "IN_INDUSTRY", "industry:智能制造"),
    }  # fmt: skip
    # 滇南理工大学 appears in both projects: one node, evidence from rows 2 and 3
    assert [e.start for e in by_id[dn].evidence] == [2, 3]


def test_projects_xlsx_with_chinese_headers(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path, [["项目名称", "牵头单位", "参与单位"], ["校企人才对接", "区人力社保局", "滇南理工大学"]])
    assert edges(read_table(path).delta) == {
        ("government:区人力社保局", "LEADS", "task:校企人才对接"),
        ("university:滇南理工大学", "PARTICIPATES_IN", "task:校企人才对接"),
        ("government:区人力社保局", "PARTNERS_WITH", "university:滇南理工大学"),
    }


# --- progress ----------------------------------------------------------------------------


def test_progress_fixture_builds_achievements() -> None:
    result = read_table(FIXTURES / "table_progress.csv")
    assert (result.table_type, result.rows) == ("progress", 3)
    assert [(n.label, n.name, n.properties) for n in result.delta.nodes] == [
        (
            Label.ACHIEVEMENT,
            "建设新型显示联合实验室 联合实验室 2024-06",
            {"task": "建设新型显示联合实验室", "metric": "联合实验室", "value": 3.0, "date": "2024-06", "unit": "个"},
        ),
        (
            Label.ACHIEVEMENT,
            "组建医药健康协同创新团队 协同创新团队 2024-12-31",
            {"task": "组建医药健康协同创新团队", "metric": "协同创新团队", "value": 12.0, "date": "2024-12-31", "unit": "个"},
        ),
        (
            Label.ACHIEVEMENT,
            "产学研合作项目 2024",
            {"task": "", "metric": "产学研合作项目", "value": 27.0, "date": "2024", "unit": "个"},
        ),
    ]
    assert result.delta.edges == []


@pytest.mark.parametrize(
    ("written", "iso"),
    [("2024-3-1", "2024-03-01"), ("2024/03", "2024-03"), ("2024年3月", "2024-03"), ("2024年3月5日", "2024-03-05"), ("2024", "2024")],
)
def test_progress_dates(tmp_path: Path, written: str, iso: str) -> None:
    path = write_csv(tmp_path, f"task,value,date\n建设联合实验室,1,{written}\n")
    assert read_table(path).delta.nodes[0].properties["date"] == iso


def test_progress_percent_and_thousands(tmp_path: Path) -> None:
    path = write_csv(tmp_path, 'target,value,date\n研发投入强度,85%,2024\n技术合同成交额,"1,250.5",2024\n')
    a, b = read_table(path).delta.nodes
    assert (a.properties["value"], a.properties["unit"]) == (85.0, "%")
    assert (b.properties["value"], b.properties["unit"]) == (1250.5, "")


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("建设联合实验室,三个,2024", "table.csv:2: column 'value': '三个' is not a number"),
        ("建设联合实验室,nan,2024", "table.csv:2: column 'value': 'nan' is not a number"),
        ("建设联合实验室,-inf%,2024", "table.csv:2: column 'value': '-inf%' is not a number"),
        ("建设联合实验室,3,2024-13", "table.csv:2: column 'date': '2024-13' is not a date (yyyy-mm-dd, yyyy-mm or yyyy)"),
        ("建设联合实验室,3,2024-02-30", "table.csv:2: column 'date': '2024-02-30' is not a date (yyyy-mm-dd, yyyy-mm or yyyy)"),
        (",3,2024", "table.csv:2: column 'task' is empty"),
    ],
)
def test_progress_bad_rows(tmp_path: Path, row: str, message: str) -> None:
    with pytest.raises(TableError) as info:
        read_table(write_csv(tmp_path, f"task,value,date\n{row}\n"))
    assert str(info.value) == message


# --- file-level errors -------------------------------------------------------------------


def test_unknown_header_lists_the_table_types(tmp_path: Path) -> None:
    with pytest.raises(TableError) as info:
        read_table(write_csv(tmp_path, "foo,bar\n1,2\n"))
    assert str(info.value) == (
        "table.csv:1: header row (foo, bar) is not a known table; recognised tables and their required columns: "
        "relations (source, target, type); actors (name, kind); projects (title, lead or partners); "
        "progress (task or metric, value, date)"
    )


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("empty.csv", b"", "empty.csv: the file is empty"),
        ("blank.csv", b"\r\n,,\r\n", "blank.csv: the table has no header row"),
        ("header.csv", b"name,kind\r\n", "header.csv: no data rows under the header (row 1)"),
        ("bin.csv", b"PK\x03\x04\x00\x00", "bin.csv: is a binary file (it contains NUL bytes), not text"),
        ("old.xlsx", "名称,类型".encode("gbk"), "old.xlsx: is not a valid Excel workbook (not a ZIP archive; an old .xls? save it as .xlsx)"),
        ("table.xls", b"whatever", "table.xls: unsupported table type '.xls'; supported: .csv, .xlsx, .xlsm"),
    ],
)
def test_file_errors(tmp_path: Path, name: str, content: bytes, message: str) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(TableError) as info:
        read_table(path)
    assert str(info.value) == message


def test_missing_table(tmp_path: Path) -> None:
    with pytest.raises(TableError, match=r"nope\.csv: file not found$"):
        read_table(tmp_path / "nope.csv")


def test_damaged_xlsx(tmp_path: Path) -> None:
    import zipfile

    path = tmp_path / "broken.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("xl/workbook.xml", "<not-closed")
    with pytest.raises(TableError, match=r"^broken\.xlsx: is a damaged Excel workbook that cannot be read"):
        read_table(path)


@pytest.mark.parametrize(("name", "expected"), [("a.csv", True), ("A.XLSX", True), ("b.xlsm", True), ("c.xls", False), ("plan.txt", False)])
def test_is_table_file(name: str, expected: bool) -> None:
    assert is_table_file(name) is expected


def test_xlsx_table_after_a_notes_sheet(tmp_path: Path) -> None:
    import openpyxl

    workbook = openpyxl.Workbook()
    notes = workbook.active
    notes.title = "填表说明"
    notes.append(["本表由区科技局汇总，每季度更新一次。"])
    projects = workbook.create_sheet("项目")
    projects.append(["项目名称", "牵头单位", "合作单位"])
    projects.append(["中试基地共建", "玉溪精工集团", "昆明机电研究所"])
    projects.append(["", "玉溪精工集团", "滇南理工大学"])
    path = tmp_path / "book.xlsx"
    workbook.save(path)
    result = read_table(path, skip_bad_rows=True)
    assert result.table_type == "projects"
    assert ("enterprise:玉溪精工集团", "LEADS", "task:中试基地共建") in edges(result.delta)
    assert result.skipped == ["book.xlsx[项目]:3: column '项目名称' is empty"]


def test_workbook_with_no_recognised_sheet_reports_the_first_header(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path, [["说明"], ["本表每季度更新"]], name="notes.xlsx")
    with pytest.raises(TableError, match=r"^notes\.xlsx:1: header row \(说明\) is not a known table"):
        read_table(path)


def test_names_resolve_through_the_gazetteer(tmp_path: Path) -> None:
    from innograph.loaders.gazetteer import GazetteerActor, GazetteerIndustry

    gazetteer = Gazetteer(
        [GazetteerActor(name="中国农业科学院", kind=ActorKind.INSTITUTE, aliases=["中国农科院"])],
        [GazetteerIndustry(name="农业", keywords=["现代农业"])],
    )
    path = write_csv(tmp_path, "source,target,type\n中国农科院,滇南理工大学,合作\n")
    delta = read_table(path, gazetteer=gazetteer).delta
    institute = nodes(delta)["institute:中国农业科学院"]
    assert institute.aliases == ["中国农科院"]
    assert edges(delta) == {("institute:中国农业科学院", "PARTNERS_WITH", "university:滇南理工大学")}
    path = write_csv(tmp_path, "name,kind,industry\n中国农科院,institute,现代农业\n", name="actors.csv")
    assert edges(read_table(path, gazetteer=gazetteer).delta) == {("institute:中国农业科学院", "IN_INDUSTRY", "industry:农业")}
