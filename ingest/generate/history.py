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
