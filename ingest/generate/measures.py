"""What organisations report for the 13 measures: their workforce by skill level (EMPLOYS), the certificates
evaluators issued (CERTIFIED), apprenticeship cohorts (APPRENTICES), evaluation and two-track filings (FILED), a city
wage reference (EARNS), reported figures (REPORTS), and the partner countries of international certification stations.

Each is derived from what earlier phases made — firms and chains, the EVALUATES rows, the apprenticeship partnerships,
this year's demand, the platforms — and drawn from streams of its own (`measures-<seed>`, and one per platform for
its partner countries), so every file that existed before these is the same bytes. Every figure here is an assumption
unless its comment names a source; docs/demo-data.md lists them.
"""

import datetime as dt
import random
from collections import Counter
from collections.abc import Sequence
from typing import Any

from graph_model.enums import EvaluationBodyType, FilingScope, FilingTrack, PlatformKind

from .common import largest_remainder, lognormal_int, random_date
from .history import ENTERPRISE_EVALUATION_FROM, EVALUATION_GROWTH, HISTORY_YEARS
from .spec import LATEST_DATE
from .state import Org, State
from .tables import APPRENTICE_SHARE_CAP

YEARS = HISTORY_YEARS[-2:]
"""The years firms report: the latest data year (that of this year's demand, 2025) and the one before."""
LATEST_YEAR = YEARS[-1]

# -- who reports (EMPLOYS and REPORTS) ---------------------------------------------------------------------------------

REPORTING_SHARE = 0.30
"""Of the firms in no chain, the share that report their workforce and figures, for both years; a chain's leader
and member firms all do, from the year they joined it (a firm reports no year before it was founded)."""

LARGE_FIRM = 1000
"""Employees from which a firm counts as large: a higher high-skill share, honours and competition awards."""

STAFF_GROWTH = (0.02, 0.04)
"""A firm's head count grew by this much from the year before (normal: mean, sd)."""

# -- EMPLOYS -----------------------------------------------------------------------------------------------------------

SKILLED_SHARE = (0.40, 0.70)
"""A firm's skilled workers (技能劳动者) as a share of its employees, drawn uniformly; the rest are managers,
engineers, office and sales staff."""

HIGH_SKILL_SHARE = 0.315
HIGH_SKILL_SD = 0.04
HIGH_SKILL_LEADER = 0.08
HIGH_SKILL_LARGE = 0.04
HIGH_SKILL_COUNTY = -0.08
HIGH_SKILL_RISE = 0.005
"""A firm's high-skill share (高级工 and up of its skilled workers): the base, its spread (normal), what a chain leader,
a large firm and a firm in the 12 counties add, and how much lower it was the year before. Set so that the city's
share comes out near Chongqing's 31.4 % of 2023 (scale_figures.json `high_skill_share`)."""

LOW_RUNGS = {"junior_worker": 43.0, "intermediate_worker": 57.0}
HIGH_RUNGS = {"senior_worker": 70.0, "technician": 25.0, "senior_technician": 5.0}
"""How a firm's workers below senior worker (apprentices apart) and from senior worker (the ladder's
`is_high_skill`) spread over the rungs: each worker's rung is drawn, so a small firm often has nobody at the rarer
rungs."""

PILOT_PRINCIPAL = (0, 3)
PILOT_CHIEF = 0.12
"""特级技师 (principal technicians) per firm of the 新八级 pilots, and the chance it has one 首席技师 (chief
technician); no other firm has either. Chongqing's 31 pilot firms had 34 and 3 (2024-01, scale_figures.json
`new_eight_level_pilots`); the demo's pilots are the firms that evaluate at those rungs."""

BY_OCCUPATION = (2, 3)
"""A chain leader also reports its workforce by occupation for its 2–3 most demanded occupations."""

# -- CERTIFIED ---------------------------------------------------------------------------------------------------------

UTILISATION = (0.4, 0.9)
"""Certificates issued in a year as a share of the evaluation capacity (drawn per occupation and year)."""

