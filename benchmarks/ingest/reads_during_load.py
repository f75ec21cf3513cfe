"""Read latency while a city-scale load runs, against the same reads on an idle server.

Generates the city data, loads it into an embedded store (once per --work folder), serves that store with
`skillgraph serve` (a real server process), reads each chain's coverage and each district's gap table once
(untimed: what a server builds on its first reads), then runs reader threads for `--idle` seconds on the idle server
and again while an admin uploads the whole city data set through `POST /api/v1/ingest` (every row written
again: the monthly reload). Each reader alternates a kept analysis (a chain's coverage, answered from the
answer cache once computed for the data version) and a computed one (a district's gap table with a page
size no other request used, so every request computes it). Prints p50 / p99 / max of each, idle and during
the load, and the load's own time.

    python benchmarks/ingest/reads_during_load.py [--scale city] [--work DIR] [--readers 4] [--idle 30]

Target (issue 15): readers never wait for the load to finish; p99 during the load ≤ 2 s.
"""

import argparse
import os
import random
import statistics
import tempfile
import threading
import time
from contextlib import ExitStack
from pathlib import Path

import httpx
from served import generated_store, served  # beside this script

from analyses.coverage import rank_chains
from analyses.page import MAX_PAGE
from app.api.auth import KeyStore
from graph_model.reference import districts
from ingest.job import discover
from store import MemoryStore


def percentile(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1] if len(values) > 1 else values[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", default="city", choices=["small", "city"])
    parser.add_argument("--work", type=Path, default=None)
    parser.add_argument("--readers", type=int, default=4, help="reader threads")
    parser.add_argument("--idle", type=float, default=30.0, help="seconds of reads on the idle server")
    args = parser.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="sg-reads-during-load-"))
    db = generated_store(work, args.scale, 3)
    store = MemoryStore(db)
    chains = [c.chain.id for c in rank_chains(store, limit=MAX_PAGE).items][:8]
    store.close()
    files, _ = discover([work / "data"])
    keys = KeyStore(work / "keys.db")
    planner, _ = keys.create("reader", "planner")
    admin, _ = keys.create("loader", "admin")
    limits = {"SKILLGRAPH_MAX_UPLOAD_ROWS": "5000000", "SKILLGRAPH_MAX_UPLOAD_MB": "2000"}
    district_ids = [d["id"] for d in districts() if d["type"] == "district"]
    page_sizes = iter(range(1, 10**9))
    page_lock = threading.Lock()

    def read_until(stop: threading.Event, seed: int, out: dict[str, list[float]]) -> None:
        rng = random.Random(seed)
        with httpx.Client(base_url=base, headers={"Authorization": f"Bearer {planner}"}, timeout=600) as client:
            while not stop.is_set():
                t0 = time.perf_counter()
                client.get(f"/api/v1/chains/{rng.choice(chains)}/coverage").raise_for_status()
                out["kept"].append(time.perf_counter() - t0)
                with page_lock:
                    size = 1 + next(page_sizes) % MAX_PAGE
                t0 = time.perf_counter()
                # a page size and region pair not asked before in this phase: computed, not kept
                client.get("/api/v1/gaps", params={"region": rng.choice(district_ids), "limit": size,
                                                   "offset": rng.randrange(50)}).raise_for_status()
                out["computed"].append(time.perf_counter() - t0)

    def phase(name: str, until: threading.Event | float) -> dict[str, list[float]]:
        times: dict[str, list[float]] = {"kept": [], "computed": []}
        stop = until if isinstance(until, threading.Event) else threading.Event()
        readers = [threading.Thread(target=read_until, args=(stop, i, times)) for i in range(args.readers)]
        for r in readers:
            r.start()
        if not isinstance(until, threading.Event):
            time.sleep(until)
            stop.set()
        for r in readers:
            r.join()
        for kind, values in times.items():
            ms = [v * 1000 for v in values]
            print(f"  {name:<12} {kind:<9} {len(ms):>6} reads  p50 {percentile(ms, 50):8.1f} ms  "
                  f"p99 {percentile(ms, 99):8.1f} ms  max {max(ms):8.1f} ms")
        return times

    with served(db, work / "keys.db", env=limits) as (base, _), httpx.Client(base_url=base, timeout=3600) as client:
        print(f"{args.scale} data: {len(files)} files, {sum(f.stat().st_size for f in files) / 2**20:.0f} MiB; "
              f"{args.readers} reader threads; load average {os.getloadavg()[0]:.1f}")
        with httpx.Client(base_url=base, headers={"Authorization": f"Bearer {planner}"}, timeout=600) as warm:
            for chain in chains:  # untimed: the first reads after a start build what later reads reuse
                warm.get(f"/api/v1/chains/{chain}/coverage").raise_for_status()
            for district in district_ids:
                warm.get("/api/v1/gaps", params={"region": district, "limit": 1}).raise_for_status()
        phase("idle", args.idle)
        done = threading.Event()
        outcome: dict[str, object] = {}

        def upload() -> None:
            t0 = time.monotonic()
            with ExitStack() as stack:
                parts = [("files", (f.name, stack.enter_context(f.open("rb")))) for f in files]
                r = client.post("/api/v1/ingest", files=parts, headers={"Authorization": f"Bearer {admin}"})
            outcome["status"], outcome["seconds"] = r.status_code, time.monotonic() - t0
            outcome["rows"] = r.json().get("summary", {}).get("rows_loaded") if r.status_code == 200 else r.text
            done.set()

        loader = threading.Thread(target=upload)
        loader.start()
        during = phase("during load", done)
        loader.join()
        print(f"  the load: HTTP {outcome['status']}, {outcome['rows']} rows in {outcome['seconds']:.1f} s; "
              f"load average {os.getloadavg()[0]:.1f}")
        worst = max(percentile([v * 1000 for v in during[k]], 99) for k in during)
        print(f"p99 during the load: {worst:.0f} ms (target ≤ 2,000 ms)")




if __name__ == "__main__":
    main()
