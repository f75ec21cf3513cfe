"""Chain coverage and the chain ranking on both stores, worked out by hand from tests/queries/fixture.py."""

import pytest

from analyses.coverage import chain_coverage, rank_chains
from analyses.errors import NotFoundError
from graph_model.nodes import Chain
from graph_model.relationships import MemberOf
from store import GraphStore
from tests.conftest import STORE_FIXTURES, STORES_WITH_SUMMARIES
from tests.fixtures import load
from tests.queries.fixture import A, R, W, load_three_chains


@pytest.fixture(params=STORES_WITH_SUMMARIES)
def store(request: pytest.FixtureRequest) -> GraphStore:
    """Each test on the embedded store, on Neo4j reading the graph, and on Neo4j reading its summaries."""
    return request.getfixturevalue(STORE_FIXTURES[request.param])  # type: ignore[no-any-return]


def test_chain_coverage_lists_the_leader_and_members_by_link(store: GraphStore) -> None:
    load_three_chains(store)
    cov = chain_coverage(store, "c1")
    assert [(leader.id, leader.name_zh) for leader in cov.chain.leaders] == [("e1", "重庆长安汽车股份有限公司")]
    assert cov.chain.cluster_ids == ["intelligent_connected_nev"]
    assert {link: [(m.id, m.is_leader) for m in ms] for link, ms in cov.members_by_link.items()} == {
        "industry": [("e1", True), ("e2", False)],
        "teaching": [("s1", False)],
        "training": [("t1", False)],
        "evaluation": [("b1", False)],
        "employment": [],
    }
    assert cov.members_by_link["teaching"][0].kind == "School"


def test_chain_coverage_names_leaders_and_members_in_both_languages_as_their_nodes_do(store: GraphStore) -> None:
    """(Before: Chinese names only, so the English UI showed them though the data gave English ones.)"""
    load_three_chains(store)
    cov = chain_coverage(store, "c1")
    members = [m for ms in cov.members_by_link.values() for m in ms]
    for named in [*cov.chain.leaders, *members]:
        node = store.get_node(named.id)
        assert node is not None
        assert (named.name_zh, named.name_en) == (node.properties.get("name_zh"), node.properties.get("name_en"))
    assert cov.chain.leaders[0].name_en == "Chongqing Changan Automobile Co., Ltd."


def test_chain_coverage_sets_what_members_supply_against_each_demanded_occupation_and_level(
    store: GraphStore,
) -> None:
    load_three_chains(store)
    cov = chain_coverage(store, "c1")
    # Demand of e1 + e2 per (occupation, level), all years:
    #   W intermediate: e2 10              teaching m2 30 · training t1 W (any level) 20 · no evaluator of W
    #   A senior: e1 20 + e2 12 = 32       teaching m1 60 · t1 trains A only junior/intermediate → 0 · b1 400
    #   A technician: e2 3                 teaching 60 · training 0 · b1 stops at senior → 0
    #   R technician: e1 5 (2026)          nothing (e5 evaluates R but is not in c1)
    assert [
        (d.occupation_id, d.skill_level, d.headcount, d.graduates, d.training_capacity, d.evaluation_capacity)
        for d in cov.demand
    ] == [
        (W, "intermediate_worker", 10, 30, 20, 0),
        (A, "senior_worker", 32, 60, 0, 400),
        (A, "technician", 3, 60, 0, 0),
        (R, "technician", 5, 0, 0, 0),
    ]
    assert [d.covered_links for d in cov.demand] == [
        ["teaching", "training"], ["teaching", "evaluation"], ["teaching"], [],
    ]


def test_chain_coverage_weighs_links_by_demand_and_names_the_missing_link(store: GraphStore) -> None:
    load_three_chains(store)
    cov = chain_coverage(store, "c1")
    # total demand 10 + 32 + 3 + 5 = 50
    # teaching covers 10 + 32 + 3 = 45 → 0.9; training covers 10 → 0.2; evaluation covers 32 → 0.64
    # industry has e1, e2 → 1; employment has no member → 0
    assert cov.total_demand == 50
    assert [(c.link_role, c.basis, c.covered_headcount) for c in cov.links] == [
        ("industry", "presence", None),
        ("teaching", "demand", 45),
        ("training", "demand", 10),
        ("evaluation", "demand", 32),
        ("employment", "presence", None),
    ]
    assert [c.value for c in cov.links] == pytest.approx([1, 0.9, 0.2, 0.64, 0])
    assert cov.missing_links == ["employment"]
    # (1 + 0.9 + 0.2 + 0.64 + 0) / 5 = 2.74 / 5
    assert cov.score == pytest.approx(0.548)


