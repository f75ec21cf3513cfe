"""Errors as RFC 9457 problem details (`application/problem+json`), never a stack trace."""

import logging
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from starlette.exceptions import HTTPException as StarletteHTTPException

from analyses.errors import NotFoundError
from queries import ParameterError, UnknownQueryError
from store import BookmarkError, StoreError, StoreUnavailableError

PROBLEM_JSON = "application/problem+json"
PROBLEM_BASE = "/problems/"
"""Problem types are relative URIs on this server; `GET /problems/{kind}` says what each means."""

PROBLEM_KINDS: dict[str, str] = {
    "unauthenticated": "No API key, or a key that is unknown, malformed, revoked or expired. Send Authorization: "
                       "Bearer sg_….",
    "too-many-failures": "Too many failed authentications from this address (SKILLGRAPH_AUTH_FAILURES in "
                         "SKILLGRAPH_AUTH_WINDOW seconds); retry after the Retry-After seconds.",
    "forbidden": "The key's role may not do this (e.g. a chain leader asking about the whole city, or a write "
                 "without the admin role).",
    "not-found": "No such chain or node — or one this key may not see: a chain leader gets the same answer for "
                 "an id it may not see as for one that does not exist.",
    "bad-parameter": "A parameter has a value the analysis cannot use (unknown cluster, level, page size, …).",
    "invalid-request": "The request does not match the API's schema; `errors` lists each field and why.",
    "unknown-query": "No query of that name in the Cypher library (GET /api/v1/queries lists them).",
    "store-unavailable": "The graph database is not reachable; retry after the Retry-After seconds.",
    "store-error": "The store refused the operation; the detail says why.",
    "bad-bookmark": "The X-SkillGraph-Bookmark header names a bookmark this deployment did not issue, or is beyond "
                    "its limits (MAX_BOOKMARKS bookmarks of at most MAX_BOOKMARK_CHARS characters, in "
                    "app/api/edges.py); send back the header of an earlier answer, or none.",
    "bad-upload": "An uploaded file cannot be used (no name, two files of one name, …).",
    "too-large": "An uploaded file is larger than the server accepts (SKILLGRAPH_MAX_UPLOAD_MB).",
    "cannot-revert": "The load cannot be reverted: only the last load, on a store that keeps the state before it "
                     "(the embedded store); the detail says why.",
    "over-limit": "An uploaded file is beyond a limit of one upload (rows: SKILLGRAPH_MAX_UPLOAD_ROWS; columns, "
                  "workbook size, shared strings: the limits in ingest/readers.py); the detail names the file and "
                  "the limit. Nothing of the upload was loaded.",
    "method-not-allowed": "This path does not take that HTTP method.",
    "http-error": "An HTTP error without a more specific type.",
    "internal-error": "Something unexpected failed; it has been logged, with no details given to the caller.",
}
RETRY_AFTER_SECONDS = 5

log = logging.getLogger("skillgraph.api")


class Problem(BaseModel):
    """RFC 9457 problem details."""

    type: str
    title: str
    status: int
    detail: str
    instance: str | None = None
    errors: list[dict[str, Any]] | None = None
    """For 422: each invalid parameter or field, with where it is and why."""


class ApiProblem(Exception):
    """Raised by endpoints for a problem they name themselves (403, 404, 409, …)."""

    def __init__(self, status: int, kind: str, detail: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(detail)
        self.status, self.kind, self.detail, self.headers = status, kind, detail, headers


def problem_response(
    request: Request, status: int, kind: str, detail: str,
    headers: dict[str, str] | None = None, errors: list[dict[str, Any]] | None = None,
) -> JSONResponse:
    body = Problem(
        type=PROBLEM_BASE + kind, title=HTTPStatus(status).phrase, status=status, detail=detail,
        instance=request.url.path, errors=errors,
    )
    return JSONResponse(body.model_dump(exclude_none=True), status_code=status, headers=headers,
                        media_type=PROBLEM_JSON)


def problem_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI `responses` entries for the problems an endpoint may answer."""
    return {
        s: {"model": Problem, "description": HTTPStatus(s).phrase, "content": {PROBLEM_JSON: {}}} for s in statuses
    }


def install(app: FastAPI) -> None:
    """Map every error an endpoint can meet to a problem response; describe each problem type."""

    @app.get("/problems/{kind}", tags=["health"], summary="What a problem type means",
             responses=problem_responses(404))
    def problem_type(kind: str) -> dict[str, str]:
        if kind not in PROBLEM_KINDS:
            raise ApiProblem(404, "not-found", f"no problem type {kind!r}")
        return {"type": PROBLEM_BASE + kind, "description": PROBLEM_KINDS[kind]}

    @app.exception_handler(ApiProblem)
    async def api_problem(request: Request, exc: ApiProblem) -> JSONResponse:
        return problem_response(request, exc.status, exc.kind, exc.detail, exc.headers)

    @app.exception_handler(ParameterError)
    async def bad_parameter(request: Request, exc: ParameterError) -> JSONResponse:
        return problem_response(request, 400, "bad-parameter", str(exc))

    @app.exception_handler(NotFoundError)
    async def not_found(request: Request, exc: NotFoundError) -> JSONResponse:
        return problem_response(request, 404, "not-found", str(exc))

    @app.exception_handler(UnknownQueryError)
    async def unknown_query(request: Request, exc: UnknownQueryError) -> JSONResponse:
        return problem_response(request, 404, "unknown-query", str(exc))

    @app.exception_handler(StoreUnavailableError)
    async def unavailable(request: Request, exc: StoreUnavailableError) -> JSONResponse:
        log.warning("store unavailable on %s: %s", request.url.path, exc)
        return problem_response(
            request, 503, "store-unavailable",
            "the graph database is not reachable right now; try again shortly",
            headers={"Retry-After": str(RETRY_AFTER_SECONDS)},
        )

    @app.exception_handler(BookmarkError)
    async def bad_bookmark(request: Request, exc: BookmarkError) -> JSONResponse:
        return problem_response(request, 400, "bad-bookmark", str(exc))

    @app.exception_handler(StoreError)
    async def store_error(request: Request, exc: StoreError) -> JSONResponse:
        return problem_response(request, 400, "store-error", str(exc))

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = [
            {"location": ".".join(str(p) for p in e.get("loc", ())), "message": e.get("msg", ""), "type": e.get("type")}
            for e in exc.errors()
        ]
        detail = "; ".join(f"{e['location']}: {e['message']}" for e in errors) or "invalid request"
        return problem_response(request, 422, "invalid-request", detail, errors=errors)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        kind = {401: "unauthenticated", 403: "forbidden", 404: "not-found", 405: "method-not-allowed"}.get(
            exc.status_code, "http-error"
        )
        return problem_response(
            request, exc.status_code, kind, str(exc.detail), headers=dict(exc.headers) if exc.headers else None
        )

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception) -> JSONResponse:
        # A driver error that escaped the store's mapping still means the database is unreachable.
        from neo4j.exceptions import ServiceUnavailable, SessionExpired

        if isinstance(exc, (ServiceUnavailable, SessionExpired, ConnectionError)):
            return await unavailable(request, StoreUnavailableError(str(exc)))
        log.exception("unexpected error on %s", request.url.path)
        return problem_response(request, 500, "internal-error", "an unexpected error occurred; it has been logged")
