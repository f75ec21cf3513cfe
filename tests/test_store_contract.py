"""The same cases on both stores: every answer worked out by hand from tests/fixtures.py."""

import pytest

from ingest.reference import load_reference
from queries import run, run_many
from store import ConflictError, GraphStore, UnknownKindError
from tests.fixtures import load_mini_chain


def test_a_node_reads_back_with_its_kind_and_properties(store: GraphStore) -> None:
    load_mini_chain(store)
    node = store.get_node("e1")
    assert node is not None
    assert node.kind == "Enterprise"
    assert node.properties["uscc"] == "91500000MA5U00010X"
    assert node.properties["roles"] == ["chain_leader"]
    assert node.properties["district"] == "wanzhou"
    assert store.get_node("nobody") is None


def test_counts_by_kind_and_type_include_zeros(store: GraphStore) -> None:
    load_mini_chain(store)
    counts = store.counts()
    assert counts.nodes["Enterprise"] == 2
    assert counts.nodes["School"] == 1
    assert counts.nodes["Chain"] == 1
    assert counts.nodes["Platform"] == 0
    # 4 MEMBER_OF; DEMANDS twice between the same pair, told apart by (level, year)
    assert counts.relationships["MEMBER_OF"] == 4
    assert counts.relationships["DEMANDS"] == 2
    assert counts.relationships["LOCATED_IN"] == 4
    assert counts.relationships["PARTNERS_WITH"] == 0


def test_loading_twice_changes_nothing(store: GraphStore) -> None:
    load_mini_chain(store)
    before = store.counts()
    load_mini_chain(store)
    assert store.counts() == before


def test_upsert_updates_properties_in_place(store: GraphStore) -> None:
    load_mini_chain(store)
    store.upsert_nodes("Enterprise", [{"id": "e2", "props": {"employees": 850}}])
    node = store.get_node("e2")
    assert node is not None
    assert node.properties["employees"] == 850
    assert node.properties["name_zh"] == "重庆青山工业有限责任公司"
    assert store.counts().nodes["Enterprise"] == 2


def test_a_batch_whose_rows_carry_different_properties_writes_each_row_its_own(store: GraphStore) -> None:
    load_mini_chain(store)
    store.upsert_nodes("Platform", [
        # `level` 1 / True / 1.0: equal in Python, three different values to store; `source` the same
        # in every row; `note` in one row only; `tags` a list equal in both rows that have it.
        {"id": "p1", "props": {"name_zh": "平台一", "level": 1, "source": "f.csv", "tags": ["a"]}},
        {"id": "p2", "props": {"name_zh": "平台二", "level": True, "source": "f.csv", "note": "x y`z"}},
        {"id": "p3", "props": {"name_zh": "平台三", "level": 1.0, "source": "f.csv", "tags": ["a"]}},
    ])
    props = {i: n.properties for i in ("p1", "p2", "p3") if (n := store.get_node(i)) is not None}
    assert [(props[i]["level"], type(props[i]["level"])) for i in ("p1", "p2", "p3")] == [
        (1, int), (True, bool), (1.0, float)]
    assert [props[i]["source"] for i in ("p1", "p2", "p3")] == ["f.csv"] * 3
    assert [props[i].get("note") for i in ("p1", "p2", "p3")] == [None, "x y`z", None]
    assert [props[i].get("tags") for i in ("p1", "p2", "p3")] == [["a"], None, ["a"]]
    assert all(props[i]["id"] == i for i in props)


def test_a_property_a_later_row_leaves_out_keeps_its_stored_value(store: GraphStore) -> None:
    load_mini_chain(store)
    rel = {"start": "e1", "end": "c1", "key": "industry"}
    store.upsert_relationships("MEMBER_OF", [{**rel, "props": {"link_role": "industry", "joined": "2020-01-01"}}])
    store.upsert_relationships("MEMBER_OF", [{**rel, "props": {"link_role": "industry", "source_row": 7}}])
    _, edges = store.subgraph(["e1", "c1"])
    [member] = [e for e in edges if e.type == "MEMBER_OF" and e.key == "industry"]
    assert member.properties["joined"] == "2020-01-01"
    assert member.properties["source_row"] == 7


def test_relationship_to_a_missing_node_is_skipped_and_creates_no_node(store: GraphStore) -> None:
    load_mini_chain(store)
    before = store.counts()
    written = store.upsert_relationships(
        "MEMBER_OF", [{"start": "ghost", "end": "c1", "key": "industry", "props": {"link_role": "industry"}}]
    )
    assert written == 0
    assert store.get_node("ghost") is None
    assert store.counts() == before


def test_relationship_between_kinds_the_type_does_not_allow_is_skipped(store: GraphStore) -> None:
    load_mini_chain(store)
    # A district cannot be a chain member.
    written = store.upsert_relationships(
        "MEMBER_OF", [{"start": "wanzhou", "end": "c1", "key": "industry", "props": {"link_role": "industry"}}]
    )
    assert written == 0
    assert store.counts().relationships["MEMBER_OF"] == 4


def test_an_id_cannot_change_kind(store: GraphStore) -> None:
    load_mini_chain(store)
    with pytest.raises(ConflictError):
        store.upsert_nodes("School", [{"id": "e1", "props": {"name_zh": "冒名学校"}}])


def test_unknown_labels_never_reach_cypher(store: GraphStore) -> None:
    with pytest.raises(UnknownKindError):
        store.upsert_nodes("Enterprise) DETACH DELETE (n", [{"id": "x", "props": {}}])
    with pytest.raises(UnknownKindError):
        store.upsert_relationships("KNOWS", [])


