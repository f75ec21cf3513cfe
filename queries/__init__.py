"""What we ask of the graph: the named-query library — one `.cypher` file per query with its networkx twin.

    >>> from queries import run
    >>> run(store, "region_gap", {"region_kind": "district", "region_id": "wanzhou"})  # doctest: +SKIP
"""

from queries.errors import ParameterError, UnknownQueryError
from queries.library import (
    DERIVED_PARAMETERS,
    PARAMETERS,
    REGION_KINDS,
    REQUIRED,
    QueryInfo,
    cypher_for,
    library,
    named_query,
    prepare_params,
)
from queries.runner import fetch, fetch_many, refresh_summaries, run, run_many

__all__ = [
    "DERIVED_PARAMETERS",
    "PARAMETERS",
    "REGION_KINDS",
    "REQUIRED",
    "ParameterError",
    "QueryInfo",
    "UnknownQueryError",
    "cypher_for",
    "fetch",
    "fetch_many",
    "library",
    "named_query",
    "prepare_params",
    "refresh_summaries",
    "run",
    "run_many",
]
