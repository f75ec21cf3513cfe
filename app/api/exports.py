"""Tables out of the API: an answer as XLSX or CSV, with Chinese headers (or English), for a bureau's Excel.

Every answer with a table in it (`items`, or any other list of records) can be asked for with
`format=xlsx|csv` and `lang=zh|en`. The table is the JSON answer itself, row for row and column for
column: a nested record becomes dotted columns (`region.name_zh`), a list of plain values one cell
joined by "、", and words of a closed vocabulary (skill levels, links, priority fields, reasons,
trends) their name in the language asked. XLSX holds every table of the answer, one sheet each, the
lists inside rows (a site's covered organisations, a partner's occupations) on sheets of their own
keyed by their row, and a first sheet saying what was asked, when, and of which data version. CSV
holds the answer's main table (`items`, else its first list), UTF-8 with a byte-order mark so that
Excel reads the Chinese.
"""

import csv
import io
import json
import types
import typing
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal, Union, get_args, get_origin
from urllib.parse import quote

from fastapi import APIRouter
from fastapi.routing import APIRoute
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.utils import get_column_letter
from pydantic import BaseModel

from analyses.labels import column_label, table_title, word_of

ExportFormat = Literal["json", "csv", "xlsx"]
Lang = Literal["zh", "en"]

MEDIA_TYPES: dict[str, str] = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}

JOIN = "、"
"""Between the values of a list in one cell."""

Cell = str | int | float | bool | None


@dataclass(frozen=True)
class Table:
    """One table of an answer: `field` is where its rows sit in the JSON (`items`, `links`, `items.occupations`)."""

    field: str
    columns: list[str]
    rows: list[list[Cell]]


# ---------------------------------------------------------------------------------------------- the shape

def _models(annotation: Any) -> list[type[BaseModel]]:
    """The models an annotation may hold (a union's members)."""
    if get_origin(annotation) in (Union, types.UnionType):
        return [m for arg in get_args(annotation) for m in _models(arg)]
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    return []


def _record(annotation: Any) -> type[BaseModel] | None:
    """The record type of `list[Record]` (or of `Record | None` …), else None."""
    found = _models(annotation)
    return found[0] if found else None


def _list_of(annotation: Any) -> type[BaseModel] | None:
    """`Record` if the annotation is `list[Record]` (or optional), else None."""
    optional = get_args(annotation) if get_origin(annotation) in (Union, types.UnionType) else ()
    for arg in (annotation, *optional):
        if get_origin(arg) is list:
            inner = get_args(arg)
            return _record(inner[0]) if inner else None
    return None


def _dict_of_lists(annotation: Any) -> type[BaseModel] | None:
    """`Record` if the annotation is `dict[key, list[Record]]`, else None."""
    if get_origin(annotation) is dict:
        key_value = get_args(annotation)
        return _list_of(key_value[1]) if len(key_value) == 2 else None
    return None


def table_fields(model: type[BaseModel]) -> list[tuple[str, type[BaseModel], bool]]:
    """The model's fields that are tables, `items` first: (field, record type, keyed by a dict's key)."""
    found = []
    for name, info in model.model_fields.items():
        record = _list_of(info.annotation)
        if record is not None:
            found.append((name, record, False))
        elif (record := _dict_of_lists(info.annotation)) is not None:
            found.append((name, record, True))
    found.sort(key=lambda f: f[0] != "items")
    return found


def exportable(annotation: Any) -> bool:
    """Whether an endpoint's answer has a table, so that it can be asked for as XLSX or CSV."""
    return any(table_fields(model) for model in _models(annotation))


def model_of(answer: dict[str, Any], annotation: Any) -> type[BaseModel]:
    """Which model of the endpoint's return annotation a JSON answer is: the one whose fields it has."""
    candidates = _models(annotation)
    keys = set(answer)
    return next((m for m in candidates if set(m.model_fields) == keys),
                next((m for m in candidates if keys <= set(m.model_fields)), candidates[0]))


