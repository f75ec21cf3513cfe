"""Summaries: the sums behind gap tables and chain coverage, kept in Neo4j and rebuilt after each ingest.

A district's gap table sums every demand relationship of its enterprises (over a hundred thousand in
a large district at city scale), which no index makes cheap. A `GapSummary` node holds those sums
for one region (a district id, or "city") × occupation, split as finely as the gap table's filters
need, so that `gap_summary.cypher` answers what `region_gap.cypher` answers by reading a few hundred
nodes:

- demand per (year, skill level): parallel lists `demand_years`, `demand_levels`,
  `demand_headcounts`, `demand_declared` (headcount declared a shortage);
- `graduates`: graduates per year of the region's schools' majors that prepare for the occupation;
- training and evaluation capacity per distinct list of levels: `training_level_sets` (levels
  joined by ";", "" for a TRAINS without levels, i.e. every level) with `training_capacities`, and
  `evaluation_level_sets` with `evaluation_capacities`.

A `ChainSummary` node does the same for one chain × occupation its enterprise members demand:
demand per (year, skill level) of the chain's enterprise members, and what its members supply —
graduates, training and evaluation capacity per list of levels — so that `chain_summary.cypher`
answers what `chain_demand_supply.cypher` answers.

Summaries are bookkeeping outside the model, like the data-version node: they carry no `Entity`
label and no relationship, so no analysis, count or network view meets them. `refresh` rebuilds all
of them in one write transaction that first moves the data version on and then records that
version as `summary_version`; any later write moves the version again, so `current` is false until
the next refresh and readers fall back to `region_gap` — a stale summary is never read.
"""

from typing import LiteralString

SCHEMA: tuple[LiteralString, ...] = (
    "CREATE CONSTRAINT gap_summary_key IF NOT EXISTS FOR (s:GapSummary) REQUIRE s.key IS UNIQUE",
    "CREATE INDEX gap_summary_region IF NOT EXISTS FOR (s:GapSummary) ON (s.region)",
    "CREATE CONSTRAINT chain_summary_key IF NOT EXISTS FOR (s:ChainSummary) REQUIRE s.key IS UNIQUE",
    "CREATE INDEX chain_summary_chain IF NOT EXISTS FOR (s:ChainSummary) ON (s.chain)",
)

_EMPTY: LiteralString = (
    "demand_years: [], demand_levels: [], demand_headcounts: [], demand_declared: [], graduates: 0, "
    "training_level_sets: [], training_capacities: [], evaluation_level_sets: [], evaluation_capacities: []"
)

# A scope binds each grouping value `g` (a district, the city, a chain) to its organisations `o`.
# Rows are grouped by node and ids read once per group: a million rows need no id lookups. The model
# fixes each relationship type's end labels, so only the start's label is checked where it matters.
_DISTRICT_SCOPE: LiteralString = "MATCH (g:District)<-[:LOCATED_IN]-(o)"
_CITY_SCOPE: LiteralString = "MATCH (o:Organisation) WITH 'city' AS g, o"
# each chain's members once, however many links they sit in (as in chain_demand_supply)
_CHAIN_SCOPE: LiteralString = "MATCH (g:Chain)<-[:MEMBER_OF]-(o:Organisation) WITH DISTINCT g, o"


def _parts(scope: LiteralString) -> LiteralString:
    """Rows (g, occ, part, value): each part of the sums per grouping value and occupation."""
    return (
        "CALL () { "
        + scope + " MATCH (o)-[d:DEMANDS]->(occ) "
        "WITH g, occ, d.year AS year, d.skill_level AS level, sum(d.headcount) AS headcount, "
        "sum(CASE WHEN coalesce(d.shortage, false) THEN d.headcount ELSE 0 END) AS declared "
        "ORDER BY year, level "
        "RETURN g, occ, 'demand' AS part, {years: collect(year), levels: collect(level), "
        "headcounts: collect(headcount), declared: collect(declared)} AS value "
        "UNION ALL "
        + scope + " WHERE o:School MATCH (o)-[f:OFFERS]->()-[:PREPARES_FOR]->(occ) "
        "RETURN g, occ, 'graduates' AS part, {graduates: sum(f.graduates_per_year)} AS value "
        "UNION ALL "
        + scope + " MATCH (o)-[t:TRAINS]->(occ) "
        "WITH g, occ, reduce(s = '', l IN coalesce(t.levels, []) | s + CASE s WHEN '' THEN '' ELSE ';' END + l) "
        "AS level_set, sum(t.capacity_per_year) AS amount "
        "RETURN g, occ, 'training' AS part, {sets: collect(level_set), amounts: collect(amount)} AS value "
        "UNION ALL "
        + scope + " MATCH (o)-[v:EVALUATES]->(occ) "
        "WITH g, occ, reduce(s = '', l IN coalesce(v.levels, []) | s + CASE s WHEN '' THEN '' ELSE ';' END + l) "
        "AS level_set, sum(v.capacity_per_year) AS amount "
        "RETURN g, occ, 'evaluation' AS part, {sets: collect(level_set), amounts: collect(amount)} AS value "
        "} "
        "WITH g, occ, collect(part) AS parts, collect(value) AS values "
        "WITH g, occ, "
        "head([i IN range(0, size(parts) - 1) WHERE parts[i] = 'demand' | values[i]]) AS demand, "
        "head([i IN range(0, size(parts) - 1) WHERE parts[i] = 'graduates' | values[i]]) AS graduates, "
        "head([i IN range(0, size(parts) - 1) WHERE parts[i] = 'training' | values[i]]) AS training, "
        "head([i IN range(0, size(parts) - 1) WHERE parts[i] = 'evaluation' | values[i]]) AS evaluation "
    )


