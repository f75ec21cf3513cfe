"""Rows validated column by column (`ingest.columnar`) come out exactly as row by row (`validate_row`): the same
relationship — endpoints, key, properties in the same order — or the same problems, for every relationship type
the batch path takes, on the generator's rows and on fuzzed ones."""

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graph_model.relationships import REL_KINDS, Relationship
from ingest.columnar import CheckedRel, checked, takes, validate_rels
from ingest.columns import REL_FILES, ColumnMap, map_columns
from ingest.generate import generate
from ingest.readers import UnreadableRow, open_source
from ingest.validate import MAX_CELL_CHARS, RowError, validate_row

TAKEN = sorted(kind for kind, model in REL_KINDS.items() if takes(model))
FILE_OF = {kind: name for name, kind in REL_FILES.items()}
NOT_GENERATED = {"LEADS", "LOCATED_IN", "IN_CLUSTER", "RECOGNISED", "SERVES", "HOSTS", "EARNS", "PREPARES_FOR",
                 "PART_OF", "OFFERS"}


def row_by_row(
    model: type[Relationship], rows: Sequence[tuple[int, Mapping[str, Any]]], columns: ColumnMap, file: str,
) -> list[CheckedRel | list[RowError]]:
    out: list[CheckedRel | list[RowError]] = []
    for number, row in rows:
        result = validate_row(model, row, columns, file=file, row_number=number)
        out.append(result if isinstance(result, list) else checked(number, result))  # type: ignore[arg-type]
    return out


def comparable(results: list[CheckedRel | list[RowError]]) -> list[Any]:
    """Results with each relationship's properties in their order (the ingest's duplicate check hashes them so)."""
    return [r if isinstance(r, list) else (*r[:4], list(r.props.items())) for r in results]


def test_the_batch_path_takes_the_big_types() -> None:
    # The city's largest files; a model gaining a validator would silently move them to the slow path.
    assert {"DEMANDS", "PARTNERS_WITH", "EMPLOYS", "REPORTS", "TRAINS", "MEMBER_OF"} <= set(TAKEN)


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("columnar-data")
    generate("small", 3, folder, history=True)
    return folder


@pytest.mark.parametrize("kind", TAKEN)
def test_generated_rows_come_out_the_same(generated: Path, kind: str) -> None:
    files = sorted(generated.glob(f"{FILE_OF[kind]}*.csv"))
    if not files:
        # The types the generator writes no file for are covered by the fuzzing below only.
        assert kind in NOT_GENERATED
        return
    model = REL_KINDS[kind]
    compared = 0
    for path in files:
        with open_source(path) as source:
            assert source.header is not None
            columns = map_columns(kind, source.header)
            rows = [(n, r) for n, r in source.rows if not isinstance(r, UnreadableRow)]
        for at in range(0, len(rows), 5_000):
            batch = rows[at:at + 5_000]
            assert comparable(validate_rels(model, batch, columns, file=str(path))) == comparable(
                row_by_row(model, batch, columns, str(path)))
            compared += len(batch)
    assert compared > 0


# Cells a user may write in any column: canonical values, the spellings only the careful path reads, values a
# field refuses, whitespace, huge cells. Each field also gets good values of its own below.
TRICKY = [
    "", " ", "  ", "\t", "63", " 63 ", "0", "-1", "1,200", "1.0", "1.5", "1e3", "１２", "2025", "2101", "1999",
    "true", "false", "TRUE", "No", "是", "否", "y", "maybe", "senior_worker", "高级工", "特技技师", "3", "5", "9",
    "technician;senior_worker", "a;;b", "；", "2024-01-01", "2024/1/1", "2024年1月1日", "2099-12-31", "2024-13-01",
    "apprentice", "training", "E1", "E 1", "ent-000001", "6-22-02-01", "6-22-02-01 ", "x" * 129, "x" * 201,
    "x" * (MAX_CELL_CHARS + 1), "中文", "None", "null",
]
GOOD: dict[str, list[str]] = {
    "start": ["E1", "E2", "ent-000001"],
    "end": ["6-22-02-01", "CH1", "liangjiang", "apprentice"],
    "headcount": ["10", "0"], "skill_level": ["senior_worker", "technician"], "year": ["2025", "2024"],
    "levels": ["senior_worker;technician"], "link_role": ["training", "industry"], "kind": ["apprenticeship"],
    "joined": ["2024-03-01"], "since": ["2021-09-01"], "valid_until": ["2027-12-31"],
}


@st.composite
def batches(draw: st.DrawFn, kind: str) -> tuple[list[str], list[tuple[int, dict[str, Any]]]]:
    model = REL_KINDS[kind]
    fields = list(model.model_fields)
    optional = draw(st.lists(st.sampled_from(fields[2:]), unique=True)) if fields[2:] else []
    headers = ["start", "end", *optional]
    if draw(st.booleans()):
        headers.append("remark")  # a column the type does not have: ignored
    rows = []
    for number in range(2, 2 + draw(st.integers(1, 12))):
        # a good row, then some of its cells made tricky
        row = {h: draw(st.sampled_from(GOOD.get(h, ["12", "2025", "E1"]))) for h in headers}
        for h in draw(st.lists(st.sampled_from(headers), max_size=3)):
            row[h] = draw(st.sampled_from(TRICKY))
        if draw(st.integers(0, 9)) == 0:
            row.pop(draw(st.sampled_from(headers)))  # a short row
        rows.append((number, row))
    if len(rows) > 1 and draw(st.booleans()):
        rows.append((rows[-1][0] + 1, dict(rows[0][1])))  # a repeated row: its cells are distinct only once
    return headers, rows


@pytest.mark.parametrize("kind", TAKEN)
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_fuzzed_rows_come_out_the_same(kind: str, data: st.DataObject) -> None:
    headers, rows = data.draw(batches(kind))
    model = REL_KINDS[kind]
    columns = map_columns(kind, headers, require=False)
    assert comparable(validate_rels(model, rows, columns, file="f.csv")) == comparable(
        row_by_row(model, rows, columns, "f.csv"))
