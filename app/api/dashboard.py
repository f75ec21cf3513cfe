"""The planners' dashboard: gaps summed per district or per cluster, and where the service stations are."""

from typing import Annotated, Literal

from fastapi import APIRouter, Query
from pydantic import BaseModel, Field

from app.api.access import CITY_ROLES, require
from app.api.problems import problem_responses
from app.api.routes import Scoped, Year
from graph_model.reference import clusters, districts
from queries.gaps import city_occupation_demand, gap_table
from queries.network import MAX_LIMIT
from store import GraphStore

router = APIRouter(tags=["analyses"], responses=problem_responses(401, 403, 422, 503))

SummaryBy = Literal["district", "cluster"]


class RegionGapSummary(BaseModel):
    """One district's or cluster's gap table, summed over its demanded occupations."""

    id: str
    name_zh: str
    name_en: str | None = None
    lat: float | None = Field(None, description="districts only: the district's centre")
    lng: float | None = None
    demand: int = Field(description="headcount demanded by the region's enterprises")
    supply: int = Field(description="graduates + training capacity for the occupations demanded")
    unmet_demand: int = Field(description="Σ over demanded occupations of max(0, demand − supply)")
    occupations: int = Field(description="occupations demanded")
    shortage_occupations: int = Field(description="occupations flagged as a shortage (see /gaps)")


class StationPoint(BaseModel):
    id: str
    name_zh: str | None = None
    name_en: str | None = None
    district: str
    lat: float | None = None
    lng: float | None = None


class GapSummary(BaseModel):
    """Regions by demand, largest first; for `by=district` also the existing service stations."""

    by: SummaryBy
    year: int | None
    regions: list[RegionGapSummary]
    stations: list[StationPoint]


@router.get("/gaps/summary", summary="Gaps summed per district or per cluster, for the planners' dashboard")
def gap_summary(
    scoped: Scoped,
    by: Annotated[SummaryBy, Query(description="sum per `district` or per `cluster`")] = "district",
    year: Year = None,
) -> GapSummary:
    require(scoped.principal, CITY_ROLES)
    store = scoped.store
    reference = districts() if by == "district" else clusters()
    present = store.kinds_of([r["id"] for r in reference])
    city = city_occupation_demand(store, year)
    regions = [_summarise(store, r["id"], by, year, city) for r in reference if r["id"] in present]
    regions.sort(key=lambda r: (-r.demand, r.id))
    stations = _stations(store, [r.id for r in regions]) if by == "district" else []
    return GapSummary(by=by, year=year, regions=regions, stations=stations)


def _summarise(
    store: GraphStore, region_id: str, by: SummaryBy, year: int | None, city: dict[str, int]
) -> RegionGapSummary:
    table = gap_table(store, region_id, year=year, city=city)
    node = store.get_node(region_id)
    props = node.properties if node else {}
    return RegionGapSummary(
        id=region_id,
        name_zh=table.region.name_zh,
        name_en=table.region.name_en,
        lat=props.get("lat") if by == "district" else None,
        lng=props.get("lng") if by == "district" else None,
        demand=table.region_demand,
        supply=sum(r.supply for r in table.rows),
        unmet_demand=sum(max(0, r.demand - r.supply) for r in table.rows),
        occupations=len(table.rows),
        shortage_occupations=sum(r.shortage for r in table.rows),
    )


def _stations(store: GraphStore, district_ids: list[str]) -> list[StationPoint]:
    """The service stations located in these districts (a station lacking coordinates gets its district's)."""
    found: dict[str, StationPoint] = {}
    for district_id in district_ids:
        view = store.neighbourhood(district_id, depth=1, limit=MAX_LIMIT)
        if view is None:
            continue
        centre = next((n.properties for n in view.nodes if n.id == district_id), {})
        for n in view.nodes:
            if n.kind != "ServiceStation":
                continue
            p = n.properties
            found[n.id] = StationPoint(
                id=n.id, name_zh=p.get("name_zh"), name_en=p.get("name_en"), district=district_id,
                lat=p.get("lat") or centre.get("lat"), lng=p.get("lng") or centre.get("lng"),
            )
    return sorted(found.values(), key=lambda s: s.id)
