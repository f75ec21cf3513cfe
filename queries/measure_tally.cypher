// measure_tally — the sums and counts the 13 measures' indicators are computed from, for a region's organisations
//   in a year (analyses.measures): how many organisations of each kind, and of them how many report each figure,
//   with the figures summed; with $by, one row per district, chain or cluster of the region instead.
// parameters: $region_kind ('city' | 'district' | 'county_12' | 'chain' | 'cluster'),
//             $region_id (the district, chain or cluster id; null for 'city' and 'county_12'),
//             $year (int: the year of the figures; apprenticeship cohorts up to it, filings valid in it),
//             $by (null: one row for the region; 'district' | 'chain' | 'cluster': one row per district the
//             organisations are located in, chain they are members of, cluster they belong to — an enterprise's
//             own clusters and its chains' clusters)
// columns:    group (null without $by; else the district, chain or cluster id), tally — a map: organisations,
//             enterprises, evaluators (enterprises and evaluation bodies), schools, employment_services;
//             platforms (hosted), hosts, digital_pilot_zones, international_stations, industry_colleges,
//             order_classes (order and named classes), consortia and partner_countries (lists, ordered);
//             digital_training (capacity for digital occupations), graduates (per year), excluded_filings,
//             cross_track_filings, cross_track_filers; of the year: staffed (enterprises reporting their workforce),
//             workers, high_workers (their skilled and high-skill workers), high_workers_honours (honours of the
//             staffed enterprises); upskilling_trainees, training_subsidy, international_trainees, honours,
//             competition_awards with the organisations reporting each (…_reporters; international and honour
//             metrics by group); fund_reporters (used and front-line both reported), fund_used, fund_frontline,
//             fund_target_met (front-line ≥ 60 % of used), fund_drawn_reporters (drawn and used), fund_drawn,
//             fund_drawn_used; of enterprises: apprenticing, apprentices (the year's cohort),
//             apprentices_finished (trainees of cohorts with completion reported), apprentices_completed,
//             apprentices_certified, demand (plans aside), demanding, apprenticed_demand (in occupations the firm
//             apprentices in cohorts of the year and the two before), digital_demand, filed_enterprises;
//             filed_evaluators (a skill-track filing valid in the year), certificates, dual_certificates,
//             certifying — rows ordered by group.

// ── region → its organisations o (the same block in every region query) ──
CALL () {
  // the whole city: every organisation (the gate keeps Neo4j from scanning for other regions)
  WITH 1 AS gate WHERE $region_kind = 'city'
  MATCH (o:Organisation) RETURN o
  UNION
  // a district: the organisations located in it
  MATCH (:District {id: $region_id})<-[:LOCATED_IN]-(o:Organisation) WHERE $region_kind = 'district' RETURN o
  UNION
  // the 12 counties of measure 10 together
  WITH 1 AS gate WHERE $region_kind = 'county_12'
  MATCH (:District {is_county_12: true})<-[:LOCATED_IN]-(o:Organisation) RETURN o
  UNION
  // a chain: its members, in any link
  MATCH (:Chain {id: $region_id})<-[:MEMBER_OF]-(o:Organisation) WHERE $region_kind = 'chain' RETURN o
  UNION
  // a cluster: its enterprises, and the members of the chains that focus on it
  MATCH (:Cluster {id: $region_id})<-[:IN_CLUSTER]-(o:Enterprise) WHERE $region_kind = 'cluster' RETURN o
  UNION
  MATCH (:Cluster {id: $region_id})<-[:IN_CLUSTER]-(:Chain)<-[:MEMBER_OF]-(o:Organisation)
  WHERE $region_kind = 'cluster' RETURN o
}
// ── end of region ──
WITH o, [$year] AS years
// ── each organisation's tally per year (the measure summaries run this block too, for several years) ──
// what does not depend on the year, read once per organisation
WITH o, years, o:Enterprise AS firm, o:Enterprise OR o:EvaluationBody AS evaluator,
     COLLECT { MATCH (o)-[:HOSTS]->(p:Platform) RETURN p.kind } AS platform_kinds,
     COLLECT { MATCH (o)-[:HOSTS]->(p:Platform) UNWIND coalesce(p.partner_countries, []) AS c RETURN DISTINCT c }
       AS partner_countries,
     COLLECT { MATCH (o)-[p:PARTNERS_WITH]->(:Organisation) RETURN p.kind } AS partnership_kinds,
     COLLECT { MATCH (o)-[:PART_OF]->(k:Consortium) RETURN DISTINCT k.id } AS consortia,
     COLLECT { MATCH (o)-[f:FILED]->(:Occupation) RETURN f {.track, .excluded_reason, .filed, .valid_until} }
       AS filings,
     COLLECT { MATCH (o)-[a:APPRENTICES]->(occ:Occupation)
               RETURN a {.cohort, .trainees, .completed, .certified, occupation: occ.id} } AS cohorts,
     COUNT { (o)-[:OFFERS WHERE false]->() } AS zero
