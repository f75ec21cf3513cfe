"""The named Cypher library, for analysts: what it holds, and running one query."""

from typing import Annotated, Any

from fastapi import APIRouter, Body
from fastapi import Path as PathParam
from pydantic import BaseModel, Field

from app.api.deps import LibraryReader
from app.api.problems import problem_responses
from queries import PARAMETERS, REQUIRED, library, run

router = APIRouter(prefix="/queries", tags=["library"], responses=problem_responses(401, 403, 422, 503))

MAX_QUERY_ROWS = 10_000


class LibraryEntry(BaseModel):
    name: str
    purpose: str
    parameters: dict[str, Any]
    required: list[str]
    columns: str
    cypher: str


class QueryRun(BaseModel):
    params: dict[str, Any] = Field(default_factory=dict, examples=[{"region_kind": "district",
                                                                     "region_id": "wanzhou"}])


class QueryResult(BaseModel):
    """A query's rows (`items`, at most 10,000); `total` counts them all."""

    name: str
    total: int
    truncated: bool
    items: list[dict[str, Any]]


@router.get("", summary="The named Cypher library: purpose, parameters, columns")
def entries(reader: LibraryReader) -> list[LibraryEntry]:
    return [
        LibraryEntry(
            name=q.name, purpose=q.purpose, columns=q.columns, cypher=q.cypher,
            parameters={p: None if d is REQUIRED else d for p, d in PARAMETERS.get(q.name, {}).items()},
            required=[p for p, d in PARAMETERS.get(q.name, {}).items() if d is REQUIRED],
        )
        for q in library().values()
    ]


@router.post("/{name}", responses=problem_responses(400, 404),
             summary="Run one named query of the library with parameters (at most 10,000 rows)")
def run_query(
    reader: LibraryReader,
    name: Annotated[str, PathParam(examples=["region_gap"], json_schema_extra={"enum": sorted(library())})],
    body: Annotated[QueryRun | None, Body()] = None,
) -> QueryResult:
    rows = run(reader.store, name, body.params if body else {})
    return QueryResult(name=name, total=len(rows), truncated=len(rows) > MAX_QUERY_ROWS, items=rows[:MAX_QUERY_ROWS])
