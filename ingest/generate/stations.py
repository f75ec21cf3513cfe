"""Eco-parks and the service stations that SERVE chains, PART_OF a park where one is at hand."""

import datetime as dt
from functools import partial

from .common import district_short_en, pair, random_date, weighted_sample
from .state import State
from .tables import DISTRICT_WEIGHT


def generate_stations(state: State) -> None:
    """Eco-parks, the existing service stations (in parks where one is at hand) and whom they serve."""
    state.progress.phase("service stations and eco-parks")
    rng, spec = state.rng, state.spec
    park_districts = weighted_sample(rng, state.district_ids,
                                     [DISTRICT_WEIGHT.get(d, 0.5) if d not in state.county_12 else 0.0
                                      for d in state.district_ids], spec.eco_parks)
    parks: dict[str, str] = {}
    for i, district in enumerate(park_districts):
        park_id = f"park-{i + 1:03d}"
        d = state.districts[district]
        lat, lng = state.position(district, 0.02)
        state.sink.write("eco_park", {"id": park_id, "name_zh": f"{d['name_zh']}技能人才生态园区",
                                      "name_en": f"{district_short_en(d)} Skills Talent Eco-Park",
                                      "district": district, "lat": lat, "lng": lng})
        parks[district] = park_id
    # Stations sit next to chain leaders in the main city; the counties have none yet.
    candidates = [c for c in state.chains if c.leader.district not in state.county_12]
    anchors = rng.sample(candidates, min(len(candidates), spec.service_stations))
    for i, (chain_id, leader, clusters, focus_zh) in enumerate(anchors):
        station_id = f"station-{i + 1:03d}"
        d = state.districts[leader.district]
        zh, en = state.unique_name(partial(pair, f"{d['name_zh']}{focus_zh}产教评技能生态链服务站",
                                           f"{district_short_en(d)} Skills Ecosystem Service Station"))
        lat = min(32.4, max(27.6, d["lat"] + rng.gauss(0, 0.02)))
        lng = min(110.4, max(105.1, d["lng"] + rng.gauss(0, 0.02)))
        state.sink.write("service_station", {
            "id": station_id, "name_zh": zh, "name_en": en, "district": leader.district,
            "lat": f"{lat:.5f}", "lng": f"{lng:.5f}", "opened": random_date(rng, dt.date(2024, 9, 1)),
        })
        others = [c for c in state.chains if c.id != chain_id and (c.leader.district == leader.district
                                                                     or set(c.clusters) & set(clusters))]
        if not others:  # a station with no neighbour chain reaches out to chains elsewhere
            others = [c for c in state.chains if c.id != chain_id]
        served = [chain_id] + [c.id for c in rng.sample(others, min(len(others), rng.randint(1, 6)))]
        for served_id in served:
            state.sink.write("serves", {"start": station_id, "end": served_id})
        if leader.district in parks:
            state.sink.write("part_of", {"start": station_id, "end": parks[leader.district]})
