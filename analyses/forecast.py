"""Measure 13: yearly series forecast 1–3 years ahead, with prediction intervals calibrated on backtests, a method
chosen by backtest, a growth rate pooled across a group's series, and districts that add up to the city.

**Methods.** Five simple forecasts, all computed here with numpy (a few array operations for all series at once):

- `naive`: next year = this year;
- `drift`: the series' own average yearly change since its first year, continued;
- `growth`: this year's value grown by the **pooled growth rate** of its group (with `group=`, e.g. an occupation
  across its districts; else of the series alone), continued every year;
- `damped_growth` and `strongly_damped_growth`: the same growth, damped — the k-th year ahead grows by φᵏ times
  the rate (φ = 0.7 and 0.4), so the forecast levels off.

The pooled growth rate of a group is the mean, over the years of its history, of the log-ratio of the group's
summed values in two consecutive years, summed over the series that were positive in both (so a district that
starts from 0, a firm newly there or an occupation taking off, does not count as growth of the others). Pooling
matters: on 4–7 yearly points one small series cannot tell its trend from its noise, but an occupation's 30-odd
districts share its sector's growth. Being a mean over all the history's years, it spans a one-year shock and its
recovery (2020–2021) alike.

**Choice.** Every method is backtested from every origin of the history with at least `BACKTEST_MIN_POINTS`
years before it, one and two years ahead; each error is divided by the series' **scale** (its mean absolute
yearly change: the naive forecast's in-sample error, as in MASE), so series of any size weigh alike. Series are
put in bands of size (`SIZE_BANDS`, by their last value): small headcounts move in whole steps — a firm more or
less — and are best left as they are, large ones follow their growth. With `group=`, the method is chosen per
group and band by the mean scaled error of that cell shrunk towards the whole band's across all groups (a cell of
a few series chooses poorly alone; the band's mean counts as `BAND_PRIOR` more errors of the cell)
— but only among the methods the cell's own backtests do not find worse than the naive forecast, so a flat group
keeps the naive; without `group=`, per series from its own backtests. Where nothing could be backtested, naive.

**Intervals** are conformal-style: the 10th and 90th percentiles of the chosen methods' one-year-ahead scaled
backtest errors, pooled over all series of the same size band, times the series' scale; `h` years ahead, `h`
times those (errors here persist — a level shift or a misjudged growth rate carries on — so they grow nearly in
proportion to the horizon rather than with its square root). The interval always contains the forecast. With
fewer than `MIN_CALIBRATION` backtest errors, a normal interval from their root mean square stands in. Values and
bounds are floored at 0. A series of fewer than `MIN_POINTS` years is refused with its reason, never forecast
silently.

The fixed settings (the damping factors, `SIZE_BANDS`, `BAND_PRIOR`, the horizon's proportional widening) were
set by hand while measuring on the benchmark's synthetic city (`benchmarks/forecast/run.py`, rolling origins,
one seed, checked on another); everything else — rates, choices, interval widths — is estimated from the history
before the forecast's origin. statsforecast's ETS, a candidate before, is no longer one: at city scale it was
never chosen and took most of the time. Like any trend continued, a forecast does not foresee a shock the history
has not shown.

Districts add up to the city bottom-up: the city's forecast is the sum of its districts' (so the two always
agree), with an interval from the districts' half-widths added in quadrature (the districts' errors taken as
independent — an assumption docs/analyses.md states).
"""

import math
import warnings
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

MIN_POINTS = 4
"""Fewer yearly values than this are too short to forecast (a trend and its noise cannot be told apart)."""

MAX_HORIZON = 3
LEVEL = 80
"""The prediction interval's coverage, in percent."""

METHODS = ("naive", "drift", "growth", "damped_growth", "strongly_damped_growth")

DAMPING = {"growth": 1.0, "damped_growth": 0.7, "strongly_damped_growth": 0.4}
"""φ of the methods that follow the pooled growth rate: the k-th year ahead grows by φᵏ times the rate."""

BACKTEST_MIN_POINTS = 3
"""Years a backtest needs before its origin (a drift and a growth rate need two; three give them a check)."""

SELECTION_HORIZONS = (1, 2)
"""The horizons whose backtest errors choose the method."""

SIZE_BANDS = (5.0, 20.0, 100.0)
"""Bounds of the size bands (last yearly value) within which methods are chosen and intervals calibrated."""

BAND_PRIOR = 20.0
"""With `group=`, a cell's (group × size band's) mean backtest error is shrunk towards its whole band's, as if the
band's mean were this many more errors of the cell: a cell of a few short series chooses poorly alone."""

MIN_CALIBRATION = 20
"""Backtest errors needed to read an interval off their percentiles; with fewer, a normal interval."""

Z80 = 1.2815515655446004
"""The standard normal quantile of 0.9: an 80 % interval's half-width in standard deviations."""

Array = npt.NDArray[np.float64]
Index = npt.NDArray[np.intp]


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


