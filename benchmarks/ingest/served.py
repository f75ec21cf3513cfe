"""What the ingest benchmarks that drive a live server share: an embedded store file of generated data, and
`skillgraph serve` on it in a child process, up and answering."""

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

from app.tuning import ingest_tuned
from ingest.generate import generate
from ingest.job import run_ingest
from store import MemoryStore


def generated_store(work: Path, scale: str, seed: int) -> Path:
    """`work/graph.db`, holding the generated data of `scale` (generated into `work/data` and loaded once)."""
    db = work / "graph.db"
    if not (work / "data").exists():
        generate(scale, seed, work / "data")
    if not db.exists():
        store = MemoryStore(db)
        with ingest_tuned():
            run_ingest([work / "data"], store, progress=False)
        store.close()
    return db


@contextmanager
def served(db: Path, keys: Path, env: dict[str, str] | None = None, wait: float = 600) -> Iterator[tuple[str, int]]:
    """`skillgraph serve` on the embedded store `db` with the API keys file `keys`, on a free port: yields its
    base URL and process id once it answers `/ready`; stopped after the block."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = int(s.getsockname()[1])
    server = subprocess.Popen(
        [sys.executable, "-m", "app.cli", "serve", "--port", str(port)],
        env={**os.environ, "SKILLGRAPH_STORE": f"memory://{db}", "SKILLGRAPH_KEYS": str(keys), **(env or {})},
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + wait
        while True:
            try:
                if httpx.get(f"{base}/ready").status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if server.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("the server did not come up")
            time.sleep(0.3)
        yield base, server.pid
    finally:
        server.terminate()
        server.wait(timeout=60)
