"""Every occupation an answer names carries its English name, the one its node has (`name_en`): the English UI and
exports read it (before: deserts, the national comparison, station recommendations, partner candidates and chain
coverage named occupations in Chinese only)."""


import pytest

from analyses.coverage import chain_coverage
from analyses.deserts import evaluation_deserts
from analyses.measures import measure_breakdown
from analyses.national import national_comparison
from analyses.partners import recommend_partners
from analyses.stations import recommend_stations
from ingest.generate import generate
from ingest.job import run_ingest
from store import MemoryStore


@pytest.fixture(scope="module")
def city(tmp_path_factory: pytest.TempPathFactory) -> MemoryStore:
    folder = tmp_path_factory.mktemp("english") / "data"
    generate("small", 3, folder)
    store = MemoryStore()
    assert run_ingest([folder], store, progress=False).ok
    return store


def _named(store: MemoryStore, occupations: list[tuple[str, str | None]]) -> int:
    """How many of (occupation id, name_en) pairs carry an English name; each is its node's."""
    assert occupations
    for occupation_id, name_en in occupations:
        node = store.get_node(occupation_id)
        assert node is not None and name_en == node.properties.get("name_en"), occupation_id
    return sum(1 for _, name in occupations if name)


def test_every_answer_names_occupations_in_english_as_their_nodes_do(city: MemoryStore) -> None:
    deserts = evaluation_deserts(city, "city", limit=1000).items
    compared = national_comparison(city)
    stations = recommend_stations(city, k=3).items
    chain = chain_coverage(city, "chain-0001")
    partners = recommend_partners(city, "chain-0001").items
    found = {
        "deserts": _named(city, [(d.occupation_id, d.name_en) for d in deserts]),
        "national comparison": _named(city, [(o.occupation_id, o.name_en)
                                             for o in [*compared.both, *compared.local_only, *compared.national_only]]),
        "stations": _named(city, [(o.occupation_id, o.name_en) for s in stations for o in s.occupations]),
        "chain coverage": _named(city, [(d.occupation_id, d.name_en) for d in chain.demand]),
        "partners": _named(city, [(o.occupation_id, o.name_en) for c in partners for o in c.occupations]),
    }
    assert all(found.values()), found  # each answer names some in English (the classification names ~400)
    assert all(s.district_name_en for s in stations)


def test_a_measures_breakdown_names_each_district_cluster_and_chain_in_english(city: MemoryStore) -> None:
    for by in ("district", "cluster", "chain"):
        rows = measure_breakdown(city, "high_skill_share", by).items  # type: ignore[arg-type]
        assert rows
        for row in rows:
            node = city.get_node(row.id)
            assert node is not None and row.name_en == node.properties.get("name_en") and row.name_en, (by, row.id)


def test_the_maps_areas_of_yi_qu_liang_qun_have_english_names() -> None:
    from graph_model.reference import AREA_NAMES, district_shapes

    areas = district_shapes()["areas"]["features"]
    assert areas and all(f["properties"]["name_en"] == AREA_NAMES[f["properties"]["id"]][1] for f in areas)
