// chain_scope — what a chain-leader firm may see of one chain: the chain, its leaders and members,
//   the organisations its members partner with, the service stations serving it, and the platforms
//   its members host. (Reference nodes — districts, clusters, occupations, levels, majors — are public.)
// parameters: $chain_id (string)
// columns:    id — ordered by id; no rows if the chain does not exist.
MATCH (c:Chain {id: $chain_id})
CALL (c) {
  RETURN c.id AS id
  UNION
  MATCH (c)<-[:MEMBER_OF|LEADS]-(o:Organisation) RETURN o.id AS id
  UNION
  MATCH (c)<-[:MEMBER_OF]-(:Organisation)-[:PARTNERS_WITH]-(p:Organisation) RETURN p.id AS id
  UNION
  MATCH (c)<-[:SERVES]-(s:ServiceStation) RETURN s.id AS id
  UNION
  MATCH (c)<-[:MEMBER_OF]-(:Organisation)-[:HOSTS]->(p:Platform) RETURN p.id AS id
}
RETURN id
ORDER BY id
