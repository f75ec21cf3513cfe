"""Reverting the last load: the embedded store comes back exactly as it was before it (compared node by node and
relationship by relationship, history included); Neo4j and an in-memory store refuse, saying why."""

from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from analyses.loads import list_loads
from app.api import create_app
from app.api.auth import KeyStore
from ingest.retire import revert_load
from store import GraphStore, MemoryStore, StoreError
from tests.ingest.support import USCC_1, USCC_2, USCC_3, ingest, write
from tests.ingest.test_ingest_retire import load_register


def everything(store: MemoryStore) -> tuple[Any, ...]:
    """Every node with its labels and properties, every relationship with its properties, and the history."""
    graph = store.graph
    nodes = sorted((n, sorted(d["labels"]), sorted(d["props"].items(), key=str)) for n, d in graph.nodes(data=True))
    edges = sorted((a, b, k, sorted(d["props"].items(), key=str)) for a, b, k, d in graph.edges(keys=True, data=True))
    return nodes, edges, store.loads(), store.retired()


def edit(folder: Path) -> None:
    """A load that changes, moves, adds, closes and replaces."""
    write(folder, "enterprise.csv", "id,name_zh,uscc,district,employees,status\n"
                                    f"E1,重庆甲汽车零部件有限公司,{USCC_1},yuzhong,,\n"
                                    f"E2,重庆乙电子有限公司,{USCC_2},wanzhou,500,注销\n"
                                    f"E7,重庆庚公司,{USCC_3[:-1]}X,wanzhou,,\n")
    write(folder, "demands.csv", "start,end,headcount,skill_level,year\nE1,6-22-02-01,99,senior_worker,2026\n")


def test_revert_brings_the_embedded_store_back_exactly_and_on_disk_too(tmp_path: Path) -> None:
    store = MemoryStore(tmp_path / "graph.db")
    load_register(store, tmp_path / "a")
    before = everything(store)
    edit(tmp_path / "b")
    report = ingest(store, tmp_path / "b", replace=["demands"])
    assert report.load is not None and everything(store) != before
    record = revert_load(store, report.load)
    assert record["reverts"] == report.load
    nodes, edges, loads, retired = everything(store)
    assert (nodes, edges, retired) == before[:2] + before[3:]
    assert loads[:-1] == before[2] and loads[-1]["id"] == record["id"]  # the revert is recorded as a load
    again = MemoryStore(tmp_path / "graph.db")
    assert everything(again)[:2] == before[:2]
    # Only once: the reverted load is no longer in the history
    with pytest.raises(LookupError, match=f"load {report.load} was reverted by load {record['id']}"):
        revert_load(again, report.load)


def test_only_the_last_load_is_reverted(tmp_path: Path) -> None:
    store = MemoryStore(tmp_path / "graph.db")
    load_register(store, tmp_path / "a")
    first = list_loads(store).items[0].id
    edit(tmp_path / "b")
    ingest(store, tmp_path / "b")
    with pytest.raises(StoreError, match=f"the last load is {list_loads(store).items[0].id}"):
        revert_load(store, first)
    with pytest.raises(LookupError, match="no load with id 'nope'"):
        revert_load(store, "nope")


def test_a_store_that_keeps_no_earlier_state_refuses_with_the_reason(store: GraphStore, tmp_path: Path) -> None:
    load_register(store, tmp_path / "a")
    [last] = list_loads(store).items[:1]
    with pytest.raises(StoreError) as refused:
        revert_load(store, last.id)
    assert "in-memory store keeps no earlier state" in str(refused.value) or "Neo4j keeps no earlier state" in str(
        refused.value)
    assert store.get_node("E1") is not None


def test_admins_revert_through_the_api(tmp_path: Path) -> None:
    store = MemoryStore(tmp_path / "graph.db")
    load_register(store, tmp_path / "a")
    before = everything(store)
    keys = KeyStore(tmp_path / "keys.db")
    admin, analyst = keys.create("admin", "admin")[0], keys.create("analyst", "analyst")[0]
    with TestClient(create_app(store=store, keys=keys)) as client:
        as_admin = {"Authorization": f"Bearer {admin}"}
        body = b"start,end,headcount,skill_level,year\nE1,6-22-02-01,99,senior_worker,2026\n"
        load = client.post("/api/v1/ingest?replace=demands", headers=as_admin,
                           files={"files": ("demands.csv", body)}).json()["load"]
        assert client.post(f"/api/v1/loads/{load}/revert", headers={"Authorization": f"Bearer {analyst}"}
                           ).status_code == 403
        r = client.post(f"/api/v1/loads/{load}/revert", headers=as_admin)
        assert r.status_code == 200 and r.json()["reverts"] == load
        again = client.post(f"/api/v1/loads/{r.json()['id']}/revert", headers=as_admin)  # the revert itself
        assert again.status_code == 409 and again.json()["type"] == "/problems/cannot-revert"
        assert "only the last load can be reverted" in again.json()["detail"]
    assert everything(store)[:2] == before[:2]
