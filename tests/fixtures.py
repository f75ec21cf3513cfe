"""A hand-built miniature chain, small enough to work every answer out by hand.

    e1 (chain leader, 万州) ──LEADS──▶ c1 ◀──MEMBER_OF(industry)── e1, e2
                                       c1 ◀──MEMBER_OF(teaching)── s1
                                       c1 ◀──MEMBER_OF(evaluation)── b1
    e1, e2, s1, b1 ──LOCATED_IN──▶ wanzhou
    e2 ──DEMANDS(senior_worker, 2025, 12)──▶ 6-22-02-01 (汽车装调工)
    e2 ──DEMANDS(technician, 2025, 3)──────▶ 6-22-02-01
    b1 ──EVALUATES(junior…senior)──────────▶ 6-22-02-01
"""

from typing import Any

from graph_model.nodes import (
    Chain,
    District,
    Enterprise,
    EvaluationBody,
    Node,
    Occupation,
    School,
)
from graph_model.relationships import Demands, Evaluates, Leads, LocatedIn, MemberOf, Relationship
from store.base import GraphStore

NODES: list[Node] = [
    District(id="wanzhou", name_zh="万州区", name_en="Wanzhou District", code="500101",
             district_type="district", lat=30.71, lng=108.4),
    Occupation(id="6-22-02-01", name_zh="汽车装调工", name_en="Automobile Assembly and Commissioning Worker", level=4),
    Chain(id="c1", name_zh="智能网联新能源汽车产教评技能生态链", name_en="Intelligent NEV skills chain"),
    Enterprise(id="e1", name_zh="重庆长安汽车股份有限公司", name_en="Chongqing Changan Automobile Co., Ltd.",
               uscc="91500000MA5U00010X", district="wanzhou", roles=["chain_leader"]),
    Enterprise(id="e2", name_zh="重庆青山工业有限责任公司", uscc="91500000MA5U00020Y", district="wanzhou",
               roles=["specialised_sme"]),
    School(id="s1", name_zh="重庆三峡职业学院", district="wanzhou", school_type="higher_vocational"),
    EvaluationBody(id="b1", name_zh="万州职业技能鉴定中心", uscc="12500000MB1A00030J", district="wanzhou"),
]

RELATIONSHIPS: list[Relationship] = [
    Leads(start="e1", end="c1"),
    MemberOf(start="e1", end="c1", link_role="industry"),
    MemberOf(start="e2", end="c1", link_role="industry"),
    MemberOf(start="s1", end="c1", link_role="teaching"),
    MemberOf(start="b1", end="c1", link_role="evaluation"),
    *[LocatedIn(start=o, end="wanzhou") for o in ("e1", "e2", "s1", "b1")],
    Demands(start="e2", end="6-22-02-01", headcount=12, skill_level="senior_worker", year=2025),
    Demands(start="e2", end="6-22-02-01", headcount=3, skill_level="technician", year=2025),
    Evaluates(start="b1", end="6-22-02-01", levels=["junior_worker", "intermediate_worker", "senior_worker"],
              capacity_per_year=400),
]


def node_rows(nodes: list[Node]) -> dict[str, list[dict[str, Any]]]:
    rows: dict[str, list[dict[str, Any]]] = {}
    for n in nodes:
        rows.setdefault(n.label, []).append({"id": n.id, "props": n.properties()})
    return rows


def rel_rows(rels: list[Relationship]) -> dict[str, list[dict[str, Any]]]:
    rows: dict[str, list[dict[str, Any]]] = {}
    for r in rels:
        rows.setdefault(r.type, []).append({"start": r.start, "end": r.end, "key": r.key(), "props": r.properties()})
    return rows


def load(store: GraphStore, nodes: list[Node], relationships: list[Relationship]) -> None:
    """Upsert hand-built nodes, then relationships, and flush."""
    for label, rows in node_rows(nodes).items():
        store.upsert_nodes(label, rows)
    for rel_type, rows in rel_rows(relationships).items():
        store.upsert_relationships(rel_type, rows)
    store.flush()


def load_mini_chain(store: GraphStore) -> None:
    load(store, NODES, RELATIONSHIPS)
