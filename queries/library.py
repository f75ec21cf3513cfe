"""The library itself: each query's `.cypher` file, header, parameters and networkx twin."""

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Annotated, Any, Literal

from pydantic import Field, TypeAdapter, ValidationError

from queries.errors import ParameterError, UnknownQueryError
from queries.memory import TWINS
from queries.summaries import CITY_WIDE_ROWS
from queries.text import lucene_phrase, single_han
from store.base import NamedQuery

REQUIRED = object()
"""Marks a query parameter without a default."""

REGION_KINDS: tuple[str, ...] = ("city", "district", "county_12", "chain", "cluster")
"""What `$region_kind` may be in the region queries."""

PARAMETERS: dict[str, dict[str, Any]] = {
    "search_entities": {"text": REQUIRED, "kinds": None, "ids": None, "limit": 20},
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
    "desert_summary": {"region": REQUIRED, "year": None},
    "enterprise_demand": {"region_kind": REQUIRED, "region_id": None, "enterprise_id": None, "year": None,
                          "occupation_ids": None, "cluster_id": None},
    "district_gap": {"year": None, "occupation_ids": None},
    "station_sites": {"min_students": REQUIRED, "min_employees": REQUIRED},
    "partner_suppliers": {"occupation_ids": REQUIRED, "year": None},
    "partner_ties": {"target_id": REQUIRED},
    "reference_ids": {},
    "uscc_holders": {"codes": REQUIRED},
    "unlisted_ids": {"kind": REQUIRED, "load_ids": REQUIRED},
    "stored_properties": {"ids": REQUIRED},
    "national_shortage_list": {"list_id": None},
    "demand_history": {"region_kind": REQUIRED, "region_id": None, "skill_levels": None},
    "demand_years": {},
    "supply_outlook": {"region_kind": REQUIRED, "region_id": None, "skill_levels": None},
    "supply_history": {"region_kind": REQUIRED, "region_id": None, "skill_levels": None},
    "measure_tally": {"region_kind": REQUIRED, "region_id": None, "year": REQUIRED, "by": None},
    "measure_summary": {"region_kind": REQUIRED, "region_id": None, "year": REQUIRED, "by": None},
    "measure_chains": {"chain_id": None, "cluster_id": None, "leader_district_ids": None},
    "wage_reference": {"year": None},
}
"""Each query's parameters with their defaults (`REQUIRED` if none): the same inputs on every store."""

Text = Annotated[str, Field(min_length=1, max_length=200)]
Ids = Annotated[list[Annotated[str, Field(max_length=200)]], Field(max_length=5_000)]
Count = Annotated[int, Field(ge=0, le=10_000_000)]

PARAMETER_TYPES: dict[str, tuple[Any, str]] = {
    "text": (Text, "a string of 1–200 characters"),
    "kinds": (Ids | None, "a list of node kinds, or null"),
    "ids": (Annotated[list[Annotated[str, Field(max_length=200)]], Field(max_length=1_000_000)] | None,
            "a list of node ids, or null"),
    "limit": (Annotated[int, Field(ge=1, le=10_000)], "an integer 1–10,000"),
    "chain_id": (Text | None, "a chain id (a string), or null"),
    "region_kind": (Text, "one of " + ", ".join(REGION_KINDS)),
    "region_id": (Text | None, "a district, chain or cluster id (a string), or null"),
    "region": (Text, "a district id or 'city' (a string)"),
    "year": (Annotated[int, Field(ge=1900, le=2200)] | None, "a year (an integer 1900–2200), or null"),
    "skill_levels": (Ids | None, "a list of skill level ids, or null"),
    "enterprise_id": (Text | None, "an enterprise id (a string), or null"),
    "occupation_ids": (Ids | None, "a list of occupation ids"),
    "cluster_id": (Text | None, "a cluster id (a string), or null"),
    "min_students": (Count, "an integer ≥ 0"),
    "min_employees": (Count, "an integer ≥ 0"),
    "target_id": (Text, "an enterprise or chain id (a string)"),
    "codes": (Ids, "a list of credit codes"),
    "kind": (Text, "a node kind (a string, e.g. 'Enterprise')"),
    "load_ids": (Ids, "a list of file hashes (load_id)"),
    "list_id": (Text | None, "a shortage list id (a string), or null for the latest"),
    "leader_district_ids": (Ids | None, "a list of district ids, or null"),
    "by": (Literal["district", "chain", "cluster"] | None, "'district', 'chain', 'cluster' or null"),
}
"""What each parameter name takes, the same in every query that uses it, and how to say so: checked
before a query runs, so a wrong type is a clear refusal naming the parameter, never a database error."""

_CHECKS = {name: TypeAdapter(kind, config={"strict": True}) for name, (kind, _) in PARAMETER_TYPES.items()}

DERIVED_PARAMETERS: dict[str, tuple[str, ...]] = {"search_entities": ("lucene", "single")}
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
    return NamedQuery(name, cypher, TWINS[name], kept_when=CITY_WIDE_ROWS.get(name))


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
    for parameter in params:
        try:
            bound[parameter] = _CHECKS[parameter].validate_python(bound[parameter])
        except ValidationError as exc:
            problem = exc.errors()[0]["msg"].lower()
            raise ParameterError(
                f"query {name!r}: parameter {parameter!r} must be {PARAMETER_TYPES[parameter][1]} ({problem}); "
                f"got {_shorten(bound[parameter])}"
            ) from None
    if "region_kind" in bound and bound["region_kind"] not in REGION_KINDS:
        raise ParameterError(
            f"query {name!r}: region_kind {bound['region_kind']!r} is not one of {', '.join(REGION_KINDS)}"
        )
    if name == "search_entities":
        bound["lucene"] = lucene_phrase(bound["text"]) or '""'
        bound["single"] = single_han(bound["text"])
    return bound


def _shorten(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "…"


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
