"""Loading an edited register again: a row is the truth for the fields its file carries, and what is derived
from a column is replaced, so the districts still add up to the city."""

from pathlib import Path

from analyses.gaps import gap_table
from analyses.totals import gap_totals
from queries import run
from store import GraphStore
from tests.ingest.support import USCC_1, USCC_2, USCC_3, ingest, reasons, write

HEADER = "id,name_zh,uscc,district,employees,discoverable,cluster_ids\n"
FIRST = (HEADER
         + f"E1,重庆甲汽车零部件有限公司,{USCC_1},wanzhou,300,true,intelligent_connected_nev\n"
         + f"E2,重庆乙电子有限公司,{USCC_2},fengjie,120,,\n")
DEMANDS = ("start,end,headcount,skill_level,year\n"
           "E1,6-22-02-01,10,senior_worker,2025\n"
           "E2,6-22-02-01,4,technician,2025\n")


def test_an_emptied_cell_clears_the_stored_value_and_a_default_field_returns_to_its_default(
    store: GraphStore, tmp_path: Path
) -> None:
    write(tmp_path / "a", "enterprise.csv", FIRST)
    assert ingest(store, tmp_path / "a").ok
    e1 = store.get_node("E1")
    assert e1 is not None and e1.properties["employees"] == 300 and e1.properties["discoverable"] is True
    # The register again, E1's head count withdrawn and its consent not given any more
    write(tmp_path / "b", "enterprise.csv", HEADER
          + f"E1,重庆甲汽车零部件有限公司,{USCC_1},wanzhou,,,intelligent_connected_nev\n")
    assert ingest(store, tmp_path / "b").ok
    e1 = store.get_node("E1")
    assert e1 is not None
    assert "employees" not in e1.properties  # no value: cleared
    assert e1.properties["discoverable"] is False  # its default
    assert e1.properties["name_zh"] == "重庆甲汽车零部件有限公司"


def test_a_field_the_file_does_not_carry_keeps_its_value(store: GraphStore, tmp_path: Path) -> None:
    write(tmp_path / "a", "enterprise.csv", FIRST)
    assert ingest(store, tmp_path / "a").ok
    write(tmp_path / "b", "enterprise.csv", f"id,name_zh,uscc,district\nE1,重庆甲汽车有限公司,{USCC_1},wanzhou\n")
    assert ingest(store, tmp_path / "b").ok
    e1 = store.get_node("E1")
    assert e1 is not None and e1.properties["name_zh"] == "重庆甲汽车有限公司"
    assert e1.properties["employees"] == 300 and e1.properties["cluster_ids"] == ["intelligent_connected_nev"]


def test_a_firm_that_moved_sits_in_its_new_district_only_and_the_districts_add_up_to_the_city(
    store: GraphStore, tmp_path: Path
) -> None:
    write(tmp_path / "a", "enterprise.csv", FIRST)
    write(tmp_path / "a", "demands.csv", DEMANDS)
    assert ingest(store, tmp_path / "a").ok
    # E1 moves from Wanzhou to Yuzhong and leaves its cluster
    write(tmp_path / "b", "enterprise.csv", HEADER + f"E1,重庆甲汽车零部件有限公司,{USCC_1},yuzhong,300,true,\n")
    assert ingest(store, tmp_path / "b").ok
    in_district = {d: [r["id"] for r in run(store, "region_organisations", {"region_kind": "district",
                                                                             "region_id": d})]
                   for d in ("wanzhou", "yuzhong", "fengjie")}
    assert in_district == {"wanzhou": [], "yuzhong": ["E1"], "fengjie": ["E2"]}
    nev = {"region_kind": "cluster", "region_id": "intelligent_connected_nev"}
    assert run(store, "region_organisations", nev) == []
    # Σ district demand = city demand, per occupation and in all
    city = gap_table(store, "city").region_demand
    totals = gap_totals(store, "district").items
    assert city == 14 and sum(t.demand for t in totals) == city
    assert {t.id: t.demand for t in totals if t.demand} == {"yuzhong": 10, "fengjie": 4}


def test_one_credit_code_is_one_node_a_second_id_for_it_is_rejected_naming_both(
    store: GraphStore, tmp_path: Path
) -> None:
    write(tmp_path / "a", "enterprise.csv", FIRST)
    assert ingest(store, tmp_path / "a").ok
    # the same legal entity under a new id: in a later load, and twice in one file
    write(tmp_path / "b", "enterprise.csv", HEADER
          + f"E7,重庆甲汽车零部件有限公司,{USCC_1},wanzhou,300,,\n"
          + f"E8,重庆丙公司,{USCC_3},wanzhou,,,\n"
          + f"E9,重庆丙公司（重复）,{USCC_3},wanzhou,,,\n")
    report = ingest(store, tmp_path / "b")
    problems = reasons(report)
    assert set(problems) == {("enterprise.csv", 2, "uscc"), ("enterprise.csv", 4, "uscc")}
    assert "already held by 'E1' (in the store)" in problems[("enterprise.csv", 2, "uscc")]
    assert "already held by 'E8' (enterprise.csv row 3)" in problems[("enterprise.csv", 4, "uscc")]
    assert "'E7'" in problems[("enterprise.csv", 2, "uscc")]
    assert store.get_node("E7") is None and store.get_node("E9") is None and store.get_node("E8") is not None
