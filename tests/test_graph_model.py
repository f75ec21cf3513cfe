"""The graph model refuses what is wrong and says which field and why."""

import datetime as dt

import pytest
from pydantic import ValidationError

from graph_model import NODE_KINDS, REL_KINDS, Enterprise, School, uscc_check_character, validate_uscc
from graph_model.nodes import ENTITY_LABEL, ORGANISATION_LABEL
from graph_model.reference import occupations, resolve_skill_level, skill_levels
from graph_model.relationships import Demands, Evaluates, MemberOf
from graph_model.schema import schema_statements

# The example code printed in GB 32100-2015 explanations; its check character is 3.
VALID_USCC = "91350100M000100Y43"


def enterprise(**overrides: object) -> Enterprise:
    fields: dict[str, object] = {"id": "e1", "name_zh": "重庆长安汽车股份有限公司", "uscc": VALID_USCC}
    fields["district"] = "500112"
    fields.update(overrides)
    return Enterprise.model_validate(fields)


def test_check_character_of_the_standard_example_is_3() -> None:
    # 9·1 + 1·3 + 3·9 + 5·27 + 0·19 + 1·26 + 0·16 + 0·17 + M(21)·20 + 0·29 + 0·25 + 0·13 + 1·8
    # + 0·24 + 0·10 + Y(30)·30 + 4·28 = 9+3+27+135+26+420+8+900+112 = 1640; 1640 mod 31 = 28; 31-28 = 3
    assert uscc_check_character("91350100M000100Y4") == "3"


def test_wrong_check_character_is_refused_naming_field_and_expected_character() -> None:
    with pytest.raises(ValidationError) as info:
        enterprise(uscc="91350100M000100Y44")
    error = info.value.errors()[0]
    assert error["loc"] == ("uscc",)
    assert "expected '3'" in error["msg"]


@pytest.mark.parametrize(
    ("code", "reason"),
    [("91350100M000100Y4", "18 characters"), ("91350100M000100I43", "'I' is not allowed")],
)
def test_malformed_credit_codes_say_what_is_wrong(code: str, reason: str) -> None:
    with pytest.raises(ValueError, match=reason):
        validate_uscc(code)


def test_lower_case_credit_code_is_normalised() -> None:
    assert enterprise(uscc=VALID_USCC.lower()).uscc == VALID_USCC


def test_district_is_accepted_as_code_name_or_id_and_stored_as_id() -> None:
    assert {enterprise(district=d).district for d in ("500101", "万州区", "万州", "wanzhou", "Wanzhou")} == {"wanzhou"}


def test_unknown_district_is_refused() -> None:
    with pytest.raises(ValidationError) as info:
        enterprise(district="500199")
    assert info.value.errors()[0]["loc"] == ("district",)
    assert "unknown district '500199'" in info.value.errors()[0]["msg"]


def test_classification_has_the_official_totals() -> None:
    levels = [o.level for o in occupations().values()]
    assert [levels.count(n) for n in (1, 2, 3, 4)] == [8, 79, 450, 1639]


def test_demand_needs_a_level_4_occupation_of_the_2022_classification() -> None:
    ok = Demands(start="e1", end="6-22-02-01", headcount=5, skill_level="高级工", year=2025)
    assert ok.skill_level == "senior_worker"
    with pytest.raises(ValidationError, match="not in the 2022 classification"):
        Demands(start="e1", end="6-99-99-99", headcount=5, skill_level="senior_worker", year=2025)
    with pytest.raises(ValidationError, match="level-3 group"):
        Demands(start="e1", end="6-22-02", headcount=5, skill_level="senior_worker", year=2025)


def test_negative_headcount_is_refused() -> None:
    with pytest.raises(ValidationError) as info:
        Demands(start="e1", end="6-22-02-01", headcount=-1, skill_level="senior_worker", year=2025)
    assert info.value.errors()[0]["loc"] == ("headcount",)


def test_skill_ladder_has_eight_rungs_from_apprentice_to_chief_technician() -> None:
    ladder = [s["id"] for s in skill_levels()]
    assert ladder[0] == "apprentice" and ladder[-1] == "chief_technician" and len(ladder) == 8
    assert resolve_skill_level("三级") == "senior_worker"
    assert resolve_skill_level(8) == "chief_technician"
    with pytest.raises(ValueError, match="not on the eight-level ladder"):
        resolve_skill_level(9)


def test_evaluation_levels_are_normalised_and_ordered_by_rank() -> None:
    rel = Evaluates(start="b1", end="6-22-02-01", levels=["技师", "初级工", "junior_worker"], capacity_per_year=100)
    assert rel.levels == ["junior_worker", "technician"]


def test_future_founding_date_is_refused() -> None:
    tomorrow = dt.date.today() + dt.timedelta(days=1)
    with pytest.raises(ValidationError, match="in the future"):
        enterprise(founded=tomorrow)


def test_unknown_link_role_is_refused() -> None:
    with pytest.raises(ValidationError) as info:
        MemberOf(start="e1", end="c1", link_role="marketing")
    assert info.value.errors()[0]["loc"] == ("link_role",)


def test_school_type_must_be_one_of_the_four() -> None:
    with pytest.raises(ValidationError):
        School(id="s1", name_zh="重庆某学校", district="wanzhou", school_type="kindergarten")


def test_properties_are_storable_primitives() -> None:
    props = enterprise(founded=dt.date(2001, 5, 1), roles=["chain_leader"]).properties()
    assert props["founded"] == "2001-05-01"
    assert props["roles"] == ["chain_leader"]
    assert props["district"] == "liangjiang_new_area"  # 500112 was 渝北区, merged into 两江新区 in 2025


def test_every_relationship_joins_known_kinds() -> None:
    known = {*NODE_KINDS, ORGANISATION_LABEL}
    for rel in REL_KINDS.values():
        for start, end in rel.pairs:
            assert start in known and end in known, rel.type


def test_schema_has_one_uniqueness_constraint_per_node_kind() -> None:
    statements = schema_statements()
    for label in [*NODE_KINDS, ORGANISATION_LABEL, ENTITY_LABEL]:
        assert sum(f"FOR (n:{label}) REQUIRE n.id IS UNIQUE" in s for s in statements) == 1, label
