"""The `/api/v1` endpoints: analyses, graph browsing, the Cypher library and loading data."""

import os
import shutil
import tempfile
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Annotated, Any, Generic, TypeVar

import anyio.to_thread
from fastapi import APIRouter, Body, Depends, File, Query, Request, Response, Security, UploadFile
from fastapi import Path as PathParam
from fastapi.security import APIKeyHeader, HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel, Field

from app.api.access import CITY_ROLES, LIBRARY_ROLES, PUBLIC_KINDS, READ_ROLES, WRITE_ROLES, Access, not_found, require
from app.api.auth import Principal, Role
from app.api.problems import ApiProblem, problem_responses
from graph_model.enums import PriorityField
from graph_model.nodes import NODE_KINDS
from graph_model.relationships import REL_KINDS
from queries import PARAMETERS, REQUIRED, library
from queries.coverage import ChainCoverage, RankedChain, chain_coverage, rank_chains
from queries.gaps import (
    MAX_PAGE,
    EvaluationDeserts,
    GapRow,
    ShortageRanking,
    evaluation_deserts,
    gap_table,
    shortage_ranking,
)
from queries.network import MAX_DEPTH, MAX_LIMIT, NetworkView, chain_network, network_view
from queries.partners import MAX_PAGE as PARTNER_PAGE
from queries.partners import PartnerRecommendations, recommend_partners
from queries.regions import Region
from queries.search import MAX_LIMIT as MAX_SEARCH
from queries.search import SearchHit, search
from queries.stations import DEFAULT_RADIUS_KM, Rule, StationPlan, minimum_stations, recommend_stations
from store import GraphStore

T = TypeVar("T")

health_router = APIRouter(tags=["health"])
router = APIRouter(responses=problem_responses(401, 403, 422, 503))

_api_key = APIKeyHeader(name="X-API-Key", auto_error=False, description="an API key: sg_…")
_bearer = HTTPBearer(auto_error=False, description="an API key as a bearer token: Authorization: Bearer sg_…")


# ---------------------------------------------------------------- dependencies

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
    found = request.app.state.keys.authenticate(token)  # one indexed SQLite read: quick enough for the loop
    if found is None:
        raise ApiProblem(401, "unauthenticated", "the API key is unknown, malformed or revoked", challenge)
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
Store = Annotated[GraphStore, Depends(reading)]


async def access(caller: Caller, store: Store) -> Access:
    return Access(caller, store)


Scoped = Annotated[Access, Depends(access)]

# ---------------------------------------------------------------- shared parameters and models

Limit = Annotated[int, Query(ge=1, le=MAX_PAGE, description="page size")]
Offset = Annotated[int, Query(ge=0, description="entries to skip")]
Year = Annotated[int | None, Query(ge=2000, le=2100, description="demand year (all years if omitted)",
                                   examples=[2025])]
RegionParam = Annotated[str, Query(
    description="`city`, `county_12` (the 12 counties), or the id of a district, chain or cluster; districts "
                "also by Chinese name or GB code",
    examples=["city", "wanzhou", "万州区", "county_12"],
)]


class Page(BaseModel, Generic[T]):
    """One page of a list: `items[offset : offset + limit]` of `total`."""

    total: int
    limit: int
    offset: int
    items: list[T]


async def _answer(
    request: Request, scoped: Access, key: tuple[Any, ...], compute: Callable[[], BaseModel]
) -> Response:
    """The JSON of `compute()`, kept until the data changes (app/api/answers.py); access is checked before.

    The endpoints that keep answers are coroutines: a kept answer goes out without a worker thread,
    while store calls (the version read, a computation, access checks that read) run in worker threads.
    """
    answer = await request.app.state.answers.get(
        scoped.store, key, lambda: compute().model_dump_json().encode()  # the JSON FastAPI would make of it
    )
    if answer.gzipped is not None and "gzip" in request.headers.get("accept-encoding", ""):
        return Response(answer.gzipped, media_type="application/json",
                        headers={"Content-Encoding": "gzip", "Vary": "Accept-Encoding"})
    return Response(answer.body, media_type="application/json", headers={"Vary": "Accept-Encoding"})