def forecast(
    history: Mapping[Hashable, Mapping[int, float]],
    horizon: int = MAX_HORIZON,
    methods: Sequence[str] = METHODS,
    group: Callable[[Hashable], Hashable] | None = None,
) -> Forecasts:
    """Each series' forecast `horizon` years past its last year, by its chosen method (see the module).

    `history` maps a key to {year: value} over consecutive years (a missing year inside a series is an
    error: say 0 if nothing was demanded). Values are floored at 0 and so are interval bounds. With `group`
    (a series' key → its group, e.g. its occupation), the growth rate is pooled over the group's series and the
    method is chosen per group and size band from the backtests of all its series: a few yearly points per
    series choose poorly alone. `methods` restricts the candidates (one method: that one, still calibrated).
    """
    if not 1 <= horizon <= MAX_HORIZON:
        raise ValueError(f"horizon {horizon}: forecasts reach 1 to {MAX_HORIZON} years ahead")
    unknown = set(methods) - set(METHODS)
    if unknown or not methods:
        raise ValueError(f"unknown methods {sorted(unknown)}: expected some of {list(METHODS)}")
    methods = [m for m in METHODS if m in methods]
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
    keys = list(usable)
    first_year = min(min(v) for v in usable.values())
    width = max(max(v) for v in usable.values()) - first_year + 1
    table = np.full((len(keys), width), np.nan)
    for i, key in enumerate(keys):
        for year, value in usable[key].items():
            table[i, year - first_year] = max(0.0, float(value))
    if group is None:
        groups = np.arange(len(keys))
    else:
        ids: dict[Hashable, int] = {}
        groups = np.array([ids.setdefault(group(k), len(ids)) for k in keys], dtype=np.intp)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # means of empty slices: handled as NaN below
        means, lo, hi, chosen = _forecast_table(table, groups, horizon, methods, pooled_choice=group is not None)
    last = np.array([max(usable[k]) for k in keys])
    for i, key in enumerate(keys):
        points = tuple(ForecastPoint(int(last[i]) + h + 1, float(means[i, h]), float(lo[i, h]), float(hi[i, h]))
                       for h in range(horizon))
        result.found[key] = SeriesForecast(key, methods[chosen[i]], points)
    return result


def _last_index(table: Array) -> Index:
    """Each row's last column with a value."""
    seen = ~np.isnan(table)
    return np.asarray(table.shape[1] - 1 - np.argmax(seen[:, ::-1], axis=1), dtype=np.intp)


def _first_index(table: Array) -> Index:
    return np.asarray(np.argmax(~np.isnan(table), axis=1), dtype=np.intp)


def _group_sum(values: Array, groups: Index, count: int) -> Array:
    out = np.zeros((count, values.shape[1]))
    np.add.at(out, groups, values)
    return out


def pooled_growth(table: Array, groups: Index) -> Array:
    """Each group's yearly log growth rate: the mean over consecutive years of the log-ratio of its series' sums,
    over the series positive in both years (NaN = no value; a group without any such pair grows at 0)."""
    count = int(groups.max()) + 1
    before, after = table[:, :-1], table[:, 1:]
    both = (before > 0) & (after > 0)
    was = _group_sum(np.where(both, before, 0.0), groups, count)
    now = _group_sum(np.where(both, after, 0.0), groups, count)
    ratios = np.where(was > 0, np.log(np.where(was > 0, now, 1.0) / np.where(was > 0, was, 1.0)), np.nan)
    rates = np.nanmean(ratios, axis=1) if ratios.shape[1] else np.zeros(count)
    return np.nan_to_num(rates)


def _predict(table: Array, groups: Index, horizon: int, methods: Sequence[str]) -> Array:
    """Every method's forecast, methods × series × horizon, from each series' values in `table` (NaN beyond a
    series' last year)."""
    rows = np.arange(table.shape[0])
    first, last = _first_index(table), _last_index(table)
    start, end = table[rows, first], table[rows, last]
    steps = np.arange(1, horizon + 1, dtype=float)
    span = (last - first).astype(float)
    rate = pooled_growth(table, groups)[groups]
    out = np.empty((len(methods), table.shape[0], horizon))
    for m, method in enumerate(methods):
        if method == "naive":
            out[m] = end[:, None]
        elif method == "drift":
            slope = np.where(span > 0, (end - start) / np.where(span > 0, span, 1.0), 0.0)
            out[m] = end[:, None] + slope[:, None] * steps
        else:
            grown = np.cumsum(DAMPING[method] ** steps)  # years of growth by the k-th year ahead, damped
            out[m] = end[:, None] * np.exp(rate[:, None] * grown[None, :])
    return np.maximum(out, 0.0)


