// chain_links — how many organisations each chain has in each of the five links.
// parameters: $chain_id (string, or null for every chain)
// columns:    chain_id, link_role, members — ordered by chain_id, then link_role; links without members are absent.
MATCH (c:Chain)<-[m:MEMBER_OF]-(o:Organisation)
WHERE $chain_id IS NULL OR c.id = $chain_id
RETURN c.id AS chain_id, m.link_role AS link_role, count(DISTINCT o) AS members
ORDER BY chain_id, link_role
