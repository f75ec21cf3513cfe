"""The bad-input corpus: each bad row sits between good ones; the good rows load, the bad one is reported.

Every case states by hand which ids must be in the store afterwards, which relationships, and which
(file, row, field) were rejected with which words in the reason. Runs on both stores.
"""

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from store import GraphStore
from tests.ingest.support import (
    USCC_1,
    USCC_2,
    USCC_3,
    added_counts,
    edge_properties,
    edges_from,
    file_errors,
    ingest,
    reasons,
    write,
    write_xlsx,
)

ENTERPRISE_HEADER = "id,name_zh,uscc,district"
E1 = f"E1,重庆甲汽车零部件有限公司,{USCC_1},wanzhou"
E2 = f"E2,重庆乙电子有限公司,{USCC_2},jiulongpo"
E3 = f"E3,重庆丙材料有限公司,{USCC_3},jiangjin"
SCHOOLS = "id,name_zh,district,school_type\nS1,重庆示例职业技术学院,shapingba,higher_vocational\n"
CHAIN = "id,name_zh\nCH1,示例汽车产教评技能生态链\n"
DEMANDS_HEADER = "start,end,headcount,skill_level,year"
D1, D2, D3 = "E1,6-22-02-01,10,senior_worker,2025", "E2,6-22-02-01,4,technician,2025", "E3,6-22-02-02,7,3,2025"
J1 = '{"start": "E1", "end": "6-22-02-01", "headcount": 10, "skill_level": "senior_worker", "year": 2025}'
J3 = '{"start": "E3", "end": "6-22-02-02", "headcount": 7, "skill_level": 3, "year": 2025}'


def lines(*rows: str) -> str:
    return "\n".join(rows) + "\n"


GOOD_ENTERPRISES = lines(ENTERPRISE_HEADER, E1, E2, E3)


@dataclass(frozen=True)
class Xlsx:
    rows: list[list[Any]]
    merge: str | None = None
    empty_first_sheet: bool = False


@dataclass
class Case:
    files: dict[str, str | bytes | Xlsx]
    nodes: dict[str, set[str]]
    """Kind → exactly the ids of that kind the files add."""
    rejections: dict[tuple[str, int, str], str] = field(default_factory=dict)
    """(file, row, field) → words the reason must contain; exactly these rows and fields are rejected."""
    file_errors: dict[str, str] = field(default_factory=dict)
    relationships: dict[str, int] = field(default_factory=dict)
    """Type → how many the files add beyond the reference graph (derived ones included)."""
    absent: tuple[str, ...] = ()
    """Ids that must not have become enterprises or schools."""
    properties: dict[str, dict[str, Any]] = field(default_factory=dict)
    """Id → properties its node must have."""

    def write(self, folder: Path) -> None:
        for name, content in self.files.items():
            if isinstance(content, Xlsx):
                write_xlsx(folder, name, content.rows, merge=content.merge, empty_first_sheet=content.empty_first_sheet)
            else:
                write(folder, name, content)


ALL_THREE = {"Enterprise": {"E1", "E2", "E3"}}
E1_E3 = {"Enterprise": {"E1", "E3"}}
SCHOOL_ONLY = {"School": {"S1"}}
ENTERPRISE_XLSX = [["id", "name_zh", "uscc", "district"], ["E1", "重庆甲汽车零部件有限公司", USCC_1, "wanzhou"]]

