// occupation_demand_summary — occupation_demand read from the city's gap summaries (queries/summaries/):
// the same rows, by reading one summary per occupation instead of every demand relationship. Use it only
// while the summaries are current (queries.fetch reads it only then; the embedded store answers it from its
// graph like occupation_demand).
// parameters: $year (int, or null for all years), $skill_levels (list of level ids, or null for all)
// columns:    occupation_id, demand — ordered by occupation_id.
MATCH (s:GapSummary {region: 'city'})
WITH s, [i IN range(0, size(s.demand_years) - 1)
         WHERE ($year IS NULL OR s.demand_years[i] = $year)
           AND ($skill_levels IS NULL OR s.demand_levels[i] IN $skill_levels)] AS picked
WHERE size(picked) > 0
RETURN s.occupation AS occupation_id, reduce(n = 0, i IN picked | n + s.demand_headcounts[i]) AS demand
ORDER BY occupation_id
