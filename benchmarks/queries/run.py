"""Query benchmark: p50 / p95 latency of each analysis on Neo4j and on the embedded store.

Generates the demo data of a scale, loads it into the embedded store (in this process) and into a
local Neo4j started here on its own data folder and port, samples the inputs once (the same chains,
districts and search texts for both stores), warms each store up, then times every analysis call.

    python benchmarks/queries/run.py --scale city                  # the issue's figures (long: two city loads)
    python benchmarks/queries/run.py --scale small --samples 20
    python benchmarks/queries/run.py --scale city --work /tmp/qb   # a rerun reuses the data and the loaded Neo4j

Targets (issue 4), on Neo4j at city scale: p95 ≤ 100 ms for one chain's coverage and for one
district's gap table; the full shortage ranking ≤ 1 s.
"""

import argparse
import gc
import json
import os
import random
import signal
import socket
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType
from typing import Any, TypeVar

from pydantic import BaseModel
from rich.console import Console
from rich.table import Table

from analyses.coverage import chain_coverage, rank_chains
from analyses.deserts import evaluation_deserts
from analyses.gaps import MAX_PAGE, gap_table, shortage_ranking
from analyses.measures import measure_board, measure_year
from analyses.network import network_view
from analyses.outlook import data_years
from analyses.search import search
from ingest.generate import generate
from ingest.job import run_ingest
from queries import refresh_summaries, run
from store import GraphStore, MemoryStore
from store.neo4j_store import Neo4jStore

# Wide enough for the table when the output goes to a file or a pipe.
console = Console(width=None if sys.stdout.isatty() else 130)
T = TypeVar("T")

STORES = ("neo4j", "memory")
STORE_NAMES = {"neo4j": "Neo4j", "memory": "embedded"}


@dataclass(frozen=True)
class Analysis:
    """One analysis as the benchmark calls it: a function of (store, input), its inputs, its target."""

    name: str
    call: Callable[[GraphStore, Any], BaseModel | list[Any]]
    inputs: list[Any]
    target_ms: float | None = None
    target: str = ""


@dataclass
class Timing:
    analysis: str
    store: str
    seconds: list[float] = field(default_factory=list)

    def percentile(self, q: float) -> float:
        """The q-th percentile (0–100) in milliseconds, linear between the closest ranks (numpy's default)."""
        values = sorted(self.seconds)
        rank = (len(values) - 1) * q / 100
        low = int(rank)
        high = min(low + 1, len(values) - 1)
        return 1000 * (values[low] + (values[high] - values[low]) * (rank - low))


@dataclass(frozen=True)
class Inputs:
    chains: list[str]
    districts: list[str]
    search_texts: list[str]


def _draw(rng: random.Random, population: Sequence[T], k: int) -> list[T]:
    """k items: a sample without repeats, then fresh shuffles of the population when it is smaller than k."""
    if not population:
        return []
    drawn: list[T] = []
    while len(drawn) < k:
        drawn.extend(rng.sample(list(population), min(k - len(drawn), len(population))))
    return drawn


def sample_inputs(store: GraphStore, samples: int, seed: int) -> Inputs:
    """Chains, districts with enterprises, and search texts (a Chinese name fragment, English words, an id,
    a credit code, in turn) drawn from the loaded graph."""
    rng = random.Random(seed)
    chains = [c["id"] for c in run(store, "chains", {"chain_id": None})]
    organisations = run(store, "region_organisations", {"region_kind": "city", "region_id": None})
    districts = sorted({o["district"] for o in organisations if o["kind"] == "Enterprise" and o["district"]})
    texts: list[str] = []
    for i, org in enumerate(_draw(rng, organisations, samples)):
        node = store.get_node(org["id"])
        props = node.properties if node else {}
        name_zh = (props.get("name_zh") or "").removeprefix("重庆市").removeprefix("重庆")
        name_en = (props.get("name_en") or "").removeprefix("Chongqing ").split()
        if i % 4 == 0 and len(name_zh) >= 2:
            start = rng.randrange(0, len(name_zh) - 1)
            texts.append(name_zh[start : start + rng.choice((2, 3, 4))])
        elif i % 4 == 1 and name_en:
            texts.append(" ".join(name_en[:2]))
        elif i % 4 == 3 and props.get("credit_code"):
            texts.append(props["credit_code"])
        else:
            texts.append(org["id"])
    return Inputs(chains=_draw(rng, chains, samples), districts=_draw(rng, districts, samples), search_texts=texts)


