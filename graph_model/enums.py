"""Closed vocabularies of the domain, each value with its Chinese and English label.

The web UI reads these word lists from the API (`GET /api/v1/vocabulary`, built by `vocabulary()`);
they are written here once.
"""

from enum import StrEnum

from graph_model.reference import skill_levels


class Bilingual(StrEnum):
    """A StrEnum whose members carry a Chinese label in `_LABELS_ZH` and an English one in `_LABELS_EN`."""

    @property
    def label_zh(self) -> str:
        return _LABELS_ZH[type(self).__name__][self.value]

    @property
    def label_en(self) -> str:
        return _LABELS_EN[type(self).__name__][self.value]


class LinkRole(Bilingual):
    """The five links of an ecosystem chain: industry → teaching → training → evaluation → employment."""

    INDUSTRY = "industry"
    TEACHING = "teaching"
    TRAINING = "training"
    EVALUATION = "evaluation"
    EMPLOYMENT = "employment"


class EnterpriseRole(Bilingual):
    CHAIN_LEADER = "chain_leader"
    INDUSTRY_LEADER = "industry_leader"
    SPECIALISED_SME = "specialised_sme"
    LITTLE_GIANT = "little_giant"


class SchoolType(Bilingual):
    UNIVERSITY = "university"
    HIGHER_VOCATIONAL = "higher_vocational"
    SECONDARY_VOCATIONAL = "secondary_vocational"
    TECHNICAL_SCHOOL = "technical_school"


PROGRAMME_YEARS: dict[str, int] = {"university": 4, "higher_vocational": 3, "secondary_vocational": 3,
                                   "technical_school": 3}
"""A school type's usual programme length in years (本科 4, 高职专科 3, 中职 3, 技工院校 3 for 中级工班):
how long an enrolled cohort takes to graduate."""


class EvaluationBodyType(Bilingual):
    """Who a skill evaluation body is (measure 7: enterprises may file as evaluation bodies)."""

    ENTERPRISE = "enterprise"
    SOCIAL_ORGANISATION = "social_organisation"
    SCHOOL = "school"
    PUBLIC = "public"


class PlatformKind(Bilingual):
    """Measure 2 training platforms, plus measure 5 and 9 stations."""

    TRAINING_CENTRE = "training_centre"
    HIGH_SKILL_TRAINING_BASE = "high_skill_training_base"
    PRACTICAL_TRAINING_BASE = "practical_training_base"
    SKILL_MASTER_STUDIO = "skill_master_studio"
    CRAFTSMAN_INNOVATION_STUDIO = "craftsman_innovation_studio"
    CRAFTSMAN_ACADEMY = "craftsman_academy"
    DIGITAL_SKILLS_PILOT_ZONE = "digital_skills_pilot_zone"
    INTERNATIONAL_CERTIFICATION_STATION = "international_certification_station"
    PUBLIC_TRAINING_BASE = "public_training_base"


class OrganisationStatus(Bilingual):
    """Whether an organisation still exists: a closed one is retired from the graph (its history is kept)."""

    ACTIVE = "active"
    CLOSED = "closed"


class TechnicalSchoolGrade(Bilingual):
    """The three grades of technical schools (技工院校), from the human resources and social security system."""

    TECHNICAL_SCHOOL = "technical_school"
    SENIOR_TECHNICAL_SCHOOL = "senior_technical_school"
    TECHNICIAN_COLLEGE = "technician_college"


class RecognitionProgramme(Bilingual):
    """The gradient of recognised firms: innovative SMEs, 专精特新 SMEs, little giants, single champions."""

    INNOVATIVE_SME = "innovative_sme"
    SPECIALISED_SME = "specialised_sme"
    LITTLE_GIANT = "little_giant"
    SINGLE_CHAMPION = "single_champion"


class PlatformLevel(Bilingual):
    NATIONAL = "national"
    MUNICIPAL = "municipal"
    DISTRICT = "district"


class PartnershipKind(Bilingual):
    """School–enterprise cooperation forms of measures 4 and 6."""

    ORDER_CLASS = "order_class"
    NAMED_CLASS = "named_class"
    INDUSTRY_COLLEGE = "industry_college"
    APPRENTICESHIP = "apprenticeship"
    INTERNSHIP = "internship"


class ClusterTier(Bilingual):
    """The tiers of the "33618" system: 3 trillion, 3 five-hundred-billion, 6 hundred-billion, 18 emerging."""

    TRILLION = "trillion"
    FIVE_HUNDRED_BILLION = "five_hundred_billion"
    HUNDRED_BILLION = "hundred_billion"
    EMERGING = "emerging"


