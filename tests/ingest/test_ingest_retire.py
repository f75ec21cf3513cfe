"""Retirement: an organisation a register marks closed, or a complete register (`replace`) no longer lists, leaves
the graph and every analysis; its record — properties, the row that closed it, its relationships — stays
queryable; a later load may bring it back."""

from pathlib import Path

from fastapi.testclient import TestClient

from analyses.coverage import chain_coverage
from analyses.gaps import gap_table
from analyses.loads import list_loads
from app.api import create_app
from app.api.auth import KeyStore
from queries import run
from store import GraphStore
from tests.ingest.support import USCC_1, USCC_2, USCC_3, ingest, reasons, write
from tests.ingest.test_ingest_crash import credit_code

ENTERPRISES = ("id,name_zh,uscc,district,employees\n"
               f"E1,重庆甲汽车零部件有限公司,{USCC_1},wanzhou,300\n"
               f"E2,重庆乙电子有限公司,{USCC_2},wanzhou,500\n"
               f"E3,重庆丙机械有限公司,{USCC_3},fengjie,80\n")
SCHOOLS = "id,name_zh,district,school_type,students\nS1,重庆甲职业学院,wanzhou,higher_vocational,9000\n"
CHAIN = "id,name_zh\nC1,重庆甲产教评技能生态链\n"
LEADS = "start,end\nE1,C1\n"
MEMBERS = "start,end,link_role\nE2,C1,industry\nS1,C1,teaching\n"
DEMANDS = ("start,end,headcount,skill_level,year\n"
           "E1,6-22-02-01,10,senior_worker,2025\n"
           "E2,6-22-02-01,4,technician,2025\n"
           "E3,6-22-02-01,6,technician,2025\n")
PARTNERS = "start,end,kind,trainees\nS1,E2,order_class,20\n"


def load_register(store: GraphStore, folder: Path) -> None:
    for name, text in (("enterprise.csv", ENTERPRISES), ("school.csv", SCHOOLS), ("chain.csv", CHAIN),
                       ("leads.csv", LEADS), ("member_of.csv", MEMBERS), ("demands.csv", DEMANDS),
                       ("partners_with.csv", PARTNERS)):
        write(folder, name, text)
    assert ingest(store, folder).ok


def sites(store: GraphStore) -> set[str]:
    return {r["id"] for r in run(store, "station_sites", {"min_students": 1000, "min_employees": 100})
            if r["kind"] in ("school", "enterprise")}


def test_a_closed_organisation_leaves_every_analysis_and_its_record_stays(store: GraphStore, tmp_path: Path) -> None:
    load_register(store, tmp_path / "a")
    assert gap_table(store, "city").region_demand == 20 and sites(store) == {"E1", "E2", "S1"}
    before = chain_coverage(store, "C1")
    assert sum(link.members for link in before.links) == 2  # E2 (industry), S1 (teaching)
    # The register again: E2 注销 on 2026-10-31, S1 停办
    write(tmp_path / "b", "enterprise.csv", "id,name_zh,uscc,district,status,closed_on\n"
                                            f"E2,重庆乙电子有限公司,{USCC_2},wanzhou,注销,2026-10-31\n")
    write(tmp_path / "b", "school.csv", "id,name_zh,district,school_type,状态\nS1,重庆甲职业学院,wanzhou,"
                                        "higher_vocational,停办\n")
    report = ingest(store, tmp_path / "b")
    assert report.ok
    assert store.get_node("E2") is None and store.get_node("S1") is None
    assert gap_table(store, "city").region_demand == 16  # E2's 4 gone
    assert sites(store) == {"E1"}
    after = chain_coverage(store, "C1")
    assert sum(link.members for link in after.links) == 0
    partners = run(store, "partner_ties", {"target_id": "C1"})
    assert not {"E2", "S1"} & {v for r in partners for v in r.values() if isinstance(v, str)}
    assert not {"E2", "S1"} & {r["id"] for r in run(store, "region_organisations", {"region_kind": "city"})}
    # The record: what it was, what closed it, what it was tied to
    [e2] = store.retired(["E2"])
    assert e2["kind"] == "Enterprise" and e2["props"]["employees"] == 500
    assert e2["props"]["status"] == "closed" and e2["props"]["closed_on"] == "2026-10-31"
    assert e2["props"]["retired_by_load"] == report.load and e2["props"]["source_file"] == "enterprise.csv"
    assert {(r["type"], r["start"], r["end"]) for r in e2["relationships"]} == {
        ("MEMBER_OF", "E2", "C1"), ("DEMANDS", "E2", "6-22-02-01"), ("LOCATED_IN", "E2", "wanzhou"),
        ("PARTNERS_WITH", "S1", "E2")}
    assert list_loads(store).items[0].counts.retired == 2


