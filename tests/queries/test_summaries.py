"""Summaries on Neo4j: the same rows as region_gap / chain_demand_supply, used only while current,
invisible elsewhere.

The fixture is the three chains of `tests/queries/fixture.py`; the expected rows are the graph
queries', whose answers `test_gap_analysis.py` and `test_chain_coverage.py` work out by hand (and
check again with summaries on).
"""

from dataclasses import replace
from pathlib import Path

from analyses.gaps import gap_table
from graph_model.nodes import Enterprise
from graph_model.relationships import Demands, LocatedIn, Trains
from ingest.job import run_ingest
from queries import refresh_summaries, run
from queries.summaries import GROUPS, build
from store import MemoryStore
from store.neo4j_store import Neo4jStore
from tests.fixtures import load
from tests.queries.fixture import A, W, load_three_chains

USCC_E9 = "91500000MA5U000906"

DISTRICTS = ("wanzhou", "shapingba", "fengjie", "wushan")
FILTERS = [
    {"year": None, "skill_levels": None},
    {"year": 2025, "skill_levels": None},
    {"year": 2026, "skill_levels": None},
    {"year": None, "skill_levels": ["senior_worker"]},
    {"year": 2025, "skill_levels": ["junior_worker", "technician"]},
    {"year": None, "skill_levels": ["apprentice"]},  # nothing demanded at that level
]


def _same_as_region_gap(store: Neo4jStore) -> None:
    for filters in FILTERS:
        for district in DISTRICTS:
            expected = run(store, "region_gap", {"region_kind": "district", "region_id": district, **filters})
            assert run(store, "gap_summary", {"region": district, **filters}) == expected, (district, filters)
        expected = run(store, "region_gap", {"region_kind": "city", **filters})
        assert run(store, "gap_summary", {"region": "city", **filters}) == expected, ("city", filters)


def test_summaries_answer_every_district_and_the_city_like_region_gap(neo4j_store: Neo4jStore) -> None:
    load_three_chains(neo4j_store)
    refresh_summaries(neo4j_store)
    assert neo4j_store.summaries_current()
    # Every organisation sits in one district: the city's sums come from the districts' sums.
    _same_as_region_gap(neo4j_store)
    # A district answer checked against the hand-worked table (test_gap_analysis): Wanzhou W 10 · A 35 · R 5
    rows = run(neo4j_store, "gap_summary", {"region": "wanzhou"})
    assert [(r["occupation_id"], r["demand"], r["graduates"], r["training_capacity"], r["evaluation_capacity"])
            for r in rows] == [(W, 10, 30, 20, 0), (A, 35, 60, 50, 400), (rows[2]["occupation_id"], 5, 0, 0, 0)]


def test_chain_summaries_answer_every_chain_and_year_like_chain_demand_supply(neo4j_store: Neo4jStore) -> None:
    load_three_chains(neo4j_store)
    refresh_summaries(neo4j_store)
    for year in (None, 2025, 2026, 2030):
        for chain in (None, "c1", "c2", "c3"):
            params = {"chain_id": chain, "year": year}
            assert run(neo4j_store, "chain_summary", params) == run(neo4j_store,
                "chain_demand_supply", params), params
    # Chain c1, A at senior by hand: e1 20 + e2 12 = 32; graduates m1 60; t1 trains A only at junior and
    # intermediate → 0; b1 evaluates A up to senior → 400
    rows = run(neo4j_store, "chain_summary", {"chain_id": "c1"})
    assert {(r["occupation_id"], r["skill_level"]): (r["headcount"], r["graduates"], r["training_capacity"],
                                                     r["evaluation_capacity"]) for r in rows}[(A, "senior_worker")] == (
        32, 60, 0, 400)