class PriorityField(Bilingual):
    """The five priority fields of measure 1."""

    HEALTH_ELDERLY_CARE = "health_elderly_care"
    GREEN_LOW_CARBON = "green_low_carbon"
    LOW_ALTITUDE_ECONOMY = "low_altitude_economy"
    MODERN_SERVICES = "modern_services"
    DIGITAL_OCCUPATIONS = "digital_occupations"


class FilingScope(Bilingual):
    """Whose staff an evaluation filing (备案) lets its holder evaluate (measure 7): its own staff, the member firms
    of the chains it leads or takes part in (a chain leader filed for its chain), or anyone."""

    OWN_STAFF = "own_staff"
    CHAIN_MEMBERS = "chain_members"
    PUBLIC = "public"


class FilingTrack(Bilingual):
    """What a filing is for: skill-level evaluation (职业技能等级认定, measure 7) or the two-track evaluation that joins
    skill levels and professional titles (贯通评价, measure 8)."""

    SKILL = "skill"
    CROSS_TRACK = "cross_track"


class MetricGroup(Bilingual):
    """What a reported figure (a `Metric`) is about, by the measure that asks for it."""

    TRAINING = "training"
    HONOUR = "honour"
    COMPETITION = "competition"
    INTERNATIONAL = "international"
    FUND = "fund"


class ConsortiumKind(Bilingual):
    CITY_CONSORTIUM = "city_consortium"
    INDUSTRY_COMMUNITY = "industry_community"


_LABELS_ZH: dict[str, dict[str, str]] = {
    "LinkRole": {
        "industry": "产业",
        "teaching": "教学",
        "training": "培训",
        "evaluation": "评价",
        "employment": "就业",
    },
    "EnterpriseRole": {
        "chain_leader": "链主企业",
        "industry_leader": "行业龙头企业",
        "specialised_sme": "专精特新中小企业",
        "little_giant": "专精特新“小巨人”企业",
    },
    "SchoolType": {
        "university": "高等学校",
        "higher_vocational": "高等职业学校",
        "secondary_vocational": "中等职业学校",
        "technical_school": "技工院校",
    },
    "EvaluationBodyType": {
        "enterprise": "用人单位（企业）",
        "social_organisation": "社会培训评价组织",
        "school": "院校",
        "public": "公共机构",
    },
    "PlatformKind": {
        "training_centre": "培训中心",
        "high_skill_training_base": "高技能人才培训基地",
        "practical_training_base": "技能实训基地",
        "skill_master_studio": "技能大师工作室",
        "craftsman_innovation_studio": "劳模工匠创新工作室",
        "craftsman_academy": "工匠学院",
        "digital_skills_pilot_zone": "数字技能人才培养试验区",
        "international_certification_station": "“一带一路”国际技能认证服务站",
        "public_training_base": "公共实训基地",
    },
    "PlatformLevel": {"national": "国家级", "municipal": "市级", "district": "区县级"},
    "PartnershipKind": {
        "order_class": "订单班",
        "named_class": "冠名班",
        "industry_college": "产业学院",
        "apprenticeship": "学徒制",
        "internship": "实习",
    },
    "ClusterTier": {
        "trillion": "万亿级",
        "five_hundred_billion": "五千亿级",
        "hundred_billion": "千亿级",
        "emerging": "新星产业集群",
    },
    "PriorityField": {
        "health_elderly_care": "健康养老",
        "green_low_carbon": "绿色低碳",
        "low_altitude_economy": "低空经济",
        "modern_services": "现代服务",
        "digital_occupations": "数字职业",
    },
    "OrganisationStatus": {"active": "在营", "closed": "已关闭"},
    "TechnicalSchoolGrade": {"technical_school": "技工学校", "senior_technical_school": "高级技工学校",
                             "technician_college": "技师学院"},
    "RecognitionProgramme": {"innovative_sme": "创新型中小企业", "specialised_sme": "专精特新中小企业",
                             "little_giant": "专精特新“小巨人”企业", "single_champion": "制造业单项冠军企业"},
    "FilingScope": {"own_staff": "本单位职工", "chain_members": "生态链内企业职工", "public": "面向社会"},
    "FilingTrack": {"skill": "职业技能等级认定", "cross_track": "贯通评价"},
    "MetricGroup": {"training": "培训", "honour": "表彰", "competition": "竞赛", "international": "国际合作",
                    "fund": "职工教育经费"},
    "ConsortiumKind": {
        "city_consortium": "市域产教联合体",
        "industry_community": "行业产教融合共同体",
    },
}

