"""Measure 13 over the graph, on both stores: the data's years, trends, forecasts that add up from the districts
to the city, the projected supply, and the forward-looking shortage ranking (numbers from history_fixture)."""

import math

import pytest

from analyses.forecast import MIN_POINTS
from analyses.gaps import gap_table
from analyses.outlook import (
    data_years,
    fetch_supply,
    forecast_shortage_ranking,
    forecast_table,
    names_of_occupation,
    resolve_where,
    trend_table,
)
from graph_model.reference import occupations
from graph_model.relationships import Demands, Offers, Trains
from ingest.reference import load_reference
from queries import ParameterError
from store import GraphStore, MemoryStore
from tests.fixtures import load
from tests.queries.fixture import A, C, R, W, load_three_chains
from tests.queries.history_fixture import load_history

DISTRICTS = ("wanzhou", "shapingba", "fengjie", "wushan")


@pytest.fixture
def history_store(store: GraphStore) -> GraphStore:
    load_history(store)
    return store


def test_the_current_year_is_the_latest_with_demand_had_and_plans_come_after(history_store: GraphStore) -> None:
    found = data_years(history_store)
    assert found.current == 2025 and found.plan_years == [2026]
    assert [(y.year, y.headcount, y.planned) for y in found.years][-2:] == [(2025, 190 + 18 + 50 + 12, 0),
                                                                             (2026, 0, 175)]


def test_trends_flag_worse_new_steady_better_by_the_stated_rule(history_store: GraphStore) -> None:
    table = trend_table(history_store, "city")
    assert [(r.occupation_id, r.trend) for r in table.items] == [(A, "worse"), (R, "new"), (W, "steady"),
                                                                  (C, "better")]
    a = table.items[0]
    assert a.years == list(range(2019, 2026)) and a.demand == [130 + 10 * i for i in range(7)]
    assert a.supply == [110] * 7 and a.gap[-1] == 80 and a.vacancy_ratio[-1] == pytest.approx(190 / 110)
    assert table.supply_years == {"graduates": [], "training": [], "evaluation": []}  # no supply history
    assert a.change == pytest.approx(10 / 175)  # slope of the gap over 2022–2025 / their mean demand
    c = next(r for r in table.items if r.occupation_id == C)
    assert c.change == pytest.approx(-5 / 57.5)
    assert "5%" in table.rule
    # a district sees its own firms only; a filter keeps one trend
    wanzhou = trend_table(history_store, "wanzhou")
    assert {r.occupation_id: r.demand[-1] for r in wanzhou.items} == {A: 160, W: 10}
    assert [r.occupation_id for r in trend_table(history_store, "city", trend="new").items] == [R]


def test_district_forecasts_add_up_to_the_city_the_counties_and_an_area(history_store: GraphStore) -> None:
    def means(region: str) -> dict[str, list[float]]:
        return {r.occupation_id: [p.demand for p in r.points] for r in forecast_table(history_store, region).items}

    city = means("city")
    parts = [means(d) for d in DISTRICTS]
    assert set(city) == {A, W, C, R}
    for occ, values in city.items():
        for i, value in enumerate(values):
            assert math.isclose(value, sum(p[occ][i] for p in parts if occ in p), rel_tol=1e-9, abs_tol=1e-9)
    counties = means("county_12")
    assert counties.keys() == means("fengjie").keys()
    yudongbei = means("yudongbei")  # 万州, 奉节 and 巫山 of the fixture are in 渝东北
    assert math.isclose(yudongbei[A][0], means("wanzhou")[A][0] + means("fengjie")[A][0], rel_tol=1e-9)


def test_a_linear_district_is_forecast_within_two_percent_and_plans_are_shown_not_fitted(
    history_store: GraphStore
) -> None:
    table = forecast_table(history_store, "city", horizon=3)
    a = next(r for r in table.items if r.occupation_id == A)
    assert table.current == 2025 and [p.year for p in a.points] == [2026, 2027, 2028]
    assert a.history == [130 + 10 * i for i in range(7)] and a.districts == 2 and a.method == "bottom_up"
    first = a.points[0]
    assert abs(first.demand - 200) / 200 <= 0.02  # 万州 170 + 奉节 30
    assert first.lo <= first.demand <= first.hi
    assert first.planned == 175 and a.points[1].planned is None
    # projected supply: 90 admitted a year graduate three years on (no yearly rows: today's admissions), + 50 training
    assert first.supply == pytest.approx(140) and first.gap == pytest.approx(first.demand - 140)
    assert first.gap_lo == pytest.approx(first.lo - 140)


def test_supply_projection_spreads_enrolment_over_the_programme(history_store: GraphStore) -> None:
    supply = fetch_supply(history_store, resolve_where(history_store, "wanzhou"), current=2025)
    assert supply[A].graduates == 60 and supply[A].projected_graduates == pytest.approx((90, 90, 90))
    assert supply[A].now == 110 and supply[A].projected(1) == pytest.approx(140)
    assert supply[W].projected_graduates == pytest.approx((30, 30, 30))  # no admissions given: its graduates


