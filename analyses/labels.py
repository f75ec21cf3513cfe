"""What the answers' fields and words are called, in Chinese and English: one place for headers of exported
tables, printed reports and the UI (served by `GET /api/v1/vocabulary` as the `field` list).

A field has one name everywhere (`unmet_headcount` in Cypher, Python, JSON and here); this module only says
how a person reads it.
"""

import re
from functools import cache
from typing import Literal

from graph_model import NODE_KINDS
from graph_model.enums import vocabulary

Lang = Literal["zh", "en"]

FIELDS: dict[str, tuple[str, str]] = {
    # who and where
    "id": ("编号", "ID"),
    "name": ("名称", "Name"),
    "name_zh": ("名称", "Name (Chinese)"),
    "name_en": ("英文名称", "Name (English)"),
    "kind": ("类型", "Kind"),
    "kind_zh": ("类型（中文）", "Kind (Chinese)"),
    "type": ("类别", "Type"),
    "region": ("区域", "Region"),
    "district": ("区县", "District"),
    "district_name_zh": ("区县名称", "District name (Chinese)"),
    "district_name_en": ("区县英文名称", "District name (English)"),
    "districts": ("区县", "Districts"),
    "lat": ("纬度", "Latitude"),
    "lng": ("经度", "Longitude"),
    "chain": ("生态链", "Chain"),
    "cluster": ("产业集群", "Cluster"),
    "cluster_ids": ("产业集群", "Clusters"),
    "priority_field": ("重点领域", "Priority field"),
    "priority_fields": ("重点领域", "Priority fields"),
    "target": ("对象", "Target"),
    "centre": ("中心节点", "Centre"),
    "status": ("状态", "Status"),
    "properties": ("属性", "Properties"),
    "relationship": ("关系", "Relationship"),
    "relationships": ("关系数", "Relationships"),
    "direction": ("方向", "Direction"),
    "depth": ("层数", "Depth"),
    "start": ("起点", "Start"),
    "end": ("终点", "End"),
    "nodes": ("节点", "Nodes"),
    "edges": ("关系", "Edges"),
    "total_nodes": ("节点总数", "Nodes in all"),
    "cut_nodes": ("未显示节点", "Nodes cut"),
    "truncated": ("已截断", "Truncated"),
    "neighbours": ("关联节点", "Neighbours"),
    "neighbours_total": ("关联节点总数", "Neighbours in all"),
    "count": ("数量", "Count"),
    # occupations and levels
    "occupation_id": ("职业编码", "Occupation code"),
    "occupation_ids": ("职业编码", "Occupation codes"),
    "occupations": ("职业", "Occupations"),
    "occupations_total": ("职业数", "Occupations in all"),
    "skill_level": ("技能等级", "Skill level"),
    "skill_levels": ("技能等级", "Skill levels"),
    "demand_levels": ("需求等级", "Levels demanded"),
    "levels_matched": ("匹配等级", "Levels matched"),
    "level": ("置信水平（%）", "Level (%)"),
    "listed_code": ("名单中的编码", "Code on the list"),
    # demand and supply
    "year": ("年份", "Year"),
    "years": ("年份", "Years"),
    "current": ("当年", "Current year"),
    "planned": ("企业用工计划", "Firms' plans"),
    "history": ("历史", "History"),
    "supply_years": ("供给年份", "Supply years"),
    "demand": ("需求（人）", "Demand (people)"),
    "demand_lo": ("需求下限", "Demand, low"),
    "demand_hi": ("需求上限", "Demand, high"),
    "headcount": ("需求人数", "Headcount"),
    "declared_shortage": ("企业申报紧缺（人）", "Declared short (people)"),
    "graduates": ("毕业生（人/年）", "Graduates (people/yr)"),
    "training_capacity": ("培训能力（人次/年）", "Training capacity (people/yr)"),
    "evaluation_capacity": ("评价能力（人次/年）", "Evaluation capacity (people/yr)"),
    "supply": ("供给（毕业生＋培训）", "Supply (graduates + training)"),
    "supply_demand_ratio": ("供需比", "Supply / demand"),
    "vacancy_ratio": ("求人倍率", "Vacancy ratio"),
    "no_supply": ("无供给", "No supply"),
    "location_quotient": ("区位商", "Location quotient"),
    "shortage": ("紧缺", "Shortage"),
    "shortage_reason": ("紧缺原因", "Shortage reason"),
    "reason": ("原因", "Reason"),
    "reason_zh": ("推荐理由", "Reason (Chinese)"),
    "reason_en": ("推荐理由（英文）", "Reason"),
    "reasons_zh": ("推荐理由", "Reasons (Chinese)"),
    "reasons_en": ("推荐理由（英文）", "Reasons"),
    "region_demand": ("区域需求", "Demand in the region"),
    "city_demand": ("全市需求", "Demand in the city"),
    "total_demand": ("需求合计", "Total demand"),
    "unmet": ("未满足需求（人）", "Unmet demand (people)"),
    "unmet_demand": ("未满足需求（人）", "Unmet demand (people)"),
    "unmet_headcount": ("未满足需求（人）", "Unmet headcount"),
    "unmet_total": ("未满足需求合计", "Unmet demand in all"),
    "demand_headcount": ("需求人数", "Demand headcount"),
    "gap": ("缺口（人）", "Gap (people)"),
    "gap_lo": ("缺口下限", "Gap, low"),
    "gap_hi": ("缺口上限", "Gap, high"),
    "forecast_gap": ("预测缺口（人）", "Forecast gap (people)"),
    "lo": ("下限", "Low"),
    "hi": ("上限", "High"),
    "change": ("变化", "Change"),
    "trend": ("趋势", "Trend"),
    "rule": ("规则", "Rule"),
    "rule_zh": ("规则（中文）", "Rule (Chinese)"),
    "method": ("方法", "Method"),
    "horizon": ("预测年数", "Horizon (years)"),
    "too_short": ("历史不足、不作预测", "Too short to forecast"),
    "shortage_occupations": ("紧缺职业数", "Shortage occupations"),
    "enterprises": ("企业数", "Enterprises"),
    "evaluators_in_city": ("全市评价机构数", "Evaluators in the city"),
    "evaluators_in_reach": ("范围内限定范围评价机构", "Scoped evaluators in reach"),
    "demanded_pairs": ("需求职业×等级数", "Occupation × level pairs demanded"),
    "desert_headcount": ("评价空白需求（人）", "Headcount in deserts"),
    "desert_share": ("评价空白占比", "Share in deserts"),
    # chains and coverage
    "link": ("环节", "Link"),
    "link_role": ("环节", "Link"),
    "link_roles": ("环节", "Links"),
    "links": ("环节覆盖", "Coverage by link"),
    "missing_links": ("缺失环节", "Missing links"),
    "covered_links": ("已覆盖环节", "Links covered"),
    "members": ("成员数", "Members"),
    "members_by_link": ("各环节成员", "Members by link"),
    "is_leader": ("链主", "Leader"),
    "basis": ("计算依据", "Basis"),
    "covered_headcount": ("已覆盖需求（人）", "Headcount covered"),
    "value": ("数值", "Value"),
    "score": ("得分", "Score"),
    "rank": ("排名", "Rank"),
    "demand_supply": ("供需", "Demand and supply"),
    # the 13 measures
    "measure": ("措施", "Measure"),
    "measure_name_zh": ("措施名称", "Measure (Chinese)"),
    "measure_name_en": ("措施名称（英文）", "Measure"),
    "indicator": ("指标", "Indicator"),
    "unit": ("单位", "Unit"),
    "goal": ("目标值", "Goal"),
    "goal_source": ("目标依据", "Goal from"),
    "meets_goal": ("达到目标", "Goal met"),
    "reference": ("参考值", "Reference figure"),
    "reference_note": ("参考值说明", "Reference figure from"),
    "reported": ("填报单位数", "Reporting"),
    "of": ("应填报单位数", "Could report"),
    "scope": ("评价范围", "Scope"),
    "track": ("备案类型", "Track"),
    "city_wide": ("全市口径", "City-wide"),
    "detail": ("明细", "Detail"),
    "city": ("全市", "City"),
    # national comparison
    "shortage_list": ("紧缺职业名单", "Shortage list"),
    "edition": ("期次", "Edition"),
    "quarter": ("季度", "Quarter"),
    "local_shortages": ("本地紧缺职业数", "Local shortages"),
    "overlap": ("重合数", "Overlap"),
    "rank_correlation": ("排名相关系数", "Rank correlation"),
    "both": ("两者均有", "On both"),
    "local_only": ("仅本地紧缺", "Local only"),
    "national_only": ("仅全国名单", "National list only"),
    "national_rank": ("全国排名", "National rank"),
    "local_rank": ("本地排名", "Local rank"),
    # stations
    "stations": ("服务站", "Stations"),
    "existing_stations": ("现有服务站", "Existing stations"),
    "question": ("问题", "Question"),
    "radius_km": ("服务半径（公里）", "Radius (km)"),
    "k": ("新增站点数", "New stations"),
    "capacity": ("服务能力", "Capacity"),
    "demand_points": ("需求点数", "Demand points"),
    "candidate_sites": ("候选站点数", "Candidate sites"),
    "points": ("点数", "Points"),
    "covered_before": ("新增前已覆盖", "Covered before"),
    "covered_after": ("新增后覆盖", "Covered after"),
    "share_before": ("新增前覆盖率", "Share before"),
    "share_after": ("新增后覆盖率", "Share after"),
    "uncoverable": ("无法覆盖", "Uncoverable"),
    "marginal_gain": ("边际新增覆盖", "Marginal gain"),
    "newly_covered": ("新覆盖", "Newly covered"),
    "organisations": ("覆盖单位", "Organisations covered"),
    "organisations_total": ("覆盖单位数", "Organisations in all"),
    "solver": ("求解器", "Solver"),
    "objective": ("目标值", "Objective"),
    "bound": ("界", "Bound"),
    "seconds": ("用时（秒）", "Seconds"),
    # partners
    "weighted_by": ("加权依据", "Weighted by"),
    "occupation_match": ("职业匹配", "Occupation match"),
    "level_match": ("等级匹配", "Level match"),
    "spare_capacity": ("剩余能力得分", "Spare capacity"),
    "distance_km": ("距离（公里）", "Distance (km)"),
    "distance_score": ("距离得分", "Distance score"),
    "graph_proximity": ("图谱邻近度", "Graph proximity"),
    "peers_in_chain": ("链内同行", "Peers in the chain"),
    "peers_in_cluster": ("集群内同行", "Peers in the cluster"),
    "parts": ("供给类型", "Supply parts"),
    "committed": ("已承诺", "Committed"),
    "spare": ("剩余", "Spare"),
    # pages
    "items": ("条目", "Items"),
    "total": ("总数", "Total"),
    "limit": ("每页条数", "Page size"),
    "offset": ("跳过条数", "Offset"),
    "more": ("多于所列", "More than listed"),
    "order": ("排序", "Order"),
    "by": ("汇总方式", "By"),
    "key": ("键", "Key"),
}
"""How each field of an answer is headed in a table, (Chinese, English)."""