async def _in_thread(work: Callable[[], T]) -> T:
    return await anyio.to_thread.run_sync(work)


def _json(model: BaseModel) -> Response:
    return Response(model.model_dump_json().encode(), media_type="application/json")


def _page(items: list[T], limit: int, offset: int) -> Page[T]:
    return Page[T](total=len(items), limit=limit, offset=offset, items=items[offset : offset + limit])


class GapPage(BaseModel):
    """A region's gap table, its rows paged (ordered by demand, largest first)."""

    region: Region
    year: int | None
    skill_levels: list[str] | None
    region_demand: int
    city_demand: int
    total: int
    limit: int
    offset: int
    rows: list[GapRow]


class DesertPage(EvaluationDeserts):
    """A region's evaluation deserts, paged (`total` of them; the headcounts cover them all)."""

    total: int
    limit: int
    offset: int


class KindCount(BaseModel):
    kind: str
    label_zh: str
    count: int


class Stats(BaseModel):
    nodes: list[KindCount]
    relationships: dict[str, int]
    organisations: int


class Neighbour(BaseModel):
    id: str
    kind: str
    name_zh: str | None = None
    name_en: str | None = None
    relationship: str
    direction: str = Field(description="`out` if this entity starts the relationship, else `in`")
    properties: dict[str, Any]


class EntityDetail(BaseModel):
    id: str
    kind: str
    kind_zh: str
    properties: dict[str, Any]
    neighbours: list[Neighbour]
    neighbours_total: int


class LibraryEntry(BaseModel):
    name: str
    purpose: str
    parameters: dict[str, Any]
    required: list[str]
    columns: str
    cypher: str


class QueryRun(BaseModel):
    params: dict[str, Any] = Field(default_factory=dict, examples=[{"region_kind": "district",
                                                                     "region_id": "wanzhou"}])


class QueryResult(BaseModel):
    name: str
    row_count: int
    truncated: bool
    rows: list[dict[str, Any]]


MAX_QUERY_ROWS = 10_000

# ---------------------------------------------------------------- health

@health_router.get("/health", summary="The process is alive (and which server process answered)")
def health() -> dict[str, str | int]:
    return {"status": "alive", "process": os.getpid()}


@health_router.get("/ready", summary="The store answers", responses=problem_responses(503))
def ready(request: Request) -> dict[str, str]:
    store = request.app.state.store
    verify = getattr(store, "verify", None)
    if verify is not None:
        verify()
    else:
        store.kinds_of(["city"])
    return {"status": "ready", "store": type(store).__name__}


# ---------------------------------------------------------------- who am I, statistics

@router.get("/me", tags=["graph"], summary="The caller: key name, role, bound chains")
def me(caller: Caller) -> Principal:
    return caller


@router.get("/stats", tags=["graph"], summary="City statistics: nodes per kind, relationships per type")
def stats(caller: Caller, store: Store) -> Stats:
    require(caller, READ_ROLES)
    counts = store.counts()
    nodes = [KindCount(kind=k, label_zh=NODE_KINDS[k].name_zh_label, count=c) for k, c in counts.nodes.items()]
    organisations = sum(c for k, c in counts.nodes.items() if "Organisation" in NODE_KINDS[k].extra_labels)
    return Stats(nodes=nodes, relationships={t: counts.relationships.get(t, 0) for t in REL_KINDS},
                 organisations=organisations)


# ---------------------------------------------------------------- chains

@router.get("/chains", tags=["analyses"], response_model=Page[RankedChain],
            summary="Chains ranked by coverage score (a chain leader: its own)")
