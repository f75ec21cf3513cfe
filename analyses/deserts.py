"""Evaluation deserts: demanded occupation × skill level with no evaluation body in reach."""

from pydantic import BaseModel

from analyses.page import Page, check_page, page_fields
from analyses.regions import Region, resolve_region
from graph_model.reference import occupation_english_names, skill_level_rank
from queries import fetch
from store.base import GraphStore, Rows


class Desert(BaseModel):
    """A demanded occupation × skill level whose demand (all of it, or the firms' outside every filed evaluator's
    scope) no evaluator in reach may serve."""

    occupation_id: str
    name_zh: str | None = None
    name_en: str | None = None
    skill_level: str
    headcount: int
    """The demand no evaluator in reach may serve."""
    enterprises: int
    """The firms with that demand."""
    demand: int
    """All the pair's demand in the region."""
    evaluators_in_reach: int
    """Evaluators in reach that serve only their own staff or their chains' firms (0 where the whole pair is a
    desert)."""
    evaluators_in_city: int


class EvaluationDeserts(Page[Desert]):
    """A region's evaluation deserts, largest first, paged (the headcounts cover them all)."""

    region: Region
    year: int | None
    demanded_pairs: int
    demand: int
    desert_headcount: int
    desert_share: float | None


def fetch_deserts(store: GraphStore, region: str, year: int | None = None) -> tuple[Region, Rows]:
    where = resolve_region(store, region)
    return where, fetch(store, "evaluation_deserts", {**where.params(), "year": year})


def compute_deserts(
    region: Region, rows: Rows, year: int | None = None, *, limit: int = 100, offset: int = 0
) -> EvaluationDeserts:
    """Demanded occupation × skill level pairs of a region with no evaluation body in reach, largest first.

    An evaluator (an EvaluationBody, or an Enterprise filed as one) is in reach when it evaluates the
    occupation at that level (the level is in its EVALUATES levels) and is located in a district where
    the region has an organisation: for a district that district, for the 12 counties any of them,
    for the city any district, for a chain or cluster the districts its organisations sit in.
    It serves whom its skill-track filing names (measure 7): anyone (no filing reads as public), its own staff,
    or the member firms of the chains it leads or takes part in; a filing that excludes the occupation (准入类)
    means it does not evaluate it. A firm's demand that no evaluator in reach serves is desert demand.
    `desert_share` = desert headcount ÷ demanded headcount (None when nothing is demanded).
    """
    check_page(limit, offset)
    ranks = skill_level_rank()
    deserts = [
        Desert(occupation_id=r["occupation_id"], name_zh=r["name_zh"],
               name_en=occupation_english_names().get(r["occupation_id"]), skill_level=r["skill_level"],
               headcount=r["unserved_headcount"], enterprises=r["unserved_enterprises"], demand=r["headcount"],
               evaluators_in_reach=r["evaluators_in_reach"], evaluators_in_city=r["evaluators_in_city"])
        for r in rows
        if r["unserved_headcount"] > 0
    ]
    deserts.sort(key=lambda d: (-d.headcount, d.occupation_id, ranks.get(d.skill_level, 0)))
    demand = sum(r["headcount"] for r in rows)
    desert_headcount = sum(d.headcount for d in deserts)
    return EvaluationDeserts(
        region=region, year=year, demanded_pairs=len(rows), demand=demand, desert_headcount=desert_headcount,
        desert_share=desert_headcount / demand if demand > 0 else None,
        **page_fields(deserts, limit, offset),
    )


def evaluation_deserts(
    store: GraphStore, region: str, year: int | None = None, *, limit: int = 100, offset: int = 0
) -> EvaluationDeserts:
    """A region's evaluation deserts (see `compute_deserts`)."""
    return compute_deserts(*fetch_deserts(store, region, year), year, limit=limit, offset=offset)
