"""Initial-load benchmark: from files to a queryable Neo4j, on a machine where nothing runs yet.

Three ways from the same generated files to a database that answers, each into a data dir of its own with a new
DBMS (a cold JVM each: nothing is warm when a bureau builds its database), the order swapped every round:

- `initial`: `skillgraph ingest --initial` (`app.initial`: validation, the offline importer, schema, summaries,
  the load record on a DBMS of its own, the swap), then the data dir's DBMS started;
- `load_csv`: the DBMS started, the schema applied, Neo4j's own `LOAD CSV … CALL { } IN TRANSACTIONS` (the statements
  of `benchmarks/ingest/run.py`, provenance included), the summaries rebuilt;
- `ours`: the DBMS started, our transactional ingest (`run_ingest`, summaries included).

Each is timed to its first answer (the city's gap table), and each step is printed. Every load's graph is compared
with the first's (`run.py`'s sample: counts, property keys, the properties of 200 nodes and relationships).

    python benchmarks/ingest/initial.py --scale city --rounds 2 --work /tmp/bi-initial

Target (issue 19): `initial` ≥ 3 × faster than `load_csv`, end to end.
"""

import argparse
import importlib.util
import shutil
import sys
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

from app.initial import Steps, run_initial_ingest
from app.tuning import ingest_tuned
from ingest.generate import generate
from ingest.job import run_ingest
from neo4j_launcher.manager import LocalNeo4j, free_port, start, stop
from queries import fetch, refresh_summaries
from store.neo4j_store import Neo4jStore

_spec = importlib.util.spec_from_file_location("ingest_bench", Path(__file__).resolve().parent / "run.py")
assert _spec is not None and _spec.loader is not None
ingest_bench = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(ingest_bench)  # the LOAD CSV statements and the graph comparison of run.py

console = Console(width=None if sys.stdout.isatty() else 150)

LOADERS = ("initial", "load_csv", "ours")
FIRST_QUESTION = ("region_gap", {"region_kind": "city", "region_id": None, "year": None, "skill_levels": None})


def load(loader: str, data: Path, folder: Path, *, heap: str, pagecache: str) -> tuple[dict[str, float], Neo4jStore]:
    """One load from nothing into `folder`; the seconds of its steps and the store, left running."""
    clock = Steps()
    step = clock.done
    steps = clock.seconds

    def served() -> tuple[LocalNeo4j, Neo4jStore]:
        server = start(folder, port=free_port(), heap=heap, pagecache=pagecache)
        step("start")
        return server, Neo4jStore(server.uri)

    files: list[Path] = []
    if loader == "load_csv":
        (folder / "import").mkdir(parents=True)
        files = ingest_bench.stage_for_load_csv(data, folder / "import")  # not timed, as in run.py
        clock.restart()
    with ingest_tuned():  # as `skillgraph ingest` runs it
        if loader == "initial":
            done = run_initial_ingest([data], folder, progress=False, heap=heap, pagecache=pagecache)
            steps.update({f"initial: {name}": seconds for name, seconds in done.steps.items()})
            clock.restart()
            _, store = served()
        elif loader == "load_csv":
            _, store = served()
            store.apply_schema()
            step("schema")
            ingest_bench._load_csv(store, files)
            step("LOAD CSV")
            refresh_summaries(store)
            step("summaries")
        else:
            _, store = served()
            report = run_ingest([data], store, progress=False)
            step("ingest")
            steps["ingest"] -= report.summaries_seconds
            steps["summaries"] = report.summaries_seconds
    fetch(store, *FIRST_QUESTION)
    step("first answer")
    return steps, store


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", choices=["small", "city"], default="city")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--work", type=Path, default=Path("/tmp/skillgraph-bench-initial"))
    parser.add_argument("--heap", default="2g")
    parser.add_argument("--pagecache", default="1g")
    args = parser.parse_args()

    data = args.work / f"data-{args.scale}-{args.seed}"
    if not data.exists():
        console.print(f"generating {args.scale} data into {data}…")
        generate(args.scale, args.seed, data)
    node_ids, rels = ingest_bench.sample_elements(data)
    runs: list[dict[str, Any]] = []
    first: tuple[dict[str, Any], str] | None = None
    for number in range(1, args.rounds + 1):
        order = LOADERS if number % 2 else LOADERS[::-1]
        for loader in order:
            folder = args.work / f"neo4j-{loader}"
            stop(folder)
            shutil.rmtree(folder, ignore_errors=True)
            steps, store = load(loader, data, folder, heap=args.heap, pagecache=args.pagecache)
            try:
                graph = ingest_bench.graph_snapshot(store, node_ids, rels)
            finally:
                store.close()
                stop(folder)
                shutil.rmtree(folder, ignore_errors=True)
            if first is None:
                first = (graph, loader)
            differences = ingest_bench.compare_snapshots(graph, first[0], (loader, first[1]))
            total = sum(steps.values())
            runs.append({"round": number, "loader": loader, "seconds": total, "steps": steps,
                         "differences": differences})
            console.print(f"round {number}: {loader} {total:.1f} s — "
                          + ", ".join(f"{name} {seconds:.1f}" for name, seconds in steps.items()))
    print_table(runs, args.scale)


def print_table(runs: list[dict[str, Any]], scale: str) -> None:
    table = Table("round", "loader", "seconds to the first answer", "steps (s)", "load_csv / this", "graph",
                  title=f"From files to a queryable Neo4j, nothing running before ({scale})")
    by_round: dict[int, dict[str, float]] = {}
    for run in runs:
        by_round.setdefault(run["round"], {})[run["loader"]] = run["seconds"]
    for run in runs:
        baseline = by_round[run["round"]].get("load_csv")
        ratio = f"{baseline / run['seconds']:.2f} ×" if baseline else ""
        table.add_row(str(run["round"]), run["loader"], f"{run['seconds']:.1f}",
                      ", ".join(f"{name} {seconds:.1f}" for name, seconds in run["steps"].items()), ratio,
                      "equal" if not run["differences"] else "; ".join(run["differences"])[:200])
    totals: dict[str, float] = {}
    for run in runs:
        totals[run["loader"]] = totals.get(run["loader"], 0.0) + run["seconds"]
    ratios = "; ".join(f"{name} {totals['load_csv'] / seconds:.2f} ×" for name, seconds in totals.items())
    table.add_row("all", "", ", ".join(f"{name} {seconds:.1f}" for name, seconds in totals.items()), "", ratios, "")
    console.print(table)


if __name__ == "__main__":
    main()
