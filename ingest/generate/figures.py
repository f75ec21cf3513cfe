"""The demo data's figures, read back from the files the generator wrote, for a person to check them against
the sources and assumptions of docs/demo-data.md.

    python -m ingest.generate.figures DIR
"""

import csv
import statistics
import sys
from collections import Counter, defaultdict
from pathlib import Path

from graph_model.reference import clusters, districts, occupations, skill_levels


def _rows(folder: Path, name: str) -> list[dict[str, str]]:
    with (folder / f"{name}.csv").open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def figures(folder: Path) -> list[tuple[str, str]]:
    """(what, value) pairs: sizes, founding years, apprentices, graduates, schools, demand, the measures' files."""
    enterprises = _rows(folder, "enterprise")
    employees = {e["id"]: int(e["employees"] or 0) for e in enterprises}
    tier = {c["id"]: c["tier"] for c in clusters()}
    out: list[tuple[str, str]] = [("enterprises", f"{len(enterprises):,}")]
    leaders_by_tier: dict[str, list[int]] = defaultdict(list)
    for e in enterprises:
        if "chain_leader" in e["roles"].split(";"):
            first = e["cluster_ids"].split(";")[0] if e["cluster_ids"] else ""
            leaders_by_tier[tier.get(first, "priority field")].append(employees[e["id"]])
    for name, sizes in sorted(leaders_by_tier.items()):
        out.append((f"chain leaders' median head count, {name} clusters", f"{statistics.median(sizes):,.0f} "
                    f"({len(sizes)} leaders)"))
    out.append(("all firms' median head count", f"{statistics.median(employees.values()):,.0f}"))
    years = [int(e["founded"][:4]) for e in enterprises if e["founded"]]
    out.append(("firms founded before 2000", f"{sum(y < 2000 for y in years) / len(years):.1%}"))
    partners = _rows(folder, "partners_with")
    apprentices = sum(int(p["trainees"] or 0) for p in partners if p["kind"] == "apprenticeship")
    out.append(("apprentices in apprenticeship partnerships ÷ all firms' employees",
                f"{apprentices:,} ÷ {sum(employees.values()):,} = {apprentices / sum(employees.values()):.1%}"))
    offers = _rows(folder, "offers")
    out.append(("graduates per year (all schools' majors)", f"{sum(int(o['graduates_per_year']) for o in offers):,}"))
    for name, what in (("trains", "training capacity per year (places)"),
                       ("evaluates", "evaluation capacity per year (candidates)")):
        out.append((what, f"{sum(int(r['capacity_per_year'] or 0) for r in _rows(folder, name)):,}"))
    school_rows = _rows(folder, "school")
    kind = {s["id"]: s["school_type"] for s in school_rows}
    by_kind: Counter[str] = Counter()
    for o in offers:
        by_kind[kind[o["start"]]] += int(o["graduates_per_year"])
    out.append(("graduates per year by school type", ", ".join(f"{k} {v:,}" for k, v in sorted(by_kind.items()))))
    out += _graduates_per_occupation(folder, offers)
    schools = Counter(s["school_type"] for s in school_rows)
    out.append(("schools by type", ", ".join(f"{k} {v}" for k, v in sorted(schools.items()))))
    demands = _rows(folder, "demands")
    for year in sorted({d["year"] for d in demands}):
        total = sum(int(d["headcount"]) for d in demands if d["year"] == year)
        out.append((f"demanded headcount {year}", f"{total:,} ({total / sum(employees.values()):.1%} of employees)"))
    if (folder / "employs.csv").exists():
        out += _measures(folder, enterprises)
    return out


