"""Chains: the ranking, one chain's coverage, one chain's own network."""

from typing import Annotated

from fastapi import APIRouter, Query

from analyses.coverage import ChainCoverage, ChainRanking, chain_coverage, rank_chains
from analyses.network import MAX_LIMIT, NetworkView, chain_network
from app.api.answers import kept
from app.api.deps import ChainId, Limit, Offset, Reader, Year
from app.api.problems import problem_responses

router = APIRouter(prefix="/chains", responses=problem_responses(401, 403, 422, 503))


@router.get("", tags=["analyses"], responses=problem_responses(400),
            summary="Chains ranked by coverage score (a chain leader: its own)")
@kept
def chains(reader: Reader, year: Year = None, limit: Limit = 50, offset: Offset = 0) -> ChainRanking:
    return rank_chains(reader.store, year, visibility=reader.visibility, limit=limit, offset=offset)


@router.get("/{chain_id}/coverage", tags=["analyses"], responses=problem_responses(400, 404),
            summary="A chain's coverage: members by link, demand and supply, covered share, score")
@kept
def coverage(reader: Reader, chain_id: ChainId, year: Year = None) -> ChainCoverage:
    reader.chain(chain_id)
    return chain_coverage(reader.store, chain_id, year=year)


@router.get("/{chain_id}/network", tags=["graph"], responses=problem_responses(400, 404),
            summary="A chain's own network (members, partners, stations, platforms) for a graph viewer")
@kept
def network(
    reader: Reader, chain_id: ChainId, limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = MAX_LIMIT
) -> NetworkView:
    reader.chain(chain_id)
    return chain_network(reader.store, chain_id, limit=limit)
