// unlisted_ids — the nodes of one kind that no file of a load wrote (their `load_id` is none of $load_ids):
// what a complete register, loaded again, no longer lists (`skillgraph ingest --replace KIND`).
// parameters: $kind (a node kind, e.g. 'Enterprise'), $load_ids (list of the load's file hashes)
// columns:    id — ordered by id.
MATCH (n:Entity)
WHERE $kind IN labels(n) AND NOT coalesce(n.load_id, '') IN $load_ids
RETURN n.id AS id
ORDER BY id
