// occupation_demand — the whole city's demand headcount per occupation: the base of location quotients.
// parameters: $year (int, or null for all years), $skill_levels (list of level ids, or null for all)
// columns:    occupation_id, demand — ordered by occupation_id.
MATCH (:Enterprise)-[d:DEMANDS]->(occ:Occupation)
WHERE ($year IS NULL OR d.year = $year) AND ($skill_levels IS NULL OR d.skill_level IN $skill_levels)
RETURN occ.id AS occupation_id, sum(d.headcount) AS demand
ORDER BY occupation_id
