"""On a real Neo4j: the ingest's relationship writes find both endpoints by the id index, whatever the graph's size.

Neo4j plans a statement once and keeps the plan. The first relationship write of a load into an empty store is
planned while the graph holds a few thousand nodes, and from those statistics Neo4j may find the endpoints by
scanning a label for every row, which it kept doing until it replanned (`docs/scaling.md` has what it cost). The
statement now names the index, so every plan seeks by it.
"""

from collections.abc import Iterator
from typing import Any

import pytest

from graph_model.nodes import NODE_KINDS
from graph_model.relationships import REL_KINDS
from store.neo4j_store import Neo4jStore, _node_create_cypher, _node_upsert_cypher, _rel_upsert_cypher

pytestmark = pytest.mark.neo4j

SCANS = ("AllNodesScan", "NodeByLabelScan", "UnionNodeByLabelsScan", "IntersectionNodeByLabelsScan",
         "NodeIndexScan", "PartitionedAllNodesScan", "PartitionedNodeByLabelScan")


def operators(plan: Any) -> Iterator[str]:
    yield plan["operatorType"].split("@")[0]
    for child in plan.get("children", []):
        yield from operators(child)


@pytest.mark.parametrize("create", [False, True], ids=["merge", "create"])
@pytest.mark.parametrize("rel_type", sorted(REL_KINDS))
def test_a_relationship_write_seeks_both_endpoints_by_id_in_an_empty_graph(
    neo4j_store: Neo4jStore, rel_type: str, create: bool,
) -> None:
    cypher = _rel_upsert_cypher(rel_type, ["source_file"], ["source_row"], create=create)
    with neo4j_store.driver.session() as session:
        summary = session.run("EXPLAIN " + cypher, rows=[["a", "b", "", 1]], common={"source_file": "f"}).consume()
    used = list(operators(summary.plan))
    assert not [o for o in used if o in SCANS], used
    assert sum(o.startswith("NodeUniqueIndexSeek") for o in used) >= 2, used


@pytest.mark.parametrize(("kind", "create"), [
    *((kind, create) for kind in ("Enterprise", "School") for create in (False, True)),
    *((rel_type, create) for rel_type in ("DEMANDS", "PARTNERS_WITH", "EMPLOYS") for create in (False, True)),
])
def test_a_write_is_not_held_whole_before_it_is_written(neo4j_store: Neo4jStore, kind: str, create: bool) -> None:
    # No Eager step: Neo4j writes each row as it comes instead of first holding the whole batch. Setting the
    # batch's common properties as a map (`r += $common`) made one, since the map could set the MERGE's own key.
    if kind in NODE_KINDS:
        write = _node_create_cypher if create else _node_upsert_cypher
        cypher, row = write(kind, ["source_file"], ["name_zh"]), ["a", "x"]
    else:
        cypher = _rel_upsert_cypher(kind, ["source_file"], ["source_row", "year"], create=create)
        row = ["a", "b", "", 1, None]
    with neo4j_store.driver.session() as session:
        used = list(operators(session.run("EXPLAIN " + cypher, rows=[row], common={"source_file": "f"}).consume().plan))
    assert "Eager" not in used, used
