// reference_ids — the ids of the public reference nodes every caller may see: districts, the 33618
//   clusters, the occupations of the 2022 classification, the skill levels and the majors.
// parameters: none
// columns:    id — ordered by id.
MATCH (n)
WHERE n:District OR n:Cluster OR n:Occupation OR n:SkillLevel OR n:Major OR n:Metric
RETURN n.id AS id
ORDER BY id
