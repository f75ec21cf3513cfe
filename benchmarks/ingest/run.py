"""Ingest benchmark: generated city-scale files into the embedded store and into Neo4j.

Prints rows/s and peak memory for each store, and — in the same run, on the same Neo4j and the
same rows — the rate of Neo4j's own `LOAD CSV … CALL { } IN TRANSACTIONS` as the baseline, with
our rate / LOAD CSV's rate.

    python benchmarks/ingest/run.py --scale city            # both stores, local launcher for Neo4j
    python benchmarks/ingest/run.py --scale small --only memory

Targets (issue 3): Neo4j ≥ 0.7 × LOAD CSV; embedded store < 60 s and < 4 GB peak at city scale.
"""

import argparse
import csv
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import types
import typing
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

from graph_model.nodes import NODE_KINDS
from graph_model.relationships import REL_KINDS
from ingest.columns import kind_for_file
from ingest.generate import generate
from ingest.reference import load_reference
from store.neo4j_store import Neo4jStore

console = Console()

MEMORY_CHILD = """
import json, resource, sys, time
from pathlib import Path
from ingest.job import run_ingest
from store import MemoryStore
data, db = Path(sys.argv[1]), Path(sys.argv[2])
t0 = time.perf_counter()
store = MemoryStore(db)
report = run_ingest([data], store, progress=False)
store.close()
seconds = time.perf_counter() - t0
peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"seconds": seconds, "summary": report.summary(), "peak_mib": peak_kib / 1024}))
"""


def _csv_rows(data: Path) -> int:
    total = 0
    for f in sorted(data.glob("*.csv")):
        with f.open(encoding="utf-8") as fh:
            total += sum(1 for _ in fh) - 1
    return total


def bench_memory(data: Path, work: Path) -> dict[str, Any]:
    """Ingest into a file-backed embedded store in a child process, to measure its own peak memory."""
    db = work / "graph.db"
    db.unlink(missing_ok=True)
    out = subprocess.run(
        [sys.executable, "-c", MEMORY_CHILD, str(data), str(db)], capture_output=True, text=True, check=True
    )
    result: dict[str, Any] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def _scalar(annotation: Any) -> Any:
    """The non-None type inside Optional/Annotated, for choosing a LOAD CSV conversion."""
    while typing.get_origin(annotation) is typing.Annotated:
        annotation = typing.get_args(annotation)[0]
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        annotation = args[0] if args else str
        while typing.get_origin(annotation) is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
    return annotation


def _conversion(model: Any, column: str) -> str:
    field = model.model_fields.get(column)
    value = f"row.`{column}`"
    if field is None:
        return value
    t = _scalar(field.annotation)
    if typing.get_origin(t) is list:
        return f"CASE WHEN {value} IS NULL THEN [] ELSE split({value}, ';') END"
    if t is int:
        return f"toInteger({value})"
    if t is float:
        return f"toFloat({value})"
    if t is bool:
        return f"toBoolean({value})"
    return value


def load_csv_statement(path: Path, batch: int) -> str:
    """A LOAD CSV statement that loads one generated file the way our ingest does (typed values)."""
    kind = kind_for_file(path)
    with path.open(encoding="utf-8") as fh:
        header = next(csv.reader(fh))
    url = f"file:///{path.name}"
    if kind in NODE_KINDS:
        model = NODE_KINDS[kind]
        extra = ":".join(model.labels()[1:])
        props = ", ".join(f"`{c}`: {_conversion(model, c)}" for c in header)
        derived = ""
        if "district" in header:
            derived += (
                " WITH n, row OPTIONAL MATCH (d:District {id: row.district})"
                " FOREACH (_ IN CASE WHEN d IS NULL THEN [] ELSE [1] END | MERGE (n)-[:LOCATED_IN {key: ''}]->(d))"
            )
        if "cluster_ids" in header:
            derived += (
                " WITH n, row UNWIND (CASE WHEN row.cluster_ids IS NULL THEN [] ELSE split(row.cluster_ids, ';') END)"
                " AS cid MATCH (c:Cluster {id: cid}) MERGE (n)-[:IN_CLUSTER {key: ''}]->(c)"
            )
        body = f"MERGE (n:{kind} {{id: row.id}}) SET n:{extra}, n += {{{props}}}{derived}"
    else:
        rel_model = REL_KINDS[str(kind)]
        key = " + '|' + ".join(f"row.`{f}`" for f in rel_model.key_fields) or "''"
        props = ", ".join(f"`{c}`: {_conversion(rel_model, c)}" for c in header if c not in ("start", "end"))
        body = (
            f"MATCH (a:Entity {{id: row.start}}) MATCH (b:Entity {{id: row.end}}) "
            f"MERGE (a)-[r:{kind} {{key: {key}}}]->(b) SET r += {{{props}}}"
        )
    return f"LOAD CSV WITH HEADERS FROM '{url}' AS row CALL (row) {{ {body} }} IN TRANSACTIONS OF {batch} ROWS"


