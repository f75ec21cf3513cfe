"""The 13 measures' indicators on both stores, on a fixture worked out by hand (year 2025).

On the three-chain fixture (tests/queries/fixture.py), added here:
    h1 also joins c1 (employment): c1 covers all five links; c2 and c3 do not.
    e5 DEMANDS R senior 6 (2025); t1 TRAINS R [senior] 12/yr.  R is a digital occupation.
    2025 demand (plans aside): e1 20 · e2 25 · e3 8 · e4 40 · e5 6 = 99.
    EMPLOYS 2025 (no occupation): e1 junior 100, intermediate 200, senior 150, technician 40, senior technician 10
        (500, high-skill 200) · e2 intermediate 80, senior 20 (100, 20) · e4 intermediate 60, senior 30,
        technician 10 (100, 40) — 700 workers, 260 high-skill. Ignored: e1's 2024 row, e1's by-occupation row.
    REPORTS 2025: e1 upskilling 300, fund drawn 1,000,000 used 800,000 front-line 560,000, 巴渝大工匠 2,
        全市技术能手 3, national competition 1 · e2 fund drawn 120,000 used 100,000 front-line 40,000 ·
        e4 upskilling 100, subsidy 50,000, 重庆技能大师 1 · t1 upskilling 500 · e5 international trainees 40.
    CERTIFIED 2025: b1 A senior 120, A intermediate 80 · e5 R senior 10 (4 dual). Ignored: b1's 2024 row.
    APPRENTICES: e1 A cohort 2025 20; e1 A cohort 2024 10 → 9 completed, 8 certified; e2 W cohort 2023 5 → 4, 2.
    FILED: e5 R skill own_staff (2024–2029) and cross_track; e4 C skill chain_members (2025); e1 W excluded
        (准入类); b2 C skill public, expired 2024-12-31.
    Platforms: p1 skill master studio (e1) · p2 international station (e5; 泰国, 越南) · p3 practical training base
        (t2, no chain) · p4 digital skills pilot zone (s2).
    PARTNERS_WITH: e1→s1 industry college and order class, e2→s1 apprenticeship. k1 consortium: e1, s1.
    EARNS 2025: A intermediate 6,000, senior 7,200, technician 8,400 (ratio 1.3) · W intermediate 5,000, senior 6,000
        (1.2) · R senior 9,000 (no intermediate: left out). Ignored: A's 2024 row.
"""

import pytest

from analyses.measures import MeasureBoard, measure_board, measure_breakdown
from graph_model.nodes import Chain
from graph_model.reference import districts as reference_districts
from graph_model.relationships import MemberOf
from queries import ParameterError, run
from store import GraphStore
from tests.conftest import STORE_FIXTURES, STORES_WITH_SUMMARIES
from tests.fixtures import load
from tests.queries.measures_fixture import load_measures


@pytest.fixture(params=STORES_WITH_SUMMARIES)
def store(request: pytest.FixtureRequest) -> GraphStore:
    """Each test on the embedded store, on Neo4j reading the graph, and on Neo4j reading its measure summaries."""
    return request.getfixturevalue(STORE_FIXTURES[request.param])  # type: ignore[no-any-return]


def values(board: MeasureBoard) -> dict[str, float | None]:
    return {i.id: i.value for i in board.items}


def test_every_one_of_the_13_measures_has_an_indicator_computed_from_the_graph(store: GraphStore) -> None:
    load_measures(store)
    board = measure_board(store, "city", 2025)
    assert {i.measure for i in board.items} == set(range(1, 14))
    assert (board.organisations, board.enterprises, board.year) == (13, 5, 2025)


CITY_2025: dict[int, dict[str, float | None]] = {
    # c1 has all five links; c2 and c3 do not
    1: {"chains": 3, "chains_all_links_share": 1 / 3},
    # 4 platforms over 5 enterprises; c2 and c3 lack a master studio, no chain has a training base
    2: {"platforms_per_100_enterprises": 80, "chains_without_master_studio": 2, "chains_without_training_base": 3,
        "industry_colleges": 1, "consortia": 1},
    # 260 of 700; 300 + 100 + 500 trainees
    3: {"high_skill_share": 260 / 700, "upskilling_trainees": 900, "training_subsidy": 50_000},
    # cohort 2025: 20; of the 15 who finished 13 completed, 10 certified; e1's A 20 + e2's W 10 of 99
    4: {"apprentices": 20, "apprentice_completion_rate": 13 / 15, "apprentice_certified_rate": 10 / 13,
        "apprenticeship_coverage": 30 / 99},
    # one pilot zone; t1's 12 for R against e5's 6
    5: {"digital_platforms": 1, "digital_training_per_demand": 2.0},
    # 60 + 30 + 20 graduates a year against 99; e1's order class
    6: {"graduates_per_demand": 110 / 99, "order_classes": 1},
    # e5 and e4 hold a filing valid in 2025 (b2's expired; e1's only excludes); c1's leader has not filed
    7: {"filed_evaluators": 2, "filed_enterprises": 2, "chains_leader_not_filed": 1, "certificates": 210,
        "excluded_filings": 1},
    # e5's two-track filing
    8: {"cross_track_filers": 1, "cross_track_occupations": 1},
    9: {"dual_certificates": 4, "international_stations": 1, "partner_countries": 2, "international_trainees": 40},
    10: {"demand": 99, "employment_services": 1},
    # the median over A (7,800 / 6,000) and W (6,000 / 5,000); each rung's median over occupations
    11: {"high_skill_wage_ratio": 1.25, "high_skill_workers": 260,
         "median_wage_junior_worker": None, "median_wage_intermediate_worker": 5500,
         "median_wage_senior_worker": 7200, "median_wage_technician": 8400, "median_wage_senior_technician": None,
         "median_wage_principal_technician": None, "median_wage_chief_technician": None},
    # 2 + 3 + 1 honours, 1 award; honours of the firms reporting a workforce per 10,000 of their workers
    12: {"honours": 6, "competition_awards": 1, "honours_per_10k_workers": 10_000 * 6 / 700},
    # (560,000 + 40,000) / (800,000 + 100,000); e1 meets 60 %, e2 does not; 900,000 / 1,120,000
    13: {"fund_frontline_share": 600 / 900, "fund_frontline_target_met_share": 0.5, "fund_use_rate": 900 / 1120},
}
"""The city's indicators in 2025, measure by measure, worked out by hand from the fixture above."""