CERTIFICATE_LEVEL_WEIGHT = {
    "junior_worker": 30.0, "intermediate_worker": 35.0, "senior_worker": 22.0, "technician": 9.0,
    "senior_technician": 3.0, "principal_technician": 0.6, "chief_technician": 0.4,
}
"""How an evaluator's certificates spread over the levels it evaluates: most at the lower rungs."""

DUAL_OCCUPATIONS = 0.6
DUAL_SHARE = (0.05, 0.20)
DUAL_LEADERS = 0.15
"""一试双证: of an eligible evaluator's occupations, the share that issue them; of those certificates, the share
that came with an international certificate; and the share of chain leaders eligible beside the evaluators that host
(or whose school hosts) an international certification station."""

# -- FILED -------------------------------------------------------------------------------------------------------------

UNFILED_LEADERS = 1 / 3
"""The share of the chain leaders that evaluate but have not filed: no filing, no certificates (chosen among those
not flagged for two-track evaluation first)."""

BODY_FILINGS = 0.9
SCHOOL_OWN_STAFF = 0.3
"""Evaluation bodies whose filing is in the data (the others read as open to the public), and school bodies whose
filing covers their own staff and students only."""

SKILL_FILINGS_FROM = dt.date(2020, 1, 1)
CHAIN_FILINGS_FROM = dt.date(2024, 3, 1)
FILING_YEARS = 5
"""Filings date from skill-level recognition (职业技能等级认定, 2020), a firm's from its own evaluation (2021), a chain
leader's for its chain from the first chains (March 2024); each is valid five years."""

ACCESS_OCCUPATIONS = {
    "6-18-02-04": "焊工",
    "6-31-01-03": "电工",  # the 特种作业 licence (electrical work)
    "4-07-05-03": "消防设施操作员",
    "4-02-01-01": "轨道交通列车司机",  # 轨道列车司机 in the catalogue
}
"""准入类 (entry-licensed) occupations a firm may not evaluate itself: recalled from the 2021 国家职业资格目录 and not
verified against its text; the codes are the 2022 classification's for these names."""
EXCLUDED_REASON = "准入类职业资格，不列入自主评价范围"

CROSS_TRACK = (1, 3)
CROSS_TRACK_FROM = "technician"
TITLE_SERIES = (("4-04", "工程技术"), ("4-", "经济"), ("5-", "农业技术"), ("", "工程技术"))
"""A two-track evaluator files 1–3 of its occupations at technician and up, each in the professional-title series
(职称系列) of its occupation's major group (first matching code prefix)."""

# -- APPRENTICES -------------------------------------------------------------------------------------------------------

COHORTS = (2, 3)
COHORT_SD = 0.15
COMPLETED = (0.80, 0.95)
CERTIFIED = (0.70, 0.90)
CERTIFIED_LEVELS = (("intermediate_worker", 0.7), ("senior_worker", 0.3))
"""A firm's apprenticeship has a cohort in each of the last 2–3 years (none before the partnership began) of about
its partnership's trainees (log-normal, σ 0.15), scaled down where the firm's partnerships together would take more
than `APPRENTICE_SHARE_CAP` of its staff in a year; a cohort at least a year old completed 80–95 % and of them
70–90 % were certified, at intermediate (70 %) or senior worker."""

# -- EARNS -------------------------------------------------------------------------------------------------------------

WAGE_OCCUPATIONS = 50
BASE_WAGE = (4000, 6500)
WAGE_STEPS = {"junior_worker": 1.0, "intermediate_worker": 1.15, "senior_worker": 1.35, "technician": 1.6,
              "senior_technician": 1.9}
WAGE_SOURCE = "示例数据（合成，非官方）"
"""A wage reference for the most demanded occupations: a junior worker's median monthly wage (yuan) per occupation,
times each rung's step."""

# -- REPORTS -----------------------------------------------------------------------------------------------------------

MONTHLY_WAGE = 6500
MONTHLY_WAGE_SD = 0.25
WAGE_GROWTH = 0.05
"""A firm's average monthly wage (yuan; log-normal, 3,500–20,000) and its growth from the year before: its payroll is
employees × wage × 12."""