def _load_csv(store: Neo4jStore, data: Path, import_dir: Path) -> float:
    """Seconds to load the reference graph and then every file of `data` with LOAD CSV."""
    store.clear()
    for f in data.glob("*.csv"):
        shutil.copy(f, import_dir / f.name)
    files = sorted(data.glob("*.csv"), key=lambda p: (kind_for_file(p) not in NODE_KINDS, p.name))
    t0 = time.perf_counter()
    load_reference(store)  # our ingest loads it too, inside its timed run
    with store.driver.session() as session:
        for f in files:
            session.run(load_csv_statement(f, 5000)).consume()  # type: ignore[arg-type,unused-ignore]
    return time.perf_counter() - t0


def bench_neo4j(
    data: Path, warmup: Path, store: Neo4jStore, import_dir: Path, batch: int, writer_process: bool
) -> dict[str, Any]:
    from ingest.job import run_ingest

    store.apply_schema()
    # Warm the JVM and Neo4j's query caches with both loaders on small data first, untimed:
    # otherwise whichever runs first pays for the JIT.
    store.clear()
    run_ingest([warmup], store, progress=False, writer_process=writer_process)
    _load_csv(store, warmup, import_dir)
    for f in warmup.glob("*.csv"):
        (import_dir / f.name).unlink()

    store.clear()
    t0 = time.perf_counter()
    report = run_ingest([data], store, progress=False, batch_size=batch, writer_process=writer_process)
    ours = time.perf_counter() - t0
    our_counts = store.counts()

    baseline = _load_csv(store, data, import_dir)
    baseline_counts = store.counts()
    return {
        "ours_seconds": ours,
        "baseline_seconds": baseline,
        "summary": report.summary(),
        "counts_equal": our_counts == baseline_counts,
        "our_counts": our_counts,
        "baseline_counts": baseline_counts,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", choices=["small", "city"], default="city")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--only", choices=["memory", "neo4j"], default=None)
    parser.add_argument("--work", type=Path, default=None, help="work folder (default: a temporary one)")
    parser.add_argument("--heap", default="3g", help="heap for the local Neo4j")
    parser.add_argument("--pagecache", default="2g", help="page cache for the local Neo4j")
    parser.add_argument("--batch-size", type=int, default=5_000, help="rows per write of our ingest")
    parser.add_argument("--writer", choices=["thread", "process"], default="thread",
                        help="where our ingest writes to Neo4j from: a thread (default) or a separate process")
    args = parser.parse_args()

    work = args.work or Path(tempfile.mkdtemp(prefix="sg-bench-ingest-"))
    data = work / f"data-{args.scale}-{args.seed}"
    if not data.exists():
        t0 = time.perf_counter()
        generate(args.scale, args.seed, data)
        console.print(f"generated {args.scale} data in {time.perf_counter() - t0:.1f} s → {data}")
    rows = _csv_rows(data)
    load_before = os.getloadavg()
    table = Table("store", "rows", "seconds", "rows/s", "peak memory", "vs LOAD CSV",
                  title=f"ingest, {args.scale} scale, seed {args.seed}: {rows:,} source rows")

    if args.only in (None, "memory"):
        m = bench_memory(data, work)
        table.add_row("embedded (networkx)", f"{m['summary']['rows_loaded']:,}", f"{m['seconds']:.1f}",
                      f"{m['summary']['rows_loaded'] / m['seconds']:,.0f}", f"{m['peak_mib']:,.0f} MiB", "—")

    if args.only in (None, "neo4j"):
        from neo4j_launcher import start, stop

        neo_dir = work / "neo4j"
        running = start(neo_dir, port=int(os.environ.get("SKILLGRAPH_BENCH_PORT", "7698")), heap=args.heap,
                        pagecache=args.pagecache)
        try:
            store = Neo4jStore(running.uri)
            warmup = work / "warmup-small"
            if not warmup.exists():
                generate("small", args.seed + 1, warmup)
            n = bench_neo4j(data, warmup, store, neo_dir / "import", args.batch_size, args.writer == "process")
            store.close()
        finally:
            stop(neo_dir)
        loaded = n["summary"]["rows_loaded"]
        ours_rate = loaded / n["ours_seconds"]
        base_rate = loaded / n["baseline_seconds"]
        table.add_row("Neo4j (ours: validate + UNWIND batches)", f"{loaded:,}", f"{n['ours_seconds']:.1f}",
                      f"{ours_rate:,.0f}", "—", f"{ours_rate / base_rate:.2f} ×")
        table.add_row("Neo4j (LOAD CSV … IN TRANSACTIONS)", f"{loaded:,}", f"{n['baseline_seconds']:.1f}",
                      f"{base_rate:,.0f}", "—", "1.00 ×")
        if not n["counts_equal"]:
            console.print("[yellow]counts differ between our load and LOAD CSV:[/yellow]")
            console.print(n["our_counts"], n["baseline_counts"])
    table.caption = (f"{os.cpu_count()} CPUs, load average {load_before[0]:.1f} before, "
                     f"{os.getloadavg()[0]:.1f} after; Neo4j writer: {args.writer}")
    console.print(table)


if __name__ == "__main__":
    main()
