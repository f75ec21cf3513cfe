"""A national shortage list loads from a file in the real list's columns (Chinese headers, occupations by 2022 code
and name), and the comparison with the local shortage ranking is worked out by hand."""

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from analyses.errors import NotFoundError
from analyses.gaps import shortage_ranking
from analyses.national import national_comparison
from app.api import create_app
from app.api.auth import KeyStore
from graph_model.relationships import Lists
from ingest.generate import generate
from store import GraphStore, MemoryStore
from tests.ingest.support import USCC_1, USCC_2, ingest, reasons, write

SAMPLE = Path(__file__).resolve().parents[2] / "docs" / "examples" / "national-shortage-list"

# Local demand, no supply: 焊工 (6-18-02-04, national rank 6) 30, 车工 (6-18-01-01, rank 2) 20, 营销员
# (4-01-02-01, rank 1) 10, and 人工智能训练师 (4-04-05-05, not on the national list) 5; 电工 (6-31-01-03, rank
# 11) is demanded but supplied by training, so not short here.
DEMANDS = ("start,end,headcount,skill_level,year\n"
           "E1,焊工,30,senior_worker,2025\n"
           "E1,车工,20,senior_worker,2025\n"
           "E2,营销员,10,junior_worker,2025\n"
           "E2,4-04-05-05,5,technician,2025\n"
           "E2,电工,4,senior_worker,2025\n")


def local_data(folder: Path) -> None:
    write(folder, "enterprise.csv", f"id,name_zh,uscc,district\nE1,重庆甲机械有限公司,{USCC_1},万州区\n"
                                    f"E2,重庆乙商贸有限公司,{USCC_2},渝中区\n")
    write(folder, "training_provider.csv", "id,name_zh,district\nT1,重庆丙培训学校,渝中区\n")
    write(folder, "trains.csv", "start,end,capacity_per_year\nT1,电工,50\n")
    write(folder, "demands.csv", DEMANDS)


def test_the_sample_list_loads_reporting_the_occupation_the_2022_classification_lacks(
    store: GraphStore, tmp_path: Path
) -> None:
    report = ingest(store, SAMPLE)
    assert report.summary()["rows_loaded"] == 26  # the list and 25 occupations
    problems = reasons(report)
    assert list(problems) == [("lists.csv", 27, "end")]
    assert "'育婴员' is not in the 2022 classification" in problems[("lists.csv", 27, "end")]


def test_the_national_list_against_the_local_ranking(store: GraphStore, tmp_path: Path) -> None:
    with pytest.raises(NotFoundError, match="no national shortage list is loaded"):
        national_comparison(store)
    local_data(tmp_path / "local")
    assert ingest(store, tmp_path / "local").ok
    ingest(store, SAMPLE)
    found = national_comparison(store)
    assert found.shortage_list.id == "mohrss-2025q2-sample" and found.shortage_list.occupations == 25
    assert [(e.occupation_id, e.national_rank, e.local_rank) for e in found.both] == [
        ("4-01-02-01", 1, 3), ("6-18-01-01", 2, 2), ("6-18-02-04", 6, 1)]
    assert [(e.occupation_id, e.local_rank, e.demand) for e in found.local_only] == [("4-04-05-05", 4, 5)]
    national_only = {e.occupation_id: e for e in found.national_only}
    assert len(national_only) == 22 and national_only["6-31-01-03"].demand == 4  # 电工: demanded, supplied
    assert national_only["6-31-01-03"].supply == 50 and national_only["6-31-01-03"].local_rank is None
    # ranks on both lists: national 1, 2, 6 against local 3, 2, 1 → rho = -1
    assert found.overlap == 3 and found.rank_correlation == -1.0
    with pytest.raises(NotFoundError, match="no national shortage list 'nope'"):
        national_comparison(store, list_id="nope")
    keys = KeyStore(tmp_path / "keys.db")
    with TestClient(create_app(store=store, keys=keys)) as client:
        r = client.get("/api/v1/shortages/national-comparison?region=wanzhou",
                       headers={"Authorization": f"Bearer {keys.create('planner', 'planner')[0]}"})
    assert r.status_code == 200, r.text
    body = r.json()
    assert [e["occupation_id"] for e in body["both"]] == ["6-18-01-01", "6-18-02-04"]  # 万州: E1 only
    assert body["region"]["id"] == "wanzhou" and body["local_only"] == []


def test_a_list_of_2015_codes_is_matched_by_name_and_the_code_kept() -> None:
    # a code that names another occupation in 2022, beside the listed name: the name decides
    row = Lists.model_validate({"start": "L", "end": "6-18-02-04", "rank": 4, "listed_name": "车工"})
    assert (row.end, row.listed_code, row.listed_name) == ("6-18-01-01", "6-18-02-04", "车工")
    # by name only
    assert Lists.model_validate({"start": "L", "listed_name": "焊工", "rank": 1}).end == "6-18-02-04"
    with pytest.raises(ValueError, match="did you mean 焊工"):
        Lists.model_validate({"start": "L", "end": "6-18-02-04", "rank": 4, "listed_name": "焊工师"})


def test_the_demo_data_carries_a_labelled_synthetic_national_list_the_comparison_answers_on(tmp_path: Path) -> None:
    generate("small", 2, tmp_path)
    store = MemoryStore()
    assert ingest(store, tmp_path).ok
    found = national_comparison(store)
    assert "合成" in found.shortage_list.name_zh and found.shortage_list.occupations == 100
    # the service trades that lead the real lists come first; the overlap is the city's shortage ranking met
    listed = [*found.both, *found.national_only]
    assert [e.national_rank for e in listed if e.occupation_id == "4-01-02-01"] == [1]
    local = {r.occupation_id for r in shortage_ranking(store, limit=1000).items}
    assert {e.occupation_id for e in found.both} == local & {e.occupation_id for e in listed}
    assert found.overlap == len(found.both) and found.local_only