FUND_RATE = (0.015, 0.08, 0.025)
FUND_USED = (0.6, 1.0)
FUND_FRONTLINE = (0.40, 0.85, 0.70)
"""The staff education fund (职工教育经费): drawn at 1.5–8 % of payroll (triangular, mode 2.5 %), 60–100 % of it used,
and 40–85 % of what was used spent on frontline workers (triangular, mode 70 %: about 30 % of firms below the 60 % the
policy asks)."""

UPSKILLING = (0.2, 0.6)
SUBSIDISED_FIRMS = 0.25
SUBSIDISED_TRAINEES = (0.1, 0.4)
SUBSIDY_PER_TRAINEE = (500, 1500)
"""Upskilling person-times per employee in a year; the firms paid a training subsidy, the share of their trainees it
covered and the yuan per person-time."""

HONOURS: tuple[tuple[str, float, int, bool], ...] = (
    ("honour_city_technical_expert", 0.35, 5, False),
    ("honour_chongqing_skill_master", 0.20, 3, False),
    ("honour_bayu_master_craftsman", 0.10, 2, False),
    ("honour_youth_skill_star", 0.15, 2, False),
    ("honour_national_technical_expert", 0.03, 1, False),
    ("honour_great_craftsman", 0.015, 1, True),
    ("honour_china_skill_award", 0.01, 1, True),
)
"""Honours the staff of a chain leader or large firm hold: (metric, chance of any, most, chain leaders only); a
chain leader's chance is twice as high."""

COMPETITIONS: tuple[tuple[str, float, int, bool], ...] = (
    ("competition_municipal", 0.30, 3, False),
    ("competition_national", 0.05, 2, False),
    ("competition_world_skills", 0.01, 1, True),
)
"""Awards a chain leader's or large firm's staff won in a year, as HONOURS; another reporting firm wins a municipal
award with a chance of `SMALL_FIRM_AWARD`."""
SMALL_FIRM_AWARD = 0.02

INTERNATIONAL_TRAINEES = (30, 600)
INTERNATIONAL_STANDARDS = 0.3
"""A host of an international certification station trains this many person-times a year for international
certificates, and takes part in one international skill standard a year with this chance."""

PARTNER_COUNTRIES = ("泰国", "越南", "老挝", "柬埔寨", "马来西亚", "印度尼西亚", "哈萨克斯坦", "乌兹别克斯坦",
                     "巴基斯坦", "塞尔维亚", "匈牙利", "沙特阿拉伯")
"""Belt-and-Road countries an international certification station may work with (1–4 each)."""


def partner_countries(seed: int, platform_id: str) -> list[str]:
    """The 1–4 countries an international certification station works with, from a stream of the platform's own."""
    rng = random.Random(f"partner-countries-{seed}-{platform_id}")
    return rng.sample(PARTNER_COUNTRIES, rng.randint(1, 4))


def generate_measures(state: State) -> None:
    """EMPLOYS, CERTIFIED, APPRENTICES, FILED, EARNS and REPORTS from what the earlier phases made (the sink must
    have kept `evaluates`, `member_of`, `platform` and `hosts`)."""
    state.progress.phase("measures")
    rng = random.Random(f"measures-{state.seed}")
    kept = state.sink.kept or {}
    evaluated: dict[str, list[dict[str, Any]]] = {}
    for row in kept["evaluates"]:
        evaluated.setdefault(row["start"], []).append(row)
    leaders = [c.leader for c in state.chains]
    unfiled = _unfiled_leaders(rng, [o for o in leaders if o.id in evaluated])
    international = _international_hosts(kept["platform"], kept["hosts"])
    reporting = _reporting(rng, state, kept["member_of"])
    staff = {org.id: _staff(rng, org, first) for org, first in reporting}
    firms = [org for org, _ in reporting]
    apprentices = _apprentices(rng, state)
    _employs(rng, state, firms, staff, leaders, evaluated, apprentices)
    excluded = _filed(rng, state, evaluated, leaders, unfiled)
    _certified(rng, state, evaluated, leaders, unfiled, excluded, international)
    _earns(rng, state)
    _reports(rng, state, firms, staff, leaders, international)


