"""The curated reference tables hold only real codes, say where each row comes from, and match the reviewer's page."""

import re
import subprocess
import sys
from pathlib import Path

import pytest

from graph_model import reference as ref
from graph_model.enums import PriorityField
from ingest.generate.tables import MAJOR_THEMES, SCHOOL_TYPES

ROOT = Path(__file__).resolve().parents[1]
LEAVES = {code for code, o in ref.occupations().items() if o.level == 4}
SECTORS = [c["id"] for c in ref.clusters()] + [f.value for f in PriorityField]
CURATION = "SkillGraph curation"

CODE_FORMAT = {
    # 《职业教育专业目录（2021年）》: six digits, 中职 7xxxxx, 高职专科 4xxxxx–5xxxxx, 职业本科 2xxxxx–3xxxxx;
    # the undergraduate catalogue: six digits with an optional T (特设) or K (国家控制) mark; technical schools:
    # four digits (《技工院校专业目录》).
    "vocational_2021": r"\d{6}",
    "undergraduate": r"\d{6}[TK]{0,2}",
    "technical_school": r"\d{4}",
}


@pytest.mark.parametrize("sector", SECTORS)
def test_every_cluster_and_priority_field_has_ten_or_more_real_occupations_weighing_100(sector: str) -> None:
    rows = ref.sector_occupations()[sector]
    assert 10 <= len(rows) <= 16
    assert sum(r.weight for r in rows) == 100
    assert len({r.code for r in rows}) == len(rows)
    assert {r.code for r in rows} <= LEAVES
    for r in rows:
        assert r.confidence in ("sourced", "curated"), r
        if r.confidence == "sourced":  # a sourced row names its document, not our curation
            assert r.source and CURATION not in r.source, r


def test_the_table_names_each_occupation_as_the_classification_does() -> None:
    names = {code: o.name_zh for code, o in ref.occupations().items()}
    text = (ROOT / "graph_model" / "reference_data" / "sector_occupations.csv").read_text(encoding="utf-8")
    for line in text.splitlines()[1:]:
        _, code, name, *_ = line.split(",")
        assert names[code] == name, line


def test_every_major_the_generator_uses_is_in_the_catalogue_with_a_well_formed_code() -> None:
    catalogue = ref.major_catalogue()
    for theme in MAJOR_THEMES:
        for school_type, name in zip(SCHOOL_TYPES, theme.names, strict=True):
            if name:
                assert (school_type.value, name) in catalogue, (theme.key, school_type, name)
    for major in catalogue.values():
        assert major.confidence in ("sourced", "recalled", "unconfirmed"), major
        assert major.source, major
        if major.confidence == "unconfirmed":  # the technical schools' catalogue: no copy found, no code guessed
            assert major.code == "" and major.catalogue == "technical_school", major
        else:
            assert re.fullmatch(CODE_FORMAT[major.catalogue], major.code), major


def test_every_major_prepares_for_two_to_five_real_occupations() -> None:
    for major in ref.major_catalogue().values():
        assert 2 <= len(major.occupations) <= 5, major
        assert set(major.occupations) <= LEAVES, major


def test_occupations_know_their_clusters_and_fields_from_the_curated_table() -> None:
    sectors = ref.occupation_sectors()
    assert "intelligent_connected_nev" in sectors["6-22-02-01"]  # 汽车装调工
    assert "health_elderly_care" in sectors["4-10-01-05"]  # 养老护理员
    assert sectors.get("6-30-01-00") is None or "software_info_services" not in sectors["6-30-01-00"]


def test_the_reviewers_page_is_up_to_date() -> None:
    done = subprocess.run([sys.executable, str(ROOT / "scripts" / "reference_tables.py"), "--check"],
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr


def test_every_occupation_the_curated_tables_use_has_an_english_name() -> None:
    from ingest.reference import reference_graph

    named = {n.id: n.name_en for n in reference_graph().nodes["Occupation"]}
    used = {r.code for rows in ref.sector_occupations().values() for r in rows}
    used |= {code for m in ref.major_catalogue().values() for code in m.occupations}
    assert [code for code in sorted(used) if not named[code]] == []
