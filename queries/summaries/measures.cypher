// measures — a MeasureSummary per region and year: measure_tally's row for the city, each district, the 12 counties,
// each chain and each cluster, in the latest three years the data hold (that of its latest demand, workforce,
// reports, certificates or apprenticeship cohort, and the two before). The lines «…» are measure_tally's own blocks
// (queries.summaries puts them in), so the summaries sum what the query sums.
CALL () {
  MATCH ()-[r:DEMANDS|EMPLOYS|REPORTS|CERTIFIED]->() WHERE NOT coalesce(r.plan, false) RETURN max(r.year) AS latest
  UNION ALL
  MATCH ()-[a:APPRENTICES]->() RETURN max(a.cohort) AS latest
}
WITH max(latest) AS latest WHERE latest IS NOT NULL
MATCH (o:Organisation)
WITH o, range(latest - 2, latest) AS years
«each organisation's tally»
// the regions each organisation counts in: those measure_tally's region block puts it in
WITH t, year, [['city', null]]
  + [d IN COLLECT { MATCH (o)-[:LOCATED_IN]->(d:District) RETURN DISTINCT d.id } | ['district', d]]
  + CASE WHEN EXISTS { (o)-[:LOCATED_IN]->(:District {is_county_12: true}) } THEN [['county_12', null]] ELSE [] END
  + [c IN COLLECT { MATCH (o)-[:MEMBER_OF]->(c:Chain) RETURN DISTINCT c.id } | ['chain', c]]
  + [k IN COLLECT { MATCH (o:Enterprise)-[:IN_CLUSTER]->(k:Cluster) RETURN k.id AS id
                    UNION MATCH (o)-[:MEMBER_OF]->(:Chain)-[:IN_CLUSTER]->(k:Cluster) RETURN k.id AS id }
     | ['cluster', k]] AS regions
UNWIND regions AS region
WITH region[0] AS region_kind, region[1] AS region_id, year, t
«the sum»
CREATE (s:MeasureSummary {key: region_kind + '|' + coalesce(region_id, '') + '|' + toString(year),
                          region_kind: region_kind, region_id: region_id, year: year})
SET s += tally {.*, consortia: COLLECT { UNWIND tally.consortia AS l UNWIND l AS k RETURN DISTINCT k ORDER BY k },
                    partner_countries: COLLECT { UNWIND tally.partner_countries AS l UNWIND l AS c
                                                 RETURN DISTINCT c ORDER BY c }}
