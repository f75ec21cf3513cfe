"""Every load is recorded with the data: when, by whom, its files with their hashes, and what it wrote; the
history lists newest first in the CLI (`skillgraph loads list|show`) and the API (`GET /api/v1/loads`)."""

from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from analyses.loads import get_load, list_loads
from app.api import create_app
from app.api.auth import KeyStore
from app.cli import app
from store import GraphStore, MemoryStore
from tests.ingest.support import USCC_1, USCC_2, USCC_3, Backend, ingest, write

HEADER = "id,name_zh,uscc,district,employees\n"


def two_loads(store: GraphStore, tmp_path: Path) -> tuple[str, str]:
    write(tmp_path / "a", "enterprise.csv", HEADER + f"E1,重庆甲公司,{USCC_1},wanzhou,300\n"
                                                    f"E2,重庆乙公司,{USCC_2},fengjie,120\n")
    first = ingest(store, tmp_path / "a")
    # E1 moves, E3 is new, one row is bad
    write(tmp_path / "b", "enterprise.csv", HEADER + f"E1,重庆甲公司,{USCC_1},yuzhong,300\n"
                                                    f"E3,重庆丙公司,{USCC_3},wanzhou,\n"
                                                    f"E4,重庆丁公司,{USCC_3[:-1]}X,wanzhou,\n")
    second = ingest(store, tmp_path / "b")
    assert first.load is not None and second.load is not None
    return first.load, second.load


def test_each_load_is_recorded_with_its_files_and_what_it_wrote(store: GraphStore, tmp_path: Path) -> None:
    first, second = two_loads(store, tmp_path)
    write(tmp_path / "c", "enterprise.csv", HEADER + f"E9,重庆戊公司,{USCC_3},wanzhou,\n")
    assert ingest(store, tmp_path / "c", dry_run=True).load is None  # a dry run is not a load
    page = list_loads(store)
    assert [r.id for r in page.items] == [second, first] and page.total == 2
    a, b = get_load(store, first), get_load(store, second)
    assert a.by == b.by == "cli"
    assert (a.counts.nodes_added, a.counts.nodes_changed, a.counts.relationships_written) == (2, 0, 2)
    assert (b.counts.nodes_added, b.counts.nodes_changed, b.counts.rows_rejected) == (1, 1, 1)
    assert b.counts.relationships_removed == 1  # E1's LOCATED_IN wanzhou, replaced by yuzhong
    [f] = b.files
    assert (f.file, f.kind, f.rows_read, f.rows_loaded, f.rows_rejected) == ("enterprise.csv", "Enterprise", 3, 2, 1)
    e1 = store.get_node("E1")
    assert e1 is not None and e1.properties["load_id"] == f.load_id  # what it wrote carries its file's hash


def test_a_node_counts_as_changed_only_when_its_data_changes(store: GraphStore, tmp_path: Path) -> None:
    """The same files again change nothing, and say so; one field edited is one node changed (before: every stored
    node a load wrote counted as changed)."""
    two_loads(store, tmp_path)
    again = ingest(store, tmp_path / "b")
    write(tmp_path / "d", "enterprise.csv", HEADER + f"E1,重庆甲公司,{USCC_1},yuzhong,301\n"
                                                    f"E3,重庆丙公司,{USCC_3},wanzhou,\n")
    edited = ingest(store, tmp_path / "d")
    counts = {r.id: r.counts for r in list_loads(store).items}
    assert (counts[again.load].nodes_added, counts[again.load].nodes_changed) == (0, 0)
    assert (counts[edited.load].nodes_added, counts[edited.load].nodes_changed) == (0, 1)


def test_the_history_survives_a_restart_of_the_embedded_store(tmp_path: Path) -> None:
    store = MemoryStore(tmp_path / "graph.db")
    first, second = two_loads(store, tmp_path)
    store.close()
    again = MemoryStore(tmp_path / "graph.db")
    assert [r.id for r in list_loads(again).items] == [second, first]
    again.compact()  # a snapshot keeps it too
    assert [r.id for r in list_loads(MemoryStore(tmp_path / "graph.db")).items] == [second, first]


