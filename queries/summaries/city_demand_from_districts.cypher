// city_demand_from_districts — the city's GapSummary demand as the districts' (year, level) entries summed.
// Runs only when every organisation sits in exactly one district (then the city's sums are the districts');
// otherwise city.cypher sums the graph. Reads the district summaries built before it in the transaction.
CALL () {
  MATCH (o:Organisation) WHERE COUNT { (o)-[:LOCATED_IN]->(:District) } <> 1
  RETURN count(o) = 0 AS once
}
WITH once WHERE once
MATCH (s:GapSummary) WHERE s.region <> 'city'
UNWIND range(0, size(s.demand_years) - 1) AS i
WITH s.occupation AS occupation, s.demand_years[i] AS year, s.demand_levels[i] AS level,
     sum(s.demand_headcounts[i]) AS headcount, sum(s.demand_declared[i]) AS declared
ORDER BY year, level
WITH occupation, collect(year) AS ys, collect(level) AS ls, collect(headcount) AS hs, collect(declared) AS ds
CREATE (:GapSummary {
  key: 'city|' + occupation, region: 'city', occupation: occupation,
  demand_years: ys, demand_levels: ls, demand_headcounts: hs, demand_declared: ds, graduates: 0,
  training_level_sets: [], training_capacities: [], evaluation_level_sets: [], evaluation_capacities: []
})
