"""Training providers and who TRAINS which occupations: providers, vocational schools, leading firms."""

from itertools import accumulate
from typing import Any

from graph_model.enums import EnterpriseRole

from .common import distinct_choices, district_short_en, lognormal_int
from .state import Org, State
from .tables import SECTOR_HOME_DISTRICTS


def generate_training_providers(state: State) -> None:
    state.progress.phase("training providers")
    rng, spec = state.rng, state.spec
    district_cum = state.district_cum()
    low_altitude = set(rng.sample(range(spec.training_providers), spec.low_altitude_trainers))
    sector_keys = list(state.sector_share)
    sector_cum = list(accumulate(state.sector_share[k] for k in sector_keys))
    for i in range(spec.training_providers):
        tp_id = f"tp-{i + 1:05d}"
        district = state.pick_district(district_cum)
        if i in low_altitude:
            # The few drone-pilot schools sit where the low-altitude firms are.
            district = rng.choice(SECTOR_HOME_DISTRICTS["low_altitude_economy"])
        d = state.districts[district]

        def make(d: dict[str, Any] = d) -> tuple[str, str]:
            brand, brand_en = state.brand()
            if rng.random() < 0.5:
                return (f"重庆市{d['name_zh']}{brand}职业培训学校",
                        f"Chongqing {district_short_en(d)} {brand_en} Vocational Training School")
            kind, kind_en = rng.choice((("职业技能培训学校", "Vocational Skills Training School"),
                                        ("技能培训中心", "Skills Training Centre"),
                                        ("职业培训学校", "Vocational Training School")))
            return f"重庆{brand}{kind}", f"Chongqing {brand_en} {kind_en}"

        zh, en = state.unique_name(make)
        if rng.random() < 0.5:  # specialised in one industry
            sector = state.sectors[rng.choices(sector_keys, cum_weights=sector_cum)[0]]
            codes = distinct_choices(rng, sector.codes, sector.cum, rng.randint(4, 18))
            codes += distinct_choices(rng, state.supply_codes, state.supply_cum, rng.randint(3, 10))
        else:
            codes = distinct_choices(rng, state.supply_codes, state.supply_cum, rng.randint(10, 45))
        codes = [c for c in dict.fromkeys(codes) if c not in state.low_altitude]
        if i in low_altitude:
            codes += list(state.low_altitude[:2])
        for code in codes:
            top = state.top_rank(district, (35, 45, 20), (3, 4, 5))
            state.sink.write("trains", {
                "start": tp_id, "end": code, "capacity_per_year": lognormal_int(rng, 40, 0.9, 5, 800),
                "levels": state.level_range(1 if rng.random() < 0.1 else 2, top),
            })
        founded = state.founded(1995, 8.0)
        lat, lng = state.position(district)
        state.sink.write("training_provider", {
            "id": tp_id, "name_zh": zh, "name_en": en, "uscc": state.uscc("52", district, founded),
            "district": district, "lat": lat, "lng": lng, "founded": founded, "discoverable": state.discoverable(),
        })
        state.trainers.append(Org(tp_id, "training_provider", zh, en, district, occupations=tuple(codes)))
    state.progress.tick(spec.training_providers)
    # Vocational and technical schools also train adult workers (measure 3).
    for school in state.schools:
        if school.school_type == "university":
            continue
        own = [c for c in school.occupations if c not in state.low_altitude]
        codes = rng.sample(own, min(len(own), rng.randint(4, 12)))
        top = 5 if school.school_type == "technical_school" else 4
        for code in codes:
            state.sink.write("trains", {
                "start": school.id, "end": code, "capacity_per_year": lognormal_int(rng, 40, 0.7, 5, 500),
                "levels": state.level_range(2, state.top_rank(school.district, (1.0,), (top,))),
            })


def generate_enterprise_training(state: State) -> None:
    """Leading firms train their own trades (measure 3), from apprentice level up."""
    rng = state.rng
    for ent in state.enterprises:
        if EnterpriseRole.CHAIN_LEADER in ent.roles:
            n = rng.randint(5, 15)
        elif EnterpriseRole.INDUSTRY_LEADER in ent.roles:
            n = rng.randint(2, 8)
        elif ent.roles and rng.random() < 0.08:
            n = rng.randint(1, 4)
        else:
            continue
        sector = state.sectors[ent.sector]
        for code in distinct_choices(rng, sector.codes, sector.cum, n):
            if code in state.low_altitude:
                continue
            state.sink.write("trains", {
                "start": ent.id, "end": code, "capacity_per_year": lognormal_int(rng, 30, 0.9, 3, 600),
                "levels": state.level_range(1, state.top_rank(ent.district, (50, 50), (4, 5))),
            })
