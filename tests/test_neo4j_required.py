"""Without a Neo4j, its tests skip on a developer's machine but fail in CI."""

import pytest

from tests.neo4j_required import skip_or_fail


def test_missing_neo4j_fails_the_test_in_ci(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="CI=true needs a real Neo4j, but it is down"):
        skip_or_fail("it is down")


def test_missing_neo4j_skips_the_test_outside_ci(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="it is down"):
        skip_or_fail("it is down")


def test_the_rule_names_what_else_a_test_needs(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="CI=true needs Chromium, but /usr/bin/chromium is missing"):
        skip_or_fail("/usr/bin/chromium is missing", needs="Chromium")
