"""Every endpoint × every role × own / other chain, on both stores.

The fixture (tests/queries/fixture.py + one partnership): c1 = {e1 (leader), e2, s1, t1, b1}, and e2
partners with e3, which is in no chain, so c1's scope is {c1, e1, e2, e3, s1, t1, b1}. c2 = {e4
(leader), s2, b2, h1}. Districts, clusters, occupations, levels and majors are public.
`leader_c1` is bound to c1 (its own chain); `leader_c2` to c2 (for it, c1 is another chain).
"""

from typing import Any

import pytest
from fastapi.testclient import TestClient

from app.api.auth import KeyStore
from tests.api.conftest import Keys, auth

ALL = ("planner", "analyst", "admin", "leader_c1", "leader_c2")
CITY = {"planner": 200, "analyst": 200, "admin": 200, "leader_c1": 403, "leader_c2": 403}
"""City-wide analyses: chain leaders are refused."""
OWN_C1 = {"planner": 200, "analyst": 200, "admin": 200, "leader_c1": 200, "leader_c2": 404}
"""Something of c1: its own leader sees it, another chain's leader is told it does not exist."""
EVERYONE = dict.fromkeys(ALL, 200)
OWN_REGION_C1 = {**OWN_C1, "leader_c2": 403}
"""An analysis of the region c1: another chain's leader is refused as for any region not its own."""
LIBRARY = {"planner": 403, "analyst": 200, "admin": 200, "leader_c1": 403, "leader_c2": 403}

MATRIX: list[tuple[str, str, dict[str, Any] | None, dict[str, int]]] = [
    ("GET", "/api/v1/me", None, EVERYONE),
    ("GET", "/api/v1/stats", None, CITY),  # city-wide counts: not for a chain leader
    ("GET", "/api/v1/chains", None, EVERYONE),
    ("GET", "/api/v1/chains/c1/coverage", None, OWN_C1),
    ("GET", "/api/v1/chains/c1/network", None, OWN_C1),
    ("GET", "/api/v1/gaps?region=c1", None, OWN_REGION_C1),
    ("GET", "/api/v1/gaps?region=wanzhou", None, CITY),
    ("GET", "/api/v1/gaps?region=city", None, CITY),
    ("GET", "/api/v1/shortages?region=c1", None, OWN_REGION_C1),
    ("GET", "/api/v1/shortages", None, CITY),
    ("GET", "/api/v1/gaps/totals", None, CITY),
    ("GET", "/api/v1/gaps/totals?by=cluster", None, CITY),
    ("GET", "/api/v1/deserts?region=c1", None, OWN_REGION_C1),
    ("GET", "/api/v1/deserts?region=county_12", None, CITY),
    ("GET", "/api/v1/measures?region=c1", None, OWN_REGION_C1),
    ("GET", "/api/v1/measures", None, CITY),
    ("GET", "/api/v1/measures/breakdown?indicator=high_skill_share", None, CITY),
    ("GET", "/api/v1/measures/breakdown?indicator=high_skill_share&by=chain", None, EVERYONE),
    ("GET", "/api/v1/stations/recommendations?k=1", None, CITY),
    ("GET", "/api/v1/stations/minimum?rule=district", None, CITY),
    ("GET", "/api/v1/partners/c1", None, OWN_C1),
    ("GET", "/api/v1/partners/e2", None, OWN_C1),  # an enterprise of c1
    ("GET", "/api/v1/partners/e4", None, {**EVERYONE, "leader_c1": 404}),  # c2's leader firm
    ("GET", "/api/v1/network/c1", None, OWN_C1),
    ("GET", "/api/v1/network/e2", None, OWN_C1),
    ("GET", "/api/v1/network/e3", None, OWN_C1),  # a partner of a c1 member
    ("GET", "/api/v1/network/wanzhou", None, EVERYONE),  # a district: public reference
    ("GET", "/api/v1/entities/e2", None, OWN_C1),
    ("GET", "/api/v1/entities/e4", None, {**EVERYONE, "leader_c1": 404}),  # c2's leader firm
    ("GET", "/api/v1/entities/6-22-02-01", None, EVERYONE),  # an occupation: public
    ("GET", "/api/v1/search?q=青山", None, EVERYONE),
    ("GET", "/api/v1/queries", None, LIBRARY),
    ("POST", "/api/v1/queries/chains", {"params": {}}, LIBRARY),
]


def _call(client: TestClient, method: str, path: str, body: dict[str, Any] | None, key: str | None) -> Any:
    headers = auth(key) if key else {}
    return client.request(method, path, json=body, headers=headers)


@pytest.mark.parametrize(("method", "path", "body", "expected"), MATRIX, ids=[f"{m} {p}" for m, p, _, _ in MATRIX])
def test_every_endpoint_answers_each_role_as_the_access_rules_say(
    client: TestClient, keys: Keys, method: str, path: str, body: dict[str, Any] | None, expected: dict[str, int]
) -> None:
    got = {role: _call(client, method, path, body, getattr(keys, role)).status_code for role in ALL}
    assert got == expected
    anonymous = _call(client, method, path, body, None)
    assert anonymous.status_code == 401
    assert anonymous.headers["content-type"] == "application/problem+json"
    assert anonymous.headers["www-authenticate"].startswith("Bearer")


