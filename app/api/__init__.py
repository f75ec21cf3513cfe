"""The HTTP API (`/api/v1`) and the web UI (`/`), as one FastAPI application."""

import logging
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager

from fastapi import FastAPI

from app.api import edges, exports, problems
from app.api.access import StoreGate
from app.api.answers import AnswerCache
from app.api.auth import KeyStore
from app.api.edges import Throttle
from app.api.routers import (
    chains,
    gaps,
    graph,
    health,
    ingest,
    library,
    loads,
    measures,
    outlook,
    recommendations,
    reports,
)
from app.settings import Settings
from store import GraphStore, MemoryStore, open_store

API_PREFIX = "/api/v1"
TITLE = "SkillGraph API · 产教评技能生态链知识图谱"

DESCRIPTION = """
The knowledge graph of Chongqing's industry–education–evaluation skills ecosystem (产教评技能生态链).

Every `/api/v1` call needs an API key: `Authorization: Bearer sg_…` or `X-API-Key: sg_…`
(`skillgraph keys create --role planner --name me` prints one). Roles: **planner** (every analysis),
**chain_leader** (its own chains only; other chains answer 404), **analyst** (every analysis and
the named Cypher library), **admin** (everything, including loading data). Errors are RFC 9457
problem details (`application/problem+json`). Lists are paged with `limit` and `offset` and say
their `total`.
"""

log = logging.getLogger("skillgraph.api")

def create_app(settings: Settings | None = None, store: GraphStore | None = None,
               keys: KeyStore | None = None, on_started: Callable[[], None] | None = None) -> FastAPI:
    """The application: the store named by `settings` (or the one given), API keys, routes, the UI.

    `on_started` runs once startup is done (the server entry point tunes the process there)."""
    settings = settings or Settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        owned = store is None
        app.state.store = store or open_store(
            settings.store, auth=settings.neo4j_auth(), database=settings.neo4j_database,
            timeout=settings.neo4j_timeout,
        )
        app.state.gate = StoreGate(exclusive_writes=isinstance(app.state.store, MemoryStore))
        app.state.keys = keys or KeyStore(settings.keys)
        app.state.settings = settings
        app.state.answers = AnswerCache(settings.answer_cache_mb * 1024 * 1024)
        app.state.throttle = Throttle(settings.auth_failures, settings.auth_window)
        if on_started is not None:
            on_started()
        try:
            yield
        finally:
            if owned:
                app.state.store.close()

    app = FastAPI(
        title=TITLE,
        version="1.0.0",
        description=DESCRIPTION,
        lifespan=lifespan,
        docs_url=None,  # served from this server's own copy of Swagger UI (app/api/edges.py)
        redoc_url=None,
        redirect_slashes=False,  # a redirect would be built from the request's Host header
        openapi_tags=[
            {"name": "analyses", "description": "Chain coverage, gaps, shortages, evaluation deserts (分析)"},
            {"name": "recommendations", "description": "Service stations and partners to invite (推荐)"},
            {"name": "graph", "description": "Network view, search, entity detail, statistics (图谱)"},
            {"name": "reports", "description": "Printable reports per district and chain, PDF (报告)"},
            {"name": "library", "description": "The named Cypher library, for analysts (查询库)"},
            {"name": "admin", "description": "Loading data (管理)"},
            {"name": "health", "description": "Liveness and readiness"},
        ],
    )
    problems.install(app)
    edges.install(app, TITLE + " — docs")
    app.include_router(health.router)
    for router in (graph.router, chains.router, gaps.router, outlook.router, measures.router, recommendations.router,
                   reports.router, library.router, ingest.router, loads.router):
        exports.document(router)
        app.include_router(router, prefix=API_PREFIX)
    from app.web import mount_ui

    mount_ui(app)
    return app
