"""Recognition lists (专精特新, 小巨人, 单项冠军: level, batch, year, validity) and schools' codes and technical-school
grades load from files in the columns the published lists use."""

from pathlib import Path

from store import GraphStore
from tests.ingest.support import USCC_1, USCC_2, ingest, reasons, write


def test_a_recognition_list_loads_in_its_published_columns(store: GraphStore, tmp_path: Path) -> None:
    write(tmp_path, "enterprise.csv", "企业编号,企业名称,统一社会信用代码,所在区县\n"
                                      f"E1,重庆甲精密机械有限公司,{USCC_1},璧山区\n"
                                      f"E2,重庆乙传感技术有限公司,{USCC_2},北碚区\n")
    write(tmp_path, "recognition_list.csv",
          "名单编号,名称,认定类别,认定级别,认定年度,认定批次,有效期至,认定机构\n"
          "cq-zjtx-2025-1,2025年重庆市专精特新中小企业名单（第一批）（示例）,专精特新,市级,2025,1,2028-06-30,"
          "重庆市经济和信息化委员会\n"
          "cn-xjr-2024-6,第六批专精特新“小巨人”企业名单（示例）,小巨人,国家级,2024,6,,工业和信息化部\n")
    write(tmp_path, "recognised.csv", "企业编号,名单编号,有效期至\nE1,cq-zjtx-2025-1,\nE2,cn-xjr-2024-6,2027-12-31\n"
                                      "E9,cn-xjr-2024-6,\n")
    report = ingest(store, tmp_path)
    assert list(reasons(report)) == [("recognised.csv", 4, "start")]  # E9 is not in the store
    municipal = store.get_node("cq-zjtx-2025-1")
    assert municipal is not None
    expected = {"programme": "specialised_sme", "level": "municipal", "year": 2025, "batch": 1,
                "valid_until": "2028-06-30"}
    assert {k: municipal.properties.get(k) for k in expected} == expected
    giant = store.get_node("cn-xjr-2024-6")
    assert giant is not None and giant.properties["programme"] == "little_giant"
    assert giant.properties["level"] == "national"
    _, edges = store.subgraph(["E2", "cn-xjr-2024-6"])
    [recognised] = [e for e in edges if e.type == "RECOGNISED"]
    assert recognised.properties["valid_until"] == "2027-12-31"


def test_a_school_carries_its_code_and_a_technical_school_its_grade(store: GraphStore, tmp_path: Path) -> None:
    write(tmp_path, "school.csv", "学校编号,学校名称,所在区县,学校类型,学校标识码,技工院校层次\n"
                                  "S1,重庆示例技师学院,江津区,technical_school,4150010001,技师学院\n"
                                  "S2,重庆示例职业技术学院,永川区,higher_vocational,4150012345,高级技工学校\n"
                                  "S3,重庆示例高级技工学校,万州区,technical_school,41500,高级技工学校\n")
    problems = reasons(ingest(store, tmp_path))
    assert set(problems) == {("school.csv", 3, ""), ("school.csv", 4, "school_code")}, problems
    assert "is for a school of type technical_school" in problems[("school.csv", 3, "")]
    s1 = store.get_node("S1")
    assert s1 is not None and (s1.properties["school_code"], s1.properties["technical_grade"]) == (
        "4150010001", "technician_college")
