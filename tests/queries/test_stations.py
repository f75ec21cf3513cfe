"""Station recommendations on both stores, worked out by hand on the meridian fixture.

Coverage within 10 km (see the fixture for positions; 0.01° of latitude = 1.112 km):
    existing st1 (30.00): f4 (5.6 km) → 10 covered before; f6 is 11.1 km away
    s1 school (29.51):    f1 (1.1 km) 20 + f2 (1.1 km) 20 = 40
    p1 eco-park (29.85):  f3 (5.6 km) 15 + f6 (5.6 km) 6 = 21        (f4 is 11.1 km away)
    f3 firm (29.80):      f3 itself 15                                 (f6 11.1 km, p1's firms farther)
    wanzhou seat:         f5 (0 km) 12
    shapingba seat (29.63): f1 14.5 km, f2 12.2 km, f3 18.9 km → nothing; jiulongpo seat: nothing
"""

import pytest

from analyses.errors import NotFoundError
from analyses.gaps import gap_table
from analyses.regions import resolve_region
from analyses.stations import minimum_stations, recommend_stations
from analyses.unmet import unmet_demand
from queries import ParameterError, run
from store import GraphStore
from tests.queries.stations_fixture import NEV, A, W, load_meridian


def test_unmet_demand_is_demand_discounted_by_the_district_gap(store: GraphStore) -> None:
    load_meridian(store)
    rows = unmet_demand(store, resolve_region(store, "city"))
    assert [(r.enterprise_id, r.occupation_id, r.headcount, r.unmet) for r in rows] == [
        ("f1", A, 40, 20.0), ("f2", W, 20, 20.0), ("f3", A, 30, 15.0), ("f4", W, 10, 10.0),
        ("f5", A, 16, 12.0), ("f6", W, 6, 6.0),
    ]
    # the same supply and demand as the gap analysis of Shapingba: A 70 against 35, W 36 against 0
    table = {r.occupation_id: (r.demand, r.supply) for r in gap_table(store, "shapingba").items}
    assert table == {A: (70, 35), W: (36, 0)}
    # f5 sits at its district's centre, for want of its own coordinates
    assert (rows[4].lat, rows[4].lng) == (30.71, 108.4)


def test_the_district_gap_query_agrees_with_the_gap_table_of_every_district(store: GraphStore) -> None:
    load_meridian(store)
    rows = run(store, "district_gap", {})
    for district in ("shapingba", "wanzhou"):
        table = sorted((r.occupation_id, r.demand, r.graduates, r.training_capacity)
                       for r in gap_table(store, district).items)
        mine = [(r["occupation_id"], r["demand"], r["graduates"], r["training_capacity"]) for r in rows
                if r["district"] == district]
        assert sorted(mine) == sorted(table)
    # shapingba W 36 / 0 / 0, A 70 / 35 / 0; wanzhou A 16 / 0 / 4 (t1); jiulongpo has no demand
    assert [(r["district"], r["occupation_id"]) for r in rows] == [("shapingba", W), ("shapingba", A), ("wanzhou", A)]


def test_the_k_sites_covering_the_most_unmet_demand_with_reasons(store: GraphStore) -> None:
    load_meridian(store)
    plan = recommend_stations(store, 2, radius_km=10)
    # candidates: 3 district seats, p1, f3 (2,000 employees), s1 (6,000 students); not s2 (800), not f1 (50)
    assert (plan.demand_points, plan.candidate_sites, [s.id for s in plan.existing_stations]) == (6, 6, ["st1"])
    assert (plan.unmet_total, plan.covered_before) == (83.0, 10.0)
    # best pair: s1 40 + p1 21 = 61 (s1 + f3 = 55, s1 + wanzhou = 52) → after 10 + 61 = 71
    assert [(s.rank, s.id, s.kind, s.marginal_gain) for s in plan.items] == [
        (1, "s1", "school", 40.0), (2, "p1", "eco_park", 21.0)]
    assert plan.covered_after == 71.0
    assert plan.share_before == pytest.approx(10 / 83) and plan.share_after == pytest.approx(71 / 83)
    assert (plan.solver.method, plan.solver.status, plan.solver.gap) == ("milp", "optimal", 0.0)
    s1, p1 = plan.items
    assert [(o.id, o.unmet) for o in s1.organisations] == [("f1", 20.0), ("f2", 20.0)]
    assert [(o.occupation_id, o.skill_level, o.unmet) for o in p1.occupations] == [
        (A, "senior_worker", 15.0), (W, "intermediate_worker", 6.0)]
    assert p1.reason_zh == ("技能人才生态园区「沙坪坝技能人才生态园区」：新覆盖沙坪坝区2家企业的21个未满足岗位，"
                            "以汽车装调工（高级工）为主。")
    assert p1.reason_en == ("skills eco-park Shapingba Skills Eco-Park: newly covers 21 unmet posts in 2 firms of "
                            "Shapingba District, mostly Automobile Assembly and Commissioning Worker (senior worker).")