def test_a_relationship_to_a_closed_organisation_is_rejected_saying_so(store: GraphStore, tmp_path: Path) -> None:
    load_register(store, tmp_path / "a")
    write(tmp_path / "b", "enterprise.csv", f"id,name_zh,uscc,district,status\nE2,重庆乙电子有限公司,{USCC_2},wanzhou,"
                                            "closed\n")
    write(tmp_path / "b", "demands.csv", "start,end,headcount,skill_level,year\nE2,6-22-02-01,9,technician,2026\n")
    problems = reasons(ingest(store, tmp_path / "b"))
    assert "it is closed in enterprise.csv row 2: retired" in problems[("demands.csv", 2, "start")]


def test_a_row_of_a_later_run_naming_a_closed_organisation_says_which_load_retired_it(
    store: GraphStore, tmp_path: Path
) -> None:
    load_register(store, tmp_path / "a")
    write(tmp_path / "b", "enterprise.csv", f"id,name_zh,uscc,district,status\nE2,重庆乙电子有限公司,{USCC_2},wanzhou,"
                                            "closed\n")
    closing = ingest(store, tmp_path / "b")
    write(tmp_path / "c", "demands.csv", "start,end,headcount,skill_level,year\nE2,6-22-02-01,9,technician,2026\n")
    problems = reasons(ingest(store, tmp_path / "c"))
    assert problems == {("demands.csv", 2, "start"): f"start node 'E2' does not exist (it was retired by load "
                                                     f"{closing.load}: closed in enterprise.csv row 2)"}


def test_closing_an_organisation_the_store_does_not_hold_is_a_warning_not_a_change(
    store: GraphStore, tmp_path: Path
) -> None:
    load_register(store, tmp_path / "a")
    write(tmp_path / "b", "enterprise.csv", f"id,name_zh,uscc,district,status\nE9,重庆壬公司,{USCC_2},wanzhou,closed\n")
    report = ingest(store, tmp_path / "b")
    assert any("close an organisation the store does not hold" in w for w in report.files[0].warnings)
    assert store.retired() == [] and store.get_node("E2") is not None


def test_a_complete_register_loaded_with_replace_retires_what_it_no_longer_lists(
    store: GraphStore, tmp_path: Path
) -> None:
    load_register(store, tmp_path / "a")
    # enterprise: E3 is no longer in the register; demands: E1's row only
    write(tmp_path / "b", "enterprise.csv", ENTERPRISES.rsplit("E3,", 1)[0])
    write(tmp_path / "b", "demands.csv", DEMANDS.split("E2,")[0])
    report = ingest(store, tmp_path / "b", replace=["enterprise", "demands"])
    assert report.ok, report.notes
    assert store.get_node("E3") is None and store.get_node("E1") is not None
    assert gap_table(store, "city").region_demand == 10
    assert any("1 Enterprise node(s) no longer listed were retired" in n for n in report.notes), report.notes
    # E2's DEMANDS row retired (E3's went with E3)
    assert any("1 DEMANDS relationship(s) no longer listed were retired" in n for n in report.notes), report.notes
    retired = store.retired()
    assert {(r.get("id"), r["kind"]) for r in retired} >= {("E3", "Enterprise"), (None, "DEMANDS")}
    [row] = [r for r in retired if r["kind"] == "DEMANDS"]
    assert (row["start"], row["end"], row["props"]["headcount"]) == ("E2", "6-22-02-01", 4)
    counts = list_loads(store).items[0].counts
    assert (counts.retired, counts.relationships_removed) == (1, 1)


