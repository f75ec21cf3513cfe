"""Recommendations: where to open the next service stations, and whom an enterprise or chain should invite."""

from typing import Annotated

from fastapi import APIRouter, Query
from fastapi import Path as PathParam

from analyses.page import MAX_PAGE
from analyses.partners import PartnerRecommendations, recommend_partners
from analyses.stations import DEFAULT_RADIUS_KM, Rule, StationPlan, minimum_stations, recommend_stations
from app.api.answers import kept
from app.api.deps import CityReader, Limit, Offset, Reader, RegionParam, Year
from app.api.problems import problem_responses

router = APIRouter(tags=["recommendations"], responses=problem_responses(401, 403, 422, 503))

RadiusKm = Annotated[float, Query(gt=0, le=200, description="service radius in km (haversine), rule=radius")]
RuleParam = Annotated[Rule, Query(description="radius: within radius_km; district: the same or a neighbouring "
                                              "district")]
Occupations = Annotated[list[str] | None, Query(description="only demand for these occupations (2022 codes)")]
ClusterParam = Annotated[str | None, Query(description="only occupations of this cluster of the 33618 system")]
SolveSeconds = Annotated[float, Query(gt=0, le=120, description="time limit of the MILP solver; past it, the "
                                                                "best answer found and its gap are reported")]


@router.get("/stations/recommendations", responses=problem_responses(400, 404),
            summary="The k new service stations that cover the most unmet demand (maximal covering, HiGHS)")
@kept
def stations(
    reader: CityReader,
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
    return recommend_stations(reader.store, k, radius_km=radius_km, rule=rule, region=region, year=year,
                              occupations=occupation, cluster=cluster, capacity=capacity, time_limit=time_limit,
                              limit=limit, offset=offset)


@router.get("/stations/minimum", responses=problem_responses(400, 404),
            summary="The fewest new service stations that cover all coverable unmet demand (set covering, HiGHS)")
@kept
def minimum(
    reader: CityReader,
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
    return minimum_stations(reader.store, radius_km=radius_km, rule=rule, region=region, year=year,
                            occupations=occupation, cluster=cluster, time_limit=time_limit, limit=limit,
                            offset=offset)


@router.get("/partners/{target_id}", responses=problem_responses(400, 404),
            summary="Schools, training providers and evaluation bodies an enterprise or chain should invite")
@kept
def partners(
    reader: Reader,
    target_id: Annotated[str, PathParam(description="an enterprise id or a chain id", examples=["chain-0003"])],
    year: Year = None,
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 20,
    offset: Offset = 0,
) -> PartnerRecommendations:
    reader.own_chain_or_member(target_id)
    return recommend_partners(reader.store, target_id, year=year, visibility=reader.visibility, limit=limit,
                              offset=offset)
