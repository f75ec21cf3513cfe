"""GET /api/v1/measures and /measures/breakdown over the measures fixture (tests/queries/measures_fixture.py):
what each role gets, and that a chain leader's answers hold nothing of other chains."""

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from store import GraphStore
from tests.api.conftest import Keys, auth, client_on
from tests.queries.measures_fixture import load_measures

C2_ONLY = {"e1", "e2", "e3", "e5", "s1", "t1", "t2", "b1", "b3", "c1", "c3", "p1", "p2", "p3"}
"""Ids outside c2 that a c2 leader's answer must not hold (c2: e4, s2, b2, h1, p4)."""


@pytest.fixture
def measures_client(store: GraphStore, tmp_path: Path) -> Iterator[tuple[TestClient, Keys]]:
    with client_on(store, tmp_path, load_measures) as found:
        yield found


def test_a_planner_reads_the_13_measures_of_the_city_and_of_a_district(
    measures_client: tuple[TestClient, Keys],
) -> None:
    client, keys = measures_client
    city = client.get("/api/v1/measures?year=2025", headers=auth(keys.planner)).json()
    assert city["region"]["kind"] == "city" and city["year"] == 2025
    assert sorted({i["measure"] for i in city["items"]}) == list(range(1, 14))
    fund = next(i for i in city["items"] if i["id"] == "fund_frontline_share")
    assert fund["value"] == pytest.approx(600 / 900) and fund["goal"] == 0.6 and fund["meets_goal"] is True
    # no year: the data's current year (the latest with demand firms had: 2025)
    assert client.get("/api/v1/measures", headers=auth(keys.planner)).json()["year"] == 2025
    wanzhou = client.get("/api/v1/measures?region=万州区&year=2025", headers=auth(keys.planner)).json()
    assert next(i["value"] for i in wanzhou["items"] if i["id"] == "chains") == 1


def test_a_chain_leader_reads_its_chains_indicators_and_nothing_of_another_chain(
    measures_client: tuple[TestClient, Keys],
) -> None:
    client, keys = measures_client
    own = client.get("/api/v1/measures?region=c2&year=2025", headers=auth(keys.leader_c2))
    assert own.status_code == 200
    by_id = {i["id"]: i for i in own.json()["items"]}
    assert by_id["high_skill_share"]["value"] == pytest.approx(0.4)
    assert by_id["chains_without_master_studio"]["detail"] == ["c2"]
    breakdown = client.get("/api/v1/measures/breakdown?indicator=high_skill_share&by=chain&year=2025",
                           headers=auth(keys.leader_c2))
    assert [r["id"] for r in breakdown.json()["items"]] == ["c2"]
    for answer in (own, breakdown):
        assert not C2_ONLY & set(_strings(answer.json())), answer.json()
    # another chain, the city and a breakdown by district are refused alike
    for path in ("/api/v1/measures?region=c1", "/api/v1/measures", "/api/v1/measures/breakdown?indicator=demand"):
        assert client.get(path, headers=auth(keys.leader_c2)).status_code == 403, path


def test_the_board_and_a_breakdown_export_to_excel_and_an_unknown_indicator_is_a_clear_400(
    measures_client: tuple[TestClient, Keys],
) -> None:
    client, keys = measures_client
    xlsx = client.get("/api/v1/measures?year=2025&format=xlsx", headers=auth(keys.planner))
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"
    csv = client.get("/api/v1/measures/breakdown?indicator=high_skill_share&year=2025&format=csv&lang=zh",
                     headers=auth(keys.planner))
    assert csv.status_code == 200 and "沙坪坝区" in csv.text
    bad = client.get("/api/v1/measures/breakdown?indicator=happiness", headers=auth(keys.planner))
    assert bad.status_code == 400 and "happiness" in bad.json()["detail"]


def _strings(value: object) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from _strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from _strings(v)
