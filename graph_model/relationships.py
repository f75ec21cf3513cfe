"""Relationship kinds: one pydantic model each, with the node kinds it may join."""

import datetime as dt
from typing import Annotated, Any, ClassVar

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, field_validator, model_validator

from graph_model.enums import FilingScope, FilingTrack, LinkRole, PartnershipKind
from graph_model.nodes import ORGANISATION_LABEL, DistrictId, Id, PastDate
from graph_model.reference import (
    occupations,
    resolve_cluster,
    resolve_metric,
    resolve_occupation,
    resolve_skill_level,
)

SkillLevelId = Annotated[str, AfterValidator(resolve_skill_level)]
OccupationCode = Annotated[str, AfterValidator(resolve_occupation)]
ClusterId = Annotated[str, AfterValidator(resolve_cluster)]
Year = Annotated[int, Field(ge=2000, le=2100)]


class Relationship(BaseModel):
    """A directed relationship from the node `start` to the node `end`, both given by id.

    `pairs` lists the (start label, end label) combinations allowed; `key_fields` are the
    properties that tell two relationships of this type between the same nodes apart
    (e.g. demand for the same occupation at two skill levels).
    """

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, use_enum_values=True)

    type: ClassVar[str]
    pairs: ClassVar[tuple[tuple[str, str], ...]]
    key_fields: ClassVar[tuple[str, ...]] = ()

    start: Id
    end: Id

    def key(self) -> str:
        """Identity of this relationship among those of its type between the same two nodes."""
        if not self.key_fields:
            return ""
        # an optional key left out keys as "" (a supply row without a year is the one it always was)
        return "|".join("" if (v := getattr(self, f)) is None else str(v) for f in self.key_fields)

    def properties(self) -> dict[str, Any]:
        """The stored properties (without start/end), None dropped, dates as ISO strings.

        Read off the validated fields directly (what `model_dump(exclude_none=True)` gives for these flat
        models, enums already stored as their values, lists copied), at a fraction of its cost per row.
        """
        return {
            k: (v.isoformat() if isinstance(v, dt.date) else list(v) if v.__class__ is list else v)
            for k, v in self.__dict__.items()
            if v is not None and k != "start" and k != "end"
        }


def _levels(value: list[str]) -> list[str]:
    from graph_model.reference import skill_level_rank

    return sorted({resolve_skill_level(v) for v in value}, key=skill_level_rank().__getitem__)


SkillLevels = Annotated[list[str], AfterValidator(_levels)]

ORG = ORGANISATION_LABEL


class Leads(Relationship):
    """A chain-leader enterprise leads a chain (链主)."""

    type: ClassVar[str] = "LEADS"
    pairs: ClassVar[tuple[tuple[str, str], ...]] = (("Enterprise", "Chain"),)


class MemberOf(Relationship):
    """An organisation takes part in a chain in one of the five links."""

    type: ClassVar[str] = "MEMBER_OF"
    pairs: ClassVar[tuple[tuple[str, str], ...]] = ((ORG, "Chain"),)
    key_fields: ClassVar[tuple[str, ...]] = ("link_role",)

    link_role: LinkRole
    joined: PastDate = None


class LocatedIn(Relationship):
    type: ClassVar[str] = "LOCATED_IN"
    pairs: ClassVar[tuple[tuple[str, str], ...]] = (
        (ORG, "District"),
        ("ServiceStation", "District"),
        ("EcoPark", "District"),
        ("Platform", "District"),
    )

    end: DistrictId


class InCluster(Relationship):
    type: ClassVar[str] = "IN_CLUSTER"
    pairs: ClassVar[tuple[tuple[str, str], ...]] = (
        ("Enterprise", "Cluster"),
        ("Chain", "Cluster"),
        ("Occupation", "Cluster"),
    )

    end: ClusterId
    weight: Annotated[int | None, Field(default=None, ge=1, le=100)] = None
    """An occupation's: its share (of 100) of the cluster's skilled-worker demand in the curated reference table."""
    confidence: str | None = None
    """An occupation's: the curated table's `sourced` or `curated`."""