def analyses(inputs: Inputs, year: int | None, current: int) -> list[Analysis]:
    """The analyses timed; the 13 measures read `current` when no year is given (the data's current year, which the
    API reads once per data version)."""
    measures_year = year or current
    return [
        Analysis("chain coverage (one chain)", lambda s, c: chain_coverage(s, c, year=year), inputs.chains,
                 100, "p95 ≤ 100 ms"),
        Analysis("chain ranking (all chains)", lambda s, _: rank_chains(s, year=year, limit=MAX_PAGE), [None],
                 100, "p95 ≤ 100 ms"),
        Analysis("gap table (one district)", lambda s, d: gap_table(s, d, year=year), inputs.districts,
                 100, "p95 ≤ 100 ms"),
        Analysis("shortage ranking (full, city)",
                 lambda s, _: shortage_ranking(s, "city", year=year, limit=MAX_PAGE), [None], 1000, "≤ 1 s"),
        Analysis("evaluation deserts (one district)", lambda s, d: evaluation_deserts(s, d, year=year),
                 inputs.districts, 100, "p95 ≤ 100 ms"),
        Analysis("13 measures (one district)", lambda s, d: measure_board(s, d, year=measures_year),
                 inputs.districts, 100, "p95 ≤ 100 ms"),
        Analysis("13 measures (one chain)", lambda s, c: measure_board(s, c, year=measures_year), inputs.chains,
                 100, "p95 ≤ 100 ms"),
        Analysis("13 measures (city)", lambda s, _: measure_board(s, "city", year=measures_year), [None], 1000,
                 "≤ 1 s"),
        Analysis("network view (chain, depth 1, limit 200)", lambda s, c: network_view(s, c, depth=1, limit=200),
                 inputs.chains),
        Analysis("search (limit 20)", lambda s, t: search(s, t, limit=20), inputs.search_texts),
    ]


def _dump(result: BaseModel | list[Any]) -> Any:
    if isinstance(result, BaseModel):
        return result.model_dump(mode="json")
    return [_dump(r) if isinstance(r, BaseModel) else r for r in result]


def bench(store: GraphStore, label: str, plan: list[Analysis], samples: int, warmup: int,
          answers: dict[str, Any]) -> list[Timing]:
    """Warm up, then time `samples` calls of each analysis, cycling through its inputs.

    The first answer of each analysis is kept in `answers` (or compared with the one already there,
    from the other store), so a run also shows both stores agree on what they were timed on.
    """
    timings = []
    for analysis in plan:
        for i in range(warmup):
            analysis.call(store, analysis.inputs[i % len(analysis.inputs)])
        timing = Timing(analysis.name, label)
        for i in range(samples):
            case = analysis.inputs[i % len(analysis.inputs)]
            t0 = time.perf_counter()
            result = analysis.call(store, case)
            timing.seconds.append(time.perf_counter() - t0)
            if i == 0:
                dumped = _dump(result)
                if analysis.name not in answers:
                    answers[analysis.name] = dumped
                elif answers[analysis.name] != dumped:
                    console.print(f"[red]{analysis.name}: the stores disagree on {case!r}[/red]")
        console.print(f"  {label:6} {analysis.name}: p50 {timing.percentile(50):,.1f} ms, "
                      f"p95 {timing.percentile(95):,.1f} ms")
        timings.append(timing)
    return timings


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def local_neo4j(data_dir: Path, port: int, heap: str, pagecache: str) -> Iterator[Neo4jStore]:
    """A Neo4j on `data_dir`, stopped on the way out (on errors, Ctrl-C and SIGTERM too) if started here."""
    from neo4j_launcher import start, status, stop

    started_here = status(data_dir) is None

    def terminate(signum: int, frame: FrameType | None) -> None:
        raise SystemExit(f"stopped by signal {signum}")

    previous = signal.signal(signal.SIGTERM, terminate)
    try:
        running = start(data_dir, port=port, heap=heap, pagecache=pagecache)
        console.print(f"Neo4j {'started' if started_here else 'already running'}: {running.uri} (data {data_dir})")
        store = Neo4jStore(running.uri, auth=running.auth)
        try:
            yield store
        finally:
            store.close()
    finally:
        if started_here:
            stop(data_dir)
            console.print(f"Neo4j stopped (data {data_dir})")
        signal.signal(signal.SIGTERM, previous)


def load(store: GraphStore, data: Path, reference: GraphStore | None = None) -> float | None:
    """Seconds to ingest `data` into `store`; None when it already holds exactly what `reference` holds."""
    if reference is not None and store.counts() == reference.counts():
        store.apply_schema()  # the data stays; indexes added since it was loaded are created
        if not store.summaries_current():  # as the ingest that loaded it would have left them
            t0 = time.perf_counter()
            refresh_summaries(store)
            console.print(f"summaries rebuilt in {time.perf_counter() - t0:.1f} s")
        return None
    store.clear()
    t0 = time.perf_counter()
    report = run_ingest([data], store, progress=False)
    if report.summaries_seconds:
        console.print(f"(of which summaries rebuilt in {report.summaries_seconds:.1f} s)")
    if report.summary()["rows_rejected"]:
        console.print(f"[yellow]ingest rejected rows: {report.summary()}[/yellow]")
    return time.perf_counter() - t0


