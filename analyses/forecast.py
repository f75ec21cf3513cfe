"""Measure 13: yearly series forecast 1–3 years ahead, with prediction intervals, a model chosen per series by
backtest, and districts that add up to the city.

The models are statsforecast's (Nixtla, a well-kept library of fast classical models): the naive forecast (next
year = this year), the random walk with drift (the average yearly change continued) and ETS (exponential
smoothing with an additive or damped trend, chosen by AICc; on series too short for its parameters, the drift
forecast stands in). Theta is left out: on series of under ten years its intervals come out narrower than the
forecast's own spread (statsforecast warns of too few residuals). Each series gets the model with the smallest mean
absolute error over its own last `SELECTION_WINDOWS` one-year-ahead backtests; a series of fewer than
`MIN_POINTS` years is refused with its reason, never forecast silently.

Districts add up to the city bottom-up: the city's forecast is the sum of its districts' (so the two always
agree), with an interval from the districts' half-widths added in quadrature (the districts' errors taken as
independent — an assumption docs/analyses.md states).
"""

import math
import warnings
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

if TYPE_CHECKING:
    from statsforecast import StatsForecast

MIN_POINTS = 4
"""Fewer yearly values than this are too short to forecast (a trend and its noise cannot be told apart)."""

MAX_HORIZON = 3
LEVEL = 80
"""The prediction interval's coverage, in percent."""

SELECTION_WINDOWS = 2
"""One-year-ahead backtests per series that choose its model."""

METHODS = ("naive", "drift", "ets")

Z80 = 1.2815515655446004
"""The standard normal quantile of 0.9: an 80 % interval's half-width in standard deviations."""


@dataclass(frozen=True)
class ForecastPoint:
    year: int
    mean: float
    lo: float
    hi: float


@dataclass(frozen=True)
class SeriesForecast:
    key: Hashable
    method: str
    points: tuple[ForecastPoint, ...]


@dataclass(frozen=True)
class TooShort:
    key: Hashable
    points: int
    reason: str


@dataclass
class Forecasts:
    found: dict[Hashable, SeriesForecast] = field(default_factory=dict)
    too_short: dict[Hashable, TooShort] = field(default_factory=dict)


def too_short_reason(points: int) -> str:
    return (f"{points} yearly value{'s' if points != 1 else ''}: at least {MIN_POINTS} are needed to tell a trend "
            "from noise; not forecast")


def _models() -> list[object]:
    from statsforecast.models import AutoETS, Naive, RandomWalkWithDrift

    # ETS without seasonality ('ZZN'): yearly data has none.
    return [Naive(alias="naive"), RandomWalkWithDrift(alias="drift"), AutoETS(model="ZZN", alias="ets")]


def _frame(history: Mapping[Hashable, Mapping[int, float]]) -> tuple[pd.DataFrame, dict[str, Hashable]]:
    """statsforecast's long frame (unique_id, ds, y) for the series long enough, and unique_id → key."""
    ids: dict[str, Hashable] = {}
    rows: list[tuple[str, int, float]] = []
    for n, (key, values) in enumerate(history.items()):
        uid = f"s{n}"
        ids[uid] = key
        rows += [(uid, int(year), float(v)) for year, v in sorted(values.items())]
    frame = pd.DataFrame(rows, columns=["unique_id", "ds", "y"])
    return frame, ids


def forecast(
    history: Mapping[Hashable, Mapping[int, float]],
    horizon: int = MAX_HORIZON,
    methods: Sequence[str] = METHODS,
    group: Callable[[Hashable], Hashable] | None = None,
) -> Forecasts:
    """Each series' forecast `horizon` years past its last year, by its best method (see the module).

    `history` maps a key to {year: value} over consecutive years (a missing year inside a series is an
    error: say 0 if nothing was demanded). Values are floored at 0 and so are interval bounds. With `group`
    (a series' key → its group, e.g. its occupation), the method is chosen per group from the backtests of all
    its series (each series' errors divided by its mean level, so large and small series weigh alike): a few
    yearly points per series choose poorly alone.
    """
    if not 1 <= horizon <= MAX_HORIZON:
        raise ValueError(f"horizon {horizon}: forecasts reach 1 to {MAX_HORIZON} years ahead")
    unknown = set(methods) - set(METHODS)
    if unknown:
        raise ValueError(f"unknown methods {sorted(unknown)}: expected some of {list(METHODS)}")
    result = Forecasts()
    usable: dict[Hashable, Mapping[int, float]] = {}
    for key, values in history.items():
        years = sorted(values)
        if years and years != list(range(years[0], years[-1] + 1)):
            raise ValueError(f"series {key!r} skips a year ({years}): give every year, 0 where nothing was")
        if len(years) < MIN_POINTS:
            result.too_short[key] = TooShort(key, len(years), too_short_reason(len(years)))
        else:
            usable[key] = values
    if not usable:
        return result
    frame, ids = _frame(usable)
    chosen = _choose(frame, methods, None if group is None else {uid: group(key) for uid, key in ids.items()})
    fitted = _fit(frame, horizon, methods)
    for uid, rows in fitted.groupby("unique_id", sort=False):
        method = chosen.get(str(uid), methods[0])
        points = tuple(
            ForecastPoint(int(r["ds"]), max(0.0, float(r[method])), max(0.0, float(r[f"{method}-lo-{LEVEL}"])),
                          max(0.0, float(r[f"{method}-hi-{LEVEL}"])))
            for _, r in rows.iterrows()
        )
        result.found[ids[str(uid)]] = SeriesForecast(ids[str(uid)], method, points)
    return result


