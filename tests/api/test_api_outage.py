"""With Neo4j stopped under a running API: 503 problem details within a bounded time, no hang, no
stack trace; and the same app answers again once Neo4j is back, without a restart."""

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from app.api import create_app
from app.api.auth import KeyStore
from neo4j_launcher import start, stop
from neo4j_launcher.manager import LauncherError, java_bin, mvn_bin
from store.neo4j_store import Neo4jStore
from tests.api.conftest import auth, load_api_fixture
from tests.conftest import free_port
from tests.neo4j_required import skip_or_fail

pytestmark = pytest.mark.neo4j

BOUND_SECONDS = 15.0
"""Worst case for one request while Neo4j is down: the driver's connect timeout (2 s here) and its retries."""


@pytest.fixture
def own_neo4j(tmp_path: Path) -> Iterator[tuple[Path, int]]:
    """A Neo4j of this test's own (the shared one must not be stopped)."""
    try:
        java_bin()
        mvn_bin()
    except LauncherError as exc:
        skip_or_fail(str(exc))
    data, port = tmp_path / "neo4j", free_port()
    start(data, port=port)
    yield data, port
    stop(data)


def test_requests_answer_503_while_neo4j_is_down_and_recover_when_it_is_back(
    own_neo4j: tuple[Path, int], tmp_path: Path
) -> None:
    data, port = own_neo4j
    store = Neo4jStore(f"bolt://127.0.0.1:{port}", connection_timeout=2.0)
    store.apply_schema()
    load_api_fixture(store)
    keys = KeyStore(tmp_path / "keys.db")
    key, _ = keys.create("planner", "planner")
    with TestClient(create_app(store=store, keys=keys), raise_server_exceptions=False) as client:
        assert client.get("/api/v1/chains/c1/coverage", headers=auth(key)).status_code == 200
        assert client.get("/ready").status_code == 200

        stop(data)
        for path in ("/api/v1/chains/c1/coverage", "/api/v1/gaps?region=wanzhou", "/api/v1/search?q=青山", "/ready"):
            began = time.monotonic()
            r = client.get(path, headers=auth(key))
            took = time.monotonic() - began
            assert r.status_code == 503, (path, r.text)
            assert took < BOUND_SECONDS, (path, took)
            print(f"{path}: 503 in {took:.2f} s")  # shown with pytest -s
            assert r.headers["content-type"] == "application/problem+json"
            assert r.headers["retry-after"] == "5"
            body = r.json()
            assert body["type"].endswith("/store-unavailable") and "Traceback" not in r.text
        assert client.get("/health").status_code == 200  # alive, though not ready

        start(data, port=port)
        deadline = time.monotonic() + 60
        while client.get("/ready").status_code != 200:
            assert time.monotonic() < deadline, "the API did not become ready again"
            time.sleep(0.5)
        again = client.get("/api/v1/chains/c1/coverage", headers=auth(key))
        assert again.status_code == 200 and again.json()["chain"]["id"] == "c1"
    store.close()
