"""The national shortage list against the local shortage ranking: where Chongqing's shortages are the nation's,
and where they are its own."""

import numpy as np
from pydantic import BaseModel, Field

from analyses.errors import NotFoundError
from analyses.gaps import compute_gaps, compute_shortages, fetch_gaps
from analyses.page import MAX_PAGE
from analyses.regions import Region
from graph_model.reference import occupation_english_names
from queries import fetch
from store import GraphStore


class ShortageListInfo(BaseModel):
    id: str
    name_zh: str | None
    edition: str | None
    year: int | None
    quarter: int | None
    occupations: int


class ComparedOccupation(BaseModel):
    """One occupation on either list: its national and local rank (None when not on that list) and the local
    demand and supply (0 when nobody demands it in the region)."""

    occupation_id: str
    name_zh: str | None
    name_en: str | None = None
    national_rank: int | None
    local_rank: int | None
    listed_code: str | None = Field(default=None, description="the code as the national list prints it")
    demand: int
    supply: int


class NationalComparison(BaseModel):
    """Overlap of the two lists, the rank correlation over the overlap, and each side's own shortages."""

    shortage_list: ShortageListInfo
    region: Region
    year: int | None
    local_shortages: int
    overlap: int
    rank_correlation: float | None = Field(
        description="Spearman's rho of the national and local ranks over the occupations on both lists "
                    "(None with fewer than 3)")
    both: list[ComparedOccupation] = Field(description="short here and on the national list, by national rank")
    local_only: list[ComparedOccupation] = Field(description="short here, not on the national list, by local rank")
    national_only: list[ComparedOccupation] = Field(description="on the national list, not short here")


def national_comparison(
    store: GraphStore, region: str = "city", *, list_id: str | None = None, year: int | None = None
) -> NationalComparison:
    """The national shortage list (`list_id`, else the latest loaded) against the region's shortage ranking."""
    listed = fetch(store, "national_shortage_list", {"list_id": list_id})
    if not listed:
        raise NotFoundError(f"no national shortage list {list_id!r} is loaded" if list_id
                            else "no national shortage list is loaded (load shortage_list.csv and lists.csv)")
    found = fetch_gaps(store, region, year)
    table = {g.occupation_id: g for g in compute_gaps(found, year).items}
    local = {e.occupation_id: e.rank for e in compute_shortages(found, year=year, limit=MAX_PAGE).items}
    national = {r["occupation_id"]: r for r in listed}

    def entry(occupation_id: str) -> ComparedOccupation:
        row, gap = national.get(occupation_id), table.get(occupation_id)
        return ComparedOccupation(
            occupation_id=occupation_id, name_zh=(row or {}).get("name_zh") or (gap.name_zh if gap else None),
            name_en=occupation_english_names().get(occupation_id),
            national_rank=row["rank"] if row else None, local_rank=local.get(occupation_id),
            listed_code=row.get("listed_code") if row else None,
            demand=gap.demand if gap else 0, supply=gap.supply if gap else 0)

    both = sorted((entry(o) for o in national.keys() & local.keys()), key=lambda e: e.national_rank or 0)
    head = listed[0]
    return NationalComparison(
        shortage_list=ShortageListInfo(id=head["list_id"], name_zh=head["list_name_zh"], edition=head["edition"],
                              year=head["year"], quarter=head["quarter"], occupations=len(listed)),
        region=found.region, year=year, local_shortages=len(local), overlap=len(both),
        rank_correlation=_spearman([e.national_rank or 0 for e in both], [e.local_rank or 0 for e in both]),
        both=both,
        local_only=sorted((entry(o) for o in local.keys() - national.keys()), key=lambda e: e.local_rank or 0),
        national_only=[entry(r["occupation_id"]) for r in listed if r["occupation_id"] not in local],
    )


def _spearman(a: list[int], b: list[int]) -> float | None:
    """Spearman's rho: the Pearson correlation of the ranks within the pairs (no ties: ranks are distinct)."""
    if len(a) < 3:
        return None
    ranks_a, ranks_b = np.argsort(np.argsort(a)), np.argsort(np.argsort(b))
    return round(float(np.corrcoef(ranks_a, ranks_b)[0, 1]), 4)