def _statsforecast(methods: Sequence[str]) -> "StatsForecast":
    from statsforecast import StatsForecast
    from statsforecast.models import RandomWalkWithDrift

    models = [m for m in _models() if getattr(m, "alias", "") in methods]
    # ETS refuses series too short for its parameters: those get the drift forecast in its place.
    return StatsForecast(models=models, freq=1, n_jobs=1, fallback_model=RandomWalkWithDrift())


def _fit(frame: pd.DataFrame, horizon: int, methods: Sequence[str]) -> pd.DataFrame:
    sf = _statsforecast(methods)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # ETS on a flat series divides by a zero variance
        out = sf.forecast(df=frame, h=horizon, level=[LEVEL])
    return out.fillna(0.0)


def _choose(frame: pd.DataFrame, methods: Sequence[str], groups: Mapping[str, Hashable] | None) -> dict[str, str]:
    """unique_id → the method with the least mean absolute error over the last one-year-ahead backtests of
    the series (or of its group's series, each scaled by its mean level)."""
    lengths = frame.groupby("unique_id").size()
    fallback = "naive" if "naive" in methods else methods[0]
    chosen = {str(uid): fallback for uid in lengths.index}
    if len(methods) == 1:
        return chosen
    # A backtest needs MIN_POINTS - 1 years before its origin; a series too short for one keeps the naive
    # forecast (nothing on so few points has shown to beat it) unless its group chose.
    enough = lengths[lengths >= MIN_POINTS - 1 + SELECTION_WINDOWS].index
    sub = frame[frame["unique_id"].isin(enough)]
    if sub.empty:
        return chosen
    sf = _statsforecast(methods)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        cv = sf.cross_validation(df=sub, h=1, n_windows=SELECTION_WINDOWS, step_size=1)
    errors = pd.DataFrame({m: (cv[m] - cv["y"]).abs().groupby(cv["unique_id"]).mean() for m in methods})
    if groups is None:
        for uid, row in errors.fillna(np.inf).iterrows():
            chosen[str(uid)] = str(row.idxmin())
        return chosen
    level = sub.groupby("unique_id")["y"].mean().clip(lower=1.0)
    scaled = errors.div(level.reindex(errors.index), axis=0)
    by_group = scaled.groupby(scaled.index.map(lambda uid: groups[str(uid)])).sum()
    best = {g: str(row.idxmin()) for g, row in by_group.iterrows()}
    for uid in lengths.index:
        chosen[str(uid)] = best.get(groups[str(uid)], fallback)
    return chosen


def add_up(parts: Iterable[SeriesForecast], key: Hashable) -> SeriesForecast:
    """The sum of forecasts over the same years (districts → the city): means add; half-widths add in quadrature
    (independent errors), around the summed mean."""
    parts = list(parts)
    if not parts:
        raise ValueError("nothing to add up")
    years = [p.year for p in parts[0].points]
    if any([p.year for p in s.points] != years for s in parts):
        raise ValueError("the parts forecast different years")
    points = []
    for i, year in enumerate(years):
        mean = sum(s.points[i].mean for s in parts)
        lo_w = math.sqrt(sum((s.points[i].mean - s.points[i].lo) ** 2 for s in parts))
        hi_w = math.sqrt(sum((s.points[i].hi - s.points[i].mean) ** 2 for s in parts))
        points.append(ForecastPoint(year, mean, max(0.0, mean - lo_w), mean + hi_w))
    return SeriesForecast(key, "bottom_up", tuple(points))
