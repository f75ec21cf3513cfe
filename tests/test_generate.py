"""The demo-data generator writes plausible, valid, reproducible source files with the gaps planners look for."""

import csv
import datetime as dt
import os
import subprocess
import sys
from collections import Counter, defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any, get_args, get_origin

import pytest
from pydantic import BaseModel, ValidationError
from typer.testing import CliRunner

from analyses.gaps import gap_table
from graph_model import reference as ref
from graph_model.nodes import ORGANISATION_LABEL
from graph_model.uscc import validate_uscc
from ingest.generate import LATEST_DATE, NODE_FILES, ORGANISATION_FILES, REL_FILES, GenerateSummary, generate
from ingest.generate.figures import figures as generate_figures
from ingest.generate.tables import OLDEST_FOUNDED, REAL_BRANDS
from ingest.job import run_ingest
from queries import run
from store import MemoryStore

SEED = 7


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> GenerateSummary:
    return generate("small", SEED, tmp_path_factory.mktemp("small"))


def rows(out: Path, name: str) -> Iterator[dict[str, str]]:
    with (out / f"{name}.csv").open(encoding="utf-8", newline="") as handle:
        yield from csv.DictReader(handle)


def parsed(model: type[BaseModel], row: dict[str, str]) -> dict[str, Any]:
    """A CSV row as the format defines it: empty = not given, lists split on `;`, booleans true/false."""
    values: dict[str, Any] = {}
    for name, cell in row.items():
        if cell == "":
            continue
        annotation = model.model_fields[name].annotation
        if get_origin(annotation) is list:
            values[name] = cell.split(";")
        elif annotation is bool:
            assert cell in ("true", "false"), f"{name}={cell!r}"
            values[name] = cell == "true"
        else:
            values[name] = cell
    return values


def labels_by_id(out: Path) -> dict[str, str]:
    """Every id the generated files and the packaged reference data define, with its label."""
    found: dict[str, str] = {}
    for name, model in NODE_FILES.items():
        for row in rows(out, name):
            assert row["id"] not in found, f"id {row['id']} defined twice"
            found[row["id"]] = model.label
    found.update({d["id"]: "District" for d in ref.districts()})
    found.update({c["id"]: "Cluster" for c in ref.clusters()})
    found.update({code: "Occupation" for code in ref.occupations()})
    found.update({s["id"]: "SkillLevel" for s in ref.skill_levels()})
    found.update({m["id"]: "Metric" for m in ref.metrics()})
    return found


def files(out: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(out.iterdir())}


def test_same_seed_gives_byte_identical_files_even_in_another_process(small: GenerateSummary, tmp_path: Path) -> None:
    # Another hash seed would reorder any iteration over a set of strings.
    script = (
        "from pathlib import Path; from ingest.generate import generate; "
        f"generate('small', {SEED}, Path({str(tmp_path)!r}))"
    )
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    subprocess.run([sys.executable, "-c", script], check=True, env=env, cwd=Path(__file__).parents[1])
    assert files(tmp_path) == files(small.out)


def test_a_different_seed_gives_different_data(small: GenerateSummary, tmp_path: Path) -> None:
    generate("small", SEED + 1, tmp_path)
    other, mine = files(tmp_path), files(small.out)
    assert other.keys() == mine.keys()
    assert other["enterprise.csv"] != mine["enterprise.csv"]
    assert other["demands.csv"] != mine["demands.csv"]


def test_one_file_per_node_kind_and_relationship_type_and_no_reference_or_derived_files(
    small: GenerateSummary,
) -> None:
    written = {p.name for p in small.out.iterdir()}
    assert written == {f"{name}.csv" for name in [*NODE_FILES, *REL_FILES]}
    for name in ("cluster", "district", "occupation", "skill_level", "located_in", "in_cluster"):
        assert f"{name}.csv" not in written


