"""Gap analysis: demand against supply per occupation in a region, the shortage ranking, evaluation deserts."""

from collections.abc import Mapping, Sequence
from typing import Any, Literal

from pydantic import BaseModel

from graph_model.enums import PriorityField
from graph_model.reference import cluster_ids, resolve_skill_level, skill_level_rank
from queries import QueryParameterError
from queries.cache import run_cached
from queries.regions import Region, resolve_region
from store.base import GraphStore

SHORTAGE_VACANCY_RATIO = 1.5
"""A vacancy-to-supply ratio above this flags a shortage: half as many posts again as people to fill them."""

DECLARED_SHORTAGE_SHARE = 0.5
"""If at least this share of the demand headcount is declared a shortage post by the enterprises, flag it."""

MAX_PAGE = 1000

SUMMARY_KINDS = ("district", "city")
"""Regions whose gap table the Neo4j store keeps summed (`store.summaries`)."""

ShortageReason = Literal["no_supply", "vacancy_ratio", "declared"]


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


class GapTable(BaseModel):
    region: Region
    year: int | None
    skill_levels: list[str] | None
    region_demand: int
    city_demand: int
    rows: list[GapRow]


class ShortageEntry(GapRow):
    rank: int


class ShortageRanking(BaseModel):
    region: Region
    year: int | None
    cluster: str | None
    priority_field: PriorityField | None
    skill_level: str | None
    total: int
    limit: int
    offset: int
    entries: list[ShortageEntry]


class Desert(BaseModel):
    """A demanded occupation × skill level with no evaluator in reach."""

    occupation_id: str
    name_zh: str | None = None
    skill_level: str
    headcount: int
    enterprises: int
    evaluators_elsewhere: int


class EvaluationDeserts(BaseModel):
    region: Region
    year: int | None
    demanded_pairs: int
    demand: int
    desert_headcount: int
    desert_share: float | None
    deserts: list[Desert]


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


def city_occupation_demand(
    store: GraphStore, year: int | None = None, skill_levels: Sequence[str] | None = None
) -> dict[str, int]:
    """The whole city's demand per occupation id: the base of every location quotient."""
    return _city_demand(store, year, _levels(skill_levels), store.summaries_current())


def _city_demand(store: GraphStore, year: int | None, levels: list[str] | None, summarised: bool) -> dict[str, int]:
    filters = {"year": year, "skill_levels": levels}
    rows = (run_cached(store, "gap_summary", {"region": "city", **filters}) if summarised
            else run_cached(store, "occupation_demand", filters))
    return {r["occupation_id"]: r["demand"] for r in rows}


def gap_table(
    store: GraphStore, region: str, year: int | None = None, skill_levels: Sequence[str] | None = None,
    *, city: Mapping[str, int] | None = None,
) -> GapTable:
    """Every occupation demanded in the region, with its supply, ratios, location quotient and shortage flag.

    `city` is `city_occupation_demand` for the same year and levels, if the caller already has it
    (a summary over many regions asks for it once).
    """
    where = resolve_region(store, region)
    levels = _levels(skill_levels)
    filters = {"year": year, "skill_levels": levels}
    params = {**where.params(), **filters}
    # A district's or the city's sums come from the gap summaries while they are current. The whole
    # city's answer is kept until the data changes either way; the city's demand per occupation is
    # the region's own when the region is the city.
    current = store.summaries_current()
    summarised = where.kind in SUMMARY_KINDS and current
    if summarised:
        name, params = "gap_summary", {"region": where.id if where.kind == "district" else "city", **filters}
    else:
        name = "region_gap"
    if where.kind == "city":
        rows = run_cached(store, name, params)
        city = {r["occupation_id"]: r["demand"] for r in rows}
    else:
        rows = store.run_query(name, params)
        if city is None:
            city = _city_demand(store, year, levels, current)
    city_demand = sum(city.values())
    region_demand = sum(r["demand"] for r in rows)
    return GapTable(
        region=where,
        year=year,
        skill_levels=levels,
        region_demand=region_demand,
        city_demand=city_demand,
        rows=[gap_row(r, region_demand, city.get(r["occupation_id"], 0), city_demand) for r in rows],
    )