CASES: dict[str, Case] = {
    "wrong check character": Case(
        {"enterprise.csv": lines(ENTERPRISE_HEADER, E1, f"E2,重庆乙电子有限公司,{USCC_2[:17]}X,jiulongpo", E3)},
        E1_E3, {("enterprise.csv", 3, "uscc"): "check character is 'X', expected 'K'"},
        relationships={"LOCATED_IN": 2}, absent=("E2",),
    ),
    "unknown district": Case(
        {"enterprise.csv": lines(ENTERPRISE_HEADER, E1, f"E2,重庆乙电子有限公司,{USCC_2},火星区", E3)},
        E1_E3, {("enterprise.csv", 3, "district"): "unknown district '火星区'"}, absent=("E2",),
    ),
    "unknown occupation code": Case(
        {"enterprise.csv": GOOD_ENTERPRISES,
         "demands.csv": lines(DEMANDS_HEADER, D1, "E2,9-99-99-99,4,technician,2025", D3)},
        ALL_THREE, {("demands.csv", 3, "end"): "occupation '9-99-99-99' is not in the 2022 classification"},
        relationships={"DEMANDS": 2, "LOCATED_IN": 3},
    ),
    "negative headcount": Case(
        {"enterprise.csv": GOOD_ENTERPRISES,
         "demands.csv": lines(DEMANDS_HEADER, D1, "E2,6-22-02-01,-5,technician,2025", D3)},
        ALL_THREE, {("demands.csv", 3, "headcount"): "between 0 and 1,000,000, got -5"},
        relationships={"DEMANDS": 2},
    ),
    "non-numeric headcount": Case(
        {"enterprise.csv": GOOD_ENTERPRISES,
         "demands.csv": lines(DEMANDS_HEADER, D1, "E2,6-22-02-01,十人,technician,2025", D3)},
        ALL_THREE, {("demands.csv", 3, "headcount"): "expected a whole number, got '十人'"},
        relationships={"DEMANDS": 2},
    ),
    "duplicate id with conflicting data": Case(
        {"enterprise.csv": lines(ENTERPRISE_HEADER, E1, E2, f"E1,重庆甲汽车有限公司,{USCC_1},wanzhou", E1, E3)},
        ALL_THREE, {("enterprise.csv", 4, "id"): "already given in enterprise.csv row 2 with different data "
                    "(name_zh: '重庆甲汽车零部件有限公司' there, '重庆甲汽车有限公司' here)"},
    ),
    "missing required column": Case(
        {"enterprise.csv": lines("id,name_zh,district", "E1,重庆甲汽车零部件有限公司,wanzhou"), "school.csv": SCHOOLS},
        SCHOOL_ONLY, file_errors={"enterprise.csv": "missing required column 'uscc' (or 统一社会信用代码"},
        absent=("E1",),
    ),
    "wrong encoding (undecodable bytes)": Case(
        {"enterprise.csv": f"{ENTERPRISE_HEADER}\nE1,".encode() + b"\xff\xfe\x80\x81" + f",{USCC_1},wanzhou\n".encode(),
         "school.csv": SCHOOLS},
        SCHOOL_ONLY, file_errors={"enterprise.csv": "cannot be decoded as UTF-8 (byte 0xff on line 2)"},
        absent=("E1",),
    ),
    "UTF-8 with BOM loads": Case(
        {"enterprise.csv": "\ufeff" + GOOD_ENTERPRISES}, ALL_THREE,
        properties={"E1": {"id": "E1", "name_zh": "重庆甲汽车零部件有限公司"}},
    ),
    "GB18030 loads": Case(
        {"enterprise.csv": lines("编号,企业名称,统一社会信用代码,所在区县",
                                 f"E1,重庆甲汽车零部件有限公司,{USCC_1},万州区",
                                 f"E2,重庆乙电子有限公司,{USCC_2},九龙坡区").encode("gb18030")},
        {"Enterprise": {"E1", "E2"}}, relationships={"LOCATED_IN": 2},
        properties={"E1": {"name_zh": "重庆甲汽车零部件有限公司", "district": "wanzhou"},
                    "E2": {"name_zh": "重庆乙电子有限公司", "district": "jiulongpo"}},
    ),
    "a double quote never closed: the rows before it load": Case(
        {"enterprise.csv": lines(ENTERPRISE_HEADER, E1, f'E2,"重庆乙电子有限公司,{USCC_2},jiulongpo', E3)},
        {"Enterprise": {"E1"}}, relationships={"LOCATED_IN": 1}, absent=("E2", "E3"),
        file_errors={"enterprise.csv": "row 3 cannot be parsed: the double quote opening column B is never closed, "
                                       "so lines 3–4 would be one value"},
    ),
    "empty file": Case(
        {"enterprise.csv": "", "school.csv": SCHOOLS}, SCHOOL_ONLY, file_errors={"enterprise.csv": "the file is empty"},
    ),
    "header only": Case(
        {"school.csv": "id,name_zh,district,school_type\n", "enterprise.csv": GOOD_ENTERPRISES},
        ALL_THREE, file_errors={"school.csv": "has a header (row 1) but no data rows"},
    ),
    "extra unknown columns are ignored with a warning": Case(
        {"enterprise.csv": lines(f"{ENTERPRISE_HEADER},备注,emploees", f"{E1},备注一,5", f"{E2},,", f"{E3},x,7")},
        ALL_THREE,
    ),
    "merged header cells in XLSX": Case(
        {"enterprise.xlsx": Xlsx([["企业信息", None, "uscc", "district"], ENTERPRISE_XLSX[1]], merge="A1:B1"),
         "school.csv": SCHOOLS},
        SCHOOL_ONLY, file_errors={"enterprise.xlsx": "the header (row 1) has merged cells A1:B1"}, absent=("E1",),
    ),
    "a formula in XLSX never computed: its row is rejected, not read as empty cells": Case(
        {"enterprise.xlsx": Xlsx([[*ENTERPRISE_XLSX[0], "employees"], [*ENTERPRISE_XLSX[1], 300],
                                  ["E2", "重庆乙电子有限公司", USCC_2, "jiulongpo", "=170+3"],
                                  ["E3", "重庆丙材料有限公司", USCC_3, "jiangjin", 80]])},
        E1_E3, {("enterprise.xlsx", 3, ""): "cell E3 (employees) holds a formula (=170+3) that was never computed"},
        relationships={"LOCATED_IN": 2}, absent=("E2",),
    ),
    "a JSON true where a count goes": Case(
        {"enterprise.csv": GOOD_ENTERPRISES,
         "demands.jsonl": lines(J1, '{"start": "E2", "end": "6-22-02-01", "headcount": true, "skill_level": '
                                    '"technician", "year": 2025}', J3)},
        ALL_THREE, {("demands.jsonl", 2, "headcount"): "expected a whole number, got true"},
        relationships={"DEMANDS": 2},
    ),
    "skill level outside the ladder": Case(
        {"enterprise.csv": GOOD_ENTERPRISES,
         "demands.csv": lines(DEMANDS_HEADER, D1, "E2,6-22-02-01,4,九级工,2025", D3)},
        ALL_THREE, {("demands.csv", 3, "skill_level"): "skill level '九级工' is not on the eight-level ladder"},
        relationships={"DEMANDS": 2},
    ),
    "future founding date": Case(
        {"enterprise.csv": lines(f"{ENTERPRISE_HEADER},founded", f"{E1},2015-03-01", f"{E2},2999-01-01", f"{E3},")},
        E1_E3, {("enterprise.csv", 3, "founded"): "date 2999-01-01 is in the future"}, absent=("E2",),
    ),
    "relationship to a missing node": Case(
        {"enterprise.csv": GOOD_ENTERPRISES, "chain.csv": CHAIN,
         "member_of.csv": lines("start,end,link_role", "E1,CH1,industry", "E9,CH1,industry", "E2,CH1,industry")},
        {**ALL_THREE, "Chain": {"CH1"}},
        {("member_of.csv", 3, "start"): "start node 'E9' does not exist: no node has this id"},
        relationships={"MEMBER_OF": 2}, absent=("E9",),
    ),
    "a 10 MB single cell": Case(
        {"enterprise.csv": lines(ENTERPRISE_HEADER, E1, f"E2,{'A' * 10 * 1024 * 1024},{USCC_2},jiulongpo", E3)},
        E1_E3, {("enterprise.csv", 3, "name_zh"): "the cell holds 10,485,760 characters; at most 10,000 are "
                                                  "accepted (limit MAX_CELL_CHARS)"},
        absent=("E2",),
    ),
    "invalid enum (school_type)": Case(
        {"school.csv": lines("id,name_zh,district,school_type", "S1,重庆示例职业技术学院,shapingba,higher_vocational",
                             "S2,重庆示例学院,shapingba,college", "S3,重庆示例技工学校,shapingba,技工院校")},
        {"School": {"S1", "S3"}},
        {("school.csv", 3, "school_type"): "expected one of university (高等学校), higher_vocational"},
        absent=("S2",),
    ),
    "invalid boolean": Case(
        {"enterprise.csv": GOOD_ENTERPRISES,
         "demands.csv": lines(f"{DEMANDS_HEADER},shortage", f"{D1},是", "E2,6-22-02-01,4,technician,2025,maybe",
                              f"{D3},0")},
        ALL_THREE, {("demands.csv", 3, "shortage"): "expected a yes/no value: 是/否, true/false, 1/0 or yes/no"},
        relationships={"DEMANDS": 2},
    ),
    "invalid date format": Case(
        {"enterprise.csv": lines(f"{ENTERPRISE_HEADER},founded", f"{E1},2015-03-01", f"{E2},15/03/2020",
                                 f"{E3},2016/4/2")},
        E1_E3, {("enterprise.csv", 3, "founded"): "expected a date as YYYY-MM-DD"}, absent=("E2",),
    ),
    "lat/lng outside Chongqing": Case(
        {"enterprise.csv": lines(f"{ENTERPRISE_HEADER},lat,lng", f"{E1},30.8,108.4", f"{E2},39.9,116.4",
                                 f"{E3},29.3,106.3")},
        E1_E3, {
            ("enterprise.csv", 3, "lat"): "between 27.5 and 32.5 (Chongqing's latitudes), got 39.9",
            ("enterprise.csv", 3, "lng"): "between 105.0 and 110.5 (Chongqing's longitudes), got 116.4",
        }, absent=("E2",),
    ),
    "id with whitespace": Case(
        {"enterprise.csv": lines(ENTERPRISE_HEADER, E1, f"E 2,重庆乙电子有限公司,{USCC_2},jiulongpo", E3)},
        E1_E3, {("enterprise.csv", 3, "id"): "an id must not contain spaces"}, absent=("E 2",),
    ),
    "unknown cluster id": Case(
        {"enterprise.csv": lines(f"{ENTERPRISE_HEADER},cluster_ids", f"{E1},intelligent_connected_nev",
                                 f"{E2},intelligent_connected_nev;moon_mining", f"{E3},")},
        E1_E3, {("enterprise.csv", 3, "cluster_ids"): "unknown cluster 'moon_mining'"},
        relationships={"IN_CLUSTER": 1}, absent=("E2",),
    ),
    "relationship pair not allowed (MEMBER_OF from a District)": Case(
        {"enterprise.csv": GOOD_ENTERPRISES, "chain.csv": CHAIN,
         "member_of.csv": lines("start,end,link_role", "E1,CH1,industry", "wanzhou,CH1,industry", "E2,CH1,industry")},
        {**ALL_THREE, "Chain": {"CH1"}},
        {("member_of.csv", 3, "start"):
            "MEMBER_OF cannot go from a District to a Chain; allowed: Organisation → Chain"},
        relationships={"MEMBER_OF": 2},
    ),
    "malformed JSON line": Case(
        {"enterprise.csv": GOOD_ENTERPRISES,
         "demands.jsonl": lines(J1, '{"start": "E2", "end": "6-22-02-01", "headcount": 4,, "year": 2025}', "", J3)},
        ALL_THREE, {("demands.jsonl", 2, ""): "the line is not valid JSON: Expecting"},
        relationships={"DEMANDS": 2},
    ),
    "XLSX with an empty first sheet": Case(
        {"enterprise.xlsx": Xlsx(ENTERPRISE_XLSX, empty_first_sheet=True), "school.csv": SCHOOLS},
        SCHOOL_ONLY, file_errors={"enterprise.xlsx": "the first sheet '说明' is empty; data on other sheets (数据)"},
        absent=("E1",),
    ),
    "unknown file kind": Case(
        {"customers.csv": lines("id,name", "C1,客户"), "enterprise.csv": GOOD_ENTERPRISES},
        ALL_THREE, file_errors={"customers.csv": "does not say what the file holds"}, absent=("C1",),
    ),
    "a comma in an unquoted CSV value": Case(
        {"enterprise.csv": lines(ENTERPRISE_HEADER, E1, f"E2,重庆乙,电子有限公司,{USCC_2},jiulongpo", E3)},
        E1_E3, {("enterprise.csv", 3, ""): "a value in column E, beyond the header's 4 columns"}, absent=("E2",),
    ),
    "an id that exists with another kind": Case(
        {"enterprise.csv": lines(ENTERPRISE_HEADER, E1, f"wanzhou,重庆万州公司,{USCC_2},wanzhou", E3)},
        E1_E3, {("enterprise.csv", 3, "id"): "id 'wanzhou' already belongs to a District"},
    ),
    "the same relationship twice with different data": Case(
        {"enterprise.csv": GOOD_ENTERPRISES,
         "demands.csv": lines(DEMANDS_HEADER, D1, D2, "E1,6-22-02-01,12,senior_worker,2025", D1, D3)},
        ALL_THREE, {("demands.csv", 4, "start"): "this DEMANDS from 'E1' to '6-22-02-01' (senior_worker|2025) "
                    "was already given in demands.csv row 2 with different data; the earlier row is kept"},
        relationships={"DEMANDS": 3},
    ),
    "a JSON line without a required key": Case(
        {"enterprise.csv": GOOD_ENTERPRISES,
         "demands.jsonl": lines(J1, '{"start": "E2", "end": "6-22-02-01", "skill_level": "technician", "year": 2025}',
                                J3)},
        ALL_THREE, {("demands.jsonl", 2, "headcount"): "a value is required"}, relationships={"DEMANDS": 2},
    ),
}


