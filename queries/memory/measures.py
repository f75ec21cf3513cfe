"""The measure queries over networkx, row for row like `measure_tally`, `measure_chains` and `wage_reference`."""

from collections import defaultdict
from collections.abc import Sequence
from typing import Any

import networkx as nx

from queries.memory.graph import current_out, has_label, in_edges, kind, nodes_with_label, out_edges, props
from queries.memory.regions import organisations_of

Row = dict[str, Any]


LISTS = ("consortia", "partner_countries")
"""The tally's lists: a region's is the ordered union of its organisations'."""


def measure_tally(graph: nx.MultiDiGraph, params: dict[str, Any]) -> list[Row]:
    year, by = params["year"], params["by"]
    sums: dict[str | None, dict[str, Any]] = {}
    high = frozenset(level for level in nodes_with_label(graph, "SkillLevel")
                     if props(graph, level).get("is_high_skill"))
    for o in organisations_of(graph, params["region_kind"], params["region_id"]):
        tally = _tally(graph, _facts(graph, o, year), high)
        for group in _groups(graph, o, by):
            total = sums.setdefault(group, {name: set() if name in LISTS else 0 for name in tally})
            for name, value in tally.items():
                total[name] = total[name] | set(value) if name in LISTS else total[name] + value
    return [{"group": group, "tally": {name: sorted(v) if name in LISTS else v for name, v in sums[group].items()}}
            for group in sorted(sums, key=lambda g: (g is None, g or ""))]


def _groups(graph: nx.MultiDiGraph, o: str, by: str | None) -> Sequence[str | None]:
    """The districts, chains or clusters an organisation counts in (`$by` of measure_tally)."""
    if by == "district":
        return sorted({d for d, _ in out_edges(graph, o, "LOCATED_IN", "District")})
    chains = {c for c, _ in out_edges(graph, o, "MEMBER_OF", "Chain")}
    if by == "chain":
        return sorted(chains)
    if by == "cluster":
        own = {k for k, _ in out_edges(graph, o, "IN_CLUSTER", "Cluster")} if kind(graph, o) == "Enterprise" else set()
        return sorted(own | {k for c in chains for k, _ in out_edges(graph, c, "IN_CLUSTER", "Cluster")})
    return [None]


