"""Node kinds: one pydantic model each, with the Neo4j labels it is stored under."""

import datetime as dt
from typing import Annotated, Any, ClassVar

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, field_validator, model_validator

from graph_model.enums import (
    ClusterTier,
    ConsortiumKind,
    EnterpriseRole,
    EvaluationBodyType,
    MetricGroup,
    OrganisationStatus,
    PlatformKind,
    PlatformLevel,
    PriorityField,
    RecognitionProgramme,
    SchoolType,
    TechnicalSchoolGrade,
)
from graph_model.reference import resolve_cluster, resolve_district, resolve_occupation
from graph_model.uscc import validate_uscc

ENTITY_LABEL = "Entity"
"""Every node carries this label too, so an id finds its node whatever its kind."""

ORGANISATION_LABEL = "Organisation"

Id = Annotated[str, Field(min_length=1, max_length=128, pattern=r"^[^\s]+$")]
NameZh = Annotated[str, Field(min_length=1, max_length=200)]
NameEn = Annotated[str | None, Field(default=None, max_length=300)]
Uscc = Annotated[str, AfterValidator(validate_uscc)]
DistrictId = Annotated[str, AfterValidator(resolve_district)]
Latitude = Annotated[float, Field(ge=27.5, le=32.5)]  # Chongqing spans about 28.1–32.2° N
Longitude = Annotated[float, Field(ge=105.0, le=110.5)]  # and about 105.2–110.2° E


def _not_in_future(value: dt.date | None) -> dt.date | None:
    if value is not None and value > dt.date.today():
        raise ValueError(f"date {value.isoformat()} is in the future")
    return value


PastDate = Annotated[dt.date | None, AfterValidator(_not_in_future)]


