// measure_facts — what each organisation of a region holds for the 13 measures in a year: its chains and
//   clusters, workforce by skill level, reported figures (REPORTS), certificates issued, apprenticeship
//   cohorts, filings, hosted platforms, partnerships, consortia, demand and supply (analyses.measures).
// parameters: $region_kind ('city' | 'district' | 'county_12' | 'chain' | 'cluster'),
//             $region_id (the district, chain or cluster id; null for 'city' and 'county_12'),
//             $year (int: the year of the figures; apprenticeship cohorts up to it, filings valid in it)
// columns:    id, kind, district, employees, memberships ([chain, link role] pairs), clusters,
//             workforce ([skill level, workers] of the rows without an occupation), reports ([metric, value]),
//             certificates, dual_certificates, apprentices (trainees of the year's cohort), apprentices_finished
//             (trainees of cohorts with completion reported), apprentices_completed, apprentices_certified,
//             demand (the year's, plans aside), apprenticed_demand (of it, in occupations the firm apprentices
//             in cohorts of the year and the two before), digital_demand, digital_training (current capacity
//             for digital occupations), graduates (current, per year), skill_filings (valid in the year),
//             excluded_filings, cross_track_filings, platform_kinds, partner_countries, partnership_kinds
//             (those it starts), consortia — lists ordered; rows ordered by id.

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
WITH o, toString($year) + '-01-01' AS year_start, toString($year) + '-12-31' AS year_end
CALL (o) {
  OPTIONAL MATCH (o)-[c:CERTIFIED]->(:Occupation) WHERE c.year = $year
  RETURN coalesce(sum(c.certificates), 0) AS certificates, coalesce(sum(c.dual_certificates), 0) AS dual_certificates
}
CALL (o) {
  OPTIONAL MATCH (o)-[a:APPRENTICES]->(:Occupation) WHERE a.cohort <= $year
  RETURN coalesce(sum(CASE WHEN a.cohort = $year THEN a.trainees END), 0) AS apprentices,
         coalesce(sum(CASE WHEN a.completed IS NOT NULL THEN a.trainees END), 0) AS apprentices_finished,
         coalesce(sum(a.completed), 0) AS apprentices_completed,
         coalesce(sum(CASE WHEN a.completed IS NOT NULL THEN coalesce(a.certified, 0) END), 0) AS apprentices_certified
}
CALL (o) {
  OPTIONAL MATCH (o)-[d:DEMANDS]->(occ:Occupation) WHERE d.year = $year AND NOT coalesce(d.plan, false)
  RETURN coalesce(sum(d.headcount), 0) AS demand,
         coalesce(sum(CASE WHEN EXISTS { (o)-[a:APPRENTICES]->(occ) WHERE $year - 2 <= a.cohort <= $year }
                      THEN d.headcount END), 0) AS apprenticed_demand,
         coalesce(sum(CASE WHEN occ.is_digital THEN d.headcount END), 0) AS digital_demand
}
CALL (o) {
  OPTIONAL MATCH (o)-[t:TRAINS]->(occ:Occupation) WHERE t.year IS NULL AND occ.is_digital
  RETURN coalesce(sum(t.capacity_per_year), 0) AS digital_training
}
CALL (o) {
  OPTIONAL MATCH (o)-[g:OFFERS]->(:Major) WHERE g.year IS NULL
  RETURN coalesce(sum(g.graduates_per_year), 0) AS graduates
}
CALL (o, year_start, year_end) {
  OPTIONAL MATCH (o)-[f:FILED]->(:Occupation)
  RETURN count(CASE WHEN f.track = 'skill' AND f.excluded_reason IS NULL AND coalesce(f.filed, year_start) <= year_end
                     AND coalesce(f.valid_until, year_end) >= year_start THEN 1 END) AS skill_filings,
         count(f.excluded_reason) AS excluded_filings,
         count(CASE WHEN f.track = 'cross_track' AND f.excluded_reason IS NULL THEN 1 END) AS cross_track_filings
}
RETURN o.id AS id,
       head([label IN labels(o) WHERE NOT label IN ['Organisation', 'Entity']]) AS kind,
       o.district AS district,
       o.employees AS employees,
       COLLECT { MATCH (o)-[m:MEMBER_OF]->(c:Chain) RETURN [c.id, m.link_role] AS pair ORDER BY pair } AS memberships,
       COLLECT { MATCH (o)-[:IN_CLUSTER]->(k:Cluster) RETURN k.id AS id ORDER BY id } AS clusters,
       COLLECT { MATCH (o)-[w:EMPLOYS]->(l:SkillLevel) WHERE w.year = $year AND w.occupation IS NULL
                 RETURN [l.id, w.workers] AS pair ORDER BY pair } AS workforce,
       COLLECT { MATCH (o)-[r:REPORTS]->(m:Metric) WHERE r.year = $year RETURN [m.id, r.value] AS pair
                 ORDER BY pair } AS reports,
       certificates, dual_certificates,
       apprentices, apprentices_finished, apprentices_completed, apprentices_certified,
       demand, apprenticed_demand, digital_demand,
       digital_training, graduates,
       skill_filings, excluded_filings, cross_track_filings,
       COLLECT { MATCH (o)-[:HOSTS]->(p:Platform) RETURN p.kind AS kind ORDER BY kind } AS platform_kinds,
       COLLECT { MATCH (o)-[:HOSTS]->(p:Platform) UNWIND coalesce(p.partner_countries, []) AS country
                 RETURN DISTINCT country ORDER BY country } AS partner_countries,
       COLLECT { MATCH (o)-[p:PARTNERS_WITH]->(:Organisation) RETURN p.kind AS kind ORDER BY kind } AS partnership_kinds,
       COLLECT { MATCH (o)-[:PART_OF]->(k:Consortium) RETURN k.id AS id ORDER BY id } AS consortia
ORDER BY id
