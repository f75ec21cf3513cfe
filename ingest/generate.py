"""The demo-data generator: synthetic but plausible Chongqing source files in the documented format.

One CSV per node kind and relationship type (`docs/data-format.md`), built on the packaged
reference data (districts, clusters, occupations, skill levels). Deterministic for a seed: one
`random.Random(seed)`, no clock, no iteration over sets. Organisations are held in memory as light
records because relationships are wired between them; relationship rows are streamed to disk.

Conventions a reader of the files should know:
- PARTNERS_WITH runs from the enterprise to the school or training provider it works with.
- Chain leaders are also MEMBER_OF their own chain in the industry link.
- Gaps are deliberate: few schools, trainers and evaluators for low-altitude-economy occupations,
  no evaluator in the 12 counties above senior worker, some chains missing a whole link.
"""

import csv
import datetime as dt
import heapq
import math
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from itertools import accumulate
from pathlib import Path
from typing import IO, Any, Literal, NamedTuple, TypeVar

from graph_model import reference as ref
from graph_model.enums import (
    ConsortiumKind,
    EnterpriseRole,
    EvaluationBodyType,
    LinkRole,
    PartnershipKind,
    PlatformKind,
    PlatformLevel,
    PriorityField,
    SchoolType,
)
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
    TrainingProvider,
)
from graph_model.relationships import (
    Demands,
    Evaluates,
    Hosts,
    Leads,
    MemberOf,
    Offers,
    PartnersWith,
    PartOf,
    PreparesFor,
    Relationship,
    Serves,
    Trains,
)
from graph_model.uscc import ALPHABET, uscc_check_character

Scale = Literal["small", "city"]
ProgressFn = Callable[[str, float], None]
"""Called with what is being generated and the fraction of the whole run done (0–1)."""

T = TypeVar("T")

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


@dataclass(frozen=True)
class GenerateSummary:
    """What one run wrote: rows per file (file name without `.csv`)."""

    scale: str
    seed: int
    out: Path
    rows: dict[str, int]

    @property
    def node_rows(self) -> int:
        return sum(n for name, n in self.rows.items() if name in NODE_FILES)

    @property
    def relationship_rows(self) -> int:
        return sum(n for name, n in self.rows.items() if name in REL_FILES)

    @property
    def organisations(self) -> int:
        return sum(self.rows.get(name, 0) for name in ORGANISATION_FILES)


# ---------------------------------------------------------------------------------------------
# Vocabulary: sectors, names, places, majors.
# ---------------------------------------------------------------------------------------------

TIER_WEIGHT = {"trillion": 6.0, "five_hundred_billion": 4.0, "hundred_billion": 2.2, "emerging": 0.8}
"""Relative number of firms per cluster of each tier: larger tiers get more firms."""

CHAIN_TIER_WEIGHT = {"trillion": 10.0, "five_hundred_billion": 6.0, "hundred_billion": 3.0, "emerging": 0.5}
"""Relative number of chains per cluster: chains concentrate in the large clusters."""

CHAIN_SIZE = {
    "trillion": (90, 300),
    "five_hundred_billion": (70, 240),
    "hundred_billion": (45, 170),
    "emerging": (20, 90),
    "field": (30, 130),
    "low_altitude": (20, 45),
}

CLUSTER_SECTORS: dict[str, tuple[tuple[tuple[str, str], ...], tuple[str, ...]]] = {
    # cluster id: ((industry word zh, en), ...), occupation groups (level-3 codes) it employs
    "intelligent_connected_nev": (
        (("汽车零部件", "Auto Parts"), ("新能源汽车", "New Energy Vehicle"), ("汽车电子", "Automotive Electronics"),
         ("智能网联科技", "Intelligent Connected Technology")),
        ("6-22-01", "6-22-02", "6-18-03", "2-02-07"),
    ),
    "next_gen_electronic_info_mfg": (
        (("电子科技", "Electronic Technology"), ("电子信息", "Electronic Information"),
         ("精密电子", "Precision Electronics")),
        ("6-25-01", "6-25-04", "2-02-09"),
    ),
    "advanced_materials": (
        (("新材料", "New Materials"), ("材料科技", "Materials Technology"), ("特种钢材", "Special Steel")),
        ("6-17-02", "6-17-05", "6-17-09", "2-02-05"),
    ),
    "intelligent_equipment_manufacturing": (
        (("智能装备", "Intelligent Equipment"), ("机械制造", "Machinery Manufacturing"),
         ("数控设备", "CNC Equipment"), ("精密机械", "Precision Machinery")),
        ("6-18-01", "6-18-02", "6-20-01", "6-20-03", "6-31-01"),
    ),
    "food_agri_processing": (
        (("食品", "Food"), ("农产品加工", "Agricultural Products Processing"), ("调味品", "Seasoning")),
        ("6-01-04", "6-01-06", "6-02-05", "6-02-06", "2-02-24"),
    ),
    "software_info_services": (
        (("软件", "Software"), ("信息技术", "Information Technology"), ("数字科技", "Digital Technology")),
        ("4-04-05", "4-04-04", "2-02-10", "2-02-38"),
    ),
    "new_display": ((("光电显示", "Optoelectronic Display"), ("显示科技", "Display Technology")), ("6-25-02",)),
    "high_end_motorcycle": ((("摩托车", "Motorcycle"), ("摩托车配件", "Motorcycle Parts")), ("6-23-04", "6-18-03")),
    "light_alloy_materials": (
        (("铝业", "Aluminium"), ("轻合金", "Light Alloy"), ("镁合金", "Magnesium Alloy")),
        ("6-17-06", "6-17-09"),
    ),
    "light_textile": ((("纺织", "Textile"), ("服饰", "Apparel")), ("6-04-02", "6-04-03", "6-05-01", "2-02-23")),
    "biomedicine": ((("生物医药", "Biomedicine"), ("制药", "Pharmaceutical")), ("6-12-01", "6-12-03", "2-02-32")),
    "new_energy_storage": (
        (("新能源", "New Energy"), ("储能科技", "Energy Storage Technology"), ("光伏科技", "Photovoltaic Technology")),
        ("6-24-04", "6-24-02", "6-28-01"),
    ),
    "power_semiconductor_ic": (
        (("半导体", "Semiconductor"), ("集成电路", "Integrated Circuit"), ("微电子", "Microelectronics")),
        ("6-25-02", "6-17-08"),
    ),
    "ai_service_robots": (
        (("机器人", "Robotics"), ("人工智能科技", "Artificial Intelligence Technology")),
        ("6-31-07", "4-04-05"),
    ),
    "servers": ((("计算机", "Computer"), ("服务器科技", "Server Technology")), ("6-25-03",)),
    "smart_home": ((("智能家居", "Smart Home"), ("家电", "Home Appliances")), ("6-24-05", "4-12-03")),
    "sensors_instruments": ((("传感器", "Sensor"), ("仪器仪表", "Instruments")), ("6-26-01",)),
    "intelligent_manufacturing_equipment": (
        (("智能制造装备", "Intelligent Manufacturing Equipment"), ("自动化设备", "Automation Equipment")),
        ("6-20-03", "6-31-07"),
    ),
    "power_equipment": ((("动力机械", "Power Machinery"), ("发动机", "Engine")), ("6-20-02",)),
    "agricultural_machinery": ((("农业机械", "Agricultural Machinery"), ("农机装备", "Farm Equipment")), ("6-21-05",)),
    "fiber_composites": ((("玻璃纤维", "Glass Fibre"), ("复合材料", "Composite Materials")), ("6-15-04", "6-13-02")),
    "synthetic_materials": (
        (("化工新材料", "Chemical New Materials"), ("合成材料", "Synthetic Materials")),
        ("6-11-06", "6-11-07", "6-14-02"),
    ),
    "modern_tcm": ((("中药", "Traditional Chinese Medicine"), ("中药饮片", "TCM Decoction Pieces")), ("6-12-02",)),
    "medical_devices": ((("医疗器械", "Medical Devices"), ("医疗设备", "Medical Equipment")), ("6-21-06",)),
    "satellite_internet": (
        (("卫星通信", "Satellite Communications"), ("空天信息", "Aerospace Information")),
        ("4-04-01", "4-04-02", "2-02-10"),
    ),
    "bio_manufacturing": ((("生物科技", "Biotechnology"), ("生物制造", "Bio-manufacturing")), ("6-12-05", "6-11-08")),
    "life_sciences": ((("生命科技", "Life Sciences"), ("基因科技", "Gene Technology")), ("6-12-05", "2-02-32")),
    "metaverse": ((("数字内容", "Digital Content"), ("虚拟现实科技", "Virtual Reality Technology")), ("4-04-05",)),
    "frontier_new_materials": (
        (("石墨烯科技", "Graphene Technology"), ("纳米材料", "Nanomaterials")),
        ("6-17-08", "6-15-07", "2-02-05"),
    ),
    "future_energy": ((("氢能科技", "Hydrogen Energy Technology"), ("能源科技", "Energy Technology")),
                      ("6-28-01", "6-28-02")),
}


@dataclass(frozen=True)
class _FieldSector:
    key: str
    name_zh: str
    name_en: str
    share: float
    cluster_ids: tuple[str, ...]
    priority_field: PriorityField
    words: tuple[tuple[str, str], ...]
    groups: tuple[str, ...]


FIELD_SECTORS: tuple[_FieldSector, ...] = (
    # Firms of the priority fields outside the 33618 clusters (elderly care, services, green),
    # and the low-altitude makers that sit in the intelligent-equipment cluster.
    _FieldSector("elderly_care", "健康养老", "Health and Elderly Care", 0.05, (), PriorityField.HEALTH_ELDERLY_CARE,
                 (("养老服务", "Elderly Care Services"), ("健康管理", "Health Management"), ("康养", "Wellness")),
                 ("4-10-01", "4-14-01", "4-14-02", "4-14-06")),
    _FieldSector("modern_services", "现代服务", "Modern Services", 0.08, (), PriorityField.MODERN_SERVICES,
                 (("物流", "Logistics"), ("供应链管理", "Supply Chain Management"),
                  ("家政服务", "Housekeeping Services"), ("电子商务", "E-commerce")),
                 ("4-02-06", "4-02-07", "4-01-06", "4-10-01")),
    _FieldSector("green_services", "绿色低碳", "Green and Low-Carbon", 0.028, (), PriorityField.GREEN_LOW_CARBON,
                 (("环保科技", "Environmental Technology"), ("再生资源", "Renewable Resources"),
                  ("节能服务", "Energy Conservation Services")),
                 ("4-09-07", "6-27-01", "2-02-27", "4-08-06")),
    _FieldSector("low_altitude", "低空经济", "Low-Altitude Economy", 0.012, ("intelligent_equipment_manufacturing",),
                 PriorityField.LOW_ALTITUDE_ECONOMY,
                 (("无人机", "UAV"), ("通用航空", "General Aviation"), ("低空科技", "Low-Altitude Technology")),
                 ("6-23-03", "4-08-03")),
)

GENERAL_OCCUPATIONS = (
    "6-31-01-03",  # 电工
    "6-31-03-05",  # 质检员
    "6-31-06-00",  # 安全员
    "6-31-01-02",  # 机修钳工
    "4-02-06-01",  # 仓储管理员
    "6-30-05-01",  # 起重装卸机械操作工
    "6-30-01-00",  # 专用车辆驾驶员
    "4-07-03-04",  # 企业人力资源管理师
)
"""Occupations almost every firm employs, whatever its industry."""

