"""The network view: a node's neighbourhood as nodes + edges JSON for a graph viewer."""

from typing import Any

from pydantic import BaseModel

from graph_model.enums import LinkRole
from graph_model.nodes import NODE_KINDS
from queries import NotFoundError, QueryParameterError
from store.base import EdgeRecord, GraphStore, NodeRecord

MAX_DEPTH = 3
MAX_LIMIT = 2000

_LINK_ORDER = {link.value: i for i, link in enumerate(LinkRole)}


class ViewNode(BaseModel):
    id: str
    kind: str
    kind_zh: str
    label_zh: str
    label_en: str | None = None
    link_roles: list[str]
    """The node's links (MEMBER_OF.link_role) in the chains shown, in link order; empty if none."""


class ViewEdge(BaseModel):
    source: str
    target: str
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


def network_view(store: GraphStore, node_id: str, depth: int = 1, limit: int = 200) -> NetworkView:
    """The nodes within `depth` hops of `node_id` (either direction), at most `limit`, and their edges."""
    if not 0 <= depth <= MAX_DEPTH or not 1 <= limit <= MAX_LIMIT:
        raise QueryParameterError(f"depth must be 0–{MAX_DEPTH} and limit 1–{MAX_LIMIT} (got {depth}, {limit})")
    view = store.neighbourhood(node_id, depth=depth, limit=limit)
    if view is None:
        raise NotFoundError(f"no node with id {node_id!r}")
    return _view(view.centre, depth, limit, view.nodes, view.edges, view.total_nodes, view.truncated)


def chain_network(store: GraphStore, chain_id: str, limit: int = MAX_LIMIT) -> NetworkView:
    """A chain's own network: the chain, its leaders and members, their partners, the stations serving it
    and the platforms its members host (the `chain_scope` query), with every relationship among them.

    Nodes: the chain first, then its members by id, then the rest by id; at most `limit`. `depth` is
    reported as 2 (members are one hop from the chain, partners and platforms two).
    """
    if not 1 <= limit <= MAX_LIMIT:
        raise QueryParameterError(f"limit must be 1–{MAX_LIMIT} (got {limit})")
    scope = [r["id"] for r in store.run_query("chain_scope", {"chain_id": chain_id})]
    if not scope:
        raise NotFoundError(f"no chain with id {chain_id!r}")
    members = {r["id"] for r in store.run_query("chain_members", {"chain_id": chain_id})}
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
            label_zh=n.properties.get("name_zh") or n.id,
            label_en=n.properties.get("name_en"),
            link_roles=sorted(roles.get(n.id, ()), key=lambda r: _LINK_ORDER.get(r, len(_LINK_ORDER))),
        )
        for n in nodes
    ]
    view_edges = [ViewEdge(source=e.start, target=e.end, type=e.type, properties=e.properties) for e in edges]
    return NetworkView(
        centre=centre, depth=depth, limit=limit, nodes=view_nodes, edges=view_edges,
        total_nodes=total, cut_nodes=total - len(view_nodes), truncated=truncated,
    )
