"""Gap tables, the shortage ranking and evaluation deserts on both stores, worked out by hand.

City-wide demand (all years), the base of every location quotient:
    A: e1 20 + e2 12 + e2 3 = 35 · W: e2 10 + e3 8 = 18 · R: e1 5 · C: e4 30 + 10 = 40 · total 98
"""

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel

from analyses.deserts import evaluation_deserts
from analyses.errors import NotFoundError
from analyses.gaps import GapRow, GapTable, gap_table, shortage_ranking
from ingest.job import run_ingest
from queries import ParameterError
from store import GraphStore
from tests.conftest import STORE_FIXTURES, STORES_WITH_SUMMARIES
from tests.queries.fixture import A, C, R, W, load_three_chains


@pytest.fixture(params=STORES_WITH_SUMMARIES)
def store(request: pytest.FixtureRequest) -> GraphStore:
    """Each test on the embedded store, on Neo4j reading the graph, and on Neo4j reading its summaries."""
    return request.getfixturevalue(STORE_FIXTURES[request.param])  # type: ignore[no-any-return]


def by_occupation(table: GapTable) -> list[GapRow]:
    """A gap table's rows by occupation id (the table itself lists the largest demand first)."""
    return sorted(table.items, key=lambda r: r.occupation_id)


def _columns(rows: Sequence[BaseModel], *names: str) -> list[tuple[Any, ...]]:
    return [tuple(getattr(r, n) for n in names) for r in rows]


def test_a_district_gap_table_sets_demand_against_local_supply(store: GraphStore) -> None:
    load_three_chains(store)
    table = gap_table(store, "wanzhou")
    # Wanzhou holds e1, e2, s1, t1, b1.
    #   W: demand e2 10 · graduates m2 30 · training t1 20 → supply 50 · no evaluator of W in Wanzhou
    #   A: demand 35 (declared 3) · graduates m1 60 · training t1 50 (no level filter) → supply 110
    #      · b1 covers senior, one of the demanded levels {senior, technician} → 400
    #   R: demand 5 · no supply · no evaluator
    assert table.region.kind == "district" and table.region.name_zh == "万州区"
    assert (table.region_demand, table.city_demand) == (50, 98)
    assert [r.occupation_id for r in table.items] == [A, W, R]  # largest demand first
    assert _columns(by_occupation(table), "occupation_id", "demand", "declared_shortage", "graduates",
                    "training_capacity", "supply", "evaluation_capacity") == [
        (W, 10, 0, 30, 20, 50, 0),
        (A, 35, 3, 60, 50, 110, 400),
        (R, 5, 0, 0, 0, 0, 0),
    ]
    assert [r.demand_levels for r in by_occupation(table)] == [
        ["intermediate_worker"], ["senior_worker", "technician"], ["technician"]]


def test_gap_ratios_location_quotients_and_the_shortage_flag(store: GraphStore) -> None:
    load_three_chains(store)
    w, a, r = by_occupation(gap_table(store, "wanzhou"))
    # supply/demand: W 50/10 = 5 · A 110/35 · R 0/5 = 0
    assert [w.supply_demand_ratio, a.supply_demand_ratio] == pytest.approx([5.0, 110 / 35])
    assert r.supply_demand_ratio == pytest.approx(0.0)
    # vacancy ratio demand/supply: W 10/50 = 0.2 · A 35/110 · R has no supply → None, flagged
    assert [w.vacancy_ratio, a.vacancy_ratio] == pytest.approx([0.2, 35 / 110])
    assert (r.vacancy_ratio, r.no_supply) == (None, True)
    # LQ = (D_occ / D_region) / (D_city,occ / D_city): W (10/50)/(18/98) = 980/900 · A (35/50)/(35/98) = 1.96
    #      · R (5/50)/(5/98) = 1.96
    assert [w.location_quotient, a.location_quotient, r.location_quotient] == pytest.approx([980 / 900, 1.96, 1.96])
    # Only R is short (no supply); A's declared share 3/35 is under one half
    assert [(x.shortage, x.shortage_reason) for x in (w, a, r)] == [(False, None), (False, None), (True, "no_supply")]


