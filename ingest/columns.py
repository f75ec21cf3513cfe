"""What a source file holds: its kind from its name, its columns' fields, its cells as model values.

The contract is `docs/data-format.md`: file names, English field names, the Chinese headers users
really write, list and boolean spellings.
"""

import datetime as dt
import difflib
import functools
import json
import re
import types
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import Enum
from functools import cache
from pathlib import Path
from typing import Annotated, Any, Union, get_args, get_origin

from graph_model.enums import SYNONYMS_ZH, Bilingual
from graph_model.nodes import NODE_KINDS, ORGANISATION_LABEL, Node
from graph_model.relationships import REL_KINDS, Relationship
from ingest.readers import FileError

Model = type[Node] | type[Relationship]

NODE_FILES: dict[str, str] = {re.sub(r"(?<!^)(?=[A-Z])", "_", label).lower(): label for label in NODE_KINDS}
"""File name → node kind: the kind in snake case (`training_provider` → TrainingProvider)."""

REL_FILES: dict[str, str] = {rel_type.lower(): rel_type for rel_type in REL_KINDS}
"""File name → relationship type (`member_of` → MEMBER_OF)."""

FILE_KINDS: dict[str, str] = {**NODE_FILES, **REL_FILES}

KIND_ORDER: tuple[str, ...] = (*NODE_KINDS, *REL_KINDS)
"""Load order: every node kind before any relationship type."""


def kind_for_file(path: Path) -> str | None:
    """The node kind or relationship type a file holds, from its name; None if the name says none.

    The stem must start with a kind's file name, followed by nothing or by `-`, `_`, `.` and
    anything: `enterprise-2025.csv` is Enterprise, `enterprises.csv` is nothing.
    """
    stem = path.stem.strip().lower()
    for name in sorted(FILE_KINDS, key=len, reverse=True):
        if stem == name or (stem.startswith(name) and stem[len(name)] in "-_."):
            return FILE_KINDS[name]
    return None


def model_for(kind: str) -> Model:
    return NODE_KINDS[kind] if kind in NODE_KINDS else REL_KINDS[kind]


def is_node_kind(kind: str) -> bool:
    return kind in NODE_KINDS


