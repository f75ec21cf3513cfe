// chain_members — the organisations of one chain, by link role, with its leader marked.
// parameters: $chain_id (string)
// columns:    id, kind, name_zh, name_en, link_role, is_leader, district, lat, lng — ordered by link_role, then id
//             (district: where the organisation is located; lat/lng: its own coordinates, null if it has none).
MATCH (c:Chain {id: $chain_id})<-[m:MEMBER_OF]-(o:Organisation)
RETURN o.id AS id,
       [l IN labels(o) WHERE NOT l IN ['Entity', 'Organisation']][0] AS kind,
       o.name_zh AS name_zh,
       o.name_en AS name_en,
       m.link_role AS link_role,
       EXISTS { (o)-[:LEADS]->(c) } AS is_leader,
       COLLECT { MATCH (o)-[:LOCATED_IN]->(d:District) RETURN d.id ORDER BY d.id LIMIT 1 }[0] AS district,
       o.lat AS lat,
       o.lng AS lng
ORDER BY link_role, id
