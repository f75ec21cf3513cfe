"""The three-chain fixture's organisations with seven years of demand (2019–2025) and firms' plans for 2026,
small enough to work every trend out by hand.

    A (汽车装调工)  e1 万州  100, 110, …, 160 (+10 a year)    plan 2026: 175
                   e3 奉节   30 every year
    W (焊工)       e2 万州   10 every year;  e3 奉节 8 every year
    C (养老护理员)  e4 沙坪坝 80, 75, …, 50 (−5 a year)
    R (工业机器人系统运维员) e5 沙坪坝 0, 0, 0, 0, 4, 8, 12 (new)

Supply, as in the fixture: A 60 graduates (s1's m1, which admits 90 a year to a three-year programme) + 50
training (t1), in 万州; W 30 graduates + 30 training; C 20 graduates; R none.
"""

from graph_model.relationships import Demands, Offers, Relationship
from store.base import GraphStore
from tests.fixtures import load
from tests.queries.fixture import NODES, RELATIONSHIPS, A, C, R, W

YEARS = tuple(range(2019, 2026))

SERIES: dict[tuple[str, str, str], list[int]] = {
    ("e1", A, "senior_worker"): [100 + 10 * i for i in range(7)],
    ("e3", A, "intermediate_worker"): [30] * 7,
    ("e2", W, "intermediate_worker"): [10] * 7,
    ("e3", W, "senior_worker"): [8] * 7,
    ("e4", C, "intermediate_worker"): [80 - 5 * i for i in range(7)],
    ("e5", R, "technician"): [0, 0, 0, 0, 4, 8, 12],
}
PLANS = [Demands(start="e1", end=A, headcount=175, skill_level="senior_worker", year=2026, plan=True)]

DEMANDS: list[Relationship] = [
    Demands(start=e, end=occ, headcount=n, skill_level=level, year=year)
    for (e, occ, level), values in SERIES.items() for year, n in zip(YEARS, values, strict=True) if n
]

HISTORY_RELATIONSHIPS: list[Relationship] = [
    *(Offers(start="s1", end="m1", graduates_per_year=60, enrolment=90) if isinstance(r, Offers) and r.end == "m1"
      else r for r in RELATIONSHIPS if not isinstance(r, Demands)),
    *DEMANDS, *PLANS,
]


def load_history(store: GraphStore) -> None:
    store.apply_schema()
    load(store, NODES, HISTORY_RELATIONSHIPS)