@pytest.mark.parametrize("name", list(CASES))
def test_good_rows_load_and_the_bad_one_is_reported(name: str, store: GraphStore, tmp_path: Path) -> None:
    case = CASES[name]
    case.write(tmp_path)
    report = ingest(store, tmp_path)

    assert file_errors(report).keys() == case.file_errors.keys()
    for file, words in case.file_errors.items():
        assert words in file_errors(report)[file]
    got = reasons(report)
    assert got.keys() == case.rejections.keys()
    for key, words in case.rejections.items():
        assert words in got[key], got[key]
    for f in report.files:
        assert f.rows_read == f.rows_loaded + f.rows_rejected

    added = added_counts(store)
    for kind, ids in case.nodes.items():
        assert added.get(kind, 0) == len(ids), kind
        for node_id in ids:
            node = store.get_node(node_id)
            assert node is not None and node.kind == kind, node_id
    untouched_kinds = {"Enterprise", "School", "Chain"} - case.nodes.keys()
    assert all(added.get(kind, 0) == 0 for kind in untouched_kinds)
    for rel_type, n in case.relationships.items():
        assert added.get(rel_type, 0) == n, rel_type
    for node_id, expected in case.properties.items():
        node = store.get_node(node_id)
        assert node is not None
        assert {k: node.properties.get(k) for k in expected} == expected
    for node_id in case.absent:
        node = store.get_node(node_id)
        assert node is None or node.kind != "Enterprise"