def test_small_scale_is_about_two_thousand_organisations(small: GenerateSummary) -> None:
    assert 1_900 <= small.organisations <= 2_100
    assert 20_000 <= small.relationship_rows <= 80_000
    counts = small.rows
    assert 5 <= counts["chain"] <= 15
    assert 20 <= counts["school"] <= 60
    assert counts["demands"] > counts["trains"] > counts["evaluates"] > 0
    assert all(counts[name] > 0 for name in [*NODE_FILES, *REL_FILES])
    # the summary counts what is on disk (header excluded)
    for name, n in counts.items():
        assert sum(1 for _ in rows(small.out, name)) == n


def test_every_row_validates_against_its_model(small: GenerateSummary) -> None:
    for name, model in [*NODE_FILES.items(), *REL_FILES.items()]:
        for number, row in enumerate(rows(small.out, name), start=2):
            try:
                model.model_validate(parsed(model, row))
            except ValidationError as exc:
                pytest.fail(f"{name}.csv row {number}: {exc}")


def test_every_relationship_joins_existing_nodes_of_allowed_kinds(small: GenerateSummary) -> None:
    label = labels_by_id(small.out)
    organisations = {model.label for name, model in NODE_FILES.items() if name in ORGANISATION_FILES}

    def kinds(node_label: str) -> set[str]:
        return {node_label, ORGANISATION_LABEL} if node_label in organisations else {node_label}

    for name, model in REL_FILES.items():
        seen: set[tuple[str, str, str]] = set()
        for row in rows(small.out, name):
            start, end = label.get(row["start"]), label.get(row["end"])
            assert start is not None, f"{name}: unknown start {row['start']}"
            assert end is not None, f"{name}: unknown end {row['end']}"
            assert any(a in kinds(start) and b in kinds(end) for a, b in model.pairs), f"{name}: {start}→{end}"
            key = "|".join(row[f] for f in model.key_fields)
            assert (row["start"], row["end"], key) not in seen, f"{name}: duplicate {row}"
            seen.add((row["start"], row["end"], key))


def test_every_chain_has_20_to_300_members_and_is_led_by_a_chain_leader(small: GenerateSummary) -> None:
    roles = {row["id"]: row["roles"].split(";") for row in rows(small.out, "enterprise")}
    members: dict[str, set[str]] = defaultdict(set)
    member_rows: Counter[str] = Counter()
    for row in rows(small.out, "member_of"):
        members[row["end"]].add(row["start"])
        member_rows[row["end"]] += 1
    leaders = {row["end"]: row["start"] for row in rows(small.out, "leads")}
    chains = [row["id"] for row in rows(small.out, "chain")]
    assert sorted(leaders) == sorted(chains)
    assert len(set(leaders.values())) == len(chains), "one chain per leader"
    for chain in chains:
        assert 20 <= len(members[chain]) <= 300 and member_rows[chain] <= 300, chain
        assert "chain_leader" in roles[leaders[chain]]
        assert leaders[chain] in members[chain]


def test_some_chains_miss_a_whole_link_and_some_have_all_five(small: GenerateSummary) -> None:
    links: dict[str, set[str]] = defaultdict(set)
    for row in rows(small.out, "member_of"):
        links[row["end"]].add(row["link_role"])
    complete = [c for c, roles in links.items() if len(roles) == 5]
    assert complete and len(complete) < len(links)


def supply_per_head(out: Path, codes: set[str] | None) -> float:
    """Supply rows (TRAINS, EVALUATES, OFFERS of a preparing major) per demanded head, for `codes` or all."""
    majors = {row["start"] for row in rows(out, "prepares_for") if codes is None or row["end"] in codes}
    supply = sum(1 for row in rows(out, "offers") if row["end"] in majors)
    for name in ("trains", "evaluates"):
        supply += sum(1 for row in rows(out, name) if codes is None or row["end"] in codes)
    heads = sum(int(row["headcount"]) for row in rows(out, "demands") if codes is None or row["end"] in codes)
    assert heads > 0
    return supply / heads


def test_low_altitude_occupations_are_under_supplied(small: GenerateSummary) -> None:
    low_altitude = {code for code, sectors in ref.occupation_sectors().items() if sectors == ("low_altitude_economy",)}
    assert supply_per_head(small.out, low_altitude) < 0.5 * supply_per_head(small.out, None)
    schools = {row["start"] for row in rows(small.out, "offers") if row["end"].startswith("major-drone")}
    assert 1 <= len(schools) <= 4


