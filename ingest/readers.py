"""Source-file readers: CSV (UTF-8, UTF-8 with BOM or GB18030), XLSX (first sheet) and JSON Lines.

Every reader yields `(row_number, row)` with row numbers as a user sees them: in CSV and XLSX the
header is row 1 (a spreadsheet row, so a quoted cell spanning lines is still one row); in JSON
Lines the line number. A row is a dict from column name to cell value, or an `UnreadableRow`
when the row cannot be parsed at all (a malformed JSON line, cells beyond the header).
"""

import codecs
import csv
import hashlib
import itertools
import json
import re
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import openpyxl
from openpyxl.utils import coordinate_to_tuple, get_column_letter
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.xml.functions import iterparse

FORMATS = (".csv", ".xlsx", ".jsonl")

MAX_COLUMNS = 500
"""Columns a header may name (a node file has at most a few dozen fields); more is refused, naming this limit."""

MAX_XLSX_UNCOMPRESSED = 1024 * 1024 * 1024
"""Bytes an .xlsx workbook may hold once unzipped (a zip bomb is refused before anything is unpacked)."""

MAX_XLSX_RATIO = 200
"""How many times its packed size a workbook may unpack to (real workbooks: 5–20 times)."""

MAX_SHARED_STRINGS = 64 * 1024 * 1024
"""Bytes of an .xlsx's shared-strings part (every distinct text of the workbook), which is read whole."""

# The csv module's own limit (128 KiB by default) would abort the whole file on one big cell; this
# one is far above the cell cap in `validate`, so a huge cell becomes a rejected row instead.
CSV_FIELD_LIMIT = 256 * 1024 * 1024

_CHUNK = 1 << 20
_MERGE_REF = re.compile(rb"<(?:\w+:)?mergeCell\s[^>]*?ref=\"([A-Z]+)(\d+)(?::([A-Z]+)(\d+))?\"")

Row = dict[str, Any]


class FileError(Exception):
    """A whole file cannot be read; the message says why, in words for the user."""


class LimitError(FileError):
    """A file is beyond one of the limits that keep a load from stalling the service; the message names it."""


@dataclass(frozen=True)
class UnreadableRow:
    """A row that could not be parsed into cells; `text` is what the row held."""

    reason: str
    text: str


@dataclass
class SourceFile:
    """An open source file: its header (None for JSON Lines), its rows and a hash of its bytes."""

    path: Path
    load_id: str
    header: list[str] | None
    rows: Iterator[tuple[int, Row | UnreadableRow]]
    expected_rows: int | None

    @property
    def most_data_rows(self) -> int:
        """At most this many data rows (0 when unknown): a sheet's counted rows, or a text file's lines less the
        header's."""
        return (self.expected_rows or 0) - (0 if self.path.suffix.lower() == ".xlsx" else 1)


@contextmanager
def open_source(path: Path) -> Iterator[SourceFile]:
    """Open a CSV, XLSX or JSON Lines file; FileError if the file as a whole cannot be used."""
    suffix = path.suffix.lower()
    if suffix not in FORMATS:
        raise FileError(f"files ending in {path.suffix or '(nothing)'!r} cannot be read: use .csv, .xlsx or .jsonl")
    try:
        digest, newlines, size = _scan(path)
    except OSError as exc:
        raise FileError(f"cannot read the file: {exc.strerror or exc}") from exc
    if size == 0:
        raise FileError("the file is empty")
    load_id = digest[:16]
    if suffix == ".csv":
        yield _open_csv(path, load_id, newlines)
    elif suffix == ".jsonl":
        yield _open_jsonl(path, load_id, newlines)
    else:
        with _open_xlsx(path, load_id) as source:
            yield source


def _scan(path: Path) -> tuple[str, int, int]:
    """The SHA-256 of the file's bytes, its newline count and its size, in one pass."""
    sha = hashlib.sha256()
    newlines = size = 0
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(_CHUNK), b""):
            sha.update(chunk)
            newlines += chunk.count(b"\n")
            size += len(chunk)
    return sha.hexdigest(), newlines, size


