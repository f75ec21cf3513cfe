"""A generated chain of 1,200 member organisations, 240 in each of the five links, for the graph viewer."""

from graph_model.nodes import (
    Chain,
    EmploymentService,
    Enterprise,
    EvaluationBody,
    Node,
    School,
    TrainingProvider,
)
from graph_model.relationships import Leads, MemberOf, Relationship
from graph_model.uscc import uscc_check_character

BIG_CHAIN = "big"
MEMBERS = 1200
LINKS = ("industry", "teaching", "training", "evaluation", "employment")


def member_id(i: int) -> str:
    return f"m{i:04d}"


def _member(i: int) -> Node:
    node_id, district = member_id(i), ("liangjiang_new_area", "jiulongpo", "shapingba")[i % 3]
    match LINKS[i % 5]:
        case "industry":
            first17 = f"91500000MA{i:07d}"
            return Enterprise(id=node_id, name_zh=f"重庆测试制造有限公司{i:04d}", name_en=f"Test Manufacturing {i:04d}",
                              uscc=first17 + uscc_check_character(first17), district=district)
        case "teaching":
            return School(id=node_id, name_zh=f"重庆测试职业学院{i:04d}", district=district,
                          school_type="higher_vocational")
        case "training":
            return TrainingProvider(id=node_id, name_zh=f"重庆测试培训学校{i:04d}", district=district)
        case "evaluation":
            return EvaluationBody(id=node_id, name_zh=f"重庆测试评价中心{i:04d}", district=district)
        case _:
            return EmploymentService(id=node_id, name_zh=f"重庆测试人力资源公司{i:04d}", district=district)


NODES: list[Node] = [
    Chain(id=BIG_CHAIN, name_zh="测试大型产教评技能生态链", name_en="A big test chain"),
    *[_member(i) for i in range(MEMBERS)],
]

RELATIONSHIPS: list[Relationship] = [
    Leads(start=member_id(0), end=BIG_CHAIN),
    *[MemberOf(start=member_id(i), end=BIG_CHAIN, link_role=LINKS[i % 5]) for i in range(MEMBERS)],
]