def _columns(model: type[BaseModel], prefix: str = "") -> Iterator[str]:
    """A record's columns: its fields, a nested record's as dotted names; lists of records are tables of their
    own (at the first level) and left out."""
    for name, info in model.model_fields.items():
        if _list_of(info.annotation) is not None or _dict_of_lists(info.annotation) is not None:
            continue
        nested = _record(info.annotation)
        if nested is not None and get_origin(info.annotation) is not list:
            yield from _columns(nested, f"{prefix}{name}.")
        else:
            yield f"{prefix}{name}"


def _get(row: dict[str, Any], column: str) -> Any:
    value: Any = row
    for part in column.split("."):
        value = value.get(part) if isinstance(value, dict) else None
    return value


def _key_column(record: type[BaseModel]) -> list[str]:
    """What names a row for the rows of its nested lists: its rank, else its id."""
    fields = record.model_fields
    named = [str(name) for name in ("rank", "id", "occupation_id") if name in fields][:2]
    return named or [next(iter(fields))]


def tables(answer: dict[str, Any], model: type[BaseModel]) -> list[Table]:
    """Every table of a JSON answer, the main one first, then the others in the model's order, then the lists
    inside their rows (see the module's docstring)."""
    found: list[Table] = []
    inside: list[Table] = []
    for field, record, keyed in table_fields(model):
        columns = list(_columns(record))
        value: Any = answer.get(field) or ({} if keyed else [])
        if keyed:
            key = field.split("_by_")[-1] if "_by_" in field else "key"
            rows = [[k, *(_get(r, c) for c in columns)] for k, items in value.items() for r in items]
            found.append(Table(field, [key, *columns], rows))
            continue
        found.append(Table(field, columns, [[_get(r, c) for c in columns] for r in value]))
        parent = _key_column(record)
        for name, info in record.model_fields.items():
            inner = _list_of(info.annotation)
            if inner is None:
                continue
            inner_columns = list(_columns(inner))
            rows = [[*(r.get(p) for p in parent), *(_get(i, c) for c in inner_columns)]
                    for r in value for i in (r.get(name) or [])]
            inside.append(Table(f"{field}.{name}", [*parent, *inner_columns], rows))
    return found + inside


def _scalars(answer: dict[str, Any], model: type[BaseModel]) -> list[tuple[str, Any]]:
    """The answer's fields that are not tables, as (column, value), nested records dotted."""
    skip = {field for field, _, _ in table_fields(model)}
    found = []
    for column in _columns(model):
        if column.split(".")[0] not in skip:
            found.append((column, _get(answer, column)))
    return found


# ---------------------------------------------------------------------------------------------- the cells

def cell(column: str, value: Any, lang: Lang) -> Cell:
    """A JSON value as a spreadsheet cell: vocabulary words named, lists joined, anything else nested as JSON."""
    if isinstance(value, list):
        if not value:
            return None
        return JOIN.join(str(word_of(column, v, lang)) if not isinstance(v, dict | list) else json.dumps(
            v, ensure_ascii=False) for v in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, str):
        return word_of(column, value, lang)
    return typing.cast(Cell, value)


def header(column: str, lang: Lang) -> str:
    return "·".join(column_label(part, lang) for part in column.split("."))


def _sheet_name(table: Table, model: type[BaseModel], lang: Lang, used: set[str]) -> str:
    if table.field == "items":
        name = table_title(model.__name__, lang)
    else:
        name = "·".join(column_label(part, lang) for part in table.field.split("."))
    name = "".join("_" if ch in "[]:*?/\\" else ch for ch in name)[:28] or "table"
    unique, n = name, 2
    while unique in used:
        unique, n = f"{name} {n}", n + 1
    used.add(unique)
    return unique


def _rows(table: Table, lang: Lang) -> Iterator[list[Cell]]:
    yield [header(c, lang) for c in table.columns]
    for row in table.rows:
        yield [cell(c, v, lang) for c, v in zip(table.columns, row, strict=True)]


