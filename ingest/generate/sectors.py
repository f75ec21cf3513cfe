"""The sectors firms belong to (each cluster and priority field), with the occupations each employs."""

import random
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from itertools import accumulate

from graph_model import reference as ref
from graph_model.enums import PriorityField

from .tables import CLUSTER_SECTORS, FIELD_SECTORS, GENERAL_OCCUPATIONS, TIER_WEIGHT


@dataclass(frozen=True)
class Sector:
    key: str
    name_zh: str
    name_en: str
    cluster_ids: tuple[str, ...]
    priority_field: str | None
    words: tuple[tuple[str, str], ...]
    codes: tuple[str, ...]
    cum: tuple[float, ...]
    tier: str


def codes_under(occupation_codes: Collection[str], groups: Sequence[str]) -> list[str]:
    prefixes = tuple(g + "-" for g in groups)
    return [code for code in occupation_codes if code.startswith(prefixes)]


def _pool(
    occupation_codes: Collection[str], focus: Sequence[str], groups: Sequence[str]
) -> tuple[tuple[str, ...], tuple[float, ...]]:
    weights: dict[str, float] = {}
    for code in codes_under(occupation_codes, groups):
        weights[code] = 1.0
    for code in focus:
        if code in occupation_codes:
            weights[code] = 5.0  # the focus occupations are what these firms mostly hire
    codes = tuple(weights)
    return codes, tuple(accumulate(weights[c] for c in codes))


def build_sectors(occupation_names: dict[str, str]) -> dict[str, Sector]:
    """Every sector by key: the clusters first, in reference order, then the priority fields."""
    focus = ref.occupation_focus()
    found: dict[str, Sector] = {}
    for c in ref.clusters():
        words, groups = CLUSTER_SECTORS.get(c["id"], (((c["name_zh"], c["name_en"]),), ()))
        cluster_codes = [code for code, o in focus.items() if c["id"] in o["cluster_ids"]]
        codes, cum = _pool(occupation_names, cluster_codes, groups)
        found[c["id"]] = Sector(c["id"], c["name_zh"], c["name_en"], (c["id"],), None, words, codes, cum, c["tier"])
    for f in FIELD_SECTORS:
        field_codes = [code for code, o in focus.items() if f.priority_field in o["policy_focus_areas"]]
        codes, cum = _pool(occupation_names, field_codes, f.groups)
        tier = "low_altitude" if f.priority_field == PriorityField.LOW_ALTITUDE_ECONOMY else "field"
        found[f.key] = Sector(
            f.key, f.name_zh, f.name_en, f.cluster_ids, f.priority_field.value, f.words, codes, cum, tier
        )
    return found


def sector_shares() -> dict[str, float]:
    """The share of all firms in each sector."""
    field_share = sum(f.share for f in FIELD_SECTORS)
    cluster_weight = {c["id"]: TIER_WEIGHT[c["tier"]] for c in ref.clusters()}
    total = sum(cluster_weight.values())
    shares = {k: (1 - field_share) * w / total for k, w in cluster_weight.items()}
    shares.update({f.key: f.share for f in FIELD_SECTORS})
    return shares


def supply_pool(
    rng: random.Random, by_key: dict[str, Sector], shares: dict[str, float], low_altitude: Sequence[str]
) -> tuple[list[str], list[float]]:
    """Occupations trainers and evaluators offer: roughly where demand is, unevenly, low-altitude left out."""
    weights: dict[str, float] = {}
    for key, sector in by_key.items():
        total = sector.cum[-1]
        prev = 0.0
        for code, c in zip(sector.codes, sector.cum, strict=True):
            weights[code] = weights.get(code, 0.0) + shares[key] * (c - prev) / total
            prev = c
    for code in GENERAL_OCCUPATIONS:
        weights[code] = weights.get(code, 0.0) + 0.6 / len(GENERAL_OCCUPATIONS)
    codes = [c for c in sorted(weights) if c not in low_altitude]
    # Supply follows demand only loosely: this spread is what makes ordinary gaps appear.
    factors = [rng.lognormvariate(0.0, 0.9) for _ in codes]
    return codes, list(accumulate(weights[c] * f for c, f in zip(codes, factors, strict=True)))
