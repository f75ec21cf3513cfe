"""What every response carries and what every request passes first: security headers, local API docs, bookmarks
for causal reads across API processes, and a brake on guessing keys."""

import base64
import hashlib
import re
import threading
import time
from collections import deque
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from fastapi import FastAPI, Request
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse

from app.api.problems import problem_response
from store import reading_after

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
ASGIApp = Callable[[Scope, Callable[[], Awaitable[Message]], Callable[[Message], Awaitable[None]]], Awaitable[None]]

SWAGGER = "/static/vendor/swagger-ui"
SWAGGER_JS = f"{SWAGGER}/swagger-ui-bundle-5.35.0.js"
SWAGGER_CSS = f"{SWAGGER}/swagger-ui-5.35.0.css"

UI_POLICY = (
    "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; object-src 'none'; "
    "base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
"""The web UI and everything else: scripts only from this server (no inline script, no third party)."""

COMMON = [
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
]


class SecurityHeaders:
    """Security headers on every response; `Cache-Control: no-store` on API answers, which depend on the caller."""

    def __init__(self, app: ASGIApp, docs_policy: str) -> None:
        self.app = app
        self.docs_policy = docs_policy.encode()

    async def __call__(self, scope: Scope, receive: Callable[[], Awaitable[Message]],
                       send: Callable[[Message], Awaitable[None]]) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope["path"]
        policy = self.docs_policy if path == "/docs" else UI_POLICY.encode()
        extra = [*COMMON, (b"content-security-policy", policy)]
        if path.startswith("/api/"):
            extra.append((b"cache-control", b"no-store"))

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                names = {k.lower() for k, _ in message.get("headers", [])}
                message["headers"] = [*message.get("headers", []), *((k, v) for k, v in extra if k not in names)]
            await send(message)

        await self.app(scope, receive, with_headers)


BOOKMARK_HEADER = "X-SkillGraph-Bookmark"
MAX_BOOKMARKS = 16
MAX_BOOKMARK_CHARS = 256
_BOOKMARK = re.compile(r"[A-Za-z0-9:+/=_.-]+")


class ReadAfter:
    """Causal reads across API processes. Every API answer carries, in `X-SkillGraph-Bookmark`, the bookmarks of
    the data this process has written or read so far; a request that sends them back — to this replica or any
    other behind the same proxy — has its reads wait until the store holds that data (`store.reading_after`). A
    client that always sends the last header it got never reads older data than it has seen, its own uploads
    included. Comma-separated; a malformed header, or one beyond the limits, is refused (400 bad-bookmark)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Callable[[], Awaitable[Message]],
                       send: Callable[[Message], Awaitable[None]]) -> None:
        if scope["type"] != "http" or not scope["path"].startswith("/api/"):
            await self.app(scope, receive, send)
            return
        name = BOOKMARK_HEADER.lower().encode()
        given = [m.strip() for k, v in scope["headers"] if k == name for m in v.decode("latin-1").split(",")]
        marks = [m for m in given if m]
        refusal = _bookmark_refusal(marks)
        if refusal is not None:
            await problem_response(Request(scope), 400, "bad-bookmark", refusal)(scope, receive, send)
            return
        store = scope["app"].state.store

        async def with_marks(message: Message) -> None:
            if message["type"] == "http.response.start" and (now := store.write_marks()):
                message["headers"] = [*message.get("headers", []), (name, ",".join(now).encode())]
            await send(message)

        with reading_after(marks):
            await self.app(scope, receive, with_marks)


def _bookmark_refusal(marks: list[str]) -> str | None:
    if len(marks) > MAX_BOOKMARKS:
        return f"{BOOKMARK_HEADER} names {len(marks)} bookmarks; the limit is {MAX_BOOKMARKS}"
    for mark in marks:
        if len(mark) > MAX_BOOKMARK_CHARS:
            return f"a bookmark in {BOOKMARK_HEADER} has {len(mark)} characters; the limit is {MAX_BOOKMARK_CHARS}"
        if not _BOOKMARK.fullmatch(mark):
            return f"{BOOKMARK_HEADER} holds {mark[:40]!r}, which is not a bookmark (letters, digits and :+/=_.- only)"
    return None


def install(app: FastAPI, title: str) -> None:
    """Interactive docs at /docs from this server's own copy of Swagger UI, the bookmarks, the security headers."""
    page = get_swagger_ui_html(openapi_url="/openapi.json", title=title, swagger_js_url=SWAGGER_JS,
                               swagger_css_url=SWAGGER_CSS, swagger_favicon_url="/favicon.ico")
    html = bytes(page.body).decode()
    # Swagger UI starts from one inline script: allowed by its hash, nothing else inline.
    hashes = [base64.b64encode(hashlib.sha256(code.encode()).digest()).decode()
              for code in re.findall(r"<script>(.*?)</script>", html, flags=re.S)]
    docs_policy = UI_POLICY + "; script-src 'self' " + " ".join(f"'sha256-{h}'" for h in hashes)

    @app.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        return HTMLResponse(html)

    app.add_middleware(ReadAfter)
    app.add_middleware(SecurityHeaders, docs_policy=docs_policy)


MAX_ADDRESSES = 10_000
"""Addresses tracked before those without a recent failure are forgotten."""


class Throttle:
    """Failed authentications per client address: past `most` in `window` seconds, that address is refused
    (429) until its oldest failure leaves the window."""

    def __init__(self, most: int, window: float) -> None:
        self.most = most
        self.window = window
        self._failures: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def retry_after(self, address: str) -> int:
        """Seconds until `address` may try again; 0 if it may now."""
        now = time.monotonic()
        with self._lock:
            failures = self._failures.get(address)
            if failures is None:
                return 0
            while failures and failures[0] <= now - self.window:
                failures.popleft()
            if not failures:
                del self._failures[address]
                return 0
            if len(failures) < self.most:
                return 0
            return max(1, int(failures[0] + self.window - now + 0.999))

    def failed(self, address: str) -> None:
        now = time.monotonic()
        with self._lock:
            if len(self._failures) >= MAX_ADDRESSES:  # forget addresses whose failures have all aged out
                for old in [a for a, f in self._failures.items() if not f or f[-1] <= now - self.window]:
                    del self._failures[old]
            self._failures.setdefault(address, deque()).append(now)
