// district_gap — demand against supply per district × occupation: the district gap tables of the gap
// analysis in one pass, which the station and partner recommendations turn into unmet demand.
// Supply is as in region_gap without a level filter: graduates of the district's schools' majors
// that prepare for the occupation plus its organisations' training capacity.
// parameters: $year (int, or null for all years), $occupation_ids (list of occupation ids, or null for all)
// columns:    district, occupation_id, demand, graduates, training_capacity — only rows with demand,
//             ordered by district, occupation_id.

MATCH (e:Enterprise)-[d:DEMANDS]->(occ:Occupation)
WHERE ($year IS NULL OR d.year = $year) AND ($occupation_ids IS NULL OR occ.id IN $occupation_ids)
MATCH (e)-[:LOCATED_IN]->(place:District)
WITH place, occ, sum(d.headcount) AS demand
CALL (place, occ) {
  MATCH (place)<-[:LOCATED_IN]-(s:School)-[f:OFFERS WHERE f.year IS NULL]->(:Major)-[:PREPARES_FOR]->(occ)
  RETURN sum(f.graduates_per_year) AS graduates
}
CALL (place, occ) {
  MATCH (place)<-[:LOCATED_IN]-(:Organisation)-[t:TRAINS WHERE t.year IS NULL]->(occ)
  RETURN sum(t.capacity_per_year) AS training_capacity
}
RETURN place.id AS district, occ.id AS occupation_id, demand, graduates, training_capacity
ORDER BY district, occupation_id
