"""Summaries: the sums behind gap tables, chain coverage and the 13 measures, kept by Neo4j and rebuilt after each
ingest.

A district's gap table sums every demand relationship of its enterprises (over a hundred thousand in
a large district at city scale), which no index makes cheap. A `GapSummary` node holds those sums
for one region (a district id, or "city") × occupation, split as finely as the gap table's filters
need, so that `gap_summary.cypher` answers what `region_gap.cypher` answers by reading a few hundred
nodes:

- demand per (year, skill level): parallel lists `demand_years`, `demand_levels`,
  `demand_headcounts`, `demand_declared` (headcount declared a shortage);
- `graduates`: graduates per year of the region's schools' majors that prepare for the occupation;
- training and evaluation capacity per distinct list of levels: `training_level_sets` (levels
  joined by ";", "" for a TRAINS without levels, i.e. every level) with `training_capacities`, and
  `evaluation_level_sets` with `evaluation_capacities`.

A `ChainSummary` node does the same for one chain × occupation its enterprise members demand, so that
`chain_summary.cypher` answers what `chain_demand_supply.cypher` answers.

A `DesertSummary` node holds `evaluation_deserts`' rows for one district (or the city) × demanded occupation, per
skill level and year (year 0 for all years together); its statement runs `evaluation_deserts`' own blocks for the
evaluators in reach and whom they serve (put in by `_with_blocks`), so that `desert_summary.cypher` answers what
`evaluation_deserts.cypher` answers.

A `MeasureSummary` node holds `measure_tally`'s sums for one region (the city, a district, the 12 counties, a chain
or a cluster) × year, for the data's latest three years; its statement runs `measure_tally`'s own blocks (put in by
`_with_blocks`), so that `measure_summary.cypher` answers what `measure_tally.cypher` answers for those years
(and nothing for another: `analyses.measures` then reads the graph).

The statements are the `.cypher` files in `queries/summaries/`. `delete` runs first in a write transaction of its own
that moves the store's data version on (from then on the summaries are not current); then all of them, in this
order, in one write transaction that first moves the version on and then records it as the version the summaries
stand for (`GraphStore.rebuild_summaries`); its `delete` removes only what a rebuild beside it may have made in
between (usually nothing: reads are slower in a transaction that has deleted many nodes). Any later write moves
the version again, so
they are not current until the next rebuild, and `queries.fetch` reads the graph instead — a stale
summary is never read. Summaries carry no `Entity` label and no relationship: no analysis, count or
network view meets them.
"""

import re
from collections.abc import Callable, Mapping
from functools import cache
from importlib import resources
from typing import Any

from store.base import SummaryBuild

GROUPS = (
    ("deserts",),
    ("measures",),
    ("district", "city_demand_from_districts", "city_supply_from_districts", "city"),
    ("chain",),
)
"""The rebuild's statements in groups that may run side by side, the longest first (at city scale, timed in
docs/benchmarks.md): no group reads what another writes. Within a group, in order: the city's sums come from the
districts' unless some organisation is not in one."""

STATEMENTS = ("delete", *(name for group in GROUPS for name in group))
"""The rebuild, in order, in one transaction: it first removes what a rebuild beside it may have made."""

CITY_WIDE_ROWS: dict[str, Callable[[Mapping[str, Any]], bool]] = {
    "occupation_demand_summary": lambda params: True,
    "gap_summary": lambda params: params.get("region") == "city",
    "chain_summary": lambda params: params.get("chain_id") is None,
    "chains": lambda params: params.get("chain_id") is None,
    "chain_links": lambda params: params.get("chain_id") is None,
    "measure_chains": lambda params: all(params.get(p) is None for p in ("chain_id", "cluster_id",
                                                                           "leader_district_ids")),
    "wage_reference": lambda params: True,
}
"""The queries whose rows cover the whole city, with the parameters for which they do: a store keeps these rows under
the summaries token, which stands for one data version (every district's gap table needs the city's demand per
occupation; every ranking of the chains reads every chain, its links and its summaries; every city board of the 13
measures every chain's facts and the wage references)."""