CALL (o) {
  OPTIONAL MATCH (o)-[t:TRAINS WHERE t.year IS NULL]->(occ:Occupation WHERE occ.is_digital)
  RETURN coalesce(sum(t.capacity_per_year), 0) AS digital_training
}
CALL (o) {
  OPTIONAL MATCH (o)-[g:OFFERS WHERE g.year IS NULL]->(:Major)
  RETURN coalesce(sum(g.graduates_per_year), 0) AS graduates
}
// the year's figures, read once for every year asked
WITH o, years, firm, evaluator, platform_kinds, partner_countries, partnership_kinds, consortia, filings, cohorts,
     digital_training, graduates,
     COLLECT { MATCH (o)-[c:CERTIFIED]->(:Occupation) WHERE c.year IN years
               RETURN c {.year, .certificates, dual: coalesce(c.dual_certificates, 0)} } AS certified,
     COLLECT { MATCH (o)-[d:DEMANDS]->(occ:Occupation) WHERE d.year IN years AND NOT coalesce(d.plan, false)
               RETURN d {.year, .headcount, occupation: occ.id, digital: coalesce(occ.is_digital, false)} }
       AS demands,
     COLLECT { MATCH (o)-[w:EMPLOYS]->(l:SkillLevel) WHERE w.year IN years AND w.occupation IS NULL
               RETURN w {.year, .workers, high: coalesce(l.is_high_skill, false)} } AS workforce,
     COLLECT { MATCH (o)-[r:REPORTS]->(m:Metric) WHERE r.year IN years
               RETURN r {.year, .value, metric: m.id, group: m.group} } AS reports
UNWIND years AS year
WITH o, year, firm, evaluator, platform_kinds, partner_countries, partnership_kinds, consortia, digital_training,
     graduates, toString(year) + '-01-01' AS year_start, toString(year) + '-12-31' AS year_end, filings,
     [c IN certified WHERE c.year = year] AS certified,
     [d IN demands WHERE d.year = year] AS demands,
     [w IN workforce WHERE w.year = year] AS workforce,
     [r IN reports WHERE r.year = year] AS reports,
     [a IN cohorts WHERE a.cohort <= year] AS cohorts
WITH o, year, firm, evaluator, platform_kinds, partner_countries, partnership_kinds, consortia, digital_training,
     graduates, certified, workforce, reports, cohorts,
     [a IN cohorts WHERE a.completed IS NOT NULL] AS finished,
     [d IN demands | d {.headcount, .digital,
                        apprenticed: any(a IN cohorts WHERE a.occupation = d.occupation
                                                       AND year - 2 <= a.cohort <= year)}] AS demands,
     size([f IN filings WHERE f.track = 'skill' AND f.excluded_reason IS NULL
           AND coalesce(f.filed, year_start) <= year_end AND coalesce(f.valid_until, year_end) >= year_start])
       AS skill_filings,
     size([f IN filings WHERE f.excluded_reason IS NOT NULL]) AS excluded_filings,
     size([f IN filings WHERE f.track = 'cross_track' AND f.excluded_reason IS NULL]) AS cross_track_filings
// the reported figures: each metric's values, and each group's
WITH o, year, firm, evaluator, platform_kinds, partner_countries, partnership_kinds, consortia, digital_training,
     graduates, certified, workforce, cohorts, finished, demands, skill_filings, excluded_filings,
     cross_track_filings,
     reduce(n = 0, c IN certified | n + c.certificates) AS certificates,
     [r IN reports WHERE r.metric = 'upskilling_trainees' | r.value] AS upskilling,
     [r IN reports WHERE r.metric = 'training_subsidy' | r.value] AS subsidy,
     [r IN reports WHERE r.metric = 'international_trainees' | r.value] AS international_trainees,
     [r IN reports WHERE r.group = 'international' | r.value] AS international,
     [r IN reports WHERE r.group = 'honour' | r.value] AS honours,
     [r IN reports WHERE r.group = 'competition' | r.value] AS competition,
     [r IN reports WHERE r.metric = 'education_fund_used' | r.value] AS fund_used,
     [r IN reports WHERE r.metric = 'education_fund_frontline' | r.value] AS fund_frontline,
     [r IN reports WHERE r.metric = 'education_fund_drawn' | r.value] AS fund_drawn
