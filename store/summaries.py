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

LABEL = "GapSummary"
CITY = "city"
"""The region value of the city-wide summaries."""

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

# One organisation's region: the districts it is LOCATED_IN (its district summaries), or the city.
_DISTRICT: tuple[LiteralString, LiteralString] = ("(place:District)<-[:LOCATED_IN]-", "place.id")
_CITY: tuple[LiteralString, LiteralString] = ("", "'city'")


def _demand(place: LiteralString, region: LiteralString) -> LiteralString:
    return (
        "MATCH " + place + "(e:Enterprise)-[d:DEMANDS]->(occ:Occupation) "
        "WITH " + region + " AS region, occ.id AS occupation, d.year AS year, d.skill_level AS level, "
        "sum(d.headcount) AS headcount, "
        "sum(CASE WHEN coalesce(d.shortage, false) THEN d.headcount ELSE 0 END) AS declared "
        "ORDER BY year, level "
        "WITH region, occupation, collect(year) AS ys, collect(level) AS ls, collect(headcount) AS hs, "
        "collect(declared) AS ds "
        "CREATE (:GapSummary {key: region + '|' + occupation, region: region, occupation: occupation, "
        "demand_years: ys, demand_levels: ls, demand_headcounts: hs, demand_declared: ds, graduates: 0, "
        "training_level_sets: [], training_capacities: [], evaluation_level_sets: [], evaluation_capacities: []})"
    )


def _graduates(place: LiteralString, region: LiteralString) -> LiteralString:
    return (
        "MATCH " + place + "(o:School)-[f:OFFERS]->(:Major)-[:PREPARES_FOR]->(occ:Occupation) "
        "WITH " + region + " AS region, occ.id AS occupation, sum(f.graduates_per_year) AS graduates "
        "MERGE (s:GapSummary {key: region + '|' + occupation}) "
        "ON CREATE SET s += {region: region, occupation: occupation, " + _EMPTY + "} "
        "SET s.graduates = graduates"
    )


def _capacity(place: LiteralString, region: LiteralString, rel: LiteralString, part: LiteralString) -> LiteralString:
    return (
        "MATCH " + place + "(o:Organisation)-[t:" + rel + "]->(occ:Occupation) "
        "WITH " + region + " AS region, occ.id AS occupation, "
        "reduce(s = '', l IN coalesce(t.levels, []) | s + CASE s WHEN '' THEN '' ELSE ';' END + l) AS level_set, "
        "sum(t.capacity_per_year) AS amount "
        "WITH region, occupation, collect(level_set) AS sets, collect(amount) AS amounts "
        "MERGE (s:GapSummary {key: region + '|' + occupation}) "
        "ON CREATE SET s += {region: region, occupation: occupation, " + _EMPTY + "} "
        "SET s." + part + "_level_sets = sets, s." + part + "_capacities = amounts"
    )


def _build(scope: tuple[LiteralString, LiteralString]) -> list[LiteralString]:
    place, region = scope
    return [
        _demand(place, region),
        _graduates(place, region),
        _capacity(place, region, "TRAINS", "training"),
        _capacity(place, region, "EVALUATES", "evaluation"),
    ]


DELETE: tuple[LiteralString, ...] = ("MATCH (s:GapSummary) DELETE s", "MATCH (s:ChainSummary) DELETE s")

DISTRICT_STATEMENTS: list[LiteralString] = _build(_DISTRICT)
"""Each district's summaries: an organisation counts in every district it is LOCATED_IN."""

CITY_STATEMENTS: list[LiteralString] = _build(_CITY)
"""The city's summaries: every organisation once, located or not."""

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

# Each chain's members once, however many links they sit in (as in chain_demand_supply).
_CHAIN_MEMBERS: LiteralString = "MATCH (c:Chain)<-[:MEMBER_OF]-(m:Organisation) WITH DISTINCT c, m "

CHAIN_STATEMENTS: list[LiteralString] = [
    # demand of the enterprise members per (year, level): one summary per demanded occupation
    _CHAIN_MEMBERS + "WHERE m:Enterprise "
    "MATCH (m)-[d:DEMANDS]->(occ:Occupation) "
    "WITH c.id AS chain, occ.id AS occupation, d.year AS year, d.skill_level AS level, sum(d.headcount) AS headcount "
    "ORDER BY year, level "
    "WITH chain, occupation, collect(year) AS ys, collect(level) AS ls, collect(headcount) AS hs "
    "CREATE (:ChainSummary {key: chain + '|' + occupation, chain: chain, occupation: occupation, "
    "demand_years: ys, demand_levels: ls, demand_headcounts: hs, graduates: 0, "
    "training_level_sets: [], training_capacities: [], evaluation_level_sets: [], evaluation_capacities: []})",
    # what the members supply, for the occupations the chain demands
    _CHAIN_MEMBERS + "WHERE m:School "
    "MATCH (m)-[f:OFFERS]->(:Major)-[:PREPARES_FOR]->(occ:Occupation) "
    "WITH c.id + '|' + occ.id AS key, sum(f.graduates_per_year) AS graduates "
    "MATCH (s:ChainSummary {key: key}) SET s.graduates = graduates",
    *[
        _CHAIN_MEMBERS + "MATCH (m)-[t:" + rel + "]->(occ:Occupation) "
        "WITH c.id + '|' + occ.id AS key, "
        "reduce(s = '', l IN coalesce(t.levels, []) | s + CASE s WHEN '' THEN '' ELSE ';' END + l) AS level_set, "
        "sum(t.capacity_per_year) AS amount "
        "WITH key, collect(level_set) AS sets, collect(amount) AS amounts "
        "MATCH (s:ChainSummary {key: key}) "
        "SET s." + part + "_level_sets = sets, s." + part + "_capacities = amounts"
        for rel, part in (("TRAINS", "training"), ("EVALUATES", "evaluation"))
    ],
]
"""Each chain's summaries."""
