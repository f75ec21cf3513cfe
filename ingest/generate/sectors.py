"""The sectors firms belong to (each cluster and priority field), with the occupations each employs."""

import random
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import accumulate

from graph_model import reference as ref
from graph_model.enums import PriorityField

from .tables import CLUSTER_WORDS, FIELD_SECTORS, TIER_WEIGHT


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
    weights: dict[str, float]
    """Each occupation's curated weight (of 100)."""


def _pool(key: str) -> tuple[tuple[str, ...], tuple[float, ...], dict[str, float]]:
    """The curated occupations of a sector, their cumulative weights, and each one's weight."""
    rows = ref.sector_occupations()[key]
    weights = {r.code: float(r.weight) for r in rows}
    return tuple(weights), tuple(accumulate(weights.values())), weights


def build_sectors() -> dict[str, Sector]:
    """Every sector by key: the clusters first, in reference order, then the priority fields."""
    found: dict[str, Sector] = {}
    for c in ref.clusters():
        words = CLUSTER_WORDS.get(c["id"], ((c["name_zh"], c["name_en"]),))
        codes, cum, weights = _pool(c["id"])
        found[c["id"]] = Sector(
            c["id"], c["name_zh"], c["name_en"], (c["id"],), None, words, codes, cum, c["tier"], weights
        )
    for f in FIELD_SECTORS:
        codes, cum, weights = _pool(f.key)
        tier = "low_altitude" if f.priority_field == PriorityField.LOW_ALTITUDE_ECONOMY else "field"
        found[f.key] = Sector(
            f.key, f.name_zh, f.name_en, f.cluster_ids, f.priority_field.value, f.words, codes, cum, tier, weights
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
    codes = [c for c in sorted(weights) if c not in low_altitude]
    # Supply follows demand only loosely: this spread is what makes ordinary gaps appear.
    factors = [rng.lognormvariate(0.0, 0.9) for _ in codes]
    return codes, list(accumulate(weights[c] * f for c, f in zip(codes, factors, strict=True)))
