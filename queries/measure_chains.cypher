// measure_chains — each chain (or one) as the 13 measures ask about it: its leaders and their districts, its
//   clusters, the links its members cover, the kinds of platform its leaders and members host, whether a
//   leader holds a skill-track filing that excludes nothing it names (measure 7), its member count.
// parameters: $chain_id (string, or null), $cluster_id (the chains of a cluster, or null),
//             $leader_district_ids (the chains led from these districts, or null) — null everywhere: every chain
// columns:    id, name_zh, name_en, leaders, leader_districts, cluster_ids, links, platform_kinds, leader_filed,
//             members — lists ordered; rows ordered by id.
MATCH (c:Chain)
WHERE ($chain_id IS NULL OR c.id = $chain_id)
  AND ($cluster_id IS NULL OR EXISTS { (c)-[:IN_CLUSTER]->(:Cluster {id: $cluster_id}) })
  AND ($leader_district_ids IS NULL
       OR EXISTS { (c)<-[:LEADS]-(e:Enterprise) WHERE e.district IN $leader_district_ids })
RETURN c.id AS id,
       c.name_zh AS name_zh,
       c.name_en AS name_en,
       COLLECT { MATCH (e:Enterprise)-[:LEADS]->(c) RETURN e.id AS id ORDER BY id } AS leaders,
       COLLECT { MATCH (e:Enterprise)-[:LEADS]->(c) RETURN DISTINCT e.district AS d ORDER BY d } AS leader_districts,
       COLLECT { MATCH (c)-[:IN_CLUSTER]->(k:Cluster) RETURN k.id AS id ORDER BY id } AS cluster_ids,
       COLLECT { MATCH (c)<-[m:MEMBER_OF]-(:Organisation) RETURN DISTINCT m.link_role AS link ORDER BY link } AS links,
       COLLECT { MATCH (c)<-[:MEMBER_OF|LEADS]-(:Organisation)-[:HOSTS]->(p:Platform)
                 RETURN DISTINCT p.kind AS kind ORDER BY kind } AS platform_kinds,
       EXISTS { MATCH (c)<-[:LEADS]-(:Enterprise)-[f:FILED]->(:Occupation)
                WHERE f.track = 'skill' AND f.excluded_reason IS NULL } AS leader_filed,
       size(COLLECT { MATCH (c)<-[:MEMBER_OF]-(o:Organisation) RETURN DISTINCT o.id AS id }) AS members
ORDER BY id
