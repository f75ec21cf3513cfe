"""`skillgraph ingest --initial`: Neo4j's offline importer makes the graph the transactional ingest makes, and an
initial load killed at any point leaves the data dir's database as it was (or, once the swap has begun, whole and
new), never half-built.

Each test runs the real importer and real DBMSs of the local launcher in data dirs of its own."""

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from analyses.loads import LoadRecord, list_loads
from app.initial import WORK_FOLDER, run_initial_ingest
from ingest.generate import generate
from ingest.job import run_ingest
from neo4j_launcher import start, stop
from neo4j_launcher.manager import (
    DATABASE,
    INSTALL_FILE,
    LocalNeo4j,
    import_database,
    install_database,
)
from queries import fetch, refresh_summaries
from store.neo4j_store import Neo4jStore
from tests.conftest import free_port
from tests.ingest.support import snapshot
from tests.ingest.test_ingest_crash import DISTRICTS, credit_code, write_corpus

pytestmark = pytest.mark.neo4j

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture
def data_dir(tmp_path: Path) -> Iterator[Path]:
    """A data dir whose DBMS, and any an initial load left running under it, are stopped afterwards."""
    folder = tmp_path / "neo4j"
    yield folder
    stop(folder, timeout=30)
    work = folder / WORK_FOLDER
    for stage in work.iterdir() if work.is_dir() else ():
        if stage.is_dir():
            stop(stage / "home", timeout=30)


def _normalised(store: Neo4jStore) -> Any:
    """The store's graph (`snapshot`) with its loads' ids in place of each load's own."""
    loads = {load["id"] for load in store.loads()}
    nodes, rels = snapshot(store)

    def plain(props: dict[str, Any]) -> dict[str, Any]:
        return {k: "LOAD" if isinstance(v, str) and v in loads else v for k, v in props.items()}

    return ({i: (kind, plain(p)) for i, (kind, p) in nodes.items()},
            [(a, t, key, b, plain(p)) for a, t, key, b, p in rels])


def _retired(store: Neo4jStore) -> list[Any]:
    """The kept records of retired nodes, load ids normalised and relationships in one order."""
    loads = {load["id"] for load in store.loads()}

    def plain(value: Any) -> Any:
        if isinstance(value, dict):
            return {k: plain(v) for k, v in value.items()}
        if isinstance(value, list):
            return sorted((plain(v) for v in value), key=repr)
        return "LOAD" if isinstance(value, str) and value in loads else value

    return [plain(record) for record in store.retired()]


def _served(server: LocalNeo4j) -> Neo4jStore:
    return Neo4jStore(server.uri, auth=server.auth)


def _report_without_times(report: dict[str, Any]) -> dict[str, Any]:
    drop = {"load", "started_at", "finished_at", "seconds", "summaries_seconds"}
    files = [{k: v for k, v in f.items() if k != "load_id"} for f in report["files"]]
    return {k: v for k, v in report.items() if k not in drop} | {"files": files}


