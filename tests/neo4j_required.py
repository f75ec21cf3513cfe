"""The rule for tests that need a real Neo4j (or another real dependency, such as Chromium):
skip on a developer's machine without one, fail in CI."""

import os
from typing import NoReturn

import pytest


def in_ci() -> bool:
    """CI sets CI=true; there every Neo4j test must run."""
    return os.environ.get("CI", "").lower() == "true"


def skip_or_fail(reason: str, needs: str = "a real Neo4j") -> NoReturn:
    """Skip the test for `reason`, or fail it when running in CI, where `needs` must be there."""
    if in_ci():
        pytest.fail(f"CI=true needs {needs}, but {reason}", pytrace=False)
    pytest.skip(reason)