TITLES: dict[str, tuple[str, str]] = {
    "ChainRanking": ("生态链覆盖排名", "Chains by coverage"),
    "ChainCoverage": ("生态链覆盖", "Chain coverage"),
    "GapTable": ("缺口分析表", "Gap table"),
    "GapTotals": ("缺口汇总", "Gap totals"),
    "ShortageRanking": ("紧缺职业排行", "Shortage ranking"),
    "ForecastShortageRanking": ("预测紧缺职业排行", "Forecast shortage ranking"),
    "NationalComparison": ("与全国紧缺职业名单对比", "Against the national shortage list"),
    "EvaluationDeserts": ("评价空白", "Evaluation deserts"),
    "MeasureBoard": ("技能强企13条措施指标", "The 13 measures' indicators"),
    "MeasureBreakdown": ("措施指标分区对比", "An indicator by district, cluster or chain"),
    "TrendTable": ("需求与供给趋势", "Trends"),
    "ForecastTable": ("需求预测", "Forecasts"),
    "StationPlan": ("服务站布局方案", "Station plan"),
    "PartnerRecommendations": ("推荐合作伙伴", "Partners to invite"),
    "NetworkView": ("网络", "Network"),
    "SearchPage": ("搜索结果", "Search results"),
    "EntityDetail": ("节点详情", "Entity"),
    "Stats": ("图谱统计", "Statistics"),
}
"""What an answer is called, by its model (the first sheet of an export, a report's heading)."""

