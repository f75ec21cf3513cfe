"""The 13 measures' fixture: the three chains plus a year (2025) of measure data, worked out by hand in
tests/queries/test_measures.py."""

from graph_model.nodes import Consortium, Platform
from graph_model.relationships import (
    Apprentices,
    Certified,
    Demands,
    Earns,
    Employs,
    Filed,
    Hosts,
    MemberOf,
    PartnersWith,
    PartOf,
    Reports,
    Trains,
)
from ingest.reference import reference_graph
from store import GraphStore
from tests.fixtures import load
from tests.queries.fixture import A, C, R, W, load_three_chains

Y = 2025


def load_measures(store: GraphStore) -> None:
    load_three_chains(store)
    reference = reference_graph().nodes
    platforms = [
        Platform(id="p1", name_zh="长安焊装技能大师工作室", kind="skill_master_studio", district="wanzhou"),
        Platform(id="p2", name_zh="智元国际技能认证服务站", kind="international_certification_station",
                 district="shapingba", partner_countries=["越南", "泰国"]),
        Platform(id="p3", name_zh="奉节公共技能实训基地", kind="practical_training_base", district="fengjie"),
        Platform(id="p4", name_zh="沙坪坝数字技能人才培养试验区", kind="digital_skills_pilot_zone",
                 district="shapingba"),
    ]
    fund = {"e1": (1_000_000, 800_000, 560_000), "e2": (120_000, 100_000, 40_000)}
    reports = [
        *[Reports(start=o, end=m, year=Y, value=v) for o, figures in fund.items()
          for m, v in zip(("education_fund_drawn", "education_fund_used", "education_fund_frontline"), figures,
                          strict=True)],
        Reports(start="e1", end="education_fund_frontline", year=2024, value=1),
        Reports(start="e1", end="upskilling_trainees", year=Y, value=300),
        Reports(start="e1", end="巴渝大工匠", year=Y, value=2),
        Reports(start="e1", end="honour_city_technical_expert", year=Y, value=3),
        Reports(start="e1", end="competition_national", year=Y, value=1),
        Reports(start="e4", end="upskilling_trainees", year=Y, value=100),
        Reports(start="e4", end="training_subsidy", year=Y, value=50_000),
        Reports(start="e4", end="honour_chongqing_skill_master", year=Y, value=1),
        Reports(start="t1", end="upskilling_trainees", year=Y, value=500),
        Reports(start="e5", end="international_trainees", year=Y, value=40),
    ]
    workforce = {
        "e1": {"junior_worker": 100, "intermediate_worker": 200, "senior_worker": 150, "technician": 40,
               "senior_technician": 10},
        "e2": {"intermediate_worker": 80, "senior_worker": 20},
        "e4": {"intermediate_worker": 60, "senior_worker": 30, "technician": 10},
    }
    load(store, [*reference["SkillLevel"], *reference["Metric"], *platforms,
                 Consortium(id="k1", name_zh="万州区市域产教联合体", kind="city_consortium")], [
        MemberOf(start="h1", end="c1", link_role="employment"),
        Demands(start="e5", end=R, headcount=6, skill_level="senior_worker", year=Y),
        Trains(start="t1", end=R, levels=["senior_worker"], capacity_per_year=12),
        *[Employs(start=o, end=level, workers=n, year=Y) for o, levels in workforce.items()
          for level, n in levels.items()],
        Employs(start="e1", end="senior_worker", workers=999, year=2024),
        Employs(start="e1", end="senior_worker", workers=50, year=Y, occupation=A),
        *reports,
        Certified(start="b1", end=A, skill_level="senior_worker", year=Y, certificates=120),
        Certified(start="b1", end=A, skill_level="intermediate_worker", year=Y, certificates=80),
        Certified(start="b1", end=A, skill_level="senior_worker", year=2024, certificates=999),
        Certified(start="e5", end=R, skill_level="senior_worker", year=Y, certificates=10, dual_certificates=4),
        Apprentices(start="e1", end=A, cohort=2025, trainees=20),
        Apprentices(start="e1", end=A, cohort=2024, trainees=10, completed=9, certified=8,
                    certified_level="intermediate_worker"),
        Apprentices(start="e2", end=W, cohort=2023, trainees=5, completed=4, certified=2),
        Filed(start="e5", end=R, scope="own_staff", levels=["senior_worker", "technician"], filed="2024-01-01",
              valid_until="2029-01-01"),
        Filed(start="e5", end=R, track="cross_track", scope="own_staff", levels=["technician"],
              title_series="工程技术"),
        Filed(start="e4", end=C, scope="chain_members", levels=["senior_worker"], filed="2025-03-01"),
        Filed(start="e1", end=W, scope="chain_members", excluded_reason="准入类职业资格，不列入自主评价范围"),
        Filed(start="b2", end=C, scope="public", levels=["junior_worker"], filed="2020-01-01",
              valid_until="2024-12-31"),
        Hosts(start="e1", end="p1"), Hosts(start="e5", end="p2"), Hosts(start="t2", end="p3"),
        Hosts(start="s2", end="p4"),
        PartnersWith(start="e1", end="s1", kind="industry_college"),
        PartnersWith(start="e1", end="s1", kind="order_class"),
        PartnersWith(start="e2", end="s1", kind="apprenticeship", trainees=5),
        PartOf(start="e1", end="k1"), PartOf(start="s1", end="k1"),
        Earns(start=A, end="intermediate_worker", median_monthly_wage=6000, year=Y),
        Earns(start=A, end="senior_worker", median_monthly_wage=7200, year=Y),
        Earns(start=A, end="technician", median_monthly_wage=8400, year=Y),
        Earns(start=A, end="technician", median_monthly_wage=1, year=2024),
        Earns(start=W, end="intermediate_worker", median_monthly_wage=5000, year=Y),
        Earns(start=W, end="senior_worker", median_monthly_wage=6000, year=Y),
        Earns(start=R, end="senior_worker", median_monthly_wage=9000, year=Y),
    ])
