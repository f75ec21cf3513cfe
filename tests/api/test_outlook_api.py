"""Measure 13 through the API, on both stores: the years, trends, forecasts that add up, the ranking by forecast
gap, and a chain leader kept to its own chain (numbers from tests/queries/history_fixture.py)."""

import math
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from app.api.answers import AnswerCache
from store import GraphStore
from tests.api.conftest import Keys, auth, client_on
from tests.queries.fixture import A, C, R, W
from tests.queries.history_fixture import load_history

DISTRICTS = ("wanzhou", "shapingba", "fengjie", "wushan")


@pytest.fixture
def history_client(store: GraphStore, tmp_path: Path) -> Iterator[tuple[TestClient, Keys]]:
    with client_on(store, tmp_path, load_history) as found:
        yield found


def test_years_and_the_default_year_of_every_answer(history_client: tuple[TestClient, Keys]) -> None:
    client, keys = history_client
    years = client.get("/api/v1/years", headers=auth(keys.leader_c1)).json()
    assert years == {"years": list(range(2019, 2026)), "current": 2025, "plan_years": [2026]}
    # an answer without a year is the current year's, never a sum of years
    default = client.get("/api/v1/gaps?region=wanzhou", headers=auth(keys.planner)).json()
    asked = client.get("/api/v1/gaps?region=wanzhou&year=2025", headers=auth(keys.planner)).json()
    assert default == asked and default["year"] == 2025
    assert {r["occupation_id"]: r["demand"] for r in default["items"]}[A] == 160


def test_trends_and_forecasts_answer_with_the_rule_and_intervals(history_client: tuple[TestClient, Keys]) -> None:
    client, keys = history_client
    trends = client.get("/api/v1/trends?region=city", headers=auth(keys.planner)).json()
    assert [(r["occupation_id"], r["trend"]) for r in trends["items"]][:2] == [(A, "worse"), (R, "new")]
    assert "least-squares" in trends["rule"]
    body = client.get(f"/api/v1/forecasts?region=city&occupation={A}&horizon=2", headers=auth(keys.planner)).json()
    [a] = body["items"]
    assert body["current"] == 2025 and body["level"] == 80 and [p["year"] for p in a["points"]] == [2026, 2027]
    assert abs(a["points"][0]["demand"] - 200) / 200 <= 0.02 and a["points"][0]["planned"] == 175


def test_district_forecasts_add_up_to_the_city_through_the_api(history_client: tuple[TestClient, Keys]) -> None:
    client, keys = history_client

    def means(region: str) -> dict[str, list[float]]:
        body = client.get(f"/api/v1/forecasts?region={region}", headers=auth(keys.planner)).json()
        return {r["occupation_id"]: [p["demand"] for p in r["points"]] for r in body["items"]}

    city = means("city")
    parts = [means(d) for d in DISTRICTS]
    for occ, values in city.items():
        for i, value in enumerate(values):
            assert math.isclose(value, sum(p[occ][i] for p in parts if occ in p), rel_tol=1e-9, abs_tol=1e-9)
    # the city's district forecasts were made once and shared by the five answers
    answers: AnswerCache = client.app.state.answers  # type: ignore[attr-defined]
    assert [k for k in answers._values if k[0] == "district-forecasts"] == [("district-forecasts", "city", ())]


def test_shortages_with_a_horizon_rank_by_forecast_gap(history_client: tuple[TestClient, Keys]) -> None:
    client, keys = history_client
    body = client.get("/api/v1/shortages?horizon=2", headers=auth(keys.planner)).json()
    assert body["horizon"] == 2 and body["year"] == 2027
    gaps = [e["gap"] for e in body["items"]]
    assert gaps == sorted(gaps, reverse=True) and body["items"][0]["occupation_id"] == A
    assert {e["occupation_id"] for e in body["items"]} <= {A, C, R}
    today = client.get("/api/v1/shortages", headers=auth(keys.planner)).json()
    assert "horizon" not in today and today["year"] == 2025
    assert client.get("/api/v1/shortages?horizon=4", headers=auth(keys.planner)).status_code == 422


def test_a_chain_leader_gets_its_own_chains_forecasts_only(history_client: tuple[TestClient, Keys]) -> None:
    client, keys = history_client
    mine = client.get("/api/v1/shortages?region=c1&horizon=2", headers=auth(keys.leader_c1))
    assert mine.status_code == 200 and [e["occupation_id"] for e in mine.json()["items"]] == [A]
    forecasts = client.get("/api/v1/forecasts?region=c1", headers=auth(keys.leader_c1)).json()
    assert {r["occupation_id"] for r in forecasts["items"]} == {A, W}
    # c1 sits in 万州: its A is e1's alone (e3's 30 in 奉节 is not c1's)
    a = next(r for r in forecasts["items"] if r["occupation_id"] == A)
    assert a["history"] == [100 + 10 * i for i in range(7)]
    for path in ("/api/v1/forecasts?region=city", "/api/v1/trends?region=c2", "/api/v1/shortages?region=wanzhou"
                 "&horizon=1", "/api/v1/trends?region=yudongbei", "/api/v1/forecasts?region=c9"):
        refused = client.get(path, headers=auth(keys.leader_c1))
        assert refused.status_code == 403, path
