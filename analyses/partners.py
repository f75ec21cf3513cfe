"""Whom an enterprise or a chain should invite: schools, training providers and evaluation bodies, ranked."""

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Literal

from pydantic import BaseModel

from analyses.errors import NotFoundError
from analyses.page import Page, check_page, page_fields
from analyses.placement import haversine_km
from analyses.regions import Region
from analyses.unmet import DemandRow, level_names, unmet_demand
from analyses.visibility import EVERYTHING, Visibility
from graph_model.reference import districts, occupation_english_names
from queries import run
from store.base import GraphStore

DISTANCE_SCALE_KM = 25.0
"""Distance score = 1 / (1 + d / 25 km): 1 next door, ½ at 25 km, ⅓ at 50 km."""

WEIGHTS: dict[str, float] = {"occupation": 0.35, "level": 0.15, "capacity": 0.2, "distance": 0.15, "graph": 0.15}
"""How the five scores add up to one; they sum to 1, so the total is in [0, 1]."""

PARTNER_KINDS: tuple[str, ...] = ("School", "TrainingProvider", "EvaluationBody")

Part = Literal["graduates", "training", "evaluation"]
_PART_WORDS: dict[str, tuple[str, str]] = {
    "graduates": ("毕业生", "graduates"), "training": ("培训", "training"), "evaluation": ("评价", "evaluation"),
}


class TargetRef(BaseModel):
    id: str
    kind: Literal["Enterprise", "Chain"]
    name_zh: str | None = None


class SuppliedOccupation(BaseModel):
    """What the candidate supplies for one of the target's demanded occupations."""

    occupation_id: str
    name_zh: str | None = None
    name_en: str | None = None
    parts: list[Part]
    capacity: int
    committed: int
    spare: int
    unmet: float
    levels_matched: list[str]


class PartnerCandidate(BaseModel):
    rank: int
    id: str
    kind: str
    name_zh: str | None = None
    name_en: str | None = None
    district: str | None = None
    score: float
    occupation_match: float
    level_match: float
    spare_capacity: float
    distance_km: float | None
    distance_score: float
    graph_proximity: float
    peers_in_chain: list[str]
    peers_in_cluster: list[str]
    occupations: list[SuppliedOccupation]
    reasons_zh: list[str]
    reasons_en: list[str]


class PartnerRecommendations(Page[PartnerCandidate]):
    """The partners a target should invite, best first, paged."""

    target: TargetRef
    year: int | None
    demand_headcount: int
    unmet_headcount: float
    weighted_by: Literal["unmet", "demand"]


@dataclass
class _Supply:
    id: str
    kind: str
    name_zh: str | None
    name_en: str | None
    district: str | None
    lat: float | None
    lng: float | None
    # occupation → (parts, capacity, committed, levels; [] = any level)
    rows: dict[str, list[tuple[str, int, int, list[str]]]] = field(default_factory=lambda: defaultdict(list))


