"""The whole city's trends and forecasts read through a store, as the API computes them the first time after a
load (issue 17: forecasting the whole city ≤ 60 s; answers are then kept until the data changes).

    python benchmarks/forecast/through_store.py [--scale city] [--seed 1] [--store URI] [--data DIR]

Generates the demo data with its history (or reads `--data`, a folder `skillgraph generate --history` wrote),
loads it into the store (`--store`, default a fresh embedded store in a temporary folder; a Neo4j URI is cleared
first), then times, each once:

- the data's years (`demand_years`), the city's demand history (`demand_history`), every occupation × district
  series forecast (`district_forecasts_of`: what the API keeps per data version);
- the city's forecast table, a district's and an area's from those forecasts; the city's trends;
- the ranking by forecast gap two years on.
"""

import argparse
import os
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from analyses.outlook import (
    data_years,
    district_forecasts_of,
    fetch_history,
    forecast_shortage_ranking,
    forecast_table,
    resolve_where,
    trend_table,
)
from ingest.generate import generate
from ingest.job import run_ingest
from store import GraphStore, open_store

T = TypeVar("T")


def timed(label: str, work: Callable[[], T]) -> T:
    started = time.perf_counter()
    result = work()
    print(f"  {label}: {time.perf_counter() - started:.1f} s")
    return result


def measure(store: GraphStore) -> None:
    years = timed("demand_years", lambda: data_years(store))
    print(f"    current year {years.current}, plan years {years.plan_years}")
    history = timed("demand_history (city)", lambda: fetch_history(store, resolve_where(store, "city")))
    print(f"    {len(history.series):,} occupation × district series over {len(history.years)} years")
    shared = timed("district forecasts (the city's, kept per data version)",
                   lambda: district_forecasts_of(store, "city"))
    print(f"    {len(shared.forecasts.found):,} forecast, {len(shared.forecasts.too_short):,} too short")
    city = timed("forecast table, city", lambda: forecast_table(store, "city", district_forecasts=shared))
    timed("forecast table, wanzhou", lambda: forecast_table(store, "wanzhou", district_forecasts=shared))
    timed("forecast table, yudongbei", lambda: forecast_table(store, "yudongbei", district_forecasts=shared))
    timed("ranking by forecast gap, horizon 2",
          lambda: forecast_shortage_ranking(store, "city", horizon=2, district_forecasts=shared))
    trends = timed("trend table, city", lambda: trend_table(store, "city"))
    print(f"    {city.total} occupations forecast; trends: {trends.total} occupations, supply years "
          f"{ {k: len(v) for k, v in trends.supply_years.items()} }")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", default="city", choices=("small", "city"))
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--store", help="a store URI (default: a fresh embedded store)")
    parser.add_argument("--data", type=Path, help="a folder written by `skillgraph generate --history`")
    args = parser.parse_args()
    print(f"trends and forecasts through a store: scale {args.scale}, seed {args.seed}; load average at start "
          f"{os.getloadavg()[0]:.2f} on {os.cpu_count()} cores")
    with tempfile.TemporaryDirectory() as tmp:
        data = args.data
        if data is None:
            data = Path(tmp) / "data"
            timed("generate with history", lambda: generate(args.scale, args.seed, data, history=True))
        store = open_store(args.store or f"memory://{Path(tmp) / 'graph.db'}")
        try:
            if args.store and args.store.startswith(("neo4j", "bolt")):
                store.apply_schema()
                store.clear()
            report = timed(f"load into {args.store or 'an embedded store'}",
                           lambda: run_ingest([data], store, progress=False))
            print(f"    {report.summary()}")
            measure(store)
        finally:
            store.close()


if __name__ == "__main__":
    main()
