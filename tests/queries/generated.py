"""The generated data the summary tests compare on: small, seed 11, with history, loaded into Neo4j by an ingest
(which ends by rebuilding the summaries)."""

from collections.abc import Iterator
from pathlib import Path

import pytest

from ingest.generate import generate
from ingest.job import run_ingest
from store.neo4j_store import Neo4jStore

SEED = 11


def generated_data(tmp_path_factory: pytest.TempPathFactory, name: str) -> Path:
    folder = tmp_path_factory.mktemp(name) / "data"
    generate("small", SEED, folder, history=True)
    return folder


def ingested_neo4j(request: pytest.FixtureRequest, data: Path) -> Iterator[Neo4jStore]:
    """The test server's Neo4j, emptied, with `data` ingested and its summaries current."""
    server = request.getfixturevalue("neo4j_server")
    store = Neo4jStore(server.uri, auth=server.auth)
    store.apply_schema()
    store.clear()
    assert run_ingest([data], store, progress=False).ok
    assert store.summaries_current()
    yield store
    store.close()
