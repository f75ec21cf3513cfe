// partner_ties — who already works with the peers of an enterprise or a chain: the organisations
// that PARTNER_WITH (either direction) a peer. An enterprise's peers are the fellow members of its
// chains (via 'chain') and the enterprises of its clusters (via 'cluster'); a chain's peers are its
// members ('chain'), the enterprises of its clusters and the members of other chains focused on one
// of its clusters ('cluster').
// The target's own partners come with via 'self'. `chain_id` is the chain through which a peer is one (its
// MEMBER_OF): a caller who may not see that chain may not count the peer through it.
// parameters: $target_id (an enterprise or chain id)
// columns:    partner_id, peer_id, via ('chain' | 'cluster' | 'self'), chain_id (or null) — ordered by partner_id,
//             peer_id, via, chain_id.

MATCH (t:Entity {id: $target_id})
CALL (t) {
  MATCH (t:Enterprise)-[:MEMBER_OF]->(c:Chain)<-[:MEMBER_OF]-(peer:Organisation) WHERE peer <> t
  RETURN peer, 'chain' AS via, c.id AS chain_id
  UNION
  MATCH (t:Enterprise)-[:IN_CLUSTER]->(:Cluster)<-[:IN_CLUSTER]-(peer:Enterprise) WHERE peer <> t
  RETURN peer, 'cluster' AS via, null AS chain_id
  UNION
  MATCH (t:Chain)<-[:MEMBER_OF]-(peer:Organisation)
  RETURN peer, 'chain' AS via, t.id AS chain_id
  UNION
  MATCH (t:Chain)-[:IN_CLUSTER]->(:Cluster)<-[:IN_CLUSTER]-(peer:Enterprise)
  RETURN peer, 'cluster' AS via, null AS chain_id
  UNION
  MATCH (t:Chain)-[:IN_CLUSTER]->(:Cluster)<-[:IN_CLUSTER]-(other:Chain)<-[:MEMBER_OF]-(peer:Organisation)
  WHERE other <> t
  RETURN peer, 'cluster' AS via, other.id AS chain_id
  UNION
  MATCH (t:Enterprise)
  RETURN t AS peer, 'self' AS via, null AS chain_id
}
MATCH (peer)-[:PARTNERS_WITH]-(partner:Organisation)
WHERE partner <> t
RETURN DISTINCT partner.id AS partner_id, peer.id AS peer_id, via, chain_id
ORDER BY partner_id, peer_id, via, chain_id
