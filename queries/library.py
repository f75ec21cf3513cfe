"""The library itself: each query's `.cypher` file, header, parameters and networkx twin."""

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from queries.errors import ParameterError, UnknownQueryError
from queries.memory import TWINS
from queries.text import lucene_phrase
from store.base import NamedQuery

REQUIRED = object()
"""Marks a query parameter without a default."""

REGION_KINDS: tuple[str, ...] = ("city", "district", "county_12", "chain", "cluster")
"""What `$region_kind` may be in the region queries."""

PARAMETERS: dict[str, dict[str, Any]] = {
    "search_entities": {"text": REQUIRED, "kinds": None, "limit": 20},
    "chains": {"chain_id": None},
    "chain_members": {"chain_id": REQUIRED},
    "chain_scope": {"chain_id": REQUIRED},
    "chain_links": {"chain_id": None},
    "chain_demand_supply": {"chain_id": None, "year": None},
    "chain_summary": {"chain_id": None, "year": None},
    "region_organisations": {"region_kind": REQUIRED, "region_id": None},
    "region_gap": {"region_kind": REQUIRED, "region_id": None, "year": None, "skill_levels": None},
    "gap_summary": {"region": REQUIRED, "year": None, "skill_levels": None},
    "occupation_demand": {"year": None, "skill_levels": None},
    "occupation_demand_summary": {"year": None, "skill_levels": None},
    "evaluation_deserts": {"region_kind": REQUIRED, "region_id": None, "year": None},
    "enterprise_demand": {"region_kind": REQUIRED, "region_id": None, "enterprise_id": None, "year": None,
                          "occupation_ids": None, "cluster_id": None},
    "district_gap": {"year": None, "occupation_ids": None},
    "station_sites": {"min_students": REQUIRED, "min_employees": REQUIRED},
    "partner_suppliers": {"occupation_ids": REQUIRED, "year": None},
    "partner_ties": {"target_id": REQUIRED},
}
"""Each query's parameters with their defaults (`REQUIRED` if none): the same inputs on every store."""

DERIVED_PARAMETERS: dict[str, tuple[str, ...]] = {"search_entities": ("lucene",)}
"""Parameters the application computes from the others; callers never pass them."""


@dataclass(frozen=True)
class QueryInfo:
    name: str
    purpose: str
    parameters: str
    columns: str
    cypher: str


@cache
def library() -> dict[str, QueryInfo]:
    """Every query of the library by name, read from the `.cypher` files and their headers."""
    found: dict[str, QueryInfo] = {}
    for entry in resources.files("queries").iterdir():
        if not entry.name.endswith(".cypher"):
            continue
        text = entry.read_text(encoding="utf-8")
        name = entry.name.removesuffix(".cypher")
        header = _header(text)
        found[name] = QueryInfo(
            name=name,
            purpose=header.get(name, ""),
            parameters=header.get("parameters", ""),
            columns=header.get("columns", ""),
            cypher=text,
        )
    return dict(sorted(found.items()))


def cypher_for(name: str) -> str:
    try:
        return library()[name].cypher
    except KeyError:
        raise UnknownQueryError(f"no query named {name!r}; known: {', '.join(library())}") from None


@cache
def named_query(name: str) -> NamedQuery:
    """The query a store runs: its Cypher and its networkx twin."""
    cypher = cypher_for(name)
    if name not in TWINS:
        raise UnknownQueryError(f"query {name!r} has no networkx twin for the embedded store")
    return NamedQuery(name, cypher, TWINS[name])


def prepare_params(name: str, params: dict[str, Any]) -> dict[str, Any]:
    """Check the parameters, fill in defaults and derived ones, so both stores see the same inputs."""
    cypher_for(name)
    declared = PARAMETERS.get(name, {})
    unknown = sorted(set(params) - set(declared))
    if unknown:
        takes = ", ".join(declared) or "no parameters"
        raise ParameterError(f"query {name!r} takes {takes}; not {', '.join(unknown)}")
    missing = [p for p, default in declared.items() if default is REQUIRED and p not in params]
    if missing:
        raise ParameterError(f"query {name!r} needs the parameter(s) {', '.join(missing)}")
    bound = {p: params.get(p, default) for p, default in declared.items()}
    if "region_kind" in bound and bound["region_kind"] not in REGION_KINDS:
        raise ParameterError(
            f"query {name!r}: region_kind {bound['region_kind']!r} is not one of {', '.join(REGION_KINDS)}"
        )
    if name == "search_entities":
        bound["lucene"] = lucene_phrase(bound["text"]) or '""'
    return bound


def _header(text: str) -> dict[str, str]:
    """The leading `//` lines: `name — purpose`, then `parameters:` and `columns:`, continuation lines joined."""
    out: dict[str, str] = {}
    last: str | None = None
    for number, line in enumerate(text.splitlines()):
        if not line.startswith("//"):
            break
        body = line[2:].strip()
        first = re.match(r"^(\w+) —\s*(.*)$", body) if number == 0 else None
        section = re.match(r"^(parameters|columns):\s*(.*)$", body)
        m = first or section
        if m:
            last = m.group(1)
            out[last] = m.group(2)
        elif last:
            out[last] += " " + body
    return out
