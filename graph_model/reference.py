"""The fixed reference facts shipped with the package: districts, clusters, occupations, skill levels."""

import csv
import difflib
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib import resources
from typing import Any


def _read_text(name: str) -> str:
    return resources.files("graph_model").joinpath("reference_data", name).read_text(encoding="utf-8")


def _read_json(name: str) -> Any:
    return json.loads(_read_text(name))


@dataclass(frozen=True)
class OccupationRef:
    code: str
    level: int
    name_zh: str
    parent_code: str | None


_MERGED = re.compile(r"^abolished_(\d{4})_(\d{2})_(\d{2})_merged_into_(\w+?)(?:_district)?$")
"""A district's `status` in `districts.json` when it was abolished and merged into another area."""


@dataclass(frozen=True)
class Merger:
    """An abolished district and the area that took it over."""

    old_id: str
    old_name_zh: str
    old_code: str | None
    new_id: str
    new_name_zh: str
    on: date


@cache
def _all_districts() -> list[dict[str, Any]]:
    data = _read_json("districts.json")
    zones = [{**z, "type": "special_zone", "code": None, "is_county_12": False} for z in data["special_zones"]]
    return list(data["districts"]) + zones


@cache
def district_mergers() -> dict[str, Merger]:
    """The abolished districts by id, each with its successor (from each district's `status`)."""
    by_id = {d["id"]: d for d in _all_districts()}
    found: dict[str, Merger] = {}
    for d in by_id.values():
        match = _MERGED.match(d.get("status") or "")
        if match is None:
            continue
        year, month, day, successor = match.groups()
        if successor not in by_id:
            raise ValueError(f"districts.json: {d['id']} is merged into {successor!r}, which is not in the file")
        found[d["id"]] = Merger(d["id"], d["name_zh"], d.get("code"), successor, by_id[successor]["name_zh"],
                                date(int(year), int(month), int(day)))
    return found


@cache
def districts() -> list[dict[str, Any]]:
    """The districts and counties that exist today plus the 3 special zones, as in `districts.json` (36 + 3:
    江北区 and 渝北区 were merged into 两江新区 in November 2025). An area that took over abolished districts
    lists their ids and codes under `former_ids` and `former_codes`."""
    mergers = district_mergers()
    live = []
    for d in _all_districts():
        if d["id"] in mergers:
            continue
        taken = sorted(m.old_id for m in mergers.values() if m.new_id == d["id"])
        if taken:
            d = {**d, "former_ids": taken,
                 "former_codes": [c for m in sorted(mergers.values(), key=lambda m: m.old_id)
                                  if m.new_id == d["id"] and (c := m.old_code)]}
        live.append(d)
    return live


@cache
def district_lookup() -> dict[str, str]:
    """Every accepted spelling of a district (id, GB code, Chinese or English name) → its id; the spellings of
    an abolished district → the id of the area that took it over."""
    mergers = district_mergers()
    lookup: dict[str, str] = {}
    for spelling, district_id in _spellings(_all_districts()):
        lookup.setdefault(spelling, mergers[district_id].new_id if district_id in mergers else district_id)
    return lookup


def _spellings(records: list[dict[str, Any]]) -> Iterator[tuple[str, str]]:
    """(spelling, district id) pairs, exact ones (id, code, names) before the short ones users also write."""
    for d in records:
        for key in (d["id"], d.get("code"), d["name_zh"], d["name_en"]):
            if key:
                yield str(key).strip().lower(), d["id"]
    for d in records:
        # Users often drop the 区/县 suffix or write "Wanzhou".
        short_zh = d["name_zh"].removesuffix("自治县").removesuffix("区").removesuffix("县")
        if len(short_zh) >= 2:
            yield short_zh.lower(), d["id"]
        yield d["name_en"].split(" ")[0].lower(), d["id"]


def merged_district(value: Any) -> Merger | None:
    """The merger behind a spelling of an abolished district (None for any other value)."""
    return _merged_spellings().get(str(value).strip().lower())


@cache
def _merged_spellings() -> dict[str, Merger]:
    mergers = district_mergers()
    return {spelling: mergers[target] for spelling, target in _spellings(_all_districts()) if target in mergers}


