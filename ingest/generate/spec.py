"""What a run generates: the files it writes, how many things each scale holds, and the summary it returns."""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Literal

from graph_model.nodes import (
    Chain,
    Consortium,
    EcoPark,
    EmploymentService,
    Enterprise,
    EvaluationBody,
    Major,
    Node,
    Platform,
    ResearchInstitute,
    School,
    ServiceStation,
    ShortageList,
    TrainingProvider,
)
from graph_model.relationships import (
    Apprentices,
    Certified,
    Demands,
    Earns,
    Employs,
    Evaluates,
    Filed,
    Hosts,
    Leads,
    Lists,
    MemberOf,
    Offers,
    PartnersWith,
    PartOf,
    PreparesFor,
    Relationship,
    Reports,
    Serves,
    Trains,
)

Scale = Literal["small", "city", "metro"]
ProgressFn = Callable[[str, float], None]
"""Called with what is being generated and the fraction of the whole run done (0–1)."""

NODE_FILES: dict[str, type[Node]] = {
    "enterprise": Enterprise,
    "school": School,
    "training_provider": TrainingProvider,
    "evaluation_body": EvaluationBody,
    "employment_service": EmploymentService,
    "research_institute": ResearchInstitute,
    "chain": Chain,
    "major": Major,
    "platform": Platform,
    "service_station": ServiceStation,
    "eco_park": EcoPark,
    "consortium": Consortium,
    "shortage_list": ShortageList,
}
"""The node files the generator writes, by file name (reference kinds come from the package)."""

REL_FILES: dict[str, type[Relationship]] = {
    "leads": Leads,
    "member_of": MemberOf,
    "demands": Demands,
    "offers": Offers,
    "prepares_for": PreparesFor,
    "trains": Trains,
    "evaluates": Evaluates,
    "partners_with": PartnersWith,
    "hosts": Hosts,
    "serves": Serves,
    "part_of": PartOf,
    "lists": Lists,
    "employs": Employs,
    "certified": Certified,
    "apprentices": Apprentices,
    "filed": Filed,
    "earns": Earns,
    "reports": Reports,
}
"""The relationship files it writes (LOCATED_IN and IN_CLUSTER are derived at ingest)."""

ORGANISATION_FILES = (
    "enterprise",
    "school",
    "training_provider",
    "evaluation_body",
    "employment_service",
    "research_institute",
)

LATEST_DATE = dt.date(2025, 12, 31)
"""No generated date is later than this, so every file validates whatever today is."""


@dataclass(frozen=True)
class ScaleSpec:
    """How many of each thing one scale generates."""

    enterprises: int
    schools: tuple[int, int, int, int]  # university, higher vocational, secondary vocational, technical
    training_providers: int
    evaluation_bodies: int
    employment_services: int
    research_institutes: int
    cluster_chains: int
    field_chains: int
    low_altitude_chains: int
    chain_size_factor: float
    platforms: int
    service_stations: int
    eco_parks: int
    city_consortia: int
    industry_communities: int
    consortium_size: tuple[int, int]
    low_altitude_schools: int
    low_altitude_trainers: int
    low_altitude_evaluators: int
    eight_level_pilots: int

    def times(self, factor: float) -> "ScaleSpec":
        """This scale with `factor` times as many of everything counted (at least one of what it has); chains and
        consortia keep their sizes, so a larger scale has more of them, not larger ones."""
        if not 0 < factor <= 50:
            raise ValueError(f"a scale factor is in (0, 50], not {factor}")

        def n(count: int) -> int:
            return max(1, round(count * factor)) if count else 0

        counted: dict[str, Any] = {name: n(value) for name, value in vars(self).items() if isinstance(value, int)}
        return replace(self, **counted, schools=(n(self.schools[0]), n(self.schools[1]), n(self.schools[2]),
                                                 n(self.schools[3])))

    @property
    def organisations(self) -> int:
        return (
            self.enterprises
            + sum(self.schools)
            + self.training_providers
            + self.evaluation_bodies
            + self.employment_services
            + self.research_institutes
        )


SCALES: dict[str, ScaleSpec] = {
    "small": ScaleSpec(
        enterprises=1720, schools=(8, 6, 8, 6), training_providers=110, evaluation_bodies=30,
        employment_services=85, research_institutes=27,
        cluster_chains=6, field_chains=1, low_altitude_chains=1, chain_size_factor=0.35,
        platforms=180, service_stations=3, eco_parks=2,
        city_consortia=1, industry_communities=2, consortium_size=(10, 40),
        low_altitude_schools=1, low_altitude_trainers=1, low_altitude_evaluators=1, eight_level_pilots=2,
    ),
    # Real Chongqing: ~5,000 specialised SMEs, ~70 universities, ~54 technical schools, a few
    # hundred evaluation bodies (scale_figures.json); the rest are ordinary firms and services.
    "city": ScaleSpec(
        enterprises=43700, schools=(70, 45, 60, 54), training_providers=2400, evaluation_bodies=420,
        employment_services=2600, research_institutes=651,
        cluster_chains=108, field_chains=8, low_altitude_chains=4, chain_size_factor=1.0,
        platforms=4500, service_stations=12, eco_parks=5,
        city_consortia=6, industry_communities=10, consortium_size=(60, 250),
        low_altitude_schools=4, low_altitude_trainers=6, low_altitude_evaluators=2, eight_level_pilots=25,
    ),
}
SCALES["metro"] = SCALES["city"].times(5)
"""Five cities' worth (≈ 250,000 organisations, over 5 million relationships) in Chongqing's 38 districts: how cost
grows past one city (benchmarks/scale)."""


@dataclass(frozen=True)
class GenerateSummary:
    """What one run wrote: rows per file (file name without `.csv`), and what the files do not say."""

    scale: str
    seed: int
    out: Path
    rows: dict[str, int]
    sectors: dict[str, str] = field(default_factory=dict)
    """Each enterprise's sector (a cluster id or priority field), which its row shows only through its clusters."""

    @property
    def node_rows(self) -> int:
        return sum(n for name, n in self.rows.items() if name in NODE_FILES)

    @property
    def relationship_rows(self) -> int:
        return sum(n for name, n in self.rows.items() if name in REL_FILES)

    @property
    def organisations(self) -> int:
        return sum(self.rows.get(name, 0) for name in ORGANISATION_FILES)