ANALYSIS_WORDS: dict[str, dict[str, tuple[str, str]]] = {
    "shortage_reason": {"no_supply": ("无供给", "no supply"), "vacancy_ratio": ("求人倍率高", "high vacancy ratio"),
                        "declared": ("企业申报紧缺", "declared by employers")},
    "trend": {"new": ("新出现", "new"), "worse": ("缺口扩大", "gap widening"), "steady": ("基本稳定", "steady"),
              "better": ("缺口缩小", "gap narrowing")},
    "basis": {"demand": ("按需求", "by demand"), "presence": ("按有无成员", "by presence")},
    "order": {"ratio": ("按求人倍率", "by vacancy ratio"), "unmet": ("按未满足需求", "by unmet demand")},
    "question": {"max_coverage": ("最大覆盖", "maximal covering"), "min_stations": ("最少站点", "fewest stations")},
    "weighted_by": {"unmet": ("未满足需求", "unmet demand"), "demand": ("需求", "demand")},
    "region_kind": {"city": ("全市", "city"), "district": ("区县", "district"), "county_12": ("12个县", "12 counties"),
                    "chain": ("生态链", "chain"), "cluster": ("产业集群", "cluster"), "area": ("片区", "area")},
    "part": {"graduates": ("毕业生", "graduates"), "training": ("培训", "training"),
             "evaluation": ("评价", "evaluation")},
    "unit": {"count": ("个", "count"), "ratio": ("比例", "ratio"), "persons": ("人", "persons"),
             "person-times": ("人次", "person-times"), "yuan": ("元", "yuan"),
             "per 100 enterprises": ("每百家企业", "per 100 enterprises"),
             "per 10,000 workers": ("每万名技能人才", "per 10,000 workers")},
}
"""The closed words of the analyses (not of the graph), (Chinese, English)."""