def resolve_district(value: str) -> str:
    """The district id for an id, code or name (an abolished district's: its successor's); ValueError naming
    what was expected."""
    found = district_lookup().get(str(value).strip().lower())
    if found is None:
        raise ValueError(
            f"unknown district {value!r}: expected a Chongqing district id (e.g. 'wanzhou'), "
            "GB/T 2260 code (500101…500243) or name (e.g. 万州区)"
        )
    return found


@cache
def clusters() -> list[dict[str, Any]]:
    """The 30 clusters of the "33618" system, as in `clusters.json`."""
    return list(_read_json("clusters.json"))


@cache
def cluster_ids() -> frozenset[str]:
    return frozenset(c["id"] for c in clusters())


@cache
def skill_levels() -> list[dict[str, Any]]:
    """The eight-level ladder (新八级工), rank 1 (学徒工) to 8 (首席技师)."""
    return sorted(_read_json("skill_levels.json"), key=lambda s: s["rank"])


@cache
def skill_level_lookup() -> dict[str, str]:
    """Every accepted spelling of a skill level (id, rank, Chinese name, certificate level, the known variant
    spellings of `SPELLING_VARIANTS`) → its id."""
    lookup: dict[str, str] = {}
    for s in skill_levels():
        for key in (s["id"], str(s["rank"]), s["name_zh"], s["name_en"], s.get("national_cert_level")):
            if key:
                lookup[str(key).strip().lower()] = s["id"]
    for variant, standard in SPELLING_VARIANTS.items():
        if standard.lower() in lookup:
            lookup.setdefault(variant.lower(), lookup[standard.lower()])
    return lookup


SPELLING_VARIANTS: dict[str, str] = {"特技技师": "特级技师"}
"""Spellings found in policy texts → the reference data's spelling: the 13 measures write 特技技师 for the
eighth rung, 特级技师. Accepted, with a warning that names the standard spelling."""


def resolve_skill_level(value: object) -> str:
    """The skill level id for an id, rank 1–8, Chinese name or certificate level; ValueError otherwise."""
    found = skill_level_lookup().get(str(value).strip().lower())
    if found is None:
        ids = ", ".join(s["id"] for s in skill_levels())
        raise ValueError(f"skill level {value!r} is not on the eight-level ladder ({ids}, or rank 1–8)")
    return found


@cache
def skill_level_rank() -> dict[str, int]:
    return {s["id"]: int(s["rank"]) for s in skill_levels()}


@cache
def occupations() -> dict[str, OccupationRef]:
    """The 2022 classification: 8 major, 79 middle, 450 minor groups and 1,639 occupations by code."""
    rows = csv.DictReader(_read_text("occupations_2022.csv").splitlines())
    return {
        r["code"]: OccupationRef(r["code"], int(r["level"]), r["name_zh"], r["parent_code"] or None)
        for r in rows
    }


@cache
def occupation_names() -> dict[str, list[str]]:
    """Each Chinese name of the 2022 classification → the codes that bear it (a group and its one occupation
    may share a name)."""
    names: dict[str, list[str]] = {}
    for ref in occupations().values():
        names.setdefault(ref.name_zh, []).append(ref.code)
    return names


def resolve_occupation(value: str, *, leaf: bool = True) -> str:
    """The code of an occupation of the 2022 classification given by code or by its Chinese name (a level-4
    occupation when `leaf`); ValueError naming the candidates when a name is ambiguous or unknown."""
    text = str(value).strip()
    ref = occupations().get(text)
    if ref is None:
        codes = occupation_names().get(text, [])
        if leaf:
            codes = [c for c in codes if occupations()[c].level == 4] or codes
        if len(codes) > 1:
            listed = ", ".join(f"{c} (level {occupations()[c].level})" for c in codes)
            raise ValueError(f"occupation name {text!r} names {len(codes)} entries of the 2022 classification: "
                             f"{listed}; give the code")
        if not codes:
            raise ValueError(f"occupation {text!r} is not in the 2022 classification, as a code or as a name "
                             f"(expected a code like '6-22-02-01' or a name like '焊工'){_did_you_mean(text)}")
        ref = occupations()[codes[0]]
    if leaf and ref.level != 4:
        raise ValueError(f"{text!r} is a level-{ref.level} group, expected a level-4 occupation")
    return ref.code


