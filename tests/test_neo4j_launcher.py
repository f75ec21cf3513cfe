"""The local launcher runs a real embedded Neo4j: start, query over Bolt, status, auth, clean stop."""

import os
import socket
from collections.abc import Iterator
from pathlib import Path

import neo4j
import pytest

from neo4j_launcher import LocalNeo4j, build, start, status, stop
from neo4j_launcher.manager import LauncherError
from tests.conftest import free_port

pytestmark = pytest.mark.neo4j


def _port_open(port: int) -> bool:
    """Whether something accepts TCP connections on localhost:port."""
    with socket.socket() as sock:
        sock.settimeout(1.0)
        return sock.connect_ex(("127.0.0.1", port)) == 0


@pytest.fixture
def data_dir(tmp_path: Path) -> Iterator[Path]:
    """A fresh data dir whose Neo4j is always stopped afterwards, even when the test fails."""
    folder = tmp_path / "neo4j"
    yield folder
    stop(folder, timeout=30)


def test_build_is_cached(built: Path) -> None:
    jar = next(built.glob("*.jar"))
    before = jar.stat().st_mtime_ns
    assert build() == built
    assert jar.stat().st_mtime_ns == before
    assert any(p.name.startswith("neo4j-kernel-5.26.") for p in (built / "lib").iterdir())
    assert not (Path(__file__).parents[1] / "neo4j_launcher" / "target").exists()


def test_start_query_status_stop(built: Path, data_dir: Path) -> None:
    port = free_port()
    info = start(data_dir, port=port, timeout=300)
    assert info.uri == f"bolt://127.0.0.1:{port}"
    assert info.auth is None

    with info.driver() as driver:
        records, _, _ = driver.execute_query("RETURN 1 AS one")
        assert records[0]["one"] == 1
        components, _, _ = driver.execute_query("CALL dbms.components() YIELD versions, edition")
        assert components[0]["edition"] == "community"
        assert components[0]["versions"][0].startswith("5.26.")
        # Transaction logs are bounded (Neo4j's default keeps two days of them, gigabytes per big load).
        settings, _, _ = driver.execute_query(
            "SHOW SETTINGS YIELD name, value WHERE name = 'db.tx_log.rotation.retention_policy' RETURN value")
        assert settings[0]["value"] == "1G size"

    running = status(data_dir)
    assert running == info
    assert (data_dir / "launcher.pid").read_text().strip() == str(info.pid)
    # A second start is idempotent: same process, no new JVM.
    assert start(data_dir, port=port) == info

    assert stop(data_dir) is True
    assert status(data_dir) is None
    assert not _port_open(port)
    assert not (data_dir / "launcher.pid").exists()
    assert "STOPPED" in (data_dir / "launcher.log").read_text()
    assert stop(data_dir) is False


def test_password_enables_auth(built: Path, data_dir: Path) -> None:
    port = free_port()
    password = "skillgraph-test-pw"
    info = start(data_dir, port=port, password=password, timeout=300)
    assert info.auth == ("neo4j", password)
    assert status(data_dir) == info

    wrong = LocalNeo4j(info.uri, info.pid, info.port, info.data_dir, ("neo4j", "not-the-password"))
    with wrong.driver() as driver, pytest.raises(neo4j.exceptions.AuthError):
        driver.verify_connectivity()
    anonymous = LocalNeo4j(info.uri, info.pid, info.port, info.data_dir, None)
    with anonymous.driver() as driver, pytest.raises(neo4j.exceptions.AuthError):
        driver.verify_connectivity()

    with info.driver() as driver:
        records, _, _ = driver.execute_query("RETURN 1 AS one")
        assert records[0]["one"] == 1

    assert stop(data_dir) is True
    assert status(data_dir) is None
    assert not _port_open(port)


def test_cjk_fulltext_index(built: Path, data_dir: Path) -> None:
    info = start(data_dir, port=free_port(), timeout=300)
    with info.driver() as driver:
        driver.execute_query(
            "UNWIND $names AS name CREATE (:Org {name_zh: name})",
            names=["重庆长安汽车", "重庆大学", "长安大学"],
        )
        driver.execute_query(
            "CREATE FULLTEXT INDEX org_name_zh FOR (n:Org) ON EACH [n.name_zh] "
            "OPTIONS {indexConfig: {`fulltext.analyzer`: 'cjk'}}"
        )
        driver.execute_query("CALL db.awaitIndexes(120)")
        records, _, _ = driver.execute_query(
            "CALL db.index.fulltext.queryNodes('org_name_zh', $q) YIELD node RETURN node.name_zh AS name",
            q="长安",
        )
    assert sorted(r["name"] for r in records) == ["重庆长安汽车", "长安大学"]


def test_start_fails_cleanly_on_busy_port(built: Path, data_dir: Path) -> None:
    with socket.socket() as blocker:
        blocker.bind(("127.0.0.1", 0))
        blocker.listen()
        port = blocker.getsockname()[1]
        with pytest.raises(LauncherError, match="already in use"):
            start(data_dir, port=port)
    assert status(data_dir) is None


def test_status_cleans_stale_pid_file(tmp_path: Path) -> None:
    folder = tmp_path / "neo4j"
    folder.mkdir()
    # A pid that cannot be a live launcher JVM: this test process itself.
    (folder / "launcher.pid").write_text(f"{os.getpid()}\n")
    (folder / "launcher.json").write_text("{}")
    assert status(folder) is None
    assert not (folder / "launcher.pid").exists()
    assert not (folder / "launcher.json").exists()
