// chain_demand_supply — what a chain's enterprise members demand, per occupation and skill level,
// and what the chain's own members supply for each: graduates of member schools' majors that
// prepare for the occupation, training capacity at that level, evaluation capacity at that level.
// A TRAINS with no levels trains for any level; an EVALUATES covers only the levels it lists.
// parameters: $chain_id (string, or null for every chain), $year (int, or null for all years)
// columns:    chain_id, occupation_id, name_zh, skill_level, headcount, graduates, training_capacity,
//             evaluation_capacity — ordered by chain_id, occupation_id, skill_level.
MATCH (c:Chain)
WHERE $chain_id IS NULL OR c.id = $chain_id
// every member once, however many links it sits in: supply and demand start from the members,
// never from an occupation's suppliers across the whole city
CALL (c) {
  MATCH (c)<-[:MEMBER_OF]-(m:Organisation)
  RETURN collect(DISTINCT m) AS members
}
// what the members supply: graduates per occupation, training and evaluation per occupation and levels
CALL (members) {
  UNWIND members AS s
  MATCH (s:School)-[f:OFFERS WHERE f.year IS NULL]->(:Major)-[:PREPARES_FOR]->(occ:Occupation)
  WITH occ, sum(f.graduates_per_year) AS amount
  RETURN collect({occ: occ, amount: amount}) AS graduates
}
CALL (members) {
  UNWIND members AS p
  MATCH (p)-[t:TRAINS WHERE t.year IS NULL]->(occ:Occupation)
  RETURN collect({occ: occ, amount: t.capacity_per_year, levels: coalesce(t.levels, [])}) AS training
}
CALL (members) {
  UNWIND members AS b
  MATCH (b)-[v:EVALUATES WHERE v.year IS NULL]->(occ:Occupation)
  RETURN collect({occ: occ, amount: v.capacity_per_year, levels: coalesce(v.levels, [])}) AS evaluation
}
// what the enterprise members demand, one row per occupation with its levels
CALL (members) {
  UNWIND members AS e
  MATCH (e:Enterprise)-[d:DEMANDS]->(occ:Occupation)
  WHERE $year IS NULL OR d.year = $year
  WITH occ, d.skill_level AS level, sum(d.headcount) AS headcount
  RETURN occ, collect({level: level, headcount: headcount}) AS demanded
}
WITH c, occ, demanded,
     reduce(n = 0, g IN graduates | n + CASE WHEN g.occ = occ THEN g.amount ELSE 0 END) AS graduates,
     [t IN training WHERE t.occ = occ] AS training,
     [v IN evaluation WHERE v.occ = occ] AS evaluation
UNWIND demanded AS d
RETURN c.id AS chain_id,
       occ.id AS occupation_id,
       occ.name_zh AS name_zh,
       d.level AS skill_level,
       d.headcount AS headcount,
       graduates,
       // a TRAINS with no levels trains for any level; an EVALUATES covers only the levels it lists
       reduce(n = 0, t IN training | n + CASE WHEN size(t.levels) = 0 OR d.level IN t.levels THEN t.amount ELSE 0 END)
         AS training_capacity,
       reduce(n = 0, v IN evaluation | n + CASE WHEN d.level IN v.levels THEN v.amount ELSE 0 END)
         AS evaluation_capacity
ORDER BY chain_id, occupation_id, skill_level
