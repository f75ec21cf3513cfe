"""The 13 measures' indicator board: measure by measure, how far a region is (渝人社规〔2025〕23号).

Fetch → compute → one result: `measure_tally` gives the sums and counts of a region's organisations in a year (read
from the summaries Neo4j keeps while they hold the year), `measure_chains` each chain's facts, `wage_reference` the
loaded wage references; `compute_board` turns them into indicators for one region, and `compute_breakdown` into one
indicator per district, cluster or chain. Every indicator is defined in one line with its formula in
docs/analyses.md (*The 13 measures*).
"""

from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from statistics import median
from typing import Any, Literal

from pydantic import BaseModel

from analyses.errors import NotFoundError
from analyses.outlook import DataYears, data_years
from analyses.regions import CITY_REGION, Region, resolve_region
from graph_model.reference import clusters, districts, skill_levels
from queries import ParameterError, fetch, fetch_many, run
from store.base import GraphStore

MEASURES: dict[int, tuple[str, str]] = {
    1: ("打造产教评技能生态链", "Build industry–education–evaluation skills chains"),
    2: ("支持企业建设技能人才培养平台", "Enterprise skills training platforms"),
    3: ("促进企业职工技能提升", "Upskill the workforce"),
    4: ("大力推行中国特色学徒制", "Apprenticeship with Chinese characteristics"),
    5: ("支持企业数字人才培育", "Digital talent"),
    6: ("加强职业学校技能人才培养供给", "Supply from vocational schools"),
    7: ("支持企业自主开展职业技能等级评价", "Enterprises evaluate skill levels themselves"),
    8: ("支持企业“两类”人才职业贯通发展", "Two-track careers: skill levels and professional titles"),
    9: ("支持企业参与国际技能合作", "International skills cooperation"),
    10: ("支持企业吸纳技能人才", "Firms take on skilled workers"),
    11: ("完善企业技能人才工资分配制度", "Pay by skill level"),
    12: ("加强企业技能人才表彰激励", "Honours and competitions"),
    13: ("强化技能强企各项保障", "Guarantees: the staff education fund"),
}
"""The 13 measures by number: their headings in the policy, and in English."""

Unit = Literal["count", "ratio", "persons", "person-times", "yuan", "per 100 enterprises", "per 10,000 workers"]
BreakdownBy = Literal["district", "cluster", "chain"]

TRAINING_BASES = frozenset({"training_centre", "high_skill_training_base", "practical_training_base",
                            "public_training_base"})
FRONTLINE_TARGET = 0.6
"""Measure 13: 保证60%以上用于一线职工教育和培训."""
HIGH_SKILL_SHARE_2023 = 0.314
"""Chongqing's published high-skill share of skilled workers, 2023 (reference data `scale_figures.json`)."""
HIGH_SKILL_SHARE_TARGET_2025 = 0.32
"""The city's 2025 aim for that share (reference data `scale_figures.json`, `high_skill_target_2025`)."""


class Indicator(BaseModel):
    """One indicator of one measure for one region and year."""

    id: str
    measure: int
    measure_name_zh: str
    measure_name_en: str
    name_zh: str
    name_en: str
    value: float | None
    """None when nothing it needs was reported (a ratio without a denominator)."""
    unit: Unit
    goal: float | None = None
    """The policy's (or the city's published) aim, where the text gives one: the value should be at least this."""
    goal_source: str | None = None
    meets_goal: bool | None = None
    reference: float | None = None
    """A published figure to compare with (e.g. the city's high-skill share)."""
    reference_note: str | None = None
    reported: int | None = None
    """How many organisations (occupations for wages) the value is made of."""
    of: int | None = None
    """How many could have reported: `reported` ÷ `of` is the data's coverage."""
    city_wide: bool = False
    """A city-wide figure (the wage references), the same for every region."""
    detail: list[str] = []
    """What the value counts, where a planner acts on the names (the chains whose leader has not filed, the
    partner countries)."""


class MeasureBoard(BaseModel):
    """Every indicator of the 13 measures for one region and year, in measure order."""

    region: Region
    year: int
    organisations: int
    enterprises: int
    items: list[Indicator]


class BreakdownRow(BaseModel):
    """One indicator in one district, cluster or chain."""

    id: str
    name_zh: str | None
    name_en: str | None = None
    value: float | None
    reported: int | None
    of: int | None


