"""The contract every store keeps: the same operations with the same answers on Neo4j and in memory."""

import threading
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager, contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from functools import cache
from typing import Any, Protocol, runtime_checkable

import networkx as nx

from graph_model.nodes import NODE_KINDS
from graph_model.relationships import REL_KINDS

NodeRow = Mapping[str, Any]
"""`{"id": str, "props": {...}, "clear": [...]}` — props are primitives or lists of primitives; `clear` (optional)
names the properties to remove."""

RelRow = Mapping[str, Any]
"""`{"start": id, "end": id, "key": str, "props": {...}}`."""


class StoreError(Exception):
    """A store operation failed for a reason the caller can act on."""


class StoreUnavailableError(StoreError):
    """The store cannot be reached (e.g. Neo4j is down)."""


class ConflictError(StoreError):
    """An id already belongs to a node of another kind."""


class UnknownKindError(StoreError):
    """A label, relationship type or query name outside the model's allow-list."""


class BookmarkError(StoreError):
    """A bookmark to read after (`reading_after`) that the store did not issue."""


READ_AFTER: ContextVar[tuple[str, ...]] = ContextVar("read_after", default=())
"""The bookmarks the reads of this context wait for (`reading_after`)."""


@contextmanager
def reading_after(bookmarks: Collection[str]) -> Iterator[None]:
    """Reads of a store inside this block — in this thread or task, and in the threads it hands work to — wait until
    the store holds the writes these bookmarks stand for, writes another process may have made
    (`GraphStore.write_marks`): a read after a write is causal across processes, and on a cluster whichever member
    answers it. A store without bookmarks (the embedded one, in one process) has nothing to wait for."""
    token = READ_AFTER.set(tuple(bookmarks))
    try:
        yield
    finally:
        READ_AFTER.reset(token)


Rows = list[dict[str, Any]]


@dataclass(frozen=True)
class NamedQuery:
    """A read the store runs: Cypher for Neo4j, its networkx twin for the embedded store, with the same rows.

    The query library (`queries`) makes these from its `.cypher` files; a store runs them without
    knowing the library, and parameters arrive already checked and completed.
    """

    name: str
    cypher: str
    twin: Callable[[nx.MultiDiGraph, dict[str, Any]], Rows]
    kept_when: Callable[[Mapping[str, Any]], bool] | None = None
    """For the parameters where its rows are kept under a summaries token (see `GraphStore.read_many`): the
    city-wide rows every district's gap table or every chain ranking reads again."""

    def kept(self, params: Mapping[str, Any]) -> bool:
        return self.kept_when is not None and self.kept_when(params)


@dataclass(frozen=True)
class SummaryBuild:
    """What a store that keeps summaries runs to rebuild them: schema statements; then the statements that remove the
    summaries, in a write transaction of their own; then the statements, in one write transaction (which removes any
    summaries a rebuild running beside it has made since, then builds them all)."""

    schema: tuple[str, ...]
    statements: tuple[str, ...]
    clear: tuple[str, ...] = ()
    groups: tuple[tuple[str, ...], ...] = ()
    """The statements but those that open them by removing the summaries, in groups that may run side by side: no
    group reads what another writes (`rebuild_summaries(build, workers=2)`)."""


@dataclass(frozen=True)
class NodeRecord:
    id: str
    kind: str
    properties: dict[str, Any]


@dataclass(frozen=True)
class EdgeRecord:
    start: str
    end: str
    type: str
    key: str
    properties: dict[str, Any]


@dataclass(frozen=True)
class Neighbourhood:
    """Nodes within `depth` hops of a centre, nearest first, at most `limit` of them."""

    centre: str
    nodes: list[NodeRecord]
    edges: list[EdgeRecord]
    total_nodes: int
    truncated: bool


@dataclass(frozen=True)
class Counts:
    nodes: dict[str, int] = field(default_factory=dict)
    relationships: dict[str, int] = field(default_factory=dict)


def check_label(label: str) -> str:
    if label not in NODE_KINDS:
        raise UnknownKindError(f"unknown node kind {label!r}; known: {', '.join(NODE_KINDS)}")
    return label


def check_rel_type(rel_type: str) -> str:
    if rel_type not in REL_KINDS:
        raise UnknownKindError(f"unknown relationship type {rel_type!r}; known: {', '.join(REL_KINDS)}")
    return rel_type


def kind_of(labels: Iterable[str]) -> str:
    """The node kind among a node's labels (the one that is not Entity or Organisation)."""
    for label in labels:
        if label in NODE_KINDS:
            return label
    raise StoreError(f"node with labels {sorted(labels)} has no known kind")


def labels_for(label: str) -> tuple[str, ...]:
    return NODE_KINDS[label].labels()