def test_chain_coverage_for_one_year_counts_only_that_years_demand(store: GraphStore) -> None:
    load_three_chains(store)
    cov = chain_coverage(store, "c1", year=2025)
    # R technician (2026) drops out: total 45; teaching 45/45, training 10/45, evaluation 32/45
    assert cov.total_demand == 45
    assert [c.value for c in cov.links] == pytest.approx([1, 1, 10 / 45, 32 / 45, 0])
    # (1 + 1 + 10/45 + 32/45 + 0) / 5 = (2 + 42/45) / 5
    assert cov.score == pytest.approx((2 + 42 / 45) / 5)


def test_a_chain_without_demand_is_scored_on_which_links_it_has(store: GraphStore) -> None:
    load_three_chains(store)
    cov = chain_coverage(store, "c3")
    # c3 has only e5 (industry), which demands nothing: every link falls back to presence
    assert cov.total_demand == 0
    assert cov.demand == []
    assert [(c.link_role, c.basis, c.value) for c in cov.links] == [
        ("industry", "presence", 1.0),
        ("teaching", "presence", 0.0),
        ("training", "presence", 0.0),
        ("evaluation", "presence", 0.0),
        ("employment", "presence", 0.0),
    ]
    assert cov.missing_links == ["teaching", "training", "evaluation", "employment"]
    assert cov.score == pytest.approx(0.2)


def test_chains_are_ranked_by_score_then_id(store: GraphStore) -> None:
    load_three_chains(store)
    # c2: demand C intermediate 30 + C senior 10 = 40; teaching m3 (20/yr) covers both → 1;
    #     no training member → 0; b2 evaluates C up to intermediate → 30/40 = 0.75; employment h1 → 1
    #     score (1 + 1 + 0 + 0.75 + 1) / 5 = 0.75
    # c1: 0.548 and c3: 0.2 as above
    ranking = rank_chains(store).items
    assert [(r.rank, r.chain.id) for r in ranking] == [(1, "c2"), (2, "c1"), (3, "c3")]
    assert [r.score for r in ranking] == pytest.approx([0.75, 0.548, 0.2])
    assert ranking[0].missing_links == ["training"]
    assert ranking[0].chain.leaders[0].id == "e4"
    assert ranking[0].chain.priority_fields == ["health_elderly_care"]


def test_the_ranking_scores_a_chain_as_its_coverage_does(store: GraphStore) -> None:
    load_three_chains(store)
    for ranked in rank_chains(store, year=2025).items:
        single = chain_coverage(store, ranked.chain.id, year=2025)
        assert (ranked.score, ranked.links, ranked.missing_links) == (single.score, single.links, single.missing_links)


def test_a_ranking_after_a_write_sees_it(store: GraphStore) -> None:
    """Every chain's list, links and summaries are kept for the data version they were read in, and no longer."""
    load_three_chains(store)
    assert [r.chain.id for r in rank_chains(store).items] == ["c2", "c1", "c3"]
    # c2 gains a training member (t1 trains C at no level it demands): the link's presence counts, its value stays
    # 0 (no demand covered); a new chain c4 with one member appears, last
    load(store, [Chain(id="c4", name_zh="新链")], [MemberOf(start="t1", end="c2", link_role="training"),
                                                   MemberOf(start="t2", end="c4", link_role="training")])
    ranking = rank_chains(store).items
    assert [r.chain.id for r in ranking] == ["c2", "c1", "c3", "c4"]
    assert ranking[0].missing_links == []
    assert [link.members for link in ranking[0].links if link.link_role == "training"] == [1]


def test_an_unknown_chain_is_reported_not_scored(store: GraphStore) -> None:
    load_three_chains(store)
    with pytest.raises(NotFoundError, match="no-such-chain"):
        chain_coverage(store, "no-such-chain")
