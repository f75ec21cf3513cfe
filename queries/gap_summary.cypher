// gap_summary — region_gap for a district or the whole city, read from the gap summaries the Neo4j
// store rebuilds after each ingest (queries/summaries/) instead of from every relationship.
// Same rows as region_gap with region_kind 'district' or 'city'; use it only while the summaries are
// current (queries.fetch reads it only then; the embedded store answers it from its graph like region_gap).
// parameters: $region (a district id, or 'city'), $year (int, or null for all years),
//             $skill_levels (list of level ids, or null for all)
// columns:    occupation_id, name_zh, name_en, cluster_ids (by id), priority_fields, demand,
//             declared_shortage, demand_levels (by id), graduates, training_capacity,
//             evaluation_capacity — ordered by occupation_id.
MATCH (s:GapSummary {region: $region})
// the (year, level) entries of the demand that the filters keep
WITH s, [i IN range(0, size(s.demand_years) - 1)
         WHERE ($year IS NULL OR s.demand_years[i] = $year)
           AND ($skill_levels IS NULL OR s.demand_levels[i] IN $skill_levels)] AS picked
WHERE size(picked) > 0
MATCH (occ:Occupation {id: s.occupation})
WITH s, occ,
     reduce(n = 0, i IN picked | n + s.demand_headcounts[i]) AS demand,
     reduce(n = 0, i IN picked | n + s.demand_declared[i]) AS declared_shortage,
     COLLECT { UNWIND picked AS i WITH DISTINCT s.demand_levels[i] AS l RETURN l ORDER BY l } AS demand_levels
RETURN occ.id AS occupation_id,
       occ.name_zh AS name_zh,
       occ.name_en AS name_en,
       COLLECT { MATCH (occ)-[:IN_CLUSTER]->(k:Cluster) RETURN k.id ORDER BY k.id } AS cluster_ids,
       coalesce(occ.priority_fields, []) AS priority_fields,
       demand,
       declared_shortage,
       demand_levels,
       s.graduates AS graduates,
       // a level set "" is a TRAINS without levels: it trains for every level
       reduce(n = 0, i IN range(0, size(s.training_level_sets) - 1) |
              n + CASE WHEN $skill_levels IS NULL OR s.training_level_sets[i] = ''
                            OR any(l IN split(s.training_level_sets[i], ';') WHERE l IN $skill_levels)
                       THEN s.training_capacities[i] ELSE 0 END) AS training_capacity,
       // an evaluation body counts once if it covers any demanded level
       reduce(n = 0, i IN range(0, size(s.evaluation_level_sets) - 1) |
              n + CASE WHEN any(l IN split(s.evaluation_level_sets[i], ';') WHERE l IN demand_levels)
                       THEN s.evaluation_capacities[i] ELSE 0 END) AS evaluation_capacity
ORDER BY occupation_id
