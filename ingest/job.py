"""The ingest job: source files in, every good row loaded, every bad row reported with file, row, field, reason.

Re-running a job on the same files writes the same nodes, relationships and properties
(provenance included: `load_id` is a hash of the file's bytes, never a time), so a job killed
half-way is completed by running it again.
"""

import json
import logging
import os
import time
import uuid
from collections import Counter, deque
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import closing
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from typing import Any, NamedTuple

from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from graph_model.nodes import ORGANISATION_KINDS, RETIREMENT_FIELDS, Node, Organisation
from graph_model.reference import SPELLING_VARIANTS, Merger, merged_district
from graph_model.relationships import REL_KINDS
from ingest.columnar import CheckedRel, checked, takes, validate_rels
from ingest.columns import FILE_KINDS, KIND_ORDER, ColumnMap, is_node_kind, kind_for_file, map_columns, model_for
from ingest.readers import FORMATS, FileError, LimitError, Row, UnreadableRow, open_source
from ingest.reference import load_reference, reference_graph, retire_abolished_districts
from ingest.validate import RowError, shorten, validate_row
from queries import refresh_summaries, run
from store.base import GraphStore, NewNodes, labels_for, pair_matches

BATCH_SIZE = 5_000

KEPT_REJECTIONS = 1_000
"""Rejected rows a file's report lists in full; every rejection is still counted by field and reason."""

MERGER_ROWS_LISTED = 20
"""Rows a warning (an abolished district, a variant spelling, …) lists by number (all are counted)."""

REASON_GROUPS = 200
"""Distinct (field, reason) counts a file's report keeps; the rest are counted together."""

SPELLED_KINDS = ("DEMANDS", "TRAINS", "EVALUATES")
"""Relationship types whose rows may write a variant spelling of a skill level (`SPELLING_VARIANTS`)."""

PAUSE_ENV = "SKILLGRAPH_INGEST_TEST_PAUSE"
"""Seconds to sleep after each committed batch: lets the crash test kill a job half-way."""

log = logging.getLogger(__name__)


@dataclass
class FileReport:
    """What happened to one file: rows read, loaded and rejected, or why the whole file was refused."""

    file: str
    kind: str | None = None
    load_id: str | None = None
    rows_read: int = 0
    rows_loaded: int = 0
    rows_rejected: int = 0
    error: str | None = None
    warnings: list[str] = field(default_factory=list)
    rejections: list[RowError] = field(default_factory=list)
    """The first KEPT_REJECTIONS problems in full."""
    rejected_by: dict[str, int] = field(default_factory=dict)
    """How many problems of each field and reason (`"field: reason"`), all of them."""
    closed_unknown: list[int] = field(default_factory=list)
    """Rows closing an organisation the store does not hold (nothing to retire)."""

    @property
    def ok(self) -> bool:
        return self.error is None and self.rows_rejected == 0

    def reject(self, errors: list[RowError]) -> None:
        """One rejected row and its problems: counted by field and reason, listed in full up to a cap."""
        self.rows_rejected += 1
        for e in errors:
            key = f"{e.field or '(row)'}: {e.reason}"
            if key not in self.rejected_by and len(self.rejected_by) >= REASON_GROUPS:
                key = "(other reasons)"
            self.rejected_by[key] = self.rejected_by.get(key, 0) + 1
            if len(self.rejections) < KEPT_REJECTIONS:
                self.rejections.append(e)