class Demands(Relationship):
    """An enterprise needs workers of an occupation at a skill level in a year (岗位需求)."""

    type: ClassVar[str] = "DEMANDS"
    pairs: ClassVar[tuple[tuple[str, str], ...]] = (("Enterprise", "Occupation"),)
    key_fields: ClassVar[tuple[str, ...]] = ("skill_level", "year")

    end: OccupationCode
    headcount: int = Field(ge=0, le=1_000_000)
    skill_level: SkillLevelId
    year: Year
    shortage: bool = False
    plan: bool = False
    """A firm's stated plan for a coming year (用工计划), not demand it had: trends and forecasts read only demand
    that was had, and show plans beside their forecasts."""


class Lists(Relationship):
    """A shortage list ranks an occupation. The list's own code and name are kept (`listed_code`,
    `listed_name`); where its code names another occupation in the 2022 classification (lists of 2015 codes),
    the occupation is found by the listed name, and a name no 2022 occupation bears is refused."""

    type: ClassVar[str] = "LISTS"
    pairs: ClassVar[tuple[tuple[str, str], ...]] = (("ShortageList", "Occupation"),)

    end: OccupationCode = Field(default="", description="the occupation by 2022 code or name; or give listed_name")
    rank: int = Field(ge=1, le=10_000)
    listed_code: str | None = Field(default=None, max_length=20)
    listed_name: str | None = Field(default=None, max_length=100)

    @model_validator(mode="before")
    @classmethod
    def _by_name_where_codes_differ(cls, data: Any) -> Any:
        if not isinstance(data, dict):
            return data
        end = str(data.get("end") or "").strip()
        name = str(data.get("listed_name") or "").strip()
        ref = occupations().get(end)
        if not end and name:  # the list's name only
            return {**data, "end": name}
        if ref is None and end and not name:  # the occupation given by name: that is the listed name
            return {**data, "listed_name": end}
        if ref is not None and name and ref.name_zh != name:  # a code of another classification (2015)
            return {**data, "end": name, "listed_code": data.get("listed_code") or end}
        return data

    @model_validator(mode="after")
    def _an_occupation(self) -> "Lists":
        if not self.end:
            raise ValueError("no occupation: give its 2022 code or its name (职业代码 or 职业名称)")
        return self


class Recognised(Relationship):
    """An enterprise is on a recognition list (专精特新, 小巨人, 单项冠军); `valid_until` when its own recognition
    ends earlier or later than the list's."""

    type: ClassVar[str] = "RECOGNISED"
    pairs: ClassVar[tuple[tuple[str, str], ...]] = (("Enterprise", "RecognitionList"),)

    valid_until: dt.date | None = None


SUPPLY_YEAR_DOC = """The year of this figure (a past year's, or a plan's): rows with a year make the supply's history,
which trends read; the row without a year is the current figure, which every analysis of supply reads. A year's row
never adds to the current one."""


class Offers(Relationship):
    """A school offers a major, with graduates per year."""

    type: ClassVar[str] = "OFFERS"
    pairs: ClassVar[tuple[tuple[str, str], ...]] = (("School", "Major"),)
    key_fields: ClassVar[tuple[str, ...]] = ("year",)

    graduates_per_year: int = Field(ge=0, le=1_000_000)
    enrolment: int | None = Field(default=None, ge=0, le=1_000_000)
    """Students admitted to the major in the year (招生数): the cohort that graduates a programme's length later."""
    year: Year | None = Field(default=None, description=SUPPLY_YEAR_DOC)


class PreparesFor(Relationship):
    type: ClassVar[str] = "PREPARES_FOR"
    pairs: ClassVar[tuple[tuple[str, str], ...]] = (("Major", "Occupation"),)

    end: OccupationCode


class Trains(Relationship):
    """An organisation trains workers for an occupation at some levels, with a yearly capacity."""

    type: ClassVar[str] = "TRAINS"
    pairs: ClassVar[tuple[tuple[str, str], ...]] = ((ORG, "Occupation"),)
    key_fields: ClassVar[tuple[str, ...]] = ("year",)

    end: OccupationCode
    capacity_per_year: int = Field(ge=0, le=1_000_000)
    levels: SkillLevels = Field(default_factory=list)
    year: Year | None = Field(default=None, description=SUPPLY_YEAR_DOC)


