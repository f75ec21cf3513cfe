"""Reading the embedded store's networkx layout: labels, properties and typed edges of a node."""

from collections.abc import Iterator
from typing import Any

import networkx as nx

from graph_model.nodes import NODE_KINDS

Props = dict[str, Any]


def has_label(graph: nx.MultiDiGraph, node_id: str, label: str) -> bool:
    return node_id in graph and label in graph.nodes[node_id]["labels"]


def kind(graph: nx.MultiDiGraph, node_id: str) -> str:
    """The node's kind: the label that is neither Entity nor Organisation."""
    return next(label for label in graph.nodes[node_id]["labels"] if label in NODE_KINDS)


def props(graph: nx.MultiDiGraph, node_id: str) -> Props:
    return graph.nodes[node_id]["props"]


def out_edges(
    graph: nx.MultiDiGraph, node_id: str, rel_type: str, label: str | None = None
) -> Iterator[tuple[str, Props]]:
    """(end id, relationship properties) of the node's outgoing `rel_type`, ends limited to `label`."""
    for _, end, data in graph.out_edges(node_id, data=True):
        if data["type"] == rel_type and (label is None or label in graph.nodes[end]["labels"]):
            yield end, data["props"]


def in_edges(
    graph: nx.MultiDiGraph, node_id: str, rel_type: str, label: str | None = None
) -> Iterator[tuple[str, Props]]:
    """(start id, relationship properties) of the node's incoming `rel_type`, starts limited to `label`."""
    for start, _, data in graph.in_edges(node_id, data=True):
        if data["type"] == rel_type and (label is None or label in graph.nodes[start]["labels"]):
            yield start, data["props"]


def current_out(
    graph: nx.MultiDiGraph, node_id: str, rel_type: str, label: str | None = None
) -> Iterator[tuple[str, Props]]:
    """`out_edges` of a supply type (OFFERS, TRAINS, EVALUATES) without a `year`: the current figures (rows with a
    year are the supply's history)."""
    return ((end, p) for end, p in out_edges(graph, node_id, rel_type, label) if p.get("year") is None)


def current_in(
    graph: nx.MultiDiGraph, node_id: str, rel_type: str, label: str | None = None
) -> Iterator[tuple[str, Props]]:
    """`in_edges` of a supply type without a `year` (see `current_out`)."""
    return ((start, p) for start, p in in_edges(graph, node_id, rel_type, label) if p.get("year") is None)


def nodes_with_label(graph: nx.MultiDiGraph, label: str) -> Iterator[str]:
    for node_id, labels in graph.nodes(data="labels"):
        if label in labels:
            yield node_id
