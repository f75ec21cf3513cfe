"""Relationship rows validated a batch at a time, column by column.

Each distinct cell of a column is validated once, by the model's own field (a one-field model with the field's
annotation, constraints and the model's config), and the rows are put together from the validated columns. A
city's 754,000 demand rows hold a few thousand distinct cells per column, so most of the per-row work of a model
validation is gone.

A row any column cannot settle — a cell its field refuses, a required cell left empty, a spelling only the
careful path reads (是/否, 1,200), a cell past `MAX_CELL_CHARS`, a cell that is not text — goes to
`validate_row`, which explains every problem of it exactly as before. So a row's outcome does not depend on the
path it took; `tests/ingest/test_columnar.py` holds that on generated and fuzzed rows.

Only models whose rules all sit in their fields are taken (no model or field validators: those see several
fields at once); the others are validated row by row.
"""

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from itertools import repeat
from operator import methodcaller
from typing import Any, NamedTuple

from pydantic import BaseModel, ValidationError, create_model

from graph_model.relationships import Relationship
from ingest.columns import FALSE_WORDS, LIST_SEPARATORS, TRUE_WORDS, ColumnMap, field_shape
from ingest.validate import MAX_CELL_CHARS, RowError, validate_row


class CheckedRel(NamedTuple):
    """A valid relationship row: its endpoints, its key among its type's between them, its stored properties."""

    number: int
    start: str
    end: str
    key: str
    props: dict[str, Any]


def checked(number: int, rel: Relationship) -> CheckedRel:
    """A relationship validated row by row, in the form the batch path gives."""
    return CheckedRel(number, rel.start, rel.end, rel.key(), rel.properties())


_UNSETTLED: Any = object()
"""A cell only the careful, row-by-row path can settle."""

_ABSENT: Any = object()
"""An empty cell: the field's default applies."""


@dataclass(frozen=True)
class _Field:
    name: str
    shape: str
    """"list", "bool" or "plain": how a text cell becomes the field's input, as `_validate_plain` does it."""
    single: type[BaseModel]
    required: bool
    default: Any


@cache
def takes(model: type[Relationship]) -> bool:
    """Whether the model's rules all sit in its fields, so its rows can be validated column by column."""
    decorators = model.__pydantic_decorators__
    return not (decorators.field_validators or decorators.model_validators or decorators.validators
                or decorators.root_validators)


@cache
def _fields(model: type[Relationship]) -> tuple[_Field, ...]:
    fields = []
    for name, info in model.model_fields.items():
        shape = field_shape(model, name)
        single = create_model(  # type: ignore[call-overload]
            f"{model.__name__}_{name}", __config__=model.model_config, **{name: (info.annotation, info)})
        fields.append(_Field(
            name, "list" if shape.is_list else "bool" if shape.item is bool else "plain", single,
            info.is_required(), None if info.is_required() else info.get_default(call_default_factory=True)))
    return tuple(fields)


def _validated(field: _Field, value: Any) -> Any:
    """One distinct cell as its field holds it; `_ABSENT` for an empty cell, `_UNSETTLED` for the careful path."""
    if value.__class__ is not str or len(value) > MAX_CELL_CHARS:
        return _UNSETTLED
    if not value or value.isspace():
        return _ABSENT
    given: Any = value
    if field.shape == "list":
        given = [v for v in (v.strip() for v in LIST_SEPARATORS.split(value)) if v]
    elif field.shape == "bool":
        word = value.strip().lower()
        if word in TRUE_WORDS:
            given = True
        elif word in FALSE_WORDS:
            given = False
        else:
            return _UNSETTLED
    try:
        return field.single.model_validate({field.name: given}).__dict__[field.name]
    except ValidationError:
        return _UNSETTLED


def _stored(value: Any) -> Any:
    """A validated value as `Relationship.properties` stores it."""
    return value.isoformat() if isinstance(value, dt.date) else value


def validate_rels(
    model: type[Relationship], rows: Sequence[tuple[int, Mapping[str, Any]]], columns: ColumnMap, *, file: str,
) -> list[CheckedRel | list[RowError]]:
    """Each row (number, cells) as a `CheckedRel`, or the problems that reject it, in the rows' order."""
    header_of = {f: h for h, f in columns.fields.items()}
    count = len(rows)
    cells_of = [row for _, row in rows]
    stored: list[list[Any]] = []  # per field, each row's value as stored (None: not stored)
    key_parts: dict[str, list[str]] = {}  # per key field, each row's value as the key writes it
    careful: set[int] = set()  # rows for `validate_row`
    nullable = False  # whether some stored value is None (not stored)
    for field in _fields(model):
        header = header_of.get(field.name)
        if header is None:  # not a column of this file: every row gets the default
            if field.required:
                return [_careful(model, number, row, columns, file) for number, row in rows]
            default = _stored(field.default)
            nullable = nullable or default is None
            column = [list(default) for _ in range(count)] if isinstance(default, list) else [default] * count
            if field.name in model.key_fields:
                key_parts[field.name] = ["" if default is None else str(default)] * count
        else:
            cells = list(map(methodcaller("get", header), cells_of))
            distinct: dict[Any, Any] = {}
            for cell in set(cells):
                value = _validated(field, cell)
                if value is _ABSENT:
                    value = _UNSETTLED if field.required else field.default
                distinct[cell] = value if value is _UNSETTLED else _stored(value)
            column = list(map(distinct.__getitem__, cells))
            nullable = nullable or any(value is None for value in distinct.values())
            if any(value is _UNSETTLED for value in distinct.values()):
                careful.update(i for i, value in enumerate(column) if value is _UNSETTLED)
            if field.shape == "list":  # each row its own list, as `Relationship.properties` copies them
                column = [list(value) if value.__class__ is list else value for value in column]
            if field.name in model.key_fields:
                as_key = {cell: "" if value is None else str(value) for cell, value in distinct.items()}
                key_parts[field.name] = list(map(as_key.__getitem__, cells))
        stored.append(column)
    starts, ends, *props_columns = stored  # start and end come first in every relationship model
    names = list(model.model_fields)[2:]
    keys: Sequence[str]
    if not model.key_fields:
        keys = [""] * count
    elif len(model.key_fields) == 1:
        keys = key_parts[model.key_fields[0]]
    else:
        keys = list(map("|".join, zip(*(key_parts[f] for f in model.key_fields), strict=True)))
    values = zip(*props_columns, strict=True) if props_columns else repeat((), count)
    if nullable:  # the usual batch has no None to take out
        props = [{k: v for k, v in zip(names, row_values, strict=True) if v is not None} for row_values in values]
    else:
        props = [dict(zip(names, row_values, strict=True)) for row_values in values]
    out: list[CheckedRel | list[RowError]] = list(map(CheckedRel, (n for n, _ in rows), starts, ends, keys, props))
    for i in careful:
        number, row = rows[i]
        out[i] = _careful(model, number, row, columns, file)
    return out


def _careful(
    model: type[Relationship], number: int, row: Mapping[str, Any], columns: ColumnMap, file: str,
) -> CheckedRel | list[RowError]:
    result = validate_row(model, row, columns, file=file, row_number=number)
    if isinstance(result, list):
        return result
    assert isinstance(result, Relationship)
    return checked(number, result)