class MeasureBreakdown(BaseModel):
    """One indicator per district, cluster or chain (and the city's, but not for a chain leader), largest value
    first."""

    indicator: str
    measure: int
    name_zh: str
    name_en: str
    unit: Unit
    by: BreakdownBy
    year: int
    city: float | None
    items: list[BreakdownRow]


@dataclass
class Facts:
    """What the board is computed from: the sums and counts of the region's organisations (`measure_tally`), its
    chains and the wage references."""

    tally: dict[str, Any]
    chains: list[dict[str, Any]]
    wages: list[dict[str, Any]]


@dataclass
class _Board:
    """Indicators as they are added, measure by measure."""

    items: list[Indicator] = field(default_factory=list)

    def add(self, measure: int, id: str, name_zh: str, name_en: str, value: float | None, unit: Unit,
            **more: Any) -> None:
        zh, en = MEASURES[measure]
        goal = more.get("goal")
        meets = None if goal is None or value is None else value >= goal
        self.items.append(Indicator(id=id, measure=measure, measure_name_zh=zh, measure_name_en=en, name_zh=name_zh,
                                    name_en=name_en, value=value, unit=unit, meets_goal=meets, **more))


def _ratio(part: float, whole: float) -> float | None:
    return part / whole if whole > 0 else None


