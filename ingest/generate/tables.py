"""Static tables the data is drawn from: sectors, district weights, names, majors, platform and partnership kinds."""

from dataclasses import dataclass

from graph_model.enums import PartnershipKind, PlatformKind, PriorityField, SchoolType

TIER_WEIGHT = {"trillion": 6.0, "five_hundred_billion": 4.0, "hundred_billion": 2.2, "emerging": 0.8}
"""Relative number of firms per cluster of each tier: larger tiers get more firms."""

LEADER_MEDIAN_EMPLOYEES = {
    "trillion": 8000, "five_hundred_billion": 5000, "hundred_billion": 3000, "emerging": 1200, "field": 2000,
    "low_altitude": 500,
}
"""Median head count of a chain leader by its sector's tier (an industry leader: 0.3 of it). Assumptions (no
published distribution was found): docs/demo-data.md."""

OLDEST_FOUNDED = {"emerging": 2005, "low_altitude": 2010, "software_info_services": 1995, "satellite_internet": 2012,
                  "metaverse": 2012, "ai_service_robots": 2008, "life_sciences": 2000, "bio_manufacturing": 2005}
"""The earliest founding year of a firm by sector key, else by tier (young industries have no old firms)."""

APPRENTICE_SHARE_CAP = 0.05
"""An apprenticeship partnership trains at most this share of the firm's employees (at least one apprentice)."""

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

CHAIN_FIELD_BY_SECTOR: dict[str, PriorityField] = {
    "software_info_services": PriorityField.DIGITAL_OCCUPATIONS,
    "ai_service_robots": PriorityField.DIGITAL_OCCUPATIONS,
    "metaverse": PriorityField.DIGITAL_OCCUPATIONS, "servers": PriorityField.DIGITAL_OCCUPATIONS,
    "next_gen_electronic_info_mfg": PriorityField.DIGITAL_OCCUPATIONS,
    "new_energy_storage": PriorityField.GREEN_LOW_CARBON, "future_energy": PriorityField.GREEN_LOW_CARBON,
    "intelligent_connected_nev": PriorityField.GREEN_LOW_CARBON,
    "biomedicine": PriorityField.HEALTH_ELDERLY_CARE, "medical_devices": PriorityField.HEALTH_ELDERLY_CARE,
    "modern_tcm": PriorityField.HEALTH_ELDERLY_CARE, "food_agri_processing": PriorityField.MODERN_SERVICES,
}
"""The priority field a cluster's chain may take up, if any."""