def _forecast_table(table: Array, groups: Index, horizon: int, methods: Sequence[str], pooled_choice: bool
                    ) -> tuple[Array, Array, Array, Index]:
    """(means, lows, highs, chosen method's index) per series, for the rows of `table` (series × years)."""
    n = table.shape[0]
    rows = np.arange(n)
    changes = np.nanmean(np.abs(np.diff(table, axis=1)), axis=1)
    # a series' scale: its mean absolute yearly change, or its mean (at least 1) when it never changed
    scale: Array = np.asarray(np.where(changes > 0, changes, np.maximum(np.nanmean(table, axis=1), 1.0)), dtype=float)
    band = np.digitize(table[rows, _last_index(table)], SIZE_BANDS)
    # backtests from every origin with enough years before it: scaled errors (actual − forecast) / scale
    total = np.zeros((n, len(methods)))
    counted = np.zeros(n)
    one_step: list[Array] = []
    reach = max(SELECTION_HORIZONS)
    for origin in range(BACKTEST_MIN_POINTS - 1, table.shape[1] - 1):
        seen = table[:, : origin + 1]
        ready = (np.sum(~np.isnan(seen), axis=1) >= BACKTEST_MIN_POINTS) & ~np.isnan(seen[:, -1])
        if not ready.any():
            continue
        predicted = _predict(seen, groups, reach, methods)
        for h in range(1, reach + 1):
            if origin + h >= table.shape[1]:
                break
            actual = table[:, origin + h]
            error = (actual[None, :] - predicted[:, :, h - 1]) / scale[None, :]
            error[:, ~ready | np.isnan(actual)] = np.nan
            if h in SELECTION_HORIZONS:
                total += np.nan_to_num(np.abs(error.T))
                counted += ~np.isnan(error[0])
            if h == 1:
                one_step.append(error.T)
    chosen = _choose(total, counted, groups, band, pooled_choice)
    means = _predict(table, groups, horizon, methods)[chosen, rows]
    lo, hi = _calibrate(one_step, chosen, band, n)
    steps = np.arange(1, horizon + 1, dtype=float)[None, :]
    lows = np.maximum(means + lo[:, None] * steps * scale[:, None], 0.0)
    highs = np.maximum(means + hi[:, None] * steps * scale[:, None], 0.0)
    return means, lows, highs, chosen


def _choose(total: Array, counted: Array, groups: Index, band: Index, pooled_choice: bool) -> Index:
    """Each series' method (its index): the least mean scaled backtest error of its cell — its group and size
    band, shrunk towards the whole band's mean and only among the methods the cell's own backtests find no worse
    than the first (naive, when allowed); or, not pooled, the series alone. The first where nothing could be
    backtested."""
    n, count = total.shape

    def sums_by(cell: Index) -> tuple[Array, Array]:
        """Each series' cell's summed scaled errors per method, and how many errors they are."""
        _, which = np.unique(cell, return_inverse=True)
        sums = np.zeros((int(which.max()) + 1, count))
        np.add.at(sums, which, total)
        return sums[which], np.asarray(np.bincount(which, weights=counted), dtype=float)[which]

    if pooled_choice:
        cell, in_cell = sums_by(groups * (len(SIZE_BANDS) + 1) + band)
        whole, in_band = sums_by(band)
        prior = whole / np.maximum(in_band, 1.0)[:, None]  # the band's mean error, worth BAND_PRIOR errors
        score = (cell + BAND_PRIOR * prior) / (in_cell + BAND_PRIOR)[:, None]
        # the band may steer a cell only among methods its own backtests do not find worse than the first (naive)
        worse = (cell > cell[:, :1]) & (in_cell[:, None] > 0)
        score = np.where(worse, np.inf, score)
    else:
        own, _ = sums_by(np.arange(n))
        score = own
    return np.asarray(np.argmin(score, axis=1), dtype=np.intp)


def _calibrate(one_step: list[Array], chosen: Index, band: Index, n: int) -> tuple[Array, Array]:
    """Per series, the lower and upper bound of its one-year-ahead interval in units of its scale: the chosen
    methods' backtest errors' percentiles within its size band (all bands pooled when a band has too few; a
    normal interval from their root mean square when all have too few). Always around 0: the interval holds
    the forecast."""
    tail = (1 - LEVEL / 100) / 2
    errors = (np.stack(one_step)[:, np.arange(n), chosen] if one_step else np.full((1, n), np.nan))
    everything = errors[~np.isnan(errors)]
    lo, hi = np.zeros(n), np.zeros(n)
    for b in np.unique(band):
        mine = errors[:, band == b]
        values = mine[~np.isnan(mine)]
        if len(values) < MIN_CALIBRATION:
            values = everything
        if len(values) >= MIN_CALIBRATION:
            low, high = np.quantile(values, [tail, 1 - tail])
        else:
            spread = Z80 * math.sqrt(float(np.mean(values ** 2))) if len(values) else Z80
            low, high = -spread, spread
        lo[band == b], hi[band == b] = min(low, 0.0), max(high, 0.0)
    return lo, hi


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
