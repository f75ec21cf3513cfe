"""Measure 7's filing scope in the evaluation deserts, on both stores, worked out by hand.

On the three-chain fixture with the chain leader's filing (tests/queries/fixture.py, `load_chain_leader_filing`):
e4, c2's leader in Shapingba, evaluates C at senior for its chain's members; in Shapingba (C, senior) is demanded by
e4 10 + e6 4 + e5 6 = 20, and e4's filing serves e4 and e6, not e5.
"""

import pytest

from analyses.deserts import evaluation_deserts
from graph_model.relationships import Filed
from store import GraphStore
from tests.conftest import STORE_FIXTURES, STORES_WITH_SUMMARIES
from tests.fixtures import load
from tests.queries.fixture import C, R, W, load_chain_leader_filing, load_three_chains

SENIOR = "senior_worker"


@pytest.fixture(params=STORES_WITH_SUMMARIES)
def store(request: pytest.FixtureRequest) -> GraphStore:
    """Each test on the embedded store, on Neo4j reading the graph, and on Neo4j reading its summaries."""
    return request.getfixturevalue(STORE_FIXTURES[request.param])  # type: ignore[no-any-return]


def test_a_chain_leaders_filing_serves_its_chains_members_and_not_another_chains_firm_in_the_district(
    store: GraphStore,
) -> None:
    load_chain_leader_filing(store)
    shapingba = evaluation_deserts(store, "shapingba")
    senior_c = [d for d in shapingba.items if (d.occupation_id, d.skill_level) == (C, SENIOR)]
    # e5's 6 only: e4 and e6 are c2's, whom e4's filing serves
    assert [(d.headcount, d.enterprises, d.demand, d.evaluators_in_reach) for d in senior_c] == [(6, 1, 20, 1)]
    # the chain itself has no desert left in (C, senior)
    c2 = evaluation_deserts(store, "c2")
    assert [(d.occupation_id, d.skill_level) for d in c2.items] == []


def test_a_filing_for_the_public_serves_everyone_in_reach(store: GraphStore) -> None:
    load_chain_leader_filing(store)
    load(store, [], [Filed(start="e4", end=C, scope="public", levels=[SENIOR])])  # the same filing, widened
    shapingba = evaluation_deserts(store, "shapingba")
    assert [(d.occupation_id, d.skill_level) for d in shapingba.items if d.occupation_id == C] == []


def test_an_own_staff_filing_serves_only_the_filer_and_an_excluded_occupation_is_not_evaluated(
    store: GraphStore,
) -> None:
    load_three_chains(store)
    load(store, [], [
        # e5 evaluates R for its own staff only: e1's (R, technician) 5 in Wanzhou has no evaluator for it
        Filed(start="e5", end=R, scope="own_staff", levels=[SENIOR, "technician"]),
        # b2's filing leaves W out (a 准入类 qualification): b2 no longer evaluates W
        Filed(start="b2", end=W, scope="public", excluded_reason="准入类职业资格，不列入自主评价范围"),
    ])
    city = evaluation_deserts(store, "city")
    # before: (C, senior) 10 and (A, technician) 3; now also (W, intermediate) 10 and (R, technician) 5
    assert sorted((d.occupation_id, d.skill_level, d.headcount, d.evaluators_in_city) for d in city.items) == sorted([
        (C, SENIOR, 10, 0), ("6-22-02-01", "technician", 3, 0), (W, "intermediate_worker", 10, 0),
        (R, "technician", 5, 1),
    ])
    assert city.desert_share == pytest.approx(28 / 98)