CLUSTER_WORDS: dict[str, tuple[tuple[str, str], ...]] = {
    # cluster id: the trade words its firms' names use (zh, en)
    "intelligent_connected_nev": (
        ("汽车零部件", "Auto Parts"), ("新能源汽车", "New Energy Vehicle"), ("汽车电子", "Automotive Electronics"),
        ("智能网联科技", "Intelligent Connected Technology"),
    ),
    "next_gen_electronic_info_mfg": (
        ("电子科技", "Electronic Technology"), ("电子信息", "Electronic Information"),
        ("精密电子", "Precision Electronics"),
    ),
    "advanced_materials": (
        ("新材料", "New Materials"), ("材料科技", "Materials Technology"), ("特种钢材", "Special Steel"),
    ),
    "intelligent_equipment_manufacturing": (
        ("智能装备", "Intelligent Equipment"), ("机械制造", "Machinery Manufacturing"), ("数控设备", "CNC Equipment"),
        ("精密机械", "Precision Machinery"),
    ),
    "food_agri_processing": (
        ("食品", "Food"), ("农产品加工", "Agricultural Products Processing"), ("调味品", "Seasoning"),
        ("榨菜", "Preserved Mustard"), ("火锅食品", "Hotpot Foods"), ("茶业", "Tea"), ("粮油", "Grain and Oil"),
    ),
    "software_info_services": (
        ("软件", "Software"), ("信息技术", "Information Technology"), ("数字科技", "Digital Technology"),
    ),
    "new_display": (("光电显示", "Optoelectronic Display"), ("显示科技", "Display Technology")),
    "high_end_motorcycle": (("摩托车", "Motorcycle"), ("摩托车配件", "Motorcycle Parts")),
    "light_alloy_materials": (("铝业", "Aluminium"), ("轻合金", "Light Alloy"), ("镁合金", "Magnesium Alloy")),
    "light_textile": (("纺织", "Textile"), ("服饰", "Apparel")),
    "biomedicine": (("生物医药", "Biomedicine"), ("制药", "Pharmaceutical")),
    "new_energy_storage": (
        ("新能源", "New Energy"), ("储能科技", "Energy Storage Technology"), ("光伏科技", "Photovoltaic Technology"),
    ),
    "power_semiconductor_ic": (
        ("半导体", "Semiconductor"), ("集成电路", "Integrated Circuit"), ("微电子", "Microelectronics"),
    ),
    "ai_service_robots": (("机器人", "Robotics"), ("人工智能科技", "Artificial Intelligence Technology")),
    "servers": (("计算机", "Computer"), ("服务器科技", "Server Technology")),
    "smart_home": (("智能家居", "Smart Home"), ("家电", "Home Appliances")),
    "sensors_instruments": (("传感器", "Sensor"), ("仪器仪表", "Instruments")),
    "intelligent_manufacturing_equipment": (
        ("智能制造装备", "Intelligent Manufacturing Equipment"), ("自动化设备", "Automation Equipment"),
    ),
    "power_equipment": (("动力机械", "Power Machinery"), ("发动机", "Engine")),
    "agricultural_machinery": (("农业机械", "Agricultural Machinery"), ("农机装备", "Farm Equipment")),
    "fiber_composites": (("玻璃纤维", "Glass Fibre"), ("复合材料", "Composite Materials")),
    "synthetic_materials": (("化工新材料", "Chemical New Materials"), ("合成材料", "Synthetic Materials")),
    "modern_tcm": (("中药", "Traditional Chinese Medicine"), ("中药饮片", "TCM Decoction Pieces")),
    "medical_devices": (("医疗器械", "Medical Devices"), ("医疗设备", "Medical Equipment")),
    "satellite_internet": (("卫星通信", "Satellite Communications"), ("空天信息", "Aerospace Information")),
    "bio_manufacturing": (("生物科技", "Biotechnology"), ("生物制造", "Bio-manufacturing")),
    "life_sciences": (("生命科技", "Life Sciences"), ("基因科技", "Gene Technology")),
    "metaverse": (("数字内容", "Digital Content"), ("虚拟现实科技", "Virtual Reality Technology")),
    "frontier_new_materials": (("石墨烯科技", "Graphene Technology"), ("纳米材料", "Nanomaterials")),
    "future_energy": (("氢能科技", "Hydrogen Energy Technology"), ("能源科技", "Energy Technology")),
}
"""The occupations each sector employs are in the curated reference table (`ref.sector_occupations`)."""


@dataclass(frozen=True)
class FieldSector:
    """Firms of a priority field outside the clusters; `key` is the field's value."""

    name_zh: str
    name_en: str
    share: float
    cluster_ids: tuple[str, ...]
    priority_field: PriorityField
    words: tuple[tuple[str, str], ...]

    @property
    def key(self) -> str:
        return self.priority_field.value


FIELD_SECTORS: tuple[FieldSector, ...] = (
    # Firms of the priority fields outside the 33618 clusters (elderly care, services, green, digital services),
    # and the low-altitude makers that sit in the intelligent-equipment cluster.
    FieldSector("健康养老", "Health and Elderly Care", 0.05, (), PriorityField.HEALTH_ELDERLY_CARE,
                (("养老服务", "Elderly Care Services"), ("健康管理", "Health Management"), ("康养", "Wellness"))),
    FieldSector("现代服务", "Modern Services", 0.08, (), PriorityField.MODERN_SERVICES,
                (("物流", "Logistics"), ("供应链管理", "Supply Chain Management"),
                 ("家政服务", "Housekeeping Services"), ("电子商务", "E-commerce"), ("文化旅游", "Culture and Tourism"),
                 ("酒店管理", "Hotel Management"))),
    FieldSector("绿色低碳", "Green and Low-Carbon", 0.028, (), PriorityField.GREEN_LOW_CARBON,
                (("环保科技", "Environmental Technology"), ("再生资源", "Renewable Resources"),
                 ("节能服务", "Energy Conservation Services"))),
    FieldSector("数字服务", "Digital Services", 0.02, (), PriorityField.DIGITAL_OCCUPATIONS,
                (("数字科技", "Digital Technology"), ("数据服务", "Data Services"), ("网络科技", "Network Technology"),
                 ("数字营销", "Digital Marketing"))),
    FieldSector("低空经济", "Low-Altitude Economy", 0.012, ("intelligent_equipment_manufacturing",),
                PriorityField.LOW_ALTITUDE_ECONOMY,
                (("无人机", "UAV"), ("通用航空", "General Aviation"), ("低空科技", "Low-Altitude Technology"))),
)

