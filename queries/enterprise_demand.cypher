// enterprise_demand — each enterprise's demand in a region, one row per occupation × skill level, with
// where the enterprise is: the demand points of the station recommendations and the target of the
// partner recommendations. An enterprise without coordinates sits at its district's seat.
// parameters: $region_kind ('city' | 'district' | 'county_12' | 'chain' | 'cluster'),
//             $region_id (the district, chain or cluster id; null for 'city' and 'county_12'),
//             $enterprise_id (one enterprise's id, or null for all of the region's),
//             $year (int, or null for all years), $occupation_ids (list of occupation ids, or null for all),
//             $cluster_id (keep occupations IN_CLUSTER this cluster, or null for all)
// columns:    enterprise_id, name_zh, district, lat, lng, occupation_id, occupation_name_zh,
//             occupation_name_en, skill_level, headcount (summed over years)
//             — ordered by enterprise_id, occupation_id, skill_level.

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
MATCH (o:Enterprise)-[d:DEMANDS]->(occ:Occupation)
WHERE ($enterprise_id IS NULL OR o.id = $enterprise_id)
  AND ($year IS NULL OR d.year = $year)
  AND ($occupation_ids IS NULL OR occ.id IN $occupation_ids)
  AND ($cluster_id IS NULL OR EXISTS { (occ)-[:IN_CLUSTER]->(:Cluster {id: $cluster_id}) })
OPTIONAL MATCH (place:District {id: o.district})
WITH o, place, occ, d.skill_level AS skill_level, sum(d.headcount) AS headcount
RETURN o.id AS enterprise_id,
       o.name_zh AS name_zh,
       o.district AS district,
       toFloat(coalesce(o.lat, place.seat_lat, place.lat)) AS lat,
       toFloat(coalesce(o.lng, place.seat_lng, place.lng)) AS lng,
       occ.id AS occupation_id,
       occ.name_zh AS occupation_name_zh,
       occ.name_en AS occupation_name_en,
       skill_level,
       headcount
ORDER BY enterprise_id, occupation_id, skill_level
