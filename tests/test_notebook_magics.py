"""`%%cypher` and `%cypher_library` answer DataFrames from the configured Neo4j, on the hand-built fixture."""

from collections.abc import Iterator

import pytest
from IPython.core.error import UsageError
from IPython.core.interactiveshell import InteractiveShell

from app.notebook import cypher_parameters, parse_param
from queries import library
from store.neo4j_store import Neo4jStore
from tests.conftest import Neo4jServer
from tests.queries.fixture import load_three_chains

DEMAND_BY_ENTERPRISE = """
MATCH (:District {id: $district})<-[:LOCATED_IN]-(e:Enterprise)-[d:DEMANDS]->(:Occupation)
RETURN e.id AS enterprise, sum(d.headcount) AS headcount ORDER BY enterprise
"""


def test_param_values_read_as_json_or_python_literals_else_as_text() -> None:
    assert parse_param("year=2025") == ("year", 2025)
    assert parse_param("region_id=wanzhou") == ("region_id", "wanzhou")
    assert parse_param('kinds=["Chain", "School"]') == ("kinds", ["Chain", "School"])
    assert parse_param("year=null") == ("year", None)
    assert parse_param("year=None") == ("year", None)
    assert parse_param('code="500101"') == ("code", "500101")
    assert parse_param("""'kinds=["Chain"]'""") == ("kinds", ["Chain"])  # IPython leaves the quotes on
    assert parse_param("text=智能") == ("text", "智能")


def test_a_param_without_name_and_value_is_refused() -> None:
    for bad in ("wanzhou", "=wanzhou", "two words=1"):
        with pytest.raises(UsageError, match="expected name=value"):
            parse_param(bad)


def test_parameters_inside_strings_and_comments_are_not_parameters() -> None:
    cypher = """
    MATCH (n {id: $id}) WHERE n.note = 'costs $5 or $price' // not $this
    /* nor $that */ AND n.x IN $`odd name` RETURN $id, "$quoted"
    """
    assert cypher_parameters(cypher) == ["id", "odd name"]


@pytest.fixture
def shell(neo4j_store: Neo4jStore, neo4j_server: Neo4jServer, monkeypatch: pytest.MonkeyPatch) -> Iterator[
    InteractiveShell
]:
    """An IPython shell with the magics loaded, pointed at the test Neo4j holding the three-chain fixture."""
    load_three_chains(neo4j_store)
    monkeypatch.setenv("NEO4J_URI", neo4j_server.uri)
    monkeypatch.delenv("NEO4J_USER", raising=False)
    monkeypatch.delenv("NEO4J_PASSWORD", raising=False)
    if neo4j_server.auth:
        monkeypatch.setenv("NEO4J_USER", neo4j_server.auth[0])
        monkeypatch.setenv("NEO4J_PASSWORD", neo4j_server.auth[1])
    ip = InteractiveShell.instance()
    ip.run_line_magic("load_ext", "app.notebook")
    yield ip
    ip.run_line_magic("unload_ext", "app.notebook")


@pytest.mark.neo4j
def test_cypher_cell_takes_its_parameters_from_the_notebook_or_from_param_options(shell: InteractiveShell) -> None:
    shell.user_ns["district"] = "wanzhou"
    frame = shell.run_cell_magic("cypher", "", DEMAND_BY_ENTERPRISE)
    # wanzhou: e1 A senior 20 + R technician 5 = 25; e2 A senior 12 + A technician 3 + W intermediate 10 = 25
    assert frame.to_dict("records") == [{"enterprise": "e1", "headcount": 25}, {"enterprise": "e2", "headcount": 25}]

    # --param wins over the notebook variable; --out also stores the frame in the notebook
    frame = shell.run_cell_magic("cypher", "--param district=fengjie --out fengjie", DEMAND_BY_ENTERPRISE)
    assert frame.to_dict("records") == [{"enterprise": "e3", "headcount": 8}]
    assert shell.user_ns["fengjie"] is frame


@pytest.mark.neo4j
def test_cypher_cell_without_a_value_for_a_parameter_says_how_to_give_one(shell: InteractiveShell) -> None:
    shell.user_ns.pop("nowhere", None)
    with pytest.raises(UsageError, match=r"\$nowhere.*--param nowhere="):
        shell.run_cell_magic("cypher", "", "MATCH (d:District {id: $nowhere}) RETURN d.id AS id")


@pytest.mark.neo4j
def test_cypher_cell_that_neo4j_refuses_says_why(shell: InteractiveShell) -> None:
    with pytest.raises(UsageError, match="Neo4j refused the query"):
        shell.run_cell_magic("cypher", "", "RETRN 1")


@pytest.mark.neo4j
def test_library_query_runs_with_its_defaults_and_keeps_its_columns_when_empty(shell: InteractiveShell) -> None:
    links = shell.run_line_magic("cypher_library", "chain_links --param chain_id=c2")
    # c2: industry e4, teaching s2, evaluation b2, employment h1 — ordered by link_role
    assert links.to_dict("records") == [
        {"chain_id": "c2", "link_role": link, "members": 1}
        for link in ("employment", "evaluation", "industry", "teaching")
    ]
    # fengjie demands only in 2025 (e3's W senior 8): nothing in 2026, but the columns are the query's
    empty = shell.run_line_magic(
        "cypher_library", "region_gap --param region_kind=district --param region_id=fengjie --param year=2026"
    )
    assert empty.empty
    assert list(empty.columns) == [
        "occupation_id", "name_zh", "name_en", "cluster_ids", "priority_fields", "demand", "declared_shortage",
        "demand_levels", "graduates", "training_capacity", "evaluation_capacity",
    ]


@pytest.mark.neo4j
def test_library_magic_lists_the_library_and_refuses_unknown_queries_and_parameters(shell: InteractiveShell) -> None:
    assert list(shell.run_line_magic("cypher_library", "")["name"]) == list(library())
    with pytest.raises(UsageError, match="no query named 'nope'"):
        shell.run_line_magic("cypher_library", "nope")
    with pytest.raises(UsageError, match="takes chain_id; not colour"):
        shell.run_line_magic("cypher_library", "chains --param colour=red")
    with pytest.raises(UsageError, match="needs the parameter"):
        shell.run_line_magic("cypher_library", "region_gap")