# Chinese (and a few English) headers users write, each with the fields it may mean in preference
# order; the first that the file's kind has wins (类型 is `school_type` in school.csv, `kind` in
# platform.csv).
_ALIASES: dict[str, tuple[str, ...]] = {
    "编号": ("id",),
    "唯一编号": ("id",),
    "标识": ("id",),
    "名称": ("name_zh",),
    "中文名称": ("name_zh",),
    "中文名": ("name_zh",),
    "单位名称": ("name_zh",),
    "机构名称": ("name_zh",),
    "name": ("name_zh",),
    "英文名称": ("name_en",),
    "英文名": ("name_en",),
    "统一社会信用代码": ("uscc",),
    "社会信用代码": ("uscc",),
    "信用代码": ("uscc",),
    "credit_code": ("uscc",),
    "区县": ("district",),
    "所在区县": ("district",),
    "所属区县": ("district",),
    "所在区": ("district",),
    "区县名称": ("district",),
    "行政区": ("district",),
    "纬度": ("lat",),
    "latitude": ("lat",),
    "经度": ("lng",),
    "longitude": ("lng",),
    "lon": ("lng",),
    "成立日期": ("founded",),
    "成立时间": ("founded",),
    "创建日期": ("founded",),
    "设立日期": ("founded", "opened"),
    "开业日期": ("opened",),
    "启用日期": ("opened",),
    "挂牌日期": ("opened", "founded"),
    "企业角色": ("roles",),
    "企业类别": ("roles",),
    "角色": ("roles", "link_role"),
    "产业集群": ("cluster_ids",),
    "所属集群": ("cluster_ids",),
    "所属产业集群": ("cluster_ids",),
    "集群": ("cluster_ids",),
    "clusters": ("cluster_ids",),
    "员工人数": ("employees",),
    "职工人数": ("employees", "workers"),
    "员工数": ("employees",),
    "从业人数": ("employees",),
    "是否备案评价机构": ("filed_evaluation_body",),
    "备案评价机构": ("filed_evaluation_body",),
    "贯通评价": ("cross_track_evaluation",),
    "可被推荐": ("discoverable",),
    "学校标识码": ("school_code",),
    "标识码": ("school_code",),
    "技工院校层次": ("technical_grade",),
    "技工院校类别": ("technical_grade",),
    "技工学校类别": ("technical_grade",),
    "认定类别": ("programme",),
    "名单类别": ("programme",),
    "认定级别": ("level",),
    "批次": ("batch",),
    "认定批次": ("batch",),
    "认定年度": ("year",),
    "认定年份": ("year",),
    "有效期至": ("valid_until",),
    "有效期": ("valid_until",),
    "认定机构": ("publisher",),
    "来源": ("source",),
    "出处": ("source",),
    "排名": ("rank",),
    "排序": ("rank",),
    "名次": ("rank",),
    "职业名称": ("listed_name",),
    "期次": ("edition",),
    "版次": ("edition",),
    "季度": ("quarter",),
    "发布机构": ("publisher",),
    "发布单位": ("publisher",),
    "状态": ("status",),
    "经营状态": ("status",),
    "登记状态": ("status",),
    "办学状态": ("status",),
    "关闭日期": ("closed_on",),
    "注销日期": ("closed_on",),
    "停办日期": ("closed_on",),
    "是否公开推荐": ("discoverable",),
    "是否贯通评价": ("cross_track_evaluation",),
    "类型": ("school_type", "body_type", "kind", "district_type"),
    "学校类型": ("school_type",),
    "院校类型": ("school_type",),
    "办学类型": ("school_type",),
    "在校生数": ("students",),
    "在校生人数": ("students",),
    "学生人数": ("students",),
    "机构类型": ("body_type",),
    "重点领域": ("priority_fields",),
    "平台类型": ("kind",),
    "合作形式": ("kind",),
    "合作类型": ("kind",),
    "联合体类型": ("kind",),
    "级别": ("level", "tier"),
    "平台级别": ("level",),
    "层级": ("level", "tier"),
    "专业代码": ("major_code",),
    "办学层次": ("education_level",),
    "培养层次": ("education_level",),
    "环节": ("link_role",),
    "链环节": ("link_role",),
    "所属环节": ("link_role",),
    "加入日期": ("joined",),
    "加入时间": ("joined",),
    "人数": ("headcount", "trainees", "workers"),
    "在岗人数": ("workers",),
    "职业代码": ("occupation",),
    "职业编码": ("occupation",),
    "发证数": ("certificates",),
    "证书数": ("certificates",),
    "发证数量": ("certificates",),
    "一试双证数": ("dual_certificates",),
    "双证数": ("dual_certificates",),
    "招收年度": ("cohort",),
    "培养年度": ("cohort",),
    "批次年度": ("cohort",),
    "结业人数": ("completed",),
    "完成人数": ("completed",),
    "取证人数": ("certified",),
    "取证等级": ("certified_level",),
    "备案类型": ("track",),
    "评价类型": ("track",),
    "评价范围": ("scope",),
    "备案范围": ("scope",),
    "备案日期": ("filed",),
    "不列入原因": ("excluded_reason",),
    "排除原因": ("excluded_reason",),
    "职称系列": ("title_series",),
    "月工资中位数": ("median_monthly_wage",),
    "工资中位数": ("median_monthly_wage",),
    "数值": ("value",),
    "填报值": ("value",),
    "合作国家": ("partner_countries",),
    "需求人数": ("headcount",),
    "需求数量": ("headcount",),
    "岗位需求数": ("headcount",),
    "技能等级": ("skill_level", "levels"),
    "等级": ("skill_level", "levels"),
    "年份": ("year",),
    "年度": ("year",),
    "紧缺": ("shortage",),
    "是否紧缺": ("shortage",),
    "紧缺岗位": ("shortage",),
    "计划": ("plan",),
    "用工计划": ("plan",),
    "是否计划": ("plan",),
    "毕业生数": ("graduates_per_year",),
    "年毕业生数": ("graduates_per_year",),
    "毕业生人数": ("graduates_per_year",),
    "招生数": ("enrolment",),
    "招生人数": ("enrolment",),
    "年培训能力": ("capacity_per_year",),
    "培训能力": ("capacity_per_year",),
    "年评价能力": ("capacity_per_year",),
    "评价能力": ("capacity_per_year",),
    "学员人数": ("trainees",),
    "学徒人数": ("trainees",),
    "合作开始日期": ("since",),
    "开始日期": ("since",),
    "上级编码": ("parent_code",),
    "数字职业": ("is_digital",),
    "绿色职业": ("is_green",),
    "高技能": ("is_high_skill",),
    "行政区划代码": ("code",),
    "起点": ("start",),
    "起点编号": ("start",),
    "from": ("start",),
    "终点": ("end",),
    "终点编号": ("end",),
    "to": ("end",),
}