def test_declared_shortage_posts_flag_an_occupation_whose_supply_looks_enough(store: GraphStore) -> None:
    load_three_chains(store)
    (w,) = gap_table(store, "fengjie").items
    # Fengjie holds e3 and t2: W demand 8, all declared short · supply t2 10 → vacancy 8/10 = 0.8 ≤ 1.5
    # but 8/8 of the demand is declared a shortage post (≥ 0.5) · LQ (8/8)/(18/98) = 98/18
    assert (w.demand, w.supply, w.evaluation_capacity) == (8, 10, 0)
    assert w.vacancy_ratio == pytest.approx(0.8)
    assert w.location_quotient == pytest.approx(98 / 18)
    assert (w.shortage, w.shortage_reason) == (True, "declared")


def test_the_12_counties_are_one_region(store: GraphStore) -> None:
    load_three_chains(store)
    table = gap_table(store, "county_12")
    # e3, t2 (Fengjie) and b3 (Wushan): W demand 8 · supply 10 · b3 evaluates W at senior → 30
    assert table.region.kind == "county_12"
    assert _columns(by_occupation(table), "occupation_id", "demand", "supply", "evaluation_capacity") == [
        (W, 8, 10, 30)]


def test_a_chain_region_counts_only_its_members(store: GraphStore) -> None:
    load_three_chains(store)
    (c,) = gap_table(store, "c2").items
    # c2 holds e4, s2, b2, h1: C demand 40 · graduates m3 20 · no training → supply 20
    # b2 evaluates C at junior/intermediate; intermediate is demanded → 100 (its W evaluation is not demanded here)
    # vacancy 40/20 = 2 > 1.5 → short · LQ (40/40)/(40/98) = 2.45
    assert (c.occupation_id, c.demand, c.declared_shortage, c.supply, c.evaluation_capacity) == (C, 40, 10, 20, 100)
    assert c.vacancy_ratio == pytest.approx(2.0)
    assert c.location_quotient == pytest.approx(2.45)
    assert c.shortage_reason == "vacancy_ratio"
    assert c.priority_fields == ["health_elderly_care"]


def test_a_cluster_region_is_its_enterprises_and_its_chains_members(store: GraphStore) -> None:
    load_three_chains(store)
    table = gap_table(store, "intelligent_connected_nev")
    # enterprises in the NEV cluster: e1, e2, e3; members of c1 (the NEV chain): e1, e2, s1, t1, b1
    #   W: demand e2 10 + e3 8 = 18 (declared 8) · supply m2 30 + t1 20 = 50 (t2 is outside) · no evaluator
    #   A: 35 · 110 · 400 as in Wanzhou · R: 5 · 0 · 0 (e5 is not in the region)
    # region demand 58 → every LQ is (d/58)/(d/98) = 98/58
    assert table.region_demand == 58
    assert _columns(by_occupation(table), "occupation_id", "demand", "declared_shortage", "supply",
                    "evaluation_capacity") == [
        (W, 18, 8, 50, 0), (A, 35, 3, 110, 400), (R, 5, 0, 0, 0),
    ]
    assert [r.location_quotient for r in by_occupation(table)] == pytest.approx([98 / 58] * 3)
    # W: vacancy 18/50 = 0.36, declared 8/18 < 0.5 → not short
    assert [r.shortage for r in by_occupation(table)] == [False, False, True]
    assert by_occupation(table)[0].cluster_ids == ["intelligent_connected_nev", "intelligent_equipment_manufacturing"]


def test_the_city_gap_table_counts_every_organisation(store: GraphStore) -> None:
    load_three_chains(store)
    table = gap_table(store, "city")
    #   C: 40 · graduates 20 · evaluation b2 100
    #   W: 18 · graduates 30 + training t1 20 + t2 10 = 60 · evaluation at {intermediate, senior}: b2 80 + b3 30
    #   A: 35 · 110 · b1 400 · R: 5 · 0 · e5 covers technician → 15
    assert _columns(by_occupation(table), "occupation_id", "demand", "supply", "evaluation_capacity") == [
        (C, 40, 20, 100), (W, 18, 60, 110), (A, 35, 110, 400), (R, 5, 0, 15),
    ]
    assert [r.location_quotient for r in by_occupation(table)] == pytest.approx([1.0] * 4)


