"""The reference part of the graph: clusters, districts, the skill ladder and the 2022 occupation tree."""

from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from graph_model import reference as ref
from graph_model.nodes import Cluster, District, Metric, Node, Occupation, SkillLevel
from graph_model.relationships import InCluster, PartOf, Relationship
from store.base import GraphStore

CLASSIFICATION_SOURCE = "中华人民共和国职业分类大典(2022年版)"


@dataclass
class ReferenceGraph:
    nodes: dict[str, list[Node]] = field(default_factory=dict)
    relationships: dict[str, list[Relationship]] = field(default_factory=dict)

    def add(self, item: Node | Relationship) -> None:
        if isinstance(item, Node):
            self.nodes.setdefault(item.label, []).append(item)
        else:
            self.relationships.setdefault(item.type, []).append(item)


def _source(value: Any) -> str | None:
    if value is None:
        return None
    return "; ".join(value) if isinstance(value, list) else str(value)


def _clusters() -> Iterator[Node | Relationship]:
    for c in ref.clusters():
        yield Cluster(
            id=c["id"],
            name_zh=c["name_zh"],
            name_en=c["name_en"],
            tier=c["tier"],
            parent_id=c["parent_id"],
            confidence=c["membership_confidence"],
            source=_source(c.get("source")),
        )
        if c["parent_id"]:
            yield PartOf(start=c["id"], end=c["parent_id"])


def _districts() -> Iterator[Node]:
    for d in ref.districts():
        yield District(
            id=d["id"],
            name_zh=d["name_zh"],
            name_en=d["name_en"],
            code=d.get("code"),
            district_type=d["type"],
            region=d.get("region"),
            lat=d["lat"],
            lng=d["lng"],
            seat_lat=d.get("seat_lat"),
            seat_lng=d.get("seat_lng"),
            is_county_12=d.get("is_county_12", False),
            status=d.get("status"),
            former_ids=d.get("former_ids", []),
            former_codes=d.get("former_codes", []),
            coord_kind=d.get("coord_kind"),
            source=_source(d.get("source")),
        )


def _skill_levels() -> Iterator[Node]:
    for s in ref.skill_levels():
        yield SkillLevel(
            id=s["id"],
            name_zh=s["name_zh"],
            name_en=s["name_en"],
            rank=s["rank"],
            national_cert_level=s.get("national_cert_level"),
            is_high_skill=s["is_high_skill"],
        )


def _metrics() -> Iterator[Node]:
    for m in ref.metrics():
        yield Metric(id=m["id"], name_zh=m["name_zh"], name_en=m["name_en"], group=m["group"], measure=m["measure"],
                     unit=m["unit"])


def _occupations() -> Iterator[Node | Relationship]:
    """The classification, with each occupation's clusters and priority fields from the curated table."""
    focus = ref.occupation_focus()
    cluster_ids = ref.cluster_ids()
    typical = {(r.code, r.sector): r for rows in ref.sector_occupations().values() for r in rows}
    names_en = ref.occupation_english_names()
    sectors_of = ref.occupation_sectors()
    for code, occ in ref.occupations().items():
        f = focus.get(code, {})
        sectors = sectors_of.get(code, ())
        clusters = [s for s in sectors if s in cluster_ids]
        yield Occupation(
            id=code,
            name_zh=occ.name_zh,
            name_en=names_en.get(code),
            level=occ.level,
            parent_code=occ.parent_code,
            is_digital=bool(f.get("is_digital_inferred", False)),
            is_green=bool(f.get("is_green_inferred", False)),
            cluster_ids=clusters,
            priority_fields=[s for s in sectors if s not in cluster_ids],
            flags_inferred=bool(f),
        )
        if occ.parent_code:
            yield PartOf(start=code, end=occ.parent_code)
        for cluster_id in clusters:
            row = typical[code, cluster_id]
            yield InCluster(start=code, end=cluster_id, weight=row.weight, confidence=row.confidence)


@cache
def reference_graph() -> ReferenceGraph:
    """Every reference node and relationship, validated through the graph model (built once; don't mutate)."""
    graph = ReferenceGraph()
    for source in (_clusters(), _districts(), _skill_levels(), _metrics(), _occupations()):
        for item in source:
            graph.add(item)
    return graph


def load_reference(store: GraphStore) -> dict[str, int]:
    """Upsert the reference graph (idempotent); returns rows written per kind and type."""
    graph = reference_graph()
    written: dict[str, int] = {}
    for label, nodes in graph.nodes.items():
        written[label] = store.upsert_nodes(label, [{"id": n.id, "props": n.properties()} for n in nodes])
    for rel_type, rels in graph.relationships.items():
        rows = [{"start": r.start, "end": r.end, "key": r.key(), "props": r.properties()} for r in rels]
        written[rel_type] = store.upsert_relationships(rel_type, rows)
    store.flush()
    return written


def retire_abolished_districts(store: GraphStore) -> list[str]:
    """Move what an earlier load placed in a district abolished since onto its successor, then delete the
    abolished district's node: so no area is counted twice. Returns what was done, one sentence per district."""
    mergers = ref.district_mergers()
    present = store.kinds_of(mergers)
    done: list[str] = []
    for old_id in sorted(i for i, kind in present.items() if kind == "District"):
        merger = mergers[old_id]
        placed = sorted(store.adjacent([old_id]))
        _, edges = store.subgraph([*placed, old_id])
        moved = [e for e in edges if e.type == "LOCATED_IN" and e.end == old_id]
        by_kind: dict[str, list[str]] = {}
        for node_id, kind in store.kinds_of(e.start for e in moved).items():
            by_kind.setdefault(kind, []).append(node_id)
        for kind, ids in sorted(by_kind.items()):
            store.upsert_nodes(kind, [{"id": i, "props": {"district": merger.new_id}} for i in sorted(ids)])
        store.upsert_relationships("LOCATED_IN", [
            {"start": e.start, "end": merger.new_id, "key": e.key, "props": e.properties} for e in moved])
        store.delete_nodes([old_id])
        done.append(f"{merger.old_name_zh} ({old_id}) was abolished on {merger.on} and merged into "
                    f"{merger.new_name_zh}: the {len(moved)} organisations, stations, parks and platforms an earlier "
                    f"load placed there now sit in {merger.new_id}")
    store.flush()
    return done