def compute_board(region: Region, facts: Facts, year: int) -> MeasureBoard:
    """The 13 measures' indicators for a region's organisations and chains in a year (docs/analyses.md)."""
    # a region without organisations has no tally row: every count and sum 0, every list empty
    t: dict[str, Any] = defaultdict(int, {"consortia": [], "partner_countries": [], **facts.tally})
    chains = facts.chains
    orgs, firms, evaluators = t["organisations"], t["enterprises"], t["evaluators"]
    board = _Board()

    # 1 — chains
    complete = [c for c in chains if len(c["links"]) == 5]
    board.add(1, "chains", "生态链数", "Skills chains", len(chains), "count")
    board.add(1, "chains_all_links_share", "五个环节齐全的生态链占比", "Share of chains covering all five links",
              _ratio(len(complete), len(chains)), "ratio", reported=len(chains))

    # 2 — platforms
    no_studio = [c["id"] for c in chains if "skill_master_studio" not in c["platform_kinds"]]
    no_base = [c["id"] for c in chains if not TRAINING_BASES & set(c["platform_kinds"])]
    board.add(2, "platforms_per_100_enterprises", "每百家企业技能人才培养平台数",
              "Training platforms per 100 enterprises", _ratio(100 * t["platforms"], firms), "per 100 enterprises",
              reported=t["hosts"], of=orgs)
    board.add(2, "chains_without_master_studio", "无技能大师工作室的生态链", "Chains without a skill master studio",
              len(no_studio), "count", of=len(chains), detail=no_studio)
    board.add(2, "chains_without_training_base", "无培训中心或实训基地的生态链",
              "Chains without a training centre or base", len(no_base), "count", of=len(chains), detail=no_base)
    board.add(2, "industry_colleges", "产业学院", "Industry colleges", t["industry_colleges"], "count")
    board.add(2, "consortia", "参与的产教联合体/共同体", "Consortia taken part in", len(t["consortia"]), "count")

    # 3 — upskilling
    board.add(3, "high_skill_share", "高技能人才占技能人才比例", "High-skill share of skilled workers",
              _ratio(t["high_workers"], t["workers"]), "ratio", reported=t["staffed"], of=firms,
              goal=HIGH_SKILL_SHARE_TARGET_2025, goal_source="重庆市2025年目标：高技能人才占比≥32%",
              reference=HIGH_SKILL_SHARE_2023, reference_note="重庆市2023年公布：31.4%")
    board.add(3, "upskilling_trainees", "岗位技能提升培训人次", "Upskilling trainees", t["upskilling_trainees"],
              "person-times", reported=t["upskilling_reporters"], of=orgs)
    board.add(3, "training_subsidy", "职业技能培训补贴直补企业", "Training subsidies paid to firms",
              t["training_subsidy"], "yuan", reported=t["training_subsidy_reporters"], of=firms)

    # 4 — apprenticeship
    board.add(4, "apprentices", "当年新招学徒", "Apprentices starting in the year", t["apprentices"], "persons",
              reported=t["apprenticing"], of=firms)
    board.add(4, "apprentice_completion_rate", "学徒结业率", "Apprentices completing",
              _ratio(t["apprentices_completed"], t["apprentices_finished"]), "ratio", reported=t["apprenticing"],
              of=firms)
    board.add(4, "apprentice_certified_rate", "结业学徒取证率", "Completed apprentices certified",
              _ratio(t["apprentices_certified"], t["apprentices_completed"]), "ratio", reported=t["apprenticing"],
              of=firms)
    board.add(4, "apprenticeship_coverage", "学徒制覆盖的岗位需求占比",
              "Share of demand in occupations the firm apprentices", _ratio(t["apprenticed_demand"], t["demand"]),
              "ratio", reported=t["demanding"], of=firms)

    # 5 — digital talent
    board.add(5, "digital_platforms", "数字技能人才培养试验区", "Digital skills pilot zones", t["digital_pilot_zones"],
              "count")
    board.add(5, "digital_training_per_demand", "数字职业培训能力与需求之比",
              "Digital-occupation training capacity per worker demanded",
              _ratio(t["digital_training"], t["digital_demand"]), "ratio")

    # 6 — vocational schools
    board.add(6, "graduates_per_demand", "职业院校年毕业生与岗位需求之比", "School graduates per worker demanded",
              _ratio(t["graduates"], t["demand"]), "ratio", reported=t["schools"])
    board.add(6, "order_classes", "订单班、冠名班", "Order and named classes", t["order_classes"], "count")

    # 7 — enterprise self-evaluation
    not_filed = [c["id"] for c in chains if c["leaders"] and not c["leader_filed"]]
    board.add(7, "filed_evaluators", "有效备案的评价机构（含企业）", "Evaluators with a filing valid in the year",
              t["filed_evaluators"], "count", of=evaluators)
    board.add(7, "filed_enterprises", "备案自主评价的企业", "Enterprises filed to evaluate their own",
              t["filed_enterprises"], "count", of=firms)
    board.add(7, "chains_leader_not_filed", "链主可备案而未备案的生态链", "Chains whose leader could file but has not",
              len(not_filed), "count", of=len(chains), detail=not_filed)
    board.add(7, "certificates", "颁发职业技能等级证书", "Skill-level certificates issued", t["certificates"], "count",
              reported=t["certifying"], of=evaluators)
    board.add(7, "excluded_filings", "不列入自主评价的职业（准入类等）", "Occupations left out of filings (准入类 …)",
              t["excluded_filings"], "count")

    # 8 — two-track
    board.add(8, "cross_track_filers", "备案贯通评价的单位", "Organisations filed for two-track evaluation",
              t["cross_track_filers"], "count", of=evaluators)
    board.add(8, "cross_track_occupations", "贯通评价的职业（工种）", "Occupations under two-track evaluation",
              t["cross_track_filings"], "count")

    # 9 — international
    countries = sorted(t["partner_countries"])
    board.add(9, "dual_certificates", "“一试双证”证书", "Dual certificates (一试双证)", t["dual_certificates"], "count")
    board.add(9, "international_stations", "“一带一路”国际技能认证服务站", "International certification stations",
              t["international_stations"], "count")
    board.add(9, "partner_countries", "合作国家", "Partner countries", len(countries), "count", detail=countries)
    board.add(9, "international_trainees", "国际技能培训人次", "International skills training",
              t["international_trainees"], "person-times", reported=t["international_reporters"], of=firms)

    # 10 — taking on skilled workers
    board.add(10, "demand", "企业当年岗位需求", "Workers firms demanded in the year", t["demand"], "persons",
              reported=t["demanding"], of=firms)
    board.add(10, "employment_services", "就业和人力资源服务机构", "Employment and HR services",
              t["employment_services"], "count")

    # 11 — pay by skill level (a city-wide reference)
    high = frozenset(s["id"] for s in skill_levels() if s["is_high_skill"])
    ratios = _high_skill_wage_ratios(facts.wages, high)
    board.add(11, "high_skill_wage_ratio", "高技能等级与中级工月工资中位数之比",
              "High-skill median wage ÷ intermediate-worker median", median(ratios) if ratios else None, "ratio",
              reported=len(ratios), city_wide=True)
    board.add(11, "high_skill_workers", "高技能人才", "High-skill workers", t["high_workers"], "persons",
              reported=t["staffed"], of=firms)
    for level in skill_levels()[1:]:  # 初级工 … 首席技师: the rungs a wage guide names
        medians = [float(w["median_monthly_wage"]) for w in facts.wages if w["skill_level"] == level["id"]]
        board.add(11, f"median_wage_{level['id']}", f"{level['name_zh']}月工资中位数",
                  f"Median monthly wage, {level['name_en'].lower()}", median(medians) if medians else None, "yuan",
                  reported=len(medians), city_wide=True)

    # 12 — honours
    board.add(12, "honours", "获表彰的技能人才", "Skilled workers holding an honour", t["honours"], "persons",
              reported=t["honours_reporters"], of=firms)
    board.add(12, "competition_awards", "职业技能竞赛获奖", "Skills competition awards", t["competition_awards"],
              "persons", reported=t["competition_reporters"], of=firms)
    board.add(12, "honours_per_10k_workers", "每万名技能人才获表彰人数", "Honours per 10,000 skilled workers",
              _ratio(10_000 * t["high_workers_honours"], t["workers"]), "per 10,000 workers", reported=t["staffed"],
              of=firms)

    # 13 — the staff education fund
    policy = "13条措施第十三条：职工教育经费60%以上用于一线职工教育和培训"
    board.add(13, "fund_frontline_share", "职工教育经费用于一线职工的比例", "Education fund spent on front-line staff",
              _ratio(t["fund_frontline"], t["fund_used"]), "ratio", reported=t["fund_reporters"], of=firms,
              goal=FRONTLINE_TARGET, goal_source=policy)
    board.add(13, "fund_frontline_target_met_share", "一线占比达到60%的企业占比",
              "Share of reporting firms spending ≥ 60 % on front-line staff",
              _ratio(t["fund_target_met"], t["fund_reporters"]), "ratio", reported=t["fund_reporters"], of=firms)
    board.add(13, "fund_use_rate", "职工教育经费使用率", "Education fund used ÷ drawn",
              _ratio(t["fund_drawn_used"], t["fund_drawn"]), "ratio", reported=t["fund_drawn_reporters"], of=firms)

    return MeasureBoard(region=region, year=year, organisations=orgs, enterprises=firms, items=board.items)