def test_an_organisation_in_two_districts_makes_the_city_summed_directly(neo4j_store: Neo4jStore) -> None:
    load_three_chains(neo4j_store)
    # e9 is LOCATED_IN Wanzhou and Fengjie (an upsert that moved it keeps the old one): it counts in
    # both districts' summaries but once in the city's. It demands 6 A (2025, junior) and trains W
    # for every level, 9 a year.
    load(neo4j_store, [Enterprise(id="e9", name_zh="重庆两地科技有限公司", uscc=USCC_E9, district="wanzhou")],
         [LocatedIn(start="e9", end="wanzhou"), LocatedIn(start="e9", end="fengjie"),
          Demands(start="e9", end=A, headcount=6, skill_level="junior_worker", year=2025),
          Trains(start="e9", end=W, capacity_per_year=9)])
    refresh_summaries(neo4j_store)
    _same_as_region_gap(neo4j_store)
    city = {r["occupation_id"]: r for r in run(neo4j_store, "gap_summary", {"region": "city"})}
    # A: 35 + 6 = 41 (not 47); W training: t1 20 + t2 10 + e9 9 = 39 (not 48)
    assert (city[A]["demand"], city[W]["training_capacity"]) == (41, 39)
    fengjie = {r["occupation_id"]: r for r in run(neo4j_store, "gap_summary", {"region": "fengjie"})}
    assert fengjie[A]["demand"] == 6


def test_a_write_after_the_refresh_makes_them_stale_and_gap_tables_read_the_graph(neo4j_store: Neo4jStore) -> None:
    load_three_chains(neo4j_store)
    refresh_summaries(neo4j_store)
    assert {r.occupation_id: r.demand for r in gap_table(neo4j_store, "wanzhou").items}[A] == 35
    # e2 (Wanzhou) now demands 4 more A in 2026: the summaries no longer stand for the data
    load(neo4j_store, [], [Demands(start="e2", end=A, headcount=4, skill_level="senior_worker", year=2026)])
    assert not neo4j_store.summaries_current()
    assert {r.occupation_id: r.demand for r in gap_table(neo4j_store, "wanzhou").items}[A] == 39
    assert gap_table(neo4j_store, "wanzhou").city_demand == 98 + 4
    refresh_summaries(neo4j_store)
    assert neo4j_store.summaries_current()
    assert {r.occupation_id: r.demand for r in gap_table(neo4j_store, "wanzhou").items}[A] == 39


def test_an_ingest_ends_with_current_summaries_that_nothing_else_sees(neo4j_store: Neo4jStore, tmp_path: Path) -> None:
    load_three_chains(neo4j_store)
    demands = tmp_path / "demands.csv"
    demands.write_text(f"start,end,headcount,skill_level,year\ne3,{A},7,senior_worker,2025\n", encoding="utf-8")
    report = run_ingest([demands], neo4j_store, progress=False)
    assert report.ok and report.summaries_seconds > 0
    assert neo4j_store.summaries_current()
    # Fengjie: e3 demanded W 8 and now A 7
    assert {r.occupation_id: r.demand for r in gap_table(neo4j_store, "fengjie").items} == {W: 8, A: 7}
    # Summaries are neither counted nor reachable: dropping them all changes no count and no neighbourhood
    counts = neo4j_store.counts()
    ids = {n.id for n in neo4j_store.neighbourhood("wanzhou", depth=1, limit=500).nodes}  # type: ignore[union-attr]
    with neo4j_store.driver.session() as session:
        assert session.run("MATCH (s:GapSummary) RETURN count(s) AS n").single(strict=True)["n"] > 0
        assert session.run("MATCH (s:GapSummary)--() RETURN count(*) AS n").single(strict=True)["n"] == 0
        session.run("MATCH (s:GapSummary) DELETE s").consume()
    assert neo4j_store.counts() == counts
    assert {n.id for n in neo4j_store.neighbourhood("wanzhou", depth=1, limit=500).nodes} == ids  # type: ignore[union-attr]
    # A second run of the same file writes the same values and rebuilds them: current again
    assert run_ingest([demands], neo4j_store, progress=False).ok
    assert neo4j_store.summaries_current() and neo4j_store.counts() == counts
    assert run(neo4j_store, "gap_summary", {"region": "fengjie"}) == run(neo4j_store,
        "region_gap", {"region_kind": "district", "region_id": "fengjie"})


