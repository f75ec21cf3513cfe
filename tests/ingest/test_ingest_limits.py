"""Uploads that would stall the service: each is refused quickly with the limit it broke named, and a file of
many bad rows keeps a short report."""

import io
import time
import zipfile
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from app.api import create_app
from app.api.auth import KeyStore
from app.settings import Settings
from ingest.job import KEPT_REJECTIONS
from ingest.readers import MAX_COLUMNS
from store import MemoryStore
from tests.ingest.support import USCC_1, file_errors, ingest, write, write_xlsx


def test_a_header_of_a_million_empty_columns_is_read_in_linear_time(tmp_path: Path) -> None:
    write(tmp_path, "enterprise.csv", "id,name_zh,uscc,district" + "," * 1_000_000
          + f"\nE1,重庆甲汽车零部件有限公司,{USCC_1},wanzhou\n")
    started = time.monotonic()
    report = ingest(MemoryStore(), tmp_path)
    assert time.monotonic() - started < 5  # the old trimming loop took minutes
    assert report.ok and report.summary()["rows_loaded"] == 1


def test_a_header_naming_too_many_columns_is_refused_naming_the_limit(tmp_path: Path) -> None:
    write(tmp_path, "enterprise.csv", "id," + ",".join(f"c{i}" for i in range(MAX_COLUMNS + 1)) + "\nE1,x\n")
    errors = file_errors(ingest(MemoryStore(), tmp_path))
    assert "MAX_COLUMNS" in errors["enterprise.csv"] and f"{MAX_COLUMNS + 2:,} columns" in errors["enterprise.csv"]


