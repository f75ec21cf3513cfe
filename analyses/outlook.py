"""Measure 13 over the graph: the years the data holds, trends of demand against supply, forecasts of demand with
their intervals, the supply the enrolled cohorts will bring, and the forecast gap.

Demand is read per occupation × district × year (`demand_history`); only demand firms had enters a trend or a
forecast — what they stated as plans for a coming year (DEMANDS.plan) is shown beside the forecast, never fitted.
The data's **current year** is the latest year with demand that was had.

Forecasts are made per occupation × district (`analyses.forecast`, the method chosen per occupation from all its
districts' backtests) and added up bottom-up, so a district, the 12 counties, an area of 一区两群 and the city all
come from the same district forecasts and always add up. A chain or a cluster is forecast from its own members'
series, the same way.

Supply has no history in the data yet: a trend compares each year's demand with today's yearly supply, and the
forecast gap compares forecast demand with the **projected supply**: the graduates the enrolled cohorts bring
(each major's enrolment spread over its programme length, `PROGRAMME_YEARS`; a major without enrolment keeps its
graduates per year) plus today's training capacity.
"""

from collections import defaultdict
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal, cast

from pydantic import BaseModel

from analyses.forecast import LEVEL, MAX_HORIZON, Forecasts, SeriesForecast, add_up, forecast
from analyses.gaps import SHORTAGE_VACANCY_RATIO, skill_level_ids
from analyses.page import Page, check_page, page_fields
from analyses.regions import CITY, COUNTY_12, Region, resolve_region
from analyses.unmet import check_occupations
from graph_model.enums import PROGRAMME_YEARS
from graph_model.reference import (
    AREA_NAMES,
    cluster_ids,
    districts,
    occupation_english_names,
    occupation_sectors,
    occupations,
)
from queries import ParameterError, fetch, fetch_many
from store.base import GraphStore, Rows

TREND_YEARS = 4
"""A trend is the least-squares slope of the gap over the last this many years up to the current one."""

TREND_CHANGE = 0.05
"""A gap growing (shrinking) by at least this share of the mean demand a year is getting worse (better)."""

NEW_YEARS = 3
"""An occupation is new in a region when it was not demanded there before the last this many years."""

Trend = Literal["new", "worse", "steady", "better"]



class YearTotal(BaseModel):
    year: int
    headcount: int
    """Demand that firms had in the year."""
    planned: int
    """Demand firms stated as their plan for the year (用工计划)."""


class DataYears(BaseModel):
    """The years the graph holds demand for."""

    years: list[YearTotal]
    current: int | None
    """The latest year with demand that was had: what an analysis without a year reads."""
    plan_years: list[int]
    """Years after the current one that only firms' plans reach."""


def data_years(store: GraphStore) -> DataYears:
    rows = fetch(store, "demand_years", {})
    years = [YearTotal(**r) for r in rows]
    had = [y.year for y in years if y.headcount > 0]
    current = max(had) if had else None
    plans = [y.year for y in years if current is None or y.year > current]
    return DataYears(years=years, current=current, plan_years=plans)


# ── where: the regions of every analysis, and the areas of 一区两群 ──


@dataclass(frozen=True)
class Where:
    region: Region
    history_region: str
    """The region whose demand history is read (the city for an area)."""
    supply_regions: tuple[str, ...]
    """The regions whose supply adds up to this one's (an area's districts)."""
    districts: frozenset[str] | None
    """The districts whose series make this region's (None: every series read)."""

    @property
    def base(self) -> str:
        """The region whose district forecasts this one adds up: the city, but for a chain or a cluster (forecast
        from their own members' series) — so that districts, counties, areas and the city always add up."""
        return self.region.id or CITY if self.region.kind in ("chain", "cluster") else CITY


