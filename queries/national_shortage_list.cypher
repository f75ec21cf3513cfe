// national_shortage_list — a national ranking of short occupations (e.g. the ministry's quarterly "最缺工"
// 100), the latest loaded when $list_id is null (by year, quarter, id), with its occupations by rank.
// parameters: $list_id (a ShortageList id, or null for the latest)
// columns:    list_id, list_name_zh, edition, year, quarter, occupation_id, name_zh, rank, listed_code,
//             listed_name — ordered by rank, occupation_id.
MATCH (l:ShortageList)
WHERE $list_id IS NULL OR l.id = $list_id
WITH l
ORDER BY l.year DESC, coalesce(l.quarter, 0) DESC, l.id DESC
LIMIT 1
MATCH (l)-[r:LISTS]->(o:Occupation)
RETURN l.id AS list_id, l.name_zh AS list_name_zh, l.edition AS edition, l.year AS year, l.quarter AS quarter,
       o.id AS occupation_id, o.name_zh AS name_zh, r.rank AS rank, r.listed_code AS listed_code,
       r.listed_name AS listed_name
ORDER BY rank, occupation_id