DISTRICT_WEIGHT: dict[str, float] = {
    # Economic weight: main-city districts and the two big zones heavy, the 12 counties light. 两江新区 took over
    # 江北区 and 渝北区 in November 2025: their weights (5 and 7) are its own.
    "liangjiang_new_area": 24, "jiulongpo": 7, "shapingba": 6,
    "western_science_city_chongqing_hitech_zone": 5, "nanan": 4, "yuzhong": 4, "banan": 4, "beibei": 3,
    "dadukou": 2, "fuling": 4, "jiangjin": 4, "yongchuan": 4, "changshou": 3, "bishan": 3, "hechuan": 3,
    "wanzhou": 3.5, "qijiang": 2, "dazu": 2.2, "rongchang": 2, "tongliang": 2, "tongnan": 1.5, "nanchuan": 1.2,
    "wansheng_economic_development_zone": 0.8, "kaizhou": 1.5, "liangping": 1.5, "qianjiang": 1.0, "wulong": 0.6,
    "dianjiang": 0.7, "zhongxian": 0.5, "fengdu": 0.45, "yunyang": 0.5, "fengjie": 0.45, "wushan": 0.3,
    "wuxi": 0.2, "chengkou": 0.15, "shizhu": 0.4, "xiushan": 0.5, "youyang": 0.35, "pengshui": 0.35,
}

SECTOR_HOME_DISTRICTS: dict[str, tuple[str, ...]] = {
    # Where an industry concentrates (weight ×3 there), so clusters have a geography. The 12 counties live on
    # farm produce and its processing (忠县 citrus, 奉节 navel oranges, 丰都 beef, 城口 cured meat, 垫江), medicinal
    # herbs (石柱 黄连, 酉阳 青蒿, 秀山), tourism along the Three Gorges and in the Wuling mountains (巫山, 奉节, 云阳,
    # 巫溪, 石柱, 彭水, 酉阳) and hydropower on the Wu river (彭水, 酉阳).
    "intelligent_connected_nev": ("liangjiang_new_area", "bishan", "banan"),
    "next_gen_electronic_info_mfg": ("western_science_city_chongqing_hitech_zone", "shapingba", "liangjiang_new_area"),
    "new_display": ("liangjiang_new_area", "banan"),
    "high_end_motorcycle": ("banan", "jiulongpo", "beibei"),
    "light_alloy_materials": ("jiulongpo", "nanchuan"),
    "advanced_materials": ("changshou", "fuling", "jiulongpo"),
    "synthetic_materials": ("changshou", "fuling"),
    "fiber_composites": ("dadukou", "changshou"),
    "food_agri_processing": ("fuling", "rongchang", "jiangjin", "fengjie", "youyang", "zhongxian", "fengdu",
                             "chengkou", "dianjiang"),
    "software_info_services": ("liangjiang_new_area", "yuzhong", "nanan"),
    "biomedicine": ("liangjiang_new_area", "banan", "rongchang"),
    "new_energy_storage": ("changshou", "fuling", "liangjiang_new_area"),
    "power_semiconductor_ic": ("western_science_city_chongqing_hitech_zone", "shapingba"),
    "servers": ("western_science_city_chongqing_hitech_zone", "shapingba"),
    "smart_home": ("liangjiang_new_area", "beibei"),
    "sensors_instruments": ("beibei", "western_science_city_chongqing_hitech_zone"),
    "power_equipment": ("jiulongpo", "jiangjin", "banan"),
    "agricultural_machinery": ("jiulongpo", "yongchuan"),
    "modern_tcm": ("nanchuan", "shizhu", "xiushan", "youyang", "chengkou"),
    "medical_devices": ("banan", "liangjiang_new_area"),
    "light_textile": ("rongchang", "fuling", "wanzhou"),
    "satellite_internet": ("liangjiang_new_area",),
    "future_energy": ("liangjiang_new_area", "jiulongpo", "pengshui", "youyang"),
    "modern_services": ("liangjiang_new_area", "yuzhong", "wushan", "fengjie", "yunyang", "wuxi", "shizhu",
                        "pengshui", "youyang"),
    "digital_occupations": ("liangjiang_new_area", "yuzhong", "western_science_city_chongqing_hitech_zone"),
    "low_altitude_economy": ("liangjiang_new_area", "western_science_city_chongqing_hitech_zone", "banan"),
}