WITH o, year, firm, evaluator, platform_kinds, partner_countries, partnership_kinds, consortia, digital_training,
     graduates, certified, cohorts, finished, demands, skill_filings, excluded_filings, cross_track_filings,
     certificates, upskilling, subsidy, international_trainees, international, honours, competition,
     firm AND size(workforce) > 0 AS staffed,
     reduce(n = 0, w IN workforce | n + w.workers) AS workers,
     reduce(n = 0, w IN [w IN workforce WHERE w.high] | n + w.workers) AS high_workers,
     reduce(n = 0, a IN [a IN cohorts WHERE a.cohort = year] | n + a.trainees) AS apprentices,
     reduce(n = 0, a IN finished | n + a.trainees) AS apprentices_finished,
     size(fund_used) > 0 AND size(fund_frontline) > 0 AS funded,
     size(fund_drawn) > 0 AND size(fund_used) > 0 AS drawing,
     reduce(n = 0, v IN fund_used | n + v) AS used,
     reduce(n = 0, v IN fund_frontline | n + v) AS frontline,
     reduce(n = 0, v IN fund_drawn | n + v) AS drawn,
     reduce(n = 0, v IN honours | n + v) AS honour_sum
// one map of counts and sums per organisation and year: what regions add up
WITH o, year, {
       organisations: 1,
       enterprises: CASE WHEN firm THEN 1 ELSE 0 END,
       evaluators: CASE WHEN evaluator THEN 1 ELSE 0 END,
       schools: CASE WHEN o:School THEN 1 ELSE 0 END,
       employment_services: CASE WHEN o:EmploymentService THEN 1 ELSE 0 END,
       platforms: size(platform_kinds),
       hosts: CASE WHEN size(platform_kinds) > 0 THEN 1 ELSE 0 END,
       digital_pilot_zones: size([k IN platform_kinds WHERE k = 'digital_skills_pilot_zone']),
       international_stations: size([k IN platform_kinds WHERE k = 'international_certification_station']),
       industry_colleges: size([k IN partnership_kinds WHERE k = 'industry_college']),
       order_classes: size([k IN partnership_kinds WHERE k IN ['order_class', 'named_class']]),
       consortia: consortia,
       partner_countries: partner_countries,
       digital_training: digital_training,
       graduates: graduates,
       excluded_filings: excluded_filings,
       cross_track_filings: cross_track_filings,
       cross_track_filers: CASE WHEN cross_track_filings > 0 THEN 1 ELSE 0 END,
       filed_evaluators: CASE WHEN evaluator AND skill_filings > 0 THEN 1 ELSE 0 END,
       filed_enterprises: CASE WHEN firm AND skill_filings > 0 THEN 1 ELSE 0 END,
       certificates: certificates,
       dual_certificates: reduce(n = 0, c IN certified | n + c.dual),
       certifying: CASE WHEN certificates > 0 THEN 1 ELSE 0 END,
       staffed: CASE WHEN staffed THEN 1 ELSE 0 END,
       workers: CASE WHEN staffed THEN workers ELSE 0 END,
       high_workers: CASE WHEN staffed THEN high_workers ELSE 0 END,
       high_workers_honours: CASE WHEN staffed THEN honour_sum ELSE 0 END,
       upskilling_trainees: reduce(n = 0, v IN upskilling | n + v),
       upskilling_reporters: CASE WHEN size(upskilling) > 0 THEN 1 ELSE 0 END,
       training_subsidy: reduce(n = 0, v IN subsidy | n + v),
       training_subsidy_reporters: CASE WHEN size(subsidy) > 0 THEN 1 ELSE 0 END,
       international_trainees: reduce(n = 0, v IN international_trainees | n + v),
       international_reporters: CASE WHEN size(international) > 0 THEN 1 ELSE 0 END,
       honours: honour_sum,
       honours_reporters: CASE WHEN size(honours) > 0 THEN 1 ELSE 0 END,
       competition_awards: reduce(n = 0, v IN competition | n + v),
       competition_reporters: CASE WHEN size(competition) > 0 THEN 1 ELSE 0 END,
       fund_reporters: CASE WHEN funded THEN 1 ELSE 0 END,
       fund_used: CASE WHEN funded THEN used ELSE 0 END,
       fund_frontline: CASE WHEN funded THEN frontline ELSE 0 END,
       fund_target_met: CASE WHEN funded AND frontline >= 0.6 * used THEN 1 ELSE 0 END,
       fund_drawn_reporters: CASE WHEN drawing THEN 1 ELSE 0 END,
       fund_drawn: CASE WHEN drawing THEN drawn ELSE 0 END,
       fund_drawn_used: CASE WHEN drawing THEN used ELSE 0 END,
       apprenticing: CASE WHEN firm AND (apprentices > 0 OR apprentices_finished > 0) THEN 1 ELSE 0 END,
       apprentices: CASE WHEN firm THEN apprentices ELSE 0 END,
       apprentices_finished: CASE WHEN firm THEN apprentices_finished ELSE 0 END,
       apprentices_completed: CASE WHEN firm THEN reduce(n = 0, a IN finished | n + a.completed) ELSE 0 END,
       apprentices_certified: CASE WHEN firm THEN reduce(n = 0, a IN finished | n + coalesce(a.certified, 0)) ELSE 0 END,
       demand: CASE WHEN firm THEN reduce(n = 0, d IN demands | n + d.headcount) ELSE 0 END,
       demanding: CASE WHEN firm AND reduce(n = 0, d IN demands | n + d.headcount) > 0 THEN 1 ELSE 0 END,
       apprenticed_demand: CASE WHEN firm THEN reduce(n = 0, d IN [d IN demands WHERE d.apprenticed] | n + d.headcount)
                           ELSE 0 END,
       digital_demand: CASE WHEN firm THEN reduce(n = 0, d IN [d IN demands WHERE d.digital] | n + d.headcount)
                       ELSE 0 END
     } AS t
