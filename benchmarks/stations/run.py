"""Station placement benchmark: city scale, k new stations, our exact MILP and greedy against PySAL spopt's MCLP.

Generates the city demo data (once per --work folder), loads it into the embedded store (kept in
the work folder for reruns), reads the placement instance through `queries.stations.station_problem`
(candidates = district seats, eco-parks, large schools and large firms). A demand point is one
enterprise × occupation with unmet demand (`--points occupation`, the default: each occupation's
unmet posts at the firm's location) or one enterprise (`--points enterprise`, as
`recommend_stations` does). Then it solves the maximal covering problem for k new stations:

- ours: `queries.placement.solve_mclp` (HiGHS, exact) and `greedy_mclp` (with its bound);
- the baseline: `spopt.locate.MCLP.from_cost_matrix` on the same distance matrix, radius and
  weights (the demand the existing stations already cover has weight 0 for it), solved through PuLP.

It prints the coverage of both, their times, our time ÷ spopt's, greedy's optimality gap, and
how many sites the set covering model needs to cover everything reachable.
spopt is an optional extra: `pip install -e '.[bench]'` (spopt, PuLP).

    python benchmarks/stations/run.py --work /tmp/sb              # the issue's figures (k = 10)
    python benchmarks/stations/run.py --work /tmp/sb --radius-km 5 --k 20
    python benchmarks/stations/run.py --work /tmp/sb --spopt-solver cbc
"""

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

from analyses.placement import (
    CoverageInstance,
    greedy_mclp,
    haversine_km,
    radius_coverage,
    solve_mclp,
    solve_set_cover,
)
from analyses.stations import LARGE_FIRM_EMPLOYEES, LARGE_SCHOOL_STUDENTS, station_problem
from ingest.generate import generate
from ingest.job import run_ingest
from store import MemoryStore


