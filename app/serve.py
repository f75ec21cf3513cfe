"""Running the server: `skillgraph serve` on the configured store, `skillgraph demo` on demo data."""

import os
from dataclasses import dataclass
from pathlib import Path

import uvicorn
from fastapi import FastAPI

from app.api import create_app
from app.api.auth import KeyStore, Role
from app.settings import DEFAULT_HOME, Settings
from store import MemoryStore

DEMO_HOME = DEFAULT_HOME / "demo"
DEMO_SEED = 1
DEMO_KEY_PREFIX = "demo-"


@dataclass(frozen=True)
class DemoKey:
    role: Role
    key: str
    chain_ids: list[str]


class ServeError(ValueError):
    """The server cannot run as asked."""


def serve(settings: Settings, log_level: str = "info") -> None:
    """Serve the API and UI on `settings.host:settings.port` until interrupted.

    With `settings.workers` > 1, that many server processes share the port (Neo4j only: each process
    would hold its own copy of an embedded graph, and an upload to one would not reach the others).
    """
    if settings.workers == 1:
        uvicorn.run(create_app(settings, server=True), host=settings.host, port=settings.port, log_level=log_level)
        return
    if settings.store.startswith("memory://"):
        raise ServeError(f"{settings.workers} workers need a Neo4j store: each worker would hold its own copy of "
                         "the embedded graph (use one worker, or SKILLGRAPH_STORE=neo4j://…)")
    # Worker processes read their settings from the environment, as `Settings()` does.
    for name, value in settings.model_dump(mode="json").items():
        if value is not None:
            os.environ[ENV_NAMES.get(name, f"SKILLGRAPH_{name.upper()}")] = str(value)
    uvicorn.run("app.serve:app_from_env", factory=True, workers=settings.workers, host=settings.host,
                port=settings.port, log_level=log_level)


ENV_NAMES = {"neo4j_user": "NEO4J_USER", "neo4j_password": "NEO4J_PASSWORD"}


def app_from_env() -> FastAPI:
    """The application of one worker process, on the settings `serve` put in the environment."""
    return create_app(Settings(), server=True)


def demo_settings(home: Path, host: str, port: int) -> Settings:
    return Settings(store=f"memory://{home / 'graph.db'}", keys=home / "keys.db", host=host, port=port)


def prepare_demo(home: Path, fresh: bool = False, progress: bool = True) -> tuple[Settings, list[DemoKey]]:
    """Generate the small demo data (seed 1), load it into an embedded store under `home` unless it is
    there already, and issue one fresh demo key per role (earlier demo keys are revoked)."""
    from ingest.generate import generate
    from ingest.job import run_ingest
    from queries.coverage import rank_chains

    graph = home / "graph.db"
    if fresh:
        for leftover in home.glob("graph.db*"):
            leftover.unlink()
    store = MemoryStore(graph)
    try:
        if store.counts().nodes.get("Enterprise", 0) == 0:
            data = home / "data"
            generate("small", DEMO_SEED, data)
            report = run_ingest([data], store, progress=progress)
            if not report.ok:
                raise RuntimeError(f"the demo data did not load cleanly: {report.summary()}")
            store.compact()
        ranked = rank_chains(store)
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