def test_writes_are_for_admins_only(client: TestClient, keys: Keys) -> None:
    files = {"files": ("enterprise.csv", b"id,name_zh\n", "text/csv")}
    for role in ("planner", "analyst", "leader_c1", "leader_c2"):
        r = client.post("/api/v1/ingest", files=files, headers=auth(getattr(keys, role)))
        assert r.status_code == 403, role
        assert "admin" in r.json()["detail"]
    assert client.post("/api/v1/ingest", files=files).status_code == 401


def test_a_refusal_for_another_chain_is_indistinguishable_from_a_chain_that_does_not_exist(
    client: TestClient, keys: Keys
) -> None:
    other = client.get("/api/v1/chains/c1/coverage", headers=auth(keys.leader_c2)).json()
    missing = client.get("/api/v1/chains/nope/coverage", headers=auth(keys.leader_c2)).json()
    assert other["status"] == missing["status"] == 404
    assert other["detail"].replace("'c1'", "X") == missing["detail"].replace("'nope'", "X")


def test_a_chain_leader_lists_only_its_own_chains(client: TestClient, keys: Keys) -> None:
    mine = client.get("/api/v1/chains", headers=auth(keys.leader_c1)).json()
    assert [c["chain"]["id"] for c in mine["items"]] == ["c1"]
    assert mine["total"] == 1
    every = client.get("/api/v1/chains", headers=auth(keys.planner)).json()
    assert sorted(c["chain"]["id"] for c in every["items"]) == ["c1", "c2", "c3"]


def test_a_chain_leader_sees_its_chain_network_and_partners_but_nothing_of_other_chains(
    client: TestClient, keys: Keys
) -> None:
    view = client.get("/api/v1/chains/c1/network", headers=auth(keys.leader_c1)).json()
    # c1, its five members, and e3 (e2's order-class partner): seven nodes, chain first, then members.
    assert [n["id"] for n in view["nodes"]] == ["c1", "b1", "e1", "e2", "s1", "t1", "e3"]
    assert view["total_nodes"] == 7 and not view["truncated"]
    assert {n["id"]: n["link_roles"] for n in view["nodes"]}["s1"] == ["teaching"]
    # Three hops from wanzhou: its c1 members (1), their occupations A, W, R and majors (2), then whoever
    # else trains, evaluates or demands those: t2 and b3 (W, no chain), b2 (W, c2), e5 (R, c3) (3).
    # The planner sees them all; c1's leader sees its own chain and none of the others.
    around = client.get("/api/v1/network/wanzhou?depth=3&limit=500", headers=auth(keys.leader_c1)).json()
    ids = {n["id"] for n in around["nodes"]}
    assert {"e1", "e2", "s1", "t1", "b1", "6-18-02-04"} <= ids
    assert not ids & {"e5", "b2", "t2", "b3"}
    assert all(e["start"] in ids and e["end"] in ids for e in around["edges"])
    planner_view = client.get("/api/v1/network/wanzhou?depth=3&limit=500", headers=auth(keys.planner)).json()
    assert {"e5", "b2", "t2", "b3"} <= {n["id"] for n in planner_view["nodes"]}
    assert planner_view["total_nodes"] - around["total_nodes"] >= 4


def test_a_chain_leader_searches_only_what_it_may_see(client: TestClient, keys: Keys) -> None:
    # e2 is 重庆青山工业有限责任公司 (c1); the planner finds it, c2's leader does not.
    assert [h["id"] for h in client.get("/api/v1/search?q=青山", headers=auth(keys.planner)).json()["items"]] == ["e2"]
    assert client.get("/api/v1/search?q=青山", headers=auth(keys.leader_c2)).json() == {
        "total": 0, "limit": 20, "offset": 0, "items": [], "more": False
    }


def test_entity_detail_hides_neighbours_outside_the_chain_leaders_scope(client: TestClient, keys: Keys) -> None:
    # The occupation A (6-22-02-01) is demanded by e1 and e2 (c1) and prepared for by m1, trained by t1,
    # evaluated by b1; c2's leader sees the occupation but none of those c1 organisations.
    planner = client.get("/api/v1/entities/6-22-02-01", headers=auth(keys.planner)).json()
    assert {"e1", "e2", "t1", "b1", "m1"} <= {n["id"] for n in planner["neighbours"]}
    other = client.get("/api/v1/entities/6-22-02-01", headers=auth(keys.leader_c2)).json()
    assert not {n["id"] for n in other["neighbours"]} & {"e1", "e2", "t1", "b1"}
    assert "m1" in {n["id"] for n in other["neighbours"]}  # majors are public


def test_keys_are_checked_on_every_request_so_a_revoked_key_stops_at_once(
    client: TestClient, keys: Keys, key_store: KeyStore
) -> None:
    key, info = key_store.create("temporary", "analyst")
    assert client.get("/api/v1/me", headers=auth(key)).json()["role"] == "analyst"
    key_store.revoke(info.key_id)
    r = client.get("/api/v1/me", headers=auth(key))
    assert r.status_code == 401 and "revoked" in r.json()["detail"]
    assert client.get("/api/v1/me", headers={"X-API-Key": keys.planner}).json()["role"] == "planner"
    tampered = keys.planner[:-2] + ("aa" if not keys.planner.endswith("aa") else "bb")
    assert client.get("/api/v1/me", headers=auth(tampered)).status_code == 401