_LABELS_EN: dict[str, dict[str, str]] = {
    "LinkRole": {
        "industry": "Industry",
        "teaching": "Teaching",
        "training": "Training",
        "evaluation": "Evaluation",
        "employment": "Employment",
    },
    "EnterpriseRole": {
        "chain_leader": "Chain leader",
        "industry_leader": "Industry leader",
        "specialised_sme": "Specialised SME",
        "little_giant": "Little giant",
    },
    "SchoolType": {
        "university": "University",
        "higher_vocational": "Higher vocational college",
        "secondary_vocational": "Secondary vocational school",
        "technical_school": "Technical school",
    },
    "EvaluationBodyType": {
        "enterprise": "Employer (enterprise)",
        "social_organisation": "Social training and evaluation organisation",
        "school": "School",
        "public": "Public body",
    },
    "PlatformKind": {
        "training_centre": "Training centre",
        "high_skill_training_base": "High-skill talent training base",
        "practical_training_base": "Practical training base",
        "skill_master_studio": "Skill master studio",
        "craftsman_innovation_studio": "Model worker and craftsman innovation studio",
        "craftsman_academy": "Craftsman academy",
        "digital_skills_pilot_zone": "Digital skills pilot zone",
        "international_certification_station": "Belt and Road international skills certification station",
        "public_training_base": "Public practical training base",
    },
    "PlatformLevel": {"national": "National", "municipal": "Municipal", "district": "District"},
    "PartnershipKind": {
        "order_class": "Order class",
        "named_class": "Named class",
        "industry_college": "Industry college",
        "apprenticeship": "Apprenticeship",
        "internship": "Internship",
    },
    "ClusterTier": {
        "trillion": "Trillion-yuan",
        "five_hundred_billion": "500-billion-yuan",
        "hundred_billion": "100-billion-yuan",
        "emerging": "Emerging",
    },
    "PriorityField": {
        "health_elderly_care": "Health and elderly care",
        "green_low_carbon": "Green and low-carbon",
        "low_altitude_economy": "Low-altitude economy",
        "modern_services": "Modern services",
        "digital_occupations": "Digital occupations",
    },
    "OrganisationStatus": {"active": "Active", "closed": "Closed"},
    "TechnicalSchoolGrade": {"technical_school": "Technical school",
                             "senior_technical_school": "Senior technical school",
                             "technician_college": "Technician college"},
    "RecognitionProgramme": {"innovative_sme": "Innovative SME", "specialised_sme": "Specialised SME",
                             "little_giant": "Little giant", "single_champion": "Manufacturing single champion"},
    "FilingScope": {"own_staff": "Own staff", "chain_members": "Staff of the chain's member firms",
                    "public": "Open to the public"},
    "FilingTrack": {"skill": "Skill-level evaluation", "cross_track": "Two-track (skill and title) evaluation"},
    "MetricGroup": {"training": "Training", "honour": "Honours", "competition": "Competitions",
                    "international": "International cooperation", "fund": "Staff education fund"},
    "ConsortiumKind": {
        "city_consortium": "City-level industry–education consortium",
        "industry_community": "Industry–education integration community",
    },
}

VOCABULARIES: dict[str, type[Bilingual]] = {
    "link_role": LinkRole,
    "enterprise_role": EnterpriseRole,
    "school_type": SchoolType,
    "evaluation_body_type": EvaluationBodyType,
    "platform_kind": PlatformKind,
    "platform_level": PlatformLevel,
    "partnership_kind": PartnershipKind,
    "cluster_tier": ClusterTier,
    "priority_field": PriorityField,
    "consortium_kind": ConsortiumKind,
    "status": OrganisationStatus,
    "technical_grade": TechnicalSchoolGrade,
    "programme": RecognitionProgramme,
    "scope": FilingScope,
    "track": FilingTrack,
    "metric_group": MetricGroup,
}
"""Each closed vocabulary under the name its values carry in the data, the API and the UI."""


SYNONYMS_ZH: dict[str, dict[str, str]] = {
    "RecognitionProgramme": {"专精特新": "specialised_sme", "小巨人": "little_giant", "专精特新小巨人": "little_giant",
                             "单项冠军": "single_champion", "隐形冠军": "single_champion"},
    "OrganisationStatus": {word: "active" for word in ("存续", "在业", "在营", "正常", "开业", "有效")}
    | {word: "closed" for word in ("注销", "吊销", "停业", "撤销", "停办", "关闭", "已注销", "已关闭", "终止")},
}
"""Further Chinese words a register uses for a value (business registers say 存续 / 注销)."""


def vocabulary() -> dict[str, list[dict[str, str]]]:
    """Every closed vocabulary as `[{id, name_zh, name_en}, …]` in its order (what the UI's menus show),
    the eight-level skill ladder of the reference data included as `skill_level`."""
    lists = {
        name: [{"id": m.value, "name_zh": m.label_zh, "name_en": m.label_en} for m in enum]
        for name, enum in VOCABULARIES.items()
    }
    lists["skill_level"] = [{"id": s["id"], "name_zh": s["name_zh"], "name_en": s["name_en"]} for s in skill_levels()]
    return lists
