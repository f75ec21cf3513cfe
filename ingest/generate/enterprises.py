"""Enterprises: sector, roles, size, place and name of every firm, chain leaders first."""

from itertools import accumulate

from graph_model import reference as ref
from graph_model.enums import EnterpriseRole, PriorityField

from .common import largest_remainder, lognormal_int
from .sectors import Sector
from .state import Org, State
from .tables import (
    BRANDS,
    CHAIN_TIER_WEIGHT,
    CITY_ONLY_SECTORS,
    FIELD_SECTORS,
    LEADER_MEDIAN_EMPLOYEES,
    OLDEST_FOUNDED,
    SECTOR_HOME_DISTRICTS,
)


def generate_enterprises(state: State) -> None:
    state.progress.phase("enterprises")
    spec, rng = state.spec, state.rng
    sector_keys = list(state.sector_share)
    sector_cum = list(accumulate(state.sector_share[k] for k in sector_keys))
    district_cum = {
        key: state.district_cum(
            {d: 6.0 if d in state.county_12 else 3.0 for d in SECTOR_HOME_DISTRICTS.get(key, ())},
            county_factor=0.3 if key in CITY_ONLY_SECTORS else 1.0,
        )
        for key in sector_keys
    }
    slots = _chain_slots(state)
    for i in range(spec.enterprises):
        if i < len(slots):
            sector_key = slots[i]
            roles: tuple[str, ...] = (EnterpriseRole.CHAIN_LEADER.value, EnterpriseRole.INDUSTRY_LEADER.value)
        else:
            sector_key = rng.choices(sector_keys, cum_weights=sector_cum)[0]
            r = rng.random()
            if r < 0.014:
                roles = (EnterpriseRole.INDUSTRY_LEADER.value,)
            elif r < 0.021:
                roles = (EnterpriseRole.SPECIALISED_SME.value, EnterpriseRole.LITTLE_GIANT.value)
            elif r < 0.131:
                roles = (EnterpriseRole.SPECIALISED_SME.value,)
            else:
                roles = ()
        _enterprise(state, f"ent-{i + 1:06d}", state.sectors[sector_key], roles, district_cum[sector_key])
        if i % 500 == 0:
            state.progress.tick(500)


def _chain_slots(state: State) -> list[str]:
    """The sector of each chain's leader: chains by cluster tier, then priority-field chains."""
    weights = {c["id"]: CHAIN_TIER_WEIGHT[c["tier"]] for c in ref.clusters()}
    slots = [k for k, n in largest_remainder(weights, state.spec.cluster_chains).items() for _ in range(n)]
    fields = [f.key for f in FIELD_SECTORS if f.priority_field != PriorityField.LOW_ALTITUDE_ECONOMY]
    slots += [fields[i % len(fields)] for i in range(state.spec.field_chains)]
    slots += [PriorityField.LOW_ALTITUDE_ECONOMY.value] * state.spec.low_altitude_chains
    return slots


def _enterprise(
    state: State, ent_id: str, sector: Sector, roles: tuple[str, ...], district_cum: list[float]
) -> None:
    rng = state.rng
    leader = EnterpriseRole.CHAIN_LEADER in roles
    district = state.pick_district(district_cum)
    while leader and district in state.county_12:  # chain leaders are big firms of the main city
        district = state.pick_district(district_cum)
    leader_median = LEADER_MEDIAN_EMPLOYEES[sector.tier]
    if leader:
        employees = lognormal_int(rng, leader_median, 0.8, leader_median // 5, 80000)
    elif EnterpriseRole.INDUSTRY_LEADER in roles:
        employees = lognormal_int(rng, round(leader_median * 0.3), 0.7, leader_median // 15, 30000)
    elif EnterpriseRole.LITTLE_GIANT in roles:
        employees = lognormal_int(rng, 500, 0.5, 100, 3000)
    elif EnterpriseRole.SPECIALISED_SME in roles:
        employees = lognormal_int(rng, 180, 0.7, 20, 2000)
    else:
        employees = lognormal_int(rng, 45, 0.9, 3, 1500)
    big = employees >= 1000
    for attempt in range(10_000):
        brand, brand_en = state.brand()
        if attempt >= 100:  # two-character brands of this trade are running out
            extra = rng.choice(BRANDS)
            brand, brand_en = brand + extra[0], brand_en + extra[1].lower()
        word, word_en = rng.choice(sector.words)
        # Brand plus trade is what people call a firm, so that pair is kept unique.
        if f"重庆{brand}{word}" not in state.used_names:
            break
    short, short_en = f"重庆{brand}{word}", f"Chongqing {brand_en} {word_en}"
    state.used_names.add(short)
    suffix = "股份有限公司" if big and rng.random() < 0.5 else rng.choice(("有限公司", "有限公司", "有限责任公司"))
    zh, en = short + suffix, f"{short_en} Co., Ltd."
    clusters = list(sector.cluster_ids)
    for c in list(clusters):
        parent = state.clusters[c].get("parent_id")
        if parent and rng.random() < 0.5:
            clusters.append(parent)
    if rng.random() < 0.12 and not leader:  # some firms supply a second cluster
        other = rng.choice(state.cluster_ids)
        if other not in clusters:
            clusters.append(other)
    founded = state.founded(OLDEST_FOUNDED.get(sector.key, OLDEST_FOUNDED.get(sector.tier, 1950)), 20.0 if big else 9.0)
    filed = leader or (
        EnterpriseRole.INDUSTRY_LEADER in roles and rng.random() < 0.45
    ) or (EnterpriseRole.LITTLE_GIANT in roles and rng.random() < 0.2)
    lat, lng = state.position(district)
    org = Org(ent_id, "enterprise", short, short_en, district, sector.key, tuple(clusters), roles,
              employees, filed=filed, founded=founded.year)
    state.enterprises.append(org)
    row = {
        "id": ent_id, "name_zh": zh, "name_en": en, "uscc": state.uscc("91", district, founded),
        "district": district, "lat": lat, "lng": lng, "founded": founded, "roles": list(roles),
        "cluster_ids": clusters, "employees": employees, "filed_evaluation_body": filed,
        "cross_track_evaluation": filed and rng.random() < 0.15,
    }
    org.cross_track = bool(row["cross_track_evaluation"])
    state.sink.write("enterprise", row)
