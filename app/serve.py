"""Running the server: `skillgraph serve` on the configured store, `skillgraph demo` on demo data."""

import functools
import socket
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import uvicorn
from fastapi import FastAPI
from uvicorn.supervisors import Multiprocess

from analyses.coverage import rank_chains
from analyses.page import MAX_PAGE
from app.api import create_app
from app.api.auth import KeyStore, Role
from app.settings import Settings
from app.tuning import gc_paused, settle_gc
from store import MemoryStore, open_store

DEMO_SEED = 1
DEMO_KEY_PREFIX = "demo-"


@dataclass(frozen=True)
class DemoKey:
    role: Role
    key: str
    chain_ids: list[str]


class ServeError(ValueError):
    """The server cannot run as asked; `option` is the command-line option to change."""

    def __init__(self, message: str, option: str = "--workers") -> None:
        super().__init__(message)
        self.option = option


def serve(settings: Settings, log_level: str = "info") -> None:
    """Serve the API and UI on `settings.host:settings.port` until interrupted.

    With `settings.workers` > 1, that many server processes share the port (Neo4j only: each process
    would hold its own copy of an embedded graph, and an upload to one would not reach the others).
    """
    if settings.workers == 1:
        with gc_paused():  # an embedded store's graph is millions of objects to unpickle
            store = open_store(settings.store, auth=settings.neo4j_auth(), database=settings.neo4j_database,
                               timeout=settings.neo4j_timeout)
        try:
            uvicorn.run(create_app(settings, store=store, on_started=settle_gc), host=settings.host,
                        port=settings.port, log_level=log_level, proxy_headers=True,
                        forwarded_allow_ips=settings.forwarded_allow_ips)
        finally:
            store.close()
        return
    if settings.store.startswith("memory://"):
        raise ServeError(f"{settings.workers} workers need a Neo4j store: each worker would hold its own copy of "
                         "the embedded graph (use one worker, or SKILLGRAPH_STORE=neo4j://…)")
    # Each worker process unpickles this factory, settings included, and makes its own application.
    config = uvicorn.Config(functools.partial(worker_app, settings), factory=True, workers=settings.workers,
                            host=settings.host, port=settings.port, log_level=log_level, proxy_headers=True,
                            forwarded_allow_ips=settings.forwarded_allow_ips)
    try:  # the address is free: say so here, once, rather than in every worker
        reuse_port_socket(settings.host, settings.port, config.backlog).close()
    except OSError as exc:
        raise ServeError(f"cannot listen on {settings.host}:{settings.port}: {exc.strerror or exc}", "--port") from exc
    listener = ReusePortListener(settings.host, settings.port, config.backlog)  # a socket of its own in each worker
    Multiprocess(config, sockets=[listener]).run()  # type: ignore[list-item]


class ReusePortListener:
    """A listening socket for one worker process, made in that process: SO_REUSEPORT.

    uvicorn's several workers otherwise share one listening socket bound by the parent, and the
    kernel hands its new connections mostly to the same warm worker (wakeups are last in, first out):
    with keep-alive clients one process can end up holding most of them while the other idles. Each
    worker listening on a socket of its own in one SO_REUSEPORT group, the kernel spreads connections
    over the workers by their address hash. uvicorn's supervisor (restarts, signals) stays as it is:
    it hands this object to each worker it starts, and unpickling it there binds that worker's socket.
    """

    def __init__(self, host: str, port: int, backlog: int) -> None:
        self.host, self.port, self.backlog = host, port, backlog

    def __reduce__(self) -> tuple[Any, tuple[str, int, int]]:
        return (reuse_port_socket, (self.host, self.port, self.backlog))


def reuse_port_socket(host: str, port: int, backlog: int) -> socket.socket:
    """A TCP socket listening on host:port, in the SO_REUSEPORT group of that address."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
        sock.bind((host, port))
        sock.listen(backlog)
    except OSError:
        sock.close()
        raise
    sock.set_inheritable(True)
    return sock


def worker_app(settings: Settings) -> FastAPI:
    """The application of one worker process of `serve`."""
    return create_app(settings, on_started=settle_gc)


def demo_settings(home: Path, host: str, port: int) -> Settings:
    return Settings(store=f"memory://{home / 'graph.db'}", keys=home / "keys.db", host=host, port=port)


def prepare_demo(home: Path, fresh: bool = False, progress: bool = True) -> tuple[Settings, list[DemoKey]]:
    """Generate the small demo data (seed 1), load it into an embedded store under `home` unless it is
    there already, and issue one fresh demo key per role (earlier demo keys are revoked)."""
    from ingest.generate import generate
    from ingest.job import run_ingest

    graph = home / "graph.db"
    if fresh:
        for leftover in home.glob("graph.db*"):
            leftover.unlink()
    store = MemoryStore(graph)
    try:
        if store.counts().nodes.get("Enterprise", 0) == 0:
            data = home / "data"
            generate("small", DEMO_SEED, data, history=True)
            report = run_ingest([data], store, progress=progress)
            if not report.ok:
                raise RuntimeError(f"the demo data did not load cleanly: {report.summary()}")
            store.compact()
        ranked = rank_chains(store, limit=MAX_PAGE).items
        # The demo chain leader's chain: the largest chain, so "my network" has something to show.
        sizes = {c.chain.id: sum(link.members for link in c.links) for c in ranked}
        chain_id = max(sorted(sizes), key=lambda c: sizes[c])
    finally:
        store.close()
    keys = KeyStore(home / "keys.db")
    issued = []
    for role in Role:
        name = DEMO_KEY_PREFIX + role.value
        keys.revoke_named(name)
        chains = [chain_id] if role is Role.chain_leader else []
        key, _ = keys.create(name, role, chains)
        issued.append(DemoKey(role, key, chains))
    return demo_settings(home, "127.0.0.1", 8000), issued
