// district — each district's GapSummary per occupation: demand per (year, level), graduates, and training
// and evaluation capacity per list of levels ("" = a TRAINS/EVALUATES without levels, i.e. every level).
// An organisation counts in every district it is LOCATED_IN. Each part is summed per occupation before
// the parts meet; rows are grouped by node and ids read once per group (a million rows need no lookups).
CALL () {
  MATCH (g:District)<-[:LOCATED_IN]-(o)
  MATCH (o)-[d:DEMANDS]->(occ)
  WITH g, occ, d.year AS year, d.skill_level AS level, sum(d.headcount) AS headcount,
       sum(CASE WHEN coalesce(d.shortage, false) THEN d.headcount ELSE 0 END) AS declared
  ORDER BY year, level
  RETURN g, occ, 'demand' AS part,
         {years: collect(year), levels: collect(level), headcounts: collect(headcount), declared: collect(declared)}
         AS value
  UNION ALL
  MATCH (g:District)<-[:LOCATED_IN]-(o) WHERE o:School
  MATCH (o)-[f:OFFERS WHERE f.year IS NULL]->()-[:PREPARES_FOR]->(occ)
  RETURN g, occ, 'graduates' AS part, {graduates: sum(f.graduates_per_year)} AS value
  UNION ALL
  MATCH (g:District)<-[:LOCATED_IN]-(o)
  MATCH (o)-[t:TRAINS WHERE t.year IS NULL]->(occ)
  WITH g, occ, reduce(s = '', l IN coalesce(t.levels, []) | s + CASE s WHEN '' THEN '' ELSE ';' END + l) AS level_set,
       sum(t.capacity_per_year) AS amount
  RETURN g, occ, 'training' AS part, {sets: collect(level_set), amounts: collect(amount)} AS value
  UNION ALL
  MATCH (g:District)<-[:LOCATED_IN]-(o)
  MATCH (o)-[v:EVALUATES WHERE v.year IS NULL]->(occ)
  WITH g, occ, reduce(s = '', l IN coalesce(v.levels, []) | s + CASE s WHEN '' THEN '' ELSE ';' END + l) AS level_set,
       sum(v.capacity_per_year) AS amount
  RETURN g, occ, 'evaluation' AS part, {sets: collect(level_set), amounts: collect(amount)} AS value
}
WITH g, occ, collect(part) AS parts, collect(value) AS values
WITH g.id AS region, occ.id AS occupation,
     head([i IN range(0, size(parts) - 1) WHERE parts[i] = 'demand' | values[i]]) AS demand,
     head([i IN range(0, size(parts) - 1) WHERE parts[i] = 'graduates' | values[i]]) AS graduates,
     head([i IN range(0, size(parts) - 1) WHERE parts[i] = 'training' | values[i]]) AS training,
     head([i IN range(0, size(parts) - 1) WHERE parts[i] = 'evaluation' | values[i]]) AS evaluation
CREATE (:GapSummary {
  key: region + '|' + occupation, region: region, occupation: occupation,
  demand_years: coalesce(demand.years, []), demand_levels: coalesce(demand.levels, []),
  demand_headcounts: coalesce(demand.headcounts, []), demand_declared: coalesce(demand.declared, []),
  graduates: coalesce(graduates.graduates, 0),
  training_level_sets: coalesce(training.sets, []), training_capacities: coalesce(training.amounts, []),
  evaluation_level_sets: coalesce(evaluation.sets, []), evaluation_capacities: coalesce(evaluation.amounts, [])
})
