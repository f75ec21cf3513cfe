"""Closed vocabularies of the domain, each value with its Chinese label."""

from enum import StrEnum


class Bilingual(StrEnum):
    """A StrEnum whose members carry a Chinese label in `LABELS_ZH`."""

    @property
    def label_zh(self) -> str:
        return _LABELS_ZH[type(self).__name__][self.value]


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
    "ConsortiumKind": {
        "city_consortium": "市域产教联合体",
        "industry_community": "行业产教融合共同体",
    },
}