def _unfiled_leaders(rng: random.Random, leaders: list[Org]) -> set[str]:
    """Of the chain leaders that evaluate, those that have not filed (at least one, and never all, where there are two
    or more)."""
    if len(leaders) < 2:
        return set()
    n = max(1, round(len(leaders) * UNFILED_LEADERS))
    plain = [o for o in leaders if not o.cross_track]
    flagged = [o for o in leaders if o.cross_track]
    chosen = rng.sample(plain, min(n, len(plain))) + flagged[: max(0, n - len(plain))]
    return {o.id for o in chosen}


def _international_hosts(platforms: list[dict[str, Any]], hosts: list[dict[str, Any]]) -> list[str]:
    """The organisations hosting an international certification station, in the order their stations were made."""
    stations = {p["id"] for p in platforms if p["kind"] == PlatformKind.INTERNATIONAL_CERTIFICATION_STATION.value}
    return list(dict.fromkeys(h["start"] for h in hosts if h["end"] in stations))


def _reporting(rng: random.Random, state: State, members: list[dict[str, Any]]) -> list[tuple[Org, int]]:
    """The firms that report, each with the first year it does."""
    joined: dict[str, int] = {}
    for m in members:
        joined[m["start"]] = min(joined.get(m["start"], LATEST_YEAR), m["joined"].year)
    found: list[tuple[Org, int]] = []
    for ent in state.enterprises:
        if ent.id in joined or rng.random() < REPORTING_SHARE:
            found.append((ent, max(joined.get(ent.id, YEARS[0]), ent.founded)))
    return found


def _staff(rng: random.Random, org: Org, first: int) -> dict[int, int]:
    """A firm's employees in each year it reports (this year's is its register's)."""
    growth = rng.gauss(*STAFF_GROWTH)
    return {year: org.size if year == LATEST_YEAR else max(1, round(org.size / (1 + growth) ** (LATEST_YEAR - year)))
            for year in YEARS if year >= first}


def _employs(rng: random.Random, state: State, firms: list[Org], staff: dict[str, dict[int, int]],
             leaders: list[Org], evaluated: dict[str, list[dict[str, Any]]],
             apprentices: dict[str, dict[int, int]]) -> None:
    """Each reporting firm's skilled workers per rung of the ladder in each year (no row for a rung it has none at):
    its apprentices are its cohort of the year (APPRENTICES), every other worker's rung is drawn from the firm's
    shares; a chain leader's also for its most demanded occupations — a breakdown of those totals, never added to
    them."""
    top_rungs = {"principal_technician", "chief_technician"}
    pilots = {start for start, rows in evaluated.items() if any(top_rungs & set(r["levels"]) for r in rows)}
    leader_ids = {o.id for o in leaders}
    rungs = [*LOW_RUNGS, *HIGH_RUNGS]
    low_total, high_total = sum(LOW_RUNGS.values()), sum(HIGH_RUNGS.values())
    for org in firms:
        skilled_share = rng.uniform(*SKILLED_SHARE)
        high_share = HIGH_SKILL_SHARE + rng.gauss(0.0, HIGH_SKILL_SD)
        if org.id in leader_ids:
            high_share += HIGH_SKILL_LEADER
        elif org.size >= LARGE_FIRM:
            high_share += HIGH_SKILL_LARGE
        if org.district in state.county_12:
            high_share += HIGH_SKILL_COUNTY
        principal = rng.randint(*PILOT_PRINCIPAL) if org.id in pilots else 0
        chief = int(org.id in pilots and rng.random() < PILOT_CHIEF)
        # the pilots named their first top rungs lately: the year before, some fewer
        top_by_year = {YEARS[0]: (rng.randint(0, principal), rng.randint(0, chief)), LATEST_YEAR: (principal, chief)}
        demand = state.firm_demand.get(org.id, {})
        top: list[str] = []
        if org.id in leader_ids and demand:
            top = sorted(demand, key=lambda c: (-demand[c], c))[: rng.randint(*BY_OCCUPATION)]
        for year, employees in staff[org.id].items():
            share = min(0.6, max(0.05, high_share - (HIGH_SKILL_RISE if year < LATEST_YEAR else 0.0)))
            weights = [w * (1 - share) / low_total for w in LOW_RUNGS.values()]
            weights += [w * share / high_total for w in HIGH_RUNGS.values()]
            learning = apprentices.get(org.id, {}).get(year, 0)
            skilled = max(1, round(employees * skilled_share))
            drawn = Counter(rng.choices(rungs, weights=weights, k=max(0, skilled - learning)))
            workers = {"apprentice": learning, **{rung: drawn[rung] for rung in rungs}}
            workers["principal_technician"], workers["chief_technician"] = top_by_year[year]
            for level, n in workers.items():
                if n:
                    state.sink.write("employs", {"start": org.id, "end": level, "workers": n, "year": year})
            total_demand = sum(demand.values())
            for code in top:
                for level, n in workers.items():
                    part = int(n * demand[code] / total_demand)
                    if part:
                        state.sink.write("employs", {"start": org.id, "end": level, "workers": part, "year": year,
                                                     "occupation": code})


