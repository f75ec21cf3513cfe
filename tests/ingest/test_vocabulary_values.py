"""Closed word lists: every value has both labels, and a file may name a value by its Chinese label."""

from pathlib import Path

from graph_model.enums import VOCABULARIES, PlatformKind, vocabulary
from ingest.job import run_ingest
from store import MemoryStore
from tests.ingest.support import write


def test_every_value_of_every_word_list_has_a_chinese_and_an_english_label() -> None:
    for name, enum in VOCABULARIES.items():
        for member in enum:
            assert member.label_zh and member.label_en, f"{name}: {member.value}"
    words = vocabulary()
    assert [w["id"] for w in words["skill_level"]][:2] == ["apprentice", "junior_worker"]
    assert {"id": "public_training_base", "name_zh": "公共实训基地",
            "name_en": "Public practical training base"} in words["platform_kind"]


def test_a_public_training_base_loads_by_its_chinese_name(tmp_path: Path) -> None:
    write(tmp_path, "platform.csv",
          "编号,名称,类型,级别,区县\nP-9,重庆市公共实训基地,公共实训基地,municipal,沙坪坝区\n")
    store = MemoryStore()
    report = run_ingest([tmp_path], store, progress=False)
    assert report.ok, report.to_dict()
    node = store.get_node("P-9")
    assert node is not None and node.properties["kind"] == PlatformKind.PUBLIC_TRAINING_BASE == "public_training_base"
