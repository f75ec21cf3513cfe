// delete — every summary, before they are built again in the same transaction
MATCH (s:GapSummary|ChainSummary|DesertSummary|MeasureSummary) DELETE s