class Node(BaseModel):
    """A node of the graph: a kind (its label), a globally unique id and properties."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, use_enum_values=True)

    label: ClassVar[str]
    extra_labels: ClassVar[tuple[str, ...]] = ()
    name_zh_label: ClassVar[str]

    id: Id

    @classmethod
    def labels(cls) -> tuple[str, ...]:
        """All labels of this kind, its own first."""
        return (cls.label, *cls.extra_labels, ENTITY_LABEL)

    def properties(self) -> dict[str, Any]:
        """The stored properties: primitives and lists only (dates as ISO strings), None dropped."""
        out: dict[str, Any] = {}
        for key, value in self.model_dump(exclude_none=True).items():
            if isinstance(value, dt.date):
                value = value.isoformat()
            out[key] = value
        return out


class Named(Node):
    name_zh: NameZh
    name_en: NameEn = None


RETIREMENT_FIELDS = frozenset({"status", "closed_on"})
"""What an organisation's row says about its existence, not a property of it: never stored on a live node (a
closed one leaves the graph; its record keeps both)."""


class Organisation(Named):
    """Any organisation taking part in a chain; located in a district."""

    extra_labels: ClassVar[tuple[str, ...]] = (ORGANISATION_LABEL,)

    uscc: Uscc | None = None
    district: DistrictId
    lat: Latitude | None = None
    lng: Longitude | None = None
    founded: PastDate = None
    discoverable: bool = Field(
        default=False,
        description="agreed to be recommended to chains it is not part of (its ties to other chains never are)",
    )
    status: OrganisationStatus = Field(
        default=OrganisationStatus.ACTIVE,
        description="closed: the organisation is retired from the graph by this row (its history is kept)",
    )
    closed_on: PastDate = None

    @property
    def closed(self) -> bool:
        return self.status == OrganisationStatus.CLOSED

    def properties(self) -> dict[str, Any]:
        props = super().properties()
        for key in RETIREMENT_FIELDS:
            props.pop(key, None)
        return props

    def retirement(self) -> dict[str, Any]:
        """What the row says about its closure: `{"status": "closed", "closed_on": ISO date or absent}`."""
        return {"status": str(self.status), **({"closed_on": self.closed_on.isoformat()} if self.closed_on else {})}

    @model_validator(mode="after")
    def _closed_on_only_when_closed(self) -> "Organisation":
        if self.closed_on is not None and self.status != OrganisationStatus.CLOSED:
            raise ValueError("closed_on is given but status is not closed (关闭日期 is for a closed organisation)")
        return self


class Enterprise(Organisation):
    label: ClassVar[str] = "Enterprise"
    name_zh_label: ClassVar[str] = "企业"

    uscc: Uscc
    roles: list[EnterpriseRole] = Field(default_factory=list)
    cluster_ids: list[str] = Field(default_factory=list)
    employees: int | None = Field(default=None, ge=0)
    filed_evaluation_body: bool = False
    cross_track_evaluation: bool = False

    @field_validator("cluster_ids")
    @classmethod
    def _known_clusters(cls, value: list[str]) -> list[str]:
        return [_known_cluster(v) for v in value]


class School(Organisation):
    label: ClassVar[str] = "School"
    name_zh_label: ClassVar[str] = "学校"

    school_type: SchoolType
    students: int | None = Field(default=None, ge=0)
    school_code: str | None = Field(default=None, pattern=r"^\d{10}$",
                                    description="学校标识码: the ten-digit code of the Ministry of Education's list")
    technical_grade: TechnicalSchoolGrade | None = Field(
        default=None, description="a technical school's grade: 技工学校, 高级技工学校 or 技师学院")

    @model_validator(mode="after")
    def _grade_of_a_technical_school(self) -> "School":
        if self.technical_grade is not None and self.school_type != SchoolType.TECHNICAL_SCHOOL:
            raise ValueError("technical_grade (技工学校 / 高级技工学校 / 技师学院) is for a school of type "
                             "technical_school")
        return self


class TrainingProvider(Organisation):
    label: ClassVar[str] = "TrainingProvider"
    name_zh_label: ClassVar[str] = "职业培训机构"


class EvaluationBody(Organisation):
    label: ClassVar[str] = "EvaluationBody"
    name_zh_label: ClassVar[str] = "技能人才评价机构"

    body_type: EvaluationBodyType = EvaluationBodyType.SOCIAL_ORGANISATION
    cross_track_evaluation: bool = False


class EmploymentService(Organisation):
    label: ClassVar[str] = "EmploymentService"
    name_zh_label: ClassVar[str] = "就业和人力资源服务机构"


class ResearchInstitute(Organisation):
    label: ClassVar[str] = "ResearchInstitute"
    name_zh_label: ClassVar[str] = "科研院所"


class Chain(Named):
    """A skills ecosystem chain (产教评技能生态链), focused on clusters and priority fields."""

    label: ClassVar[str] = "Chain"
    name_zh_label: ClassVar[str] = "产教评技能生态链"

    cluster_ids: list[str] = Field(default_factory=list)
    priority_fields: list[PriorityField] = Field(default_factory=list)
    founded: PastDate = None

    @field_validator("cluster_ids")
    @classmethod
    def _known_clusters(cls, value: list[str]) -> list[str]:
        return [_known_cluster(v) for v in value]


class Cluster(Named):
    label: ClassVar[str] = "Cluster"
    name_zh_label: ClassVar[str] = "产业集群"

    tier: ClusterTier
    parent_id: str | None = None
    confidence: str | None = None
    source: str | None = None


class District(Named):
    label: ClassVar[str] = "District"
    name_zh_label: ClassVar[str] = "区县"

    code: Annotated[str | None, Field(default=None, pattern=r"^50\d{4}$")] = None
    district_type: str
    region: str | None = None
    lat: Latitude
    lng: Longitude
    seat_lat: Latitude | None = None
    seat_lng: Longitude | None = None
    is_county_12: bool = False
    status: str | None = None
    former_ids: list[str] = Field(default_factory=list)
    """Abolished districts this area took over (their ids resolve to this one)."""
    former_codes: list[str] = Field(default_factory=list)
    """Their GB/T 2260 codes, kept as aliases."""
    coord_kind: str | None = None
    source: str | None = None


class Occupation(Named):
    """An occupation or group of the 2022 classification; level 4 are occupations proper."""

    label: ClassVar[str] = "Occupation"
    name_zh_label: ClassVar[str] = "职业（工种）"

    level: int = Field(ge=1, le=4)
    parent_code: str | None = None
    is_digital: bool = False
    is_green: bool = False
    cluster_ids: list[str] = Field(default_factory=list)
    priority_fields: list[PriorityField] = Field(default_factory=list)
    flags_inferred: bool = False

    @field_validator("id")
    @classmethod
    def _in_classification(cls, value: str) -> str:
        return resolve_occupation(value, leaf=False)


class SkillLevel(Named):
    """A rung of the eight-level ladder (新八级工)."""

    label: ClassVar[str] = "SkillLevel"
    name_zh_label: ClassVar[str] = "技能等级"

    rank: int = Field(ge=1, le=8)
    national_cert_level: str | None = None
    is_high_skill: bool


class Major(Named):
    """A programme of study (专业) offered by schools."""

    label: ClassVar[str] = "Major"
    name_zh_label: ClassVar[str] = "专业"

    major_code: str | None = None
    education_level: SchoolType | None = None


class Platform(Named):
    """A measure-2 training platform (or measure 5/9 station) hosted by an organisation."""

    label: ClassVar[str] = "Platform"
    name_zh_label: ClassVar[str] = "技能人才培养平台"

    kind: PlatformKind
    level: PlatformLevel = PlatformLevel.MUNICIPAL
    district: DistrictId | None = None
    founded: PastDate = None
    partner_countries: list[Annotated[str, Field(min_length=1, max_length=60)]] = Field(
        default_factory=list, description="an international platform's partner countries (measure 9), as written")


class ShortageList(Named):
    """A published ranking of short occupations, e.g. the Ministry of Human Resources and Social Security's
    quarterly 全国招聘大于求职"最缺工"的100个职业排行 (its occupations: LISTS)."""

    label: ClassVar[str] = "ShortageList"
    name_zh_label: ClassVar[str] = "缺工职业排行"

    edition: str = Field(min_length=1, max_length=100, description="as published, e.g. 2025年第二季度")
    year: int = Field(ge=2000, le=2100)
    quarter: int | None = Field(default=None, ge=1, le=4)
    publisher: str | None = Field(default=None, max_length=200)
    source: str | None = Field(default=None, max_length=500)


class RecognitionList(Named):
    """A published list of recognised firms — 专精特新 SMEs, little giants, single champions — of one level, batch and
    year (its firms: RECOGNISED)."""

    label: ClassVar[str] = "RecognitionList"
    name_zh_label: ClassVar[str] = "认定名单"

    programme: RecognitionProgramme
    level: PlatformLevel = PlatformLevel.MUNICIPAL
    year: int = Field(ge=2000, le=2100)
    batch: int | None = Field(default=None, ge=1, le=100)
    valid_until: dt.date | None = Field(default=None, description="recognitions on the list hold until then")
    publisher: str | None = Field(default=None, max_length=200)
    source: str | None = Field(default=None, max_length=500)


class Metric(Named):
    """A figure organisations report for a measure (填报指标): training delivered, an honour title, competition awards,
    international cooperation, the staff education fund. Reference data (`metrics.json`); the figures: REPORTS."""

    label: ClassVar[str] = "Metric"
    name_zh_label: ClassVar[str] = "填报指标"

    group: MetricGroup
    measure: int = Field(ge=1, le=13)
    unit: str


class ServiceStation(Named):
    label: ClassVar[str] = "ServiceStation"
    name_zh_label: ClassVar[str] = "产教评技能生态链服务站"

    district: DistrictId
    lat: Latitude | None = None
    lng: Longitude | None = None
    opened: PastDate = None


class EcoPark(Named):
    label: ClassVar[str] = "EcoPark"
    name_zh_label: ClassVar[str] = "技能人才生态园区"

    district: DistrictId
    lat: Latitude | None = None
    lng: Longitude | None = None


class Consortium(Named):
    """A 市域产教联合体 or 行业产教融合共同体 that organisations are part of."""

    label: ClassVar[str] = "Consortium"
    name_zh_label: ClassVar[str] = "产教联合体/共同体"

    kind: ConsortiumKind


def _known_cluster(value: str) -> str:
    return resolve_cluster(value)


NODE_KINDS: dict[str, type[Node]] = {
    kind.label: kind
    for kind in (
        Enterprise,
        School,
        TrainingProvider,
        EvaluationBody,
        EmploymentService,
        ResearchInstitute,
        Chain,
        Cluster,
        District,
        Occupation,
        SkillLevel,
        Major,
        Platform,
        ServiceStation,
        EcoPark,
        Consortium,
        ShortageList,
        RecognitionList,
        Metric,
    )
}
"""Every node kind by its label."""

ORGANISATION_KINDS: tuple[str, ...] = tuple(
    label for label, kind in NODE_KINDS.items() if ORGANISATION_LABEL in kind.extra_labels
)