def _measures(folder: Path, enterprises: list[dict[str, str]]) -> list[tuple[str, str]]:
    """The measures' files: rows, the high-skill share, filings, certificates, apprentices and the education fund."""
    out = [("rows of the measures' files", ", ".join(f"{name} {sum(1 for _ in _rows(folder, name)):,}" for name in (
        "employs", "certified", "apprentices", "filed", "earns", "reports")))]
    high = {s["id"] for s in skill_levels() if s["is_high_skill"]}
    employs = _rows(folder, "employs")
    workers: Counter[tuple[str, bool]] = Counter()
    for r in employs:
        if not r["occupation"]:
            workers[r["year"], r["end"] in high] += int(r["workers"])
    years = sorted({year for year, _ in workers})
    totals = {y: workers[y, True] + workers[y, False] for y in years}
    out.append(("high-skill share of the reporting firms' skilled workers", ", ".join(
        f"{y} {workers[y, True] / totals[y]:.1%} of {totals[y]:,}" for y in years)))
    counties = {d["id"] for d in districts() if d.get("is_county_12")}
    county_firms = {e["id"] for e in enterprises if e["district"] in counties}
    leaders = {r["start"] for r in _rows(folder, "leads")}
    groups: dict[str, Counter[bool]] = defaultdict(Counter)
    for r in employs:
        if not r["occupation"] and r["year"] == years[-1]:
            group = ("chain leaders" if r["start"] in leaders else "12 counties" if r["start"] in county_firms
                     else "others")
            groups[group][r["end"] in high] += int(r["workers"])
    out.append((f"high-skill share {years[-1]} by group", ", ".join(
        f"{g} {c[True] / (c[True] + c[False]):.1%}" for g, c in sorted(groups.items()))))
    by_level = Counter(r["end"] for r in employs if r["year"] == years[-1] and r["end"] in (
        "principal_technician", "chief_technician"))
    top_workers: Counter[str] = Counter()
    for r in employs:
        if r["year"] == years[-1] and not r["occupation"] and r["end"] in by_level:
            top_workers[r["end"]] += int(r["workers"])
    out.append((f"principal and chief technicians {years[-1]}", ", ".join(
        f"{level} {n} (at {by_level[level]} firms)" for level, n in sorted(top_workers.items()))))
    filed = _rows(folder, "filed")
    filers = {r["start"] for r in filed}
    out.append(("chain leaders without a filing", f"{len(leaders - filers)} of {len(leaders)}"))
    out.append(("filings", ", ".join(f"{k} {n:,}" for k, n in sorted(Counter(
        "excluded" if r["excluded_reason"] else f"{r['track']} {r['scope']}" for r in filed).items()))))
    certified = _rows(folder, "certified")
    for year in sorted({r["year"] for r in certified}):
        issued = sum(int(r["certificates"]) for r in certified if r["year"] == year)
        dual = sum(int(r["dual_certificates"]) for r in certified if r["year"] == year)
        out.append((f"certificates issued {year}", f"{issued:,} (一试双证 {dual:,})"))
    cohorts = _rows(folder, "apprentices")
    done = [r for r in cohorts if r["completed"]]
    out.append(("apprentices: trainees, completed, certified (cohorts at least a year old)",
                f"{sum(int(r['trainees']) for r in done):,}, {sum(int(r['completed']) for r in done):,}, "
                f"{sum(int(r['certified']) for r in done):,}"))
    fund: dict[tuple[str, str], dict[str, float]] = defaultdict(dict)
    reported: Counter[str] = Counter()
    for r in _rows(folder, "reports"):
        fund[r["start"], r["year"]][r["end"]] = float(r["value"])
        if r["year"] == years[-1]:
            reported[r["end"]] += round(float(r["value"]))
    out.append((f"reported figures {years[-1]} (sums)", ", ".join(f"{m} {n:,}" for m, n in sorted(reported.items()))))
    shares = [f["education_fund_frontline"] / f["education_fund_used"] for f in fund.values()
              if f.get("education_fund_used") and "education_fund_frontline" in f]
    if shares:
        out.append(("firm-years spending under 60 % of the education fund used on frontline workers",
                    f"{sum(s < 0.6 for s in shares) / len(shares):.0%} of {len(shares):,}"))
    return out


def _graduates_per_occupation(folder: Path, offers: list[dict[str, str]]) -> list[tuple[str, str]]:
    """Graduates a year per occupation (a major's graduates shared equally by the occupations it prepares for),
    beside this year's demanded headcount."""
    prepares: dict[str, list[str]] = defaultdict(list)
    for r in _rows(folder, "prepares_for"):
        prepares[r["start"]].append(r["end"])
    graduates: defaultdict[str, float] = defaultdict(float)
    for o in offers:
        for code in prepares[o["end"]]:
            graduates[code] += int(o["graduates_per_year"]) / len(prepares[o["end"]])
    demanded: Counter[str] = Counter()
    for d in _rows(folder, "demands"):
        if d["year"] == "2025":
            demanded[d["end"]] += int(d["headcount"])
    names = {code: o.name_zh for code, o in occupations().items()}
    most = sorted(graduates.items(), key=lambda kv: (-kv[1], kv[0]))[:8]
    top = ", ".join(f"{names[c]} {n:,.0f} (demand {demanded[c]:,})" for c, n in most)
    both = [c for c in graduates if demanded[c]]
    ratio = statistics.median(graduates[c] / demanded[c] for c in both) if both else 0.0
    return [
        ("occupations with graduates", f"{len(graduates):,}; median graduates ÷ demand where both exist {ratio:.2f}"),
        ("most graduates per year by occupation", top),
    ]


def main() -> None:
    for what, value in figures(Path(sys.argv[1])):
        print(f"{what}: {value}")


if __name__ == "__main__":
    main()