# What users call each kind in a header such as 企业编号 or 职业编码: in that kind's own file it is
# the id (or name, for 企业名称); in a relationship file it is the start or the end, whichever
# side the type puts that kind on.
_KIND_WORDS: dict[str, tuple[str, ...]] = {
    "Enterprise": ("企业",),
    "School": ("学校", "院校"),
    "TrainingProvider": ("培训机构",),
    "EvaluationBody": ("评价机构",),
    "EmploymentService": ("就业服务机构", "人力资源服务机构"),
    "ResearchInstitute": ("科研院所",),
    "Chain": ("生态链", "链"),
    "Major": ("专业",),
    "Platform": ("平台",),
    "ServiceStation": ("服务站",),
    "EcoPark": ("园区",),
    "Consortium": ("联合体", "共同体"),
    "Cluster": ("集群",),
    "District": ("区县",),
    "Occupation": ("职业", "工种"),
    "SkillLevel": ("技能等级",),
    "Metric": ("指标", "填报指标"),
    "ShortageList": ("榜单", "排行榜", "缺工职业排行"),
    "RecognitionList": ("名单", "认定名单"),
    ORGANISATION_LABEL: ("单位", "机构", "组织"),
}
_ID_SUFFIXES = ("编号", "编码", "代码", "id")
_BARE_WORD_KINDS = frozenset({"SkillLevel", "Metric"})
_NAME_SUFFIXES = ("名称",)

LIST_SEPARATORS = re.compile(r"[;；、]")
TRUE_WORDS = frozenset({"true", "1", "yes", "y", "是"})
FALSE_WORDS = frozenset({"false", "0", "no", "n", "否"})
_DATE = re.compile(r"^(\d{4})(?:[-/.](\d{1,2})[-/.](\d{1,2})|年(\d{1,2})月(\d{1,2})日)$")
_THOUSANDS = re.compile(r"^-?\d{1,3}(,\d{3})+$")


def normalise_header(header: str) -> str:
    """Full-width to half-width, lower case, spaces and hyphens to `_`, required-marks (*) dropped."""
    text = unicodedata.normalize("NFKC", header).strip().lower().rstrip("*:").strip()
    return re.sub(r"[\s\-]+", "_", text)


def _without_unit(header: str) -> str:
    """`人数(人)` → `人数`: units in brackets after a header."""
    return re.sub(r"\(.*\)$", "", header).strip("_ ")


@dataclass(frozen=True)
class ColumnMap:
    """Which field each column of a file feeds; `ignored` columns feed none."""

    kind: str
    fields: dict[str, str]
    ignored: tuple[str, ...]

    def warnings(self) -> list[str]:
        return [_ignored_warning(self.kind, column) for column in self.ignored]