def test_a_row_of_the_same_run_naming_what_replace_retires_is_rejected_saying_so_in_every_run(
    store: GraphStore, tmp_path: Path
) -> None:
    """A register that no longer lists E3, loaded with rows naming E3: those rows are rejected (E3 is retired before
    the relationship files are read), and loading the same files again gives the same report. (Before: counted as
    loaded, then gone with E3, and rejected only in the next run.)"""
    load_register(store, tmp_path / "a")
    write(tmp_path / "b", "enterprise.csv", ENTERPRISES.rsplit("E3,", 1)[0])
    write(tmp_path / "b", "demands.csv", DEMANDS)
    first = ingest(store, tmp_path / "b", replace=["enterprise"])
    assert reasons(first) == {("demands.csv", 4, "start"): "start node 'E3' does not exist (it is not listed in "
                              "this load's enterprise register, --replace enterprise: retired)"}
    again = ingest(store, tmp_path / "b", replace=["enterprise"])
    assert reasons(again) == {("demands.csv", 4, "start"): f"start node 'E3' does not exist (it was retired by load "
                              f"{first.load}: --replace enterprise)"}
    for report in (first, again):
        assert [(f.rows_loaded, f.rows_rejected) for f in report.files] == [(2, 0), (2, 1)]
    assert store.get_node("E3") is None and gap_table(store, "city").region_demand == 14


def test_a_dry_run_rejects_what_the_load_would_reject_after_closing_and_replacing(
    store: GraphStore, tmp_path: Path
) -> None:
    load_register(store, tmp_path / "a")
    write(tmp_path / "b", "enterprise.csv", "id,name_zh,uscc,district,status\n"
                                            f"E1,重庆甲汽车零部件有限公司,{USCC_1},wanzhou,\n"
                                            f"E2,重庆乙电子有限公司,{USCC_2},wanzhou,closed\n")
    write(tmp_path / "b", "demands.csv", DEMANDS)
    dry = ingest(store, tmp_path / "b", replace=["enterprise"], dry_run=True)
    assert store.get_node("E2") is not None and store.get_node("E3") is not None
    real = ingest(store, tmp_path / "b", replace=["enterprise"])
    assert set(reasons(dry)) == set(reasons(real)) == {("demands.csv", 3, "start"), ("demands.csv", 4, "start")}
    assert reasons(dry) == reasons(real)


def test_replace_is_not_applied_when_the_register_has_a_bad_row(store: GraphStore, tmp_path: Path) -> None:
    load_register(store, tmp_path / "a")
    write(tmp_path / "b", "enterprise.csv", ENTERPRISES.rsplit("E3,", 1)[0] + "E4,重庆丁公司,not-a-code,wanzhou,\n")
    report = ingest(store, tmp_path / "b", replace=["enterprise"])
    assert any("--replace enterprise: not applied" in n for n in report.notes), report.notes
    assert store.get_node("E3") is not None and store.retired() == []


def test_a_dry_run_with_replace_says_what_would_be_retired_and_retires_nothing(
    store: GraphStore, tmp_path: Path
) -> None:
    load_register(store, tmp_path / "a")
    write(tmp_path / "b", "enterprise.csv", ENTERPRISES.rsplit("E3,", 1)[0])
    report = ingest(store, tmp_path / "b", replace=["enterprise"], dry_run=True)
    assert any("a load would retire 1 Enterprise node(s)" in n for n in report.notes), report.notes
    assert store.get_node("E3") is not None


def test_a_retired_organisation_comes_back_when_a_register_lists_it_again(store: GraphStore, tmp_path: Path) -> None:
    load_register(store, tmp_path / "a")
    write(tmp_path / "b", "enterprise.csv", f"id,name_zh,uscc,district,status\nE3,重庆丙机械有限公司,{USCC_3},fengjie,"
                                            "closed\n")
    assert ingest(store, tmp_path / "b").ok and store.get_node("E3") is None
    write(tmp_path / "c", "enterprise.csv", f"id,name_zh,uscc,district\nE3,重庆丙机械有限公司,{USCC_3},fengjie\n")
    assert ingest(store, tmp_path / "c").ok
    e3 = store.get_node("E3")
    assert e3 is not None and "status" not in e3.properties
    assert [r["id"] for r in store.retired(["E3"])] == ["E3"]  # the history stays