def test_graduates_are_projected_from_the_cohorts_admitted(history_store: GraphStore) -> None:
    # m1 (three years) admitted 70 in 2022, 80 in 2023, 100 in 2024; 90 now: the 60 graduates of 2025 are 60 / 70
    # of the 2022 cohort, so 2026 brings 80 × 6/7, 2027 100 × 6/7, 2028 (admitted now) 90 × 6/7
    load(history_store, [], [Offers(start="s1", end="m1", graduates_per_year=g, enrolment=e, year=y)
                             for y, g, e in ((2022, 50, 70), (2023, 55, 80), (2024, 58, 100))])
    supply = fetch_supply(history_store, resolve_where(history_store, "wanzhou"), current=2025)
    assert supply[A].projected_graduates == pytest.approx((80 * 6 / 7, 100 * 6 / 7, 90 * 6 / 7))
    table = forecast_table(history_store, "wanzhou", occupation=A)
    assert [p.supply for p in table.items[0].points] == pytest.approx([80 * 6 / 7 + 50, 100 * 6 / 7 + 50,
                                                                        90 * 6 / 7 + 50])


def test_the_forward_shortage_ranking_orders_by_forecast_gap_and_a_chain_sees_its_own(
    history_store: GraphStore
) -> None:
    ranking = forecast_shortage_ranking(history_store, "city", horizon=2)
    assert ranking.year == 2027 and ranking.horizon == 2
    gaps = [e.gap for e in ranking.items]
    assert gaps == sorted(gaps, reverse=True) and all(g > 0 for g in gaps)
    assert ranking.items[0].occupation_id == A and {e.occupation_id for e in ranking.items} <= {A, C, R}
    r = next(e for e in ranking.items if e.occupation_id == R)
    assert r.no_supply and r.shortage
    chain = forecast_shortage_ranking(history_store, "c1", horizon=2)
    assert [e.occupation_id for e in chain.items] == [A]  # c1's members demand A and W only; W is covered
    with pytest.raises(ParameterError, match="1 to 3"):
        forecast_table(history_store, "city", horizon=4)


def test_a_two_year_history_is_refused_with_its_reason(store: GraphStore) -> None:
    load_three_chains(store)  # demand had in 2025 (and a plan for 2026)
    load(store, [], [Demands(start="e1", end=A, headcount=10, skill_level="senior_worker", year=2024)])
    table = forecast_table(store, "city")
    assert table.items == [] and table.too_short
    assert all(t.points == 2 and f"at least {MIN_POINTS}" in t.reason for t in table.too_short)
    assert forecast_shortage_ranking(store, "city", horizon=1).too_short == len(table.too_short)


def test_yearly_supply_rows_make_the_supply_history_and_change_the_trend(history_store: GraphStore) -> None:
    # t1's training for W (焊工) was 40 a year until 2022, then 35, 30; today it is 20 (+ t2's 10)
    load(history_store, [], [Trains(start="t1", end=W, capacity_per_year=n, year=y)
                             for y, n in zip(range(2019, 2025), (40, 40, 40, 40, 35, 30), strict=True)])
    table = trend_table(history_store, "city")
    w = next(r for r in table.items if r.occupation_id == W)
    assert table.supply_years == {"graduates": [], "training": list(range(2019, 2025)), "evaluation": []}
    assert w.training_capacity == [40, 40, 40, 40, 35, 30, 30] and w.graduates == [30] * 7
    assert w.supply == [70, 70, 70, 70, 65, 60, 60]
    # the gap of 2022–2025 (−52, −47, −42, −42) rises by 3.5 a year, on a supply of 63.75 on average (larger than
    # the demand of 18): 5.5 % a year, getting worse
    assert w.trend == "worse" and w.change == pytest.approx(3.5 / 63.75)
    # the current figures are untouched by the yearly rows
    assert fetch_supply(history_store, resolve_where(history_store, "city"))[W].training_capacity == 30
    assert {r.occupation_id: r.supply for r in gap_table(history_store, "city", year=2025).items}[W] == 60


def test_trends_and_forecasts_name_every_occupation_as_its_node_does() -> None:
    """Trends and forecasts name each occupation as its node does, in both languages (before: an English name list
    of their own, which lacked 83 of the demo's occupations that gap tables named)."""
    store = MemoryStore()
    load_reference(store)
    named = 0
    for code in occupations():
        node = store.get_node(code)
        assert node is not None
        assert names_of_occupation(code) == (node.properties["name_zh"], node.properties.get("name_en")), code
        named += bool(node.properties.get("name_en"))
    assert named > 300  # some 400 of the 1,639 have an English name


def test_an_occupation_is_given_by_code_or_name_and_an_unknown_one_is_refused(history_store: GraphStore) -> None:
    """(Before: `occupation=nope` answered an empty table, as for an occupation nobody demands, and a name found
    nothing.)"""
    by_code = trend_table(history_store, occupation="6-22-02-01")
    assert by_code.total == 1
    name = by_code.items[0].name_zh
    assert name is not None
    assert trend_table(history_store, occupation=name).items == by_code.items
    assert forecast_table(history_store, occupation=name).items == forecast_table(history_store,
                                                                                  occupation="6-22-02-01").items
    for table in (trend_table, forecast_table):
        with pytest.raises(ParameterError, match="occupation 'nope' is not in the 2022 classification"):
            table(history_store, occupation="nope")
