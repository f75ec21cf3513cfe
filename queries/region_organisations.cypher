// region_organisations — the organisations a region is made of: the base of every region query.
// A region is the city, a district, the 12 counties (measure 10) together, a chain or a cluster.
// parameters: $region_kind ('city' | 'district' | 'county_12' | 'chain' | 'cluster'),
//             $region_id (the district, chain or cluster id; null for 'city' and 'county_12')
// columns:    id, kind, name_zh, district — ordered by id.

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
RETURN o.id AS id,
       [l IN labels(o) WHERE NOT l IN ['Entity', 'Organisation']][0] AS kind,
       o.name_zh AS name_zh,
       o.district AS district
ORDER BY id
