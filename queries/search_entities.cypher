// search_entities — nodes whose name, id or credit code contains a fragment.
// A Chinese fragment needs at least two characters; English matches whole words.
// parameters: $text (string), $kinds (list of node kinds, or null for all), $ids (list of the ids to search
//             among, or null for all: what a caller may see), $limit (int)
//             $lucene is derived from $text by the application (a quoted phrase).
// columns:    id, kind, name_zh, name_en — ordered by exact id / credit-code match first, then shorter
//             names, then id.
CALL db.index.fulltext.queryNodes('entity_names', $lucene) YIELD node
WITH node, [l IN labels(node) WHERE NOT l IN ['Entity', 'Organisation']][0] AS kind
WHERE ($kinds IS NULL OR kind IN $kinds) AND ($ids IS NULL OR node.id IN $ids)
RETURN node.id AS id, kind, node.name_zh AS name_zh, node.name_en AS name_en
ORDER BY CASE WHEN node.id = $text OR node.uscc = toUpper($text) THEN 0 ELSE 1 END,
         size(coalesce(node.name_zh, '')), id
LIMIT $limit
