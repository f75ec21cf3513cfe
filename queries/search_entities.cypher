// search_entities — nodes whose name, id or credit code contains a fragment.
// A Chinese fragment of two characters or more, and English words, go through the full-text index; a single Chinese
// character (which the index's bigrams cannot find) is looked for in Chinese names directly.
// parameters: $text (string), $kinds (list of node kinds, or null for all), $ids (list of the ids to search
//             among, or null for all: what a caller may see), $limit (int)
//             $lucene and $single are derived from $text by the application (a quoted phrase; whether $text is
//             one Chinese character).
// columns:    id, kind, name_zh, name_en — ordered by exact id / credit-code match first, then shorter
//             names, then id.
CALL () {
  WITH 1 AS gate WHERE NOT $single
  CALL db.index.fulltext.queryNodes('entity_names', $lucene) YIELD node
  RETURN node
  UNION
  WITH 1 AS gate WHERE $single
  MATCH (node:Entity) WHERE node.name_zh CONTAINS $text
  RETURN node
}
WITH node, [l IN labels(node) WHERE NOT l IN ['Entity', 'Organisation']][0] AS kind
WHERE ($kinds IS NULL OR kind IN $kinds) AND ($ids IS NULL OR node.id IN $ids)
RETURN node.id AS id, kind, node.name_zh AS name_zh, node.name_en AS name_en
ORDER BY CASE WHEN node.id = $text OR node.uscc = toUpper($text) THEN 0 ELSE 1 END,
         size(coalesce(node.name_zh, '')), id
LIMIT $limit
