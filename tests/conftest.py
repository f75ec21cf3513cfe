"""Shared fixtures: a real Neo4j (NEO4J_URI → testcontainers → the local launcher) and both stores."""

import os
import socket
from collections import Counter
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path

import pytest

from queries import refresh_summaries
from store import GraphStore, MemoryStore
from store.neo4j_store import Neo4jStore
from tests.neo4j_required import in_ci, skip_or_fail


@dataclass(frozen=True)
class Neo4jServer:
    uri: str
    auth: tuple[str, str] | None
    how: str


def _docker_engine_available() -> bool:
    try:
        import docker

        docker.from_env(timeout=3).ping()
        return True
    except Exception:
        return False


def free_port() -> int:
    """An unused localhost TCP port."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _find_neo4j(stack: ExitStack, tmp: Path) -> Neo4jServer:
    uri = _given_uri()
    if uri:
        password = os.environ.get("NEO4J_PASSWORD")
        auth = (os.environ.get("NEO4J_USER", "neo4j"), password) if password else None
        return Neo4jServer(uri, auth, "NEO4J_URI")
    if _docker_engine_available():
        from testcontainers.neo4j import Neo4jContainer

        container = stack.enter_context(Neo4jContainer("neo4j:5.26-community"))
        return Neo4jServer(container.get_connection_url(), ("neo4j", container.password), "testcontainers")
    from neo4j_launcher import start, stop

    data = tmp / "neo4j"
    running = start(data, port=free_port())
    stack.callback(stop, data)
    return Neo4jServer(running.uri, None, "local launcher")


def _given_uri() -> str | None:
    """The Neo4j this test process was given: NEO4J_URI; under pytest-xdist its worker's of NEO4J_URIS (one per
    worker, in order: `scripts/test.sh`). One server is never shared by two workers: each test empties it."""
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    uris = os.environ.get("NEO4J_URIS", "").split()
    if uris:
        index = int(worker.removeprefix("gw")) if worker else 0
        if index >= len(uris):
            raise RuntimeError(f"pytest worker {worker} has no Neo4j of its own: NEO4J_URIS names {len(uris)}")
        return uris[index]
    uri = os.environ.get("NEO4J_URI")
    if uri and worker and int(os.environ.get("PYTEST_XDIST_WORKER_COUNT", "1")) > 1:
        raise RuntimeError("NEO4J_URI names one Neo4j for several pytest workers, whose tests would empty it under "
                           "each other: run with -n 0, or give one per worker in NEO4J_URIS")
    return uri


@pytest.fixture(scope="session")
def built() -> Path:
    """The local launcher's build (Maven, once; later builds are mtime-cached no-ops): for tests that run the launcher
    themselves, in data dirs of their own."""
    from neo4j_launcher import build
    from neo4j_launcher.manager import LauncherError, java_bin, mvn_bin

    try:
        java_bin()
        mvn_bin()
    except LauncherError as exc:
        skip_or_fail(str(exc))
    return build()


@pytest.fixture(scope="session")
def neo4j_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Neo4jServer]:
    """A real Neo4j for the session; in CI (CI=true) failing to get one fails the run, never skips."""
    with ExitStack() as stack:
        try:
            server = _find_neo4j(stack, tmp_path_factory.mktemp("neo4j-server"))
        except Exception as exc:
            skip_or_fail(f"no Neo4j is available: {exc}")
        yield server


def _empty_store(kind: type[Neo4jStore], server: Neo4jServer) -> Iterator[Neo4jStore]:
    store = kind(server.uri, auth=server.auth)
    store.apply_schema()
    store.clear()
    yield store
    store.close()


@pytest.fixture
def neo4j_store(neo4j_server: Neo4jServer) -> Iterator[Neo4jStore]:
    """A Neo4j store with the schema applied and no data."""
    yield from _empty_store(Neo4jStore, neo4j_server)


class SummarisingNeo4jStore(Neo4jStore):
    """A Neo4j store that rebuilds its summaries whenever writes are flushed, as an ingest does at its end."""

    def flush(self) -> None:
        super().flush()
        refresh_summaries(self)


@pytest.fixture
def summarised_neo4j_store(neo4j_server: Neo4jServer) -> Iterator[Neo4jStore]:
    """Like `neo4j_store`, but analyses read the summaries (current after every `flush`)."""
    yield from _empty_store(SummarisingNeo4jStore, neo4j_server)


STORES_WITH_SUMMARIES = ["memory", pytest.param("neo4j", marks=pytest.mark.neo4j),
                         pytest.param("neo4j-summaries", marks=pytest.mark.neo4j)]
"""Store parameters for the analyses Neo4j answers from summaries: both paths must give the same answers."""
STORE_FIXTURES = {"memory": "memory_store", "neo4j": "neo4j_store", "neo4j-summaries": "summarised_neo4j_store"}


@pytest.fixture
def memory_store() -> MemoryStore:
    return MemoryStore()


@pytest.fixture(params=["memory", pytest.param("neo4j", marks=pytest.mark.neo4j)])
def store(request: pytest.FixtureRequest) -> GraphStore:
    """Each contract test runs once per store; both must give the same answers."""
    fixture = "memory_store" if request.param == "memory" else "neo4j_store"
    return request.getfixturevalue(fixture)  # type: ignore[no-any-return]


_skipped: list[str] = []


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every test that uses the real Neo4j (select them with `-m neo4j`). Under pytest-xdist, refuse tests that
    share a node id (xdist would run one of them and say nothing of the others) unless marked `one_process`."""
    for item in items:
        if "neo4j_server" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.neo4j)
    if os.environ.get("PYTEST_XDIST_WORKER"):
        ids = Counter(item.nodeid for item in items if item.get_closest_marker("one_process") is None)
        shared = sorted(nodeid for nodeid, n in ids.items() if n > 1)
        if shared:
            raise pytest.UsageError(f"{len(shared)} node ids are shared by several tests, which pytest-xdist would "
                                    f"run one of, e.g. {shared[0]}: mark their module `one_process`")


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    if report.skipped:
        _skipped.append(report.nodeid)


def pytest_collectreport(report: pytest.CollectReport) -> None:
    if report.skipped:  # a whole module skipped, e.g. a missing browser driver package
        _skipped.append(report.nodeid)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """In CI any skipped test fails the run: Neo4j, Chromium and every other real part must have been exercised."""
    if _skipped and in_ci():
        print(f"\nCI=true but {len(_skipped)} tests were skipped, e.g. {_skipped[0]}")
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
