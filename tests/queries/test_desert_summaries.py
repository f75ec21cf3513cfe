"""The desert summaries on Neo4j answer exactly what `evaluation_deserts` answers from the graph, for every district
and the city, for all years together and for each year; on generated data and on hand-built filings.

What must hold:
- for every district and the city, and for every year (none, each year of the data, a year with no demand), the
  summary's rows equal the graph's;
- the embedded store (no summaries; it reads its graph) computes the same rows;
- filings that serve only their own staff or their chains' firms, a filing that excludes the occupation, and an
  organisation located in two districts (whose reach is both) are summarised as the graph answers them;
- while the summaries are current, the analysis reads them (a summary row changed by hand shows), and after a write
  it reads the graph again.
"""

from collections.abc import Iterator
from pathlib import Path

import pytest

from analyses.deserts import evaluation_deserts
from graph_model.nodes import Enterprise
from graph_model.relationships import Demands, Filed, LocatedIn
from ingest.job import run_ingest
from queries import refresh_summaries, run
from store import GraphStore, MemoryStore
from store.neo4j_store import Neo4jStore
from tests.fixtures import load
from tests.queries.fixture import A, C, R, W, load_chain_leader_filing
from tests.queries.generated import generated_data, ingested_neo4j

pytestmark = pytest.mark.neo4j

SENIOR = "senior_worker"


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return generated_data(tmp_path_factory, "desert-summaries")


@pytest.fixture(scope="module")
def neo4j(request: pytest.FixtureRequest, data: Path) -> Iterator[Neo4jStore]:
    yield from ingested_neo4j(request, data)


def regions(store: GraphStore) -> list[str]:
    """Every district some organisation is located in, and the city."""
    rows = run(store, "region_organisations", {"region_kind": "city"})
    return [*sorted({r["district"] for r in rows if r["district"]}), "city"]


def years(store: GraphStore) -> list[int | None]:
    """All years together, each year of the data's demand, and a year without any."""
    return [None, *sorted(r["year"] for r in run(store, "demand_years", {})), 1999]


def graph_rows(store: GraphStore, region: str, year: int | None) -> list[dict[str, object]]:
    kind, region_id = ("city", None) if region == "city" else ("district", region)
    return list(run(store, "evaluation_deserts", {"region_kind": kind, "region_id": region_id, "year": year}))


def summary_rows(store: GraphStore, region: str, year: int | None) -> list[dict[str, object]]:
    return list(run(store, "desert_summary", {"region": region, "year": year}))


def assert_summaries_are_the_graph(store: Neo4jStore, memory: MemoryStore | None = None) -> int:
    """Every region's and year's summary rows against the graph's (and the embedded store's); the rows compared."""
    assert store.summaries_current()
    compared = 0
    for region in regions(store):
        for year in years(store):
            expected = graph_rows(store, region, year)
            assert summary_rows(store, region, year) == expected, (region, year)
            if memory is not None:
                assert graph_rows(memory, region, year) == expected, (region, year)
            compared += len(expected)
    return compared


def test_every_district_s_and_the_city_s_summary_is_the_graph_s_answer(neo4j: Neo4jStore, data: Path) -> None:
    memory = MemoryStore()
    assert run_ingest([data], memory, progress=False).ok
    assert len(regions(neo4j)) > 30 and len(years(neo4j)) > 3
    compared = assert_summaries_are_the_graph(neo4j, memory)
    # not a vacuous comparison: the data has deserts, some served in part by scoped filings
    rows = [r for region in regions(neo4j) for r in summary_rows(neo4j, region, None)]
    assert compared > 1_000
    assert any(r["unserved_headcount"] > 0 for r in rows) and any(r["unserved_headcount"] == 0 for r in rows)


def _filings_of_every_scope(store: GraphStore) -> None:
    """The chain leader's filing for its chain (tests/queries/fixture.py), an own-staff filing, an excluded
    occupation, a second year of demand, and a firm in two districts."""
    load_chain_leader_filing(store)
    e9 = Enterprise(id="e9", name_zh="重庆两地科技有限公司", uscc="91500000MA5U000906", district="wanzhou")
    load(store, [e9], [
        # e5 (not in c2) demands C at senior in 2026 too: two years, one firm
        Demands(start="e5", end=C, headcount=3, skill_level=SENIOR, year=2026),
        # e5 evaluates R for its own staff only; b2 no longer evaluates W (准入类)
        Filed(start="e5", end=R, scope="own_staff", levels=[SENIOR, "technician"]),
        Filed(start="b2", end=W, scope="public", excluded_reason="准入类职业资格，不列入自主评价范围"),
        # e9 sits in Wanzhou and Fengjie: each district's reach takes in the other
        LocatedIn(start="e9", end="wanzhou"), LocatedIn(start="e9", end="fengjie"),
        Demands(start="e9", end=A, headcount=6, skill_level="junior_worker", year=2025),
        Demands(start="e9", end=W, headcount=2, skill_level="intermediate_worker", year=2026),
    ])


def test_filings_of_every_scope_are_summarised_as_the_graph_answers_them(neo4j_store: Neo4jStore) -> None:
    _filings_of_every_scope(neo4j_store)
    memory = MemoryStore()
    _filings_of_every_scope(memory)
    refresh_summaries(neo4j_store)
    assert assert_summaries_are_the_graph(neo4j_store, memory) > 20
    # by hand, Shapingba's (C, senior): e4 10 and e6 4 (2025) served by e4's filing, e5's 6 (2025) and 3 (2026) not
    def senior_c(year: int | None) -> tuple[object, ...]:
        (row,) = [r for r in summary_rows(neo4j_store, "shapingba", year)
                  if (r["occupation_id"], r["skill_level"]) == (C, SENIOR)]
        return row["headcount"], row["enterprises"], row["unserved_headcount"], row["unserved_enterprises"]

    assert senior_c(None) == (23, 3, 9, 1)  # e5 is one firm over both years
    assert senior_c(2025) == (20, 3, 6, 1)
    assert senior_c(2026) == (3, 1, 3, 1)


def test_the_analysis_reads_the_summaries_only_while_they_are_current(neo4j_store: Neo4jStore) -> None:
    _filings_of_every_scope(neo4j_store)
    refresh_summaries(neo4j_store)
    before = evaluation_deserts(neo4j_store, "shapingba")
    with neo4j_store.driver.session() as session:  # a summary changed by hand: the analysis reads it
        session.run("MATCH (s:DesertSummary {region: 'shapingba'}) "
                    "SET s.unserved_headcounts = [n IN s.unserved_headcounts | n + 1000]").consume()
    assert evaluation_deserts(neo4j_store, "shapingba").desert_headcount > before.desert_headcount + 1000
    # any write moves the data version on: the summaries no longer stand for it and the graph answers
    load(neo4j_store, [], [Demands(start="e5", end=C, headcount=1, skill_level=SENIOR, year=2024)])
    assert not neo4j_store.summaries_current()
    assert evaluation_deserts(neo4j_store, "shapingba").desert_headcount == before.desert_headcount + 1
