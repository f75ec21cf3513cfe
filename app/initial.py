"""The first load of a local Neo4j (`skillgraph ingest --initial`): Neo4j's offline importer instead of transactions.

1. **Validate** every file as any ingest does (`run_ingest`: the same rules, row-level rejects and report), into
   the embedded store held in memory: it answers the checks a load makes against what is already loaded (endpoint
   kinds, credit codes held, closing rows), and its graph is the one the rows make.
2. **Write** that graph in the importer's CSV format (`store.neo4j_import`) and **build** a new database from it
   with the importer, in a Neo4j home of its own under `DATA/initial/<load>/`.
3. **Finish** it there: a DBMS on a free local port applies the schema, sets what the importer cannot (empty lists),
   builds the summaries (in two transactions side by side) and records the load; then it stops.
4. **Install** it in place of the data dir's database (`neo4j_launcher.manager.install_database`): a DBMS running
   for the data dir is stopped and started again on the new database.

Until step 4 the data dir's database is untouched, and step 4 is a swap that cannot be left half-done: a load killed
at any point leaves the old database or the whole new one, never a half-built one. What a killed load leaves under
`DATA/initial/` (its files, a DBMS of step 3) is stopped and removed by the next initial load of that data dir.

The initial load replaces the database: what it held is not kept (it is meant for a first load, or a rebuild from the
complete source files).
"""

import contextlib
import fcntl
import shutil
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ingest.job import BATCH_SIZE, IngestReport, now, run_ingest
from neo4j_launcher.manager import LocalNeo4j, free_port, import_database, install_database, start, stop
from queries import refresh_summaries
from store.memory_store import MemoryStore
from store.neo4j_import import ImportFiles, set_empty_lists, write_import_files

WORK_FOLDER = "initial"
"""Under the data dir: where initial loads build their database."""

SUMMARY_WORKERS = 2
"""Summary transactions side by side on the new database, which no one else uses yet (docs/benchmarks.md,
2026-12-05: two are faster than one on two cores); each holds its state in the DBMS's heap."""


class Steps:
    """The seconds each step of a job took, in order: `done(name)` ends a step, begun where the last one ended."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}
        self._since = time.monotonic()

    def done(self, name: str) -> None:
        now = time.monotonic()
        self.seconds[name] = now - self._since
        self._since = now

    def restart(self) -> None:
        """Begin the next step now (what went on since is not counted)."""
        self._since = time.monotonic()


@dataclass
class InitialLoad:
    """An initial load's report, the seconds of each step, and the DBMS now serving the data dir (if one ran)."""

    report: IngestReport
    steps: dict[str, float] = field(default_factory=dict)
    server: LocalNeo4j | None = None


def run_initial_ingest(
    paths: Sequence[Path],
    data_dir: Path,
    *,
    report_path: Path | None = None,
    progress: bool = True,
    batch_size: int = BATCH_SIZE,
    by: str = "cli",
    heap: str = "1g",
    pagecache: str = "512m",
) -> InitialLoad:
    """Load `paths` into a new database for the local Neo4j of `data_dir` (see the module)."""
    data_dir = Path(data_dir).expanduser().resolve()
    work = data_dir / WORK_FOLDER
    steps = Steps()
    step = steps.done

    with _only_one(work):
        _clear_leftovers(work)
        capture = MemoryStore()
        report = run_ingest(paths, capture, progress=progress, batch_size=batch_size, by=by, summaries=False)
        record = capture.loads()[-1]
        assert report.load is not None
        stage = work / report.load
        step("validate")
        try:
            files = write_import_files(capture.graph, capture.retired(), stage / "csv")
            del capture
            step("write files")
            import_database(stage / "home", files.arguments(), heap=heap)
            shutil.rmtree(stage / "csv")
            step("import")
            finished = _finish(stage / "home", files, record, report, heap=heap, pagecache=pagecache, steps=steps)
            server = install_database(data_dir, stage / "home")
        finally:
            shutil.rmtree(stage, ignore_errors=True)  # what a failed step built, or the emptied home after the swap
        step("install")
    report.seconds = sum(steps.seconds.values())
    report.summaries_seconds = finished
    if report_path is not None:
        report.write(report_path)
    return InitialLoad(report, steps.seconds, server)


def _finish(home: Path, files: ImportFiles, record: dict[str, object],
            report: IngestReport, *, heap: str, pagecache: str, steps: "Steps") -> float:
    """Step 3 on the new database of `home`; returns the summaries' seconds."""
    from store.neo4j_store import Neo4jStore

    server = start(home, port=free_port(), heap=heap, pagecache=pagecache, batch=True)
    try:
        steps.done("start")
        store = Neo4jStore(server.uri, auth=None)
        try:
            store.apply_schema()
            set_empty_lists(store.driver, files, store.database)
            steps.done("schema")
            refresh_summaries(store, workers=SUMMARY_WORKERS)
            steps.done("summaries")
            report.finished_at = now()
            store.record_load({**record, "finished_at": report.finished_at, "initial": True,
                               "steps": {name: round(seconds, 3) for name, seconds in steps.seconds.items()}})
        finally:
            store.close()
    finally:
        stop(home)
        steps.done("stop")
    return steps.seconds["summaries"]


@contextlib.contextmanager
def _only_one(work: Path) -> Iterator[None]:
    """One initial load of a data dir at a time."""
    work.mkdir(parents=True, exist_ok=True)
    with (work / "lock").open("a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as exc:
            raise RuntimeError(f"another initial load of {work.parent} is running") from exc
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _clear_leftovers(work: Path) -> None:
    """Stop the DBMS a killed initial load may have left running and remove what it built."""
    for stage in work.iterdir():
        if stage.is_dir():
            if (stage / "home").is_dir():
                stop(stage / "home")
            shutil.rmtree(stage, ignore_errors=True)