def test_a_zip_bomb_and_a_huge_shared_strings_part_are_refused_before_they_are_unpacked(tmp_path: Path) -> None:
    bomb = tmp_path / "enterprise.xlsx"
    with zipfile.ZipFile(bomb, "w", compression=zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/worksheets/sheet1.xml", b"\0" * (300 * 1024 * 1024))
    strings = tmp_path / "school.xlsx"
    with zipfile.ZipFile(strings, "w", compression=zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/sharedStrings.xml", b"<sst>" + b"a" * (80 * 1024 * 1024) + b"</sst>")
    started = time.monotonic()
    errors = file_errors(ingest(MemoryStore(), tmp_path))
    assert time.monotonic() - started < 5
    assert "MAX_XLSX_RATIO" in errors["enterprise.xlsx"]
    assert "MAX_SHARED_STRINGS" in errors["school.xlsx"]


def test_a_file_of_many_bad_rows_keeps_the_first_in_full_and_counts_them_all(tmp_path: Path) -> None:
    rows = "\n".join(f"E{i},名称{i},not-a-code,wanzhou" for i in range(KEPT_REJECTIONS + 500))
    write(tmp_path, "enterprise.csv", "id,name_zh,uscc,district\n" + rows + "\n")
    report = ingest(MemoryStore(), tmp_path)
    [f] = report.files
    assert f.rows_rejected == KEPT_REJECTIONS + 500 and len(f.rejections) == KEPT_REJECTIONS
    assert sum(f.rejected_by.values()) == KEPT_REJECTIONS + 500 and len(f.rejected_by) == 1


@pytest.fixture
def admin_client(tmp_path: Path) -> tuple[TestClient, str]:
    keys = KeyStore(tmp_path / "keys.db")
    key, _ = keys.create("admin", "admin")
    settings = Settings(store="memory://", max_upload_rows=1_000, max_upload_mb=2)
    return TestClient(create_app(settings, store=MemoryStore(), keys=keys)), key


def test_an_upload_over_the_row_limit_is_refused_before_a_row_is_read(
    admin_client: tuple[TestClient, str], tmp_path: Path
) -> None:
    client, key = admin_client
    xlsx = write_xlsx(tmp_path, "enterprise.xlsx", [["id", "name_zh"], *([f"E{i}", "x"] for i in range(2_000))])
    csv = b"id,name_zh\n" + b"".join(f"E{i},x\n".encode() for i in range(2_000))
    good = b"id,name_zh,district\ns1,\xe5\xad\xa6\xe6\xa0\xa1,wanzhou\n"
    with client:
        for name, body in (("enterprise.xlsx", xlsx.read_bytes()), ("enterprise.csv", csv)):
            for dry_run in ("true", "false"):
                r = client.post(f"/api/v1/ingest?dry_run={dry_run}", headers={"Authorization": f"Bearer {key}"},
                                files=[("files", ("school.csv", good)), ("files", (name, body))])
                problem = r.json()
                assert r.status_code == 413 and problem["type"] == "/problems/over-limit", problem
                assert problem["detail"].startswith(f"{name}: the file has 2,000 data rows; at most 1,000")
                assert "SKILLGRAPH_MAX_UPLOAD_ROWS" in problem["detail"]
        # refused as a whole: the good file of the upload did not load either
        assert client.get("/api/v1/entities/s1", headers={"Authorization": f"Bearer {key}"}).status_code == 404


def test_uploads_too_big_or_named_twice_are_refused_with_a_clear_problem(admin_client: tuple[TestClient, str]) -> None:
    client, key = admin_client
    auth = {"Authorization": f"Bearer {key}"}
    with client:
        big = client.post("/api/v1/ingest", files={"files": ("enterprise.csv", io.BytesIO(b"x" * (3 << 20)))},
                          headers=auth)
        assert big.status_code == 413 and "SKILLGRAPH_MAX_UPLOAD_MB" in big.json()["detail"]
        twice = client.post("/api/v1/ingest", headers=auth, files=[
            ("files", ("enterprise.csv", b"id,name_zh\nE1,x\n")), ("files", ("enterprise.csv", b"id,name_zh\nE2,y\n"))])
        assert twice.status_code == 400 and "both named 'enterprise.csv'" in twice.json()["detail"]


def test_a_single_line_of_fifty_megabytes_is_a_clear_problem_not_a_stall(tmp_path: Path) -> None:
    big = "x" * (50 * 1024 * 1024)
    write(tmp_path / "a", "enterprise.csv", big)  # one line, no newline: a header of one enormous name
    write(tmp_path / "b", "enterprise.csv", f"id,name_zh,uscc,district\nE1,{big},{USCC_1},wanzhou\n"
                                            f"E2,重庆乙公司,{USCC_1[:-1]}X,wanzhou\n")
    started = time.monotonic()
    header_only = file_errors(ingest(MemoryStore(), tmp_path / "a"))
    report = ingest(MemoryStore(), tmp_path / "b")
    assert time.monotonic() - started < 10
    assert "no data rows" in header_only["enterprise.csv"] or "column" in header_only["enterprise.csv"]
    [f] = report.files
    assert f.rows_rejected == 2 and {(r.row, r.field) for r in f.rejections} >= {(2, "name_zh")}


def test_a_workbook_whose_dimension_understates_its_rows_is_still_refused_before_a_row_is_read(
    admin_client: tuple[TestClient, str], tmp_path: Path
) -> None:
    client, key = admin_client
    rows = "".join(f'<row r="{i}"><c r="A{i}" t="inlineStr"><is><t>E{i}</t></is></c></row>' for i in range(2, 3_002))
    sheet = ('<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><dimension ref="A1:B2"/>'
             '<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>id</t></is></c></row>' + rows
             + "</sheetData></worksheet>")
    template = write_xlsx(tmp_path, "template.xlsx", [["id"], ["E1"]])
    lying = tmp_path / "enterprise.xlsx"
    with zipfile.ZipFile(template) as src, zipfile.ZipFile(lying, "w", zipfile.ZIP_DEFLATED) as out:
        for part in src.infolist():
            out.writestr(part, sheet if part.filename == "xl/worksheets/sheet1.xml" else src.read(part))
    with client:
        r = client.post("/api/v1/ingest", files={"files": ("enterprise.xlsx", lying.read_bytes())},
                        headers={"Authorization": f"Bearer {key}"})
    assert r.status_code == 413 and "3,000 data rows" in r.json()["detail"], r.json()
