"""The query library over the embedded store's networkx graph, answer for answer like the Cypher files."""

from collections.abc import Callable
from typing import Any

import networkx as nx

from queries import UnknownQueryError, cypher_for, prepare_params
from queries.text import phrase_matches, tokens

MemoryQuery = Callable[[nx.MultiDiGraph, dict[str, Any]], list[dict[str, Any]]]

_SEARCH_FIELDS = ("name_zh", "name_en", "id", "uscc")


def _kind(labels: frozenset[str]) -> str:
    from graph_model.nodes import NODE_KINDS

    return next(label for label in labels if label in NODE_KINDS)


def search_entities(graph: nx.MultiDiGraph, params: dict[str, Any]) -> list[dict[str, Any]]:
    text: str = params["text"]
    kinds = params["kinds"]
    query = tokens(text)
    hits = []
    for node_id, data in graph.nodes(data=True):
        kind = _kind(data["labels"])
        if kinds is not None and kind not in kinds:
            continue
        props = data["props"]
        if not any(isinstance(props.get(f), str) and phrase_matches(query, props[f]) for f in _SEARCH_FIELDS):
            continue
        exact = node_id == text or props.get("uscc") == text.upper()
        rank = (0 if exact else 1, len(props.get("name_zh") or ""), node_id)
        hits.append((rank, {"id": node_id, "kind": kind, "name_zh": props.get("name_zh"),
                            "name_en": props.get("name_en")}))
    hits.sort(key=lambda h: h[0])
    return [row for _, row in hits[: params["limit"]]]


def chain_members(graph: nx.MultiDiGraph, params: dict[str, Any]) -> list[dict[str, Any]]:
    chain_id = params["chain_id"]
    if chain_id not in graph or "Chain" not in graph.nodes[chain_id]["labels"]:
        return []
    leaders = {a for a, _, t in graph.in_edges(chain_id, data="type") if t == "LEADS"}
    rows = [
        {
            "id": org,
            "kind": _kind(graph.nodes[org]["labels"]),
            "name_zh": graph.nodes[org]["props"].get("name_zh"),
            "link_role": data["props"].get("link_role"),
            "is_leader": org in leaders,
        }
        for org, _, data in graph.in_edges(chain_id, data=True)
        if data["type"] == "MEMBER_OF" and "Organisation" in graph.nodes[org]["labels"]
    ]
    return sorted(rows, key=lambda r: (r["link_role"], r["id"]))


MEMORY_QUERIES: dict[str, MemoryQuery] = {
    "search_entities": search_entities,
    "chain_members": chain_members,
}


def run_memory_query(graph: nx.MultiDiGraph, name: str, params: dict[str, Any]) -> list[dict[str, Any]]:
    cypher_for(name)
    if name not in MEMORY_QUERIES:
        raise UnknownQueryError(f"query {name!r} has no embedded-store implementation")
    return MEMORY_QUERIES[name](graph, prepare_params(name, params))
