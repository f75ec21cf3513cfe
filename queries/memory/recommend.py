"""The recommendation queries over networkx, row for row like `enterprise_demand`, `district_gap`,
`station_sites`, `partner_suppliers` and `partner_ties`."""

from collections import defaultdict
from typing import Any

import networkx as nx

from queries.memory.graph import current_in, current_out, has_label, in_edges, kind, nodes_with_label, out_edges, props
from queries.memory.regions import organisations_of

Row = dict[str, Any]


def _float(value: Any) -> float | None:
    return None if value is None else float(value)


def _place(graph: nx.MultiDiGraph, district: str | None) -> dict[str, Any]:
    return props(graph, district) if district is not None and has_label(graph, district, "District") else {}


def _position(graph: nx.MultiDiGraph, node_id: str) -> tuple[float | None, float | None]:
    """Where a node is: its own coordinates, else its district's seat (else the district's centre)."""
    p = props(graph, node_id)
    place = _place(graph, p.get("district"))

    def first(*values: Any) -> float | None:
        return _float(next((v for v in values if v is not None), None))

    return (first(p.get("lat"), place.get("seat_lat"), place.get("lat")),
            first(p.get("lng"), place.get("seat_lng"), place.get("lng")))


def _in_year(d: dict[str, Any], year: int | None) -> bool:
    return year is None or d.get("year") == year


def enterprise_demand(graph: nx.MultiDiGraph, params: dict[str, Any]) -> list[Row]:
    occupations, cluster = params["occupation_ids"], params["cluster_id"]
    rows = []
    for o in sorted(organisations_of(graph, params["region_kind"], params["region_id"])):
        if not has_label(graph, o, "Enterprise") or params["enterprise_id"] not in (None, o):
            continue
        headcount: dict[tuple[str, str], int] = defaultdict(int)
        for occ, d in out_edges(graph, o, "DEMANDS", "Occupation"):
            if not _in_year(d, params["year"]) or (occupations is not None and occ not in occupations):
                continue
            if cluster is not None and all(k != cluster for k, _ in out_edges(graph, occ, "IN_CLUSTER", "Cluster")):
                continue
            headcount[occ, d["skill_level"]] += d["headcount"]
        p = props(graph, o)
        lat, lng = _position(graph, o)
        for occ, level in sorted(headcount):
            rows.append({
                "enterprise_id": o, "name_zh": p.get("name_zh"), "district": p.get("district"), "lat": lat,
                "lng": lng, "occupation_id": occ, "occupation_name_zh": props(graph, occ).get("name_zh"),
                "occupation_name_en": props(graph, occ).get("name_en"),
                "skill_level": level, "headcount": headcount[occ, level],
            })
    return rows


def district_gap(graph: nx.MultiDiGraph, params: dict[str, Any]) -> list[Row]:
    occupations = params["occupation_ids"]
    demand: dict[tuple[str, str], int] = defaultdict(int)
    for e in nodes_with_label(graph, "Enterprise"):
        places = [d for d, _ in out_edges(graph, e, "LOCATED_IN", "District")]
        for occ, d in out_edges(graph, e, "DEMANDS", "Occupation"):
            if _in_year(d, params["year"]) and (occupations is None or occ in occupations):
                for place in places:
                    demand[place, occ] += d["headcount"]
    graduates: dict[tuple[str, str], int] = defaultdict(int)
    training: dict[tuple[str, str], int] = defaultdict(int)
    for place in {place for place, _ in demand}:
        for o, _ in in_edges(graph, place, "LOCATED_IN", "Organisation"):
            if has_label(graph, o, "School"):
                for major, f in current_out(graph, o, "OFFERS", "Major"):
                    for occ, _ in out_edges(graph, major, "PREPARES_FOR", "Occupation"):
                        graduates[place, occ] += f["graduates_per_year"]
            for occ, t in current_out(graph, o, "TRAINS", "Occupation"):
                training[place, occ] += t["capacity_per_year"]
    return [
        {"district": place, "occupation_id": occ, "demand": demand[place, occ],
         "graduates": graduates[place, occ], "training_capacity": training[place, occ]}
        for place, occ in sorted(demand)
    ]


_SITE_KINDS: tuple[tuple[str, str, str | None, str], ...] = (
    ("service_station", "ServiceStation", None, ""),
    ("district_seat", "District", None, ""),
    ("eco_park", "EcoPark", None, ""),
    ("school", "School", "students", "min_students"),
    ("enterprise", "Enterprise", "employees", "min_employees"),
)


