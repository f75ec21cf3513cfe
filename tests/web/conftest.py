"""The app served for real (uvicorn in a thread) and a headless Chromium from Debian driven by Selenium."""

import shutil
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import uvicorn
from fastapi import FastAPI

from app.api import create_app
from app.api.auth import KeyStore
from graph_model.relationships import Demands, Employs, Reports
from ingest.reference import reference_graph
from store import MemoryStore
from tests.conftest import free_port
from tests.fixtures import load, load_mini_chain
from tests.neo4j_required import skip_or_fail
from tests.web import big_chain
from tests.web.support import Site

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"


def _find(path: str) -> str | None:
    return path if Path(path).exists() else shutil.which(Path(path).name)


@contextmanager
def _serve(app: FastAPI) -> Iterator[str]:
    """Serve `app` with uvicorn in a thread on a free port; yields its base URL."""
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="on"))
    thread = threading.Thread(target=server.run, name="ui-test-server", daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError(f"the test server did not start on port {port}")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}/"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


HISTORY = [
    Demands(start="e2", end="6-22-02-01", headcount=n, skill_level=level, year=year)
    for level, values in (("senior_worker", (6, 7, 8, 9, 10, 11)), ("technician", (3, 3, 3, 3, 3, 3)))
    for year, n in zip(range(2019, 2025), values, strict=True)
]
"""e2's demand for 汽车装调工 before 2025: 9, 10, …, 14 a year, then the mini chain's 15 in 2025 (a linear trend)."""


MEASURES = [
    Employs(start="e1", end="intermediate_worker", workers=150, year=2025),
    Employs(start="e1", end="senior_worker", workers=50, year=2025),
    Reports(start="e1", end="education_fund_used", year=2025, value=1_000_000),
    Reports(start="e1", end="education_fund_frontline", year=2025, value=500_000),
]
"""e1's 2025 workforce (a high-skill share of 25 %) and education fund (50 % to the front line: below the 60 % goal)."""


def _app(tmp: Path) -> tuple[FastAPI, str, str]:
    """The app over the mini chain plus a chain of 1,200 members; with a planner and a chain-leader (c1) key."""
    store = MemoryStore()
    load_mini_chain(store)
    load(store, big_chain.NODES, big_chain.RELATIONSHIPS)
    load(store, [], HISTORY)
    reference = reference_graph().nodes
    load(store, [*reference["SkillLevel"], *reference["Metric"]], MEASURES)
    keys = KeyStore(tmp / "keys.db")
    planner, _ = keys.create("planner", "planner")
    leader, _ = keys.create("leader of c1", "chain_leader", ["c1"])
    app = create_app(store=store, keys=keys)
    return app, planner, leader


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    app, planner, leader = _app(tmp_path_factory.mktemp("web"))
    with _serve(app) as url:
        yield Site(url, planner, leader)


@pytest.fixture(scope="session")
def chromium() -> Iterator[Any]:
    """Headless Chromium from Debian's packages (never a downloaded browser); skipped without it, failed in CI."""
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
    except ImportError:
        skip_or_fail("selenium is not installed (pip install -e '.[test]')", needs="Selenium and Chromium")
    browser, chromedriver = _find(CHROMIUM), _find(CHROMEDRIVER)
    if browser is None or chromedriver is None:
        skip_or_fail("chromium or chromedriver is missing (apt-get install chromium chromium-driver)", needs="Chromium")
    options = webdriver.ChromeOptions()
    options.binary_location = browser
    for arg in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=1400,1000", "--lang=zh-CN"):
        options.add_argument(arg)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    # An explicit driver path: Selenium Manager never looks for, or downloads, a browser or driver.
    driver = webdriver.Chrome(service=Service(executable_path=chromedriver), options=options)
    driver.set_page_load_timeout(60)
    driver.set_script_timeout(60)
    yield driver
    driver.quit()