def detect_encoding(path: Path) -> str:
    """`utf-8-sig` (UTF-8 with or without BOM) or `gb18030`, whichever decodes the whole file."""
    problems = []
    for encoding in ("utf-8-sig", "gb18030"):
        problem = _first_decode_error(path, encoding)
        if problem is None:
            return encoding
        problems.append(problem)
    raise FileError(
        f"cannot be decoded as UTF-8 ({problems[0]}) nor as GB18030 ({problems[1]}); "
        "save it as 'CSV UTF-8' (Excel: 另存为 → CSV UTF-8)"
    )


def _first_decode_error(path: Path, encoding: str) -> str | None:
    decoder = codecs.getincrementaldecoder(encoding)("strict")
    line = 1
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(_CHUNK), b""):
            try:
                decoder.decode(chunk)
            except UnicodeDecodeError as exc:
                bad = exc.object[exc.start : exc.start + 1].hex()
                where = line + exc.object[: exc.start].count(b"\n")
                return f"byte 0x{bad} on line {where}"
            line += chunk.count(b"\n")
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            return "the file ends in the middle of a character"
    return None


def _with_data_check(header_row: int, rows: Iterator[tuple[int, Row | UnreadableRow]]) -> Iterator[
    tuple[int, Row | UnreadableRow]
]:
    """Raise FileError before yielding anything if there is no data row after the header."""
    first = next(rows, None)
    if first is None:
        raise FileError(f"the file has a header (row {header_row}) but no data rows")
    yield first
    yield from rows


def _open_csv(path: Path, load_id: str, newlines: int) -> SourceFile:
    encoding = detect_encoding(path)
    csv.field_size_limit(CSV_FIELD_LIMIT)
    with path.open(encoding=encoding, newline="") as f:
        first_line = f.readline()
    # Exports from some tools are tab-separated though named .csv.
    delimiter = "\t" if "\t" in first_line and "," not in first_line else ","

    def records() -> Iterator[tuple[int, list[str]]]:
        with path.open(encoding=encoding, newline="") as f:
            reader = csv.reader(f, delimiter=delimiter)
            number = 0
            last: tuple[int, list[str], int] | None = None  # a record is given out once the next one is read
            while True:
                before = reader.line_num
                try:
                    cells = next(reader)
                except StopIteration:
                    break
                except csv.Error as exc:
                    if last is not None:
                        yield last[:2]
                    raise FileError(
                        f"row {number + 1} cannot be parsed ({exc}); the rows after it were not read"
                    ) from exc
                number += 1
                if last is not None:
                    yield last[:2]
                last = (number, cells, before + 1)
        if last is not None:
            # Only the last record can hold a quote never closed: csv reads it to the end of the file as one value.
            if (column := _open_quote(path, encoding, delimiter, last[2])) is not None:
                raise FileError(
                    f"row {last[0]} cannot be parsed: the double quote opening column {get_column_letter(column + 1)} "
                    f"is never closed, so {_lines(last[2], reader.line_num)} would be one value; the rows after it "
                    "were not read")
            yield last[:2]

    it = records()
    header_row, header_cells = _first_non_blank(it)
    header = _header(header_cells, header_row)
    return SourceFile(path, load_id, header, _with_data_check(header_row, _cell_rows(it, header)), newlines)


def _lines(first: int, last: int) -> str:
    return f"line {first}" if first == last else f"lines {first}–{last}"


def _open_quote(path: Path, encoding: str, delimiter: str, line: int) -> int | None:
    """The column whose quoted value, begun in the record starting on `line` (1-based), is still open at the end of the
    file, if one is: csv's own rule, a quote opens a value only where the value begins and `""` inside it is a
    quote."""
    with path.open(encoding=encoding, newline="") as f:
        text = "".join(itertools.islice(f, line - 1, None))
    column, quoted, start, i = 0, False, True, 0
    while i < len(text):
        char = text[i]
        if quoted:
            if char == '"':
                if text.startswith('""', i):
                    i += 1
                else:
                    quoted = False
        elif char == '"' and start:
            quoted = True
        elif char == delimiter:
            column += 1
            start = True
            i += 1
            continue
        elif char in "\r\n":
            return None  # the record ended with its value closed
        start = False
        i += 1
    return column if quoted else None