def _summary_nodes(store: Neo4jStore) -> list[dict[str, object]]:
    with store.driver.session() as session:
        return [dict(r["s"]) | {"labels": r["labels"]} for r in session.run(
            "MATCH (s:GapSummary|ChainSummary|DesertSummary|MeasureSummary) RETURN s, labels(s) AS labels "
            "ORDER BY labels[0], s.key")]


def test_summaries_built_side_by_side_are_those_of_one_transaction(neo4j_store: Neo4jStore) -> None:
    # Both ways of summing the city: from the districts (every organisation in one), then from the graph (e9 in two)
    load_three_chains(neo4j_store)
    for step in range(2):
        refresh_summaries(neo4j_store)
        one = _summary_nodes(neo4j_store)
        refresh_summaries(neo4j_store, workers=2)
        assert neo4j_store.summaries_current()
        assert _summary_nodes(neo4j_store) == one and len(one) > 20, step
        load(neo4j_store, [Enterprise(id="e9", name_zh="重庆两地科技有限公司", uscc=USCC_E9, district="wanzhou")],
             [LocatedIn(start="e9", end="fengjie"),
              Demands(start="e9", end=A, headcount=6, skill_level="junior_worker", year=2025)])
    _same_as_region_gap(neo4j_store)


def test_a_write_beside_a_side_by_side_build_has_them_built_again_in_one_transaction(neo4j_store: Neo4jStore) -> None:
    load_three_chains(neo4j_store)
    real = build()
    # Another writer, as the district group ends: e2 demands 4 more A, and the data version moves as with any write.
    # The district summaries were summed before it.
    writer = ("MATCH (e:Enterprise {id: 'e2'}), (o:Occupation {id: '" + A + "'}) "
              "CREATE (e)-[:DEMANDS {headcount: 4, skill_level: 'senior_worker', year: 2026, key: "
              "'senior_worker|2026'}]->(o) WITH 1 AS done MATCH (v:DataVersion) SET v.version = v.version + 1")
    districts = next(n for n, names in enumerate(GROUPS) if names[0] == "district")
    groups = tuple((*group, writer) if n == districts else group for n, group in enumerate(real.groups))
    neo4j_store.rebuild_summaries(replace(real, groups=groups), workers=2)
    assert neo4j_store.summaries_current()
    assert {r["occupation_id"]: r["demand"] for r in run(neo4j_store, "gap_summary", {"region": "wanzhou"})}[A] == 39
    _same_as_region_gap(neo4j_store)


def test_the_groups_hold_the_rebuild_s_statements_after_its_clearing_ones() -> None:
    real = build()
    assert real.statements == real.clear + tuple(s for group in real.groups for s in group)
    assert len(real.groups) > 1


def test_the_embedded_store_makes_its_summaries_from_its_graph_and_a_write_makes_them_again() -> None:
    store = MemoryStore()
    load_three_chains(store)
    assert store.summaries_current()  # made from the graph when first read after a write
    for filters in FILTERS:
        assert run(store, "gap_summary", {"region": "fengjie", **filters}) == run(store,
            "region_gap", {"region_kind": "district", "region_id": "fengjie", **filters})
    before = {r["occupation_id"]: r["demand"] for r in run(store, "occupation_demand_summary", {})}
    load(store, [], [Demands(start="e3", end=A, headcount=7, skill_level="senior_worker", year=2025)])
    after = {r["occupation_id"]: r["demand"] for r in run(store, "occupation_demand_summary", {})}
    assert after[A] == before[A] + 7 and after == {r["occupation_id"]: r["demand"]
                                                   for r in run(store, "occupation_demand", {})}