SUMMARY_REGIONS = ("district", "city")
"""The region kinds whose `region_gap` and `evaluation_deserts` the summaries answer."""


def _text(name: str) -> str:
    text = resources.files("queries").joinpath("summaries", f"{name}.cypher").read_text(encoding="utf-8")
    return _with_blocks(name, text)


def _with_blocks(name: str, text: str) -> str:
    """A summary's statement with its library query's blocks in their places.

    The measure summaries take measure_tally's two blocks: each organisation's tally per year, and the sum of the
    tallies grouped by region and year instead of by `group`. The desert summaries take evaluation_deserts' three: the
    evaluators of an occupation at a level, which of them are in a region's reach (open to all or scoped), and whether
    they serve a firm."""
    if name == "measures":
        query = _library_text("measure_tally")
        tally = _between(query, "// ── each organisation's tally per year", "// ── end of each organisation's tally ──")
        total = _between(query, "// ── the sum of the organisations' tallies", "// ── end of the sum ──")
        if not total.startswith("WITH group, {"):
            raise ValueError("measure_tally.cypher: the sum no longer starts with 'WITH group, {'")
        total = "WITH region_kind, region_id, year, {" + total.removeprefix("WITH group, {")
        return text.replace("«each organisation's tally»", tally).replace("«the sum»", total)
    if name == "deserts":
        query = _library_text("evaluation_deserts")
        evaluators = _between(query, "// ── the evaluators of occ at level", "// ── end of the evaluators ──")
        near = _between(query, "// ── which of them are in reach", "// ── end of which are in reach ──")
        served = _between(query, "// ── whether an evaluator in reach serves the firm",
                          "// ── end of whether served ──")
        return (text.replace("«the evaluators»", evaluators).replace("«which are in reach»", near)
                .replace("«whether served»", served))
    return text


def _library_text(name: str) -> str:
    return resources.files("queries").joinpath(f"{name}.cypher").read_text(encoding="utf-8")


def _between(text: str, start: str, end: str) -> str:
    """The lines after the line starting with `start` and before the line starting with `end`."""
    lines = text.splitlines()
    first = next(i for i, line in enumerate(lines) if line.startswith(start))
    last = next(i for i, line in enumerate(lines) if line.startswith(end))
    return "\n".join(lines[first + 1 : last])


def _statements(text: str) -> tuple[str, ...]:
    """The statements of a file, each ended by a `;` at the end of a line, without their `//` comment lines."""
    body = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("//"))
    return tuple(part.strip() for part in re.split(r";[ \t]*$", body, flags=re.MULTILINE) if part.strip())


@cache
def build() -> SummaryBuild:
    return SummaryBuild(
        schema=_statements(_text("schema")),
        statements=tuple(s for name in STATEMENTS for s in _statements(_text(name))),
        clear=_statements(_text("delete")),
        groups=tuple(tuple(s for name in group for s in _statements(_text(name))) for group in GROUPS),
    )


def _summary_region(params: dict[str, Any]) -> str | None:
    """The summaries' `region` (a district id, or "city") for a region query's parameters, if they hold it."""
    if params.get("region_kind") not in SUMMARY_REGIONS:
        return None
    return "city" if params["region_kind"] == "city" else params.get("region_id")


def summarised(name: str, params: dict[str, Any]) -> tuple[str, dict[str, Any]] | None:
    """The summary query that answers the library query `name` with `params` exactly, if there is one."""
    region = _summary_region(params)
    if name == "region_gap" and region is not None:
        return "gap_summary", {"region": region, "year": params.get("year"),
                               "skill_levels": params.get("skill_levels")}
    if name == "occupation_demand":
        return "occupation_demand_summary", params
    if name == "chain_demand_supply":
        return "chain_summary", {"chain_id": params.get("chain_id"), "year": params.get("year")}
    if name == "evaluation_deserts" and region is not None and params.get("year") != 0:
        return "desert_summary", {"region": region, "year": params.get("year")}
    if name == "measure_tally" and (params.get("by") is None or params.get("region_kind") == "city"):
        return "measure_summary", params
    return None
