"""Firms, sites and suppliers on one meridian, so that every distance and coverage can be worked out by hand.

Along lng 106.36 in Shapingba, 0.01° of latitude is 1.112 km (so 0.05° = 5.6 km, 0.10° = 11.1 km,
just beyond the 10 km radius of the tests). Occupations: A = 汽车装调工, W = 焊工.

    lat    what (all at lng 106.36, in shapingba, unless said)
    29.50  f1 firm: A senior 40                               b1 evaluation body: A [senior, technician] 100
    29.51  s1 school, 6,000 students (a large school): m1 graduates 35/yr → A
    29.52  f2 firm: W intermediate 20
    29.63  the Shapingba district seat (its centre; the fixture's districts have no separate seat)
    29.80  f3 firm, 2,000 employees (a large firm): A senior 30
    29.85  p1 skills eco-park
    29.90  f6 firm: W intermediate 6
    29.95  f4 firm: W intermediate 10
    30.00  st1 existing service station
    f5 firm in wanzhou, no coordinates → at the Wanzhou centre (30.71, 108.4): A technician 16
    t1 training provider in wanzhou (no coordinates): TRAINS A, any level, 4/yr
    jiulongpo (centre 29.50, 106.51): t2 training provider at (29.55, 106.45): TRAINS A [senior] 30/yr,
        W [junior] 10/yr · s2 school (800 students) at (29.70, 106.50): m2 graduates 10/yr → W

Chain k1 (NEV cluster), led by f1: members f1, f2 (industry), s1 (teaching). f1 and f3 are NEV firms.
Partnerships: f1–s1 (order class), f2–t2 (apprenticeship), f3–b1 (internship).

Unmet demand (district gap of each firm's district, all years):
    shapingba A: demand f1 40 + f3 30 = 70, supply s1 35 → share 1 − 35/70 = 0.5 → f1 20, f3 15
    shapingba W: demand f2 20 + f4 10 + f6 6 = 36, no supply in shapingba → share 1 → 20, 10, 6
    wanzhou A:   demand f5 16, supply t1 4 → share 1 − 4/16 = 0.75 → f5 12
    total 20 + 20 + 15 + 10 + 12 + 6 = 83
"""

from graph_model.nodes import (
    Chain,
    Cluster,
    District,
    EcoPark,
    Enterprise,
    EvaluationBody,
    Major,
    Node,
    Occupation,
    Organisation,
    School,
    ServiceStation,
    TrainingProvider,
)
from graph_model.relationships import (
    Demands,
    Evaluates,
    InCluster,
    Leads,
    LocatedIn,
    MemberOf,
    Offers,
    PartnersWith,
    PreparesFor,
    Relationship,
    Trains,
)
from store.base import GraphStore
from tests.fixtures import load

A, W = "6-22-02-01", "6-18-02-04"
NEV = "intelligent_connected_nev"
LNG = 106.36

ORGANISATIONS: list[Organisation] = [
    Enterprise(id="f1", name_zh="重庆沙坪坝汽车零部件有限公司", name_en="Shapingba Auto Parts",
               uscc="91500000MA5U10001P", district="shapingba", lat=29.50, lng=LNG, employees=50,
               roles=["chain_leader"], cluster_ids=[NEV]),
    Enterprise(id="f2", name_zh="重庆焊接科技有限公司", uscc="91500000MA5U10002T", district="shapingba", lat=29.52,
               lng=LNG, employees=80),
    Enterprise(id="f3", name_zh="重庆整车制造有限公司", uscc="91500000MA5U10003X", district="shapingba", lat=29.80,
               lng=LNG, employees=2000, cluster_ids=[NEV]),
    Enterprise(id="f4", name_zh="重庆钢构有限公司", uscc="91500000MA5U100041", district="shapingba", lat=29.95,
               lng=LNG),
    Enterprise(id="f5", name_zh="重庆万州汽车有限公司", uscc="91500000MA5U100054", district="wanzhou"),
    Enterprise(id="f6", name_zh="重庆管道安装有限公司", uscc="91500000MA5U100067", district="shapingba", lat=29.90,
               lng=LNG),
    School(id="s1", name_zh="重庆沙坪坝职业技术学院", district="shapingba", lat=29.51, lng=LNG,
           school_type="higher_vocational", students=6000),
    School(id="s2", name_zh="重庆九龙坡技工学校", district="jiulongpo", lat=29.70, lng=106.50,
           school_type="technical_school", students=800),
    TrainingProvider(id="t1", name_zh="万州汽车培训中心", district="wanzhou"),
    TrainingProvider(id="t2", name_zh="九龙坡职业培训学校", district="jiulongpo", lat=29.55, lng=106.45),
    EvaluationBody(id="b1", name_zh="沙坪坝职业技能鉴定所", uscc="12500000MB1A00030J", district="shapingba", lat=29.50,
                   lng=LNG),
]

