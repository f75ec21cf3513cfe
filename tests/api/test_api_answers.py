"""Answers kept until the data changes: a repeated question is not asked of the store again, a write
makes the next answer new, access is checked before anything kept is served.

Numbers are the hand-worked ones of tests/queries/fixture.py (Wanzhou demands A 35 in all years).
"""

import asyncio
import gc
import time
from pathlib import Path

from fastapi.testclient import TestClient

from app.api import create_app
from app.api.answers import AnswerCache
from app.api.auth import KeyStore
from app.tuning import GC_YOUNG_THRESHOLD, settle_gc
from store import MemoryStore
from tests.api.conftest import Keys, auth
from tests.queries.fixture import A


def _wanzhou_a(client: TestClient, key: str) -> int:
    r = client.get("/api/v1/gaps?region=wanzhou", headers=auth(key))
    assert r.status_code == 200, r.text
    return {row["occupation_id"]: row["demand"] for row in r.json()["items"]}[A]


def test_a_repeated_question_is_answered_from_what_was_kept_until_a_write(
    fresh_client: tuple[TestClient, Keys]
) -> None:
    client, keys = fresh_client
    answers: AnswerCache = client.app.state.answers  # type: ignore[attr-defined]
    first = client.get("/api/v1/chains/c1/coverage", headers=auth(keys.planner))
    hits = answers.hits
    again = client.get("/api/v1/chains/c1/coverage", headers=auth(keys.planner))
    assert again.status_code == 200 and again.content == first.content
    assert answers.hits == hits + 1
    # Long answers go out gzip-compressed to clients that accept it (the test client does, and inflates)
    assert len(first.content) >= 1024 and first.headers["content-encoding"] == "gzip"
    plain = client.get("/api/v1/chains/c1/coverage", headers={**auth(keys.planner), "Accept-Encoding": "identity"})
    assert "content-encoding" not in plain.headers and plain.content == first.content
    assert _wanzhou_a(client, keys.planner) == 35
    # e2 (Wanzhou) now demands 5 more A at junior level in 2025: the next gap table holds them
    csv = f"start,end,headcount,skill_level,year\ne2,{A},5,junior_worker,2025\n".encode()
    r = client.post("/api/v1/ingest", files={"files": ("demands.csv", csv, "text/csv")}, headers=auth(keys.admin))
    assert r.status_code == 200 and r.json()["summary"]["rows_loaded"] == 1
    assert _wanzhou_a(client, keys.planner) == 40
    # c1's coverage changed too (e2 is a c1 member): A at junior level is 5
    demand = client.get("/api/v1/chains/c1/coverage", headers=auth(keys.planner)).json()["demand"]
    assert sum(d["headcount"] for d in demand if d["occupation_id"] == A and d["skill_level"] == "junior_worker") == 5


def test_kept_answers_are_served_only_to_callers_who_may_see_them(fresh_client: tuple[TestClient, Keys]) -> None:
    client, keys = fresh_client
    assert client.get("/api/v1/chains/c1/coverage", headers=auth(keys.leader_c1)).status_code == 200
    # c1's coverage is kept now; c2's leader still gets 404, and no key gets 401
    assert client.get("/api/v1/chains/c1/coverage", headers=auth(keys.leader_c2)).status_code == 404
    assert client.get("/api/v1/chains/c1/coverage").status_code == 401
    # the chain ranking is kept per set of own chains: a leader sees only its own
    planner = client.get("/api/v1/chains", headers=auth(keys.planner)).json()["items"]
    assert sorted(c["chain"]["id"] for c in planner) == ["c1", "c2", "c3"]
    assert [c["chain"]["id"] for c in client.get("/api/v1/chains", headers=auth(keys.leader_c2)).json()["items"]] == [
        "c2"]
    assert client.get("/api/v1/gaps?region=city", headers=auth(keys.planner)).status_code == 200
    assert client.get("/api/v1/gaps?region=city", headers=auth(keys.leader_c1)).status_code == 403


def test_concurrent_requests_for_one_missing_answer_compute_it_once() -> None:
    store = MemoryStore()
    answers = AnswerCache(1 << 20)
    calls = []

    def compute() -> bytes:
        calls.append(1)
        time.sleep(0.2)
        return b'{"answer": 42}'

    async def eight_at_once() -> list[bytes]:
        kept = await asyncio.gather(*(answers.get(store, ("q",), compute) for _ in range(8)))
        return [answer.body for answer in kept]

    bodies = asyncio.run(eight_at_once())
    assert bodies == [b'{"answer": 42}'] * 8 and len(calls) == 1


def test_the_oldest_answers_go_first_when_memory_is_full_and_zero_keeps_nothing() -> None:
    store = MemoryStore()
    answers = AnswerCache(25)  # room for two answers of 10 bytes, not three
    for key in ("a", "b", "c"):
        asyncio.run(answers.get(store, key, lambda: b"0123456789"))
    assert answers.size() == (2, 20)
    calls = []
    asyncio.run(answers.get(store, "a", lambda: calls.append(1) or b"0123456789"))  # "a" went first: computed again
    assert calls == [1]
    off = AnswerCache(0)
    for _ in range(2):
        asyncio.run(off.get(store, "a", lambda: calls.append(1) or b"x"))
    assert calls == [1, 1, 1] and off.size() == (0, 0)


def test_a_server_settles_the_garbage_collector_once_started_and_a_test_app_leaves_it(tmp_path: Path) -> None:
    threshold, frozen = gc.get_threshold(), gc.get_freeze_count()
    keys = KeyStore(tmp_path / "keys.db")
    try:
        with TestClient(create_app(store=MemoryStore(), keys=keys)):
            assert gc.get_threshold() == threshold
            assert gc.get_freeze_count() == frozen
        with TestClient(create_app(store=MemoryStore(), keys=keys, on_started=settle_gc)) as client:
            assert gc.get_threshold()[0] == GC_YOUNG_THRESHOLD
            assert gc.get_freeze_count() > frozen  # what startup built is out of the collector's reach
            assert client.get("/health").status_code == 200
    finally:
        gc.unfreeze()
        gc.set_threshold(*threshold)
