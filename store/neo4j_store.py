"""The Neo4j store: the official driver, managed transactions, UNWIND batches."""

import json
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import AbstractContextManager, contextmanager, nullcontext
from functools import partial
from typing import Any, LiteralString, NamedTuple, TypeVar, cast

import neo4j
from neo4j import GraphDatabase, ManagedTransaction
from neo4j.exceptions import ClientError, ConstraintError, ServiceUnavailable, SessionExpired, TransientError

from graph_model.nodes import ENTITY_LABEL, NODE_KINDS
from graph_model.relationships import REL_KINDS
from graph_model.schema import schema_statements
from store.base import (
    READ_AFTER,
    BookmarkError,
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
    StoreUnavailableError,
    SummaryBuild,
    check_label,
    check_rel_type,
    kind_of,
    labels_for,
    select_neighbourhood,
)

BATCH_SIZE = 5_000
_T = TypeVar("_T")

DATA_VERSION_LABEL = "DataVersion"
"""The label of the one bookkeeping node outside the model: a counter every write moves on."""


def _q(text: str) -> LiteralString:
    # Cypher built here only interpolates labels and types from the model's allow-list.
    return cast(LiteralString, text)


def _node_upsert_cypher(
    label: str, common: Iterable[str], varying: Sequence[str], cleared: Collection[str] = ()
) -> LiteralString:
    """Upsert by id from rows `[id, *values of varying]` (then, if some row clears keys, the list of those keys),
    with the batch's `$common` properties.

    A value that is null leaves the stored property as it is, as `n += props` does, unless the row lists the
    key as cleared: then the property is removed.
    """
    extra = ":".join(labels_for(label)[1:])
    clears = 1 + len(varying) if cleared else None
    assignments = "".join(f", {a}" for a in _assignments("n", common, varying, first=1, cleared=cleared,
                                                         clears=clears))
    return _q(f"UNWIND $rows AS row MERGE (n:{label} {{id: row[0]}}) SET n:{extra}{assignments}")


def _node_create_cypher(label: str, common: Iterable[str], varying: Sequence[str]) -> LiteralString:
    """Create from the same rows as `_node_upsert_cypher` nodes the caller knows are not in the store: all
    properties in the new node's map (a null one is not set), one write rather than one per key."""
    values = _created_map("id: row[0]", common, varying, first=1)
    return _q(f"UNWIND $rows AS row CREATE (n:{':'.join(labels_for(label))} {values})")


def _rel_upsert_cypher(
    rel_type: str, common: Iterable[str], varying: Sequence[str], *, create: bool = False
) -> LiteralString:
    """Upsert by (start, type, key, end) from rows `[start, end, key, *values of varying]`, like the nodes; with
    `create`, create each without looking for it first (the caller knows none of them is in the store:
    `NewNodes`)."""
    pairs = " OR ".join(f"(a:{s} AND b:{e})" for s, e in REL_KINDS[rel_type].pairs)
    if create:
        write = f"CREATE (a)-[r:{rel_type} {_created_map('key: row[2]', common, varying, first=3)}]->(b)"
    else:
        assignments = ", ".join(_assignments("r", common, varying, first=3))
        write = f"MERGE (a)-[r:{rel_type} {{key: row[2]}}]->(b){' SET ' + assignments if assignments else ''}"
    return _q(
        f"UNWIND $rows AS row "
        f"MATCH (a:{ENTITY_LABEL} {{id: row[0]}}) USING INDEX a:{ENTITY_LABEL}(id) "
        f"MATCH (b:{ENTITY_LABEL} {{id: row[1]}}) USING INDEX b:{ENTITY_LABEL}(id) "
        f"WITH row, a, b WHERE {pairs} {write} RETURN count(r) AS written"
    )


def _created_map(own: str, common: Iterable[str], varying: Sequence[str], *, first: int) -> str:
    """The property map of a node or relationship being created: its own key (`own`), each common property from
    `$common` and each varying one from `row[first]` on. A null value is not set: one write, not one per key."""
    values = [own, *(f"{_name(k)}: $common.{_name(k)}" for k in common)]
    values += [f"{_name(k)}: row[{i}]" for i, k in enumerate(varying, start=first)]
    return "{" + ", ".join(values) + "}"