NODES: list[Node] = [
    District(id="shapingba", name_zh="沙坪坝区", name_en="Shapingba District", code="500106",
             district_type="district", lat=29.63, lng=LNG),
    District(id="wanzhou", name_zh="万州区", name_en="Wanzhou District", code="500101", district_type="district",
             lat=30.71, lng=108.4),
    District(id="jiulongpo", name_zh="九龙坡区", name_en="Jiulongpo District", code="500107",
             district_type="district", lat=29.50, lng=106.51),
    Cluster(id=NEV, name_zh="智能网联新能源汽车", tier="trillion"),
    Occupation(id=A, name_zh="汽车装调工", name_en="Automobile Assembly and Commissioning Worker", level=4,
               cluster_ids=[NEV]),
    Occupation(id=W, name_zh="焊工", name_en="Welder", level=4),
    Major(id="m1", name_zh="汽车制造与试验技术"),
    Major(id="m2", name_zh="智能焊接技术"),
    Chain(id="k1", name_zh="沙坪坝汽车产教评技能生态链", cluster_ids=[NEV]),
    ServiceStation(id="st1", name_zh="沙坪坝产教评技能生态链服务站", district="shapingba", lat=30.00, lng=LNG),
    EcoPark(id="p1", name_zh="沙坪坝技能人才生态园区", name_en="Shapingba Skills Eco-Park", district="shapingba",
            lat=29.85, lng=LNG),
    *ORGANISATIONS,
]

RELATIONSHIPS: list[Relationship] = [
    *[LocatedIn(start=o.id, end=o.district) for o in ORGANISATIONS],
    LocatedIn(start="st1", end="shapingba"),
    LocatedIn(start="p1", end="shapingba"),
    *[InCluster(start=n.id, end=k) for n in NODES if isinstance(n, Enterprise | Chain | Occupation)
      for k in n.cluster_ids],
    Leads(start="f1", end="k1"),
    MemberOf(start="f1", end="k1", link_role="industry"),
    MemberOf(start="f2", end="k1", link_role="industry"),
    MemberOf(start="s1", end="k1", link_role="teaching"),
    Demands(start="f1", end=A, headcount=40, skill_level="senior_worker", year=2025),
    Demands(start="f2", end=W, headcount=20, skill_level="intermediate_worker", year=2025),
    Demands(start="f3", end=A, headcount=30, skill_level="senior_worker", year=2025),
    Demands(start="f4", end=W, headcount=10, skill_level="intermediate_worker", year=2025),
    Demands(start="f5", end=A, headcount=16, skill_level="technician", year=2025),
    Demands(start="f6", end=W, headcount=6, skill_level="intermediate_worker", year=2025),
    Offers(start="s1", end="m1", graduates_per_year=35),
    Offers(start="s2", end="m2", graduates_per_year=10),
    PreparesFor(start="m1", end=A),
    PreparesFor(start="m2", end=W),
    Trains(start="t1", end=A, capacity_per_year=4),
    Trains(start="t2", end=A, levels=["senior_worker"], capacity_per_year=30),
    Trains(start="t2", end=W, levels=["junior_worker"], capacity_per_year=10),
    Evaluates(start="b1", end=A, levels=["senior_worker", "technician"], capacity_per_year=100),
    PartnersWith(start="f1", end="s1", kind="order_class"),
    PartnersWith(start="t2", end="f2", kind="apprenticeship"),
    PartnersWith(start="f3", end="b1", kind="internship"),
]


def load_meridian(store: GraphStore) -> None:
    load(store, NODES, RELATIONSHIPS)