def _tally(graph: nx.MultiDiGraph, f: Row, high: frozenset[str]) -> Row:
    """One organisation's counts and sums in a year, as the map `t` of measure_tally (`high`: the high-skill
    levels)."""
    firm, school = f["kind"] == "Enterprise", f["kind"] == "School"
    evaluator = f["kind"] in ("Enterprise", "EvaluationBody")
    reports = [(metric, props(graph, metric).get("group"), value) for metric, value in f["reports"]]

    def metric(name: str) -> list[float]:
        return [v for m, _, v in reports if m == name]

    def group(name: str) -> list[float]:
        return [v for _, g, v in reports if g == name]

    staffed = firm and bool(f["workforce"])
    used, frontline, drawn = metric("education_fund_used"), metric("education_fund_frontline"), \
        metric("education_fund_drawn")
    funded, drawing = bool(used) and bool(frontline), bool(drawn) and bool(used)
    kinds, partnerships = f["platform_kinds"], f["partnership_kinds"]
    honours = sum(group("honour"))
    return {
        "organisations": 1,
        "enterprises": int(firm),
        "evaluators": int(evaluator),
        "schools": int(school),
        "employment_services": int(f["kind"] == "EmploymentService"),
        "platforms": len(kinds),
        "hosts": int(bool(kinds)),
        "digital_pilot_zones": kinds.count("digital_skills_pilot_zone"),
        "international_stations": kinds.count("international_certification_station"),
        "industry_colleges": partnerships.count("industry_college"),
        "order_classes": partnerships.count("order_class") + partnerships.count("named_class"),
        "consortia": f["consortia"],
        "partner_countries": f["partner_countries"],
        "digital_training": f["digital_training"],
        "graduates": f["graduates"],
        "excluded_filings": f["excluded_filings"],
        "cross_track_filings": f["cross_track_filings"],
        "cross_track_filers": int(f["cross_track_filings"] > 0),
        "filed_evaluators": int(evaluator and f["skill_filings"] > 0),
        "filed_enterprises": int(firm and f["skill_filings"] > 0),
        "certificates": f["certificates"],
        "dual_certificates": f["dual_certificates"],
        "certifying": int(f["certificates"] > 0),
        "staffed": int(staffed),
        "workers": sum(n for _, n in f["workforce"]) if staffed else 0,
        "high_workers": sum(n for level, n in f["workforce"] if level in high) if staffed else 0,
        "high_workers_honours": honours if staffed else 0,
        "upskilling_trainees": sum(metric("upskilling_trainees")),
        "upskilling_reporters": int(bool(metric("upskilling_trainees"))),
        "training_subsidy": sum(metric("training_subsidy")),
        "training_subsidy_reporters": int(bool(metric("training_subsidy"))),
        "international_trainees": sum(metric("international_trainees")),
        "international_reporters": int(bool(group("international"))),
        "honours": honours,
        "honours_reporters": int(bool(group("honour"))),
        "competition_awards": sum(group("competition")),
        "competition_reporters": int(bool(group("competition"))),
        "fund_reporters": int(funded),
        "fund_used": sum(used) if funded else 0,
        "fund_frontline": sum(frontline) if funded else 0,
        "fund_target_met": int(funded and sum(frontline) >= 0.6 * sum(used)),
        "fund_drawn_reporters": int(drawing),
        "fund_drawn": sum(drawn) if drawing else 0,
        "fund_drawn_used": sum(used) if drawing else 0,
        "apprenticing": int(firm and (f["apprentices"] > 0 or f["apprentices_finished"] > 0)),
        "apprentices": f["apprentices"] if firm else 0,
        "apprentices_finished": f["apprentices_finished"] if firm else 0,
        "apprentices_completed": f["apprentices_completed"] if firm else 0,
        "apprentices_certified": f["apprentices_certified"] if firm else 0,
        "demand": f["demand"] if firm else 0,
        "demanding": int(firm and f["demand"] > 0),
        "apprenticed_demand": f["apprenticed_demand"] if firm else 0,
        "digital_demand": f["digital_demand"] if firm else 0,
    }


def _facts(graph: nx.MultiDiGraph, o: str, year: int) -> Row:
    """What one organisation holds for the 13 measures in a year (what `_tally` counts and sums)."""
    year_start, year_end = f"{year}-01-01", f"{year}-12-31"
    edges: dict[str, list[tuple[str, dict[str, Any]]]] = defaultdict(list)
    for _, end, data in graph.out_edges(o, data=True):
        edges[data["type"]].append((end, data["props"]))
    certified = [p for _, p in edges["CERTIFIED"] if p.get("year") == year]
    cohorts = [(occ, p) for occ, p in edges["APPRENTICES"] if p["cohort"] <= year]
    finished = [p for _, p in cohorts if p.get("completed") is not None]
    recent = {occ for occ, p in cohorts if year - 2 <= p["cohort"]}
    demands = [(occ, p) for occ, p in edges["DEMANDS"] if p.get("year") == year and not p.get("plan")]
    filings = [p for _, p in edges["FILED"]]
    platforms = [props(graph, p) for p, _ in edges["HOSTS"] if has_label(graph, p, "Platform")]

    def digital(occ: str) -> bool:
        return props(graph, occ).get("is_digital") is True

    return {
        "id": o,
        "kind": kind(graph, o),
        "district": props(graph, o).get("district"),
        "employees": props(graph, o).get("employees"),
        "memberships": sorted([c, p["link_role"]] for c, p in edges["MEMBER_OF"] if has_label(graph, c, "Chain")),
        "clusters": sorted(k for k, _ in edges["IN_CLUSTER"] if has_label(graph, k, "Cluster")),
        "workforce": sorted([level, p["workers"]] for level, p in edges["EMPLOYS"]
                            if p.get("year") == year and p.get("occupation") is None),
        "reports": sorted([m, p["value"]] for m, p in edges["REPORTS"] if p.get("year") == year),
        "certificates": sum(p["certificates"] for p in certified),
        "dual_certificates": sum(p.get("dual_certificates", 0) for p in certified),
        "apprentices": sum(p["trainees"] for _, p in cohorts if p["cohort"] == year),
        "apprentices_finished": sum(p["trainees"] for p in finished),
        "apprentices_completed": sum(p["completed"] for p in finished),
        "apprentices_certified": sum(p.get("certified") or 0 for p in finished),
        "demand": sum(p["headcount"] for _, p in demands),
        "apprenticed_demand": sum(p["headcount"] for occ, p in demands if occ in recent),
        "digital_demand": sum(p["headcount"] for occ, p in demands if digital(occ)),
        "digital_training": sum(p["capacity_per_year"] for occ, p in current_out(graph, o, "TRAINS", "Occupation")
                                if digital(occ)),
        "graduates": sum(p["graduates_per_year"] for _, p in current_out(graph, o, "OFFERS", "Major")),
        "skill_filings": sum(
            1 for f in filings
            if f.get("track") == "skill" and f.get("excluded_reason") is None
            and f.get("filed", year_start) <= year_end and f.get("valid_until", year_end) >= year_start),
        "excluded_filings": sum(1 for f in filings if f.get("excluded_reason") is not None),
        "cross_track_filings": sum(1 for f in filings
                                   if f.get("track") == "cross_track" and f.get("excluded_reason") is None),
        "platform_kinds": sorted(p["kind"] for p in platforms),
        "partner_countries": sorted({c for p in platforms for c in p.get("partner_countries") or []}),
        "partnership_kinds": sorted(p["kind"] for other, p in edges["PARTNERS_WITH"]
                                    if has_label(graph, other, "Organisation")),
        "consortia": sorted(k for k, _ in edges["PART_OF"] if has_label(graph, k, "Consortium")),
    }


