"""The ground-truth process of demand over the years (measure 13): how a sector's demand in a district moved from
2019 and will move to 2028, so forecasts can be scored against a truth the data does not show.

The expected demand of a series (sector × district × occupation) in a year is its level times

- a **trend**: the sector's yearly growth (`SECTOR_GROWTH`, by sector or else by tier) plus the series' own
  deviation (normal, σ `SERIES_GROWTH_SD`);
- a **cycle**: ± `CYCLE_AMPLITUDE` over `CYCLE_YEARS` years, its phase drawn per sector;
- a **shock**: 2020 (`SHOCK_2020`, by sector or else by tier), recovered in 2021;
- **take-off**: the low-altitude economy's own occupations are not demanded before their first year (drawn in
  `TAKE_OFF_YEARS`), then grow fast.

An observed value is the expected value times log-normal noise (σ `NOISE_SD`), rounded. Every figure here is an
assumption (docs/demo-data.md), not a published series.
"""

import csv
import math
import random
from dataclasses import dataclass
from os import PathLike
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .state import State

HISTORY_YEARS = tuple(range(2019, 2026))
FUTURE_YEARS = (2026, 2027, 2028)

SECTOR_GROWTH = {
    "trillion": 0.03, "five_hundred_billion": 0.04, "hundred_billion": 0.03, "emerging": 0.09, "field": 0.05,
    "health_elderly_care": 0.07, "digital_occupations": 0.08, "low_altitude_economy": 0.35, "light_textile": -0.02,
}
"""Yearly growth of expected demand by sector key, else by tier."""

SERIES_GROWTH_SD = 0.02
CYCLE_AMPLITUDE = 0.04
CYCLE_YEARS = 5
SHOCK_2020 = {"modern_services": 0.70, "field": 0.90, "trillion": 0.90, "five_hundred_billion": 0.92,
              "hundred_billion": 0.92, "emerging": 0.95, "health_elderly_care": 0.97, "digital_occupations": 1.05,
              "low_altitude_economy": 1.0}
"""Demand in 2020 against the trend (tourism and services fell furthest; digital work grew)."""

TAKE_OFF_YEARS = (2021, 2022, 2023)
NOISE_SD = 0.10


@dataclass(frozen=True)
class Path:
    """One series' expected demand per year, 2019–2028."""

    expected: dict[int, float]

    def observed(self, rng: random.Random) -> dict[int, int]:
        """The history as firms would have stated it: the expected value with noise, for 2019–2025."""
        return {y: round(self.expected[y] * rng.lognormvariate(0.0, NOISE_SD)) for y in HISTORY_YEARS}


def sector_phase(sector: str) -> float:
    """The cycle's phase of a sector, fixed by its name (so every run agrees)."""
    return (sum(map(ord, sector)) % CYCLE_YEARS) / CYCLE_YEARS


def demand_path(
    rng: random.Random, sector: str, tier: str, level_2025: float, *, takes_off: bool = False
) -> Path:
    """The expected demand of a series whose expected 2025 demand is `level_2025`, from 2019 to 2028."""
    growth = SECTOR_GROWTH.get(sector, SECTOR_GROWTH.get(tier, 0.03)) + rng.gauss(0.0, SERIES_GROWTH_SD)
    phase = sector_phase(sector)
    shock = SHOCK_2020.get(sector, SHOCK_2020.get(tier, 0.92))
    start = rng.choice(TAKE_OFF_YEARS) if takes_off else None

    def shape(year: int) -> float:
        if start is not None and year < start:
            return 0.0
        value = (1.0 + growth) ** (year - 2025)
        value *= 1.0 + CYCLE_AMPLITUDE * math.sin(2 * math.pi * ((year - 2019) / CYCLE_YEARS + phase))
        return value * (shock if year == 2020 else 1.0)

    scale = level_2025 / shape(2025)
    return Path({y: scale * shape(y) for y in (*HISTORY_YEARS, *FUTURE_YEARS)})


HISTORY_FILE = "demands-history"
"""The file of past years' demand (the ingest reads it as demands: its name starts with `demands`)."""