async def chains(
    request: Request, scoped: Scoped, year: Year = None, limit: Limit = 50, offset: Offset = 0
) -> Response:
    require(scoped.principal, READ_ROLES)
    own = tuple(scoped.principal.chain_ids) if scoped.restricted else None

    def compute() -> Page[RankedChain]:
        ranked = rank_chains(scoped.store, year=year)
        if own is not None:
            ranked = [c for c in ranked if c.chain.id in own]
        return _page(ranked, limit, offset)

    return await _answer(request, scoped, ("chains", own, year, limit, offset), compute)


ChainId = Annotated[str, PathParam(description="a chain id", examples=["chain-0001"])]


@router.get("/chains/{chain_id}/coverage", tags=["analyses"], responses=problem_responses(404),
            response_model=ChainCoverage,
            summary="A chain's coverage: members by link, demand and supply, covered share, score")
async def coverage(request: Request, scoped: Scoped, chain_id: ChainId, year: Year = None) -> Response:
    require(scoped.principal, READ_ROLES)
    scoped.chain(chain_id)
    return await _answer(request, scoped, ("coverage", chain_id, year),
                         lambda: chain_coverage(scoped.store, chain_id, year=year))


@router.get("/chains/{chain_id}/network", tags=["graph"], responses=problem_responses(404),
            summary="A chain's own network (members, partners, stations, platforms) for a graph viewer")
def chain_graph(
    scoped: Scoped, chain_id: ChainId, limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = MAX_LIMIT
) -> NetworkView:
    require(scoped.principal, READ_ROLES)
    scoped.chain(chain_id)
    return chain_network(scoped.store, chain_id, limit=limit)


# ---------------------------------------------------------------- gaps

SkillLevels = Annotated[list[str] | None, Query(
    description="restrict to these skill levels (id or Chinese name), e.g. senior_worker", examples=[["senior_worker"]]
)]


@router.get("/gaps", tags=["analyses"], responses=problem_responses(400, 404), response_model=GapPage,
            summary="Gap table of a region: demand, supply, ratios, location quotient, shortage flag")
async def gaps(
    request: Request, scoped: Scoped, region: RegionParam = "city", year: Year = None,
    skill_level: SkillLevels = None, limit: Limit = 100, offset: Offset = 0,
) -> Response:
    require(scoped.principal, READ_ROLES)
    await _in_thread(lambda: scoped.region(region))

    def compute() -> GapPage:
        table = gap_table(scoped.store, region, year=year, skill_levels=skill_level)
        rows = sorted(table.rows, key=lambda r: (-r.demand, r.occupation_id))
        return GapPage(
            region=table.region, year=table.year, skill_levels=table.skill_levels,
            region_demand=table.region_demand, city_demand=table.city_demand, total=len(rows), limit=limit,
            offset=offset, rows=rows[offset : offset + limit],
        )

    return await _answer(request, scoped, ("gaps", region, year, tuple(skill_level or ()), limit, offset), compute)


@router.get("/shortages", tags=["analyses"], responses=problem_responses(400, 404),
            response_model=ShortageRanking, summary="Shortage ranking: occupations most short first, with filters")
async def shortages(
    request: Request,
    scoped: Scoped,
    region: RegionParam = "city",
    year: Year = None,
    cluster: Annotated[str | None, Query(description="a cluster id of the 33618 system")] = None,
    priority_field: Annotated[PriorityField | None, Query(
        description="a priority field of the 2025 policy: digital occupations, green and low-carbon, the "
                    "low-altitude economy, health and elderly care, modern services")] = None,
    skill_level: Annotated[str | None, Query(description="one skill level, e.g. senior_worker")] = None,
    limit: Limit = 100,
    offset: Offset = 0,
) -> Response:
    require(scoped.principal, READ_ROLES)
    await _in_thread(lambda: scoped.region(region))
    field = priority_field.value if priority_field else None
    return await _answer(request, scoped, ("shortages", region, year, cluster, field, skill_level, limit, offset),
                         lambda: shortage_ranking(scoped.store, region, year=year, cluster=cluster,
                                                  priority_field=field, skill_level=skill_level, limit=limit,
                                                  offset=offset))


