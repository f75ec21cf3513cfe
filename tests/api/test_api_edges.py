"""The API's edges: security headers, docs served locally, no redirect from the Host header, keys that
expire and a file only its owner reads, and a brake on guessing keys."""

import os
import re
import stat
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from app.api import create_app
from app.api.auth import KeyAdminError, KeyStore
from app.settings import Settings
from store import MemoryStore
from tests.api.conftest import Keys, auth


@pytest.mark.parametrize("path", ["/", "/docs", "/api/v1/me", "/api/v1/chains", "/health", "/static/app.css"])
def test_every_response_carries_the_security_headers(client: TestClient, keys: Keys, path: str) -> None:
    r = client.get(path, headers=auth(keys.planner))
    assert r.status_code == 200
    assert r.headers["x-content-type-options"] == "nosniff"
    assert r.headers["x-frame-options"] == "DENY"
    policy = r.headers["content-security-policy"]
    assert "frame-ancestors 'none'" in policy and "default-src 'self'" in policy
    assert "unsafe-inline" not in policy.split("script-src")[-1] or "script-src" not in policy
    if path.startswith("/api/"):
        assert r.headers["cache-control"] == "no-store"  # answers depend on the caller


def test_the_api_docs_use_no_third_party_assets(client: TestClient) -> None:
    page = client.get("/docs").text
    sources = re.findall(r'(?:src|href)="([^"]+)"', page)
    assert sources and all(s.startswith("/") for s in sources), sources
    for source in sources:
        assert client.get(source).status_code == 200, source
    assert client.get("/redoc").status_code == 404


def test_no_redirect_is_built_from_the_host_header(client: TestClient, keys: Keys) -> None:
    r = client.get("/api/v1/chains/", headers={**auth(keys.planner), "Host": "evil.example"}, follow_redirects=False)
    assert r.status_code == 404 and "location" not in r.headers
    assert "evil.example" not in r.text


def test_the_key_file_is_readable_by_its_owner_only_and_keys_can_expire(tmp_path: Path) -> None:
    keys = KeyStore(tmp_path / "keys.db")
    assert stat.S_IMODE(os.stat(tmp_path / "keys.db").st_mode) == 0o600
    key, info = keys.create("for a month", "analyst", expires_at=datetime.now(UTC) + timedelta(days=30))
    assert info.expires_at and keys.authenticate(key) is not None
    with pytest.raises(KeyAdminError, match="not in the future"):
        keys.create("already over", "analyst", expires_at=datetime.now(UTC) - timedelta(seconds=1))
    short, _ = keys.create("a second", "analyst", expires_at=datetime.now(UTC) + timedelta(seconds=1))
    assert keys.authenticate(short) is not None
    # the expiry is read on every request, like a revocation
    with keys._db() as db:
        db.execute("UPDATE api_keys SET expires_at = ? WHERE name = 'a second'",
                   ((datetime.now(UTC) - timedelta(seconds=1)).isoformat(timespec="seconds"),))
    assert keys.authenticate(short) is None


def test_failed_authentications_from_one_address_are_throttled_with_retry_after(tmp_path: Path) -> None:
    keys = KeyStore(tmp_path / "keys.db")
    good, _ = keys.create("planning", "planner")
    settings = Settings(store="memory://", auth_failures=3, auth_window=60)
    with TestClient(create_app(settings, store=MemoryStore(), keys=keys)) as client:
        for _ in range(3):
            assert client.get("/api/v1/me", headers=auth("sg_000000000000_wrong")).status_code == 401
        refused = client.get("/api/v1/me", headers=auth("sg_000000000000_wrong"))
        assert refused.status_code == 429 and int(refused.headers["retry-after"]) >= 1
        assert "3 failed authentications" in refused.json()["detail"]
        # the brake is on the address, whatever key it sends next
        assert client.get("/api/v1/me", headers=auth(good)).status_code == 429
        # no key at all is not a guess, and /health needs none
        assert client.get("/health").status_code == 200
