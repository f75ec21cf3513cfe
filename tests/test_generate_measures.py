"""The demo data's measure files — workforce by skill level, certificates, apprentices, filings, wages, reported
figures — load cleanly and look like what docs/demo-data.md says."""

import datetime as dt
from collections import Counter, defaultdict
from pathlib import Path

import pytest

from graph_model import reference as ref
from ingest.generate import GenerateSummary, generate
from ingest.generate.measures import ACCESS_OCCUPATIONS, EXCLUDED_REASON, PARTNER_COUNTRIES
from ingest.job import run_ingest
from store import MemoryStore
from tests.test_generate import rows

SEED = 7
MEASURE_FILES = {"employs": "EMPLOYS", "certified": "CERTIFIED", "apprentices": "APPRENTICES", "filed": "FILED",
                 "earns": "EARNS", "reports": "REPORTS"}


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> GenerateSummary:
    return generate("small", SEED, tmp_path_factory.mktemp("small"))


def leaders(out: Path) -> set[str]:
    return {r["start"] for r in rows(out, "leads")}


def test_the_measure_files_load_without_a_rejected_row_and_the_graph_holds_them(small: GenerateSummary) -> None:
    store = MemoryStore()
    report = run_ingest([small.out], store, progress=False)
    assert report.ok and report.summary()["rows_rejected"] == 0
    held = store.counts().relationships
    for name, rel_type in MEASURE_FILES.items():
        assert small.rows[name] > 0, name
        assert held[rel_type] == small.rows[name], name


def test_the_city_wide_high_skill_share_is_near_chongqings(small: GenerateSummary) -> None:
    high = {s["id"] for s in ref.skill_levels() if s["is_high_skill"]}
    workers: Counter[bool] = Counter()
    for r in rows(small.out, "employs"):
        if not r["occupation"] and r["year"] == "2025":
            workers[r["end"] in high] += int(r["workers"])
    assert 0.25 <= workers[True] / (workers[True] + workers[False]) <= 0.38  # Chongqing: 31.4 % (2023)


def test_a_leaders_workforce_by_occupation_is_a_breakdown_of_its_totals(small: GenerateSummary) -> None:
    totals: Counter[tuple[str, str, str]] = Counter()
    parts: Counter[tuple[str, str, str]] = Counter()
    for r in rows(small.out, "employs"):
        key = (r["start"], r["end"], r["year"])
        (parts if r["occupation"] else totals)[key] += int(r["workers"])
    assert parts and {start for start, _, _ in parts} <= leaders(small.out)
    for key, n in parts.items():
        assert n <= totals[key], key


def test_every_enterprise_that_evaluates_and_filed_has_a_skill_filing_for_each_occupation_it_evaluates(
    small: GenerateSummary,
) -> None:
    enterprises = {r["id"] for r in rows(small.out, "enterprise")}
    evaluated: dict[str, set[str]] = defaultdict(set)
    for r in rows(small.out, "evaluates"):
        if r["start"] in enterprises:
            evaluated[r["start"]].add(r["end"])
    filed: dict[str, set[str]] = defaultdict(set)
    for r in rows(small.out, "filed"):
        if r["track"] == "skill":
            filed[r["start"]].add(r["end"])
    chain_leaders = leaders(small.out)
    for firm, codes in evaluated.items():
        if firm in filed:
            assert codes <= filed[firm], firm
        else:  # only a chain leader may have left its evaluation unfiled
            assert firm in chain_leaders, firm


def test_some_chain_leaders_have_filed_and_about_a_third_have_not(small: GenerateSummary) -> None:
    chain_leaders = leaders(small.out)
    filers = {r["start"] for r in rows(small.out, "filed")}
    unfiled = chain_leaders - filers
    assert unfiled and chain_leaders & filers
    assert len(unfiled) <= len(chain_leaders) / 2
    # a leader files for its chain's members
    assert {r["scope"] for r in rows(small.out, "filed") if r["start"] in chain_leaders} == {"chain_members"}


def test_an_excluded_filing_has_a_reason_and_no_levels_and_names_an_entry_licensed_occupation(
    small: GenerateSummary,
) -> None:
    excluded = [r for r in rows(small.out, "filed") if r["excluded_reason"]]
    assert excluded
    for r in excluded:
        assert r["levels"] == "" and r["excluded_reason"] == EXCLUDED_REASON and r["track"] == "skill", r
        assert r["end"] in ACCESS_OCCUPATIONS, r
    assert all(r["levels"] for r in rows(small.out, "filed") if not r["excluded_reason"])


