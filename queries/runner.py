"""Running the library on a store: `run` asks exactly the query named; `fetch` may answer it from the summaries."""

from collections.abc import Mapping, Sequence
from typing import Any

from queries.library import named_query, prepare_params
from queries.summaries import build, summarised
from store.base import GraphStore, Rows


def run(store: GraphStore, name: str, params: Mapping[str, Any] | None = None) -> Rows:
    """The rows of the library query `name`, its parameters checked and completed with their defaults."""
    return store.read(named_query(name), prepare_params(name, dict(params or {})))


def run_many(store: GraphStore, calls: Sequence[tuple[str, Mapping[str, Any]]]) -> list[Rows]:
    """Several library queries in one read transaction (one snapshot of the data)."""
    return store.read_many([(named_query(name), prepare_params(name, dict(params))) for name, params in calls])


def fetch(store: GraphStore, name: str, params: Mapping[str, Any] | None = None) -> Rows:
    """What `run` answers, read from the store's summaries while they are current and answer it."""
    return fetch_many(store, [(name, params or {})])[0]


def fetch_many(store: GraphStore, calls: Sequence[tuple[str, Mapping[str, Any]]]) -> list[Rows]:
    """What `run_many` answers, each query read from the summaries where `fetch` would (and kept by the store
    while those summaries stand: a summary changes only when it is rebuilt)."""
    token = store.summaries_token() if store.keeps_summaries else None
    chosen = []
    for name, params in calls:
        bound = prepare_params(name, dict(params))
        chosen.append((summarised(name, bound) if token else None) or (name, bound))
    return store.read_many([(named_query(n), prepare_params(n, p)) for n, p in chosen], kept_under=token)


def refresh_summaries(store: GraphStore, workers: int = 1) -> None:
    """Rebuild the store's summaries from its data (a store that keeps none has nothing to do); `workers` > 1 builds
    them side by side, for a database no one else is writing (`GraphStore.rebuild_summaries`)."""
    if store.keeps_summaries:
        store.rebuild_summaries(build(), workers)
