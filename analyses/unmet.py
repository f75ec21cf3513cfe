"""Unmet demand: each enterprise's demand discounted by how far its district's supply already meets it."""

from collections.abc import Sequence
from functools import cache

from pydantic import BaseModel

from analyses.regions import Region
from graph_model.reference import cluster_ids, resolve_occupation, skill_levels
from queries import ParameterError, run
from store.base import GraphStore


class DemandRow(BaseModel):
    """One enterprise × occupation × skill level, with its unmet headcount (defined in `unmet_share`)."""

    enterprise_id: str
    name_zh: str | None = None
    district: str | None = None
    lat: float | None = None
    lng: float | None = None
    occupation_id: str
    occupation_name_zh: str | None = None
    occupation_name_en: str | None = None
    skill_level: str
    headcount: int
    unmet_share: float
    unmet: float


def unmet_share(demand: int, graduates: int, training_capacity: int) -> float:
    """The share of a district's demand for an occupation that its own supply leaves open.

    With D = the district's demand headcount for the occupation and S = its annual supply
    (graduates + training capacity, as in the gap table): max(0, 1 − S / D); 0 when D = 0.
    """
    if demand <= 0:
        return 0.0
    return max(0.0, 1.0 - (graduates + training_capacity) / demand)


def unmet_demand(
    store: GraphStore,
    region: Region,
    *,
    enterprise_id: str | None = None,
    year: int | None = None,
    occupation_ids: Sequence[str] | None = None,
    cluster: str | None = None,
) -> list[DemandRow]:
    """The region's demand rows, each with unmet = headcount × `unmet_share` of its district × occupation.

    An enterprise's district gap is the whole district's (every enterprise in it, under the same
    year), whatever region or filter selected the enterprise.
    """
    rows = run(store, "enterprise_demand", {
        **region.params(), "enterprise_id": enterprise_id, "year": year,
        "occupation_ids": list(occupation_ids) if occupation_ids else None, "cluster_id": cluster,
    })
    if not rows:
        return []
    demanded = sorted({r["occupation_id"] for r in rows})
    shares = {
        (g["district"], g["occupation_id"]): unmet_share(g["demand"], g["graduates"], g["training_capacity"])
        for g in run(store, "district_gap", {"year": year, "occupation_ids": demanded})
    }
    out = []
    for r in rows:
        share = shares.get((r["district"], r["occupation_id"]), 1.0)
        out.append(DemandRow(**r, unmet_share=share, unmet=r["headcount"] * share))
    return out


def check_occupations(values: Sequence[str] | None) -> list[str] | None:
    if not values:
        return None
    try:
        return sorted({resolve_occupation(v) for v in values})
    except ValueError as exc:
        raise ParameterError(str(exc)) from None


def check_cluster(value: str | None) -> str | None:
    if value is not None and value not in cluster_ids():
        raise ParameterError(f"unknown cluster {value!r}: expected one of the 30 ids of the 33618 system")
    return value


@cache
def level_names() -> dict[str, tuple[str, str]]:
    """Skill level id → (Chinese name, English name), for explanations."""
    return {level["id"]: (level["name_zh"], level["name_en"]) for level in skill_levels()}
