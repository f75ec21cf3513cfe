"""What firms DEMAND: headcount per occupation and skill level, this year and next, with shortages."""

import math
from itertools import accumulate

from graph_model import reference as ref
from graph_model.enums import EnterpriseRole

from .common import distinct_choices
from .state import State
from .tables import DEMAND_LEVEL_WEIGHTS, LEVEL_HEADCOUNT_FACTOR


def generate_demands(state: State) -> None:
    state.progress.phase("demands")
    rng = state.rng
    ranks = tuple(range(1, 9))
    all_cum = list(accumulate(DEMAND_LEVEL_WEIGHTS))
    common_cum = list(accumulate(DEMAND_LEVEL_WEIGHTS[:6]))
    low_altitude = set(state.low_altitude)
    digital = {code for code, o in ref.occupation_focus().items() if o.get("is_digital_inferred")}
    write = state.sink.writer_for("demands", ("start", "end", "headcount", "skill_level", "year", "shortage", "plan"))
    random_, gauss, levels, demanded, stated = rng.random, rng.gauss, state.levels, state.demanded, state.stated
    for n_done, ent in enumerate(state.enterprises):
        if EnterpriseRole.CHAIN_LEADER in ent.roles:
            n_occ, level_cum = rng.randint(10, 16), all_cum
        elif EnterpriseRole.INDUSTRY_LEADER in ent.roles:
            n_occ, level_cum = rng.randint(7, 14), common_cum
        elif ent.roles:
            n_occ, level_cum = rng.randint(4, 9), common_cum
        else:
            n_occ, level_cum = rng.randint(3, 8), common_cum
        sector = state.sectors[ent.sector]
        codes = distinct_choices(rng, sector.codes, sector.cum, n_occ)
        firm_demand: dict[str, int] = {}
        state.firm_demand[ent.id] = firm_demand
        # Openings of about a fortieth of the staff per level drawn, shared by the curated weights.
        chosen_weight = sum(sector.weights[c] for c in codes)
        for code in codes:
            log_per_occupation = math.log(max(1.0, ent.size * sector.weights[code] / (40 * chosen_weight)))
            n_levels = rng.choice((1, 2, 2, 3, 3))
            chosen_ranks = sorted(set(rng.choices(ranks[: len(level_cum)], cum_weights=level_cum, k=n_levels)))
            base_shortage = 0.65 if code in low_altitude else 0.27 if code in digital else 0.12
            for rank in chosen_ranks:
                headcount = math.exp(gauss(log_per_occupation, 0.7)) * LEVEL_HEADCOUNT_FACTOR[rank - 1]
                shortage_p = base_shortage + (0.25 if rank >= 5 else 0.0)
                level = levels[rank - 1]
                # Stated for this year, forecast for next (with growth), or both; never neither.
                this_year, next_year = random_() < 0.85, random_() < 0.75
                if this_year or not next_year:
                    count = max(1, round(headcount))
                    demanded[code] += count
                    firm_demand[code] = firm_demand.get(code, 0) + count
                    if stated is not None:
                        stated.append((ent, code, level, count))
                    write((ent.id, code, str(count), level, "2025",
                           "true" if random_() < shortage_p else "false", "false"))
                if next_year:
                    write((ent.id, code, str(max(1, round(headcount * (0.9 + 0.45 * random_())))), level,
                           "2026", "true" if random_() < shortage_p else "false", "true"))
        if n_done % 1000 == 999:
            state.progress.tick(3000)
