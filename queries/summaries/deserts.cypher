// deserts — each district's and the city's DesertSummary per occupation: evaluation_deserts' rows for that region, one
// entry per (skill level, year) demanded and per skill level for all years together (year 0). Which evaluators count,
// which are in reach and whom they serve are evaluation_deserts' own blocks, put in by queries/summaries.py: the
// summary cannot tell another story than the query.
// Built to hold little in memory at once (a metro's five million demands): the demand is summed per region,
// occupation, level and year as it streams by (a firm has one DEMANDS per occupation, level and year, its key); the
// evaluators of an occupation × level are read once for every region; where one in reach is open to all, none of
// the demand lacks an evaluator, where there is none all of it does, and where all in reach are scoped, only the firms
// they may serve are looked at one by one.
CALL () {
  MATCH (e:Enterprise)
  WITH e, [(e)-[:LOCATED_IN]->(g:District) | g.id] + ['city'] AS regions
  MATCH (e)-[d:DEMANDS]->(occ:Occupation)
  UNWIND regions AS region
  WITH region, occ, d.skill_level AS level, d.year AS year, sum(d.headcount) AS headcount, count(*) AS enterprises
  RETURN region, occ, level, year, headcount, enterprises
  UNION ALL
  MATCH (e:Enterprise)
  WITH e, [(e)-[:LOCATED_IN]->(g:District) | g.id] + ['city'] AS regions
  MATCH (e)-[d:DEMANDS]->(occ:Occupation)
  UNWIND regions AS region
  WITH region, occ, d.skill_level AS level, sum(d.headcount) AS headcount, count(DISTINCT e) AS enterprises
  RETURN region, occ, level, 0 AS year, headcount, enterprises
}
WITH region, occ, level, year, headcount, enterprises ORDER BY year
WITH region, occ, level, collect(year) AS years, collect(headcount) AS headcounts, collect(enterprises) AS enterprises
WITH occ, level, collect({region: region, years: years, headcounts: headcounts, enterprises: enterprises}) AS demanded
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
// where every evaluator in reach is scoped, the firms they serve: the evaluators themselves, and the member firms of
// the chains a chain-members filing names — few, where the firms that lack an evaluator may be many; the demand that
// lacks one is the rest
CALL (occ, level, evaluators, demanded) {
  UNWIND demanded AS here
  WITH occ, level, evaluators, here.region AS region, here.reach AS reach
«which are in reach»
  WITH occ, level, region, open_in_reach, scoped
  WHERE open_in_reach = 0 AND size(scoped) > 0
  CALL (scoped) {
    UNWIND scoped AS s
    MATCH (firm:Enterprise {id: s.evaluator})
    RETURN firm
    UNION
    UNWIND scoped AS s
    WITH s WHERE s.scope = 'chain_members'
    UNWIND s.chains AS chain
    MATCH (:Chain {id: chain})<-[:MEMBER_OF|LEADS]-(firm:Enterprise)
    RETURN firm
  }
  MATCH (firm)-[d:DEMANDS]->(occ)
  WHERE d.skill_level = level AND (region = 'city' OR EXISTS { (firm)-[:LOCATED_IN]->(:District {id: region}) })
  WITH region, firm, d, open_in_reach, scoped
  WHERE «whether served»
  WITH region, collect({year: d.year, demand: d.headcount}) AS served, count(DISTINCT firm) AS firms
  RETURN collect({region: region, served: served, firms: firms}) AS served_where_scoped
}
UNWIND demanded AS here
WITH occ, level, evaluators, here.region AS region, here.reach AS reach, here.years AS years,
     here.headcounts AS headcounts, here.enterprises AS enterprises,
     head([s IN served_where_scoped WHERE s.region = here.region]) AS scoped_serve
«which are in reach»
WITH region, occ, level, evaluators_in_city, evaluators_in_reach, years, headcounts, enterprises,
     open_in_reach > 0 AS all_served, coalesce(scoped_serve.served, []) AS served,
     coalesce(scoped_serve.firms, 0) AS served_firms
// a firm has one DEMANDS per occupation, level and year: its served rows of a year count its firms that year
WITH region, occ, level, evaluators_in_city, evaluators_in_reach, years, headcounts, enterprises,
     [i IN range(0, size(years) - 1) |
      CASE WHEN all_served THEN 0
           ELSE headcounts[i] - reduce(n = 0, s IN served | n + CASE WHEN years[i] IN [0, s.year] THEN s.demand ELSE 0 END)
      END] AS unserved_headcounts,
     [i IN range(0, size(years) - 1) |
      CASE WHEN all_served THEN 0
           WHEN years[i] = 0 THEN enterprises[i] - served_firms
           ELSE enterprises[i] - size([s IN served WHERE s.year = years[i]]) END] AS unserved_enterprises
ORDER BY level
WITH region, occ, collect({level: level, years: years, headcounts: headcounts, enterprises: enterprises,
                           unserved_headcounts: unserved_headcounts, unserved_enterprises: unserved_enterprises,
                           evaluators_in_reach: evaluators_in_reach, evaluators_in_city: evaluators_in_city}) AS rows
CREATE (:DesertSummary {
  key: region + '|' + occ.id, region: region, occupation: occ.id,
  levels: reduce(l = [], r IN rows | l + [y IN r.years | r.level]),
  years: reduce(l = [], r IN rows | l + r.years),
  headcounts: reduce(l = [], r IN rows | l + r.headcounts),
  enterprises: reduce(l = [], r IN rows | l + r.enterprises),
  unserved_headcounts: reduce(l = [], r IN rows | l + r.unserved_headcounts),
  unserved_enterprises: reduce(l = [], r IN rows | l + r.unserved_enterprises),
  evaluators_in_reach: reduce(l = [], r IN rows | l + [y IN r.years | r.evaluators_in_reach]),
  evaluators_in_city: reduce(l = [], r IN rows | l + [y IN r.years | r.evaluators_in_city])
})
