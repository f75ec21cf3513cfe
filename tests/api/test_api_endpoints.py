"""What the endpoints answer: values from the hand-built fixture, paging, problem details, uploads."""

import os

from fastapi.testclient import TestClient

from analyses.partners import recommend_partners
from analyses.stations import recommend_stations
from store import GraphStore
from tests.api.conftest import Keys, auth
from tests.queries.fixture import A, R, W


def test_gap_table_rows_are_ordered_by_demand_and_paged(client: TestClient, keys: Keys) -> None:
    # wanzhou demand in the current year (2025; e1's R in 2026 is a plan): A = e1 20 + e2 12 + e2 3 = 35; W = e2 10.
    body = client.get("/api/v1/gaps?region=wanzhou", headers=auth(keys.planner)).json()
    assert [(r["occupation_id"], r["demand"]) for r in body["items"]] == [(A, 35), (W, 10)]
    assert body["region_demand"] == 45 and body["total"] == 2 and body["year"] == 2025
    page = client.get("/api/v1/gaps?region=wanzhou&limit=1&offset=1", headers=auth(keys.planner)).json()
    assert [r["occupation_id"] for r in page["items"]] == [W]
    assert (page["total"], page["limit"], page["offset"]) == (2, 1, 1)
    # a plan year is asked for by name: R = e1 5
    plans = client.get("/api/v1/gaps?region=wanzhou&year=2026", headers=auth(keys.planner)).json()
    assert [(r["occupation_id"], r["demand"]) for r in plans["items"]] == [(R, 5)]
    # A's supply in wanzhou: s1's major m1 60 graduates + t1 training 50 = 110.
    assert body["items"][0]["supply"] == 110


def test_a_chain_leader_gets_its_own_chains_gaps(client: TestClient, keys: Keys) -> None:
    # c1's members demand A 35, W 10 in 2025, like wanzhou (all of c1 sits there).
    body = client.get("/api/v1/gaps?region=c1", headers=auth(keys.leader_c1)).json()
    assert body["region"] == {"kind": "chain", "id": "c1", "name_zh": body["region"]["name_zh"],
                              "name_en": body["region"]["name_en"]}
    assert body["region_demand"] == 45


def test_districts_are_found_by_chinese_name_too(client: TestClient, keys: Keys) -> None:
    body = client.get("/api/v1/gaps", params={"region": "万州区"}, headers=auth(keys.planner)).json()
    assert body["region"]["id"] == "wanzhou"


def test_errors_are_problem_details(client: TestClient, keys: Keys) -> None:
    headers = auth(keys.planner)
    unknown_region = client.get("/api/v1/gaps?region=atlantis", headers=headers)
    assert unknown_region.status_code == 404
    assert unknown_region.headers["content-type"] == "application/problem+json"
    problem = unknown_region.json()
    assert problem["status"] == 404 and problem["type"].endswith("/not-found")
    assert "atlantis" in problem["detail"] and problem["instance"] == "/api/v1/gaps"

    bad_cluster = client.get("/api/v1/shortages?cluster=nope", headers=headers)
    assert bad_cluster.status_code == 400 and "unknown cluster 'nope'" in bad_cluster.json()["detail"]

    invalid = client.get("/api/v1/gaps?limit=0", headers=headers)
    assert invalid.status_code == 422
    assert invalid.json()["errors"][0]["location"] == "query.limit"

    assert client.get("/api/v1/nowhere", headers=headers).json()["status"] == 404


def test_analysts_run_the_named_library(client: TestClient, keys: Keys) -> None:
    headers = auth(keys.analyst)
    names = [q["name"] for q in client.get("/api/v1/queries", headers=headers).json()]
    assert {"region_gap", "chain_scope", "search_entities"} <= set(names)
    rows = client.post("/api/v1/queries/chain_members", json={"params": {"chain_id": "c2"}}, headers=headers).json()
    assert [(r["id"], r["link_role"]) for r in rows["items"]] == [
        ("h1", "employment"), ("b2", "evaluation"), ("e4", "industry"), ("s2", "teaching")  # by link_role, then id
    ]
    assert client.post("/api/v1/queries/drop_everything", json={}, headers=headers).status_code == 404
    missing = client.post("/api/v1/queries/chain_members", json={"params": {}}, headers=headers)
    assert missing.status_code == 400 and "chain_id" in missing.json()["detail"]


