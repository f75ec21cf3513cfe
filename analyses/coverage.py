"""Chain coverage: how well a chain's own members join up the five links for what its enterprises demand."""

from collections import defaultdict
from dataclasses import dataclass
from typing import Any, Literal

from pydantic import BaseModel

from analyses.errors import NotFoundError
from analyses.page import Page, check_page, page_fields
from analyses.visibility import EVERYTHING, Visibility
from graph_model.enums import LinkRole
from graph_model.reference import occupation_english_names, skill_level_rank
from queries import fetch_many
from store.base import GraphStore, Rows

LINKS: tuple[LinkRole, ...] = tuple(LinkRole)
"""industry → teaching → training → evaluation → employment."""

SUPPLY_LINKS: dict[LinkRole, str] = {
    LinkRole.TEACHING: "graduates",
    LinkRole.TRAINING: "training_capacity",
    LinkRole.EVALUATION: "evaluation_capacity",
}
"""The links that supply demanded occupations, with the `chain_demand_supply` column that measures each."""


class OrganisationRef(BaseModel):
    id: str
    name_zh: str | None = None
    name_en: str | None = None


class ChainInfo(BaseModel):
    id: str
    name_zh: str | None = None
    name_en: str | None = None
    leaders: list[OrganisationRef]
    cluster_ids: list[str]
    priority_fields: list[str]


class Member(BaseModel):
    id: str
    kind: str
    name_zh: str | None = None
    name_en: str | None = None
    is_leader: bool
    district: str | None = None
    """The district it is located in."""
    lat: float | None = None
    """Its own coordinates (none: only its district is known)."""
    lng: float | None = None


class DemandSupply(BaseModel):
    """One demanded occupation × skill level of a chain and what the chain's members supply for it."""

    occupation_id: str
    name_zh: str | None = None
    name_en: str | None = None
    skill_level: str
    headcount: int
    graduates: int
    training_capacity: int
    evaluation_capacity: int
    covered_links: list[LinkRole]


class LinkCoverage(BaseModel):
    """A link's value in [0, 1]: its demand-weighted covered share, or whether it has members at all."""

    link_role: LinkRole
    members: int
    basis: Literal["demand", "presence"]
    covered_headcount: int | None = None
    value: float


class ChainScore(BaseModel):
    chain: ChainInfo
    total_demand: int
    links: list[LinkCoverage]
    missing_links: list[LinkRole]
    score: float


class ChainCoverage(ChainScore):
    year: int | None = None
    members_by_link: dict[LinkRole, list[Member]]
    demand: list[DemandSupply]


class RankedChain(ChainScore):
    rank: int


class ChainRanking(Page[RankedChain]):
    """Chains ranked by score, best first (ranks among the chains the caller sees)."""

    year: int | None = None


def score_links(
    members: dict[str, int], total: int, covered: dict[LinkRole, int]
) -> tuple[list[LinkCoverage], list[LinkRole], float]:
    """The five link values, the missing links and the chain's score.

    - industry, employment: 1 if the chain has a member in that link, else 0.
    - teaching, training, evaluation: the covered share of demand,
      Σ headcount of the rows whose supply in that link is > 0 ÷ Σ headcount of all rows.
      If the chain demands nothing (Σ headcount = 0) there is no demand to weigh, and these links
      fall back to presence like industry and employment.
    - missing links: the links with no member.
    - score = the mean of the five values, in [0, 1].

    `total` is Σ headcount of the demand rows, `covered` the same sum per supply link over the rows it covers.
    """
    links = []
    for link in LINKS:
        count = members.get(link.value, 0)
        if link in SUPPLY_LINKS and total > 0:
            links.append(LinkCoverage(link_role=link, members=count, basis="demand", covered_headcount=covered[link],
                                      value=covered[link] / total))
        else:
            links.append(LinkCoverage(link_role=link, members=count, basis="presence", value=1.0 if count else 0.0))
    missing = [c.link_role for c in links if c.members == 0]
    return links, missing, sum(c.value for c in links) / len(links)


def _demand_rows(rows: list[dict[str, Any]]) -> list[DemandSupply]:
    ranks = skill_level_rank()
    out = [
        DemandSupply(
            occupation_id=r["occupation_id"],
            name_zh=r["name_zh"],
            name_en=occupation_english_names().get(r["occupation_id"]),
            skill_level=r["skill_level"],
            headcount=r["headcount"],
            graduates=r["graduates"],
            training_capacity=r["training_capacity"],
            evaluation_capacity=r["evaluation_capacity"],
            covered_links=[link for link, column in SUPPLY_LINKS.items() if r[column] > 0],
        )
        for r in rows
    ]
    return sorted(out, key=lambda d: (d.occupation_id, ranks.get(d.skill_level, 0), d.skill_level))


