"""Twins of the queries about national lists."""

from typing import Any

import networkx as nx

Row = dict[str, Any]


def national_shortage_list(graph: nx.MultiDiGraph, params: dict[str, Any]) -> list[Row]:
    lists = [(n, d["props"]) for n, d in graph.nodes(data=True) if "ShortageList" in d["labels"]
             and (params["list_id"] is None or n == params["list_id"])]
    if not lists:
        return []
    list_id, meta = max(lists, key=lambda item: (item[1]["year"], item[1].get("quarter") or 0, item[0]))
    rows = []
    for _, occupation, data in graph.out_edges(list_id, data=True):
        if data["type"] != "LISTS" or "Occupation" not in graph.nodes[occupation]["labels"]:
            continue
        props = data["props"]
        rows.append({"list_id": list_id, "list_name_zh": meta.get("name_zh"), "edition": meta.get("edition"),
                     "year": meta.get("year"), "quarter": meta.get("quarter"), "occupation_id": occupation,
                     "name_zh": graph.nodes[occupation]["props"].get("name_zh"), "rank": props.get("rank"),
                     "listed_code": props.get("listed_code"), "listed_name": props.get("listed_name")})
    return sorted(rows, key=lambda r: (r["rank"], r["occupation_id"]))
