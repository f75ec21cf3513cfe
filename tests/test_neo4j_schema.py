"""On a real Neo4j: the schema is created from the model, idempotently, and full-text finds Chinese fragments."""

import pytest

from graph_model.nodes import ENTITY_LABEL, NODE_KINDS, ORGANISATION_LABEL
from graph_model.schema import FULLTEXT_INDEX
from store.neo4j_store import Neo4jStore
from tests.fixtures import load_mini_chain

pytestmark = pytest.mark.neo4j


def _uniqueness_constraints(store: Neo4jStore) -> list[tuple[str, str]]:
    records, _, _ = store.driver.execute_query(
        "SHOW CONSTRAINTS YIELD type, labelsOrTypes, properties "
        "WHERE type = 'UNIQUENESS' RETURN labelsOrTypes[0] AS label, properties[0] AS property"
    )
    return sorted((r["label"], r["property"]) for r in records)


def test_show_constraints_lists_one_uniqueness_constraint_per_node_kind(neo4j_store: Neo4jStore) -> None:
    expected = sorted((label, "id") for label in [*NODE_KINDS, ORGANISATION_LABEL, ENTITY_LABEL])
    # and one per summary label, on its key (store/summaries.py: bookkeeping outside the model)
    summaries = ("ChainSummary", "DesertSummary", "GapSummary", "MeasureSummary")
    expected = sorted([*expected, *((label, "key") for label in summaries)])
    assert _uniqueness_constraints(neo4j_store) == expected


def test_applying_the_schema_again_changes_nothing(neo4j_store: Neo4jStore) -> None:
    before = _uniqueness_constraints(neo4j_store)
    neo4j_store.apply_schema()
    assert _uniqueness_constraints(neo4j_store) == before


def test_full_text_index_finds_a_chinese_name_by_a_two_character_fragment(neo4j_store: Neo4jStore) -> None:
    load_mini_chain(neo4j_store)
    records, _, _ = neo4j_store.driver.execute_query(
        f"CALL db.index.fulltext.queryNodes('{FULLTEXT_INDEX}', '\"青山\"') YIELD node RETURN node.id AS id"
    )
    assert [r["id"] for r in records] == ["e2"]


def test_the_database_refuses_a_duplicate_id_within_a_kind(neo4j_store: Neo4jStore) -> None:
    load_mini_chain(neo4j_store)
    from neo4j.exceptions import ConstraintError

    with pytest.raises(ConstraintError):
        neo4j_store.driver.execute_query("CREATE (:Enterprise {id: 'e1'})")
