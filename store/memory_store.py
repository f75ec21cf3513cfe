"""The embedded store: a networkx graph in process, persisted to a file with atomic writes.

Persistence is a snapshot (`graph.db`, replaced atomically) plus a journal (`graph.db.journal`)
of the writes since: each `flush` appends one checksummed frame, so flushing a small write into a
big graph costs what was written, not the whole graph. When the rows written since the snapshot
outnumber the graph's nodes and relationships at that snapshot, the next flush writes a new snapshot
and drops the journal instead (the rows are then no longer kept for it: a big load is persisted
once, as a snapshot). A torn last frame (a crash while appending) is ignored on load: the store
comes back as of the last complete flush.

Layout (the contract the in-memory queries rely on): each node is keyed by its id with
attributes `labels` (frozenset) and `props` (dict); each edge is keyed by `(type, key)` with
attributes `type`, `key` and `props`.
"""

import hashlib
import os
import pickle
import struct
import tempfile
import uuid
from collections import Counter
from collections.abc import Collection, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import networkx as nx

from graph_model.nodes import NODE_KINDS
from graph_model.relationships import REL_KINDS
from store.base import (
    ConflictError,
    Counts,
    EdgeRecord,
    KeptSummaries,
    NamedQuery,
    Neighbourhood,
    NodeRecord,
    NodeRow,
    RelRow,
    Rows,
    StoreError,
    SummaryBuild,
    check_label,
    check_rel_type,
    kind_of,
    labels_for,
    pair_matches,
    select_neighbourhood,
)

_FORMAT = "skillgraph-memory-store/1"
_FRAME_HEADER = struct.Struct(">Q16s")  # payload length, BLAKE2b-128 of the payload
_JOURNAL_MIN_ROWS = 10_000
"""Rows a journal may hold whatever the snapshot's size (a small graph's writes are journaled too)."""


