"""API load benchmark: 32 clients for 60 s against the API on Neo4j, and the same queries raw.

Generates the demo data of a scale, loads it into a local Neo4j started here (reused with --work),
serves the API on it (`skillgraph serve`, one server process, as configured by default), and in the same run:

1. raw: the store calls each endpoint makes (captured once per input: the named Cypher queries and
   lookups, straight through the driver, no HTTP and no response building), replayed by the same
   number of concurrent clients for the same time;
2. API: the same number of keep-alive clients for the same time, asking coverage / gaps / network /
   search (4 : 4 : 1 : 1) back to back with inputs drawn from the graph — twice: as the API runs
   (answers kept until the data changes, app/api/answers.py), and with SKILLGRAPH_ANSWER_CACHE_MB=0
   (every request computed), whose API / raw is what HTTP, keys and JSON cost over the store calls.
   The clients are wrk's (Debian package `wrk`: one process per endpoint, the clients shared out by
   weight), written in C so that they take little of the cores the server and Neo4j share;
   `--client locust` runs locust's Python clients instead (benchmarks/api/locustfile.py), each
   client mixing the four endpoints.

Prints per endpoint: requests, requests/s, errors, p50 and p99 (API and raw), and API / raw.

    scripts/setup.sh bench                                    # wrk (Debian), and locust for --client locust
    python benchmarks/api/run.py --scale city                 # the issue's figures
    python benchmarks/api/run.py --scale small --seconds 20   # a quick look
    python benchmarks/api/run.py --scale city --work /tmp/ab  # a rerun reuses data and the loaded Neo4j

Targets (issue 6): p99 ≤ 150 ms for coverage and gaps at 32 concurrent clients, zero errors;
API time ≤ 1.5 × raw query time.
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
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
from rich.console import Console
from rich.table import Table

from analyses.coverage import chain_coverage
from analyses.gaps import gap_table
from analyses.network import network_view
from analyses.search import search
from app.api.auth import KeyStore
from queries import refresh_summaries
from store import GraphStore

console = Console(width=None if sys.stdout.isatty() else 140)
HERE = Path(__file__).resolve().parent

_spec = importlib.util.spec_from_file_location("bench_queries", HERE.parent / "queries" / "run.py")
assert _spec and _spec.loader
bench_queries = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(bench_queries)

TARGET_P99_MS = {"coverage": 150.0, "gaps": 150.0}
TARGET_RATIO = 1.5

MODES: dict[str, dict[str, str]] = {
    "answers kept": {},
    "answers not kept": {"SKILLGRAPH_ANSWER_CACHE_MB": "0"},
}
"""The API phases: as it runs, and with every request computed (its overhead over the raw store calls)."""

Call = tuple[str, tuple[Any, ...], dict[str, Any]]


class Recorder:
    """A store that records every call on its way to the real one.

    What it records is what an analysis asks of the store for one request when the API keeps no answer
    (every store call of the analysis, the city-wide ones included).
    """

    def __init__(self, store: GraphStore) -> None:
        self.store = store
        self.calls: list[Call] = []

    def __getattr__(self, name: str) -> Callable[..., Any]:
        method = getattr(self.store, name)

        def record(*args: Any, **kwargs: Any) -> Any:
            self.calls.append((name, args, kwargs))
            return method(*args, **kwargs)

        return record


def capture(store: GraphStore, endpoint: Callable[[GraphStore, str], Any], inputs: list[str]) -> list[list[Call]]:
    """The store calls the analysis behind an endpoint makes, once per input."""
    captured = []
    for value in inputs:
        recorder = Recorder(store)
        endpoint(recorder, value)  # type: ignore[arg-type]
        captured.append(recorder.calls)
    return captured


def replay_raw(store: GraphStore, plans: dict[str, list[list[Call]]], weights: dict[str, int], users: int,
               seconds: float) -> dict[str, list[float]]:
    """`users` threads replaying captured store calls back to back for `seconds`; latencies per endpoint."""
    latencies: dict[str, list[float]] = {name: [] for name in plans}
    errors: dict[str, int] = dict.fromkeys(plans, 0)
    lock = threading.Lock()
    names = [n for n in plans for _ in range(weights[n])]
    stop_at = time.monotonic() + seconds

    def client(seed: int) -> None:
        rng = random.Random(seed)
        while time.monotonic() < stop_at:
            name = rng.choice(names)
            calls = rng.choice(plans[name])
            t0 = time.perf_counter()
            try:
                for method, args, kwargs in calls:
                    getattr(store, method)(*args, **kwargs)
            except Exception:  # counted, like locust counts a failed request
                with lock:
                    errors[name] += 1
                continue
            took = time.perf_counter() - t0
            with lock:
                latencies[name].append(took)

    threads = [threading.Thread(target=client, args=(i,)) for i in range(users)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for name, n in errors.items():
        if n:
            console.print(f"[red]raw {name}: {n} errors[/red]")
    return latencies


def percentile_ms(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    rank = (len(ordered) - 1) * q / 100
    low = int(rank)
    high = min(low + 1, len(ordered) - 1)
    return 1000 * (ordered[low] + (ordered[high] - ordered[low]) * (rank - low))


def serve(uri: str, port: int, keys: Path, log: Path, extra_env: dict[str, str]) -> subprocess.Popen[bytes]:
    env = {**os.environ, "SKILLGRAPH_STORE": uri, "SKILLGRAPH_KEYS": str(keys), "PYTHONUNBUFFERED": "1",
           **extra_env}
    cmd = [sys.executable, "-m", "app.cli", "serve", "--port", str(port)]
    proc = subprocess.Popen(cmd, env=env, stdout=log.open("wb"), stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 60
    while True:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/ready", timeout=2).status_code == 200:
                return proc
        except httpx.TransportError:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            raise SystemExit(f"the API server did not come up; see {log}")
        time.sleep(0.3)


def warm_up(port: int, key: str, inputs: Any) -> None:
    """Each request of the locust file once per input (what its clients ask, in the same form)."""
    with httpx.Client(base_url=f"http://127.0.0.1:{port}", headers={"Authorization": f"Bearer {key}"},
                      timeout=300) as client:
        for chain in dict.fromkeys(inputs.chains):
            client.get(f"/api/v1/chains/{chain}/coverage").raise_for_status()
            client.get(f"/api/v1/network/{chain}", params={"depth": 1, "limit": 200}).raise_for_status()
        for district in dict.fromkeys(inputs.districts):
            client.get("/api/v1/gaps", params={"region": district, "limit": 100}).raise_for_status()
        for text in dict.fromkeys(inputs.search_texts):
            client.get("/api/v1/search", params={"q": text, "limit": 20}).raise_for_status()


def run_locust(port: int, key: str, inputs: Path, users: int, seconds: int,
               prefix: Path) -> dict[str, dict[str, float]]:
    env = {**os.environ, "SG_KEY": key, "SG_INPUTS": str(inputs)}
    cmd = ["locust", "-f", str(HERE / "locustfile.py"), "--headless", "-u", str(users), "-r", str(users),
           "-t", f"{seconds}s", "--host", f"http://127.0.0.1:{port}", "--csv", str(prefix), "--only-summary",
           "--loglevel", "WARNING"]
    subprocess.run(cmd, env=env, check=False, stdout=subprocess.DEVNULL)
    with open(f"{prefix}_stats.csv", encoding="utf-8") as f:
        rows = {("all" if row["Name"] == "Aggregated" else row["Name"]): row for row in csv.DictReader(f)}
    return {name: {"requests": int(row["Request Count"]), "rps": float(row["Requests/s"]),
                   "errors": int(row["Failure Count"]), "p50": float(row["50%"]), "p99": float(row["99%"])}
            for name, row in rows.items()}


WRK_SCRIPT = """\
-- generated by benchmarks/api/run.py: one endpoint, its inputs drawn at random, figures as one JSON line
local paths = {%(paths)s}
wrk.headers["Authorization"] = "Bearer %(key)s"
wrk.headers["Accept-Encoding"] = "gzip"
request = function()
  return wrk.format("GET", paths[math.random(#paths)])
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format('SG {"requests": %%d, "seconds": %%f, "errors": %%d, "p50": %%f, "p99": %%f}\\n',
    summary.requests, summary.duration / 1e6, e.connect + e.read + e.write + e.status + e.timeout,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
"""


def wrk_paths(inputs: Any) -> dict[str, list[str]]:
    """The requests of each endpoint, one per input (as the locust file makes them)."""
    from urllib.parse import quote

    return {
        "coverage": [f"/api/v1/chains/{c}/coverage" for c in inputs.chains],
        "gaps": [f"/api/v1/gaps?region={quote(d)}&limit=100" for d in inputs.districts],
        "network": [f"/api/v1/network/{c}?depth=1&limit=200" for c in inputs.chains],
        "search": [f"/api/v1/search?q={quote(t)}&limit=20" for t in inputs.search_texts],
    }


def split_clients(users: int, weights: dict[str, int]) -> dict[str, int]:
    """`users` connections shared out by weight (largest remainder), at least one each."""
    total = sum(weights.values())
    exact = {n: users * w / total for n, w in weights.items()}
    share = {n: max(1, int(x)) for n, x in exact.items()}
    for n in sorted(exact, key=lambda n: exact[n] - int(exact[n]), reverse=True):
        if sum(share.values()) >= users:
            break
        share[n] += 1
    return share


def run_wrk(port: int, key: str, inputs: Any, users: int, seconds: int, weights: dict[str, int],
            work: Path) -> dict[str, dict[str, float]]:
    """One wrk process per endpoint (one thread each), the clients shared out by the endpoints' weights,
    all running at once: `users` keep-alive connections asking back to back. wrk is C and spends little
    of the two cores the server and Neo4j share, where locust's Python clients take a large part of one."""
    procs = {}
    for name, paths in wrk_paths(inputs).items():
        script = work / f"wrk-{name}.lua"
        lua_paths = ", ".join(json.dumps(p) for p in paths)
        script.write_text(WRK_SCRIPT % {"paths": lua_paths, "key": key}, encoding="utf-8")
        cmd = ["wrk", "-t1", f"-c{split_clients(users, weights)[name]}", f"-d{seconds}s", "--timeout", "30s",
               "-s", str(script), f"http://127.0.0.1:{port}"]
        procs[name] = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    stats: dict[str, dict[str, float]] = {}
    for name, proc in procs.items():
        out, _ = proc.communicate()
        line = next((x for x in out.splitlines() if x.startswith("SG ")), None)
        if line is None:
            raise SystemExit(f"wrk for {name} printed no figures:\n{out}")
        figures = json.loads(line[3:])
        stats[name] = {"requests": figures["requests"], "rps": figures["requests"] / figures["seconds"],
                       "errors": figures["errors"], "p50": figures["p50"], "p99": figures["p99"]}
    stats["all"] = {"requests": sum(s["requests"] for s in stats.values()),
                    "rps": sum(s["rps"] for s in stats.values()),
                    "errors": sum(s["errors"] for s in stats.values()), "p50": float("nan"), "p99": float("nan")}
    return stats


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", choices=["small", "city"], default="city")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--users", type=int, default=32, help="concurrent clients (default 32)")
    parser.add_argument("--seconds", type=int, default=60, help="length of each phase (default 60)")
    parser.add_argument("--samples", type=int, default=50, help="inputs drawn per endpoint (default 50)")
    parser.add_argument("--work", type=Path, default=None, help="work folder (default: a temporary one)")
    parser.add_argument("--heap", default=None, help="Neo4j heap (default 3g at city scale, else 1g)")
    parser.add_argument("--pagecache", default="1g")
    parser.add_argument("--workers", type=int, default=1,
                        help="server processes (default 1, the server's default: on two cores shared with Neo4j and "
                             "the load generator, two processes answer more requests but with a longer tail)")
    parser.add_argument("--client", choices=["wrk", "locust"], default="wrk",
                        help="load generator (default wrk, from Debian's packages: C, light on the shared cores)")
    args = parser.parse_args()
    if shutil.which(args.client) is None:
        raise SystemExit(f"{args.client} not found: `scripts/setup.sh bench` installs wrk (the default load "
                         "generator) and locust (--client locust)")

    work = args.work or Path(tempfile.mkdtemp(prefix="sg-bench-api-"))
    work.mkdir(parents=True, exist_ok=True)
    data = work / f"data-{args.scale}-{args.seed}"
    if not data.exists():
        bench_queries.generate(args.scale, args.seed, data)
    heap = args.heap or ("3g" if args.scale == "city" else "1g")
    with bench_queries.local_neo4j(work / "neo4j", bench_queries._free_port(), heap, args.pagecache) as store:
        store.apply_schema()
        if store.counts().nodes.get("Enterprise", 0) == 0:
            seconds = bench_queries.load(store, data)
            console.print(f"loaded {args.scale} data into Neo4j in {seconds:.1f} s")
        elif not store.summaries_current():  # as the ingest that loaded it would have left them
            t0 = time.perf_counter()
            refresh_summaries(store)
            console.print(f"summaries rebuilt in {time.perf_counter() - t0:.1f} s")
        counts = store.counts()
        inputs = bench_queries.sample_inputs(store, args.samples, args.seed)
        inputs_file = work / "inputs.json"
        inputs_file.write_text(json.dumps(inputs.__dict__, ensure_ascii=False), encoding="utf-8")
        plans = {
            "coverage": capture(store, lambda s, c: chain_coverage(s, c), inputs.chains),
            "gaps": capture(store, lambda s, d: gap_table(s, d), inputs.districts),
            "network": capture(store, lambda s, c: network_view(s, c, depth=1, limit=200), inputs.chains),
            "search": capture(store, lambda s, t: search(s, t, limit=20), inputs.search_texts),
        }
        weights = {"coverage": 4, "gaps": 4, "network": 1, "search": 1}  # as in locustfile.py
        load_before = os.getloadavg()
        console.print(f"raw phase: {args.users} clients × {args.seconds} s through the driver …")
        raw = replay_raw(store, plans, weights, args.users, args.seconds)

        keys = KeyStore(work / "keys.db")
        keys.revoke_named("bench")
        key, _ = keys.create("bench", "planner")
        stats: dict[str, dict[str, dict[str, float]]] = {}
        for mode, extra_env in MODES.items():
            port = bench_queries._free_port()
            server = serve(store.uri, port, work / "keys.db", work / f"server-{mode}.log",
                           {**extra_env, "SKILLGRAPH_WORKERS": str(args.workers)})
            try:
                # Untimed, like the raw phase's capture (which also runs every input once first): one pass
                # over the inputs, so the timed phase sees the server as it runs between two ingests.
                t0 = time.perf_counter()
                warm_up(port, key, inputs)
                console.print(f"API phase ({mode}): one untimed pass over the inputs in "
                              f"{time.perf_counter() - t0:.1f} s; {args.client}, {args.users} clients × "
                              f"{args.seconds} s, {args.workers} server process(es) …")
                if args.client == "wrk":
                    stats[mode] = run_wrk(port, key, inputs, args.users, args.seconds, weights, work)
                else:
                    stats[mode] = run_locust(port, key, inputs_file, args.users, args.seconds,
                                             work / f"locust-{mode}")
            finally:
                server.terminate()
                server.wait(timeout=30)
        load_after = os.getloadavg()

    organisations = sum(v for k, v in counts.nodes.items() if k in ("Enterprise", "School", "TrainingProvider",
                                                                     "EvaluationBody", "EmploymentService",
                                                                     "ResearchInstitute"))
    table = Table("endpoint", "API", "requests", "req/s", "errors", "API p50 ms", "API p99 ms", "raw calls",
                  "raw p50 ms", "raw p99 ms", "API/raw p50", "API/raw p99", "target", "met",
                  title=f"API under {args.users} clients for {args.seconds} s — {args.scale} scale on Neo4j "
                        f"({organisations:,} organisations, {sum(counts.relationships.values()):,} relationships)",
                  caption=f"load average {load_before[0]:.1f} before, {load_after[0]:.1f} after; "
                          f"{args.workers} server process(es), {args.client} and Neo4j on the same machine; each "
                          "phase after one untimed pass over its inputs. 'answers kept' is the API "
                          "as it runs (app/api/answers.py); 'answers not kept' computes every request, so its "
                          "API/raw is the cost of HTTP, keys and JSON over the store calls")
    for mode in MODES:
        for name in plans:
            row = stats[mode].get(name, {})
            p50, p99 = row.get("p50", float("nan")), row.get("p99", float("nan"))
            r50, r99 = percentile_ms(raw[name], 50), percentile_ms(raw[name], 99)
            errors = int(row.get("errors", 0))
            target = TARGET_P99_MS.get(name)
            met = ""
            if target is not None:
                ok = p99 <= target and errors == 0 and p50 <= TARGET_RATIO * r50
                met = "[green]yes[/green]" if ok else "[red]no[/red]"
            table.add_row(name, mode, f"{int(row.get('requests', 0)):,}", f"{row.get('rps', float('nan')):.1f}",
                          str(errors), f"{p50:.0f}", f"{p99:.0f}", str(len(raw[name])), f"{r50:.1f}", f"{r99:.1f}",
                          f"{p50 / r50:.2f}", f"{p99 / r99:.2f}",
                          f"p99≤{target:.0f}, 0 err, ≤{TARGET_RATIO}×raw" if target else "", met)
        total = stats[mode].get("all", {})
        table.add_row("all", mode, f"{int(total.get('requests', 0)):,}", f"{total.get('rps', float('nan')):.1f}",
                      str(int(total.get("errors", 0))), "", "", str(sum(len(v) for v in raw.values())),
                      "", "", "", "", "", "")
        table.add_section()
    console.print(table)


if __name__ == "__main__":
    main()
