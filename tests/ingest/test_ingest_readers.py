"""Readers and column mapping on their own: row numbers as users see them, encodings, names and aliases."""

import hashlib
import zipfile
from pathlib import Path

import pytest

from ingest.columns import coerce, field_for, kind_for_file
from ingest.readers import FileError, UnreadableRow, open_source
from tests.ingest.support import write, write_xlsx

Rows = list[tuple[int, dict[str, object] | UnreadableRow]]


def read(path: Path) -> Rows:
    with open_source(path) as source:
        return list(source.rows)


def test_csv_rows_are_numbered_as_spreadsheet_rows(tmp_path: Path) -> None:
    # A quoted cell spanning two lines is one row; a blank line is an (empty, skipped) row.
    path = write(tmp_path, "x.csv", 'id,name_zh\nA,"two\nlines"\n\nB,b\n')
    assert read(path) == [(2, {"id": "A", "name_zh": "two\nlines"}), (4, {"id": "B", "name_zh": "b"})]


@pytest.mark.parametrize("end", ["\n", ""])
def test_a_quote_never_closed_is_a_file_error_after_the_rows_before_it(tmp_path: Path, end: str) -> None:
    """An unclosed double quote makes the rest of the file one value: refused from that row on, naming it and the
    lines it swallowed (before: the row was read with the next rows inside a cell, and they were lost unsaid)."""
    path = write(tmp_path, "x.csv", 'id,name_zh\nA,a\nB,"b\nC,c\nD,d' + end)
    with open_source(path) as source:
        rows = source.rows
        assert next(rows) == (2, {"id": "A", "name_zh": "a"})
        with pytest.raises(FileError) as caught:
            next(rows)
    assert str(caught.value) == ("row 3 cannot be parsed: the double quote opening column B is never closed, so "
                                 "lines 3–5 would be one value; the rows after it were not read")


@pytest.mark.parametrize("end", ["\n", ""])
def test_a_quoted_value_over_lines_at_the_end_of_a_file_is_read(tmp_path: Path, end: str) -> None:
    path = write(tmp_path, "x.csv", 'id,name_zh\nA,a\nB,"b\n""c"",\nd"' + end)
    assert read(path) == [(2, {"id": "A", "name_zh": "a"}), (3, {"id": "B", "name_zh": 'b\n"c",\nd'})]


def test_xlsx_rows_are_numbered_as_sheet_rows(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path, "x.xlsx", [["id", "n"], ["A", 1], [None, None], ["B", 2]])
    assert read(path) == [(2, {"id": "A", "n": 1}), (4, {"id": "B", "n": 2})]


def test_an_xlsx_formula_without_a_computed_value_makes_its_row_unreadable(tmp_path: Path) -> None:
    """A workbook written by a program (openpyxl, a report generator) holds formulas Excel never computed: read as
    empty cells they would erase stored values (before: `=170+3` in employees cleared the firm's head count)."""
    path = write_xlsx(tmp_path, "x.xlsx", [["id", "employees", "name_zh"], ["A", 5, "a"], ["B", "=170+3", "b"],
                                           ["C", 7, "c"]])
    rows = read(path)
    assert rows[0] == (2, {"id": "A", "employees": 5, "name_zh": "a"})
    assert rows[2] == (4, {"id": "C", "employees": 7, "name_zh": "c"})
    number, row = rows[1]
    assert number == 3 and isinstance(row, UnreadableRow)
    assert row.reason == ("cell B3 (employees) holds a formula (=170+3) that was never computed, so its value is not "
                          "in the file: open and save the workbook in Excel or WPS, or write the value itself")
    assert row.text == "B,=170+3,b"


def test_formulas_excel_computed_are_read_as_their_values_even_an_empty_text(tmp_path: Path) -> None:
    """As Excel saves them: a number in `<v>`, and a formula giving "" as t="str" with an empty `<v>`."""
    made = write_xlsx(tmp_path, "made.xlsx", [["id", "note", "n"], ["A", '=IF(1,"","x")', 5], ["B", "=1+2", 6]])
    path = tmp_path / "x.xlsx"
    with zipfile.ZipFile(made) as source, zipfile.ZipFile(path, "w") as saved:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = (data.decode().replace('<c r="B2"><f>IF(1,"","x")</f><v /></c>',
                                              '<c r="B2" t="str"><f>IF(1,"","x")</f><v></v></c>')
                        .replace('<c r="B3"><f>1+2</f><v /></c>', '<c r="B3"><f>1+2</f><v>3</v></c>').encode())
            saved.writestr(item, data)
    assert read(path) == [(2, {"id": "A", "note": None, "n": 5}), (3, {"id": "B", "note": 3, "n": 6})]


def test_json_lines_are_numbered_by_line(tmp_path: Path) -> None:
    path = write(tmp_path, "x.jsonl", '{"id": "A"}\n\n[1, 2]\n{"id": "B"}\n')
    assert read(path) == [
        (1, {"id": "A"}),
        (3, UnreadableRow("expected one JSON object {...} per line, got a list", "[1, 2]")),
        (4, {"id": "B"}),
    ]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030"])
