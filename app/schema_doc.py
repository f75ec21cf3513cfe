"""Write `docs/schema.md` from the graph model: `python -m app.schema_doc > docs/schema.md`."""

import datetime as dt
import sys
import types
from enum import Enum
from typing import Annotated, Any, Union, get_args, get_origin

import annotated_types
from pydantic import BaseModel
from pydantic.fields import FieldInfo

from graph_model import enums
from graph_model.nodes import ENTITY_LABEL, NODE_KINDS, ORGANISATION_LABEL
from graph_model.relationships import REL_KINDS
from graph_model.schema import schema_statements
from queries import library
from queries.summaries import build as summary_build

_VALIDATORS = {
    "validate_uscc": "unified social credit code (GB 32100, check character verified)",
    "resolve_district": "district id (an id, GB code or name is accepted and stored as the id)",
    "resolve_occupation": "level-4 occupation code of the 2022 classification",
    "resolve_skill_level": "skill level id of the eight-level ladder (id, rank 1–8 or Chinese name accepted)",
    "_levels": "skill level ids, stored sorted by rank",
    "_not_in_future": "not in the future",
}

_NOTES = {
    "LOCATED_IN": "Where an organisation, station, park or platform sits; the ingest derives it from `district`.",
    "IN_CLUSTER": "An enterprise's, chain's or occupation's cluster; the ingest derives it from `cluster_ids`. An "
                  "occupation's comes from the curated table of what each cluster employs, with its `weight` (of 100) "
                  "and `confidence` (docs/reference-tables.md).",
    "PREPARES_FOR": "A major prepares its graduates for an occupation.",
    "HOSTS": "An organisation hosts a training platform.",
}
"""What the relationship types without a docstring mean."""

_EXAMPLES = """\
```cypher
// The members of a chain by link, its leader marked
MATCH (c:Chain {id: $chain_id})<-[m:MEMBER_OF]-(o:Organisation)
RETURN m.link_role AS link, o.id AS id, o.name_zh AS name, EXISTS { (o)-[:LEADS]->(c) } AS is_leader
ORDER BY link, id
```

```cypher
// Demand headcount per occupation and skill level in one district, one year
MATCH (:District {id: 'wanzhou'})<-[:LOCATED_IN]-(e:Enterprise)-[d:DEMANDS]->(occ:Occupation)
WHERE d.year = 2025
RETURN occ.id AS occupation, occ.name_zh AS name, d.skill_level AS level, sum(d.headcount) AS headcount
ORDER BY headcount DESC, occupation, level
```

```cypher
// Who evaluates an occupation at a level, and where
MATCH (b:Organisation)-[v:EVALUATES]->(:Occupation {id: '6-22-02-01'})
WHERE 'senior_worker' IN v.levels
MATCH (b)-[:LOCATED_IN]->(d:District)
RETURN b.id, b.name_zh, d.name_zh AS district, v.capacity_per_year
ORDER BY b.id
```

```cypher
// Graduates per year preparing for an occupation, by school
MATCH (s:School)-[f:OFFERS]->(m:Major)-[:PREPARES_FOR]->(:Occupation {id: '6-22-02-01'})
RETURN s.id, s.name_zh, m.name_zh AS major, f.graduates_per_year
ORDER BY f.graduates_per_year DESC, s.id
```
"""


def _strip(annotation: Any) -> tuple[Any, list[Any]]:
    """The type inside `Annotated[...]`, with its metadata (pydantic's nested FieldInfo included)."""
    metadata: list[Any] = []
    while get_origin(annotation) is Annotated:
        annotation, *extra = get_args(annotation)
        for item in extra:
            metadata.extend(item.metadata if isinstance(item, FieldInfo) else [item])
    return annotation, metadata


def _type_name(annotation: Any) -> tuple[str, list[Any]]:
    annotation, metadata = _strip(annotation)
    origin = get_origin(annotation)
    if origin in (Union, types.UnionType):
        names = []
        for arg in get_args(annotation):
            if arg is type(None):
                continue
            name, inner = _type_name(arg)
            names.append(name)
            metadata += inner
        return " \\| ".join(names), metadata
    if origin is list:
        name, inner = _type_name(get_args(annotation)[0])
        return f"list of {name}", metadata + inner
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        return f"[{annotation.__name__}](#{annotation.__name__.lower()})", metadata
    if annotation is dt.date:
        return "date (ISO string)", metadata
    return getattr(annotation, "__name__", str(annotation)), metadata


def _rules(metadata: list[Any]) -> str:
    rules = []
    for item in metadata:
        if isinstance(item, annotated_types.Ge):
            rules.append(f"≥ {item.ge}")
        elif isinstance(item, annotated_types.Le):
            rules.append(f"≤ {item.le}")
        elif isinstance(item, annotated_types.MinLen):
            rules.append(f"length ≥ {item.min_length}")
        elif isinstance(item, annotated_types.MaxLen):
            rules.append(f"length ≤ {item.max_length}")
        elif getattr(item, "pattern", None):
            rules.append(f"matches `{item.pattern}`")
        elif hasattr(item, "func"):
            rules.append(_VALIDATORS.get(item.func.__name__, item.func.__name__))
    return "; ".join(rules)


def _default(field: FieldInfo) -> str:
    if field.is_required():
        return "required"
    if field.default_factory is not None:
        return "default `[]`"
    if field.default is None:
        return "optional"
    value = field.default.value if isinstance(field.default, Enum) else field.default
    return f"default `{str(value).lower() if isinstance(value, bool) else value}`"


