"""Gap analysis: demand against supply per occupation in a region, and the shortage ranking."""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

from pydantic import BaseModel

from analyses.page import Page, check_page, page_fields
from analyses.regions import Region, resolve_region
from graph_model.enums import PriorityField
from graph_model.reference import cluster_ids, resolve_skill_level, skill_level_rank
from queries import ParameterError, fetch, fetch_many
from store.base import GraphStore, Rows

MAX_PAGE = 1000

SHORTAGE_VACANCY_RATIO = 1.5
"""A vacancy-to-supply ratio above this flags a shortage: half as many posts again as people to fill them."""

DECLARED_SHORTAGE_SHARE = 0.5
"""If at least this share of the demand headcount is declared a shortage post by the enterprises, flag it."""

ShortageReason = Literal["no_supply", "vacancy_ratio", "declared"]
ShortageOrder = Literal["ratio", "unmet"]
"""How a shortage ranking orders: `ratio` like the national list of the 100 most short (no supply first, then the
vacancy ratio), `unmet` by the headcount left unmet (a first page that says where most people are missing)."""


class GapRow(BaseModel):
    """One occupation's demand against the region's supply; the ratios are defined in `gap_row`."""

    occupation_id: str
    name_zh: str | None = None
    name_en: str | None = None
    cluster_ids: list[str]
    priority_fields: list[str]
    demand: int
    demand_levels: list[str]
    declared_shortage: int
    graduates: int
    training_capacity: int
    supply: int
    evaluation_capacity: int
    supply_demand_ratio: float | None
    vacancy_ratio: float | None
    no_supply: bool
    location_quotient: float | None
    shortage: bool
    shortage_reason: ShortageReason | None


class GapTable(Page[GapRow]):
    """A region's gap table: one row per occupation demanded there, largest demand first, paged."""

    region: Region
    year: int | None
    skill_levels: list[str] | None
    region_demand: int
    city_demand: int


class ShortageEntry(GapRow):
    rank: int
    unmet: int = 0
    """Demand the region's supply leaves unmet: max(0, demand − supply), in people."""


class ShortageRanking(Page[ShortageEntry]):
    """A region's shortage occupations, most short first, paged."""

    region: Region
    year: int | None
    cluster: str | None
    priority_field: PriorityField | None
    skill_levels: list[str] | None
    order: ShortageOrder = "ratio"


def gap_row(row: dict[str, Any], region_demand: int, city_occupation_demand: int, city_demand: int) -> GapRow:
    """Ratios and the shortage flag of one `region_gap` row.

    With D = demand, S = supply = graduates + training capacity:
    - supply_demand_ratio = S / D (None when D = 0);
    - vacancy_ratio = D / S, in the spirit of 求人倍率 (None, with `no_supply`, when S = 0);
    - location_quotient = (D / D_region) / (D_city,occupation / D_city): above 1, the region demands
      this occupation more than the city does on average (None when a denominator is 0);
    - shortage when D > 0 and: S = 0 ("no_supply"), or D / S > SHORTAGE_VACANCY_RATIO
      ("vacancy_ratio"), or declared shortage headcount / D ≥ DECLARED_SHORTAGE_SHARE ("declared").
    """
    demand, supply = row["demand"], row["graduates"] + row["training_capacity"]
    reason: ShortageReason | None = None
    if demand > 0:
        if supply == 0:
            reason = "no_supply"
        elif demand / supply > SHORTAGE_VACANCY_RATIO:
            reason = "vacancy_ratio"
        elif row["declared_shortage"] / demand >= DECLARED_SHORTAGE_SHARE:
            reason = "declared"
    lq = None
    if region_demand > 0 and city_occupation_demand > 0 and city_demand > 0:
        lq = (demand / region_demand) / (city_occupation_demand / city_demand)
    ranks = skill_level_rank()
    return GapRow(
        **{k: row[k] for k in ("occupation_id", "name_zh", "name_en", "cluster_ids", "priority_fields", "demand",
                               "declared_shortage", "graduates", "training_capacity", "evaluation_capacity")},
        demand_levels=sorted(row["demand_levels"], key=lambda level: (ranks.get(level, 0), level)),
        supply=supply,
        supply_demand_ratio=supply / demand if demand > 0 else None,
        vacancy_ratio=demand / supply if supply > 0 else None,
        no_supply=supply == 0,
        location_quotient=lq,
        shortage=reason is not None,
        shortage_reason=reason,
    )


@dataclass(frozen=True)
class GapRows:
    """What a gap table is computed from: the region, its `region_gap` rows and the city's demand per occupation."""

    region: Region
    skill_levels: list[str] | None
    rows: Rows
    city: Rows


def fetch_gaps(
    store: GraphStore, region: str, year: int | None = None, skill_levels: Sequence[str] | None = None
) -> GapRows:
    """The region's `region_gap` rows and the city's `occupation_demand`, in one read."""
    where = resolve_region(store, region)
    levels = skill_level_ids(skill_levels)
    filters = {"year": year, "skill_levels": levels}
    rows, city = fetch_many(store, [
        ("region_gap", {**where.params(), **filters}),
        ("occupation_demand", filters),
    ])
    return GapRows(where, levels, rows, city)


