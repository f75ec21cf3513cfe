"""`skillgraph ingest`: a summary table, the JSON report, and exit 0 (all loaded) / 1 (some rejected) / 2 (usage)."""

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from app.cli import app
from tests.ingest.support import USCC_1, Backend, added_counts, write

TEMPLATES = Path(__file__).resolve().parents[2] / "ingest" / "templates"
runner = CliRunner()


@pytest.fixture(autouse=True)
def _credentials(backend: Backend, monkeypatch: pytest.MonkeyPatch) -> None:
    for key, value in backend.env().items():
        if key.startswith("NEO4J_"):
            monkeypatch.setenv(key, value)


def test_exit_0_when_every_row_loads(backend: Backend) -> None:
    result = runner.invoke(app, ["ingest", str(TEMPLATES), "--store", backend.uri("g")])
    assert result.exit_code == 0, result.output
    assert "35 file(s): 35 rows read, 35 loaded, 0 rejected, 0 file(s) refused" in result.output
    store = backend.open("g")
    try:
        assert added_counts(store)["Enterprise"] == 1
    finally:
        store.close()


def test_exit_1_when_a_row_is_rejected_and_the_good_rows_still_load(backend: Backend, tmp_path: Path) -> None:
    data = tmp_path / "data"
    write(data, "enterprise.csv", f"id,name_zh,uscc,district\nE1,重庆甲,{USCC_1},wanzhou\nE2,重庆乙,{USCC_1},火星\n")
    report = tmp_path / "report.json"
    result = runner.invoke(app, ["ingest", str(data), "--store", backend.uri("g"), "--report", str(report)])
    assert result.exit_code == 1, result.output
    assert "row 3 · district: unknown district '火星'" in result.output
    saved = json.loads(report.read_text(encoding="utf-8"))
    assert saved["summary"] == {"files": 1, "files_rejected": 0, "rows_read": 2, "rows_loaded": 1, "rows_rejected": 1}
    store = backend.open("g")
    try:
        assert store.get_node("E1") is not None and store.get_node("E2") is None
    finally:
        store.close()


def test_a_dry_run_exits_like_a_real_one_and_writes_nothing(backend: Backend, tmp_path: Path) -> None:
    write(tmp_path, "enterprise.csv", f"id,name_zh,uscc,district\nE1,重庆甲,{USCC_1},wanzhou\n")
    result = runner.invoke(app, ["ingest", str(tmp_path), "--store", backend.uri("g"), "--dry-run"])
    assert result.exit_code == 0, result.output
    assert "dry run: nothing written" in result.output
    assert "1 file(s): 1 rows read, 1 valid, 0 rejected" in result.output
    store = backend.open("g")
    try:
        assert sum(store.counts().nodes.values()) == 0
    finally:
        store.close()


@pytest.mark.parametrize(
    "arguments",
    [["ingest"], ["ingest", "/no/such/folder"], ["ingest", str(TEMPLATES), "--store", "ftp://nowhere"]],
    ids=["no path", "a path that does not exist", "an unknown store URI"],
)
def test_exit_2_on_usage_errors(arguments: list[str], backend: Backend) -> None:
    result = runner.invoke(app, arguments)
    assert result.exit_code == 2, result.output


@pytest.mark.parametrize(
    ("arguments", "says"),
    [(["--initial", "--store", "memory://"], "--initial cannot take --store"),
     (["--initial", "--dry-run"], "--initial cannot take --dry-run"),
     (["--initial", "--replace", "enterprise"], "--initial cannot take --replace"),
     (["--data", "/tmp"], "add --initial")],
    ids=["initial with a store", "initial dry run", "initial replacing", "a Neo4j data folder without --initial"],
)
def test_exit_2_when_an_initial_load_is_asked_with_what_it_cannot_take(
    arguments: list[str], says: str, tmp_path: Path
) -> None:
    result = runner.invoke(app, ["ingest", str(tmp_path), *arguments])
    assert result.exit_code == 2, result.output
    assert says in " ".join(result.output.split()), result.output
