"""`search_entities` over networkx: the CJK phrase match Neo4j's full-text index performs, and the direct look-up
of a single Chinese character."""

from typing import Any

import networkx as nx

from queries.memory.graph import kind
from queries.text import phrase_matches, single_han, tokens

_SEARCH_FIELDS = ("name_zh", "name_en", "id", "uscc")


def search_entities(graph: nx.MultiDiGraph, params: dict[str, Any]) -> list[dict[str, Any]]:
    text: str = params["text"]
    kinds = params["kinds"]
    among = None if params["ids"] is None else set(params["ids"])
    query = tokens(text)
    single = params.get("single", single_han(text))
    hits = []
    for node_id, data in graph.nodes(data=True):
        if among is not None and node_id not in among:
            continue
        props = data["props"]
        if single:
            if not (isinstance(props.get("name_zh"), str) and text.strip() in props["name_zh"]):
                continue
        elif not any(isinstance(props.get(f), str) and phrase_matches(query, props[f]) for f in _SEARCH_FIELDS):
            continue
        node_kind = kind(graph, node_id)
        if kinds is not None and node_kind not in kinds:
            continue
        exact = node_id == text or props.get("uscc") == text.upper()
        rank = (0 if exact else 1, len(props.get("name_zh") or ""), node_id)
        hits.append((rank, {"id": node_id, "kind": node_kind, "name_zh": props.get("name_zh"),
                            "name_en": props.get("name_en")}))
    hits.sort(key=lambda h: h[0])
    return [row for _, row in hits[: params["limit"]]]