class MemoryStore:
    """A `GraphStore` over a networkx MultiDiGraph; `path=None` keeps it in memory only."""

    background_writes = False
    """Writes are pure Python work: a thread would only contend for the interpreter."""

    keeps_summaries = True
    """The sums the library's summary queries read are made from the graph on first use after a write, then kept."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path
        self.graph: nx.MultiDiGraph = nx.MultiDiGraph()
        self._pending: list[tuple[str, str, list[Any]]] = []
        self._pending_rows = 0
        self._journal_rows = 0
        """Rows in the journal since the snapshot."""
        self._snapshot_size = 0
        """Nodes and relationships of the graph at the snapshot."""
        self._compact_due = False
        """The writes since the snapshot are too many to journal: the next flush writes a snapshot."""
        self._epoch = uuid.uuid4().hex
        self._version = 0
        self._summaries = KeptSummaries()
        if path is not None:
            if path.exists():
                self.graph = _load(path)
                self._snapshot_size = self._size()
            for op in _read_journal(_journal_path(path)):
                self._apply(op)
                self._journal_rows += max(len(op[2]), 1)

    def apply_schema(self) -> None:
        """Nothing to create: ids are unique by construction of the graph's keys."""

    def upsert_nodes(self, label: str, rows: Sequence[NodeRow]) -> int:
        written = self._upsert_nodes(label, rows)
        self._version += 1
        self._log("nodes", label, rows)
        return written

    def upsert_relationships(self, rel_type: str, rows: Sequence[RelRow]) -> int:
        written = self._upsert_relationships(rel_type, rows)
        self._version += 1
        self._log("relationships", rel_type, rows)
        return written

    def prune_relationships(self, rel_type: str, keep: Mapping[str, Collection[str]]) -> int:
        removed = self._prune(rel_type, keep)
        self._version += 1
        self._log("prune", rel_type, [{"start": start, "ends": sorted(ends)} for start, ends in keep.items()])
        return removed

    def _prune(self, rel_type: str, keep: Mapping[str, Collection[str]]) -> int:
        check_rel_type(rel_type)
        doomed = [
            (start, end, key)
            for start, ends in keep.items() if start in self.graph
            for _, end, key, data in self.graph.out_edges(start, keys=True, data=True)
            if data["type"] == rel_type and end not in ends
        ]
        self.graph.remove_edges_from(doomed)
        return len(doomed)

    def _log(self, op: str, name: str, rows: Sequence[Any]) -> None:
        """Keep a write for the journal, unless the next flush will write a snapshot anyway."""
        if self.path is None or self._compact_due:
            return
        self._pending.append((op, name, [dict(r) for r in rows]))
        self._pending_rows += max(len(rows), 1)
        if self._journal_rows + self._pending_rows > max(self._snapshot_size, _JOURNAL_MIN_ROWS):
            self._compact_due = True
            self._pending, self._pending_rows = [], 0

    def _apply(self, op: tuple[str, str, list[Any]]) -> None:
        kind, name, rows = op
        if kind == "nodes":
            self._upsert_nodes(name, rows)
        elif kind == "relationships":
            self._upsert_relationships(name, rows)
        elif kind == "prune":
            self._prune(name, {r["start"]: r["ends"] for r in rows})
        elif kind == "clear":
            self.graph = nx.MultiDiGraph()

    def _upsert_nodes(self, label: str, rows: Sequence[NodeRow]) -> int:
        labels = frozenset(labels_for(check_label(label)))
        nodes = self.graph.nodes
        for row in rows:
            node_id = row["id"]
            if node_id in nodes:
                existing = nodes[node_id]
                if label not in existing["labels"]:
                    raise ConflictError(
                        f"id {node_id!r} already belongs to a {kind_of(existing['labels'])}, not a {label}"
                    )
                existing["props"].update(row["props"])
                for key in row.get("clear", ()):
                    existing["props"].pop(key, None)
            else:
                self.graph.add_node(node_id, labels=labels, props={**row["props"], "id": node_id})
        return len(rows)

    def _upsert_relationships(self, rel_type: str, rows: Sequence[RelRow]) -> int:
        check_rel_type(rel_type)
        nodes = self.graph.nodes
        edges: list[tuple[str, str, tuple[str, str], dict[str, Any]]] = []
        for row in rows:
            start, end = row["start"], row["end"]
            if start not in nodes or end not in nodes:
                continue
            if not pair_matches(rel_type, nodes[start]["labels"], nodes[end]["labels"]):
                continue
            edges.append((start, end, (rel_type, row.get("key", "")), row["props"]))
        _merge_edges(self.graph, edges)
        return len(edges)

    def kinds_of(self, ids: Iterable[str]) -> dict[str, str]:
        nodes = self.graph.nodes
        return {i: kind_of(nodes[i]["labels"]) for i in ids if i in nodes}

    def get_node(self, node_id: str) -> NodeRecord | None:
        if node_id not in self.graph:
            return None
        return self._record(node_id)

    def neighbourhood(self, node_id: str, depth: int = 1, limit: int = 200) -> Neighbourhood | None:
        if node_id not in self.graph:
            return None

        kept, total = select_neighbourhood(node_id, depth, limit, self.adjacent)
        nodes, edges = self.subgraph(kept)
        return Neighbourhood(node_id, nodes, edges, total, total > len(kept))

    def adjacent(self, ids: Collection[str]) -> set[str]:
        found: set[str] = set()
        for i in ids:
            if i in self.graph:
                found.update(self.graph.successors(i))
                found.update(self.graph.predecessors(i))
        return found

    def subgraph(self, ids: Sequence[str]) -> tuple[list[NodeRecord], list[EdgeRecord]]:
        wanted = [i for i in dict.fromkeys(ids) if i in self.graph]
        keep = set(wanted)
        edges = [
            EdgeRecord(a, b, data["type"], data["key_value"], dict(data["props"]))
            for a in wanted
            for _, b, data in self.graph.out_edges(a, data=True)
            if b in keep
        ]
        edges.sort(key=lambda e: (e.start, e.type, e.end, e.key))
        return [self._record(i) for i in wanted], edges

    def counts(self) -> Counts:
        nodes = Counter(kind_of(labels) for _, labels in self.graph.nodes(data="labels"))
        rels = Counter(t for _, _, t in self.graph.edges(data="type"))
        return Counts(
            nodes={label: nodes.get(label, 0) for label in NODE_KINDS},
            relationships={t: rels.get(t, 0) for t in REL_KINDS},
        )

    def read(self, query: NamedQuery, params: Mapping[str, Any]) -> Rows:
        return query.twin(self.graph, dict(params))

    def read_many(
        self, queries: Sequence[tuple[NamedQuery, Mapping[str, Any]]], kept_under: str | None = None
    ) -> list[Rows]:
        out = []
        for query, params in queries:
            rows = self._summaries.get(kept_under, query, params) if kept_under and query.kept(params) else None
            if rows is None:
                rows = self.read(query, params)
                if kept_under and query.kept(params):
                    self._summaries.put(kept_under, query, params, rows)
            out.append(rows)
        return out

    def data_version(self) -> str:
        """This store object's writes so far; the graph lives in this process, so that is every write."""
        return f"{self._epoch}:{self._version}"

    def rebuild_summaries(self, build: SummaryBuild) -> None:
        """Nothing to build: each sum is made from the graph when first read after a write (`read_many`)."""

    def summaries_current(self) -> bool:
        """Always: the sums are made from the graph as it is, kept under the data version they were made for."""
        return True

    def summaries_token(self) -> str:
        return self.data_version()

    def clear(self) -> None:
        self.graph = nx.MultiDiGraph()
        self._version += 1
        self._log("clear", "", [])

    def flush(self) -> None:
        """Append the writes since the last flush to the journal, or write a new snapshot."""
        if self.path is None:
            return
        if not self.path.exists() or self._compact_due:
            self.compact()
            return
        if self._pending:
            _append_frame(_journal_path(self.path), pickle.dumps(self._pending, protocol=pickle.HIGHEST_PROTOCOL))
            self._journal_rows += self._pending_rows
            self._pending, self._pending_rows = [], 0

    def compact(self) -> None:
        """Write the whole graph as a new snapshot (atomically), then drop the journal."""
        if self.path is None:
            return
        _save_atomically(self.graph, self.path)
        _journal_path(self.path).unlink(missing_ok=True)
        self._snapshot_size = self._size()
        self._journal_rows = 0
        self._compact_due = False
        self._pending, self._pending_rows = [], 0

    def close(self) -> None:
        self.flush()

    def _size(self) -> int:
        """Nodes and relationships: what the journal's length is measured against."""
        return self.graph.number_of_nodes() + self.graph.number_of_edges()

    def _record(self, node_id: str) -> NodeRecord:
        data = self.graph.nodes[node_id]
        return NodeRecord(node_id, kind_of(data["labels"]), dict(data["props"]))