def test_three_sites_cover_everything_and_the_plan_pages(store: GraphStore) -> None:
    load_meridian(store)
    plan = recommend_stations(store, 3, radius_km=10, limit=1, offset=2)
    # s1 40, p1 21, then the Wanzhou seat 12: 10 + 73 = 83, all of it
    assert (plan.total, plan.covered_after, plan.share_after) == (3, 83.0, 1.0)
    assert [(s.rank, s.id, s.marginal_gain) for s in plan.items] == [(3, "wanzhou", 12.0)]
    assert plan.items[0].reason_en.startswith("district seat Wanzhou District: newly covers 12 unmet posts in 1 firm")


def test_the_fewest_sites_that_cover_all_unmet_demand(store: GraphStore) -> None:
    load_meridian(store)
    plan = minimum_stations(store, radius_km=10)
    # f1, f2 only by s1; f6 only by p1; f5 only by the Wanzhou seat → 3 sites, and they are enough
    assert [s.id for s in plan.items] == ["s1", "p1", "wanzhou"]
    assert (plan.question, plan.covered_after, plan.uncoverable, plan.solver.objective) == ("min_stations", 83.0,
                                                                                             0.0, 3.0)
    # with a 1 km radius only f5 (at the Wanzhou seat) and f3 (a candidate itself) can be reached
    small = minimum_stations(store, radius_km=1)
    assert [s.id for s in small.items] == ["f3", "wanzhou"]
    assert (small.covered_before, small.uncoverable, small.covered_after) == (0.0, 20 + 20 + 10 + 6, 27.0)


def test_a_station_capacity_limits_what_each_site_serves(store: GraphStore) -> None:
    load_meridian(store)
    plan = recommend_stations(store, 2, radius_km=10, capacity=25)
    # s1 serves 25 of its 40; with p1 (21 ≤ 25) 46 — more than s1 + f3 (25 + 15) or p1 + the Wanzhou seat (33)
    assert [(s.id, s.marginal_gain, s.newly_covered) for s in plan.items] == [("s1", 25.0, 40.0),
                                                                              ("p1", 21.0, 21.0)]
    assert plan.covered_after == 10 + 46
    assert plan.items[0].reason_en.endswith("; its capacity serves 25 of them.")


def test_the_district_rule_covers_a_sites_own_district(store: GraphStore) -> None:
    load_meridian(store)
    plan = recommend_stations(store, 1, rule="district")
    # st1 is in Shapingba: every Shapingba firm (83 − f5's 12 = 71) is covered before; only Wanzhou's seat adds
    assert (plan.covered_before, [s.id for s in plan.items], plan.covered_after, plan.radius_km) == (
        71.0, ["wanzhou"], 83.0, None)


def test_region_and_occupation_filters_restrict_the_demand(store: GraphStore) -> None:
    load_meridian(store)
    welders = recommend_stations(store, 1, radius_km=10, occupations=[W])
    # W only: f2 20, f4 10 (covered before), f6 6 → s1 covers 20, p1 6
    assert (welders.unmet_total, welders.covered_before, [s.id for s in welders.items]) == (36.0, 10.0, ["s1"])
    wanzhou = recommend_stations(store, 1, region="wanzhou")
    assert (wanzhou.unmet_total, [s.id for s in wanzhou.items]) == (12.0, ["wanzhou"])
    nev = recommend_stations(store, 1, radius_km=10, cluster=NEV)
    # A is the NEV occupation: f1 20, f3 15, f5 12 → s1 covers f1 (20)
    assert (nev.unmet_total, [s.id for s in nev.items]) == (47.0, ["s1"])


def test_bad_inputs_are_refused_with_a_clear_error(store: GraphStore) -> None:
    load_meridian(store)
    with pytest.raises(ParameterError, match="k must be"):
        recommend_stations(store, 0)
    with pytest.raises(ParameterError, match="radius_km must be > 0"):
        recommend_stations(store, 1, radius_km=0)
    with pytest.raises(ParameterError, match="rule"):
        minimum_stations(store, rule="adjacent")  # type: ignore[arg-type]
    with pytest.raises(ParameterError, match="not in the 2022 classification"):
        recommend_stations(store, 1, occupations=["9-99"])
    with pytest.raises(ParameterError, match="limit"):
        recommend_stations(store, 1, limit=0)
    with pytest.raises(NotFoundError, match="no region"):
        recommend_stations(store, 1, region="atlantis")