def test_a_skill_level_filter_narrows_demand_and_training_but_not_graduates(store: GraphStore) -> None:
    load_three_chains(store)
    table = gap_table(store, "city", skill_levels=["高级工"])  # 高级工 = senior_worker
    # senior demand: C 10 (declared) · W 8 (declared) · A 32
    # training at senior: t1 W (any level) 20 + t2 W (senior) 10; t1 A (junior, intermediate) drops out
    assert table.skill_levels == ["senior_worker"]
    assert _columns(by_occupation(table), "occupation_id", "demand", "graduates", "training_capacity") == [
        (C, 10, 20, 0), (W, 8, 30, 30), (A, 32, 60, 0),
    ]
    # city senior demand 50 is also the LQ base: all 1
    assert table.city_demand == 50


def test_the_shortage_ranking_puts_no_supply_first_then_the_highest_vacancy_ratio(store: GraphStore) -> None:
    load_three_chains(store)
    ranking = shortage_ranking(store)
    # city shortages: R (no supply) and C (40/20 = 2 > 1.5); W (0.3) and A (35/110) are not short
    assert ranking.total == 2
    assert [(e.rank, e.occupation_id, e.shortage_reason) for e in ranking.items] == [
        (1, R, "no_supply"), (2, C, "vacancy_ratio"),
    ]


def test_the_shortage_ranking_by_unmet_headcount_puts_where_most_people_are_missing_first(store: GraphStore) -> None:
    load_three_chains(store)
    ranking = shortage_ranking(store, order="unmet")
    # C: 40 demanded, 20 supplied → 20 unmet; R: 5 demanded, nothing supplied → 5 unmet (first by ratio, second here)
    assert ranking.order == "unmet"
    assert [(e.rank, e.occupation_id, e.unmet, e.no_supply) for e in ranking.items] == [
        (1, C, 20, False), (2, R, 5, True),
    ]
    assert [e.unmet for e in shortage_ranking(store).items] == [5, 20]  # the same figures in the ratio order
    with pytest.raises(ParameterError, match="unknown order"):
        shortage_ranking(store, order="alphabet")  # type: ignore[arg-type]


def test_the_shortage_ranking_filters_by_priority_field_cluster_and_skill_level(store: GraphStore) -> None:
    load_three_chains(store)
    assert [e.occupation_id for e in shortage_ranking(store, priority_field="health_elderly_care").items] == [C]
    assert [e.occupation_id for e in shortage_ranking(store, cluster="intelligent_manufacturing_equipment").items] \
        == [R]
    assert shortage_ranking(store, cluster="intelligent_connected_nev").total == 0
    # at senior level: C 10/20 = 0.5 and W 8/60 are short only because all of it is declared; A 32/60 is not
    senior = shortage_ranking(store, skill_levels=["senior_worker"])
    assert [(e.occupation_id, e.shortage_reason) for e in senior.items] == [(C, "declared"), (W, "declared")]
    assert [e.vacancy_ratio for e in senior.items] == pytest.approx([0.5, 8 / 60])
    # 2026 holds only R's demand
    assert [e.occupation_id for e in shortage_ranking(store, year=2026).items] == [R]


def test_the_shortage_ranking_pages_and_keeps_the_total(store: GraphStore) -> None:
    load_three_chains(store)
    page = shortage_ranking(store, limit=1, offset=1)
    assert (page.total, page.limit, page.offset) == (2, 1, 1)
    assert [(e.rank, e.occupation_id) for e in page.items] == [(2, C)]
    with pytest.raises(ParameterError):
        shortage_ranking(store, limit=0)
    with pytest.raises(ParameterError):
        shortage_ranking(store, priority_field="space_tourism")


