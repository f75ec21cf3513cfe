"""On a real Neo4j: writers take turns, and a run creates relationships to its own new nodes without looking for
them only while no one else has written.

A relationship to a node the run has just created cannot be in the store yet, so the ingest creates it with a plain
CREATE instead of a MERGE (which must look first). That is sound only while every write of every writer takes the
data version's lock from its start (writes take turns) and the run sees, at each write, that no one else has written
since its last one.
"""

import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from ingest import job
from ingest.generate import generate
from ingest.job import run_ingest
from store import GraphStore
from store.base import NewNodes
from store.neo4j_store import Neo4jStore
from tests.conftest import Neo4jServer
from tests.ingest.support import Snapshot, snapshot

pytestmark = pytest.mark.neo4j

OCCUPATION = {"id": "4-04-05-01", "props": {"name_zh": "计算机程序设计员"}}


def demands(store: Neo4jStore) -> list[tuple[str, str, str]]:
    with store.driver.session(database=store.database) as session:
        return [(r["a"], r["k"], r["b"]) for r in session.run(
            "MATCH (a:Entity)-[r:DEMANDS]->(b:Entity) RETURN a.id AS a, r.key AS k, b.id AS b ORDER BY a, k, b")]


def a_demand(year: int) -> dict[str, object]:
    return {"start": "e1", "end": OCCUPATION["id"], "key": f"5|{year}", "props": {"level": 5, "year": year}}


def test_a_write_waits_for_the_write_before_it(neo4j_store: Neo4jStore) -> None:
    # The first transaction holds the data version's lock from its start, so the second cannot write meanwhile
    # (with the version moved at the end of each transaction, both would write at once).
    inside, release, second_done = threading.Event(), threading.Event(), threading.Event()

    def hold(tx: object) -> None:
        inside.set()
        assert release.wait(30)

    def second() -> None:
        neo4j_store.upsert_nodes("Enterprise", [{"id": "e9", "props": {"name_zh": "九号企业"}}])
        second_done.set()

    with ThreadPoolExecutor(2) as pool:
        first = pool.submit(neo4j_store._write, hold)
        assert inside.wait(30)
        later = pool.submit(second)
        waited = not second_done.wait(1.5)
        release.set()
        first.result(30)
        later.result(30)
    assert waited, "a write went ahead while another write transaction was open"
    assert second_done.is_set()


def test_a_run_creates_relationships_to_its_new_nodes_once(neo4j_store: Neo4jStore) -> None:
    neo4j_store.upsert_nodes("Occupation", [OCCUPATION])
    new = NewNodes()
    neo4j_store.upsert_nodes("Enterprise", [{"id": "e1", "props": {"name_zh": "一号企业"}}], new)
    assert new.ids == {"e1"}  # created by the run; the occupation was in the store before
    assert neo4j_store.upsert_relationships("DEMANDS", [a_demand(2024)], new) == 1
    neo4j_store.upsert_nodes("Enterprise", [{"id": "e1", "props": {"employees": 3}}], new)
    assert new.ids == {"e1"}  # still the run's: nothing else was written in between
    assert demands(neo4j_store) == [("e1", "5|2024", OCCUPATION["id"])]


def test_a_run_that_gives_a_new_node_twice_in_a_batch_creates_it_once(neo4j_store: Neo4jStore) -> None:
    new = NewNodes()
    neo4j_store.upsert_nodes("Enterprise", [
        {"id": "e1", "props": {"name_zh": "一号企业", "employees": 3}},
        {"id": "e1", "props": {"employees": 5}},
    ], new)
    assert new.ids == {"e1"}
    assert neo4j_store.counts().nodes["Enterprise"] == 1
    node = neo4j_store.get_node("e1")
    assert node is not None
    assert (node.properties["name_zh"], node.properties["employees"]) == ("一号企业", 5)


def test_once_someone_else_writes_the_run_looks_before_it_creates(
    neo4j_store: Neo4jStore, neo4j_server: Neo4jServer
) -> None:
    neo4j_store.upsert_nodes("Occupation", [OCCUPATION])
    new = NewNodes()
    neo4j_store.upsert_nodes("Enterprise", [{"id": "e1", "props": {"name_zh": "一号企业"}}], new)
    # Another process writes the relationship the run is about to write, to the node the run created.
    other = Neo4jStore(neo4j_server.uri, auth=neo4j_server.auth)
    try:
        other.upsert_relationships("DEMANDS", [a_demand(2024)])
    finally:
        other.close()
    assert neo4j_store.upsert_relationships("DEMANDS", [a_demand(2024), a_demand(2025)], new) == 2
    assert demands(neo4j_store) == [("e1", "5|2024", OCCUPATION["id"]), ("e1", "5|2025", OCCUPATION["id"])]
    assert new.ids == set()  # forgotten: the run no longer knows what its nodes have


@pytest.fixture(scope="module")
def small_files(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    data = tmp_path_factory.mktemp("small")
    generate("small", 5, data)
    return sorted(data.glob("*.csv"))


def loaded_alone(store: Neo4jStore, files: list[Path]) -> Snapshot:
    run_ingest(files, store, progress=False, batch_size=500)
    alone = snapshot(store)
    store.clear()
    return alone


def load(server: Neo4jServer, files: list[Path]) -> None:
    store = Neo4jStore(server.uri, auth=server.auth)
    try:
        report = run_ingest(files, store, progress=False, batch_size=500)
        assert report.ok, report.summary()
    finally:
        store.close()


def test_two_ingests_of_the_same_files_at_once_give_the_graph_of_one(
    neo4j_store: Neo4jStore, neo4j_server: Neo4jServer, small_files: list[Path]
) -> None:
    # Each run creates what the other may also be creating: whatever the interleaving, every relationship once.
    alone = loaded_alone(neo4j_store, small_files)
    with ThreadPoolExecutor(2) as pool:
        for done in [pool.submit(load, neo4j_server, small_files) for _ in range(2)]:
            done.result(600)
    together = snapshot(neo4j_store)
    assert len(together[1]) == len(alone[1])
    assert together == alone


def test_an_ingest_overtaken_by_another_does_not_write_a_relationship_twice(
    neo4j_store: Neo4jStore, neo4j_server: Neo4jServer, small_files: list[Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    # The first run creates every node, then waits before its first relationship file; meanwhile a second run loads
    # everything, relationships to the first run's new nodes among it. The first run must then look before it
    # creates.
    alone = loaded_alone(neo4j_store, small_files)
    first = Neo4jStore(neo4j_server.uri, auth=neo4j_server.auth)
    waiting, go_on = threading.Event(), threading.Event()
    write = job._write_prepared

    def held(store: GraphStore, *args: Any) -> int:
        if store is first:
            waiting.set()
            assert go_on.wait(300)
        return write(store, *args)

    monkeypatch.setattr(job, "_write_prepared", held)
    try:
        with ThreadPoolExecutor(1) as pool:
            first_run = pool.submit(run_ingest, small_files, first, progress=False, batch_size=500)
            assert waiting.wait(300)
            load(neo4j_server, small_files)
            go_on.set()
            assert first_run.result(600).ok
    finally:
        go_on.set()
        first.close()
    assert snapshot(neo4j_store) == alone
