"""What users rely on from the ingest job as a whole: idempotence, provenance, dry runs, folders, templates."""

import hashlib
import json
from pathlib import Path

from ingest.job import run_ingest
from store import GraphStore
from tests.ingest.support import (
    USCC_1,
    USCC_2,
    added_counts,
    edge_properties,
    ingest,
    reasons,
    snapshot,
    write,
    write_xlsx,
)

TEMPLATES = Path(__file__).resolve().parents[2] / "ingest" / "templates"

ENTERPRISES = (
    "id,name_zh,uscc,district,cluster_ids\n"
    f"E1,重庆甲汽车零部件有限公司,{USCC_1},wanzhou,intelligent_connected_nev\n"
    f"E2,重庆乙电子有限公司,{USCC_2},jiulongpo,\n"
)
DEMANDS = (
    "start,end,headcount,skill_level,year\n"
    "E1,6-22-02-01,10,senior_worker,2025\n"
    "E2,6-22-02-01,4,technician,2025\n"
    "E9,6-22-02-01,4,technician,2025\n"
)


def test_every_template_loads_cleanly_one_node_or_relationship_each(store: GraphStore) -> None:
    report = ingest(store, TEMPLATES)
    assert len(report.files) == 35
    assert report.ok
    assert all(not f.warnings for f in report.files), [f.warnings for f in report.files]
    added = added_counts(store)
    # 9 organisations, stations, parks and platforms with a district → 9 LOCATED_IN (the located_in
    # template restates the platform's); E-0001 is in 1 cluster (the in_cluster template restates it), the chain
    # in 1 → 2 IN_CLUSTER;
    # PART_OF adds the station → park row.
    expected_nodes = {k: 1 for k in ("Enterprise", "School", "TrainingProvider", "EvaluationBody",
                                     "EmploymentService", "ResearchInstitute", "Chain", "Major", "Platform",
                                     "ServiceStation", "EcoPark", "Consortium", "ShortageList",
                                     "RecognitionList")}
    expected_rels = {t: 1 for t in ("LEADS", "MEMBER_OF", "DEMANDS", "OFFERS", "PREPARES_FOR", "TRAINS",
                                    "EVALUATES", "PARTNERS_WITH", "HOSTS", "SERVES", "PART_OF", "LISTS",
                                    "RECOGNISED", "EMPLOYS", "CERTIFIED", "APPRENTICES", "FILED", "EARNS",
                                    "REPORTS")}
    assert added == {**expected_nodes, **expected_rels, "LOCATED_IN": 9, "IN_CLUSTER": 2}


def test_ingesting_the_same_files_twice_changes_no_count_and_no_property(store: GraphStore, tmp_path: Path) -> None:
    write(tmp_path, "enterprise.csv", ENTERPRISES)
    write(tmp_path, "demands.csv", DEMANDS)
    first = ingest(store, TEMPLATES, tmp_path)
    counts, state = store.counts(), snapshot(store)
    second = ingest(store, TEMPLATES, tmp_path)
    assert store.counts() == counts
    assert snapshot(store) == state
    assert first.summary() == second.summary() == {
        "files": 37, "files_rejected": 0, "rows_read": 40, "rows_loaded": 39, "rows_rejected": 1,
    }


def test_every_node_and_relationship_carries_its_source_file_row_and_a_hash_of_the_file(
    store: GraphStore, tmp_path: Path
) -> None:
    enterprise = write(tmp_path, "enterprise.csv", ENTERPRISES)
    demands = write(tmp_path, "demands.csv", DEMANDS)
    load_id = hashlib.sha256(enterprise.read_bytes()).hexdigest()[:16]
    ingest(store, tmp_path)

    e2 = store.get_node("E2")
    assert e2 is not None
    assert (e2.properties["source_file"], e2.properties["source_row"], e2.properties["load_id"]) == (
        "enterprise.csv", 3, load_id,
    )
    for rel_type, end in (("LOCATED_IN", "wanzhou"), ("IN_CLUSTER", "intelligent_connected_nev")):
        props = edge_properties(store, "E1", rel_type, end)
        assert (props["source_file"], props["source_row"], props["load_id"]) == ("enterprise.csv", 2, load_id)
    demand = edge_properties(store, "E2", "DEMANDS", "6-22-02-01", "technician|2025")
    assert (demand["source_file"], demand["source_row"], demand["load_id"]) == (
        "demands.csv", 3, hashlib.sha256(demands.read_bytes()).hexdigest()[:16],
    )


