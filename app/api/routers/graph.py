"""Browsing the graph: who am I, statistics, a node's neighbourhood, search, one entity, the word lists."""

import json
from functools import cache
from typing import Annotated

from fastapi import APIRouter, Query, Request, Response

from analyses.labels import all_words
from analyses.network import MAX_DEPTH, MAX_LIMIT, EntityDetail, NetworkView, entity_detail, network_view
from analyses.search import MAX_LIMIT as MAX_SEARCH
from analyses.search import SearchPage, search
from analyses.stats import Stats, graph_stats
from app.api.answers import Answer, kept
from app.api.auth import Principal
from app.api.deps import Caller, CityReader, NodeId, Reader
from app.api.problems import problem_responses
from graph_model.reference import district_shapes

router = APIRouter(tags=["graph"], responses=problem_responses(401, 403, 422, 503))


@router.get("/me", summary="The caller: key name, role, bound chains")
def me(caller: Caller) -> Principal:
    return caller


@router.get("/vocabulary", summary="The closed word lists (link roles, priority fields, …) in Chinese and English; "
                                   "`field`: what each field of an answer is headed in a table")
def words(caller: Caller) -> dict[str, list[dict[str, str]]]:
    return all_words()


@router.get("/map/shapes", summary="The districts' boundaries and the areas of 一区两群 (GeoJSON, WGS84) for a map",
            response_description="`districts` and `areas`, two GeoJSON FeatureCollections")
def shapes(caller: Caller, request: Request) -> Response:
    answer = _shapes()
    if answer.gzipped is not None and "gzip" in request.headers.get("accept-encoding", ""):
        return Response(answer.gzipped, media_type="application/json",
                        headers={"Content-Encoding": "gzip", "Vary": "Accept-Encoding"})
    return Response(answer.body, media_type="application/json", headers={"Vary": "Accept-Encoding"})


@cache
def _shapes() -> Answer:
    """The shapes as an answer of the cache's kind (JSON, and gzipped): reference data, the same for the process."""
    return Answer.of(json.dumps(district_shapes(), ensure_ascii=False, separators=(",", ":")).encode())


@router.get("/stats", summary="City statistics: nodes per kind, relationships per type (city roles)")
@kept
def stats(reader: CityReader) -> Stats:
    return graph_stats(reader.store)


@router.get("/network/{node_id}", responses=problem_responses(400, 404),
            summary="A node's neighbourhood within `depth` hops, at most `limit` nodes, for a graph viewer")
@kept
def network(
    reader: Reader, node_id: NodeId,
    depth: Annotated[int, Query(ge=0, le=MAX_DEPTH)] = 1,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 200,
) -> NetworkView:
    return network_view(reader.store, node_id, depth=depth, limit=limit, visibility=reader.visibility)


@router.get("/search", responses=problem_responses(400),
            summary="Search by name (Chinese fragment or English words), id or credit code; best 200 matches")
@kept
def search_nodes(
    reader: Reader,
    q: Annotated[str, Query(min_length=1, max_length=200, description="text to find",
                            examples=["青山", "Changan", "91500000MA5U00020Y"])],
    kind: Annotated[list[str] | None, Query(description="only these node kinds, e.g. Enterprise")] = None,
    limit: Annotated[int, Query(ge=1, le=MAX_SEARCH)] = 20,
    offset: Annotated[int, Query(ge=0, le=MAX_SEARCH)] = 0,
) -> SearchPage:
    return search(reader.store, q, kind, visibility=reader.visibility, limit=limit, offset=offset)


@router.get("/entities/{node_id}", responses=problem_responses(404),
            summary="One entity: its properties and its neighbours (first 200)")
@kept
def entity(reader: Reader, node_id: NodeId) -> EntityDetail:
    return entity_detail(reader.store, node_id, visibility=reader.visibility)
