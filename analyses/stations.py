"""Where to open the next service stations (产教评技能生态链服务站): maximal and set covering of unmet demand.

Demand points are the region's enterprises, weighted by their unmet demand (`queries.unmet`).
The existing stations are kept: what they reach counts as covered before. Candidate sites are the
district seats, the skills eco-parks, large schools and large firms (`station_sites`). A site covers
an enterprise within `radius_km` (haversine over coordinates) or, with `rule="district"`, in the
same district. The optimisation itself is `queries.placement`.
"""

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
from pydantic import BaseModel

from analyses.page import Page, check_page, page_fields
from analyses.placement import (
    DEFAULT_TIME_LIMIT,
    CoverageInstance,
    PlacementResult,
    district_coverage,
    radius_coverage,
    solve_mclp,
    solve_set_cover,
)
from analyses.regions import Region, resolve_region
from analyses.unmet import DemandRow, check_cluster, check_occupations, level_names, unmet_demand
from graph_model.reference import districts, occupation_english_names
from queries import ParameterError, run
from store.base import GraphStore

Rule = Literal["radius", "district"]
SiteKind = Literal["service_station", "district_seat", "eco_park", "school", "enterprise"]

DEFAULT_RADIUS_KM = 10.0
"""A station's reach: about half an hour by road in the main city."""

LARGE_SCHOOL_STUDENTS = 5000
"""Schools with at least this many students are candidate sites."""

LARGE_FIRM_EMPLOYEES = 1000
"""Enterprises with at least this many employees are candidate sites."""

LISTED = 20
"""How many organisations and occupations each recommended site lists (the largest; totals are given)."""

_KIND_WORDS: dict[str, tuple[str, str]] = {
    "district_seat": ("区县政府驻地", "district seat"),
    "eco_park": ("技能人才生态园区", "skills eco-park"),
    "school": ("学校", "school"),
    "enterprise": ("企业", "enterprise"),
    "service_station": ("服务站", "service station"),
}


class SiteRef(BaseModel):
    id: str
    kind: SiteKind
    name_zh: str | None = None
    name_en: str | None = None
    district: str | None = None
    lat: float | None = None
    lng: float | None = None


class CoveredOrganisation(BaseModel):
    id: str
    name_zh: str | None = None
    district: str | None = None
    unmet: float


class OccupationUnmet(BaseModel):
    occupation_id: str
    name_zh: str | None = None
    name_en: str | None = None
    skill_level: str
    unmet: float
    enterprises: int


class RecommendedSite(SiteRef):
    """A site to open, in the order of its marginal gain, with what it newly covers and why."""

    rank: int
    district_name_zh: str | None = None
    district_name_en: str | None = None
    marginal_gain: float
    newly_covered: float
    organisations_total: int
    organisations: list[CoveredOrganisation]
    occupations_total: int
    occupations: list[OccupationUnmet]
    reason_zh: str
    reason_en: str


class SolverReport(BaseModel):
    method: Literal["milp", "greedy"]
    status: str
    objective: float
    bound: float | None
    gap: float | None
    seconds: float


class StationPlan(Page[RecommendedSite]):
    """The answer to one placement question, with coverage before and after in unmet headcount; the sites
    to open are the `items`, in the order of their marginal gain."""

    question: Literal["max_coverage", "min_stations"]
    region: Region
    year: int | None
    rule: Rule
    radius_km: float | None
    k: int | None
    capacity: float | None
    occupation_ids: list[str] | None
    cluster: str | None
    demand_points: int
    candidate_sites: int
    existing_stations: list[SiteRef]
    unmet_total: float
    covered_before: float
    covered_after: float
    share_before: float | None
    share_after: float | None
    uncoverable: float
    solver: SolverReport


@dataclass(frozen=True)
class StationProblem:
    """A placement question read from the store: the demand rows, the sites and the coverage instance."""

    region: Region
    rows: list[DemandRow]
    points: list[str]
    names: dict[str, str | None]
    existing: list[SiteRef]
    candidates: list[SiteRef]
    instance: CoverageInstance


def recommend_stations(
    store: GraphStore,
    k: int = 5,
    *,
    radius_km: float = DEFAULT_RADIUS_KM,
    rule: Rule = "radius",
    region: str = "city",
    year: int | None = None,
    occupations: Sequence[str] | None = None,
    cluster: str | None = None,
    capacity: float | None = None,
    min_students: int = LARGE_SCHOOL_STUDENTS,
    min_employees: int = LARGE_FIRM_EMPLOYEES,
    time_limit: float = DEFAULT_TIME_LIMIT,
    limit: int = 100,
    offset: int = 0,
) -> StationPlan:
    """The k new sites that cover the most unmet demand (maximal covering), on top of the existing stations.

    `capacity`: the most unmet headcount one new station can serve (None: unlimited); the
    existing stations, which carry no capacity in the graph, cover what they reach.
    `occupations` / `cluster` keep demand for those occupations / occupations of that cluster.
    Solved exactly with HiGHS (greedy with a bound above the size threshold or the time limit).
    """
    if k < 1:
        raise ParameterError(f"k must be ≥ 1 (got {k})")
    check_page(limit, offset)
    problem = station_problem(store, rule, radius_km, region, year, occupations, cluster, capacity, min_students,
                       min_employees)
    result = solve_mclp(problem.instance, k, time_limit=time_limit)
    after = problem.instance.before + result.objective
    return _plan("max_coverage", problem, result, after, k=k, rule=rule, radius_km=radius_km, year=year,
                 occupations=occupations, cluster=cluster, capacity=capacity, limit=limit, offset=offset)