def _first_non_blank(records: Iterator[tuple[int, list[Any]]]) -> tuple[int, list[Any]]:
    for number, cells in records:
        if any(_present(c) for c in cells):
            return number, cells
    raise FileError("the file is empty")


def _present(value: Any) -> bool:
    return value is not None and not (isinstance(value, str) and not value.strip())


def _header(cells: list[Any], row: int) -> list[str]:
    """Column names, blank ones named after their column letter; FileError on repeated names or too many."""
    last = len(cells)
    while last and not _present(cells[last - 1]):  # trailing blank cells: one pass, however many
        last -= 1
    if last > MAX_COLUMNS:
        raise LimitError(f"the header (row {row}) names {last:,} columns; at most {MAX_COLUMNS:,} are accepted "
                        "(limit MAX_COLUMNS)")
    cells = cells[:last]
    header: list[str] = []
    seen: dict[str, int] = {}
    for i, cell in enumerate(cells):
        name = str(cell).strip().lstrip("\ufeff") if _present(cell) else f"column {get_column_letter(i + 1)}"
        if name in seen:
            first, second = get_column_letter(seen[name] + 1), get_column_letter(i + 1)
            raise FileError(f"the header (row {row}) names column {name!r} twice (columns {first} and {second})")
        seen[name] = i
        header.append(name)
    return header


def _cell_rows(records: Iterator[tuple[int, list[Any]]], header: list[str]) -> Iterator[
    tuple[int, Row | UnreadableRow]
]:
    width = len(header)
    for number, cells in records:
        first = cells[0] if cells else None
        # The usual row starts with a value; only other rows need every cell looked at.
        if not (first.__class__ is str and first and not first.isspace()) and not any(_present(c) for c in cells):
            continue
        if len(cells) > width:
            beyond = [i for i in range(width, len(cells)) if _present(cells[i])]
            if beyond:
                column = get_column_letter(beyond[0] + 1)
                yield number, UnreadableRow(
                    f"the row has a value in column {column}, beyond the header's {width} columns "
                    "(in CSV, a value containing a comma must be in double quotes)",
                    ",".join("" if c is None else str(c) for c in cells),
                )
                continue
        yield number, dict(zip(header, cells, strict=False))  # a short row: the columns it has; extra cells are empty


def _open_jsonl(path: Path, load_id: str, newlines: int) -> SourceFile:
    def rows() -> Iterator[tuple[int, Row | UnreadableRow]]:
        with path.open("rb") as f:
            for number, raw in enumerate(f, start=1):
                if number == 1:
                    raw = raw.removeprefix(codecs.BOM_UTF8)
                if not raw.strip():
                    continue
                yield number, _json_row(raw)

    it = rows()
    first = next(it, None)
    if first is None:
        raise FileError("the file is empty")

    def all_rows() -> Iterator[tuple[int, Row | UnreadableRow]]:
        yield first
        yield from it

    return SourceFile(path, load_id, None, all_rows(), newlines + 1)


def _json_row(raw: bytes) -> Row | UnreadableRow:
    preview = raw[:400].decode("utf-8", errors="replace").strip()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return UnreadableRow(f"the line is not valid UTF-8 (byte 0x{raw[exc.start : exc.start + 1].hex()})", preview)
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        return UnreadableRow(f"the line is not valid JSON: {exc.msg} at column {exc.colno}", preview)
    if not isinstance(value, dict):
        return UnreadableRow(f"expected one JSON object {{...}} per line, got a {type(value).__name__}", preview)
    return {str(k): v for k, v in value.items()}


