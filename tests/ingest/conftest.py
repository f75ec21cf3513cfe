"""Fixtures for tests that reach a store by URI (the CLI, a subprocess): a file-backed embedded store or Neo4j."""

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.ingest.support import Backend


@pytest.fixture(params=["memory", pytest.param("neo4j", marks=pytest.mark.neo4j)])
def backend(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Backend]:
    """A store reached by URI, empty at the start; Neo4j is cleared (via the `neo4j_store` fixture)."""
    if request.param == "memory":
        yield Backend("memory", tmp_path)
        return
    request.getfixturevalue("neo4j_store")
    server = request.getfixturevalue("neo4j_server")
    yield Backend("neo4j", tmp_path, server.uri, server.auth)