def compute_gaps(
    found: GapRows, year: int | None = None, *, limit: int = MAX_PAGE, offset: int = 0,
) -> GapTable:
    """Every occupation demanded in the region, with its supply, ratios, location quotient and shortage flag,
    ordered by demand (largest first), then occupation id."""
    check_page(limit, offset)
    city = {r["occupation_id"]: r["demand"] for r in found.city}
    city_demand = sum(city.values())
    region_demand = sum(r["demand"] for r in found.rows)
    rows = [gap_row(r, region_demand, city.get(r["occupation_id"], 0), city_demand) for r in found.rows]
    rows.sort(key=lambda r: (-r.demand, r.occupation_id))
    return GapTable(
        region=found.region, year=year, skill_levels=found.skill_levels, region_demand=region_demand,
        city_demand=city_demand, **page_fields(rows, limit, offset),
    )


def gap_table(
    store: GraphStore, region: str, year: int | None = None, skill_levels: Sequence[str] | None = None,
    *, limit: int = MAX_PAGE, offset: int = 0,
) -> GapTable:
    """A region's gap table (see `compute_gaps`)."""
    return compute_gaps(fetch_gaps(store, region, year, skill_levels), year, limit=limit, offset=offset)


def compute_shortages(
    found: GapRows,
    *,
    year: int | None = None,
    cluster: str | None = None,
    priority_field: str | None = None,
    order: ShortageOrder = "ratio",
    limit: int = 100,
    offset: int = 0,
) -> ShortageRanking:
    """The shortage occupations of a region, most short first, like the national list of the 100 most short.

    Only rows flagged `shortage` enter. Order `ratio`: no supply first (an infinite vacancy ratio), then
    vacancy ratio descending, then demand descending, then occupation id. Order `unmet`: unmet headcount
    (demand − supply) descending, then the `ratio` order. `cluster` and
    `priority_field` keep occupations that belong to them (IN_CLUSTER, `priority_fields`); the
    skill levels of `found` restrict demand and training to those levels. `offset`/`limit` page the
    list; `total` counts every entry.
    """
    check_page(limit, offset)
    if cluster is not None and cluster not in cluster_ids():
        raise ParameterError(f"unknown cluster {cluster!r}: expected one of the 30 ids of the 33618 system")
    field = _priority_field(priority_field)
    table = compute_gaps(found, year)
    rows = [
        r for r in table.items
        if r.shortage
        and (cluster is None or cluster in r.cluster_ids)
        and (field is None or field.value in r.priority_fields)
    ]
    rows.sort(key=lambda r: (not r.no_supply, -(r.vacancy_ratio or 0.0), -r.demand, r.occupation_id))
    if order == "unmet":
        rows.sort(key=lambda r: -max(0, r.demand - r.supply))  # stable: ties keep the ratio order
    elif order != "ratio":
        raise ParameterError(f"unknown order {order!r}: expected 'ratio' or 'unmet'")
    ranked = [ShortageEntry(rank=i, unmet=max(0, r.demand - r.supply), **r.model_dump())
              for i, r in enumerate(rows, start=1)]
    return ShortageRanking(
        region=table.region, year=year, cluster=cluster, priority_field=field, skill_levels=found.skill_levels,
        order=order,
        **page_fields(ranked, limit, offset),
    )


def shortage_ranking(
    store: GraphStore,
    region: str = "city",
    *,
    year: int | None = None,
    cluster: str | None = None,
    priority_field: str | None = None,
    skill_levels: Sequence[str] | None = None,
    order: ShortageOrder = "ratio",
    limit: int = 100,
    offset: int = 0,
) -> ShortageRanking:
    """A region's shortage ranking (see `compute_shortages`)."""
    return compute_shortages(fetch_gaps(store, region, year, skill_levels), year=year, cluster=cluster,
                             priority_field=priority_field, order=order, limit=limit, offset=offset)


def city_occupation_demand(
    store: GraphStore, year: int | None = None, skill_levels: Sequence[str] | None = None
) -> dict[str, int]:
    """The whole city's demand per occupation id: the base of every location quotient."""
    rows = fetch(store, "occupation_demand", {"year": year, "skill_levels": skill_level_ids(skill_levels)})
    return {r["occupation_id"]: r["demand"] for r in rows}


def skill_level_ids(values: Sequence[str] | None) -> list[str] | None:
    """Skill levels as ids (accepting ranks and Chinese names); None or empty means every level."""
    if not values:
        return None
    try:
        return sorted({resolve_skill_level(v) for v in values}, key=skill_level_rank().__getitem__)
    except ValueError as exc:
        raise ParameterError(str(exc)) from None


def _priority_field(value: str | None) -> PriorityField | None:
    if value is None:
        return None
    try:
        return PriorityField(value)
    except ValueError:
        known = ", ".join(f.value for f in PriorityField)
        raise ParameterError(f"unknown priority field {value!r}: expected one of {known}") from None