def shortage_ranking(
    store: GraphStore,
    region: str = "city",
    *,
    year: int | None = None,
    cluster: str | None = None,
    priority_field: str | None = None,
    skill_level: str | None = None,
    limit: int = 100,
    offset: int = 0,
) -> ShortageRanking:
    """The shortage occupations of a region, most short first, like the national list of the 100 most short.

    Only rows flagged `shortage` enter. Order: no supply first (an infinite vacancy ratio), then
    vacancy ratio descending, then demand descending, then occupation id. `cluster` and
    `priority_field` keep occupations that belong to them (IN_CLUSTER, `priority_fields`);
    `skill_level` restricts demand and training to that level. `offset`/`limit` page the list;
    `total` counts every entry.
    """
    if not 1 <= limit <= MAX_PAGE or offset < 0:
        raise QueryParameterError(f"limit must be 1–{MAX_PAGE} and offset ≥ 0 (got limit={limit}, offset={offset})")
    if cluster is not None and cluster not in cluster_ids():
        raise QueryParameterError(f"unknown cluster {cluster!r}: expected one of the 30 ids of the 33618 system")
    field = _priority_field(priority_field)
    level = _level(skill_level) if skill_level is not None else None
    table = gap_table(store, region, year=year, skill_levels=[level] if level else None)
    rows = [
        r for r in table.rows
        if r.shortage
        and (cluster is None or cluster in r.cluster_ids)
        and (field is None or field.value in r.priority_fields)
    ]
    rows.sort(key=lambda r: (not r.no_supply, -(r.vacancy_ratio or 0.0), -r.demand, r.occupation_id))
    page = rows[offset : offset + limit]
    return ShortageRanking(
        region=table.region, year=year, cluster=cluster, priority_field=field, skill_level=level,
        total=len(rows), limit=limit, offset=offset,
        entries=[ShortageEntry(rank=offset + i, **r.model_dump()) for i, r in enumerate(page, start=1)],
    )


def evaluation_deserts(store: GraphStore, region: str, year: int | None = None) -> EvaluationDeserts:
    """Demanded occupation × skill level pairs of a region with no evaluation body in reach, largest first.

    An evaluator (an EvaluationBody, or an Enterprise filed as one) is in reach when it evaluates the
    occupation at that level (the level is in its EVALUATES levels) and is located in a district where
    the region has an organisation: for a district that district, for the 12 counties any of them,
    for the city any district, for a chain or cluster the districts its organisations sit in.
    `desert_share` = desert headcount ÷ demanded headcount (None when nothing is demanded).
    """
    where = resolve_region(store, region)
    rows = store.run_query("evaluation_deserts", {**where.params(), "year": year})
    ranks = skill_level_rank()
    deserts = [
        Desert(occupation_id=r["occupation_id"], name_zh=r["name_zh"], skill_level=r["skill_level"],
               headcount=r["headcount"], enterprises=r["enterprises"], evaluators_elsewhere=r["evaluators_in_city"])
        for r in rows
        if r["evaluators_in_reach"] == 0
    ]
    deserts.sort(key=lambda d: (-d.headcount, d.occupation_id, ranks.get(d.skill_level, 0)))
    demand = sum(r["headcount"] for r in rows)
    desert_headcount = sum(d.headcount for d in deserts)
    return EvaluationDeserts(
        region=where, year=year, demanded_pairs=len(rows), demand=demand, desert_headcount=desert_headcount,
        desert_share=desert_headcount / demand if demand > 0 else None, deserts=deserts,
    )


def _levels(values: Sequence[str] | None) -> list[str] | None:
    """Skill levels as ids (accepting ranks and Chinese names); None or empty means every level."""
    if not values:
        return None
    try:
        return sorted({resolve_skill_level(v) for v in values}, key=skill_level_rank().__getitem__)
    except ValueError as exc:
        raise QueryParameterError(str(exc)) from None


def _level(value: str) -> str:
    try:
        return resolve_skill_level(value)
    except ValueError as exc:
        raise QueryParameterError(str(exc)) from None


def _priority_field(value: str | None) -> PriorityField | None:
    if value is None:
        return None
    try:
        return PriorityField(value)
    except ValueError:
        known = ", ".join(f.value for f in PriorityField)
        raise QueryParameterError(f"unknown priority field {value!r}: expected one of {known}") from None
