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
    with client:
        for name, body in (("enterprise.xlsx", xlsx.read_bytes()), ("enterprise.csv", csv)):
            r = client.post("/api/v1/ingest?dry_run=true", files={"files": (name, body)},
                            headers={"Authorization": f"Bearer {key}"})
            assert r.status_code == 200
            [f] = r.json()["files"]
            assert f["rows_read"] == 0 and "SKILLGRAPH_MAX_UPLOAD_ROWS" in f["error"], f


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