@cache
def pair_matches(rel_type: str, start_labels: Collection[str], end_labels: Collection[str]) -> bool:
    """Whether a relationship of this type may join nodes with these labels (hashable collections: cached)."""
    starts, ends = set(start_labels), set(end_labels)
    return any(s in starts and e in ends for s, e in REL_KINDS[rel_type].pairs)


@dataclass
class NewNodes:
    """The nodes one run of writes (an ingest) has created in a store, so that the store may write their
    relationships with a plain create: a merge must first look for the relationship, and a relationship to a node
    the run created cannot be in the store yet.

    That holds on two promises. The run writes each relationship once (the ingest keeps one row per relationship
    and node). And no one else has written since the node was created: the store checks that at every write of the
    run, against `mark`, and forgets `ids` as soon as someone has. The run passes the same `NewNodes` to each of its
    writes, in order, from one thread."""

    ids: set[str] = field(default_factory=set)
    mark: Any = None
    """The store's mark of the run's last write (Neo4j: the data version that write left); None before the first."""
    forgotten: int = 0
    """How many times `ids` was forgotten: a write prepared before (`GraphStore.prepare_relationships`) must not
    trust the ids it saw then."""

    def forget(self) -> None:
        # `ids` first: whoever reads `forgotten` after this sees no id from before.
        self.ids.clear()
        self.forgotten += 1


@runtime_checkable
class GraphStore(Protocol):
    """What every store offers; each method means the same on every store."""

    def apply_schema(self) -> None:
        """Create constraints and indexes (idempotent)."""

    def upsert_nodes(self, label: str, rows: Sequence[NodeRow], new: NewNodes | None = None) -> int:
        """Create or update nodes of one kind by id; returns how many rows were written. A property a row
        leaves out keeps its stored value, unless the row lists it in `clear`: then it is removed. The nodes it
        creates join `new` (when given: a run's write)."""

    def upsert_relationships(self, rel_type: str, rows: Sequence[RelRow], new: NewNodes | None = None) -> int:
        """Create or update relationships by (start, type, key, end).

        Rows whose endpoints do not exist, or whose kinds the type does not allow, are skipped
        (never created as empty nodes); returns how many rows were written. A row with an endpoint in `new`
        may be created without looking for it first (`NewNodes`).
        """

    def prepare_relationships(
        self, rel_type: str, rows: Sequence[RelRow], new: NewNodes | None = None
    ) -> Callable[[], int]:
        """`upsert_relationships` in two steps: what needs no store is done now (the rows put in the form the store
        takes), the writes when the returned function is called (in the order prepared, from one thread)."""

    def prune_relationships(
        self, rel_type: str, keep: Mapping[str, Collection[str]], new: NewNodes | None = None
    ) -> int:
        """Delete each `rel_type` relationship from a start id in `keep` whose end is not among its ids there;
        returns how many were deleted. (A relationship derived from a column is replaced, not added to.)"""

    def retire_nodes(self, rows: Sequence[NodeRow], new: NewNodes | None = None) -> int:
        """Retire these nodes (`{"id", "props"}`: what the retirement says, e.g. status, closed_on, the load): each
        leaves the graph with its relationships, and a record of it — kind, properties with the row's, and its
        relationships — is kept (`retired`). Ids not in the graph are passed over; returns how many retired."""

    def retire_relationships(self, rel_type: str, unless_from: Collection[str], props: Mapping[str, Any]) -> int:
        """Retire every `rel_type` relationship whose `load_id` is none of `unless_from` (a complete register
        loaded again: what it no longer lists), keeping a record of each with `props`; returns how many."""

    def retired(self, ids: Collection[str] | None = None) -> list[dict[str, Any]]:
        """The records of what was retired (of these node ids, or all), oldest first: `{"id", "kind", "props",
        "relationships"}` for a node, `{"kind" (the type), "start", "end", "key", "props"}` for a relationship."""

    def keep_state_before(self, load: str) -> None:
        """Called as a load starts: keep what is needed to revert it (`revert_load`), where the store can."""

    def revert_load(self, load: str, publish_under: Callable[[], AbstractContextManager[Any]] = ...) -> None:
        """Bring the store back exactly to its state before `load`, the last load (the change made visible inside
        `publish_under()`); StoreError saying why where it cannot (another load came after, or the store keeps
        no earlier state)."""

    def record_load(self, record: Mapping[str, Any]) -> None:
        """Keep the record of one load (an ingest run: its id, time, caller, files and counts) with the data."""

    def loads(self) -> list[dict[str, Any]]:
        """Every load record kept, oldest first."""

    def delete_nodes(self, ids: Collection[str]) -> int:
        """Delete these nodes with their relationships; returns how many nodes were deleted."""

    def staged_writes(
        self, publish_under: Callable[[], AbstractContextManager[Any]] = ...
    ) -> AbstractContextManager[None]:
        """A block of writes (a load) that readers never wait for. The embedded store writes to a copy and
        readers read the graph as it was until the block ends, when the copy is published (inside
        `publish_under()`); Neo4j commits each batch in its own transaction as it goes, and readers read what
        is committed (they may see a load half-way, never a batch half-way)."""

    def kinds_of(self, ids: Iterable[str]) -> dict[str, str]:
        """The kind of each id that exists; missing ids are absent from the answer."""

    def get_node(self, node_id: str) -> NodeRecord | None: ...

    def neighbourhood(self, node_id: str, depth: int = 1, limit: int = 200) -> Neighbourhood | None:
        """Nodes within `depth` hops (either direction), ordered by (distance, id), cut at `limit`."""

    def adjacent(self, ids: Collection[str]) -> set[str]:
        """The ids of every node joined to one of `ids` by a relationship, in either direction."""

    def subgraph(self, ids: Sequence[str]) -> tuple[list[NodeRecord], list[EdgeRecord]]:
        """The nodes with these ids that exist (in the order given) and every relationship among them."""

    def counts(self) -> Counts:
        """Node count per kind and relationship count per type, zeros included."""

    def read(self, query: NamedQuery, params: Mapping[str, Any]) -> Rows:
        """Run one read of the query library with checked parameters; rows as dicts."""

    def read_many(
        self, queries: Sequence[tuple[NamedQuery, Mapping[str, Any]]], kept_under: str | None = None
    ) -> list[Rows]:
        """Run several reads in one read transaction: one snapshot, one round of set-up.

        With `kept_under` (a `summaries_token`), the rows of the queries that say so (`NamedQuery.kept`: the
        city-wide rows) are kept under that token and read once: the token stands for one data version (any
        write ends it until the summaries are rebuilt, and a rebuild brings a new one)."""

    def data_version(self) -> str:
        """A token that changes whenever the stored data changes (any write, by any writer, or a clear)."""

    def write_marks(self) -> list[str]:
        """Bookmarks of the data this store object has written or read so far: another process that reads
        `reading_after` them sees it all (Neo4j; the embedded store, in one process, has none)."""

    keeps_summaries: bool
    """Whether the store keeps summaries, so that the library's summary queries may be read instead of the graph."""

    def rebuild_summaries(self, build: SummaryBuild, workers: int = 1) -> None:
        """Rebuild the summaries (Neo4j: in one write transaction that records the data version they stand for; with
        `workers` > 1, the build's groups in as many transactions side by side, for a database no one else is
        writing: a write beside them and they are built again the one-transaction way)."""

    def summaries_current(self) -> bool:
        """Whether the summaries stand for the data as it is now (false after any later write, or if none)."""

    def summaries_token(self) -> str | None:
        """A token of the data the summaries stand for while they are current (None when they are not)."""

    def clear(self) -> None:
        """Delete every node and relationship (the schema stays)."""

    def flush(self) -> None:
        """Make every write so far durable."""

    def close(self) -> None: ...