def check_workbook(path: Path) -> None:
    """Refuse a workbook that would unpack to too much (a zip bomb) or whose shared strings are too big to read."""
    try:
        with zipfile.ZipFile(path) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, OSError) as exc:
        raise FileError(f"not a readable .xlsx workbook ({exc}); save it from Excel or WPS as .xlsx") from exc
    strings = sum(p.file_size for p in parts if p.filename.lower().endswith("sharedstrings.xml"))
    if strings > MAX_SHARED_STRINGS:
        raise LimitError(f"the workbook's shared strings take {strings:,} bytes; at most {MAX_SHARED_STRINGS:,} are "
                        "accepted (limit MAX_SHARED_STRINGS): save the data as CSV instead")
    unpacked = sum(p.file_size for p in parts)
    packed = max(1, path.stat().st_size)
    if unpacked > MAX_XLSX_UNCOMPRESSED or (unpacked > MAX_XLSX_RATIO * packed and unpacked > 10 * _CHUNK):
        raise LimitError(f"the workbook unpacks to {unpacked:,} bytes from {packed:,}; at most "
                        f"{MAX_XLSX_UNCOMPRESSED:,} bytes and {MAX_XLSX_RATIO} times its size are accepted "
                        "(limits MAX_XLSX_UNCOMPRESSED, MAX_XLSX_RATIO)")


@contextmanager
def _open_xlsx(path: Path, load_id: str) -> Iterator[SourceFile]:
    check_workbook(path)
    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, ValueError, OSError) as exc:
        raise FileError(f"not a readable .xlsx workbook ({exc}); save it from Excel or WPS as .xlsx") from exc
    try:
        sheet = workbook.worksheets[0]
        others = [s.title for s in workbook.worksheets[1:]]
        records = _sheet_records(sheet.iter_rows(values_only=True))
        try:
            header_row, header_cells = _first_non_blank(records)
        except FileError:
            elsewhere = f"; data on other sheets ({', '.join(others)}) is not read" if others else ""
            raise FileError(f"the first sheet {sheet.title!r} is empty{elsewhere}") from None
        merged = _merged_ranges_in_row(path, getattr(sheet, "_worksheet_path", None), header_row)
        if merged:
            raise FileError(
                f"the header (row {header_row}) has merged cells {', '.join(merged)}: every column needs its own "
                "header cell; unmerge them and remove any title rows above the header"
            )
        header = _header(header_cells, header_row)
        # The rows the sheet's XML holds, counted (the dimension a sheet declares may be missing or wrong): a
        # workbook beyond the row limit is refused before a row is read.
        sheet_xml = getattr(sheet, "_worksheet_path", None)
        counted = _count_sheet_rows(path, sheet_xml) if sheet_xml else None
        max_row = counted if counted is not None else sheet.max_row
        expected = max_row - header_row if isinstance(max_row, int) else None
        rows = _cell_rows(records, header)
        if sheet_xml and (uncomputed := _uncomputed_formulas(path, sheet_xml, len(header))):
            rows = _with_uncomputed(rows, uncomputed, header)
        yield SourceFile(path, load_id, header, _with_data_check(header_row, rows), expected)
    finally:
        workbook.close()


_FORMULA_TAGS = (b"<f>", b"<f ", b"<f/", b":f>", b":f ", b":f/")