_SUMS: LiteralString = (
    "demand_years: coalesce(demand.years, []), demand_levels: coalesce(demand.levels, []), "
    "demand_headcounts: coalesce(demand.headcounts, []), demand_declared: coalesce(demand.declared, []), "
    "graduates: coalesce(graduates.graduates, 0), "
    "training_level_sets: coalesce(training.sets, []), training_capacities: coalesce(training.amounts, []), "
    "evaluation_level_sets: coalesce(evaluation.sets, []), evaluation_capacities: coalesce(evaluation.amounts, [])"
)

DELETE: tuple[LiteralString, ...] = ("MATCH (s:GapSummary) DELETE s", "MATCH (s:ChainSummary) DELETE s")

# Each summary is created once with all its sums: one statement per scope, so that no statement looks
# up nodes created earlier in the same transaction (index seeks over a large uncommitted state are slow).
def _gap_summaries(scope: LiteralString, region: LiteralString) -> LiteralString:
    return (
        _parts(scope)
        + "WITH " + region + " AS region, occ.id AS occupation, demand, graduates, training, evaluation "
        "CREATE (:GapSummary {key: region + '|' + occupation, region: region, occupation: occupation, "
        + _SUMS + "})"
    )


DISTRICT: LiteralString = _gap_summaries(_DISTRICT_SCOPE, "g.id")
"""Each district's summaries: an organisation counts in every district it is LOCATED_IN."""

CITY: LiteralString = _gap_summaries(_CITY_SCOPE, "g")
"""The city's summaries: every organisation once, located or not."""

CHAIN: LiteralString = (
    _parts(_CHAIN_SCOPE)
    + "WHERE demand IS NOT NULL "
    "WITH g.id AS chain, occ.id AS occupation, demand, graduates, training, evaluation "
    "CREATE (:ChainSummary {key: chain + '|' + occupation, chain: chain, occupation: occupation, " + _SUMS + "})"
)
"""Each chain's summaries, for the occupations its enterprise members demand."""

EACH_LOCATED_ONCE: LiteralString = (
    "MATCH (o:Organisation) WHERE COUNT { (o)-[:LOCATED_IN]->(:District) } <> 1 RETURN count(o) = 0 AS once"
)
"""Whether every organisation sits in exactly one district: then the city's sums are the districts' sums."""

CITY_FROM_DISTRICTS: LiteralString = (
    # demand: the districts' (year, level) entries summed
    "MATCH (s:GapSummary) WHERE s.region <> 'city' "
    "UNWIND range(0, size(s.demand_years) - 1) AS i "
    "WITH s.occupation AS occupation, s.demand_years[i] AS year, s.demand_levels[i] AS level, "
    "sum(s.demand_headcounts[i]) AS headcount, sum(s.demand_declared[i]) AS declared "
    "ORDER BY year, level "
    "WITH occupation, collect(year) AS ys, collect(level) AS ls, collect(headcount) AS hs, collect(declared) AS ds "
    "CREATE (:GapSummary {key: 'city|' + occupation, region: 'city', occupation: occupation, "
    "demand_years: ys, demand_levels: ls, demand_headcounts: hs, demand_declared: ds, graduates: 0, "
    "training_level_sets: [], training_capacities: [], evaluation_level_sets: [], evaluation_capacities: []})"
)
"""The city's demand summed from the districts' (used only when every organisation is located once)."""

CITY_SUPPLY_FROM_DISTRICTS: LiteralString = (
    "MATCH (s:GapSummary) WHERE s.region <> 'city' "
    "WITH s.occupation AS occupation, s.graduates AS graduates, "
    "[i IN range(0, size(s.training_level_sets) - 1) | [s.training_level_sets[i], s.training_capacities[i]]] "
    "  AS training, "
    "[i IN range(0, size(s.evaluation_level_sets) - 1) | [s.evaluation_level_sets[i], s.evaluation_capacities[i]]] "
    "  AS evaluation "
    "WITH occupation, sum(graduates) AS graduates, collect(training) AS training, collect(evaluation) AS evaluation "
    "WITH occupation, graduates, "
    "  COLLECT { UNWIND training AS part UNWIND part AS pair WITH pair[0] AS level_set, sum(pair[1]) AS amount "
    "            RETURN [level_set, amount] AS entry ORDER BY level_set } AS training, "
    "  COLLECT { UNWIND evaluation AS part UNWIND part AS pair WITH pair[0] AS level_set, sum(pair[1]) AS amount "
    "            RETURN [level_set, amount] AS entry ORDER BY level_set } AS evaluation "
    "WHERE graduates > 0 OR size(training) > 0 OR size(evaluation) > 0 "
    "MERGE (c:GapSummary {key: 'city|' + occupation}) "
    "ON CREATE SET c += {region: 'city', occupation: occupation, " + _EMPTY + "} "
    "SET c.graduates = graduates, "
    "    c.training_level_sets = [e IN training | e[0]], c.training_capacities = [e IN training | e[1]], "
    "    c.evaluation_level_sets = [e IN evaluation | e[0]], c.evaluation_capacities = [e IN evaluation | e[1]]"
)
"""The city's supply summed from the districts' (same condition)."""