def recommend_partners(
    store: GraphStore, target_id: str, *, year: int | None = None, visibility: Visibility = EVERYTHING,
    limit: int = 20, offset: int = 0,
) -> PartnerRecommendations:
    """Schools, training providers and evaluation bodies ranked for an enterprise's or a chain's unmet demand.

    The target's demand rows are weighted by unmet headcount (`queries.unmet`), or by headcount if
    nothing is unmet. A candidate supplies some demanded occupations; with U = the target's total
    weight and U_c = the weight of the occupations it supplies:
    - occupation_match = U_c ÷ U;
    - level_match = weight of the rows at a level it covers ÷ U_c (graduates and level-less
      training cover every level; evaluation and graded training only their levels);
    - spare_capacity = min(1, Σ spare ÷ U_c), spare = capacity − what the enterprises it already
      partners with demand of that occupation, at least 0 (per occupation, over its parts);
    - distance_score = 1 / (1 + d ÷ 25 km), d = km to the nearest of the target's enterprises that
      demand an occupation it supplies;
    - graph_proximity = 1 if it already partners with a peer in the same chain, ½ if only with a
      peer in the same cluster, else 0 (peers as in `partner_ties`);
    - score = 0.35·occupation + 0.15·level + 0.2·capacity + 0.15·distance + 0.15·graph.
    The target's own partners, the chain's own members and the target itself are left out, and so is
    every candidate the caller does not see unless it is `discoverable` (it agreed to be recommended
    beyond its chains); peers are only those the caller sees, of candidates it sees (a discoverable one outside its
    scope never says whom it partners with). Ordered by score descending, then id;
    `offset`/`limit` page, `total` counts all.
    """
    check_page(limit, offset)
    kind = store.kinds_of([target_id]).get(target_id)
    if kind not in ("Enterprise", "Chain"):
        raise NotFoundError(f"no enterprise or chain with id {target_id!r}")
    node = store.get_node(target_id)
    target = TargetRef(id=target_id, kind=kind, name_zh=node.properties.get("name_zh") if node else None)
    if kind == "Enterprise":
        region = Region(kind="city", name_zh="重庆市（全市）")
        demand = unmet_demand(store, region, enterprise_id=target_id, year=year)
        excluded = {target_id}
    else:
        region = Region(kind="chain", id=target_id, name_zh=target.name_zh or target_id)
        demand = unmet_demand(store, region, year=year)
        excluded = {r["id"] for r in run(store, "chain_members", {"chain_id": target_id})}
    unmet = sum(r.unmet for r in demand)
    weighted_by: Literal["unmet", "demand"] = "unmet" if unmet > 0 else "demand"
    weight = {id(r): (r.unmet if weighted_by == "unmet" else float(r.headcount)) for r in demand}
    ties = run(store, "partner_ties", {"target_id": target_id})
    excluded |= {t["partner_id"] for t in ties if t["via"] == "self"}
    chain_peers: dict[str, set[str]] = defaultdict(set)
    cluster_peers: dict[str, set[str]] = defaultdict(set)
    for t in ties:
        # a tie the caller sees: both its ends (a candidate outside the caller's scope never says whom it works with),
        # and the chain that makes the peer one (another chain's membership is not the caller's to count)
        if not (visibility.sees(t["peer_id"]) and visibility.sees(t["partner_id"])
                and (t["chain_id"] is None or visibility.sees(t["chain_id"]))):
            continue
        if t["via"] == "chain":
            chain_peers[t["partner_id"]].add(t["peer_id"])
        elif t["via"] == "cluster":
            cluster_peers[t["partner_id"]].add(t["peer_id"])
    occupations = sorted({r.occupation_id for r in demand})
    supplies: dict[str, _Supply] = {}
    if occupations:
        for s in run(store, "partner_suppliers", {"occupation_ids": occupations, "year": year}):
            if s["id"] in excluded or s["kind"] not in PARTNER_KINDS:
                continue
            if not (visibility.sees(s["id"]) or s["discoverable"]):  # whom to invite: only those who agreed
                continue
            sup = supplies.setdefault(s["id"], _Supply(s["id"], s["kind"], s["name_zh"], s["name_en"], s["district"],
                                                       s["lat"], s["lng"]))
            sup.rows[s["occupation_id"]].append((s["part"], s["amount"], s["committed"], list(s["levels"])))
    total_weight = sum(weight.values())
    scored = [
        _score(sup, demand, weight, total_weight, sorted(chain_peers[sup.id]), sorted(cluster_peers[sup.id]))
        for sup in supplies.values()
    ]
    scored.sort(key=lambda c: (-c.score, c.id))
    ranked = [c.model_copy(update={"rank": i}) for i, c in enumerate(scored, start=1)]
    return PartnerRecommendations(
        target=target, year=year, demand_headcount=sum(r.headcount for r in demand), unmet_headcount=round(unmet, 2),
        weighted_by=weighted_by, **page_fields(ranked, limit, offset),
    )


def _covers(levels: list[str], level: str) -> bool:
    return not levels or level in levels


