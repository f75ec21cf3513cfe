"""The network view: a node's neighbourhood as nodes + edges JSON for a graph viewer."""

from typing import Any

from pydantic import BaseModel, Field

from analyses.errors import NotFoundError
from analyses.visibility import EVERYTHING, Visibility
from graph_model.enums import LinkRole
from graph_model.nodes import NODE_KINDS
from queries import ParameterError, run
from store.base import EdgeRecord, GraphStore, NodeRecord, select_neighbourhood

MAX_DEPTH = 3
MAX_LIMIT = 2000

_LINK_ORDER = {link.value: i for i, link in enumerate(LinkRole)}


class ViewNode(BaseModel):
    id: str
    kind: str
    kind_zh: str
    name_zh: str
    name_en: str | None = None
    link_roles: list[str]
    """The node's links (MEMBER_OF.link_role) in the chains shown, in link order; empty if none."""


class ViewEdge(BaseModel):
    start: str
    end: str
    type: str
    properties: dict[str, Any]


class NetworkView(BaseModel):
    """Nodes nearest first (by hops, then id), the edges among them, and how much the limit cut."""

    centre: str
    depth: int
    limit: int
    nodes: list[ViewNode]
    edges: list[ViewEdge]
    total_nodes: int
    cut_nodes: int
    truncated: bool


def visible_neighbourhood(
    store: GraphStore, node_id: str, depth: int, limit: int, visibility: Visibility
) -> tuple[list[NodeRecord], list[EdgeRecord], int]:
    """The nodes the caller sees within `depth` hops of `node_id`, reached through nodes it sees only,
    nearest first (by hops, then id) and cut at `limit`; the relationships among them; how many were in reach.

    Raises NotFoundError for an id the caller does not see without asking the store, so a hidden id
    and a missing one take the same path.
    """
    if not visibility.sees(node_id):
        raise NotFoundError(f"no node with id {node_id!r}")
    if not store.kinds_of([node_id]):
        raise NotFoundError(f"no node with id {node_id!r}")

    def expand(ids: set[str]) -> set[str]:
        return {i for i in store.adjacent(ids) if visibility.sees(i)}

    kept, total = select_neighbourhood(node_id, depth, limit, expand)
    nodes, edges = store.subgraph(kept)
    return nodes, edges, total


def network_view(
    store: GraphStore, node_id: str, depth: int = 1, limit: int = 200, *, visibility: Visibility = EVERYTHING
) -> NetworkView:
    """The nodes within `depth` hops of `node_id` (either direction), at most `limit`, and their edges."""
    if not 0 <= depth <= MAX_DEPTH or not 1 <= limit <= MAX_LIMIT:
        raise ParameterError(f"depth must be 0–{MAX_DEPTH} and limit 1–{MAX_LIMIT} (got {depth}, {limit})")
    nodes, edges, total = visible_neighbourhood(store, node_id, depth, limit, visibility)
    return _view(node_id, depth, limit, nodes, edges, total, total > len(nodes))


def chain_network(store: GraphStore, chain_id: str, limit: int = MAX_LIMIT) -> NetworkView:
    """A chain's own network: the chain, its leaders and members, their partners, the stations serving it
    and the platforms its members host (the `chain_scope` query), with every relationship among them.

    Nodes: the chain first, then its members by id, then the rest by id; at most `limit`. `depth` is
    reported as 2 (members are one hop from the chain, partners and platforms two).
    """
    if not 1 <= limit <= MAX_LIMIT:
        raise ParameterError(f"limit must be 1–{MAX_LIMIT} (got {limit})")
    scope = [r["id"] for r in run(store, "chain_scope", {"chain_id": chain_id})]
    if not scope:
        raise NotFoundError(f"no chain with id {chain_id!r}")
    members = {r["id"] for r in run(store, "chain_members", {"chain_id": chain_id})}
    ordered = sorted(scope, key=lambda i: (i != chain_id, i not in members, i))
    kept = ordered[:limit]
    nodes, edges = store.subgraph(kept)
    return _view(chain_id, 2, limit, nodes, edges, len(ordered), len(ordered) > len(kept))


def _view(
    centre: str, depth: int, limit: int, nodes: list[NodeRecord], edges: list[EdgeRecord], total: int,
    truncated: bool,
) -> NetworkView:
    roles: dict[str, set[str]] = {}
    for e in edges:
        if e.type == "MEMBER_OF" and "link_role" in e.properties:
            roles.setdefault(e.start, set()).add(e.properties["link_role"])
    view_nodes = [
        ViewNode(
            id=n.id,
            kind=n.kind,
            kind_zh=NODE_KINDS[n.kind].name_zh_label,
            name_zh=n.properties.get("name_zh") or n.id,
            name_en=n.properties.get("name_en"),
            link_roles=sorted(roles.get(n.id, ()), key=lambda r: _LINK_ORDER.get(r, len(_LINK_ORDER))),
        )
        for n in nodes
    ]
    view_edges = [ViewEdge(start=e.start, end=e.end, type=e.type, properties=e.properties) for e in edges]
    return NetworkView(
        centre=centre, depth=depth, limit=limit, nodes=view_nodes, edges=view_edges,
        total_nodes=total, cut_nodes=total - len(view_nodes), truncated=truncated,
    )


class Neighbour(BaseModel):
    id: str
    kind: str
    name_zh: str | None = None
    name_en: str | None = None
    relationship: str
    direction: str = Field(description="`out` if this entity starts the relationship, else `in`")
    properties: dict[str, Any]


class EntityDetail(BaseModel):
    id: str
    kind: str
    kind_zh: str
    properties: dict[str, Any]
    neighbours: list[Neighbour]
    neighbours_total: int


ENTITY_NEIGHBOURS = 200
"""How many neighbours an entity's detail lists (`neighbours_total` counts them all)."""


def entity_detail(store: GraphStore, node_id: str, *, visibility: Visibility = EVERYTHING) -> EntityDetail:
    """One entity's properties and its relationships to the neighbours the caller sees (the first 200 of them;
    `neighbours_total` counts them all)."""
    nodes, edges, total = visible_neighbourhood(store, node_id, 1, ENTITY_NEIGHBOURS + 1, visibility)
    node = nodes[0]  # the centre comes first
    by_id = {n.id: n for n in nodes}
    neighbours = []
    for e in edges:
        if node_id not in (e.start, e.end) or e.start == e.end:
            continue
        other = by_id[e.end if e.start == node_id else e.start]
        neighbours.append(Neighbour(
            id=other.id, kind=other.kind, name_zh=other.properties.get("name_zh"),
            name_en=other.properties.get("name_en"), relationship=e.type,
            direction="out" if e.start == node_id else "in", properties=e.properties,
        ))
    neighbours.sort(key=lambda n: (n.relationship, n.direction, n.id))
    return EntityDetail(id=node.id, kind=node.kind, kind_zh=NODE_KINDS[node.kind].name_zh_label,
                        properties=node.properties, neighbours=neighbours, neighbours_total=total - 1)
