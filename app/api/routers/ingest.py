"""Loading data: admins upload source files; the answer is the ingest report."""

import datetime as dt
import tempfile
from dataclasses import asdict
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, File, Query, Request, UploadFile
from pydantic import BaseModel, Field

from app.api.access import Access
from app.api.deps import Admin
from app.api.problems import ApiProblem, problem_responses
from ingest.job import check_limits, replaceable_kinds, run_ingest
from ingest.readers import FileError, LimitError
from ingest.retire import retire_organisations

ReplaceKind = StrEnum("ReplaceKind", {name: name for name in replaceable_kinds()})  # type: ignore[misc]
"""The file kinds an upload may replace as a complete register."""

router = APIRouter(tags=["admin"], responses=problem_responses(401, 403, 422, 503))


@router.post("/ingest", responses=problem_responses(400, 413),
             summary="Upload source files (CSV, XLSX, JSON Lines) and load them; returns the ingest report")
def upload(
    request: Request, admin: Admin,
    files: Annotated[list[UploadFile], File(description="one file per node or relationship kind")],
    dry_run: Annotated[bool, Query(description="validate only, write nothing")] = False,
    replace: Annotated[list[ReplaceKind], Query(description=(
        "file kinds whose uploaded files are the complete register: what earlier loads brought of the kind and "
        "these files no longer list is retired (not applied if a file of the kind has a bad row)"))] = [],  # noqa: B006
) -> dict[str, Any]:
    settings = request.app.state.settings
    limit = settings.max_upload_mb * 1024 * 1024
    with tempfile.TemporaryDirectory(prefix="skillgraph-upload-") as tmp:
        paths = []
        for upload in files:
            name = Path(upload.filename or "").name
            if not name or name.startswith("."):
                raise ApiProblem(400, "bad-upload", f"an uploaded file has no usable name ({upload.filename!r})")
            target = Path(tmp) / name
            if target in paths:
                raise ApiProblem(400, "bad-upload", f"two uploaded files are both named {name!r}: one file per name")
            _save(upload, target, limit)
            paths.append(target)
        for target in paths:  # before anything is written: an upload beyond a limit is refused as a whole
            try:
                check_limits(target, settings.max_upload_rows)
            except LimitError as exc:
                raise ApiProblem(413, "over-limit", f"{target.name}: {exc}") from exc
            except FileError:
                pass  # the load reports it with the file, and loads the others
        gate = request.app.state.gate
        kinds = [k.value for k in replace]
        if dry_run:  # writes nothing: reads beside the other readers
            report = run_ingest(paths, admin.store, dry_run=True, progress=False, max_rows=settings.max_upload_rows,
                                replace=kinds)
        else:
            # One load at a time; readers keep reading the last published state meanwhile and wait only
            # while the new state is swapped in (`GraphStore.staged_writes`).
            with gate.loading(), admin.store.staged_writes(publish_under=gate.write):
                report = run_ingest(paths, admin.store, progress=False, max_rows=settings.max_upload_rows,
                                    by=_by(admin), replace=kinds)
    return report.to_dict()


class RetireRequest(BaseModel):
    ids: list[Annotated[str, Field(min_length=1, max_length=128)]] = Field(min_length=1, max_length=10_000)
    closed_on: dt.date | None = Field(default=None, description="when they closed (关闭日期)")
    reason: str | None = Field(default=None, max_length=500, description="why, kept with each record")


class RetireAnswer(BaseModel):
    load: str | None = Field(description="the load recorded (none when nothing was retired)")
    retired: list[str]
    not_found: list[str]
    not_organisations: dict[str, str] = Field(description="id → kind: only organisations are retired by id")


@router.post("/retirements", responses=problem_responses(400),
             summary="Retire organisations by id: they leave every analysis, their record stays")
def retire(request: Request, admin: Admin, body: RetireRequest) -> RetireAnswer:
    gate = request.app.state.gate
    with gate.loading(), admin.store.staged_writes(publish_under=gate.write):
        outcome = retire_organisations(admin.store, body.ids, closed_on=body.closed_on, reason=body.reason,
                                       by=_by(admin))
    return RetireAnswer(**asdict(outcome))


def _by(admin: Access) -> str:
    return f"api: {admin.principal.name} ({admin.principal.role.value})"


def _save(upload: UploadFile, target: Path, limit: int) -> None:
    """Copy an upload to disk, refusing it (413) as soon as it passes `limit` bytes."""
    written = 0
    with target.open("wb") as out:
        while chunk := upload.file.read(1024 * 1024):
            written += len(chunk)
            if written > limit:
                raise ApiProblem(413, "too-large", f"{target.name} is larger than {limit // (1024 * 1024)} MB "
                                                   "(limit SKILLGRAPH_MAX_UPLOAD_MB)")
            out.write(chunk)