ABOUT: dict[Lang, tuple[str, str, str, str, str, str]] = {
    "zh": ("说明", "表", "查询", "生成时间", "数据版本", "行数"),
    "en": ("About", "Table", "Query", "Generated", "Data version", "Rows"),
}


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""How a CSV cell Excel or WPS would run as a formula begins (OWASP, CSV injection)."""


class _TextSheet:
    """A write-only sheet whose text cells stay text: openpyxl writes a string beginning with "=" as a formula."""

    def __init__(self, sheet: Any) -> None:
        self.sheet = sheet

    def append(self, row: list[Cell]) -> None:
        self.sheet.append([self._text(v) if isinstance(v, str) and v.startswith("=") else v for v in row])

    def _text(self, value: str) -> WriteOnlyCell:
        cell = WriteOnlyCell(self.sheet, value=value)
        cell.data_type = "s"
        return cell


def to_xlsx(answer: dict[str, Any], model: type[BaseModel], lang: Lang, query: str, version: str) -> bytes:
    """The answer as a workbook: a sheet saying what it is, then one sheet per table; text is never a formula."""
    about, table_word, query_word, generated, version_word, rows_word = ABOUT[lang]
    found = tables(answer, model)
    book = Workbook(write_only=True)
    first = _TextSheet(book.create_sheet(about))
    first.append([table_title(model.__name__, lang)])
    first.append([query_word, query])
    first.append([generated, datetime.now().astimezone().isoformat(timespec="seconds")])
    first.append([version_word, version])
    first.append([])
    for column, value in _scalars(answer, model):
        first.append([header(column, lang), cell(column, value, lang)])
    first.append([])
    first.append([table_word, rows_word])
    used = {about}
    for table in found:
        name = _sheet_name(table, model, lang, used)
        first.append([name, len(table.rows)])
        sheet = book.create_sheet(name)
        sheet.freeze_panes = "A2"
        for i, column in enumerate(table.columns, start=1):
            sheet.column_dimensions[get_column_letter(i)].width = max(10, min(40, len(header(column, lang)) * 2 + 2))
        text_sheet = _TextSheet(sheet)
        for row in _rows(table, lang):
            text_sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def to_csv(answer: dict[str, Any], model: type[BaseModel], lang: Lang) -> bytes:
    """The answer's main table as CSV, UTF-8 with a byte-order mark (Excel then reads the Chinese)."""
    main = tables(answer, model)[0]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerows(_csv_cells(_rows(main, lang)))
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _csv_cells(rows: Iterable[list[Cell]]) -> Iterator[list[Cell]]:
    for row in rows:
        yield ["" if v is None else "true" if v is True else "false" if v is False else _csv_text(v)
               if isinstance(v, str) else v for v in row]


def _csv_text(value: str) -> str:
    """Text that Excel or WPS would run as a formula, behind an apostrophe (which they show as text); a number
    written as text (-5, +86) stays as it is."""
    if not value.startswith(FORMULA_STARTS):
        return value
    try:
        float(value)
    except ValueError:
        return "'" + value
    return value


def filename(path: str, fmt: str) -> str:
    """`shortages.xlsx` for /api/v1/shortages, `chains-chain-0001-coverage.csv` …: what a download is saved as."""
    parts = [p for p in path.split("/") if p and p not in ("api", "v1")]
    return f"skillgraph-{'-'.join(parts) or 'answer'}.{fmt}"


def content_disposition(name: str) -> str:
    return f"attachment; filename=\"{name.encode('ascii', 'replace').decode()}\"; filename*=UTF-8''{quote(name)}"


def render(body: bytes, annotation: Any, fmt: ExportFormat, lang: Lang, path: str, query: str,
           version: str) -> tuple[bytes, dict[str, str]]:
    """A JSON answer rendered as `fmt`: the bytes and the headers to send them with."""
    answer = json.loads(body)
    model = model_of(answer, annotation)
    data = to_xlsx(answer, model, lang, query, version) if fmt == "xlsx" else to_csv(answer, model, lang)
    return data, {"Content-Disposition": content_disposition(filename(path, fmt))}


def document(router: APIRouter) -> None:
    """Say in the OpenAPI document that the router's endpoints with tables also answer XLSX and CSV."""
    for route in router.routes:
        if isinstance(route, APIRoute) and getattr(route.endpoint, "exports", False):
            ok = dict(route.responses.get(200, {}))
            ok["content"] = {**ok.get("content", {}), **{media.split(";")[0]: {} for media in MEDIA_TYPES.values()}}
            route.responses = {**route.responses, 200: ok}