def test_kinds_of_answers_only_existing_ids(store: GraphStore) -> None:
    load_mini_chain(store)
    assert store.kinds_of(["e1", "s1", "ghost", "6-22-02-01"]) == {
        "e1": "Enterprise",
        "s1": "School",
        "6-22-02-01": "Occupation",
    }


def test_neighbourhood_is_nearest_first_then_by_id_and_says_what_was_cut(store: GraphStore) -> None:
    load_mini_chain(store)
    # c1's neighbours are b1, e1, e2, s1 (both directions); sorted by id after the centre.
    view = store.neighbourhood("c1", depth=1, limit=3)
    assert view is not None
    assert [n.id for n in view.nodes] == ["c1", "b1", "e1"]
    assert view.total_nodes == 5
    assert view.truncated
    # Edges among {c1, b1, e1}: b1→c1 MEMBER_OF, e1→c1 LEADS, e1→c1 MEMBER_OF.
    assert [(e.start, e.type, e.end) for e in view.edges] == [
        ("b1", "MEMBER_OF", "c1"),
        ("e1", "LEADS", "c1"),
        ("e1", "MEMBER_OF", "c1"),
    ]
    assert view.edges[2].properties["link_role"] == "industry"


def test_neighbourhood_two_hops_reaches_district_and_occupation(store: GraphStore) -> None:
    load_mini_chain(store)
    view = store.neighbourhood("c1", depth=2, limit=100)
    assert view is not None
    # hop 2 from {b1, e1, e2, s1}: wanzhou (LOCATED_IN) and 6-22-02-01 (DEMANDS, EVALUATES)
    assert [n.id for n in view.nodes] == ["c1", "b1", "e1", "e2", "s1", "6-22-02-01", "wanzhou"]
    assert not view.truncated
    assert len(view.edges) == 4 + 1 + 4 + 2 + 1
    assert store.neighbourhood("nobody") is None


def test_chain_members_by_link_with_leader_marked(store: GraphStore) -> None:
    load_mini_chain(store)
    rows = run(store, "chain_members", {"chain_id": "c1"})
    assert [(r["link_role"], r["id"], r["is_leader"]) for r in rows] == [
        ("evaluation", "b1", False),
        ("industry", "e1", True),
        ("industry", "e2", False),
        ("teaching", "s1", False),
    ]
    assert rows[0]["kind"] == "EvaluationBody"
    assert {(r["district"], r["lat"], r["lng"]) for r in rows} == {("wanzhou", None, None)}  # placed by district
    assert run(store, "chain_members", {"chain_id": "no-such-chain"}) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("长安", ["e1"]),  # a two-character Chinese fragment
        # 汽车装调工 (5 characters) < 重庆长安汽车股份有限公司 (12) < 智能网联新能源汽车产教评技能生态链 (17)
        ("汽车", ["6-22-02-01", "e1", "c1"]),
        ("青山工业", ["e2"]),
        ("changan", ["e1"]),  # English word, any case
        ("91500000MA5U00020Y", ["e2"]),  # credit code
        ("装汽", []),  # characters present but not adjacent
    ],
)
def test_search_finds_names_by_fragment_word_or_code(store: GraphStore, text: str, expected: list[str]) -> None:
    store.apply_schema()
    load_mini_chain(store)
    assert [r["id"] for r in run(store, "search_entities", {"text": text})] == expected


def test_search_can_be_limited_to_kinds(store: GraphStore) -> None:
    store.apply_schema()
    load_mini_chain(store)
    rows = run(store, "search_entities", {"text": "汽车", "kinds": ["Occupation"]})
    assert [r["id"] for r in rows] == ["6-22-02-01"]


def test_reference_graph_loads_whole_and_idempotently(store: GraphStore) -> None:
    load_reference(store)
    load_reference(store)
    counts = store.counts()
    assert counts.nodes["Cluster"] == 30
    assert counts.nodes["District"] == 39  # 36 districts and counties today (江北, 渝北 merged into 两江) + 3 zones
    assert counts.nodes["SkillLevel"] == 8
    assert counts.nodes["Occupation"] == 8 + 79 + 450 + 1639
    # every entry but the 8 major groups has a parent (2,168), plus 18 clusters with a parent cluster
    assert counts.relationships["PART_OF"] == 2168 + 18
    chongqing_counties = store.get_node("chengkou")
    assert chongqing_counties is not None and chongqing_counties.properties["is_county_12"] is True


def test_every_write_and_a_clear_move_the_data_version_on(store: GraphStore) -> None:
    seen = {store.data_version()}
    load_mini_chain(store)
    after_load = store.data_version()
    assert after_load not in seen
    assert store.data_version() == after_load, "reading must not move the version"
    seen.add(after_load)
    store.upsert_relationships("DEMANDS", [])
    store.upsert_nodes("Enterprise", [])
    store.clear()
    assert store.data_version() not in seen
    assert store.counts().nodes["Enterprise"] == 0


def test_several_queries_in_one_transaction_answer_like_one_at_a_time(store: GraphStore) -> None:
    load_mini_chain(store)
    queries = [("chains", {"chain_id": None}), ("chain_links", {"chain_id": None})]
    assert run_many(store, queries) == [run(store, name, params) for name, params in queries]


def test_a_prepared_relationship_write_writes_when_called(store: GraphStore) -> None:
    load_mini_chain(store)
    before = store.counts().relationships["PARTNERS_WITH"]
    write = store.prepare_relationships("PARTNERS_WITH", [{"start": "e1", "end": "s1", "key": "", "props": {}}])
    assert store.counts().relationships["PARTNERS_WITH"] == before
    assert write() == 1
    assert store.counts().relationships["PARTNERS_WITH"] == before + 1
    with pytest.raises(UnknownKindError):
        store.prepare_relationships("NOT_A_TYPE", [])
