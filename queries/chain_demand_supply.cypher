// chain_demand_supply — what a chain's enterprise members demand, per occupation and skill level,
// and what the chain's own members supply for each: graduates of member schools' majors that
// prepare for the occupation, training capacity at that level, evaluation capacity at that level.
// A TRAINS with no levels trains for any level; an EVALUATES covers only the levels it lists.
// parameters: $chain_id (string, or null for every chain), $year (int, or null for all years)
// columns:    chain_id, occupation_id, name_zh, skill_level, headcount, graduates, training_capacity,
//             evaluation_capacity — ordered by chain_id, occupation_id, skill_level.
MATCH (c:Chain)<-[:MEMBER_OF]-(e:Enterprise)
WHERE $chain_id IS NULL OR c.id = $chain_id
// an enterprise in two links of the same chain demands once
WITH DISTINCT c, e
MATCH (e)-[d:DEMANDS]->(occ:Occupation)
WHERE $year IS NULL OR d.year = $year
WITH c, occ, d.skill_level AS level, sum(d.headcount) AS headcount
CALL (c, occ) {
  MATCH (s:School)-[f:OFFERS]->(:Major)-[:PREPARES_FOR]->(occ)
  WHERE EXISTS { (s)-[:MEMBER_OF]->(c) }
  RETURN sum(f.graduates_per_year) AS graduates
}
CALL (c, occ, level) {
  MATCH (p:Organisation)-[t:TRAINS]->(occ)
  WHERE EXISTS { (p)-[:MEMBER_OF]->(c) } AND (size(coalesce(t.levels, [])) = 0 OR level IN t.levels)
  RETURN sum(t.capacity_per_year) AS training_capacity
}
CALL (c, occ, level) {
  MATCH (b:Organisation)-[v:EVALUATES]->(occ)
  WHERE EXISTS { (b)-[:MEMBER_OF]->(c) } AND level IN v.levels
  RETURN sum(v.capacity_per_year) AS evaluation_capacity
}
RETURN c.id AS chain_id,
       occ.id AS occupation_id,
       occ.name_zh AS name_zh,
       level AS skill_level,
       headcount,
       graduates,
       training_capacity,
       evaluation_capacity
ORDER BY chain_id, occupation_id, skill_level