DISTRICT_WEIGHT: dict[str, float] = {
    # Economic weight: main-city districts and the two big zones heavy, the 12 counties light.
    "liangjiang_new_area": 12, "yubei": 7, "jiulongpo": 7, "shapingba": 6, "jiangbei": 5,
    "western_science_city_chongqing_hitech_zone": 5, "nanan": 4, "yuzhong": 4, "banan": 4, "beibei": 3,
    "dadukou": 2, "fuling": 4, "jiangjin": 4, "yongchuan": 4, "changshou": 3, "bishan": 3, "hechuan": 3,
    "wanzhou": 3.5, "qijiang": 2, "dazu": 2.2, "rongchang": 2, "tongliang": 2, "tongnan": 1.5, "nanchuan": 1.2,
    "wansheng_economic_development_zone": 0.8, "kaizhou": 1.5, "liangping": 1.5, "qianjiang": 1.0, "wulong": 0.6,
    "dianjiang": 0.7, "zhongxian": 0.5, "fengdu": 0.45, "yunyang": 0.5, "fengjie": 0.45, "wushan": 0.3,
    "wuxi": 0.2, "chengkou": 0.15, "shizhu": 0.4, "xiushan": 0.5, "youyang": 0.35, "pengshui": 0.35,
}

SECTOR_HOME_DISTRICTS: dict[str, tuple[str, ...]] = {
    # Where an industry concentrates (weight ×3 there), so clusters have a geography.
    "intelligent_connected_nev": ("liangjiang_new_area", "yubei", "jiangbei", "bishan", "banan"),
    "next_gen_electronic_info_mfg": ("western_science_city_chongqing_hitech_zone", "shapingba", "liangjiang_new_area"),
    "new_display": ("liangjiang_new_area", "banan"),
    "high_end_motorcycle": ("banan", "jiulongpo", "beibei"),
    "light_alloy_materials": ("jiulongpo", "nanchuan"),
    "advanced_materials": ("changshou", "fuling", "jiulongpo"),
    "synthetic_materials": ("changshou", "fuling"),
    "fiber_composites": ("dadukou", "changshou"),
    "food_agri_processing": ("fuling", "rongchang", "jiangjin", "fengjie", "youyang"),
    "software_info_services": ("liangjiang_new_area", "yuzhong", "nanan", "yubei"),
    "biomedicine": ("liangjiang_new_area", "banan", "rongchang"),
    "new_energy_storage": ("changshou", "fuling", "liangjiang_new_area"),
    "power_semiconductor_ic": ("western_science_city_chongqing_hitech_zone", "shapingba"),
    "servers": ("western_science_city_chongqing_hitech_zone", "shapingba"),
    "smart_home": ("liangjiang_new_area", "beibei"),
    "sensors_instruments": ("beibei", "western_science_city_chongqing_hitech_zone"),
    "power_equipment": ("jiulongpo", "jiangjin", "banan"),
    "agricultural_machinery": ("jiulongpo", "yongchuan"),
    "modern_tcm": ("nanchuan", "shizhu", "xiushan"),
    "medical_devices": ("banan", "liangjiang_new_area"),
    "light_textile": ("rongchang", "fuling", "wanzhou"),
    "satellite_internet": ("liangjiang_new_area", "yubei"),
    "low_altitude": ("liangjiang_new_area", "western_science_city_chongqing_hitech_zone", "banan"),
}

BRANDS: tuple[tuple[str, str], ...] = tuple(
    (zh, en)
    for zh, en in (
        ("长", "Chang"), ("安", "An"), ("华", "Hua"), ("鑫", "Xin"), ("瑞", "Rui"), ("博", "Bo"), ("恒", "Heng"),
        ("达", "Da"), ("宏", "Hong"), ("盛", "Sheng"), ("金", "Jin"), ("辉", "Hui"), ("明", "Ming"),
        ("创", "Chuang"), ("嘉", "Jia"), ("利", "Li"), ("通", "Tong"), ("源", "Yuan"), ("泰", "Tai"), ("德", "De"),
        ("祥", "Xiang"), ("丰", "Feng"), ("荣", "Rong"), ("成", "Cheng"), ("远", "Yuan"), ("海", "Hai"),
        ("天", "Tian"), ("宇", "Yu"), ("信", "Xin"), ("和", "He"), ("永", "Yong"), ("庆", "Qing"), ("渝", "Yu"),
        ("巴", "Ba"), ("蜀", "Shu"), ("川", "Chuan"), ("江", "Jiang"), ("峡", "Xia"), ("峰", "Feng"), ("智", "Zhi"),
        ("精", "Jing"), ("锐", "Rui"), ("捷", "Jie"), ("凯", "Kai"), ("驰", "Chi"), ("腾", "Teng"), ("飞", "Fei"),
        ("航", "Hang"), ("晟", "Sheng"), ("昊", "Hao"), ("睿", "Rui"), ("坤", "Kun"), ("乾", "Qian"), ("禾", "He"),
        ("润", "Run"), ("康", "Kang"), ("益", "Yi"), ("佳", "Jia"), ("美", "Mei"), ("星", "Xing"), ("光", "Guang"),
        ("耀", "Yao"), ("启", "Qi"), ("拓", "Tuo"), ("展", "Zhan"), ("志", "Zhi"), ("诚", "Cheng"), ("众", "Zhong"),
        ("合", "He"), ("立", "Li"), ("铭", "Ming"), ("卓", "Zhuo"), ("越", "Yue"), ("骏", "Jun"), ("龙", "Long"),
        ("鹏", "Peng"), ("帆", "Fan"), ("欣", "Xin"), ("宁", "Ning"), ("浩", "Hao"), ("力", "Li"), ("森", "Sen"),
    )
)

PLACES: tuple[tuple[str, str], ...] = (
    ("巴渝", "Bayu"), ("嘉陵", "Jialing"), ("缙云", "Jinyun"), ("歌乐", "Gele"), ("渝州", "Yuzhou"),
    ("长江", "Changjiang"), ("三峡", "Sanxia"), ("南山", "Nanshan"), ("铜锣", "Tongluo"), ("华蓥", "Huaying"),
    ("明月", "Mingyue"), ("武陵", "Wuling"), ("龙门", "Longmen"), ("朝天", "Chaotian"), ("鹅岭", "Eling"),
    ("涂山", "Tushan"), ("金佛", "Jinfo"), ("大巴山", "Dabashan"), ("仙女山", "Xiannushan"), ("乌江", "Wujiang"),
)

SCHOOL_FIELDS: tuple[tuple[str, str], ...] = (
    ("理工", "Science and Engineering"), ("科技", "Technology"), ("工商", "Business"), ("交通", "Transport"),
    ("电子", "Electronics"), ("医药", "Medicine"), ("师范", "Normal"), ("财经", "Finance and Economics"),
    ("信息", "Information"), ("工程", "Engineering"), ("文理", "Arts and Sciences"), ("能源", "Energy"),
    ("机电", "Mechanical and Electrical"), ("建筑", "Architecture"), ("外语", "Foreign Studies"),
    ("城市", "Urban"), ("旅游", "Tourism"), ("化工", "Chemical Engineering"), ("电力", "Electric Power"),
    ("航空", "Aviation"),
)

SCHOOL_TYPES = (
    SchoolType.UNIVERSITY,
    SchoolType.HIGHER_VOCATIONAL,
    SchoolType.SECONDARY_VOCATIONAL,
    SchoolType.TECHNICAL_SCHOOL,
)
SCHOOL_ID_TAG = {"university": "bk", "higher_vocational": "gz", "secondary_vocational": "zz", "technical_school": "jg"}


@dataclass(frozen=True)
class _MajorTheme:
    key: str
    name_en: str
    names: tuple[str, str, str, str]  # per SCHOOL_TYPES; "" where no school type offers it
    codes: tuple[str, ...]  # occupations it prepares for
    groups: tuple[str, ...] = ()  # groups from which one or two more occupations are drawn
    popularity: float = 1.0


