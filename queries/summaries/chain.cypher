// chain — each chain's ChainSummary per occupation its members demand: the same sums as a district's
// GapSummary (see district.cypher) over the chain's members, each member once however many links it sits in.
CALL () {
  MATCH (g:Chain)<-[:MEMBER_OF]-(o:Organisation) WITH DISTINCT g, o
  MATCH (o)-[d:DEMANDS]->(occ)
  WITH g, occ, d.year AS year, d.skill_level AS level, sum(d.headcount) AS headcount,
       sum(CASE WHEN coalesce(d.shortage, false) THEN d.headcount ELSE 0 END) AS declared
  ORDER BY year, level
  RETURN g, occ, 'demand' AS part,
         {years: collect(year), levels: collect(level), headcounts: collect(headcount), declared: collect(declared)}
         AS value
  UNION ALL
  MATCH (g:Chain)<-[:MEMBER_OF]-(o:Organisation) WITH DISTINCT g, o WHERE o:School
  MATCH (o)-[f:OFFERS WHERE f.year IS NULL]->()-[:PREPARES_FOR]->(occ)
  RETURN g, occ, 'graduates' AS part, {graduates: sum(f.graduates_per_year)} AS value
  UNION ALL
  MATCH (g:Chain)<-[:MEMBER_OF]-(o:Organisation) WITH DISTINCT g, o
  MATCH (o)-[t:TRAINS WHERE t.year IS NULL]->(occ)
  WITH g, occ, reduce(s = '', l IN coalesce(t.levels, []) | s + CASE s WHEN '' THEN '' ELSE ';' END + l) AS level_set,
       sum(t.capacity_per_year) AS amount
  RETURN g, occ, 'training' AS part, {sets: collect(level_set), amounts: collect(amount)} AS value
  UNION ALL
  MATCH (g:Chain)<-[:MEMBER_OF]-(o:Organisation) WITH DISTINCT g, o
  MATCH (o)-[v:EVALUATES WHERE v.year IS NULL]->(occ)
  WITH g, occ, reduce(s = '', l IN coalesce(v.levels, []) | s + CASE s WHEN '' THEN '' ELSE ';' END + l) AS level_set,
       sum(v.capacity_per_year) AS amount
  RETURN g, occ, 'evaluation' AS part, {sets: collect(level_set), amounts: collect(amount)} AS value
}
WITH g, occ, collect(part) AS parts, collect(value) AS values
WITH g.id AS chain, occ.id AS occupation,
     head([i IN range(0, size(parts) - 1) WHERE parts[i] = 'demand' | values[i]]) AS demand,
     head([i IN range(0, size(parts) - 1) WHERE parts[i] = 'graduates' | values[i]]) AS graduates,
     head([i IN range(0, size(parts) - 1) WHERE parts[i] = 'training' | values[i]]) AS training,
     head([i IN range(0, size(parts) - 1) WHERE parts[i] = 'evaluation' | values[i]]) AS evaluation
WHERE demand IS NOT NULL
CREATE (:ChainSummary {
  key: chain + '|' + occupation, chain: chain, occupation: occupation,
  demand_years: coalesce(demand.years, []), demand_levels: coalesce(demand.levels, []),
  demand_headcounts: coalesce(demand.headcounts, []), demand_declared: coalesce(demand.declared, []),
  graduates: coalesce(graduates.graduates, 0),
  training_level_sets: coalesce(training.sets, []), training_capacities: coalesce(training.amounts, []),
  evaluation_level_sets: coalesce(evaluation.sets, []), evaluation_capacities: coalesce(evaluation.amounts, [])
})