def field_for(kind: str, header: str) -> str | None:
    """The field of `kind` that a column header names, or None."""
    return _field_lookup(kind).get(_lookup_key(kind, header))


def _lookup_key(kind: str, header: str) -> str:
    key = normalise_header(header)
    lookup = _field_lookup(kind)
    if key not in lookup and _without_unit(key) in lookup:
        return _without_unit(key)
    return key


@cache
def _field_lookup(kind: str) -> dict[str, str]:
    """Every accepted header (normalised) → field, for one kind."""
    model = model_for(kind)
    fields = set(model.model_fields)
    lookup: dict[str, str] = {name: name for name in fields}
    for alias, candidates in _ALIASES.items():
        chosen = next((f for f in candidates if f in fields), None)
        if chosen is not None:
            lookup.setdefault(normalise_header(alias), chosen)
    for word_kind, words in _KIND_WORDS.items():
        field = _kind_word_field(kind, word_kind)
        if field is None:
            continue
        for word in words:
            if word_kind in _BARE_WORD_KINDS:  # 技能等级 / 指标 alone name the level or metric itself
                lookup.setdefault(normalise_header(word), field)
            for suffix in _ID_SUFFIXES:
                lookup.setdefault(normalise_header(word + suffix), field)
            if field == "id" and "name_zh" in fields:
                for suffix in _NAME_SUFFIXES:
                    lookup.setdefault(normalise_header(word + suffix), "name_zh")
    return lookup


def _kind_word_field(kind: str, word_kind: str) -> str | None:
    """`id` when the word names this file's own kind; `start`/`end` when it names one side only."""
    if kind in NODE_KINDS:
        own = NODE_KINDS[kind]
        return "id" if word_kind == kind or word_kind in own.extra_labels else None
    labels = NODE_KINDS[word_kind].labels() if word_kind in NODE_KINDS else (word_kind,)
    pairs = REL_KINDS[kind].pairs
    at_start = any(s in labels for s, _ in pairs)
    at_end = any(e in labels for _, e in pairs)
    if at_start == at_end:
        return None
    return "start" if at_start else "end"


def map_columns(kind: str, headers: Iterable[str], *, require: bool = True) -> ColumnMap:
    """Map a file's headers to fields; FileError for two columns meaning one field or, when
    `require` (a header row, not JSON Lines), for a missing required column."""
    fields: dict[str, str] = {}
    by_field: dict[str, str] = {}
    ignored: list[str] = []
    for header in headers:
        field = field_for(kind, header)
        if field is None:
            ignored.append(header)
            continue
        if field in by_field:
            raise FileError(
                f"columns {by_field[field]!r} and {header!r} both give {field}: keep only one of them"
            )
        by_field[field] = header
        fields[header] = field
    if require:
        model = model_for(kind)
        missing = [name for name, info in model.model_fields.items() if info.is_required() and name not in by_field]
        if missing:
            raise FileError(
                f"missing required column{'s' if len(missing) > 1 else ''} "
                + "; ".join(_accepted_names(kind, name) for name in missing)
                + f" (the file has: {', '.join(map(repr, headers)) or 'no columns'})"
            )
    return ColumnMap(kind, fields, tuple(ignored))


def _accepted_names(kind: str, field: str) -> str:
    aliases = [a for a, f in _field_lookup(kind).items() if f == field and a != field and not a.isascii()]
    return f"{field!r}" + (f" (or {', '.join(aliases[:4])})" if aliases else "")


def _ignored_warning(kind: str, column: str) -> str:
    names = list(model_for(kind).model_fields)
    close = difflib.get_close_matches(normalise_header(column), names, n=1, cutoff=0.75)
    hint = f" — did you mean {close[0]!r}?" if close else ""
    return f"column {column!r} is not a field of {kind}: its values are ignored{hint}"


class CellError(ValueError):
    """A cell whose text cannot be turned into the field's type; the message is for the user."""


