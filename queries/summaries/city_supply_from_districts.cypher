// city_supply_from_districts — the city's GapSummary supply as the districts' graduates and capacities
// per list of levels summed; same condition as city_demand_from_districts.
CALL () {
  MATCH (o:Organisation) WHERE COUNT { (o)-[:LOCATED_IN]->(:District) } <> 1
  RETURN count(o) = 0 AS once
}
WITH once WHERE once
MATCH (s:GapSummary) WHERE s.region <> 'city'
WITH s.occupation AS occupation, s.graduates AS graduates,
     [i IN range(0, size(s.training_level_sets) - 1) | [s.training_level_sets[i], s.training_capacities[i]]]
       AS training,
     [i IN range(0, size(s.evaluation_level_sets) - 1) | [s.evaluation_level_sets[i], s.evaluation_capacities[i]]]
       AS evaluation
WITH occupation, sum(graduates) AS graduates, collect(training) AS training, collect(evaluation) AS evaluation
WITH occupation, graduates,
     COLLECT { UNWIND training AS part UNWIND part AS pair WITH pair[0] AS level_set, sum(pair[1]) AS amount
               RETURN [level_set, amount] AS entry ORDER BY level_set } AS training,
     COLLECT { UNWIND evaluation AS part UNWIND part AS pair WITH pair[0] AS level_set, sum(pair[1]) AS amount
               RETURN [level_set, amount] AS entry ORDER BY level_set } AS evaluation
WHERE graduates > 0 OR size(training) > 0 OR size(evaluation) > 0
MERGE (c:GapSummary {key: 'city|' + occupation})
ON CREATE SET c += {region: 'city', occupation: occupation, demand_years: [], demand_levels: [],
                    demand_headcounts: [], demand_declared: []}
SET c.graduates = graduates,
    c.training_level_sets = [e IN training | e[0]], c.training_capacities = [e IN training | e[1]],
    c.evaluation_level_sets = [e IN evaluation | e[0]], c.evaluation_capacities = [e IN evaluation | e[1]]
