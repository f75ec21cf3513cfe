"""Exports: every table an answer holds comes out as XLSX and CSV equal to the JSON answer, row for row.

The expected cells are built here from the JSON answer and the words of `GET /api/v1/vocabulary`
(a nested record's fields dotted, lists joined by "、", a closed list's words named), not by the
exporter's own code; the headers are the vocabulary's `field` names.
"""

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook

from store import MemoryStore
from tests.api.conftest import Keys, auth, client_on
from tests.ingest.support import USCC_1, USCC_2, USCC_3, USCC_4, ingest, write

TABLES = [
    # (url, the answer's table fields in order: the first is the CSV's)
    ("/api/v1/shortages?region=city", ["items"]),
    ("/api/v1/gaps?region=wanzhou", ["items"]),
    ("/api/v1/gaps/totals?by=district", ["items", "stations"]),
    ("/api/v1/deserts?region=city", ["items"]),
    ("/api/v1/chains", ["items"]),
    ("/api/v1/chains/c1/coverage", ["links", "members_by_link", "demand"]),
    ("/api/v1/stations/recommendations?k=2", ["items", "existing_stations"]),
    ("/api/v1/partners/c1", ["items"]),
    ("/api/v1/search?q=c", ["items"]),
]

WORD_LISTS = {
    "skill_level": "skill_level", "skill_levels": "skill_level", "demand_levels": "skill_level",
    "levels_matched": "skill_level", "link": "link_role", "link_role": "link_role", "missing_links": "link_role",
    "covered_links": "link_role", "priority_fields": "priority_field", "priority_field": "priority_field",
    "shortage_reason": "shortage_reason", "basis": "basis", "weighted_by": "weighted_by", "parts": "part",
    "kind": "kind",
}


@pytest.fixture(scope="module")
def words(client: TestClient, keys: Keys) -> dict[str, Any]:
    return client.get("/api/v1/vocabulary", headers=auth(keys.planner)).json()


def _with(url: str, **params: str) -> str:
    return url + ("&" if "?" in url else "?") + "&".join(f"{k}={v}" for k, v in params.items())


def _named(words: dict[str, Any], lang: str) -> dict[str, dict[str, str]]:
    return {name: {w["id"]: w[f"name_{lang}"] for w in lst} for name, lst in words.items()}


