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

import math
import random
from dataclasses import dataclass

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
