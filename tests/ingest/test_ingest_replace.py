"""Loading an edited register again: a row is the truth for the fields its file carries, and what is derived
from a column is replaced, so the districts still add up to the city."""

import csv
import random
from pathlib import Path

from analyses.gaps import gap_table
from analyses.totals import gap_totals
from graph_model.reference import districts
from ingest.generate import generate
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


def test_an_abolished_district_resolves_to_its_successor_and_each_row_is_told(
    store: GraphStore, tmp_path: Path
) -> None:
    write(tmp_path, "enterprise.csv", HEADER
          + f"E1,重庆甲汽车零部件有限公司,{USCC_1},江北区,300,,\n"
          + f"E2,重庆乙电子有限公司,{USCC_2},500112,120,,\n"
          + f"E3,重庆丙公司,{USCC_3},wanzhou,,,\n")
    write(tmp_path, "demands.csv", DEMANDS)
    report = ingest(store, tmp_path)
    assert report.ok
    [warnings] = [f.warnings for f in report.files if f.file.endswith("enterprise.csv")]
    assert any("1 row(s) name 江北区 (jiangbei), abolished on 2025-11-06 and merged into 两江新区: stored as "
               "liangjiang_new_area (rows 2)" in w for w in warnings), warnings
    assert any("渝北区 (yubei)" in w and "(rows 3)" in w for w in warnings), warnings
    for firm in ("E1", "E2"):
        node = store.get_node(firm)
        assert node is not None and node.properties["district"] == "liangjiang_new_area"
    assert store.get_node("jiangbei") is None and store.get_node("yubei") is None
    area = store.get_node("liangjiang_new_area")
    assert area is not None and area.properties["former_codes"] == ["500105", "500112"]
    totals = gap_totals(store, "district").items
    assert not {"jiangbei", "yubei"} & {t.id for t in totals}
    assert {t.id: t.demand for t in totals if t.demand} == {"liangjiang_new_area": 14}


def test_a_store_loaded_before_the_merger_moves_what_it_placed_in_abolished_districts(
    store: GraphStore, tmp_path: Path
) -> None:
    # What an earlier version loaded: 江北区 as a live district, a firm located there
    store.upsert_nodes("District", [{"id": "jiangbei", "props": {"name_zh": "江北区", "district_type": "district",
                                                                  "lat": 29.62, "lng": 106.71}}])
    store.upsert_nodes("Enterprise", [{"id": "E1", "props": {"name_zh": "重庆甲公司", "uscc": USCC_1,
                                                              "district": "jiangbei"}}])
    store.upsert_relationships("LOCATED_IN", [{"start": "E1", "end": "jiangbei", "key": "",
                                               "props": {"source_file": "enterprise.csv", "source_row": 2}}])
    write(tmp_path, "demands.csv", DEMANDS.splitlines()[0] + "\nE1,6-22-02-01,10,senior_worker,2025\n")
    report = ingest(store, tmp_path)
    assert report.ok
    assert any("江北区 (jiangbei)" in n and "now sit in liangjiang_new_area" in n for n in report.notes), report.notes
    assert store.get_node("jiangbei") is None
    e1 = store.get_node("E1")
    assert e1 is not None and e1.properties["district"] == "liangjiang_new_area"
    _, edges = store.subgraph(["E1", "liangjiang_new_area"])
    [located] = [e for e in edges if e.type == "LOCATED_IN"]
    assert located.end == "liangjiang_new_area" and located.properties["source_row"] == 2
    assert sum(t.demand for t in gap_totals(store, "district").items) == gap_table(store, "city").region_demand == 10


