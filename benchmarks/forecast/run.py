"""Forecasting measured (issue 17): a rolling-origin backtest on history made by the generator's ground-truth
process, against the naive and drift forecasts, and the time to forecast the whole city.

    python benchmarks/forecast/run.py [--scale city] [--seed 3]

Generates the demo data at the scale with its demand history 2019–2024 and the ground truth's expected demand
2019–2028 (`skillgraph generate --history --truth`: trend, cycle, the 2020 shock, take-off, noise; see
`ingest/generate/history.py`), sums the firms' stated demand per occupation × district and year, and then:

- chooses each occupation's model from the backtests of all its districts' series (`group=`), then
- backtests from the origins 2022, 2023 and 2024 at horizons 1 and 2 (held-out years ≤ 2025): MASE (scaled by
  the series' in-sample naive error) and sMAPE, aggregated over series, for the chosen model and for the naive
  and drift forecasts alone; the share of held-out values inside the 80 % intervals;
- forecasts 2026–2028 from all of 2019–2025 and scores them against the expected values of the ground truth;
- times the forecast of every series with at least MIN_POINTS years, and checks that the districts add up.

Beside them, statsforecast's AutoETS fitted per series (the library's standard model for such data; installed with
the `bench` extra) is backtested the same way: the baseline our pooled method has to beat to be worth its code.

Targets (issue 17): aggregated MASE ≤ 0.85 × the naive's; 80 % intervals covering 75–85 % of held-out points;
the whole city forecast in ≤ 60 s.
"""

import argparse
import os
import statistics
import tempfile
import time
import warnings
from collections import Counter, defaultdict
from itertools import pairwise
from pathlib import Path

from analyses.forecast import MIN_POINTS, ForecastPoint, Forecasts, SeriesForecast, add_up, forecast
from ingest.generate import generate
from ingest.generate.history import FUTURE_YEARS, HISTORY_YEARS

Series = dict[tuple[str, str], dict[int, float]]


def series(scale: str, seed: int) -> tuple[Series, Series]:
    """(observed history, expected values) per (occupation, district), from the generator's history and its
    ground-truth file."""
    import csv

    observed: Series = defaultdict(lambda: defaultdict(float))
    expected: Series = defaultdict(lambda: defaultdict(float))
    with tempfile.TemporaryDirectory() as tmp:
        data, truth = Path(tmp) / "data", Path(tmp) / "truth.csv"
        generate(scale, seed, data, history=True, truth=truth)  # type: ignore[arg-type]
        district = {r["id"]: r["district"] for r in csv.DictReader((data / "enterprise.csv").open())}
        for name in ("demands-history", "demands"):
            with (data / f"{name}.csv").open() as f:
                for r in csv.DictReader(f):
                    if int(r["year"]) in HISTORY_YEARS:
                        observed[r["end"], district[r["start"]]][int(r["year"])] += int(r["headcount"])
        with truth.open() as f:
            for r in csv.DictReader(f):
                expected[r["occupation"], r["district"]][int(r["year"])] += float(r["expected_headcount"])
    # every series over all the history years, 0 where nothing was stated (firms founded later, take-offs)
    full = {k: {y: v.get(y, 0.0) for y in HISTORY_YEARS} for k, v in observed.items()}
    return full, {k: dict(v) for k, v in expected.items()}


def by_occupation(key: object) -> object:
    """The group a series' model is chosen in: its occupation (the series are occupation × district)."""
    return key[0]  # type: ignore[index]


def mase_parts(train: list[float]) -> float:
    """The in-sample mean absolute error of the naive forecast (MASE's scale)."""
    return statistics.fmean(abs(b - a) for a, b in pairwise(train))


def smape(actual: float, forecast_: float) -> float:
    denominator = abs(actual) + abs(forecast_)
    return 0.0 if denominator == 0 else 2 * abs(forecast_ - actual) / denominator


def library_ets(train: dict[tuple[str, str], dict[int, float]], horizon: int) -> Forecasts | None:
    """statsforecast's AutoETS (additive or damped trend, no season) fitted per series: what a well-kept forecasting
    library offers for short yearly series, as a baseline for our pooled method (`pip install -e '.[bench]'`;
    None without it)."""
    try:
        import pandas as pd
        from statsforecast import StatsForecast
        from statsforecast.models import AutoETS, RandomWalkWithDrift
    except ImportError:
        return None
    keys = list(train)
    rows = [(f"s{i}", year, value) for i, k in enumerate(keys) for year, value in sorted(train[k].items())]
    frame = pd.DataFrame(rows, columns=["unique_id", "ds", "y"])
    sf = StatsForecast(models=[AutoETS(model="ZZN", alias="ets")], freq=1, n_jobs=1,
                       fallback_model=RandomWalkWithDrift())
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        out = sf.forecast(df=frame, h=horizon).fillna(0.0)
    found = Forecasts()
    for uid, rows in out.groupby("unique_id", sort=False):
        key = keys[int(str(uid)[1:])]
        points = tuple(ForecastPoint(int(r.ds), max(0.0, float(r.ets)), 0.0, 0.0) for r in rows.itertuples())
        found.found[key] = SeriesForecast(key, "ets", points)
    return found


