"""Reports: a district's and a chain's PDF hold what the API answers — read back with pdftotext, as a person would.

On generated data (the small preset), so that a district has shortages to list: the report must name the
district and its top-5 shortage occupations with their demand, as `GET /api/v1/shortages` ranks them.
"""

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from app.api import create_app
from app.api.auth import KeyStore
from graph_model.reference import districts
from ingest.generate import generate
from ingest.job import run_ingest
from store import MemoryStore
from tests.api.conftest import auth, pdf_text

SEED = 11


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[TestClient, str, str, str]]:
    folder = tmp_path_factory.mktemp("reports") / "data"
    generate("small", SEED, folder)
    store = MemoryStore()
    assert run_ingest([folder], store, progress=False).ok
    keys = KeyStore(tmp_path_factory.mktemp("keys") / "keys.db")
    chain = sorted(n for n in store.graph if str(n).startswith("chain-"))[0]
    with TestClient(create_app(store=store, keys=keys)) as client:
        yield (client, keys.create("planner", "planner")[0], keys.create("leader", "chain_leader", [chain])[0], chain)


def _words(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_districts_report_names_it_and_its_top_five_shortages_with_their_figures(
    site: tuple[TestClient, str, str, str], lang: str
) -> None:
    client, planner, _, _ = site
    totals = client.get("/api/v1/gaps/totals", params={"by": "district"}, headers=auth(planner)).json()
    district = next(d for d in totals["items"] if d["shortage_occupations"] >= 5)
    got = client.get(f"/api/v1/reports/districts/{district['id']}", params={"lang": lang}, headers=auth(planner))
    assert got.status_code == 200 and got.headers["content-type"] == "application/pdf"
    assert got.content.startswith(b"%PDF")
    text = _words(pdf_text(got.content))
    name = district["name_en"] if lang == "en" else district["name_zh"]
    assert name in text
    top = client.get("/api/v1/shortages", params={"region": district["id"], "limit": 5}, headers=auth(planner)).json()
    assert len(top["items"]) == 5
    for e in top["items"]:
        # its row: rank, code, name, demand (the name may wrap in its cell: the code and figures stand together)
        assert f"{e['rank']} {e['occupation_id']}" in text, e
        assert f"{e['demand']:,}" in text
        assert (e["name_en"] or e["name_zh"] if lang == "en" else e["name_zh"])[:4] in text
    key = "Unmet demand (people)" if lang == "en" else "未满足需求（人）"
    assert f"{key} {district['unmet_demand']:,}" in text
    # the 13 measures: the district's high-skill share and front-line fund share, as /measures answers them
    board = client.get("/api/v1/measures", params={"region": district["id"]}, headers=auth(planner)).json()
    assert ("The 13 measures' indicators" if lang == "en" else "技能强企13条措施指标") in text
    for indicator in ("high_skill_share", "fund_frontline_share"):
        found = next(i for i in board["items"] if i["id"] == indicator)
        assert f"{100 * found['value']:.1f}%" in text, indicator


def test_a_chains_report_is_its_leaders_and_lists_its_links(site: tuple[TestClient, str, str, str]) -> None:
    client, _, leader, chain = site
    got = client.get(f"/api/v1/reports/chains/{chain}", headers=auth(leader))
    assert got.status_code == 200
    text = _words(pdf_text(got.content))
    coverage = client.get(f"/api/v1/chains/{chain}/coverage", headers=auth(leader)).json()
    assert coverage["chain"]["name_zh"] in text
    for link in ("产业", "教学", "培训", "评价", "就业"):
        assert link in text
    board = client.get("/api/v1/measures", params={"region": chain}, headers=auth(leader)).json()
    share = next(i for i in board["items"] if i["id"] == "high_skill_share")
    assert "技能强企13条措施指标" in text and f"{100 * share['value']:.1f}%" in text
    other = client.get("/api/v1/reports/chains/chain-9999", headers=auth(leader))
    foreign = client.get(f"/api/v1/reports/chains/{'chain-0002' if chain != 'chain-0002' else 'chain-0001'}",
                         headers=auth(leader))
    assert other.status_code == foreign.status_code == 404  # another chain's report: as missing as no chain


def test_a_chains_report_in_english_heads_and_places_in_english(site: tuple[TestClient, str, str, str]) -> None:
    """(Before: names under "Name (Chinese)" headings, districts as ids, a full-width colon.)"""
    client, _, leader, chain = site
    text = _words(pdf_text(client.get(f"/api/v1/reports/chains/{chain}", params={"lang": "en"},
                                      headers=auth(leader)).content))
    assert "Name (Chinese)" not in text and "：" not in text
    english = {d["id"]: d["name_en"] for d in districts()}
    listed = [p["district"] for p in client.get(f"/api/v1/partners/{chain}", headers=auth(leader)).json()["items"]
              if p["district"]]
    assert listed and english[listed[0]][:6] in text
    assert not [d for d in listed if d in text], "district ids in an English report"


def test_a_chain_leader_gets_no_district_report_and_an_unknown_district_is_404(
    site: tuple[TestClient, str, str, str]
) -> None:
    client, planner, leader, _ = site
    assert client.get("/api/v1/reports/districts/wanzhou", headers=auth(leader)).status_code == 403
    missing = client.get("/api/v1/reports/districts/atlantis", headers=auth(planner))
    assert missing.status_code == 404 and missing.headers["content-type"] == "application/problem+json"
    not_district = client.get("/api/v1/reports/districts/city", headers=auth(planner))
    assert not_district.status_code == 404 and "no district" in not_district.json()["detail"]
