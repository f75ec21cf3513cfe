"""Scale curve: how ingest, memory, disk and query latency grow from small to city to metro (five cities' worth).

For each size, in a child process of its own (so that its peak memory is its own): generate the data (kept in the
work folder for a rerun), load it into a fresh local Neo4j, time the analyses (the plan of benchmarks/queries, on
inputs sampled from the loaded graph), then write one row and time that write (the summaries rebuilt with it) and
the first gap table after it. The embedded store goes as far as it fits in this machine's memory: a size whose
estimate (the last size's peak × the growth in rows) exceeds 80 % of the memory available is skipped and said so.

    python benchmarks/scale/run.py                                  # small, city, metro on Neo4j and embedded
    python benchmarks/scale/run.py --sizes small,city --work /tmp/sc   # a rerun reuses the generated data
    python benchmarks/scale/run.py --sizes city:2.5                 # in-between: 2.5 × city

Prints, per size and store: rows and ingest rows/s, the peak RSS of our process and of Neo4j, the store's size on
disk, p50 / p95 of each analysis, and the write-then-first-read times; with --json, the same as JSON.
"""

import argparse
import csv
import importlib.util
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

console = Console(width=None if sys.stdout.isatty() else 150)
HERE = Path(__file__).resolve().parent


def _query_bench() -> Any:
    """benchmarks/queries/run.py as a module: its analysis plan, sampling and timing are the ones used here."""
    spec = importlib.util.spec_from_file_location("query_bench", HERE.parent / "queries" / "run.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["query_bench"] = module
    spec.loader.exec_module(module)
    return module


def _peak_rss_mb(pid: int | str = "self") -> float:
    """The peak resident set (VmHWM) of a process, in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def _available_mb() -> float:
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith("MemAvailable:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def _disk_mb(folder: Path) -> float:
    return sum(f.stat().st_size for f in folder.rglob("*") if f.is_file()) / 2**20


def _size(label: str) -> tuple[str, float]:
    """'metro' → ('metro', 1.0); 'city:2.5' → ('city', 2.5)."""
    scale, _, factor = label.partition(":")
    return scale, float(factor) if factor else 1.0


def _default_heap(label: str) -> str:
    """Neo4j's heap for a size: 1g for small, 4g for metro or a scale times more than 1, else 3g."""
    scale, factor = _size(label)
    if label == "small":
        return "1g"
    return "4g" if scale == "metro" or factor > 1 else "3g"


def _data(work: Path, label: str, seed: int) -> tuple[Path, int]:
    """The generated folder for a size (generated once) and its row count (every file's rows)."""
    from ingest.generate import generate

    scale, factor = _size(label)
    folder = work / f"data-{label.replace(':', 'x')}-{seed}"
    if not folder.exists():
        t0 = time.perf_counter()
        generate(scale, seed, folder, factor=factor)  # type: ignore[arg-type]
        console.print(f"{label}: generated in {time.perf_counter() - t0:.1f} s → {folder}")
    rows = 0
    for path in folder.glob("*.csv"):
        with path.open(encoding="utf-8") as f:
            rows += sum(1 for _ in f) - 1
    return folder, rows


def _one_write(data: Path, work: Path) -> Path:
    """A one-row demands file: the first demand row of the data with one more worker."""
    with (data / "demands.csv").open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        row = next(reader)
        fields = reader.fieldnames or []
    row["headcount"] = str(int(row["headcount"]) + 1)
    out = work / "one-write" / "demands.csv"
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=fields)
        writer.writeheader()
        writer.writerow(row)
    return out