COLUMN_WORDS: dict[str, str] = {
    "skill_level": "skill_level", "skill_levels": "skill_level", "demand_levels": "skill_level",
    "levels_matched": "skill_level",
    "link": "link_role", "link_role": "link_role", "link_roles": "link_role", "missing_links": "link_role",
    "covered_links": "link_role",
    "priority_field": "priority_field", "priority_fields": "priority_field",
    "shortage_reason": "shortage_reason", "reason": "shortage_reason", "trend": "trend", "basis": "basis",
    "question": "question", "order": "order", "weighted_by": "weighted_by", "parts": "part",
    "kind": "kind", "unit": "unit",
}
"""Which word list a column's values come from (by the column's last part)."""


def column_label(field: str, lang: Lang) -> str:
    """A field's heading; a field without one (none today: a test holds it) shows its own name."""
    found = FIELDS.get(field)
    return field if found is None else found[0 if lang == "zh" else 1]


def table_title(model: str, lang: Lang) -> str:
    found = TITLES.get(model)
    return model if found is None else found[0 if lang == "zh" else 1]


@cache
def _words() -> dict[str, dict[str, tuple[str, str]]]:
    lists = {name: {w["id"]: (w["name_zh"], w["name_en"]) for w in words} for name, words in vocabulary().items()}
    lists.update(ANALYSIS_WORDS)
    lists["kind"] = {kind: (node.name_zh_label, " ".join(re.findall(r"[A-Z][a-z]*", kind)))
                     for kind, node in NODE_KINDS.items()} | ANALYSIS_WORDS["region_kind"]
    return lists


def word_of(column: str, value: str, lang: Lang) -> str:
    """A value as a person reads it: a word of the column's list named in `lang`, anything else as it is."""
    words = COLUMN_WORDS.get(column.rsplit(".", 1)[-1])
    found = _words().get(words) if words else None
    named = found.get(value) if found else None
    return value if named is None else named[0 if lang == "zh" else 1]


def all_words() -> dict[str, list[dict[str, str]]]:
    """Every word list as `[{id, name_zh, name_en}, …]`: the graph's vocabulary, the analyses' words
    (`shortage_reason`, `trend`, …) and `field`, every field's heading (what `GET /api/v1/vocabulary` serves)."""
    lists = vocabulary()
    for name, words in ANALYSIS_WORDS.items():
        lists[name] = [{"id": w, "name_zh": zh, "name_en": en} for w, (zh, en) in words.items()]
    lists["kind"] = [{"id": w, "name_zh": zh, "name_en": en} for w, (zh, en) in _words()["kind"].items()]
    lists["field"] = [{"id": field, "name_zh": zh, "name_en": en} for field, (zh, en) in FIELDS.items()]
    return lists