def test_a_dry_run_writes_nothing_but_reports_what_would_load(store: GraphStore, tmp_path: Path) -> None:
    write(tmp_path, "enterprise.csv", ENTERPRISES)
    write(tmp_path, "demands.csv", DEMANDS)
    report = ingest(store, tmp_path, dry_run=True)
    assert report.dry_run
    # E1 and E2 exist only in this run's files, yet their demands validate; E9 exists nowhere.
    assert [(f.rows_read, f.rows_loaded, f.rows_rejected) for f in report.files] == [(2, 2, 0), (3, 2, 1)]
    assert set(reasons(report)) == {("demands.csv", 4, "start")}
    counts = store.counts()
    assert sum(counts.nodes.values()) == 0 and sum(counts.relationships.values()) == 0


def test_folders_are_searched_recursively_and_nodes_load_before_relationships(
    store: GraphStore, tmp_path: Path
) -> None:
    # "a/demands" sorts before "b/…/enterprise": the job must still load the enterprises first.
    write(tmp_path, "a/demands.csv", DEMANDS)
    (tmp_path / "b").mkdir()
    write_xlsx(tmp_path / "b", "enterprise-2025.xlsx", [
        ["id", "name_zh", "uscc", "district"],
        ["E1", "重庆甲汽车零部件有限公司", USCC_1, "wanzhou"],
        ["E2", "重庆乙电子有限公司", USCC_2, "jiulongpo"],
    ])
    write(tmp_path, "b/README.md", "notes")
    write(tmp_path, "b/.hidden/enterprise.csv", "junk")
    report = ingest(store, tmp_path)
    assert [Path(f.file).name for f in report.files] == ["enterprise-2025.xlsx", "demands.csv"]
    assert set(reasons(report)) == {("demands.csv", 4, "start")}
    assert report.skipped == [f"{tmp_path / 'b' / 'README.md'}: not a .csv, .xlsx or .jsonl file"]
    assert added_counts(store) == {"Enterprise": 2, "LOCATED_IN": 2, "DEMANDS": 2}


def test_the_same_id_in_two_files_is_fine_when_identical_and_rejected_when_not(
    store: GraphStore, tmp_path: Path
) -> None:
    write(tmp_path, "enterprise-a.csv", ENTERPRISES)
    write(tmp_path, "enterprise-b.csv", "id,name_zh,uscc,district,cluster_ids\n"
          f"E1,重庆甲汽车零部件有限公司,{USCC_1},wanzhou,intelligent_connected_nev\n"
          f"E2,重庆乙电子有限公司,{USCC_2},yuzhong,\n")
    report = ingest(store, tmp_path)
    assert reasons(report) == {
        ("enterprise-b.csv", 3, "id"): "id 'E2' was already given in enterprise-a.csv row 3 with different data "
        "(district: 'jiulongpo' there, 'yuzhong' here); the earlier row is kept",
    }
    e2 = store.get_node("E2")
    assert e2 is not None and e2.properties["district"] == "jiulongpo"
    assert report.files[1].warnings == ["1 row(s) repeat an earlier row exactly; each was loaded once"]


def test_the_report_file_lists_every_rejection_with_file_row_field_reason_and_value(
    store: GraphStore, tmp_path: Path
) -> None:
    data = tmp_path / "data"
    write(data, "enterprise.csv", ENTERPRISES + f"E3,{'名' * 500},{USCC_1},wanzhou,\n")
    write(data, "demands.csv", DEMANDS)
    report_path = tmp_path / "out" / "report.json"
    run_ingest([data], store, report_path=report_path, progress=False)
    saved = json.loads(report_path.read_text(encoding="utf-8"))
    assert saved["summary"] == {"files": 2, "files_rejected": 0, "rows_read": 6, "rows_loaded": 4, "rows_rejected": 2}
    enterprise, demands = saved["files"]
    assert (enterprise["kind"], enterprise["rows_read"], enterprise["rows_loaded"], enterprise["rows_rejected"]) == (
        "Enterprise", 3, 2, 1,
    )
    (too_long,) = enterprise["rejections"]
    assert too_long["file"] == str(data / "enterprise.csv")
    assert (too_long["row"], too_long["field"]) == (4, "name_zh")
    assert too_long["reason"] == "at most 200 characters are accepted, got 500"
    assert too_long["value"] == "名" * 200
    assert demands["rejections"] == [{
        "file": str(data / "demands.csv"), "row": 4, "field": "start",
        "reason": "start node 'E9' does not exist: no node has this id, in the store or in this run's files",
        "value": "E9",
    }]
    assert saved["dry_run"] is False and saved["started_at"] and saved["finished_at"]