def test_the_entry_licensed_occupations_are_named_as_in_the_2022_classification() -> None:
    occupations = ref.occupations()
    for code, name in ACCESS_OCCUPATIONS.items():
        assert occupations[code].name_zh == name, code


def test_filings_lie_in_the_past_and_run_five_years(small: GenerateSummary) -> None:
    for r in rows(small.out, "filed"):
        filed, until = dt.date.fromisoformat(r["filed"]), dt.date.fromisoformat(r["valid_until"])
        assert filed <= dt.date(2025, 12, 31)
        assert 5 * 365 - 1 <= (until - filed).days <= 5 * 365 + 1, r  # to the day before the fifth anniversary
        if r["track"] == "cross_track":
            assert r["title_series"] and set(r["levels"].split(";")) <= {
                "technician", "senior_technician", "principal_technician", "chief_technician"}, r


def test_certificates_come_from_current_evaluation_and_dual_ones_are_among_them(small: GenerateSummary) -> None:
    levels = {(r["start"], r["end"]): set(r["levels"].split(";")) for r in rows(small.out, "evaluates")}
    unfiled = leaders(small.out) - {r["start"] for r in rows(small.out, "filed")}
    certified = list(rows(small.out, "certified"))
    assert certified
    for r in certified:
        assert r["skill_level"] in levels[r["start"], r["end"]], r
        assert r["start"] not in unfiled, r
        assert 0 <= int(r["dual_certificates"]) <= int(r["certificates"]), r
    assert {r["year"] for r in certified} == {"2024", "2025"}


def test_apprentice_cohorts_nest_and_only_cohorts_a_year_old_have_completed(small: GenerateSummary) -> None:
    cohorts = list(rows(small.out, "apprentices"))
    assert cohorts
    apprenticing = {r["start"] for r in rows(small.out, "partners_with") if r["kind"] == "apprenticeship"}
    for r in cohorts:
        assert r["start"] in apprenticing, r
        if r["cohort"] == "2025":
            assert r["completed"] == r["certified"] == "", r
        else:
            assert int(r["certified"]) <= int(r["completed"]) <= int(r["trainees"]), r


def test_a_minority_of_firms_spends_under_60_percent_of_the_education_fund_on_frontline_workers(
    small: GenerateSummary,
) -> None:
    fund: dict[tuple[str, str], dict[str, float]] = defaultdict(dict)
    for r in rows(small.out, "reports"):
        fund[r["start"], r["year"]][r["end"]] = float(r["value"])
    shares = [f["education_fund_frontline"] / f["education_fund_used"] for f in fund.values()
              if "education_fund_used" in f]
    below = sum(s < 0.6 for s in shares)
    assert 0 < below < len(shares) / 2
    for f in fund.values():
        if "education_fund_drawn" in f:
            assert f["education_fund_used"] <= f["education_fund_drawn"]


def test_workforce_and_figures_come_from_the_same_firms(small: GenerateSummary) -> None:
    employing = {(r["start"], r["year"]) for r in rows(small.out, "employs")}
    funded = {(r["start"], r["year"]) for r in rows(small.out, "reports") if r["end"] == "education_fund_drawn"}
    assert employing == funded
    assert {start for start, _ in employing} >= leaders(small.out)


def test_wages_rise_with_the_rung(small: GenerateSummary) -> None:
    rank = ref.skill_level_rank()
    wages: dict[str, list[tuple[int, float]]] = defaultdict(list)
    for r in rows(small.out, "earns"):
        wages[r["start"]].append((rank[r["end"]], float(r["median_monthly_wage"])))
    assert len(wages) == 50
    for code, by_rank in wages.items():
        ordered = [w for _, w in sorted(by_rank)]
        assert ordered == sorted(ordered) and len(set(ordered)) == 5, code


def test_international_stations_name_their_partner_countries(small: GenerateSummary) -> None:
    platforms = list(rows(small.out, "platform"))
    stations = [p for p in platforms if p["kind"] == "international_certification_station"]
    assert stations
    for p in platforms:
        countries = p["partner_countries"].split(";") if p["partner_countries"] else []
        if p in stations:
            assert 1 <= len(countries) <= 4 and set(countries) <= set(PARTNER_COUNTRIES), p
        else:
            assert not countries, p
