"""Evaluation bodies and who EVALUATES which occupations: the bodies and the firms filed as one."""

from functools import partial
from itertools import accumulate

from graph_model.enums import EnterpriseRole, EvaluationBodyType

from .common import distinct_choices, district_short_en, lognormal_int, pair
from .sectors import Sector
from .state import Org, State
from .tables import SECTOR_HOME_DISTRICTS


def generate_evaluation_bodies(state: State) -> None:
    state.progress.phase("evaluation bodies")
    rng, spec = state.rng, state.spec
    # Evaluation bodies cluster in the main city even more than firms do.
    district_cum = state.district_cum(county_factor=0.5)
    low_altitude = set(rng.sample(range(spec.evaluation_bodies), spec.low_altitude_evaluators))
    types = (EvaluationBodyType.SOCIAL_ORGANISATION, EvaluationBodyType.SCHOOL, EvaluationBodyType.PUBLIC,
             EvaluationBodyType.ENTERPRISE)
    school_hosts = rng.sample(state.schools, len(state.schools))
    public_districts: set[str] = set()
    sector_keys = list(state.sector_share)
    sector_cum = list(accumulate(state.sector_share[k] for k in sector_keys))
    for i in range(spec.evaluation_bodies):
        eb_id = f"eb-{i + 1:05d}"
        body_type = rng.choices(types, weights=(55, 20, 15, 10))[0]
        if body_type == EvaluationBodyType.SCHOOL and not school_hosts:
            body_type = EvaluationBodyType.SOCIAL_ORGANISATION
        district = state.pick_district(district_cum)
        if i in low_altitude:
            district = rng.choice(SECTOR_HOME_DISTRICTS["low_altitude_economy"])
        if body_type == EvaluationBodyType.PUBLIC and district in public_districts:
            body_type = EvaluationBodyType.SOCIAL_ORGANISATION
        sector = state.sectors[rng.choices(sector_keys, cum_weights=sector_cum)[0]]
        school_id = ""
        if body_type == EvaluationBodyType.SCHOOL:
            host = school_hosts.pop()
            school_id = host.id
            district = host.district
            zh, en = state.unique_name(partial(pair, f"{host.short}职业技能等级认定站",
                                               f"{host.short_en} Skill Evaluation Station"))
            prefix = "12"
        elif body_type == EvaluationBodyType.PUBLIC:
            public_districts.add(district)
            d = state.districts[district]
            zh, en = state.unique_name(partial(pair, f"重庆市{d['name_zh']}职业技能鉴定中心",
                                               f"Chongqing {district_short_en(d)} Skill Testing Centre"))
            prefix = "12"
        else:

            def make(s: Sector = sector, t: EvaluationBodyType = body_type) -> tuple[str, str]:
                brand, brand_en = state.brand()
                if t == EvaluationBodyType.ENTERPRISE:
                    word, word_en = rng.choice(s.words)
                    return (f"重庆{brand}{word}职业技能等级认定中心",
                            f"Chongqing {brand_en} {word_en} Skill Level Certification Centre")
                return (f"重庆{brand}{s.name_zh}职业技能评价中心",
                        f"Chongqing {brand_en} {s.name_en} Skill Evaluation Centre")

            zh, en = state.unique_name(make)
            prefix = "91" if body_type == EvaluationBodyType.ENTERPRISE else "52"
        if rng.random() < 0.5:
            codes = distinct_choices(rng, sector.codes, sector.cum, rng.randint(4, 14))
            codes += distinct_choices(rng, state.supply_codes, state.supply_cum, rng.randint(2, 10))
        else:
            codes = distinct_choices(rng, state.supply_codes, state.supply_cum, rng.randint(8, 40))
        codes = [c for c in dict.fromkeys(codes) if c not in state.low_altitude]
        if i in low_altitude:
            codes += list(state.low_altitude[:2])
        for code in codes:
            top = state.top_rank(district, (45, 35, 20), (4, 5, 6))
            state.sink.write("evaluates", {
                "start": eb_id, "end": code, "levels": state.level_range(2, top),
                "capacity_per_year": lognormal_int(rng, 80, 0.9, 10, 1500),
            })
        founded = state.founded(1995, 10.0)
        lat, lng = state.position(district)
        row = {
            "id": eb_id, "name_zh": zh, "name_en": en, "uscc": state.uscc(prefix, district, founded),
            "district": district, "lat": lat, "lng": lng, "founded": founded, "discoverable": state.discoverable(),
            "body_type": body_type.value, "cross_track_evaluation": rng.random() < 0.12,
        }
        state.sink.write("evaluation_body", row)
        state.evaluators.append(Org(eb_id, "evaluation_body", zh, en, district, sector=sector.key,
                                    occupations=tuple(codes), founded=founded.year, body_type=body_type.value,
                                    host=school_id, cross_track=bool(row["cross_track_evaluation"])))
    state.progress.tick(spec.evaluation_bodies)
    # Enterprises filed as evaluation bodies (measure 7) evaluate their own trades; a few
    # chain leaders in the 新八级 pilots go up to principal and chief technician.
    pilots = 0
    for ent in state.enterprises:
        if not ent.filed:
            continue
        sector = state.sectors[ent.sector]
        codes = [c for c in distinct_choices(rng, sector.codes, sector.cum, rng.randint(2, 8))
                 if c not in state.low_altitude]
        pilot = (EnterpriseRole.CHAIN_LEADER in ent.roles and ent.district not in state.county_12
                 and pilots < spec.eight_level_pilots)
        pilots += 1 if pilot else 0
        for code in codes:
            top = rng.choice((7, 8)) if pilot else state.top_rank(ent.district, (40, 40, 20), (4, 5, 6))
            state.sink.write("evaluates", {
                "start": ent.id, "end": code, "levels": state.level_range(2, top),
                "capacity_per_year": lognormal_int(rng, 30, 0.8, 5, 600),
            })
        ent.occupations = tuple(codes)
