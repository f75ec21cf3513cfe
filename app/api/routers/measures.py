"""The 13 measures: each measure's indicators for a region and year, and one indicator per district, cluster or
chain."""

from typing import Annotated

from fastapi import APIRouter, Query, Request

from analyses.measures import (
    BreakdownBy,
    MeasureBoard,
    MeasureBreakdown,
    compute_breakdown,
    group_facts,
    measure_board,
    measure_year,
)
from app.api.answers import kept
from app.api.deps import MeasureYear, Reader, RegionParam
from app.api.problems import ApiProblem, problem_responses
from app.api.routers.outlook import shared_years

router = APIRouter(tags=["analyses"], responses=problem_responses(401, 403, 422, 503))


@router.get("/measures", responses=problem_responses(400, 404),
            summary="The 13 measures (技能强企13条): each measure's indicators for a region and year, with the "
                    "policy's goal where it gives one and the data's coverage")
@kept
def measures(request: Request, reader: Reader, region: RegionParam = "city", year: MeasureYear = None) -> MeasureBoard:
    reader.region(region)
    return measure_board(reader.store, region, year, years=lambda: shared_years(request, reader))


@router.get("/measures/breakdown", responses=problem_responses(400, 404),
            summary="One indicator of the 13 measures per district, cluster or chain, largest first")
@kept
def breakdown(
    request: Request,
    reader: Reader,
    indicator: Annotated[str, Query(max_length=64, description="an indicator id of `/measures`",
                                    examples=["high_skill_share"])],
    by: Annotated[BreakdownBy, Query(description="per `district`, `cluster` or `chain` (a chain leader: `chain`, "
                                                 "its own chains only)")] = "district",
    year: MeasureYear = None,
) -> MeasureBreakdown:
    if reader.restricted and by != "chain":
        raise ApiProblem(403, "forbidden", "a chain_leader key sees the indicators of its own chains only: use "
                                           "by=chain")
    chains_only = frozenset(reader.principal.chain_ids) if reader.restricted else None
    found = measure_year(year, lambda: shared_years(request, reader))
    # every indicator's breakdown reads the same tallies: once per data version, year and grouping
    facts = request.app.state.answers.shared(reader.store, ("measure-groups", found, by),
                                             lambda: group_facts(reader.store, found, by))
    return compute_breakdown(facts, indicator, by, found, chains_only)