def _score(chain: ChainInfo, members: dict[str, int], demand: list[dict[str, Any]]) -> dict[str, Any]:
    """A chain's links, missing links and score from its demand rows (`chain_demand_supply`), read as they come:
    a ranking scores every chain's rows without making a model of each."""
    total = sum(r["headcount"] for r in demand)
    covered = {link: sum(r["headcount"] for r in demand if r[column] > 0) for link, column in SUPPLY_LINKS.items()}
    links, missing, score = score_links(members, total, covered)
    return {"chain": chain, "total_demand": total, "links": links, "missing_links": missing, "score": score}


@dataclass(frozen=True)
class CoverageRows:
    """What a chain's coverage is computed from: the chain, its members by link, its demand and supply."""

    chains: Rows
    members: Rows
    demand: Rows


def fetch_coverage(store: GraphStore, chain_id: str, year: int | None = None) -> CoverageRows:
    return CoverageRows(*fetch_many(store, [
        ("chains", {"chain_id": chain_id}),
        ("chain_members", {"chain_id": chain_id}),
        ("chain_demand_supply", {"chain_id": chain_id, "year": year}),
    ]))


def compute_coverage(rows: CoverageRows, chain_id: str, year: int | None = None) -> ChainCoverage:
    """A chain's leader, members by link, demand with what its members supply, link values and score."""
    if not rows.chains:
        raise NotFoundError(f"no chain with id {chain_id!r}")
    chain = ChainInfo.model_validate(rows.chains[0])
    by_link: dict[LinkRole, list[Member]] = {link: [] for link in LINKS}
    for r in rows.members:
        by_link[LinkRole(r["link_role"])].append(
            Member(id=r["id"], kind=r["kind"], name_zh=r["name_zh"], name_en=r["name_en"], is_leader=r["is_leader"],
                   district=r["district"], lat=r["lat"], lng=r["lng"])
        )
    members = {link.value: len({m.id for m in ms}) for link, ms in by_link.items()}
    return ChainCoverage(year=year, members_by_link=by_link, demand=_demand_rows(rows.demand),
                         **_score(chain, members, list(rows.demand)))


def chain_coverage(store: GraphStore, chain_id: str, year: int | None = None) -> ChainCoverage:
    """A chain's coverage (see `compute_coverage`)."""
    return compute_coverage(fetch_coverage(store, chain_id, year), chain_id, year)


def fetch_ranking(store: GraphStore, year: int | None = None) -> CoverageRows:
    """Every chain, every chain's member count per link, every chain's demand and supply."""
    return CoverageRows(*fetch_many(store, [
        ("chains", {"chain_id": None}),
        ("chain_links", {"chain_id": None}),
        ("chain_demand_supply", {"chain_id": None, "year": year}),
    ]))


def compute_ranking(
    rows: CoverageRows, year: int | None = None, *, visibility: Visibility = EVERYTHING, limit: int = 50,
    offset: int = 0,
) -> ChainRanking:
    """The chains the caller sees, each scored as in `compute_coverage`, by score descending, then id."""
    check_page(limit, offset)
    members: dict[str, dict[str, int]] = defaultdict(dict)
    for r in rows.members:
        members[r["chain_id"]][r["link_role"]] = r["members"]
    demand: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for r in rows.demand:
        demand[r["chain_id"]].append(r)
    scored = [
        _score(ChainInfo.model_validate(c), members[c["id"]], demand[c["id"]])
        for c in rows.chains
        if visibility.sees(c["id"])
    ]
    scored.sort(key=lambda s: (-s["score"], s["chain"].id))
    ranked = [RankedChain(rank=i, **s) for i, s in enumerate(scored, start=1)]
    return ChainRanking(year=year, **page_fields(ranked, limit, offset))


def rank_chains(
    store: GraphStore, year: int | None = None, *, visibility: Visibility = EVERYTHING, limit: int = 50,
    offset: int = 0,
) -> ChainRanking:
    """Every chain the caller sees, ranked (see `compute_ranking`)."""
    return compute_ranking(fetch_ranking(store, year), year, visibility=visibility, limit=limit, offset=offset)