def test_the_12_counties_have_no_evaluator_for_high_levels_that_their_firms_demand(small: GenerateSummary) -> None:
    counties = {d["id"] for d in ref.districts() if d.get("is_county_12")}
    district = {
        row["id"]: row["district"] for name in ORGANISATION_FILES for row in rows(small.out, name)
    }
    rank = ref.skill_level_rank()
    county_levels = {
        level
        for row in rows(small.out, "evaluates")
        if district[row["start"]] in counties
        for level in row["levels"].split(";")
    }
    assert max((rank[level] for level in county_levels), default=0) <= rank["senior_worker"]
    assert any(
        district[row["start"]] in counties and rank[row["skill_level"]] >= rank["technician"]
        for row in rows(small.out, "demands")
    )


def test_organisations_spread_by_economic_weight(small: GenerateSummary) -> None:
    counties = {d["id"] for d in ref.districts() if d.get("is_county_12")}
    per_district = Counter(row["district"] for row in rows(small.out, "enterprise"))
    in_counties = sum(n for d, n in per_district.items() if d in counties)
    assert in_counties < 0.1 * small.rows["enterprise"]
    assert per_district["liangjiang_new_area"] > 3 * max(per_district[c] for c in counties)


def test_no_date_is_in_the_future_but_an_expiry(small: GenerateSummary) -> None:
    for name, model in [*NODE_FILES.items(), *REL_FILES.items()]:
        date_fields = [f for f, info in model.model_fields.items()
                       if dt.date in get_args(info.annotation) and f != "valid_until"]
        for row in rows(small.out, name):
            for f in date_fields:
                if row[f]:
                    assert dt.date.fromisoformat(row[f]) <= min(LATEST_DATE, dt.date.today()), (name, row)


def test_credit_codes_are_unique_and_valid(small: GenerateSummary) -> None:
    codes = [row["uscc"] for name in ORGANISATION_FILES for row in rows(small.out, name) if row["uscc"]]
    assert len(codes) == len(set(codes))
    assert all(validate_uscc(code) == code for code in codes)
    enterprise_codes = [row["uscc"] for row in rows(small.out, "enterprise")]
    assert len(enterprise_codes) == small.rows["enterprise"]
    assert all(code.startswith("91500") for code in enterprise_codes)