def _uncomputed_formulas(path: Path, sheet_xml: str, width: int) -> dict[int, list[tuple[int, str]]]:
    """The cells under the header's columns that hold a formula with no computed value (a workbook written by a
    program and never opened in Excel or WPS): row → (column index, formula) of each. Read from the sheet's XML
    as a stream; a sheet without formulas is only scanned for their tag."""
    with zipfile.ZipFile(path) as archive:
        with archive.open(sheet_xml.lstrip("/")) as part:
            tail = b""
            while chunk := part.read(_CHUNK):
                window = tail + chunk
                if any(tag in window for tag in _FORMULA_TAGS):
                    break
                tail = window[-3:]
            else:
                return {}
        found: dict[int, list[tuple[int, str]]] = {}
        row, column = 0, 0  # where a cell without its reference (`r` may be left out) stands: after the last
        with archive.open(sheet_xml.lstrip("/")) as part:
            for event, element in iterparse(part, events=("start", "end")):
                tag = element.tag.rpartition("}")[2]
                if event == "start":
                    if tag == "row":
                        row, column = int(element.get("r") or row + 1), 0
                    continue
                if tag != "c":
                    continue
                row, column = coordinate_to_tuple(element.get("r")) if element.get("r") else (row, column + 1)
                children = {child.tag.rpartition("}")[2]: child for child in element}
                value = children.get("v")
                # computed, a formula's value is there: a number, or text (t="str", which may be empty)
                computed = value is not None and (bool(value.text) or element.get("t") == "str")
                if "f" in children and not computed and column <= width:
                    formula = children["f"].text
                    found.setdefault(row, []).append((column - 1, f"={formula}" if formula else "a shared formula"))
                element.clear()
    return found


def _with_uncomputed(rows: Iterator[tuple[int, Row | UnreadableRow]], uncomputed: dict[int, list[tuple[int, str]]],
                     header: list[str]) -> Iterator[tuple[int, Row | UnreadableRow]]:
    """The rows, those with a formula never computed made unreadable, saying which cell."""
    for number, row in rows:
        cells = uncomputed.get(number)
        if cells is None or isinstance(row, UnreadableRow):
            yield number, row
            continue
        index, formula = cells[0]
        shown = ["" if v is None else str(v) for v in row.values()]
        shown += [""] * (len(header) - len(shown))
        for i, f in cells:
            shown[i] = f
        yield number, UnreadableRow(
            f"cell {get_column_letter(index + 1)}{number} ({header[index]}) holds a formula ({formula}) that was never "
            "computed, so its value is not in the file: open and save the workbook in Excel or WPS, or write the "
            "value itself", ",".join(shown))


def _sheet_records(values: Iterator[tuple[Any, ...]]) -> Iterator[tuple[int, list[Any]]]:
    number = 0
    while True:
        try:
            cells = next(values)
        except StopIteration:
            return
        except Exception as exc:  # openpyxl raises many kinds of errors on damaged sheet XML
            raise FileError(
                f"the workbook is damaged after row {number} ({type(exc).__name__}: {exc}); "
                "the rows after it were not read"
            ) from exc
        number += 1
        yield number, list(cells)


_ROW_TAGS = (b"<row ", b"<row>", b":row ", b":row>")


def _count_sheet_rows(path: Path, sheet_xml: str) -> int | None:
    """How many `<row>` elements the sheet's XML holds, read as a stream (linear, bounded memory)."""
    try:
        with zipfile.ZipFile(path) as archive, archive.open(sheet_xml.lstrip("/")) as part:
            count, tail = 0, b""
            while chunk := part.read(_CHUNK):
                window = tail + chunk
                count += sum(window.count(tag) for tag in _ROW_TAGS)
                tail = window[-4:]  # shorter than a tag: a tag across two chunks is counted once, whole
            return count
    except (KeyError, zipfile.BadZipFile, OSError):
        return None


def _merged_ranges_in_row(path: Path, sheet_xml: str | None, row: int) -> list[str]:
    """Merged ranges of the sheet that cover `row` (read-only openpyxl does not expose merges)."""
    if sheet_xml is None:
        return []
    found: list[str] = []
    tail = b""
    with zipfile.ZipFile(path) as archive, archive.open(sheet_xml) as xml:
        # Merges are listed after the cell data, so the whole part is streamed; the overlap
        # keeps a tag split between two chunks from being missed.
        for chunk in iter(lambda: xml.read(_CHUNK), b""):
            text = tail + chunk
            for m in _MERGE_REF.finditer(text):
                first_row = int(m.group(2))
                last_row = int(m.group(4) or first_row)
                ref = m.group(0).split(b'ref="')[1].rstrip(b'"').decode()
                if first_row <= row <= last_row and ref not in found:
                    found.append(ref)
            tail = text[-200:]
    return found
