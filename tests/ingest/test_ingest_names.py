"""Registers name things as people write them: clusters, occupations, districts and skill levels by their Chinese
names load to the same graph as the same files with codes; an ambiguous or unknown name is refused with the
candidates; a known variant spelling of the policy text is read with a warning."""

import csv
import random
from pathlib import Path
from typing import Any

import pytest

from graph_model.reference import (
    clusters,
    districts,
    occupations,
    resolve_cluster,
    resolve_occupation,
    skill_levels,
)
from ingest.generate import generate
from store import MemoryStore
from tests.ingest.support import USCC_1, ingest, reasons, write

CLUSTER_NAMES = {c["id"]: c["name_zh"] for c in clusters()}
DISTRICT_NAMES = {d["id"]: d["name_zh"] for d in districts()}
LEVEL_NAMES = {s["id"]: s["name_zh"] for s in skill_levels()}
OCCUPATION_FILES = {"demands.csv", "trains.csv", "evaluates.csv", "prepares_for.csv"}


def named(folder: Path, out: Path, seed: int) -> None:
    """The generated files again with Chinese names where codes were, in a random mix of spellings."""
    rng = random.Random(seed)
    for path in sorted(folder.glob("*.csv")):
        with path.open(encoding="utf-8", newline="") as f:
            rows = list(csv.DictReader(f))
        for row in rows:
            if row.get("cluster_ids"):
                ids = row["cluster_ids"].split(";")
                spellings = [[CLUSTER_NAMES[c], CLUSTER_NAMES[c] + "产业集群", c] for c in ids]
                row["cluster_ids"] = ";".join(rng.choice(s) for s in spellings)
            if row.get("district"):
                row["district"] = rng.choice([DISTRICT_NAMES[row["district"]], row["district"]])
            if path.name in OCCUPATION_FILES and rng.random() < 0.8:
                row["end"] = occupations()[row["end"]].name_zh
            if row.get("skill_level"):
                row["skill_level"] = LEVEL_NAMES[row["skill_level"]]
            if row.get("levels"):
                row["levels"] = "、".join(LEVEL_NAMES[v] for v in row["levels"].split(";"))
        out.mkdir(parents=True, exist_ok=True)
        with (out / path.name).open("w", encoding="utf-8", newline="") as f:
            writer = csv.DictWriter(f, fieldnames=list(rows[0]) if rows else [])
            writer.writeheader()
            writer.writerows(rows)


def everything(store: MemoryStore) -> tuple[Any, ...]:
    """Every node and relationship with its properties, provenance's file hash left out (the files differ)."""
    def props(d: dict[str, Any]) -> list[tuple[str, str]]:
        return sorted((k, repr(v)) for k, v in d.items() if k != "load_id")

    graph = store.graph
    return (sorted((n, sorted(d["labels"]), props(d["props"])) for n, d in graph.nodes(data=True)),
            sorted((a, b, k, props(d["props"])) for a, b, k, d in graph.edges(keys=True, data=True)))


def test_files_with_chinese_names_load_to_the_same_graph_as_files_with_codes(tmp_path: Path) -> None:
    generate("small", 4, tmp_path / "codes")
    named(tmp_path / "codes", tmp_path / "names", 4)
    with_codes, with_names = MemoryStore(), MemoryStore()
    assert ingest(with_codes, tmp_path / "codes").ok
    report = ingest(with_names, tmp_path / "names")
    assert report.ok, [r for f in report.files for r in f.rejections[:3]]
    assert everything(with_names) == everything(with_codes)


def test_names_resolve_and_ambiguous_or_unknown_ones_are_refused_with_candidates() -> None:
    nev = "intelligent_connected_nev"
    assert resolve_cluster("智能网联新能源汽车产业集群") == nev
    assert resolve_cluster("Intelligent Connected New Energy Vehicles") == nev
    assert resolve_occupation("焊工") == "6-18-02-04"
    # a group and its only occupation share a name: the occupation when one is wanted, else both are candidates
    assert resolve_occupation("国家权力机关负责人") == "1-02-01-00"
    with pytest.raises(ValueError, match=r"names 2 entries of the 2022 classification: 1-02-01 \(level 3\), "
                                          r"1-02-01-00 \(level 4\); give the code"):
        resolve_occupation("国家权力机关负责人", leaf=False)
    with pytest.raises(ValueError, match=r"did you mean 焊工 \(6-18-02-04\)"):
        resolve_occupation("焊工师")
    with pytest.raises(ValueError, match="unknown cluster '火星产业'"):
        resolve_cluster("火星产业")


def test_a_variant_spelling_of_the_policy_text_is_read_with_a_warning(tmp_path: Path) -> None:
    write(tmp_path, "enterprise.csv", f"id,name_zh,uscc,district\nE1,重庆甲公司,{USCC_1},万州区\n")
    write(tmp_path, "demands.csv", "start,end,headcount,skill_level,year\nE1,焊工,2,特技技师,2025\n"
                                   "E1,焊工,3,特级技师,2025\nE1,焊工师,1,技师,2025\n")
    store = MemoryStore()
    report = ingest(store, tmp_path)
    [demands] = [f for f in report.files if f.file.endswith("demands.csv")]
    assert "1 row(s) write 特技技师, a spelling of the policy text: read as 特级技师 (rows 2)" in demands.warnings
    assert demands.rows_loaded == 1 and demands.rows_rejected == 2  # row 3 repeats row 2's key with other data
    problems = reasons(report)
    assert "did you mean 焊工 (6-18-02-04)" in problems[("demands.csv", 4, "end")]