CITY_ONLY_SECTORS = frozenset({
    "software_info_services", "power_semiconductor_ic", "servers", "new_display", "satellite_internet", "metaverse",
    "life_sciences", "ai_service_robots", "digital_occupations", "low_altitude_economy",
})
"""Sectors whose firms seldom sit in the 12 counties (a third of their usual weight there); in the counties a
sector's home district weighs 6 rather than 3."""

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

REAL_BRANDS = frozenset({
    "长安", "力帆", "华润", "海康", "渝丰", "金龙", "宇通", "众泰", "长丰", "博腾", "华森", "智飞", "长城", "庆铃",
})
"""Pairs of brand syllables that spell a real firm's brand (Chongqing's and the country's best known): never used."""

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
MAJORS_PER_SCHOOL = {"university": (8, 20), "higher_vocational": (12, 24), "secondary_vocational": (6, 12),
                     "technical_school": (6, 12)}
"""How many of the modelled majors (those the clusters hire from) a school of each type offers, at least and most."""

GRADUATES_PER_MAJOR = {"university": (40, 160), "higher_vocational": (50, 200), "secondary_vocational": (30, 120),
                       "technical_school": (25, 100)}
"""Graduates a year of one major at one school, at least and most. With the city scale's school counts these give
some 270,000 graduates a year: Chongqing's colleges graduated 244,000 in 2021 and its technical schools some 30,000
a year (9.8 万 full-time students in 2018); the city reports over 300,000 skilled graduates a year from
vocational education (scale_figures.json). See docs/demo-data.md."""

SCHOOL_ID_TAG = {"university": "bk", "higher_vocational": "gz", "secondary_vocational": "zz", "technical_school": "jg"}


@dataclass(frozen=True)
class MajorTheme:
    key: str
    name_en: str
    names: tuple[str, str, str, str]
    """The major's name in each school type's catalogue (SCHOOL_TYPES order); "" where that type has none.
    Codes and the occupations each prepares for are in the curated catalogue (`ref.major_catalogue`)."""
    popularity: float = 1.0


