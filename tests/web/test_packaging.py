"""`pip install .` (not editable) must carry every file the UI serves."""

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_every_static_file_is_package_data() -> None:
    patterns = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["package-data"]["app.web"]
    web = ROOT / "app" / "web"
    packaged = {p for pattern in patterns for p in web.glob(pattern) if p.is_file()}
    served = {p for p in (web / "static").rglob("*") if p.is_file()}
    assert served, "no static files found"
    assert sorted(str(p.relative_to(web)) for p in served - packaged) == []