@router.get("/deserts", tags=["analyses"], responses=problem_responses(400, 404),
            response_model=DesertPage,
            summary="Evaluation deserts: demanded occupation × level with no evaluation body in reach")
async def deserts(
    request: Request, scoped: Scoped, region: RegionParam = "city", year: Year = None, limit: Limit = 100,
    offset: Offset = 0,
) -> Response:
    require(scoped.principal, READ_ROLES)
    await _in_thread(lambda: scoped.region(region))

    def compute() -> DesertPage:
        found = evaluation_deserts(scoped.store, region, year=year)
        return DesertPage(
            **found.model_dump(exclude={"deserts"}), total=len(found.deserts), limit=limit, offset=offset,
            deserts=found.deserts[offset : offset + limit],
        )

    return await _answer(request, scoped, ("deserts", region, year, limit, offset), compute)


# ---------------------------------------------------------------- recommendations

RadiusKm = Annotated[float, Query(gt=0, le=200, description="service radius in km (haversine), rule=radius")]
RuleParam = Annotated[Rule, Query(description="radius: within radius_km; district: the same or a neighbouring "
                                              "district")]
Occupations = Annotated[list[str] | None, Query(description="only demand for these occupations (2022 codes)")]
ClusterParam = Annotated[str | None, Query(description="only occupations of this cluster of the 33618 system")]
SolveSeconds = Annotated[float, Query(gt=0, le=120, description="time limit of the MILP solver; past it, the "
                                                                "best answer found and its gap are reported")]


@router.get("/stations/recommendations", tags=["recommendations"], responses=problem_responses(400, 404),
            summary="The k new service stations that cover the most unmet demand (maximal covering, HiGHS)")
def station_recommendations(
    scoped: Scoped,
    k: Annotated[int, Query(ge=1, le=100, description="how many new stations")] = 5,
    radius_km: RadiusKm = DEFAULT_RADIUS_KM,
    rule: RuleParam = "radius",
    region: RegionParam = "city",
    year: Year = None,
    occupation: Occupations = None,
    cluster: ClusterParam = None,
    capacity: Annotated[float | None, Query(gt=0, description="the most unmet headcount one new station "
                                                                "serves (none: unlimited)")] = None,
    time_limit: SolveSeconds = 20.0,
    limit: Limit = 100,
    offset: Offset = 0,
) -> StationPlan:
    require(scoped.principal, CITY_ROLES)
    return recommend_stations(scoped.store, k, radius_km=radius_km, rule=rule, region=region, year=year,
                              occupations=occupation, cluster=cluster, capacity=capacity, time_limit=time_limit,
                              limit=limit, offset=offset)


@router.get("/stations/minimum", tags=["recommendations"], responses=problem_responses(400, 404),
            summary="The fewest new service stations that cover all coverable unmet demand (set covering, HiGHS)")
def station_minimum(
    scoped: Scoped,
    radius_km: RadiusKm = DEFAULT_RADIUS_KM,
    rule: RuleParam = "radius",
    region: RegionParam = "city",
    year: Year = None,
    occupation: Occupations = None,
    cluster: ClusterParam = None,
    time_limit: SolveSeconds = 20.0,
    limit: Limit = 100,
    offset: Offset = 0,
) -> StationPlan:
    require(scoped.principal, CITY_ROLES)
    return minimum_stations(scoped.store, radius_km=radius_km, rule=rule, region=region, year=year,
                            occupations=occupation, cluster=cluster, time_limit=time_limit, limit=limit,
                            offset=offset)


@router.get("/partners/{target_id}", tags=["recommendations"], responses=problem_responses(400, 404),
            summary="Schools, training providers and evaluation bodies an enterprise or chain should invite")
