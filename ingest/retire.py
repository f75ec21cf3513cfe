"""Retiring organisations by id (the admins' API), recorded as a load like any other."""

import datetime as dt
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from typing import Any

from graph_model.nodes import ORGANISATION_KINDS
from ingest.job import IngestReport, load_record, new_load_id, now, start_report
from queries import refresh_summaries
from store import GraphStore


@dataclass
class Retirement:
    """What a retirement did: its load id, the ids retired, and the ids it could not retire and why."""

    load: str | None = None
    """The load recorded (none when nothing was retired)."""
    retired: list[str] = field(default_factory=list)
    not_found: list[str] = field(default_factory=list)
    not_organisations: dict[str, str] = field(default_factory=dict)
    """id → its kind: only organisations are retired this way (other kinds: `--replace` their register)."""


def retire_organisations(
    store: GraphStore, ids: Sequence[str], *, closed_on: dt.date | None = None, reason: str | None = None,
    by: str = "cli",
) -> Retirement:
    """Retire these organisations (as a row with status closed would), rebuild the summaries and record the
    load; ids that are missing or not organisations are reported, not retired."""
    load = new_load_id()
    report = IngestReport(dry_run=False, started_at=now(), load=load)
    outcome = Retirement()
    kinds = store.kinds_of(ids)
    wanted = []
    for node_id in dict.fromkeys(ids):
        kind = kinds.get(node_id)
        if kind is None:
            outcome.not_found.append(node_id)
        elif kind not in ORGANISATION_KINDS:
            outcome.not_organisations[node_id] = kind
        else:
            wanted.append(node_id)
    props: dict[str, Any] = {"status": "closed", "retired_by_load": load}
    if closed_on is not None:
        props["closed_on"] = closed_on.isoformat()
    if reason:
        props["retired_because"] = reason
    if wanted:
        store.keep_state_before(load)
        store.retire_nodes([{"id": i, "props": props} for i in wanted])
        outcome.retired = wanted
        refresh_summaries(store)
        report.notes.append(f"{len(wanted)} organisation(s) retired by id" + (f": {reason}" if reason else ""))
        report.finished_at = now()
        store.record_load(load_record(report, by, {"retired": len(wanted)}))
        store.flush()
        outcome.load = load
    return outcome


def revert_load(
    store: GraphStore, load_id: str, *, by: str = "cli",
    publish_under: Callable[[], AbstractContextManager[Any]] = nullcontext,
) -> dict[str, Any]:
    """Bring the store back to its state before `load_id`, the last load (made visible inside `publish_under()`),
    and record the revert as a load of its own; LookupError if there is no such load, StoreError saying why
    where the store cannot revert it."""
    loads = store.loads()
    record = next((r for r in loads if r.get("id") == load_id), None)
    if record is None:
        by_revert = next((r["id"] for r in loads if r.get("reverts") == load_id), None)
        raise LookupError(f"load {load_id} was reverted by load {by_revert}" if by_revert
                          else f"no load with id {load_id!r}")
    store.revert_load(load_id, publish_under=publish_under)
    refresh_summaries(store)
    report = start_report(dry_run=False)
    counts = record.get("counts", {})
    report.notes.append(
        f"reverted load {load_id} ({record.get('by')}, {record.get('finished_at')}; "
        f"{len(record.get('files', []))} file(s); "
        + ", ".join(f"{k.replace('_', ' ')} {v:,}" for k, v in counts.items()) + "): the store is as before it")
    report.finished_at = now()
    revert = load_record(report, by, {}) | {"reverts": load_id}
    store.record_load(revert)
    store.flush()
    return revert
