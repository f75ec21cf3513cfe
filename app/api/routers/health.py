"""Liveness and readiness: no key needed."""

import os

from fastapi import APIRouter, Request

from app.api.problems import problem_responses

router = APIRouter(tags=["health"])


@router.get("/health", summary="The process is alive (and which server process answered)")
def health() -> dict[str, str | int]:
    return {"status": "alive", "process": os.getpid()}


@router.get("/ready", summary="The store answers", responses=problem_responses(503))
def ready(request: Request) -> dict[str, str]:
    store = request.app.state.store
    verify = getattr(store, "verify", None)
    if verify is not None:
        verify()
    else:
        store.kinds_of(["city"])
    return {"status": "ready", "store": type(store).__name__}
