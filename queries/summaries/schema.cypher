// schema — the summaries' keys and lookup indexes (idempotent; run before each rebuild)
CREATE CONSTRAINT gap_summary_key IF NOT EXISTS FOR (s:GapSummary) REQUIRE s.key IS UNIQUE;
CREATE INDEX gap_summary_region IF NOT EXISTS FOR (s:GapSummary) ON (s.region);
CREATE CONSTRAINT chain_summary_key IF NOT EXISTS FOR (s:ChainSummary) REQUIRE s.key IS UNIQUE;
CREATE INDEX chain_summary_chain IF NOT EXISTS FOR (s:ChainSummary) ON (s.chain);
CREATE CONSTRAINT desert_summary_key IF NOT EXISTS FOR (s:DesertSummary) REQUIRE s.key IS UNIQUE;
CREATE INDEX desert_summary_region IF NOT EXISTS FOR (s:DesertSummary) ON (s.region);
CREATE CONSTRAINT measure_summary_key IF NOT EXISTS FOR (s:MeasureSummary) REQUIRE s.key IS UNIQUE;
CREATE INDEX measure_summary_region IF NOT EXISTS FOR (s:MeasureSummary) ON (s.region_kind, s.year);
