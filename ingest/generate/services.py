"""Employment and HR service bodies and research institutes."""

from functools import partial

from .common import district_short_en, pair
from .sectors import Sector
from .state import Org, State
from .tables import SECTOR_HOME_DISTRICTS


def generate_services(state: State) -> None:
    """Employment and HR service bodies (a public one per district, the rest private) and research institutes."""
    state.progress.phase("employment services and research institutes")
    rng, spec = state.rng, state.spec
    district_cum = state.district_cum()
    for i in range(spec.employment_services):
        es_id = f"es-{i + 1:05d}"
        public = i < len(state.district_ids)
        district = state.district_ids[i] if public else state.pick_district(district_cum)
        d = state.districts[district]
        if public:
            zh, en = state.unique_name(partial(
                pair, f"重庆市{d['name_zh']}就业和人才服务中心",
                f"Chongqing {district_short_en(d)} Employment and Talent Service Centre"))
        else:

            def make() -> tuple[str, str]:
                brand, brand_en = state.brand()
                kind, kind_en = rng.choice((("人力资源服务有限公司", "Human Resources Service Co., Ltd."),
                                            ("人力资源管理有限公司", "Human Resources Management Co., Ltd."),
                                            ("人才服务有限公司", "Talent Service Co., Ltd.")))
                return f"重庆{brand}{kind}", f"Chongqing {brand_en} {kind_en}"

            zh, en = state.unique_name(make)
        founded = state.founded(1990, 8.0)
        lat, lng = state.position(district)
        state.sink.write("employment_service", {
            "id": es_id, "name_zh": zh, "name_en": en,
            "uscc": state.uscc("12" if public else "91", district, founded),
            "district": district, "lat": lat, "lng": lng, "founded": founded,
        })
        state.employment.append(Org(es_id, "employment_service", zh, en, district))
    sector_keys = [k for k, s in state.sectors.items() if s.cluster_ids]
    for i in range(spec.research_institutes):
        ri_id = f"ri-{i + 1:05d}"
        sector = state.sectors[rng.choice(sector_keys)]
        homes = {d: 3.0 for d in SECTOR_HOME_DISTRICTS.get(sector.key, ())}
        district = state.pick_district(state.district_cum(homes))

        def make_institute(s: Sector = sector) -> tuple[str, str]:
            brand, brand_en = state.brand()
            word, word_en = rng.choice(s.words)
            kind, kind_en = rng.choice((("研究院", "Research Institute"), ("研究所", "Research Institute"),
                                        ("技术研究院", "Technology Research Institute"),
                                        ("创新研究院", "Innovation Institute")))
            return f"重庆{brand}{word}{kind}", f"Chongqing {brand_en} {word_en} {kind_en}"

        zh, en = state.unique_name(make_institute)
        founded = state.founded(1955, 15.0)
        lat, lng = state.position(district)
        state.sink.write("research_institute", {
            "id": ri_id, "name_zh": zh, "name_en": en, "uscc": state.uscc("12", district, founded),
            "district": district, "lat": lat, "lng": lng, "founded": founded,
        })
        state.institutes.append(Org(ri_id, "research_institute", zh, en, district, sector=sector.key))
    state.progress.tick(spec.employment_services + spec.research_institutes)
