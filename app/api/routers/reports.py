"""Reports: a printable PDF per district and per chain (app/reports), made from the same analyses as the API."""

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Response
from fastapi import Path as PathParam

from app.api.deps import ChainId, CityReader, Reader, Year
from app.api.exports import content_disposition
from app.api.problems import problem_responses
from app.reports import chain_report, district_report

router = APIRouter(prefix="/reports", tags=["reports"], responses=problem_responses(401, 403, 422, 503))

PDF: dict[int | str, dict[str, Any]] = {200: {"content": {"application/pdf": {}}, "description": "the report, A4 PDF"}}
LangParam = Annotated[Literal["zh", "en"], Query(description="the report's language: `zh` (the default) or `en`")]


@router.get("/districts/{district_id}", response_class=Response, responses={**PDF, **problem_responses(400, 404)},
            summary="A district's report (PDF): map, key figures, top shortages, recommended stations")
def district(
    reader: CityReader,
    district_id: Annotated[str, PathParam(description="a district id, Chinese name or GB code", examples=["wanzhou"])],
    year: Year = None,
    lang: LangParam = "zh",
) -> Response:
    body = district_report(reader.store, district_id, year=year, lang=lang)
    return Response(body, media_type="application/pdf",
                    headers={"Content-Disposition": content_disposition(f"skillgraph-report-{district_id}.pdf")})


@router.get("/chains/{chain_id}", response_class=Response, responses={**PDF, **problem_responses(400, 404)},
            summary="A chain's report (PDF): members on a map, coverage of the five links, top shortages, partners")
def chain(reader: Reader, chain_id: ChainId, year: Year = None, lang: LangParam = "zh") -> Response:
    reader.chain(chain_id)
    body = chain_report(reader.store, chain_id, year=year, visibility=reader.visibility, lang=lang)
    return Response(body, media_type="application/pdf",
                    headers={"Content-Disposition": content_disposition(f"skillgraph-report-{chain_id}.pdf")})
