// city — the city's GapSummary per occupation summed from the graph, every organisation once whether it
// sits in no district or in several; runs only when some organisation does not sit in exactly one district
// (otherwise city_demand_from_districts and city_supply_from_districts sum the district summaries).
CALL () {
  MATCH (o:Organisation) WHERE COUNT { (o)-[:LOCATED_IN]->(:District) } <> 1
  RETURN count(o) = 0 AS once
}
WITH once WHERE NOT once
CALL () {
  MATCH (o:Organisation)
  MATCH (o)-[d:DEMANDS]->(occ)
  WITH occ, d.year AS year, d.skill_level AS level, sum(d.headcount) AS headcount,
       sum(CASE WHEN coalesce(d.shortage, false) THEN d.headcount ELSE 0 END) AS declared
  ORDER BY year, level
  RETURN occ, 'demand' AS part,
         {years: collect(year), levels: collect(level), headcounts: collect(headcount), declared: collect(declared)}
         AS value
  UNION ALL
  MATCH (o:School)-[f:OFFERS WHERE f.year IS NULL]->()-[:PREPARES_FOR]->(occ)
  RETURN occ, 'graduates' AS part, {graduates: sum(f.graduates_per_year)} AS value
  UNION ALL
  MATCH (o:Organisation)-[t:TRAINS WHERE t.year IS NULL]->(occ)
  WITH occ, reduce(s = '', l IN coalesce(t.levels, []) | s + CASE s WHEN '' THEN '' ELSE ';' END + l) AS level_set,
       sum(t.capacity_per_year) AS amount
  RETURN occ, 'training' AS part, {sets: collect(level_set), amounts: collect(amount)} AS value
  UNION ALL
  MATCH (o:Organisation)-[v:EVALUATES WHERE v.year IS NULL]->(occ)
  WITH occ, reduce(s = '', l IN coalesce(v.levels, []) | s + CASE s WHEN '' THEN '' ELSE ';' END + l) AS level_set,
       sum(v.capacity_per_year) AS amount
  RETURN occ, 'evaluation' AS part, {sets: collect(level_set), amounts: collect(amount)} AS value
}
WITH occ, collect(part) AS parts, collect(value) AS values
WITH occ.id AS occupation,
     head([i IN range(0, size(parts) - 1) WHERE parts[i] = 'demand' | values[i]]) AS demand,
     head([i IN range(0, size(parts) - 1) WHERE parts[i] = 'graduates' | values[i]]) AS graduates,
     head([i IN range(0, size(parts) - 1) WHERE parts[i] = 'training' | values[i]]) AS training,
     head([i IN range(0, size(parts) - 1) WHERE parts[i] = 'evaluation' | values[i]]) AS evaluation
CREATE (:GapSummary {
  key: 'city|' + occupation, region: 'city', occupation: occupation,
  demand_years: coalesce(demand.years, []), demand_levels: coalesce(demand.levels, []),
  demand_headcounts: coalesce(demand.headcounts, []), demand_declared: coalesce(demand.declared, []),
  graduates: coalesce(graduates.graduates, 0),
  training_level_sets: coalesce(training.sets, []), training_capacities: coalesce(training.amounts, []),
  evaluation_level_sets: coalesce(evaluation.sets, []), evaluation_capacities: coalesce(evaluation.amounts, [])
})