def minimum_stations(
    store: GraphStore,
    *,
    radius_km: float = DEFAULT_RADIUS_KM,
    rule: Rule = "radius",
    region: str = "city",
    year: int | None = None,
    occupations: Sequence[str] | None = None,
    cluster: str | None = None,
    min_students: int = LARGE_SCHOOL_STUDENTS,
    min_employees: int = LARGE_FIRM_EMPLOYEES,
    time_limit: float = DEFAULT_TIME_LIMIT,
    limit: int = 100,
    offset: int = 0,
) -> StationPlan:
    """The fewest new sites that, with the existing stations, cover all the unmet demand any site can reach.

    Demand that no candidate reaches is reported as `uncoverable` (no choice of sites covers it).
    """
    check_page(limit, offset)
    problem = station_problem(store, rule, radius_km, region, year, occupations, cluster, None, min_students,
                       min_employees)
    result = solve_set_cover(problem.instance, time_limit=time_limit)
    return _plan("min_stations", problem, result, problem.instance.coverable, k=None, rule=rule,
                 radius_km=radius_km, year=year, occupations=occupations, cluster=cluster, capacity=None,
                 limit=limit, offset=offset)


def station_problem(
    store: GraphStore, rule: str = "radius", radius_km: float = DEFAULT_RADIUS_KM, region: str = "city",
    year: int | None = None, occupations: Sequence[str] | None = None, cluster: str | None = None,
    capacity: float | None = None, min_students: int = LARGE_SCHOOL_STUDENTS,
    min_employees: int = LARGE_FIRM_EMPLOYEES,
) -> StationProblem:
    """The demand points, existing stations, candidates and coverage of a placement question."""
    if rule not in ("radius", "district"):
        raise ParameterError(f"rule must be 'radius' or 'district' (got {rule!r})")
    if rule == "radius" and not radius_km > 0:
        raise ParameterError(f"radius_km must be > 0 (got {radius_km})")
    if capacity is not None and not capacity > 0:
        raise ParameterError(f"capacity must be > 0 unmet posts per station (got {capacity})")
    if min_students < 0 or min_employees < 0:
        raise ParameterError("min_students and min_employees must be ≥ 0")
    where = resolve_region(store, region)
    rows = [r for r in unmet_demand(store, where, year=year, occupation_ids=check_occupations(occupations),
                                    cluster=check_cluster(cluster)) if r.unmet > 0]
    weight: dict[str, float] = defaultdict(float)
    place: dict[str, DemandRow] = {}
    for r in rows:
        weight[r.enterprise_id] += r.unmet
        place.setdefault(r.enterprise_id, r)
    points = sorted(weight)
    sites = [SiteRef.model_validate(s) for s in run(store,
        "station_sites", {"min_students": min_students, "min_employees": min_employees})]
    existing = [s for s in sites if s.kind == "service_station"]
    candidates = [s for s in sites if s.kind != "service_station"]
    if rule == "radius":
        coords = [(_coord(place[p].lat), _coord(place[p].lng)) for p in points]
        cover = radius_coverage(coords, [(_coord(s.lat), _coord(s.lng)) for s in candidates], radius_km)
        before = radius_coverage(coords, [(_coord(s.lat), _coord(s.lng)) for s in existing], radius_km)
    else:
        homes = [place[p].district or "" for p in points]
        cover = district_coverage(homes, [s.district or "" for s in candidates])
        before = district_coverage(homes, [s.district or "" for s in existing])
    instance = CoverageInstance.from_matrix(
        [weight[p] for p in points], [s.id for s in candidates], cover, np.asarray(before.any(axis=1), dtype=np.bool_),
        [capacity] * len(candidates) if capacity is not None else None,
    )
    names = {p: place[p].name_zh for p in points}
    return StationProblem(where, rows, points, names, existing, candidates, instance)


def _coord(value: float | None) -> float:
    return float("nan") if value is None else value  # NaN is within no radius