def resolve_where(store: GraphStore, region: str) -> Where:
    """`region` as every analysis takes it (`resolve_region`), or an area of 一区两群 (`AREA_NAMES`)."""
    text = region.strip()
    if text in AREA_NAMES:
        zh, en = AREA_NAMES[text]
        members = sorted(d["id"] for d in districts()
                         if (d.get("region") == text or (text == "main_city" and d.get("region") in
                                                         ("central_urban", "main_city_new")))
                         and store.get_node(d["id"]) is not None)
        return Where(Region(kind="area", id=text, name_zh=zh, name_en=en), CITY, tuple(members), frozenset(members))
    found = resolve_region(store, text)
    if found.kind == "district" and found.id is not None:
        return Where(found, found.id, (found.id,), frozenset({found.id}))
    if found.kind == "county_12":
        return Where(found, COUNTY_12, (COUNTY_12,),
                     frozenset(d["id"] for d in districts() if d.get("is_county_12") is True))
    return Where(found, found.id or CITY, (found.id or CITY,), None)


# ── history ──


@dataclass(frozen=True)
class History:
    where: Where
    years: tuple[int, ...]
    """The years of the series: the data's first year of demand had to its current year."""
    series: dict[tuple[str, str], dict[int, float]]
    """(occupation, district) → {year: demand had}, every year of `years`, 0 where none."""
    planned: dict[str, dict[int, int]]
    """occupation → {year: stated plan} for years after the current one."""


def fetch_history(store: GraphStore, where: Where, skill_levels: Sequence[str] | None = None,
                  years: DataYears | None = None) -> History:
    """The region's demand series; `years`, when given, are the data's (`data_years`, which reads every demand)."""
    found = years or data_years(store)
    params = {**resolve_region(store, where.history_region).params(), "skill_levels": skill_level_ids(skill_levels)}
    rows = fetch(store, "demand_history", params)
    first = min((y.year for y in found.years if y.headcount > 0), default=None)
    if found.current is None or first is None:
        return History(where, (), {}, {})
    span = tuple(range(first, found.current + 1))
    series: dict[tuple[str, str], dict[int, float]] = {}
    planned: dict[str, dict[int, int]] = defaultdict(dict)
    for r in rows:
        if where.districts is not None and r["district_id"] not in where.districts:
            continue
        year = r["year"]
        if year in span:
            values = series.setdefault((r["occupation_id"], r["district_id"]), dict.fromkeys(span, 0.0))
            values[year] += r["headcount"]
        if year > found.current and r["planned"]:
            planned[r["occupation_id"]][year] = planned[r["occupation_id"]].get(year, 0) + r["planned"]
    return History(where, span, series, dict(planned))


# ── supply now and projected ──


@dataclass(frozen=True)
class Supply:
    graduates: int
    projected_graduates: tuple[float, ...]
    """Graduates in each of the MAX_HORIZON years after the current one, from the cohorts admitted (see
    `fetch_supply`)."""
    training_capacity: int
    evaluation_capacity: int = 0

    @property
    def now(self) -> int:
        return self.graduates + self.training_capacity

    def projected(self, horizon: int) -> float:
        """Graduates and training capacity `horizon` years after the current year."""
        return self.projected_graduates[horizon - 1] + self.training_capacity


@dataclass(frozen=True)
class SupplyRows:
    """What the region's supply is computed from, read in one go: the current figures (`supply_outlook`) and the
    yearly ones (`supply_history`), one list of rows per region of `Where.supply_regions`."""

    now: list[Rows]
    past: list[Rows]


def read_supply(store: GraphStore, where: Where, skill_levels: Sequence[str] | None = None) -> SupplyRows:
    regions = [resolve_region(store, r).params() for r in where.supply_regions]
    levels = skill_level_ids(skill_levels)
    answers = fetch_many(store, [("supply_outlook", {**p, "skill_levels": levels}) for p in regions]
                         + [("supply_history", {**p, "skill_levels": levels}) for p in regions])
    return SupplyRows(answers[: len(regions)], answers[len(regions):])


def fetch_supply(store: GraphStore, where: Where, skill_levels: Sequence[str] | None = None,
                 current: int | None = None) -> dict[str, Supply]:
    """Per occupation, the region's yearly supply now and as the admitted cohorts graduate (`supply_of`)."""
    return supply_of(read_supply(store, where, skill_levels), current)


