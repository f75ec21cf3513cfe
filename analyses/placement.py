"""Facility location over a coverage matrix: maximal covering (MCLP) and set covering, exact and greedy.

No store here: an instance is demand points with weights, candidate sites, and which sites cover
which points (within a haversine radius, or by district). `solve_mclp` and `solve_set_cover` solve
it exactly with HiGHS (a MILP); `greedy_mclp` and `greedy_set_cover` are the fallbacks for very
large instances, reported with an upper (or lower) bound and the gap they achieve.

    >>> inst = CoverageInstance.from_matrix([5, 3, 2], ["a", "b"], [[1, 0], [1, 1], [0, 1]])
    >>> solve_mclp(inst, 1).objective
    8.0
"""

import math
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

import highspy
import numpy as np
import numpy.typing as npt
from pydantic import BaseModel

EARTH_RADIUS_KM = 6371.0088
"""The mean Earth radius (IUGG), as in most haversine implementations."""

EXACT_MAX_NONZEROS = 5_000_000
"""Above this many (demand group, site) coverage pairs `solve_mclp` goes straight to the greedy answer."""

DEFAULT_TIME_LIMIT = 60.0
"""Seconds HiGHS may spend on one model before the best of its incumbent and greedy is returned."""

EPS = 1e-9

Method = Literal["milp", "greedy"]
Status = Literal["optimal", "time_limit", "greedy", "infeasible"]
BoolMatrix = npt.NDArray[np.bool_]
FloatArray = npt.NDArray[np.float64]


def haversine_km(lat1: npt.ArrayLike, lng1: npt.ArrayLike, lat2: npt.ArrayLike, lng2: npt.ArrayLike) -> FloatArray:
    """Great-circle distance in km between points given in degrees; numpy broadcasting applies."""
    p1, l1, p2, l2 = (np.radians(np.asarray(v, dtype=np.float64)) for v in (lat1, lng1, lat2, lng2))
    a = np.sin((p2 - p1) / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin((l2 - l1) / 2) ** 2
    return np.asarray(2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(a, 0.0, 1.0))), dtype=np.float64)