def test_a_huge_cell_is_rejected_quickly(store: GraphStore, tmp_path: Path) -> None:
    CASES["a 10 MB single cell"].write(tmp_path)
    started = time.monotonic()
    report = ingest(store, tmp_path)
    assert time.monotonic() - started < 20
    (rejection,) = report.files[0].rejections
    assert len(rejection.value) == 200


def test_extra_columns_are_named_in_warnings_and_not_stored(store: GraphStore, tmp_path: Path) -> None:
    CASES["extra unknown columns are ignored with a warning"].write(tmp_path)
    report = ingest(store, tmp_path)
    assert report.ok
    (f,) = report.files
    assert "column '备注' is not a field of Enterprise: its values are ignored" in f.warnings
    assert "column 'emploees' is not a field of Enterprise: its values are ignored — did you mean 'employees'?" in (
        f.warnings
    )
    node = store.get_node("E1")
    assert node is not None
    assert "备注" not in node.properties and "emploees" not in node.properties and "employees" not in node.properties


def test_chinese_headers_and_values_load(store: GraphStore, tmp_path: Path) -> None:
    write(tmp_path, "enterprise.csv",
          "编号,企业名称,统一社会信用代码,所在区县,产业集群,成立日期,企业角色,员工人数,是否备案评价机构\n"
          f"E1,重庆甲汽车零部件有限公司,{USCC_1},万州区,intelligent_connected_nev；new_energy_storage,"
          "2015年3月1日,链主企业;specialised_sme,\"1,200\",是\n")
    write(tmp_path, "demands-2025.csv",
          "企业编号,职业编码,需求人数（人）,技能等级,年份,是否紧缺\nE1,6-22-02-01,10,高级工,2025年,是\n")
    report = ingest(store, tmp_path)
    assert report.ok, report.files
    node = store.get_node("E1")
    assert node is not None
    assert node.properties["district"] == "wanzhou"
    assert node.properties["cluster_ids"] == ["intelligent_connected_nev", "new_energy_storage"]
    assert node.properties["founded"] == "2015-03-01"
    assert node.properties["roles"] == ["chain_leader", "specialised_sme"]
    assert node.properties["employees"] == 1200
    assert node.properties["filed_evaluation_body"] is True
    demand = edge_properties(store, "E1", "DEMANDS", "6-22-02-01", "senior_worker|2025")
    assert (demand["headcount"], demand["skill_level"], demand["year"], demand["shortage"]) == (
        10, "senior_worker", 2025, True,
    )
    assert edges_from(store, "E1") >= {
        ("LOCATED_IN", "wanzhou", ""),
        ("IN_CLUSTER", "intelligent_connected_nev", ""),
        ("IN_CLUSTER", "new_energy_storage", ""),
    }


def test_xlsx_numbers_and_dates_load_as_the_model_expects(store: GraphStore, tmp_path: Path) -> None:
    import datetime as dt

    write_xlsx(tmp_path, "enterprise.xlsx", [
        ["id", "name_zh", "uscc", "district", "founded", "employees", "lat"],
        [1001, "重庆甲汽车零部件有限公司", USCC_1, 500101, dt.datetime(2015, 3, 1), 1200, 30.8],
        [None, None, None, None, None, None, None],
        [1002, "重庆乙电子有限公司", USCC_2, "九龙坡区", "2016-04-02", 80.0, None],
    ])
    report = ingest(store, tmp_path)
    assert report.ok, report.files
    e1, e2 = store.get_node("1001"), store.get_node("1002")
    assert e1 is not None and e2 is not None
    assert (e1.properties["district"], e1.properties["founded"], e1.properties["employees"]) == (
        "wanzhou", "2015-03-01", 1200,
    )
    assert e1.properties["source_row"] == 2
    assert e2.properties["source_row"] == 4
    assert e2.properties["employees"] == 80
