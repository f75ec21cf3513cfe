"""One regression test per leak a chain leader had (issue 14), on the three-chain fixture of tests/api.

c1 = {c1, e1, e2, s1, t1, b1} and e3 (e2's order-class partner); c2 = {c2, e4, s2, b2, h1}. For c1's
leader everything of c2 and c3, and t2, b2, b3 outside its scope, are hidden; districts, clusters,
occupations, levels and majors are public.
"""

from typing import Any

from fastapi.testclient import TestClient

from app.api import create_app
from app.api.auth import KeyStore
from graph_model.nodes import EvaluationBody
from store import GraphStore, MemoryStore
from tests.api.conftest import Keys, auth, load_api_fixture
from tests.fixtures import load


def _get(client: TestClient, key: str, path: str) -> Any:
    return client.get(path, headers=auth(key))


def test_partner_recommendations_name_only_what_the_leader_sees_or_who_agreed_to_be_found(
    store: GraphStore, tmp_path: Any
) -> None:
    load_api_fixture(store)
    # b2 (c2's evaluator, shapingba) agrees to be discoverable; t2 and b3 do not.
    load(store, [EvaluationBody(id="b2", name_zh="沙坪坝区职业技能评价中心", district="shapingba",
                                discoverable=True)], [])
    keys = KeyStore(tmp_path / "keys.db")
    leader, _ = keys.create("c1", "chain_leader", ["c1"])
    planner, _ = keys.create("planner", "planner")
    with TestClient(create_app(store=store, keys=keys)) as client:
        every = _get(client, planner, "/api/v1/partners/c1").json()
        mine = _get(client, leader, "/api/v1/partners/c1").json()
    assert {c["id"] for c in every["items"]} == {"t2", "b2", "b3"}
    assert [c["id"] for c in mine["items"]] == ["b2"] and mine["total"] == 1
    # b2 partners with c2's members: none of those ties is named
    assert mine["items"][0]["peers_in_chain"] == [] and mine["items"][0]["peers_in_cluster"] == []


def test_a_region_of_another_chain_answers_like_one_that_does_not_exist(client: TestClient, keys: Keys) -> None:
    for endpoint in ("gaps", "shortages", "deserts"):
        other = _get(client, keys.leader_c1, f"/api/v1/{endpoint}?region=c2")
        missing = _get(client, keys.leader_c1, f"/api/v1/{endpoint}?region=c9")
        assert other.status_code == missing.status_code == 403
        assert other.json() == missing.json()


def test_an_id_the_leader_may_not_see_is_refused_without_asking_the_store(keys: Keys, key_store: KeyStore) -> None:
    """The timing oracle: a hidden id and a missing id take the same path, and neither reads the graph."""
    store = _Counting()
    load_api_fixture(store)
    with TestClient(create_app(store=store, keys=key_store)) as client:
        for path in ("/api/v1/entities/{}", "/api/v1/network/{}", "/api/v1/chains/{}/coverage",
                     "/api/v1/partners/{}"):
            _get(client, keys.leader_c1, path.format("e1"))  # its visible ids read once for this data version
            store.reads.clear()
            hidden = _get(client, keys.leader_c1, path.format("e4"))
            missing = _get(client, keys.leader_c1, path.format("e9"))
            assert hidden.status_code == missing.status_code == 404
            assert hidden.json()["detail"].replace("e4", "?") == missing.json()["detail"].replace("e9", "?")
            assert set(store.reads) == {"data_version"}, (path, store.reads)  # the data version, nothing else


def test_a_network_view_counts_only_the_nodes_the_leader_sees(client: TestClient, keys: Keys) -> None:
    # Wanzhou, 1 hop: its organisations (all of c1: e1, e2, s1, t1, b1) and nothing hidden — 6 with the centre
    view = _get(client, keys.leader_c1, "/api/v1/network/wanzhou?depth=1&limit=1").json()
    assert (view["total_nodes"], view["cut_nodes"], len(view["nodes"])) == (6, 5, 1)
    # c2's leader sees Wanzhou but none of its organisations
    view = _get(client, keys.leader_c2, "/api/v1/network/wanzhou?depth=1&limit=1").json()
    assert (view["total_nodes"], view["cut_nodes"]) == (1, 0)


def test_a_deep_network_view_reaches_only_through_what_the_leader_sees(client: TestClient, keys: Keys) -> None:
    # Shapingba is c2's: two hops from it, c1's leader reaches nothing through c2's hidden organisations —
    # not their demanded occupation C, not c2's major m3 (both public, but reached only through e4 / s2).
    view = _get(client, keys.leader_c1, "/api/v1/network/shapingba?depth=2&limit=500").json()
    assert [n["id"] for n in view["nodes"]] == ["shapingba"]
    planner = _get(client, keys.planner, "/api/v1/network/shapingba?depth=2&limit=500").json()
    assert {"4-10-01-05", "m3", "e4", "s2"} <= {n["id"] for n in planner["nodes"]}


def test_city_statistics_are_not_for_a_chain_leader(client: TestClient, keys: Keys) -> None:
    assert _get(client, keys.leader_c1, "/api/v1/stats").status_code == 403
    assert _get(client, keys.planner, "/api/v1/stats").status_code == 200


def test_the_chain_ranking_ranks_a_leaders_chains_among_themselves(client: TestClient, keys: Keys) -> None:
    ranked = _get(client, keys.leader_c2, "/api/v1/chains").json()
    assert (ranked["total"], [(c["chain"]["id"], c["rank"]) for c in ranked["items"]]) == (1, [("c2", 1)])


class _Counting(MemoryStore):
    """The embedded store, noting which of its reads a request makes."""

    def __init__(self) -> None:
        super().__init__()
        self.reads: list[str] = []

    def __getattribute__(self, name: str) -> Any:
        if name in ("get_node", "kinds_of", "adjacent", "neighbourhood", "subgraph", "read", "read_many",
                    "data_version", "counts"):
            object.__getattribute__(self, "reads").append(name)
        return object.__getattribute__(self, name)