def _assignments(
    var: str, common: Iterable[str], varying: Sequence[str], *, first: int, cleared: Collection[str] = (),
    clears: int | None = None,
) -> list[str]:
    """`var.k = $common.k` for each common property and `var.k = coalesce(row[i], var.k)` for each varying
    property from `row[first]` on (property names quoted as Cypher quotes them); a key some row may clear is
    removed where `row[clears]` lists it.

    Each common key is set by name, not as `var += $common`: a map could set any key, the MERGE's own `id` or
    `key` among them, so Neo4j would hold the whole batch (an `Eager` step) before writing any of it."""
    parts = [f"{var}.{_name(key)} = $common.{_name(key)}" for key in common]
    for i, key in enumerate(varying, start=first):
        name = _name(key)
        value = f"coalesce(row[{i}], {var}.{name})"
        if key in cleared:
            literal = "'" + key.replace("\\", "\\\\").replace("'", "\\'") + "'"
            value = f"CASE WHEN {literal} IN row[{clears}] THEN null ELSE {value} END"
        parts.append(f"{var}.{name} = {value}")
    return parts


def _name(key: str) -> str:
    """A property name as Cypher quotes it."""
    return "`" + key.replace("`", "``") + "`"


_ABSENT = object()


def _columns(props: Sequence[Mapping[str, Any]], skip: str = "") -> tuple[dict[str, Any], list[str]]:
    """A batch's properties split in two: those with one value in every row, sent once as `$common`,
    and the others (sorted), sent as a list per row. The rows then go to Neo4j as lists rather than
    maps, without repeating the constant values (e.g. provenance's file and load id): measured on
    the city's 789,189 DEMANDS rows, 37 s instead of 49 s, and a fifth less CPU in Neo4j.
    """
    keys: dict[str, None] = {}
    for p in props:
        keys.update(dict.fromkeys(p))
    keys.pop(skip, None)
    common: dict[str, Any] = {}
    if props:
        for key in keys:
            value = props[0].get(key, _ABSENT)
            cls = value.__class__
            if value is None or value is _ABSENT or cls is list:
                continue
            # The class too: 1 == 1.0 == True, but they are different property values.
            if all((v := p.get(key, _ABSENT)).__class__ is cls and v == value for p in props):
                common[key] = value
    return common, sorted(k for k in keys if k not in common)


# Bumped first in every write transaction (`Neo4jStore._write_at`), so a reader that sees the new data also sees the
# new version, and writers take turns. `epoch` is new whenever the node is (re)created, e.g. after a clear, so a
# token never comes back.
_CREATE_VERSION = _q(f"MERGE (v:{DATA_VERSION_LABEL}) ON CREATE SET v.epoch = randomUUID(), v.version = 0")
_BUMP_VERSION = _q(f"{_CREATE_VERSION} SET v.version = v.version + 1 RETURN v.epoch AS epoch, v.version AS version")
_EXISTING = _q(f"UNWIND $ids AS i MATCH (n:{ENTITY_LABEL} {{id: i}}) RETURN collect(i) AS ids")

Mark = tuple[str, int]
"""Where a write transaction left the data version: (epoch, version)."""
_READ_VERSION = _q(
    f"MATCH (v:{DATA_VERSION_LABEL}) RETURN v.epoch + ':' + toString(v.version) AS token ORDER BY token"
)

_RECORD_SUMMARY_VERSION = _q(f"MATCH (v:{DATA_VERSION_LABEL}) SET v.summary_version = v.version")
_SUMMARIES_TOKEN = _q(
    f"OPTIONAL MATCH (v:{DATA_VERSION_LABEL}) WITH collect(v) AS vs "
    "RETURN CASE WHEN size(vs) > 0 AND all(v IN vs WHERE v.summary_version = v.version) "
    "THEN reduce(t = '', v IN vs | t + v.epoch + ':' + toString(v.summary_version) + '|') END AS token"
)


