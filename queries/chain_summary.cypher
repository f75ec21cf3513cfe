// chain_summary — chain_demand_supply read from the chain summaries the Neo4j store rebuilds after
// each ingest (queries/summaries/) instead of from every member's relationships. Same rows as
// chain_demand_supply; use it only while the summaries are current (queries.fetch reads it only then; the
// embedded store answers it from its graph like chain_demand_supply).
// parameters: $chain_id (string, or null for every chain), $year (int, or null for all years)
// columns:    chain_id, occupation_id, name_zh, skill_level, headcount, graduates, training_capacity,
//             evaluation_capacity — ordered by chain_id, occupation_id, skill_level.
CALL () {
  // every chain (the gate keeps Neo4j from scanning when one chain is asked for)
  WITH 1 AS gate WHERE $chain_id IS NULL
  MATCH (s:ChainSummary) RETURN s
  UNION
  MATCH (s:ChainSummary {chain: $chain_id}) RETURN s
}
MATCH (occ:Occupation {id: s.occupation})
// the demand entries of the year asked for, summed per level
UNWIND [i IN range(0, size(s.demand_years) - 1) WHERE $year IS NULL OR s.demand_years[i] = $year] AS i
WITH s, occ, s.demand_levels[i] AS level, sum(s.demand_headcounts[i]) AS headcount
RETURN s.chain AS chain_id,
       occ.id AS occupation_id,
       occ.name_zh AS name_zh,
       level AS skill_level,
       headcount,
       s.graduates AS graduates,
       // a level set "" is a TRAINS without levels: it trains for any level
       reduce(n = 0, j IN range(0, size(s.training_level_sets) - 1) |
              n + CASE WHEN s.training_level_sets[j] = '' OR level IN split(s.training_level_sets[j], ';')
                       THEN s.training_capacities[j] ELSE 0 END) AS training_capacity,
       // an EVALUATES covers only the levels it lists
       reduce(n = 0, j IN range(0, size(s.evaluation_level_sets) - 1) |
              n + CASE WHEN level IN split(s.evaluation_level_sets[j], ';')
                       THEN s.evaluation_capacities[j] ELSE 0 END) AS evaluation_capacity
ORDER BY chain_id, occupation_id, skill_level