def test_csv_in_utf8_with_or_without_bom_or_gb18030_reads_the_same(tmp_path: Path, encoding: str) -> None:
    path = write(tmp_path, "x.csv", "编号,名称\nA,重庆市万州区\n", encoding=encoding)
    assert read(path) == [(2, {"编号": "A", "名称": "重庆市万州区"})]


def test_a_tab_separated_csv_is_read(tmp_path: Path) -> None:
    path = write(tmp_path, "x.csv", "id\tname_zh\nA\t甲,乙\n")
    assert read(path) == [(2, {"id": "A", "name_zh": "甲,乙"})]


def test_the_load_id_is_a_hash_of_the_file_bytes(tmp_path: Path) -> None:
    path = write(tmp_path, "x.csv", "id\nA\n")
    with open_source(path) as source:
        assert source.load_id == hashlib.sha256(b"id\nA\n").hexdigest()[:16]


def test_a_header_naming_a_column_twice_is_a_file_error(tmp_path: Path) -> None:
    path = write(tmp_path, "x.csv", "id,名称,名称\nA,b,c\n")
    with pytest.raises(FileError, match="names column '名称' twice \\(columns B and C\\)"):
        read(path)


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("enterprise.csv", "Enterprise"),
        ("enterprise-2025-jiangjin.xlsx", "Enterprise"),
        ("Enterprise_A.CSV", "Enterprise"),
        ("demands.jsonl", "DEMANDS"),
        ("part_of.2025.csv", "PART_OF"),
        ("partners_with.csv", "PARTNERS_WITH"),
        ("service_station.csv", "ServiceStation"),
        ("serves.csv", "SERVES"),
        ("enterprises.csv", None),
        ("企业.csv", None),
    ],
)
def test_the_file_name_says_the_kind(name: str, kind: str | None) -> None:
    assert kind_for_file(Path(name)) == kind


@pytest.mark.parametrize(
    ("kind", "header", "field"),
    [
        ("Enterprise", "统一社会信用代码", "uscc"),
        ("Enterprise", "单位名称", "name_zh"),
        ("Enterprise", "企业名称", "name_zh"),
        ("Enterprise", "名称*", "name_zh"),
        ("Enterprise", "所在区县", "district"),
        ("Enterprise", "Name ZH", "name_zh"),
        ("School", "类型", "school_type"),
        ("Platform", "类型", "kind"),
        ("DEMANDS", "职业编码", "end"),
        ("DEMANDS", "职业代码", "end"),
        ("DEMANDS", "企业编号", "start"),
        ("DEMANDS", "需求人数（人）", "headcount"),
        ("DEMANDS", "技能等级", "skill_level"),
        ("TRAINS", "技能等级", "levels"),
        ("DEMANDS", "年份", "year"),
        ("Occupation", "职业编码", "id"),
        ("Major", "专业代码", "major_code"),
        ("OFFERS", "专业代码", "end"),
        ("PART_OF", "职业编码", None),
        ("Enterprise", "备注", None),
    ],
)
def test_chinese_headers_map_to_fields(kind: str, header: str, field: str | None) -> None:
    assert field_for(kind, header) == field


def test_lists_split_on_either_semicolon_and_booleans_accept_chinese() -> None:
    from graph_model import Enterprise
    from graph_model.relationships import Demands

    assert coerce(Enterprise, "cluster_ids", " a；b; ;c ") == ["a", "b", "c"]
    assert coerce(Enterprise, "roles", "链主企业;specialised_sme") == ["chain_leader", "specialised_sme"]
    assert [coerce(Demands, "shortage", v) for v in ("是", "否", "TRUE", "0", 1, "")] == [True, False, True, False,
                                                                                          True, None]


def test_every_alias_in_the_data_format_doc_maps_to_its_field() -> None:
    import re

    from ingest.columns import FILE_KINDS

    doc = (Path(__file__).resolve().parents[2] / "docs" / "data-format.md").read_text(encoding="utf-8")
    table = doc.split("<!-- aliases")[1].split("<!-- /aliases -->")[0]
    checked = 0
    for line in table.splitlines()[3:]:
        fields_cell, aliases_cell = (c.strip() for c in line.strip("|").split("|"))
        fields = re.findall(r"`(\w+)`", fields_cell)
        groups = [g.strip() for g in aliases_cell.split(" / ")]
        pairs = list(zip(fields, groups, strict=True)) if len(groups) == len(fields) else [
            (f, groups[0]) for f in fields
        ]
        for field, group in pairs:
            for alias in group.split("、"):
                candidates = set(fields) if len(groups) != len(fields) else {field}
                assert any(field_for(kind, alias) in candidates for kind in set(FILE_KINDS.values())), (alias, field)
                checked += 1
    assert checked > 100