def _filing_dates(rng: random.Random, org: Org, earliest: dt.date) -> tuple[dt.date, dt.date]:
    """A filing's date (not before `earliest` nor before the year after the organisation was founded) and the last
    day it is valid."""
    start = max(earliest, dt.date(min(org.founded + 1, LATEST_DATE.year), 1, 1))
    filed = random_date(rng, start)
    try:
        until = filed.replace(year=filed.year + FILING_YEARS)
    except ValueError:  # 29 February
        until = filed.replace(year=filed.year + FILING_YEARS, day=28)
    return filed, until - dt.timedelta(days=1)


def _filed(rng: random.Random, state: State, evaluated: dict[str, list[dict[str, Any]]], leaders: list[Org],
           unfiled: set[str]) -> set[tuple[str, str]]:
    """Each evaluator's skill-track filing of the occupations it evaluates, at their levels (a chain leader's for its
    chain's members); an enterprise's leaves out the 准入类 occupations it evaluates or demands; two-track filings
    where the evaluator is flagged for them. Returns the (evaluator, occupation) pairs left out."""
    excluded: set[tuple[str, str]] = set()
    leader_ids = {o.id for o in leaders}
    filers: list[tuple[Org, str, dt.date]] = []
    for body in state.evaluators:
        if body.cross_track or rng.random() < BODY_FILINGS:
            own = body.body_type == EvaluationBodyType.SCHOOL.value and rng.random() < SCHOOL_OWN_STAFF
            filers.append((body, (FilingScope.OWN_STAFF if own else FilingScope.PUBLIC).value, SKILL_FILINGS_FROM))
    for ent in state.enterprises:
        if ent.id not in evaluated or ent.id in unfiled:
            continue
        if ent.id in leader_ids:
            filers.append((ent, FilingScope.CHAIN_MEMBERS.value, CHAIN_FILINGS_FROM))
        else:
            filers.append((ent, FilingScope.OWN_STAFF.value, dt.date(ENTERPRISE_EVALUATION_FROM, 1, 1)))
    for org, scope, earliest in filers:
        filed, until = _filing_dates(rng, org, earliest)
        rows = evaluated.get(org.id, [])
        common = {"start": org.id, "scope": scope, "filed": filed, "valid_until": until}
        left_out: list[str] = []
        if org.kind == "enterprise":
            codes = [row["end"] for row in rows] + list(state.firm_demand.get(org.id, {}))
            left_out = [code for code in dict.fromkeys(codes) if code in ACCESS_OCCUPATIONS]
        for row in rows:
            if row["end"] not in left_out:
                state.sink.write("filed", {**common, "end": row["end"], "track": FilingTrack.SKILL.value,
                                           "levels": row["levels"]})
        for code in left_out:
            state.sink.write("filed", {**common, "end": code, "track": FilingTrack.SKILL.value,
                                       "excluded_reason": EXCLUDED_REASON})
            excluded.add((org.id, code))
        if org.cross_track:
            high = [row for row in rows if CROSS_TRACK_FROM in row["levels"] and row["end"] not in left_out]
            for row in rng.sample(high, min(len(high), rng.randint(*CROSS_TRACK))):
                levels = row["levels"][row["levels"].index(CROSS_TRACK_FROM):]
                cross_filed, cross_until = _filing_dates(rng, org, filed)
                state.sink.write("filed", {
                    "start": org.id, "end": row["end"], "track": FilingTrack.CROSS_TRACK.value, "scope": scope,
                    "levels": levels, "filed": cross_filed, "valid_until": cross_until,
                    "title_series": _title_series(row["end"]),
                })
    return excluded


