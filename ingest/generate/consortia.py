"""City industry-education consortia and industry communities, with the organisations PART_OF them."""


from graph_model import reference as ref
from graph_model.enums import ConsortiumKind

from .common import district_short_en, weighted_sample
from .state import State
from .tables import CHAIN_TIER_WEIGHT, DISTRICT_WEIGHT


def generate_consortia(state: State) -> None:
    state.progress.phase("consortia")
    rng, spec = state.rng, state.spec
    lo, hi = spec.consortium_size
    city_districts = weighted_sample(
        rng, state.district_ids, [DISTRICT_WEIGHT.get(d, 0.5) for d in state.district_ids], spec.city_consortia)
    n = 0
    for district in city_districts:
        n += 1
        d = state.districts[district]
        cons_id = f"cons-{n:03d}"
        state.sink.write("consortium", {"id": cons_id, "name_zh": f"重庆市{d['name_zh']}市域产教联合体",
                                        "name_en": f"{district_short_en(d)} City Industry-Education Consortium",
                                        "kind": ConsortiumKind.CITY_CONSORTIUM.value})
        local = [o for o in state.schools + state.trainers + state.institutes if o.district == district]
        local_firms = [e for e in state.enterprises if e.district == district]
        size = rng.randint(lo, hi)
        local = rng.sample(local, min(len(local), size // 3))
        members = local + rng.sample(local_firms, min(len(local_firms), size - len(local)))
        for org in members:
            state.sink.write("part_of", {"start": org.id, "end": cons_id})
    cluster_w = [CHAIN_TIER_WEIGHT[c["tier"]] for c in ref.clusters()]
    cluster_ids = [c["id"] for c in ref.clusters()]
    for cluster in weighted_sample(rng, cluster_ids, cluster_w, spec.industry_communities):
        n += 1
        c = state.clusters[cluster]
        cons_id = f"cons-{n:03d}"
        state.sink.write("consortium", {"id": cons_id, "name_zh": f"重庆{c['name_zh']}行业产教融合共同体",
                                        "name_en": f"Chongqing {c['name_en']} Industry-Education Community",
                                        "kind": ConsortiumKind.INDUSTRY_COMMUNITY.value})
        codes = set(state.sectors[cluster].codes)
        schools = [s for s in state.schools if codes.intersection(s.occupations)]
        firms = [e for e in state.enterprises if cluster in e.clusters]
        institutes = [r for r in state.institutes if r.sector == cluster]
        size = rng.randint(lo, hi)
        members = (rng.sample(schools, min(len(schools), size // 4))
                   + rng.sample(institutes, min(len(institutes), 3))
                   + weighted_sample(rng, firms, [5.0 if e.roles else 1.0 for e in firms], size - size // 4))
        for org in members:
            state.sink.write("part_of", {"start": org.id, "end": cons_id})