def _score(
    sup: _Supply, demand: list[DemandRow], weight: dict[int, float], total_weight: float, in_chain: list[str],
    in_cluster: list[str],
) -> PartnerCandidate:
    matched = [r for r in demand if r.occupation_id in sup.rows]
    matched_weight = sum(weight[id(r)] for r in matched)
    level_weight = sum(
        weight[id(r)] for r in matched if any(_covers(lv, r.skill_level) for _, _, _, lv in sup.rows[r.occupation_id])
    )
    supplied = []
    for occ in sorted(sup.rows):
        rows = sup.rows[occ]
        capacity = sum(amount for _, amount, _, _ in rows)
        committed = max(c for _, _, c, _ in rows)  # the same partners' demand, whichever part
        occ_rows = [r for r in matched if r.occupation_id == occ]
        supplied.append(SuppliedOccupation(
            occupation_id=occ, name_zh=occ_rows[0].occupation_name_zh if occ_rows else None,
            name_en=occupation_english_names().get(occ),
            parts=sorted({p for p, _, _, _ in rows}), capacity=capacity, committed=committed,
            spare=max(0, capacity - committed), unmet=round(sum(weight[id(r)] for r in occ_rows), 2),
            levels_matched=sorted({r.skill_level for r in occ_rows
                                   if any(_covers(lv, r.skill_level) for _, _, _, lv in rows)}),
        ))
    spare = sum(s.spare for s in supplied)
    distance = _nearest_km(sup, matched or demand)
    scores = {
        "occupation": matched_weight / total_weight if total_weight > 0 else 0.0,
        "level": level_weight / matched_weight if matched_weight > 0 else 0.0,
        "capacity": min(1.0, spare / matched_weight) if matched_weight > 0 else (1.0 if spare > 0 else 0.0),
        "distance": 1 / (1 + distance / DISTANCE_SCALE_KM) if distance is not None else 0.0,
        "graph": 1.0 if in_chain else 0.5 if in_cluster else 0.0,
    }
    zh, en = _reasons(sup, supplied, scores, spare, distance, in_chain, in_cluster)
    return PartnerCandidate(
        rank=0, id=sup.id, kind=sup.kind, name_zh=sup.name_zh, name_en=sup.name_en, district=sup.district,
        score=sum(WEIGHTS[k] * v for k, v in scores.items()), occupation_match=scores["occupation"],
        level_match=scores["level"], spare_capacity=scores["capacity"],
        distance_km=None if distance is None else round(distance, 2), distance_score=scores["distance"],
        graph_proximity=scores["graph"], peers_in_chain=in_chain, peers_in_cluster=in_cluster,
        occupations=supplied, reasons_zh=zh, reasons_en=en,
    )


def _nearest_km(sup: _Supply, rows: list[DemandRow]) -> float | None:
    places = [(r.lat, r.lng) for r in rows if r.lat is not None and r.lng is not None]
    if sup.lat is None or sup.lng is None or not places:
        return None
    return float(min(haversine_km(sup.lat, sup.lng, lat, lng) for lat, lng in places))


def _reasons(
    sup: _Supply, supplied: list[SuppliedOccupation], scores: dict[str, float], spare: int, distance: float | None,
    in_chain: list[str], in_cluster: list[str],
) -> tuple[list[str], list[str]]:
    levels = level_names()
    zh: list[str] = []
    en: list[str] = []
    for s in sorted(supplied, key=lambda s: (-s.unmet, s.occupation_id))[:3]:
        parts_zh = "、".join(_PART_WORDS[p][0] for p in s.parts)
        parts_en = ", ".join(_PART_WORDS[p][1] for p in s.parts)
        matched_zh = "、".join(levels.get(lv, (lv, lv))[0] for lv in s.levels_matched) or "无匹配等级"
        matched_en = ", ".join(levels.get(lv, (lv, lv))[1].lower() for lv in s.levels_matched) or "no matching level"
        zh.append(f"提供{s.name_zh or s.occupation_id}的{parts_zh}（每年{s.capacity:,}人，尚余{s.spare:,}），"
                  f"覆盖{s.unmet:,.0f}个未满足岗位，等级匹配：{matched_zh}")
        en.append(f"supplies {s.name_zh or s.occupation_id} ({parts_en}, {s.capacity:,}/yr, {s.spare:,} spare) "
                  f"for {s.unmet:,.0f} unmet posts; levels matched: {matched_en}")
    if scores["occupation"] < 1:
        zh.append(f"覆盖所需职业的{scores['occupation']:.0%}")
        en.append(f"covers {scores['occupation']:.0%} of the demand by occupation")
    if distance is not None:
        home = {d["id"]: (d["name_zh"], d["name_en"]) for d in districts()}.get(sup.district or "", ("", ""))
        zh.append(f"距最近的需求企业{distance:,.1f}公里（{home[0]}）")
        en.append(f"{distance:,.1f} km from the nearest demanding firm ({home[1]})")
    if in_chain:
        zh.append(f"已与同链成员{'、'.join(in_chain[:3])}合作")
        en.append(f"already partners with chain peer{'s' if len(in_chain) > 1 else ''} {', '.join(in_chain[:3])}")
    elif in_cluster:
        zh.append(f"已与同集群企业{'、'.join(in_cluster[:3])}合作")
        en.append(f"already partners with cluster peer{'s' if len(in_cluster) > 1 else ''} "
                  f"{', '.join(in_cluster[:3])}")
    if spare == 0:
        zh.append("现有合作已占满其能力")
        en.append("its current partners already take all its capacity")
    return zh, en