def _title_series(code: str) -> str:
    return next(series for prefix, series in TITLE_SERIES if code.startswith(prefix))


def _certified(rng: random.Random, state: State, evaluated: dict[str, list[dict[str, Any]]], leaders: list[Org],
               unfiled: set[str], excluded: set[tuple[str, str]], international: list[str]) -> None:
    """Certificates per occupation, level and year from each current EVALUATES row (its capacity the year before
    taken back by EVALUATION_GROWTH); none by a chain leader that has not filed, nor for an occupation a filing
    leaves out; 一试双证 only where eligible."""
    hosts = set(international)
    dual = {o.id for o in state.enterprises if o.id in hosts}
    dual |= {b.id for b in state.evaluators if b.host and b.host in hosts}
    filed_leaders = [o for o in leaders if o.id not in unfiled]
    dual |= {o.id for o in rng.sample(filed_leaders, min(len(filed_leaders),
                                                         max(1, round(len(leaders) * DUAL_LEADERS))))}
    for start, rows in evaluated.items():
        if start in unfiled:
            continue
        for row in rows:
            if (start, row["end"]) in excluded:
                continue
            dual_share = rng.uniform(*DUAL_SHARE) if start in dual and rng.random() < DUAL_OCCUPATIONS else 0.0
            weights = {level: CERTIFICATE_LEVEL_WEIGHT.get(level, 1.0) for level in row["levels"]}
            for year in YEARS:
                capacity = row["capacity_per_year"] / (1 + EVALUATION_GROWTH) ** (LATEST_YEAR - year)
                issued = round(capacity * rng.uniform(*UTILISATION))
                for level, certificates in largest_remainder(weights, issued).items():
                    if certificates:
                        state.sink.write("certified", {
                            "start": start, "end": row["end"], "skill_level": level, "year": year,
                            "certificates": certificates, "dual_certificates": round(certificates * dual_share),
                        })


def _apprentices(rng: random.Random, state: State) -> dict[str, dict[int, int]]:
    """A cohort a year for each apprenticeship partnership, in an occupation the firm demands (partnerships of one
    firm that land on the same occupation share its cohorts). Returns each firm's apprentices in training per year:
    its cohorts that began that year."""
    learning: dict[str, dict[int, int]] = {}
    by_firm: dict[str, list[tuple[Org, int, str]]] = {}
    for ent, trainees, since in state.apprenticeships:
        by_firm.setdefault(ent.id, []).append((ent, trainees, since))
    for firm_id, partnerships in by_firm.items():
        demand = state.firm_demand.get(firm_id, {})
        if not demand:
            continue
        # a firm's partnerships together take at most the share of its staff one partnership may
        most = max(1, round(partnerships[0][0].size * APPRENTICE_SHARE_CAP))
        scale = min(1.0, most / sum(trainees for _, trainees, _ in partnerships))
        cohorts: dict[tuple[str, int], list[int]] = {}
        for _, trainees, since in partnerships:
            code = rng.choices(list(demand), weights=list(demand.values()))[0]
            first = max(int(since[:4]), LATEST_YEAR - rng.randint(*COHORTS) + 1)
            for year in range(first, LATEST_YEAR + 1):
                started = max(1, round(trainees * scale * rng.lognormvariate(0.0, COHORT_SD)))
                completed = round(started * rng.uniform(*COMPLETED)) if year < LATEST_YEAR else 0
                certified = round(completed * rng.uniform(*CERTIFIED))
                counts = cohorts.setdefault((code, year), [0, 0, 0])
                counts[0] += started
                counts[1] += completed
                counts[2] += certified
        for (code, year), (started, completed, certified) in cohorts.items():
            done = year < LATEST_YEAR
            in_year = learning.setdefault(firm_id, {})
            in_year[year] = in_year.get(year, 0) + started
            state.sink.write("apprentices", {
                "start": firm_id, "end": code, "cohort": year, "trainees": started,
                "completed": completed if done else None, "certified": certified if done else None,
                "certified_level": _pick(rng, CERTIFIED_LEVELS) if done and certified else None,
            })
    return learning


