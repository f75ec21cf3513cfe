// supply_outlook — a region's yearly supply per occupation as trends and forecasts read it (measure 13): its
// schools' graduates per year and enrolment per school type (the enrolled cohorts graduate over the programme's
// years), its training and its evaluation capacity (current figures: the rows without a year). With $skill_levels,
// training counts only TRAINS that cover one of them (a TRAINS without levels covers every level), as in region_gap,
// and evaluation only EVALUATES that cover one.
// parameters: $region_kind ('city' | 'district' | 'county_12' | 'chain' | 'cluster'),
//             $region_id (the district, chain or cluster id; null for 'city' and 'county_12'),
//             $skill_levels (list of level ids, or null for all)
// columns:    occupation_id, part ('evaluation' | 'graduates' | 'training'), school_type (null but for graduates),
//             amount (graduates or capacity per year), enrolled (students enrolled where the offer says), not_enrolled (graduates per
//             year of offers that give no enrolment) — ordered by occupation_id, part, school_type.

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
  MATCH (o:School)-[f:OFFERS WHERE f.year IS NULL]->(:Major)-[:PREPARES_FOR]->(occ:Occupation)
  RETURN occ.id AS occupation_id, 'graduates' AS part, o.school_type AS school_type,
         sum(f.graduates_per_year) AS amount, sum(coalesce(f.enrolment, 0)) AS enrolled,
         sum(CASE WHEN f.enrolment IS NULL THEN f.graduates_per_year ELSE 0 END) AS not_enrolled
  UNION ALL
  UNWIND region AS o
  MATCH (o)-[t:TRAINS WHERE t.year IS NULL]->(occ:Occupation)
  WHERE $skill_levels IS NULL OR size(coalesce(t.levels, [])) = 0 OR any(l IN t.levels WHERE l IN $skill_levels)
  RETURN occ.id AS occupation_id, 'training' AS part, null AS school_type, sum(t.capacity_per_year) AS amount,
         0 AS enrolled, 0 AS not_enrolled
  UNION ALL
  UNWIND region AS o
  MATCH (o)-[v:EVALUATES WHERE v.year IS NULL]->(occ:Occupation)
  WHERE $skill_levels IS NULL OR any(l IN v.levels WHERE l IN $skill_levels)
  RETURN occ.id AS occupation_id, 'evaluation' AS part, null AS school_type, sum(v.capacity_per_year) AS amount,
         0 AS enrolled, 0 AS not_enrolled
}
RETURN occupation_id, part, school_type, amount, enrolled, not_enrolled
ORDER BY occupation_id, part, school_type