// ── end of each organisation's tally ──
// the groups each organisation counts in
UNWIND CASE $by
  WHEN 'district' THEN COLLECT { MATCH (o)-[:LOCATED_IN]->(d:District) RETURN DISTINCT d.id }
  WHEN 'chain' THEN COLLECT { MATCH (o)-[:MEMBER_OF]->(c:Chain) RETURN DISTINCT c.id }
  WHEN 'cluster' THEN COLLECT { MATCH (o:Enterprise)-[:IN_CLUSTER]->(k:Cluster) RETURN k.id AS id
                                UNION MATCH (o)-[:MEMBER_OF]->(:Chain)-[:IN_CLUSTER]->(k:Cluster) RETURN k.id AS id }
  ELSE [null]
END AS group
// ── the sum of the organisations' tallies (the measure summaries sum the same map) ──
WITH group, {
  organisations: sum(t.organisations),
  enterprises: sum(t.enterprises),
  evaluators: sum(t.evaluators),
  schools: sum(t.schools),
  employment_services: sum(t.employment_services),
  platforms: sum(t.platforms),
  hosts: sum(t.hosts),
  digital_pilot_zones: sum(t.digital_pilot_zones),
  international_stations: sum(t.international_stations),
  industry_colleges: sum(t.industry_colleges),
  order_classes: sum(t.order_classes),
  consortia: collect(CASE WHEN size(t.consortia) > 0 THEN t.consortia END),
  partner_countries: collect(CASE WHEN size(t.partner_countries) > 0 THEN t.partner_countries END),
  digital_training: sum(t.digital_training),
  graduates: sum(t.graduates),
  excluded_filings: sum(t.excluded_filings),
  cross_track_filings: sum(t.cross_track_filings),
  cross_track_filers: sum(t.cross_track_filers),
  filed_evaluators: sum(t.filed_evaluators),
  filed_enterprises: sum(t.filed_enterprises),
  certificates: sum(t.certificates),
  dual_certificates: sum(t.dual_certificates),
  certifying: sum(t.certifying),
  staffed: sum(t.staffed),
  workers: sum(t.workers),
  high_workers: sum(t.high_workers),
  high_workers_honours: sum(t.high_workers_honours),
  upskilling_trainees: sum(t.upskilling_trainees),
  upskilling_reporters: sum(t.upskilling_reporters),
  training_subsidy: sum(t.training_subsidy),
  training_subsidy_reporters: sum(t.training_subsidy_reporters),
  international_trainees: sum(t.international_trainees),
  international_reporters: sum(t.international_reporters),
  honours: sum(t.honours),
  honours_reporters: sum(t.honours_reporters),
  competition_awards: sum(t.competition_awards),
  competition_reporters: sum(t.competition_reporters),
  fund_reporters: sum(t.fund_reporters),
  fund_used: sum(t.fund_used),
  fund_frontline: sum(t.fund_frontline),
  fund_target_met: sum(t.fund_target_met),
  fund_drawn_reporters: sum(t.fund_drawn_reporters),
  fund_drawn: sum(t.fund_drawn),
  fund_drawn_used: sum(t.fund_drawn_used),
  apprenticing: sum(t.apprenticing),
  apprentices: sum(t.apprentices),
  apprentices_finished: sum(t.apprentices_finished),
  apprentices_completed: sum(t.apprentices_completed),
  apprentices_certified: sum(t.apprentices_certified),
  demand: sum(t.demand),
  demanding: sum(t.demanding),
  apprenticed_demand: sum(t.apprenticed_demand),
  digital_demand: sum(t.digital_demand)
} AS tally
// ── end of the sum ──
// the lists of lists as one ordered list each
RETURN group,
       tally {.*, consortia: COLLECT { UNWIND tally.consortia AS l UNWIND l AS k RETURN DISTINCT k ORDER BY k },
                  partner_countries: COLLECT { UNWIND tally.partner_countries AS l UNWIND l AS c
                                               RETURN DISTINCT c ORDER BY c }} AS tally
ORDER BY group
