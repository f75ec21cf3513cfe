"""GET /api/v1/gaps/totals: the dashboard's gaps per district and per cluster, worked out by hand.

The mini chain (tests/fixtures.py) plus:

    e3 (渝中) ──DEMANDS(senior_worker, 2025, 20)──▶ 6-22-02-01
    e3        ──DEMANDS(senior_worker, 2024, 5)───▶ 6-22-02-01
    t1 (渝中) ──TRAINS(capacity 8)────────────────▶ 6-22-02-01
    e3, c1 ──IN_CLUSTER──▶ intelligent_connected_nev
    st1 (万州, no coordinates) ──LOCATED_IN──▶ wanzhou
"""

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from app.api import create_app
from app.api.auth import KeyStore
from graph_model.nodes import Cluster, District, Enterprise, Node, ServiceStation, TrainingProvider
from graph_model.relationships import Demands, InCluster, LocatedIn, Relationship, Trains
from graph_model.uscc import uscc_check_character
from store import GraphStore
from tests.fixtures import load, load_mini_chain

NEV = "intelligent_connected_nev"
E3_USCC = "91500000MA5U00040" + uscc_check_character("91500000MA5U00040")

EXTRA_NODES: list[Node] = [
    District(id="yuzhong", name_zh="渝中区", name_en="Yuzhong District", code="500103", district_type="district",
             lat=29.55, lng=106.57),
    Cluster(id=NEV, name_zh="智能网联新能源汽车", name_en="Intelligent Connected New Energy Vehicles", tier="trillion"),
    Enterprise(id="e3", name_zh="重庆渝中汽车服务有限公司", uscc=E3_USCC, district="yuzhong"),
    TrainingProvider(id="t1", name_zh="渝中职业培训学校", district="yuzhong"),
    ServiceStation(id="st1", name_zh="万州服务站", district="wanzhou"),
]
EXTRA_RELATIONSHIPS: list[Relationship] = [
    *[LocatedIn(start=o, end="yuzhong") for o in ("e3", "t1")],
    LocatedIn(start="st1", end="wanzhou"),
    Demands(start="e3", end="6-22-02-01", headcount=20, skill_level="senior_worker", year=2025),
    Demands(start="e3", end="6-22-02-01", headcount=5, skill_level="senior_worker", year=2024),
    Trains(start="t1", end="6-22-02-01", capacity_per_year=8),
    InCluster(start="e3", end=NEV),
    InCluster(start="c1", end=NEV),
]


@pytest.fixture
def client(store: GraphStore, tmp_path: Path) -> Iterator[TestClient]:
    """On both stores (the `store` fixture of tests/conftest.py)."""
    load_mini_chain(store)
    load(store, EXTRA_NODES, EXTRA_RELATIONSHIPS)
    keys = KeyStore(tmp_path / "keys.db")
    with TestClient(create_app(store=store, keys=keys)) as c:
        c.headers["Authorization"] = f"Bearer {keys.create('planner', 'planner')[0]}"
        c.app.state.leader_key = keys.create("leader", "chain_leader", ["c1"])[0]  # type: ignore[attr-defined]
        yield c


def test_gaps_by_district_sum_each_districts_gap_table(client: TestClient) -> None:
    body = client.get("/api/v1/gaps/totals", params={"by": "district"}).json()
    assert body["by"] == "district"
    by_id = {r["id"]: r for r in body["items"]}
    # the current year, 2025 — 渝中: demand 20; supply = t1's training 8 (no graduates); unmet 20 − 8 = 12;
    # 20 / 8 = 2.5 > 1.5 → shortage; the one evaluation body (b1) sits in 万州, out of reach → all 20 in a desert
    assert body["year"] == 2025
    assert by_id["yuzhong"] == {
        "id": "yuzhong", "name_zh": "渝中区", "name_en": "Yuzhong District", "lat": 29.55, "lng": 106.57,
        "demand": 20, "supply": 8, "graduates": 0, "training_capacity": 8, "evaluation_capacity": 0,
        "vacancy_ratio": 2.5, "unmet_demand": 12, "occupations": 1, "shortage_occupations": 1, "desert_headcount": 20,
        "forecast_gap": None,  # asked without a horizon
    }
    # 万州: e2 demands 12 + 3 = 15; s1 offers no major and nobody trains → supply 0, unmet 15, no_supply
    assert by_id["wanzhou"]["demand"] == 15
    assert (by_id["wanzhou"]["supply"], by_id["wanzhou"]["unmet_demand"]) == (0, 15)
    assert by_id["wanzhou"]["shortage_occupations"] == 1
    # only districts in the store, largest demand first
    assert [r["id"] for r in body["items"]] == ["yuzhong", "wanzhou"]


def test_gaps_by_district_count_the_year_asked_for(client: TestClient) -> None:
    body = client.get("/api/v1/gaps/totals", params={"by": "district", "year": 2024}).json()
    by_id = {r["id"]: r for r in body["items"]}
    # 渝中 2024: demand 5, supply 8, unmet 0; 万州 demanded nothing in 2024
    assert (by_id["yuzhong"]["demand"], by_id["yuzhong"]["supply"], by_id["yuzhong"]["unmet_demand"]) == (5, 8, 0)
    assert by_id["wanzhou"]["demand"] == 0


def test_gaps_by_district_list_the_stations_at_their_districts_place(client: TestClient) -> None:
    body = client.get("/api/v1/gaps/totals").json()
    # st1 has no coordinates of its own: it is drawn at 万州's (30.71, 108.4)
    assert body["stations"] == [
        {"id": "st1", "name_zh": "万州服务站", "name_en": None, "district": "wanzhou", "lat": 30.71, "lng": 108.4}
    ]


def test_gaps_by_cluster_sum_the_clusters_enterprises_and_chain_members(client: TestClient) -> None:
    body = client.get("/api/v1/gaps/totals", params={"by": "cluster"}).json()
    assert body["stations"] == []
    [nev] = body["items"]
    # the cluster holds e3 (IN_CLUSTER) and c1's members e1, e2, s1, b1: demand in 2025 20 + 15 = 35;
    # t1 is in neither, so supply 0 and all 35 is unmet
    assert (nev["id"], nev["name_zh"], nev["lat"]) == (NEV, "智能网联新能源汽车", None)
    assert (nev["demand"], nev["supply"], nev["unmet_demand"], nev["shortage_occupations"]) == (35, 0, 35, 1)


def test_chain_leader_cannot_see_the_city_summary(client: TestClient) -> None:
    leader = client.app.state.leader_key  # type: ignore[attr-defined]
    response = client.get("/api/v1/gaps/totals", headers={"Authorization": f"Bearer {leader}"})
    assert response.status_code == 403
    assert response.headers["content-type"].startswith("application/problem+json")


def test_summary_refuses_an_unknown_grouping(client: TestClient) -> None:
    assert client.get("/api/v1/gaps/totals", params={"by": "street"}).status_code == 422