def test_the_initial_load_makes_the_graph_records_rejects_and_summaries_the_transactional_ingest_makes(
    built: Path, data_dir: Path, tmp_path: Path, neo4j_store: Neo4jStore
) -> None:
    data = tmp_path / "data"
    generate("small", 3, data, factor=0.3)
    write_corpus(data / "corpus")  # a few thousand rows more, two of them bad
    # A later file of the run closes one of the corpus's firms: it is retired, its record kept (a Retired node).
    (data / "corpus" / "zz").mkdir()
    (data / "corpus" / "zz" / "enterprise.csv").write_text(
        f"id,name_zh,uscc,district,status\nE5,重庆企业5有限公司,{credit_code(5)},{DISTRICTS[5]},closed\n",
        encoding="utf-8")
    done = run_initial_ingest([data], data_dir, progress=False)
    assert done.report.summary()["rows_rejected"] > 2 and done.report.summary()["rows_loaded"] > 20_000
    assert done.server is None  # nothing ran for the data dir: nothing is started
    assert set(done.steps) == {"validate", "write files", "import", "start", "schema", "summaries", "stop",
                               "install"}
    expected = run_ingest([data], neo4j_store, progress=False)
    assert _report_without_times(done.report.to_dict()) == _report_without_times(expected.to_dict())

    server = start(data_dir, port=free_port(), timeout=300)
    store = _served(server)
    try:
        got, want = _normalised(store), _normalised(neo4j_store)
        assert len(got[0]) == len(want[0]) and len(got[1]) == len(want[1])
        assert got == want
        assert any(p.get("levels") == [] for *_, p in got[1])  # empty lists made it through the marker columns
        assert store.summaries_current()
        assert _retired(store) == _retired(neo4j_store) and len(_retired(store)) == 1
        [record] = store.loads()
        [other] = neo4j_store.loads()
        assert record["initial"] is True and set(record["steps"]) >= {"validate", "import", "summaries"}
        listed = list_loads(store).items[0]  # as `loads list|show` and GET /api/v1/loads give it
        assert listed.initial and list(listed.steps)[:3] == ["validate", "write files", "import"]
        assert not LoadRecord.model_validate(other).initial
        assert record["files"] == other["files"] and record["counts"] == other["counts"]
        # The summaries answer as the transactional load's do: the city's gap table, every chain's coverage.
        refresh_summaries(neo4j_store)
        for name, params in (("region_gap", {"region_kind": "city", "region_id": None, "year": None,
                                             "skill_levels": None}),
                             ("chains", {"chain_id": None})):
            assert fetch(store, name, params) == fetch(neo4j_store, name, params)
        with store.driver.session() as session:
            counts = session.run("SHOW INDEXES YIELD name RETURN count(*) AS n").single()
        with neo4j_store.driver.session(database=neo4j_store.database) as session:
            assert counts == session.run("SHOW INDEXES YIELD name RETURN count(*) AS n").single()
        assert not any((data_dir / WORK_FOLDER).iterdir()) or [p.name for p in (data_dir / WORK_FOLDER).iterdir()] \
            == ["lock"]
    finally:
        store.close()


def _old_database(data_dir: Path) -> LocalNeo4j:
    """The data dir's DBMS, running, with one node the initial load must not lose until it is done."""
    server = start(data_dir, port=free_port(), timeout=300)
    with server.driver() as driver:
        driver.execute_query("CREATE (:OldGraph {id: 'before'})")
    return server


def _holds_old_graph(server: LocalNeo4j) -> bool:
    with server.driver() as driver:
        return bool(driver.execute_query("MATCH (n:OldGraph) RETURN count(n) AS n").records[0]["n"])


def _initial_process(data: Path, data_dir: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "app.cli", "ingest", str(data), "--initial", "--data", str(data_dir)],
        cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=dict(os.environ),
    )


def _kill_when(proc: subprocess.Popen[str], ready: Any, timeout: float = 300) -> None:
    deadline = time.monotonic() + timeout
    while not ready():
        if proc.poll() is not None:
            output = proc.stdout.read() if proc.stdout else ""
            raise AssertionError(f"the load ended before it could be killed:\n{output}")
        if time.monotonic() > deadline:
            proc.kill()
            raise AssertionError("the load never reached the point to kill it at")
        time.sleep(0.05)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)


def _stage_file(data_dir: Path, name: str) -> bool:
    work = data_dir / WORK_FOLDER
    return work.is_dir() and any((stage / "home" / name).exists() for stage in work.iterdir() if stage.is_dir())


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    stat = Path(f"/proc/{pid}/stat")
    return not (stat.exists() and stat.read_text().split(") ", 1)[1].startswith("Z"))


def _importer_pids(data_dir: Path) -> list[int]:
    """The offline importers running for an initial load of `data_dir` (by their NEO4J_HOME)."""
    found = []
    for proc in Path("/proc").iterdir():
        if proc.name.isdigit():
            try:
                environ = (proc / "environ").read_bytes().split(b"\0")
                cmdline = (proc / "cmdline").read_bytes()
            except OSError:
                continue
            home = next((e for e in environ if e.startswith(b"NEO4J_HOME=")), b"")
            if b"AdminTool" in cmdline and str(data_dir / WORK_FOLDER).encode() in home:
                found.append(int(proc.name))
    return found


