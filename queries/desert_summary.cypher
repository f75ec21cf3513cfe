// desert_summary — evaluation_deserts for a district or the whole city, read from the desert summaries the Neo4j store
// rebuilds after each ingest (queries/summaries/deserts.cypher) instead of from every demand and evaluator.
// Same rows as evaluation_deserts with region_kind 'district' or 'city'; use it only while the summaries are current
// (queries.fetch reads it only then; the embedded store answers it from its graph like evaluation_deserts).
// parameters: $region (a district id, or 'city'), $year (int, or null for all years)
// columns:    occupation_id, name_zh, skill_level, headcount, enterprises, evaluators_in_reach,
//             evaluators_in_city, unserved_headcount, unserved_enterprises — ordered by occupation_id, skill_level.
MATCH (s:DesertSummary {region: $region})
// the entries of the year asked (0: all years together), picked before the occupation is looked up
WITH s, [i IN range(0, size(s.years) - 1) WHERE s.years[i] = coalesce($year, 0)] AS picked
WHERE size(picked) > 0
MATCH (occ:Occupation {id: s.occupation})
UNWIND picked AS i
RETURN occ.id AS occupation_id,
       occ.name_zh AS name_zh,
       s.levels[i] AS skill_level,
       s.headcounts[i] AS headcount,
       s.enterprises[i] AS enterprises,
       s.evaluators_in_reach[i] AS evaluators_in_reach,
       s.evaluators_in_city[i] AS evaluators_in_city,
       s.unserved_headcounts[i] AS unserved_headcount,
       s.unserved_enterprises[i] AS unserved_enterprises
ORDER BY occupation_id, skill_level
