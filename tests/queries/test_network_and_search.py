"""The network view and search on both stores, worked out by hand from tests/queries/fixture.py."""

import pytest

from analyses.errors import NotFoundError
from analyses.network import network_view
from analyses.search import search
from graph_model.nodes import TrainingProvider
from queries import ParameterError
from store import GraphStore
from tests.fixtures import load
from tests.queries.fixture import A, C, W, load_three_chains


def test_a_chains_network_view_is_nearest_first_and_says_how_much_was_cut(store: GraphStore) -> None:
    load_three_chains(store)
    view = network_view(store, "c1", depth=1, limit=4)
    # c1's neighbours: b1, e1, e2, s1, t1 (MEMBER_OF, LEADS) and its cluster (IN_CLUSTER): 6 + c1 = 7;
    # by id after the centre: b1, e1, e2, intelligent_connected_nev, s1, t1 → the first 3 are kept
    assert [n.id for n in view.nodes] == ["c1", "b1", "e1", "e2"]
    assert (view.total_nodes, view.cut_nodes, view.truncated) == (7, 3, True)
    assert [(n.kind, n.kind_zh, n.link_roles) for n in view.nodes] == [
        ("Chain", "产教评技能生态链", []),
        ("EvaluationBody", "技能人才评价机构", ["evaluation"]),
        ("Enterprise", "企业", ["industry"]),
        ("Enterprise", "企业", ["industry"]),
    ]
    assert view.nodes[2].name_zh == "重庆长安汽车股份有限公司"
    assert view.nodes[2].name_en == "Chongqing Changan Automobile Co., Ltd."
    assert [(e.start, e.type, e.end, e.properties) for e in view.edges] == [
        ("b1", "MEMBER_OF", "c1", {"link_role": "evaluation"}),
        ("e1", "LEADS", "c1", {}),
        ("e1", "MEMBER_OF", "c1", {"link_role": "industry"}),
        ("e2", "MEMBER_OF", "c1", {"link_role": "industry"}),
    ]


def test_an_organisations_network_view_shows_its_chain_place_demand_and_the_edges_among_them(
    store: GraphStore,
) -> None:
    load_three_chains(store)
    view = network_view(store, "e2", depth=1, limit=50)
    # e2 → W, A (DEMANDS), c1 (MEMBER_OF), the NEV cluster (IN_CLUSTER), wanzhou (LOCATED_IN)
    assert [n.id for n in view.nodes] == ["e2", W, A, "c1", "intelligent_connected_nev", "wanzhou"]
    assert (view.total_nodes, view.cut_nodes, view.truncated) == (6, 0, False)
    assert view.nodes[0].link_roles == ["industry"]
    # e2's 6 edges (two DEMANDS of A: senior and technician) + W, A and c1 IN_CLUSTER the NEV cluster
    assert [(e.start, e.type, e.end) for e in view.edges] == [
        (W, "IN_CLUSTER", "intelligent_connected_nev"),
        (A, "IN_CLUSTER", "intelligent_connected_nev"),
        ("c1", "IN_CLUSTER", "intelligent_connected_nev"),
        ("e2", "DEMANDS", W),
        ("e2", "DEMANDS", A),
        ("e2", "DEMANDS", A),
        ("e2", "IN_CLUSTER", "intelligent_connected_nev"),
        ("e2", "LOCATED_IN", "wanzhou"),
        ("e2", "MEMBER_OF", "c1"),
    ]
    assert [e.properties["skill_level"] for e in view.edges[4:6]] == ["senior_worker", "technician"]


def test_the_network_view_refuses_unknown_nodes_and_unbounded_requests(store: GraphStore) -> None:
    load_three_chains(store)
    with pytest.raises(NotFoundError, match="nobody"):
        network_view(store, "nobody")
    with pytest.raises(ParameterError):
        network_view(store, "c1", depth=9)
    with pytest.raises(ParameterError):
        network_view(store, "c1", limit=0)


@pytest.mark.parametrize(
    ("text", "kinds", "expected"),
    [
        # 养老护理员 (5 characters) < 智慧健康养老服务与管理 (11)
        # < 健康养老产教评技能生态链 = 重庆康宁养老服务有限公司 (12, then by id)
        ("养老", None, [C, "m3", "c2", "e4"]),
        ("养老", ["Enterprise", "Chain"], ["c2", "e4"]),
        ("elderly care", None, [C, "m3", "c2"]),  # English words in name_en, any case
        ("91500000MA5U000300", None, ["e3"]),  # a credit code
        ("b2", None, ["b2"]),  # an id
        ("焊", None, [W, "m2"]),  # one Chinese character: 焊工 (2 characters) < 智能焊接技术 (6)
        ("  ", None, []),
    ],
)
def test_search_by_fragment_words_code_or_id(
    store: GraphStore, text: str, kinds: list[str] | None, expected: list[str]
) -> None:
    load_three_chains(store)
    assert [hit.id for hit in search(store, text, kinds=kinds).items] == expected


def test_search_hits_carry_kind_names_and_respect_the_limit(store: GraphStore) -> None:
    load_three_chains(store)
    hits = search(store, "养老", limit=2).items
    assert [(h.id, h.kind, h.kind_zh, h.name_zh) for h in hits] == [
        (C, "Occupation", "职业（工种）", "养老护理员"),
        ("m3", "Major", "专业", "智慧健康养老服务与管理"),
    ]
    with pytest.raises(ParameterError, match="Planet"):
        search(store, "养老", kinds=["Planet"])


def test_a_one_character_fragment_finds_names_and_a_capped_total_says_there_are_more(store: GraphStore) -> None:
    load_three_chains(store)
    many = [TrainingProvider(id=f"tp{i:03d}", name_zh=f"钢城职业培训学校{i:03d}", district="wanzhou")
            for i in range(205)]
    load(store, many, [])
    one = search(store, "钢", limit=5)
    assert [h.id for h in one.items] == ["tp000", "tp001", "tp002", "tp003", "tp004"]
    assert (one.total, one.more) == (200, True)  # the first 200 of 205, and it says there are more
    two = search(store, "钢城", kinds=["TrainingProvider"])
    assert (two.total, two.more) == (200, True)
    few = search(store, "焊")
    assert (few.total, few.more) == (2, False)
