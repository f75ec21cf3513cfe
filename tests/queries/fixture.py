"""Three chains in four districts, small enough to work every analysis out by hand.

Occupations: A = 6-22-02-01 汽车装调工 (NEV cluster), W = 6-18-02-04 焊工 (equipment + NEV clusters),
R = 6-31-07-01 工业机器人系统运维员 (intelligent-manufacturing-equipment cluster, digital),
C = 4-10-01-05 养老护理员 (health & elderly care, no cluster). Districts: wanzhou, shapingba (main
city); fengjie, wushan (two of the 12 counties).

    c1 NEV chain (IN_CLUSTER nev), led by e1
        industry   e1 长安 (wanzhou, nev)      DEMANDS A senior 20 (2025), R technician 5 (2026)
                   e2 青山 (wanzhou, nev)      DEMANDS A senior 12, A technician 3 (shortage), W intermediate 10
        teaching   s1 (wanzhou)  OFFERS m1 (60/yr) ─PREPARES_FOR→ A;  OFFERS m2 (30/yr) ─PREPARES_FOR→ W
        training   t1 (wanzhou)  TRAINS A [junior, intermediate] 50/yr;  TRAINS W [any level] 20/yr
        evaluation b1 (wanzhou)  EVALUATES A [junior, intermediate, senior] 400/yr
    c2 elderly-care chain (priority field health_elderly_care), led by e4
        industry   e4 (shapingba)              DEMANDS C intermediate 30, C senior 10 (shortage)
        teaching   s2 (shapingba) OFFERS m3 (20/yr) ─PREPARES_FOR→ C
        evaluation b2 (shapingba) EVALUATES C [junior, intermediate] 100/yr; W [junior..senior] 80/yr
        employment h1 (shapingba)
    c3 robot chain (IN_CLUSTER ime), led by e5
        industry   e5 (shapingba, ime)         EVALUATES R [senior, technician] 15/yr; demands nothing
    outside every chain:
        e3 (fengjie, equipment + nev)          DEMANDS W senior 8 (shortage)
        t2 (fengjie)                           TRAINS W [senior] 10/yr
        b3 (wushan)                            EVALUATES W [senior, technician] 30/yr

Every demand is for 2025 except e1's R (2026). Every organisation is LOCATED_IN its district and
IN_CLUSTER its `cluster_ids`, as the ingest derives them.
"""

from graph_model.nodes import (
    Chain,
    Cluster,
    District,
    EmploymentService,
    Enterprise,
    EvaluationBody,
    Major,
    Node,
    Occupation,
    Organisation,
    School,
    TrainingProvider,
)
from graph_model.relationships import (
    Demands,
    Evaluates,
    Filed,
    InCluster,
    Leads,
    LocatedIn,
    MemberOf,
    Offers,
    PreparesFor,
    Relationship,
    Trains,
)
from store.base import GraphStore
from tests.fixtures import load

A, W, R, C = "6-22-02-01", "6-18-02-04", "6-31-07-01", "4-10-01-05"
NEV = "intelligent_connected_nev"
EQUIPMENT = "intelligent_equipment_manufacturing"
IME = "intelligent_manufacturing_equipment"

