"""Gap totals: each district's or cluster's gap table summed, and where the service stations are (the dashboard)."""

from typing import Any, Literal

from pydantic import BaseModel, Field

from analyses.deserts import evaluation_deserts
from analyses.gaps import GapRows, compute_gaps
from analyses.network import MAX_LIMIT
from analyses.outlook import DistrictForecasts, forecast_shortage_ranking
from analyses.page import MAX_PAGE
from analyses.regions import Region
from graph_model.reference import clusters, districts
from queries import fetch
from store.base import GraphStore, Rows

TotalsBy = Literal["district", "cluster"]


class RegionGapTotal(BaseModel):
    """One district's or cluster's gap table, summed over its demanded occupations."""

    id: str
    name_zh: str
    name_en: str | None = None
    lat: float | None = Field(None, description="districts only: the district's centre")
    lng: float | None = None
    demand: int = Field(description="headcount demanded by the region's enterprises")
    supply: int = Field(description="graduates + training capacity for the occupations demanded")
    graduates: int = Field(0, description="graduates a year, for the occupations demanded (part of supply)")
    training_capacity: int = Field(0, description="training places a year, for the occupations demanded (part of "
                                                  "supply)")
    evaluation_capacity: int = Field(0, description="evaluations a year, for the occupations demanded (not "
                                                    "supply: it certifies people, it does not add them)")
    vacancy_ratio: float | None = Field(None, description="demand ÷ supply (求人倍率-style); none without supply")
    unmet_demand: int = Field(description="Σ over demanded occupations of max(0, demand − supply)")
    occupations: int = Field(description="occupations demanded")
    shortage_occupations: int = Field(description="occupations flagged as a shortage (see /gaps)")
    forecast_gap: float | None = Field(None, description="with `horizon`, districts only: Σ over occupations of the "
                                                         "positive forecast gap `horizon` years ahead (see /shortages)")
    desert_headcount: int | None = Field(None, description="districts only: headcount demanded at an occupation × "
                                                           "level with no evaluation body in reach (see /deserts)")


class StationPoint(BaseModel):
    id: str
    name_zh: str | None = None
    name_en: str | None = None
    district: str
    lat: float | None = None
    lng: float | None = None


class GapTotals(BaseModel):
    """Regions by demand, largest first (`items`); for `by=district` also the existing service stations."""

    by: TotalsBy
    year: int | None
    horizon: int | None = None
    items: list[RegionGapTotal]
    stations: list[StationPoint]


def gap_totals(store: GraphStore, by: TotalsBy = "district", year: int | None = None, *, horizon: int | None = None,
               district_forecasts: DistrictForecasts | None = None) -> GapTotals:
    """Every district's (or cluster's) gap table summed: demand, supply, unmet demand, shortage occupations; with
    `horizon`, each district's forecast gap that many years past the current year as well."""
    reference = districts() if by == "district" else clusters()
    present = store.kinds_of([r["id"] for r in reference])
    city = fetch(store, "occupation_demand", {"year": year, "skill_levels": None})
    totals = [region_total(store, _gap_rows(store, by, r, year, city), year) for r in reference if r["id"] in present]
    totals.sort(key=lambda t: (-t.demand, t.id))
    stations = _stations(store, [t.id for t in totals]) if by == "district" else []
    if horizon is not None and by == "district":
        totals = [t.model_copy(update={"forecast_gap": _forecast_gap(store, t.id, horizon, district_forecasts)})
                  for t in totals]
    return GapTotals(by=by, year=year, horizon=horizon if by == "district" else None, items=totals, stations=stations)


def _gap_rows(store: GraphStore, by: TotalsBy, r: dict[str, Any], year: int | None, city: Rows) -> GapRows:
    """A district's or cluster's gap rows (`r`: its reference record; `city`: the city's demand)."""
    node = store.get_node(r["id"])
    props = node.properties if node else r
    where = Region(kind=by, id=r["id"], name_zh=props.get("name_zh") or r["id"], name_en=props.get("name_en"))
    rows = fetch(store, "region_gap", {**where.params(), "year": year, "skill_levels": None})
    return GapRows(where, None, rows, city)


def region_total(store: GraphStore, found: GapRows, year: int | None = None) -> RegionGapTotal:
    """A district's or cluster's gap rows summed: one row of `gap_totals` (a district's report reads its own)."""
    where = found.region
    district = where.kind == "district"
    node = store.get_node(where.id) if district and where.id else None
    props = node.properties if node else {}
    table = compute_gaps(found, year)
    supply = sum(g.supply for g in table.items)
    return RegionGapTotal(
        id=where.id or "", name_zh=where.name_zh, name_en=where.name_en, lat=props.get("lat"), lng=props.get("lng"),
        demand=table.region_demand, supply=supply,
        graduates=sum(g.graduates for g in table.items),
        training_capacity=sum(g.training_capacity for g in table.items),
        evaluation_capacity=sum(g.evaluation_capacity for g in table.items),
        vacancy_ratio=table.region_demand / supply if supply else None,
        desert_headcount=evaluation_deserts(store, where.id, year, limit=1).desert_headcount
        if district and where.id else None,
        unmet_demand=sum(max(0, g.demand - g.supply) for g in table.items),
        occupations=table.total, shortage_occupations=sum(g.shortage for g in table.items),
    )


def _forecast_gap(store: GraphStore, district: str, horizon: int, forecasts: DistrictForecasts | None) -> float:
    """Σ of the district's positive forecast gaps `horizon` years ahead (every page of its forecast ranking)."""
    gap, offset = 0.0, 0
    while True:
        page = forecast_shortage_ranking(store, district, horizon=horizon, district_forecasts=forecasts,
                                         limit=MAX_PAGE, offset=offset)
        gap += sum(e.gap for e in page.items)
        offset += MAX_PAGE
        if offset >= page.total:
            return gap


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
