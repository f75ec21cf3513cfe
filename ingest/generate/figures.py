"""The demo data's figures, read back from the files the generator wrote, for a person to check them against
the sources and assumptions of docs/demo-data.md.

    python -m ingest.generate.figures DIR
"""

import csv
import statistics
import sys
from collections import Counter, defaultdict
from pathlib import Path

from graph_model.reference import clusters


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
    schools = Counter(s["school_type"] for s in _rows(folder, "school"))
    out.append(("schools by type", ", ".join(f"{k} {v}" for k, v in sorted(schools.items()))))
    demands = _rows(folder, "demands")
    for year in sorted({d["year"] for d in demands}):
        total = sum(int(d["headcount"]) for d in demands if d["year"] == year)
        out.append((f"demanded headcount {year}", f"{total:,} ({total / sum(employees.values()):.1%} of employees)"))
    return out


def main() -> None:
    for what, value in figures(Path(sys.argv[1])):
        print(f"{what}: {value}")


if __name__ == "__main__":
    main()
