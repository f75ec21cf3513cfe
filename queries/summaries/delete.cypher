// delete — every summary: in a transaction of its own before a rebuild, and again at the start of the rebuild's own
MATCH (s:GapSummary|ChainSummary|DesertSummary|MeasureSummary) DELETE s
