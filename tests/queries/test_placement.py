"""The optimisation core against exhaustive search, and greedy against its (1 − 1/e) guarantee."""

import itertools
import math

import networkx as nx
import numpy as np
import pytest

from analyses.placement import (
    CoverageInstance,
    district_coverage,
    greedy_mclp,
    greedy_set_cover,
    haversine_km,
    radius_coverage,
    solve_mclp,
    solve_set_cover,
)

SEEDS = range(60)


def _random_instance(seed: int, points: int = 14, sites: int = 8, capacities: bool = False) -> CoverageInstance:
    rng = np.random.default_rng(seed)
    density = rng.uniform(0.1, 0.45)
    cover = rng.random((points, sites)) < density
    weights = rng.integers(0, 40, points).astype(float)
    before = rng.random(points) < 0.15
    caps = [float(c) for c in rng.integers(5, 80, sites)] if capacities else None
    return CoverageInstance.from_matrix(weights, [f"s{j}" for j in range(sites)], cover, before, caps)


def _brute_mclp(inst: CoverageInstance, k: int) -> float:
    sites = range(len(inst.site_ids))
    return max(inst.coverage_of(combo) - inst.before for combo in itertools.combinations(sites, k))


def _brute_set_cover(inst: CoverageInstance) -> int:
    need = ~inst.covered_before & (inst.weights > 0) & inst.cover.any(axis=1)
    for size in range(len(inst.site_ids) + 1):
        for combo in itertools.combinations(range(len(inst.site_ids)), size):
            if not (need & ~inst.cover[:, list(combo)].any(axis=1)).any():
                return size
    raise AssertionError("every candidate together covers every coverable point")


def _served_with_capacities(inst: CoverageInstance, combo: tuple[int, ...]) -> float:
    """Max flow demand → open site → sink, each site capped by its capacity: an independent check."""
    g = nx.DiGraph()
    for i in np.flatnonzero(inst.open_mask):
        g.add_edge("src", ("p", i), capacity=float(inst.weights[i]))
        for j in combo:
            if inst.cover[i, j]:
                g.add_edge(("p", i), ("s", j), capacity=math.inf)
    assert inst.capacities is not None
    for j in combo:
        g.add_edge(("s", j), "sink", capacity=float(inst.capacities[j]))
    if "src" not in g or "sink" not in g:
        return 0.0
    return float(nx.maximum_flow_value(g, "src", "sink"))


@pytest.mark.parametrize("seed", SEEDS)
def test_the_exact_mclp_equals_exhaustive_search(seed: int) -> None:
    inst = _random_instance(seed)
    for k in (1, 2, 3):
        result = solve_mclp(inst, k)
        assert result.status == "optimal"
        assert result.objective == pytest.approx(_brute_mclp(inst, k))
        # what it reports is what its sites cover, and marginal gains add up to it
        assert inst.coverage_of(result.chosen) - inst.before == pytest.approx(result.objective)
        assert sum(result.marginal_gains) == pytest.approx(result.objective)
        assert len(result.chosen) <= k


@pytest.mark.parametrize("seed", SEEDS)
def test_the_exact_set_cover_equals_exhaustive_search(seed: int) -> None:
    inst = _random_instance(seed)
    result = solve_set_cover(inst)
    assert result.status == "optimal"
    assert result.objective == _brute_set_cover(inst)
    assert inst.coverage_of(result.chosen) == pytest.approx(inst.coverable)
    # points that no candidate reaches are reported, not silently dropped
    lost = ~inst.covered_before & ~inst.cover.any(axis=1)
    assert result.uncoverable == pytest.approx(float(inst.weights[lost].sum()))


@pytest.mark.parametrize("seed", range(20))
def test_the_capacitated_mclp_equals_exhaustive_search_over_max_flows(seed: int) -> None:
    inst = _random_instance(seed, points=10, sites=6, capacities=True)
    for k in (1, 2):
        best = max(_served_with_capacities(inst, combo) for combo in itertools.combinations(range(6), k))
        result = solve_mclp(inst, k)
        assert result.objective == pytest.approx(best, abs=1e-6)
        assert sum(result.marginal_gains) == pytest.approx(result.objective, abs=1e-6)