def supply_of(found: SupplyRows, current: int | None) -> dict[str, Supply]:
    """Per occupation, the region's yearly supply now and as the admitted cohorts graduate.

    A major's students admitted in year c (`enrolment`, 招生数) graduate in c + its programme length
    (`PROGRAMME_YEARS`): the graduates of `current` + h are the cohort admitted in `current` + h − length, from the
    supply rows of that year (today's admissions where that year has no row, and for cohorts not yet admitted),
    times the share of a cohort that graduated lately (this year's graduates over the admissions `length` years
    ago, where both are known; at most 1). An offer without admissions keeps its graduates per year. Training
    capacity stays at today's figure."""
    parts: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    cohorts: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0, 0])
    """(occupation, school type) → [graduates of offers with admissions, admissions now, graduates without]."""
    for rows in found.now:
        for r in rows:
            part = parts[r["occupation_id"]]
            if r["part"] == "training":
                part[1] += r["amount"]
            elif r["part"] == "evaluation":
                part[2] += r["amount"]
            else:
                part[0] += r["amount"]
                sums = cohorts[r["occupation_id"], r["school_type"] or ""]
                sums[0] += r["amount"] - r["not_enrolled"]
                sums[1] += r["enrolled"]
                sums[2] += r["not_enrolled"]
    admitted: dict[tuple[str, str, int], int] = defaultdict(int)
    for rows in found.past:
        for r in rows:
            if r["part"] == "graduates":
                admitted[r["occupation_id"], r["school_type"] or "", r["year"]] += r["enrolled"]
    projected: dict[str, list[float]] = defaultdict(lambda: [0.0] * MAX_HORIZON)
    for (occ, school_type), (graduates, admissions, without) in cohorts.items():
        length = PROGRAMME_YEARS.get(school_type, 3)
        then = admitted.get((occ, school_type, current - length)) if current is not None else None
        completion = min(1.0, graduates / then) if then else 1.0
        for h in range(1, MAX_HORIZON + 1):
            intake = admissions  # today's, and for the cohorts not admitted yet
            if current is not None and h < length:
                intake = admitted.get((occ, school_type, current + h - length), admissions)
            projected[occ][h - 1] += intake * completion + without
    return {occ: Supply(g, tuple(projected[occ]), t, e) for occ, (g, t, e) in parts.items()}


SUPPLY_PARTS = ("graduates", "training", "evaluation")


@dataclass(frozen=True)
class SupplyHistory:
    years: dict[str, frozenset[int]]
    """Per part (graduates, training, evaluation): the years the region has rows with a year for. A year's rows are
    the whole of that part's supply that year."""
    amounts: dict[tuple[str, int, str], int]
    """(occupation, year, part) → graduates, training or evaluation capacity that year."""


def supply_history_of(found: SupplyRows) -> SupplyHistory:
    amounts: dict[tuple[str, int, str], int] = defaultdict(int)
    for rows in found.past:
        for r in rows:
            amounts[r["occupation_id"], r["year"], r["part"]] += r["amount"]
    years = {part: frozenset(y for _, y, p in amounts if p == part) for part in SUPPLY_PARTS}
    return SupplyHistory(years, dict(amounts))


# ── trends ──


class TrendRow(BaseModel):
    occupation_id: str
    name_zh: str | None
    name_en: str | None
    years: list[int]
    demand: list[int]
    """Demand had in each year."""
    graduates: list[int]
    training_capacity: list[int]
    evaluation_capacity: list[int]
    """Each year's figure from the supply rows of that year; today's figure in the current year and in any year the
    region has no supply rows for (the table's `supply_years` says which years are recorded)."""
    supply: list[int]
    """graduates + training capacity, each year."""
    gap: list[int]
    """demand − supply, each year."""
    vacancy_ratio: list[float | None]
    """demand / supply each year (求人倍率-style; None without supply)."""
    change: float | None
    """The gap's yearly change over the last TREND_YEARS years, as a share of the mean of the larger of demand and
    supply in those years."""
    trend: Trend


