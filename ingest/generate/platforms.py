"""Skill platforms (studios, bases, academies) and the organisations that HOST them."""

import datetime as dt
from functools import partial
from itertools import accumulate

from graph_model.enums import EnterpriseRole, PlatformKind, PlatformLevel

from .common import pair, random_date
from .measures import partner_countries
from .state import Org, State
from .tables import PLATFORM_KINDS_BY_HOST


def generate_platforms(state: State) -> None:
    state.progress.phase("platforms")
    rng = state.rng
    hosts: list[Org] = []
    weights: list[float] = []
    for e in state.enterprises:
        w = (20.0 if EnterpriseRole.CHAIN_LEADER in e.roles else 8.0 if EnterpriseRole.INDUSTRY_LEADER in e.roles
             else 3.0 if EnterpriseRole.LITTLE_GIANT in e.roles else 1.0 if e.roles else 0.03)
        hosts.append(e)
        weights.append(w)
    school_w = {"university": 6.0, "higher_vocational": 10.0, "secondary_vocational": 4.0, "technical_school": 10.0}
    for s in state.schools:
        hosts.append(s)
        weights.append(school_w[s.school_type])
    for o in state.trainers + state.institutes:
        hosts.append(o)
        weights.append(0.6)
    host_cum = list(accumulate(weights))
    kind_tables = {k: ([kind for kind, _ in v], list(accumulate(w for _, w in v)))
                   for k, v in PLATFORM_KINDS_BY_HOST.items()}
    level_cum = list(accumulate((3.0, 32.0, 65.0)))
    levels = (PlatformLevel.NATIONAL, PlatformLevel.MUNICIPAL, PlatformLevel.DISTRICT)
    for i in range(state.spec.platforms):
        host = rng.choices(hosts, cum_weights=host_cum)[0]
        kinds, kcum = kind_tables[host.kind]
        kind = rng.choices(kinds, cum_weights=kcum)[0]
        level = rng.choices(levels, cum_weights=level_cum)[0]
        if kind in (PlatformKind.DIGITAL_SKILLS_PILOT_ZONE, PlatformKind.INTERNATIONAL_CERTIFICATION_STATION):
            level = PlatformLevel.MUNICIPAL  # these are designated by the city
        trade = ""
        if kind in (PlatformKind.SKILL_MASTER_STUDIO, PlatformKind.CRAFTSMAN_INNOVATION_STUDIO):
            # Studios are named after their master's trade.
            trades = host.occupations or (state.sectors[host.sector].codes if host.sector else ())
            trade = state.occupation_names[rng.choice(trades)] if trades else ""
        kind_en = kind.value.replace("_", " ").title()
        zh, en = state.unique_name(
            partial(pair, f"{host.short}{trade}{kind.label_zh}", f"{host.short_en} {kind_en}"))
        plat_id = f"plat-{i + 1:05d}"
        countries = (partner_countries(state.seed, plat_id)
                     if kind == PlatformKind.INTERNATIONAL_CERTIFICATION_STATION else [])
        state.sink.write("platform", {"id": plat_id, "name_zh": zh, "name_en": en, "kind": kind.value,
                                      "level": level.value, "district": host.district,
                                      "founded": random_date(rng, dt.date(2010, 1, 1)),
                                      "partner_countries": countries})
        state.sink.write("hosts", {"start": host.id, "end": plat_id})
    state.progress.tick(state.spec.platforms)