def report_table(timings: list[Timing], plan: list[Analysis], title: str, caption: str) -> Table:
    targets = {a.name: a for a in plan}
    table = Table("analysis", "store", "calls", "p50 ms", "p95 ms", "target (Neo4j, city)", "met",
                  title=title, caption=caption)
    for name in targets:
        for timing in (t for t in timings if t.analysis == name):
            analysis = targets[name]
            met = ""
            if analysis.target_ms is not None and timing.store == "neo4j":
                ok = timing.percentile(95) <= analysis.target_ms
                met = "[green]yes[/green]" if ok else "[red]no[/red]"
            table.add_row(name, STORE_NAMES[timing.store], str(len(timing.seconds)),
                          f"{timing.percentile(50):,.1f}", f"{timing.percentile(95):,.1f}",
                          analysis.target if timing.store == "neo4j" else "", met)
    return table


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", choices=["small", "city"], default="city")
    parser.add_argument("--seed", type=int, default=1, help="seed of the generated data and of the sampled inputs")
    parser.add_argument("--samples", type=int, default=20, help="timed calls per analysis and store (default 20)")
    parser.add_argument("--warmup", type=int, default=3, help="untimed calls per analysis first (default 3)")
    parser.add_argument("--year", type=int, default=None, help="demand year the analyses take (default: all years)")
    parser.add_argument("--only", choices=STORES, default=None, help="benchmark one store")
    parser.add_argument("--work", type=Path, default=None, help="work folder (default: a temporary one)")
    parser.add_argument("--port", type=int, default=None, help="Bolt port of the local Neo4j (default: a free one)")
    parser.add_argument("--heap", default=None, help="heap of the local Neo4j (default 3g at city scale, else 1g)")
    parser.add_argument("--pagecache", default="1g", help="page cache of the local Neo4j (default 1g)")
    parser.add_argument("--json", type=Path, default=None, help="also write the figures to this file")
    args = parser.parse_args()
    if args.samples < 1 or args.warmup < 0:
        parser.error("--samples must be ≥ 1 and --warmup ≥ 0")

    work = args.work or Path(tempfile.mkdtemp(prefix="sg-bench-queries-"))
    data = work / f"data-{args.scale}-{args.seed}"
    if not data.exists():
        t0 = time.perf_counter()
        generate(args.scale, args.seed, data)
        console.print(f"generated {args.scale} data in {time.perf_counter() - t0:.1f} s → {data}")
    load_before = os.getloadavg()

    memory = MemoryStore()
    seconds = load(memory, data)
    counts = memory.counts()
    console.print(f"embedded store loaded in {seconds:.1f} s: {sum(counts.nodes.values()):,} nodes, "
                  f"{sum(counts.relationships.values()):,} relationships")
    inputs = sample_inputs(memory, args.samples, args.seed)
    # The embedded graph (millions of objects) lives in this process: without this, a full collection
    # of Python's cyclic GC during a timed call would add its pause to whichever store is being timed.
    gc.freeze()
    plan = analyses(inputs, args.year, measure_year(None, lambda: data_years(memory)))
    answers: dict[str, Any] = {}
    timings: list[Timing] = []

    if args.only in (None, "neo4j"):
        heap = args.heap or ("3g" if args.scale == "city" else "1g")
        with local_neo4j(work / "neo4j", args.port or _free_port(), heap, args.pagecache) as neo4j:
            seconds = load(neo4j, data, reference=memory)
            console.print("Neo4j already holds the data" if seconds is None else f"Neo4j loaded in {seconds:.1f} s")
            timings += bench(neo4j, "neo4j", plan, args.samples, args.warmup, answers)
    if args.only in (None, "memory"):
        timings += bench(memory, "memory", plan, args.samples, args.warmup, answers)

    load_after = os.getloadavg()
    title = (f"analyses, {args.scale} scale, seed {args.seed}, year {args.year or 'all'}: "
             f"{sum(counts.nodes.values()):,} nodes, {sum(counts.relationships.values()):,} relationships")
    caption = (f"{args.samples} timed calls per row after {args.warmup} warm-up calls; {os.cpu_count()} CPUs, "
               f"load average {load_before[0]:.1f} before, {load_after[0]:.1f} after; "
               "the targets are for Neo4j at city scale")
    console.print(report_table(timings, plan, title, caption))
    if args.json:
        args.json.write_text(json.dumps({
            "scale": args.scale, "seed": args.seed, "year": args.year, "samples": args.samples,
            "warmup": args.warmup, "nodes": sum(counts.nodes.values()),
            "relationships": sum(counts.relationships.values()),
            "results": [{"analysis": t.analysis, "store": t.store, "p50_ms": t.percentile(50),
                         "p95_ms": t.percentile(95)} for t in timings],
        }, indent=2))


if __name__ == "__main__":
    main()
