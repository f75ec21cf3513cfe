"""The API over the three-chain fixture, on both stores, with one key per role.

The graph is loaded once per module and store (the tests here only read it); tests that write use
`fresh_client`, on a store of their own.
"""

import shutil
import subprocess
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from app.api import create_app
from app.api.auth import KeyStore
from graph_model.relationships import PartnersWith
from store import GraphStore, MemoryStore
from store.neo4j_store import Neo4jStore
from tests.fixtures import load
from tests.neo4j_required import skip_or_fail
from tests.queries.fixture import load_three_chains

PARTNERSHIP = PartnersWith(start="e2", end="e3", kind="order_class", trainees=20)
"""e2 (a c1 member) runs an order class with e3 (in no chain): e3 is in c1's scope, e4 (c2) is not."""


@dataclass(frozen=True)
class Keys:
    planner: str
    analyst: str
    admin: str
    leader_c1: str
    """A chain-leader key bound to c1 only."""
    leader_c2: str


def load_api_fixture(store: GraphStore) -> None:
    load_three_chains(store)
    load(store, [], [PARTNERSHIP])


def issue_keys(key_store: KeyStore) -> Keys:
    return Keys(
        planner=key_store.create("planning office", "planner")[0],
        analyst=key_store.create("analyst", "analyst")[0],
        admin=key_store.create("admin", "admin")[0],
        leader_c1=key_store.create("长安 (c1)", "chain_leader", ["c1"])[0],
        leader_c2=key_store.create("c2 leader", "chain_leader", ["c2"])[0],
    )


@pytest.fixture(scope="module")
def key_store(tmp_path_factory: pytest.TempPathFactory) -> KeyStore:
    return KeyStore(tmp_path_factory.mktemp("keys") / "keys.db")


@pytest.fixture(scope="module")
def keys(key_store: KeyStore) -> Keys:
    return issue_keys(key_store)


@pytest.fixture(scope="module", params=["memory", pytest.param("neo4j", marks=pytest.mark.neo4j)])
def api_store(request: pytest.FixtureRequest) -> Iterator[GraphStore]:
    """The fixture graph, loaded once per module on each store."""
    if request.param == "memory":
        store: GraphStore = MemoryStore()
    else:
        server = request.getfixturevalue("neo4j_server")
        store = Neo4jStore(server.uri, auth=server.auth)
        store.apply_schema()
        store.clear()
    load_api_fixture(store)
    yield store
    store.close()


@pytest.fixture(scope="module")
def client(api_store: GraphStore, key_store: KeyStore) -> Iterator[TestClient]:
    """The API on the fixture, once per store (memory, Neo4j)."""
    with TestClient(create_app(store=api_store, keys=key_store)) as c:
        yield c


@contextmanager
def client_on(store: GraphStore, tmp_path: Path, load_data: Callable[[GraphStore], None]
              ) -> Iterator[tuple[TestClient, Keys]]:
    """A client on `store` after `load_data(store)`, with keys of its own."""
    load_data(store)
    key_store = KeyStore(tmp_path / "keys.db")
    with TestClient(create_app(store=store, keys=key_store)) as c:
        yield c, issue_keys(key_store)


@pytest.fixture
def fresh_client(store: GraphStore, tmp_path: Path) -> Iterator[tuple[TestClient, Keys]]:
    """A client on a store of its own (for tests that write), with its own keys."""
    with client_on(store, tmp_path, load_api_fixture) as found:
        yield found


def auth(key: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {key}"}


def pdf_text(content: bytes) -> str:
    """A PDF's text as poppler's pdftotext reads it (what a person copying from the report would get)."""
    if shutil.which("pdftotext") is None:
        skip_or_fail("pdftotext is missing (apt-get install poppler-utils; scripts/setup.sh test installs it)",
                     needs="pdftotext (poppler-utils)")
    found = subprocess.run(["pdftotext", "-layout", "-", "-"], input=content, capture_output=True, check=True)
    return found.stdout.decode("utf-8")