class TrendTable(Page[TrendRow]):
    """A region's trends per occupation: worsening first (by yearly change), then new, steady, improving."""

    region: Region
    years: list[int]
    current: int | None
    supply_years: dict[str, list[int]]
    """Per part (graduates, training, evaluation): the years before the current one whose figure comes from the data's
    yearly supply rows; in the others today's figure stands in (no years at all: the data has no supply history of
    that part)."""
    skill_levels: list[str] | None
    rule: str
    rule_zh: str


TREND_RULE = (f"new: not demanded in the region before the last {NEW_YEARS} years, demanded in the current one; "
              f"worse / better: the gap (demand − supply: graduates + training capacity) grows / shrinks by at least "
              f"{TREND_CHANGE:.0%} a year of the larger of demand and supply (least-squares slope over the last "
              f"{TREND_YEARS} years, against their mean); else steady. A year without yearly supply rows takes "
              "today's supply")

TREND_RULE_ZH = (f"新出现：近 {NEW_YEARS} 年之前该区域无此需求、当年有需求；"
                 "缺口扩大 / 缩小：缺口（需求 − 供给，供给 = 毕业生 + 培训能力）"
                 f"每年扩大 / 缩小的幅度不低于需求与供给中较大者的 {TREND_CHANGE:.0%}"
                 f"（取最近 {TREND_YEARS} 年的最小二乘斜率，与这几年的均值相比）；否则为基本稳定。"
                 "无逐年供给数据的年份按当前供给计")

_TREND_ORDER: dict[str, int] = {"worse": 0, "new": 1, "steady": 2, "better": 3}


def classify(years: Sequence[int], demand: Sequence[float], supply: Sequence[float]
             ) -> tuple[Trend, float | None]:
    """The trend flag and yearly change of one occupation's series (the rule is `TREND_RULE`)."""
    n = len(years)
    if n >= NEW_YEARS + 1 and demand[-1] > 0 and not any(demand[: n - NEW_YEARS]):
        return "new", None
    last = list(range(max(0, n - TREND_YEARS), n))
    if len(last) < 2:
        return "steady", None
    size = sum(max(demand[i], supply[i]) for i in last) / len(last)
    if size <= 0:
        return "steady", None
    xs = [years[i] for i in last]
    ys = [demand[i] - supply[i] for i in last]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    slope = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / sum((x - mx) ** 2 for x in xs)
    change = slope / size
    if change >= TREND_CHANGE:
        return "worse", change
    if change <= -TREND_CHANGE:
        return "better", change
    return "steady", change


def _check_occupation(value: str | None) -> str | None:
    """An occupation given by code or Chinese name as its code; a clear refusal for one not in the classification
    (an unknown one would otherwise answer as an occupation nobody demands)."""
    codes = check_occupations([value]) if value is not None else None
    return codes[0] if codes else None


def names_of_occupation(occupation_id: str) -> tuple[str | None, str | None]:
    ref = occupations().get(occupation_id)
    return (ref.name_zh if ref else None), occupation_english_names().get(occupation_id)


