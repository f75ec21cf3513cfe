// wage_reference — the wage references loaded (EARNS, measure 11): the median monthly wage of an occupation
//   at a skill level in a year, with its source.
// parameters: $year (int, or null for every year)
// columns:    occupation_id, name_zh, skill_level, year, median_monthly_wage, source — ordered by occupation_id,
//             skill_level, year.
MATCH (occ:Occupation)-[w:EARNS]->(l:SkillLevel)
WHERE $year IS NULL OR w.year = $year
RETURN occ.id AS occupation_id,
       occ.name_zh AS name_zh,
       l.id AS skill_level,
       w.year AS year,
       w.median_monthly_wage AS median_monthly_wage,
       w.source AS source
ORDER BY occupation_id, skill_level, year
