"""The graph's size: nodes per kind, relationships per type, organisations in all."""

from pydantic import BaseModel

from graph_model.nodes import NODE_KINDS
from graph_model.relationships import REL_KINDS
from store.base import GraphStore


class KindCount(BaseModel):
    kind: str
    kind_zh: str
    count: int


class Stats(BaseModel):
    nodes: list[KindCount]
    relationships: dict[str, int]
    organisations: int


def graph_stats(store: GraphStore) -> Stats:
    """Nodes per kind (zeros included), relationships per type, and how many nodes are organisations."""
    counts = store.counts()
    nodes = [KindCount(kind=k, kind_zh=NODE_KINDS[k].name_zh_label, count=c) for k, c in counts.nodes.items()]
    organisations = sum(c for k, c in counts.nodes.items() if "Organisation" in NODE_KINDS[k].extra_labels)
    return Stats(nodes=nodes, relationships={t: counts.relationships.get(t, 0) for t in REL_KINDS},
                 organisations=organisations)