def test_the_cli_writes_the_files_and_reports_rows_per_file(tmp_path: Path) -> None:
    from app.cli import app

    result = CliRunner().invoke(app, ["generate", "--scale", "small", "--seed", "3", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "demands" in result.output and "enterprise" in result.output
    assert (tmp_path / "member_of.csv").exists()


def test_apprentices_are_a_small_share_of_staff_and_young_industries_have_no_old_firms(small: GenerateSummary) -> None:
    staff = {r["id"]: int(r["employees"]) for r in rows(small.out, "enterprise")}
    apprentices: Counter[str] = Counter()
    for r in rows(small.out, "partners_with"):
        if r["kind"] == "apprenticeship":
            apprentices[r["start"]] += int(r["trainees"])
    assert sum(apprentices.values()) < 0.1 * sum(staff.values())  # docs/demo-data.md: about 5 %
    # A firm's first cluster is its sector's (but for a few firms of the priority fields that supply a
    # cluster): firms of the emerging clusters were founded in 2005 or later (some later still: OLDEST_FOUNDED)
    emerging = {c["id"] for c in ref.clusters() if c["tier"] == "emerging"}
    young = []
    for r in rows(small.out, "enterprise"):
        first = r["cluster_ids"].split(";")[0] if r["cluster_ids"] else ""
        if first in emerging:
            young.append(int(r["founded"][:4]) >= OLDEST_FOUNDED.get(first, OLDEST_FOUNDED["emerging"]))
    assert len(young) > 50 and sum(young) > 0.95 * len(young)
    figures = dict(generate_figures(small.out))
    assert figures["enterprises"] == f"{small.rows['enterprise']:,}"


def top_demanded(summary: GenerateSummary, n: int = 5) -> dict[str, list[str]]:
    """Each sector's n most demanded occupations (headcount of this year's stated demand)."""
    heads: dict[str, Counter[str]] = defaultdict(Counter)
    for r in rows(summary.out, "demands"):
        if r["year"] == "2025":
            heads[summary.sectors[r["start"]]][r["end"]] += int(r["headcount"])
    return {sector: [code for code, _ in counts.most_common(n)] for sector, counts in heads.items()}


def assert_top_demanded_are_typical(summary: GenerateSummary) -> None:
    typical = ref.sector_occupations()
    top = top_demanded(summary)
    assert set(top) == set(typical)  # every cluster and priority field has firms that demand
    for sector, codes in top.items():
        curated = {r.code for r in typical[sector]}
        assert set(codes) <= curated, (sector, [ref.occupations()[c].name_zh for c in set(codes) - curated])


def test_each_sectors_most_demanded_occupations_are_in_its_curated_table(small: GenerateSummary) -> None:
    assert_top_demanded_are_typical(small)


def test_at_city_scale_too_each_sectors_most_demanded_occupations_are_in_its_curated_table(
    tmp_path: Path,
) -> None:
    assert_top_demanded_are_typical(generate("city", 3, tmp_path))


def test_every_major_has_its_catalogue_code_and_prepares_only_for_curated_occupations(small: GenerateSummary) -> None:
    catalogue = ref.major_catalogue()
    majors = {r["id"]: r for r in rows(small.out, "major")}
    for r in majors.values():
        entry = catalogue[r["education_level"], r["name_zh"]]
        assert r["major_code"] == entry.code, r
        # only the technical schools' majors go without: that catalogue's codes are not in the reference data
        assert r["major_code"] or r["education_level"] == "technical_school", r
    pairs = [(r["start"], r["end"]) for r in rows(small.out, "prepares_for")]
    assert pairs
    for start, end in pairs:
        major = majors[start]
        assert end in catalogue[major["education_level"], major["name_zh"]].occupations, (major, end)


def test_no_firm_or_provider_is_named_after_a_real_brand(small: GenerateSummary) -> None:
    names = [row["name_zh"] for name in ORGANISATION_FILES for row in rows(small.out, name)]
    assert len(names) > 1500
    for brand in REAL_BRANDS:
        assert not [n for n in names if n.startswith(f"重庆{brand}")], brand


def test_history_is_opt_in_follows_each_firm_and_keeps_the_ground_truth_outside(
    small: GenerateSummary, tmp_path: Path
) -> None:
    out, truth = tmp_path / "data", tmp_path / "truth.csv"
    summary = generate("small", SEED, out, history=True, truth=truth)
    with_history = files(out)
    for name in ("demands-history.csv", "offers-history.csv", "trains-history.csv", "evaluates-history.csv"):
        assert with_history.pop(name), name
    assert with_history == files(small.out)  # nothing else moves
    founded = {r["id"]: int(r["founded"][:4]) for r in rows(out, "enterprise")}
    stated = {(r["start"], r["end"], r["skill_level"]) for r in rows(out, "demands") if r["year"] == "2025"}
    low_altitude = {code for code, sectors in ref.occupation_sectors().items() if sectors == ("low_altitude_economy",)}
    years: Counter[int] = Counter()
    for r in rows(out, "demands-history"):
        year = int(r["year"])
        years[year] += int(r["headcount"])
        assert founded[r["start"]] <= year <= 2024, r  # nobody states demand before the firm existed
        assert (r["start"], r["end"], r["skill_level"]) in stated, r
        assert r["end"] not in low_altitude or year >= 2021, r  # the low-altitude economy took off in 2021–2023
    assert sorted(years) == list(range(2019, 2025)) and summary.rows["demands-history"] == sum(1 for _ in rows(
        out, "demands-history"))
    truth_years = {int(r["year"]) for r in csv.DictReader(truth.open(encoding="utf-8"))}
    assert truth_years == set(range(2019, 2029))
    store = MemoryStore()
    assert run_ingest([out], store, progress=False).ok
    for year in (2019, 2020, 2024):  # the graph holds what the files say
        city = gap_table(store, "city", year=year)
        assert city.total < 1000 and sum(r.demand for r in city.items) == years[year]


def test_supply_history_takes_each_current_row_back_and_the_graph_holds_it(tmp_path: Path) -> None:
    out = tmp_path / "data"
    generate("small", SEED, out, history=True)
    enterprises = {r["id"] for r in rows(out, "enterprise")}
    low_altitude = {code for code, sectors in ref.occupation_sectors().items() if sectors == ("low_altitude_economy",)}
    low_altitude_majors = {r["start"] for r in rows(out, "prepares_for") if r["end"] in low_altitude}
    totals: Counter[tuple[str, int]] = Counter()
    for kind, amount in (("offers", "graduates_per_year"), ("trains", "capacity_per_year"),
                         ("evaluates", "capacity_per_year")):
        current = {(r["start"], r["end"]) for r in rows(out, kind)}
        assert all(r["year"] == "" for r in rows(out, kind))  # the current figures carry no year
        history = list(rows(out, f"{kind}-history"))
        assert history and {int(r["year"]) for r in history} == set(range(2019, 2025)), kind
        for r in history:
            assert (r["start"], r["end"]) in current, r  # a past figure of a row that is there today
            totals[kind, int(r["year"])] += int(r[amount])
            if kind == "offers":
                assert r["end"] not in low_altitude_majors or int(r["year"]) >= 2023, r
            if kind == "evaluates":
                assert r["start"] not in enterprises or int(r["year"]) >= 2021, r
    # grown to 2025: more graduates, training and evaluation now than in 2019
    for kind in ("offers", "trains", "evaluates"):
        assert totals[kind, 2024] > totals[kind, 2019], kind
    store = MemoryStore()
    assert run_ingest([out], store, progress=False).ok
    graph = Counter()
    for r in run(store, "supply_history", {"region_kind": "city", "region_id": None, "skill_levels": None}):
        graph[r["part"], r["year"]] += r["amount"]
    # the graph's yearly training and evaluation capacity is the files' (graduates count once per occupation a
    # major prepares for, so they are compared through the current figures instead)
    for year in range(2019, 2025):
        assert graph["training", year] == totals["trains", year]
        assert graph["evaluation", year] == totals["evaluates", year]
    # and the current figures are the current rows alone: the history adds nothing to them
    now = Counter()
    for r in run(store, "supply_outlook", {"region_kind": "city", "region_id": None, "skill_levels": None}):
        now[r["part"]] += r["amount"]
    assert now["training"] == sum(int(r["capacity_per_year"]) for r in rows(out, "trains"))
    assert now["evaluation"] == sum(int(r["capacity_per_year"]) for r in rows(out, "evaluates"))


def test_metro_is_five_cities_and_a_factor_scales_counts_not_chain_sizes(tmp_path: Path) -> None:
    from ingest.generate.spec import SCALES

    city, metro = SCALES["city"], SCALES["metro"]
    assert (metro.enterprises, metro.cluster_chains, metro.organisations) == (
        5 * city.enterprises, 5 * city.cluster_chains, 5 * city.organisations)
    assert (metro.chain_size_factor, metro.consortium_size) == (city.chain_size_factor, city.consortium_size)
    with pytest.raises(ValueError, match="factor"):
        city.times(0)
    # twice small: twice the enterprises and chains, every row loads
    summary = generate("small", 3, tmp_path / "double", factor=2)
    assert summary.scale == "small × 2"
    assert summary.rows["enterprise"] == 2 * SCALES["small"].enterprises
    small = SCALES["small"]
    assert summary.rows["leads"] == 2 * (small.cluster_chains + small.field_chains + small.low_altitude_chains)
    report = run_ingest([tmp_path / "double"], MemoryStore(), progress=False)
    assert report.ok and report.summary()["rows_rejected"] == 0