def test_entity_detail_lists_properties_and_neighbours(client: TestClient, keys: Keys) -> None:
    body = client.get("/api/v1/entities/e2", headers=auth(keys.planner)).json()
    assert body["kind"] == "Enterprise" and body["kind_zh"] == "企业"
    assert body["properties"]["name_zh"] == "重庆青山工业有限责任公司"
    rels = {(n["relationship"], n["direction"], n["id"]) for n in body["neighbours"]}
    assert {("MEMBER_OF", "out", "c1"), ("LOCATED_IN", "out", "wanzhou"), ("PARTNERS_WITH", "out", "e3")} <= rels


def test_health_and_ready_need_no_key(client: TestClient) -> None:
    health = client.get("/health").json()
    assert health["status"] == "alive" and str(os.getpid()) not in str(health)  # nothing of the process itself
    assert client.get("/ready").json()["status"] == "ready"


def test_the_openapi_document_has_examples_and_security(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    params = {p["name"]: p for p in spec["paths"]["/api/v1/gaps"]["get"]["parameters"]}
    assert "wanzhou" in params["region"]["schema"]["examples"]
    assert {"APIKeyHeader", "HTTPBearer"} <= set(spec["components"]["securitySchemes"])


def test_an_admin_uploads_files_and_good_rows_load_around_bad_ones(
    fresh_client: tuple[TestClient, Keys]
) -> None:
    client, keys = fresh_client
    csv = (
        "id,name_zh,district,school_type\n"
        "s9,重庆新能源汽车职业学院,wanzhou,higher_vocational\n"
        "s10,无名学校,atlantis,higher_vocational\n"
    ).encode()
    r = client.post("/api/v1/ingest", files={"files": ("school.csv", csv, "text/csv")}, headers=auth(keys.admin))
    assert r.status_code == 200, r.text
    report = r.json()
    assert report["summary"]["rows_loaded"] == 1 and report["summary"]["rows_rejected"] == 1
    rejection = report["files"][0]["rejections"][0]
    assert rejection["row"] == 3 and rejection["field"] == "district"
    assert client.get("/api/v1/entities/s9", headers=auth(keys.planner)).json()["properties"]["district"] == "wanzhou"
    assert client.get("/api/v1/entities/s10", headers=auth(keys.planner)).status_code == 404


def test_every_problem_type_the_api_answers_with_is_described(client: TestClient, keys: Keys) -> None:
    problem = client.get("/api/v1/chains/none/coverage", headers=auth(keys.planner)).json()
    described = client.get(problem["type"]).json()
    assert described["type"] == problem["type"] == "/problems/not-found"
    assert "does not exist" in described["description"] or "No such" in described["description"]
    assert client.get("/problems/teapot").status_code == 404


def test_station_and_partner_recommendations_come_through_with_their_reasons(
    client: TestClient, keys: Keys, api_store: GraphStore
) -> None:
    plan = client.get("/api/v1/stations/recommendations?k=1&rule=district", headers=auth(keys.planner)).json()
    assert plan == recommend_stations(api_store, 1, rule="district", year=2025).model_dump(mode="json") | {
        "solver": plan["solver"]  # the solve time differs from run to run
    }
    assert len(plan["items"]) == 1 and plan["items"][0]["reason_zh"] and plan["items"][0]["reason_en"]
    assert plan["covered_after"] >= plan["covered_before"]
    invited = client.get("/api/v1/partners/c1", headers=auth(keys.planner)).json()
    assert invited == recommend_partners(api_store, "c1", year=2025).model_dump(mode="json")
    assert invited["total"] == 3
    # c1's leader sees none of them: t2, b3 and b2 are outside its chain's scope
    assert client.get("/api/v1/partners/c1", headers=auth(keys.leader_c1)).json()["total"] == 0
    assert client.get("/api/v1/stations/recommendations?k=0", headers=auth(keys.planner)).status_code == 422


def test_a_year_the_data_holds_no_demand_for_is_refused_naming_the_years_it_holds(
    client: TestClient, keys: Keys
) -> None:
    """An empty answer for a year without data reads as "no gaps" (before: 200 with nothing in it)."""
    years = client.get("/api/v1/years", headers=auth(keys.planner)).json()
    for path in ("/api/v1/gaps?region=city", "/api/v1/shortages?region=city", "/api/v1/deserts?region=city",
                 "/api/v1/chains", "/api/v1/stations/recommendations?k=1"):
        ok = client.get(path, params={"year": years["current"]}, headers=auth(keys.planner))
        assert ok.status_code == 200, (path, ok.text)
        refused = client.get(path, params={"year": 2099}, headers=auth(keys.planner))
        assert refused.status_code == 400, (path, refused.text)
        assert refused.json()["detail"].startswith("year 2099: the data holds no demand for it (demand had: "
                                                   f"{years['years'][0]}"), refused.json()
