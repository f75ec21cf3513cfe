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
import json
import os
import pickle
import struct
import tempfile
import uuid
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager, contextmanager, nullcontext
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
    NewNodes,
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
        self._staged: nx.MultiDiGraph | None = None
        """While `staged_writes` runs: the copy the writes go to; readers keep reading `graph`."""
        self._loads: list[dict[str, Any]] = []
        """The load records (`record_load`), oldest first."""
        self._retired: list[dict[str, Any]] = []
        """The records of retired nodes and relationships (`retire_nodes`, `retire_relationships`), oldest first."""
        self._staged_history: tuple[list[dict[str, Any]], list[dict[str, Any]]] | None = None
        """While `staged_writes` runs: the load records and retired records the writes go to."""
        self._summaries = KeptSummaries()
        if path is not None:
            if path.exists():
                self.graph, self._loads, self._retired = _load(path)
                self._snapshot_size = self._size()
            for op in _read_journal(_journal_path(path)):
                self._apply(op)
                self._journal_rows += max(len(op[2]), 1)

    def apply_schema(self) -> None:
        """Nothing to create: ids are unique by construction of the graph's keys."""

    # `new` (a run's nodes, `NewNodes`) is not needed here: a dict upsert costs the same either way.
    def upsert_nodes(self, label: str, rows: Sequence[NodeRow], new: NewNodes | None = None) -> int:
        written = self._upsert_nodes(label, rows)
        self._bump()
        self._log("nodes", label, rows)
        return written

    def upsert_relationships(self, rel_type: str, rows: Sequence[RelRow], new: NewNodes | None = None) -> int:
        written = self._upsert_relationships(rel_type, rows)
        self._bump()
        self._log("relationships", rel_type, rows)
        return written

    def prepare_relationships(
        self, rel_type: str, rows: Sequence[RelRow], new: NewNodes | None = None
    ) -> Callable[[], int]:
        check_rel_type(rel_type)
        return lambda: self.upsert_relationships(rel_type, rows, new)

    def prune_relationships(
        self, rel_type: str, keep: Mapping[str, Collection[str]], new: NewNodes | None = None
    ) -> int:
        removed = self._prune(rel_type, keep)
        self._bump()
        self._log("prune", rel_type, [{"start": start, "ends": sorted(ends)} for start, ends in keep.items()])
        return removed

    def retire_nodes(self, rows: Sequence[NodeRow], new: NewNodes | None = None) -> int:
        retired = self._retire_nodes(rows)
        self._bump()
        self._log("retire", "", rows)
        return retired

    def _retire_nodes(self, rows: Sequence[NodeRow]) -> int:
        graph = self._target()
        count = 0
        for row in rows:
            node_id = row["id"]
            if node_id not in graph:
                continue
            data = graph.nodes[node_id]
            relationships = [
                {"type": d["type"], "start": a, "end": b, "key": d["key_value"], "props": dict(d["props"])}
                for a, b, d in [*graph.out_edges(node_id, data=True), *graph.in_edges(node_id, data=True)]
            ]
            self._history()[1].append({"id": node_id, "kind": kind_of(data["labels"]),
                                  "props": {**data["props"], **row["props"]}, "relationships": relationships})
            graph.remove_node(node_id)
            count += 1
        return count

    def retire_relationships(self, rel_type: str, unless_from: Collection[str], props: Mapping[str, Any]) -> int:
        check_rel_type(rel_type)
        retired = self._retire_relationships(rel_type, unless_from, props)
        self._bump()
        self._log("retire_relationships", rel_type, [{"unless_from": sorted(unless_from), "props": dict(props)}])
        return retired

    def _retire_relationships(self, rel_type: str, unless_from: Collection[str], props: Mapping[str, Any]) -> int:
        graph = self._target()
        keep = set(unless_from)
        doomed = [(a, b, k, d) for a, b, k, d in graph.edges(keys=True, data=True)
                  if d["type"] == rel_type and d["props"].get("load_id") not in keep]
        for a, b, _, d in sorted(doomed, key=lambda e: (e[0], e[1], e[3]["key_value"])):
            self._history()[1].append({"kind": rel_type, "start": a, "end": b, "key": d["key_value"],
                                  "props": {**d["props"], **props}})
        graph.remove_edges_from((a, b, k) for a, b, k, _ in doomed)
        return len(doomed)

    def retired(self, ids: Collection[str] | None = None) -> list[dict[str, Any]]:
        wanted = None if ids is None else set(ids)
        return [dict(r) for r in self._retired if wanted is None or r.get("id") in wanted]

    def keep_state_before(self, load: str) -> None:
        """Keep the persisted state as it is now, as the state before `load` (replacing any kept before): the
        snapshot and journal are hard-linked (nothing is copied) with the journal's length noted."""
        if self.path is None:
            return
        self.flush()
        if not self.path.exists():
            self.compact()
        kept = _before_paths(self.path)
        for part in kept.values():
            part.unlink(missing_ok=True)
        os.link(self.path, kept["snapshot"])
        journal = _journal_path(self.path)
        size = journal.stat().st_size if journal.exists() else 0
        if size:
            os.link(journal, kept["journal"])
        kept["marker"].write_text(json.dumps({"load": load, "journal_bytes": size}), encoding="utf-8")

    def revert_load(
        self, load: str, publish_under: Callable[[], AbstractContextManager[Any]] = nullcontext
    ) -> None:
        """Bring back the state kept before `load` (`keep_state_before`), if `load` is the last load: read back
        beside the readers, swapped in inside `publish_under()`, then persisted."""
        if self.path is None:
            raise StoreError("an in-memory store keeps no earlier state: nothing to revert to")
        if self._staged is not None:
            raise StoreError("a load is running: revert after it")
        kept = _before_paths(self.path)
        marker = json.loads(kept["marker"].read_text(encoding="utf-8")) if kept["marker"].exists() else None
        last = self._loads[-1]["id"] if self._loads else None
        if marker is None or marker["load"] != load or last != load:
            kept_for = f"the state before load {marker['load']}" if marker else "no earlier state"
            raise StoreError(f"only the last load can be reverted, and only while the state before it is kept: "
                             f"the last load is {last or 'none'}, and the store keeps {kept_for}")
        graph, loads, retired = _load(kept["snapshot"])
        before = MemoryStore()
        before.graph, before._loads, before._retired = graph, loads, retired
        for op in _read_journal(kept["journal"], upto=marker["journal_bytes"]):
            before._apply(op)
        with publish_under():
            self.graph, self._loads, self._retired = before.graph, before._loads, before._retired
            self._version += 1
            self._pending, self._pending_rows = [], 0
        self.compact()
        for part in kept.values():
            part.unlink(missing_ok=True)

    def record_load(self, record: Mapping[str, Any]) -> None:
        self._history()[0].append(dict(record))
        self._log("load", "", [record])

    def loads(self) -> list[dict[str, Any]]:
        return [dict(r) for r in self._loads]

    def delete_nodes(self, ids: Collection[str]) -> int:
        deleted = self._delete(ids)
        self._bump()
        self._log("delete", "", [{"id": i} for i in sorted(ids)])
        return deleted

    def _delete(self, ids: Collection[str]) -> int:
        graph = self._target()
        present = [i for i in ids if i in graph]
        graph.remove_nodes_from(present)
        return len(present)

    @contextmanager
    def staged_writes(
        self, publish_under: Callable[[], AbstractContextManager[Any]] = nullcontext
    ) -> Iterator[None]:
        """Writes inside the block go to a copy of the graph; readers see the graph as it was until the block
        ends, when the copy replaces it (inside `publish_under()`, e.g. a lock that waits for the readers
        of the moment). Published however the block ends: what was written is journaled as it goes."""
        if self._staged is not None:
            raise StoreError("another staged load is running on this store")
        # The copy shares each node's and relationship's property dict with the graph; writes replace a
        # dict, never change one in place, so readers never see a half-written row.
        self._staged = self.graph.copy()
        self._staged_history = (list(self._loads), list(self._retired))
        try:
            yield
        finally:
            staged, self._staged = self._staged, None
            history = self._staged_history or ([], [])
            self._staged_history = None
            with publish_under():
                self.graph = staged
                self._loads, self._retired = history
                self._version += 1

    def _target(self) -> nx.MultiDiGraph:
        """The graph writes go to: the staged copy while there is one."""
        return self.graph if self._staged is None else self._staged

    def _history(self) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        """The load records and retired records writes go to: the staged copies while there are some."""
        return (self._loads, self._retired) if self._staged_history is None else self._staged_history

    def _bump(self) -> None:
        """A write changed what readers read (unless it went to a staged copy: that counts when published)."""
        if self._staged is None:
            self._version += 1

    def _prune(self, rel_type: str, keep: Mapping[str, Collection[str]]) -> int:
        check_rel_type(rel_type)
        graph = self._target()
        doomed = [
            (start, end, key)
            for start, ends in keep.items() if start in graph
            for _, end, key, data in graph.out_edges(start, keys=True, data=True)
            if data["type"] == rel_type and end not in ends
        ]
        graph.remove_edges_from(doomed)
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
        elif kind == "retire":
            self._retire_nodes(rows)
        elif kind == "retire_relationships":
            self._retire_relationships(name, rows[0]["unless_from"], rows[0]["props"])
        elif kind == "load":
            self._history()[0].extend(dict(r) for r in rows)
        elif kind == "delete":
            self._delete([r["id"] for r in rows])
        elif kind == "clear":
            self._clear()

    def _upsert_nodes(self, label: str, rows: Sequence[NodeRow]) -> int:
        labels = frozenset(labels_for(check_label(label)))
        graph = self._target()
        nodes = graph.nodes
        for row in rows:
            node_id = row["id"]
            if node_id in nodes:
                existing = nodes[node_id]
                if label not in existing["labels"]:
                    raise ConflictError(
                        f"id {node_id!r} already belongs to a {kind_of(existing['labels'])}, not a {label}"
                    )
                props = {**existing["props"], **row["props"]}  # a new dict: a staged write never changes a shared one
                for key in row.get("clear", ()):
                    props.pop(key, None)
                existing["props"] = props
            else:
                graph.add_node(node_id, labels=labels, props={**row["props"], "id": node_id})
        return len(rows)

    def _upsert_relationships(self, rel_type: str, rows: Sequence[RelRow]) -> int:
        check_rel_type(rel_type)
        graph = self._target()
        nodes = graph.nodes
        edges: list[tuple[str, str, tuple[str, str], dict[str, Any]]] = []
        for row in rows:
            start, end = row["start"], row["end"]
            if start not in nodes or end not in nodes:
                continue
            if not pair_matches(rel_type, nodes[start]["labels"], nodes[end]["labels"]):
                continue
            edges.append((start, end, (rel_type, row.get("key", "")), row["props"]))
        _merge_edges(graph, edges)
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

    def write_marks(self) -> list[str]:
        """None: the graph lives in this process, whose reads see every write."""
        return []

    def rebuild_summaries(self, build: SummaryBuild, workers: int = 1) -> None:
        """Nothing to build: each sum is made from the graph when first read after a write (`read_many`)."""

    def summaries_current(self) -> bool:
        """Always: the sums are made from the graph as it is, kept under the data version they were made for."""
        return True

    def summaries_token(self) -> str:
        return self.data_version()

    def clear(self) -> None:
        self._clear()
        self._bump()
        self._log("clear", "", [])

    def _clear(self) -> None:
        if self._staged_history is None:
            self._loads, self._retired = [], []
        else:
            self._staged_history = ([], [])
        if self._staged is None:
            self.graph = nx.MultiDiGraph()
        else:
            self._staged = nx.MultiDiGraph()

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
        # what the journal would have brought back
        loads, retired = self._history()
        _save_atomically(self._target(), {"loads": loads, "retired": retired}, self.path)
        _journal_path(self.path).unlink(missing_ok=True)
        self._snapshot_size = self._size()
        self._journal_rows = 0
        self._compact_due = False
        self._pending, self._pending_rows = [], 0

    def close(self) -> None:
        self.flush()

    def _size(self) -> int:
        """Nodes and relationships: what the journal's length is measured against."""
        graph = self._target()
        return graph.number_of_nodes() + graph.number_of_edges()

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
            data["props"] = {**data["props"], **props}  # a new dict: a staged copy may share the old one