MAJOR_THEMES: tuple[MajorTheme, ...] = (
    MajorTheme("vehicle", "Vehicle Engineering",
               ("车辆工程", "汽车制造与试验技术", "汽车制造与检测", "汽车装配与调试"), 1.5),
    MajorTheme("nev", "New Energy Vehicle Technology",
               ("新能源汽车工程", "新能源汽车技术", "新能源汽车制造与检测", "新能源汽车检测与维修"), 1.8),
    MajorTheme("icv", "Intelligent Connected Vehicle Technology", ("智能车辆工程", "智能网联汽车技术", "", "")),
    MajorTheme("auto_repair", "Automobile Inspection and Maintenance",
               ("", "汽车检测与维修技术", "汽车运用与维修", "汽车维修"), 1.5),
    MajorTheme("motorcycle", "Motorcycle Manufacturing and Maintenance", ("", "", "", "摩托车维修"), 0.5),
    MajorTheme("microelectronics", "Microelectronics and Integrated Circuits",
               ("微电子科学与工程", "集成电路技术", "微电子技术与器件制造", "")),
    MajorTheme("electronics", "Electronic Information Technology",
               ("电子信息工程", "电子信息工程技术", "电子技术应用", "电子技术应用"), 1.5),
    MajorTheme("display", "Optoelectronic Display Technology", ("光电信息科学与工程", "光电显示技术", "", ""), 0.6),
    MajorTheme("computer", "Computer Applications",
               ("计算机科学与技术", "计算机应用技术", "计算机应用", "计算机应用与维修"), 2.0),
    MajorTheme("software", "Software Technology", ("软件工程", "软件技术", "软件与信息服务", ""), 1.8),
    MajorTheme("big_data", "Big Data Technology", ("数据科学与大数据技术", "大数据技术", "", ""), 1.2),
    MajorTheme("ai", "Artificial Intelligence", ("人工智能", "人工智能技术应用", "", ""), 1.2),
    MajorTheme("cyber_security", "Information Security", ("网络空间安全", "信息安全技术应用", "网络信息安全", "")),
    MajorTheme("iot", "Internet of Things Technology",
               ("物联网工程", "物联网应用技术", "物联网技术应用", "物联网应用技术")),
    MajorTheme("vr", "Virtual Reality Technology", ("虚拟现实技术", "虚拟现实技术应用", "", ""), 0.6),
    MajorTheme("mechatronics", "Mechatronics",
               ("机械设计制造及其自动化", "机电一体化技术", "机电技术应用", "机电设备安装与维修"), 2.0),
    MajorTheme("cnc", "CNC Technology", ("", "数控技术", "数控技术应用", "数控加工"), 1.8),
    MajorTheme("welding", "Welding Technology", ("焊接技术与工程", "智能焊接技术", "焊接技术应用", "焊接加工"), 1.2),
    MajorTheme("mould", "Mould Design and Manufacturing", ("", "模具设计与制造", "模具制造技术", "模具制造")),
    MajorTheme("robotics", "Industrial Robot Technology",
               ("机器人工程", "工业机器人技术", "工业机器人技术应用", "工业机器人应用与维护"), 1.5),
    MajorTheme("smart_manufacturing", "Intelligent Manufacturing", ("智能制造工程", "智能制造装备技术", "", "")),
    MajorTheme("electrical", "Electrical Automation",
               ("电气工程及其自动化", "电气自动化技术", "电气设备运行与控制", "电气自动化设备安装与维修"), 2.0),
    MajorTheme("industrial_internet", "Industrial Internet Technology", ("", "工业互联网技术", "", "")),
    MajorTheme("instruments", "Measurement and Control Technology",
               ("测控技术与仪器", "工业过程自动化技术", "", ""), 0.7),
    MajorTheme("materials", "Materials Engineering", ("材料科学与工程", "材料工程技术", "", ""), 0.8),
    MajorTheme("metallurgy", "Metallurgy and Metal Processing", ("冶金工程", "金属智能加工技术", "", ""), 0.5),
    MajorTheme("polymer", "Polymer Materials", ("高分子材料与工程", "高分子材料智能制造技术", "", ""), 0.5),
    MajorTheme("food", "Food Processing", ("食品科学与工程", "食品智能加工技术", "食品加工工艺", "")),
    MajorTheme("food_safety", "Food Inspection and Testing", ("食品质量与安全", "食品检验检测技术", "", "")),
    MajorTheme("pharmacy", "Pharmaceutical Production", ("药学", "药品生产技术", "药剂", "")),
    MajorTheme("tcm", "Traditional Chinese Pharmacy", ("中药学", "中药制药", "中药", ""), 0.7),
    MajorTheme("medical_devices", "Medical Device Technology", ("生物医学工程", "医疗器械维护与管理", "", ""), 0.6),
    MajorTheme("textile", "Textile and Apparel",
               ("纺织工程", "现代纺织技术", "服装制作与生产管理", "服装制作与营销"), 0.6),
    MajorTheme("photovoltaic", "Photovoltaic and New Energy", ("新能源科学与工程", "光伏工程技术", "", "")),
    MajorTheme("energy_storage", "Energy Storage Technology", ("储能科学与工程", "储能材料技术", "", ""), 0.6),
    MajorTheme("environment", "Environmental Engineering", ("环境工程", "环境工程技术", "", ""), 0.8),
    MajorTheme("agri_machinery", "Agricultural Machinery",
               ("农业机械化及其自动化", "现代农业装备应用技术", "农机设备应用与维修", "农业机械使用与维护"), 0.6),
    MajorTheme("smart_agriculture", "Smart Agriculture", ("智慧农业", "现代农业技术", "", ""), 0.5),
    MajorTheme("drone", "UAV Application Technology", ("", "无人机应用技术", "无人机操控与维护", "无人机应用技术")),
    MajorTheme("general_aviation", "General Aviation Aircraft", ("飞行器制造工程", "通用航空器维修", "", "")),
    MajorTheme("elderly_care", "Smart Health and Elderly Care",
               ("养老服务管理", "智慧健康养老服务与管理", "智慧健康养老服务", "养老服务"), 1.2),
    MajorTheme("nursing", "Nursing", ("护理学", "护理", "护理", ""), 1.8),
    MajorTheme("health_management", "Health Management", ("健康服务与管理", "健康管理", "", "")),
    MajorTheme("housekeeping", "Modern Housekeeping",
               ("", "现代家政服务与管理", "现代家政服务与管理", "家政服务"), 0.8),
    MajorTheme("ecommerce", "E-commerce", ("电子商务", "电子商务", "电子商务", "电子商务"), 2.0),
    MajorTheme("logistics", "Logistics Management",
               ("物流管理", "现代物流管理", "物流服务与管理", "物流服务与管理"), 1.5),
    MajorTheme("hr", "Human Resource Management", ("人力资源管理", "人力资源管理", "", "")),
    MajorTheme("business_data", "Business Data Analysis", ("大数据管理与应用", "商务数据分析与应用", "", ""), 0.8),
    MajorTheme("communications", "Communications Technology", ("通信工程", "现代通信技术", "现代通信技术应用", "")),
    # What the 12 counties' schools teach beside the clusters' trades: tourism and hospitality, tea, hydropower.
    MajorTheme("tourism", "Tourism Management", ("旅游管理", "旅游管理", "旅游服务与管理", ""), 1.2),
    MajorTheme("cooking", "Chinese Cuisine", ("", "烹饪工艺与营养", "中餐烹饪", ""), 1.2),
    MajorTheme("hotel", "Hotel Management", ("", "酒店管理与数字化运营", "高星级饭店运营与管理", ""), 0.8),
    MajorTheme("tea", "Tea Production and Processing", ("", "茶叶生产与加工技术", "茶叶生产与加工", ""), 0.4),
    MajorTheme("hydropower", "Power Plants and Hydropower",
               ("", "发电厂及电力系统", "水电厂机电设备安装与运行", ""), 0.4),
    MajorTheme("quality", "Industrial Product Quality Inspection",
               ("质量管理工程", "工业产品质量检测技术", "", ""), 0.8),
)