class Evaluates(Relationship):
    """A skill evaluation body (or an enterprise filed as one) evaluates an occupation at levels."""

    type: ClassVar[str] = "EVALUATES"
    pairs: ClassVar[tuple[tuple[str, str], ...]] = (("EvaluationBody", "Occupation"), ("Enterprise", "Occupation"))
    key_fields: ClassVar[tuple[str, ...]] = ("year",)

    end: OccupationCode
    levels: SkillLevels
    capacity_per_year: int = Field(ge=0, le=1_000_000)
    year: Year | None = Field(default=None, description=SUPPLY_YEAR_DOC)

    @field_validator("levels")
    @classmethod
    def _some_level(cls, value: list[str]) -> list[str]:
        if not value:
            raise ValueError("at least one skill level is required")
        return value


class PartnersWith(Relationship):
    """A cooperation between organisations: order/named class, industry college, apprenticeship, internship."""

    type: ClassVar[str] = "PARTNERS_WITH"
    pairs: ClassVar[tuple[tuple[str, str], ...]] = ((ORG, ORG),)
    key_fields: ClassVar[tuple[str, ...]] = ("kind",)

    kind: PartnershipKind
    trainees: int | None = Field(default=None, ge=0)
    since: PastDate = None


class Hosts(Relationship):
    type: ClassVar[str] = "HOSTS"
    pairs: ClassVar[tuple[tuple[str, str], ...]] = ((ORG, "Platform"),)


class Serves(Relationship):
    """A service station serves a chain."""

    type: ClassVar[str] = "SERVES"
    pairs: ClassVar[tuple[tuple[str, str], ...]] = (("ServiceStation", "Chain"),)


class Employs(Relationship):
    """An enterprise's workforce at a rung of the skill ladder in a year (measures 3 and 11): all its workers at that
    level, or those of one occupation where it reports by occupation."""

    type: ClassVar[str] = "EMPLOYS"
    pairs: ClassVar[tuple[tuple[str, str], ...]] = (("Enterprise", "SkillLevel"),)
    key_fields: ClassVar[tuple[str, ...]] = ("year", "occupation")

    end: SkillLevelId
    workers: int = Field(ge=0, le=1_000_000)
    year: Year
    occupation: OccupationCode | None = Field(
        default=None, description="the occupation these workers hold the level in; none: the level across occupations")


class Certified(Relationship):
    """Skill-level certificates an evaluator issued for an occupation at a level in a year (measure 7); of them,
    `dual_certificates` came with an international certificate (一试双证, measure 9)."""

    type: ClassVar[str] = "CERTIFIED"
    pairs: ClassVar[tuple[tuple[str, str], ...]] = (("EvaluationBody", "Occupation"), ("Enterprise", "Occupation"))
    key_fields: ClassVar[tuple[str, ...]] = ("skill_level", "year")

    end: OccupationCode
    skill_level: SkillLevelId
    year: Year
    certificates: int = Field(ge=0, le=1_000_000)
    dual_certificates: int = Field(default=0, ge=0, le=1_000_000)

    @model_validator(mode="after")
    def _dual_within(self) -> "Certified":
        if self.dual_certificates > self.certificates:
            raise ValueError(f"dual_certificates ({self.dual_certificates}) exceed certificates ({self.certificates}): "
                             "一试双证 are counted among the certificates issued")
        return self


class Apprentices(Relationship):
    """An enterprise's apprenticeship cohort in an occupation (企业新型学徒制, measure 4): trainees who started in the
    cohort year, how many completed and how many were certified (at `certified_level` where one level is reported).
    The school or provider it trains them with is the enterprise's PARTNERS_WITH of kind apprenticeship."""

    type: ClassVar[str] = "APPRENTICES"
    pairs: ClassVar[tuple[tuple[str, str], ...]] = (("Enterprise", "Occupation"),)
    key_fields: ClassVar[tuple[str, ...]] = ("cohort",)

    end: OccupationCode
    cohort: Year
    trainees: int = Field(ge=1, le=100_000)
    completed: int | None = Field(default=None, ge=0, le=100_000)
    certified: int | None = Field(default=None, ge=0, le=100_000)
    certified_level: SkillLevelId | None = None

    @model_validator(mode="after")
    def _counts_nest(self) -> "Apprentices":
        if self.completed is not None and self.completed > self.trainees:
            raise ValueError(f"completed ({self.completed}) exceeds trainees ({self.trainees})")
        if self.certified is not None and self.certified > (self.completed if self.completed is not None
                                                            else self.trainees):
            raise ValueError(f"certified ({self.certified}) exceeds those who completed or trained")
        return self