def trend_table(
    store: GraphStore, region: str = CITY, *, occupation: str | None = None, trend: Trend | None = None,
    skill_levels: Sequence[str] | None = None, years: DataYears | None = None, limit: int = 100, offset: int = 0,
) -> TrendTable:
    """Per occupation demanded in the region: its yearly demand, supply, gap and ratio, and its trend
    (`TREND_RULE`)."""
    check_page(limit, offset)
    occupation = _check_occupation(occupation)
    where = resolve_where(store, region)
    history = fetch_history(store, where, skill_levels, years)
    read = read_supply(store, where, skill_levels)
    supply = supply_of(read, history.years[-1] if history.years else None)
    past = supply_history_of(read)
    current = history.years[-1] if history.years else None
    recorded = {part: sorted(y for y in past.years[part] if y in history.years and y != current)
                for part in SUPPLY_PARTS}
    totals: dict[str, list[float]] = {}
    for (occ, _), values in history.series.items():
        row = totals.setdefault(occ, [0.0] * len(history.years))
        for i, year in enumerate(history.years):
            row[i] += values[year]
    rows = []
    for occ, demand in totals.items():
        if occupation is not None and occ != occupation:
            continue
        today = supply.get(occ, Supply(0, (0.0,) * MAX_HORIZON, 0, 0))

        def yearly(part: str, now: int, occ: str = occ) -> list[int]:
            return [past.amounts.get((occ, year, part), 0) if year in recorded[part] else now
                    for year in history.years]

        graduates = yearly("graduates", today.graduates)
        training = yearly("training", today.training_capacity)
        evaluation = yearly("evaluation", today.evaluation_capacity)
        total = [g + t for g, t in zip(graduates, training, strict=True)]
        gap = [d - s for d, s in zip(demand, total, strict=True)]
        flag, change = classify(history.years, demand, total)
        if trend is not None and flag != trend:
            continue
        zh, en = names_of_occupation(occ)
        rows.append(TrendRow(
            occupation_id=occ, name_zh=zh, name_en=en, years=list(history.years), demand=[int(d) for d in demand],
            graduates=graduates, training_capacity=training, evaluation_capacity=evaluation, supply=total,
            gap=[int(g) for g in gap], vacancy_ratio=[d / s if s else None for d, s in zip(demand, total, strict=True)],
            change=change, trend=flag,
        ))
    rows.sort(key=lambda r: (_TREND_ORDER[r.trend], -(r.change or 0.0), -r.demand[-1], r.occupation_id))
    return TrendTable(region=where.region, years=list(history.years), current=current, supply_years=recorded,
                      skill_levels=skill_level_ids(skill_levels), rule=TREND_RULE, rule_zh=TREND_RULE_ZH,
                      **page_fields(rows, limit, offset))


# ── forecasts ──


@dataclass(frozen=True)
class DistrictForecasts:
    """Every (occupation, district) series of a region forecast, and those too short."""

    history: History
    forecasts: Forecasts


def district_forecasts_of(store: GraphStore, base: str, skill_levels: Sequence[str] | None = None,
                          years: DataYears | None = None) -> DistrictForecasts:
    """The forecasts of every (occupation, district) series of `base` (a `Where.base`): what the answers for the
    regions of that base add up. `years`: the data's, if already read (`data_years`)."""
    return forecast_districts(fetch_history(store, resolve_where(store, base), skill_levels, years))


def forecast_districts(history: History) -> DistrictForecasts:
    usable = {key: values for key, values in history.series.items() if any(values.values())}
    found = forecast(cast(Mapping[Hashable, Mapping[int, float]], usable), MAX_HORIZON,
                     group=lambda key: cast(tuple[str, str], key)[0])
    return DistrictForecasts(history, found)


class ForecastYear(BaseModel):
    year: int
    demand: float
    """The forecast's mean."""
    lo: float
    hi: float
    """The LEVEL % prediction interval of demand."""
    supply: float
    """Projected yearly supply: the enrolled cohorts' graduates plus today's training capacity."""
    gap: float
    """demand − supply; its interval is the demand's shifted by the supply (taken as known)."""
    gap_lo: float
    gap_hi: float
    planned: int | None
    """What firms stated as their plan for this year, where they did (not used by the forecast)."""


class ForecastRow(BaseModel):
    occupation_id: str
    name_zh: str | None
    name_en: str | None
    history: list[int]
    """Demand had in each of the answer's `years`."""
    method: str
    """The district method (see `analyses.forecast.METHODS`) when one district, else `bottom_up` (the districts'
    sum)."""
    districts: int
    """How many districts' series the forecast adds up."""
    points: list[ForecastYear]


class TooShortRow(BaseModel):
    occupation_id: str
    points: int
    reason: str


