"""Partner recommendations on both stores, worked out by hand on the meridian fixture.

Distances (km per degree: 111.19 of latitude; 111.19 · cos(lat) of longitude, about 96.7 at 29.5° N):
    t2 (29.55, 106.45) – f1 (29.50, 106.36): √(5.56² + 8.71²) ≈ 10.33   – f2 (29.52): √(3.34² + 8.71²) ≈ 9.33
    s2 (29.70, 106.50) – f2: √(20.0² + 13.5²) ≈ 24.2
    t1 (Wanzhou centre 30.71, 108.4) – f1: √(134.5² + 196.3²) ≈ 238
    b1 sits next to f1: 0
Score = 0.35·occupation + 0.15·level + 0.2·capacity + 0.15 / (1 + d / 25) + 0.15·graph.
"""

import pytest

from analyses.errors import NotFoundError
from analyses.partners import recommend_partners
from queries import ParameterError
from store import GraphStore
from tests.queries.stations_fixture import A, W, load_meridian


def test_an_enterprise_is_told_whom_to_invite_and_why(store: GraphStore) -> None:
    load_meridian(store)
    recs = recommend_partners(store, "f1")
    # f1 demands A senior 40, unmet 20. s1 (its partner already) is left out.
    assert (recs.target.kind, recs.demand_headcount, recs.unmet_headcount, recs.weighted_by) == (
        "Enterprise", 40, 20.0, "unmet")
    t2, b1, t1 = recs.items
    assert [c.id for c in recs.items] == ["t2", "b1", "t1"] and recs.total == 3
    # t2: trains A at senior (f1's level); 30 spare (its partner f2 demands no A) ≥ 20; 10.3 km;
    #     partners f2, f1's fellow chain member → 0.35 + 0.15 + 0.2 + 0.15/(1 + 10.33/25) + 0.15 ≈ 0.956
    assert (t2.occupation_match, t2.level_match, t2.spare_capacity, t2.graph_proximity) == (1.0, 1.0, 1.0, 1.0)
    assert t2.distance_km == pytest.approx(10.33, abs=0.1)
    assert t2.score == pytest.approx(0.85 + 0.15 / (1 + 10.33 / 25), abs=1e-3)
    assert t2.peers_in_chain == ["f2"]
    # b1: evaluates A at senior; capacity 100 − its partner f3's demand for A 30 = 70 spare; 0 km;
    #     f3 is in f1's cluster only → ½ → 0.35 + 0.15 + 0.2 + 0.15 + 0.075 = 0.925
    assert (b1.score, b1.distance_km, b1.peers_in_cluster) == (pytest.approx(0.925), 0.0, ["f3"])
    assert (b1.occupations[0].capacity, b1.occupations[0].committed, b1.occupations[0].spare) == (100, 30, 70)
    # t1: trains A at any level, 4 a year: capacity 4/20 = 0.2; 238 km; no tie → 0.54 + 0.15/(1 + 238/25) ≈ 0.554
    assert t1.score == pytest.approx(0.54 + 0.15 / (1 + 238 / 25), abs=2e-3)
    assert t2.reasons_en[0] == "supplies 汽车装调工 (training, 30/yr, 30 spare) for 20 unmet posts; levels matched: " \
                               "senior worker"
    assert "already partners with chain peer f2" in t2.reasons_en
    assert "已与同集群企业f3合作" in b1.reasons_zh


def test_a_chain_is_told_whom_to_invite_for_all_its_members_demand(store: GraphStore) -> None:
    load_meridian(store)
    recs = recommend_partners(store, "k1", limit=2, offset=1)
    # k1's members f1 (A senior, unmet 20) and f2 (W intermediate, unmet 20): U = 40; its member s1 is left out
    # t2: A and W → 1; level: A senior ✓ (20), W junior ✗ → ½; spare A 30 + W max(0, 10 − f2's 20) = 30 → ¾;
    #     9.33 km to f2; chain peer → 0.35 + 0.075 + 0.15 + 0.15/(1 + 9.33/25) + 0.15 ≈ 0.834
    # b1: A only → ½; level 1; spare 70/20 → 1; 0 km; cluster peer f3 → 0.175 + 0.15 + 0.2 + 0.15 + 0.075 = 0.75
    # s2: W only → ½; graduates cover any level → 1; 10/20 → ½; 24.2 km; no tie → 0.425 + 0.15/(1 + 24.2/25) ≈ 0.501
    # t1: A only → ½; level 1; 4/20; 238 km → 0.175 + 0.15 + 0.04 + 0.15/(1 + 238/25) ≈ 0.379
    assert (recs.target.kind, recs.unmet_headcount, recs.total) == ("Chain", 40.0, 4)
    assert [(c.rank, c.id) for c in recs.items] == [(2, "b1"), (3, "s2")]
    full = recommend_partners(store, "k1")
    t2 = full.items[0]
    assert (t2.id, t2.occupation_match, t2.level_match, t2.spare_capacity) == ("t2", 1.0, 0.5, 0.75)
    assert t2.score == pytest.approx(0.725 + 0.15 / (1 + 9.33 / 25), abs=1e-3)
    # by occupation code: W 6-18-… before A 6-22-…
    assert [(o.occupation_id, o.spare) for o in t2.occupations] == [(W, 0), (A, 30)]
    assert full.items[2].score == pytest.approx(0.425 + 0.15 / (1 + 24.2 / 25), abs=1e-3)
    assert full.items[3].score == pytest.approx(0.365 + 0.15 / (1 + 238 / 25), abs=2e-3)


def test_unknown_targets_and_bad_pages_are_refused(store: GraphStore) -> None:
    load_meridian(store)
    with pytest.raises(NotFoundError, match="no enterprise or chain"):
        recommend_partners(store, "nobody")
    with pytest.raises(NotFoundError):
        recommend_partners(store, "s1")  # a school is not a target
    with pytest.raises(ParameterError, match="limit"):
        recommend_partners(store, "f1", limit=0)


def test_each_tie_names_the_chain_that_makes_its_peer_one(store: GraphStore) -> None:
    """A caller who may not see that chain may not count the peer through it (analyses.partners)."""
    from queries import run

    load_meridian(store)
    ties = run(store, "partner_ties", {"target_id": "f1"})
    assert ties and all((t["via"] == "chain") == (t["chain_id"] is not None) for t in ties), ties
    assert {t["chain_id"] for t in ties if t["via"] == "chain"} <= {c["id"] for c in run(store, "chains", {})}


def test_candidates_are_named_in_both_languages_as_their_nodes_are(store: GraphStore) -> None:
    load_meridian(store)
    recs = recommend_partners(store, "f1")
    assert recs.items
    for c in recs.items:
        node = store.get_node(c.id)
        assert node is not None and (c.name_zh, c.name_en) == (node.properties.get("name_zh"),
                                                               node.properties.get("name_en"))
