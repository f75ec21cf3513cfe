"""Reading the embedded store's networkx layout: labels, properties and typed edges of a node."""

from collections.abc import Iterator
from dataclasses import dataclass
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


def nodes_with_label(graph: nx.MultiDiGraph, label: str) -> Iterator[str]:
    for node_id, labels in graph.nodes(data="labels"):
        if label in labels:
            yield node_id


@dataclass(frozen=True)
class Suppliers:
    """Who supplies an occupation: (school, graduates/yr), (org, capacity/yr, levels) for TRAINS and EVALUATES."""

    graduates: list[tuple[str, int]]
    training: list[tuple[str, int, list[str]]]
    evaluation: list[tuple[str, int, list[str]]]


class SuppliersByOccupation(dict[str, Suppliers]):
    """Each occupation's suppliers, read on first use: a query run asks for the same occupation many times."""

    def __init__(self, graph: nx.MultiDiGraph) -> None:
        super().__init__()
        self.graph = graph

    def __missing__(self, occupation_id: str) -> Suppliers:
        found = self[occupation_id] = suppliers_of(self.graph, occupation_id)
        return found


def suppliers_of(graph: nx.MultiDiGraph, occupation_id: str) -> Suppliers:
    return Suppliers(
        graduates=[
            (school, f["graduates_per_year"])
            for major, _ in in_edges(graph, occupation_id, "PREPARES_FOR", "Major")
            for school, f in in_edges(graph, major, "OFFERS", "School")
        ],
        training=[
            (org, t["capacity_per_year"], t.get("levels") or [])
            for org, t in in_edges(graph, occupation_id, "TRAINS", "Organisation")
        ],
        evaluation=[
            (org, v["capacity_per_year"], v.get("levels") or [])
            for org, v in in_edges(graph, occupation_id, "EVALUATES", "Organisation")
        ],
    )