class Neo4jStore:
    """A `GraphStore` on a Neo4j 5 database."""

    background_writes = True
    """Writes mostly wait on the server, so a loader may overlap them with its own work."""

    keeps_summaries = True

    def __init__(
        self,
        uri: str,
        auth: tuple[str, str] | None = None,
        database: str | None = None,
        connection_timeout: float = 5.0,
    ) -> None:
        self.uri = uri
        self.auth = auth
        self.database = database
        self.connection_timeout = connection_timeout
        self._kept = KeptSummaries()
        # Every session of this store shares one bookmark manager: a read after a write of this process sees it,
        # on a cluster too (where a read may go to a secondary that has not caught up yet).
        self.bookmarks = GraphDatabase.bookmark_manager()
        self.driver = GraphDatabase.driver(
            uri,
            auth=auth,
            connection_timeout=connection_timeout,
            connection_acquisition_timeout=connection_timeout * 2,
            max_transaction_retry_time=connection_timeout * 2,
            # The server's hints (e.g. "relationship type not in the database yet" on an empty graph)
            # would be logged as warnings on every such query; the library's queries are deliberate.
            notifications_min_severity="OFF",
        )

    def verify(self) -> None:
        """Raise StoreUnavailableError unless the database answers."""
        try:
            self.driver.verify_connectivity()
        except (ServiceUnavailable, SessionExpired, OSError) as exc:
            raise StoreUnavailableError(f"Neo4j at {self.uri} is not reachable: {exc}") from exc

    def apply_schema(self) -> None:
        with self._session() as session:
            for statement in schema_statements():
                session.run(_q(statement)).consume()
            session.run("CALL db.awaitIndexes(300)").consume()
            session.run(_CREATE_VERSION).consume()

    def upsert_nodes(self, label: str, rows: Sequence[NodeRow], new: NewNodes | None = None) -> int:
        check_label(label)
        for batch in _batches(rows):
            common, varying = _columns([r["props"] for r in batch], skip="id")
            cleared = {k for r in batch for k in r.get("clear", ())}
            varying = sorted({*varying, *cleared})
            cypher = _node_upsert_cypher(label, common, varying, cleared)
            payload = [[r["id"], *[r["props"].get(k) for k in varying]] for r in batch]
            if cleared:
                for row, r in zip(payload, batch, strict=True):
                    row.append(list(r.get("clear", ())))
            create = _node_create_cypher(label, common, varying) if new is not None else None

            def work(tx: ManagedTransaction, _: Mark, merge: LiteralString = cypher,
                     create: LiteralString | None = create, rows: list[list[Any]] = payload,
                     common: dict[str, Any] = common) -> set[str]:
                if create is None:
                    tx.run(merge, rows=rows, common=common).consume()
                    return set()
                # A run's write (`new`): which ids are in the store, read after the version's lock (no one else
                # writes until this commits); the others are created, each once, and join the run's new nodes.
                existing = set(tx.run(_EXISTING, ids=[row[0] for row in rows]).single(strict=True)["ids"])
                created: set[str] = set()
                absent, present = [], []
                for row in rows:
                    if row[0] in existing or row[0] in created:
                        present.append(row)  # a later row of a node this batch creates is merged after it
                    else:
                        created.add(row[0])
                        absent.append(row)
                if absent:
                    tx.run(create, rows=absent, common=common).consume()
                if present:
                    tx.run(merge, rows=present, common=common).consume()
                return created

            try:
                self._write_run(work, new)
            except ConstraintError as exc:
                raise ConflictError(f"a {label} id is already used by a node of another kind: {exc.message}") from exc
        return len(rows)

    def upsert_relationships(self, rel_type: str, rows: Sequence[RelRow], new: NewNodes | None = None) -> int:
        return self.prepare_relationships(rel_type, rows, new)()

    def prepare_relationships(
        self, rel_type: str, rows: Sequence[RelRow], new: NewNodes | None = None
    ) -> Callable[[], int]:
        check_rel_type(rel_type)
        prepared: list[list[_Part]] = []
        seen = new.forgotten if new is not None else 0  # before reading the ids (`NewNodes.forget`)
        for batch in _batches(rows):
            # Rows with an endpoint the run created (`new`) apart: created without looking, if no one else has
            # written since and the run has not forgotten its nodes meanwhile (checked in the transaction, which holds
            # the version's lock from its start). A node the run creates meanwhile is not among them: merged.
            fresh: list[RelRow] = []
            known: Sequence[RelRow] = batch
            if new is not None and new.ids:
                known = []
                for r in batch:
                    (fresh if r["start"] in new.ids or r["end"] in new.ids else known).append(r)
            prepared.append([_rel_part(rel_type, part, fresh=part is fresh) for part in (fresh, known) if part])

        def work(tx: ManagedTransaction, mark: Mark, parts: list[_Part]) -> int:
            alone = new is not None and _follows(new, mark) and new.forgotten == seen
            return sum(tx.run(p.create if alone and p.create else p.merge, rows=p.rows, common=p.common)
                       .single(strict=True)["written"] for p in parts)

        return lambda: sum(self._write_run(partial(work, parts=parts), new) for parts in prepared)

    def prune_relationships(
        self, rel_type: str, keep: Mapping[str, Collection[str]], new: NewNodes | None = None
    ) -> int:
        check_rel_type(rel_type)
        cypher = _q(
            f"UNWIND $rows AS row MATCH (:{ENTITY_LABEL} {{id: row[0]}})-[r:{rel_type}]->(b) "
            "WHERE NOT b.id IN row[1] DELETE r RETURN count(r) AS removed"
        )

        def work(tx: ManagedTransaction, _: Mark, rows: Sequence[Any]) -> int:
            return int(tx.run(cypher, rows=rows).single(strict=True)["removed"])

        batches = _batches([[start, sorted(ends)] for start, ends in keep.items()])
        return sum(self._write_run(partial(work, rows=batch), new) for batch in batches)

    def retire_nodes(self, rows: Sequence[NodeRow], new: NewNodes | None = None) -> int:
        # Read each node with its relationships, keep the record as a Retired node (bookkeeping outside the
        # model: no Entity label), delete the node: one transaction per batch.
        read = _q(
            f"UNWIND $ids AS i MATCH (n:{ENTITY_LABEL} {{id: i}}) "
            "RETURN n.id AS id, labels(n) AS labels, properties(n) AS props, "
            "[(n)-[r]->(m) | {type: type(r), start: n.id, end: m.id, key: coalesce(r.key, ''), "
            "props: properties(r)}] + [(m)-[r]->(n) | {type: type(r), start: m.id, end: n.id, "
            "key: coalesce(r.key, ''), props: properties(r)}] AS relationships"
        )
        keep = _q(f"UNWIND $records AS rec "
                  f"CREATE (:{RETIRED_LABEL} {{id: rec[0], kind: rec[1], record: rec[2], at: timestamp()}}) "
                  f"WITH rec MATCH (n:{ENTITY_LABEL} {{id: rec[0]}}) DETACH DELETE n")
        by_id = {r["id"]: r["props"] for r in rows}

        def work(tx: ManagedTransaction, _: Mark, ids: Sequence[str]) -> int:
            records = []
            for found in _rows(tx.run(read, ids=list(ids))):
                rels = [{**r, "props": {k: v for k, v in r["props"].items() if k != "key"}}
                        for r in found["relationships"]]
                record = {"id": found["id"], "kind": kind_of(found["labels"]),
                          "props": {**found["props"], **by_id[found["id"]]}, "relationships": rels}
                records.append([found["id"], record["kind"], json.dumps(record, ensure_ascii=False)])
            if records:
                tx.run(keep, records=records).consume()
            return len(records)

        return sum(self._write_run(partial(work, ids=batch), new) for batch in _batches(list(by_id)))

    def retire_relationships(self, rel_type: str, unless_from: Collection[str], props: Mapping[str, Any]) -> int:
        check_rel_type(rel_type)
        read = _q(f"MATCH (a:{ENTITY_LABEL})-[r:{rel_type}]->(b:{ENTITY_LABEL}) "
                  "WHERE NOT coalesce(r.load_id, '') IN $keep "
                  "RETURN elementId(r) AS element, a.id AS start, b.id AS end, properties(r) AS props LIMIT $batch")
        keep = _q(f"UNWIND $records AS rec CREATE (:{RETIRED_LABEL} {{kind: $type, record: rec[1], at: timestamp()}}) "
                  "WITH rec MATCH ()-[r]->() WHERE elementId(r) = rec[0] DELETE r")

        def work(tx: ManagedTransaction) -> int:
            found = _rows(tx.run(read, keep=sorted(unless_from), batch=BATCH_SIZE))
            records = []
            for r in found:
                rel_props = {k: v for k, v in r["props"].items() if k != "key"}
                record = {"kind": rel_type, "start": r["start"], "end": r["end"], "key": r["props"].get("key", ""),
                          "props": {**rel_props, **props}}
                records.append([r["element"], json.dumps(record, ensure_ascii=False)])
            if records:
                tx.run(keep, records=records, type=rel_type).consume()
            return len(records)

        retired = 0
        while done := self._write(work):
            retired += done
        return retired

    def retired(self, ids: Collection[str] | None = None) -> list[dict[str, Any]]:
        cypher = _q(f"MATCH (r:{RETIRED_LABEL}) WHERE $ids IS NULL OR r.id IN $ids "
                    "RETURN r.record AS record ORDER BY r.at, elementId(r)")
        found = self._read(lambda tx: _rows(tx.run(cypher, ids=None if ids is None else sorted(ids))))
        return [json.loads(r["record"]) for r in found]

    def keep_state_before(self, load: str) -> None:
        """Nothing is kept: a load commits batch by batch, and Neo4j Community keeps no earlier state to return to."""

    def revert_load(self, load: str, publish_under: Callable[[], AbstractContextManager[Any]] = nullcontext) -> None:
        raise StoreError(
            "Neo4j keeps no earlier state of a load, so it cannot be reverted exactly: load the earlier files again "
            "(a row replaces what it carries; --replace KIND retires what a complete register no longer lists), or "
            "restore a backup of the database (neo4j-admin database dump / load)")

    def record_load(self, record: Mapping[str, Any]) -> None:
        # Bookkeeping outside the model, like DataVersion: no Entity label, no relationship.
        # `seq` orders the loads (two may finish within one second of the clock).
        cypher = ("OPTIONAL MATCH (l:IngestLoad) WITH coalesce(max(l.seq), 0) + 1 AS seq "
                  "CREATE (:IngestLoad {id: $id, seq: seq, record: $record})")
        # It leaves the data version where it is, so the summaries the load has just rebuilt stay current (the load
        # records are read straight from the store, never from kept answers).
        with self._reachable(), self._session() as session:
            session.execute_write(
                lambda tx: tx.run(cypher, id=record["id"], record=json.dumps(record, ensure_ascii=False)).consume())

    def loads(self) -> list[dict[str, Any]]:
        found = self._read(lambda tx: _rows(tx.run("MATCH (l:IngestLoad) RETURN l.record AS record ORDER BY l.seq")))
        return [json.loads(r["record"]) for r in found]

    def delete_nodes(self, ids: Collection[str]) -> int:
        cypher = _q(f"UNWIND $ids AS i MATCH (n:{ENTITY_LABEL} {{id: i}}) DETACH DELETE n RETURN count(*) AS deleted")

        def work(tx: ManagedTransaction, ids: Sequence[str]) -> int:
            return int(tx.run(cypher, ids=list(ids)).single(strict=True)["deleted"])

        return sum(self._write(partial(work, ids=batch)) for batch in _batches(sorted(ids)))

    @contextmanager
    def staged_writes(
        self, publish_under: Callable[[], AbstractContextManager[Any]] = nullcontext
    ) -> Iterator[None]:
        """Nothing to stage: each batch is its own transaction, and readers read what is committed."""
        yield

    def kinds_of(self, ids: Iterable[str]) -> dict[str, str]:
        cypher = _q(f"UNWIND $ids AS i MATCH (n:{ENTITY_LABEL} {{id: i}}) RETURN n.id AS id, labels(n) AS labels")
        found: dict[str, str] = {}
        for batch in _batches(list(ids)):
            for rec in self._read(lambda tx, b=batch: list(tx.run(cypher, ids=b))):
                found[rec["id"]] = kind_of(rec["labels"])
        return found

    def get_node(self, node_id: str) -> NodeRecord | None:
        cypher = _q(f"MATCH (n:{ENTITY_LABEL} {{id: $id}}) RETURN labels(n) AS labels, properties(n) AS props")
        rec = self._read(lambda tx: tx.run(cypher, id=node_id).single())
        if rec is None:
            return None
        return NodeRecord(node_id, kind_of(rec["labels"]), dict(rec["props"]))

    def neighbourhood(self, node_id: str, depth: int = 1, limit: int = 200) -> Neighbourhood | None:
        if self.get_node(node_id) is None:
            return None
        kept, total = select_neighbourhood(node_id, depth, limit, self.adjacent)
        nodes, edges = self.subgraph(kept)
        return Neighbourhood(node_id, nodes, edges, total, total > len(kept))

    def adjacent(self, ids: Collection[str]) -> set[str]:
        cypher = _q(
            f"UNWIND $ids AS i MATCH (:{ENTITY_LABEL} {{id: i}})--(m:{ENTITY_LABEL}) RETURN DISTINCT m.id AS id"
        )
        return {r["id"] for r in self._read(lambda tx: list(tx.run(cypher, ids=sorted(ids))))}

    def subgraph(self, ids: Sequence[str]) -> tuple[list[NodeRecord], list[EdgeRecord]]:
        node_cypher = _q(
            f"UNWIND $ids AS i MATCH (n:{ENTITY_LABEL} {{id: i}}) "
            "RETURN n.id AS id, labels(n) AS labels, properties(n) AS props"
        )
        edge_cypher = _q(
            f"UNWIND $ids AS i MATCH (a:{ENTITY_LABEL} {{id: i}})-[r]->(b:{ENTITY_LABEL}) WHERE b.id IN $ids "
            "RETURN a.id AS start, b.id AS end, type(r) AS type, properties(r) AS props"
        )
        wanted = list(dict.fromkeys(ids))
        node_recs = {r["id"]: r for r in self._read(lambda tx: list(tx.run(node_cypher, ids=wanted)))}
        nodes = [NodeRecord(i, kind_of(node_recs[i]["labels"]), dict(node_recs[i]["props"]))
                 for i in wanted if i in node_recs]
        edges = []
        for r in self._read(lambda tx: list(tx.run(edge_cypher, ids=wanted))):
            props = dict(r["props"])
            key = props.pop("key", "")
            edges.append(EdgeRecord(r["start"], r["end"], r["type"], key, props))
        edges.sort(key=lambda e: (e.start, e.type, e.end, e.key))
        return nodes, edges

    def counts(self) -> Counts:
        def work(tx: ManagedTransaction) -> Counts:
            nodes = {
                label: tx.run(_q(f"MATCH (n:{label}) RETURN count(n) AS c")).single(strict=True)["c"]
                for label in NODE_KINDS
            }
            rels = {
                t: tx.run(_q(f"MATCH ()-[r:{t}]->() RETURN count(r) AS c")).single(strict=True)["c"]
                for t in REL_KINDS
            }
            return Counts(nodes=nodes, relationships=rels)

        return self._read(work)

    def read(self, query: NamedQuery, params: Mapping[str, Any]) -> Rows:
        cypher = _q(query.cypher)
        return self._read(lambda tx: _rows(tx.run(cypher, dict(params))))

    def read_many(
        self, queries: Sequence[tuple[NamedQuery, Mapping[str, Any]]], kept_under: str | None = None
    ) -> list[Rows]:
        kept = [self._kept.get(kept_under, q, p) if kept_under and q.kept(p) else None for q, p in queries]
        missing = [(q, p) for (q, p), rows in zip(queries, kept, strict=True) if rows is None]
        if missing:
            read = iter(self._read(lambda tx: [_rows(tx.run(_q(q.cypher), dict(p))) for q, p in missing]))
            for i, ((q, p), rows) in enumerate(zip(queries, kept, strict=True)):
                if rows is None:
                    kept[i] = fresh = next(read)
                    if kept_under and q.kept(p):
                        self._kept.put(kept_under, q, p, fresh)
        return [rows if rows is not None else [] for rows in kept]

    def data_version(self) -> str:
        # One auto-commit query: a single round trip, where a managed transaction needs a second one to
        # commit (3.5 ms against 6.9 ms here). The API reads the version for every request it answers.
        with self._reachable(), self._session(neo4j.READ_ACCESS) as session:
            return "|".join(r["token"] for r in session.run(_READ_VERSION))

    def write_marks(self) -> list[str]:
        return sorted(self.bookmarks.get_bookmarks())

    def rebuild_summaries(self, build: SummaryBuild, workers: int = 1) -> None:
        """The build's schema statements; its clearing statements in a write transaction that first moves the data
        version on (the summaries are not current from then on, and analyses read the graph); then its statements in
        one write transaction (`queries.summaries`).

        With `workers` > 1 the build's groups run instead, in as many write transactions side by side (a new
        database's first build: `skillgraph ingest --initial`), and a last one records the version they stand for if
        no one wrote since they were cleared; if someone did, they are built again the one-transaction way.

        The old summaries are removed in a transaction of their own because reads inside a transaction that has
        deleted tens of thousands of nodes are slower (the desert summaries took half again as long to build after
        such a delete; docs/benchmarks.md, 2026-12-05)."""
        with self._reachable(), self._session() as session:
            for statement in build.schema:
                session.run(_q(statement)).consume()

        def clear(tx: ManagedTransaction, _: Mark) -> None:
            for statement in build.clear:
                tx.run(_q(statement)).consume()

        if workers > 1 and build.groups:
            if self._build_side_by_side(build.groups, workers, self._write_at(clear)[0]):
                return
        elif build.clear:
            self._write_at(clear)

        def work(tx: ManagedTransaction) -> None:
            # The version moved first (`_write`): writers wait for this transaction, so what it reads is what
            # the version it records stands for.
            for statement in build.statements:
                tx.run(_q(statement)).consume()
            tx.run(_RECORD_SUMMARY_VERSION).consume()

        self._write(work)

    def _build_side_by_side(self, groups: Sequence[Sequence[str]], workers: int, cleared: Mark) -> bool:
        """Each group of statements in a write transaction of its own, `workers` at a time; then, in a write
        transaction that moves the version on, record the version they stand for if it is the next after `cleared`
        (no one wrote in between). False if someone did: the summaries are not current."""
        def build_group(statements: Sequence[str]) -> None:
            def unit(tx: ManagedTransaction) -> None:
                for statement in statements:
                    tx.run(_q(statement)).consume()

            with self._session() as session:
                session.execute_write(unit)

        with self._reachable(), ThreadPoolExecutor(max_workers=workers) as pool:
            list(pool.map(build_group, groups))

        def record(tx: ManagedTransaction, mark: Mark) -> bool:
            if mark != (cleared[0], cleared[1] + 1):
                return False
            tx.run(_RECORD_SUMMARY_VERSION).consume()
            return True

        return self._write_at(record)[1]

    def summaries_current(self) -> bool:
        return self.summaries_token() is not None

    def summaries_token(self) -> str | None:
        # One auto-commit query, like `data_version`: an analysis asks before each read of summaries.
        with self._reachable(), self._session(neo4j.READ_ACCESS) as session:
            token: str | None = session.run(_SUMMARIES_TOKEN).single(strict=True)["token"]
            return token

    def clear(self) -> None:
        # Relationships first, in small transactions: a DETACH DELETE of a node with a hundred
        # thousand relationships (a popular occupation) would not fit one transaction's memory.
        with self._session() as session:
            session.run("MATCH ()-[r]->() CALL (r) { DELETE r } IN TRANSACTIONS OF 20000 ROWS").consume()
            session.run("MATCH (n) CALL (n) { DELETE n } IN TRANSACTIONS OF 20000 ROWS").consume()
            session.run(_BUMP_VERSION).consume()

    def flush(self) -> None:
        """Nothing to do: every managed transaction is durable once it returns."""

    def close(self) -> None:
        self.driver.close()

    def _session(self, access: str = neo4j.WRITE_ACCESS) -> neo4j.Session:
        """A session on the store's database that waits for this store's writes (its bookmarks) and for those the
        context reads after (`reading_after`: another process's); reads ask for `READ_ACCESS`, so that a cluster may
        route them to a secondary."""
        after = READ_AFTER.get()
        return self.driver.session(database=self.database, default_access_mode=access,
                                   bookmark_manager=self.bookmarks,
                                   bookmarks=neo4j.Bookmarks.from_raw_values(after) if after else None)

    @contextmanager
    def _reachable(self) -> Iterator[None]:
        """Neo4j out of reach inside this block is a StoreUnavailableError (the API answers 503); a bookmark to read
        after that Neo4j did not issue is a BookmarkError."""
        try:
            yield
        except (ServiceUnavailable, SessionExpired) as exc:
            raise StoreUnavailableError(f"Neo4j at {self.uri} is not reachable: {exc}") from exc
        except ClientError as exc:
            if exc.code == "Neo.ClientError.Transaction.InvalidBookmark":
                raise BookmarkError(f"a bookmark to read after is not one this Neo4j issued: {exc.message}") from exc
            raise
        except TransientError as exc:
            if exc.code == "Neo.TransientError.Transaction.BookmarkTimeout":
                raise StoreUnavailableError(f"Neo4j at {self.uri} has not caught up with a bookmark to read after "
                                            f"yet: {exc.message}") from exc
            raise

    def _read(self, work: Any) -> Any:
        with self._reachable(), self._session(neo4j.READ_ACCESS) as session:
            return session.execute_read(work)

    def _write(self, work: Callable[[ManagedTransaction], _T]) -> _T:
        """`work(tx)` in a write transaction that first moves the data version on (`_write_at`)."""
        return self._write_at(lambda tx, _: work(tx))[1]

    def _write_at(self, work: Callable[[ManagedTransaction, Mark], _T]) -> tuple[Mark, _T]:
        """`work(tx, mark)` in a write transaction that first moves the data version on; returns where the version
        was left (`mark`) and the work's result.

        The version moves first, so every write transaction of every SkillGraph process holds the version node's
        lock from its start to its commit: writes take turns, one transaction at a time (reads do not wait). A
        run's write can then tell from the mark whether anyone else has written since the run's last (`NewNodes`).
        """
        def unit(tx: ManagedTransaction) -> tuple[Mark, _T]:
            version = tx.run(_BUMP_VERSION).single(strict=True)
            mark = (version["epoch"], version["version"])
            return mark, work(tx, mark)

        with self._reachable(), self._session() as session:
            return session.execute_write(unit)

    def _write_run(self, work: Callable[[ManagedTransaction, Mark], _T], new: NewNodes | None) -> _T:
        """`_write_at` for a write of a run (`new`; or none), returning the work's result: the nodes it created
        (where `work` returns a set of ids) join `new`, which first forgets the earlier ones if anyone else has
        written since the run's last write."""
        mark, done = self._write_at(work)
        if new is not None:
            if not _follows(new, mark):
                new.forget()
            if isinstance(done, set):
                new.ids |= done
            new.mark = mark
        return done