def measure_chains(graph: nx.MultiDiGraph, params: dict[str, Any]) -> list[Row]:
    chain_id, cluster_id, districts = params["chain_id"], params["cluster_id"], params["leader_district_ids"]
    chains = [c for c in sorted(nodes_with_label(graph, "Chain"))
              if (chain_id is None or c == chain_id)
              and (cluster_id is None or any(k == cluster_id for k, _ in out_edges(graph, c, "IN_CLUSTER", "Cluster")))
              and (districts is None or any(props(graph, e).get("district") in districts
                                            for e, _ in in_edges(graph, c, "LEADS", "Enterprise")))]
    rows = []
    for c in chains:
        leaders = sorted(e for e, _ in in_edges(graph, c, "LEADS", "Enterprise"))
        memberships = list(in_edges(graph, c, "MEMBER_OF", "Organisation"))
        members = {o for o, _ in memberships}
        hosts = members | {o for o, _ in in_edges(graph, c, "LEADS", "Organisation")}
        rows.append({
            "id": c,
            "name_zh": props(graph, c).get("name_zh"),
            "name_en": props(graph, c).get("name_en"),
            "leaders": leaders,
            "leader_districts": sorted({props(graph, e)["district"] for e in leaders}),
            "cluster_ids": sorted(k for k, _ in out_edges(graph, c, "IN_CLUSTER", "Cluster")),
            "links": sorted({p["link_role"] for _, p in memberships}),
            "platform_kinds": sorted({props(graph, p)["kind"] for o in hosts
                                      for p, _ in out_edges(graph, o, "HOSTS", "Platform")}),
            "leader_filed": any(f.get("track") == "skill" and f.get("excluded_reason") is None
                                for e in leaders for _, f in out_edges(graph, e, "FILED", "Occupation")),
            "members": len(members),
        })
    return rows


def wage_reference(graph: nx.MultiDiGraph, params: dict[str, Any]) -> list[Row]:
    year = params["year"]
    rows = [
        {"occupation_id": occ, "name_zh": props(graph, occ).get("name_zh"), "skill_level": level,
         "year": p["year"], "median_monthly_wage": p["median_monthly_wage"], "source": p.get("source")}
        for occ in nodes_with_label(graph, "Occupation")
        for level, p in out_edges(graph, occ, "EARNS", "SkillLevel")
        if year is None or p["year"] == year
    ]
    return sorted(rows, key=lambda r: (r["occupation_id"], r["skill_level"], r["year"]))