def measure(label: str, store_kind: str, args: argparse.Namespace) -> dict[str, Any]:
    """One size on one store, in this (child) process."""
    import gc

    from analyses.gaps import gap_table
    from ingest.job import run_ingest
    from store import MemoryStore
    from store.neo4j_store import Neo4jStore

    bench = _query_bench()
    work: Path = args.work
    data, rows = _data(work, label, args.seed)
    result: dict[str, Any] = {"size": label, "store": store_kind, "rows": rows}
    running = None
    neo4j_dir = work / f"neo4j-{label.replace(':', 'x')}"
    if store_kind == "neo4j":
        from neo4j_launcher import start, stop

        shutil.rmtree(neo4j_dir, ignore_errors=True)  # a fresh database for each size and run
        heap = args.heap or _default_heap(label)
        running = start(neo4j_dir, port=bench._free_port(), heap=heap, pagecache=args.pagecache)
        store: Any = Neo4jStore(running.uri, auth=running.auth)
        store.apply_schema()
        result["heap"] = heap
    else:
        store = MemoryStore(work / f"memory-{label.replace(':', 'x')}" / "graph.db")
    try:
        t0 = time.perf_counter()
        report = run_ingest([data], store, progress=False)
        seconds = time.perf_counter() - t0
        store.flush()
        result.update(ingest_s=seconds, rows_per_s=rows / seconds, summaries_s=report.summaries_seconds or 0.0,
                      rejected=report.summary()["rows_rejected"])
        counts = store.counts()
        result.update(nodes=sum(counts.nodes.values()), relationships=sum(counts.relationships.values()))
        console.print(f"{label} {store_kind}: loaded {rows:,} rows in {seconds:.1f} s ({rows / seconds:,.0f} rows/s)")

        inputs = bench.sample_inputs(store, args.samples, args.seed)
        gc.freeze()
        years = bench.data_years(store)
        plan = [a for a in bench.analyses(inputs, None, bench.measure_year(None, lambda: years))
                if a.name in args.analyses]
        timings = bench.bench(store, store_kind, plan, args.samples, args.warmup, {})
        result["analyses"] = {t.analysis: {"p50_ms": t.percentile(50), "p95_ms": t.percentile(95)} for t in timings}

        # one row written, then the first read after it (the summaries rebuilt by the ingest, the answer computed)
        one = _one_write(data, work)
        t0 = time.perf_counter()
        written = run_ingest([one], store, progress=False)
        result["write_s"] = time.perf_counter() - t0
        result["write_summaries_s"] = written.summaries_seconds or 0.0
        district = random.Random(args.seed).choice(inputs.districts)
        t0 = time.perf_counter()
        gap_table(store, district)
        result["first_read_after_write_ms"] = 1000 * (time.perf_counter() - t0)

        result["our_peak_rss_mb"] = _peak_rss_mb()
        if running is not None:
            result["neo4j_peak_rss_mb"] = _peak_rss_mb(running.pid)
            store.close()
            stop(neo4j_dir)
            running = None
            result["disk_mb"] = _disk_mb(neo4j_dir)
        else:
            store.close()
            result["disk_mb"] = _disk_mb(work / f"memory-{label.replace(':', 'x')}")
    finally:
        if running is not None:
            from neo4j_launcher import stop

            stop(neo4j_dir)
    return result


def _child(label: str, store_kind: str, args: argparse.Namespace) -> dict[str, Any] | None:
    """`measure` in a child process (its own peak memory); None if it failed."""
    command = [sys.executable, str(Path(__file__).resolve()), "--child", f"{label}/{store_kind}",
               "--work", str(args.work), "--seed", str(args.seed), "--samples", str(args.samples),
               "--warmup", str(args.warmup), "--pagecache", args.pagecache, "--analyses", ";".join(args.analyses)]
    if args.heap:
        command += ["--heap", args.heap]
    out = args.work / f"result-{label.replace(':', 'x')}-{store_kind}.json"
    out.unlink(missing_ok=True)
    done = subprocess.run([*command, "--out", str(out)], check=False)
    if done.returncode != 0 or not out.exists():
        console.print(f"[red]{label} {store_kind}: the child process failed (exit {done.returncode})[/red]")
        return None
    result: dict[str, Any] = json.loads(out.read_text())
    return result


