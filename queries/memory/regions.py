"""The region queries over networkx, row for row like `region_organisations`, `region_gap`,
`occupation_demand`, `evaluation_deserts`, `demand_history`, `demand_years`, `supply_outlook` and `supply_history`."""

from collections import defaultdict
from typing import Any

import networkx as nx

from queries.memory.graph import current_in, current_out, has_label, in_edges, kind, nodes_with_label, out_edges, props

Row = dict[str, Any]


def organisations_of(graph: nx.MultiDiGraph, region_kind: str, region_id: str | None) -> set[str]:
    """The ids of a region's organisations: the region block of the Cypher files."""
    if region_kind == "city":
        return set(nodes_with_label(graph, "Organisation"))
    if region_kind == "district":
        districts = [region_id] if region_id is not None and has_label(graph, region_id, "District") else []
    elif region_kind == "county_12":
        districts = [d for d in nodes_with_label(graph, "District") if props(graph, d).get("is_county_12") is True]
    elif region_kind == "chain":
        if region_id is None or not has_label(graph, region_id, "Chain"):
            return set()
        return {o for o, _ in in_edges(graph, region_id, "MEMBER_OF", "Organisation")}
    elif region_kind == "cluster":
        if region_id is None or not has_label(graph, region_id, "Cluster"):
            return set()
        found = {e for e, _ in in_edges(graph, region_id, "IN_CLUSTER", "Enterprise")}
        for chain, _ in in_edges(graph, region_id, "IN_CLUSTER", "Chain"):
            found |= {o for o, _ in in_edges(graph, chain, "MEMBER_OF", "Organisation")}
        return found
    else:
        return set()
    return {o for d in districts for o, _ in in_edges(graph, d, "LOCATED_IN", "Organisation")}


def _region(graph: nx.MultiDiGraph, params: dict[str, Any]) -> list[str]:
    return sorted(organisations_of(graph, params["region_kind"], params["region_id"]))


def region_organisations(graph: nx.MultiDiGraph, params: dict[str, Any]) -> list[Row]:
    return [
        {"id": o, "kind": kind(graph, o), "name_zh": props(graph, o).get("name_zh"),
         "district": props(graph, o).get("district")}
        for o in _region(graph, params)
    ]