@dataclass
class IngestReport:
    """The outcome of one job; the load time lives here, never in the graph."""

    dry_run: bool
    started_at: str
    finished_at: str = ""
    seconds: float = 0.0
    summaries_seconds: float = 0.0
    """Of `seconds`, the time the store took to rebuild its summaries at the end (Neo4j)."""
    files: list[FileReport] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    """What the run changed beyond the rows of its files (e.g. an abolished district's contents moved)."""
    load: str | None = None
    """The id of the load record (none for a dry run)."""

    @property
    def ok(self) -> bool:
        """Every file was read and every row loaded."""
        return all(f.ok for f in self.files)

    def summary(self) -> dict[str, int]:
        return {
            "files": len(self.files),
            "files_rejected": sum(f.error is not None for f in self.files),
            "rows_read": sum(f.rows_read for f in self.files),
            "rows_loaded": sum(f.rows_loaded for f in self.files),
            "rows_rejected": sum(f.rows_rejected for f in self.files),
        }

    def to_dict(self) -> dict[str, Any]:
        return {
            "dry_run": self.dry_run,
            "load": self.load,
            "started_at": self.started_at,
            "finished_at": self.finished_at,
            "seconds": round(self.seconds, 3),
            "summaries_seconds": round(self.summaries_seconds, 3),
            "summary": self.summary(),
            "files": [asdict(f) for f in self.files],
            "skipped": self.skipped,
            "notes": self.notes,
        }

    def write(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(self.to_dict(), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def run_ingest(
    paths: Sequence[Path],
    store: GraphStore,
    *,
    dry_run: bool = False,
    report_path: Path | None = None,
    progress: bool = True,
    batch_size: int = BATCH_SIZE,
    max_rows: int | None = None,
    by: str = "cli",
    replace: Collection[str] = (),
    summaries: bool = True,
) -> IngestReport:
    """Validate and load files and folders (searched recursively) into `store`.

    A load (not a dry run) is recorded with the data (`GraphStore.record_load`, `load_record`): its id, time,
    `by` (who ran it: `cli`, or the API key's name and role), its files with their hashes and what it wrote.

    `replace`: file kinds (`enterprise`, `demands`, …) whose files in this run are the complete register: what
    earlier loads brought of that kind and these files no longer list is retired (`retire_unlisted`) — unless
    a file of the kind had a problem, then nothing of it is retired and a note says why.

    `max_rows`: the most data rows a file may have (an upload's limit); a file with more is refused.
    The reference graph is loaded first; node files are loaded before relationship files. With
    `dry_run` nothing is written: rows are validated and the report says what would load. At the
    end the store's summaries are rebuilt from what was written (`queries.refresh_summaries`), unless `summaries` is
    false (the initial load builds them where the data goes, `app.initial`).
    """
    started = time.monotonic()
    report = start_report(dry_run=dry_run)
    replaced = check_replace(replace)
    if report.load is not None:
        store.keep_state_before(report.load)  # what `skillgraph loads revert` returns to, where the store can
    files, report.skipped = discover(paths)
    if not dry_run:
        store.apply_schema()
        load_reference(store)
        report.notes.extend(retire_abolished_districts(store))
    plan: list[tuple[Path, str]] = []
    for path in files:
        kind = kind_for_file(path)
        if not path.exists():
            report.files.append(FileReport(str(path), error="no such file or folder"))
        elif kind is None:
            report.files.append(FileReport(str(path), error=_unknown_kind(path)))
        else:
            plan.append((path, kind))
    plan.sort(key=lambda item: (KIND_ORDER.index(item[1]), str(item[0])))
    loader = _Loader(store, dry_run=dry_run, batch_size=batch_size, max_rows=max_rows, load=report.load)
    done: set[str] = set()  # the replaced kinds retired so far
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TextColumn("rows"),
               TimeElapsedColumn())
    with Progress(*columns, console=Console(stderr=True), disable=not progress) as bar, closing(loader.writes):
        for index, (path, kind) in enumerate(plan):
            file_report = FileReport(str(path), kind)
            report.files.append(file_report)
            try:
                loader.load_file(path, kind, file_report, bar)
            except FileError as exc:
                file_report.error = str(exc)
            except OSError as exc:
                file_report.error = f"cannot read the file: {exc.strerror or exc}"
            file_report.rejections.sort(key=lambda r: r.row)
            # A store that writes in the background goes on with a relationship file's last batches while the next
            # file's first are read (Neo4j would otherwise wait at every file). A node file's writes are waited for:
            # the next files' rows are checked against the store (the kinds of their endpoints, the credit codes
            # held), and its closing rows retire nodes.
            if is_node_kind(kind):
                loader.writes.drain()
            if not dry_run:
                store.flush()
            last_of_kind = index + 1 == len(plan) or plan[index + 1][1] != kind
            if last_of_kind and is_node_kind(kind) and (names := [n for n, k in replaced.items() if k == kind]):
                # Before the relationship files: a row naming a node the register no longer lists is rejected
                # saying so, as one naming a closed node is.
                report.notes.extend(retire_unlisted(store, report, {names[0]: kind}, loader.counts,
                                                    loader.accepted(), loader.closed))
                done.add(names[0])
        loader.writes.drain()
        if not dry_run:
            store.flush()
        if rest := {name: kind for name, kind in replaced.items() if name not in done}:
            report.notes.extend(retire_unlisted(store, report, rest, loader.counts, loader.accepted(), loader.closed))
        if summaries and not dry_run and store.keeps_summaries and not store.summaries_current():
            # What was written is in; the summaries are rebuilt from it.
            step = bar.add_task("summaries", total=1)
            t0 = time.monotonic()
            refresh_summaries(store)
            report.summaries_seconds = time.monotonic() - t0
            bar.update(step, completed=1)
    report.finished_at = now()
    report.seconds = time.monotonic() - started
    if not dry_run:
        store.record_load(load_record(report, by, loader.counts))
        store.flush()
    if report_path is not None:
        report.write(report_path)
    return report


NOT_REPLACEABLE = frozenset({"Cluster", "District", "Occupation", "SkillLevel", "Metric", "PART_OF", "LOCATED_IN",
                             "IN_CLUSTER"})
"""Kinds no register replaces: the packaged reference data (and its PART_OF), and what node columns derive."""


def replaceable_kinds() -> list[str]:
    """The file kinds a complete register may replace (`run_ingest(replace=…)`, `--replace`)."""
    return sorted(name for name, kind in FILE_KINDS.items() if kind not in NOT_REPLACEABLE)


def check_replace(kinds: Collection[str]) -> dict[str, str]:
    """File kinds that may be replaced as a whole (→ their node kind or relationship type); ValueError naming the
    choices for any other (`NOT_REPLACEABLE`)."""
    allowed = {name: FILE_KINDS[name] for name in replaceable_kinds()}
    unknown = sorted(set(kinds) - set(allowed))
    if unknown:
        raise ValueError(f"cannot replace {', '.join(map(repr, unknown))}: a complete register is one of "
                         f"{', '.join(sorted(allowed))}")
    return {name: allowed[name] for name in sorted(set(kinds))}


def retire_unlisted(
    store: GraphStore, report: IngestReport, replaced: Mapping[str, str], counts: Counter[str],
    accepted: Mapping[str, str], closed: dict[str, str],
) -> list[str]:
    """Retire what earlier loads brought of each replaced kind and this run's files of it no longer list (their
    nodes and relationships carry another file's `load_id`; `accepted`: the kind of each node id the run
    accepted); one note per kind saying what was done, or why not. Nodes first: a retired node's record keeps
    its relationships. `closed` gets each node id retired (in a dry run: that would be) with why, for the rows
    read after it."""
    notes: list[str] = []
    for name, kind in sorted(replaced.items(), key=lambda item: KIND_ORDER.index(item[1])):
        files = [f for f in report.files if f.kind == kind]
        if not files:
            notes.append(f"--replace {name}: no {name} file in this load, so nothing of it was retired")
            continue
        troubled = [Path(f.file).name for f in files if not f.ok]
        if troubled:
            notes.append(f"--replace {name}: not applied, because {', '.join(troubled)} had rejected rows or "
                         "could not be read — a register with holes would retire what it failed to load; "
                         "fix the file and load it again")
            continue
        load_ids = sorted({f.load_id for f in files if f.load_id})
        # Not the nodes this run accepted, whatever the store answers: a dry run wrote nothing, and a staged
        # load's reads see the state before it (`GraphStore.staged_writes`).
        ids = [r["id"] for r in run(store, "unlisted_ids", {"kind": kind, "load_ids": load_ids})
               if accepted.get(r["id"]) != kind] if is_node_kind(kind) else []
        # rows that closed a node retire it themselves (in a dry run the store still holds it)
        ids = [i for i in ids if i not in closed]
        closed.update(dict.fromkeys(ids, f"it is not listed in this load's {name} register, --replace {name}"))
        if report.dry_run:
            notes.append(f"--replace {name}: a load would retire "
                         + (f"{len(ids):,} {kind} node(s)" if is_node_kind(kind) else f"the {kind} relationships")
                         + " that these files no longer list")
            continue
        retirement = {"status": "closed", "retired_by_load": report.load, "retired_because": f"--replace {name}"}
        if is_node_kind(kind):
            retired = store.retire_nodes([{"id": i, "props": retirement} for i in ids])
            counts["retired"] += retired
            notes.append(f"--replace {name}: {retired:,} {kind} node(s) no longer listed were retired")
        else:
            retired = store.retire_relationships(kind, load_ids, retirement)
            counts["relationships_removed"] += retired
            notes.append(f"--replace {name}: {retired:,} {kind} relationship(s) no longer listed were retired")
        store.flush()
    return notes


def load_record(report: IngestReport, by: str, counts: Mapping[str, int]) -> dict[str, Any]:
    """What a load's record keeps: when, by whom, which files (name, kind, hash, rows) and what it wrote."""
    return {
        "id": report.load,
        "started_at": report.started_at,
        "finished_at": report.finished_at,
        "by": by,
        "files": [{"file": Path(f.file).name, "kind": f.kind, "load_id": f.load_id, "rows_read": f.rows_read,
                   "rows_loaded": f.rows_loaded, "rows_rejected": f.rows_rejected, "error": f.error}
                  for f in report.files],
        "counts": {key: int(counts.get(key, 0)) for key in LOAD_COUNTS} | {
            "rows_rejected": report.summary()["rows_rejected"]},
        "notes": list(report.notes),
    }


LOAD_COUNTS = ("nodes_added", "nodes_changed", "relationships_written", "relationships_removed", "retired")


def check_limits(path: Path, max_rows: int) -> None:
    """LimitError if a file is beyond a limit of one upload (columns, workbook size, rows), found without
    reading its rows: the header, the workbook's parts, the file's line count or the sheet's dimension."""
    with open_source(path) as source:
        rows = source.most_data_rows
    if rows > max_rows:
        raise LimitError(too_many_rows(rows, max_rows))


def too_many_rows(rows: int, most: int, at_least: bool = False) -> str:
    return (f"the file has {'more than ' if at_least else ''}{rows:,} data rows; at most {most:,} are accepted in "
            "one upload (limit SKILLGRAPH_MAX_UPLOAD_ROWS): load bigger files with `skillgraph ingest`")


def discover(paths: Iterable[Path]) -> tuple[list[Path], list[str]]:
    """The files to read (folders searched recursively, each file once) and the folder entries skipped."""
    files: list[Path] = []
    skipped: list[str] = []
    seen: set[Path] = set()

    def add(path: Path) -> None:
        key = path.resolve()
        if key not in seen:
            seen.add(key)
            files.append(path)

    for path in paths:
        if not path.is_dir():
            add(path)
            continue
        for child in sorted(path.rglob("*")):
            relative = child.relative_to(path).parts
            # Hidden files and Office's "~$name.xlsx" lock files are never data.
            if not child.is_file() or any(p.startswith(".") for p in relative) or child.name.startswith("~$"):
                continue
            if child.suffix.lower() in FORMATS:
                add(child)
            else:
                skipped.append(f"{child}: not a .csv, .xlsx or .jsonl file")
    return files, skipped


def _unknown_kind(path: Path) -> str:
    return (
        f"the file name {path.name!r} does not say what the file holds: it must start with one of "
        f"{', '.join(FILE_KINDS)} (e.g. enterprise-2025.csv)"
    )


def _listed(numbers: Sequence[int]) -> str:
    """Row numbers for a warning: the first `MERGER_ROWS_LISTED`, then an ellipsis."""
    return ", ".join(str(n) for n in numbers[:MERGER_ROWS_LISTED]) + (" …" if len(numbers) > MERGER_ROWS_LISTED
                                                                      else "")


def now() -> str:
    """The time of day as reports and load records give it (UTC, to the second)."""
    return datetime.now(UTC).isoformat(timespec="seconds")


def new_load_id() -> str:
    """The id a load is recorded under (`GraphStore.record_load`)."""
    return uuid.uuid4().hex[:12]


def start_report(*, dry_run: bool) -> IngestReport:
    """A run's report, started now; a load (not a dry run) gets its id."""
    return IngestReport(dry_run=dry_run, started_at=now(), load=None if dry_run else new_load_id())


PLACED_BY = {"LOCATED_IN": "district", "IN_CLUSTER": "cluster_ids"}
"""The relationships a node's own column stands for: a `located_in` or `in_cluster` row may only restate it (a node
sits in one district, and a firm's clusters are the ones its file lists)."""


@dataclass(frozen=True)
class _Seen:
    """A node accepted earlier in this run: its kind, data and where it came from."""

    kind: str
    props: dict[str, Any]
    where: str


class _SeenRel(NamedTuple):
    """A relationship accepted earlier in this run, kept small: a run may hold millions of them."""

    props: int
    """Digest of the properties."""
    file: int
    """Index into `_Loader.file_names`."""
    row: int
    derived: bool


class _Loader:
    """The state of one run: what was accepted so far, to tell duplicates and dangling references."""

    def __init__(
        self, store: GraphStore, *, dry_run: bool, batch_size: int, max_rows: int | None = None,
        load: str | None = None,
    ) -> None:
        self.store = store
        self.load = load
        self.max_rows = max_rows
        self.writes = _Writes(store)
        self.new = NewNodes()
        """The nodes this run has created: the rows of relationships to them are known to be new to the store (each
        relationship is written once: `rels`)."""
        self.dry_run = dry_run
        self.batch_size = batch_size
        self.pause = float(os.environ.get(PAUSE_ENV) or 0)
        # Reference ids are known without asking the store, so a dry run on an empty store
        # still finds the occupations and districts that rows point at.
        self.reference = {n.id: label for label, nodes in reference_graph().nodes.items() for n in nodes}
        self.nodes: dict[str, _Seen] = {}
        self.usccs: dict[str, tuple[str, str]] = {}
        """Credit codes accepted in this run: code → (node id, where)."""
        self.store_has_data = any(n for kind, n in store.counts().nodes.items() if kind in ORGANISATION_KINDS)
        self.rels: dict[tuple[str, str, str, str], _SeenRel] = {}
        self.file_names: list[str] = []
        self.rejected_ids: dict[str, str] = {}
        self.counts: Counter[str] = Counter()
        """What the run wrote: nodes added and changed, relationships written and removed, nodes retired."""
        self.closed: dict[str, str] = {}
        """Ids closed (retired) in this run → why ("it is closed in enterprise.csv row 3"); in a dry run, those a load
        would retire. The store's answers about them are not asked: in a dry run it still holds them."""
        self.retired_before: dict[str, str | None] = {}
        """Ids missing from the store → why an earlier load retired them (None: it did not)."""
        self.placed: dict[tuple[str, str], tuple[Any, str]] = {}
        """(id, `district` or `cluster_ids`) → the value a node file of this run gave it (None: empty), and where."""

    def load_file(self, path: Path, kind: str, report: FileReport, bar: Progress) -> None:
        model = model_for(kind)
        with open_source(path) as source:
            report.load_id = source.load_id
            # Refused before a row is read where the file says how many it has; the loop below still stops past
            # the limit.
            if self.max_rows is not None and source.most_data_rows > self.max_rows:
                raise LimitError(too_many_rows(source.most_data_rows, self.max_rows))
            columns = map_columns(kind, source.header) if source.header is not None else None
            if columns is not None:
                report.warnings.extend(columns.warnings())
            by_keys: dict[frozenset[str], ColumnMap] = {}
            carried: dict[int, frozenset[str]] = {}  # by the id of a column map, each made once per file
            mergers: dict[Merger, list[int]] = {}  # rows naming an abolished district
            variants: dict[str, list[int]] = {}  # rows writing a known variant spelling of a skill level
            spelled = kind in SPELLED_KINDS
            task = bar.add_task(path.name, total=source.expected_rows)
            self.file_names.append(path.name)
            batch = _Batch(path, kind, source.load_id, report, len(self.file_names) - 1)
            # A file with one header, of a relationship type whose rules sit in its fields, is validated a batch
            # at a time, column by column (`ingest.columnar`); rows wait here in their order until then.
            by_column = columns is not None and not is_node_kind(kind) and takes(REL_KINDS[kind])
            waiting: list[tuple[int, Row | UnreadableRow]] = []
            try:
                for number, row in source.rows:
                    report.rows_read += 1
                    if self.max_rows is not None and report.rows_read > self.max_rows:
                        report.rows_read -= 1
                        raise LimitError(too_many_rows(self.max_rows, self.max_rows, at_least=True))
                    if report.rows_read % 500 == 0:
                        bar.update(task, completed=report.rows_read)
                    if by_column:
                        waiting.append((number, row))
                        if len(waiting) >= self.batch_size:
                            self._validate_waiting(batch, waiting, columns, variants)
                        continue
                    if isinstance(row, UnreadableRow):
                        batch.reject(number, [("", row.reason, row.text)])
                        continue
                    try:
                        row_columns = columns or self._columns_for_keys(kind, row, by_keys, report)
                    except FileError as exc:
                        # Only a JSON line can get here (its own keys clash): the line, not the file, is bad.
                        batch.reject(number, [("", str(exc), json.dumps(row, ensure_ascii=False))])
                        continue
                    result = validate_row(model, row, row_columns, file=str(path), row_number=number)
                    if isinstance(result, list):
                        report.reject(result)
                        self._remember_rejected(row, row_columns, path, number)
                        continue
                    batch.rows.append((number, result) if isinstance(result, Node) else checked(number, result))
                    if is_node_kind(kind):
                        batch.carried[number] = carried.get(id(row_columns)) or carried.setdefault(
                            id(row_columns), frozenset(row_columns.fields.values()) - RETIREMENT_FIELDS)
                        if "district" in batch.carried[number]:
                            self._note_merger(row, row_columns, number, mergers)
                    elif spelled:
                        self._note_variants([(number, row)], variants)
                    if len(batch.rows) >= self.batch_size:
                        self._commit(batch)
            except (FileError, OSError):
                # Good rows read before a file-level problem (e.g. an unparsable CSV row) still load.
                self._validate_waiting(batch, waiting, columns, variants)
                self._commit(batch)
                raise
            finally:
                bar.update(task, completed=report.rows_read, total=report.rows_read)
            self._validate_waiting(batch, waiting, columns, variants)
            self._commit(batch)
        if batch.repeats:
            report.warnings.append(f"{batch.repeats} row(s) repeat an earlier row exactly; each was loaded once")
        if report.closed_unknown:
            report.warnings.append(f"{len(report.closed_unknown)} row(s) close an organisation the store does not "
                                   f"hold: nothing to retire (rows {_listed(report.closed_unknown)})")
        for merger, numbers in mergers.items():
            report.warnings.append(
                f"{len(numbers)} row(s) name {merger.old_name_zh} ({merger.old_id}), abolished on {merger.on} and "
                f"merged into {merger.new_name_zh}: stored as {merger.new_id} (rows {_listed(numbers)})")
        for variant, numbers in variants.items():
            report.warnings.append(
                f"{len(numbers)} row(s) write {variant}, a spelling of the policy text: read as "
                f"{SPELLING_VARIANTS[variant]} (rows {_listed(numbers)})")

    def _validate_waiting(
        self, batch: "_Batch", waiting: list[tuple[int, Row | UnreadableRow]], columns: ColumnMap | None,
        variants: dict[str, list[int]],
    ) -> None:
        """Validate the waiting rows of a relationship file column by column, then commit them."""
        if not waiting:
            return
        assert columns is not None
        readable = [(number, row) for number, row in waiting if not isinstance(row, UnreadableRow)]
        results = iter(validate_rels(REL_KINDS[batch.kind], readable, columns, file=str(batch.path)))
        for number, row in waiting:
            if isinstance(row, UnreadableRow):
                batch.reject(number, [("", row.reason, row.text)])
                continue
            result = next(results)
            if isinstance(result, list):
                batch.report.reject(result)
            else:
                batch.rows.append(result)
        if batch.kind in SPELLED_KINDS:
            self._note_variants(readable, variants)
        waiting.clear()
        self._commit(batch)

    @staticmethod
    def _note_variants(rows: Sequence[tuple[int, Row]], variants: dict[str, list[int]]) -> None:
        """Remember the rows that write a known variant spelling (read as the standard one), to report them; each
        column's distinct cells are read once."""
        found: dict[str, set[int]] = {}
        for header in dict.fromkeys(key for _, row in rows for key in row):
            cells = [row.get(header) for _, row in rows]
            for variant in SPELLING_VARIANTS:
                holding = {cell for cell in set(cells) if isinstance(cell, str) and variant in cell}
                if holding:
                    found.setdefault(variant, set()).update(
                        number for (number, _), cell in zip(rows, cells, strict=True) if cell in holding)
        for variant, numbers in found.items():  # in row order, each row once
            variants.setdefault(variant, []).extend(sorted(numbers))

    @staticmethod
    def _note_merger(row: Mapping[str, Any], columns: ColumnMap, number: int,
                     mergers: dict[Merger, list[int]]) -> None:
        """Remember a row whose district is an abolished one (stored as its successor), to report it."""
        header = next((h for h, f in columns.fields.items() if f == "district"), None)
        merger = merged_district(row.get(header)) if header is not None and row.get(header) else None
        if merger is not None:
            mergers.setdefault(merger, []).append(number)

    def _columns_for_keys(
        self, kind: str, row: Mapping[str, Any], cache: dict[frozenset[str], ColumnMap], report: FileReport
    ) -> ColumnMap:
        """JSON Lines rows carry their own keys; map each distinct key set once, warn once per key."""
        keys = frozenset(row)
        if keys not in cache:
            cache[keys] = map_columns(kind, sorted(keys), require=False)
            for warning in cache[keys].warnings():
                if warning not in report.warnings:
                    report.warnings.append(warning)
        return cache[keys]

    def _remember_rejected(self, row: Mapping[str, Any], columns: ColumnMap, path: Path, number: int) -> None:
        """Remember a rejected node's id, so a relationship to it can say why the node is missing."""
        if not is_node_kind(columns.kind):
            return
        header = next((h for h, f in columns.fields.items() if f == "id"), None)
        node_id = str(row.get(header, "")).strip() if header else ""
        if node_id and node_id not in self.nodes:
            self.rejected_ids.setdefault(node_id, f"{path.name} row {number}")

    def _commit(self, batch: "_Batch") -> None:
        if not batch.rows:
            return
        first, last = batch.rows[0][0], batch.rows[-1][0]
        if is_node_kind(batch.kind):
            self._commit_nodes(batch)
        else:
            self._commit_relationships(batch)
        batch.rows = []
        log.info("%s: rows %d–%d committed", batch.path.name, first, last)
        if self.pause:
            time.sleep(self.pause)

    def _stored_properties(self, ids: list[str]) -> dict[str, dict[str, Any]]:
        """What these stored nodes hold now (one read per batch)."""
        if not ids:
            return {}
        return {r["id"]: r["properties"] for r in run(self.store, "stored_properties", {"ids": sorted(set(ids))})}

    def _uscc_holders(self, batch: "_Batch") -> dict[str, tuple[str, str]]:
        """Who in the store holds the credit codes of this batch not seen in this run: code → (id, "in the store")."""
        codes = sorted({c for _, n in batch.rows if (c := getattr(n, "uscc", None)) and c not in self.usccs})
        if not codes or not self.store_has_data:
            return {}
        held: dict[str, tuple[str, str]] = {}
        for r in run(self.store, "uscc_holders", {"codes": codes}):
            held.setdefault(r["uscc"], (r["id"], "in the store"))
        return held

    def _kinds(self, ids: set[str]) -> dict[str, str]:
        """Kinds of ids not accepted in this run nor in the reference graph, from the store."""
        unknown = sorted(i for i in ids if i not in self.nodes and i not in self.reference and i not in self.closed)
        return self.store.kinds_of(unknown) if unknown else {}

    def accepted(self) -> dict[str, str]:
        """The kind of each node id this run accepted (and did not close)."""
        return {node_id: seen.kind for node_id, seen in self.nodes.items()}

    def _commit_nodes(self, batch: "_Batch") -> None:
        label = batch.kind
        stored = self._kinds({node.id for _, node in batch.rows if isinstance(node, Node)})
        nodes: list[dict[str, Any]] = []
        derived: dict[str, list[dict[str, Any]]] = {"LOCATED_IN": [], "IN_CLUSTER": []}
        prunes: dict[str, dict[str, set[str]]] = {"LOCATED_IN": {}, "IN_CLUSTER": {}}
        holders = self._uscc_holders(batch)
        holding = self._stored_properties([node.id for _, node in batch.rows if node.id in stored])
        retire: list[dict[str, Any]] = []
        for number, node in batch.rows:
            assert isinstance(node, Node)
            where = f"{batch.path.name} row {number}"
            # A row is the truth for the fields its file carries: each is stored as the row gives it (an empty
            # cell: the field's default, or no value at all where it has none); other fields keep theirs.
            carried = batch.carried.pop(number)
            full = node.properties()
            props = {k: v for k, v in full.items() if k in carried or k == "id"}
            clear = sorted(k for k in carried if k not in full)
            seen = self.nodes.get(node.id)
            other = seen.kind if seen is not None else self.reference.get(node.id) or stored.get(node.id)
            if other is not None and other != label:
                at = f" ({seen.where})" if seen is not None else " in the store"
                batch.reject(number, [("id", f"id {node.id!r} already belongs to a {other}{at}; "
                                             "an id names one node of one kind", node.id)])
                continue
            if isinstance(node, Organisation) and node.closed:
                # The row says the organisation is gone: it is retired, not written (its record keeps the row) —
                # also when an earlier row of this run gave it (that row's write is queued before the retirement).
                self.closed[node.id] = f"it is closed in {where}"
                if seen is not None:
                    del self.nodes[node.id]
                    held = seen.props.get("uscc")
                    if held is not None and self.usccs.get(held, ("",))[0] == node.id:
                        del self.usccs[held]
                if seen is not None or node.id in stored:
                    retire.append({"id": node.id, "props": {**node.retirement(), "retired_by_load": self.load,
                                                            **batch.provenance(number)}})
                else:
                    batch.report.closed_unknown.append(number)
                batch.report.rows_loaded += 1
                continue
            if seen is not None:
                if seen.props == props:
                    batch.accept_repeat()
                else:
                    reason = (f"id {node.id!r} was already given in {seen.where} with different data "
                              f"({_difference(seen.props, props)}); the earlier row is kept")
                    batch.reject(number, [("id", reason, node.id)])
                continue
            code = props.get("uscc")
            if code is not None:
                held = self.usccs.get(code) or holders.get(code)
                if held is not None and held[0] != node.id:
                    batch.reject(number, [("uscc", f"credit code {code} is already held by {held[0]!r} ({held[1]}); "
                                                   f"one legal entity is one node: give {node.id!r} that id, or "
                                                   "correct the code", code)])
                    continue
                self.usccs[code] = (node.id, where)
            self.nodes[node.id] = _Seen(label, props, where)
            if node.id not in stored:
                self.counts["nodes_added"] += 1
            elif _changes(holding.get(node.id, {}), props, clear):
                self.counts["nodes_changed"] += 1
            row: dict[str, Any] = {"id": node.id, "props": {**props, **batch.provenance(number)}}
            if clear:
                row["clear"] = clear
            nodes.append(row)
            # Relationships derived from a column are replaced: a firm that moved sits in its new district only
            # (a node new to the store has none to replace).
            for column in PLACED_BY.values():
                if column in carried:
                    self.placed[node.id, column] = (props.get(column), where)
            if node.id in stored and "district" in carried:
                prunes["LOCATED_IN"][node.id] = {props["district"]} if props.get("district") else set()
            if node.id in stored and "cluster_ids" in carried:
                prunes["IN_CLUSTER"][node.id] = set(props.get("cluster_ids", []))
            targets = [("LOCATED_IN", props["district"])] if props.get("district") else []
            targets += [("IN_CLUSTER", c) for c in props.get("cluster_ids", [])]
            for rel_type, end in targets:
                key = (rel_type, node.id, end, "")
                if key not in self.rels:
                    self.rels[key] = _SeenRel(_NO_PROPS, batch.file_index, number, derived=True)
                    derived[rel_type].append({"start": node.id, "end": end, "key": "",
                                              "props": batch.provenance(number)})
            batch.report.rows_loaded += 1
        if self.dry_run:
            return
        self.counts["relationships_written"] += sum(len(rows) for rows in derived.values())
        self.writes.submit(_write_nodes, label, nodes, derived, prunes, retire, self.new, then=self.counts.update)

    def _commit_relationships(self, batch: "_Batch") -> None:
        rel_type = batch.kind
        checked_rows: list[CheckedRel] = batch.rows  # a relationship file's
        ids = {i for r in checked_rows for i in (r.start, r.end)}
        stored = self._kinds(ids)
        # Each distinct endpoint's kind once per batch: accepted in this run, in the reference graph, or stored.
        accepted, reference = self.nodes, self.reference
        kind_of = {i: known.kind if (known := accepted.get(i)) is not None else reference.get(i) or stored.get(i)
                   for i in ids}
        rows: list[dict[str, Any]] = []
        stated = self._stated(rel_type, checked_rows, kind_of) if rel_type in PLACED_BY else {}
        self._look_up_retired([i for i, kind in kind_of.items() if kind is None])
        # Per row, in the loop below: dict lookups only (a city-scale run meets this loop a million times).
        rels = self.rels
        allowed: dict[tuple[str | None, str | None], bool] = {}
        for number, start, end, rel_key, props in checked_rows:
            start_kind, end_kind = kind_of[start], kind_of[end]
            ok = allowed.get((start_kind, end_kind))
            if ok is None:
                if start_kind is None or end_kind is None:
                    batch.reject(number, [
                        (side, f"{side} node {node_id!r} does not exist{self._why_missing(node_id)}", node_id)
                        for side, node_id, kind in (("start", start, start_kind), ("end", end, end_kind))
                        if kind is None
                    ])
                    continue
                ok = allowed[start_kind, end_kind] = _pair_allowed(rel_type, start_kind, end_kind)
            if not ok:
                assert start_kind is not None and end_kind is not None
                side, node_id = _wrong_side(rel_type, start_kind, start, end)
                batch.reject(number, [(side, _pair_sentence(rel_type, start_kind, end_kind), node_id)])
                continue
            if start in stated and (problem := _not_restated(rel_type, start, end, *stated[start])):
                batch.reject(number, [("end", problem, end)])
                continue
            key = (rel_type, start, end, rel_key)
            props_digest = _digest(props)
            seen = rels.get(key)
            if seen is not None:
                if seen.props == props_digest:
                    # Restating a relationship already derived from a `district` or `cluster_ids`
                    # column is normal, not a repeated row.
                    batch.accept_repeat(counted=not seen.derived)
                else:
                    which = f" ({rel_key})" if rel_key else ""
                    reason = (f"this {rel_type} from {start!r} to {end!r}{which} was already given in "
                              f"{self.file_names[seen.file]} row {seen.row} with different data; "
                              "the earlier row is kept")
                    batch.reject(number, [("start", reason, start)])
                continue
            rels[key] = _SeenRel(props_digest, batch.file_index, number, False)
            # `props` is this row's own dict (only its digest is kept), so provenance goes straight in.
            props["source_file"], props["source_row"], props["load_id"] = batch.source_file, number, batch.load_id
            rows.append({"start": start, "end": end, "key": rel_key, "props": props})
        batch.report.rows_loaded += len(rows)
        if self.dry_run or not rows:
            return
        def check(written: int, report: FileReport = batch.report, sent: int = len(rows)) -> None:
            if written != sent:
                report.warnings.append(
                    f"{sent - written} relationship(s) were not written: an endpoint disappeared during the load"
                )

        self.counts["relationships_written"] += len(rows)
        # Put in the store's form here, so that the writer thread only writes.
        self.writes.submit(_write_prepared, self.store.prepare_relationships(rel_type, rows, self.new), then=check)

    def _stated(self, rel_type: str, rows: Sequence[CheckedRel],
                kind_of: Mapping[str, str | None]) -> dict[str, tuple[Any, str]]:
        """For the start nodes of these LOCATED_IN or IN_CLUSTER rows that have the column the relationship stands
        for: its value (given in this run, else stored) and where it was given."""
        column = PLACED_BY[rel_type]
        starts = {r.start for r in rows if (kind := kind_of.get(r.start)) is not None
                  and column in model_for(kind).model_fields}
        found = {i: self.placed[i, column] for i in starts if (i, column) in self.placed}
        for node_id, stored in self._stored_properties(sorted(starts - found.keys())).items():
            found[node_id] = (stored.get(column), "in the store")
        return found

    def _look_up_retired(self, missing: list[str]) -> None:
        """Why an earlier load retired each of these ids, if one did (asked once per id and run)."""
        ask = [i for i in missing
               if i not in self.retired_before and i not in self.closed and i not in self.rejected_ids]
        if not ask:
            return
        self.retired_before.update(dict.fromkeys(ask))
        for record in self.store.retired(ask):  # oldest first: the last retirement of an id says why it is gone
            props = record.get("props", {})
            because = props.get("retired_because") or (
                f"closed in {props['source_file']} row {props['source_row']}" if props.get("source_file") else "")
            self.retired_before[record["id"]] = (f"it was retired by load {props.get('retired_by_load') or '?'}"
                                                 + (f": {because}" if because else ""))

    def _why_missing(self, node_id: str) -> str:
        if node_id in self.closed:
            return f" ({self.closed[node_id]}: retired)"
        if node_id in self.rejected_ids:
            return f": its row was rejected ({self.rejected_ids[node_id]})"
        if (why := self.retired_before.get(node_id)) is not None:
            return f" ({why})"
        return ": no node has this id, in the store or in this run's files"


PROVENANCE = frozenset({"source_file", "source_row", "load_id"})
"""Where a node's data came from: written with it, but no change of its data."""


def _changes(stored: Mapping[str, Any], props: Mapping[str, Any], clear: Collection[str]) -> bool:
    """Whether a row changes a stored node's data: a field it gives differently, or a stored one it clears."""
    return (any(stored.get(k) != v for k, v in props.items() if k not in PROVENANCE)
            or any(k in stored for k in clear))


def _not_restated(rel_type: str, start: str, end: str, value: Any, where: str) -> str | None:
    """Why a LOCATED_IN or IN_CLUSTER row does not restate what its start node's own column gives it, if it does not."""
    if rel_type == "LOCATED_IN":
        if value == end:
            return None
        if value is None:
            return (f"{start!r} has no district (its district, {where}: none): a located_in row may only restate it; "
                    f"to place {start!r}, give the district column of its own file")
        return (f"{start!r} sits in {value!r} (its district, {where}): each sits in one district, so a located_in "
                f"row may only restate it; to move {start!r}, change the district column of its own file")
    if end in (value or ()):
        return None
    return (f"{start!r} lists no cluster {end!r} (its cluster_ids, {where}: {', '.join(value or ()) or 'none'}): "
            f"an in_cluster row may only restate them; to add one, change the cluster_ids column of its own file")


def _write_nodes(
    store: GraphStore, label: str, nodes: list[dict[str, Any]], derived: dict[str, list[dict[str, Any]]],
    prunes: dict[str, dict[str, set[str]]], retire: list[dict[str, Any]], new: NewNodes,
) -> dict[str, int]:
    """One batch of nodes, then the relationships derived from them (which need the nodes), replacing those
    derived before from the same columns, then the retirements of closed rows; returns how many relationships
    were removed as replaced and how many nodes retired."""
    if nodes:
        store.upsert_nodes(label, nodes, new)
    removed = 0
    for rel_type, keep in prunes.items():
        if keep:
            removed += store.prune_relationships(rel_type, keep, new)
    for rel_type, rows in derived.items():
        if rows:
            store.upsert_relationships(rel_type, rows, new)
    retired = store.retire_nodes(retire, new) if retire else 0
    return {"relationships_removed": removed, "retired": retired}


def _write_prepared(store: GraphStore, write: Callable[[], int]) -> int:
    """A write prepared by `store` (e.g. `GraphStore.prepare_relationships`)."""
    return write()


class _Writes:
    """The run's store writes, in order; on a background thread when the store waits on I/O.

    Validating the next batch in Python then overlaps with the database applying the last one.
    One writer keeps the order (nodes before the relationships that need them), and at most
    `in_flight` batches wait, which bounds memory.
    """

    def __init__(self, store: GraphStore, *, in_flight: int = 2) -> None:
        self.store = store
        self.pool: ThreadPoolExecutor | None = None
        if getattr(store, "background_writes", False):
            # One thread only: concurrent batches that MERGE relationships on the same dense nodes
            # (popular occupations, districts) deadlock in Neo4j and get retried (measured: slower).
            self.pool = ThreadPoolExecutor(1, "ingest-writer")
        self.in_flight = in_flight
        self.pending: deque[tuple[Future[Any], Callable[[Any], None] | None]] = deque()

    def submit(self, write: Callable[..., Any], *args: Any, then: Callable[[Any], None] | None = None) -> None:
        """Run `write(store, *args)`, then `then(result)` in this thread, in submission order."""
        if self.pool is None:
            result = write(self.store, *args)
            if then is not None:
                then(result)
            return
        future = self.pool.submit(write, self.store, *args)
        self.pending.append((future, then))
        while len(self.pending) > self.in_flight:
            self._settle()

    def drain(self) -> None:
        """Wait for every write so far; re-raise the first failure."""
        while self.pending:
            self._settle()

    def close(self) -> None:
        try:
            self.drain()
        finally:
            if self.pool is not None:
                for future, _ in self.pending:
                    future.cancel()
                self.pool.shutdown(wait=True)

    def _settle(self) -> None:
        future, then = self.pending.popleft()
        result = future.result()
        if then is not None:
            then(result)


@dataclass
class _Batch:
    """Validated rows of one file waiting to be written together."""

    path: Path
    kind: str
    load_id: str
    report: FileReport
    file_index: int
    rows: list[Any] = field(default_factory=list)
    """A node file's (row number, node); a relationship file's `CheckedRel`s."""
    repeats: int = 0
    source_file: str = field(init=False)
    carried: dict[int, frozenset[str]] = field(default_factory=dict)
    """The fields each row's file (or, in JSON Lines, the row itself) carries, by row number."""

    def __post_init__(self) -> None:
        self.source_file = self.path.name  # read once: `Path.name` is not free on every row

    def provenance(self, row: int) -> dict[str, Any]:
        return {"source_file": self.source_file, "source_row": row, "load_id": self.load_id}

    def reject(self, row: int, problems: Iterable[tuple[str, str, Any]]) -> None:
        """Reject one row for one or more (field, reason, value) problems."""
        self.report.reject([RowError(str(self.path), row, f, reason, shorten(v)) for f, reason, v in problems])

    def accept_repeat(self, *, counted: bool = True) -> None:
        self.repeats += counted
        self.report.rows_loaded += 1


def _digest(props: Mapping[str, Any]) -> int:
    """A hash of a relationship's properties: an int is far smaller than the properties themselves.

    It only tells a repeated row from a conflicting one within a run; a 64-bit collision would
    at worst let a conflicting duplicate pass as a repeat (odds ~1e-19 per pair).
    """
    try:
        # A model's properties come in its field order, so the usual row (no list values) needs no sorting.
        return hash(tuple(props.items()))
    except TypeError:  # a list value
        return hash(tuple(sorted((k, tuple(v) if isinstance(v, list) else v) for k, v in props.items())))


_NO_PROPS = _digest({})


def _difference(before: Mapping[str, Any], after: Mapping[str, Any]) -> str:
    changed = [k for k in sorted(set(before) | set(after)) if before.get(k) != after.get(k)]
    parts = [f"{k}: {shorten(before.get(k))!r} there, {shorten(after.get(k))!r} here" for k in changed[:3]]
    return "; ".join(parts) + ("; …" if len(changed) > 3 else "")


@cache
def _pair_allowed(rel_type: str, start_kind: str, end_kind: str) -> bool:
    return pair_matches(rel_type, labels_for(start_kind), labels_for(end_kind))


def _wrong_side(rel_type: str, start_kind: str, start: str, end: str) -> tuple[str, str]:
    starts = {s for s, _ in REL_KINDS[rel_type].pairs}
    if starts.isdisjoint(labels_for(start_kind)):
        return "start", start
    return "end", end


def _pair_sentence(rel_type: str, start_kind: str, end_kind: str) -> str:
    allowed = ", ".join(f"{s} → {e}" for s, e in REL_KINDS[rel_type].pairs)
    return f"{rel_type} cannot go from a {start_kind} to a {end_kind}; allowed: {allowed}"


def print_report(report: IngestReport, console: Console, *, max_rejections: int = 20) -> None:
    """The job's outcome as a table per file, then the first rejections and the warnings."""
    verb = "valid" if report.dry_run else "loaded"
    table = Table(title="dry run: nothing written" if report.dry_run else None)
    table.add_column("file", overflow="fold")
    for name in ("kind", "read", verb, "rejected", "note"):
        table.add_column(name, justify="right" if name in ("read", verb, "rejected") else "left")
    for f in report.files:
        note = f"[red]{escape(f.error)}[/red]" if f.error else ("" if f.ok else "[yellow]see rejections[/yellow]")
        counts = (f"{f.rows_read:,}", f"{f.rows_loaded:,}", f"{f.rows_rejected:,}")
        table.add_row(escape(f.file), f.kind or "?", *counts, note)
    console.print(table)
    rejections = [r for f in report.files for r in f.rejections]
    for r in rejections[:max_rejections]:
        value = f" — value {r.value[:60]!r}" if r.value else ""
        text = f"{r.file} row {r.row} · {r.field or '(row)'}: {r.reason}{value}"
        console.print(f"[red]✗[/red] {escape(text)}", soft_wrap=True)
    if len(rejections) > max_rejections:
        console.print(f"… and {len(rejections) - max_rejections:,} more (write them all with --report FILE)")
    for f in report.files:
        for w in f.warnings:
            console.print(f"[yellow]![/yellow] {escape(f'{f.file}: {w}')}", soft_wrap=True)
    for note in report.notes:
        console.print(f"[cyan]i[/cyan] {escape(note)}", soft_wrap=True)
    for skipped in report.skipped:
        console.print(f"[dim]skipped {escape(skipped)}[/dim]", soft_wrap=True)
    total = report.summary()
    console.print(
        f"{total['files']} file(s): {total['rows_read']:,} rows read, {total['rows_loaded']:,} {verb}, "
        f"{total['rows_rejected']:,} rejected, {total['files_rejected']} file(s) refused ({report.seconds:.1f} s)"
    )