def _properties(model: type[BaseModel], skip: tuple[str, ...] = ()) -> list[str]:
    lines = ["| property | type | | rules |", "|---|---|---|---|"]
    for name, field in model.model_fields.items():
        if name in skip:
            continue
        type_name, metadata = _type_name(field.annotation)
        lines.append(f"| `{name}` | {type_name} | {_default(field)} | {_rules([*field.metadata, *metadata])} |")
    return lines


def _doc(model: type) -> str:
    own = model.__dict__.get("__doc__")
    return " ".join(own.split()) if own else ""


def schema_markdown() -> str:
    """The whole `docs/schema.md` page."""
    out = [
        "# Graph schema",
        "",
        "Generated from `graph_model/` by `python -m app.schema_doc > docs/schema.md`; do not edit by hand.",
        "",
        f"Every node carries the label `{ENTITY_LABEL}` besides its kind, so an id finds its node whatever its",
        f"kind; every organisation also carries `{ORGANISATION_LABEL}`. Ids are unique across the whole graph.",
        "Lists are stored as list properties, dates as ISO strings. Relationships are directed `start → end`;",
        "between the same two nodes, relationships of one type are told apart by their key properties",
        "(in Neo4j also joined into a `key` property, e.g. `senior_worker|2025` on DEMANDS).",
        "",
        "## Node kinds",
        "",
        "| label | 中文 | extra labels |",
        "|---|---|---|",
    ]
    for label, kind in NODE_KINDS.items():
        out.append(f"| [`{label}`](#{label.lower()}) | {kind.name_zh_label} | {', '.join(kind.labels()[1:])} |")
    for label, kind in NODE_KINDS.items():
        out += ["", f"### {label}", "", f"{kind.name_zh_label}. {_doc(kind)}".rstrip(), "", *_properties(kind)]
    out += ["", "## Relationship types", "", "| type | start → end | key properties |", "|---|---|---|"]
    for rel_type, rel in REL_KINDS.items():
        pairs = ", ".join(f"{s} → {e}" for s, e in rel.pairs)
        keys = ", ".join(f"`{k}`" for k in rel.key_fields) or "—"
        out.append(f"| [`{rel_type}`](#{rel_type.lower()}) | {pairs} | {keys} |")
    for rel_type, rel in REL_KINDS.items():
        out += ["", f"### {rel_type}", "", _doc(rel) or _NOTES.get(rel_type, ""), ""]
        props = _properties(rel, skip=("start", "end"))
        out += props if len(props) > 2 else ["No properties."]
    out += ["", "## Vocabularies", ""]
    for enum in (getattr(enums, name) for name in dir(enums)):
        if isinstance(enum, type) and issubclass(enum, enums.Bilingual) and enum is not enums.Bilingual:
            out += [f"### {enum.__name__}", "", "| value | 中文 |", "|---|---|"]
            out += [f"| `{member.value}` | {member.label_zh} |" for member in enum]
            out.append("")
    out += ["## Constraints and indexes", "", "```cypher", *[f"{s};" for s in schema_statements()], "```", ""]
    out += [
        "## Bookkeeping outside the model (Neo4j)",
        "",
        "Seven labels hold the store's own bookkeeping. They carry no `Entity` label and no relationship, so",
        "no analysis, count or network view meets them:",
        "",
        "- `IngestLoad` — one node per load (`id`, `seq`, `record`: the load's record as JSON — when, by whom,",
        "  its files with their hashes, what it wrote); `skillgraph loads list`, `GET /api/v1/loads`.",
        "- `Retired` — the record of a retired node (`id`, `kind`) or relationship (`kind` = its type), `record`",
        "  as JSON: its properties with what retired it (`status`, `closed_on`, `retired_by_load`, …) and, for",
        "  a node, the relationships it had; `GET /api/v1/retired`, or `MATCH (r:Retired {id: 'E1'})`.",
        "- `DataVersion` — one node whose `version` every write transaction moves on (answers kept in",
        "  memory are keyed by it); `summary_version` is the version the summaries stand for.",
        "- `GapSummary` — one node per district × occupation and per city × occupation (`region`,",
        "  `occupation`, `key` = region|occupation), and `ChainSummary` — one per chain × demanded",
        "  occupation (`chain`, `occupation`, `key`): the sums a gap table or a chain's coverage needs;",
        "  `DesertSummary` — one per district × demanded occupation and per city × demanded occupation",
        "  (`region`, `occupation`, `key` = region|occupation) holding `evaluation_deserts`' rows per skill",
        "  level and year (year 0: all years together);",
        "  `MeasureSummary` — one per region × year (`region_kind`, `region_id`, `year`, `key` =",
        "  kind|id|year) holding `measure_tally`'s sums for the 13 measures. Rebuilt after each ingest and",
        "  read by `gap_summary` / `chain_summary` / `desert_summary` / `measure_summary` only while current.",
        "  See [analyses.md](analyses.md#summaries-neo4j) and `queries/summaries/`.",
        "",
        "```cypher",
        *[f"{s};" for s in summary_build().schema],
        "```",
        "",
    ]
    out += ["## Example queries", "", _EXAMPLES]
    out += [
        "## The query library",
        "",
        "Each query is a file `queries/<name>.cypher`; parameters, columns and formulas are in",
        "[analyses.md](analyses.md).",
        "",
        *[f"- `{q.name}` — {q.purpose}" for q in library().values()],
        "",
    ]
    return "\n".join(out)


if __name__ == "__main__":
    sys.stdout.write(schema_markdown())