def radius_coverage(
    points: Sequence[tuple[float, float]], sites: Sequence[tuple[float, float]], radius_km: float
) -> BoolMatrix:
    """`cover[i, j]` is true when site j lies within `radius_km` of point i (both as (lat, lng))."""
    if radius_km <= 0:
        raise ValueError(f"the service radius must be > 0 km (got {radius_km})")
    cover = np.zeros((len(points), len(sites)), dtype=np.bool_)
    if not len(points) or not len(sites):
        return cover
    pts = np.asarray(points, dtype=np.float64)
    sts = np.asarray(sites, dtype=np.float64)
    step = max(1, 4_000_000 // max(1, len(sites)))  # keep each distance block near 32 MB
    for start in range(0, len(pts), step):
        block = pts[start : start + step]
        d = haversine_km(block[:, :1], block[:, 1:], sts[None, :, 0], sts[None, :, 1])
        cover[start : start + step] = d <= radius_km
    return cover


def district_coverage(
    point_districts: Sequence[str],
    site_districts: Sequence[str],
    adjacency: Mapping[str, Sequence[str]] | None = None,
) -> BoolMatrix:
    """`cover[i, j]` is true when site j is in point i's district, or in a district adjacent to it."""
    reach: dict[str, set[str]] = {}
    for d in set(point_districts):
        reach[d] = {d, *((adjacency or {}).get(d, ()))}
    return np.array(
        [[s in reach[p] for s in site_districts] for p in point_districts], dtype=np.bool_
    ).reshape(len(point_districts), len(site_districts))


@dataclass(frozen=True)
class CoverageInstance:
    """Demand weights, candidate sites and the coverage matrix between them.

    `cover[i, j]`: candidate j covers demand point i. `covered_before[i]`: an existing (kept) site
    already covers point i, so opening new sites gains nothing there. `capacities[j]`: the most
    demand weight candidate j can serve (None: unlimited).
    """

    weights: FloatArray
    site_ids: list[str]
    cover: BoolMatrix
    covered_before: BoolMatrix
    capacities: FloatArray | None = None
    _groups: list[tuple[FloatArray, BoolMatrix]] = field(default_factory=list, repr=False, compare=False)

    @classmethod
    def from_matrix(
        cls,
        weights: Sequence[float] | FloatArray,
        site_ids: Sequence[str],
        cover: Sequence[Sequence[int | bool]] | BoolMatrix,
        covered_before: Sequence[bool] | BoolMatrix | None = None,
        capacities: Sequence[float | None] | None = None,
    ) -> "CoverageInstance":
        w = np.asarray(weights, dtype=np.float64)
        c = np.asarray(cover, dtype=np.bool_).reshape(len(w), len(site_ids))
        before = (np.zeros(len(w), dtype=np.bool_) if covered_before is None
                  else np.asarray(covered_before, dtype=np.bool_))
        if (w < 0).any():
            raise ValueError("demand weights must be ≥ 0")
        if len(set(site_ids)) != len(site_ids):
            raise ValueError("candidate site ids must be unique")
        caps = None
        if capacities is not None and any(cap is not None for cap in capacities):
            caps = np.array([math.inf if cap is None else float(cap) for cap in capacities], dtype=np.float64)
            if len(caps) != len(site_ids) or (caps < 0).any():
                raise ValueError("capacities: one value ≥ 0 (or None) per candidate site")
        return cls(weights=w, site_ids=list(site_ids), cover=c, covered_before=before, capacities=caps)

    @property
    def total(self) -> float:
        return float(self.weights.sum())

    @property
    def before(self) -> float:
        """Demand weight already covered by the existing sites."""
        return float(self.weights[self.covered_before].sum())

    @property
    def open_mask(self) -> BoolMatrix:
        """Demand still uncovered that at least one candidate could cover, with a positive weight."""
        return np.asarray(~self.covered_before & (self.weights > 0) & self.cover.any(axis=1), dtype=np.bool_)

    @property
    def coverable(self) -> float:
        """Demand weight covered before plus what the candidates could add if all were opened."""
        return self.before + float(self.weights[self.open_mask].sum())

    def groups(self) -> tuple[FloatArray, BoolMatrix]:
        """Open demand points merged by identical rows of the coverage matrix: (weights, rows).

        Points covered by exactly the same candidates are interchangeable in both models, so the
        MILP gets one variable and one constraint per distinct row instead of per point.
        """
        if not self._groups:
            mask = self.open_mask
            rows = self.cover[mask]
            weights: FloatArray = np.zeros(0)
            bits: BoolMatrix = np.zeros((0, self.cover.shape[1]), dtype=np.bool_)
            if len(rows):
                unique, inverse = np.unique(np.packbits(rows, axis=1), axis=0, return_inverse=True)
                weights = np.asarray(np.bincount(inverse.ravel(), weights=self.weights[mask], minlength=len(unique)),
                                     dtype=np.float64)
                bits = np.unpackbits(unique, axis=1, count=self.cover.shape[1]).astype(np.bool_)
            self._groups.append((np.asarray(weights, dtype=np.float64), bits))
        return self._groups[0]

    def coverage_of(self, chosen: Sequence[int]) -> float:
        """Demand weight covered by the existing sites and the chosen candidates (capacities ignored)."""
        covered = self.covered_before | self.cover[:, list(chosen)].any(axis=1)
        return float(self.weights[covered].sum())


class PlacementResult(BaseModel):
    """One solve: the chosen candidate indices (largest marginal gain first) and how good they are.

    `objective`: for MCLP the demand weight newly covered by the chosen sites (on top of what the
    existing sites cover); for set cover the number of sites. `bound`: an upper bound on the MCLP
    optimum (a lower bound for set cover); `gap` = |bound − objective| ÷ max(|bound|, ε), 0 when proven.
    """

    problem: Literal["mclp", "set_cover"]
    method: Method
    status: Status
    k: int | None = None
    objective: float
    chosen: list[int]
    chosen_ids: list[str]
    marginal_gains: list[float]
    bound: float | None
    gap: float | None
    seconds: float
    uncoverable: float = 0.0


def _gap(objective: float, bound: float | None) -> float | None:
    if bound is None:
        return None
    return abs(bound - objective) / max(abs(bound), EPS)


def _order_by_gain(inst: CoverageInstance, chosen: Sequence[int]) -> tuple[list[int], list[float]]:
    """The chosen sites reordered greedily by marginal gain, with each gain; the gains add up to the coverage.

    Under capacities a set's coverage is the most demand it can serve (a max-flow LP), so each gain
    is the served demand with the site minus without it.
    """
    weights, rows = inst.groups()
    left, order, gains = list(chosen), [], []
    if inst.capacities is None:
        residual = weights.copy()
        while left:
            scores = [float(residual[rows[:, j]].sum()) for j in left]
            best = max(range(len(left)), key=lambda i: (scores[i], -left[i]))
            j = left.pop(best)
            gains.append(scores[best])
            residual[rows[:, j]] = 0.0
            order.append(j)
        return order, gains
    served = 0.0
    while left:
        values = [_served(weights, rows, inst.capacities, [*order, j]) for j in left]
        best = max(range(len(left)), key=lambda i: (values[i], -left[i]))
        order.append(left.pop(best))
        gains.append(values[best] - served)
        served = values[best]
    return order, gains


def _served(weights: FloatArray, rows: BoolMatrix, capacities: FloatArray, sites: list[int]) -> float:
    """The most demand weight the open `sites` can serve within their capacities."""
    solved = _mclp_model(weights, rows[:, sites], len(sites), capacities[sites], integral=False,
                         time_limit=DEFAULT_TIME_LIMIT)
    return solved.objective


def _consume(residual: FloatArray, column: BoolMatrix, cap: float | None) -> float:
    """Serve the residual demand in reach of one site, proportionally when its capacity binds."""
    reach = float(residual[column].sum())
    taken = reach if cap is None else min(reach, float(cap))
    if reach > 0:
        residual[column] *= 1.0 - taken / reach
    return taken


def greedy_mclp(inst: CoverageInstance, k: int) -> PlacementResult:
    """Open k sites one at a time, each the one with the largest marginal gain (ties: lowest index).

    Without capacities this is the classic (1 − 1/e)-approximation, and the run yields an upper
    bound for free: before every step t, OPT ≤ covered(S_t) + the sum of the k largest marginal
    gains (submodularity); `bound` is the smallest of these.
    """
    _check_k(k)
    started = time.perf_counter()
    weights, rows = inst.groups()
    residual = weights.copy()
    caps = inst.capacities
    chosen: list[int] = []
    gains: list[float] = []
    bound = math.inf
    covered = 0.0
    available = np.ones(rows.shape[1], dtype=np.bool_)
    for _ in range(min(k, rows.shape[1])):
        scores = residual @ rows
        if caps is not None:
            scores = np.minimum(scores, caps)
        scores[~available] = -1.0
        top = np.sort(scores[available])[::-1][:k]
        bound = min(bound, covered + float(top[top > 0].sum()))
        j = int(np.argmax(scores))
        if scores[j] <= EPS:
            break
        gain = _consume(residual, rows[:, j], None if caps is None else caps[j])
        chosen.append(j)
        gains.append(gain)
        covered += gain
        available[j] = False
    bound = min(bound, float(weights.sum())) if caps is None else bound
    return PlacementResult(
        problem="mclp", method="greedy", status="greedy", k=k, objective=covered, chosen=chosen,
        chosen_ids=[inst.site_ids[j] for j in chosen], marginal_gains=gains,
        bound=bound if caps is None else None, gap=_gap(covered, bound) if caps is None else None,
        seconds=time.perf_counter() - started,
    )


def solve_mclp(
    inst: CoverageInstance,
    k: int,
    *,
    time_limit: float = DEFAULT_TIME_LIMIT,
    max_nonzeros: int = EXACT_MAX_NONZEROS,
) -> PlacementResult:
    """The k candidates that newly cover the most demand weight (maximal covering location problem).

    MILP over the demand groups g (points merged by coverage row, weight W_g) and candidates j:

        max Σ_g W_g·y_g   s.t.  y_g ≤ Σ_{j covers g} x_j,  Σ_j x_j ≤ k,  x_j ∈ {0, 1},  0 ≤ y_g ≤ 1

    With capacities C_j the coverage becomes a flow a_gj ≥ 0 for each j that covers g:
    max Σ a_gj  s.t.  Σ_j a_gj ≤ W_g,  Σ_g a_gj ≤ C_j·x_j,  Σ_j x_j ≤ k.
    Solved by HiGHS to a zero gap. Above `max_nonzeros` coverage pairs, or when HiGHS reaches
    `time_limit` without proving optimality, the better of its incumbent and the greedy answer is
    returned with HiGHS's bound (or the LP relaxation's, or greedy's own) and the gap.
    """
    _check_k(k)
    started = time.perf_counter()
    weights, rows = inst.groups()
    if not len(weights):
        return PlacementResult(problem="mclp", method="milp", status="optimal", k=k, objective=0.0, chosen=[],
                               chosen_ids=[], marginal_gains=[], bound=0.0, gap=0.0,
                               seconds=time.perf_counter() - started)
    if int(rows.sum()) > max_nonzeros:
        greedy = greedy_mclp(inst, k)
        lp = _mclp_model(weights, rows, k, inst.capacities, integral=False, time_limit=time_limit)
        bound = lp.objective if lp.optimal else greedy.bound
        if greedy.bound is not None and bound is not None:
            bound = min(bound, greedy.bound)
        return greedy.model_copy(update={"bound": bound, "gap": _gap(greedy.objective, bound),
                                         "seconds": time.perf_counter() - started})
    greedy = greedy_mclp(inst, k)
    keep = undominated_sites(rows, inst.capacities)
    where = {j: c for c, j in enumerate(keep)}
    # greedy's sites as the MIP start, a dominated one swapped for a kept site covering all it covers
    start = None
    if inst.capacities is None:
        start = sorted({where[j] if j in where else next(c for c, b in enumerate(keep)
                                                         if not (rows[:, j] & ~rows[:, b]).any())
                        for j in greedy.chosen})
    solved = _mclp_model(weights, rows[:, keep], k, None if inst.capacities is None else inst.capacities[keep],
                         integral=True, time_limit=time_limit, start=start)
    chosen = [keep[c] for c in range(len(keep)) if solved.x[c] > 0.5]
    status: Status = "optimal" if solved.optimal else "time_limit"
    if not solved.optimal and (greedy.objective > solved.objective or not chosen):
        chosen = greedy.chosen
    order, gains = _order_by_gain(inst, chosen)
    objective = float(sum(gains))
    # Stopped before HiGHS had a dual bound (a very short time limit): greedy's bound still holds.
    bound = objective
    if not solved.optimal:
        bound = solved.bound if math.isfinite(solved.bound) else greedy.bound
    return PlacementResult(
        problem="mclp", method="milp", status=status, k=k, objective=objective, chosen=order,
        chosen_ids=[inst.site_ids[j] for j in order], marginal_gains=gains, bound=bound,
        gap=_gap(objective, bound), seconds=time.perf_counter() - started,
    )


def greedy_set_cover(inst: CoverageInstance) -> PlacementResult:
    """Open the site covering the most uncovered demand weight until every coverable point is covered.

    `bound` is a lower bound on the fewest sites: the LP relaxation's optimum rounded up.
    """
    started = time.perf_counter()
    weights, rows = inst.groups()
    left = np.ones(len(weights), dtype=np.bool_)
    chosen: list[int] = []
    gains: list[float] = []
    while left.any():
        # weight first so the order matches the MCLP answers; a group of weight 0 still needs covering
        scores = (weights * left) @ rows + 1e-12 * (left @ rows)
        scores[chosen] = -1.0
        j = int(np.argmax(scores))
        gains.append(float(weights[left & rows[:, j]].sum()))
        left &= ~rows[:, j]
        chosen.append(j)
    lp = _cover_model(rows, integral=False, time_limit=DEFAULT_TIME_LIMIT) if len(weights) else None
    bound = float(math.ceil(lp.objective - 1e-6)) if lp is not None and lp.optimal else None
    return PlacementResult(
        problem="set_cover", method="greedy", status="greedy", objective=float(len(chosen)), chosen=chosen,
        chosen_ids=[inst.site_ids[j] for j in chosen], marginal_gains=gains, bound=bound,
        gap=_gap(len(chosen), bound), seconds=time.perf_counter() - started,
        uncoverable=_uncoverable(inst),
    )


def solve_set_cover(
    inst: CoverageInstance, *, time_limit: float = DEFAULT_TIME_LIMIT, max_nonzeros: int = EXACT_MAX_NONZEROS
) -> PlacementResult:
    """The fewest candidates that cover every open demand point some candidate can reach (set covering).

    MILP: min Σ_j x_j  s.t.  Σ_{j covers g} x_j ≥ 1 for every demand group g,  x_j ∈ {0, 1}.
    Points no candidate reaches cannot be covered by any choice: their weight is `uncoverable`.
    Capacities are not part of this question (coverage, not service). The chosen sites are ordered
    by marginal gain; fallbacks as in `solve_mclp`, with a lower bound.
    """
    started = time.perf_counter()
    weights, rows = inst.groups()
    if not len(weights):
        return PlacementResult(problem="set_cover", method="milp", status="optimal", objective=0.0, chosen=[],
                               chosen_ids=[], marginal_gains=[], bound=0.0, gap=0.0,
                               seconds=time.perf_counter() - started, uncoverable=_uncoverable(inst))
    if int(rows.sum()) > max_nonzeros:
        return greedy_set_cover(inst).model_copy(update={"seconds": time.perf_counter() - started})
    keep = undominated_sites(rows)
    solved = _cover_model(rows[:, keep], integral=True, time_limit=time_limit)
    chosen = [keep[c] for c in range(len(keep)) if solved.x[c] > 0.5]
    status: Status = "optimal" if solved.optimal else "time_limit"
    bound: float | None = float(len(chosen))
    if not solved.optimal:  # stopped before HiGHS had a dual bound (a very short time limit): no bound to give
        bound = float(math.ceil(solved.bound - 1e-6)) if math.isfinite(solved.bound) else None
    if not solved.optimal:
        greedy = greedy_set_cover(inst)
        if not chosen or greedy.objective < len(chosen):
            chosen = greedy.chosen
    plain = CoverageInstance(weights=inst.weights, site_ids=inst.site_ids, cover=inst.cover,
                             covered_before=inst.covered_before)
    order, gains = _order_by_gain(plain, chosen)
    return PlacementResult(
        problem="set_cover", method="milp", status=status, objective=float(len(order)), chosen=order,
        chosen_ids=[inst.site_ids[j] for j in order], marginal_gains=gains, bound=bound,
        gap=_gap(len(order), bound), seconds=time.perf_counter() - started, uncoverable=_uncoverable(inst),
    )


def undominated_sites(rows: BoolMatrix, capacities: FloatArray | None = None) -> list[int]:
    """The candidates worth a variable: drop any whose groups are a subset of another's (ties: higher index).

    Swapping a dominated site for its dominator never covers less, so both optima are unchanged.
    With capacities this holds only when they are all equal; otherwise every site is kept.
    """
    sites = rows.shape[1]
    if capacities is not None and len(set(capacities.tolist())) > 1:
        return list(range(sites))
    m = rows.astype(np.float32)
    size = m.sum(axis=0)
    common = m.T @ m  # common[a, b] = groups covered by both a and b
    keep = []
    for j in range(sites):
        if size[j] == 0:
            continue
        supersets = np.flatnonzero(common[j] >= size[j])  # b covers every group of j (b = j included)
        if any(size[b] > size[j] or b < j for b in supersets if b != j):
            continue
        keep.append(j)
    return keep


def _uncoverable(inst: CoverageInstance) -> float:
    lost = ~inst.covered_before & ~inst.cover.any(axis=1)
    return float(inst.weights[lost].sum())


def _check_k(k: int) -> None:
    if k < 1:
        raise ValueError(f"k must be ≥ 1 (got {k})")


# ── HiGHS models ─────────────────────────────────────────────────────────────────────────────


@dataclass(frozen=True)
class _Solved:
    optimal: bool
    objective: float
    bound: float
    x: FloatArray


def _highs(time_limit: float) -> highspy.Highs:
    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    h.setOptionValue("time_limit", float(time_limit))
    h.setOptionValue("mip_rel_gap", 0.0)
    h.setOptionValue("mip_abs_gap", 1e-7)
    h.setOptionValue("random_seed", 0)
    return h


def _add_cols(h: highspy.Highs, cost: FloatArray, lower: FloatArray, upper: FloatArray) -> None:
    n = len(cost)
    h.addCols(n, cost, lower, upper, 0, np.zeros(n, dtype=np.int32), np.zeros(0, dtype=np.int32), np.zeros(0))


def _add_rows(
    h: highspy.Highs, lower: FloatArray, upper: FloatArray, entries: list[tuple[list[int], list[float]]]
) -> None:
    starts = np.zeros(len(entries), dtype=np.int32)
    index: list[int] = []
    value: list[float] = []
    for r, (cols, vals) in enumerate(entries):
        starts[r] = len(index)
        index.extend(cols)
        value.extend(vals)
    h.addRows(len(entries), lower, upper, len(index), starts, np.asarray(index, dtype=np.int32),
              np.asarray(value, dtype=np.float64))


def _run(h: highspy.Highs, sites: int, integral: bool, sense: Literal["max", "min"]) -> _Solved:
    if integral:
        h.changeColsIntegrality(sites, np.arange(sites, dtype=np.int32),
                                np.full(sites, highspy.HighsVarType.kInteger.value, dtype=np.uint8))
    h.run()
    status = h.getModelStatus()
    info = h.getInfo()
    has_solution = info.primal_solution_status == highspy.SolutionStatus.kSolutionStatusFeasible.value
    x = np.asarray(h.getSolution().col_value[:sites], dtype=np.float64) if has_solution else np.zeros(sites)
    objective = float(info.objective_function_value) if has_solution else (0.0 if sense == "max" else math.inf)
    bound = float(info.mip_dual_bound) if integral else objective
    return _Solved(optimal=status == highspy.HighsModelStatus.kOptimal, objective=objective, bound=bound, x=x)


def _mclp_model(
    weights: FloatArray, rows: BoolMatrix, k: int, capacities: FloatArray | None, *, integral: bool,
    time_limit: float, start: Sequence[int] | None = None,
) -> _Solved:
    groups, sites = rows.shape
    h = _highs(time_limit)
    h.changeObjectiveSense(highspy.ObjSense.kMaximize)
    _add_cols(h, np.zeros(sites), np.zeros(sites), np.ones(sites))
    covering = [np.flatnonzero(rows[g]).tolist() for g in range(groups)]
    if capacities is None:
        _add_cols(h, weights, np.zeros(groups), np.ones(groups))
        _add_rows(h, np.full(groups, -math.inf), np.zeros(groups),
                  [([sites + g, *cols], [1.0] + [-1.0] * len(cols)) for g, cols in enumerate(covering)])
    else:
        pairs = [(g, j) for g, cols in enumerate(covering) for j in cols]
        n = len(pairs)
        _add_cols(h, np.ones(n), np.zeros(n), np.full(n, math.inf))
        by_group: list[list[int]] = [[] for _ in range(groups)]
        by_site: list[list[int]] = [[] for _ in range(sites)]
        for p, (g, j) in enumerate(pairs):
            by_group[g].append(sites + p)
            by_site[j].append(sites + p)
        _add_rows(h, np.full(groups, -math.inf), weights, [(cols, [1.0] * len(cols)) for cols in by_group])
        finite = np.where(np.isfinite(capacities), capacities, float(weights.sum()))
        _add_rows(h, np.full(sites, -math.inf), np.zeros(sites),
                  [([*by_site[j], j], [1.0] * len(by_site[j]) + [-float(finite[j])]) for j in range(sites)])
    _add_rows(h, np.array([-math.inf]), np.array([float(k)]), [(list(range(sites)), [1.0] * sites)])
    if integral and start is not None and capacities is None:
        x = np.zeros(sites)
        x[list(start)] = 1.0
        y = rows[:, list(start)].any(axis=1).astype(np.float64)
        values = np.concatenate([x, y])
        h.setSolution(len(values), np.arange(len(values), dtype=np.int32), values)
    return _run(h, sites, integral, "max")


def _cover_model(rows: BoolMatrix, *, integral: bool, time_limit: float) -> _Solved:
    groups, sites = rows.shape
    h = _highs(time_limit)
    _add_cols(h, np.ones(sites), np.zeros(sites), np.ones(sites))
    _add_rows(h, np.ones(groups), np.full(groups, math.inf),
              [(np.flatnonzero(rows[g]).tolist(), [1.0] * int(rows[g].sum())) for g in range(groups)])
    return _run(h, sites, integral, "min")