def _high_skill_wage_ratios(wages: Sequence[dict[str, Any]], high: frozenset[str]) -> list[float]:
    """Per occupation with an intermediate-worker median and at least one high-skill median: the mean of its
    high-skill medians ÷ its intermediate-worker median."""
    by_occupation: dict[str, dict[str, float]] = defaultdict(dict)
    for w in wages:
        by_occupation[w["occupation_id"]][w["skill_level"]] = float(w["median_monthly_wage"])
    ratios = []
    for levels in by_occupation.values():
        upper = [wage for level, wage in levels.items() if level in high]
        if "intermediate_worker" in levels and upper:
            ratios.append(sum(upper) / len(upper) / levels["intermediate_worker"])
    return sorted(ratios)


# ── fetch ──


def measure_year(year: int | None, years: Callable[[], DataYears]) -> int:
    """The year asked, or the data's current year (the latest with demand firms had; `years` is read only then);
    NotFoundError without any."""
    if year is not None:
        return year
    current = years().current
    if current is None:
        raise NotFoundError("the graph holds no demand yet, so it has no current year: give year=")
    return current


def _chain_params(region: Region) -> dict[str, Any]:
    """Which chains a region answers for (`measure_chains`): every chain for the city; those led from a district (or
    from the 12 counties); the chain itself; those of a cluster."""
    if region.kind == "chain":
        return {"chain_id": region.id}
    if region.kind == "cluster":
        return {"cluster_id": region.id}
    if region.kind == "district":
        return {"leader_district_ids": [region.id]}
    if region.kind == "county_12":
        return {"leader_district_ids": sorted(d["id"] for d in districts() if d.get("is_county_12"))}
    return {}


def tallies(store: GraphStore, region: Region, year: int, by: BreakdownBy | None = None) -> dict[str | None, Any]:
    """`measure_tally`'s rows by group (see `_tally_rows`)."""
    params = {**region.params(), "year": year, "by": by}
    return _tally_rows(store, params, fetch(store, "measure_tally", params))


def _tally_rows(store: GraphStore, params: dict[str, Any], fetched: Sequence[dict[str, Any]]) -> dict[str | None, Any]:
    """The tallies fetched (from the summaries while they are current and hold the year), or read from the graph: a
    summary has no row for a year it does not hold, nor for a region without organisations."""
    rows = fetched or run(store, "measure_tally", params)
    return {r["group"]: r["tally"] for r in rows}


def fetch_facts(store: GraphStore, region: Region, year: int) -> Facts:
    """A region's tally, chains and the year's wage references, read together."""
    params = {**region.params(), "year": year, "by": None}
    rows, chains, wages = fetch_many(store, [("measure_tally", params), ("measure_chains", _chain_params(region)),
                                             ("wage_reference", {"year": year})])
    return Facts(tally=_tally_rows(store, params, rows).get(None, {}), chains=list(chains),
                 wages=list(wages))


