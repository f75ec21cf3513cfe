// deserts — each district's and the city's DesertSummary per occupation: evaluation_deserts' rows for that region, one
// entry per (skill level, year) demanded and per skill level for all years together (year 0). Which evaluators count,
// which are in reach and whom they serve are evaluation_deserts' own blocks, put in by queries/summaries.py: the
// summary cannot tell another story than the query. The evaluators of an occupation × level are read once for every
// region; a firm is served or not whatever the year, so its demand is summed per year once that is known.
// each firm's demand per occupation × level, by year, in each region it belongs to: its districts and the city
MATCH (e:Enterprise)
WITH e, [(e)-[:LOCATED_IN]->(g:District) | g.id] + ['city'] AS regions
MATCH (e)-[d:DEMANDS]->(occ:Occupation)
WITH e, regions, occ, d.skill_level AS level, d.year AS year, sum(d.headcount) AS demand
WITH e, regions, occ, level, collect(year) AS years, collect(demand) AS demands
WITH regions, occ, level, {firm: e, years: years, demands: demands} AS firm
UNWIND regions AS region
WITH region, occ, level, collect(firm) AS firms
WITH occ, level, collect({region: region, firms: firms}) AS demanded
// the regions' reach, the districts their organisations are located in, read once (one row) and given to each region
WITH collect({occ: occ, level: level, demanded: demanded}) AS pairs
CALL () {
  MATCH (g:District)<-[:LOCATED_IN]-(o:Organisation)
  MATCH (o)-[:LOCATED_IN]->(place:District)
  RETURN g.id AS region, collect(DISTINCT place) AS reach
  UNION
  MATCH (:Organisation)-[:LOCATED_IN]->(place:District)
  RETURN 'city' AS region, collect(DISTINCT place) AS reach
}
WITH pairs, collect({region: region, reach: reach}) AS regions
UNWIND pairs AS pair
WITH pair.occ AS occ, pair.level AS level,
     [here IN pair.demanded | here {.*, reach: head([r IN regions WHERE r.region = here.region]).reach}] AS demanded
«the evaluators»
UNWIND demanded AS here
WITH occ, level, evaluators, here.region AS region, here.reach AS reach, here.firms AS firms
«which are in reach»
UNWIND firms AS x
WITH region, occ, level, evaluators_in_city, evaluators_in_reach, open_in_reach, scoped,
     x.firm AS firm, x.years AS years, x.demands AS demands
WITH region, occ, level, evaluators_in_city, evaluators_in_reach, years, demands, («whether served») AS served
UNWIND range(0, size(years)) AS i
WITH region, occ, level, evaluators_in_city, evaluators_in_reach, served,
     CASE WHEN i < size(years) THEN years[i] ELSE 0 END AS year,
     CASE WHEN i < size(years) THEN demands[i] ELSE reduce(n = 0, v IN demands | n + v) END AS demand
WITH region, occ, level, year, evaluators_in_city, evaluators_in_reach,
     sum(demand) AS headcount, count(*) AS enterprises,
     sum(CASE WHEN served THEN 0 ELSE demand END) AS unserved_headcount,
     sum(CASE WHEN served THEN 0 ELSE 1 END) AS unserved_enterprises
ORDER BY level, year
WITH region, occ, collect(level) AS levels, collect(year) AS years, collect(headcount) AS headcounts,
     collect(enterprises) AS enterprises, collect(unserved_headcount) AS unserved_headcounts,
     collect(unserved_enterprises) AS unserved_enterprises, collect(evaluators_in_reach) AS evaluators_in_reach,
     collect(evaluators_in_city) AS evaluators_in_city
CREATE (:DesertSummary {
  key: region + '|' + occ.id, region: region, occupation: occ.id, levels: levels, years: years,
  headcounts: headcounts, enterprises: enterprises, unserved_headcounts: unserved_headcounts,
  unserved_enterprises: unserved_enterprises, evaluators_in_reach: evaluators_in_reach,
  evaluators_in_city: evaluators_in_city
})
