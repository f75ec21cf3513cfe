// supply_history — a region's supply per occupation and year from the supply rows that carry a year (the supply's
// history; the rows without a year are the current figures, which supply_outlook and region_gap read): graduates of
// its schools' majors that prepare for the occupation, its training and its evaluation capacity. With $skill_levels,
// training and evaluation count only rows that cover one of them (a TRAINS without levels covers every level).
// parameters: $region_kind ('city' | 'district' | 'county_12' | 'chain' | 'cluster'),
//             $region_id (the district, chain or cluster id; null for 'city' and 'county_12'),
//             $skill_levels (list of level ids, or null for all)
// columns:    occupation_id, year, part ('evaluation' | 'graduates' | 'training'), school_type (null but for
//             graduates), amount, enrolled (students admitted that year, for graduates) — ordered by occupation_id,
//             year, part, school_type.

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
CALL (region) {
  UNWIND region AS o
  MATCH (o:School)-[f:OFFERS WHERE f.year IS NOT NULL]->(:Major)-[:PREPARES_FOR]->(occ:Occupation)
  RETURN occ.id AS occupation_id, f.year AS year, 'graduates' AS part, o.school_type AS school_type,
         sum(f.graduates_per_year) AS amount, sum(coalesce(f.enrolment, 0)) AS enrolled
  UNION ALL
  UNWIND region AS o
  MATCH (o)-[t:TRAINS WHERE t.year IS NOT NULL]->(occ:Occupation)
  WHERE $skill_levels IS NULL OR size(coalesce(t.levels, [])) = 0 OR any(l IN t.levels WHERE l IN $skill_levels)
  RETURN occ.id AS occupation_id, t.year AS year, 'training' AS part, null AS school_type,
         sum(t.capacity_per_year) AS amount, 0 AS enrolled
  UNION ALL
  UNWIND region AS o
  MATCH (o)-[v:EVALUATES WHERE v.year IS NOT NULL]->(occ:Occupation)
  WHERE $skill_levels IS NULL OR any(l IN v.levels WHERE l IN $skill_levels)
  RETURN occ.id AS occupation_id, v.year AS year, 'evaluation' AS part, null AS school_type,
         sum(v.capacity_per_year) AS amount, 0 AS enrolled
}
RETURN occupation_id, year, part, school_type, amount, enrolled
ORDER BY occupation_id, year, part, school_type
