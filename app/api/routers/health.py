"""Liveness and readiness: no key needed."""

import secrets

from fastapi import APIRouter, Request

from app.api.problems import problem_responses

router = APIRouter(tags=["health"])


WORKER = secrets.token_hex(4)
"""A token of this server process, new at every start: tells worker processes apart without saying anything of them."""


@router.get("/health", summary="The process is alive (and which server process answered, by a token)")
def health() -> dict[str, str]:
    return {"status": "alive", "worker": WORKER}


@router.get("/ready", summary="The store answers", responses=problem_responses(503))
def ready(request: Request) -> dict[str, str]:
    store = request.app.state.store
    verify = getattr(store, "verify", None)
    if verify is not None:
        verify()
    else:
        store.kinds_of(["city"])
    return {"status": "ready", "store": type(store).__name__}