def station_sites(graph: nx.MultiDiGraph, params: dict[str, Any]) -> list[Row]:
    rows = []
    for site_kind, label, size_key, threshold in _SITE_KINDS:
        for s in sorted(nodes_with_label(graph, label)):
            p = props(graph, s)
            size = p.get(size_key) if size_key else None
            if size_key and (size is None or size < params[threshold]):
                continue
            district: str | None = s
            if site_kind == "district_seat":
                lat, lng = _float(p.get("seat_lat", p.get("lat"))), _float(p.get("seat_lng", p.get("lng")))
            else:
                district = p.get("district")
                lat, lng = _position(graph, s)
            rows.append({"kind": site_kind, "id": s, "name_zh": p.get("name_zh"), "name_en": p.get("name_en"),
                         "district": district,
                         "lat": lat, "lng": lng, "size": size})
    return sorted(rows, key=lambda r: (r["kind"], r["id"]))


def partner_suppliers(graph: nx.MultiDiGraph, params: dict[str, Any]) -> list[Row]:
    found: list[tuple[str, str, str, int, list[str]]] = []
    for occ in params["occupation_ids"] or ():  # null: no occupation (`IN null` matches nothing in Cypher)
        if not has_label(graph, occ, "Occupation"):
            continue
        graduates: dict[str, int] = defaultdict(int)
        for major, _ in in_edges(graph, occ, "PREPARES_FOR", "Major"):
            for school, f in current_in(graph, major, "OFFERS", "School"):
                graduates[school] += f["graduates_per_year"]
        found += [(o, occ, "graduates", n, []) for o, n in graduates.items()]
        found += [
            (o, occ, "training", t["capacity_per_year"], list(t.get("levels") or []))
            for o, t in current_in(graph, occ, "TRAINS", "Organisation")
            if any(has_label(graph, o, label) for label in ("School", "TrainingProvider", "EvaluationBody"))
        ]
        found += [
            (o, occ, "evaluation", v["capacity_per_year"], list(v.get("levels") or []))
            for o, v in current_in(graph, occ, "EVALUATES", "EvaluationBody")
        ]
    partners: dict[str, set[str]] = {}
    rows = []
    for o, occ, part, amount, levels in sorted(found, key=lambda f: (f[0], f[1], f[2])):
        if o not in partners:
            partners[o] = {p for p in _partners(graph, o) if has_label(graph, p, "Enterprise")}
        committed = sum(
            d["headcount"] for p in partners[o] for end, d in out_edges(graph, p, "DEMANDS", "Occupation")
            if end == occ and _in_year(d, params["year"])
        )
        p = props(graph, o)
        lat, lng = _position(graph, o)
        rows.append({"id": o, "kind": kind(graph, o), "name_zh": p.get("name_zh"), "name_en": p.get("name_en"),
                     "district": p.get("district"),
                     "lat": lat, "lng": lng, "occupation_id": occ, "part": part, "amount": amount, "levels": levels,
                     "committed": committed, "discoverable": p.get("discoverable") is True})
    return rows


def _partners(graph: nx.MultiDiGraph, node_id: str) -> set[str]:
    return ({p for p, _ in out_edges(graph, node_id, "PARTNERS_WITH", "Organisation")}
            | {p for p, _ in in_edges(graph, node_id, "PARTNERS_WITH", "Organisation")})


def partner_ties(graph: nx.MultiDiGraph, params: dict[str, Any]) -> list[Row]:
    target = params["target_id"]
    peers: set[tuple[str, str, str | None]] = set()
    if has_label(graph, target, "Enterprise"):
        for chain, _ in out_edges(graph, target, "MEMBER_OF", "Chain"):
            peers |= {(o, "chain", chain) for o, _ in in_edges(graph, chain, "MEMBER_OF", "Organisation")
                      if o != target}
        for cluster, _ in out_edges(graph, target, "IN_CLUSTER", "Cluster"):
            peers |= {(e, "cluster", None) for e, _ in in_edges(graph, cluster, "IN_CLUSTER", "Enterprise")
                      if e != target}
        peers.add((target, "self", None))
    elif has_label(graph, target, "Chain"):
        peers |= {(o, "chain", target) for o, _ in in_edges(graph, target, "MEMBER_OF", "Organisation")}
        for cluster, _ in out_edges(graph, target, "IN_CLUSTER", "Cluster"):
            peers |= {(e, "cluster", None) for e, _ in in_edges(graph, cluster, "IN_CLUSTER", "Enterprise")}
            for other, _ in in_edges(graph, cluster, "IN_CLUSTER", "Chain"):
                if other != target:
                    peers |= {(o, "cluster", other) for o, _ in in_edges(graph, other, "MEMBER_OF", "Organisation")}
    rows = {
        (partner, peer, via, chain)
        for peer, via, chain in peers
        for partner in _partners(graph, peer)
        if partner != target
    }
    return [{"partner_id": p, "peer_id": q, "via": v, "chain_id": c}
            for p, q, v, c in sorted(rows, key=lambda r: (r[0], r[1], r[2], r[3] is None, r[3] or ""))]