COUNTY_THEME_BOOST = {
    "tourism": 4.0, "cooking": 4.0, "hotel": 3.0, "tea": 4.0, "hydropower": 3.0, "food": 3.0, "smart_agriculture": 3.0,
    "agri_machinery": 2.0, "tcm": 3.0, "elderly_care": 2.0, "ecommerce": 1.5,
}
"""How much likelier a school in one of the 12 counties offers a major of these themes (the counties' economies)."""


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

NATIONAL_LIST_LENGTH = 100
NATIONAL_SERVICE_TRADES = (
    "4-01-02-01",  # 营销员
    "4-07-05-01",  # 保安员
    "4-03-02-05",  # 餐厅服务员
    "4-02-07-08",  # 快递员
    "4-09-08-01",  # 保洁员
    "4-01-02-03",  # 商品营业员
    "4-02-05-01",  # 装卸搬运工
)
"""The service trades that lead the published national lists quarter after quarter; the demo's list puts them first."""

DEMAND_LEVEL_WEIGHTS = (3.0, 20.0, 30.0, 28.0, 13.0, 5.0, 0.6, 0.4)
"""Relative demand per rank 1–8 of the ladder; ranks 7–8 only at chain leaders (新八级 pilots)."""

LEVEL_HEADCOUNT_FACTOR = (1.0, 1.2, 1.0, 0.8, 0.5, 0.3, 0.15, 0.1)