def test_admins_retire_by_id_or_by_a_complete_register_in_the_api_and_analysts_read_the_records(
    store: GraphStore, tmp_path: Path
) -> None:
    load_register(store, tmp_path / "a")
    keys = KeyStore(tmp_path / "keys.db")
    admin, analyst = keys.create("管理员", "admin")[0], keys.create("analyst", "analyst")[0]
    planner = keys.create("planner", "planner")[0]
    with TestClient(create_app(store=store, keys=keys)) as client:
        as_admin = {"Authorization": f"Bearer {admin}"}
        r = client.post("/api/v1/retirements", headers=as_admin,
                        json={"ids": ["E3", "C1", "nope"], "closed_on": "2026-11-30", "reason": "注销"})
        assert r.status_code == 200, r.text
        answer = r.json()
        assert answer["retired"] == ["E3"] and answer["not_found"] == ["nope"]
        assert answer["not_organisations"] == {"C1": "Chain"}
        assert client.post("/api/v1/retirements", headers={"Authorization": f"Bearer {planner}"},
                           json={"ids": ["E1"]}).status_code == 403
        body = ENTERPRISES.split("E2,")[0]  # E1 only: E2 is no longer in the register
        r = client.post("/api/v1/ingest?replace=enterprise", headers=as_admin,
                        files={"files": ("enterprise.csv", body.encode())})
        assert r.status_code == 200 and any("1 Enterprise node(s)" in n for n in r.json()["notes"]), r.json()
        assert client.post("/api/v1/ingest?replace=district", headers=as_admin,
                           files={"files": ("enterprise.csv", body.encode())}).status_code == 422
        records = client.get("/api/v1/retired", headers={"Authorization": f"Bearer {analyst}"}).json()
        assert [r["id"] for r in records["items"]] == ["E3", "E2"]
        assert records["items"][0]["props"]["retired_because"] == "注销"
        assert records["items"][0]["props"]["closed_on"] == "2026-11-30"
        one = client.get("/api/v1/retired?id=E2", headers={"Authorization": f"Bearer {analyst}"}).json()
        assert one["total"] == 1 and one["items"][0]["props"]["retired_because"] == "--replace enterprise"
        assert client.get("/api/v1/retired", headers={"Authorization": f"Bearer {planner}"}).status_code == 403
        assert client.get("/api/v1/entities/E2", headers=as_admin).status_code == 404
    assert [load.by for load in list_loads(store).items[:2]] == ["api: 管理员 (admin)"] * 2


def test_a_later_row_of_the_same_run_that_closes_an_organisation_retires_it(store: GraphStore, tmp_path: Path) -> None:
    # One run: the register lists E2, a later file of the run (its folder sorts after) closes it; E4 is given and
    # closed by two rows of one file (batches of one row, so the closing row's batch is not the giving row's).
    folder = tmp_path / "a"
    for name, text in (("enterprise.csv", ENTERPRISES), ("chain.csv", CHAIN),
                       ("member_of.csv", "start,end,link_role\nE2,C1,industry\n"), ("demands.csv", DEMANDS)):
        write(folder, name, text)
    write(folder / "zz-closures", "enterprise.csv", "id,name_zh,uscc,district,status,closed_on\n"
                                                     f"E2,重庆乙电子有限公司,{USCC_2},wanzhou,注销,2026-10-31\n"
                                                     f"E4,重庆丁公司,{credit_code(4)},fengjie,,\n"
                                                     f"E4,重庆丁公司,{credit_code(4)},fengjie,closed,\n")
    report = ingest(store, folder, batch_size=1)
    for gone in ("E2", "E4"):
        assert store.get_node(gone) is None, f"a closing row later in the run left {gone} in the graph"
    [e2] = store.retired(["E2"])
    assert e2["props"]["status"] == "closed" and e2["props"]["closed_on"] == "2026-10-31"
    assert e2["props"]["retired_by_load"] == report.load
    assert {(r["type"], r["end"]) for r in e2["relationships"]} == {("LOCATED_IN", "wanzhou")}
    assert len(store.retired(["E4"])) == 1
    problems = reasons(report)
    assert "it is closed in enterprise.csv row 2: retired" in problems[("member_of.csv", 2, "start")]
    assert "it is closed in enterprise.csv row 2: retired" in problems[("demands.csv", 3, "start")]
    assert report.summary()["rows_rejected"] == 2
    assert not any("repeat an earlier row" in w for f in report.files for w in f.warnings)
    assert list_loads(store).items[0].counts.retired == 2
