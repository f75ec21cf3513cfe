"""The chain queries over networkx, row for row like `chains`, `chain_members`, `chain_links` and
`chain_demand_supply`."""

from collections import defaultdict
from typing import Any

import networkx as nx

from graph_model.nodes import ENTITY_LABEL
from queries.memory.graph import current_out, has_label, in_edges, kind, nodes_with_label, out_edges, props

Row = dict[str, Any]


def _chains(graph: nx.MultiDiGraph, chain_id: str | None) -> list[str]:
    if chain_id is None:
        return sorted(nodes_with_label(graph, "Chain"))
    return [chain_id] if has_label(graph, chain_id, "Chain") else []


def _members(graph: nx.MultiDiGraph, chain_id: str) -> set[str]:
    return {o for o, _ in in_edges(graph, chain_id, "MEMBER_OF", "Organisation")}


def chains(graph: nx.MultiDiGraph, params: dict[str, Any]) -> list[Row]:
    rows = []
    for c in _chains(graph, params["chain_id"]):
        p = props(graph, c)
        leaders = sorted(e for e, _ in in_edges(graph, c, "LEADS", "Enterprise"))
        rows.append({
            "id": c,
            "name_zh": p.get("name_zh"),
            "name_en": p.get("name_en"),
            "leaders": [{"id": e, "name_zh": props(graph, e).get("name_zh"), "name_en": props(graph, e).get("name_en")}
                        for e in leaders],
            "cluster_ids": sorted(k for k, _ in out_edges(graph, c, "IN_CLUSTER", "Cluster")),
            "priority_fields": list(p.get("priority_fields") or []),
        })
    return rows


def chain_members(graph: nx.MultiDiGraph, params: dict[str, Any]) -> list[Row]:
    chain_id = params["chain_id"]
    if not has_label(graph, chain_id, "Chain"):
        return []
    leaders = {e for e, _ in in_edges(graph, chain_id, "LEADS")}
    rows = [
        {
            "id": org,
            "kind": kind(graph, org),
            "name_zh": props(graph, org).get("name_zh"),
            "name_en": props(graph, org).get("name_en"),
            "link_role": m.get("link_role"),
            "is_leader": org in leaders,
            "district": min((d for d, _ in out_edges(graph, org, "LOCATED_IN", "District")), default=None),
            "lat": props(graph, org).get("lat"),
            "lng": props(graph, org).get("lng"),
        }
        for org, m in in_edges(graph, chain_id, "MEMBER_OF", "Organisation")
    ]
    return sorted(rows, key=lambda r: (r["link_role"], r["id"]))


def chain_scope(graph: nx.MultiDiGraph, params: dict[str, Any]) -> list[Row]:
    chain_id = params["chain_id"]
    if not has_label(graph, chain_id, "Chain"):
        return []
    members = _members(graph, chain_id)
    scope = {chain_id} | members | {o for o, _ in in_edges(graph, chain_id, "LEADS", "Organisation")}
    for org in members:
        scope |= {p for p, _ in out_edges(graph, org, "PARTNERS_WITH", "Organisation")}
        scope |= {p for p, _ in in_edges(graph, org, "PARTNERS_WITH", "Organisation")}
        scope |= {p for p, _ in out_edges(graph, org, "HOSTS", "Platform")}
    scope |= {s for s, _ in in_edges(graph, chain_id, "SERVES", "ServiceStation")}
    return [{"id": i} for i in sorted(scope)]


def chain_links(graph: nx.MultiDiGraph, params: dict[str, Any]) -> list[Row]:
    rows = []
    for c in _chains(graph, params["chain_id"]):
        by_link: dict[str, set[str]] = defaultdict(set)
        for org, m in in_edges(graph, c, "MEMBER_OF", "Organisation"):
            by_link[m["link_role"]].add(org)
        rows += [{"chain_id": c, "link_role": link, "members": len(by_link[link])} for link in sorted(by_link)]
    return rows


def chain_summary(graph: nx.MultiDiGraph, params: dict[str, Any]) -> list[Row]:
    """chain_demand_supply: the embedded store keeps no summaries and sums the graph."""
    return chain_demand_supply(graph, params)


def chain_demand_supply(graph: nx.MultiDiGraph, params: dict[str, Any]) -> list[Row]:
    year = params["year"]
    rows = []
    for c in _chains(graph, params["chain_id"]):
        # supply and demand start from the members, never from an occupation's suppliers city-wide
        members = _members(graph, c)
        graduates: dict[str, int] = defaultdict(int)
        training: dict[str, list[tuple[int, list[str]]]] = defaultdict(list)
        evaluation: dict[str, list[tuple[int, list[str]]]] = defaultdict(list)
        demand: dict[tuple[str, str], int] = defaultdict(int)
        for m in members:
            if has_label(graph, m, "School"):
                for major, f in current_out(graph, m, "OFFERS", "Major"):
                    for occ, _ in out_edges(graph, major, "PREPARES_FOR", "Occupation"):
                        graduates[occ] += f["graduates_per_year"]
            for occ, t in current_out(graph, m, "TRAINS", "Occupation"):
                training[occ].append((t["capacity_per_year"], t.get("levels") or []))
            for occ, v in current_out(graph, m, "EVALUATES", "Occupation"):
                evaluation[occ].append((v["capacity_per_year"], v.get("levels") or []))
            if has_label(graph, m, "Enterprise"):
                for occ, d in out_edges(graph, m, "DEMANDS", "Occupation"):
                    if year is None or d.get("year") == year:
                        demand[occ, d["skill_level"]] += d["headcount"]
        for occ, level in sorted(demand):
            rows.append({
                "chain_id": c,
                "occupation_id": occ,
                "name_zh": props(graph, occ).get("name_zh"),
                "skill_level": level,
                "headcount": demand[occ, level],
                "graduates": graduates[occ],
                # a TRAINS without levels trains for any level
                "training_capacity": sum(n for n, levels in training[occ] if not levels or level in levels),
                "evaluation_capacity": sum(n for n, levels in evaluation[occ] if level in levels),
            })
    return rows


REFERENCE_LABELS = ("District", "Cluster", "Occupation", "SkillLevel", "Major", "Metric")


def reference_ids(graph: nx.MultiDiGraph, params: dict[str, Any]) -> list[Row]:
    return [{"id": n} for n in sorted(n for n, labels in graph.nodes(data="labels")
                                      if not labels.isdisjoint(REFERENCE_LABELS))]


def uscc_holders(graph: nx.MultiDiGraph, params: dict[str, Any]) -> list[Row]:
    codes = set(params["codes"])
    found = [(p.get("uscc"), n) for n, labels, p in ((n, d["labels"], d["props"]) for n, d in graph.nodes(data=True))
             if "Organisation" in labels and p.get("uscc") in codes]
    return [{"uscc": code, "id": node} for code, node in sorted(found)]


def stored_properties(graph: nx.MultiDiGraph, params: dict[str, Any]) -> list[Row]:
    nodes = graph.nodes
    return [{"id": i, "properties": dict(nodes[i]["props"])}
            for i in sorted(set(params["ids"])) if i in nodes and ENTITY_LABEL in nodes[i]["labels"]]


def unlisted_ids(graph: nx.MultiDiGraph, params: dict[str, Any]) -> list[Row]:
    kind, load_ids = params["kind"], set(params["load_ids"])
    return [{"id": n} for n in sorted(n for n, d in graph.nodes(data=True)
                                      if kind in d["labels"] and d["props"].get("load_id", "") not in load_ids)]
