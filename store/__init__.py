"""Where the graph lives: Neo4j or the embedded networkx store, behind one protocol."""

from pathlib import Path

from store.base import (
    BookmarkError,
    ConflictError,
    Counts,
    EdgeRecord,
    GraphStore,
    Neighbourhood,
    NodeRecord,
    StoreError,
    StoreUnavailableError,
    UnknownKindError,
    reading_after,
)
from store.memory_store import MemoryStore

NEO4J_SCHEMES = ("neo4j://", "neo4j+s://", "neo4j+ssc://", "bolt://", "bolt+s://", "bolt+ssc://")


def open_store(
    uri: str, auth: tuple[str, str] | None = None, database: str | None = None, timeout: float = 5.0
) -> GraphStore:
    """Open the store a URI names: `memory://` (in memory), `memory:///path/graph.db`, or `neo4j://host:7687`."""
    if uri.startswith("memory://"):
        location = uri.removeprefix("memory://")
        return MemoryStore(Path(location).expanduser() if location else None)
    if uri.startswith(NEO4J_SCHEMES):
        from store.neo4j_store import Neo4jStore

        return Neo4jStore(uri, auth=auth, database=database, connection_timeout=timeout)
    raise StoreError(f"unknown store URI {uri!r}: expected memory:///path/graph.db or neo4j://host:7687")


__all__ = [
    "BookmarkError",
    "ConflictError",
    "Counts",
    "EdgeRecord",
    "GraphStore",
    "MemoryStore",
    "Neighbourhood",
    "NodeRecord",
    "StoreError",
    "StoreUnavailableError",
    "UnknownKindError",
    "open_store",
    "reading_after",
]
