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
from graph_model.relationships import Demands, Evaluates, Filed, LocatedIn, MemberOf
from ingest.generate import generate
from ingest.job import run_ingest
from queries import refresh_summaries, run
from store import GraphStore, MemoryStore
from store.neo4j_store import Neo4jStore
from tests.fixtures import load
from tests.queries.fixture import A, C, R, W, load_three_chains

pytestmark = pytest.mark.neo4j

SEED = 11
SENIOR = "senior_worker"


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("desert-summaries") / "data"
    generate("small", SEED, folder, history=True)
    return folder


@pytest.fixture(scope="module")
def neo4j(request: pytest.FixtureRequest, data: Path) -> Iterator[Neo4jStore]:
    server = request.getfixturevalue("neo4j_server")
    store = Neo4jStore(server.uri, auth=server.auth)
    store.apply_schema()
    store.clear()
    assert run_ingest([data], store, progress=False).ok  # an ingest ends by rebuilding the summaries
    assert store.summaries_current()
    yield store
    store.close()


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
    """The three-chain fixture, with filings of every scope, an excluded occupation and a firm in two districts."""
    load_three_chains(store)
    e6 = Enterprise(id="e6", name_zh="重庆颐年护理服务有限公司", uscc="91500000MA5U000603", district="shapingba")
    e9 = Enterprise(id="e9", name_zh="重庆两地科技有限公司", uscc="91500000MA5U000906", district="wanzhou")
    load(store, [e6, e9], [
        # e4 (c2's leader, Shapingba) evaluates C at senior for its chain's members: e6 is one, e5 is not
        LocatedIn(start="e6", end="shapingba"),
        MemberOf(start="e6", end="c2", link_role="industry"),
        Demands(start="e6", end=C, headcount=4, skill_level=SENIOR, year=2025),
        Demands(start="e5", end=C, headcount=6, skill_level=SENIOR, year=2026),
        Evaluates(start="e4", end=C, levels=[SENIOR], capacity_per_year=40),
        Filed(start="e4", end=C, scope="chain_members", levels=[SENIOR], filed="2025-03-01"),
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
    # by hand, Shapingba's (C, senior): e4 10 and e6 4 served by e4's filing, e5's 6 (2026) not
    row = next(r for r in summary_rows(neo4j_store, "shapingba", None)
               if (r["occupation_id"], r["skill_level"]) == (C, SENIOR))
    assert (row["headcount"], row["enterprises"], row["unserved_headcount"],
            row["unserved_enterprises"]) == (20, 3, 6, 1)
    assert [(r["headcount"], r["unserved_headcount"]) for r in summary_rows(neo4j_store, "shapingba", 2026)
            if (r["occupation_id"], r["skill_level"]) == (C, SENIOR)] == [(6, 6)]


def test_the_analysis_reads_the_summaries_only_while_they_are_current(neo4j_store: Neo4jStore) -> None:
    _filings_of_every_scope(neo4j_store)
    refresh_summaries(neo4j_store)
    before = evaluation_deserts(neo4j_store, "shapingba")
    with neo4j_store.driver.session() as session:  # a summary changed by hand: the analysis reads it
        session.run("MATCH (s:DesertSummary {region: 'shapingba'}) "
                    "SET s.unserved_headcounts = [n IN s.unserved_headcounts | n + 1000]").consume()
    assert evaluation_deserts(neo4j_store, "shapingba").desert_headcount > before.desert_headcount + 1000
    # any write moves the data version on: the summaries no longer stand for it and the graph answers
    load(neo4j_store, [], [Demands(start="e5", end=C, headcount=1, skill_level=SENIOR, year=2025)])
    assert not neo4j_store.summaries_current()
    assert evaluation_deserts(neo4j_store, "shapingba").desert_headcount == before.desert_headcount + 1