def _merge_edges(graph: nx.MultiDiGraph, edges: Sequence[tuple[str, str, tuple[str, str], Mapping[str, Any]]]) -> None:
    """Create each (start, end, key) edge with these properties, or update the properties of the one there.

    networkx's public API only: writing its adjacency dicts directly saved about 2 s of a 40 s city load
    (`benchmarks/ingest/networkx_edges.py`, docs/benchmarks.md), not enough to depend on its private parts.
    """
    for start, end, edge_key, props in edges:
        data = graph.get_edge_data(start, end, edge_key)
        if data is None:
            graph.add_edge(start, end, key=edge_key, type=edge_key[0], key_value=edge_key[1], props=dict(props))
        else:
            data["props"].update(props)


def _journal_path(path: Path) -> Path:
    return path.with_name(path.name + ".journal")


def _append_frame(journal: Path, payload: bytes) -> None:
    with journal.open("ab") as f:
        f.write(_FRAME_HEADER.pack(len(payload), hashlib.blake2b(payload, digest_size=16).digest()))
        f.write(payload)
        f.flush()
        os.fsync(f.fileno())


def _read_journal(journal: Path) -> list[tuple[str, str, list[Any]]]:
    """The complete frames of a journal, in order; a torn or corrupt tail is cut off."""
    if not journal.exists():
        return []
    ops: list[tuple[str, str, list[Any]]] = []
    good = 0
    with journal.open("rb") as f:
        while True:
            header = f.read(_FRAME_HEADER.size)
            if len(header) < _FRAME_HEADER.size:
                break
            length, digest = _FRAME_HEADER.unpack(header)
            payload = f.read(length)
            if len(payload) < length or hashlib.blake2b(payload, digest_size=16).digest() != digest:
                break
            ops.extend(pickle.loads(payload))
            good = f.tell()
    if good < journal.stat().st_size:
        with journal.open("r+b") as f:
            f.truncate(good)
    return ops


def _load(path: Path) -> nx.MultiDiGraph:
    try:
        with path.open("rb") as f:
            payload = pickle.load(f)
    except (OSError, pickle.UnpicklingError, EOFError) as exc:
        raise StoreError(f"cannot read the embedded store file {path}: {exc}") from exc
    if not isinstance(payload, dict) or payload.get("format") != _FORMAT:
        raise StoreError(f"{path} is not a SkillGraph embedded store file ({_FORMAT})")
    graph: nx.MultiDiGraph = payload["graph"]
    return graph


def _save_atomically(graph: nx.MultiDiGraph, path: Path) -> None:
    """Write to a temporary file beside `path`, fsync, then rename over it.

    A crash at any point leaves either the previous file or the new one, never a torn one.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            pickle.dump({"format": _FORMAT, "graph": graph}, f, protocol=pickle.HIGHEST_PROTOCOL)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    dir_fd = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)