def test_evaluation_deserts_in_a_district(store: GraphStore) -> None:
    load_three_chains(store)
    deserts = evaluation_deserts(store, "wanzhou")
    # Wanzhou demands (W, intermediate) 10, (A, senior) 32, (A, technician) 3, (R, technician) 5.
    #   (A, senior): b1 in Wanzhou → covered
    #   (W, intermediate): only b2 (Shapingba) → desert, 1 elsewhere
    #   (R, technician): only e5 (Shapingba) → desert, 1 elsewhere
    #   (A, technician): no evaluator anywhere → desert, 0 elsewhere
    # desert headcount 10 + 5 + 3 = 18 of 50
    assert (deserts.demanded_pairs, deserts.demand, deserts.desert_headcount) == (4, 50, 18)
    assert deserts.desert_share == pytest.approx(0.36)
    assert [(d.occupation_id, d.skill_level, d.headcount, d.enterprises, d.evaluators_in_city)
            for d in deserts.items] == [
        (W, "intermediate_worker", 10, 1, 1),
        (R, "technician", 5, 1, 1),
        (A, "technician", 3, 1, 0),
    ]


def test_an_evaluator_in_another_county_is_in_reach_for_the_12_counties_but_not_for_one_county(
    store: GraphStore,
) -> None:
    load_three_chains(store)
    # (W, senior) 8 in Fengjie: b3 sits in Wushan, b2 in Shapingba
    fengjie = evaluation_deserts(store, "fengjie")
    assert [(d.occupation_id, d.skill_level, d.evaluators_in_city) for d in fengjie.items] == [
        (W, "senior_worker", 2)
    ]
    assert fengjie.desert_share == pytest.approx(1.0)
    counties = evaluation_deserts(store, "county_12")
    assert (counties.demanded_pairs, counties.items, counties.desert_share) == (1, [], 0.0)


def test_evaluation_deserts_of_a_chain_and_of_the_city(store: GraphStore) -> None:
    load_three_chains(store)
    # c2 sits in Shapingba: (C, intermediate) 30 has b2 there; (C, senior) 10 has no evaluator at all
    chain = evaluation_deserts(store, "c2")
    assert [(d.occupation_id, d.skill_level, d.headcount) for d in chain.items] == [(C, "senior_worker", 10)]
    assert chain.desert_share == pytest.approx(10 / 40)
    # city-wide only the pairs nobody evaluates remain: (C, senior) 10 and (A, technician) 3 of 98
    city = evaluation_deserts(store, "city")
    assert [(d.occupation_id, d.skill_level) for d in city.items] == [(C, "senior_worker"), (A, "technician")]
    assert city.desert_share == pytest.approx(13 / 98)
    # 2025 in Wanzhou: R (2026) drops out → 10 + 3 of 45
    assert evaluation_deserts(store, "wanzhou", year=2025).desert_share == pytest.approx(13 / 45)


def test_regions_are_found_by_id_or_district_name_and_unknown_ones_are_refused(store: GraphStore) -> None:
    load_three_chains(store)
    assert gap_table(store, "万州区").region.id == "wanzhou"
    assert gap_table(store, "500101").region.id == "wanzhou"
    with pytest.raises(NotFoundError, match="atlantis"):
        gap_table(store, "atlantis")
    with pytest.raises(NotFoundError):
        gap_table(store, "e1")  # an enterprise is not a region


def test_the_city_wide_totals_follow_an_ingest_of_new_demand(store: GraphStore, tmp_path: Path) -> None:
    load_three_chains(store)
    assert gap_table(store, "wanzhou").city_demand == 98
    assert {r.occupation_id: r.demand for r in gap_table(store, "city").items}[A] == 35
    # The city-wide answers are kept between calls; an ingest must make them stale.
    # e3 (Fengjie) now also demands 7 senior A workers: A 35 + 7 = 42, the city 98 + 7 = 105.
    demands = tmp_path / "demands.csv"
    demands.write_text(f"start,end,headcount,skill_level,year\ne3,{A},7,senior_worker,2025\n", encoding="utf-8")
    assert run_ingest([demands], store, progress=False).ok
    wanzhou = gap_table(store, "wanzhou")
    assert wanzhou.city_demand == 105
    # A in Wanzhou: LQ = (35 / 50) / (42 / 105) = 1.75
    assert {r.occupation_id: r.location_quotient for r in wanzhou.items}[A] == pytest.approx(1.75)
    assert {r.occupation_id: r.demand for r in gap_table(store, "city").items}[A] == 42
