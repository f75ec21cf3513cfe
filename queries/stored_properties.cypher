// stored_properties — the properties some nodes hold now: what a load compares its rows with, to count the nodes
// whose data it changes, and the district and clusters a located_in or in_cluster row may only restate.
// parameters: $ids (list of node ids)
// columns:    id, properties — ordered by id.
UNWIND $ids AS i
MATCH (n:Entity {id: i})
RETURN n.id AS id, properties(n) AS properties
ORDER BY id
