"""The dependencies every endpoint is written with: the caller, the store, and the caller's access by role.

    def coverage(reader: Reader, chain_id: ChainId) -> ChainCoverage: ...

reads as "any role that reads may call this"; `CityReader`, `LibraryReader` and `Admin` narrow it.
"""

from collections.abc import AsyncIterator, Callable, Coroutine
from typing import Annotated, Any

import anyio.to_thread
from fastapi import Depends, Query, Request, Security
from fastapi import Path as PathParam
from fastapi.security import APIKeyHeader, HTTPAuthorizationCredentials, HTTPBearer

from analyses.outlook import data_years
from analyses.page import MAX_PAGE
from app.api.access import CITY_ROLES, LIBRARY_ROLES, READ_ROLES, WRITE_ROLES, Access, chain_visibility, require
from app.api.auth import Principal, Role
from app.api.problems import ApiProblem
from store import GraphStore

_api_key = APIKeyHeader(name="X-API-Key", auto_error=False, description="an API key: sg_…")
_bearer = HTTPBearer(auto_error=False, description="an API key as a bearer token: Authorization: Bearer sg_…")


async def principal(
    request: Request,
    key: Annotated[str | None, Security(_api_key)],
    bearer: Annotated[HTTPAuthorizationCredentials | None, Security(_bearer)],
) -> Principal:
    token = bearer.credentials if bearer else key
    challenge = {"WWW-Authenticate": 'Bearer realm="skillgraph"'}
    if not token:
        raise ApiProblem(401, "unauthenticated",
                         "an API key is needed: send `Authorization: Bearer sg_…` or `X-API-Key: sg_…`", challenge)
    throttle = request.app.state.throttle
    address = request.client.host if request.client else "?"
    wait = throttle.retry_after(address)
    if wait:
        raise ApiProblem(429, "too-many-failures",
                         f"more than {throttle.most} failed authentications from this address in "
                         f"{throttle.window:g} s: try again in {wait} s", {"Retry-After": str(wait)})
    found = request.app.state.keys.authenticate(token)  # one indexed SQLite read: quick enough for the loop
    if found is None:
        throttle.failed(address)
        raise ApiProblem(401, "unauthenticated", "the API key is unknown, malformed, revoked or expired", challenge)
    return found


async def reading(request: Request) -> AsyncIterator[GraphStore]:
    # Async, so that a request does not hop to a worker thread and back just to pass the gate: on
    # Neo4j it is always open; on the embedded store a reader may wait for a writer, in a thread.
    gate = request.app.state.gate
    if gate.exclusive_writes:
        await anyio.to_thread.run_sync(gate.acquire_read)
    try:
        yield request.app.state.store
    finally:
        gate.release_read()


Caller = Annotated[Principal, Depends(principal)]
StoreDep = Annotated[GraphStore, Depends(reading)]


def role(*roles: Role) -> Callable[[Request, Principal, GraphStore], Coroutine[Any, Any, Access]]:
    """A dependency: the caller's access, if its role is one of `roles` (else 403), with what it sees.

    A chain leader's visible ids are read once per data version and shared by its requests
    (`AnswerCache.value`), so every request checks an id the same way, whether it exists or not.
    """

    async def gate(request: Request, caller: Caller, store: StoreDep) -> Access:
        require(caller, roles)
        if caller.role is not Role.chain_leader:
            return Access(caller, store)
        chains = tuple(sorted(caller.chain_ids))
        visibility = await request.app.state.answers.value(
            store, ("visibility", *chains), lambda: chain_visibility(store, chains))
        return Access(caller, store, visibility)

    return gate


Reader = Annotated[Access, Security(role(*READ_ROLES))]
"""Any role that reads; a chain leader within its own chains."""
CityReader = Annotated[Access, Security(role(*CITY_ROLES))]
"""City-wide analyses: planners, analysts, admins."""
LibraryReader = Annotated[Access, Security(role(*LIBRARY_ROLES))]
"""The named Cypher library: analysts and admins."""
async def admin(request: Request, caller: Caller) -> Access:
    # No read gate here: a load publishes under the write gate (`StoreGate.write`) and would wait for itself.
    require(caller, WRITE_ROLES)
    return Access(caller, request.app.state.store)


Admin = Annotated[Access, Security(admin)]
"""Writes: admins only."""

Limit = Annotated[int, Query(ge=1, le=MAX_PAGE, description="page size")]
Offset = Annotated[int, Query(ge=0, description="entries to skip")]


YearQuery = Annotated[int | None, Query(
    ge=2000, le=2100, examples=[2025],
    description="demand year (default: the data's current year, the latest with demand firms had; "
                "`GET /api/v1/years` lists them)")]


async def year_asked(request: Request, store: StoreDep, year: YearQuery = None) -> int | None:
    """The year asked for, or the data's current year (kept until the data changes): an answer never sums the
    demand of several years, nor firms' plans with what they had. A year the data holds no demand for is refused:
    its answer would be empty, which reads as "no gaps"."""
    # the same kept value as the outlook endpoints' (`shared_years`): one read of every demand per data version
    found = await request.app.state.answers.value(store, ("data-years",), lambda: data_years(store))
    if year is None:
        return found.current
    held = [y.year for y in found.years]
    if held and year not in held:
        plans = f"; firms' plans: {', '.join(map(str, found.plan_years))}" if found.plan_years else ""
        raise ApiProblem(400, "bad-parameter", f"year {year}: the data holds no demand for it (demand had: "
                                               f"{_span([y for y in held if y not in found.plan_years])}{plans}; "
                                               "GET /api/v1/years)")
    return year


def _span(years: list[int]) -> str:
    return "none" if not years else str(years[0]) if len(years) == 1 else f"{years[0]}–{years[-1]}"


async def measure_year_asked(year: YearQuery = None) -> int | None:
    """The 13 measures' year as asked: their facts (workers by level, certificates, filings, …) have years of their
    own, so a year without demand may still have them (`analyses.measures.measure_year` picks the default)."""
    return year


Year = Annotated[int | None, Depends(year_asked)]
MeasureYear = Annotated[int | None, Depends(measure_year_asked)]
RegionParam = Annotated[str, Query(
    description="`city`, `county_12` (the 12 counties), or the id of a district, chain or cluster; districts "
                "also by Chinese name or GB code",
    examples=["city", "wanzhou", "万州区", "county_12"],
)]
SkillLevels = Annotated[list[str] | None, Query(
    description="restrict to these skill levels (id or Chinese name), e.g. senior_worker", examples=[["senior_worker"]]
)]
ChainId = Annotated[str, PathParam(description="a chain id", examples=["chain-0001"])]
NodeId = Annotated[str, PathParam(description="any node id", examples=["wanzhou", "6-22-02-01"])]
