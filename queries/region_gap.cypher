// region_gap — for each occupation demanded in a region: the demand, the region's annual supply
// (graduates of its schools' majors that prepare for the occupation, its training capacity) and
// its evaluation capacity at the demanded levels. Ratios and flags are computed by analyses.gaps.
// With $skill_levels, demand counts only those levels and training only TRAINS that cover one of
// them (a TRAINS without levels covers every level); graduates are not graded by level.
// parameters: $region_kind ('city' | 'district' | 'county_12' | 'chain' | 'cluster'),
//             $region_id (the district, chain or cluster id; null for 'city' and 'county_12'),
//             $year (int, or null for all years), $skill_levels (list of level ids, or null for all)
// columns:    occupation_id, name_zh, name_en, cluster_ids (by id), priority_fields, demand,
//             declared_shortage, demand_levels (by id), graduates, training_capacity,
//             evaluation_capacity — ordered by occupation_id.

// ── region → its organisations o (the same block in every region query) ──
CALL () {
  // the whole city: every organisation (the gate keeps Neo4j from scanning for other regions)
  WITH 1 AS gate WHERE $region_kind = 'city'
  MATCH (o:Organisation) RETURN o
  UNION
  // a district: the organisations located in it
  MATCH (:District {id: $region_id})<-[:LOCATED_IN]-(o:Organisation) WHERE $region_kind = 'district' RETURN o
  UNION
  // the 12 counties of measure 10 together
  WITH 1 AS gate WHERE $region_kind = 'county_12'
  MATCH (:District {is_county_12: true})<-[:LOCATED_IN]-(o:Organisation) RETURN o
  UNION
  // a chain: its members, in any link
  MATCH (:Chain {id: $region_id})<-[:MEMBER_OF]-(o:Organisation) WHERE $region_kind = 'chain' RETURN o
  UNION
  // a cluster: its enterprises, and the members of the chains that focus on it
  MATCH (:Cluster {id: $region_id})<-[:IN_CLUSTER]-(o:Enterprise) WHERE $region_kind = 'cluster' RETURN o
  UNION
  MATCH (:Cluster {id: $region_id})<-[:IN_CLUSTER]-(:Chain)<-[:MEMBER_OF]-(o:Organisation)
  WHERE $region_kind = 'cluster' RETURN o
}
// ── end of region ──
WITH collect(o) AS region
// each part is summed per occupation before the parts meet: a handful of rows per occupation, not one
// per relationship
CALL (region) {
  UNWIND region AS o
  MATCH (o:Enterprise)-[d:DEMANDS]->(occ:Occupation)
  WHERE ($year IS NULL OR d.year = $year) AND ($skill_levels IS NULL OR d.skill_level IN $skill_levels)
  RETURN occ, 'demand' AS part, sum(d.headcount) AS amount,
         sum(CASE WHEN coalesce(d.shortage, false) THEN d.headcount ELSE 0 END) AS declared,
         collect(DISTINCT d.skill_level) AS levels, [] AS evaluations
  UNION ALL
  UNWIND region AS o
  MATCH (o:School)-[f:OFFERS WHERE f.year IS NULL]->(:Major)-[:PREPARES_FOR]->(occ:Occupation)
  RETURN occ, 'graduates' AS part, sum(f.graduates_per_year) AS amount, 0 AS declared, [] AS levels,
         [] AS evaluations
  UNION ALL
  UNWIND region AS o
  MATCH (o)-[t:TRAINS WHERE t.year IS NULL]->(occ:Occupation)
  WHERE $skill_levels IS NULL OR size(coalesce(t.levels, [])) = 0 OR any(l IN t.levels WHERE l IN $skill_levels)
  RETURN occ, 'training' AS part, sum(t.capacity_per_year) AS amount, 0 AS declared, [] AS levels,
         [] AS evaluations
  UNION ALL
  UNWIND region AS o
  MATCH (o)-[v:EVALUATES WHERE v.year IS NULL]->(occ:Occupation)
  RETURN occ, 'evaluation' AS part, 0 AS amount, 0 AS declared, [] AS levels,
         collect({capacity: v.capacity_per_year, levels: coalesce(v.levels, [])}) AS evaluations
}
WITH occ,
     count(CASE part WHEN 'demand' THEN 1 END) AS demanded,
     sum(CASE part WHEN 'demand' THEN amount ELSE 0 END) AS demand,
     sum(declared) AS declared_shortage,
     collect(CASE part WHEN 'demand' THEN levels END)[0] AS demand_levels,
     sum(CASE part WHEN 'graduates' THEN amount ELSE 0 END) AS graduates,
     sum(CASE part WHEN 'training' THEN amount ELSE 0 END) AS training_capacity,
     collect(CASE part WHEN 'evaluation' THEN evaluations END)[0] AS evaluations
WHERE demanded > 0
RETURN occ.id AS occupation_id,
       occ.name_zh AS name_zh,
       occ.name_en AS name_en,
       COLLECT { MATCH (occ)-[:IN_CLUSTER]->(k:Cluster) RETURN k.id ORDER BY k.id } AS cluster_ids,
       coalesce(occ.priority_fields, []) AS priority_fields,
       demand,
       declared_shortage,
       COLLECT { UNWIND demand_levels AS l RETURN l ORDER BY l } AS demand_levels,
       graduates,
       training_capacity,
       // an evaluation body counts once if it covers any demanded level
       reduce(n = 0, v IN coalesce(evaluations, []) |
              n + CASE WHEN any(l IN v.levels WHERE l IN demand_levels) THEN v.capacity ELSE 0 END)
         AS evaluation_capacity
ORDER BY occupation_id
