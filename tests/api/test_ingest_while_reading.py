"""A load never makes readers wait for it: while an upload is being written, reads are answered from the last
published state, quickly, and the new rows appear when the load is done."""

import threading
import time

import pytest
from fastapi.testclient import TestClient

from ingest.job import PAUSE_ENV
from store import GraphStore, MemoryStore
from tests.api.conftest import Keys, auth

PAUSE = 1.5
"""Seconds the job sleeps after each committed batch: two files make a load of at least 3 s."""


def test_reads_during_an_upload_are_answered_at_once_from_the_state_before_it(
    store: GraphStore, fresh_client: tuple[TestClient, Keys], monkeypatch: pytest.MonkeyPatch
) -> None:
    client, keys = fresh_client
    monkeypatch.setenv(PAUSE_ENV, str(PAUSE))
    files = [
        ("files", ("school.csv", "id,name_zh,district,school_type\ns9,重庆新学院,wanzhou,higher_vocational\n".encode(),
                   "text/csv")),
        ("files", ("training_provider.csv", "id,name_zh,district\nt9,培训中心,wanzhou\n".encode(), "text/csv")),
    ]
    answer: dict[str, int] = {}

    def upload() -> None:
        answer["status"] = client.post("/api/v1/ingest", files=files, headers=auth(keys.admin)).status_code

    writer = threading.Thread(target=upload)
    started = time.monotonic()
    writer.start()
    during: list[tuple[float, int]] = []
    while writer.is_alive() and time.monotonic() - started < 30:
        t0 = time.monotonic()
        status = client.get("/api/v1/entities/s9", headers=auth(keys.planner)).status_code
        coverage = client.get("/api/v1/chains/c1/coverage", headers=auth(keys.planner)).status_code
        if writer.is_alive():  # answered while the load was still running
            during.append((time.monotonic() - t0, status))
        assert coverage == 200
        time.sleep(0.05)
    writer.join()
    assert answer["status"] == 200
    # Reads went on during the load (a load of ≥ 3 s), each answered well within one of its pauses; on the
    # embedded store from the state before it (s9 not there yet); Neo4j commits batch by batch.
    assert len(during) >= 5, during
    assert max(seconds for seconds, _ in during) < PAUSE, during
    if isinstance(store, MemoryStore):
        assert {status for _, status in during} == {404}
    assert client.get("/api/v1/entities/s9", headers=auth(keys.planner)).status_code == 200
    assert client.get("/api/v1/entities/t9", headers=auth(keys.planner)).status_code == 200