@dataclass(frozen=True)
class Shape:
    """What a field holds: a list of `item`, or a single `item` (bool, int, float, date, enum, str)."""

    is_list: bool
    item: Any


@cache
def field_shape(model: Model, field: str) -> Shape:
    return _shape(model.model_fields[field].annotation)


def _shape(annotation: Any) -> Shape:
    origin = get_origin(annotation)
    if origin is Annotated:
        return _shape(get_args(annotation)[0])
    if origin in (Union, types.UnionType):
        inner = [a for a in get_args(annotation) if a is not type(None)]
        return _shape(inner[0])
    if origin is list:
        return Shape(True, _shape(get_args(annotation)[0]).item)
    return Shape(False, annotation)


def coerce(model: Model, field: str, value: Any) -> Any:
    """A cell's value as the field expects it, or None when the cell is empty (not given)."""
    if value is None:
        return None
    if value.__class__ is str:
        if not value.strip():
            return None
        return converter(model, field)(value)
    if isinstance(value, str) and not value.strip():
        return None
    return _convert(model, field, value)


@cache
def converter(model: Model, field: str) -> Callable[[str], Any]:
    """The conversion of a non-empty text cell for one field, chosen once per field."""
    shape = field_shape(model, field)
    if not shape.is_list and shape.item is str:
        # pydantic strips whitespace itself (str_strip_whitespace); plain text needs no work here.
        return _identity
    return functools.partial(_convert, model, field)


def _identity(value: str) -> str:
    return value


def _convert(model: Model, field: str, value: Any) -> Any:
    shape = field_shape(model, field)
    if shape.is_list:
        items = value if isinstance(value, list) else LIST_SEPARATORS.split(str(value))
        texts = [v.strip() if isinstance(v, str) else v for v in items]
        out = [_scalar(shape.item, field, v) for v in texts if v is not None and v != ""]
        return out or None
    return _scalar(shape.item, field, value)


def _scalar(kind: Any, field: str, value: Any) -> Any:
    if kind is bool:
        return _boolean(value)
    if kind is int:
        return _integer(field, value)
    if kind is float:
        return value.strip() if isinstance(value, str) else value
    if kind is dt.date:
        return _date(value)
    if isinstance(kind, type) and issubclass(kind, Enum):
        return _enum(kind, value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # Excel stores 1001 typed into a cell as 1001.0
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return value


def _boolean(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    word = str(value).strip().lower()
    if isinstance(value, int | float) and value in (0, 1):
        return bool(value)
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise CellError("expected a yes/no value: 是/否, true/false, 1/0 or yes/no")


def _integer(field: str, value: Any) -> Any:
    if isinstance(value, bool):  # JSON true is no count (Python would take it as 1)
        raise CellError(f"expected a whole number, got {json.dumps(value)}")
    if not isinstance(value, str):
        return value
    text = value.strip()
    if field == "year":
        text = text.removesuffix("年")
    if _THOUSANDS.match(text):
        text = text.replace(",", "")
    return text


def _date(value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    m = _DATE.match(text)
    if m is None:
        raise CellError("expected a date as YYYY-MM-DD (e.g. 2024-03-15)")
    year, month, day = int(m[1]), int(m[2] or m[4]), int(m[3] or m[5])
    try:
        return dt.date(year, month, day)
    except ValueError as exc:
        raise CellError(f"not a real date: {exc}") from None


def _enum(kind: type[Enum], value: Any) -> str:
    text = str(value).strip()
    for member in kind:
        if text.lower() == str(member.value) or (isinstance(member, Bilingual) and text == member.label_zh):
            return str(member.value)
    synonym = SYNONYMS_ZH.get(kind.__name__, {}).get(text)
    if synonym is not None:
        return synonym
    raise CellError(f"expected one of {enum_choices(kind)}")


def enum_choices(kind: type[Enum]) -> str:
    return ", ".join(
        f"{m.value} ({m.label_zh})" if isinstance(m, Bilingual) else str(m.value) for m in kind
    )