def _pick(rng: random.Random, weighted: Sequence[tuple[str, float]]) -> str:
    return rng.choices([v for v, _ in weighted], weights=[w for _, w in weighted])[0]


def _earns(rng: random.Random, state: State) -> None:
    """The wage reference of this year's most demanded occupations, rung by rung."""
    for code, _ in state.demanded.most_common(WAGE_OCCUPATIONS):
        base = rng.uniform(*BASE_WAGE)
        for level, step in WAGE_STEPS.items():
            state.sink.write("earns", {"start": code, "end": level, "median_monthly_wage": int(round(base * step, -1)),
                                       "year": LATEST_YEAR, "source": WAGE_SOURCE})


def _reports(rng: random.Random, state: State, firms: list[Org], staff: dict[str, dict[int, int]],
             leaders: list[Org], international: list[str]) -> None:
    """Each reporting firm's figures per year (no row for a zero), then the international stations' hosts'."""
    leader_ids = {o.id for o in leaders}
    for org in firms:
        leader = org.id in leader_ids
        notable = leader or org.size >= LARGE_FIRM
        wage = lognormal_int(rng, MONTHLY_WAGE, MONTHLY_WAGE_SD, 3500, 20000)
        subsidised = rng.random() < SUBSIDISED_FIRMS
        honours = _awarded(rng, HONOURS, leader) if notable else {}
        # honours are held: the year before, a holder may have had one fewer
        held_before = {metric: n - rng.randint(0, 1) for metric, n in honours.items()}
        for year, employees in staff[org.id].items():
            payroll = employees * wage * 12 / (1 + WAGE_GROWTH) ** (LATEST_YEAR - year)
            drawn = payroll * rng.triangular(*FUND_RATE[:2], FUND_RATE[2])
            used = drawn * rng.uniform(*FUND_USED)
            frontline = used * rng.triangular(*FUND_FRONTLINE[:2], FUND_FRONTLINE[2])
            trainees = round(employees * rng.uniform(*UPSKILLING))
            figures: dict[str, float] = {
                "upskilling_trainees": trainees,
                "education_fund_drawn": round(drawn),
                "education_fund_used": round(used),
                "education_fund_frontline": round(frontline),
            }
            if subsidised:
                covered = trainees * rng.uniform(*SUBSIDISED_TRAINEES)
                figures["training_subsidy"] = int(round(covered * rng.uniform(*SUBSIDY_PER_TRAINEE), -2))
            figures.update(honours if year == LATEST_YEAR else held_before)
            if notable:
                figures.update(_awarded(rng, COMPETITIONS, leader))
            elif rng.random() < SMALL_FIRM_AWARD:
                figures["competition_municipal"] = 1
            _write_reports(state, org.id, year, figures)
    for host in international:
        for year in YEARS:
            standards = int(rng.random() < INTERNATIONAL_STANDARDS)
            _write_reports(state, host, year, {"international_trainees": rng.randint(*INTERNATIONAL_TRAINEES),
                                               "international_standards": standards})


def _awarded(rng: random.Random, table: tuple[tuple[str, float, int, bool], ...], leader: bool) -> dict[str, int]:
    """How many of each metric of `table` (HONOURS, COMPETITIONS) a chain leader or large firm has: the ones it has
    any of."""
    return {metric: rng.randint(1, most) for metric, chance, most, leaders_only in table
            if (leader or not leaders_only) and rng.random() < chance * (2 if leader else 1)}


def _write_reports(state: State, org_id: str, year: int, figures: dict[str, float]) -> None:
    for metric, value in figures.items():
        if value:
            state.sink.write("reports", {"start": org_id, "end": metric, "year": year, "value": value})