ANALYSES = ("chain coverage (one chain)", "chain ranking (all chains)", "gap table (one district)",
            "shortage ranking (full, city)", "evaluation deserts (one district)", "13 measures (one district)",
            "13 measures (city)", "network view (chain, depth 1, limit 200)", "search (limit 20)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="small,city,metro",
                        help="comma-separated: small, city, metro, or SCALE:FACTOR (default small,city,metro)")
    parser.add_argument("--stores", default="neo4j,memory", help="neo4j, memory or both (default both)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--samples", type=int, default=20, help="timed calls per analysis (default 20)")
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--work", type=Path, default=None, help="work folder (default: a temporary one)")
    parser.add_argument("--heap", default=None, help="Neo4j heap (default 1g small, 3g city, 4g larger)")
    parser.add_argument("--pagecache", default="2g", help="Neo4j page cache (default 2g)")
    parser.add_argument("--analyses", default=";".join(ANALYSES), help=argparse.SUPPRESS)
    parser.add_argument("--json", type=Path, default=None, help="also write the figures to this file")
    parser.add_argument("--child", default=None, help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, default=None, help=argparse.SUPPRESS)
    args = parser.parse_args()
    args.work = args.work or Path(tempfile.mkdtemp(prefix="sg-bench-scale-"))
    args.analyses = [a for a in args.analyses.split(";") if a]

    if args.child:
        label, store_kind = args.child.split("/")
        args.out.write_text(json.dumps(measure(label, store_kind, args), indent=2))
        return

    load_before = os.getloadavg()
    results: list[dict[str, Any]] = []
    last_memory: dict[str, Any] | None = None
    for label in args.sizes.split(","):
        for store_kind in args.stores.split(","):
            if store_kind == "memory" and last_memory is not None:
                _, rows = _data(args.work, label, args.seed)
                estimate = last_memory["our_peak_rss_mb"] * rows / last_memory["rows"]
                if estimate > 0.8 * _available_mb():
                    console.print(f"[yellow]{label} embedded: skipped — it would need ≈ {estimate:,.0f} MB, "
                                  f"{_available_mb():,.0f} MB available[/yellow]")
                    results.append({"size": label, "store": "memory", "skipped": True, "estimate_mb": estimate})
                    continue
            found = _child(label, store_kind, args)
            if found is not None:
                results.append(found)
                if store_kind == "memory":
                    last_memory = found
    load_after = os.getloadavg()

    caption = (f"{args.samples} timed calls per analysis after {args.warmup} warm-up calls; {os.cpu_count()} CPUs, "
               f"load average {load_before[0]:.1f} before, {load_after[0]:.1f} after")
    measured = [r for r in results if not r.get("skipped")]
    loads = Table("size", "store", "rows", "nodes", "relationships", "ingest s", "rows/s", "of it summaries s",
                  "our peak MB", "Neo4j peak MB", "disk MB", "one-row write s", "first read after ms",
                  title=f"scale curve: loads, seed {args.seed}", caption=caption)
    for r in results:
        store = "Neo4j" if r["store"] == "neo4j" else "embedded"
        if r.get("skipped"):
            loads.add_row(r["size"], store, "", "", "", f"skipped: needs ≈ {r['estimate_mb']:,.0f} MB")
            continue
        neo4j_peak = f"{r['neo4j_peak_rss_mb']:,.0f}" if "neo4j_peak_rss_mb" in r else ""
        loads.add_row(r["size"], store, f"{r['rows']:,}", f"{r['nodes']:,}", f"{r['relationships']:,}",
                      f"{r['ingest_s']:,.1f}", f"{r['rows_per_s']:,.0f}", f"{r['summaries_s']:,.1f}",
                      f"{r['our_peak_rss_mb']:,.0f}", neo4j_peak, f"{r['disk_mb']:,.0f}", f"{r['write_s']:.1f}",
                      f"{r['first_read_after_write_ms']:,.0f}")
    console.print(loads)
    latency = Table("analysis (p50 / p95 ms)",
                    *[f"{r['size']} {'Neo4j' if r['store'] == 'neo4j' else 'embedded'}" for r in measured],
                    title="scale curve: analyses", caption=caption)
    for a in args.analyses:
        latency.add_row(a, *[f"{r['analyses'][a]['p50_ms']:,.1f} / {r['analyses'][a]['p95_ms']:,.1f}"
                             if a in r["analyses"] else "" for r in measured])
    console.print(latency)
    if args.json:
        args.json.write_text(json.dumps({"seed": args.seed, "samples": args.samples, "results": results,
                                         "load_before": load_before, "load_after": load_after}, indent=2))


if __name__ == "__main__":
    main()
