"""What we ask of the graph: one Cypher file per query, with the same meaning on every store."""

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from queries.text import lucene_phrase


class UnknownQueryError(LookupError):
    """A query name that is not in the library."""


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


def prepare_params(name: str, params: dict[str, Any]) -> dict[str, Any]:
    """Fill in defaults and derived parameters, so both stores see the same inputs."""
    cypher_for(name)
    if name == "search_entities":
        params.setdefault("kinds", None)
        params.setdefault("limit", 20)
        params["lucene"] = lucene_phrase(params["text"]) or '""'
    return params


def _header(text: str) -> dict[str, str]:
    """`// key: value` and `// name — purpose` lines at the top of a file, continuation lines joined."""
    out: dict[str, str] = {}
    last: str | None = None
    for line in text.splitlines():
        if not line.startswith("//"):
            break
        body = line[2:].strip()
        m = re.match(r"^(\w+)(?::| —)\s*(.*)$", body)
        if m:
            last = m.group(1)
            out[last] = m.group(2)
        elif last:
            out[last] += " " + body
    return out
