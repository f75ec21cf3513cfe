"""The analysts' notebooks run clean against a real Neo4j, and are committed without outputs."""

import os
from collections.abc import Iterator
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from store.neo4j_store import Neo4jStore
from tests.conftest import Neo4jServer

NOTEBOOK_DIR = Path(__file__).resolve().parents[1] / "notebooks"
NOTEBOOKS = sorted(NOTEBOOK_DIR.glob("*.ipynb"))
CELL_TIMEOUT = 300  # seconds; the first notebook loads the demo data in one cell


@pytest.fixture(scope="module")
def emptied_neo4j(neo4j_server: Neo4jServer) -> Iterator[Neo4jServer]:
    """Neo4j emptied once: the first notebook loads the demo data as on a fresh database, the rest reuse it."""
    store = Neo4jStore(neo4j_server.uri, auth=neo4j_server.auth)
    store.clear()
    store.close()
    yield neo4j_server


def _kernel_env(server: Neo4jServer) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("NEO4J_USER", "NEO4J_PASSWORD")}
    env["NEO4J_URI"] = server.uri
    if server.auth:
        env["NEO4J_USER"], env["NEO4J_PASSWORD"] = server.auth
    return env


def test_the_kit_has_notebooks_committed_without_outputs() -> None:
    assert NOTEBOOKS, f"no notebooks in {NOTEBOOK_DIR}"
    for path in NOTEBOOKS:
        nb = nbformat.read(path, as_version=4)
        nbformat.validate(nb)
        dirty = [i for i, c in enumerate(nb.cells) if c.cell_type == "code" and (c.outputs or c.execution_count)]
        assert not dirty, f"{path.name}: clear the outputs of cells {dirty} before committing (small diffs)"


@pytest.mark.neo4j
@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_runs_clean_against_neo4j(path: Path, emptied_neo4j: Neo4jServer) -> None:
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(
        nb,
        kernel_name="python3",
        timeout=CELL_TIMEOUT,
        resources={"metadata": {"path": str(path.parent)}},
    )
    client.execute(env=_kernel_env(emptied_neo4j))  # raises CellExecutionError on the first failing cell
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs]
    assert any("image/png" in o.get("data", {}) for o in outputs), f"{path.name} drew no chart"
    errors = [o for o in outputs if o.output_type == "error"]
    assert not errors
