"""Loading data: admins upload source files; the answer is the ingest report."""

import shutil
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
    limit = request.app.state.settings.max_upload_mb * 1024 * 1024
    with tempfile.TemporaryDirectory(prefix="skillgraph-upload-") as tmp:
        paths = []
        for upload in files:
            name = Path(upload.filename or "").name
            if not name or name.startswith("."):
                raise ApiProblem(400, "bad-upload", f"an uploaded file has no usable name ({upload.filename!r})")
            target = Path(tmp) / name
            with target.open("wb") as out:
                shutil.copyfileobj(upload.file, out, length=1024 * 1024)
            if target.stat().st_size > limit:
                raise ApiProblem(413, "too-large", f"{name} is larger than {limit // (1024 * 1024)} MB")
            paths.append(target)
        with request.app.state.gate.write():
            report = run_ingest(paths, admin.store, dry_run=dry_run, progress=False)
    return report.to_dict()