class ForecastTable(Page[ForecastRow]):
    """A region's demand forecasts per occupation with their intervals and the forecast gap, largest gap first
    at the `horizon`'s year."""

    region: Region
    years: list[int]
    current: int | None
    horizon: int
    level: int
    skill_levels: list[str] | None
    too_short: list[TooShortRow]
    """Occupations demanded in the region whose series are too short to forecast, with the reason."""


def _occupation_forecasts(found: DistrictForecasts, where: Where) -> tuple[dict[str, SeriesForecast],
                                                                            dict[str, int], dict[str, TooShortRow]]:
    parts: dict[str, list[SeriesForecast]] = defaultdict(list)
    for key, f in found.forecasts.found.items():
        occ, district = cast(tuple[str, str], key)
        if where.districts is None or district in where.districts:
            parts[occ].append(f)
    short: dict[str, TooShortRow] = {}
    for key, t in found.forecasts.too_short.items():
        occ, district = cast(tuple[str, str], key)
        if (where.districts is None or district in where.districts) and occ not in parts:
            short[occ] = TooShortRow(occupation_id=occ, points=t.points, reason=t.reason)
    summed = {occ: fs[0] if len(fs) == 1 else add_up(fs, occ) for occ, fs in parts.items()}
    return summed, {occ: len(fs) for occ, fs in parts.items()}, short


@dataclass(frozen=True)
class _Forecast:
    where: Where
    history: History
    rows: list[ForecastRow]
    too_short: list[TooShortRow]


def _forecast(
    store: GraphStore, region: str, horizon: int, occupation: str | None, cluster: str | None,
    skill_levels: Sequence[str] | None, district_forecasts: DistrictForecasts | None,
    priority_field: str | None = None,
) -> _Forecast:
    if not 1 <= horizon <= MAX_HORIZON:
        raise ParameterError(f"horizon {horizon}: forecasts reach 1 to {MAX_HORIZON} years ahead")
    if cluster is not None and cluster not in cluster_ids():
        raise ParameterError(f"unknown cluster {cluster!r}: expected one of the 30 ids of the 33618 system")
    occupation = _check_occupation(occupation)
    where = resolve_where(store, region)
    if district_forecasts is None:
        district_forecasts = district_forecasts_of(store, where.base, skill_levels)
    history = district_forecasts.history
    supply = fetch_supply(store, where, skill_levels, history.years[-1] if history.years else None)
    sectors = occupation_sectors()

    def wanted(occ: str) -> bool:
        return ((occupation is None or occ == occupation) and (cluster is None or cluster in sectors.get(occ, ()))
                and (priority_field is None or priority_field in sectors.get(occ, ())))

    summed, counts, short = _occupation_forecasts(district_forecasts, where)
    demand: dict[str, list[float]] = defaultdict(lambda: [0.0] * len(history.years))
    for (occ, district), values in history.series.items():
        if where.districts is None or district in where.districts:
            row = demand[occ]
            for i, year in enumerate(history.years):
                row[i] += values[year]
    rows = []
    for occ, f in summed.items():
        if not wanted(occ):
            continue
        planned = history.planned.get(occ, {})
        points = []
        for h, p in enumerate(f.points[:horizon], start=1):
            projected = supply[occ].projected(h) if occ in supply else 0.0
            points.append(ForecastYear(year=p.year, demand=p.mean, lo=p.lo, hi=p.hi, supply=projected,
                                       gap=p.mean - projected, gap_lo=p.lo - projected, gap_hi=p.hi - projected,
                                       planned=planned.get(p.year)))
        zh, en = names_of_occupation(occ)
        rows.append(ForecastRow(occupation_id=occ, name_zh=zh, name_en=en, history=[int(d) for d in demand[occ]],
                                method=f.method, districts=counts[occ], points=points))
    rows.sort(key=lambda r: (-r.points[-1].gap, r.occupation_id))
    too_short = sorted((t for occ, t in short.items() if wanted(occ)), key=lambda t: t.occupation_id)
    return _Forecast(where, history, rows, too_short)