RETIRED_LABEL = "Retired"
"""The records of retired nodes and relationships: bookkeeping outside the model, like DataVersion."""


def _follows(new: NewNodes, mark: Mark) -> bool:
    """Whether the write that left the version at `mark` is the next one after the run's last: no one else wrote."""
    return new.mark is not None and new.mark[0] == mark[0] and new.mark[1] + 1 == mark[1]


class _Part(NamedTuple):
    """Rows of one relationship batch as sent: the statements that merge and (for rows with a new endpoint) create
    them."""

    merge: LiteralString
    create: LiteralString | None
    rows: list[list[Any]]
    common: dict[str, Any]


def _rel_part(rel_type: str, rows: Sequence[RelRow], fresh: bool) -> _Part:
    common, varying = _columns([r["props"] for r in rows])
    payload = [[r["start"], r["end"], r.get("key", ""), *[r["props"].get(k) for k in varying]] for r in rows]
    return _Part(_rel_upsert_cypher(rel_type, common, varying),
                 _rel_upsert_cypher(rel_type, common, varying, create=True) if fresh else None, payload, common)


def _rows(result: neo4j.Result) -> list[dict[str, Any]]:
    """A library query's rows as dicts. Its columns are values, lists and maps, never nodes, so the
    record's values are taken as they are (`Record.data()` would walk every value: twice the time
    for a gap table of a few hundred rows)."""
    keys = result.keys()
    return [dict(zip(keys, record, strict=True)) for record in result]


def _batches(rows: Sequence[Any], size: int = BATCH_SIZE) -> Iterator[Sequence[Any]]:
    for i in range(0, len(rows), size):
        yield rows[i : i + size]
