"""What Neo4j's offline importer builds from `store.neo4j_import`'s files is exactly the graph they were written from.

One import covers the graphs every case of the bad-input corpus leaves (each case's own nodes renamed apart, the
reference graph shared) and a node and relationship per value from a generator of awkward values: quotes, commas,
line breaks, the array delimiter outside a list, empty strings and lists, the largest integers, tiny and negative
floats, Chinese and emoji text."""

import random
import re
from pathlib import Path
from typing import Any

import networkx as nx
import pytest

from ingest.job import run_ingest
from neo4j_launcher import start, stop
from neo4j_launcher.manager import import_database
from store import MemoryStore, StoreError
from store.base import labels_for
from store.neo4j_import import ARRAY_DELIMITER, set_empty_lists, write_import_files
from store.neo4j_store import Neo4jStore
from tests.conftest import free_port
from tests.ingest.support import snapshot
from tests.ingest.test_ingest_bad_input import CASES

TEXT_PARTS = ['a', '"', ',', '\n', '重', ' ', '\\', 'é']
ENTERPRISE = frozenset(labels_for("Enterprise"))
AWKWARD_TEXT = ['', ' ', '"', '""', 'a,b', 'a\nb', 'a\r\nb', '\\', '\\"', "'", ARRAY_DELIMITER, 'a;b', '重庆,"汽车"',
                '🚗', '  padded  ', 'x' * 5_000, 'null', 'true', '1', '-', ':', 'a:b', 'line\n', '\t']


def awkward_values(seed: int, n: int) -> list[Any]:
    """`n` property values of every type the model stores, the awkward ones among them."""
    rng = random.Random(seed)
    fixed: list[Any] = [*AWKWARD_TEXT, 0, -1, 2**63 - 1, -(2**63), 0.1, -0.0, 1e-300, 1.7976931348623157e308, True,
                        False, [], ["a"], ["a,b", 'q"uote', "line\nbreak", "重庆"], [1, -2, 2**62], [0.5, -1e10],
                        [True, False]]
    values = list(fixed)
    while len(values) < n:
        kind = rng.choice(["text", "int", "float", "texts"])
        if kind == "text":
            values.append("".join(rng.choice(TEXT_PARTS) for _ in range(rng.randint(0, 12))))
        elif kind == "int":
            values.append(rng.randint(-(2**63), 2**63 - 1))
        elif kind == "float":
            values.append(rng.uniform(-1e6, 1e6))
        else:
            values.append([rng.choice(['x', 'y,z', '"', '中文']) for _ in range(rng.randint(1, 4))])
    return values


def corpus_graph(tmp_path: Path) -> nx.MultiDiGraph:
    """The union of the graphs the bad-input corpus's cases leave in the embedded store: the reference graph once,
    each case's own nodes prefixed with its number."""
    union: nx.MultiDiGraph | None = None
    reference: set[str] = set()
    for number, case in enumerate(CASES.values()):
        folder = tmp_path / f"case-{number}"
        folder.mkdir()
        case.write(folder)
        store = MemoryStore()
        run_ingest([folder], store, progress=False, summaries=False)
        if union is None:
            union = nx.MultiDiGraph()
            empty = MemoryStore()
            run_ingest([], empty, progress=False, summaries=False)
            reference = set(empty.graph.nodes)
        own = {node: node if node in reference else f"c{number}-{node}" for node in store.graph.nodes}
        for node, data in store.graph.nodes(data=True):
            if own[node] not in union:
                union.add_node(own[node], labels=data["labels"], props={**data["props"], "id": own[node]})
        for a, b, key, data in store.graph.edges(keys=True, data=True):
            union.add_edge(own[a], own[b], key=key, **data)
    assert union is not None
    return union


def add_awkward(graph: nx.MultiDiGraph, values: list[Any]) -> None:
    """An enterprise per value (the value as its `note` property) and a MEMBER_OF from it with the value too."""
    graph.add_node("chain-awkward", labels=frozenset(labels_for("Chain")), props={"id": "chain-awkward"})
    for n, value in enumerate(values):
        element = type(value[0]).__name__ if isinstance(value, list) and value else ""
        kind = f"list_{element}" if isinstance(value, list) else type(value).__name__
        node = f"awkward-{n}"
        graph.add_node(node, labels=ENTERPRISE, props={"id": node, f"note_{kind}": value})
        graph.add_edge(node, "chain-awkward", key=("MEMBER_OF", ""), type="MEMBER_OF", key_value="",
                       props={f"note_{kind}": value})