def generate_demand_history(state: "State", truth: "PathLike[str] | str | None") -> None:
    """Each firm's stated demand for 2019–2024, from its 2025 rows along the ground-truth path of its sector in
    its district (a firm states nothing before it was founded, a low-altitude occupation nothing before its
    take-off); and, if `truth` is given, the expected demand per sector × district × occupation × year for
    2019–2028 there (never among the data: forecasts are scored against it).

    Draws from a stream of its own, so the files without history are the same bytes as before."""
    rng = random.Random(f"history-{state.seed}")
    state.progress.phase("demand history")
    state.sink.add_file(HISTORY_FILE, "demands")
    write = state.sink.writer_for(HISTORY_FILE, ("start", "end", "headcount", "skill_level", "year", "shortage",
                                                  "plan"))
    own = set(state.low_altitude)
    paths: dict[tuple[str, str, str], Path] = {}
    expected: dict[tuple[str, str, str, int], float] = {}
    for ent, code, level, headcount in state.stated or ():
        key = (ent.sector, ent.district, code)
        path = paths.get(key)
        if path is None:
            tier = state.sectors[ent.sector].tier
            path = paths[key] = demand_path(rng, ent.sector, tier, 1.0, takes_off=code in own)
        for year in (*HISTORY_YEARS, *FUTURE_YEARS):
            if year < ent.founded or path.expected[year] == 0.0:
                continue
            mean = headcount * path.expected[year]
            expected[(*key, year)] = expected.get((*key, year), 0.0) + mean
            if year < HISTORY_YEARS[-1]:
                value = round(mean * rng.lognormvariate(0.0, NOISE_SD))
                if value > 0:
                    write((ent.id, code, str(value), level, str(year), "true" if rng.random() < 0.15 else "false",
                           "false"))
    if truth is not None:
        with open(truth, "w", encoding="utf-8", newline="") as handle:
            out = csv.writer(handle, lineterminator="\n")
            out.writerow(("sector", "district", "occupation", "year", "expected_headcount"))
            for (sector, district, code, year), mean in sorted(expected.items()):
                out.writerow((sector, district, code, year, f"{mean:.2f}"))


SUPPLY_HISTORY_FILES = {"offers": "offers-history", "trains": "trains-history", "evaluates": "evaluates-history"}
"""The files of past years' supply, each read by the ingest as its kind (the name starts with the kind's)."""

GRADUATE_GROWTH = {"higher_vocational": 0.06, "secondary_vocational": 0.01, "technical_school": 0.02,
                   "university": 0.02}
"""Yearly growth of a school type's graduates up to 2025: 高职 expanded most (the 2019–2021 enrolment expansion,
高职扩招), the others little."""

TRAINING_GROWTH = 0.05
EVALUATION_GROWTH = 0.08
"""Yearly growth of training and evaluation capacity up to 2025: evaluation grew fastest as skill-level recognition
(职业技能等级认定) replaced the old qualification certificates from 2020."""

LOW_ALTITUDE_FIRST_GRADUATES = 2023
ENTERPRISE_EVALUATION_FROM = 2021
"""Low-altitude programmes opened around 2020 and first graduated in 2023; enterprises evaluate their own staff since
the 2020 reform, with capacity from 2021."""

SUPPLY_NOISE_SD = 0.05


def generate_supply_history(state: "State") -> None:
    """Each current supply row's figure for 2019–2024 (`offers-history.csv`, `trains-history.csv`,
    `evaluates-history.csv`): the 2025 figure taken back along its kind's growth (`GRADUATE_GROWTH`,
    `TRAINING_GROWTH`, `EVALUATION_GROWTH`) with a little noise, nothing before a low-altitude programme's first
    graduates or an enterprise's own evaluation began. Draws from a stream of its own."""
    rng = random.Random(f"supply-history-{state.seed}")
    state.progress.phase("supply history")
    kept = state.sink.kept or {}
    school_type = {s.id: s.school_type for s in state.schools}
    enterprises = {e.id for e in state.enterprises}
    low_altitude = set(state.low_altitude)
    low_altitude_majors = {r["start"] for r in kept.get("prepares_for", []) if r["end"] in low_altitude}
    for kind, name in SUPPLY_HISTORY_FILES.items():
        state.sink.add_file(name, kind)
    history = HISTORY_YEARS[:-1]
    for row in kept.get("offers", []):
        growth = GRADUATE_GROWTH.get(school_type.get(row["start"]) or "", 0.02)
        for year in history:
            if row["end"] in low_altitude_majors and year < LOW_ALTITUDE_FIRST_GRADUATES:
                continue
            factor = (1 + growth) ** (year - 2025) * rng.lognormvariate(0.0, SUPPLY_NOISE_SD)
            state.sink.write("offers-history", {**row, "graduates_per_year": round(row["graduates_per_year"] * factor),
                                                "enrolment": round(row["enrolment"] * factor), "year": year})
    for row in kept.get("trains", []):
        for year in history:
            factor = (1 + TRAINING_GROWTH) ** (year - 2025) * rng.lognormvariate(0.0, SUPPLY_NOISE_SD)
            state.sink.write("trains-history", {**row, "capacity_per_year": round(row["capacity_per_year"] * factor),
                                                "year": year})
    for row in kept.get("evaluates", []):
        for year in history:
            if row["start"] in enterprises and year < ENTERPRISE_EVALUATION_FROM:
                continue
            factor = (1 + EVALUATION_GROWTH) ** (year - 2025) * rng.lognormvariate(0.0, SUPPLY_NOISE_SD)
            state.sink.write("evaluates-history", {**row, "capacity_per_year": round(row["capacity_per_year"] * factor),
                                                   "year": year})