def test_greedy_reaches_at_least_1_minus_1_over_e_of_the_optimum_on_generated_instances() -> None:
    ratios = []
    for seed in range(200):
        inst = _random_instance(1000 + seed, points=40, sites=15)
        for k in (2, 4):
            exact = solve_mclp(inst, k).objective
            greedy = greedy_mclp(inst, k)
            assert greedy.objective >= (1 - 1 / math.e) * exact - 1e-9
            assert greedy.bound is not None and greedy.bound >= exact - 1e-9  # its bound is a true upper bound
            if exact > 0:
                ratios.append(greedy.objective / exact)
    # the usual gap is far smaller than the guarantee: report it in the test output
    print(f"greedy/optimal over {len(ratios)} instances: mean {np.mean(ratios):.4f}, worst {min(ratios):.4f}")
    assert min(ratios) < 1.0, "generated instances should include some where greedy is not optimal"


def test_greedy_set_cover_covers_everything_and_its_lp_bound_is_below_the_optimum() -> None:
    for seed in range(40):
        inst = _random_instance(seed)
        greedy = greedy_set_cover(inst)
        exact = solve_set_cover(inst)
        assert inst.coverage_of(greedy.chosen) == pytest.approx(inst.coverable)
        assert greedy.objective >= exact.objective
        assert greedy.bound is not None and greedy.bound <= exact.objective


def test_above_the_size_threshold_mclp_falls_back_to_greedy_and_reports_a_bound_and_gap() -> None:
    inst = _random_instance(7, points=60, sites=20)
    exact = solve_mclp(inst, 3)
    fallback = solve_mclp(inst, 3, max_nonzeros=0)
    assert fallback.method == "greedy" and fallback.status == "greedy"
    assert fallback.bound is not None and fallback.gap is not None
    assert fallback.objective <= exact.objective <= fallback.bound + 1e-9
    assert fallback.gap == pytest.approx((fallback.bound - fallback.objective) / fallback.bound)


def test_k_below_one_is_refused() -> None:
    with pytest.raises(ValueError, match="k must be"):
        solve_mclp(_random_instance(1), 0)


def test_haversine_gives_known_distances() -> None:
    # one degree of latitude is 2πR/360 = 111.195 km
    assert float(haversine_km(29.0, 106.0, 30.0, 106.0)) == pytest.approx(111.195, abs=0.01)
    # 解放碑 (29.5576, 106.5771) to 万州 seat (30.81, 108.38): about 221 km as the crow flies
    assert float(haversine_km(29.5576, 106.5771, 30.81, 108.38)) == pytest.approx(221, abs=3)


def test_radius_and_district_coverage() -> None:
    cover = radius_coverage([(29.0, 106.0), (29.5, 106.0)], [(29.05, 106.0), (29.5, 106.1)], radius_km=10)
    # 0.05° of latitude = 5.6 km; 0.1° of longitude at 29.5° N = 9.7 km; 29.0→29.5 = 55.6 km
    assert cover.tolist() == [[True, False], [False, True]]
    with pytest.raises(ValueError, match="radius"):
        radius_coverage([(29.0, 106.0)], [(29.0, 106.0)], radius_km=0)
    by_district = district_coverage(["a", "b", "c"], ["a", "c"], adjacency={"b": ["c"]})
    assert by_district.tolist() == [[True, False], [False, True], [False, True]]


def test_a_time_limit_too_short_for_any_bound_still_gives_an_answer_and_a_finite_bound() -> None:
    rng = np.random.default_rng(3)
    cover = rng.random((3_000, 400)) < 0.02
    inst = CoverageInstance.from_matrix(rng.integers(1, 50, 3_000).tolist(), [f"s{j}" for j in range(400)], cover)
    for result in (solve_set_cover(inst, time_limit=1e-9), solve_mclp(inst, 10, time_limit=1e-9)):
        assert result.chosen and result.status in ("optimal", "time_limit")
        assert result.bound is None or math.isfinite(result.bound)
