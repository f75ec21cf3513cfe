"""One source row → one model instance, or the reasons it was rejected in plain sentences."""

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any, get_args

from pydantic import ValidationError
from pydantic_core import ErrorDetails

from graph_model.nodes import Node
from graph_model.relationships import Relationship
from ingest.columns import FALSE_WORDS, LIST_SEPARATORS, TRUE_WORDS, CellError, ColumnMap, Model, coerce, field_shape

MAX_CELL_CHARS = 10_000
"""No field needs more (the longest, `name_en`, allows 300); longer cells are rejected unread."""

MAX_VALUE_CHARS = 200
"""How much of an offending value the report repeats."""


@dataclass(frozen=True)
class RowError:
    """Why a row was rejected: where, which field (the model's name), what was expected, what it held."""

    file: str
    row: int
    field: str
    reason: str
    value: str


def shorten(value: Any) -> str:
    """A value as report text, cut to `MAX_VALUE_CHARS`."""
    text = "" if value is None else str(value)
    return text[:MAX_VALUE_CHARS]


def validate_row(
    model: Model, row: Mapping[str, Any], columns: ColumnMap, *, file: str, row_number: int
) -> Node | Relationship | list[RowError]:
    """Validate one row into `model`; every problem of the row is reported, not just the first."""
    fast = _validate_plain(model, row, columns)
    if fast is not None:
        return fast
    data: dict[str, Any] = {}
    raw: dict[str, Any] = {}
    header_of: dict[str, str] = {}
    errors: list[RowError] = []

    def reject(field: str, reason: str, value: Any) -> None:
        header = header_of.get(field, field)
        where = f" [column {header!r}]" if header != field else ""
        errors.append(RowError(file, row_number, field, reason + where, shorten(value)))

    for header, value in row.items():
        field = columns.fields.get(header)
        if field is None:
            continue
        header_of[field] = header
        raw[field] = value
        size = len(value) if value.__class__ is str else _size(value)
        if size > MAX_CELL_CHARS:
            reject(field, f"the cell holds {size:,} characters; at most {MAX_CELL_CHARS:,} are accepted (limit "
                   "MAX_CELL_CHARS)", value)
            continue
        try:
            coerced = coerce(model, field, value)
        except CellError as exc:
            reject(field, str(exc), value)
            continue
        if coerced is not None:
            data[field] = coerced
    try:
        instance = model.model_validate(data)
    except ValidationError as exc:
        reported = {e.field for e in errors}
        for detail in exc.errors(include_url=False):
            field = str(detail["loc"][0]) if detail["loc"] else ""
            if field not in reported:  # a cell that could not even be read is already explained
                reject(field, plain_sentence(model, detail), raw.get(field, detail.get("input")))
        return errors
    return errors or instance


def _validate_plain(model: Model, row: Mapping[str, Any], columns: ColumnMap) -> Node | Relationship | None:
    """The fast path for the usual row: text cells in canonical spellings, converted by pydantic in one call.

    Returns None whenever anything needs the careful path (Chinese booleans, thousands separators,
    huge cells, or any validation error), which then explains every problem.
    """
    data: dict[str, Any] = {}
    lists, bools = _special_fields(model)
    fields = columns.fields
    for header, value in row.items():
        field = fields.get(header)
        if field is None:
            continue
        if value.__class__ is not str or len(value) > MAX_CELL_CHARS:
            return None
        if not value or value.isspace():
            continue
        if field in lists:
            items = [v.strip() for v in LIST_SEPARATORS.split(value)]
            data[field] = [v for v in items if v]
        elif field in bools:
            word = value.strip().lower()
            if word in TRUE_WORDS:
                data[field] = True
            elif word in FALSE_WORDS:
                data[field] = False
            else:
                return None
        else:
            data[field] = value
    try:
        return model.model_validate(data)
    except ValidationError:
        return None


@cache
def _special_fields(model: Model) -> tuple[frozenset[str], frozenset[str]]:
    """The list fields and the boolean fields of a model."""
    shapes = {name: field_shape(model, name) for name in model.model_fields}
    return (
        frozenset(n for n, s in shapes.items() if s.is_list),
        frozenset(n for n, s in shapes.items() if not s.is_list and s.item is bool),
    )


def _size(value: Any) -> int:
    if isinstance(value, list | dict):
        return sum(_size(v) for v in (value.values() if isinstance(value, dict) else value))
    return len(value) if isinstance(value, str) else 0


def plain_sentence(model: Model, detail: ErrorDetails) -> str:
    """A pydantic error as a sentence a user can act on."""
    kind = detail["type"]
    ctx = detail.get("ctx") or {}
    field = str(detail["loc"][0]) if detail["loc"] else ""
    got = detail.get("input")
    if kind == "missing":
        return "a value is required but none was given"
    if kind == "value_error":
        return str(ctx.get("error", detail["msg"]))
    if kind in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
        return _range_sentence(model, field, got)
    if kind in ("int_parsing", "int_type"):
        return f"expected a whole number, got {got!r}"
    if kind == "int_from_float":
        return f"expected a whole number, got {got!r} (it has a fraction)"
    if kind in ("float_parsing", "float_type"):
        return f"expected a number, got {got!r}"
    if kind == "string_pattern_mismatch" and field in ("id", "start", "end"):
        return "an id must not contain spaces or other whitespace"
    if kind == "string_too_long":
        return f"at most {ctx.get('max_length')} characters are accepted, got {len(str(got)):,}"
    if kind == "string_too_short":
        return "a value is required but the cell is empty"
    if kind == "string_type":
        return f"expected text, got {type(got).__name__}"
    if kind == "list_type":
        return "expected a list (values separated by ';')"
    return str(detail["msg"])


def _range_sentence(model: Model, field: str, got: Any) -> str:
    low, high = _bounds(model, field)
    where = {"lat": " (Chongqing's latitudes)", "lng": " (Chongqing's longitudes)"}.get(field, "")
    if low is not None and high is not None:
        return f"must be between {low:,} and {high:,}{where}, got {got}"
    if low is not None:
        return f"must be at least {low:,}{where}, got {got}"
    return f"must be at most {high:,}{where}, got {got}"


def _bounds(model: Model, field: str) -> tuple[Any, Any]:
    """A field's ge/le bounds, also when they sit inside an optional type (`Latitude | None`)."""
    info = model.model_fields.get(field)
    if info is None:
        return None, None
    metadata = list(info.metadata)
    stack = [info.annotation]
    while stack:
        for arg in get_args(stack.pop()):
            metadata.extend(getattr(arg, "metadata", ()))
            stack.append(arg)
    low = next((m.ge for m in metadata if hasattr(m, "ge")), None)
    high = next((m.le for m in metadata if hasattr(m, "le")), None)
    return low, high