def _flat(row: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    """A JSON record's cells: nested records dotted, lists of records left out (they are tables of their own)."""
    cells: dict[str, Any] = {}
    for key, value in row.items():
        if isinstance(value, dict) and value and all(isinstance(v, list) for v in value.values()):
            continue
        if isinstance(value, dict):
            cells.update(_flat(value, f"{prefix}{key}."))
        elif isinstance(value, list) and value and isinstance(value[0], dict):
            continue
        else:
            cells[prefix + key] = value
    return cells


def _expected(value: Any, column: str, named: dict[str, dict[str, str]], lang: str, xlsx: bool = True) -> Any:
    leaf = column.rsplit(".", 1)[-1]
    words = named.get(WORD_LISTS.get(leaf, ""), {})
    if isinstance(value, list):
        return "、".join(words.get(v, str(v)) for v in value) if value else None
    if isinstance(value, str):
        return words.get(value, value)
    if isinstance(value, float) and xlsx:  # a spreadsheet keeps 15 significant digits
        return pytest.approx(value, rel=1e-14)
    return value


def _header(column: str, named: dict[str, dict[str, str]]) -> str:
    return "·".join(named["field"][part] for part in column.split("."))


def _rows(answer: dict[str, Any], field: str) -> list[dict[str, Any]]:
    value = answer[field]
    if isinstance(value, dict):  # members_by_link: the key is a column of its own
        return [{"link": key, **_flat(row)} for key, rows in value.items() for row in rows]
    return [_flat(row) for row in value]


@pytest.mark.parametrize(("url", "fields"), TABLES, ids=[u for u, _ in TABLES])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_each_tables_xlsx_equals_the_json_answer_row_for_row(
    client: TestClient, keys: Keys, words: dict[str, Any], url: str, fields: list[str], lang: str
) -> None:
    headers = auth(keys.planner)
    answer = client.get(url, headers=headers).json()
    got = client.get(_with(url, format="xlsx", lang=lang), headers=headers)
    assert got.status_code == 200, got.text
    assert got.headers["content-type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in got.headers["content-disposition"]
    book = load_workbook(io.BytesIO(got.content), read_only=True)
    sheets = book.sheetnames
    assert len(sheets) >= 1 + len(fields)
    named = _named(words, lang)
    for i, field in enumerate(fields):
        rows = _rows(answer, field)
        sheet = [list(r) for r in book[sheets[1 + i]].iter_rows(values_only=True)]
        header, body = sheet[0], [r + [None] * (len(sheet[0]) - len(r)) for r in sheet[1:]]  # trailing blanks
        assert len(body) == len(rows), (field, len(body), len(rows))
        columns = list(rows[0]) if rows else None
        if columns is not None:
            assert header == [_header(c, named) for c in columns], field
        for row, cells in zip(rows, body, strict=True):
            assert cells == [_expected(row[c], c, named, lang) for c in row], field


@pytest.mark.parametrize(("url", "fields"), TABLES, ids=[u for u, _ in TABLES])
def test_each_tables_csv_is_its_main_table(
    client: TestClient, keys: Keys, words: dict[str, Any], url: str, fields: list[str]
) -> None:
    headers = auth(keys.planner)
    answer = client.get(url, headers=headers).json()
    got = client.get(_with(url, format="csv"), headers=headers)
    assert got.status_code == 200 and got.headers["content-type"].startswith("text/csv")
    assert got.content.startswith("\ufeff".encode())
    rows = _rows(answer, fields[0])
    parsed = list(csv.reader(io.StringIO(got.content.decode("utf-8-sig"))))
    assert len(parsed) == 1 + len(rows)
    named = _named(words, "zh")

    def text(v: Any) -> str:
        return "" if v is None else json.dumps(v) if isinstance(v, bool) else str(v)

    for row, cells in zip(rows, parsed[1:], strict=True):
        assert cells == [text(_expected(row[c], c, named, "zh", xlsx=False)) for c in row]


def test_the_first_sheet_says_what_was_asked_and_of_which_data(client: TestClient, keys: Keys) -> None:
    got = client.get("/api/v1/shortages", params={"region": "city", "format": "xlsx", "limit": 5},
                     headers=auth(keys.planner))
    about = [r for r in load_workbook(io.BytesIO(got.content), read_only=True)["说明"].iter_rows(values_only=True)]
    assert about[0][0] == "紧缺职业排行"
    labels = {r[0]: r[1] for r in about if r and len(r) > 1}
    assert labels["查询"] == "region=city&format=xlsx&limit=5"
    assert labels["数据版本"] and labels["生成时间"]
    assert labels["区域·类型"] == "全市"


def test_english_headers_and_words(client: TestClient, keys: Keys) -> None:
    got = client.get("/api/v1/chains/c1/coverage", params={"format": "csv", "lang": "en"}, headers=auth(keys.planner))
    header, *rows = list(csv.reader(io.StringIO(got.content.decode("utf-8-sig"))))
    assert header[:2] == ["Link", "Members"]
    assert {r[0] for r in rows} == {"Industry", "Teaching", "Training", "Evaluation", "Employment"}


def test_a_chain_leaders_export_holds_only_its_own_chain(client: TestClient, keys: Keys) -> None:
    own = client.get("/api/v1/chains", params={"format": "xlsx"}, headers=auth(keys.leader_c1))
    cells = {str(c) for sheet in load_workbook(io.BytesIO(own.content), read_only=True)
             for row in sheet.iter_rows(values_only=True) for c in row if c is not None}
    assert "c1" in cells and not {"c2", "c3"} & cells
    foreign = client.get("/api/v1/chains/c2/coverage", params={"format": "xlsx"}, headers=auth(keys.leader_c1))
    assert foreign.status_code == 404 and foreign.headers["content-type"] == "application/problem+json"


def test_an_unknown_format_is_refused_with_the_formats_named(client: TestClient, keys: Keys) -> None:
    got = client.get("/api/v1/shortages", params={"format": "pdf"}, headers=auth(keys.planner))
    assert got.status_code == 422
    assert "json" in got.text and "xlsx" in got.text and "csv" in got.text


FORMULA_LIKE = ["=HYPERLINK(\"http://x\",\"看这里\")", "+cmd|' /C calc'!A0", "@SUM(1)", "-2+3"]


def test_a_value_that_looks_like_a_formula_comes_out_as_text(tmp_path: Path) -> None:
    """Names are the data's (a register may hold anything): in a workbook they are text cells, never formulas, and in
    CSV they start with an apostrophe, so Excel and WPS show them and run nothing (before: live formulas)."""
    def load_data(store: MemoryStore) -> None:
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(["id", "name_zh", "uscc", "district"])
        for i, (name, code) in enumerate(zip(FORMULA_LIKE, (USCC_1, USCC_2, USCC_3, USCC_4), strict=True)):
            writer.writerow([f"F{i}", name, code, "wanzhou"])
        write(tmp_path / "data", "enterprise.csv", out.getvalue())
        assert ingest(store, tmp_path / "data").ok

    with client_on(MemoryStore(), tmp_path, load_data) as (client, keys):
        headers = auth(keys.planner)
        for i, name in enumerate(FORMULA_LIKE):
            url = f"/api/v1/search?q=F{i}&kind=Enterprise"
            assert [item["name_zh"] for item in client.get(url, headers=headers).json()["items"]] == [name]
            book = load_workbook(io.BytesIO(client.get(url + "&format=xlsx", headers=headers).content))
            [cell] = [c for row in book.worksheets[1].iter_rows() for c in row if c.value == name]
            assert cell.data_type == "s", name
            text = client.get(url + "&format=csv", headers=headers).content.decode("utf-8-sig")
            header, row = list(csv.reader(io.StringIO(text)))
            assert dict(zip(header, row, strict=True))[header[3]] == "'" + name, header
