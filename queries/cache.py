"""Answers of city-wide queries kept per store until its data changes.

A city-wide answer (e.g. every occupation's demand, the base of each location quotient) reads
every relationship of a kind, yet changes only when data is written. It is kept here keyed by the
store's `data_version()`, which every write moves on, so an ingest in any process invalidates it.
"""

from collections.abc import Mapping
from typing import Any
from weakref import WeakKeyDictionary

from store.base import GraphStore

Rows = list[dict[str, Any]]

MAX_ENTRIES = 64
"""Answers kept per store (one per query and parameter set); the oldest goes first."""

_answers: "WeakKeyDictionary[GraphStore, tuple[str, dict[tuple[Any, ...], Rows]]]" = WeakKeyDictionary()


def run_cached(store: GraphStore, name: str, params: Mapping[str, Any]) -> Rows:
    """`store.run_query(name, params)`, answered from the cache while the store's data version stands."""
    # The version is read before the query: if a write lands in between, the answer is kept under the
    # older version and so dropped at the next call, never served for data it did not see.
    version = store.data_version()
    held = _answers.get(store)
    if held is None or held[0] != version:
        held = (version, {})
        _answers[store] = held
    entries = held[1]
    key = (name, *sorted((k, _frozen(v)) for k, v in params.items()))
    if key not in entries:
        if len(entries) >= MAX_ENTRIES:
            del entries[next(iter(entries))]
        entries[key] = store.run_query(name, params)
    return [dict(row) for row in entries[key]]


def _frozen(value: Any) -> Any:
    return tuple(value) if isinstance(value, list | tuple) else value


def forget(store: GraphStore) -> None:
    """Drop every answer kept for `store` (the benchmark uses it to time a first call after a write)."""
    _answers.pop(store, None)
