"""The measure summaries on Neo4j answer exactly what `measure_tally` answers from the graph, for every region, year
they hold and grouping; a year they do not hold reads the graph. On generated data and on the hand-built fixture.

What must hold:
- for each year the summaries hold, every region's (the city, the 12 counties, each district, chain and cluster)
  summary row equals the graph's, and so do the city's rows per district, chain and cluster;
- a group's row is the region's own: the city's row for district d is d's tally, and so on;
- both stores compute the same tallies (the embedded store has no summaries and reads its graph);
- the districts add up to the city when every organisation sits in one district;
- for a year the summaries do not hold there is no summary row, and the board still answers from the graph.
"""

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from analyses.measures import measure_board
from ingest.job import run_ingest
from queries import refresh_summaries, run
from store import MemoryStore
from store.neo4j_store import Neo4jStore
from tests.queries.generated import generated_data, ingested_neo4j
from tests.queries.measures_fixture import load_measures

pytestmark = pytest.mark.neo4j

LISTS = ("consortia", "partner_countries")


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return generated_data(tmp_path_factory, "measure-summaries")


@pytest.fixture(scope="module")
def memory(data: Path) -> MemoryStore:
    store = MemoryStore()
    assert run_ingest([data], store, progress=False).ok
    return store


@pytest.fixture(scope="module")
def neo4j(request: pytest.FixtureRequest, data: Path) -> Iterator[Neo4jStore]:
    yield from ingested_neo4j(request, data)


def held_years(store: Neo4jStore) -> list[int]:
    with store.driver.session() as session:
        return sorted(r["year"] for r in session.run("MATCH (s:MeasureSummary) RETURN DISTINCT s.year AS year"))


def regions(store: Neo4jStore | MemoryStore, year: int) -> list[tuple[str, str | None]]:
    """The city, the 12 counties, and every district, chain and cluster some organisation counts in."""
    found: list[tuple[str, str | None]] = [("city", None), ("county_12", None)]
    for by in ("district", "chain", "cluster"):
        rows = run(store, "measure_tally", {"region_kind": "city", "year": year, "by": by})
        found += [(by, r["group"]) for r in rows]
    return found


def tally(store: Neo4jStore | MemoryStore, query: str, kind: str, region: str | None, year: int,
          by: str | None = None) -> list[dict[str, Any]]:
    return list(run(store, query, {"region_kind": kind, "region_id": region, "year": year, "by": by}))


def test_the_summaries_hold_the_data_s_latest_three_years(neo4j: Neo4jStore) -> None:
    assert held_years(neo4j) == [2023, 2024, 2025]


def test_every_region_s_summary_is_the_graph_s_tally(neo4j: Neo4jStore) -> None:
    for year in held_years(neo4j):
        places = regions(neo4j, year)
        assert len(places) > 40
        for kind, region in places:
            expected = tally(neo4j, "measure_tally", kind, region, year)
            assert expected and tally(neo4j, "measure_summary", kind, region, year) == expected, (kind, region, year)
        for by in ("district", "chain", "cluster"):
            expected = tally(neo4j, "measure_tally", "city", None, year, by)
            assert tally(neo4j, "measure_summary", "city", None, year, by) == expected, (by, year)


def test_a_group_s_row_is_that_region_s_own_tally(neo4j: Neo4jStore) -> None:
    for by in ("district", "chain", "cluster"):
        for row in tally(neo4j, "measure_tally", "city", None, 2025, by):
            [own] = tally(neo4j, "measure_tally", by, row["group"], 2025)
            assert own["tally"] == row["tally"], (by, row["group"])


def _approx(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Rows with their sums compared approximately (floats added in another order) and their lists exactly."""
    return [{"group": r["group"], "tally": {k: v if k in LISTS else pytest.approx(v) for k, v in r["tally"].items()}}
            for r in rows]


def test_both_stores_compute_the_same_tallies(neo4j: Neo4jStore, memory: MemoryStore) -> None:
    for year in (2021, 2025):
        for kind in ("city", "county_12"):
            assert tally(memory, "measure_tally", kind, None, year) == _approx(
                tally(neo4j, "measure_tally", kind, None, year)), (kind, year)
        for by in ("district", "chain", "cluster"):
            assert tally(memory, "measure_tally", "city", None, year, by) == _approx(
                tally(neo4j, "measure_summary" if year == 2025 else "measure_tally", "city", None, year, by)), by


def test_the_districts_add_up_to_the_city(neo4j: Neo4jStore) -> None:
    with neo4j.driver.session() as session:
        assert session.run("MATCH (o:Organisation) WHERE COUNT { (o)-[:LOCATED_IN]->(:District) } <> 1 "
                           "RETURN count(o) AS n").single(strict=True)["n"] == 0
    [city] = tally(neo4j, "measure_summary", "city", None, 2025)
    districts = tally(neo4j, "measure_summary", "city", None, 2025, "district")
    for name, value in city["tally"].items():
        if name in LISTS:
            assert sorted({x for d in districts for x in d["tally"][name]}) == value, name
        else:
            assert sum(d["tally"][name] for d in districts) == pytest.approx(value), name


def test_a_year_the_summaries_do_not_hold_is_read_from_the_graph(neo4j: Neo4jStore, memory: MemoryStore) -> None:
    assert tally(neo4j, "measure_summary", "city", None, 2021) == []
    assert tally(neo4j, "measure_tally", "city", None, 2021) != []
    graph, embedded = measure_board(neo4j, "city", 2021), measure_board(memory, "city", 2021)
    assert [(i.id, i.reported, i.of) for i in graph.items] == [(i.id, i.reported, i.of) for i in embedded.items]
    assert [i.value for i in graph.items] == pytest.approx([i.value for i in embedded.items])


def test_on_the_hand_built_fixture_too(neo4j_store: Neo4jStore) -> None:
    load_measures(neo4j_store)
    refresh_summaries(neo4j_store)
    years = held_years(neo4j_store)
    assert 2025 in years
    for year in years:
        for kind, region in regions(neo4j_store, year):
            assert tally(neo4j_store, "measure_summary", kind, region, year) == tally(
                neo4j_store, "measure_tally", kind, region, year), (kind, region, year)
