"""Measure 13: the years the data holds, trends, demand forecasts and the forecast gap."""

from typing import Annotated

from fastapi import APIRouter, Query, Request
from pydantic import BaseModel

from analyses.forecast import MAX_HORIZON
from analyses.gaps import skill_level_ids
from analyses.outlook import (
    AREA_NAMES,
    DataYears,
    DistrictForecasts,
    ForecastTable,
    Trend,
    TrendTable,
    data_years,
    district_forecasts_of,
    forecast_table,
    resolve_where,
    trend_table,
)
from app.api.access import Access
from app.api.answers import kept
from app.api.deps import Limit, Offset, Reader, SkillLevels
from app.api.problems import problem_responses

router = APIRouter(tags=["analyses"], responses=problem_responses(401, 403, 422, 503))

OutlookRegion = Annotated[str, Query(
    description="`city`, `county_12`, an area of 一区两群 (" + ", ".join(AREA_NAMES) + "), or the id of a district, "
                "chain or cluster; districts also by Chinese name or GB code",
    examples=["city", "wanzhou", "yudongbei"],
)]
Horizon = Annotated[int, Query(ge=1, le=MAX_HORIZON, description=f"years ahead, 1–{MAX_HORIZON}")]
OccupationParam = Annotated[str | None, Query(max_length=60,
                                              description="one occupation: its 2022 code, or its Chinese name")]
ClusterParam = Annotated[str | None, Query(max_length=64, description="a cluster id of the 33618 system")]


class Years(BaseModel):
    """The years the graph holds demand for."""

    years: list[int]
    """Years with demand firms had."""
    current: int | None
    """The latest of them: what an answer without `year` reads."""
    plan_years: list[int]
    """Later years only firms' stated plans reach."""


@router.get("/years", summary="The years the data holds: demand had, the current year, years of firms' plans")
@kept
def years(request: Request, reader: Reader) -> Years:
    found = shared_years(request, reader)
    return Years(years=[y.year for y in found.years if y.headcount > 0], current=found.current,
                 plan_years=found.plan_years)


@router.get("/trends", responses=problem_responses(400, 404),
            summary="Trends per occupation in a region: yearly demand, gap and ratio; getting worse / better / new")
@kept
def trends(
    request: Request, reader: Reader, region: OutlookRegion = "city", occupation: OccupationParam = None,
    trend: Annotated[Trend | None, Query(description="only occupations with this trend")] = None,
    skill_levels: SkillLevels = None, limit: Limit = 100, offset: Offset = 0,
) -> TrendTable:
    reader.region(region)
    return trend_table(reader.store, region, occupation=occupation, trend=trend, skill_levels=skill_levels,
                       years=shared_years(request, reader), limit=limit, offset=offset)


@router.get("/forecasts", responses=problem_responses(400, 404),
            summary="Demand forecasts 1–3 years ahead per occupation with intervals, projected supply and gap")
@kept
def forecasts(
    request: Request, reader: Reader, region: OutlookRegion = "city", occupation: OccupationParam = None,
    cluster: ClusterParam = None, horizon: Horizon = MAX_HORIZON, skill_levels: SkillLevels = None,
    limit: Limit = 100, offset: Offset = 0,
) -> ForecastTable:
    reader.region(region)
    return forecast_table(reader.store, region, horizon=horizon, occupation=occupation, cluster=cluster,
                          skill_levels=skill_levels, district_forecasts=shared_forecasts(request, reader, region,
                                                                                          skill_levels),
                          limit=limit, offset=offset)


def shared_forecasts(request: Request, reader: Access, region: str, skill_levels: list[str] | None
                     ) -> DistrictForecasts:
    """The district forecasts the region's answer adds up (the city's for a district, an area, the counties and
    the city), made once per data version and skill levels."""
    base = resolve_where(reader.store, region).base
    levels = tuple(skill_level_ids(skill_levels) or ())
    return request.app.state.answers.shared(
        reader.store, ("district-forecasts", base, levels),
        lambda: district_forecasts_of(reader.store, base, list(levels) or None, shared_years(request, reader)))


def shared_years(request: Request, reader: Access) -> DataYears:
    """The data's years (a read of every demand), once per data version."""
    return request.app.state.answers.shared(reader.store, ("data-years",), lambda: data_years(reader.store))