def partners(
    scoped: Scoped,
    target_id: Annotated[str, PathParam(description="an enterprise id or a chain id", examples=["chain-0003"])],
    year: Year = None,
    limit: Annotated[int, Query(ge=1, le=PARTNER_PAGE)] = 20,
    offset: Offset = 0,
) -> PartnerRecommendations:
    require(scoped.principal, READ_ROLES)
    scoped.own_chain_or_member(target_id)
    return recommend_partners(scoped.store, target_id, year=year, limit=limit, offset=offset)


# ---------------------------------------------------------------- graph browsing

NodeId = Annotated[str, PathParam(description="any node id", examples=["wanzhou", "6-22-02-01"])]


def _visible_view(scoped: Access, view: NetworkView) -> NetworkView:
    if not scoped.restricted:
        return view
    nodes = [n for n in view.nodes if scoped.sees(n.id, n.kind)]
    keep = {n.id for n in nodes}
    hidden = len(view.nodes) - len(nodes)
    edges = [e for e in view.edges if e.source in keep and e.target in keep]
    total = view.total_nodes - hidden
    return view.model_copy(update={"nodes": nodes, "edges": edges, "total_nodes": total,
                                   "cut_nodes": total - len(nodes)})


@router.get("/network/{node_id}", tags=["graph"], responses=problem_responses(400, 404), response_model=NetworkView,
            summary="A node's neighbourhood within `depth` hops, at most `limit` nodes, for a graph viewer")
async def network(
    request: Request, scoped: Scoped, node_id: NodeId,
    depth: Annotated[int, Query(ge=0, le=MAX_DEPTH)] = 1,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 200,
) -> Response:
    require(scoped.principal, READ_ROLES)
    await _in_thread(lambda: scoped.node(node_id))
    if scoped.restricted:  # cut to what the caller sees: not kept
        return _json(await _in_thread(
            lambda: _visible_view(scoped, network_view(scoped.store, node_id, depth=depth, limit=limit))))
    return await _answer(request, scoped, ("network", node_id, depth, limit),
                         lambda: network_view(scoped.store, node_id, depth=depth, limit=limit))


@router.get("/search", tags=["graph"], responses=problem_responses(400),
            response_model=Page[SearchHit],
            summary="Search by name (Chinese fragment or English words), id or credit code; best 200 matches")
async def search_nodes(
    request: Request,
    scoped: Scoped,
    q: Annotated[str, Query(min_length=1, max_length=200, description="text to find",
                            examples=["青山", "Changan", "91500000MA5U00020Y"])],
    kind: Annotated[list[str] | None, Query(description="only these node kinds, e.g. Enterprise")] = None,
    limit: Annotated[int, Query(ge=1, le=MAX_SEARCH)] = 20,
    offset: Annotated[int, Query(ge=0, le=MAX_SEARCH)] = 0,
) -> Response:
    require(scoped.principal, READ_ROLES)

    def compute() -> Page[SearchHit]:
        # Ask for the most the search gives, so `total` counts every match (up to 200) and a chain
        # leader's hits, filtered after the search, still fill the page.
        hits = search(scoped.store, q, kinds=kind, limit=MAX_SEARCH)
        return _page([h for h in hits if scoped.sees(h.id, h.kind)], limit, offset)

    if scoped.restricted:  # filtered by what the caller sees: not kept
        return _json(await _in_thread(compute))
    return await _answer(request, scoped, ("search", q, tuple(kind or ()), limit, offset), compute)


@router.get("/entities/{node_id}", tags=["graph"], responses=problem_responses(404),
            summary="One entity: its properties and its neighbours (first 200)")