def backtest(observed: dict[tuple[str, str], dict[int, float]]) -> None:
    scores: dict[str, dict[int, list[float]]] = {m: defaultdict(list) for m in ("chosen", "naive", "drift")}
    smapes: dict[str, dict[int, list[float]]] = {m: defaultdict(list) for m in scores}
    inside: dict[int, list[bool]] = defaultdict(list)
    for origin in (2022, 2023, 2024):
        train = {k: {y: v for y, v in s.items() if y <= origin} for k, s in observed.items()}
        train = {k: s for k, s in train.items() if len(s) >= MIN_POINTS and any(s.values())}
        runs = {"chosen": forecast(train, 2, group=by_occupation), "naive": forecast(train, 2, methods=("naive",)),
                "drift": forecast(train, 2, methods=("drift",))}
        ets = library_ets(train, 2)
        if ets is not None:
            runs["statsforecast ETS"] = ets
            scores.setdefault("statsforecast ETS", defaultdict(list))
            smapes.setdefault("statsforecast ETS", defaultdict(list))
        for key, history in train.items():
            values = [history[y] for y in sorted(history)]
            scale = mase_parts(values)
            for name, run in runs.items():
                found = run.found.get(key)
                if found is None:
                    continue
                for h, point in enumerate(found.points, start=1):
                    if point.year > HISTORY_YEARS[-1]:
                        continue
                    actual = observed[key][point.year]
                    if scale > 0:
                        scores[name][h].append(abs(point.mean - actual) / scale)
                    smapes[name][h].append(smape(actual, point.mean))
                    if name == "chosen":
                        inside[h].append(point.lo <= actual <= point.hi)
    print("backtest (origins 2022–2024; held-out years ≤ 2025):")
    for h in (1, 2):
        naive = statistics.fmean(scores["naive"][h])
        mase = {name: statistics.fmean(scores[name][h]) for name in scores}
        line = ", ".join(
            f"{name} MASE {mase[name]:.3f} (×naive {mase[name] / naive:.2f}) "
            f"sMAPE {statistics.fmean(smapes[name][h]):.3f}"
            for name in ("chosen", "drift", "naive", "statsforecast ETS") if name in mase
        )
        print(f"  h={h}: {line}; 80 % interval coverage {sum(inside[h]) / len(inside[h]):.1%} "
              f"({len(inside[h]):,} points)")
    if "statsforecast ETS" in scores:
        print("  (statsforecast's AutoETS cannot fit a series this short — 4 to 6 points before the origins — and "
              "falls back to its drift model: where its figures equal drift's, that is why)")


def against_truth(observed: dict[tuple[str, str], dict[int, float]],
                  expected: dict[tuple[str, str], dict[int, float]]) -> dict[tuple[str, str], SeriesForecast]:
    usable = {k: s for k, s in observed.items() if any(s.values())}
    started = time.perf_counter()
    run = forecast(usable, 3, group=by_occupation)
    seconds = time.perf_counter() - started
    print(f"whole city: {len(run.found):,} series forecast 3 years ahead in {seconds:.1f} s "
          f"({len(run.too_short):,} too short); methods chosen: "
          + ", ".join(f"{m} {n:,}" for m, n in sorted(Counter(f.method for f in run.found.values()).items())))
    for h, year in enumerate(FUTURE_YEARS, start=1):
        errors = [smape(expected[k][year], f.points[h - 1].mean) for k, f in run.found.items()]
        naive = [smape(expected[k][year], observed[k][HISTORY_YEARS[-1]]) for k in run.found]
        print(f"  {year} against the ground truth's expected values: sMAPE {statistics.fmean(errors):.3f} "
              f"(naive {statistics.fmean(naive):.3f})")
    return run.found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", default="city", choices=("small", "city"))
    parser.add_argument("--seed", type=int, default=3)
    args = parser.parse_args()
    load = os.getloadavg()[0]
    print(f"forecast benchmark: scale {args.scale}, seed {args.seed}; load average at start {load:.2f} on "
          f"{os.cpu_count()} cores")
    observed, expected = series(args.scale, args.seed)
    print(f"{len(observed):,} occupation × district series, 2019–2025")
    found = against_truth(observed, expected)
    by_occupation: dict[str, list[SeriesForecast]] = defaultdict(list)
    for (code, _), f in found.items():
        by_occupation[code].append(f)
    city = {code: add_up(parts, code) for code, parts in by_occupation.items()}
    worst = max(abs(city[c].points[0].mean - sum(p.points[0].mean for p in parts))
                for c, parts in by_occupation.items())
    print(f"districts add up to the city: largest difference {worst:.2e} over {len(city):,} occupations")
    backtest(observed)


if __name__ == "__main__":
    main()