def select_neighbourhood(
    centre: str, depth: int, limit: int, expand: Callable[[set[str]], set[str]]
) -> tuple[list[str], int]:
    """Breadth-first ids within `depth` hops, ordered by (distance, id), cut at `limit`.

    `expand` returns the neighbours (either direction) of a set of ids. Returns the kept ids and
    how many ids were within reach in all.
    """
    if depth < 0 or limit < 1:
        raise ValueError("depth must be ≥ 0 and limit ≥ 1")
    seen = {centre}
    ordered = [centre]
    frontier = {centre}
    for _ in range(depth):
        frontier = expand(frontier) - seen
        if not frontier:
            break
        seen |= frontier
        ordered.extend(sorted(frontier))
    return ordered[:limit], len(ordered)


class KeptSummaries:
    """Rows of summary queries kept under the summaries token they were read for (see `GraphStore.read_many`)."""

    MAX_ENTRIES = 512

    def __init__(self) -> None:
        self._token: str | None = None
        self._rows: dict[tuple[Any, ...], Rows] = {}
        self._lock = threading.Lock()

    def get(self, token: str, query: NamedQuery, params: Mapping[str, Any]) -> Rows | None:
        with self._lock:
            rows = self._rows.get(_key(query, params)) if token == self._token else None
        return None if rows is None else [dict(r) for r in rows]

    def put(self, token: str, query: NamedQuery, params: Mapping[str, Any], rows: Rows) -> None:
        with self._lock:
            if token != self._token:
                self._token, self._rows = token, {}
            if len(self._rows) >= self.MAX_ENTRIES:
                self._rows.clear()
            self._rows[_key(query, params)] = [dict(r) for r in rows]


def _key(query: NamedQuery, params: Mapping[str, Any]) -> tuple[Any, ...]:
    return (query.name, *sorted((k, tuple(v) if isinstance(v, list) else v) for k, v in params.items()))
