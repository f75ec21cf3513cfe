// chain_members — the organisations of one chain, by link role, with its leader marked.
// parameters: $chain_id (string)
// columns:    id, kind, name_zh, link_role, is_leader — ordered by link_role, then id.
MATCH (c:Chain {id: $chain_id})<-[m:MEMBER_OF]-(o:Organisation)
RETURN o.id AS id,
       [l IN labels(o) WHERE NOT l IN ['Entity', 'Organisation']][0] AS kind,
       o.name_zh AS name_zh,
       m.link_role AS link_role,
       EXISTS { (o)-[:LEADS]->(c) } AS is_leader
ORDER BY link_role, id
