// chains — one chain (or every chain) with its leaders, clusters and priority fields.
// parameters: $chain_id (string, or null for every chain)
// columns:    id, name_zh, name_en, leaders (list of {id, name_zh, name_en}, by id), cluster_ids (by id),
//             priority_fields — ordered by id.
MATCH (c:Chain)
WHERE $chain_id IS NULL OR c.id = $chain_id
RETURN c.id AS id,
       c.name_zh AS name_zh,
       c.name_en AS name_en,
       COLLECT { MATCH (e:Enterprise)-[:LEADS]->(c) RETURN e {.id, .name_zh, .name_en} ORDER BY e.id } AS leaders,
       COLLECT { MATCH (c)-[:IN_CLUSTER]->(k:Cluster) RETURN k.id ORDER BY k.id } AS cluster_ids,
       coalesce(c.priority_fields, []) AS priority_fields
ORDER BY id
