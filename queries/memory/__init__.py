"""The query library over the embedded store's networkx graph, answer for answer like the Cypher files."""

from collections.abc import Callable
from typing import Any

import networkx as nx

from queries import UnknownQueryError, cypher_for, prepare_params
from queries.memory.chains import (
    chain_demand_supply,
    chain_links,
    chain_members,
    chain_scope,
    chain_summary,
    chains,
)
from queries.memory.recommend import (
    district_gap,
    enterprise_demand,
    partner_suppliers,
    partner_ties,
    station_sites,
)
from queries.memory.regions import (
    evaluation_deserts,
    gap_summary,
    occupation_demand,
    region_gap,
    region_organisations,
)
from queries.memory.search import search_entities

MemoryQuery = Callable[[nx.MultiDiGraph, dict[str, Any]], list[dict[str, Any]]]

MEMORY_QUERIES: dict[str, MemoryQuery] = {
    "search_entities": search_entities,
    "chains": chains,
    "chain_members": chain_members,
    "chain_scope": chain_scope,
    "chain_links": chain_links,
    "chain_demand_supply": chain_demand_supply,
    "chain_summary": chain_summary,
    "region_organisations": region_organisations,
    "region_gap": region_gap,
    "gap_summary": gap_summary,
    "occupation_demand": occupation_demand,
    "evaluation_deserts": evaluation_deserts,
    "enterprise_demand": enterprise_demand,
    "district_gap": district_gap,
    "station_sites": station_sites,
    "partner_suppliers": partner_suppliers,
    "partner_ties": partner_ties,
}
"""Every query of the library by name, as a function of the graph and the prepared parameters."""


def run_memory_query(graph: nx.MultiDiGraph, name: str, params: dict[str, Any]) -> list[dict[str, Any]]:
    cypher_for(name)
    if name not in MEMORY_QUERIES:
        raise UnknownQueryError(f"query {name!r} has no embedded-store implementation")
    return MEMORY_QUERIES[name](graph, prepare_params(name, params))