def entity(scoped: Scoped, node_id: NodeId) -> EntityDetail:
    require(scoped.principal, READ_ROLES)
    scoped.node(node_id)
    view = scoped.store.neighbourhood(node_id, depth=1, limit=201)
    if view is None:
        raise not_found("node", node_id)
    node = view.nodes[0]  # the centre comes first
    by_id = {n.id: n for n in view.nodes}
    neighbours = []
    for e in view.edges:
        if node_id not in (e.start, e.end) or e.start == e.end:
            continue
        other = by_id[e.end if e.start == node_id else e.start]
        if not scoped.sees(other.id, other.kind):
            continue
        neighbours.append(Neighbour(
            id=other.id, kind=other.kind, name_zh=other.properties.get("name_zh"),
            name_en=other.properties.get("name_en"), relationship=e.type,
            direction="out" if e.start == node_id else "in", properties=e.properties,
        ))
    neighbours.sort(key=lambda n: (n.relationship, n.direction, n.id))
    total = view.total_nodes - 1
    if scoped.restricted:
        total = len({n.id for n in neighbours})
    return EntityDetail(id=node.id, kind=node.kind, kind_zh=NODE_KINDS[node.kind].name_zh_label,
                        properties=node.properties, neighbours=neighbours, neighbours_total=total)


# ---------------------------------------------------------------- the Cypher library (analysts)

@router.get("/queries", tags=["library"], summary="The named Cypher library: purpose, parameters, columns")
def queries_library(caller: Caller) -> list[LibraryEntry]:
    require(caller, LIBRARY_ROLES)
    return [
        LibraryEntry(
            name=q.name, purpose=q.purpose, columns=q.columns, cypher=q.cypher,
            parameters={p: None if d is REQUIRED else d for p, d in PARAMETERS.get(q.name, {}).items()},
            required=[p for p, d in PARAMETERS.get(q.name, {}).items() if d is REQUIRED],
        )
        for q in library().values()
    ]


@router.post("/queries/{name}", tags=["library"], responses=problem_responses(400, 404),
             summary="Run one named query of the library with parameters (at most 10,000 rows)")
def run_library_query(
    caller: Caller, store: Store,
    name: Annotated[str, PathParam(examples=["region_gap"])],
    run: Annotated[QueryRun | None, Body()] = None,
) -> QueryResult:
    require(caller, LIBRARY_ROLES)
    rows = store.run_query(name, run.params if run else {})
    return QueryResult(name=name, row_count=len(rows), truncated=len(rows) > MAX_QUERY_ROWS,
                       rows=rows[:MAX_QUERY_ROWS])


# ---------------------------------------------------------------- loading data (admin)

@router.post("/ingest", tags=["admin"], responses=problem_responses(400, 413),
             summary="Upload source files (CSV, XLSX, JSON Lines) and load them; returns the ingest report")
def ingest_files(
    request: Request, caller: Caller,
    files: Annotated[list[UploadFile], File(description="one file per node or relationship kind")],
    dry_run: Annotated[bool, Query(description="validate only, write nothing")] = False,
) -> dict[str, Any]:
    require(caller, WRITE_ROLES)
    from ingest.job import run_ingest

    limit = request.app.state.settings.max_upload_mb * 1024 * 1024
    with tempfile.TemporaryDirectory(prefix="skillgraph-upload-") as tmp:
        paths = []
        for upload in files:
            name = Path(upload.filename or "").name
            if not name or name.startswith("."):
                raise ApiProblem(400, "bad-upload", f"an uploaded file has no usable name ({upload.filename!r})")
            target = Path(tmp) / name
            with target.open("wb") as out:
                shutil.copyfileobj(upload.file, out, length=1024 * 1024)
            if target.stat().st_size > limit:
                raise ApiProblem(413, "too-large", f"{name} is larger than {limit // (1024 * 1024)} MB")
            paths.append(target)
        with request.app.state.gate.write():
            report = run_ingest(paths, request.app.state.store, dry_run=dry_run, progress=False)
    return report.to_dict()


__all__ = ["PUBLIC_KINDS", "Role", "health_router", "router"]