def measure_board(store: GraphStore, region: str = "city", year: int | None = None, *,
                  years: Callable[[], DataYears] | None = None) -> MeasureBoard:
    """The 13 measures' indicators for a region (`city`, `county_12`, a district, chain or cluster) in a year
    (default: the data's current year, from `years` — the API's, kept per data version — or read here)."""
    where = resolve_region(store, region)
    found = measure_year(year, years or (lambda: data_years(store)))
    return compute_board(where, fetch_facts(store, where, found), found)


# ── breakdown: one indicator per district, cluster or chain ──


@dataclass
class GroupFacts:
    """What a breakdown is computed from: the city's facts, and the tally of each district, chain or cluster."""

    city: Facts
    tallies: dict[str, dict[str, Any]]


def group_facts(store: GraphStore, year: int, by: BreakdownBy) -> GroupFacts:
    """The city's facts and its tallies per district, chain or cluster in a year."""
    groups = tallies(store, CITY_REGION, year, by)
    return GroupFacts(city=fetch_facts(store, CITY_REGION, year), tallies={g: t for g, t in groups.items() if g})


def compute_breakdown(facts: GroupFacts, indicator: str, by: BreakdownBy, year: int,
                      chains_only: frozenset[str] | None = None) -> MeasureBreakdown:
    """`indicator` per district, cluster or chain: each group's organisations and chains as the region queries define
    them (a cluster: its enterprises and the members of its chains; a chain: its members; a district: the chains led
    from it). `chains_only` keeps the chains a caller may see."""
    city = compute_board(CITY_REGION, facts.city, year)
    found = next((i for i in city.items if i.id == indicator), None)
    if found is None:
        raise ParameterError(f"unknown indicator {indicator!r}: expected one of "
                             + ", ".join(i.id for i in city.items))
    chains = _chains_by_group(facts.city.chains, by)
    names = _names(by, facts.city.chains)
    if by == "district":
        keys = set(names)  # every district, those without organisations too
    elif by == "cluster":
        keys = set(chains) | set(facts.tallies)  # the clusters with chains or organisations
    else:
        keys = set(chains)
    if chains_only is not None:
        keys &= chains_only
    rows = []
    for group_id in sorted(keys):
        group = Facts(facts.tallies.get(group_id, {}), chains.get(group_id, []), facts.city.wages)
        zh, en = names.get(group_id, (None, None))
        board = compute_board(Region(kind=by, id=group_id, name_zh=zh or group_id), group, year)
        value = next(i for i in board.items if i.id == indicator)
        rows.append(BreakdownRow(id=group_id, name_zh=zh, name_en=en, value=value.value,
                                 reported=value.reported, of=value.of))
    rows.sort(key=lambda r: (r.value is None, -(r.value or 0), r.id))
    # the city's value sums every chain and organisation: not for a caller kept to some chains
    return MeasureBreakdown(indicator=indicator, measure=found.measure, name_zh=found.name_zh,
                            name_en=found.name_en, unit=found.unit, by=by, year=year,
                            city=found.value if chains_only is None else None, items=rows)


def _chains_by_group(chains: list[dict[str, Any]], by: BreakdownBy) -> dict[str, list[dict[str, Any]]]:
    """The chains each district (those led from it), chain (itself) or cluster (those focused on it) answers for."""
    found: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for c in chains:
        for key in {"district": c["leader_districts"], "chain": [c["id"]], "cluster": c["cluster_ids"]}[by]:
            found[key].append(c)
    return found


def _names(by: BreakdownBy, chains: list[dict[str, Any]]) -> dict[str, tuple[str | None, str | None]]:
    """The names (Chinese, English) of the districts, clusters or chains a breakdown lists."""
    if by == "district":
        return {d["id"]: (d["name_zh"], d["name_en"]) for d in districts()}
    if by == "chain":
        return {c["id"]: (c["name_zh"], c.get("name_en")) for c in chains}
    return {c["id"]: (c["name_zh"], c.get("name_en")) for c in clusters()}


def measure_breakdown(store: GraphStore, indicator: str, by: BreakdownBy = "district", year: int | None = None,
                      *, chains_only: frozenset[str] | None = None) -> MeasureBreakdown:
    """One indicator per district, cluster or chain (see `compute_breakdown`)."""
    found = measure_year(year, lambda: data_years(store))
    return compute_breakdown(group_facts(store, found, by), indicator, by, found, chains_only)