def _before_paths(path: Path) -> dict[str, Path]:
    """Where the state before the last load is kept: a hard link of the snapshot, of the journal, and a marker
    saying which load and how much of the journal."""
    return {"snapshot": path.with_name(path.name + ".before"),
            "journal": path.with_name(path.name + ".before.journal"),
            "marker": path.with_name(path.name + ".before.json")}


def _journal_path(path: Path) -> Path:
    return path.with_name(path.name + ".journal")


def _append_frame(journal: Path, payload: bytes) -> None:
    with journal.open("ab") as f:
        f.write(_FRAME_HEADER.pack(len(payload), hashlib.blake2b(payload, digest_size=16).digest()))
        f.write(payload)
        f.flush()
        os.fsync(f.fileno())


def _read_journal(journal: Path, upto: int | None = None) -> list[tuple[str, str, list[Any]]]:
    """The complete frames of a journal, in order; a torn or corrupt tail is cut off. With `upto`: only the
    frames within its first `upto` bytes, and the file is left as it is."""
    if not journal.exists():
        return []
    ops: list[tuple[str, str, list[Any]]] = []
    good = 0
    with journal.open("rb") as f:
        while upto is None or f.tell() < upto:
            header = f.read(_FRAME_HEADER.size)
            if len(header) < _FRAME_HEADER.size:
                break
            length, digest = _FRAME_HEADER.unpack(header)
            payload = f.read(length)
            if len(payload) < length or hashlib.blake2b(payload, digest_size=16).digest() != digest:
                break
            ops.extend(pickle.loads(payload))
            good = f.tell()
    if upto is None and good < journal.stat().st_size:
        with journal.open("r+b") as f:
            f.truncate(good)
    return ops


def _load(path: Path) -> tuple[nx.MultiDiGraph, list[dict[str, Any]], list[dict[str, Any]]]:
    try:
        with path.open("rb") as f:
            payload = pickle.load(f)
    except (OSError, pickle.UnpicklingError, EOFError) as exc:
        raise StoreError(f"cannot read the embedded store file {path}: {exc}") from exc
    if not isinstance(payload, dict) or payload.get("format") != _FORMAT:
        raise StoreError(f"{path} is not a SkillGraph embedded store file ({_FORMAT})")
    graph: nx.MultiDiGraph = payload["graph"]
    # files written before load records and retirements had none
    return graph, list(payload.get("loads", [])), list(payload.get("retired", []))


def _save_atomically(graph: nx.MultiDiGraph, history: dict[str, list[dict[str, Any]]], path: Path) -> None:
    """Write to a temporary file beside `path`, fsync, then rename over it.

    A crash at any point leaves either the previous file or the new one, never a torn one.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            pickle.dump({"format": _FORMAT, "graph": graph, **history}, f, protocol=pickle.HIGHEST_PROTOCOL)
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
