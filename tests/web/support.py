"""What the browser tests share: the served site's address and keys, and how to open a page of the UI."""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # selenium is imported where a test runs, so a machine without it can skip them
    from selenium.webdriver.remote.webdriver import WebDriver


@dataclass(frozen=True)
class Site:
    url: str
    planner: str
    leader: str
    """A chain_leader key bound to the mini chain c1 only."""


READY_SECONDS = 60
"""Generous: the machine is shared; this bounds a hang, it does not measure speed."""


def severe(driver: WebDriver) -> list[dict[str, Any]]:
    """The console's SEVERE entries since the last call (reading the log empties it)."""
    return [e for e in driver.get_log("browser") if e["level"] == "SEVERE"]


def open_page(driver: WebDriver, site: Site, key: str | None, page: str, lang: str = "zh") -> float:
    """Load the UI afresh with `key` in the tab's session storage at `#/page`; seconds until the page is drawn."""
    driver.get(site.url + "health")  # same origin, so the UI's session storage can be set before it starts
    driver.execute_script(
        "sessionStorage.clear(); if (arguments[0]) sessionStorage.setItem('sg-api-key', arguments[0]);"
        "sessionStorage.setItem('sg-lang', arguments[1]);", key, lang,
    )
    severe(driver)
    start = time.monotonic()
    driver.get(f"{site.url}#/{page}")
    if key:
        wait_ready(driver, page.split("/")[0])
    return time.monotonic() - start


def wait_ready(driver: WebDriver, page: str) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    WebDriverWait(driver, READY_SECONDS).until(
        lambda d: d.find_elements(By.CSS_SELECTOR, f'section.page[data-page="{page}"][data-ready]')
    )


def text(driver: WebDriver, css: str) -> str:
    from selenium.webdriver.common.by import By

    return str(driver.find_element(By.CSS_SELECTOR, css).text)


SCREENSHOTS = Path(os.environ.get("SKILLGRAPH_SCREENSHOTS", Path(__file__).parents[2] / "screenshots"))
"""Where the browser tests leave screenshots of the UI for a person to look at after a run (see the README)."""


def screenshot(driver: WebDriver, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    driver.save_screenshot(str(path))
    return path
