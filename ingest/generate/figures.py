"""The demo data's figures, read back from the files the generator wrote, for a person to check them against
the sources and assumptions of docs/demo-data.md.

    python -m ingest.generate.figures DIR
"""

import csv
import statistics
import sys
from collections import Counter, defaultdict
from pathlib import Path

from graph_model.reference import clusters, occupations


def _rows(folder: Path, name: str) -> list[dict[str, str]]:
    with (folder / f"{name}.csv").open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def figures(folder: Path) -> list[tuple[str, str]]:
    """(what, value) pairs: sizes, founding years, apprentices, graduates, schools, demand."""
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
