"""Timing of refusals: does a chain leader's request for a hidden id take as long as one for a missing id?

Loads the small demo data into an embedded store, serves it with `skillgraph serve` (a real server
process), creates a chain-leader key for the largest chain, then sends interleaved requests for ids of
other chains' organisations (hidden: they exist) and for ids that do not exist (missing), to
`/entities/{id}` and `/network/{id}`, and prints the median of each and their difference.

    python benchmarks/isolation/run.py [--requests 400] [--work DIR]

Target (issue 14): the medians of hidden and missing within 20 % of each other.
"""

import argparse
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

from analyses.coverage import rank_chains
from analyses.page import MAX_PAGE
from app.api.auth import KeyStore
from app.tuning import ingest_tuned
from ingest.generate import generate
from ingest.job import run_ingest
from queries import run
from store import MemoryStore


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--requests", type=int, default=400, help="requests per endpoint and kind of id")
    parser.add_argument("--work", type=Path, default=None)
    args = parser.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="sg-isolation-"))
    db = work / "graph.db"
    if not db.exists():
        generate("small", 1, work / "data")
        store = MemoryStore(db)
        with ingest_tuned():
            run_ingest([work / "data"], store, progress=False)
        store.close()
    store = MemoryStore(db)
    ranked = rank_chains(store, limit=MAX_PAGE).items
    chain = max(ranked, key=lambda c: (sum(link.members for link in c.links), c.chain.id)).chain.id
    scope = {r["id"] for r in run(store, "chain_scope", {"chain_id": chain})}
    hidden = sorted(r["id"] for r in run(store, "region_organisations", {"region_kind": "city"})
                    if r["id"] not in scope)
    store.close()
    keys = KeyStore(work / "keys.db")
    key, _ = keys.create("timing", "chain_leader", [chain])
    port = free_port()
    env = {**os.environ, "SKILLGRAPH_STORE": f"memory://{db}", "SKILLGRAPH_KEYS": str(work / "keys.db")}
    server = subprocess.Popen([sys.executable, "-m", "app.cli", "serve", "--port", str(port)], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    rng = random.Random(1)
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", headers={"Authorization": f"Bearer {key}"}) as client:
            deadline = time.monotonic() + 120
            while True:
                try:
                    if client.get("/ready").status_code == 200:
                        break
                except httpx.TransportError:
                    pass
                assert time.monotonic() < deadline, "the server did not come up"
                time.sleep(0.3)
            print(f"chain leader of {chain} ({len(scope)} ids in scope); {len(hidden)} hidden organisations; "
                  f"load average {os.getloadavg()[0]:.1f}")
            for endpoint in ("/api/v1/entities/{}", "/api/v1/network/{}"):
                for _ in range(20):  # warm up: the leader's visible ids, the interpreter
                    client.get(endpoint.format(rng.choice(hidden)))
                times: dict[str, list[float]] = {"hidden": [], "missing": []}
                for i in range(args.requests):
                    for kind in ("hidden", "missing") if i % 2 else ("missing", "hidden"):
                        node = rng.choice(hidden) if kind == "hidden" else f"ent-9{rng.randrange(10**6):06d}"
                        t0 = time.perf_counter()
                        r = client.get(endpoint.format(node))
                        times[kind].append(time.perf_counter() - t0)
                        assert r.status_code == 404, (node, r.status_code)
                h, m = (statistics.median(times[k]) * 1000 for k in ("hidden", "missing"))
                print(f"{endpoint.format('{id}')}: median hidden {h:.2f} ms, missing {m:.2f} ms over "
                      f"{args.requests} each, interleaved; difference {abs(h - m) / m:.1%} (target ≤ 20 %)")
    finally:
        server.terminate()
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
