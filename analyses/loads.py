"""The load history: every ingest run recorded with the data (`GraphStore.record_load`), newest first."""

from pydantic import BaseModel

from analyses.errors import NotFoundError
from analyses.page import MAX_PAGE, Page, check_page, page_fields
from store import GraphStore


class LoadFile(BaseModel):
    """One file of a load: its name, kind, `load_id` (the hash its nodes and relationships carry) and rows."""

    file: str
    kind: str | None
    load_id: str | None
    rows_read: int
    rows_loaded: int
    rows_rejected: int
    error: str | None


class LoadCounts(BaseModel):
    """What a load wrote: nodes new to the store and stored nodes whose data it changed (a row restating what a
    node holds changes nothing), relationships written, relationships removed (derived ones replaced, retired
    ones), rows rejected, organisations retired."""

    nodes_added: int = 0
    nodes_changed: int = 0
    relationships_written: int = 0
    relationships_removed: int = 0
    rows_rejected: int = 0
    retired: int = 0


class LoadRecord(BaseModel):
    """One load: when, by whom (`cli`, or the API key's name and role), its files and what it wrote."""

    id: str
    started_at: str
    finished_at: str
    by: str
    files: list[LoadFile]
    counts: LoadCounts
    notes: list[str] = []
    reverts: str | None = None
    """For a revert: the load it undid."""
    initial: bool = False
    """Made by an initial load (`skillgraph ingest --initial`): Neo4j's offline importer built the database."""
    steps: dict[str, float] = {}
    """For an initial load: the seconds each step took, in order (validate, write files, import, …)."""


def list_loads(store: GraphStore, *, limit: int = 100, offset: int = 0) -> Page[LoadRecord]:
    """The loads, newest first."""
    check_page(limit, offset, MAX_PAGE)
    records = [LoadRecord.model_validate(r) for r in reversed(store.loads())]
    return Page[LoadRecord](**page_fields(records, limit, offset))


def get_load(store: GraphStore, load_id: str) -> LoadRecord:
    for record in store.loads():
        if record.get("id") == load_id:
            return LoadRecord.model_validate(record)
    raise NotFoundError(f"no load with id {load_id!r}")
