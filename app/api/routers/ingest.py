"""Loading data: admins upload source files; the answer is the ingest report."""

import tempfile
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, File, Query, Request, UploadFile

from app.api.deps import Admin
from app.api.problems import ApiProblem, problem_responses
from ingest.job import run_ingest

router = APIRouter(tags=["admin"], responses=problem_responses(401, 403, 422, 503))


@router.post("/ingest", responses=problem_responses(400, 413),
             summary="Upload source files (CSV, XLSX, JSON Lines) and load them; returns the ingest report")
def upload(
    request: Request, admin: Admin,
    files: Annotated[list[UploadFile], File(description="one file per node or relationship kind")],
    dry_run: Annotated[bool, Query(description="validate only, write nothing")] = False,
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
        # A dry run writes nothing: it reads beside other readers instead of holding the store alone.
        gate = request.app.state.gate
        with gate.read() if dry_run else gate.write():
            report = run_ingest(paths, admin.store, dry_run=dry_run, progress=False, max_rows=settings.max_upload_rows)
    return report.to_dict()


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
