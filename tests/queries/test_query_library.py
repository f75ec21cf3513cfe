"""The query library itself: every query documented, parameterised, implemented on both stores."""

import re
from pathlib import Path

import pytest

from queries import DERIVED_PARAMETERS, PARAMETERS, ParameterError, library, run
from queries.memory import TWINS
from store import GraphStore
from store.neo4j_store import Neo4jStore
from tests.queries.fixture import A, R, W, load_three_chains

DOCS = Path(__file__).parents[2] / "docs"
REGION_BLOCK = re.compile(r"// ── region → .*?// ── end of region ──", re.S)


def test_every_query_has_a_header_with_purpose_parameters_and_columns() -> None:
    for query in library().values():
        assert query.purpose, f"{query.name}.cypher: first line should be '// {query.name} — purpose'"
        assert query.parameters, f"{query.name}.cypher: no '// parameters:' line"
        assert query.columns, f"{query.name}.cypher: no '// columns:' line"
        assert "ordered by" in query.columns, f"{query.name}.cypher: columns should say the row order"


def test_every_query_declares_exactly_the_parameters_its_cypher_uses() -> None:
    assert set(PARAMETERS) == set(library())
    for query in library().values():
        body = "\n".join(line for line in query.cypher.splitlines() if not line.lstrip().startswith("//"))
        used = set(re.findall(r"\$(\w+)", body))
        declared = set(PARAMETERS[query.name]) | set(DERIVED_PARAMETERS.get(query.name, ()))
        assert used == declared, f"{query.name}.cypher uses {sorted(used)}, declares {sorted(declared)}"
        for parameter in PARAMETERS[query.name]:
            assert f"${parameter}" in query.parameters, f"{query.name}.cypher header does not describe ${parameter}"


def test_every_query_runs_on_the_embedded_store_too() -> None:
    assert set(TWINS) == set(library())


def test_every_region_query_defines_regions_with_the_same_block() -> None:
    blocks = {name: REGION_BLOCK.findall(q.cypher) for name, q in library().items()
              if "$region_kind" in q.cypher and not name.endswith("_summary")}
    assert set(blocks) == {"region_organisations", "region_gap", "evaluation_deserts", "enterprise_demand",
                           "demand_history", "supply_outlook", "supply_history", "measure_tally"}
    assert all(len(found) == 1 for found in blocks.values())
    assert len({found[0] for found in blocks.values()}) == 1


def test_queries_refuse_unknown_missing_or_out_of_domain_parameters(store: GraphStore) -> None:
    with pytest.raises(ParameterError, match="chian_id"):
        run(store, "chains", {"chian_id": "c1"})
    with pytest.raises(ParameterError, match="chain_id"):
        run(store, "chain_members", {})
    with pytest.raises(ParameterError, match="province"):
        run(store, "region_gap", {"region_kind": "province", "region_id": "sichuan"})


@pytest.mark.parametrize(
    ("region_kind", "region_id", "expected"),
    [
        ("district", "fengjie", ["e3", "t2"]),
        ("county_12", None, ["b3", "e3", "t2"]),
        ("chain", "c2", ["b2", "e4", "h1", "s2"]),
        # NEV enterprises e1, e2, e3 and c1's members e1, e2, s1, t1, b1
        ("cluster", "intelligent_connected_nev", ["b1", "e1", "e2", "e3", "s1", "t1"]),
        ("district", "no-such-district", []),
    ],
)
def test_a_region_is_made_of_these_organisations(
    store: GraphStore, region_kind: str, region_id: str | None, expected: list[str]
) -> None:
    load_three_chains(store)
    rows = run(store, "region_organisations", {"region_kind": region_kind, "region_id": region_id})
    assert [r["id"] for r in rows] == expected


def test_the_city_region_is_every_organisation(store: GraphStore) -> None:
    load_three_chains(store)
    rows = run(store, "region_organisations", {"region_kind": "city"})
    assert len(rows) == 13
    assert rows[0] == {"id": "b1", "kind": "EvaluationBody", "name_zh": "万州职业技能鉴定中心", "district": "wanzhou"}


def test_chain_links_count_members_per_link_for_every_chain(store: GraphStore) -> None:
    load_three_chains(store)
    rows = run(store, "chain_links", {})
    assert [(r["chain_id"], r["link_role"], r["members"]) for r in rows] == [
        ("c1", "evaluation", 1), ("c1", "industry", 2), ("c1", "teaching", 1), ("c1", "training", 1),
        ("c2", "employment", 1), ("c2", "evaluation", 1), ("c2", "industry", 1), ("c2", "teaching", 1),
        ("c3", "industry", 1),
    ]


def test_raw_rows_of_the_region_gap_query_are_integers_and_sorted_lists(store: GraphStore) -> None:
    load_three_chains(store)
    rows = run(store, "region_gap", {"region_kind": "district", "region_id": "wanzhou", "year": 2025})
    # R's demand is for 2026: only W and A remain
    assert rows == [
        {"occupation_id": W, "name_zh": "焊工", "name_en": "Welder",
         "cluster_ids": ["intelligent_connected_nev", "intelligent_equipment_manufacturing"], "priority_fields": [],
         "demand": 10, "declared_shortage": 0, "demand_levels": ["intermediate_worker"], "graduates": 30,
         "training_capacity": 20, "evaluation_capacity": 0},
        {"occupation_id": A, "name_zh": "汽车装调工", "name_en": "Automobile Assembly and Commissioning Worker",
         "cluster_ids": ["intelligent_connected_nev"], "priority_fields": [],
         "demand": 35, "declared_shortage": 3, "demand_levels": ["senior_worker", "technician"], "graduates": 60,
         "training_capacity": 50, "evaluation_capacity": 400},
    ]
    assert R not in {r["occupation_id"] for r in rows}


def test_the_analyses_page_lists_every_query() -> None:
    text = (DOCS / "analyses.md").read_text(encoding="utf-8")
    for name in library():
        assert f"`{name}`" in text, f"docs/analyses.md does not list the query {name}"


def test_the_schema_page_is_generated_from_the_model() -> None:
    from app.schema_doc import schema_markdown

    assert (DOCS / "schema.md").read_text(encoding="utf-8") == schema_markdown(), (
        "docs/schema.md is stale: run `python -m app.schema_doc > docs/schema.md`"
    )


@pytest.mark.neo4j
def test_the_schema_pages_example_queries_run_on_neo4j(neo4j_store: GraphStore) -> None:
    from app.schema_doc import _EXAMPLES

    load_three_chains(neo4j_store)
    assert isinstance(neo4j_store, Neo4jStore)
    examples = re.findall(r"```cypher\n(.*?)```", _EXAMPLES, re.S)
    with neo4j_store.driver.session() as session:
        answers = [[r.data() for r in session.run(cypher, chain_id="c1")] for cypher in examples]
    # c1's five members; Wanzhou's 2025 demand of A senior (32), W intermediate (10), A technician (3);
    # b1 evaluates A at senior; s1 prepares 60 graduates a year for A
    assert [len(rows) for rows in answers] == [5, 3, 1, 1]
    assert answers[1][0] == {"occupation": A, "name": "汽车装调工", "level": "senior_worker", "headcount": 32}


def test_the_region_kinds_the_queries_accept_are_the_ones_the_analyses_name() -> None:
    from typing import get_args

    from analyses.regions import RegionKind
    from queries import REGION_KINDS

    assert set(get_args(RegionKind)) == set(REGION_KINDS)