def _did_you_mean(text: str) -> str:
    close = difflib.get_close_matches(text, [r.name_zh for r in occupations().values() if r.level == 4], n=3,
                                      cutoff=0.6)
    if not close:
        return ""
    return "; did you mean " + ", ".join(f"{name} ({occupation_names()[name][-1]})" for name in close) + "?"


_CLUSTER_SUFFIXES = ("产业集群", "集群", "产业")


@cache
def cluster_lookup() -> dict[str, str]:
    """Every accepted spelling of a cluster (id, Chinese or English name, case-insensitive) → its id."""
    lookup: dict[str, str] = {}
    for c in clusters():
        for key in (c["id"], c["name_zh"], c.get("name_en")):
            if key:
                lookup[str(key).strip().lower()] = c["id"]
    return lookup


def resolve_cluster(value: object) -> str:
    """The cluster id for an id or a Chinese or English name (with or without 产业集群 / 集群 / 产业)."""
    text = str(value).strip().lower()
    found = cluster_lookup().get(text)
    for suffix in _CLUSTER_SUFFIXES:
        if found is None and text.endswith(suffix):
            found = cluster_lookup().get(text.removesuffix(suffix))
    if found is None:
        raise ValueError(f"unknown cluster {value!r}: expected one of the 30 clusters of the 33618 system, by id "
                         "(e.g. 'intelligent_connected_nev') or name (e.g. 智能网联新能源汽车)")
    return found


@cache
def metrics() -> list[dict[str, Any]]:
    """The figures organisations report for the 13 measures (`metrics.json`): training delivered, honours,
    competition awards, international cooperation, the staff education fund — id, names, group, measure, unit."""
    return list(_read_json("metrics.json"))


@cache
def metric_lookup() -> dict[str, str]:
    """Every accepted spelling of a metric (id, Chinese or English name, case-insensitive) → its id."""
    return {str(key).strip().lower(): m["id"] for m in metrics() for key in (m["id"], m["name_zh"], m["name_en"])}


def resolve_metric(value: object) -> str:
    """The metric id for an id or a Chinese or English name; ValueError naming the accepted ones otherwise."""
    found = metric_lookup().get(str(value).strip().lower())
    if found is None:
        raise ValueError(f"unknown metric {value!r}: expected one of {', '.join(m['id'] for m in metrics())} "
                         "(or its Chinese name, e.g. 巴渝大工匠)")
    return found


@cache
def occupation_focus() -> dict[str, dict[str, Any]]:
    """The 95 focus occupations by code, with clusters, priority fields and digital/green flags."""
    return {o["code"]: o for o in _read_json("occupations_focus.json")["occupations"]}


@cache
def occupation_category_marks() -> dict[str, Any]:
    return dict(_read_json("occupations_focus.json")["categories"])


@dataclass(frozen=True)
class SectorOccupation:
    """One row of the curated table of what a cluster's (or priority field's) firms employ."""

    sector: str
    """A cluster id or a priority field's value."""
    code: str
    weight: int
    """Of 100 per sector: the share of the sector's skilled-worker demand on this occupation."""
    confidence: str
    source: str


@cache
def sector_occupations() -> dict[str, tuple[SectorOccupation, ...]]:
    """The curated typical occupations of each of the 30 clusters and 5 priority fields, heaviest first
    (`sector_occupations.csv`; its README says how it was made)."""
    found: dict[str, list[SectorOccupation]] = {}
    for r in csv.DictReader(_read_text("sector_occupations.csv").splitlines()):
        found.setdefault(r["sector"], []).append(
            SectorOccupation(r["sector"], r["occupation_code"], int(r["weight"]), r["confidence"], r["source"])
        )
    return {k: tuple(sorted(v, key=lambda s: -s.weight)) for k, v in found.items()}


