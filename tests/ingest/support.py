"""Helpers for the ingest tests: writing source files, running the job, reading back what a store holds."""

import os
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import openpyxl

from ingest.job import IngestReport, run_ingest
from ingest.reference import load_reference
from store import GraphStore, MemoryStore, open_store
from store.base import Counts
from store.neo4j_store import Neo4jStore

# Valid credit codes, check characters worked out by hand with the GB 32100 weights 3^i mod 31.
USCC_1 = "91500000MA5U00000W"
USCC_2 = "91500101MA5U00001K"
USCC_3 = "91500102MA5U000025"
USCC_4 = "91500103MA5U00003N"


def write(folder: Path, name: str, content: str | bytes, encoding: str = "utf-8") -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_bytes(content.encode(encoding))
    return path


def write_xlsx(
    folder: Path, name: str, rows: Sequence[Sequence[Any]], *, merge: str | None = None,
    empty_first_sheet: bool = False,
) -> Path:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    if empty_first_sheet:
        sheet.title = "说明"
        sheet = workbook.create_sheet("数据")
    for row in rows:
        sheet.append(list(row))
    if merge:
        sheet.merge_cells(merge)
    path = folder / name
    workbook.save(path)
    return path


def ingest(store: GraphStore, *paths: Path, **options: Any) -> IngestReport:
    return run_ingest(list(paths), store, progress=False, **options)


def rejected(report: IngestReport) -> set[tuple[str, int, str]]:
    """(file name, row, field) of every rejection."""
    return {(Path(r.file).name, r.row, r.field) for f in report.files for r in f.rejections}


def reasons(report: IngestReport) -> dict[tuple[str, int, str], str]:
    return {(Path(r.file).name, r.row, r.field): r.reason for f in report.files for r in f.rejections}


def file_errors(report: IngestReport) -> dict[str, str]:
    return {Path(f.file).name: f.error for f in report.files if f.error is not None}


@cache
def reference_counts() -> Counts:
    """What the reference graph alone puts in a store."""
    store = MemoryStore()
    load_reference(store)
    return store.counts()


def added_counts(store: GraphStore) -> dict[str, int]:
    """Nodes per kind and relationships per type beyond the reference graph, zeros left out."""
    counts, base = store.counts(), reference_counts()
    added = {k: n - base.nodes[k] for k, n in counts.nodes.items()}
    added |= {t: n - base.relationships[t] for t, n in counts.relationships.items()}
    return {k: n for k, n in added.items() if n}


def edges_from(store: GraphStore, start: str) -> set[tuple[str, str, str]]:
    """(type, end, key) of the relationships leaving a node."""
    hood = store.neighbourhood(start, depth=1, limit=10_000)
    assert hood is not None, f"no node {start!r}"
    return {(e.type, e.end, e.key) for e in hood.edges if e.start == start}


def edge_properties(store: GraphStore, start: str, rel_type: str, end: str, key: str = "") -> dict[str, Any]:
    hood = store.neighbourhood(start, depth=1, limit=10_000)
    assert hood is not None
    for e in hood.edges:
        if (e.start, e.type, e.end, e.key) == (start, rel_type, end, key):
            return e.properties
    raise AssertionError(f"no {rel_type} from {start} to {end} ({key})")


Snapshot = tuple[dict[str, tuple[str, dict[str, Any]]], list[tuple[str, str, str, str, dict[str, Any]]]]


def snapshot(store: GraphStore) -> Snapshot:
    """Every node (id → kind, properties) and every relationship (start, type, key, end, properties)."""
    if isinstance(store, MemoryStore):
        graph = store.graph
        nodes = {i: (_kind(d["labels"]), dict(d["props"])) for i, d in graph.nodes(data=True)}
        rels = [(a, d["type"], d["key_value"], b, dict(d["props"])) for a, b, d in graph.edges(data=True)]
    else:
        assert isinstance(store, Neo4jStore)
        with store.driver.session(database=store.database) as session:
            nodes = {
                r["id"]: (_kind(r["labels"]), dict(r["props"]))
                # :Entity leaves out the store's own bookkeeping (the data-version node)
                for r in session.run("MATCH (n:Entity) RETURN n.id AS id, labels(n) AS labels, properties(n) AS props")
            }
            rels = []
            for r in session.run(
                "MATCH (a:Entity)-[r]->(b:Entity) RETURN a.id AS a, type(r) AS t, b.id AS b, properties(r) AS props"
            ):
                props = dict(r["props"])
                rels.append((r["a"], r["t"], props.pop("key", ""), r["b"], props))
    rels.sort(key=lambda r: (r[0], r[1], r[2], r[3]))
    return nodes, rels


def _kind(labels: Any) -> str:
    from store.base import kind_of

    return kind_of(labels)


@dataclass
class Backend:
    """Where a subprocess or the CLI should write: a named embedded-store file, or the test Neo4j."""

    name: str
    tmp: Path
    neo4j_uri: str | None = None
    auth: tuple[str, str] | None = None

    def uri(self, label: str) -> str:
        """A store URI; for the embedded store each label is its own file, Neo4j has one database."""
        if self.neo4j_uri is not None:
            return self.neo4j_uri
        return f"memory://{self.tmp / label / 'graph.db'}"

    def open(self, label: str) -> GraphStore:
        return open_store(self.uri(label), auth=self.auth)

    def env(self) -> dict[str, str]:
        env = dict(os.environ)
        if self.auth is not None:
            env["NEO4J_USER"], env["NEO4J_PASSWORD"] = self.auth
        return env
