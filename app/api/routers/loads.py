"""The load history, for analysts and admins: what each ingest brought (files, hashes, counts)."""

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi import Path as PathParam

from analyses.loads import LoadRecord, get_load, list_loads
from analyses.page import Page, page_fields
from app.api.deps import Admin, LibraryReader, Limit, Offset
from app.api.problems import ApiProblem, problem_responses
from ingest.retire import revert_load
from store import StoreError

router = APIRouter(tags=["admin"], responses=problem_responses(401, 403, 422, 503))


@router.get("/loads", summary="Every load, newest first (analysts, admins)")
def loads(access: LibraryReader, limit: Limit = 100, offset: Offset = 0) -> Page[LoadRecord]:
    return list_loads(access.store, limit=limit, offset=offset)


@router.get("/loads/{load_id}", responses=problem_responses(404), summary="One load: its files, hashes and counts")
def load(access: LibraryReader, load_id: Annotated[str, PathParam(max_length=64)]) -> LoadRecord:
    return get_load(access.store, load_id)


@router.get("/retired", summary="The records of retired organisations and relationships, oldest first (analysts, "
                                "admins)")
def retired(
    access: LibraryReader, limit: Limit = 100, offset: Offset = 0,
    node_id: Annotated[str | None, Query(alias="id", max_length=128, description="one node's records only")] = None,
) -> Page[dict[str, Any]]:
    records = access.store.retired(None if node_id is None else [node_id])
    return Page[dict[str, Any]](**page_fields(records, limit, offset))


@router.post("/loads/{load_id}/revert", responses=problem_responses(404, 409),
             summary="Bring the store back to its state before the last load (admins; the embedded store)")
def revert(request: Request, admin: Admin, load_id: Annotated[str, PathParam(max_length=64)]) -> LoadRecord:
    gate = request.app.state.gate
    with gate.loading():
        try:  # read back beside the readers; the swap waits for the readers of the moment
            record = revert_load(admin.store, load_id, by=f"api: {admin.principal.name} "
                                                          f"({admin.principal.role.value})", publish_under=gate.write)
        except LookupError as exc:
            raise ApiProblem(404, "not-found", str(exc)) from exc
        except StoreError as exc:
            raise ApiProblem(409, "cannot-revert", str(exc)) from exc
    return LoadRecord.model_validate(record)