MAJOR_THEMES: tuple[_MajorTheme, ...] = (
    _MajorTheme("vehicle", "Vehicle Engineering",
                ("车辆工程", "汽车制造与试验技术", "汽车制造与检测", "汽车装配与调试"),
                ("6-22-02-01", "6-22-01-01", "2-02-07-11", "6-18-01-12"), ("6-22-01",), 1.5),
    _MajorTheme("nev", "New Energy Vehicle Technology",
                ("新能源汽车工程", "新能源汽车技术", "新能源汽车制造与检测", "新能源汽车检测与维修"),
                ("6-22-02-01", "4-12-01-03", "6-24-04-00", "6-24-01-00"), (), 1.8),
    _MajorTheme("icv", "Intelligent Connected Vehicle Technology", ("智能车辆工程", "智能网联汽车技术", "", ""),
                ("2-02-07-11", "6-22-02-01"), ("2-02-38",)),
    _MajorTheme("auto_repair", "Automobile Inspection and Maintenance",
                ("", "汽车检测与维修技术", "汽车运用与维修", "汽车维修"), ("4-12-01-01", "4-12-01-03"), (), 1.5),
    _MajorTheme("motorcycle", "Motorcycle Manufacturing and Maintenance", ("", "", "摩托车制造与维修", "摩托车维修"),
                ("6-23-04-01", "4-12-01-02"), ("6-23-04",), 0.5),
    _MajorTheme("microelectronics", "Microelectronics and Integrated Circuits",
                ("微电子科学与工程", "集成电路技术", "微电子技术与器件制造", ""),
                ("6-25-02-05", "6-25-02-06", "2-02-38-09"), ()),
    _MajorTheme("electronics", "Electronic Information Technology",
                ("电子信息工程", "电子信息工程技术", "电子技术应用", "电子技术应用"),
                ("6-25-04-07", "6-25-01-13"), ("6-25-04",), 1.5),
    _MajorTheme("display", "Optoelectronic Display Technology", ("光电信息科学与工程", "光电显示技术", "", ""),
                ("6-25-02-03",), ("6-25-02",), 0.6),
    _MajorTheme("computer", "Computer Applications",
                ("计算机科学与技术", "计算机应用技术", "计算机应用", "计算机应用与维修"),
                ("4-04-05-01", "6-25-03-00"), ("4-04-05",), 2.0),
    _MajorTheme("software", "Software Technology", ("软件工程", "软件技术", "软件与信息服务", ""),
                ("4-04-05-01",), ("4-04-05",), 1.8),
    _MajorTheme("big_data", "Big Data Technology", ("数据科学与大数据技术", "大数据技术", "", ""),
                ("2-02-38-03", "4-07-02-05"), (), 1.2),
    _MajorTheme("ai", "Artificial Intelligence", ("人工智能", "人工智能技术应用", "", ""),
                ("2-02-38-01", "4-04-05-05", "4-04-05-13"), (), 1.2),
    _MajorTheme("cyber_security", "Information Security", ("网络空间安全", "信息安全技术应用", "网络信息安全", ""),
                ("4-04-04-02",), ("4-04-04",)),
    _MajorTheme("iot", "Internet of Things Technology",
                ("物联网工程", "物联网应用技术", "物联网技术应用", "物联网应用技术"),
                ("6-25-04-09", "6-25-04-05"), ()),
    _MajorTheme("vr", "Virtual Reality Technology", ("虚拟现实技术", "虚拟现实技术应用", "", ""),
                ("4-04-05-11", "4-04-05-10"), (), 0.6),
    _MajorTheme("mechatronics", "Mechatronics",
                ("机械设计制造及其自动化", "机电一体化技术", "机电技术应用", "机电设备安装与维修"),
                ("6-20-01-01", "6-31-01-10", "6-31-01-02"), ("6-20-01",), 2.0),
    _MajorTheme("cnc", "CNC Technology", ("", "数控技术", "数控技术应用", "数控加工"),
                ("6-18-01-01", "6-18-01-02", "6-18-01-07"), ("6-18-01",), 1.8),
    _MajorTheme("welding", "Welding Technology", ("焊接技术与工程", "智能焊接技术", "焊接技术应用", "焊接加工"),
                ("6-18-02-04",), ("6-18-02",), 1.2),
    _MajorTheme("mould", "Mould Design and Manufacturing", ("", "模具设计与制造", "模具制造技术", "模具制造"),
                ("6-18-04-01", "6-18-04-06"), ()),
    _MajorTheme("robotics", "Industrial Robot Technology",
                ("机器人工程", "工业机器人技术", "工业机器人技术应用", "工业机器人应用与维护"),
                ("6-31-07-01", "6-31-07-03", "2-02-38-10"), (), 1.5),
    _MajorTheme("smart_manufacturing", "Intelligent Manufacturing", ("智能制造工程", "智能制造装备技术", "", ""),
                ("2-02-38-05", "6-18-01-13"), ("6-20-03",)),
    _MajorTheme("electrical", "Electrical Automation",
                ("电气工程及其自动化", "电气自动化技术", "电气设备运行与控制", "电气自动化设备安装与维修"),
                ("6-31-01-03",), ("6-24-02",), 2.0),
    _MajorTheme("industrial_internet", "Industrial Internet Technology", ("", "工业互联网技术", "", ""),
                ("2-02-38-06",), ()),
    _MajorTheme("instruments", "Measurement and Control Technology", ("测控技术与仪器", "工业过程自动化技术", "", ""),
                ("6-26-01-01", "6-31-07-02"), ("6-26-01",), 0.7),
    _MajorTheme("materials", "Materials Engineering", ("材料科学与工程", "材料工程技术", "", ""),
                (), ("2-02-05", "6-17-09"), 0.8),
    _MajorTheme("metallurgy", "Metallurgy and Metal Processing", ("冶金工程", "金属智能加工技术", "", ""),
                ("6-17-06-02", "6-17-09-09", "6-17-06-03"), (), 0.5),
    _MajorTheme("polymer", "Polymer Materials", ("高分子材料与工程", "高分子材料智能制造技术", "", ""),
                ("6-11-06-00", "6-13-01-01", "6-15-04-01"), (), 0.5),
    _MajorTheme("food", "Food Processing", ("食品科学与工程", "食品智能加工技术", "食品加工与检验", ""),
                ("6-01-04-03", "4-08-05-01"), ("6-02-05", "6-01-06")),
    _MajorTheme("food_safety", "Food Inspection and Testing", ("食品质量与安全", "食品检验检测技术", "", ""),
                ("4-08-05-01", "6-31-03-05"), ()),
    _MajorTheme("pharmacy", "Pharmaceutical Production", ("药学", "药品生产技术", "药剂", ""),
                ("6-12-03-00", "6-12-05-05"), ("6-12-01",)),
    _MajorTheme("tcm", "Traditional Chinese Pharmacy", ("中药学", "中药制药", "中药", ""),
                ("6-12-02-00", "5-01-02-05"), (), 0.7),
    _MajorTheme("medical_devices", "Medical Device Technology", ("生物医学工程", "医疗器械维护与管理", "", ""),
                ("6-21-06-01",), ("6-21-06",), 0.6),
    _MajorTheme("textile", "Textile and Apparel", ("纺织工程", "现代纺织技术", "服装制作与生产管理", "服装制作与营销"),
                ("6-13-01-01",), ("6-05-01", "6-04-03"), 0.6),
    _MajorTheme("photovoltaic", "Photovoltaic and New Energy", ("新能源科学与工程", "光伏工程技术", "", ""),
                ("6-24-02-04", "6-28-01-10", "6-28-01-12"), ()),
    _MajorTheme("energy_storage", "Energy Storage Technology", ("储能科学与工程", "储能材料技术", "", ""),
                ("6-24-04-00", "4-11-01-03"), (), 0.6),
    _MajorTheme("environment", "Environmental Engineering", ("环境工程", "环境工程技术", "", ""),
                ("4-09-07-04", "2-02-27-07", "6-27-01-00"), ("4-09-07",), 0.8),
    _MajorTheme("agri_machinery", "Agricultural Machinery",
                ("农业机械化及其自动化", "现代农业装备应用技术", "农业机械使用与维护", "农业机械使用与维护"),
                ("6-21-05-02", "5-05-05-01"), (), 0.6),
    _MajorTheme("smart_agriculture", "Smart Agriculture", ("智慧农业", "智慧农业技术", "", ""),
                ("5-05-01-03",), (), 0.5),
    _MajorTheme("drone", "UAV Application Technology", ("", "无人机应用技术", "无人机操控与维护", "无人机应用技术"),
                ("4-02-04-06", "6-23-03-15", "4-08-03-07"), ()),
    _MajorTheme("general_aviation", "General Aviation Aircraft", ("飞行器制造工程", "通用航空器维修", "", ""),
                ("2-02-16-03", "6-23-03-15"), ()),
    _MajorTheme("elderly_care", "Smart Health and Elderly Care",
                ("养老服务管理", "智慧健康养老服务与管理", "智慧健康养老服务", "养老服务"),
                ("4-10-01-05", "4-14-01-03", "4-14-02-05"), (), 1.2),
    _MajorTheme("nursing", "Nursing", ("护理学", "护理", "护理", ""), ("4-14-01-02", "4-14-01-03"), (), 1.8),
    _MajorTheme("health_management", "Health Management", ("健康服务与管理", "健康管理", "", ""),
                ("4-14-02-02",), ("4-14-02",)),
    _MajorTheme("housekeeping", "Modern Housekeeping", ("", "现代家政服务与管理", "家政服务与管理", "家政服务"),
                ("4-10-01-06", "4-10-01-03"), (), 0.8),
    _MajorTheme("ecommerce", "E-commerce", ("电子商务", "电子商务", "电子商务", "电子商务"),
                ("4-01-06-01", "4-01-06-02"), (), 2.0),
    _MajorTheme("logistics", "Logistics Management", ("物流管理", "现代物流管理", "物流服务与管理", "物流服务与管理"),
                ("4-02-06-05", "4-02-06-01", "4-02-06-03"), (), 1.5),
    _MajorTheme("hr", "Human Resource Management", ("人力资源管理", "人力资源管理", "", ""),
                ("4-07-03-04", "4-07-03-01", "4-07-03-05"), (), 1.0),
    _MajorTheme("business_data", "Business Data Analysis", ("大数据管理与应用", "商务数据分析与应用", "", ""),
                ("4-07-02-05",), (), 0.8),
    _MajorTheme("communications", "Communications Technology", ("通信工程", "现代通信技术", "通信技术", ""),
                ("2-02-10-03",), ("4-04-01", "4-04-02"), 1.0),
    _MajorTheme("quality", "Industrial Product Quality Inspection", ("质量管理工程", "工业产品质量检测技术", "", ""),
                ("6-31-03-05", "6-31-03-04"), ("6-31-03",), 0.8),
)

PLATFORM_KINDS_BY_HOST: dict[str, tuple[tuple[PlatformKind, float], ...]] = {
    # Studios dominate (959 model-worker/craftsman studios in 2025); academies and bases are rarer.
    "enterprise": (
        (PlatformKind.CRAFTSMAN_INNOVATION_STUDIO, 34), (PlatformKind.SKILL_MASTER_STUDIO, 26),
        (PlatformKind.TRAINING_CENTRE, 18), (PlatformKind.PRACTICAL_TRAINING_BASE, 8),
        (PlatformKind.HIGH_SKILL_TRAINING_BASE, 5), (PlatformKind.CRAFTSMAN_ACADEMY, 2),
        (PlatformKind.DIGITAL_SKILLS_PILOT_ZONE, 1.5), (PlatformKind.INTERNATIONAL_CERTIFICATION_STATION, 1),
    ),
    "school": (
        (PlatformKind.PRACTICAL_TRAINING_BASE, 30), (PlatformKind.SKILL_MASTER_STUDIO, 25),
        (PlatformKind.HIGH_SKILL_TRAINING_BASE, 15), (PlatformKind.CRAFTSMAN_ACADEMY, 10),
        (PlatformKind.DIGITAL_SKILLS_PILOT_ZONE, 6), (PlatformKind.INTERNATIONAL_CERTIFICATION_STATION, 5),
    ),
    "training_provider": ((PlatformKind.TRAINING_CENTRE, 50), (PlatformKind.PRACTICAL_TRAINING_BASE, 50)),
    "research_institute": ((PlatformKind.CRAFTSMAN_INNOVATION_STUDIO, 50), (PlatformKind.HIGH_SKILL_TRAINING_BASE, 20)),
}

PARTNERSHIP_KINDS: tuple[tuple[PartnershipKind, float, tuple[int, int], int], ...] = (
    # kind, relative frequency, trainees (min, max), first year (new apprenticeships 2018,
    # industry colleges 2017, both from the national pilots)
    (PartnershipKind.INTERNSHIP, 45, (2, 40), 2012),
    (PartnershipKind.APPRENTICESHIP, 24, (5, 60), 2018),
    (PartnershipKind.ORDER_CLASS, 16, (20, 60), 2012),
    (PartnershipKind.NAMED_CLASS, 10, (25, 50), 2012),
    (PartnershipKind.INDUSTRY_COLLEGE, 5, (100, 800), 2017),
)

DEMAND_LEVEL_WEIGHTS = (3.0, 20.0, 30.0, 28.0, 13.0, 5.0, 0.6, 0.4)
"""Relative demand per rank 1–8 of the ladder; ranks 7–8 only at chain leaders (新八级 pilots)."""

LEVEL_HEADCOUNT_FACTOR = (1.0, 1.2, 1.0, 0.8, 0.5, 0.3, 0.15, 0.1)


# ---------------------------------------------------------------------------------------------
# Records and small helpers.
# ---------------------------------------------------------------------------------------------


@dataclass(slots=True, eq=False)  # identity: two records are never the same organisation
class _Org:
    """What later phases need to know about a generated organisation."""

    id: str
    kind: str
    short: str  # name without company suffix, for composing platform and chain names
    short_en: str
    district: str
    sector: str = ""
    clusters: tuple[str, ...] = ()
    roles: tuple[str, ...] = ()
    size: int = 0
    school_type: str = ""
    filed: bool = False
    occupations: tuple[str, ...] = ()


class _ChainRef(NamedTuple):
    id: str
    leader: _Org
    clusters: tuple[str, ...]
    focus_zh: str  # the cluster or priority field it is about, for naming its service station