class Filed(Relationship):
    """A filing (备案) that lets an evaluation body or an enterprise evaluate an occupation (measure 7, track skill) or
    join skill levels and professional titles in it (measure 8, track cross_track): whose staff (`scope`), at which
    levels, from when and until when. An occupation the filing leaves out — a 准入类 qualification may not be
    self-evaluated — is a row with `excluded_reason` and no levels."""

    type: ClassVar[str] = "FILED"
    pairs: ClassVar[tuple[tuple[str, str], ...]] = (("EvaluationBody", "Occupation"), ("Enterprise", "Occupation"))
    key_fields: ClassVar[tuple[str, ...]] = ("track",)

    end: OccupationCode
    track: FilingTrack = FilingTrack.SKILL
    scope: FilingScope
    levels: SkillLevels = Field(default_factory=list)
    filed: PastDate = None
    valid_until: dt.date | None = None
    excluded_reason: str | None = Field(default=None, max_length=200)
    title_series: str | None = Field(default=None, max_length=60,
                                     description="a two-track filing's professional-title series (职称系列)")

    @model_validator(mode="after")
    def _levels_or_excluded(self) -> "Filed":
        if self.excluded_reason is None and not self.levels:
            raise ValueError("a filing needs its skill levels (等级), or an excluded_reason (不列入原因) for an "
                             "occupation left out")
        if self.filed is not None and self.valid_until is not None and self.valid_until < self.filed:
            raise ValueError(f"valid_until {self.valid_until.isoformat()} is before filed {self.filed.isoformat()}")
        return self


class Earns(Relationship):
    """A wage reference (measure 11): the median monthly wage of an occupation's workers at a skill level in a year,
    from a published guide (e.g. a 技能人才薪酬分配指引 or 工资价位) a user loads, with its source."""

    type: ClassVar[str] = "EARNS"
    pairs: ClassVar[tuple[tuple[str, str], ...]] = (("Occupation", "SkillLevel"),)
    key_fields: ClassVar[tuple[str, ...]] = ("year",)

    start: OccupationCode
    end: SkillLevelId
    median_monthly_wage: float = Field(gt=0, le=1_000_000)
    year: Year
    source: str | None = Field(default=None, max_length=500)


class Reports(Relationship):
    """A figure an organisation reports for a year (measures 3, 9, 12, 13): training delivered, honours its staff
    hold, competition awards, international cooperation, its staff education fund — by `Metric`."""

    type: ClassVar[str] = "REPORTS"
    pairs: ClassVar[tuple[tuple[str, str], ...]] = ((ORG, "Metric"),)
    key_fields: ClassVar[tuple[str, ...]] = ("year",)

    end: Annotated[str, AfterValidator(resolve_metric)]
    year: Year
    value: float = Field(ge=0, le=1e13)


class PartOf(Relationship):
    """Tree and membership structure: occupation groups, cluster parents, consortia, stations in parks."""

    type: ClassVar[str] = "PART_OF"
    pairs: ClassVar[tuple[tuple[str, str], ...]] = (
        ("Occupation", "Occupation"),
        ("Cluster", "Cluster"),
        (ORG, "Consortium"),
        ("ServiceStation", "EcoPark"),
    )


REL_KINDS: dict[str, type[Relationship]] = {
    kind.type: kind
    for kind in (
        Leads,
        MemberOf,
        LocatedIn,
        InCluster,
        Demands,
        Offers,
        PreparesFor,
        Trains,
        Evaluates,
        PartnersWith,
        Hosts,
        Serves,
        PartOf,
        Lists,
        Recognised,
        Employs,
        Certified,
        Apprentices,
        Filed,
        Earns,
        Reports,
    )
}
"""Every relationship kind by its type."""
