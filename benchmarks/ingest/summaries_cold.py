"""The summaries of a new database on a new JVM: which garbage collector, and one transaction or two side by side.

`skillgraph ingest --initial` builds the summaries once, on a DBMS started for the new database: its JVM is cold,
and no reader waits on it. This compares, on the same imported city database, each variant in a new DBMS, in
alternation, every round:

- `g1, one`: G1 (a serving DBMS's collector), the summaries in one transaction (the everyday rebuild);
- `g1, two`: G1, the summaries' groups in two transactions side by side (`rebuild_summaries(build, workers=2)`);
- `parallel, one` and `parallel, two`: the same with the throughput collector (`start(batch=True)`, what the initial
  load uses).

Each variant's seconds, its summaries compared with the first variant's (the same nodes, property for property), and
each ÷ `g1, one` in the same round.

    python benchmarks/ingest/summaries_cold.py --scale city --rounds 2 --work /tmp/bs
"""

import argparse
import shutil
import sys
import time
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

from app.initial import run_initial_ingest
from app.tuning import ingest_tuned
from ingest.generate import generate
from neo4j_launcher.manager import free_port, start, stop
from queries import refresh_summaries
from store.neo4j_store import Neo4jStore

console = Console(width=None if sys.stdout.isatty() else 150)

VARIANTS = (("g1", 1), ("g1", 2), ("parallel", 1), ("parallel", 2))
SUMMARIES = ("MATCH (s:GapSummary|ChainSummary|DesertSummary|MeasureSummary) "
             "RETURN labels(s)[0] AS label, s ORDER BY label, s.key")


def build_once(data: Path, folder: Path, heap: str, pagecache: str) -> None:
    """The imported city database in `folder` (kept between runs of this script; a folder without one is emptied)."""
    if (folder / "data" / "databases" / "neo4j").is_dir():
        return
    shutil.rmtree(folder, ignore_errors=True)
    with ingest_tuned():
        run_initial_ingest([data], folder, progress=False, heap=heap, pagecache=pagecache)


def summaries_on_a_new_dbms(folder: Path, collector: str, workers: int, heap: str,
                            pagecache: str) -> tuple[float, list[Any]]:
    """Seconds to rebuild the summaries on a DBMS started for this, and the summaries it made."""
    server = start(folder, port=free_port(), heap=heap, pagecache=pagecache, batch=collector == "parallel")
    store = Neo4jStore(server.uri)
    try:
        began = time.monotonic()
        refresh_summaries(store, workers=workers)
        seconds = time.monotonic() - began
        assert store.summaries_current()
        with store.driver.session(database=store.database) as session:
            made = [(r["label"], dict(r["s"])) for r in session.run(SUMMARIES)]
        return seconds, made
    finally:
        store.close()
        stop(folder)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", choices=["small", "city"], default="city")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--work", type=Path, default=Path("/tmp/skillgraph-bench-summaries"))
    parser.add_argument("--heap", default="1g", help="the DBMS's heap (the initial load's default)")
    parser.add_argument("--pagecache", default="512m")
    args = parser.parse_args()

    data = args.work / f"data-{args.scale}-{args.seed}"
    if not data.exists():
        console.print(f"generating {args.scale} data into {data}…")
        generate(args.scale, args.seed, data)
    folder = args.work / f"neo4j-{args.scale}-{args.seed}"
    stop(folder)
    build_once(data, folder, args.heap, args.pagecache)

    runs: list[dict[str, Any]] = []
    first: list[Any] | None = None
    for number in range(1, args.rounds + 1):
        order = VARIANTS if number % 2 else VARIANTS[::-1]
        for collector, workers in order:
            seconds, made = summaries_on_a_new_dbms(folder, collector, workers, args.heap, args.pagecache)
            first = made if first is None else first
            runs.append({"round": number, "variant": f"{collector}, {'one' if workers == 1 else 'two'}",
                         "seconds": seconds, "same": made == first, "count": len(made)})
            console.print(f"round {number}: {runs[-1]['variant']} {seconds:.1f} s, {len(made):,} summaries"
                          + ("" if made == first else " — NOT the same summaries as the first variant's"))
    table = Table("round", "variant", "seconds", "÷ g1, one", "summaries",
                  title=f"Summaries on a new DBMS over the imported {args.scale} database (heap {args.heap})")
    baseline = {r["round"]: r["seconds"] for r in runs if r["variant"] == "g1, one"}
    for run in runs:
        table.add_row(str(run["round"]), run["variant"], f"{run['seconds']:.1f}",
                      f"{run['seconds'] / baseline[run['round']]:.2f}",
                      f"{run['count']:,} " + ("same" if run["same"] else "DIFFERENT"))
    totals: dict[str, float] = {}
    for run in runs:
        totals[run["variant"]] = totals.get(run["variant"], 0.0) + run["seconds"]
    for variant, seconds in totals.items():
        table.add_row("all", variant, f"{seconds:.1f}", f"{seconds / totals['g1, one']:.2f}", "")
    console.print(table)


if __name__ == "__main__":
    main()