def _plain(props: dict[str, Any]) -> dict[str, Any]:
    """Properties as Neo4j holds them: no null ones."""
    return {k: v for k, v in props.items() if v is not None}


@pytest.mark.neo4j
def test_the_imported_database_holds_exactly_the_graph_the_files_were_written_from(built: Path, tmp_path: Path) -> None:
    graph = corpus_graph(tmp_path)
    add_awkward(graph, awkward_values(seed=19, n=400))
    source = MemoryStore()
    source.graph = graph
    retired = [{"id": f"gone-{n}", "kind": "Enterprise", "props": {"id": f"gone-{n}", "note": value},
                "relationships": [{"type": "MEMBER_OF", "start": f"gone-{n}", "end": "chain-awkward", "key": "",
                                   "props": {"note": value}}]}
               for n, value in enumerate(AWKWARD_TEXT)]
    files = write_import_files(graph, retired, tmp_path / "csv")
    assert files.multiline and files.empty_lists
    home = tmp_path / "home"
    import_database(home, files.arguments(), heap="512m", max_off_heap="512m")
    server = start(home, port=free_port(), timeout=300)
    store = Neo4jStore(server.uri)
    try:
        set_empty_lists(store.driver, files)
        want_nodes, want_rels = snapshot(source)
        got_nodes, got_rels = snapshot(store)
        assert got_nodes.keys() == want_nodes.keys()
        for node, (kind, props) in want_nodes.items():
            assert got_nodes[node] == (kind, _plain(props)), node
        assert [(a, t, k, b, _plain(p)) for a, t, k, b, p in want_rels] == got_rels
        assert store.retired() == retired  # the kept records of nodes a load retired, in their order
    finally:
        store.close()
        stop(home)


def test_what_the_import_format_cannot_hold_is_refused_by_name(tmp_path: Path) -> None:
    for value, says in (([f"a{ARRAY_DELIMITER}b"], "cannot be written in the offline import's arrays"),
                        ([""], "cannot be written in the offline import's arrays"),
                        ([[1]], "a list of list cannot be imported"),
                        ([1, "x"], "a list of int and str cannot be imported")):
        graph = nx.MultiDiGraph()
        graph.add_node("E1", labels=ENTERPRISE, props={"id": "E1", "odd": value})
        with pytest.raises(StoreError, match=r"Enterprise\.odd: .*" + re.escape(says)):
            write_import_files(graph, [], tmp_path / "refused")
    graph = nx.MultiDiGraph()
    for n, value in enumerate((1, 1.5)):
        graph.add_node(f"E{n}", labels=ENTERPRISE, props={"id": f"E{n}", "mixed": value})
    with pytest.raises(StoreError, match=r"Enterprise.mixed holds values of two types \(float and int\)"):
        write_import_files(graph, [], tmp_path / "mixed")


def test_the_files_a_forked_writer_wrote_count_as_much_as_this_process_s(tmp_path: Path) -> None:
    """About half the rows are written by a forked process (the smaller files here): what it finds (text across
    lines, empty lists) reaches the result, and a value it refuses is refused here, by name."""
    school = frozenset(labels_for("School"))
    graph = nx.MultiDiGraph()
    for n in range(5):
        graph.add_node(f"E{n}", labels=ENTERPRISE, props={"id": f"E{n}", "name_zh": "企业"})
    graph.add_node("S1", labels=school, props={"id": "S1", "name_zh": "一\n二", "grades": []})
    files = write_import_files(graph, [], tmp_path / "forked")
    assert files.multiline
    assert files.empty_lists == {("School", False, "grades")}
    assert (tmp_path / "forked" / "nodes-School.csv").read_text(encoding="utf-8").splitlines()[0] == (
        "id:ID,grades__empty:boolean,name_zh:string")
    graph.nodes["S1"]["props"]["odd"] = [f"a{ARRAY_DELIMITER}b"]
    with pytest.raises(StoreError, match=r"School\.odd: .*cannot be written in the offline import's arrays"):
        write_import_files(graph, [], tmp_path / "refused")
