"""The query library over the embedded store's networkx graph, answer for answer like the Cypher files."""

from collections.abc import Callable
from typing import Any

import networkx as nx

from queries.memory.chains import (
    chain_demand_supply,
    chain_links,
    chain_members,
    chain_scope,
    chain_summary,
    chains,
    reference_ids,
    stored_properties,
    unlisted_ids,
    uscc_holders,
)
from queries.memory.measures import measure_chains, measure_tally, wage_reference
from queries.memory.national import national_shortage_list
from queries.memory.recommend import (
    district_gap,
    enterprise_demand,
    partner_suppliers,
    partner_ties,
    station_sites,
)
from queries.memory.regions import (
    demand_history,
    demand_years,
    desert_summary,
    evaluation_deserts,
    gap_summary,
    occupation_demand,
    region_gap,
    region_organisations,
    supply_history,
    supply_outlook,
)
from queries.memory.search import search_entities

Twin = Callable[[nx.MultiDiGraph, dict[str, Any]], list[dict[str, Any]]]

TWINS: dict[str, Twin] = {
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
    "occupation_demand_summary": occupation_demand,
    "evaluation_deserts": evaluation_deserts,
    "desert_summary": desert_summary,
    "enterprise_demand": enterprise_demand,
    "district_gap": district_gap,
    "station_sites": station_sites,
    "partner_suppliers": partner_suppliers,
    "partner_ties": partner_ties,
    "reference_ids": reference_ids,
    "uscc_holders": uscc_holders,
    "unlisted_ids": unlisted_ids,
    "stored_properties": stored_properties,
    "national_shortage_list": national_shortage_list,
    "demand_history": demand_history,
    "demand_years": demand_years,
    "supply_outlook": supply_outlook,
    "supply_history": supply_history,
    "measure_tally": measure_tally,
    "measure_summary": measure_tally,
    "measure_chains": measure_chains,
    "wage_reference": wage_reference,
}
"""Every query of the library by name, as a function of the graph and the checked parameters."""