@dataclass(frozen=True)
class _Sector:
    key: str
    name_zh: str
    name_en: str
    cluster_ids: tuple[str, ...]
    priority_field: str | None
    words: tuple[tuple[str, str], ...]
    codes: tuple[str, ...]
    cum: tuple[float, ...]
    tier: str


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | tuple):
        return ";".join(str(v) for v in value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


class _Sink:
    """One CSV writer per file, headers from the models, rows counted."""

    def __init__(self, out: Path) -> None:
        out.mkdir(parents=True, exist_ok=True)
        self._handles: list[IO[str]] = []
        self._writers: dict[str, Any] = {}
        self._headers: dict[str, list[str]] = {}
        self.rows: dict[str, int] = {}
        for name, model in [*NODE_FILES.items(), *REL_FILES.items()]:
            handle = (out / f"{name}.csv").open("w", encoding="utf-8", newline="")
            self._handles.append(handle)
            writer = csv.writer(handle, lineterminator="\n")
            header = list(model.model_fields)
            writer.writerow(header)
            self._writers[name] = writer
            self._headers[name] = header
            self.rows[name] = 0

    def write(self, name: str, row: dict[str, Any]) -> None:
        self._writers[name].writerow([_cell(row.get(col)) for col in self._headers[name]])
        self.rows[name] += 1

    def writer_for(self, name: str, columns: Sequence[str]) -> Callable[[Sequence[str]], None]:
        """A fast writer of ready-made cells in `columns` order, for the million-row files."""
        if list(columns) != self._headers[name]:
            raise RuntimeError(f"{name}.csv: the model's fields are now {self._headers[name]}, not {list(columns)}")
        writerow = self._writers[name].writerow

        def write(cells: Sequence[str]) -> None:
            writerow(cells)
            self.rows[name] += 1

        return write

    def close(self) -> None:
        for handle in self._handles:
            handle.close()


def _weighted_sample(rng: random.Random, items: Sequence[T], weights: Sequence[float], k: int) -> list[T]:
    """k distinct items drawn with probability proportional to weight (Efraimidis–Spirakis)."""
    keyed = [(rng.random() ** (1.0 / w), i) for i, w in enumerate(weights) if w > 0]
    return [items[i] for _, i in heapq.nlargest(k, keyed)]


def _distinct_choices(rng: random.Random, population: Sequence[T], cum: Sequence[float], k: int) -> list[T]:
    """Up to k distinct weighted draws from a population with cumulative weights."""
    chosen = list(dict.fromkeys(rng.choices(population, cum_weights=cum, k=k)))
    for _ in range(20):  # redraw for the repeats; a population smaller than k ends the loop
        if len(chosen) >= k:
            break
        for x in rng.choices(population, cum_weights=cum, k=k - len(chosen)):
            if x not in chosen:
                chosen.append(x)
    return chosen[:k]


def _pair(zh: str, en: str) -> tuple[str, str]:
    return zh, en


def _date(rng: random.Random, start: dt.date, end: dt.date = LATEST_DATE) -> dt.date:
    end = min(end, LATEST_DATE)
    start = min(start, end)
    return dt.date.fromordinal(rng.randint(start.toordinal(), end.toordinal()))


def _lognormal_int(rng: random.Random, median: float, sigma: float, lo: int, hi: int) -> int:
    return min(hi, max(lo, round(rng.lognormvariate(math.log(median), sigma))))


def _largest_remainder(weights: dict[str, float], n: int) -> dict[str, int]:
    """Split n into integers proportional to weights (ties broken by insertion order)."""
    total = sum(weights.values())
    exact = {k: n * w / total for k, w in weights.items()}
    counts = {k: int(v) for k, v in exact.items()}
    order = sorted(exact, key=lambda k: -(exact[k] - counts[k]))
    for k in order[: n - sum(counts.values())]:
        counts[k] += 1
    return counts


def _district_short_zh(d: dict[str, Any]) -> str:
    name: str = d["name_zh"]
    if d.get("type") == "autonomous_county":
        return name[:2]
    if d.get("type") in ("district", "county") and len(name) > 2:
        return name[:-1]
    return name


_SPECIAL_ZONE_EN = {
    "liangjiang_new_area": "Liangjiang New Area",
    "western_science_city_chongqing_hitech_zone": "Chongqing Hi-tech Zone",
    "wansheng_economic_development_zone": "Wansheng ETDZ",
}


def _district_short_en(d: dict[str, Any]) -> str:
    return _SPECIAL_ZONE_EN.get(d["id"]) or str(d["name_en"]).split(" ")[0]


def _gb11714_code(rng: random.Random) -> str:
    """A pre-2015 style organisation code: 8 digits and its GB 11714 check character."""
    digits = [rng.randrange(10) for _ in range(8)]
    c = 11 - sum(d * w for d, w in zip(digits, (3, 7, 9, 10, 5, 8, 4, 2), strict=True)) % 11
    check = "X" if c == 10 else "0" if c == 11 else str(c)
    return "".join(map(str, digits)) + check


# ---------------------------------------------------------------------------------------------
# The generator.
# ---------------------------------------------------------------------------------------------


class _Progress:
    def __init__(self, report: ProgressFn | None, total: float) -> None:
        self._report = report
        self._total = total
        self._done = 0.0
        self.label = ""

    def phase(self, label: str) -> None:
        self.label = label
        self.tick(0)

    def tick(self, units: float) -> None:
        self._done += units
        if self._report is not None:
            self._report(self.label, min(1.0, self._done / self._total))

    def finish(self) -> None:
        self.label = "done"
        self.tick(self._total)


class _Generator:
    def __init__(self, spec: ScaleSpec, seed: int, sink: _Sink, progress: ProgressFn | None) -> None:
        self.spec = spec
        self.rng = random.Random(seed)
        self.sink = sink
        # Units of work: one per organisation, three per enterprise for demands and partnerships.
        self.progress = _Progress(progress, spec.organisations + 6 * spec.enterprises + spec.platforms)
        self.districts = {d["id"]: d for d in ref.districts()}
        self.county_12 = frozenset(d["id"] for d in ref.districts() if d.get("is_county_12"))
        self.levels = [s["id"] for s in ref.skill_levels()]
        self.occupation_names = {code: o.name_zh for code, o in ref.occupations().items() if o.level == 4}
        self.low_altitude = tuple(
            code
            for code, o in ref.occupation_focus().items()
            if PriorityField.LOW_ALTITUDE_ECONOMY in o.get("policy_focus_areas", [])
        )
        self.clusters = {c["id"]: c for c in ref.clusters()}
        self.cluster_ids = list(self.clusters)
        self.used_uscc: set[str] = set()
        self.used_names: set[str] = set()
        self.sectors = self._sectors()
        self.sector_share = self._sector_shares()
        self.district_ids = list(self.districts)
        self.supply_codes, self.supply_cum = self._supply_pool()
        self.enterprises: list[_Org] = []
        self.schools: list[_Org] = []
        self.trainers: list[_Org] = []
        self.evaluators: list[_Org] = []
        self.employment: list[_Org] = []
        self.institutes: list[_Org] = []
        self.chains: list[_ChainRef] = []

    # -- reference-derived pools ---------------------------------------------------------------

    def _codes_under(self, groups: Sequence[str]) -> list[str]:
        prefixes = tuple(g + "-" for g in groups)
        return [code for code in self.occupation_names if code.startswith(prefixes)]

    def _pool(self, focus: Sequence[str], groups: Sequence[str]) -> tuple[tuple[str, ...], tuple[float, ...]]:
        weights: dict[str, float] = {}
        for code in self._codes_under(groups):
            weights[code] = 1.0
        for code in focus:
            if code in self.occupation_names:
                weights[code] = 5.0  # the focus occupations are what these firms mostly hire
        codes = tuple(weights)
        return codes, tuple(accumulate(weights[c] for c in codes))

    def _sectors(self) -> dict[str, _Sector]:
        focus = ref.occupation_focus()
        sectors: dict[str, _Sector] = {}
        for c in ref.clusters():
            words, groups = CLUSTER_SECTORS.get(c["id"], (((c["name_zh"], c["name_en"]),), ()))
            codes, cum = self._pool([code for code, o in focus.items() if c["id"] in o["cluster_ids"]], groups)
            sectors[c["id"]] = _Sector(
                c["id"], c["name_zh"], c["name_en"], (c["id"],), None, words, codes, cum, c["tier"]
            )
        for f in FIELD_SECTORS:
            field_codes = [code for code, o in focus.items() if f.priority_field in o["policy_focus_areas"]]
            codes, cum = self._pool(field_codes, f.groups)
            tier = "low_altitude" if f.priority_field == PriorityField.LOW_ALTITUDE_ECONOMY else "field"
            sectors[f.key] = _Sector(
                f.key, f.name_zh, f.name_en, f.cluster_ids, f.priority_field.value, f.words, codes, cum, tier
            )
        return sectors

    def _sector_shares(self) -> dict[str, float]:
        field_share = sum(f.share for f in FIELD_SECTORS)
        cluster_weight = {c["id"]: TIER_WEIGHT[c["tier"]] for c in ref.clusters()}
        total = sum(cluster_weight.values())
        shares = {k: (1 - field_share) * w / total for k, w in cluster_weight.items()}
        shares.update({f.key: f.share for f in FIELD_SECTORS})
        return shares

    def _supply_pool(self) -> tuple[list[str], list[float]]:
        """Occupations trainers and evaluators offer: roughly where demand is, unevenly, low-altitude left out."""
        weights: dict[str, float] = {}
        for key, sector in self.sectors.items():
            total = sector.cum[-1]
            prev = 0.0
            for code, c in zip(sector.codes, sector.cum, strict=True):
                weights[code] = weights.get(code, 0.0) + self.sector_share[key] * (c - prev) / total
                prev = c
        for code in GENERAL_OCCUPATIONS:
            weights[code] = weights.get(code, 0.0) + 0.6 / len(GENERAL_OCCUPATIONS)
        codes = [c for c in sorted(weights) if c not in self.low_altitude]
        # Supply follows demand only loosely: this spread is what makes ordinary gaps appear.
        factors = [self.rng.lognormvariate(0.0, 0.9) for _ in codes]
        return codes, list(accumulate(weights[c] * f for c, f in zip(codes, factors, strict=True)))

    # -- places, names, codes ------------------------------------------------------------------

    def _district_cum(self, multipliers: dict[str, float] | None = None, county_factor: float = 1.0) -> list[float]:
        weights = []
        for d in self.district_ids:
            w = DISTRICT_WEIGHT.get(d, 0.5) * (multipliers or {}).get(d, 1.0)
            weights.append(w * county_factor if d in self.county_12 else w)
        return list(accumulate(weights))

    def _pick_district(self, cum: Sequence[float]) -> str:
        return self.rng.choices(self.district_ids, cum_weights=cum)[0]

    def _position(self, district: str, spread: float = 0.05) -> tuple[str, str]:
        d = self.districts[district]
        lat = d.get("seat_lat") or d["lat"]
        lng = d.get("seat_lng") or d["lng"]
        if self.rng.random() < 0.3:  # some sit out of town, around the district's centroid
            lat, lng, spread = d["lat"], d["lng"], spread * 2
        lat = min(32.4, max(27.6, lat + self.rng.gauss(0, spread)))
        lng = min(110.4, max(105.1, lng + self.rng.gauss(0, spread)))
        return f"{lat:.5f}", f"{lng:.5f}"

    def _uscc(self, kind: str, district: str, founded: dt.date) -> str:
        """A unique, valid GB 32100 code; `kind` is the two-character registration prefix (91, 12, 52)."""
        code_region = self.districts[district].get("code") or "500000"
        while True:
            # Firms often register with the municipal bureau (500000) rather than the district's.
            region = "500000" if self.rng.random() < 0.2 else code_region
            if founded.year >= 2016 and kind == "91":
                body = "MA" + self.rng.choice(("5U", "60", "61", "5Y", "62"))
                body += "".join(self.rng.choice(ALPHABET) for _ in range(5))
            else:
                body = _gb11714_code(self.rng)
            first17 = kind + region + body
            code = first17 + uscc_check_character(first17)
            if code not in self.used_uscc:
                self.used_uscc.add(code)
                return code

    def _brand(self) -> tuple[str, str]:
        a, b = self.rng.sample(BRANDS, 2)
        return a[0] + b[0], a[1] + b[1].lower()

    def _unique_name(self, make: Callable[[], tuple[str, str]]) -> tuple[str, str]:
        for _ in range(200):
            zh, en = make()
            if zh not in self.used_names:
                self.used_names.add(zh)
                return zh, en
        zh, en = make()
        n = 2
        while f"{zh}（{n}）" in self.used_names:
            n += 1
        self.used_names.add(f"{zh}（{n}）")
        return f"{zh}（{n}）", f"{en} ({n})"

    def _founded(self, oldest: int, median_age: float) -> dt.date:
        year = max(oldest, 2025 - int(self.rng.expovariate(1 / median_age)))
        return _date(self.rng, dt.date(year, 1, 1), dt.date(year, 12, 31))

    # -- organisations -------------------------------------------------------------------------

    def _chain_slots(self) -> list[str]:
        """The sector of each chain's leader: chains by cluster tier, then priority-field chains."""
        weights = {c["id"]: CHAIN_TIER_WEIGHT[c["tier"]] for c in ref.clusters()}
        slots = [k for k, n in _largest_remainder(weights, self.spec.cluster_chains).items() for _ in range(n)]
        fields = [f.key for f in FIELD_SECTORS if f.priority_field != PriorityField.LOW_ALTITUDE_ECONOMY]
        slots += [fields[i % len(fields)] for i in range(self.spec.field_chains)]
        slots += ["low_altitude"] * self.spec.low_altitude_chains
        return slots

    def enterprises_(self) -> None:
        self.progress.phase("enterprises")
        spec, rng = self.spec, self.rng
        sector_keys = list(self.sector_share)
        sector_cum = list(accumulate(self.sector_share[k] for k in sector_keys))
        district_cum = {
            key: self._district_cum({d: 3.0 for d in SECTOR_HOME_DISTRICTS.get(key, ())}) for key in sector_keys
        }
        slots = self._chain_slots()
        for i in range(spec.enterprises):
            if i < len(slots):
                sector_key = slots[i]
                roles: tuple[str, ...] = (EnterpriseRole.CHAIN_LEADER.value, EnterpriseRole.INDUSTRY_LEADER.value)
            else:
                sector_key = rng.choices(sector_keys, cum_weights=sector_cum)[0]
                r = rng.random()
                if r < 0.014:
                    roles = (EnterpriseRole.INDUSTRY_LEADER.value,)
                elif r < 0.021:
                    roles = (EnterpriseRole.SPECIALISED_SME.value, EnterpriseRole.LITTLE_GIANT.value)
                elif r < 0.131:
                    roles = (EnterpriseRole.SPECIALISED_SME.value,)
                else:
                    roles = ()
            self._enterprise(f"ent-{i + 1:06d}", self.sectors[sector_key], roles, district_cum[sector_key])
            if i % 500 == 0:
                self.progress.tick(500)

    def _enterprise(self, ent_id: str, sector: _Sector, roles: tuple[str, ...], district_cum: list[float]) -> None:
        rng = self.rng
        leader = EnterpriseRole.CHAIN_LEADER in roles
        district = self._pick_district(district_cum)
        while leader and district in self.county_12:  # chain leaders are big firms of the main city
            district = self._pick_district(district_cum)
        if leader:
            employees = _lognormal_int(rng, 8000, 0.8, 1500, 80000)
        elif EnterpriseRole.INDUSTRY_LEADER in roles:
            employees = _lognormal_int(rng, 2500, 0.7, 500, 30000)
        elif EnterpriseRole.LITTLE_GIANT in roles:
            employees = _lognormal_int(rng, 500, 0.5, 100, 3000)
        elif EnterpriseRole.SPECIALISED_SME in roles:
            employees = _lognormal_int(rng, 180, 0.7, 20, 2000)
        else:
            employees = _lognormal_int(rng, 45, 0.9, 3, 1500)
        big = employees >= 1000
        for attempt in range(10_000):
            brand, brand_en = self._brand()
            if attempt >= 100:  # two-character brands of this trade are running out
                extra = rng.choice(BRANDS)
                brand, brand_en = brand + extra[0], brand_en + extra[1].lower()
            word, word_en = rng.choice(sector.words)
            # Brand plus trade is what people call a firm, so that pair is kept unique.
            if f"重庆{brand}{word}" not in self.used_names:
                break
        short, short_en = f"重庆{brand}{word}", f"Chongqing {brand_en} {word_en}"
        self.used_names.add(short)
        suffix = "股份有限公司" if big and rng.random() < 0.5 else rng.choice(("有限公司", "有限公司", "有限责任公司"))
        zh, en = short + suffix, f"{short_en} Co., Ltd."
        clusters = list(sector.cluster_ids)
        for c in list(clusters):
            parent = self.clusters[c].get("parent_id")
            if parent and rng.random() < 0.5:
                clusters.append(parent)
        if rng.random() < 0.12 and not leader:  # some firms supply a second cluster
            other = rng.choice(self.cluster_ids)
            if other not in clusters:
                clusters.append(other)
        founded = self._founded(1950, 20.0 if big else 9.0)
        filed = leader or (
            EnterpriseRole.INDUSTRY_LEADER in roles and rng.random() < 0.45
        ) or (EnterpriseRole.LITTLE_GIANT in roles and rng.random() < 0.2)
        lat, lng = self._position(district)
        org = _Org(ent_id, "enterprise", short, short_en, district, sector.key, tuple(clusters), roles,
                   employees, filed=filed)
        self.enterprises.append(org)
        self.sink.write("enterprise", {
            "id": ent_id, "name_zh": zh, "name_en": en, "uscc": self._uscc("91", district, founded),
            "district": district, "lat": lat, "lng": lng, "founded": founded, "roles": list(roles),
            "cluster_ids": clusters, "employees": employees, "filed_evaluation_body": filed,
            "cross_track_evaluation": filed and rng.random() < 0.15,
        })

    def schools_(self) -> None:
        """Schools with their majors (OFFERS), and the major catalogue with PREPARES_FOR."""
        self.progress.phase("schools and majors")
        rng = self.rng
        majors: dict[tuple[str, str], str] = {}  # (theme key, school type) → major id
        themes_by_type: dict[str, list[_MajorTheme]] = {t.value: [] for t in SCHOOL_TYPES}
        major_codes: dict[str, tuple[str, ...]] = {}
        for theme in MAJOR_THEMES:
            for stype, name in zip(SCHOOL_TYPES, theme.names, strict=True):
                if not name:
                    continue
                major_id = f"major-{theme.key}-{SCHOOL_ID_TAG[stype.value]}"
                majors[theme.key, stype.value] = major_id
                themes_by_type[stype.value].append(theme)
                level_en = {"university": "", "higher_vocational": " (higher vocational)",
                            "secondary_vocational": " (secondary vocational)",
                            "technical_school": " (technical school)"}[stype.value]
                self.sink.write("major", {"id": major_id, "name_zh": name, "name_en": theme.name_en + level_en,
                                          "education_level": stype.value})
                extra_pool = [c for c in self._codes_under(theme.groups) if c not in theme.codes]
                # Focus codes newer than the 2022 classification (e.g. 4-04-05-13) cannot be loaded.
                codes = [c for c in theme.codes if c in self.occupation_names]
                codes += rng.sample(extra_pool, min(len(extra_pool), rng.randint(1, 2)))
                major_codes[major_id] = tuple(codes)
                for code in codes:
                    self.sink.write("prepares_for", {"start": major_id, "end": code})
        low_altitude_themes = {t.key for t in MAJOR_THEMES if set(t.codes) & set(self.low_altitude)}

        district_mult = {
            # 大学城 in Shapingba, the vocational-education city in Yongchuan
            "university": {"shapingba": 5.0, "nanan": 2.0, "banan": 2.0, "yuzhong": 1.5},
            "higher_vocational": {"yongchuan": 4.0, "shapingba": 2.0, "jiangjin": 2.0, "wanzhou": 2.0},
            "secondary_vocational": {d: 2.5 for d in self.county_12},
            "technical_school": {"yongchuan": 2.0, "jiulongpo": 1.5},
        }
        n_majors = {"university": (15, 35), "higher_vocational": (12, 28), "secondary_vocational": (6, 14),
                    "technical_school": (6, 14)}
        graduates = {"university": (60, 400), "higher_vocational": (50, 320), "secondary_vocational": (30, 160),
                     "technical_school": (30, 220)}
        years = {"university": 4, "higher_vocational": 3, "secondary_vocational": 3, "technical_school": 3}
        types = [t.value for t, n in zip(SCHOOL_TYPES, self.spec.schools, strict=True) for _ in range(n)]
        # The only schools with a low-altitude major (Chongqing reports just four): vocational ones.
        vocational = [i for i, t in enumerate(types) if t != "university"]
        low_altitude_schools = set(rng.sample(vocational, min(len(vocational), self.spec.low_altitude_schools)))
        for i, school_type in enumerate(types):
            district = self._pick_district(self._district_cum(district_mult[school_type]))
            zh, en = self._unique_name(partial(self._school_name, school_type, district))
            available = [t for t in themes_by_type[school_type] if t.key not in low_altitude_themes]
            lo, hi = n_majors[school_type]
            chosen = _weighted_sample(rng, available, [t.popularity for t in available], rng.randint(lo, hi))
            if i in low_altitude_schools:
                chosen += [t for t in themes_by_type[school_type] if t.key in low_altitude_themes][:1]
            school_id = f"sch-{i + 1:05d}"
            students = 0
            occupations: list[str] = []
            for theme in chosen:
                major_id = majors[theme.key, school_type]
                grads = rng.randint(*graduates[school_type])
                enrolment = round(grads * years[school_type] * rng.uniform(1.0, 1.25))
                students += enrolment
                occupations += [c for c in major_codes[major_id] if c not in occupations]
                self.sink.write("offers", {"start": school_id, "end": major_id, "graduates_per_year": grads,
                                           "enrolment": enrolment})
            founded = self._founded(1930, 35.0)
            public = school_type != "university" or rng.random() < 0.75
            lat, lng = self._position(district, 0.03)
            self.sink.write("school", {
                "id": school_id, "name_zh": zh, "name_en": en,
                "uscc": self._uscc("12" if public else "52", district, founded), "district": district,
                "lat": lat, "lng": lng, "founded": founded, "school_type": school_type, "students": students,
            })
            self.schools.append(_Org(school_id, "school", zh, en, district, size=students, school_type=school_type,
                                     occupations=tuple(occupations)))
        self.progress.tick(len(types))

    def _school_name(self, school_type: str, district: str) -> tuple[str, str]:
        rng = self.rng
        d = self.districts[district]
        place, place_en = rng.choice(PLACES)
        fld, fld_en = rng.choice(SCHOOL_FIELDS)
        if school_type == "university":
            if rng.random() < 0.4:
                return f"重庆{place}{fld}大学", f"Chongqing {place_en} {fld_en} University"
            return f"重庆{place}{fld}学院", f"Chongqing {place_en} {fld_en} College"
        if school_type == "higher_vocational":
            if rng.random() < 0.35:
                return (f"重庆{_district_short_zh(d)}职业技术学院",
                        f"Chongqing {_district_short_en(d)} Vocational and Technical College")
            return f"重庆{place}{fld}职业学院", f"Chongqing {place_en} {fld_en} Vocational College"
        if school_type == "secondary_vocational":
            kind, kind_en = rng.choice((
                ("职业教育中心", "Vocational Education Centre"), ("职业中学", "Vocational School"),
                ("工业学校", "Industrial School"), ("商务职业学校", "Business Vocational School"),
            ))
            return f"重庆市{d['name_zh']}{kind}", f"Chongqing {_district_short_en(d)} {kind_en}"
        if rng.random() < 0.5:
            return f"重庆市{d['name_zh']}技工学校", f"Chongqing {_district_short_en(d)} Technical School"
        return f"重庆{place}{fld}技师学院", f"Chongqing {place_en} {fld_en} Technician College"

    def _levels(self, lo: int, hi: int) -> list[str]:
        return self.levels[lo - 1 : hi]

    def _top_rank(self, district: str, weights: tuple[float, ...], ranks: tuple[int, ...]) -> int:
        top = self.rng.choices(ranks, weights=weights)[0]
        # The 12 counties' bodies stop at intermediate or senior worker: the evaluation desert.
        return min(top, self.rng.choice((3, 3, 4))) if district in self.county_12 else top

    def trainers_(self) -> None:
        self.progress.phase("training providers")
        rng, spec = self.rng, self.spec
        district_cum = self._district_cum()
        low_altitude = set(rng.sample(range(spec.training_providers), spec.low_altitude_trainers))
        sector_keys = list(self.sector_share)
        sector_cum = list(accumulate(self.sector_share[k] for k in sector_keys))
        for i in range(spec.training_providers):
            tp_id = f"tp-{i + 1:05d}"
            district = self._pick_district(district_cum)
            if i in low_altitude:
                # The few drone-pilot schools sit where the low-altitude firms are.
                district = rng.choice(SECTOR_HOME_DISTRICTS["low_altitude"])
            d = self.districts[district]

            def make(d: dict[str, Any] = d) -> tuple[str, str]:
                brand, brand_en = self._brand()
                if rng.random() < 0.5:
                    return (f"重庆市{d['name_zh']}{brand}职业培训学校",
                            f"Chongqing {_district_short_en(d)} {brand_en} Vocational Training School")
                kind, kind_en = rng.choice((("职业技能培训学校", "Vocational Skills Training School"),
                                            ("技能培训中心", "Skills Training Centre"),
                                            ("职业培训学校", "Vocational Training School")))
                return f"重庆{brand}{kind}", f"Chongqing {brand_en} {kind_en}"

            zh, en = self._unique_name(make)
            if rng.random() < 0.5:  # specialised in one industry
                sector = self.sectors[rng.choices(sector_keys, cum_weights=sector_cum)[0]]
                codes = _distinct_choices(rng, sector.codes, sector.cum, rng.randint(4, 18))
                codes += _distinct_choices(rng, self.supply_codes, self.supply_cum, rng.randint(3, 10))
            else:
                codes = _distinct_choices(rng, self.supply_codes, self.supply_cum, rng.randint(10, 45))
            codes = [c for c in dict.fromkeys(codes) if c not in self.low_altitude]
            if i in low_altitude:
                codes += list(self.low_altitude[:2])
            for code in codes:
                top = self._top_rank(district, (35, 45, 20), (3, 4, 5))
                self.sink.write("trains", {
                    "start": tp_id, "end": code, "capacity_per_year": _lognormal_int(rng, 150, 0.9, 20, 3000),
                    "levels": self._levels(1 if rng.random() < 0.1 else 2, top),
                })
            founded = self._founded(1995, 8.0)
            lat, lng = self._position(district)
            self.sink.write("training_provider", {
                "id": tp_id, "name_zh": zh, "name_en": en, "uscc": self._uscc("52", district, founded),
                "district": district, "lat": lat, "lng": lng, "founded": founded,
            })
            self.trainers.append(_Org(tp_id, "training_provider", zh, en, district, occupations=tuple(codes)))
        self.progress.tick(spec.training_providers)
        # Vocational and technical schools also train adult workers (measure 3).
        for school in self.schools:
            if school.school_type == "university":
                continue
            own = [c for c in school.occupations if c not in self.low_altitude]
            codes = rng.sample(own, min(len(own), rng.randint(4, 12)))
            top = 5 if school.school_type == "technical_school" else 4
            for code in codes:
                self.sink.write("trains", {
                    "start": school.id, "end": code, "capacity_per_year": _lognormal_int(rng, 120, 0.7, 20, 1500),
                    "levels": self._levels(2, self._top_rank(school.district, (1.0,), (top,))),
                })

    def evaluators_(self) -> None:
        self.progress.phase("evaluation bodies")
        rng, spec = self.rng, self.spec
        # Evaluation bodies cluster in the main city even more than firms do.
        district_cum = self._district_cum(county_factor=0.5)
        low_altitude = set(rng.sample(range(spec.evaluation_bodies), spec.low_altitude_evaluators))
        types = (EvaluationBodyType.SOCIAL_ORGANISATION, EvaluationBodyType.SCHOOL, EvaluationBodyType.PUBLIC,
                 EvaluationBodyType.ENTERPRISE)
        school_hosts = rng.sample(self.schools, len(self.schools))
        public_districts: set[str] = set()
        sector_keys = list(self.sector_share)
        sector_cum = list(accumulate(self.sector_share[k] for k in sector_keys))
        for i in range(spec.evaluation_bodies):
            eb_id = f"eb-{i + 1:05d}"
            body_type = rng.choices(types, weights=(55, 20, 15, 10))[0]
            if body_type == EvaluationBodyType.SCHOOL and not school_hosts:
                body_type = EvaluationBodyType.SOCIAL_ORGANISATION
            district = self._pick_district(district_cum)
            if i in low_altitude:
                district = rng.choice(SECTOR_HOME_DISTRICTS["low_altitude"])
            if body_type == EvaluationBodyType.PUBLIC and district in public_districts:
                body_type = EvaluationBodyType.SOCIAL_ORGANISATION
            sector = self.sectors[rng.choices(sector_keys, cum_weights=sector_cum)[0]]
            if body_type == EvaluationBodyType.SCHOOL:
                host = school_hosts.pop()
                district = host.district
                zh, en = self._unique_name(partial(_pair, f"{host.short}职业技能等级认定站",
                                                   f"{host.short_en} Skill Evaluation Station"))
                prefix = "12"
            elif body_type == EvaluationBodyType.PUBLIC:
                public_districts.add(district)
                d = self.districts[district]
                zh, en = self._unique_name(partial(_pair, f"重庆市{d['name_zh']}职业技能鉴定中心",
                                                   f"Chongqing {_district_short_en(d)} Skill Testing Centre"))
                prefix = "12"
            else:

                def make(s: _Sector = sector, t: EvaluationBodyType = body_type) -> tuple[str, str]:
                    brand, brand_en = self._brand()
                    if t == EvaluationBodyType.ENTERPRISE:
                        word, word_en = rng.choice(s.words)
                        return (f"重庆{brand}{word}职业技能等级认定中心",
                                f"Chongqing {brand_en} {word_en} Skill Level Certification Centre")
                    return (f"重庆{brand}{s.name_zh}职业技能评价中心",
                            f"Chongqing {brand_en} {s.name_en} Skill Evaluation Centre")

                zh, en = self._unique_name(make)
                prefix = "91" if body_type == EvaluationBodyType.ENTERPRISE else "52"
            if rng.random() < 0.5:
                codes = _distinct_choices(rng, sector.codes, sector.cum, rng.randint(4, 14))
                codes += _distinct_choices(rng, self.supply_codes, self.supply_cum, rng.randint(2, 10))
            else:
                codes = _distinct_choices(rng, self.supply_codes, self.supply_cum, rng.randint(8, 40))
            codes = [c for c in dict.fromkeys(codes) if c not in self.low_altitude]
            if i in low_altitude:
                codes += list(self.low_altitude[:2])
            for code in codes:
                top = self._top_rank(district, (45, 35, 20), (4, 5, 6))
                self.sink.write("evaluates", {
                    "start": eb_id, "end": code, "levels": self._levels(2, top),
                    "capacity_per_year": _lognormal_int(rng, 600, 0.9, 50, 8000),
                })
            founded = self._founded(1995, 10.0)
            lat, lng = self._position(district)
            self.sink.write("evaluation_body", {
                "id": eb_id, "name_zh": zh, "name_en": en, "uscc": self._uscc(prefix, district, founded),
                "district": district, "lat": lat, "lng": lng, "founded": founded,
                "body_type": body_type.value, "cross_track_evaluation": rng.random() < 0.12,
            })
            self.evaluators.append(_Org(eb_id, "evaluation_body", zh, en, district, sector=sector.key,
                                        occupations=tuple(codes)))
        self.progress.tick(spec.evaluation_bodies)
        # Enterprises filed as evaluation bodies (measure 7) evaluate their own trades; a few
        # chain leaders in the 新八级 pilots go up to principal and chief technician.
        pilots = 0
        for ent in self.enterprises:
            if not ent.filed:
                continue
            sector = self.sectors[ent.sector]
            codes = [c for c in _distinct_choices(rng, sector.codes, sector.cum, rng.randint(2, 8))
                     if c not in self.low_altitude]
            pilot = (EnterpriseRole.CHAIN_LEADER in ent.roles and ent.district not in self.county_12
                     and pilots < spec.eight_level_pilots)
            pilots += 1 if pilot else 0
            for code in codes:
                top = rng.choice((7, 8)) if pilot else self._top_rank(ent.district, (40, 40, 20), (4, 5, 6))
                self.sink.write("evaluates", {
                    "start": ent.id, "end": code, "levels": self._levels(2, top),
                    "capacity_per_year": _lognormal_int(rng, 200, 0.8, 20, 3000),
                })
            ent.occupations = tuple(codes)

    def services_(self) -> None:
        """Employment and HR service bodies (a public one per district, the rest private) and research institutes."""
        self.progress.phase("employment services and research institutes")
        rng, spec = self.rng, self.spec
        district_cum = self._district_cum()
        for i in range(spec.employment_services):
            es_id = f"es-{i + 1:05d}"
            public = i < len(self.district_ids)
            district = self.district_ids[i] if public else self._pick_district(district_cum)
            d = self.districts[district]
            if public:
                zh, en = self._unique_name(partial(
                    _pair, f"重庆市{d['name_zh']}就业和人才服务中心",
                    f"Chongqing {_district_short_en(d)} Employment and Talent Service Centre"))
            else:

                def make() -> tuple[str, str]:
                    brand, brand_en = self._brand()
                    kind, kind_en = rng.choice((("人力资源服务有限公司", "Human Resources Service Co., Ltd."),
                                                ("人力资源管理有限公司", "Human Resources Management Co., Ltd."),
                                                ("人才服务有限公司", "Talent Service Co., Ltd.")))
                    return f"重庆{brand}{kind}", f"Chongqing {brand_en} {kind_en}"

                zh, en = self._unique_name(make)
            founded = self._founded(1990, 8.0)
            lat, lng = self._position(district)
            self.sink.write("employment_service", {
                "id": es_id, "name_zh": zh, "name_en": en,
                "uscc": self._uscc("12" if public else "91", district, founded),
                "district": district, "lat": lat, "lng": lng, "founded": founded,
            })
            self.employment.append(_Org(es_id, "employment_service", zh, en, district))
        sector_keys = [k for k, s in self.sectors.items() if s.cluster_ids]
        for i in range(spec.research_institutes):
            ri_id = f"ri-{i + 1:05d}"
            sector = self.sectors[rng.choice(sector_keys)]
            homes = {d: 3.0 for d in SECTOR_HOME_DISTRICTS.get(sector.key, ())}
            district = self._pick_district(self._district_cum(homes))

            def make_institute(s: _Sector = sector) -> tuple[str, str]:
                brand, brand_en = self._brand()
                word, word_en = rng.choice(s.words)
                kind, kind_en = rng.choice((("研究院", "Research Institute"), ("研究所", "Research Institute"),
                                            ("技术研究院", "Technology Research Institute"),
                                            ("创新研究院", "Innovation Institute")))
                return f"重庆{brand}{word}{kind}", f"Chongqing {brand_en} {word_en} {kind_en}"

            zh, en = self._unique_name(make_institute)
            founded = self._founded(1955, 15.0)
            lat, lng = self._position(district)
            self.sink.write("research_institute", {
                "id": ri_id, "name_zh": zh, "name_en": en, "uscc": self._uscc("12", district, founded),
                "district": district, "lat": lat, "lng": lng, "founded": founded,
            })
            self.institutes.append(_Org(ri_id, "research_institute", zh, en, district, sector=sector.key))
        self.progress.tick(spec.employment_services + spec.research_institutes)

    def enterprise_training_(self) -> None:
        """Leading firms train their own trades (measure 3), from apprentice level up."""
        rng = self.rng
        for ent in self.enterprises:
            if EnterpriseRole.CHAIN_LEADER in ent.roles:
                n = rng.randint(5, 15)
            elif EnterpriseRole.INDUSTRY_LEADER in ent.roles:
                n = rng.randint(2, 8)
            elif ent.roles and rng.random() < 0.08:
                n = rng.randint(1, 4)
            else:
                continue
            sector = self.sectors[ent.sector]
            for code in _distinct_choices(rng, sector.codes, sector.cum, n):
                if code in self.low_altitude:
                    continue
                self.sink.write("trains", {
                    "start": ent.id, "end": code, "capacity_per_year": _lognormal_int(rng, 100, 0.9, 10, 2000),
                    "levels": self._levels(1, self._top_rank(ent.district, (50, 50), (4, 5))),
                })

    # -- chains ------------------------------------------------------------------------------

    def chains_(self) -> None:
        self.progress.phase("chains")
        rng, spec = self.rng, self.spec
        leaders = [e for e in self.enterprises if EnterpriseRole.CHAIN_LEADER in e.roles]
        by_cluster: dict[str, list[_Org]] = {}
        by_sector: dict[str, list[_Org]] = {}
        for e in self.enterprises:
            by_sector.setdefault(e.sector, []).append(e)
            for c in e.clusters:
                by_cluster.setdefault(c, []).append(e)
        first_low_altitude = next((i for i, e in enumerate(leaders) if e.sector == "low_altitude"), -1)
        for i, leader in enumerate(leaders):
            chain_id = f"chain-{i + 1:04d}"
            sector = self.sectors[leader.sector]
            clusters = tuple(leader.clusters[:2])
            focus_zh = sector.name_zh
            fields: list[str] = [sector.priority_field] if sector.priority_field else []
            cluster_field = self._chain_field(sector.key)
            if not fields and cluster_field and rng.random() < 0.6:
                fields.append(cluster_field)
            lo, hi = CHAIN_SIZE[sector.tier]
            size = max(20, min(300, round(rng.randint(lo, hi) * spec.chain_size_factor)))
            shares = {LinkRole.INDUSTRY: rng.uniform(0.55, 0.7), LinkRole.TEACHING: rng.uniform(0.08, 0.14),
                      LinkRole.TRAINING: rng.uniform(0.08, 0.15), LinkRole.EVALUATION: rng.uniform(0.04, 0.09),
                      LinkRole.EMPLOYMENT: rng.uniform(0.05, 0.1)}
            missing: LinkRole | None = None
            if i == first_low_altitude:
                missing = LinkRole.TRAINING  # the low-altitude gap: nobody trains for this chain
            elif i > 0 and rng.random() < 0.12:
                missing = rng.choice((LinkRole.TRAINING, LinkRole.EVALUATION, LinkRole.EMPLOYMENT, LinkRole.TEACHING))
            if missing is not None:
                shares[missing] = 0.0
            total_share = sum(shares.values())
            counts = {role: max(2, round(size * s / total_share)) if s else 0 for role, s in shares.items()}
            counts[LinkRole.INDUSTRY] = size - sum(n for role, n in counts.items() if role != LinkRole.INDUSTRY)
            founded = _date(rng, dt.date(2024, 3, 1), dt.date(2025, 11, 30))
            industry_pool = by_sector.get(sector.key, []) + [e for c in clusters for e in by_cluster.get(c, [])]
            industry_pool = [e for e in dict.fromkeys(industry_pool) if e is not leader]
            industry = _weighted_sample(rng, industry_pool, [3.0 if e.roles else 1.0 for e in industry_pool],
                                        counts[LinkRole.INDUSTRY] - 1)
            members: list[tuple[_Org, LinkRole]] = [(leader, LinkRole.INDUSTRY)]
            members += [(e, LinkRole.INDUSTRY) for e in industry]
            relevant = set(sector.codes)
            teaching_pool = self.schools + self.institutes
            teaching_w = [5.0 if relevant.intersection(o.occupations) or o.sector == sector.key else 1.0
                          for o in teaching_pool]
            members += [(o, LinkRole.TEACHING)
                        for o in _weighted_sample(rng, teaching_pool, teaching_w, counts[LinkRole.TEACHING])]
            training_w = [4.0 if relevant.intersection(o.occupations) else 1.0 for o in self.trainers]
            members += [(o, LinkRole.TRAINING)
                        for o in _weighted_sample(rng, self.trainers, training_w, counts[LinkRole.TRAINING])]
            in_chain = {o.id for o, _ in members}
            eval_pool = self.evaluators + [e for e in industry_pool if e.filed and e.id not in in_chain]
            eval_w = [4.0 if relevant.intersection(o.occupations) else 1.0 for o in eval_pool]
            members += [(o, LinkRole.EVALUATION)
                        for o in _weighted_sample(rng, eval_pool, eval_w, counts[LinkRole.EVALUATION])]
            members += [(o, LinkRole.EMPLOYMENT)
                        for o in rng.sample(self.employment, min(len(self.employment), counts[LinkRole.EMPLOYMENT]))]
            if len(members) < 20:  # a thin industry: the chain recruits firms from outside its clusters
                in_chain = {o.id for o, _ in members}
                outside = [e for e in self.enterprises if e.id not in in_chain]
                members += [(e, LinkRole.INDUSTRY) for e in rng.sample(outside, 20 - len(members))]
            if clusters and sector.key != "low_altitude":
                focus_zh = self.clusters[clusters[0]]["name_zh"]
            # Chains are known by their leader (each leader leads one chain).
            zh, en = self._unique_name(partial(_pair, f"{leader.short}产教评技能生态链",
                                               f"{leader.short_en} Skills Ecosystem Chain"))
            self.sink.write("chain", {"id": chain_id, "name_zh": zh, "name_en": en, "cluster_ids": list(clusters),
                                      "priority_fields": fields, "founded": founded})
            self.sink.write("leads", {"start": leader.id, "end": chain_id})
            for org, role in members:
                joined = founded if org is leader else _date(rng, founded)
                self.sink.write("member_of", {"start": org.id, "end": chain_id, "link_role": role.value,
                                              "joined": joined})
            self.chains.append(_ChainRef(chain_id, leader, clusters, focus_zh))

    @staticmethod
    def _chain_field(sector_key: str) -> str | None:
        """The priority field a cluster's chain may take up, if any."""
        by_sector = {
            "software_info_services": PriorityField.DIGITAL_OCCUPATIONS,
            "ai_service_robots": PriorityField.DIGITAL_OCCUPATIONS,
            "metaverse": PriorityField.DIGITAL_OCCUPATIONS, "servers": PriorityField.DIGITAL_OCCUPATIONS,
            "next_gen_electronic_info_mfg": PriorityField.DIGITAL_OCCUPATIONS,
            "new_energy_storage": PriorityField.GREEN_LOW_CARBON, "future_energy": PriorityField.GREEN_LOW_CARBON,
            "intelligent_connected_nev": PriorityField.GREEN_LOW_CARBON,
            "biomedicine": PriorityField.HEALTH_ELDERLY_CARE, "medical_devices": PriorityField.HEALTH_ELDERLY_CARE,
            "modern_tcm": PriorityField.HEALTH_ELDERLY_CARE, "food_agri_processing": PriorityField.MODERN_SERVICES,
        }
        found = by_sector.get(sector_key)
        return found.value if found else None

    # -- demand and partnerships (the bulk, streamed) ---------------------------------------------

    def demands_(self) -> None:
        self.progress.phase("demands")
        rng = self.rng
        general_cum = list(accumulate(1.0 for _ in GENERAL_OCCUPATIONS))
        ranks = tuple(range(1, 9))
        all_cum = list(accumulate(DEMAND_LEVEL_WEIGHTS))
        common_cum = list(accumulate(DEMAND_LEVEL_WEIGHTS[:6]))
        low_altitude = set(self.low_altitude)
        digital = {code for code, o in ref.occupation_focus().items() if o.get("is_digital_inferred")}
        write = self.sink.writer_for("demands", ("start", "end", "headcount", "skill_level", "year", "shortage"))
        random_, gauss, levels = rng.random, rng.gauss, self.levels
        for n_done, ent in enumerate(self.enterprises):
            if EnterpriseRole.CHAIN_LEADER in ent.roles:
                n_occ, level_cum = rng.randint(12, 30), all_cum
            elif EnterpriseRole.INDUSTRY_LEADER in ent.roles:
                n_occ, level_cum = rng.randint(8, 18), common_cum
            elif ent.roles:
                n_occ, level_cum = rng.randint(4, 9), common_cum
            else:
                n_occ, level_cum = rng.randint(3, 9), common_cum
            sector = self.sectors[ent.sector]
            n_general = sum(rng.random() < 0.2 for _ in range(n_occ))
            codes = _distinct_choices(rng, sector.codes, sector.cum, n_occ - n_general)
            codes += [c for c in _distinct_choices(rng, GENERAL_OCCUPATIONS, general_cum, n_general) if c not in codes]
            log_per_occupation = math.log(max(1.0, ent.size / (40 * n_occ)))
            for code in codes:
                n_levels = rng.choice((1, 2, 2, 3, 3))
                chosen_ranks = sorted(set(rng.choices(ranks[: len(level_cum)], cum_weights=level_cum, k=n_levels)))
                base_shortage = 0.65 if code in low_altitude else 0.27 if code in digital else 0.12
                for rank in chosen_ranks:
                    headcount = math.exp(gauss(log_per_occupation, 0.7)) * LEVEL_HEADCOUNT_FACTOR[rank - 1]
                    shortage_p = base_shortage + (0.25 if rank >= 5 else 0.0)
                    level = levels[rank - 1]
                    # Stated for this year, forecast for next (with growth), or both; never neither.
                    this_year, next_year = random_() < 0.85, random_() < 0.75
                    if this_year or not next_year:
                        write((ent.id, code, str(max(1, round(headcount))), level, "2025",
                               "true" if random_() < shortage_p else "false"))
                    if next_year:
                        write((ent.id, code, str(max(1, round(headcount * (0.9 + 0.45 * random_())))), level,
                               "2026", "true" if random_() < shortage_p else "false"))
            if n_done % 1000 == 999:
                self.progress.tick(3000)

    def partnerships_(self) -> None:
        self.progress.phase("partnerships")
        rng = self.rng
        kinds = [k for k, *_ in PARTNERSHIP_KINDS]
        kind_cum = list(accumulate(w for _, w, *_ in PARTNERSHIP_KINDS))
        trainees = {k: t for k, _, t, _ in PARTNERSHIP_KINDS}
        # ISO dates from each kind's first year to the end of 2025, drawn by index (a million-row hot path).
        days = [dt.date.fromordinal(o).isoformat()
                for o in range(dt.date(min(y for *_, y in PARTNERSHIP_KINDS), 1, 1).toordinal(),
                               LATEST_DATE.toordinal() + 1)]
        first_day = {k: days.index(f"{y}-01-01") for k, _, _, y in PARTNERSHIP_KINDS}
        form_of = {PartnershipKind.INTERNSHIP: "internship", PartnershipKind.INDUSTRY_COLLEGE: "college",
                   PartnershipKind.ORDER_CLASS: "class", PartnershipKind.NAMED_CLASS: "class"}
        # Counterpart weights by school type for each cooperation form; same district ×4.
        forms: dict[str, tuple[list[_Org], list[float]]] = {
            "internship": (self.schools, [{"university": 3, "higher_vocational": 3}.get(s.school_type, 1.5)
                                          for s in self.schools]),
            "class": (self.schools, [{"university": 0.3, "higher_vocational": 3}.get(s.school_type, 2.0)
                                     for s in self.schools]),
            "college": (self.schools, [{"university": 1.0, "higher_vocational": 2.0}.get(s.school_type, 0.0)
                                       for s in self.schools]),
            "apprentice_school": (self.schools, [{"technical_school": 3.0, "secondary_vocational": 1.0,
                                                  "higher_vocational": 1.0}.get(s.school_type, 0.0)
                                                 for s in self.schools]),
            "apprentice_tp": (self.trainers, [1.0] * len(self.trainers)),
        }
        cums: dict[tuple[str, str], list[float]] = {}
        for form, (orgs, weights) in forms.items():
            for d in self.district_ids:
                cums[form, d] = list(accumulate(w * (4.0 if o.district == d else 1.0) for o, w in zip(orgs, weights,
                                                                                                        strict=True)))
        write = self.sink.writer_for("partners_with", ("start", "end", "kind", "trainees", "since"))
        for n_done, ent in enumerate(self.enterprises):
            if EnterpriseRole.CHAIN_LEADER in ent.roles:
                n = rng.randint(30, 80)
            elif EnterpriseRole.INDUSTRY_LEADER in ent.roles:
                n = rng.randint(10, 30)
            elif EnterpriseRole.LITTLE_GIANT in ent.roles:
                n = rng.randint(5, 14)
            elif ent.roles:
                n = rng.randint(4, 10)
            else:
                n = rng.choice((0, 1, 2, 2, 3, 3, 4, 4, 5, 6, 8, 10))
            seen: set[tuple[str, str]] = set()
            big = ent.size >= 500
            for _ in range(n):
                kind = rng.choices(kinds, cum_weights=kind_cum)[0]
                if kind == PartnershipKind.INDUSTRY_COLLEGE and not big:
                    kind = PartnershipKind.ORDER_CLASS
                if kind == PartnershipKind.APPRENTICESHIP:
                    # New apprenticeships run with a training provider or a (technical) school.
                    form = "apprentice_tp" if rng.random() < 0.5 else "apprentice_school"
                else:
                    form = form_of[kind]
                orgs = forms[form][0]
                if not orgs:
                    continue
                partner = rng.choices(orgs, cum_weights=cums[form, ent.district])[0]
                if (partner.id, kind.value) in seen:
                    continue
                seen.add((partner.id, kind.value))
                first = first_day[kind]
                write((ent.id, partner.id, kind.value, str(rng.randint(*trainees[kind])),
                       days[first + int(rng.random() * (len(days) - first))]))
            if n_done % 1000 == 999:
                self.progress.tick(3000)

    # -- platforms, stations, parks, consortia ----------------------------------------------------

    def platforms_(self) -> None:
        self.progress.phase("platforms")
        rng = self.rng
        hosts: list[_Org] = []
        weights: list[float] = []
        for e in self.enterprises:
            w = (20.0 if EnterpriseRole.CHAIN_LEADER in e.roles else 8.0 if EnterpriseRole.INDUSTRY_LEADER in e.roles
                 else 3.0 if EnterpriseRole.LITTLE_GIANT in e.roles else 1.0 if e.roles else 0.03)
            hosts.append(e)
            weights.append(w)
        school_w = {"university": 6.0, "higher_vocational": 10.0, "secondary_vocational": 4.0, "technical_school": 10.0}
        for s in self.schools:
            hosts.append(s)
            weights.append(school_w[s.school_type])
        for o in self.trainers + self.institutes:
            hosts.append(o)
            weights.append(0.6)
        host_cum = list(accumulate(weights))
        kind_tables = {k: ([kind for kind, _ in v], list(accumulate(w for _, w in v)))
                       for k, v in PLATFORM_KINDS_BY_HOST.items()}
        level_cum = list(accumulate((3.0, 32.0, 65.0)))
        levels = (PlatformLevel.NATIONAL, PlatformLevel.MUNICIPAL, PlatformLevel.DISTRICT)
        for i in range(self.spec.platforms):
            host = rng.choices(hosts, cum_weights=host_cum)[0]
            kinds, kcum = kind_tables[host.kind]
            kind = rng.choices(kinds, cum_weights=kcum)[0]
            level = rng.choices(levels, cum_weights=level_cum)[0]
            if kind in (PlatformKind.DIGITAL_SKILLS_PILOT_ZONE, PlatformKind.INTERNATIONAL_CERTIFICATION_STATION):
                level = PlatformLevel.MUNICIPAL  # these are designated by the city
            trade = ""
            if kind in (PlatformKind.SKILL_MASTER_STUDIO, PlatformKind.CRAFTSMAN_INNOVATION_STUDIO):
                # Studios are named after their master's trade.
                trades = host.occupations or (self.sectors[host.sector].codes if host.sector else ())
                trade = self.occupation_names[rng.choice(trades)] if trades else ""
            kind_en = kind.value.replace("_", " ").title()
            zh, en = self._unique_name(
                partial(_pair, f"{host.short}{trade}{kind.label_zh}", f"{host.short_en} {kind_en}"))
            plat_id = f"plat-{i + 1:05d}"
            self.sink.write("platform", {"id": plat_id, "name_zh": zh, "name_en": en, "kind": kind.value,
                                         "level": level.value, "district": host.district,
                                         "founded": _date(rng, dt.date(2010, 1, 1))})
            self.sink.write("hosts", {"start": host.id, "end": plat_id})
        self.progress.tick(self.spec.platforms)

    def stations_(self) -> None:
        """Eco-parks, the existing service stations (in parks where one is at hand) and whom they serve."""
        self.progress.phase("service stations and eco-parks")
        rng, spec = self.rng, self.spec
        park_districts = _weighted_sample(rng, self.district_ids,
                                          [DISTRICT_WEIGHT.get(d, 0.5) if d not in self.county_12 else 0.0
                                           for d in self.district_ids], spec.eco_parks)
        parks: dict[str, str] = {}
        for i, district in enumerate(park_districts):
            park_id = f"park-{i + 1:03d}"
            d = self.districts[district]
            lat, lng = self._position(district, 0.02)
            self.sink.write("eco_park", {"id": park_id, "name_zh": f"{d['name_zh']}技能人才生态园区",
                                         "name_en": f"{_district_short_en(d)} Skills Talent Eco-Park",
                                         "district": district, "lat": lat, "lng": lng})
            parks[district] = park_id
        # Stations sit next to chain leaders in the main city; the counties have none yet.
        candidates = [c for c in self.chains if c.leader.district not in self.county_12]
        anchors = rng.sample(candidates, min(len(candidates), spec.service_stations))
        for i, (chain_id, leader, clusters, focus_zh) in enumerate(anchors):
            station_id = f"station-{i + 1:03d}"
            d = self.districts[leader.district]
            zh, en = self._unique_name(partial(_pair, f"{d['name_zh']}{focus_zh}产教评技能生态链服务站",
                                               f"{_district_short_en(d)} Skills Ecosystem Service Station"))
            lat = min(32.4, max(27.6, d["lat"] + rng.gauss(0, 0.02)))
            lng = min(110.4, max(105.1, d["lng"] + rng.gauss(0, 0.02)))
            self.sink.write("service_station", {
                "id": station_id, "name_zh": zh, "name_en": en, "district": leader.district,
                "lat": f"{lat:.5f}", "lng": f"{lng:.5f}", "opened": _date(rng, dt.date(2024, 9, 1)),
            })
            others = [c for c in self.chains if c.id != chain_id and (c.leader.district == leader.district
                                                                         or set(c.clusters) & set(clusters))]
            if not others:  # a station with no neighbour chain reaches out to chains elsewhere
                others = [c for c in self.chains if c.id != chain_id]
            served = [chain_id] + [c.id for c in rng.sample(others, min(len(others), rng.randint(1, 6)))]
            for served_id in served:
                self.sink.write("serves", {"start": station_id, "end": served_id})
            if leader.district in parks:
                self.sink.write("part_of", {"start": station_id, "end": parks[leader.district]})

    def consortia_(self) -> None:
        self.progress.phase("consortia")
        rng, spec = self.rng, self.spec
        lo, hi = spec.consortium_size
        city_districts = _weighted_sample(
            rng, self.district_ids, [DISTRICT_WEIGHT.get(d, 0.5) for d in self.district_ids], spec.city_consortia)
        n = 0
        for district in city_districts:
            n += 1
            d = self.districts[district]
            cons_id = f"cons-{n:03d}"
            self.sink.write("consortium", {"id": cons_id, "name_zh": f"重庆市{d['name_zh']}市域产教联合体",
                                           "name_en": f"{_district_short_en(d)} City Industry-Education Consortium",
                                           "kind": ConsortiumKind.CITY_CONSORTIUM.value})
            local = [o for o in self.schools + self.trainers + self.institutes if o.district == district]
            local_firms = [e for e in self.enterprises if e.district == district]
            size = rng.randint(lo, hi)
            local = rng.sample(local, min(len(local), size // 3))
            members = local + rng.sample(local_firms, min(len(local_firms), size - len(local)))
            for org in members:
                self.sink.write("part_of", {"start": org.id, "end": cons_id})
        cluster_w = [CHAIN_TIER_WEIGHT[c["tier"]] for c in ref.clusters()]
        cluster_ids = [c["id"] for c in ref.clusters()]
        for cluster in _weighted_sample(rng, cluster_ids, cluster_w, spec.industry_communities):
            n += 1
            c = self.clusters[cluster]
            cons_id = f"cons-{n:03d}"
            self.sink.write("consortium", {"id": cons_id, "name_zh": f"重庆{c['name_zh']}行业产教融合共同体",
                                           "name_en": f"Chongqing {c['name_en']} Industry-Education Community",
                                           "kind": ConsortiumKind.INDUSTRY_COMMUNITY.value})
            codes = set(self.sectors[cluster].codes)
            schools = [s for s in self.schools if codes.intersection(s.occupations)]
            firms = [e for e in self.enterprises if cluster in e.clusters]
            institutes = [r for r in self.institutes if r.sector == cluster]
            size = rng.randint(lo, hi)
            members = (rng.sample(schools, min(len(schools), size // 4))
                       + rng.sample(institutes, min(len(institutes), 3))
                       + _weighted_sample(rng, firms, [5.0 if e.roles else 1.0 for e in firms], size - size // 4))
            for org in members:
                self.sink.write("part_of", {"start": org.id, "end": cons_id})

    def run(self) -> None:
        self.enterprises_()
        self.schools_()
        self.trainers_()
        self.evaluators_()
        self.services_()
        self.enterprise_training_()
        self.chains_()
        self.demands_()
        self.partnerships_()
        self.platforms_()
        self.stations_()
        self.consortia_()
        self.progress.finish()


def generate(scale: Scale, seed: int, out: Path, progress: ProgressFn | None = None) -> GenerateSummary:
    """Write the demo data set of `scale` for `seed` into the folder `out`; the same seed gives the same bytes."""
    spec = SCALES[scale]
    sink = _Sink(out)
    try:
        _Generator(spec, seed, sink, progress).run()
    finally:
        sink.close()
    return GenerateSummary(scale=scale, seed=seed, out=out, rows=dict(sink.rows))