@pytest.mark.parametrize("measure", sorted(CITY_2025))
def test_each_measures_indicators_for_the_city_worked_out_by_hand(store: GraphStore, measure: int) -> None:
    load_measures(store)
    board = measure_board(store, "city", 2025)
    assert {i.id: i.value for i in board.items if i.measure == measure} == pytest.approx(CITY_2025[measure])


def test_coverage_goals_references_and_details_of_the_city_board(store: GraphStore) -> None:
    load_measures(store)
    board = measure_board(store, "city", 2025)
    by_id = {i.id: i for i in board.items}
    assert by_id["chains_leader_not_filed"].detail == ["c1"]
    assert by_id["chains_without_master_studio"].detail == ["c2", "c3"]
    assert by_id["partner_countries"].detail == ["泰国", "越南"]
    share = by_id["high_skill_share"]
    assert (share.reported, share.of, share.reference, share.goal, share.meets_goal) == (3, 5, 0.314, 0.32, True)
    fund = by_id["fund_frontline_share"]
    assert (fund.goal, fund.meets_goal, fund.reported, fund.of) == (0.6, True, 2, 5)
    assert (by_id["certificates"].reported, by_id["certificates"].of) == (2, 8)
    assert by_id["high_skill_wage_ratio"].city_wide


def test_a_district_and_a_chain_see_their_own_organisations_and_chains(store: GraphStore) -> None:
    load_measures(store)
    wanzhou = values(measure_board(store, "wanzhou", 2025))  # e1, e2, s1, t1, b1; c1 is led from here
    assert (wanzhou["chains"], wanzhou["chains_all_links_share"]) == (1, 1.0)
    assert wanzhou["high_skill_share"] == pytest.approx(220 / 600)
    assert wanzhou["fund_frontline_share"] == pytest.approx(600 / 900)
    assert wanzhou["upskilling_trainees"] == 800
    c2 = values(measure_board(store, "c2", 2025))  # e4, s2, b2, h1
    assert (c2["chains"], c2["chains_without_master_studio"], c2["chains_leader_not_filed"]) == (1, 1, 0)
    assert c2["high_skill_share"] == pytest.approx(0.4)
    assert (c2["fund_frontline_share"], c2["digital_platforms"]) == (None, 1)


def test_one_indicator_per_district_and_per_chain(store: GraphStore) -> None:
    load_measures(store)
    districts = measure_breakdown(store, "high_skill_share", "district", 2025)
    assert districts.city == pytest.approx(260 / 700)
    assert [(r.id, r.value) for r in districts.items[:2]] == [("shapingba", 0.4), ("wanzhou", pytest.approx(220 / 600))]
    # every area gap totals lists (districts() of the reference data), most without data
    assert len(districts.items) == len(reference_districts()) and all(r.value is None for r in districts.items[2:])
    chains = measure_breakdown(store, "fund_frontline_share", "chain", 2025)
    assert [(r.id, r.value) for r in chains.items] == [("c1", pytest.approx(600 / 900)), ("c2", None), ("c3", None)]
    mine = measure_breakdown(store, "fund_frontline_share", "chain", 2025, chains_only=frozenset({"c2"}))
    assert [r.id for r in mine.items] == ["c2"]
    with pytest.raises(ParameterError, match="unknown indicator"):
        measure_breakdown(store, "happiness", "district", 2025)


def test_a_member_in_two_links_counts_in_both(store: GraphStore) -> None:
    load_measures(store)
    load(store, [], [MemberOf(start="e5", end="c3", link_role="evaluation")])  # e5 also evaluates for its chain
    [c3] = run(store, "measure_chains", {"chain_id": "c3"})
    assert (c3["links"], c3["members"]) == (["evaluation", "industry"], 1)


def test_a_city_board_after_a_write_sees_it(store: GraphStore) -> None:
    """Every chain's facts and the wage references are kept for the data version they were read in, and no longer."""
    load_measures(store)
    assert values(measure_board(store, "city", 2025))["chains"] == 3
    load(store, [Chain(id="c4", name_zh="新链")], [MemberOf(start="t2", end="c4", link_role="training")])
    board = values(measure_board(store, "city", 2025))
    assert (board["chains"], board["chains_without_master_studio"]) == (4, 3)