def forecast_table(
    store: GraphStore, region: str = CITY, *, horizon: int = MAX_HORIZON, occupation: str | None = None,
    cluster: str | None = None, skill_levels: Sequence[str] | None = None,
    district_forecasts: DistrictForecasts | None = None, limit: int = 100, offset: int = 0,
) -> ForecastTable:
    """Each occupation's demand forecast 1…`horizon` years past the current year, with the projected supply and
    the forecast gap, largest gap at the horizon first. `district_forecasts`, when given, are the city's (or the
    region's) already made (see `forecast_districts`): a district, an area and the city then share them."""
    check_page(limit, offset)
    found = _forecast(store, region, horizon, occupation, cluster, skill_levels, district_forecasts)
    years = found.history.years
    return ForecastTable(region=found.where.region, years=list(years), current=years[-1] if years else None,
                         horizon=horizon, level=LEVEL, skill_levels=skill_level_ids(skill_levels),
                         too_short=found.too_short, **page_fields(found.rows, limit, offset))


# ── the forward-looking shortage ranking ──


class ForecastShortage(BaseModel):
    rank: int
    occupation_id: str
    name_zh: str | None
    name_en: str | None
    year: int
    demand: float
    demand_lo: float
    demand_hi: float
    supply: float
    gap: float
    gap_lo: float
    gap_hi: float
    vacancy_ratio: float | None
    no_supply: bool
    shortage: bool
    """The present ranking's rule on forecast values: no projected supply, or demand / supply above
    SHORTAGE_VACANCY_RATIO."""


class ForecastShortageRanking(Page[ForecastShortage]):
    """Occupations whose forecast demand `horizon` years ahead exceeds their projected supply, largest forecast gap
    first (the forward-looking shortage ranking)."""

    region: Region
    year: int | None
    """The year ranked: the current year + horizon."""
    horizon: int
    level: int
    cluster: str | None
    priority_field: str | None
    skill_levels: list[str] | None
    too_short: int
    """Occupations demanded in the region not ranked because their series are too short to forecast."""


def forecast_shortage_ranking(
    store: GraphStore, region: str = CITY, *, horizon: int, cluster: str | None = None,
    priority_field: str | None = None, skill_levels: Sequence[str] | None = None,
    district_forecasts: DistrictForecasts | None = None, limit: int = 100, offset: int = 0,
) -> ForecastShortageRanking:
    """Occupations whose forecast demand `horizon` years ahead exceeds their projected supply, largest forecast
    gap first; each flagged `shortage` by the present ranking's rule applied to the forecast values."""
    check_page(limit, offset)
    found = _forecast(store, region, horizon, None, cluster, skill_levels, district_forecasts, priority_field)
    entries = []
    for row in found.rows:
        p = row.points[horizon - 1]
        if p.gap <= 0:
            continue
        ratio = p.demand / p.supply if p.supply > 0 else None
        entries.append(ForecastShortage(
            rank=0, occupation_id=row.occupation_id, name_zh=row.name_zh, name_en=row.name_en, year=p.year,
            demand=p.demand, demand_lo=p.lo, demand_hi=p.hi, supply=p.supply, gap=p.gap, gap_lo=p.gap_lo,
            gap_hi=p.gap_hi, vacancy_ratio=ratio, no_supply=p.supply <= 0,
            shortage=p.supply <= 0 or (ratio is not None and ratio > SHORTAGE_VACANCY_RATIO),
        ))
    entries.sort(key=lambda e: (-e.gap, e.occupation_id))
    ranked = [e.model_copy(update={"rank": i}) for i, e in enumerate(entries, start=1)]
    years = found.history.years
    return ForecastShortageRanking(
        region=found.where.region, year=years[-1] + horizon if years else None, horizon=horizon, level=LEVEL,
        cluster=cluster, priority_field=priority_field, skill_levels=skill_level_ids(skill_levels),
        too_short=len(found.too_short),
        **page_fields(ranked, limit, offset))
