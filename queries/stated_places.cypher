// stated_places — the district and the clusters some nodes' own columns give them (`district`, `cluster_ids`): what
// their LOCATED_IN and IN_CLUSTER stand for, so that a located_in or in_cluster row may only restate them.
// parameters: $ids (list of node ids)
// columns:    id, district, cluster_ids — ordered by id; a node without the property has null.
UNWIND $ids AS i
MATCH (n:Entity {id: i})
RETURN n.id AS id, n.district AS district, n.cluster_ids AS cluster_ids
ORDER BY id
