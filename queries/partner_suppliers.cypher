// partner_suppliers — the schools, training providers and evaluation bodies that supply any of
// some occupations, with how much, at which levels, and the load they already carry: the
// demand for that occupation of the enterprises they already partner with (PARTNERS_WITH,
// either direction, each partner once).
// parameters: $occupation_ids (list of occupation ids), $year (int, or null for all years)
// columns:    id, kind, name_zh, name_en, district, lat, lng, occupation_id, part ('graduates' | 'training' |
//             'evaluation'), amount (graduates or capacity per year), levels (by id; [] = any level),
//             committed, discoverable (the organisation agreed to be shown to chains it is not in)
//             — ordered by id, occupation_id, part.

MATCH (occ:Occupation) WHERE occ.id IN $occupation_ids
CALL (occ) {
  MATCH (o:School)-[f:OFFERS WHERE f.year IS NULL]->(:Major)-[:PREPARES_FOR]->(occ)
  RETURN o, 'graduates' AS part, sum(f.graduates_per_year) AS amount, [] AS levels
  UNION ALL
  MATCH (o:School|TrainingProvider|EvaluationBody)-[t:TRAINS WHERE t.year IS NULL]->(occ)
  RETURN o, 'training' AS part, t.capacity_per_year AS amount, coalesce(t.levels, []) AS levels
  UNION ALL
  MATCH (o:EvaluationBody)-[v:EVALUATES WHERE v.year IS NULL]->(occ)
  RETURN o, 'evaluation' AS part, v.capacity_per_year AS amount, v.levels AS levels
}
CALL (o, occ) {
  OPTIONAL MATCH (o)-[:PARTNERS_WITH]-(p:Enterprise)
  WITH DISTINCT p
  OPTIONAL MATCH (p)-[d:DEMANDS]->(occ) WHERE $year IS NULL OR d.year = $year
  RETURN coalesce(sum(d.headcount), 0) AS committed
}
OPTIONAL MATCH (place:District {id: o.district})
RETURN o.id AS id,
       [l IN labels(o) WHERE NOT l IN ['Entity', 'Organisation']][0] AS kind,
       o.name_zh AS name_zh,
       o.name_en AS name_en,
       o.district AS district,
       toFloat(coalesce(o.lat, place.seat_lat, place.lat)) AS lat,
       toFloat(coalesce(o.lng, place.seat_lng, place.lng)) AS lng,
       occ.id AS occupation_id,
       part,
       amount,
       levels,
       committed,
       coalesce(o.discoverable, false) AS discoverable
ORDER BY id, occupation_id, part
