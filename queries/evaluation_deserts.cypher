// evaluation_deserts — each occupation × skill level demanded in a region, with how many
// evaluation bodies (or enterprises filed as such) evaluate it at that level within reach —
// located in a district where the region has an organisation — and anywhere in the city.
// A pair with none in reach is an evaluation desert (analyses.deserts.evaluation_deserts).
// parameters: $region_kind ('city' | 'district' | 'county_12' | 'chain' | 'cluster'),
//             $region_id (the district, chain or cluster id; null for 'city' and 'county_12'),
//             $year (int, or null for all years)
// columns:    occupation_id, name_zh, skill_level, headcount, enterprises, evaluators_in_reach,
//             evaluators_in_city — ordered by occupation_id, skill_level.

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
  MATCH (o)-[:LOCATED_IN]->(place:District)
  RETURN collect(DISTINCT place) AS reach
}
UNWIND region AS e
MATCH (e:Enterprise)-[d:DEMANDS]->(occ:Occupation)
WHERE $year IS NULL OR d.year = $year
WITH reach, occ, d.skill_level AS level, sum(d.headcount) AS headcount, count(DISTINCT e) AS enterprises
CALL (reach, occ, level) {
  OPTIONAL MATCH (b:Organisation)-[v:EVALUATES WHERE v.year IS NULL]->(occ)
  WHERE level IN v.levels
  OPTIONAL MATCH (b)-[:LOCATED_IN]->(place:District)
  RETURN count(DISTINCT b) AS evaluators_in_city,
         count(DISTINCT CASE WHEN place IN reach THEN b END) AS evaluators_in_reach
}
RETURN occ.id AS occupation_id,
       occ.name_zh AS name_zh,
       level AS skill_level,
       headcount,
       enterprises,
       evaluators_in_reach,
       evaluators_in_city
ORDER BY occupation_id, skill_level
