"""Gaps: a region's gap table, the gap totals per district or cluster, shortages, evaluation deserts."""

from typing import Annotated

from fastapi import APIRouter, Query, Request

from analyses.deserts import EvaluationDeserts, evaluation_deserts
from analyses.forecast import MAX_HORIZON
from analyses.gaps import GapTable, ShortageOrder, ShortageRanking, gap_table, shortage_ranking
from analyses.national import NationalComparison, national_comparison
from analyses.outlook import ForecastShortageRanking, forecast_shortage_ranking
from analyses.totals import GapTotals, TotalsBy, gap_totals
from app.api.answers import kept
from app.api.deps import CityReader, Limit, Offset, Reader, RegionParam, SkillLevels, Year
from app.api.problems import problem_responses
from app.api.routers.outlook import shared_forecasts
from graph_model.enums import PriorityField

router = APIRouter(tags=["analyses"], responses=problem_responses(401, 403, 422, 503))


@router.get("/gaps", responses=problem_responses(400, 404),
            summary="Gap table of a region: demand, supply, ratios, location quotient, shortage flag")
@kept
def gaps(
    reader: Reader, region: RegionParam = "city", year: Year = None, skill_levels: SkillLevels = None,
    limit: Limit = 100, offset: Offset = 0,
) -> GapTable:
    reader.region(region)
    return gap_table(reader.store, region, year=year, skill_levels=skill_levels, limit=limit, offset=offset)


@router.get("/gaps/totals", responses=problem_responses(400),
            summary="Gaps summed per district or per cluster, for the planners' dashboard")
@kept
def totals(
    request: Request,
    reader: CityReader,
    by: Annotated[TotalsBy, Query(description="sum per `district` or per `cluster`")] = "district",
    year: Year = None,
    horizon: Annotated[int | None, Query(
        ge=1, le=MAX_HORIZON, description="districts: also each district's forecast gap this many years past the "
                                          "current year (Σ of its occupations' positive forecast gaps, /shortages "
                                          "with `horizon`)")] = None,
) -> GapTotals:
    forecasts = shared_forecasts(request, reader, "city", None) if horizon is not None and by == "district" else None
    return gap_totals(reader.store, by, year, horizon=horizon, district_forecasts=forecasts)


@router.get("/shortages", responses=problem_responses(400, 404),
            summary="Shortage ranking: occupations most short first, with filters; with `horizon`, by forecast gap")
@kept
def shortages(
    request: Request,
    reader: Reader,
    region: RegionParam = "city",
    year: Year = None,
    cluster: Annotated[str | None, Query(description="a cluster id of the 33618 system")] = None,
    priority_field: Annotated[PriorityField | None, Query(
        description="a priority field of the 2025 policy: digital occupations, green and low-carbon, the "
                    "low-altitude economy, health and elderly care, modern services")] = None,
    skill_levels: SkillLevels = None,
    horizon: Annotated[int | None, Query(
        ge=1, le=MAX_HORIZON, description="rank by the forecast gap this many years past the current year "
                                          "(forecast demand − projected supply; see /forecasts) instead of today's "
                                          "gap (`year` does not apply: forecasts start from the current year)")] = None,
    order: Annotated[ShortageOrder, Query(
        description="`ratio` (the default): no supply first, then the vacancy ratio, like the national list of the "
                    "100 most short; `unmet`: the unmet headcount (demand − supply) first. Not with `horizon`, which "
                    "ranks by the forecast gap")] = "ratio",
    limit: Limit = 100,
    offset: Offset = 0,
) -> ShortageRanking | ForecastShortageRanking:
    reader.region(region)
    if horizon is not None:
        return forecast_shortage_ranking(
            reader.store, region, horizon=horizon, cluster=cluster,
            priority_field=priority_field.value if priority_field else None, skill_levels=skill_levels,
            district_forecasts=shared_forecasts(request, reader, region, skill_levels), limit=limit, offset=offset)
    return shortage_ranking(reader.store, region, year=year, cluster=cluster,
                            priority_field=priority_field.value if priority_field else None,
                            skill_levels=skill_levels, order=order, limit=limit, offset=offset)


@router.get("/shortages/national-comparison", responses=problem_responses(400, 404),
            summary="The national shortage list against the region's shortage ranking: overlap, rank correlation, "
                    "each side's own")
@kept
def national(
    reader: Reader, region: RegionParam = "city", year: Year = None,
    shortage_list: Annotated[str | None, Query(alias="list", max_length=128,
                                               description="a shortage list id (default: the latest loaded)")] = None,
) -> NationalComparison:
    reader.region(region)
    return national_comparison(reader.store, region, list_id=shortage_list, year=year)


@router.get("/deserts", responses=problem_responses(400, 404),
            summary="Evaluation deserts: demanded occupation × level with no evaluation body in reach")
@kept
def deserts(
    reader: Reader, region: RegionParam = "city", year: Year = None, limit: Limit = 100, offset: Offset = 0
) -> EvaluationDeserts:
    reader.region(region)
    return evaluation_deserts(reader.store, region, year=year, limit=limit, offset=offset)