def test_on_generated_data_the_districts_add_up_to_the_city_before_and_after_firms_move(
    store: GraphStore, tmp_path: Path
) -> None:
    """After any load every organisation sits in exactly one district, so the districts add up to the city:
    Σ district demand = city demand, and the supply located in the districts (graduates, training and
    evaluation capacity belong to organisations) is the city's — however many firms move between two loads.
    (A gap table's `supply` counts only occupations demanded in its region, so the district tables' supply
    columns do not add up to the city table's by design: docs/analyses.md.)"""
    data = tmp_path / "data"
    generate("small", 5, data)
    assert ingest(store, data).summary()["rows_rejected"] == 0
    check_districts_add_up(store)
    path = data / "enterprise.csv"
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    rng = random.Random(5)
    live = [d["id"] for d in districts()]
    moved = rng.sample(range(len(rows)), len(rows) // 5)
    for i in moved:
        rows[i]["district"] = rng.choice(live)
        rows[i]["lat"] = rows[i]["lng"] = ""
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    assert ingest(store, path).ok
    check_districts_add_up(store)
    for i in moved[:50]:
        node = store.get_node(rows[i]["id"])
        assert node is not None and node.properties["district"] == rows[i]["district"]
        assert "lat" not in node.properties


def check_districts_add_up(store: GraphStore) -> None:
    city = gap_table(store, "city")
    totals = gap_totals(store, "district").items
    assert len({t.id for t in totals}) == len(totals)
    assert sum(t.demand for t in totals) == city.region_demand > 0
    organisations = run(store, "region_organisations", {"region_kind": "city"})
    placed = [r["id"] for t in totals
              for r in run(store, "region_organisations", {"region_kind": "district", "region_id": t.id})]
    assert sorted(placed) == sorted(r["id"] for r in organisations)  # each in exactly one district


def test_a_located_in_or_in_cluster_row_may_restate_a_column_but_never_add_to_it(
    store: GraphStore, tmp_path: Path
) -> None:
    """`district` and `cluster_ids` are the truth for LOCATED_IN and IN_CLUSTER: a `located_in` or `in_cluster` row
    that restates them (by id, name or code, as the column may) loads; one that would put an organisation in a second
    district, or a firm in a cluster its `cluster_ids` do not list, is rejected naming where the column said so.
    (Before: a second LOCATED_IN, so the districts no longer added up to the city; names and codes not resolved.)"""
    write(tmp_path / "a", "enterprise.csv", FIRST)
    write(tmp_path / "a", "demands.csv", DEMANDS)
    assert ingest(store, tmp_path / "a").ok
    write(tmp_path / "b", "located_in.csv", "start,end\nE1,万州区\nE2,wanzhou\nE1,500101\n")
    write(tmp_path / "b", "in_cluster.csv",
          "start,end\nE1,intelligent_connected_nev\nE2,intelligent_connected_nev\n")
    report = ingest(store, tmp_path / "b")
    assert reasons(report) == {
        ("located_in.csv", 3, "end"): "'E2' sits in 'fengjie' (its district, in the store): each sits in one "
                                      "district, so a located_in row may only restate it; to move 'E2', change the "
                                      "district column of its own file",
        ("in_cluster.csv", 3, "end"): "'E2' lists no cluster 'intelligent_connected_nev' (its cluster_ids, in the "
                                      "store: none): an in_cluster row may only restate them; to add one, change the "
                                      "cluster_ids column of its own file",
    }
    assert [f.rows_loaded for f in report.files] == [2, 1]  # 万州区 and 500101 are wanzhou: restated
    in_district = {d: [r["id"] for r in run(store, "region_organisations", {"region_kind": "district",
                                                                             "region_id": d})]
                   for d in ("wanzhou", "fengjie")}
    assert in_district == {"wanzhou": ["E1"], "fengjie": ["E2"]}
    check_districts_add_up(store)


def test_in_one_run_a_located_in_row_is_held_to_the_district_its_organisation_was_given_in_it(
    store: GraphStore, tmp_path: Path
) -> None:
    write(tmp_path, "enterprise.csv", FIRST)
    write(tmp_path, "demands.csv", DEMANDS)
    write(tmp_path, "located_in.csv", "start,end\nE1,yuzhong\nE2,fengjie\n")
    report = ingest(store, tmp_path)
    assert reasons(report) == {
        ("located_in.csv", 2, "end"): "'E1' sits in 'wanzhou' (its district, enterprise.csv row 2): each sits in "
                                      "one district, so a located_in row may only restate it; to move 'E1', change "
                                      "the district column of its own file",
    }
    check_districts_add_up(store)
