"""Skills ecosystem chains: one per leader, its members in each link (LEADS, MEMBER_OF)."""

import datetime as dt
from functools import partial

from graph_model.enums import EnterpriseRole, LinkRole, PriorityField

from .common import pair, random_date, weighted_sample
from .state import ChainRef, Org, State
from .tables import CHAIN_FIELD_BY_SECTOR, CHAIN_SIZE


def generate_chains(state: State) -> None:
    state.progress.phase("chains")
    rng, spec = state.rng, state.spec
    leaders = [e for e in state.enterprises if EnterpriseRole.CHAIN_LEADER in e.roles]
    by_cluster: dict[str, list[Org]] = {}
    by_sector: dict[str, list[Org]] = {}
    for e in state.enterprises:
        by_sector.setdefault(e.sector, []).append(e)
        for c in e.clusters:
            by_cluster.setdefault(c, []).append(e)
    first_low_altitude = next((i for i, e in enumerate(leaders) if e.sector == PriorityField.LOW_ALTITUDE_ECONOMY), -1)
    for i, leader in enumerate(leaders):
        chain_id = f"chain-{i + 1:04d}"
        sector = state.sectors[leader.sector]
        clusters = tuple(leader.clusters[:2])
        focus_zh = sector.name_zh
        fields: list[str] = [sector.priority_field] if sector.priority_field else []
        cluster_field = _chain_field(sector.key)
        if not fields and cluster_field and rng.random() < 0.6:
            fields.append(cluster_field)
        lo, hi = CHAIN_SIZE[sector.tier]
        size = max(20, min(300, round(rng.randint(lo, hi) * spec.chain_size_factor)))
        shares = {LinkRole.INDUSTRY: rng.uniform(0.55, 0.7), LinkRole.TEACHING: rng.uniform(0.08, 0.14),
                  LinkRole.TRAINING: rng.uniform(0.08, 0.15), LinkRole.EVALUATION: rng.uniform(0.04, 0.09),
                  LinkRole.EMPLOYMENT: rng.uniform(0.05, 0.1)}
        missing: LinkRole | None = None
        if i == first_low_altitude:
            missing = LinkRole.TRAINING  # the low-altitude gap: nobody trains for this chain
        elif i > 0 and rng.random() < 0.12:
            missing = rng.choice((LinkRole.TRAINING, LinkRole.EVALUATION, LinkRole.EMPLOYMENT, LinkRole.TEACHING))
        if missing is not None:
            shares[missing] = 0.0
        total_share = sum(shares.values())
        counts = {role: max(2, round(size * s / total_share)) if s else 0 for role, s in shares.items()}
        counts[LinkRole.INDUSTRY] = size - sum(n for role, n in counts.items() if role != LinkRole.INDUSTRY)
        founded = random_date(rng, dt.date(2024, 3, 1), dt.date(2025, 11, 30))
        industry_pool = by_sector.get(sector.key, []) + [e for c in clusters for e in by_cluster.get(c, [])]
        industry_pool = [e for e in dict.fromkeys(industry_pool) if e is not leader]
        industry = weighted_sample(rng, industry_pool, [3.0 if e.roles else 1.0 for e in industry_pool],
                                   counts[LinkRole.INDUSTRY] - 1)
        members: list[tuple[Org, LinkRole]] = [(leader, LinkRole.INDUSTRY)]
        members += [(e, LinkRole.INDUSTRY) for e in industry]
        relevant = set(sector.codes)
        teaching_pool = state.schools + state.institutes
        teaching_w = [5.0 if relevant.intersection(o.occupations) or o.sector == sector.key else 1.0
                      for o in teaching_pool]
        members += [(o, LinkRole.TEACHING)
                    for o in weighted_sample(rng, teaching_pool, teaching_w, counts[LinkRole.TEACHING])]
        training_w = [4.0 if relevant.intersection(o.occupations) else 1.0 for o in state.trainers]
        members += [(o, LinkRole.TRAINING)
                    for o in weighted_sample(rng, state.trainers, training_w, counts[LinkRole.TRAINING])]
        in_chain = {o.id for o, _ in members}
        eval_pool = state.evaluators + [e for e in industry_pool if e.filed and e.id not in in_chain]
        eval_w = [4.0 if relevant.intersection(o.occupations) else 1.0 for o in eval_pool]
        members += [(o, LinkRole.EVALUATION)
                    for o in weighted_sample(rng, eval_pool, eval_w, counts[LinkRole.EVALUATION])]
        members += [(o, LinkRole.EMPLOYMENT)
                    for o in rng.sample(state.employment, min(len(state.employment), counts[LinkRole.EMPLOYMENT]))]
        if len(members) < 20:  # a thin industry: the chain recruits firms from outside its clusters
            in_chain = {o.id for o, _ in members}
            outside = [e for e in state.enterprises if e.id not in in_chain]
            members += [(e, LinkRole.INDUSTRY) for e in rng.sample(outside, 20 - len(members))]
        if clusters and sector.key != PriorityField.LOW_ALTITUDE_ECONOMY:
            focus_zh = state.clusters[clusters[0]]["name_zh"]
        # Chains are known by their leader (each leader leads one chain).
        zh, en = state.unique_name(partial(pair, f"{leader.short}产教评技能生态链",
                                           f"{leader.short_en} Skills Ecosystem Chain"))
        state.sink.write("chain", {"id": chain_id, "name_zh": zh, "name_en": en, "cluster_ids": list(clusters),
                                   "priority_fields": fields, "founded": founded})
        state.sink.write("leads", {"start": leader.id, "end": chain_id})
        for org, role in members:
            joined = founded if org is leader else random_date(rng, founded)
            state.sink.write("member_of", {"start": org.id, "end": chain_id, "link_role": role.value,
                                           "joined": joined})
        state.chains.append(ChainRef(chain_id, leader, clusters, focus_zh))


def _chain_field(sector_key: str) -> str | None:
    found = CHAIN_FIELD_BY_SECTOR.get(sector_key)
    return found.value if found else None
