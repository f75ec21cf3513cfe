// demand_history — a region's demand per occupation, district and year, for trends and forecasts (measure 13):
// the headcount firms had (`headcount`) apart from what they stated as plans for a coming year (`planned`,
// DEMANDS.plan). Each enterprise's demand counts in its district.
// parameters: $region_kind ('city' | 'district' | 'county_12' | 'chain' | 'cluster'),
//             $region_id (the district, chain or cluster id; null for 'city' and 'county_12'),
//             $skill_levels (list of level ids, or null for all)
// columns:    occupation_id, district_id, year, headcount, planned — ordered by occupation_id, district_id, year.

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
UNWIND region AS o
MATCH (o:Enterprise)-[d:DEMANDS]->(occ:Occupation)
WHERE $skill_levels IS NULL OR d.skill_level IN $skill_levels
MATCH (o)-[:LOCATED_IN]->(dist:District)
WITH occ.id AS occupation_id, dist.id AS district_id, d.year AS year, coalesce(d.plan, false) AS plan,
     d.headcount AS headcount
RETURN occupation_id, district_id, year,
       sum(CASE WHEN plan THEN 0 ELSE headcount END) AS headcount,
       sum(CASE WHEN plan THEN headcount ELSE 0 END) AS planned
ORDER BY occupation_id, district_id, year