def _plan(
    question: Literal["max_coverage", "min_stations"], problem: StationProblem, result: PlacementResult, after: float,
    *, k: int | None, rule: Rule, radius_km: float, year: int | None, occupations: Sequence[str] | None,
    cluster: str | None, capacity: float | None, limit: int, offset: int,
) -> StationPlan:
    inst = problem.instance
    total = inst.total
    sites = _explain(problem, result)
    return StationPlan(
        question=question, region=problem.region, year=year, rule=rule,
        radius_km=radius_km if rule == "radius" else None, k=k, capacity=capacity,
        occupation_ids=check_occupations(occupations), cluster=cluster, demand_points=len(problem.points),
        candidate_sites=len(problem.candidates), existing_stations=problem.existing, unmet_total=_round(total),
        covered_before=_round(inst.before), covered_after=_round(after),
        share_before=inst.before / total if total > 0 else None, share_after=after / total if total > 0 else None,
        uncoverable=_round(total - inst.coverable),
        solver=SolverReport(method=result.method, status=result.status, objective=_round(result.objective),
                            bound=None if result.bound is None else _round(result.bound), gap=result.gap,
                            seconds=result.seconds),
        **page_fields(sites, limit, offset),
    )


def _round(value: float) -> float:
    return round(value, 2)


def _explain(problem: StationProblem, result: PlacementResult) -> list[RecommendedSite]:
    """What each chosen site newly covers (not reached by the existing stations or higher-ranked sites)."""
    inst = problem.instance
    covered = inst.covered_before.copy()
    by_enterprise: dict[str, list[DemandRow]] = defaultdict(list)
    for r in problem.rows:
        by_enterprise[r.enterprise_id].append(r)
    district_names = {d["id"]: (d["name_zh"], d["name_en"]) for d in districts()}
    out = []
    for rank, (j, gain) in enumerate(zip(result.chosen, result.marginal_gains, strict=True), start=1):
        new = inst.cover[:, j] & ~covered
        covered |= inst.cover[:, j]
        orgs = [problem.points[i] for i in np.flatnonzero(new)]
        weights = {o: float(inst.weights[i]) for o, i in zip(orgs, np.flatnonzero(new), strict=True)}
        per_occ: dict[tuple[str, str], list[Any]] = {}
        for o in orgs:
            for r in by_enterprise[o]:
                entry = per_occ.setdefault((r.occupation_id, r.skill_level), [r, 0.0, 0])
                entry[1] += r.unmet
                entry[2] += 1
        occupations = sorted(
            (OccupationUnmet(occupation_id=occ, name_zh=e[0].occupation_name_zh,
                             name_en=occupation_english_names().get(occ), skill_level=level,
                             unmet=_round(e[1]), enterprises=e[2])
             for (occ, level), e in per_occ.items()),
            key=lambda x: (-x.unmet, x.occupation_id, x.skill_level),
        )
        ranked = sorted(orgs, key=lambda o: (-weights[o], o))
        site = problem.candidates[j]
        newly = sum(weights.values())
        top = per_occ[(occupations[0].occupation_id, occupations[0].skill_level)][0] if occupations else None
        zh, en = _reason(site, newly, gain, len(orgs), {by_enterprise[o][0].district for o in orgs}, top,
                         district_names)
        out.append(RecommendedSite(
            **site.model_dump(), rank=rank, district_name_zh=district_names.get(site.district or "", (None,))[0],
            district_name_en=district_names.get(site.district or "", (None, None))[1],
            marginal_gain=_round(gain), newly_covered=_round(newly), organisations_total=len(orgs),
            organisations=[CoveredOrganisation(id=o, name_zh=problem.names[o], district=by_enterprise[o][0].district,
                                               unmet=_round(weights[o])) for o in ranked[:LISTED]],
            occupations_total=len(occupations), occupations=occupations[:LISTED], reason_zh=zh, reason_en=en,
        ))
    return out


def _reason(
    site: SiteRef, newly: float, gain: float, firms: int, places: set[str | None], top: DemandRow | None,
    district_names: dict[str, tuple[str, str]],
) -> tuple[str, str]:
    kind_zh, kind_en = _KIND_WORDS[site.kind]
    home_zh, home_en = district_names.get(site.district or "", (site.district or "?", site.district or "?"))
    others = len({p for p in places if p and p != site.district})
    where_zh = home_zh + (f"等{others + 1}个区县" if others else "")
    where_en = home_en + (f" and {others} other district{'s' if others > 1 else ''}" if others else "")
    zh = f"{kind_zh}「{site.name_zh or site.id}」：新覆盖{where_zh}{firms}家企业的{newly:,.0f}个未满足岗位"
    en = (f"{kind_en} {site.name_en or site.name_zh or site.id}: newly covers {newly:,.0f} unmet posts in {firms} "
          f"firm{'s' if firms != 1 else ''} of {where_en}")
    if top is not None:
        level_zh, level_en = level_names().get(top.skill_level, (top.skill_level, top.skill_level))
        zh += f"，以{top.occupation_name_zh or top.occupation_id}（{level_zh}）为主"
        en += f", mostly {top.occupation_name_en or top.occupation_name_zh or top.occupation_id} ({level_en.lower()})"
    if gain < newly - 0.005:
        zh += f"；受服务能力所限，可服务其中{gain:,.0f}个"
        en += f"; its capacity serves {gain:,.0f} of them"
    return zh + "。", en + "."