def _spopt(
    cost: np.ndarray, weights: np.ndarray, radius_km: float, k: int, solver: str, time_limit: float
) -> tuple[list[int], float, str]:
    try:
        import pulp
        from spopt.locate import MCLP
    except ImportError:
        sys.exit("spopt is not installed: pip install -e '.[bench]'")
    t0 = time.perf_counter()
    model = MCLP.from_cost_matrix(cost, weights, service_radius=radius_km, p_facilities=k, name="mclp")
    chosen_solver = (pulp.HiGHS(msg=False, timeLimit=time_limit) if solver == "highs"
                     else pulp.PULP_CBC_CMD(msg=False, timeLimit=time_limit))
    # results=False: skip spopt's per-client bookkeeping loops, time only the model and the solve
    model.problem.solve(chosen_solver)  # what MCLP.solve(solver, results=False) does, minus its status check
    seconds = time.perf_counter() - t0
    status = pulp.LpStatus[model.problem.status]
    return [j for j, x in enumerate(model.fac_vars) if (x.value() or 0) > 0.5], seconds, status


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--work", type=Path, required=True, help="work folder: generated data and the store file")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--k", type=int, default=10)
    parser.add_argument("--radius-km", type=float, default=5.0)
    parser.add_argument("--min-students", type=int, default=LARGE_SCHOOL_STUDENTS)
    parser.add_argument("--min-employees", type=int, default=LARGE_FIRM_EMPLOYEES)
    parser.add_argument("--points", choices=["occupation", "enterprise"], default="occupation",
                        help="a demand point per enterprise × occupation (default) or per enterprise")
    parser.add_argument("--spopt-solver", choices=["highs", "cbc"], default="highs")
    parser.add_argument("--spopt-time-limit", type=float, default=900.0, help="seconds for spopt's solver")
    parser.add_argument("--no-spopt", action="store_true", help="skip the baseline")
    parser.add_argument("--json", type=Path, default=None, help="also write the figures to this file")
    args = parser.parse_args()

    args.work.mkdir(parents=True, exist_ok=True)
    data = args.work / f"data-city-{args.seed}"
    if not data.exists():
        t0 = time.perf_counter()
        generate("city", args.seed, data)
        print(f"generated city data in {time.perf_counter() - t0:.1f} s → {data}")
    db = args.work / f"graph-city-{args.seed}.db"
    fresh = not db.exists()
    store = MemoryStore(db)
    if fresh:
        t0 = time.perf_counter()
        run_ingest([data], store, progress=False)
        store.flush()
        print(f"loaded the embedded store in {time.perf_counter() - t0:.1f} s → {db}")

    t0 = time.perf_counter()
    problem = station_problem(store, "radius", args.radius_km, min_students=args.min_students,
                              min_employees=args.min_employees)
    read_s = time.perf_counter() - t0
    coords: list[tuple[float, float]] = []
    if args.points == "enterprise":
        inst = problem.instance
        where: dict[str, tuple[float, float]] = {}
        for r in problem.rows:
            where.setdefault(r.enterprise_id, (np.nan if r.lat is None else r.lat, np.nan if r.lng is None else r.lng))
        coords = [where[p] for p in problem.points]
    else:
        unmet: dict[tuple[str, str], float] = {}
        for r in problem.rows:
            key = (r.enterprise_id, r.occupation_id)
            unmet[key] = unmet.get(key, 0.0) + r.unmet
            if len(coords) < len(unmet):
                coords.append((np.nan if r.lat is None else r.lat, np.nan if r.lng is None else r.lng))
        sites = [(s.lat or np.nan, s.lng or np.nan) for s in problem.candidates]
        stations = [(s.lat or np.nan, s.lng or np.nan) for s in problem.existing]
        inst = CoverageInstance.from_matrix(
            list(unmet.values()), [s.id for s in problem.candidates], radius_coverage(coords, sites, args.radius_km),
            radius_coverage(coords, stations, args.radius_km).any(axis=1))
    groups = len(inst.groups()[0])
    what = "enterprise × occupation" if args.points == "occupation" else "enterprise"
    print(f"instance read from the store in {read_s:.1f} s: {len(coords):,} demand points "
          f"(one per {what} with unmet demand), {len(problem.candidates):,} candidate sites, "
          f"{len(problem.existing)} existing stations, radius {args.radius_km:g} km, k = {args.k}")
    print(f"  unmet demand {inst.total:,.0f} posts; covered by the existing stations {inst.before:,.0f} "
          f"({inst.before / inst.total:.1%}); reachable by some candidate {inst.coverable:,.0f}; "
          f"{int(inst.cover.sum()):,} (point, site) pairs in reach; {groups:,} distinct coverage rows")

    exact = solve_mclp(inst, args.k)
    greedy = greedy_mclp(inst, args.k)
    gap = (exact.objective - greedy.objective) / exact.objective if exact.objective else 0.0
    print(f"ours, exact (HiGHS MILP): newly covers {exact.objective:,.1f} → {inst.before + exact.objective:,.1f} "
          f"({(inst.before + exact.objective) / inst.total:.2%}) in {exact.seconds:.2f} s, status {exact.status}, "
          f"bound {exact.bound:,.1f}, gap {exact.gap:.2%}")
    print(f"ours, greedy: newly covers {greedy.objective:,.1f} in {greedy.seconds:.3f} s; "
          f"greedy ÷ optimum {greedy.objective / exact.objective:.4f} (gap {gap:.2%}; guarantee ≥ 0.6321); "
          f"its own bound {greedy.bound:,.1f}")
    print(f"  sites: {', '.join(exact.chosen_ids)}")
    cover = solve_set_cover(inst)
    print(f"ours, set covering: {cover.objective:.0f} new sites cover all {inst.coverable - inst.before:,.0f} "
          f"reachable unmet posts in {cover.seconds:.2f} s, status {cover.status}")
    figures: dict[str, Any] = {
        "demand_points": len(coords), "points": args.points, "candidates": len(problem.candidates), "k": args.k,
        "radius_km": args.radius_km, "unmet_total": inst.total, "covered_before": inst.before,
        "exact_new": exact.objective, "exact_s": exact.seconds, "exact_status": exact.status,
        "greedy_new": greedy.objective, "greedy_s": greedy.seconds, "greedy_gap": gap,
        "set_cover_sites": cover.objective, "set_cover_s": cover.seconds,
    }

    if not args.no_spopt:
        t0 = time.perf_counter()
        pts = np.array(coords, dtype=np.float64)
        sites = np.array([(s.lat, s.lng) for s in problem.candidates], dtype=np.float64)
        cost = haversine_km(pts[:, :1], pts[:, 1:], sites[None, :, 0], sites[None, :, 1])
        cost = np.nan_to_num(cost, nan=np.inf)
        weights = np.where(inst.covered_before, 0.0, inst.weights)
        matrix_s = time.perf_counter() - t0
        chosen, spopt_s, spopt_status = _spopt(cost, weights, args.radius_km, args.k, args.spopt_solver,
                                               args.spopt_time_limit)
        spopt_new = inst.coverage_of(chosen) - inst.before
        print(f"spopt MCLP (PuLP + {args.spopt_solver}) on the same {cost.shape[0]:,} × {cost.shape[1]:,} matrix "
              f"(built in {matrix_s:.1f} s, not counted): newly covers {spopt_new:,.1f} in {spopt_s:.2f} s, "
              f"PuLP status {spopt_status}")
        verdict = "equal" if abs(spopt_new - exact.objective) < 1e-6 else (
            "ours better" if exact.objective > spopt_new else "SPOPT BETTER")
        print(f"coverage ours − spopt: {exact.objective - spopt_new:+,.1f} ({verdict}); "
              f"time ours ÷ spopt: {exact.seconds / spopt_s:.3f}")
        figures |= {"spopt_new": spopt_new, "spopt_s": spopt_s, "ratio": exact.seconds / spopt_s,
                    "spopt_solver": args.spopt_solver, "spopt_status": spopt_status}
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