def test_the_api_lists_loads_for_analysts_and_admins_only_and_records_who_uploaded(
    store: GraphStore, tmp_path: Path
) -> None:
    first, _ = two_loads(store, tmp_path)
    keys = KeyStore(tmp_path / "keys.db")
    admin, analyst = keys.create("数据管理员", "admin")[0], keys.create("analyst", "analyst")[0]
    planner, leader = keys.create("planner", "planner")[0], keys.create("leader", "chain_leader", ["c1"])[0]
    with TestClient(create_app(store=store, keys=keys)) as client:
        r = client.post("/api/v1/ingest", headers={"Authorization": f"Bearer {admin}"},
                        files={"files": ("school.csv", "id,name_zh,district\ns1,学校,wanzhou\n".encode())})
        uploaded = r.json()["load"]
        page = client.get("/api/v1/loads", headers={"Authorization": f"Bearer {analyst}"}).json()
        assert page["total"] == 3 and page["items"][0]["id"] == uploaded
        assert page["items"][0]["by"] == "api: 数据管理员 (admin)"
        one = client.get(f"/api/v1/loads/{first}", headers={"Authorization": f"Bearer {admin}"})
        assert one.status_code == 200 and one.json()["counts"]["nodes_added"] == 2
        assert client.get("/api/v1/loads/nope", headers={"Authorization": f"Bearer {admin}"}).status_code == 404
        for key in (planner, leader):
            assert client.get("/api/v1/loads", headers={"Authorization": f"Bearer {key}"}).status_code == 403


@pytest.fixture(autouse=True)
def _credentials(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    if "backend" in request.fixturenames:
        for key, value in request.getfixturevalue("backend").env().items():
            if key.startswith("NEO4J_"):
                monkeypatch.setenv(key, value)


def test_loads_list_and_show_in_the_cli(backend: Backend, tmp_path: Path) -> None:
    runner = CliRunner()
    write(tmp_path / "a", "enterprise.csv", HEADER + f"E1,重庆甲公司,{USCC_1},wanzhou,300\n")
    assert runner.invoke(app, ["ingest", str(tmp_path / "a"), "--store", backend.uri("g")]).exit_code == 0
    listed = runner.invoke(app, ["loads", "list", "--store", backend.uri("g")])
    assert listed.exit_code == 0 and "1 load(s)" in listed.output, listed.output
    store = backend.open("g")
    try:
        [record] = list_loads(store).items
    finally:
        store.close()
    assert record.id in listed.output
    shown = runner.invoke(app, ["loads", "show", record.id, "--store", backend.uri("g")])
    assert shown.exit_code == 0 and "enterprise.csv" in shown.output and record.files[0].load_id in shown.output
    missing = runner.invoke(app, ["loads", "show", "nope", "--store", backend.uri("g")])
    assert missing.exit_code == 1 and "no load with id 'nope'" in missing.output


def test_the_cli_says_which_load_was_initial_and_its_steps(backend: Backend, tmp_path: Path) -> None:
    runner = CliRunner()
    write(tmp_path / "a", "enterprise.csv", HEADER + f"E1,重庆甲公司,{USCC_1},wanzhou,300\n")
    assert runner.invoke(app, ["ingest", str(tmp_path / "a"), "--store", backend.uri("g")]).exit_code == 0
    store = backend.open("g")
    try:
        [record] = store.loads()
        # As `ingest --initial` records its load (it needs a local Neo4j of its own: tests/test_neo4j_initial.py)
        store.record_load({**record, "id": "initial-1", "initial": True,
                           "steps": {"validate": 1.25, "write files": 0.5, "import": 2.0}})
    finally:
        store.close()
    listed = runner.invoke(app, ["loads", "list", "--store", backend.uri("g")])
    lines = {line.split()[0]: line for line in listed.output.splitlines() if line.strip()}
    assert "initial (offline importer)" in lines["initial-1"] and "initial" not in lines[record["id"]]
    shown = runner.invoke(app, ["loads", "show", "initial-1", "--store", backend.uri("g")])
    assert "offline importer built the database" in shown.output
    assert "steps: validate 1.2 s, write files 0.5 s, import 2.0 s" in shown.output, shown.output
    plain = runner.invoke(app, ["loads", "show", record["id"], "--store", backend.uri("g")])
    assert "steps" not in plain.output and "offline importer" not in plain.output