@cache
def occupation_sectors() -> dict[str, tuple[str, ...]]:
    """Each occupation → the clusters and priority fields whose curated table lists it."""
    found: dict[str, list[str]] = {}
    for sector, rows in sector_occupations().items():
        for row in rows:
            found.setdefault(row.code, []).append(sector)
    return {code: tuple(sectors) for code, sectors in found.items()}


@dataclass(frozen=True)
class CatalogueMajor:
    """A major of a national catalogue: the vocational catalogue of 2021, the undergraduate one, or the
    technical schools' one (whose codes we have not found: `code` is "" there)."""

    catalogue: str
    code: str
    name_zh: str
    education_level: str
    confidence: str
    source: str
    occupations: tuple[str, ...]
    """The 2022 occupations it prepares for (`major_occupations.csv`)."""


@cache
def major_catalogue() -> dict[tuple[str, str], CatalogueMajor]:
    """The curated majors by (education level, Chinese name), with the occupations each prepares for."""
    prepares: dict[tuple[str, str], list[str]] = {}
    for r in csv.DictReader(_read_text("major_occupations.csv").splitlines()):
        prepares.setdefault((r["education_level"], r["major_name_zh"]), []).append(r["occupation_code"])
    return {
        (r["education_level"], r["name_zh"]): CatalogueMajor(
            r["catalogue"], r["major_code"], r["name_zh"], r["education_level"], r["confidence"], r["source"],
            tuple(prepares.get((r["education_level"], r["name_zh"]), ())),
        )
        for r in csv.DictReader(_read_text("major_catalogue.csv").splitlines())
    }


@cache
def occupation_names_en() -> dict[str, str]:
    """English names of the occupations the curated tables use and the focus list lacks (our translation:
    `occupation_names_en.csv`)."""
    return {r["code"]: r["name_en"] for r in csv.DictReader(_read_text("occupation_names_en.csv").splitlines())}


@cache
def occupation_english_names() -> dict[str, str]:
    """Each occupation's English name where one is known: the focus list's, else our translation's
    (`occupation_names_en.csv`), else its category's (an Occupation node's `name_en`)."""
    focus = occupation_focus()
    names_en = occupation_names_en()
    categories = {c["code"]: c for c in occupation_category_marks()["categories"]}
    found = {}
    for code in occupations():
        name = focus.get(code, {}).get("name_en") or names_en.get(code) or categories.get(code, {}).get("name_en")
        if name:
            found[code] = name
    return found


AREA_NAMES: dict[str, tuple[str, str]] = {
    "main_city": ("主城都市区", "the main metropolitan area (一区)"),
    "central_urban": ("主城都市区·中心城区", "the central urban districts"),
    "main_city_new": ("主城都市区·主城新区", "the new districts of the main metropolitan area"),
    "yudongbei": ("渝东北三峡库区城镇群", "the Three Gorges reservoir towns of north-east Chongqing"),
    "yudongnan": ("渝东南武陵山区城镇群", "the Wuling mountain towns of south-east Chongqing"),
}
"""The areas of 一区两群 (and the two parts of the first) by id: (Chinese name, English name)."""


@cache
def district_shapes() -> dict[str, Any]:
    """The districts' boundaries and the areas of 一区两群 as GeoJSON (`districts`, `areas`: FeatureCollections,
    WGS84), each district's feature with its id, code, names and centre (see reference_data/README.md); the special
    zones (`special_zones`) as points with their parent districts: no published data set has their boundaries."""
    centres = {d["id"]: d for d in _all_districts()}
    shapes = _read_json("chongqing_districts.geojson")
    for feature in shapes["features"]:
        district = centres.get(feature["properties"]["id"], {})
        feature["properties"].update({key: district.get(key) for key in ("name_en", "lat", "lng", "region")})
    zones = [{key: z.get(key) for key in ("id", "name_zh", "name_en", "lat", "lng", "parent_district_ids")}
             for z in _read_json("districts.json")["special_zones"]]
    areas = _read_json("chongqing_areas.geojson")
    for feature in areas["features"]:
        feature["properties"]["name_en"] = AREA_NAMES.get(feature["properties"]["id"], (None, None))[1]
    return {"districts": shapes, "areas": areas, "special_zones": zones}
