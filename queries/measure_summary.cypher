// measure_summary — measure_tally read from the measure summaries the Neo4j store rebuilds after each ingest
// (queries/summaries/measures.cypher) instead of from every organisation's relationships.
// Same rows as measure_tally for a region (without $by), or for the city's districts, chains or clusters (with
// $by), in a year the summaries hold (the data's latest three); no row for another year, or for a region with no
// organisation — then ask measure_tally. Use it only while the summaries are current (queries.fetch reads it only
// then; the embedded store answers it from its graph like measure_tally).
// parameters: $region_kind, $region_id, $year, $by (as measure_tally; with $by, $region_kind is 'city')
// columns:    group, tally — as measure_tally; ordered by group.
CALL () {
  MATCH (s:MeasureSummary {key: $region_kind + '|' + coalesce($region_id, '') + '|' + toString($year)})
  WHERE $by IS NULL
  RETURN s, null AS group
  UNION
  MATCH (s:MeasureSummary {region_kind: $by, year: $year})
  WHERE $region_kind = 'city'
  RETURN s, s.region_id AS group
}
RETURN group, s {
  .organisations,
  .enterprises,
  .evaluators,
  .schools,
  .employment_services,
  .platforms,
  .hosts,
  .digital_pilot_zones,
  .international_stations,
  .industry_colleges,
  .order_classes,
  .consortia,
  .partner_countries,
  .digital_training,
  .graduates,
  .excluded_filings,
  .cross_track_filings,
  .cross_track_filers,
  .filed_evaluators,
  .filed_enterprises,
  .certificates,
  .dual_certificates,
  .certifying,
  .staffed,
  .workers,
  .high_workers,
  .high_workers_honours,
  .upskilling_trainees,
  .upskilling_reporters,
  .training_subsidy,
  .training_subsidy_reporters,
  .international_trainees,
  .international_reporters,
  .honours,
  .honours_reporters,
  .competition_awards,
  .competition_reporters,
  .fund_reporters,
  .fund_used,
  .fund_frontline,
  .fund_target_met,
  .fund_drawn_reporters,
  .fund_drawn,
  .fund_drawn_used,
  .apprenticing,
  .apprentices,
  .apprentices_finished,
  .apprentices_completed,
  .apprentices_certified,
  .demand,
  .demanding,
  .apprenticed_demand,
  .digital_demand
} AS tally
ORDER BY group
