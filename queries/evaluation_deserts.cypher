// evaluation_deserts — each occupation × skill level demanded in a region, with how many
// evaluation bodies (or enterprises filed as such) evaluate it at that level within reach —
// located in a district where the region has an organisation — and anywhere in the city, and the
// demand none of those in reach may serve. An evaluator serves whom its skill-track filing (FILED)
// names: the public (no filing reads as public), its own staff, or the member firms of the chains it
// leads or takes part in (a chain leader filed for its chain); a filing that excludes the occupation
// (a 准入类 qualification) means it does not evaluate it at all. A pair with unserved demand is an
// evaluation desert for that demand (analyses.deserts.evaluation_deserts).
// parameters: $region_kind ('city' | 'district' | 'county_12' | 'chain' | 'cluster'),
//             $region_id (the district, chain or cluster id; null for 'city' and 'county_12'),
//             $year (int, or null for all years)
// columns:    occupation_id, name_zh, skill_level, headcount, enterprises, evaluators_in_reach,
//             evaluators_in_city, unserved_headcount, unserved_enterprises — ordered by occupation_id, skill_level.

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
WITH reach, occ, d.skill_level AS level, e, sum(d.headcount) AS demand
WITH reach, occ, level, collect({firm: e, demand: demand}) AS firms, sum(demand) AS headcount,
     count(e) AS enterprises
// ── the evaluators of occ at level, each with the districts it is in, its filing's scope and its chains
CALL (occ, level) {
  OPTIONAL MATCH (b:Organisation)-[v:EVALUATES WHERE v.year IS NULL]->(occ)
  WHERE level IN v.levels
    AND NOT EXISTS { (b)-[x:FILED {track: 'skill'}]->(occ) WHERE x.excluded_reason IS NOT NULL }
  OPTIONAL MATCH (b)-[f:FILED {track: 'skill'}]->(occ)
  WITH DISTINCT b, coalesce(f.scope, 'public') AS scope
  RETURN collect(CASE WHEN b IS NOT NULL
                 THEN {evaluator: b.id, places: [(b)-[:LOCATED_IN]->(p:District) | p], scope: scope,
                       chains: [(b)-[:MEMBER_OF|LEADS]->(c:Chain) | c.id]} END) AS evaluators
}
// ── end of the evaluators ──
// ── which of them are in reach: located in a district of the reach
WITH *, [b IN evaluators WHERE any(p IN b.places WHERE p IN reach)] AS near
WITH *, size(evaluators) AS evaluators_in_city, size(near) AS evaluators_in_reach,
     size([b IN near WHERE b.scope = 'public']) AS open_in_reach, [b IN near WHERE b.scope <> 'public'] AS scoped
// ── end of which are in reach ──
CALL (firms, open_in_reach, scoped) {
  UNWIND firms AS x
  WITH x.firm AS firm, x.demand AS demand, open_in_reach, scoped
  WHERE NOT (
// ── whether an evaluator in reach serves the firm
    open_in_reach > 0
    OR any(s IN scoped WHERE s.evaluator = firm.id
           OR (s.scope = 'chain_members'
               AND any(c IN [(firm)-[:MEMBER_OF|LEADS]->(fc:Chain) | fc.id] WHERE c IN s.chains)))
// ── end of whether served ──
  )
  RETURN sum(demand) AS unserved_headcount, count(firm) AS unserved_enterprises
}
RETURN occ.id AS occupation_id,
       occ.name_zh AS name_zh,
       level AS skill_level,
       headcount,
       enterprises,
       evaluators_in_reach,
       evaluators_in_city,
       unserved_headcount,
       unserved_enterprises
ORDER BY occupation_id, skill_level