def _demands(graph: nx.MultiDiGraph, enterprise: str, params: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    """The enterprise's DEMANDS that pass the `$year` and `$skill_levels` filters."""
    year, levels = params["year"], params.get("skill_levels")
    return [
        (occ, d)
        for occ, d in out_edges(graph, enterprise, "DEMANDS", "Occupation")
        if (year is None or d.get("year") == year) and (levels is None or d.get("skill_level") in levels)
    ]


def _summary_region(region: str) -> dict[str, Any]:
    """A summary query's `region` (a district id, or "city") as a region query's parameters."""
    return {"region_kind": "city", "region_id": None} if region == "city" else {"region_kind": "district",
                                                                               "region_id": region}


def gap_summary(graph: nx.MultiDiGraph, params: dict[str, Any]) -> list[Row]:
    """region_gap of a district or the city: the embedded store keeps no summaries and sums the graph."""
    return region_gap(graph, {**_summary_region(params["region"]), "year": params["year"],
                              "skill_levels": params["skill_levels"]})


def desert_summary(graph: nx.MultiDiGraph, params: dict[str, Any]) -> list[Row]:
    """evaluation_deserts of a district or the city: the embedded store keeps no summaries and reads the graph."""
    return evaluation_deserts(graph, {**_summary_region(params["region"]), "year": params["year"]})


def region_gap(graph: nx.MultiDiGraph, params: dict[str, Any]) -> list[Row]:
    levels_filter: list[str] | None = params["skill_levels"]
    demand: dict[str, int] = defaultdict(int)
    declared: dict[str, int] = defaultdict(int)
    demand_levels: dict[str, set[str]] = defaultdict(set)
    graduates: dict[str, int] = defaultdict(int)
    training: dict[str, int] = defaultdict(int)
    evaluations: dict[str, list[tuple[int, list[str]]]] = defaultdict(list)
    for o in _region(graph, params):
        if has_label(graph, o, "Enterprise"):
            for occ, d in _demands(graph, o, params):
                demand[occ] += d["headcount"]
                declared[occ] += d["headcount"] if d.get("shortage") is True else 0
                demand_levels[occ].add(d["skill_level"])
        if has_label(graph, o, "School"):
            for major, f in current_out(graph, o, "OFFERS", "Major"):
                for occ, _ in out_edges(graph, major, "PREPARES_FOR", "Occupation"):
                    graduates[occ] += f["graduates_per_year"]
        for occ, t in current_out(graph, o, "TRAINS", "Occupation"):
            trained = t.get("levels") or []
            if levels_filter is None or not trained or any(level in levels_filter for level in trained):
                training[occ] += t["capacity_per_year"]
        for occ, v in current_out(graph, o, "EVALUATES", "Occupation"):
            evaluations[occ].append((v["capacity_per_year"], v.get("levels") or []))
    rows = []
    for occ in sorted(demand_levels):
        p = props(graph, occ)
        rows.append({
            "occupation_id": occ,
            "name_zh": p.get("name_zh"),
            "name_en": p.get("name_en"),
            "cluster_ids": sorted(k for k, _ in out_edges(graph, occ, "IN_CLUSTER", "Cluster")),
            "priority_fields": list(p.get("priority_fields") or []),
            "demand": demand[occ],
            "declared_shortage": declared[occ],
            "demand_levels": sorted(demand_levels[occ]),
            "graduates": graduates[occ],
            "training_capacity": training[occ],
            # an evaluation body counts once if it covers any demanded level
            "evaluation_capacity": sum(
                capacity for capacity, levels in evaluations[occ] if set(levels) & demand_levels[occ]
            ),
        })
    return rows


def occupation_demand(graph: nx.MultiDiGraph, params: dict[str, Any]) -> list[Row]:
    demand: dict[str, int] = defaultdict(int)
    for e in nodes_with_label(graph, "Enterprise"):
        for occ, d in _demands(graph, e, params):
            demand[occ] += d["headcount"]
    return [{"occupation_id": occ, "demand": demand[occ]} for occ in sorted(demand)]


def evaluation_deserts(graph: nx.MultiDiGraph, params: dict[str, Any]) -> list[Row]:
    region = _region(graph, params)
    reach = {place for o in region for place, _ in out_edges(graph, o, "LOCATED_IN", "District")}
    demand: dict[tuple[str, str], dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for e in region:
        if not has_label(graph, e, "Enterprise"):
            continue
        for occ, d in _demands(graph, e, {**params, "skill_levels": None}):
            demand[occ, d["skill_level"]][e] += d["headcount"]
    # only the evaluators are needed: reading every supplier of each occupation costs seconds at city scale
    evaluations: dict[str, list[tuple[str, list[str], str]]] = {}
    located: dict[str, bool] = {}
    chains_of: dict[str, set[str]] = {}
    rows = []
    for occ, level in sorted(demand):
        if occ not in evaluations:
            evaluations[occ] = [(b, v.get("levels") or [], scope) for b, v in current_in(graph, occ, "EVALUATES",
                                                                                          "Organisation")
                                if (scope := _filing_scope(graph, b, occ)) is not None]
        evaluators = {(b, scope) for b, levels, scope in evaluations[occ] if level in levels}
        for b, _ in evaluators:
            if b not in located:
                located[b] = any(place in reach for place, _ in out_edges(graph, b, "LOCATED_IN", "District"))
        in_reach = [(b, scope) for b, scope in evaluators if located[b]]
        firms = demand[occ, level]
        unserved = {} if any(scope == "public" for _, scope in in_reach) else {
            firm: n for firm, n in firms.items()
            if not any(_serves(graph, b, scope, firm, chains_of) for b, scope in in_reach)}
        rows.append({
            "occupation_id": occ,
            "name_zh": props(graph, occ).get("name_zh"),
            "skill_level": level,
            "headcount": sum(firms.values()),
            "enterprises": len(firms),
            "evaluators_in_reach": len(in_reach),
            "evaluators_in_city": len(evaluators),
            "unserved_headcount": sum(unserved.values()),
            "unserved_enterprises": len(unserved),
        })
    return rows


def _filing_scope(graph: nx.MultiDiGraph, evaluator: str, occupation: str) -> str | None:
    """Whom the evaluator may evaluate the occupation for: its skill-track filing's scope (no filing: the public),
    or None when its filing excludes the occupation."""
    for end, f in out_edges(graph, evaluator, "FILED", "Occupation"):
        if end == occupation and f.get("track", "skill") == "skill":
            return None if f.get("excluded_reason") is not None else str(f.get("scope", "public"))
    return "public"


def _chains(graph: nx.MultiDiGraph, org: str, cache: dict[str, set[str]]) -> set[str]:
    if org not in cache:
        cache[org] = {c for rel in ("MEMBER_OF", "LEADS") for c, _ in out_edges(graph, org, rel, "Chain")}
    return cache[org]


def _serves(graph: nx.MultiDiGraph, evaluator: str, scope: str, firm: str, chains: dict[str, set[str]]) -> bool:
    if scope == "public" or evaluator == firm:
        return True
    return scope == "chain_members" and bool(_chains(graph, evaluator, chains) & _chains(graph, firm, chains))


def demand_history(graph: nx.MultiDiGraph, params: dict[str, Any]) -> list[Row]:
    levels = params.get("skill_levels")
    had: dict[tuple[str, str, int], int] = defaultdict(int)
    planned: dict[tuple[str, str, int], int] = defaultdict(int)
    for e in _region(graph, params):
        if not has_label(graph, e, "Enterprise"):
            continue
        districts = [d for d, _ in out_edges(graph, e, "LOCATED_IN", "District")]
        for occ, d in out_edges(graph, e, "DEMANDS", "Occupation"):
            if levels is not None and d.get("skill_level") not in levels:
                continue
            for district in districts:
                key = (occ, district, d["year"])
                (planned if d.get("plan") else had)[key] += d["headcount"]
                (had if d.get("plan") else planned)[key] += 0
    return [{"occupation_id": occ, "district_id": dist, "year": year, "headcount": had[occ, dist, year],
             "planned": planned[occ, dist, year]} for occ, dist, year in sorted(had)]


def demand_years(graph: nx.MultiDiGraph, params: dict[str, Any]) -> list[Row]:
    had: dict[int, int] = defaultdict(int)
    planned: dict[int, int] = defaultdict(int)
    for e in nodes_with_label(graph, "Enterprise"):
        for _, d in out_edges(graph, e, "DEMANDS", "Occupation"):
            (planned if d.get("plan") else had)[d["year"]] += d["headcount"]
            (had if d.get("plan") else planned)[d["year"]] += 0
    return [{"year": year, "headcount": had[year], "planned": planned[year]} for year in sorted(had)]


def supply_outlook(graph: nx.MultiDiGraph, params: dict[str, Any]) -> list[Row]:
    levels = params.get("skill_levels")
    sums: dict[tuple[str, str, str | None], list[int]] = defaultdict(lambda: [0, 0, 0])
    for o in _region(graph, params):
        if has_label(graph, o, "School"):
            school_type = props(graph, o).get("school_type")
            for major, f in current_out(graph, o, "OFFERS", "Major"):
                for occ, _ in out_edges(graph, major, "PREPARES_FOR", "Occupation"):
                    found = sums[occ, "graduates", school_type]
                    found[0] += f["graduates_per_year"]
                    enrolment = f.get("enrolment")
                    found[1] += enrolment or 0
                    found[2] += f["graduates_per_year"] if enrolment is None else 0
        for occ, t in current_out(graph, o, "TRAINS", "Occupation"):
            covered = t.get("levels") or []
            if levels is None or not covered or set(covered) & set(levels):
                sums[occ, "training", None][0] += t["capacity_per_year"]
        for occ, v in current_out(graph, o, "EVALUATES", "Occupation"):
            if levels is None or set(v.get("levels") or []) & set(levels):
                sums[occ, "evaluation", None][0] += v["capacity_per_year"]
    return [{"occupation_id": occ, "part": part, "school_type": school_type, "amount": a, "enrolled": e,
             "not_enrolled": n}
            for (occ, part, school_type), (a, e, n) in sorted(sums.items(), key=lambda kv: (kv[0][0], kv[0][1],
                                                                                         kv[0][2] or ""))]


def supply_history(graph: nx.MultiDiGraph, params: dict[str, Any]) -> list[Row]:
    levels = params.get("skill_levels")
    sums: dict[tuple[str, int, str, str | None], list[int]] = defaultdict(lambda: [0, 0])
    for o in _region(graph, params):
        if has_label(graph, o, "School"):
            school_type = props(graph, o).get("school_type")
            for major, f in out_edges(graph, o, "OFFERS", "Major"):
                if f.get("year") is not None:
                    for occ, _ in out_edges(graph, major, "PREPARES_FOR", "Occupation"):
                        found = sums[occ, f["year"], "graduates", school_type]
                        found[0] += f["graduates_per_year"]
                        found[1] += f.get("enrolment") or 0
        for occ, t in out_edges(graph, o, "TRAINS", "Occupation"):
            covered = t.get("levels") or []
            if t.get("year") is not None and (levels is None or not covered or set(covered) & set(levels)):
                sums[occ, t["year"], "training", None][0] += t["capacity_per_year"]
        for occ, v in out_edges(graph, o, "EVALUATES", "Occupation"):
            if v.get("year") is not None and (levels is None or set(v.get("levels") or []) & set(levels)):
                sums[occ, v["year"], "evaluation", None][0] += v["capacity_per_year"]
    return [{"occupation_id": occ, "year": year, "part": part, "school_type": school_type, "amount": a,
             "enrolled": e}
            for (occ, year, part, school_type), (a, e) in sorted(sums.items(),
                                                                 key=lambda kv: (*kv[0][:3], kv[0][3] or ""))]