ORGANISATIONS: list[Organisation] = [
    Enterprise(id="e1", name_zh="重庆长安汽车股份有限公司", name_en="Chongqing Changan Automobile Co., Ltd.",
               uscc="91500000MA5U00010X", district="wanzhou", roles=["chain_leader"], cluster_ids=[NEV]),
    Enterprise(id="e2", name_zh="重庆青山工业有限责任公司", uscc="91500000MA5U00020Y", district="wanzhou",
               roles=["specialised_sme"], cluster_ids=[NEV]),
    Enterprise(id="e3", name_zh="重庆奉节精工机械有限公司", uscc="91500000MA5U000300", district="fengjie",
               cluster_ids=[EQUIPMENT, NEV]),
    Enterprise(id="e4", name_zh="重庆康宁养老服务有限公司", uscc="91500000MA5U000401", district="shapingba",
               roles=["chain_leader"]),
    Enterprise(id="e5", name_zh="重庆智元机器人有限公司", name_en="Chongqing Zhiyuan Robotics Co., Ltd.",
               uscc="91500000MA5U000502", district="shapingba", roles=["chain_leader"], cluster_ids=[IME],
               filed_evaluation_body=True),
    School(id="s1", name_zh="重庆三峡职业学院", district="wanzhou", school_type="higher_vocational"),
    School(id="s2", name_zh="重庆城市管理职业学院", district="shapingba", school_type="higher_vocational"),
    TrainingProvider(id="t1", name_zh="万州区职业技能培训中心", district="wanzhou"),
    TrainingProvider(id="t2", name_zh="奉节县职业培训学校", district="fengjie"),
    EvaluationBody(id="b1", name_zh="万州职业技能鉴定中心", uscc="12500000MB1A00030J", district="wanzhou"),
    EvaluationBody(id="b2", name_zh="沙坪坝区职业技能评价中心", uscc="12500000MB1A00040K", district="shapingba"),
    EvaluationBody(id="b3", name_zh="巫山县职业技能鉴定所", uscc="12500000MB1A00050L", district="wushan"),
    EmploymentService(id="h1", name_zh="重庆沙坪坝人力资源服务有限公司", district="shapingba"),
]

NODES: list[Node] = [
    District(id="wanzhou", name_zh="万州区", name_en="Wanzhou District", code="500101", district_type="district",
             lat=30.71, lng=108.4),
    District(id="shapingba", name_zh="沙坪坝区", name_en="Shapingba District", code="500106",
             district_type="district", lat=29.63, lng=106.36),
    District(id="fengjie", name_zh="奉节县", name_en="Fengjie County", code="500236", district_type="county",
             lat=30.95, lng=109.34, is_county_12=True),
    District(id="wushan", name_zh="巫山县", name_en="Wushan County", code="500237", district_type="county",
             lat=31.12, lng=109.9, is_county_12=True),
    Cluster(id=NEV, name_zh="智能网联新能源汽车", tier="trillion"),
    Cluster(id=EQUIPMENT, name_zh="智能装备及智能制造", tier="five_hundred_billion"),
    Cluster(id=IME, name_zh="智能制造装备", tier="emerging"),
    Occupation(id=A, name_zh="汽车装调工", name_en="Automobile Assembly and Commissioning Worker", level=4,
               cluster_ids=[NEV]),
    Occupation(id=W, name_zh="焊工", name_en="Welder", level=4, cluster_ids=[EQUIPMENT, NEV]),
    Occupation(id=R, name_zh="工业机器人系统运维员", name_en="Industrial Robot System Operator", level=4,
               cluster_ids=[IME], is_digital=True, priority_fields=["digital_occupations"]),
    Occupation(id=C, name_zh="养老护理员", name_en="Elderly Care Worker", level=4,
               priority_fields=["health_elderly_care"]),
    Major(id="m1", name_zh="汽车制造与试验技术"),
    Major(id="m2", name_zh="智能焊接技术"),
    Major(id="m3", name_zh="智慧健康养老服务与管理", name_en="Smart Health and Elderly Care Services"),
    Chain(id="c1", name_zh="智能网联新能源汽车产教评技能生态链", name_en="Intelligent NEV skills chain",
          cluster_ids=[NEV]),
    Chain(id="c2", name_zh="健康养老产教评技能生态链", name_en="Health and elderly care skills ecosystem chain",
          priority_fields=["health_elderly_care"]),
    Chain(id="c3", name_zh="工业机器人产教评技能生态链", cluster_ids=[IME], priority_fields=["digital_occupations"]),
    *ORGANISATIONS,
]

MEMBERS = {
    "c1": [("e1", "industry"), ("e2", "industry"), ("s1", "teaching"), ("t1", "training"), ("b1", "evaluation")],
    "c2": [("e4", "industry"), ("s2", "teaching"), ("b2", "evaluation"), ("h1", "employment")],
    "c3": [("e5", "industry")],
}