@pytest.mark.parametrize("when", ["importing", "finishing"])
def test_an_initial_load_killed_before_its_swap_leaves_the_old_database_served_and_the_next_one_cleans_up(
    built: Path, data_dir: Path, tmp_path: Path, when: str
) -> None:
    data = tmp_path / "data"
    generate("small", 5, data, factor=0.1)
    old = _old_database(data_dir)
    proc = _initial_process(data, data_dir)
    if when == "importing":
        _kill_when(proc, lambda: bool(_importer_pids(data_dir)))
        deadline = time.monotonic() + 30
        while _importer_pids(data_dir) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not _importer_pids(data_dir), "the importer outlived its load"
        logs = list((data_dir / WORK_FOLDER).glob("*/home/import.log"))
        assert logs and not any("IMPORT DONE" in log.read_text() for log in logs), \
            "the importer went on writing after its load was killed"
    else:
        # Its own DBMS is up (schema, summaries, load record): the new database is not whole yet.
        _kill_when(proc, lambda: _stage_file(data_dir, "launcher.json"))
    assert not (data_dir / INSTALL_FILE).exists()
    assert _holds_old_graph(old), "the old database is not served after the load was killed"

    left = [p for p in (data_dir / WORK_FOLDER).iterdir() if p.is_dir()]
    if when == "importing":
        return  # what it left is cleared as below (one more initial load here would only repeat that)
    pids = [int((p / "home" / "launcher.pid").read_text()) for p in left if (p / "home" / "launcher.pid").exists()]
    done = run_initial_ingest([data], data_dir, progress=False)
    assert done.server is not None and done.server.port == old.port  # restarted as it was
    assert not _holds_old_graph(done.server)
    assert [p.name for p in (data_dir / WORK_FOLDER).iterdir()] == ["lock"]
    assert not any(_pid_alive(pid) for pid in pids), "the killed load's DBMS is still running"
    store = _served(done.server)
    try:
        assert store.summaries_current() and len(store.loads()) == 1
    finally:
        store.close()


def _tiny_database(home: Path, tmp_path: Path, name: str) -> None:
    """A database holding one `name` node, built by the importer in the Neo4j home `home`."""
    nodes = tmp_path / f"{name}.csv"
    nodes.write_text(f"id:ID\n\"{name}\"\n", encoding="utf-8")
    import_database(home, [f"--nodes={name}={nodes}"], heap="256m", max_off_heap="256m")


def _labels(server: LocalNeo4j) -> set[str]:
    with server.driver() as driver:
        return {r["l"] for r in driver.execute_query("MATCH (n) UNWIND labels(n) AS l RETURN DISTINCT l").records}


def test_a_swap_cut_short_is_finished_by_the_next_start_and_one_never_begun_is_dropped(
    built: Path, data_dir: Path, tmp_path: Path
) -> None:
    _tiny_database(tmp_path / "first", tmp_path, "First")
    install_database(data_dir, tmp_path / "first")
    server = start(data_dir, port=free_port(), timeout=300)
    assert _labels(server) == {"First"}
    stop(data_dir)

    # Killed after moving the new database beside the old one, before `install.json`: the old one stays.
    _tiny_database(tmp_path / "second", tmp_path, "Second")
    for part in ("databases", "transactions"):
        os.rename(tmp_path / "second" / "data" / part / DATABASE, data_dir / "data" / part / f"{DATABASE}.new")
    server = start(data_dir, port=free_port(), timeout=300)
    assert _labels(server) == {"First"}
    assert not (data_dir / "data" / "databases" / f"{DATABASE}.new").exists()
    stop(data_dir)

    # Killed half-way through the swap, `install.json` written: the next start finishes it.
    _tiny_database(tmp_path / "third", tmp_path, "Third")
    for part in ("databases", "transactions"):
        os.rename(tmp_path / "third" / "data" / part / DATABASE, data_dir / "data" / part / f"{DATABASE}.new")
    (data_dir / INSTALL_FILE).write_text(json.dumps({"database": DATABASE}))
    os.rename(data_dir / "data" / "databases" / DATABASE, data_dir / "data" / "databases" / f"{DATABASE}.old")
    os.rename(data_dir / "data" / "databases" / f"{DATABASE}.new", data_dir / "data" / "databases" / DATABASE)
    server = start(data_dir, port=free_port(), timeout=300)
    assert _labels(server) == {"Third"}
    assert not (data_dir / INSTALL_FILE).exists()
    assert not list((data_dir / "data").glob(f"*/{DATABASE}.*"))