RELATIONSHIPS: list[Relationship] = [
    Leads(start="e1", end="c1"),
    Leads(start="e4", end="c2"),
    Leads(start="e5", end="c3"),
    *[MemberOf(start=o, end=c, link_role=role) for c, members in MEMBERS.items() for o, role in members],
    *[LocatedIn(start=o.id, end=o.district) for o in ORGANISATIONS],
    *[InCluster(start=n.id, end=k) for n in NODES if isinstance(n, Enterprise | Chain | Occupation)
      for k in n.cluster_ids],
    Demands(start="e1", end=A, headcount=20, skill_level="senior_worker", year=2025),
    Demands(start="e1", end=R, headcount=5, skill_level="technician", year=2026, plan=True),
    Demands(start="e2", end=A, headcount=12, skill_level="senior_worker", year=2025),
    Demands(start="e2", end=A, headcount=3, skill_level="technician", year=2025, shortage=True),
    Demands(start="e2", end=W, headcount=10, skill_level="intermediate_worker", year=2025),
    Demands(start="e3", end=W, headcount=8, skill_level="senior_worker", year=2025, shortage=True),
    Demands(start="e4", end=C, headcount=30, skill_level="intermediate_worker", year=2025),
    Demands(start="e4", end=C, headcount=10, skill_level="senior_worker", year=2025, shortage=True),
    Offers(start="s1", end="m1", graduates_per_year=60),
    Offers(start="s1", end="m2", graduates_per_year=30),
    Offers(start="s2", end="m3", graduates_per_year=20),
    PreparesFor(start="m1", end=A),
    PreparesFor(start="m2", end=W),
    PreparesFor(start="m3", end=C),
    Trains(start="t1", end=A, levels=["junior_worker", "intermediate_worker"], capacity_per_year=50),
    Trains(start="t1", end=W, capacity_per_year=20),
    Trains(start="t2", end=W, levels=["senior_worker"], capacity_per_year=10),
    Evaluates(start="b1", end=A, levels=["junior_worker", "intermediate_worker", "senior_worker"],
              capacity_per_year=400),
    Evaluates(start="b2", end=C, levels=["junior_worker", "intermediate_worker"], capacity_per_year=100),
    Evaluates(start="b2", end=W, levels=["junior_worker", "intermediate_worker", "senior_worker"],
              capacity_per_year=80),
    Evaluates(start="b3", end=W, levels=["senior_worker", "technician"], capacity_per_year=30),
    Evaluates(start="e5", end=R, levels=["senior_worker", "technician"], capacity_per_year=15),
]


def load_three_chains(store: GraphStore) -> None:
    """Load the fixture with the schema applied (search needs the full-text index)."""
    store.apply_schema()
    load(store, NODES, RELATIONSHIPS)


def load_chain_leader_filing(store: GraphStore) -> None:
    """The fixture, and measure 7's filing scope in Shapingba:
        e4 (c2's leader, Shapingba) EVALUATES C [senior] 40/yr, filed for its chain's members (scope chain_members)
        e6 (Shapingba, a member of c2)              DEMANDS C senior 4 (2025)
        e5 (Shapingba, c3's leader, not in c2)      DEMANDS C senior 6 (2025)
    So in Shapingba (C, senior) is demanded by e4 10 + e6 4 + e5 6 = 20: e4's filing serves e4 and e6, not e5."""
    load_three_chains(store)
    e6 = Enterprise(id="e6", name_zh="重庆颐年护理服务有限公司", uscc="91500000MA5U000603", district="shapingba")
    load(store, [e6], [
        LocatedIn(start="e6", end="shapingba"),
        MemberOf(start="e6", end="c2", link_role="industry"),
        Demands(start="e6", end=C, headcount=4, skill_level="senior_worker", year=2025),
        Demands(start="e5", end=C, headcount=6, skill_level="senior_worker", year=2025),
        Evaluates(start="e4", end=C, levels=["senior_worker"], capacity_per_year=40),
        Filed(start="e4", end=C, scope="chain_members", levels=["senior_worker"], filed="2025-03-01"),
    ])
